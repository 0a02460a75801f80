"""`pipeline export`: normalized tables with keys and indexes, idempotent, one transaction per
batch; CSV and Parquet one file per table."""

import copy
import sqlite3

import duckdb
import pytest
from downstream_support import PL_ID, VI_ID, by_id, fixture_records

from pipeline.downstream import export as export_module
from pipeline.downstream.export import ExportError, export_records, parse_target
from pipeline.downstream.tables import TABLES

EXPECTED_ROWS = {
    "documents": 4, "people": 7, "person_mentions": 9, "roles": 9, "resolutions": 5,
    "resolution_mentions": 5, "indicators": 9, "errors": 1,
    # 8 roles with an office key (the 9th, "Wiceprzewodniczący", has none); the one record with
    # a province (VI2) names one place, Hà Quảng, and places its one figure
    "role_offices": 8, "places": 1, "place_mentions": 1, "indicator_places": 1,
    "document_provinces": 1,
}


def _target(kind, tmp_path):
    suffix = {"sqlite": "db", "duckdb": "duckdb"}[kind]
    return parse_target(f"{kind}:///{tmp_path / f'records.{suffix}'}")


def _connect(target):
    if target.kind == "sqlite":
        return sqlite3.connect(target.path)
    return duckdb.connect(str(target.path))


def _snapshot(target) -> dict[str, list[tuple]]:
    """Every row of every table, in key order: what 'changes nothing' is checked against."""
    connection = _connect(target)
    try:
        return {
            table.name: connection.execute(
                f"SELECT * FROM {table.name} ORDER BY {', '.join(table.primary_key)}"
            ).fetchall()
            for table in TABLES
        }
    finally:
        connection.close()


@pytest.mark.parametrize("spelled, kind, path", [
    ("sqlite:///out/records.db", "sqlite", "out/records.db"),
    ("sqlite:////tmp/records.db", "sqlite", "/tmp/records.db"),
    ("duckdb:///records.duckdb", "duckdb", "records.duckdb"),
    ("csv:out/tables", "csv", "out/tables"),
    ("parquet:/data/tables", "parquet", "/data/tables"),
])
def test_targets(spelled, kind, path):
    target = parse_target(spelled)
    assert (target.kind, str(target.path), str(target)) == (kind, path, spelled)


@pytest.mark.parametrize("spelled, message", [
    ("sqlite://records.db", "three slashes"),
    ("sqlite:///", "no database path"),
    ("csv:", "no folder"),
    ("postgres://localhost/db", "unknown target"),
    ("records.db", "unknown target"),
])
def test_bad_targets_say_what_to_write(spelled, message):
    with pytest.raises(ExportError, match=message):
        parse_target(spelled)


@pytest.mark.parametrize("kind", ["sqlite", "duckdb"])
def test_tables_rows_and_translations_view(kind, tmp_path):
    target = _target(kind, tmp_path)
    summary = export_records(fixture_records(), target)
    assert (summary.new, summary.replaced, summary.unchanged) == (4, 0, 0)
    rows = _snapshot(target)
    assert {name: len(found) for name, found in rows.items()} == EXPECTED_ROWS
    connection = _connect(target)
    try:
        assert connection.execute(
            "SELECT translation_id, original_id FROM translations"
        ).fetchall() == [(PL_ID, VI_ID)]
        # the who's-who in one query: name_key joins the spellings across languages
        spellings = connection.execute(
            "SELECT DISTINCT name FROM people WHERE name_key = 'quan minh cuong' ORDER BY name"
        ).fetchall()
        assert spellings == [("Quan Minh Cuong",), ("Quản Minh Cường",)]
        (grdp,) = connection.execute(
            "SELECT value, unit, start_char, end_char FROM indicators "
            "WHERE document_id = ? AND key = 'grdp_growth'", [VI_ID]
        ).fetchall()
        text = by_id()[VI_ID]["text"]
        assert grdp[:2] == (6.52, "%") and text[grdp[2]:grdp[3]] == "tăng 6,52%"
        published = connection.execute(
            "SELECT published FROM documents WHERE id = ?", [VI_ID]
        ).fetchone()[0]
        assert str(published) == "2025-10-14"
    finally:
        connection.close()


