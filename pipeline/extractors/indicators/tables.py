"""Figures in tables: lines of TAB-separated cells, labelled by their row and column."""

from __future__ import annotations

import re
from decimal import Decimal

from pipeline.extractors.indicators.document import _YEAR, _Document
from pipeline.extractors.indicators.meaning import _clean_phrase, _Meaning
from pipeline.extractors.indicators.quantities import Quantity, _Reader
from pipeline.extractors.numbers import parse_digits


class _Tables:
    """Figures in TAB-separated rows: the first row names the columns, the first cell the row."""

    def __init__(self, doc: _Document, reader: _Reader, meaning: _Meaning):
        self.doc = doc
        self.reader = reader
        self.meaning = meaning
        self.d = doc.d

    def _cells(self, start: int, end: int) -> list[tuple[int, int, str]]:
        cells = []
        pos = start
        text = self.doc.text
        for raw in text[start:end].split("\t"):
            s = pos + len(raw) - len(raw.lstrip())
            e = pos + len(raw.rstrip())
            if e > s:
                cells.append((s, e, text[s:e]))
            pos += len(raw) + 1
        return cells

    def _is(self, name: str, text: str) -> bool:
        lows = self.meaning.lows(text)
        hit = self.d.words[name].match_at(lows, 0) if lows else None
        return hit is not None and hit[0] == len(lows)

    def quantities(self) -> list[Quantity]:
        out: list[Quantity] = []
        for run in self.doc.tables:
            rows = [self._cells(s, e) for s, e in run]
            rows = [r for r in rows if r]
            if len(rows) < 2:
                continue
            width = max(len(r) for r in rows)
            header = [c[2] for c in rows[0]]
            # A header without the corner cell is shifted right ("\tNăm 2024\tNăm 2025").
            header = [""] * (width - len(header)) + header
            row_col = 1 if header and self._is("row_number_headers", header[0]) else 0
            unit_col = next((k for k, h in enumerate(header) if h and self._is("unit_headers", h)),
                            None)
            for cells in rows[1:]:
                if len(cells) <= row_col:
                    continue
                row_name = cells[row_col][2]
                unit_text = cells[unit_col][2] if unit_col is not None and unit_col < len(cells) \
                    else None
                for k, (cs, ce, _ctext) in enumerate(cells):
                    if k <= row_col or k == unit_col:
                        continue
                    col_name = header[k] if k < len(header) else ""
                    out.extend(self._cell(cs, ce, row_name, col_name, unit_text))
        return out

    def _cell(self, cs: int, ce: int, row: str, col: str, unit_text: str | None) -> list[Quantity]:
        qs = [q for q in self.reader.quantities(cs, ce, in_table=True) if q.unit]
        if not qs:
            m = self.reader.num_re.fullmatch(self.doc.text, cs, ce)
            value = parse_digits(m.group(), self.d.lang) if m and not self.doc.mask[cs] else None
            if value is None:
                return []
            # A unit in the column header ("Tăng/giảm (%)") beats the row's unit column.
            unit, scale, counted = self._header_unit([col, unit_text, row])
            if unit is None and _YEAR.fullmatch(m.group()):
                return []  # a year in a cell ("Năm" column), not a figure
            qs = [Quantity(cs, ce, value * scale, unit or "count", counted=counted, head=cs)]
        for q in qs:
            q.label = f"{row} – {col}" if col else row
            q.table = {"row": row, "column": col}
            for t in (row, col):
                hit = self.meaning.key_of(self.meaning.lows(t), q.unit) if t else None
                if hit is not None:
                    q.key = hit.key
                    break
            col_lows = self.meaning.lows(col)
            inc, dec = self.d.increase.search(col_lows), self.d.decrease.search(col_lows)
            q.change = "increase" if inc and not dec else "decrease" if dec and not inc else None
            for t in (col, row):
                found = next((m for rx in self.d.period_res if (m := rx.search(t))), None)
                if found or _YEAR.fullmatch(t.strip()):
                    q.period = _clean_phrase(found.group() if found else t)
                    break
        return qs

    def _header_unit(self, texts: list[str | None]) -> tuple[str | None, Decimal, str | None]:
        """The unit a header names: "Giá trị (tỷ đồng)", "ĐVT: %", a unit cell "Tỷ đồng",
        "Nghìn lượt" (a count of "lượt" in thousands): (unit, scale, counted)."""
        for t in texts:
            if not t:
                continue
            for cand in re.findall(r"\(([^()]{1,30})\)", t) + [re.sub(r"^[^:]*:\s*", "", t), t]:
                lows = self.meaning.lows(cand)
                scale = Decimal(1)
                i = 0
                while i < len(lows):
                    hit = self.d.scales.match_at(lows, i)
                    if hit is None:
                        break
                    scale *= hit[1]
                    i = hit[0]
                hit = self.d.units.match_at(lows, i)
                if hit is not None and hit[0] == len(lows):
                    return str(hit[1]), scale, None
                if i and i < len(lows) and all(w.replace("_", "").isalpha() for w in lows[i:]):
                    words = cand.split()
                    return "count", scale, " ".join(words[-(len(words) - i):]) or None
        return None, Decimal(1), None

