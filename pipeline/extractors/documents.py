"""References to numbered legal and Party documents (spaCy component "document_references").

Each reference becomes one `resolution` item of the record schema: kind, the symbol as written
and parsed (pipeline.extractors.symbols), the issuer's readable name, date, term and quoted
title, with every mention of the same document in the article.

How a reference is read, in both languages:

1. Symbols (18-NQ/TW, 178/2024/ND-CP) are found anywhere; the kind word before them ("Nghị
   quyết số", "Uchwały nr", "Nghị quyết của Bộ Chính trị số") gives the kind, else the type code.
2. A bare number counts only right after a kind word ("Nghị quyết 57", "Uchwała nr 57").
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
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from spacy.tokens import Doc

from pipeline.extractors import doc_text
from pipeline.extractors.datafiles import DATA_DIR, load_toml, string_list
from pipeline.extractors.docdates import DateGrammar, date_grammar, roman_value
from pipeline.extractors.symbols import (
    DocumentSymbol,
    SymbolCodes,
    find_vi_document_symbols,
    symbol_codes,
)
from pipeline.textnorm import collapse_spaces, fold_diacritics, symbol_key

# Farthest a kind word may stand before its symbol, a date after its symbol, etc. (characters).
_KIND_REACH = 90
_DATE_REACH = 100
_TITLE_REACH = 220
_TAIL_REACH = 260
_ISSUER_REACH = 120
_TITLE_MAX = 600
_COMPLEMENT_WORDS = 30
_NAME_WORDS = 12

_QUOTE_CLOSERS = {"„": "”“\"", "“": "”\"", "\"": "\"”", "«": "»", "‟": "”\""}
_QUOTE_RE = re.compile("[„“\"«‟]")
_QUOTE_CLOSE_RE = {
    opener: re.compile("[" + re.escape(closers) + "\n]")
    for opener, closers in _QUOTE_CLOSERS.items()
}
_CLAUSE_STOP = re.compile(r"[,;:()\[\]„“”\"«»\n]|\.(?=\s|$)")
_SENTENCE_RE = re.compile(r"[.!?…](?=\s)|[;\n]")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_NEXT_CHAR = re.compile(r"\S")
_BARE_NUMBER = r"\d{1,5}[a-z]?(?:/(?:19|20)\d\d)?"
_NAME_MODES = ("capital", "any", "starter", "quote")
_HYPHENS = str.maketrans({c: "-" for c in "‐‑‒–—−"} | {"Ð": "D", "ð": "d"})


class DocumentDataError(ValueError):
    """A document data file is malformed; the message names the file and the field."""


def _load(path: Path) -> dict:
    return load_toml(path, DocumentDataError, required=False)


def _strings(data: dict, key: str, where: str) -> list[str]:
    return string_list(data, key, where, DocumentDataError)


def _trie_pattern(words: list[str]) -> str:
    """One regex alternation for many words, factored by prefix so matching stays fast.

    Words are lower case; a space matches any run of whitespace.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = []
        for char in sorted(k for k in node if k):
            piece = r"\s+" if char == " " else re.escape(char)
            branches.append(piece + build(node[char]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return build(trie)


def _alternation(words: list[str]) -> str:
    return _trie_pattern(sorted({w.lower().strip() for w in words if w.strip()}))


@dataclass(frozen=True)
class KindHit:
    start: int
    end: int
    kind: str
    strength: str  # strong | plural | numbered_only | weak
    form: str


@dataclass
class Mention:
    start: int
    end: int
    kind: str | None
    weak_kind: bool
    symbol: DocumentSymbol | None
    sym_start: int
    sym_end: int
    date: str | None = None
    term: str | None = None
    title: str | None = None
    issuer: str | None = None  # "party.BCT": the issuer the text names with the reference
    key: str | None = None  # grouping key of unnumbered mentions
    # A bare number kept only if the article also cites the full symbol with that number.
    needs_support: bool = False


@dataclass
class Entry:
    mentions: list[Mention] = field(default_factory=list)


class DocumentGrammar:
    """Kind words and citation grammar of one language, compiled once per process."""

    def __init__(self, lang: str):
        self.lang = lang
        common = _load(DATA_DIR / "common" / "doc_kinds.toml")
        where = "common/doc_kinds.toml"
        self.kinds = tuple(_strings(common, "kinds", where))
        self.fallback = common.get("fallback", "document")
        self.unnumbered: dict[str, tuple[str, ...]] = {
            kind: tuple(v) for kind, v in (common.get("unnumbered") or {}).items()
        }
        self.bare_needs_marker = frozenset(_strings(common, "bare_needs_marker", where))
        self._load_kinds(DATA_DIR / lang / "doc_kinds.toml")

        where = f"{lang}/doc_grammar.toml"
        grammar = _load(DATA_DIR / lang / "doc_grammar.toml")

        def words(key: str) -> str | None:
            values = _strings(grammar, key, where)
            return _alternation(values) if values else None

        def compiled(key: str, template: str, flags=re.IGNORECASE) -> re.Pattern | None:
            alternation = words(key)
            return re.compile(template.format(alternation), flags) if alternation else None

        self.kind_re = self._words_re(list(self.forms))
        self.blocked_re = compiled("blocked_phrases", r"(?<!\w)(?:{})(?!\w)")
        marker = words("number_markers")
        self.marker_re = re.compile(marker, re.IGNORECASE) if marker else None
        marker_part = rf"(?:{marker})\s*:?" if marker else r"(?!)"
        word = r"[^\W\d_]+"
        # kind word [up to 6 words + marker | marker] symbol: "Nghị quyết của Bộ Chính trị số"
        self.kind_gap_re = re.compile(
            rf"\s*(?:(?P<marker>{marker_part})\s*)?$|(?:\s+{word}){{1,6}}?\s+"
            rf"(?P<marker2>{marker_part})\s*$",
            re.IGNORECASE,
        )
        self.bare_re = re.compile(
            rf"(?:(?P<gap>(?:\s+{word}){{0,4}}?)\s+(?P<marker>{marker_part})|\s)\s*"
            rf"(?P<num>{_BARE_NUMBER})",
            re.IGNORECASE,
        )
        joiners = words("list_joiners")
        joiner = rf"[,;&]|(?<!\w)(?:{joiners})(?!\w)" if joiners else "[,;&]"
        self.list_join_re = re.compile(
            rf"\s*(?:{joiner})\s*(?:{marker_part}\s*)?$", re.IGNORECASE
        )
        # Case-sensitive: the conjunction "i" stops, the numeral "I" does not.
        self.stop_re = compiled("complement_stops", r"(?:{})(?!\w)", 0)
        self.plural_re = compiled("plural_markers", r"(?<!\w)(?:{})\s+$")
        self.follower_re = compiled("bare_number_followers", r"\s+(?:{})(?!\w)")
        self.intro_re = compiled("date_intros", r"(?<!\w)(?:{})\s*$")
        self.gap_breaker_re = compiled("date_gap_breakers", r"(?<!\w)(?:{})(?!\w)")
        self.issue_verb_re = compiled("issue_verbs", r"(?<!\w)(?:{})(?!\w)")
        self.title_blocker_re = compiled("title_blockers", r"(?<!\w)(?:{})\s*$")
        self.name_starter_re = compiled("name_starters", r"(?:{})(?!\w)")
        self.subject_re = compiled("subject_starters", r"\s+(?:{})(?!\w)")
        self.subject_before_re = compiled("subject_starters", r"(?<!\w)(?:{})\s+$")
        self.subject_search_re = compiled("subject_starters", r"(?<!\w)(?:{})(?!\w)")
        self.linker_re = compiled("organ_linkers", r"(?:{})(?!\w)")
        stems = bool(grammar.get("organs_are_stems", False))
        self.organ_re = compiled("organs", "(?:{})" + ("" if stems else r"(?!\w)"))
        self.organ_gap = int(grammar.get("organ_gap_words", 2))
        self.abbreviations = frozenset(_strings(grammar, "abbreviations", where))
        self.dates: DateGrammar = date_grammar(lang)
        self._load_issuer_names(DATA_DIR / lang / "doc_issuer_names.toml", words("issue_verbs"))

    def _load_issuer_names(self, path: Path, verbs: str | None) -> None:
        """Issuers named with a reference: one pattern for all phrases after it, one for the
        subject of a verb of issuing before it, and each phrase's own pattern to tell which one
        matched."""
        data = _load(path)
        where = f"{self.lang}/{path.name}"
        phrases = data.get("phrases") or {}
        if not isinstance(phrases, dict) or not all(
            isinstance(v, str) and v.partition(".")[0] in ("party", "state")
            for v in phrases.values()
        ):
            raise DocumentDataError(f"{where}: phrases must map text to 'party.CODE'/'state.CODE'")
        stems = bool(data.get("phrases_are_stems", False))

        def pattern(phrase: str) -> str:
            tail = r"\w*" if stems else ""
            return r"\s+".join(re.escape(word) + tail for word in phrase.split())

        ordered = sorted(phrases, key=len, reverse=True)
        names = "|".join(pattern(p) for p in ordered)
        self.issuer_phrases = [
            (re.compile(pattern(phrase) + r"(?!\w)", re.IGNORECASE), phrases[phrase])
            for phrase in ordered
        ]
        self.issuer_gap_words = frozenset(w.lower() for w in _strings(data, "gap_words", where))
        linkers = _strings(data, "linkers", where)
        linker = rf"(?:{_alternation(linkers)})\s+" if linkers else ""
        if linker and not data.get("linker_required", False):
            linker = f"(?:{linker})?"
        self.issuer_name_re = (
            re.compile(
                rf"(?<!\w){linker}(?P<name>{names})(?!\w)",
                re.IGNORECASE,
            )
            if phrases else None
        )
        # The issuer as the subject of a verb of issuing right before the reference: "Bộ Chính
        # trị đã ban hành Nghị quyết số ...", "Biuro Polityczne wydało uchwałę nr ...". Up to
        # three capitalised words (a place, "KC KPW") may follow the issuer's name.
        adverbs = _strings(data, "adverbs_before_verb", where)
        adverb = rf"(?:(?:{_alternation(adverbs)})\s+)*" if adverbs else ""
        self.issuer_before_re = (
            re.compile(
                rf"(?<!\w)(?P<name>{names})"
                rf"(?P<between>(?:\s+[^\W\d_][\w-]*){{0,3}}?)\s+{adverb}"
                rf"(?:{verbs})\s+\Z",
                re.IGNORECASE,
            )
            if phrases and verbs else None
        )

    def named_issuer(self, name: str) -> str | None:
        """The 'party.CODE' / 'state.CODE' of an issuer phrase found by issuer_name_re."""
        return next((code for rx, code in self.issuer_phrases if rx.fullmatch(name)), None)

    def _load_kinds(self, path: Path) -> None:
        """Kind words: form -> (kind, strength), and the forms that name a document."""
        self.forms: dict[str, tuple[str, str]] = {}
        self.named: dict[str, str] = {}
        self.by_code: dict[str, dict[str, str]] = {}
        for kind, table in _load(path).items():
            if kind not in self.kinds:
                raise DocumentDataError(f"{path}: unknown kind [{kind}]")
            by_code = table.get("by_code") or {}
            if any(value not in self.kinds for value in by_code.values()):
                raise DocumentDataError(f"{path} [{kind}.by_code]: unknown kind")
            self.by_code[kind] = dict(by_code)
            for strength, key in (("weak", "weak"), ("numbered_only", "numbered_only"),
                                  ("plural", "plural"), ("strong", "forms")):
                for form in _strings(table, key, f"{path} [{kind}]"):
                    self.forms[collapse_spaces(form.lower())] = (kind, strength)
            for form, mode in (table.get("named") or {}).items():
                if mode not in _NAME_MODES:
                    raise DocumentDataError(
                        f"{path} [{kind}.named]: {form!r} must be one of {_NAME_MODES}"
                    )
                form = collapse_spaces(form.lower())
                self.forms.setdefault(form, (kind, "strong"))
                self.named[form] = mode

    @staticmethod
    def _words_re(words: list[str]) -> re.Pattern | None:
        if not words:
            return None
        return re.compile(rf"(?<!\w)(?:{_alternation(words)})(?!\w)", re.IGNORECASE)

    def kind_hits(self, text: str) -> list[KindHit]:
        if self.kind_re is None:
            return []
        blocked = []
        if self.blocked_re is not None:
            blocked = [(m.start(), m.end()) for m in self.blocked_re.finditer(text)]
        hits = []
        index = 0
        for match in self.kind_re.finditer(text):
            start, end = match.span()
            while index < len(blocked) and blocked[index][1] <= start:
                index += 1
            if index < len(blocked) and blocked[index][0] < end:
                continue
            form = collapse_spaces(match.group(0).lower())
            kind, strength = self.forms[form]
            hits.append(KindHit(start, end, kind, strength, form))
        return hits

    def sentence_ends(self, text: str) -> list[int]:
        ends = []
        for match in _SENTENCE_RE.finditer(text):
            position = match.start()
            if text[position] == ".":
                before = _WORD_BEFORE.search(text, max(0, position - 12), position)
                if before and before.group(1).rstrip(".") in self.abbreviations:
                    continue
                # "na 30. sesji": an ordinal or abbreviation, the sentence goes on.
                after = _NEXT_CHAR.search(text, position + 1, position + 6)
                if after and after.group(0).islower():
                    continue
            ends.append(position)
        return ends


@cache
def document_grammar(lang: str) -> DocumentGrammar:
    return DocumentGrammar(lang)


def _quotes(text: str) -> list[tuple[int, int]]:
    """Spans of quoted passages (opening quote .. closing quote inclusive) within a line."""
    spans = []
    position = 0
    while True:
        match = _QUOTE_RE.search(text, position)
        if not match:
            return spans
        opener = match.start()
        close = _QUOTE_CLOSE_RE[text[opener]].search(
            text, opener + 1, min(len(text), opener + _TITLE_MAX)
        )
        if close is None or text[close.start()] == "\n":
            position = opener + 1
            continue
        spans.append((opener, close.end()))
        position = close.end()


def _group_key(symbol_text: str) -> str:
    return symbol_key(symbol_text.translate(_HYPHENS))


def _number_key(number: str) -> str:
    return number.lstrip("0") or "0"


@dataclass
class _Scan:
    """What one pass over an article finds before references are read: kind words, symbols,
    sentence ends and quotations, each with sorted start offsets for bisection."""

    text: str
    hits: list[KindHit]
    symbols: list[tuple[int, int, DocumentSymbol]]
    sentence_ends: list[int]
    quotes: list[tuple[int, int]]

    def __post_init__(self) -> None:
        self.hit_starts = [hit.start for hit in self.hits]
        self.symbol_starts = [start for start, _, _ in self.symbols]
        self.quote_starts = [start for start, _ in self.quotes]

    def tail_end(self, start: int) -> int:
        """Where the text that may describe a reference ending at `start` stops: the next
        kind word, symbol or sentence end, or a fixed reach."""
        limit = min(len(self.text), start + _TAIL_REACH)
        for positions in (self.hit_starts, self.symbol_starts, self.sentence_ends):
            index = bisect_left(positions, start)
            if index < len(positions) and positions[index] < limit:
                limit = positions[index]
        return limit

    def sentence_initial(self, position: int) -> bool:
        index = bisect_left(self.sentence_ends, position) - 1
        start = self.sentence_ends[index] + 1 if index >= 0 else 0
        return not self.text[start:position].strip(" \t\u00a0\n\"“„«(-–—•*")

    def quote_at_or_after(self, position: int) -> tuple[int, int] | None:
        index = bisect_left(self.quote_starts, position)
        return self.quotes[index] if index < len(self.quotes) else None


class DocumentReferenceExtractor:
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
        normalized, starts, ends = _nfc_with_offsets(text)
        return self._extract(normalized, text, (starts, ends))

    # -- one article -----------------------------------------------------------------------

    def _extract(self, text: str, original: str, offsets) -> list[dict]:
        grammar = self.grammar
        hits = grammar.kind_hits(text)
        scan = _Scan(text, hits, list(find_vi_document_symbols(text, loose=True)),
                     grammar.sentence_ends(text), _quotes(text))
        if any(not symbol.known for _, _, symbol in scan.symbols):
            # A symbol with codes we do not know counts only when a kind word and a number
            # marker vouch for it: "Quy chế phối hợp số 05/QCPH-MTTQ-UBND".
            vouched = [
                (start, end, symbol) for start, end, symbol in scan.symbols
                if symbol.known or self._kind_before(scan, start, marked=True) is not None
            ]
            scan = _Scan(text, hits, vouched, scan.sentence_ends, scan.quotes)
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
        items = [self._item(entry, original, offsets) for entry in self._group(mentions)]
        items.sort(key=lambda item: (item["start"], item["end"]))
        return items

    # -- numbered references ---------------------------------------------------------------

    def _symbol_mentions(self, scan: _Scan, used: set[int]) -> list[Mention]:
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

    def _kind_before(self, scan: _Scan, sym_start: int, marked: bool = False) -> int | None:
        """Index of the kind word that introduces the symbol at `sym_start`, if any (with
        `marked`, only when a number marker stands between them: "Quy chế ... số")."""
        index = bisect_left(scan.hit_starts, sym_start) - 1
        if index < 0:
            return None
        hit = scan.hits[index]
        if hit.end > sym_start or sym_start - hit.end > _KIND_REACH:
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

    def _bare_mentions(self, scan: _Scan, used: set[int]) -> list[Mention]:
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

    def _bare_after(self, scan: _Scan, hit: KindHit):
        """(start, end, number, needs_support) of a bare number right after a kind word."""
        grammar, text = self.grammar, scan.text
        match = grammar.bare_re.match(text, hit.end, min(len(text), hit.end + _KIND_REACH))
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
            # A lower-case kind word is often a verb ("hướng dẫn 200 hộ"): the number must be
            # followed by a word that continues a citation, or the article must cite the full
            # symbol elsewhere ("Quyết định 1719 ... Quyết định số 1719/QĐ-TTg").
            needs_support = not self._document_follows(text, num_end, strict=not capitalised)
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

    # -- date, term, title -----------------------------------------------------------------

    def _describe(self, scan: _Scan, mention: Mention, start: int,
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
            if found.start - start > _DATE_REACH:
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
            reach = title_at + 2 if title_at is not None else start + _TITLE_REACH
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
            mention.term = found.term
            break
        if mention.term is None and mention.symbol is not None:
            mention.term = mention.symbol.term

    def _issuer_named(self, scan: _Scan, start: int, end: int,
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
        found = grammar.issuer_name_re.search(text, start, min(end, start + _ISSUER_REACH))
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

    def _issuer_before(self, scan: _Scan, mention: Mention) -> str | None:
        """The issuer as the subject of a verb of issuing right before the reference: "Bộ Chính
        trị đã ban hành Nghị quyết số 57-NQ/TW", "Biuro Polityczne wydało uchwałę nr 57-NQ/TW".
        Only when it agrees with the symbol's style: a state body does not issue a Party
        document (the subject may be a signer's office, or the sentence may be misread)."""
        grammar = self.grammar
        if grammar.issuer_before_re is None:
            return None
        found = grammar.issuer_before_re.search(
            scan.text, max(0, mention.start - _ISSUER_REACH), mention.start
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

    def _date_before(self, scan: _Scan, mention: Mention) -> str | None:
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

    def _share_list_details(self, scan: _Scan, mentions: list[Mention]) -> None:
        """"Nghị quyết số 18-NQ/TW, 19-NQ/TW ngày 25/10/2017": the date after a list of
        symbols is each member's."""
        by_position = sorted(mentions, key=lambda m: m.sym_start)
        for before, after in zip(reversed(by_position[:-1]), reversed(by_position[1:]),
                                 strict=True):
            if self.grammar.list_join_re.match(scan.text, before.sym_end, after.sym_start):
                before.date = before.date or after.date
                before.term = before.term or after.term

    # -- documents without a number --------------------------------------------------------

    def _unnumbered(self, scan: _Scan, hit: KindHit, numbered_spans) -> Mention | None:
        grammar, text = self.grammar, scan.text
        allowed = grammar.unnumbered.get(hit.kind, ())
        named = grammar.named.get(hit.form)
        if not (allowed or named) or not text[hit.start].isupper():
            return None
        if hit.strength != "strong" and not (named and hit.strength == "numbered_only"):
            return None
        window = max(0, hit.start - 20)
        if grammar.plural_re is not None and grammar.plural_re.search(text, window, hit.start):
            return None
        if _inside(scan.quotes, hit.start) or _inside(numbered_spans, hit.start):
            return None
        # "Nghị định số 34/2014/NĐ-CP về Quy chế khu vực biên giới": the subject of another
        # document, not a document of its own.
        subject_before = grammar.subject_before_re
        if subject_before is not None and subject_before.search(text, window, hit.start):
            return None
        clause_end = scan.tail_end(hit.end)
        if named:
            mention = self._named(scan, hit, named, clause_end)
            if mention is not None or not allowed or hit.strength != "strong":
                return mention
        return self._complemented(scan, hit, allowed, clause_end)

    def _complemented(self, scan: _Scan, hit: KindHit, allowed, clause_end: int):
        """A kind word with its organ or subject: "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ
        XX", "Regulamin pracy Komitetu Wojewódzkiego Partii", "Uchwała w sprawie ..."."""
        grammar, text = self.grammar, scan.text
        stop = _CLAUSE_STOP.search(text, hit.end, clause_end)
        if stop:
            clause_end = stop.start()
        words = list(re.finditer(r"\S+", text[hit.end:clause_end]))[:_COMPLEMENT_WORDS]
        if not words:
            return None
        clause_end = hit.end + words[-1].end()
        subject_at = organ_at = organ_end = None
        if grammar.subject_re is not None and grammar.subject_re.match(text, hit.end, clause_end):
            subject_at = hit.end
        else:
            organ_at = self._organ(text, hit.end, clause_end)
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

    def _named(self, scan: _Scan, hit: KindHit, mode: str, clause_end: int) -> Mention | None:
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
        stop = _CLAUSE_STOP.search(text, position, clause_end)
        if stop:
            end = stop.start()
        for count, word in enumerate(re.finditer(r"\S+", text[position:end])):
            at = position + word.start()
            if count and (
                count >= _NAME_WORDS
                or (grammar.stop_re is not None and grammar.stop_re.match(text, at, end))
            ):
                end = at
                break
        end = len(text[:end].rstrip())
        name = collapse_spaces(fold_diacritics(text[position:end]).lower())
        if not name:
            return None
        return Mention(hit.start, end, hit.kind, False, None, hit.start, end, key=name)

    def _organ(self, text: str, position: int, limit: int) -> int | None:
        """Start of the organ named after a kind word, within a few lower-case words."""
        grammar = self.grammar
        if grammar.organ_re is None:
            return None
        gap = 0
        for word in re.finditer(r"\S+", text[position:limit]):
            at = position + word.start()
            token = word.group(0)
            if text[at].isupper():
                if grammar.organ_re.match(text, at, limit):
                    return at
                if roman_value(token):
                    continue  # "Uchwała XIII Zjazdu"
                return None
            if grammar.linker_re is not None and grammar.linker_re.fullmatch(token):
                continue
            gap += 1
            if gap > grammar.organ_gap or not token.isalpha():
                return None
        return None

    # -- one entry per document ------------------------------------------------------------

    def _group(self, mentions: list[Mention]) -> list[Entry]:
        """Mentions of one document together: the same symbol (however spaced or dashed); a
        bare number beside the full symbol; the same unnumbered kind and complement."""
        ordered = sorted(mentions, key=lambda m: (m.start, m.sym_start))
        entries: list[Entry] = []
        by_key: dict[str, Entry] = {}
        full: list[tuple[Mention, Entry]] = []
        unnumbered: list[tuple[Mention, Entry]] = []
        for mention in ordered:
            symbol = mention.symbol
            if symbol is None or symbol.style == "bare":
                continue
            key = _group_key(symbol.text)
            if key not in by_key:
                by_key[key] = Entry()
                entries.append(by_key[key])
                full.append((mention, by_key[key]))
            by_key[key].mentions.append(mention)
        for mention in ordered:
            symbol = mention.symbol
            if symbol is None:
                target = _unnumbered_entry_for(mention, unnumbered)
                if target is None:
                    target = Entry()
                    entries.append(target)
                    unnumbered.append((mention, target))
            elif symbol.style == "bare":
                target = _full_entry_for(mention, full)
                if target is None:
                    if mention.needs_support:
                        continue
                    key = f"bare|{mention.kind}|{_group_key(symbol.text)}"
                    if key not in by_key:
                        by_key[key] = Entry()
                        entries.append(by_key[key])
                    target = by_key[key]
            else:
                continue
            target.mentions.append(mention)
        for entry in entries:
            entry.mentions.sort(key=lambda m: (m.start, m.sym_start))
        return entries

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
            start, end = _original_span(mention.start, mention.sym_end, offsets)
            spans.append({"start": start, "end": end, "text": original[start:end]})
        return {
            "kind": kind,
            "number": number,
            "symbol_key": symbol_key(number) if number else None,
            "symbol": representative.to_json() if representative else None,
            "issuer": issuer,
            "date": next((m.date for m in entry.mentions if m.date), None),
            "term": next((m.term for m in entry.mentions if m.term), None),
            "title": next((m.title for m in entry.mentions if m.title), None),
            "text": spans[0]["text"],
            "start": spans[0]["start"],
            "end": spans[0]["end"],
            "mentions": spans,
        }


def _unnumbered_entry_for(mention: Mention, unnumbered) -> Entry | None:
    """One document named twice: the same kind and complement, or one complement word for
    word the start of the other ("Nghị quyết Đại hội XIII" / "Nghị quyết Đại hội XIII của
    Đảng")."""
    words = mention.key.split()
    for candidate, entry in unnumbered:
        other = candidate.key.split()
        shorter = min(len(words), len(other))
        if candidate.kind == mention.kind and shorter and words[:shorter] == other[:shorter]:
            return entry
    return None


def _full_entry_for(mention: Mention, full) -> Entry | None:
    """The numbered document a bare "Nghị quyết 18" refers to, when the article cites it."""
    symbol = mention.symbol
    for candidate, entry in full:
        other = candidate.symbol
        if _number_key(other.number) != _number_key(symbol.number):
            continue
        if symbol.year is not None and other.year != symbol.year:
            continue
        if any(m.kind == mention.kind for m in entry.mentions):
            return entry
    return None


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    index = bisect_right(spans, (position, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]


def _original_span(start: int, end: int, offsets) -> tuple[int, int]:
    if offsets is None:
        return start, end
    starts, ends = offsets
    if end <= start:
        return starts[start], starts[start]
    return starts[start], ends[end - 1]


def _nfc_with_offsets(text: str) -> tuple[str, list[int], list[int]]:
    """NFC `text`, with each normalized character's start and end in the original."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    index = 0
    length = len(text)
    while index < length:
        end = index + 1
        while end < length and unicodedata.combining(text[end]):
            end += 1
        cluster = unicodedata.normalize("NFC", text[index:end])
        for char in cluster:
            pieces.append(char)
            starts.append(index)
            ends.append(end)
        index = end
    return "".join(pieces), starts, ends
