"""Command line: `pipeline ingest`, `extract`, `evaluate`, `schema`, and the downstream
`export`, `people`, `pairs`, `report`.

Exit codes: 0 all went well; 1 the run finished but some documents have error entries;
2 the command could not run (bad arguments, missing input, bad configuration).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path

from pipeline import __version__
from pipeline.config import MAX_EXTRACT_CHARS, ConfigError, load_config
from pipeline.downstream.cli import add_downstream_commands
from pipeline.ingest.site_profiles import ProfileError, load_profiles

EXIT_OK, EXIT_SOME_FAILED, EXIT_UNUSABLE = 0, 1, 2
BUNDLED_CORPUS = Path(__file__).resolve().parent.parent / "corpora"
DEFAULT_OUT = Path("out")


class UsageError(Exception):
    pass


def _is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def _shown_path(path: Path) -> str:
    """Relative to the working directory when inside it, so records do not carry the checkout's
    absolute location (and stay byte-identical across clones)."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else relative


def _say(lines: list[str]) -> None:
    for line in lines:
        print(line, file=sys.stderr)


def _progress(args: argparse.Namespace) -> bool | None:
    return False if args.no_progress else None


def cmd_ingest(args: argparse.Namespace) -> int:
    from pipeline.ingest.local import SourceError, read_local_sources
    from pipeline.ingest.run import write_documents

    config = load_config(args.config)
    profiles = load_profiles(tuple(args.profiles or ()) + config.profile_dirs)
    if args.from_warc:
        from pipeline.crawl import from_warc_command

        if args.sources or args.sources_file:
            raise UsageError("give either --from-warc files or SOURCEs (or --sources) to one "
                             "ingest run, not both")
        return from_warc_command(args.from_warc, args.out, args, profiles)
    if args.sources_file is not None:
        return _ingest_sources(args, profiles)
    sources = args.sources or [_shown_path(BUNDLED_CORPUS)]
    urls = [s for s in sources if _is_url(s)]
    local = [Path(s) for s in sources if not _is_url(s)]
    for path in local:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
    out_dir: Path = args.out
    documents = out_dir / "documents.jsonl"
    if urls:
        from pipeline.crawl import crawl_command

        if local:
            raise UsageError("give either URLs or local files/folders to one ingest run, not both")
        return crawl_command(urls, out_dir, args, profiles)
    if args.crawl:
        raise UsageError("--crawl needs start URLs (http:// or https://)")
    try:
        docs = read_local_sources(
            local, profiles=profiles, encoding=args.encoding, max_bytes=args.max_bytes
        )
        summary = write_documents(docs, documents, progress=_progress(args), profiles=profiles)
    except SourceError as err:
        raise UsageError(str(err)) from err
    args.run_report = {"documents": {"written": summary.documents,
                                     "duplicates": summary.duplicates,
                                     "with_errors": summary.failed}}
    _say([*summary.lines(), f"documents: {documents}"])
    return EXIT_SOME_FAILED if summary.failed else EXIT_OK


def _ingest_sources(args: argparse.Namespace, profiles: tuple) -> int:
    from pipeline.crawl.sources import SourcesError, sources_command

    local = [s for s in args.sources if not _is_url(s)]
    if local:
        raise UsageError(f"{local[0]}: with --sources, SOURCEs must be URLs (crawled as one more "
                         "site); ingest local files in a run of their own")
    try:
        return sources_command(args.sources_file, list(args.sources), args.out, args, profiles,
                               say=lambda line: print(line, file=sys.stderr))
    except SourcesError as err:
        raise UsageError(str(err)) from err


def cmd_extract(args: argparse.Namespace) -> int:
    from pipeline.extract.incremental import ExtractLockError
    from pipeline.extract.inputs import iter_input_documents
    from pipeline.extract.stage import run_extract
    from pipeline.extract.step import ExtractOptions
    from pipeline.ingest.local import SourceError

    config = load_config(args.config)
    profiles = load_profiles(tuple(args.profiles or ()) + config.profile_dirs)
    inputs = args.inputs or [DEFAULT_OUT]
    for path in inputs:
        if not path.exists():
            hint = " (run `pipeline ingest` first)" if path == DEFAULT_OUT else ""
            raise UsageError(f"{path}: no such file or folder{hint}")
    if args.output is None and args.output_dir is None:
        args.output = DEFAULT_OUT / "records.jsonl"
    options = ExtractOptions(
        person_models=tuple(config.person_models.items()),
        max_chars=args.max_chars or config.max_chars,
    )
    workers = args.workers or os.cpu_count() or 1
    try:
        summary = run_extract(
            iter_input_documents(
                inputs, profiles=profiles, encoding=args.encoding, max_bytes=args.max_bytes
            ),
            output=args.output,
            output_dir=args.output_dir,
            options=options,
            workers=workers,
            engine=args.engine,
            scheduler=args.scheduler,
            progress=_progress(args),
            full=args.full,
            batch=args.batch,
        )
    except (SourceError, ExtractLockError) as err:
        raise UsageError(str(err)) from err
    args.run_report = summary.report()
    where = [str(p) for p in (args.output, args.output_dir) if p is not None]
    _say([*summary.lines(), f"records: {', '.join(where)}"])
    return EXIT_SOME_FAILED if summary.failed else EXIT_OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    from pipeline.evaluation.evaluate import run_evaluation

    return run_evaluation(args.gold, peer=args.peer, as_json=args.json, verbose=args.verbose)


