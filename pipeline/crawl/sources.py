"""The sources file: the sites a scheduled job follows, and their crawl in one ingest run.

    [[site]]
    name = "tuyengiao-caobang"
    start = ["https://tuyengiaocaobang.vn/index.php/tin-trong-tinh"]
    since = 2025-10-01          # optional, as --since (a TOML date or "YYYY-MM-DD")
    max_pages = 500             # optional, as --max-pages
    rate = 1.0                  # optional, as --rate
    profile = "joomla-tuyengiao"   # optional: read every page of the site with this profile
    province = "Cao Bằng"       # optional: the site's own province (its documents' source.province)
    allow_hosts = []            # optional, as --allow-host
    enabled = true              # optional

Each site is crawled into DIR/sites/<name>/ (its own page log, WARC archive, lock and
site.json), sites on different hosts in parallel and sites sharing a host one after the other,
so that every host sees one polite crawler. DIR/documents.jsonl is then every site's documents,
in the order of the file, each id once.
"""

from __future__ import annotations

import argparse
import dataclasses
import fcntl
import json
import re
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pipeline.document import Document
from pipeline.ingest.site_profiles import SiteProfile
from pipeline.jsonl import dumps

SITES_DIR = "sites"
#: the site of the URLs given on the command line beside a sources file
COMMAND_LINE = "command-line"
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_SITE_HEADER = re.compile(r"^\s*\[\[\s*site\s*\]\]")
_TABLE_HEADER = re.compile(r"^\s*\[")


class SourcesError(ValueError):
    """The sources file is malformed; the message names the file, the line and the key."""


@dataclass(frozen=True)
class Site:
    name: str
    start: tuple[str, ...]
    since: date | None = None
    max_pages: int | None = None
    rate: float | None = None
    profile: str | None = None
    province: str | None = None
    allow_hosts: tuple[str, ...] = ()
    enabled: bool = True
    line: int = 0  # of its [[site]] header, for messages

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["since"] = self.since.isoformat() if self.since else None
        data["start"], data["allow_hosts"] = list(self.start), list(self.allow_hosts)
        del data["line"]
        return data


class _Lines:
    """Line numbers in the file's text, which tomllib does not give for keys."""

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.headers = [i for i, line in enumerate(self.lines) if _SITE_HEADER.match(line)]

    def site(self, index: int) -> int:
        return self.headers[index] + 1 if index < len(self.headers) else 1

    def key(self, index: int, key: str) -> int:
        if index >= len(self.headers):
            return 1
        pattern = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')"
                             r"\s*=")
        for number in range(self.headers[index] + 1, len(self.lines)):
            line = self.lines[number]
            if _TABLE_HEADER.match(line):
                break
            if pattern.match(line):
                return number + 1
        return self.site(index)


KEYS = ("name", "start", "since", "max_pages", "rate", "profile", "province", "allow_hosts",
        "enabled")


