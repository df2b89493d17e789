"""The one generic site spider: robots.txt -> sitemaps / feeds -> pages -> links.

It only routes: every decision (what a link is, whether it may be followed, what a sitemap
or feed says) is a pure function in ``crawler.discovery`` or ``crawler.sitemaps``; a page's links are
read by the extraction workers (``crawler.extensions.extraction_pool``) when they process it; every
page response or failure goes to ``crawler.pipelines.ArchivePipeline`` as a ``PageItem`` (the page
and what its processing gave), which hands it to the archive's writer.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from archive.extract.links import PageLinks, remember
from archive.normalize import canonical_url
from archive.process import ExtractorCache, FetchedPage, ProcessedPage, process_page
from crawler.discovery import LinkPolicy, calendar_template, is_comment_page_link, is_pagination_link, page_links
from crawler.extensions.extraction_pool import ExtractionPool
from crawler.items import PageItem, fetched_page
from crawler.meta import META_GUESSED, META_LASTMOD, META_PAGINATION, META_PARENT, META_ROUTE, META_SITE, PAGE_ROUTES
from crawler.middlewares.conditional import ConditionalGetMiddleware, NotDue
from crawler.middlewares.host_guard import OffHostRequest, seed_moved
from crawler.sitemaps import feed_entries, is_feed, is_sitemap, parse_sitemap, sitemaps_from_robots
from crawler.sites import SiteConfig, load_sites, site_for_seed, site_of_url
from crawler.stopping import CrawlStopping

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

# Scheduling priorities: likely articles first, their comment pages next, listings last.
PRIORITY_ROBOTS = 100
PRIORITY_SITEMAP = 50
PRIORITY_ARTICLE = 20
PRIORITY_COMMENTS = 15
PRIORITY_PAGE = 0


class SiteSpider(Spider):
    """Crawl the sites given as ``sites`` (SiteConfig objects), ``sites_file`` (TOML path)
    and/or ``seeds`` (URLs; a comma-separated string with ``scrapy crawl site -a seeds=…``)."""

    name = "site"

    #: Links (URLs, and hrefs as written) remembered per site and origin as already routed; past
    #: this the memo starts again, so a very large crawl's memory stays bounded (~20 MB per site).
    ROUTED_LINKS_MAX = 200_000
    #: A pagination chain stops after this many listing pages in a row added no new page links
    #: (``NEWSARCHIVE_PAGINATION_BARREN_LIMIT``): a listing that pages on forever over the same
    #: stories, or a page counter that ignores its bound, is a trap.
    PAGINATION_BARREN_LIMIT = 5

    def __init__(
        self,
        sites: Iterable[SiteConfig] = (),
        seeds: Iterable[str] | str = (),
        sites_file: str | Path | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        configured = list(sites)
        if sites_file:
            configured += load_sites(Path(sites_file))
        seed_list = seeds.split(",") if isinstance(seeds, str) else list(seeds)
        for seed in (s.strip() for s in seed_list if s.strip()):
            if site_of_url(tuple(configured), seed) is None:
                configured.append(site_for_seed(seed))
        self.sites: tuple[SiteConfig, ...] = tuple(configured)
        self._by_name = {site.name: site for site in self.sites}
        self._policies = {
            site.name: LinkPolicy(origins=site.origins, skip_patterns=site.skip_patterns)
            for site in self.sites
        }
        self._seen: set[str] = set()  # canonical URLs of requested pages
        # Links already requested or refused as pages, per site and origin (archive.extract.links.remember):
        # the menus, rankings and footers a site repeats on every page are routed once.
        self._routed_links: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
        self._seen_xml: set[str] = set()  # sitemaps and feeds requested
        self._scheduled: Counter[str] = Counter()  # page/comment requests per site
        self.max_pages: int | None = None  # --max-pages: page requests in all (not robots/sitemaps/feeds)
        self.depth_limit: int | None = None  # DEPTH_LIMIT: links are not followed from pages this deep
        self._calendar: Counter[tuple[str, str]] = Counter()
        self._today = date.today()
        self._extraction: ExtractionPool | None = None  # the crawl's (found when the spider opens)
        self._local_extractors = ExtractorCache()  # outside a crawl (tests): pages processed here
        self._revisits_requested = False
        self.pagination_barren_limit = self.PAGINATION_BARREN_LIMIT
        self.seeds_refetched = True  # a seed bypasses the duplicate filter (revisits, resumed jobs)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SiteSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.pagination_barren_limit = crawler.settings.getint(
            "NEWSARCHIVE_PAGINATION_BARREN_LIMIT", cls.PAGINATION_BARREN_LIMIT
        )
        crawler.signals.connect(spider.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(spider.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider.seed_moved, signal=seed_moved)
        spider.max_pages = crawler.settings.getint("NEWSARCHIVE_MAX_PAGES") or None
        # --redis: a seed goes through the shared seen-set too, so one worker of the crawl fetches it
        spider.seeds_refetched = not crawler.settings.get("NEWSARCHIVE_REDIS_URL")
        # Scrapy's DepthMiddleware would drop deeper requests without a word: refused here, counted
        spider.depth_limit = crawler.settings.getint("DEPTH_LIMIT") or None
        return spider

    # ------------------------------------------------------------------ start

    async def start(self) -> AsyncIterator[Request]:
        for site in self.sites:
            roots = dict.fromkeys(f"{urlsplit(s).scheme}://{urlsplit(s).netloc}" for s in site.seeds)
            for root in roots:
                yield Request(
                    f"{root}/robots.txt",
                    callback=self.parse_robots,
                    errback=self.robots_failed,
                    priority=PRIORITY_ROBOTS,
                    meta={META_ROUTE: "robots", META_SITE: site.name},
                )
            for seed in site.seeds:
                request = self._page_request(site, seed, priority=PRIORITY_PAGE, is_seed=True)
                if request is not None:
                    yield request

    # ------------------------------------------------------------------ robots, sitemaps, feeds

    def parse_robots(self, response: Response) -> Iterator[PageItem | Request]:
        site = self._site(response.request)
        yield self._discovery_item(response)
        text = response.text if isinstance(response, TextResponse) else ""
        sitemaps = sitemaps_from_robots(text, response.url)
        if not sitemaps:
            yield from self._guessed_sitemap(site, response.url)
            return
        for url in sitemaps:
            request = self._xml_request(site, url, "sitemap")
            if request is not None:
                yield request

    def robots_failed(self, failure: Failure) -> Iterator[PageItem | Request]:
        request = failure.request  # type: ignore[attr-defined]
        if isinstance(failure.value, CrawlStopping):
            return
        response = getattr(failure.value, "response", None)
        if isinstance(failure.value, HttpError) and response is not None:
            yield self._discovery_item(response)  # a missing robots.txt allows everything: kept, not an error
        yield from self._guessed_sitemap(self._site(request), request.url)

    def _guessed_sitemap(self, site: SiteConfig, robots_url: str) -> Iterator[Request]:
        request = self._xml_request(site, robots_url.replace("/robots.txt", "/sitemap.xml"), "sitemap")
        if request is not None:
            request.meta[META_GUESSED] = True
            yield request

    def parse_sitemap(self, response: Response) -> Iterator[PageItem | Request]:
        yield self._discovery_item(response)
        site = self._site(response.request)
        if is_feed(response.body):
            yield from self._feed_requests(site, response)
            return
        if not is_sitemap(response.body):
            self._count("sitemap/not-a-sitemap")
            return
        sitemap = parse_sitemap(response.body, response.url)
        for entry in sitemap.entries:
            if sitemap.kind == "index":
                request = self._xml_request(site, entry.url, "sitemap")
            else:
                request = self._page_request(
                    site, entry.url, priority=PRIORITY_ARTICLE if entry.is_news else PRIORITY_PAGE + 5,
                    lastmod=entry.news_published or entry.lastmod,
                )
            if request is not None:
                yield request

    def parse_feed(self, response: Response) -> Iterator[PageItem | Request]:
        yield self._discovery_item(response)
        yield from self._feed_requests(self._site(response.request), response)

    def _feed_requests(self, site: SiteConfig, response: Response) -> Iterator[Request]:
        for entry in feed_entries(response.body, response.url):
            request = self._page_request(site, entry.url, priority=PRIORITY_ARTICLE, lastmod=entry.published)
            if request is not None:
                yield request

    def _discovery_item(self, response: Response) -> PageItem:
        """A robots.txt, sitemap or feed response, for the archive as it was fetched: it decided what
        the crawl requested. Nothing is extracted from it (``archive.process.process_page``)."""
        request = response.request
        assert request is not None
        self._count(f"discovery/{request.meta.get(META_ROUTE, 'sitemap')}")
        page = fetched_page(request, self._site(request), datetime.now(UTC), response=response)
        return PageItem(page, ProcessedPage(None, None))

    # ------------------------------------------------------------------ pages

    async def parse_page(self, response: Response) -> AsyncIterator[PageItem | Request]:
        """The page goes to the archive; its links are followed. Both come from one parse of the
        page, in an extraction worker (``crawler.extensions.extraction_pool``): the crawl process
        never parses it."""
        request = response.request
        assert request is not None
        self._count("urls/answered")
        page = fetched_page(request, self._site(request), datetime.now(UTC), response=response)
        processed = await self._process(page)
        yield PageItem(page, processed)
        for link_request in self.follow_links(response, processed.links):
            yield link_request

    async def _process(self, page: FetchedPage) -> ProcessedPage:
        """The page decoded and extracted (its links read too) by the crawl's extraction pool;
        outside a crawl (tests), here."""
        if self._extraction is not None:
            return await self._extraction.process(page)
        return process_page(page, self._local_extractors, links=True)

    def follow_links(self, response: Response, links: PageLinks | None) -> Iterator[Request]:
        """Requests for the links of a page (``links``: as the worker read them; None: read here)."""
        site = self._site(response.request)
        kind = response.meta.get(META_ROUTE, "page")
        parent = response.meta.get(META_PARENT)
        if not isinstance(response, TextResponse) or not response.body:
            return
        depth = int(response.meta.get("depth", 0))
        if links is None:  # the page could not be parsed there (or a worker died): parse it here
            links = page_links(response.text, response.url)
        routed = self._routed_links[(site.name, links.origin)]
        if len(routed) > self.ROUTED_LINKS_MAX:
            routed.clear()  # a memo only: requested pages stay in _seen, refusals are decided again
        limits = [n for n in (site.max_depth, self.depth_limit) if n is not None]
        if limits and depth >= min(limits):
            self._count("refused/site-max-depth")
            # not remembered: a shorter path may still lead to them
            self._account("refused/depth", sum(1 for _ in links.unknown(routed)))
            return
        page_key = canonical_url(response.url)
        if kind == "comments":
            # a comment page only leads to further comment pages of the same article
            for link in links.unknown(routed):
                if is_comment_page_link(link.url, link.text, site.comment_page_patterns):
                    remember(routed, link)
                    request = self._page_request(
                        site, link.url, kind="comments", parent_url=parent, priority=PRIORITY_COMMENTS
                    )
                    if request is not None:
                        yield request
            return
        for url in links.feeds:
            request = self._xml_request(site, url, "feed")
            if request is not None:
                yield request
        if links.canonical and canonical_url(links.canonical) != page_key:
            # print / mobile versions: fetch the main page too; the archive folds them by canonical URL
            request = self._page_request(site, links.canonical, priority=PRIORITY_ARTICLE)
            if request is not None:
                yield request
        policy = self._policies[site.name]
        off_site: Counter[str] = Counter()
        next_pages = []  # pagination links: followed once we know whether this page added anything
        added = 0
        for link in links.unknown(routed):
            if link.nofollow:
                self._account("refused/nofollow")
                continue  # another page may link it plainly
            remember(routed, link)
            refused = policy.origin_refusal(link.url)
            if refused is not None:  # most of a portal's links: decided first, cheaply
                off_site[refused] += 1
                continue
            if is_comment_page_link(link.url, link.text, site.comment_page_patterns):
                request = self._page_request(
                    site, link.url, kind="comments", parent_url=page_key, priority=PRIORITY_COMMENTS
                )
            elif is_pagination_link(response.url, link.url, link.text):
                next_pages.append(link.url)
                continue
            else:
                path = urlsplit(link.url)
                hint = site.is_article_url(path.path + ("?" + path.query if path.query else ""))
                request = self._page_request(
                    site, link.url, priority=PRIORITY_ARTICLE if hint else PRIORITY_PAGE
                )
            if request is not None:
                added += 1
                yield request
        for reason, count in off_site.items():
            self._count(f"refused/{reason}", count)
            self._account(f"refused/{reason}", count)
        yield from self._follow_pagination(site, response, next_pages, added)

    def _follow_pagination(
        self, site: SiteConfig, response: Response, urls: list[str], added: int
    ) -> Iterator[Request]:
        """Pagination hops keep their listing's depth (crawler.middlewares.depth): a listing is
        followed to its end, bounded by --max-pages and the site's max_pages, unless
        ``pagination_barren_limit`` listing pages in a row added no new page links."""
        barren = 0 if added else int(response.meta.get(META_PAGINATION, 0)) + 1
        if barren >= self.pagination_barren_limit:
            if urls:
                self._count("refused/trap:pagination", len(urls))
                self._account("refused/trap:pagination", len(urls))
            return
        for url in urls:
            request = self._page_request(site, url, priority=PRIORITY_PAGE, pagination=barren)
            if request is not None:
                yield request

    async def page_failed(self, failure: Failure) -> AsyncIterator[PageItem]:
        """Every page that could not be fetched becomes a recorded failure, except requests
        refused on purpose before download (robots.txt, duplicates)."""
        request: Request = failure.request  # type: ignore[attr-defined]
        error = failure.value
        route = request.meta.get(META_ROUTE, "page")
        if isinstance(error, CrawlStopping):
            return  # not sent: the next crawl (or --jobdir resume, or another worker) fetches it
        if isinstance(error, IgnoreRequest) and not isinstance(error, (OffHostRequest, HttpError)):
            robots = "robots" in str(error).lower()
            self._count("refused/robots" if robots else "refused/ignored")
            if route in PAGE_ROUTES:
                why = "robots" if robots else "not-due" if isinstance(error, NotDue) else "ignored"
                self._count(f"urls/not-fetched/{why}")
                if robots:  # never fetched: --max-pages and a site's max_pages count pages fetched
                    self._scheduled[self._site(request).name] -= 1
            return
        if route in ("sitemap", "feed") and request.meta.get(META_GUESSED):
            response = getattr(error, "response", None)
            if isinstance(error, HttpError) and response is not None:
                yield self._discovery_item(response)  # we guessed its URL: its absence is no error
            return
        if route in PAGE_ROUTES:
            self._count("urls/answered")
        page = fetched_page(
            request, self._site(request), datetime.now(UTC), response=getattr(error, "response", None), failure=error
        )
        yield PageItem(page, await self._process(page))

    # ------------------------------------------------------------------ signals

    def spider_opened(self) -> None:
        self._extraction = self.crawler.get_extension(ExtractionPool)

    def seed_moved(self, site: str, origin: str, url: str) -> None:
        """HostGuardMiddleware let a seed through that redirected to its own host name on another
        scheme or port (http://news.example.com/ answering with https://news.example.com/): the
        site's links are followed there too, and that origin's robots.txt is read for sitemaps."""
        policy = self._policies[site]
        self._policies[site] = replace(policy, origins=policy.origins | {origin})
        parts = urlsplit(url)
        robots = Request(
            f"{parts.scheme}://{parts.netloc}/robots.txt",
            callback=self.parse_robots,
            errback=self.robots_failed,
            priority=PRIORITY_ROBOTS,
            meta={META_ROUTE: "robots", META_SITE: site},
        )
        if self.crawler.engine is not None:
            self.crawler.engine.crawl(robots)

    def spider_idle(self) -> None:
        """Once, when nothing is left: request the known articles (and feeds and sitemaps) the
        archive wants re-checked (``ConditionalGetMiddleware.due_revisits``) that no page linked
        this time, unless they were requested already or are refused."""
        if self._revisits_requested:
            return
        self._revisits_requested = True
        recrawl = self.crawler.get_downloader_middleware(ConditionalGetMiddleware)
        engine = self.crawler.engine
        if recrawl is None or engine is None:
            return
        scheduled = 0
        for site_name, route, url in recrawl.due_revisits(datetime.now(UTC)):
            site = self._by_name.get(site_name)
            if site is None:
                continue
            if route == "page":
                request = self._page_request(site, url, priority=PRIORITY_ARTICLE)
            else:  # a known feed or sitemap of a site with revisit intervals
                request = self._xml_request(site, url, route)
            if request is not None:
                engine.crawl(request)
                scheduled += 1
        if scheduled:
            self._count("recrawl/revisited_unlinked", scheduled)
            raise DontCloseSpider

    # ------------------------------------------------------------------ building requests

    def _site(self, request: Request | None) -> SiteConfig:
        name = request.meta.get(META_SITE) if request is not None else None
        if name in self._by_name:
            return self._by_name[name]
        found = site_of_url(self.sites, request.url) if request is not None else None
        return found or self.sites[0]

    def _refused(self, site: SiteConfig, url: str) -> str | None:
        reason = self._policies[site.name].refuse_reason(url, self._today)
        if reason is None:
            template = calendar_template(url)
            if template is not None:
                self._calendar[(site.name, template)] += 1
                if self._calendar[(site.name, template)] > site.calendar_limit:
                    reason = "trap:calendar"
        return reason

    def _xml_request(self, site: SiteConfig, url: str, route: str) -> Request | None:
        reason = self._policies[site.name].refuse_reason(url, self._today, any_extension=True)
        key = canonical_url(url)
        if reason is not None or key in self._seen_xml:
            if reason:
                self._count(f"refused/{reason}")
            return None
        self._seen_xml.add(key)
        return Request(
            url,
            callback=self.parse_sitemap if route == "sitemap" else self.parse_feed,
            errback=self.page_failed,
            priority=PRIORITY_SITEMAP,
            meta={META_ROUTE: route, META_SITE: site.name},
        )

    def _page_request(
        self,
        site: SiteConfig,
        url: str,
        *,
        kind: str = "page",
        parent_url: str | None = None,
        priority: int = PRIORITY_PAGE,
        lastmod: datetime | None = None,
        is_seed: bool = False,
        pagination: int | None = None,
    ) -> Request | None:
        key = canonical_url(url)
        if key in self._seen:
            self._account("duplicate")
            return None
        reason = self._refused(site, key)
        if reason is None and site.max_pages is not None and self._scheduled[site.name] >= site.max_pages:
            reason = "site-max-pages"
        if reason is None and self.max_pages is not None and self._scheduled.total() >= self.max_pages:
            reason = "max-pages"
        if reason is not None:
            self._count(f"refused/{reason}")
            self._account(f"refused/{reason}")
            return None
        self._account("requested")
        self._seen.add(key)
        self._scheduled[site.name] += 1
        meta: dict[str, Any] = {META_ROUTE: kind, META_SITE: site.name}
        if parent_url:
            meta[META_PARENT] = parent_url
        if lastmod is not None:
            meta[META_LASTMOD] = lastmod.isoformat()
        if pagination is not None:
            meta[META_PAGINATION] = pagination
        return Request(
            key,
            callback=self.parse_page,
            errback=self.page_failed,
            priority=priority,
            meta=meta,
            dont_filter=is_seed and self.seeds_refetched,
        )

    def _account(self, outcome: str, count: int = 1) -> None:
        """URL accounting: every page URL the crawl learns of (a seed, a sitemap or feed entry, a
        link not seen on the site before) ends as exactly one outcome — requested, a duplicate of
        one requested before, or refused for a reason — so the summary's numbers add up. A
        requested URL then ends as answered (a capture) or not fetched, for a reason."""
        if count:
            self._count("urls/learned", count)
            self._count(f"urls/{outcome}", count)

    def _count(self, key: str, count: int = 1) -> None:
        crawler = getattr(self, "crawler", None)  # None when the spider is used outside a crawl
        if crawler is not None and crawler.stats is not None:
            crawler.stats.inc_value(f"newsarchive/{key}", count)
