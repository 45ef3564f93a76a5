"""A trained event -> place linker: which of the places named near an event's trigger are
where that event happened.

Each (trigger, candidate place span) pair is described by features read off the spaCy parse
already computed (the dependency path between trigger and place, the preposition that
governs the place, distance, entity label, resolved feature class, whether the place is an
actor's or a container of another place) and scored by a logistic regression trained on
Halterman's (2019) event-location gold (``scripts/train_eventloc.py``). Every candidate
above the shipped threshold is linked; none may be. Inference is a dictionary lookup per
feature, no scikit-learn.

Candidates are the recognised place mentions plus, for linking only, names the recogniser
did not keep (spaCy GPE/LOC/FAC entities and proper-noun runs: neighbourhoods, camps,
prisons); those stay unresolved.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from eventwire.doc import Document, EventCandidate, PlaceMention
from eventwire.errors import InputError
from eventwire.ontology import is_violent
from eventwire.places.names import normalize

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "models" / "eventloc_linker.json"
EXTRA_ENTS = ("GPE", "LOC", "FAC")
# Descriptor words after a name that are part of the place's name in the gold
# ("Sinai peninsula", "Anbar province"); the trained table says which to keep.
DESCRIPTORS = {
    "city", "province", "district", "island", "islands", "mountains", "region", "county",
    "state", "governorate", "valley", "camp", "village", "town", "neighborhood",
    "neighbourhood", "area", "border", "peninsula", "strip", "prison", "square", "street",
    "road", "airport", "base", "mosque", "market", "refugee", "desert", "river", "sea",
}
# Capitalised first words of Arabic and other compound names that spaCy often leaves out
# of the entity ("Jabal Badro", "Kafr Nabl", "Tal Jibbin").
PREFIXES = {
    "jabal", "jebel", "tal", "tell", "tel", "kafr", "kfar", "khan", "bab", "deir", "dayr", "ain",
    "ayn", "beit", "bayt", "bir", "ras", "umm", "abu", "wadi", "al", "el", "sheikh", "bani",
    "hayy", "jisr", "maarat", "qasr", "dar", "tall", "mount", "camp", "fort", "port", "san",
}
HYPHENS = ("-", "\u2010", "\u2011", "\u2013")
PATH_DEPS = ("pobj", "compound", "conj", "appos", "amod", "nmod", "npadvmod", "poss", "cc")


@dataclass(frozen=True)
class Candidate:
    """A span that may name where an event happened (``mention`` when recognised)."""

    start: int
    end: int
    first: int  # spaCy token index of the first token
    last: int  # spaCy token index of the last token
    source: str  # "mention", "ent" or "propn"
    mention: PlaceMention | None = None


def candidates(doc: Document) -> list[Candidate]:
    """Recognised place mentions, then entities and proper-noun runs they do not cover."""
    sp = doc.spacy
    out: list[Candidate] = []
    taken: set[int] = set()

    def add(first: int, last: int, source: str, mention: PlaceMention | None = None) -> None:
        first, last = _grow(sp, first, last)
        if any(i in taken for i in range(first, last + 1)):
            return
        taken.update(range(first, last + 1))
        out.append(Candidate(sp[first].idx, sp[last].idx + len(sp[last].text), first, last, source, mention))

    for m in doc.places:
        span = sp.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and len(span):
            add(span.start, span.end - 1, "mention", m)
    for ent in sp.ents:
        toks = [t for t in ent if t.lower_ != "the" and t.dep_ != "case" and t.text != "'s"]
        if ent.label_ in EXTRA_ENTS and toks:
            add(toks[0].i, toks[-1].i, "ent")
    for first, last in _propn_runs(sp):
        add(first, last, "propn")
    return sorted(out, key=lambda c: c.start)


def _joined(left, right) -> bool:
    return not left.whitespace_ or not right.whitespace_


def _grow(sp, first: int, last: int) -> tuple[int, int]:
    """Widen a name over hyphens ("Al-Khalidiyah", "Ain el- Helweh") and over a
    capitalised compound-name prefix before it ("Jabal Badro")."""
    for _ in range(6):
        if (last + 2 < len(sp) and sp[last + 1].text in HYPHENS and _joined(sp[last], sp[last + 1])
                and sp[last + 2].text[:1].isupper()):
            last += 2
        elif (first >= 2 and sp[first - 1].text in HYPHENS and _joined(sp[first - 2], sp[first - 1])
              and sp[first - 2].text[:1].isupper()):
            first -= 2
        elif first >= 1 and sp[first - 1].lower_ in PREFIXES and sp[first - 1].text[:1].isupper():
            first -= 1
        else:
            break
    return first, last


def descriptor_key(tok) -> str:
    """How the descriptor table names a word: lower case, "^" when capitalised ("City" in
    "Guatemala City" is part of the name more often than "city" in "the city")."""
    return tok.lower_ + ("^" if tok.text[:1].isupper() else "")


def _propn_runs(sp) -> list[tuple[int, int]]:
    runs, run = [], []
    for tok in sp:
        if tok.pos_ == "PROPN" and tok.ent_type_ not in ("PERSON", "DATE", "TIME", "NORP"):
            run.append(tok.i)
            continue
        if run:
            runs.append((run[0], run[-1]))
        run = []
    if run:
        runs.append((run[0], run[-1]))
    return runs


def extend(doc: Document, cand: Candidate, keep: frozenset[str]) -> tuple[int, int]:
    """The character span to report: the name plus a descriptor word the gold counts
    as part of it ("Anbar province")."""
    sp = doc.spacy
    nxt = cand.last + 1
    if nxt < len(sp) and descriptor_key(sp[nxt]) in keep:
        return cand.start, sp[nxt].idx + len(sp[nxt].text)
    return cand.start, cand.end


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return f"<={e}"
    return f">{edges[-1]}"


def _governing_prep(root) -> tuple[str, Any]:
    """The preposition over the place ('killed in the town of X' -> in) and its token."""
    tok = root
    for _ in range(4):
        if tok.dep_ == "prep" or tok.pos_ == "ADP":
            return tok.lower_, tok
        if (tok.dep_ not in PATH_DEPS and tok.i != root.i) or tok.head.i == tok.i:
            break
        tok = tok.head
    return "", None


def _path(trig, root) -> tuple[list[str], int, Any]:
    """Dependency labels from the place up to the lowest common ancestor, the number of
    steps from the trigger up to it, and the ancestor."""
    trig_up = [trig, *trig.ancestors]
    index = {t.i: n for n, t in enumerate(trig_up)}
    deps = []
    tok = root
    while tok.i not in index:
        deps.append(tok.dep_)
        if tok.head.i == tok.i:
            return deps, 99, None
        tok = tok.head
    return deps, index[tok.i], tok


def features(doc: Document, cand: EventCandidate, cands: list[Candidate], k: int,
             own: set[int] | None = None) -> list[str]:
    """The features of linking ``cand``'s trigger to candidate ``k`` (binary, by name);
    ``own``: the trigger's own-phrase tokens when already computed (see :func:`own_phrase`)."""
    sp = doc.spacy
    c = cands[k]
    trig = sp[cand.trigger_token]
    span = sp[c.first : c.last + 1]
    root = span.root
    f = ["bias", f"src={c.source}", f"ent={root.ent_type_}", f"dep={root.dep_}",
         f"headpos={root.head.pos_}", f"trigpos={trig.pos_}", f"violent={is_violent(cand.code)}"]
    up, down, lca = _path(trig, root)
    f += [f"up={_bucket(len(up), (0, 1, 2, 3, 5))}", f"down={_bucket(down, (0, 1, 2, 4))}",
          f"updeps={'/'.join(up[:3])}", f"lca={'trig' if lca is not None and lca.i == trig.i else (lca.pos_ if lca is not None else 'none')}"]
    prep, ptok = _governing_prep(root)
    f.append(f"prep={prep}")
    if ptok is not None:
        f.append(f"prep={prep}|on={'trig' if ptok.head.i == trig.i else ptok.head.pos_}")
        f.append(f"prep={prep}|down={_bucket(down, (0, 1, 2))}")
        if prep == "of":
            f.append(f"of={ptok.head.lemma_.lower() if ptok.head.lemma_.lower() in DESCRIPTORS else 'other'}")
    heads = {i for o in cands if o is not c for i in range(o.first, o.last + 1)}
    if root.dep_ == "conj" and root.head.i in heads:
        f.append("conj_of_candidate")
    dist = c.first - trig.i if c.first > trig.i else c.last - trig.i
    f += [f"side={'after' if dist > 0 else 'before'}", f"dist={_bucket(abs(dist), (1, 2, 3, 5, 8, 12, 20))}",
          f"sent={'same' if _sentence(doc, trig.i) == _sentence(doc, c.first) else 'other'}"]
    f += _rank_features(trig, cands, k)
    own = own_phrase(doc, cand) if own is None else own
    inside = all(i in own for i in range(c.first, c.last + 1))
    f += [f"own={inside}", f"own={inside}|prep={prep}", f"trig={trig.lemma_.lower()}"]
    f += _mention_features(c, cands)
    f += _context_features(doc, cand, c, root)
    return f



