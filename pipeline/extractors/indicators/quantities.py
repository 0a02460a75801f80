"""Quantities read from the text: a number in digits or words, its range, scale words and
unit or counted noun, and the context that rules a number out."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pipeline.extractors.indicators.document import (
    _NUM_RE,
    _NUM_START_RE,
    _YEAR,
    _Document,
    _gap_ok,
    scan,
)
from pipeline.extractors.indicators.lexicon import PhraseSet
from pipeline.extractors.numbers import (
    approximate_range,
    as_number,
    number_words_value,
    parse_digits,
)

_GLUED_UNIT = re.compile(r"[^\W\d_]+[²³23]?")
_ATTACHED_WORD = re.compile(r"\w+\.?")
_RANGE_JOIN = re.compile(r"[ \t]*([\-–—~÷])[ \t]*|[ \t]+(\w+)[ \t]+")
_BLANKS = re.compile(r"[ \t]+")
_SHORT_GAP = re.compile(r"[ \t]{0,2}")
_WORD_PIECE = re.compile(r"[^\s\-]+")
_NEXT_CHARACTER = re.compile(r"[ \t]{1,3}(\S)")
_NOUN_AFTER = re.compile(r" {1,2}[^\W\d_]")


@dataclass
class Quantity:
    start: int  # first character of the number: the item's text starts here
    end: int  # end of the unit, scale or counted noun
    value: Decimal
    unit: str  # "" while a bare number waits for its subject to say what it counts
    value_max: Decimal | None = None
    counted: str | None = None
    qualifier: str | None = None
    head: int = 0  # start of the qualifier or range word before the number
    consumed: int = 0  # end of all that was read with the figure (share_of, comparison)
    share_of: str | None = None
    comparison: str | None = None
    label: str | None = None
    label_lows: list[str] = field(default_factory=list)  # the whole subject's words
    # The label as the subject gave it, which `label_lows` describes; `label` may become the
    # counted noun ("56 jednostek") for display.
    subject_label: str | None = None
    key: str | None = None
    key_tier: int = 9
    key_priority: int = -99
    key_context: tuple[list[str], ...] = ()
    change: str | None = None
    period: str | None = None
    as_of: str | None = None
    table: dict | None = None
    inherits: bool = False
    from_subject: bool = False  # a bare number whose subject said what it counts
    sentence: int = 0
    # "128 na 198 gmin ...": the part's noun ends after the whole (noun_end); the whole (198)
    # counts the bare noun, whatever the words after it say of the part.
    noun_end: int = 0
    whole: bool = False

    def item(self, text: str) -> dict:
        return {
            "value": as_number(self.value),
            "value_max": as_number(self.value_max) if self.value_max is not None else None,
            "unit": self.unit,
            "counted": self.counted if self.unit == "count" else None,
            "qualifier": self.qualifier,
            "label": self.label,
            "key": self.key,
            "change": self.change,
            "comparison": self.comparison,
            "period": self.period,
            "as_of": self.as_of,
            "share_of": self.share_of,
            "table": self.table,
            "text": text[self.start:self.end],
            "start": self.start,
            "end": self.end,
        }



# Morfeusz tags a few foreign words only as fragments of multi-word names ("sao", the
# Vietnamese unit of land): alone they are unknown words.
_FRAGMENT = frozenset({"frag"})
# "2016 - 2020" right before a number: the number ends a span of years.
# A bare number closing its clause: "... i wyremontować 642." (not a decimal "642.5").
_CLAUSE_END = re.compile(r"[ \u00a0]*(?:[,;:)]|\.(?!\d)|$)")
_YEAR_SPAN_BEFORE = re.compile(r"(?<!\d)(?:19|20)\d\d[ \u00a0]*[-–—][ \u00a0]*$")


class _Reader:
    """Reads quantities from the text: numbers, scale words, units and counted nouns."""

    def __init__(self, doc: _Document):
        self.doc = doc
        self.d = doc.d
        self.text = doc.text
        kind = "space" if " " in self.d.numbers.groups else "dot"
        self.num_re = _NUM_RE[kind]
        self.num_start_re = _NUM_START_RE[kind]
        self._units: dict[int, tuple[str, int] | None] = {}
        self._token_after: dict[int, int] = {}
        self._token_before: dict[int, int] = {}
        self._wholes: set[int] = set()  # where the whole of "128 na 198 gmin" starts

    # -- matching word lists around a position -----------------------------------------------

    def match_after(self, ps: PhraseSet, pos: int) -> tuple[int, int, Any] | None:
        """The longest entry of `ps` right after pos (spaces between): (i, j, payload)."""
        i = self._token_after.get(pos)
        if i is None:  # many word lists are tried at the same position: find its token once
            doc = self.doc
            i = doc.idx(pos)
            if i >= doc.ntok or not _gap_ok(self.text, pos, doc.tstart[i]):
                i = -1
            self._token_after[pos] = i
        if i < 0:
            return None
        doc = self.doc
        hit = ps.match_at(doc.lows, i)
        if hit is None or "\n" in self.text[doc.tstart[i]:doc.tend[hit[0] - 1]]:
            return None
        return i, hit[0], hit[1]

    def match_before(self, ps: PhraseSet, pos: int) -> tuple[int, Any] | None:
        """The longest entry of `ps` ending right before pos: (start offset, payload)."""
        j = self._token_before.get(pos)
        if j is None:
            doc = self.doc
            j = doc.idx_end(pos)
            if j == 0 or not _gap_ok(self.text, doc.tend[j - 1], pos):
                j = 0
            self._token_before[pos] = j
        if j == 0:
            return None
        doc = self.doc
        hit = ps.match_ending(doc.lows, j)
        if hit is None or "\n" in self.text[doc.tstart[hit[0]]:pos]:
            return None
        return doc.tstart[hit[0]], hit[1]

    def scales_after(self, value: Decimal, end: int) -> tuple[Decimal, int, bool]:
        scaled = False
        place = Decimal(0)
        for _ in range(3):
            hit = self.match_after(self.d.scales, end)
            if hit is None:
                break
            value *= hit[2]
            place = hit[2]
            end = self.doc.tend[hit[1] - 1]
            scaled = True
        if scaled and self.d.numbers.half:
            # "2 triệu rưỡi" = 2 500 000: half of the last scale.
            doc = self.doc
            i = doc.idx(end)
            if i < doc.ntok and _gap_ok(self.text, end, doc.tstart[i]) \
                    and doc.lows[i] in self.d.numbers.half:
                value += place / 2
                end = doc.tend[i]
        return value, end, scaled

    def unit_at(self, pos: int) -> tuple[str, int] | None:
        """A unit right after pos: (code, end)."""
        if pos not in self._units:
            self._units[pos] = self._unit_at(pos)
        return self._units[pos]

    def _unit_at(self, pos: int) -> tuple[str, int] | None:
        doc = self.doc
        i = doc.idx(pos)
        if (i >= doc.ntok or doc.tstart[i] > pos) and i and doc.tend[i - 1] > pos:
            # A unit glued to the digits ("100.000đ", "6km"): the token began before pos.
            glued = _GLUED_UNIT.match(self.text[pos:doc.tend[i - 1]])
            if glued is None or pos + glued.end() != doc.tend[i - 1]:
                return None
            lows = self.d.lexer.lows(glued.group())
            hit = self.d.units.match_at(lows, 0)
            if hit is None or hit[0] != len(lows):
                return None
            return str(hit[1]), doc.tend[i - 1]
        hit = self.match_after(self.d.units, pos)
        if hit is None:
            return None
        i, j, code = hit
        end = doc.tend[j - 1]
        blocker = self.d.unit_not_followed.get(" ".join(doc.lows[i:j]))
        if blocker and j < doc.ntok and _gap_ok(self.text, end, doc.tstart[j]) \
                and blocker.match_at(doc.lows, j) is not None:
            return None
        if end < len(self.text) and (self.text[end].isalnum() or self.text[end] in "²³"):
            return None
        return str(code), end

    # -- readers ------------------------------------------------------------------------------

    def read_digits(self, m: re.Match) -> Quantity | None:
        text = self.text
        start = m.start()
        if start > 0:
            prev = text[start - 1]
            if prev in "+#№$€" or (prev in "-–" and start > 1 and text[start - 2].isalnum()):
                return None
        raw = m.group()
        value = parse_digits(raw, self.d.lang)
        if value is None or (raw.isdigit() and len(raw) >= 8):
            return None  # ungrouped long digit runs are codes and identifiers, not amounts
        year_like = bool(_YEAR.fullmatch(raw))
        if year_like and _YEAR_SPAN_BEFORE.search(text, max(0, start - 8), start):
            return None  # "giai đoạn 2016 - 2020 tỉnh Hà Giang": the end of a span of years
        nend = m.end()
        # Glued letters: a unit ("6km", "1,5-krotnie", "6,5-procentowy"), else a compound
        # ("9-miesięcznej") or a code ("4A", "5G").
        if nend < len(text) and text[nend] == "-" and text[nend + 1:nend + 2].isalpha():
            word = _ATTACHED_WORD.match(text[nend + 1:nend + 40])
            hit = self.d.attached.match_at(self.d.lexer.lows(word.group()), 0) if word else None
            if hit is None:
                return None
            return self.finish_attached(start, nend + 1 + word.end(), value, str(hit[1]))
        if nend < len(text) and text[nend].isalpha() and self.unit_at(nend) is None:
            return None
        if text.startswith("/", nend) and (share := self._share_of(nend + 1)) is not None:
            # "300,9/4.128,9 tỷ đồng": the part takes the whole's scale and unit.
            return Quantity(start, nend, value * share[0], share[1], head=start)
        base = value
        value, end, scaled = self.scales_after(value, nend)
        if scaled and base:
            value, end = self._compound_amount(value, value / base, end)
        value_max = None
        # A range: "15-20%", "15% - 20%", "từ 15 đến 20%", "od 15 do 20 ha".
        u1 = self.unit_at(end)
        after_u1 = u1[1] if u1 else end
        rng = _RANGE_JOIN.match(text[after_u1:after_u1 + 12])
        if rng is not None:
            joiner = rng.group(1) or rng.group(2) or ""
            if self.d.words["range_join"].match_at(self.d.lexer.lows(joiner), 0) is not None:
                m2 = self.num_re.match(text, after_u1 + rng.end())
                v2 = parse_digits(m2.group(), self.d.lang) if m2 else None
                if m2 is not None and v2 is not None and not self.doc.blocked(m2.start(), m2.end()):
                    v2s, end2, scaled2 = self.scales_after(v2, m2.end())
                    if scaled2 and not scaled and v2:
                        value = value * (v2s / v2)
                    if v2s >= value:
                        value_max = v2s
                        end = end2
                        year_like = year_like and bool(_YEAR.fullmatch(m2.group()))
                        scaled = scaled or scaled2
        return self.finish(start, end, value, value_max, scaled, year_like, words=False)

    def _share_of(self, pos: int) -> tuple[Decimal, str] | None:
        """The scale factor and unit of the whole in "part/whole tỷ đồng", whose number starts
        at pos; None unless a unit follows it (a count, "35/139 xã", is read as before)."""
        if self.doc.blocked(pos, pos + 1):
            return None
        m = self.num_re.match(self.text, pos)
        whole = parse_digits(m.group(), self.d.lang) if m else None
        if not whole:
            return None
        scaled, end, _ = self.scales_after(whole, m.end())
        hit = self.unit_at(end)
        if hit is None:
            return None
        return scaled / whole, hit[0]

    def finish_attached(self, start: int, end: int, value: Decimal, unit: str) -> Quantity:
        """ "6,5-procentowy wzrost": the unit is glued to the number; a trailing dot belongs
        to the abbreviation only when it is one ("proc.")."""
        if self.text[end - 1] == "." and not self.text[start:end].lower().endswith("proc."):
            end -= 1
        return Quantity(start, end, value, unit, head=start)

    def _compound_amount(self, value: Decimal, scale: Decimal, end: int) -> tuple[Decimal, int]:
        """ "3 tỷ 500 triệu đồng" = 3 500 000 000: parts with falling scales add up; a larger
        scale takes the smaller parts before it along ("7 nghìn 570 tỷ 186 triệu" = 7 570 tỷ
        + 186 triệu), but only across spaces: a tab parts table cells."""
        chunks = [(value, scale)]
        while True:
            gap = _BLANKS.match(self.text[end:end + 3])
            m = self.num_re.match(self.text, end + gap.end()) if gap else None
            part = parse_digits(m.group(), self.d.lang) if m else None
            if not part:
                break
            part_value, part_end, scaled = self.scales_after(part, m.end())
            if not scaled and chunks[-1][1] >= 1000 and part < 1000 and m.group().isdigit() \
                    and "\t" not in gap.group() and _NOUN_AFTER.match(self.text, m.end()):
                # "3 nghìn 200 hộ" = 3 200: the units below the last scale close the amount,
                # a unit or noun after them ("5 triệu 2024." is a sum and a year).
                chunks.append((part, Decimal(1)))
                end = m.end()
                break
            part_scale = part_value / part if scaled else None
            if part_scale is None or part_scale == chunks[-1][1]:
                break
            if part_scale > chunks[-1][1]:
                if "\t" in gap.group():
                    break
                taken = Decimal(0)
                while chunks and chunks[-1][1] < part_scale:
                    taken += chunks.pop()[0]
                part_value += taken * part_scale
            chunks.append((part_value, part_scale))
            end = part_end
        return sum((v for v, _ in chunks), Decimal(0)), end

    def read_words(self, m: re.Match) -> Quantity | None:
        """A number in words ("hai xã", "dwie gminy", "ba mươi lăm phần trăm")."""
        lex = self.d.numbers
        words = [(m.start() + w.start(), m.start() + w.end(), w.group())
                 for w in _WORD_PIECE.finditer(m.group())]
        alone = self._counts_alone(words)
        if alone is not None:
            words = [words[0]]
        # Words that cannot end a number ("hai mươi năm" = twenty years).
        while alone is None and words and words[-1][2].lower() in lex.not_last and not (
            len(words) > 1 and words[-2][2].lower() in lex.zero
        ):
            words.pop()
        if not words:
            return None
        value_max = None
        bounds = approximate_range([w for _, _, w in words], self.d.lang)
        if alone is not None:
            value = alone
        elif bounds is not None:
            value, value_max = bounds  # "kilkanaście gmin": 11 to 19
        else:
            value = number_words_value([w for _, _, w in words], self.d.lang)
        if value is None or value == 0:
            return None
        start, end = words[0][0], words[-1][1]
        if self._in_name(start):
            return None
        # Cheap checks on the raw text first: most number words ("một", "năm") are no figure.
        nxt = _NEXT_CHARACTER.match(self.text[end:end + 4])
        single_weak = len(words) == 1 and words[0][2].lower() in lex.needs_unit
        # "domów tymczasowych, prawie dwa tysiące, jest ...": set off by commas after its noun.
        apposed = not single_weak and self.text.startswith(",", end) \
            and self._apposed_noun(start, end) is not None
        if not apposed and (nxt is None or not (nxt.group(1).isalpha()
                                                or nxt.group(1) in "%$€°")):
            return None
        # "có một đại biểu vắng mặt" counts; "một đại biểu cho biết" is "a delegate".
        if single_weak and self._having_before(start) \
                and self.match_after(self.d.words["counted"], end) is not None:
            single_weak = False
        if single_weak and not self.d.unit_or_scale_re.match(self.text, end + nxt.start(1)):
            return None
        if self.match_before(self.d.numword_not_after, start):
            return None
        in_run = any(lex.scale_of(w) is not None for _, _, w in words)
        base = value
        value, end, scaled = self.scales_after(value, end)
        if value_max is not None and scaled:
            value_max *= value / base
        scaled = scaled or in_run
        weak = single_weak and not scaled
        q = self.finish(start, end, value, value_max, scaled, False, words=True, weak=weak)
        if q is not None and bounds is not None:
            if q.unit == "x":
                return None  # "kilka razy w roku" is how often, not how much
            q.qualifier = "about"  # unless a qualifier is written before it ("ponad")
        if q is not None and q.unit == "x" and value == 1:
            return None  # "một lần" is "once", not "one times as much"
        return q

    def _counts_alone(self, words: list[tuple[int, int, str]]) -> Decimal | None:
        """The value of a word that is a number alone only in a count: "mưa lũ làm năm người
        chết" (five people), where a verb of having or causing comes before it and a known
        counted noun after it; "năm người" elsewhere, "trong năm hộ nghèo giảm" stay no
        number (`counts_alone` in ind_number_words.toml)."""
        lex = self.d.numbers
        first = words[0][2].lower() if words else ""
        if first not in lex.counts_alone or first not in lex.words:
            return None
        if len(words) > 1 and (words[1][2].lower() in lex.multiply
                               or lex.scale_of(words[1][2]) is not None):
            return None  # "năm mươi", "năm trăm": a compound, read as usual
        start, end = words[0][0], words[0][1]
        if self.text[start].isupper() or not self._having_before(start):
            return None
        if self.match_after(self.d.words["counted"], end) is None:
            return None
        return lex.words[first]

    def _having_before(self, start: int) -> bool:
        """A verb of having or electing (`one_counts_after`) right before the number, or before
        its qualifier: "có một đại biểu", "có ít nhất một đại biểu"."""
        if self.match_before(self.d.one_counts_after, start) is not None:
            return True
        qual = self.match_before(self.d.qualifiers, start)
        return qual is not None and self.match_before(self.d.one_counts_after, qual[0]) is not None

    def _in_name(self, start: int) -> bool:
        """A capitalised number word right after a capitalised word is part of a name or a
        date: "Nguyễn Văn Ba", "Tháng Ba", "Quận Tư"."""
        text = self.text
        if not text[start].isupper():
            return False
        j = start
        while j > 0 and text[j - 1] in " \u00a0":
            j -= 1
        if j == start or j == 0 or not text[j - 1].isalpha():
            return False
        while j > 0 and text[j - 1].isalpha():
            j -= 1
        return text[j].isupper()

    def read_word_multiplier(self, m: re.Match) -> Quantity | None:
        hit = self.d.word_multipliers.match_at(self.d.lexer.lows(m.group()), 0)
        if hit is None:
            return None
        return Quantity(m.start(), m.end(), hit[1], "x", head=m.start())

    def finish(self, start: int, end: int, value: Decimal, value_max: Decimal | None,
               scaled: bool, year_like: bool, words: bool, weak: bool = False) -> Quantity | None:
        """The unit or counted noun after the number, and the context that rules it out."""
        d = self.d
        text = self.text
        unit = None
        counted = None
        noun_end = 0
        hit = self.unit_at(end)
        if hit is not None:
            unit, end = hit
        else:
            mult = self.match_after(d.mult_words, end)
            if mult is not None and self._multiplier_context(start):
                unit, end = "x", self.doc.tend[mult[1] - 1]
                if self._frequency_after(end):
                    return None  # "dwa razy w roku", "2 lần mỗi năm": how often, not how much
        if unit is None:
            if weak:
                return None
            found = None if self._verb_after_of_which(start, end) else self.counted(end, words)
            if found is not None:
                counted, end = found
                unit = "count"
            elif (found := self._elided_noun(start, end)) is not None:
                counted, end = found  # "40 000 turystów, w tym 1 250 zagranicznych"
                unit = "count"
            elif (counted := self._elided_whole(start, end)) is not None:
                unit = "count"  # "1 215 domów, a ukończono 638.": the noun is left out
            elif (found := self._out_of(end, words)) is not None:
                counted, noun_end = found[0], found[1]  # the second number is read on its own
                unit = "count"
            elif scaled and not words:
                unit = "count"
            elif words or year_like:
                return None
            else:
                unit = ""  # bare: kept only if its subject names what it counts
        if unit in ("count", "x", ""):
            if self.match_before(d.words["not_after"], start) is not None \
                    and self.match_before(d.words["not_after_exceptions"], start) is None:
                return None
            if start > 0 and text[start - 1] in "\"“„«'‘":
                return None
        if unit == "count" and year_like and not scaled:
            known = counted is not None and self._known_counted(counted)
            if self.match_before(d.words["year_before"], start) is not None:
                return None
            if d.counted_extent == "lexicon" and not known:
                return None
        if year_like and value_max is not None and unit in ("count", "x", ""):
            return None
        return Quantity(start, end, value, unit, value_max, counted, head=start,
                        noun_end=noun_end, whole=start in self._wholes)

    def _frequency_after(self, pos: int) -> bool:
        """ "razy w roku", "lần mỗi năm" (per year) but not "razy w roku 2025" (in 2025)."""
        hit = self.match_after(self.d.mult_frequency, pos)
        if hit is None:
            return False
        doc, j = self.doc, hit[1]
        return not (j < doc.ntok and doc.lows[j][:1].isdigit()
                    and _gap_ok(self.text, doc.tend[j - 1], doc.tstart[j]))

    def _multiplier_context(self, start: int) -> bool:
        if not self.d.mult_requires:
            return True
        qual = self.match_before(self.d.qualifiers, start)
        pos = qual[0] if qual is not None else start
        return self.match_before(self.d.mult_requires, pos) is not None

    def _known_counted(self, counted: str) -> bool:
        lows = self.d.lexer.lows(counted)
        hit = self.d.words["counted"].match_at(lows, 0)
        return hit is not None and hit[0] == len(lows)

    def _elided_noun(self, start: int, pos: int) -> tuple[str, int] | None:
        """ "w tym 1 250 zagranicznych": after "including" (`elided_after`) the noun of the whole
        is left out and an adjective alone, closing the clause, says which part is counted."""
        d = self.d
        if d.counted_extent != "morphology" or self.match_before(
                d.words["elided_after"], start) is None:
            return None
        doc = self.doc
        i = doc.idx(pos)
        if i >= doc.ntok or not _gap_ok(self.text, pos, doc.tstart[i]) \
                or not doc.lows[i].isalpha():
            return None
        if not d.morph.analyse(doc.lows[i])[1] & d.morph.ADJ:
            return None
        end = doc.tend[i]
        if end < len(self.text) and self.text[end] not in ",.;:)":
            return None
        return self.text[doc.tstart[i]:end], end

    def _apposed_noun(self, start: int, end: int) -> str | None:
        """ "Najwięcej domów tymczasowych, prawie dwa tysiące, jest w ...": a number set off by
        commas right after a noun phrase gives the number of that noun."""
        text, doc, morph = self.text, self.doc, self.d.morph
        qual = self.match_before(self.d.qualifiers, start)
        left = qual[0] if qual is not None else start
        if not text.startswith(", ", left - 2) or not text.startswith(",", end):
            return None
        j = doc.idx_end(left - 2)
        first, noun = j, False
        while first > 0 and j - first < self.d.counted_max_words:
            low = doc.lows[first - 1]
            tags = morph.analyse(low)[1] if low.isalpha() else frozenset()
            if not tags & (morph.NOUN | morph.ADJ):
                break
            noun = noun or bool(tags & morph.NOUN)
            first -= 1
        if not noun or any(self.d.words[name].match_at(doc.lows, k) is not None
                           for name in ("time_nouns", "not_counted") for k in range(first, j)):
            return None  # "W 2024 roku, 15, ...": a year or a stage is no counted thing
        return text[doc.tstart[first]:doc.tend[j - 1]]

    def _verb_after_of_which(self, start: int, end: int) -> bool:
        """ "z których dwanaście mieszka ...": a word that may be a verb after "of which" is the
        verb ("mieszka" is also a noun), and the number counts the whole's noun."""
        d = self.d
        if d.counted_extent != "morphology" or self.match_before(
                d.words["elided_whole_after"], start) is None:
            return False
        i = self.doc.idx(end)
        verbs = getattr(d.morph, "VERB", frozenset())
        return i < self.doc.ntok and bool(d.morph.analyse(self.doc.lows[i])[1] & verbs)

    def _elided_whole(self, start: int, end: int) -> str | None:
        """The noun of the sentence's previous count, left out after this number: after "of
        which" (`elided_whole_after`: "tysiąc uczniów, z których dziewięciu zdobyło ...") or
        where a verb's bare object closes the clause ("zbudować 4 830 domów i wyremontować
        642.", "rozpoczęto budowę 1 215 domów, a ukończono 638.")."""
        d = self.d
        if d.counted_extent != "morphology":
            return None
        if (noun := self._apposed_noun(start, end)) is not None:
            return noun
        if self.match_before(d.words["elided_whole_after"], start) is None:
            doc = self.doc
            i = doc.idx(start) - 1
            if i < 0 or not d.morph.is_verb(doc.lows[i]) \
                    or not _CLAUSE_END.match(self.text, end):
                return None
        sentence = max(self.text.rfind(". ", 0, start), self.text.rfind("\n", 0, start)) + 1
        earlier = [m for pattern in (self.num_re, self.d.number_word_re)
                   for m in pattern.finditer(self.text, sentence, start) if m.end() < start]
        if not earlier:
            return None
        last = max(earlier, key=lambda m: m.start())
        found = self.counted(last.end(), words=not last.group()[:1].isdigit())
        return found[0] if found is not None else None

    def _out_of(self, pos: int, words: bool) -> tuple[str, int] | None:
        """ "128 na 198 gmin", "41 trên 108 xã": the noun after the second number."""
        hit = self.match_after(self.d.words["out_of"], pos)
        if hit is None:
            return None
        after = self.doc.tend[hit[1] - 1]
        gap = _SHORT_GAP.match(self.text[after:after + 2]).end()
        m2 = self.num_re.match(self.text, after + gap)
        if m2 is None:
            return None
        found = self.counted(m2.end(), words)
        if found is not None:
            self._wholes.add(m2.start())
        return found

    def counted(self, pos: int, words: bool) -> tuple[str, int] | None:
        """The counted noun phrase right after pos: (text as written, end)."""
        d = self.d
        doc = self.doc
        i = doc.idx(pos)
        if i >= doc.ntok or not _gap_ok(self.text, pos, doc.tstart[i]) \
                or not doc.lows[i][:1].isalpha():
            return None
        lows = doc.lows
        known = self.match_after(d.words["counted"], pos)
        if known is None:
            for name in ("time_nouns", "not_counted", "stop"):
                if d.words[name].match_at(lows, i) is not None:
                    return None
        if d.counted_extent == "morphology":
            j = self._extent_by_morphology(i)
            if j is None:
                if known is None:
                    return None
                j = known[1]
            if known is None and any(d.words["time_nouns"].match_at(lows, k) for k in range(i, j)):
                return None
            if words and not self._word_count_noun(range(i, j)):
                return None
        else:
            if known is not None:
                j = known[1]
            elif self.text[doc.tstart[i]].isupper():
                return None
            else:
                j = i
            # A known head noun takes the words after it, as an unknown phrase does:
            # "cuộc thanh tra", "lượt tuần tra" (not past a stop word: "đơn vị hành chính cấp xã").
            if j - i < 3:
                while j < doc.ntok and j - i < d.counted_max_words:
                    if not lows[j].replace("_", "").isalpha() or (
                        j > i and not _gap_ok(self.text, doc.tend[j - 1], doc.tstart[j])
                    ):
                        break
                    if j > i and (d.words["stop"].match_at(lows, j) is not None
                                  or d.words["time_nouns"].match_at(lows, j) is not None
                                  or self.text[doc.tstart[j]].isupper()):
                        break
                    j += 1
            if j == i:
                return None
            if words and not self._word_count_noun([i]):
                return None
        end = doc.tend[j - 1]
        return self.text[doc.tstart[i]:end], end

    def _word_count_noun(self, heads: Iterable[int]) -> bool:
        """Whether a number in words may count this noun ("hai xã" yes, "hai nước" no)."""
        d = self.d
        lows = self.doc.lows
        heads = list(heads)
        if any(d.words["word_not_counted"].match_at(lows, k) for k in heads):
            return False
        allowed = d.words["word_count_nouns"]
        return not allowed or any(allowed.match_at(lows, k) for k in heads)

    def _extent_by_morphology(self, i: int) -> int | None:
        """Adjectives, a noun, adjectives: "kluczowych grup", "jednostek administracyjnych"."""
        doc = self.doc
        morph = self.d.morph
        j = i
        head = None
        while j < doc.ntok and j - i < self.d.counted_max_words:
            low = doc.lows[j]
            if not low.isalpha() or (j > i and not _gap_ok(self.text, doc.tend[j - 1],
                                                           doc.tstart[j])):
                break
            tags = morph.analyse(low)[1]
            if head is None and j > i and self.d.words["participle_particles"].match_at(
                    doc.lows, j) is not None and morph.analyse(doc.lows[j - 1])[1] & morph.ADJ:
                j += 1  # "wyróżniających się działaczy": the participle's reflexive particle
                continue
            if head is None:
                nxt = morph.analyse(doc.lows[j + 1])[1] if j + 1 < doc.ntok else frozenset()
                if tags & morph.ADJ and nxt & morph.NOUN and doc.lows[j + 1].isalpha():
                    pass  # "nowych przedsiębiorstw": an adjective before its noun
                elif tags & morph.NOUN or "ign" in tags or not tags or tags == _FRAGMENT:
                    head = j  # unknown words ("ign", a lone fragment: "6 sao ziemi") too
                elif not tags & morph.ADJ:
                    return None
            elif not tags & morph.ADJ or tags & morph.NOUN:
                break
            j += 1
        return None if head is None else j

    # -- the whole text ------------------------------------------------------------------------

    def quantities(self, lo: int, hi: int, in_table: bool = False) -> list[Quantity]:
        doc = self.doc
        found: list[tuple[int, int, Quantity]] = []
        for m in self.num_start_re.finditer(self.text, lo, hi):
            if doc.mask[m.start()] or (not in_table and doc.in_table(m.start())):
                continue
            q = self.read_digits(m)
            if q is not None:
                found.append((q.start, 0, q))
                if q.end == m.end() and self.text.startswith("/", q.end) and q.unit not in (
                        "count", "x", ""):
                    whole = self.num_re.match(self.text, q.end + 1)
                    q2 = self.read_digits(whole) if whole is not None else None
                    if q2 is not None:
                        found.append((q2.start, 0, q2))
        for m in self.d.number_word_re.finditer(self.text, lo, hi):
            if doc.blocked(m.start(), m.end()) or (not in_table and doc.in_table(m.start())):
                continue
            q = self.read_words(m)
            if q is not None:
                found.append((q.start, 1, q))
        if self.d.word_multiplier_re is not None:
            for m in scan(self.d.word_multiplier_re, self.text, lo, hi):
                if not in_table and doc.in_table(m.start()):
                    continue
                q = self.read_word_multiplier(m)
                if q is not None:
                    found.append((q.start, 2, q))
        found.sort(key=lambda x: (x[0], x[1]))
        out: list[Quantity] = []
        last_end = -1
        for start, _, q in found:
            if start < last_end or q.end > hi or doc.blocked(q.start, q.end):
                continue
            out.append(q)
            last_end = q.end
        return out

