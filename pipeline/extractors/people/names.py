"""Where names are in a text: Vietnamese names (with or without diacritics, inflected by
Polish endings) and foreign names, each with what speaks against it being a person (a place
or organisation cue before it, a gazetteer entry, a list of places around it).

A capitalised sequence is a Vietnamese name when it starts with a surname of the lexicon and
goes on with Vietnamese syllables; it is a place when it is a gazetteer entry or follows a
place or organisation cue ("xã", "đường", "gmina", "Szkoła"). Whether a candidate that is not
clear by its shape is a person is decided with the roles and honorifics around it
(people.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.extractors.people.east_asian_names import east_asian_name_at
from pipeline.extractors.people.polish_names import (
    FUNCTION_TAGS,
    VERB_TAGS,
    polish_nominative,
    strip_foreign_inflection,
    strip_inflection,
)
from pipeline.extractors.people.tokens import TokenView

MAX_VI_SYLLABLES = 5
MAX_FOREIGN_WORDS = 3

STRONG = "strong"  # a person by its shape alone (three or more known name syllables)
PLAIN = "plain"  # a person by its shape (two known name syllables)
WEAK = "weak"  # a person only with an honorific or a role next to it

LIST_WORDS = frozenset({",", "i", "oraz", "và", "cùng"})


@dataclass
class Candidate:
    i: int  # first token
    j: int  # token after the last
    words: list[str]  # the name's words, nominative
    origin: str  # "vi" (Vietnamese name), "east_asian", "foreign" or "place"
    strength: str
    blocked: bool = False  # a place or organisation, never a person here
    soft_cue: bool = False  # after "xã", "Bệnh viện"...: a place unless an office runs into it
    local_place: bool = False  # a commune/ward name: a person only with strong context
    needs_context: bool = False  # first word may be a Polish word ("Do Thanh Binh")
    evidence: set[str] = field(default_factory=set)

    @property
    def name(self) -> str:
        return " ".join(self.words)


def _is_name_word(view: TokenView, i: int) -> bool:
    tok = view.toks[i]
    return tok.cap and tok.alpha and len(tok.text) <= 24


MAX_MINORITY_WORDS = 5  # "Y Thanh Hà Niê Kđăm"
_APOSTROPHES = "'’"


def _glued_name_word(text: str) -> bool:
    """'H'Ma', 'H’Bút', 'K'Bình': a Jrai, Ê Đê or Cơ Ho name word written with its glued
    opener (capital, apostrophe, capital)."""
    return (len(text) >= 3 and text[0].isupper() and text[1] in _APOSTROPHES
            and text[2].isupper())


def _minority_name_word(view: TokenView, k: int) -> bool:
    """A capitalised word of letters (and a glued "H'"), whatever its syllable shape: the
    given names of the Central Highlands peoples are often no Vietnamese syllable ("Kđăm")."""
    tok = view.toks[k]
    if len(tok.text) > 24 or not tok.text[0].isupper():
        return False
    return tok.alpha or (_glued_name_word(tok.text)
                         and all(c.isalpha() or c in _APOSTROPHES for c in tok.text))


def _clan_at(view: TokenView, i: int) -> tuple[int, bool]:
    """(length, weak) of the longest clan name or name opener of the lexicon at token i."""
    clans = view.lex.clans
    best = (0, False)
    key: list[str] = []
    for k in range(i, min(view.n, i + 2)):
        if k > i and not view.adjacent(k):
            break
        key.append(view.toks[k].key)
        t = tuple(key)
        if t in clans:
            best = (len(key), t in view.lex.weak_clans)
    return best


def minority_name_at(view: TokenView, i: int) -> Candidate | None:
    """A name of the Central Highlands peoples at token i: 'Ksor Phước Hà', 'Rah Lan Chung',
    'Kpă H'Thuyên', 'H'Ma Byă', 'Y Thanh Hà Niê Kđăm' (a person only with context when it
    opens with "Y" or "A", which are also letters)."""
    if not view.lex.clans or not _minority_name_word(view, i):
        return None
    length, weak = _clan_at(view, i)
    if not length:
        if not _glued_name_word(view.toks[i].text):
            return None
        length = 1
    j = i + length
    while (j < view.n and j - i < MAX_MINORITY_WORDS and view.adjacent(j)
           and _minority_name_word(view, j) and not view.starts_other_phrase(j)):
        j += 1
    if j - i < 2 or (j - i == length and length < 2):
        return None
    words = [t.text for t in view.toks[i:j]]
    lex = view.lex
    if lex.endings and not lex.is_syllable(view.toks[j - 1].key):
        stripped = strip_inflection(words[-1], view.toks[j - 1].key, lex.endings, lex.syllables)
        if stripped is not None:
            words[-1] = stripped[0]
    if view.morph.available and _common_word(view, i):
        weak = True  # "Nie", "Ma": a Polish word may open the sequence
    return Candidate(i, j, words, "vi", WEAK if weak else PLAIN)


MAX_MINORITY_SYLLABLE = 6


def _minority_given_name(view: TokenView, j: int, words: list[str]) -> bool:
    """Token j, no Vietnamese syllable, ends a name as a given name of the Highlands peoples
    ("Hrui", "Kđăm", "Blưn"): a short word of letters after a surname and a known middle
    syllable, that is no place prefix and no Polish word."""
    tok = view.toks[j]
    lex = view.lex
    if len(words) < 2 or view.toks[j - 1].key not in lex.given:
        return False
    if not tok.alpha or len(tok.text) > MAX_MINORITY_SYLLABLE or tok.key in lex.place_prefixes:
        return False
    if j + 1 < view.n and view.adjacent(j + 1) and view.toks[j + 1].cap:
        return False  # a capitalised word goes on: no name ends here
    return not view.morph.available or view.info(j).unknown


def vi_name_at(view: TokenView, i: int, nested: bool = False) -> Candidate | None:
    """A Vietnamese name starting at token i: 'Quản Minh Cường', 'To Lama' -> To Lam."""
    lex = view.lex
    toks = view.toks
    first = toks[i]
    if not _is_name_word(view, i) or first.key not in lex.surnames:
        return None
    words = [first.text]
    unknown = 0  # syllables not in the given-name lexicon
    j = i + 1
    while j < view.n and j - i < MAX_VI_SYLLABLES and view.adjacent(j) and _is_name_word(view, j):
        tok = toks[j]
        if (not nested and len(words) >= 2 and tok.key in lex.surnames
                and tok.key not in lex.ambiguous_surnames):
            # "Hoang Van Thu Nguyen Van Binh": a second full name starts here, unless it
            # starts one word later ("Tran Hung Dao Nong Van Son": three syllables each).
            nxt = vi_name_at(view, j, nested=True)
            if nxt is not None and nxt.j - nxt.i >= 3:
                later = (
                    vi_name_at(view, j + 1, nested=True)
                    if len(words) == 2 and j + 1 < view.n and toks[j + 1].key in lex.surnames
                    else None
                )
                if not (later is not None and later.j == nxt.j and later.j - later.i == 3):
                    break
        if tok.key in lex.given or (tok.key,) in lex.clans and (tok.key,) not in lex.weak_clans:
            words.append(tok.text)  # "Dương Mah Tiệp": a clan name inside a Kinh name
            j += 1
            continue
        if lex.is_syllable(tok.key):
            if view.starts_other_phrase(j):
                break
            words.append(tok.text)
            unknown += 1
            j += 1
            continue
        if lex.endings:
            stripped = strip_inflection(tok.text, tok.key, lex.endings, lex.syllables)
            if stripped is not None:
                stem, stem_key = stripped
                words.append(stem)
                unknown += stem_key not in lex.given
                j += 1
                break
        if _minority_given_name(view, j, words):
            words.append(tok.text)  # "Đinh Văn Hrui": a Gia Rai given name after "Văn"
            unknown += 1
            j += 1
        break
    if len(words) < 2:
        return None
    return Candidate(i, j, words, "vi", _vi_strength(len(words), unknown,
                                                      first.key in lex.ambiguous_surnames))


def _vi_strength(syllables: int, unknown: int, ambiguous_first: bool) -> str:
    """Three or more syllables make a name by shape ("Lò Văn Pủa", "Tôn Quang Phiệt"), two
    known ones too ("Tô Lâm"); a surname that is also a common word ("Cao Miên", "Vì Hiến
    pháp") needs context unless every syllable is a known name syllable."""
    if unknown == 0:
        if syllables >= 3:
            return STRONG
        return WEAK if ambiguous_first else PLAIN
    if syllables >= 3 and not ambiguous_first:
        return PLAIN
    return WEAK


def foreign_name_at(view: TokenView, i: int) -> Candidate | None:
    """A foreign name at token i: 'Jana Kowalskiego' -> Jan Kowalski, 'Xi Jinpingiem'.

    Two or three capitalised words, at least one of them not a Vietnamese syllable. With a
    morphological analyser the words must be first names, surnames or unknown words. Such a
    name needs context (a role or an honorific) unless first name and surname are both known.
    """
    lex = view.lex
    toks = view.toks
    if not (
        _is_name_word(view, i)
        and i + 1 < view.n
        and view.adjacent(i + 1)
        and _is_name_word(view, i + 1)
    ):
        return None  # a name of one word is no foreign name here
    morph = view.morph.available
    first_info = view.info(i)
    if morph and not (
        first_info.first_name()
        or first_info.unknown
        or toks[i].key in lex.surnames
        # "Xi Jinpingiem", "Yang Zhenhuą": a short word Polish also knows, then an unknown one
        or (
            len(toks[i].text) <= 5
            and not first_info.pos & (FUNCTION_TAGS | VERB_TAGS | {"adj"})
            and i + 1 < view.n
            and view.info(i + 1).unknown
            and _is_name_word(view, i + 1)
        )
    ):
        return None
    if view.starts_other_phrase(i):
        return None
    j = i + 1
    while j < view.n and j - i < MAX_FOREIGN_WORDS and view.adjacent(j) and _is_name_word(
        view, j
    ):
        if view.starts_other_phrase(j) or toks[j].key in lex.surnames:
            break
        if morph:
            nxt = view.info(j)
            if not (nxt.first_name() or nxt.surname() or nxt.unknown):
                break
        j += 1
    if j - i < 2 or all(lex.is_syllable(toks[k].key) for k in range(i, j)):
        return None
    if not morph and lex.is_syllable(toks[i].key):
        return None  # "Lào Thongloun Sisoulith": the name starts after the country
    words = [toks[k].text for k in range(i, j)]
    strength = WEAK
    if morph:
        infos = [view.info(k) for k in range(i, j)]
        words = polish_nominative(words, infos)
        if not any(info.analyses and not info.unknown for info in infos[1:]):
            words[-1] = strip_foreign_inflection(words[-1])
        common_first = bool(first_info.pos & (FUNCTION_TAGS | VERB_TAGS)) or (
            "nazwa_pospolita" in first_info.qualifiers
        )
        if first_info.first_name() and infos[-1].surname() and not common_first:
            strength = PLAIN
    return Candidate(i, j, words, "foreign", strength)


def place_at(view: TokenView, i: int) -> tuple[int, bool]:
    """(length, is_major) of the longest gazetteer place starting at token i, or (0, False)."""
    lex = view.lex
    toks = view.toks
    if toks[i].key not in lex.place_firsts:
        return 0, False
    key: list[str] = []
    best = (0, False)
    for k in range(i, min(view.n, i + lex.place_max_len)):
        if k > i and not view.adjacent(k):
            break
        if not toks[k].cap:
            break
        key.append(toks[k].key)
        if len(key) < 2:
            continue
        t = tuple(key)
        if t in lex.places_major:
            best = (len(key), True)
        elif t in lex.places_local:
            best = (len(key), False)
    return best


def _common_word(view: TokenView, i: int) -> bool:
    """A capitalised word that is also an ordinary Polish word ('To', 'Do', 'Ma')."""
    return bool(view.info(i).pos & (FUNCTION_TAGS | VERB_TAGS))


def _place_candidate(view: TokenView, i: int, length: int, major: bool) -> Candidate:
    words = [t.text for t in view.toks[i : i + length]]
    return Candidate(i, i + length, words, "place", WEAK, blocked=major, local_place=not major)


def find_candidates(view: TokenView) -> list[Candidate]:
    """Every name-shaped span, left to right, non-overlapping; places marked blocked."""
    lex = view.lex
    out: list[Candidate] = []
    i = 0
    n = view.n
    toks = view.toks
    while i < n:
        if not toks[i].cap:
            i += 1
            continue
        skip = view.phrase_at(lex.not_person, i)
        if skip:
            # "Hoàng gia" (royal) is no one, but "Hoàng Gia Long" is three name syllables
            full = vi_name_at(view, i)
            if full is None or full.strength != STRONG or full.j - full.i <= skip:
                i += skip
                continue
        prefix = _place_prefix_run(view, i)
        if prefix:  # "Plei Rơ Wăk", "Kon Klor": a Highlands village
            cand = _place_candidate(view, i, prefix, False)
            _apply_cue(view, cand)
            out.append(cand)
            i = cand.j
            continue
        place_len, major = place_at(view, i)
        cand = vi_name_at(view, i)
        minority = minority_name_at(view, i)
        if minority is not None and (cand is None or minority.j > cand.j):
            cand = minority
        if cand is not None and view.morph.available and _common_word(view, i):
            # "Do Lang Son", "To Cao Bang", "To Lam": a Polish word may open the sequence.
            if cand.strength == PLAIN:
                cand.strength = WEAK
            if i + 1 < n:
                rest = vi_name_at(view, i + 1)
                if rest is not None and rest.j - rest.i >= 3:
                    i += 1  # "Do Le Hai Hoa": a preposition before a full name
                    continue
                next_len, next_major = place_at(view, i + 1)
                before_place = bool(next_major and next_len)
                before_name = cand.strength != STRONG and rest is not None
                cand.needs_context = before_place or before_name
        if place_len and (
            cand is None
            or cand.j - cand.i <= place_len
            or (i + place_len < n and vi_name_at(view, i + place_len) is not None)
        ):
            # A place; a name may follow it directly ("UBND tỉnh Cao Bằng Lê Hải Hòa").
            cand = _place_candidate(view, i, place_len, major)
        if cand is None:
            cand = _east_asian_candidate(view, i) or foreign_name_at(view, i)
        if cand is None:
            cand = addressed_name_at(view, i)
        if cand is None:
            i += 1
            continue
        if cand.origin != "place" and _before_hyphenated_province(view, cand.j):
            # "Lâm Viên - Đà Lạt", "Xuan Huong - Da Lat": a ward named with its city (the
            # merged units of 2025), not a person
            cand = _place_candidate(view, i, cand.j - i, False)
        _apply_cue(view, cand)
        _apply_organisation_words(view, cand)
        out.append(cand)
        i = cand.j
    _mark_place_lists(view, out)
    return out


def _before_hyphenated_province(view: TokenView, j: int) -> bool:
    """Token j is a dash followed by a province or large city ("- Đà Lạt", "- Da Lat")."""
    if j + 1 >= view.n or view.toks[j].text not in ("-", "–"):
        return False
    length, major = place_at(view, j + 1)
    return bool(length and major)


def _place_prefix_run(view: TokenView, i: int) -> int:
    """Length of a Highlands place name opening at token i with a place prefix ("Plei Rơ
    Wăk", "Đăk Rơ Wa"), or 0. A gazetteer place ("Kon Tum", "Ia Grai") is read as one."""
    lex = view.lex
    if view.toks[i].key not in lex.place_prefixes or place_at(view, i)[0]:
        return 0
    k = i + 1
    while k < view.n and k - i < MAX_MINORITY_WORDS and view.adjacent(k) and view.toks[k].cap:
        k += 1
    return k - i if k - i >= 2 else 0


MAX_ADDRESSED_WORDS = 6  # "My Na Phon Xay Sổm Phu"


def addressed_name_at(view: TokenView, i: int) -> Candidate | None:
    """A name of no known shape between a word of address and an office: Lao and Khmer names
    in Vietnamese spelling ("đồng chí Lệt Xay Nha Phon-Ủy viên Ban Chấp hành...", "đồng chí
    My Na Phon Xay Sổm Phu, Phó Bí thư"). Both sides must say it is a person."""
    addressed = view.phrase_ending_at(view.lex.honorifics, i) or _in_addressed_list(view, i)
    if not addressed or view.starts_other_phrase(i):
        return None
    j = i
    while (j < view.n and j - i < MAX_ADDRESSED_WORDS and (j == i or view.adjacent(j))
           and _is_name_word(view, j) and not view.starts_other_phrase(j)):
        j += 1
    if j - i < 2 or j + 1 >= view.n or view.toks[j].text not in ",-–—" or view.toks[j].word:
        return None
    lex = view.lex
    k = j + 1
    for _ in range(3):
        step = view.phrase_at(lex.role_modifiers, k)
        if not step:
            break
        k += step
    if not view.phrase_at(lex.role_heads, k):
        return None
    cand = Candidate(i, j, [t.text for t in view.toks[i:j]], "foreign", WEAK)
    cand.evidence.add("honorific")
    return cand


MAX_LIST_LOOKBACK = 300  # tokens back to the colon that opens a list of people


def _in_addressed_list(view: TokenView, i: int) -> bool:
    """Token i follows a ";" of a list that a word of address and a colon opened in the same
    sentence ("có các đồng chí: A-Ủy viên...; B-Phó Bí thư...; Lệt Xay Nha Phon-...")."""
    toks = view.toks
    if i < 1 or toks[i - 1].text != ";":
        return False
    for k in range(i - 2, max(-1, i - MAX_LIST_LOOKBACK), -1):
        text = toks[k].text
        if text in ".!?" or view.line_break(k, k + 1):
            return False
        if text == ":":
            return bool(view.phrase_ending_at(view.lex.honorifics, k))
    return False


def _east_asian_candidate(view: TokenView, i: int) -> Candidate | None:
    """'Kim Min-ji', 'Park Jae-hoona' -> Park Jae-hoon: a person only with context."""
    found = east_asian_name_at(view, i)
    if found is None:
        return None
    cand = Candidate(i, found.j, found.words, "east_asian", WEAK)
    if found.nationality:
        cand.evidence.add("nationality")
    return cand


def _apply_organisation_words(view: TokenView, cand: Candidate) -> None:
    """'Hanmi Precision', 'Hoa Phat Group', 'Samsung Electronics': a company's words inside
    the name or right after it make it an organisation."""
    index = view.lex.organisation_words
    if cand.blocked or not index:
        return
    if any(view.phrase_at(index, k) for k in range(cand.i, cand.j + 1)):
        cand.blocked = True


def _apply_cue(view: TokenView, cand: Candidate) -> None:
    lex = view.lex
    if cand.origin != "vi" and view.cue_before(lex.organisation_cues, cand.i):
        cand.blocked = True  # "spółki Hanmi Precision", "tập đoàn Samsung": the company
        return
    cue = view.cue_before(lex.cues, cand.i)
    if cue == "hard" and _cue_inside_organisation_name(view, cand.i - 1):
        cue = "soft"  # "Kierownik Oddziału Ochrony Lasów Ma Van Huong"
    if cue is None or (cand.origin in ("foreign", "east_asian") and cue == "soft"):
        return
    key = tuple(view.toks[k].key for k in range(cand.i, cand.j))
    if cue == "hard" or cand.origin == "place" or key in lex.historical:
        cand.blocked = True
    else:
        cand.soft_cue = True


def _cue_inside_organisation_name(view: TokenView, k: int) -> bool:
    """The cue word at token k is a capitalised plural inside an organisation's name
    ("Oddział Ochrony Lasów", "Związek Ogrodów"): it names no single place, so what follows is
    no place called by it (a person there is decided like after "xã": by an office)."""
    if not view.morph.available or not view.toks[k].cap or view.sentence_initial(k):
        return False
    return view.info(k).plural_noun()


def _mark_place_lists(view: TokenView, cands: list[Candidate]) -> None:
    """In a list of places ("gminach: Hoa An, Tran Hung Dao i Quang Uyen") a name is a place
    too unless its own context says otherwise: places on both sides of it, or two before or
    two after it."""
    toks = view.toks
    linked = [
        b.i - a.j == 1 and toks[a.j].norm in LIST_WORDS
        for a, b in zip(cands, cands[1:], strict=False)
    ]

    def is_place(k: int) -> bool:
        return 0 <= k < len(cands) and cands[k].origin == "place"

    for k, cand in enumerate(cands):
        if cand.origin == "place":
            continue
        before = k >= 1 and linked[k - 1] and is_place(k - 1)
        after = k + 1 < len(cands) and linked[k] and is_place(k + 1)
        before2 = before and k >= 2 and linked[k - 2] and is_place(k - 2)
        after2 = after and k + 2 < len(cands) and linked[k + 1] and is_place(k + 2)
        if (before and after) or before2 or after2:
            cand.local_place = True
