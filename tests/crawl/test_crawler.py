"""End to end through `pipeline ingest URL...`: both site styles, discovery, dedupe, --since,
--max-pages, scope, errors, exit codes and the summary."""

import json
import unicodedata
from argparse import Namespace

from pipeline.crawl import crawl_command

LISTING = "/index.php/tin-trong-tinh"
A = "/index.php/tin-trong-tinh/"
VI_ALL = [
    A + "hoi-nghi-ban-chap-hanh-dang-bo-tinh-lan-thu-15-2101.html",
    A + "thach-an-ra-quan-lam-duong-giao-thong-nong-thon-2102.html",
    "/index.php/kinh-te/xuat-nhap-khau-qua-cua-khau-tang-manh-2103.html",
    A + "trung-khanh-don-nhan-danh-hieu-nong-thon-moi-2095.html",
    A + "phuc-hoa-cai-tao-vuon-tap-2105.html",
    A + "tong-ket-cong-tac-tuyen-giao-nam-2024-2010.html",
    A + "ha-quang-trong-cay-xanh-2005.html",
]
PL_ALL = [
    "/pl/konferencja-komitetu-partii-prowincji-cao-bang",
    "/pl/thach-an-buduje-drogi-wiejskie-w-gminach",
    "/pl/eksport-przez-przejscia-graniczne-wzrosl-o-77-procent",
]


def paths(run, site):
    return sorted(u[len(site.base) :] for u in run.by_url() if u.startswith(site.base))


def test_both_sites_crawled(web, crawl, tmp_path):
    run = crawl(
        tmp_path / "out", web.vi.url(LISTING), web.pl.url("/pl/kategoria/cao-bang"), "--crawl"
    )
    assert run.code == 0, run.stderr
    assert paths(run, web.vi) == sorted(VI_ALL)
    assert paths(run, web.pl) == sorted(PL_ALL)
    docs = run.by_url()

    vi = docs[web.vi.url(VI_ALL[0])]
    assert vi["source"] == {
        "path": None,
        "url": web.vi.url(VI_ALL[0]),
        "site": "joomla-tuyengiao",
        "fetched_at": "2025-10-14T03:00:00Z",
        "province": "Cao Bằng",  # the Cao Bằng propaganda board's profile names its province
    }
    assert vi["title"] == "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 15"
    assert vi["published"] == "2025-10-14"
    assert vi["text"].startswith("Ngày 13/10, Ban Chấp hành Đảng bộ tỉnh Cao Bằng")
    assert "Tin liên quan" not in vi["text"] and "Lượt xem" not in vi["text"]
    assert vi["errors"] == []

    pl = docs[web.pl.url(PL_ALL[0])]
    assert pl["source"]["site"] == "portal-pl"
    # a translation takes the province of its original's site
    assert pl["source"]["province"] == "Cao Bằng"
    assert pl["translation_of"] == web.vi.url(VI_ALL[0])  # from the Source: link
    assert pl["alternates"] == {
        "en": web.pl.url("/en/cao-bang-provincial-party-committee-conference"),
        "vi": web.pl.url("/hoi-nghi-ban-chap-hanh-dang-bo-tinh-cao-bang"),
    }
    assert "Source" not in pl["text"] and "Komentarz" not in pl["text"]
    # a Source: line without a link, on a gzip-encoded page
    eksport = docs[web.pl.url(PL_ALL[2])]
    assert eksport["translation_of"] == web.vi.url(VI_ALL[2])
    assert "wzrost o 77%" in eksport["text"]

    # duplicates: another category's copy (same canonical) and a re-post (same text)
    assert "2 duplicates skipped" in run.stderr
    assert web.vi.seen(
        "/index.php/van-hoa/hoi-nghi-ban-chap-hanh-dang-bo-tinh-lan-thu-15-2101.html"
    )
    assert web.vi.seen("/index.php/thoi-su/ban-tin-giao-thong-nong-thon-2104.html")
    # Pages, counted from the fixtures: the Joomla site's 4 listing pages (listing-1..4), its 7
    # articles and the 2 copies skipped as duplicates; the portal's 2 listing pages and 3
    # articles; and noi-bo-7, which robots.txt disallows (counted, never fetched). Feeds and
    # sitemaps are discovery, not pages; print views (?tmpl=component) are out of scope.
    pages = 4 + len(VI_ALL) + 2 + 2 + len(PL_ALL) + 1
    assert pages == 19
    assert f"crawled {pages} pages" in run.stderr and "1 skipped by robots.txt" in run.stderr


