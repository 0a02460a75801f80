"""Incremental and resumable extract: a re-run extracts only new or changed documents, carries
the other records over byte for byte, and whatever the order of runs (or kills) the output
equals one full run on the current input."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.document import Document, document_id
from pipeline.extract import incremental, stage
from pipeline.extract.incremental import ExtractLockError, ExtractState, fingerprint
from pipeline.extract.stage import run_extract
from pipeline.extract.step import DEFAULT_OPTIONS
from pipeline.jsonl import dumps

SURNAMES = ["Nông Văn", "Hoàng Thị", "Lục Đức", "Triệu Quang", "Bế Minh"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hạnh", "Lan", "Phúc", "Thắng"]


def make_docs(count: int, seed: int = 3) -> list[Document]:
    """Short articles in the two languages, written for these tests: a name with an office and
    a growth figure each, varied so that no two are equal."""
    rng = random.Random(seed)
    docs = []
    for n in range(count):
        name = f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
        figure = f"{rng.randint(2, 15)},{rng.randint(10, 99)}"
        if n % 2:
            text = (f"Ngày {n % 28 + 1}/10/2025, đồng chí {name}, Phó Chủ tịch UBND tỉnh, dự "
                    f"hội nghị sơ kết. Tổng thu ngân sách tăng {figure}% so với cùng kỳ.")
        else:
            text = (f"Wicegubernator prowincji {name.split()[0]} {name.split()[-1]} otworzył "
                    f"konferencję. Dochody budżetu wzrosły o {figure}% rok do roku.")
        doc = Document(id=document_id(text=f"{n}:{text}"), text=text)
        doc.source.path = f"test/{n:03d}"
        docs.append(doc)
    return docs


def write_docs(path: Path, docs: list[Document]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(dumps(d.to_json()) + "\n" for d in docs), "utf-8")
    os.replace(tmp, path)
    return path


def run(out: Path, docs: list[Document], *, with_files: bool = True, **kwargs):
    return run_extract(iter(docs), output=out / "records.jsonl",
                       output_dir=out / "records" if with_files else None,
                       progress=False, **kwargs)


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return make_docs(24)


@pytest.fixture(scope="module")
def clean(tmp_path_factory, docs):
    """One full run on all documents: what every other sequence of runs must end with."""
    out = tmp_path_factory.mktemp("clean")
    summary = run(out, docs)
    assert (summary.documents, summary.extracted, summary.carried_over) == (24, 24, 0)
    return out


def test_an_unchanged_rerun_extracts_nothing_and_writes_the_same_bytes(tmp_path, docs, clean):
    run(tmp_path, docs)
    before = (tmp_path / "records.jsonl").stat().st_mtime_ns
    summary = run(tmp_path, docs)
    assert (summary.extracted, summary.carried_over, summary.removed) == (0, 24, 0)
    assert (tmp_path / "records.jsonl").read_bytes() == (clean / "records.jsonl").read_bytes()
    assert files(tmp_path / "records") == files(clean / "records")
    assert (tmp_path / "records.jsonl").stat().st_mtime_ns >= before
    # the counts of carried records come from the state, not from extracting again
    assert summary.items == json_items(clean / "records.jsonl")


def json_items(path: Path) -> dict[str, int]:
    totals: dict[str, int] = {}
    for line in path.read_text("utf-8").splitlines():
        record = json.loads(line)
        for kind in ("people", "resolutions", "indicators", "places"):
            totals[kind] = totals.get(kind, 0) + len(record[kind])
    return totals


def test_new_changed_and_removed_documents(tmp_path, docs, clean):
    run(tmp_path, docs[:16])
    changed = make_docs(24)
    changed[3].text = changed[3].text.replace("tăng", "giảm")  # doc 3 is Vietnamese
    assert changed[3].text != docs[3].text
    # 8 new (16..23), doc 3 changed, docs 0..15 otherwise unchanged
    summary = run(tmp_path, changed)
    assert (summary.extracted, summary.carried_over, summary.removed) == (9, 15, 0)
    full = tmp_path / "full"
    run(full, changed, full=True)
    assert (tmp_path / "records.jsonl").read_bytes() == (full / "records.jsonl").read_bytes()
    assert files(tmp_path / "records") == files(full / "records")
    # back to the first 10 documents of the clean input: 14 records and files leave
    summary = run(tmp_path, docs[:10])
    assert (summary.extracted, summary.carried_over, summary.removed) == (1, 9, 14)
    clean_lines = (clean / "records.jsonl").read_bytes().splitlines(keepends=True)
    assert (tmp_path / "records.jsonl").read_bytes() == b"".join(clean_lines[:10])
    assert sorted(files(tmp_path / "records")) == sorted(f"{d.id}.json" for d in docs[:10])


def test_any_order_of_runs_ends_as_one_full_run(tmp_path, docs, clean):
    rng = random.Random(5)
    for _ in range(4):
        subset = rng.sample(docs, rng.randint(5, 24))
        run(tmp_path, subset)
    run(tmp_path, docs)
    assert (tmp_path / "records.jsonl").read_bytes() == (clean / "records.jsonl").read_bytes()
    assert files(tmp_path / "records") == files(clean / "records")


def test_the_first_of_two_documents_with_one_id_wins_as_in_a_full_run(tmp_path, docs, clean):
    twin = Document(id=docs[2].id, text=docs[5].text)
    summary = run(tmp_path, [*docs[:4], twin, *docs[4:]])
    assert summary.duplicates == 1
    assert (tmp_path / "records.jsonl").read_bytes() == (clean / "records.jsonl").read_bytes()


def test_a_changed_fingerprint_extracts_everything(tmp_path, docs, monkeypatch):
    run(tmp_path, docs[:6])
    monkeypatch.setattr(stage, "fingerprint", lambda options: "another-version-of-the-code")
    summary = run(tmp_path, docs[:6])
    assert (summary.extracted, summary.carried_over) == (6, 0)
    summary = run(tmp_path, docs[:6])
    assert (summary.extracted, summary.carried_over) == (0, 6)


def test_the_fingerprint_covers_every_file_of_the_package_and_the_options(tmp_path):
    root = Path(incremental.__file__).resolve().parents[1]
    names = {p.relative_to(root).as_posix() for p in incremental.package_files(root)}
    # code, a lexicon, a taxonomy, a site profile and the schema are all in it
    assert {"extract/step.py", "data/vi/roles_vi.txt", "data/common/ind_taxonomy.toml",
            "ingest/profiles/joomla-tuyengiao.toml", "schema/record.schema.json"} <= names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    copy = tmp_path / "pkg"
    shutil.copytree(root / "data", copy / "data")
    first = fingerprint(DEFAULT_OPTIONS, copy)
    assert fingerprint(DEFAULT_OPTIONS, copy) == first
    lexicon = copy / "data" / "pl" / "roles_pl.txt"
    lexicon.write_text(lexicon.read_text("utf-8") + "wojewoda\n", "utf-8")
    assert fingerprint(DEFAULT_OPTIONS, copy) != first
    (copy / "data" / "new_list.txt").write_text("x\n", "utf-8")
    changed = fingerprint(DEFAULT_OPTIONS, copy)
    assert changed not in (first,)
    other_options = type(DEFAULT_OPTIONS)(max_chars=1000)
    assert fingerprint(other_options, copy) != changed


def test_full_extracts_everything_again(tmp_path, docs, clean):
    run(tmp_path, docs)
    summary = run(tmp_path, docs, full=True)
    assert (summary.extracted, summary.carried_over) == (24, 0)
    assert (tmp_path / "records.jsonl").read_bytes() == (clean / "records.jsonl").read_bytes()


def test_records_files_only(tmp_path, docs, clean):
    run(tmp_path, docs[:8], with_files=False)  # a first run writing the JSONL only
    out = tmp_path / "files"
    run_extract(iter(docs[:8]), output=None, output_dir=out, progress=False)
    (out / f"{docs[1].id}.json").unlink()  # a user removed one record file
    summary = run_extract(iter(docs), output=None, output_dir=out, progress=False)
    assert (summary.extracted, summary.carried_over) == (17, 7)
    assert files(out) == files(clean / "records")
    assert (out / ".state" / "state.json").is_file()


def test_files_only_after_a_killed_run_rewrote_a_record_file(tmp_path, docs, clean,
                                                             monkeypatch):
    """Per-record files only: a run killed after it journalled a changed document and wrote
    its file, before it committed. When the input goes back, there is no records.jsonl line to
    restore that file from: the document is extracted again."""
    out = tmp_path / "files"
    run_extract(iter(docs), output=None, output_dir=out, progress=False)
    changed = Document(id=docs[0].id, text=docs[0].text + " Dochody wzrosły o 99,99%.")
    changed.source.path = docs[0].source.path

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(ExtractState, "commit", killed)
    with pytest.raises(KeyboardInterrupt):
        run_extract(iter([changed, *docs[1:]]), output=None, output_dir=out, progress=False)
    monkeypatch.undo()
    assert files(out) != files(clean / "records")  # the killed run's record of `changed`
    summary = run_extract(iter(docs), output=None, output_dir=out, progress=False)
    assert (summary.extracted, summary.carried_over) == (1, 23)
    assert files(out) == files(clean / "records")


def test_a_second_run_on_the_same_output_is_refused(tmp_path, docs, capsys):
    holder = ExtractState(tmp_path / "records.jsonl", None, "x")
    holder.lock()
    try:
        with pytest.raises(ExtractLockError, match="another extract run is writing to"):
            run(tmp_path, docs[:2], with_files=False)
        path = write_docs(tmp_path / "in" / "documents.jsonl", docs[:2])
        code = main(["extract", str(path), "--output", str(tmp_path / "records.jsonl"),
                     "--no-progress"])
        assert code == 2
        assert "another extract run is writing to" in capsys.readouterr().err
    finally:
        holder.close()
    assert main(["extract", str(path), "--output", str(tmp_path / "records.jsonl"),
                 "--no-progress", "--workers", "1"]) == 0


def test_a_torn_journal_entry_is_cut_off_and_extracted_again(tmp_path, docs, clean):
    """A run killed while appending a batch: the journal ends inside an entry."""
    state = ExtractState(tmp_path / "records.jsonl", tmp_path / "records",
                         fingerprint(DEFAULT_OPTIONS))
    run(tmp_path / "once", docs[:3], with_files=False)
    state.lock()
    state.open_journal(fresh=True)
    lines = (tmp_path / "once" / "records.jsonl").read_text("utf-8").splitlines()

    class Extracted:  # what an engine hands back, for the two records of the journal
        def __init__(self, line: str):
            record = json.loads(line)
            self.id, self.line, self.failed = record["id"], line, False
            self.language = record["language"]["code"]

    hashes = [incremental.document_hash(d) for d in docs[:2]]
    state.append([(Extracted(lines[0]), hashes[0], {"people": 1}),
                  (Extracted(lines[1]), hashes[1], {"people": 1})])
    state.close()
    journal = state.journal_path
    journal.write_bytes(journal.read_bytes()[:-7])  # the 2nd record's line is torn
    summary = run(tmp_path, docs)
    assert (summary.extracted, summary.resumed) == (24, 1)
    assert (tmp_path / "records.jsonl").read_bytes() == (clean / "records.jsonl").read_bytes()
    assert not journal.exists()


def test_fifty_kills_at_random_moments_end_as_one_clean_run(tmp_path, clean):
    """SIGKILL at 50 random moments across repeated runs on changing inputs (each run has
    something to extract; runs the kill came too late for are not counted), checkpoints of 3
    documents: every file is whole after each kill, and the last run ends byte-identical to one
    clean run. The runs are forked from a helper process whose spaCy pipelines are already
    built, so that a run takes about a second, not five; the helper is a fresh interpreter
    (this file run as a script) because forking pytest, whose earlier tests leave threads
    behind, can deadlock the child."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(Path(__file__).resolve().parents[2]), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, __file__, str(tmp_path)], env=env,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-4000:]
    killed = json.loads(done.stdout.splitlines()[-1])["killed"]
    assert killed == 50
    out = tmp_path / "out"
    records, folder = out / "records.jsonl", out / "records"
    assert records.read_bytes() == (clean / "records.jsonl").read_bytes()
    assert files(folder) == files(clean / "records")
    assert sorted(p.name for p in out.iterdir()) == [
        "records", "records.jsonl", "records.jsonl.state", "runs.jsonl"]
    assert sorted(p.name for p in (out / "records.jsonl.state").iterdir()) == [
        "lock", "state.json"]
    runs = [json.loads(line) for line in (out / "runs.jsonl").read_text("utf-8").splitlines()]
    assert runs[-1]["exit_code"] == 0 and runs[-1]["documents"]["in"] == 24
    # a run killed before it wrote its start marker (just forked) leaves no line
    assert killed - 5 <= sum(run["outcome"] == "killed" for run in runs) <= killed


