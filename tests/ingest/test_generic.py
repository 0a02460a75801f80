"""The generic reader on small pages written for each rule (sites without a profile)."""

import pytest

from pipeline.ingest.generic import strip_site_name
from pipeline.ingest.html import block_text, make_soup, markdown_tables_as_rows, parse_html

PARAS = (
    "<p>Đoạn thứ nhất của bài viết nói về kết quả giảm nghèo của tỉnh trong năm nay.</p>"
    "<p>Đoạn thứ hai nêu các giải pháp hỗ trợ sinh kế cho đồng bào vùng cao biên giới.</p>"
    "<p>Đoạn thứ ba (để bài dài hơn 200 ký tự, như một bài thật) nêu chỉ tiêu năm tới.</p>"
)


def page(head: str = "", body: str = "") -> str:
    return f"<html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"


def read(html: str):
    return parse_html(html)


# ---------------------------------------------------------------- title


def test_displayed_headline_wins_over_social_variants():
    html = page(
        "<title>Tiêu đề dài - Báo Cao Bằng</title>"
        "<meta property='og:title' content='Tiêu đề mạng xã hội 🔥'>",
        "<h1 class='title-detail'>Cao Bằng giảm 3.100 hộ nghèo trong năm 2025</h1>"
        f"<div class='detail-content'>{PARAS}</div>",
    )
    assert read(html).title == "Cao Bằng giảm 3.100 hộ nghèo trong năm 2025"


def test_site_logo_in_h1_is_not_the_headline():
    # the logo h1 links to the home page; the headline is set in a div the site uses instead
    html = page(
        "<meta property='og:title' content='Ngắn gọn'>",
        "<header><h1 class='logo'><a href='/'>Báo Lạng Sơn</a></h1></header>"
        "<div class='article-title'>Lạng Sơn khai trương tuyến xe buýt liên huyện</div>"
        f"<div class='article-content'>{PARAS}</div>",
    )
    assert read(html).title == "Lạng Sơn khai trương tuyến xe buýt liên huyện"


def test_title_tag_without_site_name_when_the_page_shows_no_headline():
    html = page(
        "<title>Lào Cai: Thu ngân sách đạt 9.820 tỷ đồng - Báo Lào Cai</title>",
        f"<div class='noidung'>{PARAS}</div>",
    )
    assert read(html).title == "Lào Cai: Thu ngân sách đạt 9.820 tỷ đồng"


@pytest.mark.parametrize(
    "title, site_name, host, expected",
    [
        ("Tin A - Báo Cao Bằng", None, None, "Tin A"),  # "Báo ..." names a paper
        ("Tin B | VnExpress", "VnExpress", "vnexpress.net", "Tin B"),  # og:site_name
        ("Tin C - Tuổi Trẻ Online", None, "tuoitre.vn", "Tin C"),  # the host's letters
        ("Tin D | Báo Dân trí", None, None, "Tin D"),
        # a dash inside the headline stays: "Trà Lĩnh" names no site
        ("Cao tốc Đồng Đăng - Trà Lĩnh", None, "baolangson.vn", "Cao tốc Đồng Đăng - Trà Lĩnh"),
    ],
)
def test_strip_site_name(title, site_name, host, expected):
    assert strip_site_name(title, site_name, host) == expected


# ---------------------------------------------------------------- date


def test_date_line_under_the_headline_not_the_headers_today():
    html = page(
        body="<div class='top'><span>Thứ Hai, 07/12/2026</span></div>"
        "<h1>Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 5</h1>"
        "<div class='meta'>Thứ Ba, 25/11/2025 - 08:30</div>"
        f"<div class='post-content'>{PARAS}</div>"
    )
    assert read(html).published == "2025-11-25"


