"""The HTTP fetcher: a plain request/response pair passed down a stack of small layers.

Each politeness concern is one layer (Scrapy's downloader middlewares, in miniature): a callable
`layer(request, call_next) -> response`. `build_fetch` stacks them over the transport, outermost
first, so each can be configured, replaced and tested alone:

    redirects -> scope -> robots -> conditional -> retry -> throttle -> warc -> transport
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

import requests
import urllib3
from requests.structures import CaseInsensitiveDict

from pipeline.crawl.limits import (
    BodyLimits,
    BodyReadError,
    BodyTooLarge,
    decode_content,
    read_wire_body,
)
from pipeline.crawl.settings import CrawlSettings


@dataclass(frozen=True)
class FetchRequest:
    url: str
    headers: tuple[tuple[str, str], ...] = ()
    purpose: str = "page"  # "page" or "robots"
    role: str = ""  # what the crawler expects: auto, article, listing, feed, sitemap

    def with_url(self, url: str) -> FetchRequest:
        return replace(self, url=url)

    def with_headers(self, headers: dict[str, str]) -> FetchRequest:
        return replace(self, headers=self.headers + tuple(headers.items()))


@dataclass
class FetchResponse:
    url: str
    status: int
    reason: str = ""
    headers: CaseInsensitiveDict = field(default_factory=CaseInsensitiveDict)
    header_list: list[tuple[str, str]] = field(default_factory=list)  # as received, for WARC
    body: bytes = b""  # content-encoding removed
    wire_body: bytes = b""  # as received (still gzip-compressed if it came so), for WARC
    http_version: str = "HTTP/1.1"
    request_line: str = ""
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    started: float = 0.0  # time.time() when the request was sent
    redirects: tuple[str, ...] = ()  # URLs that redirected to this one, in order
    truncated: str | None = None  # WARC-Truncated reason when the body is partial

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class FetchError(Exception):
    """A page could not be fetched; `code` names the problem for error entries.

    `partial` carries what arrived before the failure, so the archive still records it.
    """

    code = "fetch"
    retryable = False

    def __init__(self, message: str, *, partial: FetchResponse | None = None):
        super().__init__(message)
        self.partial = partial


class FetchRefused(FetchError):
    """Our own rule forbids the request (scheme, host not allowed, redirect target)."""

    code = "not-allowed"

    def __init__(self, message: str, code: str | None = None):
        super().__init__(message)
        if code:
            self.code = code


class ConnectionFailed(FetchError):
    code = "connection"
    retryable = True


class FetchTimeout(FetchError):
    code = "timeout"
    retryable = True


class TruncatedBody(FetchError):
    code = "truncated"
    retryable = True


class TooLarge(FetchError):
    code = "too-large"


class RedirectError(FetchError):
    code = "redirect"


Fetch = Callable[[FetchRequest], FetchResponse]


class Layer(Protocol):
    def __call__(self, request: FetchRequest, call_next: Fetch) -> FetchResponse: ...


def build_fetch(layers: Sequence[Layer], transport: Fetch) -> Fetch:
    """Stack `layers` (outermost first) over `transport` into one fetch function."""
    fetch = transport
    for layer in reversed(layers):
        fetch = _bind(layer, fetch)
    return fetch


def _bind(layer: Layer, call_next: Fetch) -> Fetch:
    def fetch(request: FetchRequest) -> FetchResponse:
        return layer(request, call_next)

    return fetch


class HttpTransport:
    """One GET with requests: no automatic redirects (a layer handles them), timeouts, a body
    read under size and time caps, gzip/deflate decoded under a decompressed-size cap.

    Sessions are per thread (requests.Session is not thread-safe) and keep connections alive.
    """

    ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,text/xml;q=0.8,*/*;q=0.5"

    def __init__(self, settings: CrawlSettings):
        self.settings = settings
        self.limits = BodyLimits(
            max_compressed_bytes=settings.max_compressed_bytes,
            max_bytes=settings.max_bytes,
            max_time=settings.max_time,
        )
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._lock = threading.Lock()

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers.update(
                {
                    "User-Agent": self.settings.user_agent,
                    "Accept": self.ACCEPT,
                    # Only what we can decode under a size cap ourselves (no br, no zstd).
                    "Accept-Encoding": "gzip, deflate",
                }
            )
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    def close(self) -> None:
        with self._lock:
            for session in self._sessions:
                session.close()
            self._sessions.clear()

    def __call__(self, request: FetchRequest) -> FetchResponse:
        started = time.time()
        timeout = (self.settings.connect_timeout, self.settings.read_timeout)
        try:
            resp = self._session().get(
                request.url,
                headers=dict(request.headers),
                stream=True,
                allow_redirects=False,
                timeout=timeout,
            )
        except requests.Timeout as err:
            raise FetchTimeout(
                f"{request.url}: no response within {timeout[1]:g} s ({_reason(err)})"
            ) from None
        except (requests.ConnectionError, urllib3.exceptions.HTTPError) as err:
            raise ConnectionFailed(f"{request.url}: connection failed ({_reason(err)})") from None
        except requests.RequestException as err:
            raise FetchRefused(f"{request.url}: cannot request ({err})", code="bad-url") from None
        except ValueError as err:  # requests parses a Location even when not following it
            raise FetchRefused(
                f"{request.url}: unusable response ({err}): a malformed redirect Location?",
                code="bad-url",
            ) from None
        with resp:
            return self._response(request, resp, started)

    def _response(
        self, request: FetchRequest, resp: requests.Response, started: float
    ) -> FetchResponse:
        raw = resp.raw
        version = {10: "HTTP/1.0", 11: "HTTP/1.1"}.get(getattr(raw, "version", 11), "HTTP/1.1")
        header_list = [(k, v) for k, v in raw.headers.items()]
        prepared = resp.request
        path = prepared.path_url if prepared is not None else "/"
        response = FetchResponse(
            url=request.url,
            status=resp.status_code,
            reason=resp.reason or "",
            headers=CaseInsensitiveDict(resp.headers),
            header_list=header_list,
            http_version=version,
            request_line=f"GET {path} {version}",
            request_headers=list(prepared.headers.items()) if prepared is not None else [],
            started=started,
        )
        try:
            response.wire_body = read_wire_body(
                raw, resp.headers.get("Content-Length"), self.limits, request.url
            )
        except BodyReadError as err:
            response.wire_body, response.truncated = err.partial, err.truncation
            kind = {"length": TooLarge, "time": FetchTimeout}.get(err.truncation, TruncatedBody)
            raise kind(str(err), partial=response) from None
        try:
            response.body = decode_content(
                response.wire_body,
                resp.headers.get("Content-Encoding", ""),
                self.limits,
                request.url,
            )
        except BodyTooLarge as err:
            raise TooLarge(str(err), partial=response) from None
        except ValueError as err:
            raise TruncatedBody(str(err), partial=response) from None
        return response


def _reason(err: BaseException) -> str:
    """The innermost useful message of a requests/urllib3 exception chain."""
    inner: BaseException = err
    while True:
        nxt = getattr(inner, "reason", None) or inner.__cause__ or inner.__context__
        if not isinstance(nxt, BaseException) or nxt is inner:
            break
        inner = nxt
    text = str(inner) or type(inner).__name__
    return text[:300]
