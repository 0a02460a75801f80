"""One language's indicator data, loaded once per process: the shared taxonomy of keys
(data/common/ind_taxonomy.toml) and the word lists, units and patterns of
data/<lang>/ind_*.toml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any, NamedTuple

from pipeline.extractors.datafiles import DATA_DIR, load_toml
from pipeline.extractors.indicators.lexicon import (
    MORPHOLOGIES,
    Lexer,
    Morphology,
    PhraseSet,
    remember,
)
from pipeline.extractors.numbers import (
    NumberDataError,
    NumberLexicon,
    number_lexicon,
    wordlist_pattern,
)

_I = re.IGNORECASE


class IndicatorDataError(ValueError):
    """An indicator data file is missing or malformed."""



def is_money(unit: str) -> bool:
    return len(unit) == 3 and unit.isalpha() and unit.isupper()


@dataclass(frozen=True)
class KeywordGroup:
    """Keywords of a key that a figure must suit: in one of `units` (empty: any unit) and, for
    a count, with one of the `counted` words in its counted noun."""

    units: frozenset[str] = frozenset()
    counted: PhraseSet | None = None

    def allows(self, unit: str, counted: list[str] | None = None) -> bool:
        if self.counted is not None and unit == "count" and not self.counted.search(counted or []):
            return False
        return unit_fits(unit, self.units)


@dataclass(frozen=True)
class TaxonomyKey:
    key: str
    priority: int
    order: int
    # The key's own keywords (its `units`, `counted`), then the sub-tables of keywords with
    # units of their own.
    groups: tuple[KeywordGroup, ...]
    reach: str = ""
    overrides: frozenset[str] = frozenset()
    topic: bool = True

    def allows(self, unit: str, counted: list[str] | None = None) -> bool:
        """Whether a figure in `unit` may have this key at all (through any of its keywords)."""
        return any(g.allows(unit, counted) for g in self.groups)


def unit_fits(unit: str, units: frozenset[str]) -> bool:
    """Whether a figure in `unit` may have a key (or keyword) limited to `units` (empty: any
    unit; "money": any currency code)."""
    return not units or unit in units or ("money" in units and is_money(unit))


class KeyHit(NamedTuple):
    key: str
    priority: int
    start: int


class Taxonomy:
    """Keywords per taxonomy key for one language (data/common/ind_taxonomy.toml)."""

    def __init__(self, lang: str, lexer: Lexer, morph: Morphology | None = None):
        path = DATA_DIR / "common" / "ind_taxonomy.toml"
        data = load_toml(path, IndicatorDataError)
        self.keys: list[TaxonomyKey] = []
        self.by_name: dict[str, TaxonomyKey] = {}
        # (key index, number of parts, the group the keyword belongs to)
        self.keywords: list[tuple[int, int, KeywordGroup]] = []
        parts: dict[str, list[tuple[int, int]]] = {}

        def phrases(words: Any) -> PhraseSet | None:
            return PhraseSet(words, morph, lexer) if words else None

        for order, (key, spec) in enumerate(data.items()):
            if not isinstance(spec, dict):
                raise IndicatorDataError(f"{path}: [{key}] must be a table")
            # The key's keywords, then sub-tables of keywords with units (and counted words)
            # of their own ([administrative_units.nouns]: "xã" keys a count of communes, not
            # a commune's poverty rate).
            groups = [(spec.get(lang, []), KeywordGroup(frozenset(spec.get("units", [])),
                                                        phrases(spec.get("counted"))))]
            for name, sub in spec.items():
                if isinstance(sub, dict):
                    if not sub.get("units"):
                        raise IndicatorDataError(f"{path}: [{key}.{name}] needs `units`")
                    groups.append((sub.get(lang, []), KeywordGroup(
                        frozenset(sub["units"]), phrases(sub.get("counted", spec.get("counted"))))))
            tk = TaxonomyKey(
                key, int(spec.get("priority", 0)), order, tuple(g for _, g in groups),
                reach=str(spec.get("reach", "")), topic=bool(spec.get("topic", True)),
                overrides=frozenset(spec.get("overrides", [])),
            )
            self.keys.append(tk)
            self.by_name[key] = tk
            for keywords, group in groups:
                for keyword in keywords:
                    pieces = [p.strip() for p in str(keyword).split(" + ") if p.strip()]
                    if not pieces:
                        continue
                    kw_index = len(self.keywords)
                    self.keywords.append((order, len(pieces), group))
                    for n, piece in enumerate(pieces):
                        parts.setdefault(piece, []).append((kw_index, n))
        self._parts = PhraseSet({p: tuple(refs) for p, refs in parts.items()}, morph, lexer)
        self._memo: dict[tuple, KeyHit | None] = {}
        self._fit_memo: dict[str, list[bool | None]] = {}

    def allows(self, key: str, unit: str, counted: list[str] | None = None) -> bool:
        tk = self.by_name.get(key)
        return tk is not None and tk.allows(unit, counted)

    def overrides(self, key: str, other: str | None) -> bool:
        """Whether `key` replaces `other` found beside it (damage over the crops it hit)."""
        tk = self.by_name.get(key)
        return tk is not None and (other is None or other in tk.overrides)

    def best(self, lows: list[str], unit: str | None, counted: list[str] | None = None,
             reach: bool = False, topic: bool = False) -> KeyHit | None:
        """The best keyword in `lows` for a figure in `unit` (None: any unit).

        `counted`: the counted noun of a count, checked against a key's `counted` words;
        `reach`: only keys whose keywords reach past commas; `topic`: an article's topic
        (priorities ignored, keys marked `topic = false` left out).
        """
        if reach:  # a clause-wide window: the same one never comes twice, keep no slot for it
            return self._best(lows, unit, counted, reach, topic)
        memo_key = (tuple(lows), unit, tuple(counted or ()), reach, topic)
        if memo_key in self._memo:
            return self._memo[memo_key]
        hit = self._best(lows, unit, counted, reach, topic)
        remember(self._memo, memo_key, hit)
        return hit

    def _fits(self, unit: str) -> list[bool | None]:
        """Per keyword, whether it may key a figure in `unit` (None: it depends on the counted
        noun), worked out once per unit."""
        table = self._fit_memo.get(unit)
        if table is None:
            table = []
            for _, _, group in self.keywords:
                fits = unit_fits(unit, group.units)
                table.append(None if fits and group.counted is not None and unit == "count"
                             else fits)
            self._fit_memo[unit] = table
        return table

    def _best(self, lows: list[str], unit: str | None, counted: list[str] | None,
              reach: bool, topic: bool) -> KeyHit | None:
        matches = self._parts.every_match(lows)
        if not matches:
            return None
        # Keywords that may key the figure, where they occur: (keyword, part, start, end).
        if unit is None:
            usable = [(kw_index, n, i, end) for i, end, refs in matches for kw_index, n in refs]
        else:
            fits = self._fits(unit)
            usable = [(kw_index, n, i, end) for i, end, refs in matches for kw_index, n in refs
                      if fits[kw_index] or (fits[kw_index] is None and
                                            self.keywords[kw_index][2].allows(unit, counted))]
        if not usable:
            return None
        # A keyword inside a longer one is no cue of its own: "zniszczonych" (damaged) in
        # "domów tymczasowych i zniszczonych" (dilapidated houses), "xuất khẩu" in "xuất khẩu
        # lao động". (The parts of a keyword "a + b" are no phrases; they stay.)
        keywords = self.keywords
        whole = [(i, end) for kw_index, _, i, end in usable if keywords[kw_index][1] == 1]
        found: dict[int, dict[int, tuple[int, int]]] = {}
        for kw_index, n, i, end in usable:
            if len(whole) > 1 and keywords[kw_index][1] == 1 and \
                    any(a <= i and end <= b and b - a > end - i for a, b in whole):
                continue
            found.setdefault(kw_index, {}).setdefault(n, (i, end - i))
        hits: list[tuple[tuple, TaxonomyKey, KeyHit]] = []
        for kw_index, slots in found.items():
            key_index, nparts, _ = self.keywords[kw_index]
            if len(slots) < nparts:
                continue
            tk = self.keys[key_index]
            if (reach and tk.reach != "clause") or (topic and not tk.topic):
                continue
            start = min(s for s, _ in slots.values())
            length = sum(n for _, n in slots.values())
            score = (0 if topic else tk.priority, -start, length, -tk.order)
            hits.append((score, tk, KeyHit(tk.key, tk.priority, start)))
        if not hits:
            return None
        best = max(hits, key=lambda h: h[0])
        # A key found beside one it overrides wins wherever it stands: "chè xuất khẩu đạt
        # 48.000 tấn" is an export of tea.
        over = [h for h in hits if best[1].key in h[1].overrides]
        return max(over, key=lambda h: h[0])[2] if over else best[2]


_WORD_LISTS = (
    "not_after", "time_nouns", "counted", "word_count_nouns", "not_counted", "stop",
    "label_strip_start", "label_strip_end", "relative", "share_of", "comparison",
    "comparison_stop", "window_stop", "subject_break", "year_before", "range_start",
    "range_join", "unit_headers", "row_number_headers", "count_subjects", "out_of",
    "relative_after", "word_not_counted", "count_subjects_inside", "label_cut",
    "not_after_exceptions", "elided_after", "date_before", "participle_particles",
    "elided_whole_after", "topic_not_counted",
)


@dataclass
class LanguageData:
    lang: str
    numbers: NumberLexicon
    morph: Morphology
    lexer: Lexer
    taxonomy: Taxonomy
    units: PhraseSet
    unit_not_followed: dict[str, PhraseSet]
    mult_words: PhraseSet
    mult_requires: PhraseSet
    mult_frequency: PhraseSet
    attached: PhraseSet
    scales: PhraseSet
    word_multipliers: PhraseSet
    number_word_re: re.Pattern
    unit_or_scale_re: re.Pattern
    word_multiplier_re: re.Pattern | None
    numword_not_after: PhraseSet
    one_counts_after: PhraseSet
    qualifiers: PhraseSet
    increase: PhraseSet
    decrease: PhraseSet
    growth_nouns: PhraseSet
    predicates: PhraseSet
    words: dict[str, PhraseSet]
    counted_extent: str
    counted_max_words: int
    window_words: int
    abbreviations: frozenset[str]
    months: dict[str, int]
    period_res: list[re.Pattern]
    as_of_res: list[re.Pattern]
    date_res: list[re.Pattern]
    month_date_re: re.Pattern | None


@cache
def language_data(lang: str) -> LanguageData:
    """Everything the extractor knows about `lang`, read once per process."""
    folder = DATA_DIR / lang
    context = load_toml(folder / "ind_context.toml", IndicatorDataError)
    settings = context.get("settings", {})
    morph_name = str(settings.get("morphology", ""))
    if morph_name not in MORPHOLOGIES:
        raise IndicatorDataError(f"{folder}/ind_context.toml: unknown morphology {morph_name!r}")
    morph = MORPHOLOGIES[morph_name]()
    lexer = Lexer(context.get("spelling", {}), context.get("words", {}).get("compounds", []))
    try:
        numbers = number_lexicon(lang)
    except NumberDataError as exc:
        raise IndicatorDataError(str(exc)) from exc
    units_data = load_toml(folder / "ind_units.toml", IndicatorDataError)
    change = load_toml(folder / "ind_change.toml", IndicatorDataError)
    qualifiers = load_toml(folder / "ind_qualifiers.toml", IndicatorDataError)
    words = context.get("words", {})

    def phrases(entries: Any, lemmas: bool = True) -> PhraseSet:
        return PhraseSet(entries, morph if lemmas and morph_name else None, lexer)

    mult = units_data.get("multiplier", {})
    # {NUM} in a pattern: digits or a word, checked to be a number word after matching (a
    # pattern that alternates over every number word would be slow at every position).
    patterns = context.get("patterns", {})

    def compile_all(key: str) -> list[re.Pattern]:
        """All patterns of a kind as one regex: one pass over the text; at one position the
        pattern listed first wins."""
        branches = []
        for n, p in enumerate(patterns.get(key, [])):
            body = p.replace("{NUM}", rf"(?P<num{n}>\d++|[^\W\d_]++)", 1)
            try:
                re.compile(body, _I)
            except re.error as exc:
                raise IndicatorDataError(
                    f"{folder}/ind_context.toml: bad {key} pattern {p!r}: {exc}"
                ) from exc
            branches.append(f"(?:{body})")
        if not branches:
            return []
        # Here the look-behind pays: branches opening with {NUM} would otherwise be tried
        # inside every word.
        return [re.compile(r"(?<![\w])(?:" + "|".join(branches) + ")", _I)]

    months = {str(k).lower(): int(v) for k, v in context.get("months", {}).items()}
    month_date_re = None
    if months:
        names = "|".join(map(re.escape, sorted(months, key=len, reverse=True)))
        month_date_re = re.compile(
            rf"\d{{1,2}}\s+(?:{names})(?:\s+(?:19|20)\d\d(?:\s*r\.|\s+roku)?)?(?![\w])", _I
        )
    word_mults = {str(k).lower(): Decimal(str(v)) for k, v in numbers.multipliers.items()}
    return LanguageData(
        lang=lang,
        numbers=numbers,
        morph=morph,
        lexer=lexer,
        taxonomy=Taxonomy(lang, lexer, morph if morph_name else None),
        units=phrases(units_data.get("units", {}), lemmas=False),
        unit_not_followed={
            " ".join(lexer.entry(str(k))): phrases(v, lemmas=False)
            for k, v in units_data.get("not_followed_by", {}).items()
        },
        mult_words=phrases(mult.get("words", []), lemmas=False),
        mult_requires=phrases(mult.get("requires_before", [])),
        mult_frequency=phrases(mult.get("frequency_after", [])),
        attached=phrases(units_data.get("attached", {}), lemmas=False),
        scales=phrases(dict(numbers.scales), lemmas=False),
        word_multipliers=phrases(word_mults, lemmas=False),
        # Where no word character precedes: one regex pass, no retry inside words.
        number_word_re=re.compile(rf"(?<![\w])(?:{numbers.number_word_pattern})", _I),
        unit_or_scale_re=re.compile(wordlist_pattern(
            list(units_data.get("units", {})) + [w for w, _ in numbers.scales]
            + list(mult.get("words", [])), boundary=False), _I),
        word_multiplier_re=(
            re.compile(wordlist_pattern(list(word_mults), boundary=False) + r"(?![\w])", _I)
            if word_mults else None
        ),
        numword_not_after=phrases(numbers.not_after),
        one_counts_after=phrases(numbers.one_counts_after),
        qualifiers=phrases({w: q for q, ws in qualifiers.items() for w in ws}),
        increase=phrases(change.get("increase", [])),
        decrease=phrases(change.get("decrease", [])),
        growth_nouns=phrases(change.get("growth_nouns", [])),
        predicates=phrases(change.get("predicates", [])),
        words={name: phrases(words.get(name, [])) for name in _WORD_LISTS},
        counted_extent=str(settings.get("counted_extent", "lexicon")),
        counted_max_words=int(settings.get("counted_max_words", 4)),
        window_words=int(settings.get("window_words", 8)),
        abbreviations=frozenset(a.lower() for a in words.get("abbreviations", [])),
        months=months,
        period_res=compile_all("period"),
        as_of_res=compile_all("as_of"),
        date_res=compile_all("date"),
        month_date_re=month_date_re,
    )

