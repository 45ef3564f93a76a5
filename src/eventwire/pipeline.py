"""Ordered, named steps over one :class:`~eventwire.doc.Document`.

A step is any object with ``name`` (versioned, e.g. ``places.resolve.v1``), ``requires``
and ``assigns`` (names of Document attributes) and ``__call__(doc) -> doc``. A step may
also define ``pipe(docs)`` to work on a batch (the parser does, to use ``nlp.pipe``).
The pipeline checks when it is built that every requirement is assigned by an earlier
step, so a mis-ordered pipeline fails at once, not half-way through an article.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol

from eventwire import registry
from eventwire.doc import Document, RawArticle
from eventwire.errors import InputError, PipelineError
from eventwire.settings import setting

DEFAULT_STEPS = (
    "clean.boilerplate.v1",
    "nlp.parse.v1",
    "places.recognize.v1",
    "places.resolve.v1",
    "events.detect.v1",
    "actors.code.v1",
    "police.detect.v1",
    "dates.resolve.v1",
    "events.background.v1",
    "fatalities.extract.v1",
    "sources.attribute.v1",
    "places.link.v1",
    "events.classify.v1",
    "events.assemble.v1",
)


class Step(Protocol):
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, doc: Document) -> Document: ...


@dataclass
class Resources:
    """Heavy shared objects (the spaCy model, the gazetteer), loaded on first use."""

    model: str = field(default_factory=lambda: setting("model"))
    gazetteer_path: str = field(default_factory=lambda: setting("gazetteer"))

    @cached_property
    def nlp(self) -> Any:
        from eventwire.nlp.model import load_model

        return load_model(self.model)

    @cached_property
    def gazetteer(self) -> Any:
        from eventwire.places.gazetteer import Gazetteer

        return Gazetteer.open_or_build(self.gazetteer_path)


@dataclass
class Outcome:
    """What became of one article: its document, or the reason it was rejected."""

    raw: RawArticle
    doc: Document | None = None
    error: str | None = None


class Pipeline:
    """Runs the named steps in order over documents."""

    def __init__(self, steps: Iterable[str] = DEFAULT_STEPS, resources: Resources | None = None):
        self.resources = resources or Resources()
        self.steps: list[Step] = [registry.get("steps", name)(self.resources) for name in steps]
        self._check()

    def _check(self) -> None:
        available = {"raw"}
        for step in self.steps:
            missing = [r for r in step.requires if r not in available]
            if missing:
                raise PipelineError(
                    f"step {step.name} requires {', '.join(missing)}, which no earlier step assigns"
                )
            available.update(step.assigns)

    @property
    def names(self) -> list[str]:
        """The versioned names of the steps, in order (these go into each event's provenance)."""
        return [s.name for s in self.steps]

    def __call__(self, raw: RawArticle) -> Document:
        """Code one article; errors propagate (use :meth:`pipe` to isolate failures)."""
        doc = Document(raw=raw)
        for step in self.steps:
            doc = step(doc)
            doc.provenance.append(step.name)
        return doc

    def pipe(self, raws: Iterable[RawArticle], batch_size: int = 32) -> Iterator[Outcome]:
        """Code articles in batches; one failing article never stops the others."""
        batch: list[RawArticle] = []
        for raw in raws:
            batch.append(raw)
            if len(batch) >= batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, raws: list[RawArticle]) -> list[Outcome]:
        outcomes = [Outcome(raw=r, doc=Document(raw=r)) for r in raws]
        for step in self.steps:
            live = [o for o in outcomes if o.error is None]
            if not live:
                break
            batch_pipe = getattr(step, "pipe", None)
            if batch_pipe is not None:
                try:
                    docs = batch_pipe([o.doc for o in live])
                except Exception:  # noqa: BLE001 - fall back to one by one to find the culprit
                    docs = None
                if docs is not None:
                    for o, d in zip(live, docs, strict=True):
                        o.doc = d
                        d.provenance.append(step.name)
                    continue
            for o in live:
                try:
                    o.doc = step(o.doc)
                    o.doc.provenance.append(step.name)
                except InputError as exc:  # the input's own fault: its reason, as written
                    o.error = exc.reason
                except Exception as exc:  # noqa: BLE001 - one bad article never stops a run
                    o.error = f"{step.name}: {type(exc).__name__}: {exc}"
        for o in outcomes:
            if o.error is not None:
                o.doc = None
        return outcomes
