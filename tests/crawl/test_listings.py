"""Listings of sites without a profile (pipeline.crawl.listing): the next page by every
convention, the main list's article links, URL shapes learned during the crawl; and crawls of
the fixture sites in tests/crawl/fixtures/listings (one per CMS family) on a live local server.
"""

import pytest

from pipeline.crawl.listing import (
    UrlShapes,
    article_links,
    is_listing,
    next_pages,
    page_of,
    read_listing,
)
from pipeline.ingest.html import make_soup

from .server import Site

H = "http://tin.example.vn"


def _next(html: str, url: str, **kw) -> list[str]:
    return next_pages(make_soup(f"<html><body>{html}</body></html>"), url, **kw)


@pytest.mark.parametrize(
    ("url", "links", "expected"),
    [
        # numbered pagination: the link to the page after this one, whatever the order
        (
            "/thoi-su.htm",
            '<a href="/thoi-su/trang-3.htm">3</a><a href="/thoi-su/trang-2.htm">2</a>',
            "/thoi-su/trang-2.htm",
        ),
        (
            "/thoi-su/trang-2.htm",
            '<a href="/thoi-su.htm">1</a><a href="/thoi-su/trang-3.htm">3</a>',
            "/thoi-su/trang-3.htm",
        ),
        (
            "/chuyen-muc/xa-hoi/",
            '<a href="/chuyen-muc/xa-hoi/page/2/">2</a>',
            "/chuyen-muc/xa-hoi/page/2/",
        ),
        ("/thoi-su", '<a href="/thoi-su-p2">2</a>', "/thoi-su-p2"),
        ("/thoi-su-p2", '<a href="/thoi-su">1</a><a href="/thoi-su-p3">3</a>', "/thoi-su-p3"),
        # VietnamNet counts from 0: its second page is -page1
        ("/chinh-tri", '<a href="/chinh-tri-page1">2</a>', "/chinh-tri-page1"),
        # the link numbered one more than the page marked current, not page 1's own address
        (
            "/tin",
            '<span class="current">1</span><a href="/tin?page=1">1</a><a href="/tin?page=2">2</a>',
            "/tin?page=2",
        ),
        (
            "/chinh-tri",
            '<li class="active"><a>1</a></li><a href="/chinh-tri-page0">1</a>'
            '<a href="/chinh-tri-page1">2</a>',
            "/chinh-tri-page1",
        ),
        # a portal platform's parameter, prefixed with its portlet id
        (
            "/web/guest/tin-tuc?p_p_id=101",
            '<a href="/web/guest/tin-tuc?p_p_id=101&_101_cur=2">2</a>',
            "/web/guest/tin-tuc?p_p_id=101&_101_cur=2",
        ),
        (
            "/web/guest/dong-thoi-gian",
            '<a href="/web/guest/dong-thoi-gian?p_p_id=x&_x_delta=10&_x_cur=2">2</a>',
            "/web/guest/dong-thoi-gian?p_p_id=x&_x_delta=10&_x_cur=2",
        ),
        # www.example.vn and example.vn are one site
        (
            "http://www.tin.example.vn/xa-hoi",
            '<a href="http://tin.example.vn/xa-hoi/trang-2.htm">2</a>',
            "http://tin.example.vn/xa-hoi/trang-2.htm",
        ),
        ("/tin-tuc/p2", '<a href="/tin-tuc/p3">3</a><a href="/tin-tuc/p1">1</a>', "/tin-tuc/p3"),
        (
            "/tin.html?p=2",
            '<a href="/tin.html?p=1">1</a><a href="/tin.html?p=3">3</a>',
            "/tin.html?p=3",
        ),
        (
            "/danh-muc?cat=5&page=4",
            '<a href="/danh-muc?page=5&cat=5">5</a>',
            "/danh-muc?page=5&cat=5",
        ),
        # Joomla counts articles: ?start=10 is page 2, ?start=20 page 3
        (
            "/index.php/tin",
            '<a href="/index.php/tin?start=20">3</a><a href="/index.php/tin?start=10">2</a>',
            "/index.php/tin?start=10",
        ),
        (
            "/timelinelist/1003/2.htm",
            '<a href="/timelinelist/1003/3.htm">3</a>',
            "/timelinelist/1003/3.htm",
        ),
        # words and signs, in a pagination block or staying in the list
        (
            "/kategoria/gospodarka",
            '<div class="pager"><a href="/kategoria/gospodarka?strona=x">Następna</a></div>',
            "/kategoria/gospodarka?strona=x",
        ),
        ("/wiadomosci", '<a href="/wiadomosci/strona/2">Dalej</a>', "/wiadomosci/strona/2"),
        ("/wiadomosci", '<a href="/wiadomosci?x=k">Następna ›</a>', "/wiadomosci?x=k"),
        (
            "/kategoria/cao-bang",
            '<a href="/kategoria/cao-bang?strona=2">2</a>',
            "/kategoria/cao-bang?strona=2",
        ),
        ("/tin", '<ul class="paging"><li><a href="/tin?trang=b">»</a></li></ul>', "/tin?trang=b"),
        ("/tin", '<a title="Trang sau" href="/tin?pg=2">&gt;</a>', "/tin?pg=2"),
        ("/tin", '<li class="next"><a href="/tin?x=abc">Older</a></li>', "/tin?x=abc"),
        ("/Thoi-su.bcb", '<a href="/Thoi-su/trang-2.bcb">2</a>', "/Thoi-su/trang-2.bcb"),
        (
            "/search/label/tin",
            '<a class="blog-pager-older-link" href="/search/label/tin?u=x">Bài đăng Cũ hơn</a>',
            "/search/label/tin?u=x",
        ),
        # rel=next, on an <a> or a <link>
        ("/x", '<a rel="next" href="/x/k">k</a>', "/x/k"),
        ("/x", '<link rel="next" href="/x?cursor=abc">', "/x?cursor=abc"),
    ],
)
def test_the_next_page_by_each_convention(url, links, expected):
    base = "" if url.startswith("http") else H
    assert _next(links, base + url) == [(H if expected.startswith("/") else "") + expected]


