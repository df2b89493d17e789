"""Writes to the archive. Uniqueness is the database's job: INSERT … ON CONFLICT, never check-then-insert.

Every function takes an open :class:`~sqlalchemy.orm.Session` inside a transaction the caller
owns (``with Session(engine) as s, s.begin(): …``), so one page's capture, article, version and
comments land together or not at all.
"""

from __future__ import annotations

import hashlib
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache, cached_property
from typing import Any, Literal, Protocol, cast

from sqlalchemy import CursorResult, Table, bindparam, case, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from archive.normalize import key_hash, text_key
from archive.store.duplicates import place_article
from archive.store.models import (
    Article,
    ArticleVersion,
    Body,
    Capture,
    Comment,
    Site,
    SiteParagraph,
    utcnow,
)
from archive.store.search import index_version

VersionOutcome = Literal["new", "updated", "unchanged"]


class CommentLike(Protocol):
    """What the store needs of an extracted comment (archive.extract.comments.lines.ExtractedComment has these)."""

    @property
    def author(self) -> str | None: ...
    @property
    def text(self) -> str: ...
    @property
    def posted_at(self) -> datetime | None: ...
    @property
    def reply_to(self) -> int | None: ...  # index of the parent in the same sequence
    @property
    def external_id(self) -> str | None: ...
    @property
    def position(self) -> int: ...


@dataclass(frozen=True)
class VersionFields:
    """The extracted fields that make one article version."""

    title: str | None
    text: str
    extractor_version: str
    author: str | None = None
    published_at: datetime | None = None
    updated_at: datetime | None = None
    language: str | None = None
    site_name: str | None = None
    source: str | None = None
    #: the page's own text before learnt boilerplate was taken off (None: ``text`` is the page's own)
    own_text: str | None = None
    #: paragraphs taken off for repetition alone: {"rule", "position", "text", "seen", "share"}
    removed: tuple[dict[str, Any], ...] = ()
    cause: str = "page"   # page | reextract

    @cached_property
    def text_key(self) -> str:
        """:func:`archive.normalize.text_key` of the text, computed once for both hashes."""
        return text_key(self.text)

    @property
    def text_hash(self) -> str:
        return key_hash(self.text_key)

    @property
    def content_hash(self) -> str:
        """The stored title and text."""
        return key_hash(text_key(self.title or "") + "\x1f" + self.text_key)

    @property
    def page_hash(self) -> str:
        """What decides whether a re-fetched article is a new version: its title and the page's own
        text. What the archive has learnt about the site in between (boilerplate) changes nothing."""
        if self.own_text is None:
            return self.content_hash
        return key_hash(text_key(self.title or "") + "\x1f" + text_key(self.own_text))


@dataclass(frozen=True)
class VersionResult:
    outcome: VersionOutcome
    version_id: int


@dataclass(frozen=True)
class _Statements:
    """The statements the writer runs for every page, built once per dialect.

    Building a statement (``insert(t).values(...)``) costs more than running it on SQLite: the
    values are coerced and a cache key is generated each time. These take their values as
    parameters instead, so SQLAlchemy compiles each once and only binds values afterwards.
    """

    ensure_site: Any
    put_body: Any
    add_capture: Any
    upsert_article: Any
    current_version: Any
    add_version: Any
    set_current_version: Any
    next_comment_position: Any
    add_comments: Any
    comment_ids: Any
    link_replies: Any
    count_paragraphs: Any


