"""`make fuzz`: the generator replays, the report counts failures, and a few thousand hostile
documents go through extract without an extractor failure (CI runs this test)."""

from pipeline.evaluation import fuzz

#: A seed of this test's own; `make fuzz` defaults to 0. Replay a failure with
#: `python -m pipeline.evaluation.fuzz --seed 20261207 --replay INDEX`.
SEED = 20261207
COUNT = 2000


def test_a_document_is_the_same_for_the_same_seed_and_index():
    first = [fuzz.generate(SEED, i) for i in range(30)]
    again = [fuzz.generate(SEED, i) for i in range(30)]
    assert [(d.id, d.text) for d in first] == [(d.id, d.text) for d in again]
    assert len({d.text for d in first}) == 30
    assert len({d.id for d in first}) == 30
    assert fuzz.generate(SEED + 1, 0).text != first[0].text


def test_documents_are_hostile():
    """Over the first 300 documents, every kind of piece the docstring promises appears."""
    text = "".join(fuzz.generate(SEED, i).text for i in range(300))
    for piece in ("\u200b", "\u0301", "%", "/", "\x00", "İ"):
        assert piece in text, repr(piece)
    assert any(fuzz.generate(SEED, i).text.count("-") for i in range(10))


def outcome(index, *codes, seconds=0.01):
    return fuzz.Outcome(index, seconds, 10, codes, tuple(f"message {c}" for c in codes))


def test_only_truncated_is_allowed(capsys):
    fine = [outcome(0), outcome(1, "extract:truncated"), outcome(2, seconds=2.5)]
    assert fuzz.report(fine, SEED, 1, 1.0) == 0
    out = capsys.readouterr().out
    assert "extract:truncated" in out and "allowed" in out and out.rstrip().endswith("OK")
    assert "#2: 2500 ms" in out  # the slowest document
    failed = [*fine, outcome(3, "extract:extractor-failed"), outcome(4, "raised")]
    assert fuzz.report(failed, SEED, 1, 1.0) == 1
    out = capsys.readouterr().out
    assert "failures: 2 documents" in out and "#3: message extract:extractor-failed" in out
    assert "#4: message raised" in out and out.rstrip().endswith("FAILED")


def test_a_few_thousand_documents_give_no_failure(capsys):
    code = fuzz.main(["--seed", str(SEED), "--count", str(COUNT), "--workers", "2",
                      "--slowest", "3"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.startswith(f"fuzz: {COUNT} documents (seed {SEED})")


def test_replay_shows_the_error_entries_the_run_counted(monkeypatch, capsys):
    """A failure outside the spaCy components (here a stand-in for extract's own steps) is
    shown and fails the replay, as it failed the run."""
    assert fuzz.replay(SEED, 0) == 0
    assert "error entries: none" in capsys.readouterr().out

    def broken(doc, options):
        return {"errors": [{"stage": "extract", "code": "schema", "message": "bad record"}]}

    monkeypatch.setattr(fuzz, "extract_document", broken)
    assert fuzz.replay(SEED, 0) == 1
    assert "  extract:schema: bad record" in capsys.readouterr().out
