"""Event -> place: decide where each event happened.

In order: a place in the trigger's own phrase ("pounded towns in Idlib province"), for
violent events a place elsewhere in its sentence, the place of the event it continues
(within two sentences), the article's dateline, and for violent events the article's
main place. Places that name actors (Tehran and Moscow as governments, the countries of
"the presidents of Turkey, Iran and Russia") are not event places.

Beside ``Event.place`` (kept at the town for ACLED coding), the trained linker
(:mod:`eventwire.places.linker`) stores every place the event happened at, as written and
possibly finer (a quarter, a camp), in ``notes["linked"]``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from eventwire.doc import Document, EventCandidate, PlaceMention
from eventwire.ontology import event_class, is_violent
from eventwire.nlp.clauses import own_tokens
from eventwire.places.names import normalize
from eventwire.records import Fatalities, Place
from eventwire.registry import register

RANK = {"PPL": 0, "ADM1": 1, "PCLI": 2}


def _specificity(m: PlaceMention) -> tuple[int, int]:
    feature = m.place.feature if m.place else "PCLI"
    return (m.place is None, RANK.get(feature or "PCLI", 2))


def _actor_spans(cand: EventCandidate) -> list[tuple[int, int]]:
    return [(a.start, a.end) for a in (*cand.source_actors, *cand.target_actors) if a.start >= 0]


def _usable(m: PlaceMention, spans: list[tuple[int, int]]) -> bool:
    if m.place is None or not m.is_event_place:
        return False
    return not any(s <= m.start and m.end <= e for s, e in spans)


LOCATIVE = {"in", "at", "near", "outside", "around", "across", "inside", "throughout"}


def _own_tokens(doc: Document, cand: EventCandidate, triggers: set[int]) -> set[int]:
    """Token indices of the trigger's own phrase: not other clauses, not other events."""
    tok = doc.spacy[cand.trigger_token]
    roots = []
    if tok.pos_ in ("NOUN", "PROPN") and tok.head.pos_ in ("VERB", "AUX"):
        roots = [c for c in tok.head.children if c.dep_ == "prep" and c.lower_ in LOCATIVE]
    return own_tokens(tok, roots=roots, stop=frozenset(triggers))


def _in_subtree(doc: Document, cand: EventCandidate, mentions: list[PlaceMention]) -> list[PlaceMention]:
    triggers = {c.trigger_token for c in doc.candidates if c is not cand}
    own = _own_tokens(doc, cand, triggers)
    out = []
    for m in mentions:
        toks = [t.i for t in doc.spacy.char_span(m.start, m.end, alignment_mode="expand") or []]
        if toks and all(i in own for i in toks):
            out.append(m)
    return out


def _locative(doc: Document, m: PlaceMention) -> bool:
    """'met in Ankara' rather than 'officials from Tehran'."""
    before = doc.text[max(0, m.start - 25) : m.start].lower().split()
    return bool(before) and any(w in LOCATIVE for w in before[-3:])


def _contains(outer: Place, inner: Place) -> bool:
    if outer.country != inner.country or outer is inner:
        return False
    return outer.feature == "PCLI" or (outer.feature == "ADM1" and outer.admin1 == inner.admin1)


def _mark_metonyms(doc: Document) -> None:
    """Capitals standing for governments ('Tehran and Moscow have helped') are actors."""
    for m in doc.places:
        toks = [t for t in doc.spacy if m.start <= t.idx < m.end]
        if not toks:
            continue
        head = toks[-1]
        while head.dep_ == "conj":
            head = head.head
        if head.dep_ in ("nsubj", "poss") and m.place is not None and head.head.pos_ == "VERB":
            m.is_event_place = False


def _main_place(doc: Document) -> Place | None:
    counts = Counter(
        (m.place.admin1, m.place.country) for m in doc.places if m.place and m.is_event_place
    )
    if not counts:
        return None
    (admin1, _country), _n = counts.most_common(1)[0]
    for m in doc.places:
        if m.place and m.place.admin1 == admin1 and m.place.feature in ("ADM1", "PCLI"):
            return m.place
    return None


