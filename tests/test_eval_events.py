"""The event suites of ``eventwire eval`` (eventwire.evaluate.events and its modules).

Scorers are checked on known answers, loaders on small fictional files in each gold
format (tests/fixtures/eval/events_*), and every suite runs end to end on those files
and on the first items of the real gold sets in ../shared/gold.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.errors import InputError
from eventwire.evaluate import cameo, case, petrarch, plover, police, run_suite
from eventwire.evaluate.coding import OffsetMap, cameo_root

FIXTURES = Path(__file__).parent / "fixtures" / "eval"
GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold"
REAL = {
    "case2021": "case2021-task2/case2021_task2.tsv",
    "cameo": "conflibert-cameo/cameo_class_train.tsv",
    "cameo-spans": "conflibert-cameo/cameo_ner_train.txt",
    "plover": "plover-gsr/PLOVER_GSR_CAMEO.json",
    "police": "indiapoliceevents",
    "petrarch": "petrarch2-validation/PETR2_GSR_validation.xml",
}
NAMED = {
    "case2021": {"weighted_f1_acled", "weighted_f1_all", "macro_f1", "n"},
    "cameo": {"macro_f1", "n"},
    "cameo-spans": {"macro_f1", "n"},
    "plover": {"event_accuracy", "source_country_f1", "target_country_f1", "n"},
    "police": {"sent_example_f1", "doc_example_f1", "n"},
    "petrarch": {"no_event_correct", "root_code_accuracy", "n"},
}
FIXTURE_FILES = {
    "case2021": "events_case.tsv",
    "cameo": "events_cameo.tsv",
    "cameo-spans": "events_cameo_ner.txt",
    "plover": "events_plover.json",
    "police": "events_police",
    "petrarch": "events_petrarch.xml",
}


# --- scorers on known answers ---------------------------------------------------------

def test_case_scores_acled_labels_on_acled_gold_only():
    gold = ["AIR_STRIKE", "AIR_STRIKE", "ARREST", "DIPLO"]
    pred = ["AIR_STRIKE", "NONE", "ARREST", "ARREST"]
    m = case.score(gold, pred)
    # ACLED part: AIR_STRIKE F1 2/3 (support 2), ARREST F1 1 (support 1): (4/3 + 1) / 3
    assert m["weighted_f1_acled"] == pytest.approx(round((2 * 2 / 3 + 1) / 3, 4))
    # all: ARREST now has a false positive (F1 2/3); DIPLO missed (F1 0)
    assert m["weighted_f1_all"] == pytest.approx(round((2 * 2 / 3 + 2 / 3 + 0) / 4, 4))
    assert m["macro_f1"] == pytest.approx(round((2 / 3 + 2 / 3 + 0) / 3, 4))
    assert (m["n"], m["n_acled"], m["no_event"]) == (4, 3, 1)


def test_case_labels_cover_the_25_acled_types_and_5_others():
    assert len(case.ACLED) == 25 and len(case.LABELS) == 30
    assert case.NOT_ACLED.isdisjoint(case.ACLED)


def test_case_maps_every_acled_sub_event_of_the_ontology():
    from eventwire.ontology import event_classes

    subs = {c.acled_sub_event_type for c in event_classes().values() if c.acled_sub_event_type}
    assert subs <= set(case.ACLED_LABELS)


@pytest.mark.parametrize(("code", "cls"), [
    ("010", "0"), ("0256", "0"), ("036", "1"), ("057", "1"), ("073", "2"), ("0871", "2"),
    ("090", "3"), ("112", "3"), ("138", "3"), ("141", "4"), ("173", "4"), ("1831", "4"),
    ("195", "4"), ("2041", "4"), (None, "none"), ("", "none"), ("99", "none"),
])
def test_pentaclass_of_cameo_codes(code, cls):
    assert cameo.pentaclass(code) == cls


def test_cameo_macro_f1_counts_no_event_as_a_miss():
    m = cameo.score_classes(["0", "1", "4", "4"], ["0", "none", "4", "3"])
    # 0: F1 1; 1: F1 0; 3: F1 0 (false positive); 4: F1 2/3
    assert m["macro_f1"] == pytest.approx(round((1 + 0 + 0 + 2 / 3) / 4, 4))
    assert m["no_event"] == 1 and m["accuracy"] == 0.5


def test_bio_spans_read_as_seqeval_does():
    labels = ["B-S", "I-S", "O", "I-T", "I-T", "B-T", "B-R", "I-S"]
    expected = {("S", 0, 1), ("T", 3, 4), ("T", 5, 5), ("R", 6, 6), ("S", 7, 7)}
    assert cameo.bio_spans(labels) == expected


@given(st.lists(st.tuples(st.sampled_from("STR"), st.integers(1, 3)), max_size=8),
       st.lists(st.integers(0, 2), max_size=8))
def test_bio_spans_round_trip(spans, gaps):
    labels, expected, at = [], set(), 0
    for i, (kind, length) in enumerate(spans):
        gap = gaps[i] if i < len(gaps) else 0
        labels += ["O"] * gap
        at += gap
        labels += [f"B-{kind}"] + [f"I-{kind}"] * (length - 1)
        expected.add((kind, at, at + length - 1))
        at += length
    assert cameo.bio_spans(labels) == expected


def test_span_scores_exact_and_overlap():
    gold = [{("S", 0, 1), ("T", 3, 4)}, {("R", 0, 0), ("R", 2, 2)}]
    pred = [{("S", 0, 1), ("T", 4, 4)}, {("S", 0, 0)}]
    m = cameo.score_spans(gold, pred)
    assert (m["f1_S"], m["f1_T"], m["f1_R"]) == (pytest.approx(2 / 3, abs=1e-4), 0.0, 0.0)
    assert m["macro_f1"] == pytest.approx(round((2 / 3) / 3, 4))
    assert m["macro_f1_overlap"] == pytest.approx(round((2 / 3 + 1) / 3, 4))


def test_detokenise_keeps_token_offsets():
    tokens = ["The", "court", "'s", "ruling", "(", "final", ")", "stands", "."]
    text, offsets = cameo.detokenise(tokens)
    assert text == "The court's ruling (final) stands."
    assert [text[a:b] for a, b in offsets] == tokens


def test_plover_country_sets_and_old_names():
    assert plover.countries([{"code": "JAP"}, {"code": "IGO"}, {"code": "PSE"}]) == {"JPN", "PSE"}
    assert plover.countries("") == frozenset() and plover.countries(None) == frozenset()
    records = plover.load(FIXTURES / "events_plover.json")
    assert [r.event for r in records] == ["ASSAULT", "ACCUSE", "AGREE"]
    preds = [
        plover.Prediction("ASSAULT", frozenset({"ASSAULT"}), frozenset({"TUR"}), frozenset()),
        plover.Prediction("REQUEST", frozenset({"REQUEST", "ACCUSE"}), frozenset(),
                          frozenset({"JPN"})),
        plover.Prediction(None, frozenset(), frozenset(), frozenset()),
    ]
    m = plover.score(records, preds)
    assert m["event_accuracy"] == pytest.approx(round(1 / 3, 4))
    assert m["any_event_accuracy"] == pytest.approx(round(2 / 3, 4))
    # sources: gold {TUR}, {}, {PER, CHL}; predicted {TUR}: P 1, R 1/3
    assert m["source_country_f1"] == pytest.approx(0.5)
    # targets: gold {SYR}, {JPN}, {}; predicted {JPN}: P 1, R 1/2
    assert m["target_country_f1"] == pytest.approx(round(2 / 3, 4))


def test_example_f1_both_definitions():
    gold = [frozenset({"ANY_ACTION", "ARREST"}), frozenset(), frozenset(), frozenset({"FAIL"})]
    pred = [frozenset({"ANY_ACTION"}), frozenset(), frozenset({"FORCE"}), frozenset({"FAIL"})]
    assert police.example_f1(gold, pred) == pytest.approx((2 / 3 + 0 + 1) / 3)
    with_empty = police.example_f1(gold, pred, empty_counts=True)
    assert with_empty == pytest.approx((2 / 3 + 1 + 0 + 1) / 4)
    assert police.example_f1([frozenset()], [frozenset()]) == 0.0


@given(st.lists(st.frozensets(st.sampled_from(police.LABELS)), min_size=1, max_size=10))
def test_example_f1_is_one_for_a_perfect_prediction(sets):
    assert police.example_f1(sets, sets, empty_counts=True) == 1.0
    if any(sets):
        assert police.example_f1(sets, sets) == 1.0


def _event(kind, mode=None, modality="asserted", sector="COP", dead=0, trigger="did"):
    from eventwire.records import Actor, EventDate, Evidence, Fatalities, Event

    actors = (Actor(text="police", name="Police", sector=sector),) if sector else ()
    return Event("e", "a", kind, mode, None, None, None, actors, (), None, EventDate(None),
                 Fatalities(dead, dead, dead) if dead else None, (), modality,
                 Evidence("s", 0, 1, trigger, 0, 1), 0.5)


@pytest.mark.parametrize(("event", "labels"), [
    (_event("ASSAULT", dead=2), {"ANY_ACTION", "FORCE", "KILL"}),
    (_event("ASSAULT", "crowd-control", trigger="lathicharged"), {"ANY_ACTION", "FORCE"}),
    (_event("COERCE", "arrest"), {"ANY_ACTION", "ARREST"}),
    (_event("COERCE", "arrest", sector=None), {"ANY_ACTION", "ARREST"}),
    (_event("COERCE", "arrest", modality="negated"), {"FAIL"}),
    (_event("ASSAULT", modality="planned"), set()),
    (_event("ASSAULT", sector="REB", dead=3), set()),
    (_event("CONSULT"), {"ANY_ACTION"}),
])
def test_police_labels_of_one_event(event, labels):
    assert police.event_labels(event) == labels


def test_offset_map_is_exact_where_the_text_is_unchanged():
    original = "News desk\n\nPolice fired tear gas. The mob dispersed."
    cleaned = "Police fired tear gas. The mob dispersed."
    back = OffsetMap(original, cleaned)
    for word in ("fired", "mob", "dispersed"):
        assert back(cleaned.index(word)) == original.index(word)
    same = OffsetMap(cleaned, cleaned)
    assert [same(i) for i in range(0, 40, 7)] == list(range(0, 40, 7))


def test_cameo_root():
    assert [cameo_root(c) for c in ("1831", "04", "", None, "x1")] == ["18", "04", None, None, None]


# --- loaders on the fictional fixtures --------------------------------------------------

def test_loaders_read_the_fixture_formats():
    labels = [s.label for s in case.load(FIXTURES / "events_case.tsv")]
    assert labels == ["AIR_STRIKE", "PEACE_PROTEST", "DIPLO", "NATURAL_DISASTER"]
    assert len(case.load(FIXTURES / "events_case.tsv", limit=2)) == 2
    classes = cameo.load_classes(FIXTURES / "events_cameo.tsv")
    assert [i.label for i in classes] == ["4", "1", "0", "3"]
    spans = cameo.load_spans(FIXTURES / "events_cameo_ner.txt")
    assert [s.text for s in spans][1] == "Chile and Peru held talks in Lima."
    assert cameo.bio_spans(spans[1].labels) == {("R", 0, 0), ("R", 2, 2)}
    expected = petrarch.load(FIXTURES / "events_petrarch.xml")
    got = [(e.sentence_id, sorted(e.roots)) for e in expected]
    assert got == [("FIX_1", ["19"]), ("FIX_2", []), ("FIX_4", ["04"])]
    assert expected[0].text == "Syrian warplanes bombed the town of Saraqib on Monday."
    assert "&" in expected[2].text
    docs = police.load(FIXTURES / "events_police")
    assert [d.doc_id for d in docs] == ["101", "102"] and docs[0].published == "2002-03-02"
    assert [sorted(s.labels) for s in docs[0].sentences][1] == ["ANY_ACTION", "ARREST"]


def test_loaders_refuse_what_is_not_gold(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("id\tEventSnippet\tSubType\n1\tSomething happened.\tPICNIC\n", encoding="utf-8")
    with pytest.raises(InputError, match="30 labels"):
        case.load(bad)
    with pytest.raises(InputError, match="not a file"):
        cameo.load_classes(tmp_path / "missing.tsv")
    (tmp_path / "ner.txt").write_text("Word X-S\n", encoding="utf-8")
    with pytest.raises(InputError, match="B-/I-"):
        cameo.load_spans(tmp_path / "ner.txt")
    with pytest.raises(InputError, match="IndiaPoliceEvents folder"):
        police.load(tmp_path / "nowhere")
    with pytest.raises(InputError, match="mode"):
        run_suite("case2021", FIXTURES / "events_case.tsv", mode="gold-mentions")


# --- end to end ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def coded(gazetteer_path):
    """The suites coded by the standard pipeline (the gazetteer fixture sets it up)."""
    return gazetteer_path


@pytest.mark.parametrize("suite", sorted(FIXTURE_FILES))
def test_suite_on_fixture(suite, coded):
    report = run_suite(suite, FIXTURES / FIXTURE_FILES[suite])
    assert NAMED[suite] <= set(report.metrics)
    json.dumps(report.metrics)
    for name in NAMED[suite] - {"n"}:
        assert 0.0 <= report.metrics[name] <= 1.0


def test_fixture_answers_that_the_coder_gets_right(coded):
    assert case.predict(case.load(FIXTURES / "events_case.tsv", limit=1)) == ["AIR_STRIKE"]
    m = run_suite("police", FIXTURES / "events_police").metrics
    assert m["doc_f1_ARREST"] == 1.0 and m["n_sent"] == 6
    m = run_suite("petrarch", FIXTURES / "events_petrarch.xml").metrics
    assert (m["n_event"], m["n_no_event"], m["no_event_correct"]) == (2, 1, 1.0)


@pytest.mark.parametrize("suite", sorted(REAL))
def test_suite_on_real_gold(suite, coded):
    path = GOLD / REAL[suite]
    if not path.exists():
        pytest.fail(f"gold data missing: {path} (../shared/gold must sit beside the repo)")
    report = run_suite(suite, path, limit=5)
    assert NAMED[suite] <= set(report.metrics)
    assert report.metrics["n"] == 5
    assert not report.notes, report.notes
