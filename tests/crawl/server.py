"""A fixture web server for crawl tests: sites of template pages on 127.0.0.1 / localhost, with
faults injected per route, and a log of every request it saw (time, path, headers).

Routes come from a site folder's routes.toml or from `Site.route(...)`. Pages are templates:
{{VI}}, {{PL}} and {{BASE}} become the base URLs of the Vietnamese site, the Polish site and
the serving site, so pages link to each other whatever ports the servers got.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
import tomllib
import unicodedata
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).with_name("fixtures")
#: Every response carries this Date, so fetched_at (and so documents.jsonl) is reproducible.
FIXED_DATE = "Tue, 14 Oct 2025 03:00:00 GMT"
LAST_MODIFIED = "Mon, 13 Oct 2025 10:00:00 GMT"
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_windows_1258(text: str) -> bytes:
    """Vietnamese text as windows-1258 bytes: precomposed letters where the code page has
    them, tone marks as combining characters (as real windows-1258 pages are written)."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        tones = [m for m in marks if m in _TONES]
        core = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in _TONES))
        out += core.encode("cp1258") + "".join(tones).encode("cp1258")
    return bytes(out)


@dataclass
class Route:
    file: str | None = None
    body: bytes | str | None = None
    status: int = 200
    content_type: str | None = None
    charset: str | None = "utf-8"  # declared in Content-Type (None: no charset parameter)
    encoding: str = "utf-8"  # how the template is encoded on the wire
    script: list[int] = field(default_factory=list)  # statuses for the 1st, 2nd... hit
    retry_after: str | None = None
    location: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # before the status line
    drip: float = 0.0  # between body bytes
    truncate: int | None = None  # send only this many bytes of the announced length
    gzip: bool = False  # Content-Encoding: gzip when the client accepts it
    gzip_file: bool = False  # the file itself served gzipped (sitemap.xml.gz)
    bomb: int = 0  # a gzip body inflating to this many zero bytes
    huge: int = 0  # a body of this many bytes
    chunked: bool = False  # for huge: no Content-Length
    validators: bool = True  # ETag / Last-Modified and 304 answers
    hits: int = 0


@dataclass
class Seen:
    time: float
    path: str
    headers: dict[str, str]
    status: int = 0


