"""The databases `pipeline export` writes to: SQLite (stdlib) and DuckDB, behind one small
interface (DDL from the table layout, transactions, inserts, in-place updates of documents).

DuckDB notes (its documented index and foreign-key limitations): inside one transaction DuckDB
cannot delete a row that another table references, nor update a referenced row's indexed
columns, and re-inserting a deleted primary key needs DuckDB 1.2.2 or newer. So in DuckDB only the
references to `documents` are declared (the finer ones, e.g. person_mentions -> people, hold by
construction and are declared in SQLite), and `documents` has no secondary indexes (a columnar
scan of it is fast; the child tables keep theirs).
"""

from __future__ import annotations

import os
import re
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from pipeline.downstream.tables import (
    DOCUMENTS,
    LAYOUT_VERSION,
    MIGRATIONS,
    TABLES,
    TRANSLATIONS_VIEW,
    Table,
)
from pipeline.jsonl import dumps

MIN_DUCKDB = (1, 2, 2)
_META = "pipeline_export"
_MAX_JSON_ROW = 1 << 30  # a document row holds the article text; ingest caps files far below


class ExportError(Exception):
    """The export cannot run or was refused; the message says what to do. Exit code 2."""


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class Database:
    """What the import needs from a database: DDL per type system, transactions, ? parameters."""

    types: dict[str, str]
    declares_nested_references = True
    indexes_documents = True

    def __init__(self, connection: Any, path: Path):
        self.connection = connection
        self.path = path
        self.migrated_from: str | None = None  # the layout an older database was brought from

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return self.connection.execute(sql, params).fetchall()

    def executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            self.connection.executemany(sql, rows)

    def insert(self, table: Table, rows: list[tuple[Any, ...]]) -> None:
        self.executemany(_insert_sql(table), rows)

    def update_documents(self, rows: list[tuple[Any, ...]]) -> None:
        """Rewrite documents rows in place (they are referenced, so never deleted)."""
        assignments = ", ".join(f"{quote(name)} = ?" for name in DOCUMENTS.column_names[1:])
        self.executemany(
            f"UPDATE {quote(DOCUMENTS.name)} SET {assignments} WHERE {quote('id')} = ?",
            [(*row[1:], row[0]) for row in rows],
        )

    def begin(self) -> None:
        self.connection.execute("BEGIN")

    def commit(self) -> None:
        self.connection.execute("COMMIT")

    def rollback(self) -> None:
        self.connection.execute("ROLLBACK")

    def close(self) -> None:
        self.connection.close()

    def table_exists(self, name: str) -> bool:
        raise NotImplementedError

    # DDL

    def create_table_sql(self, table: Table) -> str:
        parts = []
        for column in table.columns:
            null = "" if column.nullable else " NOT NULL"
            parts.append(f"{quote(column.name)} {self.types[column.type]}{null}")
        parts.append(f"PRIMARY KEY ({', '.join(map(quote, table.primary_key))})")
        for ref in table.references:
            if ref.table != DOCUMENTS.name and not self.declares_nested_references:
                continue
            parts.append(
                f"FOREIGN KEY ({', '.join(map(quote, ref.columns))}) "
                f"REFERENCES {quote(ref.table)} ({', '.join(map(quote, ref.ref_columns))})"
            )
        body = ",\n  ".join(parts)
        return f"CREATE TABLE IF NOT EXISTS {quote(table.name)} (\n  {body}\n)"

    def create_index_sql(self, table: Table, columns: tuple[str, ...]) -> str:
        name = f"{table.name}_{'_'.join(columns)}"
        return (f"CREATE INDEX IF NOT EXISTS {quote(name)} "
                f"ON {quote(table.name)} ({', '.join(map(quote, columns))})")

    def _migrate(self, version: str) -> None:
        """Bring a database of an older export layout up to date: its new tables, empty until
        the records are exported again (a record of schema 1.1 differs from its 1.0 self, so
        re-exporting replaces it and fills them)."""
        self.begin()
        for table in MIGRATIONS[version]:
            self.execute(self.create_table_sql(table))
            for columns in table.indexes:
                self.execute(self.create_index_sql(table, columns))
        self.execute(f"UPDATE {_META} SET value = ? WHERE key = 'layout_version'",
                     (LAYOUT_VERSION,))
        self.commit()
        self.migrated_from = version

    def ensure_layout(self) -> None:
        """Create the tables on first use; refuse a database of another layout or owner."""
        if self.table_exists(_META):
            found = self.execute(f"SELECT value FROM {_META} WHERE key = 'layout_version'")
            version = found[0][0] if found else None
            if version in MIGRATIONS:
                self._migrate(version)
                return
            if version != LAYOUT_VERSION:
                raise ExportError(
                    f"{self.path} holds tables of export layout {version}, this pipeline writes "
                    f"layout {LAYOUT_VERSION}; export into a new database file"
                )
            return
        clash = [t.name for t in TABLES if self.table_exists(t.name)]
        if clash:
            raise ExportError(
                f"{self.path} already has a table {clash[0]!r} not written by pipeline export; "
                "export into a new database file"
            )
        self.begin()
        self.execute(f"CREATE TABLE {_META} (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)")
        self.execute(f"INSERT INTO {_META} VALUES ('layout_version', ?)", (LAYOUT_VERSION,))
        for table in TABLES:
            self.execute(self.create_table_sql(table))
            if table is DOCUMENTS and not self.indexes_documents:
                continue
            for columns in table.indexes:
                self.execute(self.create_index_sql(table, columns))
        self.execute(TRANSLATIONS_VIEW)
        self.commit()


