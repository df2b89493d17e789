"""ArchivePipeline: hands every page the spider yields to ``archive.ingest``, off the reactor.

    reactor thread           worker processes (all cores)        one writer process
    PageItem -> FetchedPage -> process_page (decode, extract) -> ArchiveWriter.store

CPU work never runs on Scrapy's reactor thread; the database sees exactly one writer. The writer
is a process, not a thread: in a thread its SQLAlchemy work held the GIL against the reactor and
the crawl ran at a quarter of the speed (docs/benchmarks.md, "Crawling"). Failures
(HTTP errors after retries, timeouts, DNS, refused connections, too-large and non-HTML
responses) are FetchedPages with ``error`` set, stored like any other page, so they appear in
the archive and in the crawl summary.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import os
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    ResponseDataLossError,
    StopDownload,
)
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from sqlalchemy.exc import SQLAlchemyError
from twisted.internet import error as twisted_error
from twisted.internet.defer import CancelledError, TimeoutError as DeferTimeoutError

from archive.config import resolve_db_url
from archive.errors import NewsArchiveError
from archive.ingest import FetchedPage, ProcessedPage, RunCounters, StoreOutcome, process_page
from crawler.items import PageItem
from crawler.middlewares import OffHostRequest
from crawler.workers import helper_context, init_worker, process_batch, warm_up
from crawler.writer_process import init_writer, writer_finish_run, writer_start_run, writer_store_batch

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawler.sites import SiteConfig

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

__all__ = ["ArchivePipeline", "describe_failure", "fetched_page"]


# --------------------------------------------------------------------------- plain functions


def describe_failure(error: BaseException | None, response: Response | None) -> str | None:
    """A short reason, ``kind: detail``, for a fetch that did not give a usable page.

    None for an HTTP error status (the archive records the status itself, as ``http 404``)."""
    if error is None or isinstance(error, HttpError):
        return None
    if isinstance(error, StopDownload) and response is not None:
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1") or "unknown"
        return f"not-html: {content_type}"
    if isinstance(error, (DownloadCancelledError, CancelledError)):
        return f"too-large: {error}" if str(error) else "too-large: over DOWNLOAD_MAXSIZE"
    if isinstance(error, (DownloadTimeoutError, DeferTimeoutError, twisted_error.TimeoutError)):
        return f"timeout: {error}" if str(error) else "timeout"
    if isinstance(error, (CannotResolveHostError, twisted_error.DNSLookupError)):
        return f"dns: {error}"
    if isinstance(error, (DownloadConnectionRefusedError, twisted_error.ConnectionRefusedError)):
        return f"connection-refused: {error}"
    if isinstance(
        error,
        (ResponseDataLossError, DownloadFailedError, twisted_error.ConnectionLost, twisted_error.ConnectionDone),
    ):
        return f"connection-lost: {error}"
    if isinstance(error, OffHostRequest):
        return str(error)  # "off-host: host:port is not a seed host"
    return f"fetch: {type(error).__name__}: {error}"


def _headers(headers: Any) -> tuple[tuple[str, str], ...]:
    return tuple(
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    )


def fetched_page(item: PageItem, site: SiteConfig | None) -> FetchedPage:
    """The plain, picklable record of one fetch, as ``archive.ingest`` expects it."""
    response = item.response
    error = describe_failure(item.failure, response)
    keep_body = response is not None and error is None
    return FetchedPage(
        url=item.request_url,
        final_url=response.url if response is not None else item.request_url,
        status=response.status if response is not None else None,
        headers=_headers(response.headers) if response is not None else (),
        body=response.body if keep_body and response is not None else b"",
        fetched_at=item.fetched_at,
        site=item.site,
        error=error,
        kind=item.kind,
        parent_url=item.parent_url,
        timezone=site.timezone if site else None,
        comment_selectors=site.comment_selectors if site else (),
        request_headers=_headers(response.request.headers) if response is not None and response.request else (),
        article_hint=_article_hint(item.request_url, site),
    )


def _article_hint(url: str, site: SiteConfig | None) -> bool | None:
    """True when the site's article patterns match the URL; otherwise the page decides alone."""
    if site is None:
        return None
    parts = urlsplit(url)
    return True if site.is_article_url(parts.path + (f"?{parts.query}" if parts.query else "")) else None


def needs_extraction(page: FetchedPage) -> bool:
    return page.error is None and (page.status or 0) < 400 and bool(page.body.strip())


# --------------------------------------------------------------------------- batching


