"""runs.jsonl: one line per ingest, extract and export run, killed runs included, and
`pipeline runs` to read them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.crawl.sources import load_sources
from pipeline.ingest.site_profiles import load_profiles, profile_for_url
from pipeline.runlog import RUNS, RunLog, read_runs, runs_table

from conftest import ROOT, SEED


def lines(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / RUNS).read_text("utf-8").splitlines()]


@pytest.fixture
def ingested(tmp_path) -> Path:
    out = tmp_path / "out"
    assert main(["ingest", str(SEED), "--out", str(out), "--no-progress"]) == 0
    return out


def test_each_stage_appends_its_line(ingested, capsys):
    out = ingested
    assert main(["extract", str(out), "--output", str(out / "records.jsonl"), "--no-progress",
                 "--workers", "1"]) == 0
    assert main(["extract", str(out), "--output", str(out / "records.jsonl"), "--no-progress",
                 "--workers", "1"]) == 0
    db = out / "news.db"
    assert main(["export", str(out / "records.jsonl"), "--to", f"sqlite:///{db}"]) == 0
    runs = lines(out)
    assert [(r["stage"], r["exit_code"], r["outcome"]) for r in runs] == [
        ("ingest", 0, "ok"), ("extract", 0, "ok"), ("extract", 0, "ok"), ("export", 0, "ok")]
    assert runs[0]["args"] == [str(SEED), "--out", str(out), "--no-progress"]
    assert runs[0]["documents"] == {"written": 1, "duplicates": 0, "with_errors": 0}
    # the seed is one article: extracted by the first run, carried over by the second
    assert runs[1]["documents"] == {"in": 1, "extracted": 1, "carried_over": 0, "removed": 0,
                                    "with_errors": 0}
    assert runs[2]["documents"] == {"in": 1, "extracted": 0, "carried_over": 1, "removed": 0,
                                    "with_errors": 0}
    assert runs[1]["items"] == runs[2]["items"]
    assert set(runs[1]["items"]) >= {"people", "resolutions", "indicators"}
    assert runs[3]["records"] == {"read": 1, "new": 1, "replaced": 0, "unchanged": 0,
                                  "skipped_inputs": 0}
    for run in runs:
        assert run["started"] <= run["ended"]
        assert len(run["started"]) == len("2026-12-08T06:00:02Z") and run["ended"][-1] == "Z"
    assert [p.name for p in out.glob(".run-*")] == []
    capsys.readouterr()
    assert main(["runs", str(out), "--last", "2"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["started", "stage", "took", "exit", "outcome", "what"]
    assert len(table) == 3
    row = table[1].split()
    assert (row[0], row[1], row[3], row[4]) == (runs[2]["started"], "extract", "0", "ok")
    assert "extracted 0, carried over 1, removed 0" in table[1]
    assert table[2].split()[1] == "export" and "new 1" in table[2]


def test_a_run_that_could_not_run_is_recorded(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    assert main(["extract", str(tmp_path / "missing"), "--output", str(out / "r.jsonl")]) == 2
    (run,) = lines(out)
    assert (run["stage"], run["exit_code"], run["outcome"]) == ("extract", 2, "could not run")


def test_a_crash_is_recorded_as_one(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()

    def bug(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("pipeline.extract.stage.run_extract", bug)
    with pytest.raises(RuntimeError):
        main(["extract", str(ROOT / "corpora" / "seed"), "--output", str(out / "r.jsonl")])
    (run,) = lines(out)
    assert (run["exit_code"], run["outcome"], run["error"]) == (1, "crashed",
                                                                "RuntimeError: a bug")


def test_a_killed_run_is_recorded_by_the_next_one(tmp_path):
    out = tmp_path / "out"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    alive = RunLog(out, "ingest", ["x"])
    alive.start()  # a live run's marker (this process) is left alone
    marker = out / f".run-{int(dead.stdout)}.started"  # as a run of the dead process left it
    marker.write_text(json.dumps({"stage": "extract", "started": "2026-12-08T06:00:02Z",
                                  "args": ["out"], "pid": int(dead.stdout),
                                  "process_start": None}), "utf-8")
    assert sorted(p.name for p in out.glob(".run-*")) == sorted(
        [marker.name, alive.marker.name])
    RunLog(out, "export", []).start()
    runs = lines(out)
    assert [(r["stage"], r["started"], r["ended"], r["exit_code"], r["outcome"])
            for r in runs] == [("extract", "2026-12-08T06:00:02Z", None, None, "killed")]
    assert not marker.exists() and alive.marker.exists()
    alive.finish(0, {"sites": {}})
    assert [r["outcome"] for r in read_runs(out)] == ["killed", "ok"]
    assert "killed" in runs_table(read_runs(out)).splitlines()[1]


def test_runs_without_a_log_exits_2(tmp_path, capsys):
    assert main(["runs", str(tmp_path)]) == 2
    assert "runs.jsonl: no such file" in capsys.readouterr().err


def test_the_example_sources_file_lists_every_bundled_profile():
    sites = load_sources(ROOT / "sources.example.toml")
    served = {profile_for_url(url, load_profiles()).name
              for site in sites for url in site.start if profile_for_url(url, load_profiles())}
    assert served == {profile.name for profile in load_profiles()}
    assert [site.name for site in sites] == ["tuyengiao-caobang", "portal-pl"]
