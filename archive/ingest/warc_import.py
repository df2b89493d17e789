"""Importing WARC files: each response record through the same decode → extract → store path as a
crawl. A record that cannot be read whole is an error (recorded with its offset, counted in the
run); nothing of it is stored as a page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from archive.ingest.writer import ArchiveWriter, RunCounters
from archive.process import ExtractorCache, FetchedPage, process_page
from archive.warc.reader import WarcRecordError, iter_warc_records

#: The reason a damaged record is counted under (``crawl_runs.errors``, ``captures.error``).
DAMAGED_RECORD = "damaged-warc-record"


@dataclass(frozen=True)
class WarcImport:
    counters: RunCounters
    damaged: tuple[WarcRecordError, ...]  # records that could not be read whole, in file order


def import_warcs(engine: Engine, paths: Sequence[Path], site: str | None = None) -> WarcImport:
    """Ingest existing WARC files through the same decode → extract → store path as a crawl.

    A damaged record whose URL could be read is stored as a failed capture (no body) with the
    reason and offset; one whose URL could not is counted in the run's errors. Either way it is
    in ``damaged``."""
    writer = ArchiveWriter(engine)
    writer.start_run([], {"command": "captures import", "files": [str(p) for p in paths]})
    extractors = ExtractorCache()
    damaged: list[WarcRecordError] = []
    status = "failed"
    try:
        for path in paths:
            for entry in iter_warc_records(path):
                if isinstance(entry, WarcRecordError):
                    damaged.append(entry)
                    _record_damage(writer, entry, site)
                    continue
                page = replace(entry, site=site) if site else entry
                writer.store(page, process_page(page, extractors))
        status = "finished"
    finally:
        counters = writer.finish_run(status)
    return WarcImport(counters=counters, damaged=tuple(damaged))


def _record_damage(writer: ArchiveWriter, error: WarcRecordError, site: str | None) -> None:
    reason = f"{DAMAGED_RECORD}: offset {error.offset} of {error.path}: {error.reason}"
    if error.url is None:
        writer.counters.errors += 1
        writer.counters.error_reasons[DAMAGED_RECORD] = writer.counters.error_reasons.get(DAMAGED_RECORD, 0) + 1
        return
    page = FetchedPage(
        url=error.url, final_url=error.url, status=None, headers=(), body=b"", fetched_at=datetime.now(UTC),
        site=site, error=reason, warc_file=str(error.path), warc_offset=error.offset,
    )
    writer.store(page, process_page(page))
