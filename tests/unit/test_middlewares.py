"""The decisions beside the crawler's middlewares and pipeline: back-off, Retry-After,
Content-Type, failure reasons."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest
from scrapy import Request
from scrapy.exceptions import CannotResolveHostError, DownloadCancelledError, DownloadTimeoutError
from scrapy.http import HtmlResponse, Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.internet.error import ConnectionRefusedError

from crawler.items import describe_failure
from crawler.middlewares.host_guard import OffHostRequest
from crawler.middlewares.html_only import NotHtmlResponse, is_html_content_type
from crawler.middlewares.meta_refresh import MetaRefreshMiddleware, may_meta_refresh
from crawler.middlewares.retry import backoff_delay, retry_after_seconds


@pytest.mark.parametrize(("retry", "low", "high"), [(1, 0.5, 1.0), (2, 1.0, 2.0), (3, 2.0, 4.0), (8, 5.0, 10.0)])
def test_backoff_doubles_and_is_capped(retry: int, low: float, high: float) -> None:
    rng = random.Random(7)
    delays = [backoff_delay(retry, base=1.0, cap=10.0, rng=rng) for _ in range(50)]
    assert all(low <= d <= high for d in delays)


def test_backoff_off_when_base_is_zero() -> None:
    assert backoff_delay(3, base=0.0, cap=10.0) == 0.0


def test_retry_after_forms() -> None:
    now = datetime(2024, 7, 14, 8, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("120", now) == 120.0
    assert retry_after_seconds("Sun, 14 Jul 2024 08:00:30 GMT", now) == 30.0
    assert retry_after_seconds("Sun, 14 Jul 2024 07:00:00 GMT", now) == 0.0
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds(None, now) is None


@pytest.mark.parametrize(
    ("value", "html"),
    [
        ("text/html; charset=gb2312", True),
        ("TEXT/HTML", True),
        ("application/xhtml+xml", True),
        (None, True),
        ("", True),
        ("application/pdf", False),
        ("image/jpeg", False),
        ("application/zip", False),
    ],
)
def test_html_content_types(value: str | None, html: bool) -> None:
    assert is_html_content_type(value) is html


def _response(status: int = 200, content_type: str = "text/html") -> Response:
    return HtmlResponse("http://h/x", status=status, headers={"Content-Type": content_type}, body=b"")


@pytest.mark.parametrize(
    ("error", "response", "reason"),
    [
        (None, _response(), None),
        (HttpError(_response(404), "Ignoring non-200 response"), _response(404), None),
        (NotHtmlResponse(fail=True), _response(content_type="application/pdf"), "not-html: application/pdf"),
        (DownloadCancelledError("Expected to receive 5 bytes which is larger than download max size (4)"), None,
         "too-large: Expected to receive 5 bytes which is larger than download max size (4)"),
        (DownloadTimeoutError("Getting http://h/x took longer than 2.0 seconds."), None,
         "timeout: Getting http://h/x took longer than 2.0 seconds."),
        (CannotResolveHostError("no.such.host"), None, "dns: no.such.host"),
        (ConnectionRefusedError("Connection refused"), None,
         "connection-refused: Connection was refused by other side: Connection refused."),
        (OffHostRequest("off-host: 127.0.0.1:9 is not a seed host"), None, "off-host: 127.0.0.1:9 is not a seed host"),
        (ValueError("odd"), None, "fetch: ValueError: odd"),
    ],
)
def test_failure_reasons(error: BaseException | None, response: Response | None, reason: str | None) -> None:
    assert describe_failure(error, response) == reason


@pytest.mark.parametrize(
    ("body", "may"),
    [
        (b'<html><head><meta http-equiv="refresh" content="0; url=/a.html"></head></html>', True),
        (b"<HTML><HEAD><META HTTP-EQUIV=REFRESH CONTENT='5;URL=/b'></HEAD></HTML>", True),
        ('<html><head><title>新闻</title></head><body><p>正文</p></body></html>'.encode("gbk"), False),
        (b"<html><head><title>x</title></head><body>" + b"<p>text</p>" * 5000 + b"refresh</body></html>", False),
        ('<html><head><meta http-equiv="refresh" content="0; url=/u16"></head></html>'.encode("utf-16"), True),
        ('<html><head><title>无</title></head></html>'.encode("utf-16-be"), True),  # no BOM, NUL bytes
    ],
)
def test_which_pages_get_scrapys_meta_refresh_check(body: bytes, may: bool) -> None:
    # "refresh" far past the first 4096 characters is not where a meta refresh can be
    assert may_meta_refresh(body) is may


def _meta_refresh_middleware() -> MetaRefreshMiddleware:
    return MetaRefreshMiddleware.from_crawler(get_crawler(settings_dict={"METAREFRESH_ENABLED": True}))


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16-le"])
def test_a_meta_refresh_is_followed_in_any_encoding(encoding: str) -> None:
    page = '<html><head><meta charset="{0}"><meta http-equiv="refresh" content="0; url=/news/2.html"><title>跳转</title></head></html>'
    response = HtmlResponse("http://news.example.cn/old.html", body=page.format(encoding).encode(encoding), encoding=encoding)
    result = _meta_refresh_middleware().process_response(Request("http://news.example.cn/old.html"), response)
    assert isinstance(result, Request)
    assert result.url == "http://news.example.cn/news/2.html"


def test_a_page_without_meta_refresh_passes_undecoded() -> None:
    body = '<html><head><title>新闻</title></head><body><p>正文</p></body></html>'.encode("gbk")
    response = HtmlResponse("http://news.example.cn/a.html", body=body, encoding="gbk")
    assert _meta_refresh_middleware().process_response(Request("http://news.example.cn/a.html"), response) is response
    assert response._cached_ubody is None  # the crawl process did not decode it (the workers do)


@pytest.mark.parametrize(
    ("delay", "jitter", "crawl_delay", "expected"),
    [
        (0.0, 0.5, 1.0, (1.0, 0.0)),  # raised to the floor: no draw may go below it
        (4.0, 0.5, 1.0, (4.0, 0.5)),  # well above it: untouched
        (1.5, 0.5, 1.0, (1.5, 1 - 1.0 / 1.5)),  # jitter narrowed to stay above it
        (0.5, 0.5, 0.0, (0.5, 0.5)),  # no Crawl-delay
    ],
)
def test_crawl_delay_floors_every_randomised_delay(
    delay: float, jitter: float, crawl_delay: float, expected: tuple[float, float]
) -> None:
    from crawler.middlewares.robots import floored_delay

    floored, narrowed = floored_delay(delay, jitter, crawl_delay)
    assert (floored, narrowed) == pytest.approx(expected)
    assert floored * (1 - narrowed) >= crawl_delay - 1e-9
