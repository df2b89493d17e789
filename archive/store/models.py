"""The archive schema as typed SQLAlchemy 2.0 models.

Tables (documented for archivists in docs/schema.md):

    sites ─┬─< crawl_runs (no FK: a run may span sites) ─< crawl_runs (a resume points at the run it resumes)
    site_locks                  one row per site a live crawl holds (by site name), with its lease
    discovery_reads             when each feed and sitemap of a site was last read (revisit intervals)
           ├─< captures >── bodies      one row per HTTP response kept; bodies are content-addressed
           ├─< articles ─< article_versions >── captures
           │            ├─< comments (self-referencing reply tree) >── captures
           │            └── article_search          the search index (the current version's terms and facets)
           └─< site_paragraphs          paragraph frequencies that teach the boilerplate filter
    articles ─┬─ article_signatures ─< article_bands      MinHash and LSH band keys of the current version
              └─ cluster_members >── duplicate_clusters   (representative_id → articles)
    dedup_settings                                        how signatures were computed (one row)

Timestamps are stored in UTC and always read back timezone-aware.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime stored as UTC on every backend (SQLite has no zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: newsarchive stores timezone-aware times only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON(), list[Any]: JSON()}


class Site(Base):
    """A news site: its name and host (with port), plus the settings it was crawled with."""

    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    host: Mapped[str] = mapped_column(String(300), index=True)
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CrawlRun(Base):
    """One run of ``newsarchive crawl`` (or an import): what was asked, by whom, and what came of it."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20), default="running")  # running|finished|failed|interrupted
    seeds: Mapped[list[Any]] = mapped_column(default=list)
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    invoked_by: Mapped[str | None] = mapped_column(String(300))  # user@host and command
    software_version: Mapped[str | None] = mapped_column(String(50))
    pages_fetched: Mapped[int] = mapped_column(default=0)
    articles_new: Mapped[int] = mapped_column(default=0)
    articles_updated: Mapped[int] = mapped_column(default=0)
    articles_unchanged: Mapped[int] = mapped_column(default=0)
    articles_gone: Mapped[int] = mapped_column(default=0, server_default="0")
    comments_added: Mapped[int] = mapped_column(default=0)
    errors: Mapped[int] = mapped_column(default=0)
    # the crawl process: a run left `running` whose process is gone on this host was killed
    pid: Mapped[int | None]
    host: Mapped[str | None] = mapped_column(String(255))
    # a --jobdir resume: the run whose unfinished work this one took over
    resumes_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    # per kind of page (home, feeds, sitemaps, listings, articles): {"due": n, "not_due": n}, known
    # pages fetched because their revisit interval had passed, and those left alone
    revisits: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class SiteLock(Base):
    """A site being crawled: one row per site, taken by INSERT … ON CONFLICT DO NOTHING, deleted
    when the crawl ends; a row whose process is gone (on the host that wrote it), or whose lease
    its holder stopped renewing, is stale and broken by the next crawl (archive.store.locks)."""

    __tablename__ = "site_locks"

    site_name: Mapped[str] = mapped_column(String(200), primary_key=True)
    pid: Mapped[int]
    host: Mapped[str] = mapped_column(String(255))
    locked_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]  # the holder's heartbeat renews it; NULL: judged by pid only


