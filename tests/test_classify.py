"""Tests for eventwire.classify: the shipped linear models, the decision over the ontology
table and the ``events.classify.v1`` step, on sentences written for these tests."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.classify.decide import NOT_CHOSEN, choose, code_labels, compatible
from eventwire.classify.features import Features
from eventwire.classify.model import HEADS, EventModels, LinearModel, load_dir, save, shipped
from eventwire.doc import RawArticle
from eventwire.evaluate.cameo import PENTACLASSES
from eventwire.evaluate.case import ACLED, LABELS
from eventwire.ontology import event_classes
from eventwire.pipeline import DEFAULT_STEPS

PLOVER_TYPES = {"AGREE", "ACCUSE", "ASSAULT", "AID", "CONCEDE", "CONSULT", "COERCE", "COOPERATE",
                "REQUEST", "MOBILIZE", "PROTEST", "REJECT", "RETREAT", "SANCTION", "SUPPORT",
                "THREATEN"}


def _toy(labels=("a", "b", "c"), n_dense=4, vocab=("x", "y")) -> LinearModel:
    rng = np.random.default_rng(0)
    return LinearModel(labels=tuple(labels), vocab={v: i for i, v in enumerate(vocab)},
                       mean=np.zeros(n_dense, "float32"), scale=np.ones(n_dense, "float32"),
                       coef=rng.normal(size=(len(labels), n_dense + len(vocab))).astype("float32"),
                       intercept=np.zeros(len(labels), "float32"))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-5, 5), min_size=4, max_size=4),
       st.sets(st.sampled_from(["x", "y", "unseen"])))
def test_probabilities_sum_to_one_and_unseen_names_cost_nothing(dense, names):
    model = _toy()
    p = model.proba(Features(np.array(dense, "float32"), frozenset(names)))
    assert set(p) == {"a", "b", "c"} and math.isclose(sum(p.values()), 1.0, abs_tol=1e-5)
    q = model.proba(Features(np.array(dense, "float32"), frozenset(names - {"unseen"})))
    assert all(math.isclose(p[k], q[k], abs_tol=1e-6) for k in p)


def test_models_round_trip_through_their_files(tmp_path):
    heads = {h: _toy() for h in HEADS}
    save(EventModels(heads=heads, settings={"rule_bonus": 0.5}), tmp_path)
    back = load_dir(tmp_path)
    feats = Features(np.ones(4, "float32"), frozenset({"x"}))
    assert back.settings == {"rule_bonus": 0.5}
    assert back.heads["code"].proba(feats) == pytest.approx(heads["code"].proba(feats))


def test_every_choosable_code_has_labels_the_gold_sets_use():
    for code, labels in code_labels().items():
        assert labels["case2021"] is None or labels["case2021"] in LABELS, code
        assert labels["cameo"] is None or labels["cameo"] in PENTACLASSES, code
        assert labels["plover"] is None or labels["plover"] in PLOVER_TYPES, code


def test_every_gold_label_stands_for_at_least_one_code():
    for label in LABELS:
        assert compatible("case2021", label), label
    for label in PENTACLASSES:
        assert compatible("cameo", label), label
    for label in PLOVER_TYPES:
        assert compatible("plover", label), label
    assert compatible("own", "arrest") == ("arrest",) and compatible("own", "nonsense") == ()


def _probs(favourite: str | None = None) -> dict[str, dict[str, float]]:
    codes = list(code_labels())
    p = {c: 1 / len(codes) for c in codes}
    if favourite:
        p = {c: (0.9 if c == favourite else 0.1 / (len(codes) - 1)) for c in codes}
    return {"code": p}


@pytest.mark.parametrize("rule_code", ["airstrike", "arrest", "meeting", "request_ceasefire", "killing"])
def test_the_rule_code_wins_when_the_model_has_no_opinion(rule_code):
    assert choose(_probs(), {}, rule_code=rule_code).code == rule_code


def test_a_refined_rule_code_stays_when_the_model_chooses_its_parent():
    assert choose(_probs("request"), {}, rule_code="request_ceasefire").code == "request_ceasefire"
    assert set(NOT_CHOSEN.values()) <= set(code_labels())


def test_a_confident_model_overrides_the_rules():
    choice = choose(_probs("arrest"), {"rule_bonus": math.log(2.0)}, rule_code="meeting")
    assert choice.code == "arrest" and choice.confidence == pytest.approx(0.9)


def test_the_shipped_models_cover_the_codes():
    models = shipped()
    assert set(models.heads) == set(HEADS)
    assert set(models.heads["code"].labels) <= set(event_classes())
    assert set(models.heads["event"].labels) == {"event", "none"}


def test_the_step_runs_after_the_rules_and_before_assembly():
    steps = list(DEFAULT_STEPS)
    assert steps.index("events.detect.v1") < steps.index("events.classify.v1") < steps.index(
        "events.assemble.v1")


@pytest.fixture(scope="module")
def code(pipeline):
    def run(text):
        return [e for e in pipeline(RawArticle(text=text, published="2021-03-10")).events
                if e.modality == "asserted"]

    return run


def test_an_event_the_rules_miss_is_added_at_the_root(code):
    text = "A court in the capital on Tuesday freed two opposition activists on bail."
    events = code(text)
    assert len(events) == 1 and events[0].evidence.trigger == "freed"


def test_a_descriptive_sentence_gets_no_event(code):
    assert code("The province is known for its apricot orchards and its cold winters.") == []


def test_an_air_strike_stays_an_air_strike(code):
    events = code("Syrian government warplanes bombed a market in the town of Ariha on Monday.")
    assert events[0].acled_sub_event_type == "Air/drone strike"