def _without_containers(mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Drop 'Hama' from 'Latamneh in northern Hama': it only says where Latamneh is."""
    hints = {normalize(m.admin_hint) for m in mentions if m.admin_hint}
    return [m for m in mentions if normalize(m.text) not in hints or m.admin_hint]


def own_places(doc: Document, cand: EventCandidate) -> list[Place]:
    """The places in the trigger's own phrase, the most specific per division."""
    spans = _actor_spans(cand)
    sent = doc.sentences[cand.sentence_index]
    in_sentence = [m for m in doc.places if sent.start_char <= m.start < sent.end_char and _usable(m, spans)]
    own = sorted(_without_containers(_in_subtree(doc, cand, in_sentence)),
                 key=lambda m: (*_specificity(m), not _locative(doc, m)))
    kept: list[Place] = []
    for m in own:  # most specific first; drop a region that only encloses a kept place
        if not any(_contains(m.place, k) or _same_division(m.place, k) for k in kept):
            kept.append(m.place)
    return kept


def _same_division(a: Place, b: Place) -> bool:
    return (a.country, a.admin1) == (b.country, b.admin1)


def choose_place(doc: Document, cand: EventCandidate, previous: list[EventCandidate]) -> Place | None:
    """The place of one event (see the module docstring for the order)."""
    spans = _actor_spans(cand)
    sent = doc.sentences[cand.sentence_index]
    in_sentence = [m for m in doc.places if sent.start_char <= m.start < sent.end_char and _usable(m, spans)]
    own = own_places(doc, cand)
    if own:
        return own[0]
    unknown = _unresolved_own(doc, cand)
    if unknown is not None:
        return unknown
    violent = _located(cand.code)
    if violent and in_sentence:
        return sorted(in_sentence, key=_specificity)[0].place
    for prev in reversed(previous):
        if cand.sentence_index - prev.sentence_index > 2:
            break
        if prev.place is not None and _located(prev.code) == violent:
            return prev.place
    if doc.dateline is not None and doc.dateline.place is not None:
        return doc.dateline.place
    if not violent:
        speaker = _speaker_place(doc, cand, in_sentence_all(doc, cand))
        if speaker is not None:
            return speaker
    return _main_place(doc) if violent else None


def in_sentence_all(doc: Document, cand: EventCandidate) -> list[PlaceMention]:
    sent = doc.sentences[cand.sentence_index]
    return [m for m in doc.places if sent.start_char <= m.start < sent.end_char and m.place]


def _speaker_place(doc: Document, cand: EventCandidate, mentions: list[PlaceMention]) -> Place | None:
    """'the head of the MONUSCO office in Bunia called on ...': where the speaker is."""
    triggers = {c.trigger_token for c in doc.candidates if c is not cand}
    own = _own_tokens(doc, cand, triggers)
    for m in mentions:
        tok = doc.spacy.char_span(m.start, m.end, alignment_mode="expand")
        if tok is not None and tok[0].i in own and tok[0].i > 0 and doc.spacy[tok[0].i - 1].lower_ in ("in", "at"):
            return m.place
    return None


def _unresolved_own(doc: Document, cand: EventCandidate) -> Place | None:
    """A place the text names for this event but the gazetteer lacks: keep its name (and
    the article's country) rather than borrow the place of another event."""
    sent = doc.sentences[cand.sentence_index]
    pending = [m for m in doc.places if sent.start_char <= m.start < sent.end_char
               and m.place is None and m.is_event_place and m.how != "dateline"]
    mine = _in_subtree(doc, cand, pending)
    if not mine:
        return None
    m = mine[0]
    from eventwire.assemble import main_country

    return Place(name=m.text, text=m.text, country=main_country(doc), geo_precision=3,
                 start=m.start, end=m.end)


def _located(code: str) -> bool:
    """Events ACLED codes (violence, protests, arrests ...) always get a place."""
    return is_violent(code) or event_class(code).acled_event_type is not None


def linked_places(doc: Document, cand: EventCandidate, cands: list | None = None) -> list[Place]:
    """Every place the trained linker (:mod:`eventwire.places.linker`) links to ``cand``, as
    written in the text: a quarter stays the quarter, a name the gazetteer lacks stays
    unresolved (``geonameid`` None). Finer than ``Event.place``, which ACLED coding keeps
    at the town; stored on the candidate as ``notes["linked"]``."""
    from eventwire.places.linker import link

    out = []
    for c, _p, (start, end) in link(doc, cand, cands=cands):
        text = doc.text[start:end]
        if c.mention is not None and c.mention.place is not None:
            out.append(replace(c.mention.place, text=text, start=start, end=end))
        else:
            out.append(Place(name=text, text=text, geo_precision=3, start=start, end=end))
    return out


def split_toll(toll: Fatalities | None, parts: int) -> list[Fatalities | None]:
    """A toll reported for several places at once, divided evenly as ACLED does (the
    remainder to the first places), so the parts add up to the whole and none gets it all."""
    if toll is None:
        return [None] * parts

    def share(n: int, i: int) -> int:
        return n // parts + (1 if i < n % parts else 0)

    out: list[Fatalities | None] = []
    for i in range(parts):
        best = share(toll.best, i)
        part = replace(toll, best=best, low=min(share(toll.low, i), best), high=max(share(toll.high, i), best))
        out.append(part if best > 0 else None)
    return out


@register("steps", "places.link.v1")
class LinkStep:
    """Give each event the place where it happened."""

    name = "places.link.v1"
    requires = ("resolved_places", "actors")
    assigns = ("event_places",)

    def __init__(self, resources) -> None:
        self.resources = resources

    def __call__(self, doc: Document) -> Document:
        from eventwire.places.linker import candidates

        _mark_metonyms(doc)
        spans = candidates(doc)
        done: list[EventCandidate] = []
        for cand in doc.candidates:
            cand.notes["linked"] = tuple(linked_places(doc, cand, spans))
            places = own_places(doc, cand) if is_violent(cand.code) else []
            if len(places) > 1:  # strikes on villages in two provinces are two events
                tolls = split_toll(cand.fatalities, len(places))
                for i, place in enumerate(places):
                    part = replace(cand, notes={**cand.notes, "split": i}, fatalities=tolls[i])
                    part.place = place
                    done.append(part)
                continue
            cand.place = choose_place(doc, cand, done)
            done.append(cand)
        doc.candidates = done
        return doc