def test_sqlite_declares_keys_references_and_indexes(tmp_path):
    target = _target("sqlite", tmp_path)
    export_records(fixture_records(), target)
    connection = sqlite3.connect(target.path)
    try:
        references = {
            (row[2], row[3], row[4])
            for row in connection.execute("PRAGMA foreign_key_list(person_mentions)")
        }
        assert ("documents", "document_id", "id") in references
        assert ("people", "person_no", "person_no") in references
        columns = connection.execute("PRAGMA table_info(roles)").fetchall()
        pk = [r[1] for r in sorted(columns, key=lambda r: r[5]) if r[5]]
        assert pk == ["document_id", "person_no", "role_no"]
        indexes = {row[1] for row in connection.execute("PRAGMA index_list(people)")}
        assert "people_name_key" in indexes
        connection.execute("PRAGMA foreign_keys = ON")
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute(
                "INSERT INTO person_mentions VALUES ('nosuchdocument00', 0, 0, 0, 1, 'x')"
            )
    finally:
        connection.close()


def test_duckdb_declares_keys_references_and_indexes(tmp_path):
    target = _target("duckdb", tmp_path)
    export_records(fixture_records(), target)
    connection = duckdb.connect(str(target.path))
    try:
        constraints = connection.execute(
            "SELECT table_name, constraint_type FROM duckdb_constraints()"
        ).fetchall()
        assert ("people", "PRIMARY KEY") in constraints
        assert ("people", "FOREIGN KEY") in constraints
        found = connection.execute("SELECT index_name FROM duckdb_indexes()").fetchall()
        indexes = {row[0] for row in found}
        assert {"people_name_key", "indicators_key", "resolutions_symbol_key"} <= indexes
        with pytest.raises(duckdb.ConstraintException):
            connection.execute(
                "INSERT INTO people VALUES ('nosuchdocument00', 0, 'X', 'x', NULL)"
            )
    finally:
        connection.close()


@pytest.mark.parametrize("kind", ["sqlite", "duckdb"])
def test_reimport_changes_nothing_and_an_updated_record_replaces_its_rows(kind, tmp_path):
    target = _target(kind, tmp_path)
    export_records(fixture_records(), target)
    before = _snapshot(target)

    file_before = target.path.read_bytes()
    again = export_records(fixture_records(), target)
    assert (again.new, again.replaced, again.unchanged) == (0, 0, 4)
    assert _snapshot(target) == before
    if kind == "sqlite":  # not even a byte of the file changes
        assert target.path.read_bytes() == file_before

    records = fixture_records()
    updated = next(r for r in records if r["id"] == PL_ID)
    updated["title"] = "Konferencja (poprawiona)"
    updated["people"] = updated["people"][:1]  # Le Hai Hoa no longer found
    updated["indicators"] = updated["indicators"][1:]
    summary = export_records(records, target, batch_size=2)
    assert (summary.new, summary.replaced, summary.unchanged) == (0, 1, 3)
    after = _snapshot(target)
    assert len(after["people"]) == len(before["people"]) - 1
    assert len(after["roles"]) == len(before["roles"]) - 2
    assert len(after["indicators"]) == len(before["indicators"]) - 1
    assert [r for r in after["people"] if r[0] == PL_ID] == [
        (PL_ID, 0, "Quan Minh Cuong", "quan minh cuong", '["rules"]')
    ]
    connection = _connect(target)
    try:
        assert connection.execute(
            "SELECT title FROM documents WHERE id = ?", [PL_ID]
        ).fetchone() == ("Konferencja (poprawiona)",)
    finally:
        connection.close()
    # the other documents' rows are untouched
    for name in after:
        assert [r for r in after[name] if r[0] != PL_ID] == [
            r for r in before[name] if r[0] != PL_ID
        ]
    assert export_records(records, target).unchanged == 4


@pytest.mark.parametrize("kind", ["sqlite", "duckdb"])
def test_a_failed_batch_is_rolled_back_and_earlier_batches_stay(kind, tmp_path, monkeypatch):
    target = _target(kind, tmp_path)
    records = fixture_records()
    calls = {"batches": 0}
    real = export_module.import_batch

    def failing_second_batch(db, batch, summary):
        calls["batches"] += 1
        if calls["batches"] == 2:
            original_insert = db.insert

            def insert(table, rows):
                if table.name == "indicators":
                    raise RuntimeError("disk full")
                original_insert(table, rows)

            monkeypatch.setattr(db, "insert", insert)
        real(db, batch, summary)

    monkeypatch.setattr(export_module, "import_batch", failing_second_batch)
    with pytest.raises(RuntimeError, match="disk full"):
        export_records(records, target, batch_size=2)
    rows = _snapshot(target)
    first_two = {records[0]["id"], records[1]["id"]}
    assert {r[0] for r in rows["documents"]} == first_two
    assert {r[0] for r in rows["people"]} <= first_two
    assert {r[0] for r in rows["indicators"]} == first_two

    monkeypatch.setattr(export_module, "import_batch", real)
    summary = export_records(records, target, batch_size=2)
    assert (summary.new, summary.unchanged) == (2, 2)