def own_phrase(doc: Document, cand: EventCandidate) -> set[int]:
    """The tokens of the trigger's own phrase (the rule linker's test: not other clauses,
    not other events)."""
    from eventwire.places.link import _own_tokens

    return _own_tokens(doc, cand, {o.trigger_token for o in doc.candidates if o is not cand})


def _sentence(doc: Document, i: int) -> int:
    return next((n for n, s in enumerate(doc.sentences) if s.start <= i < s.end), -1)


def _rank_features(trig, cands: list[Candidate], k: int) -> list[str]:
    def dist(c: Candidate) -> int:
        return min(abs(c.first - trig.i), abs(c.last - trig.i))

    order = sorted(range(len(cands)), key=lambda i: dist(cands[i]))
    rank = order.index(k)
    same_side = [i for i in order if (cands[i].first > trig.i) == (cands[k].first > trig.i)]
    return [f"n={_bucket(len(cands), (1, 2, 3, 5))}", f"rank={_bucket(rank, (0, 1, 2))}",
            f"siderank={_bucket(same_side.index(k), (0, 1))}"]


def _mention_features(c: Candidate, cands: list[Candidate]) -> list[str]:
    m = c.mention
    if m is None:
        return ["resolved=none"]
    feature = m.place.feature if m.place is not None else "unresolved"
    f = [f"how={m.how}", f"feature={feature}", f"event_place={m.is_event_place}",
         f"region={m.region_modifier is not None}", f"hint={m.feature_hint}",
         f"has_admin_hint={m.admin_hint is not None}", f"prec={m.place.geo_precision if m.place else 0}"]
    hints = {normalize(o.mention.admin_hint) for o in cands if o is not c and o.mention and o.mention.admin_hint}
    if normalize(m.text) in hints:
        f.append("container")
    return f


