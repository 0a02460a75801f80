"""Who's who across articles: one entry per person (`name_key`), with every spelling seen in
every language, every office held with the dates (the article's `published`) and the articles it
was seen in, and how often the person is mentioned.

Roles are grouped by office and place: "Bí thư Tỉnh ủy Cao Bằng" and "sekretarz Komitetu
Wojewódzkiego Partii" (in a Cao Bằng article) are one line, provincial_party_secretary of Cao
Bằng, with both spellings; a role without an office key keeps its own text as its line."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from pipeline.downstream.formatting import render_csv, render_json, render_table
from pipeline.downstream.places import ProvinceFilter, province_of, record_map
from pipeline.textnorm import collapse_spaces, fold_diacritics

Record = dict[str, Any]
_NO_DATE = "9999-99-99"  # sorts undated sightings last


def _role_text_key(role: dict[str, Any]) -> str:
    normalized = collapse_spaces(role["normalized"]).lower()
    return normalized or collapse_spaces(fold_diacritics(role["text"])).lower()


def _role_key(role: dict[str, Any]) -> tuple[str, str]:
    """(office or text, place): one line of the who's-who per office and place."""
    office = role.get("office")
    if not office:
        return _role_text_key(role), ""
    place = role.get("place")
    return office, f"{place['level']}:{place['code']}" if place else ""


def _sighting_order(seen: dict[str, Any]) -> tuple[str, str]:
    return seen["date"] or _NO_DATE, seen["document_id"]


def _spelling_order(spellings: dict[str, dict[str, Any]]) -> list[str]:
    """The first is the name the person is shown by. Spellings of one name_key differ only in
    diacritics, case and spacing, so one with diacritics says the most (it is the original's;
    translations and ASCII sources lose them); then the one seen most, then A-Z."""
    def rank(name: str) -> tuple[bool, int, str]:
        return fold_diacritics(name) == name, -spellings[name]["mentions"], name

    return sorted(spellings, key=rank)


def who_is_who(records: Iterable[Record], office: str | None = None,
               province: ProvinceFilter | None = None) -> list[dict[str, Any]]:
    """One JSON-ready entry per person, most widely reported first; with `office` or
    `province`, only the people who held that office or an office in that province."""
    people: dict[str, dict[str, Any]] = {}
    for record in records:
        doc_id, date, language = record["id"], record["published"], record["language"]["code"]
        map_ = record_map(record)
        for person in record["people"]:
            entry = people.setdefault(person["name_key"], {
                "spellings": {}, "roles": {}, "documents": {}, "mentions": 0,
            })
            mentions = len(person["mentions"])
            entry["mentions"] += mentions
            spelling = entry["spellings"].setdefault(
                person["name"], {"languages": set(), "documents": set(), "mentions": 0}
            )
            spelling["languages"].add(language)
            spelling["documents"].add(doc_id)
            spelling["mentions"] += mentions
            document = entry["documents"].setdefault(
                doc_id, {"id": doc_id, "date": date, "language": language, "mentions": 0}
            )
            document["mentions"] += mentions
            for role in person["roles"]:
                place = role.get("place")
                seen_role = entry["roles"].setdefault(_role_key(role), {
                    "office": role.get("office"), "place": place,
                    "province": province_of(place, map_),
                    "as_written": Counter(), "languages": set(), "seen": {}})
                seen_role["as_written"][role["text"]] += 1
                seen_role["languages"].add(language)
                seen_role["seen"][doc_id] = {"date": date, "document_id": doc_id}
    for entry in people.values():
        _merge_unplaced(entry["roles"])
    chosen = [(key, entry) for key, entry in people.items()
              if (office is None or any(r["office"] == office for r in entry["roles"].values()))
              and (province is None
                   or any(province.matches(r["province"]) for r in entry["roles"].values()))]
    return sorted(
        (_entry_json(key, entry) for key, entry in chosen),
        key=lambda p: (-p["document_count"], -p["mention_count"], p["name_key"]),
    )


def _merge_unplaced(roles: dict[tuple[str, str], dict[str, Any]]) -> None:
    """An office seen without a place joins the same office with a place when the person held
    it in one place only (an article that named no province)."""
    for (office, place), role in list(roles.items()):
        if place or not role["office"]:
            continue
        placed = [key for key in roles if key[0] == office and key[1]]
        if len(placed) == 1:
            target = roles[placed[0]]
            target["as_written"].update(role["as_written"])
            target["languages"] |= role["languages"]
            target["seen"].update(role["seen"])
            del roles[(office, place)]


