"""Hostile pages against the crawler, on the local fixture servers: XML bombs in feeds and
sitemaps, malformed links, redirects into the machine's own network or to other schemes, and
URLs crafted to steer file names out of the output folder. Each is refused with an error entry
for that page, and the crawl goes on.

(Size and time caps against decompression bombs and dripping servers: tests/crawl/test_limits.py.)
"""

from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.crawl.addresses import AddressGuard, is_public
from pipeline.crawl.discover import (
    DiscoveryError,
    Link,
    article_links,
    feed_links,
    pagination_links,
    sitemap_links,
)
from pipeline.crawl.rules import rules_for_url
from pipeline.crawl.urls import HostPolicy, UrlError, normalize_url
from pipeline.ingest.html import make_soup

ARTICLE = (
    "<html><body><article><h1>Hội nghị</h1><p>Đồng chí Hoàng Văn Thụ thăm xã Quang Trung, "
    "huyện Hà Quảng, tỉnh Cao Bằng.</p></article></body></html>"
)
GOOD = "/tin/dong-chi-hoang-van-thu-tham-xa"

BILLION_LAUGHS_ENTITIES = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
"""
FEED_BOMB = BILLION_LAUGHS_ENTITIES + b'<rss version="2.0"><channel><item><link>&lol9;</link>' + (
    b"</item></channel></rss>"
)
SITEMAP_BOMB = BILLION_LAUGHS_ENTITIES + (
    b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&lol9;</loc></url>'
    b"</urlset>"
)
SITEMAP_XXE = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&x;</loc></url></urlset>"""
BAD_LINKS = ["http://[::1", "https://x.vn:99999/a", "http://[", "javascript:alert(1)"]


def bodies(run) -> str:
    return (run.out / "documents.jsonl").read_text("utf-8")


# -- XML bombs ----------------------------------------------------------------------------


def test_xml_bombs_in_feed_and_sitemaps_are_refused_and_the_crawl_goes_on(site, crawl, tmp_path):
    site.route("/feed.xml", body=FEED_BOMB, content_type="application/rss+xml")
    site.route("/sitemap.xml", body=SITEMAP_BOMB, content_type="application/xml")
    site.route("/sitemap-xxe.xml", body=SITEMAP_XXE, content_type="application/xml")
    # a gzipped sitemap that inflates to 50 MB, far over --max-bytes
    site.route("/sitemap.xml.gz", body=gzip.compress(b" " * 50_000_000),
               content_type="application/x-gzip")
    site.route(GOOD, body=ARTICLE)
    starts = ["/feed.xml", "/sitemap.xml", "/sitemap-xxe.xml", "/sitemap.xml.gz", GOOD]
    run = crawl(tmp_path / "out", *(site.url(p) for p in starts), "--max-bytes", "1000000")
    assert run.code == 1  # some pages failed, the run finished
    docs = run.by_url()
    codes = {url.rsplit("/", 1)[1]: [e["code"] for e in d["errors"]] for url, d in docs.items()}
    assert codes == {
        "feed.xml": ["xml-entities"],
        "sitemap.xml": ["xml-entities"],
        "sitemap-xxe.xml": ["xml-entities"],
        "sitemap.xml.gz": ["too-large"],
        GOOD.rsplit("/", 1)[1]: [],
    }
    assert "Hoàng Văn Thụ" in docs[site.url(GOOD)]["text"]
    assert "lollol" not in bodies(run) and "root:" not in bodies(run)
    messages = {url.rsplit("/", 1)[1]: d["errors"][0]["message"] for url, d in docs.items()
                if d["errors"]}
    for name in ("feed.xml", "sitemap.xml", "sitemap-xxe.xml"):
        assert messages[name].startswith(site.url("/" + name)) and "refused" in messages[name]
    assert "--max-bytes" in messages["sitemap.xml.gz"]


# -- malformed links ----------------------------------------------------------------------


