"""The golden corpus: each bundled example article with the events it must and must not give.

Expectations live in tests/golden/expectations.json (see examples/README.md); every
"must" and "must not" entry is its own test, so a report shows exactly which rule broke.
Both kinds look at asserted events, the ones eventwire reports by default: a fear or a
plan coded with its modality ("hypothetical", "planned") is not a false event.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.ingest.readers import read_paths
from eventwire.places.names import normalize

ROOT = Path(__file__).resolve().parents[1]
EXPECTATIONS = json.loads((ROOT / "tests" / "golden" / "expectations.json").read_text("utf-8"))


def _article_key(entry: dict) -> str:
    return f"{entry['file']}#{entry['id']}" if entry.get("id") else entry["file"]


@pytest.fixture(scope="module")
def coded(pipeline) -> dict[str, list]:
    """Events of every example article, keyed like the expectations."""
    out: dict[str, list] = {}
    for raw in read_paths([ROOT / "examples" / "articles"]):
        assert not isinstance(raw, Exception), raw
        name = Path(raw.origin.split(":")[0]).name
        key = f"{name}#{raw.article_id}" if raw.article_id else name
        out[key] = pipeline(raw).events
    return out


def _has_actor(actors, country=None, sector=None) -> bool:
    return any((country is None or a.country == country) and (sector is None or a.sector == sector)
               for a in actors)


def matches(event, want: dict) -> bool:
    """Whether one event satisfies every key of a "must" entry."""
    place = event.place
    checks = {
        "type": lambda v: event.type == v,
        "mode": lambda v: event.mode == v,
        "acled_event_type": lambda v: event.acled_event_type == v,
        "acled_sub_event_type": lambda v: event.acled_sub_event_type == v,
        "source_country": lambda v: _has_actor(event.source_actors, country=v),
        "source_sector": lambda v: _has_actor(event.source_actors, sector=v),
        "target_country": lambda v: _has_actor(event.target_actors, country=v),
        "target_sector": lambda v: _has_actor(event.target_actors, sector=v),
        "country": lambda v: place is not None and place.country == v,
        "admin1": lambda v: place is not None and normalize(place.admin1 or "") == normalize(v),
        "place": lambda v: place is not None and normalize(v) in (normalize(place.name), normalize(place.text)),
        "date": lambda v: event.date.value == v,
        "fatalities_best": lambda v: event.fatalities is not None and event.fatalities.best == v,
        "victims": lambda v: event.fatalities is not None and v in event.fatalities.victims,
    }
    return all(checks[k](v) for k, v in want.items() if k in checks)


def _cases(kind: str):
    for entry in EXPECTATIONS:
        for i, want in enumerate(entry[kind]):
            yield pytest.param(_article_key(entry), want, id=f"{_article_key(entry)}-{kind}{i}")


@pytest.mark.parametrize(("article", "want"), list(_cases("must")))
def test_must(coded, article, want):
    events = [e for e in coded[article] if e.modality == "asserted"]
    assert any(matches(e, want) for e in events), (want.get("note"), [
        (e.type, e.acled_sub_event_type, e.place and e.place.name, e.date.value,
         [(a.country, a.sector) for a in e.source_actors], e.fatalities and e.fatalities.best)
        for e in events])


@pytest.mark.parametrize(("article", "want"), list(_cases("must_not")))
def test_must_not(coded, article, want):
    events = [e for e in coded[article] if e.modality == "asserted"]
    if "evidence_contains" in want:
        bad = [e for e in events if want["evidence_contains"] in e.evidence.sentence]
    else:
        bad = [e for e in events if matches(e, {k: v for k, v in want.items() if k != "modality"})]
    assert not bad, (want.get("note"), [(e.type, e.modality, e.evidence.sentence[:100]) for e in bad])


def test_every_example_has_expectations():
    files = {p.name for p in (ROOT / "examples" / "articles").iterdir() if p.name != "metadata.json"}
    assert files == {e["file"] for e in EXPECTATIONS}
