"""Polish offices back to the nominative, for the `normalized` form of a role.

A translation names one office in every case: "Sekretarz Generalny", "Sekretarza Generalnego",
"z Sekretarzem Generalnym". The record keeps the role as written and normalizes it to the
nominative, so that the same office is one role across articles ("sekretarz generalny").

Only the head of the phrase is inflected by the sentence: the adjectives before the head noun
("byłego", "Stałym"), the noun, and the adjectives after it that agree with it ("Generalnego",
"Nadzwyczajnego i Pełnomocnego"). What follows is a complement in its own case and stays as
written ("przewodniczącego | prowincjonalnego komitetu ludowego": "prowincjonalnego" agrees with
"komitetu", so it belongs to the complement). The head is the first noun that is a known office
("byłego Sekretarza": "były" is also a noun, but no office), else the first noun.
Inflected forms are generated with morfeusz2 from the lemma and the wanted tag, so the gender
is kept ("wiceprzewodniczącej" -> "wiceprzewodnicząca"). An office is held by one person, so a
plural one ("wiceprzewodniczącymi zostali A i B", "zastępców sekretarza") is normalized to the
nominative singular, masculine for a mixed or unknown group ("wiceprzewodniczący").
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from pipeline.extractors.morfeusz import analyse, generate, readable

ADJECTIVAL = frozenset({"adj", "pact", "ppas"})
NOUN = "subst"
# When a head is ambiguous, the reading tried first: singular, then the cases in this order.
_CASE_ORDER = ("nom", "gen", "dat", "acc", "inst", "loc", "voc")
# Words that join two adjectives of one head: "Nadzwyczajnego i Pełnomocnego".
_COORDINATORS = frozenset({"i", "oraz"})
# A plural group of office holders is named in the masculine-personal gender first.
_GENDER_ORDER = ("m1", "m2", "m3", "f", "n")


class Reading(NamedTuple):
    lemma: str
    pos: str
    number: frozenset[str]
    case: frozenset[str]
    gender: frozenset[str]
    rest: tuple[str, ...]  # aspect, degree...: kept when generating the nominative


class Features(NamedTuple):
    number: str
    case: str
    gender: str


@lru_cache(maxsize=16384)
def _readings(word: str) -> tuple[Reading, ...]:
    if not word or len(word) > 60 or not word[0].isalpha() or not readable(word):
        return ()
    raw = analyse(word)  # MorfeuszError when the library fails: not cached, an error entry
    out = []
    for _start, _end, (_orth, lemma, tag, _qualifiers, _labels) in raw:
        fields = tag.split(":")
        if (fields[0] not in ADJECTIVAL and fields[0] != NOUN) or len(fields) < 4:
            continue
        out.append(Reading(
            lemma.split(":")[0], fields[0], frozenset(fields[1].split(".")),
            frozenset(fields[2].split(".")), frozenset(fields[3].split(".")),
            tuple(fields[4:]),
        ))
    return tuple(out)


def _agrees(reading: Reading, features: Features) -> bool:
    return (features.number in reading.number and features.case in reading.case
            and features.gender in reading.gender)


@lru_cache(maxsize=16384)
def _generate(lemma: str, pos: str, features: Features, rest: tuple[str, ...]) -> str | None:
    forms = generate(lemma) if readable(lemma) else []
    wanted = Features("sg", "nom", features.gender)
    fallback = None
    # Forms without a label first: "pełnomocny", not the archaic ("daw.") "pełnomocen".
    forms = sorted(forms, key=lambda form: bool(form[4]))
    for orth, _lemma, tag, _qualifiers, _labels in forms:
        fields = tag.split(":")
        if fields[0] != pos or len(fields) < 4:
            continue
        reading = Reading(lemma, pos, frozenset(fields[1].split(".")),
                          frozenset(fields[2].split(".")), frozenset(fields[3].split(".")),
                          tuple(fields[4:]))
        if _agrees(reading, wanted):
            if reading.rest == rest:
                return orth
            fallback = fallback or orth
    return fallback


def _head_features(words: tuple[str, ...], head: int,
                   head_lemmas: frozenset[str]) -> list[tuple[Features, Reading]]:
    """The (number, case, gender) readings of the head noun that the adjectives before it
    share, best first; a reading whose lemma is a known office comes first."""
    readings = [r for r in _readings(words[head]) if r.pos == NOUN]
    known = [r for r in readings if r.lemma.lower() in head_lemmas]
    found = []
    for reading in known or readings:
        for number in sorted(reading.number):
            for case in sorted(reading.case, key=_CASE_ORDER.index):
                for gender in sorted(reading.gender, key=_gender_rank):
                    features = Features(number, case, gender)
                    if all(any(r.pos in ADJECTIVAL and _agrees(r, features)
                               for r in _readings(w)) for w in words[:head]):
                        found.append((features, reading))
    # An office is held by one person: a plural reading ("zastępcy" is also nominative plural)
    # counts only when there is no singular one.
    singular = [fr for fr in found if fr[0].number == "sg"]
    found = singular or found
    found.sort(key=lambda fr: (_CASE_ORDER.index(fr[0].case), _gender_rank(fr[0].gender)))
    return found


def _gender_rank(gender: str) -> int:
    return _GENDER_ORDER.index(gender) if gender in _GENDER_ORDER else len(_GENDER_ORDER)


def _head_index(words: tuple[str, ...], head_lemmas: frozenset[str]) -> int | None:
    """The first of the first four words that is a known office, else the first noun."""
    nouns = [k for k, w in enumerate(words[:4]) if any(r.pos == NOUN for r in _readings(w))]
    for k in nouns:
        if any(r.pos == NOUN and r.lemma.lower() in head_lemmas for r in _readings(words[k])):
            return k
    return nouns[0] if nouns else None


@lru_cache(maxsize=16384)
def nominative_role(text: str, head_lemmas: frozenset[str] = frozenset()) -> str:
    """`text` with its head phrase in the nominative; unchanged when it already is, or when
    the phrase cannot be read with confidence."""
    words = tuple(text.split())
    head = _head_index(words, head_lemmas)
    if head is None:
        return text
    options = _head_features(words, head, head_lemmas)
    if not options or any(f.case == "nom" and f.number == "sg" for f, _ in options):
        return text
    features, head_reading = options[0]
    end = head + 1
    inflected = set(range(end))
    while end < len(words):
        k = end
        if words[k].lower() in _COORDINATORS and k + 1 < len(words):
            k += 1  # "Nadzwyczajnego i Pełnomocnego": both adjectives agree with the head
        if not any(r.pos in ADJECTIVAL and _agrees(r, features) for r in _readings(words[k])):
            break
        following = words[k + 1] if k + 1 < len(words) else ""
        if _modifies_next(words[k], following):
            break
        inflected.add(k)
        end = k + 1
    out = list(words)
    for k in sorted(inflected):
        reading = head_reading if k == head else next(
            r for r in _readings(words[k]) if r.pos in ADJECTIVAL and _agrees(r, features)
        )
        form = _generate(reading.lemma, reading.pos, features, reading.rest)
        if form is None:
            return text
        out[k] = _same_case_style(form, words[k])
    return " ".join(out)


def _modifies_next(adjective: str, following: str) -> bool:
    """An adjective that agrees with the noun after it belongs to that noun."""
    nouns = [r for r in _readings(following) if r.pos == NOUN]
    for a in _readings(adjective):
        if a.pos not in ADJECTIVAL:
            continue
        for n in nouns:
            if a.number & n.number and a.case & n.case and a.gender & n.gender:
                return True
    return False


def _same_case_style(form: str, written: str) -> str:
    if written.isupper() and len(written) > 1:
        return form.upper()
    if written[:1].isupper():
        return form[:1].upper() + form[1:]
    return form
