"""The raw archive: every request and response of a crawl as WARC records (warcio), so pages
can be parsed again offline (`pipeline ingest --from-warc`) and read by web-archive tools.

Files are DIR/warc/crawl-<UTC time>-<pid>-<n>.warc.gz: names never come from URLs. Each run
starts a new file and never appends to an old one, so a crash can at worst leave one damaged
record at the end of the file it was writing; the reader skips it with a warning.
"""

from __future__ import annotations

import os
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from requests.structures import CaseInsensitiveDict
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from pipeline import __version__
from pipeline.crawl.fetcher import Fetch, FetchError, FetchRequest, FetchResponse

#: A WARC header naming what the crawler expected the page to be (article, listing, ...).
ROLE_HEADER = "Pipeline-Role"
#: Hop-by-hop framing that no longer describes the stored payload.
_DROPPED = {"transfer-encoding", "content-length"}


class WarcArchive:
    """Thread-safe writer of request/response pairs into rotating .warc.gz files."""

    def __init__(self, folder: Path, *, user_agent: str, max_bytes: int = 1024**3):
        self.folder = Path(folder)
        self.user_agent = user_agent
        self.max_bytes = max_bytes
        self.paths: list[Path] = []
        self.records = 0
        self._file: IO[bytes] | None = None
        self._writer: WARCWriter | None = None
        self._closed = False
        self._lock = threading.Lock()

    def _open(self) -> WARCWriter:
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        for n in range(1, 10_000):
            path = self.folder / f"crawl-{stamp}-{os.getpid()}-{n:03d}.warc.gz"
            try:
                self._file = open(path, "xb")  # noqa: SIM115 (kept open across records)
                break
            except FileExistsError:
                continue
        else:
            raise OSError(f"cannot create a new WARC file in {self.folder}")
        self.paths.append(path)
        writer = WARCWriter(self._file, gzip=True)
        info = writer.create_warcinfo_record(
            path.name,
            {
                "software": f"pipeline/{__version__} (warcio)",
                "format": "WARC File Format 1.1",
                "http-header-user-agent": self.user_agent,
                "robots": "obey",
            },
        )
        writer.write_record(info)
        self._writer = writer
        return writer

    def record(self, request: FetchRequest, response: FetchResponse) -> None:
        when = datetime_to_iso_date(
            datetime.fromtimestamp(response.started or 0, UTC).replace(tzinfo=None)
        )
        netloc = urlsplit(response.url).netloc
        request_headers = [("Host", netloc), *response.request_headers]
        req_http = StatusAndHeaders(
            response.request_line or f"GET {urlsplit(response.url).path or '/'} HTTP/1.1",
            request_headers,
            is_http_request=True,
        )
        headers = [(k, v) for k, v in response.header_list if k.lower() not in _DROPPED]
        headers.append(("Content-Length", str(len(response.wire_body))))
        resp_http = StatusAndHeaders(
            f"{response.status} {response.reason}".strip(), headers, protocol=response.http_version
        )
        warc_headers = {"WARC-Date": when}
        if request.role:
            warc_headers[ROLE_HEADER] = request.role
        if response.truncated:
            warc_headers["WARC-Truncated"] = response.truncated
        with self._lock:
            if self._closed:  # a worker finishing after Ctrl-C: the run is over
                return
            writer = self._writer or self._open()
            resp_record = writer.create_warc_record(
                response.url,
                "response",
                payload=BytesIO(response.wire_body),
                length=len(response.wire_body),
                warc_headers_dict=warc_headers,
                http_headers=resp_http,
            )
            req_record = writer.create_warc_record(
                response.url,
                "request",
                payload=BytesIO(b""),
                length=0,
                warc_headers_dict={
                    "WARC-Date": when,
                    "WARC-Concurrent-To": resp_record.rec_headers.get_header("WARC-Record-ID"),
                },
                http_headers=req_http,
            )
            writer.write_record(req_record)
            writer.write_record(resp_record)
            self.records += 2
            assert self._file is not None
            self._file.flush()
            if self._file.tell() >= self.max_bytes:
                self._close_file()

    def _close_file(self) -> None:
        if self._file is not None:
            self._file.close()
        self._file, self._writer = None, None

    def close(self) -> None:
        with self._lock:
            self._close_file()
            self._closed = True


