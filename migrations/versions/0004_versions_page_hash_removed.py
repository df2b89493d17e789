"""versions decided on the page's own text; paragraphs removed as learnt boilerplate recorded

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 06:20:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from archive.store.models import UTCDateTime

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("article_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("page_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("removed", sa.JSON(), server_default="[]", nullable=False))
        batch_op.add_column(sa.Column("cause", sa.String(length=20), server_default="page", nullable=False))
    with op.batch_alter_table("site_paragraphs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_dated_at", UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("last_dated_at", UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("site_paragraphs", schema=None) as batch_op:
        batch_op.drop_column("last_dated_at")
        batch_op.drop_column("first_dated_at")
    with op.batch_alter_table("article_versions", schema=None) as batch_op:
        batch_op.drop_column("cause")
        batch_op.drop_column("removed")
        batch_op.drop_column("page_hash")
