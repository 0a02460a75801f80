"""Caps on what one response may cost: bytes on the wire, bytes after decompression, time.

A server that sends a 5 GB page, a 10 kB gzip that inflates to 10 GB, or one byte a second for a
day gets an error entry for that page; the crawl goes on with bounded memory and time.
"""

from __future__ import annotations

import time
import zlib
from dataclasses import dataclass
from typing import Any

import requests
import urllib3

CHUNK = 64 * 1024


@dataclass(frozen=True)
class BodyLimits:
    max_compressed_bytes: int
    max_bytes: int
    max_time: float  # seconds for the whole body, whatever the per-read timeout


class BodyReadError(Exception):
    """Reading the body stopped early. `truncation` is the WARC-Truncated reason
    (length, time, disconnect) and `partial` the bytes that arrived."""

    def __init__(self, message: str, *, truncation: str, partial: bytes = b""):
        super().__init__(message)
        self.truncation = truncation
        self.partial = partial


class BodyTooLarge(BodyReadError):
    def __init__(self, message: str, partial: bytes = b""):
        super().__init__(message, truncation="length", partial=partial)


def read_wire_body(raw: Any, content_length: str | None, limits: BodyLimits, url: str) -> bytes:
    """Read a urllib3 response body as sent (no decompression), within the caps.

    `read1` returns whatever has arrived, so the deadline is checked even against a server
    that drips one byte at a time just under the read timeout.
    """
    cap = limits.max_compressed_bytes
    if content_length and content_length.strip().isdigit() and int(content_length) > cap:
        raise BodyTooLarge(
            f"{url}: the server announces {int(content_length)} bytes, over the limit of {cap} "
            "(--max-compressed-bytes)"
        )
    deadline = time.monotonic() + limits.max_time
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            chunk = raw.read1(CHUNK, decode_content=False)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > cap:
                raise BodyTooLarge(
                    f"{url}: the body is over the limit of {cap} bytes (--max-compressed-bytes)",
                    partial=b"".join(chunks)[:cap],
                )
            if time.monotonic() > deadline:
                raise BodyReadError(
                    f"{url}: the body took longer than {limits.max_time:g} s (--max-time)",
                    truncation="time",
                    partial=b"".join(chunks),
                )
    except (urllib3.exceptions.ReadTimeoutError, requests.Timeout, TimeoutError) as err:
        raise BodyReadError(
            f"{url}: the body stalled ({err})", truncation="time", partial=b"".join(chunks)
        ) from None
    except (urllib3.exceptions.HTTPError, requests.RequestException, OSError) as err:
        raise BodyReadError(
            f"{url}: the body was cut off before its end ({type(err).__name__}: {err})",
            truncation="disconnect",
            partial=b"".join(chunks),
        ) from None
    return b"".join(chunks)


def decode_content(data: bytes, content_encoding: str, limits: BodyLimits, url: str) -> bytes:
    """Undo Content-Encoding (gzip, deflate; several in sequence) without ever holding more
    than `max_bytes` of output: a decompression bomb stops at the cap."""
    codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
    for coding in reversed(codings):
        if coding in ("identity", ""):
            continue
        if coding in ("gzip", "x-gzip"):
            data = _inflate(data, 16 + zlib.MAX_WBITS, limits.max_bytes, url)
        elif coding == "deflate":
            try:
                data = _inflate(data, zlib.MAX_WBITS, limits.max_bytes, url)
            except ValueError:  # servers often send raw deflate without the zlib header
                data = _inflate(data, -zlib.MAX_WBITS, limits.max_bytes, url)
        else:
            raise ValueError(f"{url}: unsupported Content-Encoding {coding!r}")
    if len(data) > limits.max_bytes:
        raise BodyTooLarge(f"{url}: the body is over the limit of {limits.max_bytes} bytes")
    return data


def gunzip_capped(data: bytes, max_bytes: int, what: str) -> bytes:
    """A .gz file (e.g. sitemap.xml.gz) under the same decompressed-size cap."""
    return _inflate(data, 16 + zlib.MAX_WBITS, max_bytes, what)


def _inflate(data: bytes, wbits: int, max_bytes: int, url: str) -> bytes:
    out = bytearray()
    pending = data
    try:
        while pending:
            inflater = zlib.decompressobj(wbits)
            out += inflater.decompress(pending, max_bytes + 1 - len(out))
            if len(out) > max_bytes or inflater.unconsumed_tail:
                raise BodyTooLarge(
                    f"{url}: the body inflates to more than {max_bytes} bytes (--max-bytes); "
                    "a decompression bomb or a page far too large to be an article"
                )
            if not inflater.eof:
                raise ValueError(f"{url}: the compressed body is cut off before its end")
            # gzip allows several members one after another
            pending = inflater.unused_data if wbits > zlib.MAX_WBITS else b""
            if not pending.startswith(b"\x1f\x8b"):
                break  # padding after the last member, as some servers send
    except zlib.error as err:
        raise ValueError(f"{url}: the compressed body is corrupt ({err})") from None
    return bytes(out)
