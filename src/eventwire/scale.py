"""Coding in parallel: the same per-batch function on local worker processes or on a Dask
cluster.

:func:`code_batch` turns a batch of raw articles into picklable :class:`Coded` results
(the article and its events, or the reason it was refused). An *engine* maps it over
batches: :class:`InProcess` (no parallelism), :class:`LocalPool` (``--workers N``:
processes on this machine, each with its own spaCy model and gazetteer) and
:class:`DaskEngine` (``--engine dask --scheduler tcp://HOST:PORT``). The caller writes
the results to the store, so a single process owns the database.
"""

from __future__ import annotations

import resource
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from eventwire.doc import RawArticle
from eventwire.records import Article, Event


@dataclass(frozen=True)
class Coded:
    """One article's outcome, small enough to send between processes."""

    raw: RawArticle
    article: Article | None = None
    events: tuple[Event, ...] = ()
    error: str | None = None


@dataclass(frozen=True)
class BatchResult:
    """A batch's outcomes and the peak memory of the process that coded it."""

    coded: tuple[Coded, ...]
    peak_rss_mb: float = 0.0
    worker: str = ""


_PIPELINE = None


def _pipeline():
    global _PIPELINE
    if _PIPELINE is None:
        from eventwire.pipeline import Pipeline

        _PIPELINE = Pipeline()
    return _PIPELINE


def code_batch(raws: list[RawArticle], *, pipeline=None) -> BatchResult:
    """Code a batch with this process's pipeline (built once per process)."""
    import os

    pipe = pipeline or _pipeline()
    out = []
    for outcome in pipe.pipe(raws, batch_size=max(1, len(raws))):
        if outcome.error is not None:
            out.append(Coded(raw=outcome.raw, error=outcome.error))
        else:
            doc = outcome.doc
            out.append(Coded(raw=outcome.raw, article=doc.article, events=tuple(doc.events)))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return BatchResult(coded=tuple(out), peak_rss_mb=round(peak, 1), worker=str(os.getpid()))


def batches(raws: Iterable[RawArticle], size: int) -> Iterator[list[RawArticle]]:
    """Consecutive batches of ``size`` articles, read lazily."""
    batch: list[RawArticle] = []
    for raw in raws:
        batch.append(raw)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class InProcess:
    """Code in this process (the default)."""

    pipeline: object = None
    name: str = "in-process"

    def map(self, work: Iterable[list[RawArticle]]) -> Iterator[BatchResult]:
        from eventwire.api import default_pipeline

        pipe = self.pipeline or default_pipeline()
        for batch in work:
            yield code_batch(batch, pipeline=pipe)

    def close(self) -> None:
        """Nothing to release."""


@dataclass
class LocalPool:
    """Worker processes on this machine; at most ``2 * workers`` batches in flight, so
    memory stays bounded however large the corpus."""

    workers: int
    name: str = "local"
    _pool: object = field(default=None, repr=False)

    def map(self, work: Iterable[list[RawArticle]]) -> Iterator[BatchResult]:
        import multiprocessing as mp

        context = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
        self._pool = context.Pool(self.workers)
        return _bounded(self._pool, work, 2 * self.workers)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()


def _bounded(pool, work: Iterable[list[RawArticle]], window: int) -> Iterator[BatchResult]:
    from collections import deque

    pending: deque = deque()
    for batch in work:
        pending.append(pool.apply_async(code_batch, (batch,)))
        if len(pending) >= window:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


@dataclass
class DaskEngine:
    """Batches coded by the workers of a Dask cluster (``dask scheduler`` / ``dask worker``)."""

    scheduler: str
    window: int = 8
    name: str = "dask"
    _client: object = field(default=None, repr=False)

    def map(self, work: Iterable[list[RawArticle]]) -> Iterator[BatchResult]:
        try:
            from distributed import Client
        except ImportError as exc:
            from eventwire.errors import EventwireError

            raise EventwireError(
                "--engine dask needs Dask: pip install 'eventwire[cluster]'"
            ) from exc
        self._client = Client(self.scheduler, timeout="30s")
        return self._results(work)

    def _results(self, work: Iterable[list[RawArticle]]) -> Iterator[BatchResult]:
        from distributed import as_completed

        pending = as_completed()
        for batch in work:
            pending.add(self._client.submit(code_batch, batch, pure=False))
            if pending.count() >= self.window:
                yield next(pending).result()
        for future in pending:
            yield future.result()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()


def engine_for(*, workers: int = 1, engine: str = "local", scheduler: str | None = None,
               pipeline=None):
    """The engine the run options ask for."""
    if engine == "dask":
        if not scheduler:
            from eventwire.errors import EventwireError

            raise EventwireError("--engine dask needs --scheduler tcp://HOST:PORT")
        return DaskEngine(scheduler)
    if workers > 1:
        return LocalPool(workers)
    return InProcess(pipeline=pipeline)