def cmd_profile_suggest(args: argparse.Namespace) -> int:
    from pipeline.crawl.crawler import polite_fetch
    from pipeline.crawl.fetcher import HttpTransport
    from pipeline.crawl.profile_suggest import SuggestError, read_source, suggest_profile
    from pipeline.crawl.settings import CrawlSettings
    from pipeline.crawl.urls import HostPolicy, UrlError, normalize_url

    # Live pages go through the crawl's own layers: robots.txt, the per-host rate, retries,
    # the User-Agent with --contact, the hosts the URLs name.
    settings = CrawlSettings.from_args(args)
    transport = HttpTransport(settings)
    try:
        web = ("http://", "https://")
        sources = [normalize_url(s) if s.startswith(web) else s for s in args.sources]
        urls = [s for s in sources if s.startswith(web)]
        fetch, _ = polite_fetch(settings, HostPolicy(urls, settings.allow_hosts), transport)
        pages = [read_source(source, fetch=fetch) for source in sources]
        text = suggest_profile(pages, args.name).to_toml()
    except (SuggestError, UrlError) as err:
        raise UsageError(str(err)) from err
    finally:
        transport.close()
    if args.out is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        args.out.write_text(text, "utf-8")
    except OSError as err:
        raise UsageError(f"cannot write the profile to {args.out}: {err.strerror}") from err
    print(f"profile: {args.out} (review it; give its folder to --profiles)", file=sys.stderr)
    return EXIT_OK


def cmd_evaluate_html(args: argparse.Namespace) -> int:
    from pipeline.evaluation.html_eval import run_html_evaluation

    return run_html_evaluation(args.pages, as_json=args.json, verbose=args.verbose)


