"""Tokens of an article for the people extractor, with the forms its lexicons match on."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from pipeline.extractors.people.lexicon import (
    TOKEN_RE,
    PeopleLexicon,
    Phrase,
    PhraseIndex,
    name_form,
    normalize_phrase,
)
from pipeline.extractors.people.polish_names import (
    EMPTY_INFO,
    NoMorphology,
    PolishMorphology,
    WordInfo,
)

MAX_TOKENS = 400_000  # a longer text is cut: the extractor must stay fast on hostile input


class Tok:
    __slots__ = ("text", "start", "end", "norm", "key", "word", "cap", "abbr", "digit", "alpha",
                 "_forms", "_info")

    def __init__(self, text: str, start: int, end: int, fold: bool) -> None:
        self.text = text
        self.start = start
        self.end = end
        (self.norm, self.key, self.word, self.cap, self.abbr, self.digit,
         self.alpha) = _shape(text, fold)
        self._forms = None
        self._info = None


@lru_cache(maxsize=16384)
def _shape(text: str, fold: bool) -> tuple[str, str, bool, bool, bool, bool, bool]:
    """(lowercase form, name-lexicon key, is a word, capitalised, abbreviation, number,
    letters only)."""
    first = text[0]
    if not first.isalpha():
        norm = text.lower() if text.isascii() else normalize_phrase(text)
        return norm, norm, False, False, False, first.isdigit(), False
    norm = text.lower() if text.isascii() else normalize_phrase(text)
    abbr = False
    if len(text) > 1 and first.isupper() and (text[1].isupper() or not text.isalpha()):
        letters = [c for c in text if c.isalpha()]
        upper = sum(1 for c in letters if c.isupper())
        abbr = len(letters) >= 2 and upper >= 2 and upper >= len(letters) - 1
        if abbr and text[1] in "'’" and upper < len(letters):
            abbr = False  # "H'Ma", "K'Bình": a name glued to its opener, not an abbreviation
    cap = first.isupper() and not abbr
    # letters only; combining marks (NFD text) and inner hyphens ("Khăm-phăn") count too
    alpha = text.isalpha() or all(
        c.isalpha() or unicodedata.combining(c) or c in "-‐" for c in text
    )
    return norm, name_form(text, fold), True, cap, abbr, False, alpha


_HYPHENS = "-‐"


def _unglue(text: str, start: int, openers: frozenset[str]) -> list[tuple[str, int]]:
    """The token split at each hyphen before a capitalised word that opens an office or a word
    of address (`openers`), the way provincial papers join a name and its office ("Nguyễn
    Trọng Nghĩa-Ủy viên Bộ Chính trị", "Rah Lan Chung-Phó Bí thư"); compounds ("Khăm-phăn",
    "Jae-Hoon", "Ludowo-Rewolucyjnej") and abbreviations ("HĐND-UBND") stay one token."""
    if "-" not in text and "‐" not in text:
        return [(text, start)]
    pieces: list[tuple[str, int]] = []
    last = 0
    for k in range(1, len(text) - 1):
        if text[k] not in _HYPHENS or not text[k + 1].isupper():
            continue
        end = k + 1
        while end < len(text) and text[end] not in _HYPHENS:
            end += 1
        if (not any(c.islower() for c in text[k + 1 : end])
                or normalize_phrase(text[k + 1 : end]) not in openers):
            continue
        pieces.append((text[last:k], start + last))
        pieces.append((text[k], start + k))
        last = k + 1
    pieces.append((text[last:], start + last))
    return pieces


def _openers(lex: PeopleLexicon) -> frozenset[str]:
    """First words of the offices, their modifiers and the words of address."""
    cached = lex.__dict__.get("_glue_openers")
    if cached is None:
        cached = frozenset(lex.role_heads.by_first) | frozenset(
            lex.role_modifiers.by_first) | frozenset(lex.honorifics.by_first)
        lex.__dict__["_glue_openers"] = cached
    return cached


class TokenView:
    """The tokens of one text and the lexicon/morphology lookups on them."""

    def __init__(self, text: str, lex: PeopleLexicon, morph: NoMorphology | PolishMorphology):
        self.text = text
        self.lex = lex
        self.morph = morph
        fold = lex.fold
        toks = []
        openers = _openers(lex)
        for m in TOKEN_RE.finditer(text):
            for piece, start in _unglue(m.group(), m.start(), openers):
                toks.append(Tok(piece, start, start + len(piece), fold))
            if len(toks) >= MAX_TOKENS:
                break
        self.toks = toks
        self.n = len(toks)
        self._prefixes = lex.form_prefixes if morph.available else frozenset()

    # -- per-token lookups -------------------------------------------------------------
    def info(self, i: int) -> WordInfo:
        tok = self.toks[i]
        if tok._info is None:
            if not tok.word:
                tok._info = EMPTY_INFO
            else:
                word = tok.text if tok.text.isascii() else unicodedata.normalize("NFC", tok.text)
                tok._info = self.morph.info(word)
        return tok._info

    def forms(self, i: int) -> frozenset[str]:
        """The forms a phrase entry may match at token i: its lowercase form and lemmas."""
        tok = self.toks[i]
        if tok._forms is None:
            if self.morph.available and tok.word and tok.norm[:3] in self._prefixes:
                tok._forms = frozenset({tok.norm}) | self.info(i).lemmas
            else:
                tok._forms = frozenset({tok.norm})
        return tok._forms

    def adjacent(self, i: int) -> bool:
        """Token i follows token i-1 across plain spaces on the same line."""
        if i <= 0:
            return False
        gap = self.text[self.toks[i - 1].end : self.toks[i].start]
        return 0 < len(gap) <= 3 and gap.strip(" \u00a0\t") == ""

    def is_punct(self, i: int, chars: str | frozenset[str]) -> bool:
        return 0 <= i < self.n and self.toks[i].text in chars and not self.toks[i].word

    def line_break(self, a: int, b: int) -> bool:
        """A new line between the end of token a and the start of token b."""
        return "\n" in self.text[self.toks[a].end : self.toks[b].start]

    def sentence_initial(self, i: int) -> bool:
        """Token i opens a sentence, a line or a quotation (where any word is capitalised)."""
        j = i - 1
        while j >= 0 and self.toks[j].text in "\"'“”„«»(*•":
            j -= 1
        if j < 0:
            return True
        if self.toks[j].text in ".!?:;…":
            return True
        return self.line_break(j, i)

    # -- phrases ------------------------------------------------------------------------
    def starts_other_phrase(self, i: int) -> bool:
        """Token i opens a role, an honorific or a cue: not a name word."""
        lex = self.lex
        return bool(
            self.phrase_at(lex.role_heads, i)
            or self.phrase_at(lex.honorifics, i)
            or self.phrase_at(lex.cues, i)
        )

    def _matches_from(self, phrase: Phrase, i: int) -> bool:
        forms = phrase.forms
        if i + len(forms) > self.n:
            return False
        if self.morph.available:
            for k, form in enumerate(forms):
                if form not in self.forms(i + k):
                    return False
        else:
            toks = self.toks
            for k, form in enumerate(forms):
                if form != toks[i + k].norm:
                    return False
        if phrase.cap_after:
            j = i + len(forms)
            return j < self.n and (self.toks[j].cap or self.toks[j].abbr)
        return True

    def phrase_at(self, index: PhraseIndex, i: int) -> int:
        """Length (in tokens) of the longest entry of `index` starting at token i, or 0."""
        if i >= self.n:
            return 0
        by_first = index.by_first
        if not self.morph.available:
            bucket = by_first.get(self.toks[i].norm)
            if bucket is None:
                return 0
            for phrase in bucket:  # longest first
                if self._matches_from(phrase, i):
                    return len(phrase.forms)
            return 0
        best = 0
        for form in self.forms(i):
            for phrase in by_first.get(form, ()):
                if len(phrase.forms) > best and self._matches_from(phrase, i):
                    best = len(phrase.forms)
        return best

    def phrase_ending_at(self, index: PhraseIndex, end: int) -> int:
        """Length of the longest entry of `index` ending right before token `end`, or 0."""
        if end <= 0 or not index:
            return 0
        best = 0
        for form in self.forms(end - 1):
            for phrase in index.by_last.get(form, ()):
                n = len(phrase.forms)
                if n > best and end - n >= 0 and self._matches_from(phrase, end - n):
                    best = n
        return best

    def cue_before(self, index: PhraseIndex, end: int) -> str | None:
        """'hard' or 'soft' when a cue of `index` ends right before token `end`, else None."""
        if end <= 0 or not index:
            return None
        found = None
        for form in self.forms(end - 1):
            for phrase in index.by_last.get(form, ()):
                n = len(phrase.forms)
                if end - n >= 0 and self._matches_from(phrase, end - n):
                    if not phrase.soft:
                        return "hard"
                    found = "soft"
        return found