def parse_sources(text: str, path: str = "sources.toml") -> list[Site]:
    """Every [[site]] of a sources file, validated; SourcesError names the line and the key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise SourcesError(f"{path}: not valid TOML: {err}") from None
    lines = _Lines(text)
    for key in data:
        if key != "site":
            raise SourcesError(f"{path}: unknown key {key!r}: a sources file holds [[site]] "
                               "tables only")
    entries = data.get("site", [])
    if not isinstance(entries, list) or not entries:
        raise SourcesError(f"{path}: no [[site]] table: nothing to crawl")
    sites: list[Site] = []
    names: dict[str, int] = {}
    for index, entry in enumerate(entries):
        site = _site(entry, index, lines, path)
        if site.name in names:
            raise SourcesError(f"{path}:{lines.key(index, 'name')}: name: {site.name!r} is "
                               f"already the name of the site at line {names[site.name]}")
        names[site.name] = site.line
        sites.append(site)
    return sites


def _site(entry: dict[str, Any], index: int, lines: _Lines, path: str) -> Site:
    def fail(key: str, message: str) -> SourcesError:
        return SourcesError(f"{path}:{lines.key(index, key)}: [[site]] number {index + 1}: "
                            f"{key}: {message}")

    for key in entry:
        if key not in KEYS:
            raise fail(key, f"unknown key (known: {', '.join(KEYS)})")
    name = entry.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise fail("name", "required: lowercase letters, digits, '.', '_' or '-' (it names the "
                   "site's folder), e.g. \"tuyengiao-caobang\"")
    if name == COMMAND_LINE:
        raise fail("name", f"{COMMAND_LINE!r} is the name of the URLs given on the command line")
    start = entry.get("start")
    if isinstance(start, str):
        start = [start]
    if not isinstance(start, list) or not start or not all(
        isinstance(url, str) and url.startswith(("http://", "https://")) for url in start
    ):
        raise fail("start", "required: a list of http:// or https:// URLs (listings, feeds, "
                   "sitemaps or articles)")
    since = entry.get("since")
    if isinstance(since, str):
        try:
            since = date.fromisoformat(since)
        except ValueError:
            raise fail("since", f"{since!r} is not a date like 2025-10-01") from None
    if since is not None and (not isinstance(since, date) or hasattr(since, "hour")):
        raise fail("since", "must be a date like 2025-10-01")
    max_pages = entry.get("max_pages")
    if max_pages is not None and (type(max_pages) is not int or max_pages < 1):
        raise fail("max_pages", "must be a whole number of pages, at least 1")
    rate = entry.get("rate")
    if rate is not None and (type(rate) not in (int, float) or rate <= 0):
        raise fail("rate", "must be a number of requests per second greater than 0")
    for key in ("profile", "province"):
        if entry.get(key) is not None and not (isinstance(entry[key], str) and entry[key]):
            raise fail(key, "must be a non-empty string")
    allow = entry.get("allow_hosts", [])
    if not isinstance(allow, list) or not all(isinstance(h, str) and h.strip() for h in allow):
        raise fail("allow_hosts", "must be a list of host names (host, host:port or *.domain)")
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        raise fail("enabled", "must be true or false")
    return Site(
        name=name, start=tuple(start), since=since, max_pages=max_pages,
        rate=float(rate) if rate is not None else None, profile=entry.get("profile"),
        province=entry.get("province"), allow_hosts=tuple(h.strip().lower() for h in allow),
        enabled=enabled, line=lines.site(index),
    )


def load_sources(path: Path) -> list[Site]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise SourcesError(f"cannot read the sources file {path}: {err}") from None
    return parse_sources(text, str(path))


def site_profiles(site: Site, profiles: tuple[SiteProfile, ...],
                  path: str) -> tuple[SiteProfile, ...]:
    """The profiles a site is crawled with: a forced profile first, serving the site's hosts."""
    if site.profile is None:
        return profiles
    chosen = [p for p in profiles if p.name == site.profile]
    if not chosen:
        known = ", ".join(sorted(p.name for p in profiles)) or "none"
        raise SourcesError(f"{path}:{site.line}: [[site]] {site.name!r}: profile: no profile "
                           f"named {site.profile!r} (known: {known})")
    hosts = tuple(sorted({(urlsplit(url).hostname or "").lower() for url in site.start}))
    return (dataclasses.replace(chosen[0], hosts=hosts, path_prefix=""), *profiles)


def site_settings(site: Site, base: Any) -> Any:
    """The command line's crawl settings with the site's own options over them."""
    changes: dict[str, Any] = {"allow_hosts": base.allow_hosts + site.allow_hosts}
    if site.since is not None:
        changes["since"] = site.since
    if site.max_pages is not None:
        changes["max_pages"] = site.max_pages
    if site.rate is not None:
        changes["rate"] = site.rate
    return dataclasses.replace(base, progress=False, **changes)


def _host_groups(sites: list[Site]) -> list[list[Site]]:
    """Sites grouped so that no two groups share a host (host:port, the unit of the rate
    limit): groups run in parallel, the sites of a group one after another (two crawlers on one
    host would double its rate)."""
    groups: list[tuple[set[str], list[Site]]] = []
    for site in sites:
        hosts = {urlsplit(url).netloc.lower() for url in site.start}
        overlapping = [g for g in groups if g[0] & hosts]
        merged_hosts, merged_sites = set(hosts), []
        for group in overlapping:
            merged_hosts |= group[0]
            merged_sites += group[1]
            groups.remove(group)
        groups.append((merged_hosts, [*merged_sites, site]))
    return [sorted(g[1], key=sites.index) for g in groups]


def site_counts(counts: Any) -> dict[str, int]:
    """A site's line in the run report from the crawl's counts (`gone`: when the crawler counts
    pages that answered 404/410, else 0)."""
    return {"fetched": counts.fetched, "not_modified": counts.not_modified,
            "new": counts.new, "updated": counts.changed,
            "gone": int(getattr(counts, "gone", 0) or 0), "failed": counts.failed}


