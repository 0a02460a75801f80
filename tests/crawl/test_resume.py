"""Killed at any moment (SIGKILL) and run again, a crawl ends with the same documents.jsonl as
one never interrupted: every page once, nothing half-written."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def start_crawl(web, out, profiles_dir):
    argv = [
        sys.executable,
        "-m",
        "pipeline",
        "ingest",
        web.vi.url("/index.php/tin-trong-tinh"),
        web.pl.url("/pl/kategoria/cao-bang"),
        "--crawl",
        "--out",
        str(out),
        "--no-progress",
        "--profiles",
        str(profiles_dir),
        "--rate",
        "8",
        "--contact",
        "crawl-tests@example.org",
    ]
    return subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def kill_after(process, log, lines, timeout=30.0):
    """SIGKILL the crawl once its page log has at least `lines` lines."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and log.read_bytes().count(b"\n") >= lines:
            os.kill(process.pid, signal.SIGKILL)
            assert process.wait() == -signal.SIGKILL, "the crawl had already finished"
            return
        if process.poll() is not None:
            raise AssertionError(
                "the crawl ended before it could be killed: " + process.stderr.read().decode()
            )
        time.sleep(0.005)
    process.kill()
    raise AssertionError("the crawl wrote no log in time")


def assert_whole_lines(path):
    if path.exists():
        for line in path.read_text("utf-8").splitlines():
            json.loads(line)


def test_killed_twice_then_resumed_equals_an_uninterrupted_run(web, crawl, profiles_dir, tmp_path):
    whole = crawl(
        tmp_path / "whole",
        web.vi.url("/index.php/tin-trong-tinh"),
        web.pl.url("/pl/kategoria/cao-bang"),
        "--crawl",
    )
    assert whole.code == 0, whole.stderr

    out = tmp_path / "killed"
    log = out / "crawl" / "pages.jsonl"
    for lines in (3, 10):
        process = start_crawl(web, out, profiles_dir)
        kill_after(process, log, lines)
        process.stderr.close()
        assert_whole_lines(out / "documents.jsonl")  # never half-written
    resumed = crawl(
        out,
        web.vi.url("/index.php/tin-trong-tinh"),
        web.pl.url("/pl/kategoria/cao-bang"),
        "--crawl",
    )
    assert resumed.code == 0, resumed.stderr
    assert (out / "documents.jsonl").read_bytes() == (
        tmp_path / "whole" / "documents.jsonl"
    ).read_bytes()
    ids = [d["id"] for d in resumed.documents]
    # the 7 Vietnamese and 3 Polish articles of the fixture sites (test_crawler VI_ALL, PL_ALL)
    assert len(ids) == len(set(ids)) == 10
    # what the killed runs finished was not downloaded again
    assert "not modified" in resumed.stderr and " 0 not modified" not in resumed.stderr


def test_a_torn_log_line_is_recovered_on_the_next_run(web, crawl, tmp_path):
    out = tmp_path / "out"
    first = crawl(out, web.pl.url("/pl/kategoria/cao-bang"))
    log = out / "crawl" / "pages.jsonl"
    data = log.read_bytes()
    last_line_start = data.rstrip(b"\n").rfind(b"\n") + 1
    log.write_bytes(data[: last_line_start + 40])  # the last page's line, torn
    run = crawl(out, web.pl.url("/pl/kategoria/cao-bang"))
    assert "dropped a torn last line" in run.stderr
    assert run.documents == first.documents


def test_ctrl_c_stops_at_once_with_documents_written(web, profiles_dir, tmp_path):
    out = tmp_path / "out"
    process = start_crawl(web, out, profiles_dir)
    log = out / "crawl" / "pages.jsonl"
    deadline = time.monotonic() + 30
    while not (log.exists() and log.read_bytes().count(b"\n") >= 4):
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.005)
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=10) == 130
    assert b"interrupted" in process.stderr.read()
    process.stderr.close()
    docs = [json.loads(line) for line in (out / "documents.jsonl").read_text("utf-8").splitlines()]
    assert len(docs) >= 2
