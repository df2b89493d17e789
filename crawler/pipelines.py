"""ArchivePipeline: hands every page the spider yields to ``archive.ingest.writer``, off the reactor.

    reactor thread           worker processes (all cores)        one writer process
    PageItem -> FetchedPage -> process_page (decode, extract) -> ArchiveWriter.store

(The spider has most pages processed already, to follow their links: ``crawler.processing``.)

CPU work never runs on Scrapy's reactor thread; the database sees exactly one writer. The writer
is a process, not a thread: in a thread its SQLAlchemy work held the GIL against the reactor and
the crawl ran at a quarter of the speed (docs/benchmarks.md, "Crawling"). Failures
(HTTP errors after retries, timeouts, DNS, refused connections, too-large and non-HTML
responses) are FetchedPages with ``error`` set, stored like any other page, so they appear in
the archive and in the crawl summary.
"""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import TYPE_CHECKING, Any

from scrapy import signals
from sqlalchemy.exc import SQLAlchemyError

from archive.config import resolve_db_url
from archive.errors import NewsArchiveError
from archive.ingest.writer import RunCounters, StoreOutcome
from archive.process import FetchedPage, ProcessedPage
from crawler.items import PageItem
from crawler.processing import BatchCalls, PageProcessing, fetched_page
from crawler.workers import helper_context
from crawler.writer_process import init_writer, writer_finish_run, writer_start_run, writer_store_batch

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)

__all__ = ["ArchivePipeline", "WriterProcess"]


# --------------------------------------------------------------------------- the writer


class WriterProcess:
    """The archive's one writer, in its own process: writes run there one batch at a time, in the
    order they were asked for, and come back as asyncio futures on the reactor's loop."""

    def __init__(self, db_url: str, warc_dir: str | None, retries: int, retry_base: float, max_batch: int) -> None:
        self._executor = ProcessPoolExecutor(
            max_workers=1,
            mp_context=helper_context(),
            initializer=init_writer,
            initargs=(db_url, warc_dir, retries, retry_base),
        )
        self._stores: BatchCalls[tuple[FetchedPage, ProcessedPage], StoreOutcome] = BatchCalls(
            partial(self._executor.submit, writer_store_batch), in_flight=1, max_batch=max_batch
        )

    def start_run(self, seeds: list[str], options: dict[str, Any]) -> asyncio.Future[int]:
        return asyncio.wrap_future(self._executor.submit(writer_start_run, seeds, options))

    def store(self, page: FetchedPage, processed: ProcessedPage) -> asyncio.Future[StoreOutcome]:
        return self._stores.put((page, processed))

    def finish_run(self, status: str) -> asyncio.Future[RunCounters]:
        return asyncio.wrap_future(self._executor.submit(writer_finish_run, status))

    def stop(self) -> None:
        self._executor.shutdown(wait=True)


# --------------------------------------------------------------------------- the pipeline


