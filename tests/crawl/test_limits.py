"""Caps: wire size, decompressed size (gzip bomb), whole-response time, cut-off bodies, timeouts."""

import gzip
import time
import zlib

import pytest

from pipeline.crawl.limits import BodyLimits, BodyTooLarge, decode_content
from pipeline.crawl.warc import iter_response_refs, read_response

LIMITS = BodyLimits(max_compressed_bytes=10_000, max_bytes=100_000, max_time=5)


def test_gzip_and_deflate_are_decoded():
    text = "Cao Bằng ".encode() * 100
    assert decode_content(gzip.compress(text), "gzip", LIMITS, "u") == text
    assert decode_content(zlib.compress(text), "deflate", LIMITS, "u") == text
    raw = zlib.compressobj(wbits=-15)
    assert decode_content(raw.compress(text) + raw.flush(), "deflate", LIMITS, "u") == text
    two_members = gzip.compress(b"a" * 10) + gzip.compress(b"b" * 10)
    assert decode_content(two_members, "gzip", LIMITS, "u") == b"a" * 10 + b"b" * 10
    assert decode_content(text, "identity", LIMITS, "u") == text


def test_a_decompression_bomb_stops_at_the_cap():
    bomb = gzip.compress(b"\0" * 50_000_000)
    assert len(bomb) < 100_000
    started = time.perf_counter()
    with pytest.raises(BodyTooLarge, match="inflates to more than 100000 bytes"):
        decode_content(bomb, "gzip", LIMITS, "u")
    assert time.perf_counter() - started < 1


def test_cut_off_or_corrupt_compressed_bodies_are_errors():
    with pytest.raises(ValueError, match="cut off"):
        decode_content(gzip.compress(b"x" * 1000)[:-20], "gzip", LIMITS, "u")
    with pytest.raises(ValueError, match="corrupt"):
        decode_content(b"not gzip at all", "gzip", LIMITS, "u")
    with pytest.raises(ValueError, match="unsupported"):
        decode_content(b"x", "br", LIMITS, "u")


def error_of(run):
    (doc,) = run.documents
    assert doc["text"] == ""
    return doc["errors"][0]


PAGE = "/tin/bai-viet-rat-dai-ve-nong-thon"


def test_huge_body_announced_is_refused_before_reading(site, crawl, tmp_path):
    site.route(PAGE, huge=50_000_000)
    started = time.perf_counter()
    run = crawl(tmp_path / "out", site.url(PAGE), "--max-bytes", "1000000")
    assert time.perf_counter() - started < 3
    error = error_of(run)
    assert error["code"] == "too-large" and "announces 50000000 bytes" in error["message"]


def test_huge_body_without_length_is_cut_at_the_cap(site, crawl, tmp_path):
    site.route(PAGE, huge=50_000_000, chunked=True)
    run = crawl(tmp_path / "out", site.url(PAGE), "--max-bytes", "1000000")
    error = error_of(run)
    assert error["code"] == "too-large" and "over the limit of 1000000" in error["message"]
    # what arrived is archived, marked truncated
    refs = [
        r
        for r in iter_response_refs((tmp_path / "out" / "warc").glob("*.gz"), warn=print)
        if r.url.endswith(PAGE)
    ]
    archived = read_response(refs[0], 2_000_000)
    assert archived.truncated == "length" and len(archived.wire_body) == 1_000_000


def test_gzip_bomb_from_the_server(site, crawl, tmp_path):
    site.route(PAGE, bomb=30_000_000)
    run = crawl(tmp_path / "out", site.url(PAGE), "--max-bytes", "1000000")
    error = error_of(run)
    assert error["code"] == "too-large" and "decompression bomb" in error["message"]


def test_truncated_body_is_retried_then_reported(site, crawl, tmp_path):
    site.route(
        PAGE, body="<article><p>" + "Nội dung bài viết. " * 200 + "</p></article>", truncate=500
    )
    run = crawl(tmp_path / "out", site.url(PAGE), "--retries", "1")
    error = error_of(run)
    assert error["code"] == "truncated" and "cut off" in error["message"]
    assert len(site.seen(PAGE)) == 2


def test_response_slower_than_the_timeout(site, crawl, tmp_path):
    site.route(PAGE, body="<article><p>Chậm.</p></article>", delay=1.5)
    started = time.perf_counter()
    run = crawl(tmp_path / "out", site.url(PAGE), "--timeout", "0.3", "--retries", "0")
    assert time.perf_counter() - started < 1.4
    error = error_of(run)
    assert error["code"] == "timeout"
    assert run.code == 1


def test_body_dripping_past_the_deadline(site, crawl, tmp_path):
    """One byte every 0.1 s never trips the read timeout; the whole-response cap stops it."""
    site.route(PAGE, body="<article><p>" + "x" * 200 + "</p></article>", drip=0.1)
    started = time.perf_counter()
    run = crawl(
        tmp_path / "out", site.url(PAGE), "--timeout", "1", "--max-time", "0.5", "--retries", "0"
    )
    assert time.perf_counter() - started < 2
    error = error_of(run)
    assert error["code"] == "timeout" and "--max-time" in error["message"]