def cmd_schema(args: argparse.Namespace) -> int:
    from pipeline.schema import record_schema

    print(json.dumps(record_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


def _since_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2025-10-01") from None


def _positive(kind: type) -> object:
    def parse(value: str):
        try:
            number = kind(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
        if number <= 0:
            raise argparse.ArgumentTypeError(f"{value!r} must be greater than 0")
        return number

    parse.__name__ = kind.__name__
    return parse


def _add_crawl_options(ingest: argparse.ArgumentParser) -> None:
    """Options of `ingest` when SOURCE is a URL (see the README, "Ingest from the live sites")."""
    crawl = ingest.add_argument_group(
        "live sites (SOURCE is an article, listing page, RSS feed or sitemap URL)"
    )
    crawl.add_argument(
        "--crawl", action="store_true",
        help="follow pagination and links between articles, not only the start pages' links",
    )
    crawl.add_argument(
        "--max-pages", type=_positive(int), default=1000, metavar="N",
        help="visit at most N pages per run (default: 1000)",
    )
    crawl.add_argument(
        "--since", type=_since_date, metavar="YYYY-MM-DD",
        help="skip articles published before this day and stop paginating past them",
    )
    crawl.add_argument(
        "--allow-host", action="append", metavar="HOST",
        help="also follow links to HOST (host, host:port or *.domain; repeatable)",
    )
    crawl.add_argument(
        "--allow-private-addresses", action="store_true",
        help="let hosts that no start URL names be on loopback, private or link-local "
        "addresses (refused by default)",
    )
    crawl.add_argument(
        "--from-warc", nargs="+", type=Path, metavar="FILE",
        help="parse the responses archived in these WARC files again, offline",
    )
    crawl.add_argument(
        "--rate", type=_positive(float), default=1.0, metavar="R",
        help="requests per second per host, at most (default: 1; robots.txt Crawl-delay can "
        "only slow it down)",
    )
    crawl.add_argument("--contact", metavar="EMAIL_OR_URL",
                       help="how site operators reach you; goes into the User-Agent")
    crawl.add_argument("--user-agent", metavar="UA", help="replace the whole User-Agent")
    crawl.add_argument(
        "--timeout", type=_positive(float), default=30.0, metavar="S",
        help="connect and read timeout in seconds (default: 30)",
    )
    crawl.add_argument(
        "--max-time", type=_positive(float), default=120.0, metavar="S",
        help="give up on a response still arriving after S seconds (default: 120)",
    )
    crawl.add_argument(
        "--retries", type=int, default=3, metavar="N",
        help="retries on connection errors, timeouts, 5xx and 429 (default: 3)",
    )
    crawl.add_argument(
        "--backoff", type=_positive(float), default=1.0, metavar="S",
        help="first retry after S seconds, doubling each time (default: 1; Retry-After wins "
        "when longer)",
    )
    crawl.add_argument("--max-redirects", type=int, default=5, metavar="N",
                       help="redirects followed per page (default: 5)")
    crawl.add_argument(
        "--max-compressed-bytes", type=_positive(int), metavar="N",
        help="largest body accepted over the wire (default: --max-bytes)",
    )
    crawl.add_argument("--max-hosts", type=_positive(int), default=8, metavar="N",
                       help="hosts crawled in parallel (default: 8)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pipeline",
        description="People, document references and indicators from Vietnamese provincial "
        "news and its Polish translations.",
    )
    parser.add_argument("--version", action="version", version=f"pipeline {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, help="configuration file (TOML)")
    common.add_argument(
        "--profiles", action="append", metavar="DIR", help="extra folder of site profiles (TOML)"
    )
    common.add_argument(
        "--encoding", help="charset of local text files when they are not UTF-8 (e.g. windows-1258)"
    )
    common.add_argument("--no-progress", action="store_true", help="never show a progress bar")

    ingest = sub.add_parser(
        "ingest", parents=[common], help="files, folders or URLs to DIR/documents.jsonl"
    )
    ingest.add_argument(
        "sources", nargs="*", metavar="SOURCE",
        help="file, folder or URL (default: the bundled corpora/)",
    )
    ingest.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output folder (default: out)"
    )
    ingest.add_argument(
        "--sources", dest="sources_file", type=Path, metavar="FILE",
        help="crawl the sites of this sources file (TOML, see sources.example.toml), each with "
        "its own options; URLs given as SOURCE are crawled too",
    )
    ingest.add_argument(
        "--max-bytes", type=int, default=20 * 1024 * 1024,
        help="refuse larger files, and web pages larger once decompressed (bytes)",
    )
    _add_crawl_options(ingest)
    ingest.set_defaults(func=cmd_ingest)

    extract = sub.add_parser(
        "extract", parents=[common], help="documents to validated JSON records"
    )
    extract.add_argument(
        "inputs", nargs="*", type=Path, metavar="INPUT",
        help="ingest output (folder or documents.jsonl) or .txt/.html files and folders "
        "(default: out/)",
    )
    extract.add_argument(
        "--output", type=Path, help="records as JSON Lines (default: out/records.jsonl)"
    )
    extract.add_argument("--output-dir", type=Path, help="also one JSON file per document here")
    extract.add_argument(
        "--max-bytes", type=_positive(int), default=20 * 1024 * 1024,
        help="refuse larger .txt/.html article files (bytes; default: 20 MB)",
    )
    extract.add_argument(
        "--max-chars", type=_positive(int), metavar="N",
        help="extract from the first N characters of longer texts, with an error entry saying "
        f"so (default: [extract] max_chars of --config, else {MAX_EXTRACT_CHARS:,})",
    )
    extract.add_argument(
        "--workers", type=int, default=None,
        help="worker processes, or Dask workers of a LocalCluster (default: the number of cores)"
    )
    extract.add_argument(
        "--engine", choices=("local", "dask"), default="local",
        help="where extraction runs: this machine's processes, or a Dask cluster",
    )
    extract.add_argument(
        "--scheduler", metavar="tcp://HOST:PORT",
        help="Dask scheduler address (default with --engine dask: a LocalCluster)",
    )
    extract.add_argument(
        "--full", action="store_true",
        help="extract every document again (default: only new and changed ones, unless the "
        "code, data files or options changed)",
    )
    extract.add_argument(
        "--batch", type=_positive(int), default=64, metavar="N",
        help="documents extracted between two checkpoints; a killed run continues from the "
        "last one (default: 64)",
    )
    extract.set_defaults(func=cmd_extract)

    evaluate = sub.add_parser(
        "evaluate", help="precision, recall and F1 against a hand-checked dev set"
    )
    evaluate.add_argument(
        "gold", type=Path, nargs="+", metavar="GOLD_DIR",
        help="folders of articles with NAME.expected.json beside them (searched below)",
    )
    evaluate.add_argument(
        "--peer", action=argparse.BooleanOptionalAction, default=True,
        help="also score underthesea's NER on the Vietnamese articles (default: on)",
    )
    evaluate.add_argument("--json", action="store_true", help="print the scores as JSON")
    evaluate.add_argument(
        "-v", "--verbose", action="store_true", help="list every miss and extra per article"
    )
    evaluate.set_defaults(func=cmd_evaluate)

    profile = sub.add_parser("profile", help="site profiles: suggest one for a new site")
    profile_sub = profile.add_subparsers(dest="profile_command", required=True)
    suggest = profile_sub.add_parser(
        "suggest",
        help="draft a site profile from one listing and a few article pages (URLs or files)",
    )
    suggest.add_argument(
        "sources", nargs="+", metavar="URL|FILE",
        help="a listing page and two or three article pages of the site, live or saved",
    )
    suggest.add_argument("--out", type=Path, help="write the profile here (default: stdout)")
    suggest.add_argument("--name", help="the profile's name (default: from the host)")
    suggest.add_argument("--contact", help="e-mail or URL sent in the User-Agent")
    suggest.add_argument(
        "--rate", type=_positive(float), default=1.0, metavar="R",
        help="requests per second to the site, at most (default: 1; as for ingest --crawl)",
    )  # fmt: skip
    suggest.add_argument(
        "--allow-host", action="append", metavar="HOST",
        help="also follow redirects to HOST (e.g. the site's www. name; repeatable)",
    )  # fmt: skip
    suggest.add_argument(
        "--allow-private-addresses", action="store_true",
        help="let --allow-host hosts be on loopback, private or link-local addresses",
    )  # fmt: skip
    suggest.set_defaults(func=cmd_profile_suggest)

    evaluate_html = sub.add_parser(
        "evaluate-html",
        help="title, date and body scores of the article-page reader, beside trafilatura alone",
    )
    evaluate_html.add_argument(
        "pages", type=Path, metavar="DIR",
        help="folder of NAME.html pages, each with its annotation NAME.json",
    )
    evaluate_html.add_argument("--json", action="store_true", help="print the scores as JSON")
    evaluate_html.add_argument(
        "-v", "--verbose", action="store_true", help="list every miss per page and reader"
    )
    evaluate_html.set_defaults(func=cmd_evaluate_html)

    runs = sub.add_parser("runs", help="the last ingest, extract and export runs of a folder")
    runs.add_argument("folder", type=Path, nargs="?", default=DEFAULT_OUT, metavar="DIR",
                      help="an output folder holding runs.jsonl (default: out)")
    runs.add_argument("--last", type=_positive(int), default=20, metavar="N",
                      help="show the last N runs (default: 20)")
    runs.set_defaults(func=cmd_runs)

    schema = sub.add_parser("schema", help="print the record's JSON Schema")
    schema.set_defaults(func=cmd_schema)
    add_downstream_commands(sub)
    return parser


def cmd_runs(args: argparse.Namespace) -> int:
    from pipeline.runlog import RUNS, read_runs, runs_table

    path = args.folder / RUNS if args.folder.is_dir() else args.folder
    if not path.is_file():
        raise UsageError(f"{path}: no such file (ingest, extract and export write it in their "
                         "output folder)")
    runs = read_runs(path)
    print(runs_table(runs[-args.last:]), end="")
    return EXIT_OK


#: Stages that append their run to runs.jsonl in their output folder.
LOGGED_STAGES = ("ingest", "extract", "export")


def _run_folder(args: argparse.Namespace) -> Path:
    """Where a run's line goes: ingest's --out, the folder of extract's --output (of
    --output-dir without it), the folder of export's records."""
    if args.command == "ingest":
        return args.out
    if args.command == "extract":
        if args.output is not None:
            return args.output.parent
        return args.output_dir if args.output_dir is not None else DEFAULT_OUT
    records = args.records[0] if args.records else DEFAULT_OUT / "records.jsonl"
    return records.parent


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parser.parse_args(argv)
    if getattr(args, "workers", None) is not None and args.workers < 1:
        parser.error("--workers must be at least 1")
    if args.command not in LOGGED_STAGES:
        return _dispatch(args)
    from pipeline.runlog import RunLog

    run = RunLog(_run_folder(args), args.command, argv[argv.index(args.command) + 1:])
    run.start()
    code, crash = 130, None
    try:
        code = _dispatch(args)
    except KeyboardInterrupt:
        raise
    except Exception as err:  # a bug: logged as a crash (exit 1), then the traceback
        code, crash = 1, f"{type(err).__name__}: {err}"
        raise
    finally:
        run.finish(code, getattr(args, "run_report", None), crash=crash)
    return code


def _dispatch(args: argparse.Namespace) -> int:
    try:
        return args.func(args)
    except (UsageError, ConfigError, ProfileError) as err:
        print(f"pipeline: {err}", file=sys.stderr)
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        print("pipeline: interrupted; outputs already written are intact", file=sys.stderr)
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