def test_date_line_above_the_headline():
    # VnExpress prints "Thứ ba, 25/11/2025, 08:30 (GMT+7)" right above the h1
    html = page(
        body="<div class='header-content'><span class='date'>Thứ ba, 25/11/2025, 08:30 (GMT+7)"
        "</span></div><h1 class='title-detail'>Chợ biên giới mở lại sau sửa chữa</h1>"
        f"<article class='fck_detail'>{PARAS}</article>"
    )
    assert read(html).published == "2025-11-25"


def test_related_comment_and_body_dates_are_not_the_articles():
    # No date line: the body's "ngày 1/7/2025", the related box's and the comment's dates must
    # not stand in for it.
    html = page(
        body="<h1>Bộ máy tỉnh mới vận hành thông suốt sau một tuần</h1>"
        "<div class='detail-content'><p>Tỉnh mới có 92 xã, phường sau khi hợp nhất từ ngày"
        " 1/7/2025, theo quyết định của Quốc hội về sắp xếp đơn vị hành chính.</p>"
        f"{PARAS}<div class='related-news'><a href='/a'>Tin cũ</a> 20/06/2025</div></div>"
        "<div class='comments'><p>Hay quá</p><span>09/07/2025</span></div>"
    )
    assert read(html).published is None


def test_json_ld_date_published_first():
    html = page(
        '<script type="application/ld+json">{"@graph": [{"@type": "WebSite"}, {"@type":'
        ' "NewsArticle", "headline": "X", "datePublished": "2025-11-12T10:05:00+07:00"}]}'
        "</script>",
        "<h1>Lạng Sơn hỗ trợ 1.200 hộ nghèo làm nhà</h1><div class='meta'>20/11/2025</div>"
        f"<div class='article-content'>{PARAS}</div>",
    )
    assert read(html).published == "2025-11-12"


def test_polish_month_name_date():
    html = page(
        body="<h1>Delegacja z prowincji Cao Bang w Lublinie</h1>"
        "<div class='art-meta'>25 listopada 2025, 14:20</div>"
        f"<div class='art-body'>{PARAS}</div>"
    )
    assert read(html).published == "2025-11-25"


# ---------------------------------------------------------------- body


def test_lead_outside_the_body_element_comes_first():
    html = page(
        body="<h1 class='title-page detail'>Lạng Sơn giải ngân vốn đầu tư công đạt 71%</h1>"
        "<h2 class='singular-sapo'>(Dân trí) - Đến hết tháng 11, Lạng Sơn đã giải ngân hơn"
        " 3.312 tỷ đồng vốn đầu tư công.</h2>"
        f"<div class='singular-content'>{PARAS}</div>"
    )
    text = read(html).text
    assert text.startswith("(Dân trí) - Đến hết tháng 11, Lạng Sơn đã giải ngân hơn 3.312 tỷ")
    assert "Đoạn thứ nhất" in text.split("\n")[1]


def test_boxes_inside_the_body_are_dropped_and_captions_kept_as_lines():
    html = page(
        body="<h1>Hà Giang đón 2,3 triệu lượt khách đến cao nguyên đá</h1>"
        "<div class='detail-content'>"
        "<p>Doanh thu du lịch ước đạt 4.100 tỷ đồng trong mười tháng đầu năm nay.</p>"
        "<div class='VCSortableInPreviewMode' type='RelatedOneNews'><a href='/x'>"
        "Đọc thêm: Hàng nghìn du khách ngắm hoa</a></div>"
        "<p><strong>Xem thêm:</strong> <a href='/y'>Cao nguyên đá mùa đẹp nhất</a></p>"
        "<figure><img src='a.jpg'><figcaption>Du khách trên đèo Mã Pí Lèng</figcaption></figure>"
        "<div class='box-follow'>Theo dõi báo trên Google News</div>"
        "<div class='social-share'><a>Facebook</a></div>"
        "<p>Tỉnh sẽ mở thêm hai tuyến xe buýt du lịch từ thành phố lên Đồng Văn.</p>"
        "</div>"
    )
    assert read(html).text == (
        "Doanh thu du lịch ước đạt 4.100 tỷ đồng trong mười tháng đầu năm nay.\n"
        "Du khách trên đèo Mã Pí Lèng\n"
        "Tỉnh sẽ mở thêm hai tuyến xe buýt du lịch từ thành phố lên Đồng Văn."
    )


