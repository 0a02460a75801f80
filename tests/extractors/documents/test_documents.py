"""References to numbered legal and Party documents, in Vietnamese and Polish.

Expected values are worked out by hand from each sentence.
"""

import json
import unicodedata
from pathlib import Path

import jsonschema
import pytest

from pipeline.extractors.documents.extractor import DocumentReferenceExtractor

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "corpora" / "seed" / "000_286f9ef8ca64527d.txt"
SCHEMA = json.loads((ROOT / "pipeline" / "schema" / "record.schema.json").read_text())
ITEM_VALIDATOR = jsonschema.Draft202012Validator(
    {"$defs": SCHEMA["$defs"], **SCHEMA["$defs"]["resolution"]}
)

EXTRACTORS = {lang: DocumentReferenceExtractor(lang) for lang in ("vi", "pl")}


def extract(text: str, lang: str) -> list[dict]:
    items = EXTRACTORS[lang].extract(text)
    for item in items:
        ITEM_VALIDATOR.validate(item)
        assert text[item["start"]:item["end"]] == item["text"]
        for mention in item["mentions"]:
            assert text[mention["start"]:mention["end"]] == mention["text"]
        assert (item["start"], item["end"]) == (item["mentions"][0]["start"],
                                                item["mentions"][0]["end"])
    assert [i["start"] for i in items] == sorted(i["start"] for i in items)
    return items


def numbered(items: list[dict]) -> dict[str, dict]:
    return {item["symbol_key"]: item for item in items if item["number"]}


def only(items: list[dict]) -> dict:
    assert len(items) == 1, items
    return items[0]


# -- the seed article ------------------------------------------------------------------------


def test_seed_article():
    text = SEED.read_text(encoding="utf-8")
    items = extract(text, "pl")
    by_key = numbered(items)
    assert list(by_key) == ["18-NQ/TW"]
    resolution = by_key["18-NQ/TW"]
    assert resolution["kind"] == "resolution"
    assert resolution["number"] == "18-NQ/TW"
    assert resolution["date"] == "2017-10-25"
    # The first mention says "XIII KC Partii" (a garbled shorthand: the numeral merely stands
    # before the body), the second "Komitetu Centralnego Partii (XII kadencji)": the term stated
    # with a term word wins. 18-NQ/TW is indeed a resolution of the XII Central Committee.
    assert resolution["term"] == "XII"
    assert resolution["symbol"] == {
        "number": "18", "year": None, "type_code": "NQ", "issuer_code": "TW", "style": "party",
    }
    assert resolution["issuer"] == "Komitet Centralny Partii"
    assert [m["text"] for m in resolution["mentions"]] == [
        "Uchwały nr 18-NQ/TW", "Rezolucji 18-NQ/TW",
    ]
    assert resolution["title"] == (
        "Kwestie dotyczące kontynuacji innowacji i reorganizacji aparatu systemu politycznego "
        "w celu jego usprawnienia, skuteczności i efektywności"
    )
    unnumbered = [(i["kind"], i["text"]) for i in items if i["number"] is None]
    assert unnumbered == [
        ("regulation", "Regulaminu pracy Komitetu Wojewódzkiego Partii"),
        ("resolution", "Uchwałę w sprawie podziału zadań pomiędzy członków Komitetu Stałego "
                       "i członków Komitetu Wojewódzkiego Partii"),
    ]
    # The programme „Edukacja cyfrowa dla ludzi” is named only by its title: not recorded.
    assert all(i["kind"] != "programme" for i in items)


VI_SEED = (
    "Hội nghị đánh giá kết quả thực hiện Nghị quyết số 18-NQ/TW, ngày 25/10/2017 của Ban Chấp "
    "hành Trung ương Đảng khóa XII “Một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy "
    "của hệ thống chính trị tinh gọn, hoạt động hiệu lực, hiệu quả”. Việc thực hiện Nghị quyết "
    "18-NQ/TW ngày 25-10-2017 đạt kết quả tích cực. Hội nghị đã thống nhất thông qua các dự "
    "thảo: Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh khóa XX, nhiệm kỳ 2025-2030 và Nghị "
    "quyết về phân công nhiệm vụ Ủy viên Ban Thường vụ Tỉnh ủy. Tỉnh đã thực hiện 2.100 thủ "
    "tục hành chính, các nghị quyết của Đảng được quán triệt."
)


