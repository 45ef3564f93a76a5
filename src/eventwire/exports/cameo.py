"""CAMEO TSV: a GDELT 2.0-like event table, tab-separated, with a header row.

The columns are the GDELT 2.0 event table's that eventwire can fill, in GDELT's order,
followed by eventwire's own columns (``ew_`` names) for what GDELT has no column for:

- ``GLOBALEVENTID`` is eventwire's event id (a string, not GDELT's integer);
  ``SQLDATE``/``MonthYear``/``Year``/``FractionDate`` the coded day, blank when unknown.
- ``Actor1*`` is the first source actor, ``Actor2*`` the first target actor:
  ``Code`` is CAMEO's country + agent code (``SYRMIL``), ``CountryCode`` ISO alpha-3,
  ``Type1Code`` the agent (sector). All actors' names are in ``ew_source_actors`` and
  ``ew_target_actors`` as JSON arrays.
- ``IsRootEvent`` is 1 when the event's sentence opens the article.
- ``EventCode``/``EventBaseCode``/``EventRootCode`` the CAMEO code and its 3- and 2-digit
  parents; ``QuadClass`` from the root code (01-05 verbal cooperation 1, 06-08 material
  cooperation 2, 09-13 verbal conflict 3, 14-20 material conflict 4).
- ``NumMentions`` the event's reports (its own and those merged into it),
  ``NumSources`` their distinct outlets, ``NumArticles`` their distinct articles.
- ``ActionGeo_*`` the event's place: ``Type`` 1 country, 2 US state, 3 US city,
  4 world city, 5 world state; ``CountryCode`` FIPS 10-4 as GDELT has it; ``ADM1Code``
  FIPS country + GeoNames admin1 code (the country alone when the division is not known);
  ``FeatureID`` the GeoNames id.
- ``DATEADDED`` the export time (UTC, YYYYMMDDHHMMSS); ``SOURCEURL`` the article's URL.

GDELT writes no escapes; here a backslash, tab, newline and carriage return inside a value
are written ``\\\\``, ``\\t``, ``\\n``, ``\\r``, and the other characters that some readers
take for line breaks (U+000B, U+000C, U+001C-U+001E, U+0085, U+2028, U+2029) as
``\\uXXXX``, so every record is one line of exactly as many fields as the header.
``read`` gives ``EventProjection`` records (country codes outside ISO 3166 are lost).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable
from datetime import date
from typing import Any, TextIO

from eventwire.errors import InputError
from eventwire.exports.base import (
    EventProjection,
    exporter,
    optional,
    optional_float,
    optional_int,
    outlets,
)
from eventwire.exports.countries import admin1_code, country, iso3_from_fips
from eventwire.records import Actor, Event, Place

GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "NumMentions", "NumSources", "NumArticles",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID", "DATEADDED", "SOURCEURL",
)  # fmt: skip
EXTRA_COLUMNS = (
    "ew_plover_type", "ew_plover_mode", "ew_acled_event_type", "ew_acled_sub_event_type",
    "ew_time_precision", "ew_fatalities", "ew_admin1", "ew_geo_precision",
    "ew_source_actors", "ew_target_actors",
)  # fmt: skip
CAMEO_COLUMNS = GDELT_COLUMNS + EXTRA_COLUMNS

_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_ESCAPES.update({c: f"\\u{ord(c):04x}" for c in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"})
_ESCAPE_TABLE = str.maketrans(_ESCAPES)
_UNESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|[\\tnr])")
_UNESCAPED = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def quad_class(cameo: str | None) -> int | None:
    """GDELT's QuadClass of a CAMEO code, from its two-digit root."""
    root = (cameo or "")[:2]
    if not root.isdigit():
        return None
    number = int(root)
    for quad, last in ((1, 5), (2, 8), (3, 13), (4, 20)):
        if 1 <= number <= last:
            return quad
    return None


def escape(value: Any) -> str:
    """One value as a TSV field (see the module docstring)."""
    if value is None:
        return ""
    return str(value).translate(_ESCAPE_TABLE)


def unescape(field: str) -> str:
    """The value of a field written by ``escape``."""
    return _UNESCAPE.sub(
        lambda m: _UNESCAPED.get(m[1]) or chr(int(m[1][1:], 16)), field
    )


def read_cameo_tsv(stream: TextIO) -> list[EventProjection]:
    """The projection of each row of a CAMEO TSV written by ``render_cameo_tsv``."""
    header, *lines = stream.read().split("\n")
    if tuple(header.rstrip("\r").split("\t")) != CAMEO_COLUMNS:
        raise InputError("cameo-tsv", "the header is not eventwire's GDELT-like columns")
    found = []
    for number, line in enumerate(lines, start=2):
        if not line:
            continue
        fields = line.split("\t")
        if len(fields) != len(CAMEO_COLUMNS):
            raise InputError(f"cameo-tsv line {number}",
                             f"{len(fields)} fields, not {len(CAMEO_COLUMNS)}")  # fmt: skip
        row = dict(zip(CAMEO_COLUMNS, (unescape(f) for f in fields)))
        try:
            found.append(_projection(row))
        except (ValueError, TypeError) as exc:
            raise InputError(f"cameo-tsv line {number}", str(exc)) from None
    return found


