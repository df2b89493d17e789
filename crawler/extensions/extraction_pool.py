"""ExtractionPool: the crawl's extraction worker processes, one per core, as a Scrapy extension.

    spider (reactor thread)                        worker processes (all cores)
    Response -> FetchedPage  ->  process_page (decode, extract, read links): extraction_worker
                             <-  ProcessedPage (+ the page's links, for the spider to follow)

The spider finds the pool through the crawler (``crawler.get_extension(ExtractionPool)``) and
awaits a page's processing before following its links, so the crawl process never parses a page;
the processed page then goes to the pipeline in the spider's ``PageItem``. The pool starts its
workers when the spider opens and stops them when it closes.
"""

from __future__ import annotations

import logging
import os
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

from scrapy import signals

from archive.process import FetchedPage, ProcessedPage, process_page
from crawler.extensions.batch_calls import BatchCalls
from crawler.extensions.extraction_worker import init_worker, process_batch, warm_up
from crawler.extensions.helper_processes import helper_context

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)

__all__ = ["ExtractionPool", "needs_extraction"]


def needs_extraction(page: FetchedPage) -> bool:
    return page.error is None and (page.status or 0) < 400 and bool(page.body.strip())


class ExtractionPool:
    """The crawl's extraction processes, one per core (``NEWSARCHIVE_WORKERS``)."""

    def __init__(self, workers: int, stats: Any = None) -> None:
        self.workers = workers
        self._stats = stats
        self.pool: ProcessPoolExecutor | None = None
        self._calls: BatchCalls[FetchedPage, ProcessedPage] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractionPool:
        workers = crawler.settings.getint("NEWSARCHIVE_WORKERS") or os.cpu_count() or 1
        pool = cls(workers, crawler.stats)
        crawler.signals.connect(pool.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(pool.spider_closed, signal=signals.spider_closed)
        return pool

    def spider_opened(self, spider: Any) -> None:
        self.start()

    def spider_closed(self, spider: Any, reason: str) -> None:
        self.stop()

    def start(self) -> None:
        """Start the workers now; the crawl does not wait for them to be ready (the first pages
        wait in the pool's queue). A worker that cannot start breaks the pool, which the first
        page to use it reports and repairs (``process``)."""
        if self.pool is None:
            self._start_pool()

    def _start_pool(self) -> None:
        pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=helper_context(), initializer=init_worker)
        self.pool = pool
        for _ in range(self.workers):
            pool.submit(warm_up)
        self._calls = BatchCalls(lambda batch: pool.submit(process_batch, batch), in_flight=2 * self.workers, max_batch=8)

    async def process(self, page: FetchedPage) -> ProcessedPage:
        """Decode and extract in a worker, reading the page's links too (a page with nothing to
        decode is processed here: no CPU work). The time pages wait for it is counted in stats."""
        started = time.perf_counter()
        processed = await self._process(page)
        if self._stats is not None:
            self._stats.inc_value("newsarchive/seconds/extract_wait", time.perf_counter() - started)
        return processed

    async def _process(self, page: FetchedPage, attempts: int = 2) -> ProcessedPage:
        """When a worker process dies, fresh workers are started and the page is tried once more;
        a page that kills a worker twice is recorded as failed."""
        if not needs_extraction(page):
            return process_page(page)  # nothing to decode: no CPU work, stays here
        if self._calls is None:
            self._start_pool()
        calls = self._calls
        assert calls is not None
        try:
            return await calls.put(page)
        except BrokenProcessPool as exc:
            if calls is self._calls:  # the first page to see it starts fresh workers
                log.error("an extraction process died (%s); starting new ones", exc)
                if self._stats is not None:
                    self._stats.inc_value("newsarchive/worker_restarts")
                if self.pool is not None:
                    self.pool.shutdown(wait=False, cancel_futures=True)
                self._start_pool()
            if attempts > 1:
                return await self._process(page, attempts - 1)
            return ProcessedPage(None, None, f"worker: the extraction process died ({exc})")

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
            self._calls = None
