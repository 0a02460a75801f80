"""Per-host rate limit: a request to one origin starts at least `interval` seconds after the
previous one to it started *and* after its response ended, so the server never sees two
requests closer than the interval, however long the previous one took or was delayed.

The interval is 1/--rate, or the site's robots.txt Crawl-delay / Request-rate when longer.
Different hosts do not wait for each other, so a crawl of several sites runs them in parallel.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from pipeline.crawl.fetcher import Fetch, FetchRequest, FetchResponse
from pipeline.crawl.urls import origin


class HostThrottle:
    """Hands out start times per origin; thread-safe, so even two threads that share a host
    (a redirect into it) keep the spacing."""

    def __init__(
        self,
        min_interval: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.min_interval = min_interval
        self._clock = clock
        self._sleep = sleep
        self._last: dict[str, float] = {}  # start time given to the latest request
        self._delays: dict[str, float] = {}
        self._lock = threading.Lock()

    def set_site_delay(self, host_origin: str, seconds: float) -> None:
        """What the site asks for (Crawl-delay); only ever makes us slower than --rate."""
        with self._lock:
            self._delays[host_origin] = max(0.0, float(seconds))

    def interval(self, host_origin: str) -> float:
        return max(self.min_interval, self._delays.get(host_origin, 0.0))

    def wait(self, host_origin: str) -> float:
        """Block until this origin may be requested again; return the seconds waited."""
        with self._lock:
            now = self._clock()
            last = self._last.get(host_origin)
            # The interval is read now, so a Crawl-delay learnt from robots.txt applies even
            # to the request right after robots.txt itself.
            start = now if last is None else max(now, last + self.interval(host_origin))
            self._last[host_origin] = start
        waited = start - now
        if waited > 0:
            self._sleep(waited)
        return waited

    def done(self, host_origin: str) -> None:
        """The exchange with this origin is over: the next interval counts from now."""
        with self._lock:
            self._last[host_origin] = max(self._last.get(host_origin, 0.0), self._clock())


class ThrottleLayer:
    def __init__(self, throttle: HostThrottle):
        self.throttle = throttle

    def __call__(self, request: FetchRequest, call_next: Fetch) -> FetchResponse:
        host_origin = origin(request.url)
        self.throttle.wait(host_origin)
        try:
            return call_next(request)
        finally:
            self.throttle.done(host_origin)
