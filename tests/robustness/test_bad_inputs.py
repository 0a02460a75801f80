"""A batch of bad inputs beside good articles, through `pipeline ingest` and `pipeline extract`
as a user runs them: every bad file gives a record (its text decoded) or an error entry with a
clear message, the good articles give exactly the records they give alone, and the processes'
peak memory stays bounded, with a 50 MB file and a 10 MB line in the batch.

The bad files are generated here, in the test's own folder.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.extract.record import validate_record

from conftest import ROOT

MiB = 1024 * 1024
#: Generous (about 300 MiB measured): the largest process holds a 10 MB article a few times over;
#: its items come from the first million characters only (extract --max-chars).
PEAK_RSS_BOUND = 768 * MiB
#: Only so that a regression to quadratic time fails instead of hanging CI.
TIMEOUT = 600  # a hang guard, not a speed check: CI machines are shared and slow

GOOD = {
    "good_pl.txt": ROOT / "corpora" / "pl" / "001_cao-bang-uchwala-57-transformacja-cyfrowa.txt",
    "good_vi.html": ROOT / "corpora" / "vi" / "004_cao-bang-tiep-dai-su-ba-lan.html",
}
UTF16_HEAD = "Ten plik zapisano w UTF-16.\n"
VI_SENTENCE = (
    "Đồng chí Quản Minh Cường, Bí thư Tỉnh ủy, dự hội nghị và phát biểu chỉ đạo về công tác "
    "xây dựng Đảng ở các xã biên giới của tỉnh Cao Bằng. "
)

RECORD = "record"  # a record with text and no error entry
#: file -> the outcomes allowed: RECORD, or the code of its one error entry.
EXPECTED: dict[str, set[str]] = {
    "empty.txt": {"empty"},
    "empty.html": {"empty"},
    "blank.txt": {"empty"},
    "binary.txt": {"binary"},
    "binary.html": {"binary"},
    "invalid_utf8.txt": {"encoding"},
    "utf16_bom.txt": {RECORD},
    "utf16_bom.html": {RECORD},
    "huge_50mb.txt": {"too-large"},
    # extracted from its first million characters, with an error entry saying so
    "long_line_10mb.txt": {"truncated"},
    # without a site profile, the generic extractor (trafilatura) gives up on such nesting
    "deep_10000.html": {RECORD, "no-body"},
    "deep_10000_profiled.html": {RECORD},
    "script_only.html": {"no-body"},
    # a NUL in text is the mark of UTF-16 without a BOM or of a binary file: refused as binary
    "nul_bytes.txt": {"binary"},
    "mixed_scripts.txt": {RECORD},
}


def write_bad_files(folder: Path) -> None:
    rng = random.Random(0)
    good_text = GOOD["good_pl.txt"].read_text("utf-8")
    files: dict[str, bytes] = {
        "empty.txt": b"",
        "empty.html": b"",
        "blank.txt": " \n\t\r\n  \u00a0\u3000".encode(),
        "binary.txt": b"\x89PNG\r\n\x1a\n" + rng.randbytes(64 * 1024),
        "binary.html": b"<html>\x00\x00" + rng.randbytes(16 * 1024),
        "invalid_utf8.txt": good_text[:300].encode() + b"\xc3\x28\xff\xfe" + good_text.encode(),
        # (ids of local files come from their text: the same text twice is one document)
        "utf16_bom.txt": (UTF16_HEAD + good_text).encode("utf-16"),
        "utf16_bom.html": (  # the BOM wins over a contradicting meta tag
            '<html><head><meta charset="utf-8"><title>Tytuł</title></head><body><article><p>'
            + good_text.replace("\n", "</p><p>")
            + "</p></article></body></html>"
        ).encode("utf-16"),
        "script_only.html": (
            b"<!doctype html><html><head><script>var a = 1;</script><style>p{}</style></head>"
            b"<body><script>" + b"document.write('x');" * 500 + b"</script></body></html>"
        ),
        "nul_bytes.txt": good_text.encode().replace(b". ", b".\x00 "),
        "mixed_scripts.txt": (
            "Quản Minh Cường (Quan Minh Cuong) — Москва, 北京, القاهرة, עברית \u200f🇻🇳🇵🇱 "
            + unicodedata.normalize("NFD", "Tỉnh ủy Cao Bằng tổ chức hội nghị. ")
            + "Ελληνικά ﬁ ǅ İ ß ½ ٣\n"
            + good_text
        ).encode(),
        "deep_10000.html": (
            "<html><body>" + "<div>" * 10_000 + "<p>Tekst artykułu o prowincji Cao Bang.</p>"
            + "</div>" * 10_000 + "</body></html>"
        ).encode(),
        "deep_10000_profiled.html": (  # recognised by the Joomla profile's signature
            '<html><head><meta name="generator" content="Joomla! - Open Source Content Management">'
            '</head><body><div class="item-page"><div itemprop="articleBody">'
            + "<div>" * 10_000 + "<p>Tekst artykułu o prowincji Cao Bang.</p>" + "</div>" * 10_000
            + "</div></div></body></html>"
        ).encode(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    line = VI_SENTENCE.encode() * (10 * MiB // len(VI_SENTENCE.encode()) + 1)
    (folder / "long_line_10mb.txt").write_bytes(line[: line.rindex(b" ", 0, 10 * MiB)])
    with open(folder / "huge_50mb.txt", "wb") as out:
        chunk = (good_text + "\n").encode() * 64
        while out.tell() < 50 * MiB:
            out.write(chunk)
    for name, source in GOOD.items():
        shutil.copyfile(source, folder / name)
    assert sorted(p.name for p in folder.iterdir()) == sorted([*EXPECTED, *GOOD])


#: The measured command runs as a grandchild of pytest. A child started from pytest reports
#: pytest's own peak RSS as its ru_maxrss: exec records the high-water mark of the address space
#: it replaces, which a vfork'd child shares with pytest (so the bound failed whenever earlier
#: tests had grown pytest). The launcher forks once more and writes its child's peak to a file.
_LAUNCHER = (
    "import os, sys\n"
    "pid = os.fork()\n"
    "if pid == 0:\n"
    "    os.execv(sys.executable, [sys.executable, *sys.argv[2:]])\n"
    "_, status, usage = os.wait4(pid, 0)\n"
    "open(sys.argv[1], 'w').write(str(usage.ru_maxrss))\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


def run_measured(argv: list[str], cwd: Path) -> tuple[int, str, int]:
    """Run the command line in a child process: (exit code, stderr, peak RSS in bytes of the
    child and of every process it waited for, its workers, as the kernel reports on wait4)."""
    stderr_path = cwd / f"{argv[0]}.stderr"
    peak_path = cwd / f"{argv[0]}.maxrss"
    with open(stderr_path, "wb") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-c", _LAUNCHER, str(peak_path), "-m", "pipeline", *argv,
             "--no-progress"],
            cwd=cwd, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True,
        )
        try:
            _, status, _usage = _wait4(proc.pid, TIMEOUT)
        except TimeoutError:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            pytest.fail(f"pipeline {' '.join(argv)} did not finish in {TIMEOUT} s")
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, stderr_path.read_text("utf-8"), int(peak_path.read_text()) * 1024


def _wait4(pid: int, timeout: float):
    deadline = time.monotonic() + timeout
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            return done, status, usage
        if time.monotonic() > deadline:
            raise TimeoutError
        time.sleep(0.05)


def outcome(record: dict) -> str:
    return record["errors"][0]["code"] if record["errors"] else RECORD


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def by_file(items: list[dict]) -> dict[str, dict]:
    return {Path(item["source"]["path"]).name: item for item in items}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """The batch folder, ingested and extracted once (each step a measured child process)."""
    work = tmp_path_factory.mktemp("bad_inputs")
    folder = work / "batch"
    folder.mkdir()
    write_bad_files(folder)
    ingest = run_measured(["ingest", str(folder), "--out", str(work / "ingested")], work)
    extract = run_measured(
        ["extract", str(work / "ingested"), "--output", str(work / "records.jsonl"),
         "--output-dir", str(work / "records"), "--workers", "2"],
        work,
    )
    return {"work": work, "folder": folder, "ingest": ingest, "extract": extract}


def test_the_batch_finishes_with_some_documents_failed(batch):
    for step in ("ingest", "extract"):
        code, stderr, _ = batch[step]
        assert code == 1, stderr  # 1: finished, some documents carry error entries
        assert "Traceback" not in stderr


def test_every_bad_file_gives_a_record_or_a_clear_error(batch):
    docs = by_file(read_jsonl(batch["work"] / "ingested" / "documents.jsonl"))
    records = by_file(read_jsonl(batch["work"] / "records.jsonl"))
    assert sorted(records) == sorted(docs) == sorted([*EXPECTED, *GOOD])
    for name, allowed in EXPECTED.items():
        record = records[name]
        validate_record(record)
        assert outcome(record) in allowed, (name, record["errors"])
        if outcome(record) in (RECORD, "truncated"):
            assert record["text"].strip() and "\x00" not in record["text"]
        else:
            assert record["text"] == ""
            (error,) = record["errors"]
            assert error["stage"] == "ingest" and len(error["message"]) > 20, (name, error)
            assert "Traceback" not in error["message"]
    messages = {
        name: records[name]["errors"][0]["message"] for name in EXPECTED if records[name]["errors"]
    }
    assert "--max-bytes" in messages["huge_50mb.txt"]
    assert "--encoding" in messages["invalid_utf8.txt"]
    assert "invalid byte 0xc3" in messages["invalid_utf8.txt"]
    assert "binary" in messages["binary.txt"] and "--encoding" in messages["nul_bytes.txt"]
    for name in EXPECTED:
        assert records[name]["source"]["path"].endswith(f"batch/{name}")


def test_decoded_text_is_the_articles_text(batch):
    records = by_file(read_jsonl(batch["work"] / "records.jsonl"))
    good = records["good_pl.txt"]["text"]
    assert records["utf16_bom.txt"]["text"] == UTF16_HEAD + good
    assert records["utf16_bom.html"]["title"] == "Tytuł"
    assert records["utf16_bom.html"]["text"].split() == good.split()
    assert records["deep_10000_profiled.html"]["text"] == "Tekst artykułu o prowincji Cao Bang."
    mixed = records["mixed_scripts.txt"]
    assert "Tỉnh ủy Cao Bằng" in mixed["text"]  # decomposed input, NFC text
    assert mixed["language"]["code"] == "pl"
    line = records["long_line_10mb.txt"]
    assert "\n" not in line["text"] and len(line["text"].encode()) > 9 * MiB
    assert line["language"]["code"] == "vi" and line["people"][0]["name"] == "Quản Minh Cường"
    (error,) = line["errors"]
    assert error["stage"] == "extract" and "--max-chars" in error["message"]
    # the items come from the first million characters, cut after a sentence
    ends = [m["end"] for p in line["people"] for m in p["mentions"]]
    ends += [item["end"] for kind in ("resolutions", "indicators") for item in line[kind]]
    assert 900_000 < max(ends) <= 1_000_000


def test_the_good_articles_give_the_records_they_give_alone(batch, tmp_path):
    batch_docs = by_file(read_jsonl(batch["work"] / "ingested" / "documents.jsonl"))
    batch_records = by_file(read_jsonl(batch["work"] / "records.jsonl"))
    for name in GOOD:
        alone = tmp_path / name
        path = batch["folder"] / name
        assert main(["ingest", str(path), "--out", str(alone), "--no-progress"]) == 0
        (doc,) = read_jsonl(alone / "documents.jsonl")
        assert doc == batch_docs[name]
        assert main(["extract", str(alone), "--output", str(alone / "r.jsonl"), "--workers", "1",
                     "--no-progress"]) == 0
        (record,) = read_jsonl(alone / "r.jsonl")
        assert record == batch_records[name]
        assert record["errors"] == [] and record["people"] and record["indicators"]
        one = json.loads((batch["work"] / "records" / f"{record['id']}.json").read_text("utf-8"))
        assert one == record


def test_peak_memory_stays_bounded(batch):
    for step in ("ingest", "extract"):
        _, _, peak = batch[step]
        assert 0 < peak < PEAK_RSS_BOUND, f"{step}: peak RSS {peak / MiB:.0f} MiB"


def test_extract_reads_the_bad_files_directly_too(tmp_path):
    """`extract` on a folder of article files (no ingest) gives the same outcomes; the size cap
    there is --max-bytes of extract."""
    folder = tmp_path / "batch"
    folder.mkdir()
    write_bad_files(folder)
    (folder / "long_line_10mb.txt").unlink()  # measured above; here the other files suffice
    output = tmp_path / "records.jsonl"
    code = main(["extract", str(folder), "--output", str(output), "--workers", "1",
                 "--max-bytes", str(30 * MiB), "--no-progress"])
    assert code == 1
    records = by_file(read_jsonl(output))
    assert sorted(records) == sorted(p.name for p in folder.iterdir())
    for name, record in records.items():
        validate_record(record)
        assert outcome(record) in EXPECTED.get(name, {RECORD}), (name, record["errors"])
    assert "over the limit of 31457280" in records["huge_50mb.txt"]["errors"][0]["message"]
