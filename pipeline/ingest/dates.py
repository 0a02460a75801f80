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
