"""The export API under its long-standing name; the formats live in ``eventwire.exports``.

::

    from eventwire.export import export, export_to_path, formats, read_events
    with open("events.csv", "w", newline="", encoding="utf-8") as out:
        export(store.events(), "acled-csv", out)
"""

from __future__ import annotations

from eventwire.exports import (
    EventProjection,
    Exporter,
    export,
    export_to_path,
    formats,
    is_binary,
    json_line,
    read_events,
    read_projection,
)
from eventwire.exports.acled import ACLED_COLUMNS
from eventwire.exports.cameo import CAMEO_COLUMNS

__all__ = [
    "ACLED_COLUMNS",
    "CAMEO_COLUMNS",
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
