"""One response to what the crawl learns from it: a document, links, or an error entry.

`read_page` is shared by the live crawl and the offline re-parse of WARC files, so both give
the same documents for the same bytes.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from pipeline.crawl import listing
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
from pipeline.crawl.fetcher import Fetch, FetchError, FetchRequest, FetchResponse
from pipeline.crawl.robots import RobotsDisallowed
from pipeline.crawl.rules import CrawlRules, rules_for_url
from pipeline.crawl.urls import HostPolicy, UrlError, host_of, normalize_url
from pipeline.document import Document, Source, document_id, error_entry
from pipeline.ingest.decode import DecodeError, decode_bytes
from pipeline.ingest.html import HtmlError, make_soup, parse_html
from pipeline.ingest.site_profiles import SiteProfile

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)

FETCHED, NOT_MODIFIED, ROBOTS, FAILED = "fetched", "not-modified", "robots", "failed"


@dataclass
class PageOutcome:
    status: str  # fetched, not-modified, robots or failed
    url: str  # the final URL (after redirects), or the requested one when nothing came back
    kind: str = ""  # article, listing, feed, sitemap, or error
    document: Document | None = None
    links: list[Link] = field(default_factory=list)
    pagination: list[str] = field(default_factory=list)
    http_status: int = 0
    etag: str | None = None
    last_modified: str | None = None
    redirects: tuple[str, ...] = ()
    message: str = ""


def iso_utc(value: str | None) -> str:
    """An HTTP date (the Date header) as ISO 8601 UTC; now when absent or unreadable."""
    when = None
    if value:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            when = None
    if when is None:
        when = datetime.now(UTC)
    elif when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def declared_charset(headers: Mapping[str, str], body: bytes) -> str | None:
    """The Content-Type charset, unless the body shows it wrong.

    Servers often label UTF-8 pages with a legacy default (ISO-8859-1); bytes that are valid
    UTF-8 and not plain ASCII are UTF-8 in practice, so such a label is ignored and the page's
    meta tag / UTF-8 / detection decide (see pipeline.ingest.decode).
    """
    match = _CHARSET.search(headers.get("Content-Type", "") or "")
    if not match:
        return None
    label = match.group(1)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name != "utf-8" and not body.isascii():
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return label
        return None
    return label


def failure(
    url: str,
    code: str,
    message: str,
    *,
    fetched_at: str | None = None,
    site: str | None = None,
    http_status: int = 0,
    status: str = FAILED,
) -> PageOutcome:
    doc = Document(
        id=document_id(url=url),
        text="",
        source=Source(
            url=url, site=site or host_of(url) or None, fetched_at=fetched_at or iso_utc(None)
        ),
        errors=[error_entry("ingest", code, message)],
    )
    return PageOutcome(
        status=status, url=url, kind="error", document=doc, http_status=http_status, message=message
    )


def visit(
    request: FetchRequest,
    fetch: Fetch,
    *,
    profiles: tuple[SiteProfile, ...],
    policy: HostPolicy,
    max_bytes: int,
) -> PageOutcome:
    """Fetch one page through the layers and read it."""
    try:
        response = fetch(request)
    except RobotsDisallowed as err:
        return PageOutcome(status=ROBOTS, url=request.url, message=str(err))
    except FetchError as err:
        date = err.partial.headers.get("Date") if err.partial is not None else None
        rules = rules_for_url(request.url, profiles)
        return failure(request.url, err.code, str(err), fetched_at=iso_utc(date), site=rules.name)
    return read_response(
        request.role, response, profiles=profiles, policy=policy, max_bytes=max_bytes
    )


def read_response(
    role: str,
    response: FetchResponse,
    *,
    profiles: tuple[SiteProfile, ...],
    policy: HostPolicy,
    max_bytes: int,
) -> PageOutcome:
    url = response.url
    fetched_at = iso_utc(response.headers.get("Date"))
    validators = {
        "etag": response.headers.get("ETag"),
        "last_modified": response.headers.get("Last-Modified"),
    }
    if response.not_modified:
        return PageOutcome(
            status=NOT_MODIFIED,
            url=url,
            http_status=304,
            redirects=response.redirects,
            **validators,
        )
    if not 200 <= response.status < 300:
        message = f"{url}: HTTP {response.status} {response.reason}".rstrip()
        retry_after = response.headers.get("Retry-After")
        if retry_after:
            message += f" (the server asks to retry after {retry_after})"
        if response.redirects:
            message += f", reached from {response.redirects[0]}"
        rules = rules_for_url(url, profiles)
        outcome = failure(
            url,
            f"http-{response.status}",
            message,
            fetched_at=fetched_at,
            site=rules.name,
            http_status=response.status,
        )
        outcome.redirects = response.redirects
        return outcome
    outcome = read_page(
        url,
        response.body,
        response.headers,
        role,
        fetched_at=fetched_at,
        profiles=profiles,
        policy=policy,
        max_bytes=max_bytes,
    )
    outcome.http_status = response.status
    outcome.redirects = response.redirects
    if outcome.kind != "error":
        outcome.etag, outcome.last_modified = validators["etag"], validators["last_modified"]
    return outcome


def read_page(
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    role: str,
    *,
    fetched_at: str,
    profiles: tuple[SiteProfile, ...],
    policy: HostPolicy,
    max_bytes: int,
) -> PageOutcome:
    """Bytes of a 2xx response to a document, a listing's links, or a feed/sitemap's entries."""
    rules = rules_for_url(url, profiles)
    try:
        kind = sniff(body, headers.get("Content-Type", "") or "")
        if kind == "gzip":
            body = ungzip(body, max_bytes, url)
            kind = sniff(body, "")
        if kind == "feed":
            return PageOutcome(status=FETCHED, url=url, kind="feed", links=feed_links(body, url))
        if kind == "sitemap":
            links = sitemap_links(body, url, rules)
            return PageOutcome(status=FETCHED, url=url, kind="sitemap", links=links)
        if kind == "other":
            content_type = headers.get("Content-Type", "") or "unknown"
            return failure(
                url,
                "content-type",
                f"{url}: not a web page ({content_type})",
                fetched_at=fetched_at,
                site=rules.name,
            )
        text, _ = decode_bytes(body, what=url, declared=declared_charset(headers, body), html=True)
        soup = make_soup(text)
        generic = None  # the generic reading, when the page's kind had to be judged by it
        if role not in ("article", "listing"):
            role = "article" if looks_like_article(soup, url, rules) else "listing"
            if role == "article" and rules.profile is None:
                generic = listing.read_listing(soup, url, fragment=_fragment(text))
                role = "listing" if listing.is_listing(soup, generic) else "article"
        if role == "listing":
            return _listing(soup, text, url, rules, generic)
        page = parse_html(text, url=url, profiles=profiles, profile=rules.profile)
    except (DecodeError, HtmlError, DiscoveryError) as err:
        return failure(url, err.code, str(err), fetched_at=fetched_at, site=rules.name)
    canonical = _canonical(page.canonical_url, url, policy)
    doc = page.to_document(
        document_id(url=canonical),
        Source(url=canonical, site=page.site or rules.name or host_of(url), fetched_at=fetched_at),
        url,
    )
    return PageOutcome(
        status=FETCHED,
        url=url,
        kind="article",
        document=doc,
        links=[Link(u, "article") for u in _related(soup, url, rules) if u != url],
    )


def _fragment(text: str) -> bool:
    """An HTML fragment (what "load more" endpoints return), not a whole page."""
    head = text[:4096].lower()
    return "<html" not in head and "<body" not in head and "<head" not in head


def _listing(
    soup, text: str, url: str, rules: CrawlRules, generic: listing.ListingLinks | None = None
) -> PageOutcome:
    """A listing's article links and next page: the profile's selectors, else (and where
    they find no next page) the generic reading of pipeline.crawl.listing."""
    fragment = _fragment(text)
    if rules.profile is not None:
        links = [Link(u, "article") for u in article_links(soup, url, rules)]
        pagination = pagination_links(soup, url, rules) or [
            u
            for u in listing.next_pages(soup, url, fragment=fragment)
            if not rules.is_article_url(u) and not rules.is_skipped(u)
        ]
    else:
        generic = generic or listing.read_listing(soup, url, fragment=fragment)
        links = [
            *(Link(u, "article") for u in generic.articles if not rules.is_skipped(u)),
            *(Link(u, "candidate") for u in generic.candidates if not rules.is_skipped(u)),
        ]
        pagination = [u for u in generic.next_pages if not rules.is_skipped(u)]
    return PageOutcome(status=FETCHED, url=url, kind="listing", links=links, pagination=pagination)


def _related(soup, url: str, rules: CrawlRules) -> list[str]:
    """Article links on an article page (related articles, previous/next); cuts `soup` down,
    so read_page calls it last."""
    if rules.profile is not None:
        return article_links(soup, url, rules)
    # The page's document is parsed by now: its soup is cut down, not copied.
    found = listing.article_links(soup, url, on_listing=False, consume=True)
    return [u for u in found.articles if not rules.is_skipped(u)]


def _canonical(declared: str | None, url: str, policy: HostPolicy) -> str:
    """The page's canonical URL when it names an allowed host, else the URL fetched: a page
    cannot claim another site's identity (and so overwrite that site's document)."""
    if not declared:
        return url
    try:
        canonical = normalize_url(declared)
    except UrlError:
        return url
    if urlsplit(canonical).hostname != urlsplit(url).hostname and not policy.allows(canonical):
        return url
    return canonical
