"""Words as the indicator extractor matches them: normalised tokens, compounds, lemmas and
the data files' word lists (`PhraseSet`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from pipeline.extractors.people.polish_names import morphology_for

TOKEN_RE = re.compile(r"\w+|[^\w\s]")
_ENTRY_TOKEN_RE = re.compile(r"\w+\*?|[^\w\s*]")

Tok = tuple[int, int, str]  # start, end, normalised lowercase text
Norm = Callable[[str], str]
Entry = tuple[tuple[str, ...], Any]  # a word list entry as words, and its payload
Candidates = tuple[tuple[Entry, ...], int]  # entries that may match at a word; most words


#: Entries all the per-process caches below hold together before they are all emptied. There
#: are some 160 of them (one per word list and lookup); a limit per cache let their sum grow
#: for tens of thousands of documents, and peak memory with it. Reached within the first few
#: hundred documents, so memory is flat from then on.
CACHE_LIMIT = 50_000

_caches: dict[int, dict] = {}
_entries = 0


def remember(cache: dict, key: Any, value: Any) -> None:
    """Store in a per-process cache. The caches share one budget and are emptied together when
    it is spent: memory stays small and the garbage collector has little to walk, whatever text
    comes in."""
    global _entries
    if _entries >= CACHE_LIMIT:
        for known in _caches.values():
            known.clear()
        _entries = 0
    _caches.setdefault(id(cache), cache)
    cache[key] = value
    _entries += 1


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

    def _compound_spans(self, words: list[str]) -> list[tuple[int, int]]:
        """Where listed compounds join words: (first, end) index spans, found from the left,
        each from where the last one ended."""
        firsts = self._firsts
        if self.compounds is None or len(words) < 2 or firsts.isdisjoint(words):
            return []
        spans = []
        nxt = 0
        for i, word in enumerate(words):
            if i < nxt or word not in firsts:
                continue
            hit = self.compounds.match_at(words, i)
            if hit is not None and hit[0] - i > 1:
                spans.append((i, hit[0]))
                nxt = hit[0]
        return spans

    def merge(self, toks: list[Tok]) -> list[Tok]:
        spans = self._compound_spans([t[2] for t in toks])
        if not spans:
            return toks
        out: list[Tok] = []
        done = 0
        for i, j in spans:
            out += toks[done:i]
            out.append((toks[i][0], toks[j - 1][1], "_".join(t[2] for t in toks[i:j])))
            done = j
        return out + toks[done:]

    def tokens(self, text: str) -> list[Tok]:
        low = text.lower()
        if len(low) == len(text):
            low = self.norm(low)
            return self.merge([(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(low)])
        norm = self.norm  # lowercasing changed lengths (rare letters): token by token
        return self.merge([(m.start(), m.end(), norm(m.group().lower()))
                           for m in TOKEN_RE.finditer(text)])

    def columns(self, text: str) -> tuple[list[int], list[int], list[str]]:
        """The tokens of a whole document as three lists, starts, ends and normalised words:
        what `tokens` gives, without a tuple per token."""
        low = text.lower()
        if len(low) == len(text):
            matches = list(TOKEN_RE.finditer(self.norm(low)))
            words = [m.group() for m in matches]
        else:
            norm = self.norm
            matches = list(TOKEN_RE.finditer(text))
            words = [norm(m.group().lower()) for m in matches]
        starts = [m.start() for m in matches]
        ends = [m.end() for m in matches]
        spans = self._compound_spans(words)
        if not spans:
            return starts, ends, words
        out_s: list[int] = []
        out_e: list[int] = []
        out_w: list[str] = []
        done = 0
        for i, j in spans:
            out_s += starts[done:i]
            out_e += ends[done:i]
            out_w += words[done:i]
            out_s.append(starts[i])
            out_e.append(ends[j - 1])
            out_w.append("_".join(words[i:j]))
            done = j
        return out_s + starts[done:], out_e + ends[done:], out_w + words[done:]

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
    """Polish lemmas and parts of speech from Morfeusz 2, as the people extractor reads them
    (polish_names.PolishMorphology: one analysis per word form for both)."""

    VERB = frozenset({"fin", "praet", "pcon", "inf", "impt", "imps", "bedzie", "winien", "pant"})
    NOMINAL = frozenset({"subst", "ger", "depr", "adj", "adja", "num", "ppas", "pact"})

    def __init__(self) -> None:
        self._info = morphology_for("morfeusz2").info
        self._cache: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {}

    def analyse(self, word: str) -> tuple[tuple[str, ...], frozenset[str]]:
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        if word.isalpha() and len(word) < 40:
            info = self._info(word)
            result = (tuple(sorted(info.lemmas)), info.pos)
        else:
            result = ((), frozenset())
        remember(self._cache, word, result)  # lemmas sorted once per word
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
        self._cands: dict[str, Candidates] = {}
        self._memo: dict[tuple[str, ...], tuple[tuple[int, Any], ...]] = {}
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

    def _candidates(self, tok: str) -> Candidates:
        """Entries whose first word matches `tok`, and the most words any of them has (cached
        per token)."""
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
        entry = (tuple(unique), max((len(toks) for toks, _ in unique), default=0))
        remember(self._cands, tok, entry)
        return entry

    def _found(self, lows: list[str], i: int, cands: tuple[Entry, ...], width: int
               ) -> tuple[tuple[int, Any], ...]:
        """The matches at token i as (number of words, payload), longest first; memoised per
        window of words (as many as the longest candidate has), since the same words recur
        across figures and documents."""
        key = tuple(lows[i:i + width])
        found = self._memo.get(key)
        if found is None:
            hits = []
            for toks, payload in cands:
                n = len(toks)
                if n <= len(key) and all(self._same(toks[k], key[k]) for k in range(1, n)):
                    hits.append((n, payload))
            found = tuple(sorted(hits, key=lambda x: -x[0]))
            remember(self._memo, key, found)
        return found

    def all_at(self, lows: list[str], i: int) -> list[tuple[int, Any]]:
        """Every match starting at token i as (end index, payload), longest first."""
        if i >= len(lows):
            return []
        cands, width = self._cands.get(lows[i]) or self._candidates(lows[i])
        if not cands:
            return []
        return [(i + n, payload) for n, payload in self._found(lows, i, cands, width)]

    def match_at(self, lows: list[str], i: int) -> tuple[int, Any] | None:
        """The longest match starting at token i as (end index, payload)."""
        if i >= len(lows):
            return None
        cands, width = self._cands.get(lows[i]) or self._candidates(lows[i])
        if not cands:
            return None
        found = self._found(lows, i, cands, width)
        if not found:
            return None
        n, payload = found[0]
        return i + n, payload

    def every_match(self, lows: list[str]) -> list[tuple[int, int, Any]]:
        """Every match in `lows` as (start index, end index, payload): by start, then longest
        first."""
        out = []
        get = self._cands.get
        for i, tok in enumerate(lows):
            cands, width = get(tok) or self._candidates(tok)
            if cands:
                for n, payload in self._found(lows, i, cands, width):
                    out.append((i, i + n, payload))
        return out

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

    def first_match(self, lows: list[str], start: int = 0) -> int | None:
        """The first index from `start` where an entry begins."""
        get = self._cands.get
        for i in range(start, len(lows)):
            cands, width = get(lows[i]) or self._candidates(lows[i])
            if cands and self._found(lows, i, cands, width):
                return i
        return None

    def last_match(self, lows: list[str]) -> tuple[int, int, Any] | None:
        """The match that begins last in `lows` (the longest there): (start, end, payload)."""
        get = self._cands.get
        for i in range(len(lows) - 1, -1, -1):
            cands, width = get(lows[i]) or self._candidates(lows[i])
            if cands:
                found = self._found(lows, i, cands, width)
                if found:
                    n, payload = found[0]
                    return i, i + n, payload
        return None

    def search(self, lows: list[str]) -> bool:
        """Whether any entry occurs in `lows`."""
        return self.first_match(lows) is not None

