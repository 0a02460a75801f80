"""End to end through the command line, as a user runs it."""

import json
import subprocess
import sys

from pipeline.cli import main
from pipeline.extract.record import validate_record
from pipeline.ingest.local import iter_article_files

from conftest import ROOT

CORPUS = ROOT / "corpora"


def run(*argv):
    return main([*argv, "--no-progress"] if argv[0] in ("ingest", "extract") else list(argv))


def test_ingest_then_extract_bundled_corpus(tmp_path):
    out = tmp_path / "out"
    assert run("ingest", str(CORPUS), "--out", str(out)) == 0
    articles = list(iter_article_files(CORPUS))
    docs = [json.loads(line) for line in (out / "documents.jsonl").read_text().splitlines()]
    assert len(docs) == len(articles) > 0
    assert all(list(d)[:6] == ["id", "source", "title", "published", "translation_of",
                               "alternates"] for d in docs)

    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert run("extract", str(out), "--output", str(first), "--output-dir",
               str(tmp_path / "records")) == 0
    assert run("extract", str(out / "documents.jsonl"), "--output", str(second)) == 0
    assert first.read_bytes() == second.read_bytes()
    records = [json.loads(line) for line in first.read_text().splitlines()]
    assert [r["id"] for r in records] == [d["id"] for d in docs]
    for record in records:
        validate_record(record)
        assert record["errors"] == []
        one = json.loads((tmp_path / "records" / f"{record['id']}.json").read_text())
        assert one == record
    assert {r["language"]["code"] for r in records} >= {"pl", "vi"}


def test_extract_reads_article_files_without_ingest(tmp_path, seed_path):
    folder = tmp_path / "saved_articles"
    folder.mkdir()
    (folder / "a.txt").write_bytes(seed_path.read_bytes())
    output = tmp_path / "out.jsonl"
    assert run("extract", str(folder), "--output", str(output)) == 0
    (record,) = [json.loads(line) for line in output.read_text().splitlines()]
    assert record["language"]["code"] == "pl"
    assert record["translation_of"].startswith("https://tuyengiaocaobang.vn/index.php/")
    assert not record["text"].rstrip().endswith("Komentarz (0)")
    assert record["source"]["path"] == str(folder / "a.txt")


def test_bad_inputs_become_error_entries_and_the_batch_goes_on(tmp_path, seed_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "1_empty.txt").write_bytes(b"")
    (folder / "2_binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "3_latin.txt").write_bytes("Tiếng Việt có dấu".encode("utf-16-le")[2:] + b"\xff")
    (folder / "4_noarticle.html").write_bytes(b"<html><body><script>1</script></body></html>")
    (folder / "5_good.txt").write_bytes(seed_path.read_bytes())
    output = tmp_path / "records.jsonl"
    assert run("extract", str(folder), "--output", str(output)) == 1  # some documents failed
    records = [json.loads(line) for line in output.read_text().splitlines()]
    assert len(records) == 5
    for record in records:
        validate_record(record)
    by_name = {r["source"]["path"].rsplit("/", 1)[1]: r for r in records}
    assert [e["code"] for e in by_name["1_empty.txt"]["errors"]] == ["empty"]
    assert by_name["2_binary.txt"]["errors"][0]["code"] == "binary"
    # UTF-16-LE without its first two bytes: not UTF-8 ("ế" is bf 1e, a stray continuation
    # byte), and every ASCII letter carries a NUL byte, so the file reads as binary
    assert by_name["3_latin.txt"]["errors"][0]["code"] == "binary"
    assert by_name["4_noarticle.html"]["errors"][0]["code"] == "no-body"
    assert all("message" in e and e["message"] for r in records for e in r["errors"])
    assert by_name["5_good.txt"]["errors"] == []


def test_a_failed_run_keeps_the_previous_output(tmp_path):
    output = tmp_path / "records.jsonl"
    output.write_text("previous\n")
    assert run("extract", str(tmp_path / "missing"), "--output", str(output)) == 2
    assert output.read_text() == "previous\n"


def test_malformed_documents_jsonl_lines_are_errors(tmp_path):
    docs = tmp_path / "documents.jsonl"
    docs.write_text('{"id": "0123456789abcdef", "text": "Krótki tekst."}\nnot json\n[1]\n')
    output = tmp_path / "r.jsonl"
    assert run("extract", str(docs), "--output", str(output)) == 1
    records = [json.loads(line) for line in output.read_text().splitlines()]
    assert [bool(r["errors"]) for r in records] == [False, True, True]
    assert "not valid JSON" in records[1]["errors"][0]["message"]


def test_module_entry_point_and_schema_command():
    done = subprocess.run([sys.executable, "-m", "pipeline", "schema"], capture_output=True,
                          text=True, check=True)
    assert json.loads(done.stdout)["title"] == "pipeline article record"
