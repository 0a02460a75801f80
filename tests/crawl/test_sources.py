"""The sources file: validation with the line and key named, and one ingest run crawling
several sites, each within its own rate limit."""

from __future__ import annotations

import json
from datetime import date

import pytest

from pipeline.cli import main
from pipeline.crawl.sources import SourcesError, _host_groups, parse_sources

from .server import Site

GOOD = """\
# sites we follow
[[site]]
name = "tuyengiao-caobang"
start = ["https://tuyengiaocaobang.vn/index.php/tin-trong-tinh"]
since = 2025-10-01
max_pages = 500
rate = 1.0
profile = "joomla-tuyengiao"
province = "Cao Bằng"

[[site]]
name = "portal-pl"
start = "https://www.vietnam.vn/pl/"
since = "2025-09-01"
allow_hosts = ["vietnam.vn"]
enabled = false
"""


def test_a_good_file_gives_every_site_with_its_options():
    first, second = parse_sources(GOOD)
    assert (first.name, first.start, first.since, first.max_pages, first.rate) == (
        "tuyengiao-caobang", ("https://tuyengiaocaobang.vn/index.php/tin-trong-tinh",),
        date(2025, 10, 1), 500, 1.0)
    assert (first.profile, first.province, first.enabled, first.line) == (
        "joomla-tuyengiao", "Cao Bằng", True, 2)
    # a single start URL may be a string; since may be a string; line of the 2nd [[site]]: 11
    assert (second.start, second.since, second.allow_hosts, second.enabled, second.line) == (
        ("https://www.vietnam.vn/pl/",), date(2025, 9, 1), ("vietnam.vn",), False, 11)


@pytest.mark.parametrize(("replace", "by", "message"), [
    # line 6 is `max_pages = 500` of the first site
    ("max_pages = 500", "max_pages = 0", "sources.toml:6: [[site]] number 1: max_pages:"),
    ("rate = 1.0", "rate = -2", "sources.toml:7: [[site]] number 1: rate:"),
    # the second site's `since` is on line 14
    ('since = "2025-09-01"', 'since = "1/9/2025"', "sources.toml:14: [[site]] number 2: since:"),
    ("enabled = false", 'enabled = "no"', "sources.toml:16: [[site]] number 2: enabled:"),
    ("max_pages = 500", "max_page = 500", "sources.toml:6: [[site]] number 1: max_page: unknown"),
    ('start = "https://www.vietnam.vn/pl/"', 'start = ["www.vietnam.vn/pl/"]',
     "sources.toml:13: [[site]] number 2: start:"),
    ('name = "portal-pl"', 'name = "tuyengiao-caobang"',
     "sources.toml:12: name: 'tuyengiao-caobang' is already the name of the site at line 2"),
    ('name = "portal-pl"', 'name = "Portal PL"', "sources.toml:12: [[site]] number 2: name:"),
    # the URLs of the command line are a site of this name
    ('name = "portal-pl"', 'name = "command-line"',
     "sources.toml:12: [[site]] number 2: name: 'command-line' is the name"),
])
def test_a_bad_value_is_named_by_line_and_key(replace, by, message):
    assert replace in GOOD
    with pytest.raises(SourcesError) as caught:
        parse_sources(GOOD.replace(replace, by), "sources.toml")
    assert str(caught.value).startswith(message), str(caught.value)


def test_broken_toml_and_empty_files_are_refused():
    with pytest.raises(SourcesError, match="not valid TOML.*line 2"):
        parse_sources('[[site]]\nname = "a\nstart = []\n', "s.toml")
    with pytest.raises(SourcesError, match="no \\[\\[site\\]\\]"):
        parse_sources("# nothing yet\n", "s.toml")
    with pytest.raises(SourcesError, match="unknown key 'sites'"):
        parse_sources('[[sites]]\nname = "a"\n', "s.toml")


def test_sites_on_one_host_run_one_after_the_other(tmp_path):
    sites = parse_sources("""\
[[site]]
name = "a"
start = ["https://a.example/x"]
[[site]]
name = "b"
start = ["https://b.example/x"]
[[site]]
name = "a-rss"
start = ["https://a.example/rss", "https://c.example/"]
[[site]]
name = "c"
start = ["https://c.example/y"]
""")
    groups = [[s.name for s in group] for group in _host_groups(sites)]
    # a and a-rss share a.example; a-rss and c share c.example: one group of three
    assert sorted(groups) == [["a", "a-rss", "c"], ["b"]]


def test_cli_exits_2_naming_the_line(tmp_path, capsys):
    path = tmp_path / "sources.toml"
    path.write_text(GOOD.replace("rate = 1.0", "rate = 0"), "utf-8")
    assert main(["ingest", "--sources", str(path), "--out", str(tmp_path / "out")]) == 2
    assert f"{path}:7: [[site]] number 1: rate:" in capsys.readouterr().err


