"""Publication dates as sites print them, to YYYY-MM-DD."""

from __future__ import annotations

import re
from datetime import date

_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")
_DMY = re.compile(r"(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4})")


def parse_published(value: str | None) -> str | None:
    """'2025-10-14T08:30:00+07:00', 'Ngày đăng: 14/10/2025', '14.10.2025' -> '2025-10-14'.

    The date is the one printed for the site's own time zone: no conversion to UTC, so an
    article published at 06:00 in Hanoi keeps its local day.
    """
    if not value:
        return None
    for pattern in (_ISO, _DMY):
        match = pattern.search(value)
        if match:
            try:
                return date(int(match["y"]), int(match["m"]), int(match["d"])).isoformat()
            except ValueError:
                continue
    return None


# Dates as news sites print them beside a headline: "Thứ Ba, 25/11/2025 - 08:30",
# "25/11/2025 08:30 (GMT+7)", "25-11-2025", "2025-11-25", "ngày 25 tháng 11 năm 2025",
# "25 Tháng 11 2025" (Joomla's K2),
# "25 listopada 2025", "November 25, 2025". A year is required: "25/11" alone is an event's
# day in the text, not the publication date.
_PRINTED = re.compile(
    r"(?<![\d/.\-])(?:"
    r"(?P<iso>\d{4}-\d{1,2}-\d{1,2})"
    r"|(?P<dmy>\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4})"
    r"|(?P<vi>(?:ngày\s+)?\d{1,2}\s+tháng\s+\d{1,2},?\s+(?:năm\s+)?\d{4})"
    r"|(?P<dnamey>\d{1,2}\.?\s+[^\W\d_]{3,12}\.?,?\s+\d{4})"
    r"|(?P<namedy>[^\W\d_]{3,9}\.?\s+\d{1,2},\s+\d{4})"
    r")(?![\d/.\-]\d)",
    re.I,
)
_VI_WORDS = re.compile(
    r"(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2}),?\s+(?:năm\s+)?(\d{4})", re.I
)
_DATE_LANGUAGES = ["pl", "en", "vi"]


def _plausible(iso: str | None) -> str | None:
    return iso if iso and "1990" <= iso[:4] <= "2100" else None


def _month_name_date(text: str) -> str | None:
    """'25 listopada 2025' -> '2025-11-25' by dateparser; None when the word is no month."""
    import dateparser

    parsed = dateparser.parse(
        text, languages=_DATE_LANGUAGES, settings={"DATE_ORDER": "DMY", "STRICT_PARSING": True}
    )
    return parsed.date().isoformat() if parsed else None


def find_printed_date(text: str) -> str | None:
    """The first date printed in `text`, as YYYY-MM-DD; None when there is none."""
    for match in _PRINTED.finditer(text):
        found: str | None
        if match["iso"] or match["dmy"]:
            found = parse_published(match.group(0))
        elif match["vi"]:
            d, m, y = _VI_WORDS.match(match.group(0)).groups()
            try:
                found = date(int(y), int(m), int(d)).isoformat()
            except ValueError:
                found = None
        else:
            found = _month_name_date(match.group(0))
        found = _plausible(found)
        if found:
            return found
    return None
