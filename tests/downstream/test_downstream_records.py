"""Reading RECORDS: .jsonl files, folders of .json files, several at once; bad lines skipped."""

import json

import pytest
from downstream_support import BROKEN, RECORDS, VI2_ID, fixture_records, write_folder

from pipeline.downstream.records import RecordReader, RecordsError, load_records, unique_by_id


def test_reads_a_jsonl_file():
    reader = RecordReader([RECORDS])
    records = list(reader)
    assert [r["id"] for r in records] == [r["id"] for r in fixture_records()]
    assert reader.count == 4 and reader.problems == []


def test_reads_a_folder_of_json_records_and_single_files(tmp_path):
    folder = write_folder(tmp_path / "records", fixture_records())
    (folder / "notes.txt").write_text("not a record")
    records, reader = load_records([folder])
    assert sorted(r["id"] for r in records) == sorted(r["id"] for r in fixture_records())
    single = folder / f"{VI2_ID}.json"
    records, _ = load_records([single])
    assert [r["id"] for r in records] == [VI2_ID]


def test_several_inputs_give_one_record_per_id(tmp_path):
    folder = write_folder(tmp_path / "records", fixture_records()[:2])
    records, reader = load_records([RECORDS, folder])
    assert len(records) == 4
    assert reader.count == 6 and reader.notes == []


def test_a_later_different_copy_wins_and_is_noted():
    first = fixture_records()[0]
    second = dict(first, title="a newer extraction")
    notes: list[str] = []
    (kept,) = unique_by_id([first, second], notes)
    assert kept["title"] == "a newer extraction"
    assert notes and first["id"] in notes[0]


def test_malformed_lines_and_invalid_records_are_skipped_and_named():
    records, reader = load_records([BROKEN])
    assert [r["id"] for r in records] == [VI2_ID]
    problems = "\n".join(reader.problems)
    assert len(reader.problems) == 4
    assert f"{BROKEN}:2: not valid JSON" in problems
    assert f"{BROKEN}:4: expected a JSON object" in problems
    assert f"{BROKEN}:5: invalid record skipped" in problems and "outside the text" in problems
    assert f"{BROKEN}:6: invalid record skipped" in problems and "schema_version" in problems


def test_a_broken_json_file_in_a_folder_is_skipped(tmp_path):
    folder = write_folder(tmp_path / "records", fixture_records()[:1])
    (folder / "bad.json").write_text("{oops", encoding="utf-8")
    (folder / "list.json").write_text(json.dumps([1]), encoding="utf-8")
    records, reader = load_records([folder])
    assert len(records) == 1
    assert len(reader.problems) == 2
    assert any("bad.json: not valid JSON" in p for p in reader.problems)


def _text_file(tmp):
    path = tmp / "articles.txt"
    path.write_text("an article, not records")
    return path


@pytest.mark.parametrize("make, message", [
    (lambda tmp: tmp / "missing.jsonl", "no such file or folder"),
    (lambda tmp: tmp, "no .json record files"),
    (_text_file, "expected a .jsonl or .json"),
])
def test_unreadable_inputs_are_refused_before_anything_is_read(tmp_path, make, message):
    with pytest.raises(RecordsError, match=message):
        list(RecordReader([make(tmp_path)]))
