"""`pipeline profile suggest`: a profile drafted from a fixture site's pages reads the site as
well as a hand-written one (tests/crawl/fixtures/listings/paper, served live)."""

import tomllib
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.crawl.profile_suggest import Page, article_url_pattern, suggest_profile
from pipeline.ingest.html import make_soup

from .server import Site

ARTICLES = [
    "/dong-chi-bi-thu-tinh-uy-lam-viec-voi-huyen-bien-gioi-20251125083012345.htm",
    "/tinh-hoan-thanh-sap-xep-don-vi-hanh-chinh-cap-xa-20251123093000456.htm",
]

# What a person writes for this CMS after reading its markup.
HAND_WRITTEN = """\
name = "paper-by-hand"
language = "vi"
hosts = ["localhost"]

[article]
title = ["h1.detail-title"]
published = [".detail-time"]
body = [".detail-content"]
drop = ["script", "style", ".box-related"]

[crawl]
article_url = '^/[a-z0-9-]+-\\d{17}\\.htm$'
article_links = ["a[href]"]
pagination = [".list__pagination a[href]"]
"""


@pytest.fixture
def paper():
    site = Site("paper", "localhost", folder="listings/paper").start()
    yield site
    site.stop()


def test_suggest_prints_a_profile_in_the_bundled_format(paper, capsys):
    sources = [paper.url("/thoi-su.htm"), *map(paper.url, ARTICLES)]
    code = main(["profile", "suggest", *sources, "--rate", "20"])
    assert code == 0
    profile = tomllib.loads(capsys.readouterr().out)
    assert profile["hosts"] == ["localhost"] and profile["language"] == "vi"
    assert profile["article"]["title"][0] == "h1.detail-title"  # the page's h1, not og:title
    assert profile["article"]["published"] == ["div.detail-time"]
    assert profile["article"]["body"] == ["div.detail-content"]
    assert profile["article"]["title_suffix"] == " - Báo Nhân dân tỉnh"  # from <title>
    assert profile["crawl"]["article_url"] == r"^/[^/?#]*\d{4,}\.htm$"
    assert profile["crawl"]["pagination"] == ["div.list__pagination a[href]", "a[rel~=next][href]"]


def test_a_suggested_profile_reads_the_site_as_well_as_a_hand_written_one(paper, crawl, tmp_path):
    suggested, by_hand = tmp_path / "suggested", tmp_path / "by-hand"
    suggested.mkdir()
    by_hand.mkdir()
    (by_hand / "paper.toml").write_text(HAND_WRITTEN, "utf-8")
    sources = [paper.url("/thoi-su.htm"), *map(paper.url, ARTICLES)]
    out = ["--out", str(suggested / "paper.toml"), "--rate", "20"]
    assert main(["profile", "suggest", *sources, *out]) == 0

    runs = {}
    for folder in (suggested, by_hand):
        run = crawl(
            tmp_path / f"out-{folder.name}", paper.url("/thoi-su.htm"), "--crawl",
            "--profiles", str(folder),
        )  # fmt: skip
        assert run.code == 0, run.stderr
        runs[folder.name] = {
            url: (doc["title"], doc["published"], doc["text"], doc["errors"])
            for url, doc in run.by_url().items()
        }
    assert runs["suggested"] == runs["by-hand"]
    assert len(runs["suggested"]) == 5  # the five articles of /thoi-su.htm's three pages
    title, published, text, errors = runs["suggested"][paper.url(ARTICLES[0])]
    assert title == "Bí thư Tỉnh ủy làm việc với huyện biên giới"
    assert published == "2025-11-25"  # "25/11/2025 08:30 (GMT+7)" under the headline
    assert text.startswith("Bí thư Tỉnh ủy làm việc với huyện biên giới: thông tin")
    assert "Tin liên quan" not in text and errors == []