class Site:
    def __init__(self, name: str, host: str = "127.0.0.1", folder: str | None = None):
        self.name = name
        self.host = host
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self.folder = FIXTURES / (folder or name)
        self.bases: dict[str, str] = {}
        self._lock = threading.Lock()
        routes = self.folder / "routes.toml"
        if routes.exists():
            for path, options in tomllib.loads(routes.read_text("utf-8"))["routes"].items():
                self.route(path, **options)
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                site._handle(self)

            def date_time_string(self, timestamp: float | None = None) -> str:
                return FIXED_DATE

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://{host}:{self.port}"
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def start(self) -> Site:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def route(self, path: str, **options: Any) -> Route:
        route = Route(**options)
        self.routes[path] = route
        return route

    def url(self, path: str) -> str:
        return self.base + path

    def seen(self, path: str) -> list[Seen]:
        return [s for s in self.requests if s.path == path]

    def bodies_sent(self, prefix: str = "") -> list[str]:
        """Paths answered with a 200 and a body."""
        return [s.path for s in self.requests if s.status == 200 and s.path.startswith(prefix)]

    # -- serving --------------------------------------------------------------------------

    def _render(self, route: Route) -> bytes:
        if route.body is not None:
            text = route.body
        elif route.file is not None:
            text = (self.folder / route.file).read_text("utf-8")
        else:
            return b""
        if isinstance(text, bytes):
            return text
        for key, base in self.bases.items():
            text = text.replace("{{" + key + "}}", base)
        text = text.replace("{{BASE}}", self.base)
        data = (
            to_windows_1258(text)
            if route.encoding == "windows-1258"
            else text.encode(route.encoding)
        )
        return gzip.compress(data, mtime=0) if route.gzip_file else data

    def _content_type(self, route: Route) -> str:
        kind = route.content_type
        if kind is None:
            name = route.file or ""
            kind = {
                ".xml": "application/xml",
                ".txt": "text/plain",
                ".rss": "application/rss+xml",
            }.get(Path(name).suffix, "text/html")
        return f"{kind}; charset={route.charset}" if route.charset else kind

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        seen = Seen(time.monotonic(), handler.path, dict(handler.headers.items()))
        with self._lock:
            self.requests.append(seen)
            route = self.routes.get(handler.path)
            if route is not None:
                route.hits += 1
        if route is None:
            seen.status = 404
            self._send(handler, 404, {"Content-Type": "text/plain"}, b"not found")
            return
        if route.delay:
            time.sleep(route.delay)
        status = route.status
        if route.script:
            status = route.script[min(route.hits, len(route.script)) - 1]
        headers: dict[str, str] = {"Content-Type": self._content_type(route), **route.headers}
        if status in (301, 302, 303, 307, 308):
            location = route.location or "/"
            for key, base in self.bases.items():
                location = location.replace("{{" + key + "}}", base)
            headers["Location"] = location.replace("{{BASE}}", self.base)
            seen.status = status
            self._send(handler, status, headers, b"")
            return
        if status in (429, 503) and route.retry_after:
            headers["Retry-After"] = route.retry_after
        if status != 200:
            seen.status = status
            self._send(handler, status, headers, b"error")
            return
        if route.huge:
            seen.status = 200
            self._send_huge(handler, route, headers)
            return
        if route.bomb:
            body = gzip.compress(b"\0" * route.bomb, compresslevel=9)
            headers["Content-Encoding"] = "gzip"
            seen.status = 200
            self._send(handler, 200, headers, body)
            return
        body = self._render(route)
        if route.validators:
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            headers["ETag"] = etag
            headers["Last-Modified"] = LAST_MODIFIED
            if handler.headers.get("If-None-Match") == etag or (
                "If-None-Match" not in handler.headers
                and handler.headers.get("If-Modified-Since") == LAST_MODIFIED
            ):
                seen.status = 304
                self._send(handler, 304, {"ETag": etag}, b"")
                return
        if route.gzip and "gzip" in handler.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, mtime=0)
            headers["Content-Encoding"] = "gzip"
        seen.status = 200
        if route.truncate is not None:
            handler.close_connection = True
            self._send(handler, 200, headers, body, send=body[: route.truncate])
        elif route.drip:
            self._send(handler, 200, headers, body, drip=route.drip)
        else:
            self._send(handler, 200, headers, body)

    def _send(
        self,
        handler: BaseHTTPRequestHandler,
        status: int,
        headers: dict[str, str],
        body: bytes,
        *,
        send: bytes | None = None,
        drip: float = 0.0,
    ) -> None:
        try:
            handler.send_response(status)
            for key, value in headers.items():
                handler.send_header(key, value)
            if status != 304:
                handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            payload = body if send is None else send
            if drip:
                for i in range(len(payload)):
                    handler.wfile.write(payload[i : i + 1])
                    handler.wfile.flush()
                    time.sleep(drip)
            elif status != 304:
                handler.wfile.write(payload)
            handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            handler.close_connection = True

    def _send_huge(
        self, handler: BaseHTTPRequestHandler, route: Route, headers: dict[str, str]
    ) -> None:
        chunk = b"<p>" + b"x" * 65530 + b"</p>"
        try:
            handler.send_response(200)
            for key, value in headers.items():
                handler.send_header(key, value)
            if route.chunked:
                handler.send_header("Transfer-Encoding", "chunked")
            else:
                handler.send_header("Content-Length", str(route.huge))
            handler.end_headers()
            sent = 0
            while sent < route.huge:
                piece = chunk[: route.huge - sent]
                if route.chunked:
                    handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                else:
                    handler.wfile.write(piece)
                sent += len(piece)
            if route.chunked:
                handler.wfile.write(b"0\r\n\r\n")
            handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            handler.close_connection = True


class FixtureWeb:
    """The two fixture sites, started together so each knows the other's address."""

    def __init__(self) -> None:
        self.vi = Site("joomla", "127.0.0.1")
        self.pl = Site("portal", "localhost")
        bases = {"VI": self.vi.base, "PL": self.pl.base}
        self.vi.bases = self.pl.bases = bases

    def start(self) -> FixtureWeb:
        self.vi.start()
        self.pl.start()
        return self

    def stop(self) -> None:
        self.vi.stop()
        self.pl.stop()
