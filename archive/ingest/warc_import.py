"""Importing WARC files: each response record through the same decode → extract → store path as a crawl."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from sqlalchemy import Engine

from archive.ingest.writer import ArchiveWriter, RunCounters
from archive.process import ExtractorCache, process_page
from archive.warc.reader import iter_warc_pages


def import_warcs(engine: Engine, paths: Sequence[Path], site: str | None = None) -> RunCounters:
    """Ingest existing WARC files through the same decode → extract → store path as a crawl."""
    writer = ArchiveWriter(engine)
    writer.start_run([], {"command": "captures import", "files": [str(p) for p in paths]})
    extractors = ExtractorCache()
    status = "failed"
    try:
        for path in paths:
            for page, _offset in iter_warc_pages(path):
                page = replace(page, site=site) if site else page
                writer.store(page, process_page(page, extractors))
        status = "finished"
    finally:
        counters = writer.finish_run(status)
    return counters