class DiscoveryRead(Base):
    """When a feed or sitemap of a site was last read (answered 200): a recrawl reads it again only
    once its kind's revisit interval has passed. Pages need no such row: their captures say it."""

    __tablename__ = "discovery_reads"

    site_name: Mapped[str] = mapped_column(String(200), primary_key=True)
    url: Mapped[str] = mapped_column(Text, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # feed | sitemap
    read_at: Mapped[datetime]


class Body(Base):
    """A response body, stored once however often it was fetched (keyed by its SHA-256)."""

    __tablename__ = "bodies"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    compression: Mapped[str] = mapped_column(String(10), default="zlib")  # zlib | none
    content: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(BigInteger)  # uncompressed length in bytes


class Capture(Base):
    """One HTTP response (or failed request) as fetched, with how it was decoded and classified."""

    __tablename__ = "captures"
    __table_args__ = (
        Index("ix_captures_final_url_fetched_at", "final_url", "fetched_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    crawl_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"), index=True)
    requested_url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str] = mapped_column(Text)
    status: Mapped[int | None]  # HTTP status; NULL when no response arrived
    headers: Mapped[list[Any]] = mapped_column(default=list)  # [[name, value], ...] as received
    etag: Mapped[str | None] = mapped_column(Text)  # validators for conditional re-fetches
    last_modified: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[datetime]
    body_sha256: Mapped[str | None] = mapped_column(ForeignKey("bodies.sha256"), index=True)
    warc_file: Mapped[str | None] = mapped_column(Text)
    warc_offset: Mapped[int | None] = mapped_column(BigInteger)
    # page | comments, or robots | sitemap | feed (archive.process.DISCOVERY_KINDS: never articles)
    kind: Mapped[str] = mapped_column(String(20), default="page")
    encoding: Mapped[str | None] = mapped_column(String(40))
    charset_evidence: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    repairs: Mapped[list[Any]] = mapped_column(default=list)
    flagged_spans: Mapped[int] = mapped_column(default=0)
    page_kind: Mapped[str | None] = mapped_column(String(20))  # article | other
    page_kind_evidence: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)

    body: Mapped[Body | None] = relationship(lazy="raise")


