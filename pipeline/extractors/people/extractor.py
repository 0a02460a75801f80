"""People and their offices: the "people_rules" spaCy component.

`PeopleExtractor(lang, model=None)` is built once per process; called on a Doc it sets
`doc._.people` to a list of person items ($defs/person of the record schema), one per person,
ordered by first mention:

    {"name": "Quan Minh Cuong", "name_key": "quan minh cuong",
     "roles": [{"text": "sekretarz prowincjonalnego komitetu partii", "normalized": ...,
                "start": 12, "end": 53}],
     "mentions": [{"start": 0, "end": 15, "text": "Quan Minh Cuong"}],
     "sources": ["rules"]}

How it decides (details in people_names.py and roles.py):
1. Name-shaped spans: a Vietnamese surname followed by name syllables (Polish case endings
   stripped: "To Lama" -> "To Lam"), a romanised East Asian name ("Kim Min-ji", "Park
   Jae-hoona" -> Park Jae-hoon; east_asian_names.py), or a foreign first name + surname
   (morfeusz2 lemmas: "Jana Kowalskiego" -> "Jan Kowalski"). Gazetteer places and countries,
   spans after a place or organisation cue ("xã", "đường", "gmina", "Szkoła", "spółka") and
   spans with a company's word ("Precision", "JSC", "Group") are not people.
2. Roles and honorifics around each span are the context evidence. A span whose shape is
   clear (three or more name syllables) is a person; a weaker one (two syllables whose first
   is also a common word, an unknown syllable, a foreign or East Asian name, a commune name)
   needs context; for an East Asian name a nationality word in the sentence counts too.
3. Spans of one person are merged: every mention, every distinct role. The same name with
   Polish case endings ("Souksavanha Inthavonga") is the same person as its nominative.

With `model` naming an installed spaCy pipeline, its person entities are merged in by
name_key and `sources` names the model too.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from pipeline.extractors import doc_text
from pipeline.extractors.people.credits import Credit, find_credits, load_credit_rules
from pipeline.extractors.people.lexicon import load_lexicon
from pipeline.extractors.people.names import (
    LIST_WORDS,
    PLAIN,
    STRONG,
    Candidate,
    find_candidates,
    foreign_name_at,
    vi_name_at,
)
from pipeline.extractors.people.polish_names import (
    morphology_for,
    polish_nominative,
    strip_foreign_inflection,
    strip_inflection,
)
from pipeline.extractors.people.roles import RoleFinder, RoleSpan
from pipeline.extractors.people.tokens import TokenView
from pipeline.textnorm import collapse_spaces
from pipeline.textnorm import name_key as _name_key

RULES_SOURCE = "rules"
PERSON_LABELS = frozenset({"PER", "PERSON", "persName", "PERS"})

name_key = lru_cache(maxsize=16384)(_name_key)

if not Doc.has_extension("people"):
    Doc.set_extension("people", default=None)


class PersonModelNotFound(RuntimeError):
    """The spaCy pipeline named for person entities is not installed."""


class PeopleExtractor:
    """spaCy component: person items with roles and mentions in `doc._.people`."""

    def __init__(self, lang: str, model: str | None = None, **_: Any) -> None:
        self.lang = lang
        self.lex = load_lexicon(lang)
        self.morph = morphology_for(self.lex.morphology)
        self.credits = load_credit_rules(lang)
        self.model_name = model
        self.model_source: str | None = None
        self._model = None
        if model:
            self._model, self.model_source = load_person_model(model)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        people = self.extract(text)
        if self._model is not None:
            people = self._merge_model(text, people)
        doc._.people = people
        return doc

    # -- rules ------------------------------------------------------------------------------
    def extract(self, text: str) -> list[dict]:
        """Person items found by the rules in `text`."""
        if not text or not isinstance(text, str):
            return []
        view = TokenView(text, self.lex, self.morph)
        candidates = find_candidates(view)
        previous: Candidate | None = None
        addressed = False  # in a list of people opened by a word of address
        for c in candidates:
            linked = _linked(view, previous, c)
            if view.phrase_ending_at(self.lex.honorifics, c.i):
                c.evidence.add("honorific")
                addressed = c.origin == "vi"
            elif addressed and linked and c.origin in ("vi", "place") and c.local_place:
                # "các đồng chí Trịnh Việt Hùng, Giàng A Chu và Hoàng Giang": the word of
                # address before the list is this name's too
                c.evidence.add("honorific")
            elif not linked or c.blocked:
                addressed = False
            if (c.j + 1 < view.n and view.toks[c.j].text == ","
                    and view.phrase_at(self.lex.person_nouns, c.j + 1)):
                c.evidence.add("apposition")  # "A Pương, sinh viên ...": a human's name
            if c.local_place and "honorific" not in c.evidence:
                c.blocked = True  # a commune's name: a person only as "ông/bà/pan X"
            previous = c
        persons = [c for c in candidates if not c.blocked]
        if any(c.soft_cue for c in persons):
            persons = self._resolve_soft_cues(view, candidates, persons)
        if self.lex.endings:
            self._unify_inflected(persons)
        persons = _repeat_long_names(view, persons)
        roles = RoleFinder(view, {c.i for c in persons})
        attached: dict[int, list[RoleSpan]] = {}
        claimed: set[tuple[int, int]] = set()
        for c in persons:
            spans = roles.after(c.j)
            if spans:
                attached[c.i] = spans
                c.evidence.add("role_after")
                claimed.update((s.i, s.j) for s in spans)
        for c in persons:
            spans = roles.before(c.i, claimed)
            if spans:
                attached[c.i] = spans + attached.get(c.i, [])
                c.evidence.add("role_before")
                claimed.update((s.i, s.j) for s in spans)
        self._share_list_roles(view, persons, attached, roles.listed)
        accepted = {self._key(c) for c in persons if self._is_person(c)}
        people = self._assemble(view, [c for c in persons if self._key(c) in accepted], attached)
        self._add_short_references(view, people, roles)
        if self.credits is not None:
            credits = find_credits(text, self.credits, self._plausible_caps, self._is_province)
            people = self._add_credits(text, people, credits)
        return people

    def _plausible_caps(self, word: str) -> bool:
        """A word of a name written in capitals: a Vietnamese syllable or a clan name."""
        key = self.lex.name_key(word)
        return self.lex.is_syllable(key) or (key,) in self.lex.clans

    def _is_province(self, name: str) -> bool:
        """A province or large city: a last line that is a commune's name ("Minh Châu",
        "Quang Hưng") is still a byline, as so many given names are also communes'."""
        key = tuple(self.lex.name_key(w) for w in name.split())
        return key in self.lex.places_major

    @staticmethod
    def _add_credits(text: str, people: list[dict], credits: list[Credit]) -> list[dict]:
        """Credited people joined to the people found in the text (by name_key): the credit's
        mention and its roles ("Ảnh" -> photographer) added."""
        if not credits:
            return people
        by_key = {p["name_key"]: p for p in people}
        for credit in credits:
            key = name_key(credit.name)
            person = by_key.get(key)
            if person is None:
                person = {"name": credit.name, "name_key": key, "roles": [], "mentions": [],
                          "sources": [RULES_SOURCE]}
                by_key[key] = person
                people.append(person)
            if not any(m["start"] < credit.end and credit.start < m["end"]
                       for m in person["mentions"]):
                person["mentions"].append({"start": credit.start, "end": credit.end,
                                           "text": text[credit.start:credit.end]})
            for role in credit.roles:
                if not any(r["start"] == role["start"] for r in person["roles"]):
                    person["roles"].append(role)
            person["mentions"].sort(key=lambda m: (m["start"], m["end"]))
            person["roles"].sort(key=lambda r: (r["start"], r["end"]))
        people.sort(key=lambda p: p["mentions"][0]["start"])
        return people

    def _add_short_references(self, view: TokenView, people: list[dict],
                              roles: RoleFinder) -> None:
        """"đồng chí Chinh", "Towarzysz Chinha", "pan Kowalski": after a word of address, the
        last word of one person's full name (a Vietnamese given name, a foreign surname) is
        another mention of that person, with the offices after it ("ông Dũng được điều động
        giữ chức Phó bí thư Tỉnh ủy Lai Châu"). Skipped when two people share that word."""
        owners: dict[str, list[dict]] = {}
        for person in people:
            words = person["name_key"].split()
            if len(words) >= 2:
                owners.setdefault(words[-1], []).append(person)
        if not owners:
            return
        taken = [(m["start"], m["end"]) for p in people for m in p["mentions"]]
        toks = view.toks
        for k, tok in enumerate(toks):
            if not tok.cap or (k + 1 < view.n and toks[k + 1].cap and view.adjacent(k + 1)):
                continue  # not a lone capitalised word: a full name, found (or not) above
            if not view.phrase_ending_at(self.lex.honorifics, k):
                continue
            if any(s < tok.end and tok.start < e for s, e in taken):
                continue
            found = self._owner_of(view, k, owners)
            if found is None:
                continue
            found["mentions"].append({"start": tok.start, "end": tok.end, "text": tok.text})
            taken.append((tok.start, tok.end))
            known = {r["normalized"] for r in found["roles"]}
            for span in roles.after(k + 1):
                if span.normalized and span.normalized not in known:
                    known.add(span.normalized)
                    found["roles"].append(span.as_item())
        for person in people:
            person["mentions"].sort(key=lambda m: (m["start"], m["end"]))
            person["roles"] = _drop_shorter_roles(person["roles"])
            person["roles"].sort(key=lambda r: (r["start"], r["end"]))

    def _owner_of(self, view: TokenView, k: int, owners: dict[str, list[dict]]) -> dict | None:
        tok = view.toks[k]
        keys = {name_key(tok.text)}
        if self.lex.endings:
            stripped = strip_inflection(tok.text, tok.key, self.lex.endings, self.lex.syllables)
            if stripped is not None:
                keys.add(name_key(stripped[0]))
        if self.morph.available:
            keys.update(name_key(lemma) for lemma in view.info(k).lemmas)
        matches = {id(p): p for key in keys for p in owners.get(key, ())}
        return next(iter(matches.values())) if len(matches) == 1 else None

    def _unify_inflected(self, persons: list[Candidate]) -> None:
        """"towarzysza Souksavanha Inthavonga" ... "towarzysz Souksavanh Inthavong": a name
        whose every word is another name's word with a case ending is that person, in the
        other (nominative) spelling."""
        names: dict[str, list[str]] = {}
        for c in persons:
            names.setdefault(self._key(c), c.words)
        if len(names) < 2:
            return
        for c in persons:
            key = self._key(c)
            for other_key, other in names.items():
                if other_key != key and self._inflected_form_of(c.words, other):
                    c.words = list(other)
                    break

    def _inflected_form_of(self, words: list[str], base: list[str]) -> bool:
        if len(words) != len(base) or len(words) < 2:
            return False
        changed = False
        for word, stem in zip(words, base, strict=True):
            word_key, stem_key = name_key(word), name_key(stem)
            if word_key == stem_key:
                continue
            info = self.morph.info(word)
            if info.first_name() or info.surname():
                return False  # a Polish name: morfeusz gave its nominative already
            if not self._ends_inflected(word_key, stem_key):
                return False
            changed = True
        return changed

    def _ends_inflected(self, word_key: str, stem_key: str) -> bool:
        if strip_foreign_inflection(word_key) == stem_key:  # a key stays a key
            return True
        return any(
            word_key.endswith(e.suffix)
            and word_key[: len(word_key) - len(e.suffix)] + e.replacement == stem_key
            for e in self.lex.endings
        )

    @staticmethod
    def _share_list_roles(view: TokenView, persons: list[Candidate],
                          attached: dict[int, list[RoleSpan]], listed: dict[int, int]) -> None:
        """"Phó Chủ tịch UBND tỉnh: A, B và C", "Ba Phó Bí thư Tỉnh ủy là các đồng chí A, B
        và C", "wiceprzewodniczącymi zostali A i B": the role before the colon (or the words
        that introduce the holders) belongs to every name of the list after it, also when
        each name has offices of its own ("Członkowie Komitetu Centralnego Partii: A, minister;
        B, zastępca przewodniczącego")."""
        toks = view.toks
        shared: list[RoleSpan] | None = None
        previous: Candidate | None = None
        for c in persons:
            if c.i in listed and "role_before" in c.evidence:
                shared = [r for r in attached[c.i] if r.j == listed[c.i]]
            elif shared and previous is not None and "role_before" not in c.evidence:
                # the list goes on after the previous name and its own offices
                end = max([previous.j] + [r.j for r in attached.get(previous.i, ())
                                          if r.i >= previous.j])
                gap = range(end, c.i)
                if 1 <= len(gap) <= 2 and all(  # ", ", " và ", "; và "
                        toks[k].norm in LIST_WORDS or toks[k].text == ";" for k in gap):
                    attached[c.i] = list(shared) + attached.get(c.i, [])
                    c.evidence.add("role_before")
                else:
                    shared = None
            else:
                shared = None
            previous = c

    @staticmethod
    def _resolve_soft_cues(view: TokenView, candidates: list[Candidate],
                           persons: list[Candidate]) -> list[Candidate]:
        """After "xã", "tỉnh", "gmina"...: a person when an office runs into the name
        ("Chủ tịch UBND xã Nguyễn Văn An"), a place otherwise or when another name follows it
        ("Chủ tịch UBND xã Trần Hưng Đạo Nguyễn Văn An")."""
        provisional = RoleFinder(view, {c.i for c in persons})
        starts = {c.i for c in candidates}
        for c in persons:
            if not c.soft_cue:
                continue
            followed = c.j in starts and view.adjacent(c.j)
            if followed or provisional.role_ending_at(c.i) is None:
                c.blocked = True
        return [c for c in persons if not c.blocked]

    @staticmethod
    def _key(c: Candidate) -> str:
        return name_key(c.name)

    @staticmethod
    def _is_person(c: Candidate) -> bool:
        if c.origin == "place":
            return "honorific" in c.evidence
        if c.needs_context:
            return bool(c.evidence)
        if c.strength in (STRONG, PLAIN):
            return True
        return bool(c.evidence)

    @staticmethod
    def _assemble(view: TokenView, cands: list[Candidate],
                  attached: dict[int, list[RoleSpan]]) -> list[dict]:
        by_key: dict[str, dict] = {}
        role_seen: dict[str, dict[str, tuple[int, bool]]] = {}
        text = view.text
        for c in cands:
            key = name_key(c.name)
            start, end = view.toks[c.i].start, view.toks[c.j - 1].end
            person = by_key.get(key)
            if person is None:
                person = {"name": c.name, "name_key": key, "roles": [], "mentions": [],
                          "sources": [RULES_SOURCE]}
                by_key[key] = person
                role_seen[key] = {}
            elif _fuller(c.name, person["name"]):
                person["name"] = c.name
            person["mentions"].append({"start": start, "end": end, "text": text[start:end]})
            for span in attached.get(c.i, ()):
                if not span.normalized:
                    continue
                seen = role_seen[key]
                if span.identity not in seen:
                    seen[span.identity] = (len(person["roles"]), span.nominative)
                    person["roles"].append(span.as_item())
                elif span.nominative and not seen[span.identity][1]:
                    # "Sekretarza Generalnego" then "Sekretarz Generalny": keep the nominative.
                    index = seen[span.identity][0]
                    person["roles"][index] = span.as_item()
                    seen[span.identity] = (index, True)
        people = list(by_key.values())
        for p in people:
            p["roles"] = _drop_shorter_roles(p["roles"])
            p["roles"].sort(key=lambda r: (r["start"], r["end"]))
        people.sort(key=lambda p: p["mentions"][0]["start"])
        return people

    # -- trained model ----------------------------------------------------------------------
    def _merge_model(self, text: str, people: list[dict]) -> list[dict]:
        by_key = {p["name_key"]: p for p in people}
        # the model's vocabulary forgets the document's strings after it (memory stays flat)
        with self._model.memory_zone():
            spans = [(e.start_char, e.end_char) for e in self._model(text).ents
                     if e.label_ in PERSON_LABELS]
        view = None
        for start, end in spans:
            if view is None:
                view = TokenView(text, self.lex, self.morph)
            name = self._nominative(view, start, end) or collapse_spaces(text[start:end])
            key = name_key(name)
            if not key:
                continue
            mention = {"start": start, "end": end, "text": text[start:end]}
            person = by_key.get(key)
            if person is None:
                person = {"name": name, "name_key": key, "roles": [], "mentions": [],
                          "sources": []}
                by_key[key] = person
                people.append(person)
            if self.model_source not in person["sources"]:
                person["sources"].append(self.model_source)
            if not any(m["start"] == mention["start"] and m["end"] == mention["end"]
                       for m in person["mentions"]):
                person["mentions"].append(mention)
                person["mentions"].sort(key=lambda m: (m["start"], m["end"]))
        people.sort(key=lambda p: p["mentions"][0]["start"])
        return people

    @staticmethod
    def _nominative(view: TokenView, start: int, end: int) -> str | None:
        """The rules' reading of a model's entity span ('To Lama' -> 'To Lam'), if any."""
        idx = [k for k, t in enumerate(view.toks) if t.start >= start and t.end <= end]
        if not idx:
            return None
        first, last = idx[0], idx[-1] + 1
        for reader in (vi_name_at, foreign_name_at):
            cand = reader(view, first)
            if cand is not None and cand.j == last:
                return cand.name
        infos = [view.info(k) for k in range(first, last)]
        if view.morph.available and all(i.first_name() or i.surname() for i in infos):
            return " ".join(polish_nominative([view.toks[k].text for k in range(first, last)],
                                              infos))
        return None


