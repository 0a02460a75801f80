"""`make bench` runs end to end on a tiny corpus (its numbers are not checked: speed is
measured, never asserted)."""

import json

from pipeline.evaluation.bench import build_corpus, main


def test_generated_corpus_varies_the_team_articles(tmp_path):
    path = tmp_path / "docs.jsonl"
    count, words = build_corpus(60, path)
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert count == len(lines) == 60
    assert words == sum(len(doc["text"].split()) for doc in lines)
    assert len({doc["text"] for doc in lines}) == 60  # no two documents are equal
    assert len({doc["id"] for doc in lines}) == 60


def test_bench_prints_every_measure(tmp_path, capsys):
    code = main(["--documents", "16", "--workers", "2", "--engines", "local",
                 "--peer-documents", "2", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    for line in ("local, 1 worker", "local, 2 workers", "underthesea", "people F1",
                 "language detection"):
        assert line in out
    # the incremental section: 16 documents, then 1% of them (at least one) added, so 17
    assert "incremental, 16 documents: first run" in out
    assert "(16 extracted); second run, nothing changed:" in out
    assert "0 extracted, output identical: True)" in out
    assert "1 documents added:" in out and "1 extracted, 16 carried over; equals --full" in out
    assert ": True\n  one lexicon file changed:" in out
    assert "17 of 17 extracted again" in out
