"""Showing records' values to people: numbers, figures, terminal tables, CSV, JSON."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Sequence
from typing import Any


def format_number(value: float | int) -> str:
    """3312000000000 -> '3 312 000 000 000', 6.52 -> '6.52': grouped by spaces, which reads the
    same to Vietnamese (3.312) and Polish (3 312) eyes."""
    return f"{value:,.15g}".replace(",", " ")


def format_figure(indicator: dict[str, Any]) -> str:
    """'6.52%', '1 299 000 000 USD', '215 nhà tạm'."""
    unit = indicator["unit"]
    number = format_number(indicator["value"])
    if indicator.get("value_max") is not None:
        number = f"{number}–{format_number(indicator['value_max'])}"
    if unit == "%":
        return f"{number}%"
    if unit == "count":
        counted = indicator.get("counted")
        return f"{number} {counted}" if counted else number
    return f"{number} {unit}"


def display_width(text: str) -> int:
    """Columns a terminal gives the text: combining marks take none, wide characters two."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain-text table; a cell may hold several lines, which stay in their column."""
    cells = [[str(cell).split("\n") for cell in row] for row in rows]
    widths = [display_width(h) for h in headers]
    for row in cells:
        for index, lines in enumerate(row):
            widths[index] = max([widths[index], *(display_width(line) for line in lines)])
    gap = "  "
    out = [gap.join(_pad(h, w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    out.append(gap.join("-" * w for w in widths))
    for row in cells:
        height = max(len(lines) for lines in row)
        for line_no in range(height):
            parts = [
                _pad(lines[line_no] if line_no < len(lines) else "", width)
                for lines, width in zip(row, widths, strict=True)
            ]
            out.append(gap.join(parts).rstrip())
    return "\n".join(out) + "\n"


def render_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue()


def render_json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
