"""User configuration (TOML), loaded once and validated with clear errors.

    [extract]
    # a trained spaCy pipeline per language whose person entities are merged with the rules
    person_models = { pl = "pl_core_news_lg" }

    [ingest]
    profiles = ["my_profiles/"]     # extra site-profile folders
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Config:
    person_models: dict[str, str] = field(default_factory=dict)
    profile_dirs: tuple[str, ...] = ()


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
    base = path.parent
    return Config(
        person_models=dict(sorted(models.items())),
        profile_dirs=tuple(str((base / p).resolve()) for p in profiles),
    )
