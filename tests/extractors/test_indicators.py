"""Numeric indicators in Vietnamese and Polish news: figures, units, meaning, what is no figure.

Every expected value below was worked out by hand from the sentence it tests.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from pipeline.extractors.indicators import IndicatorExtractor, language_data

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpora" / "seed" / "000_286f9ef8ca64527d.txt"
SCHEMA = json.loads((ROOT / "pipeline" / "schema" / "record.schema.json").read_text("utf-8"))
INDICATOR = Draft202012Validator({"$defs": SCHEMA["$defs"], "$ref": "#/$defs/indicator"})


@pytest.fixture(scope="module")
def vi() -> IndicatorExtractor:
    return IndicatorExtractor("vi")


@pytest.fixture(scope="module")
def pl() -> IndicatorExtractor:
    return IndicatorExtractor("pl")


def check_items(text: str, items: list[dict]) -> None:
    """Items are schema-valid, ordered, and their text is the span they point at."""
    starts = [it["start"] for it in items]
    assert starts == sorted(starts)
    for it in items:
        errors = list(INDICATOR.iter_errors(it))
        assert not errors, (it, errors[0].message)
        assert text[it["start"]:it["end"]] == it["text"]
        assert it["text"].strip() == it["text"] and it["text"]


def pairs(items: list[dict]) -> list[tuple[float, str]]:
    return [(float(it["value"]), it["unit"]) for it in items]


def find(items: list[dict], value: float, unit: str) -> dict:
    hits = [it for it in items if abs(it["value"] - value) < 1e-9 and it["unit"] == unit]
    assert hits, (value, unit, pairs(items))
    return hits[0]


# ---------------------------------------------------------------------------------------------
# The seed article (Polish machine translation)
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed(pl: IndicatorExtractor) -> tuple[str, list[dict]]:
    text = SEED.read_text("utf-8")
    return text, pl.extract(text)


def test_seed_reported_figures(seed: tuple[str, list[dict]]) -> None:
    text, items = seed
    check_items(text, items)
    got = pairs(items)
    for value, unit in [(6.52, "%"), (1299000000, "USD"), (77, "%"), (3312000000000, "VND"),
                        (59.4, "%"), (104, "%"), (56, "count"), (2100, "count"), (99, "%"),
                        (45, "%"), (28, "%"), (69, "%"), (59, "%"), (53, "count"), (3, "count"),
                        (11, "count")]:
        assert (float(value), unit) in got, (value, unit)
    # 69 % twice: of the central estimate and as growth on the same period of last year.
    assert got.count((69.0, "%")) == 2


def test_seed_meaning(seed: tuple[str, list[dict]]) -> None:
    _, items = seed
    grdp = find(items, 6.52, "%")
    assert (grdp["key"], grdp["change"]) == ("grdp_growth", "increase")
    assert "GRDP" in grdp["label"]
    assert grdp["period"] == "w ciągu pierwszych 9 miesięcy"
    trade = find(items, 1299000000, "USD")
    assert (trade["key"], trade["qualifier"], trade["text"]) == (
        "import_export_turnover", "over", "1 299 mln USD")
    growth = find(items, 77, "%")
    assert (growth["key"], growth["change"]) == ("import_export_turnover", "increase")
    assert growth["comparison"] == "w porównaniu z analogicznym okresem ubiegłego roku"
    assert find(items, 45, "%")["share_of"] == "planu"
    assert find(items, 45, "%")["change"] is None  # "przekraczając" governs it, not "wzrost"
    budget = find(items, 3312000000000, "VND")
    assert (budget["key"], budget["as_of"], budget["label"]) == (
        "budget_revenue", "2025-10-12", "Całkowite dochody budżetowe")
    shares = [it for it in items if it["value"] == 69]
    assert shares[0]["share_of"] == "szacunku budżetowego" and shares[0]["qualifier"] == "over"
    assert shares[1]["change"] == "increase" and shares[1]["key"] == "budget_revenue"
    assert find(items, 59.4, "%")["key"] == "tourist_arrivals"
    assert find(items, 104, "%")["key"] == "tourism_revenue"
    units = find(items, 56, "count")
    assert units["counted"] == "jednostek administracyjnych"
    assert units["text"] == "56 jednostek administracyjnych"
    assert find(items, 2100, "count")["counted"] == "procedur administracyjnych"
    assert find(items, 99, "%")["qualifier"] == "over"


@pytest.mark.parametrize(
    "phrase",
    ["25 października 2017 r.", "9-miesięcznej", "ostatnie 3 miesiące", "2025 roku",
     "1 lipca 2025", "12 października 2025 r.", "kadencja 2025-2030", "18-NQ/TW",
     "9 miesięcy", "3 miesiącach", "etap 1", "etap 2", "XX Zjazdu", "kadencja XX, 2025-2030"],
)
def test_seed_no_date_period_term_or_document_number(seed, phrase: str) -> None:
    text, items = seed
    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(phrase), text)]
    assert spans, phrase
    assert len(items) == 17  # the seed's figures, listed by hand in tests/test_seed.py
    for s, e in spans:
        for it in items:
            assert not (it["start"] < e and s < it["end"]), (phrase, it["text"])


# ---------------------------------------------------------------------------------------------
# A Vietnamese report written the way the provincial sites write
# ---------------------------------------------------------------------------------------------

VI_REPORT = (
    "Tổng sản phẩm trên địa bàn tỉnh (GRDP) 9 tháng đầu năm tăng 6,52%. Tổng kim ngạch xuất "
    "nhập khẩu đạt trên 1.299 triệu USD, tăng 77% so với cùng kỳ, vượt 45% kế hoạch. Tổng thu "
    "ngân sách tính đến ngày 12/10/2025 đạt trên 3.312 tỷ đồng, đạt 69% dự toán. Tổng lượt "
    "khách du lịch tăng 59,4%, tổng doanh thu từ du lịch tăng 104%. Tỉnh đã sắp xếp 56 đơn vị "
    "hành chính cấp xã (53 xã, 3 phường) và công bố 2.100 thủ tục hành chính."
)


def test_vietnamese_report(vi: IndicatorExtractor) -> None:
    items = vi.extract(VI_REPORT)
    check_items(VI_REPORT, items)
    assert pairs(items) == [
        (6.52, "%"), (1299000000.0, "USD"), (77.0, "%"), (45.0, "%"),
        (3312000000000.0, "VND"), (69.0, "%"), (59.4, "%"), (104.0, "%"),
        (56.0, "count"), (53.0, "count"), (3.0, "count"), (2100.0, "count"),
    ]
    grdp = find(items, 6.52, "%")
    assert (grdp["key"], grdp["change"], grdp["period"]) == (
        "grdp_growth", "increase", "9 tháng đầu năm")
    assert grdp["label"] == "Tổng sản phẩm trên địa bàn tỉnh (GRDP)"
    trade = find(items, 1299000000, "USD")
    assert (trade["key"], trade["qualifier"]) == ("import_export_turnover", "over")
    growth = find(items, 77, "%")
    assert (growth["key"], growth["change"], growth["comparison"]) == (
        "import_export_turnover", "increase", "so với cùng kỳ")
    assert find(items, 45, "%")["share_of"] == "kế hoạch"
    budget = find(items, 3312000000000, "VND")
    assert (budget["key"], budget["as_of"], budget["label"]) == (
        "budget_revenue", "2025-10-12", "Tổng thu ngân sách")
    plan = find(items, 69, "%")
    assert (plan["key"], plan["share_of"]) == ("budget_revenue", "dự toán")
    assert find(items, 59.4, "%")["key"] == "tourist_arrivals"
    assert find(items, 104, "%")["key"] == "tourism_revenue"
    communes = find(items, 56, "count")
    assert (communes["counted"], communes["key"]) == ("đơn vị hành chính", "administrative_units")
    assert find(items, 53, "count")["counted"] == "xã"
    assert find(items, 2100, "count")["counted"] == "thủ tục hành chính"
    assert find(items, 2100, "count")["key"] == "administrative_procedures"


# ---------------------------------------------------------------------------------------------
# One phenomenon per sentence: (sentence, [(value, unit, {field: expected})])
# ---------------------------------------------------------------------------------------------

VI_CASES = [
    # Amounts spelt with scale words in the TV style: one amount, the larger scale taking the
    # smaller group before it along: (7 nghìn + 570) tỷ + 186 triệu = 7 570 186 000 000.
    ("Tổng thu ngân sách đạt 7 nghìn 570 tỷ 186 triệu đồng, tăng 12%.",
     [(7_570_186_000_000, "VND", {"text": "7 nghìn 570 tỷ 186 triệu đồng"}),
      (12, "%", {})]),
    ("Tổng vốn đầu tư của dự án là 1 nghìn 827 tỷ đồng.",
     [(1_827_000_000_000, "VND", {"text": "1 nghìn 827 tỷ đồng"})]),
    # "rưỡi" is half of the place before it, in digits and in words: 2 500 000 and 1 500.
    ("Mỗi hộ được hỗ trợ 2 triệu rưỡi đồng và một nghìn rưỡi cây giống.",
     [(2_500_000, "VND", {"text": "2 triệu rưỡi đồng"}),
      (1500, "count", {"text": "một nghìn rưỡi cây giống"})]),
    # Units below the last scale close the amount: 3 nghìn + 200 = 3 200 households.
    ("Toàn tỉnh có hơn 3 nghìn 200 hộ thoát nghèo, mỗi hộ được hỗ trợ 1 triệu 200 nghìn đồng.",
     [(3200, "count", {"qualifier": "over", "text": "3 nghìn 200 hộ thoát nghèo"}),
      (1_200_000, "VND", {"text": "1 triệu 200 nghìn đồng"})]),
    # ...the same in words: 7 570 tỷ.
    ("Kế hoạch vốn năm nay là bảy nghìn năm trăm bảy mươi tỷ đồng.",
     [(7_570_000_000_000, "VND", {"text": "bảy nghìn năm trăm bảy mươi tỷ đồng"})]),
    # Counts in words: an office written with capitals is counted ("Ba Phó Bí thư"); "một"
    # counts after a verb of having or electing, not as the article ("Một đại biểu cho biết"),
    # nor in "một số" (some); a capitalised number word after a name syllable is the name.
    ("Ba Phó Bí thư Tỉnh ủy và hai mươi lăm xã; kỳ họp có một đại biểu vắng mặt. Một đại "
     "biểu cho biết một số xã chưa báo cáo. Ông Nguyễn Văn Ba Phó Bí thư Đảng ủy xã dự.",
     [(3, "count", {"text": "Ba Phó Bí thư"}), (25, "count", {"counted": "xã"}),
      (1, "count", {"text": "một đại biểu vắng mặt"})]),
    # ...also with a qualifier between the verb and "một": at least one teacher, qualifier
    # at_least; "ít nhất một lần" (at least once) is no count.
    ("Mỗi trường có ít nhất một giáo viên dạy tiếng Mông và ít nhất một lần kiểm tra.",
     [(1, "count", {"qualifier": "at_least"})]),
    ("Hội nghị bầu bổ sung một Phó Chủ tịch UBND tỉnh; tỉnh có 2 Phó Chủ tịch.",
     [(1, "count", {"text": "một Phó Chủ tịch"}), (2, "count", {"text": "2 Phó Chủ tịch"})]),
    # "số 57" is a house number, but "tổng số" (a total of) and "trong số" (among) count.
    ("Đại hội có tổng số 350 đại biểu; trong số 63 Bí thư tỉnh có 22 đồng chí mới; trụ sở ở "
     "số 57 phố Kim Đồng.",
     [(350, "count", {"counted": "đại biểu"}), (63, "count", {"text": "63 Bí thư tỉnh"}),
      (22, "count", {"counted": "đồng chí"})]),
    # "vạn" is ten thousand: "gần 2 vạn" = nearly 20 000.
    ("Lễ hội thu hút gần 2 vạn lượt khách, hơn 3 nghìn hộ tham gia.",
     [(20_000, "count", {"qualifier": "nearly", "counted": "lượt khách"}),
      (3000, "count", {"qualifier": "over"})]),
    ("Tỷ lệ hộ nghèo giảm còn 8,5%, giảm 2,1 điểm phần trăm so với năm 2024.",
     [(8.5, "%", {"key": "poverty_rate", "change": "decrease"}),
      (2.1, "pp", {"key": "poverty_rate", "change": "decrease", "comparison": "so với năm 2024"})]),
    ("Chi phí vận chuyển tăng từ 20 đến 25%.",
     [(20, "%", {"value_max": 25, "change": "increase", "text": "20 đến 25%"})]),
    ("Giá trị giải ngân tăng gấp 1,3 lần so với cùng kỳ.",
     [(1.3, "x", {"key": "public_investment_disbursement", "change": "increase"})]),
    ("Xã có hai thôn và ba mươi lăm hộ nghèo.",
     [(2, "count", {"counted": "thôn"}),
      (35, "count", {"counted": "hộ nghèo", "key": "poor_households"})]),
    ("Quan hệ hai nước và hai bên ngày càng phát triển.", []),
    ("Mưa lũ làm 3 người chết, 1.246 ngôi nhà bị ảnh hưởng; khoảng 1.830 ha lúa bị ngập.",
     [(3, "count", {"key": "casualties", "counted": "người chết"}),
      (1246, "count", {"key": "disaster_damage", "counted": "ngôi nhà"}),
      (1830, "ha", {"key": "disaster_damage", "qualifier": "about"})]),
    ("Ngày 25/10/2017, Ban Chấp hành Trung ương khóa XII ban hành Nghị quyết số 18-NQ/TW.", []),
    ("Năm 2025, sau 3 tháng triển khai, đoạn Quốc lộ 4A qua Tổ 5, giai đoạn 1 của dự án, được "
     "Kỳ họp thứ 31 nhiệm kỳ 2021-2026 xem xét.", []),
    ("Đường dây nóng: 0206.3852.174; làm việc lúc 14h30 ngày 10/7.", []),
    ("Ông A, 65 tuổi, có 40 năm tuổi Đảng.", []),
    ("Tổng thu ngân sách nhà nước đạt 5.024,6 tỷ đồng, bằng 63,5% dự toán.",
     [(5024600000000, "VND", {"key": "budget_revenue", "label": "Tổng thu ngân sách nhà nước"}),
      (63.5, "%", {"key": "budget_revenue", "share_of": "dự toán"})]),
    ("Dân số khoảng 555 nghìn người.",
     [(555000, "count", {"counted": "người", "qualifier": "about", "text": "555 nghìn người"})]),
    ("Toàn tỉnh có 35/139 xã đạt chuẩn nông thôn mới.",
     [(35, "count", {"key": "new_rural_communes"})]),
    ("1. Kết quả thực hiện\n2. Nhiệm vụ năm 2026", []),
    ("Mỗi hộ được hỗ trợ 100.000đ mỗi tháng.", [(100000, "VND", {"text": "100.000đ"})]),
    ("Diện tích tự nhiên trên 6.700 km2; nhà rộng 48 m²; khai thác 185.000 m3 đất.",
     [(6700, "km2", {"qualifier": "over"}), (48, "m2", {}), (185000, "m3", {})]),
    # "đồng" after a number is money, except in "đồng chí" (comrade).
    ("Ba đồng chí được khen thưởng, tặng 3 đồng chí mỗi người 2 triệu đồng.",
     [(3, "count", {"counted": "đồng chí"}), (3, "count", {"counted": "đồng chí"}),
      (2000000, "VND", {})]),
    ("Năm 2024, GRDP của tỉnh tăng 5,5%; thu ngân sách đạt 2.720 tỷ đồng.",
     [(5.5, "%", {"key": "grdp_growth", "period": "Năm 2024", "label": "GRDP của tỉnh"}),
      (2720000000000, "VND", {"key": "budget_revenue", "period": "Năm 2024"})]),
    ("Đoàn trao 10 suất học bổng, mỗi suất trị giá 5 triệu đồng.",
     [(10, "count", {"counted": "suất học bổng"}), (5000000, "VND", {})]),
    ("Tổng kinh phí 3 tỷ 500 triệu đồng.",
     [(3500000000, "VND", {"text": "3 tỷ 500 triệu đồng"})]),
    ("Nhiệt độ xuống dưới 5 độ C.", [(5, "°C", {"qualifier": "under"})]),
    ("Mã số thuế 4800123456, tài khoản số 1234.", []),
    ("Tỉnh tặng 5 Bằng khen cho các tập thể.", [(5, "count", {"counted": "Bằng khen"})]),
    # "năm" alone is five where "một" would count (a verb of having or causing before it, a
    # known counted noun after it), else a year or nothing.
    ("Trận lũ làm năm người chết; xã có năm hộ phải di dời, lốc làm hai nhà bị sập.",
     [(5, "count", {"counted": "người chết", "text": "năm người chết"}),
      (5, "count", {"counted": "hộ"}), (2, "count", {"counted": "nhà"})]),
    ("Trong năm hộ nghèo giảm mạnh; cả năm người dân phấn khởi; có năm mươi hộ.",
     [(50, "count", {"counted": "hộ"})]),
    # "5/10 huyện" (five of ten districts) before a counted noun; after "ngày" it is 5 October.
    ("Trong tháng có 5/10 huyện thu hoạch lúa. Ngày 5/10 huyện tổ chức hội nghị.",
     [(5, "count", {"text": "5"})]),
    # How often is no multiplier: "2 lần mỗi năm"; "gấp 2 lần" is twice as much.
    ("Lúa được gieo cấy 2 lần mỗi năm; thu nhập tăng gấp 2 lần.",
     [(2, "x", {"text": "2 lần"})]),
    # "dựa trên" is "based on", not "over": no qualifier; "trên 90%" is over.
    ("Kế hoạch dựa trên ba trụ cột, phấn đấu giải ngân trên 90%.",
     [(3, "count", {"counted": "trụ cột", "qualifier": None}), (90, "%", {"qualifier": "over"})]),
    # A span of years ends at "2020", which counts no province; "ngày lễ" are events, not days.
    ("Kế hoạch giai đoạn 2016 - 2020 tỉnh Hà Giang; kỷ niệm 3 ngày lễ lớn trong 3 ngày.",
     [(3, "count", {"counted": "ngày lễ lớn"})]),
    # A part of a whole: 300,9 of 4.128,9 tỷ đồng, both amounts in tỷ đồng; "12/10" is a date.
    ("Ngày 12/10, huyện mới giải ngân 300,9/4.128,9 tỷ đồng; 1.250/4.128 tỷ đồng năm trước.",
     [(300_900_000_000, "VND", {"text": "300,9"}),
      (4_128_900_000_000, "VND", {"text": "4.128,9 tỷ đồng"}),
      (1_250_000_000_000, "VND", {"text": "1.250"}),
      (4_128_000_000_000, "VND", {"text": "4.128 tỷ đồng"})]),
]

PL_CASES = [
    # Numerals naming a range (data/pl/ind_number_words.toml [approximate]): "kilkanaście" is
    # 11 to 19, times the scale word after it; qualifier "about" unless one is written.
    ("W festiwalu wzięło udział kilkanaście tysięcy osób, a ponad kilkanaście gmin "
     "przygotowało stoiska.",
     [(11_000, "count", {"value_max": 19_000, "qualifier": "about",
                         "text": "kilkanaście tysięcy osób"}),
      (11, "count", {"value_max": 19, "qualifier": "over", "text": "kilkanaście gmin"})]),
    # "kilka" three to nine, the tens and hundreds after it; "kilku lat" is a time, "kilka
    # razy w roku" how often, and "setki" (hundreds of) no figure.
    ("Kilka razy w roku odbywają się targi. Od kilku lat w prowincji działa kilka "
     "szpitali, kilkadziesiąt szkół i kilkaset sklepów, a setki rodzin czekają na pomoc.",
     [(3, "count", {"value_max": 9, "counted": "szpitali"}),
      (30, "count", {"value_max": 90, "counted": "szkół"}),
      (300, "count", {"value_max": 900, "counted": "sklepów"})]),
    # ...money and distances too, as a distance in digits is a figure.
    ("Szpital leży kilka kilometrów od centrum, a jego budowa kosztowała kilkaset miliardów "
     "VND.",
     [(3, "km", {"value_max": 9, "qualifier": "about"}),
      (300_000_000_000, "VND", {"value_max": 900_000_000_000, "qualifier": "about"})]),
    # "jeden z", "jedna z" (one of) count nothing; "dwaj" is the masculine-personal two.
    ("Jeden z delegatów powiedział, że jedna z gmin otrzymała 5 mld VND, a dwaj "
     "wiceprzewodniczący odwiedzili troje dzieci.",
     [(5_000_000_000, "VND", {}), (2, "count", {"text": "dwaj wiceprzewodniczący"}),
      (3, "count", {"text": "troje dzieci"})]),
    ("Zakład kosztował półtora miliona dolarów; zatrudnia trzy osoby i dwóch "
     "wiceprzewodniczących rady.",
     [(1_500_000, "USD", {"qualifier": None}),
      (3, "count", {"counted": "osoby", "value_max": None}),
      (2, "count", {"text": "dwóch wiceprzewodniczących"})]),
    ("Wskaźnik ubóstwa spadł do 8,5%, czyli o 2,1 punktu procentowego w porównaniu z 2024 "
     "rokiem.",
     [(8.5, "%", {"key": "poverty_rate", "change": "decrease"}),
      (2.1, "pp", {"key": "poverty_rate", "change": "decrease",
                   "comparison": "w porównaniu z 2024 rokiem"})]),
    ("Koszty transportu wzrosły od 15 do 20%.",
     [(15, "%", {"value_max": 20, "change": "increase", "text": "15 do 20%"})]),
    ("Eksport wzrósł 2,3-krotnie, a import dwukrotnie.",
     [(2.3, "x", {"key": "export_value", "change": "increase", "text": "2,3-krotnie"}),
      (2, "x", {"key": "import_value", "text": "dwukrotnie"})]),
    ("W gminie są dwie szkoły i trzydzieści pięć ubogich gospodarstw domowych.",
     [(2, "count", {"counted": "szkoły"}),
      (35, "count", {"counted": "ubogich gospodarstw domowych", "key": "poor_households"})]),
    ("Obie strony i dwa kraje zacieśniają współpracę.", []),
    ("W wyniku powodzi zginęły 3 osoby, uszkodzonych zostało 1 246 domów, a około 1 830 ha ryżu "
     "zostało zalanych.",
     [(3, "count", {"key": "casualties", "counted": "osoby"}),
      (1246, "count", {"key": "disaster_damage", "counted": "domów"}),
      (1830, "ha", {"key": "disaster_damage", "qualifier": "about"})]),
    ("Uchwała nr 18-NQ/TW z dnia 25 października 2017 r. dotyczy etapu 1, kadencji 2025–2030 i "
     "XX Zjazdu; okres 9-miesięczny.", []),
    ("Telefon: 0206 3852 115, godz. 14.30; osoba w wieku 65 lat.", []),
    ("Całkowite dochody budżetowe osiągnęły 1 900 mld VND, przekraczając 69% szacunku.",
     [(1900000000000, "VND", {"key": "budget_revenue", "label": "Całkowite dochody budżetowe"}),
      (69, "%", {"key": "budget_revenue", "qualifier": "over", "share_of": "szacunku"})]),
    ("Prowincja liczy ponad 573 tys. mieszkańców.",
     [(573000, "count", {"counted": "mieszkańców", "qualifier": "over"})]),
    ("Powierzchnia wynosi 6 700 km², budynek zajmuje 48 m², a wydobyto 185 000 m³ ziemi.",
     [(6700, "km2", {}), (48, "m2", {}), (185000, "m3", {})]),
    ("W 2024 roku GRDP prowincji wzrósł o 5,5%, a dochody budżetowe wyniosły 2 720 mld VND.",
     [(5.5, "%", {"key": "grdp_growth", "change": "increase", "period": "W 2024 roku"}),
      (2720000000000, "VND", {"key": "budget_revenue", "period": "W 2024 roku"})]),
    ("W latach 2021–2025 w prowincji 35 ze 139 gmin spełniło standardy nowych obszarów "
     "wiejskich.",
     [(35, "count", {"key": "new_rural_communes", "counted": "gmin"}),
      (139, "count", {"counted": "gmin"})]),
    ("Delegacja wręczyła 30 prezentów, każdy o wartości 2 mln VND.",
     [(30, "count", {"counted": "prezentów"}), (2000000, "VND", {})]),
    ("Liczba osób objętych ubezpieczeniem zdrowotnym wyniosła 517 362.",
     [(517362, "count", {"key": "health_insurance_coverage"})]),
    ("Odnotowano 6,5-procentowy wzrost PKB; okres 9-miesięczny.",
     [(6.5, "%", {"text": "6,5-procentowy", "change": "increase", "key": "grdp_growth"})]),
    ("Drużyna zdobyła 3 złote medale, a nagroda wyniosła 3 złote.",
     [(3, "count", {"counted": "złote medale"}), (3, "PLN", {"text": "3 złote"})]),
    # After "w tym" the noun is left out: 1 250 foreign tourists.
    ("Prowincję odwiedziło 40 000 turystów, w tym 1 250 zagranicznych.",
     [(40000, "count", {"counted": "turystów"}),
      (1250, "count", {"counted": "zagranicznych", "text": "1 250 zagranicznych"})]),
    # A verb's bare object closing the clause counts the noun of the sentence's previous count:
    # 45 bridges rebuilt, 210 applications examined.
    ("Gmina naprawi 120 mostów i przebuduje 45.",
     [(120, "count", {"counted": "mostów"}), (45, "count", {"counted": "mostów", "text": "45"})]),
    ("Złożono 300 wniosków, a rozpatrzono 210; reszta czeka.",
     [(300, "count", {"counted": "wniosków"}), (210, "count", {"counted": "wniosków"})]),
    # ...not across a sentence: "40" of the second sentence says nothing of what it counts.
    ("Delegacja liczyła 12 osób. W sali było 40.", [(12, "count", {"counted": "osób"})]),
    # After "z których" (of which) the number counts the whole's noun whatever follows it.
    ("Szkoła przyjęła 80 dzieci, z których dwanaście mieszka w internacie.",
     [(80, "count", {"counted": "dzieci"}), (12, "count", {"counted": "dzieci"})]),
    # A number set off by commas right after a noun phrase is the number of that noun, in digits
    # or in words; after a time noun ("roku") it is no count.
    ("Najwięcej szkół wiejskich, około 300, leży w górach.",
     [(300, "count", {"counted": "szkół wiejskich", "qualifier": "about", "text": "300"})]),
    ("Najwięcej rodzin, prawie trzy tysiące, mieszka nad rzeką.",
     [(3000, "count", {"counted": "rodzin", "qualifier": "nearly", "text": "trzy tysiące"})]),
    ("Jak co roku, 40, a nawet więcej, uczestników przyjechało.", []),
    # The reflexive particle of a participle before the noun: "wyróżniających się nauczycieli".
    ("Nagrody otrzymało 25 wyróżniających się nauczycieli.",
     [(25, "count", {"counted": "wyróżniających się nauczycieli"})]),
    # A singular scale word is one of it: "milion ton" = 1 000 000 t; "miliony ludzi" = many.
    ("Kraj importował ponad milion ton ryżu, a miliony ludzi czekały.",
     [(1_000_000, "t", {"qualifier": "over", "text": "milion ton"})]),
    # "sao" (a Vietnamese measure of land) is unknown to the analyser but still the noun.
    ("Rodzina ma prawie 2 sao ziemi.", [(2, "count", {"counted": "sao", "qualifier": "nearly"})]),
    # How often is no multiplier: "dwa razy w roku"; "dwa razy" alone is twice as much.
    ("Rolnicy sieją ryż dwa razy w roku, a eksport wzrósł dwa razy.",
     [(2, "x", {"text": "dwa razy", "key": "export_value"})]),
    # Pillars and goals are counted, as in Vietnamese ("ba trụ cột", "hai mục tiêu").
    ("Program opiera się na trzech filarach i wyznacza dwa cele.",
     [(3, "count", {"counted": "filarach"}), (2, "count", {"counted": "cele"})]),
    # "strategiczne" is no loss ("straty"): no disaster key for the breakthroughs.
    ("Prowincja wyznaczyła 3 przełomy strategiczne. Straty powodzi wyniosły 5 mld VND.",
     [(3, "count", {"key": None}), (5_000_000_000, "VND", {"key": "disaster_damage"})]),
]


def _check_case(ex: IndicatorExtractor, text: str, expected: list) -> None:
    items = ex.extract(text)
    check_items(text, items)
    assert pairs(items) == [(float(v), u) for v, u, _ in expected], pairs(items)
    for (value, unit, fields), item in zip(expected, items, strict=True):
        for name, want in fields.items():
            assert item[name] == want, (value, unit, name, item[name], want)


@pytest.mark.parametrize(("text", "expected"), VI_CASES)
def test_vietnamese_phenomena(vi: IndicatorExtractor, text: str, expected: list) -> None:
    _check_case(vi, text, expected)


@pytest.mark.parametrize(("text", "expected"), PL_CASES)
def test_polish_phenomena(pl: IndicatorExtractor, text: str, expected: list) -> None:
    _check_case(pl, text, expected)


# ---------------------------------------------------------------------------------------------
# The key: which words count, in what order, and which units a key takes. The same facts in
# both languages: (sentence, [(value, unit, key)]).
# ---------------------------------------------------------------------------------------------

KEY_CASES = {
    # "tổng kim ngạch xuất khẩu" is the total of exports, not of trade: the longer keyword
    # holds the shorter "tổng kim ngạch" of import_export_turnover.
    "total_of_exports": [
        ("vi", "Tổng kim ngạch xuất khẩu của huyện ước đạt 45 triệu USD; tổng kim ngạch nhập "
               "khẩu đạt 12 triệu USD.",
         [(45_000_000, "USD", "export_value"), (12_000_000, "USD", "import_value")]),
    ],
    # The verb before a count says the goods were exported: coffee exported, not coffee
    # harvested; without the verb the crop stays output.
    "goods_exported": [
        ("vi", "Hợp tác xã lần đầu xuất khẩu trực tiếp 3 container cà phê sang Đức.",
         [(3, "count", "export_value")]),
        ("vi", "Hợp tác xã thu hoạch 3 container cà phê.", [(3, "count", "agricultural_output")]),
    ],
    # A count of party members counts members or party bodies: the households a commune's
    # party secretary speaks of are no party members (and the one sentence has no topic).
    "party_members_counted": [
        ("vi", "Bí thư Đảng ủy xã cho biết xã có 76 hộ được hỗ trợ.", [(76, "count", None)]),
        ("vi", "Đảng bộ xã có 120 đảng viên.", [(120, "count", "party_members")]),
    ],
    # A title opened by a place ("Lai Châu:") is split after it: the article's topic is read
    # from the words after it (houses), and keys the money mobilised.
    "lead_after_place": [
        ("vi", "Lai Châu: Xóa nhà tạm ở vùng cao\nHuyện huy động 5 tỷ đồng.",
         [(5_000_000_000, "VND", "housing_support")]),
    ],
    # Office holders and honoured bodies take no key from the topic (trade, tourism) nor from
    # the figure before them; the firms do take the topic.
    "offices_not_topic": [
        ("vi", "Lai Châu: Kim ngạch xuất nhập khẩu tăng mạnh\nHai Phó Chủ tịch UBND tỉnh và 30 "
               "doanh nghiệp dự hội nghị; tỉnh tặng Bằng khen cho 5 tập thể.",
         [(2, "count", None), (30, "count", "import_export_turnover"), (5, "count", None)]),
        ("pl", "Lao Cai: turystyka rośnie szybko\nObecni byli dwaj wiceprzewodniczący prowincji.",
         [(2, "count", None)]),
    ],
    # The capital of the national target programmes is public investment capital; a count of
    # the programmes is not.
    "national_target_programmes": [
        ("vi", "Huyện được phân bổ 350 tỷ đồng vốn các chương trình mục tiêu quốc gia.",
         [(350_000_000_000, "VND", "public_investment_disbursement")]),
        ("vi", "Tỉnh triển khai 3 chương trình mục tiêu quốc gia.", [(3, "count", None)]),
        ("pl", "Okręg otrzymał 120 mld VND z krajowych programów celowych.",
         [(120_000_000_000, "VND", "public_investment_disbursement")]),
    ],
    # A commune or district names where a rate belongs, not a number of communes; the rate's
    # own words ("tỷ lệ hộ nghèo") key it, and the next figure shares them.
    "place_holding_a_rate": [
        ("vi", "Năm 2025, huyện Bảo Lạc có tỷ lệ hộ nghèo cao nhất tỉnh với 28,4%, tiếp theo là "
               "huyện Bảo Lâm với 25,1%.",
         [(28.4, "%", "poverty_rate"), (25.1, "%", "poverty_rate")]),
        ("pl", "W 12 gminach górskich, w których odsetek ubogich gospodarstw domowych wciąż "
               "przekracza 35%, zostaną wdrożone dodatkowe programy.",
         [(12, "count", "administrative_units"), (35, "%", "poverty_rate")]),
    ],
    # A count's own noun first: the communes counted, whatever the sentence is about; the
    # words after the noun that belong to the next figure are no part of it.
    "counted_noun_first": [
        ("vi", "Tỉnh biểu dương 6 xã có tỷ lệ giải ngân trên 90%, dẫn đầu là xã Tân Lập với "
               "97,2%.",
         [(6, "count", "administrative_units"), (90, "%", "public_investment_disbursement"),
          (97.2, "%", "public_investment_disbursement")]),
        ("pl", "Przewodniczący prowincji przewodniczył spotkaniu online z 96 gminami i okręgami "
               "w sprawie transformacji cyfrowej.",
         [(96, "count", "administrative_units")]),
        ("vi", "Năm 2025, toàn tỉnh thành lập mới 240 doanh nghiệp với tổng vốn đăng ký 2.100 tỷ "
               "đồng.",
         [(240, "count", "new_businesses"), (2100000000000, "VND", "investment_capital")]),
        ("pl", "W prowincji 42 szkoły spełniają standardy krajowe w 30 gminach górskich.",
         [(42, "count", "school_enrolment"), (30, "count", "administrative_units")]),
        # ...and a commune named in the subject counts no households.
        ("vi", "Chủ tịch UBND xã cho biết xã có 420 hộ dân.", [(420, "count", None)]),
        ("pl", "Przewodniczący poinformował, że w gminie mieszka 420 gospodarstw domowych.",
         [(420, "count", None)]),
    ],
    # "85 out of 120 communes meet the standard": the part meets it, the whole is all communes.
    "part_and_whole": [
        ("vi", "Đến nay có 85 trên 120 xã đạt chuẩn nông thôn mới.",
         [(85, "count", "new_rural_communes"), (120, "count", "administrative_units")]),
        ("pl", "Dotychczas 85 na 120 gmin spełniło standardy nowych obszarów wiejskich.",
         [(85, "count", "new_rural_communes"), (120, "count", "administrative_units")]),
    ],
    # Houses built for the poor are housing support; "zniszczonych" (dilapidated) inside the
    # programme's phrase is no damage. Houses a flood destroyed are damage.
    "houses_built_or_destroyed": [
        ("pl", "Prowincja zakończyła przed terminem likwidację 2 350 domów tymczasowych i "
               "zniszczonych, z czego 1 980 domów zbudowano od nowa.",
         [(2350, "count", "housing_support"), (1980, "count", "housing_support")]),
        ("vi", "Trong năm, tỉnh đã hoàn thành xóa 2.350 căn nhà tạm, nhà dột nát, trong đó xây "
               "mới 1.980 căn.",
         [(2350, "count", "housing_support"), (1980, "count", "housing_support")]),
        ("pl", "Ulewne deszcze uszkodziły 320 domów, a 45 domów całkowicie się zawaliło.",
         [(320, "count", "disaster_damage"), (45, "count", "disaster_damage")]),
        ("vi", "Mưa lũ làm 320 ngôi nhà bị hư hỏng, 45 nhà bị sập hoàn toàn.",
         [(320, "count", "disaster_damage"), (45, "count", "disaster_damage")]),
        ("pl", "Tajfun zerwał dachy z 560 domów.", [(560, "count", "disaster_damage")]),
        # What a flood did carries on to the next count of the sentence.
        ("vi", "Trong đợt mưa lũ, 24 điểm trường bị ảnh hưởng, 1.050 học sinh phải nghỉ học.",
         [(24, "count", "disaster_damage"), (1050, "count", "disaster_damage")]),
    ],
    # The economy growing: subject and verb together, split by the figure's predicate.
    "economy_grows": [
        ("vi", "Trong 6 tháng đầu năm, kinh tế của tỉnh tăng 6,8%, đứng thứ ba khu vực.",
         [(6.8, "%", "grdp_growth")]),
        ("pl", "W pierwszym półroczu gospodarka prowincji wzrosła o 6,8%, co plasuje ją na "
               "trzecim miejscu w regionie.",
         [(6.8, "%", "grdp_growth")]),
        ("pl", "Minister zaznaczył, że gospodarka kraju rośnie w tempie około 4,9% rocznie.",
         [(4.9, "%", "grdp_growth")]),
    ],
    # Goods traded: the trade is the measure, the goods what was traded.
    "export_of_goods": [
        ("vi", "Trong 10 tháng, tỉnh xuất khẩu 48.000 tấn chè, tăng 12% so với cùng kỳ.",
         [(48000, "t", "export_value"), (12, "%", "export_value")]),
        ("pl", "W ciągu 10 miesięcy prowincja wyeksportowała 48 tys. ton herbaty, o 12% więcej "
               "niż przed rokiem.",
         [(48000, "t", "export_value"), (12, "%", "export_value")]),
        # ...but hectares are never exported: the growing area serves exports.
        ("vi", "Tỉnh có 120 vùng trồng phục vụ xuất khẩu với tổng diện tích 9.300 ha.",
         [(120, "count", "agricultural_output"), (9300, "ha", "agricultural_output")]),
        # ...and budget revenue from trade stays revenue (the longer keyword holds the trade).
        ("pl", "Dochody budżetowe z działalności importowo-eksportowej wyniosły 3 100 mld VND.",
         [(3100000000000, "VND", "budget_revenue")]),
    ],
    # The area under forest is forest cover; the area planted this year is forestry output.
    "forest_area": [
        ("vi", "Tổng diện tích rừng của tỉnh hiện có 452.000 ha, tỷ lệ che phủ rừng đạt 58,2%.",
         [(452000, "ha", "forest_cover"), (58.2, "%", "forest_cover")]),
        ("pl", "Całkowita powierzchnia lasów w prowincji wynosi 452 tys. ha, a lesistość "
               "osiągnęła 58,2%.",
         [(452000, "ha", "forest_cover"), (58.2, "%", "forest_cover")]),
        ("vi", "Năm 2025, tỉnh trồng mới 7.200 ha rừng, đạt 105% kế hoạch.",
         [(7200, "ha", "agricultural_output"), (105, "%", "agricultural_output")]),
        ("pl", "W 2025 roku prowincja zasadziła 7 200 ha nowych lasów, co stanowi 105% planu.",
         [(7200, "ha", "agricultural_output"), (105, "%", "agricultural_output")]),
    ],
    # A rate with no subject left of its own (a date and a verb) shares the one before, but
    # the words of its own clause ("giải ngân", "wydatkowano") key it first.
    "own_clause_before_shared_subject": [
        ("vi", "Tổng vốn thực hiện các dự án năm 2025 là 3.500 tỷ đồng; đến ngày 30/11/2025 đã "
               "giải ngân đạt 76,4%.",
         [(3500000000000, "VND", "investment_capital"),
          (76.4, "%", "public_investment_disbursement")]),
        ("pl", "Łączny kapitał na realizację projektów w 2025 roku wynosi 3 500 mld VND; do 30 "
               "listopada 2025 r. wydatkowano 76,4%.",
         [(3500000000000, "VND", "investment_capital"),
          (76.4, "%", "public_investment_disbursement")]),
    ],
    # Money in a clause about tourists is tourism revenue.
    "tourism_revenue": [
        ("vi", "Năm 2025, ngành du lịch đón 3,2 triệu lượt khách, doanh thu đạt 4.500 tỷ đồng.",
         [(3200000, "count", "tourist_arrivals"), (4500000000000, "VND", "tourism_revenue")]),
        ("pl", "W 2025 roku prowincja przyjęła 3,2 mln turystów i uzyskała przychody w wysokości "
               "4 500 mld VND.",
         [(3200000, "count", "tourist_arrivals"), (4500000000000, "VND", "tourism_revenue")]),
    ],
    # Words of proper names are no cue: "Lạc" (peanut) in a district's name, the Department
    # of Agriculture organising a training.
    "proper_names": [
        ("vi", "Huyện Quế Phong và huyện Bảo Lạc có 18 xã đặc biệt khó khăn.",
         [(18, "count", "administrative_units")]),
        ("pl", "Departament Rolnictwa i Środowiska zorganizował szkolenie dla 300 osób.",
         [(300, "count", None)]),
    ],
}


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [case for cases in KEY_CASES.values() for case in cases],
    ids=[f"{name}-{n}" for name, cases in KEY_CASES.items() for n in range(len(cases))],
)
def test_key(vi: IndicatorExtractor, pl: IndicatorExtractor, lang: str, text: str,
             expected: list) -> None:
    items = (vi if lang == "vi" else pl).extract(text)
    check_items(text, items)
    got = [(float(it["value"]), it["unit"], it["key"]) for it in items]
    assert got == [(float(v), u, k) for v, u, k in expected], got


def test_taxonomy_keyword_inside_a_longer_one_is_no_cue() -> None:
    tax = language_data("pl").taxonomy
    lows = language_data("pl").lexer.lows("likwidacja domów tymczasowych i zniszczonych")
    assert tax.best(lows, "count").key == "housing_support"
    assert tax.best(language_data("pl").lexer.lows("domy zniszczone"), "count").key == \
        "disaster_damage"
    vi_lows = language_data("vi").lexer.lows("xuất khẩu lao động")
    assert language_data("vi").taxonomy.best(vi_lows, "count").key == "labour_employment"


def test_taxonomy_units_per_keyword_group() -> None:
    tax = language_data("vi").taxonomy
    lows = language_data("vi").lexer.lows("huyện")
    assert tax.best(lows, "count", lows).key == "administrative_units"
    # A bare district noun keys a count of districts only, not a rate or households there.
    assert tax.best(lows, "%") is None
    assert tax.best(lows, "count", language_data("vi").lexer.lows("hộ dân")) is None
    assert tax.best(language_data("vi").lexer.lows("đơn vị hành chính"), "%").key == \
        "administrative_units"
    forest = language_data("vi").lexer.lows("diện tích rừng")
    assert tax.best(forest, "ha").key == "forest_cover"
    assert tax.best(forest, "%") is None
    assert tax.allows("forest_cover", "ha") and not tax.allows("forest_cover", "VND")
    export = language_data("vi").lexer.lows("xuất khẩu")
    assert tax.best(export, "t").key == "export_value"
    assert tax.best(export, "ha") is None


def test_taxonomy_trade_overrides_the_goods_wherever_they_stand() -> None:
    tax = language_data("pl").taxonomy
    lows = language_data("pl").lexer.lows("herbata eksportowana")
    assert tax.best(lows, "t").key == "export_value"
    assert tax.best(lows, "ha").key == "agricultural_output"


# ---------------------------------------------------------------------------------------------
# Document references, tables, wiring
# ---------------------------------------------------------------------------------------------


def test_numbers_inside_document_references_are_skipped(vi: IndicatorExtractor) -> None:
    text = "Kế hoạch 123 triển khai 15 dự án trọng điểm."
    assert pairs(vi.extract(text)) == [(15.0, "count")]
    span = {"start": 0, "end": 36, "mentions": [{"start": 0, "end": 36}]}
    assert vi.extract(text, [span]) == []


@pytest.mark.parametrize(("text", "expected"), [
    # "mục" (section) and "điểm" (point) hide no reference inside a compound word
    ("Tỉnh phê duyệt danh mục 24 nhiệm vụ khoa học cấp tỉnh.", [(24.0, "count")]),
    ("Huyện có 12 địa điểm du lịch và 5 điểm đến mới.", [(12.0, "count"), (5.0, "count")]),
    # ...alone, they still mark a section or an item of a text
    ("Theo mục 3 của quy định, các xã phải báo cáo.", []),
    ("Khoản 2 điểm 4 của hướng dẫn được sửa đổi.", []),
])
def test_compound_words_are_not_reference_words(vi: IndicatorExtractor, text, expected) -> None:
    assert pairs(vi.extract(text)) == expected


VI_TABLE = (
    "Kết quả 9 tháng:\n"
    "Chỉ tiêu\tĐơn vị tính\tNăm 2024\tNăm 2025\n"
    "Tăng trưởng GRDP\t%\t5,5\t6,52\n"
    "Thu ngân sách\tTỷ đồng\t2.720\t3.312\n"
    "Lượt khách du lịch\tNghìn lượt\t2.300\t2.700\n"
    "Sau 9 tháng, có thêm 5 xã đạt chuẩn nông thôn mới."
)


def test_vietnamese_table(vi: IndicatorExtractor) -> None:
    items = vi.extract(VI_TABLE)
    check_items(VI_TABLE, items)
    assert pairs(items) == [
        (5.5, "%"), (6.52, "%"), (2720000000000.0, "VND"), (3312000000000.0, "VND"),
        (2300000.0, "count"), (2700000.0, "count"), (5.0, "count"),
    ]
    cell = find(items, 6.52, "%")
    assert cell["table"] == {"row": "Tăng trưởng GRDP", "column": "Năm 2025"}
    assert cell["label"] == "Tăng trưởng GRDP – Năm 2025"
    assert cell["key"] == "grdp_growth"
    assert find(items, 2720000000000, "VND")["key"] == "budget_revenue"
    assert find(items, 2300000, "count")["key"] == "tourist_arrivals"
    assert find(items, 5, "count")["table"] is None  # prose after the table


def test_table_with_row_numbers_and_units_in_headers(vi: IndicatorExtractor) -> None:
    text = "STT\tChỉ tiêu\tKết quả\n1\tSố hộ nghèo\t1.200\n2\tTỷ lệ hộ nghèo (%)\t8,5\n"
    items = vi.extract(text)
    check_items(text, items)
    assert pairs(items) == [(1200.0, "count"), (8.5, "%")]
    assert items[0]["key"] == "poor_households"
    assert items[1]["key"] == "poverty_rate"


def test_table_from_html(vi: IndicatorExtractor) -> None:
    """A table as ingest writes it: rows as lines, cells joined by TAB, empty cells dropped."""
    from pipeline.ingest.html import block_text, make_soup

    html = (
        "<div><p>Kết quả chủ yếu 9 tháng năm 2025:</p><table>"
        "<tr><th>TT</th><th>Chỉ tiêu</th><th>ĐVT</th><th>9 tháng 2024</th>"
        "<th>9 tháng 2025</th><th>Tăng/giảm (%)</th></tr>"
        "<tr><td>1</td><td>Thu ngân sách</td><td>Tỷ đồng</td><td>1.960</td><td>3.312</td>"
        "<td>69</td></tr>"
        "<tr><td>2</td><td>Lượt khách du lịch</td><td>Nghìn lượt</td><td>1.500</td>"
        "<td>2.390</td><td>59,4</td></tr>"
        "</table><p>Ngày 12 tháng 10 năm 2025, tỉnh có 56 xã.</p></div>"
    )
    text = block_text(make_soup(html))
    items = vi.extract(text)
    check_items(text, items)
    assert pairs(items) == [
        (1960000000000.0, "VND"), (3312000000000.0, "VND"), (69.0, "%"),
        (1500000.0, "count"), (2390000.0, "count"), (59.4, "%"), (56.0, "count"),
    ]
    budget = find(items, 3312000000000, "VND")
    assert budget["table"] == {"row": "Thu ngân sách", "column": "9 tháng 2025"}
    assert (budget["key"], budget["period"]) == ("budget_revenue", "9 tháng 2025")
    assert find(items, 59.4, "%")["key"] == "tourist_arrivals"
    assert find(items, 2390000, "count")["counted"] == "lượt"
    assert find(items, 56, "count")["period"] is None  # a date is no period


def test_polish_table(pl: IndicatorExtractor) -> None:
    text = "Wskaźnik\tJednostka\t2024\t2025\nDochody budżetowe\tmld VND\t2 720\t3 312\n"
    items = pl.extract(text)
    check_items(text, items)
    assert pairs(items) == [(2720000000000.0, "VND"), (3312000000000.0, "VND")]
    assert items[1]["table"] == {"row": "Dochody budżetowe", "column": "2025"}
    assert items[1]["key"] == "budget_revenue"


def test_spacy_pipeline_sets_indicators() -> None:
    from pipeline.extract.nlp import build_nlp

    cases = (("vi", "GRDP tăng 6,52%.", 6.52), ("pl", "GRDP wzrósł o 6,52%.", 6.52))
    for lang, text, value in cases:
        doc = build_nlp(lang)(text)
        assert [it["value"] for it in doc._.indicators] == [value]
        assert doc._.indicators[0]["key"] == "grdp_growth"


def test_language_without_data_gives_nothing() -> None:
    assert IndicatorExtractor("en").extract("GDP grew by 6.52%.") == []


# ---------------------------------------------------------------------------------------------
# Determinism, hostile input, speed
# ---------------------------------------------------------------------------------------------


def test_same_input_same_output(pl: IndicatorExtractor) -> None:
    text = SEED.read_text("utf-8")
    assert pl.extract(text) == pl.extract(text)
    assert json.dumps(pl.extract(text), ensure_ascii=False) == json.dumps(
        IndicatorExtractor("pl").extract(text), ensure_ascii=False)


@pytest.mark.parametrize("text", ["", " ", "\n\n", "\x00", "%", "1", "tỷ đồng", "1.", "..., 5",
                                  "((((5 xã", "5 -", "-", "/", "\t\t5\t%\n\t", "İ5 xã İİ 6%",
                                  "ǅ 1 299 mln USD", "٣ xã", "1\u00a0\u00a0299"])
def test_odd_input(vi: IndicatorExtractor, pl: IndicatorExtractor, text: str) -> None:
    for ex in (vi, pl):
        items = ex.extract(text)
        check_items(text, items)


def test_offsets_survive_letters_that_change_length_when_lowercased(vi: IndicatorExtractor) -> None:
    text = "İİ Tổng thu ngân sách đạt 3.312 tỷ đồng."
    items = vi.extract(text)
    check_items(text, items)
    assert pairs(items) == [(3312000000000.0, "VND")]


def test_huge_text_gives_every_figure(pl: IndicatorExtractor) -> None:
    # speed is measured by `make bench`, not asserted here
    sentence = "Całkowite dochody budżetowe osiągnęły ponad 3 312 mld VND, wzrost o 69%. "
    text = sentence * 2000
    items = pl.extract(text)
    assert len(items) == 4000
    check_items(text, items[:10])


RANDOM_ALPHABET = list("0123456789 .,%-–/\t\nxãhộtỷđồngmlnVNDUSOKkm²()")


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(RANDOM_ALPHABET), max_size=120))
def test_random_text_never_raises(vi: IndicatorExtractor, pl: IndicatorExtractor,
                                  text: str) -> None:
    for ex in (vi, pl):
        check_items(text, ex.extract(text))


# ---------------------------------------------------------------------------------------------
# Minimal inputs of crashes found by `make fuzz` (pipeline/evaluation/fuzz.py)


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # The bare "7" inherits the sentence's subject, "Liczba uczestników" (the number of
        # participants), not the previous figure's counted noun "osób" that became its label:
        # reading the subject's words at offsets of the noun raised IndexError in _bare_count.
        ("pl", "Liczba uczestników wyniosła 801 osób i 7.",
         [("801 osób", 801, "count", "osób"), ("7", 7, "count", "uczestników")]),
        # "Số đơn vị là 12 xã và 3": the number of units is 12 communes and 3 (units).
        ("vi", "Số đơn vị là 12 xã và 3.",
         [("12 xã", 12, "count", "xã"), ("3", 3, "count", "đơn vị")]),
    ],
)
def test_a_bare_number_after_a_count_counts_the_subject(lang, text, expected, vi, pl):
    items = {"vi": vi, "pl": pl}[lang].extract(text)
    check_items(text, items)
    assert [(i["text"], i["value"], i["unit"], i["counted"]) for i in items] == expected
