"""robots.txt: fetched once per origin (through the same throttle, retries and archive as pages),
parsed with protego, obeyed for every page and redirect hop; Crawl-delay slows the throttle.

Unavailable (404 and other 4xx, or redirected where we may not follow) means everything is
allowed; unreachable (5xx, 429, connection failure after retries) means nothing is, for this
run, as RFC 9309 asks.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from protego import Protego

from pipeline.crawl.fetcher import (
    Fetch,
    FetchError,
    FetchRefused,
    FetchRequest,
    FetchResponse,
    RedirectError,
)
from pipeline.crawl.throttle import HostThrottle
from pipeline.crawl.urls import origin

#: RFC 9309 asks crawlers to parse at least 500 KiB.
MAX_ROBOTS_BYTES = 512 * 1024


class RobotsDisallowed(FetchError):
    code = "robots"


class RobotsUnreachable(FetchError):
    code = "robots-unreachable"


@dataclass(frozen=True)
class RobotsRules:
    parser: Protego | None = None  # None: no usable robots.txt, everything allowed
    disallow_all: bool = False
    note: str = ""

    def allows(self, url: str, token: str) -> bool:
        if self.disallow_all:
            return False
        return self.parser is None or self.parser.can_fetch(url, token)

    def delay(self, token: str) -> float:
        """Seconds between requests the site asks for (Crawl-delay or Request-rate)."""
        if self.parser is None:
            return 0.0
        delay = self.parser.crawl_delay(token) or 0.0
        rate = self.parser.request_rate(token)
        if rate is not None and rate.requests:
            delay = max(delay, rate.seconds / rate.requests)
        return float(delay)


def rules_from_response(response: FetchResponse) -> RobotsRules:
    status = response.status
    if 200 <= status < 300:
        text = response.body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
        return RobotsRules(parser=Protego.parse(text.lstrip("\ufeff")))
    if status == 429 or status >= 500:
        return RobotsRules(
            disallow_all=True, note=f"robots.txt answered HTTP {status}; nothing fetched"
        )
    return RobotsRules(note=f"no robots.txt (HTTP {status}); everything allowed")


class RobotsCache:
    """The rules of each origin, loaded on first use; one load per origin even across threads."""

    def __init__(self, fetch: Fetch, token: str, throttle: HostThrottle | None = None):
        self._fetch = fetch
        self.token = token
        self._throttle = throttle
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def rules(self, host_origin: str) -> RobotsRules:
        with self._guard:
            lock = self._locks.setdefault(host_origin, threading.Lock())
        with lock:
            if host_origin not in self._rules:
                rules = self._load(host_origin)
                if self._throttle is not None and rules.delay(self.token):
                    self._throttle.set_site_delay(host_origin, rules.delay(self.token))
                self._rules[host_origin] = rules
            return self._rules[host_origin]

    def notes(self) -> list[str]:
        """Origins whose robots.txt kept the whole site closed this run."""
        return [
            f"{host}: {rules.note}"
            for host, rules in sorted(self._rules.items())
            if rules.disallow_all
        ]

    def _load(self, host_origin: str) -> RobotsRules:
        url = f"{host_origin}/robots.txt"
        try:
            response = self._fetch(FetchRequest(url=url, purpose="robots", role="robots"))
        except (FetchRefused, RedirectError) as err:
            return RobotsRules(note=f"robots.txt unavailable ({err}); everything allowed")
        except FetchError as err:
            return RobotsRules(disallow_all=True, note=f"robots.txt unreachable ({err})")
        return rules_from_response(response)


class RobotsLayer:
    def __init__(self, cache: RobotsCache):
        self.cache = cache

    def __call__(self, request: FetchRequest, call_next: Fetch) -> FetchResponse:
        if request.purpose == "page":
            rules = self.cache.rules(origin(request.url))
            if rules.disallow_all:
                raise RobotsUnreachable(f"{request.url}: not fetched, {rules.note}")
            if not rules.allows(request.url, self.cache.token):
                raise RobotsDisallowed(f"{request.url}: disallowed by robots.txt")
        return call_next(request)
