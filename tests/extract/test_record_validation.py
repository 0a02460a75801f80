"""Record validation: fastjsonschema's compiled check never accepts what jsonschema rejects,
accepts real records, and a record that breaks the schema gets jsonschema's message."""

from __future__ import annotations

import copy
import random

import pytest

from pipeline.extract.record import RecordInvalid, _fits, _validator, validate_record
from pipeline.extract.step import extract_document
from pipeline.ingest.local import read_article_file

ODD_VALUES = [None, True, False, 0, -1, 1.5, 2.0, float("nan"), "", "x", "1.0", "2024-01-01",
              [], {}, [1], {"a": 1}, "increase", "und", "ab", 10**20]


@pytest.fixture(scope="module")
def record(seed_path) -> dict:
    return extract_document(read_article_file(seed_path))


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


def _mutate(record: dict, rng: random.Random) -> dict:
    """The record with one value replaced, removed or one property added somewhere."""
    out = copy.deepcopy(record)
    path = rng.choice(list(_paths(out))[1:])
    parent = out
    for key in path[:-1]:
        parent = parent[key]
    choice = rng.random()
    if choice < 0.6:
        parent[path[-1]] = rng.choice(ODD_VALUES)
    elif choice < 0.8:
        del parent[path[-1]]
    elif isinstance(parent, dict):
        parent["unexpected"] = rng.choice(ODD_VALUES)
    return out


def test_a_real_record_fits(record):
    assert record["people"] and record["resolutions"] and record["indicators"]
    assert _fits()(record)
    validate_record(record)


def test_never_more_lenient_than_jsonschema(record):
    fits = _fits()
    validator = _validator()
    rng = random.Random(7)
    rejected = 0
    for _ in range(3000):
        changed = _mutate(record, rng)
        if fits(changed):
            assert not list(validator.iter_errors(changed))
        else:
            rejected += 1
    # about two thirds of the mutations break the schema (a value of the wrong type, a required
    # key removed, an unexpected key added); a check that accepted everything would reject none
    assert rejected > 1000


@pytest.mark.parametrize("value, fits_it", [
    (3, True), (0, True), (-1, False), (True, False), ("3", False), (None, False),
])
def test_offsets_are_non_negative_integers(record, value, fits_it):
    changed = copy.deepcopy(record)
    changed["people"][0]["mentions"][0]["start"] = value
    assert _fits()(changed) is fits_it


def test_a_record_that_breaks_the_schema_gets_jsonschemas_message(record):
    changed = copy.deepcopy(record)
    changed["people"][0]["name_key"] = 7
    with pytest.raises(RecordInvalid) as err:
        validate_record(changed)
    assert str(err.value) == "schema violation at people/0/name_key: 7 is not of type 'string'"
