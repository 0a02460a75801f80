"""`pipeline report`: one self-contained page; the highlights come from the offsets."""

import re
from html.parser import HTMLParser

from downstream_support import PL2_ID, PL_ID, VI2_ID, VI_ID, by_id, fixture_records

from pipeline.downstream.highlight import Span, highlight, nest_spans
from pipeline.downstream.report import build_report


class _ArticleText(HTMLParser):
    """Collects each article's highlighted text (without the labels) and its marks."""

    def __init__(self):
        super().__init__()
        self.texts: dict[str, str] = {}
        self.marks: list[dict[str, str]] = []
        self._article = None
        self._depth = 0  # inside div.text
        self._label = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self._article = attrs["id"].removeprefix("doc-")
            self.texts[self._article] = ""
        elif tag == "div" and attrs.get("class") == "text":
            self._depth = 1
        elif self._depth and tag == "mark":
            self.marks.append({**attrs, "article": self._article})
        elif self._depth and tag == "span" and attrs.get("class") == "ent-label":
            self._label += 1

    def handle_endtag(self, tag):
        if tag == "div" and self._depth:
            self._depth = 0
        elif tag == "span" and self._label:
            self._label -= 1

    def handle_data(self, data):
        if self._depth and not self._label:
            self.texts[self._article] += data


def _parse(html: str) -> _ArticleText:
    parser = _ArticleText()
    parser.feed(html)
    return parser


def test_the_page_loads_nothing_from_outside():
    html = build_report(fixture_records())
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert not re.search(r"<script[^>]*\bsrc=", html)
    assert not re.search(r"<link\b", html)
    assert not re.search(r"<img\b", html)
    assert not re.search(r"url\(|@import", html)
    assert html.count("<svg") == 5  # four summary charts and one of a key across provinces


def test_every_article_keeps_its_exact_text_and_every_item_is_highlighted():
    records = fixture_records()
    page = _parse(build_report(records))
    kinds = set()
    for record in records:
        assert page.texts[record["id"]] == record["text"]
        marks = [m for m in page.marks if m["article"] == record["id"]]
        spans = {(m["data-kind"], int(m["data-start"]), int(m["data-end"])) for m in marks}
        wanted = []
        for person in record["people"]:
            wanted += [("person", m["start"], m["end"]) for m in person["mentions"]]
            wanted += [("role", r["start"], r["end"]) for r in person["roles"]]
        wanted += [("document", r["start"], r["end"]) for r in record["resolutions"]]
        wanted += [("figure", i["start"], i["end"]) for i in record["indicators"]]
        wanted += [("place", m["start"], m["end"]) for p in record["places"] for m in p["mentions"]]
        assert set(wanted) <= spans, set(wanted) - spans
        kinds |= {kind for kind, _, _ in wanted}
    # the fixture records hold every kind, so none of the checks above is vacuous
    assert kinds == {"person", "role", "document", "figure", "place"}


def test_summary_people_and_pairs_are_on_the_page():
    html = build_report(fixture_records())
    assert re.search(r'data-count="articles">4<', html)
    assert re.search(r'data-count="translation pairs">1<', html)
    assert re.search(r'data-count="people">4<', html)
    assert 'data-key="quan minh cuong"' in html
    assert f'href="#doc-{PL_ID}"' in html and f'href="#doc-{VI_ID}"' in html
    assert "3 312 000 000 000 VND «3.312 tỷ đồng»" in html
    assert "missing in translation" in html
    assert f"<a href=\"#doc-{PL2_ID}\">{PL2_ID}</a>" in html  # the unmatched translation


def test_markup_in_the_text_is_shown_not_run():
    record = by_id()[PL2_ID]
    record["text"] += "\n<script>alert('x')</script>"
    record["title"] = "<b>bold</b>"
    html = build_report([record])
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "<b>bold</b>" not in html
    assert _parse(html).texts[PL2_ID] == record["text"]


def test_the_same_records_give_the_same_page():
    assert build_report(fixture_records()) == build_report(fixture_records())


def test_skipped_inputs_are_listed():
    html = build_report(fixture_records(), ["broken.jsonl:2: not valid JSON; line skipped"])
    assert "Inputs skipped (1)" in html and "broken.jsonl:2" in html


def test_an_empty_batch_still_gives_a_page():
    html = build_report([])
    assert "No records." in html and "nothing to show" in html


def test_contained_spans_nest_and_crossing_ones_are_counted_not_merged():
    outer = Span(0, 20, "document", "doc")
    inner = Span(5, 10, "figure", "fig")
    crossing = Span(15, 25, "person", "who")
    after = Span(25, 30, "role", "role")
    roots, dropped = nest_spans([crossing, inner, after, outer])
    assert roots == [outer, after] and outer.children == [inner] and dropped == 1


def test_nested_marks_render_inside_one_another():
    record = by_id()[VI_ID]
    doc = next(r for r in record["resolutions"] if r["symbol_key"] == "18-NQ/TW")
    record["indicators"] = []
    start = record["text"].index("25/10/2017")
    record["indicators"].append({
        "value": 2017, "value_max": None, "unit": "count", "counted": None, "qualifier": None,
        "label": None, "key": None, "change": None, "comparison": None, "period": None,
        "as_of": None, "share_of": None, "table": None, "text": "2017",
        "start": start + 6, "end": start + 10,
    })
    html, crossing = highlight(record)
    assert crossing == 0
    assert doc["start"] < start + 6 < doc["end"]
    document_mark = html.index('data-kind="document"')
    figure_mark = html.index('data-kind="figure"')
    assert document_mark < figure_mark < html.index("</mark>", document_mark)


def test_places_are_highlighted_with_their_unit():
    page = _parse(build_report(fixture_records()))
    places = [m for m in page.marks if m["data-kind"] == "place"]
    # VI2 names huyện Hà Quảng, district 045 on the old map; districts are gone, it lies in
    # Cao Bằng now
    assert [(m["article"], m["data-key"], m["title"]) for m in places] == [
        (VI2_ID, "district:045", "Hà Quảng · district · 045 · now Cao Bằng")]


def test_one_chart_of_a_key_across_provinces_and_periods():
    record = by_id()[VI2_ID]  # its one figure, 215 nhà tạm in Cao Bằng, has no key: give one
    record["indicators"][0]["key"] = "housing_support"
    html = build_report([record], chart_key="housing_support")
    chart = re.search(r'<svg[^>]*aria-label="housing_support \(count\) by province and '
                      r'period".*?</svg>', html, re.S)
    assert chart is not None
    # one bar: Cao Bằng, the year of the article (2025-11-02), 215
    assert "<title>Cao Bằng · 2025: 215</title>" in chart.group(0)
