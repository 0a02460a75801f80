"""Places in records, for the downstream commands: the province a figure's or a role's place
lies in (as the article names it, and after the 2025 reorganisation), and `--province P`
matching a code or a name with or without diacritics."""

from __future__ import annotations

from typing import Any

from pipeline.extractors.places.gazetteer import NEW_MAP_FROM, Unit, gazetteer

Record = dict[str, Any]


class UnknownProvince(ValueError):
    """`--province P` names no province of either map."""


def record_map(record: Record) -> str:
    """The map a record's places are on: the one its province is named on, else its date's."""
    province = record.get("province")
    if province:
        g = gazetteer()
        on_new = g.province("new", province["code"])
        on_old = g.province("old", province["code"])
        if on_new is not None and on_new.name == province["name"] and (
                on_old is None or on_old.name != province["name"]):
            return "new"
        if on_old is not None and on_old.name == province["name"] and on_new is None:
            return "old"
    published = record.get("published")
    if published:
        return "new" if published >= NEW_MAP_FROM else "old"
    return "new"


def unit_of(place: dict[str, Any] | None, map_: str) -> Unit | None:
    """The register's unit of a `place` item ({name, level, code}), on `map_` first."""
    if not place:
        return None
    g = gazetteer()
    for m in (map_, "old" if map_ == "new" else "new"):
        unit = g.unit(m, place["level"], place["code"])
        if unit is not None and unit.name == place["name"]:
            return unit
    return None


def province_of(place: dict[str, Any] | None, map_: str) -> Unit | None:
    """The province a place lies in (itself for a province), on the place's own map."""
    unit = unit_of(place, map_)
    if unit is None:
        return None
    return unit if unit.level == "province" else gazetteer().province(unit.map, unit.province)


def current_of(province: Unit | None) -> dict[str, str] | None:
    return province.current if province is not None else None


class ProvinceFilter:
    """`--province P`: a province's code ("04", "8") or name ("Cao Bằng", "cao bang", "tỉnh Hà
    Giang"); a unit matches when it is that province as named, or lies in it after 2025
    ("Tuyên Quang" matches figures of Hà Giang)."""

    def __init__(self, query: str):
        self.query = query
        self.units = gazetteer().find_province(query)
        if not self.units:
            raise UnknownProvince(f"--province {query!r}: no province of that code or name "
                                  "(before or after July 2025)")
        self._named = {(u.map, u.code) for u in self.units}
        self._current = {u.code for u in self.units if u.map == "new"}

    def matches(self, province: Unit | None) -> bool:
        if province is None:
            return False
        if (province.map, province.code) in self._named:
            return True
        return province.current_code in self._current
