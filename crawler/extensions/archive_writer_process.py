"""Code that runs in the archive's one writer process (no Scrapy imported here).

``init_writer`` opens the archive and holds the one ``archive.ingest.writer.ArchiveWriter``; ``writer_*``
run there, one at a time, in submission order, so the database sees one writer. It lives in its
own process so its CPU work (SQLAlchemy) does not compete with Scrapy's reactor for the GIL. The
crawl process calls them through ``crawler.extensions.archive_writer.ArchiveWriterProcess``.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from archive.errors import DatabaseError
from archive.ingest.writer import ArchiveWriter, RunCounters, StoreOutcome
from archive.process import FetchedPage, ProcessedPage
from archive.runtime import settle_long_lived_objects
from archive.store.engine import describe_db_failure, make_engine
from archive.store.files import checkpoint_sqlite
from crawler.extensions.helper_processes import WRITER_PROCESS_NAME, die_with_parent

__all__ = ["init_writer", "writer_finish_run", "writer_start_run", "writer_store_batch"]

log = logging.getLogger(__name__)

_writer: ArchiveWriter | None = None
_writer_retries = 5
_writer_retry_base = 1.0


def init_writer(db_url: str, warc_dir: str | None, retries: int, retry_base: float) -> None:
    global _writer, _writer_retries, _writer_retry_base
    die_with_parent(WRITER_PROCESS_NAME)
    warc = None
    if warc_dir is not None:
        from archive.warc.recorder import WarcRecorder

        warc = WarcRecorder(Path(warc_dir))
    # the crawl process brought the schema to the newest migration before it started this one
    _writer = ArchiveWriter(make_engine(db_url), warc=warc)
    _writer_retries, _writer_retry_base = retries, retry_base
    settle_long_lived_objects()


def _writer_ready() -> ArchiveWriter:
    if _writer is None:
        raise DatabaseError("the archive writer did not start")
    return _writer


def _with_retries(action: str, function: Any, *args: Any) -> Any:
    """Run a write; a lost database connection is retried with back-off, then reported as a
    DatabaseError (picklable, one line) for the crawler to stop on."""
    writer = _writer_ready()
    attempt = 0
    while True:
        try:
            return function(*args)
        except SQLAlchemyError as exc:
            attempt += 1
            if attempt > _writer_retries:
                raise DatabaseError(f"{action}: {describe_db_failure(writer.engine, exc)}") from None
            delay = _writer_retry_base * 2 ** (attempt - 1)
            log.warning("database write failed (%s); retry %d/%d in %.1fs", type(exc).__name__,
                        attempt, _writer_retries, delay)
            writer.engine.dispose()
            time.sleep(delay)


def writer_start_run(seeds: list[str], options: dict[str, Any], pid: int, resumes_run_id: int | None) -> int:
    writer = _writer_ready()
    return int(_with_retries("cannot record the crawl run", writer.start_run, seeds, options, pid, resumes_run_id))


def writer_store_batch(items: list[tuple[FetchedPage, ProcessedPage]]) -> list[StoreOutcome | DatabaseError]:
    """Store pages in order in one transaction (ArchiveWriter.store_many: a page that fails rolls
    back alone). A lost connection rolls the whole batch back, so it is retried whole; when the
    retries cannot fix it, every page of the batch gets the same error."""
    writer = _writer_ready()
    try:
        outcomes: list[StoreOutcome] = _with_retries(f"cannot store {len(items)} pages", writer.store_many, items)
    except DatabaseError as exc:
        return [exc] * len(items)
    return list(outcomes)


def writer_finish_run(
    status: str, revisits: dict[str, dict[str, int]] | None = None, reads: list[tuple[str, str, str, datetime]] | None = None
) -> RunCounters:
    writer = _writer_ready()
    counters: RunCounters = _with_retries(
        "cannot record the end of the crawl run", writer.finish_run, status, revisits, reads or []
    )
    if writer.warc is not None:
        writer.warc.close()
    writer.engine.dispose()
    # the archive's .db file alone holds the crawl (no pages left in the -wal file beside it)
    checkpoint_sqlite(writer.engine.url.render_as_string(hide_password=False))
    return counters
