"""`pipeline profile suggest`: a site profile drafted from a listing and a few article pages.

The pages (live URLs or saved files) are sorted into listings and articles as the crawl
does. From the articles: the headline element (h1 or what the site uses instead), the element
that holds the date, the smallest element holding most of the paragraph text (the body) and
the related / share / tag boxes inside it (drop). From the listings and the articles' own
URLs: the article URL pattern (`[crawl] article_url`) and the next-page links (`pagination`).
Every selector is kept only when it finds its element on every article given. The result is
TOML in the bundled profiles' format, to review and save in a --profiles folder.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import soupsieve
from bs4 import BeautifulSoup, Tag

from pipeline.crawl import listing
from pipeline.crawl.fetcher import Fetch, FetchError, FetchRequest
from pipeline.crawl.pages import declared_charset
from pipeline.ingest.dates import parse_published
from pipeline.ingest.decode import DecodeError, decode_bytes
from pipeline.ingest.html import make_soup, resolve_link
from pipeline.textnorm import collapse_spaces

_DROP_ALWAYS = ["script", "style", "noscript", "iframe", "form"]
VOCABULARY = Path(__file__).resolve().parent.parent / "data" / "common" / "profile_suggest.toml"


@dataclass(frozen=True)
class Vocabulary:
    drop_tokens: frozenset[str]
    date_name_parts: tuple[str, ...]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    data = tomllib.loads(VOCABULARY.read_text("utf-8"))
    return Vocabulary(frozenset(data["drop_tokens"]), tuple(data["date_name_parts"]))


_CLASS_OK = re.compile(r"^[A-Za-z_][\w-]*$")


class SuggestError(ValueError):
    """A page cannot be read, or too little was given to suggest a profile."""


@dataclass
class Page:
    source: str
    url: str
    soup: BeautifulSoup


@dataclass
class Suggestion:
    name: str
    hosts: list[str]
    language: str | None
    title: list[str] = field(default_factory=list)
    published: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    drop: list[str] = field(default_factory=list)
    title_suffix: str = ""
    article_url: str | None = None
    pagination: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_toml(self) -> str:
        def strings(values: list[str]) -> str:
            return "[" + ", ".join(_quote(v) for v in values) + "]"

        lines = [
            f"# Suggested by `pipeline profile suggest` from {len(self.notes)} pages; review it,",
            "# then save it in a folder given to --profiles (or PIPELINE_PROFILES).",
            *(f"#   {note}" for note in self.notes),
            f"name = {_quote(self.name)}",
        ]
        if self.language:
            lines.append(f"language = {_quote(self.language)}")
        lines += [f"hosts = {strings(self.hosts)}", "", "[article]"]
        lines.append(f"title = {strings(self.title)}")
        lines.append(f"published = {strings(self.published)}")
        lines.append(f"body = {strings(self.body)}")
        lines.append(f"drop = {strings(self.drop)}")
        if self.title_suffix:
            lines.append(f"title_suffix = {_quote(self.title_suffix)}")
        lines += ["", "[crawl]"]
        if self.article_url:
            lines.append(f"article_url = {_regex_literal(self.article_url)}")
        lines.append('article_links = ["a[href]"]')
        lines.append(f"pagination = {strings(self.pagination)}")
        return "\n".join(lines) + "\n"


def _quote(value: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, control characters included."""
    return json.dumps(value, ensure_ascii=False)


def _regex_literal(pattern: str) -> str:
    """A regular expression as a TOML literal string (backslashes as they are) where it can be."""
    return f"'{pattern}'" if "'" not in pattern and pattern.isprintable() else _quote(pattern)


# -- reading the pages --------------------------------------------------------------------


def read_source(source: str, *, fetch: Fetch | None = None) -> Page:
    """A page from a live URL (through `fetch`: the crawl's polite stack, so robots.txt and the
    rate limit hold) or from a saved file."""
    if source.startswith(("http://", "https://")):
        if fetch is None:
            raise SuggestError(f"cannot fetch {source}: no fetcher given")
        try:
            response = fetch(FetchRequest(source))
        except FetchError as err:  # RobotsDisallowed among them
            raise SuggestError(f"cannot fetch: {err}") from None
        if not 200 <= response.status < 300:
            status = f"HTTP {response.status} {response.reason}".rstrip()
            raise SuggestError(f"cannot fetch: {response.url}: {status}")
        data, url = response.body, response.url
        declared = declared_charset(response.headers, data)
    else:
        path = Path(source)
        try:
            data = path.read_bytes()
        except OSError as err:
            raise SuggestError(f"cannot read {source}: {err}") from None
        url, declared = "", None
    try:
        text, _ = decode_bytes(data, what=source, declared=declared, html=True)
    except DecodeError as err:
        raise SuggestError(str(err)) from None
    soup = make_soup(text)
    if not url:  # a saved page: where it came from, by its own links
        for spec in ("link[rel=canonical]", "meta[property='og:url']"):
            node = soup.select_one(spec)
            value = node.get("href") or node.get("content") if node is not None else None
            if isinstance(value, str) and value.startswith(("http://", "https://")):
                url = value
                break
        else:
            raise SuggestError(
                f"{source}: a saved page needs its address (a canonical link or og:url); "
                "give the URL instead"
            )
    return Page(source, url, soup)


