"""Credits of bylines and photo captions: the people who wrote or photographed an article.

    "... phát biểu khai mạc đại hội. Ảnh: HỒNG THI"   -> Hồng Thi, role "Ảnh" (photographer)
    "Bài và ảnh: Siu H'Prăk"                          -> roles "Bài" (author), "ảnh" (photographer)
    "(Zdjęcie: VGP/Nhat Bac)"                         -> Nhat Bac, role "Zdjęcie" (photographer)
    "Theo LÙ VĂN SÁU" (a line of its own)             -> Lù Văn Sáu, role "Theo" (author)
    "Đỗ Biên - Khánh Linh" (the article's last line)   -> two authors, each role the name itself

A credit is a credit word of <lang>/people_credits.toml (several may be joined: "Bài và ảnh",
"Tin, ảnh", "Tekst i zdjęcia") at the start of a line, after a sentence, a bracket or a dash,
then a colon and the credited names up to the end of the line, the sentence or the bracket.
The names are split at "/", " - ", "," ...; a part is a person when it is two to five
capitalised words that are no agency ("TTXVN", "Báo Lào Cai", "VGP"). A name written in
capitals is given in title case ("KHÁNH DUY" -> "Khánh Duy"); its mention keeps the text as
written.

Each role's `text` is the credit word as written and its `normalized` is what the word credits:
"photographer" or "author", so that downstream can keep or drop the credits. A byline without
a credit word (the last line of the article holds names only) gives each name the role
"author" with the name itself as its evidence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from pipeline.extractors.datafiles import DATA_DIR, load_toml, string_list
from pipeline.extractors.people.lexicon import PeopleDataError
from pipeline.textnorm import fold_diacritics

CREDIT_KINDS = frozenset({"photographer", "author"})
MIN_NAME_WORDS = 2
MAX_NAME_WORDS = 5
_NAME_CHARS = "'’-‐"


@dataclass(frozen=True)
class Credit:
    """One credited person: the name (title case), where it is written, and its roles."""

    name: str
    start: int
    end: int
    roles: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class CreditRules:
    words: dict[str, str]  # credit word (lowercase) -> "photographer" | "author"
    line_words: dict[str, str]  # words needing no colon, on a line of their own ("theo")
    agencies: tuple[str, ...]
    credit: re.Pattern[str]  # the credit words followed by a colon and the names
    line: re.Pattern[str] | None  # a line "Theo NAME"
    word: re.Pattern[str]  # one credit word inside the credit
    split: re.Pattern[str]  # between two credited names
    trailers: tuple[str, ...] = ()  # last lines that are no byline ("Nguồn:", "Source:")


def _alternatives(phrases: list[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


def _joiner_pattern(joiners: list[str]) -> str:
    words = [j for j in joiners if j[:1].isalpha()]
    marks = [j for j in joiners if not j[:1].isalpha()]
    options = []
    if words:
        options.append(rf"\s+(?:{_alternatives(words)})\s+")
    if marks:
        options.append(rf"\s*(?:{_alternatives(marks)})\s*")
    return "(?:" + "|".join(options) + ")" if options else "(?!)"


def _kinds(data: dict, key: str, path: str) -> dict[str, str]:
    table = data.get(key, {})
    if not isinstance(table, dict):
        raise PeopleDataError(f"{path}: [{key}] must map credit words to what they credit")
    out = {}
    for word, kind in table.items():
        if kind not in CREDIT_KINDS:
            raise PeopleDataError(
                f"{path}: [{key}] {word!r} = {kind!r}; use one of {sorted(CREDIT_KINDS)}"
            )
        out[unicodedata.normalize("NFC", word).lower()] = kind
    return out


@cache
def load_credit_rules(lang: str) -> CreditRules | None:
    """The credit rules of `lang`, read once; None when the language has no credit file."""
    path = DATA_DIR / lang / "people_credits.toml"
    data = load_toml(path, PeopleDataError, required=False)
    if not data:
        return None
    words = _kinds(data, "words", str(path))
    line_words = _kinds(data, "line_words", str(path))
    if not words:
        raise PeopleDataError(f"{path}: [words] lists no credit word")
    joiners = string_list(data, "joiners", str(path), PeopleDataError)
    separators = string_list(data, "separators", str(path), PeopleDataError)
    agencies = tuple(
        _folded(a) for a in string_list(data, "agencies", str(path), PeopleDataError)
    )
    word = rf"(?:{_alternatives(list(words))})(?![^\W_])"
    credit = re.compile(
        rf"(?:^|(?<=[\n(\[|])|(?<=[.!?…»”\"]\s)|(?<=[–—-]\s))[ \t]*"
        rf"(?P<words>{word}(?:{_joiner_pattern(joiners)}{word})*)"
        rf"[ \t]*(?P<colon>:?)[ \t]*(?P<names>(?:[^\n()\]|.;]|\.(?![ \t]|$))+)",
        re.IGNORECASE | re.MULTILINE,
    )
    line = None
    if line_words:
        line = re.compile(
            rf"^[ \t]*(?P<words>(?:{_alternatives(list(line_words))}))[ \t]+"
            rf"(?P<names>[^\n]+?)[ \t]*$",
            re.IGNORECASE | re.MULTILINE,
        )
    split = re.compile("|".join(re.escape(s) for s in sorted(separators, key=len, reverse=True))
                       or "(?!)")
    trailers = tuple(
        unicodedata.normalize("NFC", t).lower()
        for t in string_list(data, "trailers", str(path), PeopleDataError)
    )
    return CreditRules(words, line_words, agencies, credit,
                       line, re.compile(word, re.IGNORECASE), split, trailers)


def find_credits(text: str, rules: CreditRules, plausible_caps: Callable[[str], bool],
                 is_place: Callable[[str], bool] = lambda name: False) -> list[Credit]:
    """The credited people of `text`, in text order.

    `plausible_caps(word)` says whether a lowercase word may be part of a name written in
    capitals (a Vietnamese syllable): "KHÁNH DUY" is a name, "UBND TỈNH" is not.
    `is_place(name)` says whether a name is a place ("Hà Giang" as a last line is no byline).
    """
    out: list[Credit] = _byline(text, rules, plausible_caps, is_place)
    for m in rules.credit.finditer(text):
        words = m.group("words")
        if not m.group("colon") and not words.endswith("."):
            continue  # "Ảnh chụp lại..." is prose; "Fot. Nhat Bac" is a credit
        roles = [
            {"text": w.group(), "normalized": rules.words[_lower(w.group())],
             "start": m.start("words") + w.start(), "end": m.start("words") + w.end()}
            for w in rules.word.finditer(words)
        ]
        out += _credited(text, m.start("names"), m.end("names"), roles, rules, plausible_caps)
    if rules.line is not None:
        for m in rules.line.finditer(text):
            words = m.group("words")
            if not words[0].isupper():
                continue
            role = {"text": words, "normalized": rules.line_words[_lower(words)],
                    "start": m.start("words"), "end": m.end("words")}
            found = _credited(text, m.start("names"), m.end("names"), [role], rules,
                              plausible_caps, whole=True)
            out += found
    out.sort(key=lambda c: c.start)
    return out


MAX_BYLINE_CHARS = 80


def _byline(text: str, rules: CreditRules, plausible_caps: Callable[[str], bool],
            is_place: Callable[[str], bool]) -> list[Credit]:
    """The authors of a last line that holds names only ("Tố Tuấn", "Đỗ Biên - Khánh Linh",
    "Thu Hà (TTXVN)"), after which only a source line may follow ("Nguồn: ...")."""
    end = len(text)
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].strip()
        if line and not _lower(line).startswith(rules.trailers):
            break
        end = start - 1
    if end <= 0:
        return []
    a, b = start, end
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b - a > MAX_BYLINE_CHARS:
        return []
    if text[b - 1] == ")" and "(" in text[a:b]:  # "Thu Hà (TTXVN)": the agency in brackets
        b = text.rindex("(", a, b)
        while b > a and text[b - 1].isspace():
            b -= 1
    names = text[a:b]
    if not names or any(c in names for c in ".:;!?\"“”"):
        return []
    if rules.line is not None and rules.line.match(text, a, b):
        return []  # "Theo LÙ VĂN SÁU": a credit with its word, read by find_credits
    found = _credited(text, a, b, [], rules, plausible_caps, whole=True)
    kept = []
    for credit in found:
        words = credit.name.split()
        if is_place(credit.name) or not all(plausible_caps(_lower(w)) for w in words):
            return []
        role = {"text": text[credit.start:credit.end], "normalized": "author",
                "start": credit.start, "end": credit.end}
        kept.append(Credit(credit.name, credit.start, credit.end, [role]))
    return kept


def _credited(text: str, start: int, end: int, roles: list[dict], rules: CreditRules,
              plausible_caps: Callable[[str], bool], whole: bool = False) -> list[Credit]:
    """The people among the names written in text[start:end]; with `whole`, only when every
    part is a name or an agency (a line "Theo ..." that is prose credits no one)."""
    parts = []
    p = start
    for sep in rules.split.finditer(text, start, end):
        parts.append((p, sep.start()))
        p = sep.end()
    parts.append((p, end))
    found = []
    for a, b in parts:
        while a < b and text[a].isspace():
            a += 1
        while b > a and (text[b - 1].isspace() or text[b - 1] in ".;"):
            b -= 1
        if a == b:
            continue
        part = text[a:b]
        if _is_agency(part, rules.agencies):
            continue
        name = _person_name(part, plausible_caps)
        if name is None:
            if whole:
                return []
            continue
        found.append(Credit(name, a, b, [dict(r) for r in roles]))
    return found


def _lower(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def _is_agency(part: str, agencies: tuple[str, ...]) -> bool:
    words = part.split()
    if len(words) == 1 and sum(c.isupper() for c in part) >= 2:
        return True  # "TTXVN", "VNA", "PV", "CTV"
    folded = _folded(part)
    return any(folded == a or folded.startswith(a + " ") for a in agencies)


def _folded(text: str) -> str:
    """Lowercase without diacritics: "Dân Trí" and the translation's "Dan Tri" alike."""
    return fold_diacritics(_lower(text))


def _person_name(part: str, plausible_caps: Callable[[str], bool]) -> str | None:
    """The name in title case when `part` is two to five capitalised name words."""
    words = part.split()
    if not MIN_NAME_WORDS <= len(words) <= MAX_NAME_WORDS:
        return None
    for word in words:
        if not word[0].isupper():
            return None
        if not all(c.isalpha() or unicodedata.combining(c) or c in _NAME_CHARS for c in word):
            return None
    capitals = {w.isupper() for w in words if len(w) > 1}  # "A" in "Giàng A Chu" says nothing
    if len(capitals) > 1:
        return None  # "Theo LÙ VĂN SÁU", "Ban TTXVN": a name is in capitals or not at all
    if capitals == {True}:
        if not all(plausible_caps(_lower(w)) for w in words):
            return None  # "UBND TỈNH", "BCH ĐOÀN": an office, not a name
        return " ".join(_title(w) for w in words)
    return " ".join(words)


def _title(word: str) -> str:
    """'KHÁNH' -> 'Khánh', "H'PRĂK" -> "H'Prăk"."""
    return unicodedata.normalize("NFC", word).lower().title()