class BatchCalls(Generic[T, R]):
    """Calls into a process pool, grouped: each round trip carries every item waiting (up to
    ``max_batch``), with at most ``in_flight`` round trips outstanding. Handing an item to another
    process costs more than processing a small page, so one item per call left the workers idle.
    With ``in_flight=1`` items are processed strictly in the order they were put."""

    def __init__(
        self,
        submit: Callable[[list[T]], concurrent.futures.Future[list[R | BaseException]]],
        in_flight: int,
        max_batch: int,
    ) -> None:
        self._submit = submit
        self._in_flight = in_flight
        self._max_batch = max_batch
        self._waiting: deque[tuple[T, asyncio.Future[R]]] = deque()
        self._outstanding = 0

    def put(self, item: T) -> asyncio.Future[R]:
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, future))
        self._pump()
        return future

    def _pump(self) -> None:
        while self._waiting and self._outstanding < self._in_flight:
            batch = [self._waiting.popleft() for _ in range(min(self._max_batch, len(self._waiting)))]
            self._outstanding += 1
            try:
                round_trip = asyncio.wrap_future(self._submit([item for item, _ in batch]))
            except Exception as exc:  # e.g. a broken pool: every item learns why
                round_trip = asyncio.get_running_loop().create_future()
                round_trip.set_exception(exc)
            round_trip.add_done_callback(partial(self._finished, batch))

    def _finished(self, batch: list[tuple[T, asyncio.Future[R]]], round_trip: asyncio.Future[list[R | BaseException]]) -> None:
        self._outstanding -= 1
        error = round_trip.exception() if not round_trip.cancelled() else asyncio.CancelledError()
        results: list[R | BaseException] = [error] * len(batch) if error else round_trip.result()
        for (_, future), result in zip(batch, results):
            if future.done():
                continue
            if isinstance(result, BaseException):
                future.set_exception(result)
            else:
                future.set_result(result)
        self._pump()


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
        workers: int,
        db_retries: int,
        db_retry_base: float,
        warc_dir: str | None = None,
    ) -> None:
        self.crawler = crawler
        self.db_url = db_url
        self.workers = workers
        self.writer = WriterProcess(db_url, warc_dir, db_retries, db_retry_base, max_batch=64)
        self.pool: ProcessPoolExecutor | None = None
        self.extractions: BatchCalls[FetchedPage, ProcessedPage] | None = None
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        settings = crawler.settings
        pipeline = cls(
            crawler,
            db_url=resolve_db_url(settings.get("NEWSARCHIVE_DB_URL") or None),
            workers=settings.getint("NEWSARCHIVE_WORKERS") or os.cpu_count() or 1,
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
        # The extraction workers start while the writer opens the archive, and the crawl does not
        # wait for them: the first pages (robots.txt, sitemaps, listings) are fetched meanwhile
        # and the first articles wait in the pool's queue. A worker that cannot start breaks the
        # pool, which the first page to use it reports and repairs (``_process``).
        pool = self._start_workers()
        for _ in range(self.workers):
            pool.submit(warm_up)
        try:
            self.run_id = await self.writer.start_run(seeds, options)
        except (NewsArchiveError, SQLAlchemyError, BrokenProcessPool) as exc:
            self._stats().set_value("newsarchive/fatal", str(exc))
            raise
        self._stats().set_value("newsarchive/run_id", self.run_id)

    def _start_workers(self) -> ProcessPoolExecutor:
        self.pool = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=helper_context(), initializer=init_worker
        )
        self.extractions = BatchCalls(partial(self.pool.submit, process_batch), in_flight=2 * self.workers, max_batch=8)
        return self.pool

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem):
            return item
        site = next((s for s in getattr(self.crawler.spider, "sites", ()) if s.name == item.site), None)
        page = fetched_page(item, site)
        started = time.perf_counter()
        processed = await self._process(page)
        extracted = time.perf_counter()
        try:
            outcome: StoreOutcome = await self.writer.store(page, processed)
        except (SQLAlchemyError, NewsArchiveError, BrokenProcessPool) as exc:
            message = f"cannot store {page.final_url}: {exc}"
            log.error("%s", message)
            stats = self._stats()
            stats.inc_value("newsarchive/store_failed")
            if not stats.get_value("newsarchive/fatal"):
                stats.set_value("newsarchive/fatal", message.splitlines()[0])
                assert self.crawler.engine is not None
                asyncio.ensure_future(self.crawler.engine.close_spider_async(reason="database-unavailable"))
            return None
        stats = self._stats()
        stats.inc_value("newsarchive/seconds/extract_wait", extracted - started)
        stats.inc_value("newsarchive/seconds/store_wait", time.perf_counter() - extracted)
        self._count(outcome)
        return None

    async def _process(self, page: FetchedPage, attempts: int = 2) -> ProcessedPage:
        """Decode and extract in a worker. When a worker process dies, fresh workers are started
        and the page is tried once more; a page that kills a worker twice is recorded as failed."""
        extractions = self.extractions
        if not needs_extraction(page) or extractions is None:
            return process_page(page)  # nothing to decode: no CPU work, stays here
        try:
            return await extractions.put(page)
        except BrokenProcessPool as exc:
            if extractions is self.extractions:  # the first page to see it starts fresh workers
                log.error("an extraction process died (%s); starting new ones", exc)
                self._stats().inc_value("newsarchive/worker_restarts")
                if self.pool is not None:
                    self.pool.shutdown(wait=False, cancel_futures=True)
                self._start_workers()
            if attempts > 1:
                return await self._process(page, attempts - 1)
            return ProcessedPage(None, None, f"worker: the extraction process died ({exc})")

    async def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    async def spider_closed(self, spider: Any, reason: str) -> None:
        """Record the run's end (after close_spider, when the close reason is known)."""
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
