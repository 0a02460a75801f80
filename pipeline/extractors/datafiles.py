"""The extractors' language data: where it lives and how its TOML files are read."""

from __future__ import annotations

import tomllib
from pathlib import Path

#: pipeline/data/<lang>/ holds one language's files, pipeline/data/common/ the shared ones.
DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def string_list(data: dict, key: str, where: str, error: type[Exception]) -> list[str]:
    """`data[key]`, a list of strings ([] when absent); else `error` naming `where`."""
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise error(f"{where}: {key} must be a list of strings")
    return value


def load_toml(path: Path, error: type[Exception], *, required: bool = True) -> dict:
    """The table in a TOML data file; {} for a missing file that is not `required`.

    A missing required file, an unreadable or a malformed one raises `error` (the extractor's
    own data error type) with a message naming the file.
    """
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as exc:
        if not required:
            return {}
        raise error(f"data file {path} is missing") from exc
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise error(f"cannot read {path}: {exc}") from exc
