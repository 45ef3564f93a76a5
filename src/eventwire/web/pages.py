"""The dashboard: its pages, its own static files, Leaflet from the installed package, and the
offline base map."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, Query, Request
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).parent / "static"


def mount(app: FastAPI) -> None:
    """Add the dashboard's pages and files to ``app``."""
    import xstatic.pkg.leaflet as leaflet  # the Leaflet release pip installed, served as is

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/leaflet", StaticFiles(directory=leaflet.BASE_DIR), name="leaflet")
    app.add_api_route("/", index, methods=["GET"], include_in_schema=False)
    app.add_api_route("/events/{event_id}", event_page, methods=["GET"], include_in_schema=False)
    app.add_api_route("/api/outlines.geojson", outlines, methods=["GET"], tags=["map"],
                      summary="Offline base map: country and first-level division outlines",
                      response_class=Response)


def index() -> FileResponse:
    """The map dashboard."""
    return FileResponse(STATIC / "index.html", media_type="text/html")


def event_page(event_id: str) -> FileResponse:  # noqa: ARG001 - the page reads it from its URL
    """One event: its article with the evidence highlighted and every field with its span."""
    return FileResponse(STATIC / "event.html", media_type="text/html")


def outlines(request: Request, level: Annotated[int | None, Query(
        ge=0, le=1, description="0: countries only, 1: divisions only (default both).")] = None,
) -> Response:
    """Country and first-level division outlines derived from the gazetteer's places (GeoJSON),
    made on first use and cached beside the gazetteer."""
    from eventwire.web.outlines import outlines_json

    body = outlines_json(request.app.state.gazetteer, level)
    return Response(body, media_type="application/geo+json",
                    headers={"Cache-Control": "public, max-age=86400"})
