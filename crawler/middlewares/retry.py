"""BackoffRetryMiddleware: Scrapy's retries, with exponential back-off and ``Retry-After``.

The waits are plain functions (``backoff_delay``, ``retry_after_seconds``) beside the adapter, as
Scrapy's ``retry.py`` has ``get_retry_request`` beside ``RetryMiddleware``.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response

from crawler.extensions.stop_quickly import wait_unless_stopping
from crawler.meta import META_NOT_BEFORE

__all__ = ["BackoffRetryMiddleware", "backoff_delay", "retry_after_seconds"]


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
            await wait_unless_stopping(self.crawler, request, wait)

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
