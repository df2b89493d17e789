"""Small downloader middlewares, each switched on in crawler/settings.py.

- ``HostGuardMiddleware``   only the seeds' hosts+ports are ever contacted (also after redirects,
                            and before robots.txt is fetched for a stranger host)
- ``BackoffRetryMiddleware`` Scrapy's retries, with exponential back-off and ``Retry-After``
- ``HtmlOnlyMiddleware``    stops a page download as soon as its headers say it is not HTML
- ``MetaRefreshMiddleware`` Scrapy's meta-refresh redirects, without decoding every page to
                            find that it has none (``may_meta_refresh``)

Conditional GET (ETag / Last-Modified, issue 6) belongs here as one more small middleware at
the slot reserved for it in ``DOWNLOADER_MIDDLEWARES`` (priority 560: after retries, before
redirects), reading validators the archive stored on the previous capture.

The decisions are plain functions (``backoff_delay``, ``retry_after_seconds``,
``is_html_content_type``) beside the adapters, as Scrapy does with ``get_retry_request``.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

from scrapy import Request, Spider, signals
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware as ScrapyMetaRefreshMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured, StopDownload
from scrapy.http import HtmlResponse, Response

from crawler.discovery import DATA, origin_of

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http.headers import Headers

__all__ = [
    "BackoffRetryMiddleware",
    "HostGuardMiddleware",
    "HtmlOnlyMiddleware",
    "MetaRefreshMiddleware",
    "OffHostRequest",
    "backoff_delay",
    "is_html_content_type",
    "may_meta_refresh",
    "retry_after_seconds",
]

# Request.meta keys shared by the spider, the middlewares and the pipeline.
META_ROUTE = "newsarchive_route"  # "robots" | "sitemap" | "feed" | "page" | "comments"
META_NOT_BEFORE = "newsarchive_not_before"  # monotonic time before which a retry must wait
PAGE_ROUTES = frozenset({"page", "comments"})


# --------------------------------------------------------------------------- host guard


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


# --------------------------------------------------------------------------- retries


def backoff_delay(retry_number: int, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Seconds to wait before retry ``retry_number`` (1, 2, …): base·2^(n-1), full jitter
    in its upper half, never above ``cap``."""
    if base <= 0:
        return 0.0
    ceiling = min(cap, base * (2 ** max(retry_number - 1, 0)))
    return (rng or random).uniform(ceiling / 2, ceiling)


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """The wait a ``Retry-After`` header asks for (delta-seconds or HTTP-date), None if absent/bad."""
    if not value or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware (same settings), but a retry waits before it is sent:
    ``Retry-After`` on 429/503 when given (capped by NEWSARCHIVE_RETRY_AFTER_MAX), otherwise
    exponential back-off from NEWSARCHIVE_RETRY_BACKOFF_BASE up to NEWSARCHIVE_RETRY_BACKOFF_MAX."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("NEWSARCHIVE_RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("NEWSARCHIVE_RETRY_BACKOFF_MAX", 60.0)
        self.retry_after_max = settings.getfloat("NEWSARCHIVE_RETRY_AFTER_MAX", 300.0)

    async def process_request(self, request: Request) -> None:
        wait = request.meta.get(META_NOT_BEFORE, 0.0) - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        result = super().process_response(request, response)
        if isinstance(result, Request):
            asked = None
            if response.status in (429, 503):
                header = response.headers.get(b"Retry-After")
                asked = retry_after_seconds(header.decode("latin-1") if header else None)
            self._schedule(result, asked)
        return result

    def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:  # type: ignore[override]
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            self._schedule(result, None)
        return result

    def _schedule(self, retry: Request, asked: float | None) -> None:
        if asked is not None:
            delay = min(asked, self.retry_after_max)
            reason = "retry-after"
        else:
            delay = backoff_delay(int(retry.meta.get("retry_times", 1)), self.backoff_base, self.backoff_max)
            reason = "backoff"
        retry.meta[META_NOT_BEFORE] = time.monotonic() + delay
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"newsarchive/retry/{reason}")


# --------------------------------------------------------------------------- HTML only


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


# --------------------------------------------------------------------------- meta refresh

# Scrapy looks for <meta http-equiv="refresh"> in a page's first 4096 characters; no encoding a
# page is served in spends more than 4 bytes on a character.
_REFRESH_WINDOW = 4 * 4096


def may_meta_refresh(body: bytes) -> bool:
    """False when ``body`` certainly holds no meta refresh where Scrapy looks for one: the word
    "refresh" (any case) is not among its first bytes, in an encoding that writes ASCII letters as
    single bytes (UTF-8, GBK, Big5, Shift_JIS, the ISO-8859 family…). UTF-16 and UTF-32 pages,
    told by their byte-order mark or NUL bytes, always get Scrapy's full check."""
    head = body[:_REFRESH_WINDOW]
    if b"\x00" in head[:512] or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    return b"refresh" in head.lower()


class MetaRefreshMiddleware(ScrapyMetaRefreshMiddleware):
    """Scrapy's meta-refresh redirects (same settings, same decisions), for the pages that may
    have one. Scrapy's own middleware decodes every HTML page to text to look: the crawl process
    decoded each page only for this (3 % of its time), and kept the text in memory beside the
    bytes, although the pages are decoded in the extraction workers, with the archive's charset
    detection."""

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        if isinstance(response, HtmlResponse) and not may_meta_refresh(response.body):
            return response
        return super().process_response(request, response)
