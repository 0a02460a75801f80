"""An extractor that fails costs the document only its own items, with its own error entry; a
failing morfeusz2 is an error entry, not a silent (and cached) empty answer."""

from __future__ import annotations

import pytest

from pipeline.extract.step import extract_document
from pipeline.extractors import morfeusz as morfeusz_module
from pipeline.extractors.documents.extractor import DocumentReferenceExtractor
from pipeline.extractors.indicators import IndicatorExtractor
from pipeline.extractors.morfeusz import MorfeuszError
from pipeline.extractors.people import polish_roles
from pipeline.extractors.people.extractor import PeopleExtractor
from pipeline.ingest.local import read_article_file


@pytest.fixture(scope="module")
def seed_record(seed_path) -> dict:
    record = extract_document(read_article_file(seed_path))
    # the seed has 4 people, 3 documents and 17 figures (README): none of the kinds is empty
    assert record["people"] and record["resolutions"] and record["indicators"]
    assert record["errors"] == []
    return record


def clear_role_caches() -> None:
    polish_roles._readings.cache_clear()
    polish_roles._generate.cache_clear()
    polish_roles.nominative_role.cache_clear()


def boom(*_args, **_kwargs):
    raise IndexError("list index out of range")


@pytest.mark.parametrize("extractor, component, kind", [
    (IndicatorExtractor, "numeric_indicators", "indicators"),
    (PeopleExtractor, "people_rules", "people"),
    (DocumentReferenceExtractor, "document_references", "resolutions"),
])
def test_a_failing_extractor_loses_only_its_own_items(monkeypatch, seed_path, seed_record,
                                                      extractor, component, kind):
    monkeypatch.setattr(extractor, "extract", boom)
    record = extract_document(read_article_file(seed_path))
    assert record["errors"] == [{
        "stage": "extract", "code": "extractor-failed",
        "message": f"{component}: IndexError: list index out of range",
    }]
    assert record[kind] == []
    others = [k for k in ("people", "resolutions", "indicators") if k != kind]
    if kind != "resolutions":
        for other in others:
            assert record[other] == seed_record[other]
    else:
        # the figures read the documents to leave the numbers of a document symbol alone
        # ("18-NQ/TW"): without them they may find more, never fewer
        assert record["people"] == seed_record["people"]
        found = {(i["start"], i["end"]) for i in record["indicators"]}
        assert {(i["start"], i["end"]) for i in seed_record["indicators"]} <= found


def test_two_failing_extractors_give_two_error_entries(monkeypatch, seed_path, seed_record):
    monkeypatch.setattr(IndicatorExtractor, "extract", boom)
    monkeypatch.setattr(PeopleExtractor, "extract", boom)
    record = extract_document(read_article_file(seed_path))
    assert [e["message"] for e in record["errors"]] == [
        "people_rules: IndexError: list index out of range",
        "numeric_indicators: IndexError: list index out of range",
    ]
    assert record["resolutions"] == seed_record["resolutions"]


class BrokenAnalyser:
    def analyse(self, word):
        raise RuntimeError("dictionary not loaded")

    def generate(self, lemma):
        raise RuntimeError("dictionary not loaded")


def test_a_failing_morfeusz_raises_and_caches_nothing(monkeypatch):
    clear_role_caches()
    monkeypatch.setattr(morfeusz_module, "morfeusz", lambda: BrokenAnalyser())
    with pytest.raises(MorfeuszError) as err:
        polish_roles.nominative_role("Sekretarzem Generalnym")
    assert str(err.value) == ("morfeusz2 could not analyse 'Sekretarzem': "
                              "RuntimeError: dictionary not loaded")
    monkeypatch.undo()
    # instrumental "Sekretarzem Generalnym" (with the General Secretary) in the nominative,
    # capitals kept: nothing of the failure was cached
    assert polish_roles.nominative_role("Sekretarzem Generalnym") == "Sekretarz Generalny"


def test_a_failing_morfeusz_in_the_role_normaliser_is_an_error_entry(monkeypatch, seed_path,
                                                                      seed_record):
    clear_role_caches()
    monkeypatch.setattr(morfeusz_module, "morfeusz", lambda: BrokenAnalyser())
    record = extract_document(read_article_file(seed_path))
    assert [e["code"] for e in record["errors"]] == ["morfeusz-failed"]
    message = record["errors"][0]["message"]
    assert message.startswith("people_rules: morfeusz2 could not analyse '")
    assert message.endswith("': RuntimeError: dictionary not loaded")
    assert record["people"] == []
    assert record["resolutions"] == seed_record["resolutions"]
    assert record["indicators"] == seed_record["indicators"]
    monkeypatch.undo()
    assert extract_document(read_article_file(seed_path)) == seed_record


def test_a_word_morfeusz_cannot_take_has_no_readings():
    # a lone surrogate (JSON input can carry "\ud800") is refused by morfeusz2's bindings with a
    # TypeError: no Polish word has one, so it is a word without readings, not a failure
    clear_role_caches()
    assert polish_roles._readings("przewodnic\ud800zącego") == ()
    assert polish_roles.nominative_role("przewodnic\ud800zącego komitetu") == (
        "przewodnic\ud800zącego komitetu")
