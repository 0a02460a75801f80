"""The raw archive: readable WARC request/response pairs, and parsing again offline."""

import re

from warcio.archiveiterator import ArchiveIterator

LISTING = "/index.php/tin-trong-tinh"


def warcs(out):
    return sorted((out / "warc").glob("*.warc.gz"))


def test_every_exchange_is_a_request_and_response_pair(web, crawl, tmp_path):
    run = crawl(tmp_path / "out", web.vi.url(LISTING), web.pl.url("/pl/kategoria/cao-bang"))
    assert run.code == 0, run.stderr
    (path,) = warcs(tmp_path / "out")
    assert re.fullmatch(r"crawl-\d{8}T\d{6}Z-\d+-001\.warc\.gz", path.name)
    records = []
    with open(path, "rb") as handle:
        for record in ArchiveIterator(handle, check_digests=True):
            records.append(record)
            record.content_stream().read()
    kinds = [r.rec_type for r in records]
    assert kinds[0] == "warcinfo"
    responses = {
        r.rec_headers.get_header("WARC-Record-ID"): r for r in records if r.rec_type == "response"
    }
    requests = [r for r in records if r.rec_type == "request"]
    assert len(requests) == len(responses) == sum(len(s.requests) for s in (web.vi, web.pl))
    for request in requests:
        response = responses[request.rec_headers.get_header("WARC-Concurrent-To")]
        assert request.rec_headers.get_header("WARC-Target-URI") == (
            response.rec_headers.get_header("WARC-Target-URI")
        )
        assert request.http_headers.get_header("User-Agent").startswith("pipeline-crawler/")
    uris = [r.rec_headers.get_header("WARC-Target-URI") for r in responses.values()]
    assert web.vi.url("/robots.txt") in uris and web.pl.url("/robots.txt") in uris


def test_gzip_pages_are_archived_as_sent_and_read_back_decoded(web, crawl, tmp_path):
    page = "/pl/eksport-przez-przejscia-graniczne-wzrosl-o-77-procent"
    crawl(tmp_path / "out", web.pl.url(page))
    found = []
    with open(warcs(tmp_path / "out")[0], "rb") as handle:
        for record in ArchiveIterator(handle):
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            if record.rec_type == "response" and uri.endswith(page):
                assert record.http_headers.get_header("Content-Encoding") == "gzip"
                assert record.http_headers.get_header("Transfer-Encoding") is None
                found.append(record.content_stream().read().decode("utf-8"))
    (html,) = found
    assert "wzrost o 77%" in html


def test_from_warc_gives_the_same_documents_offline(web, crawl, tmp_path):
    live = crawl(
        tmp_path / "live", web.vi.url(LISTING), web.pl.url("/pl/kategoria/cao-bang"), "--crawl"
    )
    web.stop()  # no network from here on
    files = [str(p) for p in warcs(tmp_path / "live")]
    offline = crawl(tmp_path / "offline", "--from-warc", *files)
    assert offline.code == 0, offline.stderr
    lines = lambda run: sorted((run.out / "documents.jsonl").read_text("utf-8").splitlines())  # noqa: E731
    assert lines(offline) == lines(live)
    # the 7 Vietnamese and 3 Polish articles; duplicates and listings make no documents
    assert "ingested 10 documents" in offline.stderr


def test_from_warc_survives_a_damaged_last_record(web, crawl, tmp_path):
    crawl(tmp_path / "live", web.pl.url("/pl/kategoria/cao-bang"))
    (path,) = warcs(tmp_path / "live")
    data = path.read_bytes()
    damaged = tmp_path / "damaged.warc.gz"
    damaged.write_bytes(data[: len(data) - 300])  # as a crash mid-write leaves it
    run = crawl(tmp_path / "offline", "--from-warc", str(damaged))
    assert "damaged record at the end" in run.stderr
    assert 1 <= len(run.documents) <= 2


def test_from_warc_needs_files_and_a_fresh_folder(web, crawl, tmp_path):
    run = crawl(tmp_path / "x", "--from-warc", str(tmp_path / "missing.warc.gz"))
    assert run.code == 2 and "no such WARC file" in run.stderr
    crawl(tmp_path / "live", web.pl.url("/pl/kategoria/cao-bang"))
    files = [str(p) for p in warcs(tmp_path / "live")]
    run = crawl(tmp_path / "live", "--from-warc", *files)
    assert run.code == 2 and "holds a live crawl" in run.stderr