def test_malformed_links_are_skipped_and_the_others_kept():
    rules = rules_for_url("http://x/tin", ())
    good = "http://x/tin/dong-chi-tham-xa-1.html"
    rss = "".join(f"<item><link>{u}</link></item>" for u in [*BAD_LINKS, good])
    assert [link.url for link in feed_links(f"<rss><channel>{rss}</channel></rss>".encode(),
                                             "http://x/feed")] == [
        "javascript:alert(1)", good  # not a web page: the crawler's URL rules drop it
    ]
    urls = "".join(f"<url><loc>{u}</loc></url>" for u in [*BAD_LINKS, good])
    found = sitemap_links(f"<urlset>{urls}</urlset>".encode(), "http://x/s.xml", rules)
    assert good in [link.url for link in found]
    anchors = "".join(f'<a href="{u}" rel="next">a</a>' for u in [*BAD_LINKS, good])
    soup = make_soup(f"<html><body>{anchors}</body></html>")
    assert good in article_links(soup, "http://x/tin", rules)
    assert pagination_links(soup, "http://x/tin", rules)


def test_a_page_with_malformed_links_still_gives_its_document_and_links(site, crawl, tmp_path):
    second = "/tin/hoi-nghi-tong-ket-nam-2025"
    anchors = "".join(f'<a href="{u}">x</a>' for u in BAD_LINKS)
    site.route("/tin", body=f'<html><body>{anchors}<a href="{GOOD}">a</a>'
               f'<a href="{second}">b</a></body></html>')
    site.route(GOOD, body=ARTICLE.replace("</article>", f"{anchors}</article>"))
    site.route(second, body=ARTICLE.replace("Hội nghị", "Tổng kết"))
    run = crawl(tmp_path / "out", site.url("/tin"))
    assert run.code == 0, run.stderr
    assert sorted(run.by_url()) == sorted([site.url(GOOD), site.url(second)])
    assert "internal error" not in run.stderr


XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
hrefs = st.one_of(st.sampled_from(BAD_LINKS), st.text(max_size=30))


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(st.lists(hrefs, max_size=5))
def test_discovery_never_raises_on_any_link(links):
    rules = rules_for_url("http://x/tin", ())
    escaped = [html.escape(link) for link in links]
    items = "".join(f"<item><link>{u}</link></item>" for u in escaped)
    entries = "".join(f"<url><loc>{u}</loc></url>" for u in escaped)
    # A character XML does not allow (C0 controls but tab, newline, CR) makes the document
    # unreadable: DiscoveryError then, and a list of links otherwise, never anything else.
    unreadable = any(XML_FORBIDDEN.search(link) for link in links)
    for parse in (
        lambda: feed_links(f"<rss><channel>{items}</channel></rss>".encode(), "http://x/f"),
        lambda: sitemap_links(f"<urlset>{entries}</urlset>".encode(), "http://x/s.xml", rules),
    ):
        if unreadable:
            with pytest.raises(DiscoveryError):
                parse()
        else:
            found = parse()
            assert isinstance(found, list) and all(isinstance(u, Link) for u in found)
    anchors = "".join(f'<a rel="next" href="{html.escape(u, quote=True)}">a</a>' for u in links)
    soup = make_soup(f"<html><body>{anchors}</body></html>")
    article_links(soup, "http://x/tin", rules)
    pagination_links(soup, "http://x/tin", rules)


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.text(max_size=40), st.sampled_from(["", "http://x/a/", "https://[::1]:8/", "ftp://h/"]))
def test_url_normalisation_refuses_with_a_url_error_only(url, base):
    try:
        normalize_url(url, base or None)
    except UrlError as err:
        assert err.code in ("bad-url", "scheme")


# -- redirects and links into private networks --------------------------------------------


#: an article of the Joomla fixture site, served on 127.0.0.1
VI_ARTICLE = "/index.php/tin-trong-tinh/ha-quang-trong-cay-xanh-2005.html"


