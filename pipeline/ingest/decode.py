"""Bytes to text: BOMs, declared charsets, detection, and clear errors for what is not text."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from pipeline.textnorm import nfc

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# A page's scripts and comments may quote markup ("<meta charset=...>" built by a script,
# an old template commented out); only a real tag declares the page's charset.
_NOT_MARKUP = re.compile(rb"<script\b.*?(?:</script\s*>|$)|<!--.*?(?:-->|$)", re.I | re.S)
_UNICODE_FAMILY = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class DecodeError(ValueError):
    """The input is not text we can read; `code` names the kind of problem for error entries."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def bom_encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def meta_charset(data: bytes) -> str | None:
    """The charset of the first real <meta> tag in the page's first 8 KB (outside scripts
    and comments)."""
    match = _META_CHARSET.search(_NOT_MARKUP.sub(b" ", data[:8192]))
    return match.group(1).decode("ascii", "replace").lower() if match else None


def _known(encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return None


def decode_bytes(
    data: bytes,
    *,
    what: str,
    declared: str | None = None,
    html: bool = False,
    detect: bool = True,
) -> tuple[str, str]:
    """Decode `data` and return (NFC text, encoding used).

    Order: BOM, the caller's declared charset (HTTP header or --encoding), the HTML meta tag,
    strict UTF-8, then detection (when `detect`). Raises DecodeError with an actionable message.

    A declared single-byte charset loses to UTF-8 when the bytes are valid UTF-8 and not plain
    ASCII: text in ISO-8859-2 or windows-1258 practically never forms valid multi-byte UTF-8
    sequences, while UTF-8 pages that keep a template's old charset tag are common.
    """
    if not data or not data.strip():
        raise DecodeError("empty", f"{what} is empty")
    candidates: list[str] = []
    for enc in (bom_encoding(data), _known(declared), _known(meta_charset(data)) if html else None):
        if enc and enc not in candidates:
            candidates.append(enc)
    if candidates and candidates[0] not in _UNICODE_FAMILY and _is_utf8_text(data):
        candidates.insert(0, "utf-8")
    if "utf-8" not in candidates:
        candidates.append("utf-8")
    for enc in candidates:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        return _checked_text(text, what), enc
    if b"\x00" in data[:8192]:
        raise DecodeError("binary", f"{what} looks like a binary file (NUL bytes), not text")
    if detect:
        best = charset_normalizer.from_bytes(data[:1_000_000]).best()
        if best is not None and best.encoding:
            try:
                return _checked_text(data.decode(best.encoding), what), best.encoding
            except (UnicodeDecodeError, LookupError):
                pass
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DecodeError(
            "encoding",
            f"cannot decode {what} as UTF-8 (invalid byte 0x{data[err.start]:02x} at offset "
            f"{err.start}); pass --encoding with the file's charset (e.g. windows-1258)",
        ) from None
    raise DecodeError("encoding", f"cannot decode {what}")


def _is_utf8_text(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _checked_text(text: str, what: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    sample = text[:20000]
    if sample and (sample.count("\x00") or len(_CONTROL.findall(sample)) > len(sample) * 0.05):
        raise DecodeError(
            "binary",
            f"{what} looks like a binary file (NUL or control bytes), not text; if it is "
            "UTF-16 or UTF-32 text without a byte-order mark, pass --encoding",
        )
    # NUL and other control characters never belong in article text.
    return nfc(_CONTROL.sub("", text))
