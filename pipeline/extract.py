"""Extraction of one document: language, the spaCy pipeline of its language, a valid record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.document import Document, error_entry
from pipeline.langid import LanguageGuess, detect_language
from pipeline.nlp import SUPPORTED_LANGUAGES, build_nlp
from pipeline.record import build_record, safe_record

#: spaCy refuses longer texts by default; a blank pipeline's memory grows gently with length.
MAX_TEXT_CHARS = 20_000_000


@dataclass(frozen=True)
class ExtractOptions:
    person_models: tuple[tuple[str, str], ...] = ()

    def person_model(self, lang: str) -> str | None:
        return dict(self.person_models).get(lang)


DEFAULT_OPTIONS = ExtractOptions()


def extract_document(doc: Document, options: ExtractOptions = DEFAULT_OPTIONS) -> dict[str, Any]:
    """One document to one valid record. Nothing raised inside reaches the caller: a failure
    becomes an error entry in the record and the batch goes on."""
    errors: list[dict[str, str]] = []
    language = detect_language(doc.text) if doc.text else LanguageGuess("und", 0.0)
    items: dict[str, list] = {"people": [], "resolutions": [], "indicators": []}
    if language.code in SUPPORTED_LANGUAGES and doc.text.strip():
        try:
            nlp = build_nlp(language.code, options.person_model(language.code))
            nlp.max_length = MAX_TEXT_CHARS
            # Strings the document adds to the shared vocabulary (every new name and number)
            # are dropped after it, so memory does not grow with the number of documents.
            with nlp.memory_zone():
                parsed = nlp(doc.text)
                items = {kind: list(getattr(parsed._, kind) or []) for kind in items}
        except Exception as err:  # noqa: BLE001 - an extractor bug must not stop the batch
            errors.append(
                error_entry("extract", "extractor-failed", f"{type(err).__name__}: {err}")
            )
    record = build_record(doc, language, errors=errors, **items)
    return safe_record(record)
