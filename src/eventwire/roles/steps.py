"""The pipeline steps of the trained role components.

``actors.roles.v1`` tags the source/target spans of each sentence that has an event and
hands them to the sentence's first event (the actor step codes them with the lexicon).
``police.detect.v1`` reads police actions in the sentences the rules found no event in
(or only arrests and violence with no one doing them): where the classifier finds one, it
makes the police the source of such an event, or adds an event (an arrest, a killing, force, a
deployment, or a negated one for a failure to act) whose source is the police named in the
sentence. A sentence with a negation gives only a failure to act.
"""

from __future__ import annotations

from eventwire.doc import Document, EventCandidate
from eventwire.lexicon import Lexicon
from eventwire.records import Actor
from eventwire.registry import register
from eventwire.roles.police import PoliceClassifier, PoliceReading, mentions_police
from eventwire.roles.tagger import SpanTagger

CROWD_WORDS = {"mob", "mobs", "crowd", "crowds", "protesters", "protestors", "demonstrators",
               "rioters", "agitators", "agitating", "protest", "procession", "gherao"}
ARREST_CODES = {"arrest"}
NEGATIONS = {"no", "not", "n't", "never", "without", "denied", "deny", "denies", "nobody", "none"}
# A sentence whose only police label is ANY_ACTION gets an event only above this: a
# deployment or patrol told in passing is often background.
ANY_ALONE = 0.5
FORCE_CODES = {"attack", "killing", "armed_clash", "excessive_force", "protest_intervention",
               "mob_violence", "shelling", "grenade"}


@register("steps", "actors.roles.v1")
class RoleStep:
    """Tag source (S), target (T) and reciprocal (R) spans for each sentence's first event."""

    name = "actors.roles.v1"
    requires = ("candidates",)
    assigns = ("roles",)

    def __init__(self, resources) -> None:
        self.resources = resources
        self.tagger: SpanTagger | None = None  # the shipped model, loaded on first use
        self.lexicon = Lexicon.load()

    def __call__(self, doc: Document) -> Document:
        if self.tagger is None:
            self.tagger = SpanTagger.load()
        first: dict[int, EventCandidate] = {}
        for cand in sorted(doc.candidates, key=lambda c: (c.modality != "asserted", c.trigger_start)):
            first.setdefault(cand.sentence_index, cand)
        sentences = doc.sentences
        for si, cand in first.items():
            cand.notes["roles"] = self.tagger.tag(sentences[si], self.lexicon)
        return doc


def police_actor(sent, coder, on: str | None) -> Actor:
    """The police as named in the sentence ("the cops", "Rapid Action Force"), or generic."""
    for tok in sent:
        if tok.pos_ in ("NOUN", "PROPN") and coder.lexicon.sector_of(tok.text) == "COP":
            coded = [a for a in coder.code_phrase(tok, on) if a.sector == "COP"]
            if coded:
                return coded[0]
            return Actor(text=tok.text, name="Police forces", sector="COP", inter=1,
                         start=tok.idx, end=tok.idx + len(tok.text))
    return Actor(text="", name="Police forces", sector="COP", inter=1)


def _told(cands: list[EventCandidate]) -> set[str]:
    """The police labels that the sentence's events with a police source already give."""
    told: set[str] = set()
    for c in cands:
        if not any(a.sector == "COP" for a in c.source_actors):
            continue
        if c.modality == "negated":
            told.add("FAIL")
        elif c.modality == "asserted":
            told.add("ANY_ACTION")
            told |= {"ARREST"} if c.code in ARREST_CODES else set()
            told |= {"FORCE"} if c.code in FORCE_CODES else set()
    return told


def _code_for(label: str, sent, reading: PoliceReading) -> str:
    if label == "KILL":
        return "killing"
    if label == "ARREST":
        return "arrest"
    if label == "FORCE":
        crowd = any(t.lower_ in CROWD_WORDS for t in sent)
        return "protest_intervention" if crowd else "attack"
    if label == "FAIL":
        return "arrest" if "ARREST" in reading.probability and reading.probability["ARREST"] > 0.3 \
            else "mobilize"
    return "mobilize"


