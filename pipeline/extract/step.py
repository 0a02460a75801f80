"""Extraction of one document: language, the spaCy pipeline of its language, a valid record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.config import MAX_EXTRACT_CHARS
from pipeline.document import Document, error_entry
from pipeline.extract.language import LanguageGuess, detect_language
from pipeline.extract.record import build_record, safe_record
from pipeline.extractors.morfeusz import MorfeuszError


@dataclass(frozen=True)
class ExtractOptions:
    person_models: tuple[tuple[str, str], ...] = ()
    max_chars: int = MAX_EXTRACT_CHARS

    def person_model(self, lang: str) -> str | None:
        return dict(self.person_models).get(lang)


DEFAULT_OPTIONS = ExtractOptions()


def extract_document(doc: Document, options: ExtractOptions = DEFAULT_OPTIONS) -> dict[str, Any]:
    """One document to one valid record. Nothing raised inside reaches the caller: a failure
    becomes an error entry in the record and the batch goes on."""
    # imported here, so that reading options and planning a run do not load spaCy
    from pipeline.extract.nlp import SUPPORTED_LANGUAGES, build_nlp

    errors: list[dict[str, str]] = []
    language = detect_language(doc.text) if doc.text else LanguageGuess("und", 0.0)
    items: dict[str, list] = {"people": [], "resolutions": [], "indicators": [], "places": []}
    province = None
    if language.code in SUPPORTED_LANGUAGES and doc.text.strip():
        text = doc.text
        if len(text) > options.max_chars:
            text = text[: cut_point(text, options.max_chars)]
            errors.append(error_entry(
                "extract", "truncated",
                f"the text has {len(doc.text):,} characters: people, documents and figures "
                f"come from its first {len(text):,} only (extract --max-chars)",
            ))
        try:
            nlp = build_nlp(language.code, options.person_model(language.code))
            nlp.max_length = max(nlp.max_length, len(text) + 1)
            # Strings the document adds to the shared vocabulary (every new name and number)
            # are dropped after it, so memory does not grow with the number of documents.
            with nlp.memory_zone():
                # the article's date and its site's province guide the places component
                settings = {"places": {"published": doc.published,
                                       "province": doc.source.province, "title": doc.title}}
                parsed = nlp.make_doc(text)
                for name, component in nlp.pipeline:
                    parsed = _run_component(name, component, parsed, errors,
                                            settings.get(name, {}))
                items = {kind: list(getattr(parsed._, kind) or []) for kind in items}
                province = parsed._.province
        except Exception as err:  # noqa: BLE001 - an extractor bug must not stop the batch
            errors.append(
                error_entry("extract", "extractor-failed", f"{type(err).__name__}: {err}")
            )
    record = build_record(doc, language, errors=errors, province=province, **items)
    return safe_record(record)


def _run_component(name: str, component: Any, parsed: Any, errors: list[dict[str, str]],
                   settings: dict[str, Any]) -> Any:
    """`parsed` after one extractor, as spaCy's own loop would run it. Each extractor fails
    alone: its failure is its own error entry, naming it, and the items the others found stay
    (a figure extractor bug no longer costs the document its people). An extractor that failed
    leaves its kind empty; one that reads another's items (the figures read the documents, to
    leave the numbers inside a document symbol alone) runs without them."""
    try:
        return component(parsed, **settings)
    except MorfeuszError as err:
        errors.append(error_entry("extract", "morfeusz-failed", f"{name}: {err}"))
    except Exception as err:  # noqa: BLE001 - an extractor bug must not stop the batch
        errors.append(
            error_entry("extract", "extractor-failed", f"{name}: {type(err).__name__}: {err}")
        )
    return parsed


def cut_point(text: str, limit: int) -> int:
    """Where to cut `text` to at most `limit` characters: after the last paragraph in the last
    tenth before the limit, else after the last sentence, else at the last white space, so that
    no word, figure or name is cut in two."""
    floor = limit - limit // 10
    for mark in ("\n", ". "):
        at = text.rfind(mark, floor, limit)
        if at >= 0:
            return at + 1
    at = max(text.rfind(" ", 0, limit), text.rfind("\t", 0, limit))
    return at if at > 0 else limit
