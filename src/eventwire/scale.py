"""Coding in parallel: the same per-batch function on local worker processes or on a Dask
cluster.

:func:`code_batch` turns a batch of raw articles into picklable :class:`Coded` results
(the article and its events, or the reason it was refused). An *engine* maps it over
batches: :class:`InProcess` (no parallelism), :class:`LocalPool` (``--workers N``:
processes on this machine, each with its own spaCy model and gazetteer) and
:class:`DaskEngine` (``--engine dask --scheduler tcp://HOST:PORT``). The caller writes
the results to the store, so a single process owns the database.

With a :class:`PartsFolder` (``--parquet DIR``) each batch is instead written by the
process that coded it as its own Parquet part file in ``DIR`` (a folder all workers can
reach), and the parts are merged into the store at the end (:meth:`PartsFolder.merge`)
or into one Parquet file (:func:`merge_parts`). A part is written whole or not at all,
and a batch whose part is already there is not coded again, so a killed run resumes.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from eventwire.doc import RawArticle
from eventwire.records import Article, Event, article_to_dict


@dataclass(frozen=True)
class Coded:
    """One article's outcome, small enough to send between processes (``raw`` keeps the
    input's metadata and origin, not its text)."""

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
    part: str | None = None  # the Parquet part written instead of returning ``coded``
    articles: int = 0
    events: int = 0


_PIPELINE = None


def _pipeline():
    global _PIPELINE
    if _PIPELINE is None:
        from eventwire.pipeline import Pipeline

        _PIPELINE = Pipeline()
    return _PIPELINE


def code_batch(raws: list[RawArticle], *, pipeline=None) -> BatchResult:
    """Code a batch with this process's pipeline (built once per process)."""
    return BatchResult(coded=_coded(raws, pipeline), peak_rss_mb=_peak_mb(), worker=str(os.getpid()))


def code_part(job: tuple[list[RawArticle], str], *, pipeline=None) -> BatchResult:
    """Code a batch and write it as the Parquet part file ``job[1]``; the result carries
    only how many articles and events the part holds, not the events themselves."""
    raws, path = job
    coded = _coded(raws, pipeline)
    write_part(coded, Path(path))
    return BatchResult(coded=(), peak_rss_mb=_peak_mb(), worker=str(os.getpid()),
                       part=path, articles=len(coded), events=sum(len(c.events) for c in coded))


def _coded(raws: list[RawArticle], pipeline) -> tuple[Coded, ...]:
    pipe = pipeline or _pipeline()
    out = []
    for outcome in pipe.pipe(raws, batch_size=max(1, len(raws))):
        # The raw text stays behind: the article holds the cleaned text, and the results
        # of every worker pass through the one process that writes the store.
        raw = replace(outcome.raw, text="")
        if outcome.error is not None:
            out.append(Coded(raw=raw, error=outcome.error))
        else:
            doc = outcome.doc
            out.append(Coded(raw=raw, article=doc.article, events=tuple(doc.events)))
    return tuple(out)


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


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

    def map(self, work: Iterable, func: Callable[..., BatchResult] = code_batch) -> Iterator[BatchResult]:
        from eventwire.api import default_pipeline

        pipe = self.pipeline or default_pipeline()
        for item in work:
            yield func(item, pipeline=pipe)

    def close(self) -> None:
        """Nothing to release."""


@dataclass
class LocalPool:
    """Worker processes on this machine; at most ``2 * workers`` batches in flight, so
    memory stays bounded however large the corpus."""

    workers: int
    name: str = "local"
    _pool: object = field(default=None, repr=False)

    def map(self, work: Iterable, func: Callable[..., BatchResult] = code_batch) -> Iterator[BatchResult]:
        import multiprocessing as mp

        context = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
        self._pool = context.Pool(self.workers)
        return _bounded(self._pool, work, 2 * self.workers, func)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()


def _bounded(pool, work: Iterable, window: int, func) -> Iterator[BatchResult]:
    from collections import deque

    pending: deque = deque()
    for item in work:
        pending.append(pool.apply_async(func, (item,)))
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

    def map(self, work: Iterable, func: Callable[..., BatchResult] = code_batch) -> Iterator[BatchResult]:
        try:
            from distributed import Client
        except ImportError as exc:
            from eventwire.errors import EventwireError

            raise EventwireError(
                "--engine dask needs Dask: pip install 'eventwire[cluster]'"
            ) from exc
        self._client = Client(self.scheduler, timeout="30s")
        return self._results(work, func)

    def _results(self, work: Iterable, func) -> Iterator[BatchResult]:
        from distributed import as_completed

        pending = as_completed()
        for item in work:
            pending.add(self._client.submit(func, item, pure=False))
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