def test_three_sites_crawled_in_parallel_each_within_its_rate(tmp_path, profiles_dir):
    """Three copies of the Joomla fixture site on three ports (three hosts for the rate limit),
    each with its own rate. Each listing links three articles (2101, 2102, 2103); the
    noi-bo page is disallowed by robots.txt and print views are skipped by the profile."""
    servers = [Site(f"s{i}", "127.0.0.1", folder="joomla").start() for i in range(3)]
    rates = [4.0, 6.0, 8.0]
    try:
        lines = []
        for i, (server, rate) in enumerate(zip(servers, rates, strict=True)):
            lines += ["[[site]]", f'name = "site-{i}"',
                      f'start = ["{server.base}/index.php/tin-trong-tinh"]',
                      f"rate = {rate}", 'profile = "joomla-tuyengiao"',
                      f'province = "Cao Bằng {i}"', ""]
        sources = tmp_path / "sources.toml"
        sources.write_text("\n".join(lines), "utf-8")
        out = tmp_path / "out"
        code = main(["ingest", "--sources", str(sources), "--out", str(out), "--no-progress",
                     "--profiles", str(profiles_dir), "--contact", "tests@example.org",
                     "--retries", "0", "--rate", "50"])  # the sites' own rates win
        assert code == 0
        docs = [json.loads(line) for line in (out / "documents.jsonl").read_text().splitlines()]
        got = sorted((d["source"]["url"].split("/")[2], d["source"]["url"][-9:]) for d in docs)
        assert got == sorted((s.base[7:], f"{n}.html") for s in servers
                             for n in ("2101", "2102", "2103"))
        windows = []
        for server, rate in zip(servers, rates, strict=True):
            times = sorted(seen.time for seen in server.requests)
            # robots.txt, the listing and the three articles
            assert len(times) == 5
            gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
            assert min(gaps) >= 0.9 / rate, (rate, gaps)
            windows.append((times[0], times[-1]))
        # in parallel: every site started before any other finished
        assert max(w[0] for w in windows) < min(w[1] for w in windows)
        site_file = json.loads((out / "sites" / "site-1" / "site.json").read_text("utf-8"))
        assert site_file["province"] == "Cao Bằng 1"
        # each site's province reaches its documents, over the one its profile names
        provinces = sorted({(d["source"]["url"].split("/")[2], d["source"]["province"])
                            for d in docs})
        assert provinces == sorted((s.base[7:], f"Cao Bằng {i}") for i, s in enumerate(servers))
        run = json.loads((out / "runs.jsonl").read_text("utf-8").splitlines()[-1])
        assert run["stage"] == "ingest" and run["exit_code"] == 0
        assert run["sites"]["site-2"] == {"fetched": 4, "not_modified": 0, "new": 3,
                                          "updated": 0, "gone": 0, "failed": 0}
    finally:
        for server in servers:
            server.stop()


def test_urls_on_the_command_line_are_one_more_site(tmp_path, profiles_dir):
    """One site from the file (the Joomla fixture, read with the forced profile) and the same
    fixture on another port named on the command line (read by host, as profiles_dir points
    joomla-tuyengiao at 127.0.0.1): three articles each."""
    servers = [Site(f"s{i}", "127.0.0.1", folder="joomla").start() for i in range(2)]
    try:
        sources = tmp_path / "sources.toml"
        sources.write_text(f'[[site]]\nname = "from-file"\nstart = '
                           f'["{servers[0].base}/index.php/tin-trong-tinh"]\n'
                           '[[site]]\nname = "off"\nstart = ["http://127.0.0.1:9/"]\n'
                           'enabled = false\n', "utf-8")
        out = tmp_path / "out"
        code = main(["ingest", "--sources", str(sources),
                     f"{servers[1].base}/index.php/tin-trong-tinh", "--out", str(out),
                     "--no-progress", "--profiles", str(profiles_dir), "--contact",
                     "tests@example.org", "--rate", "50"])
        assert code == 0
        run = json.loads((out / "runs.jsonl").read_text("utf-8"))
        assert sorted(run["sites"]) == ["command-line", "from-file"]  # "off" is not crawled
        assert [run["sites"][name]["new"] for name in ("command-line", "from-file")] == [3, 3]
        docs = (out / "documents.jsonl").read_text("utf-8").splitlines()
        assert len(docs) == 6
        assert sorted(p.name for p in (out / "sites").iterdir()) == ["command-line", "from-file"]
    finally:
        for server in servers:
            server.stop()