def test_live_pages_are_fetched_as_politely_as_a_crawl(paper, capsys):
    """robots.txt first, then one page per 1/--rate seconds, with the crawler's User-Agent."""
    sources = [paper.url("/thoi-su.htm"), *map(paper.url, ARTICLES)]
    assert main(["profile", "suggest", *sources, "--rate", "10", "--contact", "a@b.vn"]) == 0
    paths = [s.path for s in paper.requests]
    assert paths == ["/robots.txt", "/thoi-su.htm", *ARTICLES]
    times = [s.time for s in paper.requests]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(gaps) == 3 and min(gaps) >= 0.09  # --rate 10: one request per 0.1 s
    agent = paper.requests[1].headers["User-Agent"]
    assert agent.startswith("pipeline-crawler/") and "+a@b.vn" in agent


def test_a_page_robots_txt_disallows_is_not_fetched(capsys):
    site = Site("joomla", "localhost", folder="listings/joomla").start()
    refused = "/index.php/tin-trong-tinh/ra-quan-lam-duong-giao-thong-nong-thon-3102.html"
    try:
        code = main(["profile", "suggest", site.url(refused), "--rate", "20"])
    finally:
        site.stop()
    assert code == 2
    assert f"cannot fetch: {site.url(refused)}: disallowed by robots.txt" in capsys.readouterr().err
    assert [s.path for s in site.requests] == ["/robots.txt"]


def test_a_missing_page_is_named_with_its_status(paper, capsys):
    assert main(["profile", "suggest", paper.url("/khong-co.htm"), "--rate", "20"]) == 2
    assert f"cannot fetch: {paper.url('/khong-co.htm')}: HTTP 404" in capsys.readouterr().err


def test_a_saved_page_without_its_address_is_refused(tmp_path, capsys):
    page = tmp_path / "a.html"
    page.write_text("<html><body><h1>T</h1><p>x</p></body></html>", "utf-8")
    assert main(["profile", "suggest", str(page)]) == 2
    assert "needs its address" in capsys.readouterr().err


def test_article_url_pattern_keeps_what_the_urls_share():
    urls = [
        "http://h/index.php/tin-trong-tinh/hoi-nghi-so-ket-3101.html",
        "http://h/index.php/tin-trong-tinh/trao-qua-3103.html",
    ]
    # Joomla files articles under categories: the category is not part of the pattern
    assert article_url_pattern(urls) == r"^/index\.php/[^/?#]+/[^/?#]*\d{4,}\.html$"
    wordpress = ["http://h/2025/11/20/khanh-thanh-cau/", "http://h/2025/11/23/khai-mac/"]
    assert article_url_pattern(wordpress) == r"^/\d+/\d+/\d+/[^/?#]+/?$"


def test_saved_pages_are_read_by_their_canonical_address(tmp_path, capsys):
    """Pages saved from a browser: the address comes from the canonical link, and the host
    of the profile from it."""
    folder = tmp_path / "saved"
    folder.mkdir()
    fixtures = Path(__file__).with_name("fixtures") / "listings" / "eportal"
    names = {
        "listing-1.html": "/tin-tuc-su-kien.html",
        "tin-1.html": "/tin-tuc-su-kien/ubnd-tinh-hop-phien-thuong-ky-thang-11-nam-2025-5201.html",
        "tin-2.html": "/tin-tuc-su-kien/cong-bo-quyet-dinh-thanh-lap-xa-moi-5202.html",
    }
    for name, path in names.items():
        html = (fixtures / name).read_text("utf-8")
        canonical = f'<link rel="canonical" href="https://caobang.gov.vn{path}">'
        (folder / name).write_text(html.replace("</head>", canonical + "</head>", 1), "utf-8")
    assert main(["profile", "suggest", *(str(folder / n) for n in names)]) == 0
    profile = tomllib.loads(capsys.readouterr().out)
    assert profile["name"] == "caobang-gov-vn" and profile["hosts"] == ["caobang.gov.vn"]
    assert profile["article"]["body"] == ["div.detail-content"]
    # the e-portal's article URLs: a category folder, then slug and id
    assert profile["crawl"]["article_url"] == r"^/[^/?#]+/[^/?#]*\d{4,}\.html$"
    # "»" and "2" sit in div.paging
    assert profile["crawl"]["pagination"] == ["div.paging a[href]", "a[rel~=next][href]"]


