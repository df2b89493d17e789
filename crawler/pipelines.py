"""ArchivePipeline: hands every page the spider yields to the archive's one writer, off the reactor.

    reactor thread                              one writer process
    PageItem (page, processed) -> ArchiveWriterProcess.store -> ArchiveWriter.store

The spider had each page processed already (decoded and extracted in the extraction workers, to
follow the links read there: ``crawler.extensions.extraction_pool``); the pipeline only stores it
and counts the outcome. Failures (HTTP errors after retries, timeouts, DNS, refused connections,
too-large and non-HTML responses) are pages with ``error`` set, stored like any other page, so they
appear in the archive and in the crawl summary.
"""

from __future__ import annotations

import time
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import SQLAlchemyError

from archive.errors import CrawlError, NewsArchiveError
from archive.ingest.writer import StoreOutcome
from crawler.extensions.archive_writer import ArchiveWriterProcess
from crawler.items import PageItem

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["ArchivePipeline"]


class ArchivePipeline:
    """Scrapy item pipeline for ``PageItem``s: store through the crawl's one writer
    (``ArchiveWriterProcess``, found through the crawler), count outcomes in stats (``newsarchive/…``)."""

    def __init__(self, writer: ArchiveWriterProcess, stats: Any) -> None:
        self.writer = writer
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        writer = crawler.get_extension(ArchiveWriterProcess)
        if writer is None:
            raise CrawlError(
                "the archive pipeline has no writer: keep crawler.extensions.archive_writer.ArchiveWriterProcess in EXTENSIONS"
            )
        return cls(writer, crawler.stats)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem):
            return item
        if not await self.writer.run_started():
            return None  # the archive could not record the run: the crawl is stopping
        started = time.perf_counter()
        try:
            outcome: StoreOutcome = await self.writer.store(item.page, item.processed.without_links())
        except (SQLAlchemyError, NewsArchiveError, BrokenProcessPool) as exc:
            self.stats.inc_value("newsarchive/store_failed")
            self.writer.stop_crawl(f"cannot store {item.page.final_url}: {exc}", reason="database-unavailable")
            return None
        self.stats.inc_value("newsarchive/seconds/store_wait", time.perf_counter() - started)
        self._count(outcome)
        return None

    def _count(self, outcome: StoreOutcome) -> None:
        stats = self.stats
        stats.inc_value(f"newsarchive/outcome/{outcome.outcome}")
        if outcome.outcome == "discovery":
            return  # robots.txt, a sitemap or a feed, kept: not a page
        stats.inc_value("newsarchive/pages_fetched")
        if outcome.comments_added:
            stats.inc_value("newsarchive/comments_added", outcome.comments_added)
        if outcome.outcome == "failed":  # "gone" is news about an article, not a failure
            stats.inc_value("newsarchive/errors")
            reason = (outcome.reason or "unknown").split(":")[0]
            stats.inc_value(f"newsarchive/error/{reason}")
