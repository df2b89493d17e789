"""``SCHEDULER`` of a ``newsarchive crawl --redis URL`` worker: scrapy-redis's scheduler on a leased
frontier (docs/distributed.md).

From scrapy-redis (``scrapy_redis.scheduler.Scheduler``, pinned in pyproject.toml): enqueueing
through the shared duplicate filter into the shared priority queue, the request (de)serialisation
and the stats. Ours, and why:

- ``next_request`` leases (``crawler.distributed.queue``); a request is acknowledged once the
  engine is done with it — downloaded, its callback run, its page stored by the pipeline, its links
  queued — which is when the engine drops it from its in-progress set. Scrapy has no public signal
  for that moment, so the set is read from the engine's slot (``engine._slot.inprogress``), checked
  at open. A worker holds at most ``NEWSARCHIVE_REDIS_LEASES_MAX`` requests at once (default
  ``CONCURRENT_REQUESTS``), so one worker does not take a whole frontier it cannot serve.
- A tick (every ``NEWSARCHIVE_REDIS_POLL`` s) acknowledges, renews this worker's leases, puts
  dead workers' expired leases back, and wakes the engine when the frontier has work (the engine
  by itself only looks every 5 s when its scheduler says "pending" but hands out nothing).
- ``has_pending_requests`` stays true while the frontier or anyone's leases hold requests, and for
  ``NEWSARCHIVE_REDIS_IDLE`` seconds after both emptied: then the worker finishes.
- A crawl that opens on an empty frontier with nothing leased, while no other worker is starting
  one, is a new crawl: its seen-set starts empty (``crawler.distributed.dupefilter``). Deciding
  that and clearing are one atomic step (``Frontier.begin``) with a start mark the first worker
  holds until its seeds are queued, so workers started together clear nothing another queued.
- A retry's ``not before`` time (crawler.middlewares.retry) is this process's monotonic clock: it
  travels through Redis as Unix time, for whichever worker takes the retry.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.utils.asyncio import create_looping_call
from scrapy_redis.scheduler import Scheduler

from archive.errors import CrawlError
from crawler.distributed import connect, frontier_keys
from crawler.distributed.dupefilter import ExpiringRedisDupeFilter
from crawler.distributed.frontier import Frontier
from crawler.distributed.queue import LeasedPriorityQueue
from crawler.meta import META_NOT_BEFORE, META_ROUTE, PAGE_ROUTES
from crawler.stopping import META_STOPPED

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["LeasedRedisScheduler"]

log = logging.getLogger(__name__)

META_NOT_BEFORE_UNIX = "newsarchive_not_before_unix"  # META_NOT_BEFORE while the request is in Redis
# how long workers that start beside a new crawl's first worker join it while it queues its seeds
START_MARK_SECONDS = 30.0


class LeasedRedisScheduler(Scheduler):
    queue: LeasedPriorityQueue
    df: ExpiringRedisDupeFilter
    frontier: Frontier
    base: str
    lease_seconds: float
    idle_seconds: float
    seen_ttl: float
    poll_seconds: float
    max_held: int
    idle_since: float | None
    starting: bool  # this worker began the crawl and has not yet seen its seeds queued
    renewed_at: float
    tick_call: Any  # a looping call, running from open to close

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LeasedRedisScheduler:
        settings = crawler.settings
        url = settings.get("NEWSARCHIVE_REDIS_URL")
        if not url:
            raise CrawlError("the Redis scheduler needs NEWSARCHIVE_REDIS_URL (newsarchive crawl --redis URL)")
        try:
            server = connect(url)
        except ValueError as exc:
            raise CrawlError(str(exc)) from exc
        scheduler = cls(
            server=server,
            persist=True,  # the frontier is the other workers' too: never flushed on close
            queue_cls="crawler.distributed.queue.LeasedPriorityQueue",
            idle_before_close=0,
        )
        scheduler.stats = crawler.stats
        scheduler.crawler = crawler
        scheduler.base = settings.get("NEWSARCHIVE_REDIS_PREFIX") or "newsarchive"
        scheduler.lease_seconds = settings.getfloat("NEWSARCHIVE_REDIS_LEASE")
        scheduler.idle_seconds = settings.getfloat("NEWSARCHIVE_REDIS_IDLE")
        scheduler.seen_ttl = settings.getfloat("NEWSARCHIVE_REDIS_SEEN_TTL")
        scheduler.poll_seconds = settings.getfloat("NEWSARCHIVE_REDIS_POLL") or 0.5
        scheduler.max_held = settings.getint("NEWSARCHIVE_REDIS_LEASES_MAX") or settings.getint("CONCURRENT_REQUESTS")
        scheduler.idle_since = None
        scheduler.renewed_at = 0.0
        scheduler.tick_call = None
        scheduler.starting = False
        return scheduler

    # ------------------------------------------------------------------ open / close

    def open(self, spider: Any) -> None:
        self._check_engine()
        try:
            keys = frontier_keys(self.base, [site.name for site in getattr(spider, "sites", ())] or [spider.name])
        except ValueError as exc:
            raise CrawlError(str(exc)) from exc
        self.keys = keys
        self.queue_key = keys.frontier
        self.frontier = Frontier(self.server, keys, self.lease_seconds)
        self.df = ExpiringRedisDupeFilter(self.server, keys.seen, self.seen_ttl, self.crawler.settings.getbool("DUPEFILTER_DEBUG"))
        super().open(spider)
        self.queue.frontier = self.frontier
        try:
            new_crawl = self.frontier.begin(mark_seconds=START_MARK_SECONDS)
        except Exception as exc:  # redis.RedisError
            raise CrawlError(f"the shared frontier in Redis failed: {exc}") from exc
        self.starting = new_crawl
        self.stats.set_value("newsarchive/redis/prefix", keys.prefix)
        self.stats.set_value("newsarchive/redis/joined", "started" if new_crawl else "joined")
        self.tick_call = create_looping_call(self._tick)
        self.tick_call.start(self.poll_seconds, now=False)

    def _check_engine(self) -> None:
        slot = getattr(self.crawler.engine, "_slot", None)
        if not isinstance(getattr(slot, "inprogress", None), set):
            raise CrawlError("this Scrapy version's engine has no in-progress set: --redis needs the Scrapy pinned in pyproject.toml")

    def close(self, reason: str) -> None:
        if self.tick_call is not None and self.tick_call.running:
            self.tick_call.stop()
        try:
            self._acknowledge_finished()
            if self.starting:  # stopped before its seeds were queued: the next worker starts afresh
                self.frontier.started()
            released = self.frontier.release(list(self.queue.tokens.values()))
        except Exception as exc:  # redis.RedisError: the leases expire and return by themselves
            log.warning("could not hand this worker's requests back to the shared frontier: %s", exc)
            return
        self.queue.tokens.clear()
        if released:
            self.stats.inc_value("newsarchive/redis/released", released)

    # ------------------------------------------------------------------ the Scheduler interface

    def enqueue_request(self, request: Request) -> bool:
        not_before = request.meta.pop(META_NOT_BEFORE, None)
        if not_before is not None:
            request.meta[META_NOT_BEFORE_UNIX] = time.time() + (float(not_before) - time.monotonic())
        # scrapy-redis's enqueue_request, without its deprecated per-spider stats call
        try:
            if not request.dont_filter and self.df.request_seen(request):
                if request.meta.get(META_ROUTE) in PAGE_ROUTES:
                    self.stats.inc_value("newsarchive/urls/not-fetched/seen-by-the-crawl")
                return False
            self.queue.push(request)
        except Exception as exc:  # redis.RedisError
            self._fatal(exc)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        try:
            self._acknowledge_finished()
            if len(self.queue.tokens) >= self.max_held:
                return None
            request = self.queue.pop()
        except Exception as exc:  # redis.RedisError
            self._fatal(exc)
            return None
        if request is None:
            return None
        self.stats.inc_value("newsarchive/redis/taken")
        not_before = request.meta.pop(META_NOT_BEFORE_UNIX, None)
        if not_before is not None:
            request.meta[META_NOT_BEFORE] = time.monotonic() + (float(not_before) - time.time())
        return request

    def has_pending_requests(self) -> bool:
        if self.queue.tokens:
            self.idle_since = None
            return True
        try:
            busy = not self.frontier.is_empty()
        except Exception as exc:  # redis.RedisError
            self._fatal(exc)
            return False
        if busy:  # queued work, or other workers' leases (whose pages may add more)
            self.idle_since = None
            return True
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
        return now - self.idle_since < self.idle_seconds

    # ------------------------------------------------------------------ leases

    def _acknowledge_finished(self) -> None:
        tokens = self.queue.tokens
        if not tokens:
            return
        engine = self.crawler.engine
        slot = getattr(engine, "_slot", None)
        in_progress = slot.inprogress if slot is not None else set()
        done = [request for request in tokens if request not in in_progress]
        if not done:
            return
        stopped: list[str] = []  # never sent (crawler.stopping): back to the frontier for the other workers
        finished: list[str] = []
        for request in done:
            (stopped if request.meta.get(META_STOPPED) else finished).append(tokens.pop(request))
        if stopped:
            self.frontier.release(stopped)
            self.stats.inc_value("newsarchive/redis/released", len(stopped))
        if finished:
            self.frontier.acknowledge(finished)

    def _tick(self) -> None:
        try:
            self._acknowledge_finished()
            if self.starting and (self.queue.tokens or not self.frontier.is_empty()):
                self.frontier.started()
                self.starting = False
            now = time.monotonic()
            if self.queue.tokens and now - self.renewed_at >= self.lease_seconds / 3:
                self.frontier.renew(list(self.queue.tokens.values()))
                self.renewed_at = now
            requeued = self.frontier.requeue_expired()
            if requeued:
                self.stats.inc_value("newsarchive/redis/requeued", requeued)
                log.info("%d requests of a lost worker's expired leases went back to the frontier", requeued)
            if len(self.queue.tokens) < self.max_held and self.frontier.pending():
                slot = getattr(self.crawler.engine, "_slot", None)
                if slot is not None:
                    slot.nextcall.schedule()
        except Exception as exc:  # redis.RedisError
            self._fatal(exc)

    def _fatal(self, exc: Exception) -> None:
        """Redis failed: stop this worker with one line (its leases expire, the others go on)."""
        stats = self.stats
        if stats.get_value("newsarchive/fatal"):
            return
        log.error("the shared frontier failed: %s", exc)
        stats.set_value("newsarchive/fatal", f"the shared frontier in Redis failed: {str(exc).splitlines()[0]}")
        if self.tick_call is not None and self.tick_call.running:
            self.tick_call.stop()
        engine = self.crawler.engine
        if engine is not None:
            asyncio.ensure_future(engine.close_spider_async(reason="redis-unavailable"))
