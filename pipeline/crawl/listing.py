"""Listing pages of sites without a site profile: the next page and the list's own articles.

Next page, by the conventions news sites use, most explicit first:
  1. `rel=next` on a `<link>` or `<a>`;
  2. a link whose text, title or aria-label says "next" ("Trang sau", "Tiếp", "»", "Następna",
     "Dalej", "Next"...; data/common/crawl_listing.toml) and that stays in this list;
  3. numbered pagination and URL patterns: a link to this same list (`page_of` finds the list
     and the number in `?start=N`, `?page=N`, `?p=N`, `/page/N/`, `/trang-N`, `-pN`, `-pageN`,
     `/pN`, `.../N.htm`) with the smallest number above this page's;
  4. "load more" endpoints the page names (data-url and kin on a button, a script variable
     with a timeline URL) that return HTML fragments; a fragment's next one is its number + 1.

Article links: links in the page's main part (menus, header, footer, sidebars and boxes headed
"most read", "related"... removed) whose URL looks like an article: a slug of words or a long
numeric id (`looks_like_article_url`), or that sit in a headline (h2-h4 or an element classed
title) -- those come back as "candidate" links, which the crawl follows only when their URL has
the shape of articles already read on that host (`UrlShapes`).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from bs4 import BeautifulSoup, Tag

from pipeline.ingest.html import make_soup, resolve_link

VOCABULARY = Path(__file__).resolve().parent.parent / "data" / "common" / "crawl_listing.toml"

#: A page number in the path: /page/2/, /trang-2.htm, /trang2, -p2, -page2, -trang-2, /p2,
#: and a last segment that is only a number (/timelinelist/1003/2.htm).
_PATH_PAGE = re.compile(
    r"(?P<sep>/(?:page|trang|p|pages|strona)[-/]?|[-_](?:p|page|trang|strona)-?|/)"
    r"(?P<n>\d{1,4})(?P<ext>\.[a-z]{2,5})?/?$",
    re.I,
)
_SLUG = re.compile(
    r"/[^/?#]*(?:-[^/?#-]+){3,}(?:\.[a-z]{2,5})?/?$|/[^/?#]*\d{5,}[^/?#]*$|"
    r"/[^/?#]*\d{4,}[^/?#]*\.[a-z]{2,5}$",
    re.I,
)
#: A script variable naming a timeline / "load more" endpoint (not WordPress's ajaxurl, which
#: every page of such a site carries).
_SCRIPT_URL = re.compile(
    r"""\b\w*(?:timeline|loadmore|load_more|viewmore|xemthem)\w*\s*[:=]\s*["']([^"'\s]+)["']""",
    re.I,
)
_PLACEHOLDER = re.compile(r"\{(?:page|p|0|pageindex|n)\}|%d|\$\{?page\}?", re.I)
_TOKEN_SPLIT = re.compile(r"[-_\s]+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Vocabulary:
    next_texts: frozenset[str]
    box_headings: frozenset[str]
    boilerplate_tokens: frozenset[str]
    related_tokens: frozenset[str]
    page_params: frozenset[str]
    offset_params: frozenset[str]
    load_more_attributes: tuple[str, ...]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    data = tomllib.loads(VOCABULARY.read_text("utf-8"))
    return Vocabulary(
        next_texts=frozenset(data["next_texts"]),
        box_headings=frozenset(data["box_headings"]),
        boilerplate_tokens=frozenset(data["boilerplate_tokens"]),
        related_tokens=frozenset(data["related_tokens"]),
        page_params=frozenset(data["page_params"]),
        offset_params=frozenset(data["offset_params"]),
        load_more_attributes=tuple(data["load_more_attributes"]),
    )


# -- which list a URL is, and its page number ---------------------------------------------


@dataclass(frozen=True)
class PageOf:
    """A listing URL as (the list, the page number, whether the number counts articles)."""

    base: str
    number: int | None  # None: the list's first page, named without a number
    offset: bool = False
    template: str = ""  # the URL with {n} for the number ("" for a first page)

    def url_for(self, number: int) -> str | None:
        return self.template.replace("{n}", str(number)) if self.template else None

    def continues(self, here: PageOf) -> bool:
        """A page of the same list as `here`: the same base, or the same path with more
        parameters (portals add their own to page 2's address: ?p_p_id=...&_x_cur=2)."""
        if self.base == here.base:
            return True
        path, _, query = self.base.partition("?")
        here_path, _, here_query = here.base.partition("?")
        if path != here_path:
            return False
        mine = set(query.split("&")) - {""}
        return set(here_query.split("&")) - {""} <= mine


def _strip_extension(path: str) -> str:
    # Sites name their pages .htm, .html, .aspx, .vnp, .bcb, .tpo...: one list either way.
    path = re.sub(r"\.[a-z]{2,5}$", "", path, flags=re.I)
    return path.rstrip("/") or "/"


@lru_cache(maxsize=8192)  # one URL is asked about several times per page (a pure function)
def page_of(url: str) -> PageOf:
    parts = urlsplit(url)
    words = vocabulary()
    site = _host(url) + (f":{parts.port}" if parts.port else "")
    query = parse_qsl(parts.query, keep_blank_values=True)
    for index, (key, value) in enumerate(query):
        name = key.lower()
        # Portal platforms prefix the parameter with their portlet's id: "_101_INSTANCE_x_cur".
        numbered = name in words.page_params or name.endswith(("_cur", "_page", "pageindex"))
        if value.isdigit() and (numbered or name in words.offset_params):
            rest = [(k, v) for i, (k, v) in enumerate(query) if i != index]
            base = f"{site}{_strip_extension(parts.path)}?{urlencode(sorted(rest))}"
            marked = [*query[:index], (key, "__N__"), *query[index + 1 :]]
            template = urlunsplit(parts._replace(query=urlencode(marked))).replace("__N__", "{n}")
            return PageOf(base, int(value), name in words.offset_params, template)
    rest = sorted(query)
    match = _PATH_PAGE.search(parts.path)
    if match and match.start() > 0:
        stem = parts.path[: match.start()]
        base = f"{site}{_strip_extension(stem)}?{urlencode(rest)}"
        path = parts.path[: match.start("n")] + "{n}" + parts.path[match.end("n") :]
        template = urlunsplit(parts._replace(path=path, fragment=""))
        return PageOf(base, int(match.group("n")), False, template)
    base = f"{site}{_strip_extension(parts.path)}?{urlencode(rest)}"
    return PageOf(base, None)


def _number(page: PageOf) -> int:
    """This page's place: an unnumbered first page is before every numbered one."""
    return page.number if page.number is not None else -1


# -- the page, its parts and its links ----------------------------------------------------


def _text(node: Tag) -> str:
    return _SPACES.sub(" ", node.get_text(" ", strip=True)).strip().lower()


def _tokens(node: Tag) -> set[str]:
    """Words of the class and id names, and runs of two or three of them joined: the same
    box is "box-xemnhieu" on one site and "box-tin-xem-nhieu" or "most-read" on another."""
    names = [*(node.get("class") or []), str(node.get("id") or "")]
    out: set[str] = set()
    for name in names:
        parts = [t for t in _TOKEN_SPLIT.split(name.lower()) if t]
        out.update(parts)
        for size in (2, 3):
            out.update("".join(parts[i : i + size]) for i in range(len(parts) - size + 1))
    return out


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def _same_host(url: str, base: str) -> bool:
    """Same site: www.example.vn and example.vn are one site."""
    return _host(url) == _host(base)


def _anchors(root: Tag, base_url: str) -> list[tuple[Tag, str]]:
    out = []
    for node in root.find_all("a", href=True):
        href = str(node.get("href"))
        if href.strip().startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        url = resolve_link(href, base_url)
        if url and urlsplit(url).scheme in ("http", "https"):
            out.append((node, url.split("#", 1)[0]))
    return out


def _headline_count(node: Tag) -> int:
    """Links whose text reads like a headline (four words or more)."""
    return sum(1 for a in node.find_all("a", href=True) if len(_text(a).split()) >= 4)


def _in_article(node: Tag) -> bool:
    return any(isinstance(p, Tag) and p.name == "article" for p in node.parents)


#: The page's own header and footer by class or id: names that begin with header/footer
#: (header, footer-portal, header_top) or with the site's/theme's prefix (site-footer,
#: sp-header, td-header-wrap); not a card's "card-header" nor an item's "entry-header", and
#: none that holds a linked headline.
_PAGE_HEADER = re.compile(r"^(?:(?:site|main|top|global|sp|td|jeg|g)[-_])?(?:header|footer)", re.I)


def _page_header(node: Tag) -> bool:
    names = [*(node.get("class") or []), str(node.get("id") or "")]
    if not any(_PAGE_HEADER.match(name) for name in names) or _in_article(node):
        return False
    # Joomla puts each item's linked headline in a div.page-header: a headline stays.
    return not any(h.find("a", href=True) for h in node.find_all(["h2", "h3", "h4"]))


def main_part(soup: BeautifulSoup, *, keep_related: bool = False, consume: bool = False) -> Tag:
    """The page without menus, header, footer, sidebars and other lists' boxes: a copy, or
    `soup` itself cut down when the caller is done with it (`consume`: no second parse).

    A list item's own header and footer (WordPress's `<article><header class=entry-header>`)
    stay: only the page's are dropped. On article pages (`keep_related`) related boxes stay.
    """
    copy = soup if consume else make_soup(str(soup))
    words = vocabulary()
    for node in copy.find_all(["nav", "aside", "script", "style", "form"]):
        node.decompose()
    for node in copy.find_all(["header", "footer"]):
        # A list item's own <header> holds its headline (h2-h4); the page's does not.
        if not node.decomposed and not _in_article(node) and not node.find(["h2", "h3", "h4"]):
            node.decompose()
    drop_tokens = words.boilerplate_tokens - {"header", "footer"}
    if keep_related:
        drop_tokens = drop_tokens - words.related_tokens
    headlines = max(1, _headline_count(copy))
    for node in copy.find_all(True):
        if node.decomposed or node.name in ("html", "body", "article"):
            continue
        if {"hentry", "type-post"} & set(node.get("class") or []):
            continue  # a WordPress post, whatever its category-/tag- classes say
        if not (_tokens(node) & drop_tokens or _page_header(node)):
            continue
        # Names lie: VnExpress's main column was "sidebar_1". What holds most of the page's
        # headlines is the list, whatever it is called.
        if _headline_count(node) * 2 > headlines:
            continue
        node.decompose()
    if keep_related:
        return copy.body or copy
    total = max(1, len(copy.find_all("a", href=True)))
    for heading in copy.find_all(["h2", "h3", "h4", "h5", "h6", "div", "span", "strong", "p"]):
        if heading.decomposed:
            continue
        text = _text(heading)
        if not text or len(text) > 40 or text.rstrip(" :") not in words.box_headings:
            continue
        box = heading.parent
        # A box is a small part of the page: never the list itself (a category named "Tin mới").
        if (
            isinstance(box, Tag)
            and box.name not in ("html", "body")
            and len(box.find_all("a", href=True)) < total * 0.4
        ):
            box.decompose()
    return copy.body or copy


# -- next page ----------------------------------------------------------------------------


def _says_next(node: Tag) -> bool:
    words = vocabulary().next_texts
    for value in (_text(node), str(node.get("title") or ""), str(node.get("aria-label") or "")):
        value = _SPACES.sub(" ", value).strip().lower()
        if value and (value in words or value.strip(" »›>→«‹<") in words):
            return True
    if len(_text(node)) > 20:
        return False
    if _tokens(node) & {"next", "older"}:
        return True
    parent = node.parent
    return isinstance(parent, Tag) and parent.name in ("li", "span") and "next" in _tokens(parent)


def next_pages(soup: BeautifulSoup, url: str, *, fragment: bool = False) -> list[str]:
    """The next page of this list (usually one URL; more when conventions disagree)."""
    here = page_of(url)
    found: list[str] = []
    for node in soup.select("link[rel~=next][href], a[rel~=next][href]"):
        target = resolve_link(node.get("href"), url)
        # (a post's "next post" link, rel=next in many themes, is an article, not a page)
        if target and _same_host(target, url) and not looks_like_article_url(target):
            found.append(target.split("#", 1)[0])
    later: list[tuple[int, str, str]] = []
    for node, target in _anchors(soup, url):
        if not _same_host(target, url) or target == url:
            continue
        page = page_of(target)
        if page.number is not None and page.number > _number(here) and page.continues(here):
            # Numbered pagination and URL patterns: a page of this same list, further on.
            limit = 500 if page.offset else 10
            if page.number - max(_number(here), 0) <= limit:
                later.append((page.number, target, _text(node)))
        elif _says_next(node) and not looks_like_article_url(target):
            same_path = _strip_extension(urlsplit(target).path) == _strip_extension(
                urlsplit(url).path
            )
            if page.base == here.base or same_path or _in_pagination(node):
                found.append(target)
    if later:
        # The link numbered one more than the page marked current ("2" on the first page,
        # whatever the URL counts: VietnamNet's second page is -page1), else the nearest.
        shown = _current_number(soup)
        wanted = [t for _, t, text in later if shown is not None and text == str(shown + 1)]
        found.append(wanted[0] if wanted else min(later)[1])
    found.extend(load_more(soup, url))
    if fragment and not found and here.number is not None:
        following = here.url_for(here.number + 1)
        if following:
            found.append(following)
    return [u for u in dict.fromkeys(found) if u != url]


_CURRENT_TOKENS = {"active", "current", "selected", "on", "is-active"}


def _current_number(soup: BeautifulSoup) -> int | None:
    """The number the pagination shows as this page's (an active item, aria-current)."""
    for node in soup.find_all(["span", "strong", "b", "em", "li", "a"]):
        text = _text(node)
        if not text.isdigit() or len(text) > 4:
            continue
        if (
            node.get("aria-current")
            or _tokens(node) & _CURRENT_TOKENS
            or (
                isinstance(node.parent, Tag)
                and node.parent.name == "li"
                and _tokens(node.parent) & _CURRENT_TOKENS
            )
        ):
            return int(text)
    return None


def _in_pagination(node: Tag) -> bool:
    for parent in node.parents:
        if not isinstance(parent, Tag) or parent.name in ("body", "html"):
            return False
        if any(t.startswith(("pag", "phantrang", "paging")) for t in _tokens(parent)):
            return True
    return False


def _loads_more(node: Tag) -> bool:
    """A button or link that says "next" or is named for more / a timeline."""
    tokens = _tokens(node)
    if tokens & {"xemthem", "next"} or any("more" in t or "timeline" in t for t in tokens):
        return True
    return _says_next(node)


def load_more(soup: BeautifulSoup, url: str) -> list[str]:
    """Endpoints of "load more" buttons and timeline scripts, for their next fragment."""
    out: list[str] = []
    attributes = vocabulary().load_more_attributes
    for node in soup.find_all(True):
        values = [node.get(name) for name in attributes]
        values = [v.strip() for v in values if isinstance(v, str) and v.strip()]
        if values and _loads_more(node):
            out.extend(t for t in (_fill(v, url) for v in values) if t)
    for script in soup.find_all("script"):
        for match in _SCRIPT_URL.finditer(script.string or ""):
            value = match.group(1)
            # An endpoint of pages carries their number or a placeholder for it.
            numbered = re.search(r"\d", value) or _PLACEHOLDER.search(value)
            if "/" not in value or value.endswith((".js", ".css")) or not numbered:
                continue
            target = _fill(value, url)
            if target and _same_host(target, url):
                out.append(target)
    return out


def _fill(value: str, url: str) -> str | None:
    """A load-more URL with its page placeholder set to the second page."""
    target = resolve_link(_PLACEHOLDER.sub("2", value), url)
    if not target or urlsplit(target).scheme not in ("http", "https"):
        return None
    return target


# -- article links ------------------------------------------------------------------------


def looks_like_article_url(url: str) -> bool:
    """A slug of four words or more, or a long numeric id: how news sites name articles."""
    path = urlsplit(url).path
    return bool(_SLUG.search(path)) and page_of(url).number is None


def _headline(node: Tag) -> bool:
    for parent in [node, *list(node.parents)[:3]]:
        if not isinstance(parent, Tag):
            continue
        if parent.name in ("h1", "h2", "h3", "h4", "h5"):
            return True
        if _tokens(parent) & {"title", "headline", "story", "name"}:
            return True
    return len(_text(node).split()) >= 5


@dataclass
class FoundLinks:
    articles: list[str] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)


