"""Offices as keys: a role's text to a key of the shared taxonomy (data/common/offices.toml),
the same key for "Bí thư Tỉnh ủy" and "sekretarz Komitetu Wojewódzkiego Partii".

Called after the people extractor has found the roles; it reads each role's `normalized` text
and never changes how roles are found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline.extractors.datafiles import DATA_DIR, load_toml, string_list
from pipeline.extractors.places.gazetteer import PlacesDataError, fold, spelling

OFFICES = DATA_DIR / "common" / "offices.toml"
SCOPES = ("national", "province", "district", "commune", "none")
_WORD = re.compile(r"\w+")



def _words(text: str, lang: str) -> tuple[str, ...]:
    """The words of a role or a pattern as they are compared: Polish without diacritics (as
    translations may drop them), Vietnamese with them ("trưởng bản" is no "trưởng ban")."""
    if lang == "vi":  # one tone placement: "uỷ"/"ủy", "hoá"/"hóa"
        return tuple(_WORD.findall(spelling(text)))
    return tuple(_WORD.findall(fold(text)))


def _same_word(word: str, pattern: str, inflected: bool) -> bool:
    """`word` is `pattern` or, in an inflected language, another case form of it: they share
    all but the last three letters of the pattern (at least three): "komitetu" ~ "komitet",
    "prowincjonalnej" ~ "prowincjonalny", "rady" ~ "rada"."""
    if word == pattern:
        return True
    if not inflected:
        return False
    need = max(3, len(pattern) - 3)
    return len(word) >= need and word[:need] == pattern[:need]


@dataclass(frozen=True)
class OfficeTaxonomy:
    scopes: dict[str, str]
    #: language -> (pattern words, key), longest pattern first
    patterns: dict[str, tuple[tuple[tuple[str, ...], str], ...]]

    def office_of(self, role: str, lang: str) -> str | None:
        """The office key of a role's text, or None when no key fits."""
        words = _words(role, lang)
        inflected = lang == "pl"
        for pattern, key in self.patterns.get(lang, ()):
            if len(pattern) <= len(words) and all(
                    _same_word(w, p, inflected) for w, p in zip(words, pattern, strict=False)):
                return key
        return None

    def at_level(self, key: str, level: str) -> str:
        """A local office's key for the level of the place it names: a Polish "okręg" is a
        district before July 2025 and a ward after it."""
        scope = self.scopes.get(key)
        if scope in ("district", "commune") and level in ("district", "commune") \
                and scope != level:
            other = level + key[len(scope):]
            if other in self.scopes:
                return other
        return key


@cache
def office_taxonomy() -> OfficeTaxonomy:
    data = load_toml(OFFICES, PlacesDataError)
    scopes: dict[str, str] = {}
    patterns: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for key, entry in data.items():
        if not isinstance(entry, dict) or entry.get("scope") not in SCOPES:
            raise PlacesDataError(f"{OFFICES}: [{key}] needs scope = one of {SCOPES}")
        scopes[key] = entry["scope"]
        for lang in ("vi", "pl"):
            for phrase in string_list(entry, lang, f"{OFFICES} [{key}]", PlacesDataError):
                patterns.setdefault(lang, []).append((_words(phrase, lang), key))
    ordered = {lang: tuple(sorted(found, key=lambda pk: (-len(pk[0]), pk[1])))
               for lang, found in patterns.items()}
    return OfficeTaxonomy(scopes, ordered)


@lru_cache(maxsize=8192)
def office_key(role: str, lang: str) -> str | None:
    """`office_taxonomy().office_of`, remembered: the same few hundred offices recur in every
    batch."""
    return office_taxonomy().office_of(role, lang)


@cache
def provincial_offices() -> frozenset[str]:
    """Offices of a province: a role without a place of its own belongs to the article's
    province. Read with the taxonomy, on first use (a data error is then the extractor's
    error entry, not an import error)."""
    return frozenset(k for k, s in office_taxonomy().scopes.items() if s == "province")
