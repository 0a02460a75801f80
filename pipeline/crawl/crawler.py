"""The crawl loop: start URLs in, DIR/documents.jsonl, DIR/warc/ and DIR/crawl/ out.

DIR/documents.jsonl         every document once (rewritten atomically from the log)
DIR/warc/*.warc.gz          every request and response
DIR/crawl/pages.jsonl       append-only page log: the crawl's memory between runs
DIR/crawl/lock              held while a crawl writes to DIR
"""

from __future__ import annotations

import fcntl
import sys
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pipeline.crawl.addresses import AddressGuard
from pipeline.crawl.cache import ConditionalLayer
from pipeline.crawl.discover import Link
from pipeline.crawl.fetcher import Fetch, FetchRequest, HttpTransport, build_fetch
from pipeline.crawl.frontier import CrawlItem, Frontier, HostScheduler
from pipeline.crawl.listing import UrlShapes
from pipeline.crawl.log import PageLog, materialise
from pipeline.crawl.pages import FAILED, NOT_MODIFIED, ROBOTS, PageOutcome, failure, visit
from pipeline.crawl.progress import CrawlCounts, CrawlProgress, summary_lines
from pipeline.crawl.redirects import RedirectLayer
from pipeline.crawl.retry import RetryLayer, RetryPolicy
from pipeline.crawl.robots import RobotsCache, RobotsLayer
from pipeline.crawl.rules import rules_for_url
from pipeline.crawl.scope import ScopeLayer
from pipeline.crawl.settings import CrawlSettings
from pipeline.crawl.state import (
    ARTICLE,
    DUPLICATE,
    ERROR,
    GONE,
    OLD,
    PAGE_KINDS,
    UNCHANGED,
    CrawlState,
    Decision,
)
from pipeline.crawl.throttle import HostThrottle, ThrottleLayer
from pipeline.crawl.urls import HostPolicy, UrlError, host_of, normalize_url
from pipeline.crawl.warc import WarcArchive, WarcLayer
from pipeline.document import Document
from pipeline.ingest.run import with_site_province
from pipeline.ingest.site_profiles import SiteProfile

DOCUMENTS = "documents.jsonl"
STATE_DIR = "crawl"
WARC_DIR = "warc"
_MISSING = object()
#: HTTP statuses that say a page is gone for good (not a fault of the server or the crawl).
GONE_STATUSES = (404, 410)


class CrawlSetupError(Exception):
    """The crawl cannot start (output folder in use or not ours); the message says why."""


@dataclass
class CrawlReport:
    counts: CrawlCounts
    seconds: float
    documents: int
    documents_with_errors: int
    lines: list[str]


def polite_fetch(
    settings: CrawlSettings,
    policy: HostPolicy,
    transport: Fetch,
    *,
    conditional: ConditionalLayer | None = None,
    archive: WarcLayer | None = None,
) -> tuple[Fetch, RobotsCache]:
    """The crawl's polite request stack, for any fetch of a site's pages:

        redirects -> scope -> robots -> [conditional] -> retry -> throttle -> [warc] -> transport

    robots.txt itself goes through scope, retry, the same per-host throttle and the archive.
    Returns the page fetch and the robots.txt cache it consults."""
    throttle = HostThrottle(settings.min_interval)
    retry = RetryLayer(
        RetryPolicy(
            retries=settings.retries,
            backoff=settings.backoff,
            max_backoff=settings.max_backoff,
            max_retry_after=settings.max_retry_after,
        )
    )
    below = [retry, ThrottleLayer(throttle)]
    if archive is not None:
        below.append(archive)
    addresses = None if settings.allow_private_addresses else AddressGuard(policy.start_hosts)
    scope = ScopeLayer(policy, addresses)
    robots_fetch = build_fetch(
        [RedirectLayer(min(5, settings.max_redirects)), scope, *below], transport
    )
    robots = RobotsCache(robots_fetch, settings.robots_token, throttle)
    layers = [RedirectLayer(settings.max_redirects), scope, RobotsLayer(robots)]
    if conditional is not None:
        layers.append(conditional)
    return build_fetch([*layers, *below], transport), robots


