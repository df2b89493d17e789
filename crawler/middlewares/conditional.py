"""Recrawls: conditional GET, revisit intervals by kind of page, revisiting known articles.

``ConditionalGetMiddleware`` (downloader middleware, priority 560) reads once per crawl, at spider
open and off the reactor thread, what the archive already holds for each site: the ETag /
Last-Modified of each URL's newest capture, when each live article was last seen (and how old it
is), and, for a site with a ``[site.revisit]`` table, when each home, listing page, feed and
sitemap was last fetched. Then:

- a page the archive holds is not requested before its kind's revisit interval has passed
  (``crawler.revisit``: home, feeds, sitemaps, listings; articles on a decaying schedule, or the
  flat ``revisit_after``); the run counts, per kind, the known pages due and not due;
- a known article page is requested with ``If-None-Match`` / ``If-Modified-Since``; the server's
  304 reaches the pipeline as a page (the spider's errback) and the archive stores it as
  "unchanged" (no body, no version);
- a known article is not requested either when its sitemap ``lastmod`` / feed date is not newer
  than our copy (site key ``trust_lastmod``);
- when the crawl runs dry, known live articles that are due and that no page linked this time are
  requested anyway, so an article the site removed answers 404/410 and is marked gone; so are a
  configured site's known feeds and sitemaps that are due (its home page may not be).

A page the archive does not hold is always requested. The feeds and sitemaps read are recorded
with the run's end (``reads``). The decisions are plain functions (``skip_reason``,
``conditional_headers``, ``RevisitPolicy.is_due``).
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
from scrapy.http import Response
from sqlalchemy.orm import Session

from archive.config import resolve_db_url
from archive.normalize import canonical_url
from archive.store.queries import Validators, conditional_validators, live_articles_last_seen
from archive.store.revisits import articles_born, discovery_reads, pages_last_fetched
from crawler.meta import META_LASTMOD, META_ROUTE, META_SITE
from crawler.revisit import RevisitPolicy
from crawler.sites import SiteConfig, sites_of

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["ConditionalGetMiddleware", "NotDue", "SiteMemory", "conditional_headers", "load_memory", "skip_reason"]

log = logging.getLogger(__name__)


class NotDue(IgnoreRequest):
    """A known article that cannot have changed since the archive's copy, or was seen too recently."""


#: The revisit kind of a request's route (pages are home, listings or articles by what the archive holds).
_XML_KINDS = {"feed": "feeds", "sitemap": "sitemaps"}


