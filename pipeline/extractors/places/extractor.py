"""Administrative units named in an article, the article's province, and the place of each
figure and office.

How a unit is found (the same code for every language; words in data/<lang>/places_levels.toml):

1. Candidates: runs of capitalised words whose folded form is a unit's name in the register
   ("Cao Bằng", "Cao Bang", "Hòa An"), longest first, outside people's names.
2. Level: the level word right before the name ("tỉnh", "Huyện ủy", "UBND xã", "prowincji",
   "gminy"), or the one a list shares ("các huyện Mèo Vạc, Xín Mần và Quản Bạ"). A name after a
   village, border-gate, waterfall... word is no unit. A bare name is a province, or a district
   of the article's province.
3. Map: the article's date (`published`, else the first date of the text outside cited
   documents) decides; without a date, district words ("huyện", "dystrykt") mean the old map.
   A name the article's map lacks is looked up on the other ("tỉnh Hà Giang (cũ)").
4. Among units of one name and level, those of the article's province first; a name that is
   still ambiguous across provinces is left out rather than guessed.
5. The article's province: mentions of provinces, and of districts and communes for their
   province, counted; the site's own province (a site profile's `province`) breaks ties and
   stands in when the text names offices of a province but no province.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pipeline.extractors.places.gazetteer import (
    NEW_MAP_FROM,
    Gazetteer,
    Unit,
    fold,
    gazetteer,
    name_prefixes,
    spelling,
)
from pipeline.extractors.places.lexicon import PlaceLexicon, place_lexicon
from pipeline.extractors.places.offices import office_key, office_taxonomy, provincial_offices

_WORD = re.compile(r"\w+")
_UPPER = "".join(chr(c) for r in (range(0x41, 0x5B), range(0xC0, 0x250), range(0x1E00, 0x1F00))
                 for c in r if chr(c).isupper())
# capitalised words joined by a space or a dash: "Cao Bằng", "Bà Rịa - Vũng Tàu", "Hà Giang 1"
_CAPITALISED_RUN = re.compile(
    rf"\b[{_UPPER}]\w*(?:(?: | - | – |-)(?:[{_UPPER}]\w*|\d+(?!\w)))*")
# "25/10/2017", "25-10-2017", "25.10.2017" and "10/2025" (the day given or not)
_NUMERIC_DATE = re.compile(
    r"\b(\d{1,2})[/.-](\d{1,2})(?:[/.-]((?:19|20)\d\d))?(?![\d/.-])|\b(\d{1,2})/((?:19|20)\d\d)\b")
_DOCUMENT_DATE_REACH = 40
_YEAR = re.compile(r"(?<![\d/.-])(?:19|20)\d\d(?!\d)")
_SENTENCE_END = re.compile(r"[.!?;:]\s|\n")
# how far back a list's head noun ("các xã biên giới giáp Quảng Tây (Trung Quốc) như") and an
# item's parenthesis ("(thành phố Bắc Kạn)") are looked for
_LIST_HEAD_REACH = 80
_PARENTHESIS_REACH = 40
_RESOLVED_LIMIT = 50_000  # resolved names kept across documents
_LEVEL_WORD = re.compile(r"[\w.]+")
_ROAD_END = "road-end"
_ROAD_DASH = re.compile(r"\s*[–—-]\s*")


@dataclass
class Candidate:
    start: int
    end: int
    key: str
    levels: tuple[str, ...]  # () for a bare name
    written: str = ""
    former: bool = False
    unit: Unit | None = None


@dataclass
class Found:
    unit: Unit
    mentions: list[Candidate] = field(default_factory=list)


class PlacesExtractor:
    """spaCy component "places": sets `doc._.places` and `doc._.province`, and gives every
    figure (doc._.indicators) its `place` and every role (doc._.people) its `office` and
    `place`."""

    def __init__(self, lang: str):
        self.lang = lang
        self.lexicon: PlaceLexicon = place_lexicon(lang)
        self.gazetteer: Gazetteer = gazetteer()
        self.offices = office_taxonomy()
        #: resolutions of (name, spelling, levels, map, province): the same in every article
        self._resolved: dict[tuple, Unit | None] = {}
        self.prefixes = self.gazetteer.prefixes | name_prefixes(self.lexicon.aliases)

    # -- candidates ---------------------------------------------------------------------------

    def candidates(self, text: str, folded: str,
                   blocked: list[tuple[int, int]]) -> list[Candidate]:
        lex = self.lexicon
        found: list[Candidate] = []
        inside = _Spans(blocked)
        # Only runs of capitalised words can name a unit: the rest of the text is not looked at.
        prefixes = self.prefixes
        for run in _CAPITALISED_RUN.finditer(text):
            run_start, run_end = run.span()
            first = _WORD.match(text, run_start)
            if first.end() == run_end and folded[run_start:run_end] not in prefixes:
                continue  # one capitalised word that starts no name: most of them
            words = [(m.start() + run_start, m.end() + run_start)
                     for m in _WORD.finditer(run.group())]
            i = 0
            while i < len(words):
                start = words[i][0]
                if start in inside:
                    i += 1
                    continue
                # the longest name from here: extend while the words are a name's beginning
                match = None
                for k in range(i, min(i + self.gazetteer.max_words, len(words))):
                    end = words[k][1]
                    written = folded[start:end]
                    if written not in prefixes:
                        break
                    key = lex.aliases.get(written, written)
                    if self.gazetteer.named(key):
                        match = (k - i + 1, end, key)
                if match is None:
                    i += 1
                    continue
                n, end, key = match
                i += n
                candidate = self._candidate(text, folded, start, end, key, found)
                if candidate is not None:
                    found.append(candidate)
        return found

    def _candidate(self, text: str, folded: str, start: int, end: int, key: str,
                   found: list[Candidate]) -> Candidate | None:
        """The name at start..end with its level word, or None when its context says it names
        no unit."""
        lex = self.lexicon
        before = folded[max(0, start - 40):start]
        if lex.road_at_end.match(before) or (
                found and found[-1].levels == (_ROAD_END,)
                and _ROAD_DASH.fullmatch(folded[found[-1].end:start])):
            return Candidate(start, end, key, (_ROAD_END,), text[start:end].lower())
        level_word = lex.level_at_end.match(before)
        not_unit = lex.not_unit_at_end.match(before)
        # folded, "thị trấn" (a town) ends like "trận" (a battle): the longer phrase wins
        if not_unit and not (level_word and len(level_word) > len(not_unit)):
            return None
        levels: tuple[str, ...] = lex.levels[level_word] if level_word else ()
        if not levels and found:
            previous = self._list_item_before(folded, start, found)
            if previous is not None:
                levels = previous.levels  # a list shares its level word
        if not levels:
            levels = self._introduced_levels(text, folded, start)
        if not levels and folded[start:end] in lex.need_level:
            return None
        former = bool(lex.former_at_start and lex.former_at_start.match(folded, end)) or \
            lex.former_at_end.match(before, skip_words=1) is not None
        return Candidate(start, end, key, levels, text[start:end].lower(), former)

    def _list_item_before(self, folded: str, start: int,
                          found: list[Candidate]) -> Candidate | None:
        """The item of a list the name at `start` follows ("Mèo Vạc, Xín Mần và"), passing
        over an item's parenthesis ("Quang Thuận (huyện Bạch Thông) và Nông Thượng")."""
        separators = self.lexicon.separators
        last = found[-1]
        if separators.fullmatch(folded[last.end:start]):
            return last
        # the separator ends right before the name: a bounded window, not the whole text before
        # it (that made long texts quadratic)
        sep = separators.search(folded, max(0, start - 2 * _PARENTHESIS_REACH), start)
        if sep is None or folded[sep.start() - 1:sep.start()] != ")":
            return None
        opened = folded.rfind("(", max(0, sep.start() - _PARENTHESIS_REACH), sep.start())
        if opened < 0:
            return None
        item = next((c for c in reversed(found) if c.end <= opened), None)
        if item is not None and not folded[item.end:opened].strip():
            return item
        return None

    def _introduced_levels(self, text: str, folded: str, start: int) -> tuple[str, ...]:
        """The level of a list's items given by the noun the list follows: "các xã biên giới
        như Trà Lĩnh, Quang Trung", "hai xã ... là", "w trzech gminach pilotażowych: Hoa An".
        The noun is the last level word of the clause that names no unit itself (is followed
        by a word in lowercase: "UBND tỉnh đề nghị các xã như" -> xã)."""
        lex = self.lexicon
        window_start = max(0, start - _LIST_HEAD_REACH)
        window = folded[window_start:start]
        tail = window.rstrip()
        if tail.endswith(":"):
            head = tail[:-1]
        else:
            cue = lex.list_introducers.match(window)
            if cue is None:
                return ()
            head = tail[:len(tail) - len(cue)]
        clause = max(head.rfind(c) for c in ".;!?\n")
        words = [(m.start() + window_start, m.group())
                 for m in _LEVEL_WORD.finditer(head, clause + 1)]
        for k in range(len(words) - 1, -1, -1):
            for n in (3, 2, 1):
                if k - n + 1 < 0:
                    continue
                phrase = " ".join(w for _, w in words[k - n + 1:k + 1])
                if phrase in lex.levels and (k + 1 == len(words) or
                                             text[words[k + 1][0]].islower()):
                    # a translation may call districts communes ("w gminach przygranicznych,
                    # takich jak Muong Nhe i Nam Po" in 2024): else a district of the province
                    return (*lex.levels[phrase], "bare-district")
        return ()

    # -- the article's map and province --------------------------------------------------------

    def article_map(self, text: str, folded: str, published: str | None,
                    cands: list[Candidate], blocked: list[tuple[int, int]]) -> str:
        if published:
            return "new" if published >= NEW_MAP_FROM else "old"
        if any(c.levels == ("district",) and not c.former for c in cands):
            return "old"
        latest = self._latest_date(text, folded, blocked)
        if latest:
            return "new" if latest >= NEW_MAP_FROM else "old"
        bare_old = any(
            not c.former and not c.levels
            and any(u.level == "province" and u.map == "old" for u in self.gazetteer.named(c.key))
            and not any(u.level == "province" and u.map == "new"
                        for u in self.gazetteer.named(c.key))
            for c in cands)
        return "old" if bare_old else "new"

    def _latest_date(self, text: str, folded: str,
                     blocked_spans: list[tuple[int, int]]) -> str | None:
        """The latest date the text names outside cited documents, a period of a year ("9
        tháng năm 2025") counting as its last month: news reports what has just happened."""
        blocked = _Spans(blocked_spans)
        dates: list[tuple[int, str]] = []
        for m in _NUMERIC_DATE.finditer(text):
            if m.start() in blocked or (m.start() and text[m.start() - 1] in "/.-"):
                continue
            if m.group(3):
                day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
                if 1 <= day <= 31 and 1 <= month <= 12:
                    dates.append((m.start(), f"{year}-{month:02d}-{day:02d}"))
            elif m.group(5) and 1 <= int(m.group(4)) <= 12:
                dates.append((m.start(), f"{m.group(5)}-{int(m.group(4)):02d}-01"))
        # a period or a month name before a year: looked for only before the text's years
        for year in _YEAR.finditer(folded):
            if year.start() in blocked:
                continue
            before = folded[max(0, year.start() - 40):year.start()]
            period = self.lexicon.period.search(before) if self.lexicon.period else None
            if period is not None and 1 <= int(period.group(1)) <= 12:
                dates.append((year.start(), f"{year.group()}-{int(period.group(1)):02d}-01"))
                continue
            month = self.lexicon.month_date.search(before) if self.lexicon.month_date else None
            if month is not None:
                day = min(int(month.group(1) or 1), 31)
                dates.append((year.start(), f"{year.group()}-"
                                            f"{self.lexicon.months[month.group(2)]:02d}-{day:02d}"))
        return max(date for _, date in dates) if dates else None

    def resolve(self, cand: Candidate, map_: str, province: Unit | None) -> Unit | None:
        """The unit a candidate names: the article's map first, then the other one; on each,
        the candidate's levels in their order."""
        memo_key = (cand.key, cand.written, cand.levels, map_, province)
        if memo_key not in self._resolved:
            if len(self._resolved) >= _RESOLVED_LIMIT:  # memory stays flat over a long batch
                self._resolved.clear()
            self._resolved[memo_key] = self._resolve(cand, map_, province)
        return self._resolved[memo_key]

    def _resolve(self, cand: Candidate, map_: str, province: Unit | None) -> Unit | None:
        named = self.gazetteer.named(cand.key)
        # Written with diacritics, the name is that spelling: "Trà Lĩnh" is no "Trà Linh".
        exact = [u for u in named if spelling(u.name) == spelling(cand.written)]
        if exact:
            named = exact
        elif " " not in cand.written and cand.written != fold(cand.written):
            # One word with other diacritics is another word: "Phó Chủ tịch" names no ward
            # Chũ. (Longer names keep their variant spellings: "Đăk Lăk" is Đắk Lắk.)
            named = []
        maps = (map_, "old" if map_ == "new" else "new")
        if cand.levels == (_ROAD_END,):
            # a road runs between provinces or towns: "Bắc Kạn – Cao Bằng", "Đồng Đăng – Trà
            # Lĩnh" (the towns, not the districts named after them)
            order = [(m, level) for level in ("province", "bare-district", "own-commune")
                     for m in maps]
        elif cand.levels:
            order = [(m, level) for m in maps for level in cand.levels]
        else:
            # A bare province name is that province on either map before it is a ward that
            # kept the name: "cao tốc Bắc Kạn – Cao Bằng" in 2025 names the former province
            # Bắc Kạn, as the road's other end names the province Cao Bằng.
            order = [(m, level) for level in ("province", "bare-district") for m in maps]
        for m, level in order:
            on_map = [u for u in named if u.map == m]
            if level == "city":
                cities = [u for u in on_map if u.level == "province" and u.type == "Thành phố"]
                choice = self._choose(cities, province) or \
                    self._choose([u for u in on_map if u.level == "district"], province) or \
                    self._choose([u for u in on_map if u.level == "commune"], province)
            elif level == "bare-district":
                # a bare district name counts only in the article's own province; after
                # July 2025 (no districts) it names the commune that kept the name
                choice = self._choose(
                    [u for u in on_map if u.level == "district" and province is not None
                     and u.province in _codes_of(province, m)], province)
                if choice is None and m == "new" and province is not None and any(
                        u.level == "district" and u.map == "old"
                        and u.province in _codes_of(province, "old") for u in named):
                    choice = self._choose(
                        [u for u in on_map if u.level == "commune"
                         and u.province in _codes_of(province, m)], province)
            elif level == "own-commune":
                own = [u for u in on_map if u.level == "commune" and province is not None
                       and u.province in _codes_of(province, m)]
                choice = own[0] if len(own) == 1 else None
            else:
                choice = self._choose([u for u in on_map if u.level == level], province)
            if choice is not None:
                return choice
        return None

    @staticmethod
    def _choose(units: list[Unit], province: Unit | None) -> Unit | None:
        """One unit of one map and level: a province by its name; a district or a commune of
        the article's province first, else the only one of its name in the country."""
        if not units:
            return None
        if units[0].level == "province":
            return units[0]
        if province is not None:
            own = [u for u in units if u.province in _codes_of(province, u.map)]
            if own:
                return own[0]
        return units[0] if len(units) == 1 else None

    def article_province(self, found: list[Found], map_: str, hint: Unit | None,
                         has_provincial_office: bool,
                         title_provinces: list[tuple[str, str]] = ()) -> tuple[Unit | None, float]:
        scores: Counter[tuple[str, str]] = Counter()
        first_at: dict[tuple[str, str], int] = {}
        for item in found:
            u = item.unit
            weight = 1.0 if u.level == "province" else 0.5
            key = self._province_on(u, map_)
            scores[key] += weight * len(item.mentions)
            first_at[key] = min(first_at.get(key, item.mentions[0].start),
                                item.mentions[0].start)
        for key in title_provinces:
            scores[key] += 1.0
            first_at[key] = -1
        if hint is not None and (scores or has_provincial_office):
            key = self._province_on(hint, map_)
            scores[key] += 0.5
            first_at.setdefault(key, len(first_at) + 1 << 30)
        if not scores:
            return None, 0.0
        # ties go to the province named first
        best_key = max(scores, key=lambda k: (scores[k], -first_at.get(k, 1 << 31)))
        total = sum(scores.values())
        return self.gazetteer.province(*best_key), round(scores[best_key] / total, 2)

    def _province_on(self, unit: Unit, map_: str) -> tuple[str, str]:
        """(map, code) of the province `unit` lies in, on the article's map when the unit is
        a former one named in a later article ("dawnej prowincji Ha Giang" -> Tuyên Quang)."""
        if unit.map == "old" and map_ == "new":
            old = self.gazetteer.province("old", unit.province)
            if old is not None and old.current_code:
                return ("new", old.current_code)
        return (unit.map, unit.province)

    # -- the component ------------------------------------------------------------------------

    def __call__(self, doc, published: str | None = None, province: str | None = None,
                 title: str | None = None):
        from pipeline.extractors import doc_text

        doc._.places, doc._.province = self.extract(
            doc_text(doc), people=doc._.people or [], indicators=doc._.indicators or [],
            resolutions=doc._.resolutions or [], published=published, province_hint=province,
            title=title)
        return doc

    def extract(self, text: str, *, people: list[dict] = (), indicators: list[dict] = (),
                resolutions: list[dict] = (), published: str | None = None,
                province_hint: str | None = None,
                title: str | None = None) -> tuple[list[dict], dict | None]:
        """Places of `text` (schema $defs/place) and the article's province; sets `place` on
        each indicator and `office`/`place` on each role, in place."""
        folded = fold(text)
        person_spans = [(m["start"], m["end"]) for p in people for m in p.get("mentions", [])]
        # a cited document's own date follows its number ("số 18-NQ/TW ngày 25/10/2017")
        document_spans = [(m["start"], m["end"] + _DOCUMENT_DATE_REACH) for r in resolutions
                          for m in r.get("mentions", [])]
        cands = self.candidates(text, folded, person_spans)
        map_ = self.article_map(text, folded, published, cands, document_spans)
        # First the provinces alone, for the province whose districts and communes come first.
        first: list[Found] = self._group(
            [c for c in cands if c.levels in ((), ("province",))], map_, None)
        guess, _ = self.article_province(first, map_, None, False)
        found = self._group(cands, map_, guess)
        hint = self._hint(province_hint, map_)
        offices = [office_key(role.get("normalized") or role["text"], self.lang)
                   for p in people for role in p.get("roles", [])]
        has_provincial = any(o in provincial_offices() for o in offices if o)
        in_title = [self._province_on(u, map_) for c in
                     (self.candidates(title, fold(title), []) if title else [])
                     if (u := self.resolve(c, map_, guess)) is not None]
        article, confidence = self.article_province(found, map_, hint, has_provincial,
                                                    in_title)
        if article is not None and hint is None and not in_title and \
                _not_about_one_province(found, confidence, has_provincial):
            article, confidence = None, 0.0
        self._place_roles(people, found, article)
        self._place_figures(text, indicators, found, article)
        places = [self._place_item(text, item) for item in found]
        province = None
        if article is not None:
            province = {"code": article.code, "name": article.name, "current": article.current,
                        "confidence": confidence}
        return places, province

    def _hint(self, name: str | None, map_: str) -> Unit | None:
        if not name:
            return None
        units = self.gazetteer.find_province(name)
        return next((u for u in units if u.map == map_), units[0] if units else None)

    def _group(self, cands: list[Candidate], map_: str, province: Unit | None) -> list[Found]:
        by_unit: dict[Unit, Found] = {}
        # A bare name already given a level elsewhere in the article is that unit again
        # ("okręg Sa Pa ... Na terenie Sa Pa"), unless it is a province's name.
        leveled = {c.key: u for c in cands if c.levels
                   and (u := self.resolve(c, map_, province)) is not None}
        for cand in cands:
            cand.unit = self.resolve(cand, map_, province)
            if not cand.levels and cand.key in leveled and \
                    (cand.unit is None or cand.unit.level != "province"):
                cand.unit = leveled[cand.key]
            if cand.unit is not None:
                by_unit.setdefault(cand.unit, Found(cand.unit)).mentions.append(cand)
        return sorted(by_unit.values(), key=lambda f: f.mentions[0].start)

    @staticmethod
    def _place_item(text: str, item: Found) -> dict[str, Any]:
        first = item.mentions[0]
        u = item.unit
        return {
            "name": text[first.start:first.end],
            "level": u.level,
            "code": u.code,
            "official": u.name,
            "current": u.current,
            "mentions": [{"start": c.start, "end": c.end, "text": text[c.start:c.end]}
                         for c in item.mentions],
        }

    def _place_roles(self, people: list[dict], found: list[Found], article: Unit | None) -> None:
        mentions = [(c.start, c.end, f.unit) for f in found for c in f.mentions]
        for person in people:
            for role in person.get("roles", []):
                office = office_key(role.get("normalized") or role["text"], self.lang)
                inside = [u for s, e, u in mentions if role["start"] <= s and e <= role["end"]]
                unit = inside[-1] if inside else None
                if unit is not None and office:
                    office = self.offices.at_level(office, unit.level)
                if unit is None and office in provincial_offices():
                    unit = article
                role["office"] = office
                role["place"] = unit.brief() if unit is not None else None

    @staticmethod
    def _place_figures(text: str, indicators: list[dict], found: list[Found],
                       article: Unit | None) -> None:
        if not indicators:
            return
        mentions = sorted((c.start, c.end, f.unit) for f in found for c in f.mentions)
        mention_starts = [m[0] for m in mentions]
        sentence_starts = [0, *(m.end() for m in _SENTENCE_END.finditer(text))]
        for figure in indicators:
            start = figure["start"]
            sentence_start = sentence_starts[bisect_right(sentence_starts, start) - 1]
            before = [u for s, e, u in mentions[bisect_right(mention_starts, sentence_start - 1):
                                                bisect_right(mention_starts, start)] if e <= start]
            unit = before[-1] if before else article
            figure["place"] = unit.brief() if unit is not None else None