def sources_command(
    sources: Path, urls: list[str], out_dir: Path, args: argparse.Namespace,
    profiles: tuple[SiteProfile, ...], say: Any,
) -> int:
    """`pipeline ingest --sources FILE [URL...] --out DIR`; exit code 0, 1 (some pages or a
    site failed) or 2 (could not run)."""
    from pipeline.crawl.crawler import DOCUMENTS, Crawler, CrawlSetupError
    from pipeline.crawl.rules import check_profiles
    from pipeline.crawl.settings import CrawlSettings
    from pipeline.crawl.urls import UrlError, normalize_url
    from pipeline.jsonl import write_text_atomic

    sites = [s for s in load_sources(sources) if s.enabled]
    if urls:
        sites.append(Site(name=COMMAND_LINE, start=tuple(urls)))
    if not sites:
        raise SourcesError(f"{sources}: every site has enabled = false: nothing to crawl")
    try:
        base = CrawlSettings.from_args(args)
        plans = []
        for site in sites:
            settings = site_settings(site, base)
            plans.append((site, settings, site_profiles(site, profiles, str(sources)),
                          [normalize_url(u) for u in site.start]))
    except (UrlError, ValueError) as err:
        if isinstance(err, SourcesError):
            raise
        raise SourcesError(f"{sources}: {err}") from None
    for plan in plans:
        check_profiles(plan[2])
    if (out_dir / "crawl" / "pages.jsonl").exists():
        raise SourcesError(f"{out_dir} holds a crawl of URLs given on the command line; give "
                           "the sources file its own --out folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    lock = open(out_dir / ".sources.lock", "w")  # noqa: SIM115 (held for the whole run)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.close()
        raise SourcesError(f"another ingest is writing to {out_dir}; wait for it or use "
                           "another --out") from None
    by_name = {plan[0].name: plan for plan in plans}
    results: dict[str, Any] = {}

    def crawl_group(group: list[Site]) -> None:
        for site in group:
            _site, settings, site_profile_set, starts = by_name[site.name]
            folder = out_dir / SITES_DIR / site.name
            folder.mkdir(parents=True, exist_ok=True)
            write_text_atomic(folder / "site.json", dumps(site.to_json()) + "\n")
            crawler = Crawler(settings, folder, site_profile_set,
                              warn=lambda m, n=site.name: say(f"pipeline: {n}: {m}"))
            try:
                results[site.name] = crawler.run(starts)
            except CrawlSetupError as err:
                results[site.name] = err
            except Exception as err:  # noqa: BLE001 - one site's bug must not stop the others
                results[site.name] = err

    try:
        groups = _host_groups([plan[0] for plan in plans])
        with ThreadPoolExecutor(max_workers=max(1, min(len(groups), base.max_hosts))) as pool:
            list(pool.map(crawl_group, groups))
        total, with_errors = merge_documents(
            [(out_dir / SITES_DIR / s.name / DOCUMENTS, s.province) for s in sites],
            out_dir / DOCUMENTS)
    finally:
        lock.close()
    code = 0
    report: dict[str, Any] = {}
    for site in sites:
        result = results.get(site.name)
        if isinstance(result, Exception):
            say(f"pipeline: {site.name}: {result}")
            report[site.name] = {"error": str(result)}
            code = max(code, 2 if isinstance(result, CrawlSetupError) else 1)
            continue
        report[site.name] = site_counts(result.counts)
        say(f"{site.name}: " + ", ".join(f"{k} {v}" for k, v in report[site.name].items()))
        if result.counts.failed:
            code = max(code, 1)
    say(f"documents: {out_dir / DOCUMENTS} ({total} documents from {len(sites)} sites, "
        f"{with_errors} with errors)")
    args.run_report = {"sites": report}
    if code == 2 and len(report) > sum("error" in r for r in report.values()):
        code = 1  # some sites crawled: the job goes on with what it has
    return code


def merge_documents(parts: list[tuple[Path, str | None]], destination: Path) -> tuple[int, int]:
    """Every site's documents.jsonl into one, in the given order, each document id once. A
    site's `province` becomes `source.province` of its documents: the user's entry for the site
    says more than the province its profile names."""
    from pipeline.jsonl import AtomicWriter

    seen: set[str] = set()
    total = with_errors = 0
    with AtomicWriter(destination) as out:
        for part, province in parts:
            if not part.is_file():
                continue
            with open(part, encoding="utf-8") as handle:
                for line in handle:
                    doc_id = _line_id(line)
                    if doc_id is not None and doc_id in seen:
                        continue
                    if doc_id is not None:
                        seen.add(doc_id)
                    if province:
                        line = _with_province(line, province)
                    out.write(line if line.endswith("\n") else line + "\n")
                    total += 1
                    # "errors" is a document's last key (Document.to_json)
                    with_errors += not line.rstrip("\n").endswith('"errors":[]}')
    return total, with_errors


def _with_province(line: str, province: str) -> str:
    """A documents.jsonl line whose document gets `province` as its site's (a line that is not
    a document stays as it is: extract reports it)."""
    try:
        doc = Document.from_json(json.loads(line))
    except ValueError:
        return line
    if doc.source.province == province:
        return line
    doc.source.province = province
    return dumps(doc.to_json()) + "\n"


def _line_id(line: str) -> str | None:
    match = re.match(r'\{"id":"([0-9a-f]{16})"', line)
    return match.group(1) if match else None
