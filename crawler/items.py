"""What the spider hands ArchivePipeline: one ``PageItem`` per page response or page failure.

``fetched_page`` turns a Scrapy response (or the failure in its place) into the plain, picklable
``archive.process.FetchedPage`` the extraction workers and the writer take; ``describe_failure``
names why a fetch gave no usable page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    ResponseDataLossError,
    StopDownload,
)
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as twisted_error
from twisted.internet.defer import CancelledError
from twisted.internet.defer import TimeoutError as DeferTimeoutError

from archive.process import FetchedPage, ProcessedPage
from crawler.meta import META_PARENT, META_ROUTE
from crawler.middlewares.host_guard import OffHostRequest

if TYPE_CHECKING:
    from crawler.sites import SiteConfig

__all__ = ["PageItem", "describe_failure", "fetched_page"]


@dataclass(frozen=True)
class PageItem:
    """A fetched (or failed) page or comment page, sitemap or feed, and what its processing gave
    (decoded and extracted in a worker; the spider awaited it to follow the links read there)."""

    page: FetchedPage
    processed: ProcessedPage


def describe_failure(error: BaseException | None, response: Response | None) -> str | None:
    """A short reason, ``kind: detail``, for a fetch that did not give a usable page.

    None for an HTTP error status (the archive records the status itself, as ``http 404``)."""
    if error is None or isinstance(error, HttpError):
        return None
    if isinstance(error, StopDownload) and response is not None:
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1") or "unknown"
        return f"not-html: {content_type}"
    if isinstance(error, (DownloadCancelledError, CancelledError)):
        return f"too-large: {error}" if str(error) else "too-large: over DOWNLOAD_MAXSIZE"
    if isinstance(error, (DownloadTimeoutError, DeferTimeoutError, twisted_error.TimeoutError)):
        return f"timeout: {error}" if str(error) else "timeout"
    if isinstance(error, (CannotResolveHostError, twisted_error.DNSLookupError)):
        return f"dns: {error}"
    if isinstance(error, (DownloadConnectionRefusedError, twisted_error.ConnectionRefusedError)):
        return f"connection-refused: {error}"
    if isinstance(
        error,
        (ResponseDataLossError, DownloadFailedError, twisted_error.ConnectionLost, twisted_error.ConnectionDone),
    ):
        return f"connection-lost: {error}"
    if isinstance(error, OffHostRequest):
        return str(error)  # "off-host: host:port is not a seed host"
    return f"fetch: {type(error).__name__}: {error}"


def _headers(headers: Any) -> tuple[tuple[str, str], ...]:
    return tuple(
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    )


def fetched_page(
    request: Request,
    site: SiteConfig,
    fetched_at: datetime,
    *,
    response: Response | None = None,
    failure: BaseException | None = None,
) -> FetchedPage:
    """The plain, picklable record of one fetch, as ``archive.ingest.writer`` expects it: the URL
    first requested (before redirects), the route and parent page the spider gave the request,
    and the response, or why none came (``failure``: HttpError, timeout, …)."""
    request_url = (request.meta.get("redirect_urls") or [request.url])[0]
    error = describe_failure(failure, response)
    keep_body = response is not None and error is None
    return FetchedPage(
        url=request_url,
        final_url=response.url if response is not None else request_url,
        status=response.status if response is not None else None,
        headers=_headers(response.headers) if response is not None else (),
        body=response.body if keep_body and response is not None else b"",
        fetched_at=fetched_at,
        site=site.name,
        error=error,
        kind=request.meta.get(META_ROUTE, "page"),
        parent_url=request.meta.get(META_PARENT),
        timezone=site.timezone,
        comment_selectors=site.comment_selectors,
        request_headers=_headers(response.request.headers) if response is not None and response.request else (),
        article_hint=_article_hint(request_url, site),
    )


def _article_hint(url: str, site: SiteConfig) -> bool | None:
    """True when the site's article patterns match the URL; otherwise the page decides alone."""
    parts = urlsplit(url)
    return True if site.is_article_url(parts.path + (f"?{parts.query}" if parts.query else "")) else None
