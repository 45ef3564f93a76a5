"""Toponym recognition: spaCy's place entities, plus gazetteer-backed names in place
contexts that the small model mislabels ("the city of Khan Sheikhoun" tagged as a person,
"the village of Abdeen" as a product).

Demonyms ("Syrian") are never places, nor are place names inside organisation names
("Paris Police Department").
"""

from __future__ import annotations

import re

from eventwire.doc import Document, PlaceMention
from eventwire.registry import register

PLACE_NOUNS = {
    "village": "PPL", "town": "PPL", "city": "PPL", "hamlet": "PPL", "settlement": "PPL",
    "suburb": "PPL", "neighbourhood": "PPL", "neighborhood": "PPL", "district": "ADM",
    "area": "PPL", "camp": "PPL", "outskirts": "PPL", "capital": "PPL", "port": "PPL",
    "province": "ADM1", "governorate": "ADM1", "state": "ADM1", "region": "ADM1",
    "county": "ADM", "prefecture": "ADM1", "oblast": "ADM1", "department": "ADM1",
}
# Capitalised, these nouns head the names of offices, not places.
NAME_NOUNS = {"Department", "State", "Area", "Region", "District"}
# Words after a place name that make the whole an institution ("Huntsville Police
# Department"): the place is recognised, but it is not where an event happened.
CIVIC_WORDS = {
    "police", "sheriff", "fire", "county", "council", "school", "schools", "high",
    "university", "college", "hospital", "board", "chamber", "airport", "regional", "medical",
    "public", "library", "district", "court", "jail", "department", "commission", "state",
    "community", "municipal", "memorial", "township", "parish", "museum", "zoo", "police's",
}
COUNTY_WORDS = {"County", "Parish"}
PLACE_PREPS = {"in", "near", "at", "outside", "around", "from", "to", "into", "across", "of",
               "towards", "toward", "inside", "through", "between", "on"}
REGION_WORDS = {
    "southern", "northern", "eastern", "western", "central", "northwestern", "northeastern",
    "southwestern", "southeastern", "north", "south", "east", "west", "rural", "outer",
}
CALENDAR = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "christmas", "easter", "ramadan",
}
# "the Saltivka district of Kharkiv": the event is coded to the town, not the quarter.
QUARTER_OF = re.compile(r"^\s+(district|neighbou?rhood|quarter|suburb|area|section) of\s+$", re.I)
# "120 km southwest of Mogadishu", "southeast of Kharkiv": a reference point, not the place.
REFERENCE_POINT = re.compile(
    r"((km|kilometres|kilometers|miles|mi)\)?|(north|south|east|west)(-?(east|west))?(ern)?)"
    r"\s+(\([^)]*\)\s+)?(north|south|east|west)?(-?(east|west))?\s*(of|from)\s+(the\s+)?$",
    re.I,
)
DATELINE = re.compile(r"^\s*([A-Z][A-Za-z'\-]+(?:[ ][A-Z][A-Za-z'\-]+){0,3})(?:,\s*([A-Z][A-Za-z .]+))?\s*(?:\([^)]{1,40}\))?\s*[-\u2013\u2014]{1,2}\s")


def _region_modifier(toks) -> str | None:
    first = toks[0]
    prev = first.doc[first.i - 1] if first.i > 0 else None
    for t in [c for c in toks[-1].children if c.dep_ == "amod"] + ([prev] if prev is not None else []):
        if t.lower_ in REGION_WORDS:
            return t.lower_
    return None


def _place_noun_hint(toks) -> str | None:
    """'the village of X' / 'X province' -> the feature the name should have."""
    first, last = toks[0], toks[-1]
    doc = first.doc
    if first.i >= 2 and doc[first.i - 1].lower_ == "of" and doc[first.i - 2].lower_ in PLACE_NOUNS:
        if doc[first.i - 2].text in NAME_NOUNS:
            return None  # "Department of Revenue", "Secretary of State of X": an office
        if first.i >= 3 and doc[first.i - 3].pos_ == "PROPN":
            return "PPL"  # "the Saltivka district of Kharkiv": a town with its quarter
        return PLACE_NOUNS[doc[first.i - 2].lower_]
    if last.i + 1 < len(doc) and doc[last.i + 1].lower_ in PLACE_NOUNS:
        return PLACE_NOUNS[doc[last.i + 1].lower_]
    return None


def _in_place_context(toks) -> bool:
    first = toks[0]
    doc = first.doc
    i = first.i - 1
    while i >= 0 and (doc[i].lower_ in REGION_WORDS or doc[i].dep_ == "det"):
        i -= 1
    coordinated = first.dep_ == "conj" and first.head.ent_type_ in ("GPE", "LOC")
    return coordinated or (i >= 0 and doc[i].lower_ in PLACE_PREPS) or _place_noun_hint(toks) is not None


def _proper_runs(sent):
    run: list = []
    for tok in sent:
        if tok.pos_ == "PROPN" or (run and tok.text in ("-", "al", "el", "an", "ad", "ash", "as", "ar", "az")):
            run.append(tok)
            continue
        if run:
            yield _trim(run)
        run = []
    if run:
        yield _trim(run)


def _trim(run: list) -> list:
    while run and run[-1].pos_ != "PROPN":
        run = run[:-1]
    return run


def _admin_hint(toks) -> str | None:
    """'Latamneh in northern Hama': the name of the enclosing place given after 'in'."""
    doc = toks[0].doc
    j = toks[-1].i + 1
    if j < len(doc) and doc[j].lower_ in ("in", ","):
        k = j + 1
        while k < len(doc) and (doc[k].lower_ in REGION_WORDS or doc[k].dep_ == "det"):
            k += 1
        names = []
        while k < len(doc) and doc[k].pos_ == "PROPN":
            names.append(doc[k].text_with_ws)
            k += 1
        if names and k < len(doc) and doc[k].text == "." and not doc[k - 1].whitespace_:
            names.append(".")  # "W.Va" + ".": an AP abbreviation keeps its period
        if names:
            return "".join(names).strip()
    return None


