"""Clean an article body: line endings, blank lines, and the portal's trailer lines.

The Polish portal ends each translation with `Source: <url of the original>` and a
`Komentarz (N)` comment widget. The URL becomes `translation_of`; neither line is body text.
"""

from __future__ import annotations

import re

_SOURCE_LINE = re.compile(
    r"^\s*(?:source|źródło|zrodlo|nguồn|nguon)\s*:\s*(?P<url>https?://\S+)\s*$", re.I
)
_WIDGET_LINE = re.compile(
    r"^\s*(?:komentarz|komentarze|bình luận|binh luan|comments?)\s*\(\d+\)\s*$", re.I
)
_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+$", re.M)
_BLANK_RUNS = re.compile(r"\n{3,}")


def normalize_newlines(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = _TRAILING_SPACE.sub("", text)
    return _BLANK_RUNS.sub("\n\n", text).strip("\n")


def split_trailer(text: str) -> tuple[str, str | None]:
    """Return (body without the trailer lines, URL of the original or None).

    Only the last few non-empty lines are examined, so a `Source:` quoted in the middle of an
    article stays in it.
    """
    lines = normalize_newlines(text).split("\n")
    source_url: str | None = None
    kept_end = len(lines)
    examined = 0
    i = len(lines) - 1
    while i >= 0 and examined < 4:
        line = lines[i]
        if not line.strip():
            i -= 1
            continue
        examined += 1
        match = _SOURCE_LINE.match(line)
        if match and source_url is None:
            source_url = match.group("url").rstrip(".,;)")
            kept_end = i
        elif _WIDGET_LINE.match(line):
            kept_end = i
        else:
            break
        i -= 1
    body = "\n".join(lines[:kept_end]).rstrip()
    return body, source_url
