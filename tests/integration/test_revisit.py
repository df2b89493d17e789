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
from archive.store.models import Capture, DiscoveryRead

from .conftest import crawl_runs, run_newsarchive

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


def _stored(db_url: str) -> set[str]:
    """The URLs the archive holds a 200 capture of (nothing while the schema is being made)."""
    engine = make_engine(db_url)
    try:
        with Session(engine) as s:
            return set(s.scalars(select(Capture.requested_url).where(Capture.status == 200)))
    except Exception:  # noqa: BLE001 - the crawl has not made the schema yet: ask again
        return set()
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
    first_run, second_run = crawl_runs(sqlite_url)
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


def _home_hourly(tmp_path: Path, site: _TwoStories, name: str, articles: str) -> Path:
    """A sites file for ``site`` whose home page is due hourly and its articles by ``articles``."""
    path = tmp_path / "sites.toml"
    path.write_text(f'[[site]]\nname = "{name}"\nseeds = ["{site.base_url}"]\n\n'
                    f'[site.revisit]\nhome = "1h"\narticles = "{articles}"\n', encoding="utf-8")
    return path


def _crawl(db_url: str, sites_file: Path) -> None:
    result = run_newsarchive("--db", db_url, "crawl", "--sites", str(sites_file), *FAST)
    assert result.returncode == 0, result.stderr[-2000:]