class Article(Base):
    """One story page, identified by its canonical URL; its text lives in article_versions."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"), index=True)
    canonical_url: Mapped[str] = mapped_column(Text, unique=True)
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(10), default="live")  # live | gone
    gone_at: Mapped[datetime | None]
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("article_versions.id", use_alter=True)
    )

    versions: Mapped[list[ArticleVersion]] = relationship(
        back_populates="article",
        foreign_keys="ArticleVersion.article_id",
        order_by="ArticleVersion.number",
        lazy="raise",
    )
    current_version: Mapped[ArticleVersion | None] = relationship(
        foreign_keys=[current_version_id], post_update=True, lazy="raise"
    )


class ArticleVersion(Base):
    """The extracted article as of one capture; a new row only when title or text changed."""

    __tablename__ = "article_versions"
    __table_args__ = (
        UniqueConstraint("article_id", "number"),
        Index("ix_article_versions_published_at", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]  # 1, 2, 3 … per article
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)  # authors joined by ", "
    published_at: Mapped[datetime | None]
    updated_at: Mapped[datetime | None]
    language: Mapped[str | None] = mapped_column(String(20))
    site_name: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)  # syndicated from, e.g. 新华社
    text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(64), index=True)  # sha256 of the normalised text
    content_hash: Mapped[str] = mapped_column(String(64))  # sha256 over title + text
    # sha256 over title + the page's own text, before learnt boilerplate was taken off: what decides
    # whether a capture makes a new version (NULL on versions stored before it existed)
    page_hash: Mapped[str | None] = mapped_column(String(64))
    # paragraphs taken off for repetition alone: [{"rule", "position", "text", "seen", "share"}]
    removed: Mapped[list[Any]] = mapped_column(default=list, server_default="[]")
    cause: Mapped[str] = mapped_column(String(20), default="page", server_default="page")  # page | reextract
    extractor_version: Mapped[str] = mapped_column(String(40))
    capture_id: Mapped[int | None] = mapped_column(ForeignKey("captures.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    article: Mapped[Article] = relationship(
        back_populates="versions", foreign_keys=[article_id], lazy="raise"
    )


class Comment(Base):
    """A reader comment, stored apart from the article text; replies point at their parent."""

    __tablename__ = "comments"
    __table_args__ = (UniqueConstraint("article_id", "fingerprint"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"), index=True)
    external_id: Mapped[str | None] = mapped_column(String(200))
    author: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    posted_at: Mapped[datetime | None]
    position: Mapped[int]  # order on the page where it was first seen
    fingerprint: Mapped[str] = mapped_column(String(64))
    capture_id: Mapped[int | None] = mapped_column(ForeignKey("captures.id"))
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class SiteParagraph(Base):
    """How many distinct article pages of a site carried a paragraph, and over which dates: short
    ones most of the site carries at its bodies' head or tail are boilerplate."""

    __tablename__ = "site_paragraphs"
    __table_args__ = (
        UniqueConstraint("site_id", "paragraph_key"),
        # learning a site's boilerplate reads only its lines on many pages (archive.store.writes.frequent_paragraphs)
        Index("ix_site_paragraphs_site_id_pages", "site_id", "pages"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    paragraph_key: Mapped[str] = mapped_column(String(64))
    pages: Mapped[int] = mapped_column(default=1)
    example: Mapped[str] = mapped_column(Text)
    # the earliest and latest date (published, else fetched) of the pages that carried it
    first_dated_at: Mapped[datetime | None]
    last_dated_at: Mapped[datetime | None]


class ArticleSearch(Base):
    """The search index's rows: one per article, for its current version, with what searches narrow
    and count by (site, publication time, language, version number) kept narrow and close at hand.

    The text itself is indexed as shadow terms (Simplified, lower-case, CJK as overlapping character
    bigrams, other scripts as words; see :mod:`archive.store.search`): on SQLite in the FTS5 table
    ``article_search_fts`` (rowid = article id), on PostgreSQL in ``document``, a weighted
    ``tsvector`` under a GIN index (NULL on SQLite).
    """

    __tablename__ = "article_search"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("article_versions.id", ondelete="CASCADE"), index=True)
    version_number: Mapped[int]
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    published_at: Mapped[datetime | None]
    language: Mapped[str | None] = mapped_column(String(20))
    document: Mapped[str | None] = mapped_column(Text().with_variant(TSVECTOR(), "postgresql"))


class DedupSetting(Base):
    """How the stored signatures and clusters were computed (one row, id 1): what a rebuild changes."""

    __tablename__ = "dedup_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    threshold: Mapped[float] = mapped_column(Float)
    num_perm: Mapped[int]
    shingle_size: Mapped[int]
    bands: Mapped[int]
    rows: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ArticleSignature(Base):
    """The MinHash of an article's current version, computed once when the version is stored."""

    __tablename__ = "article_signatures"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("article_versions.id", ondelete="CASCADE"), index=True)
    scheme: Mapped[str] = mapped_column(String(60))  # e.g. minhash128-seed1-c4-b21r6
    text_hash: Mapped[str] = mapped_column(String(64), index=True)
    minhash: Mapped[bytes] = mapped_column(LargeBinary)  # num_perm little-endian uint32 values
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


class ArticleBand(Base):
    """One LSH band key of an article's signature: articles sharing a (band, key) are candidates."""

    __tablename__ = "article_bands"
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    band: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    key: Mapped[int] = mapped_column(BigInteger, index=True)  # unique to its band: the band is hashed in


class DuplicateCluster(Base):
    """A set of articles telling one story; its representative is the copy an export keeps."""

    __tablename__ = "duplicate_clusters"

    id: Mapped[int] = mapped_column(primary_key=True)
    representative_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ClusterMember(Base):
    """An article's place in its cluster: which member it was found similar to, and how similar."""

    __tablename__ = "cluster_members"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("duplicate_clusters.id", ondelete="CASCADE"), index=True)
    matched_article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    similarity: Mapped[float | None] = mapped_column(Float)  # to matched_article_id; 1.0: same normalised text
    text_hash: Mapped[str] = mapped_column(String(64))
    # the first of its normalised text in the cluster (by the representative's order): kept by --dedup exact
    exact_first: Mapped[bool] = mapped_column(Boolean)
    published_at: Mapped[datetime | None]  # the representative's order: published, then captured, then URL
    captured_at: Mapped[datetime]
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
