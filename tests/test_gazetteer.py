"""The embedded gazetteer: build, open, lookup, and import from GeoNames dumps.

The full gazetteer is built once per module (about 40 s) unless the environment variable
EVENTWIRE_GAZETTEER names an existing built file, which is then used as it is.
"""

import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from eventwire.errors import GazetteerError
from eventwire.places.gazetteer import (
    BuildReport,
    Gazetteer,
    GazEntry,
    admin1_table,
    import_geonames,
    synthetic_admin1_id,
)

IDLIB_CITY, KHAN_SHAYKHUN, MAARAT, HAMA_CITY, DEIR_CITY, TEHRAN_CITY = (
    169389, 168325, 167611, 170017, 170794, 112931)


@pytest.fixture(scope="module")
def gaz_path(gazetteer_path) -> Path:
    """The session's full gazetteer (see conftest.py: built once, or the one `make` built)."""
    return gazetteer_path


@pytest.fixture(scope="module")
def gaz(gaz_path):
    with Gazetteer.open(gaz_path) as opened:
        yield opened


def ids(entries: list[GazEntry]) -> list[int]:
    return [e.geonameid for e in entries]


def division(entries: list[GazEntry], name: str, country: str = "SY") -> GazEntry:
    found = [e for e in entries if e.feature == "ADM1" and e.country_iso2 == country]
    assert found and found[0].name == name, entries[:3]
    return found[0]


@pytest.mark.slow
@pytest.mark.parametrize("spelling", ["Khan Sheikhoun", "Khan Shaykhun", "Khan Shaykhūn",
                                      "Khan Sheikhun", "Khan Shaykhoon"])
def test_khan_shaykhun_spellings(gaz, spelling):
    top = gaz.lookup(spelling)[0]
    assert top.geonameid == KHAN_SHAYKHUN
    assert (top.country_iso2, top.country_iso3, top.feature) == ("SY", "SYR", "PPL")
    assert top.admin1_name == "Idlib"
    assert top.admin1_geonameid == gaz.admin1("SY", top.admin1_code).geonameid


@pytest.mark.slow
@pytest.mark.parametrize("spelling", ["Idlib", "Idleb"])
def test_idlib_gives_the_governorate_then_the_city(gaz, spelling):
    found = gaz.lookup(spelling)
    adm1 = division(found, "Idlib")
    assert IDLIB_CITY in ids(found)
    assert ids(found).index(adm1.geonameid) < ids(found).index(IDLIB_CITY)
    assert adm1.admin1_geonameid == adm1.geonameid


@pytest.mark.slow
def test_hama(gaz):
    found = gaz.lookup("Hama")
    division(found, "Hama")
    assert HAMA_CITY in ids(found)


@pytest.mark.slow
@pytest.mark.parametrize("spelling", ["Maarat al-Numan", "Ma'arrat an-Nu'man",
                                      "Maarrat al-Nu'man"])
def test_maarat_al_numan(gaz, spelling):
    assert ids(gaz.lookup(spelling))[0] == MAARAT


@pytest.mark.slow
@pytest.mark.parametrize("spelling", ["Deir Ezzor", "Dayr az Zawr", "Deir ez-Zor"])
def test_deir_ez_zor(gaz, spelling):
    found = gaz.lookup(spelling)
    division(found, "Deir ez-Zor")
    assert DEIR_CITY in ids(found)


@pytest.mark.slow
def test_teheran(gaz):
    found = gaz.lookup("Teheran")
    assert found[0].name == "Tehran" and TEHRAN_CITY in ids(found)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["Syria", "Syrian Arab Republic"])
def test_syria_is_a_country(gaz, name):
    top = gaz.lookup(name)[0]
    assert (top.feature, top.country_iso3, top.geonameid) == ("PCLI", "SYR", 163843)
    assert top == gaz.country("SY") == gaz.country("syr")


@pytest.mark.slow
def test_country_aliases(gaz):
    assert gaz.lookup("UK")[0].country_iso2 == "GB"
    assert gaz.lookup("USA")[0].country_iso2 == "US"
    assert gaz.lookup("United States")[0].feature == "PCLI"


@pytest.mark.slow
def test_paris_top_result_is_paris_france(gaz):
    top = gaz.lookup("Paris")[0]
    assert (top.name, top.country_iso2, top.feature) == ("Paris", "FR", "PPL")


@pytest.mark.slow
def test_country_filter(gaz):
    in_us = gaz.lookup("Paris", country="US")
    assert in_us and all(e.country_iso2 == "US" for e in in_us)
    assert ids(gaz.lookup("Paris", country="USA")) == ids(in_us)
    assert gaz.lookup("Idlib", country="FR") == []
    with pytest.raises(GazetteerError):
        gaz.lookup("Paris", country="Francia")