class _TwoStories:
    """A home page linking a story published seconds ago and one published a month ago."""

    def __init__(self) -> None:
        import threading
        from datetime import UTC, datetime, timedelta
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        from site_pages import ArticleSpec, article_html, listing_html

        now = datetime.now(UTC).replace(microsecond=0)
        body = ("据当地方面消息，新的公交线路本周开通运营，沿线居民出行将更加便利，相关部门表示会持续优化班次。",
                "记者在现场看到，首班车准时发车，不少市民专程前来体验，车厢内秩序良好，气氛热烈而务实。",
                "据初步统计，新线路全长约二十公里，设站三十余座，预计日均客流量将达到数万人次，缓解周边交通压力。")
        stories = {
            "/news/fresh.html": ArticleSpec("/news/fresh.html", "新公交线路今日开通", body, (now - timedelta(seconds=4)).isoformat(), "wp"),
            "/news/month-old.html": ArticleSpec("/news/month-old.html", "上月的旧闻", body[::-1], (now - timedelta(days=30)).isoformat(), "wp"),
        }
        pages = {path: article_html(spec, "utf-8").encode() for path, spec in stories.items()}
        pages["/"] = listing_html("首页", [(path, spec.title) for path, spec in stories.items()]).encode()
        self.requests: list[str] = []
        log = self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server API
                log.append(self.path)
                page = pages.get(self.path)
                self.send_response(200 if page is not None else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(page or b"")

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_a_fresh_story_is_checked_again_within_seconds_and_a_month_old_one_is_not(sqlite_url: str, tmp_path: Path) -> None:
    """articles = "2s..7d": a story waits a quarter of its age between checks. Published seconds
    ago, it is due again on the next crawl two seconds later; a month-old one waits a week."""
    site = _TwoStories()
    try:
        sites_file = _home_hourly(tmp_path, site, "decaying", articles="2s..7d")
        _crawl(sqlite_url, sites_file)
        assert {"/news/fresh.html", "/news/month-old.html"} <= set(site.requests)
        before = len(site.requests)
        time.sleep(2.5)
        _crawl(sqlite_url, sites_file)
        again = site.requests[before:]
    finally:
        site.stop()
    assert "/news/fresh.html" in again and "/news/month-old.html" not in again, again
    assert "/" not in again  # the home page's hour has not passed
    revisits = crawl_runs(sqlite_url)[-1].revisits or {}
    assert revisits["articles"]["due"] == 1  # the month-old story is not even looked at: no page linked it


def test_a_feed_read_by_a_killed_crawl_is_read_again_by_the_next_one(sqlite_url: str, tmp_path: Path) -> None:
    """A feed's read time is recorded with the end of the run that read it. A run SIGKILLed after
    reading a feed may not have fetched the stories it lists: the next crawl reads the feed again
    instead of trusting a read whose links were lost; once a run ends, the feed waits its hour."""
    import os
    import signal
    import subprocess

    from .conftest import NEWSARCHIVE

    site = TestSite().start()
    try:
        sites_file = tmp_path / "sites.toml"
        sites_file.write_text(
            f'[[site]]\nname = "fed"\nseeds = ["{site.base_url}"]\nskip_patterns = {SKIPPED}\n\n'
            '[site.revisit]\nhome = "1h"\nfeeds = "1h"\nsitemaps = "1h"\nlistings = "1h"\narticles = "1h..7d"\n',
            encoding="utf-8",
        )
        slow = ["-s", "DOWNLOAD_DELAY=0.5", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "--quiet"]
        killed = subprocess.Popen([NEWSARCHIVE, "--db", sqlite_url, "crawl", "--sites", str(sites_file), *slow],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            deadline = time.monotonic() + 60  # killed once the home page and the feed are stored
            while not {site.base_url, f"{site.base_url}rss.xml"} <= _stored(sqlite_url) and time.monotonic() < deadline:
                assert killed.poll() is None, killed.communicate()
                time.sleep(0.1)
            assert {site.base_url, f"{site.base_url}rss.xml"} <= _stored(sqlite_url)
        finally:
            os.killpg(killed.pid, signal.SIGKILL)
            killed.communicate()
        before = len(site.requests)
        after_kill = run_newsarchive("--db", sqlite_url, "crawl", "--sites", str(sites_file), *FAST)
        assert after_kill.returncode == 0, after_kill.stderr[-2000:]
        assert "/rss.xml" in site.requests[before:]
        before = len(site.requests)
        third = run_newsarchive("--db", sqlite_url, "crawl", "--sites", str(sites_file), *FAST)
        assert third.returncode == 0, third.stderr[-2000:]
        assert "/rss.xml" not in site.requests[before:]  # read by a run that ended: due in an hour
    finally:
        site.stop()


def test_an_article_known_only_from_its_comment_pages_is_fetched_by_the_next_crawl(sqlite_url: str, tmp_path: Path) -> None:
    """A crawl killed after storing an article's comment page but before its own page leaves the
    article without text. The next crawl must fetch it, even though nothing links to it there (the
    home page is not due) and its interval has not passed: an article without text is not known."""
    from sqlalchemy import text

    site = _TwoStories()
    try:
        sites_file = _home_hourly(tmp_path, site, "half-stored", articles="1h..7d")
        _crawl(sqlite_url, sites_file)
        engine = make_engine(sqlite_url)
        try:  # the state such a kill leaves: the article's row, no version of it
            with engine.begin() as connection:
                article_id = connection.execute(text(
                    "SELECT id FROM articles WHERE canonical_url LIKE '%/news/month-old.html'")).scalar_one()
                connection.execute(text(f"UPDATE articles SET current_version_id = NULL WHERE id = {article_id}"))
                for table in ("cluster_members", "article_bands", "article_signatures", "article_versions"):
                    connection.execute(text(f"DELETE FROM {table} WHERE article_id = {article_id}"))
                connection.execute(text(f"DELETE FROM duplicate_clusters WHERE representative_id = {article_id}"))
        finally:
            engine.dispose()
        before = len(site.requests)
        _crawl(sqlite_url, sites_file)
        again = site.requests[before:]
    finally:
        site.stop()
    assert "/news/month-old.html" in again and "/news/fresh.html" not in again, again
    engine = make_engine(sqlite_url)
    try:
        with engine.connect() as connection:
            title = connection.execute(text(
                "SELECT v.title FROM articles a JOIN article_versions v ON v.id = a.current_version_id "
                "WHERE a.canonical_url LIKE '%/news/month-old.html'")).scalar_one()
    finally:
        engine.dispose()
    assert title == "上月的旧闻"
