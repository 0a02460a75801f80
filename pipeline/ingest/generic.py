"""Article pages of sites without a profile: headline, publication date and body, by the
conventions news CMSes share.

- Title: the headline the page displays (its `h1`, or the element the site uses instead); the
  JSON-LD `headline`, `og:title` and `<title>` (site name removed) only where the page shows
  none, since those are often a social-media variant.
- Date: the page's own metadata (JSON-LD `datePublished`, `article:published_time`,
  `itemprop=datePublished`), else the date line printed beside the headline, else htmldate.
  The header's "today", a related article's date and a comment's date are never read: the
  date line is looked for next to the headline only, outside boxes that are not the article.
- Body: the known body element of a CMS family, else the element holding most paragraph text;
  the lead (sapo) printed between headline and body put first; related, share, subscription
  and comment boxes and bylines dropped; captions and table rows kept as lines (cells
  tab-separated).

The vocabulary (selectors, class words, cue phrases) is in pipeline/data/html/generic_article.toml.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import soupsieve
from bs4 import BeautifulSoup, NavigableString, PageElement, Tag

from pipeline.ingest.dates import find_printed_date, parse_published
from pipeline.textnorm import collapse_spaces, fold_diacritics

VOCABULARY = Path(__file__).resolve().parent.parent / "data" / "html" / "generic_article.toml"

# Not "form": ASP.NET WebForms pages (many *.gov.vn portals) wrap the whole page in one.
_NEVER_TEXT = ("script", "style", "noscript", "template", "svg", "iframe", "object", "button",
               "input", "select", "textarea", "nav", "aside", "link", "meta")
_ARTICLE_TYPES = {"newsarticle", "article", "blogposting", "reportagenewsarticle",
                  "analysisnewsarticle", "opinionnewsarticle", "webpage"}
_TITLE_SEPARATORS = re.compile(r"\s+(?:[-|–—:»/]|::)\s+")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_TOKEN_SPLIT = re.compile(r"[\s]+")
_MIN_BODY = 120
# characters: a block this long is article text (a lead or a paragraph), never a date line
_ARTICLE_TEXT_BLOCK = 80
_PROMPT_MAX = 300
_UTC_STAMP = re.compile(r"T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]00:?00)$", re.I)


@dataclass(frozen=True)
class Vocabulary:
    title_selectors: tuple[str, ...]
    body_selectors: tuple[str, ...]
    sapo_words: tuple[str, ...]
    boilerplate_words: tuple[str, ...]
    byline_words: tuple[str, ...]
    credit_words: tuple[str, ...]
    box_cues: tuple[str, ...]
    prompt_markers: tuple[str, ...]
    title_words: tuple[str, ...]
    credit_prefixes: tuple[str, ...]
    site_name_words: tuple[str, ...]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    data = tomllib.loads(VOCABULARY.read_text(encoding="utf-8"))
    return Vocabulary(**{key: tuple(data[key]) for key in Vocabulary.__dataclass_fields__})


@dataclass
class GenericArticle:
    title: str | None
    published: str | None
    text: str
    # how the body element was found: "selector" (a CMS family's own element), "density" (the
    # element holding most paragraph text) or "" (none)
    body_found_by: str = ""


# ---------------------------------------------------------------- selectors in priority order


_SIMPLE_PART = re.compile(r"([.#])([\w-]+)|\[([\w-]+)")


@lru_cache(maxsize=256)
def _compiled(selector: str) -> soupsieve.SoupSieve:
    return soupsieve.compile(selector)


@lru_cache(maxsize=16)
def _hooks(selectors: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The classes, ids and attribute names the selectors name: an element with none of them
    cannot match, so only the few that have one are matched against the selectors."""
    classes, ids, attrs = set(), set(), set()
    for selector in selectors:
        found = _SIMPLE_PART.findall(selector)
        if not found:
            raise ValueError(f"selector {selector!r} names no class, id or attribute")
        for mark, name, attr in found:
            (classes if mark == "." else ids if mark == "#" else attrs).add(name or attr)
    return frozenset(classes), frozenset(ids), frozenset(attrs)


