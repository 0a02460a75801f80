"""The four commands as a user runs them: outputs, messages and exit codes (0 / 1 / 2)."""

import json
import sqlite3

import pytest
from downstream_support import (
    BROKEN,
    FIXTURES,
    PL_ID,
    RECORDS,
    VI_ID,
    fixture_records,
    run,
    write_folder,
)


def test_export_twice_then_the_summary_says_unchanged(tmp_path, capsys):
    db = tmp_path / "records.db"
    assert run("export", RECORDS, "--to", f"sqlite:///{db}") == 0
    assert "4 new, 0 replaced, 0 unchanged" in capsys.readouterr().err
    assert run("export", RECORDS, "--to", f"sqlite:///{db}") == 0
    assert "0 new, 0 replaced, 4 unchanged" in capsys.readouterr().err
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM documents").fetchone() == (4,)


def test_export_from_a_folder_and_a_file_to_duckdb_parquet_and_csv(tmp_path, capsys):
    folder = write_folder(tmp_path / "records", fixture_records()[:2])
    assert run("export", folder, RECORDS, "--to", f"duckdb:///{tmp_path / 'r.duckdb'}") == 0
    assert run("export", RECORDS, "--to", f"parquet:{tmp_path / 'pq'}") == 0
    assert run("export", RECORDS, "--to", f"csv:{tmp_path / 'csv'}") == 0
    assert (tmp_path / "pq" / "indicators.parquet").stat().st_size > 0
    assert (tmp_path / "csv" / "documents.csv").read_text(encoding="utf-8").startswith("id,")


def test_people_formats(capsys):
    assert run("people", RECORDS) == 0
    assert "Quản Minh Cường" in capsys.readouterr().out
    assert run("people", RECORDS, "--format", "json") == 0
    people = json.loads(capsys.readouterr().out)
    assert people == json.loads((FIXTURES / "people.expected.json").read_text(encoding="utf-8"))
    assert run("people", RECORDS, "--format", "csv") == 0
    assert capsys.readouterr().out.startswith("name_key,name,spellings,")


def test_pairs_to_a_file(tmp_path, capsys):
    out = tmp_path / "pairs.json"
    assert run("pairs", RECORDS, "--format", "json", "--output", out) == 0
    pairs = json.loads(out.read_text(encoding="utf-8"))["pairs"]
    assert [(p["original"]["id"], p["translation"]["id"]) for p in pairs] == [(VI_ID, PL_ID)]
    assert "1 translation(s) whose original is not among the records" in capsys.readouterr().err


def test_report_writes_the_page(tmp_path, capsys):
    out = tmp_path / "site" / "report.html"
    assert run("report", RECORDS, "--out", out, "--title", "Cao Bằng, October") == 0
    html = out.read_text(encoding="utf-8")
    assert "<title>Cao Bằng, October</title>" in html
    assert f"report of 4 records: {out}" in capsys.readouterr().err


@pytest.mark.parametrize("command", [
    ("people",), ("pairs",), ("report", "--out", "{tmp}/r.html"),
    ("export", "--to", "sqlite:///{tmp}/r.db"),
])
def test_skipped_lines_are_named_and_exit_1(command, tmp_path, capsys):
    argv = [part.format(tmp=tmp_path) for part in command]
    assert run(argv[0], BROKEN, *argv[1:]) == 1
    err = capsys.readouterr().err
    assert f"{BROKEN}:2: not valid JSON" in err
    assert f"{BROKEN}:5: invalid record skipped" in err
    assert "1 records read, 4 inputs skipped" in err


@pytest.mark.parametrize("argv, message", [
    (("people", "missing.jsonl"), "missing.jsonl: no such file or folder"),
    (("export", str(RECORDS), "--to", "mysql://db"), "unknown target"),
    (("export", str(RECORDS), "--to", "csv:x", "--batch-size", "0"), "at least 1"),
])
def test_unusable_input_exits_2_with_a_message(argv, message, capsys):
    assert run(*argv) == 2
    assert message in capsys.readouterr().err


def test_default_records_hint_at_extract(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert run("people") == 2
    assert "run `pipeline extract` first" in capsys.readouterr().err
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "records.jsonl").write_bytes(RECORDS.read_bytes())
    assert run("people", "--format", "json") == 0
    assert len(json.loads(capsys.readouterr().out)) == 4


def test_the_main_command_line_offers_the_downstream_commands():
    from pipeline.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    # Not wired is a failure, not a skip: users reach these commands only through `pipeline`.
    assert {"export", "people", "pairs", "report"} <= set(commands.choices)

