"""Parquet dumps (pyarrow): the schema documented in docs/export.md, zstd-compressed, one row group
written each time ``row_group_size`` rows have gathered, so memory stays flat whatever the size."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

TIMESTAMP = pa.timestamp("us", tz="UTC")
COMMENT = pa.struct([
    ("id", pa.int64()),
    ("author", pa.string()),
    ("text", pa.string()),
    ("posted", TIMESTAMP),
    ("reply_to", pa.int64()),
])
SCHEMA = pa.schema([
    ("id", pa.int64()),
    ("url", pa.string()),
    ("site", pa.string()),
    ("title", pa.string()),
    ("author", pa.string()),
    ("published", TIMESTAMP),
    ("language", pa.string()),
    ("syndicated_from", pa.string()),
    ("status", pa.string()),
    ("version", pa.int32()),
    ("text", pa.string()),
    ("comments", pa.list_(COMMENT)),  # null unless the export asked for comments
])


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class ParquetSink:
    """Article records (as :func:`archive.export.writers.article_record` makes them) into a Parquet file."""

    def __init__(self, path: Path, row_group_size: int = 1000) -> None:
        self._path = path
        self._writer = pq.ParquetWriter(path, SCHEMA, compression="zstd")
        self._rows: list[dict[str, Any]] = []
        self._row_group_size = row_group_size
        self._sha256: str | None = None

    def write(self, record: dict[str, Any]) -> None:
        row = {name: record.get(name) for name in SCHEMA.names}
        row["published"] = _time(record["published"])
        if record.get("comments") is not None:
            row["comments"] = [{**c, "posted": _time(c["posted"])} for c in record["comments"]]
        self._rows.append(row)
        if len(self._rows) >= self._row_group_size:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._writer.write_table(pa.Table.from_pylist(self._rows, schema=SCHEMA))
            self._rows = []

    def close(self) -> None:
        """Write the last row group and the footer; hash the finished file."""
        self._flush()
        self._writer.close()
        digest = hashlib.sha256()
        with self._path.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
        self._sha256 = digest.hexdigest()

    @property
    def sha256(self) -> str:
        if self._sha256 is None:
            raise RuntimeError("the Parquet file is not closed yet")
        return self._sha256
