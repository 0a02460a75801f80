"""`pipeline pairs`: translation_of <-> source.url, linked both ways, with the disagreements."""

import csv
import io
import json

import pytest
from downstream_support import FIXTURES, PL2_ID, PL_ID, VI_ID, by_id, fixture_records

from pipeline.downstream.pairs import (
    compare,
    find_pairs,
    links,
    pairs_csv,
    pairs_json,
    pairs_table,
    url_key,
)


@pytest.mark.parametrize("a, b", [
    ("https://Example.VN/index.php/a-1.html", "https://example.vn/index.php/a-1.html"),
    ("HTTPS://example.vn/a/", "https://example.vn/a"),
    ("http://example.vn/a", "https://example.vn/a"),
    ("https://example.vn:443/a", "https://example.vn/a"),
    ("https://example.vn/a#comments", "https://example.vn/a"),
    ("https://example.vn/", "https://example.vn"),
    (" https://example.vn/a ", "https://example.vn/a"),
])
def test_urls_of_one_page_share_a_key(a, b):
    assert url_key(a) == url_key(b)


@pytest.mark.parametrize("a, b", [
    ("https://example.vn/A", "https://example.vn/a"),          # paths are case-sensitive
    ("https://example.vn/a?id=1", "https://example.vn/a?id=2"),
    ("https://example.vn:8080/a", "https://example.vn/a"),
    ("https://www.example.vn/a", "https://example.vn/a"),
])
def test_different_pages_keep_different_keys(a, b):
    assert url_key(a) != url_key(b)


def test_no_url_no_key():
    assert url_key(None) is None and url_key("  ") is None


def test_pairs_match_the_expected_output():
    pairs, unmatched = find_pairs(fixture_records())
    expected = json.loads((FIXTURES / "pairs.expected.json").read_text(encoding="utf-8"))
    assert json.loads(pairs_json(pairs, unmatched)) == expected


def test_the_vietnamese_article_and_its_polish_translation_are_linked_both_ways():
    pairs, unmatched = find_pairs(fixture_records())
    assert [(p.original["id"], p.translation["id"]) for p in pairs] == [(VI_ID, PL_ID)]
    assert [r["id"] for r in unmatched] == [PL2_ID]
    linked = links(pairs)
    assert linked[VI_ID] == {"originals": [], "translations": [PL_ID]}
    assert linked[PL_ID] == {"originals": [VI_ID], "translations": []}


def test_what_the_two_versions_disagree_on():
    records = by_id()
    diff = compare(records[VI_ID], records[PL_ID])
    # people spelt differently but with the same name_key are the same people
    assert diff["people"]["missing"] == [] and diff["people"]["extra"] == []
    assert {(m["original"], m["translation"]) for m in diff["people"]["matched"]} == {
        ("Quản Minh Cường", "Quan Minh Cuong"), ("Lê Hải Hòa", "Le Hai Hoa"),
    }
    # the numbered plan is cited without its number in the translation
    assert [d["symbol_key"] for d in diff["documents"]["missing"]] == ["25/KH-UBND"]
    assert [d["symbol_key"] for d in diff["documents"]["matched"]] == ["18-NQ/TW"]
    # the budget revenue is missing; GRDP growth is 6.52% in one and 6.5% in the other
    assert [(f["value"], f["unit"]) for f in diff["figures"]["missing"]] == [
        (3312000000000, "VND")
    ]
    (changed,) = diff["figures"]["different"]
    assert (changed["key"], changed["original"]["value"], changed["translation"]["value"]) == (
        "grdp_growth", 6.52, 6.5
    )
    assert diff["figures"]["extra"] == []
    assert len(diff["figures"]["matched"]) == 2


def test_a_document_whose_date_differs_is_reported():
    records = by_id()
    translation = json.loads(json.dumps(records[PL_ID]))
    for res in translation["resolutions"]:
        if res["symbol_key"] == "18-NQ/TW":
            res["date"] = "2017-10-26"
    diff = compare(records[VI_ID], translation)
    assert diff["documents"]["different"] == [{
        "symbol_key": "18-NQ/TW", "field": "date",
        "original": "2017-10-25", "translation": "2017-10-26",
    }]


def test_identical_versions_agree():
    record = by_id()[VI_ID]
    twin = dict(record, id="0123456789abcdef", translation_of=record["source"]["url"],
                source=dict(record["source"], url="https://www.vietnam.vn/pl/x"))
    pairs, _ = find_pairs([record, twin])
    assert len(pairs) == 1 and pairs[0].agree


def test_a_record_is_not_its_own_translation():
    record = by_id()[VI_ID]
    loop = dict(record, translation_of=record["source"]["url"])
    pairs, unmatched = find_pairs([loop])
    assert pairs == [] and [r["id"] for r in unmatched] == [VI_ID]


def test_csv_has_one_row_per_disagreement():
    pairs, _ = find_pairs(fixture_records())
    rows = list(csv.DictReader(io.StringIO(pairs_csv(pairs))))
    assert [(r["kind"], r["disagreement"], r["key"]) for r in rows] == [
        ("document", "missing_in_translation", "25/KH-UBND"),
        ("figure", "missing_in_translation", "budget_revenue"),
        ("figure", "different_value", "grdp_growth"),
    ]
    assert all((r["original_id"], r["translation_id"]) == (VI_ID, PL_ID) for r in rows)


def test_table_names_both_versions_and_the_unmatched_translation():
    pairs, unmatched = find_pairs(fixture_records())
    table = pairs_table(pairs, unmatched)
    assert VI_ID in table and PL_ID in table
    assert "missing in translation" in table and "3.312 tỷ đồng" in table
    assert "6.52% «tăng 6,52%»" in table and "6.5% «wzrósł o 6,5%»" in table
    assert f"{PL2_ID}  https://baocaobang.vn/wizyta-original-99.html" in table
