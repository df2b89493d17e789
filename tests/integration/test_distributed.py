"""`newsarchive crawl --redis URL`: several workers (separate processes) on one frontier in the
real Redis, writing to one PostgreSQL archive.

The site (tests/site/next_day.py) records when each request arrived, so the per-host limit is
measured where it matters: at the server. Each test's Redis keys have their own prefix and are
deleted afterwards.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from next_day import NewsDaySite

from tests.conftest import REDIS_PORT, fresh_pg_database, require_service

from .conftest import NEWSARCHIVE

REDIS_URL = f"redis://127.0.0.1:{REDIS_PORT}/0"
DELAY = 0.1  # the per-host delay: at most 10 requests a second, whatever the number of workers
WORKER_SETTINGS = {
    "DOWNLOAD_DELAY": str(DELAY),
    "AUTOTHROTTLE_ENABLED": "False",
    "DOWNLOAD_TIMEOUT": "5",
    "RETRY_TIMES": "1",
    "NEWSARCHIVE_WORKERS": "1",  # three crawls share two cores here
    "NEWSARCHIVE_PROGRESS_INTERVAL": "60",
    "NEWSARCHIVE_CONTACT_URL": "http://archive.example.org/contact",
    "NEWSARCHIVE_REDIS_IDLE": "2",
    "NEWSARCHIVE_REDIS_POLL": "0.2",
    "NEWSARCHIVE_REDIS_LEASES_MAX": "3",
}


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A key prefix of this test's own in the real Redis; its keys are deleted afterwards."""
    require_service("Redis", "127.0.0.1", REDIS_PORT)
    import redis

    prefix = f"na_test_{uuid.uuid4().hex[:10]}"
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)
    client.close()


def _worker(site: NewsDaySite, db_url: str, prefix: str, **settings: str) -> subprocess.Popen[str]:
    args = [NEWSARCHIVE, "--db", db_url, "crawl", site.base_url, "--redis", REDIS_URL, "--quiet"]
    for name, value in {**WORKER_SETTINGS, "NEWSARCHIVE_REDIS_PREFIX": prefix, **settings}.items():
        args += ["-s", f"{name}={value}"]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def _finish(workers: Sequence[subprocess.Popen[str]]) -> list[str]:
    outputs = []
    for process in workers:
        stdout, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr[-3000:]
        outputs.append(stdout)
    return outputs


def _query(db_url: str, sql: str) -> list[tuple]:
    from sqlalchemy import text

    from archive.store.engine import make_engine

    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql))]
    finally:
        engine.dispose()


def _taken(stdout: str) -> int:
    found = re.search(r"took (\d+) requests", stdout)
    assert found, stdout
    return int(found[1])


def _peak_per_second(arrivals: Sequence[float]) -> int:
    """The most requests that arrived within any one second."""
    times = sorted(arrivals)
    return max((sum(1 for t in times[i:] if t - start < 1.0) for i, start in enumerate(times)), default=0)


def _story_archive(db_url: str) -> dict[str, tuple[int, int]]:
    """Each story (by URL path): (its versions, its captures)."""
    rows = _query(
        db_url,
        "SELECT a.canonical_url, (SELECT count(*) FROM article_versions v WHERE v.article_id = a.id), "
        "(SELECT count(*) FROM captures c WHERE c.requested_url = a.canonical_url) FROM articles a",
    )
    return {re.sub(r"^http://[^/]+", "", url): (versions, captures) for url, versions, captures in rows}


@dataclass(frozen=True)
class Crawled:
    site: NewsDaySite
    db_url: str
    outputs: list[str]
    alone: NewsDaySite  # the same site crawled by one worker, meanwhile, into SQLite
    alone_output: str


@pytest.fixture
def three_workers(redis_prefix: str, tmp_path: Path) -> Iterator[Crawled]:
    """Three workers crawl a 16-story site into one new PostgreSQL archive, started together; at
    the same time one worker crawls another copy of the site (another port: another host) alone."""
    site, alone = NewsDaySite(stories=16).start(), NewsDaySite(stories=16).start()
    try:
        with fresh_pg_database("na_redis") as db_url:
            single = _worker(alone, f"sqlite:///{tmp_path / 'one.db'}", f"{redis_prefix}:one")
            outputs = _finish([_worker(site, db_url, redis_prefix) for _ in range(3)])
            yield Crawled(site, db_url, outputs, alone, _finish([single])[0])
    finally:
        site.stop()
        alone.stop()


def test_three_workers_archive_every_story_once_and_keep_the_host_to_its_delay(three_workers: Crawled) -> None:
    crawled = three_workers
    stories = _story_archive(crawled.db_url)
    assert set(stories) == {crawled.site.story_path(n) for n in crawled.site.live()}
    assert {path: counts for path, counts in stories.items() if counts != (1, 1)} == {}  # one version, one fetch
    fetched = Counter(url for (url,) in _query(crawled.db_url, "SELECT requested_url FROM captures"))
    assert [url for url, n in fetched.items() if n > 1] == []
    assert all(_taken(out) > 0 for out in crawled.outputs), crawled.outputs  # each worker did its share
    assert sum(_taken(out) for out in crawled.outputs) == _taken(crawled.alone_output)
    limit = round(1 / DELAY)
    three, one = _peak_per_second(crawled.site.arrivals), _peak_per_second(crawled.alone.arrivals)
    assert three <= limit + 1, three
    assert one <= limit + 1, one
    # three workers were no faster on the host than one: it saw its requests at least DELAY apart
    duration = max(crawled.site.arrivals) - min(crawled.site.arrivals)
    assert duration >= (len(crawled.site.arrivals) - 1) * DELAY * 0.9, (duration, len(crawled.site.arrivals))


