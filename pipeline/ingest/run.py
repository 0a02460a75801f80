"""The ingest stage for local sources: files and folders to DIR/documents.jsonl."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.document import Document
from pipeline.jsonl import AtomicWriter, dumps


@dataclass
class IngestSummary:
    documents: int = 0
    duplicates: int = 0
    failed: int = 0
    seconds: float = 0.0

    def lines(self) -> list[str]:
        out = [f"ingested {self.documents} documents in {self.seconds:.1f} s"]
        if self.duplicates:
            out.append(f"  duplicates skipped (same id): {self.duplicates}")
        out.append(f"  documents with errors: {self.failed}")
        return out


def write_documents(
    docs: Iterable[Document], path: Path, *, progress: bool | None = None
) -> IngestSummary:
    """Write documents.jsonl atomically: a crash leaves the previous file as it was."""
    from tqdm import tqdm

    summary = IngestSummary()
    started = time.perf_counter()
    seen: set[str] = set()
    bar = tqdm(unit="doc", desc="ingest", disable=None if progress is None else not progress)
    with AtomicWriter(path) as out:
        for doc in docs:
            bar.update(1)
            if doc.id in seen:
                summary.duplicates += 1
                continue
            seen.add(doc.id)
            summary.documents += 1
            summary.failed += bool(doc.errors)
            out.write(dumps(doc.to_json()))
            out.write("\n")
    bar.close()
    summary.seconds = time.perf_counter() - started
    return summary
