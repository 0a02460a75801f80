"""Merging a trained spaCy pipeline's person entities with the rules.

The trained pipeline is a tiny stand-in built here: a blank Polish pipeline whose
EntityRuler tags a few names as PER, saved to a temporary folder and loaded by path, the way
`spacy.load` loads an installed package by name.
"""

from __future__ import annotations

import pytest
import spacy

import pipeline.extract.nlp  # noqa: F401  (registers the "people_rules" factory)
from pipeline.extractors.people.extractor import PeopleExtractor, PersonModelNotFound

TEXT = (
    "Towarzysz Quan Minh Cuong, sekretarz prowincjonalnego komitetu partii, przyjął "
    "ambasadora. Rozmawiali także z Lechem, z Adamem Zagajewskim i z Anną Nowak. "
    "Quan Minh Cuong podziękował gościom."
)


@pytest.fixture(scope="module")
def stand_in_model(tmp_path_factory) -> str:
    nlp = spacy.blank("pl")
    nlp.meta["name"] = "stand_in"
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([
        {"label": "PER", "pattern": "Quan Minh Cuong"},
        {"label": "PER", "pattern": "Lechem"},
        {"label": "PERSON", "pattern": "Adamem Zagajewskim"},
        {"label": "LOC", "pattern": "Anną Nowak"},  # not a person label: ignored
    ])
    path = tmp_path_factory.mktemp("model") / "pl_stand_in"
    nlp.to_disk(path)
    return str(path)


def test_model_entities_are_merged_by_name_key(stand_in_model):
    rules_only = {p["name_key"]: p for p in PeopleExtractor("pl").extract(TEXT)}
    extractor = PeopleExtractor("pl", model=stand_in_model)
    nlp = spacy.blank("pl")
    nlp.add_pipe("people_rules", config={"model": stand_in_model})
    doc = nlp(TEXT)
    merged = {p["name_key"]: p for p in doc._.people}
    assert extractor.model_source == "pl_stand_in"

    # found by both: one entry, both sources, the rules' roles and mentions kept
    cuong = merged["quan minh cuong"]
    assert cuong["sources"] == ["rules", "pl_stand_in"]
    assert cuong["roles"] == rules_only["quan minh cuong"]["roles"]
    assert [m["start"] for m in cuong["mentions"]] == [
        TEXT.index("Quan Minh Cuong"), TEXT.rindex("Quan Minh Cuong")
    ]
    # found by the model alone: added, in the nominative the rules would give it
    lech = merged["lech"]
    assert lech["name"] == "Lech"
    assert lech["sources"] == ["pl_stand_in"]
    assert lech["roles"] == []
    assert lech["mentions"] == [{"start": TEXT.index("Lechem"),
                                 "end": TEXT.index("Lechem") + len("Lechem"),
                                 "text": "Lechem"}]
    # found by both again, under another person label
    assert merged["adam zagajewski"]["sources"] == ["rules", "pl_stand_in"]
    # a LOC entity is not a person: Anna Nowak comes from the rules alone
    assert merged["anna nowak"]["sources"] == ["rules"]
    # ordered by first mention
    starts = [p["mentions"][0]["start"] for p in doc._.people]
    assert starts == sorted(starts)


def test_without_a_model_the_rules_alone():
    people = PeopleExtractor("pl", model=None).extract(TEXT)
    assert all(p["sources"] == ["rules"] for p in people)


def test_a_model_that_is_not_installed_is_a_clear_error():
    with pytest.raises(PersonModelNotFound) as err:
        PeopleExtractor("pl", model="pl_core_news_zz")
    message = str(err.value)
    assert "pl_core_news_zz" in message
    assert "spacy download pl_core_news_zz" in message