@pytest.mark.slow
def test_fuzzy_only_when_asked_and_when_nothing_exact(gaz):
    assert gaz.lookup("Khan Shaykhoon", fuzzy=False) == []
    assert gaz.lookup("Xqzvv Wxqz") == []
    assert gaz.lookup("") == gaz.lookup("'-.") == []


@pytest.mark.slow
def test_country_filter_applies_to_fuzzy_matches(gaz):
    assert ids(gaz.lookup("Khan Shaykhoon", country="SY")) == [KHAN_SHAYKHUN]
    assert gaz.lookup("Khan Shaykhoon", country="IQ") == []


@pytest.mark.slow
def test_results_are_ordered_by_feature_then_population(gaz):
    found = gaz.lookup("Damascus")
    ranks = [({"PCLI": 0, "ADM1": 1, "ADM2": 2, "PPL": 3}[e.feature], -e.population)
             for e in found]
    assert ranks == sorted(ranks)


@pytest.mark.slow
def test_get_admin1_country_and_has_name(gaz):
    city = gaz.get(KHAN_SHAYKHUN)
    assert city is not None and city.name == "Khān Shaykhūn"
    assert gaz.get(-1) is None
    idlib = gaz.admin1("SY", "12")
    assert idlib is not None and idlib.name == "Idlib"
    assert idlib.geonameid == synthetic_admin1_id("SY", "12") < 0
    assert gaz.admin1("SY", "99") is None
    assert gaz.country("XX") is None
    assert gaz.has_name("Khan Sheikhoun") and gaz.has_name("idleb")
    assert not gaz.has_name("Xqzvv") and not gaz.has_name("")


@pytest.mark.slow
def test_every_sampled_place_is_found_by_its_own_name(gaz, gaz_path):
    with sqlite3.connect(gaz_path) as conn:
        sample = conn.execute("SELECT geonameid, name, country_iso2 FROM places "
                              "WHERE abs(geonameid) % 997 = 1").fetchall()
    assert len(sample) > 100
    for geonameid, name, country in sample:
        found = gaz.lookup(name, country=country, fuzzy=False)
        assert geonameid in ids(found) or len(found) == 100, name


@pytest.mark.slow
def test_lookup_is_fast(gaz):
    names = ["Khan Sheikhoun", "Idlib", "Paris", "Aleppo", "Springfield", "Reuters",
             "Monday", "Deir Ezzor", "Kabul", "Mosul"] * 100
    gaz.lookup("warm up")
    started = time.perf_counter()
    for name in names:
        gaz.lookup(name)
    per_lookup = (time.perf_counter() - started) / len(names) * 1000
    started = time.perf_counter()
    for name in names:
        gaz.has_name(name)
    per_check = (time.perf_counter() - started) / len(names) * 1000
    print(f"\nlookup: {per_lookup:.3f} ms, has_name: {per_check:.3f} ms (mean of {len(names)})")
    assert per_lookup < 2.0 and per_check < 2.0


@pytest.mark.slow
def test_importing_a_real_division_replaces_the_synthetic_one(gaz_path, tmp_path):
    copy = tmp_path / "copy.sqlite"
    shutil.copyfile(gaz_path, copy)
    dump = tmp_path / "adm1.txt"
    dump.write_text(_dump_line(169388, "Idlib Governorate", "A", "ADM1", "SY", "12", 1_500_000),
                    encoding="utf-8")
    report = import_geonames(copy, dump)
    assert (report.places, report.skipped) == (1, 0)
    with Gazetteer.open(copy) as gaz:
        assert gaz.get(synthetic_admin1_id("SY", "12")) is None
        assert gaz.admin1("SY", "12").geonameid == 169388
        assert gaz.get(IDLIB_CITY).admin1_geonameid == 169388
        assert gaz.get(IDLIB_CITY).admin1_name == "Idlib Governorate"
        assert 169388 in ids(gaz.lookup("Idleb"))  # names move from the synthetic row


def _dump_line(geonameid, name, fclass, fcode, cc, admin1, population, alternates="",
               lat="35.93062", lon="36.63393"):
    columns = [str(geonameid), name, name, alternates, lat, lon, fclass, fcode, cc, "",
               admin1, "", "", "", str(population), "", "300", "Asia/Damascus", "2024-01-01"]
    return "\t".join(columns) + "\n"


