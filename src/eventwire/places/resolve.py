"""Toponym resolution: pick the GeoNames entry each place mention means.

Candidates come from the gazetteer (spellings and transliterations meet through its name
keys; AP-style state abbreviations and demonyms are read as the state or country they stand
for). Each candidate gets a prior (feature, population, the feature the wording asks for,
how exactly the name matched) and is then scored in two passes with the article's context:
the first pass resolves every mention on its own and so tells which countries and
first-level divisions the article is about and where its places lie; the second scores
each candidate by that focus (leaving the mention's own first answer out), by its distance
to the other places, and by the enclosing place the text gives ("Latamneh in northern
Hama", "Mansfield, La."). One name keeps one sense per article. A village the gazetteer
lacks falls back to the enclosing division it was given in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from eventwire.doc import Document, PlaceMention
from eventwire.lexicon import Lexicon
from eventwire.places.context import Context
from eventwire.places.names import expand_abbreviation, normalize
from eventwire.records import Place
from eventwire.registry import register

NEAR_WORDS = ("outskirts", "near", "outside", "around", "close to", "vicinity", "edge of")
DIVISIONS = ("PCLI", "ADM1", "CONT")
COUNTY_WORDS = ("county", "parish", "borough")
# Words for a continent (and the union named after one) that the country lexicon lacks.
CONTINENT_WORDS = {
    "european": "Europe", "europeans": "Europe", "eu": "Europe", "european union": "Europe",
    "african": "Africa", "africans": "Africa", "asian": "Asia", "asians": "Asia",
    "south american": "South America", "north american": "North America",
}
# Weights of the score's parts, set by hand (see docs/accuracy.md).
W_COUNTRY, W_ADMIN1, W_NEAR, W_HINT, W_LOOSE, W_CAPITAL, W_NAME = 4.0, 3.0, 2.5, 5.0, 1.5, 1.5, 1.0
W_BARE_ADM1 = 1.5


def _precision(mention: PlaceMention, feature: str, context: str) -> int:
    if feature == "PPL":
        near = any(w in context for w in NEAR_WORDS)
        return 2 if near or mention.region_modifier else 1
    if feature in ("ADM1", "ADM2"):
        return 2 if mention.region_modifier else 3
    return 3


def to_place(entry, mention: PlaceMention, precision: int, *, text: str | None = None) -> Place:
    """A :class:`Place` record for a gazetteer entry as mentioned in the text."""
    admin1 = entry.name if entry.feature == "ADM1" else entry.admin1_name
    return Place(
        name=entry.name, text=text or mention.text, geonameid=entry.geonameid,
        lat=round(entry.lat, 5), lon=round(entry.lon, 5), country=entry.country_iso3,
        admin1=admin1, admin2=entry.name if entry.feature == "ADM2" else None,
        geo_precision=precision, feature=entry.feature, start=mention.start, end=mention.end,
    )


@dataclass
class Found:
    """The candidates of one mention and what the text says about them."""

    cands: list
    exact: bool
    hint: set = field(default_factory=set)  # enclosing divisions (ids), countries (ISO codes)
    first: object = None  # the first pass's answer


class Resolver:
    """Scores gazetteer candidates for the mentions of one article."""

    def __init__(self, gazetteer, lexicon: Lexicon) -> None:
        self.gaz = gazetteer
        self.lexicon = lexicon
        self.capitals = capitals()

    def candidates(self, text: str) -> tuple[list, bool]:
        """Gazetteer entries ``text`` may mean, and whether the name matched exactly."""
        state = expand_abbreviation(text)
        if state is not None:
            return [e for e in self.gaz.lookup(state, country="US", fuzzy=False)
                    if e.feature == "ADM1"], True
        exact = self.gaz.lookup(text, fuzzy=False)
        country = self._demonym_country(text, exact)
        if country is not None:
            return [country, *(e for e in exact if e.geonameid != country.geonameid)], True
        if exact:
            return exact, True
        return self.gaz.lookup(text, fuzzy=True)[:20], False

    def _demonym_country(self, text: str, exact: list):
        """The country (or continent) a demonym or country word names ("Syrians" -> Syria),
        if no exact country or division already has this name."""
        if any(e.feature in DIVISIONS for e in exact):
            return None
        continent = CONTINENT_WORDS.get(normalize(text))
        if continent is not None:
            return next((e for e in self.gaz.lookup(continent, fuzzy=False)
                         if e.feature == "CONT"), None)
        iso3 = self.lexicon.country_of(text)
        if iso3 is None and text.endswith("s"):
            iso3 = self.lexicon.country_of(text[:-1])
        return self.gaz.country(iso3) if iso3 else None

    def resolve(self, doc: Document) -> None:
        """Set ``place`` on every mention of ``doc`` that can be resolved."""
        found = {id(m): self._found(m) for m in doc.places}
        order = sorted(doc.places, key=lambda m: (m.feature_hint is None, m.start))
        base = Context.of(doc, self.lexicon, self.gaz)
        answers = []
        for m in order:  # first pass: each mention on its own, with the article's countries
            f = found[id(m)]
            ranked = sorted(f.cands, key=lambda e: -self.score(e, m, f, base, None))
            f.first = ranked[0] if ranked else None
            answers.append((normalize(m.text), f.first, ranked))
        ctx = base.with_answers(answers)
        senses: dict[str, object] = {}
        for m in order:
            f = found[id(m)]
            key = normalize(m.text)
            cands = f.cands if f.exact else [  # a loose spelling only in the article's countries
                e for e in f.cands if ctx.country_share(e.country_iso2, key) > 0]
            best = senses.get(key) or max(
                cands, key=lambda e: self.score(e, m, f, ctx, key), default=None)
            context = doc.text[max(0, m.start - 40) : m.start].lower()
            if best is not None:
                senses.setdefault(key, best)
                m.place = to_place(best, m, _precision(m, best.feature, context))
            elif f.hint and not f.cands:
                self._fall_back(m, f)

    def _fall_back(self, m: PlaceMention, f: Found) -> None:
        admins = [self.gaz.get(gid) for gid in f.hint if isinstance(gid, int)]
        admin = next((a for a in admins if a is not None and a.feature == "ADM1"), None)
        if admin is not None:
            m.place = to_place(admin, m, 2, text=m.text)

    def _found(self, m: PlaceMention) -> Found:
        cands, exact = self.candidates(m.text)
        hint = self._hint_ids(m)
        if any(e.feature in DIVISIONS for e in cands):
            hint = set()  # a list ("Ohio, Texas"): the next name encloses nothing
        elif hint:
            inside = [e for e in cands if _inside(e, hint)]
            # A town missing from the gazetteer falls back to its division, not its country.
            cands = inside or ([] if any(isinstance(h, int) for h in hint) else cands)
        if not exact:
            cands = [e for e in cands if e.feature != "ADM2"]
        return Found(cands, exact, hint)

    def _hint_ids(self, m: PlaceMention) -> set:
        """The first-level divisions (ids) or countries (ISO codes) the text names as enclosing
        ``m``."""
        if not m.admin_hint:
            return set()
        hint_cands, _exact = self.candidates(m.admin_hint)
        return {e.geonameid if e.feature == "ADM1" else e.country_iso2
                for e in hint_cands if e.feature in ("ADM1", "PCLI")}

    def score(self, e, m: PlaceMention, f: Found, ctx: Context, own: str | None) -> float:
        """How likely ``e`` is what ``m`` means, given the article's context."""
        s = prior(e, m, f)
        if e.feature == "PPL" and (e.country_iso2, normalize(e.name)) in self.capitals:
            s += W_CAPITAL  # "Washington" in the news is the capital, not the state
        if normalize(e.name) == normalize(m.text):
            s += W_NAME  # its own name, not an alternate: "Mexico" is the country, not its capital
        s += W_COUNTRY * ctx.country_share(e.country_iso2, own)
        if e.feature in ("PPL", "ADM2"):
            s += W_ADMIN1 * ctx.admin1_share(e.admin1_geonameid, own)
            s += W_NEAR * ctx.nearness(e, own)
        if f.hint and _inside(e, f.hint):
            s += W_HINT
        return s


