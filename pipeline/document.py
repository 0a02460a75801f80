"""The plain document that every stage passes along (ingest writes it, extract reads it)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any

from pipeline.schema import record_schema


@dataclass
class Source:
    path: str | None = None
    url: str | None = None
    site: str | None = None
    fetched_at: str | None = None
    #: the province a site profile or a sources entry says the site belongs to ("Cao Bằng"):
    #: a hint for the article's province, written to documents.jsonl only when known
    province: str | None = None


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
        if data["source"]["province"] is None:  # documents.jsonl stays as it was without it
            del data["source"]["province"]
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
        """A document from a documents.jsonl line. A line that breaks the contract (wrong types,
        an id that is not 16 hex digits, a date that is not YYYY-MM-DD) raises ValueError naming
        the field, so that one bad line becomes an error entry instead of stopping the batch."""
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise ValueError("a document needs a 'text' field holding a string")
        text = data["text"]
        source = data.get("source") or {}
        if not isinstance(source, dict):
            raise ValueError("'source' must be an object")
        for key in _SOURCE_KEYS:
            _optional_string(source, key, f"source.{key}")
        for key in ("title", "published", "translation_of"):
            _optional_string(data, key, key)
        id_pattern, date_pattern = _contract()
        if data.get("published") is not None and not date_pattern.search(data["published"]):
            raise ValueError(f"published {data['published']!r} is not a date like 2025-10-14")
        given_id = data.get("id")
        if given_id is not None and not (isinstance(given_id, str)
                                         and id_pattern.search(given_id)):
            raise ValueError(f"id {given_id!r} is not 16 lowercase hex digits (leave it out and "
                             "one is derived from the URL or the text)")
        alternates = data.get("alternates") or {}
        if not isinstance(alternates, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in alternates.items()
        ):
            raise ValueError("'alternates' must map language codes to URLs")
        errors = data.get("errors") or []
        if not isinstance(errors, list) or not all(
            isinstance(e, dict) and all(isinstance(e.get(k), str) for k in _ERROR_KEYS)
            for e in errors
        ):
            raise ValueError("'errors' must be a list of {stage, code, message} strings")
        return cls(
            id=given_id or document_id(url=source.get("url"), text=text),
            text=text,
            source=Source(**{key: source.get(key) for key in _SOURCE_KEYS}),
            title=data.get("title"),
            published=data.get("published"),
            translation_of=data.get("translation_of"),
            alternates=dict(alternates),
            errors=[{k: e[k] for k in _ERROR_KEYS} for e in errors],
        )


@cache
def _contract() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The id and date patterns of the record schema: documents keep the records' contract."""
    schema = record_schema()
    return (re.compile(schema["properties"]["id"]["pattern"]),
            re.compile(schema["$defs"]["date_or_null"]["pattern"]))


_SOURCE_KEYS = ("path", "url", "site", "fetched_at", "province")
_ERROR_KEYS = ("stage", "code", "message")


def _optional_string(data: dict[str, Any], key: str, name: str) -> None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{name!r} must be a string or null, not {type(value).__name__}")


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
