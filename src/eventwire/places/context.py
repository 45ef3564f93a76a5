"""What an article says about where it is: the countries and first-level divisions its
places belong to, and where those places lie; resolution scores candidates against it.

Votes are counted per name, so a name repeated ten times counts once, and a candidate is
never judged by the mention's own earlier answer (``own`` leaves that name out).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

EARTH_RADIUS_KM = 6371.0088
# How fast being near the article's other places stops mattering (km).
NEAR_SCALE_KM = 150.0
# How many senses of each other name count as places the article may be near, and how
# much one that was not chosen counts.
LIKELY, OTHER_SENSE = 5, 0.6
# A country's vote from an answer of each kind: a country named outright says most.
COUNTRY_VOTE = {"PCLI": 2.0, "ADM1": 1.5, "ADM2": 1.0, "PPL": 1.0}


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass
class Context:
    """Country and division votes of an article, and the points of its resolved places."""

    countries: Counter = field(default_factory=Counter)
    admins: Counter = field(default_factory=Counter)
    by_name: dict = field(default_factory=dict)  # name -> (country, votes, admin1)
    _names: list = field(default_factory=list, repr=False)
    _points: Any = field(default=None, repr=False)  # lat, lon (radians), weight; per _names

    @classmethod
    def of(cls, doc, lexicon, gaz) -> Context:
        """The votes of the article's nationality words ("Syrian": Syria), before resolution."""
        ctx = cls()
        for ent in doc.spacy.ents:
            if ent.label_ == "NORP":
                iso3 = lexicon.country_of(ent.text)
                country = gaz.country(iso3) if iso3 else None
                if country is not None:
                    ctx.countries[country.country_iso2] += 1.0
        return ctx

    def with_answers(self, answers: list[tuple[str, object, list]]) -> Context:
        """A context that also counts these answers, once per name: (name, the entry chosen
        on its own, its most likely candidates in order)."""
        ctx = Context(Counter(self.countries), Counter(self.admins), {})
        rows, names = [], []
        for name, e, likely in answers:
            if e is None or name in ctx.by_name:
                continue
            vote = COUNTRY_VOTE.get(e.feature, 0.0)
            admin = e.admin1_geonameid if e.feature != "PCLI" else None
            ctx.by_name[name] = (e.country_iso2, vote, admin)
            if e.country_iso2:
                ctx.countries[e.country_iso2] += vote
            if admin is not None:
                ctx.admins[admin] += 1.0
            # Each likely sense of the other names is a place the article may be near; the
            # chosen one counts most.
            for c in likely[:LIKELY]:
                if c.feature in ("PPL", "ADM2"):
                    rows.append((c.lat, c.lon, 1.0 if c is e else OTHER_SENSE))
                    names.append(name)
        ctx._names = names
        ctx._points = np.array(rows, dtype=float).reshape(-1, 3)
        ctx._points[:, :2] = np.radians(ctx._points[:, :2])
        return ctx

    def country_share(self, cc: str | None, own: str | None) -> float:
        """The share of the article's country votes that go to ``cc``, leaving ``own`` out."""
        votes = self.countries.get(cc, 0.0)
        counts = Counter(self.countries)
        mine = self.by_name.get(own)
        if mine is not None and mine[0]:
            counts[mine[0]] -= mine[1]
            votes -= mine[1] if mine[0] == cc else 0.0
        total = sum(counts.values())
        return min(1.0, votes / total) if total > 0 and votes > 0 else 0.0

    def admin1_share(self, admin: int | None, own: str | None) -> float:
        """The share of the division votes that go to ``admin``, leaving ``own`` out."""
        if admin is None:
            return 0.0
        votes, total = self.admins.get(admin, 0.0), sum(self.admins.values())
        mine = self.by_name.get(own)
        if mine is not None and mine[2] is not None:
            total -= 1.0
            votes -= 1.0 if mine[2] == admin else 0.0
        return votes / total if total > 0 and votes > 0 else 0.0

    def nearness(self, e, own: str | None) -> float:
        """1 at a likely sense of another name in the article, falling off with distance."""
        if self._points is None or not len(self._names):
            return 0.0
        pts = self._points
        lat, lon = math.radians(e.lat), math.radians(e.lon)
        a = (np.sin((pts[:, 0] - lat) / 2) ** 2
             + math.cos(lat) * np.cos(pts[:, 0]) * np.sin((pts[:, 1] - lon) / 2) ** 2)
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
        close = pts[:, 2] * np.exp(-km / NEAR_SCALE_KM)
        if own is not None:
            close[[i for i, n in enumerate(self._names) if n == own]] = 0.0
        return float(close.max())
