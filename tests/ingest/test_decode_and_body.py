import codecs

import pytest

from pipeline.ingest.body import split_trailer
from pipeline.ingest.decode import DecodeError, decode_bytes


def test_utf8_and_nfc():
    # "ệ" as e + combining marks becomes one precomposed character
    text, enc = decode_bytes("Vie\u0323\u0302t".encode(), what="x")
    assert text == "Việt" and enc == "utf-8"


@pytest.mark.parametrize(
    "data, code",
    [(b"", "empty"), (b"   \n", "empty"), (b"\x00\x01\x02binary\x00" * 10, "binary")],
)
def test_unreadable_inputs_have_codes(data, code):
    with pytest.raises(DecodeError) as err:
        decode_bytes(data, what="f.txt")
    assert err.value.code == code
    assert "f.txt" in str(err.value)


def test_invalid_utf8_text_asks_for_encoding():
    with pytest.raises(DecodeError) as err:
        decode_bytes("Ti\u00ea\u0301ng".encode("windows-1258") + b"\xff\xfe\xfa", what="a.txt",
                     detect=False)
    assert err.value.code == "encoding"
    assert "--encoding" in str(err.value)


def test_declared_encoding_and_bom():
    # windows-1258 writes tones as combining marks; the text comes out precomposed (NFC)
    cp1258 = "Đa\u0309ng".encode("windows-1258")
    assert decode_bytes(cp1258, what="x", declared="windows-1258")[0] == "Đảng"
    assert decode_bytes(codecs.BOM_UTF16_LE + "Bế".encode("utf-16-le"), what="x")[0] == "Bế"
    assert decode_bytes(codecs.BOM_UTF8 + "Bế".encode(), what="x")[0] == "Bế"


def test_html_meta_charset_is_honoured():
    html = '<html><head><meta charset="iso-8859-2"></head><body>Zażółć</body></html>'
    text, enc = decode_bytes(html.encode("iso-8859-2"), what="x", html=True)
    assert "Zażółć" in text and enc == "iso8859-2"


def test_source_and_comment_trailer_split():
    body, url = split_trailer(
        "Akapit pierwszy.\r\nAkapit drugi.\n\nSource: https://a.vn/x-1.html\nKomentarz (0)"
    )
    assert body == "Akapit pierwszy.\nAkapit drugi."
    assert url == "https://a.vn/x-1.html"


def test_source_in_the_middle_stays_in_the_body():
    text = "Source: https://a.vn/1 was cited.\nThen more text follows here."
    assert split_trailer(text) == (text, None)


def test_utf8_page_declaring_iso_8859_2_reads_as_utf8():
    # A template kept its old Polish charset tag while the CMS writes UTF-8: read as
    # ISO-8859-2, "ó" (UTF-8 C3 B3) would come out as "Ăł".
    html = '<html><head><meta charset="iso-8859-2"></head><body>Województwo Cao Bằng</body></html>'
    text, enc = decode_bytes(html.encode("utf-8"), what="x", html=True)
    assert "Województwo Cao Bằng" in text and enc == "utf-8"
    # the same holds for a charset passed by the caller (an HTTP header)
    assert decode_bytes("Łódź".encode(), what="x", declared="iso-8859-2")[0] == "Łódź"


def test_charset_tag_inside_a_script_is_not_the_pages():
    # The script builds markup for an ad frame; the page's own tag comes after it.
    html = (
        "<html><head><script>var frame = '<meta charset=\"windows-1252\">';</script>"
        '<!-- <meta charset="iso-8859-1"> --><meta charset="windows-1258"></head>'
        "<body>Đa\u0309ng bô\u0323</body></html>"
    )
    text, enc = decode_bytes(html.encode("windows-1258"), what="x", html=True)
    assert enc == "cp1258"
    assert "Đảng bộ" in text
