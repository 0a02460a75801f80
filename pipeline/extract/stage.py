"""The extract stage: documents in, validated records out (JSONL and one file per document),
in input order and byte-identical on re-run, whatever the engine and worker count."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.document import Document
from pipeline.extract.engines import Extracted, dask_records, local_records
from pipeline.extract.nlp import ITEM_KINDS
from pipeline.extract.step import DEFAULT_OPTIONS, ExtractOptions
from pipeline.jsonl import AtomicWriter, write_text_atomic


@dataclass
class ExtractSummary:
    documents: int = 0
    duplicates: int = 0
    failed: int = 0
    languages: Counter = field(default_factory=Counter)
    items: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def add(self, record: Extracted) -> None:
        self.documents += 1
        self.languages[record.language] += 1
        for kind, count in zip(ITEM_KINDS, record.counts, strict=True):
            self.items[kind] += count
        if record.failed:
            self.failed += 1

    def lines(self) -> list[str]:
        rate = self.documents / self.seconds if self.seconds > 0 else 0.0
        langs = ", ".join(f"{code} {n}" for code, n in sorted(self.languages.items())) or "none"
        out = [
            f"extracted {self.documents} documents in {self.seconds:.1f} s "
            f"({rate:.1f} documents/s)",
            f"  languages: {langs}",
            f"  people {self.items['people']}, resolutions {self.items['resolutions']}, "
            f"indicators {self.items['indicators']}, places {self.items['places']}",
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
) -> ExtractSummary:
    from tqdm import tqdm

    summary = ExtractSummary()
    started = time.perf_counter()
    seen: set[str] = set()
    bar = tqdm(unit="doc", desc="extract", disable=None if progress is None else not progress)
    with AtomicWriter(output) if output else _NullWriter() as out:
        for record in extract_records(docs, options, workers, engine, scheduler,
                                      pretty=output_dir is not None):
            if record.id in seen:
                summary.duplicates += 1
                continue
            seen.add(record.id)
            summary.add(record)
            out.write(record.line)
            out.write("\n")
            if output_dir is not None:
                write_text_atomic(output_dir / f"{record.id}.json", record.pretty)
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
