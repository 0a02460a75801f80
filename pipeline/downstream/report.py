"""`pipeline report`: one static, self-contained HTML page to check extractions by eye.

Summary counts and SVG charts per language and site; the who's-who; translation pairs and what
they disagree on; then every article with its text highlighted (people, roles, documents,
figures, from the offsets) and tables of what was extracted. No server, no external asset (a
Content-Security-Policy in the page forbids loading any), no timestamp: the same records give
the same page, byte for byte.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from pipeline.downstream.charts import bar_chart, grouped_bar_chart
from pipeline.downstream.formatting import format_figure, format_number
from pipeline.downstream.highlight import KINDS, highlight
from pipeline.downstream.indicators import indicator_rows
from pipeline.downstream.pairs import Pair, disagreements, find_pairs, links
from pipeline.downstream.people import who_is_who

Record = dict[str, Any]


def site_of(record: Record) -> str:
    """The site profile's name; else the URL's host; else 'local file'."""
    if record["source"]["site"]:
        return record["source"]["site"]
    url = record["source"]["url"]
    if url:
        return urlsplit(url).hostname or url
    return "local file"


def _template_text(name: str) -> str:
    return resources.files("pipeline.downstream").joinpath("templates", name).read_text("utf-8")


@lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment, StrictUndefined

    env = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["number"] = format_number
    return env.from_string(_template_text("report.html.j2"))


def _article(record: Record, linked: dict[str, dict[str, list[str]]]) -> dict[str, Any]:
    text_html, crossing = highlight(record)
    people = [
        {
            "name": p["name"], "name_key": p["name_key"],
            "roles": [r["text"] for r in p["roles"]],
            "mentions": len(p["mentions"]),
            "first": p["mentions"][0],
        }
        for p in record["people"]
    ]
    documents = [
        {
            "kind": r["kind"], "number": r["number"], "symbol_key": r["symbol_key"],
            "issuer": r["issuer"], "date": r["date"], "term": r.get("term"),
            "title": r["title"], "text": r["text"], "start": r["start"], "end": r["end"],
        }
        for r in record["resolutions"]
    ]
    places = [
        {"name": p["name"], "official": p["official"], "level": p["level"], "code": p["code"],
         "current": (p["current"] or {}).get("name"), "mentions": len(p["mentions"])}
        for p in record.get("places", [])
    ]
    figures = [
        {
            "figure": format_figure(i), "label": i["label"], "key": i["key"],
            "change": i["change"], "period": i.get("period"), "comparison": i.get("comparison"),
            "text": i["text"], "start": i["start"], "end": i["end"],
            "place": (i.get("place") or {}).get("name"),
        }
        for i in record["indicators"]
    ]
    link = linked.get(record["id"], {"originals": [], "translations": []})
    return {
        "id": record["id"],
        "title": record["title"] or "(untitled)",
        "language": record["language"]["code"],
        "confidence": record["language"]["confidence"],
        "site": site_of(record),
        "published": record["published"],
        "url": record["source"]["url"],
        "path": record["source"]["path"],
        "translation_of": record["translation_of"],
        "originals": link["originals"],
        "translations": link["translations"],
        "text_html": Markup(text_html),
        "crossing": crossing,
        "people": people,
        "documents": documents,
        "figures": figures,
        "places": places,
        "province": record.get("province"),
        "errors": record["errors"],
    }


def _charts(records: Sequence[Record]) -> list[Markup]:
    languages = Counter(r["language"]["code"] for r in records)
    sites = Counter(site_of(r) for r in records)
    lang_names = sorted(languages, key=lambda k: (-languages[k], k))
    site_names = sorted(sites, key=lambda k: (-sites[k], k))

    def items_by(group: str, names: list[str]) -> list[tuple[str, list[int]]]:
        def key(r: Record) -> str:
            return r["language"]["code"] if group == "language" else site_of(r)

        series = []
        for label, field in (("people", "people"), ("documents", "resolutions"),
                             ("figures", "indicators")):
            counts = Counter()
            for r in records:
                counts[key(r)] += len(r[field])
            series.append((label, [counts[n] for n in names]))
        return series

    return [
        Markup(bar_chart("Articles per language", [(n, languages[n]) for n in lang_names])),
        Markup(bar_chart("Articles per site", [(n, sites[n]) for n in site_names], "#7aecec")),
        Markup(grouped_bar_chart("Extracted items per language", lang_names,
                                 items_by("language", lang_names))),
        Markup(grouped_bar_chart("Extracted items per site", site_names,
                                 items_by("site", site_names))),
    ]


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _year_of(row: dict[str, Any]) -> str:
    """The year a figure is of: its period's, its "as of" date's, else its article's."""
    for text in (row["period"], row["as_of"], row["date"]):
        found = _YEAR.findall(text or "")
        if found:
            return found[-1]
    return "undated"


