"""Tests for eventwire.pipeline and eventwire.registry: versioned step names, the build-time
check of requires/assigns, and batch runs that isolate a failing article."""

import re

import pytest

from eventwire import registry
from eventwire.doc import Document, RawArticle
from eventwire.errors import PipelineError
from eventwire.pipeline import DEFAULT_STEPS, Pipeline

VERSIONED = re.compile(r"^[a-z]+(\.[a-z_]+)+\.v\d+$")
POISON = "The harbour authority in Tema reported a routine inspection of the port."

ARTICLES = [
    RawArticle(text="Gunmen attacked the village of Konduga on Sunday, killing four civilians, "
                    "police said.", published="2021-03-10", article_id="a1"),
    RawArticle(text="Riot police arrested twelve protesters in Harare on Tuesday.",
               published="2021-03-10", article_id="a2"),
    RawArticle(text=POISON, published="2021-03-10", article_id="a3"),
    RawArticle(text="Government warplanes struck the town of Saraqib on Sunday, killing three "
                    "civilians, rescuers said.", published="2021-03-09", article_id="a4"),
    RawArticle(text="The presidents of Ghana and Togo met in Accra on Friday to discuss "
                    "border security.", published="2021-03-08", article_id="a5"),
]


def test_default_step_names_are_versioned_and_registered(pipeline):
    assert pipeline.names == list(DEFAULT_STEPS)
    known = registry.names("steps")
    for name in pipeline.names:
        assert VERSIONED.match(name), name
        assert name in known


def test_each_step_names_itself_as_registered():
    for name in DEFAULT_STEPS:
        assert registry.get("steps", name).name == name


def test_step_alone_without_its_requirements_is_refused(pipeline):
    with pytest.raises(PipelineError, match=r"events\.detect\.v1 requires spacy"):
        Pipeline(["events.detect.v1"], resources=pipeline.resources)


def test_assemble_before_detect_is_refused(pipeline):
    steps = list(DEFAULT_STEPS)
    steps.remove("events.assemble.v1")
    steps.insert(steps.index("events.detect.v1"), "events.assemble.v1")
    with pytest.raises(PipelineError, match=r"events\.assemble\.v1 requires candidates"):
        Pipeline(steps, resources=pipeline.resources)


def test_unknown_step_lists_known_names(pipeline):
    with pytest.raises(KeyError) as info:
        Pipeline(["clean.boilerplate.v1", "places.teleport.v1"], resources=pipeline.resources)
    message = str(info.value)
    assert "places.teleport.v1" in message
    assert "places.resolve.v1" in message and "events.assemble.v1" in message


class Explode:
    """A step that fails on one article's text (and, in batch, on any batch holding it)."""

    name = "test.explode.v1"
    requires = ("text",)
    assigns = ()

    def __init__(self, resources) -> None:
        self.resources = resources

    def __call__(self, doc: Document) -> Document:
        if doc.text.startswith(POISON[:30]):
            raise ValueError("cannot read this article")
        return doc


class ExplodeInBatch(Explode):
    name = "test.explode_batch.v1"

    def pipe(self, docs: list[Document]) -> list[Document]:
        return [self(d) for d in docs]


@pytest.fixture
def exploding(pipeline):
    """A pipeline with a failing step after cleaning; the step is unregistered afterwards."""
    registry.names("steps")  # load the built-ins first, so teardown leaves them alone
    added = []

    def build(step_class):
        registry.register("steps", step_class.name)(step_class)
        added.append(step_class.name)
        steps = list(DEFAULT_STEPS)
        steps.insert(steps.index("nlp.parse.v1"), step_class.name)
        return Pipeline(steps, resources=pipeline.resources)

    yield build
    for name in added:
        registry._TABLES["steps"].pop(name, None)


@pytest.mark.parametrize("step_class", [Explode, ExplodeInBatch], ids=["call", "batch-pipe"])
def test_pipe_isolates_a_failing_article(exploding, step_class):
    outcomes = list(exploding(step_class).pipe(ARTICLES, batch_size=4))
    assert [o.raw.article_id for o in outcomes] == ["a1", "a2", "a3", "a4", "a5"]
    bad = outcomes[2]
    assert bad.doc is None
    assert bad.error.startswith(f"{step_class.name}: ValueError")
    for good in outcomes[:2] + outcomes[3:]:
        assert good.error is None
        assert good.doc.events, good.raw.text
        assert step_class.name in good.doc.provenance


def test_test_steps_do_not_leak():
    assert not [n for n in registry.names("steps") if n.startswith("test.")]


def test_batches_give_the_same_events_as_one_by_one(pipeline):
    one_by_one = [[e.to_dict() for e in pipeline(raw).events] for raw in ARTICLES]
    batched = [
        [e.to_dict() for e in o.doc.events] for o in pipeline.pipe(ARTICLES, batch_size=2)
    ]
    assert batched == one_by_one
    assert all(one_by_one[i] for i in (0, 1, 3, 4))


def test_provenance_lists_every_step_in_order(pipeline):
    doc = pipeline(ARTICLES[0])
    assert doc.provenance == list(DEFAULT_STEPS)
    assert all(e.provenance == tuple(DEFAULT_STEPS) for e in doc.events)


def test_empty_input_gives_no_outcomes(pipeline):
    assert list(pipeline.pipe([], batch_size=2)) == []
