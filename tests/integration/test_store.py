"""Store functions against a real archive: versions only on change, threaded comments never duplicated."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from archive.store.engine import open_archive
from archive.store.models import Article, ArticleVersion, Comment
from archive.store.writes import (
    VersionFields,
    add_comments,
    add_version,
    ensure_site,
    mark_article_gone,
    put_body,
    read_body,
    upsert_article,
)

T0 = datetime(2025, 1, 30, 2, 32, tzinfo=UTC)
URL = "http://news.example.test/2025/01/30/deepseek.html"


@dataclass(frozen=True)
class C:
    author: str | None
    text: str
    reply_to: int | None = None
    position: int = 0
    posted_at: datetime | None = None
    external_id: str | None = None


def thread() -> list[C]:
    return [
        C("用户15xxx19", "美国急了[点赞]", position=0),
        C("观察者", "回复 用户15xxx19：并没有", reply_to=0, position=1),
        C("路人甲", "开源就是最好的回答", position=2),
        C("用户15xxx19", "同意", reply_to=1, position=3),
    ]


def fields(text: str, title: str = "DeepSeek登上全球头版") -> VersionFields:
    return VersionFields(title=title, text=text, extractor_version="test-1", author="熊超然",
                         published_at=T0, language="zh-Hans", source="观察者网")


def test_article_gets_a_second_version_only_when_its_text_changes(db_url: str) -> None:
    engine = open_archive(db_url)
    outcomes = []
    for text in ["第一段。\n第二段。", "第一段。\n第二段。", "第一段。\n第二段（更正）。", "第一段。  \n第二段（更正）。"]:
        with Session(engine) as s, s.begin():
            site_id = ensure_site(s, "news", "news.example.test")
            article_id = upsert_article(s, URL, site_id, T0)
            outcomes.append(add_version(s, article_id, fields(text), None).outcome)
    assert outcomes == ["new", "unchanged", "updated", "unchanged"]
    with Session(engine) as s:
        article = s.scalars(select(Article)).one()
        versions = s.scalars(select(ArticleVersion).order_by(ArticleVersion.number)).all()
        assert [v.number for v in versions] == [1, 2]
        assert versions[0].text == "第一段。\n第二段。"
        assert article.current_version_id == versions[1].id
        assert versions[1].published_at == T0


def test_title_edit_alone_makes_a_new_version(db_url: str) -> None:
    engine = open_archive(db_url)
    with Session(engine) as s, s.begin():
        article_id = upsert_article(s, URL, None, T0)
        first = add_version(s, article_id, fields("正文"), None)
        second = add_version(s, article_id, fields("正文", title="更正后的标题"), None)
    assert (first.outcome, second.outcome) == ("new", "updated")


def test_threaded_comments_are_stored_and_read_back_as_a_tree(db_url: str) -> None:
    engine = open_archive(db_url)
    with Session(engine) as s, s.begin():
        article_id = upsert_article(s, URL, None, T0)
        assert add_comments(s, article_id, thread(), None, T0) == 4
    parent = aliased(Comment)
    with Session(engine) as s:
        rows = s.execute(
            select(Comment.author, Comment.text, parent.author)
            .outerjoin(parent, Comment.parent_id == parent.id)
            .order_by(Comment.position)
        ).all()
    assert [tuple(r) for r in rows] == [
        ("用户15xxx19", "美国急了[点赞]", None),
        ("观察者", "回复 用户15xxx19：并没有", "用户15xxx19"),
        ("路人甲", "开源就是最好的回答", None),
        ("用户15xxx19", "同意", "观察者"),
    ]


def test_recrawled_comments_in_another_order_are_not_duplicated(db_url: str) -> None:
    engine = open_archive(db_url)
    with Session(engine) as s, s.begin():
        article_id = upsert_article(s, URL, None, T0)
        add_comments(s, article_id, thread(), None, T0)
    later = [
        C("新读者", "刚看到这条新闻", position=0, posted_at=T0 + timedelta(hours=3)),
        C("路人甲", "开源就是最好的回答", position=1, posted_at=T0 + timedelta(hours=1)),
        C("用户15xxx19", "美国急了[点赞]", position=2),
    ]
    with Session(engine) as s, s.begin():
        assert add_comments(s, article_id, later, None, T0 + timedelta(days=1)) == 1
    with Session(engine) as s:
        texts = s.scalars(select(Comment.text).order_by(Comment.position)).all()
    assert texts == ["美国急了[点赞]", "回复 用户15xxx19：并没有", "开源就是最好的回答", "同意", "刚看到这条新闻"]


def test_two_identical_comments_by_one_reader_are_both_kept(db_url: str) -> None:
    engine = open_archive(db_url)
    with Session(engine) as s, s.begin():
        article_id = upsert_article(s, URL, None, T0)
        added = add_comments(s, article_id, [C("甲", "[点赞]", position=0), C("甲", "[点赞]", position=1)], None, T0)
    assert added == 2


def test_gone_article_is_marked_not_deleted(db_url: str) -> None:
    engine = open_archive(db_url)
    with Session(engine) as s, s.begin():
        article_id = upsert_article(s, URL, None, T0)
        add_version(s, article_id, fields("正文"), None)
    with Session(engine) as s, s.begin():
        assert mark_article_gone(s, URL, T0 + timedelta(days=2))
    with Session(engine) as s:
        article = s.scalars(select(Article)).one()
        assert (article.status, article.gone_at) == ("gone", T0 + timedelta(days=2))
        assert s.scalars(select(ArticleVersion.text)).all() == ["正文"]


def test_identical_bodies_are_stored_once_and_read_back_exactly(db_url: str) -> None:
    engine = open_archive(db_url)
    body = "<html><body>中文新闻</body></html>".encode("gb18030") * 50
    with Session(engine) as s, s.begin():
        first = put_body(s, body)
        second = put_body(s, body)
    assert first == second
    with Session(engine) as s:
        assert read_body(s, first) == body
