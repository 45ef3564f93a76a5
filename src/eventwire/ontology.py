"""One mapping table from eventwire's event codes to PLOVER, ACLED and CAMEO.

Every event code (``airstrike``, ``protest``, ``summit`` ...) has exactly one row in
``data/ontology.tsv``; the three ontologies are always read from that row, so an event's
PLOVER type, ACLED sub-event type and CAMEO code cannot disagree.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files


@dataclass(frozen=True)
class EventClass:
    """One row of the mapping table."""

    code: str
    plover_type: str
    plover_mode: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None
    cameo: str
    violent: bool
    description: str


def data_path(name: str):
    """A file in eventwire's package data directory."""
    return files("eventwire") / "data" / name


def read_tsv(name: str) -> list[list[str]]:
    """Rows of a tab-separated data file, without comments and blank lines."""
    text = data_path(name).read_text(encoding="utf-8")
    return [
        line.split("\t")
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    ]


@lru_cache(maxsize=1)
def event_classes() -> dict[str, EventClass]:
    """All event classes by code."""
    text = data_path("ontology.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines(), delimiter="\t")
    return {
        r["code"]: EventClass(
            code=r["code"],
            plover_type=r["plover_type"],
            plover_mode=r["plover_mode"] or None,
            acled_event_type=r["acled_event_type"] or None,
            acled_sub_event_type=r["acled_sub_event_type"] or None,
            cameo=r["cameo"],
            violent=r["violent"] == "1",
            description=r["description"],
        )
        for r in rows
    }


def event_class(code: str) -> EventClass:
    """The mapping row for ``code``; KeyError if the code is unknown."""
    return event_classes()[code]


def is_violent(code: str) -> bool:
    """Whether events of this code are political violence (and can carry fatalities)."""
    return event_classes()[code].violent
