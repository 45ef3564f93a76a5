"""The library's front door: code text or articles, and run a corpus into a store.

Each CLI command is a thin wrapper over one function here.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from eventwire.doc import RawArticle
from eventwire.errors import InputError, StoreError

if TYPE_CHECKING:
    from eventwire.pipeline import Outcome, Pipeline
    from eventwire.records import Event


@dataclass(frozen=True)
class Overrides:
    """Values given by the user that win over what the input says."""

    published: str | None = None
    url: str | None = None
    source_name: str | None = None

    def apply(self, raw: RawArticle) -> RawArticle:
        changes = {k: v for k, v in vars(self).items() if v is not None}
        if self.published:
            changes["published_from"] = "user"
        return replace(raw, **changes) if changes else raw


@dataclass
class RunReport:
    """What a run did: counts, and the inputs it refused with their reasons."""

    read: int = 0
    coded: int = 0
    skipped: int = 0
    events: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)
    coding_seconds: float = 0.0
    peak_rss_mb: float = 0.0
    # (articles coded so far, worker, that worker's peak RSS in MB) after each batch: a
    # worker whose peak keeps rising with the articles it has coded is leaking.
    rss_by_batch: list[tuple[int, str, float]] = field(default_factory=list)

    def note_batch(self, result) -> None:
        """Record the memory figures of one finished batch."""
        self.peak_rss_mb = max(self.peak_rss_mb, result.peak_rss_mb)
        done = self.coded + self.skipped + len(self.rejected)
        self.rss_by_batch.append((done, result.worker, result.peak_rss_mb))


def default_pipeline() -> Pipeline:
    """The standard pipeline (built once per process)."""
    global _PIPELINE
    if _PIPELINE is None:
        from eventwire.pipeline import Pipeline

        _PIPELINE = Pipeline()
    return _PIPELINE


_PIPELINE: Pipeline | None = None


def pipeline_version(pipeline: Pipeline) -> str:
    """The version string stored with each article: package version and step names."""
    from eventwire import __version__

    return f"eventwire {__version__}: " + ",".join(pipeline.names)


def default_version() -> str:
    """The version string of the default pipeline, without loading its model."""
    from eventwire import __version__
    from eventwire.pipeline import DEFAULT_STEPS

    return f"eventwire {__version__}: " + ",".join(DEFAULT_STEPS)


def code_text(text: str, *, published: str | None = None, url: str | None = None,
              title: str | None = None, pipeline: Pipeline | None = None) -> list[Event]:
    """The events of one article given as text."""
    pipe = pipeline or default_pipeline()
    doc = pipe(RawArticle(text=text, published=published, url=url, title=title, origin="<text>"))
    return doc.events


def code_articles(raws: Iterable[RawArticle], *, pipeline: Pipeline | None = None,
                  batch_size: int = 32) -> Iterator[Outcome]:
    """Code articles in batches; each outcome holds the document or the reason it failed."""
    return (pipeline or default_pipeline()).pipe(raws, batch_size=batch_size)


def read_inputs(paths: Iterable[str | Path], overrides: Overrides,
                on_error: Callable[[InputError], None]) -> Iterator[RawArticle]:
    """Articles from files, with the user's overrides; unreadable inputs go to ``on_error``."""
    from eventwire.ingest.readers import read_paths

    for item in read_paths(paths):
        if isinstance(item, InputError):
            on_error(item)
        else:
            yield overrides.apply(item)


