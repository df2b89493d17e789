"""A per-host schedule shared by every worker: N workers do not hit a host N times as often.

Each host (``host:port``) has one Redis key holding when it may next be contacted, in the Redis
server's milliseconds. ``reserve`` (one Lua script, atomic) takes the next free time for one
request and moves the key ``interval`` further; the caller waits until its time. Whatever the
number of workers, consecutive requests to a host start at least ``interval`` apart — a queue of
reservations, not a retry loop, so no worker starves and no Redis call is wasted.
"""

from __future__ import annotations

from typing import Any

__all__ = ["HostSchedule"]

# KEYS: the host's key; ARGV: interval (ms). Returns how long the caller waits (ms).
RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(now, free)
local interval = tonumber(ARGV[1])
redis.call('SET', KEYS[1], start + interval, 'PX', start - now + interval + 60000)
return start - now
"""


class HostSchedule:
    def __init__(self, server: Any, prefix: str) -> None:
        self.server = server
        self.prefix = prefix
        self._reserve = server.register_script(RESERVE)

    def key(self, netloc: str) -> str:
        return f"{self.prefix}:host:{netloc}"

    def reserve(self, netloc: str, interval: float) -> float:
        """Seconds to wait before contacting ``netloc``, with the host's next turn taken."""
        waited = self._reserve(keys=[self.key(netloc)], args=[max(0, round(interval * 1000))])
        return int(waited) / 1000.0