def test_vietnamese_original_of_the_seed():
    items = extract(VI_SEED, "vi")
    resolution = numbered(items)["18-NQ/TW"]
    assert resolution["kind"] == "resolution"
    assert resolution["date"] == "2017-10-25"
    assert resolution["term"] == "XII"
    assert resolution["issuer"] == "Ban Chấp hành Trung ương Đảng"
    assert resolution["title"].startswith("Một số vấn đề về tiếp tục đổi mới")
    assert [m["text"] for m in resolution["mentions"]] == [
        "Nghị quyết số 18-NQ/TW", "Nghị quyết 18-NQ/TW",
    ]
    unnumbered = [(i["kind"], i["number"]) for i in items if i["number"] is None]
    assert unnumbered == [("regulation", None), ("resolution", None)]
    assert len(items) == 3


# -- symbols, kinds and issuers ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "number"),
    [
        ("Thực hiện Nghị định số 178/2024/NĐ-CP của Chính phủ.", "decree", "178/2024/NĐ-CP"),
        ("Theo Nghị quyết số 15/2025/NQ-HĐND của HĐND tỉnh.", "resolution", "15/2025/NQ-HĐND"),
        ("Quyết định số 1719/QĐ-TTg của Thủ tướng.", "decision", "1719/QĐ-TTg"),
        ("Luật số 72/2025/QH15 có hiệu lực.", "law", "72/2025/QH15"),
        ("UBND tỉnh ban hành Kế hoạch số 01/KH-UBND.", "plan", "01/KH-UBND"),
        ("Quy định số 2145-QĐ/TU của Tỉnh ủy.", "regulation", "2145-QĐ/TU"),
        ("Kết luận số 126-KL/TW của Bộ Chính trị.", "conclusion", "126-KL/TW"),
        ("Chỉ thị 35-CT/TW của Bộ Chính trị.", "directive", "35-CT/TW"),
        ("Thông tư số 05/2024/TT-BTC của Bộ Tài chính.", "circular", "05/2024/TT-BTC"),
        ("Công văn số 1234/UBND-KT của UBND tỉnh.", "official_letter", "1234/UBND-KT"),
        ("Hướng dẫn số 12-HD/BTCTW của Ban Tổ chức.", "guideline", "12-HD/BTCTW"),
        ("Thông báo kết luận số 45-TB/TU của Tỉnh ủy.", "notice", "45-TB/TU"),
        ("Đề án số 04/ĐA-UBND được phê duyệt.", "scheme", "04/ĐA-UBND"),
        ("Chương trình hành động số 31-CTr/TU.", "programme", "31-CTr/TU"),
        # No kind word: the type code decides.
        ("Tỉnh triển khai theo 1719/QĐ-TTg.", "decision", "1719/QĐ-TTg"),
        ("Tỉnh triển khai theo 72/2025/QH15.", "law", "72/2025/QH15"),
    ],
)
def test_vietnamese_kinds(text, kind, number):
    item = only(extract(text, "vi"))
    assert (item["kind"], item["number"]) == (kind, number)


@pytest.mark.parametrize(
    ("text", "kind", "number"),
    [
        ("Wdrażanie Uchwały nr 57-NQ/TW Biura Politycznego.", "resolution", "57-NQ/TW"),
        ("Konferencja przyjęła Uchwałę nr 05-NQ/TU.", "resolution", "05-NQ/TU"),
        ("Wdrożenie Rezolucji 18-NQ/TW.", "resolution", "18-NQ/TW"),
        ("Zgodnie z postanowieniami Dekretu nr 178/2024/ND-CP.", "decree", "178/2024/ND-CP"),
        ("Na podstawie Decyzji nr 1719/QD-TTg premiera.", "decision", "1719/QD-TTg"),
        ("Realizacja Dyrektywy nr 35-CT/TW.", "directive", "35-CT/TW"),
        ("Zgodnie z Dyrektywą nr 35–CT/TW.", "directive", "35–CT/TW"),
        ("W myśl Wniosków nr 126-KL/TW.", "conclusion", "126-KL/TW"),
        ("Wdrażanie Konkluzji nr 10-KL/TW.", "conclusion", "10-KL/TW"),
        ("Przepisy Ustawy nr 51/2024/QH15 obowiązują.", "law", "51/2024/QH15"),
        ("Stosowanie Okólnika nr 05/2023/TT-BTC.", "circular", "05/2023/TT-BTC"),
        ("Realizacja Planu nr 45-KH/TU.", "plan", "45-KH/TU"),
        ("Przestrzeganie Regulaminu nr 114-QD/TW.", "regulation", "114-QD/TW"),
        ("Zgodnie z Programem Działań nr 31-CTr/TU.", "programme", "31-CTr/TU"),
        ("Komitet wydał Pismo nr 1596/UBND-KT.", "official_letter", "1596/UBND-KT"),
        ("Zgodnie z Komunikatem nr 81-TB/TW.", "notice", "81-TB/TW"),
        ("Komitet wydał Depeszę nr 18/CD-UBND.", "document", "18/CD-UBND"),
        # A vague word gives way to the type code.
        ("Zgodnie z dokumentem nr 35-CT/TW.", "directive", "35-CT/TW"),
        ("Zgodnie z Wnioskiem nr 126-KL/TW.", "conclusion", "126-KL/TW"),
    ],
)
def test_polish_kinds_in_every_case(text, kind, number):
    item = only(extract(text, "pl"))
    assert (item["kind"], item["number"]) == (kind, number)


