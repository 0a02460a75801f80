"""People with roles, in Vietnamese and in Polish machine translations.

Expected values are worked out by hand from the sentences (see docs/annotation.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import spacy

import pipeline.extract.nlp  # noqa: F401  (registers the "people_rules" factory)
from pipeline.extractors.people.extractor import PeopleExtractor
from pipeline.extractors.people.lexicon import vi_tone_normalize
from pipeline.extractors.people.polish_names import strip_foreign_inflection
from pipeline.extractors.people.roles import normalize_role
from pipeline.textnorm import name_key

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "corpora" / "seed" / "000_286f9ef8ca64527d.txt"
SCHEMA = json.loads((ROOT / "pipeline" / "schema" / "record.schema.json").read_text())
PERSON_SCHEMA = {**SCHEMA["$defs"]["person"], "$defs": SCHEMA["$defs"]}


@pytest.fixture(scope="module")
def vi() -> PeopleExtractor:
    return PeopleExtractor("vi")


@pytest.fixture(scope="module")
def pl() -> PeopleExtractor:
    return PeopleExtractor("pl")


def by_name(people: list[dict]) -> dict[str, dict]:
    return {p["name"]: p for p in people}


def role_texts(person: dict) -> list[str]:
    return [r["text"] for r in person["roles"]]


def check_items(text: str, people: list[dict]) -> None:
    """Every item validates against the schema and its offsets point at its text."""
    for person in people:
        jsonschema.validate(person, PERSON_SCHEMA)
        assert person["name_key"] == name_key(person["name"])
        for m in person["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
        for r in person["roles"]:
            assert text[r["start"] : r["end"]] == r["text"]
    starts = [p["mentions"][0]["start"] for p in people]
    assert starts == sorted(starts)


# -- the seed article -------------------------------------------------------------------------


SEED_ROLES = {
    "Quan Minh Cuong": [
        "sekretarz prowincjonalnego komitetu partii",
        "przewodniczący delegacji prowincjonalnego zgromadzenia narodowego",
    ],
    "Be Thanh Tinh": [
        "stały zastępca sekretarza prowincjonalnego komitetu partii",
        "przewodniczący prowincjonalnej rady ludowej",
    ],
    "Vu Hong Quang": ["zastępca sekretarza prowincjonalnego komitetu partii"],
    "Le Hai Hoa": [
        "zastępca sekretarza prowincjonalnego komitetu partii",
        "przewodniczący prowincjonalnego komitetu ludowego",
        "współprzewodniczący",
    ],
}


def test_seed_article_has_exactly_the_four_people_with_their_roles(pl):
    text = SEED.read_text(encoding="utf-8")
    people = pl.extract(text)
    check_items(text, people)
    got = by_name(people)
    assert list(got) == ["Quan Minh Cuong", "Be Thanh Tinh", "Vu Hong Quang", "Le Hai Hoa"]
    for name, roles in SEED_ROLES.items():
        assert [r["normalized"] for r in got[name]["roles"]] == roles
        assert got[name]["sources"] == ["rules"]
    # named in the list and again in the closing speech ("Sekretarz ..., Quan Minh Cuong,")
    assert [m["text"] for m in got["Quan Minh Cuong"]["mentions"]] == ["Quan Minh Cuong"] * 2


def test_seed_places_are_not_people(pl):
    keys = {p["name_key"] for p in pl.extract(SEED.read_text(encoding="utf-8"))}
    for place in ("dong dang", "tra linh", "bac kan", "cao bang"):
        assert not any(place in k for k in keys)


# -- Vietnamese -------------------------------------------------------------------------------

VI_MEETING = (
    "Đồng chí Quản Minh Cường, Ủy viên Trung ương Đảng, Bí thư Tỉnh uỷ, Trưởng đoàn ĐBQH "
    "tỉnh chủ trì hội nghị. Dự hội nghị có các đồng chí: Bế Thanh Tịnh, Phó Bí thư Thường trực "
    "Tỉnh ủy, Chủ tịch HĐND tỉnh; Lê Hải Hòa, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh.\n"
    "Phát biểu kết luận, Bí thư Tỉnh ủy Quản Minh Cường yêu cầu các cấp ủy tiếp tục."
)


def test_vi_list_of_comrades_with_comma_separated_roles(vi):
    people = vi.extract(VI_MEETING)
    check_items(VI_MEETING, people)
    got = by_name(people)
    assert list(got) == ["Quản Minh Cường", "Bế Thanh Tịnh", "Lê Hải Hòa"]
    assert role_texts(got["Quản Minh Cường"]) == [
        "Ủy viên Trung ương Đảng", "Bí thư Tỉnh uỷ", "Trưởng đoàn ĐBQH tỉnh",
    ]
    assert role_texts(got["Bế Thanh Tịnh"]) == [
        "Phó Bí thư Thường trực Tỉnh ủy", "Chủ tịch HĐND tỉnh",
    ]
    assert role_texts(got["Lê Hải Hòa"]) == ["Phó Bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh"]
    # the later "Bí thư Tỉnh ủy Quản Minh Cường" is the same person and the same office
    assert len(got["Quản Minh Cường"]["mentions"]) == 2


def test_vi_roles_are_normalized_with_abbreviations_expanded(vi):
    got = by_name(vi.extract(VI_MEETING))
    assert [r["normalized"] for r in got["Quản Minh Cường"]["roles"]] == [
        "ủy viên trung ương đảng", "bí thư tỉnh ủy", "trưởng đoàn đại biểu quốc hội tỉnh",
    ]
    assert [r["normalized"] for r in got["Lê Hải Hòa"]["roles"]] == [
        "phó bí thư tỉnh ủy", "chủ tịch ủy ban nhân dân tỉnh",
    ]


@pytest.mark.parametrize(
    ("text", "name", "roles"),
    [
        ("Phó Chủ tịch UBND tỉnh Nông Thanh Tùng cho biết tỉnh đã hoàn thành.",
         "Nông Thanh Tùng", ["Phó Chủ tịch UBND tỉnh"]),
        ("Theo ông Hoàng Văn Thạch – Giám đốc Sở Tài chính, thu ngân sách tăng.",
         "Hoàng Văn Thạch", ["Giám đốc Sở Tài chính"]),
        ("Tổng Bí thư Tô Lâm gửi thư chúc mừng.", "Tô Lâm", ["Tổng Bí thư"]),
        ("Bà Nguyễn Thị Thanh Hương, Chủ tịch Ủy ban MTTQ Việt Nam tỉnh phát biểu.",
         "Nguyễn Thị Thanh Hương", ["Chủ tịch Ủy ban MTTQ Việt Nam tỉnh"]),
        ("Đồng chí Lò Văn Pủa, Bí thư Huyện uỷ Đồng Văn cho biết.",
         "Lò Văn Pủa", ["Bí thư Huyện uỷ Đồng Văn"]),
        ("Đồng chí Quàng Văn Hặc được bầu giữ chức Bí thư Đảng uỷ xã.",
         "Quàng Văn Hặc", ["Bí thư Đảng uỷ xã"]),
        ("Giám đốc Sở Y tế, ông Đàm Văn Hưng cho biết.", "Đàm Văn Hưng",
         ["Giám đốc Sở Y tế"]),
        ("Ông Ma Thị Ngân, Giám đốc Sở Văn hoá, Thể thao và Du lịch báo cáo.",
         "Ma Thị Ngân", ["Giám đốc Sở Văn hoá, Thể thao và Du lịch"]),
        ("Chủ tịch UBND xã Nông Văn Sơn phát biểu.", "Nông Văn Sơn", ["Chủ tịch UBND xã"]),
        ("Đại sứ Ba Lan tại Việt Nam Joanna Skoczek thăm tỉnh.", "Joanna Skoczek",
         ["Đại sứ Ba Lan tại Việt Nam"]),
        ("Tiếp đoàn có đồng chí Khăm-phăn Phôm-ma-thạt, Tỉnh trưởng tỉnh Phông-xa-lỳ (Lào).",
         "Khăm-phăn Phôm-ma-thạt", ["Tỉnh trưởng tỉnh Phông-xa-lỳ"]),
        ("Bí thư Khu ủy Quảng Tây Trần Cương hội đàm với lãnh đạo tỉnh.", "Trần Cương",
         ["Bí thư Khu ủy Quảng Tây"]),
        ("Vì Hiến pháp quy định, đồng chí Vì Văn Thắng, Chủ tịch Hội Nông dân tỉnh cho biết.",
         "Vì Văn Thắng", ["Chủ tịch Hội Nông dân tỉnh"]),
    ],
)
def test_vi_name_and_role(vi, text, name, roles):
    people = vi.extract(text)
    check_items(text, people)
    got = by_name(people)
    assert list(got) == [name]
    assert role_texts(got[name]) == roles


def test_vi_role_before_a_colon_belongs_to_every_name_of_the_list(vi):
    text = "Dự có các Phó Chủ tịch UBND tỉnh: Trịnh Trường Huy, Nguyễn Bích Ngọc và Lê Văn Thạch."
    got = by_name(vi.extract(text))
    assert list(got) == ["Trịnh Trường Huy", "Nguyễn Bích Ngọc", "Lê Văn Thạch"]
    for person in got.values():
        assert role_texts(person) == ["Phó Chủ tịch UBND tỉnh"]


@pytest.mark.parametrize(
    "text",
    [
        "Xã Trần Hưng Đạo và phường Hoàng Văn Thụ đạt chuẩn nông thôn mới.",
        "Tuyến đường Hồ Chí Minh đi qua tỉnh Cao Bằng.",
        "Trường THPT Nguyễn Du khai giảng năm học mới.",
        "Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh phát động phong trào.",
        "Dự án cao tốc Đồng Đăng - Trà Lĩnh qua Hà Quảng, Bảo Lạc, Hạ Lang.",
        "Công ty TNHH Hoàng Long đầu tư vào tỉnh Lạng Sơn.",
        "Đoàn Đại biểu Quốc hội tỉnh tiếp xúc cử tri huyện Hòa An.",
        "Đồng bào các dân tộc Tày, Nùng, Lô Lô sinh sống tại Bảo Lâm.",
        "Hiệu trưởng Trường THPT Chuyên Cao Bằng cho biết.",
        "Bí thư Tỉnh ủy Cao Bằng chủ trì hội nghị.",
    ],
)
def test_vi_places_organisations_and_bare_titles_are_no_one(vi, text):
    assert vi.extract(text) == []


def test_vi_a_person_mentioned_as_a_person_stays_a_person(vi):
    text = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh tại TP. Hồ Chí Minh."
    people = vi.extract(text)
    assert [p["name"] for p in people] == ["Hồ Chí Minh"]
    # the city is not a mention of the person
    assert [m["start"] for m in people[0]["mentions"]] == [text.index("Hồ Chí Minh")]
    people = vi.extract("Lễ dâng hương tưởng niệm Chủ tịch Hồ Chí Minh tại Pác Bó.")
    assert [(p["name"], role_texts(p)) for p in people] == [("Hồ Chí Minh", ["Chủ tịch"])]


def test_vi_an_office_running_into_a_commune_name_keeps_the_commune(vi):
    text = "Chủ tịch UBND xã Trần Hưng Đạo Nông Văn Sơn phát biểu."
    got = by_name(vi.extract(text))
    assert list(got) == ["Nông Văn Sơn"]
    assert role_texts(got["Nông Văn Sơn"]) == ["Chủ tịch UBND xã Trần Hưng Đạo"]


def test_vi_name_key_is_shared_with_the_polish_spelling(vi, pl):
    (vi_person,) = vi.extract("Đồng chí Quản Minh Cường phát biểu.")
    (pl_person,) = pl.extract("Towarzysz Quan Minh Cuong przemówił.")
    assert vi_person["name_key"] == pl_person["name_key"] == "quan minh cuong"


def test_vi_decomposed_unicode_gives_the_same_people(vi):
    import unicodedata

    nfd = unicodedata.normalize("NFD", VI_MEETING)
    people = vi.extract(nfd)
    check_items(nfd, people)
    assert [p["name_key"] for p in people] == [
        p["name_key"] for p in vi.extract(VI_MEETING)
    ]


# -- Polish -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "roles"),
    [
        ("Przemówienie Sekretarza Generalnego To Lama zostało przyjęte.", "To Lam",
         ["Sekretarza Generalnego"]),
        ("Spotkanie z towarzyszem Be Thanh Tinhem odbyło się w Cao Bang.", "Be Thanh Tinh", []),
        ("Rozmawiał z ambasadorem Janem Kowalskim.", "Jan Kowalski", ["ambasadorem"]),
        ("List od ambasadora Jana Kowalskiego został odczytany.", "Jan Kowalski",
         ["ambasadora"]),
        ("Według towarzysza Hoang Van Thacha – dyrektora Departamentu Finansów, dochody rosną.",
         "Hoang Van Thach", ["dyrektora Departamentu Finansów"]),
        ("Konferencji przewodniczył towarzysz Sam Van Phong, wiceprzewodniczący Komitetu "
         "Ludowego Prowincji.", "Sam Van Phong",
         ["wiceprzewodniczący Komitetu Ludowego Prowincji"]),
        ("Informacje przekazał pan Ha Trung Kien, dyrektor Departamentu Rolnictwa i Środowiska, "
         "na konferencji.", "Ha Trung Kien", ["dyrektor Departamentu Rolnictwa i Środowiska"]),
        ("Zastępca burmistrza miasta Pingxiang, pani Lu Xiaomei, poinformowała o planach.",
         "Lu Xiaomei", ["Zastępca burmistrza miasta Pingxiang"]),
        ("Towarzysz Nong Thanh Tung został wybrany na stanowisko zastępcy sekretarza.",
         "Nong Thanh Tung", ["zastępcy sekretarza"]),
        ("Przewodniczący Prowincjonalnego Komitetu Ludowego Cao Bang Le Hai Hoa przemówił.",
         "Le Hai Hoa", ["Przewodniczący Prowincjonalnego Komitetu Ludowego Cao Bang"]),
        ("Do Le Hai Hoa skierowano list z gratulacjami.", "Le Hai Hoa", []),
        ("W spotkaniu uczestniczył Do Van Hung, wiceminister finansów.", "Do Van Hung",
         ["wiceminister finansów"]),
        ("Rozmowy z Sekretarzem Generalnym, Przewodniczącym Xi Jinpingiem trwały godzinę.",
         "Xi Jinping", ["Sekretarzem Generalnym", "Przewodniczącym"]),
    ],
)
def test_pl_name_in_the_nominative_and_role(pl, text, name, roles):
    people = pl.extract(text)
    check_items(text, people)
    got = by_name(people)
    assert list(got) == [name]
    assert role_texts(got[name]) == roles


def test_pl_inflected_repeats_are_one_person_with_every_mention(pl):
    text = (
        "Sekretarz Generalny To Lam wysłał list. Rozmowy z Sekretarzem Generalnym To Lamem "
        "trwały godzinę. Słowa To Lama zacytowano."
    )
    people = pl.extract(text)
    check_items(text, people)
    assert [p["name"] for p in people] == ["To Lam"]
    assert [m["text"] for m in people[0]["mentions"]] == ["To Lam", "To Lamem", "To Lama"]
    # one office, kept in the nominative
    assert role_texts(people[0]) == ["Sekretarz Generalny"]


def test_pl_towarzysze_list(pl):
    text = (
        "Towarzysze: Quan Minh Cuong, sekretarz prowincjonalnego komitetu partii; "
        "Le Hai Hoa, przewodniczący prowincjonalnego komitetu ludowego, współprzewodniczący."
    )
    got = by_name(pl.extract(text))
    assert role_texts(got["Quan Minh Cuong"]) == ["sekretarz prowincjonalnego komitetu partii"]
    assert role_texts(got["Le Hai Hoa"]) == [
        "przewodniczący prowincjonalnego komitetu ludowego", "współprzewodniczący",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Gmina Tran Hung Dao i ulica Le Loi zostały wyremontowane.",
        "Szkoła Nguyen Du otrzymała nagrodę. Szkoła Podstawowa Kim Dong także.",
        "Komunistyczny Związek Młodzieży im. Ho Chi Minha zorganizował kampanię.",
        "W Ho Chi Minh City odbyła się konferencja. Miasto Ho Chi Minh rośnie.",
        "Projekt drogi ekspresowej Dong Dang – Tra Linh oraz drogi Bac Kan – Cao Bang.",
        "Do Lang Son przyjechała delegacja. To Cao Bang jest piękna.",
        "Sekretarz prowincji Partii wyraził przekonanie, że prowincja pokona trudności.",
        "Grupy etniczne H'Mong, Dao, Lo Lo i Tay prowadzą pensjonaty.",
        "Model wdrożono w trzech gminach pilotażowych: Hoa An, Tran Hung Dao i Quang Uyen.",
    ],
)
def test_pl_places_organisations_and_bare_titles_are_no_one(pl, text):
    assert pl.extract(text) == []


def test_pl_thought_of_ho_chi_minh_is_the_person(pl):
    people = pl.extract("Studiowanie i podążanie za Myślą Ho Chi Minha.")
    assert [(p["name"], p["name_key"]) for p in people] == [("Ho Chi Minh", "ho chi minh")]
    assert people[0]["mentions"][0]["text"] == "Ho Chi Minha"


def test_pl_office_running_into_a_commune_named_after_a_hero(pl):
    text = "Przewodniczący Komitetu Ludowego gminy Tran Hung Dao Nong Van Son podpisał umowę."
    got = by_name(pl.extract(text))
    assert list(got) == ["Nong Van Son"]
    assert role_texts(got["Nong Van Son"]) == [
        "Przewodniczący Komitetu Ludowego gminy Tran Hung Dao"
    ]


# -- helpers ----------------------------------------------------------------------------------


def test_vietnamese_tone_placement_is_normalized():
    assert vi_tone_normalize("uỷ") == vi_tone_normalize("ủy") == "ủy"
    assert vi_tone_normalize("hoà") == "hòa"
    assert vi_tone_normalize("quý") == "quý"
    assert vi_tone_normalize("hoàn") == "hoàn"


def test_normalize_role_expands_abbreviations():
    abbreviations = {"UBND": "ủy ban nhân dân", "HĐND": "hội đồng nhân dân"}
    assert normalize_role("Phó Chủ tịch UBND tỉnh", abbreviations) == (
        "phó chủ tịch ủy ban nhân dân tỉnh"
    )
    assert normalize_role("Chủ tịch HĐND Tỉnh uỷ", abbreviations) == (
        "chủ tịch hội đồng nhân dân tỉnh ủy"
    )
    # inside a longer word an abbreviation is left alone
    assert normalize_role("UBNDX", abbreviations) == "ubndx"


def test_foreign_names_lose_polish_endings():
    assert strip_foreign_inflection("Jinpingiem") == "Jinping"
    assert strip_foreign_inflection("Zhenhuą") == "Zhenhua"
    assert strip_foreign_inflection("Weiminga") == "Weiming"
    assert strip_foreign_inflection("Xiaomei") == "Xiaomei"


# -- as a spaCy component, and robustness -----------------------------------------------------


def test_component_sets_doc_people_in_a_spacy_pipeline():
    nlp = spacy.blank("pl")
    nlp.add_pipe("people_rules")
    doc = nlp(SEED.read_text(encoding="utf-8"))
    assert [p["name"] for p in doc._.people] == list(SEED_ROLES)


@pytest.mark.parametrize(
    "text",
    ["", " ", "\n\n", "Ą" * 10_000, "Nguyễn " * 5000, "\u0301\u0300" * 100, "A, B; C: D.",
     "Đồng chí\u00a0Quản\u00a0Minh\u00a0Cường", "x" * 100_000, "\ud800 zły znak"],
)
@pytest.mark.parametrize("lang", ["vi", "pl"])
def test_hostile_input_never_raises(vi, pl, lang, text):
    extractor = vi if lang == "vi" else pl
    people = extractor.extract(text)
    check_items(text, people)


def test_output_is_deterministic(vi, pl):
    text = SEED.read_text(encoding="utf-8")
    assert pl.extract(text) == pl.extract(text)
    assert vi.extract(VI_MEETING) == vi.extract(VI_MEETING)


def test_long_text_keeps_every_mention(vi):
    # speed is measured by `make bench`, not asserted here
    text = VI_MEETING * 200
    people = vi.extract(text)
    assert len(people) == 3
    assert len(by_name(people)["Bế Thanh Tịnh"]["mentions"]) == 200


def test_vi_short_reference_after_a_word_of_address_is_a_mention(vi):
    text = (
        "Đồng chí Hoàng Duy Chinh, Chủ tịch UBND tỉnh, và bà Nông Thị Hiền, Giám đốc Sở Y tế, "
        "dự hội nghị. Đồng chí Chinh đề nghị bà Hiền báo cáo. Ông Thắng không dự."
    )
    people = vi.extract(text)
    check_items(text, people)
    got = by_name(people)
    assert [m["text"] for m in got["Hoàng Duy Chinh"]["mentions"]] == ["Hoàng Duy Chinh", "Chinh"]
    assert [m["text"] for m in got["Nông Thị Hiền"]["mentions"]] == ["Nông Thị Hiền", "Hiền"]
    assert "Thắng" not in {m["text"] for p in people for m in p["mentions"]}


def test_pl_short_reference_inflected_is_a_mention(pl):
    text = (
        "Towarzysz Hoang Duy Chinh, przewodniczący prowincjonalnego komitetu ludowego, spotkał "
        "się z ambasadorem Jerzym Kowalskim. Towarzysz Chinh podziękował panu Kowalskiemu."
    )
    people = pl.extract(text)
    check_items(text, people)
    got = by_name(people)
    assert [m["text"] for m in got["Hoang Duy Chinh"]["mentions"]] == ["Hoang Duy Chinh", "Chinh"]
    assert [m["text"] for m in got["Jerzy Kowalski"]["mentions"]][-1] == "Kowalskiemu"


def test_short_reference_shared_by_two_people_is_left_alone(vi):
    text = (
        "Đồng chí Lê Văn Hùng và đồng chí Triệu Đức Hùng dự hội nghị. Đồng chí Hùng phát biểu."
    )
    people = vi.extract(text)
    assert all(len(p["mentions"]) == 1 for p in people)


@pytest.mark.parametrize(
    ("written", "normalized"),
    [
        ("Sekretarzem Generalnym", "sekretarz generalny"),
        ("Sekretarza Generalnego Partii", "sekretarz generalny partii"),
        ("Premiera", "premier"),
        ("stałemu zastępcy sekretarza", "stały zastępca sekretarza"),
        ("Wiceprzewodniczącej Prowincjonalnego Komitetu Ludowego",
         "wiceprzewodnicząca prowincjonalnego komitetu ludowego"),
        # the complement keeps its own case; a nominative stays as written
        ("przewodniczącego prowincjonalnego komitetu ludowego",
         "przewodniczący prowincjonalnego komitetu ludowego"),
        ("sekretarz prowincjonalnego komitetu partii",
         "sekretarz prowincjonalnego komitetu partii"),
        # adjectives joined by "i" both agree with the head
        ("Ambasadora Nadzwyczajnego i Pełnomocnego Republiki Korei",
         "ambasador nadzwyczajny i pełnomocny republiki korei"),
        # "były"/"Stałym" are also nouns: the head is the office after them
        ("byłego Sekretarza Generalnego", "były sekretarz generalny"),
        ("Stałym Wiceprzewodniczącym Komitetu", "stały wiceprzewodniczący komitetu"),
        # one person holds an office: a plural is normalized to the singular
        ("wiceprzewodniczącymi", "wiceprzewodniczący"),
        ("zastępców sekretarza", "zastępca sekretarza"),
        ("dyrektorzy departamentów", "dyrektor departamentów"),
    ],
)
def test_pl_role_is_normalized_to_the_nominative(pl, written, normalized):
    from pipeline.extractors.people.polish_roles import nominative_role

    # the office lemmas say that "Premiera" is the premier, not a premiere
    offices = frozenset(pl.lex.role_heads.by_first)
    assert nominative_role(written, offices).lower() == normalized


def test_pl_same_office_in_two_cases_is_one_normalized_role(pl):
    text = (
        "Spotkanie z Sekretarzem Generalnym To Lamem. Sekretarz Generalny To Lam podkreślił, "
        "że przemówienie Sekretarza Generalnego To Lama było ważne."
    )
    person = by_name(pl.extract(text))["To Lam"]
    assert [r["normalized"] for r in person["roles"]] == ["sekretarz generalny"]


# -- East Asian names, minorities, organisations, countries, offices (blind-set gaps) ---------


@pytest.mark.parametrize(
    ("lang", "text", "name", "roles"),
    [
        # Korean hyphenated given name after an honorific, role after it
        ("vi", "Làm việc với đoàn có bà Yoon Seo-yeon, Tham tán Thương mại Đại sứ quán.",
         "Yoon Seo-yeon", ["Tham tán Thương mại Đại sứ quán"]),
        # ... with the office before it
        ("vi", "Tổng lãnh sự Jang Hyun-woo trao quà cho học sinh.", "Jang Hyun-woo",
         ["Tổng lãnh sự"]),
        # Polish: inflected after "pana", ending stripped from the given name's last syllable
        ("pl", "Wojewoda przyjął pana Kang Min-seoka, konsula generalnego w Hanoi.",
         "Kang Min-seok", ["konsula generalnego w Hanoi"]),
        ("pl", "Pani Jeong Eun-ji, przedstawicielka agencji, podziękowała.", "Jeong Eun-ji",
         ["przedstawicielka agencji"]),
        # Chinese and Japanese family name + one-word given name
        ("pl", "Rozmawiał z nim pan Zhou Weiming, wiceburmistrz miasta Wenshan.",
         "Zhou Weiming", ["wiceburmistrz miasta Wenshan"]),
        ("vi", "Ông Nakamura Kenji, Trưởng đại diện JICA, phát biểu.", "Nakamura Kenji",
         ["Trưởng đại diện JICA"]),
    ],
)
def test_east_asian_name_with_context(vi, pl, lang, text, name, roles):
    extractor = vi if lang == "vi" else pl
    people = extractor.extract(text)
    check_items(text, people)
    got = by_name(people)
    assert list(got) == [name]
    assert role_texts(got[name]) == roles


@pytest.mark.parametrize(
    ("lang", "text", "name"),
    [
        ("vi", "Doanh nhân Hàn Quốc Baek Seung-ho đã tới thăm nhà máy.", "Baek Seung-ho"),
        ("pl", "Koreański inwestor Baek Seung-ho odwiedził fabrykę.", "Baek Seung-ho"),
    ],
)
def test_east_asian_name_with_a_nationality_in_the_sentence(vi, pl, lang, text, name):
    people = (vi if lang == "vi" else pl).extract(text)
    assert [p["name"] for p in people] == [name]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # no honorific, no office, no nationality: the shape alone is not enough (a deliberate
        # precision trade-off: this Lim Do-hyun is missed, as a word pair of that shape would
        # otherwise be taken for a person anywhere)
        ("vi", "Sáng nay Lim Do-hyun đến sớm."),
        # a Vietnamese syllable as given name in a translation is a Vietnamese place
        ("pl", "Sekretarz komórki partyjnej wioski Na Sang w gminie Muong Khuong."),
        # Polish words, not a given name
        ("pl", "Park Narodowy Hoang Lien ma nowy ośrodek, a Park Miejski też."),
    ],
)
def test_east_asian_shape_without_context_is_no_one(vi, pl, lang, text):
    assert (vi if lang == "vi" else pl).extract(text) == []


@pytest.mark.parametrize(
    ("lang", "text", "name"),
    [
        ("vi", "Ông Phàn Văn Quý, Trưởng thôn Sả Séng cho biết.", "Phàn Văn Quý"),
        ("vi", "Phó Chủ tịch UBND xã Sa Văn Pọm kiểm tra đê.", "Sa Văn Pọm"),
        ("vi", "Bà Chẻo Thị Mai, Chủ tịch Hội Phụ nữ xã phát biểu.", "Chẻo Thị Mai"),
        ("vi", "Đồng chí Ngần Văn Toản, Trưởng phòng Nội vụ báo cáo.", "Ngần Văn Toản"),
        ("pl", "Wiceprzewodniczący Sa Van Pom sprawdził wał.", "Sa Van Pom"),
        ("pl", "Pan Phan Van Quy, sołtys wsi, powiedział to.", "Phan Van Quy"),
    ],
)
def test_minority_surnames_of_the_northern_provinces(vi, pl, lang, text, name):
    people = (vi if lang == "vi" else pl).extract(text)
    assert [p["name"] for p in people] == [name]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("vi", "Sa Pa đón 2 triệu lượt khách; Bạc Liêu và Sa Thầy cũng vậy."),
        ("pl", "Turyści odwiedzili Sa Pa, Bac Ha i Phu Tho, a potem Ngan Son."),
    ],
)
def test_places_sharing_a_syllable_with_the_new_surnames_stay_places(vi, pl, lang, text):
    assert (vi if lang == "vi" else pl).extract(text) == []


@pytest.mark.parametrize(
    ("lang", "text", "name", "roles"),
    [
        ("pl", "Był też pan Oh Tae-sik, prezes spółki Daewon Textile Vina.", "Oh Tae-sik",
         ["prezes spółki Daewon Textile Vina"]),
        ("vi", "Có ông Oh Tae-sik, Chủ tịch Công ty TNHH Daewon Textile Vina.", "Oh Tae-sik",
         ["Chủ tịch Công ty TNHH Daewon Textile Vina"]),
    ],
)
def test_a_company_after_an_office_is_no_person(vi, pl, lang, text, name, roles):
    got = by_name((vi if lang == "vi" else pl).extract(text))
    assert list(got) == [name]
    assert role_texts(got[name]) == roles


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("vi", "Tập đoàn Lotte Mart và hãng Yamaha Motor mở chi nhánh."),
        ("vi", "Nhà máy của Jinwoo Precision và Hansol Electronics hoạt động trở lại."),
        ("pl", "Umowę podpisała firma Seojin Holdings oraz koncern Tanaka Kikinzoku."),
        ("pl", "Dyrektor spółki Minh Phat Group odwiedził targi."),
    ],
)
def test_companies_are_no_people(vi, pl, lang, text):
    assert (vi if lang == "vi" else pl).extract(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Đoàn đại biểu Đại Hàn Dân Quốc thăm Cộng Hòa Dân Chủ Nhân Dân Lào.",
        "Đại sứ đặc mệnh toàn quyền Đại Hàn Dân Quốc thăm Vương Quốc Anh.",
        "Hợp tác với Mông Cổ, Đài Loan và Liên Bang Nga được mở rộng.",
    ],
)
def test_vi_country_names_are_no_people(vi, text):
    assert vi.extract(text) == []


def test_pl_country_names_are_no_people(pl):
    text = ("Ambasador Republiki Korei i przedstawiciel Laotańskiej Republiki "
            "Ludowo-Demokratycznej spotkali się w Chińskiej Republice Ludowej.")
    assert pl.extract(text) == []


def test_pl_inflected_and_nominative_spelling_of_a_foreign_name_are_one_person(pl):
    text = ("Delegacji przewodniczył towarzysz Bounthong Chitmanya, gubernator prowincji. "
            "Rozmawiano z towarzyszem Vilayphonga Sisoulatha, zastępcą gubernatora. "
            "Towarzysz Vilayphong Sisoulath podziękował za przyjęcie.")
    people = pl.extract(text)
    check_items(text, people)
    got = by_name(people)
    assert list(got) == ["Bounthong Chitmanya", "Vilayphong Sisoulath"]
    assert role_texts(got["Vilayphong Sisoulath"]) == ["zastępcą gubernatora"]
    assert len(got["Vilayphong Sisoulath"]["mentions"]) == 2


@pytest.mark.parametrize(
    ("text", "name", "roles"),
    [
        ("Ông Lục Văn Khải, Đội trưởng Đội Kiểm soát hải quan cho biết.", "Lục Văn Khải",
         ["Đội trưởng Đội Kiểm soát hải quan"]),
        ("Phó Đội trưởng Đội Cảnh sát giao thông Hoàng Văn Lâm kiểm tra xe.", "Hoàng Văn Lâm",
         ["Phó Đội trưởng Đội Cảnh sát giao thông"]),
        ("Bà Triệu Thị Mây, Hạt trưởng Hạt Kiểm lâm cho biết.", "Triệu Thị Mây",
         ["Hạt trưởng Hạt Kiểm lâm"]),
        ("Anh Sùng A Dình, hướng dẫn viên du lịch, dẫn đoàn.", "Sùng A Dình",
         ["hướng dẫn viên du lịch"]),
    ],
)
def test_vi_unit_heads_and_deputies_are_offices(vi, text, name, roles):
    got = by_name(vi.extract(text))
    assert list(got) == [name]
    assert role_texts(got[name]) == roles


@pytest.mark.parametrize(
    ("text", "name", "roles"),
    [
        # "wice" + any office of the lexicon
        ("Przemawiała pani Anna Nowak, wicemarszałek województwa podkarpackiego.",
         "Anna Nowak", ["wicemarszałek województwa podkarpackiego"]),
        ("Wicekomendant policji prowincji Lo Van Thao przedstawił raport.", "Lo Van Thao",
         ["Wicekomendant policji prowincji"]),
        # a guide is a function the article gives the person
        ("Jak mówi Ewa Lis, przewodniczka grupy z Poznania, trasa jest trudna.", "Ewa Lis",
         ["przewodniczka grupy z Poznania"]),
        # an ordinal "3." inside the office
        ("Pułkownik Tran Van Hai, dowódca 3. Okręgu Wojskowego, odwiedził jednostkę.",
         "Tran Van Hai", ["Pułkownik", "dowódca 3. Okręgu Wojskowego"]),
    ],
)
def test_pl_offices_with_prefix_guide_and_ordinal(pl, text, name, roles):
    got = by_name(pl.extract(text))
    assert list(got) == [name]
    assert role_texts(got[name]) == roles


def test_pl_a_plural_complement_before_an_office_is_not_chained(pl):
    # "delegatów" is an office word, but plural and genitive: the questions' authors
    text = ("Po wysłuchaniu pytań delegatów, kierownik Wydziału Rolnictwa Hoang Thi Lan "
            "odpowiedziała.")
    got = by_name(pl.extract(text))
    assert role_texts(got["Hoang Thi Lan"]) == ["kierownik Wydziału Rolnictwa"]


def test_pl_an_organisation_named_with_a_plural_cue_word_does_not_hide_a_name(pl):
    text = "Dyrektor Zarządu Ochrony Lasów Nong Van Khanh przedstawił plan."
    got = by_name(pl.extract(text))
    assert role_texts(got["Nong Van Khanh"]) == ["Dyrektor Zarządu Ochrony Lasów"]


# -- real published text: minority names, glued offices, lists under one office -----------


@pytest.mark.parametrize(
    ("lang", "text", "name", "roles"),
    [
        # Jrai, Ê Đê clan names first, inside or last; given names that are no Vietnamese
        # syllable ("Kđăm", "Byă")
        ("vi", "Đồng chí Ksor Phước Hà, Phó Bí thư Tỉnh ủy dự hội nghị.", "Ksor Phước Hà",
         ["Phó Bí thư Tỉnh ủy"]),
        ("vi", "Ông Y Thanh Hà Niê Kđăm, Chủ tịch Hội đồng Dân tộc phát biểu.",
         "Y Thanh Hà Niê Kđăm", ["Chủ tịch Hội đồng Dân tộc"]),
        ("vi", "Bà H'Ma Byă, Chủ tịch Hội LHPN tỉnh dự.", "H'Ma Byă", ["Chủ tịch Hội LHPN tỉnh"]),
        ("vi", "Ông Dương Mah Tiệp, Bí thư Huyện ủy Ia Grai cho biết.", "Dương Mah Tiệp",
         ["Bí thư Huyện ủy Ia Grai"]),
        ("vi", "Bà Kpă H'Thuyên, Trưởng Ban Dân tộc tỉnh báo cáo.", "Kpă H'Thuyên",
         ["Trưởng Ban Dân tộc tỉnh"]),
        # "A" opens a Bahnar name: a person here by the word of address
        ("vi", "Ông A Pương, Trưởng thôn Kon Sơ Lăl chia sẻ.", "A Pương",
         ["Trưởng thôn Kon Sơ Lăl"]),
        # Khmer surnames that are also words: a person with a word of address or a role
        ("vi", "Ông Danh Út, Trưởng ấp Bưng Cóc cho biết.", "Danh Út", ["Trưởng ấp Bưng Cóc"]),
        ("vi", "Hòa thượng Danh Đổng dự lễ.", "Danh Đổng", []),
        ("vi", "Bà Sơn Thị Ánh Hồng, Phó Trưởng Ban Dân tộc tỉnh nói.", "Sơn Thị Ánh Hồng",
         ["Phó Trưởng Ban Dân tộc tỉnh"]),
        # the same names without diacritics in translations
        ("pl", "Towarzysz Ksor Phuoc Ha, zastępca sekretarza, przemawiał.", "Ksor Phuoc Ha",
         ["zastępca sekretarza"]),
        ("pl", "Pan A Puong, sołtys wioski Kon So Lal, powiedział to.", "A Puong",
         ["sołtys wioski Kon So Lal"]),
        ("pl", "Pani Kpa H'Thuyen, szefowa komitetu, powiedziała.", "Kpa H'Thuyen",
         ["szefowa komitetu"]),
        ("pl", "Towarzysz Y Thanh Ha Nie Kdam docenił wysiłki prowincji.", "Y Thanh Ha Nie Kdam",
         []),
    ],
)
def test_minority_names_of_the_highlands_and_the_south(vi, pl, lang, text, name, roles):
    people = (vi if lang == "vi" else pl).extract(text)
    check_items(text, people)
    assert [(p["name"], role_texts(p)) for p in people] == [(name, roles)]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # "Y", "A" are also letters and words; "Sơn", "Kiên" syllables of places; "Danh" a word
        ("vi", "Y tế cơ sở được củng cố. A Lưới là huyện miền núi."),
        ("vi", "Xã Y Tý đón khách. Danh sách hộ nghèo được công khai."),
        ("vi", "Sơn La và Kiên Giang ký kết hợp tác."),
        # without a role or a word of address "A Pương" may be anything
        ("vi", "A Pương là tên một con suối."),
        ("pl", "A potem Puong Kon przyjechał autobusem do Son La."),
    ],
)
def test_minority_name_openers_that_are_words_need_context(vi, pl, lang, text):
    assert (vi if lang == "vi" else pl).extract(text) == []


def test_vi_name_glued_to_its_offices_by_a_hyphen(vi):
    text = ("Dự có các đồng chí: Hồ Văn Niên-Ủy viên Ban Chấp hành Trung ương Đảng, Bí thư "
            "Tỉnh ủy; Rah Lan Chung-Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh.")
    people = vi.extract(text)
    check_items(text, people)
    assert [(p["name"], role_texts(p)) for p in people] == [
        ("Hồ Văn Niên", ["Ủy viên Ban Chấp hành Trung ương Đảng", "Bí thư Tỉnh ủy"]),
        ("Rah Lan Chung", ["Phó Bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh"]),
    ]


def test_vi_offices_held_together_before_a_name_are_both_roles(vi):
    people = vi.extract("Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Rah Lan Chung phát biểu.")
    assert [(p["name"], role_texts(p)) for p in people] == [
        ("Rah Lan Chung", ["Phó Bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh"]),
    ]


@pytest.mark.parametrize(
    ("lang", "text", "names", "role", "normalized"),
    [
        ("vi", "Ba Phó Bí thư Tỉnh ủy là các đồng chí Trịnh Việt Hùng, Giàng A Chu và Hoàng "
         "Giang.", ["Trịnh Việt Hùng", "Giàng A Chu", "Hoàng Giang"], "Phó Bí thư Tỉnh ủy",
         "phó bí thư tỉnh ủy"),
        ("vi", "Các Phó Chủ tịch UBND tỉnh: Dương Mah Tiệp, Nguyễn Thị Thanh Lịch trình bày.",
         ["Dương Mah Tiệp", "Nguyễn Thị Thanh Lịch"], "Phó Chủ tịch UBND tỉnh",
         "phó chủ tịch ủy ban nhân dân tỉnh"),
        # the plural office is normalized to the nominative singular
        ("pl", "Wiceprzewodniczącymi zostali Ksor Phuoc Ha i Giang A Chu.",
         ["Ksor Phuoc Ha", "Giang A Chu"], "Wiceprzewodniczącymi", "wiceprzewodniczący"),
        ("pl", "Zastępcami sekretarza zostali towarzysze Trinh Viet Hung, Giang A Chu i Hoang "
         "Giang.", ["Trinh Viet Hung", "Giang A Chu", "Hoang Giang"], "Zastępcami sekretarza",
         "zastępca sekretarza"),
    ],
)
def test_one_office_for_a_list_of_holders(vi, pl, lang, text, names, role, normalized):
    people = (vi if lang == "vi" else pl).extract(text)
    check_items(text, people)
    assert [(p["name"], [(r["text"], r["normalized"]) for r in p["roles"]]) for p in people] == [
        (name, [(role, normalized)]) for name in names
    ]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("vi", "Tỉnh đoàn phối hợp với Quỹ Học bổng Vừ A Dính trao 100 suất học bổng."),
        ("vi", "Trường THPT Chuyên Nguyễn Thị Minh Khai tổ chức hội thi văn nghệ."),
        ("vi", "Tại Thành phố Hồ Chí Minh, trên đường Võ Nguyên Giáp, Trường THPT Chu Văn An "
         "nhận Giải thưởng Trần Văn Giàu."),
        ("pl", "Związek wraz z Funduszem Stypendialnym Vu A Dinh przekazał stypendia."),
        ("pl", "Związek Młodzieży Komunistycznej im. Ho Chi Minha zorganizował konkurs."),
    ],
)
def test_names_inside_other_names_are_no_people(vi, pl, lang, text):
    assert (vi if lang == "vi" else pl).extract(text) == []


def test_office_before_a_colon_list_of_people_with_their_own_offices(vi, pl):
    text = ("Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy: Nguyễn Văn An, Trưởng Ban Tổ chức Tỉnh "
            "ủy; Trần Thị Bình, Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy.")
    assert [(p["name"], role_texts(p)) for p in vi.extract(text)] == [
        ("Nguyễn Văn An", ["Ủy viên Ban Thường vụ Tỉnh ủy", "Trưởng Ban Tổ chức Tỉnh ủy"]),
        ("Trần Thị Bình", ["Ủy viên Ban Thường vụ Tỉnh ủy", "Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy"]),
    ]
    text = ("Członkowie Komitetu Centralnego Partii: Dao Ngoc Dung, minister; Ha Thi Nga, "
            "wiceprzewodnicząca Frontu Ojczyzny. Przedstawiciele departamentów.")
    people = pl.extract(text)
    assert [(p["name"], [r["normalized"] for r in p["roles"]]) for p in people] == [
        ("Dao Ngoc Dung", ["członek komitetu centralnego partii", "minister"]),
        ("Ha Thi Nga",
         ["członek komitetu centralnego partii", "wiceprzewodnicząca frontu ojczyzny"]),
    ]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # a Highlands village is no person, and the office runs over it to its holder
        ("vi", "Bà Y Blưn, Chi hội trưởng Phụ nữ làng Plei Rơ Wăk, dự lễ.",
         [("Y Blưn", ["Chi hội trưởng Phụ nữ làng Plei Rơ Wăk"])]),
        ("pl", "Pan A Thanh, sołtys wioski Kon Klor w gminie Dak Ro Wa, powiedział to.",
         [("A Thanh", ["sołtys wioski Kon Klor"])]),  # "w gminie ...": where, not the office
        # a Gia Rai given name that is no Vietnamese syllable ends the name
        ("vi", "Ông Đinh Văn Hrui ở xã Ia Chim cho biết.", [("Đinh Văn Hrui", [])]),
        ("pl", "Pan Dinh Van Hrui z gminy Ia Chim powiedział.", [("Dinh Van Hrui", [])]),
        # a Polish case ending is still stripped, not read as such a name
        ("pl", "Rozmowa z panem Nguyen Van Anem trwała godzinę.", [("Nguyen Van An", [])]),
    ],
)
def test_highlands_villages_and_given_names(vi, pl, lang, text, expected):
    people = (vi if lang == "vi" else pl).extract(text)
    check_items(text, people)
    assert [(p["name"], role_texts(p)) for p in people] == expected


def test_vi_lao_names_between_a_word_of_address_and_an_office(vi):
    text = ("Đón tiếp có đồng chí Lệt Xay Nha Phon-Ủy viên Ban Chấp hành Trung ương Đảng Nhân "
            "dân Cách mạng Lào, Bí thư Tỉnh ủy và đồng chí My Na Phon Xay Sổm Phu-Phó Bí thư "
            "Tỉnh ủy.")
    people = vi.extract(text)
    check_items(text, people)
    assert [(p["name"], role_texts(p)) for p in people] == [
        ("Lệt Xay Nha Phon",
         ["Ủy viên Ban Chấp hành Trung ương Đảng Nhân dân Cách mạng Lào", "Bí thư Tỉnh ủy"]),
        ("My Na Phon Xay Sổm Phu", ["Phó Bí thư Tỉnh ủy"]),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # a word of address without an office after the words, or an office without one
        "Bà con đón đồng chí Lệt Xay Nha Phon, người bạn Lào, về thăm bản.",
        "Lãnh đạo Lệt Xay Nha Phon, Phó Chủ tịch xã cho biết.",
    ],
)
def test_vi_a_name_of_no_known_shape_needs_both_sides(vi, text):
    assert vi.extract(text) == []


def test_vi_an_office_taken_from_a_list_and_a_delegation_led(vi):
    text = ("HĐND tỉnh miễn nhiệm chức vụ 3 Phó Chủ tịch UBND tỉnh đối với các ông Đỗ Tiến "
            "Đông, Hồ Phước Thành và Kpă Thuyên. Đoàn do đồng chí Hồ Văn Niên, Bí thư Tỉnh ủy "
            "làm Trưởng đoàn.")
    assert [(p["name"], role_texts(p)) for p in vi.extract(text)] == [
        ("Đỗ Tiến Đông", ["Phó Chủ tịch UBND tỉnh"]),
        ("Hồ Phước Thành", ["Phó Chủ tịch UBND tỉnh"]),
        ("Kpă Thuyên", ["Phó Chủ tịch UBND tỉnh"]),
        ("Hồ Văn Niên", ["Bí thư Tỉnh ủy", "Trưởng đoàn"]),
    ]


def test_vi_list_introduced_by_gom_with_words_of_address_and_a_colon(vi):
    text = ("Ba Phó bí thư Tỉnh ủy gồm các ông: Lê Thành Đô, Chủ tịch UBND tỉnh; Mùa A Vảng, "
            "Chủ tịch Ủy ban Mặt trận Tổ quốc tỉnh; và Hà Quang Trung, Phó trưởng ban Tổ chức "
            "Tỉnh ủy.")
    assert [(p["name"], role_texts(p)) for p in vi.extract(text)] == [
        ("Lê Thành Đô", ["Phó bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh"]),
        ("Mùa A Vảng", ["Phó bí thư Tỉnh ủy", "Chủ tịch Ủy ban Mặt trận Tổ quốc tỉnh"]),
        ("Hà Quang Trung", ["Phó bí thư Tỉnh ủy", "Phó trưởng ban Tổ chức Tỉnh ủy"]),
    ]


def test_pl_a_lao_province_after_an_office_is_no_person(pl):
    text = ("Towarzysz Phon Suc In Tha Vong, zastępca gubernatora prowincji Hua Phan, "
            "przywitał delegację.")
    assert [(p["name"], role_texts(p)) for p in pl.extract(text)] == [
        ("Phon Suc In Tha Vong", ["zastępca gubernatora prowincji Hua Phan"]),
    ]


def test_vi_offices_after_a_short_reference_are_the_persons(vi):
    text = ("Ông Trần Tiến Dũng được bầu làm Bí thư Tỉnh ủy. Đầu năm 2019, ông Dũng được điều "
            "động giữ chức Phó bí thư Tỉnh ủy Lai Châu, sau đó được bầu làm Chủ tịch UBND tỉnh.")
    people = vi.extract(text)
    check_items(text, people)
    assert [(p["name"], role_texts(p)) for p in people] == [
        ("Trần Tiến Dũng", ["Bí thư Tỉnh ủy", "Phó bí thư Tỉnh ủy Lai Châu", "Chủ tịch UBND tỉnh"]),
    ]


def test_pl_a_long_name_found_once_is_the_person_where_it_comes_again(pl):
    text = ("Delegacji przewodził towarzysz Kham Phan Sit Thi Dam Pha, członek Komitetu "
            "Centralnego. Gubernator prowincji Wientian Kham Phan Sit Thi Dam Pha podziękował.")
    people = pl.extract(text)
    check_items(text, people)
    # not "Wientian Kham" and "Phan Sit Thi Dam" the second time
    assert [(p["name"], len(p["mentions"])) for p in people] == [
        ("Kham Phan Sit Thi Dam Pha", 2),
    ]


@pytest.mark.parametrize(
    ("lang", "text", "name"),
    [
        # a capitalised word after a hyphen that opens no office is part of the name
        ("pl", "Ambasador Korei Park Jae-Hoon spotkał się z przewodniczącym.", "Park Jae-Hoon"),
        ("vi", "Đại sứ Hàn Quốc Park Jae-Hoon thăm tỉnh.", "Park Jae-Hoon"),
    ],
)
def test_a_hyphenated_given_name_is_not_split(vi, pl, lang, text, name):
    assert [p["name"] for p in (vi if lang == "vi" else pl).extract(text)] == [name]


def test_a_name_of_no_known_shape_later_in_an_addressed_list(vi, pl):
    text = ("Có các đồng chí: Rah Lan Chung-Phó Bí thư Tỉnh ủy; Lệt Xay Nha Phon-Ủy viên Bộ "
            "Chính trị.")
    assert [(p["name"], role_texts(p)) for p in vi.extract(text)] == [
        ("Rah Lan Chung", ["Phó Bí thư Tỉnh ủy"]),
        ("Lệt Xay Nha Phon", ["Ủy viên Bộ Chính trị"]),
    ]
    text = ("W spotkaniu uczestniczyli towarzysze: Nguyen Van An, sekretarz; Phon Suc In Tha "
            "Vong, zastępca gubernatora prowincji.")
    assert [p["name"] for p in pl.extract(text)] == ["Nguyen Van An", "Phon Suc In Tha Vong"]
    # a list of bodies is no list of people
    assert vi.extract("Tham dự có: Hội Nông dân; Lệt Xay Nha Phon-Phó Chủ tịch.") == []


def roles_of(people: list[dict]) -> list[tuple[str, list[str]]]:
    return [(p["name"], [r["text"] for r in p["roles"]]) for p in people]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "Em" and "Út" are words (younger sibling, youngest child) and southern given names
        ("Ông Lâm Em cho biết.", [("Lâm Em", [])]),
        ("Bà Danh Út cho biết.", [("Danh Út", [])]),
        # "Môi trường" ends in "trường" (school), "Khu kinh tế" names a zone: an office that
        # runs into the name makes it a person
        ("Giám đốc Sở Tài nguyên và Môi trường Trần Văn Bình phát biểu.",
         [("Trần Văn Bình", ["Giám đốc Sở Tài nguyên và Môi trường"])]),
        ("Trưởng Ban Quản lý Khu kinh tế Nông Văn Khánh cho biết.",
         [("Nông Văn Khánh", ["Trưởng Ban Quản lý Khu kinh tế"])]),
        # "Hoàng gia" (royal) opens no name, "Hoàng Gia Long" is three name syllables
        ("Các Phó Chủ tịch UBND tỉnh: Hoàng Gia Long, Lê Thị Hoa.",
         [("Hoàng Gia Long", ["Phó Chủ tịch UBND tỉnh"]),
          ("Lê Thị Hoa", ["Phó Chủ tịch UBND tỉnh"])]),
    ],
)
def test_vi_names_of_words_that_are_also_cues_or_phrases(vi, text, expected):
    assert roles_of(vi.extract(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hoàng gia Anh gửi lời chúc mừng.",
        "Học sinh Trường Nguyễn Du đạt giải nhất.",  # a school, no office runs into it
        "Dự án ở Khu kinh tế Nguyễn Văn Cừ được khởi công.",
    ],
)
def test_vi_phrases_and_places_named_after_people_stay_no_one(vi, text):
    assert vi.extract(text) == []


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # a count or "các" before the office: the list after it holds it, colon or not
        ("vi", "Dự có các Phó Chủ tịch UBND tỉnh Nông Văn Long, Lê Thị Hoa.",
         [("Nông Văn Long", ["Phó Chủ tịch UBND tỉnh"]),
          ("Lê Thị Hoa", ["Phó Chủ tịch UBND tỉnh"])]),
        ("vi", "Dự có hai Phó Chủ tịch UBND tỉnh, Nông Văn Long và Lê Thị Hoa.",
         [("Nông Văn Long", ["Phó Chủ tịch UBND tỉnh"]),
          ("Lê Thị Hoa", ["Phó Chủ tịch UBND tỉnh"])]),
        ("pl", "Obecni byli dwaj wiceprzewodniczący komitetu, Nguyen Minh i Tran Van Binh.",
         [("Nguyen Minh", ["wiceprzewodniczący komitetu"]),
          ("Tran Van Binh", ["wiceprzewodniczący komitetu"])]),
        # no count: the office is the first name's only ("A i B" may be anyone)
        ("vi", "Phó Chủ tịch UBND tỉnh Nông Văn Long và Lê Thị Hoa dự.",
         [("Nông Văn Long", ["Phó Chủ tịch UBND tỉnh"]), ("Lê Thị Hoa", [])]),
        ("pl", "Obecny był wiceprzewodniczący komitetu Nguyen Minh i Tran Van Binh.",
         [("Nguyen Minh", ["wiceprzewodniczący komitetu"]), ("Tran Van Binh", [])]),
    ],
)
def test_an_office_after_a_count_is_held_by_the_list_after_it(vi, pl, lang, text, expected):
    assert roles_of((vi if lang == "vi" else pl).extract(text)) == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # a ward named with its city after the 2025 merger is no person
        ("vi", "Phường Xuân Hương - Đà Lạt và Lâm Viên - Đà Lạt đón nhiều khách.", []),
        ("pl", "Okręgi Xuan Huong - Da Lat i Lam Vien - Da Lat przyjęły gości.", []),
        # waterfalls and passes named like people
        ("vi", "Du khách đến thác Đinh Văn Tuấn và đèo Hoàng Văn Tuấn.", []),
        ("pl", "Droga prowadzi do wodospadu Dau Dang.", []),
        # "Związek" opens an organisation's name, but an office may run through it to its holder
        ("pl", "Związek Młodzieży im. Ho Chi Minha obchodzi rocznicę.", []),
        ("pl", "Sekretarz Komitetu Centralnego Związku Tran Van Binh przemawiał.",
         [("Tran Van Binh", ["Sekretarz Komitetu Centralnego Związku"])]),
    ],
)
def test_places_and_organisations_named_like_people(vi, pl, lang, text, expected):
    assert roles_of((vi if lang == "vi" else pl).extract(text)) == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("vi", "Cô Lý Thị Hoa, giáo viên Trường Tiểu học Tân Lập, cho biết.",
         [("Lý Thị Hoa", ["giáo viên Trường Tiểu học Tân Lập"])]),
        ("pl", "Pani Ly Thi Hoa, nauczycielka, powiedziała.", [("Ly Thi Hoa", ["nauczycielka"])]),
        # teachers named as a group are no one's office
        ("vi", "Chăm lo đời sống giáo viên vùng khó, em Lý Văn An được khen.", [("Lý Văn An", [])]),
    ],
)
def test_a_teachers_post_is_a_role(vi, pl, lang, text, expected):
    assert roles_of((vi if lang == "vi" else pl).extract(text)) == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # "A" is also a letter: a noun that describes a human after the comma makes it a name
        ("vi", "Được tuyên dương có A Sáng, sinh viên người Xơ Đăng.", [("A Sáng", [])]),
        ("pl", "Nagrodzono A Sang, studenta z grupy Xo Dang.", [("A Sang", [])]),
        # without it, "A" and "Y" open places and words
        ("vi", "Ở A Lưới, người dân trồng keo.", []),
        ("vi", "Được tuyên dương có A Sáng và nhiều bạn khác.", []),
    ],
)
def test_a_noun_of_a_human_after_a_weak_name_makes_it_a_person(vi, pl, lang, text, expected):
    assert roles_of((vi if lang == "vi" else pl).extract(text)) == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # five syllables: surname, a second surname, "Nữ", middle and given name
        ("vi", "Bà Lâm Lữ Nữ Bích Ngọc, Hiệu trưởng nhà trường, cho biết.",
         [("Lâm Lữ Nữ Bích Ngọc", ["Hiệu trưởng"])]),
        ("pl", "Pani Lam Lu Nu Bich Ngoc, dyrektorka szkoły, powiedziała.",
         [("Lam Lu Nu Bich Ngoc", ["dyrektorka szkoły"])]),
    ],
)
def test_a_name_of_five_syllables_is_one_person(vi, pl, lang, text, expected):
    assert roles_of((vi if lang == "vi" else pl).extract(text)) == expected