def kill_runs(tmp_path: Path) -> dict:
    """The runs and kills of the test above, in a process of their own."""
    from pipeline.extract.engines import warm_up

    warm_up(DEFAULT_OPTIONS)
    docs = make_docs(24)
    rng = random.Random(11)
    out = tmp_path / "out"
    records, folder = out / "records.jsonl", out / "records"
    argv = ["extract", str(tmp_path / "in" / "documents.jsonl"), "--output", str(records),
            "--output-dir", str(folder), "--workers", "1", "--batch", "3", "--no-progress"]

    def start() -> int:
        pid = os.fork()
        if pid == 0:  # the run, in the child
            code = 3
            try:
                sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (the child exits below)
                code = main(argv)
            finally:
                os._exit(code)
        return pid

    write_docs(tmp_path / "in" / "documents.jsonl", docs)
    began = time.monotonic()
    assert os.waitpid(start(), 0)[1] == 0
    whole = time.monotonic() - began
    shutil.rmtree(out)
    killed = attempts = 0
    while killed < 50 and attempts < 150:  # a kill that comes after the run's end is no kill
        attempts += 1
        # some documents gone, 6 to 24 of the others edited: every run has work to do
        subset = rng.sample(docs, rng.randint(18, 24))
        edited = set(rng.sample(range(len(subset)), rng.randint(6, len(subset))))
        write_docs(tmp_path / "in" / "documents.jsonl", [
            Document(d.id, d.text + f" Tin {attempts}.", d.source) if i in edited else d
            for i, d in enumerate(subset)])
        pid = start()
        time.sleep(rng.uniform(0, whole * 0.7))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        killed += os.WIFSIGNALED(status)
        if records.exists():  # whole lines of whole records, never half a file
            text = records.read_text("utf-8")
            assert text.endswith("\n")
            assert all(json.loads(line)["schema_version"] for line in text.splitlines())
        for path in folder.glob("*.json") if folder.exists() else ():
            json.loads(path.read_bytes())
    write_docs(tmp_path / "in" / "documents.jsonl", docs)
    assert os.waitpid(start(), 0)[1] == 0
    return {"killed": killed, "attempts": attempts}


if __name__ == "__main__":
    print(json.dumps(kill_runs(Path(sys.argv[1]))))