@cache
def _statements(dialect: str) -> _Statements:
    insert = _DIALECT_INSERTS.get(dialect)
    if insert is None:
        raise NotImplementedError(f"newsarchive supports SQLite and PostgreSQL, not {dialect}")
    bodies, captures, articles = (cast(Table, model.__table__) for model in (Body, Capture, Article))
    versions, comments, paragraphs = (cast(Table, model.__table__) for model in (ArticleVersion, Comment, SiteParagraph))
    upsert = insert(articles)
    return _Statements(
        ensure_site=insert(Site.__table__).on_conflict_do_nothing(index_elements=["name"]),
        put_body=insert(bodies).on_conflict_do_nothing(index_elements=["sha256"]),
        add_capture=insert(captures).returning(captures.c.id),
        upsert_article=upsert.on_conflict_do_update(
            index_elements=["canonical_url"],
            set_={"last_seen_at": upsert.excluded.last_seen_at, "status": "live", "gone_at": None},
        ).returning(articles.c.id, articles.c.current_version_id),
        current_version=select(versions.c.number, versions.c.content_hash, versions.c.page_hash).where(
            versions.c.id == bindparam("version_id")
        ),
        add_version=insert(versions).returning(versions.c.id),
        set_current_version=update(articles)
        .where(articles.c.id == bindparam("b_article_id"))
        .values(current_version_id=bindparam("b_version_id")),
        next_comment_position=select(func.coalesce(func.max(comments.c.position) + 1, 0)).where(
            comments.c.article_id == bindparam("article_id")
        ),
        add_comments=insert(comments)
        .on_conflict_do_nothing(index_elements=["article_id", "fingerprint"])
        .returning(comments.c.id),
        comment_ids=select(comments.c.fingerprint, comments.c.id).where(
            comments.c.article_id == bindparam("article_id"),
            comments.c.fingerprint.in_(bindparam("prints", expanding=True)),
        ),
        link_replies=update(comments)
        .where(comments.c.id == bindparam("comment_id"), comments.c.parent_id.is_(None))
        .values(parent_id=bindparam("parent")),
        count_paragraphs=_count_paragraphs(insert(paragraphs), paragraphs),
    )


def _count_paragraphs(insert: Any, paragraphs: Any) -> Any:
    """One more page for each paragraph, widening the span of dates it was seen over."""
    new = insert.excluded
    return insert.on_conflict_do_update(
        index_elements=["site_id", "paragraph_key"],
        set_={
            "pages": paragraphs.c.pages + 1,
            "first_dated_at": case(
                (paragraphs.c.first_dated_at.is_(None), new.first_dated_at),
                (new.first_dated_at < paragraphs.c.first_dated_at, new.first_dated_at),
                else_=paragraphs.c.first_dated_at,
            ),
            "last_dated_at": case(
                (paragraphs.c.last_dated_at.is_(None), new.last_dated_at),
                (new.last_dated_at > paragraphs.c.last_dated_at, new.last_dated_at),
                else_=paragraphs.c.last_dated_at,
            ),
        },
    )


_DIALECT_INSERTS: dict[str, Any] = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def _run(session: Session) -> tuple[Any, _Statements]:
    """The session's connection (Core statements skip the ORM's execution path) and the
    dialect's prepared statements."""
    connection = session.connection()
    return connection, _statements(connection.dialect.name)


def ensure_site(session: Session, name: str, host: str, settings: dict[str, Any] | None = None) -> int:
    """The id of the site called ``name``, created on first sight."""
    connection, statements = _run(session)
    connection.execute(statements.ensure_site, {"name": name, "host": host, "settings": settings or {}})
    return session.scalars(select(Site.id).where(Site.name == name)).one()


def put_body(session: Session, body: bytes) -> str:
    """Store a response body once (content-addressed); return its SHA-256."""
    digest = hashlib.sha256(body).hexdigest()
    packed = zlib.compress(body, 6)
    compression, content = ("zlib", packed) if len(packed) < len(body) else ("none", body)
    connection, statements = _run(session)
    connection.execute(
        statements.put_body, {"sha256": digest, "compression": compression, "content": content, "size": len(body)}
    )
    return digest


def read_body(session: Session, sha256: str) -> bytes:
    """The original bytes of a stored body."""
    row = session.get_one(Body, sha256)
    return zlib.decompress(row.content) if row.compression == "zlib" else row.content


def add_capture(session: Session, **fields: Any) -> int:
    """Insert one capture row (see :class:`archive.store.models.Capture` for the fields); return its id."""
    connection, statements = _run(session)
    return connection.execute(statements.add_capture, fields).scalar_one()


@dataclass(frozen=True)
class ArticleRow:
    id: int
    current_version_id: int | None