def test_translation_and_original_share_the_symbol_key():
    vi = only(extract("Nghị định số 178/2024/NĐ-CP của Chính phủ.", "vi"))
    pl = only(extract("Dekret nr 178/2024/ND-CP Rządu.", "pl"))
    assert vi["symbol_key"] == pl["symbol_key"] == "178/2024/ND-CP"
    assert vi["symbol"] == pl["symbol"] == {
        "number": "178", "year": 2024, "type_code": "NĐ", "issuer_code": "CP", "style": "state",
    }
    assert (vi["issuer"], pl["issuer"]) == ("Chính phủ", "Rząd")


def test_rozporzadzenie_with_a_regulation_code_is_a_regulation():
    item = only(extract("Przestrzeganie Rozporządzenia nr 144-QD/TW Biura Politycznego.", "pl"))
    assert item["kind"] == "regulation"
    item = only(extract("Zgodnie z Rozporządzeniem nr 100/2019/ND-CP Rządu.", "pl"))
    assert item["kind"] == "decree"


def test_eth_for_d_still_parses():
    item = only(extract("Thực hiện Nghị định số 178/2024/NÐ-CP của Chính phủ.", "vi"))
    assert item["symbol"]["type_code"] == "NĐ"
    assert item["number"] == "178/2024/NÐ-CP"


def test_symbol_with_spaces_is_written_as_it_stands():
    item = only(extract("Uchwały nr 18 - NQ/TW Komitetu Centralnego.", "pl"))
    assert item["number"] == "18 - NQ/TW"
    assert item["symbol_key"] == "18-NQ/TW"


def test_kind_word_before_issuer_and_marker():
    item = only(extract("Thực hiện Nghị quyết của Bộ Chính trị số 57-NQ/TW.", "vi"))
    assert item["kind"] == "resolution"
    assert item["text"] == "Nghị quyết của Bộ Chính trị số 57-NQ/TW"
    item = only(extract("Ustawy o Straży Granicznej Wietnamu nr 66/2020/QH14.", "pl"))
    assert (item["kind"], item["term"]) == ("law", "XIV")


def test_unknown_type_code_needs_a_kind_word_and_marker():
    item = only(extract("Quy chế phối hợp số 05/QCXY-MTTQ-UBND giữa hai cơ quan.", "vi"))
    assert (item["kind"], item["number"]) == ("regulation", "05/QCXY-MTTQ-UBND")
    assert extract("Tỉnh gửi 05/QCXY-ABC đi.", "vi") == []