def test_photo_credit_dropped_byline_inside_a_sentence_kept():
    html = page(
        body="<h1>Delegacja z prowincji Cao Bang w Lublinie</h1><div class='art-body'>"
        "<p>Rozmowy prowadził <span class='author'>Nong Van Hai</span>, wiceprzewodniczący"
        " komitetu ludowego prowincji Cao Bang, z władzami regionu lubelskiego.</p>"
        "<figure><figcaption>Spotkanie w urzędzie <span class='photo-credit'>Fot. Jan Nowak"
        "</span></figcaption></figure>"
        "<p class='author'>Anna Kowalczyk</p>"
        f"{PARAS}</div>"
    )
    text = read(html).text
    assert "Rozmowy prowadził Nong Van Hai, wiceprzewodniczący" in text
    assert "Spotkanie w urzędzie" in text
    assert "Fot. Jan Nowak" not in text and "Anna Kowalczyk" not in text


def test_generic_path_gives_table_rows_as_tab_separated_cells():
    html = page(
        body="<h1>Lào Cai: thu ngân sách 11 tháng đạt 9.820 tỷ đồng</h1><div class='noidung'>"
        "<p>Tổng thu ngân sách nhà nước trên địa bàn tỉnh đạt 9.820 tỷ đồng, bằng 96% dự toán.</p>"
        "<table><tr><th><p>Nguồn thu</p></th><th><p>Tỷ đồng</p></th></tr>"
        "<tr><td><p>Thu nội địa</p></td><td><p>7.450</p></td></tr></table></div>"
    )
    assert "Nguồn thu\tTỷ đồng\nThu nội địa\t7.450" in read(html).text


def test_paragraphs_inside_table_cells_keep_the_row_on_one_line():
    soup = make_soup(
        "<table><tr><td><p>Chỉ tiêu</p><p>(đơn vị)</p></td><td><p>2025</p></td></tr></table>"
    )
    assert block_text(soup.table) == "Chỉ tiêu (đơn vị)\t2025"


def test_markdown_tables_from_trafilatura_become_rows():
    text = "Đoạn văn.\n| Chỉ tiêu | 2025 |\n|---|---|\n| Hộ nghèo | 23 |\nKết thúc."
    assert markdown_tables_as_rows(text) == "Đoạn văn.\nChỉ tiêu\t2025\nHộ nghèo\t23\nKết thúc."


def test_whole_page_in_one_form_is_read():
    # ASP.NET portals wrap the page in <form>; the body is a div of text split by <br>, long
    # enough (200 characters) to be taken for the article without a known class
    html = page(
        body="<form id='aspnetForm'><span class='TieuDeTin'>Lào Cai xuất khẩu 1.200 tấn quế"
        "</span><br><span>(Cập nhật: 14/11/2025 09:12)</span><div class='NoiDungTin'>"
        "Giá trị xuất khẩu ước đạt 4,2 triệu USD, tăng 35% so với cùng kỳ năm trước.<br><br>"
        "Diện tích quế hữu cơ của tỉnh đã đạt 9.800 ha, đáp ứng tiêu chuẩn nhập khẩu.<br>"
        "Sở tiếp tục hỗ trợ doanh nghiệp xây dựng mã số vùng trồng.</div></form>"
    )
    parsed = read(html)
    assert parsed.title == "Lào Cai xuất khẩu 1.200 tấn quế"
    assert parsed.published == "2025-11-14"
    assert parsed.text == (
        "Giá trị xuất khẩu ước đạt 4,2 triệu USD, tăng 35% so với cùng kỳ năm trước.\n"
        "Diện tích quế hữu cơ của tỉnh đã đạt 9.800 ha, đáp ứng tiêu chuẩn nhập khẩu.\n"
        "Sở tiếp tục hỗ trợ doanh nghiệp xây dựng mã số vùng trồng."
    )


