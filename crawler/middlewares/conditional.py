"""Recrawls: conditional GET, skipping pages that cannot have changed, revisiting known articles.

``ConditionalGetMiddleware`` (downloader middleware, priority 560) reads once per crawl, at spider
open and off the reactor thread, what the archive already holds for each site: the ETag /
Last-Modified of each URL's newest capture and when each live article was last seen. Then:

- a known article page is requested with ``If-None-Match`` / ``If-Modified-Since``; the server's
  304 reaches the pipeline as a page (the spider's errback) and the archive stores it as
  "unchanged" (no body, no version);
- a known article is not requested at all when its sitemap ``lastmod`` / feed date is not newer
  than our copy (site key ``trust_lastmod``), or when it was seen less than ``revisit_after`` ago;
- when the crawl runs dry, known live articles that are due and that no page linked this time are
  requested anyway, so an article the site removed answers 404/410 and is marked gone.

Listing pages and comment pages are always fetched in full: their links are how the crawl finds
what is new. The decisions are plain functions (``skip_reason``, ``conditional_headers``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from scrapy import Request, Spider, signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from sqlalchemy.orm import Session

from archive.config import resolve_db_url
from archive.store.queries import Validators, conditional_validators, live_articles_last_seen
from crawler.meta import META_LASTMOD, META_ROUTE, META_SITE
from crawler.sites import SiteConfig, sites_of

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["ConditionalGetMiddleware", "NotDue", "SiteMemory", "conditional_headers", "load_memory", "skip_reason"]

log = logging.getLogger(__name__)


class NotDue(IgnoreRequest):
    """A known article that cannot have changed since the archive's copy, or was seen too recently."""


@dataclass(frozen=True)
class SiteMemory:
    """What the archive held for one site when the crawl started."""

    validators: Mapping[str, Validators] = field(default_factory=dict)  # requested URL → validators
    last_seen: Mapping[str, datetime] = field(default_factory=dict)  # live article URL → last seen


def load_memory(db_url: str, sites: Sequence[SiteConfig]) -> dict[str, SiteMemory]:
    """Read each site's validators and live articles (blocking: run it in a thread)."""
    from archive.store.engine import make_engine
    from crawler.discovery import origin_of

    engine = make_engine(db_url)
    try:
        memory = {}
        with Session(engine) as session:
            for site in sites:
                validators: dict[str, Validators] = {}
                hosts = {origin_of(seed) for seed in site.seeds} | {_netloc(seed) for seed in site.seeds}
                for host in sorted(h for h in hosts if h):
                    validators.update(conditional_validators(session, host))
                memory[site.name] = SiteMemory(validators, live_articles_last_seen(session, site.name, sorted(hosts - {""})))
        return memory
    finally:
        engine.dispose()


def _netloc(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).netloc.lower()


def parse_lastmod(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def skip_reason(
    last_seen: datetime | None,
    lastmod: datetime | None,
    now: datetime,
    revisit_after: float,
    trust_lastmod: bool,
) -> str | None:
    """Why a request for a known article need not be sent (None: send it).

    ``last_seen`` is when the archive last saw the article (None: not a known live article)."""
    if last_seen is None:
        return None
    if revisit_after > 0 and now - last_seen < timedelta(seconds=revisit_after):
        return "seen-recently"
    if trust_lastmod and lastmod is not None and lastmod <= last_seen:
        return "not-modified-since"
    return None


def conditional_headers(validators: Validators | None) -> dict[str, str]:
    """The conditional request headers for a page the archive holds with these validators."""
    if validators is None:
        return {}
    headers = {}
    if validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    return headers


class ConditionalGetMiddleware:
    """See the module docstring. ``NEWSARCHIVE_RECRAWL = False`` switches it off. The spider asks
    it, when the crawl runs dry, which known articles are due (``due_articles``)."""

    def __init__(self, crawler: Crawler, db_url: str) -> None:
        self.crawler = crawler
        self.db_url = db_url
        self.sites: dict[str, SiteConfig] = {}
        self.memory: dict[str, SiteMemory] = {}
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalGetMiddleware:
        if not crawler.settings.getbool("NEWSARCHIVE_RECRAWL", True):
            raise NotConfigured
        return cls(crawler, resolve_db_url(crawler.settings.get("NEWSARCHIVE_DB_URL") or None))

    async def spider_opened(self, spider: Spider) -> None:
        sites = sites_of(spider)
        self.sites = {site.name: site for site in sites}
        try:
            self.memory = await asyncio.to_thread(load_memory, self.db_url, sites)
        except Exception as exc:  # the pipeline reports an unusable archive; recrawling just fetches all
            log.error("cannot read what the archive holds (%s): every page is fetched in full", exc)
            self.memory = {}
        known = sum(len(m.last_seen) for m in self.memory.values())
        self._stats().set_value("newsarchive/recrawl/known_articles", known)

    def process_request(self, request: Request) -> None:
        if request.meta.get(META_ROUTE, "page") != "page":
            return
        site_name = request.meta.get(META_SITE, "")
        memory = self.memory.get(site_name)
        if memory is None:
            return
        url = (request.meta.get("redirect_urls") or [request.url])[0]
        last_seen = memory.last_seen.get(url)
        if last_seen is None or request.meta.get("redirect_urls"):
            return  # not a known article (listings are fetched in full), or already redirected
        site = self.sites.get(site_name)
        reason = skip_reason(
            last_seen,
            parse_lastmod(request.meta.get(META_LASTMOD)),
            datetime.now(UTC),
            site.revisit_after if site else 0.0,
            site.trust_lastmod if site else True,
        )
        if reason is not None:
            self._stats().inc_value(f"newsarchive/recrawl/skipped/{reason}")
            raise NotDue(f"{reason}: {url}")
        for name, value in conditional_headers(memory.validators.get(url)).items():
            request.headers.setdefault(name, value)
        if memory.validators.get(url) is not None:
            self._stats().inc_value("newsarchive/recrawl/conditional")

    def due_articles(self, now: datetime) -> Iterator[tuple[str, str]]:
        """``(site name, URL)`` of every known live article due for a re-check (not seen within
        its site's ``revisit_after``), site by site, URLs in order: what the spider requests when
        the crawl runs dry, so that an article no page linked this time is re-checked too."""
        for site_name, memory in self.memory.items():
            site = self.sites.get(site_name)
            for url, last_seen in sorted(memory.last_seen.items()):
                if skip_reason(last_seen, None, now, site.revisit_after if site else 0.0, False):
                    continue
                yield site_name, url

    def _stats(self) -> Any:
        assert self.crawler.stats is not None
        return self.crawler.stats
