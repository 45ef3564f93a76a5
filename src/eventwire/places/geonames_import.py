"""Reading GeoNames dump files into the gazetteer (behind ``gazetteer.import_geonames``).

Dump files (allCountries.txt, SY.txt, cities500.txt) have 19 tab-separated columns: geonameid,
name, asciiname, alternatenames, latitude, longitude, feature class, feature code, country
code, cc2, admin1 .. admin4 codes, population, elevation, dem, timezone, modification date.
alternateNames files have alternateNameId, geonameid, isolanguage, alternate name, then flags
(preferred, short, colloquial, historic) and a validity period.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from unidecode import unidecode

from eventwire.errors import GazetteerError, InputError
from eventwire.places.gazetteer import (
    INDEXES,
    LINK_ADMIN1,
    SCHEMA,
    SCHEMA_VERSION,
    BuildReport,
    PlaceRow,
    bundled_data,
    name_rows,
)
from eventwire.places.names import name_keys, normalize, skeleton_of_normalized, usable_alternate

MAX_PROBLEMS = 20
# GeoNames feature codes read as countries (independent, dependent, freely associated, ...).
_COUNTRY_CODES = frozenset({"PCL", "PCLI", "PCLD", "PCLF", "PCLS", "PCLIX"})
# alternateNames "languages" that hold codes and links rather than names.
_NOT_LANGUAGES = frozenset(
    {"link", "post", "iata", "icao", "faac", "abbr", "wkdt", "unlc", "tcid", "fr_1793"})


class _Problems:
    """Counts broken input rows and keeps the first few messages."""

    def __init__(self) -> None:
        self.skipped = 0
        self.messages: list[str] = []

    def add(self, path: Path, line: int, reason: str) -> None:
        self.skipped += 1
        if len(self.messages) < MAX_PROBLEMS:
            self.messages.append(str(InputError(f"{path}:{line}", reason)))


def _record_import(conn: sqlite3.Connection, dump: Path, alternates: Path | None) -> None:
    """Note the dump in the index's meta table, so a rebuild can say what it would drop."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'imports'").fetchone()
    imports = json.loads(row[0]) if row else []
    imports.append(str(dump) + (f" + {alternates}" if alternates else ""))
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('imports', ?)", (json.dumps(imports),))


def import_dump(target: Path, dump: Path, alternates: Path | None) -> BuildReport:
    """Import ``dump`` (and ``alternates``) into the gazetteer at ``target``; see
    ``gazetteer.import_geonames``, the public entry point."""
    started, problems = time.perf_counter(), _Problems()
    try:
        conn = sqlite3.connect(target)
    except sqlite3.Error as exc:
        raise GazetteerError(f"{target}: cannot open the gazetteer ({exc})") from exc
    try:
        conn.executescript(SCHEMA + INDEXES)
        conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        places, names = _import_dump(conn, dump, problems)
        if alternates is not None:
            names += _import_alternates(conn, alternates, problems)
        _record_import(conn, dump, alternates)
        conn.commit()
        conn.execute("ANALYZE")
    except (OSError, sqlite3.Error, UnicodeDecodeError) as exc:
        conn.rollback()
        raise GazetteerError(f"{target}: cannot import {dump}: {exc}") from exc
    finally:
        conn.close()
    return BuildReport(str(target), places, names, time.perf_counter() - started,
                       problems.skipped, problems.messages)


