"""`pipeline people`: one entry per person across articles, by name_key."""

import csv
import io
import json

from downstream_support import FIXTURES, PL_ID, VI2_ID, VI_ID, fixture_records

from pipeline.downstream.people import people_csv, people_table, who_is_who


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
    assert [(r["as_written"], r["seen"]) for r in cuong["roles"]] == [
        (["Bí thư Tỉnh ủy"], [{"date": "2025-10-14", "document_id": VI_ID}]),
        (["sekretarz prowincjonalnego komitetu partii"],
         [{"date": "2025-10-15", "document_id": PL_ID}]),
    ]

    hoa = people["le hai hoa"]
    chairman = next(r for r in hoa["roles"] if r["role"] == "chủ tịch ủy ban nhân dân tỉnh")
    assert [s["document_id"] for s in chairman["seen"]] == [VI_ID, VI2_ID]
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
    assert cuong["roles"].startswith(f"Bí thư Tỉnh ủy [2025-10-14 {VI_ID}]")
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
