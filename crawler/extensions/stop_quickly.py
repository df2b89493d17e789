"""StopQuickly: a crawl asked to stop ends within the downloads under way, not after every
request queued in its download slots (crawler.stopping says why nothing is lost)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy import signals
from twisted.internet import task

from crawler.stopping import cancel_queued_downloads, is_stopping

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["StopQuickly"]

CHECK_SECONDS = 0.2


class StopQuickly:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StopQuickly:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Any) -> None:
        self.loop = task.LoopingCall(self.check)
        self.loop.start(CHECK_SECONDS, now=False)

    def check(self) -> None:
        """Once stopping, and for as long as the engine still closes, empty the slots' queues."""
        engine = self.crawler.engine
        if engine is None or not is_stopping(self.crawler):
            return
        cancelled = cancel_queued_downloads(engine.downloader)
        if cancelled:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("newsarchive/urls/not-sent/stopping", cancelled)

    def spider_closed(self, spider: Any) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
