"""Local sources: single files and folders of .txt and .html articles."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.document import Document, Source, document_id, error_entry
from pipeline.ingest.body import split_trailer
from pipeline.ingest.decode import DecodeError, decode_bytes
from pipeline.ingest.html import HtmlError, parse_html
from pipeline.ingest.site_profiles import SiteProfile

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
#: Larger files are refused with an error entry rather than read into memory.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class SourceError(ValueError):
    """A source named on the command line does not exist or cannot be read."""


def iter_article_files(source: Path) -> Iterator[Path]:
    """The article files of a file or folder, in a stable (sorted) order; hidden files skipped."""
    if source.is_file():
        yield source
        return
    if not source.is_dir():
        raise SourceError(f"{source}: no such file or folder")
    for dirpath, dirnames, filenames in os.walk(source):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath, name)
            if not name.startswith(".") and path.suffix.lower() in ARTICLE_SUFFIXES:
                yield path


def read_article_file(
    path: Path,
    *,
    profiles: tuple[SiteProfile, ...] = (),
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """One file to one Document; what goes wrong becomes an error entry, never an exception."""
    shown = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DecodeError(
                "too-large", f"{shown} is {size} bytes, over the limit of {max_bytes} (--max-bytes)"
            )
        data = path.read_bytes()
    except OSError as err:
        return _failed(shown, "io", f"cannot read {shown}: {err.strerror or err}")
    except DecodeError as err:
        return _failed(shown, err.code, str(err))
    is_html = path.suffix.lower() in HTML_SUFFIXES
    try:
        # Plain text is UTF-8 unless the user says otherwise; HTML declares or gets detected.
        text, _ = decode_bytes(
            data, what=shown, declared=encoding, html=is_html, detect=is_html or bool(encoding)
        )
        if is_html:
            return _html_document(text, shown, profiles)
        return _text_document(text, shown)
    except (DecodeError, HtmlError) as err:
        return _failed(shown, err.code, str(err))
    except Exception as err:  # noqa: BLE001 - a parser bug on one file must not stop the batch
        return _failed(
            shown, "internal", f"{shown}: internal error ({type(err).__name__}: {err}); please "
            "report it with the file"
        )


def _text_document(text: str, shown: str) -> Document:
    body, original = split_trailer(text)
    doc = Document(
        id=document_id(text=body, path=shown),
        text=body,
        source=Source(path=shown),
        translation_of=original,
    )
    if not body.strip():
        doc.errors.append(error_entry("ingest", "empty", f"{shown} has no article text"))
    return doc


def _html_document(html: str, shown: str, profiles: tuple[SiteProfile, ...]) -> Document:
    page = parse_html(html, profiles=profiles)
    return page.to_document(
        document_id(url=page.canonical_url, text=page.text, path=shown),
        Source(path=shown, url=page.canonical_url, site=page.site),
        shown,
    )


def _failed(shown: str, code: str, message: str) -> Document:
    return Document(
        id=document_id(path=shown, text=""),
        text="",
        source=Source(path=shown),
        errors=[error_entry("ingest", code, message)],
    )


def read_local_sources(
    sources: Iterable[Path],
    *,
    profiles: tuple[SiteProfile, ...] = (),
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Document]:
    for source in sources:
        for path in iter_article_files(source):
            yield read_article_file(path, profiles=profiles, encoding=encoding, max_bytes=max_bytes)
