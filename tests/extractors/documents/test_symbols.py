"""Vietnamese document symbols: both styles, translations without diacritics, non-symbols."""

import pytest

from pipeline.extractors.documents.symbols import (
    find_vi_document_symbols,
    parse_vi_document_symbol,
    symbol_codes,
)


@pytest.mark.parametrize(
    ("text", "number", "year", "type_code", "issuer_code", "style"),
    [
        ("18-NQ/TW", "18", None, "NQ", "TW", "party"),
        ("2145-QĐ/TU", "2145", None, "QĐ", "TU", "party"),
        ("126-KL/TW", "126", None, "KL", "TW", "party"),
        ("35-CT/TW", "35", None, "CT", "TW", "party"),
        ("05-QĐi/TW", "05", None, "QĐi", "TW", "party"),
        ("20-CTr/TU", "20", None, "CTr", "TU", "party"),
        ("12-HD/BTCTW", "12", None, "HD", "BTCTW", "party"),
        ("178/2024/NĐ-CP", "178", 2024, "NĐ", "CP", "state"),
        ("15/2025/NQ-HĐND", "15", 2025, "NQ", "HĐND", "state"),
        ("1719/QĐ-TTg", "1719", None, "QĐ", "TTg", "state"),
        ("01/KH-UBND", "01", None, "KH", "UBND", "state"),
        ("05/2021/TT-BTTTT", "05", 2021, "TT", "BTTTT", "state"),
        ("30a/2008/NQ-CP", "30a", 2008, "NQ", "CP", "state"),
    ],
)
def test_vietnamese_symbols(text, number, year, type_code, issuer_code, style):
    symbol = parse_vi_document_symbol(text)
    assert symbol is not None
    assert symbol.to_json() == {
        "number": number, "year": year, "type_code": type_code,
        "issuer_code": issuer_code, "style": style,
    }


@pytest.mark.parametrize(
    ("translated", "original"),
    [
        ("178/2024/ND-CP", "178/2024/NĐ-CP"),
        ("1719/QD-TTg", "1719/QĐ-TTg"),
        ("15/2025/NQ-HDND", "15/2025/NQ-HĐND"),
        ("2145-QD/TU", "2145-QĐ/TU"),
        ("18 - NQ/TW", "18-NQ/TW"),
        ("18–NQ/TW", "18-NQ/TW"),
        ("18-NQ / TW", "18-NQ/TW"),
        ("07/2021/TT-BLDTBXH", "07/2021/TT-BLĐTBXH"),
    ],
)
def test_translated_symbols_parse_to_the_original_parts(translated, original):
    parsed = parse_vi_document_symbol(translated)
    assert parsed is not None
    assert parsed.to_json() == parse_vi_document_symbol(original).to_json()


def test_law_symbol_carries_the_assembly_term():
    symbol = parse_vi_document_symbol("72/2025/QH15")
    assert symbol.to_json() == {
        "number": "72", "year": 2025, "type_code": None, "issuer_code": "QH", "style": "state",
    }
    assert symbol.term == "XV"
    assert symbol_codes().kind_of(symbol) == "law"


def test_standing_committee_symbol():
    symbol = parse_vi_document_symbol("1232/NQ-UBTVQH15")
    assert (symbol.type_code, symbol.issuer_code, symbol.term) == ("NQ", "UBTVQH", "XV")


def test_official_letter_symbol_has_issuer_and_department():
    symbol = parse_vi_document_symbol("1234/UBND-KT")
    assert (symbol.type_code, symbol.issuer_code, symbol.departments) == (None, "UBND", ("KT",))


@pytest.mark.parametrize(
    "text",
    ["25/10/2017", "25-10-2017", "57", "12/A", "24/7", "0206.3852.123", "1900-1234", "10/HS",
     "", "   ", "Điều 5", "COVID-19", "2025-2030", "18-XX/TW"],
)
def test_non_symbols_are_rejected(text):
    assert parse_vi_document_symbol(text) is None


def test_bare_numbers_only_on_request():
    assert parse_vi_document_symbol("57") is None
    bare = parse_vi_document_symbol("57", allow_bare=True)
    assert bare.to_json() == {
        "number": "57", "year": None, "type_code": None, "issuer_code": None, "style": "bare",
    }
    assert parse_vi_document_symbol("57/2024", allow_bare=True).year == 2024


def test_non_string_input():
    assert parse_vi_document_symbol(None) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("symbol", "lang", "name"),
    [
        ("18-NQ/TW", "vi", "Ban Chấp hành Trung ương Đảng"),
        ("18-NQ/TW", "pl", "Komitet Centralny Partii"),
        ("18-NQ/TW", "en", "Central Committee of the Communist Party"),
        ("18-NQ/TW", "de", "Central Committee of the Communist Party"),
        ("2145-QD/TU", "vi", "Tỉnh ủy"),
        ("1719/QD-TTg", "vi", "Thủ tướng Chính phủ"),
        ("15/2025/NQ-HDND", "pl", "Rada Ludowa"),
        # BCT is the Ministry of Industry and Trade in state symbols.
        ("12/2024/TT-BCT", "en", "Ministry of Industry and Trade"),
    ],
)
def test_issuer_names(symbol, lang, name):
    assert symbol_codes().issuer_name(parse_vi_document_symbol(symbol), lang) == name


@pytest.mark.parametrize(
    ("symbol", "kind"),
    [("18-NQ/TW", "resolution"), ("1719/QĐ-TTg", "decision"), ("35-CT/TW", "directive"),
     ("126-KL/TW", "conclusion"), ("178/2024/ND-CP", "decree"), ("05/2024/TT-BTC", "circular"),
     ("01/KH-UBND", "plan"), ("45-TB/TU", "notice"), ("12-HD/BTCTW", "guideline"),
     ("04/ĐA-UBND", "scheme"), ("31-CTr/TU", "programme"), ("05-QĐi/TW", "regulation")],
)
def test_kind_from_type_code(symbol, kind):
    assert symbol_codes().kind_of(parse_vi_document_symbol(symbol)) == kind


def test_find_symbols_in_running_text_with_offsets():
    text = "Uchwały nr 18-NQ/TW z dnia 25.10.2017 oraz Decyzji 1719/QD-TTg, tel. 0206-3852."
    found = [(text[s:e], sym.issuer_code) for s, e, sym in find_vi_document_symbols(text)]
    assert found == [("18-NQ/TW", "TW"), ("1719/QD-TTg", "TTg")]


def test_unknown_codes_only_when_loose():
    text = "Quy chế phối hợp số 05/QCXY-MTTQ-UBND"
    assert list(find_vi_document_symbols(text)) == []
    (start, end, symbol), = find_vi_document_symbols(text, loose=True)
    assert text[start:end] == "05/QCXY-MTTQ-UBND"
    assert (symbol.known, symbol.issuer_code) == (False, "MTTQ")