def select_in_order(soup: Tag, selectors: tuple[str, ...]) -> list[Tag]:
    """Elements matching any selector, those of the first selector first (document order within
    one selector). One walk over the page: seventy soupsieve selects, or one select of seventy
    alternatives, cost seconds on a long listing page."""
    classes, ids, attrs = _hooks(selectors)
    candidates = []
    for node in soup.find_all(True):
        names = node.get("class") or ()
        if (
            any(c in classes for c in names)
            or node.get("id") in ids
            or any(a in node.attrs for a in attrs)
        ):
            candidates.append(node)
    ordered: list[Tag] = []
    seen: set[int] = set()
    for selector in selectors:
        single = _compiled(selector)
        for node in candidates:
            if id(node) not in seen and single.match(node):
                seen.add(id(node))
                ordered.append(node)
    return ordered


# ---------------------------------------------------------------- class and id words


def _tokens(node: Tag) -> list[str]:
    values = node.get("class") or []
    if isinstance(values, str):
        values = _TOKEN_SPLIT.split(values)
    ident = node.get("id")
    tokens = [*values, ident] if isinstance(ident, str) else list(values)
    # data-role="sapo" (VCCorp's CMS), type="RelatedNewsBox" (its boxes inside the body)
    for attr in ("data-role", "type", "data-type"):
        value = node.get(attr)
        if isinstance(value, str) and node.name not in ("input", "button", "script", "style"):
            tokens.append(value)
    return [t.lower().replace("_", "-") for t in tokens if t]


def _token_has_word(token: str, word: str) -> bool:
    """'detail-sapo' has 'sapo'; 'box-tin-lien-quan' has 'lien-quan'; 'relatednews' has
    'related' (a word of five letters or more may open a longer token); 'header' has no 'ad'."""
    if token == word:
        return True
    if f"-{word}-" in f"-{token}-":
        return True
    return len(word) >= 5 and any(part.startswith(word) for part in token.split("-"))


def has_word(node: Tag, words: tuple[str, ...]) -> bool:
    return any(_token_has_word(t, w) for t in _tokens(node) for w in words)


_BREADCRUMB = ("breadcrumb", "breadcrumbs", "bread-crumb")


def _is_boilerplate(node: Tag, *, dates: bool = False) -> bool:
    """A box that is not the article. With `dates`, a breadcrumb bar is not one: some papers
    print the article's date in it (VietNamNet), and it never holds another article's date."""
    if node.name in ("nav", "aside", "footer"):
        return True
    style = node.get("style")
    if isinstance(style, str) and _HIDDEN.search(style):
        return True
    words = vocabulary().boilerplate_words
    if dates:
        words = tuple(w for w in words if w not in _BREADCRUMB)
    return has_word(node, words)


def _inside_boilerplate(node: Tag, *, dates: bool = False) -> bool:
    for parent in (node, *node.parents):
        if parent.name in (None, "[document]", "html", "body"):
            return False
        if isinstance(parent, Tag) and _is_boilerplate(parent, dates=dates):
            return True
    return False


# ---------------------------------------------------------------- metadata


def _json_ld_article(soup: BeautifulSoup) -> dict:
    """The first JSON-LD object of an article type, {} when the page has none."""
    for script in soup.find_all("script", type=re.compile("ld\\+json", re.I)):
        try:
            data = json.loads(script.string or "")
        except (json.JSONDecodeError, TypeError):
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                kinds = item.get("@type")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                if any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds) and (
                    item.get("headline") or item.get("datePublished")
                ):
                    return item
                if "@graph" in item:
                    stack.extend(item["@graph"] if isinstance(item["@graph"], list) else [])
    return {}


