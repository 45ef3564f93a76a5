"""Versioned names for pipeline steps, readers and exporters.

Built-ins register themselves through the same ``register`` call a plugin uses; plugins
are found through the ``eventwire.steps`` / ``eventwire.exporters`` entry-point groups.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from importlib.metadata import entry_points
from typing import Any

_TABLES: dict[str, dict[str, Any]] = {"steps": {}, "exporters": {}, "evals": {}}
_BUILTINS = {
    "steps": (
        "eventwire.ingest.clean",
        "eventwire.nlp.parse",
        "eventwire.places.recognize",
        "eventwire.places.resolve",
        "eventwire.events",
        "eventwire.actors",
        "eventwire.event_dates",
        "eventwire.background",
        "eventwire.fatalities",
        "eventwire.sources",
        "eventwire.places.link",
        "eventwire.assemble",
    ),
    "exporters": ("eventwire.export",),
    "evals": ("eventwire.evaluate.geo", "eventwire.evaluate.eventloc", "eventwire.evaluate.events"),
}
_loaded: set[str] = set()


def register(kind: str, name: str) -> Callable[[Any], Any]:
    """Decorator: file ``obj`` under ``name`` (e.g. ``places.resolve.v1``) in table ``kind``."""

    def add(obj: Any) -> Any:
        _TABLES[kind][name] = obj
        return obj

    return add


def _load(kind: str) -> None:
    if kind in _loaded:
        return
    _loaded.add(kind)
    for module in _BUILTINS[kind]:
        import_module(module)
    for ep in entry_points(group=f"eventwire.{kind}"):
        _TABLES[kind][ep.name] = ep.load()


def get(kind: str, name: str) -> Any:
    """The object registered as ``name`` in ``kind``; KeyError names what is known."""
    _load(kind)
    try:
        return _TABLES[kind][name]
    except KeyError:
        known = ", ".join(sorted(_TABLES[kind]))
        raise KeyError(f"no {kind[:-1]} named {name!r}; known: {known}") from None


def names(kind: str) -> list[str]:
    """All registered names of ``kind``."""
    _load(kind)
    return sorted(_TABLES[kind])
