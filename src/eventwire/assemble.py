"""Turn the candidates of one article into :class:`~eventwire.records.Event` records.

Reads the mapping table for the three ontologies, sets ACLED inter codes (state forces
acting outside their own country are external forces, as ACLED codes them), merges
mentions of one event within the article (the summit named in the lead and again as
"Friday's summit"), and gives each event a stable id so that coding the same article
twice gives the same events.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import replace

from eventwire.doc import Document, EventCandidate
from eventwire.ontology import event_class, is_violent
from eventwire.records import Actor, Event, EventDate, Evidence, Fatalities
from eventwire.registry import register

STATE = {"GOV", "MIL", "COP", "JUD", "SPY"}
INTER = {"REB": 2, "MILITIA": 3, "PRO": 6, "CVL": 7, "MED": 7, "EDU": 7, "BUS": 7, "LAB": 7,
         "REF": 7, "HLH": 7, "AGR": 7, "REL": 7, "IGO": 8, "NGO": 8, "UAF": 2, "OPP": 3}


def inter_code(actor: Actor, event_country: str | None, rioting: bool = False) -> int | None:
    """ACLED's inter code for one actor in an event located in ``event_country``."""
    if actor.sector in STATE:
        if actor.country and event_country and actor.country != event_country:
            return 8
        return 1
    if actor.sector == "PRO" and rioting:
        return 5
    return INTER.get(actor.sector or "")


# Sectors that are, unless the text says otherwise, of the country where the event is.
DOMESTIC = {"MIL", "COP", "GOV", "JUD", "CVL", "PRO", "REB", "OPP", "LAB", "EDU", "BUS", "MED",
            "REL", "HLH", "AGR", "REF", "SPY"}


def _localise(actor: Actor, country: str | None) -> Actor:
    """'police', 'civilians': the police and civilians of the country of the event."""
    if actor.country or not country or actor.sector not in DOMESTIC:
        return actor
    from eventwire.actors import _actor_name

    generic = actor.name == _actor_name(None, actor.sector)
    return replace(actor, country=country, name=_actor_name(country, actor.sector) if generic else actor.name)


def _with_inter(actors: list[Actor], home: str | None, place_country: str | None,
                rioting: bool) -> tuple[Actor, ...]:
    """Actors with their country filled from the event's (or article's) country and their
    ACLED inter code, which needs the country where the event took place."""
    return tuple(
        replace(b, inter=inter_code(b, place_country, rioting))
        for b in (_localise(a, home) for a in actors)
    )


def main_country(doc: Document) -> str | None:
    """The country most of the article's places are in."""
    counts = Counter(m.place.country for m in doc.places if m.place and m.place.country)
    return counts.most_common(1)[0][0] if counts else None


PROTEST_CODES = {"protest", "protest_intervention", "excessive_force", "riot"}
SEVERITY = ["protest", "protest_intervention", "riot", "excessive_force"]


def merge_key(c: EventCandidate) -> tuple:
    """What two tellings of one event must share: modality, day, kind and place.

    Violent events must agree on their ACLED sub-type and on the place as written (two
    strikes on two villages stay two); a march and the police's response at one place are
    one protest event; other events need the same PLOVER type. A missing place matches
    only a missing place, so merging does not depend on the order of mentions.
    """
    cls = event_class(c.code)
    violent = is_violent(c.code) and c.code not in PROTEST_CODES
    if c.code in PROTEST_CODES:
        kind: tuple = ("PROTEST",)
    elif violent:
        kind = (cls.plover_type, cls.plover_mode, cls.acled_sub_event_type)
    else:
        kind = (cls.plover_type,)
    place = None
    if c.place is not None:
        place = (c.place.geonameid, c.place.text) if violent else (c.place.geonameid,)
    return (c.modality, c.date.value if c.date else None, kind, place)


def _compatible(a: EventCandidate, b: EventCandidate) -> bool:
    """The actors do not contradict: violent events share a party (or one names none);
    others name the same actors, one set within the other."""
    if is_violent(a.code) and a.code not in PROTEST_CODES:
        parties_a, parties_b = _parties(a), _parties(b)
        return not parties_a or not parties_b or bool(parties_a & parties_b)
    if a.code in PROTEST_CODES:
        return True
    ka, kb = _actor_key(a), _actor_key(b)
    return not ka or not kb or ka <= kb or kb <= ka


def _parties(c: EventCandidate) -> set:
    return {(x.country, x.sector) for x in (*c.source_actors, *c.target_actors)}


def _actor_key(c: EventCandidate) -> set:
    return {(x.country, x.sector) for x in c.source_actors}


def _specific(code: str) -> tuple:
    """Which of two codes for one event to keep: the graver protest, else the one with a
    PLOVER mode ('summit' over 'meeting'), else the first in alphabetical order."""
    return (SEVERITY.index(code) if code in SEVERITY else -1,
            event_class(code).plover_mode is not None, [-ord(ch) for ch in code])


