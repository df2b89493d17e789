"""ArchiveWriterProcess: the archive's one writer, in its own process, as a Scrapy extension.

    reactor thread                                  one writer process
    ArchivePipeline -> store(page, processed)  ->   ArchiveWriter.store_many (archive_writer_process)

It records the crawl run when the spider opens, stores pages in batches in the order they were
asked for, and records the run's end when the spider closes (when the close reason is known).
The pipeline finds it through the crawler (``crawler.get_extension(ArchiveWriterProcess)``).

The database sees exactly one writer. The writer is a process, not a thread: in a thread its
SQLAlchemy work held the GIL against the reactor and the crawl ran far slower
(docs/benchmarks.md, "Crawling").
"""

from __future__ import annotations

import asyncio
import logging
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

from scrapy import signals
from sqlalchemy.exc import SQLAlchemyError

from archive.config import resolve_db_url
from archive.errors import NewsArchiveError
from archive.ingest.writer import StoreOutcome
from archive.process import FetchedPage, ProcessedPage
from crawler.extensions.archive_writer_process import (
    init_writer,
    writer_finish_run,
    writer_start_run,
    writer_store_batch,
)
from crawler.extensions.batch_calls import BatchCalls
from crawler.extensions.helper_processes import helper_context
from crawler.middlewares.conditional import ConditionalGetMiddleware
from crawler.sites import sites_of

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)

__all__ = ["ArchiveWriterProcess"]


class ArchiveWriterProcess:
    """The archive's one writer, in its own process: writes run there one batch at a time, in the
    order they were asked for, and come back as asyncio futures on the reactor's loop."""

    def __init__(
        self,
        crawler: Crawler,
        db_url: str,
        warc_dir: str | None,
        retries: int,
        retry_base: float,
        max_batch: int = 64,
    ) -> None:
        self.crawler = crawler
        self._executor = ProcessPoolExecutor(
            max_workers=1,
            mp_context=helper_context(),
            initializer=init_writer,
            initargs=(db_url, warc_dir, retries, retry_base),
        )
        self._stores: BatchCalls[tuple[FetchedPage, ProcessedPage], StoreOutcome] = BatchCalls(
            lambda batch: self._executor.submit(writer_store_batch, batch), in_flight=1, max_batch=max_batch
        )
        self.run_id: int | None = None
        self._run_started: asyncio.Future[bool] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveWriterProcess:
        settings = crawler.settings
        writer = cls(
            crawler,
            db_url=resolve_db_url(settings.get("NEWSARCHIVE_DB_URL") or None),
            warc_dir=settings.get("NEWSARCHIVE_WARC_DIR") or None,
            retries=settings.getint("NEWSARCHIVE_DB_RETRIES", 5),
            retry_base=settings.getfloat("NEWSARCHIVE_DB_RETRY_BASE", 1.0),
            max_batch=max(1, settings.getint("NEWSARCHIVE_WRITER_BATCH", 64)),
        )
        crawler.signals.connect(writer.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(writer.spider_closed, signal=signals.spider_closed)
        return writer

    async def spider_opened(self, spider: Any) -> None:
        sites = sites_of(spider)
        seeds = [seed for site in sites for seed in site.seeds]
        options = {
            "sites": [site.name for site in sites],
            "settings": {k: str(v) for k, v in self.crawler.settings.getdict("NEWSARCHIVE_RECORDED_OVERRIDES").items()},
        }
        # The extraction workers start while the writer opens the archive and records the run,
        # and the crawl waits for neither: the first pages (robots.txt, sitemaps, listings) are
        # fetched meanwhile; the first page to store waits for the run (``run_started``).
        self._run_started = asyncio.ensure_future(self._start_run(seeds, options))

    async def _start_run(self, seeds: list[str], options: dict[str, Any]) -> bool:
        try:
            settings = self.crawler.settings
            resumes = settings.getint("NEWSARCHIVE_RESUMES_RUN_ID") or None
            self.run_id = await asyncio.wrap_future(
                self._executor.submit(writer_start_run, seeds, options, os.getpid(), resumes)
            )
        except NewsArchiveError as exc:  # the writer's own one-line message
            self.stop_crawl(str(exc), reason="database-unavailable")
            return False
        except (SQLAlchemyError, BrokenProcessPool) as exc:
            self.stop_crawl(f"cannot record the crawl run: {exc}", reason="database-unavailable")
            return False
        self._stats().set_value("newsarchive/run_id", self.run_id)
        return True

    async def run_started(self) -> bool:
        """Wait until the crawl run is recorded: False when the archive could not record it (the
        crawl is stopping then)."""
        assert self._run_started is not None
        return await self._run_started

    def store(self, page: FetchedPage, processed: ProcessedPage) -> asyncio.Future[StoreOutcome]:
        return self._stores.put((page, processed))

    async def spider_closed(self, spider: Any, reason: str) -> None:
        """Record the run's end (the close reason is known now), then stop the writer."""
        if self._run_started is not None:
            await self._run_started  # a crawl over before the run was recorded still ends it
        status = "finished" if reason in ("finished", "closespider_pagecount") else "interrupted"
        if self._stats().get_value("newsarchive/fatal"):
            status = "failed"
        if self.run_id is not None:
            revisits, reads = self._revisit_record()
            try:
                counters = await asyncio.wrap_future(self._executor.submit(writer_finish_run, status, revisits, reads))
                self._stats().set_value("newsarchive/error_reasons", dict(counters.error_reasons))
            except (SQLAlchemyError, NewsArchiveError, BrokenProcessPool) as exc:
                log.error("could not record the end of crawl run %s: %s", self.run_id, exc)
        self._executor.shutdown(wait=True)

    def _revisit_record(self) -> tuple[dict[str, dict[str, int]], list[Any]]:
        """The run's revisit counters (per kind of page, from the stats) and the feeds and sitemaps
        it read (from the recrawl middleware), recorded with the run's end."""
        prefix = "newsarchive/revisit/"
        revisits: dict[str, dict[str, int]] = {}
        for key, value in self._stats().get_stats().items():
            if key.startswith(prefix):
                kind, _, outcome = key.removeprefix(prefix).partition("/")
                revisits.setdefault(kind, {})[outcome] = int(value)
        recrawl = self.crawler.get_downloader_middleware(ConditionalGetMiddleware)
        return revisits, recrawl.reads() if recrawl is not None else []

    def stop_crawl(self, message: str, reason: str) -> None:
        """The archive failed for good: say why once, and close the crawl."""
        log.error("%s", message)
        stats = self._stats()
        if not stats.get_value("newsarchive/fatal"):
            stats.set_value("newsarchive/fatal", message.splitlines()[0])
            assert self.crawler.engine is not None
            asyncio.ensure_future(self.crawler.engine.close_spider_async(reason=reason))

    def _stats(self) -> Any:
        assert self.crawler.stats is not None
        return self.crawler.stats
