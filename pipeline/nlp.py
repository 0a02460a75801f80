"""spaCy pipelines per language, assembled once per process from registered components.

Each extractor is a spaCy component registered by name; it reads `nlp.lang` to load that
language's data files (pipeline/data/<lang>/) and writes its findings, already shaped as record
items with character offsets into `doc.text`, to a Doc extension:

    doc._.people       list of person items      (component "people_rules")
    doc._.resolutions  list of document refs     (component "document_references")
    doc._.indicators   list of indicator items   (component "numeric_indicators")
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

SUPPORTED_LANGUAGES = ("pl", "vi")
ITEM_KINDS = ("people", "resolutions", "indicators")

for _kind in ITEM_KINDS:
    if not Doc.has_extension(_kind):
        Doc.set_extension(_kind, default=None)


@Language.factory("people_rules", default_config={"model": None})
def make_people_rules(nlp: Language, name: str, model: str | None):
    from pipeline.extractors.people import PeopleExtractor

    return PeopleExtractor(nlp.lang, model=model)


@Language.factory("document_references")
def make_document_references(nlp: Language, name: str):
    from pipeline.extractors.documents import DocumentReferenceExtractor

    return DocumentReferenceExtractor(nlp.lang)


@Language.factory("numeric_indicators")
def make_numeric_indicators(nlp: Language, name: str):
    from pipeline.extractors.indicators import IndicatorExtractor

    return IndicatorExtractor(nlp.lang)


class UnsupportedLanguage(ValueError):
    pass


def _blank(lang: str) -> Language:
    if lang == "vi":
        # Syllable tokens: names, numbers and symbols are matched on characters, so pyvi's
        # word segmentation would cost most of the run time for nothing the extractors use.
        return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    return spacy.blank(lang)


@cache
def build_nlp(lang: str, person_model: str | None = None) -> Language:
    """The extraction pipeline for `lang`, built once per process and cached."""
    if lang not in SUPPORTED_LANGUAGES:
        raise UnsupportedLanguage(f"no extraction pipeline for language {lang!r}")
    nlp = _blank(lang)
    nlp.add_pipe("people_rules", config={"model": person_model})
    nlp.add_pipe("document_references")
    nlp.add_pipe("numeric_indicators")
    return nlp
