"""Bad input, end to end through ``eventwire run``: one line per refused input, a rejects
report, the good articles coded, and exit status 1 only when nothing could be coded.

Each test puts one kind of bad input beside a good article in a folder and runs the CLI
over it (Typer's runner, in process, exceptions not caught: a traceback fails the test).
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire import cli
from eventwire.ingest import readers
from eventwire.store import open_store

runner = CliRunner()
GOOD = "Gunmen killed five villagers in an attack near Bankass in Mali on Monday, officials said."
STORY = ("Police fired tear gas at \u201cpeaceful\u201d protesters at the caf\u00e9 in Bamako on "
         "Friday, witnesses said.")
STRAIGHT = STORY.replace("\u201c", '"').replace("\u201d", '"')  # cleaning uncurls quotes
FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


@pytest.fixture(autouse=True)
def _gazetteer(gazetteer_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTWIRE_GAZETTEER", str(gazetteer_path))


@dataclass
class Run:
    """What one ``eventwire run`` did: exit status, output, error lines and rejects."""

    exit_code: int
    stdout: str
    errors: list[str]
    rejects: list[dict[str, str]]
    db: Path

    def refused(self, where: Path | str, reason: str) -> None:
        """``where`` was refused for ``reason``: one error line and one rejects record."""
        where = str(where)
        lines = [e for e in self.errors if e.startswith(f"eventwire: {where}: ")]
        assert len(lines) == 1, self.errors
        assert reason in lines[0], lines[0]
        records = [r for r in self.rejects if r["input"] == where]
        assert len(records) == 1 and reason in records[0]["reason"], self.rejects

    def texts(self) -> dict[str, str]:
        """The stored articles' text by origin."""
        with open_store(str(self.db)) as store:
            return {a.origin: a.text for a in store.articles()}


def run(folder: Path, *, good: bool = True) -> Run:
    """``eventwire run FOLDER --db ... --rejects ...``, with a good article beside the bad."""
    if good:
        (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    db, rejects = folder.parent / "events.db", folder.parent / "rejects.jsonl"
    args = ["run", str(folder), "--db", str(db), "--rejects", str(rejects)]
    result = runner.invoke(cli.app, args, catch_exceptions=False)
    assert "Traceback" not in result.output
    return Run(
        exit_code=result.exit_code,
        stdout=result.stdout,
        errors=[line for line in result.stderr.splitlines() if line.startswith("eventwire: ")],
        rejects=[json.loads(line) for line in rejects.read_text("utf-8").splitlines()],
        db=db,
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "in"
    path.mkdir()
    return path


def _coded(result: Run, count: int) -> None:
    assert result.exit_code == 0, result.stdout + "\n".join(result.errors)
    assert f"{count} coded" in result.stdout


# -- files that are not articles ------------------------------------------------------------


@pytest.mark.parametrize(("content", "name"), [("", "empty.txt"), ("  \n\t \r\n ", "blank.txt")])
def test_empty_and_whitespace_only_files(folder: Path, content: str, name: str) -> None:
    (folder / name).write_text(content, encoding="utf-8")
    result = run(folder)
    result.refused(folder / name, "empty article")
    _coded(result, 1)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n"),
        ("scan.txt", b"%PDF-1.4\n" + bytes(range(256))),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200)),
        ("program", b"\x7fELF\x02\x01\x01" + bytes(100)),
    ],
)
def test_binary_files_and_pdfs(folder: Path, name: str, data: bytes) -> None:
    (folder / name).write_bytes(data)
    result = run(folder)
    result.refused(folder / name, "binary file, not an article")
    _coded(result, 1)


def test_only_bad_input_exits_non_zero(folder: Path) -> None:
    (folder / "empty.txt").write_text("")
    (folder / "report.pdf").write_bytes(b"%PDF-1.4\x00")
    result = run(folder, good=False)
    assert result.exit_code == 1
    assert "0 coded" in result.stdout and "2 rejected" in result.stdout
    assert len(result.errors) == 2 and len(result.rejects) == 2


