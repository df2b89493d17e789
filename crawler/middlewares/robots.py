"""robots.txt fetched once per host and obeyed by every request, also those that arrive while
robots.txt is being fetched, and its ``Crawl-delay`` honoured as the floor of the host's delay.

The spider asks for each host's robots.txt too (to read its ``Sitemap:`` lines and keep the
response in the archive); Scrapy's middleware fetches it on its own for the host's first request.
Here the spider's request is answered with the response the middleware fetched, so the file is
downloaded once per host per crawl.

Scrapy's ``RobotsTxtMiddleware`` (2.19) makes every request for a host wait on one Deferred while
robots.txt downloads; turning that Deferred into an asyncio Future consumes its result, so only
the first waiter gets the parser and the others get ``None`` — "no robots.txt, everything
allowed". A crawl that starts with many queued requests for one host (a resumed ``--jobdir``
crawl, several seeds) then fetched disallowed pages. Here a waiter that gets ``None`` looks up
the parser the middleware stored for the host.

Scrapy reads no ``Crawl-delay``. Here the host's download slot gets it as a floor: before each
request of the host is queued, and again after AutoThrottle adjusts the slot on each response
(AutoThrottle alone would take the delay down to ``DOWNLOAD_DELAY``), the slot's delay is raised
to at least the crawl delay, and its jitter narrowed so no random draw falls below it
(:func:`floored_delay`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy import Request, signals
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Response
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["SharedRobotsTxtMiddleware", "floored_delay"]


def floored_delay(delay: float, jitter: float, crawl_delay: float) -> tuple[float, float]:
    """A slot's (delay, jitter) with every randomised delay (``delay * (1 ± jitter)``) at least
    ``crawl_delay``: the delay raised to it, the jitter narrowed to what stays above it."""
    if crawl_delay <= 0:
        return delay, jitter
    delay = max(delay, crawl_delay)
    return delay, max(0.0, min(jitter, 1 - crawl_delay / delay))


class SharedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's RobotsTxtMiddleware (same settings), with the parser shared by all waiters and
    each host's ``Crawl-delay`` as the floor of its download slot's delay."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.crawl_delays: dict[str, float] = {}  # download slot key -> robots.txt Crawl-delay
        # netloc -> the robots.txt response (or the error) the middleware's own fetch got
        self._fetched: dict[str, Response | Exception] = {}
        crawler.signals.connect(self._spider_opened, signal=signals.spider_opened)

    def _spider_opened(self) -> None:
        # connected now, after AutoThrottle's handler: this one runs after it on every response
        self.crawler.signals.connect(self._floor_after_response, signal=signals.response_downloaded)

    async def process_request(self, request: Request, spider: Any = None) -> Response | None:  # type: ignore[override]
        await super().process_request(request)
        if request.meta.get("dont_obey_robotstxt"):
            return None
        url = urlparse_cached(request)
        if url.path == "/robots.txt" and not url.query and url.netloc in self._fetched:
            return self._replay(request, self._fetched[url.netloc])
        parser = self._parsers.get(urlparse_cached(request).netloc)
        if parser is None or isinstance(parser, Deferred):
            return None
        useragent = self._robotstxt_useragent or request.headers.get(b"User-Agent", self._default_useragent)
        crawl_delay = parser.crawl_delay(useragent or "")
        if crawl_delay:
            downloader = self._downloader()
            if downloader is not None:
                key = downloader.get_slot_key(request)
                if self.crawl_delays.get(key) != crawl_delay:
                    self.crawl_delays[key] = float(crawl_delay)
                    self._stats.set_value(f"newsarchive/crawl_delay/{key}", float(crawl_delay))
                self._floor(downloader._get_slot(request)[1], self.crawl_delays[key])
        return None

    def _replay(self, request: Request, fetched: Response | Exception) -> Response:
        """The spider's own robots.txt request, answered with what the middleware's fetch got."""
        self._stats.inc_value("newsarchive/robots/replayed")
        if isinstance(fetched, Exception):
            raise fetched
        request.meta["dont_retry"] = True  # retried already, when it was fetched
        return fetched.replace(request=request)

    def _floor_after_response(self, response: Any, request: Request, spider: Any = None) -> None:
        downloader = self._downloader()
        if downloader is None or not self.crawl_delays:
            return
        key = downloader.get_slot_key(request)
        slot = downloader.slots.get(key)
        if slot is not None and key in self.crawl_delays:
            self._floor(slot, self.crawl_delays[key])

    @staticmethod
    def _floor(slot: Any, crawl_delay: float) -> None:
        slot.delay, slot.jitter = floored_delay(slot.delay, slot.jitter, crawl_delay)

    def _downloader(self) -> Any:
        engine = self.crawler.engine
        return engine.downloader if engine is not None else None

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        self._fetched[netloc] = response
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        self._fetched[netloc] = exc
        super()._robots_error(exc, netloc)

    async def robot_parser(self, request: Request) -> RobotParser | None:
        parser = await super().robot_parser(request)
        if parser is None:
            stored = self._parsers.get(urlparse_cached(request).netloc)
            if stored is not None and not isinstance(stored, Deferred):
                return stored
        return parser
