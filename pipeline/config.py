"""User configuration (TOML), loaded once and validated with clear errors.

    [extract]
    # a trained spaCy pipeline per language whose person entities are merged with the rules
    person_models = { pl = "pl_core_news_lg" }
    max_chars = 1000000             # extract from the first N characters of longer texts

    [ingest]
    profiles = ["my_profiles/"]     # extra site-profile folders
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

#: The longest text extracted from: ~150,000 words, fifty times a long provincial report. Longer
#: "articles" are page dumps or broken input; their record keeps the whole text, the items come
#: from its beginning and an error entry says so. Without it a 10 MB article dense with figures
#: took ~50 s and ~1 GB of one worker and gave a 51 MB record.
MAX_EXTRACT_CHARS = 1_000_000


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Config:
    person_models: dict[str, str] = field(default_factory=dict)
    profile_dirs: tuple[str, ...] = ()
    max_chars: int = MAX_EXTRACT_CHARS


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"cannot read configuration {path}: {err}") from err
    extract = data.get("extract", {})
    ingest = data.get("ingest", {})
    models = extract.get("person_models", {})
    if not isinstance(models, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in models.items()
    ):
        raise ConfigError(f"{path}: [extract] person_models must map language codes to names")
    profiles = ingest.get("profiles", [])
    if not isinstance(profiles, list) or not all(isinstance(p, str) for p in profiles):
        raise ConfigError(f"{path}: [ingest] profiles must be a list of folders")
    max_chars = extract.get("max_chars", MAX_EXTRACT_CHARS)
    if type(max_chars) is not int or max_chars < 1:
        raise ConfigError(f"{path}: [extract] max_chars must be a positive whole number")
    base = path.parent
    return Config(
        person_models=dict(sorted(models.items())),
        profile_dirs=tuple(str((base / p).resolve()) for p in profiles),
        max_chars=max_chars,
    )
