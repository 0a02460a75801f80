import pytest

from pipeline.ingest.dates import find_printed_date


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Thứ Ba, 25/11/2025 - 08:30", "2025-11-25"),
        ("25/11/2025 08:30 (GMT+7)", "2025-11-25"),
        ("Thứ năm, 4/11/2021, 17:12 (GMT+7)", "2021-11-04"),  # day and month without zeros
        ("Cập nhật 25-11-2025", "2025-11-25"),
        ("02.12.2025 09:15", "2025-12-02"),
        ("2025-11-25T08:30:00+07:00", "2025-11-25"),
        ("Hôm nay, ngày 3 tháng 12 năm 2025", "2025-12-03"),
        ("Thứ ba, 18 Tháng 3 2025 07:45", "2025-03-18"),  # Joomla K2
        ("25 listopada 2025, 14:20", "2025-11-25"),  # Polish genitive month name
        ("wtorek, 2 grudnia 2025 r.", "2025-12-02"),
        ("November 25, 2025", "2025-11-25"),
        ("Thứ tư, 06:00, 19/11/2025", "2025-11-19"),  # VOV puts the time first
    ],
)
def test_printed_dates(text, expected):
    assert find_printed_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ngày 25/11 tại hội nghị",  # no year: an event's day inside the text
        "Tổng thu 1.234.567 đồng",  # a number with dots is no date
        "Kế hoạch số 3120/KH-UBND",
        "Ngày 31/02/2025",  # no such day
        "Dân số 12 tháng 2025 người",
    ],
)
def test_no_date(text):
    assert find_printed_date(text) is None
