"""The SQLite archive as a file: after a command that wrote ends (done, or stopped by SIGTERM or
SIGINT), the ``.db`` file alone holds everything (no pages left behind in ``-wal``), and
``newsarchive db backup`` copies a live archive to one self-contained file."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from next_day import NewsDaySite

from .conftest import NEWSARCHIVE

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]


def _count(db: Path, table: str) -> int:
    connection = sqlite3.connect(db, timeout=5)
    try:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        connection.close()


def _copy_of_the_db_file_alone(db: Path, into: Path) -> Path:
    into.mkdir()
    copy = into / "copy.db"
    shutil.copyfile(db, copy)  # what an archivist does: the -wal and -shm files stay behind
    return copy


def test_a_copy_of_the_db_file_alone_holds_the_demo_crawl(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    result = subprocess.run(
        [NEWSARCHIVE, "--db", f"sqlite:///{db}", "demo", "--port", "0"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    copy = _copy_of_the_db_file_alone(db, tmp_path / "elsewhere")
    assert _count(copy, "articles") == 6
    assert _count(copy, "comments") == 5


@pytest.mark.parametrize("stop", [signal.SIGTERM])
def test_a_crawl_stopped_by_a_signal_leaves_its_pages_in_the_db_file(tmp_path: Path, stop: signal.Signals) -> None:
    site = NewsDaySite(stories=40, delay=0.2).start()
    db = tmp_path / "x.db"
    try:
        process = subprocess.Popen(
            [NEWSARCHIVE, "--db", f"sqlite:///{db}", "crawl", site.base_url, *FAST],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if _count(db, "captures") >= 5:
                    break
            except sqlite3.Error:
                pass
            time.sleep(0.05)
        assert process.poll() is None, "the crawl ended before it could be stopped"
        os.kill(process.pid, stop)
        process.communicate(timeout=60)
    finally:
        site.stop()
    stored = _count(db, "captures")
    assert stored >= 5
    assert _count(_copy_of_the_db_file_alone(db, tmp_path / "elsewhere"), "captures") == stored


def test_db_backup_copies_the_archive_to_one_new_file(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    demo = subprocess.run(
        [NEWSARCHIVE, "--db", f"sqlite:///{db}", "demo", "--port", "0"], capture_output=True, text=True, timeout=120
    )
    assert demo.returncode == 0, demo.stderr
    # a reader holding the archive open (as a live crawl would) does not stop the backup
    reader = sqlite3.connect(db)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM articles").fetchone()
    try:
        result = subprocess.run(
            [NEWSARCHIVE, "--db", f"sqlite:///{db}", "db", "backup", str(tmp_path / "backup.db")],
            capture_output=True, text=True, timeout=60,
        )
    finally:
        reader.close()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"archive copied to {tmp_path / 'backup.db'}"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("backup")) == ["backup.db"]
    assert _count(tmp_path / "backup.db", "articles") == 6
    assert (tmp_path / "backup.db").stat().st_mode & 0o777 == 0o666 & ~_umask()

    again = subprocess.run(
        [NEWSARCHIVE, "--db", f"sqlite:///{db}", "db", "backup", str(tmp_path / "backup.db")],
        capture_output=True, text=True, timeout=60,
    )
    assert again.returncode == 1
    assert again.stderr == f"Error: '{tmp_path / 'backup.db'}' already exists; give a new path for the backup\n"


def test_db_backup_of_a_postgresql_archive_says_the_pg_dump_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [NEWSARCHIVE, "--db", "postgresql+psycopg://archivist:secret@db.example/news", "db", "backup", "news.dump"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )
    assert result.returncode == 1
    assert result.stderr == (
        "Error: db backup copies SQLite archives; back up PostgreSQL with its own tool: "
        "pg_dump --format=custom --file news.dump 'postgresql://archivist:***@db.example/news'\n"
    )
    assert list(tmp_path.iterdir()) == []


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
