"""HTML article pages to title, date, body and links, by site profile or a generic fallback."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.builder import ParserRejectedMarkup

from pipeline.document import Document, Source, error_entry
from pipeline.ingest.body import normalize_newlines, split_trailer
from pipeline.ingest.dates import parse_published
from pipeline.ingest.generic import read_article
from pipeline.ingest.site_profiles import SiteProfile, profile_for_url
from pipeline.textnorm import collapse_spaces, nfc

_BLOCKS = {
    "p", "div", "section", "article", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "table", "tr", "dd", "dt", "dl", "figure", "figcaption", "header", "footer",
    "pre", "address", "aside", "main", "br", "hr", "caption",
}
# characters; a shorter body found only by its amount of text is a teaser or a box
_MIN_GENERIC_BODY = 200
_MARKDOWN_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")
_ALWAYS_DROP = ("script", "style", "noscript", "template", "svg", "iframe", "object")


class HtmlError(ValueError):
    """The page cannot be turned into an article; `code` names the problem for error entries."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass
class ParsedPage:
    title: str | None
    published: str | None
    text: str
    canonical_url: str | None
    translation_of: str | None
    site: str | None
    language_hint: str | None
    alternates: dict[str, str] = field(default_factory=dict)

    def to_document(self, doc_id: str, source: Source, where: str) -> Document:
        """The page as a document; an empty body gets an error entry naming `where`."""
        doc = Document(
            id=doc_id,
            text=self.text,
            source=source,
            title=self.title,
            published=self.published,
            translation_of=self.translation_of,
            alternates=self.alternates,
        )
        if not self.text.strip():
            doc.errors.append(error_entry("ingest", "empty", f"{where}: the article body is empty"))
        return doc


def make_soup(html: str) -> BeautifulSoup:
    try:
        return BeautifulSoup(html, "lxml")
    except (ParserRejectedMarkup, RecursionError, ValueError) as err:
        raise HtmlError("html", f"cannot parse HTML: {err}") from None


def _select_value(soup: Tag, spec: str) -> str | None:
    selector, _, attribute = spec.partition("@")
    try:
        node = soup.select_one(selector)
    except (ValueError, NotImplementedError):
        return None
    if node is None:
        return None
    value = node.get(attribute) if attribute else node.get_text(" ")
    if isinstance(value, list):
        value = " ".join(value)
    value = collapse_spaces(value or "")
    return value or None


def first_value(soup: Tag, specs: tuple[str, ...]) -> str | None:
    for spec in specs:
        value = _select_value(soup, spec)
        if value:
            return value
    return None


def block_text(node: Tag) -> str:
    """Visible text of `node` with one line per block element and table rows kept as rows.

    Iterative, not recursive: a hostile page nested ten thousand levels deep must not crash.
    """
    parts: list[str] = []
    stack = [(node, iter(node.children))]
    in_cell = 0  # inside a table cell, paragraphs and line breaks must not split the row
    while stack:
        element, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if element is not node and element.name in ("td", "th"):
                in_cell -= 1
            elif element is not node and element.name in _BLOCKS:
                parts.append(" " if in_cell else "\n")
            continue
        if isinstance(child, Tag):
            name = child.name or ""
            if name in ("td", "th"):
                parts.append(" \t")
                in_cell += 1
            elif name in _BLOCKS:
                parts.append(" " if in_cell else "\n")
            stack.append((child, iter(child.children)))
        elif type(child) is NavigableString:  # not comments, CDATA or doctype
            parts.append(str(child))

    lines = []
    for raw in "".join(parts).split("\n"):
        if "\t" in raw:
            cells = [collapse_spaces(c) for c in raw.split("\t")]
            line = "\t".join(c for c in cells if c)
        else:
            line = collapse_spaces(raw)
        lines.append(line)
    return normalize_newlines("\n".join(line for line in lines if line))


def _links(soup: Tag, base: str | None) -> tuple[str | None, dict[str, str]]:
    canonical = None
    node = soup.select_one("link[rel~=canonical][href]") or soup.select_one(
        "meta[property='og:url'][content]"
    )
    if node is not None:
        canonical = resolve_link(node.get("href") or node.get("content"), base)
    alternates: dict[str, str] = {}
    for link in soup.select("link[rel~=alternate][hreflang][href]"):
        lang = str(link.get("hreflang")).strip()
        href = resolve_link(link.get("href"), base or canonical)
        if lang and href and lang not in alternates:
            alternates[lang] = href
    return canonical, dict(sorted(alternates.items()))


