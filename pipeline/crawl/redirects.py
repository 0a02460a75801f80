"""Redirects followed by hand, so every hop passes the scope, robots and archive layers below;
a cap on hops, loops detected, and targets other than http(s) refused."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from pipeline.crawl.fetcher import (
    Fetch,
    FetchRefused,
    FetchRequest,
    FetchResponse,
    RedirectError,
)
from pipeline.crawl.urls import SCHEMES, UrlError, normalize_url

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class RedirectLayer:
    def __init__(self, max_redirects: int = 5):
        self.max_redirects = max_redirects

    def __call__(self, request: FetchRequest, call_next: Fetch) -> FetchResponse:
        chain = [request.url]
        current = request
        while True:
            response = call_next(current)
            location = response.headers.get("Location")
            if response.status not in REDIRECT_STATUSES or not location:
                response.redirects = tuple(chain[:-1])
                return response
            try:
                target = urljoin(current.url, location.strip())
                scheme = urlsplit(target).scheme.lower()
            except ValueError as err:
                raise FetchRefused(
                    f"{current.url} redirects to a bad URL {location[:200]!r} ({err})",
                    code="bad-url",
                ) from None
            if scheme not in SCHEMES:
                raise FetchRefused(
                    f"{current.url} redirects to {target[:200]!r}: only http(s) redirects are "
                    "followed",
                    code="redirect-scheme",
                )
            try:
                target = normalize_url(target)
            except UrlError as err:
                raise FetchRefused(f"{current.url} redirects to a bad URL: {err}") from None
            if target in chain:
                loop = " -> ".join([*chain[chain.index(target) :], target])
                raise RedirectError(f"redirect loop: {loop}")
            if len(chain) > self.max_redirects:
                raise RedirectError(
                    f"{request.url}: more than {self.max_redirects} redirects (--max-redirects)"
                )
            chain.append(target)
            current = current.with_url(target)
