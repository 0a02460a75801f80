"""The compiled record check never accepts what jsonschema rejects, and accepts real records."""

from __future__ import annotations

import copy
import random

import pytest

from pipeline.extract.record import _validator, record_schema
from pipeline.extract.schema_check import compile_check
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
    fits = compile_check(record_schema())
    assert fits is not None
    assert record["people"] and record["resolutions"] and record["indicators"]
    assert fits(record)


def test_never_more_lenient_than_jsonschema(record):
    fits = compile_check(record_schema())
    validator = _validator()
    rng = random.Random(7)
    rejected = 0
    for _ in range(3000):
        changed = _mutate(record, rng)
        if fits(changed):
            assert not list(validator.iter_errors(changed))
        else:
            rejected += 1
    assert rejected > 1000


@pytest.mark.parametrize("value, fits_it", [
    (3, True), (0, True), (-1, False), (True, False), (2.0, False), ("3", False),
])
def test_integer_offsets(value, fits_it):
    # 2.0 is an integer to jsonschema: the compiled check leaves that case to it.
    fits = compile_check({"$defs": {"offset": {"type": "integer", "minimum": 0}},
                          "$ref": "#/$defs/offset"})
    assert fits(value) is fits_it


def test_a_keyword_outside_the_subset_gets_no_compiled_check():
    assert compile_check({"type": "object", "properties": {"a": {"oneOf": []}}}) is None
    assert compile_check({"$ref": "other.json#/x"}) is None