class ArchivePipeline:
    """Scrapy item pipeline for ``PageItem``s: decode+extract in worker processes, store through
    the one ``ArchiveWriter`` (in its own process), count outcomes in stats (``newsarchive/…``)."""

    def __init__(
        self,
        crawler: Crawler,
        db_url: str,
        db_retries: int,
        db_retry_base: float,
        warc_dir: str | None = None,
    ) -> None:
        self.crawler = crawler
        self.db_url = db_url
        self.writer = WriterProcess(db_url, warc_dir, db_retries, db_retry_base, max_batch=64)
        self.processing = PageProcessing.of(crawler)
        self.run_id: int | None = None
        self._run_started: asyncio.Future[bool] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        settings = crawler.settings
        pipeline = cls(
            crawler,
            db_url=resolve_db_url(settings.get("NEWSARCHIVE_DB_URL") or None),
            db_retries=settings.getint("NEWSARCHIVE_DB_RETRIES", 5),
            db_retry_base=settings.getfloat("NEWSARCHIVE_DB_RETRY_BASE", 1.0),
            warc_dir=settings.get("NEWSARCHIVE_WARC_DIR") or None,
        )
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    async def open_spider(self) -> None:
        spider = self.crawler.spider
        seeds = [seed for site in getattr(spider, "sites", ()) for seed in site.seeds]
        options = {
            "sites": [site.name for site in getattr(spider, "sites", ())],
            "settings": {k: str(v) for k, v in self.crawler.settings.getdict("NEWSARCHIVE_RECORDED_OVERRIDES").items()},
        }
        # The extraction workers start while the writer opens the archive and records the run,
        # and the crawl waits for neither: the first pages (robots.txt, sitemaps, listings) are
        # fetched meanwhile; the first page to store waits for the run (``process_item``).
        self.processing.start()
        self._run_started = asyncio.ensure_future(self._start_run(seeds, options))

    async def _start_run(self, seeds: list[str], options: dict[str, Any]) -> bool:
        try:
            self.run_id = await self.writer.start_run(seeds, options)
        except NewsArchiveError as exc:  # the writer's own one-line message
            self._stop_crawl(str(exc), reason="database-unavailable")
            return False
        except (SQLAlchemyError, BrokenProcessPool) as exc:
            self._stop_crawl(f"cannot record the crawl run: {exc}", reason="database-unavailable")
            return False
        self._stats().set_value("newsarchive/run_id", self.run_id)
        return True

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem):
            return item
        assert self._run_started is not None
        if not await self._run_started:
            return None  # the archive could not record the run: the crawl is stopping
        started = time.perf_counter()
        if item.processed is not None and item.page is not None:
            page, processed = item.page, item.processed  # the spider had it processed, for its links
        else:
            site = next((s for s in getattr(self.crawler.spider, "sites", ()) if s.name == item.site), None)
            page = fetched_page(item, site)
            processed = await self.processing.process(page)
        extracted = time.perf_counter()
        try:
            outcome: StoreOutcome = await self.writer.store(page, processed.without_links())
        except (SQLAlchemyError, NewsArchiveError, BrokenProcessPool) as exc:
            self._stats().inc_value("newsarchive/store_failed")
            self._stop_crawl(f"cannot store {page.final_url}: {exc}", reason="database-unavailable")
            return None
        stats = self._stats()
        stats.inc_value("newsarchive/seconds/extract_wait", extracted - started)
        stats.inc_value("newsarchive/seconds/store_wait", time.perf_counter() - extracted)
        self._count(outcome)
        return None

    async def close_spider(self) -> None:
        self.processing.stop()

    async def spider_closed(self, spider: Any, reason: str) -> None:
        """Record the run's end (after close_spider, when the close reason is known)."""
        if self._run_started is not None:
            await self._run_started  # a crawl over before the run was recorded still ends it
        status = "finished" if reason in ("finished", "closespider_pagecount") else "interrupted"
        if self._stats().get_value("newsarchive/fatal"):
            status = "failed"
        if self.run_id is not None:
            try:
                counters = await self.writer.finish_run(status)
                self._stats().set_value("newsarchive/error_reasons", dict(counters.error_reasons))
            except (SQLAlchemyError, NewsArchiveError, BrokenProcessPool) as exc:
                log.error("could not record the end of crawl run %s: %s", self.run_id, exc)
        self.writer.stop()

    def _stop_crawl(self, message: str, reason: str) -> None:
        """The archive failed for good: say why once, and close the crawl."""
        log.error("%s", message)
        stats = self._stats()
        if not stats.get_value("newsarchive/fatal"):
            stats.set_value("newsarchive/fatal", message.splitlines()[0])
            assert self.crawler.engine is not None
            asyncio.ensure_future(self.crawler.engine.close_spider_async(reason=reason))

    def _count(self, outcome: StoreOutcome) -> None:
        stats = self._stats()
        stats.inc_value("newsarchive/pages_fetched")
        stats.inc_value(f"newsarchive/outcome/{outcome.outcome}")
        if outcome.comments_added:
            stats.inc_value("newsarchive/comments_added", outcome.comments_added)
        if outcome.outcome == "failed":  # "gone" is news about an article, not a failure
            stats.inc_value("newsarchive/errors")
            reason = (outcome.reason or "unknown").split(":")[0]
            stats.inc_value(f"newsarchive/error/{reason}")

    def _stats(self) -> Any:
        assert self.crawler.stats is not None
        return self.crawler.stats