@pytest.mark.parametrize(
    "links",
    [
        '<a href="/thoi-su.htm">1</a>',  # only an earlier page
        '<a href="/kinh-te/trang-2.htm">2</a>',  # another category's page 2
        '<a href="/thoi-su/trang-99.htm">99</a>',  # not the next one: ten pages ahead or more
        '<a href="/tong-bi-thu-tham-tinh-bien-gioi-phia-bac-2025.htm">Xem thêm</a>',  # an article
        '<a href="https://other.example.vn/thoi-su/trang-2.htm">2</a>',  # another host
    ],
)
def test_no_next_page(links):
    assert _next(links, H + "/thoi-su/trang-2.htm") == []


def test_load_more_endpoints_and_the_next_fragment():
    button = (
        '<button class="btn-viewmore" data-url="/timelinelist/1003/{page}.htm">Xem thêm</button>'
    )
    assert _next(button, H + "/chinh-tri.htm") == [H + "/timelinelist/1003/2.htm"]
    script = "<script>var timelineUrl = '/api/timeline/7/2.htm';</script>"
    assert _next(script, H + "/chinh-tri.htm") == [H + "/api/timeline/7/2.htm"]
    wordpress = "<script>var ajaxurl = '/wp-admin/admin-ajax.php'; var more = '/x/y';</script>"
    assert _next(wordpress, H + "/2025/11/20/khanh-thanh-cau-treo/") == []
    # a fragment that names no next page: the next number of the same endpoint
    assert _next("<div></div>", H + "/timelinelist/1003/2.htm", fragment=True) == [
        H + "/timelinelist/1003/3.htm"
    ]
    assert _next("<div></div>", H + "/timelinelist/1003/2.htm") == []


def test_page_of_keeps_other_query_parameters_apart_from_the_number():
    one, other = page_of(H + "/tin?cat=5&page=3"), page_of(H + "/tin?page=3&cat=5")
    assert (one.base, one.number) == (other.base, other.number) == ("tin.example.vn/tin?cat=5", 3)
    first, second = page_of(H + "/tin?cat=5"), page_of(H + "/tin?cat=5&page=2")
    assert (first.base, first.number) == (second.base, None)
    assert page_of(H + "/tin?cat=6&page=2").base != second.base