# -- partitioned Parquet ---------------------------------------------------------------

# One row per article: its keys and outcome, with the article and its events as JSON, so
# that merging rebuilds exactly the records a direct run would have stored.
PART_COLUMNS = ("article_id", "content_hash", "origin", "error", "n_events", "article", "events")


def _part_schema():
    import pyarrow as pa

    return pa.schema([
        ("article_id", pa.string()), ("content_hash", pa.string()), ("origin", pa.string()),
        ("error", pa.string()), ("n_events", pa.int32()), ("article", pa.string()),
        ("events", pa.string()),
    ])  # fmt: skip


def write_part(coded: Iterable[Coded], path: Path) -> None:
    """Write one batch's outcomes as a Parquet file, atomically (a temporary name, then
    renamed), so a part that exists is always whole."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows: dict[str, list] = {name: [] for name in PART_COLUMNS}
    for c in coded:
        rows["article_id"].append(c.article.article_id if c.article else c.raw.article_id)
        rows["content_hash"].append(c.article.content_hash if c.article else None)
        rows["origin"].append(c.raw.origin)
        rows["error"].append(c.error)
        rows["n_events"].append(len(c.events))
        rows["article"].append(json.dumps(article_to_dict(c.article)) if c.article else None)
        rows["events"].append(json.dumps([e.to_dict() for e in c.events]))
    table = pa.table(rows, schema=_part_schema())
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def read_part(path: Path) -> Iterator[Coded]:
    """The outcomes stored in one part file, rebuilt as :class:`Coded` records."""
    import pyarrow.parquet as pq

    table = pq.read_table(path, columns=list(PART_COLUMNS))
    for row in table.to_pylist():
        raw = RawArticle(text="", origin=row["origin"], article_id=row["article_id"])
        if row["error"] is not None:
            yield Coded(raw=raw, error=row["error"])
            continue
        article = Article(**json.loads(row["article"]))
        events = tuple(Event.from_dict(e) for e in json.loads(row["events"]))
        yield Coded(raw=raw, article=article, events=events)


def batch_digest(raws: list[RawArticle]) -> str:
    """A short digest of a batch's articles (origin, id and text), naming its part file."""
    h = hashlib.sha1()
    for raw in raws:
        for value in (raw.origin, raw.article_id, raw.text):
            h.update((value or "").encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()[:16]


@dataclass
class PartsFolder:
    """A folder of Parquet part files, one per batch: ``part-INDEX-DIGEST.parquet``."""

    folder: Path

    def __post_init__(self) -> None:
        self.folder = Path(self.folder)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            from eventwire.errors import StoreError

            raise StoreError(f"{self.folder}: cannot make the Parquet folder: {exc.strerror or exc}") from exc

    def path_for(self, index: int, raws: list[RawArticle]) -> Path:
        """Where batch number ``index`` with these articles is written."""
        return self.folder / f"part-{index:06d}-{batch_digest(raws)}.parquet"

    def jobs(self, work: Iterable[list[RawArticle]], *,
             done: Callable[[list[RawArticle]], bool] = lambda raws: False,
             ) -> Iterator[tuple[list[RawArticle], str]]:
        """``(batch, part path)`` for each batch whose part is not written yet and that is
        not ``done`` otherwise (already in the store)."""
        for index, raws in enumerate(work):
            path = self.path_for(index, raws)
            if not path.exists() and not done(raws):
                yield raws, str(path)

    def parts(self) -> list[Path]:
        """The finished part files, in batch order."""
        return sorted(self.folder.glob("part-*.parquet"))

    def merge(self, save: Callable[[Coded], None]) -> int:
        """Pass every outcome of every part to ``save`` (one part in memory at a time);
        the number of parts read."""
        parts = self.parts()
        for path in parts:
            for coded in read_part(path):
                save(coded)
        return len(parts)


def merge_parts(folder: str | Path, out: str | Path) -> int:
    """Merge the part files in ``folder`` into the one Parquet file ``out``, an article
    coded twice (by an earlier run with other batches) kept once; the rows written."""
    import pyarrow.parquet as pq

    seen: set[tuple[str, str | None]] = set()
    written = 0
    with pq.ParquetWriter(str(out), _part_schema()) as writer:
        for path in PartsFolder(Path(folder)).parts():
            table = pq.read_table(path, columns=list(PART_COLUMNS))
            keys = zip(table.column("article_id").to_pylist(), table.column("content_hash").to_pylist())
            keep = []
            for i, key in enumerate(keys):
                if key not in seen or key[0] is None:
                    seen.add(key)
                    keep.append(i)
            if keep:
                writer.write_table(table.take(keep))
                written += len(keep)
    return written
