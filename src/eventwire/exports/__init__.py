"""Exporters: one table of formats that write events, and read them back where they can.

Each format is an ``Exporter`` registered under ``@register("exporters", NAME)``, the call a
plugin uses too; a plain function ``render(events, out) -> int`` registered by a plugin
works as a text format. Built-in formats, one module each:

- ``jsonl``: the full ``Event.to_dict()`` per line (lossless)
- ``acled-csv``: the ACLED codebook's columns, events with an ACLED type only
- ``plover-json``: POLECAT/PLOVER-style records, one JSON object per line
- ``cameo-tsv``: a GDELT 2.0-like tab-separated event table
- ``geojson``: a FeatureCollection of points (events without coordinates left out)
- ``parquet``: a flat typed table plus each event's JSON ``record`` (lossless, binary)

::

    export(events, "acled-csv", sys.stdout)            # text formats, to any text stream
    export_to_path(events, "parquet", "events.parquet")  # any format, to a file
    read_events("parquet", "events.parquet")           # Event records back
    read_projection("acled-csv", "events.csv")         # EventProjection records back
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from eventwire import registry
from eventwire.errors import InputError
# Importing the format modules registers them.
from eventwire.exports import acled, cameo, geojson, jsonl, parquet, plover  # noqa: F401
from eventwire.exports.base import EventProjection, Exporter, json_line
from eventwire.records import Event

__all__ = [
    "EventProjection",
    "Exporter",
    "export",
    "export_to_path",
    "formats",
    "is_binary",
    "json_line",
    "read_events",
    "read_projection",
]


def formats() -> list[str]:
    """The names of all registered export formats, built-in and plugin."""
    return registry.names("exporters")


def is_binary(fmt: str) -> bool:
    """Whether format ``fmt`` writes bytes (so needs a file, not a terminal)."""
    return bool(getattr(registry.get("exporters", fmt), "binary", False))


def export(events: Iterable[Event], fmt: str, out: TextIO | Any) -> int:
    """Write ``events`` to ``out`` in format ``fmt`` (see ``formats()``); the count written.

    Text formats take a text stream, binary ones (``parquet``) a binary stream. Raises
    KeyError, listing the known formats, when ``fmt`` is not one of them, and ValueError
    when a binary format is given a text stream.
    """
    render = registry.get("exporters", fmt)
    if getattr(render, "binary", False) and isinstance(out, io.TextIOBase):
        raise ValueError(f"{fmt} is a binary format: write it to a file or a binary stream")
    return int(render(events, out))


def export_to_path(events: Iterable[Event], fmt: str, path: str | os.PathLike[str]) -> int:
    """Write ``events`` in format ``fmt`` to the file ``path``; the count written.

    Text formats are written UTF-8 with ``newline=""`` (the format chooses its own line
    ends). The file appears whole or not at all: it is written beside ``path`` first and
    moved into place when done.
    """
    render = registry.get("exporters", fmt)
    target = Path(path)
    if target.exists() and not target.is_file():  # /dev/stdout, a pipe: nothing to move
        return _write(render, events, target)
    partial = target.with_name(f".{target.name}.part")
    try:
        count = _write(render, events, partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return count


def _write(render: Any, events: Iterable[Event], path: Path) -> int:
    if getattr(render, "binary", False):
        with open(path, "wb") as out:
            return int(render(events, out))
    with open(path, "w", encoding="utf-8", newline="") as out:
        return int(render(events, out))


def read_events(fmt: str, path: str | os.PathLike[str]) -> list[Event] | list[EventProjection]:
    """Read an export back: ``Event`` records for the lossless formats (``jsonl``,
    ``parquet``), ``EventProjection`` records for the others.

    Raises InputError naming the file when it is not an export of that format.
    """
    found = registry.get("exporters", fmt)
    reader = getattr(found, "read", None)
    if reader is None:
        raise KeyError(f"the {fmt} format has no reader")
    try:
        if found.binary:
            with open(path, "rb") as stream:
                return reader(stream)
        with open(path, encoding="utf-8", newline="") as stream:
            return reader(stream)
    except InputError as exc:
        raise InputError(f"{path} ({exc.where})", exc.reason) from None
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not UTF-8 text: {exc.reason}") from None


def read_projection(fmt: str, path: str | os.PathLike[str]) -> list[EventProjection]:
    """Read an export back as ``EventProjection`` records, whatever the format."""
    return [
        EventProjection.of(item) if isinstance(item, Event) else item
        for item in read_events(fmt, path)
    ]