@register("steps", "places.recognize.v1")
class RecognizeStep:
    """Find place mentions (with offsets, region modifiers and enclosing-place hints)."""

    name = "places.recognize.v1"
    requires = ("spacy",)
    assigns = ("places",)

    def __init__(self, resources) -> None:
        from eventwire.lexicon import Lexicon

        self.resources = resources
        self.lexicon = Lexicon.load()

    def __call__(self, doc: Document) -> Document:
        gaz = self.resources.gazetteer
        sp = doc.spacy
        full = sp.text  # spaCy rebuilds Doc.text on every access: read it once
        taken: set[int] = set()
        mentions: list[PlaceMention] = []

        lexicon = self.lexicon

        def add(toks, how: str) -> None:
            if not toks or any(t.i in taken for t in toks):
                return
            start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
            if lexicon.country_of(full[start:end]) and not gaz.has_name(full[start:end]):
                return  # a demonym ("the western Kenyan city of"), never a place
            taken.update(t.i for t in toks)
            mentions.append(PlaceMention(
                text=full[start:end], start=start, end=end, how=how,
                region_modifier=_region_modifier(toks), admin_hint=_admin_hint(toks),
                feature_hint=_place_noun_hint(toks),
            ))

        org_tokens = {
            t.i for e in sp.ents
            if (e.label_ == "ORG" and len(e) > 1) or (e.label_ == "NORP" and lexicon.country_of(e.text))
            for t in e
        }
        org_tokens |= {t.i for t in sp if t.ent_type_ in ("DATE", "TIME") or t.lower_ in CALENDAR}
        for ent in sp.ents:
            if ent.label_ in ("GPE", "LOC") and not (set(t.i for t in ent) & org_tokens):
                toks = [t for t in ent if t.dep_ != "case" and t.text != "'s"]
                toks = [t for t in toks if t.lower_ not in ("the",)]
                while len(toks) > 1 and toks[-1].lower_ in PLACE_NOUNS:
                    toks = toks[:-1]  # "Hama province": the name is "Hama"
                add(toks, "ner")
        for sent in doc.sentences:
            for run in _proper_runs(sent):
                if not run or any(t.i in org_tokens for t in run) and not _place_noun_hint(run):
                    continue
                text = full[run[0].idx : run[-1].idx + len(run[-1].text)]
                if _place_noun_hint(run) or (_in_place_context(run) and gaz.has_name(text)):
                    add(run, "pattern" if _place_noun_hint(run) else "gazetteer")
        mentions += _org_places(sp, full, org_tokens, taken, gaz)
        mentions.sort(key=lambda m: m.start)
        _mark_references(full, mentions)
        doc.places = mentions
        doc.dateline = _dateline(doc, mentions)
        return doc


def _org_places(sp, full: str, org_tokens: set[int], taken: set[int], gaz) -> list[PlaceMention]:
    """Places at the head of institution names ("Kanawha County Sheriff's Office",
    "Huntsville Police"): recognised, but never the place where an event happened."""
    out = []
    for ent in [e for e in sp.ents if e.label_ == "ORG" and len(e) > 1] + _civic_runs(sp):
        toks = [t for t in ent if t.lower_ != "the"]
        k = next((i for i, t in enumerate(toks) if t.lower_ in CIVIC_WORDS), None)
        if not k or any(t.pos_ != "PROPN" for t in toks[:k]):
            continue
        if toks[k].text in COUNTY_WORDS:
            k += 1  # "Kanawha County" is the place
        name = toks[:k]
        if any(t.i in taken for t in name):
            continue
        start, end = name[0].idx, name[-1].idx + len(name[-1].text)
        if gaz.has_name(full[start:end]):
            taken.update(t.i for t in name)
            out.append(PlaceMention(text=full[start:end], start=start, end=end, how="org",
                                    admin_hint=_admin_hint(name), is_event_place=False))
    return out


def _civic_runs(sp) -> list:
    """Runs of proper nouns outside any entity ("Kanawha County Sheriff")."""
    runs, run = [], []
    for tok in sp:
        if tok.pos_ == "PROPN" and not tok.ent_type_:
            run.append(tok)
            continue
        if len(run) > 1:
            runs.append(sp[run[0].i : run[-1].i + 1])
        run = []
    if len(run) > 1:
        runs.append(sp[run[0].i : run[-1].i + 1])
    return runs


def _mark_references(text: str, mentions: list[PlaceMention]) -> None:
    """Quarters named with their town, and distance reference points, are not event places."""
    for a, b in zip(mentions, mentions[1:]):
        if QUARTER_OF.match(text[a.end : b.start]):
            a.is_event_place = False
    for m in mentions:
        if REFERENCE_POINT.search(text[max(0, m.start - 40) : m.start]):
            m.is_event_place = False


def _dateline(doc: Document, mentions: list[PlaceMention]) -> PlaceMention | None:
    m = DATELINE.match(doc.text[:200])
    if not m:
        return None
    start, end = m.start(1), m.end(1)
    hint = m.group(2).strip() if m.group(2) else None
    for mention in mentions:
        if mention.start == start:
            mention.admin_hint = mention.admin_hint or hint
            mention.is_event_place = False  # only the last resort: see places.link
            return mention
    mention = PlaceMention(text=m.group(1), start=start, end=end, how="dateline", admin_hint=hint)
    doc.places.insert(0, mention)
    mention.is_event_place = False  # only the last resort: see places.link
    return mention
