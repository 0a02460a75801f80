"""Where extraction runs, kept apart from what it does: in this process, in a local process
pool, or on a Dask cluster. Every engine yields records in input order, so the output does not
depend on the engine or the number of workers."""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import NamedTuple

from pipeline.document import Document
from pipeline.extract.nlp import ITEM_KINDS, SUPPORTED_LANGUAGES, build_nlp
from pipeline.extract.step import ExtractOptions, extract_document
from pipeline.jsonl import dumps, pretty_json

#: Documents per task: big enough to amortise scheduling, small enough to balance the load.
BATCH = 32


class EngineError(RuntimeError):
    pass


class Extracted(NamedTuple):
    """A record as a worker sends it back: already serialised (its JSONL line), with what the
    run's summary counts. The process that writes does no JSON work, and a string crosses
    between processes faster than the nested dicts of a record."""

    id: str
    language: str
    counts: tuple[int, ...]  # items per kind, in ITEM_KINDS order
    failed: bool
    line: str
    pretty: str | None  # the record's own file (--output-dir), when asked for


def extract_one(doc: Document, options: ExtractOptions, pretty: bool = False) -> Extracted:
    record = extract_document(doc, options)
    return Extracted(record["id"], record["language"]["code"],
                     tuple(len(record[kind]) for kind in ITEM_KINDS), bool(record["errors"]),
                     dumps(record), pretty_json(record) if pretty else None)


def _extract_batch(batch: list[Document], options: ExtractOptions,
                   pretty: bool) -> list[Extracted]:
    return [extract_one(doc, options, pretty) for doc in batch]


def _extract_job(args: tuple[Document, ExtractOptions, bool]) -> Extracted:
    return extract_one(*args)


def warm_up(options: ExtractOptions) -> None:
    """Build the pipelines (lexicons, morphology) before forking, so workers share them
    copy-on-write instead of each loading them again."""
    for lang in SUPPORTED_LANGUAGES:
        build_nlp(lang, options.person_model(lang))


def _batches(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(docs)
    while batch := list(islice(iterator, size)):
        yield batch


def local_records(
    docs: Iterable[Document], options: ExtractOptions, workers: int = 1, pretty: bool = False
) -> Iterator[Extracted]:
    jobs = ((doc, options, pretty) for doc in docs)
    if workers <= 1:
        yield from map(_extract_job, jobs)
        return
    warm_up(options)
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers) as pool:
        # imap keeps input order and reads its input lazily, so memory stays flat.
        yield from pool.imap(_extract_job, jobs, chunksize=8)


def dask_records(
    docs: Iterable[Document],
    options: ExtractOptions,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    pretty: bool = False,
) -> Iterator[Extracted]:
    """Batches of documents go to the cluster as tasks; at most a few batches per worker are in
    flight, and results come back in submission order. Without a scheduler address a
    LocalCluster of `workers` single-threaded processes is started and stopped here."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as err:  # pragma: no cover - distributed is a dependency
        raise EngineError("the dask engine needs the 'distributed' package") from err
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="30s")
        else:
            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True,
                dashboard_address=None, silence_logs=40,
            )
            client = Client(cluster)
    except (OSError, TimeoutError) as err:
        raise EngineError(f"cannot reach the Dask scheduler {scheduler}: {err}") from err
    try:
        window = max(2, 2 * len(client.scheduler_info().get("workers", {})) or 2 * workers)
        pending: deque = deque()
        for batch in _batches(docs, BATCH):
            pending.append(client.submit(_extract_batch, batch, options, pretty, pure=False))
            while len(pending) >= window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
