"""JSON Lines: each event's full ``Event.to_dict()``, one JSON object a line; lossless.

Records end with "\\n" only, and line and paragraph separators inside strings (U+2028,
U+2029, U+0085) are escaped, so a reader that splits on any of them still sees one record
a line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from eventwire.errors import InputError
from eventwire.exports.base import exporter, json_line
from eventwire.records import Event


def read_jsonl(stream: TextIO) -> list[Event]:
    """The events of a JSON Lines export, as they were written."""
    events = []
    for number, line in enumerate(stream.read().split("\n"), start=1):
        if not line.strip():
            continue
        try:
            events.append(Event.from_dict(json.loads(line)))
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"jsonl line {number}", f"not an event record: {exc}") from None
    return events


@exporter("jsonl", suffix=".jsonl", read=read_jsonl, lossless=True)
def render_jsonl(events: Iterable[Event], out: TextIO) -> int:
    """One JSON object per line: each event's full ``to_dict()``."""
    count = 0
    for event in events:
        out.write(json_line(event.to_dict()))
        out.write("\n")
        count += 1
    return count
