"""SharedHostLimitMiddleware: a host's delay holds across all the workers of a ``--redis`` crawl.

Scrapy spaces a host's requests by its download slot's delay (``DOWNLOAD_DELAY``, AutoThrottle,
and robots.txt ``Crawl-delay`` as its floor: crawler.middlewares.robots), but per process. Here,
just before a request is sent, its host's next turn is reserved in Redis
(``crawler.distributed.hosts``) for that same delay and the request waits for it, so all the
workers together keep to the delay one worker would. Off (``NotConfigured``) without
``NEWSARCHIVE_REDIS_URL``. Runs last among the downloader middlewares: a request refused before
(robots.txt, not due for a revisit) takes no turn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.utils.httpobj import urlparse_cached

from crawler.distributed import connect
from crawler.distributed.hosts import HostSchedule
from crawler.extensions.stop_quickly import wait_unless_stopping

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["SharedHostLimitMiddleware"]


class SharedHostLimitMiddleware:
    def __init__(self, crawler: Crawler, schedule: HostSchedule, default_delay: float) -> None:
        self.crawler = crawler
        self.schedule = schedule
        self.default_delay = default_delay

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedHostLimitMiddleware:
        url = crawler.settings.get("NEWSARCHIVE_REDIS_URL")
        if not url:
            raise NotConfigured  # not a --redis crawl (silently: most crawls are not)
        try:
            server = connect(url)
        except ValueError as exc:
            raise NotConfigured(str(exc)) from exc  # the scheduler says it, once
        prefix = crawler.settings.get("NEWSARCHIVE_REDIS_PREFIX") or "newsarchive"
        return cls(crawler, HostSchedule(server, prefix), crawler.settings.getfloat("DOWNLOAD_DELAY"))

    def host_delay(self, request: Request) -> float:
        """The delay this worker's download slot keeps for the request's host."""
        engine = self.crawler.engine
        downloader: Any = engine.downloader if engine is not None else None
        if downloader is None:
            return self.default_delay
        slot = downloader.slots.get(downloader.get_slot_key(request))
        return float(slot.delay) if slot is not None else self.default_delay

    async def process_request(self, request: Request, spider: Any = None) -> None:
        delay = self.host_delay(request)
        if delay <= 0:
            return
        wait = self.schedule.reserve(urlparse_cached(request).netloc, delay)
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("newsarchive/redis/host_turns")
        if wait > 0:
            self.crawler.stats.inc_value("newsarchive/redis/host_waited_ms", int(wait * 1000))
            await wait_unless_stopping(self.crawler, request, wait)
