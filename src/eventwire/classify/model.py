"""Linear classifiers shipped as plain numpy arrays: inference is one dot product.

A model file (``.npz``, no pickles) holds ``labels``, ``vocab`` (the binary feature
names kept in training), ``mean``/``scale`` (to standardise the dense features), and
``coef``/``intercept`` (multinomial logistic regression, as scikit-learn fits it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from eventwire.classify.features import Features
from eventwire.errors import EventwireError
from eventwire.ontology import data_path

MODEL_DIR = "models/events-v1"
HEADS = ("code", "event")


@dataclass(frozen=True)
class LinearModel:
    """One multinomial logistic regression over dense + binary features."""

    labels: tuple[str, ...]
    vocab: dict[str, int]
    mean: Any
    scale: Any
    coef: Any
    intercept: Any

    def proba(self, feats: Features) -> dict[str, float]:
        """Probability of each label for one example."""
        import numpy as np

        n_dense = self.mean.shape[0]
        dense = (feats.dense - self.mean) / self.scale
        logits = self.coef[:, :n_dense] @ dense + self.intercept
        cols = [n_dense + self.vocab[n] for n in feats.names if n in self.vocab]
        if cols:
            logits = logits + self.coef[:, cols].sum(axis=1)
        logits = logits - logits.max()
        p = np.exp(logits)
        p /= p.sum()
        return dict(zip(self.labels, p.tolist(), strict=True))

    def arrays(self) -> dict[str, Any]:
        """The arrays written to the model file."""
        import numpy as np

        names = sorted(self.vocab, key=self.vocab.get)
        return {"labels": np.array(self.labels), "vocab": np.array(names, dtype=str),
                "mean": self.mean, "scale": self.scale,
                "coef": self.coef.astype("float32"), "intercept": self.intercept.astype("float32")}

    @classmethod
    def from_arrays(cls, arrays) -> LinearModel:
        """Rebuild a model from the arrays of its file."""
        vocab = [str(v) for v in arrays["vocab"]]
        return cls(labels=tuple(str(x) for x in arrays["labels"]),
                   vocab={n: i for i, n in enumerate(vocab)},
                   mean=arrays["mean"], scale=arrays["scale"],
                   coef=arrays["coef"], intercept=arrays["intercept"])


@dataclass(frozen=True)
class EventModels:
    """The code head, the event/no-event head, and the decision settings."""

    heads: dict[str, LinearModel]
    settings: dict[str, float]


def save(models: EventModels, directory) -> None:
    """Write each head as ``HEAD.npz`` and the decision settings as ``settings.json``."""
    import numpy as np

    directory.mkdir(parents=True, exist_ok=True)
    for name, head in models.heads.items():
        np.savez_compressed(directory / f"{name}.npz", **head.arrays())
    (directory / "settings.json").write_text(json.dumps(models.settings, indent=1, sort_keys=True) + "\n")


def load_dir(directory) -> EventModels:
    """Read the models written by :func:`save` (a path or a package resource)."""
    import numpy as np

    heads = {}
    for name in HEADS:
        entry = directory / f"{name}.npz"
        if not entry.is_file():
            raise EventwireError(f"{entry}: event model missing; run scripts/train_event_models.py")
        with entry.open("rb") as fh:
            with np.load(fh, allow_pickle=False) as arrays:
                heads[name] = LinearModel.from_arrays({k: arrays[k] for k in arrays.files})
    settings = json.loads((directory / "settings.json").read_text())
    return EventModels(heads=heads, settings=settings)


@lru_cache(maxsize=1)
def shipped() -> EventModels:
    """The models shipped in ``data/models/events-v1`` (loaded once per process)."""
    return load_dir(data_path(MODEL_DIR))