def test_an_out_file_that_cannot_be_written_is_a_message_not_a_traceback(paper, tmp_path, capsys):
    sources = [paper.url("/thoi-su.htm"), *map(paper.url, ARTICLES)]
    out = tmp_path / "no-such-folder" / "paper.toml"
    assert main(["profile", "suggest", *sources, "--rate", "20", "--out", str(out)]) == 2
    assert f"cannot write the profile to {out}: No such file or directory" in (
        capsys.readouterr().err
    )


def test_a_title_written_over_two_lines_gives_a_suffix_as_parse_html_reads_it():
    """<title> split over lines: the suffix has its spaces collapsed (as parse_html compares
    it), and the profile is valid TOML whatever the page's title holds."""
    paragraph = "<p>Đoàn công tác của tỉnh đã làm việc với lãnh đạo huyện về tình hình.</p>"

    def article(n: int) -> Page:
        html = (
            f"<html><head><title>Tin số {n}\n\t  - Báo \"Biên giới\"</title></head><body>"
            f'<h1 class="detail-title">Tin số {n}</h1>'
            f'<div class="detail-content">{paragraph * 3}</div></body></html>'
        )
        url = f"https://bien.example.vn/tin-so-{n}-12345{n}.htm"
        return Page(f"a{n}.html", url, make_soup(html))

    text = suggest_profile([article(1), article(2)]).to_toml()
    assert tomllib.loads(text)["article"]["title_suffix"] == ' - Báo "Biên giới"'


def test_a_redirect_to_another_host_needs_allow_host(paper, capsys):
    """As in a crawl: the site answering from another name (here 127.0.0.1 for localhost, as
    www.site.vn for site.vn) is fetched only when named; the refusal says how."""
    other = f"127.0.0.1:{paper.port}"
    paper.route("/cu.htm", status=301, location=f"http://{other}/thoi-su.htm")
    sources = [paper.url("/cu.htm"), *map(paper.url, ARTICLES), "--rate", "20"]
    assert main(["profile", "suggest", *sources]) == 2
    assert f"pass --allow-host {other} to fetch it" in capsys.readouterr().err
    allowed = ["--allow-host", other, "--allow-private-addresses"]
    assert main(["profile", "suggest", *sources, *allowed]) == 0
    profile = tomllib.loads(capsys.readouterr().out)
    assert profile["hosts"] == ["127.0.0.1", "localhost"]  # the listing's final address counts


def test_boxes_inside_the_body_are_dropped_by_the_words_of_their_class():
    """data/common/profile_suggest.toml's drop_tokens: "tinlienquan" in box-tinlienquan and
    "share" in share_bar name boxes to drop; "noi-dung-phu" names none of them."""
    paragraph = "<p>Đoàn công tác của tỉnh đã làm việc với lãnh đạo huyện về tình hình.</p>"
    boxes = (
        '<div class="box-tinlienquan"><a href="/a">Tin liên quan</a></div>'
        '<div class="share_bar">Chia sẻ</div><div class="noi-dung-phu">Ảnh: TTXVN</div>'
    )

    def article(n: int) -> Page:
        html = (
            f"<html><head><title>Tin số {n}</title></head><body><h1>Tin số {n}</h1>"
            f'<div class="detail-content">{paragraph * 3}{boxes}</div></body></html>'
        )
        url = f"https://bien.example.vn/tin-so-{n}-12345{n}.htm"
        return Page(f"a{n}.html", url, make_soup(html))

    profile = tomllib.loads(suggest_profile([article(1), article(2)]).to_toml())
    assert profile["article"]["drop"] == [
        "script", "style", "noscript", "iframe", "form", "div.box-tinlienquan", "div.share_bar",
    ]  # fmt: skip
