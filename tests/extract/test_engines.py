"""The engine and the worker count change where extraction runs, never what it writes."""

import json

import pytest

from pipeline.cli import main

from conftest import ROOT


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    out = tmp_path_factory.mktemp("ingest")
    assert main(["ingest", str(ROOT / "corpora"), "--out", str(out), "--no-progress"]) == 0
    return out / "documents.jsonl"


def extract(documents, tmp_path, name, *options):
    output, folder = tmp_path / f"{name}.jsonl", tmp_path / name
    code = main(["extract", str(documents), "--output", str(output), "--output-dir", str(folder),
                 "--no-progress", *options])
    assert code == 0
    files = {p.name: p.read_bytes() for p in sorted(folder.iterdir())}
    return output.read_bytes(), files


def test_two_workers_write_what_one_writes(documents, tmp_path):
    one = extract(documents, tmp_path, "one", "--workers", "1")
    two = extract(documents, tmp_path, "two", "--workers", "2")
    assert one == two
    assert len(one[0].splitlines()) == len(one[1]) > 10


def test_dask_local_cluster_writes_what_the_local_engine_writes(documents, tmp_path):
    local = extract(documents, tmp_path, "local", "--workers", "1")
    dask = extract(documents, tmp_path, "dask", "--engine", "dask", "--workers", "2")
    assert local == dask


def test_partitioned_jsonl_folder_is_read_in_part_order(documents, tmp_path):
    lines = documents.read_text(encoding="utf-8").splitlines(keepends=True)
    parts = tmp_path / "parts"
    parts.mkdir()
    half = len(lines) // 2
    (parts / "part-00000.jsonl").write_text("".join(lines[:half]), encoding="utf-8")
    (parts / "part-00001.jsonl").write_text("".join(lines[half:]), encoding="utf-8")
    whole = extract(documents, tmp_path, "whole", "--workers", "1")
    split = extract(parts, tmp_path, "split", "--workers", "1")
    assert whole[0] == split[0]
    assert [json.loads(x)["id"] for x in whole[0].splitlines()] == [
        json.loads(x)["id"] for x in lines
    ]
