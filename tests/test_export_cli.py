"""``eventwire export`` end to end: articles coded by ``eventwire run`` into a temporary
store, then exported with filters in every format through Typer's runner (offline)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire import cli
from eventwire.export import EventProjection, formats, read_events, read_projection
from eventwire.query import BBox, EventQuery
from eventwire.records import Event

ARTICLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
runner = CliRunner()


def invoke(*args: object):
    return runner.invoke(cli.app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def db(tmp_path_factory, gazetteer_path) -> Path:
    """Two example articles and a second outlet's copy of the first, coded into a store."""
    folder = tmp_path_factory.mktemp("articles")
    metadata = json.loads((ARTICLES / "metadata.json").read_text("utf-8"))
    chosen = {}
    for name in ("01_idlib_airstrikes.txt", "06_kharkiv_shelling.txt"):
        (folder / name).write_text((ARTICLES / name).read_text("utf-8"), encoding="utf-8")
        chosen[name] = metadata[name]
    copy = (ARTICLES / "01_idlib_airstrikes.txt").read_text("utf-8") + (
        "\nThe report was first carried by a regional radio station.\n")
    (folder / "01b_idlib_copy.txt").write_text(copy, encoding="utf-8")
    chosen["01b_idlib_copy.txt"] = {**metadata["01_idlib_airstrikes.txt"], "source": "Other Radio"}
    (folder / "metadata.json").write_text(json.dumps(chosen), encoding="utf-8")
    path = tmp_path_factory.mktemp("store") / "events.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("EVENTWIRE_GAZETTEER", str(gazetteer_path))
        result = invoke("run", folder, "--db", path)
    assert result.exit_code == 0, result.output
    assert "3 coded" in result.stdout
    return path


def exported(db: Path, *options: object) -> list[Event]:
    result = invoke("export", "--db", db, "--format", "jsonl", *options)
    assert result.exit_code == 0, result.output
    return [Event.from_dict(json.loads(line)) for line in result.stdout.split("\n") if line]


@pytest.mark.parametrize(
    "options",
    [
        {"since": "2019-05-11", "until": "2019-05-11"},
        {"since": "2020-01-01"},
        {"country": "UKR"},
        {"admin1": "idlib"},
        {"type": "Air/drone strike"},
        {"type": "ASSAULT", "country": "SYR"},
        {"actor": "russia"},
        {"bbox": "36,35,37,36"},
    ],
)
def test_filters_pick_what_the_query_matches(db: Path, options: dict[str, str]) -> None:
    everything = exported(db, "--no-merge")
    flags = [x for key, value in options.items() for x in (f"--{key}", value)]
    picked = exported(db, "--no-merge", *flags)
    bbox = BBox.parse(options["bbox"]) if "bbox" in options else None
    query = EventQuery(**{**options, "bbox": bbox})
    assert picked == [event for event in everything if query.matches(event)]
    assert picked and len(picked) < len(everything)


def test_merge_folds_the_copy_into_the_original(db: Path) -> None:
    separate, merged = exported(db, "--no-merge"), exported(db)
    assert len(merged) < len(separate)
    folded = [event for event in merged if event.reports]
    assert folded and all(event.place.country == "SYR" for event in folded)
    outlets = {r.source_name for event in folded for r in event.reports} | {
        event.source_name for event in folded}
    assert outlets == {"Example Wire", "Other Radio"}
    result = invoke("export", "--db", db, "-f", "acled-csv", "--country", "SYR")
    both = ("Example Wire; Other Radio", "Other Radio; Example Wire")
    assert any(outlets in result.stdout for outlets in both)


def test_every_format_reads_back(db: Path, tmp_path: Path) -> None:
    events = exported(db, "--country", "SYR")
    for fmt in formats():
        out = tmp_path / f"syria.{fmt}"
        result = invoke("export", "--db", db, "--format", fmt, "--country", "SYR", "--out", out)
        assert result.exit_code == 0, result.output
        assert f"{len(events)} events exported" in result.output
        if fmt in ("jsonl", "parquet"):
            assert read_events(fmt, out) == events
        else:
            assert read_projection(fmt, out) == [EventProjection.of(e) for e in events]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--since", "2019-13-01"], "since must be a date"),
        (["--until", "yesterday"], "until must be a date"),
        (["--bbox", "36,35,37"], "west,south,east,north"),
        (["--bbox", "37,35,36,36"], "west <= east"),
        (["--bbox", "a,b,c,d"], "four numbers"),
        (["--country", "Syria"], "alpha-3"),
        (["--format", "xlsx"], "unknown format 'xlsx'"),
        (["--format", "parquet"], "--out"),
    ],
)
def test_bad_values_are_one_line_and_exit_2(db: Path, options: list[str], message: str) -> None:
    result = invoke("export", "--db", db, *options)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert result.output.count("\n") == 1 and result.stdout == ""


def test_an_unwritable_output_is_one_line(db: Path, tmp_path: Path) -> None:
    result = invoke("export", "--db", db, "--out", tmp_path / "missing" / "events.jsonl")
    assert result.exit_code == 1
    assert "missing" in result.output and result.output.count("\n") == 1
