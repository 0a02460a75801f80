"""Offices as keys: the spellings of one office in both languages give one key."""

import pytest

from pipeline.extractors.places.offices import office_taxonomy


@pytest.mark.parametrize("role, lang", [
    ("Bí thư Tỉnh ủy", "vi"),
    ("bí thư tỉnh uỷ cao bằng", "vi"),  # old tone placement, and the province after it
    ("sekretarz prowincjonalnego komitetu partii", "pl"),
    ("sekretarz Komitetu Wojewódzkiego Partii", "pl"),
    ("Sekretarza Prowincjonalnego Komitetu Partii", "pl"),  # genitive
    ("sekretarz komitetu partii prowincji Lang Son", "pl"),
])
def test_spellings_of_the_provincial_party_secretary(role, lang):
    assert office_taxonomy().office_of(role, lang) == "provincial_party_secretary"


@pytest.mark.parametrize("role, lang, key", [
    ("Phó Bí thư Tỉnh ủy", "vi", "provincial_party_deputy_secretary"),
    ("zastępca sekretarza prowincjonalnego komitetu partii", "pl",
     "provincial_party_deputy_secretary"),
    ("Phó Bí thư Thường trực Tỉnh ủy", "vi", "provincial_party_standing_deputy_secretary"),
    ("stały zastępca sekretarza Komitetu Wojewódzkiego Partii", "pl",
     "provincial_party_standing_deputy_secretary"),
    ("wiceprzewodnicząca Prowincjonalnego Komitetu Ludowego", "pl",
     "provincial_people_committee_vice_chair"),
    ("Chủ tịch HĐND tỉnh", "vi", "provincial_people_council_chair"),
    ("przewodnicząca prowincjonalnej rady ludowej", "pl", "provincial_people_council_chair"),
    ("Giám đốc Sở Tài chính", "vi", "department_director"),
    ("dyrektor Departamentu Finansów", "pl", "department_director"),
    ("Trưởng bản Púng Báng", "vi", "village_head"),
    ("Trưởng ban Tổ chức Tỉnh ủy", "vi", "provincial_party_organisation_head"),  # ban is no bản
    ("photographer", "vi", "photographer"),
    ("author", "pl", "author"),
])
def test_deputies_councils_departments_and_credits(role, lang, key):
    assert office_taxonomy().office_of(role, lang) == key


def test_an_office_without_a_key_and_a_local_office_at_its_place_level():
    taxonomy = office_taxonomy()
    assert taxonomy.office_of("Giám đốc Công ty K-Fresh", "vi") is None
    assert taxonomy.office_of("przewodnicząca Komitetu Ludowego okręgu Sa Pa", "pl") \
        == "district_chair"
    assert taxonomy.at_level("district_chair", "commune") == "commune_chair"
    assert taxonomy.at_level("provincial_party_secretary", "commune") \
        == "provincial_party_secretary"