def article_links(
    soup: BeautifulSoup, url: str, *, on_listing: bool = True, consume: bool = False
) -> FoundLinks:
    """Links to articles in the page's main part, in page order. Other hosts' links are kept:
    the crawl's host policy (--allow-host) decides, and counts the ones it refuses.
    (`consume`: `soup` is cut down in place, see `main_part`.)"""
    root = main_part(soup, keep_related=not on_listing, consume=consume)
    here = page_of(url)
    found = FoundLinks()
    for node, target in _anchors(root, url):
        if target == url:
            continue
        page = page_of(target)
        if page.base == here.base:
            continue  # this list's own pages
        if looks_like_article_url(target):
            found.articles.append(target)
        elif on_listing and _headline(node) and urlsplit(target).path.strip("/"):
            found.candidates.append(target)
    found.articles = list(dict.fromkeys(found.articles))
    seen = set(found.articles)
    found.candidates = [u for u in dict.fromkeys(found.candidates) if u not in seen]
    if not found.articles and len(found.candidates) >= 3:
        # A site whose article URLs look like nothing known (/news/view/17): its headlines
        # are the list.
        found.articles, found.candidates = found.candidates, []
    return found


@dataclass(frozen=True)
class ListingLinks:
    """What the generic reading finds on a listing: its articles, candidates and next pages."""

    articles: list[str]
    candidates: list[str]
    next_pages: list[str]


