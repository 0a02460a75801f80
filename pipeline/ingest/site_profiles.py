"""Site profiles: how to read one kind of site, written in TOML so a user adds a site without code.

A profile names the hosts it serves and CSS selectors for the title, date, body and what to
drop (`selector@attribute` reads an attribute instead of the element's text). Bundled profiles
live in pipeline/ingest/profiles/; more folders can be added with --profiles or the
PIPELINE_PROFILES environment variable (os.pathsep-separated).
"""

from __future__ import annotations

import fnmatch
import os
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import soupsieve

BUNDLED = Path(__file__).with_name("profiles")


class ProfileError(ValueError):
    """A profile file is malformed; the message names the file and the field."""


@dataclass(frozen=True)
class SiteProfile:
    name: str
    hosts: tuple[str, ...] = ()
    path_prefix: str = ""
    language: str | None = None
    signature: tuple[str, ...] = ()
    title: tuple[str, ...] = ()
    published: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    source_link: tuple[str, ...] = ()
    title_suffix: str = ""
    #: the province the site belongs to ("Cao Bằng"), a hint for its articles' province
    province: str | None = None
    crawl: dict = field(default_factory=dict, hash=False, compare=False)
    path: str = ""

    def matches_url(self, url: str | None) -> bool:
        if not url:
            return False
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if not any(fnmatch.fnmatchcase(host, pattern) for pattern in self.hosts):
            return False
        return parts.path.startswith(self.path_prefix) if self.path_prefix else True


def _strings(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ProfileError(f"{where} must be a string or a list of strings")


def _selectors(value: object, where: str) -> tuple[str, ...]:
    """`value`'s CSS selectors (`selector@attribute` specs allowed), each compiled now, so that a
    typo fails when the profile loads, naming the file and the key, instead of failing every
    page it is used on. soupsieve caches what it compiled: the pages reuse it."""
    specs = _strings(value, where)
    for spec in specs:
        selector = spec.partition("@")[0]
        try:
            soupsieve.compile(selector)
        except (soupsieve.SelectorSyntaxError, ValueError, TypeError) as err:
            first_line = str(err).splitlines()[0] if str(err) else type(err).__name__
            raise ProfileError(
                f"{where}: {spec!r} is not a valid CSS selector ({first_line})"
            ) from None
    return specs


#: The [crawl] keys that hold CSS selectors (the others are regular expressions, compiled by
#: pipeline.crawl.rules).
CRAWL_SELECTOR_KEYS = ("article_links", "pagination")


def load_profile(path: Path) -> SiteProfile:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise ProfileError(f"cannot read site profile {path}: {err}") from err
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise ProfileError(f"{path}: 'name' is required")
    article = data.get("article") or {}
    if not isinstance(article, dict) or not article.get("body"):
        raise ProfileError(f"{path}: [article] needs at least 'body' selectors")
    crawl = data.get("crawl") or {}
    if not isinstance(crawl, dict):
        raise ProfileError(f"{path}: [crawl] must be a table")
    for key in CRAWL_SELECTOR_KEYS:
        if key in crawl:
            _selectors(crawl[key], f"{path}: crawl.{key}")
    province = data.get("province")
    if province is not None and not (isinstance(province, str) and province.strip()):
        raise ProfileError(f"{path}: 'province' must be a province's name or code")
    return SiteProfile(
        name=name,
        hosts=tuple(h.lower() for h in _strings(data.get("hosts"), f"{path}: hosts")),
        path_prefix=str(data.get("path_prefix") or ""),
        language=data.get("language"),
        signature=_selectors(data.get("signature"), f"{path}: signature"),
        title=_selectors(article.get("title"), f"{path}: article.title"),
        published=_selectors(article.get("published"), f"{path}: article.published"),
        body=_selectors(article.get("body"), f"{path}: article.body"),
        drop=_selectors(article.get("drop"), f"{path}: article.drop"),
        source_link=_selectors(article.get("source_link"), f"{path}: article.source_link"),
        title_suffix=str(article.get("title_suffix") or ""),
        province=province,
        crawl=crawl,
        path=str(path),
    )


def profile_dirs(extra: tuple[str, ...] = ()) -> tuple[Path, ...]:
    env = tuple(p for p in os.environ.get("PIPELINE_PROFILES", "").split(os.pathsep) if p)
    return tuple(Path(p) for p in (*extra, *env)) + (BUNDLED,)


@lru_cache(maxsize=8)
def load_profiles(extra: tuple[str, ...] = ()) -> tuple[SiteProfile, ...]:
    """All profiles, user folders first so a user's profile overrides a bundled one by name."""
    seen: dict[str, SiteProfile] = {}
    for folder in profile_dirs(extra):
        if not folder.is_dir():
            raise ProfileError(f"profile folder {folder} does not exist")
        for path in sorted(folder.glob("*.toml")):
            profile = load_profile(path)
            seen.setdefault(profile.name, profile)
    return tuple(seen.values())


def profile_for_url(url: str | None, profiles: tuple[SiteProfile, ...]) -> SiteProfile | None:
    for profile in profiles:
        if profile.matches_url(url):
            return profile
    return None


def profile_by_name(name: str, profiles: tuple[SiteProfile, ...]) -> SiteProfile:
    for profile in profiles:
        if profile.name == name:
            return profile
    known = ", ".join(p.name for p in profiles)
    raise ProfileError(f"no site profile named {name!r} (known: {known})")
