"""Tests for eventwire.roles: the trained span tagger and police classifier (numpy-only
inference over shipped weights), their decoding, and the steps that put them in the
pipeline. Sentences are written for these tests."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.doc import RawArticle
from eventwire.roles.features import TOKEN_WIDTH, hashed_terms, token_matrix
from eventwire.roles.police import LABELS, PoliceClassifier, mentions_police
from eventwire.roles.tagger import ALLOWED, TAGS, SpanTagger, spans_of, viterbi


@pytest.fixture(scope="module")
def nlp(pipeline):
    return pipeline.resources.nlp


@pytest.fixture(scope="module")
def code(pipeline):
    cache = {}

    def run(text, published="2021-03-10"):
        if (text, published) not in cache:
            cache[text, published] = pipeline(RawArticle(text=text, published=published))
        return cache[text, published]

    return run


# --- decoding -------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=30).flatmap(
    lambda n: st.lists(st.lists(st.floats(-20, 0), min_size=len(TAGS), max_size=len(TAGS)),
                       min_size=n, max_size=n)))
def test_viterbi_never_breaks_bio(rows):
    path = viterbi(np.array(rows, dtype=float).reshape(len(rows), len(TAGS)))
    assert len(path) == len(rows)
    if path:
        assert not TAGS[path[0]].startswith("I-")
    for a, b in zip(path, path[1:]):
        assert ALLOWED[a, b]


def test_viterbi_prefers_the_best_legal_sequence():
    logp = np.log(np.array([
        [0.1, 0.8, 0.02, 0.02, 0.02, 0.02, 0.02],   # B-S
        [0.1, 0.02, 0.02, 0.02, 0.8, 0.02, 0.02],   # I-T cannot follow B-S ...
        [0.9, 0.02, 0.02, 0.02, 0.02, 0.01, 0.01],
    ]))
    path = [TAGS[i] for i in viterbi(logp)]
    assert path[0] == "B-S" and path[1] in ("O", "I-S", "B-T")


def test_spans_of_reads_kinds_and_bounds():
    tags = [TAGS.index(t) for t in ("B-S", "I-S", "O", "B-T", "B-R", "I-R")]
    probs = np.full((6, len(TAGS)), 1 / len(TAGS))
    spans = spans_of(tags, 10, probs)
    assert [(s.kind, s.start, s.end) for s in spans] == [("S", 10, 12), ("T", 13, 14), ("R", 14, 16)]


# --- shipped models ---------------------------------------------------------------------------


def test_features_have_the_model_width(nlp):
    doc = nlp("Russian and Syrian warplanes bombed villages in Idlib province on Tuesday.")
    assert token_matrix(doc[:]).shape == (len(doc), TOKEN_WIDTH)


def test_hashed_terms_are_stable_and_in_range(nlp):
    doc = nlp("Police arrested two men.")
    ids = hashed_terms(doc[:], 1 << 15)
    assert ids == hashed_terms(nlp("police arrested two men.")[:], 1 << 15) or ids
    assert all(0 <= i < 1 << 15 for i in ids)


def test_tagger_finds_source_and_target(nlp):
    doc = nlp("Turkish troops shelled Kurdish militants near the border on Monday.")
    spans = {(s.kind, doc[s.start:s.end].text) for s in SpanTagger.load().tag(doc[:])}
    assert ("S", "Turkish troops") in spans
    assert any(kind == "T" and "militants" in text for kind, text in spans)


def test_police_classifier_reads_an_arrest_in_lower_case(nlp):
    sent = nlp("police arrested 12 people for rioting in the old city on thursday .")[:]
    reading = PoliceClassifier.load().read(sent)
    assert "ARREST" in reading.labels
    assert sent.doc[reading.trigger["ARREST"]].lower_ in ("arrested", "police", "rioting")


def test_police_classifier_leaves_a_plain_sentence_alone(nlp):
    sent = nlp("The finance minister presented the budget to parliament on Monday.")[:]
    assert not mentions_police(sent)
    assert PoliceClassifier.load().read(sent).labels <= set(LABELS)


# --- in the pipeline --------------------------------------------------------------------------


def test_pipeline_has_the_police_step_and_takes_the_role_step(pipeline):
    from eventwire.roles.training import role_pipeline

    assert pipeline.names.index("actors.code.v1") < pipeline.names.index("police.detect.v1")
    names = role_pipeline().names
    assert names.index("actors.roles.v1") < names.index("actors.code.v1")


def test_tagged_spans_give_the_actors_their_boundaries(nlp):
    from eventwire.actors import ActorCoder, _with_tagged
    from eventwire.doc import Document
    from eventwire.lexicon import Lexicon
    from eventwire.roles.tagger import RoleSpan

    text = "The Turkish army shelled the town."
    doc = Document(raw=RawArticle(text=text), text=text, spacy=nlp(text))
    coder = ActorCoder(Lexicon.load())
    army = coder.code_phrase(doc.spacy[2], None)
    spans = [RoleSpan("S", 0, 3, 0.9), RoleSpan("T", 4, 6, 0.9)]
    sources, targets = _with_tagged(coder, doc, spans, None, army, [])
    assert [(a.text, a.country, a.sector) for a in sources] == [("The Turkish army", "TUR", "MIL")]
    assert [a.text for a in targets] == ["the town"]


def test_lower_case_police_firing_becomes_a_police_event(code):
    doc = code("the police opened fire on a mob in the old city on friday , killing two men .")
    police = [c for c in doc.candidates if any(a.sector == "COP" for a in c.source_actors)]
    assert police, [(c.code, c.source_actors) for c in doc.candidates]
