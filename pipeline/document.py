"""The plain document that every stage passes along (ingest writes it, extract reads it)."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Source:
    path: str | None = None
    url: str | None = None
    site: str | None = None
    fetched_at: str | None = None


@dataclass
class Document:
    """One article: its body text and what ingest learned about it.

    `text` is the article body; every offset in the extracted record refers to it.
    """

    id: str
    text: str
    source: Source = field(default_factory=Source)
    title: str | None = None
    published: str | None = None
    translation_of: str | None = None
    alternates: dict[str, str] = field(default_factory=dict)
    errors: list[dict[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        # Field order is part of the on-disk contract of documents.jsonl.
        return {
            "id": data["id"],
            "source": data["source"],
            "title": data["title"],
            "published": data["published"],
            "translation_of": data["translation_of"],
            "alternates": data["alternates"],
            "text": data["text"],
            "errors": data["errors"],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Document:
        if not isinstance(data, dict) or "text" not in data:
            raise ValueError("a document needs at least a 'text' field")
        text = data["text"] if isinstance(data["text"], str) else ""
        source = data.get("source") or {}
        if not isinstance(source, dict):
            source = {}
        return cls(
            id=str(data.get("id") or document_id(url=source.get("url"), text=text)),
            text=text,
            source=Source(
                path=source.get("path"),
                url=source.get("url"),
                site=source.get("site"),
                fetched_at=source.get("fetched_at"),
            ),
            title=data.get("title"),
            published=data.get("published"),
            translation_of=data.get("translation_of"),
            alternates=dict(data.get("alternates") or {}),
            errors=list(data.get("errors") or []),
        )


def document_id(*, url: str | None = None, text: str = "", path: str | None = None) -> str:
    """A stable id: from the URL when there is one, else from the file's content.

    Content-addressing local files keeps ids stable when a corpus is moved or re-cloned.
    """
    if url:
        basis = "url:" + url
    elif text:
        basis = "text:" + text
    else:
        basis = "path:" + (path or "")
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


def error_entry(stage: str, code: str, message: str) -> dict[str, str]:
    return {"stage": stage, "code": code, "message": message}
