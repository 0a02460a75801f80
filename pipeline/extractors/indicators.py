"""Numeric indicators: every reported quantity with its unit, what it measures and how it changed.

The spaCy component "numeric_indicators" sets `doc._.indicators` to a list of items shaped as
$defs/indicator in pipeline/schema/record.schema.json, ordered by offset:

    "Tổng thu ngân sách ... đạt trên 3.312 tỷ đồng, vượt 69% dự toán"
    -> {"value": 3312000000000, "unit": "VND", "qualifier": "over",
        "label": "Tổng thu ngân sách", "key": "budget_revenue", ...}
       {"value": 69, "unit": "%", "qualifier": "over", "share_of": "dự toán",
        "label": "Tổng thu ngân sách", "key": "budget_revenue", ...}

How a figure is read:

1. Blocked spans hold no indicator: document references found by "document_references"
   (doc._.resolutions), dates, times, phone numbers, document symbols, URLs, list numbering.
2. Quantity (`_Reader`): digits as the language writes them (numbers.py) or a short number in
   words; an optional range ("15-20%", "od 15 do 20%"); scale words ("tỷ", "mln"); then a unit
   ("%", "đồng", "ha", "lần") or a counted noun ("2.100 thủ tục hành chính", "56 jednostek
   administracyjnych"). A number right after a name word ("Tổ 5", "etap 1", "năm 2025") or
   before a time word ("9 tháng", "3 miesiące") is none; a number with neither unit nor noun
   counts only when its subject says so ("số đơn vị ... giảm từ 200 xuống còn 65").
3. Meaning (`_Meaning`), from the clause: the subject before the last predicate is the label;
   a change predicate right before the figure gives `change`; "so với ..." the comparison;
   "dự toán"/"planu" after a percentage `share_of`; the sentence's period and "as of" phrases.
   A clause without a subject of its own ("..., tăng 77% so với cùng kỳ") shares the subject of
   the figure before it in the sentence.
4. Key: keywords of the shared taxonomy (data/common/ind_taxonomy.toml) in the counted noun, the
   label and the words around the figure; failing that, the figure whose subject it shares, an
   earlier count of the same noun, and last the article's lead sentence.
5. Tables (lines of TAB-separated cells): figures in cells take their row and column headers as
   label and as `table`.

All language knowledge is in pipeline/data/<lang>/ind_*.toml|txt and data/common/ind_*.toml;
the code is the same for every language.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from spacy.tokens import Doc

from pipeline.extractors.numbers import (
    DATA_DIR,
    NumberDataError,
    NumberLexicon,
    as_number,
    number_lexicon,
    number_words_value,
    parse_digits,
    wordlist_pattern,
)

_I = re.IGNORECASE
TOKEN_RE = re.compile(r"\w+|[^\w\s]")
_ENTRY_TOKEN_RE = re.compile(r"\w+\*?|[^\w\s*]")

Tok = tuple[int, int, str]  # start, end, normalised lowercase text
Norm = Callable[[str], str]


CACHE_LIMIT = 20_000


def remember(cache: dict, key: Any, value: Any) -> None:
    """Store in a per-process cache, emptied when full: memory stays small and the garbage
    collector has little to walk, whatever text comes in."""
    if len(cache) >= CACHE_LIMIT:
        cache.clear()
    cache[key] = value


class IndicatorDataError(ValueError):
    """An indicator data file is missing or malformed."""


def _identity(text: str) -> str:
    return text


def spelling_normalizer(spelling: dict[str, str]) -> Norm:
    """Folds spelling variants ("hoá" -> "hóa") in lowercase text, keeping its length."""
    pairs = {str(k).lower(): str(v).lower() for k, v in spelling.items()}
    if not pairs or any(len(k) != len(v) for k, v in pairs.items()):
        return _identity
    rx = re.compile("|".join(map(re.escape, sorted(pairs, key=len, reverse=True))))

    def norm(text: str) -> str:
        return rx.sub(lambda m: pairs[m.group()], text)

    return norm


class Lexer:
    """Text to normalised lowercase tokens; known compounds become one token.

    Vietnamese writes words as syllables, so "xã hội" (society) would otherwise hold the
    keyword "xã" (commune); listed compounds are joined ("xã_hội") before any matching.
    """

    def __init__(self, spelling: dict[str, str] | None = None, compounds: Iterable[str] = ()):
        self.norm = spelling_normalizer(spelling or {})
        self._lows: dict[str, list[str]] = {}
        entries = [c for c in compounds if c and c.strip()]
        self.compounds = PhraseSet(entries, lexer=Lexer()) if entries else None
        self._firsts = {Lexer().entry(e)[0] for e in entries}

    def merge(self, toks: list[Tok]) -> list[Tok]:
        if self.compounds is None or len(toks) < 2:
            return toks
        lows = [t[2] for t in toks]
        firsts = self._firsts
        if not any(low in firsts for low in lows):
            return toks
        out: list[Tok] = []
        i = 0
        while i < len(toks):
            hit = self.compounds.match_at(lows, i) if lows[i] in firsts else None
            if hit is not None and hit[0] - i > 1:
                out.append((toks[i][0], toks[hit[0] - 1][1], "_".join(lows[i:hit[0]])))
                i = hit[0]
            else:
                out.append(toks[i])
                i += 1
        return out

    def tokens(self, text: str, start: int = 0, end: int | None = None) -> list[Tok]:
        end = len(text) if end is None else end
        part = text[start:end]
        low = part.lower()
        if len(low) == len(part):
            low = self.norm(low)
            return self.merge([(start + m.start(), start + m.end(), m.group())
                               for m in TOKEN_RE.finditer(low)])
        norm = self.norm  # lowercasing changed lengths (rare letters): token by token
        return self.merge([(m.start(), m.end(), norm(m.group().lower()))
                           for m in TOKEN_RE.finditer(text, start, end)])

    def lows(self, text: str) -> list[str]:
        hit = self._lows.get(text)
        if hit is None:
            hit = tuple(t[2] for t in self.tokens(text))
            if len(text) < 400:
                remember(self._lows, text, hit)
        return list(hit)

    def entry(self, entry: str) -> tuple[str, ...]:
        """A data-file entry as tokens; `*` stays glued to its word."""
        raw = [(0, 0, t) for t in _ENTRY_TOKEN_RE.findall(self.norm(str(entry).lower()))]
        return tuple(t[2] for t in self.merge(raw))


# ---------------------------------------------------------------------------------------------
# Morphology and word lists
# ---------------------------------------------------------------------------------------------


class Morphology:
    """No morphological analysis: no lemmas, no tags."""

    NOUN = frozenset({"subst", "ger", "depr"})
    ADJ = frozenset({"adj", "adja", "pact", "ppas"})

    def analyse(self, word: str) -> tuple[tuple[str, ...], frozenset[str]]:
        """(lemmas, parts of speech) of a lowercase word."""
        return (), frozenset()

    def is_verb(self, word: str) -> bool:
        return False


class MorfeuszMorphology(Morphology):
    """Polish lemmas and parts of speech from Morfeusz 2 (bundled dictionary), cached."""

    VERB = frozenset({"fin", "praet", "pcon", "inf", "impt", "imps", "bedzie", "winien", "pant"})
    NOMINAL = frozenset({"subst", "ger", "depr", "adj", "adja", "num", "ppas", "pact"})

    def __init__(self) -> None:
        import morfeusz2  # only languages whose data names it need it

        self._morfeusz = morfeusz2.Morfeusz(generate=False, expand_tags=False)
        self._cache: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {}
        self._tagsets: dict[frozenset[str], frozenset[str]] = {}

    def analyse(self, word: str) -> tuple[tuple[str, ...], frozenset[str]]:
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        lemmas: set[str] = set()
        tags: set[str] = set()
        if word.isalpha() and len(word) < 40:
            for _s, _e, (_form, lemma, tag, *_rest) in self._morfeusz.analyse(word):
                lemmas.add(lemma.split(":", 1)[0].lower())
                tags.add(tag.split(":", 1)[0])
        # Tuples of strings and shared tag sets: a large cache costs the garbage collector
        # nothing to walk.
        tagset = self._tagsets.setdefault(frozenset(tags), frozenset(tags))
        result = (tuple(sorted(lemmas)), tagset)
        remember(self._cache, word, result)
        return result

    def is_verb(self, word: str) -> bool:
        tags = self.analyse(word)[1]
        return bool(tags & self.VERB) and not tags & self.NOMINAL


MORPHOLOGIES: dict[str, type[Morphology]] = {"": Morphology, "morfeusz": MorfeuszMorphology}


class PhraseSet:
    """A data-file word list, matched on normalised lowercase tokens.

    Entries are phrases; `*` ending a word matches any ending; with a morphology, a word also
    matches through its lemmas ("etap" matches "etapu", "kapitał*" matches "kapitale"). A dict
    maps each entry to a payload returned with its matches.
    """

    def __init__(self, entries: Any, morph: Morphology | None = None,
                 lexer: Lexer | None = None):
        self._exact: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        self._prefix: list[tuple[str, tuple[str, ...], Any]] = []
        self.morph = morph
        self.max_len = 0
        items = list(entries.items()) if isinstance(entries, dict) else [(e, None) for e in entries]
        for entry, payload in items:
            toks = lexer.entry(entry) if lexer is not None else \
                tuple(_ENTRY_TOKEN_RE.findall(str(entry).lower()))
            if not toks:
                continue
            self.max_len = max(self.max_len, len(toks))
            first = toks[0]
            if first.endswith("*"):
                self._prefix.append((first[:-1], toks, payload))
            else:
                self._exact.setdefault(first, []).append((toks, payload))
        for lst in self._exact.values():
            lst.sort(key=lambda item: -len(item[0]))
        self._prefix.sort(key=lambda item: -len(item[1]))
        # Prefix entries bucketed by their first three letters (fewer for shorter stems).
        self._buckets: dict[str, list[tuple[str, tuple[str, ...], Any]]] = {}
        for item in self._prefix:
            self._buckets.setdefault(item[0][:3], []).append(item)
        self._cands: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        self._memo: dict[tuple[str, ...], list[tuple[int, Any]]] = {}
        self._end_memo: dict[tuple[str, ...], Any] = {}

    def __bool__(self) -> bool:
        return self.max_len > 0

    def _forms(self, tok: str) -> tuple[str, ...]:
        """The token and, with a morphology, its lemmas ("kapitale" -> "kapitał")."""
        if self.morph is None or not tok.isalpha():
            return (tok,)
        return (tok, *(f for f in self.morph.analyse(tok)[0] if f != tok))

    def _same(self, pattern: str, tok: str) -> bool:
        forms = self._forms(tok)
        if pattern.endswith("*"):
            stem = pattern[:-1]
            return tok[:1].isalnum() and any(f.startswith(stem) for f in forms)
        return pattern in forms

    def _candidates(self, tok: str) -> list[tuple[tuple[str, ...], Any]]:
        """Entries whose first word matches `tok` (cached per token)."""
        hit = self._cands.get(tok)
        if hit is not None:
            return hit
        forms = self._forms(tok)
        cands: list[tuple[tuple[str, ...], Any]] = []
        for f in forms:
            cands.extend(self._exact.get(f, ()))
        if tok[:1].isalnum() and self._buckets:
            seen_keys = set()
            for f in forms:
                for key in (f[:1], f[:2], f[:3]):
                    if key in seen_keys:
                        continue
                    seen_keys.add(key)
                    for prefix, toks, payload in self._buckets.get(key, ()):
                        if any(g.startswith(prefix) for g in forms):
                            cands.append((toks, payload))
        unique: list[tuple[tuple[str, ...], Any]] = []
        seen: set[tuple[tuple[str, ...], int]] = set()
        for toks, payload in cands:
            if (toks, id(payload)) not in seen:
                seen.add((toks, id(payload)))
                unique.append((toks, payload))
        cands_t = tuple(unique)
        remember(self._cands, tok, cands_t)
        return cands_t

    def all_at(self, lows: list[str], i: int) -> list[tuple[int, Any]]:
        """Every match starting at token i as (end index, payload), longest first."""
        if i >= len(lows):
            return []
        cands = self._candidates(lows[i])
        if not cands:
            return []
        key = tuple(lows[i:i + self.max_len])
        found = self._memo.get(key)
        if found is None:
            found = []
            for toks, payload in cands:
                n = len(toks)
                if n <= len(key) and all(self._same(toks[k], key[k]) for k in range(1, n)):
                    found.append((n, payload))
            found = tuple(sorted(found, key=lambda x: -x[0]))
            remember(self._memo, key, found)
        return [(i + n, payload) for n, payload in found]

    def match_at(self, lows: list[str], i: int) -> tuple[int, Any] | None:
        found = self.all_at(lows, i)
        return found[0] if found else None

    def match_ending(self, lows: list[str], j: int) -> tuple[int, Any] | None:
        """The longest match ending exactly at token index j, as (start index, payload)."""
        key = tuple(lows[max(0, j - self.max_len):j])
        found = self._end_memo.get(key, False)
        if found is False:
            found = None
            tail = list(key)
            for n in range(len(tail), 0, -1):
                for end, payload in self.all_at(tail, len(tail) - n):
                    if end == len(tail):
                        found = (n, payload)
                        break
                if found is not None:
                    break
            remember(self._end_memo, key, found)
        return None if found is None else (j - found[0], found[1])

    def search(self, lows: list[str]) -> bool:
        return any(self.match_at(lows, k) is not None for k in range(len(lows)))


# ---------------------------------------------------------------------------------------------
# Language data, loaded once per process
# ---------------------------------------------------------------------------------------------


def _load_toml(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise IndicatorDataError(f"indicator data file {path} is missing") from exc
    except tomllib.TOMLDecodeError as exc:
        raise IndicatorDataError(f"{path}: {exc}") from exc


def is_money(unit: str) -> bool:
    return len(unit) == 3 and unit.isalpha() and unit.isupper()


@dataclass(frozen=True)
class TaxonomyKey:
    key: str
    units: frozenset[str]
    priority: int
    order: int
    counted: PhraseSet | None = None
    reach: str = ""
    overrides: frozenset[str] = frozenset()
    topic: bool = True

    def allows(self, unit: str, counted: list[str] | None = None) -> bool:
        if self.counted is not None and unit == "count" and not self.counted.search(counted or []):
            return False
        if not self.units:
            return True
        return unit in self.units or ("money" in self.units and is_money(unit))


class KeyHit(NamedTuple):
    key: str
    priority: int
    start: int


class Taxonomy:
    """Keywords per taxonomy key for one language (data/common/ind_taxonomy.toml)."""

    def __init__(self, lang: str, lexer: Lexer, morph: Morphology | None = None):
        path = DATA_DIR / "common" / "ind_taxonomy.toml"
        data = _load_toml(path)
        self.keys: list[TaxonomyKey] = []
        self.by_name: dict[str, TaxonomyKey] = {}
        self.keywords: list[tuple[int, int]] = []  # (key index, number of parts)
        parts: dict[str, list[tuple[int, int]]] = {}
        for order, (key, spec) in enumerate(data.items()):
            if not isinstance(spec, dict):
                raise IndicatorDataError(f"{path}: [{key}] must be a table")
            counted = spec.get("counted")
            tk = TaxonomyKey(
                key, frozenset(spec.get("units", [])), int(spec.get("priority", 0)), order,
                counted=PhraseSet(counted, morph, lexer) if counted else None,
                reach=str(spec.get("reach", "")), topic=bool(spec.get("topic", True)),
                overrides=frozenset(spec.get("overrides", [])),
            )
            self.keys.append(tk)
            self.by_name[key] = tk
            for keyword in spec.get(lang, []):
                pieces = [p.strip() for p in str(keyword).split(" + ") if p.strip()]
                if not pieces:
                    continue
                kw_index = len(self.keywords)
                self.keywords.append((order, len(pieces)))
                for n, piece in enumerate(pieces):
                    parts.setdefault(piece, []).append((kw_index, n))
        self._parts = PhraseSet({p: tuple(refs) for p, refs in parts.items()}, morph, lexer)
        self._memo: dict[tuple, KeyHit | None] = {}

    def allows(self, key: str, unit: str, counted: list[str] | None = None) -> bool:
        tk = self.by_name.get(key)
        return tk is not None and tk.allows(unit, counted)

    def overrides(self, key: str, other: str | None) -> bool:
        """Whether a clause-wide `key` replaces `other` (damage over the crops it hit)."""
        tk = self.by_name.get(key)
        return tk is not None and (other is None or other in tk.overrides)

    def best(self, lows: list[str], unit: str | None, counted: list[str] | None = None,
             reach: bool = False, topic: bool = False) -> KeyHit | None:
        """The best keyword in `lows` for a figure in `unit` (None: any unit).

        `counted`: the counted noun of a count, checked against a key's `counted` words;
        `reach`: only keys whose keywords reach past commas; `topic`: an article's topic
        (priorities ignored, keys marked `topic = false` left out).
        """
        memo_key = (tuple(lows), unit, tuple(counted or ()), reach, topic)
        if memo_key in self._memo:
            return self._memo[memo_key]
        hit = self._best(lows, unit, counted, reach, topic)
        remember(self._memo, memo_key, hit)
        return hit

    def _best(self, lows: list[str], unit: str | None, counted: list[str] | None,
              reach: bool, topic: bool) -> KeyHit | None:
        found: dict[int, dict[int, tuple[int, int]]] = {}
        for i in range(len(lows)):
            for end, refs in self._parts.all_at(lows, i):
                for kw_index, n in refs:
                    found.setdefault(kw_index, {}).setdefault(n, (i, end - i))
        best: tuple | None = None
        for kw_index, slots in found.items():
            key_index, nparts = self.keywords[kw_index]
            tk = self.keys[key_index]
            if len(slots) < nparts or (unit is not None and not tk.allows(unit, counted)):
                continue
            if (reach and tk.reach != "clause") or (topic and not tk.topic):
                continue
            start = min(s for s, _ in slots.values())
            length = sum(n for _, n in slots.values())
            score = (0 if topic else tk.priority, -start, length, -tk.order)
            if best is None or score > best[0]:
                best = (score, KeyHit(tk.key, tk.priority, start))
        return None if best is None else best[1]


_WORD_LISTS = (
    "not_after", "time_nouns", "counted", "word_count_nouns", "not_counted", "stop",
    "label_strip_start", "label_strip_end", "relative", "share_of", "comparison",
    "comparison_stop", "window_stop", "subject_break", "year_before", "range_start",
    "range_join", "unit_headers", "row_number_headers", "count_subjects", "out_of",
    "relative_after", "word_not_counted", "count_subjects_inside", "label_cut",
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
    attached: PhraseSet
    scales: PhraseSet
    word_multipliers: PhraseSet
    number_word_re: re.Pattern
    unit_or_scale_re: re.Pattern
    word_multiplier_re: re.Pattern | None
    numword_not_after: PhraseSet
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
    context = _load_toml(folder / "ind_context.toml")
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
    units_data = _load_toml(folder / "ind_units.toml")
    change = _load_toml(folder / "ind_change.toml")
    qualifiers = _load_toml(folder / "ind_qualifiers.toml")
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
        attached=phrases(units_data.get("attached", {}), lemmas=False),
        scales=phrases(dict(numbers.scales), lemmas=False),
        word_multipliers=phrases(word_mults, lemmas=False),
        number_word_re=re.compile(numbers.number_word_pattern, _I),
        unit_or_scale_re=re.compile(wordlist_pattern(
            list(units_data.get("units", {})) + [w for w, _ in numbers.scales]
            + list(mult.get("words", [])), boundary=False), _I),
        word_multiplier_re=(
            re.compile(wordlist_pattern(list(word_mults), boundary=False) + r"(?![\w])", _I)
            if word_mults else None
        ),
        numword_not_after=phrases(numbers.not_after),
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


# ---------------------------------------------------------------------------------------------
# Patterns shared by all languages
# ---------------------------------------------------------------------------------------------

# Digits: groups of three after a thousands separator, an optional decimal part.
_NUM_BODY = {
    "space": r"\d{1,3}(?:[ \u00a0\u202f\u2009.]\d{3})+(?:,\d+)?(?!\d)|\d+(?:[.,]\d+)?(?!\d)",
    "dot": r"\d{1,3}(?:[.\u00a0\u202f\u2009]\d{3})+(?:,\d+)?(?!\d)|\d+(?:[.,]\d+)?(?!\d)",
}
_NUM_AFTER = ".,/-–"  # a number does not start right after these (nor inside a word)

# Tried at the start of every run of digits: dates, fractions, ranks ("10/7", "1/7/2025",
# "15/63"), dotted dates ("25-10-2017"), times ("8:30", "14h30", "8h"), document symbols
# ("18-NQ/TW", "178/2024/NĐ-CP", "95/CĐ-TTg"), chainage after a plus ("Km 12+300").
_BLOCK_AT_DIGITS = [
    re.compile(r"\d+(?:\s?/\s?\d+)+(?!\d)"),
    re.compile(r"\d{1,2}[.\-]\d{1,2}[.\-](?:19|20)\d\d(?!\d)"),
    re.compile(r"\d{1,2}(?:[:h]\d{2}|h)(?!\d)"),
    re.compile(r"\d+(?:/\d{2,4})?[/\-][A-ZĐ][A-ZĐa-zđ0-9]*(?:[/\-][A-ZĐ0-9][A-ZĐa-zđ0-9]*)*"),
    # Phone numbers: a leading zero, at least nine digits in all (checked after matching).
    re.compile(r"0\d{1,4}\)?(?:[\s.\-]?\d{2,4}){2,4}(?![\w])"),
]
# "35/139 xã": two numbers and a word after them (a date would be "12/10" or "10/2025 ...").
_FRACTION_COUNT = re.compile(r"\d+/\d+[ \t]+[^\W\d_]")
_DIGIT_RUN = re.compile(r"\d+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# List numbering at the start of a line: "1. ", "2) ".
_LIST_NUMBER = re.compile(r"(?m)^[ \t]*\d{1,2}[.)](?=[ \t])")
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’»)\]]*(?=\s)|:(?=\s)|\n")
_YEAR = re.compile(r"(?:19|20)\d\d")


# ---------------------------------------------------------------------------------------------
# Quantities
# ---------------------------------------------------------------------------------------------


@dataclass
class Quantity:
    start: int  # first character of the number: the item's text starts here
    end: int  # end of the unit, scale or counted noun
    value: Decimal
    unit: str  # "" while a bare number waits for its subject to say what it counts
    value_max: Decimal | None = None
    counted: str | None = None
    qualifier: str | None = None
    head: int = 0  # start of the qualifier or range word before the number
    consumed: int = 0  # end of all that was read with the figure (share_of, comparison)
    share_of: str | None = None
    comparison: str | None = None
    label: str | None = None
    label_lows: list[str] = field(default_factory=list)  # the whole subject's words
    key: str | None = None
    key_tier: int = 9
    key_priority: int = -99
    key_context: tuple[list[str], ...] = ()
    change: str | None = None
    period: str | None = None
    as_of: str | None = None
    table: dict | None = None
    inherits: bool = False
    from_subject: bool = False  # a bare number whose subject said what it counts
    sentence: int = 0

    def item(self, text: str) -> dict:
        return {
            "value": as_number(self.value),
            "value_max": as_number(self.value_max) if self.value_max is not None else None,
            "unit": self.unit,
            "counted": self.counted if self.unit == "count" else None,
            "qualifier": self.qualifier,
            "label": self.label,
            "key": self.key,
            "change": self.change,
            "comparison": self.comparison,
            "period": self.period,
            "as_of": self.as_of,
            "share_of": self.share_of,
            "table": self.table,
            "text": text[self.start:self.end],
            "start": self.start,
            "end": self.end,
        }


class _Document:
    """Per-document state: blocked spans, sentences, clauses, tables, period phrases."""

    def __init__(self, data: LanguageData, text: str, resolutions: Any):
        self.d = data
        self.text = text
        self.n = len(text)
        self.mask = bytearray(self.n)
        self._block_resolutions(resolutions)
        self._block_patterns()
        self._find_tables()
        self._phrase_cache: dict[int, tuple[list, list]] = {}

    # Tokens, sentences and punctuation are found on first use: a text without figures
    # never needs them.
    _LAZY = {"tstart": "_tokenize", "tend": "_tokenize", "lows": "_tokenize", "ntok": "_tokenize",
             "sentence_starts": "_find_sentences", "punct_pos": "_find_punctuation",
             "punct_chr": "_find_punctuation"}

    def __getattr__(self, name: str) -> Any:
        finder = _Document._LAZY.get(name)
        if finder is None:
            raise AttributeError(name)
        getattr(self, finder)()
        return self.__dict__[name]

    # -- tokens: the whole text once, then addressed by index ---------------------------------

    def _tokenize(self) -> None:
        toks = self.d.lexer.tokens(self.text)
        self.tstart = [t[0] for t in toks]
        self.tend = [t[1] for t in toks]
        self.lows = [t[2] for t in toks]
        self.ntok = len(toks)

    def idx(self, pos: int) -> int:
        """The first token starting at or after pos."""
        return bisect.bisect_left(self.tstart, pos)

    def idx_end(self, pos: int) -> int:
        """The number of tokens ending at or before pos."""
        return bisect.bisect_right(self.tend, pos)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Token indices [i, j) of the tokens lying inside [start, end)."""
        i = self.idx(max(0, start))
        return i, max(i, self.idx_end(end))

    def tokens(self, start: int, end: int) -> list[Tok]:
        i, j = self.span(start, end)
        return list(zip(self.tstart[i:j], self.tend[i:j], self.lows[i:j], strict=True))

    def longest(self, ps: PhraseSet, i: int, limit: int) -> tuple[int, Any] | None:
        """The longest entry of `ps` at token i that ends by token index `limit`."""
        if i >= limit:
            return None
        for j, payload in ps.all_at(self.lows, i):
            if j <= limit:
                return j, payload
        return None

    # -- blocked spans --------------------------------------------------------------------------

    def block(self, start: int, end: int) -> None:
        start, end = max(0, start), min(self.n, end)
        if end > start:
            self.mask[start:end] = b"\x01" * (end - start)

    def blocked(self, start: int, end: int) -> bool:
        return any(self.mask[start:end])

    def _block_resolutions(self, resolutions: Any) -> None:
        if not isinstance(resolutions, list | tuple):
            return
        for item in resolutions:
            if not isinstance(item, dict):
                continue
            mentions = item.get("mentions")
            spans = [item] + [m for m in mentions if isinstance(m, dict)] \
                if isinstance(mentions, list) else [item]
            for span in spans:
                s, e = span.get("start"), span.get("end")
                if isinstance(s, int) and isinstance(e, int) and 0 <= s < e:
                    self.block(s, e)

    def _block_patterns(self) -> None:
        text = self.text
        if "://" in text or "www." in text:
            for m in _URL.finditer(text):
                self.block(m.start(), m.end())
        if "@" in text:
            for m in scan(_EMAIL, text, after=".+-"):
                self.block(m.start(), m.end())
        for m in _LIST_NUMBER.finditer(text):
            self.block(m.start(), m.end())
        for d in _DIGIT_RUN.finditer(text):
            pos = d.start()
            if pos and text[pos - 1].isalpha():
                continue
            if pos and text[pos - 1] == "+" and pos > 1 and text[pos - 2].isdigit():
                self.block(pos - 1, pos + len(re.match(r"\d+", text[pos:pos + 12]).group()))
                continue
            for n, rx in enumerate(_BLOCK_AT_DIGITS):
                m = rx.match(text, pos)
                if m is None:
                    continue
                if n == 0 and _FRACTION_COUNT.match(text, pos):
                    a, b = map(int, re.findall(r"\d+", m.group()))
                    if a <= b and not (a <= 31 and b <= 12):
                        break  # "35/139 xã": a share of a count, read by the extractor
                if n == len(_BLOCK_AT_DIGITS) - 1:  # phone
                    if sum(ch.isdigit() for ch in m.group()) < 9:
                        continue
                    start = pos - 1 if pos and text[pos - 1] == "(" else pos
                    prefix = re.search(r"\+\d{1,3}[\s.\-]?$", text[max(0, start - 6):start])
                    self.block(start - len(prefix.group()) if prefix else start, m.end())
                else:
                    self.block(pos, m.end())
                break
        if self.d.month_date_re is not None:
            for m in scan(self.d.month_date_re, text):
                self.block(m.start(), m.end())
        for rx in self.d.date_res:
            for m in rx.finditer(text):
                self.block(m.start(), m.end())

    # -- tables ---------------------------------------------------------------------------------

    def _find_tables(self) -> None:
        """Runs of consecutive lines that hold TAB-separated cells."""
        self.tables: list[list[tuple[int, int]]] = []
        if "\t" not in self.text:
            self._table_spans: list[tuple[int, int]] = []
            self._table_starts: list[int] = []
            return
        run: list[tuple[int, int]] = []
        pos = 0
        for line in self.text.split("\n"):
            end = pos + len(line)
            if "\t" in line:
                run.append((pos, end))
            elif run:
                self.tables.append(run)
                run = []
            pos = end + 1
        if run:
            self.tables.append(run)
        self._table_spans = [(run[0][0], run[-1][1]) for run in self.tables]
        self._table_starts = [s for s, _ in self._table_spans]

    def in_table(self, pos: int) -> bool:
        i = bisect.bisect_right(self._table_starts, pos) - 1
        return i >= 0 and self._table_spans[i][0] <= pos < self._table_spans[i][1]

    # -- sentences and clauses ------------------------------------------------------------------

    def _find_sentences(self) -> None:
        text = self.text
        starts = [0]
        for m in _SENTENCE_END.finditer(text):
            ch = m.group()[0]
            if ch in ".!?…":
                nxt = re.match(r"\s*[\"“‘«(\[]*(.)", text[m.end():m.end() + 8], re.S)
                if nxt is None:
                    continue
                c = nxt.group(1)
                if not (c.isupper() or c.isdigit() or c in "-•–"):
                    continue
                if ch == ".":
                    prev = re.search(r"([\w.]+)\.$", text[max(0, m.start() - 12):m.start() + 1])
                    if prev and (prev.group(1).lower() in self.d.abbreviations
                                 or (len(prev.group(1)) == 1 and prev.group(1).isupper())):
                        continue
            starts.append(m.end())
        self.sentence_starts = starts

    def sentence(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.sentence_starts, pos) - 1
        end = self.sentence_starts[i + 1] if i + 1 < len(self.sentence_starts) else self.n
        return self.sentence_starts[i], end

    def _find_punctuation(self) -> None:
        text = self.text
        pos, chars = [], []
        for m in re.finditer(r"[,;()\[\]]", text):
            i = m.start()
            c = text[i]
            if c == "," and 0 < i < self.n - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
                continue  # a decimal comma
            pos.append(i)
            chars.append(c)
        self.punct_pos = pos
        self.punct_chr = chars

    def clause(self, start: int, end: int, sent: tuple[int, int]) -> tuple[int, int]:
        """The clause around [start, end): between commas or semicolons, inside brackets."""
        s0, s1 = sent
        pos, chars = self.punct_pos, self.punct_chr
        i = bisect.bisect_left(pos, start) - 1
        depth = 0
        c_start = s0
        while i >= 0 and pos[i] >= s0:
            c = chars[i]
            if c in ")]":
                depth += 1
            elif c in "([":
                if not depth:
                    c_start = pos[i] + 1
                    break
                depth -= 1
            elif not depth:
                c_start = pos[i] + 1
                break
            i -= 1
        j = bisect.bisect_left(pos, end)
        depth = 0
        c_end = s1
        while j < len(pos) and pos[j] < s1:
            c = chars[j]
            if c in "([":
                depth += 1
            elif c in ")]":
                if not depth:
                    c_end = pos[j]
                    break
                depth -= 1
            elif not depth:
                c_end = pos[j]
                break
            j += 1
        return c_start, c_end

    # -- period and as-of phrases ---------------------------------------------------------------

    def phrases(self, sent: tuple[int, int]) -> tuple[list, list]:
        """Period and as-of phrases of one sentence (found on first use)."""
        hit = self._phrase_cache.get(sent[0])
        if hit is None:
            hit = (self._phrases(self.d.period_res, *sent), self._phrases(self.d.as_of_res, *sent))
            self._phrase_cache[sent[0]] = hit
        return hit

    def _phrases(self, patterns: list[re.Pattern], lo: int, hi: int) -> list[tuple[int, int, str]]:
        found = []
        for rx in patterns:
            for m in scan(rx, self.text, lo, hi):
                if m.end() <= m.start():
                    continue
                if any(num and not num.isdigit() and number_words_value([num], self.d.lang) is None
                       for num in m.groupdict().values()):
                    continue
                found.append((m.start(), m.end(), m.group()))
        # Longest first at a position; drop phrases inside another one.
        found.sort(key=lambda f: (f[0], -f[1]))
        out: list[tuple[int, int, str]] = []
        for f in found:
            if out and f[1] <= out[-1][1]:
                continue
            out.append(f)
        return out

    @staticmethod
    def covering(spans: list[tuple[int, int, str]], start: int, end: int) -> bool:
        i = bisect.bisect_right(spans, (start, 1 << 62, "")) - 1
        return i >= 0 and spans[i][0] <= start and end <= spans[i][1]


