"""Each language's kind words and citation grammar, compiled once per process, and the scan of
one article that the extractor reads references from (kind words, symbols, sentence ends,
quotations).

The words are data: pipeline/data/<lang>/doc_kinds.toml, doc_grammar.toml, doc_dates.toml.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.extractors.datafiles import DATA_DIR, load_toml, string_list
from pipeline.extractors.documents.dates import DateGrammar, date_grammar
from pipeline.extractors.documents.symbols import (
    DocumentSymbol,
)
from pipeline.textnorm import collapse_spaces, symbol_key

# Farthest a kind word may stand before its symbol, a date after its symbol, etc. (characters).
KIND_REACH = 90
DATE_REACH = 100
TITLE_REACH = 220
TAIL_REACH = 260
ISSUER_REACH = 120
TITLE_MAX = 600
COMPLEMENT_WORDS = 30
NAME_WORDS = 12

QUOTE_CLOSERS = {"„": "”“\"", "“": "”\"", "\"": "\"”", "«": "»", "‟": "”\""}
QUOTE_RE = re.compile("[„“\"«‟]")
QUOTE_CLOSE_RE = {
    opener: re.compile("[" + re.escape(closers) + "\n]")
    for opener, closers in QUOTE_CLOSERS.items()
}
CLAUSE_STOP = re.compile(r"[,;:()\[\]„“”\"«»\n]|\.(?=\s|$)")
SENTENCE_RE = re.compile(r"[.!?…](?=\s)|[;\n]")
WORD_BEFORE = re.compile(r"([\w.]+)$")
NEXT_CHAR = re.compile(r"\S")
BARE_NUMBER = r"\d{1,5}[a-z]?(?:/(?:19|20)\d\d)?"
NAME_MODES = ("capital", "any", "starter", "quote")
HYPHENS = str.maketrans({c: "-" for c in "‐‑‒–—−"} | {"Ð": "D", "ð": "d"})


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
            rf"(?P<num>{BARE_NUMBER})",
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
        self.breaker_re = compiled("bare_number_breakers", r"\s*(?:{})(?!\w)(?!\s+\d{{4}})")
        self.bare_ambiguous_forms = frozenset(
            collapse_spaces(w.lower()) for w in _strings(grammar, "bare_ambiguous_forms", where)
        )
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
        self.ordinal_re = compiled("organ_ordinals", r"(?:{})\w*(?!\w)")
        self.lowercase_with_organ = bool(grammar.get("lowercase_kind_with_organ", False))
        self.organ_in_capitals = bool(grammar.get("organ_in_capitals", False))
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
                if mode not in NAME_MODES:
                    raise DocumentDataError(
                        f"{path} [{kind}.named]: {form!r} must be one of {NAME_MODES}"
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
        for match in SENTENCE_RE.finditer(text):
            position = match.start()
            if text[position] == ".":
                before = WORD_BEFORE.search(text, max(0, position - 12), position)
                if before and before.group(1).rstrip(".") in self.abbreviations:
                    continue
                # "na 30. sesji": an ordinal or abbreviation, the sentence goes on.
                after = NEXT_CHAR.search(text, position + 1, position + 6)
                if after and after.group(0).islower():
                    continue
            ends.append(position)
        return ends


@cache
def document_grammar(lang: str) -> DocumentGrammar:
    return DocumentGrammar(lang)


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Spans of quoted passages (opening quote .. closing quote inclusive) within a line."""
    spans = []
    position = 0
    while True:
        match = QUOTE_RE.search(text, position)
        if not match:
            return spans
        opener = match.start()
        close = QUOTE_CLOSE_RE[text[opener]].search(
            text, opener + 1, min(len(text), opener + TITLE_MAX)
        )
        if close is None or text[close.start()] == "\n":
            position = opener + 1
            continue
        spans.append((opener, close.end()))
        position = close.end()


def group_key(symbol_text: str) -> str:
    return symbol_key(symbol_text.translate(HYPHENS))


def number_key(number: str) -> str:
    return number.lstrip("0") or "0"


@dataclass
class Scan:
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
        limit = min(len(self.text), start + TAIL_REACH)
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