def upsert_article_row(session: Session, canonical_url: str, site_id: int | None, seen_at: datetime) -> ArticleRow:
    """The article for ``canonical_url``: created on first sight, marked live and seen otherwise."""
    connection, statements = _run(session)
    row = connection.execute(
        statements.upsert_article,
        {"canonical_url": canonical_url, "site_id": site_id, "first_seen_at": seen_at, "last_seen_at": seen_at,
         "status": "live"},
    ).one()
    return ArticleRow(row.id, row.current_version_id)


def upsert_article(session: Session, canonical_url: str, site_id: int | None, seen_at: datetime) -> int:
    """The id of the article for ``canonical_url`` (see :func:`upsert_article_row`)."""
    return upsert_article_row(session, canonical_url, site_id, seen_at).id


def touch_article(session: Session, canonical_url: str, seen_at: datetime) -> int | None:
    """Record that a known article was seen unchanged (e.g. a 304); None if it is not in the archive."""
    result = session.execute(
        update(Article)
        .where(Article.canonical_url == canonical_url)
        .values(last_seen_at=seen_at, status="live", gone_at=None)
        .returning(Article.id)
    )
    return result.scalar_one_or_none()


def mark_article_gone(session: Session, canonical_url: str, gone_at: datetime) -> bool:
    """Mark an article that now answers 404/410 as gone (never deleted). False if unknown."""
    result = session.execute(
        update(Article)
        .where(Article.canonical_url == canonical_url, Article.status == "live")
        .values(status="gone", gone_at=gone_at)
    )
    return bool(cast(CursorResult[Any], result).rowcount)


def add_version(
    session: Session,
    article: int | ArticleRow,
    fields: VersionFields,
    capture_id: int | None,
) -> VersionResult:
    """Add a version when the title or the page's own text differ from the current one's
    (:attr:`VersionFields.page_hash`); otherwise report unchanged.

    ``article`` is an id, or the row :func:`upsert_article_row` returned (which already says
    whether the article has a version, so a new article costs no lookup)."""
    connection, statements = _run(session)
    if isinstance(article, ArticleRow):
        article_id, current_id = article.id, article.current_version_id
    else:
        article_id = article
        current_id = connection.execute(
            select(Article.__table__.c.current_version_id).where(Article.__table__.c.id == article_id)
        ).scalar_one_or_none()
    current = (
        connection.execute(statements.current_version, {"version_id": current_id}).one()
        if current_id is not None
        else None
    )
    content_hash, page_hash = fields.content_hash, fields.page_hash
    if current is not None and (
        current.page_hash == page_hash if current.page_hash is not None else current.content_hash == content_hash
    ):
        return VersionResult("unchanged", current_id)  # type: ignore[arg-type]
    version_id = connection.execute(
        statements.add_version,
        {
            "article_id": article_id,
            "number": (current.number + 1) if current is not None else 1,
            "title": fields.title,
            "author": fields.author,
            "published_at": fields.published_at,
            "updated_at": fields.updated_at,
            "language": fields.language,
            "site_name": fields.site_name,
            "source": fields.source,
            "text": fields.text,
            "text_hash": fields.text_hash,
            "content_hash": content_hash,
            "page_hash": page_hash,
            "removed": list(fields.removed),
            "cause": fields.cause,
            "extractor_version": fields.extractor_version,
            "capture_id": capture_id,
            "created_at": utcnow(),
        },
    ).scalar_one()
    connection.execute(statements.set_current_version, {"b_article_id": article_id, "b_version_id": version_id})
    index_version(  # in the same transaction: search never lags the text
        connection, article_id, version_id, (current.number + 1) if current is not None else 1, fields.title,
        fields.text, fields.published_at, fields.language,
    )
    place_article(connection, article_id, version_id, fields.text, published_at=fields.published_at, key=fields.text_key)
    return VersionResult("new" if current is None else "updated", version_id)


