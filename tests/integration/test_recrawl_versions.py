"""A site crawled again with nothing changed gets no new version, though the archive learnt its
footer in between; one paragraph changed on one story makes exactly one. Real crawls
(`newsarchive crawl` in a subprocess) of tests/site/next_day.py, fetching every page in full."""

from __future__ import annotations

import re
from pathlib import Path

from next_day import NewsDaySite, story_paragraphs
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.store.engine import make_engine
from archive.store.models import Article, ArticleVersion

from .conftest import run_newsarchive

STORIES = 12
FOOTER = "扫码关注测试新闻网微信公众号，获取更多本地新闻。"
ADDED = "记者了解到，第五号报道提到的项目下一阶段将重点推进配套设施建设。"
# every page fetched in full (no conditional GET): each crawl re-extracts every story
FULL = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=1", "-s", "NEWSARCHIVE_RECRAWL=False"]


def crawl(site: NewsDaySite, db_url: str) -> tuple[int, int, int]:
    process = run_newsarchive("--db", db_url, "crawl", site.base_url, *FULL)
    assert process.returncode == 0, process.stderr[-3000:]
    found = re.search(r"articles: (\d+) new, (\d+) updated, (\d+) unchanged", process.stdout)
    assert found, process.stdout
    return int(found[1]), int(found[2]), int(found[3])


def test_recrawls_make_versions_only_for_changes_of_the_page(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    site = NewsDaySite(stories=STORIES, footer=FOOTER).start()
    try:
        assert crawl(site, db_url) == (STORIES, 0, 0)
        assert crawl(site, db_url) == (0, 0, STORIES)   # the footer is learnt now: no version for it
        site.add_paragraph(5, ADDED)
        assert crawl(site, db_url) == (0, 1, STORIES - 1)
        story = site.base_url.rstrip("/") + site.story_path(5)
    finally:
        site.stop()
    engine = make_engine(db_url)
    try:
        with Session(engine) as s:
            assert s.scalar(select(func.count(ArticleVersion.id))) == STORIES + 1
            versions = s.scalars(
                select(ArticleVersion).join(Article, Article.id == ArticleVersion.article_id)
                .where(Article.canonical_url == story).order_by(ArticleVersion.number)
            ).all()
    finally:
        engine.dispose()
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].text.split("\n") == [*story_paragraphs(5, 1), FOOTER]   # not yet learnt
    assert versions[1].text.split("\n") == [*story_paragraphs(5, 1), ADDED]
    assert [(r["rule"], r["text"], r["seen"]) for r in versions[1].removed] == [("learnt-site-line", FOOTER, STORIES)]
    assert versions[1].cause == "page"