@dataclass(frozen=True)
class SiteMemory:
    """What the archive held for one site when the crawl started."""

    validators: Mapping[str, Validators] = field(default_factory=dict)  # requested URL → validators
    last_seen: Mapping[str, datetime] = field(default_factory=dict)  # live article URL → last seen
    born: Mapping[str, datetime] = field(default_factory=dict)  # live article URL → published / first seen
    pages: Mapping[str, datetime] = field(default_factory=dict)  # home / listing URL → last 200
    reads: Mapping[str, tuple[str, datetime]] = field(default_factory=dict)  # feed/sitemap URL → (kind, last read)


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
                named = sorted(hosts - {""})
                policy = site.revisit
                memory[site.name] = SiteMemory(
                    validators,
                    live_articles_last_seen(session, site.name, named),
                    born=articles_born(session, site.name, named) if policy.articles.decays else {},
                    pages=pages_last_fetched(session, site.name, named) if policy.configured else {},
                    reads=discovery_reads(session, site.name) if policy.configured else {},
                )
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
    it, when the crawl runs dry, which known pages are due (``due_revisits``)."""

    def __init__(self, crawler: Crawler, db_url: str) -> None:
        self.crawler = crawler
        self.db_url = db_url
        self.sites: dict[str, SiteConfig] = {}
        self.memory: dict[str, SiteMemory] = {}
        self._seeds: dict[str, frozenset[str]] = {}  # site name → canonical seed URLs (home pages)
        self._reads: dict[str, tuple[str, str, datetime]] = {}  # URL → (site name, kind, when) read this crawl
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalGetMiddleware:
        if not crawler.settings.getbool("NEWSARCHIVE_RECRAWL", True):
            raise NotConfigured
        return cls(crawler, resolve_db_url(crawler.settings.get("NEWSARCHIVE_DB_URL") or None))

    async def spider_opened(self, spider: Spider) -> None:
        sites = sites_of(spider)
        self.sites = {site.name: site for site in sites}
        self._seeds = {site.name: frozenset(canonical_url(seed) for seed in site.seeds) for site in sites}
        try:
            self.memory = await asyncio.to_thread(load_memory, self.db_url, sites)
        except Exception as exc:  # the pipeline reports an unusable archive; recrawling just fetches all
            log.error("cannot read what the archive holds (%s): every page is fetched in full", exc)
            self.memory = {}
        known = sum(len(m.last_seen) for m in self.memory.values())
        self._stats().set_value("newsarchive/recrawl/known_articles", known)

    def process_request(self, request: Request) -> None:
        route = request.meta.get(META_ROUTE, "page")
        memory = self.memory.get(request.meta.get(META_SITE, ""))
        site = self.sites.get(request.meta.get(META_SITE, ""))
        if memory is None or site is None or request.meta.get("redirect_urls"):
            return  # a redirect continues a request the gate let through already
        now = datetime.now(UTC)
        if route in _XML_KINDS:
            read = memory.reads.get(request.url)
            if read is not None:
                self._gate(site.revisit, _XML_KINDS[route], read[1], now, request.url)
            return
        if route != "page":
            return
        url = request.url
        last_seen = memory.last_seen.get(url)
        if last_seen is None:  # not a known article: a known home or listing page, or a new page
            fetched = memory.pages.get(url)
            if fetched is not None:
                kind = "home" if url in self._seeds[site.name] else "listings"
                self._gate(site.revisit, kind, fetched, now, url)
            return
        wait = site.revisit.articles.wait(now - memory.born.get(url, now))
        reason = skip_reason(last_seen, parse_lastmod(request.meta.get(META_LASTMOD)), now, wait, site.trust_lastmod)
        if reason is not None:
            self._stats().inc_value(f"newsarchive/recrawl/skipped/{reason}")
            if reason == "seen-recently":
                self._stats().inc_value("newsarchive/revisit/articles/not_due")
            raise NotDue(f"{reason}: {url}")
        self._stats().inc_value("newsarchive/revisit/articles/due")
        for name, value in conditional_headers(memory.validators.get(url)).items():
            request.headers.setdefault(name, value)
        if memory.validators.get(url) is not None:
            self._stats().inc_value("newsarchive/recrawl/conditional")

    def _gate(self, policy: RevisitPolicy, kind: str, last: datetime, now: datetime, url: str) -> None:
        """Let a known page of ``kind`` through when due (counted either way), else NotDue."""
        if policy.is_due(kind, last, now):
            self._stats().inc_value(f"newsarchive/revisit/{kind}/due")
            return
        self._stats().inc_value(f"newsarchive/revisit/{kind}/not_due")
        raise NotDue(f"not-due: {url} ({kind} are revisited every {policy.interval(kind):g}s)")

    def process_response(self, request: Request, response: Response) -> Response:
        """Remember the feeds and sitemaps read (the run's end records them)."""
        route = request.meta.get(META_ROUTE)
        if route in _XML_KINDS and response.status == 200:
            url = (request.meta.get("redirect_urls") or [request.url])[0]
            self._reads[url] = (request.meta.get(META_SITE, ""), route, datetime.now(UTC))
        return response

    def reads(self) -> list[tuple[str, str, str, datetime]]:
        """``(site name, URL, feed | sitemap, when)`` of every feed and sitemap this crawl read."""
        return [(site, url, kind, at) for url, (site, kind, at) in self._reads.items() if site]

    def due_revisits(self, now: datetime) -> Iterator[tuple[str, str, str]]:
        """``(site name, route, URL)`` of every known live article due for a re-check (by its site's
        article revisit schedule) and, for a site with a ``[site.revisit]`` table, every known feed
        and sitemap due: what the spider requests when the crawl runs dry, so that an article no
        page linked this time is re-checked too, and a feed is read even when the home page that
        links it was not due. Site by site, URLs in order."""
        for site_name, memory in self.memory.items():
            site = self.sites.get(site_name)
            if site is None:
                continue
            if site.revisit.configured:
                for url, (kind, read_at) in sorted(memory.reads.items()):
                    if site.revisit.is_due(_XML_KINDS.get(kind, "feeds"), read_at, now):
                        yield site_name, kind, url
            for url, last_seen in sorted(memory.last_seen.items()):
                wait = site.revisit.articles.wait(now - memory.born.get(url, now))
                if skip_reason(last_seen, None, now, wait, False):
                    continue
                yield site_name, "page", url

    def _stats(self) -> Any:
        assert self.crawler.stats is not None
        return self.crawler.stats
