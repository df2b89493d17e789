"""Recrawling a site the next day (tests/site/next_day.py), on SQLite and PostgreSQL.

Day one is crawled, the site moves to its second state (two stories edited, two removed, two new,
new comments with moved relative times and a reordered second comment page), day two is crawled
into the same archive, then a third crawl with ``revisit_after`` requests no story at all.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from next_day import (
    COMMENTED,
    COMMENTED_OLD,
    CORRECTION,
    EDITED_TEXT,
    EDITED_TITLE,
    LISTED,
    NEW_OLD_STORY,
    NEW_ON_PAGE_1,
    PAGE_1,
    PAGE_2,
    REMOVED_404,
    REMOVED_410,
    NewsDaySite,
    story_paragraphs,
    story_title,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.store.engine import make_engine
from archive.store.models import Article, ArticleVersion, Capture, Comment

from .conftest import run_newsarchive, stored_captures

STORIES = 20
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=1"]


@dataclass(frozen=True)
class Day:
    process: subprocess.CompletedProcess[str]
    requests: list[tuple[str, int]]  # (path?query, status) the site served
    started: datetime
    finished: datetime

    def statuses(self, path: str) -> list[int]:
        return [status for target, status in self.requests if target == path]

    def summary_counts(self) -> tuple[int, int, int]:
        found = re.search(r"articles: (\d+) new, (\d+) updated, (\d+) unchanged", self.process.stdout)
        assert found, self.process.stdout
        return int(found[1]), int(found[2]), int(found[3])


@dataclass(frozen=True)
class Recrawl:
    site: NewsDaySite
    db_url: str
    days: tuple[Day, Day, Day]

    def path(self, n: int) -> str:
        return self.site.base_url.rstrip("/") + f"/story/{n}.html"


def _crawl(site: NewsDaySite, db_url: str, *extra: str) -> Day:
    site.log.clear()
    started = datetime.now(UTC)
    process = run_newsarchive("--db", db_url, "crawl", site.base_url, *extra, *FAST)
    assert process.returncode == 0, process.stderr[-3000:]
    return Day(process, site.requests, started, datetime.now(UTC))


@pytest.fixture(scope="module")
def recrawl(crawl_db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Recrawl]:
    site = NewsDaySite(stories=STORIES).start()
    try:
        day_one = _crawl(site, crawl_db_url)
        site.next_day()
        day_two = _crawl(site, crawl_db_url)
        sites_file = Path(tmp_path_factory.mktemp("recrawl")) / "sites.toml"
        sites_file.write_text(
            # another name than the default one the first crawls stored: the site is known by its host
            f'[[site]]\nname = "daily"\nseeds = ["{site.base_url}"]\nrevisit_after = "1h"\n',
            encoding="utf-8",
        )
        day_three = _crawl(site, crawl_db_url, "--sites", str(sites_file))
        yield Recrawl(site, crawl_db_url, (day_one, day_two, day_three))
    finally:
        site.stop()


def _articles(result: Recrawl) -> dict[str, Article]:
    engine = make_engine(result.db_url)
    try:
        with Session(engine) as session:
            articles = session.scalars(select(Article)).all()
            session.expunge_all()
            return {a.canonical_url: a for a in articles}
    finally:
        engine.dispose()


def _versions(result: Recrawl, n: int) -> list[ArticleVersion]:
    engine = make_engine(result.db_url)
    try:
        with Session(engine) as session:
            return list(session.scalars(
                select(ArticleVersion).join(Article, Article.id == ArticleVersion.article_id).where(Article.canonical_url == result.path(n))
                .order_by(ArticleVersion.number)
            ))
    finally:
        engine.dispose()


def _comments(result: Recrawl, n: int) -> list[tuple[str | None, str]]:
    engine = make_engine(result.db_url)
    try:
        with Session(engine) as session:
            rows = session.execute(
                select(Comment.author, Comment.text).join(Article, Article.id == Comment.article_id).where(Article.canonical_url == result.path(n))
                .order_by(Comment.position)
            )
            return [(author, text) for author, text in rows]
    finally:
        engine.dispose()


def _captures(result: Recrawl) -> list[Capture]:
    return stored_captures(result.db_url)


def test_edited_stories_get_a_new_version_and_keep_the_old_one(recrawl: Recrawl) -> None:
    for n in range(1, STORIES + 3):
        versions = _versions(recrawl, n)
        expected = 2 if n in (EDITED_TEXT, EDITED_TITLE) else 1
        assert [v.number for v in versions] == list(range(1, expected + 1)), n
    first, second = _versions(recrawl, EDITED_TEXT)
    assert (first.title, second.title) == (story_title(EDITED_TEXT, 1), story_title(EDITED_TEXT, 2))
    assert CORRECTION not in first.text and CORRECTION in second.text
    assert f"{EDITED_TEXT * 3 + 1}亿元" in first.text and f"{EDITED_TEXT * 3 + 2}亿元" in second.text
    first, second = _versions(recrawl, EDITED_TITLE)
    assert second.title == story_title(EDITED_TITLE, 2) != first.title
    assert all(paragraph in second.text for paragraph in story_paragraphs(EDITED_TITLE, 1))


def test_new_stories_of_the_next_day_are_archived(recrawl: Recrawl) -> None:
    for n in (STORIES + 1, STORIES + 2):
        (version,) = _versions(recrawl, n)
        assert version.title == story_title(n, 2)


def test_removed_stories_are_marked_gone_with_when_never_deleted(recrawl: Recrawl) -> None:
    articles = _articles(recrawl)
    day_two = recrawl.days[1]
    for n, status in ((REMOVED_404, 404), (REMOVED_410, 410)):
        article = articles[recrawl.path(n)]
        assert article.status == "gone", n
        assert article.gone_at is not None and day_two.started <= article.gone_at <= day_two.finished, n
        assert [v.title for v in _versions(recrawl, n)] == [story_title(n, 1)]
        assert day_two.statuses(f"/story/{n}.html") == [status]
    live = {url for url, a in articles.items() if a.status == "live" and "/story/" in url}
    assert live == {recrawl.path(n) for n in range(1, STORIES + 3) if n not in (REMOVED_404, REMOVED_410)}


def test_unlinked_removed_stories_are_found_by_revisiting_known_articles(recrawl: Recrawl) -> None:
    day_two = recrawl.days[1]
    links = [target for target, _ in day_two.requests if target.startswith(("/news/", "/sitemap", "/rss"))]
    assert links  # the listing, sitemap and feed were read, and none of them names the removed stories
    assert day_two.statuses(f"/story/{REMOVED_404}.html") == [404]
    assert day_two.statuses(f"/story/{REMOVED_410}.html") == [410]


def test_comments_grow_without_duplicates_despite_new_times_and_order(recrawl: Recrawl) -> None:
    expected = [(r.author, r.text) for r in PAGE_1 + PAGE_2 + NEW_ON_PAGE_1]
    assert sorted(_comments(recrawl, COMMENTED)) == sorted(expected)
    assert _comments(recrawl, COMMENTED)[:4] == [(r.author, r.text) for r in PAGE_1 + PAGE_2]
    assert _comments(recrawl, COMMENTED_OLD) == [(NEW_OLD_STORY.author, NEW_OLD_STORY.text)]


def test_unchanged_stories_are_never_fetched_in_full_again(recrawl: Recrawl) -> None:
    day_two = recrawl.days[1]
    changed = {EDITED_TEXT, EDITED_TITLE, COMMENTED, COMMENTED_OLD, REMOVED_404, REMOVED_410}
    for n in range(1, STORIES + 1):
        if n not in changed:
            assert set(day_two.statuses(f"/story/{n}.html")) <= {304}, n
    # stories only the sitemap names, whose lastmod predates our copy, are not requested at all
    sitemap_only = [n for n in range(1, STORIES + 3 - LISTED) if n not in changed]
    assert sitemap_only and all(day_two.statuses(f"/story/{n}.html") == [] for n in sitemap_only)
    for n in (EDITED_TEXT, EDITED_TITLE, COMMENTED, COMMENTED_OLD):
        assert day_two.statuses(f"/story/{n}.html") == [200], n


def test_not_modified_answers_are_counted_as_unchanged_captures_without_body(recrawl: Recrawl) -> None:
    day_two = recrawl.days[1]
    not_modified = [target for target, status in day_two.requests if status == 304]
    new, updated, unchanged = day_two.summary_counts()
    # unchanged: every 304, plus the two stories fetched for their new comments (same text and title)
    assert (new, updated, unchanged) == (2, updated, len(not_modified) + 2)
    assert updated >= 2  # the two edited stories (the listing pages may count too: they change daily)
    captured_304 = [c for c in _captures(recrawl) if c.status == 304]
    assert len(captured_304) == len(not_modified)
    assert all(c.body_sha256 is None and c.error is None for c in captured_304)


def test_revisit_after_leaves_recently_seen_articles_alone(recrawl: Recrawl) -> None:
    day_three = recrawl.days[2]
    assert [t for t, _ in day_three.requests if t.startswith("/story/")] == []
    new, updated, unchanged = day_three.summary_counts()
    assert (new, updated) == (0, 0)