MIN_REPEATED_WORDS = 3


def _repeat_long_names(view: TokenView, persons: list[Candidate]) -> list[Candidate]:
    """A name of three or more words found once is the same person wherever the same words
    come again, whatever other readings covered them there ("gubernator prowincji Wientian
    Kham Phan Sit Thi Dam Pha" after "towarzysz Kham Phan Sit Thi Dam Pha, członek...":
    not "Wientian Kham" and "Phan Sit Thi Dam")."""
    toks = view.toks
    known: dict[str, list[tuple[str, ...]]] = {}
    origin: dict[tuple[str, ...], Candidate] = {}
    for c in persons:
        if c.j - c.i >= MIN_REPEATED_WORDS and c.evidence:
            key = tuple(toks[k].key for k in range(c.i, c.j))
            if key not in origin:
                origin[key] = c
                known.setdefault(key[0], []).append(key)
    if not known:
        return persons
    for bucket in known.values():
        bucket.sort(key=len, reverse=True)
    covered = {k: c for c in persons for k in range(c.i, c.j)}
    out = list(persons)
    i = 0
    while i < view.n:
        match = next((key for key in known.get(toks[i].key, ())
                      if i + len(key) <= view.n
                      and all(toks[i + m].key == key[m] for m in range(len(key)))
                      and all(view.adjacent(i + m) for m in range(1, len(key)))), None)
        if match is None:
            i += 1
            continue
        j = i + len(match)
        inside = {id(c): c for k in range(i, j) if (c := covered.get(k)) is not None}
        if not (len(inside) == 1 and next(iter(inside.values())).i == i
                and next(iter(inside.values())).j == j):
            out = [c for c in out if id(c) not in inside]
            first = origin[match]
            repeat = Candidate(i, j, list(first.words), first.origin, first.strength)
            repeat.evidence.add("repeated")
            out.append(repeat)
        i = j
    out.sort(key=lambda c: c.i)
    return out