# -- bare numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "number"),
    [
        ("Thực hiện Nghị quyết số 57 của Bộ Chính trị.", "vi", "57"),
        ("Thực hiện Nghị quyết 68 của Bộ Chính trị.", "vi", "68"),
        ("Triển khai Đề án 06 của Chính phủ.", "vi", "06"),
        ("Wdrażanie Uchwały nr 57 Biura Politycznego.", "pl", "57"),
        ("wdrażania Projektu 06 w I kwartale.", "pl", "06"),
        ("Realizacja Planu nr 5 od lipca.", "pl", "5"),
        # A translation's shortened reference alone is still a document, the number as
        # written, whatever word follows (a kind word that is no verb).
        ("Việc thực hiện Nghị quyết 18 đạt kết quả tốt.", "vi", "18"),
        ("Realizacja Rezolucji nr 18 przyniosła wyniki.", "pl", "18"),
        ("Realizacja rezolucji 57 przyniosła wyniki.", "pl", "57"),
        ("Od roku uchwała 57 przynosi efekty.", "pl", "57"),
    ],
)
def test_bare_numbers_after_a_kind_word(text, lang, number):
    item = only(extract(text, lang))
    assert item["number"] == number
    assert item["symbol"]["style"] == "bare"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Đã kỷ luật 5 đảng viên vi phạm.", "vi"),
        ("Cán bộ hướng dẫn 200 hộ dân làm thủ tục.", "vi"),
        ("Kế hoạch 5 năm 2021-2025 hoàn thành.", "vi"),
        ("Theo Điều 5, khoản 2; số điện thoại 0206.3852.123.", "vi"),
        ("Ngày 25/10/2017 hội nghị diễn ra, số 57 đường Hoàng Đình Giong.", "vi"),
        ("Tỉnh ủy đã ban hành 15 nghị quyết, 20 chỉ thị.", "vi"),
        ("Chương trình 2 ngày kết thúc.", "vi"),
        ("Luật 2024 quy định rõ.", "vi"),
        ("Plan 100% wykonano, przekraczając 45% planu.", "pl"),
        ("Komitet Partii wydał 15 uchwał i 20 dyrektyw.", "pl"),
        ("Decyzji 3 osób nie uwzględniono.", "pl"),
        ("art. 5 ust. 2, tel. 0206-3852-123, dnia 25.10.2017.", "pl"),
        ("Program 2025 roku obejmuje 12 gmin.", "pl"),
        ("Quyết định thành lập Trường Tiểu học số 2 được công bố.", "vi"),
        ("Kế hoạch triển khai tại tổ dân phố số 5 hoàn thành.", "vi"),
        ("Lực lượng Đồn Biên phòng 123/BP tuần tra.", "vi"),
        # A quantity or period after the number: "6 tháng đầu năm" is half a year.
        ("Kết quả thực hiện Nghị quyết 6 tháng đầu năm khá tốt.", "vi"),
        ("Po realizacji uchwały 6 miesięcy później oceniono wyniki.", "pl"),
        # A kind word that is also a verb ("quyết định" = decide) needs more.
        ("UBND huyện quyết định 200 hộ được hỗ trợ.", "vi"),
    ],
)
def test_numbers_that_are_not_documents(text, lang):
    assert [i for i in extract(text, lang) if i["number"]] == []


def test_bare_mention_joins_the_full_symbol():
    text = "Quyết định số 1719/QĐ-TTg của Thủ tướng. Việc thực hiện Quyết định 1719 tốt."
    item = only(extract(text, "vi"))
    assert item["number"] == "1719/QĐ-TTg"
    assert [m["text"] for m in item["mentions"]] == ["Quyết định số 1719/QĐ-TTg",
                                                     "Quyết định 1719"]


@pytest.mark.parametrize(
    ("text", "lang", "mentions"),
    [
        ("Tỉnh triển khai Nghị quyết số 18-NQ/TW ngày 25/10/2017. Việc thực hiện Nghị quyết 18 "
         "đạt kết quả tốt.", "vi", ["Nghị quyết số 18-NQ/TW", "Nghị quyết 18"]),
        ("Prowincja wdraża uchwałę nr 57-NQ/TW. Rezolucja nr 57 to przełom, a rezolucja 57 "
         "przynosi efekty.", "pl", ["uchwałę nr 57-NQ/TW", "Rezolucja nr 57", "rezolucja 57"]),
    ],
)
def test_shortened_reference_is_a_mention_of_the_full_symbol(text, lang, mentions):
    item = only(extract(text, lang))
    assert item["number"] in ("18-NQ/TW", "57-NQ/TW")
    assert [m["text"] for m in item["mentions"]] == mentions