def _meta_values(soup: BeautifulSoup) -> dict[str, str]:
    """`<meta>` contents by property, name or itemprop (the first of each), read in one walk."""
    values: dict[str, str] = {}
    for node in soup.find_all("meta"):
        content = node.get("content")
        if not isinstance(content, str) or not content.strip():
            continue
        for attr in ("property", "name", "itemprop"):
            key = node.get(attr)
            if isinstance(key, str):
                values.setdefault(key, content.strip())
    return values


def _first(values: dict[str, str], *keys: str) -> str | None:
    return next((values[k] for k in keys if k in values), None)


# ---------------------------------------------------------------- title


def _good_headline(node: Tag, site_name: str | None = None) -> bool:
    """Not the site's logo set in an <h1> (an image, a link to the home page, the site's name)
    and not a heading of a box that is not the article."""
    text = collapse_spaces(node.get_text(" "))
    if len(text) < 8 or _inside_boilerplate(node):
        return False
    if node.find("img") is not None and len(text) < 25:
        return False  # a logo with its alt text or a slogan; a headline may carry an icon
    for link in node.find_all("a", href=True):
        if urlsplit(str(link["href"])).path in ("", "/", "/index.php", "/index.html"):
            return False
    return not (site_name and text.casefold() == site_name.casefold())


def _find_headline(
    soup: BeautifulSoup, meta_titles: list[str], site_name: str | None
) -> Tag | None:
    voc = vocabulary()
    h1_selectors = tuple(sel for sel in voc.title_selectors if sel.startswith("h1"))
    other_selectors = tuple(sel for sel in voc.title_selectors if not sel.startswith("h1"))
    for node in select_in_order(soup, h1_selectors):
        if _good_headline(node, site_name):
            return node
    h1s = [h for h in soup.find_all("h1") if _good_headline(h, site_name)]
    if h1s:
        folded = [fold_diacritics(t).casefold() for t in meta_titles if t]
        for h1 in h1s:
            text = fold_diacritics(collapse_spaces(h1.get_text(" "))).casefold()
            if any(text in t or t in text for t in folded):
                return h1
        # a section's name ("Chính trị - Xã hội") set in an h1 is shorter than a headline
        return max(h1s, key=lambda h: len(collapse_spaces(h.get_text(" "))))
    for node in select_in_order(soup, other_selectors):
        if node.name not in ("a", "meta", "title") and _good_headline(node, site_name):
            return node
    if soup.body is not None:
        for node in soup.body.find_all(True):
            if has_word(node, voc.title_words) and _good_headline(node, site_name):
                return node
    return None


def strip_site_name(title: str, site_name: str | None, host: str | None) -> str:
    """'Tiêu đề - Báo Cao Bằng' -> 'Tiêu đề' when the tail names the site."""
    title = collapse_spaces(title)
    while True:
        parts = list(_TITLE_SEPARATORS.finditer(title))
        if not parts:
            return title
        last = parts[-1]
        tail = title[last.end():].strip()
        head = title[: last.start()].strip()
        if not head or not _names_site(tail, site_name, host):
            return title
        title = head


def _names_site(tail: str, site_name: str | None, host: str | None) -> bool:
    if len(tail.split()) > 7:
        return False
    folded = fold_diacritics(tail).casefold()
    if site_name and folded and (
        folded in fold_diacritics(site_name).casefold()
        or fold_diacritics(site_name).casefold() in folded
    ):
        return True
    squeezed = re.sub(r"[^a-z0-9]", "", folded)
    if host and len(squeezed) >= 4:
        # "Tuổi Trẻ Online" names tuoitre.vn; "VnExpress" names vnexpress.net
        label = host.lower().removeprefix("www.").split(".")[0]
        if squeezed in re.sub(r"[^a-z0-9]", "", host.lower()):
            return True
        if len(label) >= 4 and label in squeezed:
            return True
    words = vocabulary().site_name_words
    return any(folded.startswith(fold_diacritics(w).casefold()) for w in words)


