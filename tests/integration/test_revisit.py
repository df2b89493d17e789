"""Revisit intervals by kind of page ([site.revisit] in the sites file): two real crawls of the
test site (tests/site/site_server.py) into one archive, a second apart; what the second one
fetched is counted at the test server."""

from __future__ import annotations

import time
from pathlib import Path

from site_server import TestSite
from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.store.engine import make_engine
from archive.store.models import CrawlRun, DiscoveryRead

from .conftest import run_newsarchive

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_TIMEOUT=2",
        "-s", "RETRY_TIMES=0", "--quiet"]
# the pages of the test site that are slow, huge or failing on purpose: not what this test is about
SKIPPED = "['slow', 'huge', 'always-500', 'busy', 'flaky', 'calendar', 'missing', 'forbidden']"


def _sites_file(tmp_path: Path, site: TestSite) -> Path:
    path = tmp_path / "sites.toml"
    path.write_text(
        f'[[site]]\nname = "revisited"\nseeds = ["{site.base_url}"]\nskip_patterns = {SKIPPED}\n\n'
        '[site.revisit]\nhome = "1h"\nfeeds = "1s"\nsitemaps = "1h"\nlistings = "1h"\narticles = "2s..7d"\n',
        encoding="utf-8",
    )
    return path


def _runs(db_url: str) -> list[CrawlRun]:
    engine = make_engine(db_url)
    try:
        with Session(engine) as s:
            return list(s.scalars(select(CrawlRun).order_by(CrawlRun.id)))
    finally:
        engine.dispose()


def test_a_recrawl_fetches_only_the_kinds_of_page_that_are_due(sqlite_url: str, tmp_path: Path) -> None:
    site = TestSite().start()
    try:
        sites_file = _sites_file(tmp_path, site)
        first = run_newsarchive("--db", sqlite_url, "crawl", "--sites", str(sites_file), *FAST)
        assert first.returncode == 0, first.stderr[-2000:]
        before = len(site.requests)
        assert {"/", "/rss.xml", "/atom.xml", "/sitemap_index.xml", "/news/", "/news/2024/07/typhoon.html"} <= set(site.requests)
        time.sleep(1.2)  # the feeds' interval passes; nothing else's does
        second = run_newsarchive("--db", sqlite_url, "crawl", "--sites", str(sites_file), *FAST)
        assert second.returncode == 0, second.stderr[-2000:]
        again = site.requests[before:]
    finally:
        site.stop()
    # the feeds are read again though the home page that links them is not due
    assert sorted(set(again)) == ["/atom.xml", "/robots.txt", "/rss.xml"], again
    assert again.count("/rss.xml") == again.count("/atom.xml") == 1
    first_run, second_run = _runs(sqlite_url)
    assert first_run.revisits is None  # the archive held nothing: every page was new
    revisits = second_run.revisits or {}
    assert revisits["feeds"] == {"due": 2}
    assert revisits["home"] == {"not_due": 1}
    assert revisits["sitemaps"]["not_due"] >= 1 and "due" not in revisits["sitemaps"]
    # the feeds' stories, published in 2024: a week between checks
    assert revisits["articles"]["not_due"] >= 2 and "due" not in revisits["articles"]
    engine = make_engine(sqlite_url)
    try:
        with Session(engine) as s:
            reads = {row.url.rsplit("/", 1)[-1]: row for row in s.scalars(select(DiscoveryRead))}
    finally:
        engine.dispose()
    assert {"rss.xml", "atom.xml", "sitemap_index.xml", "pages.xml"} <= set(reads)
    assert reads["rss.xml"].read_at > reads["sitemap_index.xml"].read_at  # read again by the second crawl
    listed = run_newsarchive("--db", sqlite_url, "runs", "--limit", "1")
    assert listed.returncode == 0, listed.stderr
    assert "revisits: articles 0 due/" in listed.stdout and "feeds 2 due/0 not due" in listed.stdout
