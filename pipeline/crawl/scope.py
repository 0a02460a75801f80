"""Scope guard: every request, redirects included, goes only to allowed http(s) hosts, and not
into private networks through a host that no start URL names (see addresses)."""

from __future__ import annotations

from pipeline.crawl.addresses import AddressGuard
from pipeline.crawl.fetcher import Fetch, FetchRefused, FetchRequest, FetchResponse
from pipeline.crawl.urls import HostPolicy, UrlError


class ScopeLayer:
    def __init__(self, policy: HostPolicy, addresses: AddressGuard | None = None):
        self.policy = policy
        self.addresses = addresses

    def __call__(self, request: FetchRequest, call_next: Fetch) -> FetchResponse:
        try:
            self.policy.check(request.url)
            if self.addresses is not None:
                self.addresses.check(request.url)
        except UrlError as err:
            raise FetchRefused(str(err), code=err.code) from None
        return call_next(request)
