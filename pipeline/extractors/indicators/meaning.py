"""What a figure measures, read from its sentence: label, key, change, comparison, share,
period and as-of date.

Some 500 lines, kept as one module on purpose: it is one class whose readers (label, key,
change, period...) share the sentence being read and each other's findings (the key depends on
the label's words, the change on the comparison), so cutting it into files would spread one
walk over a sentence across several modules that all reach into the same state."""

from __future__ import annotations

import bisect
import re
from datetime import date

from pipeline.extractors.indicators.data import KeyHit
from pipeline.extractors.indicators.document import _Document, _gap_ok
from pipeline.extractors.indicators.quantities import Quantity, _Reader
from pipeline.textnorm import collapse_spaces

_NUMERIC_DATE = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
_WORDS_DATE = re.compile(r"(\d{1,2})\s+(?:tháng\s+)?(\w+)(?:\s+năm)?\s+(\d{4})", re.IGNORECASE)
#: A count keyed at this tier or before found its key in its own words: its noun and the
#: words around it, not its subject (_Meaning._read_key).
_OWN_WORDS = 1


class _Meaning:
    """What a figure measures, read from its sentence: label, key, change, period..."""

    def __init__(self, doc: _Document, reader: _Reader):
        self.doc = doc
        self.reader = reader
        self.d = doc.d
        self.text = doc.text
        self._lead: list[str] | None = None

    def lows(self, text: str) -> list[str]:
        return self.d.lexer.lows(text)

    def key_of(self, lows: list[str], unit: str, counted: list[str] | None = None) -> KeyHit | None:
        return self.d.taxonomy.best(lows, unit, counted) if lows else None

    # -- one figure ----------------------------------------------------------------------------

    def read(self, q: Quantity, prev: Quantity | None) -> None:
        """Fill in what `q` measures; `prev` is the figure read before it."""
        doc = self.doc
        sent = doc.sentence(q.start)
        q.sentence = sent[0]
        clause = doc.clause(q.start, q.end, sent)
        qual = self._read_head(q, clause[0])
        self._read_tail(q, clause[1])
        # The clause up to the figure; it starts after an earlier figure in the same clause.
        b = clause[0]
        after_prev = prev is not None and prev.sentence == q.sentence and prev.consumed > b
        if after_prev:
            b = prev.consumed
        # Up to the number itself: a qualifier may be the predicate ("przekraczając 45%").
        ri, rj = doc.span(max(b, q.head - 300), q.start)
        pred = self._last_predicate(ri, rj)
        if pred is not None:
            if qual is not None and doc.tstart[pred[0]] < qual < doc.tend[pred[1] - 1]:
                q.qualifier = None  # "cao hơn" is the predicate, not the qualifier "hơn"
            q.change = self._change(doc.lows[pred[0]:pred[1]])
            subject = range(ri, pred[0])
            window_start = doc.tstart[pred[0]]
        else:
            subject = range(ri, rj)
            window_start = doc.tstart[ri] if rj > ri else q.head
            if after_prev:
                q.change = prev.change  # "spadł z 15,2% do 12,1%": one predicate for both
        # "6,5-procentowy wzrost", "5-proc. spadek": a change noun right after the figure.
        q.change = self._change_after(q.end) or q.change
        periods, as_ofs = doc.phrases(sent)
        label, label_lows = self._label(subject, periods, as_ofs)
        if label and after_prev and self.key_of(label_lows, q.unit or "count") is None:
            label = None  # the tail of the previous figure's clause, not a subject
        subject_label = label
        if label is None and prev is not None and prev.sentence == q.sentence:
            q.inherits = True
            label = prev.label
            label_lows = prev.label_lows
            subject_label = prev.subject_label
            if pred is None and q.change is None:
                q.change = prev.change  # "spadł do 8,5%, czyli o 2,1 pkt proc."
        if q.unit == "":
            if q.inherits and prev is not None and prev.from_subject:
                q.unit, q.counted, q.from_subject = "count", prev.counted, True
            else:
                # The subject's own words: `label` may be the previous count's noun by now.
                self._bare_count(q, label_lows, subject_label)
            if q.unit == "":
                return  # a bare number that counts nothing
        q.label, q.label_lows, q.subject_label = label, label_lows, subject_label
        if q.change is None and q.unit in ("%", "pp") and self.d.growth_nouns.search(label_lows):
            q.change = "increase"  # "tốc độ tăng trưởng ... đạt 6%"
        window_end = self._window_end(max(q.consumed, q.noun_end), clause[1], sent[1])
        wi, wj = doc.span(window_start, window_end)
        self._read_key(q, label_lows, doc.cue_lows[subject.start:subject.stop], (wi, wj),
                       (b, sent[1]))
        if q.unit == "count" and (label is None or q.inherits or q.key_tier <= _OWN_WORDS
                                  or not self._has_key(label_lows, q)):
            q.label = q.counted or label
        si, sj = doc.span(sent[0], q.head)
        q.key_context = (label_lows, doc.cue_lows[wi:wj], doc.cue_lows[max(si, sj - 40):sj])
        q.period = self._nearest(periods, as_ofs, q, sent, clause[1], as_of=False)
        as_of = self._nearest(as_ofs, as_ofs, q, sent, clause[1], as_of=True)
        q.as_of = self._parse_date(as_of) if as_of else None

    def _read_head(self, q: Quantity, c_start: int) -> int | None:
        """Range opener ("từ", "od") and qualifier ("hơn", "ponad") before the number: sets
        q.head and q.qualifier; returns where the qualifier starts."""
        d = self.d
        rd = self.reader
        q.head = q.start
        if q.value_max is not None:
            opener = rd.match_before(d.words["range_start"], q.head)
            if opener is not None:
                q.head = opener[0]
        qual = rd.match_before(d.qualifiers, q.head)
        if qual is None or qual[0] < c_start:
            return None
        q.qualifier = str(qual[1])
        q.head = qual[0]
        return qual[0]

    def _read_tail(self, q: Quantity, c_end: int) -> None:
        """Share of a plan ("69% dự toán") and comparison base ("so với cùng kỳ") after the
        figure; q.consumed ends after them."""
        pos = q.end
        if q.unit == "%":
            share = self._share_of(pos)
            if share is not None:
                q.share_of, pos = share
        comparison = self._comparison(pos, c_end)
        if comparison is not None:
            q.comparison, pos = comparison
        q.consumed = max(pos, q.end)

    def _change(self, lows: list[str]) -> str | None:
        if self.d.increase.search(lows):
            return "increase"
        if self.d.decrease.search(lows):
            return "decrease"
        return None

    def _change_after(self, pos: int) -> str | None:
        if self.reader.match_after(self.d.increase, pos) is not None:
            return "increase"
        if self.reader.match_after(self.d.decrease, pos) is not None:
            return "decrease"
        return None

    def _read_key(self, q: Quantity, label_lows: list[str], subject_lows: list[str],
                  window: tuple[int, int], reach: tuple[int, int]) -> None:
        """The key from the first word group that holds a keyword (in a group the higher
        priority wins), the figure's own words first:

        - a count: its noun and the words after it ("xã đạt chuẩn nông thôn mới"), then the
          words before it too ("thu hút 35 dự án"), then its subject;
        - a figure with a subject of its own: the subject, the words around the figure, then
          the whole clause ("kinh tế của tỉnh ... tăng 7,2%": "kinh tế" + "tăng");
        - a figure sharing the subject of the one before: its own words and clause first, the
          shared subject last.
        """
        d = self.d
        doc = self.doc
        wi, wj = window
        window_lows = doc.cue_lows[wi:wj]
        counted_lows = self.lows(q.counted) if q.counted else []
        if q.unit == "count":
            if q.whole:  # "128 na 198 gmin ...": 198 counts the communes, no more
                tiers = [self._noun_head(counted_lows), [], label_lows + subject_lows]
            else:
                tiers = [counted_lows + self._after_noun(q, wj), counted_lows + window_lows,
                         label_lows + subject_lows]
        else:
            # (Without subject words the clause is the window, already searched.)
            clause = subject_lows + window_lows if subject_lows else []
            tiers = [window_lows, clause, label_lows] if q.inherits else \
                [label_lows, window_lows, clause]
        for tier, lows in enumerate(tiers):
            hit = self.key_of(lows, q.unit, counted_lows)
            if hit is not None:
                q.key, q.key_tier, q.key_priority = hit.key, tier, hit.priority
                break
        # The goods a count's verb traded: "xuất khẩu trực tiếp 2 container cà phê" is an export
        # of coffee, not coffee output (the taxonomy's `overrides`, trade over the goods traded).
        if q.unit == "count" and q.key is not None and not q.whole:
            bi, bj = doc.span(reach[0], q.head)
            hit = self.key_of(doc.cue_lows[max(bi, bj - _VERB_WORDS):bj], q.unit, counted_lows)
            if hit is not None and hit.key != q.key and d.taxonomy.overrides(hit.key, q.key):
                q.key, q.key_priority = hit.key, hit.priority
        # Damage words anywhere in the clause, past commas ("3.250 ha lúa, ngô, rau màu bị
        # ngập"), replace the crop or house they damaged.
        xi, xj = doc.span(max(reach[0], q.head - 300), self._clause_end(q.consumed, reach[1]))
        hit = d.taxonomy.best(doc.cue_lows[xi:xj], q.unit, counted_lows, reach=True)
        if hit is not None and hit.key != q.key and d.taxonomy.overrides(hit.key, q.key):
            # The crop or house keeps the tier it was found at: the damage is done to it.
            tier = len(tiers) if q.key is None else q.key_tier
            q.key, q.key_tier, q.key_priority = hit.key, tier, hit.priority

    def _after_noun(self, q: Quantity, wj: int) -> list[str]:
        """The words after a count's noun, to the window's end (token wj): what it says of
        the counted things ("xã đạt chuẩn nông thôn mới"). Before a further figure only up to
        the first word that ends a noun phrase: in "6 xã có tỷ lệ giải ngân trên 90%", "240
        doanh nghiệp với tổng vốn 2.100 tỷ đồng" the words after "có", "với" are the next
        figure's subject."""
        doc = self.doc
        i = doc.idx(max(q.end, q.noun_end))
        if i >= wj:
            return []
        j = doc.idx(doc.tend[wj - 1])
        if j < doc.ntok and doc.lows[j][:1].isdigit():
            return self._noun_head(doc.cue_lows[i:wj], 0)
        return doc.cue_lows[i:wj]

    def _noun_head(self, lows: list[str], first: int = 1) -> list[str]:
        """`lows` up to the first word from index `first` on that ends a noun phrase: a stop
        word or a predicate ("xã | đạt chuẩn nông thôn mới", "przedsiębiorstw | o kapitale")."""
        stop = self.d.words["stop"]
        for k in range(first, len(lows)):
            if stop.match_at(lows, k) is not None or \
                    self.d.predicates.match_at(lows, k) is not None:
                return lows[:k]
        return lows

    def _has_key(self, lows: list[str], q: Quantity) -> bool:
        counted = self.lows(q.counted) if q.counted else None
        return bool(lows) and self.d.taxonomy.best(lows, q.unit, counted) is not None

    def _bare_count(self, q: Quantity, label_lows: list[str], label: str | None) -> None:
        """A bare number counts what its subject names: "số đơn vị hành chính ... 200"."""
        if not label or q.inherits and not label_lows:
            return
        hit = self.d.words["count_subjects"].match_at(label_lows, 0)
        for k in range(len(label_lows)):
            if hit is not None:
                break
            hit = self.d.words["count_subjects_inside"].match_at(label_lows, k)
        # The subject after "số"/"liczba", read as a counted phrase. `label_lows` runs past a
        # label cut ("... của tỉnh"): what follows "số" there is no part of the label.
        toks = self.d.lexer.tokens(label)
        if hit is None or hit[0] >= min(len(label_lows), len(toks)):
            return
        rest = label[toks[hit[0]][0]:]
        found = _Reader(_Document(self.d, rest, [])).counted(0, False)
        q.unit = "count"
        q.counted = found[0] if found else rest
        q.from_subject = True

    def _last_predicate(self, i: int, j: int) -> tuple[int, int] | None:
        """The last predicate in tokens [i, j): scanned from the figure backwards."""
        d = self.d
        doc = self.doc
        for k in range(j - 1, i - 1, -1):
            hit = doc.longest(d.predicates, k, j)
            if hit is None and d.morph.is_verb(doc.lows[k]):
                hit = (k + 1, None)
            if hit is None:
                continue
            start, end = k, hit[0]
            # A longer predicate may begin a word or two earlier ("tăng gấp" before "gấp").
            for back in range(max(i, k - 3), k):
                longer = doc.longest(d.predicates, back, j)
                if longer is not None and longer[0] > k:
                    start, end = back, longer[0]
                    break
            return start, end
        return None

    def _label(self, subject: range, periods: list, as_ofs: list
               ) -> tuple[str | None, list[str]]:
        """The subject cleaned into a short label (None when nothing is left of it), and the
        words of the whole cleaned subject, for keywords."""
        d = self.d
        doc = self.doc
        # Period and as-of phrases and blocked dates are no part of a label.
        if not subject:
            return None, []
        lo, hi = doc.tstart[subject[0]], doc.tend[subject[-1]]
        cut = [(s, e) for s, e, _ in periods + as_ofs if s < hi and e > lo]
        keep = [k for k in subject[:30]
                if not doc.mask[doc.tstart[k]]
                and not any(s <= doc.tstart[k] and doc.tend[k] <= e for s, e in cut)]
        lows = [doc.lows[k] for k in keep]
        brk = d.words["subject_break"].last_match(lows)
        if brk is not None:
            keep = keep[brk[1]:]
        changed = True
        while keep and changed:
            changed = False
            lows = [doc.lows[k] for k in keep]
            if not lows[0][:1].isalnum() and lows[0] not in ("(", "“", '"'):
                keep, changed = keep[1:], True
                continue
            if not lows[-1][:1].isalnum() and lows[-1] not in (")", "”", '"', "%"):
                keep, changed = keep[:-1], True
                continue
            hit = d.words["label_strip_start"].match_at(lows, 0)
            if hit is not None:
                keep, changed = keep[hit[0]:], True
                continue
            hit = d.words["label_strip_end"].match_ending(lows, len(lows)) \
                or d.qualifiers.match_ending(lows, len(lows)) \
                or d.predicates.match_ending(lows, len(lows))
            if hit is not None:
                keep, changed = keep[:hit[0]], True
        if not keep:
            return None, []
        lows = [doc.lows[k] for k in keep]
        if d.words["relative"].match_at(lows, 0) is not None:
            return None, []
        if not any(t[:1].isalpha() for t in lows):
            return None, []
        keep = keep[:12]
        full_lows = [doc.cue_lows[k] for k in keep]  # names blanked, for keywords
        # A short label: cut before a place or owner phrase ("GRDP của tỉnh", "obroty ... przez
        # przejścia graniczne"), keeping a bracketed acronym ("(GRDP)") found after the cut.
        lows = [doc.lows[k] for k in keep]
        cut = d.words["label_cut"].first_match(lows, 2 if len(keep) > 2 else 1)
        if cut is not None:
            tail = keep[cut:]
            opens = [n for n, k in enumerate(tail) if doc.lows[k] == "("]
            closes = [n for n, k in enumerate(tail) if doc.lows[k] == ")"]
            keep = keep[:cut]
            if opens and closes and closes[0] > opens[0]:
                keep += tail[opens[0]:closes[0] + 1]
        parts = []
        for n, k in enumerate(keep):
            if n:
                gap = self.text[doc.tend[keep[n - 1]]:doc.tstart[k]]
                parts.append(gap if gap in ("", " ") else " ")
            parts.append(self.text[doc.tstart[k]:doc.tend[k]])
        label = "".join(parts).strip()
        if label.count("(") == label.count(")") + 1:
            label += ")"
        return (label or None), (full_lows if label else [])

    def _share_of(self, pos: int) -> tuple[str, int] | None:
        d = self.d
        doc = self.doc
        rd = self.reader
        hit = rd.match_after(d.words["share_of"], pos)
        if hit is None:
            i = doc.idx(pos)
            if i + 1 >= doc.ntok or not _gap_ok(self.text, pos, doc.tstart[i]):
                return None
            if not d.morph.analyse(doc.lows[i])[1] & d.morph.ADJ:
                return None
            # One adjective between ("69% centralnego szacunku budżetowego").
            hit = rd.match_after(d.words["share_of"], doc.tend[i])
            if hit is None:
                return None
        end = doc.tend[hit[1] - 1]
        return self.text[doc.tstart[hit[0]]:end], end

    def _comparison(self, pos: int, limit: int) -> tuple[str, int] | None:
        d = self.d
        doc = self.doc
        hit = self.reader.match_after(d.words["comparison"], pos)
        if hit is None:
            return None
        i, n, _ = hit
        stop = doc.idx_end(limit)
        lows = doc.lows
        while n < stop and n < hit[1] + 8:
            if not lows[n][:1].isalnum() and lows[n] not in ("-", "/", "."):
                break
            if d.words["comparison_stop"].match_at(lows, n) is not None:
                break
            n += 1
        while n > hit[1] and not lows[n - 1][:1].isalnum():
            # Keep the dot of a short abbreviation ("2024 r."), drop a full stop.
            if lows[n - 1] == "." and lows[n - 2].isalpha() and len(lows[n - 2]) <= 2:
                break
            n -= 1
        end = doc.tend[n - 1]
        return self.text[doc.tstart[i]:end], end

    def _window_end(self, pos: int, c_end: int, s_end: int) -> int:
        """A few words after the figure, to the clause end; a relative clause continues it."""
        d = self.d
        doc = self.doc
        limit = c_end
        if c_end < s_end and self.text[c_end:c_end + 1] == "," and \
                self.reader.match_after(d.words["relative_after"], c_end + 1) is not None:
            limit = doc.clause(c_end + 2, c_end + 2, (c_end + 1, s_end))[1]
        i, j = doc.span(pos, limit)
        end = pos
        for k in range(i, min(j, i + d.window_words)):
            if d.words["window_stop"].match_at(doc.lows, k) is not None:
                break
            if doc.lows[k][:1].isdigit():
                break  # the next figure: the words before it are its subject
            end = doc.tend[k]
        return end

    def _clause_end(self, pos: int, s_end: int) -> int:
        """Up to the next semicolon or sentence end, at most a dozen words on."""
        semi = self.text.find(";", pos, s_end)
        i, j = self.doc.span(pos, s_end if semi < 0 else semi)
        return self.doc.tend[min(j, i + 12) - 1] if j > i else pos

    def _nearest(self, spans: list[tuple[int, int, str]], as_ofs: list, q: Quantity,
                 sent: tuple[int, int], c_end: int, as_of: bool) -> str | None:
        """The closest phrase before the figure in its sentence, else the first after it.

        Periods inside dates ("1 lipca 2025 roku") or inside an as-of phrase are no periods.
        """
        if not spans:
            return None
        doc = self.doc

        def usable(s: int, e: int) -> bool:
            return as_of or not (any(doc.mask[s:e]) or doc.covering(as_ofs, s, e))

        i = bisect.bisect_left(spans, (q.start, -1, ""))
        for j in range(i - 1, -1, -1):
            s, e, t = spans[j]
            if s < sent[0]:
                break
            if e <= q.head and usable(s, e):
                return _clean_phrase(t)
        for k in range(i, len(spans)):
            s, e, t = spans[k]
            if s >= c_end:
                break
            if s >= q.consumed and usable(s, e):
                return _clean_phrase(t)
        return None

    def _parse_date(self, phrase: str) -> str | None:
        m = _NUMERIC_DATE.search(phrase)
        if m:
            day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            m = _WORDS_DATE.search(phrase)
            if not m:
                return None
            day, year = int(m.group(1)), int(m.group(3))
            word = m.group(2).lower()
            month = int(word) if word.isdigit() else self.d.months.get(word)
            if month is None:
                return None
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None

    # -- across figures ------------------------------------------------------------------------

    def fill_keys(self, qs: list[Quantity]) -> None:
        """Keys for figures that found none (or only a generic one) in their own words."""
        tax = self.d.taxonomy

        def assign(q: Quantity, key: str) -> None:
            q.key = key
            q.key_priority = tax.by_name[key].priority

        for i, q in enumerate(qs):
            prev = qs[i - 1] if i else None
            shares = prev is not None and prev.sentence == q.sentence
            own = q.key_tier <= _OWN_WORDS
            if q.unit == "count" and q.counted and own and q.key_priority <= 0 and not q.whole:
                # "5 xã đạt chuẩn nông thôn mới, nâng tổng số lên 41 xã": the same noun.
                same = self._same_noun(qs, i, same_sentence=True)
                if same is not None and same.key != q.key and same.key_priority > q.key_priority:
                    assign(q, same.key)
            counted = self.lows(q.counted) if q.counted else []
            # The shared subject's key beats a generic one, but not a count's own noun ("uczniów
            # ... w 124 gminach"), unless it is what the subject did to it (floods, schools).
            if q.key is not None and q.inherits and shares and prev.key and \
                    prev.key_priority > q.key_priority and tax.allows(prev.key, q.unit, counted) \
                    and not (q.unit == "count" and own and not tax.overrides(prev.key, q.key)):
                assign(q, prev.key)
            if q.key is not None:
                continue
            if q.unit == "count" and self.d.words["topic_not_counted"].match_at(counted, 0):
                continue  # office holders, honoured bodies: not what the topic or the figure
                # before them counts ("Hai Phó Chủ tịch UBND tỉnh dự" in an article on trade)
            if shares:
                for lows in prev.key_context[:2]:
                    hit = self.key_of(lows, q.unit, counted)
                    if hit is not None:
                        assign(q, hit.key)
                        break
                if q.key is None and prev.key and tax.allows(prev.key, q.unit, counted):
                    assign(q, prev.key)
                if q.key is not None:
                    continue
            if q.key_context:
                hit = self.key_of(q.key_context[2], q.unit, counted)
                if hit is not None:
                    assign(q, hit.key)
                    continue
            if q.unit == "count" and q.counted:
                same = self._same_noun(qs, i, same_sentence=False)
                if same is not None:
                    assign(q, same.key)
                    continue
            lead = self.lead()
            hit = tax.best(lead, q.unit, self.lows(q.counted or ""), topic=True) if lead else None
            if hit is not None:
                assign(q, hit.key)

    @staticmethod
    def _same_noun(qs: list[Quantity], i: int, same_sentence: bool) -> Quantity | None:
        q = qs[i]
        head = q.counted.split()[0].lower() if q.counted else ""
        for p in reversed(qs[max(0, i - 8):i]):
            if q.start - p.end > 1500 or (same_sentence and p.sentence != q.sentence):
                break
            if p.unit == "count" and p.key and p.counted and p.counted.split()[0].lower() == head:
                return p
        return None

    def lead(self) -> list[str]:
        """The article's opening sentence: its topic keys the figures nothing else keys."""
        if self._lead is None:
            starts = self.doc.sentence_starts
            # A title opened by a place ("Điện Biên: Tăng tốc xóa nhà tạm ...") is split after
            # the place, whose words are masked: the lead runs on to the first sentence that
            # has words of its own.
            k = 1
            while True:
                end = starts[k] if len(starts) > k else self.doc.n
                i, j = self.doc.span(0, min(end, 400))
                self._lead = self.doc.cue_lows[i:j]
                if k >= len(starts) or end >= 400 or \
                        sum(w[:1].isalpha() for w in self._lead) >= _LEAD_MIN_WORDS:
                    break
                k += 1
        return self._lead


# How many words before a count may hold the verb that trades what it counts.
_VERB_WORDS = 4
# Fewer words of its own than this and the opening sentence is only a dateline or a place.
_LEAD_MIN_WORDS = 3


def _clean_phrase(text: str) -> str:
    return collapse_spaces(text).strip(" ,;")

