"""The places register: both maps, their codes and the old-to-new mapping.

Expected values are facts of the official register: Hà Giang (02) and Tuyên Quang merged into
Tuyên Quang (08), Bắc Kạn (06) into Thái Nguyên (19); Cao Bằng keeps code 04; Hòa An is district
051 of Cao Bằng on the old map; 63 provinces before 1 July 2025, 34 after.
"""

from pipeline.extractors.places.gazetteer import fold, gazetteer


def test_province_counts_of_both_maps():
    units = gazetteer().units
    assert sum(u.map == "old" and u.level == "province" for u in units) == 63
    assert sum(u.map == "new" and u.level == "province" for u in units) == 34
    assert sum(u.map == "new" and u.level == "district" for u in units) == 0


def test_old_provinces_map_to_the_province_they_became():
    g = gazetteer()
    ha_giang = g.province("old", "02")
    assert (ha_giang.name, ha_giang.current) == ("Hà Giang", {"code": "08", "name": "Tuyên Quang"})
    bac_kan = g.province("old", "06")
    assert (bac_kan.name, bac_kan.current) == ("Bắc Kạn", {"code": "19", "name": "Thái Nguyên"})
    assert g.province("new", "02") is None


def test_district_of_the_old_map_with_its_province():
    hoa_an = [u for u in gazetteer().named("hoa an") if u.level == "district"]
    assert [(u.map, u.code, u.province, u.current_name) for u in hoa_an] == [
        ("old", "051", "04", "Cao Bằng")]


def test_names_are_found_without_diacritics():
    assert [(u.map, u.code) for u in gazetteer().find_province("Cao Bang")] == [
        ("new", "04"), ("old", "04")]
    assert [u.name for u in gazetteer().find_province("04")] == ["Cao Bằng", "Cao Bằng"]
    assert [u.code for u in gazetteer().find_province("tỉnh Bắc Kạn")] == ["06"]


def test_fold_keeps_offsets():
    text = "Bí thư Tỉnh ủy Cao Bằng, gmina Łąki"
    folded = fold(text)
    assert folded == "bi thu tinh uy cao bang, gmina laki"
    assert len(folded) == len(text)


def test_names_the_package_spaces_oddly_are_found():
    # vietnam-provinces writes "Phường  Buôn Ma Thuột" with two spaces: the ward (24133 of
    # Đắk Lắk, 66) must still be found by its name, and the old wards merged into it (Tân
    # Lợi, 24136) must still say what they became
    g = gazetteer()
    assert [(u.map, u.level, u.code) for u in g.named("buon ma thuot")] == [
        ("new", "commune", "24133"), ("old", "district", "643")]
    tan_loi = g.unit("old", "commune", "24136")
    assert tan_loi.current == {"code": "24133", "name": "Buôn Ma Thuột"}
