"""Shared by the downstream tests: the fixture records and a parser with the downstream commands
(built here, so the tests do not depend on pipeline.cli having wired them yet)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pipeline.downstream.cli import add_downstream_commands

FIXTURES = Path(__file__).resolve().parent / "fixtures"
RECORDS = FIXTURES / "records.jsonl"
BROKEN = FIXTURES / "broken.jsonl"
VI_ID, PL_ID, VI2_ID, PL2_ID = (
    "3f9c1a7e5b2d4c60", "8d04e2b6c1f7a935", "b7e1c2d3a4f50617", "c0ffee0000a1b2c3"
)


def fixture_records() -> list[dict]:
    return [json.loads(line) for line in RECORDS.read_text(encoding="utf-8").splitlines()]


def by_id() -> dict[str, dict]:
    return {r["id"]: r for r in fixture_records()}


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def write_folder(folder: Path, records: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for record in records:
        (folder / f"{record['id']}.json").write_text(
            json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8"
        )
    return folder


def run(*argv: str | Path) -> int:
    """The command as `pipeline ARGV` would run it."""
    parser = argparse.ArgumentParser(prog="pipeline")
    add_downstream_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args([str(a) for a in argv])
    return args.func(args)