def _new_event(doc: Document, si: int, tok_i: int, code: str, modality: str, actor: Actor,
               probability: float) -> EventCandidate:
    tok = doc.spacy[tok_i]
    cand = EventCandidate(code=code, sentence_index=si, trigger_start=tok.idx,
                          trigger_end=tok.idx + len(tok.text), trigger_text=tok.text,
                          trigger_token=tok.i, modality=modality, confidence=round(probability, 3))
    cand.source_actors = [actor]
    cand.notes["police"] = True
    return cand


def _give_police(cands: list[EventCandidate], codes: set[str], actor: Actor) -> bool:
    """Make the police the source of an asserted event of one of ``codes`` in the sentence
    (the lexicon missed them: lower-case text, a rank, "cops"); False if there is none."""
    for c in cands:
        if c.code in codes and c.modality == "asserted":
            if not any(a.sector == "COP" for a in c.source_actors):
                c.source_actors = [actor, *c.source_actors]
                c.notes["police"] = True
            return True
    return False


@register("steps", "police.detect.v1")
class PoliceStep:
    """Police actions the classifier reads in a sentence become events with a police source."""

    name = "police.detect.v1"
    requires = ("actors",)
    assigns = ("police",)

    def __init__(self, resources) -> None:
        from eventwire.actors import ActorCoder

        self.resources = resources
        self.classifier: PoliceClassifier | None = None  # the shipped model, loaded on first use
        self.coder = ActorCoder(Lexicon.load())

    def __call__(self, doc: Document) -> Document:
        if self.classifier is None:
            self.classifier = PoliceClassifier.load()
        on = doc.article.published if doc.article else None
        by_sentence: dict[int, list[EventCandidate]] = {}
        for c in doc.candidates:
            by_sentence.setdefault(c.sentence_index, []).append(c)
        added: list[EventCandidate] = []
        for si, sent in enumerate(doc.sentences):
            here = by_sentence.get(si, [])
            if here and not all(c.code in ARREST_CODES | FORCE_CODES and not c.source_actors
                                for c in here):
                continue  # the rules read this sentence and found who acted: that stands
            if not mentions_police(sent):
                continue
            reading = self.classifier.read(sent)
            todo = set(reading.labels) - _told(by_sentence.get(si, []))
            if any(t.lower_ in NEGATIONS for t in sent):  # "no arrests were made": only a failure
                todo &= {"FAIL"}
            if todo == {"ANY_ACTION"} and reading.probability["ANY_ACTION"] < ANY_ALONE:
                continue
            if todo:
                added.extend(self._events(doc, si, sent, reading, todo, by_sentence.get(si, []), on))
        if added:
            doc.candidates = sorted([*doc.candidates, *added], key=lambda c: c.trigger_start)
        return doc

    def _events(self, doc: Document, si: int, sent, reading: PoliceReading, todo: set[str],
                cands: list[EventCandidate], on: str | None) -> list[EventCandidate]:
        actor = police_actor(sent, self.coder, on)
        out: list[EventCandidate] = []
        for label in ("KILL", "ARREST", "FORCE", "FAIL", "ANY_ACTION"):
            if label not in todo:
                continue
            if label == "ARREST" and _give_police(cands, ARREST_CODES, actor) \
                    or label in ("FORCE", "KILL") and _give_police(cands, FORCE_CODES, actor):
                todo.discard("ANY_ACTION")
                continue
            modality = "negated" if label == "FAIL" else "asserted"
            out.append(_new_event(doc, si, reading.trigger[label], _code_for(label, sent, reading),
                                  modality, actor, reading.probability[label]))
            if label != "FAIL":
                todo -= {"ANY_ACTION", "FORCE"} if label == "KILL" else {"ANY_ACTION"}
        return out