def test_redirect_to_a_loopback_host_not_named_by_a_start_url_is_refused(
    site, web, crawl, tmp_path
):
    site.route("/moved", status=302, location=web.vi.url(VI_ARTICLE))
    allow = ["--allow-host", f"127.0.0.1:{web.vi.port}"]
    run = crawl(tmp_path / "refused", site.url("/moved"), *allow)
    assert run.code == 1
    (doc,) = run.documents
    (error,) = doc["errors"]
    assert error["code"] == "private-address"
    assert "--allow-private-addresses" in error["message"] and "127.0.0.1" in error["message"]
    assert web.vi.requests == []  # not even its robots.txt

    run = crawl(tmp_path / "allowed", site.url("/moved"), *allow, "--allow-private-addresses")
    assert run.code == 0, run.stderr
    (doc,) = run.documents
    assert doc["source"]["url"] == web.vi.url(VI_ARTICLE)
    assert doc["title"] == "Hà Quảng trồng cây xanh"


def test_a_name_resolving_to_loopback_is_refused(site, web, crawl, tmp_path):
    """localhost is a name, not an address: what it resolves to decides."""
    web.vi.route("/moved", status=302, location=site.url(GOOD))
    site.route(GOOD, body=ARTICLE)
    run = crawl(tmp_path / "out", web.vi.url("/moved"), "--allow-host", f"localhost:{site.port}")
    (doc,) = run.documents
    assert doc["errors"][0]["code"] == "private-address"
    assert re.search(r"localhost \((127\.0\.0\.1|::1)\)", doc["errors"][0]["message"])
    assert site.seen(GOOD) == []


@pytest.mark.parametrize(
    "host",
    [
        "10.0.0.8", "172.16.5.4", "192.168.1.1", "169.254.169.254", "127.0.0.2", "0.0.0.0",
        "[::1]", "[::ffff:127.0.0.1]", "[fe80::1]", "[fd00::1]", "2130706433", "100.64.0.1",
    ],
)
def test_redirects_and_links_to_private_addresses_are_refused_before_connecting(
    host, site, crawl, tmp_path
):
    target = f"http://{host}:8080/tin/bai-viet-noi-bo"
    site.route("/moved", status=301, location=target)
    site.route("/tin", body=f'<html><body><a href="{target}">Bài viết</a></body></html>')
    run = crawl(tmp_path / "out", site.url("/moved"), site.url("/tin"),
                "--allow-host", f"{host}:8080", "--timeout", "5")
    # refused before connecting: a connection attempt would end in a timeout or refusal code
    errors = {d["source"]["url"]: d["errors"] for d in run.documents}
    assert errors[site.url("/moved")][0]["code"] == "private-address"
    (linked,) = [url for url in errors if "bai-viet-noi-bo" in url]
    assert errors[linked][0]["code"] == "private-address"


def test_address_guard_rules():
    answers = {
        "news.example": ["93.184.216.34"],
        "intranet.example": ["93.184.216.34", "10.1.2.3"],  # one private address is enough
        "metadata.example": ["169.254.169.254"],
        "v6.example": ["2606:4700::1111"],
        "mapped.example": ["::ffff:192.168.0.1"],
    }
    asked = []

    def resolver(host, port):
        asked.append(host)
        if host not in answers:
            raise OSError("Name or service not known")
        return answers[host]

    guard = AddressGuard(["metadata.example"], resolver)
    guard.check("https://news.example/a")
    guard.check("https://v6.example/a")
    guard.check("https://metadata.example/a")  # named by a start URL: trusted
    guard.check("https://unknown.example/a")  # does not resolve: the connection will say so
    for url in ("https://intranet.example/a", "http://mapped.example/"):
        with pytest.raises(UrlError) as err:
            guard.check(url)
        assert err.value.code == "private-address"
    guard.check("https://news.example/b")
    assert asked.count("news.example") == 1  # resolved once per host
    assert "metadata.example" not in asked
    assert not is_public("not an address") and is_public("8.8.8.8")