def test_a_database_with_foreign_tables_is_refused(tmp_path):
    path = tmp_path / "theirs.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE documents (id TEXT, body TEXT)")
    connection.commit()
    connection.close()
    with pytest.raises(ExportError, match="not written by pipeline export"):
        export_records(fixture_records(), parse_target(f"sqlite:///{path}"))


def test_a_duplicate_id_within_a_batch_keeps_the_later_copy(tmp_path):
    records = fixture_records()
    newer = copy.deepcopy(records[0])
    newer["title"] = "newer"
    target = _target("sqlite", tmp_path)
    export_records([*records, newer], target)
    rows = _snapshot(target)
    assert len(rows["documents"]) == 4
    assert next(r for r in rows["documents"] if r[0] == newer["id"])[8] == "newer"


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_csv_and_parquet_one_file_per_table(kind, tmp_path):
    folder = tmp_path / kind
    target = parse_target(f"{kind}:{folder}")
    summary = export_records(fixture_records(), target)
    assert summary.new == 4
    files = sorted(p.name for p in folder.iterdir())
    assert files == sorted(f"{t.name}.{kind}" for t in TABLES)
    connection = duckdb.connect()
    reader = "read_csv_auto" if kind == "csv" else "read_parquet"
    for table in TABLES:
        path = folder / f"{table.name}.{kind}"
        count = connection.execute(f"SELECT count(*) FROM {reader}('{path}')").fetchone()[0]
        assert count == EXPECTED_ROWS[table.name], table.name
        described = connection.execute(f"DESCRIBE SELECT * FROM {reader}('{path}')").fetchall()
        columns = [row[0] for row in described]
        assert columns == table.column_names
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    export_records(fixture_records(), target)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_parquet_keeps_types(tmp_path):
    folder = tmp_path / "pq"
    export_records(fixture_records(), parse_target(f"parquet:{folder}"))
    described = duckdb.connect().execute(
        f"DESCRIBE SELECT * FROM read_parquet('{folder / 'documents.parquet'}')"
    ).fetchall()
    types = {row[0]: row[1] for row in described}
    assert types["published"] == "DATE"
    assert types["language_confidence"] == "DOUBLE"


def test_csv_is_readable_by_the_standard_library(tmp_path):
    import csv

    folder = tmp_path / "csv"
    export_records(fixture_records(), parse_target(f"csv:{folder}"))
    with open(folder / "people.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["name"] for r in rows if r["name_key"] == "quan minh cuong"} == {
        "Quản Minh Cường", "Quan Minh Cuong"
    }
    with open(folder / "documents.csv", encoding="utf-8", newline="") as handle:
        texts = {r["id"]: r["text"] for r in csv.DictReader(handle)}
    assert texts == {r["id"]: r["text"] for r in fixture_records()}  # newlines, quotes intact


def test_a_file_where_the_folder_should_be_is_refused(tmp_path):
    (tmp_path / "tables").write_text("")
    with pytest.raises(ExportError, match="is a file"):
        export_records(fixture_records(), parse_target(f"csv:{tmp_path / 'tables'}"))


@pytest.mark.parametrize("kind", ["sqlite", "duckdb"])
def test_a_database_of_layout_1_gets_the_tables_of_places(kind, tmp_path):
    target = _target(kind, tmp_path)
    export_records(fixture_records(), target)
    connection = _connect(target)  # made into what layout 1 wrote: no tables of places
    for name in ("role_offices", "indicator_places", "place_mentions", "places",
                 "document_provinces"):
        connection.execute(f"DROP TABLE {name}")
    connection.execute("UPDATE pipeline_export SET value = '1' WHERE key = 'layout_version'")
    # its records were of schema 1.0: other content than the 1.1 records exported now
    connection.execute("UPDATE documents SET content_hash = 'of a 1.0 record'")
    connection.commit()
    connection.close()
    summary = export_records(fixture_records(), target)
    assert (summary.migrated_from, summary.replaced) == ("1", 4)
    assert "export layout 1: its new tables of places were added" in summary.line(target)
    rows = _snapshot(target)
    assert [r[2:5] for r in rows["places"]] == [("Hà Quảng", "district", "045")]
    connection = _connect(target)
    try:
        assert connection.execute(
            "SELECT value FROM pipeline_export WHERE key = 'layout_version'").fetchall() == [("2",)]
    finally:
        connection.close()


def test_a_database_of_an_unknown_layout_is_refused(tmp_path):
    target = _target("sqlite", tmp_path)
    export_records(fixture_records(), target)
    with sqlite3.connect(target.path) as connection:
        connection.execute("UPDATE pipeline_export SET value = '9' WHERE key = 'layout_version'")
    with pytest.raises(ExportError, match="export layout 9, this pipeline writes layout 2"):
        export_records(fixture_records(), target)
