"""Toponym resolution: pick the GeoNames entry each place mention means.

Candidates come from the gazetteer (spellings and transliterations meet through its
name keys); they are scored with the article's context: the countries it is about
(country names and demonyms), the first-level divisions it names, the enclosing place
given in the text ("Latamneh in northern Hama"), the feature the wording asks for
("the village of", "province"), population, and one sense per name per article.
A village the gazetteer lacks falls back to the enclosing division it was given in.
"""

from __future__ import annotations

import math
from collections import Counter

from eventwire.doc import Document, PlaceMention
from eventwire.lexicon import Lexicon
from eventwire.places.names import normalize
from eventwire.records import Place
from eventwire.registry import register

NEAR_WORDS = ("outskirts", "near", "outside", "around", "close to", "vicinity", "edge of")


def _precision(mention: PlaceMention, feature: str, context: str) -> int:
    if feature == "PPL":
        near = any(w in context for w in NEAR_WORDS)
        return 2 if near or mention.region_modifier else 1
    if feature == "ADM1":
        return 2 if mention.region_modifier else 3
    return 3


def to_place(entry, mention: PlaceMention, precision: int, *, text: str | None = None) -> Place:
    """A :class:`Place` record for a gazetteer entry as mentioned in the text."""
    admin1 = entry.name if entry.feature == "ADM1" else entry.admin1_name
    return Place(
        name=entry.name, text=text or mention.text, geonameid=entry.geonameid,
        lat=round(entry.lat, 5), lon=round(entry.lon, 5), country=entry.country_iso3,
        admin1=admin1, admin2=None, geo_precision=precision, feature=entry.feature,
        start=mention.start, end=mention.end,
    )


class Resolver:
    """Scores gazetteer candidates for the mentions of one article."""

    def __init__(self, gazetteer, lexicon: Lexicon) -> None:
        self.gaz = gazetteer
        self.lexicon = lexicon

    def candidates(self, text: str) -> tuple[list, bool]:
        exact = self.gaz.lookup(text, fuzzy=False)
        if exact:
            return exact, True
        return self.gaz.lookup(text, fuzzy=True)[:20], False

    def country_focus(self, doc: Document, found: dict[int, tuple[list, bool]]) -> Counter:
        focus: Counter = Counter()
        for cands, _exact in found.values():
            for e in cands[:1]:
                if e.feature == "PCLI":
                    focus[e.country_iso2] += 2
        for cands, exact in found.values():  # a name that exists in one country only
            countries = {e.country_iso2 for e in cands if e.feature == "PPL"}
            if exact and len(countries) == 1:
                focus[next(iter(countries))] += 1
        for ent in doc.spacy.ents:
            if ent.label_ == "NORP":
                iso3 = self.lexicon.country_of(ent.text)
                country = self.gaz.country(iso3) if iso3 else None
                if country is not None:
                    focus[country.country_iso2] += 1
        return focus

    def score(self, e, m: PlaceMention, exact: bool, focus: Counter, hint_admin: set, admins: set) -> float:
        total = sum(focus.values()) or 1
        s = 4.0 * focus.get(e.country_iso2, 0) / total
        s += math.log10((e.population or 0) + 1) / 2
        if e.feature == "PCLI":
            s += 3.0
        elif e.feature == "ADM1":  # a bare "Kabul" is the city; "Kabul province" the province
            s += 4.0 if m.feature_hint in ("ADM1", "ADM") or m.region_modifier else -1.0
        else:
            s += 2.0 if m.feature_hint == "PPL" else 0.0
        if e.feature == "PPL" and e.admin1_geonameid in hint_admin:
            s += 5.0
        elif e.feature == "PPL" and e.admin1_geonameid in admins:
            s += 1.5
        return s - (0.0 if exact else 1.5)

    def resolve(self, doc: Document) -> None:
        found = {id(m): self.candidates(m.text) for m in doc.places}
        focus = self.country_focus(doc, found)
        senses: dict[str, object] = {}
        admins: set = set()
        for m in sorted(doc.places, key=lambda m: (m.feature_hint is None, m.start)):
            cands, exact = found[id(m)]
            hint_admin = self._hint_admins(m)
            cands = _plausible(cands, exact, focus, hint_admin)
            key = normalize(m.text)
            if key in senses:
                best = senses[key]
            elif cands:
                best = max(cands, key=lambda e: self.score(e, m, exact, focus, hint_admin, admins))
            else:
                best = None
            context = doc.text[max(0, m.start - 40) : m.start].lower()
            if best is not None:
                senses.setdefault(key, best)
                if best.feature == "ADM1":
                    admins.add(best.geonameid)
                m.place = to_place(best, m, _precision(m, best.feature, context))
            elif hint_admin:
                admin = self.gaz.get(next(iter(hint_admin)))
                if admin is not None:
                    m.place = to_place(admin, m, 2, text=m.text)

    def _hint_admins(self, m: PlaceMention) -> set:
        if not m.admin_hint:
            return set()
        return {e.geonameid for e in self.gaz.lookup(m.admin_hint, fuzzy=False) if e.feature == "ADM1"}


def _plausible(cands: list, exact: bool, focus: Counter, hint_admin: set) -> list:
    """Drop candidates the text rules out: outside the enclosing division it names, or,
    for a spelling that only matched loosely, outside the countries the article is about."""
    if hint_admin:
        cands = [e for e in cands if e.admin1_geonameid in hint_admin or e.geonameid in hint_admin]
    if not exact:
        cands = [e for e in cands if focus.get(e.country_iso2)]
    return cands


@register("steps", "places.resolve.v1")
class ResolveStep:
    """Resolve every place mention to a GeoNames entry (or its enclosing division)."""

    name = "places.resolve.v1"
    requires = ("places",)
    assigns = ("resolved_places",)

    def __init__(self, resources) -> None:
        self.resources = resources
        self._resolver: Resolver | None = None

    def __call__(self, doc: Document) -> Document:
        if self._resolver is None:
            self._resolver = Resolver(self.resources.gazetteer, Lexicon.load())
        self._resolver.resolve(doc)
        return doc
