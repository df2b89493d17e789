"""StopQuickly: a crawl asked to stop ends within the downloads under way, not after every
request queued in its download slots or waiting for its time (crawler.stopping says why nothing
is lost)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from scrapy import Request, signals
from twisted.internet import task

from crawler.stopping import cancel_queued_downloads, not_sent

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["StopQuickly", "wait_unless_stopping"]

CHECK_SECONDS = 0.2


class StopQuickly:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.loop: task.LoopingCall | None = None
        self.stopping: asyncio.Event | None = None   # made on the reactor's event loop, at open

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StopQuickly:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Any) -> None:
        self.stopping = asyncio.Event()
        self.loop = task.LoopingCall(self.check)
        self.loop.start(CHECK_SECONDS, now=False)

    def check(self) -> None:
        """Once the crawl was asked to stop (``Crawler.stop_async``: a signal, the scheduler), end
        the waits and, for as long as the engine still closes, empty the slots' queues."""
        engine = self.crawler.engine
        if engine is None or self.crawler.crawling:
            return
        if self.stopping is not None:
            self.stopping.set()
        cancelled = cancel_queued_downloads(engine.downloader)
        if cancelled:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("newsarchive/urls/not-sent/stopping", cancelled)

    async def wait(self, request: Request, seconds: float) -> None:
        """Wait ``seconds`` before sending ``request``; raise CrawlStopping if the crawl stops meanwhile."""
        if self.stopping is None:
            await asyncio.sleep(seconds)
            return
        if not self.stopping.is_set():
            try:
                await asyncio.wait_for(self.stopping.wait(), seconds)
            except TimeoutError:
                return
        raise not_sent(request)

    def spider_closed(self, spider: Any) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()


async def wait_unless_stopping(crawler: Crawler, request: Request, seconds: float) -> None:
    """A downloader middleware's wait before sending (a retry's back-off, a shared host turn): it
    ends at once, with CrawlStopping, when the crawl is asked to stop (or sleeps plainly where
    StopQuickly is switched off)."""
    extension = crawler.get_extension(StopQuickly)
    if extension is None:
        await asyncio.sleep(seconds)
    else:
        await extension.wait(request, seconds)
