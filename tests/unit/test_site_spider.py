"""The site spider's routing decisions, on real Scrapy requests and responses (no crawl)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.meta import META_PARENT, META_ROUTE, META_SITE
from crawler.middlewares.host_guard import HostGuardMiddleware, OffHostRequest
from crawler.spiders.site import SiteSpider

SEED = "http://127.0.0.1:8001/"


def _redirected(url: str, first: str) -> Request:
    return Request(url, meta={"redirect_urls": [first], META_SITE: "127.0.0.1:8001"})


def _guarded_spider() -> tuple[HostGuardMiddleware, SiteSpider, Crawler]:
    """A spider and the host guard of one crawler, the spider opened (no crawl runs)."""
    crawler = get_crawler(SiteSpider)
    spider = SiteSpider.from_crawler(crawler, seeds=SEED)
    guard = HostGuardMiddleware.from_crawler(crawler)
    guard.spider_opened(spider)
    return guard, spider, crawler


def test_seed_redirected_to_its_own_host_on_another_port_moves_the_site() -> None:
    guard, spider, crawler = _guarded_spider()
    assert guard.process_request(_redirected("https://127.0.0.1:8443/", SEED)) is None
    assert guard.allowed_origins == frozenset({"127.0.0.1:8001", "127.0.0.1:8443"})
    assert crawler.stats is not None and crawler.stats.get_value("newsarchive/seed-redirect-adopted") == 1
    # the spider heard it: the site's links on the new origin are followed
    moved = _page("https://127.0.0.1:8443/news/1.html", '<a href="/news/2.html">二</a>')
    assert [r.url for r in spider.follow_links(moved, None)] == ["https://127.0.0.1:8443/news/2.html"]


def test_other_redirects_off_the_seed_hosts_are_not_adopted() -> None:
    guard, spider, crawler = _guarded_spider()
    for request in (
        _redirected("http://127.0.0.2:8001/", SEED),
        _redirected("http://127.0.0.1:9000/x", SEED + "news/1.html"),
        Request("http://127.0.0.1:9000/", meta={META_SITE: "127.0.0.1:8001"}),
    ):
        with pytest.raises(OffHostRequest):
            guard.process_request(request)
    assert guard.allowed_origins == frozenset({"127.0.0.1:8001"})
    assert crawler.stats is not None and crawler.stats.get_value("newsarchive/refused/off-host") == 3


def _outputs(spider: SiteSpider, response: HtmlResponse) -> list[Any]:
    """What parse_page yields for a response: the page's item, then its requests."""

    async def collect() -> list[Any]:
        return [output async for output in spider.parse_page(response)]

    return asyncio.run(collect())


def _page(url: str, body: str, **meta: str) -> HtmlResponse:
    request = Request(url, meta={META_ROUTE: "page", META_SITE: "127.0.0.1:8001", **meta})
    return HtmlResponse(url, body=body.encode("utf-8"), headers={"Content-Type": "text/html; charset=utf-8"},
                        request=request)


def test_article_page_routes_links_comment_pages_and_feeds() -> None:
    spider = SiteSpider(seeds=SEED)
    html = (
        '<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head><body>'
        '<a href="/news/2.html?utm_source=x#c">next</a> <a href="/news/1.html?cpage=2">2</a>'
        '<a href="/files/a.pdf">pdf</a> <a href="http://127.0.0.1:9999/x">other</a>'
        '<a href="/ads/" rel="nofollow">ad</a></body></html>'
    )
    out = _outputs(spider, _page(SEED + "news/1.html", html))
    item, *requests = out
    assert (item.page.url, item.page.kind, item.page.site) == (SEED + "news/1.html", "page", "127.0.0.1:8001")
    routed = [(r.url, r.meta[META_ROUTE], r.meta.get(META_PARENT)) for r in requests]
    assert routed == [
        (SEED + "rss.xml", "feed", None),
        (SEED + "news/2.html", "page", None),
        (SEED + "news/1.html?cpage=2", "comments", SEED + "news/1.html"),
    ]


def test_comment_page_follows_only_further_comment_pages_of_the_same_article() -> None:
    spider = SiteSpider(seeds=SEED)
    html = '<a href="/news/1.html?cpage=3">更多评论</a> <a href="/news/9.html">其他新闻</a>'
    response = _page(SEED + "news/1.html?cpage=2", html, **{META_PARENT: SEED + "news/1.html"})
    response.request.meta[META_ROUTE] = "comments"
    item, *requests = _outputs(spider, response)
    assert (item.page.kind, item.page.parent_url) == ("comments", SEED + "news/1.html")
    assert [(r.url, r.meta[META_ROUTE], r.meta[META_PARENT]) for r in requests] == [
        (SEED + "news/1.html?cpage=3", "comments", SEED + "news/1.html")
    ]