def test_a_date_in_the_lead_is_an_event_not_the_publication():
    # the lead's "ngày 01/12/2025" is when the plan was signed; the paper printed its own date
    # above the headline
    html = page(
        body="<div class='top'><span class='date'>02/12/2025 15:40</span></div>"
        "<h1>UBND tỉnh ban hành Kế hoạch chuyển đổi số năm 2026</h1>"
        "<div class='sapo'>Ngày 01/12/2025, UBND tỉnh Cao Bằng ban hành Kế hoạch số 3120/KH-UBND"
        " về chuyển đổi số, phát triển chính quyền số năm 2026.</div>"
        f"<div class='journal-content-article'>{PARAS}</div>"
    )
    assert read(html).published == "2025-12-02"


def test_date_printed_in_the_breadcrumb_bar():
    # VietNamNet prints the article's date in the breadcrumb bar above the headline
    html = page(
        body="<div class='bread-crumb-detail'><ul><li><a href='/thoi-su'>Thời sự</a></li></ul>"
        "<div class='bread-crumb-detail__time'>Thứ Ba, 08/07/2025 - 19:35</div></div>"
        "<h1>Bộ máy tỉnh mới vận hành thông suốt sau một tuần</h1>"
        f"<div class='maincontent'>{PARAS}</div>"
    )
    parsed = read(html)
    assert parsed.published == "2025-07-08"
    assert "Thời sự" not in parsed.text


def test_prompts_and_bare_link_lists_go_sentences_opening_with_a_cue_stay():
    html = page(
        body="<h1>Điện Biên đưa cà phê Mường Ảng ra thị trường quốc tế</h1>"
        "<div class='article__body'>"
        "<p>Toàn tỉnh có 4.600 ha cà phê, tập trung tại các xã Ẳng Nưa, Ẳng Tở và Búng Lao.</p>"
        "<div>Mời bạn đọc theo dõi Báo Nhân Dân trên Google News để cập nhật tin tức.</div>"
        "<ul><li><a href='/a'>Cà phê Sơn La tăng giá</a></li>"
        "<li><a href='/b'>Giá tiêu</a></li></ul>"
        "<div type='RelatedNewsBox'><a href='/c'>Hợp tác xã chè Shan tuyết</a></div>"
        "<p>Xem thêm về giá cà phê, người dân cho biết vụ này giá cao hơn năm ngoái khoảng 20%"
        " nhờ sản phẩm được chế biến sâu.</p>"
        f"{PARAS}</div>"
    )
    text = read(html).text
    assert "Google News" not in text
    assert "Sơn La" not in text and "Giá tiêu" not in text and "Shan tuyết" not in text
    assert "Xem thêm về giá cà phê, người dân cho biết" in text


def test_a_table_on_the_generic_path_gives_figures():
    # issue 14: the generic path gave "| a | b |" rows the figure extractor could not read
    from pipeline.document import Document
    from pipeline.extract.step import extract_document

    html = page(
        body="<h1>Lào Cai: thu ngân sách 11 tháng đạt 9.820 tỷ đồng</h1><div class='noidung'>"
        "<p>Theo Sở Tài chính, tổng thu ngân sách nhà nước trên địa bàn tỉnh Lào Cai 11 tháng"
        " năm 2025 đạt 9.820 tỷ đồng, bằng 96% dự toán được giao.</p>"
        "<table><tr><th><p>Nguồn thu</p></th><th><p>Thực hiện (tỷ đồng)</p></th></tr>"
        "<tr><td><p>Thu nội địa</p></td><td><p>7.450</p></td></tr>"
        "<tr><td><p>Thu từ xuất nhập khẩu</p></td><td><p>2.370</p></td></tr></table></div>"
    )
    doc = Document(id="b" * 16, text=read(html).text)
    figures = {(i["label"], i["value"]) for i in extract_document(doc)["indicators"]}
    # a row gives its figure labelled by the row and column headings; 7.450 tỷ = 7.45e12 VND
    assert ("Thu nội địa – Thực hiện (tỷ đồng)", 7_450_000_000_000) in figures
    assert ("Thu từ xuất nhập khẩu – Thực hiện (tỷ đồng)", 2_370_000_000_000) in figures


