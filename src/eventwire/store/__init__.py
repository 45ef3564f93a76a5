"""The event store: articles, their coded events and rejected inputs, behind one interface.

A SQLite file by default, any SQLAlchemy database (PostgreSQL) by URL; the schema is made
and upgraded by the Alembic migrations in ``migrations/``::

    from eventwire.store import open_store
    with open_store("events.db") as store:
        store.save(article, events, pipeline="eventwire 0.1.0")
        for event in store.events(country="SYR", since="2018-09-01"):
            ...
"""

from eventwire.store.sql import Store, open_store

__all__ = ["Store", "open_store"]
