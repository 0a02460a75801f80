"""Retries with exponential backoff on connection errors, timeouts, cut-off bodies, 5xx and 429.

A Retry-After header (seconds or an HTTP date) is honoured when it asks for longer than the
backoff; one asking for more than `max_retry_after` gives up on the page for this run (the
next run tries again) instead of stalling the whole crawl.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from pipeline.crawl.fetcher import Fetch, FetchError, FetchRequest, FetchResponse

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    retries: int = 3
    backoff: float = 1.0
    max_backoff: float = 60.0
    max_retry_after: float = 300.0
    statuses: frozenset[int] = RETRY_STATUSES

    def delay(self, attempt: int) -> float:
        """Backoff before retry number `attempt + 1`: backoff, 2*backoff, 4*backoff, ..."""
        return min(self.max_backoff, self.backoff * (2**attempt))


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """'120' -> 120.0; 'Wed, 21 Oct 2015 07:28:00 GMT' -> seconds from `now`; else None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryLayer:
    def __init__(self, policy: RetryPolicy, *, sleep: Callable[[float], None] = time.sleep):
        self.policy = policy
        self._sleep = sleep

    def __call__(self, request: FetchRequest, call_next: Fetch) -> FetchResponse:
        policy = self.policy
        attempt = 0
        while True:
            try:
                response = call_next(request)
            except FetchError as err:
                if not err.retryable or attempt >= policy.retries:
                    if attempt:
                        err.args = (f"{err.args[0]} (after {attempt} retries)",)
                    raise
                delay = policy.delay(attempt)
            else:
                if response.status not in policy.statuses or attempt >= policy.retries:
                    return response
                asked = parse_retry_after(response.headers.get("Retry-After"))
                if asked is not None and asked > policy.max_retry_after:
                    return response  # the crawler reports the status and the wait asked for
                delay = max(policy.delay(attempt), asked or 0.0)
            self._sleep(delay)
            attempt += 1
