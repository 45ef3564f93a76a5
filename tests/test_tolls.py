"""One toll per event: coding an article again, or an article that repeats itself, never
adds deaths (issue 5). Runs the full pipeline over the bundled examples."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.doc import RawArticle
from eventwire.ingest.readers import read_paths

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = [r for r in read_paths([ROOT / "examples" / "articles"]) if isinstance(r, RawArticle)]
WITH_TOLLS = [r for r in ARTICLES if r.origin and any(k in r.origin for k in ("01_", "03_", "05_", "06_"))]
SEED = ROOT.parent / "shared" / "seed" / "000_8720b10c6d090c7e.txt"


def total_toll(pipeline, raw: RawArticle) -> int:
    doc = pipeline(raw)
    return sum(e.fatalities.best for e in doc.events if e.fatalities and e.modality == "asserted")


def test_coding_twice_gives_the_same_toll(pipeline):
    for raw in WITH_TOLLS:
        assert total_toll(pipeline, raw) == total_toll(pipeline, raw) > 0


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_repeating_paragraphs_never_grows_the_toll(pipeline, data):
    raw = data.draw(st.sampled_from(WITH_TOLLS))
    paragraphs = [p for p in raw.text.split("\n\n") if p.strip()]
    repeat = data.draw(st.lists(st.sampled_from(range(len(paragraphs))), min_size=1, max_size=3))
    longer = list(paragraphs)
    for i in sorted(repeat, reverse=True):
        longer.insert(i + 1, paragraphs[i])
    again = RawArticle(text="\n\n".join(longer), published=raw.published, origin="repeated")
    assert total_toll(pipeline, again) <= total_toll(pipeline, raw)


def test_founding_example_counts_three_deaths_once(pipeline, seed_text):
    raw = RawArticle(text=seed_text, published="2018-09-08")
    doubled = RawArticle(text=seed_text + "\n\n" + seed_text, published="2018-09-08")
    assert total_toll(pipeline, raw) == total_toll(pipeline, doubled) == 3