def test_start_hosts_and_allowed_v6_hosts():
    policy = HostPolicy(["http://127.0.0.1:8000/"], ["[::1]:9000", "fd00::5", "*.gov.vn"])
    assert policy.start_hosts == ("127.0.0.1",)
    assert policy.allows("http://[::1]:9000/a") and not policy.allows("http://[::1]:9001/a")
    assert policy.allows("http://[fd00::5]/a")


# -- other schemes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "code"),
    [("file:///etc/passwd", "redirect-scheme"), ("ftp://127.0.0.1/pub/x", "redirect-scheme"),
     ("data:text/html,<p>x</p>", "redirect-scheme"), ("javascript:alert(1)", "redirect-scheme"),
     ("gopher://127.0.0.1:70/", "redirect-scheme"),
     ("//[::1", "bad-url")],  # an IPv6 host never closed: no URL at all
)
def test_redirects_to_other_schemes_or_bad_urls_are_refused(target, code, site, crawl, tmp_path):
    site.route("/evil", status=302, location=target)
    site.route(GOOD, body=ARTICLE)
    run = crawl(tmp_path / "out", site.url("/evil"), site.url(GOOD))
    docs = run.by_url()
    (error,) = docs[site.url("/evil")]["errors"]
    assert error["code"] == code, run.stderr
    assert docs[site.url(GOOD)]["errors"] == []
    assert "internal error" not in run.stderr


# -- file names derived from URLs ---------------------------------------------------------

TRICKY_PATHS = [
    "/tin/..%2f..%2f..%2fescape.json",
    "/tin/%2e%2e/%2e%2e/%2e%2e/escape",
    "/tin/%2E%2E%5C%2E%2E%5Cescape",
    "/tin/a%00b.json",
    "/tin/" + "x" * 3000,
    "/..",
]


def tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def test_url_derived_names_cannot_leave_the_output_folder(site, crawl, tmp_path):
    """No file name is built from a URL: documents are named by their id, 16 hex digits of a
    hash of the URL. Crafted URLs and ids give files inside the output folders only."""
    for path in TRICKY_PATHS:
        site.route(path, body=ARTICLE.replace("Hội nghị", path[:50]))
    before = tree(tmp_path)
    out = tmp_path / "work" / "crawl"
    run = crawl(out, *(site.url(p) for p in TRICKY_PATHS))
    assert len(run.documents) == len(TRICKY_PATHS)
    records = tmp_path / "work" / "records"
    assert main(["extract", str(out), "--output", str(tmp_path / "work" / "r.jsonl"),
                 "--output-dir", str(records), "--workers", "1", "--no-progress"]) in (0, 1)
    # a documents.jsonl crafted by hand: ids that are paths
    crafted = tmp_path / "work" / "crafted.jsonl"
    ids = ["../../escape", "/tmp/escape", "..", "a/../../b", "0123456789abcdef/../x"]
    crafted.write_text("".join(json.dumps({"id": i, "text": "Tekst."}) + "\n" for i in ids))
    assert main(["extract", str(crafted), "--output", str(tmp_path / "work" / "c.jsonl"),
                 "--output-dir", str(records), "--workers", "1", "--no-progress"]) == 1

    new = tree(tmp_path) - before
    assert new and all(name.startswith("work") for name in new), sorted(new)
    assert all(re.fullmatch(r"[0-9a-f]{16}\.json", p.name) for p in records.iterdir())
    assert len(list(records.iterdir())) == len(TRICKY_PATHS) + len(ids)
    assert {p.name for p in out.iterdir()} == {"documents.jsonl", "warc", "crawl", "runs.jsonl"}
    warcs = list((out / "warc").iterdir())
    assert warcs and all(re.fullmatch(r"crawl-\d{8}T\d{6}Z-\d+-\d{3}\.warc\.gz", p.name)
                         for p in warcs)
    crafted_records = [json.loads(line) for line in (tmp_path / "work" / "c.jsonl").open()]
    assert [r["errors"][0]["code"] for r in crafted_records] == ["malformed"] * len(ids)

