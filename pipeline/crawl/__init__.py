"""Live-site ingest: a polite, incremental, resumable crawler with a WARC archive.

`crawl_command` is what `pipeline ingest URL...` runs; `from_warc_command` is
`pipeline ingest --from-warc FILE...`. The pieces, one concern per module:

    settings   CrawlSettings, from the command line
    urls       normal form, origins, which hosts may be visited (HostPolicy)
    fetcher    request/response types, the layer stack, the HTTP transport
    limits     size caps (wire and decompressed) and the whole-response deadline
    redirects, scope, robots, cache (conditional requests), retry, throttle, warc: one layer each
    rules      a site profile's [crawl] table
    discover   listing links, pagination, RSS/Atom, sitemaps (defusedxml)
    listing    listings of sites without a profile: next page, the list's own articles
    profile_suggest  `pipeline profile suggest`: a site profile drafted from a few pages
    pages      a response to a document, links or an error entry
    frontier   deterministic page order, per-host workers
    log/state  the append-only page log and what it tells the next run
    crawler    the loop;  progress: bar and summary;  offline: --from-warc
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pipeline.crawl.settings import CONTACT_ENV, CrawlSettings

EXIT_OK, EXIT_SOME_FAILED, EXIT_UNUSABLE = 0, 1, 2


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def crawl_command(urls: list[str], out_dir: Path, args: argparse.Namespace, profiles: tuple) -> int:
    """Crawl `urls` into `out_dir`; exit code 0 ok, 1 some pages failed, 2 unusable."""
    from pipeline.crawl.crawler import Crawler, CrawlSetupError
    from pipeline.crawl.rules import check_profiles
    from pipeline.crawl.urls import UrlError, normalize_url

    try:
        settings = CrawlSettings.from_args(args)
        starts = [normalize_url(u) for u in urls]
    except (UrlError, ValueError) as err:
        _say(f"pipeline: {err}")
        return EXIT_UNUSABLE
    check_profiles(profiles)
    if not (
        getattr(args, "contact", None)
        or getattr(args, "user_agent", None)
        or os.environ.get(CONTACT_ENV)
    ):
        _say(
            "pipeline: no --contact given: site operators cannot reach you about this crawl "
            f"(set --contact EMAIL_OR_URL or {CONTACT_ENV})"
        )
    crawler = Crawler(settings, Path(out_dir), profiles, warn=lambda m: _say(f"pipeline: {m}"))
    try:
        report = crawler.run(starts)
    except CrawlSetupError as err:
        _say(f"pipeline: {err}")
        return EXIT_UNUSABLE
    for line in report.lines:
        _say(line)
    from urllib.parse import urlsplit

    from pipeline.crawl.sources import site_counts

    # one crawl of the command line's URLs: its line in runs.jsonl is named by the first host
    args.run_report = {"sites": {urlsplit(starts[0]).netloc: site_counts(report.counts)}}
    return EXIT_SOME_FAILED if report.counts.failed else EXIT_OK


def from_warc_command(
    paths: list[Path], out_dir: Path, args: argparse.Namespace, profiles: tuple
) -> int:
    """Parse archived responses again into `out_dir`/documents.jsonl, offline."""
    from pipeline.crawl.crawler import DOCUMENTS, STATE_DIR
    from pipeline.crawl.offline import reparse_warcs
    from pipeline.crawl.rules import check_profiles
    from pipeline.crawl.warc import WarcReadError
    from pipeline.ingest.run import write_documents

    for path in paths:
        if not Path(path).is_file():
            _say(f"pipeline: {path}: no such WARC file")
            return EXIT_UNUSABLE
    if (Path(out_dir) / STATE_DIR / "pages.jsonl").exists():
        _say(
            f"pipeline: {out_dir} holds a live crawl (its documents.jsonl is rebuilt from "
            f"{STATE_DIR}/pages.jsonl); write the re-parse to another --out folder"
        )
        return EXIT_UNUSABLE
    try:
        settings = CrawlSettings.from_args(args)
    except ValueError as err:
        _say(f"pipeline: {err}")
        return EXIT_UNUSABLE
    check_profiles(profiles)
    documents = Path(out_dir) / DOCUMENTS
    docs = reparse_warcs(
        [Path(p) for p in paths],
        profiles=profiles,
        settings=settings,
        warn=lambda m: _say(f"pipeline: {m}"),
    )
    try:
        summary = write_documents(docs, documents, progress=settings.progress, profiles=profiles)
    except WarcReadError as err:
        _say(f"pipeline: {err}")
        return EXIT_UNUSABLE
    for line in [*summary.lines(), f"documents: {documents}"]:
        _say(line)
    return EXIT_SOME_FAILED if summary.failed else EXIT_OK
