"""Parquet: one flat, typed table of events, plus each event's full JSON in ``record``.

The flat columns are for analysis (``date`` is a date, ``latitude`` a double, actor names
lists of strings); ``record`` holds ``Event.to_dict()`` as JSON, so ``read`` gives back the
very events written. Parquet is binary: write it to a file (``export_to_path``) or a binary
stream, never to a terminal. Rows go out in row groups of ``ROW_GROUP`` events, so an
export does not hold the whole table in memory; pyarrow is imported on first use.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice
from typing import Any, BinaryIO

from eventwire.errors import InputError
from eventwire.exports.base import exporter
from eventwire.records import Event

ROW_GROUP = 5000
# (name, pyarrow type name): the flat columns, in order; list<string> for actor names.
COLUMNS = (
    ("event_id", "string"), ("article_id", "string"), ("date", "date32"),
    ("date_precision", "int8"), ("type", "string"), ("mode", "string"),
    ("acled_event_type", "string"), ("acled_sub_event_type", "string"), ("cameo", "string"),
    ("modality", "string"), ("country", "string"), ("admin1", "string"), ("admin2", "string"),
    ("location", "string"), ("latitude", "float64"), ("longitude", "float64"),
    ("geo_precision", "int8"), ("geonameid", "int64"), ("fatalities", "int32"),
    ("fatalities_low", "int32"), ("fatalities_high", "int32"),
    ("source_actors", "list"), ("target_actors", "list"), ("reported_by", "list"),
    ("source_name", "string"), ("url", "string"), ("num_reports", "int32"),
    ("confidence", "float64"), ("record", "string"),
)  # fmt: skip


def schema() -> Any:
    """The pyarrow schema of an eventwire Parquet export."""
    import pyarrow as pa

    def arrow_type(name: str) -> Any:
        return pa.list_(pa.string()) if name == "list" else getattr(pa, name)()

    return pa.schema([(name, arrow_type(kind)) for name, kind in COLUMNS])


def read_parquet(stream: BinaryIO) -> list[Event]:
    """The events of a Parquet export, rebuilt from their ``record`` column."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(stream, columns=["record"])
    except (pa.ArrowException, OSError) as exc:
        raise InputError("parquet", f"not an eventwire Parquet file: {exc}") from None
    return [Event.from_dict(json.loads(text)) for text in table.column("record").to_pylist()]


@exporter("parquet", suffix=".parquet", read=read_parquet, binary=True, lossless=True)
def render_parquet(events: Iterable[Event], out: BinaryIO) -> int:
    """The events as one Parquet table written to the binary stream ``out``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table_schema = schema()
    count = 0
    with pq.ParquetWriter(out, table_schema) as writer:
        for batch in _batches(events):
            rows = [parquet_row(event) for event in batch]
            writer.write_table(pa.Table.from_pylist(rows, schema=table_schema))
            count += len(rows)
    return count


def _batches(events: Iterable[Event]) -> Iterator[list[Event]]:
    it = iter(events)
    while batch := list(islice(it, ROW_GROUP)):
        yield batch


def parquet_row(event: Event) -> dict[str, Any]:
    """One event as the flat columns plus its JSON ``record``."""
    place, fat = event.place, event.fatalities
    return {
        "event_id": event.event_id, "article_id": event.article_id,
        "date": date.fromisoformat(event.date.value) if event.date.value else None,
        "date_precision": event.date.precision, "type": event.type, "mode": event.mode,
        "acled_event_type": event.acled_event_type,
        "acled_sub_event_type": event.acled_sub_event_type,
        "cameo": event.cameo, "modality": event.modality,
        "country": place.country if place else None,
        "admin1": place.admin1 if place else None,
        "admin2": place.admin2 if place else None,
        "location": place.name if place else None,
        "latitude": place.lat if place else None,
        "longitude": place.lon if place else None,
        "geo_precision": place.geo_precision if place else None,
        "geonameid": place.geonameid if place else None,
        "fatalities": fat.best if fat else None,
        "fatalities_low": fat.low if fat else None,
        "fatalities_high": fat.high if fat else None,
        "source_actors": [a.name for a in event.source_actors],
        "target_actors": [a.name for a in event.target_actors],
        "reported_by": list(event.reported_by),
        "source_name": event.source_name, "url": event.url,
        "num_reports": 1 + len(event.reports), "confidence": event.confidence,
        "record": json.dumps(event.to_dict(), ensure_ascii=False),
    }  # fmt: skip
