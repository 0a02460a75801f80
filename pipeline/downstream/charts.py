"""Small inline SVG bar charts for the report: no script, no external asset, readable printed."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from pipeline.downstream.formatting import format_number

#: one colour per series, the same as the highlights of the same kind
SERIES_COLOURS = ("#aa9cfc", "#feca74", "#bfeeb7", "#7aecec")
_BAR, _GAP, _LABEL_W, _BAR_W, _VALUE_W = 16, 6, 150, 240, 60


def _truncate(label: str, limit: int = 22) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(title: str, items: Sequence[tuple[str, int]], colour: str = "#aa9cfc") -> str:
    """Horizontal bars, one per (label, count), longest first as given."""
    return grouped_bar_chart(title, [label for label, _ in items], [("", [v for _, v in items])],
                             colours=(colour,))


def grouped_bar_chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    colours: Sequence[str] = SERIES_COLOURS,
) -> str:
    """For each category, one bar per series (e.g. people / documents / figures per language)."""
    largest = max([1, *(v for _, values in series for v in values)])
    per_category = len(series) * _BAR + _GAP * 2
    legend_h = 22 if len(series) > 1 else 0
    height = 28 + legend_h + per_category * max(1, len(categories))
    width = _LABEL_W + _BAR_W + _VALUE_W
    out = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" class="chart-title">{escape(title)}</text>',
    ]
    if legend_h:
        x = 0
        for index, (name, _) in enumerate(series):
            colour = colours[index % len(colours)]
            out.append(f'<rect x="{x}" y="26" width="12" height="12" fill="{colour}"/>')
            out.append(f'<text x="{x + 16}" y="36" class="chart-legend">{escape(name)}</text>')
            x += 24 + 8 * len(name)
    y = 28 + legend_h
    if not categories:
        out.append(f'<text x="0" y="{y + 14}" class="chart-label">nothing to show</text>')
    for c_index, category in enumerate(categories):
        top = y + c_index * per_category + _GAP
        middle = top + len(series) * _BAR / 2 + 4
        out.append(
            f'<text x="{_LABEL_W - 8}" y="{middle}" text-anchor="end" class="chart-label">'
            f"<title>{escape(category)}</title>{escape(_truncate(category))}</text>"
        )
        for s_index, (name, values) in enumerate(series):
            value = values[c_index]
            bar_w = round(_BAR_W * value / largest, 1)
            bar_y = top + s_index * _BAR
            colour = colours[s_index % len(colours)]
            tip = f"{category}: {format_number(value)} {name}".strip()
            out.append(
                f'<rect x="{_LABEL_W}" y="{bar_y}" width="{bar_w}" height="{_BAR - 2}" '
                f'fill="{colour}"><title>{escape(tip)}</title></rect>'
            )
            out.append(
                f'<text x="{_LABEL_W + bar_w + 4}" y="{bar_y + _BAR - 5}" class="chart-value">'
                f"{format_number(value)}</text>"
            )
    out.append("</svg>")
    return "".join(out)
