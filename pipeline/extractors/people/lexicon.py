"""Language data of the people extractor, read once per process from pipeline/data/.

Everything a linguist may want to change lives in the data files; this module only reads them
and builds the lookup structures (sets of keys, phrase indexes). Files:

    common/names_vi_surnames.txt       Vietnamese family names
    common/names_vi_given.txt          syllables of middle and given names
    common/names_vi_syllables.txt      every Vietnamese syllable (tells "Lam" from "Lama")
    common/names_vi_minority_clans.txt  Jrai, Ê Đê, Bahnar... clan names and name openers
                                       ("Ksor", "Rah Lan", "Niê Kđăm", "Y ?")
    common/names_vi_place_prefixes.txt  "Plei", "Kon", "Đăk", "Ia": a Highlands place opens
    common/names_vi_places.txt         provinces, districts, regions: never people
    common/names_vi_places_local.txt   communes and wards: people only after an honorific
    common/names_vi_not_people.txt     ethnic groups and other name-shaped non-people
    common/names_vi_historical.txt     historical figures places are named after
    common/names_east_asian_surnames.txt  Kim, Park, Li, Sato: romanised East Asian names
    common/names_organisation_words.txt   Co., Ltd, JSC, Group, Precision: not people
    common/roles_abbreviations.toml    UBND -> ủy ban nhân dân, in normalized roles
    <lang>/people_settings.toml        diacritic folding, morphological analyser, joiners,
                                       office prefixes ("wice")
    <lang>/people_honorifics.txt       đồng chí, ông, bà / towarzysz, pan, pani
    <lang>/people_place_cues.txt       xã, đường, trường / gmina, ulica, szkoła
    <lang>/people_organisation_cues.txt  công ty, tập đoàn / spółka, firma: a foreign name
                                       after these is an organisation
    <lang>/people_nationality_cues.txt  Hàn Quốc / Korea, koreański: context for East Asian
                                       names
    <lang>/people_not_person_phrases.txt  capitalised phrases that look like names
    <lang>/names_<lang>_ambiguous_surnames.txt  surnames that are also common words
    <lang>/names_<lang>_inflection_endings.txt  case endings stripped from Vietnamese names
    <lang>/roles_<lang>.txt            words that open an office
    <lang>/roles_<lang>_modifiers.txt  words before an office that belong to it
    <lang>/roles_<lang>_continuations.txt  words that continue an office
    <lang>/roles_<lang>_introducers.txt  "giữ chức", "wybrany na": an office follows
    <lang>/roles_<lang>_list_introducers.txt  "là", "zostali": the holders of the office
                                       before them follow ("Ba Phó Bí thư là các đồng chí...")
    <lang>/people_person_nouns.txt     "sinh viên", "rolnik": after a name and a comma, they
                                       say the name is a human's ("A Pương, sinh viên ...")
    <lang>/roles_<lang>_group_words.txt  "các", "hai", "dwaj": the office after them is held
                                       by the list of names that follows it
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from pipeline.extractors.datafiles import DATA_DIR, load_toml, string_list
from pipeline.textnorm import fold_diacritics

COMMON_DIR = DATA_DIR / "common"

# Words, numbers and hyphenated compounds (combining marks kept inside words so that NFD text
# tokenises like NFC text), or any other single non-space character.
TOKEN_RE = re.compile(
    r"(?:[^\W_]|[\u0300-\u036f])+(?:['’\-‐](?:[^\W_]|[\u0300-\u036f])+)*|[^\s]"
)

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
# Open syllables in oa, oe, uy carry the tone on the first vowel in the spelling we normalise
# to ("hòa", "khỏe", "ủy"); "hoà", "khoẻ", "uỷ" are the other common spelling.
_TONE_SHIFT = re.compile(rf"(?<!q)(o|u)(a|e|y)([{_TONE_MARKS}])$")


# Vietnamese syllable structure on folded letters: onset, vowel cluster, final consonant.
# Backs up names_vi_syllables.txt for rare syllables of minority names ("Pủa", "Piếng").
_VI_SYLLABLE = re.compile(
    r"^(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x)?"
    r"(?:uye|uya|uyu|ieu|yeu|oai|oay|oao|oeo|uay|uoi|uou|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi"
    r"|oo|ua|ue|ui|uo|uu|uy|ye|a|e|i|o|u|y)(?:ng|nh|ch|c|m|n|p|t)?$"
)


class PeopleDataError(ValueError):
    """A people/roles data file is missing or malformed."""


def vi_tone_normalize(word: str) -> str:
    """'hoà' -> 'hòa', 'uỷ' -> 'ủy', 'quý' stays: one spelling for both tone placements."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFD", word)
    if decomposed[-1:] not in _TONE_MARKS:
        return unicodedata.normalize("NFC", word)
    shifted = _TONE_SHIFT.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", shifted)