def test_charsets_end_as_nfc(web, crawl, tmp_path):
    run = crawl(tmp_path / "out", web.vi.url(LISTING), "--crawl")
    docs = run.by_url()
    # UTF-8 bytes declared ISO-8859-1 by the server
    wrong = docs[web.vi.url(VI_ALL[2])]
    assert wrong["title"] == "Xuất nhập khẩu qua cửa khẩu tăng mạnh"
    assert "tăng 77% so với cùng kỳ" in wrong["text"]
    # windows-1258 with combining tone marks
    cp1258 = docs[web.vi.url(VI_ALL[4])]
    assert cp1258["title"] == "Phục Hòa cải tạo vườn tạp"
    assert "Ông Nông Văn Thường, xóm Nà Lẹng" in cp1258["text"]
    for doc in docs.values():
        for field in (doc["text"], doc["title"]):
            assert unicodedata.is_normalized("NFC", field)


def test_without_crawl_only_the_start_pages_links(web, crawl, tmp_path):
    run = crawl(tmp_path / "out", web.vi.url(LISTING))
    assert run.code == 0, run.stderr
    assert paths(run, web.vi) == sorted(VI_ALL[:3])
    assert not web.vi.seen(LISTING + "?start=3")


def test_since_skips_old_articles_and_stops_paginating(web, crawl, tmp_path):
    run = crawl(tmp_path / "out", web.vi.url(LISTING), "--crawl", "--since", "2025-10-01")
    assert run.code == 0, run.stderr
    assert paths(run, web.vi) == sorted(VI_ALL[:5])
    # page 3 holds only 2024 articles: its next page is never asked for
    assert web.vi.seen(LISTING + "?start=6")
    assert not web.vi.seen(LISTING + "?start=9")
    assert not web.vi.seen(VI_ALL[6])
    assert "1 older than --since" in run.stderr
    # the same folder without --since later: the old article comes from the log, no download
    before = len(web.vi.requests)
    run = crawl(tmp_path / "out", web.vi.url(LISTING), "--crawl")
    assert paths(run, web.vi) == sorted(VI_ALL)
    assert sorted(s.path for s in web.vi.requests[before:] if s.status == 200) == sorted(
        ["/robots.txt", LISTING + "?start=9", VI_ALL[6]]
    )


def test_rss_feed(web, crawl, tmp_path):
    feed = web.vi.url(LISTING + "?format=feed&type=rss")
    run = crawl(tmp_path / "out", feed, "--since", "2025-10-01")
    assert run.code == 0, run.stderr
    assert paths(run, web.vi) == sorted(VI_ALL[:2])
    assert not web.vi.seen(VI_ALL[5])  # its pubDate is before --since
    assert "1 dated before --since" in run.stderr
    run = crawl(tmp_path / "pl", web.pl.url("/pl/rss.xml"))
    assert paths(run, web.pl) == sorted(PL_ALL)


def test_sitemap_index_with_a_gzipped_sitemap(web, crawl, tmp_path):
    run = crawl(tmp_path / "out", web.vi.url("/sitemap.xml"))
    assert run.code == 0, run.stderr
    # the listing page in the sitemap is not an article by the profile's article_url
    assert paths(run, web.vi) == sorted([VI_ALL[0], VI_ALL[2], VI_ALL[3], VI_ALL[5]])
    assert not web.vi.seen(LISTING)


def test_an_article_as_start_url(web, crawl, tmp_path):
    run = crawl(tmp_path / "out", web.pl.url(PL_ALL[1]))
    assert run.code == 0, run.stderr
    (doc,) = run.documents
    assert doc["title"] == "Thach An buduje drogi wiejskie w gminach"


def test_max_pages(web, crawl, tmp_path):
    run = crawl(tmp_path / "out", web.vi.url(LISTING), "--crawl", "--max-pages", "4")
    assert run.code == 0, run.stderr
    # listing, the robots-disallowed link, two articles
    assert paths(run, web.vi) == sorted(VI_ALL[:2])
    assert "over --max-pages" in run.stderr
    assert len([s for s in web.vi.requests if s.path != "/robots.txt"]) == 3


