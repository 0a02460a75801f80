"""One response to a document: charsets, fetch time, canonical URL, page kinds."""

from requests.structures import CaseInsensitiveDict

from pipeline.crawl.pages import declared_charset, iso_utc, read_page
from pipeline.crawl.urls import HostPolicy

from .server import to_windows_1258

URL = "http://localhost:9/tin/phuc-hoa-cai-tao-vuon-tap"
POLICY = HostPolicy([URL])
TEXT = "Huyện Phục Hòa hỗ trợ người dân cải tạo 120 ha vườn tạp; ông Nông Văn Thường phấn khởi."


def page(body_html, meta=""):
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>Phục Hòa</title></head><body><article>"
        f"<h1>Phục Hòa cải tạo vườn tạp</h1><p>{body_html}</p></article></body></html>"
    )


def read(body, content_type="text/html", role="article"):
    headers = CaseInsensitiveDict({"Content-Type": content_type})
    return read_page(
        URL,
        body,
        headers,
        role,
        fetched_at="2025-10-14T03:00:00Z",
        profiles=(),
        policy=POLICY,
        max_bytes=1_000_000,
    )


def test_declared_charset_is_trusted_unless_the_bytes_contradict_it():
    utf8 = TEXT.encode()
    assert declared_charset({"Content-Type": "text/html; charset=ISO-8859-1"}, utf8) is None
    assert declared_charset({"Content-Type": "text/html; charset=utf-8"}, utf8) == "utf-8"
    legacy = to_windows_1258(TEXT)
    assert declared_charset({"Content-Type": "text/html; charset=windows-1258"}, legacy) == (
        "windows-1258"
    )
    assert declared_charset({"Content-Type": "text/html"}, utf8) is None
    assert declared_charset({"Content-Type": "text/html; charset=nonsense"}, utf8) is None


def test_meta_charset_without_a_header_charset():
    body = to_windows_1258(page(TEXT, '<meta charset="windows-1258">'))
    outcome = read(body)
    assert outcome.kind == "article", outcome.message
    assert outcome.document.text.endswith(TEXT)


def test_fetched_at_from_the_date_header():
    assert iso_utc("Tue, 14 Oct 2025 10:00:00 +0700") == "2025-10-14T03:00:00Z"
    assert iso_utc(None).endswith("Z") and iso_utc("garbage").endswith("Z")


def test_a_canonical_on_another_host_is_not_believed():
    hostile = page(TEXT, '<link rel="canonical" href="https://www.vietnam.vn/pl/some-article">')
    doc = read(hostile.encode()).document
    assert doc.source.url == URL
    same_host = page(TEXT, '<link rel="canonical" href="/tin/phuc-hoa-cai-tao-vuon-tap?x=1">')
    assert read(same_host.encode()).document.source.url == URL + "?x=1"


def test_what_is_not_a_page():
    outcome = read(b"%PDF-1.7 ...", "application/pdf")
    assert outcome.kind == "error" and outcome.document.errors[0]["code"] == "content-type"
    outcome = read(b"\x00\x01\x02" * 100, "text/html")
    assert outcome.document.errors[0]["code"] == "binary"
    outcome = read(b"   ", "text/html")
    assert outcome.document.errors[0]["code"] == "empty"
