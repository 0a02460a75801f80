"""Conditional requests: what an earlier run fetched is asked for with If-None-Match /
If-Modified-Since, so an unchanged page costs a 304 and no body."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.crawl.fetcher import Fetch, FetchRequest, FetchResponse

#: url -> (ETag, Last-Modified) as the server sent them
Validators = Callable[[str], tuple[str | None, str | None] | None]


class ConditionalLayer:
    def __init__(self, validators: Validators):
        self.validators = validators

    def __call__(self, request: FetchRequest, call_next: Fetch) -> FetchResponse:
        if request.purpose == "page":
            known = self.validators(request.url)
            if known:
                etag, last_modified = known
                headers = {}
                if etag:
                    headers["If-None-Match"] = etag
                if last_modified:
                    headers["If-Modified-Since"] = last_modified
                request = request.with_headers(headers)
        return call_next(request)
