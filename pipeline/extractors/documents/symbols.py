"""Symbols of Vietnamese legal and Party documents ("số ký hiệu"), parsed into their parts.

Two styles are in use:

    state   178/2024/NĐ-CP   number / year / type code - issuer code
            1719/QĐ-TTg      number / type code - issuer code (no year)
            72/2025/QH15     number / year / issuer code with the assembly's term (laws)
            1234/UBND-KT     number / issuer code - department (official letters)
    party   18-NQ/TW         number - type code / issuer code
            2145-QĐ/TU

Machine translations strip the diacritics (178/2024/ND-CP, 2145-QD/TU) and sometimes put
spaces or dashes around the separators (18 - NQ/TW, 18–NQ/TW); both parse to the same parts.
The type codes and issuer codes, with the kind each type code implies and readable issuer
names, are data: pipeline/data/common/doc_type_codes.toml and doc_issuers.toml. A symbol is
accepted only when its type code or its issuer code is known, so "12/A" or a date is not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from pipeline.extractors.datafiles import DATA_DIR, load_toml
from pipeline.extractors.documents.dates import roman
from pipeline.textnorm import fold_diacritics

STYLES = ("party", "state", "bare")


class SymbolDataError(ValueError):
    """A symbol data file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class DocumentSymbol:
    """A parsed document symbol. Codes are in their canonical Vietnamese spelling when known
    (the Polish "QD" becomes "QĐ"), else as written."""

    text: str
    number: str
    year: int | None = None
    type_code: str | None = None
    issuer_code: str | None = None
    style: str = "bare"
    # Term of the issuing assembly written into the symbol: QH15 -> "XV".
    term: str | None = None
    departments: tuple[str, ...] = ()
    # Whether the type and issuer codes are in the data (always True unless parsed loosely).
    known: bool = True

    def to_json(self) -> dict:
        """The `symbol` object of a resolution item in the record schema."""
        return {
            "number": self.number,
            "year": self.year,
            "type_code": self.type_code,
            "issuer_code": self.issuer_code,
            "style": self.style,
        }


# The Icelandic eth often stands in for Đ in Vietnamese text ("NÐ-CP").
_ETH = str.maketrans({"Ð": "D", "ð": "d"})


def _fold(code: str) -> str:
    return fold_diacritics(code.translate(_ETH)).upper().replace(".", "")


def _load_toml(name: str) -> dict:
    return load_toml(DATA_DIR / "common" / name, SymbolDataError)


@dataclass(frozen=True)
class Issuer:
    code: str
    names: dict[str, str]
    kind: str | None = None

    def name(self, lang: str) -> str | None:
        return self.names.get(lang) or self.names.get("en")


