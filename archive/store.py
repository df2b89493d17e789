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
from typing import Any, Literal, Protocol

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from archive.models import (
    Article,
    ArticleVersion,
    Base,
    Body,
    Capture,
    Comment,
    Site,
    SiteParagraph,
    utcnow,
)
from archive.normalize import text_hash, text_key

VersionOutcome = Literal["new", "updated", "unchanged"]


class CommentLike(Protocol):
    """What the store needs of an extracted comment (archive.extract.Comment has these)."""

    author: str | None
    text: str
    posted_at: datetime | None
    reply_to: int | None  # index of the parent in the same sequence
    external_id: str | None
    position: int


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

    @property
    def content_hash(self) -> str:
        """What decides whether a re-fetched article is a new version: its title and text."""
        key = text_key(self.title or "") + "\x1f" + text_key(self.text)
        return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class VersionResult:
    outcome: VersionOutcome
    version_id: int


def _insert(session: Session, model: type[Base]) -> Any:
    """The dialect's INSERT construct (which knows ON CONFLICT) on the model's table.

    Core statements on the table, not the ORM entity: the writer issues thousands of them, and
    the ORM's bulk-insert path costs more than the database does.
    """
    table = model.__table__
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"newsarchive supports SQLite and PostgreSQL, not {dialect}")


def ensure_site(session: Session, name: str, host: str, settings: dict[str, Any] | None = None) -> int:
    """The id of the site called ``name``, created on first sight."""
    stmt = _insert(session, Site).values(name=name, host=host, settings=settings or {})
    session.execute(stmt.on_conflict_do_nothing(index_elements=["name"]))
    return session.scalars(select(Site.id).where(Site.name == name)).one()


def put_body(session: Session, body: bytes) -> str:
    """Store a response body once (content-addressed); return its SHA-256."""
    digest = hashlib.sha256(body).hexdigest()
    packed = zlib.compress(body, 6)
    compression, content = ("zlib", packed) if len(packed) < len(body) else ("none", body)
    stmt = _insert(session, Body).values(
        sha256=digest, compression=compression, content=content, size=len(body)
    )
    session.execute(stmt.on_conflict_do_nothing(index_elements=["sha256"]))
    return digest


def read_body(session: Session, sha256: str) -> bytes:
    """The original bytes of a stored body."""
    row = session.get_one(Body, sha256)
    return zlib.decompress(row.content) if row.compression == "zlib" else row.content


def add_capture(session: Session, **fields: Any) -> int:
    """Insert one capture row (see :class:`archive.models.Capture` for the fields); return its id."""
    stmt = _insert(session, Capture).values(**fields).returning(Capture.__table__.c.id)
    return session.execute(stmt).scalar_one()


def upsert_article(session: Session, canonical_url: str, site_id: int | None, seen_at: datetime) -> int:
    """The article for ``canonical_url``: created on first sight, marked live and seen otherwise."""
    stmt = _insert(session, Article).values(
        canonical_url=canonical_url, site_id=site_id, first_seen_at=seen_at, last_seen_at=seen_at,
        status="live",
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=["canonical_url"],
        set_={"last_seen_at": seen_at, "status": "live", "gone_at": None},
    ).returning(Article.id)
    return session.execute(stmt).scalar_one()


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
    return bool(result.rowcount)


def add_version(
    session: Session, article_id: int, fields: VersionFields, capture_id: int | None
) -> VersionResult:
    """Add a version when title or text differ from the current one; otherwise report unchanged."""
    articles, versions = Article.__table__, ArticleVersion.__table__
    current = session.execute(
        select(versions.c.id, versions.c.number, versions.c.content_hash)
        .select_from(articles.join(versions, versions.c.id == articles.c.current_version_id))
        .where(articles.c.id == article_id)
    ).first()
    content_hash = fields.content_hash
    if current is not None and current.content_hash == content_hash:
        return VersionResult("unchanged", current.id)
    version_id = session.execute(
        _insert(session, ArticleVersion)
        .values(
            article_id=article_id,
            number=(current.number + 1) if current is not None else 1,
            title=fields.title,
            author=fields.author,
            published_at=fields.published_at,
            updated_at=fields.updated_at,
            language=fields.language,
            site_name=fields.site_name,
            source=fields.source,
            text=fields.text,
            text_hash=text_hash(fields.text),
            content_hash=content_hash,
            extractor_version=fields.extractor_version,
            capture_id=capture_id,
            created_at=utcnow(),
        )
        .returning(versions.c.id)
    ).scalar_one()
    session.execute(update(articles).where(articles.c.id == article_id).values(current_version_id=version_id))
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
    table = Comment.__table__
    prints = comment_fingerprints(comments)
    offset = session.scalar(
        select(func.coalesce(func.max(table.c.position) + 1, 0)).where(table.c.article_id == article_id)
    )
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
    insert = _insert(session, Comment).on_conflict_do_nothing(index_elements=["article_id", "fingerprint"])
    added = len(session.execute(insert.returning(table.c.id), rows).all())
    stored = {
        fingerprint: comment_id
        for fingerprint, comment_id in session.execute(
            select(table.c.fingerprint, table.c.id).where(
                table.c.article_id == article_id, table.c.fingerprint.in_(set(prints))
            )
        )
    }
    links = [
        {"comment_id": stored[prints[index]], "parent": stored[prints[comment.reply_to]]}
        for index, comment in enumerate(comments)
        if comment.reply_to is not None and comment.reply_to < index
    ]
    if links:
        session.execute(
            update(table)
            .where(table.c.id == bindparam("comment_id"), table.c.parent_id.is_(None))
            .values(parent_id=bindparam("parent")),
            links,
        )
    return added


def count_paragraphs(session: Session, site_id: int, keyed_paragraphs: Iterable[tuple[str, str]]) -> None:
    """Count each (key, text) paragraph once more for the site: frequent ones are boilerplate."""
    rows = [
        {"site_id": site_id, "paragraph_key": key, "pages": 1, "example": text[:500]}
        for key, text in dict(keyed_paragraphs).items()
    ]
    if not rows:
        return
    table = SiteParagraph.__table__
    stmt = _insert(session, SiteParagraph)
    session.execute(
        stmt.on_conflict_do_update(index_elements=["site_id", "paragraph_key"], set_={"pages": table.c.pages + 1}),
        rows,
    )


def frequent_paragraph_keys(session: Session, site_id: int, min_pages: int) -> set[str]:
    """Keys of paragraphs seen on at least ``min_pages`` distinct pages of the site."""
    return set(
        session.scalars(
            select(SiteParagraph.paragraph_key).where(
                SiteParagraph.site_id == site_id, SiteParagraph.pages >= min_pages
            )
        )
    )
