"""The extract stage: documents in, validated records out, in input order, byte-identical on
re-run."""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.document import Document, error_entry
from pipeline.jsonl import AtomicWriter, dumps, write_json_atomic
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


def extract_document(doc: Document, options: ExtractOptions = ExtractOptions()) -> dict[str, Any]:
    """One document to one valid record. Nothing raised inside reaches the caller: a failure
    becomes an error entry in the record and the batch goes on."""
    errors: list[dict[str, str]] = []
    language = detect_language(doc.text) if doc.text else LanguageGuess("und", 0.0)
    items: dict[str, list] = {"people": [], "resolutions": [], "indicators": []}
    if language.code in SUPPORTED_LANGUAGES and doc.text.strip():
        try:
            nlp = build_nlp(language.code, options.person_model(language.code))
            nlp.max_length = MAX_TEXT_CHARS
            parsed = nlp(doc.text)
            items = {kind: list(getattr(parsed._, kind) or []) for kind in items}
        except Exception as err:  # noqa: BLE001 - an extractor bug must not stop the batch
            errors.append(
                error_entry("extract", "extractor-failed", f"{type(err).__name__}: {err}")
            )
    record = build_record(doc, language, errors=errors, **items)
    return safe_record(record)


@dataclass
class ExtractSummary:
    documents: int = 0
    duplicates: int = 0
    failed: int = 0
    languages: Counter = field(default_factory=Counter)
    items: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def add(self, record: dict[str, Any]) -> None:
        self.documents += 1
        self.languages[record["language"]["code"]] += 1
        for kind in ("people", "resolutions", "indicators"):
            self.items[kind] += len(record[kind])
        if record["errors"]:
            self.failed += 1

    def lines(self) -> list[str]:
        rate = self.documents / self.seconds if self.seconds > 0 else 0.0
        langs = ", ".join(f"{code} {n}" for code, n in sorted(self.languages.items())) or "none"
        out = [
            f"extracted {self.documents} documents in {self.seconds:.1f} s "
            f"({rate:.1f} documents/s)",
            f"  languages: {langs}",
            f"  people {self.items['people']}, resolutions {self.items['resolutions']}, "
            f"indicators {self.items['indicators']}",
            f"  documents with errors: {self.failed}",
        ]
        if self.duplicates:
            out.append(f"  duplicates skipped (same id): {self.duplicates}")
        return out


def _extract_job(args: tuple[Document, ExtractOptions]) -> dict[str, Any]:
    return extract_document(*args)


def extract_records(
    docs: Iterable[Document], options: ExtractOptions, workers: int = 1
) -> Iterator[dict[str, Any]]:
    """Records in input order; with workers > 1 a process pool does the work."""
    jobs = ((doc, options) for doc in docs)
    if workers <= 1:
        yield from map(_extract_job, jobs)
        return
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers) as pool:
        # imap keeps input order, so the output does not depend on the worker count.
        yield from pool.imap(_extract_job, jobs, chunksize=4)


def run_extract(
    docs: Iterable[Document],
    *,
    output: Path | None,
    output_dir: Path | None,
    options: ExtractOptions = ExtractOptions(),
    workers: int = 1,
    progress: bool | None = None,
) -> ExtractSummary:
    from tqdm import tqdm

    summary = ExtractSummary()
    started = time.perf_counter()
    seen: set[str] = set()
    bar = tqdm(unit="doc", desc="extract", disable=None if progress is None else not progress)
    with AtomicWriter(output) if output else _NullWriter() as out:
        for record in extract_records(docs, options, workers):
            if record["id"] in seen:
                summary.duplicates += 1
                continue
            seen.add(record["id"])
            summary.add(record)
            line = dumps(record)
            out.write(line)
            out.write("\n")
            if output_dir is not None:
                write_json_atomic(output_dir / f"{record['id']}.json", record)
            bar.update(1)
    bar.close()
    summary.seconds = time.perf_counter() - started
    return summary


class _NullWriter:
    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def write(self, _text: str) -> None:
        return None
