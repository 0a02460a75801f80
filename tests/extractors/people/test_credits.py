"""Credits of bylines and photo captions: the credited humans are people with a role whose
text is the credit word as written and whose normalized form is photographer or author.

Expected values are worked out by hand from the sentences (see docs/people.md).
"""

from __future__ import annotations

import pytest

from pipeline.extractors.people.credits import _kinds
from pipeline.extractors.people.extractor import PeopleExtractor
from pipeline.extractors.people.lexicon import PeopleDataError


@pytest.fixture(scope="module")
def vi() -> PeopleExtractor:
    return PeopleExtractor("vi")


@pytest.fixture(scope="module")
def pl() -> PeopleExtractor:
    return PeopleExtractor("pl")


def credited(people: list[dict]) -> list[tuple[str, list[tuple[str, str]]]]:
    return [(p["name"], [(r["text"], r["normalized"]) for r in p["roles"]]) for p in people]


def test_vi_caption_credit_in_capitals_is_a_photographer_in_title_case(vi):
    text = "Các đại biểu dự lễ khai mạc. Ảnh: KHÁNH DUY"
    people = vi.extract(text)
    assert credited(people) == [("Khánh Duy", [("Ảnh", "photographer")])]
    (mention,) = people[0]["mentions"]
    # the mention keeps the text as written; the role points at the credit word
    assert mention["text"] == "KHÁNH DUY" == text[mention["start"] : mention["end"]]
    role = people[0]["roles"][0]
    assert text[role["start"] : role["end"]] == "Ảnh"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # two credit words: one role each, as written
        ("Bà con thu hoạch cà phê.\nBài và ảnh: Siu H'Prăk",
         [("Siu H'Prăk", [("Bài", "author"), ("ảnh", "photographer")])]),
        ("Tin, ảnh: Thạch Rết", [("Thạch Rết", [("Tin", "author"), ("ảnh", "photographer")])]),
        # the newspaper after the slash is no person
        ("Đại biểu biểu quyết. Ảnh: Vàng Thị Mai/Báo Lào Cai",
         [("Vàng Thị Mai", [("Ảnh", "photographer")])]),
        # a last line "Theo NAME" is the author
        ("Tỉnh phấn đấu trồng 1.000 ha rừng.\nTheo LÙ VĂN SÁU",
         [("Lù Văn Sáu", [("Theo", "author")])]),
        # the agency in brackets after the name
        ("Lễ khai mạc. Ảnh: Nguyễn Hoa (TTXVN)", [("Nguyễn Hoa", [("Ảnh", "photographer")])]),
        # in brackets, in lowercase
        ("Nông dân thu hoạch lúa (ảnh: Hồng Thi).", [("Hồng Thi", [("ảnh", "photographer")])]),
        # several credits on one line, each at a sentence start
        ("Ảnh: Hồng Thi. Ảnh: TRUNG HIẾU",
         [("Hồng Thi", [("Ảnh", "photographer")]), ("Trung Hiếu", [("Ảnh", "photographer")])]),
    ],
)
def test_vi_credits(vi, text, expected):
    assert credited(vi.extract(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Các đội ghe Ngo tranh tài (Ảnh: TTXVN)",
        # national papers whose names look like a person's
        "Đại biểu dự lễ. (Ảnh: Dân Trí) Ảnh: Thanh Niên",
        "Lễ khai mạc. Ảnh: Báo Cao Bằng",
        "Ảnh: Internet. Ảnh: Tư liệu. Ảnh minh họa.",
        # capitals that are an office, not a name
        "Hội nghị tổng kết. Ảnh: UBND TỈNH",
        # lowercase words: an office or a description
        "Lễ ra quân. Ảnh: Sở Y tế",
        "Hình ảnh: bà con gặt lúa",
        # "Theo" in a sentence is no byline
        "Theo Quyết định số 12, tỉnh hỗ trợ.",
    ],
)
def test_vi_agencies_and_prose_credit_no_one(vi, text):
    assert vi.extract(text) == []


def test_vi_theo_in_a_sentence_names_the_person_without_a_credit(vi):
    people = vi.extract("Theo ông Nguyễn Văn An, kinh tế tăng trưởng khá.")
    assert credited(people) == [("Nguyễn Văn An", [])]


