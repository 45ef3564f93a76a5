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
        engine: str = "local", scheduler: str | None = None) -> RunReport:
    """Code articles into the store at ``db``; articles already stored are skipped.

    Articles are read lazily and coded in batches, in this process, in ``workers`` local
    processes, or on a Dask cluster (``engine="dask"``, ``scheduler="tcp://HOST:PORT"``);
    this process alone writes to the store. Each article is saved with its events in one
    transaction, so a run that is killed or stopped can be run again to finish the rest.
    Raises StoreError, and stops, at the first write the store refuses (read-only
    database, full disk): what was saved stays saved.
    """
    from eventwire.ingest.clean import article_key
    from eventwire.scale import batches, engine_for
    from eventwire.store import open_store

    version = pipeline_version(pipeline) if pipeline is not None else default_version()
    coder = engine_for(workers=workers, engine=engine, scheduler=scheduler, pipeline=pipeline)
    report = RunReport()
    with open_store(db) as store:

        def reject(err: InputError) -> None:
            report.rejected.append((err.where, err.reason))
            store.record_rejection(err.where, err.reason)

        def fresh() -> Iterator[RawArticle]:
            for raw in read_inputs(paths, overrides or Overrides(), reject):
                report.read += 1
                key = article_key(raw)
                if key is not None and store.has(*key, pipeline=version):
                    report.skipped += 1
                    continue
                yield raw

        started = time.perf_counter()
        try:
            for result in coder.map(batches(fresh(), batch_size)):
                report.peak_rss_mb = max(report.peak_rss_mb, result.peak_rss_mb)
                for coded in result.coded:
                    _store_one(store, coded, version, report, reject)
                    if progress is not None:
                        progress(report)
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


def _store_one(store, coded, version: str, report: RunReport, reject) -> None:
    if coded.error is not None:
        reject(InputError(coded.raw.origin or "<input>", coded.error))
    elif store.save(coded.article, coded.events, pipeline=version):
        report.coded += 1
        report.events += len(coded.events)
    else:
        report.skipped += 1