class WarcLayer:
    """Records what the transport exchanged: every attempt, redirect hop and robots.txt, and
    the part of a body that arrived before a cap or a disconnect cut it (WARC-Truncated)."""

    def __init__(self, archive: WarcArchive):
        self.archive = archive

    def __call__(self, request: FetchRequest, call_next: Fetch) -> FetchResponse:
        try:
            response = call_next(request)
        except FetchError as err:
            if err.partial is not None:
                self.archive.record(request, err.partial)
            raise
        self.archive.record(request, response)
        return response


@dataclass
class ArchivedResponse:
    """One HTTP response read back from a WARC file."""

    url: str
    status: int
    headers: CaseInsensitiveDict
    wire_body: bytes
    role: str
    warc_date: str | None
    truncated: str | None
    where: str  # file:offset, for messages


@dataclass(frozen=True)
class ArchivedRef:
    url: str
    status: int
    role: str
    path: Path
    offset: int


class WarcReadError(ValueError):
    pass


def iter_response_refs(
    paths: Iterable[Path], *, warn: Callable[[str], None]
) -> Iterator[ArchivedRef]:
    """Where each response record is, in file order; a damaged tail is reported and skipped."""
    for path in paths:
        try:
            handle = open(path, "rb")  # noqa: SIM115 (closed in finally)
        except OSError as err:
            raise WarcReadError(f"cannot read {path}: {err.strerror or err}") from None
        pending: ArchivedRef | None = None
        try:
            # Digests are checked as each record is read to its end; a record is handed out
            # only once the next one is reached, so a damaged last record never is.
            records = ArchiveIterator(handle, check_digests="raise")
            for record in records:
                if pending is not None:
                    yield pending
                    pending = None
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                try:
                    status = int(record.http_headers.get_statuscode() or 0)
                except ValueError:
                    status = 0
                role = record.rec_headers.get_header(ROLE_HEADER) or ""
                _check_complete(record, url)
                offset = records.get_record_offset()  # reads to the record's end
                pending = ArchivedRef(url=url, status=status, role=role, path=path, offset=offset)
            if pending is not None:
                yield pending
        except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError) as err:
            warn(
                f"{path}: damaged record at the end ({type(err).__name__}: {err}; an "
                "interrupted crawl?); the records before it were read"
            )
        finally:
            handle.close()


def _check_complete(record, url: str) -> None:
    """Read the payload to its end (so its digest is checked) and raise EOFError when the
    file ends before it does, as a crash mid-write leaves it."""
    expected = record.length - (record.http_headers.total_len if record.http_headers else 0)
    got = 0
    while chunk := record.raw_stream.read(1024 * 1024):
        got += len(chunk)
    if got < expected:
        raise EOFError(f"the record of {url} ends after {got} of {expected} bytes")


def read_response(ref: ArchivedRef, max_bytes: int) -> ArchivedResponse:
    """The response record at `ref`, its payload as stored (still content-encoded)."""
    with open(ref.path, "rb") as handle:
        handle.seek(ref.offset)
        record = next(iter(ArchiveIterator(handle)))
        headers = CaseInsensitiveDict(record.http_headers.headers)
        body = record.raw_stream.read(max_bytes + 1)
        return ArchivedResponse(
            url=ref.url,
            status=ref.status,
            headers=headers,
            wire_body=body,
            role=ref.role,
            warc_date=record.rec_headers.get_header("WARC-Date"),
            truncated=record.rec_headers.get_header("WARC-Truncated"),
            where=f"{ref.path}:{ref.offset}",
        )
