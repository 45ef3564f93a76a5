"""The event store: articles, their coded events and rejected inputs, behind one interface.

A SQLite file by default, or a PostgreSQL database by URL (psycopg 3; with PostGIS, when
the server has it, for bounding-box queries); the schema is made and upgraded by the
Alembic migrations in ``migrations/``. Events are read through an ``EventQuery``::

    from eventwire.query import EventQuery
    from eventwire.store import open_store
    with open_store("events.db") as store:  # or "postgresql://user:password@host/db"
        store.save(article, events, pipeline="eventwire 0.1.0")
        query = EventQuery(country="SYR", since="2018-09-01", actor="Hezbollah")
        total = store.count(query)
        for event in store.events(query):
            ...
"""

from eventwire.store.sql import Store, open_store

__all__ = ["Store", "open_store"]