def test_a_worker_killed_mid_crawl_loses_nothing_and_nothing_is_archived_twice(redis_prefix: str) -> None:
    import redis

    site = NewsDaySite(stories=24, delay=0.5).start()  # slow stories: a busy worker always holds some
    client = redis.Redis.from_url(REDIS_URL)
    try:
        with fresh_pg_database("na_redis_kill") as db_url:
            settings = {"NEWSARCHIVE_REDIS_LEASE": "2", "DOWNLOAD_DELAY": "0.02", "NEWSARCHIVE_REDIS_LEASES_MAX": "2"}
            workers = [_worker(site, db_url, redis_prefix, **settings) for _ in range(3)]
            victim = workers[0]
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and victim.poll() is None:
                frontier = [k for k in client.scan_iter(f"{redis_prefix}:*:frontier")]
                queued = client.zcard(frontier[0]) if frontier else 0
                stored = _query(db_url, "SELECT count(*) FROM captures")[0][0] if _has_schema(db_url) else 0
                if stored >= 5 and queued >= 3:  # under way, and every worker busy with its full share
                    break
                time.sleep(0.05)
            assert victim.poll() is None, "the crawl ended before a worker could be killed"
            os.killpg(victim.pid, signal.SIGKILL)
            victim.wait(timeout=30)
            outputs = _finish(workers[1:])
            returned = sum(int(m[1]) for out in outputs for m in re.finditer(r"returned (\d+) of a lost worker", out))
            assert returned >= 1, outputs  # the killed worker held leases: they came back

            stories = _story_archive(db_url)
            assert set(stories) == {site.story_path(n) for n in site.live()}
            assert {path: versions for path, (versions, _) in stories.items() if versions != 1} == {}
            # a page the killed worker had stored but not acknowledged is fetched again, and the
            # archive's unique keys keep it one article, one version, its comments once
            assert _query(db_url, "SELECT count(*), count(DISTINCT canonical_url) FROM articles")[0] == (len(stories),) * 2
            duplicated = _query(
                db_url, "SELECT count(*) FROM (SELECT article_id, author, text FROM comments "
                "GROUP BY article_id, author, text HAVING count(*) > 1) d",
            )
            assert duplicated == [(0,)]
            assert _query(db_url, "SELECT count(*) FROM comments")[0][0] > 0
    finally:
        client.close()
        site.stop()


def test_a_worker_stopped_with_ctrl_c_hands_back_what_it_had_not_sent(redis_prefix: str) -> None:
    """A polite worker holds leased requests it has not sent yet; Ctrl-C ends it with the downloads
    under way (not after a queue sent a second apart), and those requests go straight back to the
    frontier: the next worker archives every story once, without waiting for a lease to expire."""
    import redis

    from archive.errors import EXIT_INTERRUPTED

    site = NewsDaySite(stories=16).start()
    client = redis.Redis.from_url(REDIS_URL, decode_responses=True)
    try:
        with fresh_pg_database("na_redis_stop") as db_url:
            polite = {"DOWNLOAD_DELAY": "1", "CONCURRENT_REQUESTS_PER_DOMAIN": "1", "NEWSARCHIVE_REDIS_LEASES_MAX": "8",
                      "NEWSARCHIVE_REDIS_LEASE": "600"}  # a lease that would outlive the test
            worker = _worker(site, db_url, redis_prefix, **polite)
            held, leases = 0, ""
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and worker.poll() is None:
                leases = next(iter(client.scan_iter(f"{redis_prefix}:*:leases")), "")
                held = client.zcard(leases) if leases else 0
                if held >= 4:
                    break
                time.sleep(0.05)
            assert worker.poll() is None and held >= 4, worker.communicate()[1][-2000:]
            os.killpg(worker.pid, signal.SIGINT)
            asked = time.monotonic()
            _, stderr = worker.communicate(timeout=60)
            stopped_after = time.monotonic() - asked
            assert worker.returncode == EXIT_INTERRUPTED, stderr[-2000:]
            assert stopped_after < 8, stopped_after
            assert client.zcard(leases) == 0
            frontier = leases.removesuffix(":leases") + ":frontier"
            assert client.zcard(frontier) >= held - 1  # all but the one in flight are queued again

            _finish([_worker(site, db_url, redis_prefix)])
            stories = _story_archive(db_url)
            assert set(stories) == {site.story_path(n) for n in site.live()}
            assert {path: counts for path, counts in stories.items() if counts != (1, 1)} == {}
    finally:
        client.close()
        site.stop()


def _has_schema(db_url: str) -> bool:
    return bool(_query(db_url, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'captures'")[0][0])




@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--redis", "redis://127.0.0.1:1/0"], "cannot reach Redis at redis://127.0.0.1:1/0"),
        (["--redis", "localhost:6379"], "is not a Redis URL"),
        (["--redis", REDIS_URL, "--jobdir", "job"], "--jobdir and --redis do not mix"),
    ],
)
def test_a_bad_redis_option_is_one_line_before_anything_is_crawled(tmp_path: Path, extra: list[str], message: str) -> None:
    db = tmp_path / "archive.db"
    process = subprocess.run(
        [NEWSARCHIVE, "--db", f"sqlite:///{db}", "crawl", "http://127.0.0.1:9/", *extra],
        capture_output=True, text=True, timeout=60, cwd=tmp_path, check=False,
    )
    assert process.returncode == 1
    assert process.stderr.count("\n") == 1 and message in process.stderr, process.stderr
    assert not (tmp_path / "job").exists()