# ---------------------------------------------------------------- body


def _document_order(soup: BeautifulSoup) -> dict[int, int]:
    return {id(node): i for i, node in enumerate(soup.descendants) if isinstance(node, Tag)}


def _text_length(node: Tag) -> int:
    return len(collapse_spaces(node.get_text(" ")))


def _link_density(node: Tag) -> float:
    total = _text_length(node)
    if not total:
        return 1.0
    linked = sum(len(collapse_spaces(a.get_text(" "))) for a in node.find_all("a"))
    return linked / total


def _body_by_selector(soup: BeautifulSoup) -> Tag | None:
    for node in select_in_order(soup, vocabulary().body_selectors):
        if _inside_boilerplate(node) or _text_length(node) < _MIN_BODY:
            continue
        if _link_density(node) > 0.5:
            continue
        return node
    return None


def _body_by_density(soup: BeautifulSoup) -> Tag | None:
    """The element whose paragraphs hold most text (a parent gets each paragraph's length, its
    grandparent half of it), as readability-style extractors do."""
    scores: dict[int, float] = {}
    nodes: dict[int, Tag] = {}
    for para in soup.find_all(["p", "div", "td", "pre", "blockquote"]):
        own = "".join(str(s) for s in para.children if type(s) is NavigableString)
        if para.name == "p":
            own = para.get_text(" ")
        own = collapse_spaces(own)
        if len(own) < 25 or _inside_boilerplate(para):
            continue
        weight = float(len(own)) * (1 - _link_density(para))
        if para.name != "p":
            scores[id(para)] = scores.get(id(para), 0.0) + weight
            nodes[id(para)] = para
        for share, parent in zip((1.0, 0.5), para.parents, strict=False):
            if not isinstance(parent, Tag) or parent.name in ("[document]", "html"):
                break
            scores[id(parent)] = scores.get(id(parent), 0.0) + weight * share
            nodes[id(parent)] = parent
    if not scores:
        return None
    best = max(scores, key=lambda key: scores[key])
    return nodes[best]


def _find_sapo(
    soup: BeautifulSoup, headline: Tag | None, body: Tag, order: dict[int, int]
) -> Tag | None:
    """The lead printed between the headline and the body, outside the body element."""
    voc = vocabulary()
    start = order.get(id(headline), -1) if headline is not None else -1
    end = order.get(id(body), 1 << 30)
    ancestors = {id(p): level for level, p in enumerate(body.parents)}
    for node in soup.body.find_all(True) if soup.body else ():
        position = order.get(id(node), -1)
        if position <= start or position >= end or id(node) in ancestors:
            continue
        if headline is not None and _is_ancestor(node, headline):
            continue
        if not has_word(node, voc.sapo_words) or _inside_boilerplate(node):
            continue
        if not _near_body(node, ancestors):
            continue
        text = collapse_spaces(node.get_text(" "))
        if len(text) >= 30 and _link_density(node) < 0.5:
            return node
    return None


def _near_body(node: Tag, body_ancestors: dict[int, int]) -> bool:
    """The lead stands beside the body: its parent is the body's parent or one of the next two
    ancestors up (a description elsewhere on the page is another's)."""
    return body_ancestors.get(id(node.parent), 99) < 3


def _starts_with_cue(text: str) -> bool:
    folded = text.casefold().lstrip(" >»›•-–:")
    return any(folded.startswith(cue) for cue in vocabulary().box_cues)