def key_chart(records: Sequence[Record], key: str | None = None) -> Markup:
    """One chart of a key across provinces and periods: a bar per (province after 2025, year),
    the first figure of the key's commonest unit for each. Without `key`, the key with the most
    figures that have a province."""
    rows = [r for r in indicator_rows(records) if r["key"] and r["current"]]
    if key is None:
        counts = Counter(r["key"] for r in rows)
        key = min(counts, key=lambda k: (-counts[k], k)) if counts else None
    chosen = [r for r in rows if r["key"] == key]
    units = Counter(r["unit"] for r in chosen)
    unit = min(units, key=lambda u: (-units[u], u)) if units else ""
    bars: dict[str, float] = {}
    for row in sorted(chosen, key=lambda r: (r["current"], _year_of(r), r["date"] or "9999",
                                             r["document_id"], r["start"])):
        if row["unit"] == unit:
            bars.setdefault(f"{row['current']} · {_year_of(row)}", row["value"])
    title = f"{key} ({unit}) by province and period" if key else "no figure with a key"
    return Markup(bar_chart(title, list(bars.items()), "#c5e1f5"))


def _pair_view(pair: Pair) -> dict[str, Any]:
    return {
        "original": pair.original["id"], "translation": pair.translation["id"],
        "original_title": pair.original["title"] or pair.original["id"],
        "translation_title": pair.translation["title"] or pair.translation["id"],
        "original_language": pair.original["language"]["code"],
        "translation_language": pair.translation["language"]["code"],
        "matched": {part: len(pair.differences[part]["matched"])
                    for part in ("people", "documents", "figures")},
        "matched_by": pair.matched_by,
        "disagreements": [
            {"kind": k, "what": d.replace("_", " "), "key": key, "original": o, "translation": t}
            for k, d, key, o, t in disagreements(pair)
        ],
    }


def build_report(
    records: Sequence[Record], problems: Sequence[str] = (), title: str = "Extraction review",
    chart_key: str | None = None,
) -> str:
    """The page for these records (one per id, in the order given)."""
    pairs, unmatched = find_pairs(records)
    linked = links(pairs)
    people = who_is_who(records)
    summary = [
        ("articles", len(records)),
        ("languages", len({r["language"]["code"] for r in records})),
        ("sites", len({site_of(r) for r in records})),
        ("people", len(people)),
        ("person mentions", sum(len(p["mentions"]) for r in records for p in r["people"])),
        ("documents cited", sum(len(r["resolutions"]) for r in records)),
        ("figures", sum(len(r["indicators"]) for r in records)),
        ("translation pairs", len(pairs)),
        ("pairs that disagree", sum(1 for p in pairs if not p.agree)),
        ("articles with errors", sum(1 for r in records if r["errors"])),
    ]
    return _template().render(
        title=title,
        css=Markup(_template_text("report.css")),
        script=Markup(_template_text("report.js")),
        summary=summary,
        charts=[*_charts(records), key_chart(records, chart_key)],
        people=people,
        pairs=[_pair_view(p) for p in pairs],
        unmatched=[{"id": r["id"], "translation_of": r["translation_of"]} for r in unmatched],
        articles=[_article(r, linked) for r in records],
        languages=sorted({r["language"]["code"] for r in records}),
        sites=sorted({site_of(r) for r in records}),
        kinds=[(kind, label) for kind, (label, _) in KINDS.items()],
        problems=list(problems),
    )
