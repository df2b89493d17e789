"""A site reachable only through a 30-page listing (tests/site/paged_site.py), crawled by
`newsarchive crawl` in a subprocess: pagination hops do not count as link depth, a listing that
pages on forever over the same stories is cut short, and robots.txt's Crawl-delay spaces the
requests the site sees."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from paged_site import PagedSite
from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.store.engine import make_engine
from archive.store.models import Article

from .conftest import run_newsarchive

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_TIMEOUT=5",
        "-s", "NEWSARCHIVE_PROGRESS_INTERVAL=60", "--quiet"]


@pytest.fixture
def paged() -> Iterator[PagedSite]:
    site = PagedSite(listing_pages=30).start()
    try:
        yield site
    finally:
        site.stop()


def _article_paths(db_url: str, base: str) -> set[str]:
    engine = make_engine(db_url)
    try:
        with Session(engine) as s:
            return {url.removeprefix(base.rstrip("/")) for url in s.scalars(select(Article.canonical_url))}
    finally:
        engine.dispose()


def test_every_article_behind_a_30_page_listing_is_archived_under_a_depth_limit_of_20(
    db_url: str, paged: PagedSite
) -> None:
    result = run_newsarchive("--db", db_url, "crawl", paged.base_url, *FAST, "-s", "DEPTH_LIMIT=20")
    assert result.returncode == 0, result.stderr[-3000:]
    assert _article_paths(db_url, paged.base_url) == set(paged.stories)
    assert len(paged.stories) == 90
    assert "/list/?page=30" in paged.requests and "/list/?page=31" not in paged.requests


def test_a_listing_that_pages_on_over_the_same_stories_is_cut_short(sqlite_url: str, paged: PagedSite) -> None:
    result = run_newsarchive("--db", sqlite_url, "crawl", paged.base_url, *FAST)
    assert result.returncode == 0, result.stderr[-3000:]
    trap_pages = [target for target in paged.requests if target.startswith("/trap/")]
    # page 1 may be the first to list its stories; then five pages in a row add nothing
    assert 5 <= len(trap_pages) <= 7, trap_pages


def test_a_pagination_chain_is_bounded_by_max_pages(sqlite_url: str, paged: PagedSite) -> None:
    result = run_newsarchive("--db", sqlite_url, "crawl", paged.base_url, *FAST, "--max-pages", "12")
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(paged.requests) <= 12 + 4  # requests already in flight when the limit is reached


@pytest.mark.parametrize("crawl_delay", [1.0, None])
def test_robots_crawl_delay_is_the_floor_of_the_hosts_delay(sqlite_url: str, crawl_delay: float | None) -> None:
    site = PagedSite(listing_pages=1, crawl_delay=crawl_delay).start()
    try:
        result = run_newsarchive(
            "--db", sqlite_url, "crawl", site.base_url, *FAST, "--max-pages", "4",
            "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4",
        )
        assert result.returncode == 0, result.stderr[-3000:]
        with site._lock:
            log = list(site.log)
    finally:
        site.stop()
    assert log[0][1] == "/robots.txt" and [path for _, path in log].count("/robots.txt") == 1
    # the pages the home page links, requested together once it was read: spaced by the
    # Crawl-delay, or not at all
    after_robots = [when for when, path in log if path not in ("/robots.txt", "/sitemap.xml", "/")]
    assert len(after_robots) >= 2, log
    gaps = [later - earlier for earlier, later in zip(after_robots, after_robots[1:])]
    if crawl_delay:
        assert min(gaps) >= 0.95 * crawl_delay, gaps
    else:
        assert max(gaps) < 0.5, gaps  # the same crawl without Crawl-delay: no spacing