def _entry_json(key: str, entry: dict[str, Any]) -> dict[str, Any]:
    spellings = entry["spellings"]
    names = _spelling_order(spellings)
    documents = sorted(entry["documents"].values(), key=lambda d: _sighting_order(
        {"date": d["date"], "document_id": d["id"]}))
    dates = sorted(d["date"] for d in documents if d["date"])
    roles = []
    for (role_key, _), role in entry["roles"].items():
        seen = sorted(role["seen"].values(), key=_sighting_order)
        province = role["province"]
        roles.append({
            "role": role_key,
            "office": role["office"],
            "place": role["place"],
            "province": None if province is None else {
                "code": province.code, "name": province.name, "current": province.current},
            "as_written": sorted(role["as_written"], key=lambda t: (-role["as_written"][t], t)),
            "languages": sorted(role["languages"]),
            "seen": seen,
        })
    roles.sort(key=lambda r: (_sighting_order(r["seen"][0]), r["role"],
                              (r["place"] or {}).get("code", "")))
    return {
        "name_key": key,
        "name": names[0],
        "spellings": [
            {"name": name, "languages": sorted(seen["languages"]),
             "documents": len(seen["documents"]), "mentions": seen["mentions"]}
            for name, seen in ((name, spellings[name]) for name in names)
        ],
        "languages": sorted({lang for s in spellings.values() for lang in s["languages"]}),
        "roles": roles,
        "documents": documents,
        "document_count": len(documents),
        "mention_count": entry["mentions"],
        "first_seen": dates[0] if dates else None,
        "last_seen": dates[-1] if dates else None,
    }


# -- output -------------------------------------------------------------------------------------

def _sighting(seen: dict[str, Any]) -> str:
    return f"{seen['date'] or 'undated'} {seen['document_id']}"


def _role_title(role: dict[str, Any]) -> str:
    """'provincial_party_secretary, Cao Bằng' for an office; the role as written otherwise."""
    if not role["office"]:
        return role["as_written"][0]
    place = role["place"]
    return f"{role['office']}, {place['name']}" if place else role["office"]


def people_json(people: list[dict[str, Any]]) -> str:
    return render_json(people)


PEOPLE_CSV_HEADERS = (
    "name_key", "name", "spellings", "languages", "roles", "documents",
    "document_count", "mention_count", "first_seen", "last_seen",
)


def people_csv(people: list[dict[str, Any]]) -> str:
    """One row per person; lists inside a cell are separated by `; `, sightings of a role are in
    brackets: `Bí thư Tỉnh ủy [2025-10-14 3f9c1a7e5b2d4c60]`."""
    rows = []
    for p in people:
        roles = "; ".join(
            f"{_role_title(r)} [{', '.join(_sighting(s) for s in r['seen'])}]"
            for r in p["roles"]
        )
        rows.append((
            p["name_key"], p["name"], "; ".join(s["name"] for s in p["spellings"]),
            " ".join(p["languages"]), roles, "; ".join(d["id"] for d in p["documents"]),
            p["document_count"], p["mention_count"], p["first_seen"] or "", p["last_seen"] or "",
        ))
    return render_csv(PEOPLE_CSV_HEADERS, rows)


def people_table(people: list[dict[str, Any]]) -> str:
    if not people:
        return "no people in the records\n"
    rows = []
    for p in people:
        spellings = "\n".join(
            f"{s['name']} ({', '.join(s['languages'])})" for s in p["spellings"]
        )
        role_lines = []
        for role in p["roles"]:
            role_lines.append(_role_title(role))
            if role["office"]:
                role_lines.append("  " + " / ".join(role["as_written"]))
            role_lines.extend(f"  {_sighting(s)}" for s in role["seen"])
        rows.append((
            p["name"], spellings, "\n".join(role_lines) or "—",
            str(p["document_count"]), str(p["mention_count"]),
        ))
    table = render_table(("PERSON", "SPELLINGS", "ROLES (date, article)", "ARTICLES", "MENTIONS"),
                         rows)
    return table + f"{len(people)} people\n"
