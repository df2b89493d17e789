"""The decisions beside the crawler's middlewares and pipeline: back-off, Retry-After,
Content-Type, failure reasons."""

from __future__ import annotations

import random
from datetime import datetime, timezone

import pytest
from scrapy.exceptions import CannotResolveHostError, DownloadCancelledError, DownloadTimeoutError
from scrapy.http import HtmlResponse, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionRefusedError

from crawler.middlewares import NotHtmlResponse, OffHostRequest, backoff_delay, is_html_content_type, retry_after_seconds
from crawler.processing import describe_failure


@pytest.mark.parametrize(("retry", "low", "high"), [(1, 0.5, 1.0), (2, 1.0, 2.0), (3, 2.0, 4.0), (8, 5.0, 10.0)])
def test_backoff_doubles_and_is_capped(retry: int, low: float, high: float) -> None:
    rng = random.Random(7)
    delays = [backoff_delay(retry, base=1.0, cap=10.0, rng=rng) for _ in range(50)]
    assert all(low <= d <= high for d in delays)


def test_backoff_off_when_base_is_zero() -> None:
    assert backoff_delay(3, base=0.0, cap=10.0) == 0.0


def test_retry_after_forms() -> None:
    now = datetime(2024, 7, 14, 8, 0, 0, tzinfo=timezone.utc)
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