def read_listing(soup: BeautifulSoup, url: str, *, fragment: bool = False) -> ListingLinks:
    found = article_links(soup, url, on_listing=True)
    return ListingLinks(found.articles, found.candidates, next_pages(soup, url, fragment=fragment))


def is_listing(soup: BeautifulSoup, links: ListingLinks) -> bool:
    """For a start page the URL alone calls an article: is it a list of articles instead?
    (`links`: the page's `read_listing`, which the caller keeps when the answer is yes.)

    A page with an article date or body markup is an article. One that calls itself an
    article (og:type) is a list only with ten article links or more in its main part, or four
    and a next page (a category page with article metadata copied over); one without such
    metadata is a list when it links a next page or four articles or more.
    """
    if soup.select_one("meta[property='article:published_time'], [itemprop=articleBody]"):
        return False
    og_type = soup.select_one("meta[property='og:type'][content]")
    found = len(links.articles)
    if og_type is not None and str(og_type.get("content")).strip().lower() == "article":
        return found >= 10 or (found >= 4 and bool(links.next_pages))
    return found >= 4 or bool(links.next_pages)


# -- URL shapes learned from articles -----------------------------------------------------


def _segment_class(segment: str) -> str:
    """N: a number; S-N: a slug or word ending in an id of four digits or more; S: words."""
    stem, dot, ext = segment.rpartition(".")
    if not dot or not re.fullmatch(r"[a-z]{2,5}", ext, re.I):
        stem, ext = segment, ""
    if re.fullmatch(r"\d+", stem):
        kind = "N"
    elif re.search(r"\d{4,}$", stem):
        kind = "S-N"
    else:
        kind = "S"
    return f"{kind}.{ext.lower()}" if ext else kind


def url_shape(url: str) -> tuple[str, ...]:
    """The shape of an article URL: its path segments by kind (word, slug, slug-id, number)."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    return tuple(_segment_class(s) for s in segments)


@dataclass
class UrlShapes:
    """Shapes of the article URLs read so far, per host."""

    shapes: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)

    def learn(self, url: str) -> None:
        shape = url_shape(url)
        if shape:
            self.shapes.setdefault(_host(url), set()).add(shape)

    def matches(self, url: str) -> bool:
        known = self.shapes.get(_host(url), set())
        return url_shape(url) in known
