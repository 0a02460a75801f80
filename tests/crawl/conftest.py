"""Fixtures for crawl tests: the fixture web, profiles pointed at it, and a crawl runner."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.ingest.site_profiles import BUNDLED

from .server import FixtureWeb, Site

#: Fast but polite enough: tests stay quick, the rate test uses its own setting.
FAST = ["--rate", "50", "--backoff", "0.02", "--timeout", "2", "--retries", "2"]


@pytest.fixture(scope="session")
def profiles_dir(tmp_path_factory) -> Path:
    """The bundled profiles with their hosts pointed at the fixture servers: the Joomla site
    on 127.0.0.1, the portal on localhost (as a user would write a profile for a new site)."""
    folder = tmp_path_factory.mktemp("profiles")
    hosts = {"joomla-tuyengiao.toml": '["127.0.0.1"]', "portal-pl.toml": '["localhost"]'}
    for name, value in hosts.items():
        lines = (BUNDLED / name).read_text("utf-8").splitlines()
        lines = [f"hosts = {value}" if line.startswith("hosts =") else line for line in lines]
        (folder / name).write_text("\n".join(lines) + "\n", "utf-8")
    return folder


@pytest.fixture
def web():
    fixture_web = FixtureWeb().start()
    yield fixture_web
    fixture_web.stop()


@pytest.fixture
def site():
    """An empty site for fault injection (on localhost, outside the profiles' paths, so pages
    are read by the generic extractor); tests add routes."""
    fault_site = Site("faults", "localhost").start()
    fault_site.route("/robots.txt", body="User-agent: *\nAllow: /\n", content_type="text/plain")
    yield fault_site
    fault_site.stop()


class CrawlRun:
    def __init__(self, code: int, stderr: str, out: Path):
        self.code = code
        self.stderr = stderr
        self.out = out

    @property
    def documents(self) -> list[dict]:
        path = self.out / "documents.jsonl"
        return [json.loads(line) for line in path.read_text("utf-8").splitlines()]

    def by_url(self) -> dict[str, dict]:
        return {doc["source"]["url"]: doc for doc in self.documents}


@pytest.fixture
def crawl(profiles_dir):
    def run(out: Path, *args: str, fast: bool = True) -> CrawlRun:
        # The test's own options come last, so they override the fast defaults.
        argv = [
            "ingest",
            *(FAST if fast else []),
            "--out",
            str(out),
            "--no-progress",
            "--profiles",
            str(profiles_dir),
            "--contact",
            "crawl-tests@example.org",
            *args,
        ]
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr):
            code = main(argv)
        return CrawlRun(code, stderr.getvalue(), out)

    return run
