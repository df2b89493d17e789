"""docs/schema.md documents every table and column, and its example queries run as written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from archive.store.engine import open_archive
from archive.store.models import Base, Capture, CrawlRun
from archive.store.writes import VersionFields, add_comments, add_version, ensure_site, upsert_article

DOC = Path(__file__).resolve().parents[2] / "docs" / "schema.md"
T0 = datetime(2025, 1, 30, 2, 32, tzinfo=UTC)


def doc_queries() -> dict[str, str]:
    blocks = re.findall(r"```sql\n(.*?)```", DOC.read_text("utf-8"), flags=re.S)
    return {re.match(r"-- query: (\S+)", b).group(1): b for b in blocks}  # type: ignore[union-attr]


@dataclass(frozen=True)
class C:
    author: str
    text: str
    position: int
    reply_to: int | None = None
    posted_at: datetime | None = None
    external_id: str | None = None


def fill(db_url: str):  # type: ignore[no-untyped-def]
    engine = open_archive(db_url)
    with Session(engine) as s, s.begin():
        site = ensure_site(s, "guancha", "www.guancha.test")
        other = ensure_site(s, "other", "other.test")
        dated = [("guancha", 0, T0), ("guancha", 1, T0.replace(month=2, day=3)), ("other", 2, T0)]
        for name, n, published in dated:
            article = upsert_article(s, f"http://www.{name}.test/{n}.html", site if name == "guancha" else other, T0)
            add_version(s, article, VersionFields(title=f"标题{n}", text=f"正文{n}", extractor_version="t",
                                                  published_at=published), None)
            if n == 0:
                add_version(s, article, VersionFields(title=f"标题{n}", text="正文（更正）", extractor_version="t",
                                                      published_at=published), None)
                add_comments(s, article, [C("甲", "第一", 0), C("乙", "回复甲", 1, reply_to=0),
                                          C("丙", "回复乙", 2, reply_to=1), C("丁", "另起一楼", 3)], None, T0)
        run = CrawlRun(seeds=["http://www.guancha.test/"])
        s.add(run)
        s.flush()
        s.add_all([
            Capture(crawl_run_id=run.id, requested_url="http://www.guancha.test/gone.html",
                    final_url="http://www.guancha.test/gone.html", status=404, fetched_at=T0, error="http 404"),
            Capture(crawl_run_id=run.id, requested_url="http://www.guancha.test/0.html",
                    final_url="http://www.guancha.test/0.html", status=200, fetched_at=T0),
        ])
    return engine


def test_every_table_and_column_is_documented() -> None:
    doc = DOC.read_text("utf-8")
    for table in Base.metadata.sorted_tables:
        section = re.search(rf"^## {table.name}\n(.*?)(?=^## )", doc, flags=re.S | re.M)
        assert section, f"docs/schema.md has no section for table {table.name}"
        documented = set(re.findall(r"^\| ([a-z_0-9, ]+) \|", section.group(1), flags=re.M))
        names = {name.strip() for row in documented for name in row.split(",")}
        assert set(table.columns.keys()) <= names, f"{table.name}: undocumented {set(table.columns.keys()) - names}"


def test_example_queries_return_what_they_promise(db_url: str) -> None:
    engine = fill(db_url)
    queries = doc_queries()
    assert set(queries) == {"site-articles-in-date-range", "comment-thread", "articles-with-changed-text",
                            "failures-of-latest-run", "most-discussed", "thread-from-view"}
    with engine.connect() as connection:
        rows = {name: [tuple(r) for r in connection.execute(text(sql))] for name, sql in queries.items()}
    in_range = rows["site-articles-in-date-range"]
    assert [(url, title) for url, title, _ in in_range] == [("http://www.guancha.test/0.html", "标题0")]
    assert rows["comment-thread"] == [(0, "甲", "第一"), (1, "乙", "回复甲"), (2, "丙", "回复乙"), (0, "丁", "另起一楼")]
    assert rows["articles-with-changed-text"] == [("http://www.guancha.test/0.html", 2)]
    assert rows["failures-of-latest-run"] == [("http://www.guancha.test/gone.html", 404, "http 404")]
    assert rows["most-discussed"] == [("guancha", "http://www.guancha.test/0.html", "标题0", 4, 2)]
    assert rows["thread-from-view"] == rows["comment-thread"]


def test_views_hold_one_row_per_article_and_every_comment(db_url: str) -> None:
    engine = fill(db_url)
    with engine.connect() as connection:
        articles = connection.execute(text(
            "SELECT url, site, title, text, comment_count, versions_count FROM current_articles ORDER BY url"
        )).all()
        threads = connection.execute(text(
            "SELECT author, depth, parent_id IS NULL, thread_id = comment_id FROM comment_threads ORDER BY position"
        )).all()
    assert [tuple(r) for r in articles] == [
        ("http://www.guancha.test/0.html", "guancha", "标题0", "正文（更正）", 4, 2),
        ("http://www.guancha.test/1.html", "guancha", "标题1", "正文1", 0, 1),
        ("http://www.other.test/2.html", "other", "标题2", "正文2", 0, 1),
    ]
    assert [tuple(r) for r in threads] == [("甲", 0, True, True), ("乙", 1, False, False), ("丙", 2, False, False),
                                            ("丁", 0, True, True)]
