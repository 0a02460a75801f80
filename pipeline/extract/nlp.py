"""spaCy pipelines per language, assembled once per process from registered components.

Each extractor is a spaCy component registered by name; it reads `nlp.lang` to load that
language's data files (pipeline/data/<lang>/) and writes its findings, already shaped as record
items with character offsets into `doc.text`, to a Doc extension:

    doc._.people       list of person items      (component "people_rules")
    doc._.resolutions  list of document refs     (component "document_references")
    doc._.indicators   list of indicator items   (component "numeric_indicators")
    doc._.places       list of place items       (component "places", last: it also gives
    doc._.province     the article's province     each figure and role its place and office)
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.extractors import SOURCE_TEXT

SUPPORTED_LANGUAGES = ("pl", "vi")
ITEM_KINDS = ("people", "resolutions", "indicators", "places")

for _kind in (*ITEM_KINDS, "province"):
    if not Doc.has_extension(_kind):
        Doc.set_extension(_kind, default=None)


@Language.factory("people_rules", default_config={"model": None})
def make_people_rules(nlp: Language, name: str, model: str | None):
    from pipeline.extractors.people.extractor import PeopleExtractor

    return PeopleExtractor(nlp.lang, model=model)


@Language.factory("document_references")
def make_document_references(nlp: Language, name: str):
    from pipeline.extractors.documents.extractor import DocumentReferenceExtractor

    return DocumentReferenceExtractor(nlp.lang)


@Language.factory("numeric_indicators")
def make_numeric_indicators(nlp: Language, name: str):
    from pipeline.extractors.indicators import IndicatorExtractor

    return IndicatorExtractor(nlp.lang)


@Language.factory("places")
def make_places(nlp: Language, name: str):
    from pipeline.extractors.places.extractor import PlacesExtractor

    return PlacesExtractor(nlp.lang)


class UnsupportedLanguage(ValueError):
    pass


class WhitespaceTokenizer:
    """Tokens split on white space (Vietnamese syllables), as spaCy's Vietnamese tokenizer does
    without pyvi, but in linear time (spaCy aligns each word by searching a fresh copy of the
    rest of the text, so a 5 MB article took minutes)."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        for word in text.split():
            start = text.index(word, pos)
            if start > pos:  # white space other than one plain space is a token of its own
                words.append(text[pos:start])
                spaces.append(False)
            words.append(word)
            pos = start + len(word)
            spaces.append(pos < len(text) and text[pos] == " ")
            pos += spaces[-1]
        if pos < len(text):
            words.append(text[pos:])
            spaces.append(False)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data[SOURCE_TEXT] = text
        return doc


def _blank(lang: str) -> Language:
    # White-space tokens for every language: the extractors match names, numbers and symbols
    # on the characters of doc.text, so pyvi's word segmentation (Vietnamese) or spaCy's rule
    # tokenizer (Polish: a fifth of the extract time) would cost time for nothing they use.
    config = {"nlp": {"tokenizer": {"use_pyvi": False}}} if lang == "vi" else {}
    nlp = spacy.blank(lang, config=config)
    nlp.tokenizer = WhitespaceTokenizer(nlp.vocab)
    # No lexical attributes (shape, like_num, like_url, stop words...): no component reads
    # them, and the Doc never leaves extract_document's memory zone, so nobody else can. Each
    # document's new words are new lexemes in the zone, and computing some twenty attributes
    # for each took a quarter of the extract time.
    nlp.vocab.lex_attr_getters = {}
    return nlp


@cache
def build_nlp(lang: str, person_model: str | None = None) -> Language:
    """The extraction pipeline for `lang`, built once per process and cached."""
    if lang not in SUPPORTED_LANGUAGES:
        raise UnsupportedLanguage(f"no extraction pipeline for language {lang!r}")
    nlp = _blank(lang)
    nlp.add_pipe("people_rules", config={"model": person_model})
    nlp.add_pipe("document_references")
    nlp.add_pipe("numeric_indicators")
    nlp.add_pipe("places")
    return nlp