class Crawler:
    def __init__(
        self,
        settings: CrawlSettings,
        out_dir: Path,
        profiles: tuple[SiteProfile, ...],
        *,
        warn: Callable[[str], None] | None = None,
    ):
        self.settings = settings
        self.out_dir = Path(out_dir)
        self.profiles = profiles
        self.warn = warn or (lambda message: print(f"pipeline: {message}", file=sys.stderr))
        self.counts = CrawlCounts()
        self._published: dict[str, Any] = {}

    # -- set-up ---------------------------------------------------------------------------

    def _open_output(self) -> IO[str]:
        state_dir = self.out_dir / STATE_DIR
        if (self.out_dir / DOCUMENTS).exists() and not (state_dir / "pages.jsonl").exists():
            raise CrawlSetupError(
                f"{self.out_dir / DOCUMENTS} was not written by a crawl (no {state_dir}/"
                "pages.jsonl); give the crawl its own --out folder"
            )
        try:
            state_dir.mkdir(parents=True, exist_ok=True)
            lock = open(state_dir / "lock", "w")  # noqa: SIM115 (held for the whole run)
        except OSError as err:
            raise CrawlSetupError(f"cannot write to {self.out_dir}: {err}") from None
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock.close()
            raise CrawlSetupError(
                f"another crawl is writing to {self.out_dir}; wait for it or use another --out"
            ) from None
        return lock

    def _build_fetchers(self, policy: HostPolicy, state: CrawlState):
        settings = self.settings
        self.transport = HttpTransport(settings)
        self.archive = WarcArchive(
            self.out_dir / WARC_DIR,
            user_agent=settings.user_agent,
            max_bytes=settings.warc_max_bytes,
        )
        fetch, self.robots = polite_fetch(
            settings,
            policy,
            self.transport,
            conditional=ConditionalLayer(state.validators),
            archive=WarcLayer(self.archive),
        )
        return fetch

    # -- the run --------------------------------------------------------------------------

    def run(self, start_urls: Iterable[str]) -> CrawlReport:
        started = time.perf_counter()
        starts = [normalize_url(u) for u in start_urls]
        self.policy = HostPolicy(starts, self.settings.allow_hosts)
        lock = self._open_output()
        self.log = PageLog(self.out_dir / STATE_DIR / "pages.jsonl", warn=self.warn)
        self.log.recover()
        self.state = CrawlState.from_log(self.log)
        fetch = self._build_fetchers(self.policy, self.state)
        self.frontier = Frontier(max_pages=self.settings.max_pages)

        def work(item: CrawlItem) -> PageOutcome:
            request = FetchRequest(url=item.url, role=item.role)
            return visit(
                request,
                fetch,
                profiles=self.profiles,
                policy=self.policy,
                max_bytes=self.settings.max_bytes,
            )

        self.scheduler = HostScheduler(
            work, max_hosts=self.settings.max_hosts, lookahead=self.settings.lookahead
        )
        progress = CrawlProgress(self.settings.progress)
        self._dirty = False
        self.shapes = UrlShapes()
        self._later: deque[tuple[list[Link], int]] = deque()
        self._related: set[str] = set()
        last_checkpoint = time.monotonic()
        finished = False
        try:
            for url in starts:
                self._enqueue(url, "auto", 0)
            index = 0
            while index < len(self.frontier.items) or self._later:
                if index == len(self.frontier.items):
                    links, depth = self._later.popleft()
                    _, added = self._follow(links, depth)
                    self._related.update(added)
                    continue
                item = self.frontier.items[index]
                if item.role == "gate":
                    self._open_gate(item)
                else:
                    self._process(item, self.scheduler.result(index))
                    progress.update(self.counts, self.frontier.pages)
                index += 1
                if self._dirty and time.monotonic() - last_checkpoint > (
                    self.settings.checkpoint_seconds
                ):
                    materialise(self.log, self.out_dir / DOCUMENTS)
                    self._dirty, last_checkpoint = False, time.monotonic()
            finished = True
        finally:
            # Also on Ctrl-C: documents.jsonl then holds every page processed so far.
            progress.close()
            self.scheduler.close(wait=finished)
            self.transport.close()
            self.archive.close()
            self.log.close()
            documents, with_errors = materialise(self.log, self.out_dir / DOCUMENTS)
            lock.close()
        self.counts.over_limit = len(self.frontier.over_limit)
        seconds = time.perf_counter() - started
        lines = summary_lines(
            self.counts,
            seconds,
            documents=str(self.out_dir / DOCUMENTS),
            total_documents=documents,
            documents_with_errors=with_errors,
            archives=[str(p) for p in self.archive.paths],
            notes=self.robots.notes(),
        )
        return CrawlReport(self.counts, seconds, documents, with_errors, lines)

    # -- discovery ------------------------------------------------------------------------

    def _enqueue(self, url: str, role: str, depth: int) -> tuple[str | None, bool]:
        """Queue a link if it is a web page on an allowed host.

        Returns its normal form (None when refused) and whether it is new to this run.
        """
        try:
            url = normalize_url(url)
        except UrlError:
            return None, False
        if not self.policy.allows(url):
            self.counts.off_site.add(url)
            return None, False
        if depth and rules_for_url(url, self.profiles).is_skipped(url):
            return None, False
        item = self.frontier.add(url, role, depth)
        if item is not None:
            self.scheduler.submit(item)
        return url, item is not None

    def _follow(self, links: Iterable[Link], depth: int) -> tuple[list[str], list[str]]:
        """Queue links; return (all links kept, those new to this run)."""
        since = self.settings.since.isoformat() if self.settings.since else None
        kept, new = [], []
        for link in links:
            if since and link.date and link.date < since:
                self.counts.old_links += 1
                continue
            url, added = self._enqueue(link.url, link.role, depth + 1)
            if url:
                kept.append(url)
            if added:
                new.append(url)
        return kept, new

    def _listing_links(self, item: CrawlItem, links: Iterable[Link], pagination: Iterable[str]):
        links = list(links)
        kept, new = self._follow((link for link in links if link.role != "candidate"), item.depth)
        candidates = tuple(link.url for link in links if link.role == "candidate")
        pages = tuple(pagination) if self.settings.follow else ()
        if pages or candidates:
            # Pagination waits until this page's articles are processed (see _open_gate).
            # Judge the page by the articles it brought (not the "latest news" box every
            # page repeats), or by all its articles when it brought none.
            self.frontier.add_gate(pages, tuple(new or kept), item.depth, candidates)

    def _open_gate(self, gate: CrawlItem) -> None:
        """Follow the listing's headline links that have the shape of articles read so far,
        then its pagination unless --since shows its articles are all older."""
        shaped = [u for u in gate.candidates if self.shapes.matches(u)]
        self._follow((Link(u, "article") for u in shaped), gate.depth)
        since = self.settings.since.isoformat() if self.settings.since else None
        if since is not None:
            dates = [self._published.get(u, _MISSING) for u in gate.articles]
            known = [d for d in dates if d is not _MISSING]
            if not any(d is None or d >= since for d in known):
                return
        self._follow((Link(u, "listing") for u in gate.pagination), gate.depth)

    # -- processing one page --------------------------------------------------------------

    def _process(self, item: CrawlItem, outcome: Any) -> None:
        if isinstance(outcome, BaseException):
            if not isinstance(outcome, Exception):
                raise outcome
            # A bug in parsing one page must not stop an unattended crawl; say so loudly.
            detail = "".join(traceback.format_exception_only(type(outcome), outcome)).strip()
            self.warn(
                f"internal error on {item.url}:\n"
                + "".join(traceback.format_exception(type(outcome), outcome, outcome.__traceback__))
            )
            outcome = failure(item.url, "internal", f"{item.url}: internal error ({detail})")
        for url in (*outcome.redirects, outcome.url):
            self.frontier.mark_seen(url)
        if outcome.status == ROBOTS:
            self.counts.robots += 1
            self.counts.robots_urls.append(item.url)
        elif outcome.status == NOT_MODIFIED:
            self.counts.not_modified += 1
            self._replay(item, outcome)
        elif outcome.status == FAILED and item.depth and outcome.http_status in GONE_STATUSES:
            self._gone(item, outcome)
        elif outcome.status == FAILED or outcome.kind == "error":
            self._failed(item, outcome)
        else:
            self.counts.fetched += 1
            if outcome.kind == "article":
                self._article(item, outcome)
            else:
                self._append(item, outcome, kind=outcome.kind, include=False)
                self._listing_links(item, outcome.links, outcome.pagination)

    def _gone(self, item: CrawlItem, outcome: PageOutcome) -> None:
        """A discovered link to a page that no longer exists: sites keep such links in
        related-article boxes for years, so it is logged and counted, not a failed document
        (a daily job would otherwise fail every day). A start URL that is gone stays an error."""
        self.counts.gone += 1
        self.counts.gone_urls.append(item.url)
        self._append(item, outcome, kind=GONE, include=False, extra={"message": outcome.message})
        self._published[item.url] = None

    def _failed(self, item: CrawlItem, outcome: PageOutcome) -> None:
        self.counts.failed += 1
        self.counts.failed_urls.append(item.url)
        doc = outcome.document
        self._append(item, outcome, kind=ERROR, include=True, doc=doc)
        self._published[item.url] = None

    def _article(self, item: CrawlItem, outcome: PageOutcome) -> None:
        doc = outcome.document
        assert doc is not None
        if doc.errors:  # e.g. an empty body: a document with its error entry
            self._failed(item, outcome)
            return
        known = self.state.docs.get(doc.id)
        decision = self.state.decide(doc, outcome.url, self.settings.since)
        self._record_decision(item, outcome, doc, decision, known is not None)
        self._after_article(item, decision.kind, doc.published, outcome.links)

    def _record_decision(
        self,
        item: CrawlItem,
        outcome: PageOutcome,
        doc: Document,
        decision: Decision,
        known: bool,
    ) -> None:
        if decision.kind == ARTICLE:
            if known:
                self.counts.changed += 1
            else:
                self.counts.new += 1
        elif decision.kind == UNCHANGED:
            self.counts.unchanged += 1
        elif decision.kind == DUPLICATE:
            self.counts.duplicates += 1
        elif decision.kind == OLD:
            self.counts.old += 1
        self._append(
            item,
            outcome,
            kind=decision.kind,
            include=decision.include,
            doc=doc if decision.store_doc else None,
            extra={
                "doc_id": doc.id,
                "published": doc.published,
                "hash": decision.text_hash,
                "doc_hash": decision.doc_hash,
                "duplicate_of": decision.duplicate_of,
            },
        )

    def _after_article(
        self, item: CrawlItem, kind: str, published: str | None, links: Iterable[Link]
    ) -> None:
        self._published[item.url] = published
        if kind in (ARTICLE, UNCHANGED):
            self.shapes.learn(item.url)
        if self.settings.follow and kind in (ARTICLE, UNCHANGED) and item.url not in self._related:
            # Related articles (one step, same host) wait until the listings and their
            # articles are done: they must not use up --max-pages before the next page.
            host = host_of(item.url)
            related = [link for link in links if host_of(link.url) == host]
            if related:
                self._later.append((related, item.depth))

    def _replay(self, item: CrawlItem, outcome: PageOutcome) -> None:
        """A 304: take links and dates from what the earlier run logged for this page."""
        page = self.state.pages.get(outcome.url)
        if page is None or page.kind == ERROR:
            self.counts.not_modified -= 1
            self._failed(
                item,
                failure(
                    outcome.url,
                    "http-304",
                    f"{outcome.url}: HTTP 304 to a request we did not make conditional",
                ),
            )
            return
        if page.kind in PAGE_KINDS:
            self._listing_links(item, page.links, page.pagination)
            return
        if page.kind == OLD and page.doc_offset is not None:
            since = self.settings.since.isoformat() if self.settings.since else None
            if since is None or page.published is None or page.published >= since:
                # Older than an earlier run's --since, wanted now: write it from the log.
                doc = Document.from_json(self.log.read_at(page.doc_offset)["doc"])
                decision = self.state.decide(doc, outcome.url, self.settings.since)
                outcome.etag, outcome.last_modified = page.etag, page.last_modified
                outcome.http_status, outcome.links = page.status, list(page.links)
                self._record_decision(item, outcome, doc, decision, False)
                self._after_article(item, decision.kind, doc.published, page.links)
                return
        self._after_article(item, page.kind, page.published, page.links)

    def _append(
        self,
        item: CrawlItem,
        outcome: PageOutcome,
        *,
        kind: str,
        include: bool,
        doc: Document | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        if doc is not None:
            with_site_province(doc, self.profiles)  # the site profile's province, as local ingest
        entry: dict[str, Any] = {
            "url": outcome.url,
            "requested": item.url,
            "kind": kind,
            "status": outcome.http_status,
            "etag": outcome.etag,
            "last_modified": outcome.last_modified,
            "links": [link.to_json() for link in outcome.links],
            "pagination": list(outcome.pagination),
            **(extra or {}),
            "include": include,
            "doc": doc.to_json() if doc is not None else None,
        }
        if doc is not None:
            entry.setdefault("doc_id", doc.id)
        offset = self.log.append(entry)
        self.state.apply(entry, offset)
        self._dirty = True
