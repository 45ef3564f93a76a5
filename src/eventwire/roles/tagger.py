"""Source, target and reciprocal spans of a sentence's event: a per-token linear model
(BIO tags over S, T, R) decoded with Viterbi under the BIO constraints.

The model is a softmax over :data:`TAGS` per token (weights trained by
``scripts/train_actor_models.py`` on ConfliBERT's CAMEO spans); decoding finds the tag
sequence with the highest sum of log-probabilities in which every ``I-X`` follows a
``B-X`` or ``I-X``. A span is S (who acted), T (who was acted on) or R (a party on both
sides, as each side of talks).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import numpy as np

from eventwire.errors import InputError
from eventwire.roles.features import TOKEN_WIDTH, token_matrix

TAGS = ("O", "B-S", "I-S", "B-T", "I-T", "B-R", "I-R")
MODEL_FILE = "actors_spans.npz"


@dataclass(frozen=True)
class RoleSpan:
    """A tagged span: ``kind`` S, T or R over tokens ``[start, end)`` of the spaCy doc."""

    kind: str
    start: int
    end: int
    score: float


def _allowed() -> np.ndarray:
    """allowed[i, j]: tag j may follow tag i."""
    ok = np.ones((len(TAGS), len(TAGS)), dtype=bool)
    for j, tag in enumerate(TAGS):
        if tag.startswith("I-"):
            for i, prev in enumerate(TAGS):
                ok[i, j] = prev[2:] == tag[2:] and prev != "O"
    return ok


ALLOWED = _allowed()
START_OK = np.array([not t.startswith("I-") for t in TAGS])


def viterbi(logp: np.ndarray, transitions: np.ndarray | None = None) -> list[int]:
    """The best tag index sequence under the BIO constraints (``logp``: tokens x tags),
    adding ``transitions[i, j]`` (a score for tag j after tag i) where given."""
    n = len(logp)
    if n == 0:
        return []
    trans = np.where(ALLOWED, 0.0 if transitions is None else transitions, -np.inf)
    score = np.where(START_OK, logp[0], -np.inf)
    back = np.zeros((n, len(TAGS)), dtype=np.int64)
    for k in range(1, n):
        cand = score[:, None] + trans
        back[k] = cand.argmax(axis=0)
        score = cand.max(axis=0) + logp[k]
    path = [int(score.argmax())]
    for k in range(n - 1, 0, -1):
        path.append(int(back[k, path[-1]]))
    return path[::-1]


def spans_of(tags: list[int], offset: int, probs: np.ndarray) -> list[RoleSpan]:
    """RoleSpans of a decoded sequence (token indices shifted by ``offset``)."""
    out: list[RoleSpan] = []
    kind, start = None, 0
    for k, t in enumerate([*tags, 0]):
        name = TAGS[t]
        if kind is not None and not name.startswith("I-"):
            score = float(probs[start:k, [TAGS.index("B-" + kind), TAGS.index("I-" + kind)]]
                          .sum(axis=1).mean())
            out.append(RoleSpan(kind, offset + start, offset + k, score))
            kind = None
        if name.startswith("B-"):
            kind, start = name[2:], k
    return out


class SpanTagger:
    """Tags the S/T/R spans of one sentence with shipped numpy weights."""

    def __init__(self, weights: np.ndarray, bias: np.ndarray, mean: np.ndarray,
                 scale: np.ndarray, transitions: np.ndarray | None = None,
                 prior: np.ndarray | None = None) -> None:
        if weights.shape != (TOKEN_WIDTH, len(TAGS)):
            raise InputError(MODEL_FILE, f"weights of shape {weights.shape}, expected "
                                         f"({TOKEN_WIDTH}, {len(TAGS)}): retrain the model")
        self.weights, self.bias, self.mean, self.scale = weights, bias, mean, scale
        self.transitions = transitions
        # Added to each tag's log-probability when decoding: the model, trained on many more
        # O tokens than T or R ones, is too shy of them (the offsets are set by CV).
        self.prior = np.zeros(len(TAGS), dtype=np.float32) if prior is None else prior

    @classmethod
    def load(cls) -> SpanTagger:
        """The shipped model (read once per process)."""
        return _packaged()

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """Softmax tag probabilities per row of token features."""
        z = ((features - self.mean) / self.scale) @ self.weights + self.bias
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def tag(self, span, lexicon=None) -> list[RoleSpan]:
        """The S/T/R spans of a sentence span."""
        return self.decode(self.probabilities(token_matrix(span, lexicon)), span.start)

    def decode(self, probs: np.ndarray, offset: int) -> list[RoleSpan]:
        """The spans of the best tag sequence for per-token tag probabilities."""
        return spans_of(viterbi(np.log(probs + 1e-12) + self.prior, self.transitions), offset, probs)


def load_npz(name: str) -> dict[str, np.ndarray]:
    """The arrays of a shipped model file in ``eventwire/data/models``."""
    resource = files("eventwire") / "data" / "models" / name
    try:
        with resource.open("rb") as fh:
            data = np.load(fh, allow_pickle=False)
            return {k: data[k] for k in data.files}
    except FileNotFoundError as err:
        raise InputError(f"eventwire/data/models/{name}",
                         "missing: run scripts/train_actor_models.py") from err


@lru_cache(maxsize=1)
def _packaged() -> SpanTagger:
    d = load_npz(MODEL_FILE)
    return SpanTagger(d["weights"], d["bias"], d["mean"], d["scale"], d.get("transitions"),
                      d.get("prior"))
