"""CSV and TSV input: one article per row, bad rows named by line, the rest read."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from eventwire.doc import RawArticle
from eventwire.errors import InputError
from eventwire.ingest import readers
from eventwire.ingest.readers import read_paths
from eventwire.ingest.tables import read_table

STORY = "Police fired tear gas at protesters in Lagos on Friday, witnesses said."


def _read(path: Path) -> list[RawArticle | InputError]:
    return list(read_paths([path]))


def _where(item: RawArticle | InputError) -> str:
    return item.origin if isinstance(item, RawArticle) else item.where


def test_rows_become_articles_with_their_fields(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        "ID,Title,Text,Published,URL,Source,Extra\n"
        f'r1,Tear gas in Lagos,"{STORY}",2019-05-04,https://x.example/a,Example Wire,ignored\n',
        encoding="utf-8")
    (raw,) = _read(path)
    assert isinstance(raw, RawArticle)
    assert (raw.article_id, raw.title, raw.text) == ("r1", "Tear gas in Lagos", STORY)
    assert (raw.published, raw.published_from) == ("2019-05-04", "jsonl")
    assert (raw.url, raw.source_name, raw.origin) == ("https://x.example/a", "Example Wire",
                                                      f"{path}:2")


def test_html_column(tmp_path: Path) -> None:
    path = tmp_path / "pages.csv"
    page = f"<html><body><article><p>{STORY}</p></article></body></html>".replace('"', '""')
    path.write_text(f'id,html\np1,"{page}"\n', encoding="utf-8")
    (raw,) = _read(path)
    assert isinstance(raw, RawArticle) and raw.text == STORY and raw.article_id == "p1"


def test_missing_text_column_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("id,title,body\n1,a,b\n2,c,d\n", encoding="utf-8")
    (err,) = _read(path)
    assert isinstance(err, InputError) and err.where == str(path)
    assert err.reason == "no 'text' or 'html' column (the header has 'id', 'title', 'body')"


def test_bad_rows_are_named_by_their_first_line(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        "id,text,published\n"
        f'1,"{STORY}",2019-05-04\n'
        '2,"two\nlines",2019-02-30\n'  # starts on line 3, spans 4
        "\n"
        "3,short\n"
        "4,,\n"
        '5,"a stray" quote,\n'
        f"6,{STORY.replace(',', '')},\n",
        encoding="utf-8")
    items = {_where(i): i for i in _read(path)}
    reasons = {w: i.reason for w, i in items.items() if isinstance(i, InputError)}
    assert reasons == {
        f"{path}:3": "impossible date '2019-02-30'",
        f"{path}:6": "2 fields, the header has 3",
        f"{path}:7": "empty article",
        f"{path}:8": "bad row: ',' expected after '\"'",
    }
    assert [w for w, i in items.items() if isinstance(i, RawArticle)] == [f"{path}:2", f"{path}:9"]


def test_unterminated_quote_is_a_bad_row_not_the_rest_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(f'id,text\n1,"{STORY}\n2,next\n', encoding="utf-8")
    (err,) = _read(path)
    assert isinstance(err, InputError) and err.where == f"{path}:2"
    assert "unexpected end of data" in err.reason


@pytest.mark.parametrize(
    ("name", "header", "sep"),
    [("a.tsv", "id\ttext", "\t"), ("semi.csv", "id;text", ";"), ("pipe.csv", "id|text", "|"),
     ("tabs.csv", "id\ttext", "\t")],
)
def test_delimiters(tmp_path: Path, name: str, header: str, sep: str) -> None:
    path = tmp_path / name
    path.write_text(f"{header}\n7{sep}{STORY}\n", encoding="utf-8")
    (raw,) = _read(path)
    assert isinstance(raw, RawArticle) and raw.text == STORY and raw.article_id == "7"


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode("utf-8"),
        lambda s: b"\xef\xbb\xbf" + s.encode("utf-8"),
        lambda s: s.encode("utf-16"),
        lambda s: s.encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "cp1252"],
)
def test_encodings(tmp_path: Path, encode) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "a.csv"
    path.write_bytes(encode("id,text\r\n1,Caf\u00e9 owners said \u201cenough\u201d.\r\n"))
    (raw,) = _read(path)
    assert isinstance(raw, RawArticle) and raw.text == "Caf\u00e9 owners said \u201cenough\u201d."


def test_each_line_is_decoded_by_itself(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"id,text\n1,caf\xe9 one\n2,caf\xc3\xa9 two\n")
    assert [i.text for i in _read(path)] == ["caf\u00e9 one", "caf\u00e9 two"]


def test_gzipped_table(tmp_path: Path) -> None:
    path = tmp_path / "a.csv.gz"
    path.write_bytes(gzip.compress(f"text\n\"{STORY}\"\n".encode()))
    (raw,) = _read(path)
    assert isinstance(raw, RawArticle) and raw.origin == f"{path}:2"


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty table, no header"), (b"\n \n", "empty table, no header"),
     (b"%PDF-1.4\x00\x01", "binary file, not a table")],
)
def test_empty_and_binary_tables(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(data)
    (err,) = _read(path)
    assert isinstance(err, InputError) and (err.where, err.reason) == (str(path), reason)


def test_over_long_row_is_skipped_and_reading_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "a.csv"
    path.write_text(f"id,text\n1,{'x' * 5000}\n2,{STORY.replace(',', '')}\n", encoding="utf-8")
    err, raw = _read(path)
    assert isinstance(err, InputError) and err.where == f"{path}:2"
    assert err.reason.startswith("too long:") and "for one row" in err.reason
    assert isinstance(raw, RawArticle) and raw.origin == f"{path}:3"


def test_long_article_in_a_cell(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    long_text = "word " * 30_000  # over the csv module's default field limit of 128 KB
    path.write_text(f'id,text\n1,"{long_text}"\n', encoding="utf-8")
    (err,) = _read(path)
    assert isinstance(err, InputError) and "the limit is 100,000 for one article" in err.reason


def test_rows_are_read_lazily(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("text\n" + "".join(f"{n} {STORY.replace(',', '')}\n" for n in range(5000)))
    stream = read_table(path)
    assert next(stream).text.startswith("0 ")
    stream.close()


def test_unreadable_table(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00 not gzip at all")
    (err,) = _read(path)
    assert isinstance(err, InputError) and err.reason.startswith("cannot read:")
