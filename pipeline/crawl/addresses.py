"""Private addresses: a host that no start URL names may not lead the crawler into the network
it runs in (loopback, private ranges, link-local such as the cloud metadata service
169.254.169.254), unless --allow-private-addresses says so.

Hosts named by the start URLs are trusted whatever their address: the user chose them (a crawl
of a test server on 127.0.0.1 works). Any other host, reached by a link or a redirect and let in
by --allow-host, is resolved first; if any of its addresses is not a public one, the request is
refused before a connection is made.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable, Iterable

from pipeline.crawl.urls import UrlError, host_of, port_of

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Iterable[str]]


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (numeric forms such as 2130706433 included)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def is_public(address: str) -> bool:
    """Whether `address` is on the public internet (not loopback, private, link-local,
    shared, reserved, multicast or unspecified)."""
    try:
        ip: IpAddress = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    return ip.is_global and not ip.is_multicast


class AddressGuard:
    """Refuses URLs whose host resolves to a non-public address, except the trusted hosts.

    A host's verdict is kept for the run, so each host is resolved once. A host that does not
    resolve is let through: the connection then fails with its own clear error.
    """

    def __init__(self, trusted_hosts: Iterable[str], resolver: Resolver = resolve):
        self.trusted = {host.lower().strip("[]") for host in trusted_hosts}
        self.resolver = resolver
        self._verdicts: dict[str, str | None] = {}
        self._lock = threading.Lock()

    def check(self, url: str) -> None:
        """Raise UrlError (code private-address) when `url` would reach a non-public address."""
        host = host_of(url).strip("[]")
        if not host or host in self.trusted:
            return
        with self._lock:
            known = host in self._verdicts
            private = self._verdicts.get(host)
        if not known:
            private = self._first_private(host, port_of(url))
            with self._lock:
                self._verdicts[host] = private
        if private is not None:
            shown = host if private == host else f"{host} ({private})"
            raise UrlError(
                "private-address",
                f"{url[:200]}: {shown} is a loopback, private or link-local address and no "
                "start URL names this host; pass --allow-private-addresses to fetch it",
            )

    def _first_private(self, host: str, port: int) -> str | None:
        try:
            addresses = list(self.resolver(host, port))
        except (OSError, UnicodeError):
            return None
        return next((a for a in addresses if not is_public(a)), None)
