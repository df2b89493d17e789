"""scrapy-redis's priority queue, popping by lease (``crawler.distributed.frontier``)."""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy_redis.queue import PriorityQueue

from crawler.distributed.frontier import Frontier

__all__ = ["LeasedPriorityQueue"]


class LeasedPriorityQueue(PriorityQueue):
    """Pushes, counts and clears as scrapy-redis's ``PriorityQueue`` (a sorted set of pickled
    requests scored by -priority); ``pop`` leases instead. ``tokens`` maps each request this
    worker holds to its lease token until the scheduler acknowledges or releases it."""

    frontier: Frontier

    def __init__(self, server: Any, spider: Any, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        self.tokens: dict[Request, str] = {}

    def pop(self, timeout: float = 0) -> Request | None:
        leased = self.frontier.lease()
        if leased is None:
            return None
        token, data = leased
        request: Request = self._decode_request(data)
        self.tokens[request] = token
        return request
