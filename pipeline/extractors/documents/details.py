"""What follows a reference: its own date, term and quoted title, and its issuer."""

from __future__ import annotations

from bisect import bisect_left

from pipeline.extractors.documents.dates import roman_value
from pipeline.extractors.documents.grammar import DATE_REACH, ISSUER_REACH, TITLE_REACH, Scan
from pipeline.extractors.documents.mentions import Mention
from pipeline.textnorm import collapse_spaces


class ReferenceDetails:
    """Date, term, title and issuer of a mention (a part of DocumentReferenceExtractor)."""

    def _describe(self, scan: Scan, mention: Mention, start: int,
                  title_at: int | None = None) -> None:
        """Date, term and title from the text after the reference, up to the next document."""
        grammar, text = self.grammar, scan.text
        tail_end = scan.tail_end(start)
        # Past a breaker ("từ", "đã", "od", "została") the text no longer describes the document.
        quiet_end = tail_end
        if grammar.gap_breaker_re is not None:
            breaker = grammar.gap_breaker_re.search(text, start, tail_end)
            if breaker:
                quiet_end = breaker.start()
        date_span = (start, start)
        for found in grammar.dates.dates(text, start, quiet_end):
            if found.start - start > DATE_REACH:
                break
            if self._is_document_date(text, start, found.start, mention.symbol is None):
                mention.date = found.iso
                date_span = (found.start, found.end)
                break
        if mention.symbol is not None:
            mention.issuer = (self._issuer_named(scan, start, quiet_end, date_span)
                              or self._issuer_before(scan, mention))
        if mention.date is None and mention.symbol is not None:
            mention.date = self._date_before(scan, mention)
        term_end = quiet_end
        quote = scan.quote_at_or_after(start)
        if quote is not None:
            opener, closer = quote
            reach = title_at + 2 if title_at is not None else start + TITLE_REACH
            inner = collapse_spaces(text[opener + 1:closer - 1])
            if opener < quiet_end and opener <= reach and inner and not self._names_other(
                text, opener
            ):
                mention.title = inner
                term_end = min(term_end, opener)
        if grammar.subject_search_re is not None and mention.symbol is not None:
            subject = grammar.subject_search_re.search(text, start, term_end)
            if subject:
                term_end = subject.start()
        for found in grammar.dates.terms(text, start, term_end):
            mention.term, mention.term_stated = found.term, found.stated
            break
        if mention.term is None and mention.symbol is not None:
            mention.term = mention.symbol.term

    def _issuer_named(self, scan: Scan, start: int, end: int,
                      date_span: tuple[int, int]) -> str | None:
        """The issuer named right after a reference and its date, before anything else:
        "số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị", "nr 57-NQ/TW z dnia ... Biura
        Politycznego". Only punctuation, the date and a term may stand between."""
        grammar, text = self.grammar, scan.text
        if grammar.issuer_name_re is None:
            return None
        if grammar.subject_search_re is not None:
            subject = grammar.subject_search_re.search(text, start, end)
            if subject:
                end = subject.start()
        found = grammar.issuer_name_re.search(text, start, min(end, start + ISSUER_REACH))
        if found is None:
            return None
        gap = text[start:found.start()]
        if date_span[1] > date_span[0]:
            gap = text[start:date_span[0]] + " " + text[date_span[1]:found.start()]
        for term in grammar.dates.terms(gap):
            gap = gap[:term.start] + " " * (term.end - term.start) + gap[term.end:]
        for word in gap.split():
            word = word.strip(",.;:()–-")
            if word and not roman_value(word) and word.lower() not in grammar.issuer_gap_words:
                return None
        return grammar.named_issuer(found.group("name"))

    def _issuer_before(self, scan: Scan, mention: Mention) -> str | None:
        """The issuer as the subject of a verb of issuing right before the reference: "Bộ Chính
        trị đã ban hành Nghị quyết số 57-NQ/TW", "Biuro Polityczne wydało uchwałę nr 57-NQ/TW".
        Only when it agrees with the symbol's style: a state body does not issue a Party
        document (the subject may be a signer's office, or the sentence may be misread)."""
        grammar = self.grammar
        if grammar.issuer_before_re is None:
            return None
        found = grammar.issuer_before_re.search(
            scan.text, max(0, mention.start - ISSUER_REACH), mention.start
        )
        if found is None or any(not w[0].isupper() for w in found.group("between").split()):
            return None
        named = grammar.named_issuer(found.group("name"))
        style = mention.symbol.style
        if named is None or (style in ("party", "state") and named.partition(".")[0] != style):
            return None
        return named

    def _names_other(self, text: str, opener: int) -> bool:
        """Whether the quotation at `opener` names a movement, slogan... not the document."""
        blocker_re = self.grammar.title_blocker_re
        return bool(blocker_re and blocker_re.search(text, max(0, opener - 30), opener))

    def _is_document_date(self, text: str, tail_start: int, date_start: int,
                          unnumbered: bool) -> bool:
        gap = text[tail_start:date_start]
        if not unnumbered and not gap.strip(" \u00a0,(-–"):
            return True
        intro_re = self.grammar.intro_re
        return bool(intro_re and intro_re.search(gap))

    def _date_before(self, scan: Scan, mention: Mention) -> str | None:
        """'Ngày 22/12/2024, Bộ Chính trị ban hành Nghị quyết số 57-NQ/TW': the date of
        issue written before the reference, in the same sentence, with a verb of issuing."""
        grammar, text = self.grammar, scan.text
        if grammar.issue_verb_re is None:
            return None
        index = bisect_left(scan.sentence_ends, mention.start) - 1
        sentence_start = scan.sentence_ends[index] + 1 if index >= 0 else 0
        sentence_start = max(sentence_start, mention.start - 150)
        # Another document earlier in the sentence: the date could be its own.
        for positions in (scan.hit_starts, scan.symbol_starts):
            at = bisect_left(positions, mention.start) - 1
            if at >= 0 and positions[at] >= sentence_start:
                return None
        last = None
        for found in grammar.dates.dates(text, sentence_start, mention.start):
            last = found
        if last is None or not grammar.issue_verb_re.search(text, last.end, mention.start):
            return None
        if grammar.gap_breaker_re is not None and grammar.gap_breaker_re.search(
            text, max(0, last.start - 12), last.start
        ):
            return None  # "Từ ngày 1/7, tỉnh ban hành ..."
        return last.iso

    def _share_list_details(self, scan: Scan, mentions: list[Mention]) -> None:
        """"Nghị quyết số 18-NQ/TW, 19-NQ/TW ngày 25/10/2017": the date after a list of
        symbols is each member's."""
        by_position = sorted(mentions, key=lambda m: m.sym_start)
        for before, after in zip(reversed(by_position[:-1]), reversed(by_position[1:]),
                                 strict=True):
            if self.grammar.list_join_re.match(scan.text, before.sym_end, after.sym_start):
                before.date = before.date or after.date
                if before.term is None:
                    before.term, before.term_stated = after.term, after.term_stated

