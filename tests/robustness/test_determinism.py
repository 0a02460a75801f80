"""The same input gives byte-identical outputs, whatever the hash seed (set iteration order) and
the number of worker processes: ingest run twice, extract run with PYTHONHASHSEED 0 on one
worker and 12345 on two, each as its own process, as a user runs them.

The batch is the bundled corpus plus a few bad files, so error entries are covered too.
(The Dask engine against the local one: tests/test_engines.py.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT


def run_pipeline(argv: list[str], cwd: Path, hash_seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", *argv, "--no-progress"],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode in (0, 1), done.stderr  # 1: some documents carry error entries


def outputs(folder: Path) -> dict[str, bytes]:
    """Every output file; not runs.jsonl, the log of when each run started and ended."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "runs.jsonl"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("determinism") / "corpus"
    shutil.copytree(ROOT / "corpora", folder, ignore=shutil.ignore_patterns("*.json"))
    bad = folder / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (bad / "latin2.txt").write_bytes("Zażółć gęślą jaźń, województwo.".encode("iso-8859-2"))
    (bad / "script.html").write_bytes(b"<html><body><script>1</script></body></html>")
    return folder


@pytest.fixture(scope="module")
def ingested(corpus) -> dict[str, Path]:
    work = corpus.parent
    runs = {}
    for seed in ("0", "12345"):
        out = work / f"ingest-{seed}"
        run_pipeline(["ingest", str(corpus), "--out", str(out)], work, seed)
        runs[seed] = out
    return runs


def test_ingest_twice_gives_the_same_bytes(ingested):
    first, second = (outputs(out) for out in ingested.values())
    assert first == second
    assert first["documents.jsonl"].count(b"\n") > 40


def test_extract_is_the_same_whatever_hash_seed_and_worker_count(ingested, tmp_path):
    documents = ingested["0"] / "documents.jsonl"
    runs = []
    for seed, workers in (("0", "1"), ("12345", "2")):
        output, folder = tmp_path / f"{seed}.jsonl", tmp_path / f"records-{seed}"
        run_pipeline(["extract", str(documents), "--output", str(output), "--output-dir",
                      str(folder), "--workers", workers], tmp_path, seed)
        runs.append((output.read_bytes(), outputs(folder)))
    assert runs[0] == runs[1]
    lines, files = runs[0]
    assert lines.count(b"\n") == len(files) > 40
    assert b'"code":"binary"' in lines  # the bad files' error entries are part of the output
