"""WARC 1.1 provenance: write every fetched request/response to rotated gzip WARC files.

Writing goes through :class:`WarcRecorder` (used by the archive's single writer); each capture row
records its WARC file and the offset of its response (or revisit) record, so an archivist can
replay it or hand it to other WARC tools. Reading WARC files back is :mod:`archive.warc.reader`.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import IO, TYPE_CHECKING
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive import __version__
from archive.errors import InputError

if TYPE_CHECKING:

    from archive.process import FetchedPage

DEFAULT_MAX_BYTES = 1_000_000_000  # rotate to a new file past ~1 GB


@dataclass(frozen=True)
class WarcLocation:
    file: str  # file name, relative to the WARC directory
    offset: int  # byte offset of the record's gzip member


@dataclass(frozen=True)
class Revisit:
    """An earlier capture with the same payload: a revisit record points at it instead of repeating it."""

    url: str
    fetched_at: datetime


def payload_digest(body: bytes) -> str:
    """The WARC-Payload-Digest of a body (``sha1:`` + base32), as warcio computes it."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def warc_date(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class WarcRecorder:
    """Appends request + response (or revisit) records to ``prefix-<start>-<serial>.warc.gz`` files."""

    def __init__(self, directory: Path, *, prefix: str = "newsarchive", max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"cannot create WARC directory {directory}: {exc.strerror or exc}") from exc
        self.directory = directory
        self.prefix = prefix
        self.max_bytes = max_bytes
        self._started = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        self._serial = 0
        self._stream: IO[bytes] | None = None
        self._writer: WARCWriter | None = None
        self._name = ""

    def _open_next(self) -> None:
        self.close()
        self._serial += 1
        self._name = f"{self.prefix}-{self._started}-{self._serial:05d}.warc.gz"
        self._stream = open(self.directory / self._name, "ab")
        self._writer = WARCWriter(self._stream, gzip=True, warc_version="1.1")
        info = {"software": f"newsarchive/{__version__}", "format": "WARC File Format 1.1",
                "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"}
        self._writer.write_record(self._writer.create_warcinfo_record(self._name, info))

    def _ready(self) -> WARCWriter:
        if self._writer is None or (self._stream is not None and self._stream.tell() >= self.max_bytes):
            self._open_next()
        assert self._writer is not None
        return self._writer

    def record(self, page: FetchedPage, revisit_of: Revisit | None = None) -> WarcLocation | None:
        """Write the page's request and response; a revisit record when ``revisit_of`` is given.

        Pages without a response (transport failures) have nothing to record and return None.
        """
        if page.status is None:
            return None
        writer = self._ready()
        date = warc_date(page.fetched_at)
        target = page.final_url or page.url
        split = urlsplit(target)
        path = (split.path or "/") + (f"?{split.query}" if split.query else "")
        request_headers = [("Host", split.netloc), *page.request_headers]
        request = writer.create_warc_record(
            target, "request",
            http_headers=StatusAndHeaders(f"GET {path} HTTP/1.1", request_headers, is_http_request=True),
            warc_headers_dict={"WARC-Date": date},
        )
        http_headers = StatusAndHeaders(f"{page.status} {_reason(page.status)}", list(page.headers), protocol="HTTP/1.1")
        if revisit_of is not None:
            response = writer.create_revisit_record(
                target, payload_digest(page.body), revisit_of.url, warc_date(revisit_of.fetched_at),
                http_headers=http_headers,
            )
            response.rec_headers.replace_header("WARC-Date", date)
        else:
            response = writer.create_warc_record(
                target, "response", payload=BytesIO(page.body),
                http_headers=http_headers, warc_headers_dict={"WARC-Date": date},
            )
        assert self._stream is not None
        writer.write_record(request)
        offset = self._stream.tell()
        writer.write_record(response)
        self._stream.flush()
        return WarcLocation(self._name, offset)

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
        self._stream = None
        self._writer = None


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"
