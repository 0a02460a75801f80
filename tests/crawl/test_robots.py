"""robots.txt: parsed with protego, fetched once per host, unreachable means nothing is fetched."""

from requests.structures import CaseInsensitiveDict

from pipeline.crawl.fetcher import ConnectionFailed, FetchRequest, FetchResponse, build_fetch
from pipeline.crawl.robots import (
    RobotsCache,
    RobotsDisallowed,
    RobotsLayer,
    RobotsUnreachable,
    rules_from_response,
)
from pipeline.crawl.throttle import HostThrottle

TOKEN = "pipeline-crawler"
ROBOTS = b"""User-agent: *
Disallow: /index.php/noi-bo/
Crawl-delay: 2

User-agent: pipeline-crawler
Disallow: /private/
Crawl-delay: 3
"""


def response(status, body=b""):
    return FetchResponse(
        url="http://x/robots.txt", status=status, body=body, headers=CaseInsensitiveDict()
    )


def test_rules_for_our_token():
    rules = rules_from_response(response(200, ROBOTS))
    assert not rules.allows("http://x/private/a", TOKEN)
    # our own group replaces the * group
    assert rules.allows("http://x/index.php/noi-bo/a-1.html", TOKEN)
    assert not rules.allows("http://x/index.php/noi-bo/a-1.html", "OtherBot")
    assert rules.delay(TOKEN) == 3.0


def test_unavailable_allows_all_and_unreachable_disallows_all():
    assert rules_from_response(response(404)).allows("http://x/a", TOKEN)
    assert rules_from_response(response(403)).allows("http://x/a", TOKEN)
    assert rules_from_response(response(503)).disallow_all
    assert rules_from_response(response(429)).disallow_all


def test_loaded_once_per_origin_and_crawl_delay_reaches_the_throttle():
    calls = []

    def fetch(request):
        calls.append(request.url)
        return response(200, ROBOTS)

    throttle = HostThrottle(0.1)
    cache = RobotsCache(fetch, TOKEN, throttle)
    layer = RobotsLayer(cache)
    page = build_fetch([layer], lambda r: FetchResponse(url=r.url, status=200))
    page(FetchRequest("http://x/a"))
    page(FetchRequest("http://x/b"))
    try:
        page(FetchRequest("http://x/private/c"))
        raise AssertionError("should be disallowed")
    except RobotsDisallowed:
        pass
    assert calls == ["http://x/robots.txt"]
    assert throttle.interval("http://x") == 3.0


def test_connection_failure_means_nothing_is_fetched():
    def fetch(request):
        raise ConnectionFailed("refused")

    page = build_fetch([RobotsLayer(RobotsCache(fetch, TOKEN))], lambda r: None)
    try:
        page(FetchRequest("http://x/a"))
        raise AssertionError("should be refused")
    except RobotsUnreachable as err:
        assert "robots.txt unreachable" in str(err)


def test_disallowed_pages_are_never_requested(web, crawl, tmp_path):
    run = crawl(tmp_path / "out", web.vi.url("/index.php/tin-trong-tinh"))
    assert run.code == 0, run.stderr
    assert not [s for s in web.vi.requests if s.path.startswith("/index.php/noi-bo/")]
    assert "1 skipped by robots.txt" in run.stderr
    assert "disallowed by robots.txt: " + web.vi.url("/index.php/noi-bo/") in run.stderr
    robots = web.vi.seen("/robots.txt")
    assert len(robots) == 1
    assert robots[0].headers["User-Agent"].startswith("pipeline-crawler/")
    assert "+crawl-tests@example.org" in robots[0].headers["User-Agent"]


def test_robots_txt_server_error_closes_the_site_for_the_run(site, crawl, tmp_path):
    site.route("/robots.txt", status=503)
    site.route("/tin/bai-viet-ve-nong-thon-moi", body="<article><p>Nội dung.</p></article>")
    run = crawl(tmp_path / "out", site.url("/tin/bai-viet-ve-nong-thon-moi"), "--retries", "1")
    assert run.code == 1
    (doc,) = run.documents
    assert doc["errors"][0]["code"] == "robots-unreachable"
    assert site.seen("/tin/bai-viet-ve-nong-thon-moi") == []
    assert "robots.txt answered HTTP 503" in run.stderr
