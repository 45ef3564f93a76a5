"""The event store's tables, as SQLAlchemy Core objects used to query and write.

The tables are *created* only by the Alembic migrations in ``migrations/versions``; this
module describes the schema those migrations arrive at (a test checks they agree).
Columns copied out of an event's ``record`` exist for filtering and indexing only: an event
is always read back from ``record``, the JSON of ``Event.to_dict()``.
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
    Index("ix_events_date_value", "date_value"),
    Index("ix_events_type", "type"),
    Index("ix_events_country", "country"),
    Index("ix_events_article_id", "article_id"),
)

rejections = Table(
    "rejections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("origin", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", String(40), nullable=False),
)
