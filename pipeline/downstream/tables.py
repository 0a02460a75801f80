"""The normalized table layout of `pipeline export`, and a record's rows in it.

One place describes every table (columns, primary key, references, indexes) so that the SQLite,
DuckDB, CSV and Parquet outputs cannot drift apart. Items keep their position in the record's
arrays (`person_no`, `resolution_no`, ...), which is stable because records sort them by offset.
Offsets are named `start_char`/`end_char` (as in spaCy) because `end` is an SQL keyword.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from pipeline.downstream.pairs import url_key
from pipeline.jsonl import dumps

#: Bump when a table or column changes; an existing database of another layout is refused,
#: except one that `MIGRATIONS` brings up to date.
LAYOUT_VERSION = "2"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # text | integer | real | date | json
    nullable: bool = True


@dataclass(frozen=True)
class Reference:
    columns: tuple[str, ...]
    table: str
    ref_columns: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    references: tuple[Reference, ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _c(name: str, type_: str = "text", nullable: bool = True) -> Column:
    return Column(name, type_, nullable)


_DOC = Reference(("document_id",), "documents", ("id",))
_SPAN = (_c("start_char", "integer", False), _c("end_char", "integer", False))

DOCUMENTS = Table(
    "documents",
    (
        _c("id", nullable=False),
        _c("content_hash", nullable=False),
        _c("schema_version", nullable=False),
        _c("url"),
        _c("url_key"),
        _c("path"),
        _c("site"),
        _c("fetched_at"),
        _c("title"),
        _c("published", "date"),
        _c("language", nullable=False),
        _c("language_confidence", "real", False),
        _c("translation_of"),
        _c("translation_of_key"),
        _c("alternates", "json", False),
        _c("text", nullable=False),
    ),
    ("id",),
    indexes=(("url_key",), ("translation_of_key",), ("language",), ("site",), ("published",)),
)
PEOPLE = Table(
    "people",
    (
        _c("document_id", nullable=False),
        _c("person_no", "integer", False),
        _c("name", nullable=False),
        _c("name_key", nullable=False),
        _c("sources", "json"),
    ),
    ("document_id", "person_no"),
    (_DOC,),
    (("name_key",),),
)
PERSON_MENTIONS = Table(
    "person_mentions",
    (
        _c("document_id", nullable=False),
        _c("person_no", "integer", False),
        _c("mention_no", "integer", False),
        *_SPAN,
        _c("text"),
    ),
    ("document_id", "person_no", "mention_no"),
    (_DOC, Reference(("document_id", "person_no"), "people", ("document_id", "person_no"))),
)
ROLES = Table(
    "roles",
    (
        _c("document_id", nullable=False),
        _c("person_no", "integer", False),
        _c("role_no", "integer", False),
        _c("text", nullable=False),
        _c("normalized", nullable=False),
        *_SPAN,
    ),
    ("document_id", "person_no", "role_no"),
    (_DOC, Reference(("document_id", "person_no"), "people", ("document_id", "person_no"))),
    (("normalized",),),
)
RESOLUTIONS = Table(
    "resolutions",
    (
        _c("document_id", nullable=False),
        _c("resolution_no", "integer", False),
        _c("kind", nullable=False),
        _c("number"),
        _c("symbol_key"),
        _c("symbol_number"),
        _c("symbol_year", "integer"),
        _c("symbol_type_code"),
        _c("symbol_issuer_code"),
        _c("symbol_style"),
        _c("issuer"),
        _c("date", "date"),
        _c("term"),
        _c("title"),
        _c("text", nullable=False),
        *_SPAN,
    ),
    ("document_id", "resolution_no"),
    (_DOC,),
    (("symbol_key",), ("kind",)),
)
RESOLUTION_MENTIONS = Table(
    "resolution_mentions",
    (
        _c("document_id", nullable=False),
        _c("resolution_no", "integer", False),
        _c("mention_no", "integer", False),
        *_SPAN,
        _c("text"),
    ),
    ("document_id", "resolution_no", "mention_no"),
    (
        _DOC,
        Reference(
            ("document_id", "resolution_no"), "resolutions", ("document_id", "resolution_no")
        ),
    ),
)
INDICATORS = Table(
    "indicators",
    (
        _c("document_id", nullable=False),
        _c("indicator_no", "integer", False),
        _c("value", "real", False),
        _c("value_max", "real"),
        _c("unit", nullable=False),
        _c("counted"),
        _c("qualifier"),
        _c("label"),
        _c("key"),
        _c("change"),
        _c("comparison"),
        _c("period"),
        _c("as_of", "date"),
        _c("share_of"),
        _c("table_cells", "json"),
        _c("text", nullable=False),
        *_SPAN,
    ),
    ("document_id", "indicator_no"),
    (_DOC,),
    (("key",), ("unit", "value")),
)
_ROLE = Reference(("document_id", "person_no", "role_no"), "roles",
                 ("document_id", "person_no", "role_no"))
ROLE_OFFICES = Table(
    "role_offices",
    (
        _c("document_id", nullable=False),
        _c("person_no", "integer", False),
        _c("role_no", "integer", False),
        _c("office"),
        _c("place_name"),
        _c("place_level"),
        _c("place_code"),
    ),
    ("document_id", "person_no", "role_no"),
    (_DOC, _ROLE),
    (("office",), ("place_code",)),
)
INDICATOR_PLACES = Table(
    "indicator_places",
    (
        _c("document_id", nullable=False),
        _c("indicator_no", "integer", False),
        _c("place_name", nullable=False),
        _c("place_level", nullable=False),
        _c("place_code", nullable=False),
    ),
    ("document_id", "indicator_no"),
    (_DOC, Reference(("document_id", "indicator_no"), "indicators",
                     ("document_id", "indicator_no"))),
    (("place_code",),),
)
PLACES = Table(
    "places",
    (
        _c("document_id", nullable=False),
        _c("place_no", "integer", False),
        _c("name", nullable=False),
        _c("level", nullable=False),
        _c("code", nullable=False),
        _c("official", nullable=False),
        _c("current_code"),
        _c("current_name"),
    ),
    ("document_id", "place_no"),
    (_DOC,),
    (("level", "code"), ("current_code",)),
)
PLACE_MENTIONS = Table(
    "place_mentions",
    (
        _c("document_id", nullable=False),
        _c("place_no", "integer", False),
        _c("mention_no", "integer", False),
        *_SPAN,
        _c("text"),
    ),
    ("document_id", "place_no", "mention_no"),
    (_DOC, Reference(("document_id", "place_no"), "places", ("document_id", "place_no"))),
)
DOCUMENT_PROVINCES = Table(
    "document_provinces",
    (
        _c("document_id", nullable=False),
        _c("code", nullable=False),
        _c("name", nullable=False),
        _c("current_code"),
        _c("current_name"),
        _c("confidence", "real", False),
    ),
    ("document_id",),
    (_DOC,),
    (("code",), ("current_code",)),
)
ERRORS = Table(
    "errors",
    (
        _c("document_id", nullable=False),
        _c("error_no", "integer", False),
        _c("stage", nullable=False),
        _c("code", nullable=False),
        _c("message", nullable=False),
    ),
    ("document_id", "error_no"),
    (_DOC,),
    (("code",),),
)

#: In the order rows are inserted (parents first); deletes go the other way.
TABLES: tuple[Table, ...] = (
    DOCUMENTS, PEOPLE, PERSON_MENTIONS, ROLES, ROLE_OFFICES, RESOLUTIONS, RESOLUTION_MENTIONS,
    INDICATORS, INDICATOR_PLACES, PLACES, PLACE_MENTIONS, DOCUMENT_PROVINCES, ERRORS
)
CHILD_TABLES: tuple[Table, ...] = TABLES[1:]

#: An older layout -> the tables that bring it to LAYOUT_VERSION. New data goes to new tables
#: (never new columns of old ones): DuckDB cannot alter a table others reference.
MIGRATIONS: dict[str, tuple[Table, ...]] = {
    "1": (ROLE_OFFICES, INDICATOR_PLACES, PLACES, PLACE_MENTIONS, DOCUMENT_PROVINCES),
}

#: Translation ↔ original, both directions answerable with one join (see the README, "Pairs").
TRANSLATIONS_VIEW = (
    'CREATE VIEW IF NOT EXISTS "translations" AS '
    "SELECT t.id AS translation_id, o.id AS original_id, "
    "t.language AS translation_language, o.language AS original_language "
    "FROM documents t JOIN documents o "
    "ON o.url_key = t.translation_of_key AND o.id <> t.id"
)


def content_hash(record: dict[str, Any]) -> str:
    """Equal for records with equal content, whatever the key order of the file."""
    canonical = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _json(value: Any) -> str | None:
    return None if value is None else dumps(value)


def record_rows(record: dict[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of one record, per table name, in each table's column order."""
    doc_id = record["id"]
    source = record["source"]
    rows: dict[str, list[tuple[Any, ...]]] = {table.name: [] for table in TABLES}
    rows["documents"].append((
        doc_id,
        content_hash(record),
        record["schema_version"],
        source["url"],
        url_key(source["url"]),
        source["path"],
        source["site"],
        source["fetched_at"],
        record["title"],
        record["published"],
        record["language"]["code"],
        record["language"]["confidence"],
        record["translation_of"],
        url_key(record["translation_of"]),
        dumps(record.get("alternates", {})),
        record["text"],
    ))
    for p_no, person in enumerate(record["people"]):
        rows["people"].append((
            doc_id, p_no, person["name"], person["name_key"], _json(person.get("sources"))
        ))
        for m_no, mention in enumerate(person["mentions"]):
            rows["person_mentions"].append(
                (doc_id, p_no, m_no, mention["start"], mention["end"], mention.get("text"))
            )
        for r_no, role in enumerate(person["roles"]):
            rows["roles"].append((
                doc_id, p_no, r_no, role["text"], role["normalized"], role["start"], role["end"]
            ))
            place = role.get("place") or {}
            if role.get("office") or place:
                rows["role_offices"].append((
                    doc_id, p_no, r_no, role.get("office"), place.get("name"),
                    place.get("level"), place.get("code"),
                ))
    for r_no, res in enumerate(record["resolutions"]):
        symbol = res.get("symbol") or {}
        rows["resolutions"].append((
            doc_id, r_no, res["kind"], res["number"], res["symbol_key"],
            symbol.get("number"), symbol.get("year"), symbol.get("type_code"),
            symbol.get("issuer_code"), symbol.get("style"),
            res["issuer"], res["date"], res.get("term"), res["title"], res["text"],
            res["start"], res["end"],
        ))
        for m_no, mention in enumerate(res["mentions"]):
            rows["resolution_mentions"].append(
                (doc_id, r_no, m_no, mention["start"], mention["end"], mention.get("text"))
            )
    for i_no, ind in enumerate(record["indicators"]):
        rows["indicators"].append((
            doc_id, i_no, ind["value"], ind.get("value_max"), ind["unit"], ind.get("counted"),
            ind.get("qualifier"), ind["label"], ind["key"], ind["change"], ind.get("comparison"),
            ind.get("period"), ind.get("as_of"), ind.get("share_of"), _json(ind.get("table")),
            ind["text"], ind["start"], ind["end"],
        ))
        if ind.get("place"):
            place = ind["place"]
            rows["indicator_places"].append(
                (doc_id, i_no, place["name"], place["level"], place["code"]))
    for p_no, place in enumerate(record.get("places", [])):
        current = place["current"] or {}
        rows["places"].append((
            doc_id, p_no, place["name"], place["level"], place["code"], place["official"],
            current.get("code"), current.get("name"),
        ))
        for m_no, mention in enumerate(place["mentions"]):
            rows["place_mentions"].append(
                (doc_id, p_no, m_no, mention["start"], mention["end"], mention.get("text")))
    province = record.get("province")
    if province:
        current = province["current"] or {}
        rows["document_provinces"].append((
            doc_id, province["code"], province["name"], current.get("code"), current.get("name"),
            province["confidence"],
        ))
    for e_no, error in enumerate(record["errors"]):
        rows["errors"].append((doc_id, e_no, error["stage"], error["code"], error["message"]))
    return rows
