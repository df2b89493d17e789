"""scrapy-redis's priority queue, pushing hosts in turn and popping by lease (``crawler.distributed.frontier``).

scrapy-redis scores a request by its priority alone, and Redis orders equal scores by their bytes:
a pickled request's bytes begin with its URL, so the frontier handed out one host's requests
after another. Every worker then held requests of the same one or two hosts, which the shared
per-host delay (``crawler.distributed.hosts``) lets through one at a time: a second and third
worker made the crawl slower. Here a push also numbers the request within its host
(``HINCRBY`` on ``FrontierKeys.host_turns``) and the score orders by priority first, then by
that number: within a priority the frontier deals the hosts' requests out in turn, as a fair
queue does, and the requests one worker holds spread over as many hosts as there are.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.utils.httpobj import urlparse_cached
from scrapy_redis.queue import PriorityQueue

from crawler.distributed.frontier import Frontier

__all__ = ["LeasedPriorityQueue"]

# A request's turn within its host stays below this: priorities stay apart (float64 is exact
# far beyond it: 2**53 holds a priority of +-9,000,000 at this scale).
TURNS_PER_PRIORITY = 1_000_000_000

# KEYS: frontier, host turns; ARGV: -priority, host, pickled request.
PUSH = f"""
local turn = redis.call('HINCRBY', KEYS[2], ARGV[2], 1) % {TURNS_PER_PRIORITY}
redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) * {TURNS_PER_PRIORITY} + turn, ARGV[3])
return turn
"""


class LeasedPriorityQueue(PriorityQueue):
    """Counts and clears as scrapy-redis's ``PriorityQueue`` (a sorted set of pickled requests);
    ``push`` scores by priority, then the request's turn within its host; ``pop`` leases. ``tokens`` maps each request this
    worker holds to its lease token until the scheduler acknowledges or releases it."""

    frontier: Frontier

    def __init__(self, server: Any, spider: Any, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        self.tokens: dict[Request, str] = {}
        self._push = server.register_script(PUSH)

    def push(self, request: Request) -> None:
        self._push(
            keys=[self.key, self.frontier.keys.host_turns],
            args=[-request.priority, urlparse_cached(request).netloc, self._encode_request(request)],
        )

    def pop(self, timeout: float = 0) -> Request | None:
        leased = self.frontier.lease()
        if leased is None:
            return None
        token, data = leased
        request: Request = self._decode_request(data)
        self.tokens[request] = token
        return request
