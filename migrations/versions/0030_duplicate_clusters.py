"""duplicate clusters kept in the archive: signatures, LSH band keys, clusters and their members

The tables only: the articles already stored are signed and clustered right after the upgrade, by
``archive.store.duplicates.fill_pending`` (called by ``open_archive``), in committed batches with
progress, not in the migration's transaction. Killed half-way, the next open (or ``newsarchive
dedup rebuild``) goes on from the last committed batch; ``dedup_settings`` is written when the fill
is complete.

Revision ID: 0030
Revises: 0020
Create Date: 2026-12-07 07:00:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from archive.store.models import UTCDateTime

revision: str = '0030'
down_revision: str | None = '0020'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dedup_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("num_perm", sa.Integer(), nullable=False),
        sa.Column("shingle_size", sa.Integer(), nullable=False),
        sa.Column("bands", sa.Integer(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dedup_settings")),
    )
    op.create_table(
        "article_signatures",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("scheme", sa.String(length=60), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("minhash", sa.LargeBinary(), nullable=False),
        sa.Column("computed_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name=op.f("fk_article_signatures_article_id_articles"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["version_id"], ["article_versions.id"], name=op.f("fk_article_signatures_version_id_article_versions"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_article_signatures")),
    )
    op.create_index(op.f("ix_article_signatures_text_hash"), "article_signatures", ["text_hash"])
    op.create_index(op.f("ix_article_signatures_version_id"), "article_signatures", ["version_id"])
    op.create_table(
        "article_bands",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("band", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name=op.f("fk_article_bands_article_id_articles"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", "band", name=op.f("pk_article_bands")),
    )
    op.create_index(op.f("ix_article_bands_key"), "article_bands", ["key"])
    op.create_table(
        "duplicate_clusters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("representative_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["representative_id"], ["articles.id"], name=op.f("fk_duplicate_clusters_representative_id_articles")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duplicate_clusters")),
    )
    op.create_index(op.f("ix_duplicate_clusters_representative_id"), "duplicate_clusters", ["representative_id"])
    op.create_table(
        "cluster_members",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("matched_article_id", sa.Integer(), nullable=True),
        sa.Column("similarity", sa.Float(), nullable=True),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("exact_first", sa.Boolean(), nullable=False),
        sa.Column("published_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("captured_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("joined_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name=op.f("fk_cluster_members_article_id_articles"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["cluster_id"], ["duplicate_clusters.id"], name=op.f("fk_cluster_members_cluster_id_duplicate_clusters"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["matched_article_id"], ["articles.id"], name=op.f("fk_cluster_members_matched_article_id_articles"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_cluster_members")),
    )
    op.create_index(op.f("ix_cluster_members_cluster_id"), "cluster_members", ["cluster_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_cluster_members_cluster_id"), table_name="cluster_members")
    op.drop_table("cluster_members")
    op.drop_index(op.f("ix_duplicate_clusters_representative_id"), table_name="duplicate_clusters")
    op.drop_table("duplicate_clusters")
    op.drop_index(op.f("ix_article_bands_key"), table_name="article_bands")
    op.drop_table("article_bands")
    op.drop_index(op.f("ix_article_signatures_version_id"), table_name="article_signatures")
    op.drop_index(op.f("ix_article_signatures_text_hash"), table_name="article_signatures")
    op.drop_table("article_signatures")
    op.drop_table("dedup_settings")
