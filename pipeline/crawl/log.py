"""The crawl's append-only page log, DIR/crawl/pages.jsonl, and documents.jsonl made from it.

Each visited page appends one JSON line (written, flushed and fsynced before the next page is
looked at): what it was, its validators (ETag, Last-Modified), the links found on it, and for
articles the document. A kill -9 can only tear the last line; `recover` cuts it off, so the
log is always a clean prefix of what a run would write, and a re-run carries on from there.

documents.jsonl is never appended to: it is rewritten atomically from the log (at the end of a
run, on Ctrl-C and every `checkpoint_seconds`), one line per document, at the place where the
document first appeared, in its latest good version.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from pipeline.jsonl import AtomicWriter, dumps

LOG_VERSION = 1


class CrawlLogError(ValueError):
    pass


class PageLog:
    def __init__(self, path: Path, *, warn: Callable[[str], None] = lambda message: None):
        self.path = Path(path)
        self._warn = warn
        self._out: IO[bytes] | None = None

    def recover(self) -> int:
        """Cut a torn last line (a crash mid-write); return the number of bytes dropped."""
        if not self.path.exists():
            return 0
        with open(self.path, "r+b") as handle:
            size = handle.seek(0, os.SEEK_END)
            if size == 0:
                return 0
            handle.seek(size - 1)
            if handle.read(1) == b"\n":
                return 0
            # Scan back to the last complete line.
            position = size
            keep = 0
            while position > 0:
                step = min(65536, position)
                position -= step
                handle.seek(position)
                block = handle.read(step)
                newline = block.rfind(b"\n")
                if newline >= 0:
                    keep = position + newline + 1
                    break
            handle.truncate(keep)
            handle.flush()
            os.fsync(handle.fileno())
        dropped = size - keep
        self._warn(f"{self.path}: dropped a torn last line ({dropped} bytes) left by a crash")
        return dropped

    def entries(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """(byte offset, entry) for each line, in order."""
        if not self.path.exists():
            return
        with open(self.path, "rb") as handle:
            offset = 0
            for number, line in enumerate(handle, start=1):
                here, offset = offset, offset + len(line)
                if not line.strip():
                    continue
                try:
                    entry = json.loads(line)
                except (UnicodeDecodeError, json.JSONDecodeError):
                    self._warn(f"{self.path}:{number}: unreadable line skipped")
                    continue
                if isinstance(entry, dict):
                    yield here, entry

    def read_at(self, offset: int) -> dict[str, Any]:
        with open(self.path, "rb") as handle:
            handle.seek(offset)
            return json.loads(handle.readline())

    def append(self, entry: dict[str, Any]) -> int:
        """Write one entry durably; return its byte offset."""
        if self._out is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._out = open(self.path, "ab")  # noqa: SIM115 (kept open for the run)
        offset = self._out.seek(0, os.SEEK_END)
        self._out.write(dumps({"v": LOG_VERSION, **entry}).encode("utf-8") + b"\n")
        self._out.flush()
        os.fsync(self._out.fileno())
        return offset

    def close(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None


def materialise(log: PageLog, documents: Path) -> tuple[int, int]:
    """Write documents.jsonl from the log; return (documents, documents with errors).

    Order: where each document was first written. Version: the latest without errors, else
    the latest, so a page that fails today does not replace yesterday's good text.
    """
    order: list[str] = []
    chosen: dict[str, tuple[int, bool]] = {}
    for offset, entry in log.entries():
        doc = entry.get("doc")
        if not entry.get("include") or not isinstance(doc, dict) or "id" not in doc:
            continue
        doc_id = str(doc["id"])
        good = not doc.get("errors")
        previous = chosen.get(doc_id)
        if previous is None:
            order.append(doc_id)
        if previous is None or good or not previous[1]:
            chosen[doc_id] = (offset, good)
    failed = 0
    with AtomicWriter(documents) as out:
        if order:
            with open(log.path, "rb") as source:
                for doc_id in order:
                    offset, good = chosen[doc_id]
                    source.seek(offset)
                    out.write(dumps(json.loads(source.readline())["doc"]))
                    out.write("\n")
                    failed += not good
    return len(order), failed
