"""Documents cited without a number: "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XX", "Uchwała w
sprawie ...", "Luật Đất đai"."""

from __future__ import annotations

import re

from pipeline.extractors.documents.dates import roman_value
from pipeline.extractors.documents.grammar import (
    CLAUSE_STOP,
    COMPLEMENT_WORDS,
    NAME_WORDS,
    KindHit,
    Scan,
)
from pipeline.extractors.documents.mentions import Mention, inside
from pipeline.textnorm import collapse_spaces, fold_diacritics


class UnnumberedReferences:
    """Unnumbered mentions (a part of DocumentReferenceExtractor)."""

    def _unnumbered(self, scan: Scan, hit: KindHit, numbered_spans) -> Mention | None:
        grammar, text = self.grammar, scan.text
        allowed = grammar.unnumbered.get(hit.kind, ())
        named = grammar.named.get(hit.form)
        if not (allowed or named):
            return None
        lowercase = not text[hit.start].isupper()
        if lowercase and not (grammar.lowercase_with_organ and "organ" in allowed):
            return None
        if hit.strength != "strong" and not (named and hit.strength == "numbered_only"):
            return None
        window = max(0, hit.start - 20)
        if grammar.plural_re is not None and grammar.plural_re.search(text, window, hit.start):
            return None
        if inside(scan.quotes, hit.start) or inside(numbered_spans, hit.start):
            return None
        # "Nghị định số 34/2014/NĐ-CP về Quy chế khu vực biên giới": the subject of another
        # document, not a document of its own.
        subject_before = grammar.subject_before_re
        if subject_before is not None and subject_before.search(text, window, hit.start):
            return None
        clause_end = scan.tail_end(hit.end)
        if lowercase:
            # "realizacji uchwały XIII Zjazdu Partii": Polish writes the kind word in lower
            # case; its organ, in capitals, is what makes it one document.
            return self._complemented(scan, hit, ("organ",), clause_end, organ_gap=0)
        if named:
            mention = self._named(scan, hit, named, clause_end)
            if mention is not None or not allowed or hit.strength != "strong":
                return mention
        return self._complemented(scan, hit, allowed, clause_end)

    def _complemented(self, scan: Scan, hit: KindHit, allowed, clause_end: int,
                      organ_gap: int | None = None):
        """A kind word with its organ or subject: "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ
        XX", "Regulamin pracy Komitetu Wojewódzkiego Partii", "Uchwała w sprawie ..."."""
        grammar, text = self.grammar, scan.text
        stop = CLAUSE_STOP.search(text, hit.end, clause_end)
        if stop:
            clause_end = stop.start()
        words = list(re.finditer(r"\S+", text[hit.end:clause_end]))[:COMPLEMENT_WORDS]
        if not words:
            return None
        clause_end = hit.end + words[-1].end()
        subject_at = organ_at = organ_end = None
        if grammar.subject_re is not None and grammar.subject_re.match(text, hit.end, clause_end):
            subject_at = hit.end
        else:
            organ_at = self._organ(text, hit.end, clause_end, organ_gap)
        if organ_at is not None:
            organ_end = clause_end
            for word in re.finditer(r"\S+", text[organ_at:clause_end]):
                at = organ_at + word.start()
                if at == organ_at:
                    continue
                subject = grammar.subject_search_re
                if subject is not None and subject.match(text, at, clause_end):
                    subject_at = organ_end = at
                    break
                if grammar.stop_re is not None and grammar.stop_re.match(text, at, clause_end):
                    organ_end = at
                    break
                linker = grammar.linker_re
                if grammar.organ_in_capitals and text[at].islower() and not (
                        linker is not None and linker.fullmatch(word.group(0))):
                    # "Rezolucja Pierwszego Zjazdu Komitetu Partii | wyznacza ...": a Polish
                    # organ is written in capitals; a lower-case word ends it.
                    organ_end = at
                    break
            organ_end = len(text[:organ_end].rstrip())
        has_organ, has_subject = organ_at is not None, subject_at is not None
        if not (("organ" in allowed and has_organ) or ("subject" in allowed and has_subject)):
            return None
        # Key: the organ phrase when there is one ("Nghị quyết Trung ương 4 khóa XII" and
        # "... khóa XII về ..." are one document), else the subject.
        end = clause_end if has_subject else organ_end
        key_end = organ_end if has_organ else end
        # A quoted title right after the subject belongs to it: "Nghị quyết về „...”".
        quote = scan.quote_at_or_after(end)
        if has_subject and quote is not None and not text[end:quote[0]].strip():
            end = quote[1]
            if not has_organ:
                key_end = end
        key = collapse_spaces(fold_diacritics(text[hit.end:key_end]).lower()).strip(" ,.")
        if not key:
            return None
        return Mention(hit.start, end, hit.kind, False, None, hit.start, end, key=key)

    def _named(self, scan: Scan, hit: KindHit, mode: str, clause_end: int) -> Mention | None:
        """A document named by its own name: "Luật Đất đai", "Ustawy o turystyce",
        "Projektu „Sadzenie jednego miliarda drzew”"."""
        grammar, text = self.grammar, scan.text
        position = hit.end
        while position < clause_end and text[position] in " \u00a0":
            position += 1
        if position == hit.end or position >= clause_end:
            return None
        quote = scan.quote_at_or_after(position)
        if quote is not None and quote[0] == position:
            opener, closer = quote
            name = collapse_spaces(fold_diacritics(text[opener + 1:closer - 1]).lower())
            if not name:
                return None
            return Mention(hit.start, closer, hit.kind, False, None, hit.start, closer,
                           key=name)
        if mode == "quote":
            return None
        first = re.match(r"[^\W\d_]+", text[position:clause_end])
        if first is None:
            return None
        first_word = first.group(0)
        for refusing in (grammar.stop_re, grammar.marker_re):
            if refusing is not None and refusing.fullmatch(first_word):
                return None
        if mode == "capital" and not first_word[0].isupper():
            return None
        if mode == "any" and scan.sentence_initial(hit.start):
            return None  # a capital at the start of a sentence says nothing
        starter = grammar.name_starter_re
        if mode == "starter" and not (starter and starter.match(text, position, clause_end)):
            return None
        end = clause_end
        stop = CLAUSE_STOP.search(text, position, clause_end)
        if stop:
            end = stop.start()
        for count, word in enumerate(re.finditer(r"\S+", text[position:end])):
            at = position + word.start()
            if count and (
                count >= NAME_WORDS
                or (grammar.stop_re is not None and grammar.stop_re.match(text, at, end))
            ):
                end = at
                break
        end = len(text[:end].rstrip())
        name = collapse_spaces(fold_diacritics(text[position:end]).lower())
        if not name:
            return None
        return Mention(hit.start, end, hit.kind, False, None, hit.start, end, key=name)

    def _organ(self, text: str, position: int, limit: int,
               max_gap: int | None = None) -> int | None:
        """Start of the organ named after a kind word, within a few lower-case words (at most
        `max_gap`, the language's organ_gap_words by default)."""
        grammar = self.grammar
        max_gap = grammar.organ_gap if max_gap is None else max_gap
        if grammar.organ_re is None:
            return None
        gap = 0
        for word in re.finditer(r"\S+", text[position:limit]):
            at = position + word.start()
            token = word.group(0)
            if text[at].isupper():
                if grammar.organ_re.match(text, at, limit):
                    return at
                if roman_value(token) or (grammar.ordinal_re is not None
                                          and grammar.ordinal_re.fullmatch(token)):
                    continue  # "Uchwała XIII Zjazdu", "Rezolucja Pierwszego Zjazdu"
                return None
            if grammar.linker_re is not None and grammar.linker_re.fullmatch(token):
                continue
            gap += 1
            if gap > max_gap or not token.isalpha():
                return None
        return None