def _is_article(soup: BeautifulSoup, links: listing.ListingLinks) -> bool:
    if soup.select_one("meta[property='article:published_time'], [itemprop=articleBody]"):
        return True
    return not listing.is_listing(soup, links) and soup.find("h1") is not None


# -- selectors ----------------------------------------------------------------------------


def _selector(node: Tag) -> str:
    """A CSS selector for `node`: its id, else its tag and most telling class."""
    node_id = node.get("id")
    if isinstance(node_id, str) and _CLASS_OK.match(node_id) and not re.search(r"\d{3,}", node_id):
        return f"#{node_id}"
    classes = [c for c in node.get("class") or [] if _CLASS_OK.match(c)]
    if classes:
        return f"{node.name}.{max(classes, key=len)}"
    if node.get("itemprop"):
        # quoted: a value may hold spaces or a colon ("articleBody text", "schema:date")
        return f'[itemprop="{soupsieve.escape(node.get("itemprop"))}"]'
    return str(node.name)


def _common(choices: list[str], pages: list[Page], *, unique: bool = False) -> list[str]:
    """The selectors (most chosen first) that find an element on every page."""
    out = []
    for selector, _ in Counter(choices).most_common():
        hits = [len(p.soup.select(selector)) for p in pages]
        if all(hits) and (not unique or max(hits) == 1):
            out.append(selector)
    return out


def _body_node(soup: BeautifulSoup) -> Tag | None:
    """The smallest element holding most of the page's paragraph text."""
    paragraphs = [p for p in soup.find_all("p") if len(p.get_text(" ", strip=True)) >= 40]
    total = sum(len(p.get_text(" ", strip=True)) for p in paragraphs)
    if not total:
        return None
    # By identity: bs4 compares tags by content, and two "Ảnh: TTXVN" lines are equal.
    counted = {id(p): len(p.get_text(" ", strip=True)) for p in paragraphs}
    best, best_size = None, 0
    for node in soup.find_all(["div", "article", "section", "main", "td"]):
        inside = sum(counted.get(id(p), 0) for p in node.find_all("p"))
        if inside >= 0.8 * total:
            size = len(str(node))
            if best is None or size < best_size:
                best, best_size = node, size
    return best


def _title_node(soup: BeautifulSoup) -> Tag | None:
    heads = soup.find_all("h1")
    if len(heads) == 1:
        return heads[0]
    for node in soup.select("[itemprop=headline], .title, .detail-title, .article-title"):
        return node
    return heads[0] if heads else None


def _date_node(soup: BeautifulSoup, title: Tag | None) -> str | None:
    if soup.select_one("meta[property='article:published_time'][content]"):
        return "meta[property='article:published_time']@content"
    time = soup.select_one("time[datetime]")
    if time is not None and parse_published(str(time.get("datetime"))):
        return f"{_selector(time)}@datetime"
    after = title.find_all_next(True, limit=60) if title is not None else soup.find_all(True)
    for node in after:
        if node.find(True) is not None and len(node.get_text(" ", strip=True)) > 80:
            continue
        tokens = " ".join([*(node.get("class") or []), str(node.get("id") or "")]).lower()
        parts = vocabulary().date_name_parts
        if any(t in tokens for t in parts) and parse_published(node.get_text(" ")):
            return _selector(node)
    return None


def _title_suffix(soup: BeautifulSoup, headline: str) -> str:
    # Spaces collapsed as parse_html collapses the title it strips the suffix from.
    title = collapse_spaces(soup.title.get_text(" ")) if soup.title else ""
    headline = collapse_spaces(headline)
    if headline and title.startswith(headline) and len(title) > len(headline):
        return title[len(headline) :].rstrip()
    return ""


# -- URLs ---------------------------------------------------------------------------------