# -- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "date"),
    [
        ("Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành.", "vi", "2017-10-25"),
        ("Nghị quyết số 18-NQ/TW, ngày 25-10-2017 của Ban Chấp hành.", "vi", "2017-10-25"),
        ("Nghị quyết số 18-NQ/TW ngày 25 tháng 10 năm 2017.", "vi", "2017-10-25"),
        ("Nghị quyết số 18-NQ/TW (ngày 25/10/2017) được ban hành.", "vi", "2017-10-25"),
        ("Quyết định số 1719/QĐ-TTg của Thủ tướng Chính phủ ngày 14/10/2021.", "vi",
         "2021-10-14"),
        ("Uchwały nr 18-NQ/TW z dnia 25 października 2017 r. KC.", "pl", "2017-10-25"),
        ("Decyzją nr 1546/QD-UBND z 07.08.2023 w sprawie obszarów.", "pl", "2023-08-07"),
        ("Dekretu nr 61/2018/ND-CP z dnia 23 kwietnia 2018 r. oraz innych.", "pl", "2018-04-23"),
        ("Uchwała nr 18-NQ/TW Komitetu Centralnego z dnia 25.10.2017.", "pl", "2017-10-25"),
        # The date of issue told before the reference, with a verb of issuing.
        ("Ngày 22/12/2024, Bộ Chính trị ban hành Nghị quyết số 57-NQ/TW về khoa học.", "vi",
         "2024-12-22"),
        ("22 grudnia 2024 r. Biuro Polityczne wydało Uchwałę nr 57-NQ/TW.", "pl", "2024-12-22"),
        ("Nghị quyết số 15/2025/NQ-HĐND tại Kỳ họp thứ 30 ngày 10/7/2025 quy định.", "vi",
         "2025-07-10"),
        # "30." is an ordinal, not the end of the sentence.
        ("Uchwałą nr 15/2025/NQ-HDND przyjętą na 30. sesji w dniu 10 lipca 2025 r.", "pl",
         "2025-07-10"),
    ],
)
def test_document_dates(text, lang, date):
    item = only([i for i in extract(text, lang) if i["number"]])
    assert item["date"] == date


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Kế hoạch số 01/KH-UBND triển khai từ ngày 05/01/2025 đến ngày 31/12/2025.", "vi"),
        ("Thực hiện Nghị quyết số 18-NQ/TW, đến nay (ngày 12/10/2025) tỉnh đã sắp xếp.", "vi"),
        ("Thực hiện Nghị quyết số 18-NQ/TW, tỉnh đã tổ chức hội nghị ngày 12/3/2018.", "vi"),
        ("Luật số 72/2025/QH15 có hiệu lực từ ngày 1/7/2025.", "vi"),
        ("Ustawa nr 51/2024/QH15 obowiązuje od 1 lipca 2025 r.", "pl"),
        ("Zgodnie z Planem nr 5/KH-UBND do dnia 31 grudnia 2025 r. należy.", "pl"),
        ("Ngày 23/7, Thực hiện Công điện số 95/CĐ-TTg, UBND tỉnh đã ban hành Công văn số "
         "3125/UBND-NLN yêu cầu các xã.", "vi"),
    ],
)
def test_dates_that_are_not_the_documents(text, lang):
    for item in extract(text, lang):
        assert item["date"] is None, item


def test_each_document_keeps_its_own_date():
    text = ("Nghị quyết số 18-NQ/TW ngày 25/10/2017 và Kết luận số 121-KL/TW ngày 24/01/2025 "
            "của Ban Chấp hành Trung ương.")
    by_key = numbered(extract(text, "vi"))
    assert by_key["18-NQ/TW"]["date"] == "2017-10-25"
    assert by_key["121-KL/TW"]["date"] == "2025-01-24"


def test_a_list_of_symbols_shares_the_date_after_it():
    text = ("Các Nghị quyết số 18-NQ/TW, 19-NQ/TW ngày 25/10/2017 của Hội nghị Trung ương 6 "
            "khóa XII.")
    by_key = numbered(extract(text, "vi"))
    assert {k: (v["kind"], v["date"], v["term"]) for k, v in by_key.items()} == {
        "18-NQ/TW": ("resolution", "2017-10-25", "XII"),
        "19-NQ/TW": ("resolution", "2017-10-25", "XII"),
    }


