"""An article's text as HTML with its people, roles, documents and figures marked, in the style
of spaCy's displaCy entity view (a coloured <mark> with a small label), from the records'
offsets.

displaCy's entity renderer takes non-overlapping spans only; extracted items nest ("Nghị quyết
số 18-NQ/TW ngày 25/10/2017" may hold a figure), so spans that contain one another are nested
here, and a span that crosses another (overlaps without containing it) is left unmarked and
counted, never silently merged. Everything extracted is in the article's tables anyway.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

from pipeline.downstream.formatting import format_figure

#: kind -> (label shown, priority when two spans are identical: lower wins the outer place)
KINDS = {"person": ("PERSON", 0), "document": ("DOC", 1), "figure": ("FIGURE", 2),
         "role": ("ROLE", 3), "place": ("PLACE", 4)}


@dataclass
class Span:
    start: int
    end: int
    kind: str
    title: str
    key: str = ""
    children: list[Span] = field(default_factory=list)


def record_spans(record: dict[str, Any]) -> list[Span]:
    spans: list[Span] = []
    for person in record["people"]:
        title = f"{person['name']} · {person['name_key']}"
        for mention in person["mentions"]:
            spans.append(Span(mention["start"], mention["end"], "person", title,
                              person["name_key"]))
        for role in person["roles"]:
            spans.append(Span(role["start"], role["end"], "role",
                              f"{role['normalized']} · {person['name']}", person["name_key"]))
    for res in record["resolutions"]:
        parts = [res["kind"], res["number"] or "no number", res["date"] or "undated"]
        if res["issuer"]:
            parts.append(res["issuer"])
        title = " · ".join(parts)
        for mention in res["mentions"] or [{"start": res["start"], "end": res["end"]}]:
            spans.append(Span(mention["start"], mention["end"], "document", title,
                              res["symbol_key"] or ""))
    for ind in record["indicators"]:
        parts = [format_figure(ind)]
        parts += [ind[k] for k in ("key", "change", "period") if ind.get(k)]
        spans.append(Span(ind["start"], ind["end"], "figure", " · ".join(parts), ind["key"] or ""))
    for place in record.get("places", []):
        parts = [place["official"], place["level"], place["code"]]
        if place["current"] and place["current"]["name"] != place["official"]:
            parts.append(f"now {place['current']['name']}")
        for mention in place["mentions"]:
            spans.append(Span(mention["start"], mention["end"], "place", " · ".join(parts),
                              f"{place['level']}:{place['code']}"))
    return spans


def nest_spans(spans: list[Span]) -> tuple[list[Span], int]:
    """The spans as a forest (contained spans become children); returns the roots and how many
    spans crossed another and were dropped. Empty spans are dropped too."""
    ordered = sorted(
        (s for s in spans if s.end > s.start),
        key=lambda s: (s.start, -s.end, KINDS[s.kind][1]),
    )
    dropped = sum(1 for s in spans if s.end <= s.start)
    roots: list[Span] = []
    stack: list[Span] = []
    for span in ordered:
        while stack and stack[-1].end <= span.start:
            stack.pop()
        if stack and span.end > stack[-1].end:
            dropped += 1
            continue
        (stack[-1].children if stack else roots).append(span)
        stack.append(span)
    return roots, dropped


def _render(text: str, spans: list[Span], start: int, end: int, out: list[str]) -> None:
    position = start
    for span in spans:
        out.append(escape(text[position:span.start]))
        label = KINDS[span.kind][0]
        out.append(
            f'<mark class="ent ent-{span.kind}" data-kind="{span.kind}" '
            f'data-key="{escape(span.key)}" data-start="{span.start}" data-end="{span.end}" '
            f'title="{escape(span.title)}">'
        )
        _render(text, span.children, span.start, span.end, out)
        out.append(f'<span class="ent-label">{label}</span></mark>')
        position = span.end
    out.append(escape(text[position:end]))


def highlight(record: dict[str, Any]) -> tuple[str, int]:
    """(HTML of the marked text, number of spans left unmarked because they cross another)."""
    text = record["text"]
    roots, dropped = nest_spans(record_spans(record))
    out: list[str] = []
    _render(text, roots, 0, len(text), out)
    return "".join(out), dropped
