"""Readers: articles from files and folders, streamed one at a time.

:func:`read_paths` walks files and folders (recursively, in sorted order, skipping hidden
names) and yields a :class:`~eventwire.doc.RawArticle` per article, or an
:class:`~eventwire.errors.InputError` for each input it cannot use, so one bad file or
record never stops a run. Formats, chosen by extension:

- ``.txt`` / ``.text``: one article per file (UTF-8, UTF-16 with a BOM, else cp1252 or
  Latin-1; mojibake is repaired later, by cleaning);
- ``.html`` / ``.htm`` / ``.xhtml``: main text and metadata through trafilatura;
- ``.jsonl`` / ``.ndjson`` (also gzipped): one record per line;
- ``.json``: one record or a list of records;
- ``.csv`` / ``.tsv`` (also gzipped): one record per row, under a header naming the fields
  (see :mod:`eventwire.ingest.tables`);
- ``.warc`` / ``.warc.gz``: the HTML and text pages of an archive's HTTP responses, one
  record at a time (see :mod:`eventwire.ingest.warc`);
- ``NAME.gz``: read as ``NAME``;
- anything else: HTML if it starts with markup, plain text otherwise, refused if binary.

A folder may hold ``metadata.json``: an object mapping its files' names to
``{"published", "url", "source", "title"}``, for plain-text files that cannot carry them;
it fills what the file itself does not say and is not read as an article.

A record is a JSON object with ``text`` or ``html`` and optionally ``title``, ``url``,
``published``, ``id`` and ``source``. ``RawArticle.origin`` says where an article came
from: ``FILE``, ``FILE:LINE`` for JSON Lines and tables, ``FILE[INDEX]`` for an item of a
JSON list.

Size is checked before anything is parsed: a file that holds one article (a page or a
text) may be up to :data:`MAX_FILE_BYTES`, one JSON Lines line or table row as much, a
``.json`` file up to :data:`MAX_JSON_BYTES`; an article's text is refused over
:data:`~eventwire.ingest.clean.MAX_ARTICLE_CHARS` characters.
``RawArticle.published_from`` says where its date came from (see
:mod:`eventwire.ingest.published`): ``"jsonl"`` (a record's ``published`` field),
``"folder-metadata"``, ``"html-meta"`` (the page's meta tags or trafilatura's reading of
them), ``"json-ld"``, ``"url"`` (a dated address: ``/2018/09/08/``); when a page shows
only a year, ``published`` is None and ``published_from`` is ``"unknown: only a year
(2016) found"``; with no evidence at all, both are None.
"""

from __future__ import annotations

import codecs
import errno
import gzip
import json
import os
import stat
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import IO, Any, AnyStr

from eventwire.doc import RawArticle
from eventwire.errors import InputError
from eventwire.ingest.clean import too_long
from eventwire.ingest.html import extract_html, looks_like_html
from eventwire.ingest.published import check_date as check_date  # re-exported for callers
from eventwire.ingest.published import from_url, resolve_published
from eventwire.ingest.tables import TABLE_SUFFIXES, read_table

TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
JSON_SUFFIXES = frozenset({".json"})
MB = 1024 * 1024
# A news page is tens or hundreds of kilobytes; one over 5 MB takes trafilatura tens of
# seconds (2 MB of paragraphs: 5 s) and is a dump, a book or a mistake, not an article.
MAX_FILE_BYTES = 5 * MB
# A .json file is parsed whole; larger collections belong in JSON Lines, read line by line.
MAX_JSON_BYTES = 50 * MB

_BINARY_MAGIC = (
    b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"Rar!",
    b"7z\xbc\xaf", b"\x7fELF", b"\xd0\xcf\x11\xe0", b"OggS", b"SQLite format 3",
)
_TEXT_CONTROLS = frozenset(b"\t\n\x0c\r\x1b")
_SNIFF_BYTES = 8192

ReadResult = RawArticle | InputError
METADATA_FILE = "metadata.json"


def read_paths(paths: Iterable[str | Path]) -> Iterator[ReadResult]:
    """Articles from files and folders, lazily; unusable inputs come as InputError items."""
    for path in paths:
        yield from _read_path(Path(path))


