"""The longest text extracted from (`extract --max-chars`, `[extract] max_chars`): a longer one
keeps its whole text in the record, its items come from its beginning, cut between sentences,
and an error entry says so."""

from __future__ import annotations

import json

import pytest

from pipeline.cli import main
from pipeline.config import MAX_EXTRACT_CHARS, ConfigError, load_config
from pipeline.document import Document
from pipeline.extract.record import validate_record
from pipeline.extract.step import ExtractOptions, cut_point, extract_document

SENTENCE = ("Ông Nông Văn Dũng, Chủ tịch UBND xã, cho biết năm 2025 toàn xã trồng mới 120 ha "
            "rừng, tăng 15% so với năm trước. ")
LONG = SENTENCE * 40  # 4,000+ characters


def test_a_long_text_is_extracted_from_its_beginning_with_an_error_entry():
    whole = extract_document(Document(id="a" * 16, text=LONG))
    cut = extract_document(Document(id="a" * 16, text=LONG), ExtractOptions(max_chars=1000))
    validate_record(cut)
    assert cut["text"] == whole["text"] == LONG  # the record keeps the whole text
    assert not whole["errors"]
    (error,) = cut["errors"]
    assert error["stage"] == "extract" and error["code"] == "truncated"
    assert f"{len(LONG):,}" in error["message"] and "--max-chars" in error["message"]
    ends = [item["end"] for item in cut["indicators"]]
    assert ends and max(ends) <= 1000
    # what it found is what the whole text gives in the same place
    assert cut["indicators"] == [i for i in whole["indicators"] if i["end"] <= max(ends)]
    assert cut["people"][0]["name"] == whole["people"][0]["name"] == "Nông Văn Dũng"


def test_a_text_at_the_limit_is_whole():
    record = extract_document(Document(id="b" * 16, text=LONG),
                              ExtractOptions(max_chars=len(LONG)))
    assert not record["errors"]


@pytest.mark.parametrize("text, limit, expected", [
    # a paragraph in the last tenth before the limit; else a sentence; else a word
    ("a. " * 31 + "\nDrugi akapit. Trzecie zdanie", 100, "a. " * 31 + "\n"),
    ("x" * 93 + ". Drugie zdanie i trzecie słowo", 100, "x" * 93 + "."),
    ("słowo " * 20, 33, "słowo " * 4 + "słowo"),
    ("x" * 100, 30, "x" * 30),  # no space at all: at the limit
])
def test_cut_points_fall_between_paragraphs_sentences_or_words(text, limit, expected):
    assert text[: cut_point(text, limit)] == expected


def test_max_chars_from_the_command_line_and_the_configuration(tmp_path):
    article = tmp_path / "long.txt"
    article.write_text(LONG, encoding="utf-8")
    config = tmp_path / "pipeline.toml"
    config.write_text("[extract]\nmax_chars = 500\n", encoding="utf-8")
    runs = {
        "default": [],
        "option": ["--max-chars", "700"],
        "config": ["--config", str(config)],
        "option over config": ["--config", str(config), "--max-chars", "2000"],
    }
    ends = {}
    for name, extra in runs.items():
        out = tmp_path / f"{name}.jsonl"
        code = main(["extract", str(article), "--output", str(out), "--workers", "1",
                     "--no-progress", *extra])
        (record,) = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
        assert code == (0 if name == "default" else 1)  # 1: some documents carry errors
        ends[name] = max(item["end"] for item in record["indicators"])
    assert ends["config"] <= 500 < ends["option"] <= 700 < ends["option over config"] <= 2000
    assert ends["default"] > 4000


def test_max_chars_in_the_configuration_is_checked(tmp_path):
    assert load_config(None).max_chars == MAX_EXTRACT_CHARS
    for bad in ("0", "-5", '"many"', "1.5", "true"):
        path = tmp_path / "bad.toml"
        path.write_text(f"[extract]\nmax_chars = {bad}\n", encoding="utf-8")
        with pytest.raises(ConfigError, match="max_chars"):
            load_config(path)
