"""What the store does differently on PostgreSQL: the driver, locks, and the PostGIS column.

Writers of one article are serialised with a transaction-level advisory lock keyed on the
article id (SQLite gets the same from ``BEGIN IMMEDIATE``), and so are stores migrating one
database at once. Where migration 0002 found PostGIS, ``events.geom`` holds each event's
point, rewritten from ``lon``/``lat`` whenever the store writes an event row.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import URL, text
from sqlalchemy.engine import Connection

# SQLAlchemy names the dialect "postgresql" and would pick psycopg2 for it; eventwire
# depends on psycopg 3. "postgres://" is the scheme many hosting services hand out.
_SCHEMES = {"postgres", "postgresql"}
_MIGRATION_LOCK = "eventwire.store.migrate"
# libpq waits as long as TCP does (minutes) for a host that drops packets.
CONNECT_TIMEOUT_S = 10

# libpq's words for the usual ways of failing to connect, and what to tell the user (a
# missing database or role is told well enough by libpq itself: 'database "x" does not exist').
CONNECT_REASONS = {
    "connection refused": "no PostgreSQL server is listening there",
    "password authentication failed": "the password was refused",
    "no password supplied": "the server wants a password and none was given",
    "timeout expired": f"the server did not answer within {CONNECT_TIMEOUT_S} s",
}


def driver_url(url: URL) -> URL:
    """``url`` with the psycopg 3 driver where it names PostgreSQL without a driver, and a
    connect timeout where it names PostgreSQL without one."""
    if url.drivername in _SCHEMES:
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() == "postgresql" and "connect_timeout" not in url.query:
        url = url.update_query_dict({"connect_timeout": str(CONNECT_TIMEOUT_S)})
    return url


def lock(conn: Connection, name: str) -> None:
    """Hold an advisory lock on ``name`` until ``conn``'s transaction ends."""
    digest = hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest()
    key = int.from_bytes(digest, "big", signed=True)
    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def lock_migrations(conn: Connection) -> None:
    """Make other stores opening this database wait until this one has migrated it."""
    lock(conn, _MIGRATION_LOCK)


def has_geometry(conn: Connection) -> bool:
    """Whether ``events`` has the PostGIS ``geom`` column."""
    found = conn.execute(
        text(
            "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = 'events' AND column_name = 'geom'"
        )
    )
    return found.first() is not None


def fill_geometry(conn: Connection, *, article_id: str | None = None,
                  event_id: str | None = None) -> None:  # fmt: skip
    """Set ``geom`` from ``lon``/``lat`` (NULL where either is) for an article's events or
    for one event."""
    column, key = ("article_id", article_id) if event_id is None else ("event_id", event_id)
    conn.execute(
        text(
            "UPDATE events SET geom = ST_SetSRID(ST_MakePoint(lon, lat), 4326) "
            f"WHERE {column} = :key"
        ),
        {"key": key},
    )
