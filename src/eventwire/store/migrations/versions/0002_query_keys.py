"""Query keys: casefolded type and admin1 columns, an event_actors table, and on PostgreSQL
with PostGIS a geometry column.

Existing events get their keys and actor rows from their stored ``record``.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_KEYS = (
    ("type_key", 64, "type"),
    ("acled_event_type_key", 64, "acled_event_type"),
    ("acled_sub_event_type_key", 128, "acled_sub_event_type"),
)
_INDEXED = ("type_key", "acled_event_type_key", "acled_sub_event_type_key", "admin1_key")
_BATCH = 1000


def upgrade() -> None:
    """Add the key columns and event_actors, fill both, then add PostGIS geometry if possible."""
    with op.batch_alter_table("events") as batch:
        for name, size, _field in _KEYS:
            batch.add_column(sa.Column(name, sa.String(size)))
        batch.add_column(sa.Column("admin1_key", sa.Text()))
    for name in _INDEXED:
        op.create_index(f"ix_events_{name}", "events", [name])
    op.create_table(
        "event_actors",
        sa.Column(
            "event_id",
            sa.String(255),
            sa.ForeignKey("events.event_id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("role", sa.String(8), primary_key=True),
        sa.Column("position", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("text", sa.Text()),
        sa.Column("name", sa.Text()),
        sa.Column("country", sa.Text()),
        sa.Column("sector", sa.Text()),
    )
    _backfill(op.get_bind())
    if op.get_bind().dialect.name == "postgresql" and _postgis(op.get_bind()):
        op.execute("ALTER TABLE events ADD COLUMN geom geometry(Point, 4326)")
        op.execute(
            "UPDATE events SET geom = ST_SetSRID(ST_MakePoint(lon, lat), 4326) "
            "WHERE lon IS NOT NULL AND lat IS NOT NULL"
        )
        op.execute("CREATE INDEX ix_events_geom ON events USING gist (geom)")


def downgrade() -> None:
    """Drop everything ``upgrade`` created."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_events_geom")
        op.execute("ALTER TABLE events DROP COLUMN IF EXISTS geom")
    op.drop_table("event_actors")
    for name in _INDEXED:
        op.drop_index(f"ix_events_{name}", table_name="events")
    with op.batch_alter_table("events") as batch:
        for name in reversed(_INDEXED):
            batch.drop_column(name)


def _postgis(bind: sa.engine.Connection) -> bool:
    """Whether PostGIS is, or could now be, installed in this database."""
    try:
        # A savepoint: a refused CREATE EXTENSION (not available, or not allowed for this
        # user) must not abort the migration's transaction.
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS postgis")
    except sa.exc.DBAPIError:
        pass
    found = bind.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")
    return found.first() is not None


def _backfill(bind: sa.engine.Connection) -> None:
    """Fill the keys and actor rows of events stored before this migration."""
    events = sa.table(
        "events",
        sa.column("event_id"),
        sa.column("record"),
        sa.column("country"),
        sa.column("admin1_key"),
        *(sa.column(name) for name, _size, _field in _KEYS),
    )
    actors = sa.table(
        "event_actors", *(sa.column(n) for n in ("event_id", "role", "position", "text",
                                                 "name", "country", "sector"))
    )  # fmt: skip
    last = ""
    while True:
        rows = bind.execute(
            sa.select(events.c.event_id, events.c.record)
            .where(events.c.event_id > last)
            .order_by(events.c.event_id)
            .limit(_BATCH)
        ).all()
        if not rows:
            return
        actor_rows: list[dict[str, Any]] = []
        for event_id, record in rows:
            data = json.loads(record)
            bind.execute(
                events.update().where(events.c.event_id == event_id).values(**_keys(data))
            )
            actor_rows.extend(_actors(event_id, data))
        if actor_rows:
            bind.execute(actors.insert(), actor_rows)
        last = rows[-1][0]


def _fold(value: Any) -> str | None:
    return value.casefold() if value else None


def _keys(data: dict[str, Any]) -> dict[str, Any]:
    # The same keys as the store's event_row writes (see store/rows.py).
    place = data.get("place")
    keys = {name: data[field].casefold() if data.get(field) is not None else None
            for name, _size, field in _KEYS}  # fmt: skip
    if not place:
        return {**keys, "admin1_key": None, "country": None}
    return {**keys, "admin1_key": (place.get("admin1") or "").casefold(),
            "country": place["country"].upper() if place.get("country") else None}  # fmt: skip


def _actors(event_id: str, data: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"event_id": event_id, "role": role, "position": i,
         **{f: _fold(actor.get(f)) for f in ("text", "name", "country", "sector")}}
        for role in ("source", "target")
        for i, actor in enumerate(data.get(f"{role}_actors") or ())
    ]  # fmt: skip
