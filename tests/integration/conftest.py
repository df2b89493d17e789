"""Fixtures for crawl tests: the test news site (tests/site/) served on 127.0.0.1, and one
`newsarchive crawl` of it per database backend, shared by the module's assertions."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

SITE_DIR = Path(__file__).resolve().parents[1] / "site"
if str(SITE_DIR) not in sys.path:
    sys.path.insert(0, str(SITE_DIR))

from site_server import TestSite  # noqa: E402

from tests.conftest import fresh_pg_database  # noqa: E402

NEWSARCHIVE = str(Path(sys.executable).parent / "newsarchive")

# Fast but faithful: no politeness delay on our own site, short timeouts, one quick retry.
CRAWL_SETTINGS = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "DOWNLOAD_TIMEOUT": "2",
    "RETRY_TIMES": "1",
    "NEWSARCHIVE_RETRY_BACKOFF_BASE": "0.1",
    "DOWNLOAD_MAXSIZE": "1000000",
    "NEWSARCHIVE_CONTACT_URL": "http://archive.example.org/contact",
    "NEWSARCHIVE_PROGRESS_INTERVAL": "0.5",
}


@dataclass(frozen=True)
class CrawlResult:
    site: TestSite
    db_url: str
    process: subprocess.CompletedProcess[str]
    articles: dict[str, dict[str, Any]]  # exported jsonl records by URL path
    warc_dir: Path

    @property
    def base(self) -> str:
        return self.site.base_url.rstrip("/")


def stored_captures(db_url: str) -> list[Any]:
    """Every capture row of an archive, in the order stored (read after a crawl subprocess ended)."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from archive.store.engine import make_engine
    from archive.store.models import Capture

    engine = make_engine(db_url)
    try:
        with Session(engine) as session:
            return list(session.scalars(select(Capture).order_by(Capture.id)))
    finally:
        engine.dispose()


def crawl_runs(db_url: str) -> list[Any]:
    """Every crawl_runs row of an archive, oldest first; none while a crawl is still making the schema."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from archive.store.engine import make_engine
    from archive.store.models import CrawlRun

    engine = make_engine(db_url)
    try:
        with Session(engine) as session:
            return list(session.scalars(select(CrawlRun).order_by(CrawlRun.id)))
    except Exception:  # noqa: BLE001 - the schema is not there yet: the caller asks again
        return []
    finally:
        engine.dispose()


def run_newsarchive(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run([NEWSARCHIVE, *args], capture_output=True, text=True, timeout=timeout, check=False)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def crawl_db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh archive per backend, for the whole module (one crawl each)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('crawl') / 'archive.store.engine'}"
        return
    with fresh_pg_database("na_crawl") as url:
        yield url


@pytest.fixture(scope="module")
def crawled(crawl_db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CrawlResult]:
    """Serve a fresh test site, crawl it with `newsarchive crawl` in a subprocess, export it."""
    site = TestSite().start()
    work = tmp_path_factory.mktemp("crawl-run")
    sites_file = work / "sites.toml"
    sites_file.write_text(
        "[[site]]\n"
        'name = "testsite"\n'
        f'seeds = ["{site.base_url}"]\n'
        "skip_patterns = ['^/skipme/']\n"
        'timezone = "Asia/Shanghai"\n',
        encoding="utf-8",
    )
    try:
        warc_dir = work / "warc"
        args = ["--db", crawl_db_url, "crawl", site.base_url, "--sites", str(sites_file), "--warc", str(warc_dir)]
        for name, value in CRAWL_SETTINGS.items():
            args += ["-s", f"{name}={value}"]
        process = run_newsarchive(*args)
        assert process.returncode == 0, process.stderr[-3000:]
        out = work / "articles.jsonl"
        export = run_newsarchive(
            "--db", crawl_db_url, "export", "--out", str(out), "--format", "jsonl", "--dedup", "none", "--comments"
        )
        assert export.returncode == 0, export.stderr
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
        base = site.base_url.rstrip("/")
        articles = {r["url"].removeprefix(base): r for r in records}
        assert len(articles) == len(records), "two exported articles share a URL"
        yield CrawlResult(site=site, db_url=crawl_db_url, process=process, articles=articles, warc_dir=warc_dir)
    finally:
        site.stop()
