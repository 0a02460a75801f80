"""The JSON record: assembled in a fixed field order and validated before it is written.

Validation asks fastjsonschema first: it compiles the schema once into Python code and answers
"fits" for a record in about 0.2 ms, where jsonschema walks the schema anew for every value (some
7 ms a record, longer than extracting the article). fastjsonschema replaced a hand-compiled
checker of the schema's keywords (`schema_check.py`), which it beat on the bench: 206 against
283 microseconds a record over 2,000 generated records (docs/benchmark.md). A record that
fastjsonschema rejects is handed to jsonschema, which has the last word and writes the message,
so messages are jsonschema's whichever check runs first.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

import fastjsonschema

from pipeline import SCHEMA_VERSION
from pipeline.document import Document, error_entry
from pipeline.extract.language import LanguageGuess
from pipeline.schema import record_schema


class RecordInvalid(ValueError):
    """A record breaks the schema or points outside its text; the message says where."""


@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator

    schema = record_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@lru_cache(maxsize=1)
def _fits() -> Callable[[Any], bool]:
    """True when fastjsonschema's compiled check accepts the record; jsonschema decides any
    record it does not accept."""
    _validator()  # the schema itself is checked first
    compiled = fastjsonschema.compile(record_schema())

    def fits(record: Any) -> bool:
        try:
            compiled(record)
        except fastjsonschema.JsonSchemaValueException:
            return False
        return True

    return fits


def _first_start(item: dict[str, Any]) -> tuple[int, int]:
    if "start" in item:
        return item["start"], item["end"]
    first = item["mentions"][0]
    return first["start"], first["end"]


def build_record(
    doc: Document,
    language: LanguageGuess,
    people: list[dict[str, Any]] | None = None,
    resolutions: list[dict[str, Any]] | None = None,
    indicators: list[dict[str, Any]] | None = None,
    errors: list[dict[str, str]] | None = None,
    places: list[dict[str, Any]] | None = None,
    province: dict[str, Any] | None = None,
) -> dict[str, Any]:
    record = {
        "schema_version": SCHEMA_VERSION,
        "id": doc.id,
        "source": {
            "path": doc.source.path,
            "url": doc.source.url,
            "site": doc.source.site,
            "fetched_at": doc.source.fetched_at,
        },
        "title": doc.title,
        "published": doc.published,
        "language": {"code": language.code, "confidence": language.confidence},
        "translation_of": doc.translation_of,
        "alternates": dict(doc.alternates),
        "text": doc.text,
        "people": sorted(people or [], key=_first_start),
        "resolutions": sorted(resolutions or [], key=_first_start),
        "indicators": sorted(indicators or [], key=_first_start),
        "places": sorted(places or [], key=_first_start),
        "province": province,
        "errors": [*doc.errors, *(errors or [])],
    }
    return record


def _spans(record: dict[str, Any]):
    for kind in ("people", "resolutions", "indicators", "places"):
        for index, item in enumerate(record[kind]):
            where = f"{kind}[{index}]"
            if "start" in item:
                yield where, item["start"], item["end"], item.get("text")
            for m_index, mention in enumerate(item.get("mentions", [])):
                yield f"{where}.mentions[{m_index}]", mention["start"], mention["end"], mention.get(
                    "text"
                )
            for r_index, role in enumerate(item.get("roles", [])):
                yield f"{where}.roles[{r_index}]", role["start"], role["end"], role.get("text")


def validate_record(record: dict[str, Any]) -> None:
    """Raise RecordInvalid unless the record fits the schema and every span fits its text."""
    errors = [] if _fits()(record) else sorted(
        _validator().iter_errors(record), key=lambda e: list(e.absolute_path)
    )
    if errors:
        first = errors[0]
        path = "/".join(str(p) for p in first.absolute_path) or "(record)"
        raise RecordInvalid(f"schema violation at {path}: {first.message}")
    text = record["text"]
    for where, start, end, quoted in _spans(record):
        if not 0 <= start <= end <= len(text):
            raise RecordInvalid(f"{where}: offsets {start}..{end} outside the text")
        if quoted is not None and text[start:end] != quoted:
            raise RecordInvalid(f"{where}: text {quoted!r} differs from the text at its offsets")


def safe_record(record: dict[str, Any]) -> dict[str, Any]:
    """The record if valid; else the same record without extracted items and with an error entry,
    so that one extractor bug never stops a batch nor writes an invalid record."""
    try:
        validate_record(record)
        return record
    except RecordInvalid as err:
        fallback = dict(record, people=[], resolutions=[], indicators=[], places=[],
                        province=None)
        problem = error_entry("extract", "invalid", str(err))
        fallback["errors"] = [*record.get("errors", []), problem]
        validate_record(fallback)
        return fallback