LISTING = """\
<header class="site-header"><a href="/van-hoa-the-thao-du-lich-le-hoi">Văn hóa - Thể thao - Du lịch - Lễ hội</a></header>
<div class="main">
  <div class="item"><h3><a href="/bi-thu-tinh-uy-tiep-xuc-cu-tri-xa-bien-gioi-1201.html">Bí thư Tỉnh ủy tiếp xúc cử tri</a></h3></div>
  <div class="item"><h3><a href="/news/20251125/mo-dau.html">Mở đầu</a></h3><a href="/tac-gia/nguyen-van-an">Nguyễn Văn An</a></div>
  <div class="box"><h3>Đọc nhiều</h3><a href="/gia-lua-tang-cao-nhat-trong-ba-nam-1100.html">Giá lúa tăng</a></div>
  <div class="box-related"><a href="/phong-vien-ghi-nhan-tai-cua-khau-1099.html">Phóng viên ghi nhận tại cửa khẩu</a></div>
  <div class="box-tin-xem-nhieu"><a href="/nguoi-dan-don-tet-som-o-vung-cao-1097.html">Người dân đón Tết sớm</a></div>
  <div class="paging"><a href="/tin-tuc?page=2">2</a></div>
</div>
<aside><a href="/thu-hut-dau-tu-vao-khu-cong-nghiep-1098.html">Thu hút đầu tư</a></aside>
<footer><a href="/lien-he-voi-toa-soan-bao-dien-tu">Liên hệ</a></footer>"""  # noqa: E501


def test_article_links_of_the_main_list_only():
    found = article_links(make_soup(f"<html><body>{LISTING}</body></html>"), H + "/tin-tuc")
    assert found.articles == [H + "/bi-thu-tinh-uy-tiep-xuc-cu-tri-xa-bien-gioi-1201.html"]
    # a headline link whose URL does not look like an article: followed only once the crawl
    # has read articles of that shape on the site
    assert found.candidates == [H + "/news/20251125/mo-dau.html"]


def test_a_wordpress_post_classed_after_its_tags_stays_in_the_list():
    post = (
        '<div class="post-7 post type-post hentry category-thoi-su tag-social tag-share">'
        '<h2 class="entry-title"><a href="/2025/11/20/khanh-thanh-cau-treo-dan-sinh/">'
        "Khánh thành cầu treo dân sinh</a></h2></div>"
    )
    found = article_links(make_soup(f"<html><body>{post}</body></html>"), H + "/category/x/")
    assert found.articles == [H + "/2025/11/20/khanh-thanh-cau-treo-dan-sinh/"]


def test_a_card_header_is_not_the_page_header():
    page = (
        '<div id="header"><a href="/gioi-thieu-ve-co-quan-bao-chi-tinh">Giới thiệu</a></div>'
        '<div class="site-footer-wrap"><a href="/lien-he-voi-toa-soan-bao-tinh">Liên hệ</a></div>'
        '<div class="card"><div class="card-header"><h3><a href="/hoi-nghi-tong-ket-nam-1201.htm">'
        "Hội nghị tổng kết năm</a></h3></div></div>"
        '<header class="item-head"><h3><a href="/ra-quan-lam-duong-nong-thon-1202.htm">'
        "Ra quân làm đường</a></h3></header>"
        '<div class="item"><div class="page-header"><h2>'
        '<a href="/index.php/tin/trao-qua-cho-ho-ngheo-1203.html">'
        "Trao quà cho hộ nghèo vùng biên</a></h2></div></div>"
    )
    found = article_links(make_soup(f"<html><body>{page}</body></html>"), H + "/tin")
    assert found.articles == [
        H + "/hoi-nghi-tong-ket-nam-1201.htm",
        H + "/ra-quan-lam-duong-nong-thon-1202.htm",
        H + "/index.php/tin/trao-qua-cho-ho-ngheo-1203.html",  # Joomla: in div.page-header
    ]


def test_the_column_holding_most_headlines_is_the_list_whatever_its_name():
    def items(first: int, count: int) -> str:
        return "".join(
            f'<article><h3><a href="/bai-viet-so-{n}-trong-chuyen-muc-{n}00{n}.html">'
            f"Bài viết số {n} trong chuyên mục</a></h3></article>"
            for n in range(first, first + count)
        )

    # the main column is called sidebar_1 (four items); the real sidebar, sidebar_2, two
    page = (
        f'<section class="sidebar_1">{items(1, 4)}</section>'
        f'<section class="sidebar_2">{items(7, 2)}</section>'
    )
    found = article_links(make_soup(f"<html><body>{page}</body></html>"), H + "/thoi-su")
    assert [u.rsplit("-", 1)[1] for u in found.articles] == [
        "1001.html",
        "2002.html",
        "3003.html",
        "4004.html",
    ]