def _lines(path: Path, problems: _Problems):
    """(line number, text) of the non-blank lines; a line that is not UTF-8 is reported
    as FILE:LINE and skipped instead of ending the import."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                problems.add(path, number, "not UTF-8 text")
                continue
            if line.strip():
                yield number, line


def _import_dump(conn: sqlite3.Connection, path: Path, problems: _Problems) -> tuple[int, int]:
    iso3 = {cc: rec["iso3"] for cc, rec in bundled_data("countries.json").items()}
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS moved (old INTEGER PRIMARY KEY, new INTEGER)")
    places = names = 0
    for number, line in _lines(path, problems):
        try:
            parsed = _parse_place(line.rstrip("\r\n").split("\t"), iso3)
        except ValueError as exc:
            problems.add(path, number, str(exc))
            continue
        if parsed is not None:
            row, keys = parsed
            _replace_synthetic(conn, row)
            conn.execute("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", row)
            names += conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)",
                                      name_rows([(row.geonameid, keys)])).rowcount
            places += 1
    # Names of replaced synthetic rows move to the real ids in one pass over the names table.
    conn.execute("UPDATE OR IGNORE names SET geonameid = (SELECT new FROM moved WHERE "
                 "old = names.geonameid) WHERE geonameid IN (SELECT old FROM moved)")
    conn.execute("DELETE FROM names WHERE geonameid IN (SELECT old FROM moved)")
    conn.execute("DELETE FROM moved")
    conn.execute(LINK_ADMIN1)
    return places, names


def _parse_place(parts: list[str], iso3: dict[str, str]) -> tuple[PlaceRow, set[str]] | None:
    """A places row and its names from one dump line; None for features not kept."""
    if len(parts) != 19:
        raise ValueError(f"expected 19 tab-separated columns, found {len(parts)}")
    fclass, fcode, cc, code = parts[6], parts[7], parts[8] or None, parts[10] or None
    if fclass == "P":
        feature = "PPL"
    elif fclass == "A" and fcode in ("ADM1", *_COUNTRY_CODES):
        feature = "ADM1" if fcode == "ADM1" else "PCLI"
    else:
        return None
    geonameid = _number(parts[0], int, "geonameid")
    lat, lon = _number(parts[4], float, "latitude"), _number(parts[5], float, "longitude")
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise ValueError(f"coordinates {lat}, {lon} out of range")
    name = parts[1].strip()
    if not normalize(name):
        raise ValueError(f"name {parts[1]!r} has no letters or digits")
    population = _number(parts[14] or "0", int, "population")
    # A division is its own admin1; a city's admin1 name and id are linked after the import.
    admin1 = (code, name, geonameid) if feature == "ADM1" else (
        code if feature == "PPL" else None, None, None)
    row = PlaceRow(geonameid, name, parts[2] or unidecode(name), lat, lon, cc,
                   iso3.get(cc or ""), feature, population, *admin1)
    return row, name_keys(name, [parts[2], *parts[3].split(",")])


def _number(text: str, kind: type[int] | type[float], column: str) -> Any:
    try:
        return kind(text)
    except ValueError:
        raise ValueError(f"{column} {text!r} is not a number") from None


def _replace_synthetic(conn: sqlite3.Connection, row: PlaceRow) -> None:
    """Drop an older ADM1 or country row that this real record stands for."""
    if row.feature == "ADM1":
        old = conn.execute("SELECT geonameid FROM places AS p WHERE p.feature = 'ADM1' AND "
                           "p.country_iso2 = ? AND p.admin1_code = ? AND p.geonameid != ?",
                           (row.country_iso2, row.admin1_code, row.geonameid)).fetchall()
    elif row.feature == "PCLI":
        old = conn.execute("SELECT geonameid FROM places AS p WHERE p.feature = 'PCLI' AND "
                           "p.country_iso2 = ? AND p.geonameid != ?",
                           (row.country_iso2, row.geonameid)).fetchall()
    else:
        return
    for (old_id,) in old:
        conn.execute("INSERT OR REPLACE INTO moved VALUES (?, ?)", (old_id, row.geonameid))
        conn.execute("DELETE FROM places WHERE geonameid = ?", (old_id,))


def _import_alternates(conn: sqlite3.Connection, path: Path, problems: _Problems) -> int:
    """Add names from a GeoNames alternateNames file to places already in the gazetteer."""
    added = 0
    insert = ("INSERT OR IGNORE INTO names SELECT ?, ?, ? "
              "WHERE EXISTS (SELECT 1 FROM places WHERE geonameid = ?)")
    for number, line in _lines(path, problems):
        parts = line.rstrip("\r\n").split("\t")
        if len(parts) < 4 or not parts[1].isdigit():
            problems.add(path, number, "expected alternateNameId, geonameid, language, name")
            continue
        historic = len(parts) > 7 and parts[7] == "1"
        if parts[2] in _NOT_LANGUAGES or historic or not usable_alternate(parts[3]):
            continue
        norm, geonameid = normalize(parts[3]), int(parts[1])
        if norm:
            added += conn.execute(insert, (norm, skeleton_of_normalized(norm), geonameid,
                                           geonameid)).rowcount
    return added