def test_headline_with_an_icon_and_a_section_name_in_another_h1():
    html = page(
        "<meta property='og:title' content='Biến thể cho mạng xã hội'>",
        "<h1 class='cate-name'>Chính trị - Xã hội</h1>"
        "<h1><img src='video.svg' alt=''> Lễ thượng cờ tại Cột cờ Lũng Cú sáng mùng 1 Tết</h1>"
        f"<div class='post-content'>{PARAS}</div>",
    )
    assert read(html).title == "Lễ thượng cờ tại Cột cờ Lũng Cú sáng mùng 1 Tết"


def test_a_description_away_from_the_body_is_not_its_lead():
    # between the headline and the body, a box's teaser carries a "description" class but does
    # not stand beside the body
    html = page(
        body="<h1>Cao Bằng giảm 3.100 hộ nghèo năm 2025</h1>"
        "<div class='hot'><div class='box'><div class='item'><p class='description'>"
        "Teaser của một bài khác trong cột tin nóng, đủ dài để trông như một đoạn mở đầu.</p>"
        "</div></div></div>"
        f"<div class='wrap'><div class='col'><div class='post-content'>{PARAS}</div></div></div>"
    )
    assert "Teaser" not in read(html).text


def test_classic_joomla_table_layout():
    # Joomla 1.5 templates, still run by some district sites: headline and date in table cells
    html = page(
        "<meta name='generator' content='Joomla! 1.5 - Open Source Content Management'>",
        "<table class='contentpaneopen'><tr><td class='contentheading' width='100%'>"
        "Huyện Hà Quảng tổ chức Ngày hội Đại đoàn kết</td></tr></table>"
        "<table class='contentpaneopen'><tr><td class='createdate'>Thứ ba, 18 Tháng 11 2025 07:45"
        f"</td></tr><tr><td valign='top'>{PARAS}</td></tr></table>",
    )
    parsed = read(html)
    assert parsed.title == "Huyện Hà Quảng tổ chức Ngày hội Đại đoàn kết"
    assert parsed.published == "2025-11-18"
    assert parsed.text.startswith("Đoạn thứ nhất") and parsed.text.endswith("chỉ tiêu năm tới.")


@pytest.mark.parametrize("name", ["joomla_article.html", "portal_pl_article.html"])
def test_without_profiles_the_bundled_sites_read_as_their_profiles_read_them(fixtures, name):
    # the generic path is what a site's mirror without a profile gets: it must not fall behind
    from pipeline.ingest.site_profiles import load_profiles

    html = (fixtures / "html" / name).read_text(encoding="utf-8")
    profiled, generic = parse_html(html, profiles=load_profiles()), parse_html(html)
    assert profiled.site is not None and generic.site is None
    assert (generic.title, generic.published, generic.text, generic.translation_of) == (
        profiled.title, profiled.published, profiled.text, profiled.translation_of
    )


def test_a_utc_timestamp_gives_way_to_the_printed_date():
    # 23:30 UTC on 25 November is 06:30 on 26 November in Hanoi, the day the paper prints
    html = page(
        "<meta property='article:published_time' content='2025-11-25T23:30:00Z'>",
        "<h1>Cao Bằng mở lại chợ biên giới Trà Lĩnh</h1><div class='meta'>26/11/2025 06:30</div>"
        f"<div class='post-content'>{PARAS}</div>",
    )
    assert read(html).published == "2025-11-26"
    # with an offset the timestamp is the site's own day and stands
    html = html.replace("2025-11-25T23:30:00Z", "2025-11-27T06:30:00+07:00")
    assert read(html).published == "2025-11-27"
