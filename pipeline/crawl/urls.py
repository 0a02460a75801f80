"""URLs: one normal form, origins for per-host politeness, and which hosts a crawl may visit."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit, urlunsplit

from requests.utils import requote_uri

SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}


class UrlError(ValueError):
    """A URL the crawler will not fetch; `code` names why, for error entries."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def normalize_url(url: str, base: str | None = None) -> str:
    """Absolute http(s) URL without fragment, lower-case scheme and host, no default port.

    Raises UrlError for other schemes (javascript:, mailto:, file:, ftp:, data:) and for URLs
    without a host, so nothing but web pages is ever requested.
    """
    raw = (url or "").strip()
    try:
        if base:
            raw = urljoin(base, raw)
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as err:
        raise UrlError("bad-url", f"{raw!r} is not a valid URL ({err})") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        shown = f"{scheme}:" if scheme else "a relative URL"
        raise UrlError("scheme", f"{raw[:200]!r}: only http and https are fetched, not {shown}")
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        raise UrlError("bad-url", f"{raw[:200]!r} has no host name")
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port is None or port == DEFAULT_PORTS[scheme] else f"{host}:{port}"
    path = parts.path or "/"
    return requote_uri(urlunsplit((scheme, netloc, path, parts.query, "")))


def origin(url: str) -> str:
    """scheme://host[:port]: the unit of robots.txt and of the per-host rate limit."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def port_of(url: str) -> int:
    parts = urlsplit(url)
    return parts.port or DEFAULT_PORTS.get(parts.scheme, 0)


def _host_and_port(entry: str) -> tuple[str, str]:
    """An --allow-host entry: `host`, `host:port`, `[v6]`, `[v6]:port` or a bare v6 address."""
    entry = entry.strip().lower()
    if entry.startswith("["):
        host, _, rest = entry[1:].partition("]")
        return host, rest.removeprefix(":")
    host, colon, port = entry.rpartition(":")
    if not colon or ":" in host or not port.isdigit():
        return entry, ""
    return host, port


class HostPolicy:
    """Hosts named by the start URLs are allowed whatever their address (a crawl of a test
    server on 127.0.0.1 works); any other host only when named with --allow-host.

    A start URL allows its host on its own port and on the default http/https ports (so an
    http -> https redirect on the same host is followed). --allow-host takes `host`,
    `host:port` or a pattern such as `*.vietnam.vn`.
    """

    def __init__(self, start_urls: Iterable[str], allow_hosts: Iterable[str] = ()):
        self._exact: dict[str, set[int]] = {}
        self._patterns: list[str] = []
        for url in start_urls:
            self._exact.setdefault(host_of(url), set()).add(port_of(url))
        #: hosts the user named as start URLs: trusted whatever their address
        self.start_hosts = tuple(sorted(self._exact))
        for entry in allow_hosts:
            host, port = _host_and_port(entry)
            if "*" in host or "?" in host:
                self._patterns.append(host)
            else:
                ports = self._exact.setdefault(host, set())
                if port:
                    ports.add(int(port))

    def allows(self, url: str) -> bool:
        host, port = host_of(url), port_of(url)
        if host in self._exact:
            return port in DEFAULT_PORTS.values() or port in self._exact[host]
        matched = any(fnmatch.fnmatchcase(host, pattern) for pattern in self._patterns)
        return matched and port in DEFAULT_PORTS.values()

    def check(self, url: str) -> None:
        """Raise UrlError unless `url` is an http(s) URL on an allowed host."""
        scheme = urlsplit(url).scheme.lower()
        if scheme not in SCHEMES:
            raise UrlError("scheme", f"{url[:200]!r}: only http and https are fetched")
        if not self.allows(url):
            host = urlsplit(url).netloc
            raise UrlError(
                "not-allowed",
                f"{url}: host {host} was not named by a start URL; pass --allow-host {host} "
                "to fetch it",
            )

    @property
    def hosts(self) -> tuple[str, ...]:
        return tuple(sorted(self._exact)) + tuple(self._patterns)
