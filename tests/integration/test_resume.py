"""`newsarchive crawl --jobdir DIR` killed with SIGKILL at several points, then resumed.

The site (tests/site/next_day.py, 40 stories, each answered after 0.1 s) is crawled once without
interruption into one archive, and once into another as a job that is killed (the crawl's whole
process group, SIGKILL) before it stored anything and after about 3, 18 and 33 captures, then run
to the end with the same --jobdir. Both archives must hold the same articles, versions and
comments, the job must never have archived a page twice, and robots.txt must have been obeyed.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from next_day import NewsDaySite

from crawler.scheduler import JOURNAL_NAME

from .conftest import NEWSARCHIVE

# one page per transaction: the kills land between the thresholds however busy the machine is
# (a loaded writer would otherwise commit most of the site in one batch)
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "NEWSARCHIVE_PROGRESS_INTERVAL=60",
        "-s", "NEWSARCHIVE_WRITER_BATCH=1"]
KILL_AFTER_CAPTURES = (3, 18, 33)


def _start(site: NewsDaySite, db: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [NEWSARCHIVE, "--db", f"sqlite:///{db}", "crawl", site.base_url, *extra, *FAST],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )


def _finish(process: subprocess.Popen[str]) -> str:
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr[-3000:]
    return stdout


def _query(db: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(db, timeout=0.5)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def _captures(db: Path) -> int:
    try:
        return int(_query(db, "SELECT count(*) FROM captures")[0][0])
    except sqlite3.Error:  # not created yet, or busy: ask again
        return 0


def _kill(process: subprocess.Popen[str]) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


@dataclass(frozen=True)
class Resumed:
    site: NewsDaySite
    whole: Path  # the uninterrupted crawl's archive
    job: Path  # the killed-and-resumed job's archive
    killed_at: tuple[int, ...]  # captures in the job's archive at each kill
    last_run: str  # the stdout of the run that finished the job
    rerun: str  # a later run with the same --jobdir (a new job)


@pytest.fixture(scope="module")
def resumed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Resumed]:
    work = tmp_path_factory.mktemp("resume")
    site = NewsDaySite(stories=40, delay=0.1).start()
    try:
        whole, job, jobdir = work / "whole.db", work / "job.db", work / "job"
        _finish(_start(site, whole))
        killed_at = []
        process = _start(site, job, "--jobdir", str(jobdir))
        # killed as soon as the job has begun (its journal exists), still starting: the first
        # capture needs robots.txt and a page from a site that answers in 0.1 s, nothing is stored
        while not (jobdir / JOURNAL_NAME).exists() and process.poll() is None:
            time.sleep(0.005)
        _kill(process)
        killed_at.append(_captures(job))
        for threshold in KILL_AFTER_CAPTURES:
            process = _start(site, job, "--jobdir", str(jobdir))
            while _captures(job) < threshold and process.poll() is None:
                time.sleep(0.02)
            assert process.poll() is None, f"the crawl ended before it could be killed: {process.communicate()}"
            _kill(process)
            killed_at.append(_captures(job))
        last_run = _finish(_start(site, job, "--jobdir", str(jobdir)))
        rerun = _finish(_start(site, job, "--jobdir", str(jobdir)))
        yield Resumed(site, whole, job, tuple(killed_at), last_run, rerun)
    finally:
        site.stop()


def _archive(db: Path) -> dict[str, tuple[list[tuple[int, str, str]], list[tuple[str, str]]]]:
    """Each article (by URL path) with its versions (number, title, text) and comments (author, text)."""
    articles = {}
    for article_id, url in _query(db, "SELECT id, canonical_url FROM articles"):
        versions = _query(
            db, f"SELECT number, title, text FROM article_versions WHERE article_id = {article_id} ORDER BY number"
        )
        # as a set: positions follow the order pages were stored in, and a resumed job may store a
        # second comment page before the article page whose store the kill interrupted
        comments = sorted(_query(db, f"SELECT author, text FROM comments WHERE article_id = {article_id}"))
        articles[re.sub(r"^http://[^/]+", "", url)] = (versions, comments)
    return articles


def test_the_kills_interrupted_the_crawl_at_several_points(resumed: Resumed) -> None:
    total = _captures(resumed.job)
    assert resumed.killed_at[0] == 0
    assert all(earlier < later < total for earlier, later in zip(resumed.killed_at, resumed.killed_at[1:])), (resumed.killed_at, total)
    runs = _query(resumed.job, "SELECT DISTINCT crawl_run_id FROM captures")
    assert len(runs) >= 5  # three killed runs that stored something, the one that finished, the new job


def test_resumed_job_archives_exactly_what_an_uninterrupted_crawl_does(resumed: Resumed) -> None:
    whole, job = _archive(resumed.whole), _archive(resumed.job)
    assert sorted(job) == sorted(whole)
    assert len([path for path in job if path.startswith("/story/")]) == 40
    for path in whole:
        assert job[path] == whole[path], path


def test_no_page_was_archived_twice_across_the_kills(resumed: Resumed) -> None:
    job_runs = "crawl_run_id < (SELECT max(id) FROM crawl_runs)"  # the last run is the later, new job
    per_url = Counter(url for (url,) in _query(resumed.job, f"SELECT requested_url FROM captures WHERE {job_runs}"))
    assert [url for url, n in per_url.items() if n > 1] == []
    assert sorted(per_url) == sorted(url for (url,) in _query(resumed.whole, "SELECT requested_url FROM captures"))
    assert _query(resumed.job, "SELECT count(*) FROM article_versions WHERE number > 1") == [(0,)]


def test_robots_txt_is_obeyed_by_the_requests_a_resumed_crawl_requeues(resumed: Resumed) -> None:
    assert "/private/secret.html" not in [target for target, _ in resumed.site.requests]


def test_a_finished_job_run_again_is_a_new_recrawl_that_stores_nothing_new(resumed: Resumed) -> None:
    assert re.search(r"articles: \d+ new", resumed.last_run)
    found = re.search(r"articles: (\d+) new, (\d+) updated, (\d+) unchanged", resumed.rerun)
    assert found and (int(found[1]), int(found[2])) == (0, 0), resumed.rerun
    assert _query(resumed.job, "SELECT count(*) FROM article_versions WHERE number > 1") == [(0,)]


def _helpers(pid: int) -> list[int]:
    """The crawl's descendants (fork server, extraction workers, writer), from /proc."""
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        for task in os.listdir(f"/proc/{current}/task") if os.path.isdir(f"/proc/{current}/task") else ():
            try:
                children = [int(c) for c in open(f"/proc/{current}/task/{task}/children").read().split()]
            except OSError:
                continue
            found += children
            stack += children
    return found


