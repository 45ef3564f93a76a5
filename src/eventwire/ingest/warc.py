"""WARC archives (``.warc``, ``.warc.gz``): the HTML and plain-text pages of their HTTP
responses, streamed one record at a time.

Each ``response`` record with status 200 and an HTML (or ``text/plain``) body becomes a
:class:`~eventwire.doc.RawArticle` through the same HTML extraction as a saved page. Its
``origin`` is ``FILE@OFFSET`` (the record's byte offset in the file, compressed offset
for ``.warc.gz``), its id the record's ``WARC-Record-ID`` (else its target URI), its URL
the ``WARC-Target-URI``; the ``WARC-Date`` is the publication date only when the page and
its address give none (``published_from`` ``"warc-date"``), since it is when the page was
fetched, not written. Other response records (an error status, an image, a script) are
refused with an InputError naming the file and offset; request, metadata and other
non-response records are passed over silently, as they are never articles. A garbled or
truncated record ends the file with an InputError at its offset: what came before stays.

warcio is imported on first use, so runs without WARC input never load it.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from eventwire.doc import RawArticle
from eventwire.errors import InputError

WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
# One page in an archive may be as large as a page given as a file (readers.MAX_FILE_BYTES).
MAX_RECORD_BYTES = 5 * 1024 * 1024


def is_warc(path: Path) -> bool:
    """Whether ``path`` is named as a WARC archive."""
    return path.name.lower().endswith(WARC_SUFFIXES)


def read_warc(path: Path) -> Iterator[RawArticle | InputError]:
    """The articles of a WARC file, lazily; unusable records come as InputError items."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    where = str(path)
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield InputError(where, f"cannot read: {exc.strerror or exc}")
        return
    with fh:
        records = ArchiveIterator(fh)
        current: int | None = None  # the offset of the record being read, None between records
        try:
            for record in records:
                # The iterator's offset is where the record it just yielded starts.
                current = records.offset
                item = _from_record(record, f"{where}@{current}")
                if item is not None:
                    yield item
                current = None
        except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as exc:
            # Between records the failure is in the next one's header, which starts at
            # the iterator's offset; a record cannot be skipped without its length.
            at = records.offset if current is None else current
            yield InputError(f"{where}@{at}", f"unreadable WARC record: {_why(exc)}")


def _why(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:200] or type(exc).__name__


def _from_record(record: Any, where: str) -> RawArticle | InputError | None:
    """The article of one record, an InputError saying why not, or None for a record that
    is not a response (requests, metadata, warcinfo)."""
    if record.rec_type != "response":
        return None
    status = record.http_headers.get_statuscode() if record.http_headers else None
    if status != "200":
        return InputError(where, f"HTTP status {status or 'missing'}, not a page")
    # The body first: a record cut short also has cut headers, and its type cannot be trusted.
    body = record.content_stream().read(MAX_RECORD_BYTES + 1)
    if len(body) > MAX_RECORD_BYTES:
        return InputError(where, f"too long: over {MAX_RECORD_BYTES // (1024 * 1024)} MB for one page")
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:  # the file ended inside the record: a cut page is not coded as if whole
        return InputError(where, f"truncated WARC record: {missing} bytes missing")
    kind = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if kind not in HTML_TYPES and kind not in TEXT_TYPES:
        return InputError(where, f"content type {kind or 'missing'!r} is not HTML or text")
    try:
        return _article(body, record.rec_headers, html=kind in HTML_TYPES, where=where)
    except InputError as err:
        return err


def _article(body: bytes, headers: Any, *, html: bool, where: str) -> RawArticle:
    from eventwire.ingest.readers import article_from_bytes

    raw = article_from_bytes(body, where, ".html" if html else ".txt")
    url = headers.get_header("WARC-Target-URI") or None
    record_id = headers.get_header("WARC-Record-ID") or url
    changes: dict[str, Any] = {"article_id": record_id.strip("<>") if record_id else None}
    if url and raw.url is None:
        changes["url"] = url
    if raw.published is None:
        changes.update(_fallback_date(url, headers.get_header("WARC-Date")))
    return replace(raw, **changes)


def _fallback_date(url: str | None, fetched: str | None) -> dict[str, str]:
    """The day from a dated address, else the day the page was fetched (WARC-Date)."""
    from eventwire.ingest.published import from_url

    day = from_url(url)
    if day:
        return {"published": day, "published_from": "url"}
    if fetched and len(fetched) >= 10:
        try:
            from eventwire.ingest.published import check_date

            return {"published": check_date(fetched[:10], "WARC-Date"), "published_from": "warc-date"}
        except InputError:
            return {}
    return {}
