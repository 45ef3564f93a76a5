"""The event store's tables, as SQLAlchemy Core objects used to query and write.

The tables are *created* only by the Alembic migrations in ``migrations/versions``; this
module describes the schema those migrations arrive at (a test checks they agree).
Columns copied out of an event's ``record`` exist for filtering and indexing only: an event
is always read back from ``record``, the JSON of ``Event.to_dict()``. Columns named ``*_key``
and the ``event_actors`` values are casefolded (``str.casefold``) so that SQL equality and
``LIKE`` give exactly the answer of ``EventQuery.matches`` on any database; ``country`` is
upper-cased for the same reason.

On PostgreSQL with PostGIS, migration 0002 also gives ``events`` a ``geom
geometry(Point, 4326)`` column with a GiST index (``ix_events_geom``), filled by the store on
save. It is not described here, being absent elsewhere; the store looks for it when opened.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("article_id", String(255), primary_key=True),
    Column("content_hash", String(128), nullable=False),
    Column("title", Text),
    Column("url", Text),
    Column("published", String(40)),
    Column("published_from", Text),
    Column("source_name", Text),
    Column("origin", Text),
    Column("language", String(16)),
    Column("text", Text, nullable=False),
    Column("pipeline", Text, nullable=False),
    Column("coded_at", String(40), nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("event_id", String(255), primary_key=True),
    Column(
        "article_id",
        String(255),
        ForeignKey("articles.article_id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("type", String(64), nullable=False),
    Column("mode", String(64)),
    Column("acled_event_type", String(64)),
    Column("acled_sub_event_type", String(128)),
    Column("cameo", String(16)),
    Column("date_value", String(32)),
    Column("date_precision", Integer),
    Column("country", String(3)),
    Column("admin1", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("geo_precision", Integer),
    Column("fatalities_best", Integer),
    Column("modality", String(32), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("record", Text, nullable=False),
    Column("type_key", String(64)),
    Column("acled_event_type_key", String(64)),
    Column("acled_sub_event_type_key", String(128)),
    Column("admin1_key", Text),
    Index("ix_events_date_value", "date_value"),
    Index("ix_events_type", "type"),
    Index("ix_events_country", "country"),
    Index("ix_events_article_id", "article_id"),
    Index("ix_events_type_key", "type_key"),
    Index("ix_events_acled_event_type_key", "acled_event_type_key"),
    Index("ix_events_acled_sub_event_type_key", "acled_sub_event_type_key"),
    Index("ix_events_admin1_key", "admin1_key"),
)

# One row per source or target actor of an event, in the order of the event's record; the
# four values are casefolded and empty ones are NULL (the actor as written is in ``record``).
event_actors = Table(
    "event_actors",
    metadata,
    Column(
        "event_id",
        String(255),
        ForeignKey("events.event_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("role", String(8), primary_key=True),
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("text", Text),
    Column("name", Text),
    Column("country", Text),
    Column("sector", Text),
)

rejections = Table(
    "rejections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("origin", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", String(40), nullable=False),
)
