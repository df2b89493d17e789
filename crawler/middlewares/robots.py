"""robots.txt obeyed by every request, also those that arrive while robots.txt is being fetched.

Scrapy's ``RobotsTxtMiddleware`` (2.19) makes every request for a host wait on one Deferred while
robots.txt downloads; turning that Deferred into an asyncio Future consumes its result, so only
the first waiter gets the parser and the others get ``None`` — "no robots.txt, everything
allowed". A crawl that starts with many queued requests for one host (a resumed ``--jobdir``
crawl, several seeds) then fetched disallowed pages. Here a waiter that gets ``None`` looks up
the parser the middleware stored for the host.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

__all__ = ["SharedRobotsTxtMiddleware"]


class SharedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's RobotsTxtMiddleware (same settings), with the parser shared by all waiters."""

    async def robot_parser(self, request: Request) -> RobotParser | None:
        parser = await super().robot_parser(request)
        if parser is None:
            stored = self._parsers.get(urlparse_cached(request).netloc)
            if stored is not None and not isinstance(stored, Deferred):
                return stored
        return parser
