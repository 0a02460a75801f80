"""The downstream subcommands: `export`, `people`, `indicators`, `pairs`, `report`.

`pipeline.cli.build_parser` adds them with `add_downstream_commands(sub)`. Exit codes as for
every command: 0 all records read; 1 the command ran but some inputs were skipped (malformed
lines, invalid records; each is named on stderr); 2 it could not run (missing input, bad target).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from pipeline.downstream.records import RecordReader, RecordsError, check_inputs, load_records
from pipeline.jsonl import AtomicWriter

# the same codes as pipeline.cli (not imported from there: pipeline.cli imports this module)
EXIT_OK, EXIT_SOME_SKIPPED, EXIT_UNUSABLE = 0, 1, 2
DEFAULT_RECORDS = Path("out") / "records.jsonl"
FORMATS = ("table", "json", "csv")


def _records_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "records", nargs="*", type=Path, metavar="RECORDS",
        help="a .jsonl file of records, a folder of per-document .json records, or several "
        f"(default: {DEFAULT_RECORDS})",
    )


def _inputs(args: argparse.Namespace) -> list[Path]:
    inputs = args.records or [DEFAULT_RECORDS]
    if not args.records and not DEFAULT_RECORDS.exists():
        raise RecordsError(f"{DEFAULT_RECORDS}: no such file (run `pipeline extract` first, "
                           "or name the records)")
    check_inputs(inputs)
    return inputs


def _finish(reader: RecordReader) -> int:
    """Name every skipped input and note on stderr; the exit code says whether any was skipped."""
    for line in [*reader.problems, *reader.notes]:
        print(f"pipeline: {line}", file=sys.stderr)
    if reader.problems:
        print(f"pipeline: {reader.count} records read, {len(reader.problems)} inputs skipped",
              file=sys.stderr)
        return EXIT_SOME_SKIPPED
    return EXIT_OK


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    with AtomicWriter(output) as out:
        out.write(text)
    print(f"written: {output}", file=sys.stderr)


def _guarded(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn this package's errors into the CLI's message and exit code 2."""
    def run(args: argparse.Namespace) -> int:
        from pipeline.downstream.export import ExportError
        from pipeline.downstream.places import UnknownProvince

        try:
            return command(args)
        except (RecordsError, ExportError, UnknownProvince) as err:
            print(f"pipeline: {err}", file=sys.stderr)
            return EXIT_UNUSABLE

    run.__name__ = command.__name__
    run.__doc__ = command.__doc__
    return run


@_guarded
def cmd_export(args: argparse.Namespace) -> int:
    from pipeline.downstream.export import ExportError, export_records, parse_target

    target = parse_target(args.to)
    if args.batch_size < 1:
        raise ExportError("--batch-size must be at least 1")
    reader = RecordReader(_inputs(args))
    summary = export_records(reader, target, batch_size=args.batch_size)
    print(summary.line(target), file=sys.stderr)
    args.run_report = {"target": args.to, "records": {
        "read": summary.read, "new": summary.new, "replaced": summary.replaced,
        "unchanged": summary.unchanged, "skipped_inputs": len(reader.problems)}}
    return _finish(reader)


@_guarded
def cmd_people(args: argparse.Namespace) -> int:
    from pipeline.downstream.people import people_csv, people_json, people_table, who_is_who
    from pipeline.downstream.places import ProvinceFilter

    province = ProvinceFilter(args.province) if args.province else None
    records, reader = load_records(_inputs(args))
    people = who_is_who(records, office=args.office, province=province)
    render = {"table": people_table, "json": people_json, "csv": people_csv}[args.format]
    _write(render(people), args.output)
    return _finish(reader)


@_guarded
def cmd_indicators(args: argparse.Namespace) -> int:
    from pipeline.downstream.indicators import (
        indicator_rows,
        indicators_csv,
        indicators_json,
        indicators_table,
    )
    from pipeline.downstream.places import ProvinceFilter

    province = ProvinceFilter(args.province) if args.province else None
    records, reader = load_records(_inputs(args))
    rows = indicator_rows(records, key=args.key, province=province)
    render = {"table": indicators_table, "json": indicators_json, "csv": indicators_csv}
    _write(render[args.format](rows), args.output)
    return _finish(reader)


