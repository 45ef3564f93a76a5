"""The HTTP API and the offline map dashboard over an event store.

``create_app(db)`` builds a FastAPI application that serves the stored events as JSON,
GeoJSON and ACLED CSV under ``/api/`` and a dashboard (Leaflet map, timeline, filters,
table, event pages with their evidence) at ``/``. It never loads anything from the
internet: Leaflet comes from the installed ``xstatic-leaflet`` package and the base map
from outlines derived from the gazetteer (see ``outlines``). ``eventwire serve`` runs it::

    from eventwire.web import create_app
    app = create_app("events.db")            # read-only
    app = create_app("events.db", allow_edit=True, token="s3cret")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["create_app", "serve"]


def create_app(db: str, *, allow_edit: bool = False, token: str | None = None,
               **options: Any) -> FastAPI:
    """The API and dashboard over the store at ``db`` (see ``eventwire.web.app.create_app``)."""
    # Deferred: importing eventwire.web must not import FastAPI and the store.
    from eventwire.web.app import create_app as build

    return build(db, allow_edit=allow_edit, token=token, **options)


def serve(db: str, *, host: str = "127.0.0.1", port: int = 8000, allow_edit: bool = False,
          token: str | None = None, tiles: str | None = None) -> None:
    """Run the app over ``db`` with uvicorn until interrupted (``eventwire serve``)."""
    import threading

    import uvicorn

    from eventwire.web.outlines import outlines_json

    app = create_app(db, allow_edit=allow_edit, token=token, tiles=tiles)
    # The base map is derived on first use (seconds); start now so the first page is quick.
    threading.Thread(target=outlines_json, name="outlines", daemon=True).start()
    uvicorn.run(app, host=host, port=port, log_level="info")