def article_url_pattern(urls: list[str]) -> str | None:
    """A regex on path?query matching the given article URLs (their common shape)."""
    paths = [urlsplit(u).path for u in urls]
    if not paths:
        return None
    split = [[s for s in p.split("/") if s] for p in paths]
    depth = Counter(len(s) for s in split).most_common(1)[0][0]
    split = [s for s in split if len(s) == depth]
    parts = []
    for position in range(depth):
        segments = [s[position] for s in split]
        # A shared word (index.php, pl, news) stays; numbers (years, months) never do, nor
        # categories (words joined by hyphens): a list links articles filed under others.
        shared = segments[0] if len(set(segments)) == 1 else ""
        if shared and position < depth - 1 and not shared.isdigit() and "-" not in shared:
            parts.append(re.escape(segments[0]))
            continue
        kinds = {listing._segment_class(s) for s in segments}
        exts = {k.partition(".")[2] for k in kinds}
        ext = r"\." + exts.pop() if len(exts) == 1 and "" not in exts else ""
        if {k.partition(".")[0] for k in kinds} == {"N"}:
            stem = r"\d+"
        elif {k.partition(".")[0] for k in kinds} == {"S-N"}:
            stem = r"[^/?#]*\d{4,}"
        else:
            stem = r"[^/?#]+"
        parts.append(stem + ext)
    slash = "/?" if any(p.endswith("/") for p in paths) else ""
    return "^/" + "/".join(parts) + slash + "$"


def _pagination(page: Page, links: listing.ListingLinks) -> list[str]:
    nexts = set(links.next_pages)
    found: list[str] = []
    for node in page.soup.find_all(["a", "link"], href=True):
        target = resolve_link(node.get("href"), page.url)
        if target not in nexts:
            continue
        if "next" in (node.get("rel") or []):
            found.append(f"{node.name}[rel~=next][href]")
            continue
        container = next(
            (
                p
                for p in node.parents
                if isinstance(p, Tag) and p.get("class") and p.name not in ("li", "span")
            ),
            None,
        )
        if node.get("class"):
            found.append(f"{_selector(node)}[href]")
        if container is not None:
            found.append(f"{_selector(container)} a[href]")
    return list(dict.fromkeys(found))


# -- the whole suggestion -----------------------------------------------------------------


def suggest_profile(pages: list[Page], name: str | None = None) -> Suggestion:
    # Each page is read once as a listing: the reading decides its kind and, for a listing,
    # gives its article links and next pages.
    readings = [listing.read_listing(p.soup, p.url) for p in pages]
    kinds = [_is_article(p.soup, links) for p, links in zip(pages, readings, strict=True)]
    articles = [p for p, is_article in zip(pages, kinds, strict=True) if is_article]
    listings = [
        (p, r) for p, r, is_article in zip(pages, readings, kinds, strict=True) if not is_article
    ]
    if not articles:
        raise SuggestError("no article page among the pages given: add two or three articles")
    hosts = sorted({urlsplit(p.url).hostname or "" for p in pages} - {""})
    lang = articles[0].soup.html.get("lang") if articles[0].soup.html else None
    suggestion = Suggestion(
        name=name or (re.sub(r"^www\.", "", hosts[0]).replace(".", "-") if hosts else "site"),
        hosts=hosts,
        language=str(lang).split("-")[0].lower() if lang else None,
    )
    suggestion.notes = [
        f"{'article' if yes else 'listing'}: {p.source}"
        for p, yes in zip(pages, kinds, strict=True)
    ]
    titles, dates, bodies, drops, suffixes = [], [], [], [], []
    for page in articles:
        title = _title_node(page.soup)
        if title is not None:
            titles.append(_selector(title))
            suffixes.append(_title_suffix(page.soup, title.get_text(" ", strip=True)))
        date = _date_node(page.soup, title)
        if date:
            dates.append(date)
        body = _body_node(page.soup)
        if body is not None:
            bodies.append(_selector(body))
            for node in body.find_all(True):
                tokens = {t for c in node.get("class") or [] for t in re.split(r"[-_]", c.lower())}
                if tokens & vocabulary().drop_tokens and node.get("class"):
                    drops.append(_selector(node))
    suggestion.title = _common(titles, articles, unique=True) or ["h1"]
    suggestion.title.append("meta[property='og:title']@content")
    suggestion.published = [
        d for d in dict.fromkeys(dates) if "@" in d or _common([d], articles)
    ] or ["meta[property='article:published_time']@content", "time@datetime"]
    suggestion.body = _common(bodies, articles, unique=True)
    if not suggestion.body:
        raise SuggestError("no element holds the body text on every article given")
    suggestion.drop = _DROP_ALWAYS + sorted(set(drops) - set(suggestion.body))
    common_suffix = set(suffixes)
    if len(common_suffix) == 1:
        suggestion.title_suffix = common_suffix.pop()
    links = [p.url for p in articles]
    for _, found in listings:
        links.extend(found.articles)
    suggestion.article_url = article_url_pattern(links)
    pagination = [s for page, found in listings for s in _pagination(page, found)]
    suggestion.pagination = list(dict.fromkeys([*pagination, "a[rel~=next][href]"]))
    return suggestion
