"""WARC input: HTTP responses with HTML or text become articles, streamed; other records
are refused by file and offset, a garbled record ends the file without losing the rest."""

from __future__ import annotations

import gzip
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.doc import RawArticle
from eventwire.errors import InputError
from eventwire.ingest.readers import read_paths

STORY = "Soldiers fired on protesters in the capital on Friday, witnesses said."
PAGE = ("<!DOCTYPE html><html><head><title>Border attack</title>{head}</head><body>"
        f"<article><h1>Border attack</h1><p>{STORY}</p>"
        "<p>The army said it had sent more troops to the area on Saturday.</p></article>"
        "</body></html>")
FETCHED = "2021-03-04T05:06:07Z"


def _response(writer: WARCWriter, url: str, body: bytes, *, status: str = "200 OK",
              kind: str = "text/html; charset=utf-8", record_id: str | None = None) -> None:
    http = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
    headers = {"WARC-Date": FETCHED}
    if record_id:
        headers["WARC-Record-ID"] = record_id
    record = writer.create_warc_record(url, "response", payload=BytesIO(body),
                                       http_headers=http, warc_headers_dict=headers)
    writer.write_record(record)


def _archive(path: Path, *, gzipped: bool) -> None:
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gzipped)
        _response(writer, "https://daily.example/news/attack", PAGE.format(head="").encode(),
                  record_id="<urn:uuid:11111111-2222-3333-4444-555555555555>")
        writer.write_record(writer.create_warc_record(
            "https://daily.example/news/attack", "request",
            payload=BytesIO(b"GET /news/attack HTTP/1.1\r\nHost: daily.example\r\n\r\n"),
            warc_headers_dict={"WARC-Date": FETCHED}))
        _response(writer, "https://daily.example/logo.png", b"\x89PNG\r\n\x1a\n", kind="image/png")
        _response(writer, "https://daily.example/gone", b"<html>Not found</html>", status="404 Not Found")
        _response(writer, "https://daily.example/2019/06/02/wire.txt", STORY.encode(),
                  kind="text/plain")


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_responses_become_articles_and_the_rest_is_refused_by_offset(tmp_path, name):
    path = tmp_path / name
    _archive(path, gzipped=name.endswith(".gz"))
    items = list(read_paths([path]))
    assert len(items) == 4  # the request record is not an input
    page, png, missing, wire = items
    assert isinstance(page, RawArticle) and page.text.startswith("Soldiers fired")
    assert page.article_id == "urn:uuid:11111111-2222-3333-4444-555555555555"
    assert page.url == "https://daily.example/news/attack" and page.title == "Border attack"
    assert page.published == "2021-03-04" and page.published_from == "warc-date"
    assert page.origin == f"{path}@0"
    assert isinstance(png, InputError) and "image/png" in png.reason
    assert isinstance(missing, InputError) and "404" in missing.reason
    offsets = [int(e.where.rpartition("@")[2]) for e in (png, missing)]
    assert 0 < offsets[0] < offsets[1] < path.stat().st_size
    assert isinstance(wire, RawArticle) and wire.text == STORY
    assert wire.published == "2019-06-02" and wire.published_from == "url"
    assert wire.article_id  # warcio gives every record an id


def test_the_page_date_wins_over_the_fetch_date(tmp_path):
    path = tmp_path / "dated.warc.gz"
    head = '<meta property="article:published_time" content="2020-01-15T08:00:00Z">'
    with open(path, "wb") as fh:
        _response(WARCWriter(fh, gzip=True), "https://daily.example/a", PAGE.format(head=head).encode())
    (raw,) = read_paths([path])
    assert raw.published == "2020-01-15" and raw.published_from == "html-meta"


def test_a_garbled_record_ends_the_file_keeping_what_came_before(tmp_path):
    good = tmp_path / "good.warc"
    _archive(good, gzipped=False)
    path = tmp_path / "garbled.warc"
    size = good.stat().st_size
    path.write_bytes(good.read_bytes() + b"<html>a page pasted in by mistake</html>\r\n")
    items = list(read_paths([path]))
    assert isinstance(items[0], RawArticle) and len(items) == 5
    last = items[-1]
    assert isinstance(last, InputError) and last.where == f"{path}@{size}"
    assert "unreadable WARC record" in last.reason


@pytest.mark.parametrize("name", ["cut.warc", "cut.warc.gz"])
def test_a_truncated_record_is_refused_at_its_offset(tmp_path, name):
    whole = tmp_path / f"whole-{name}"
    _archive(whole, gzipped=name.endswith(".gz"))
    data = whole.read_bytes()
    path = tmp_path / name
    path.write_bytes(data[: len(data) - 60])  # inside the last record's body
    items = list(read_paths([path]))
    assert isinstance(items[0], RawArticle) and len(items) == 4
    cut = items[-1]
    assert isinstance(cut, InputError) and cut.where.startswith(f"{path}@")
    assert int(cut.where.rpartition("@")[2]) > int(items[-2].where.rpartition("@")[2])
    assert "WARC record" in cut.reason


def test_an_archive_is_read_lazily(tmp_path):
    path = tmp_path / "big.warc.gz"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i in range(50):
            _response(writer, f"https://daily.example/{i}", PAGE.format(head="").encode())
    items = read_paths([path])
    first = next(items)
    assert isinstance(first, RawArticle) and first.origin == f"{path}@0"
    items.close()


def test_a_file_that_is_not_an_archive(tmp_path):
    path = tmp_path / "notes.warc.gz"
    path.write_bytes(gzip.compress(b"just some words, not a WARC file\n"))
    (err,) = read_paths([path])
    assert isinstance(err, InputError) and err.where == f"{path}@0"


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_the_progress_count_is_the_response_records(tmp_path, name):
    from eventwire.ingest.count import count_articles

    path = tmp_path / name
    _archive(path, gzipped=name.endswith(".gz"))
    assert count_articles([path]) == 4  # responses only: the request record is not counted
