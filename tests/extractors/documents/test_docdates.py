"""Dates and terms next to document references, in Vietnamese and Polish."""

import pytest

from pipeline.extractors.documents.dates import (
    date_grammar,
    parse_date,
    parse_term,
    roman,
    roman_value,
)


@pytest.mark.parametrize(
    ("text", "lang", "iso"),
    [
        ("ngày 25/10/2017", "vi", "2017-10-25"),
        ("ngày 25-10-2017", "vi", "2017-10-25"),
        ("ngày 25.10.2017", "vi", "2017-10-25"),
        ("ngày 25 tháng 10 năm 2017", "vi", "2017-10-25"),
        ("ngày 5 tháng 9, 2025", "vi", "2025-09-05"),
        ("ngày 05/01/2025", "vi", "2025-01-05"),
        ("z dnia 25 października 2017 r.", "pl", "2017-10-25"),
        ("z 25.10.2017", "pl", "2017-10-25"),
        ("z dnia 1 lipca 2025 roku", "pl", "2025-07-01"),
        ("dnia 3 maja 1991 r.", "pl", "1991-05-03"),
        ("z dnia 14 czerwca 2024 r.", "pl", "2024-06-14"),
        ("25 X 2017 r.", "pl", "2017-10-25"),
        ("2017-10-25", "pl", "2017-10-25"),
        ("ngày 25 / 10 / 2017", "vi", "2017-10-25"),
    ],
)
def test_dates(text, lang, iso):
    assert parse_date(text, lang) == iso


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("ngày 31/2/2017", "vi"),         # no such day
        ("năm 2017", "vi"),               # a year is not a date
        ("tháng 10/2017", "vi"),          # nor a month
        ("125/10/2017", "vi"),            # part of a longer number
        ("25/10-2017", "vi"),             # mixed separators
        ("w latach 16 i 2017", "pl"),     # "i" is "and", not the Roman month I
        ("2025 roku", "pl"),
        ("", "pl"),
        ("9 miesięcy 2025 r.", "pl"),
    ],
)
def test_not_dates(text, lang):
    assert parse_date(text, lang) is None


def test_unknown_language_gets_numeric_forms_only():
    assert parse_date("signed on 25/10/2017", "en") == "2017-10-25"
    assert parse_date("25 października 2017", "en") is None


def test_date_offsets_inside_a_window():
    text = "Uchwały nr 18-NQ/TW z dnia 25 października 2017 r. Komitetu"
    found = list(date_grammar("pl").dates(text, 20))
    assert len(found) == 1
    assert text[found[0].start:found[0].end] == "25 października 2017 r."


@pytest.mark.parametrize(
    ("text", "lang", "term", "stated"),
    [
        ("Ban Chấp hành Trung ương Đảng khóa XII", "vi", "XII", True),
        ("(khoá XIII)", "vi", "XIII", True),
        ("Quốc hội khóa 15", "vi", "XV", True),
        ("Komitetu Centralnego Partii (XII kadencji)", "pl", "XII", True),
        ("kadencji XII", "pl", "XII", True),
        ("kadencja XX, 2025-2030", "pl", "XX", True),
        # a numeral before the body's name only implies the term
        ("2017 r. XIII KC Partii", "pl", "XIII", False),
        ("XII Komitetu Centralnego", "pl", "XII", False),
    ],
)
def test_terms(text, lang, term, stated):
    assert parse_term(text, lang) == term
    assert [(t.term, t.stated) for t in date_grammar(lang).terms(text)] == [(term, stated)]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("nhiệm kỳ 2020-2025", "vi"),
        ("kadencja 2025-2030", "pl"),
        ("XX Zjazdu Partii", "pl"),
        ("Đại hội XIII của Đảng", "vi"),
        ("KC i kadencji", "pl"),
    ],
)
def test_not_terms(text, lang):
    assert parse_term(text, lang) is None


def test_roman_numerals():
    assert roman(12) == "XII"
    assert roman(15) == "XV"
    assert roman_value("XIII") == 13
    assert roman_value("XIIII") is None
    assert roman_value("") is None
    with pytest.raises(ValueError):
        roman(0)