def capitals() -> set[tuple[str, str]]:
    """(ISO alpha-2, normalised name) of every national capital."""
    from eventwire.places.gazetteer import bundled_data

    return {(cc, normalize(rec["capital"])) for cc, rec in bundled_data("countries.json").items()
            if rec.get("capital")}


def prior(e, m: PlaceMention, f: Found) -> float:
    """The score of a candidate before context: feature, size and the wording around it."""
    s = math.log10((e.population or 0) + 1) / 2
    hint = m.feature_hint
    if e.feature in ("PCLI", "CONT"):
        s += 3.0
    elif e.feature == "ADM1":
        if hint in ("ADM1", "ADM") or m.region_modifier:
            s += 4.0
        else:  # a bare "Kabul" is the city, a bare "Texas" the state
            s += -1.0 if _has_namesake(e, f.cands) else W_BARE_ADM1
    elif e.feature == "ADM2":
        named = m.text.lower().rsplit(" ", 1)[-1] in COUNTY_WORDS
        s += 6.0 if named or hint == "ADM" else -2.0
    elif hint == "PPL":
        s += 2.0
    return s - (0.0 if f.exact else W_LOOSE)


def _has_namesake(division, cands: list) -> bool:
    """Whether a town inside the division is called like it (Kabul in Kabul province)."""
    own = normalize(division.name)
    return any(c.feature == "PPL" and c.admin1_geonameid == division.geonameid
               and normalize(c.name) == own for c in cands)


def _inside(e, hint: set) -> bool:
    return e.geonameid in hint or e.admin1_geonameid in hint or e.country_iso2 in hint


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

