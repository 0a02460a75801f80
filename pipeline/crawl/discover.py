"""Finding pages: article links and pagination on listing pages, entries of RSS/Atom feeds and
sitemaps. XML is parsed with defusedxml: entity expansion (billion laughs) and external
references are refused, never evaluated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeET
from bs4 import BeautifulSoup

from pipeline.crawl.limits import BodyTooLarge, gunzip_capped
from pipeline.crawl.rules import CrawlRules
from pipeline.ingest.dates import parse_published
from pipeline.ingest.html import resolve_link

_ROOT_TAG = re.compile(rb"<([A-Za-z_][\w:.-]*)")
_FEED_ROOTS = {"rss", "feed", "rdf"}
_SITEMAP_ROOTS = {"urlset", "sitemapindex"}


class DiscoveryError(ValueError):
    """A feed or sitemap cannot be read; `code` names the problem for error entries."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Link:
    url: str
    role: str  # article, listing, feed or sitemap
    date: str | None = None  # YYYY-MM-DD, from a feed or sitemap entry

    def to_json(self) -> list:
        return [self.url, self.role, self.date]

    @classmethod
    def from_json(cls, data: list) -> Link:
        return cls(url=data[0], role=data[1], date=data[2])


def sniff(body: bytes, content_type: str = "") -> str:
    """What a response is by its first bytes: feed, sitemap, gzip, html or other."""
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    lowered = head.lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "html"
    if lowered.startswith(b"<"):
        for match in _ROOT_TAG.finditer(head):
            local = match.group(1).decode("ascii", "replace").split(":")[-1].lower()
            if local in ("xml", "xml-stylesheet"):
                continue
            if local in _FEED_ROOTS:
                return "feed"
            if local in _SITEMAP_ROOTS:
                return "sitemap"
            break
        return "html"
    kind = content_type.split(";")[0].strip().lower()
    if kind in ("text/html", "application/xhtml+xml") or not kind:
        return "html"
    return "other"


def ungzip(body: bytes, max_bytes: int, what: str) -> bytes:
    """A gzip file served as such (sitemap.xml.gz), under the size cap."""
    try:
        return gunzip_capped(body, max_bytes, what)
    except BodyTooLarge as err:
        raise DiscoveryError("too-large", str(err)) from None
    except ValueError as err:
        raise DiscoveryError("gzip", str(err)) from None


def parse_xml(body: bytes, what: str) -> Element:
    try:
        return SafeET.fromstring(body)
    except (defusedxml.DTDForbidden, defusedxml.EntitiesForbidden) as err:
        raise DiscoveryError(
            "xml-entities", f"{what}: XML with entity declarations refused ({err})"
        ) from None
    except defusedxml.ExternalReferenceForbidden as err:
        raise DiscoveryError(
            "xml-external", f"{what}: XML with external references refused ({err})"
        ) from None
    except (ParseError, ValueError) as err:
        raise DiscoveryError("xml", f"{what}: not well-formed XML ({err})") from None


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1].split(":")[-1].lower()


def _children(node: Element, name: str) -> list[Element]:
    return [child for child in node if _local(child.tag) == name]


def _text(node: Element, *names: str) -> str | None:
    for name in names:
        for child in _children(node, name):
            if child.text and child.text.strip():
                return child.text.strip()
    return None


def _entry_date(value: str | None) -> str | None:
    if not value:
        return None
    found = parse_published(value)
    if found:
        return found
    try:  # RSS dates: 'Tue, 14 Oct 2025 08:30:00 +0700'
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def feed_links(body: bytes, base_url: str) -> list[Link]:
    """Article links of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, in feed order."""
    root = parse_xml(body, base_url)
    links: list[Link] = []
    for node in root.iter():
        name = _local(node.tag)
        if name == "item":  # RSS
            href = _text(node, "link")
            if not href:
                for guid in _children(node, "guid"):
                    if (guid.get("isPermaLink") or "true").lower() != "false" and guid.text:
                        href = guid.text.strip()
            date = _entry_date(_text(node, "pubdate", "date", "published", "updated"))
        elif name == "entry":  # Atom
            href = None
            for link in _children(node, "link"):
                if (link.get("rel") or "alternate") == "alternate" and link.get("href"):
                    href = link.get("href")
                    break
            date = _entry_date(_text(node, "published", "updated"))
        else:
            continue
        url = resolve_link(href, base_url)
        if url:
            links.append(Link(url, "article", date))
    return links


def sitemap_links(body: bytes, base_url: str, rules: CrawlRules) -> list[Link]:
    """Entries of a sitemap (article links) or a sitemap index (more sitemaps)."""
    root = parse_xml(body, base_url)
    kind = _local(root.tag)
    links: list[Link] = []
    for node in root:
        name = _local(node.tag)
        url = resolve_link(_text(node, "loc"), base_url)
        if not url:
            continue
        if kind == "sitemapindex" and name == "sitemap":
            links.append(Link(url, "sitemap", _entry_date(_text(node, "lastmod"))))
        elif kind == "urlset" and name == "url":
            if rules.profile is not None and not rules.is_article_url(url):
                continue  # category and static pages listed beside the articles
            news = [c for c in node if _local(c.tag) == "news"]
            published = _text(news[0], "publication_date") if news else None
            links.append(Link(url, "article", _entry_date(published or _text(node, "lastmod"))))
    return links


def _hrefs(soup: BeautifulSoup, selector: str, base_url: str) -> list[str]:
    try:
        nodes = soup.select(selector)
    except (ValueError, NotImplementedError):  # soupsieve rejects the selector
        return []
    out = []
    for node in nodes:
        href = node.get("href")
        url = resolve_link(href, base_url)
        if url and not href.strip().startswith("#"):
            out.append(url)
    return out


def _unique(urls: list[str]) -> list[str]:
    return list(dict.fromkeys(urls))


def article_links(soup: BeautifulSoup, base_url: str, rules: CrawlRules) -> list[str]:
    """Links to articles, in page order: the profile's selectors filtered by its article_url."""
    found: list[str] = []
    for selector in rules.article_links:
        found.extend(_hrefs(soup, selector, base_url))
    return [u for u in _unique(found) if rules.is_article_url(u) and not rules.is_skipped(u)]


def pagination_links(soup: BeautifulSoup, base_url: str, rules: CrawlRules) -> list[str]:
    """The next listing page(s): the first pagination selector that finds any link wins, so
    a profile can prefer 'next' over the full list of page numbers."""
    for selector in rules.pagination:
        found = [
            u
            for u in _unique(_hrefs(soup, selector, base_url))
            if not rules.is_article_url(u) and not rules.is_skipped(u)
        ]
        if found:
            return found
    return []


def looks_like_article(soup: BeautifulSoup, url: str, rules: CrawlRules) -> bool:
    """For a start URL of unknown kind: the profile's article_url decides; without a profile,
    article metadata or a single article element does."""
    if rules.article_url is not None:
        return rules.is_article_url(url)
    og_type = soup.select_one("meta[property='og:type'][content]")
    if og_type is not None:
        return str(og_type.get("content")).strip().lower() == "article"
    if soup.select_one("meta[property='article:published_time']") is not None:
        return True
    return len(soup.select("article")) == 1 or rules.is_article_url(url)