def test_links_to_other_hosts_need_allow_host(site, web, crawl, tmp_path):
    other = web.pl.url(PL_ALL[0])
    site.route(
        "/tin",
        body=f'<a href="{other}">Konferencja</a> '
        '<a href="/tin/hoi-nghi-tong-ket-nam-2025">Hội nghị</a>',
    )
    site.route("/tin/hoi-nghi-tong-ket-nam-2025", body="<article><p>Hội nghị.</p></article>")
    run = crawl(tmp_path / "out", site.url("/tin"))
    assert len(run.documents) == 1 and web.pl.requests == []
    assert "1 to hosts not allowed (see --allow-host)" in run.stderr
    run = crawl(tmp_path / "out2", site.url("/tin"), "--allow-host", f"localhost:{web.pl.port}")
    assert len(run.documents) == 2
    assert run.by_url()[other]["source"]["site"] == "portal-pl"


def test_a_dead_link_is_gone_not_a_failure(web, crawl, tmp_path):
    del web.vi.routes[VI_ALL[1]]
    web.vi.routes[VI_ALL[2]].status = 410
    run = crawl(tmp_path / "out", web.vi.url(LISTING))
    assert run.code == 0, run.stderr
    docs = run.by_url()
    # The listing's first page links 2101, 2102 (404) and 2103 (410): one document is left.
    assert sorted(docs) == [web.vi.url(VI_ALL[0])]
    assert "2 gone (dead links: HTTP 404/410), 0 failed" in run.stderr
    assert "gone: " + web.vi.url(VI_ALL[1]) in run.stderr
    assert "gone: " + web.vi.url(VI_ALL[2]) in run.stderr
    assert "(1 documents, 0 with errors)" in run.stderr
    log = [json.loads(line) for line in (tmp_path / "out/crawl/pages.jsonl").open(encoding="utf-8")]
    gone = [(e["requested"], e["status"], e["doc"]) for e in log if e["kind"] == "gone"]
    assert gone == [(web.vi.url(VI_ALL[1]), 404, None), (web.vi.url(VI_ALL[2]), 410, None)]


def test_a_start_url_404_and_a_500_stay_errors(web, crawl, tmp_path):
    del web.vi.routes[LISTING]
    web.vi.route(VI_ALL[1], status=500)
    run = crawl(tmp_path / "out", web.vi.url(LISTING), web.vi.url(VI_ALL[1]))
    assert run.code == 1
    docs = run.by_url()
    failed = docs[web.vi.url(LISTING)]
    assert failed["errors"] == [
        {
            "stage": "ingest",
            "code": "http-404",
            "message": f"{web.vi.url(LISTING)}: HTTP 404 Not Found",
        }
    ]
    assert failed["text"] == "" and failed["source"]["site"] == "joomla-tuyengiao"
    assert docs[web.vi.url(VI_ALL[1])]["errors"][0]["code"] == "http-500"
    assert "0 gone (dead links: HTTP 404/410), 2 failed" in run.stderr
    assert "failed: " + web.vi.url(LISTING) in run.stderr
    assert "(2 documents, 2 with errors)" in run.stderr


def test_documents_jsonl_is_the_documents_contract(web, crawl, tmp_path):
    run = crawl(tmp_path / "out", web.pl.url("/pl/kategoria/cao-bang"))
    for line in (tmp_path / "out" / "documents.jsonl").read_text("utf-8").splitlines():
        assert list(json.loads(line)) == [
            "id",
            "source",
            "title",
            "published",
            "translation_of",
            "alternates",
            "text",
            "errors",
        ]
    from pipeline.document import document_id

    for doc in run.documents:
        assert doc["id"] == document_id(url=doc["source"]["url"])


def test_unusable_runs_exit_2(web, crawl, tmp_path, capsys):
    (tmp_path / "local").mkdir()
    (tmp_path / "local" / "documents.jsonl").write_text("{}\n")
    run = crawl(tmp_path / "local", web.vi.url(LISTING))
    assert run.code == 2 and "was not written by a crawl" in run.stderr
    args = Namespace(no_progress=True)
    assert crawl_command(["ftp://x.vn/a"], tmp_path / "x", args, ()) == 2
    assert "only http and https" in capsys.readouterr().err


def test_a_second_crawl_into_the_same_folder_is_refused(web, crawl, tmp_path):
    import fcntl

    (tmp_path / "out" / "crawl").mkdir(parents=True)
    with open(tmp_path / "out" / "crawl" / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        run = crawl(tmp_path / "out", web.vi.url(LISTING))
    assert run.code == 2 and "another crawl is writing" in run.stderr
