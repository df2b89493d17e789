"""PostgreSQL going away in the middle of a crawl (tests/site/next_day.py, 40 stories).

The server here is a private PostgreSQL instance (initdb in a temporary directory, its own port),
so stopping it never disturbs anything else using the machine's shared server. It is stopped
while the crawl runs and started again: with enough retries the crawl finishes and nothing it
fetched is missing; with too few it stops with one clear line, and a later run with the same
--jobdir completes the archive. The instance is stopped and removed at the end, whatever happens.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from next_day import NewsDaySite

from .conftest import NEWSARCHIVE

# one page per transaction: the database is stopped mid-crawl however busy the machine is
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "NEWSARCHIVE_PROGRESS_INTERVAL=60",
        "-s", "NEWSARCHIVE_WRITER_BATCH=1"]
STORIES = 40


def _pg_bin() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(candidates[-1]).parent if candidates else None


@dataclass
class PrivatePostgres:
    bin: Path
    root: Path
    port: int

    @property
    def data(self) -> Path:
        return self.root / "data"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)

    def init(self) -> None:
        done = self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
        assert done.returncode == 0, done.stderr

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        done = self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "log"), "-w", "start")
        assert done.returncode == 0, done.stderr + (self.root / "log").read_text(errors="replace")[-2000:]

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def query(self, database: str, sql: str) -> list[tuple]:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname={database}", connect_timeout=2) as conn:
            return conn.execute(sql).fetchall()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def postgres() -> Iterator[PrivatePostgres]:
    pg_bin = _pg_bin()
    if pg_bin is None:
        message = "PostgreSQL server programs (initdb, pg_ctl) are not installed"
        if os.environ.get("NEWSARCHIVE_REQUIRE_SERVICES"):
            pytest.fail(message + " and NEWSARCHIVE_REQUIRE_SERVICES is set")
        pytest.skip(message)
    root = Path(tempfile.mkdtemp(prefix="newsarchive-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    server = PrivatePostgres(pg_bin, root, _free_port())
    try:
        server.init()
        server.start()
        yield server
    finally:
        server.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def site() -> Iterator[NewsDaySite]:
    served = NewsDaySite(stories=STORIES, delay=0.1).start()
    try:
        yield served
    finally:
        served.stop()


def _crawl(site: NewsDaySite, db_url: str, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [NEWSARCHIVE, "--db", db_url, "crawl", site.base_url, *extra, *FAST],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _wait_for_captures(server: PrivatePostgres, database: str, count: int, crawl: subprocess.Popen[str]) -> None:
    while crawl.poll() is None:
        try:
            if server.query(database, "SELECT count(*) FROM captures WHERE kind IN ('page', 'comments')")[0][0] >= count:
                return
        except Exception:  # the schema is not there yet
            pass
        time.sleep(0.05)
    pytest.fail("the crawl ended before the database could be stopped: " + crawl.communicate()[1][-2000:])


def _check_archive(server: PrivatePostgres, database: str) -> None:
    stories = server.query(database, "SELECT count(*) FROM articles WHERE canonical_url LIKE '%/story/%'")
    assert stories == [(STORIES,)]
    assert server.query(database, "SELECT count(*) FROM article_versions WHERE number > 1") == [(0,)]
    assert server.query(database, "SELECT count(*) FROM comments") == [(4,)]
    twice = server.query(database, "SELECT requested_url FROM captures GROUP BY requested_url HAVING count(*) > 1")
    assert twice == []


def test_postgresql_restarted_mid_crawl_loses_no_fetched_page(postgres: PrivatePostgres, site: NewsDaySite) -> None:
    db_url = postgres.create_database("restart")
    crawl = _crawl(site, db_url, "-s", "NEWSARCHIVE_DB_RETRY_BASE=0.5", "-s", "NEWSARCHIVE_DB_RETRIES=6")
    try:
        _wait_for_captures(postgres, "restart", 10, crawl)
        postgres.stop("fast")  # every connection of the crawl is cut
        time.sleep(2.0)  # the crawl goes on fetching meanwhile
    finally:
        postgres.start()
    stdout, stderr = crawl.communicate(timeout=180)
    assert crawl.returncode == 0, stderr[-3000:]
    assert "database write failed" in stderr  # the writer did lose the server, and retried
    assert "finished" in next(line for line in stdout.splitlines() if line.startswith("crawl run "))
    _check_archive(postgres, "restart")
    assert postgres.query("restart", "SELECT status FROM crawl_runs") == [("finished",)]


def test_crawl_that_cannot_reach_the_database_stops_with_one_line_and_a_later_run_completes_it(
    postgres: PrivatePostgres, site: NewsDaySite, tmp_path: Path
) -> None:
    db_url = postgres.create_database("gone")
    jobdir = str(tmp_path / "job")
    crawl = _crawl(
        site, db_url, "--jobdir", jobdir, "-s", "NEWSARCHIVE_DB_RETRY_BASE=0.1", "-s", "NEWSARCHIVE_DB_RETRIES=2"
    )
    try:
        _wait_for_captures(postgres, "gone", 10, crawl)
        postgres.stop("fast")
        stdout, stderr = crawl.communicate(timeout=120)
    finally:
        postgres.start()
    assert crawl.returncode == 1
    last = stderr.strip().splitlines()[-1]
    assert re.fullmatch(r"Error: the crawl stopped: cannot store http://127\.0\.0\.1:\d+/\S+: .+", last), stderr[-3000:]
    stored = postgres.query("gone", "SELECT count(*) FROM captures WHERE kind IN ('page', 'comments')")[0][0]
    assert 10 <= stored < STORIES
    again = _crawl(site, db_url, "--jobdir", jobdir)
    stdout, stderr = again.communicate(timeout=180)
    assert again.returncode == 0, stderr[-3000:]
    _check_archive(postgres, "gone")


def test_an_archive_the_crawl_may_read_but_not_write_stops_it_with_one_line(
    postgres: PrivatePostgres, site: NewsDaySite
) -> None:
    import psycopg

    from archive.store.engine import open_archive

    db_url = postgres.create_database("readonly")
    open_archive(db_url).dispose()  # its owner built the archive
    with psycopg.connect(f"host=127.0.0.1 port={postgres.port} user=postgres dbname=readonly", autocommit=True) as conn:
        conn.execute("CREATE ROLE reader LOGIN")
        conn.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader")
    crawl = _crawl(site, db_url.replace("postgres@", "reader@"), "-s", "NEWSARCHIVE_DB_RETRIES=1",
                   "-s", "NEWSARCHIVE_DB_RETRY_BASE=0.1")
    stdout, stderr = crawl.communicate(timeout=120)
    assert crawl.returncode == 1, stdout
    last = stderr.strip().splitlines()[-1]
    # the first write a crawl makes is its site lock
    assert re.fullmatch(r"Error: cannot lock the sites in the archive: .*permission denied for table site_locks.*", last), stderr[-3000:]
    assert postgres.query("readonly", "SELECT count(*) FROM crawl_runs") == [(0,)]