def read_text(text: str, *, origin: str = "<text>") -> RawArticle:
    """An article given as a string (plain text, or an HTML page, which is extracted)."""
    if not text.strip():
        raise InputError(origin, "empty article")
    if looks_like_html(text):
        return _html_article(text, origin)
    return RawArticle(text=text, origin=origin)


# -- walking -------------------------------------------------------------------------


def _read_path(path: Path) -> Iterator[ReadResult]:
    try:
        info = path.stat()
    except OSError as exc:
        yield InputError(str(path), _open_failure(path, exc))
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _walk(path, frozenset())
    elif stat.S_ISREG(info.st_mode):
        yield from _read_file(path)
    else:
        yield InputError(str(path), "not a regular file")


def _open_failure(path: Path, exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "broken symlink" if path.is_symlink() else "no such file or directory"
    if exc.errno == errno.ELOOP:
        return "symlink loop, not followed"
    return f"cannot open: {exc.strerror or exc}"


def _walk(directory: Path, ancestors: frozenset[str]) -> Iterator[ReadResult]:
    real = os.path.realpath(directory)
    if real in ancestors:
        yield InputError(str(directory), "symlink loop, not followed")
        return
    try:
        with os.scandir(directory) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield InputError(str(directory), f"cannot list folder: {exc.strerror or exc}")
        return
    inside = ancestors | {real}
    sidecar: dict[str, dict[str, Any]] = {}
    if any(e.name == METADATA_FILE for e in entries):
        try:
            sidecar = _read_sidecar(Path(directory) / METADATA_FILE)
        except InputError as err:
            yield err
    for entry in entries:
        if entry.name.startswith(".") or entry.name == METADATA_FILE:
            continue
        path = Path(entry.path)
        try:
            info = os.stat(entry.path)
        except OSError as exc:
            yield InputError(str(path), _open_failure(path, exc))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, inside)
        elif stat.S_ISREG(info.st_mode):
            extra = sidecar.get(entry.name)
            for item in _read_file(path):
                yield _fill(item, extra) if extra and isinstance(item, RawArticle) else item
        else:
            yield InputError(str(path), "not a regular file")


def _read_sidecar(path: Path) -> dict[str, dict[str, Any]]:
    where = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(where, f"unreadable folder metadata: {exc}") from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise InputError(where, "folder metadata must map file names to objects")
    for name, fields in data.items():
        if fields.get("published") is not None:
            fields["published"] = check_date(str(fields["published"]), f"{where}[{name}]")
    return data


def _fill(raw: RawArticle, extra: dict[str, Any]) -> RawArticle:
    """Values from the folder's metadata where the file itself had none."""
    changes: dict[str, Any] = {}
    for key, attr in (("published", "published"), ("url", "url"), ("title", "title"),
                      ("source", "source_name")):
        if extra.get(key) and getattr(raw, attr) is None:
            changes[attr] = extra[key]
    if "published" in changes:
        changes["published_from"] = "folder-metadata"
    elif raw.published is None and from_url(changes.get("url")):
        # The folder gave the address and not the date: a dated address gives the day.
        changes["published"], changes["published_from"] = from_url(changes["url"]), "url"
    return replace(raw, **changes) if changes else raw


# -- files ---------------------------------------------------------------------------


def _read_file(path: Path) -> Iterator[ReadResult]:
    where = str(path)
    name = path.name.lower()
    gzipped = name.endswith(".gz")
    suffix = Path(name[:-3]).suffix if gzipped else path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, gzipped)
        return
    if suffix in TABLE_SUFFIXES:
        yield from read_table(path, gzipped=gzipped, delimiter=TABLE_SUFFIXES[suffix])
        return
    if suffix == ".warc":  # warcio reads gzipped archives itself, member by member
        from eventwire.ingest.warc import read_warc

        yield from read_warc(path)
        return
    try:
        if suffix in JSON_SUFFIXES:
            data = _read_bytes(path, gzipped, MAX_JSON_BYTES, "a .json file (use JSON Lines)")
        else:
            data = _read_bytes(path, gzipped, MAX_FILE_BYTES, "one article")
    except InputError as err:
        yield err
        return
    if suffix in JSON_SUFFIXES:
        yield from _json_records(data, where)
        return
    yield _catching(article_from_bytes, data, where, suffix)


