"""`pipeline indicators`: figures by province as written and after 2025, key, period, date.

Register facts behind the expected values: Hà Giang (02) became part of Tuyên Quang (08) on
1 July 2025; Lũng Cú was commune 00715 of Hà Giang; Cao Bằng is 04 on both maps.
"""

import copy
import json

import pytest
from downstream_support import RECORDS, VI2_ID, by_id, fixture_records, run, write_jsonl

from pipeline.downstream.indicators import indicator_rows
from pipeline.downstream.places import ProvinceFilter, UnknownProvince


def ha_giang_record() -> dict:
    """The Cao Bằng fixture re-told as a 2024 Hà Giang article whose figure is in Lũng Cú."""
    record = copy.deepcopy(by_id()[VI2_ID])
    record.update(id="00000000000a9a02", published="2024-06-01",
                  province={"code": "02", "name": "Hà Giang",
                            "current": {"code": "08", "name": "Tuyên Quang"},
                            "confidence": 1.0})
    record["indicators"][0]["place"] = {"name": "Lũng Cú", "level": "commune", "code": "00715"}
    return record


def test_rows_carry_province_as_written_and_current_with_evidence():
    rows = indicator_rows([*fixture_records(), ha_giang_record()])
    placed = [(r["province"], r["current"], r["place"]["name"], r["evidence"], r["document_id"])
              for r in rows if r["province"]]
    # sorted by current province: Cao Bằng before Tuyên Quang
    assert placed == [
        ("Cao Bằng", "Cao Bằng", "Cao Bằng", "215 nhà tạm", VI2_ID),
        ("Hà Giang", "Tuyên Quang", "Lũng Cú", "215 nhà tạm", "00000000000a9a02"),
    ]
    # the fixture's other figures have no place: listed after, without a province
    assert len(rows) == 10 and rows[-1]["province"] is None


@pytest.mark.parametrize("query, ids", [
    ("Tuyen Quang", ["00000000000a9a02"]),   # the 2025 province takes in Hà Giang's figures
    ("08", ["00000000000a9a02"]),
    ("hà giang", ["00000000000a9a02"]),
    ("tỉnh Cao Bằng", [VI2_ID]),
    ("4", [VI2_ID]),
    ("Lạng Sơn", []),
])
def test_province_filter_by_code_or_name(query, ids):
    rows = indicator_rows([*fixture_records(), ha_giang_record()],
                          province=ProvinceFilter(query))
    assert [r["document_id"] for r in rows] == ids


def test_unknown_province_is_an_error():
    with pytest.raises(UnknownProvince, match="Quảng Tây"):
        ProvinceFilter("Quảng Tây")


def test_key_filter_and_formats(tmp_path, capsys):
    records = write_jsonl(tmp_path / "r.jsonl", [*fixture_records(), ha_giang_record()])
    assert run("indicators", records, "--key", "grdp_growth", "--format", "json") == 0
    rows = json.loads(capsys.readouterr().out)
    # neither has a place: ordered by period, "9 miesięcy" before "9 tháng"
    assert [(r["evidence"], r["period"]) for r in rows] == [
        ("wzrósł o 6,5%", "9 miesięcy"), ("tăng 6,52%", "9 tháng")]
    assert run("indicators", records, "--province", "Tuyên Quang", "--format", "csv") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("province_code,province,current_code,current,place,")
    assert lines[1].startswith("02,Hà Giang,08,Tuyên Quang,Lũng Cú,commune,00715,")
    assert len(lines) == 2
    assert run("indicators", RECORDS, "--province", "Cao Bang") == 0
    out = capsys.readouterr().out
    assert "215 nhà tạm" in out and out.endswith("1 figures, 1 with a province\n")
    assert run("indicators", RECORDS, "--province", "Atlantis") == 2
    assert "no province of that code or name" in capsys.readouterr().err
