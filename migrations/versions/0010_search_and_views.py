"""search index (article_search + FTS5 / tsvector) and the archivists' SQL views

Revision ID: 0010
Revises: 0004
Create Date: 2026-12-07 06:40:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from archive.store.search import FTS_TABLE, rebuild_index

revision: str = "0010"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The shadow terms, indexed (and kept, for rebuilding) by FTS5; rowid = article id. Written by
# archive.store.search.index_version beside the article_search row.
_SQLITE_FTS = f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title_terms, body_terms, tokenize='unicode61')"

CURRENT_ARTICLES = """
CREATE VIEW current_articles AS
SELECT a.id AS article_id,
       s.name AS site,
       a.canonical_url AS url,
       v.title,
       v.author,
       v.published_at,
       v.language,
       v.text,
       a.status,
       a.first_seen_at,
       a.last_seen_at,
       (SELECT count(*) FROM comments c WHERE c.article_id = a.id) AS comment_count,
       (SELECT count(*) FROM article_versions w WHERE w.article_id = a.id) AS versions_count
FROM articles a
JOIN article_versions v ON v.id = a.current_version_id
LEFT JOIN sites s ON s.id = a.site_id
"""

COMMENT_THREADS = """
CREATE VIEW comment_threads AS
WITH RECURSIVE thread (comment_id, root_id, depth) AS (
    SELECT id, id, 0 FROM comments WHERE parent_id IS NULL
    UNION ALL
    SELECT c.id, t.root_id, t.depth + 1 FROM comments c JOIN thread t ON c.parent_id = t.comment_id
)
SELECT c.id AS comment_id,
       c.article_id,
       a.canonical_url AS article_url,
       c.parent_id,
       t.root_id AS thread_id,
       t.depth,
       c.position,
       c.author,
       c.posted_at,
       c.text
FROM thread t
JOIN comments c ON c.id = t.comment_id
JOIN articles a ON a.id = c.article_id
"""


def upgrade() -> None:
    op.create_table(
        "article_search",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("language", sa.String(length=20), nullable=True),
        sa.Column("document", sa.Text().with_variant(postgresql.TSVECTOR(), "postgresql"), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name=op.f("fk_article_search_article_id_articles"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["version_id"], ["article_versions.id"],
                                name=op.f("fk_article_search_version_id_article_versions"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_article_search_site_id_sites"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_article_search")),
    )
    op.create_index(op.f("ix_article_search_version_id"), "article_search", ["version_id"], unique=False)
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute(_SQLITE_FTS)
    else:
        op.execute("CREATE INDEX ix_article_search_document ON article_search USING gin (document)")
    rebuild_index(bind)
    op.execute(CURRENT_ARTICLES)
    op.execute(COMMENT_THREADS)


def downgrade() -> None:
    op.execute("DROP VIEW comment_threads")
    op.execute("DROP VIEW current_articles")
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"DROP TABLE {FTS_TABLE}")
    op.drop_index(op.f("ix_article_search_version_id"), table_name="article_search")
    op.drop_table("article_search")
