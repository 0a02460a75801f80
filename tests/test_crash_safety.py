"""SIGKILL at random moments: outputs are never half-written, and a re-run completes them."""

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT

KILLS = 20


def pipeline_cmd(*args):
    return [sys.executable, "-m", "pipeline", *args, "--no-progress"]


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    base = tmp_path_factory.mktemp("reference")
    subprocess.run(pipeline_cmd("ingest", str(ROOT / "corpora"), "--out", str(base)), check=True,
                   capture_output=True)
    subprocess.run(pipeline_cmd("extract", str(base), "--output", str(base / "records.jsonl"),
                                "--output-dir", str(base / "records"), "--workers", "1"),
                   check=True, capture_output=True)
    return base


def kill_after(cmd, delay):
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONHASHSEED": str(random.randint(0, 999))})
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def test_killed_ingest_never_leaves_half_a_file(reference, tmp_path):
    rng = random.Random(1)
    expected = (reference / "documents.jsonl").read_bytes()
    out = tmp_path / "out"
    for _ in range(KILLS):
        kill_after(pipeline_cmd("ingest", str(ROOT / "corpora"), "--out", str(out)),
                   rng.uniform(0.05, 1.5))
        documents = out / "documents.jsonl"
        assert not documents.exists() or documents.read_bytes() == expected
    subprocess.run(pipeline_cmd("ingest", str(ROOT / "corpora"), "--out", str(out)), check=True,
                   capture_output=True)
    assert (out / "documents.jsonl").read_bytes() == expected
    assert sorted(p.name for p in out.iterdir()) == ["documents.jsonl", "runs.jsonl"]
    assert_run_log(out / "runs.jsonl", "ingest")


def assert_run_log(path, stage):
    """Every run has its line: killed, or ended well when the kill came after its end; those
    killed before they wrote their start marker (Python still starting) leave none."""
    runs = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert [run["stage"] for run in runs] == [stage] * len(runs)
    outcomes = [(run["exit_code"], run["outcome"]) for run in runs]
    assert outcomes[-1] == (0, "ok")
    assert set(outcomes) == {(None, "killed"), (0, "ok")}
    assert len(runs) <= KILLS + 1


def test_killed_extract_never_leaves_half_a_file(reference, tmp_path):
    rng = random.Random(2)
    expected = (reference / "records.jsonl").read_bytes()
    expected_files = {p.name: p.read_bytes() for p in (reference / "records").iterdir()}
    out = tmp_path / "records.jsonl"
    folder = tmp_path / "records"
    cmd = pipeline_cmd("extract", str(reference / "documents.jsonl"), "--output", str(out),
                       "--output-dir", str(folder), "--workers", str(rng.choice([1, 2])))
    for _ in range(KILLS):
        kill_after(cmd, rng.uniform(0.1, 3.0))
        assert not out.exists() or out.read_bytes() == expected
        if folder.exists():
            for path in folder.iterdir():
                if not path.name.startswith("."):
                    assert path.read_bytes() == expected_files[path.name]
    subprocess.run(cmd, check=True, capture_output=True)
    assert out.read_bytes() == expected
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == expected_files
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "records", "records.jsonl", "records.jsonl.state", "runs.jsonl"]
    assert_run_log(tmp_path / "runs.jsonl", "extract")
    lines = expected.splitlines()
    assert lines and all(json.loads(line)["schema_version"] for line in lines)
