"""HtmlOnlyMiddleware: stops a page download as soon as its headers say it is not HTML."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy import Request, Spider, signals
from scrapy.exceptions import NotConfigured, StopDownload

from crawler.discovery import DATA
from crawler.meta import META_ROUTE, PAGE_ROUTES

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http.headers import Headers

__all__ = ["HtmlOnlyMiddleware", "NotHtmlResponse", "is_html_content_type"]


def is_html_content_type(value: str | None) -> bool:
    """True when a Content-Type is HTML or absent (the body decides then)."""
    if not value or not value.strip():
        return True
    media = value.split(";", 1)[0].strip().lower()
    return media in DATA.html_content_types


class NotHtmlResponse(StopDownload):
    """Raised from ``headers_received`` when a page's Content-Type is not HTML."""


class HtmlOnlyMiddleware:
    """Abort page/comment downloads whose Content-Type is not HTML, right after the headers.

    The spider's errback then hands the headers-only response to the pipeline, which records
    the capture with ``error="not-html: <type>"``. Sitemaps, feeds and robots.txt are exempt.
    """

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("NEWSARCHIVE_HTML_ONLY", True):
            raise NotConfigured
        self.crawler = crawler
        crawler.signals.connect(self.headers_received, signal=signals.headers_received)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HtmlOnlyMiddleware:
        return cls(crawler)

    def headers_received(self, headers: Headers, body_length: int, request: Request, spider: Spider) -> None:
        if request.meta.get(META_ROUTE) not in PAGE_ROUTES:
            return
        raw = headers.get(b"Content-Type")
        content_type = raw.decode("latin-1") if raw else None
        if not is_html_content_type(content_type):
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("newsarchive/refused/not-html")
            raise NotHtmlResponse(fail=True)
