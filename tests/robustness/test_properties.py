"""Properties that hold for any input, checked on generated text, markup and bytes: the number,
document-symbol and date parsers, charset decoding, HTML parsing and whole-document extraction
raise nothing, point only inside their text, and give records that validate.

Examples mix the phrases the extractors look for ("18-NQ/TW", "3.312 tỷ đồng", "z dnia 25
października 2017 r.") with arbitrary Unicode, so both the paths that match and the odd corners
are reached. `derandomize` makes every run try the same examples, so CI is deterministic.
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.document import Document
from pipeline.extract.language import LanguageGuess
from pipeline.extract.nlp import build_nlp
from pipeline.extract.record import build_record, validate_record
from pipeline.extract.step import extract_document
from pipeline.extractors.documents.dates import date_grammar, parse_date, parse_term
from pipeline.extractors.documents.symbols import (
    STYLES,
    find_vi_document_symbols,
    parse_vi_document_symbol,
)
from pipeline.extractors.numbers import (
    apply_scales,
    format_number,
    parse_digits,
    parse_number,
    parse_number_words,
    parse_pl_number,
    parse_vi_number,
    scale_value,
)
from pipeline.ingest.dates import parse_published
from pipeline.ingest.decode import DecodeError, decode_bytes
from pipeline.ingest.html import HtmlError, block_text, make_soup, parse_html
from pipeline.ingest.local import read_article_file
from pipeline.ingest.site_profiles import load_profiles

PROPERTY = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
FEW = settings(PROPERTY, max_examples=80)

PHRASES = [
    # numbers, units and scales
    "1.299,5", "1 299,5", "3.312", "6,52%", "77%", "0,5", "-3", "1e5", "999999999999999999999",
    "tỷ đồng", "triệu USD", "nghìn", "mln USD", "mld VND", "tys.", "ha", "km²", "ba mươi lăm",
    "dwadzieścia pięć", "mười", "năm mươi", "tăng", "giảm", "wzrósł o", "spadek o",
    "so với cùng kỳ",
    # document symbols, kinds, dates and terms
    "18-NQ/TW", "178/2024/NĐ-CP", "72/2025/QH15", "1234/UBND-KT", "18 - NQ/TW", "2145-QD/TU",
    "Nghị quyết số", "Quyết định số", "Uchwała nr", "Decyzja nr", "ngày 25/10/2017",
    "25 tháng 10 năm 2017", "z dnia 25 października 2017 r.", "25.10.2017", "khóa XII",
    "XII kadencji", "nhiệm kỳ 2025-2030", "quý III", "năm 2025",
    # people and roles
    "Đồng chí", "Quản Minh Cường", "Bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh", "Towarzysz",
    "Quan Minh Cuong", "sekretarz prowincjonalnego komitetu partii", "przewodniczący",
    # punctuation, white space and characters that change length or shape under Unicode rules
    "\n", "\t", "\r\n", " ", "\u00a0", "\u202f", ",", ".", ":", ";", "(", ")", "/", "-", "–", '"',
    "“", "”", "„", "«", "»", "İ", "ß", "ǅ", "ﬁ", "\u0301", "e\u0301", "٣", "١٢", "𝟙", "½", "∞",
    "NaN", "\u200f", "\u202e", "\x00", "\ufeff", "🇻🇳", "Москва", "北京", "القاهرة",
]
phrase_text = st.lists(
    st.one_of(st.sampled_from(PHRASES), st.text(max_size=6)), max_size=40
).map(" ".join)
any_text = st.one_of(st.text(max_size=120), phrase_text)
languages = st.sampled_from(["vi", "pl"])


def assert_number(value: object) -> None:
    assert value is None or (type(value) in (int, float) and math.isfinite(value))


# -- number parsers ---------------------------------------------------------------------------


@PROPERTY
@given(any_text, languages)
def test_number_parsers_return_a_finite_number_or_none(text, lang):
    for parsed in (
        parse_number(text, lang),
        parse_vi_number(text),
        parse_pl_number(text),
        parse_number_words(text, lang),
        scale_value(text, lang),
    ):
        assert_number(parsed)
    exact = parse_digits(text, lang)
    assert exact is None or exact.is_finite()
    scaled = apply_scales(Decimal(1), text.split(), lang)
    assert scaled is None or scaled.is_finite()


@PROPERTY
@given(st.integers(min_value=-(10**15), max_value=10**15), st.integers(0, 99), languages)
def test_numbers_read_back_as_written(whole, hundredths, lang):
    """Exactly, as Decimal (records carry floats, which round past 2**53). The text is written
    here with each language's marks, not by format_number, which reads the parser's lexicon."""
    group, decimal = {"vi": (".", ","), "pl": (" ", ",")}[lang]
    value = Decimal(whole) + Decimal(hundredths) / 100 * (1 if whole >= 0 else -1)
    text = f"{abs(whole):,}".replace(",", group)
    if hundredths:
        text += decimal + f"{hundredths:02d}".rstrip("0")
    text = ("-" if value < 0 else "") + text
    assert parse_digits(text, lang) == value
    assert format_number(value, lang) == text


# -- document symbols -------------------------------------------------------------------------


@PROPERTY
@given(any_text, st.booleans(), st.booleans())
def test_symbol_parser_never_raises_and_finds_symbols_inside_the_text(text, bare, loose):
    symbol = parse_vi_document_symbol(text, allow_bare=bare)
    if symbol is not None:
        assert symbol.style in STYLES and symbol.number
    for start, end, found in find_vi_document_symbols(text, loose=loose):
        assert 0 <= start < end <= len(text)
        assert found.text == text[start:end]
        assert found.style in STYLES


@PROPERTY
@given(
    st.integers(1, 9999),
    st.integers(1945, 2099),
    st.sampled_from([("NQ", "TW"), ("QĐ", "TU"), ("KH", "UBND")]),
    st.sampled_from([("NĐ", "CP"), ("QĐ", "TTg"), ("QĐ", "UBND")]),
)
def test_written_symbols_parse_to_their_parts(number, year, party, state):
    party_symbol = parse_vi_document_symbol(f"{number}-{party[0]}/{party[1]}")
    assert (party_symbol.number, party_symbol.type_code) == (str(number), party[0])
    state_symbol = parse_vi_document_symbol(f"{number}/{year}/{state[0]}-{state[1]}")
    assert (state_symbol.number, state_symbol.year, state_symbol.type_code) == (
        str(number), year, state[0]
    )


# -- dates ------------------------------------------------------------------------------------


@PROPERTY
@given(any_text, st.sampled_from(["vi", "pl", "en"]))
def test_date_parsers_give_real_dates_inside_the_text(text, lang):
    for iso in (parse_date(text, lang), parse_published(text)):
        assert iso is None or date.fromisoformat(iso).isoformat() == iso
    term = parse_term(text, lang)
    assert term is None or set(term) <= set("IVXL")
    grammar = date_grammar(lang)
    for found in grammar.dates(text):
        assert 0 <= found.start < found.end <= len(text)
        date.fromisoformat(found.iso)
    for found in grammar.terms(text):
        assert 0 <= found.start < found.end <= len(text)


@PROPERTY
@given(st.dates(min_value=date(1945, 1, 1), max_value=date(2099, 12, 31)))
def test_written_dates_parse_to_the_day(day):
    iso = day.isoformat()
    assert parse_date(f"ngày {day.day}/{day.month}/{day.year}", "vi") == iso
    assert parse_date(f"ngày {day.day} tháng {day.month} năm {day.year}", "vi") == iso
    assert parse_date(f"z dnia {day.day:02d}.{day.month:02d}.{day.year} r.", "pl") == iso
    assert parse_published(f"{iso}T08:30:00+07:00") == iso


# -- bytes, charsets and HTML -----------------------------------------------------------------


@PROPERTY
@given(
    st.one_of(st.binary(max_size=400), any_text.map(lambda t: t.encode("utf-8", "surrogatepass"))),
    st.booleans(),
    st.sampled_from([None, "windows-1258", "utf-16", "iso-8859-2", "no-such-charset"]),
)
def test_decoding_gives_clean_text_or_a_decode_error(data, html, declared):
    try:
        text, _ = decode_bytes(data, what="input", declared=declared, html=html)
    except DecodeError as err:
        assert err.code and str(err)
        return
    assert "\x00" not in text and not text.startswith("\ufeff")  # may be empty: b"\xef\xbb\xbf"


PROFILES = load_profiles()
TAGS = ["html", "head", "body", "title", "meta", "link", "div", "p", "span", "article", "section",
        "table", "tr", "td", "th", "ul", "li", "a", "br", "h1", "time", "script", "style",
        "noscript", "svg", "template", "iframe", "![CDATA[x]]", "!--"]
ATTRIBUTES = [
    "", ' class="item-page"', ' itemprop="articleBody"', ' class="article-content"',
    ' property="og:title" content="Tytuł"', ' datetime="2025-13-45"',
    ' datetime="2025-10-14T08:30:00+07:00"', ' charset="utf-16"', ' lang="pl-PL"', ' lang=""',
]
HOSTILE_URLS = [
    "http://[::1", "https://x.vn:99999/a", "http://[bad]/", "javascript:alert(1)",
    "../../etc/passwd", "%2e%2e/%2e%2e/x", "", " ", "/index.php/tin-trong-tinh/a-1.html",
]
LINK_ELEMENTS = [
    '<link rel="canonical" href="{}">', '<meta property="og:url" content="{}">',
    '<link rel="alternate" hreflang="vi" href="{}">', '<a href="{}">Source</a>',
]


@st.composite
def tag_soup(draw) -> str:
    """Markup as broken as the web's: unbalanced tags, odd attributes, text with and without
    escaping."""
    parts = []
    for _ in range(draw(st.integers(0, 30))):
        kind = draw(st.integers(0, 4))
        if kind == 0:
            parts.append(f"<{draw(st.sampled_from(TAGS))}{draw(st.sampled_from(ATTRIBUTES))}>")
        elif kind == 1:
            parts.append(f"</{draw(st.sampled_from(TAGS))}>")
        elif kind == 2:
            element = draw(st.sampled_from(LINK_ELEMENTS))
            parts.append(element.format(draw(st.sampled_from(HOSTILE_URLS))))
        else:
            parts.append(draw(any_text))
    return "".join(parts)


PAGE_URLS = [
    None,
    "https://tuyengiaocaobang.vn/index.php/tin-trong-tinh/a-1.html",
    "https://www.vietnam.vn/pl/konferencja",
    "https://example.org/news/1",
]


@PROPERTY
@given(tag_soup(), st.sampled_from(PAGE_URLS))
# found by this test: a malformed canonical URL, and trafilatura's assertion on this markup
@example('<link rel="canonical" href="http://[::1">', None)
@example("<svg>" + "<div>" * 8 + "<html>", None)
def test_html_parsing_gives_a_page_or_an_html_error(html, url):
    try:
        page = parse_html(html, url=url, profiles=PROFILES)
    except HtmlError as err:
        assert err.code and str(err)
        return
    assert isinstance(page.text, str)
    assert page.published is None or date.fromisoformat(page.published)
    for link in (page.canonical_url, page.translation_of, *page.alternates.values()):
        assert link is None or isinstance(link, str)


@PROPERTY
@given(tag_soup())
def test_block_text_never_raises(html):
    text = block_text(make_soup(html))
    assert "\n\n\n" not in text


@FEW
@given(
    st.one_of(st.binary(max_size=600), tag_soup().map(str.encode)),
    st.sampled_from(["a.txt", "a.html"]),
)
def test_any_file_becomes_a_document_with_text_or_an_error(tmp_path_factory, data, name):
    path = tmp_path_factory.mktemp("file") / name
    path.write_bytes(data)
    doc = read_article_file(path, profiles=PROFILES)
    assert doc.text.strip() or doc.errors
    assert all(e["stage"] and e["code"] and e["message"] for e in doc.errors)


# -- whole documents --------------------------------------------------------------------------

VI_PHRASES = ["Đồng chí", "Quản Minh Cường", "Bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh", "Lê Hải Hòa",
              "Nghị quyết số 18-NQ/TW ngày 25/10/2017", "Kế hoạch số 25/KH-UBND", "tăng 77%",
              "so với cùng kỳ", "đạt 3.312 tỷ đồng", "1.299,5 triệu USD", "xã", "hộ", "người"]
PL_PHRASES = ["Towarzysz", "Quan Minh Cuong", "sekretarz prowincjonalnego komitetu partii",
              "Uchwała nr 18-NQ/TW z dnia 25 października 2017 r.", "wzrósł o 6,52%",
              "1 299 mln USD", "3 312 mld VND", "rok do roku", "XII kadencji", "Komentarz (0)",
              "Source: https://tuyengiaocaobang.vn/index.php/a/b-1.html"]


def article(phrases: list[str]) -> st.SearchStrategy[str]:
    words = st.one_of(st.sampled_from(phrases), st.sampled_from(PHRASES), st.text(max_size=4))
    return st.lists(words, max_size=50).map(" ".join)


@pytest.fixture(scope="module")
def pipelines():
    return {lang: build_nlp(lang) for lang in ("vi", "pl")}


@PROPERTY
@given(
    st.one_of(
        st.tuples(st.just("vi"), article(VI_PHRASES)),
        st.tuples(st.just("pl"), article(PL_PHRASES)),
        st.tuples(languages, any_text),
    )
)
def test_every_extraction_gives_a_valid_record_with_offsets_inside_the_text(pipelines, case):
    """Each language's pipeline, whatever the text: every item validates against the schema,
    every offset is inside the text and every quoted evidence equals the text at its offsets
    (validate_record checks all three)."""
    lang, text = case
    parsed = pipelines[lang](text)
    record = build_record(
        Document(id="0123456789abcdef", text=text),
        LanguageGuess(lang, 1.0),
        people=list(parsed._.people or []),
        resolutions=list(parsed._.resolutions or []),
        indicators=list(parsed._.indicators or []),
    )
    validate_record(record)


@FEW
@given(st.one_of(article(VI_PHRASES), article(PL_PHRASES), any_text))
def test_extract_document_always_returns_a_valid_record(text):
    record = extract_document(Document(id="0123456789abcdef", text=text))
    validate_record(record)
    assert not [e for e in record["errors"] if e["code"] in ("extractor-failed", "invalid")]
