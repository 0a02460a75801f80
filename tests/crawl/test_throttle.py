"""Per-host rate limit: unit tests with a fake clock, and the rate the server actually saw."""

from pipeline.crawl.throttle import HostThrottle

TOLERANCE = 0.015  # seconds: scheduling and loopback jitter


class FakeClock:
    def __init__(self):
        self.now = 100.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


def test_requests_to_one_host_are_spaced_and_other_hosts_do_not_wait():
    clock = FakeClock()
    throttle = HostThrottle(0.5, clock=clock, sleep=clock.sleep)
    assert throttle.wait("http://a") == 0
    assert throttle.wait("http://b") == 0  # another host: no wait
    assert throttle.wait("http://a") == 0.5
    clock.now += 2  # idle for a while: no debt carried over
    assert throttle.wait("http://a") == 0
    assert clock.sleeps == [0.5]


def test_the_interval_counts_from_the_end_of_a_slow_response():
    clock = FakeClock()
    throttle = HostThrottle(0.5, clock=clock, sleep=clock.sleep)
    throttle.wait("http://a")
    clock.now += 0.3  # the response took 0.3 s
    throttle.done("http://a")
    assert throttle.wait("http://a") == 0.5


def test_crawl_delay_only_slows_down():
    clock = FakeClock()
    throttle = HostThrottle(0.5, clock=clock, sleep=clock.sleep)
    throttle.set_site_delay("http://a", 2.0)
    throttle.set_site_delay("http://b", 0.1)  # asks for faster than --rate: ignored
    assert throttle.interval("http://a") == 2.0
    assert throttle.interval("http://b") == 0.5
    throttle.wait("http://a")
    assert throttle.wait("http://a") == 2.0


def intervals(seen):
    times = [s.time for s in seen]
    return [b - a for a, b in zip(times, times[1:], strict=False)]


def test_the_server_never_sees_more_than_the_rate(web, crawl, tmp_path):
    """Two hosts crawled at --rate 10: each host's requests at least 0.1 s apart, as the
    servers measured them, and the hosts crawled at the same time, not one after the other."""
    run = crawl(
        tmp_path / "out",
        web.vi.url("/index.php/tin-trong-tinh"),
        web.pl.url("/pl/kategoria/cao-bang"),
        "--crawl",
        "--rate",
        "10",
        fast=False,
    )
    assert run.code == 0, run.stderr
    for site in (web.vi, web.pl):
        gaps = intervals(site.requests)
        assert len(gaps) >= 5
        assert min(gaps) >= 0.1 - TOLERANCE, gaps
    vi_times = [s.time for s in web.vi.requests]
    pl_times = [s.time for s in web.pl.requests]
    assert min(pl_times) < max(vi_times) and min(vi_times) < max(pl_times)


def test_robots_crawl_delay_is_honoured(site, crawl, tmp_path):
    site.route("/robots.txt", body="User-agent: *\nCrawl-delay: 0.3\n", content_type="text/plain")
    links = "".join(f'<a href="/tin/bai-so-{n}-nong-thon-moi">a</a>' for n in range(3))
    site.route("/list", body=links)
    for n in range(3):
        site.route(
            f"/tin/bai-so-{n}-nong-thon-moi",
            body=f"<html><body><article><p>Bài số {n} về nông thôn mới."
            "</p></article></body></html>",
        )
    run = crawl(tmp_path / "out", site.url("/list"), "--rate", "50")
    assert run.code == 0, run.stderr
    gaps = intervals(site.requests)
    assert len(gaps) == 4 and min(gaps) >= 0.3 - TOLERANCE, gaps