def _context_features(doc: Document, cand: EventCandidate, c: Candidate, root) -> list[str]:
    sp = doc.spacy
    prev = sp[c.first - 1] if c.first > 0 else None
    nxt = sp[c.last + 1] if c.last + 1 < len(sp) else None
    f = [f"prev={prev.lower_ if prev is not None and not prev.is_alpha or prev is not None and prev.is_stop else 'w'}",
         f"next={nxt.lower_ if nxt is not None and (not nxt.is_alpha or nxt.is_stop or nxt.lower_ in DESCRIPTORS) else 'w'}"]
    if nxt is not None and nxt.text == "'s" or root.dep_ == "poss":
        f.append("possessive")
    if prev is not None and prev.text == "," and c.first >= 2 and sp[c.first - 2].ent_type_ in ("GPE", "LOC", "FAC"):
        f.append("after_comma_place")
    if nxt is not None and nxt.text == "," and c.last + 2 < len(sp) and sp[c.last + 2].ent_type_ in ("GPE", "LOC"):
        f.append("before_comma_place")
    actors = [(a.start, a.end) for a in (*cand.source_actors, *cand.target_actors) if a.start >= 0]
    if any(s <= c.start and c.end <= e for s, e in actors):
        f.append("in_actor")
    if c.first <= cand.trigger_token <= c.last:
        f.append("covers_trigger")
    f.append(f"ntok={_bucket(c.last - c.first + 1, (1, 2, 3))}")
    return f


@dataclass(frozen=True)
class LinkModel:
    """Logistic-regression weights by feature name, the decision threshold and the
    descriptor words kept after a name."""

    weights: dict[str, float]
    threshold: float
    descriptors: frozenset[str]

    def probability(self, feats: list[str]) -> float:
        """P(the event happened at this candidate)."""
        z = sum(self.weights.get(name, 0.0) for name in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> LinkModel:
    """The shipped linker weights (``scripts/train_eventloc.py`` writes them)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"cannot read the event-location model: {exc}") from exc
    return LinkModel(data["weights"], float(data["threshold"]), frozenset(data["descriptors"]))


def link(doc: Document, cand: EventCandidate, model: LinkModel | None = None,
         cands: list[Candidate] | None = None) -> list[tuple[Candidate, float, tuple[int, int]]]:
    """The candidates linked to ``cand``, with their probability and the character span to
    report, in text order: the most probable one above the threshold, and those above it
    that are coordinated with a place ("the villages of A, B and C")."""
    model = model or load_model()
    cands = candidates(doc) if cands is None else cands
    own = own_phrase(doc, cand)
    scored = [(c, features(doc, cand, cands, k, own)) for k, c in enumerate(cands)]
    probs = [model.probability(f) for _, f in scored]
    return [(c, probs[k], extend(doc, c, model.descriptors))
            for k, (c, _f) in enumerate(scored) if k in decide(probs, [f for _, f in scored], model.threshold)]


def decide(probs: list[float], feats: list[list[str]], threshold: float) -> set[int]:
    """Which candidates to link: see :func:`link` (shared with the training script)."""
    above = [k for k, p in enumerate(probs) if p >= threshold]
    if not above:
        return set()
    top = max(above, key=lambda k: probs[k])
    return {k for k in above if k == top or "dep=conj" in feats[k] or "conj_of_candidate" in feats[k]}
