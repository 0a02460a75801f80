"""References to numbered legal and Party documents (spaCy component "document_references").

Each reference becomes one `resolution` item of the record schema: kind, the symbol as written
and parsed (`symbols`), the issuer's readable name, date, term and quoted title, with every
mention of the same document in the article.

How a reference is read, in both languages:

1. Symbols (18-NQ/TW, 178/2024/ND-CP) are found anywhere; the kind word before them ("Nghị
   quyết số", "Uchwały nr", "Nghị quyết của Bộ Chính trị số") gives the kind, else the type code.
2. A bare number counts only right after a kind word ("Nghị quyết 57", "Uchwała nr 57",
   "rezolucji 57"), never before a word of quantity or time ("Nghị quyết 6 tháng đầu năm");
   after a kind word that is also a verb ("quyết định 200 hộ") it needs a citation word,
   punctuation or a capital after it, or the full symbol elsewhere in the article.
3. After the symbol, up to the next document or the end of the sentence, come the document's
   own date ("ngày 25/10/2017", "z dnia 25 października 2017 r."; not "từ ngày", "od"), term
   ("khóa XII", "XII kadencji") and quoted title.
4. A document without a number is recorded only for a capitalised singular kind word with a
   complement naming its organ or subject ("Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XX",
   "Uchwała w sprawie ..."), for the kinds listed in data/common/doc_kinds.toml, or for the
   words that name a document by its own name ("Luật Đất đai", "Ustawy o turystyce").
   Generic and plural mentions ("các nghị quyết", "uchwał partii") are not documents.
5. Mentions of one document (same symbol; a bare "Nghị quyết 18" beside "18-NQ/TW"; the same
   unnumbered kind and complement) make one item.

The words are data: pipeline/data/<lang>/doc_kinds.toml, doc_grammar.toml, doc_dates.toml.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right

from spacy.tokens import Doc

from pipeline.extractors import doc_text
from pipeline.extractors.documents.details import ReferenceDetails
from pipeline.extractors.documents.grammar import (
    KIND_REACH,
    KindHit,
    Scan,
    document_grammar,
    find_quotes,
)
from pipeline.extractors.documents.mentions import (
    Entry,
    Mention,
    group_mentions,
    nfc_with_offsets,
    original_span,
)
from pipeline.extractors.documents.symbols import (
    DocumentSymbol,
    SymbolCodes,
    find_vi_document_symbols,
    symbol_codes,
)
from pipeline.extractors.documents.unnumbered import UnnumberedReferences
from pipeline.textnorm import symbol_key


class DocumentReferenceExtractor(ReferenceDetails, UnnumberedReferences):
    """spaCy component: sets `doc._.resolutions` to the list of resolution items."""

    def __init__(self, lang: str, **_):
        self.lang = lang
        self.grammar = document_grammar(lang)
        self.codes: SymbolCodes = symbol_codes()

    def __call__(self, doc: Doc) -> Doc:
        doc._.resolutions = self.extract(doc_text(doc))
        return doc

    def extract(self, text: str) -> list[dict]:
        """The resolution items of `text`, ordered by first mention."""
        if not isinstance(text, str) or not text:
            return []
        if unicodedata.is_normalized("NFC", text):
            return self._extract(text, text, None)
        # Offsets must point into the text as given, whatever its normalization.
        normalized, starts, ends = nfc_with_offsets(text)
        return self._extract(normalized, text, (starts, ends))

    # -- one article -----------------------------------------------------------------------

    def _extract(self, text: str, original: str, offsets) -> list[dict]:
        grammar = self.grammar
        hits = grammar.kind_hits(text)
        scan = Scan(text, hits, list(find_vi_document_symbols(text, loose=True)),
                     grammar.sentence_ends(text), find_quotes(text))
        if any(not symbol.known for _, _, symbol in scan.symbols):
            # A symbol with codes we do not know counts only when a kind word and a number
            # marker vouch for it: "Quy chế phối hợp số 05/QCPH-MTTQ-UBND".
            vouched = [
                (start, end, symbol) for start, end, symbol in scan.symbols
                if symbol.known or self._kind_before(scan, start, marked=True) is not None
            ]
            scan = Scan(text, hits, vouched, scan.sentence_ends, scan.quotes)
        used: set[int] = set()  # kind words that introduce a numbered reference
        mentions = self._symbol_mentions(scan, used) + self._bare_mentions(scan, used)
        mentions.sort(key=lambda m: (m.start, m.sym_start))
        for mention in mentions:
            self._describe(scan, mention, mention.sym_end)
        self._share_list_details(scan, mentions)
        numbered_spans = sorted((m.start, m.sym_end) for m in mentions)
        for index, hit in enumerate(hits):
            if index not in used:
                mention = self._unnumbered(scan, hit, numbered_spans)
                if mention is not None:
                    self._describe(scan, mention, hit.end, title_at=mention.end)
                    mentions.append(mention)
        items = [self._item(entry, original, offsets) for entry in group_mentions(mentions)]
        items.sort(key=lambda item: (item["start"], item["end"]))
        return items

    # -- numbered references ---------------------------------------------------------------

    def _symbol_mentions(self, scan: Scan, used: set[int]) -> list[Mention]:
        mentions = []
        previous: Mention | None = None
        previous_hit: KindHit | None = None
        for sym_start, sym_end, symbol in scan.symbols:
            index = self._kind_before(scan, sym_start)
            hit = scan.hits[index] if index is not None else None
            if hit is not None:
                used.add(index)
            elif (
                previous is not None
                and previous_hit is not None
                and self.grammar.list_join_re.match(scan.text, previous.sym_end, sym_start)
            ):
                # "Nghị quyết số 18-NQ/TW và 19-NQ/TW": the list shares the kind word.
                hit = previous_hit
            mention = self._numbered(hit, symbol, sym_start, sym_end)
            if index is not None:
                mention.start = hit.start
            mentions.append(mention)
            previous, previous_hit = mention, hit
        return mentions

    def _kind_before(self, scan: Scan, sym_start: int, marked: bool = False) -> int | None:
        """Index of the kind word that introduces the symbol at `sym_start`, if any (with
        `marked`, only when a number marker stands between them: "Quy chế ... số")."""
        index = bisect_left(scan.hit_starts, sym_start) - 1
        if index < 0:
            return None
        hit = scan.hits[index]
        if hit.end > sym_start or sym_start - hit.end > KIND_REACH:
            return None
        # Another symbol between the kind word and this one: the word is not ours.
        between = bisect_right(scan.symbol_starts, hit.end)
        if between < len(scan.symbol_starts) and scan.symbol_starts[between] < sym_start:
            return None
        match = self.grammar.kind_gap_re.fullmatch(scan.text, hit.end, sym_start)
        if match is None:
            return None
        if marked and not (match.group("marker") or match.group("marker2")):
            return None
        return index

    def _numbered(self, hit: KindHit | None, symbol: DocumentSymbol, start: int,
                  end: int) -> Mention:
        code_kind = self.codes.kind_of(symbol) if symbol.style != "bare" else None
        if hit is None or (hit.strength == "weak" and code_kind):
            return Mention(start, end, code_kind, True, symbol, start, end)
        kind = self.grammar.by_code.get(hit.kind, {}).get(symbol.type_code or "", hit.kind)
        return Mention(start, end, kind, False, symbol, start, end)

    def _bare_mentions(self, scan: Scan, used: set[int]) -> list[Mention]:
        claims: dict[int, tuple[int, Mention]] = {}
        for index, hit in enumerate(scan.hits):
            if index in used:
                continue
            found = self._bare_after(scan, hit)
            if found is None:
                continue
            num_start, num_end, number, needs_support = found
            head, _, year = number.partition("/")
            symbol = DocumentSymbol(text=number, number=head, year=int(year) if year else None,
                                    style="bare")
            mention = self._numbered(hit, symbol, num_start, num_end)
            mention.start = hit.start
            mention.needs_support = needs_support
            # "Quyết định phê duyệt Kế hoạch số 5": the nearer kind word takes the number.
            if num_start in claims:
                used.discard(claims[num_start][0])
            claims[num_start] = (index, mention)
            used.add(index)
        return [mention for _, mention in claims.values()]

    def _bare_after(self, scan: Scan, hit: KindHit):
        """(start, end, number, needs_support) of a bare number right after a kind word."""
        grammar, text = self.grammar, scan.text
        match = grammar.bare_re.match(text, hit.end, min(len(text), hit.end + KIND_REACH))
        if not match:
            return None
        marker = match.group("marker")
        gap = (match.group("gap") or "").split()
        # Words between the kind word and "số"/"nr" must name the issuer ("Uchwały Biura
        # Politycznego nr 57", "Nghị quyết của Bộ Chính trị số 57"), not start a new phrase
        # ("Quyết định thành lập Trường Tiểu học số 2").
        if gap and not (gap[0][0].isupper() or (
            grammar.linker_re is not None and grammar.linker_re.fullmatch(gap[0])
        )):
            return None
        num_start, num_end = match.span("num")
        number = match.group("num")
        # Part of a full symbol, or of a longer number ("2.100", "1,5", "18/2024/...").
        position = bisect_right(scan.symbol_starts, num_start) - 1
        if position >= 0 and scan.symbols[position][1] > num_start:
            return None
        following = text[num_end:num_end + 2]
        if following[:1].isalnum() or following[:1] in "/_%":
            return None
        if following[:1] in ".,-‐‑‒–—−" and following[1:2].isdigit():
            return None
        needs_support = False
        if not marker:
            # "Nghị quyết 57", "Projektu 06"; never a vague or plural word without the marker.
            if hit.strength in ("weak", "plural") or hit.kind in grammar.bare_needs_marker:
                return None
            capitalised = text[hit.start].isupper()
            if hit.strength == "numbered_only" and not capitalised:
                return None
            if 1900 <= int(re.match(r"\d+", number).group(0)) <= 2100:
                return None  # a year: "Luật Đất đai 2024"
            if grammar.breaker_re is not None and grammar.breaker_re.match(text, num_end):
                return None  # a quantity or period: "thực hiện Nghị quyết 6 tháng đầu năm"
            # A kind word that is also a verb ("hướng dẫn 200 hộ") needs the number followed
            # by a word that continues a citation, or the article to cite the full symbol
            # elsewhere ("Quyết định 1719 ... Quyết định số 1719/QĐ-TTg"). Other kind words
            # take the number as written ("Nghị quyết 18 đạt kết quả", "rezolucji 57").
            if hit.form in grammar.bare_ambiguous_forms:
                needs_support = not self._document_follows(text, num_end,
                                                           strict=not capitalised)
        return num_start, num_end, number, needs_support

    def _document_follows(self, text: str, position: int, strict: bool) -> bool:
        """Whether what follows a bare number fits a document number, not a quantity."""
        stripped = text[position:position + 3].lstrip(" \u00a0")
        if not stripped or stripped[0] in ".,;:)]}”\"»…!?\n(":
            return not strict
        follower_re = self.grammar.follower_re
        if follower_re is not None and follower_re.match(text, position):
            return True
        index = position
        while index < len(text) and text[index] in " \u00a0":
            index += 1
        return index < len(text) and text[index].isupper()

    def _item(self, entry: Entry, original: str, offsets) -> dict:
        numbered = [m.symbol for m in entry.mentions if m.symbol is not None]
        full = [symbol for symbol in numbered if symbol.style != "bare"]
        representative = full[0] if full else (numbered[0] if numbered else None)
        kind = next((m.kind for m in entry.mentions if m.kind and not m.weak_kind), None)
        kind = kind or next((m.kind for m in entry.mentions if m.kind), self.grammar.fallback)
        number = representative.text if representative else None
        issuer = None
        named = next((m.issuer for m in entry.mentions if m.issuer), None)
        if named is not None:
            style, _, code = named.partition(".")
            found = self.codes.issuer(code, style)
            issuer = found.name(self.lang) if found else None
        if issuer is None and representative is not None and representative.style != "bare":
            issuer = self.codes.issuer_name(representative, self.lang)
        spans = []
        for mention in entry.mentions:
            start, end = original_span(mention.start, mention.sym_end, offsets)
            spans.append({"start": start, "end": end, "text": original[start:end]})
        return {
            "kind": kind,
            "number": number,
            "symbol_key": symbol_key(number) if number else None,
            "symbol": representative.to_json() if representative else None,
            "issuer": issuer,
            "date": next((m.date for m in entry.mentions if m.date), None),
            # A term stated in one mention ("XII kadencji") wins over one implied in another.
            "term": next((m.term for m in entry.mentions if m.term and m.term_stated),
                         next((m.term for m in entry.mentions if m.term), None)),
            "title": next((m.title for m in entry.mentions if m.title), None),
            "text": spans[0]["text"],
            "start": spans[0]["start"],
            "end": spans[0]["end"],
            "mentions": spans,
        }


