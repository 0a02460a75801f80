"""Retries: backoff, Retry-After, which failures are retried; and against the fixture server."""

from datetime import UTC, datetime

import pytest
from requests.structures import CaseInsensitiveDict

from pipeline.crawl.fetcher import (
    ConnectionFailed,
    FetchRequest,
    FetchResponse,
    TooLarge,
    build_fetch,
)
from pipeline.crawl.retry import RetryLayer, RetryPolicy, parse_retry_after
from pipeline.crawl.warc import iter_response_refs


def test_parse_retry_after():
    now = datetime(2015, 10, 21, 7, 28, 0, tzinfo=UTC)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now) == 30.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


class Script:
    """A fake transport answering with the given statuses or exceptions in turn."""

    def __init__(self, *steps):
        self.steps = list(steps)
        self.calls = 0

    def __call__(self, request):
        step = self.steps[min(self.calls, len(self.steps) - 1)]
        self.calls += 1
        if isinstance(step, Exception):
            raise step
        status, retry_after = step if isinstance(step, tuple) else (step, None)
        headers = CaseInsensitiveDict({"Retry-After": retry_after} if retry_after else {})
        return FetchResponse(url=request.url, status=status, headers=headers)


def fetch_with(script, **policy):
    sleeps = []
    layer = RetryLayer(RetryPolicy(**policy), sleep=sleeps.append)
    return build_fetch([layer], script), sleeps


def test_exponential_backoff_then_success():
    script = Script(503, 502, ConnectionFailed("reset"), 200)
    fetch, sleeps = fetch_with(script, retries=3, backoff=1.0)
    assert fetch(FetchRequest("http://x/")).status == 200
    assert sleeps == [1.0, 2.0, 4.0]


def test_gives_up_after_the_retries_with_the_last_answer():
    fetch, sleeps = fetch_with(Script(500), retries=2, backoff=0.5)
    assert fetch(FetchRequest("http://x/")).status == 500
    assert sleeps == [0.5, 1.0]
    fetch, _ = fetch_with(Script(ConnectionFailed("refused")), retries=1)
    with pytest.raises(ConnectionFailed, match="after 1 retries"):
        fetch(FetchRequest("http://x/"))


def test_retry_after_wins_when_longer_and_too_long_gives_up():
    fetch, sleeps = fetch_with(Script((429, "7"), 200), backoff=1.0)
    assert fetch(FetchRequest("http://x/")).status == 200
    assert sleeps == [7.0]
    script = Script((503, "86400"), 200)
    fetch, sleeps = fetch_with(script, max_retry_after=300)
    assert fetch(FetchRequest("http://x/")).status == 503
    assert sleeps == [] and script.calls == 1


def test_what_is_not_transient_is_not_retried():
    for step in (404, 403, TooLarge("big")):
        script = Script(step, 200)
        fetch, sleeps = fetch_with(script)
        if isinstance(step, TooLarge):
            with pytest.raises(TooLarge):
                fetch(FetchRequest("http://x/"))
        else:
            assert fetch(FetchRequest("http://x/")).status == step
        assert script.calls == 1 and sleeps == []


ARTICLE = (
    "<html><body><article><p>Hội nghị tổng kết năm của huyện Hòa An.</p></article></body></html>"
)


def test_503_then_200_gives_the_document(site, crawl, tmp_path):
    site.route("/a-1", body=ARTICLE, script=[503, 200])
    run = crawl(tmp_path / "out", site.url("/a-1"))
    assert run.code == 0, run.stderr
    (doc,) = run.documents
    assert doc["errors"] == [] and "Hòa An" in doc["text"]
    assert [s.status for s in site.seen("/a-1")] == [503, 200]
    # both attempts are in the archive
    refs = list(
        iter_response_refs(sorted((tmp_path / "out" / "warc").glob("*.warc.gz")), warn=print)
    )
    assert [r.status for r in refs if r.url.endswith("/a-1")] == [503, 200]


def test_429_waits_as_long_as_retry_after_says(site, crawl, tmp_path):
    site.route("/a-1", body=ARTICLE, script=[429, 200], retry_after="1")
    run = crawl(tmp_path / "out", site.url("/a-1"))
    assert run.code == 0, run.stderr
    first, second = site.seen("/a-1")
    assert second.time - first.time >= 1.0 - 0.015


def test_persistent_5xx_becomes_an_error_entry_and_the_crawl_goes_on(site, crawl, tmp_path):
    site.route("/list", body='<a href="/a-1-bad-page-x">1</a> <a href="/a-2-good-page-y">2</a>')
    site.route("/a-1-bad-page-x", body=ARTICLE, status=500)
    site.route("/a-2-good-page-y", body=ARTICLE)
    run = crawl(tmp_path / "out", site.url("/list"), "--retries", "1")
    assert run.code == 1
    bad, good = run.documents
    assert bad["errors"][0]["stage"] == "ingest"
    assert bad["errors"][0]["code"] == "http-500"
    assert bad["text"] == "" and bad["source"]["url"] == site.url("/a-1-bad-page-x")
    assert good["errors"] == []
    assert len(site.seen("/a-1-bad-page-x")) == 2
    assert "1 failed" in run.stderr