class SymbolCodes:
    """Type codes and issuer codes, indexed by exact and by folded spelling."""

    def __init__(self) -> None:
        codes = _load_toml("doc_type_codes.toml").get("codes") or {}
        self.type_kinds: dict[str, str] = {}
        self._types_exact: dict[str, str] = {}
        self._types_folded: dict[str, str] = {}
        for code, kind in codes.items():
            if not isinstance(kind, str):
                raise SymbolDataError(f"doc_type_codes.toml: kind of {code!r} must be a string")
            self.type_kinds[code] = kind
            self._types_exact[code] = code
            self._types_folded.setdefault(_fold(code), code)
        issuers = _load_toml("doc_issuers.toml")
        self._issuers: dict[str, dict[str, Issuer]] = {}
        self._issuers_exact: dict[str, dict[str, str]] = {}
        self._issuers_folded: dict[str, dict[str, str]] = {}
        for style in ("party", "state"):
            table = issuers.get(style) or {}
            self._issuers[style] = {}
            self._issuers_exact[style] = {}
            self._issuers_folded[style] = {}
            for code, entry in table.items():
                if not isinstance(entry, dict):
                    raise SymbolDataError(f"doc_issuers.toml: [{style}.{code}] must be a table")
                names = {k: v for k, v in entry.items() if k not in ("aliases", "kind")}
                self._issuers[style][code] = Issuer(code, names, entry.get("kind"))
                for spelling in (code, *entry.get("aliases", ())):
                    self._issuers_exact[style][spelling] = code
                    self._issuers_folded[style].setdefault(_fold(spelling), code)

    def type_code(self, written: str) -> str | None:
        """The canonical type code for a code as written ("QD" -> "QĐ"), or None."""
        return self._types_exact.get(written) or self._types_folded.get(_fold(written))

    def issuer(self, written: str, style: str) -> Issuer | None:
        order = ("party", "state") if style == "party" else ("state", "party")
        # Exact spellings first: "TƯ" is the Central Committee, though it folds to "TU".
        for table in order:
            code = self._issuers_exact[table].get(written)
            if code:
                return self._issuers[table][code]
        folded = _fold(written)
        for table in order:
            code = self._issuers_folded[table].get(folded)
            if code:
                return self._issuers[table][code]
        return None

    def kind_of(self, symbol: DocumentSymbol) -> str | None:
        """The kind a symbol implies by itself: its type code, else its issuer (QH: law)."""
        if symbol.type_code and symbol.type_code in self.type_kinds:
            return self.type_kinds[symbol.type_code]
        if symbol.issuer_code and symbol.style != "bare":
            issuer = self.issuer(symbol.issuer_code, symbol.style)
            if issuer and issuer.kind:
                return issuer.kind
        return None

    def issuer_name(self, symbol: DocumentSymbol, lang: str) -> str | None:
        """The readable name of the symbol's issuer in `lang` (English when missing)."""
        if not symbol.issuer_code:
            return None
        issuer = self.issuer(symbol.issuer_code, symbol.style)
        return issuer.name(lang) if issuer else None


@lru_cache(maxsize=1)
def symbol_codes() -> SymbolCodes:
    """The code tables, loaded once per process."""
    return SymbolCodes()


_UP = "A-ZĐÐƯ"
_LOW = "a-zđư"
_HY = "-‐‑‒–—−"
_SP = r"[ \u00a0]?"
# A code: capitals and digits, with at most one lower-case letter inside (TTg, QĐi, CTr, ThU).
_CODE = rf"[{_UP}][{_UP}0-9&]{{0,10}}(?:[{_LOW}][{_UP}0-9]{{0,8}})?(?![\w])"
_NUM = r"\d{1,5}[a-z]?"
_YEAR = r"(?:19|20)\d\d"
_PARTY = (
    rf"(?P<p_num>{_NUM}){_SP}[{_HY}]{_SP}(?P<p_type>{_CODE}){_SP}/{_SP}"
    rf"(?P<p_codes>{_CODE}(?:[{_HY}]{_CODE})*)"
)
_STATE = (
    rf"(?P<s_num>{_NUM}){_SP}/{_SP}(?:(?P<s_year>{_YEAR}){_SP}/{_SP})?"
    rf"(?P<s_codes>{_CODE}(?:{_SP}[{_HY}]{_SP}{_CODE})?(?:[{_HY}]{_CODE})*)"
)
SYMBOL_RE = re.compile(rf"(?<![\w/.,{_HY}])(?:{_PARTY}|{_STATE})(?![\w/])")
_BARE_RE = re.compile(rf"(?P<num>{_NUM})(?:/(?P<year>{_YEAR}))?")
_SPLIT_CODES = re.compile(rf"\s*[{_HY}]\s*")
_TRAILING_TERM = re.compile(r"^(?P<code>.*?[^\d])(?P<term>\d{1,2})$")


def _issuer_parts(written: str) -> tuple[str, str | None]:
    """'QH15' -> ('QH', 'XV'); 'UBND' -> ('UBND', None)."""
    match = _TRAILING_TERM.match(written)
    if match:
        number = int(match["term"])
        if 1 <= number <= 89:
            return match["code"], roman(number)
    return written, None


