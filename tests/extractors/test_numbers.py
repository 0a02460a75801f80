"""Locale-aware numbers: Vietnamese and Polish digits, number words and scale words."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extractors.numbers import (
    apply_scales,
    format_number,
    parse_number,
    parse_number_words,
    parse_pl_number,
    parse_vi_number,
    scale_value,
    wordlist_pattern,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.312", 3312),  # dot groups thousands
        ("6,52", 6.52),  # comma marks decimals
        ("1.299,5", 1299.5),
        ("1.299", 1299),
        ("5.024,6", 5024.6),
        ("12.500.000", 12500000),
        ("185.000", 185000),
        ("0,5", 0.5),
        ("6.52", 6.52),  # a dot before two digits can only be a decimal point
        ("0.500", 0.5),  # "0" is no thousands group
        ("1,299,000", 1299000),  # English-style groups of three
        ("2025", 2025),
        ("42", 42),
    ],
)
def test_parse_vi_number(text: str, expected: float) -> None:
    assert parse_vi_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 299", 1299),
        ("3 312", 3312),
        ("1\u00a0299,5", 1299.5),  # no-break space
        ("1\u202f299", 1299),  # narrow no-break space
        ("1\u2009299", 1299),  # thin space
        ("12 500 000", 12500000),
        ("6,52", 6.52),
        ("59,4", 59.4),
        ("0,3", 0.3),
        ("1.299", 1299),  # grouping dot, seen in machine translations
        ("2100", 2100),
    ],
)
def test_parse_pl_number(text: str, expected: float) -> None:
    assert parse_pl_number(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", " ", "abc", "1.2.3", "1 29", "12 34 567", "1,2,3", "--5", "1..2", "٣", "1e5", "½"],
)
def test_not_numbers(text: str) -> None:
    assert parse_vi_number(text) is None
    assert parse_pl_number(text) is None


def test_hostile_values_give_none() -> None:
    for value in (None, 12, 3.5, b"12", ["1"], "1" * 100):
        assert parse_vi_number(value) is None  # type: ignore[arg-type]
        assert parse_pl_number(value) is None  # type: ignore[arg-type]
        assert parse_number_words(value, "vi") is None  # type: ignore[arg-type]
        assert scale_value(value, "pl") is None  # type: ignore[arg-type]


def test_whole_values_are_ints() -> None:
    assert isinstance(parse_vi_number("3.312"), int)
    assert isinstance(parse_pl_number("1 299"), int)
    assert isinstance(parse_vi_number("6,52"), float)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hai", 2),
        ("mười", 10),
        ("mười lăm", 15),
        ("hai mươi", 20),
        ("ba mươi lăm", 35),
        ("hai mươi tư", 24),
        ("năm mươi", 50),
        ("hai chục", 20),
        ("ba trăm", 300),
        ("hai trăm năm mươi", 250),
        ("một trăm linh năm", 105),
        ("hai nghìn", 2000),
        ("ba triệu", 3000000),
        # A larger scale takes the smaller groups before it along: (7000 + 570) tỷ + 186
        # triệu; "nghìn tỷ" is 10^3 x 10^9; falling scales simply add up.
        ("bảy nghìn năm trăm bảy mươi tỷ", 7_570_000_000_000),
        ("7 nghìn 570 tỷ 186 triệu", 7_570_186_000_000),
        ("1 nghìn 827 tỷ", 1_827_000_000_000),
        ("nghìn tỷ", 10**12),
        ("hai tỷ năm trăm triệu", 2_500_000_000),
        ("hai triệu năm trăm nghìn", 2_500_000),
        ("hai vạn", 20_000),
        # "rưỡi" after a place word is half of that place.
        ("hai triệu rưỡi", 2_500_000),
        ("một trăm rưỡi", 150),
    ],
)
def test_vietnamese_number_words(text: str, expected: int) -> None:
    assert parse_number_words(text, "vi") == expected


@pytest.mark.parametrize("text", ["năm", "tư", "lăm", "mươi", "linh", "xã", "hai xã", "", "hai 5"])
def test_vietnamese_words_that_are_no_number(text: str) -> None:
    # "năm" alone is "year", "tư" alone "private": numbers only inside a compound.
    assert parse_number_words(text, "vi") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dwa", 2),
        ("dwie", 2),
        ("dwóch", 2),
        ("trzech", 3),
        ("pięciu", 5),
        ("jedenaście", 11),
        ("dwadzieścia", 20),
        ("dwadzieścia pięć", 25),
        ("sto dwadzieścia", 120),
        ("pięćset", 500),
        ("dwa tysiące", 2000),
        ("półtora", 1.5),
        ("półtora miliona", 1_500_000),
        ("sto dwadzieścia tysięcy", 120_000),
    ],
)
def test_polish_number_words(text: str, expected: float) -> None:
    assert parse_number_words(text, "pl") == expected


@pytest.mark.parametrize(
    ("lang", "word", "expected"),
    [
        ("vi", "nghìn", 10**3),
        ("vi", "ngàn", 10**3),
        ("vi", "triệu", 10**6),
        ("vi", "tỷ", 10**9),
        ("vi", "tỉ", 10**9),
        ("pl", "tys.", 10**3),
        ("pl", "tysięcy", 10**3),
        ("pl", "tysiące", 10**3),
        ("pl", "mln", 10**6),
        ("pl", "milionów", 10**6),
        ("pl", "miliony", 10**6),
        ("pl", "mld", 10**9),
        ("pl", "miliardów", 10**9),
        ("pl", "bln", 10**12),  # Polish "bilion" is 10^12
    ],
)
def test_scale_words(lang: str, word: str, expected: int) -> None:
    assert scale_value(word, lang) == expected


def test_scale_words_that_are_none() -> None:
    assert scale_value("đồng", "vi") is None
    assert scale_value("osób", "pl") is None


def test_scales_multiply_exactly() -> None:
    # "1.299 triệu USD" and "3 312 mld VND" as the seed article writes them.
    assert apply_scales(Decimal("1299"), ["triệu"], "vi") == Decimal(1299000000)
    assert apply_scales(Decimal("3312"), ["mld"], "pl") == Decimal(3312000000000)
    assert apply_scales(Decimal("1.5"), ["nghìn", "tỷ"], "vi") == Decimal(1500000000000)


def test_format_number() -> None:
    assert format_number(1299.5, "vi") == "1.299,5"
    assert format_number(1299.5, "pl") == "1 299,5"
    assert format_number(3312, "vi") == "3.312"
    assert format_number(6.52, "pl") == "6,52"


def test_wordlist_pattern_prefers_the_longest_entry() -> None:
    import re

    rx = re.compile(wordlist_pattern(["dwa", "dwadzieścia", "procent*", "tys."]), re.I)
    found = [m.group() for m in rx.finditer("dwadzieścia dwa procenta, 5 tys. osób, dwaj")]
    assert found == ["dwadzieścia", "dwa", "procenta", "tys."]


amounts = st.decimals(min_value=0, max_value=10**12, places=2,
                      allow_nan=False, allow_infinity=False)

# How each language writes digits, stated here rather than read from the lexicon the parser
# and format_number read: swapping the Vietnamese marks in the data fails these tests.
MARKS = {"vi": (".", ","), "pl": (" ", ",")}  # (thousands group, decimal mark)


def written(value: Decimal, lang: str) -> str:
    """`value` as an article in `lang` writes it: 1299.5 -> "1.299,5" (vi), "1 299,5" (pl)."""
    group, decimal = MARKS[lang]
    whole, _, frac = f"{abs(value):f}".partition(".")
    frac = frac.rstrip("0")
    text = f"{int(whole):,}".replace(",", group) + (decimal + frac if frac else "")
    return ("-" if value < 0 else "") + text


def test_written_by_hand() -> None:
    assert written(Decimal("1299.5"), "vi") == "1.299,5"
    assert written(Decimal("3312000"), "pl") == "3 312 000"
    assert written(Decimal("-0.50"), "vi") == "-0,5"


@settings(max_examples=300, deadline=None)
@given(amounts, st.sampled_from(["vi", "pl"]))
def test_numbers_are_written_and_read_the_language_way(value: Decimal, lang: str) -> None:
    text = written(value, lang)
    assert format_number(value, lang) == text
    parsed = parse_number(text, lang)
    assert parsed is not None
    assert abs(Decimal(str(parsed)) - value) < Decimal("1e-6") * max(1, value)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.sampled_from(["vi", "pl"]))
def test_parsers_never_raise(text: str, lang: str) -> None:
    parse_number(text, lang)
    parse_number_words(text, lang)
    scale_value(text, lang)