def normalize_phrase(text: str) -> str:
    """Lowercase, NFC, Vietnamese tone placement normalised word by word."""
    lowered = unicodedata.normalize("NFC", text).lower()
    if lowered.isascii():
        return lowered
    return " ".join(vi_tone_normalize(w) for w in lowered.split())


def read_entries(path: Path) -> list[str]:
    """Non-empty, non-comment lines of a data file, NFC-normalised and stripped."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise PeopleDataError(f"cannot read people data file {path}: {exc}") from exc
    entries = []
    for line in text.splitlines():
        line = unicodedata.normalize("NFC", line.strip())
        if line and not line.startswith("#"):
            entries.append(line)
    return entries


def tokenize_entry(entry: str) -> tuple[str, ...]:
    return tuple(normalize_phrase(t) for t in TOKEN_RE.findall(entry))


@dataclass(frozen=True)
class Phrase:
    """A multi-word entry of a lexicon, as token forms; `cap_after`: needs a capitalised
    word right after it (entries written with a trailing ' *'); `soft`: a place cue that
    may also continue an office (entries written with a trailing ' ~')."""

    forms: tuple[str, ...]
    cap_after: bool = False
    soft: bool = False


@dataclass
class PhraseIndex:
    """Entries indexed by first and by last token form, longest first."""

    by_first: dict[str, list[Phrase]] = field(default_factory=dict)
    by_last: dict[str, list[Phrase]] = field(default_factory=dict)

    @classmethod
    def build(cls, entries: list[str]) -> PhraseIndex:
        index = cls()
        seen = set()
        for entry in entries:
            cap_after = entry.endswith(" *")
            soft = entry.endswith(" ~")
            forms = tokenize_entry(entry[:-2] if cap_after or soft else entry)
            if not forms or (forms, cap_after, soft) in seen:
                continue
            seen.add((forms, cap_after, soft))
            phrase = Phrase(forms, cap_after, soft)
            index.by_first.setdefault(forms[0], []).append(phrase)
            index.by_last.setdefault(forms[-1], []).append(phrase)
        for bucket in (*index.by_first.values(), *index.by_last.values()):
            bucket.sort(key=lambda p: -len(p.forms))
        return index

    def __bool__(self) -> bool:
        return bool(self.by_first)


@dataclass
class Ending:
    suffix: str
    replacement: str


@dataclass
class PeopleLexicon:
    lang: str
    fold: bool
    morphology: str
    surnames: frozenset[str]
    ambiguous_surnames: frozenset[str]
    given: frozenset[str]
    syllables: frozenset[str]
    places_major: frozenset[tuple[str, ...]]
    historical: frozenset[tuple[str, ...]]
    places_local: frozenset[tuple[str, ...]]
    place_max_len: int
    place_firsts: frozenset[str]
    honorifics: PhraseIndex
    cues: PhraseIndex
    not_person: PhraseIndex
    role_heads: PhraseIndex
    role_modifiers: PhraseIndex
    role_continuations: PhraseIndex
    role_joiners: PhraseIndex
    role_introducers: PhraseIndex
    endings: list[Ending]
    abbreviations: dict[str, str]
    east_asian_surnames: frozenset[str] = frozenset()
    role_list_introducers: PhraseIndex = field(default_factory=PhraseIndex)
    role_group_words: PhraseIndex = field(default_factory=PhraseIndex)
    person_nouns: PhraseIndex = field(default_factory=PhraseIndex)
    # clan names and name openers of the Central Highlands peoples, as tuples of keys; those
    # that are also ordinary words or letters ("Y", "A") in `weak_clans`
    clans: frozenset[tuple[str, ...]] = frozenset()
    place_prefixes: frozenset[str] = frozenset()
    weak_clans: frozenset[tuple[str, ...]] = frozenset()
    organisation_words: PhraseIndex = field(default_factory=PhraseIndex)
    organisation_cues: PhraseIndex = field(default_factory=PhraseIndex)
    nationality_cues: PhraseIndex = field(default_factory=PhraseIndex)

    @property
    def form_prefixes(self) -> frozenset[str]:
        """First three letters of every word form in the phrase lexicons: a word whose own
        first letters are not among them cannot match an entry by its lemma either (Polish
        inflects at the end), so it needs no morphological analysis."""
        cached = self.__dict__.get("_form_prefixes")
        if cached is None:
            cached = frozenset(
                form[:3]
                for index in (self.honorifics, self.cues, self.not_person, self.role_heads,
                              self.role_modifiers, self.role_continuations, self.role_joiners,
                              self.role_introducers, self.role_list_introducers,
                              self.role_group_words, self.person_nouns,
                              self.organisation_cues,
                              self.nationality_cues)
                for bucket in index.by_first.values()
                for phrase in bucket
                for form in phrase.forms
            )
            self.__dict__["_form_prefixes"] = cached
        return cached

    def name_key(self, word: str) -> str:
        """The form a word is looked up under in the name lexicons."""
        return name_form(word, self.fold)

    def is_syllable(self, key: str) -> bool:
        """A Vietnamese syllable: in the lexicon, or shaped like one."""
        return key in self.syllables or _shaped_like_syllable(key)


@lru_cache(maxsize=16384)
def _shaped_like_syllable(key: str) -> bool:
    return bool(_VI_SYLLABLE.match(fold_diacritics(key)))


@lru_cache(maxsize=16384)
def name_form(word: str, fold: bool) -> str:
    lowered = unicodedata.normalize("NFC", word).lower()
    if fold:
        return fold_diacritics(lowered)
    return vi_tone_normalize(lowered)


def _key_set(entries: list[str], fold: bool) -> frozenset[str]:
    return frozenset(name_form(e, fold) for e in entries)


def _place_set(entries: list[str], fold: bool) -> frozenset[tuple[str, ...]]:
    return frozenset(
        tuple(name_form(t, fold) for t in TOKEN_RE.findall(e)) for e in entries if e
    )


def _clan_sets(fold: bool) -> tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]]]:
    """(every clan entry, the entries marked " ?") of names_vi_minority_clans.txt."""
    entries = read_entries(COMMON_DIR / "names_vi_minority_clans.txt")
    weak = [e[:-2] for e in entries if e.endswith(" ?")]
    plain = [e for e in entries if not e.endswith(" ?")]
    return _place_set(plain + weak, fold), _place_set(weak, fold)


def _read_settings(lang: str) -> dict:
    return load_toml(DATA_DIR / lang / "people_settings.toml", PeopleDataError, required=False)


def _read_endings(path: Path) -> list[Ending]:
    endings = []
    for entry in read_entries(path):
        suffix, _, replacement = entry.partition(">")
        suffix, replacement = suffix.strip().lower(), replacement.strip().lower()
        if suffix:
            endings.append(Ending(suffix, replacement))
    endings.sort(key=lambda e: -len(e.suffix))
    return endings


def _string_list(settings: dict, key: str, lang: str) -> list[str]:
    return string_list(settings, key, str(DATA_DIR / lang / "people_settings.toml"),
                       PeopleDataError)


def with_prefixes(entries: list[str], prefixes: list[str]) -> list[str]:
    """Each office also with each prefix glued to its first word: 'marszałek' ->
    'wicemarszałek', 'konsul generalny' -> 'wicekonsul generalny'."""
    out = list(entries)
    for entry in entries:
        for prefix in prefixes:
            if not entry.lower().startswith(prefix.lower()):
                out.append(prefix + entry)
    return out


def _read_abbreviations() -> dict[str, str]:
    path = COMMON_DIR / "roles_abbreviations.toml"
    data = load_toml(path, PeopleDataError, required=False)
    expand = data.get("expand", {})
    if not isinstance(expand, dict) or not all(isinstance(v, str) for v in expand.values()):
        raise PeopleDataError(f"{path}: [expand] must map abbreviations to strings")
    return {unicodedata.normalize("NFC", k): v for k, v in expand.items()}


@cache
def load_lexicon(lang: str) -> PeopleLexicon:
    """The people lexicon of `lang`, read once per process."""
    settings = _read_settings(lang)
    fold = bool(settings.get("fold_diacritics", False))
    morphology = str(settings.get("morphology", "none"))
    lang_dir = DATA_DIR / lang
    places_major = _place_set(
        read_entries(COMMON_DIR / "names_vi_places.txt")
        + read_entries(COMMON_DIR / "names_vi_not_people.txt"),
        fold,
    )
    places_local = _place_set(read_entries(COMMON_DIR / "names_vi_places_local.txt"), fold)
    joiners = _string_list(settings, "role_joiners", lang)
    prefixes = _string_list(settings, "role_prefixes", lang)
    clans, weak_clans = _clan_sets(fold)
    return PeopleLexicon(
        lang=lang,
        fold=fold,
        morphology=morphology,
        surnames=_key_set(read_entries(COMMON_DIR / "names_vi_surnames.txt"), fold),
        ambiguous_surnames=_key_set(
            read_entries(lang_dir / f"names_{lang}_ambiguous_surnames.txt"), fold
        ),
        given=_key_set(read_entries(COMMON_DIR / "names_vi_given.txt"), fold),
        syllables=_key_set(read_entries(COMMON_DIR / "names_vi_syllables.txt"), fold),
        places_major=places_major,
        historical=_place_set(read_entries(COMMON_DIR / "names_vi_historical.txt"), fold),
        places_local=places_local,
        place_max_len=max((len(p) for p in places_major | places_local), default=0),
        place_firsts=frozenset(p[0] for p in places_major | places_local),
        honorifics=PhraseIndex.build(read_entries(lang_dir / "people_honorifics.txt")),
        cues=PhraseIndex.build(read_entries(lang_dir / "people_place_cues.txt")),
        not_person=PhraseIndex.build(read_entries(lang_dir / "people_not_person_phrases.txt")),
        role_heads=PhraseIndex.build(
            with_prefixes(read_entries(lang_dir / f"roles_{lang}.txt"), prefixes)
        ),
        role_modifiers=PhraseIndex.build(read_entries(lang_dir / f"roles_{lang}_modifiers.txt")),
        role_continuations=PhraseIndex.build(
            read_entries(lang_dir / f"roles_{lang}_continuations.txt")
        ),
        role_joiners=PhraseIndex.build(joiners),
        role_introducers=PhraseIndex.build(
            read_entries(lang_dir / f"roles_{lang}_introducers.txt")
        ),
        endings=_read_endings(lang_dir / f"names_{lang}_inflection_endings.txt"),
        abbreviations=_read_abbreviations(),
        east_asian_surnames=_key_set(
            read_entries(COMMON_DIR / "names_east_asian_surnames.txt"), fold
        ),
        organisation_words=PhraseIndex.build(
            read_entries(COMMON_DIR / "names_organisation_words.txt")
        ),
        organisation_cues=PhraseIndex.build(
            read_entries(lang_dir / "people_organisation_cues.txt")
        ),
        nationality_cues=PhraseIndex.build(read_entries(lang_dir / "people_nationality_cues.txt")),
        clans=clans,
        weak_clans=weak_clans,
        place_prefixes=_key_set(read_entries(COMMON_DIR / "names_vi_place_prefixes.txt"), fold),
        role_list_introducers=PhraseIndex.build(
            read_entries(lang_dir / f"roles_{lang}_list_introducers.txt")
        ),
        role_group_words=PhraseIndex.build(
            read_entries(lang_dir / f"roles_{lang}_group_words.txt")
        ),
        person_nouns=PhraseIndex.build(read_entries(lang_dir / "people_person_nouns.txt")),
    )
