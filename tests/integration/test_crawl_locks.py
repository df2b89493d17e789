"""Crawls under cron: a lock per site in the archive, exit statuses a scheduler can act on, and
runs of killed crawls closed by the next command. Real `newsarchive crawl` subprocesses against
the test site, real signals, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator

import pytest
from site_server import TestSite
from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.errors import EXIT_INTERRUPTED, EXIT_LOCKED, EXIT_OK, EXIT_SITE_DOWN
from archive.store.engine import make_engine
from archive.store.models import SiteLock

from .conftest import NEWSARCHIVE, crawl_runs, run_newsarchive

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_TIMEOUT=2",
        "-s", "RETRY_TIMES=0", "-s", "NEWSARCHIVE_PROGRESS_INTERVAL=60", "--quiet"]
# slow enough to be caught holding its lock: one request a second
SLOW = ["-s", "DOWNLOAD_DELAY=1", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1",
        "-s", "NEWSARCHIVE_PROGRESS_INTERVAL=60", "--quiet"]


@pytest.fixture
def site() -> Iterator[TestSite]:
    served = TestSite().start()
    try:
        yield served
    finally:
        served.stop()


def _start(db_url: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [NEWSARCHIVE, "--db", db_url, "crawl", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )


def _locks(db_url: str) -> list[SiteLock]:
    engine = make_engine(db_url)
    try:
        with Session(engine) as s:
            return list(s.scalars(select(SiteLock)))
    except Exception:  # noqa: BLE001 - the schema may not exist yet: ask again
        return []
    finally:
        engine.dispose()


def _wait_for_lock_and_run(db_url: str, process: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[1][-2000:]
        if _locks(db_url) and any(r.status == "running" for r in crawl_runs(db_url)):
            return
        time.sleep(0.2)
    raise AssertionError("the first crawl never took its lock and recorded its run")


def test_a_second_crawl_of_a_locked_site_exits_locked_with_one_line(db_url: str, site: TestSite) -> None:
    first = _start(db_url, site.base_url, *SLOW)
    try:
        _wait_for_lock_and_run(db_url, first)
        [lock] = _locks(db_url)
        assert lock.pid == first.pid
        second = run_newsarchive("--db", db_url, "crawl", site.base_url, *FAST)
        assert second.returncode == EXIT_LOCKED, second.stderr
        assert second.stderr.count("\n") == 1, second.stderr
        assert second.stderr.startswith("Error: nothing to do: another crawl is running for every site: 127.0.0.1:")
        assert f"locked by pid {first.pid} on " in second.stderr
        first.send_signal(signal.SIGINT)
        _, stderr = first.communicate(timeout=120)
        assert first.returncode == EXIT_INTERRUPTED, stderr[-2000:]
        assert stderr.strip().splitlines()[-1].startswith("Error: the crawl was interrupted")
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait()
    assert _locks(db_url) == []  # released on the way out
    assert [r.status for r in crawl_runs(db_url)] == ["interrupted"]


def test_a_sigkilled_crawls_lock_and_run_never_block_the_next(db_url: str, site: TestSite) -> None:
    first = _start(db_url, site.base_url, *SLOW)
    try:
        _wait_for_lock_and_run(db_url, first)
    finally:
        os.killpg(first.pid, signal.SIGKILL)  # the crawl and its helper processes: nothing cleans up
        first.wait()
    assert [lock.pid for lock in _locks(db_url)] == [first.pid]
    assert [r.status for r in crawl_runs(db_url)] == ["running"]

    listed = run_newsarchive("--db", db_url, "runs")  # any command opening the archive closes the run
    assert listed.returncode == 0, listed.stderr
    [killed] = crawl_runs(db_url)
    assert killed.status == "interrupted" and killed.pid == first.pid and killed.host

    again = run_newsarchive("--db", db_url, "crawl", site.base_url, "--max-pages", "3", *FAST)
    assert again.returncode == EXIT_OK, again.stderr
    assert [r.status for r in crawl_runs(db_url)] == ["interrupted", "finished"]
    assert _locks(db_url) == []


def test_a_crawl_of_a_closed_port_exits_site_down(sqlite_url: str) -> None:
    process = run_newsarchive("--db", sqlite_url, "crawl", "http://127.0.0.1:9/", *FAST)
    assert process.returncode == EXIT_SITE_DOWN, process.stderr
    assert process.stderr.strip().splitlines()[-1].startswith("Error: every fetch failed (")
    assert "0 pages fetched" not in process.stdout  # the failure is recorded, and counted
    [run] = crawl_runs(sqlite_url)
    assert run.status == "finished" and run.errors == run.pages_fetched >= 1


def _plant_lock(db_url: str, pid: int, host: str, expires_in: float) -> None:
    from datetime import UTC, datetime, timedelta

    from archive.store.engine import open_archive

    engine = open_archive(db_url)
    try:
        with Session(engine) as s, s.begin():
            now = datetime.now(UTC)
            s.add(SiteLock(site_name="planted", pid=pid, host=host, locked_at=now - timedelta(hours=1),
                           expires_at=now + timedelta(seconds=expires_in)))
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("pid", "host", "expires_in", "taken"),
    [
        (4242, "another-machine", 60, False),  # a live lease on another host: held
        (4242, "another-machine", -1, True),  # a crawl on another host stopped renewing it
        (os.getpid(), None, -1, True),  # this host, the pid alive (reused by another process): lease ran out
        (os.getpid(), None, 60, False),  # this host, alive and renewing
    ],
)
def test_a_lock_whose_lease_ran_out_is_stale_whoever_holds_it(
    db_url: str, pid: int, host: str | None, expires_in: float, taken: bool
) -> None:
    from archive.store.locks import take_site_locks, this_host

    _plant_lock(db_url, pid, host or this_host(), expires_in)
    engine = make_engine(db_url)
    try:
        outcome = take_site_locks(engine, ["planted"], pid=1, heartbeat=30)
    finally:
        engine.dispose()
    assert outcome.taken == (("planted",) if taken else ())
    [lock] = _locks(db_url)
    assert (lock.pid == 1) is taken


def test_a_crawl_renews_its_lease_and_a_hung_crawls_lock_expires(sqlite_url: str, site: TestSite) -> None:
    db_url = sqlite_url  # the lease rule itself is checked on both backends above
    heartbeat = ["-s", "NEWSARCHIVE_LOCK_HEARTBEAT=0.5"]
    first = _start(db_url, site.base_url, *SLOW, *heartbeat)
    try:
        _wait_for_lock_and_run(db_url, first)
        [taken] = _locks(db_url)
        time.sleep(1.2)
        [renewed] = _locks(db_url)
        assert renewed.pid == first.pid and renewed.expires_at > taken.expires_at  # the heartbeat
        first.send_signal(signal.SIGSTOP)  # hung: alive on this host, renewing nothing
        time.sleep(2.5)  # past its lease (four heartbeats)
        second = run_newsarchive("--db", db_url, "crawl", site.base_url, "--max-pages", "2", *FAST)
        assert second.returncode == EXIT_OK, second.stderr
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    assert [r.status for r in crawl_runs(db_url)][-1] == "finished"