# -- terms and titles ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "term"),
    [
        ("Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương Đảng khóa XII.",
         "vi", "XII"),
        ("Nghị quyết số 18-NQ/TW của Ban Chấp hành Trung ương (khóa XII).", "vi", "XII"),
        ("Rezolucji 18-NQ/TW Komitetu Centralnego Partii (XII kadencji).", "pl", "XII"),
        ("Uchwały nr 18-NQ/TW z dnia 25 października 2017 r. XIII KC Partii.", "pl", "XIII"),
        ("Uchwały nr 57-NQ/TW Biura Politycznego kadencji XIII.", "pl", "XIII"),
        ("Nghị quyết số 111/2024/QH15 của Quốc hội.", "vi", "XV"),
    ],
)
def test_terms(text, lang, term):
    assert only(extract(text, lang))["term"] == term


@pytest.mark.parametrize(
    ("text", "lang", "title"),
    [
        ("Nghị quyết số 18-NQ/TW của Ban Chấp hành Trung ương Đảng khóa XII “Một số vấn đề về "
         "tiếp tục đổi mới”.", "vi", "Một số vấn đề về tiếp tục đổi mới"),
        ("Quy định số 114-QĐ/TW ngày 11/7/2023 của Bộ Chính trị \"Về kiểm soát quyền lực\".",
         "vi", "Về kiểm soát quyền lực"),
        ("Regulaminu nr 114-QD/TW z dnia 11 lipca 2023 r. Biura Politycznego „O kontroli "
         "władzy”.", "pl", "O kontroli władzy"),
        ("Dyrektywy nr 35-CT/TW «W sprawie zjazdów partyjnych».", "pl",
         "W sprawie zjazdów partyjnych"),
    ],
)
def test_quoted_titles(text, lang, title):
    assert only(extract(text, lang))["title"] == title


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("UBND tỉnh ban hành Kế hoạch số 01/KH-UBND triển khai phong trào “Cả nước chung tay "
         "vì người nghèo”.", "vi"),
        ("Nghị quyết số 18-NQ/TW về tổ chức bộ máy. Phong trào “Dân vận khéo” được duy trì.",
         "vi"),
        ("Uchwały nr 57-NQ/TW w sprawie nauki, a także hasła „granicy w sercach ludzi”.", "pl"),
    ],
)
def test_quotations_that_are_not_titles(text, lang):
    assert all(i["title"] is None for i in extract(text, lang) if i["number"])


# -- documents without a number ------------------------------------------------------------


def test_unnumbered_document_mentioned_twice_is_one_entry():
    text = ("Quán triệt Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XX, nhiệm kỳ 2025-2030 và các "
            "nghị quyết của Đảng. Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XX được triển khai.")
    item = only(extract(text, "vi"))
    assert (item["kind"], item["number"], item["symbol"]) == ("resolution", None, None)
    assert item["text"] == "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XX"
    assert len(item["mentions"]) == 2


