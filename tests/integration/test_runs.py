"""`newsarchive runs`: recent crawl runs, and a monitoring check of each scheduled site's last
successful run against its interval, on SQLite and PostgreSQL (runs recorded by the real writer)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from archive.ingest.writer import ArchiveWriter
from archive.store.engine import open_archive
from archive.store.models import CrawlRun

from .conftest import run_newsarchive


def _record_run(db_url: str, site: str, status: str, finished_ago: timedelta, errors: int = 0) -> int:
    engine = open_archive(db_url)
    try:
        writer = ArchiveWriter(engine)
        run_id = writer.start_run([f"http://{site}.example/"], {"sites": [site]}, pid=None)
        writer.counters.pages_fetched, writer.counters.errors = 5, errors
        writer.finish_run(status)
        with Session(engine) as s, s.begin():
            s.get_one(CrawlRun, run_id).finished_at = datetime.now(UTC) - finished_ago
        return run_id
    finally:
        engine.dispose()


def _sites_file(tmp_path: Path) -> Path:
    path = tmp_path / "sites.toml"
    path.write_text(
        '[[site]]\nname = "fresh"\nseeds = ["http://fresh.example/"]\ninterval = "1h"\n\n'
        '[[site]]\nname = "stale"\nseeds = ["http://stale.example/"]\ninterval = "1h"\n\n'
        '[[site]]\nname = "unscheduled"\nseeds = ["http://unscheduled.example/"]\n',
        encoding="utf-8",
    )
    return path


def test_runs_lists_recent_runs_newest_first_with_status_and_counters(db_url: str) -> None:
    first = _record_run(db_url, "fresh", "finished", timedelta(minutes=5))
    second = _record_run(db_url, "stale", "interrupted", timedelta(minutes=1), errors=2)
    result = run_newsarchive("--db", db_url, "runs")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"run {second} interrupted ") and "[stale]: 5 pages" in lines[0]
    assert lines[0].endswith("0 comments, 2 errors")
    assert lines[1].startswith(f"run {first} finished ") and "[fresh]" in lines[1]


def test_runs_with_sites_exits_1_naming_a_site_older_than_twice_its_interval(db_url: str, tmp_path: Path) -> None:
    _record_run(db_url, "fresh", "finished", timedelta(minutes=90))  # late only past 2 h
    _record_run(db_url, "stale", "finished", timedelta(hours=3))
    _record_run(db_url, "stale", "failed", timedelta(minutes=1))  # a failed run is not a success
    result = run_newsarchive("--db", db_url, "runs", "--sites", str(_sites_file(tmp_path)))
    assert result.returncode == 1
    assert result.stderr == (
        "Error: late: stale (last successful run older than twice the interval; see newsarchive runs)\n"
    )
    assert "site fresh: last success 1.5h ago, interval 1.0h\n" in result.stdout
    assert "site stale: last success 3.0h ago, interval 1.0h — LATE\n" in result.stdout
    assert "unscheduled" not in result.stdout


def test_runs_with_sites_exits_0_when_every_site_is_on_time_and_speaks_json(db_url: str, tmp_path: Path) -> None:
    run_id = _record_run(db_url, "fresh", "finished", timedelta(minutes=10))
    _record_run(db_url, "stale", "finished", timedelta(minutes=70))
    result = run_newsarchive("--db", db_url, "runs", "--sites", str(_sites_file(tmp_path)), "--log-format", "json")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r.get("run") for r in records[:2]] == [run_id + 1, run_id]
    assert records[1]["status"] == "finished" and records[1]["sites"] == ["fresh"]
    assert records[1]["pages_fetched"] == 5 and records[1]["error_reasons"] == {}
    assert [(r["site"], r["late"]) for r in records[2:]] == [("fresh", False), ("stale", False)]


def test_a_site_never_crawled_successfully_is_late(sqlite_url: str, tmp_path: Path) -> None:
    result = run_newsarchive("--db", sqlite_url, "runs", "--sites", str(_sites_file(tmp_path)))
    assert result.returncode == 1
    assert "site fresh: never crawled successfully, interval 1.0h — LATE" in result.stdout
    assert result.stderr.startswith("Error: late: fresh, stale (")
