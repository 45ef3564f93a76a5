"""The command line: each command end to end through Typer's runner (offline)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire import cli

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture(autouse=True)
def _gazetteer(gazetteer_path, monkeypatch):
    monkeypatch.setenv("EVENTWIRE_GAZETTEER", str(gazetteer_path))


def invoke(*args: str):
    return runner.invoke(cli.app, [str(a) for a in args], catch_exceptions=False)


def test_code_prints_jsonl_with_the_record_fields(tmp_path, seed_text):
    article = tmp_path / "seed.txt"
    article.write_text(seed_text, encoding="utf-8")
    result = invoke("code", article, "--published", "2018-09-08", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert events and all(e["modality"] == "asserted" for e in events)
    for field in ("event_id", "article_id", "type", "mode", "acled_event_type", "acled_sub_event_type",
                  "cameo", "source_actors", "target_actors", "place", "date", "fatalities",
                  "reported_by", "modality", "evidence", "confidence", "provenance"):
        assert field in events[0]
    assert {"text", "name", "country", "sector", "inter"} <= set(events[0]["source_actors"][0])
    assert "events.assemble.v1" in events[0]["provenance"]


def test_published_flag_wins_over_the_input(tmp_path):
    rec = {"id": "x1", "text": "Police arrested 12 protesters in Nairobi on Monday, officials said.",
           "published": "2023-03-21"}
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    own = invoke("code", path, "-f", "jsonl")
    forced = invoke("code", path, "-f", "jsonl", "--published", "2023-03-28")
    dates = [json.loads(line)["date"]["value"] for line in own.stdout.splitlines() if line.startswith("{")]
    forced_dates = [json.loads(line)["date"]["value"] for line in forced.stdout.splitlines()
                    if line.startswith("{")]
    assert dates == ["2023-03-20"] and forced_dates == ["2023-03-27"]


def test_all_modalities_shows_the_negated_agreement(tmp_path, seed_text):
    article = tmp_path / "seed.txt"
    article.write_text(seed_text, encoding="utf-8")
    result = invoke("code", article, "--published", "2018-09-08", "-f", "jsonl", "--all-modalities")
    kinds = {(json.loads(line)["type"], json.loads(line)["modality"])
             for line in result.stdout.splitlines() if line.startswith("{")}
    assert ("AGREE", "negated") in kinds


def test_run_twice_adds_nothing_then_exports(tmp_path):
    db = tmp_path / "events.db"
    first = invoke("run", ROOT / "examples" / "articles", "--db", db)
    assert first.exit_code == 0, first.output
    assert "17 coded" in first.stdout
    second = invoke("run", ROOT / "examples" / "articles", "--db", db)
    assert "0 coded, 17 already stored" in second.stdout
    for fmt in ("jsonl", "acled-csv", "geojson"):
        out = tmp_path / f"events.{fmt}"
        result = invoke("export", "--db", db, "--format", fmt, "-o", out)
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0
    geo = json.loads((tmp_path / "events.geojson").read_text("utf-8"))
    assert geo["type"] == "FeatureCollection" and geo["features"]
    header = (tmp_path / "events.acled-csv").read_text("utf-8").splitlines()[0]
    assert header.startswith("event_id_cnty,event_date,year,time_precision,disorder_type")
    table = invoke("show", "--db", db)
    assert table.exit_code == 0 and "Air/drone strike" in table.stdout


def test_bad_input_is_one_line_and_the_rest_is_coded(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "empty.txt").write_text("   \n", encoding="utf-8")
    (inputs / "binary.txt").write_bytes(b"%PDF-1.4\x00\x01\x02")
    (inputs / "good.txt").write_text(
        "Gunmen killed five villagers in an attack near Bankass in Mali on Monday, officials said.",
        encoding="utf-8")
    result = runner.invoke(cli.app, ["run", str(inputs), "--db", str(tmp_path / "e.db"),
                                     "--rejects", str(tmp_path / "rejects.jsonl")])
    assert result.exit_code == 0
    assert "Traceback" not in result.output
    assert "1 coded" in result.stdout and "2 rejected" in result.stdout
    rejects = [json.loads(x) for x in (tmp_path / "rejects.jsonl").read_text().splitlines()]
    assert {Path(r["input"]).name for r in rejects} == {"empty.txt", "binary.txt"}


def test_nothing_coded_exits_non_zero(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = runner.invoke(cli.app, ["code", str(tmp_path / "empty.txt")])
    assert result.exit_code == 1


def test_errors_without_traceback(tmp_path, capsys, monkeypatch):
    bad_db = tmp_path / "not-a-db"
    bad_db.write_text("this is not sqlite", encoding="utf-8")
    monkeypatch.setattr("sys.argv", ["eventwire", "show", "--db", str(bad_db)])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("eventwire: error:") and "Traceback" not in err and str(bad_db) in err


def test_bad_published_flag_is_refused(tmp_path, capsys, monkeypatch):
    article = tmp_path / "a.txt"
    article.write_text("Police arrested two men in Gusau.", encoding="utf-8")
    monkeypatch.setattr("sys.argv", ["eventwire", "code", str(article), "--published", "2018-02-30"])
    with pytest.raises(SystemExit):
        cli.main()
    assert "--published" in capsys.readouterr().err


def test_gazetteer_build_if_missing_keeps_the_index(gazetteer_path):
    result = invoke("gazetteer", "build", "--path", gazetteer_path, "--if-missing")
    assert result.exit_code == 0 and "already built" in result.stdout


def test_code_refuses_a_binary_format_before_coding(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Police arrested two men in Lagos on Monday.", encoding="utf-8")
    result = runner.invoke(cli.app, ["code", str(article), "--format", "parquet"])
    assert result.exit_code == 2
    assert "eventwire export --out" in result.output


def _mark_stale(source, target):
    import shutil
    import sqlite3

    shutil.copyfile(source, target)
    with sqlite3.connect(target) as conn:
        conn.execute("UPDATE meta SET value = 'older' WHERE key = 'build'")
    conn.close()


def test_gazetteer_build_if_missing_rebuilds_an_index_from_another_version(
        gazetteer_path, tmp_path, monkeypatch):
    from eventwire.places.gazetteer import Gazetteer

    stale = tmp_path / "stale.sqlite"
    _mark_stale(gazetteer_path, stale)
    assert Gazetteer.state(stale) == "stale"
    rebuilt = []
    monkeypatch.setattr(Gazetteer, "build", classmethod(
        lambda cls, path, **_: rebuilt.append(path) or _copy(gazetteer_path, path)))
    result = invoke("gazetteer", "build", "--path", stale, "--if-missing")
    assert result.exit_code == 0 and "rebuilding" in result.stdout
    assert rebuilt == [stale] and Gazetteer.state(stale) == "current"


def _copy(source, target):
    import shutil

    shutil.copyfile(source, target)

    class Report:
        places = names = 1
        seconds = 0.0
        path = str(target)
    return Report()


def test_gazetteer_build_if_missing_keeps_a_stale_index_that_holds_imports(
        gazetteer_path, tmp_path):
    import sqlite3

    from eventwire.places.gazetteer import Gazetteer

    stale = tmp_path / "imported.sqlite"
    _mark_stale(gazetteer_path, stale)
    with sqlite3.connect(stale) as conn:
        conn.execute("INSERT INTO meta VALUES ('imports', '[\"SY.txt\"]')")
    conn.close()
    result = invoke("gazetteer", "build", "--path", stale, "--if-missing")
    assert result.exit_code == 0 and "SY.txt" in result.stderr and "import them again" in result.stderr
    assert Gazetteer.state(stale) == "stale"
