"""GeoJSON: a FeatureCollection with one Point per event that has coordinates.

Events without a place, or with a place but no latitude and longitude, are left out (a
GeoJSON feature without geometry would be of no use on a map); the count written says how
many went in. Coordinates are ``[lon, lat]`` as GeoJSON orders them. The properties hold the
``EventProjection`` fields and a few more for map pop-ups (place name, mode, evidence,
sources), and ``read`` gives the projections back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from eventwire.errors import InputError
from eventwire.exports.base import EventProjection, exporter
from eventwire.records import Event, Place


def read_geojson(stream: TextIO) -> list[EventProjection]:
    """The projection of each feature of a collection written by ``render_geojson``."""
    try:
        collection = json.load(stream)
        return [_projection(feature) for feature in collection["features"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError("geojson", f"not an eventwire FeatureCollection: {exc}") from None


@exporter("geojson", suffix=".geojson", read=read_geojson)
def render_geojson(events: Iterable[Event], out: TextIO) -> int:
    """A FeatureCollection with one Point per event that has coordinates, written as it goes."""
    out.write('{"type": "FeatureCollection", "features": [')
    count = 0
    for event in events:
        place = event.place
        if place is None or place.lat is None or place.lon is None:
            continue
        out.write(",\n" if count else "\n")
        out.write(json.dumps(feature(event, place), ensure_ascii=False))
        count += 1
    out.write("\n]}\n")
    return count


def feature(event: Event, place: Place) -> dict[str, Any]:
    """One event as a GeoJSON Point feature (GeoJSON orders coordinates lon, lat)."""
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
        "properties": {
            "event_id": event.event_id,
            "type": event.type,
            "mode": event.mode,
            "acled_event_type": event.acled_event_type,
            "acled_sub_event_type": event.acled_sub_event_type,
            "cameo": event.cameo,
            "date": event.date.value,
            "place": place.name,
            "country": place.country,
            "admin1": place.admin1,
            "geonameid": place.geonameid,
            "geo_precision": place.geo_precision,
            "fatalities": event.fatalities.best if event.fatalities else None,
            "source_actors": [a.name for a in event.source_actors],
            "target_actors": [a.name for a in event.target_actors],
            "evidence": event.evidence.sentence,
            "url": event.url,
            "sources": len(event.reports) + 1,
        },
    }


def _projection(item: dict[str, Any]) -> EventProjection:
    props = item["properties"]
    lon, lat = item["geometry"]["coordinates"]
    return EventProjection(
        event_id=props["event_id"],
        type=props["type"] or None,
        acled_event_type=props["acled_event_type"] or None,
        acled_sub_event_type=props["acled_sub_event_type"] or None,
        cameo=props["cameo"] or None,
        date=props["date"] or None,
        country=props.get("country") or None,
        admin1=props.get("admin1") or None,
        lat=lat,
        lon=lon,
        geo_precision=props.get("geo_precision"),
        fatalities=props["fatalities"] or 0,
        source_actors=tuple(n for n in props["source_actors"] if n),
        target_actors=tuple(n for n in props["target_actors"] if n),
    )