# -- encodings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (STRAIGHT.encode("latin-1"), STRAIGHT),
        (STORY.encode("cp1252"), STRAIGHT),
        (STORY.encode("utf-16"), STRAIGHT),
        (STORY.encode("utf-16-le"), STRAIGHT),
        # Mojibake: UTF-8 read as Windows-1252 and saved again ("â€œ" for an opening quote).
        (STORY.replace("\u201c", "\u00e2\u20ac\u0153").replace("\u201d", "\u00e2\u20ac\x9d")
         .replace("\u00e9", "\u00c3\u00a9").encode("utf-8"), STRAIGHT),
    ],
    ids=["latin-1", "windows-1252", "utf-16-bom", "utf-16-le", "mojibake"],
)
def test_encodings_are_read_and_repaired(folder: Path, data: bytes, expected: str) -> None:
    (folder / "story.txt").write_bytes(data)
    result = run(folder, good=False)
    _coded(result, 1)
    assert not result.errors and not result.rejects
    assert result.texts()[str(folder / "story.txt")] == expected


# -- size ----------------------------------------------------------------------------------------


def test_twenty_megabyte_article_is_refused_unread(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = folder / "huge.txt"
    with open(big, "w", encoding="utf-8") as out:
        line = "Protesters marched through the capital on Saturday, witnesses said.\n"
        out.write(line * (20 * readers.MB // len(line) + 1))

    def unread(*args: object, **kwargs: object) -> None:
        raise AssertionError("a file over the limit was opened")

    real_open = open
    monkeypatch.setattr(readers, "open", lambda p, *a, **k: unread() if Path(p) == big
                        else real_open(p, *a, **k), raising=False)
    result = run(folder)
    result.refused(big, "too long: 20.0 MB, the limit is 5 MB for one article")
    _coded(result, 1)


def test_long_text_and_long_record_are_refused(folder: Path) -> None:
    paragraph = "Troops shelled the outskirts of the town on day {}, residents said.\n\n"
    (folder / "book.txt").write_text("".join(paragraph.format(n) for n in range(2000)))
    record = {"id": "big", "text": "x " * (3 * readers.MB)}
    batch = folder / "batch.jsonl"
    batch.write_text(json.dumps(record) + "\n" + json.dumps({"text": GOOD}) + "\n")
    result = run(folder, good=False)
    result.refused(folder / "book.txt", "the limit is 100,000 for one article")
    result.refused(f"{batch}:1", "too long: 6.0 MB, the limit is 5 MB for one record")
    _coded(result, 1)


# -- HTML ------------------------------------------------------------------------------------------


def test_html_page_without_an_article(folder: Path) -> None:
    (folder / "nav.html").write_bytes((FIXTURES / "nav_only.html").read_bytes())
    result = run(folder)
    result.refused(folder / "nav.html", "no article text found in the HTML page")
    _coded(result, 1)


def test_deeply_nested_html(folder: Path) -> None:
    depth = 100_000
    (folder / "deep.html").write_text(
        "<html><body>" + "<div>" * depth + f"<p>{GOOD}</p>" + "</div>" * depth + "</body></html>")
    result = run(folder, good=False)
    result.refused(folder / "deep.html", "HTML nested too deeply to read (over 255 levels)")
    assert result.exit_code == 1


@pytest.mark.parametrize(
    "page",
    [
        f"<html><body><p><b><i>{STORY}<p>{GOOD}<div><span>",  # nothing closed
        f"<html><body><div title=\"{'x' * 1_000_000}\"><p>{STORY}</p></div></body></html>",
        f"<html><body></p></div><p>{STORY}</td></tr></table></body></body></html><p>",
        f"<<html>><<body>><p>{STORY}</p>&#0;&#x110000;&bogus;<!-- unclosed comment",
    ],
    ids=["unclosed", "giant-attribute", "stray-closers", "garbage"],
)
def test_malformed_html_is_read(folder: Path, page: str) -> None:
    (folder / "page.html").write_text(page, encoding="utf-8")
    result = run(folder, good=False)
    _coded(result, 1)
    assert not result.rejects
    assert "peaceful" in result.texts()[str(folder / "page.html")]


# -- JSON Lines ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"id": "b1", "text": "unterminated', "invalid JSON"),
        ('{"id": "b2", "title": "No text here"}', "record has neither 'text' nor 'html'"),
        ('{"id": "b3", "text": "Police arrested two men.", "published": 20180908}',
         "field 'published' must be a string, not a number"),
        ('{"id": "b4", "text": "Police arrested two men.", "published": "2018-02-30"}',
         "impossible date '2018-02-30'"),
    ],
    ids=["broken-line", "missing-text", "published-type", "impossible-date"],
)
def test_jsonl_bad_records(folder: Path, line: str, reason: str) -> None:
    path = folder / "batch.jsonl"
    good = [json.dumps({"id": "ok1", "text": GOOD}), json.dumps({"id": "ok2", "text": STORY})]
    path.write_text(f"{good[0]}\n{line}\n{good[1]}\n", encoding="utf-8")
    result = run(folder, good=False)
    result.refused(f"{path}:2", reason)
    _coded(result, 2)
    assert set(result.texts()) == {f"{path}:1", f"{path}:3"}


# -- CSV ------------------------------------------------------------------------------------------


def test_csv_without_a_text_column(folder: Path) -> None:
    path = folder / "articles.csv"
    path.write_text("id,title,body\n1,Attack,Gunmen attacked a village.\n", encoding="utf-8")
    result = run(folder)
    result.refused(path, "no 'text' or 'html' column (the header has 'id', 'title', 'body')")
    _coded(result, 1)


def test_csv_bad_rows_are_named_by_line(folder: Path) -> None:
    path = folder / "articles.csv"
    path.write_text(
        "id,published,text\n"
        f'c1,2019-05-04,"{GOOD}"\n'
        "c2,2019-05-04\n"  # a column short
        "c3,2019-13-01,Police arrested two men.\n"  # impossible date
        f'c4,,"{STORY}\nwith a second line"\n',
        encoding="utf-8")
    result = run(folder, good=False)
    result.refused(f"{path}:3", "2 fields, the header has 3")
    result.refused(f"{path}:4", "2019-13-01")
    _coded(result, 2)
    assert set(result.texts()) == {f"{path}:2", f"{path}:5"}


# -- language --------------------------------------------------------------------------------------

FRENCH = ("Des hommes armés ont attaqué un village du centre du Mali dans la nuit de dimanche à "
          "lundi, tuant au moins douze civils, selon des responsables locaux. Les assaillants sont "
          "arrivés à moto et ont incendié plusieurs maisons avant de prendre la fuite. L'armée a "
          "envoyé des renforts dans la zone, mais aucune arrestation n'a été annoncée.")


def test_non_english_article_is_refused_not_coded(folder: Path) -> None:
    (folder / "mali_fr.txt").write_text(FRENCH, encoding="utf-8")
    result = run(folder)
    result.refused(folder / "mali_fr.txt", "not English (looks like French)")
    _coded(result, 1)
    assert list(result.texts()) == [str(folder / "good.txt")]


# -- folders ---------------------------------------------------------------------------------------


def test_unreadable_files_and_folders(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked, closed = folder / "locked.txt", folder / "closed"
    locked.write_text(STORY)
    closed.mkdir()
    (closed / "inside.txt").write_text(STORY)
    locked.chmod(0)
    closed.chmod(0)
    os.mkfifo(folder / "pipe.txt")
    if os.access(locked, os.R_OK):  # root reads anything: refuse these two by hand
        real_open, real_scandir = open, os.scandir

        def guarded_open(path, *args, **kwargs):  # type: ignore[no-untyped-def]
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied")
            return real_open(path, *args, **kwargs)

        def guarded_scandir(path):  # type: ignore[no-untyped-def]
            if Path(path) == closed:
                raise PermissionError(13, "Permission denied")
            return real_scandir(path)

        monkeypatch.setattr(readers, "open", guarded_open, raising=False)
        monkeypatch.setattr(os, "scandir", guarded_scandir)
    try:
        result = run(folder)
    finally:
        locked.chmod(0o644)
        closed.chmod(0o755)
    result.refused(locked, "cannot read: Permission denied")
    result.refused(closed, "cannot list folder: Permission denied")
    result.refused(folder / "pipe.txt", "not a regular file")
    _coded(result, 1)


def test_symlink_loops(folder: Path) -> None:
    (folder / "sub").mkdir()
    (folder / "sub" / "story.txt").write_text(STORY)
    (folder / "sub" / "back").symlink_to(folder, target_is_directory=True)
    (folder / "self").symlink_to(folder / "self")
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    result = run(folder)
    result.refused(folder / "sub" / "back", "symlink loop, not followed")
    result.refused(folder / "self", "symlink loop, not followed")
    result.refused(folder / "dangling.txt", "broken symlink")
    _coded(result, 2)


# -- gazetteer import ------------------------------------------------------------------------------


def _place(geonameid: str, name: str, lat: str = "14.2", lon: str = "-3.5") -> str:
    cols = [geonameid, name, name, "", lat, lon, "P", "PPL", "ML", "", "05", "", "", "",
            "1200", "", "300", "Africa/Bamako", "2020-01-01"]
    return "\t".join(cols) + "\n"


def test_gazetteer_import_with_broken_rows(tmp_path: Path) -> None:
    dump = tmp_path / "ML.txt"
    dump.write_text(_place("90000001", "Testville") + "broken line\n"
                    + _place("90000002", "Badlat", lat="99.5") + _place("x", "Noid")
                    + _place("90000003", "Othertown"), encoding="utf-8")
    result = runner.invoke(cli.app, ["gazetteer", "import", str(dump), "--path",
                                     str(tmp_path / "gazetteer.sqlite")], catch_exceptions=False)
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert "2 places" in result.stdout and "3 rows skipped" in result.stdout
    errors = [line for line in result.stderr.splitlines() if line.startswith("eventwire: ")]
    assert errors == [
        f"eventwire: {dump}:2: expected 19 tab-separated columns, found 1",
        f"eventwire: {dump}:3: coordinates 99.5, -3.5 out of range",
        f"eventwire: {dump}:4: geonameid 'x' is not a number",
    ]


# -- no traceback without --debug ------------------------------------------------------------


def test_unexpected_error_is_one_line_unless_debug(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "good.txt").write_text(GOOD)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("eventwire.api.run", broken)
    monkeypatch.setattr("sys.argv", ["eventwire", "run", str(folder), "--db", str(folder / "e.db")])
    with pytest.raises(SystemExit) as info:
        cli.main()
    assert info.value.code != 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "internal error: RuntimeError: disk on fire (run with --debug" in err
    monkeypatch.setattr("sys.argv", ["eventwire", "--debug", "run", str(folder), "--db",
                                     str(folder / "e.db")])
    with pytest.raises(RuntimeError, match="disk on fire"):
        cli.main()
    cli.STATE["debug"] = False


def test_everything_at_once(folder: Path) -> None:
    """All the bad kinds together: each refused once, the good ones all coded."""
    (folder / "empty.txt").write_text("")
    (folder / "report.pdf").write_bytes(b"%PDF-1.4\n" + bytes(64))
    (folder / "fr.txt").write_text(FRENCH)
    (folder / "nav.html").write_bytes((FIXTURES / "nav_only.html").read_bytes())
    (folder / "cp1252.txt").write_bytes(STORY.encode("cp1252"))
    (folder / "bad.csv").write_text("id,body\n1,x\n")
    with gzip.open(folder / "batch.jsonl.gz", "wt", encoding="utf-8") as out:
        out.write(json.dumps({"id": "z1", "text": STORY.replace("Bamako", "Gao")}) + "\n{oops\n")
    (folder / "bom.txt").write_bytes(codecs.BOM_UTF8 + GOOD.replace("Bankass", "Djenne").encode())
    result = run(folder)
    assert len(result.errors) == len(result.rejects) == 6, result.errors
    _coded(result, 4)
