"""What a crawl may do: one frozen settings object that every layer reads its knobs from."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from datetime import date

from pipeline import __version__

MiB = 1024 * 1024
#: Where site operators can reach whoever runs the crawl (e-mail or URL); --contact overrides.
CONTACT_ENV = "PIPELINE_CRAWL_CONTACT"
ROBOTS_TOKEN = "pipeline-crawler"


def default_user_agent(contact: str | None) -> str:
    """An honest User-Agent: who we are, what for, and how to reach the operator."""
    reach = f"+{contact}" if contact else "no contact given: run with --contact"
    return f"{ROBOTS_TOKEN}/{__version__} (news research crawler; {reach})"


@dataclass(frozen=True)
class CrawlSettings:
    follow: bool = False  # --crawl: pagination and links found on article pages
    max_pages: int | None = 1000  # pages visited per run (listing, feed and article pages)
    since: date | None = None
    allow_hosts: tuple[str, ...] = ()
    allow_private_addresses: bool = False  # hosts not named by a start URL, on private networks
    rate: float = 1.0  # requests per second per host
    user_agent: str = default_user_agent(None)
    robots_token: str = ROBOTS_TOKEN
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_time: float = 120.0  # one whole response, against servers that drip bytes
    max_bytes: int = 20 * MiB  # body after decompression
    max_compressed_bytes: int = 20 * MiB  # body as it comes over the wire
    max_redirects: int = 5
    retries: int = 3
    backoff: float = 1.0  # first retry delay in seconds; doubles on each retry
    max_backoff: float = 60.0
    max_retry_after: float = 300.0  # a longer Retry-After gives up on the page for this run
    max_hosts: int = 8  # hosts fetched in parallel
    lookahead: int = 64  # pages fetched ahead of the (ordered) processing
    warc_max_bytes: int = 1024 * MiB  # a new WARC file after this many bytes
    checkpoint_seconds: float = 60.0  # documents.jsonl is refreshed at least this often
    progress: bool | None = None  # None: a bar when stderr is a terminal

    def __post_init__(self) -> None:
        if self.rate <= 0:
            raise ValueError("--rate must be a positive number of requests per second")
        if self.max_pages is not None and self.max_pages < 1:
            raise ValueError("--max-pages must be at least 1")
        for name in ("connect_timeout", "read_timeout", "max_time"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name.replace('_', '-')} must be positive")
        if self.retries < 0 or self.max_redirects < 0 or self.max_hosts < 1:
            raise ValueError("--retries and --max-redirects must be >= 0, --max-hosts >= 1")

    @property
    def min_interval(self) -> float:
        return 1.0 / self.rate

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> CrawlSettings:
        """Settings from the `ingest` command line; options absent from `args` keep defaults."""
        get = vars(args).get
        base = cls()
        contact = get("contact") or os.environ.get(CONTACT_ENV) or None
        user_agent = get("user_agent") or default_user_agent(contact)
        timeout = get("timeout")
        max_bytes = get("max_bytes") or base.max_bytes
        progress = False if get("no_progress") else None
        return cls(
            follow=bool(get("crawl")),
            max_pages=get("max_pages") if get("max_pages") is not None else base.max_pages,
            since=get("since"),
            allow_hosts=tuple(h.strip().lower() for h in (get("allow_host") or ()) if h.strip()),
            allow_private_addresses=bool(get("allow_private_addresses")),
            rate=get("rate") if get("rate") is not None else base.rate,
            user_agent=user_agent,
            robots_token=user_agent.split("/")[0].split()[0] or ROBOTS_TOKEN,
            connect_timeout=min(timeout, base.connect_timeout) if timeout else base.connect_timeout,
            read_timeout=timeout or base.read_timeout,
            max_time=get("max_time") or base.max_time,
            max_bytes=max_bytes,
            max_compressed_bytes=get("max_compressed_bytes") or max_bytes,
            max_redirects=(
                get("max_redirects") if get("max_redirects") is not None else base.max_redirects
            ),
            retries=get("retries") if get("retries") is not None else base.retries,
            backoff=get("backoff") if get("backoff") is not None else base.backoff,
            max_hosts=get("max_hosts") or base.max_hosts,
            progress=progress,
        )
