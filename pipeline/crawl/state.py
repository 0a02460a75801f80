"""What the crawl knows from earlier pages and runs, rebuilt from the page log at start:
validators for conditional requests, links of pages that come back 304, and the documents
already written, for dedupe by canonical URL (the document id) and by content hash.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pipeline.crawl.discover import Link
from pipeline.crawl.log import PageLog
from pipeline.document import Document
from pipeline.jsonl import dumps

#: Kinds of log entries for article pages.
ARTICLE = "article"  # a new or changed document, written to documents.jsonl
UNCHANGED = "unchanged"  # fetched again (no 304 support) with the same content
OLD = "old"  # published before --since: kept in the log, not written
DUPLICATE = "duplicate"  # same canonical URL or same text as another document
ERROR = "error"  # the page failed; its document carries the error entry
GONE = "gone"  # a discovered link answered 404/410: logged, no document
PAGE_KINDS = ("listing", "feed", "sitemap")


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def document_hash(doc: Document) -> str:
    """Hash of everything but the fetch time: an unchanged page is not a new version."""
    data = doc.to_json()
    data["source"] = {**data["source"], "fetched_at": None}
    return hashlib.sha256(dumps(data).encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class PageRecord:
    kind: str
    status: int
    etag: str | None = None
    last_modified: str | None = None
    links: tuple[Link, ...] = ()
    pagination: tuple[str, ...] = ()
    published: str | None = None
    doc_id: str | None = None
    doc_offset: int | None = None  # the log entry that holds this page's document


@dataclass
class DocRecord:
    url: str
    text_hash: str | None
    doc_hash: str | None
    included: bool
    good: bool


@dataclass(frozen=True)
class Decision:
    kind: str
    include: bool
    store_doc: bool
    text_hash: str | None = None
    doc_hash: str | None = None
    duplicate_of: str | None = None


@dataclass
class CrawlState:
    pages: dict[str, PageRecord] = field(default_factory=dict)
    docs: dict[str, DocRecord] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)
    #: validators as they were when the run started: a page fetched twice in one run (two
    #: URLs redirecting to it) gets the same answer both times, whatever the thread timing.
    _validators: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)

    @classmethod
    def from_log(cls, log: PageLog) -> CrawlState:
        state = cls()
        for offset, entry in log.entries():
            state.apply(entry, offset)
        state._validators = {
            url: (page.etag, page.last_modified)
            for url, page in state.pages.items()
            if page.status == 200 and page.kind != ERROR and (page.etag or page.last_modified)
        }
        return state

    def validators(self, url: str) -> tuple[str | None, str | None] | None:
        return self._validators.get(url)

    def apply(self, entry: dict[str, Any], offset: int | None) -> None:
        """Take in one log entry (in log order)."""
        url = str(entry.get("url") or "")
        kind = str(entry.get("kind") or "")
        doc = entry.get("doc") if isinstance(entry.get("doc"), dict) else None
        doc_id = entry.get("doc_id") or (doc or {}).get("id")
        previous = self.pages.get(url)
        doc_offset = offset if doc is not None else None
        if doc_offset is None and previous is not None and previous.doc_id == doc_id:
            doc_offset = previous.doc_offset
        self.pages[url] = PageRecord(
            kind=kind,
            status=int(entry.get("status") or 0),
            etag=entry.get("etag"),
            last_modified=entry.get("last_modified"),
            links=tuple(Link.from_json(item) for item in entry.get("links") or ()),
            pagination=tuple(entry.get("pagination") or ()),
            published=entry.get("published"),
            doc_id=doc_id,
            doc_offset=doc_offset,
        )
        if not doc_id:
            return
        known = self.docs.get(doc_id)
        if kind == ARTICLE:
            self.docs[doc_id] = DocRecord(
                url=url,
                text_hash=entry.get("hash"),
                doc_hash=entry.get("doc_hash"),
                included=True,
                good=True,
            )
            if entry.get("hash"):
                self.hashes.setdefault(entry["hash"], doc_id)
        elif kind == OLD and known is None:
            self.docs[doc_id] = DocRecord(
                url, entry.get("hash"), entry.get("doc_hash"), False, True
            )
        elif kind == ERROR and (known is None or not known.good):
            self.docs[doc_id] = DocRecord(url, None, None, included=True, good=False)

    def decide(self, doc: Document, url: str, since: date | None) -> Decision:
        """What to do with a freshly fetched article page at final URL `url`."""
        if doc.errors:
            return Decision(ERROR, include=True, store_doc=True)
        content = text_hash(doc.text)
        version = document_hash(doc)
        known = self.docs.get(doc.id)
        written = known is not None and known.included and known.good
        if written and known.url != url:
            return Decision(DUPLICATE, False, False, content, version, duplicate_of=doc.id)
        owner = self.hashes.get(content)
        if owner is not None and owner != doc.id:
            return Decision(DUPLICATE, False, False, content, version, duplicate_of=owner)
        if written and known.doc_hash == version:
            return Decision(UNCHANGED, True, False, content, version)
        if since and doc.published and doc.published < since.isoformat() and not written:
            return Decision(OLD, False, True, content, version)
        return Decision(ARTICLE, True, True, content, version)
