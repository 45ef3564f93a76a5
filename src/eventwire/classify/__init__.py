"""Trained event classification over the spaCy parse (step ``events.classify.v1``).

A sentence's main event is typed by a small linear model over the rows of the ontology
table (multinomial logistic regression shipped as numpy weights; no scikit-learn at run
time), so the code chosen is always one row and its PLOVER, ACLED and CAMEO fields agree
(:mod:`.decide`); a second model says whether the text reports an event at all. Features
(:mod:`.features`) are what the parse already computed: tok2vec vectors pooled over the
sentence and the trigger's phrase, lemmas, dependency relations and the rule detector's
own hits. ``scripts/train_event_models.py`` trains them and cross-validates them.
"""

from __future__ import annotations

__all__ = ["features", "model", "decide", "step"]
