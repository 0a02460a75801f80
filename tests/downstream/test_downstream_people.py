"""`pipeline people`: one entry per person across articles, by name_key."""

import csv
import io
import json

from downstream_support import FIXTURES, PL_ID, VI2_ID, VI_ID, fixture_records

from pipeline.downstream.people import people_csv, people_table, who_is_who
from pipeline.downstream.places import ProvinceFilter


def test_who_is_who_matches_the_expected_output():
    expected = json.loads((FIXTURES / "people.expected.json").read_text(encoding="utf-8"))
    assert who_is_who(fixture_records()) == expected


def test_one_entry_per_name_key_with_every_spelling_role_date_and_article():
    people = {p["name_key"]: p for p in who_is_who(fixture_records())}
    assert set(people) == {"quan minh cuong", "le hai hoa", "hoang van thach", "tran hong minh"}

    cuong = people["quan minh cuong"]
    assert cuong["name"] == "Quản Minh Cường"  # the original's spelling on a tie
    assert [(s["name"], s["languages"]) for s in cuong["spellings"]] == [
        ("Quản Minh Cường", ["vi"]), ("Quan Minh Cuong", ["pl"]),
    ]
    assert (cuong["document_count"], cuong["mention_count"]) == (2, 4)
    # one office in both languages: one line
    assert [(r["role"], r["as_written"], r["seen"]) for r in cuong["roles"]] == [
        ("provincial_party_secretary",
         ["Bí thư Tỉnh ủy", "sekretarz prowincjonalnego komitetu partii"],
         [{"date": "2025-10-14", "document_id": VI_ID},
          {"date": "2025-10-15", "document_id": PL_ID}]),
    ]

    hoa = people["le hai hoa"]
    # VI2 places the chair in Cao Bằng, VI and PL name no province: the one place he held it,
    # in both languages
    chairman = next(r for r in hoa["roles"] if r["role"] == "provincial_people_committee_chair")
    assert [s["document_id"] for s in chairman["seen"]] == [VI_ID, PL_ID, VI2_ID]
    assert chairman["place"] == {"name": "Cao Bằng", "level": "province", "code": "04"}
    assert (hoa["first_seen"], hoa["last_seen"]) == ("2025-10-14", "2025-11-02")

    minh = people["tran hong minh"]
    assert minh["roles"][0]["seen"] == [{"date": None, "document_id": "c0ffee0000a1b2c3"}]
    assert minh["first_seen"] is None


def test_most_reported_first():
    people = who_is_who(fixture_records())
    assert [p["name_key"] for p in people][:2] == ["le hai hoa", "quan minh cuong"]


def test_csv_one_row_per_person():
    rows = list(csv.DictReader(io.StringIO(people_csv(who_is_who(fixture_records())))))
    assert len(rows) == 4
    cuong = next(r for r in rows if r["name_key"] == "quan minh cuong")
    assert cuong["spellings"] == "Quản Minh Cường; Quan Minh Cuong"
    assert cuong["roles"] == (
        f"provincial_party_secretary [2025-10-14 {VI_ID}, 2025-10-15 {PL_ID}]")
    assert (cuong["document_count"], cuong["mention_count"]) == ("2", "4")


def test_table_keeps_columns_aligned_with_vietnamese_letters():
    table = people_table(who_is_who(fixture_records()))
    lines = table.splitlines()
    header = lines[0]
    column = header.index("SPELLINGS")
    for line in lines[2:]:
        if line.startswith(("Quản Minh Cường", "Lê Hải Hòa")):
            assert line[column - 2:column] == "  " and line[column] != " "
    assert f"2025-10-14 {VI_ID}" in table
    assert table.rstrip().endswith("4 people")


def test_no_people():
    assert who_is_who([]) == []
    assert people_table([]) == "no people in the records\n"


def test_office_and_province_filters():
    records = fixture_records()
    assert [p["name_key"] for p in who_is_who(records, office="provincial_party_secretary")] \
        == ["quan minh cuong"]
    # VI2, the one record with a province, places its two officials in Cao Bằng
    in_cao_bang = who_is_who(records, province=ProvinceFilter("cao bang"))
    assert [p["name_key"] for p in in_cao_bang] == ["le hai hoa", "hoang van thach"]
    assert who_is_who(records, province=ProvinceFilter("Lạng Sơn")) == []