@pytest.fixture()
def tiny(tmp_path):
    """A gazetteer made only from a small hand-written GeoNames dump."""
    dump = tmp_path / "SY.txt"
    dump.write_text("".join([
        _dump_line(163843, "Syria", "A", "PCLI", "SY", "00", 22_933_531),
        _dump_line(169388, "Idlib", "A", "ADM1", "SY", "12", 1_500_000),
        _dump_line(168325, "Khān Shaykhūn", "P", "PPL", "SY", "12", 48_975,
                   "Khan Sheikhun,Khan-Sheikhoun,DEZ,خان شيخون"),
        "broken\trow\n",
        _dump_line(111, "Nowhere", "P", "PPL", "SY", "12", 10, lat="north"),
        _dump_line(222, "Orontes", "H", "STM", "SY", "00", 0),
        "\n",
    ]), encoding="utf-8")
    alternates = tmp_path / "alternateNames.txt"
    alternates.write_text(
        "1\t168325\ten\tKhan Shaykhoun\t\t\t\t\t\t\n"
        "2\t168325\tlink\thttps://en.wikipedia.org/wiki/Khan_Shaykhun\t\t\t\t\t\t\n"
        "3\t999999\ten\tNot Here\t\t\t\t\t\t\n"
        "4\tnot-an-id\n", encoding="utf-8")
    path = tmp_path / "tiny.sqlite"
    report = import_geonames(path, dump, alternate_names_path=alternates)
    return path, report, dump, alternates


def test_import_into_a_new_file(tiny):
    path, report, dump, alternates = tiny
    assert (report.path, report.places, report.skipped) == (str(path), 3, 3)
    assert report.problems == [
        f"{dump}:4: expected 19 tab-separated columns, found 2",
        f"{dump}:5: latitude 'north' is not a number",
        f"{alternates}:4: expected alternateNameId, geonameid, language, name",
    ]
    with Gazetteer.open(path) as gaz:
        town = gaz.lookup("Khan Sheikhoun")[0]
        assert (town.geonameid, town.admin1_name, town.admin1_geonameid) == (
            168325, "Idlib", 169388)
        assert town.country_iso3 == "SYR" and town.population == 48_975
        assert gaz.has_name("Khan Shaykhoun")  # from the alternateNames file
        assert not gaz.has_name("DEZ") and not gaz.has_name("Orontes")
        assert not gaz.has_name("Not Here")
        assert gaz.country("SYR").geonameid == 163843
        assert gaz.lookup("Idlib")[0].feature == "ADM1"


def test_import_twice_updates_in_place(tiny, tmp_path):
    path, _, dump, _ = tiny
    again = import_geonames(path, dump)
    assert again.places == 3 and again.names == 0  # the same names are not added twice
    with Gazetteer.open(path) as gaz:
        assert len(gaz.lookup("Khan Shaykhun")) == 1


def test_open_missing_or_corrupt_file_names_the_path(tmp_path):
    missing = tmp_path / "missing.sqlite"
    with pytest.raises(GazetteerError, match="missing.sqlite"):
        Gazetteer.open(missing)
    corrupt = tmp_path / "corrupt.sqlite"
    corrupt.write_bytes(b"this is not a database" * 100)
    with pytest.raises(GazetteerError, match="corrupt.sqlite"):
        Gazetteer.open(corrupt)
    empty_db = tmp_path / "other.sqlite"
    sqlite3.connect(empty_db).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(GazetteerError, match="other.sqlite"):
        Gazetteer.open(empty_db)


def test_open_or_build_builds_silently_only_when_missing(tiny, tmp_path, monkeypatch, capsys):
    built = []

    def fake_build(cls, path, *, min_population=500):
        shutil.copyfile(tiny[0], path)
        built.append(path)

    monkeypatch.setattr(Gazetteer, "build", classmethod(fake_build))
    target = tmp_path / "new" / "gaz.sqlite"
    target.parent.mkdir()
    Gazetteer.open_or_build(target).close()
    Gazetteer.open_or_build(target).close()
    assert built == [target]
    assert capsys.readouterr() == ("", "")


def test_build_failure_leaves_no_file(tmp_path, monkeypatch):
    from eventwire.places import gazetteer as module

    def broken(min_population):
        raise KeyError("population")

    monkeypatch.setattr(module, "_bundled_places", broken)
    target = tmp_path / "gaz.sqlite"
    with pytest.raises(GazetteerError, match="gaz.sqlite"):
        Gazetteer.build(target)
    assert list(tmp_path.iterdir()) == []


def test_admin1_table_is_well_formed():
    rows = list(admin1_table())
    assert len(rows) > 3000
    assert list(rows[0]) == ["country_iso2", "admin1_code", "name", "ascii_name", "lat", "lon",
                             "geonameid"]
    assert len({(r["country_iso2"], r["admin1_code"]) for r in rows}) == len(rows)
    for row in rows:
        assert len(row["country_iso2"]) == 2 and row["admin1_code"] and row["name"]
        assert row["ascii_name"].isascii()
        assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180
    syria = {r["admin1_code"]: r["name"] for r in rows if r["country_iso2"] == "SY"}
    assert len(syria) == 14
    assert (syria["12"], syria["10"], syria["07"]) == ("Idlib", "Hama", "Deir ez-Zor")


