"""Reading RECORDS: `.jsonl` files, folders of per-document `.json` files, or single `.json` files.

Every record is validated against the schema and its own text before anyone downstream sees it,
because the offsets drive the highlighting and the keys drive every join. A malformed line or an
invalid record is skipped with a message naming the file and line; it never stops the others.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import SCHEMA_VERSION
from pipeline.extract.record import RecordInvalid, validate_record
from pipeline.jsonl import iter_jsonl

Record = dict[str, Any]


class RecordsError(Exception):
    """RECORDS cannot be read at all (missing path, folder without records); exit code 2."""


def check_inputs(inputs: Sequence[Path]) -> None:
    """Fail before any output is touched when an input cannot be read."""
    if not inputs:
        raise RecordsError("no RECORDS given")
    for path in inputs:
        if not path.exists():
            raise RecordsError(f"{path}: no such file or folder")
        if path.is_dir() and not any(path.glob("*.json")):
            raise RecordsError(
                f"{path}: no .json record files in this folder "
                "(for JSON Lines, give the .jsonl file itself)"
            )
        if path.is_file() and path.suffix not in (".jsonl", ".json"):
            raise RecordsError(f"{path}: expected a .jsonl or .json file of records")


@dataclass
class RecordReader:
    """Iterates over valid records; `problems` says what was skipped, `notes` what else is worth
    knowing (a record given twice), `count` how many records were read."""

    inputs: Sequence[Path]
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    count: int = 0

    def __iter__(self) -> Iterator[Record]:
        check_inputs(self.inputs)
        for path in self.inputs:
            for where, record in self._raw(path):
                if record is None:
                    continue
                record = upgrade_record(record)
                version = record.get("schema_version") if isinstance(record, dict) else None
                if version != SCHEMA_VERSION:
                    self.problems.append(
                        f"{where}: invalid record skipped (schema_version {version!r}: this "
                        f"pipeline reads {SCHEMA_VERSION} and upgrades 1.0)")
                    continue
                try:
                    validate_record(record)
                except RecordInvalid as err:
                    self.problems.append(f"{where}: invalid record skipped ({err})")
                    continue
                self.count += 1
                yield record

    def _raw(self, path: Path) -> Iterator[tuple[str, Record | None]]:
        if path.is_dir():
            for file in sorted(path.glob("*.json")):
                yield from self._one_json(file)
        elif path.suffix == ".json":
            yield from self._one_json(path)
        else:
            for number, obj, problem in iter_jsonl(path):
                if problem is not None:
                    self.problems.append(f"{problem}; line skipped")
                yield f"{path}:{number}", obj

    def _one_json(self, path: Path) -> Iterator[tuple[str, Record | None]]:
        try:
            obj = json.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            self.problems.append(f"{path}: not UTF-8 text; file skipped")
            return
        except json.JSONDecodeError as err:
            self.problems.append(f"{path}: not valid JSON ({err.msg}, line {err.lineno}); skipped")
            return
        if not isinstance(obj, dict):
            self.problems.append(f"{path}: expected one JSON object (a record); skipped")
            return
        yield str(path), obj


def upgrade_record(record: Record) -> Record:
    """A record of an older schema version as the current one: 1.0 had no places, no article
    province and no place or office on figures and roles; it reads as having found none."""
    if isinstance(record, dict) and record.get("schema_version") == "1.0":
        record = dict(record, schema_version=SCHEMA_VERSION, places=[], province=None)
        order = list(record)  # places and province go before errors, as extract writes them
        if "errors" in order:
            order.remove("errors")
            order.append("errors")
        record = {key: record[key] for key in order}
    return record


def unique_by_id(records: Iterable[Record], notes: list[str] | None = None) -> list[Record]:
    """One record per id, in first-seen order; a later copy replaces an earlier one (the newer
    extraction wins), and a note is added when the two copies differ."""
    by_id: dict[str, Record] = {}
    for record in records:
        previous = by_id.get(record["id"])
        if previous is not None and previous != record and notes is not None:
            notes.append(f"record {record['id']} appears twice with different content; "
                         "the later one is used")
        by_id[record["id"]] = record
    return list(by_id.values())


def load_records(inputs: Sequence[Path]) -> tuple[list[Record], RecordReader]:
    """All valid records (one per id), and the reader with the problems met reading them."""
    reader = RecordReader(inputs)
    records = unique_by_id(reader, reader.notes)
    return records, reader
