"""The frontier: pages to visit in one deterministic order, fetched concurrently per host.

Pages are numbered as they are discovered and *processed* strictly in that order (parsing,
dedupe, new links, the log), while per-host workers fetch ahead. So the output order depends
only on what the sites serve, never on thread timing: an interrupted run resumed gives the
same documents.jsonl as one that was never interrupted.

One worker serves one host at a time (so a host never sees two requests at once); up to
`max_hosts` hosts are fetched in parallel; workers run at most `lookahead` pages ahead of the
processing, which bounds memory.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pipeline.crawl.urls import origin


@dataclass
class CrawlItem:
    index: int
    url: str
    role: str  # auto (a start URL), article, listing, feed, sitemap; or gate (not fetched)
    depth: int = 0
    #: for gate items: pagination held back until the listing's articles are processed
    pagination: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    #: for gate items: headline links of unknown shape, followed if articles read by then
    #: show that shape (see pipeline.crawl.listing.UrlShapes)
    candidates: tuple[str, ...] = ()


@dataclass
class Frontier:
    max_pages: int | None = None
    items: list[CrawlItem] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    pages: int = 0
    over_limit: set[str] = field(default_factory=set)  # links not queued: --max-pages reached

    def add(self, url: str, role: str, depth: int = 0) -> CrawlItem | None:
        """Queue `url` unless already seen; None when seen or over --max-pages."""
        if url in self.seen:
            return None
        if self.max_pages is not None and self.pages >= self.max_pages:
            self.over_limit.add(url)
            return None
        self.seen.add(url)
        self.pages += 1
        item = CrawlItem(index=len(self.items), url=url, role=role, depth=depth)
        self.items.append(item)
        return item

    def add_gate(
        self,
        pagination: tuple[str, ...],
        articles: tuple[str, ...],
        depth: int,
        candidates: tuple[str, ...] = (),
    ) -> None:
        self.items.append(
            CrawlItem(
                index=len(self.items),
                url="",
                role="gate",
                depth=depth,
                pagination=pagination,
                articles=articles,
                candidates=candidates,
            )
        )

    def mark_seen(self, url: str) -> None:
        self.seen.add(url)


class HostScheduler:
    """Fetch items on worker threads, hand results back in item order."""

    def __init__(self, work: Callable[[CrawlItem], Any], *, max_hosts: int, lookahead: int):
        self._work = work
        self._lookahead = lookahead
        self._queues: dict[str, deque[CrawlItem]] = {}
        self._busy: set[str] = set()
        self._results: dict[int, Any] = {}
        self._processed = 0  # index of the next item the caller will ask for
        self._closing = False
        self._cond = threading.Condition()
        self._threads = [
            threading.Thread(target=self._run, name=f"crawl-worker-{n}", daemon=True)
            for n in range(max_hosts)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, item: CrawlItem) -> None:
        with self._cond:
            self._queues.setdefault(origin(item.url), deque()).append(item)
            self._cond.notify_all()

    def result(self, index: int) -> Any:
        """Block until item `index` is fetched; the caller asks in increasing order."""
        with self._cond:
            self._processed = index
            self._cond.notify_all()
            while index not in self._results:
                self._cond.wait()
            return self._results.pop(index)

    def close(self, *, wait: bool = True) -> None:
        """Stop the workers; with `wait`, let the ones mid-request finish (they are bounded by
        the timeouts). On Ctrl-C nobody waits: the threads are daemons."""
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        if wait:
            for thread in self._threads:
                thread.join()

    def _next_item(self) -> tuple[str, CrawlItem] | None:
        """The earliest queued item of a host no worker is serving, within the lookahead."""
        best: tuple[str, CrawlItem] | None = None
        for host, queue in self._queues.items():
            if host in self._busy or not queue:
                continue
            head = queue[0]
            if head.index >= self._processed + self._lookahead:
                continue
            if best is None or head.index < best[1].index:
                best = (host, head)
        return best

    def _run(self) -> None:
        while True:
            with self._cond:
                picked = self._next_item()
                while picked is None and not self._closing:
                    self._cond.wait()
                    picked = self._next_item()
                if picked is None:
                    return
                host, item = picked
                self._queues[host].popleft()
                self._busy.add(host)
            try:
                result = self._work(item)
            except BaseException as err:  # handed to the caller, who re-raises it
                result = err
            with self._cond:
                self._results[item.index] = result
                self._busy.discard(host)
                self._cond.notify_all()
