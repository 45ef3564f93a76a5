"""Trained role components over the spaCy parse: who is the source and the target of a
sentence's event (:mod:`.tagger`), and which police actions a sentence tells
(:mod:`.police`).

Both are linear models trained by ``scripts/train_actor_models.py`` with scikit-learn and
shipped as numpy weights in ``eventwire/data/models/``; inference is numpy only. Their
features are what the parse already computed (:mod:`.features`): the tok2vec vector of
each token, POS, dependency labels and the token's place under its governing verb,
entity types and lexicon hits.
"""

from __future__ import annotations
