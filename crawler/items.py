"""What the spider hands to ArchivePipeline: one item per page response or page failure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from scrapy.http import Response

from archive.process import FetchedPage, ProcessedPage


@dataclass(frozen=True)
class PageItem:
    """A fetched (or failed) page or comment page, with where it belongs.

    The pipeline turns it into ``archive.ingest.writer.FetchedPage`` (plain values) and has it processed,
    unless the spider did (``crawler.processing``) to follow the links the workers read.
    """

    request_url: str  # the URL first requested (before redirects)
    site: str  # SiteConfig.name
    kind: str  # "page" | "comments" | "sitemap" | "feed"
    fetched_at: datetime
    response: Response | None = None  # None when no response arrived
    failure: BaseException | None = None  # why the fetch failed (HttpError, timeout, …)
    parent_url: str | None = None  # for kind="comments": the article page
    # set by the spider when it had the page processed (to follow the links it read there)
    page: FetchedPage | None = None
    processed: ProcessedPage | None = None