@_guarded
def cmd_pairs(args: argparse.Namespace) -> int:
    from pipeline.downstream.pairs import find_pairs, pairs_csv, pairs_json, pairs_table

    records, reader = load_records(_inputs(args))
    pairs, unmatched = find_pairs(records)
    if args.format == "json":
        text = pairs_json(pairs, unmatched)
    elif args.format == "csv":
        text = pairs_csv(pairs)
    else:
        text = pairs_table(pairs, unmatched)
    _write(text, args.output)
    if unmatched and args.format != "table":
        print(f"pipeline: {len(unmatched)} translation(s) whose original is not among the records",
              file=sys.stderr)
    return _finish(reader)


@_guarded
def cmd_report(args: argparse.Namespace) -> int:
    from pipeline.downstream.report import build_report

    records, reader = load_records(_inputs(args))
    html = build_report(records, reader.problems, title=args.title, chart_key=args.chart_key)
    with AtomicWriter(args.out) as out:
        out.write(html)
    print(f"report of {len(records)} records: {args.out}", file=sys.stderr)
    return _finish(reader)


def add_downstream_commands(subparsers: argparse._SubParsersAction) -> None:
    """Add `export`, `people`, `pairs` and `report` to the main parser's subcommands."""
    export = subparsers.add_parser(
        "export", help="records into SQLite, DuckDB, CSV or Parquet tables",
        description="Records into normalized tables: documents, people, person_mentions, roles, "
        "resolutions, resolution_mentions, indicators, errors. Databases are updated in place "
        "(re-importing the same records changes nothing; a changed record replaces its rows); "
        "CSV and Parquet get one file per table.",
    )
    _records_argument(export)
    export.add_argument(
        "--to", required=True, metavar="TARGET",
        help="sqlite:///PATH.db, duckdb:///PATH.duckdb (sqlite:////abs/path.db for an absolute "
        "path), csv:DIR or parquet:DIR",
    )
    export.add_argument(
        "--batch-size", type=int, default=500, metavar="N",
        help="records per transaction (default: 500)",
    )
    export.set_defaults(func=cmd_export)

    for name, help_text, func in (
        ("people", "who's who across articles: spellings, roles with dates, mentions",
         cmd_people),
        ("pairs", "translation pairs and what the two versions disagree on", cmd_pairs),
    ):
        sub = subparsers.add_parser(name, help=help_text, description=help_text)
        _records_argument(sub)
        sub.add_argument("--format", choices=FORMATS, default="table",
                         help="table (default, for the terminal), json or csv")
        sub.add_argument("--output", type=Path, metavar="FILE",
                         help="write here instead of standard output")
        sub.set_defaults(func=func)
        if name == "people":
            sub.add_argument("--office", metavar="KEY",
                             help="only people who held this office (a key of "
                             "data/common/offices.toml, e.g. provincial_party_secretary)")
            sub.add_argument("--province", metavar="P",
                             help="only people who held an office in this province (a code or "
                             "a name, with or without diacritics)")

    indicators = subparsers.add_parser(
        "indicators", help="figures as a time series by province, key, period and date",
        description="Every figure with the province it measures (as the article names it and "
        "after the July 2025 reorganisation), its key, period and the article's date, with the "
        "article, its evidence and offsets.",
    )
    _records_argument(indicators)
    indicators.add_argument("--key", metavar="K", help="only figures of this key (e.g. grdp)")
    indicators.add_argument(
        "--province", metavar="P",
        help="only figures of this province: a code (04) or a name, with or without diacritics "
        "(Cao Bằng, cao bang); a province of 2025 also matches the former ones it took in")
    indicators.add_argument("--format", choices=FORMATS, default="table",
                            help="table (default, for the terminal), json or csv")
    indicators.add_argument("--output", type=Path, metavar="FILE",
                            help="write here instead of standard output")
    indicators.set_defaults(func=cmd_indicators)

    report = subparsers.add_parser(
        "report", help="one static HTML page to check the extractions by eye",
        description="One self-contained HTML page (no server, no external assets): summary "
        "and charts per language and site, the who's-who, translation pairs, and every "
        "article with its people, documents and figures highlighted.",
    )
    _records_argument(report)
    report.add_argument("--out", type=Path, default=Path("out") / "report.html", metavar="FILE",
                        help="the HTML page to write (default: out/report.html)")
    report.add_argument("--title", default="Extraction review", help="the page's title")
    report.add_argument("--chart-key", metavar="K",
                        help="the figures' key drawn across provinces and periods (default: the "
                        "key with the most figures that have a province)")
    report.set_defaults(func=cmd_report)
