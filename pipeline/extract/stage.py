"""The extract stage: documents in, validated records out (JSONL and one file per document),
in input order and byte-identical on re-run, whatever the engine and worker count.

A run extracts only the documents that are new or changed since the output was written (all of
them when the code, data or options changed, or with `full`), carries the other records over
byte for byte, and checkpoints every batch, so that a killed run continues where it stopped
(see pipeline/extract/incremental.py). The output always equals a full run on the same input.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.document import Document
from pipeline.extract.incremental import Entry, ExtractState, document_hash, fingerprint
from pipeline.extract.step import DEFAULT_OPTIONS, ExtractOptions
from pipeline.jsonl import write_text_atomic

if TYPE_CHECKING:
    from pipeline.extract.engines import Extracted

#: Documents extracted between two checkpoints of a run (at most this many are lost on a kill).
CHECKPOINT_BATCH = 64


@dataclass
class ExtractSummary:
    documents: int = 0
    duplicates: int = 0
    failed: int = 0
    extracted: int = 0  # by this run, or by the killed run it continued (`resumed` of them)
    resumed: int = 0
    carried_over: int = 0  # unchanged documents: their records kept byte for byte
    removed: int = 0  # records of documents no longer in the input
    languages: Counter = field(default_factory=Counter)
    items: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, entry: Entry) -> None:
        self.documents += 1
        self.languages[entry.language] += 1
        for kind, count in entry.counts.items():
            self.items[kind] = self.items.get(kind, 0) + count
        if entry.failed:
            self.failed += 1
        if entry.where == "records":
            self.carried_over += 1
        else:
            self.extracted += 1

    def report(self) -> dict:
        """The `documents` and `items` of this run's line in runs.jsonl."""
        return {
            "documents": {"in": self.documents, "extracted": self.extracted,
                          "carried_over": self.carried_over, "removed": self.removed,
                          "with_errors": self.failed},
            "items": dict(self.items),
        }

    def lines(self) -> list[str]:
        rate = self.extracted / self.seconds if self.seconds > 0 else 0.0
        langs = ", ".join(f"{code} {n}" for code, n in sorted(self.languages.items())) or "none"
        items = ", ".join(f"{kind} {n}" for kind, n in self.items.items()) or "none"
        resumed = f", {self.resumed} of them by a killed run" if self.resumed else ""
        out = [
            f"{self.documents} documents in {self.seconds:.1f} s: {self.extracted} extracted "
            f"({rate:.1f} documents/s{resumed}), {self.carried_over} unchanged carried over, "
            f"{self.removed} removed",
            f"  languages: {langs}",
            f"  {items}",
            f"  documents with errors: {self.failed}",
        ]
        if self.duplicates:
            out.append(f"  duplicates skipped (same id): {self.duplicates}")
        return out


def extract_records(
    docs: Iterable[Document],
    options: ExtractOptions,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    pretty: bool = False,
) -> Iterator[Extracted]:
    """Records in input order, whatever the engine; with `pretty`, each one's own file too."""
    # imported here: a run with nothing new to extract never loads spaCy
    from pipeline.extract.engines import dask_records, local_records

    if engine == "dask":
        return dask_records(docs, options, scheduler=scheduler, workers=workers, pretty=pretty)
    return local_records(docs, options, workers, pretty)


