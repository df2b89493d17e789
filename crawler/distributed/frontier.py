"""The shared frontier's leases: what a worker takes, it holds until it finished or died.

scrapy-redis pops a request from the frontier for good, so a worker killed between the pop and
the archive's commit loses it. Here a pop (``LEASE``, one Lua script, atomic) moves the request
into ``leased`` under a token whose expiry sits in the ``leases`` sorted set. A live worker renews
its tokens and acknowledges each when the engine is done with the request (downloaded, parsed,
its page stored, its links queued); a dead worker's leases expire and any worker puts their
requests back into the frontier (``REQUEUE``) with their old priority. Expiry times are the Redis
server's clock (``TIME``), so workers on machines whose clocks differ agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from crawler.distributed import FrontierKeys

__all__ = ["Frontier"]

# KEYS: frontier, leases, leased, counter; ARGV: lease seconds. Returns {token, request} or nil.
LEASE = """
local item = redis.call('ZPOPMIN', KEYS[1])
if #item == 0 then return nil end
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local token = tostring(redis.call('INCR', KEYS[4]))
redis.call('HSET', KEYS[3], token, item[2] .. ' ' .. item[1])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), token)
return {token, item[1]}
"""

# KEYS: frontier, leases, leased; ARGV: cutoff ('now' for the server's time). Returns how many.
REQUEUE = """
local cutoff = ARGV[1]
if cutoff == 'now' then
  local t = redis.call('TIME')
  cutoff = tonumber(t[1]) + tonumber(t[2]) / 1000000
end
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', cutoff)
for _, token in ipairs(expired) do
  local value = redis.call('HGET', KEYS[3], token)
  if value then
    local space = string.find(value, ' ', 1, true)
    redis.call('ZADD', KEYS[1], tonumber(string.sub(value, 1, space - 1)), string.sub(value, space + 1))
  end
  redis.call('HDEL', KEYS[3], token)
  redis.call('ZREM', KEYS[2], token)
end
return #expired
"""

# KEYS: leases; ARGV: lease seconds, tokens... Only tokens still leased are renewed.
RENEW = """
local t = redis.call('TIME')
local expiry = tonumber(t[1]) + tonumber(t[2]) / 1000000 + tonumber(ARGV[1])
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', expiry, ARGV[i]) end
return #ARGV - 1
"""

# KEYS: frontier, leases, leased; ARGV: tokens. Hands the tokens' requests back at once.
RELEASE = """
local n = 0
for i = 1, #ARGV do
  local value = redis.call('HGET', KEYS[3], ARGV[i])
  if value then
    local space = string.find(value, ' ', 1, true)
    redis.call('ZADD', KEYS[1], tonumber(string.sub(value, 1, space - 1)), string.sub(value, space + 1))
    n = n + 1
  end
  redis.call('HDEL', KEYS[3], ARGV[i])
  redis.call('ZREM', KEYS[2], ARGV[i])
end
return n
"""

# KEYS: frontier, leases, seen, host-turns, starting; ARGV: how long (ms) the start mark lasts at
# most. A worker that finds nothing queued, nothing leased and no other worker starting begins a
# new crawl: the seen-set and host turns are cleared and the mark set, in one step, so that of
# workers started together exactly one clears and none clears the seeds another just queued.
BEGIN = """
if redis.call('EXISTS', KEYS[5]) == 1 then return 0 end
if redis.call('ZCARD', KEYS[1]) > 0 or redis.call('ZCARD', KEYS[2]) > 0 then return 0 end
redis.call('DEL', KEYS[3], KEYS[4])
redis.call('SET', KEYS[5], '1', 'PX', tonumber(ARGV[1]))
return 1
"""


class Frontier:
    """The leasing half of the shared frontier (scrapy-redis's queue pushes into ``keys.frontier``)."""

    def __init__(self, server: Any, keys: FrontierKeys, lease_seconds: float) -> None:
        self.server = server
        self.keys = keys
        self.lease_seconds = lease_seconds
        self._lease = server.register_script(LEASE)
        self._requeue = server.register_script(REQUEUE)
        self._renew = server.register_script(RENEW)
        self._release = server.register_script(RELEASE)
        self._begin = server.register_script(BEGIN)

    def begin(self, mark_seconds: float) -> bool:
        """True when this worker starts a new crawl (and has cleared its seen-set and host turns),
        False when it joins one that is going on or being started. The start mark lasts until
        ``started`` or ``mark_seconds``, whichever is first (a starter that dies does not block)."""
        k = self.keys
        return bool(self._begin(keys=[k.frontier, k.leases, k.seen, k.host_turns, k.starting],
                                args=[max(1, round(mark_seconds * 1000))]))

    def started(self) -> None:
        """The starting worker's seeds are queued: a worker that finds the frontier empty from now
        on finds a finished crawl, and begins a new one."""
        self.server.delete(self.keys.starting)

    def lease(self) -> tuple[str, bytes] | None:
        """The frontier's first request (lowest score), leased: (token, pickled request) or None."""
        k = self.keys
        found = self._lease(keys=[k.frontier, k.leases, k.leased, k.counter], args=[self.lease_seconds])
        if not found:
            return None
        token, data = found
        return token.decode() if isinstance(token, bytes) else str(token), data

    def acknowledge(self, tokens: Sequence[str]) -> None:
        """The tokens' requests are done: forget them."""
        if tokens:
            pipe = self.server.pipeline(transaction=True)
            pipe.zrem(self.keys.leases, *tokens)
            pipe.hdel(self.keys.leased, *tokens)
            pipe.execute()

    def renew(self, tokens: Sequence[str]) -> None:
        if tokens:
            self._renew(keys=[self.keys.leases], args=[self.lease_seconds, *tokens])

    def requeue_expired(self) -> int:
        """Put the requests of expired leases (of dead workers) back into the frontier."""
        k = self.keys
        return int(self._requeue(keys=[k.frontier, k.leases, k.leased], args=["now"]))

    def release(self, tokens: Sequence[str]) -> int:
        """Hand these leases' requests back to the frontier now (a worker stopping early)."""
        if not tokens:
            return 0
        k = self.keys
        return int(self._release(keys=[k.frontier, k.leases, k.leased], args=list(tokens)))

    def pending(self) -> int:
        return int(self.server.zcard(self.keys.frontier))

    def leased(self) -> int:
        return int(self.server.zcard(self.keys.leases))

    def is_empty(self) -> bool:
        """Nothing queued and nothing leased: no crawl is going on under these keys."""
        pipe = self.server.pipeline(transaction=False)
        pipe.zcard(self.keys.frontier)
        pipe.zcard(self.keys.leases)
        queued, leased = pipe.execute()
        return not queued and not leased
