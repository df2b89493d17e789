"""Reading WARC files back: each response record as a :class:`~archive.process.FetchedPage`, and
each record that cannot be read whole as a :class:`WarcRecordError` with its offset.

Reads WARC files written by newsarchive (:mod:`archive.warc.recorder`) or by others (Browsertrix,
wget). Importing them into the archive is :mod:`archive.ingest.warc_import`.

A record is only a page when it was read whole: warcio hands over what a cut-off gzip member
decompresses to, without complaint, so a ``.warc.gz`` is first checked member by member (each
gzip member must end with its trailer, CRC and length verified), and every record's block must
be as long as its ``Content-Length``.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from archive.errors import InputError
from archive.process import FetchedPage

_READ_SIZE = 1 << 16
# the root element of a sitemap or a feed, after an optional XML declaration, comments and doctype
_XML_ROOT = re.compile(rb"^(?:\s|<\?[^>]*\?>|<!--.*?-->|<![^>]*>)*<(?:[\w.-]+:)?(\w+)", re.DOTALL)
_DISCOVERY_ROOTS = {b"urlset": "sitemap", b"sitemapindex": "sitemap", b"rss": "feed", b"feed": "feed", b"RDF": "feed"}
_HEADER_SIZE = 8192  # enough of a record's start for its WARC header


@dataclass(frozen=True)
class WarcRecordError:
    """A record that could not be read whole; nothing of it is imported."""

    path: Path
    offset: int  # byte offset of the record (of its gzip member) in the file
    reason: str
    url: str | None = None

    def describe(self) -> str:
        about = f" ({self.url})" if self.url else ""
        return f"{self.path}: record at offset {self.offset}{about}: {self.reason}"


def iter_warc_records(path: Path) -> Iterator[FetchedPage | WarcRecordError]:
    """Each response record of a WARC file as a FetchedPage (its offset in ``warc_offset``), in
    file order; a truncated or corrupt record as a WarcRecordError, after which the rest of the
    file is not read (its records cannot be found reliably). Raises InputError when the file is
    not a WARC file at all."""
    try:
        stream = open(path, "rb")
    except OSError as exc:
        raise InputError(f"cannot read WARC file {path}: {exc.strerror or exc}") from exc
    with stream:
        magic = stream.read(5)
        stream.seek(0)
        if not (magic.startswith(b"\x1f\x8b") or magic == b"WARC/"):
            raise InputError(f"{path} is not a readable WARC file: it starts with neither gzip nor 'WARC/'")
        damage = first_damaged_gzip_member(stream) if magic.startswith(b"\x1f\x8b") else None
        stream.seek(0)
        records = ArchiveIterator(stream)
        offset = 0
        try:
            for record in records:
                uri = record.rec_headers.get_header("WARC-Target-URI")
                body = record.content_stream().read()
                missing = getattr(record.raw_stream, "limit", 0)
                offset = records.get_record_offset()  # (warcio reads the record to its end first)
                if damage is not None and offset >= damage.offset:
                    break
                if missing > 0:
                    yield WarcRecordError(
                        path, offset, f"truncated: the file ends {missing} bytes before the record does", uri
                    )
                    return
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                status = int(record.http_headers.get_statuscode() or 0) or None
                yield FetchedPage(
                    url=uri,
                    final_url=uri,
                    status=status,
                    headers=tuple((k, v) for k, v in record.http_headers.headers),
                    body=body,
                    fetched_at=_parse_warc_date(record.rec_headers.get_header("WARC-Date")),
                    warc_file=str(path),
                    warc_offset=offset,
                    kind=capture_kind(uri, body),
                )
        except ArchiveLoadFailed as exc:
            if damage is None:
                if offset == 0:
                    raise InputError(f"{path} is not a readable WARC file: {_printable(exc)}") from exc
                yield WarcRecordError(path, offset, f"unreadable data after this record: {_printable(exc)}")
                return
        except (zlib.error, EOFError, ValueError, AttributeError) as exc:  # warcio on damaged input
            if damage is None:
                yield WarcRecordError(path, offset, f"unreadable: {type(exc).__name__}: {_printable(exc)}")
                return
        if damage is not None:
            yield damage


def capture_kind(url: str, body: bytes) -> str:
    """What a response read from a WARC was to the crawl that recorded it: ``robots`` (a host's
    robots.txt), ``sitemap`` or ``feed`` (by the XML root; gzipped sitemaps too), else ``page``."""
    if urlsplit(url).path == "/robots.txt":
        return "robots"
    head = body[:4096]
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(wbits=31).decompress(body, 4096)
        except zlib.error:
            return "page"
    match = _XML_ROOT.match(head.lstrip(b"\xef\xbb\xbf"))
    return _DISCOVERY_ROOTS.get(match.group(1), "page") if match else "page"


def first_damaged_gzip_member(stream: BinaryIO) -> WarcRecordError | None:
    """The first gzip member of a ``.warc.gz`` stream that does not decompress whole (cut off,
    or failing its CRC or length check), as an error at its offset (with the record's URL when its
    header could be read); None when all are whole."""
    path = Path(getattr(stream, "name", "?"))
    member_start = 0
    consumed = 0  # compressed bytes of the current member read so far
    head = b""  # the start of the current member's record: its WARC header
    packed = b""  # the start of the current member, compressed (to read the header of a bad one)
    inflater = zlib.decompressobj(wbits=31)
    while chunk := stream.read(_READ_SIZE):
        data = chunk
        while data:
            if len(packed) < _READ_SIZE:
                packed += data[: _READ_SIZE - len(packed)]
            try:
                out = inflater.decompress(data)
            except zlib.error as exc:
                return WarcRecordError(path, member_start, f"corrupt gzip data ({exc})", _target_uri(_salvage(packed)))
            if len(head) < _HEADER_SIZE:
                head += out[: _HEADER_SIZE - len(head)]
            if not inflater.eof:
                consumed += len(data)
                break
            member_start += consumed + len(data) - len(inflater.unused_data)
            consumed, head, packed = 0, b"", b""
            data = inflater.unused_data
            inflater = zlib.decompressobj(wbits=31)
    if consumed:
        return WarcRecordError(
            path, member_start, "truncated: the file ends inside this record's gzip member", _target_uri(head)
        )
    return None


def _salvage(packed: bytes) -> bytes:
    """What the start of a damaged gzip member decompresses to before the damage."""
    inflater, out = zlib.decompressobj(wbits=31), b""
    for start in range(0, len(packed), 64):
        try:
            out += inflater.decompress(packed[start : start + 64])
        except zlib.error:
            break
        if len(out) >= _HEADER_SIZE:
            break
    return out


def _target_uri(head: bytes) -> str | None:
    match = re.search(rb"^WARC-Target-URI: *<?([!-~]+?)>?\r?$", head.split(b"\r\n\r\n", 1)[0], flags=re.M)
    return match.group(1).decode("ascii") if match else None


def _printable(exc: BaseException) -> str:
    """An exception's message for one line on a terminal: warcio quotes the bytes it could not
    parse, which are binary garbage in a damaged file."""
    message = str(exc)
    if "first line:" in message:
        message = message.split("first line:", 1)[0].strip().rstrip(",") + " (no 'WARC/' header line)"
    return message.encode("ascii", "backslashreplace").decode("ascii")[:200]


def _parse_warc_date(value: str | None) -> datetime:
    if not value:
        return datetime.now(UTC)
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
