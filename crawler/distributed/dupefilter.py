"""scrapy-redis's duplicate filter on a seen-set whose entries expire.

scrapy-redis keeps every fingerprint in a Redis set for ever; an archive that crawls for years
would grow it without bound, and would never fetch a page again once seen. Here the seen-set is a
sorted set scored by when each fingerprint was added: entries older than
``NEWSARCHIVE_REDIS_SEEN_TTL`` are trimmed (at most once a minute, by any worker), and a crawl
that starts on an empty frontier with nothing leased starts a new seen-set
(``crawler.distributed.scheduler``), so tomorrow's crawl re-checks today's pages (conditionally:
crawler.middlewares.conditional).
"""

from __future__ import annotations

import time
from typing import Any

from scrapy import Request
from scrapy_redis.dupefilter import RFPDupeFilter

__all__ = ["ExpiringRedisDupeFilter"]

TRIM_EVERY = 60.0  # seconds between trims of the seen-set (each is one ZREMRANGEBYSCORE)


class ExpiringRedisDupeFilter(RFPDupeFilter):
    """``request_seen`` is one ``ZADD NX``: added means new, as scrapy-redis's ``SADD``."""

    def __init__(self, server: Any, key: str, ttl: float, debug: bool = False) -> None:
        super().__init__(server, key, debug)
        self.ttl = ttl
        self._trimmed_at = 0.0

    def request_seen(self, request: Request) -> bool:
        now = time.time()
        if self.ttl > 0 and now - self._trimmed_at >= min(TRIM_EVERY, self.ttl / 10):
            self.trim(now)
        fingerprint = self.request_fingerprint(request)
        return int(self.server.zadd(self.key, {fingerprint: now}, nx=True)) == 0

    def trim(self, now: float | None = None) -> int:
        """Forget fingerprints older than the TTL; how many were removed."""
        self._trimmed_at = time.time() if now is None else now
        return int(self.server.zremrangebyscore(self.key, "-inf", self._trimmed_at - self.ttl))

    def size(self) -> int:
        return int(self.server.zcard(self.key))

    def close(self, reason: str = "") -> None:
        """Shared with the other workers: kept (scrapy-redis's clears it)."""