def test_an_article_page_keeps_its_related_box_not_the_most_read_one():
    """On an article page (on_listing=False) the box named related (related_tokens) stays, as
    its links are followed one step; a most-read box goes. Five headline links in all: each
    box holds less than half of them, so neither is taken for the page's list."""
    page = (
        '<h1>Hội nghị sơ kết</h1><div class="detail-content"><p>Theo '
        '<a href="/ke-hoach-phat-trien-giao-thong-nam-2025-1101.html">kế hoạch phát triển '
        'giao thông năm 2025</a> và <a href="/bao-cao-tinh-hinh-kinh-te-quy-iii-1102.html">'
        "báo cáo tình hình kinh tế quý III</a>.</p></div>"
        '<div class="box-tinlienquan"><a href="/ra-quan-lam-duong-giao-thong-3102.html">'
        "Ra quân làm đường giao thông nông thôn</a></div>"
        '<div class="box-xemnhieu">'
        '<a href="/gia-lua-tang-cao-nhat-trong-ba-nam-1100.html">Giá lúa tăng cao nhất ba năm</a>'
        '<a href="/nguoi-dan-don-tet-som-o-vung-cao-1097.html">Người dân đón Tết sớm vùng cao</a>'
        "</div>"
    )
    soup = make_soup(f"<html><body>{page}</body></html>")
    found = article_links(soup, H + "/hoi-nghi-so-ket-quy-iv-3101.html", on_listing=False)
    assert found.articles == [
        H + "/ke-hoach-phat-trien-giao-thong-nam-2025-1101.html",
        H + "/bao-cao-tinh-hinh-kinh-te-quy-iii-1102.html",
        H + "/ra-quan-lam-duong-giao-thong-3102.html",
    ]


def test_headlines_are_the_list_when_no_url_looks_like_an_article():
    items = "".join(
        f'<div class="item"><h3><a href="/news/view/{n}">Tin số {n} trong ngày</a></h3></div>'
        for n in (17, 18, 19)
    )
    found = article_links(make_soup(f"<html><body>{items}</body></html>"), H + "/news")
    assert found.articles == [H + "/news/view/17", H + "/news/view/18", H + "/news/view/19"]
    assert found.candidates == []


def _item(n: int) -> str:
    return f'<div><h3><a href="/tin-tuc/hoi-nghi-so-ket-quy-{n}-30{n}.html">Tin {n}</a></h3></div>'


ITEMS = "".join(_item(n) for n in range(1, 6))
OG_ARTICLE = '<meta property="og:type" content="article">'


@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        # a category page with copied og:type=article: five items and a page 2
        (OG_ARTICLE, ITEMS + '<a href="/tin-tuc?page=2">2</a>', True),
        (OG_ARTICLE, ITEMS, False),  # five related links on an article page
        # a post whose theme marks "next post" rel=next
        (
            OG_ARTICLE,
            ITEMS + '<a rel="next" href="/tin-tuc/bai-tiep-theo-cua-chuyen-muc-3099.html">'
            "Bài tiếp</a>",
            False,
        ),
        ('<meta property="article:published_time" content="2025-11-25">', ITEMS * 3, False),
        ("", _item(1), False),  # one article link, no metadata
        ("", ITEMS, True),
    ],
)
def test_a_start_page_that_looks_like_an_article_may_be_a_list(head, body, expected):
    soup = make_soup(f"<html><head>{head}</head><body>{body}</body></html>")
    assert is_listing(soup, read_listing(soup, H + "/tin-tuc")) is expected


def test_url_shapes_learned_from_articles():
    shapes = UrlShapes()
    assert not shapes.matches(H + "/2025/11/23/khai-mac/")
    shapes.learn(H + "/2025/11/20/khanh-thanh-cau-treo-dan-sinh/")
    assert shapes.matches(H + "/2025/11/23/khai-mac/")
    assert not shapes.matches(H + "/category/thoi-su/")  # two words, not three numbers
    assert not shapes.matches("http://other.example.vn/2025/11/23/khai-mac/")  # per host


# -- crawls of the fixture sites ---------------------------------------------------------

