"""Initial schema: articles, their events, and rejected inputs.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the three tables and the events indexes."""
    op.create_table(
        "articles",
        sa.Column("article_id", sa.String(255), primary_key=True),
        sa.Column("content_hash", sa.String(128), nullable=False),
        sa.Column("title", sa.Text()),
        sa.Column("url", sa.Text()),
        sa.Column("published", sa.String(40)),
        sa.Column("published_from", sa.Text()),
        sa.Column("source_name", sa.Text()),
        sa.Column("origin", sa.Text()),
        sa.Column("language", sa.String(16)),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("pipeline", sa.Text(), nullable=False),
        sa.Column("coded_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("event_id", sa.String(255), primary_key=True),
        sa.Column(
            "article_id",
            sa.String(255),
            sa.ForeignKey("articles.article_id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("mode", sa.String(64)),
        sa.Column("acled_event_type", sa.String(64)),
        sa.Column("acled_sub_event_type", sa.String(128)),
        sa.Column("cameo", sa.String(16)),
        sa.Column("date_value", sa.String(32)),
        sa.Column("date_precision", sa.Integer()),
        sa.Column("country", sa.String(3)),
        sa.Column("admin1", sa.Text()),
        sa.Column("lat", sa.Float()),
        sa.Column("lon", sa.Float()),
        sa.Column("geo_precision", sa.Integer()),
        sa.Column("fatalities_best", sa.Integer()),
        sa.Column("modality", sa.String(32), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
    )
    for column in ("date_value", "type", "country", "article_id"):
        op.create_index(f"ix_events_{column}", "events", [column])
    op.create_table(
        "rejections",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
    )


def downgrade() -> None:
    """Drop everything ``upgrade`` created."""
    op.drop_table("rejections")
    for column in ("date_value", "type", "country", "article_id"):
        op.drop_index(f"ix_events_{column}", table_name="events")
    op.drop_table("events")
    op.drop_table("articles")
