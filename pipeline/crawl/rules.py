"""How to crawl one kind of site: the [crawl] table of a site profile, compiled and checked.

    [crawl]
    article_url = 'index\\.php/[^/?#]+/[^/?#]+-\\d+\\.html$'  # regex on path?query: an article
    listing_url = '...'          # optional regex: pages that list articles (default: any other)
    skip_url = ['tmpl=component'] # optional regexes: never followed (print views, mail forms)
    article_links = ["a[href]"]  # where article links are, on listing and article pages
    pagination = [".pagination .next a[href]", "a[rel=next]"]  # the first selector that
                                                                # finds links wins

Sites without a profile are read by pipeline.crawl.listing (next page by every convention, the
main list's article links); where a profile's pagination finds no next page, so are they.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from pipeline.ingest.site_profiles import ProfileError, SiteProfile, profile_for_url

_GENERIC_SLUG = re.compile(
    r"/[^/?#]*(?:-[^/?#-]+){3,}(?:\.html?)?/?$|/[^/?#]*\d{4,}[^/?#]*\.html?$"
)
_GENERIC_SKIP = (
    re.compile(r"[?&](?:print|tmpl|format|share|replytocom)=", re.I),
    re.compile(r"/(?:tag|tags|author|login|register|search|feed)(?:/|$)", re.I),
    re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|zip|rar|jpe?g|png|gif|webp|mp[34]|avi)$", re.I),
)


@dataclass(frozen=True)
class CrawlRules:
    profile: SiteProfile | None
    article_url: re.Pattern[str] | None = None
    listing_url: re.Pattern[str] | None = None
    skip_url: tuple[re.Pattern[str], ...] = ()
    article_links: tuple[str, ...] = ("a[href]",)
    pagination: tuple[str, ...] = ("a[rel~=next][href]", "link[rel~=next][href]")

    @property
    def name(self) -> str | None:
        return self.profile.name if self.profile else None

    def is_article_url(self, url: str) -> bool:
        target = _path_query(url)
        if self.article_url is not None:
            return bool(self.article_url.search(target))
        return bool(_GENERIC_SLUG.search(urlsplit(url).path))

    def is_listing_url(self, url: str) -> bool:
        if self.listing_url is not None:
            return bool(self.listing_url.search(_path_query(url)))
        return not self.is_article_url(url)

    def is_skipped(self, url: str) -> bool:
        target = _path_query(url)
        patterns = self.skip_url if self.profile is not None else _GENERIC_SKIP
        return any(p.search(target) for p in patterns)


def _path_query(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _regex(value: object, where: str) -> re.Pattern[str] | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ProfileError(f"{where} must be a regular expression string")
    try:
        return re.compile(value)
    except re.error as err:
        raise ProfileError(f"{where} is not a valid regular expression: {err}") from None


def _selectors(value: object, where: str, default: tuple[str, ...]) -> tuple[str, ...]:
    if value is None:
        return default
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ProfileError(f"{where} must be a string or a list of strings")


@lru_cache(maxsize=64)
def crawl_rules(profile: SiteProfile | None) -> CrawlRules:
    """Compile a profile's [crawl] table; ProfileError names the file and the bad field."""
    if profile is None:
        return CrawlRules(profile=None)
    table = profile.crawl or {}
    where = f"{profile.path or profile.name}: [crawl]"
    known = {"article_url", "listing_url", "skip_url", "article_links", "pagination"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ProfileError(f"{where} has unknown keys {unknown} (known: {sorted(known)})")
    skip = tuple(
        _regex(p, f"{where} skip_url")
        for p in _selectors(table.get("skip_url"), f"{where} skip_url", ())
    )
    generic = CrawlRules(profile=None)
    return CrawlRules(
        profile=profile,
        article_url=_regex(table.get("article_url"), f"{where} article_url"),
        listing_url=_regex(table.get("listing_url"), f"{where} listing_url"),
        skip_url=tuple(p for p in skip if p is not None),
        article_links=_selectors(
            table.get("article_links"), f"{where} article_links", generic.article_links
        ),
        pagination=_selectors(table.get("pagination"), f"{where} pagination", generic.pagination),
    )


def rules_for_url(url: str, profiles: tuple[SiteProfile, ...]) -> CrawlRules:
    return crawl_rules(profile_for_url(url, profiles))


def check_profiles(profiles: tuple[SiteProfile, ...]) -> None:
    """Fail before the first request if any profile's [crawl] table is malformed."""
    for profile in profiles:
        crawl_rules(profile)
