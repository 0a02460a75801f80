"""Offices next to names: "đồng chí Quản Minh Cường, Bí thư Tỉnh ủy", "Bí thư Tỉnh ủy Quản
Minh Cường", "Quan Minh Cuong, sekretarz prowincjonalnego komitetu partii, przewodniczący...".

A role opens with a word of roles_<lang>.txt (after optional modifiers: "stały", "nguyên")
and runs on over words that continue an office: capitalised words, abbreviations, numbers,
entries of roles_<lang>_continuations.txt and, with a morphological analyser, Polish nouns and
adjectives. It stops at punctuation, a verb, a conjunction, a line break or a name.

After a name, comma-separated roles all belong to it ("A, role, role; B, role"); a role that
runs straight into the next name belongs to that name. Before a name, the role that ends right
at it (or at the comma before it) belongs to it, with the roles chained before it by commas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.extractors.people.lexicon import normalize_phrase
from pipeline.extractors.people.polish_names import FUNCTION_TAGS, NOMINAL_TAGS, VERB_TAGS
from pipeline.extractors.people.polish_roles import nominative_role
from pipeline.extractors.people.tokens import TokenView

MAX_ROLE_TOKENS = 24  # Vietnamese offices run long: one token per syllable
SEPARATORS = frozenset({",", "(", "-", "–", "—"})
# Between a role and the names it introduces: "wiceprzewodniczący komitetu: A, B".
BEFORE_SEPARATORS = SEPARATORS | {":"}
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class RoleSpan:
    i: int  # first token
    j: int  # token after the last
    text: str
    normalized: str
    start: int
    end: int
    identity: str  # same office in another grammatical case: same identity
    nominative: bool  # the office is in the nominative (or the language has no cases)

    def as_item(self) -> dict:
        return {"text": self.text, "normalized": self.normalized, "start": self.start,
                "end": self.end}


@lru_cache(maxsize=4)
def _abbreviation_re(keys: tuple[str, ...]) -> re.Pattern[str] | None:
    if not keys:
        return None
    alternatives = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})\.?(?![^\W_])")


_NORMALIZED: dict[tuple[int, str], str] = {}


def normalize_role(text: str, abbreviations: dict[str, str]) -> str:
    """'Phó Chủ tịch UBND tỉnh' -> 'phó chủ tịch ủy ban nhân dân tỉnh' (ủy/uỷ alike)."""
    cache_key = (id(abbreviations), text)
    cached = _NORMALIZED.get(cache_key)
    if cached is not None:
        return cached
    expanded = text
    pattern = _abbreviation_re(tuple(abbreviations))
    if pattern is not None:
        expanded = pattern.sub(lambda m: abbreviations[m.group().rstrip(".")], text)
    result = _SPACES.sub(" ", normalize_phrase(expanded)).strip(" ,;:.")
    if len(_NORMALIZED) > 100_000:
        _NORMALIZED.clear()
    _NORMALIZED[cache_key] = result
    return result


class RoleFinder:
    """Role spans of one text; `stops` are the token indexes where a person name starts."""

    def __init__(self, view: TokenView, stops: set[int]) -> None:
        self.view = view
        self.stops = stops
        # name start -> end of the office that introduces a list of holders there ("Phó Chủ
        # tịch UBND tỉnh: A, B", "Ba Phó Bí thư là các đồng chí A, B và C"), set by before()
        self.listed: dict[int, int] = {}
        self.lex = view.lex
        self._run_end: dict[int, int | None] = {}
        self._head_lemmas = frozenset(self.lex.role_heads.by_first)
        self._openers = frozenset(self.lex.role_heads.by_first) | frozenset(
            self.lex.role_modifiers.by_first
        )
        self._trim = frozenset(
            p.forms[-1]
            for bucket in self.lex.role_continuations.by_first.values()
            for p in bucket
            if p.cap_after
        ) | frozenset(self.lex.role_joiners.by_first)

    # -- one role ---------------------------------------------------------------------------
    def head_end(self, h: int) -> int | None:
        """Token after the head of a role starting at h (modifiers included), or None."""
        view = self.view
        if h in self.stops or not view.toks[h].word:
            return None
        if view.morph.available:
            if not view.forms(h) & self._openers:
                return None
        elif view.toks[h].norm not in self._openers:
            return None
        p = self._after_modifiers(h)
        head = view.phrase_at(self.lex.role_heads, p)
        return p + head if head else None

    def _after_modifiers(self, h: int) -> int:
        """Where the office word starts after up to three modifiers ("phó", "stały")."""
        p = h
        for _ in range(3):
            m = self.view.phrase_at(self.lex.role_modifiers, p)
            if not m:
                break
            p += m
        return p

    def _nominal(self, k: int) -> bool:
        """A Polish noun or adjective (not a verb, adverb, preposition or conjunction)."""
        pos = self.view.info(k).pos
        return bool(pos & NOMINAL_TAGS) and not pos & FUNCTION_TAGS and not pos <= VERB_TAGS

    def _name_word_next(self, k: int) -> bool:
        """Token k is a capitalised word that may go on a name inside a role."""
        view = self.view
        if k >= view.n or k in self.stops:
            return False
        tok = view.toks[k]
        return (tok.cap or tok.abbr) and self.head_end(k) is None

    def _comma_inside_name(self, k: int) -> bool:
        """'Sở Văn hóa, Thể thao và Du lịch', 'Departamentu Kultury, Sportu i Turystyki': a
        comma inside an organisation's name, closed by 'và'/'i' before a capitalised word."""
        view = self.view
        p = k + 1
        if not self._name_word_next(p):
            return False
        for _ in range(8):
            if p >= view.n or p in self.stops:
                return False
            joiner = view.phrase_at(self.lex.role_joiners, p)
            if joiner:
                return self._name_word_next(p + joiner)
            tok = view.toks[p]
            if not tok.word:
                return False
            step = view.phrase_at(self.lex.role_continuations, p)
            if not step and (tok.cap or tok.abbr or view.morph.available and self._nominal(p)):
                step = 1
            if not step:
                return False
            p += step
        return False

    def _ordinal_dot(self, k: int) -> bool:
        """'dowódca 2. Okręgu Wojskowego': the dot of an ordinal number written right after its
        digits, before the capitalised name it counts (Polish writes ordinals so)."""
        view = self.view
        toks = view.toks
        return (
            view.morph.available
            and toks[k - 1].digit
            and toks[k - 1].end == toks[k].start
            and self._name_word_next(k + 1)
            and view.adjacent(k + 1)
        )

    def _bracketed_abbreviation(self, k: int) -> bool:
        """'(JETRO)' after an organisation's name inside an office, on the same line."""
        view = self.view
        toks = view.toks
        return (
            k + 2 < view.n
            and toks[k + 1].abbr
            and toks[k + 2].text == ")"
            and not self.view.line_break(k, k + 2)
        )

    def _continues(self, k: int) -> int:
        """How many tokens from k go on a role (0: the role ends before k)."""
        view = self.view
        if k <= 0 or k in self.stops:
            return 0
        tok = view.toks[k]
        if view.line_break(k - 1, k):
            return 0
        if not tok.word:
            if tok.digit:
                return 1
            if tok.text in "-–&" and self._name_word_next(k + 1):
                return 1
            if tok.text == "," and self._comma_inside_name(k):
                return 1
            if tok.text == "." and self._ordinal_dot(k):
                return 1
            if tok.text == "(" and self._bracketed_abbreviation(k):
                return 3  # "Organizacji Handlu Zagranicznego (JETRO) w Hanoi"
            return view.phrase_at(self.lex.role_continuations, k)
        joiner = view.phrase_at(self.lex.role_joiners, k)
        if joiner:
            # "Giáo dục và Đào tạo", "rolnictwa i rozwoju wsi" go on; "và Chủ tịch" does not.
            nxt = k + joiner
            if self._name_word_next(nxt):
                return joiner
            if (view.morph.available and nxt < view.n and nxt not in self.stops
                    and view.toks[nxt].word and self.head_end(nxt) is None
                    and self._nominal(nxt)):
                return joiner
            return 0
        length = view.phrase_at(self.lex.role_continuations, k) or view.phrase_at(
            self.lex.role_heads, k
        )
        if length:
            return length
        if view.phrase_at(self.lex.honorifics, k):
            return 0
        if tok.cap or tok.abbr:
            return 0 if view.morph.available and view.info(k).verbal_only else 1
        if view.morph.available:
            return 1 if self._nominal(k) else 0
        return 0

    def run_end(self, h: int) -> int | None:
        """End (exclusive token index) of the role starting at h, or None if none starts."""
        if h in self._run_end:
            return self._run_end[h]
        p = self.head_end(h)
        if p is not None:
            limit = min(self.view.n, h + MAX_ROLE_TOKENS)
            while p < limit:
                step = self._continues(p)
                if not step:
                    break
                p += step
            toks = self.view.toks
            while p - 1 > h and (not toks[p - 1].word and not toks[p - 1].digit
                                 or toks[p - 1].norm in self._trim):
                p -= 1
        self._run_end[h] = p
        return p

    def span(self, h: int, e: int) -> RoleSpan:
        toks = self.view.toks
        start, end = toks[h].start, toks[e - 1].end
        text = self.view.text[start:end]
        view = self.view
        if not view.morph.available:
            normalized = normalize_role(text, self.lex.abbreviations)
            return RoleSpan(h, e, text, normalized, start, end, normalized, True)
        # "Sekretarzem Generalnym" is normalized as "sekretarz generalny"
        in_nominative = nominative_role(text, self._head_lemmas)
        normalized = normalize_role(in_nominative, self.lex.abbreviations)
        identity = " ".join(
            min(view.info(k).lemmas) if view.info(k).lemmas else toks[k].norm
            for k in range(h, e)
        )
        return RoleSpan(h, e, text, normalized, start, end, identity, in_nominative == text)

    # -- roles of a name --------------------------------------------------------------------
    def after(self, j: int) -> list[RoleSpan]:
        """Roles after a name ending before token j: ', role, role' up to ';' or '.', and
        offices introduced later in the clause ("được bầu giữ chức ...", "wybrany na ...")."""
        spans: list[RoleSpan] = []
        p = j
        for _ in range(8):
            p = self._comma_roles(p, spans)
            intro = self._introduced(p)
            if intro is None:
                break
            e = self.run_end(intro)
            if e is None or self._runs_into_name(e):
                break
            spans.append(self.span(intro, e))
            p = e
        return spans

    def _runs_into_name(self, e: int) -> bool:
        """The role ending before token e introduces the name that follows: "Bí thư Tỉnh ủy
        Quản Minh Cường", "Dyrektor Zakładu, pani Dam Thi Thu Trang"."""
        view = self.view
        if e >= view.n:
            return False
        if e in self.stops:
            return view.adjacent(e)
        k = e + 1 if view.toks[e].text in SEPARATORS and not view.toks[e].word else e
        honorific = view.phrase_at(self.lex.honorifics, k)
        return bool(honorific) and k + honorific in self.stops

    def _comma_roles(self, p: int, spans: list[RoleSpan]) -> int:
        """Appends the roles ', role, role' starting at token p; returns where they end."""
        view = self.view
        toks = view.toks
        first = True
        while p < view.n:
            q = p
            if toks[q].text in SEPARATORS and not toks[q].word:
                q += 1
            elif not first:
                q += view.phrase_at(self.lex.role_joiners, q)
            if q == p or q >= view.n or self.view.line_break(q - 1, q):
                break
            e = self.run_end(q)
            if e is None or self._runs_into_name(e):
                break  # "A, Bí thư Tỉnh ủy B": the role introduces the next name
            spans.append(self.span(q, e))
            first = False
            p = e
            if p < view.n and toks[p].text == ")":
                p += 1
        return p

    def _introduced(self, p: int) -> int | None:
        """First token of an office introduced within the clause starting at token p."""
        view = self.view
        toks = view.toks
        lex = self.lex
        if not lex.role_introducers:
            return None
        for q in range(p, min(view.n, p + 10)):
            tok = toks[q]
            if q in self.stops or (not tok.word and tok.text in ".;:!?()"):
                return None
            if q > p and self.view.line_break(q - 1, q):
                return None
            length = view.phrase_at(lex.role_introducers, q)
            if length:
                r = q + length
                for _ in range(3):  # "wybrany na" + "stanowisko"
                    more = view.phrase_at(lex.role_introducers, r)
                    if not more:
                        break
                    r += more
                if r < view.n and toks[r].text == ",":
                    r += 1
                return r if r < view.n and self.head_end(r) is not None else None
        return None

    def role_ending_at(self, q: int, claimed: set[tuple[int, int]] = frozenset()) -> int | None:
        """First token of the longest unclaimed role that ends right before token q."""
        for h in range(max(0, q - MAX_ROLE_TOKENS), q):
            if self.run_end(h) == q and (h, q) not in claimed:
                return h
        return None

    def _head_forms(self, h: int) -> frozenset[tuple[str, str]]:
        """(number, case) readings of the head word of the role starting at h ({} when it is
        not known)."""
        view = self.view
        p = self._after_modifiers(h)
        return frozenset(
            (n, c) for a in view.info(p).analyses for n in a.numbers for c in a.cases
        )

    def _same_case(self, a: int, b: int) -> bool:
        """Two offices chained by a comma before a name are both singular (one person holds
        them) and in one case ("członek Komitetu, sekretarz X"); in Polish text a head that is
        not ("na pytania deputowanych, dyrektor X") belongs to the clause before."""
        if not self.view.morph.available:
            return True
        first, second = self._head_forms(a), self._head_forms(b)
        if not first or not second:
            return True  # a word the analyser does not know: no evidence either way
        return bool({c for n, c in first if n == "sg"} & {c for n, c in second if n == "sg"})

    def _ends_before(self, i: int) -> tuple[list[int], set[int]]:
        """Where a role before a name at token i may end, nearest first, and which of those
        ends open a list of holders. Between the role and the name there may be a word of
        address, a separator and words that introduce the holders, in any order: "Trưởng
        phòng, ông X", "Phó Chủ tịch UBND tỉnh: X", "Phó Bí thư Tỉnh ủy là các đồng chí X",
        "Ba Phó bí thư Tỉnh ủy gồm các ông: X", "zostali towarzysze X"."""
        view = self.view
        toks = view.toks
        ends = [i]
        listing: set[int] = set()
        frontier = [(i, False)]
        for _ in range(3):
            found = []
            for end, listed in frontier:
                honorific = view.phrase_ending_at(self.lex.honorifics, end)
                if honorific:
                    found.append((end - honorific, listed))
                if end > 0 and toks[end - 1].text in BEFORE_SEPARATORS and not toks[end - 1].word:
                    found.append((end - 1, listed or toks[end - 1].text == ":"))
                intro = view.phrase_ending_at(self.lex.role_list_introducers, end)
                if intro:
                    found.append((end - intro, True))
            frontier = []
            for end, listed in found:
                if end not in ends:
                    ends.append(end)
                    frontier.append((end, listed))
                if listed:
                    listing.add(end)
        return ends, listing

    def before(self, i: int, claimed: set[tuple[int, int]]) -> list[RoleSpan]:
        """Roles ending right before a name at token i ("Bí thư Tỉnh ủy X", "Sekretarz, X")."""
        view = self.view
        toks = view.toks
        ends, listing = self._ends_before(i)
        for q in ends:
            h = self.role_ending_at(q, claimed)
            if h is None:
                continue
            if q in listing or view.phrase_ending_at(self.lex.role_group_words, h):
                # "dwaj wiceprzewodniczący komitetu, A i B", "các Phó Chủ tịch UBND tỉnh A, B":
                # an office held by several is each name's of the list after it
                self.listed[i] = q
            spans = [self.span(h, q)]
            while h >= 2 and toks[h - 1].text == "," and not self.view.line_break(h - 2, h):
                h2 = self.role_ending_at(h - 1, claimed)
                if h2 is None or not self._same_case(h2, h):
                    break  # "pytania deputowanych, dyrektor X": a complement, not an office
                spans.insert(0, self.span(h2, h - 1))
                h = h2
            return spans
        return []