def scan(rx: re.Pattern, text: str, lo: int = 0, hi: int | None = None,
         after: str = "") -> Iterable[re.Match]:
    """Matches of `rx` that do not start inside a word (nor right after a character of
    `after`). The check is made here, not in the pattern: a pattern opening with a
    look-behind cannot use the regex engine's fast scan for its first character."""
    hi = len(text) if hi is None else hi
    pos = lo
    while pos < hi:
        m = rx.search(text, pos, hi)
        if m is None:
            return
        start = m.start()
        if start:
            prev = text[start - 1]
            if prev.isalnum() or prev == "_" or prev in after:
                pos = start + 1
                continue
        yield m
        pos = m.end() if m.end() > start else start + 1


def _gap_ok(text: str, a: int, b: int) -> bool:
    """Only spaces (no line break, at most three characters) between a and b."""
    gap = text[a:b]
    return len(gap) <= 3 and gap.strip() == "" and "\n" not in gap


class _Reader:
    """Reads quantities from the text: numbers, scale words, units and counted nouns."""

    def __init__(self, doc: _Document):
        self.doc = doc
        self.d = doc.d
        self.text = doc.text
        kind = "space" if " " in self.d.numbers.groups else "dot"
        self.num_re = re.compile(_NUM_BODY[kind])
        self.num2_re = re.compile(_NUM_BODY[kind])
        self._units: dict[int, tuple[str, int] | None] = {}

    # -- matching word lists around a position -----------------------------------------------

    def match_after(self, ps: PhraseSet, pos: int) -> tuple[int, int, Any] | None:
        """The longest entry of `ps` right after pos (spaces between): (i, j, payload)."""
        doc = self.doc
        i = doc.idx(pos)
        if i >= doc.ntok or not _gap_ok(self.text, pos, doc.tstart[i]):
            return None
        hit = ps.match_at(doc.lows, i)
        if hit is None or "\n" in self.text[doc.tstart[i]:doc.tend[hit[0] - 1]]:
            return None
        return i, hit[0], hit[1]

    def match_before(self, ps: PhraseSet, pos: int) -> tuple[int, Any] | None:
        """The longest entry of `ps` ending right before pos: (start offset, payload)."""
        doc = self.doc
        j = doc.idx_end(pos)
        if j == 0 or not _gap_ok(self.text, doc.tend[j - 1], pos):
            return None
        hit = ps.match_ending(doc.lows, j)
        if hit is None or "\n" in self.text[doc.tstart[hit[0]]:pos]:
            return None
        return doc.tstart[hit[0]], hit[1]

    def scales_after(self, value: Decimal, end: int) -> tuple[Decimal, int, bool]:
        scaled = False
        for _ in range(3):
            hit = self.match_after(self.d.scales, end)
            if hit is None:
                break
            value *= hit[2]
            end = self.doc.tend[hit[1] - 1]
            scaled = True
        return value, end, scaled

    def unit_at(self, pos: int) -> tuple[str, int] | None:
        """A unit right after pos: (code, end)."""
        if pos not in self._units:
            self._units[pos] = self._unit_at(pos)
        return self._units[pos]

    def _unit_at(self, pos: int) -> tuple[str, int] | None:
        doc = self.doc
        i = doc.idx(pos)
        if (i >= doc.ntok or doc.tstart[i] > pos) and i and doc.tend[i - 1] > pos:
            # A unit glued to the digits ("100.000đ", "6km"): the token began before pos.
            glued = re.match(r"[^\W\d_]+[²³23]?", self.text[pos:doc.tend[i - 1]])
            if glued is None or pos + glued.end() != doc.tend[i - 1]:
                return None
            lows = self.d.lexer.lows(glued.group())
            hit = self.d.units.match_at(lows, 0)
            if hit is None or hit[0] != len(lows):
                return None
            return str(hit[1]), doc.tend[i - 1]
        hit = self.match_after(self.d.units, pos)
        if hit is None:
            return None
        i, j, code = hit
        end = doc.tend[j - 1]
        blocker = self.d.unit_not_followed.get(" ".join(doc.lows[i:j]))
        if blocker and j < doc.ntok and _gap_ok(self.text, end, doc.tstart[j]) \
                and blocker.match_at(doc.lows, j) is not None:
            return None
        if end < len(self.text) and (self.text[end].isalnum() or self.text[end] in "²³"):
            return None
        return str(code), end

    # -- readers ------------------------------------------------------------------------------

    def read_digits(self, m: re.Match) -> Quantity | None:
        text = self.text
        start = m.start()
        if start > 0:
            prev = text[start - 1]
            if prev in "+#№$€" or (prev in "-–" and start > 1 and text[start - 2].isalnum()):
                return None
        raw = m.group()
        value = parse_digits(raw, self.d.lang)
        if value is None or (raw.isdigit() and len(raw) >= 8):
            return None  # ungrouped long digit runs are codes and identifiers, not amounts
        year_like = bool(_YEAR.fullmatch(raw))
        nend = m.end()
        # Glued letters: a unit ("6km", "1,5-krotnie", "6,5-procentowy"), else a compound
        # ("9-miesięcznej") or a code ("4A", "5G").
        if nend < len(text) and text[nend] == "-" and text[nend + 1:nend + 2].isalpha():
            word = re.match(r"\w+\.?", text[nend + 1:nend + 40])
            hit = self.d.attached.match_at(self.d.lexer.lows(word.group()), 0) if word else None
            if hit is None:
                return None
            return self.finish_attached(start, nend + 1 + word.end(), value, str(hit[1]))
        if nend < len(text) and text[nend].isalpha() and self.unit_at(nend) is None:
            return None
        base = value
        value, end, scaled = self.scales_after(value, nend)
        if scaled and base:
            value, end = self._compound_amount(value, value / base, end)
        value_max = None
        # A range: "15-20%", "15% - 20%", "từ 15 đến 20%", "od 15 do 20 ha".
        u1 = self.unit_at(end)
        after_u1 = u1[1] if u1 else end
        rng = re.match(r"[ \t]*([\-–—~÷])[ \t]*|[ \t]+(\w+)[ \t]+", text[after_u1:after_u1 + 12])
        if rng is not None:
            joiner = rng.group(1) or rng.group(2) or ""
            if self.d.words["range_join"].match_at(self.d.lexer.lows(joiner), 0) is not None:
                m2 = self.num2_re.match(text, after_u1 + rng.end())
                v2 = parse_digits(m2.group(), self.d.lang) if m2 else None
                if m2 is not None and v2 is not None and not self.doc.blocked(m2.start(), m2.end()):
                    v2s, end2, scaled2 = self.scales_after(v2, m2.end())
                    if scaled2 and not scaled and v2:
                        value = value * (v2s / v2)
                    if v2s >= value:
                        value_max = v2s
                        end = end2
                        year_like = year_like and bool(_YEAR.fullmatch(m2.group()))
                        scaled = scaled or scaled2
        return self.finish(start, end, value, value_max, scaled, year_like, words=False)

    def finish_attached(self, start: int, end: int, value: Decimal, unit: str) -> Quantity:
        """ "6,5-procentowy wzrost": the unit is glued to the number; a trailing dot belongs
        to the abbreviation only when it is one ("proc.")."""
        if self.text[end - 1] == "." and not self.text[start:end].lower().endswith("proc."):
            end -= 1
        return Quantity(start, end, value, unit, head=start)

    def _compound_amount(self, value: Decimal, scale: Decimal, end: int) -> tuple[Decimal, int]:
        """ "3 tỷ 500 triệu đồng" = 3 500 000 000: parts with falling scales add up."""
        while True:
            gap = re.match(r"[ \t]+", self.text[end:end + 3])
            m = self.num2_re.match(self.text, end + gap.end()) if gap else None
            part = parse_digits(m.group(), self.d.lang) if m else None
            if not part:
                return value, end
            part_value, part_end, scaled = self.scales_after(part, m.end())
            if not scaled or part_value / part >= scale:
                return value, end
            value, end, scale = value + part_value, part_end, part_value / part

    def read_words(self, m: re.Match) -> Quantity | None:
        """A number in words ("hai xã", "dwie gminy", "ba mươi lăm phần trăm")."""
        lex = self.d.numbers
        words = [(m.start() + w.start(), m.start() + w.end(), w.group())
                 for w in re.finditer(r"[^\s\-]+", m.group())]
        # Words that cannot end a number ("hai mươi năm" = twenty years).
        while words and words[-1][2].lower() in lex.not_last and not (
            len(words) > 1 and words[-2][2].lower() in lex.zero
        ):
            words.pop()
        if not words:
            return None
        value = number_words_value([w for _, _, w in words], self.d.lang)
        if value is None or value == 0:
            return None
        start, end = words[0][0], words[-1][1]
        # Cheap checks on the raw text first: most number words ("một", "năm") are no figure.
        nxt = re.match(r"[ \t]{1,3}(\S)", self.text[end:end + 4])
        if nxt is None or not (nxt.group(1).isalpha() or nxt.group(1) in "%$€°"):
            return None
        single_weak = len(words) == 1 and words[0][2].lower() in lex.needs_unit
        if single_weak and not self.d.unit_or_scale_re.match(self.text, end + nxt.start(1)):
            return None
        if self.match_before(self.d.numword_not_after, start):
            return None
        value, end, scaled = self.scales_after(value, end)
        weak = single_weak and not scaled
        q = self.finish(start, end, value, None, scaled, False, words=True, weak=weak)
        if q is not None and q.unit == "x" and value == 1:
            return None  # "một lần" is "once", not "one times as much"
        return q

    def read_word_multiplier(self, m: re.Match) -> Quantity | None:
        hit = self.d.word_multipliers.match_at(self.d.lexer.lows(m.group()), 0)
        if hit is None:
            return None
        return Quantity(m.start(), m.end(), hit[1], "x", head=m.start())

    def finish(self, start: int, end: int, value: Decimal, value_max: Decimal | None,
               scaled: bool, year_like: bool, words: bool, weak: bool = False) -> Quantity | None:
        """The unit or counted noun after the number, and the context that rules it out."""
        d = self.d
        text = self.text
        unit = None
        counted = None
        hit = self.unit_at(end)
        if hit is not None:
            unit, end = hit
        else:
            mult = self.match_after(d.mult_words, end)
            if mult is not None and self._multiplier_context(start):
                unit, end = "x", self.doc.tend[mult[1] - 1]
        if unit is None:
            if weak:
                return None
            found = self.counted(end, words)
            if found is not None:
                counted, end = found
                unit = "count"
            elif (found := self._out_of(end, words)) is not None:
                counted = found[0]  # the second number is read on its own
                unit = "count"
            elif scaled and not words:
                unit = "count"
            elif words or year_like:
                return None
            else:
                unit = ""  # bare: kept only if its subject names what it counts
        if unit in ("count", "x", ""):
            if self.match_before(d.words["not_after"], start) is not None:
                return None
            if start > 0 and text[start - 1] in "\"“„«'‘":
                return None
        if unit == "count" and year_like and not scaled:
            known = counted is not None and self._known_counted(counted)
            if self.match_before(d.words["year_before"], start) is not None:
                return None
            if d.counted_extent == "lexicon" and not known:
                return None
        if year_like and value_max is not None and unit in ("count", "x", ""):
            return None
        return Quantity(start, end, value, unit, value_max, counted, head=start)

    def _multiplier_context(self, start: int) -> bool:
        if not self.d.mult_requires:
            return True
        qual = self.match_before(self.d.qualifiers, start)
        pos = qual[0] if qual is not None else start
        return self.match_before(self.d.mult_requires, pos) is not None

    def _known_counted(self, counted: str) -> bool:
        lows = self.d.lexer.lows(counted)
        hit = self.d.words["counted"].match_at(lows, 0)
        return hit is not None and hit[0] == len(lows)

    def _out_of(self, pos: int, words: bool) -> tuple[str, int] | None:
        """ "128 na 198 gmin", "41 trên 108 xã": the noun after the second number."""
        hit = self.match_after(self.d.words["out_of"], pos)
        if hit is None:
            return None
        after = self.doc.tend[hit[1] - 1]
        gap = re.match(r"[ \t]{0,2}", self.text[after:after + 2]).end()
        m2 = self.num2_re.match(self.text, after + gap)
        if m2 is None:
            return None
        return self.counted(m2.end(), words)

    def counted(self, pos: int, words: bool) -> tuple[str, int] | None:
        """The counted noun phrase right after pos: (text as written, end)."""
        d = self.d
        doc = self.doc
        i = doc.idx(pos)
        if i >= doc.ntok or not _gap_ok(self.text, pos, doc.tstart[i]) \
                or not doc.lows[i][:1].isalpha():
            return None
        lows = doc.lows
        known = self.match_after(d.words["counted"], pos)
        if known is None:
            for name in ("time_nouns", "not_counted", "stop"):
                if d.words[name].match_at(lows, i) is not None:
                    return None
        if d.counted_extent == "morphology":
            j = self._extent_by_morphology(i)
            if j is None:
                if known is None:
                    return None
                j = known[1]
            if known is None and any(d.words["time_nouns"].match_at(lows, k) for k in range(i, j)):
                return None
            if words and not self._word_count_noun(range(i, j)):
                return None
        else:
            if known is not None:
                j = known[1]
            elif self.text[doc.tstart[i]].isupper():
                return None
            else:
                j = i
            # A known head noun takes the words after it, as an unknown phrase does:
            # "cuộc thanh tra", "lượt tuần tra" (not past a stop word: "đơn vị hành chính cấp xã").
            if j - i < 3:
                while j < doc.ntok and j - i < d.counted_max_words:
                    if not lows[j].replace("_", "").isalpha() or (
                        j > i and not _gap_ok(self.text, doc.tend[j - 1], doc.tstart[j])
                    ):
                        break
                    if j > i and (d.words["stop"].match_at(lows, j) is not None
                                  or d.words["time_nouns"].match_at(lows, j) is not None
                                  or self.text[doc.tstart[j]].isupper()):
                        break
                    j += 1
            if j == i:
                return None
            if words and not self._word_count_noun([i]):
                return None
        end = doc.tend[j - 1]
        return self.text[doc.tstart[i]:end], end

    def _word_count_noun(self, heads: Iterable[int]) -> bool:
        """Whether a number in words may count this noun ("hai xã" yes, "hai nước" no)."""
        d = self.d
        lows = self.doc.lows
        heads = list(heads)
        if any(d.words["word_not_counted"].match_at(lows, k) for k in heads):
            return False
        allowed = d.words["word_count_nouns"]
        return not allowed or any(allowed.match_at(lows, k) for k in heads)

    def _extent_by_morphology(self, i: int) -> int | None:
        """Adjectives, a noun, adjectives: "kluczowych grup", "jednostek administracyjnych"."""
        doc = self.doc
        morph = self.d.morph
        j = i
        head = None
        while j < doc.ntok and j - i < self.d.counted_max_words:
            low = doc.lows[j]
            if not low.isalpha() or (j > i and not _gap_ok(self.text, doc.tend[j - 1],
                                                           doc.tstart[j])):
                break
            tags = morph.analyse(low)[1]
            if head is None:
                nxt = morph.analyse(doc.lows[j + 1])[1] if j + 1 < doc.ntok else frozenset()
                if tags & morph.ADJ and nxt & morph.NOUN and doc.lows[j + 1].isalpha():
                    pass  # "nowych przedsiębiorstw": an adjective before its noun
                elif tags & morph.NOUN or "ign" in tags or not tags:
                    head = j
                elif not tags & morph.ADJ:
                    return None
            elif not tags & morph.ADJ or tags & morph.NOUN:
                break
            j += 1
        return None if head is None else j

    # -- the whole text ------------------------------------------------------------------------

    def quantities(self, lo: int, hi: int, in_table: bool = False) -> list[Quantity]:
        doc = self.doc
        found: list[tuple[int, int, Quantity]] = []
        for m in scan(self.num_re, self.text, lo, hi, after=_NUM_AFTER):
            if doc.mask[m.start()] or (not in_table and doc.in_table(m.start())):
                continue
            q = self.read_digits(m)
            if q is not None:
                found.append((q.start, 0, q))
        for m in scan(self.d.number_word_re, self.text, lo, hi):
            if doc.blocked(m.start(), m.end()) or (not in_table and doc.in_table(m.start())):
                continue
            q = self.read_words(m)
            if q is not None:
                found.append((q.start, 1, q))
        if self.d.word_multiplier_re is not None:
            for m in scan(self.d.word_multiplier_re, self.text, lo, hi):
                if not in_table and doc.in_table(m.start()):
                    continue
                q = self.read_word_multiplier(m)
                if q is not None:
                    found.append((q.start, 2, q))
        found.sort(key=lambda x: (x[0], x[1]))
        out: list[Quantity] = []
        last_end = -1
        for start, _, q in found:
            if start < last_end or q.end > hi or doc.blocked(q.start, q.end):
                continue
            out.append(q)
            last_end = q.end
        return out


