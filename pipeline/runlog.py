"""The run log: one JSON line per ingest, extract or export run in DIR/runs.jsonl, for whoever
looks after a scheduled job.

A run writes a marker file (DIR/.run-<pid>.started) when it starts and removes it when it has
appended its line. A run killed on the way (SIGKILL, power cut) leaves its marker; the next run
in the same folder finds it, sees that its process is gone, and appends the killed run's line
(`"exit_code": null, "outcome": "killed"`) before its own.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.jsonl import dumps

RUNS = "runs.jsonl"
_MARKER = ".run-{pid}.started"
OUTCOMES = {0: "ok", 1: "some failed", 2: "could not run", 130: "interrupted"}


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _process_start(pid: int) -> str | None:
    """When process `pid` started (clock ticks since boot), so that a marker is not taken for
    a live run when its pid has been reused; None where /proc is not available."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def _running(pid: int, start: str | None) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return start is None or _process_start(pid) in (None, start)


def append_run(folder: Path, line: dict[str, Any]) -> None:
    """Append one line in one write (O_APPEND keeps concurrent lines whole) and make it
    durable."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / RUNS, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
    try:
        os.write(fd, (dumps(line) + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def record_killed_runs(folder: Path) -> int:
    """Append a line for each run whose marker is left in `folder` and whose process is gone;
    return how many."""
    found = 0
    for marker in sorted(folder.glob(_MARKER.format(pid="*"))):
        try:
            started = json.loads(marker.read_text(encoding="utf-8"))
            pid = int(started["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            marker.unlink(missing_ok=True)  # torn while written: the run had not begun
            continue
        if _running(pid, started.get("process_start")):
            continue
        append_run(folder, {
            "stage": started.get("stage"), "started": started.get("started"), "ended": None,
            "args": started.get("args", []), "exit_code": None, "outcome": "killed",
        })
        marker.unlink(missing_ok=True)
        found += 1
    return found


class RunLog:
    """The line of one run: `start()` at the beginning, `finish()` with its exit code."""

    def __init__(self, folder: Path, stage: str, args: list[str]):
        self.folder, self.stage, self.args = Path(folder), stage, list(args)
        self.started = now()
        self.marker = self.folder / _MARKER.format(pid=os.getpid())

    def start(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            record_killed_runs(self.folder)
            tmp = self.marker.with_suffix(".tmp")
            tmp.write_text(dumps({
                "stage": self.stage, "started": self.started, "args": self.args,
                "pid": os.getpid(), "process_start": _process_start(os.getpid()),
            }), encoding="utf-8")
            os.replace(tmp, self.marker)
        except OSError as err:
            print(f"pipeline: cannot write the run log in {self.folder}: {err}", file=sys.stderr)

    def finish(self, exit_code: int, details: dict[str, Any] | None = None,
               crash: str | None = None) -> None:
        """Append this run's line; `crash` is the exception that ended it, if one did."""
        line = {
            "stage": self.stage, "started": self.started, "ended": now(), "args": self.args,
            "exit_code": exit_code,
            "outcome": "crashed" if crash else OUTCOMES.get(exit_code, "failed"),
            **({"error": crash} if crash else {}),
            **(details or {}),
        }
        try:
            append_run(self.folder, line)
            self.marker.unlink(missing_ok=True)
        except OSError as err:
            print(f"pipeline: cannot write the run log in {self.folder}: {err}", file=sys.stderr)


def read_runs(folder: Path) -> list[dict[str, Any]]:
    path = Path(folder) / RUNS if Path(folder).is_dir() else Path(folder)
    runs = []
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            try:
                run = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(run, dict):
                runs.append(run)
    return runs


def _duration(run: dict[str, Any]) -> str:
    try:
        start = datetime.strptime(run["started"], "%Y-%m-%dT%H:%M:%SZ")
        end = datetime.strptime(run["ended"], "%Y-%m-%dT%H:%M:%SZ")
    except (KeyError, TypeError, ValueError):
        return "-"
    seconds = int((end - start).total_seconds())
    return f"{seconds // 60}:{seconds % 60:02d}"


def _what(run: dict[str, Any]) -> str:
    """The run's counts in a few words."""
    docs = run.get("documents")
    if run.get("stage") == "ingest" and isinstance(run.get("sites"), dict):
        totals: dict[str, int] = {}
        for counts in run["sites"].values():
            for key, value in counts.items():
                totals[key] = totals.get(key, 0) + value
        return (f"{len(run['sites'])} sites: " + ", ".join(
            f"{key.replace('_', ' ')} {totals[key]}"
            for key in ("fetched", "not_modified", "new", "updated", "gone", "failed")
            if key in totals))
    if isinstance(docs, dict):
        return ", ".join(f"{key.replace('_', ' ')} {value}" for key, value in docs.items())
    if isinstance(run.get("records"), dict):
        return ", ".join(f"{key.replace('_', ' ')} {value}"
                         for key, value in run["records"].items())
    return ""


def runs_table(runs: list[dict[str, Any]]) -> str:
    header = ("started", "stage", "took", "exit", "outcome", "what")
    rows = [header] + [
        (str(run.get("started") or "?"), str(run.get("stage") or "?"), _duration(run),
         "-" if run.get("exit_code") is None else str(run["exit_code"]),
         str(run.get("outcome") or ""), _what(run))
        for run in runs
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
    return "".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
        + "  " + row[-1] + "\n"
        for row in rows
    )