def _read_bytes(path: Path, gzipped: bool, limit: int, what: str) -> bytes:
    """The file's bytes (decompressed), refused unread when over ``limit``."""
    where = str(path)
    try:
        size = None if gzipped else path.stat().st_size
        if size is not None and size > limit:
            raise InputError(where, size_reason(size, limit, what))
        with (gzip.open(path, "rb") if gzipped else open(path, "rb")) as fh:
            data = fh.read(limit + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(where, f"cannot read: {read_failure(exc)}") from None
    if len(data) > limit:
        raise InputError(where, size_reason(None, limit, what))
    return data


def read_failure(exc: BaseException) -> str:
    """Why a file could not be read, in a few words."""
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def size_reason(size: int | None, limit: int, what: str) -> str:
    """Why input of ``size`` bytes (None: over ``limit`` once decompressed) is refused."""
    amount = f"{size / MB:.1f} MB" if size is not None else f"over {limit / MB:g} MB decompressed"
    return f"too long: {amount}, the limit is {limit / MB:g} MB for {what}"


def bounded_lines(fh: IO[AnyStr], limit: int) -> Iterator[AnyStr | int]:
    """The lines of ``fh``; one longer than ``limit`` comes as its length, never held whole."""
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line[-1:] in ("\n", b"\n"):
            yield line
            continue
        size = len(line)
        while line and line[-1:] not in ("\n", b"\n"):
            line = fh.readline(MB)
            size += len(line)
        yield size


def article_from_bytes(data: bytes, where: str, suffix: str) -> RawArticle:
    """The article in one file's bytes, read as its ``suffix`` says (``.html``, ``.txt``,
    else sniffed); InputError naming ``where`` if it is binary, empty or too long."""
    if is_binary(data):
        raise InputError(where, "binary file, not an article")
    text = decode_bytes(data)
    if not text.strip():
        raise InputError(where, "empty article")
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and looks_like_html(text)):
        # Bytes where possible: trafilatura honours the page's declared charset.
        as_bytes = suffix in HTML_SUFFIXES and not _utf16_codec(data)
        return _html_article(data if as_bytes else text, where)
    _check_length(text, where)
    return RawArticle(text=text, origin=where)


def _check_length(text: str, where: str) -> None:
    reason = too_long(len(text))
    if reason:
        raise InputError(where, reason)


def _html_article(
    page: str | bytes,
    where: str,
    *,
    given: str | None = None,
    url: str | None = None,
) -> RawArticle:
    """The article in an HTML page; ``given`` is a record's own (checked) date, ``url``
    its own address, both winning over what the page says."""
    page_data = extract_html(page, where)
    _check_length(page_data.text, where)
    html = page if isinstance(page, str) else decode_bytes(page)
    # The record's address first, else the page's own (canonical or og:url) if it is dated.
    dated_url = next((u for u in (url, page_data.url) if from_url(u)), None)
    published, published_from = resolve_published(
        given=given, html=html, url=dated_url, extracted=page_data.published,
        given_from="jsonl",
    )
    return RawArticle(
        text=page_data.text,
        title=page_data.title,
        url=url or page_data.url,
        published=published,
        source_name=page_data.source_name,
        origin=where,
        published_from=published_from,
    )


def _catching(func: Any, *args: Any) -> ReadResult:
    try:
        return func(*args)
    except InputError as err:
        return err


# -- decoding ------------------------------------------------------------------------


def _utf16_codec(data: bytes) -> str | None:
    """The UTF-16 codec ``data`` is in, by its BOM or its pattern of zero bytes, else None."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = data[:_SNIFF_BYTES]
    if len(head) < 4 or len(data) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    # ASCII-range text in UTF-16: one byte of each pair is zero, nearly always.
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def is_binary(data: bytes) -> bool:
    """Whether ``data`` is a binary file (a known magic number, zero bytes, many controls)."""
    if _utf16_codec(data):
        return False
    head = data[:_SNIFF_BYTES]
    if head.startswith(_BINARY_MAGIC) or b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in _TEXT_CONTROLS)
    return controls > 0.05 * max(len(head), 1)


def decode_bytes(data: bytes) -> str:
    """Text from bytes: UTF-8, else UTF-16 (by BOM or zero bytes), else cp1252, else Latin-1."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    codec = _utf16_codec(data)
    if codec:
        return data.decode(codec, errors="replace")
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