class _Meaning:
    """What a figure measures, read from its sentence: label, key, change, period..."""

    def __init__(self, doc: _Document, reader: _Reader):
        self.doc = doc
        self.reader = reader
        self.d = doc.d
        self.text = doc.text
        self._lead: list[str] | None = None

    def lows(self, text: str) -> list[str]:
        return self.d.lexer.lows(text)

    def key_of(self, lows: list[str], unit: str, counted: list[str] | None = None) -> KeyHit | None:
        return self.d.taxonomy.best(lows, unit, counted) if lows else None

    # -- one figure ----------------------------------------------------------------------------

    def read(self, q: Quantity, prev: Quantity | None) -> None:
        """Fill in what `q` measures; `prev` is the figure read before it."""
        doc = self.doc
        sent = doc.sentence(q.start)
        q.sentence = sent[0]
        clause = doc.clause(q.start, q.end, sent)
        qual = self._read_head(q, clause[0])
        self._read_tail(q, clause[1])
        # The clause up to the figure; it starts after an earlier figure in the same clause.
        b = clause[0]
        after_prev = prev is not None and prev.sentence == q.sentence and prev.consumed > b
        if after_prev:
            b = prev.consumed
        # Up to the number itself: a qualifier may be the predicate ("przekraczając 45%").
        ri, rj = doc.span(max(b, q.head - 300), q.start)
        pred = self._last_predicate(ri, rj)
        if pred is not None:
            if qual is not None and doc.tstart[pred[0]] < qual < doc.tend[pred[1] - 1]:
                q.qualifier = None  # "cao hơn" is the predicate, not the qualifier "hơn"
            q.change = self._change(doc.lows[pred[0]:pred[1]])
            subject = range(ri, pred[0])
            window_start = doc.tstart[pred[0]]
        else:
            subject = range(ri, rj)
            window_start = doc.tstart[ri] if rj > ri else q.head
            if after_prev:
                q.change = prev.change  # "spadł z 15,2% do 12,1%": one predicate for both
        # "6,5-procentowy wzrost", "5-proc. spadek": a change noun right after the figure.
        q.change = self._change_after(q.end) or q.change
        periods, as_ofs = doc.phrases(sent)
        label, label_lows = self._label(subject, periods, as_ofs)
        if label and after_prev and self.key_of(label_lows, q.unit or "count") is None:
            label = None  # the tail of the previous figure's clause, not a subject
        if label is None and prev is not None and prev.sentence == q.sentence:
            q.inherits = True
            label = prev.label
            label_lows = prev.label_lows
            if pred is None and q.change is None:
                q.change = prev.change  # "spadł do 8,5%, czyli o 2,1 pkt proc."
        if q.unit == "":
            if q.inherits and prev is not None and prev.from_subject:
                q.unit, q.counted, q.from_subject = "count", prev.counted, True
            else:
                self._bare_count(q, label_lows, label)
            if q.unit == "":
                return  # a bare number that counts nothing
        q.label, q.label_lows = label, label_lows
        if q.change is None and q.unit in ("%", "pp") and self.d.growth_nouns.search(label_lows):
            q.change = "increase"  # "tốc độ tăng trưởng ... đạt 6%"
        wi, wj = doc.span(window_start, self._window_end(q.consumed, clause[1], sent[1]))
        self._read_key(q, label_lows, doc.lows[subject.start:subject.stop],
                       doc.lows[wi:wj], (b, sent[1]))
        if q.unit == "count" and (label is None or q.inherits or q.key_tier == 0
                                  or not self._has_key(label_lows)):
            q.label = q.counted or label
        si, sj = doc.span(sent[0], q.head)
        q.key_context = (label_lows, doc.lows[wi:wj], doc.lows[max(si, sj - 40):sj])
        q.period = self._nearest(periods, as_ofs, q, sent, clause[1], as_of=False)
        as_of = self._nearest(as_ofs, as_ofs, q, sent, clause[1], as_of=True)
        q.as_of = self._parse_date(as_of) if as_of else None

    def _read_head(self, q: Quantity, c_start: int) -> int | None:
        """Range opener ("từ", "od") and qualifier ("hơn", "ponad") before the number: sets
        q.head and q.qualifier; returns where the qualifier starts."""
        d = self.d
        rd = self.reader
        q.head = q.start
        if q.value_max is not None:
            opener = rd.match_before(d.words["range_start"], q.head)
            if opener is not None:
                q.head = opener[0]
        qual = rd.match_before(d.qualifiers, q.head)
        if qual is None or qual[0] < c_start:
            return None
        q.qualifier = str(qual[1])
        q.head = qual[0]
        return qual[0]

    def _read_tail(self, q: Quantity, c_end: int) -> None:
        """Share of a plan ("69% dự toán") and comparison base ("so với cùng kỳ") after the
        figure; q.consumed ends after them."""
        pos = q.end
        if q.unit == "%":
            share = self._share_of(pos)
            if share is not None:
                q.share_of, pos = share
        comparison = self._comparison(pos, c_end)
        if comparison is not None:
            q.comparison, pos = comparison
        q.consumed = max(pos, q.end)

    def _change(self, lows: list[str]) -> str | None:
        if self.d.increase.search(lows):
            return "increase"
        if self.d.decrease.search(lows):
            return "decrease"
        return None

    def _change_after(self, pos: int) -> str | None:
        if self.reader.match_after(self.d.increase, pos) is not None:
            return "increase"
        if self.reader.match_after(self.d.decrease, pos) is not None:
            return "decrease"
        return None

    def _read_key(self, q: Quantity, label_lows: list[str], subject_lows: list[str],
                  window_lows: list[str], reach: tuple[int, int]) -> None:
        """The key from the first word group that holds a keyword (in a group the higher
        priority wins): a count's own noun and words first; a figure with its own subject,
        that subject first; one sharing a subject, its own words first."""
        d = self.d
        doc = self.doc
        counted_lows = self.lows(q.counted) if q.counted else []
        if q.unit == "count":
            tiers = [counted_lows + window_lows, label_lows + subject_lows]
        elif q.inherits:
            tiers = [window_lows, label_lows]
        else:
            tiers = [label_lows, window_lows]
        for tier, lows in enumerate(tiers):
            hit = self.key_of(lows, q.unit, counted_lows)
            if hit is not None:
                q.key, q.key_tier, q.key_priority = hit.key, tier, hit.priority
                break
        # Damage words anywhere in the clause, past commas ("3.250 ha lúa, ngô, rau màu bị
        # ngập"), replace the crop or house they damaged.
        xi, xj = doc.span(max(reach[0], q.head - 300), self._clause_end(q.consumed, reach[1]))
        hit = d.taxonomy.best(doc.lows[xi:xj], q.unit, counted_lows, reach=True)
        if hit is not None and hit.key != q.key and d.taxonomy.overrides(hit.key, q.key):
            q.key, q.key_tier, q.key_priority = hit.key, len(tiers), hit.priority

    def _has_key(self, lows: list[str]) -> bool:
        return bool(lows) and self.d.taxonomy.best(lows, None) is not None

    def _bare_count(self, q: Quantity, label_lows: list[str], label: str | None) -> None:
        """A bare number counts what its subject names: "số đơn vị hành chính ... 200"."""
        if not label or q.inherits and not label_lows:
            return
        hit = self.d.words["count_subjects"].match_at(label_lows, 0)
        for k in range(len(label_lows)):
            if hit is not None:
                break
            hit = self.d.words["count_subjects_inside"].match_at(label_lows, k)
        if hit is None or hit[0] >= len(label_lows):
            return
        # The subject after "số"/"liczba", read as a counted phrase.
        toks = self.d.lexer.tokens(label)
        rest = label[toks[hit[0]][0]:]
        found = _Reader(_Document(self.d, rest, [])).counted(0, False)
        q.unit = "count"
        q.counted = found[0] if found else rest
        q.from_subject = True

    def _last_predicate(self, i: int, j: int) -> tuple[int, int] | None:
        """The last predicate in tokens [i, j): scanned from the figure backwards."""
        d = self.d
        doc = self.doc
        for k in range(j - 1, i - 1, -1):
            hit = doc.longest(d.predicates, k, j)
            if hit is None and d.morph.is_verb(doc.lows[k]):
                hit = (k + 1, None)
            if hit is None:
                continue
            start, end = k, hit[0]
            # A longer predicate may begin a word or two earlier ("tăng gấp" before "gấp").
            for back in range(max(i, k - 3), k):
                longer = doc.longest(d.predicates, back, j)
                if longer is not None and longer[0] > k:
                    start, end = back, longer[0]
                    break
            return start, end
        return None

    def _label(self, subject: range, periods: list, as_ofs: list
               ) -> tuple[str | None, list[str]]:
        """The subject cleaned into a short label (None when nothing is left of it), and the
        words of the whole cleaned subject, for keywords."""
        d = self.d
        doc = self.doc
        # Period and as-of phrases and blocked dates are no part of a label.
        if not subject:
            return None, []
        lo, hi = doc.tstart[subject[0]], doc.tend[subject[-1]]
        cut = [(s, e) for s, e, _ in periods + as_ofs if s < hi and e > lo]
        keep = [k for k in subject[:30]
                if not doc.mask[doc.tstart[k]]
                and not any(s <= doc.tstart[k] and doc.tend[k] <= e for s, e in cut)]
        lows = [doc.lows[k] for k in keep]
        for k in range(len(lows) - 1, -1, -1):
            hit = d.words["subject_break"].match_at(lows, k)
            if hit is not None:
                keep = keep[hit[0]:]
                break
        changed = True
        while keep and changed:
            changed = False
            lows = [doc.lows[k] for k in keep]
            if not lows[0][:1].isalnum() and lows[0] not in ("(", "“", '"'):
                keep, changed = keep[1:], True
                continue
            if not lows[-1][:1].isalnum() and lows[-1] not in (")", "”", '"', "%"):
                keep, changed = keep[:-1], True
                continue
            hit = d.words["label_strip_start"].match_at(lows, 0)
            if hit is not None:
                keep, changed = keep[hit[0]:], True
                continue
            hit = d.words["label_strip_end"].match_ending(lows, len(lows)) \
                or d.qualifiers.match_ending(lows, len(lows)) \
                or d.predicates.match_ending(lows, len(lows))
            if hit is not None:
                keep, changed = keep[:hit[0]], True
        if not keep:
            return None, []
        lows = [doc.lows[k] for k in keep]
        if d.words["relative"].match_at(lows, 0) is not None:
            return None, []
        if not any(t[:1].isalpha() for t in lows):
            return None, []
        keep = keep[:12]
        full_lows = lows[:12]
        # A short label: cut before a place or owner phrase ("GRDP của tỉnh", "obroty ... przez
        # przejścia graniczne"), keeping a bracketed acronym ("(GRDP)") found after the cut.
        lows = [doc.lows[k] for k in keep]
        cut = next((n for n in range(2 if len(keep) > 2 else 1, len(keep))
                    if d.words["label_cut"].match_at(lows, n) is not None), None)
        if cut is not None:
            tail = keep[cut:]
            opens = [n for n, k in enumerate(tail) if doc.lows[k] == "("]
            closes = [n for n, k in enumerate(tail) if doc.lows[k] == ")"]
            keep = keep[:cut]
            if opens and closes and closes[0] > opens[0]:
                keep += tail[opens[0]:closes[0] + 1]
        parts = []
        for n, k in enumerate(keep):
            if n:
                gap = self.text[doc.tend[keep[n - 1]]:doc.tstart[k]]
                parts.append(gap if gap in ("", " ") else " ")
            parts.append(self.text[doc.tstart[k]:doc.tend[k]])
        label = "".join(parts).strip()
        if label.count("(") == label.count(")") + 1:
            label += ")"
        return (label or None), (full_lows if label else [])

    def _share_of(self, pos: int) -> tuple[str, int] | None:
        d = self.d
        doc = self.doc
        rd = self.reader
        hit = rd.match_after(d.words["share_of"], pos)
        if hit is None:
            i = doc.idx(pos)
            if i + 1 >= doc.ntok or not _gap_ok(self.text, pos, doc.tstart[i]):
                return None
            if not d.morph.analyse(doc.lows[i])[1] & d.morph.ADJ:
                return None
            # One adjective between ("69% centralnego szacunku budżetowego").
            hit = rd.match_after(d.words["share_of"], doc.tend[i])
            if hit is None:
                return None
        end = doc.tend[hit[1] - 1]
        return self.text[doc.tstart[hit[0]]:end], end

    def _comparison(self, pos: int, limit: int) -> tuple[str, int] | None:
        d = self.d
        doc = self.doc
        hit = self.reader.match_after(d.words["comparison"], pos)
        if hit is None:
            return None
        i, n, _ = hit
        stop = doc.idx_end(limit)
        lows = doc.lows
        while n < stop and n < hit[1] + 8:
            if not lows[n][:1].isalnum() and lows[n] not in ("-", "/", "."):
                break
            if d.words["comparison_stop"].match_at(lows, n) is not None:
                break
            n += 1
        while n > hit[1] and not lows[n - 1][:1].isalnum():
            # Keep the dot of a short abbreviation ("2024 r."), drop a full stop.
            if lows[n - 1] == "." and lows[n - 2].isalpha() and len(lows[n - 2]) <= 2:
                break
            n -= 1
        end = doc.tend[n - 1]
        return self.text[doc.tstart[i]:end], end

    def _window_end(self, pos: int, c_end: int, s_end: int) -> int:
        """A few words after the figure, to the clause end; a relative clause continues it."""
        d = self.d
        doc = self.doc
        limit = c_end
        if c_end < s_end and self.text[c_end:c_end + 1] == "," and \
                self.reader.match_after(d.words["relative_after"], c_end + 1) is not None:
            limit = doc.clause(c_end + 2, c_end + 2, (c_end + 1, s_end))[1]
        i, j = doc.span(pos, limit)
        end = pos
        for k in range(i, min(j, i + d.window_words)):
            if d.words["window_stop"].match_at(doc.lows, k) is not None:
                break
            end = doc.tend[k]
        return end

    def _clause_end(self, pos: int, s_end: int) -> int:
        """Up to the next semicolon or sentence end, at most a dozen words on."""
        semi = self.text.find(";", pos, s_end)
        i, j = self.doc.span(pos, s_end if semi < 0 else semi)
        return self.doc.tend[min(j, i + 12) - 1] if j > i else pos

    def _nearest(self, spans: list[tuple[int, int, str]], as_ofs: list, q: Quantity,
                 sent: tuple[int, int], c_end: int, as_of: bool) -> str | None:
        """The closest phrase before the figure in its sentence, else the first after it.

        Periods inside dates ("1 lipca 2025 roku") or inside an as-of phrase are no periods.
        """
        if not spans:
            return None
        doc = self.doc

        def usable(s: int, e: int) -> bool:
            return as_of or not (any(doc.mask[s:e]) or doc.covering(as_ofs, s, e))

        i = bisect.bisect_left(spans, (q.start, -1, ""))
        for j in range(i - 1, -1, -1):
            s, e, t = spans[j]
            if s < sent[0]:
                break
            if e <= q.head and usable(s, e):
                return _clean_phrase(t)
        for k in range(i, len(spans)):
            s, e, t = spans[k]
            if s >= c_end:
                break
            if s >= q.consumed and usable(s, e):
                return _clean_phrase(t)
        return None

    def _parse_date(self, phrase: str) -> str | None:
        m = re.search(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})", phrase)
        if m:
            day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            m = re.search(r"(\d{1,2})\s+(?:tháng\s+)?(\w+)(?:\s+năm)?\s+(\d{4})", phrase, _I)
            if not m:
                return None
            day, year = int(m.group(1)), int(m.group(3))
            word = m.group(2).lower()
            month = int(word) if word.isdigit() else self.d.months.get(word)
            if month is None:
                return None
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None

    # -- across figures ------------------------------------------------------------------------

    def fill_keys(self, qs: list[Quantity]) -> None:
        """Keys for figures that found none (or only a generic one) in their own words."""
        tax = self.d.taxonomy

        def assign(q: Quantity, key: str) -> None:
            q.key = key
            q.key_priority = tax.by_name[key].priority

        for i, q in enumerate(qs):
            prev = qs[i - 1] if i else None
            shares = prev is not None and prev.sentence == q.sentence
            if q.unit == "count" and q.counted and q.key_tier == 0 and q.key_priority <= 0:
                # "5 xã đạt chuẩn nông thôn mới, nâng tổng số lên 41 xã": the same noun.
                same = self._same_noun(qs, i, same_sentence=True)
                if same is not None and same.key != q.key and same.key_priority > q.key_priority:
                    assign(q, same.key)
            counted = self.lows(q.counted) if q.counted else []
            if q.key is not None and q.inherits and shares and prev.key and \
                    prev.key_priority > q.key_priority and tax.allows(prev.key, q.unit, counted):
                assign(q, prev.key)  # the shared subject's key beats a generic one ("gmin")
            if q.key is not None:
                continue
            if shares:
                for lows in prev.key_context[:2]:
                    hit = self.key_of(lows, q.unit, counted)
                    if hit is not None:
                        assign(q, hit.key)
                        break
                if q.key is None and prev.key and tax.allows(prev.key, q.unit, counted):
                    assign(q, prev.key)
                if q.key is not None:
                    continue
            if q.key_context:
                hit = self.key_of(q.key_context[2], q.unit, counted)
                if hit is not None:
                    assign(q, hit.key)
                    continue
            if q.unit == "count" and q.counted:
                same = self._same_noun(qs, i, same_sentence=False)
                if same is not None:
                    assign(q, same.key)
                    continue
            lead = self.lead()
            hit = tax.best(lead, q.unit, self.lows(q.counted or ""), topic=True) if lead else None
            if hit is not None:
                assign(q, hit.key)

    @staticmethod
    def _same_noun(qs: list[Quantity], i: int, same_sentence: bool) -> Quantity | None:
        q = qs[i]
        head = q.counted.split()[0].lower() if q.counted else ""
        for p in reversed(qs[max(0, i - 8):i]):
            if q.start - p.end > 1500 or (same_sentence and p.sentence != q.sentence):
                break
            if p.unit == "count" and p.key and p.counted and p.counted.split()[0].lower() == head:
                return p
        return None

    def lead(self) -> list[str]:
        """The article's opening sentence: its topic keys the figures nothing else keys."""
        if self._lead is None:
            starts = self.doc.sentence_starts
            end = starts[1] if len(starts) > 1 else self.doc.n
            i, j = self.doc.span(0, min(end, 400))
            self._lead = self.doc.lows[i:j]
        return self._lead