def _clean_body(body: Tag, headline: Tag | None) -> None:
    voc = vocabulary()
    for node in body.find_all(_NEVER_TEXT):
        node.decompose()
    if headline is not None and _is_ancestor(body, headline):
        headline.decompose()
    for node in body.find_all(True):
        if node.decomposed or node.parent is None:
            continue
        if _is_boilerplate(node):
            node.decompose()
            continue
        credit = has_word(node, voc.credit_words)
        byline = not credit and has_word(node, voc.byline_words)
        if (credit or (byline and not _inline_in_text(node))) and _text_length(node) < 100:
            node.decompose()
    for node in body.find_all(["p", "div", "ul", "ol", "section", "table", "h2", "h3", "h4",
                               "h5", "h6", "strong", "b", "blockquote"]):
        if node.decomposed or node.parent is None:
            continue
        text = collapse_spaces(node.get_text(" "))
        if not text:
            continue
        if len(text) < _PROMPT_MAX and any(m in text.casefold() for m in voc.prompt_markers):
            node.decompose()
            continue
        if not _starts_with_cue(text):
            continue
        heading = node.name in ("h2", "h3", "h4", "h5", "h6", "strong", "b") or len(text) < 40
        if heading:
            following = node.find_next_sibling()
            if following is not None and _link_density(following) > 0.5:
                following.decompose()
        # a sentence that merely opens with "Xem thêm" or "Related" stays
        if _link_density(node) > 0.3 or len(text) < _ARTICLE_TEXT_BLOCK:
            node.decompose()
    for node in body.find_all(["ul", "ol", "div", "section", "table"]):
        # a list of other articles' links with no heading: two links or more and nothing else
        if node.decomposed or node.parent is None:
            continue
        if len(node.find_all("a", href=True, limit=2)) == 2 and _link_density(node) >= 0.9:
            node.decompose()


def _inline_in_text(node: Tag) -> bool:
    """A name set in a span inside a sentence stays: dropping it would cut the sentence."""
    if node.name not in ("span", "a", "em", "i", "strong", "b"):
        return False
    parent = node.parent
    if not isinstance(parent, Tag):
        return False
    return len(collapse_spaces(parent.get_text(" "))) > _text_length(node) + 20


def _drop_lines(text: str, title: str | None) -> str:
    voc = vocabulary()
    kept: list[str] = []
    for index, line in enumerate(text.split("\n")):
        folded = line.casefold()
        if title and collapse_spaces(line) == title:
            continue
        if len(line) <= 40 and any(folded.startswith(p) for p in voc.credit_prefixes):
            continue
        if index < 3 and len(line) <= 60 and find_printed_date(line) and len(line.split()) <= 9:
            continue  # the date line when the body element also holds the article's header
        kept.append(line)
    return "\n".join(kept)


# ---------------------------------------------------------------- date near the headline


def _date_near(headline: Tag, body: Tag | None) -> str | None:
    """The first date printed in the short lines after the headline (up to the first block of
    article text, the lead or the body), else just before it (sites that print the date line
    above the headline)."""
    seen = 0
    for element in headline.next_elements:
        if body is not None and element is body:
            break
        if isinstance(element, Tag):
            stamp = element.get("datetime") if element.name == "time" else None
            if isinstance(stamp, str) and not _inside_boilerplate(element, dates=True):
                found = parse_published(stamp)
                if found:
                    return found
            continue
        if type(element) is not NavigableString or element.parent is None or not element.strip():
            continue
        if element.parent.name in ("script", "style") or _is_ancestor(headline, element):
            continue
        if _inside_boilerplate(element.parent, dates=True):
            continue
        if _starts_article_text(element):
            break  # the article's text has begun: its dates are events, not the publication
        text = str(element)
        found = find_printed_date(text)
        if found:
            return found
        seen += len(text.strip())
        if seen > 400:
            break
    seen = 0
    for element in headline.previous_elements:
        if isinstance(element, Tag):
            if element.name in ("nav", "header") or _is_boilerplate(element, dates=True):
                break
            continue
        if type(element) is not NavigableString or element.parent is None:
            continue
        if element.parent.name in ("script", "style"):
            continue
        if _inside_boilerplate(element.parent, dates=True):
            continue
        text = str(element)
        found = find_printed_date(text)
        if found:
            return found
        seen += len(text.strip())
        if seen > 200:
            break
    return None


_PARAGRAPHS = ("p", "h2", "h3", "li", "blockquote", "dd")


