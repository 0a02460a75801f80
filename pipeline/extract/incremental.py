"""What an extract run remembers next to its output, so that a daily re-run extracts only what is
new or changed and a killed run continues where it stopped.

    records.jsonl.state/            (beside --output; <output-dir>/.state/ without --output)
        lock                        held while a run writes (flock): two runs refuse each other
        state.json                  what the current records.jsonl holds: per document id the
                                    hash of the document as ingested, where its line is, what
                                    it counts; and the fingerprint it was extracted with
        state.next.json             the state of a records.jsonl being put in place
        journal-<fingerprint>.jsonl records extracted by this run or a killed one, batch by
                                    batch (fsync'd), keyed by document id and hash
        pending.pickle              the documents this run has to extract, in input order

A record is a function of the document and of the fingerprint (code, data files, versions of
the packages read, schema version, options), so a record whose document and fingerprint are
unchanged is carried over byte for byte, and the output equals a full run on the current input.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import IO, Any

import pipeline
from pipeline import SCHEMA_VERSION
from pipeline.document import Document
from pipeline.jsonl import dumps, pretty_json, remove_stale_temporaries

STATE_VERSION = 1
#: Distributions whose data (models, dictionaries, registers) can change a record.
DATA_PACKAGES = (
    "spacy", "pyvi", "morfeusz2", "langdetect", "lingua-language-detector",
    "vietnam-provinces", "vietnamadminunits", "underthesea", "vietnam-number",
)
_SKIPPED_PARTS = {"__pycache__"}
_SKIPPED_SUFFIXES = {".pyc", ".pyo"}


class ExtractLockError(RuntimeError):
    """Another extract run writes to the same output."""


def package_files(root: Path) -> list[Path]:
    """Every file of the package that a record can depend on: code, lexicons, taxonomies,
    profiles, the schema, and whatever is added later, without a list to keep up to date."""
    return sorted(
        path for path in root.rglob("*")
        if path.is_file() and not _SKIPPED_PARTS.intersection(path.relative_to(root).parts)
        and path.suffix not in _SKIPPED_SUFFIXES
    )


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "-"


def fingerprint(options: Any, root: Path | None = None) -> str:
    """One hash of everything besides the document that can change its record."""
    root = root or Path(pipeline.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in package_files(root):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    names = list(DATA_PACKAGES)
    # a named trained pipeline (configuration person_models) is a package too
    names += [model for _lang, model in getattr(options, "person_models", ())]
    for name in names:
        digest.update(f"{name}={_version(name)}\0".encode())
    digest.update(f"schema={SCHEMA_VERSION}\0options={options!r}".encode())
    return digest.hexdigest()[:32]


def document_hash(doc: Document) -> str:
    return hashlib.sha256(dumps(doc.to_json()).encode("utf-8")).hexdigest()[:32]


@dataclass
class Entry:
    """One document of the output: its id, the hash of its document, what its record counts,
    and where its line is (`where` a file handle key, byte offset and length)."""

    id: str
    hash: str
    language: str = "und"
    counts: dict[str, int] = field(default_factory=dict)
    failed: bool = False
    where: str = ""  # "records", "journal" or "" (to extract)
    offset: int = 0
    length: int = 0

    def to_state(self, offset: int) -> list:
        return [self.id, self.hash, offset, self.length, self.language, self.counts,
                self.failed]

    @classmethod
    def from_state(cls, item: list) -> Entry:
        doc_id, doc_hash, offset, length, language, counts, failed = item
        return cls(doc_id, doc_hash, language, dict(counts), bool(failed), "records",
                   int(offset), int(length))


def _file_identity(path: Path) -> dict[str, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return {"ino": stat.st_ino, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _write_json_atomic(path: Path, obj: Any) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp",
                               dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(dumps(obj))
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)


class ExtractState:
    """The state folder of one output: lock, committed state, journal and pending documents."""

    def __init__(self, output: Path | None, output_dir: Path | None, fingerprint: str):
        if output is not None:
            self.dir = output.parent / f"{output.name}.state"
        else:
            assert output_dir is not None
            self.dir = output_dir / ".state"
        self.output, self.output_dir, self.fingerprint = output, output_dir, fingerprint
        self.journal_path = self.dir / f"journal-{fingerprint[:16]}.jsonl"
        self.pending_path = self.dir / "pending.pickle"
        self._lock: IO[str] | None = None
        self._journal: IO[bytes] | None = None
        self._journal_size = 0

    # -- lock -----------------------------------------------------------------------------

    def lock(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        handle = open(self.dir / "lock", "a+")  # noqa: SIM115 (held for the whole run)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            target = self.output if self.output is not None else self.output_dir
            raise ExtractLockError(
                f"another extract run is writing to {target}; wait for it to end or give "
                "this one another --output"
            ) from None
        self._lock = handle

    def close(self) -> None:
        if self._journal is not None:
            self._journal.close()
            self._journal = None
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    # -- what the last completed run wrote --------------------------------------------------

    def committed(self) -> tuple[dict[str, Entry], bool]:
        """The entries of the current records.jsonl when the state provably describes it (else
        none: everything is extracted again), and whether they were made with this
        fingerprint (else they only tell which documents left the input)."""
        current = _file_identity(self.output) if self.output is not None else None
        for name in ("state.next.json", "state.json"):
            path = self.dir / name
            try:
                state = json.loads(path.read_text(encoding="utf-8"))
            except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
                continue
            if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
                continue
            if state.get("records") != current:
                continue  # records.jsonl is not the file this state describes
            if name == "state.next.json":  # killed between the two renames: finish the commit
                os.replace(path, self.dir / "state.json")
            entries = {item[0]: Entry.from_state(item) for item in state.get("documents", [])}
            return entries, state.get("fingerprint") == self.fingerprint
        return {}, False

    def journaled_ids(self) -> set[str]:
        """Ids of the records in the journals of runs killed before their end: their own files
        (--output-dir) may hold what the killed run extracted, and are written again."""
        ids: set[str] = set()
        for path in self.dir.glob("journal-*.jsonl"):
            ids.update(meta["id"] for meta, _offset in _journal_entries(path))
        return ids

    def previous_ids(self) -> set[str]:
        """Ids of every record file an earlier run may have written (for --output-dir)."""
        ids: set[str] = self.journaled_ids()
        for name in ("state.json", "state.next.json"):
            try:
                state = json.loads((self.dir / name).read_text(encoding="utf-8"))
                ids.update(item[0] for item in state.get("documents", []))
            except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError,
                    AttributeError, TypeError, IndexError):
                continue
        return ids

    # -- the journal of extracted records ---------------------------------------------------

    def open_journal(self, fresh: bool) -> dict[tuple[str, str], Entry]:
        """Records already extracted with this fingerprint (by a killed run), by (id, hash).
        Journals of other fingerprints are removed; a torn last entry is cut off."""
        for path in self.dir.glob("journal-*.jsonl"):
            if path != self.journal_path or fresh:
                path.unlink()
        done: dict[tuple[str, str], Entry] = {}
        end = 0
        if self.journal_path.exists():
            for meta, offset in _journal_entries(self.journal_path):
                entry = Entry(meta["id"], meta["hash"], meta["language"], meta["counts"],
                              meta["failed"], "journal", offset, meta["length"])
                done[(entry.id, entry.hash)] = entry
                end = offset + entry.length + 1
        self._journal = open(self.journal_path, "ab")  # noqa: SIM115 (closed in close())
        self._journal.truncate(end)
        self._journal.seek(end)
        self._journal_size = end
        return done

    def append(self, batch: list[tuple[Any, str, dict[str, int]]]) -> list[Entry]:
        """Append one batch of (engines.Extracted, document hash, counts) and make it
        durable; return where each record's line now is."""
        assert self._journal is not None
        chunks, entries = [], []
        position = self._journal_size
        for record, doc_hash, counts in batch:
            line = record.line.encode("utf-8")
            meta = dumps({"id": record.id, "hash": doc_hash, "language": record.language,
                          "counts": counts, "failed": record.failed,
                          "length": len(line),
                          "sha": hashlib.sha256(line).hexdigest()[:16]}).encode("utf-8") + b"\n"
            chunks += [meta, line, b"\n"]
            position += len(meta)
            entries.append(Entry(record.id, doc_hash, record.language, counts,
                                 record.failed, "journal", position, len(line)))
            position += len(line) + 1
        self._journal.write(b"".join(chunks))
        self._journal.flush()
        os.fsync(self._journal.fileno())
        self._journal_size = position
        return entries

    # -- documents waiting to be extracted --------------------------------------------------

    def write_pending(self, docs: Iterable[Document]) -> None:
        tmp = self.pending_path.with_suffix(".tmp")
        with open(tmp, "wb") as out:
            for doc in docs:
                pickle.dump(doc, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.pending_path)

    def read_pending(self) -> Iterator[Document]:
        with open(self.pending_path, "rb") as handle:
            while True:
                try:
                    yield pickle.load(handle)
                except EOFError:
                    return

    # -- putting a run's output in place ----------------------------------------------------

    def commit(self, plan: list[Entry], removed_ids: Iterable[str]) -> None:
        """Write records.jsonl in input order from the old file and the journal, then the state
        that describes it; every step can be interrupted and the next run still finds a
        consistent pair (see committed())."""
        for stale in (self.dir / "state.next.json",):
            stale.unlink(missing_ok=True)
        documents: list[list] = []
        identity = None
        if self.output is not None:
            identity, documents = self._write_records(plan)
        else:
            documents = [entry.to_state(0) for entry in plan]
        state = {"version": STATE_VERSION, "fingerprint": self.fingerprint,
                 "records": identity, "documents": documents}
        next_path = self.dir / "state.next.json"
        _write_json_atomic(next_path, state)
        if self.output_dir is not None:
            for doc_id in removed_ids:
                (self.output_dir / f"{doc_id}.json").unlink(missing_ok=True)
        if self.output is not None:
            os.replace(self._records_tmp, self.output)
        os.replace(next_path, self.dir / "state.json")
        if self._journal is not None:
            self._journal.close()
            self._journal = None
        self.journal_path.unlink(missing_ok=True)
        self.pending_path.unlink(missing_ok=True)

    def _write_records(self, plan: list[Entry]) -> tuple[dict[str, int], list[list]]:
        assert self.output is not None
        remove_stale_temporaries(self.output)
        fd, self._records_tmp = tempfile.mkstemp(
            prefix=f".{self.output.name}.{os.getpid()}.", suffix=".tmp", dir=self.output.parent
        )
        os.fchmod(fd, 0o666 & ~_umask())
        documents = []
        sources = self._open_sources()
        try:
            with os.fdopen(fd, "wb") as out:
                offset = 0
                for entry in plan:
                    handle = sources[entry.where]
                    handle.seek(entry.offset)
                    line = handle.read(entry.length)
                    out.write(line)
                    out.write(b"\n")
                    documents.append(entry.to_state(offset))
                    offset += entry.length + 1
                out.flush()
                os.fsync(out.fileno())
        finally:
            for handle in sources.values():
                handle.close()
        identity = _file_identity(Path(self._records_tmp))
        assert identity is not None
        return identity, documents

    def _open_sources(self) -> dict[str, IO[bytes]]:
        sources = {}
        if self.output is not None and self.output.exists():
            sources["records"] = open(self.output, "rb")  # noqa: SIM115 (closed by caller)
        if self.journal_path.exists():
            sources["journal"] = open(self.journal_path, "rb")  # noqa: SIM115
        return sources

    def read_line(self, entry: Entry) -> str:
        path = self.output if entry.where == "records" else self.journal_path
        assert path is not None
        with open(path, "rb") as handle:
            handle.seek(entry.offset)
            return handle.read(entry.length).decode("utf-8")

    def write_record_file(self, entry: Entry) -> None:
        """The record's own file from its line (the same bytes extract would write)."""
        from pipeline.jsonl import write_text_atomic

        assert self.output_dir is not None
        record = json.loads(self.read_line(entry))
        write_text_atomic(self.output_dir / f"{entry.id}.json", pretty_json(record))


def _umask() -> int:
    from pipeline.jsonl import _UMASK

    return _UMASK


def _journal_entries(path: Path) -> Iterator[tuple[dict[str, Any], int]]:
    """(meta, byte offset of the record line) of each complete journal entry; stops at the
    first torn or unreadable one (a run killed while appending)."""
    with open(path, "rb") as handle:
        offset = 0
        while True:
            meta_line = handle.readline()
            if not meta_line.endswith(b"\n"):
                return
            try:
                meta = json.loads(meta_line)
                length = int(meta["length"])
                str(meta["id"]), str(meta["hash"])
            except (ValueError, KeyError, TypeError):
                return
            line = handle.read(length + 1)
            if len(line) != length + 1 or not line.endswith(b"\n") or (
                hashlib.sha256(line[:-1]).hexdigest()[:16] != meta.get("sha")
            ):
                return
            yield meta, offset + len(meta_line)
            offset += len(meta_line) + length + 1
