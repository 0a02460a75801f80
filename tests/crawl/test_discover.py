"""Discovery: listing links and pagination by profile, feeds and sitemaps via defusedxml."""

import gzip

import pytest

from pipeline.crawl.discover import (
    DiscoveryError,
    Link,
    article_links,
    feed_links,
    looks_like_article,
    pagination_links,
    sitemap_links,
    sniff,
    ungzip,
)
from pipeline.crawl.rules import crawl_rules
from pipeline.ingest.html import make_soup
from pipeline.ingest.site_profiles import ProfileError, SiteProfile, load_profiles

from .server import FIXTURES

BASE = "http://127.0.0.1:8000"


def fixture(site, name):
    text = (FIXTURES / site / name).read_text("utf-8")
    return text.replace("{{BASE}}", BASE).replace("{{VI}}", BASE).replace("{{PL}}", "http://pl")


@pytest.fixture(scope="module")
def joomla(profiles_dir):
    (profile,) = [p for p in load_profiles((str(profiles_dir),)) if p.name == "joomla-tuyengiao"]
    return crawl_rules(profile)


def test_joomla_listing_links_and_next_page(joomla):
    soup = make_soup(fixture("joomla", "listing-1.html"))
    url = BASE + "/index.php/tin-trong-tinh"
    assert not looks_like_article(soup, url, joomla)
    links = article_links(soup, url, joomla)
    assert [u.rsplit("/", 1)[-1] for u in links] == [
        "tai-lieu-hoi-nghi-noi-bo-7.html",  # from the menu; robots.txt decides later
        "hoi-nghi-ban-chap-hanh-dang-bo-tinh-lan-thu-15-2101.html",
        "thach-an-ra-quan-lam-duong-giao-thong-nong-thon-2102.html",
        "xuat-nhap-khau-qua-cua-khau-tang-manh-2103.html",
    ]
    # "next" wins over the page numbers; print views are not articles
    assert pagination_links(soup, url, joomla) == [url + "?start=3"]
    assert joomla.is_skipped(links[1] + "?tmpl=component&print=1")


def test_joomla_last_page_falls_back_to_page_numbers(joomla):
    soup = make_soup(fixture("joomla", "listing-4.html"))
    pages = pagination_links(soup, BASE + "/index.php/tin-trong-tinh?start=9", joomla)
    assert BASE + "/index.php/tin-trong-tinh?start=3" in pages


def test_generic_rules_without_a_profile():
    rules = crawl_rules(None)
    soup = make_soup(
        '<a href="/tin/dong-chi-tham-xa-quang-trung">a</a> <a href="/lien-he">b</a>'
        '<a href="/tin/bai-viet-ve-nong-thon-moi?print=1">c</a>'
        '<a href="/files/bao-cao-tong-ket-nam-2024.pdf">d</a>'
        '<a rel="next" href="/tin?page=2">next</a>'
    )
    assert article_links(soup, "http://x/tin", rules) == [
        "http://x/tin/dong-chi-tham-xa-quang-trung"
    ]
    assert pagination_links(soup, "http://x/tin", rules) == ["http://x/tin?page=2"]
    article = make_soup('<meta property="og:type" content="article"><p>x</p>')
    assert looks_like_article(article, "http://x/a", rules)


def test_bad_crawl_table_is_a_clear_profile_error(tmp_path):
    profile = SiteProfile(
        name="x", body=("main",), crawl={"article_url": "([unclosed"}, path="x.toml"
    )
    with pytest.raises(ProfileError, match=r"x.toml: \[crawl\] article_url is not a valid"):
        crawl_rules(profile)
    with pytest.raises(ProfileError, match="unknown keys"):
        crawl_rules(SiteProfile(name="y", body=("main",), crawl={"artcle_url": "x"}))


def test_sniff():
    assert sniff(b"\xef\xbb\xbf<?xml version='1.0'?>\n<rss version='2.0'>") == "feed"
    assert sniff(b'<?xml version="1.0"?><?xml-stylesheet href="x"?><feed xmlns="a">') == "feed"
    assert sniff(b"<rdf:RDF xmlns:rdf='x'>") == "feed"
    assert sniff(b"<urlset xmlns='x'>") == "sitemap"
    assert sniff(b"<!DOCTYPE html><html>") == "html"
    assert sniff(gzip.compress(b"<urlset/>")) == "gzip"
    assert sniff(b"%PDF-1.4", "application/pdf") == "other"


def test_rss_feed_links_and_dates():
    links = feed_links(fixture("joomla", "feed.rss").encode(), BASE + "/feed")
    assert [(link.url.rsplit("-", 1)[-1], link.role, link.date) for link in links] == [
        ("2101.html", "article", "2025-10-14"),
        ("2102.html", "article", "2025-10-12"),
        ("2010.html", "article", "2024-12-20"),  # from the guid: the item has no <link>
    ]


def test_atom_feed():
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>
      <entry><title>a</title><link rel="alternate" href="/pl/a-b-c-d"/>
        <link rel="enclosure" href="/img.jpg"/><updated>2025-10-15T10:12:00+07:00</updated></entry>
      <entry><title>b</title><link href="http://pl/pl/e-f-g-h"/><published>2025-10-13</published></entry>
    </feed>"""
    assert feed_links(atom, "http://pl/pl/atom.xml") == [
        Link("http://pl/pl/a-b-c-d", "article", "2025-10-15"),
        Link("http://pl/pl/e-f-g-h", "article", "2025-10-13"),
    ]


def test_sitemaps(joomla):
    index = sitemap_links(fixture("joomla", "sitemap-index.xml").encode(), BASE + "/s.xml", joomla)
    assert index == [
        Link(BASE + "/sitemap-tin.xml", "sitemap", "2025-10-14"),
        Link(BASE + "/sitemap-cu.xml.gz", "sitemap", "2024-12-31"),
    ]
    urls = sitemap_links(fixture("joomla", "sitemap-tin.xml").encode(), BASE + "/s.xml", joomla)
    assert [(link.url.rsplit("-", 1)[-1], link.date) for link in urls] == [
        ("2101.html", "2025-10-14"),  # news:publication_date before lastmod
        ("2103.html", "2025-10-10"),
        ("2095.html", "2025-10-02"),
    ]  # the category page listed in the sitemap is not an article
    packed = gzip.compress(fixture("joomla", "sitemap-cu.xml").encode())
    assert b"<urlset" in ungzip(packed, 100_000, "s.xml.gz")
    with pytest.raises(DiscoveryError):
        ungzip(gzip.compress(b"x" * 200_000), 100_000, "s.xml.gz")


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss version="2.0"><channel><item><link>&lol9;</link></item></channel></rss>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<urlset><url><loc>&x;</loc></url></urlset>"""


def test_hostile_xml_is_refused_not_expanded(joomla):
    with pytest.raises(DiscoveryError) as err:
        feed_links(BILLION_LAUGHS, "http://x/feed")
    assert err.value.code == "xml-entities"
    with pytest.raises(DiscoveryError):
        sitemap_links(EXTERNAL, "http://x/s.xml", joomla)
    with pytest.raises(DiscoveryError) as err:
        feed_links(b"<rss><channel><item>", "http://x/feed")
    assert err.value.code == "xml"


def test_hostile_feed_on_a_live_site_is_an_error_entry(site, crawl, tmp_path):
    site.route("/feed.xml", body=BILLION_LAUGHS, content_type="application/rss+xml")
    run = crawl(tmp_path / "out", site.url("/feed.xml"))
    assert run.code == 1
    (doc,) = run.documents
    assert doc["errors"][0]["code"] == "xml-entities"
