"""Tables: CSV and TSV files of articles, one per row, read lazily.

The first row is the header. It names the fields, in any order and any case: ``text`` or
``html`` (one is required), and optionally ``title``, ``url``, ``published``, ``id`` and
``source``; other columns are ignored. A table without a ``text`` or ``html`` column is
one error for the whole file; a bad row (a wrong number of fields, an impossible date, an
empty text) is one error named ``FILE:LINE`` (the line the row starts on), and reading
goes on. The delimiter is the one the extension says (``.csv``: comma, ``.tsv``: tab)
unless the header reads only with another (``;``, tab, ``|``), as spreadsheets in many
locales write. Each line is decoded by itself (UTF-8, else Windows-1252, else Latin-1);
a UTF-16 file is decoded whole, by its byte order mark.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from eventwire.errors import InputError
# readers imports this module for its names; the names used here are looked up on call.
from eventwire.ingest import readers

if TYPE_CHECKING:
    from eventwire.ingest.readers import ReadResult

TABLE_SUFFIXES = {".csv": ",", ".tsv": "\t", ".tab": "\t"}
TEXT_COLUMNS = ("text", "html")
FIELDS = frozenset({"text", "html", "title", "url", "published", "id", "source"})
_DELIMITERS = (",", ";", "\t", "|")
_SNIFF_BYTES = 8192


class _LineTooLong(Exception):
    """A physical line over the size limit, skipped unread."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


class _Lines:
    """Decoded lines for ``csv.reader``, counted; an over-long line raises :class:`_LineTooLong`.

    An iterator class, not a generator: a generator that raises is finished, and the
    reader must go on with the next line.
    """

    def __init__(self, fh: IO[bytes] | IO[str], limit: int) -> None:
        self._lines = readers.bounded_lines(fh, limit)
        self.count = 0  # physical lines read so far

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.count += 1
        if isinstance(line, int):
            raise _LineTooLong(line)
        return line if isinstance(line, str) else readers.decode_bytes(line)


def read_table(path: Path, *, gzipped: bool = False, delimiter: str = ",") -> Iterator[ReadResult]:
    """Articles from the rows of a CSV or TSV file, or an InputError per unusable row."""
    where = str(path)
    limit = readers.MAX_FILE_BYTES
    # Rows hold whole articles: the csv module's 128 KB field limit is far too small.
    csv.field_size_limit(max(csv.field_size_limit(), limit))
    try:
        with _open(path, gzipped) as raw:
            head = raw.read(_SNIFF_BYTES)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            with _open(path, gzipped) as raw:
                text = io.TextIOWrapper(raw, encoding="utf-16", newline="")
                yield from _rows(_Lines(text, limit), where, delimiter)
            return
        if readers.is_binary(head):
            yield InputError(where, "binary file, not a table")
            return
        with _open(path, gzipped) as raw:
            yield from _rows(_Lines(raw, limit), where, delimiter)
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:
        yield InputError(where, f"cannot read: {readers.read_failure(exc)}")


def _open(path: Path, gzipped: bool) -> IO[bytes]:
    return gzip.open(path, "rb") if gzipped else open(path, "rb")


def _rows(lines: _Lines, where: str, delimiter: str) -> Iterator[ReadResult]:
    """The header, then one article or error per row."""
    first = _first_line(lines, where)
    if isinstance(first, InputError):
        yield first
        return
    delimiter = _delimiter(first, delimiter)
    header = _header(first, delimiter)
    if not any(column in header for column in TEXT_COLUMNS):
        shown = ", ".join(repr(h) for h in header if h) or "no names"
        yield InputError(where, f"no 'text' or 'html' column (the header has {shown})")
        return
    # strict: a quote left open or a stray one is a bad row, not text swallowing the rest.
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    while True:
        where_row = f"{where}:{lines.count + 1}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except _LineTooLong as exc:
            # The reader starts afresh at the next line: the row is skipped, not the file.
            reason = readers.size_reason(exc.size, readers.MAX_FILE_BYTES, "one row")
            yield InputError(where_row, reason)
            continue
        except csv.Error as exc:
            yield InputError(where_row, f"bad row: {exc}")
            continue
        if row:
            yield _row_article(row, header, where_row)


def _first_line(lines: _Lines, where: str) -> str | InputError:
    """The header line: the first that is not blank."""
    try:
        for line in lines:
            if line.strip():
                return line
    except _LineTooLong as exc:
        return InputError(where, readers.size_reason(exc.size, readers.MAX_FILE_BYTES, "a header"))
    return InputError(where, "empty table, no header")


def _delimiter(first: str, default: str) -> str:
    """The extension's delimiter, unless only another one splits out a text column."""
    for candidate in (default, *_DELIMITERS):
        if any(column in _header(first, candidate) for column in TEXT_COLUMNS):
            return candidate
    return default


def _header(first: str, delimiter: str) -> list[str]:
    try:
        names = next(csv.reader([first], delimiter=delimiter), [])
    except csv.Error:
        return []
    return [name.strip().lstrip("\ufeff").lower() for name in names]


def _row_article(row: list[str], header: list[str], where: str) -> ReadResult:
    if len(row) != len(header):
        return InputError(where, f"{len(row)} fields, the header has {len(header)}")
    record: dict[str, str] = {}
    for name, value in zip(header, row, strict=True):
        if name in FIELDS and name not in record:
            record[name] = value
    try:
        return readers.record_article(record, where)
    except InputError as err:
        return err
