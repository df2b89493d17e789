"""What a crawl asked to stop (Ctrl-C, SIGTERM) does with the requests it has not sent yet.

Scrapy stops gracefully by sending every request already handed to the downloader; a host's
download slot can hold ``CONCURRENT_REQUESTS`` of them, sent one per ``DOWNLOAD_DELAY`` (half a
minute at a 1 s delay), and a retry or a shared host turn may be waiting for its time. None of
them is lost by not sending it: a ``--jobdir`` crawl re-queues every journalled request the archive
did not store (crawler.scheduler), a ``--redis`` worker hands it back to the shared frontier
(crawler.distributed.scheduler), and a plain crawl is interrupted anyway. So they end at once
with :class:`CrawlStopping`; downloads already under way finish and are stored.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from twisted.python.failure import Failure

__all__ = ["META_STOPPED", "CrawlStopping", "cancel_queued_downloads", "not_sent"]

META_STOPPED = "newsarchive_stopped"  # set on a request the stop kept from being sent


class CrawlStopping(IgnoreRequest):
    """The crawl is stopping: this request was not sent (nothing was fetched, nothing failed)."""


def not_sent(request: Request) -> CrawlStopping:
    """The error that ends ``request`` unsent, the request marked so (a --redis worker releases it)."""
    request.meta[META_STOPPED] = True
    return CrawlStopping("the crawl is stopping: not sent")


def cancel_queued_downloads(downloader: Any) -> int:
    """Fail every request waiting in a download slot's queue (not sent yet) with CrawlStopping;
    returns how many. Requests being downloaded are left to finish."""
    cancelled = 0
    for slot in list(downloader.slots.values()):
        while slot.queue:
            request, deferred = slot.queue.popleft()
            deferred.errback(Failure(not_sent(request)))
            cancelled += 1
    return cancelled
