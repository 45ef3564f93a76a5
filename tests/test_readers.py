"""Readers: formats, encodings, folder walks and the errors that must not stop a run."""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
from pathlib import Path

import pytest

from eventwire.doc import RawArticle
from eventwire.errors import InputError
from eventwire.ingest import readers
from eventwire.ingest.readers import check_date, decode_bytes, read_paths, read_text

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
STORY = "Soldiers fired on protesters in the capital on Friday, witnesses said.\n"


def _read(*paths: Path | str) -> list[RawArticle | InputError]:
    return list(read_paths(paths))


def _one(path: Path) -> RawArticle:
    (item,) = _read(path)
    assert isinstance(item, RawArticle), item
    return item


def _error(path: Path | str) -> InputError:
    (item,) = _read(path)
    assert isinstance(item, InputError), item
    return item


# -- plain text and encodings ----------------------------------------------------------


def test_text_file_is_one_article(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    raw = _one(path)
    assert raw.text == STORY
    assert raw.origin == str(path)
    assert raw.published is None and raw.published_from is None


@pytest.mark.parametrize(
    "data",
    [
        "Caf\u00e9 owners said \u201cenough\u201d.".encode("utf-8"),
        "\ufeffCaf\u00e9 owners said \u201cenough\u201d.".encode("utf-8"),
        "Caf\u00e9 owners said \u201cenough\u201d.".encode("utf-16"),
        "Caf\u00e9 owners said \u201cenough\u201d.".encode("utf-16-le"),
        "Caf\u00e9 owners said \u201cenough\u201d.".encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16-no-bom", "cp1252"],
)
def test_encodings_are_detected(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(data)
    assert _one(path).text == "Caf\u00e9 owners said \u201cenough\u201d."


def test_bytes_cp1252_cannot_hold_fall_back_to_latin1() -> None:
    assert decode_bytes(b"abc \x81 def \xe9") == "abc \x81 def \u00e9"


@pytest.mark.parametrize("content", ["", "   \n\t\n  "])
def test_empty_file_is_an_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "empty.txt"
    path.write_text(content)
    err = _error(path)
    assert err.reason == "empty article" and err.where == str(path)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("report.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
        ("scan.txt", b"%PDF-1.7 pretending to be text"),
        ("blob.dat", bytes(range(256)) * 4),
        ("noisy.bin", bytes([1, 2, 3, 4, 5, 6, 7, 65, 66]) * 50),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF"),
    ],
)
def test_binary_files_are_refused(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert _error(path).reason == "binary file, not an article"


def test_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    text_file = tmp_path / "story.dat"
    text_file.write_text(STORY)
    page = tmp_path / "page.dat"
    page.write_bytes((FIXTURES / "article.html").read_bytes())
    page_raw, text_raw = _read(page, text_file)
    assert isinstance(page_raw, RawArticle) and isinstance(text_raw, RawArticle)
    assert page_raw.text.startswith("Floodwater cut") and page_raw.published_from == "html-meta"
    assert text_raw.text == STORY


# -- HTML --------------------------------------------------------------------------------


def test_html_page_text_and_metadata() -> None:
    raw = _one(FIXTURES / "article.html")
    assert raw.text.startswith("Floodwater cut the main roads")
    assert "Army boats ferried" in raw.text and "Residents said" in raw.text
    assert "\n\n" in raw.text  # paragraphs stay apart
    assert raw.title == "Floods cut roads to three towns in Sindh"
    assert not raw.text.startswith(raw.title)
    assert raw.published == "2022-08-27" and raw.published_from == "html-meta"
    assert raw.url == "https://ledger.example/asia/2022/08/27/sindh-floods-roads"
    assert raw.source_name == "The Riverside Ledger"
    assert "Home" not in raw.text


def test_utf16_html_page(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_bytes((FIXTURES / "article.html").read_text(encoding="utf-8").encode("utf-16"))
    assert _one(path).title == "Floods cut roads to three towns in Sindh"


def test_html_page_without_body_is_an_error() -> None:
    err = _error(FIXTURES / "nav_only.html")
    assert "no article text" in err.reason


def test_read_text_plain_and_html() -> None:
    raw = read_text(STORY, origin="clipboard")
    assert raw.text == STORY and raw.origin == "clipboard"
    page = read_text((FIXTURES / "article.html").read_text())
    assert page.title == "Floods cut roads to three towns in Sindh"
    with pytest.raises(InputError, match="empty article"):
        read_text("  \n ")


def _page(head: str = "", footer: str = "") -> str:
    return (f"<!DOCTYPE html><html><head><title>Border attack</title>{head}</head><body>"
            f"<article><h1>Border attack</h1><p>{STORY}</p>"
            "<p>The army said it had sent more troops to the area on Saturday.</p></article>"
            f"<footer>{footer}</footer></body></html>")


def test_html_page_with_only_json_ld(tmp_path: Path) -> None:
    block = json.dumps({"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "The Daily Example"},
        {"@type": "NewsArticle", "headline": "Border attack",
         "datePublished": "2019-05-04T08:00:00+03:00"},
    ]})
    path = tmp_path / "page.html"
    path.write_text(_page(f'<script type="application/ld+json">{block}</script>'))
    raw = _one(path)
    assert raw.published == "2019-05-04" and raw.published_from == "json-ld"


def test_html_page_with_only_a_copyright_line(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(_page(footer="&copy; 2016 The Daily Example. All rights reserved."))
    raw = _one(path)
    assert raw.text.startswith("Soldiers fired")
    assert raw.published is None
    assert raw.published_from == "unknown: only a year (2016) found"


def test_html_page_dated_by_its_canonical_url(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(_page('<link rel="canonical" href="https://daily.example/2017/03/09/attack">'))
    raw = _one(path)
    assert raw.url == "https://daily.example/2017/03/09/attack"
    assert raw.published == "2017-03-09" and raw.published_from == "url"


def test_html_page_without_any_date(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(_page())
    raw = _one(path)
    assert raw.published is None and raw.published_from is None


# -- JSON Lines and JSON -------------------------------------------------------------


def test_jsonl_records_and_per_line_errors() -> None:
    path = FIXTURES / "records.jsonl"
    items = _read(path)
    by_where = {(i.origin if isinstance(i, RawArticle) else i.where): i for i in items}
    assert len(items) == 8  # the blank line (6) is skipped, every other line gives one item

    good = by_where[f"{path}:1"]
    assert isinstance(good, RawArticle)
    assert good.article_id == "r1" and good.title == "Talks resume in Geneva"
    assert good.published == "2019-03-04" and good.published_from == "jsonl"
    assert good.source_name == "Example Wire" and good.url == "https://wire.example/r1"

    reasons = {where: i.reason for where, i in by_where.items() if isinstance(i, InputError)}
    assert "invalid JSON" in reasons[f"{path}:2"]
    assert "neither 'text' nor 'html'" in reasons[f"{path}:3"]
    assert "'title' must be a string" in reasons[f"{path}:4"]
    assert "impossible date '2018-02-30'" in reasons[f"{path}:5"]
    assert reasons[f"{path}:8"] == "empty article"
    assert "expected a JSON object" in reasons[f"{path}:9"]

    from_html = by_where[f"{path}:7"]
    assert isinstance(from_html, RawArticle)
    assert from_html.article_id == "6" and from_html.text.startswith("Dock workers went on strike")
    assert from_html.published == "2020-01-15" and from_html.published_from == "html-meta"


def test_jsonl_record_dated_by_its_url(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    records = [
        {"id": "u1", "text": STORY, "url": "https://wire.example/world/2018/sep/08/attack"},
        {"id": "u2", "text": STORY, "url": "https://wire.example/2018/09/08/a",
         "published": "2018-09-10"},
        {"id": "u3", "text": STORY, "url": "https://wire.example/2018/09/"},
        {"id": "u4", "html": _page(footer="&copy; 2016 Example"),
         "url": "https://wire.example/2016/04/05/attack"},
        {"id": "u5", "html": _page(footer="&copy; 2016 Example")},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    got = {i.article_id: (i.published, i.published_from) for i in _read(path)}
    assert got == {
        "u1": ("2018-09-08", "url"),
        "u2": ("2018-09-10", "jsonl"),  # the record's own field wins
        "u3": (None, None),  # a month is not a day
        "u4": ("2016-04-05", "url"),
        "u5": (None, "unknown: only a year (2016) found"),
    }


def test_folder_metadata_url_dates_a_text_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text(STORY)
    (tmp_path / readers.METADATA_FILE).write_text(json.dumps({
        "a.txt": {"url": "https://wire.example/2018/09/08/a"},
        "b.txt": {"url": "https://wire.example/2018/09/08/b", "published": "2018-09-09"},
    }))
    a, b = _read(tmp_path)
    assert (a.published, a.published_from) == ("2018-09-08", "url")
    assert (b.published, b.published_from) == ("2018-09-09", "folder-metadata")


def test_jsonl_gz_is_streamed(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for n in range(3):
            fh.write(json.dumps({"id": f"g{n}", "text": f"Article {n}: {STORY}"}) + "\n")
    items = _read(path)
    assert [i.article_id for i in items] == ["g0", "g1", "g2"]
    assert items[2].origin == f"{path}:3"


def test_jsonl_is_read_lazily(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text("".join(json.dumps({"text": f"{n} {STORY}"}) + "\n" for n in range(1000)))
    stream = read_paths([path])
    first = next(stream)
    assert first.text.startswith("0 ")
    stream.close()


def test_corrupt_gzip_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00 not really gzip")
    assert "cannot read" in _error(path).reason


def test_gzipped_text_is_read_by_inner_name(tmp_path: Path) -> None:
    path = tmp_path / "story.txt.gz"
    path.write_bytes(gzip.compress(STORY.encode()))
    assert _one(path).text == STORY


def test_json_list_and_single_object(tmp_path: Path) -> None:
    path = FIXTURES / "records.json"
    first, second = _read(path)
    assert isinstance(first, RawArticle) and first.origin == f"{path}[0]"
    assert first.published == "2018-09-08" and first.published_from == "jsonl"
    assert isinstance(second, InputError) and second.where == f"{path}[1]"
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"text": STORY, "id": "x"}))
    assert _one(single).origin == str(single)


def test_json_that_is_really_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "lines.json"
    path.write_text(json.dumps({"text": STORY}) + "\n" + json.dumps({"text": STORY}) + "\n")
    assert [i.origin for i in _read(path)] == [f"{path}:1", f"{path}:2"]


def test_empty_json_file_is_an_empty_article(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text("\n")
    assert _error(path).reason == "empty article"


def test_broken_json_file_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('[{"text": "unterminated')
    assert "invalid JSON" in _error(path).reason


# -- folders ---------------------------------------------------------------------------


def test_folder_walk_is_sorted_recursive_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(STORY)
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "c.txt").write_text(STORY)
    (tmp_path / ".hidden.txt").write_text(STORY)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(STORY)
    origins = [i.origin for i in _read(tmp_path)]
    names = [os.path.relpath(o, tmp_path) for o in origins]
    assert names == ["a.txt", os.path.join("b", "2.txt"), "c.txt"]


def test_symlink_loop_is_reported_and_walk_goes_on(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "story.txt").write_text(STORY)
    (tmp_path / "sub" / "back").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "self").symlink_to(tmp_path / "self")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    (tmp_path / "z.txt").write_text(STORY)
    items = _read(tmp_path)
    articles = [os.path.relpath(i.origin, tmp_path) for i in items if isinstance(i, RawArticle)]
    errors = {
        os.path.relpath(i.where, tmp_path): i.reason for i in items if isinstance(i, InputError)
    }
    assert articles == [os.path.join("sub", "story.txt"), "z.txt"]
    assert errors[os.path.join("sub", "back")] == "symlink loop, not followed"
    assert errors["dangling"] == "broken symlink"
    assert errors["self"] == "symlink loop, not followed"


def test_unreadable_file_is_reported_and_walk_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text(STORY)
    real_open = open

    def guarded_open(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).endswith("a.txt"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(readers, "open", guarded_open, raising=False)
    first, second = _read(tmp_path)
    assert isinstance(first, InputError) and first.reason == "cannot read: Permission denied"
    assert isinstance(second, RawArticle)


def test_missing_path_is_an_error() -> None:
    assert _error("/nonexistent/eventwire/input.txt").reason == "no such file or directory"


def test_example_folder_reads_without_crashing(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES, tmp_path / "copy")
    items = _read(tmp_path / "copy")
    articles = [i for i in items if isinstance(i, RawArticle)]
    assert [Path(a.origin).name for a in articles] == [
        "article.html", "records.json[0]", "records.jsonl:1", "records.jsonl:7",
        "scrape_appeal_style.txt", "scrape_caption_style.txt",
    ]
    assert sum(isinstance(i, InputError) for i in items) == 8


# -- dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018-09-08", "2018-09-08"),
        ("2018-09-08T23:30:00-05:00", "2018-09-08"),
        ("2018-09-08T14:02:00Z", "2018-09-08"),
        ("2018-09-08 14:02", "2018-09-08"),
        ("2018-09-08T14:02:00.123456789Z", "2018-09-08"),
        ("8 September 2018", "2018-09-08"),
        ("Sat, 08 Sep 2018 10:00:00 GMT", "2018-09-08"),
    ],
)
def test_dates_are_normalised(value: str, expected: str) -> None:
    assert check_date(value, "rec") == expected


@pytest.mark.parametrize("value", ["2018-02-30", "2019-13-01", "30 February 2018", "September 2018",
                                   "soon", "2018-09-08x"])
def test_bad_dates_name_the_record(value: str) -> None:
    with pytest.raises(InputError) as info:
        check_date(value, "file.jsonl:7")
    assert info.value.where == "file.jsonl:7"


# -- size limits ---------------------------------------------------------------------------


def test_file_over_the_limit_is_refused_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 2 * readers.MB)
    path = tmp_path / "big.html"
    path.write_bytes(b"<p>x</p>" * (3 * readers.MB // 8))
    monkeypatch.setattr(readers, "open", lambda *a, **k: pytest.fail("opened"), raising=False)
    assert _error(path).reason == "too long: 3.0 MB, the limit is 2 MB for one article"


def test_gzipped_file_over_the_limit_once_decompressed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", readers.MB)
    path = tmp_path / "big.txt.gz"
    path.write_bytes(gzip.compress(b"a " * readers.MB))
    assert _error(path).reason == (
        "too long: over 1 MB decompressed, the limit is 1 MB for one article")


def test_json_file_has_its_own_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_JSON_BYTES", readers.MB)
    path = tmp_path / "many.json"
    path.write_text(json.dumps([{"text": STORY}] * 20_000))
    assert _error(path).reason.endswith("the limit is 1 MB for a .json file (use JSON Lines)")


def test_text_over_the_character_limit(tmp_path: Path) -> None:
    path = tmp_path / "book.txt"
    path.write_text("word " * 25_000)
    assert _error(path).reason == (
        "too long: 125,000 characters, the limit is 100,000 for one article")
    with pytest.raises(InputError, match="too long: 125,000 characters"):
        readers.record_article({"text": "word " * 25_000}, "f.jsonl:3")


def test_over_long_jsonl_line_is_skipped_unheld(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"text": "x" * 3000}) + "\n" + json.dumps({"text": STORY}) + "\n")
    first, second = _read(path)
    assert isinstance(first, InputError) and first.where == f"{path}:1"
    assert first.reason.startswith("too long:") and first.reason.endswith("for one record")
    assert isinstance(second, RawArticle) and second.origin == f"{path}:2"


@pytest.mark.parametrize("limit", [1, 5, 9, 10, 11, 100])
def test_bounded_lines(limit: int) -> None:
    data = b"short\n" + b"y" * 10 + b"\n" + b"z" * 25 + b"\nlast"
    got = list(readers.bounded_lines(io.BytesIO(data), limit))
    expected = [line + b"\n" for line in (b"short", b"y" * 10, b"z" * 25)] + [b"last"]
    assert got == [line if len(line.rstrip(b"\n")) <= limit or len(line) <= limit else len(line)
                   for line in expected]


def test_tables_are_read_by_extension(tmp_path: Path) -> None:
    path = tmp_path / "a.tsv"
    path.write_text(f"id\ttext\nt1\t{STORY}")
    (raw,) = _read(path)
    assert isinstance(raw, RawArticle) and raw.origin == f"{path}:2" and raw.article_id == "t1"