def _running(pid: int) -> bool:
    try:
        return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="reads the process tree from /proc (Linux)")
def test_helper_processes_die_with_a_crawl_killed_alone(tmp_path: Path) -> None:
    """Only the crawl process is killed (a scheduler's SIGKILL, the OOM killer): its workers and
    its writer must not live on and store pages behind the back of the next run."""
    site = NewsDaySite(stories=40, delay=0.1).start()
    try:
        db = tmp_path / "killed.db"
        process = _start(site, db)
        names: dict[int, str] = {}
        deadline = time.monotonic() + 60
        while not {"na-writer", "na-extract"} <= set(names.values()) and time.monotonic() < deadline:
            for pid in _helpers(process.pid):
                try:
                    names[pid] = open(f"/proc/{pid}/comm").read().strip()
                except OSError:
                    continue
            time.sleep(0.05)
        assert {"na-writer", "na-extract"} <= set(names.values()), names
        helpers = [pid for pid, name in names.items() if name.startswith("na-")]
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        deadline = time.monotonic() + 10
        while any(_running(pid) for pid in helpers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [names[pid] for pid in helpers if _running(pid)] == []
    finally:
        site.stop()


def test_killed_runs_are_marked_interrupted_and_each_resume_names_the_run_it_resumes(resumed: Resumed) -> None:
    runs = _query(resumed.job, "SELECT id, status, resumes_run_id, pid, host FROM crawl_runs ORDER BY id")
    assert [status for _, status, *_ in runs] == ["interrupted"] * (len(runs) - 2) + ["finished", "finished"]
    assert all(pid and host for *_, pid, host in runs)
    finishing, new_job = runs[-2], runs[-1]
    assert finishing[2] == runs[-3][0]  # the run that finished the job took over the last killed one
    assert new_job[2] is None  # a finished job run again is a new job
    ids = [run_id for run_id, *_ in runs]
    for (run_id, _, resumes, *_) in runs[1:-1]:
        assert resumes is None or resumes == ids[ids.index(run_id) - 1], runs


def test_ctrl_c_stops_at_once_and_the_resumed_job_fetches_what_was_queued(resumed: Resumed, tmp_path: Path) -> None:
    """A polite crawl (one request a second) holds a queue of requests in its download slot;
    Ctrl-C used to send them all first (half a minute). It now ends with the downloads under way,
    and what it did not send is fetched by the resumed job: the archive is the uninterrupted one."""
    from archive.errors import EXIT_INTERRUPTED

    db, jobdir = tmp_path / "job.db", tmp_path / "job"
    polite = [*FAST, "--jobdir", str(jobdir), "-s", "DOWNLOAD_DELAY=1", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1"]
    process = subprocess.Popen(
        [NEWSARCHIVE, "--db", f"sqlite:///{db}", "crawl", resumed.site.base_url, *polite],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while _captures(db) < 3 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert process.poll() is None, process.communicate()[1][-2000:]
        os.killpg(process.pid, signal.SIGINT)
        asked = time.monotonic()
        _, stderr = process.communicate(timeout=60)
        stopped_after = time.monotonic() - asked
    finally:
        if process.poll() is None:
            _kill(process)
    assert process.returncode == EXIT_INTERRUPTED, stderr[-2000:]
    assert stopped_after < 8, stopped_after  # one request in flight, not a queue sent a second apart
    interrupted_at = _captures(db)
    assert interrupted_at < 20  # the 40-story site was far from done

    _finish(_start(resumed.site, db, "--jobdir", str(jobdir)))
    assert _archive(db) == _archive(resumed.whole)
    fetched = Counter(url for (url,) in _query(db, "SELECT requested_url FROM captures"))
    assert [url for url, n in fetched.items() if n > 1] == []