@pytest.mark.parametrize(
    ("text", "lang", "kind", "evidence"),
    [
        ("Hội nghị thông qua Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh khóa XX.", "vi",
         "regulation", "Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh khóa XX"),
        ("Triển khai Nghị quyết Trung ương 4 khóa XII về xây dựng Đảng.", "vi", "resolution",
         "Nghị quyết Trung ương 4 khóa XII về xây dựng Đảng"),
        ("Việc quản lý được thực hiện theo Luật Biên phòng Việt Nam.", "vi", "law",
         "Luật Biên phòng Việt Nam"),
        ("Tỉnh xây dựng Đề án phát triển du lịch cộng đồng, đạt kết quả.", "vi", "scheme",
         "Đề án phát triển du lịch cộng đồng"),
        ("Zjazd przyjął Uchwałę XX Zjazdu Prowincjonalnego Partii.", "pl", "resolution",
         "Uchwałę XX Zjazdu Prowincjonalnego Partii"),
        ("Przestrzeganie Ustawy o turystyce, zwłaszcza krajobrazu.", "pl", "law",
         "Ustawy o turystyce"),
        ("W ramach Projektu „Sadzenie jednego miliarda drzew” zasadzono drzewa.", "pl", "scheme",
         "Projektu „Sadzenie jednego miliarda drzew”"),
        # capitalised "Regulamin" names one, as "Quy chế" does in Vietnamese
        # (the name ends where a place or subject begins, as for other named documents)
        ("Prowincja przygotowuje Regulamin ochrony lasów w Parku Narodowym Ba Be.", "pl",
         "regulation", "Regulamin ochrony lasów"),
        # Polish writes the kind word in lower case mid-sentence: the organ in capitals right
        # after it makes it one document, as "Nghị quyết Đại hội ..." does.
        ("Delegaci ocenili realizację uchwały XIII Zjazdu Krajowego Partii.", "pl",
         "resolution", "uchwały XIII Zjazdu Krajowego Partii"),
        # an ordinal in words before the organ, as a Roman numeral is
        ("Kongres przyjął Rezolucję Pierwszego Zjazdu Partii Prowincjonalnej.", "pl",
         "resolution", "Rezolucję Pierwszego Zjazdu Partii Prowincjonalnej"),
        # the organ, in capitals, ends at the verb after it
        ("Rezolucja XV Zjazdu Partii Prowincjonalnej wyznacza dwa cele rozwoju.", "pl",
         "resolution", "Rezolucja XV Zjazdu Partii Prowincjonalnej"),
    ],
)
def test_unnumbered_documents(text, lang, kind, evidence):
    item = only(extract(text, lang))
    assert (item["kind"], item["number"], item["text"]) == (kind, None, evidence)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Quán triệt các nghị quyết của Đảng, chỉ thị của cấp trên.", "vi"),
        ("Những nghị quyết về phát triển kinh tế đã đi vào cuộc sống.", "vi"),
        ("Đồng chí phát biểu kết luận hội nghị. Kết luận Hội nghị, đồng chí Bí thư nhấn mạnh.",
         "vi"),
        ("Tuân thủ pháp luật và kỷ luật Đảng, quy luật thị trường.", "vi"),
        ("Realizacja uchwał partii i dyrektyw Rządu Centralnego.", "pl"),
        ("Zgodnie z dyrektywami i wytycznymi Rządu Centralnego.", "pl"),
        ("Przyspieszenie wdrażania programu „Edukacja cyfrowa dla ludzi”.", "pl"),
        ("Konferencja zatwierdziła projekty: budowy drogi ekspresowej.", "pl"),
        ("Regulamin przewiduje kary dla naruszających zasady.", "pl"),  # sentence-initial
        ("Gmina zmieniła regulamin targowiska miejskiego.", "pl"),  # lowercase: generic
        # lowercase with words between it and the organ: resolutions in general
        ("Rząd prosi o wdrażanie rezolucji i wniosków Komitetu Centralnego.", "pl"),
        ("Prowincja realizuje uchwały partyjne Komitetu Centralnego.", "pl"),
        ("Wszystkie uchwały Komitetu Prowincjonalnego zostały przyjęte.", "pl"),
        ("Nghị định số 34/2014/NĐ-CP của Chính phủ về Quy chế khu vực biên giới đất liền.", "vi"),
    ],
)
def test_generic_mentions_are_not_documents(text, lang):
    assert [i for i in extract(text, lang) if i["number"] is None] == []


# -- robustness ------------------------------------------------------------------------------


def test_decomposed_unicode_keeps_offsets_into_the_original():
    text = unicodedata.normalize("NFD", "Thực hiện Nghị quyết số 18-NQ/TW ngày 25/10/2017.")
    item = only(extract(text, "vi"))
    assert item["number"] == "18-NQ/TW"
    assert item["date"] == "2017-10-25"
    assert unicodedata.normalize("NFC", item["text"]) == "Nghị quyết số 18-NQ/TW"


@pytest.mark.parametrize(
    "text",
    ["", " ", "\x00\x01\x02", "18-" * 5000, "„" * 3000, "Nghị quyết số " * 2000,
     "Uchwała w sprawie " * 1000, "1/" * 10000, "\U0010ffff" * 50, "\u0301" * 100,
     "Uchwały nr 18-NQ/TW z dnia 25.10.2017 " * 500],
)
@pytest.mark.parametrize("lang", ["vi", "pl"])
def test_hostile_input_never_raises(text, lang):
    extract(text, lang)


def test_other_language_gets_symbols_by_type_code():
    items = DocumentReferenceExtractor("en").extract("Resolution 18-NQ/TW of 25/10/2017.")
    item = only(items)
    assert (item["kind"], item["number"], item["issuer"]) == (
        "resolution", "18-NQ/TW", "Central Committee of the Communist Party",
    )


def test_deterministic():
    text = SEED.read_text(encoding="utf-8")
    assert extract(text, "pl") == extract(text, "pl")


