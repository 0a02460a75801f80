"""`pipeline indicators`: every figure as a row of a time series, by province (as the article
names it and after the 2025 reorganisation), key, period and date, with its article, evidence
and offsets."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pipeline.downstream.formatting import format_figure, render_csv, render_json, render_table
from pipeline.downstream.places import ProvinceFilter, province_of, record_map

Record = dict[str, Any]
_LAST = "\uffff"  # sorts rows without a province, key or date after the others


def indicator_rows(records: Iterable[Record], key: str | None = None,
                   province: ProvinceFilter | None = None) -> list[dict[str, Any]]:
    """One JSON-ready row per figure, by current province, province, key, period, date."""
    rows = []
    for record in records:
        map_ = record_map(record)
        for figure in record["indicators"]:
            if key is not None and figure.get("key") != key:
                continue
            place = figure.get("place")
            unit = province_of(place, map_)
            if province is not None and not province.matches(unit):
                continue
            current = unit.current if unit is not None else None
            rows.append({
                "province_code": unit.code if unit is not None else None,
                "province": unit.name if unit is not None else None,
                "current_code": current["code"] if current else None,
                "current": current["name"] if current else None,
                "place": place,
                "key": figure.get("key"),
                "label": figure.get("label"),
                "value": figure["value"],
                "value_max": figure.get("value_max"),
                "unit": figure["unit"],
                "figure": format_figure(figure),
                "change": figure.get("change"),
                "period": figure.get("period"),
                "as_of": figure.get("as_of"),
                "date": record.get("published"),
                "document_id": record["id"],
                "language": record["language"]["code"],
                "url": record["source"].get("url"),
                "evidence": figure["text"],
                "start": figure["start"],
                "end": figure["end"],
            })
    rows.sort(key=lambda r: (r["current"] or _LAST, r["province"] or _LAST, r["key"] or _LAST,
                             r["period"] or _LAST, r["date"] or _LAST, r["document_id"],
                             r["start"]))
    return rows


def indicators_json(rows: list[dict[str, Any]]) -> str:
    return render_json(rows)


INDICATOR_CSV_HEADERS = (
    "province_code", "province", "current_code", "current", "place", "place_level",
    "place_code", "key", "label", "value", "value_max", "unit", "change", "period", "as_of",
    "date", "document_id", "language", "url", "evidence", "start", "end",
)


def indicators_csv(rows: list[dict[str, Any]]) -> str:
    def cell(value: Any) -> Any:
        return "" if value is None else value

    out = []
    for r in rows:
        place = r["place"] or {}
        out.append([cell(v) for v in (
            r["province_code"], r["province"], r["current_code"], r["current"],
            place.get("name"), place.get("level"), place.get("code"), r["key"], r["label"],
            r["value"], r["value_max"], r["unit"], r["change"], r["period"], r["as_of"],
            r["date"], r["document_id"], r["language"], r["url"], r["evidence"], r["start"],
            r["end"])])
    return render_csv(INDICATOR_CSV_HEADERS, out)


def indicators_table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "no figures in the records match\n"
    table_rows = []
    for r in rows:
        province = r["province"] or "—"
        if r["current"] and r["current"] != r["province"]:
            province = f"{province} (now {r['current']})"
        place = r["place"]
        where = "" if not place or place["level"] == "province" else place["name"]
        table_rows.append((
            province, where, r["key"] or "—", r["figure"], r["period"] or "",
            r["date"] or "undated", f"{r['document_id']} {r['start']}-{r['end']}",
            r["evidence"],
        ))
    table = render_table(("PROVINCE", "PLACE", "KEY", "FIGURE", "PERIOD", "DATE",
                          "ARTICLE OFFSETS", "EVIDENCE"), table_rows)
    with_province = sum(1 for r in rows if r["province"])
    return table + f"{len(rows)} figures, {with_province} with a province\n"
