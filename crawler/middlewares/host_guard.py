"""HostGuardMiddleware: only the seeds' hosts+ports are ever contacted (also after redirects, and
before robots.txt is fetched for a stranger host)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.exceptions import IgnoreRequest

from crawler.discovery import origin_of

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["HostGuardMiddleware", "OffHostRequest"]


class OffHostRequest(IgnoreRequest):
    """A request (usually a redirect) for a host+port that is not one of the seeds'."""


class HostGuardMiddleware:
    """Refuse any request outside the spider's ``allowed_origins`` (``host:port`` strings).

    One exception, decided by the spider (``adopt_redirected_seed``): a seed that redirects to its
    own host name on another scheme or port (``http://site/`` -> ``https://site/``) moves the site
    there."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostGuardMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        spider = self.crawler.spider
        allowed: Iterable[str] = getattr(spider, "allowed_origins", ())
        origin = origin_of(request.url)
        adopt = getattr(spider, "adopt_redirected_seed", None)
        if origin not in allowed and not (adopt is not None and adopt(request)):
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("newsarchive/refused/off-host")
            raise OffHostRequest(f"off-host: {origin or request.url} is not a seed host")
