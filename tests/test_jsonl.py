import os
import subprocess
import sys

import pytest

from pipeline.jsonl import AtomicWriter, remove_stale_temporaries


def test_atomic_writer_keeps_previous_file_on_error(tmp_path):
    target = tmp_path / "records.jsonl"
    target.write_text("old\n")
    with pytest.raises(RuntimeError), AtomicWriter(target) as out:
        out.write("half")
        raise RuntimeError("boom")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["records.jsonl"]


def test_temporaries_of_dead_writers_are_removed_live_ones_kept(tmp_path):
    target = tmp_path / "records.jsonl"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stale = tmp_path / f".records.jsonl.{dead}.abc.tmp"
    live = tmp_path / f".records.jsonl.{os.getpid()}.xyz.tmp"
    stale.write_text("x")
    live.write_text("y")
    remove_stale_temporaries(target)
    assert not stale.exists() and live.exists()
