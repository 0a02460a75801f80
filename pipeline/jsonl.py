"""JSON Lines reading and atomic writing: a crash never leaves a half-written output file."""

from __future__ import annotations

import glob
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


def dumps(obj: Any) -> str:
    """The one serialisation of every output: UTF-8 text, fixed key order, no spaces."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


class AtomicWriter:
    """Write a file beside its destination and move it into place only on success.

    On an exception the temporary file is removed and whatever was at `path` before stays.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self._file: IO[str] | None = None
        self._tmp: str | None = None

    def __enter__(self) -> IO[str]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(self.path)
        fd, self._tmp = tempfile.mkstemp(
            prefix=f".{self.path.name}.{os.getpid()}.", suffix=".tmp", dir=self.path.parent
        )
        # mkstemp makes the file private (0600); outputs get the usual mode the umask allows
        os.fchmod(fd, 0o666 & ~_UMASK)
        self._file = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        return self._file

    def __exit__(self, exc_type, exc, tb) -> None:
        assert self._file is not None and self._tmp is not None
        try:
            if exc_type is None:
                self._file.flush()
                os.fsync(self._file.fileno())
            self._file.close()
            if exc_type is None:
                os.replace(self._tmp, self.path)
        finally:
            if os.path.exists(self._tmp):
                os.unlink(self._tmp)


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# read once, at import: os.umask can only be read by setting it, which is racy across threads
_UMASK = _read_umask()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temporaries(path: Path) -> None:
    """Remove temporaries of `path` left by a writer that was killed (its process is gone);
    those of a live writer stay."""
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        pid = tmp.name[len(path.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            tmp.unlink(missing_ok=True)


def pretty_json(obj: Any) -> str:
    """The pretty-printed form of one record file, for people who open records one by one."""
    return json.dumps(obj, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def write_text_atomic(path: Path, text: str) -> None:
    with AtomicWriter(path) as out:
        out.write(text)


def iter_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """Yield (line number, object or None, error message or None) for each non-empty line."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                yield number, None, f"{path}:{number}: not valid JSON ({err.msg})"
                continue
            if not isinstance(obj, dict):
                yield number, None, f"{path}:{number}: expected a JSON object"
                continue
            yield number, obj, None