def resolve_link(href: object, base: str | None) -> str | None:
    """`href` made absolute against `base`; None when it is no URL at all. A page's links are
    the page author's to write: "http://[::1" or a port of 99999 must not stop the batch."""
    if not isinstance(href, str) or not href.strip():
        return None
    try:
        url = urljoin(base or "", href.strip())
        urlsplit(url).port  # noqa: B018 - raises ValueError on a malformed host or port
    except ValueError:
        return None
    return url


def _signature_profile(soup: Tag, profiles: tuple[SiteProfile, ...]) -> SiteProfile | None:
    for profile in profiles:
        if profile.signature and all(soup.select_one(sel) is not None for sel in profile.signature):
            return profile
    return None


def _title(soup: Tag, profile: SiteProfile | None) -> str | None:
    specs = profile.title if profile else ("meta[property='og:title']@content", "h1", "title")
    title = first_value(soup, specs)
    if title and profile and profile.title_suffix and profile.title_suffix in title:
        title = title.split(profile.title_suffix)[0].strip()
    return title


def parse_html(
    html: str,
    *,
    url: str | None = None,
    profiles: tuple[SiteProfile, ...] = (),
    profile: SiteProfile | None = None,
) -> ParsedPage:
    """Parse one article page. The profile is the one given, else the one matching the URL
    (or the page's canonical URL, or its signature), else a generic extractor."""
    soup = make_soup(html)
    if soup.find() is None:
        raise HtmlError("html", "the page has no HTML elements")
    canonical, alternates = _links(soup, url)
    page_url = url or canonical
    profile = (
        profile
        or profile_for_url(page_url, profiles)
        or profile_for_url(canonical, profiles)
        or _signature_profile(soup, profiles)
    )
    lang_attr = soup.html.get("lang") if soup.html else None
    language_hint = (profile.language if profile else None) or (
        str(lang_attr).split("-")[0].lower() if lang_attr else None
    )
    if profile is not None:
        body_node = None
        for selector in profile.body:
            body_node = soup.select_one(selector)
            if body_node is not None:
                break
        if body_node is None:
            raise HtmlError("no-body", f"no article body found with profile {profile.name!r}")
        translation_of = first_value(body_node, tuple(f"{s}@href" for s in profile.source_link))
        for selector in (*_ALWAYS_DROP, *profile.drop):
            for node in body_node.select(selector):
                node.decompose()
        for spec in profile.source_link:
            node = body_node.select_one(spec)
            if node is not None and node.parent is not None:
                node.parent.decompose()
        text, trailer_source = split_trailer(block_text(body_node))
        title = _title(soup, profile)
        published = parse_published(first_value(soup, profile.published))
        site = profile.name
    else:
        article = read_article(soup, page_url)
        translation_of = None
        if article.body_found_by == "selector" and article.text or (
            len(article.text) >= _MIN_GENERIC_BODY
        ):
            text, title, published = article.text, article.title, article.published
        else:
            # no body element stands out: trafilatura's main-text extraction decides
            text, title, published, translation_of = _generic(html, page_url)
            title = article.title or title
            published = article.published or published
        text, trailer_source = split_trailer(text)
        title = title or _title(soup, None)
        published = published or parse_published(
            first_value(soup, ("meta[property='article:published_time']@content", "time@datetime"))
        )
        site = None
    translation_of = resolve_link(translation_of, page_url)
    return ParsedPage(
        title=nfc(title) if title else None,
        published=published,
        text=text,
        canonical_url=canonical,
        translation_of=translation_of or trailer_source,
        site=site,
        language_hint=language_hint,
        alternates=alternates,
    )


def _generic(html: str, url: str | None) -> tuple[str, str | None, str | None, str | None]:
    """trafilatura's main-text extraction for sites without a profile."""
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True,
            deduplicate=False,
        )
    except Exception as err:  # noqa: BLE001 - its internal asserts trip on odd markup
        raise HtmlError(
            "html",
            f"the generic extractor cannot read this page ({type(err).__name__}: {err}); "
            "a site profile for this site would read it without the generic extractor",
        ) from None
    result = result.as_dict() if result is not None else None
    if not result or not (result.get("text") or "").strip():
        raise HtmlError("no-body", "no article text found in the page (no site profile matched)")
    text = markdown_tables_as_rows(normalize_newlines(nfc(result["text"])))
    date = result.get("date")
    published = parse_published(date) if date else None
    return text, result.get("title"), published, None



def markdown_tables_as_rows(text: str) -> str:
    """trafilatura writes tables as Markdown ("| a | b |" and a "|---|---|" rule); the figure
    extractor reads a table row as one line of tab-separated cells, as every path gives it."""
    lines = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            if _MARKDOWN_RULE.match(stripped):
                continue
            cells = [collapse_spaces(c) for c in stripped[1:-1].split("|")]
            line = "\t".join(c for c in cells if c)
        lines.append(line)
    return "\n".join(lines)
