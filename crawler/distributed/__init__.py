"""Many crawl workers on one frontier in Redis (``newsarchive crawl --redis URL``).

Scrapy runs one process; several of them crawl one set of sites together when their scheduler,
seen-set and per-host politeness live in Redis (docs/distributed.md):

- ``scheduler`` — scrapy-redis's ``Scheduler``, with a queue that *leases* what it hands out
  (``queue``) instead of popping it for good: a worker killed with SIGKILL loses nothing, its
  leases expire and their requests go back to the frontier (``frontier``, Lua scripts).
- ``dupefilter`` — scrapy-redis's ``RFPDupeFilter`` on a sorted set whose entries expire, so the
  seen-set stays bounded; a new crawl (frontier and leases empty) starts it afresh.
- ``hosts`` — a per-host schedule in Redis: N workers do not hit a host N times as often
  (consulted by ``crawler.middlewares.shared_host_limit``).

The workers of one crawl are those crawling the same sites with the same ``--redis`` URL and
``NEWSARCHIVE_REDIS_PREFIX``: their keys are ``frontier_keys``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["FrontierKeys", "connect", "frontier_keys"]


@dataclass(frozen=True)
class FrontierKeys:
    """The Redis keys one crawl's workers share."""

    prefix: str

    @property
    def frontier(self) -> str:  # sorted set: pickled request -> priority, then turn in its host
        return f"{self.prefix}:frontier"

    @property
    def seen(self) -> str:  # sorted set: request fingerprint -> when first seen (Unix time)
        return f"{self.prefix}:seen"

    @property
    def leases(self) -> str:  # sorted set: lease token -> when it expires (Redis server time)
        return f"{self.prefix}:leases"

    @property
    def leased(self) -> str:  # hash: lease token -> "<score> <pickled request>"
        return f"{self.prefix}:leased"

    @property
    def counter(self) -> str:  # string: the last lease token given out
        return f"{self.prefix}:lease-counter"

    @property
    def host_turns(self) -> str:  # hash: host -> requests pushed for it (the frontier deals hosts in turn)
        return f"{self.prefix}:host-turns"

    @property
    def starting(self) -> str:  # string, short-lived: a worker began a new crawl and is queueing its seeds
        return f"{self.prefix}:starting"

    def host(self, netloc: str) -> str:  # string: when the host may next be contacted (ms)
        return f"{self.prefix}:host:{netloc}"


def frontier_keys(base: str, site_names: Iterable[str]) -> FrontierKeys:
    """The keys of the crawl of these sites under ``base`` (``NEWSARCHIVE_REDIS_PREFIX``): two
    crawls of different site sets never share a frontier (a worker can only route the requests of
    sites it knows)."""
    if "%" in base or not base.strip():
        raise ValueError(f"NEWSARCHIVE_REDIS_PREFIX must be a non-empty name without '%', got {base!r}")
    digest = hashlib.sha1("\n".join(sorted(site_names)).encode()).hexdigest()[:12]
    return FrontierKeys(f"{base}:{digest}")


def connect(url: str) -> Any:  # redis.Redis
    """A Redis client for ``url`` (redis://, rediss://, unix://), checked with a PING; raises
    ValueError with one line when the URL is malformed or the server does not answer."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30, health_check_interval=30)
        client.ping()
    except ValueError as exc:
        raise ValueError(f"--redis {url!r} is not a Redis URL (redis://host:port/db): {exc}") from exc
    except redis.RedisError as exc:
        raise ValueError(f"cannot reach Redis at {url}: {exc}") from exc
    return client
