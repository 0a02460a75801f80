"""Incremental crawls: conditional requests, so an unchanged site costs no article bodies."""

from requests.structures import CaseInsensitiveDict

from pipeline.crawl.cache import ConditionalLayer
from pipeline.crawl.fetcher import FetchRequest, FetchResponse, build_fetch

LISTING = "/index.php/tin-trong-tinh"
ARTICLE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Hạ Lang tổ chức Ngày hội Đại đoàn kết</title></head><body><article>
<h1>Hạ Lang tổ chức Ngày hội Đại đoàn kết</h1>
<p>Sáng 15/11, tại xóm Bản Khuông, xã Thanh Long, Ủy ban MTTQ xã tổ chức Ngày hội Đại đoàn kết
toàn dân tộc năm 2025. Năm 2025, xóm có 126 hộ, tỷ lệ hộ nghèo giảm còn 18,4%.</p>
</article></body></html>"""


def test_validators_become_conditional_headers():
    seen = []

    def transport(request):
        seen.append(dict(request.headers))
        return FetchResponse(url=request.url, status=304, headers=CaseInsensitiveDict())

    known = {"http://x/a": ('"abc"', "Mon, 13 Oct 2025 10:00:00 GMT"), "http://x/b": (None, None)}
    fetch = build_fetch([ConditionalLayer(known.get)], transport)
    fetch(FetchRequest("http://x/a"))
    fetch(FetchRequest("http://x/b"))
    fetch(FetchRequest("http://x/new"))
    fetch(FetchRequest("http://x/a", purpose="robots"))
    assert seen == [
        {"If-None-Match": '"abc"', "If-Modified-Since": "Mon, 13 Oct 2025 10:00:00 GMT"},
        {},
        {},
        {},
    ]


def test_rerun_on_an_unchanged_site_downloads_no_bodies(web, crawl, tmp_path):
    starts = (web.vi.url(LISTING), web.pl.url("/pl/kategoria/cao-bang"), "--crawl")
    first = crawl(tmp_path / "out", *starts)
    before = (tmp_path / "out" / "documents.jsonl").read_bytes()
    counts = (len(web.vi.requests), len(web.pl.requests))
    second = crawl(tmp_path / "out", *starts)
    assert second.code == 0, second.stderr
    again = web.vi.requests[counts[0] :] + web.pl.requests[counts[1] :]
    # only robots.txt comes with a body; every page, listings included, is a 304
    assert sorted({s.path for s in again if s.status == 200}) == ["/robots.txt"]
    assert all(s.status == 304 for s in again if s.path != "/robots.txt")
    assert (tmp_path / "out" / "documents.jsonl").read_bytes() == before
    # 19 pages as counted in test_crawler.test_both_sites_crawled; all but the one robots.txt
    # forbids come back 304 the second time: 19 - 1 = 18 not modified.
    assert "0 fetched, 18 not modified" in second.stderr
    assert "crawled 19 pages" in first.stderr and "crawled 19 pages" in second.stderr


def test_a_changed_article_is_updated_in_place(web, crawl, tmp_path):
    first = crawl(tmp_path / "out", web.vi.url(LISTING))
    order = [d["id"] for d in first.documents]
    route = web.vi.routes[
        "/index.php/tin-trong-tinh/thach-an-ra-quan-lam-duong-giao-thong-nong-thon-2102.html"
    ]
    html = (web.vi.folder / route.file).read_text("utf-8")
    route.file, route.body = None, html.replace("42 km", "45 km")
    second = crawl(tmp_path / "out", web.vi.url(LISTING))
    assert "0 new, 1 changed" in second.stderr
    assert [d["id"] for d in second.documents] == order
    assert "45 km" in second.documents[1]["text"]


def test_a_site_without_validators_is_fetched_again_but_nothing_changes(site, crawl, tmp_path):
    page = "/tin/ha-lang-to-chuc-ngay-hoi-dai-doan-ket"
    site.route(page, body=ARTICLE, validators=False)
    crawl(tmp_path / "out", site.url(page))
    before = (tmp_path / "out" / "documents.jsonl").read_bytes()
    run = crawl(tmp_path / "out", site.url(page))
    assert "1 fetched" in run.stderr and "1 unchanged" in run.stderr
    assert (tmp_path / "out" / "documents.jsonl").read_bytes() == before


def test_a_page_failing_later_keeps_its_good_version(web, crawl, tmp_path):
    first = crawl(tmp_path / "out", web.vi.url(LISTING))
    web.vi.routes["/index.php/kinh-te/xuat-nhap-khau-qua-cua-khau-tang-manh-2103.html"].status = 500
    web.vi.routes[
        "/index.php/kinh-te/xuat-nhap-khau-qua-cua-khau-tang-manh-2103.html"
    ].validators = False
    second = crawl(tmp_path / "out", web.vi.url(LISTING), "--retries", "0")
    assert second.code == 1 and "1 failed" in second.stderr
    assert second.documents == first.documents
