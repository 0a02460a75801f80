"""What `extract` reads: ingest outputs (folder or documents.jsonl) or article files directly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pipeline.document import Document, Source, document_id, error_entry
from pipeline.ingest.local import (
    ARTICLE_SUFFIXES,
    DEFAULT_MAX_BYTES,
    SourceError,
    read_local_sources,
)
from pipeline.ingest.site_profiles import SiteProfile
from pipeline.jsonl import iter_jsonl

DOCUMENTS_FILE = "documents.jsonl"


def iter_documents_jsonl(path: Path) -> Iterator[Document]:
    for number, obj, problem in iter_jsonl(path):
        if obj is not None:
            try:
                yield Document.from_json(obj)
                continue
            except (ValueError, TypeError) as err:
                problem = f"{path}:{number}: not a document ({err})"
        where = f"{path}:{number}"
        yield Document(
            id=document_id(path=where),
            text="",
            source=Source(path=where),
            errors=[error_entry("read", "malformed", problem or "unreadable line")],
        )


def iter_input_documents(
    inputs: list[Path],
    *,
    profiles: tuple[SiteProfile, ...] = (),
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Document]:
    """Documents from each input in order: a documents.jsonl, a folder holding one, or a folder
    of JSONL parts is read line by line; any other file or folder is read as articles, as
    ingest would."""
    for path in inputs:
        if path.is_dir() and (path / DOCUMENTS_FILE).is_file():
            yield from iter_documents_jsonl(path / DOCUMENTS_FILE)
        elif path.is_dir() and (parts := sorted(path.glob("*.jsonl"))):
            # a partitioned ingest output: part-00000.jsonl, part-00001.jsonl, ...
            for part in parts:
                yield from iter_documents_jsonl(part)
        elif path.is_file() and path.suffix == ".jsonl":
            yield from iter_documents_jsonl(path)
        elif path.is_dir() or path.suffix.lower() in ARTICLE_SUFFIXES:
            yield from read_local_sources(
                [path], profiles=profiles, encoding=encoding, max_bytes=max_bytes
            )
        elif not path.exists():
            raise SourceError(f"{path}: no such file or folder")
        else:
            raise SourceError(
                f"{path}: not an ingest output (documents.jsonl) nor a .txt/.html article"
            )
