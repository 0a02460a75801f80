"""The review page in a real browser: Debian's headless Chromium, started by the test.

It loads without console messages (no uncaught error, no refused asset), its script runs to the
end, the highlights are in the DOM, and a screenshot is saved: to $PIPELINE_SCREENSHOTS when set
(CI keeps it), else to pytest's temporary folder (printed with -s)."""

import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from downstream_support import fixture_records

from pipeline.downstream.report import build_report

CHROMIUM = Path("/usr/bin/chromium")
MISSING = (
    f"{CHROMIUM} is absent: install Debian's chromium (apt-get install -y chromium) to test the "
    "report in a browser"
)


@pytest.fixture(autouse=True)
def _browser_present() -> None:
    """Skipped on a developer's machine without the browser; under CI (CI=true), where .ci/run
    installs it, its absence is a failure, never a silent skip."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI=true but {MISSING}", pytrace=False)
    pytest.skip(MISSING)
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--disable-dev-shm-usage", "--hide-scrollbars",
    "--enable-logging=stderr", "--v=0",
)
# Console messages, in either of Chromium's log formats (`INFO:CONSOLE(12)] "..."` or
# `INFO:CONSOLE:12] "..."`); the page itself logs nothing, so any of them is a failure.
CONSOLE = re.compile(r":CONSOLE[(:]|Uncaught")


def chromium(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )


def console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if CONSOLE.search(line)]


@pytest.fixture
def report_page(tmp_path) -> Path:
    page = tmp_path / "report.html"
    page.write_text(build_report(fixture_records()), encoding="utf-8")
    return page


def test_a_script_error_would_be_caught(tmp_path):
    """The check below is not vacuous: this Chromium reports a page's uncaught error."""
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><title>x</title><script>notDefined();</script>")
    result = chromium(page, tmp_path / "profile", "--dump-dom")
    assert any("notDefined" in m for m in console_messages(result.stderr)), result.stderr[-2000:]


def test_an_external_asset_would_be_refused_and_caught(report_page, tmp_path):
    """The page's Content-Security-Policy blocks any asset from outside, and says so."""
    html = report_page.read_text(encoding="utf-8")
    report_page.write_text(
        html.replace("</main>", '<img src="https://example.invalid/x.png"></main>'),
        encoding="utf-8",
    )
    result = chromium(report_page, tmp_path / "profile", "--dump-dom")
    assert any("example.invalid" in m for m in console_messages(result.stderr))


def test_the_report_loads_cleanly_with_its_highlights(report_page, tmp_path):
    result = chromium(report_page, tmp_path / "profile", "--virtual-time-budget=3000",
                      "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    assert console_messages(result.stderr) == []
    dom = result.stdout
    assert 'data-ready="true"' in dom, "the page's script did not run to its end"
    marks = re.findall(r'<mark class="ent ent-(\w+)"[^>]*data-start=', dom)
    records = fixture_records()
    expected = sum(
        len(p["mentions"]) + len(p["roles"]) for r in records for p in r["people"]
    ) + sum(len(m["mentions"]) for r in records for m in r["resolutions"]) + sum(
        len(r["indicators"]) for r in records
    ) + sum(len(u["mentions"]) for r in records for u in r.get("places") or [])
    assert len(marks) == expected
    assert {"person", "role", "document", "figure", "place"} <= set(marks)
    count = re.search(r'<span id="highlight-count">(\d+)</span>', dom)
    assert count and int(count.group(1)) == expected  # written by the page's script


def test_a_screenshot_is_saved(report_page, tmp_path):
    folder = Path(os.environ.get("PIPELINE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / "report.png"
    if shot.exists():
        shot.unlink()
    result = chromium(report_page, tmp_path / "profile", "--window-size=1280,2400",
                      "--virtual-time-budget=3000", f"--screenshot={shot}")
    assert result.returncode == 0, result.stderr[-2000:]
    assert console_messages(result.stderr) == []
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2400)
    assert len(data) > 20_000  # a page with colour, not a blank canvas
    print(f"screenshot: {shot}")
    if os.environ.get("PIPELINE_SCREENSHOTS"):
        shutil.copy(report_page, folder / "report.html")
