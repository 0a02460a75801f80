"""The ingest stage for local sources: files and folders to DIR/documents.jsonl."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.document import Document
from pipeline.ingest.site_profiles import SiteProfile, load_profiles, profile_for_url
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


def with_site_province(doc: Document, profiles: tuple[SiteProfile, ...]) -> Document:
    """The document with `source.province` from the site profile of its own URL, else of the
    original it translates, when that profile names a province."""
    if doc.source.province is None:
        for url in (doc.source.url, doc.translation_of):
            profile = profile_for_url(url, profiles)
            if profile is not None and profile.province:
                doc.source.province = profile.province
                break
    return doc


def write_documents(
    docs: Iterable[Document], path: Path, *, progress: bool | None = None,
    profiles: tuple[SiteProfile, ...] | None = None,
) -> IngestSummary:
    """Write documents.jsonl atomically: a crash leaves the previous file as it was."""
    from tqdm import tqdm

    if profiles is None:
        profiles = load_profiles()
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
            out.write(dumps(with_site_province(doc, profiles).to_json()))
            out.write("\n")
    bar.close()
    summary.seconds = time.perf_counter() - started
    return summary
