import pytest

from pipeline.ingest.html import HtmlError, block_text, make_soup, parse_html
from pipeline.ingest.site_profiles import load_profiles


def read(fixtures, name):
    return (fixtures / "html" / name).read_text(encoding="utf-8")


def test_joomla_page_by_canonical_host(fixtures):
    page = parse_html(read(fixtures, "joomla_article.html"), profiles=load_profiles())
    assert page.site == "joomla-tuyengiao"
    assert page.title == "Hạ Lang tổ chức Ngày hội Đại đoàn kết toàn dân tộc"
    assert page.published == "2025-11-16"
    assert page.canonical_url.endswith("ha-lang-ngay-hoi-dai-doan-ket-1999.html")
    assert page.text.startswith("Sáng 15/11, tại xóm Bản Khuông")
    # the no-break space becomes a plain space inside the name
    assert "Nông Văn Hải, Phó Chủ tịch UBND tỉnh." in page.text
    # boilerplate stays out: related links, sidebar, footer, menus, script
    for junk in ("Hoàng Văn Thụ", "GRDP", "0206", "Trang chủ", "sp_offanimation", "Lượt xem"):
        assert junk not in page.text
    # a table keeps its rows, cells separated by tabs
    assert "Chỉ tiêu\t2024\t2025\nHộ nghèo\t31\t23" in page.text


def test_portal_page_source_becomes_translation_of(fixtures):
    page = parse_html(read(fixtures, "portal_pl_article.html"), profiles=load_profiles())
    assert page.site == "portal-pl"
    assert page.language_hint == "pl"
    assert page.published == "2025-11-17"
    assert page.translation_of == (
        "https://tuyengiaocaobang.vn/index.php/tin-trong-tinh/ha-lang-ngay-hoi-dai-doan-ket-1999.html"
    )
    assert "Source" not in page.text and "Komentarz" not in page.text
    assert "Tran Van Ba" not in page.text and "Wiadomości" not in page.text
    assert page.text.endswith("wiceprzewodniczący prowincjonalnego komitetu ludowego.")
    assert page.alternates == {
        "en": "https://www.vietnam.vn/en/ha-lang-great-unity-day",
        "vi": "https://www.vietnam.vn/ha-lang-ngay-hoi-dai-doan-ket",
    }


def test_unknown_site_falls_back_to_generic_extractor(fixtures):
    page = parse_html(read(fixtures, "generic_article.html"), profiles=load_profiles())
    assert page.site is None
    assert "border market in Tra Linh reopened" in page.text
    assert "Business" not in page.text
    assert page.published == "2025-09-02"


def test_profile_chosen_by_url_when_given():
    html = "<html><body><div itemprop='articleBody'><p>Nội dung bài.</p></div></body></html>"
    page = parse_html(
        html,
        url="https://tuyengiaocaobang.vn/index.php/tin-trong-tinh/x-1.html",
        profiles=load_profiles(),
    )
    assert page.site == "joomla-tuyengiao"
    assert page.text == "Nội dung bài."


def test_page_without_body_is_a_clear_error():
    html = "<html><head><title>x</title></head><body><div itemprop='articleBody'></div></body>"
    with pytest.raises(HtmlError) as err:
        parse_html("<html><body><script>x()</script></body></html>", profiles=load_profiles())
    assert err.value.code == "no-body"
    page = parse_html(
        html, url="https://tuyengiaocaobang.vn/index.php/a/b-1.html", profiles=load_profiles()
    )
    assert page.text == ""


def test_block_text_separates_blocks_and_collapses_spaces():
    soup = make_soup("<div><p>a  b</p><p>c<br>d</p><ul><li>e</li><li>f</li></ul></div>")
    assert block_text(soup.div) == "a b\nc\nd\ne\nf"


def test_deeply_nested_page_does_not_crash():
    html = ("<html><body><div itemprop='articleBody'>" + "<div>" * 10000
            + "<p>Tekst artykułu.</p>" + "</div>" * 10000 + "</div></body></html>")
    page = parse_html(html, url="https://tuyengiaocaobang.vn/index.php/a/b-1.html",
                      profiles=load_profiles())
    assert page.text == "Tekst artykułu."


def test_national_papers_detail_content_is_not_the_polish_portal():
    # Báo Chính phủ, Tuổi Trẻ and others name their body .detail-content like the portal; only a
    # Polish page saved without its URL is taken for the portal's Polish edition.
    body = "<h1>Tiêu đề</h1><div class='detail-content'><p>Nội dung bài báo tiếng Việt.</p></div>"
    vi = parse_html(f"<html lang='vi'><body>{body}</body></html>", profiles=load_profiles())
    pl = parse_html(f"<html lang='pl'><body>{body}</body></html>", profiles=load_profiles())
    assert (vi.site, pl.site) == (None, "portal-pl")