def test_synthetic_ids_are_stable_negative_and_distinct():
    assert synthetic_admin1_id("SY", "12") == synthetic_admin1_id("SY", "12") < 0
    assert synthetic_admin1_id("SY", "12") != synthetic_admin1_id("SY", "13")
    assert synthetic_admin1_id("SY", "12") != synthetic_admin1_id("IQ", "12")


def test_build_writes_an_index_atomically(tmp_path):
    """A build from the bundled data (the 15,000+ file, to keep the test quick)."""
    path = tmp_path / "small.sqlite"
    report = Gazetteer.build(path, min_population=15000)
    assert isinstance(report, BuildReport)
    assert report.places > 20_000 and report.names > report.places
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left
    with Gazetteer.open(path) as small:
        assert KHAN_SHAYKHUN in ids(small.lookup("Khan Sheikhoun"))


def test_a_line_that_is_not_utf8_is_skipped_and_named(tmp_path):
    dump = tmp_path / "XX.txt"
    good = "\t".join(["9990001", "Testville", "Testville", "", "10.0", "20.0", "P", "PPL", "SY",
                      "", "12", "", "", "", "1200", "", "0", "Asia/Damascus", "2020-01-01"])
    dump.write_bytes(b"9990002\tBad\xff\xfename\n" + good.encode("utf-8") + b"\n")
    report = import_geonames(tmp_path / "g.sqlite", dump)
    assert report.places == 1 and report.skipped == 1
    assert report.problems == [f"{dump}:1: not UTF-8 text"]


def _km(a, lat, lon):
    from eventwire.places.context import distance_km

    return distance_km(a.lat, a.lon, lat, lon)


@pytest.mark.slow
def test_large_countries_sit_at_their_geonames_point_not_their_capital(gaz):
    us, au = gaz.country("US"), gaz.country("AU")
    assert us.geonameid == 6252001 and _km(us, 39.76, -98.5) < 1
    assert _km(au, -25.0, 135.0) < 1
    assert _km(gaz.country("SY"), 35.0, 38.0) < 1
    assert _km(gaz.country("LB"), 33.89, 35.5) < 161  # small: its capital is close enough


@pytest.mark.slow
def test_us_states_have_geonames_ids_and_points(gaz):
    california = gaz.admin1("US", "CA")
    assert california.geonameid == 5332921 and _km(california, 37.25, -119.75) < 5
    assert gaz.admin1("US", "WV").geonameid == 4826850


@pytest.mark.slow
def test_us_counties_and_continents(gaz):
    (kanawha,) = [e for e in gaz.lookup("Kanawha County") if e.feature == "ADM2"]
    assert kanawha.admin1_name == "West Virginia" and kanawha.country_iso3 == "USA"
    assert _km(kanawha, 38.35, -81.63) < 50
    assert [e.feature for e in gaz.lookup("Henrico")][:1] == ["ADM2"]  # its bare name too
    (europe,) = [e for e in gaz.lookup("Europe") if e.feature == "CONT"]
    assert europe.geonameid == 6255148


def test_place_points_table_is_well_formed():
    from eventwire.places.bundled import data_table

    rows = list(data_table("place_points.tsv"))
    assert {r["feature"] for r in rows} == {"PCLI", "ADM1"}
    for r in rows:
        assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180
    states = [r for r in rows if r["country_iso2"] == "US" and r["feature"] == "ADM1"]
    assert len(states) == 51 and all(r["geonameid"].isdigit() for r in states)


def test_us_counties_table_is_well_formed():
    from eventwire.places.bundled import data_table, synthetic_county_id

    rows = list(data_table("us_counties.tsv"))
    assert len(rows) > 3000
    assert len({(r["state"], r["fips"]) for r in rows}) == len(rows)
    assert synthetic_county_id("WV", "54039") < 0


def test_an_index_knows_which_build_made_it(tiny, tmp_path):
    from eventwire.places.gazetteer import build_fingerprint

    assert Gazetteer.state(tmp_path / "none.sqlite") == "missing"
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a gazetteer" * 50)
    assert Gazetteer.state(junk) == "invalid"
    # An index made only by importing a dump was never built by this version.
    path, _, dump, _ = tiny
    assert Gazetteer.state(path) == "stale"
    with Gazetteer.open(path) as gaz:
        assert gaz.imported_dumps()[0].startswith(str(dump))
    assert len(build_fingerprint()) == 16 and build_fingerprint() == build_fingerprint()
