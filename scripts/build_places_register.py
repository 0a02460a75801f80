"""Build pipeline/data/common/places_register.tsv from the two register packages' data tables.

Run at development time (never at extract time), after installing the pinned packages:

    python scripts/build_places_register.py

Sources (read as data files only; no function of either package is called, none geocodes):

- `vietnam-provinces` (data/nested-divisions.json): the current map, in force from 1 July 2025:
  34 provinces and their communes/wards with the official codes of the General Statistics
  Office register.
- `vietnamadminunits` (data/dataset.db, table admin_units_legacy; data/converter_2025.json):
  the map before 1 July 2025 (63 provinces, their districts and communes, with codes) and which
  new province and ward each old unit became.

The old map of vietnam-provinces' package has no districts, and vietnamadminunits' keys have no
diacritics: the register takes each from the package that has it.

Output columns (tab-separated, one unit a line, sorted): map (old | new), level (province |
district | commune), code, type word (Tỉnh, Huyện, Xã...), name (official, with diacritics,
without the type word), province code, current code, current name. `current` is the unit of the
new map the old unit lies in (a province for provinces and districts; the ward an old commune
merged into, empty when its territory was divided between several).
"""

from __future__ import annotations

import json
import sqlite3
import sys
from importlib import metadata
from pathlib import Path

import vietnam_provinces
import vietnamadminunits

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "pipeline" / "data" / "common" / "places_register.tsv"
TYPE_WORDS = ("Thành phố trung ương", "Thành phố", "Thị xã", "Thị trấn", "Tỉnh", "Huyện", "Quận",
              "Phường", "Xã", "Đặc khu")


def split_type(full: str) -> tuple[str, str]:
    """("Thành phố", "Bắc Kạn") from "Thành Phố Bắc Kạn" (the source capitalises unevenly, and
    spaces them too: "Phường  Buôn Ma Thuột")."""
    full = " ".join(full.split())
    for word in TYPE_WORDS:
        if full.lower().startswith(word.lower() + " "):
            return word, full[len(word) + 1:]
    return "", full


def main() -> int:
    vp_data = Path(vietnam_provinces.__file__).parent / "data" / "nested-divisions.json"
    vau_data = Path(vietnamadminunits.__file__).parent / "data"
    rows: list[tuple[str, ...]] = []

    new_provinces = json.loads(vp_data.read_text(encoding="utf-8"))
    new_name_by_code: dict[str, str] = {}
    new_ward_code: dict[tuple[str, str], str] = {}  # (province code, ward name) -> ward code
    for province in new_provinces:
        pcode = f"{province['code']:02d}"
        ptype = "Thành phố" if province["division_type"].startswith("thành phố") else "Tỉnh"
        pname = split_type(province["name"])[1]
        new_name_by_code[pcode] = pname
        rows.append(("new", "province", pcode, ptype, pname, pcode, pcode, pname))
        for ward in province["wards"]:
            wcode = f"{ward['code']:05d}"
            wtype, wname = split_type(ward["name"])
            new_ward_code[(pcode, wname)] = wcode
            rows.append(("new", "commune", wcode, wtype, wname, pcode, wcode, wname))

    db = sqlite3.connect(vau_data / "dataset.db")
    # New province and ward keys of vietnamadminunits -> codes and names of the register.
    new_province_by_key: dict[str, str] = {}
    new_ward_by_key: dict[tuple[str, str], tuple[str, str]] = {}
    for pkey, pcode, wkey, wshort in db.execute(
        "SELECT provinceKey, provinceCode, wardKey, wardShort FROM admin_units"
    ):
        new_province_by_key[pkey] = pcode
        code = new_ward_code.get((pcode, wshort))
        if code is not None:
            new_ward_by_key[(pkey, wkey)] = (code, wshort)

    converter = json.loads((vau_data / "converter_2025.json").read_text(encoding="utf-8"))
    old_to_new_province: dict[str, str] = {}
    for new_key, old_keys in converter["DICT_PROVINCE"].items():
        for old_key in old_keys:
            old_to_new_province[old_key] = new_province_by_key[new_key]
    old_ward_to_new: dict[str, tuple[str, str] | None] = {}
    for new_pkey, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wkey, old_full_keys in wards.items():
            target = new_ward_by_key.get((new_pkey, new_wkey))
            for old_full in old_full_keys:
                old_ward_to_new[old_full] = target
    for wards in converter["DICT_PROVINCE_WARD_DIVIDED"].values():
        for old_full in wards:
            old_ward_to_new[old_full] = None  # several new wards: not one unit

    seen_provinces: set[str] = set()
    seen_districts: set[str] = set()
    for (province, district, ward, pcode, dcode, wcode,
         pkey, dkey, wkey) in db.execute(
        "SELECT province, district, ward, provinceCode, districtCode, wardCode, provinceKey,"
        " districtKey, wardKey FROM admin_units_legacy ORDER BY wardCode"
    ):
        current_pcode = old_to_new_province[pkey]
        current_pname = new_name_by_code[current_pcode]
        if pcode not in seen_provinces:
            seen_provinces.add(pcode)
            ptype, pname = split_type(province)
            rows.append(("old", "province", pcode, ptype, pname, pcode, current_pcode,
                         current_pname))
        if district and dcode not in seen_districts:
            seen_districts.add(dcode)
            dtype, dname = split_type(district)
            rows.append(("old", "district", dcode, dtype, dname, pcode, current_pcode,
                         current_pname))
        if ward and wcode:
            wtype, wname = split_type(ward)
            target = old_ward_to_new.get(f"{pkey}_{dkey}_{wkey}")
            rows.append(("old", "commune", wcode, wtype, wname, pcode, *(target or ("", ""))))

    versions = (f"vietnam-provinces {metadata.version('vietnam-provinces')}, "
                f"vietnamadminunits {metadata.version('vietnamadminunits')}")
    header = [
        "# Vietnam's administrative units before (old) and after (new) 1 July 2025.",
        f"# Generated by scripts/build_places_register.py from the data tables of {versions}.",
        "# Do not edit by hand: re-run the script after upgrading the packages.",
        "map\tlevel\tcode\ttype\tname\tprovince\tcurrent_code\tcurrent_name",
    ]
    rows.sort(key=lambda r: (r[0], ("province", "district", "commune").index(r[1]), r[2]))
    OUT.write_text("\n".join(header + ["\t".join(r) for r in rows]) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(rows)} units ({versions})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
