"""Numbers as Vietnamese and Polish write them: digits, scale words and short number words.

    parse_vi_number("1.299,5") -> 1299.5      parse_pl_number("1 299,5") -> 1299.5
    parse_vi_number("3.312")   -> 3312        parse_pl_number("6,52")    -> 6.52
    parse_number_words("ba mươi lăm", "vi") -> 35
    parse_number_words("dwadzieścia pięć", "pl") -> 25
    scale_value("tỷ", "vi") -> 1000000000     scale_value("mln", "pl") -> 1000000

Every parser returns an `int` when the value is whole and a `float` otherwise, or `None` when the
text is not a number of that kind; none of them raises on odd input.

The conventions (decimal mark, thousands separators), the number words and the scale words are
read once per process from pipeline/data/<lang>/ind_number_words.toml and ind_scales.txt.
The same files describe the word-list syntax used by every `ind_*` data file: entries match
case-insensitively as whole words, `*` at the end of a word matches any ending, and a space
matches any run of white space (see `wordlist_pattern`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from pathlib import Path

from pipeline.extractors.datafiles import DATA_DIR, load_toml

Number = int | float

_SPACE_CHARS = " \u00a0\u202f\u2009\u2007"
_DIGIT_TEXT = re.compile(r"[+\-\u2212]?[0-9][0-9.,\s\u00a0\u202f\u2009\u2007]*")
_WORD_SPLIT = re.compile(r"[\s\u00a0\-–]+")


class NumberDataError(ValueError):
    """A number data file is missing or malformed."""


_SPACE, _ANY = "\x00", "\x01"  # trie symbols for "any white space" and "any word ending"


def _trie_regex(words: list[str]) -> str:
    """An alternation factored by common prefixes ("dwa|dwie" -> "dw(?:a|ie)"): the regex
    engine then follows one branch per character instead of trying every word."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def symbol(ch: str) -> str:
        return r"\s+" if ch == _SPACE else r"\w*" if ch == _ANY else re.escape(ch)

    def build(node: dict) -> str:
        branches = [symbol(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return build(trie)


def wordlist_pattern(entries: list[str] | tuple[str, ...], *, boundary: bool = True) -> str:
    """One regular expression (no flags) matching any entry of a data-file word list.

    `*` at the end of a word matches any ending ("procent*" matches "procenta"); a space matches
    any white space. The longest entry wins at a position. With `boundary` the match must end at
    a word edge and must not start inside a word. Compile with re.IGNORECASE: entries are
    lowercased and factored into a prefix tree, so the engine follows one branch per character.
    """
    clean = {e.strip().lower() for e in entries if e and e.strip()}
    if not clean:
        return r"(?!x)x"
    symbols = sorted(re.sub(r"\s+", _SPACE, e).replace("*", _ANY) for e in clean)
    alternation = _trie_regex(symbols)
    if boundary:
        return rf"(?<![\w])(?:{alternation})(?![\w])"
    return rf"(?:{alternation})"


@dataclass(frozen=True)
class NumberLexicon:
    """How one language writes numbers, read from its data files."""

    lang: str
    decimal: str
    groups: tuple[str, ...]
    words: dict[str, Decimal]
    multiply: dict[str, Decimal]
    zero: frozenset[str]
    compound_only: frozenset[str]
    needs_unit: frozenset[str]
    not_last: frozenset[str]
    not_after: tuple[str, ...]
    multipliers: dict[str, Decimal]
    scales: tuple[tuple[str, Decimal], ...]
    approximate: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)
    one_counts_after: tuple[str, ...] = ()
    half: frozenset[str] = frozenset()
    counts_alone: frozenset[str] = frozenset()
    scale_alone: tuple[str, ...] = ()

    @property
    def scale_pattern(self) -> str:
        return wordlist_pattern([w for w, _ in self.scales])

    @property
    def number_word_pattern(self) -> str:
        """A run of number words ("hai mươi lăm", "dwadzieścia pięć", "bảy nghìn năm trăm tỷ"),
        to be matched where no word character precedes it."""
        first = wordlist_pattern(list(self.words) + list(self.multiply)
                                 + list(self.approximate) + list(self.scale_alone),
                                 boundary=False)
        # Scale words inside the run ("hai tỷ năm trăm triệu", "sto dwadzieścia tysięcy"),
        # never opening it ("tysiące ludzi" is no number) but for the singular forms that
        # are one of it (`scale_alone`: "milion ton" is 1 000 000 t).
        inner = wordlist_pattern(list(self.words) + list(self.multiply) + list(self.zero)
                                 + [w for w, _ in self.scales], boundary=False)
        # No look-behind: the caller adds the check that a match does not start inside a word.
        return rf"{first}(?:[\s\-]+{inner})*(?![\w])"

    def scale_of(self, word: str) -> Decimal | None:
        low = word.lower().strip()
        for entry, value in self.scales:
            if entry.endswith("*"):
                if low.startswith(entry[:-1]):
                    return value
            elif low == entry:
                return value
        return None


def _decimal_table(table: dict, path: Path) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for word, value in table.items():
        try:
            out[str(word).lower()] = Decimal(str(value))
        except InvalidOperation as exc:
            raise NumberDataError(f"{path}: {word!r} has no numeric value ({value!r})") from exc
    return out


def _read_scales(path: Path) -> tuple[tuple[str, Decimal], ...]:
    scales: list[tuple[str, Decimal]] = []
    if not path.exists():
        return ()
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        word, _, value = line.rpartition(" ")
        try:
            scales.append((word.strip().lower(), Decimal(value)))
        except InvalidOperation as exc:
            raise NumberDataError(f"{path}:{lineno}: expected 'word value', got {raw!r}") from exc
    # Longest first, so "tys." wins over "tys" and exact forms over wildcard stems.
    return tuple(sorted(scales, key=lambda s: (-len(s[0]), s[0])))


@cache
def number_lexicon(lang: str) -> NumberLexicon:
    """The number conventions and words of `lang`, loaded once per process."""
    folder = DATA_DIR / lang
    path = folder / "ind_number_words.toml"
    data = load_toml(path, NumberDataError)
    fmt = data.get("format", {})
    rules = data.get("rules", {})
    return NumberLexicon(
        lang=lang,
        decimal=str(fmt.get("decimal", ",")),
        groups=tuple(str(g) for g in fmt.get("groups", ["."])),
        words=_decimal_table(data.get("words", {}), path),
        multiply=_decimal_table(data.get("multiply", {}), path),
        zero=frozenset(w.lower() for w in rules.get("zero", [])),
        compound_only=frozenset(w.lower() for w in rules.get("compound_only", [])),
        needs_unit=frozenset(w.lower() for w in rules.get("needs_unit", [])),
        not_last=frozenset(w.lower() for w in rules.get("not_last", [])),
        not_after=tuple(w.lower() for w in rules.get("not_after", [])),
        multipliers=_decimal_table(data.get("multipliers", {}), path),
        scales=_read_scales(folder / "ind_scales.txt"),
        approximate=_ranges(data.get("approximate", {}), path),
        one_counts_after=tuple(w.lower() for w in rules.get("one_counts_after", [])),
        half=frozenset(w.lower() for w in rules.get("half", [])),
        counts_alone=frozenset(w.lower() for w in rules.get("counts_alone", [])),
        scale_alone=tuple(w.lower() for w in rules.get("scale_alone", [])),
    )


def _ranges(table: dict, path: Path) -> dict[str, tuple[Decimal, Decimal]]:
    out: dict[str, tuple[Decimal, Decimal]] = {}
    for word, bounds in table.items():
        if not (isinstance(bounds, list) and len(bounds) == 2):
            raise NumberDataError(f"{path}: [approximate] {word!r} needs [lowest, highest]")
        low, high = _decimal_table({"low": bounds[0], "high": bounds[1]}, path).values()
        if low > high:
            raise NumberDataError(f"{path}: [approximate] {word!r}: {low} is above {high}")
        out[str(word).lower()] = (low, high)
    return out


def as_number(value: Decimal) -> Number:
    """`Decimal` -> `int` when whole, else `float` (what JSON records carry)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _valid_groups(parts: list[str]) -> bool:
    head, *rest = parts
    return 1 <= len(head) <= 3 and all(len(p) == 3 for p in rest) and bool(rest)


def parse_digits(text: str, lang: str) -> Decimal | None:
    """Digits as `lang` writes them -> exact `Decimal`, or None.

    Groups of three decide between grouping and decimals where the mark is ambiguous:
    "1.299" is 1299 but "6.52" is 6.52; "1.299,5" and "1,299.5" both read 1299.5.
    """
    if not isinstance(text, str) or len(text) > 64:
        return None
    return _parse_digits(text, lang)


@lru_cache(maxsize=8192)
def _parse_digits(text: str, lang: str) -> Decimal | None:
    # The same few figures ("1", "2025", "100") recur in every article: read each once.
    s = text.strip()
    if not s or not _DIGIT_TEXT.fullmatch(s):
        return None
    sign = ""
    if s[0] in "+-\u2212":
        sign = "-" if s[0] != "+" else ""
        s = s[1:]
    lex = number_lexicon(lang)
    # Space-like grouping: "1 299", "1\u00a0299,5".
    if any(ch in s for ch in _SPACE_CHARS) or re.search(r"\s", s):
        head, sep, frac = s.partition(lex.decimal) if lex.decimal in s else (s, "", "")
        parts = re.split(r"[\s\u00a0\u202f\u2009\u2007]+", head)
        if not _valid_groups(parts) or any(not p.isdigit() for p in parts):
            return None
        if sep and not frac.isdigit():
            return None
        s = "".join(parts) + ("." + frac if sep else "")
        return _to_decimal(sign + s)
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        last = max(s.rfind("."), s.rfind(","))
        mark = s[last]
        other = "," if mark == "." else "."
        head, frac = s[:last], s[last + 1:]
        if mark in head or not frac.isdigit():
            return None
        parts = head.split(other)
        if not _valid_groups(parts) or any(not p.isdigit() for p in parts):
            return None
        return _to_decimal(sign + "".join(parts) + "." + frac)
    for mark, count in ((".", dots), (",", commas)):
        if not count:
            continue
        parts = s.split(mark)
        if any(not p.isdigit() for p in parts):
            return None
        if count > 1:
            return _to_decimal(sign + "".join(parts)) if _valid_groups(parts) else None
        head, frac = parts
        if mark == lex.decimal:
            return _to_decimal(f"{sign}{head}.{frac}")
        # The non-decimal mark between groups of three is grouping ("1.299"); else a decimal.
        if _valid_groups(parts) and head != "0":
            return _to_decimal(sign + head + frac)
        return _to_decimal(f"{sign}{head}.{frac}")
    return _to_decimal(sign + s) if s.isdigit() else None


def _to_decimal(s: str) -> Decimal | None:
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def parse_number(text: str, lang: str) -> Number | None:
    """Digits written the `lang` way -> int/float, or None ("1.299,5" in vi -> 1299.5)."""
    value = parse_digits(text, lang)
    return None if value is None else as_number(value)


def parse_vi_number(text: str) -> Number | None:
    """Vietnamese digits: dot thousands, decimal comma ("1.299,5" -> 1299.5, "6,52" -> 6.52)."""
    return parse_number(text, "vi")


def parse_pl_number(text: str) -> Number | None:
    """Polish digits: space thousands, decimal comma ("1 299,5" -> 1299.5, "6,52" -> 6.52)."""
    return parse_number(text, "pl")


def number_words_value(words: list[str], lang: str) -> Decimal | None:
    """The value of a run of number words already split into words, or None if it is none.

    Values add up ("mười lăm" = 15, "sto dwadzieścia" = 120); a multiplying word scales the word
    before it ("hai mươi" = 20, "ba trăm" = 300); a scale word closes a group ("hai nghìn" =
    2000) and takes every smaller group before it along: "bảy nghìn năm trăm bảy mươi tỷ" is
    (7000 + 570) x 10^9, "nghìn tỷ" is 10^12, and "hai tỷ năm trăm triệu" adds up as written.
    Digits may stand for a group ("7 nghìn 570 tỷ").
    """
    lex = number_lexicon(lang)
    chunks: list[tuple[Decimal, Decimal]] = []  # (value, scale) of each closed group
    group = Decimal(0)
    last = Decimal(0)
    seen_number = False
    prev = ""
    place = Decimal(0)  # the multiplier or scale word just read, for "rưỡi" (half of it)
    for raw in words:
        w = raw.lower()
        if w in lex.half and place:
            if chunks and chunks[-1][1] == place:
                chunks[-1] = (chunks[-1][0] + place / 2, place)
            else:
                group += place / 2
            place = Decimal(0)
            prev = w
            continue
        place = Decimal(0)
        if w in lex.words:
            if w in lex.compound_only and not seen_number and not _starts_compound(words, lex):
                return None
            group += lex.words[w]
            last = lex.words[w]
            seen_number = True
        elif w in lex.multiply:
            if not seen_number and w in lex.compound_only:
                return None
            factor = lex.multiply[w]
            unit = last if last else Decimal(1)
            group = group - last + unit * factor
            last = Decimal(0)
            seen_number = True
            place = factor
        elif w in lex.zero:
            if not seen_number:
                return None
            last = Decimal(0)
        elif (digits := parse_digits(w, lang)) is not None:
            if group:
                return None  # "hai 5" is no number
            group = last = digits
            seen_number = True
        else:
            scale = lex.scale_of(w)
            if scale is None:
                return None
            value = group
            while chunks and chunks[-1][1] < scale:
                value += chunks.pop()[0]
            chunks.append(((value if value else Decimal(1)) * scale, scale))
            group = Decimal(0)
            last = Decimal(0)
            seen_number = True
            place = scale
        prev = w
    if not seen_number:
        return None
    if prev in lex.zero:
        return None
    return sum((value for value, _ in chunks), Decimal(0)) + group


def approximate_range(words: list[str], lang: str) -> tuple[Decimal, Decimal] | None:
    """The bounds of a numeral that names a range, with its scale words ("kilkanaście" ->
    (11, 19), "kilka tysięcy" -> (3000, 9000)), or None."""
    lex = number_lexicon(lang)
    if not words or words[0].lower() not in lex.approximate:
        return None
    low, high = lex.approximate[words[0].lower()]
    for word in words[1:]:
        scale = lex.scale_of(word)
        if scale is None:
            return None
        low, high = low * scale, high * scale
    return low, high


def _starts_compound(words: list[str], lex: NumberLexicon) -> bool:
    """'năm mươi' (50): a compound-only word may open a run when a multiplier or scale follows."""
    if len(words) < 2:
        return False
    nxt = words[1].lower()
    return nxt in lex.multiply or lex.scale_of(nxt) is not None


def parse_number_words(text: str, lang: str) -> Number | None:
    """A short number in words -> int/float, or None ("ba mươi lăm" -> 35, "dwie" -> 2)."""
    if not isinstance(text, str) or len(text) > 200:
        return None
    words = [w for w in _WORD_SPLIT.split(text.strip()) if w]
    if not words:
        return None
    value = number_words_value(words, lang)
    return None if value is None else as_number(value)


def scale_value(word: str, lang: str) -> int | None:
    """The multiplier of a scale word ("triệu" -> 10^6, "mld" -> 10^9), or None."""
    if not isinstance(word, str):
        return None
    value = number_lexicon(lang).scale_of(word)
    return None if value is None else int(value)


def apply_scales(value: Decimal, scale_words: list[str], lang: str) -> Decimal | None:
    """`value` times each scale word in turn ("1,5" + ["nghìn", "tỷ"] -> 1.5 * 10^12)."""
    lex = number_lexicon(lang)
    for word in scale_words:
        scale = lex.scale_of(word)
        if scale is None:
            return None
        value *= scale
    return value


def format_number(value: Number, lang: str, decimals: int | None = None) -> str:
    """`value` written the `lang` way ("vi": 1299.5 -> "1.299,5"; "pl": -> "1 299,5").

    The inverse of `parse_number` for finite values; used to generate test inputs.
    """
    lex = number_lexicon(lang)
    dec = Decimal(str(value))
    if decimals is not None:
        dec = round(dec, decimals)
    sign = "-" if dec < 0 else ""
    text = format(abs(dec), "f")
    head, _, frac = text.partition(".")
    group = next((g for g in lex.groups if g != lex.decimal), ".")
    chunks = []
    while len(head) > 3:
        chunks.insert(0, head[-3:])
        head = head[:-3]
    chunks.insert(0, head)
    out = group.join(chunks)
    if frac and frac.strip("0"):
        out += lex.decimal + frac.rstrip("0")
    return sign + out