def _clean_phrase(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" ,;")


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------


class _Tables:
    """Figures in TAB-separated rows: the first row names the columns, the first cell the row."""

    def __init__(self, doc: _Document, reader: _Reader, meaning: _Meaning):
        self.doc = doc
        self.reader = reader
        self.meaning = meaning
        self.d = doc.d

    def _cells(self, start: int, end: int) -> list[tuple[int, int, str]]:
        cells = []
        pos = start
        text = self.doc.text
        for raw in text[start:end].split("\t"):
            s = pos + len(raw) - len(raw.lstrip())
            e = pos + len(raw.rstrip())
            if e > s:
                cells.append((s, e, text[s:e]))
            pos += len(raw) + 1
        return cells

    def _is(self, name: str, text: str) -> bool:
        lows = self.meaning.lows(text)
        hit = self.d.words[name].match_at(lows, 0) if lows else None
        return hit is not None and hit[0] == len(lows)

    def quantities(self) -> list[Quantity]:
        out: list[Quantity] = []
        for run in self.doc.tables:
            rows = [self._cells(s, e) for s, e in run]
            rows = [r for r in rows if r]
            if len(rows) < 2:
                continue
            width = max(len(r) for r in rows)
            header = [c[2] for c in rows[0]]
            # A header without the corner cell is shifted right ("\tNăm 2024\tNăm 2025").
            header = [""] * (width - len(header)) + header
            row_col = 1 if header and self._is("row_number_headers", header[0]) else 0
            unit_col = next((k for k, h in enumerate(header) if h and self._is("unit_headers", h)),
                            None)
            for cells in rows[1:]:
                if len(cells) <= row_col:
                    continue
                row_name = cells[row_col][2]
                unit_text = cells[unit_col][2] if unit_col is not None and unit_col < len(cells) \
                    else None
                for k, (cs, ce, _ctext) in enumerate(cells):
                    if k <= row_col or k == unit_col:
                        continue
                    col_name = header[k] if k < len(header) else ""
                    out.extend(self._cell(cs, ce, row_name, col_name, unit_text))
        return out

    def _cell(self, cs: int, ce: int, row: str, col: str, unit_text: str | None) -> list[Quantity]:
        qs = [q for q in self.reader.quantities(cs, ce, in_table=True) if q.unit]
        if not qs:
            m = self.reader.num_re.fullmatch(self.doc.text, cs, ce)
            value = parse_digits(m.group(), self.d.lang) if m and not self.doc.mask[cs] else None
            if value is None:
                return []
            # A unit in the column header ("Tăng/giảm (%)") beats the row's unit column.
            unit, scale, counted = self._header_unit([col, unit_text, row])
            if unit is None and _YEAR.fullmatch(m.group()):
                return []  # a year in a cell ("Năm" column), not a figure
            qs = [Quantity(cs, ce, value * scale, unit or "count", counted=counted, head=cs)]
        for q in qs:
            q.label = f"{row} – {col}" if col else row
            q.table = {"row": row, "column": col}
            for t in (row, col):
                hit = self.meaning.key_of(self.meaning.lows(t), q.unit) if t else None
                if hit is not None:
                    q.key = hit.key
                    break
            col_lows = self.meaning.lows(col)
            inc, dec = self.d.increase.search(col_lows), self.d.decrease.search(col_lows)
            q.change = "increase" if inc and not dec else "decrease" if dec and not inc else None
            for t in (col, row):
                found = next((rx.search(t) for rx in self.d.period_res if rx.search(t)), None)
                if found or _YEAR.fullmatch(t.strip()):
                    q.period = _clean_phrase(found.group() if found else t)
                    break
        return qs

    def _header_unit(self, texts: list[str | None]) -> tuple[str | None, Decimal, str | None]:
        """The unit a header names: "Giá trị (tỷ đồng)", "ĐVT: %", a unit cell "Tỷ đồng",
        "Nghìn lượt" (a count of "lượt" in thousands): (unit, scale, counted)."""
        for t in texts:
            if not t:
                continue
            for cand in re.findall(r"\(([^()]{1,30})\)", t) + [re.sub(r"^[^:]*:\s*", "", t), t]:
                lows = self.meaning.lows(cand)
                scale = Decimal(1)
                i = 0
                while i < len(lows):
                    hit = self.d.scales.match_at(lows, i)
                    if hit is None:
                        break
                    scale *= hit[1]
                    i = hit[0]
                hit = self.d.units.match_at(lows, i)
                if hit is not None and hit[0] == len(lows):
                    return str(hit[1]), scale, None
                if i and i < len(lows) and all(w.replace("_", "").isalpha() for w in lows[i:]):
                    words = cand.split()
                    return "count", scale, " ".join(words[-(len(words) - i):]) or None
        return None, Decimal(1), None


