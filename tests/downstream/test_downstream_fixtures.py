"""The hand-written fixtures are valid records and hold the cases the other tests rely on."""

from downstream_support import BROKEN, PL_ID, VI_ID, by_id, fixture_records

from pipeline.downstream.pairs import url_key
from pipeline.extract.record import validate_record
from pipeline.textnorm import name_key


def test_every_fixture_record_is_valid():
    records = fixture_records()
    assert len(records) == 4
    for record in records:
        validate_record(record)
    assert {r["language"]["code"] for r in records} == {"vi", "pl"}


def test_the_polish_translation_points_at_the_vietnamese_original():
    records = by_id()
    vi, pl = records[VI_ID], records[PL_ID]
    # spelt differently on purpose: host case and a trailing slash
    assert pl["translation_of"] != vi["source"]["url"]
    assert url_key(pl["translation_of"]) == url_key(vi["source"]["url"])
    # the same people, spelt the Vietnamese and the Polish way
    assert {p["name"] for p in vi["people"]} == {"Quản Minh Cường", "Lê Hải Hòa"}
    assert {p["name"] for p in pl["people"]} == {"Quan Minh Cuong", "Le Hai Hoa"}
    assert {p["name_key"] for p in vi["people"]} == {p["name_key"] for p in pl["people"]}
    for person in vi["people"] + pl["people"]:
        assert person["name_key"] == name_key(person["name"])
    # a figure the translation lost
    assert any(i["unit"] == "VND" for i in vi["indicators"])
    assert not any(i["unit"] == "VND" for i in pl["indicators"])


def test_the_broken_fixture_has_one_good_record_among_bad_lines():
    lines = BROKEN.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 6 and lines[2] == ""
