"""Reading WARC files back: each response record as a :class:`~archive.process.FetchedPage`.

Reads WARC files written by newsarchive (:mod:`archive.warc.recorder`) or by others (Browsertrix,
wget). Importing them into the archive is :mod:`archive.ingest.warc_import`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from archive.errors import InputError
from archive.process import FetchedPage


def iter_warc_pages(path: Path) -> Iterator[tuple[FetchedPage, int]]:
    """Each response record of a WARC file as a FetchedPage, with the record's offset."""
    try:
        stream = open(path, "rb")
    except OSError as exc:
        raise InputError(f"cannot read WARC file {path}: {exc.strerror or exc}") from exc
    with stream:
        magic = stream.read(5)
        stream.seek(0)
        if not (magic.startswith(b"\x1f\x8b") or magic == b"WARC/"):
            raise InputError(f"{path} is not a readable WARC file: it starts with neither gzip nor 'WARC/'")
        try:
            records = ArchiveIterator(stream)
            for record in records:
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                body = record.content_stream().read()
                offset = records.get_record_offset()
                uri = record.rec_headers.get_header("WARC-Target-URI")
                date = record.rec_headers.get_header("WARC-Date")
                status = int(record.http_headers.get_statuscode() or 0) or None
                yield FetchedPage(
                    url=uri,
                    final_url=uri,
                    status=status,
                    headers=tuple((k, v) for k, v in record.http_headers.headers),
                    body=body,
                    fetched_at=_parse_warc_date(date),
                    warc_file=str(path),
                    warc_offset=offset,
                ), offset
        except ArchiveLoadFailed as exc:
            raise InputError(f"{path} is not a readable WARC file: {exc}") from exc


def _parse_warc_date(value: str | None) -> datetime:
    if not value:
        return datetime.now(UTC)
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
