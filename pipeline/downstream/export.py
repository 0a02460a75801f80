"""`pipeline export`: records into SQLite or DuckDB (normalized tables, keys, indexes), or into
CSV / Parquet files, one per table.

Databases are updated in place and idempotently: each document row keeps a hash of its record;
a record whose hash is already there is skipped, one whose hash differs replaces the document's
rows (its children are deleted and re-inserted, the document row is updated). Every batch of
records is one transaction, so an interrupted import leaves whole batches and a re-run finishes
the job. CSV and Parquet are snapshots of the records given, rewritten whole (file by file,
atomically) on each run.

The databases themselves (DDL per type system, DuckDB's limits) are in `databases.py`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from pipeline.downstream.databases import (
    Database,
    DuckdbDatabase,
    ExportError,
    SqliteDatabase,
    database_errors,
    quote,
)
from pipeline.downstream.records import Record, unique_by_id
from pipeline.downstream.tables import CHILD_TABLES, DOCUMENTS, TABLES, record_rows

__all__ = ["ExportError", "ExportSummary", "Target", "export_records", "import_records",
           "parse_target"]

DEFAULT_BATCH_SIZE = 500


@dataclass(frozen=True)
class Target:
    kind: str  # sqlite | duckdb | csv | parquet
    path: Path
    spelled: str

    def __str__(self) -> str:
        return self.spelled


_TARGET_FORMS = "sqlite:///PATH.db, duckdb:///PATH.duckdb, csv:DIR or parquet:DIR"


def parse_target(text: str) -> Target:
    """`sqlite:///out/x.db` (relative) and `sqlite:////abs/x.db` (absolute), as in SQLAlchemy;
    `csv:DIR`, `parquet:DIR`."""
    for kind in ("sqlite", "duckdb"):
        prefix = f"{kind}:///"
        if text.startswith(prefix):
            rest = text[len(prefix):]
            if not rest:
                raise ExportError(f"--to {text}: no database path (e.g. {kind}:///out/records.db)")
            return Target(kind, Path(rest), text)
        if text.startswith(f"{kind}:"):
            raise ExportError(f"--to {text}: write {kind}:///PATH (three slashes, then the path)")
    for kind in ("csv", "parquet"):
        prefix = f"{kind}:"
        if text.startswith(prefix):
            rest = text[len(prefix):]
            if not rest:
                raise ExportError(f"--to {text}: no folder (e.g. {kind}:out/tables)")
            return Target(kind, Path(rest), text)
    raise ExportError(f"--to {text}: unknown target; use {_TARGET_FORMS}")


@dataclass
class ExportSummary:
    new: int = 0
    replaced: int = 0
    unchanged: int = 0
    migrated_from: str | None = None

    @property
    def read(self) -> int:
        return self.new + self.replaced + self.unchanged

    def line(self, target: Target) -> str:
        if target.kind in ("csv", "parquet"):
            return f"exported {self.new} records to {target}: one .{target.kind} file per table"
        line = (f"exported {self.read} records to {target}: {self.new} new, "
                f"{self.replaced} replaced, {self.unchanged} unchanged")
        if self.migrated_from:
            line += (f" (the database was of export layout {self.migrated_from}: its new tables "
                     "of places were added; export older records again to fill them)")
        return line


# -- the import ---------------------------------------------------------------------------------

def _batches(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch


_IDS_PER_QUERY = 500  # below every SQLite's limit on parameters in one statement


def _chunks(ids: list[str]) -> Iterator[tuple[str, ...]]:
    for start in range(0, len(ids), _IDS_PER_QUERY):
        yield tuple(ids[start:start + _IDS_PER_QUERY])


def _marks(ids: tuple[str, ...]) -> str:
    return ", ".join("?" for _ in ids)


def _known_hashes(db: Database, ids: list[str]) -> dict[str, str]:
    known: dict[str, str] = {}
    for chunk in _chunks(ids):
        known.update(db.execute(
            f"SELECT id, content_hash FROM documents WHERE id IN ({_marks(chunk)})", chunk
        ))
    return known


def import_batch(db: Database, batch: list[Record], summary: ExportSummary) -> None:
    """One transaction: new documents inserted, changed ones replaced, unchanged ones skipped.
    The hashes are read inside it, so a concurrent writer cannot slip in between."""
    batch = unique_by_id(batch)
    db.begin()
    try:
        known = _known_hashes(db, [r["id"] for r in batch])
        replaced: list[tuple[Any, ...]] = []
        new: list[tuple[Any, ...]] = []
        children: dict[str, list[tuple[Any, ...]]] = {t.name: [] for t in CHILD_TABLES}
        unchanged = 0
        for record in batch:
            rows = record_rows(record)
            (document,) = rows["documents"]
            old_hash = known.get(record["id"])
            if old_hash == document[1]:
                unchanged += 1
                continue
            (replaced if old_hash is not None else new).append(document)
            for table in CHILD_TABLES:
                children[table.name].extend(rows[table.name])
        for chunk in _chunks([row[0] for row in replaced]):
            for table in reversed(CHILD_TABLES):
                db.execute(
                    f"DELETE FROM {quote(table.name)} WHERE document_id IN ({_marks(chunk)})",
                    chunk,
                )
        db.update_documents(replaced)
        db.insert(DOCUMENTS, new)
        for table in CHILD_TABLES:
            db.insert(table, children[table.name])
        db.commit()
    except BaseException:
        db.rollback()
        raise
    summary.new += len(new)
    summary.replaced += len(replaced)
    summary.unchanged += unchanged


def import_records(
    db: Database, records: Iterable[Record], batch_size: int = DEFAULT_BATCH_SIZE
) -> ExportSummary:
    summary = ExportSummary()
    db.ensure_layout()
    summary.migrated_from = db.migrated_from
    for batch in _batches(records, batch_size):
        import_batch(db, batch, summary)
    return summary


def _open(target: Target) -> Database:
    if target.kind == "sqlite":
        return SqliteDatabase.open(target.path)
    return DuckdbDatabase.open(target.path)


def _copy_tables(db: DuckdbDatabase, folder: Path, kind: str) -> None:
    """Each table to folder/<table>.<kind>, sorted by its key so equal records give equal files;
    each file is written beside its destination and moved into place when complete."""
    folder.mkdir(parents=True, exist_ok=True)
    options = "FORMAT CSV, HEADER" if kind == "csv" else "FORMAT PARQUET"
    for table in TABLES:
        final = folder / f"{table.name}.{kind}"
        # not mkstemp: DuckDB creates the file itself, so it gets the usual permissions (umask)
        tmp_name = str(folder / f".{final.name}.{os.getpid()}.tmp")
        try:
            order = ", ".join(map(quote, table.primary_key))
            quoted_path = tmp_name.replace("'", "''")
            db.execute(
                f"COPY (SELECT * FROM {quote(table.name)} ORDER BY {order}) "
                f"TO '{quoted_path}' ({options})"
            )
            os.replace(tmp_name, final)
        finally:
            if os.path.exists(tmp_name):
                os.unlink(tmp_name)


def export_records(
    records: Iterable[Record], target: Target, batch_size: int = DEFAULT_BATCH_SIZE
) -> ExportSummary:
    errors = database_errors()
    if target.kind in ("csv", "parquet"):
        if target.path.exists() and not target.path.is_dir():
            raise ExportError(f"--to {target}: {target.path} is a file, not a folder")
        with tempfile.TemporaryDirectory(prefix="pipeline-export-") as staging:
            db = DuckdbDatabase.open(Path(staging) / "staging.duckdb")
            try:
                summary = import_records(db, records, batch_size)
                _copy_tables(db, target.path, target.kind)
            except errors as err:
                raise ExportError(f"--to {target}: {err}") from err
            finally:
                db.close()
        return summary
    db = _open(target)
    try:
        return import_records(db, records, batch_size)
    except errors as err:
        raise ExportError(
            f"{target.path}: database error ({err}); the batch in progress was rolled back, "
            "earlier batches are in and a re-run continues from there"
        ) from err
    finally:
        db.close()
