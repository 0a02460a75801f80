"""Per-document state of the indicator extractor: blocked spans (dates, phone numbers,
document references...), tokens, sentences, clauses, tables and period phrases."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from typing import Any

from pipeline.extractors.indicators.data import LanguageData
from pipeline.extractors.indicators.lexicon import PhraseSet
from pipeline.extractors.numbers import number_words_value, parse_digits

# ---------------------------------------------------------------------------------------------
# Patterns shared by all languages
# ---------------------------------------------------------------------------------------------

# Digits: groups of three after a thousands separator, an optional decimal part.
_NUM_BODY = {
    "space": r"\d{1,3}(?:[ \u00a0\u202f\u2009.]\d{3})+(?:,\d+)?(?!\d)|\d+(?:[.,]\d+)?(?!\d)",
    "dot": r"\d{1,3}(?:[.\u00a0\u202f\u2009]\d{3})+(?:,\d+)?(?!\d)|\d+(?:[.,]\d+)?(?!\d)",
}
_NUM_AFTER = ".,/-–"  # a number does not start right after these (nor inside a word)
_NUM_RE = {kind: re.compile(body) for kind, body in _NUM_BODY.items()}
# The same where a number may start: one regex pass, no retry inside words.
_NUM_START_RE = {
    kind: re.compile(rf"(?<![\w{re.escape(_NUM_AFTER)}])(?:{body})")
    for kind, body in _NUM_BODY.items()
}

# Tried at the start of every run of digits: dates, fractions, ranks ("10/7", "1/7/2025",
# "15/63"), dotted dates ("25-10-2017"), times ("8:30", "14h30", "8h"), document symbols
# ("18-NQ/TW", "178/2024/NĐ-CP", "95/CĐ-TTg"), chainage after a plus ("Km 12+300").
_BLOCK_AT_DIGITS = [
    re.compile(r"\d+(?:\s?/\s?\d+)+(?!\d)"),
    re.compile(r"\d{1,2}[.\-]\d{1,2}[.\-](?:19|20)\d\d(?!\d)"),
    re.compile(r"\d{1,2}(?:[:h]\d{2}|h)(?!\d)"),
    re.compile(r"\d+(?:/\d{2,4})?[/\-][A-ZĐ][A-ZĐa-zđ0-9]*(?:[/\-][A-ZĐ0-9][A-ZĐa-zđ0-9]*)*"),
    # Phone numbers: a leading zero, at least nine digits in all (checked after matching).
    re.compile(r"0\d{1,4}\)?(?:[\s.\-]?\d{2,4}){2,4}(?![\w])"),
]
# "35/139 xã": two numbers and a word after them (a date would be "12/10" or "10/2025 ...").
_FRACTION_COUNT = re.compile(r"\d+/\d+[ \t]+[^\W\d_]")
# "300,9/4.128,9 tỷ đồng" (disbursed of planned): two amounts sharing the scale and unit after
# the second; a decimal or grouping mark in one of them tells it from a date ("12/10").
_SHARE_AMOUNT = re.compile(
    r"(\d+(?:[.,\u00a0]\d+)*)/(\d+(?:[.,\u00a0]\d+)*)(?=[ \t\u00a0]*[^\W\d_%$€])")
_DIGIT_RUN = re.compile(r"\d+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# List numbering at the start of a line: "1. ", "2) ".
_LIST_NUMBER = re.compile(r"(?m)^[ \t]*\d{1,2}[.)](?=[ \t])")
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’»)\]]*(?=\s)|:(?=\s)|\n")
_YEAR = re.compile(r"(?:19|20)\d\d")
_PHONE_PREFIX = re.compile(r"\+\d{1,3}[\s.\-]?$")
_AFTER_SENTENCE_END = re.compile(r"\s*[\"“‘«(\[]*(.)", re.S)
_WORD_BEFORE_DOT = re.compile(r"([\w.]+)\.$")
_CLAUSE_PUNCTUATION = re.compile(r"[,;()\[\]]")
# A capitalised word followed by another (any alphabet Python knows the case of): two words
# of a name.
_UPPER = re.escape("".join(c for c in map(chr, range(0x41, 0x2000)) if c.isupper()))
# (No look-behind for a word start: it would cost more than the whole pass; a match inside a
# word starts no token and is skipped.)
_CAPITAL_PAIR = re.compile(rf"[{_UPPER}]\w*(?=[ \t\u00a0]+[{_UPPER}])")


class _Document:
    """Per-document state: blocked spans, sentences, clauses, tables, period phrases."""

    def __init__(self, data: LanguageData, text: str, resolutions: Any):
        self.d = data
        self.text = text
        self.n = len(text)
        self.mask = bytearray(self.n)
        self._block_resolutions(resolutions)
        self._block_patterns()
        self._find_tables()
        self._phrase_cache: dict[int, tuple[list, list]] = {}

    # Tokens, sentences and punctuation are found on first use: a text without figures
    # never needs them.
    _LAZY = {"tstart": "_tokenize", "tend": "_tokenize", "lows": "_tokenize", "ntok": "_tokenize",
             "cue_lows": "_find_names",
             "sentence_starts": "_find_sentences", "punct_pos": "_find_punctuation",
             "punct_chr": "_find_punctuation"}

    def __getattr__(self, name: str) -> Any:
        finder = _Document._LAZY.get(name)
        if finder is None:
            raise AttributeError(name)
        getattr(self, finder)()
        return self.__dict__[name]

    # -- tokens: the whole text once, then addressed by index ---------------------------------

    def _tokenize(self) -> None:
        self.tstart, self.tend, self.lows = self.d.lexer.columns(self.text)
        self.ntok = len(self.lows)

    def _find_names(self) -> None:
        """`cue_lows`: the tokens with the words of proper names blanked, for the keywords of
        the taxonomy. A name is a run of capitalised words ("huyện Bảo Lạc" holds no peanut,
        "Departament Rolnictwa i Środowiska" reports no harvest)."""
        text, starts, ends, lows = self.text, self.tstart, self.tend, self.lows
        cue = lows
        for m in _CAPITAL_PAIR.finditer(text):
            k = bisect.bisect_left(starts, m.start())
            if k + 1 >= len(starts) or starts[k] != m.start():
                continue
            # Words in capitals ("GRDP", "UBND") are no names.
            if text[starts[k]:ends[k]].isupper() or text[starts[k + 1]:ends[k + 1]].isupper():
                continue
            if cue is lows:
                cue = list(lows)
            cue[k] = cue[k + 1] = ""
        self.cue_lows = cue

    def idx(self, pos: int) -> int:
        """The first token starting at or after pos."""
        return bisect.bisect_left(self.tstart, pos)

    def idx_end(self, pos: int) -> int:
        """The number of tokens ending at or before pos."""
        return bisect.bisect_right(self.tend, pos)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Token indices [i, j) of the tokens lying inside [start, end)."""
        i = self.idx(max(0, start))
        return i, max(i, self.idx_end(end))

    def longest(self, ps: PhraseSet, i: int, limit: int) -> tuple[int, Any] | None:
        """The longest entry of `ps` at token i that ends by token index `limit`."""
        if i >= limit:
            return None
        for j, payload in ps.all_at(self.lows, i):
            if j <= limit:
                return j, payload
        return None

    # -- blocked spans --------------------------------------------------------------------------

    def block(self, start: int, end: int) -> None:
        start, end = max(0, start), min(self.n, end)
        if end > start:
            self.mask[start:end] = b"\x01" * (end - start)

    def blocked(self, start: int, end: int) -> bool:
        return any(self.mask[start:end])

    def _block_resolutions(self, resolutions: Any) -> None:
        if not isinstance(resolutions, list | tuple):
            return
        for item in resolutions:
            if not isinstance(item, dict):
                continue
            mentions = item.get("mentions")
            spans = [item] + [m for m in mentions if isinstance(m, dict)] \
                if isinstance(mentions, list) else [item]
            for span in spans:
                s, e = span.get("start"), span.get("end")
                if isinstance(s, int) and isinstance(e, int) and 0 <= s < e:
                    self.block(s, e)

    def _share_of_units(self, start: int, end: int) -> bool:
        """ "có 5/10 huyện" (five of ten districts), not "ngày 5/10 huyện tổ chức" (5 October):
        a known counted noun after it and no word of dates (`date_before`) before it."""
        words = self.d.words
        i = self.idx(end)
        if i >= self.ntok or words["counted"].match_at(self.lows, i) is None \
                or words["time_nouns"].match_at(self.lows, i) is not None:
            return False
        j = self.idx_end(start)
        if j and words["date_before"].match_ending(self.lows, j) is not None:
            return False
        return not (start and self.text[start - 1] in "(-–")

    def _share_amount(self, pos: int) -> int:
        """The end of "300,9/4.128,9" (a part of a whole, both read as figures) at pos, or 0."""
        if pos and self.text[pos - 1] in ".,/\u00a0":
            return 0
        m = _SHARE_AMOUNT.match(self.text, pos)
        if m is None or not any(ch in ".,\u00a0" for ch in m.group()):
            return 0
        a, b = (parse_digits(g, self.d.lang) for g in m.groups())
        return m.end() if a is not None and b is not None and a <= b else 0

    def _block_patterns(self) -> None:
        text = self.text
        if "://" in text or "www." in text:
            for m in _URL.finditer(text):
                self.block(m.start(), m.end())
        if "@" in text:
            for m in scan(_EMAIL, text, after=".+-"):
                self.block(m.start(), m.end())
        for m in _LIST_NUMBER.finditer(text):
            self.block(m.start(), m.end())
        shared_until = -1
        for d in _DIGIT_RUN.finditer(text):
            pos = d.start()
            if pos < shared_until or (pos and text[pos - 1].isalpha()):
                continue
            if "/" in text[pos:pos + 24] and (share := self._share_amount(pos)):
                shared_until = share
                continue
            if pos and text[pos - 1] == "+" and pos > 1 and text[pos - 2].isdigit():
                self.block(pos - 1, pos + len(_DIGIT_RUN.match(text[pos:pos + 12]).group()))
                continue
            for n, rx in enumerate(_BLOCK_AT_DIGITS):
                m = rx.match(text, pos)
                if m is None:
                    continue
                if n == 0 and _FRACTION_COUNT.match(text, pos):
                    a, b = map(int, _DIGIT_RUN.findall(m.group()))
                    if a <= b and (not (a <= 31 and b <= 12) or self._share_of_units(pos, m.end())):
                        break  # "35/139 xã": a share of a count, read by the extractor
                if n == len(_BLOCK_AT_DIGITS) - 1:  # phone
                    if sum(ch.isdigit() for ch in m.group()) < 9:
                        continue
                    start = pos - 1 if pos and text[pos - 1] == "(" else pos
                    prefix = _PHONE_PREFIX.search(text[max(0, start - 6):start])
                    self.block(start - len(prefix.group()) if prefix else start, m.end())
                else:
                    self.block(pos, m.end())
                break
        if self.d.month_date_re is not None:
            for m in scan(self.d.month_date_re, text):
                self.block(m.start(), m.end())
        for rx in self.d.date_res:
            for m in rx.finditer(text):
                self.block(m.start(), m.end())

    # -- tables ---------------------------------------------------------------------------------

    def _find_tables(self) -> None:
        """Runs of consecutive lines that hold TAB-separated cells."""
        self.tables: list[list[tuple[int, int]]] = []
        if "\t" not in self.text:
            self._table_spans: list[tuple[int, int]] = []
            self._table_starts: list[int] = []
            return
        run: list[tuple[int, int]] = []
        pos = 0
        for line in self.text.split("\n"):
            end = pos + len(line)
            if "\t" in line:
                run.append((pos, end))
            elif run:
                self.tables.append(run)
                run = []
            pos = end + 1
        if run:
            self.tables.append(run)
        self._table_spans = [(run[0][0], run[-1][1]) for run in self.tables]
        self._table_starts = [s for s, _ in self._table_spans]

    def in_table(self, pos: int) -> bool:
        i = bisect.bisect_right(self._table_starts, pos) - 1
        return i >= 0 and self._table_spans[i][0] <= pos < self._table_spans[i][1]

    # -- sentences and clauses ------------------------------------------------------------------

    def _find_sentences(self) -> None:
        text = self.text
        starts = [0]
        for m in _SENTENCE_END.finditer(text):
            ch = m.group()[0]
            if ch in ".!?…":
                nxt = _AFTER_SENTENCE_END.match(text[m.end():m.end() + 8])
                if nxt is None:
                    continue
                c = nxt.group(1)
                if not (c.isupper() or c.isdigit() or c in "-•–"):
                    continue
                if ch == ".":
                    prev = _WORD_BEFORE_DOT.search(text[max(0, m.start() - 12):m.start() + 1])
                    if prev and (prev.group(1).lower() in self.d.abbreviations
                                 or (len(prev.group(1)) == 1 and prev.group(1).isupper())):
                        continue
            starts.append(m.end())
        self.sentence_starts = starts

    def sentence(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.sentence_starts, pos) - 1
        end = self.sentence_starts[i + 1] if i + 1 < len(self.sentence_starts) else self.n
        return self.sentence_starts[i], end

    def _find_punctuation(self) -> None:
        text = self.text
        pos, chars = [], []
        for m in _CLAUSE_PUNCTUATION.finditer(text):
            i = m.start()
            c = text[i]
            if c == "," and 0 < i < self.n - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
                continue  # a decimal comma
            pos.append(i)
            chars.append(c)
        self.punct_pos = pos
        self.punct_chr = chars

    def clause(self, start: int, end: int, sent: tuple[int, int]) -> tuple[int, int]:
        """The clause around [start, end): between commas or semicolons, inside brackets."""
        s0, s1 = sent
        pos, chars = self.punct_pos, self.punct_chr
        i = bisect.bisect_left(pos, start) - 1
        depth = 0
        c_start = s0
        while i >= 0 and pos[i] >= s0:
            c = chars[i]
            if c in ")]":
                depth += 1
            elif c in "([":
                if not depth:
                    c_start = pos[i] + 1
                    break
                depth -= 1
            elif not depth:
                c_start = pos[i] + 1
                break
            i -= 1
        j = bisect.bisect_left(pos, end)
        depth = 0
        c_end = s1
        while j < len(pos) and pos[j] < s1:
            c = chars[j]
            if c in "([":
                depth += 1
            elif c in ")]":
                if not depth:
                    c_end = pos[j]
                    break
                depth -= 1
            elif not depth:
                c_end = pos[j]
                break
            j += 1
        return c_start, c_end

    # -- period and as-of phrases ---------------------------------------------------------------

    def phrases(self, sent: tuple[int, int]) -> tuple[list, list]:
        """Period and as-of phrases of one sentence (found on first use)."""
        hit = self._phrase_cache.get(sent[0])
        if hit is None:
            hit = (self._phrases(self.d.period_res, *sent), self._phrases(self.d.as_of_res, *sent))
            self._phrase_cache[sent[0]] = hit
        return hit

    def _phrases(self, patterns: list[re.Pattern], lo: int, hi: int) -> list[tuple[int, int, str]]:
        found = []
        for rx in patterns:
            for m in scan(rx, self.text, lo, hi):
                if m.end() <= m.start():
                    continue
                if any(num and not num.isdigit() and number_words_value([num], self.d.lang) is None
                       for num in m.groupdict().values()):
                    continue
                found.append((m.start(), m.end(), m.group()))
        # Longest first at a position; drop phrases inside another one.
        found.sort(key=lambda f: (f[0], -f[1]))
        out: list[tuple[int, int, str]] = []
        for f in found:
            if out and f[1] <= out[-1][1]:
                continue
            out.append(f)
        return out

    @staticmethod
    def covering(spans: list[tuple[int, int, str]], start: int, end: int) -> bool:
        i = bisect.bisect_right(spans, (start, 1 << 62, "")) - 1
        return i >= 0 and spans[i][0] <= start and end <= spans[i][1]


def scan(rx: re.Pattern, text: str, lo: int = 0, hi: int | None = None,
         after: str = "") -> Iterable[re.Match]:
    """Matches of `rx` that do not start inside a word (nor right after a character of
    `after`). The check is made here, not in the pattern: a pattern opening with a
    look-behind cannot use the regex engine's fast scan for its first character."""
    hi = len(text) if hi is None else hi
    pos = lo
    while pos < hi:
        m = rx.search(text, pos, hi)
        if m is None:
            return
        start = m.start()
        if start:
            prev = text[start - 1]
            if prev.isalnum() or prev == "_" or prev in after:
                pos = start + 1
                continue
        yield m
        pos = m.end() if m.end() > start else start + 1


def _gap_ok(text: str, a: int, b: int) -> bool:
    """Only spaces (no line break, at most three characters) between a and b."""
    gap = text[a:b]
    return len(gap) <= 3 and gap.strip() == "" and "\n" not in gap