J = "/index.php/tin-trong-tinh"
SITES = {
    # Joomla without a profile: ?start=10 reached from a numbered "2" and "Trang sau" only;
    # robots.txt forbids 3102; 3101's related box links 2999, which is gone (404).
    "joomla": (
        J,
        [
            J,
            f"{J}?start=10",
            f"{J}?start=20",
            *(
                f"{J}/{s}.html"
                for s in (
                    "hoi-nghi-so-ket-cong-tac-quy-iv-3101",
                    "trao-qua-cho-ho-ngheo-vung-bien-3103",
                    "phat-dong-thi-dua-chao-mung-dai-hoi-3104",
                    "kiem-tra-tien-do-du-an-cao-toc-3105",
                    "tap-huan-chuyen-doi-so-cho-can-bo-xa-3106",
                    "hoc-tap-quan-triet-nghi-quyet-trung-uong-3107",
                    "bai-da-go-xuong-khong-con-nua-2999",
                )
            ),
        ],
    ),
    # WordPress /page/2/; /2025/11/23/khai-mac/ has a two-word slug: followed because the
    # articles of page 1 taught the crawl the /YYYY/MM/DD/slug/ shape
    "wordpress": (
        "/category/thoi-su/",
        [
            "/category/thoi-su/",
            "/category/thoi-su/page/2/",
            "/2025/11/20/khanh-thanh-cau-treo-dan-sinh-xa-vung-cao/",
            "/2025/11/21/ky-niem-ngay-nha-giao-viet-nam-20-11/",
            "/2025/11/22/giai-chay-viet-da-bao-ve-bien-cuong/",
            "/2025/11/23/khai-mac/",
        ],
    ),
    # the provincial e-portal platform: ?page=2 from "2" and "»"; a "Xem nhiều nhất" box
    "eportal": (
        "/tin-tuc-su-kien.html",
        [
            "/tin-tuc-su-kien.html",
            "/tin-tuc-su-kien.html?page=2",
            *(
                f"/tin-tuc-su-kien/{s}.html"
                for s in (
                    "ubnd-tinh-hop-phien-thuong-ky-thang-11-nam-2025-5201",
                    "cong-bo-quyet-dinh-thanh-lap-xa-moi-5202",
                    "day-manh-cai-cach-thu-tuc-hanh-chinh-5203",
                    "tiep-cong-dan-dinh-ky-thang-11-5204",
                )
            ),
        ],
    ),
    # a national paper's CMS: /trang-N.htm from numbers only; a "Đọc nhiều" box in the column
    "paper": (
        "/thoi-su.htm",
        [
            "/thoi-su.htm",
            "/thoi-su/trang-2.htm",
            "/thoi-su/trang-3.htm",
            *(
                f"/{s}.htm"
                for s in (
                    "dong-chi-bi-thu-tinh-uy-lam-viec-voi-huyen-bien-gioi-20251125083012345",
                    "ky-hop-thu-nhat-hoi-dong-nhan-dan-tinh-khoa-moi-20251124101500123",
                    "tinh-hoan-thanh-sap-xep-don-vi-hanh-chinh-cap-xa-20251123093000456",
                    "thu-tuong-du-hoi-nghi-xuc-tien-dau-tu-vung-20251122150000789",
                    "xuat-khau-nong-san-qua-cua-khau-tang-manh-20251121084500321",
                )
            ),
        ],
    ),
    # the same CMS's "Xem thêm" timeline: fragments 2 and 3, then 4 is gone (404)
    "paper-timeline": (
        "/chinh-tri.htm",
        [
            "/chinh-tri.htm",
            "/timelinelist/1003/2.htm",
            "/timelinelist/1003/3.htm",
            "/timelinelist/1003/4.htm",
            *(
                f"/{s}.htm"
                for s in (
                    "dong-chi-bi-thu-tinh-uy-lam-viec-voi-huyen-bien-gioi-20251125083012345",
                    "ky-hop-thu-nhat-hoi-dong-nhan-dan-tinh-khoa-moi-20251124101500123",
                    "tinh-hoan-thanh-sap-xep-don-vi-hanh-chinh-cap-xa-20251123093000456",
                    "thu-tuong-du-hoi-nghi-xuc-tien-dau-tu-vung-20251122150000789",
                    "mo-rong-mang-luoi-y-te-co-so-vung-sau-20251120070000654",
                )
            ),
        ],
    ),
    # -p2 reached from "2" and "›" (no rel=next)
    "dashp": (
        "/thoi-su",
        [
            "/thoi-su",
            "/thoi-su-p2",
            "/chu-tich-tinh-tiep-doan-doanh-nghiep-nhat-ban-4987001.html",
            "/khoi-cong-duong-noi-hai-cua-khau-quoc-te-4987002.html",
            "/nang-cap-benh-vien-da-khoa-tuyen-tinh-4987003.html",
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(SITES))
def test_a_site_without_profile_is_crawled_by_its_list(name, crawl, tmp_path):
    start, expected = SITES[name]
    site = Site(name, "localhost", folder=f"listings/{name.split('-')[0]}").start()
    try:
        run = crawl(tmp_path / "out", site.url(start), "--crawl", "--max-pages", "100")
    finally:
        site.stop()
    assert run.code == 0, run.stderr
    requested = [s.path for s in site.requests if s.path != "/robots.txt"]
    assert sorted(requested) == sorted(expected)
    assert len(requested) == len(set(requested))  # nothing fetched twice
    articles = [
        p
        for p in expected
        if site.routes.get(p) and site.routes[p].file.startswith(("a3", "post", "tin", "bai"))
    ]
    assert sorted(u[len(site.base) :] for u in run.by_url()) == sorted(articles)


def test_the_joomla_mirror_is_read_right_and_politely(crawl, tmp_path):
    site = Site("joomla", "localhost", folder="listings/joomla").start()
    try:
        run = crawl(tmp_path / "out", site.url(J), "--crawl", "--rate", "20")
    finally:
        site.stop()
    assert run.code == 0, run.stderr
    doc = run.by_url()[site.url(f"{J}/kiem-tra-tien-do-du-an-cao-toc-3105.html")]
    assert doc["title"] == "Kiểm tra tiến độ dự án cao tốc"
    assert doc["text"].startswith("Kiểm tra tiến độ dự án cao tốc: thông tin từ phóng viên.")
    assert "Tin liên quan" not in doc["text"]
    assert (
        "disallowed by robots.txt: "
        + site.url(f"{J}/ra-quan-lam-duong-giao-thong-nong-thon-3102.html")
        in run.stderr
    )
    assert "1 gone (dead links: HTTP 404/410), 0 failed" in run.stderr
    times = [s.time for s in site.requests if s.path != "/robots.txt"]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(gaps) == 9 and min(gaps) >= 0.045  # --rate 20: one request per 0.05 s


def test_related_links_wait_until_the_list_is_done(crawl, tmp_path):
    """--max-pages 10 is exactly the list: three listing pages and seven articles (3102 counts
    though robots.txt refuses it). 3101's related link to 2999 would otherwise be queued
    before page 2 and push page 3's article over the limit."""
    site = Site("joomla", "localhost", folder="listings/joomla").start()
    try:
        run = crawl(tmp_path / "out", site.url(J), "--crawl", "--max-pages", "10")
    finally:
        site.stop()
    assert run.code == 0, run.stderr
    requested = [s.path for s in site.requests if s.path != "/robots.txt"]
    list_only = [p for p in SITES["joomla"][1] if "2999" not in p]
    assert sorted(requested) == sorted(list_only)
    assert "1 over --max-pages" in run.stderr


def test_load_more_fragments_obey_robots_txt_and_the_rate(crawl, tmp_path):
    """Fragments are requested as any page: --rate spaces them, robots.txt can refuse them."""
    site = Site("paper", "localhost", folder="listings/paper").start()
    try:
        polite = crawl(tmp_path / "rate", site.url("/chinh-tri.htm"), "--crawl", "--rate", "20")
        first_run = [s for s in site.requests if s.path != "/robots.txt"]
        site.requests.clear()
        site.route("/robots.txt", body="User-agent: *\nDisallow: /timelinelist/\n")
        refused = crawl(tmp_path / "robots", site.url("/chinh-tri.htm"), "--crawl")
    finally:
        site.stop()
    assert polite.code == 0, polite.stderr
    fragments = [s for s in first_run if s.path.startswith("/timelinelist/")]
    assert [s.path for s in fragments] == [f"/timelinelist/1003/{n}.htm" for n in (2, 3, 4)]
    times = [s.time for s in first_run]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    # the page, five articles, three fragments; --rate 20: one request per 0.05 s
    assert len(gaps) == 8 and min(gaps) >= 0.045
    assert refused.code == 0, refused.stderr
    # The first fragment is named by the page (data-url with {page} = 2); robots.txt refuses
    # it, so 3 is never guessed. The two articles are the page's own.
    requested = [s.path for s in site.requests if s.path != "/robots.txt"]
    assert sorted(requested) == [
        "/chinh-tri.htm",
        "/dong-chi-bi-thu-tinh-uy-lam-viec-voi-huyen-bien-gioi-20251125083012345.htm",
        "/ky-hop-thu-nhat-hoi-dong-nhan-dan-tinh-khoa-moi-20251124101500123.htm",
    ]
    assert "disallowed by robots.txt: " + site.url("/timelinelist/1003/2.htm") in refused.stderr
