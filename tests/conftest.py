"""Shared fixtures: the gazetteer index and the standard pipeline, built once per session.

The gazetteer is the one named by EVENTWIRE_GAZETTEER, else the default one that
`make test` builds (`eventwire gazetteer build --if-missing`) when this version built it,
else one built here (an index left by an older version would test old data).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# The throwaway PostgreSQL server: fixtures postgres_server, postgres_url, store_url.
pytest_plugins = ["postgres_server"]

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seed" / "000_8720b10c6d090c7e.txt"


@pytest.fixture(scope="session")
def gazetteer_path(tmp_path_factory) -> Path:
    from eventwire.places.gazetteer import Gazetteer
    from eventwire.settings import setting

    path = Path(setting("gazetteer"))
    if Gazetteer.state(path) == "current":
        return path
    path = tmp_path_factory.mktemp("gazetteer") / "gazetteer.sqlite"
    Gazetteer.build(path)
    os.environ["EVENTWIRE_GAZETTEER"] = str(path)
    return path


@pytest.fixture(scope="session")
def pipeline(gazetteer_path):
    from eventwire.pipeline import Pipeline, Resources

    return Pipeline(resources=Resources(gazetteer_path=str(gazetteer_path)))


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.is_file():
        pytest.fail(f"the founding example is missing: {SEED} (../shared must sit beside the repo)")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def nlp(pipeline):
    """The spaCy model the session's pipeline uses (loaded once)."""
    return pipeline.resources.nlp


@pytest.fixture(scope="session")
def hand_doc(pipeline):
    """Build a parsed Document by hand: ``hand_doc(text, [(code, trigger word), ...])`` gives
    one EventCandidate per trigger, in text order, for testing one step on its own."""
    from eventwire.doc import Document, EventCandidate, RawArticle
    from eventwire.records import Article

    def build(text: str, triggers, published: str | None = "2018-09-08") -> Document:
        doc = Document(raw=RawArticle(text=text, published=published), text=text)
        doc.article = Article(article_id="t", text=text, published=published)
        doc.spacy = pipeline.resources.nlp(text)
        pos = 0
        for code, word in triggers:
            start = text.index(word, pos)
            pos = start + len(word)
            sentence = next(
                i for i, s in enumerate(doc.sentences) if s.start_char <= start < s.end_char
            )
            token = doc.spacy.char_span(start, pos, alignment_mode="expand").root.i
            doc.candidates.append(EventCandidate(code, sentence, start, pos, word, token))
        return doc

    return build
