"""Romanised East Asian names: "Kim Min-ji", "Park Jae-hoon", "Li Qiang", "Sato Yuki".

Korean, Chinese and Japanese names reach Vietnamese news and their Polish translations in Latin
script, family name first: a family name of names_east_asian_surnames.txt, then one
capitalised given-name word. Korean given names are two syllables joined by a hyphen
("Jae-hoon"); Chinese and Japanese ones are one word ("Qiang", "Yuki").

Many of these family names are also Vietnamese syllables ("Kim", "Ha", "Ma") or Polish words
("Park", "Son"), so such a name is a person only with context: an honorific or an office next
to it (decided in people.py), or a word naming an East Asian country or people in the same
sentence (people_nationality_cues.txt), recorded here as evidence "nationality".
"""

from __future__ import annotations

import re
from typing import NamedTuple

from pipeline.extractors.people.polish_names import strip_foreign_inflection
from pipeline.extractors.people.tokens import TokenView

# One syllable of a Korean given name in the usual romanisations: onset, optional glide,
# vowel, optional final ("jae", "hoon", "hyun", "seok", "young", "woo", "ji").
_KOREAN_SYLLABLE = re.compile(
    r"^(?:kk|tt|pp|ss|jj|ch|sh|k|g|n|d|t|r|l|m|b|p|s|j|h|y|w)?[yw]?"
    r"(?:eo|eu|ae|oo|ee|ui|oe|ou|a|e|i|o|u)(?:ng|k|n|t|l|m|p)?$"
)
_HYPHENS = "-‐"
_SENTENCE_END = frozenset(".!?;")
_HYPHEN_RE = re.compile(f"[{_HYPHENS}]")
# What a given name stripped of a Polish case ending may end with: a vowel, or the n/ng/r
# that close Chinese, Japanese and Korean syllables ("Jinpingiem" -> "Jinping", but
# "Haruka" stays: "Haruk" is no name).
_NAME_FINAL = re.compile(r"(?:[aeiouy]|n|ng|r)$")


class EastAsianName(NamedTuple):
    j: int  # token after the name
    words: list[str]  # family name, given name (nominative)
    nationality: bool  # a nationality word in the same sentence


def korean_given_name(word: str) -> bool:
    """'Jae-hoon', 'Min-ji', 'Sang-woo': two romanised syllables joined by a hyphen."""
    parts = _HYPHEN_RE.split(word.lower())
    return len(parts) == 2 and all(_KOREAN_SYLLABLE.match(p) for p in parts)


def _given_nominative(word: str, inflected: bool) -> str | None:
    """The given name as written, or without the Polish case ending a translation put on it
    ('Jae-hoona' -> 'Jae-hoon', 'Qianga' -> 'Qiang'); None when the word is no given name."""
    if any(h in word for h in _HYPHENS):
        if korean_given_name(word):
            return word
        if inflected:
            stem = strip_foreign_inflection(word)
            if stem != word and korean_given_name(stem):
                return stem
        return None
    if inflected:
        stem = strip_foreign_inflection(word)
        if stem != word and _NAME_FINAL.search(stem.lower()):
            return stem
    return word


def _plain_word(view: TokenView, k: int) -> bool:
    """A word that is no given name here: a Vietnamese syllable (in Vietnamese text and in
    translations from it, where "Na Hin" is the village Nà Hin), or a Polish word that is not
    a name."""
    if view.lex.is_syllable(view.toks[k].key):
        return True
    if view.morph.available:
        info = view.info(k)
        return not (info.unknown or info.first_name() or info.surname()) and bool(info.pos)
    return False


def east_asian_name_at(view: TokenView, i: int) -> EastAsianName | None:
    """An East Asian name at token i: a known family name, then one capitalised given name."""
    lex = view.lex
    toks = view.toks
    if i + 1 >= view.n or toks[i].key not in lex.east_asian_surnames:
        return None
    given = toks[i + 1]
    if not (toks[i].cap and given.cap and given.alpha and view.adjacent(i + 1)):
        return None
    if view.starts_other_phrase(i + 1):
        return None
    hyphenated = any(h in given.text for h in _HYPHENS)
    if not hyphenated and _plain_word(view, i + 1):
        return None  # "Kim Văn Hùng" is Vietnamese; "Park Narodowy" is Polish
    k = i + 2
    if (k < view.n and view.adjacent(k) and toks[k].cap and toks[k].alpha
            and not view.starts_other_phrase(k)):
        return None  # a longer capitalised run ("Park Hyatt Saigon"): not this shape
    name = _given_nominative(given.text, view.morph.available)
    if name is None:
        return None
    return EastAsianName(i + 2, [toks[i].text, name], _nationality_in_sentence(view, i, i + 2))


def _nationality_in_sentence(view: TokenView, i: int, j: int) -> bool:
    """A word of people_nationality_cues.txt in the sentence around tokens i..j."""
    index = view.lex.nationality_cues
    if not index:
        return False
    start = i
    while start > 0 and not view.is_punct(start - 1, _SENTENCE_END):
        if view.line_break(start - 1, start):
            break
        start -= 1
    k = start
    while k < view.n:
        if k >= j and view.is_punct(k, _SENTENCE_END):
            break
        if k > start and view.line_break(k - 1, k):
            break
        if (k < i or k >= j) and view.phrase_at(index, k):
            return True
        k += 1
    return False
