"""Dates and terms as articles write them next to document references, in both languages.

"ngày 25/10/2017", "ngày 25-10-2017", "ngày 25 tháng 10 năm 2017", "z dnia 25 października
2017 r.", "z 25.10.2017" -> "2017-10-25"; "khóa XII", "XII kadencji", "XIII KC" -> "XII".

The words come from pipeline/data/<lang>/doc_dates.toml (month names, "tháng"/"năm", term
words); the numeric forms are shared by every language. A language without a data file gets
the numeric forms only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache

from pipeline.extractors.datafiles import DATA_DIR, load_toml

_ROMAN_VALUES = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)
_ROMAN_FORM = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
# Upper-case Roman numerals of 1..89, the range of congresses, terms and months.
_ROMAN_RE = r"(?:L?X{0,3}(?:IX|IV|V?I{0,3}))"
_NOT_WORD_BEFORE = r"(?<![\w./\-])"
_NOT_WORD_AFTER = r"(?![\w])"
_HYPHENS = "-‐‑‒–—−"


class DateDataError(ValueError):
    """A doc_dates.toml file is malformed; the message names the file and the field."""


def roman(value: int) -> str:
    """12 -> 'XII'."""
    if value <= 0:
        raise ValueError("Roman numerals start at 1")
    out = []
    for number, letters in _ROMAN_VALUES:
        while value >= number:
            out.append(letters)
            value -= number
    return "".join(out)


def roman_value(text: str) -> int | None:
    """'XII' -> 12; None when `text` is not a well-formed Roman numeral."""
    if not text or not _ROMAN_FORM.fullmatch(text):
        return None
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for index, letter in enumerate(text):
        value = values[letter]
        following = values[text[index + 1]] if index + 1 < len(text) else 0
        total += -value if value < following else value
    return total


@dataclass(frozen=True)
class DateMatch:
    """A date found in text; `iso` is YYYY-MM-DD."""

    start: int
    end: int
    iso: str


@dataclass(frozen=True)
class TermMatch:
    """A term ("khóa XII", "XII kadencji"): `term` is the Roman numeral. `stated` when a term
    word says so ("XII kadencji"); not when the numeral only precedes the body whose term it
    is ("XIII KC Partii"), a shorthand machine translations garble."""

    start: int
    end: int
    term: str
    stated: bool = True


def _words(values: list[str]) -> str:
    """An alternation of words/phrases, longest first, spaces matching any whitespace run."""
    ordered = sorted({v.strip() for v in values if v and v.strip()}, key=lambda v: (-len(v), v))
    return "|".join(r"\s+".join(re.escape(part) for part in v.split()) for v in ordered)


def _load(lang: str) -> dict:
    return load_toml(DATA_DIR / lang / "doc_dates.toml", DateDataError, required=False)


class DateGrammar:
    """Compiled date and term patterns for one language, built once from its data file."""

    def __init__(self, lang: str, data: dict | None = None):
        data = _load(lang) if data is None else data
        self.lang = lang
        self.month_numbers: dict[str, int] = {}
        for key, forms in (data.get("months") or {}).items():
            number = int(key) if str(key).isdigit() else 0
            if not 1 <= number <= 12:
                raise DateDataError(f"{lang}/doc_dates.toml: month key {key!r} is not 1-12")
            for form in forms:
                self.month_numbers[form.lower()] = number
        hy = re.escape(_HYPHENS)
        day = r"(?P<d>0?[1-9]|[12]\d|3[01])"
        month = r"(?P<m>0?[1-9]|1[0-2])"
        year = r"(?P<y>(?:1[89]|20)\d\d)"
        # 25/10/2017, 25-10-2017, 25.10.2017 (one separator throughout); 2017-10-25.
        numeric = (
            rf"{day}\s?(?P<sep>[/.{hy}])\s?{month}\s?(?P=sep)\s?{year}"
            rf"|(?P<iy>(?:1[89]|20)\d\d)-(?P<im>0[1-9]|1[0-2])-(?P<id>0[1-9]|[12]\d|3[01])"
        )
        alternatives = [numeric]
        month_words = _words(data.get("month_words") or [])
        year_words = _words(data.get("year_words") or [])
        year_part = rf"(?:(?:{year_words})\s+)?" if year_words else ""
        year2 = r"(?P<wy>(?:1[89]|20)\d\d)"
        if month_words:
            # ngày 25 tháng 10 năm 2017; 25 tháng 10, 2017
            alternatives.append(
                rf"(?P<wd>0?[1-9]|[12]\d|3[01])\s+(?:{month_words})\s+(?P<wm>0?[1-9]|1[0-2])"
                rf"\s*,?\s+{year_part}{year2}"
            )
        month_names = _words(list(self.month_numbers))
        if month_names or data.get("roman_months"):
            names = [f"(?P<mn>{month_names})"] if month_names else []
            if data.get("roman_months"):
                # Case-sensitive: "25 i 2017" is not a date.
                names.append(r"(?-i:(?P<rm>XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I))")
            # 25 października 2017, 25 X 2017
            alternatives.append(
                rf"(?P<nd>0?[1-9]|[12]\d|3[01])\s+(?:{'|'.join(names)})\s+{year_part}"
                r"(?P<ny>(?:1[89]|20)\d\d)"
            )
        suffixes = _words(data.get("year_suffixes") or [])
        suffix = rf"(?:\s?(?:{suffixes}))?" if suffixes else ""
        body = "|".join(f"(?:{alt})" for alt in alternatives)
        self.date_re = re.compile(
            rf"{_NOT_WORD_BEFORE}(?:{body})(?![\d])(?:{suffix}(?!\w))?", re.IGNORECASE
        )
        terms = data.get("terms") or {}
        before = _words(terms.get("before") or [])
        after = _words(terms.get("after") or [])
        bodies = _words(terms.get("bodies") or [])
        parts = []
        if before:
            parts.append(
                rf"(?i:{before})\s*(?P<t1>(?=[IVXL]){_ROMAN_RE}|[1-9]\d?)(?![\w])"
            )
        if after:
            parts.append(rf"(?<![\w])(?P<t2>(?=[IVXL]){_ROMAN_RE})\s+(?i:{after})(?![\w])")
        if bodies:
            parts.append(rf"(?<![\w])(?P<t3>(?=[IVXL]){_ROMAN_RE})\s+(?i:{bodies})(?![\w])")
        self.term_re = re.compile("|".join(f"(?:{p})" for p in parts)) if parts else None

    def dates(self, text: str, start: int = 0, end: int | None = None) -> Iterator[DateMatch]:
        """Every valid date in text[start:end] (offsets into `text`)."""
        end = len(text) if end is None else end
        for match in self.date_re.finditer(text, start, end):
            iso = self._iso(match)
            if iso is not None:
                yield DateMatch(match.start(), match.end(), iso)

    def _iso(self, match: re.Match) -> str | None:
        groups = match.groupdict()
        if groups.get("d"):
            d, m, y = groups["d"], groups["m"], groups["y"]
        elif groups.get("iy"):
            d, m, y = groups["id"], groups["im"], groups["iy"]
        elif groups.get("wd"):
            d, m, y = groups["wd"], groups["wm"], groups["wy"]
        elif groups.get("nd"):
            d, y = groups["nd"], groups["ny"]
            if groups.get("mn"):
                m = self.month_numbers.get(re.sub(r"\s+", " ", groups["mn"].lower()))
            else:
                m = roman_value(groups.get("rm") or "")
            if m is None:
                return None
        else:
            return None
        try:
            return date(int(y), int(m), int(d)).isoformat()
        except ValueError:
            return None

    def terms(self, text: str, start: int = 0, end: int | None = None) -> Iterator[TermMatch]:
        """Every term ("khóa XII") in text[start:end], as a Roman numeral."""
        if self.term_re is None:
            return
        end = len(text) if end is None else end
        for match in self.term_re.finditer(text, start, end):
            groups = match.groupdict()
            value = groups.get("t1") or groups.get("t2")
            stated = bool(value)
            term = _term_value(value or groups.get("t3"))
            if term is not None:
                yield TermMatch(match.start(), match.end(), term, stated)


def _term_value(value: str | None) -> str | None:
    if not value:
        return None
    if value.isdigit():
        number = int(value)
        return roman(number) if 1 <= number <= 89 else None
    return value if roman_value(value) else None


@cache
def date_grammar(lang: str) -> DateGrammar:
    """The date grammar of `lang`, built once per process."""
    return DateGrammar(lang)


def parse_date(text: str, lang: str) -> str | None:
    """The first date written in `text`, as YYYY-MM-DD, or None.

    >>> parse_date("ngày 25 tháng 10 năm 2017", "vi")
    '2017-10-25'
    >>> parse_date("z dnia 25 października 2017 r.", "pl")
    '2017-10-25'
    """
    if not text:
        return None
    for found in date_grammar(lang).dates(text):
        return found.iso
    return None


def parse_term(text: str, lang: str) -> str | None:
    """The first term written in `text` as a Roman numeral: 'khóa XII' -> 'XII'."""
    if not text:
        return None
    for found in date_grammar(lang).terms(text):
        return found.term
    return None
