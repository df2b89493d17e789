"""CrawlProgress: one line on stderr every few seconds while a crawl runs."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Any, TextIO

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


def progress_line(stats: dict[str, Any], elapsed: float) -> str:
    """``[crawl 12s] 120 pages (9.8/s): 80 new, 2 updated, 30 unchanged articles, 41 comments, 3 errors``"""
    pages = int(stats.get("newsarchive/pages_fetched", 0))
    rate = pages / elapsed if elapsed > 0 else 0.0
    return (
        f"[crawl {elapsed:.0f}s] {pages} pages ({rate:.1f}/s): "
        f"{int(stats.get('newsarchive/outcome/new', 0))} new, "
        f"{int(stats.get('newsarchive/outcome/updated', 0))} updated, "
        f"{int(stats.get('newsarchive/outcome/unchanged', 0))} unchanged articles, "
        f"{int(stats.get('newsarchive/comments_added', 0))} comments, "
        f"{int(stats.get('newsarchive/errors', 0))} errors, "
        f"{int(stats.get('scheduler/enqueued', 0)) - int(stats.get('scheduler/dequeued', 0))} queued"
    )


class CrawlProgress:
    """Enabled by NEWSARCHIVE_PROGRESS (default on); interval NEWSARCHIVE_PROGRESS_INTERVAL seconds."""

    def __init__(self, crawler: Crawler, interval: float, stream: TextIO) -> None:
        self.crawler = crawler
        self.interval = interval
        self.stream = stream
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlProgress:
        if not crawler.settings.getbool("NEWSARCHIVE_PROGRESS", True):
            raise NotConfigured
        extension = cls(crawler, crawler.settings.getfloat("NEWSARCHIVE_PROGRESS_INTERVAL", 5.0), sys.stderr)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Any) -> None:
        self.started = time.monotonic()
        self.loop = task.LoopingCall(self.report)
        self.loop.start(self.interval, now=False)

    def report(self) -> None:
        assert self.crawler.stats is not None
        print(progress_line(self.crawler.stats.get_stats(), time.monotonic() - self.started),
              file=self.stream, flush=True)

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
