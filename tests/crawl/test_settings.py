import pytest

from pipeline.cli import build_parser
from pipeline.crawl.settings import CrawlSettings, default_user_agent


def settings(*argv):
    return CrawlSettings.from_args(build_parser().parse_args(["ingest", "http://x.vn/", *argv]))


def test_defaults_are_polite():
    s = settings()
    assert s.rate == 1.0 and s.min_interval == 1.0
    assert s.retries == 3 and s.max_redirects == 5
    assert s.max_bytes == s.max_compressed_bytes == 20 * 1024 * 1024
    assert not s.follow and s.max_pages == 1000 and s.since is None


def test_user_agent_identifies_the_tool_and_a_contact():
    s = settings("--contact", "analyst@example.org")
    assert s.user_agent.startswith("pipeline-crawler/")
    assert "+analyst@example.org" in s.user_agent
    assert s.robots_token == "pipeline-crawler"
    assert "--contact" in default_user_agent(None)
    assert settings("--user-agent", "MyBot/2 (+https://x.org)").robots_token == "MyBot"


def test_crawl_options():
    s = settings(
        "--crawl",
        "--max-pages",
        "7",
        "--since",
        "2025-10-01",
        "--allow-host",
        "WWW.Vietnam.vn",
        "--rate",
        "2.5",
        "--timeout",
        "4",
        "--max-bytes",
        "1000",
        "--retries",
        "0",
        "--max-time",
        "9",
    )
    assert s.follow and s.max_pages == 7 and s.since.isoformat() == "2025-10-01"
    assert s.allow_hosts == ("www.vietnam.vn",)
    assert s.min_interval == 0.4
    assert s.read_timeout == 4 and s.connect_timeout == 4 and s.max_time == 9
    assert s.max_bytes == s.max_compressed_bytes == 1000
    assert s.retries == 0


@pytest.mark.parametrize(
    "argv", [["--since", "14/10/2025"], ["--rate", "0"], ["--max-pages", "-1"], ["--rate", "x"]]
)
def test_bad_values_are_usage_errors(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(["ingest", "http://x.vn/", *argv])
    assert exit_.value.code == 2