# -- JSON and JSON Lines --------------------------------------------------------------


def _read_jsonl(path: Path, gzipped: bool) -> Iterator[ReadResult]:
    where = str(path)
    try:
        with (gzip.open(path, "rb") if gzipped else open(path, "rb")) as fh:
            yield from _jsonl_records(bounded_lines(fh, MAX_FILE_BYTES), where)
    except (OSError, EOFError, zlib.error) as exc:
        yield InputError(where, f"cannot read: {read_failure(exc)}")


def _jsonl_records(lines: Iterable[bytes | int], where: str) -> Iterator[ReadResult]:
    for number, line in enumerate(lines, 1):
        if isinstance(line, int):
            yield InputError(f"{where}:{number}", size_reason(line, MAX_FILE_BYTES, "one record"))
            continue
        line = line.strip()
        if number == 1:
            line = line.removeprefix(codecs.BOM_UTF8)
        if line:
            yield _catching(_jsonl_record, line, f"{where}:{number}")


def _jsonl_record(line: bytes, where: str) -> RawArticle:
    try:
        record = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(where, "line is not valid UTF-8") from None
    except json.JSONDecodeError as exc:
        raise InputError(where, f"invalid JSON: {exc.msg} (column {exc.colno})") from None
    return record_article(record, where)


def _json_records(data: bytes, where: str) -> Iterator[ReadResult]:
    text = decode_bytes(data)
    if not text.strip():
        yield InputError(where, "empty article")
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # one object per line under a .json name
            yield from _jsonl_records(data.split(b"\n"), where)
        else:
            yield InputError(where, f"invalid JSON: {exc.msg} (line {exc.lineno})")
        return
    if isinstance(value, list):
        if not value:
            yield InputError(where, "empty list, no articles")
        for index, item in enumerate(value):
            yield _catching(record_article, item, f"{where}[{index}]")
    else:
        yield _catching(record_article, value, where)


def _string_field(record: dict[str, Any], name: str, where: str) -> str | None:
    value = record.get(name)
    if value is None:
        return None
    if isinstance(value, str):
        # Article text keeps its layout; metadata is trimmed, and blank means absent.
        return value if name in ("text", "html") else value.strip() or None
    if name == "id" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise InputError(where, f"field {name!r} must be a string, not {_json_type(value)}")


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", bool: "a boolean", int: "a number",
             float: "a number", str: "a string"}
    return names.get(type(value), "null" if value is None else type(value).__name__)


def record_article(record: Any, where: str) -> RawArticle:
    """The article in one JSON record (``text`` or ``html``, ``title``, ``url``,
    ``published``, ``id``, ``source``); InputError naming ``where`` if it is unusable."""
    if not isinstance(record, dict):
        raise InputError(where, f"expected a JSON object, got {_json_type(record)}")
    fields = {n: _string_field(record, n, where)
              for n in ("text", "html", "title", "url", "published", "id", "source")}
    given = check_date(fields["published"], where) if fields["published"] else None
    if fields["text"] is None and fields["html"] is None:
        raise InputError(where, "record has neither 'text' nor 'html'")
    text = fields["text"] or ""
    _check_length(text, where)
    if not text.strip():
        if not fields["html"] or not fields["html"].strip():
            raise InputError(where, "empty article")
        page = _html_article(fields["html"], where, given=given, url=fields["url"])
        return replace(page, title=fields["title"] or page.title,
                       source_name=fields["source"] or page.source_name,
                       article_id=fields["id"])
    published, published_from = resolve_published(
        given=given, url=fields["url"], given_from="jsonl"
    )
    return RawArticle(
        text=text,
        title=fields["title"],
        url=fields["url"],
        published=published,
        source_name=fields["source"],
        article_id=fields["id"],
        origin=where,
        published_from=published_from,
    )