def test_spacy_component_sets_the_extension():
    from pipeline.extract.nlp import build_nlp

    doc = build_nlp("vi")("Thực hiện Nghị quyết số 18-NQ/TW ngày 25/10/2017.")
    assert [item["number"] for item in doc._.resolutions] == ["18-NQ/TW"]


@pytest.mark.parametrize(
    ("lang", "text", "symbol", "issuer"),
    [
        ("vi", "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển.",
         "57-NQ/TW", "Bộ Chính trị"),
        ("vi", "Chỉ thị số 35-CT/TW của Ban Bí thư về đại hội đảng bộ các cấp.",
         "35-CT/TW", "Ban Bí thư"),
        # nothing names the issuer: the symbol's code does
        ("vi", "Nghị quyết số 18-NQ/TW ngày 25/10/2017 Hội nghị Trung ương 6 khóa XII.",
         "18-NQ/TW", "Ban Chấp hành Trung ương Đảng"),
        ("pl", "Wdrażanie uchwały nr 57-NQ/TW z dnia 22 grudnia 2024 r. Biura Politycznego "
         "w sprawie przełomu.", "57-NQ/TW", "Biuro Polityczne"),
        ("pl", "Dyrektywa nr 35-CT/TW Sekretariatu w sprawie zjazdów.", "35-CT/TW",
         "Sekretariat Komitetu Centralnego"),
        # an organ after the subject is not the issuer
        ("pl", "Uchwała nr 12/2025/NQ-HĐND w sprawie wsparcia prowincjonalnego komitetu "
         "ludowego.", "12/2025/NQ-HDND", "Rada Ludowa"),
    ],
)
def test_issuer_named_after_the_reference_wins_over_the_code(lang, text, symbol, issuer):
    item = numbered(extract(text, lang))[symbol]
    assert item["issuer"] == issuer


@pytest.mark.parametrize(
    ("lang", "text", "symbol", "issuer"),
    [
        ("vi", "Ngày 22/12/2024, Bộ Chính trị đã ban hành Nghị quyết số 57-NQ/TW về đột phá.",
         "57-NQ/TW", "Bộ Chính trị"),
        ("vi", "Ban Bí thư vừa ban hành Chỉ thị số 35-CT/TW về đại hội đảng bộ các cấp.",
         "35-CT/TW", "Ban Bí thư"),
        # a place after the issuer's name (the BTV code alone names no issuer)
        ("vi", "Ban Thường vụ Tỉnh ủy Lạng Sơn ban hành Kết luận số 12-KL/BTV về du lịch.",
         "12-KL/BTV", "Tỉnh ủy"),
        ("pl", "22 grudnia 2024 r. Biuro Polityczne wydało uchwałę nr 57-NQ/TW w sprawie "
         "przełomu.", "57-NQ/TW", "Biuro Polityczne"),
        ("pl", "Sekretariat już wydał dyrektywę nr 35-CT/TW w sprawie zjazdów.", "35-CT/TW",
         "Sekretariat Komitetu Centralnego"),
        # a state body named before a Party document: the symbol's code decides
        ("vi", "UBND tỉnh ban hành Kế hoạch số 45-KH/TU về chuyển đổi số.", "45-KH/TU",
         "Tỉnh ủy"),
        # the office of a person, with a comma before the verb, is not read as the subject
        ("vi", "Đồng chí Lê Văn Hải, Ủy viên Bộ Chính trị, ký ban hành Quyết định số "
         "1536-QĐ/TU.", "1536-QD/TU", "Tỉnh ủy"),
        # lowercase words between the organ and the verb: not its subject
        ("vi", "Trung ương yêu cầu các tỉnh ban hành Nghị quyết số 05-NQ/TU về du lịch.",
         "05-NQ/TU", "Tỉnh ủy"),
    ],
)
def test_issuer_as_subject_of_a_verb_of_issuing(lang, text, symbol, issuer):
    item = numbered(extract(text, lang))[symbol]
    assert item["issuer"] == issuer


def test_every_issuer_phrase_names_a_known_code():
    from pipeline.extractors.documents.symbols import symbol_codes

    codes = symbol_codes()
    for lang, extractor in EXTRACTORS.items():
        for _, named in extractor.grammar.issuer_phrases:
            style, _, code = named.partition(".")
            assert codes.issuer(code, style) is not None, (lang, named)
