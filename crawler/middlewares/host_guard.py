"""HostGuardMiddleware: only the seeds' hosts+ports are ever contacted (also after redirects, and
before robots.txt is fetched for a stranger host).

One exception: a seed that redirects to its own host name on another scheme or port
(``http://site/`` -> ``https://site/``) moves its site there (``moved_seed_origin``); the
middleware then lets that origin through and sends ``seed_moved``, on which the spider follows
the site's links there too and fetches that origin's robots.txt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.exceptions import IgnoreRequest

from archive.normalize import canonical_url
from crawler.discovery import origin_of
from crawler.meta import META_SITE
from crawler.sites import SiteConfig, sites_of

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["HostGuardMiddleware", "OffHostRequest", "moved_seed_origin", "seed_moved"]

#: Signal sent when a seed moved (see the module docstring), with arguments ``site`` (its name),
#: ``origin`` (the ``host:port`` it moved to) and ``url`` (where the seed's redirect led).
seed_moved = object()


class OffHostRequest(IgnoreRequest):
    """A request (usually a redirect) for a host+port that is not one of the seeds'."""


def moved_seed_origin(request: Request, site: SiteConfig | None) -> str | None:
    """The origin a seed of ``site`` moved to, when ``request`` is that seed redirected to the same
    host name on another scheme or port (http://news.example.com/ answering with
    https://news.example.com/); None for any other request."""
    redirects = request.meta.get("redirect_urls") or []
    if not redirects or site is None:
        return None
    first = canonical_url(redirects[0])
    seed = next((s for s in site.seeds if canonical_url(s) == first), None)
    if seed is None or urlsplit(request.url).hostname != urlsplit(seed).hostname:
        return None
    return origin_of(request.url)


class HostGuardMiddleware:
    """Refuse any request outside the origins (``host:port``) of the spider's sites, read when the
    spider opens, and those its seeds moved to."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.sites: dict[str, SiteConfig] = {}
        self.allowed_origins: frozenset[str] = frozenset()
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostGuardMiddleware:
        return cls(crawler)

    def spider_opened(self, spider: Any) -> None:
        sites = sites_of(spider)
        self.sites = {site.name: site for site in sites}
        self.allowed_origins = frozenset().union(*(site.origins for site in sites))

    def process_request(self, request: Request) -> None:
        origin = origin_of(request.url)
        if origin in self.allowed_origins:
            return
        assert self.crawler.stats is not None
        site = self.sites.get(request.meta.get(META_SITE, ""))
        moved = moved_seed_origin(request, site)
        if site is not None and moved is not None:
            self.allowed_origins = self.allowed_origins | {moved}
            self.crawler.stats.inc_value("newsarchive/seed-redirect-adopted")
            self.crawler.signals.send_catch_log(seed_moved, site=site.name, origin=moved, url=request.url)
            return
        self.crawler.stats.inc_value("newsarchive/refused/off-host")
        raise OffHostRequest(f"off-host: {origin or request.url} is not a seed host")