def run_extract(
    docs: Iterable[Document],
    *,
    output: Path | None,
    output_dir: Path | None,
    options: ExtractOptions = DEFAULT_OPTIONS,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    progress: bool | None = None,
    full: bool = False,
    batch: int = CHECKPOINT_BATCH,
) -> ExtractSummary:
    """Bring `output` (and `output_dir`) up to date with `docs`. Raises ExtractLockError when
    another run writes there."""
    summary = ExtractSummary()
    started = time.perf_counter()
    state = ExtractState(output, output_dir, fingerprint(options))
    state.lock()
    try:
        previous_ids = state.previous_ids()
        maybe_stale = state.journaled_ids() if output_dir is not None else set()
        committed, same_fingerprint = state.committed()
        carried = committed if same_fingerprint and not full else {}
        journal = state.open_journal(fresh=full)
        plan: list[Entry] = []
        state.write_pending(_plan(docs, carried, journal, output_dir if output is None else None,
                                  maybe_stale, plan, summary))
        todo = [entry for entry in plan if not entry.where]
        summary.resumed = sum(entry.where == "journal" for entry in plan)
        if todo:
            _extract_todo(state, todo, options, workers, engine, scheduler, progress, batch)
        if output_dir is not None:
            fresh = {entry.id for entry in todo}
            for entry in plan:
                if (entry.id in maybe_stale and entry.id not in fresh) or not (
                    output_dir / f"{entry.id}.json"
                ).exists():
                    state.write_record_file(entry)
        ids = {entry.id for entry in plan}
        summary.removed = len(set(committed) - ids)
        state.commit(plan, sorted(previous_ids - ids))
        for entry in plan:
            summary.add(entry)
    finally:
        state.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _plan(
    docs: Iterable[Document],
    carried: dict[str, Entry],
    journal: dict[tuple[str, str], Entry],
    files_only: Path | None,
    stale: set[str],
    plan: list[Entry],
    summary: ExtractSummary,
) -> Iterator[Document]:
    """Fill `plan` with one entry per document id (the first, as a full run keeps) and yield the
    documents to extract: those whose record is neither carried over nor in the journal. With
    per-record files only (`files_only`), a record is carried over only while its file is
    there and no killed run may have overwritten it (`stale`): there is no records.jsonl line
    to put it back from."""
    seen: set[str] = set()
    for doc in docs:
        if doc.id in seen:
            summary.duplicates += 1
            continue
        seen.add(doc.id)
        doc_hash = document_hash(doc)
        old = carried.get(doc.id)
        if old is not None and old.hash == doc_hash and (
            files_only is None
            or ((files_only / f"{doc.id}.json").exists() and doc.id not in stale)
        ):
            plan.append(old)
        elif (done := journal.get((doc.id, doc_hash))) is not None:
            plan.append(done)
        else:
            plan.append(Entry(doc.id, doc_hash))
            yield doc


def _extract_todo(
    state: ExtractState,
    todo: list[Entry],
    options: ExtractOptions,
    workers: int,
    engine: str,
    scheduler: str | None,
    progress: bool | None,
    batch: int,
) -> None:
    """Extract the pending documents; every `batch` records go to the journal and then to their
    own files, so a killed run loses at most one batch, and the next run knows which files the
    killed one may have written."""
    from tqdm import tqdm

    from pipeline.extract.nlp import ITEM_KINDS

    bar = tqdm(total=len(todo), unit="doc", desc="extract",
               disable=None if progress is None else not progress)
    waiting: list[tuple[Extracted, str, dict[str, int]]] = []
    slots: list[Entry] = []

    def checkpoint() -> None:
        for slot, written in zip(slots, state.append(waiting), strict=True):
            slot.language, slot.counts, slot.failed = (
                written.language, written.counts, written.failed)
            slot.where, slot.offset, slot.length = "journal", written.offset, written.length
        if state.output_dir is not None:
            for record, _hash, _counts in waiting:
                write_text_atomic(state.output_dir / f"{record.id}.json", record.pretty or "")
        bar.update(len(waiting))
        waiting.clear()
        slots.clear()

    pretty = state.output_dir is not None
    records = extract_records(state.read_pending(), options, workers, engine, scheduler, pretty)
    for entry, record in zip(todo, records, strict=True):
        if record.id != entry.id:  # engines keep input order; anything else is a bug
            raise RuntimeError(f"extract engine returned {record.id} where {entry.id} was due")
        waiting.append((record, entry.hash, dict(zip(ITEM_KINDS, record.counts, strict=True))))
        slots.append(entry)
        if len(waiting) >= batch:
            checkpoint()
    if waiting:
        checkpoint()
    bar.close()