def _absorb(keep: EventCandidate, other: EventCandidate) -> None:
    keep.code = max(keep.code, other.code, key=_specific)
    keep.reported_by = list(dict.fromkeys([*keep.reported_by, *other.reported_by]))
    if not keep.source_actors:
        keep.source_actors = other.source_actors
    if not keep.target_actors:
        keep.target_actors = other.target_actors
    if keep.place is None or (other.place and other.place.geo_precision < keep.place.geo_precision):
        keep.place = other.place
    if other.fatalities and (keep.fatalities is None or other.fatalities.best < keep.fatalities.best):
        keep.fatalities = other.fatalities  # reports differ: the most conservative toll, once
    keep.confidence = max(keep.confidence, other.confidence)


def merge_mentions(cands: list[EventCandidate]) -> list[EventCandidate]:
    """Fold candidates that are the same event told twice into the first telling."""
    kept: list[EventCandidate] = []
    for c in cands:
        if c.merged:
            continue
        key = merge_key(c)
        host = next((k for k in kept if merge_key(k) == key and _compatible(k, c)), None)
        if host is None:
            kept.append(c)
        else:
            _absorb(host, c)
    return kept


def event_id(article_id: str, cand: EventCandidate) -> str:
    """Stable id from the article, the trigger's offsets, the code and the place."""
    place = cand.place.geonameid if cand.place else ""
    key = f"{article_id}|{cand.trigger_start}|{cand.code}|{place}|{cand.notes.get('split', 0)}"
    return "e" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _confidence(cand: EventCandidate) -> float:
    score = cand.confidence
    score += 0.15 if cand.source_actors else 0.0
    score += 0.1 if cand.place is not None else 0.0
    score += 0.05 if cand.reported_by else 0.0
    score -= 0.1 if cand.notes.get("actors_inherited") else 0.0
    return round(max(0.05, min(0.99, score)), 2)


def build_event(doc: Document, cand: EventCandidate, provenance: tuple[str, ...],
                home_country: str | None = None) -> Event:
    """One :class:`Event` from a finished candidate."""
    if cand.code == "protest_intervention" and cand.fatalities and cand.fatalities.best > 0:
        cand.code = "excessive_force"  # protesters killed: not mere intervention
    cls = event_class(cand.code)
    sent = doc.sentences[cand.sentence_index]
    place_country = cand.place.country if cand.place else None
    home = place_country or home_country
    rioting = cand.code in ("riot", "mob_violence")
    article = doc.article
    return Event(
        event_id=event_id(article.article_id, cand),
        article_id=article.article_id,
        type=cls.plover_type,
        mode=cls.plover_mode,
        acled_event_type=cls.acled_event_type,
        acled_sub_event_type=cls.acled_sub_event_type,
        cameo=cls.cameo,
        source_actors=_with_inter(cand.source_actors, home, place_country, rioting),
        target_actors=_with_inter(cand.target_actors, home, place_country, rioting),
        place=cand.place,
        date=cand.date or EventDate(article.published, 2 if article.published else 3, "",
                                    basis="publication" if article.published else None),
        fatalities=cand.fatalities if isinstance(cand.fatalities, Fatalities) else None,
        reported_by=tuple(cand.reported_by),
        modality=cand.modality,
        evidence=Evidence(
            sentence=sent.text, start=sent.start_char, end=sent.end_char,
            trigger=cand.trigger_text, trigger_start=cand.trigger_start, trigger_end=cand.trigger_end,
        ),
        confidence=_confidence(cand),
        provenance=provenance,
        url=article.url,
        source_name=article.source_name,
    )


@register("steps", "events.assemble.v1")
class AssembleStep:
    """Build the final event records of the article."""

    name = "events.assemble.v1"
    requires = ("candidates", "actors", "dates", "news", "fatalities", "sources", "event_places")
    assigns = ("events",)

    def __init__(self, resources) -> None:
        self.resources = resources

    def __call__(self, doc: Document) -> Document:
        provenance = (*doc.provenance, self.name)
        home = main_country(doc)  # once per article, not once per event
        events = [build_event(doc, c, provenance, home) for c in merge_mentions(doc.candidates)]
        doc.events = unique_ids(events)
        return doc


def unique_ids(events: list[Event]) -> list[Event]:
    """The events with ids unique within the article: two events on one trigger with one code
    and place (an asserted and a negated reading of "police") would otherwise share an id,
    which the store refuses. The second and later get the ordinal appended, stably."""
    seen: dict[str, int] = {}
    out = []
    for ev in events:
        n = seen.get(ev.event_id, 0)
        seen[ev.event_id] = n + 1
        out.append(ev if n == 0 else replace(ev, event_id=f"{ev.event_id}-{n}"))
    return out