class SqliteDatabase(Database):
    types = {"text": "TEXT", "integer": "INTEGER", "real": "REAL", "date": "TEXT", "json": "TEXT"}

    @classmethod
    def open(cls, path: Path) -> SqliteDatabase:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # autocommit mode: transactions are the explicit BEGIN/COMMIT of each batch
            connection = sqlite3.connect(path, isolation_level=None)
            connection.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as err:
            raise ExportError(f"{path}: cannot open as SQLite database ({err})") from err
        return cls(connection, path)

    def begin(self) -> None:
        self.connection.execute("BEGIN IMMEDIATE")

    def table_exists(self, name: str) -> bool:
        found = self.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        )
        return bool(found)


class DuckdbDatabase(Database):
    types = {"text": "VARCHAR", "integer": "BIGINT", "real": "DOUBLE", "date": "DATE",
             "json": "VARCHAR"}
    declares_nested_references = False
    indexes_documents = False
    @classmethod
    def open(cls, path: Path | None) -> DuckdbDatabase:
        duckdb = _import_duckdb()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            connection = duckdb.connect(str(path) if path is not None else ":memory:")
        except duckdb.Error as err:
            raise ExportError(f"{path}: cannot open as DuckDB database ({err})") from err
        return cls(connection, path or Path(":memory:"))

    def __init__(self, connection: Any, path: Path):
        super().__init__(connection, path)
        self._staging = tempfile.TemporaryDirectory(prefix="pipeline-duckdb-")

    def close(self) -> None:
        try:
            self.connection.close()
        finally:
            self._staging.cleanup()

    def begin(self) -> None:
        self.connection.begin()

    def commit(self) -> None:
        self.connection.commit()

    def rollback(self) -> None:
        self.connection.rollback()

    def table_exists(self, name: str) -> bool:
        found = self.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_name = ?", (name,)
        )
        return bool(found)

    # DuckDB binds parameters row by row (executemany of 30,000 rows takes 15 s, and long
    # multi-row VALUES are slow before DuckDB 2); its JSON reader loads the same rows in a
    # fraction of a second, with the column types given, so rows travel through a staging file.

    def _stage(self, table: Table, rows: list[tuple[Any, ...]]) -> tuple[str, str]:
        """Write rows as JSON Lines; return (path, the read_json call that reads them typed)."""
        fd, path = tempfile.mkstemp(prefix=f"{table.name}.", suffix=".jsonl",
                                    dir=self._staging.name)
        names = table.column_names
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            for row in rows:
                out.write(dumps(dict(zip(names, row, strict=True))))
                out.write("\n")
        columns = ", ".join(f"'{c.name}': '{self.types[c.type]}'" for c in table.columns)
        reader = (f"read_json(?, format = 'newline_delimited', columns = {{{columns}}}, "
                  f"maximum_object_size = {_MAX_JSON_ROW})")
        return path, reader

    def insert(self, table: Table, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        path, reader = self._stage(table, rows)
        try:
            columns = ", ".join(map(quote, table.column_names))
            self.execute(f"INSERT INTO {quote(table.name)} ({columns}) "
                         f"SELECT {columns} FROM {reader}", (path,))
        finally:
            os.unlink(path)

    def update_documents(self, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        path, reader = self._stage(DOCUMENTS, rows)
        try:
            assignments = ", ".join(
                f"{quote(name)} = staged.{quote(name)}" for name in DOCUMENTS.column_names[1:]
            )
            self.execute(f"UPDATE documents SET {assignments} FROM {reader} AS staged "
                         "WHERE documents.id = staged.id", (path,))
        finally:
            os.unlink(path)


def _import_duckdb():
    try:
        import duckdb
    except ImportError as err:
        raise ExportError("DuckDB, CSV and Parquet export need the duckdb package: "
                          "pip install 'duckdb>=1.2.2'") from err
    parts = duckdb.__version__.split(".")[:3]
    version = tuple(int(re.match(r"\d*", part).group() or 0) for part in parts)
    if version < MIN_DUCKDB:
        raise ExportError(f"duckdb {duckdb.__version__} is too old to replace updated records "
                          "in one transaction; pip install -U 'duckdb>=1.2.2'")
    return duckdb


def _insert_sql(table: Table) -> str:
    columns = ", ".join(map(quote, table.column_names))
    marks = ", ".join("?" for _ in table.columns)
    return f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks})"


def database_errors() -> tuple[type[BaseException], ...]:
    """What the drivers raise, to be turned into one ExportError with the database's name."""
    errors: list[type[BaseException]] = [sqlite3.Error]
    try:
        import duckdb
    except ImportError:
        return tuple(errors)
    errors.append(duckdb.Error)
    return tuple(errors)
