"""Alembic environment for the event store.

eventwire runs its migrations itself when a store is opened (see ``store/sql.py``) and
hands Alembic the open connection in ``config.attributes["connection"]``, so the SQLite
pragmas and locking set on that connection apply to the migration too. Run from the
``alembic`` command line instead, an engine is built from ``sqlalchemy.url``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool
from sqlalchemy.engine import Connection

from eventwire.store.schema import metadata

config = context.config


def _migrate(connection: Connection) -> None:
    # Batch mode lets later migrations alter SQLite tables (which lack most ALTER forms).
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Apply migrations on the caller's connection, or on a new engine from the config."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    engine = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with engine.connect() as connection:
        _migrate(connection)


def run_offline() -> None:
    """Write the migrations' SQL instead of running it (``alembic upgrade --sql``)."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
