"""Police actions in a sentence: a linear classifier for KILL, ARREST, FAIL, FORCE and
ANY_ACTION (the IndiaPoliceEvents labels, the police being the acting party).

Features are the sentence's hashed words, lemmas and word bigrams (lower-cased, so
all-lower-case and ordinary text read alike) and its mean tok2vec vector. Each label has
its own logistic regression and threshold (trained by ``scripts/train_actor_models.py``).
The word of the sentence that weighs most for a label is that label's trigger: it is where
the event is anchored in the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from eventwire.errors import InputError
from eventwire.roles.features import TENSOR_WIDTH, hashed_terms, sentence_vector
from eventwire.roles.tagger import load_npz

LABELS = ("KILL", "ARREST", "FAIL", "FORCE", "ANY_ACTION")
MODEL_FILE = "police_actions.npz"
# Words that name the police (or a police rank or unit) as the acting party.
POLICE_WORDS = {
    "police", "policeman", "policemen", "policewoman", "cop", "cops", "constable",
    "constables", "constabulary", "sp", "dsp", "acp", "dcp", "sho", "inspector",
    "sub-inspector", "si", "asi", "commissioner", "superintendent", "raf", "crpf", "cisf",
    "sog", "ats", "cid", "khaki", "gendarme", "gendarmes", "gendarmerie",
}
# Acts that only the police (or another authority) do: enough when no other armed party
# is named in the sentence ("he was arrested", "curfew was clamped").
POLICE_ACTS = {
    "lathi", "lathicharge", "lathi-charge", "lathicharged", "cordon", "curfew", "patrol",
    "patrolling", "arrest", "arrested", "arrests", "detain", "detained", "nab", "nabbed",
    "custody", "remand", "encounter", "firing", "deploy", "deployed", "deployment", "book",
    "booked", "fir", "tear", "teargas", "baton",
}
OTHER_FORCES = {
    "troops", "soldiers", "army", "military", "militants", "rebels", "insurgents", "gunmen",
    "warplanes", "jets", "fighters", "militia", "militias",
}


@dataclass(frozen=True)
class PoliceReading:
    """The labels a sentence gets, with each label's probability and trigger token index."""

    labels: frozenset[str]
    probability: dict[str, float]
    trigger: dict[str, int]


class PoliceClassifier:
    """Per-label logistic regressions over hashed terms and the mean token vector."""

    def __init__(self, terms: np.ndarray, vector: np.ndarray, bias: np.ndarray,
                 thresholds: np.ndarray) -> None:
        if terms.ndim != 2 or terms.shape[1] != len(LABELS) or vector.shape != (TENSOR_WIDTH, len(LABELS)):
            raise InputError(MODEL_FILE, "weights of the wrong shape: retrain the model")
        self.terms, self.vector, self.bias, self.thresholds = terms, vector, bias, thresholds
        self.buckets = terms.shape[0]

    @classmethod
    def load(cls) -> PoliceClassifier:
        """The shipped model (read once per process)."""
        return _packaged()

    def probabilities(self, sent) -> np.ndarray:
        """The probability of each of :data:`LABELS` for a sentence span."""
        ids = hashed_terms(sent, self.buckets)
        z = self.terms[ids].sum(axis=0) + sentence_vector(sent) @ self.vector + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def read(self, sent) -> PoliceReading:
        """The labels of a sentence over their thresholds, with their triggers."""
        probs = self.probabilities(sent)
        labels = frozenset(lab for lab, p, t in zip(LABELS, probs, self.thresholds, strict=True) if p >= t)
        return PoliceReading(labels, dict(zip(LABELS, map(float, probs), strict=True)),
                             {lab: self.trigger(sent, lab) for lab in labels})

    def trigger(self, sent, label: str) -> int:
        """Doc index of the sentence's word that weighs most for ``label``."""
        k = LABELS.index(label)
        best, best_w = sent.start, -np.inf
        for tok in sent:
            if tok.is_punct or tok.is_space:
                continue
            w = max(self.terms[i, k] for i in _word_ids(tok.lower_, tok.lemma_.lower(), self.buckets))
            if w > best_w:
                best, best_w = tok.i, w
        return best


def _word_ids(lower: str, lemma: str, buckets: int) -> tuple[int, int]:
    import zlib

    return (zlib.crc32(lower.encode("utf-8")) % buckets,
            zlib.crc32(("l:" + lemma).encode("utf-8")) % buckets)


def mentions_police(sent) -> bool:
    """Whether the sentence names the police, or a police act and no other armed party
    (the classifier's gate: it reads only such sentences)."""
    words = {t.lower_ for t in sent} | {t.lemma_.lower() for t in sent}
    if any(t.lower_ in POLICE_WORDS and _acting(t) for t in sent):
        return True
    return bool(words & POLICE_ACTS) and not words & OTHER_FORCES


def _acting(tok) -> bool:
    """A police word that can be the one acting: not a modifier of a topic ("police
    violence", "police station")."""
    if tok.dep_ in ("compound", "amod", "nmod"):
        return tok.head.dep_ in ("nsubj", "nsubjpass", "conj", "appos") and tok.head.lemma_ in (
            "force", "officer", "personnel", "team", "party", "official", "man", "men")
    return tok.dep_ not in ("poss",)


@lru_cache(maxsize=1)
def _packaged() -> PoliceClassifier:
    d = load_npz(MODEL_FILE)
    return PoliceClassifier(d["terms"].astype(np.float32), d["vector"], d["bias"], d["thresholds"])