def test_links_repeated_on_every_page_are_routed_once_but_a_plain_link_after_nofollow_is_followed() -> None:
    spider = SiteSpider(seeds=SEED)
    menu = '<a href="/news/2.html">二</a> <a href="http://other.invalid/x">外站</a>'
    first = _outputs(spider, _page(SEED + "news/1.html", menu + '<a href="/news/3.html" rel="nofollow">三</a>'))
    second = _outputs(spider, _page(SEED + "news/4.html", menu + '<a href="/news/3.html">三</a>'))
    assert [r.url for r in first[1:]] == [SEED + "news/2.html"]
    assert [r.url for r in second[1:]] == [SEED + "news/3.html"]


def test_a_link_refused_by_one_site_is_still_followed_from_the_site_it_belongs_to() -> None:
    other = "http://127.0.0.1:8002/"
    spider = SiteSpider(seeds=f"{SEED},{other}")
    shared = f'<a href="{other}news/7.html">七</a>'
    from_first = _outputs(spider, _page(SEED + "news/1.html", shared))
    request = Request(other + "news/1.html", meta={META_ROUTE: "page", META_SITE: "127.0.0.1:8002"})
    response = HtmlResponse(other + "news/1.html", body=shared.encode(), headers={"Content-Type": "text/html"}, request=request)
    from_second = _outputs(spider, response)
    assert from_first[1:] == []
    assert [r.url for r in from_second[1:]] == [other + "news/7.html"]


def test_the_routed_link_memo_is_bounded_and_starting_it_again_requests_nothing_twice() -> None:
    spider = SiteSpider(seeds=SEED)
    spider.ROUTED_LINKS_MAX = 6
    requested = []
    for n in range(1, 7):  # each page: five links of its own and the first page's five again
        links = [f"/news/{10 * n + k}.html" for k in range(5)] + [f"/news/{10 + k}.html" for k in range(5)]
        html = "".join(f'<a href="{href}">{href}</a>' for href in links)
        requested += [r.url for r in _outputs(spider, _page(SEED + f"list/{n}.html", html))[1:]]
        assert len(spider._routed_links[("127.0.0.1:8001", SEED.rstrip("/"))]) <= spider.ROUTED_LINKS_MAX + 20
    assert sorted(requested) == sorted({SEED + f"news/{10 * n + k}.html" for n in range(1, 7) for k in range(5)})


def test_the_page_goes_to_the_archive_processed_and_its_links_come_from_that_same_parse() -> None:
    spider = SiteSpider(seeds=SEED)
    paragraphs = "".join(f"<p>第{n}段：市政府今天公布了新的交通规划，涉及多条地铁线路的延伸。</p>" for n in range(6))
    html = (
        "<html><head><title>新规划公布</title></head><body><nav><a href='/news/2.html'>二</a></nav>"
        f"<article><h1>新规划公布</h1>{paragraphs}</article><a href='/news/3.html'>三</a></body></html>"
    )
    item, *requests = _outputs(spider, _page(SEED + "news/1.html", html))
    assert item.page.final_url == SEED + "news/1.html"
    assert item.processed.extraction is not None
    assert "地铁线路" in "\n".join(item.processed.extraction.paragraphs)
    assert item.processed.links is not None
    assert [r.url for r in requests] == [SEED + "news/2.html", SEED + "news/3.html"]
    # the same requests when the links have to be read in the crawl process (no worker parse)
    again = SiteSpider(seeds=SEED)
    assert [r.url for r in again.follow_links(_page(SEED + "news/1.html", html), None)] == [r.url for r in requests]


def test_links_on_a_page_in_a_legacy_charset_are_read_from_the_correctly_decoded_page() -> None:
    spider = SiteSpider(seeds=SEED)
    html = '<html><head><meta charset="utf-8"></head><body><a href="/新闻/二.html">第二篇</a></body></html>'
    request = Request(SEED + "news/1.html", meta={META_ROUTE: "page", META_SITE: "127.0.0.1:8001"})
    # the server says UTF-8 but sends GB18030 (as mislabelled Chinese sites do)
    response = HtmlResponse(SEED + "news/1.html", body=html.encode("gb18030"),
                            headers={"Content-Type": "text/html; charset=utf-8"}, request=request)
    item, *requests = _outputs(spider, response)
    assert [r.url for r in requests] == [SEED + "%E6%96%B0%E9%97%BB/%E4%BA%8C.html"]


def test_links_to_other_hosts_are_counted_in_the_crawl_stats_once_each() -> None:
    crawler = get_crawler(SiteSpider)
    spider = SiteSpider.from_crawler(crawler, seeds=SEED)
    menu = "".join(f'<a href="http://ch{n}.portal.invalid/">频道{n}</a>' for n in range(5))
    for n in range(3):  # the same menu on three pages: each of its links is decided once
        requests = list(spider.follow_links(_page(SEED + f"news/{n}.html", menu + f'<a href="/news/{n + 10}.html">x</a>'), None))
        assert [r.url for r in requests] == [SEED + f"news/{n + 10}.html"]
    assert crawler.stats.get_value("newsarchive/refused/off-host") == 5