@exporter("cameo-tsv", suffix=".tsv", read=read_cameo_tsv)
def render_cameo_tsv(events: Iterable[Event], out: TextIO) -> int:
    """A header row, then one GDELT-like row per event (see the module docstring)."""
    out.write("\t".join(CAMEO_COLUMNS) + "\n")
    added = time.strftime("%Y%m%d%H%M%S", time.gmtime())
    count = 0
    for event in events:
        row = {**_gdelt_fields(event, added), **_extra_fields(event)}
        out.write("\t".join(escape(row[column]) for column in CAMEO_COLUMNS) + "\n")
        count += 1
    return count


def _gdelt_fields(event: Event, added: str) -> dict[str, Any]:
    cameo = event.cameo or ""
    return {
        "GLOBALEVENTID": event.event_id,
        **_date_fields(event.date.value),
        **_actor_fields("Actor1", event.source_actors),
        **_actor_fields("Actor2", event.target_actors),
        "IsRootEvent": int(event.evidence.start == 0),
        "EventCode": cameo,
        "EventBaseCode": cameo[:3],
        "EventRootCode": cameo[:2],
        "QuadClass": quad_class(cameo),
        "NumMentions": 1 + len(event.reports),
        "NumSources": len(outlets(event)) or 1,
        "NumArticles": len({event.article_id, *(r.article_id for r in event.reports)}),
        **_geo_fields(event.place),
        "DATEADDED": added,
        "SOURCEURL": event.url,
    }


def _date_fields(value: str | None) -> dict[str, Any]:
    if not value:
        return {"SQLDATE": None, "MonthYear": None, "Year": None, "FractionDate": None}
    day = date.fromisoformat(value)
    days_in_year = (date(day.year, 12, 31) - date(day.year, 1, 1)).days + 1
    fraction = day.year + day.timetuple().tm_yday / days_in_year
    return {"SQLDATE": value.replace("-", ""),
            "MonthYear": value[:7].replace("-", ""), "Year": value[:4],
            "FractionDate": f"{fraction:.4f}"}  # fmt: skip


def _actor_fields(prefix: str, actors: tuple[Actor, ...]) -> dict[str, Any]:
    first = actors[0] if actors else None
    code = ((first.country or "") + (first.sector or "")) if first else ""
    return {
        f"{prefix}Code": code,
        f"{prefix}Name": first.name if first else None,
        f"{prefix}CountryCode": first.country if first else None,
        f"{prefix}Type1Code": first.sector if first else None,
    }


def _geo_fields(place: Place | None) -> dict[str, Any]:
    if place is None:
        return {f"ActionGeo_{k}": None for k in ("Type", "FullName", "CountryCode", "ADM1Code",
                                                  "Lat", "Long", "FeatureID")}  # fmt: skip
    found = country(place.country)
    fips = found.fips if found else ""
    division = admin1_code(place.country, place.admin1)
    parts = (place.name, place.admin1, found.name if found else place.country)
    return {
        "ActionGeo_Type": _geo_type(place),
        "ActionGeo_FullName": ", ".join(dict.fromkeys(p for p in parts if p)),
        "ActionGeo_CountryCode": fips,
        "ActionGeo_ADM1Code": fips + (division or "") if fips else "",
        "ActionGeo_Lat": place.lat,
        "ActionGeo_Long": place.lon,
        "ActionGeo_FeatureID": place.geonameid,
    }


def _geo_type(place: Place) -> int:
    feature = place.feature or ""
    us = (place.country or "").upper() == "USA"
    if feature.startswith("PCL"):
        return 1
    if feature.startswith("ADM1"):
        return 2 if us else 5
    return 3 if us else 4


def _extra_fields(event: Event) -> dict[str, Any]:
    place = event.place
    return {
        "ew_plover_type": event.type,
        "ew_plover_mode": event.mode,
        "ew_acled_event_type": event.acled_event_type,
        "ew_acled_sub_event_type": event.acled_sub_event_type,
        "ew_time_precision": event.date.precision,
        "ew_fatalities": event.fatalities.best if event.fatalities else 0,
        "ew_admin1": place.admin1 if place else None,
        "ew_geo_precision": place.geo_precision if place else None,
        "ew_source_actors": json.dumps([a.name for a in event.source_actors], ensure_ascii=False),
        "ew_target_actors": json.dumps([a.name for a in event.target_actors], ensure_ascii=False),
    }


def _projection(row: dict[str, str]) -> EventProjection:
    day = row["SQLDATE"]
    return EventProjection(
        event_id=row["GLOBALEVENTID"],
        type=optional(row["ew_plover_type"]),
        acled_event_type=optional(row["ew_acled_event_type"]),
        acled_sub_event_type=optional(row["ew_acled_sub_event_type"]),
        cameo=optional(row["EventCode"]),
        date=f"{day[:4]}-{day[4:6]}-{day[6:8]}" if day else None,
        country=iso3_from_fips(row["ActionGeo_CountryCode"]),
        admin1=optional(row["ew_admin1"]),
        lat=optional_float(row["ActionGeo_Lat"]),
        lon=optional_float(row["ActionGeo_Long"]),
        geo_precision=optional_int(row["ew_geo_precision"]),
        fatalities=int(row["ew_fatalities"] or 0),
        source_actors=tuple(n for n in json.loads(row["ew_source_actors"]) if n),
        target_actors=tuple(n for n in json.loads(row["ew_target_actors"]) if n),
    )
