"""The shared frontier's Redis parts on the real Redis: leases that expire back into the frontier,
a seen-set whose entries expire, and a host schedule that spaces every worker's requests."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from scrapy import Request

from crawler.distributed import FrontierKeys, frontier_keys
from crawler.distributed.dupefilter import ExpiringRedisDupeFilter
from crawler.distributed.frontier import Frontier
from crawler.distributed.hosts import HostSchedule
from tests.conftest import REDIS_PORT, require_service


@pytest.fixture
def server() -> Iterator[Any]:
    require_service("Redis", "127.0.0.1", REDIS_PORT)
    import redis

    client = redis.Redis(host="127.0.0.1", port=REDIS_PORT)
    prefix = f"na_test_{uuid.uuid4().hex[:10]}"
    client.prefix = prefix  # type: ignore[attr-defined]
    yield client
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)
    client.close()


def _keys(server: Any) -> FrontierKeys:
    return FrontierKeys(server.prefix)


def test_a_dead_workers_lease_expires_back_into_the_frontier_with_its_priority(server: Any) -> None:
    keys = _keys(server)
    server.zadd(keys.frontier, {b"high": -20, b"low": 0})
    dead = Frontier(server, keys, lease_seconds=0.3)
    token, data = dead.lease()
    assert data == b"high" and dead.pending() == 1 and dead.leased() == 1
    alive = Frontier(server, keys, lease_seconds=30)
    assert alive.requeue_expired() == 0  # not yet expired
    time.sleep(0.4)
    assert alive.requeue_expired() == 1
    assert server.zrange(keys.frontier, 0, -1, withscores=True) == [(b"high", -20.0), (b"low", 0.0)]
    assert alive.lease() is not None and alive.leased() == 1
    dead.acknowledge([token])  # a late acknowledgement of a lease already given back changes nothing
    assert alive.leased() == 1 and alive.pending() == 1


def test_renewed_leases_do_not_expire_and_released_ones_return_at_once(server: Any) -> None:
    keys = _keys(server)
    server.zadd(keys.frontier, {b"a": 0, b"b": 0})
    worker = Frontier(server, keys, lease_seconds=0.3)
    first, _ = worker.lease()
    second, _ = worker.lease()
    for _ in range(3):
        time.sleep(0.15)
        worker.renew([first, second])
    assert worker.requeue_expired() == 0 and worker.leased() == 2
    worker.acknowledge([first])
    assert worker.release([second]) == 1
    assert worker.leased() == 0 and worker.pending() == 1 and not worker.is_empty()


def test_the_seen_set_forgets_entries_older_than_its_ttl(server: Any) -> None:
    seen = ExpiringRedisDupeFilter(server, _keys(server).seen, ttl=0.3)
    old, new = Request("http://127.0.0.1:1/old"), Request("http://127.0.0.1:1/new")
    assert not seen.request_seen(old)
    assert seen.request_seen(old)
    time.sleep(0.35)
    assert not seen.request_seen(new)  # trims first: the old entry is gone
    assert seen.size() == 1
    assert not seen.request_seen(old)  # seen again, as new


def test_each_host_turn_is_at_least_the_interval_after_the_last_whoever_asks(server: Any) -> None:
    workers = [HostSchedule(server, server.prefix) for _ in range(3)]
    key = workers[0].key("127.0.0.1:8080")
    waits, next_free = [], []  # the key holds when the host is next free (ms): the last turn + 100
    for i in range(6):
        waits.append(workers[i % 3].reserve("127.0.0.1:8080", 0.1))
        next_free.append(int(server.get(key)))
    assert waits[0] == 0.0 and max(waits) > 0
    for (earlier, later), wait in zip(zip(next_free, next_free[1:]), waits[1:]):
        assert later - earlier >= 100  # turns 0.1 s apart at least
        if wait > 0:
            assert later - earlier == 100  # queued right behind the previous turn
    assert workers[0].reserve("127.0.0.1:8081", 0.1) == 0.0  # another host is free


def test_crawls_of_different_sites_never_share_a_frontier() -> None:
    assert frontier_keys("p", ["a", "b"]) == frontier_keys("p", ["b", "a"])
    assert frontier_keys("p", ["a"]).frontier != frontier_keys("p", ["a", "b"]).frontier
    with pytest.raises(ValueError, match="without '%'"):
        frontier_keys("p%(spider)s", ["a"])


def test_the_frontier_deals_hosts_in_turn_within_a_priority(server: Any) -> None:
    """Workers lease in frontier order: one host's whole backlog first would leave every worker
    holding requests of that one host, which its shared delay lets through one at a time."""
    from scrapy import Spider

    from crawler.distributed.queue import LeasedPriorityQueue

    keys = _keys(server)
    queue = LeasedPriorityQueue(server, Spider(name="s"), keys.frontier)
    queue.frontier = Frontier(server, keys, lease_seconds=30)
    for n in range(4):  # a's backlog is queued before b's and c's
        queue.push(Request(f"http://a.test/{n}"))
    for host in ("b", "c"):
        for n in range(2):
            queue.push(Request(f"http://{host}.test/{n}"))
    queue.push(Request("http://c.test/home", priority=10))
    order = []
    while (request := queue.pop()) is not None:
        order.append(request.url)
    assert order[0] == "http://c.test/home"  # priority first
    hosts = [url.split("/")[2][0] for url in order[1:]]
    assert set(hosts[:3]) == set(hosts[3:6]) == {"a", "b", "c"}
    assert hosts[6:] == ["a", "a"]
    assert [url for url in order if "a.test" in url] == [f"http://a.test/{n}" for n in range(4)]  # a host's own order kept


def test_of_workers_started_together_one_begins_the_crawl_and_none_forgets_the_seeds_it_queued(server: Any) -> None:
    """Two workers open on an empty frontier at once: the second must join, not clear the seen-set
    the first has begun to fill (its seeds would be queued and fetched twice)."""
    keys = _keys(server)
    first, second = Frontier(server, keys, lease_seconds=30), Frontier(server, keys, lease_seconds=30)
    server.zadd(keys.seen, {b"left-by-the-last-crawl": 1.0})
    assert first.begin(mark_seconds=30) is True
    assert server.zcard(keys.seen) == 0  # a new crawl starts with an empty seen-set
    server.zadd(keys.seen, {b"home-page": time.time()})  # the first worker's seed, not yet in the frontier
    assert second.begin(mark_seconds=30) is False
    assert server.zcard(keys.seen) == 1
    server.zadd(keys.frontier, {b"home-page-request": 0})
    first.started()
    assert second.begin(mark_seconds=30) is False  # a crawl is going on: join it
    server.delete(keys.frontier)  # it finished
    assert second.begin(mark_seconds=30) is True  # the next crawl is new again
    assert server.zcard(keys.seen) == 0


def test_a_starting_worker_that_dies_does_not_keep_others_from_beginning(server: Any) -> None:
    keys = _keys(server)
    assert Frontier(server, keys, lease_seconds=30).begin(mark_seconds=0.2) is True  # dies before queueing
    later = Frontier(server, keys, lease_seconds=30)
    assert later.begin(mark_seconds=30) is False
    time.sleep(0.3)
    assert later.begin(mark_seconds=30) is True
