"""Rule-based extractors, one spaCy component per kind; language data in pipeline/data/<lang>/."""

from __future__ import annotations

from typing import TYPE_CHECKING

# importing spaCy costs half a second; only pipeline.extract.nlp needs it at run time
if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Where pipeline.extract.nlp's tokenizer keeps the text it was given, in `Doc.user_data`.
SOURCE_TEXT = "pipeline.source_text"


def doc_text(doc: Doc) -> str:
    """The text of `doc`. spaCy rebuilds `doc.text` from the tokens on every read (a third of a
    millisecond for an article, once per component); the tokenizer's copy costs nothing."""
    text = doc.user_data.get(SOURCE_TEXT)
    return text if isinstance(text, str) else doc.text
