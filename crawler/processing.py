"""From a Scrapy response to a processed page: the plain ``FetchedPage`` record of a fetch, and
the crawl's extraction worker processes that decode and extract it (one per core).

    spider (reactor thread)                       worker processes (all cores)
    Response -> PageItem -> FetchedPage  ->  process_page (decode, extract, read links)
                      <- ProcessedPage (+ the page's links, for the spider to follow)

``PageProcessing.of(crawler)`` is the one pool of a crawl, shared by the spider (which awaits a
page's processing before following its links, so the crawl process never parses a page) and the
pipeline (which stores what comes back, and starts and stops the pool).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import os
import weakref
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
from twisted.internet import error as twisted_error
from twisted.internet.defer import CancelledError
from twisted.internet.defer import TimeoutError as DeferTimeoutError

from archive.process import FetchedPage, ProcessedPage, process_page
from crawler.items import PageItem
from crawler.middlewares.host_guard import OffHostRequest
from crawler.workers import helper_context, init_worker, process_batch, warm_up

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawler.sites import SiteConfig

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

__all__ = ["BatchCalls", "PageProcessing", "describe_failure", "fetched_page", "needs_extraction"]


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
    """The plain, picklable record of one fetch, as ``archive.ingest.writer`` expects it."""
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


# --------------------------------------------------------------------------- the worker pool


class PageProcessing:
    """The crawl's extraction processes, one per core (``NEWSARCHIVE_WORKERS``), shared by the
    spider and the pipeline through ``PageProcessing.of(crawler)``."""

    _of_crawler: weakref.WeakKeyDictionary[Any, PageProcessing] = weakref.WeakKeyDictionary()

    def __init__(self, workers: int, stats: Any = None) -> None:
        self.workers = workers
        self._stats = stats
        self.pool: ProcessPoolExecutor | None = None
        self._calls: BatchCalls[FetchedPage, ProcessedPage] | None = None

    @classmethod
    def of(cls, crawler: Crawler) -> PageProcessing:
        """The crawl's one pool (made on first use; started by ``start`` or by the first page)."""
        found = cls._of_crawler.get(crawler)
        if found is None:
            workers = crawler.settings.getint("NEWSARCHIVE_WORKERS") or os.cpu_count() or 1
            found = cls._of_crawler[crawler] = cls(workers, crawler.stats)
            # stopped with the crawl even when no pipeline stops it (ArchivePipeline does, earlier)
            crawler.signals.connect(found.stop, signal=signals.spider_closed, weak=False)
        return found

    def start(self) -> None:
        """Start the workers now; the crawl does not wait for them to be ready (the first pages
        wait in the pool's queue). A worker that cannot start breaks the pool, which the first
        page to use it reports and repairs (``process``)."""
        if self.pool is None:
            self._start_pool()

    def _start_pool(self) -> None:
        self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=helper_context(), initializer=init_worker)
        for _ in range(self.workers):
            self.pool.submit(warm_up)
        self._calls = BatchCalls(partial(self.pool.submit, process_batch), in_flight=2 * self.workers, max_batch=8)

    async def process(self, page: FetchedPage, attempts: int = 2) -> ProcessedPage:
        """Decode and extract in a worker, reading the page's links too. When a worker process
        dies, fresh workers are started and the page is tried once more; a page that kills a
        worker twice is recorded as failed."""
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
                return await self.process(page, attempts - 1)
            return ProcessedPage(None, None, f"worker: the extraction process died ({exc})")

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
            self._calls = None
