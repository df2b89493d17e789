"""lock leases (site_locks.expires_at), revisit counters of crawl runs, discovery_reads

Revision ID: 0040
Revises: 0030
Create Date: 2026-12-07 09:00:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from archive.store.models import UTCDateTime

revision: str = '0040'
down_revision: str | None = '0030'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("site_locks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expires_at", UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table("crawl_runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revisits", sa.JSON(), nullable=True))
    op.create_table(
        "discovery_reads",
        sa.Column("site_name", sa.String(length=200), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("read_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("site_name", "url", name=op.f("pk_discovery_reads")),
    )


def downgrade() -> None:
    op.drop_table("discovery_reads")
    with op.batch_alter_table("crawl_runs", schema=None) as batch_op:
        batch_op.drop_column("revisits")
    with op.batch_alter_table("site_locks", schema=None) as batch_op:
        batch_op.drop_column("expires_at")
