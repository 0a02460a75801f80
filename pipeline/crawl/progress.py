"""What a crawl tells the user: a progress bar while it runs, a summary when it ends."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TextIO

from tqdm import tqdm


@dataclass
class CrawlCounts:
    fetched: int = 0
    not_modified: int = 0
    robots: int = 0
    failed: int = 0
    gone: int = 0  # 404/410 on a discovered link: a dead link, not a failure
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    duplicates: int = 0
    old: int = 0
    old_links: int = 0
    over_limit: int = 0
    off_site: set[str] = field(default_factory=set)
    robots_urls: list[str] = field(default_factory=list)
    failed_urls: list[str] = field(default_factory=list)
    gone_urls: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return self.fetched + self.not_modified + self.robots + self.failed + self.gone

    def postfix(self) -> str:
        return (
            f"fetched {self.fetched}, not modified {self.not_modified}, "
            f"robots {self.robots}, gone {self.gone}, failed {self.failed}"
        )


class CrawlProgress:
    def __init__(self, enabled: bool | None, stream: TextIO | None = None):
        self._bar = tqdm(
            unit="page",
            desc="crawl",
            file=stream or sys.stderr,
            disable=None if enabled is None else not enabled,
            dynamic_ncols=True,
        )

    def update(self, counts: CrawlCounts, total: int) -> None:
        self._bar.total = total
        self._bar.update(1)
        self._bar.set_postfix_str(counts.postfix(), refresh=False)

    def close(self) -> None:
        self._bar.close()


def summary_lines(
    counts: CrawlCounts,
    seconds: float,
    *,
    documents: str,
    total_documents: int,
    documents_with_errors: int,
    archives: list[str],
    notes: list[str],
) -> list[str]:
    lines = [
        f"crawled {counts.pages} pages in {seconds:.1f} s: {counts.fetched} fetched, "
        f"{counts.not_modified} not modified, {counts.robots} skipped by robots.txt, "
        f"{counts.gone} gone (dead links: HTTP 404/410), {counts.failed} failed",
        f"  documents: {counts.new} new, {counts.changed} changed, {counts.unchanged} unchanged, "
        f"{counts.duplicates} duplicates skipped, {counts.old} older than --since",
    ]
    skipped = []
    if counts.off_site:
        skipped.append(f"{len(counts.off_site)} to hosts not allowed (see --allow-host)")
    if counts.over_limit:
        skipped.append(f"{counts.over_limit} over --max-pages")
    if counts.old_links:
        skipped.append(f"{counts.old_links} dated before --since")
    if skipped:
        lines.append("  links not followed: " + ", ".join(skipped))
    lines += _first(counts.failed_urls, 10, "failed", "failed pages")
    lines += _first(counts.gone_urls, 5, "gone", "dead links")
    lines += _first(counts.robots_urls, 5, "disallowed by robots.txt", "pages robots.txt disallows")
    lines.extend(f"  note: {note}" for note in notes)
    lines.append(
        f"documents: {documents} ({total_documents} documents, {documents_with_errors} with errors)"
    )
    lines.extend(f"archive: {path}" for path in archives)
    return lines


def _first(urls: list[str], limit: int, label: str, what: str) -> list[str]:
    """The first `limit` URLs, one a line, and how many more there are."""
    lines = [f"  {label}: {url}" for url in urls[:limit]]
    if len(urls) > limit:
        lines.append(f"  ... and {len(urls) - limit} more {what}")
    return lines
