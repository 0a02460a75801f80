"""Polish morphology for the people extractor: morfeusz2, created once, analyses cached.

Used to tell Polish words from names (a first name has the qualifier 'imię', a surname
'nazwisko'), to match honorifics, cues and role words on their lemmas ("towarzysza" ->
"towarzysz"), to stop a role at a verb, and to bring inflected names back to the nominative
("Jana Kowalskiego" -> "Jan Kowalski"). Vietnamese syllables inflected by Polish endings
("Lama", "Tinhem") are handled by `strip_inflection`, which needs no analyser.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

from pipeline.extractors.morfeusz import analyse, morfeusz, readable
from pipeline.extractors.people.lexicon import Ending

VERB_TAGS = frozenset(
    {"fin", "praet", "impt", "inf", "imps", "pcon", "pant", "bedzie", "winien", "pred", "aglt"}
)
# Parts of speech that end a role or mark a capitalised word as an ordinary Polish word.
FUNCTION_TAGS = frozenset(
    {"prep", "conj", "comp", "qub", "part", "interj", "adv", "ppron12", "ppron3", "siebie"}
)
NOMINAL_TAGS = frozenset(
    {"subst", "adj", "ppas", "pact", "ger", "num", "brev", "ign", "depr", "adja", "adjp"}
)
NAME_QUALIFIERS = frozenset({"imię", "nazwisko"})


class Analysis(NamedTuple):
    lemma: str  # as morfeusz gives it, without its homonym mark ("Jan", "sekretarz")
    pos: str  # first field of the tag ("subst", "adj", "fin")
    cases: frozenset[str]  # grammatical cases of this reading ("gen", "acc")
    qualifiers: frozenset[str]  # "imię", "nazwisko", "nazwa_pospolita"...
    numbers: frozenset[str] = frozenset()  # "sg", "pl"


@dataclass(frozen=True)
class WordInfo:
    analyses: tuple[Analysis, ...]
    lemmas: frozenset[str]  # lowercase lemmas
    pos: frozenset[str]
    qualifiers: frozenset[str]

    @property
    def unknown(self) -> bool:
        return self.pos <= {"ign"}

    @property
    def verbal_only(self) -> bool:
        return bool(self.pos) and self.pos <= VERB_TAGS

    def first_name(self) -> bool:
        return "imię" in self.qualifiers

    def surname(self) -> bool:
        return "nazwisko" in self.qualifiers

    def plural_noun(self) -> bool:
        """Every common-noun reading is plural ("Lasów": lasy, "Ogrodów"): the word names no
        single place. Proper-noun readings (lemma capitalised: "Lasów", a village) are not
        counted."""
        nouns = [a for a in self.analyses if a.pos == "subst" and a.lemma[:1].islower()]
        return bool(nouns) and all(a.numbers == {"pl"} for a in nouns)


EMPTY_INFO = WordInfo((), frozenset(), frozenset(), frozenset())


class NoMorphology:
    """Languages without an analyser: every word is unknown."""

    available = False

    def info(self, word: str) -> WordInfo:
        return EMPTY_INFO


# Analyses kept per process, emptied when full. Small enough to be full early in a batch, so
# that peak memory does not grow with the number of documents (varied names and numbers keep
# bringing new words).
MORPHOLOGY_CACHE = 20_000


class PolishMorphology:
    """morfeusz2 with a per-process cache of analyses by word form."""

    available = True

    def __init__(self) -> None:
        self._analyser = morfeusz()
        self._cache: dict[str, WordInfo] = {}

    def info(self, word: str) -> WordInfo:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        result = self._analyse(word)
        if len(self._cache) > MORPHOLOGY_CACHE:
            self._cache.clear()
        self._cache[word] = result
        return result

    def _analyse(self, word: str) -> WordInfo:
        if not word or len(word) > 60 or not word[0].isalpha() or not readable(word):
            return EMPTY_INFO
        # MorfeuszError when the library fails: not cached, the document's error entry
        raw = analyse(word, self._analyser)
        analyses = []
        for _start, _end, (_orth, lemma, tag, qualifiers, _labels) in raw:
            pos, cases, numbers = _parse_tag(tag)
            analyses.append(
                Analysis(lemma.split(":")[0], pos, cases, _qualifiers(qualifiers), numbers)
            )
        return WordInfo(
            analyses=tuple(analyses),
            lemmas=frozenset(a.lemma.lower() for a in analyses),
            pos=frozenset(a.pos for a in analyses),
            qualifiers=frozenset(q for a in analyses for q in a.qualifiers),
        )


def _qualifiers(names: list[str]) -> frozenset[str]:
    return _QUALIFIER_SETS.get(tuple(names)) or _QUALIFIER_SETS.setdefault(
        tuple(names), frozenset(names)
    )


_QUALIFIER_SETS: dict[tuple[str, ...], frozenset[str]] = {}
_CASES = frozenset(("nom", "gen", "dat", "acc", "inst", "loc", "voc"))
_NUMBERS = frozenset(("sg", "pl"))


@lru_cache(maxsize=4096)
def _parse_tag(tag: str) -> tuple[str, frozenset[str], frozenset[str]]:
    """'subst:sg:gen.acc:m1' -> ('subst', {'gen', 'acc'}, {'sg'})."""
    fields = tag.split(":")
    cases = frozenset(c for f in fields[1:] for c in f.split(".") if c in _CASES)
    numbers = frozenset(n for f in fields[1:2] for n in f.split(".") if n in _NUMBERS)
    return fields[0], cases, numbers


@cache
def morphology_for(name: str) -> NoMorphology | PolishMorphology:
    if name == "morfeusz2":
        return PolishMorphology()
    return NoMorphology()


def strip_inflection(word: str, key: str, endings: list[Ending], syllables: frozenset[str]):
    """'Lama' -> 'Lam', 'Tinhem' -> 'Tinh', 'Dacie' -> 'Dat'; None when no ending fits.

    `key` is the word's lookup form (lowercase, folded); the result keeps the word's own
    spelling of the stem.
    """
    for ending in endings:
        if len(key) <= len(ending.suffix) or not key.endswith(ending.suffix):
            continue
        stem_key = key[: len(key) - len(ending.suffix)] + ending.replacement
        if stem_key in syllables:
            stem = word[: len(word) - len(ending.suffix)] + ending.replacement
            return stem, stem_key
    return None


def polish_nominative(words: list[str], infos: list[WordInfo]) -> list[str]:
    """Nominative of a Polish/foreign name: 'Jana Kowalskiego' -> ['Jan', 'Kowalski'].

    Picks the case that the name's words share (first name and surname readings); words
    morfeusz does not know keep their form unless the shared case is clear and they carry a
    plain Polish ending (-a, -owi, -em, -ie, -u) after a consonant.
    """
    case_sets = []
    for info in infos:
        cases = set()
        for a in info.analyses:
            if a.qualifiers & NAME_QUALIFIERS:
                cases |= a.cases
        case_sets.append(cases)
    known = [c for c in case_sets if c]
    shared = set.intersection(*known) if known else set()
    if "nom" in shared or not shared:
        return list(words)
    out = []
    for word, info in zip(words, infos, strict=True):
        lemma = None
        for a in info.analyses:
            if a.qualifiers & NAME_QUALIFIERS and a.cases & shared:
                lemma = a.lemma
                break
        out.append(lemma or _strip_unknown(word, shared))
    return out


_UNKNOWN_ENDINGS = {
    "gen": ("a",),
    "acc": ("a",),
    "dat": ("owi",),
    "inst": ("em",),
    "loc": ("ie", "u"),
}


def _strip_unknown(word: str, cases: set[str]) -> str:
    for case in sorted(cases):
        for suffix in _UNKNOWN_ENDINGS.get(case, ()):
            stem = word[: -len(suffix)]
            if word.endswith(suffix) and len(stem) >= 3 and stem[-1] not in "aeiouy":
                return stem
    return word


# Endings Polish puts on foreign names it does not know ("Xi Jinpingiem", "Yang Zhenhuą").
_FOREIGN_ENDINGS = (("iem", "", "gk"), ("owi", "", ""), ("em", "", ""), ("ą", "a", ""),
                    ("ę", "a", ""), ("u", "", "g"), ("a", "", "bcdfghjklmnprstwz"))


def strip_foreign_inflection(word: str) -> str:
    """'Jinpingiem' -> 'Jinping', 'Zhenhuą' -> 'Zhenhua', 'Weiminga' -> 'Weiming'."""
    for suffix, replacement, before in _FOREIGN_ENDINGS:
        if not word.endswith(suffix):
            continue
        stem = word[: len(word) - len(suffix)]
        if len(stem) >= 3 and (not before or stem[-1].lower() in before):
            return stem + replacement
    return word