class _Spans:
    """Spans to test positions against in log time."""

    def __init__(self, spans: list[tuple[int, int]]):
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.reach: list[int] = []  # the furthest end of the spans up to each one
        furthest = -1
        for _, end in ordered:
            furthest = max(furthest, end)
            self.reach.append(furthest)

    def __contains__(self, at: int) -> bool:
        k = bisect_right(self.starts, at) - 1
        return k >= 0 and at < self.reach[k]


# National news names provinces by the handful ("34 tỉnh, thành phố"... "ở tỉnh Quảng Ngãi",
# "tỉnh Vĩnh Long", "tỉnh Lào Cai"): when none has more than this share of the evidence, the
# article is about none of them.
_NATIONAL_SHARE = 0.35


def _not_about_one_province(found: list[Found], share: float, has_provincial: bool) -> bool:
    """Whether the places found say the article is national or foreign news: its provinces
    scattered with none ahead, or one unit named once in passing, bare ("połączenie Hanoi –
    Warszawa") with no provincial office. A name with its level word ("xã Trà Lĩnh") or a
    provincial office is a deliberate reference and stays."""
    if share < _NATIONAL_SHARE:
        return True
    mentions = [c for f in found for c in f.mentions]
    return not has_provincial and len(mentions) == 1 and not mentions[0].levels


@cache
def _codes_of(province: Unit, map_: str) -> frozenset[str]:
    """Codes, on `map_`, of the province `province` is or lies in."""
    if province.map == map_:
        return frozenset({province.code})
    if map_ == "new":
        return frozenset({province.current_code} if province.current_code else ())
    return frozenset(u.code for u in gazetteer().units
                     if u.map == "old" and u.level == "province"
                     and u.current_code == province.code)