def _symbol_from_match(
    match: re.Match, codes: SymbolCodes, loose: bool = False
) -> DocumentSymbol | None:
    text = match.group(0)
    if match.group("p_num") is not None:
        written_type = match.group("p_type")
        parts = _SPLIT_CODES.split(match.group("p_codes"))
        number, year, style = match.group("p_num"), None, "party"
        issuer_written, departments = parts[0], tuple(parts[1:])
    else:
        parts = _SPLIT_CODES.split(match.group("s_codes"))
        number, style = match.group("s_num"), "state"
        year = int(match.group("s_year")) if match.group("s_year") else None
        first_is_type = codes.type_code(parts[0]) is not None
        if len(parts) > 1 and (first_is_type or _known_issuer(codes, parts[1], style)):
            # 178/2024/NĐ-CP; 05/QCPH-MTTQ-UBND (a type code we do not know, a known issuer)
            written_type, issuer_written, departments = parts[0], parts[1], tuple(parts[2:])
        elif first_is_type and not _known_issuer(codes, parts[0], style):
            written_type, issuer_written, departments = parts[0], None, ()
        else:
            # 1234/UBND-KT (official letters), 72/2025/QH15 (laws)
            written_type, issuer_written, departments = None, parts[0], tuple(parts[1:])
    type_code = codes.type_code(written_type) if written_type else None
    term = None
    issuer = None
    if issuer_written:
        base, term = _issuer_parts(issuer_written)
        issuer = codes.issuer(base, style)
        if issuer is None:
            issuer = codes.issuer(issuer_written, style)
            if issuer is not None:
                term = None
    known = (type_code is not None or written_type is None) and (
        issuer is not None or (type_code is not None and issuer_written is None)
        or (type_code is not None and style == "party")
    )
    if not known and not loose:
        return None
    if type_code is None and issuer is None and not loose:
        return None
    return DocumentSymbol(
        text=text,
        number=number,
        year=year,
        type_code=type_code if type_code else written_type,
        issuer_code=issuer.code if issuer else issuer_written,
        style=style,
        term=term,
        departments=departments,
        known=known,
    )


def _known_issuer(codes: SymbolCodes, written: str, style: str) -> bool:
    return codes.issuer(_issuer_parts(written)[0], style) is not None or (
        codes.issuer(written, style) is not None
    )


def find_vi_document_symbols(
    text: str, start: int = 0, end: int | None = None, loose: bool = False
) -> Iterator[tuple[int, int, DocumentSymbol]]:
    """Every document symbol in text[start:end], with its offsets into `text`.

    With `loose`, symbols whose codes are not in the data are yielded too (`known` False):
    the caller accepts them only where a kind word and number marker vouch for them
    ("Quy chế phối hợp số 05/QCPH-MTTQ-UBND").
    """
    codes = symbol_codes()
    end = len(text) if end is None else end
    for match in SYMBOL_RE.finditer(text, start, end):
        symbol = _symbol_from_match(match, codes, loose)
        if symbol is not None:
            yield match.start(), match.end(), symbol


def parse_vi_document_symbol(text: str, allow_bare: bool = False) -> DocumentSymbol | None:
    """Parse one symbol as written: '18-NQ/TW', '178/2024/ND-CP', '72/2025/QH15'.

    Returns None for anything that is not a symbol: a date, a phone number, a bare number
    (unless `allow_bare`: then '57' and '57/2024' give a symbol of style "bare").

    >>> parse_vi_document_symbol("178/2024/NĐ-CP").to_json()
    {'number': '178', 'year': 2024, 'type_code': 'NĐ', 'issuer_code': 'CP', 'style': 'state'}
    """
    if not isinstance(text, str):
        return None
    stripped = text.strip()
    if not stripped or len(stripped) > 80:
        return None
    match = SYMBOL_RE.fullmatch(stripped)
    if match:
        return _symbol_from_match(match, symbol_codes())
    if allow_bare:
        bare = _BARE_RE.fullmatch(stripped)
        if bare:
            year = int(bare["year"]) if bare["year"] else None
            return DocumentSymbol(text=stripped, number=bare["num"], year=year, style="bare")
    return None
