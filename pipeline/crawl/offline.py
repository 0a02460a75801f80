"""`pipeline ingest --from-warc FILE... --out DIR`: documents again from archived responses,
with no network, through the same page reader as the live crawl.

For each URL the latest successful (2xx) response is parsed, else the latest error response
gives an error entry; robots.txt, listing pages, feeds and sitemaps give no documents. Order:
where each URL first appears in the files, taken in the order given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from pipeline.crawl.limits import BodyLimits, BodyReadError, decode_content
from pipeline.crawl.pages import failure, iso_utc, read_page
from pipeline.crawl.settings import CrawlSettings
from pipeline.crawl.state import ARTICLE, ERROR, CrawlState
from pipeline.crawl.urls import HostPolicy
from pipeline.crawl.warc import ArchivedRef, iter_response_refs, read_response
from pipeline.document import Document
from pipeline.ingest.site_profiles import SiteProfile

_NOT_ARTICLES = {"robots", "listing", "feed", "sitemap"}


def _chosen_refs(paths: Iterable[Path], warn: Callable[[str], None]) -> list[ArchivedRef]:
    order: list[str] = []
    best: dict[str, ArchivedRef] = {}
    for ref in iter_response_refs(paths, warn=warn):
        if ref.role in _NOT_ARTICLES or 300 <= ref.status < 400 or ref.status < 200:
            continue
        if ref.url not in best:
            order.append(ref.url)
            best[ref.url] = ref
        elif 200 <= ref.status < 300 or not 200 <= best[ref.url].status < 300:
            best[ref.url] = ref
    return [best[url] for url in order]


def reparse_warcs(
    paths: list[Path],
    *,
    profiles: tuple[SiteProfile, ...],
    settings: CrawlSettings,
    warn: Callable[[str], None],
) -> Iterator[Document]:
    refs = _chosen_refs(paths, warn)
    # Canonical URLs are trusted on the hosts the crawl visited, as they were live.
    policy = HostPolicy([ref.url for ref in refs], settings.allow_hosts)
    limits = BodyLimits(settings.max_compressed_bytes, settings.max_bytes, settings.max_time)
    state = CrawlState()
    for ref in refs:
        archived = read_response(ref, settings.max_compressed_bytes)
        fetched_at = iso_utc(archived.headers.get("Date") or _http_date(archived.warc_date))
        if not 200 <= archived.status < 300:
            yield failure(
                ref.url,
                f"http-{ref.status}",
                f"{ref.url}: HTTP {ref.status} (archived response)",
                fetched_at=fetched_at,
            ).document
            continue
        if archived.truncated:
            yield failure(
                ref.url,
                "truncated",
                f"{ref.url}: the archived body is incomplete "
                f"(WARC-Truncated: {archived.truncated})",
                fetched_at=fetched_at,
            ).document
            continue
        try:
            body = decode_content(
                archived.wire_body, archived.headers.get("Content-Encoding", ""), limits, ref.url
            )
        except BodyReadError as err:
            yield failure(ref.url, "too-large", str(err), fetched_at=fetched_at).document
            continue
        except ValueError as err:
            yield failure(ref.url, "truncated", str(err), fetched_at=fetched_at).document
            continue
        outcome = read_page(
            ref.url,
            body,
            archived.headers,
            ref.role or "auto",
            fetched_at=fetched_at,
            profiles=profiles,
            policy=policy,
            max_bytes=settings.max_bytes,
        )
        doc = outcome.document
        if doc is None:
            continue  # a listing page, feed or sitemap
        if doc.errors:
            yield doc
            continue
        decision = state.decide(doc, ref.url, settings.since)
        if decision.kind == ARTICLE:
            state.apply(
                {
                    "url": ref.url,
                    "kind": ARTICLE,
                    "doc_id": doc.id,
                    "hash": decision.text_hash,
                    "doc_hash": decision.doc_hash,
                },
                None,
            )
            yield doc
        elif decision.kind == ERROR:
            yield doc


def _http_date(warc_date: str | None) -> str | None:
    """WARC-Date (ISO) to the HTTP date form iso_utc reads."""
    if not warc_date:
        return None
    from datetime import datetime
    from email.utils import format_datetime

    try:
        when = datetime.fromisoformat(warc_date.replace("Z", "+00:00"))
    except ValueError:
        return None
    return format_datetime(when, usegmt=True)