def test_vi_credit_of_a_person_named_in_the_article_joins_that_person(vi):
    text = ("Bà Vàng Thị Mai, Phó Chủ tịch UBND xã phát biểu.\n"
            "Đại biểu biểu quyết. Ảnh: Vàng Thị Mai")
    people = vi.extract(text)
    assert credited(people) == [
        ("Vàng Thị Mai", [("Phó Chủ tịch UBND xã", "phó chủ tịch ủy ban nhân dân xã"),
                          ("Ảnh", "photographer")]),
    ]
    assert [m["start"] for m in people[0]["mentions"]] == [
        text.index("Vàng"), text.rindex("Vàng"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Drużyny łodzi Ngo ścigają się na rzece. Fot.: Trung Hieu",
         [("Trung Hieu", [("Fot.", "photographer")])]),
        # the agency before the slash is dropped, the photographer kept
        ("Wzmacnianie jedności narodowej. (Zdjęcie: VGP/Nhat Bac)",
         [("Nhat Bac", [("Zdjęcie", "photographer")])]),
        ("Tekst i zdjęcia: Thach Ret",
         [("Thach Ret", [("Tekst", "author"), ("zdjęcia", "photographer")])]),
        # after an abbreviation with a dot the colon may be left out
        ("Fot. Hong Thi", [("Hong Thi", [("Fot.", "photographer")])]),
    ],
)
def test_pl_credits(pl, text, expected):
    assert credited(pl.extract(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Przywódcy prowincji wręczyli prezenty. (Zdjęcie: VNA)",
        "Delegaci na kongresie. Zdjęcie: Gazeta Lao Cai",
        "Zdjęcie: Archiwum",
        # the papers' names without diacritics
        "Delegaci na kongresie. (Zdjęcie: Dan Tri) Turyści. (Zdjęcie: Tuoi Tre)",
    ],
)
def test_pl_agencies_credit_no_one(pl, text):
    assert pl.extract(text) == []


def test_a_credit_word_must_say_photographer_or_author():
    with pytest.raises(PeopleDataError, match="photographer"):
        _kinds({"words": {"ảnh": "photo"}}, "words", "people_credits.toml")


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # the last line holds names only: the authors, each name its own evidence
        ("vi", "Tỉnh tổ chức hội nghị tổng kết.\nTố Tuấn", [("Tố Tuấn", [("Tố Tuấn", "author")])]),
        ("vi", "Lào Cai kỷ niệm 30 năm tái lập tỉnh.\nĐỗ Biên - Khánh Linh",
         [("Đỗ Biên", [("Đỗ Biên", "author")]), ("Khánh Linh", [("Khánh Linh", "author")])]),
        # the agency in brackets and a source line after it are no byline
        ("vi", "Kinh tế tăng trưởng khá.\nThu Hà (TTXVN)\nNguồn: https://example.vn/a",
         [("Thu Hà", [("Thu Hà", "author")])]),
        ("vi", "Kinh tế tăng trưởng khá.\nHỒNG THI", [("Hồng Thi", [("HỒNG THI", "author")])]),
        ("pl", "Gospodarka rośnie.\nThu Ha\nŹródło: https://example.vn/a",
         [("Thu Ha", [("Thu Ha", "author")])]),
        # "Hồng Phong" and "NGỌC LÂM" are also communes' names: a last line of names is a byline
        ("vi", "Kinh tế tăng trưởng khá.\nHồng Phong",
         [("Hồng Phong", [("Hồng Phong", "author")])]),
        ("vi", "Kinh tế tăng trưởng khá.\nNGỌC LÂM", [("Ngọc Lâm", [("NGỌC LÂM", "author")])]),
        # a one-letter middle name does not make a name half in capitals
        ("vi", "Lễ ra quân. Ảnh: Giàng A Chu", [("Giàng A Chu", [("Ảnh", "photographer")])]),
    ],
)
def test_byline_without_a_credit_word(vi, pl, lang, text, expected):
    assert credited((vi if lang == "vi" else pl).extract(text)) == expected


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("vi", "Kinh tế tăng trưởng khá.\nHà Giang"),  # a place
        ("vi", "Kinh tế tăng trưởng khá.\nỦy ban nhân dân tỉnh"),
        ("vi", "Kinh tế tăng trưởng khá.\nẢnh minh họa"),
        ("pl", "Gospodarka rośnie.\nLao Cai"),
    ],
)
def test_a_last_line_that_is_no_name_is_no_byline(vi, pl, lang, text):
    assert (vi if lang == "vi" else pl).extract(text) == []