# ---------------------------------------------------------------------------------------------
# The spaCy component
# ---------------------------------------------------------------------------------------------


def extract_indicators(data: LanguageData, text: str, resolutions: Any = ()) -> list[dict]:
    """Indicator items of `text` (schema $defs/indicator), ordered by offset."""
    doc = _Document(data, text, resolutions)
    reader = _Reader(doc)
    meaning = _Meaning(doc, reader)
    prose: list[Quantity] = []
    prev = None
    for q in reader.quantities(0, doc.n):
        meaning.read(q, prev)
        if q.unit:
            prose.append(q)
            prev = q
    meaning.fill_keys(prose)
    found = prose + _Tables(doc, reader, meaning).quantities()
    found.sort(key=lambda q: (q.start, q.end))
    return [q.item(text) for q in found]


class IndicatorExtractor:
    """spaCy component "numeric_indicators": sets `doc._.indicators`."""

    def __init__(self, lang: str, **_: Any):
        self.lang = lang
        has_data = (DATA_DIR / lang / "ind_context.toml").exists()
        self.data: LanguageData | None = language_data(lang) if has_data else None

    def __call__(self, doc: Doc) -> Doc:
        resolutions = doc._.resolutions if Doc.has_extension("resolutions") else None
        doc._.indicators = self.extract(doc.text, resolutions)
        return doc

    def extract(self, text: str, resolutions: Iterable[dict] | None = None) -> list[dict]:
        """Indicator items of `text`, ordered by offset; [] for a language without data."""
        if self.data is None or not isinstance(text, str) or not text.strip():
            return []
        return extract_indicators(self.data, text, list(resolutions or []))
