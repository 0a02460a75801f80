"""Numeric indicators: every reported quantity with its unit, what it measures and how it changed.

The spaCy component "numeric_indicators" sets `doc._.indicators` to a list of items shaped as
$defs/indicator in pipeline/schema/record.schema.json, ordered by offset:

    "Tổng thu ngân sách ... đạt trên 3.312 tỷ đồng, vượt 69% dự toán"
    -> {"value": 3312000000000, "unit": "VND", "qualifier": "over",
        "label": "Tổng thu ngân sách", "key": "budget_revenue", ...}
       {"value": 69, "unit": "%", "qualifier": "over", "share_of": "dự toán",
        "label": "Tổng thu ngân sách", "key": "budget_revenue", ...}

How a figure is read:

1. Blocked spans hold no indicator: document references found by "document_references"
   (doc._.resolutions), dates, times, phone numbers, document symbols, URLs, list numbering.
2. Quantity (`_Reader`): digits as the language writes them (numbers.py) or a short number in
   words; an optional range ("15-20%", "od 15 do 20%"); scale words ("tỷ", "mln"); then a unit
   ("%", "đồng", "ha", "lần") or a counted noun ("2.100 thủ tục hành chính", "56 jednostek
   administracyjnych"). A number right after a name word ("Tổ 5", "etap 1", "năm 2025") or
   before a time word ("9 tháng", "3 miesiące") is none; a number with neither unit nor noun
   counts only when its subject says so ("số đơn vị ... giảm từ 200 xuống còn 65").
3. Meaning (`_Meaning`), from the clause: the subject before the last predicate is the label;
   a change predicate right before the figure gives `change`; "so với ..." the comparison;
   "dự toán"/"planu" after a percentage `share_of`; the sentence's period and "as of" phrases.
   A clause without a subject of its own ("..., tăng 77% so với cùng kỳ") shares the subject of
   the figure before it in the sentence.
4. Key: keywords of the shared taxonomy (data/common/ind_taxonomy.toml), the figure's own words
   first: a count's noun and what follows it ("xã đạt chuẩn nông thôn mới"), then the words
   before it; a figure's label, the words around it, then its whole clause; the subject shared
   with an earlier figure last. A keyword must suit the unit (hectares are no export), one
   inside a longer keyword and the words of proper names are no cue. Failing that, the figure
   whose subject it shares, an earlier count of the same noun, and last the article's lead
   sentence.
5. Tables (lines of TAB-separated cells): figures in cells take their row and column headers as
   label and as `table`.

All language knowledge is in pipeline/data/<lang>/ind_*.toml|txt and data/common/ind_*.toml;
the code is the same for every language.
"""


from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from spacy.tokens import Doc

from pipeline.extractors import doc_text
from pipeline.extractors.datafiles import DATA_DIR
from pipeline.extractors.indicators.data import (
    IndicatorDataError,
    KeyHit,
    LanguageData,
    Taxonomy,
    TaxonomyKey,
    is_money,
    language_data,
)
from pipeline.extractors.indicators.document import _Document, scan
from pipeline.extractors.indicators.lexicon import (
    Lexer,
    MorfeuszMorphology,
    Morphology,
    PhraseSet,
    spelling_normalizer,
)
from pipeline.extractors.indicators.meaning import _Meaning
from pipeline.extractors.indicators.quantities import Quantity, _Reader
from pipeline.extractors.indicators.tables import _Tables

__all__ = [
    "IndicatorDataError",
    "IndicatorExtractor",
    "KeyHit",
    "LanguageData",
    "Lexer",
    "MorfeuszMorphology",
    "Morphology",
    "PhraseSet",
    "Quantity",
    "Taxonomy",
    "TaxonomyKey",
    "extract_indicators",
    "is_money",
    "language_data",
    "scan",
    "spelling_normalizer",
]


# ---------------------------------------------------------------------------------------------
# The spaCy component
# ---------------------------------------------------------------------------------------------


def extract_indicators(data: LanguageData, text: str, resolutions: Any = ()) -> list[dict]:
    """Indicator items of `text` (schema $defs/indicator), ordered by offset."""
    doc = _Document(data, text, resolutions)
    reader = _Reader(doc)
    meaning = _Meaning(doc, reader)
    prose: list[Quantity] = []
    prev = None
    for q in reader.quantities(0, doc.n):
        meaning.read(q, prev)
        if q.unit:
            prose.append(q)
            prev = q
    meaning.fill_keys(prose)
    found = prose + _Tables(doc, reader, meaning).quantities()
    found.sort(key=lambda q: (q.start, q.end))
    return [q.item(text) for q in found]


class IndicatorExtractor:
    """spaCy component "numeric_indicators": sets `doc._.indicators`."""

    def __init__(self, lang: str, **_: Any):
        self.lang = lang
        has_data = (DATA_DIR / lang / "ind_context.toml").exists()
        self.data: LanguageData | None = language_data(lang) if has_data else None

    def __call__(self, doc: Doc) -> Doc:
        resolutions = doc._.resolutions if Doc.has_extension("resolutions") else None
        doc._.indicators = self.extract(doc_text(doc), resolutions)
        return doc

    def extract(self, text: str, resolutions: Iterable[dict] | None = None) -> list[dict]:
        """Indicator items of `text`, ordered by offset; [] for a language without data."""
        if self.data is None or not isinstance(text, str) or not text.strip():
            return []
        return extract_indicators(self.data, text, list(resolutions or []))
