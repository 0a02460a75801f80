"""A language's place vocabulary: level words, words before non-units, marks of a former unit,
month words for the article's time (pipeline/data/<lang>/places_levels.toml, doc_dates.toml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.extractors.datafiles import DATA_DIR, load_toml, string_list
from pipeline.extractors.places.gazetteer import LEVELS, PlacesDataError, fold

_LEVEL_CHOICES = (*LEVELS, "city")


@dataclass(frozen=True)
class PlaceLexicon:
    #: folded level word -> levels the following name can be, best first
    levels: dict[str, tuple[str, ...]]
    #: a regex matching the end of a folded text that ends with a level word, longest first
    level_at_end: PhraseAtEnd
    not_unit_at_end: PhraseAtEnd
    former_at_start: re.Pattern[str] | None
    #: a folded text ending with a former-unit word and at most a level word ("dawnej prowincji ")
    former_at_end: PhraseAtEnd
    #: words a road's name follows: its ends are places ("cao tốc Đồng Đăng – Trà Lĩnh")
    road_at_end: PhraseAtEnd
    #: "(9) tháng năm " before a year: the month a period of that year ends
    period: re.Pattern[str] | None
    separators: re.Pattern[str]
    #: words after which a list's items follow the noun they name ("các xã biên giới như")
    list_introducers: PhraseAtEnd
    #: folded month word -> month number
    months: dict[str, int]
    #: "(25) października " before a year, in folded text
    month_date: re.Pattern[str] | None
    #: names that count only after a level word ("Hồ Chí Minh" is first a person)
    need_level: frozenset[str]
    #: folded spelling -> folded register name ("hanoi" -> "ha noi")
    aliases: dict[str, str]


class PhraseAtEnd:
    """Which of some phrases a folded text ends with, before white space ("...ubnd tinh "):
    by set lookups on its last words, as a regex searched at every position cost much more."""

    def __init__(self, phrases: list[str]):
        self.phrases = frozenset(phrases)
        self.max_words = max((len(p.split()) for p in self.phrases), default=0)

    def match(self, before: str, skip_words: int = 0) -> str | None:
        """The longest phrase `before` ends with (then white space); with `skip_words`, the
        phrase may be followed by that many other words ("dawnej prowincji ")."""
        tail = before.rstrip()
        if len(tail) == len(before) or not self.phrases:
            return None
        words = tail.split()
        for skip in range(min(skip_words, len(words) - 1) + 1):
            last = len(words) - skip
            for n in range(min(self.max_words, last), 0, -1):
                phrase = " ".join(words[last - n:last])
                if phrase in self.phrases:
                    return phrase
                bare = phrase.lstrip("([{\"'“‘«„")  # "(tỉnh Cao Bằng)"
                if bare != phrase and bare in self.phrases:
                    return bare
        return None


def _alternatives(words: list[str], template: str) -> re.Pattern[str] | None:
    if not words:
        return None
    folded = sorted({fold(w) for w in words}, key=len, reverse=True)
    return re.compile(template.format(words="|".join(re.escape(w) for w in folded)))


@cache
def place_lexicon(lang: str) -> PlaceLexicon:
    path = DATA_DIR / lang / "places_levels.toml"
    data = load_toml(path, PlacesDataError)
    levels: dict[str, tuple[str, ...]] = {}
    for word, choices in (data.get("levels") or {}).items():
        if not isinstance(choices, list) or not choices or \
                not all(c in _LEVEL_CHOICES for c in choices):
            raise PlacesDataError(f"{path}: levels.{word!r} must list some of {_LEVEL_CHOICES}")
        levels[fold(word)] = tuple(choices)
    not_units = string_list(data.get("not_units") or {}, "before", f"{path} [not_units]",
                            PlacesDataError)
    former = string_list(data.get("former") or {}, "after", f"{path} [former]", PlacesDataError)
    roads = string_list(data.get("roads") or {}, "before", f"{path} [roads]",
                        PlacesDataError) if "roads" in data else []
    former_before = string_list(data.get("former") or {}, "before", f"{path} [former]",
                                PlacesDataError)
    periods = string_list(data.get("time") or {}, "period_words", f"{path} [time]",
                          PlacesDataError)
    seps = string_list(data.get("lists") or {}, "separators", f"{path} [lists]", PlacesDataError)
    introducers = string_list(data.get("lists") or {}, "introducers", f"{path} [lists]",
                              PlacesDataError) if "introducers" in (data.get("lists") or {}) \
        else []
    sep_words = "|".join(re.escape(fold(s)) for s in seps if s != ",")
    separators = re.compile(rf"\s*(?:,\s*(?:(?:{sep_words})\s+)?|\s(?:{sep_words})\s+)$"
                            if sep_words else r"\s*,\s*$")
    former_pattern = "|".join(re.escape(fold(w)) for w in sorted(former, key=len, reverse=True))
    dates = load_toml(DATA_DIR / lang / "doc_dates.toml", PlacesDataError, required=False)
    months = {fold(word): int(number)
              for number, words in (dates.get("months") or {}).items() for word in words}
    common = load_toml(DATA_DIR / "common" / "places_names.toml", PlacesDataError)
    need_level = frozenset(fold(n) for n in string_list(common, "need_level", "places_names",
                                                        PlacesDataError))
    aliases = {fold(k): fold(v) for k, v in (common.get("aliases") or {}).items()}
    return PlaceLexicon(
        levels=levels,
        level_at_end=PhraseAtEnd(list(levels)),
        not_unit_at_end=PhraseAtEnd([fold(w) for w in not_units]),
        former_at_start=re.compile(rf"\s*({former_pattern})(?!\w)") if former_pattern else None,
        former_at_end=PhraseAtEnd([fold(w) for w in former_before]),
        road_at_end=PhraseAtEnd([fold(w) for w in roads]),
        period=_alternatives(periods, r"(?<!\w)(\d{{1,2}})\s+(?:{words})\s+$"),
        separators=separators,
        list_introducers=PhraseAtEnd([fold(w) for w in introducers]),
        months=months,
        month_date=re.compile(
            r"(?<!\w)(?:(\d{1,2})\s+)?("
            + "|".join(re.escape(w) for w in sorted(months, key=len, reverse=True))
            + r")\s+$") if months else None,
        need_level=need_level,
        aliases=aliases,
    )
