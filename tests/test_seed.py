"""The user's seed article: the first thing the tool must get right (issue 2's list, by hand)."""

import re

import pytest

from pipeline.extract.step import extract_document
from pipeline.ingest.local import read_article_file
from pipeline.textnorm import fold_diacritics


@pytest.fixture(scope="module")
def record(seed_path):
    return extract_document(read_article_file(seed_path))


def folded(text):
    return fold_diacritics(text).lower()


def test_language_and_source(record):
    assert record["language"]["code"] == "pl"
    assert record["translation_of"] == (
        "https://tuyengiaocaobang.vn/index.php/tin-trong-tinh/"
        "hoi-nghi-lan-thu-hai-ban-chap-hanh-dang-bo-tinh-khoa-xx-nhiem-ky-2025-2030-2058.html"
    )
    assert record["errors"] == []


EXPECTED_ROLES = {
    "Quan Minh Cuong": [
        "sekretarz prowincjonalnego komitetu partii",
        "przewodniczacy delegacji prowincjonalnego zgromadzenia narodowego",
    ],
    "Be Thanh Tinh": [
        "staly zastepca sekretarza prowincjonalnego komitetu partii",
        "przewodniczacy prowincjonalnej rady ludowej",
    ],
    "Vu Hong Quang": ["zastepca sekretarza prowincjonalnego komitetu partii"],
    "Le Hai Hoa": [
        "zastepca sekretarza prowincjonalnego komitetu partii",
        "przewodniczacy prowincjonalnego komitetu ludowego",
        "wspolprzewodniczacy",
    ],
}


def test_exactly_the_four_people_with_their_roles(record):
    people = {p["name"]: p for p in record["people"]}
    assert sorted(people) == sorted(EXPECTED_ROLES)
    for name, roles in EXPECTED_ROLES.items():
        # exactly these, in the order the list gives them: a spurious extra role fails too
        # (Quan Minh Cuong's second title, in the closing speech, is the same office)
        assert [folded(r["text"]) for r in people[name]["roles"]] == roles, name
    # Quan Minh Cuong is named twice: in the list and in the closing speech
    assert len(people["Quan Minh Cuong"]["mentions"]) == 2
    assert people["Quan Minh Cuong"]["name_key"] == "quan minh cuong"


def test_resolution_18_nq_tw_once_with_both_mentions(record):
    numbered = [r for r in record["resolutions"] if r["number"]]
    assert [r["symbol_key"] for r in numbered] == ["18-NQ/TW"]
    (ref,) = numbered
    assert ref["kind"] == "resolution"
    assert ref["date"] == "2017-10-25"
    assert len(ref["mentions"]) == 2


# Every figure of the article, in text order, read by hand (text, value, unit, change): the
# five "wzrost/wzrósł/wzrosła/wzrosły o N%" are increases; "przekraczając N%" (exceeding a plan
# or an estimate by N%) and "przekroczył 99%" state a level, not a change. "56 jednostek ...
# (53 gminy, 3 okręgi)", "2100 procedur" and "11 kluczowych grup zadań" are counts. Dates,
# periods ("9 miesięcy"), terms and stages ("etap 1") are not figures (see below).
SEED_FIGURES = [
    ("6,52%", 6.52, "%", "increase"),
    ("1 299 mln USD", 1299000000, "USD", None),
    ("77%", 77, "%", "increase"),
    ("45%", 45, "%", None),
    ("28%", 28, "%", None),
    ("3 312 mld VND", 3312000000000, "VND", None),
    ("69%", 69, "%", None),
    ("59%", 59, "%", None),
    ("69%", 69, "%", "increase"),
    ("59,4%", 59.4, "%", "increase"),
    ("104%", 104, "%", "increase"),
    ("56 jednostek administracyjnych", 56, "count", None),
    ("53 gminy", 53, "count", None),
    ("3 okręgi", 3, "count", None),
    ("2100 procedur administracyjnych", 2100, "count", None),
    ("99%", 99, "%", None),
    ("11 kluczowych grup", 11, "count", None),
]


def test_indicators_are_exactly_the_reported_figures(record):
    got = [(i["text"], i["value"], i["unit"], i["change"]) for i in record["indicators"]]
    assert got == SEED_FIGURES
    grdp = record["indicators"][0]
    assert grdp["key"] == "grdp_growth"
    units = {i["value"]: i for i in record["indicators"] if i["unit"] == "count"}
    assert "jednostek administracyjnych" in units[56]["counted"]
    assert "procedur" in units[2100]["counted"]


NOT_INDICATORS = [
    "25 października 2017 r.", "9-miesięcznej", "ostatnie 3 miesiące", "2025 roku",
    "1 lipca 2025 r.", "12 października 2025 r.", "2025-2030", "18-NQ/TW", "9 miesięcy",
    "3 miesiącach", "etap 1", "etap 2",
]


def test_no_year_date_period_term_or_document_number_is_an_indicator(record):
    text = record["text"]
    assert len(record["indicators"]) == len(SEED_FIGURES)  # the loops below are not vacuous
    for phrase in NOT_INDICATORS:
        for match in re.finditer(re.escape(phrase), text):
            for item in record["indicators"]:
                overlaps = item["start"] < match.end() and match.start() < item["end"]
                assert not overlaps, (phrase, item["text"])
    for item in record["indicators"]:
        assert not (item["unit"] == "count" and 1900 <= item["value"] <= 2100
                    and "procedur" not in (item["counted"] or "")), item
