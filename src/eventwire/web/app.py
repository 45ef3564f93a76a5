"""The application factory: the store, the API routers, the dashboard, security headers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from eventwire.errors import EventwireError, InputError, StoreError


def create_app(db: str, *, allow_edit: bool = False, token: str | None = None,
               tiles: str | None = None, gazetteer: str | None = None) -> FastAPI:
    """The API and dashboard over the event store at ``db`` (a file or SQLAlchemy URL).

    Read-only unless ``allow_edit`` is set, which needs a ``token`` that edit requests must
    send as ``Authorization: Bearer <token>``. ``tiles`` is an optional online tile URL
    template (``https://.../{z}/{x}/{y}.png``) offered as a layer that starts switched off;
    ``gazetteer`` the index the offline outlines are derived from (default: the setting).
    Raises InputError for editing without a token, StoreError when ``db`` cannot be opened.
    """
    from eventwire import __version__
    from eventwire.store import open_store
    from eventwire.web import edit, pages, routes

    if allow_edit and not (token and token.strip()):
        raise InputError("--allow-edit", "editing needs a token (--token or EVENTWIRE_TOKEN)")
    _check_exists(db)
    store = open_store(db)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    # No /docs or /redoc: FastAPI's pages load their scripts from a CDN; the schema stays.
    app = FastAPI(title="eventwire", version=__version__, lifespan=lifespan,
                  docs_url=None, redoc_url=None,
                  description="Coded events with their evidence, as JSON, GeoJSON and ACLED CSV.")
    app.state.store = store
    app.state.allow_edit = allow_edit
    app.state.token = token.strip() if allow_edit and token else None
    app.state.tiles = tiles
    app.state.gazetteer = gazetteer
    app.include_router(routes.router)
    if allow_edit:
        app.include_router(edit.router)
    pages.mount(app)
    app.middleware("http")(_security_headers(tiles))
    app.add_exception_handler(EventwireError, _eventwire_error)
    return app


def _check_exists(db: str) -> None:
    """A plain path must name an existing store: serving would otherwise create an empty one."""
    if "://" in db or db == ":memory:":
        return
    if not Path(db).expanduser().is_file():
        raise StoreError(f"no event store at {db} (code articles into it with `eventwire run`)")


def _security_headers(tiles: str | None):
    """Middleware adding a content security policy that allows only this server (and the
    online tile server when one is configured), so no page can load or send anything
    elsewhere, and an injected script could not run."""
    img = "'self' data:"
    if tiles:
        parts = urlsplit(tiles)  # "{s}" (Leaflet's subdomain slot) becomes a CSP wildcard
        img += f" {parts.scheme}://{parts.netloc.replace('{s}', '*')}"
    policy = (f"default-src 'self'; img-src {img}; style-src 'self'; script-src 'self'; "
              "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")

    async def add_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    return add_headers


async def _eventwire_error(_request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=500)
