"""The pipeline step ``events.classify.v1``: type each sentence's main event with the
trained models, and give a text the rules found nothing in the event the models see.

It runs after the rule-based steps (so it sees their candidates, actors and modality)
and before assembly. In a short text (a snippet of up to ``max_retype_sentences``
sentences, as the models were trained on), per sentence, the first asserted candidate is re-typed to the code
:func:`~eventwire.classify.decide.choose` picks (the rule's code wins ties and gets a
bonus); when that code is a non-political happening (crime, a disaster), the sentence's
other violent candidates go too, and when the event model is sure nothing happened
(``max_none_keep``) all of them do. A text with no asserted event gets one at the root
of its first sentence, with the modality the parse gives that verb, unless the event
model finds no event there (``max_none_add``); when that verb only names a topic
("discussed", "fears"), the event is not a violent one. Settings: ``data/models/events-v1/settings.json``.
"""

from __future__ import annotations

from eventwire.classify.decide import choose
from eventwire.classify.features import featurize
from eventwire.doc import Document, EventCandidate
from eventwire.events import TOPIC_VERBS
from eventwire.modality import modality_of
from eventwire.ontology import event_class, is_violent
from eventwire.registry import register

NON_POLITICAL = frozenset({"crime", "natural-disaster", "man-made-disaster"})


def _by_sentence(cands: list[EventCandidate]) -> dict[int, list[EventCandidate]]:
    out: dict[int, list[EventCandidate]] = {}
    for c in cands:
        out.setdefault(c.sentence_index, []).append(c)
    return out


def _probs(models, feats) -> dict[str, dict[str, float]]:
    return {name: head.proba(feats) for name, head in models.heads.items()}


def _retype(doc: Document, si: int, cands: list[EventCandidate], models) -> set[int]:
    """Re-type the sentence's main event; the ids of candidates to drop."""
    main = next(c for c in cands if c.modality == "asserted")
    probs = _probs(models, featurize(doc, si, cands))
    if probs["event"].get("none", 0.0) > models.settings.get("max_none_keep", 1.0):
        return {id(c) for c in cands}  # the models are sure nothing happened here
    choice = choose(probs, models.settings, rule_code=main.code)
    main.notes["classifier"] = round(choice.confidence, 3)
    if choice.code != main.code:
        main.notes["rule_code"] = main.code
        main.code = choice.code
    if event_class(main.code).plover_mode in NON_POLITICAL:
        return {id(c) for c in cands if c is not main and is_violent(c.code)}
    return set()


def _added(doc: Document, cands: list[EventCandidate], models) -> EventCandidate | None:
    """An event for the first sentence of a text with no asserted event, if confident."""
    if not doc.sentences:
        return None
    probs = _probs(models, featurize(doc, 0, cands))
    if probs["event"].get("none", 0.0) > models.settings.get("max_none_add", 0.5):
        return None
    root = doc.sentences[0].root
    if root.lemma_.lower() in TOPIC_VERBS:  # "discussed a rise in attacks": violence is the topic
        probs = {**probs, "code": {c: p for c, p in probs["code"].items() if not is_violent(c)}}
    choice = choose(probs, models.settings)
    if choice.confidence < models.settings.get("min_add", 0.0):
        return None
    cand = EventCandidate(code=choice.code, sentence_index=0, trigger_start=root.idx,
                          trigger_end=root.idx + len(root.text), trigger_text=root.text,
                          trigger_token=root.i, confidence=0.4)
    cand.modality = modality_of(root)
    cand.notes["classifier"] = round(choice.confidence, 3)
    return cand


def classify(doc: Document, models) -> Document:
    """Apply the models to ``doc``'s candidates (see the module docstring)."""
    groups = _by_sentence(doc.candidates)
    drop: set[int] = set()
    # The models learnt from sentences and snippets; in a whole article the rules, which
    # see each clause, keep their types.
    short = len(doc.sentences) <= models.settings.get("max_retype_sentences", 0)
    for si, cands in groups.items():
        if short and any(c.modality == "asserted" for c in cands):
            drop |= _retype(doc, si, cands, models)
    kept = [c for c in doc.candidates if id(c) not in drop]
    if not any(c.modality == "asserted" for c in kept):
        extra = _added(doc, groups.get(0, []), models)
        if extra is not None:
            kept = sorted([*kept, extra], key=lambda c: c.trigger_start)
    doc.candidates = kept
    return doc


@register("steps", "events.classify.v1")
class ClassifyStep:
    """Type each sentence's main event with the shipped models (``data/models/events-v1``)."""

    name = "events.classify.v1"
    requires = ("spacy", "candidates")
    assigns = ("candidates",)

    def __init__(self, resources, models=None) -> None:
        self.resources = resources
        self._models = models

    @property
    def models(self):
        if self._models is None:
            from eventwire.classify.model import shipped

            self._models = shipped()
        return self._models

    def __call__(self, doc: Document) -> Document:
        return classify(doc, self.models)