def _starts_article_text(element: NavigableString) -> bool:
    """A long run of text, or a string inside a long paragraph: a lead or the body."""
    if len(collapse_spaces(str(element))) >= _ARTICLE_TEXT_BLOCK:
        return True
    paragraph = element.find_parent(_PARAGRAPHS)
    return paragraph is not None and _text_length(paragraph) >= _ARTICLE_TEXT_BLOCK


def _htmldate(html: str) -> str | None:
    try:
        from htmldate import find_date

        found = find_date(html, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    except Exception:  # noqa: BLE001 - htmldate's parsers trip on odd markup; no date then
        return None
    return found or None


# ---------------------------------------------------------------- the reader


def read_article(soup: BeautifulSoup, url: str | None) -> GenericArticle:
    """Title, date and body of an article page of a site without a profile. Modifies `soup`."""
    ld = _json_ld_article(soup)
    metas = _meta_values(soup)
    og_title = _first(metas, "og:title", "twitter:title")
    page_title = collapse_spaces(soup.title.get_text(" ")) if soup.title else None
    ld_headline = ld.get("headline") if isinstance(ld.get("headline"), str) else None
    site_name = _first(metas, "og:site_name", "application-name")
    host = urlsplit(url).hostname if url else None

    headline = _find_headline(
        soup, [t for t in (og_title, ld_headline, page_title) if t], site_name
    )
    if headline is not None:
        title: str | None = collapse_spaces(headline.get_text(" "))
    else:
        title = next(
            (
                strip_site_name(t, site_name, host)
                for t in (ld_headline, og_title, page_title)
                if t and t.strip()
            ),
            None,
        )

    published = None
    published_raw = ld.get("datePublished") if isinstance(ld.get("datePublished"), str) else None
    published_raw = published_raw or _first(
        metas, "article:published_time", "datePublished", "pubdate", "publishdate",
        "dc.date.issued", "DC.date.issued", "date", "og:published_time",
    )
    if published_raw:
        published = parse_published(published_raw)
    in_utc = bool(published_raw and _UTC_STAMP.search(published_raw))
    if published is None:
        node = soup.find(attrs={"itemprop": "datePublished"})
        if isinstance(node, Tag):
            value = node.get("datetime") or node.get("content") or node.get_text(" ")
            published = parse_published(str(value)) or find_printed_date(str(value))

    for node in soup.find_all(("script", "style", "noscript", "template")):
        node.decompose()
    body = _body_by_selector(soup)
    found_by = "selector"
    if body is None:
        body, found_by = _body_by_density(soup), "density"
    if headline is not None and (published is None or in_utc):
        # a UTC timestamp's day is not always the site's: 23:30Z is the next morning in Hanoi,
        # so the date printed beside the headline is preferred to it
        published = _date_near(headline, body) or published
    if published is None:
        # htmldate reads the metadata and the article's own markup only: given the whole page it
        # takes the header's "today" when the article prints its date in plain text
        published = _htmldate(str(soup.head or "") + (str(body) if body is not None else ""))
    if body is None:
        return GenericArticle(title=title, published=published, text="")

    from pipeline.ingest.html import block_text

    order = _document_order(soup)
    sapo = _find_sapo(soup, headline, body, order)
    sapo_text = block_text(sapo) if sapo is not None else ""
    _clean_body(body, headline)
    text = block_text(body)
    if sapo_text and collapse_spaces(sapo_text)[:60] not in collapse_spaces(text):
        text = f"{sapo_text}\n{text}"
    text = _drop_lines(text, title)
    return GenericArticle(title=title, published=published, text=text, body_found_by=found_by)


def _is_ancestor(node: Tag | None, of: PageElement) -> bool:
    """`node` is one of `of`'s ancestors: by identity, since bs4 compares tags by their markup
    (a sticky header repeating the headline's markup is another element)."""
    return node is not None and any(parent is node for parent in of.parents)