def comment_fingerprints(comments: Sequence[CommentLike]) -> list[str]:
    """Stable identities for comments, independent of order, page and relative times.

    A comment the page gives an id is known by it; otherwise by author + normalised text (+ which
    repeat of the same author and text on the page it is), so re-crawls never duplicate it.
    """
    seen: Counter[tuple[str, str]] = Counter()
    prints = []
    for comment in comments:
        if comment.external_id:
            key = "id\x1f" + comment.external_id
        else:
            pair = (text_key(comment.author or ""), text_key(comment.text))
            seen[pair] += 1
            key = f"text\x1f{pair[0]}\x1f{pair[1]}\x1f{seen[pair]}"
        prints.append(hashlib.sha256(key.encode("utf-8")).hexdigest())
    return prints


def add_comments(
    session: Session,
    article_id: int,
    comments: Sequence[CommentLike],
    capture_id: int | None,
    seen_at: datetime,
) -> int:
    """Insert the comments not yet stored for the article, linking replies; return how many were new.

    Three statements whatever the number of comments: insert all (duplicates skipped by the
    unique fingerprint), read back the ids, then link the new replies to their parents.
    """
    if not comments:
        return 0
    connection, statements = _run(session)
    prints = comment_fingerprints(comments)
    offset = connection.execute(statements.next_comment_position, {"article_id": article_id}).scalar_one()
    rows = [
        {
            "article_id": article_id,
            "external_id": comment.external_id,
            "author": comment.author,
            "text": comment.text,
            "posted_at": comment.posted_at,
            "position": offset + comment.position,
            "fingerprint": fingerprint,
            "capture_id": capture_id,
            "first_seen_at": seen_at,
        }
        for comment, fingerprint in zip(comments, prints)
    ]
    added = len(connection.execute(statements.add_comments, rows).all())
    stored = {
        fingerprint: comment_id
        for fingerprint, comment_id in connection.execute(
            statements.comment_ids, {"article_id": article_id, "prints": sorted(set(prints))}
        )
    }
    links = [
        {"comment_id": stored[prints[index]], "parent": stored[prints[comment.reply_to]]}
        for index, comment in enumerate(comments)
        if comment.reply_to is not None and comment.reply_to < index
    ]
    if links:
        connection.execute(statements.link_replies, links)
    return added


def count_paragraphs(
    session: Session, site_id: int, keyed_paragraphs: Iterable[tuple[str, str]], dated_at: datetime | None = None
) -> None:
    """Count each (key, text) paragraph once more for the site, on a page dated ``dated_at``."""
    rows = [
        {"site_id": site_id, "paragraph_key": key, "pages": 1, "example": text[:500],
         "first_dated_at": dated_at, "last_dated_at": dated_at}
        for key, text in dict(keyed_paragraphs).items()
    ]
    if not rows:
        return
    connection, statements = _run(session)
    connection.execute(statements.count_paragraphs, rows)


@dataclass(frozen=True)
class SiteLines:
    """A site's article pages, and its paragraphs seen on at least a given number of them."""

    site_pages: int
    lines: dict[str, tuple[int, datetime | None, datetime | None]]  # key -> (pages, first, last date)


def site_article_count(session: Session, site_id: int) -> int:
    """How many articles of the site have a version (a count over all of them: for a writer to
    take once and then keep up to date itself)."""
    return session.scalar(
        select(func.count(Article.id)).where(Article.site_id == site_id, Article.current_version_id.is_not(None))
    ) or 0


def frequent_paragraphs(session: Session, site_id: int, min_pages: int, site_pages: int | None = None) -> SiteLines:
    """The site's article count (``site_pages`` when the caller knows it) and the paragraphs seen
    on at least ``min_pages`` of its pages: read through the (site, pages) index, so what it costs
    follows how many lines are that frequent, not how many the site ever had."""
    if site_pages is None:
        site_pages = site_article_count(session, site_id)
    rows = session.execute(
        select(
            SiteParagraph.paragraph_key, SiteParagraph.pages, SiteParagraph.first_dated_at, SiteParagraph.last_dated_at
        ).where(SiteParagraph.site_id == site_id, SiteParagraph.pages >= min_pages)
    )
    return SiteLines(site_pages, {key: (pages, first, last) for key, pages, first, last in rows})