def _linked(view: TokenView, previous: Candidate | None, c: Candidate) -> bool:
    """`c` follows `previous` in a list: one list word (",", "và", "i") between them."""
    return (
        previous is not None
        and c.i - previous.j == 1
        and view.toks[previous.j].norm in LIST_WORDS
    )


def _drop_shorter_roles(roles: list[dict]) -> list[dict]:
    """'Chủ tịch UBND tỉnh' beside 'Chủ tịch UBND tỉnh Lạng Sơn', 'Đại sứ' beside 'Đại sứ đặc
    mệnh toàn quyền...': one office, kept in its fullest form."""
    if len(roles) < 2:
        return roles
    words = [r["normalized"].split() for r in roles]
    kept = []
    for k, role in enumerate(roles):
        mine = words[k]
        if not any(
            len(other) > len(mine) and other[: len(mine)] == mine
            for m, other in enumerate(words)
            if m != k
        ):
            kept.append(role)
    return kept


def _fuller(new: str, old: str) -> bool:
    """The article's fullest spelling of a name: more diacritics wins ('Quản' over 'Quan')."""
    return sum(not c.isascii() for c in new) > sum(not c.isascii() for c in old)


_MODELS: dict[str, tuple[Any, str]] = {}


def load_person_model(model: str) -> tuple[Any, str]:
    """Load a spaCy pipeline by package name or path, once per process.

    Returns the pipeline and the name recorded in `sources` (the package name, or for a path
    the pipeline's own "<lang>_<name>").
    """
    if model in _MODELS:
        return _MODELS[model]
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise PersonModelNotFound(
            f"spaCy pipeline {model!r} for person names is not installed. Install it "
            f"(e.g. `python -m spacy download {model}` or `pip install {model}`), pass the "
            f"path of a saved pipeline, or configure no person model to use the rules alone."
        ) from exc
    source = model
    if os.sep in model or Path(model).exists():
        meta = getattr(nlp, "meta", {}) or {}
        source = f"{meta.get('lang', nlp.lang)}_{meta.get('name', 'pipeline')}"
    _MODELS[model] = (nlp, source)
    return nlp, source