def run(paths: Iterable[str | Path], db: str, *, overrides: Overrides | None = None,
        pipeline: Pipeline | None = None, batch_size: int = 32,
        progress: Callable[[RunReport], None] | None = None, workers: int = 1,
        engine: str = "local", scheduler: str | None = None,
        parquet: str | Path | None = None) -> RunReport:
    """Code articles into the store at ``db``; articles already stored are skipped.

    Articles are read lazily and coded in batches, in this process, in ``workers`` local
    processes, or on a Dask cluster (``engine="dask"``, ``scheduler="tcp://HOST:PORT"``);
    this process alone writes to the store. Each article is saved with its events in one
    transaction, so a run that is killed or stopped can be run again to finish the rest.
    With ``parquet`` (a folder every worker can write to) each batch is written there as
    a Parquet part file by the process that coded it, and the parts are merged into the
    store at the end; a batch whose part is there already is not coded again.
    Raises StoreError, and stops, at the first write the store refuses (read-only
    database, full disk): what was saved stays saved.
    """
    from eventwire.scale import engine_for
    from eventwire.store import open_store

    version = pipeline_version(pipeline) if pipeline is not None else default_version()
    coder = engine_for(workers=workers, engine=engine, scheduler=scheduler, pipeline=pipeline)
    report = RunReport()
    with open_store(db) as store:
        started = time.perf_counter()
        try:
            ctx = _Run(store, coder, version, report, overrides or Overrides(), batch_size,
                       progress, empty=store.counts()["articles"] == 0)
            if parquet is None:
                _code_into_store(paths, ctx)
            else:
                _code_into_parts(paths, Path(parquet), ctx)
        except StoreError as exc:
            # A store that refuses one write (read-only, disk full) refuses the next too: stop,
            # keeping what is committed; each article was saved whole, so a rerun resumes.
            n = report.coded
            kept = f"the {n} articles saved before are kept" if n else "no article was saved"
            raise StoreError(f"{exc} (run stopped; {kept})") from exc
        finally:
            coder.close()
            report.coding_seconds = round(time.perf_counter() - started, 3)
    return report


@dataclass
class _Run:
    """What one run's coding loop works with."""

    store: object
    coder: object
    version: str
    report: RunReport
    overrides: Overrides
    batch_size: int
    progress: Callable[[RunReport], None] | None
    # Whether the store held no article when the run began: then nothing read can be in
    # it, and the key (a full cleaning of the text, in this one process) is not computed.
    empty: bool = False

    def reject(self, err: InputError) -> None:
        self.report.rejected.append((err.where, err.reason))
        self.store.record_rejection(err.where, err.reason)

    def save(self, coded) -> None:
        _store_one(self.store, coded, self.version, self.report, self.reject)
        if self.progress is not None:
            self.progress(self.report)

    def counted(self, paths) -> Iterator[RawArticle]:
        for raw in read_inputs(paths, self.overrides, self.reject):
            self.report.read += 1
            yield raw

    def is_stored(self, raw: RawArticle) -> bool:
        from eventwire.ingest.clean import article_key

        if self.empty:
            return False
        key = article_key(raw)
        return key is not None and self.store.has(*key, pipeline=self.version)


def _code_into_store(paths, ctx: _Run) -> None:
    """Code the articles not stored yet, saving each batch's results as it comes back."""
    from eventwire.scale import batches

    def fresh() -> Iterator[RawArticle]:
        for raw in ctx.counted(paths):
            if ctx.is_stored(raw):
                ctx.report.skipped += 1
            else:
                yield raw

    for result in ctx.coder.map(batches(fresh(), ctx.batch_size)):
        for coded in result.coded:
            ctx.save(coded)
        ctx.report.note_batch(result)


def _code_into_parts(paths, folder: Path, ctx: _Run) -> None:
    """Code every batch without a part file into one, then merge all parts into the store.

    Batches are cut from all the inputs (not only the unstored ones) so that a rerun cuts
    the same batches and finds their parts; a batch wholly in the store is not coded."""
    from eventwire.scale import PartsFolder, batches, code_part

    parts = PartsFolder(folder)

    def stored(raws: list[RawArticle]) -> bool:
        if all(ctx.is_stored(raw) for raw in raws):
            ctx.report.skipped += len(raws)
            return True
        return False

    jobs = parts.jobs(batches(ctx.counted(paths), ctx.batch_size), done=stored)
    for result in ctx.coder.map(jobs, code_part):
        ctx.report.note_batch(result)
    parts.merge(ctx.save)


def _store_one(store, coded, version: str, report: RunReport, reject) -> None:
    if coded.error is not None:
        reject(InputError(coded.raw.origin or "<input>", coded.error))
    elif store.save(coded.article, coded.events, pipeline=version):
        report.coded += 1
        report.events += len(coded.events)
    else:
        report.skipped += 1
