"""site locks; crawl runs record their process (pid, host) and the run a resume continues

Revision ID: 0020
Revises: 0010
Create Date: 2026-12-07 07:00:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from archive.store.models import UTCDateTime

revision: str = '0020'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "site_locks",
        sa.Column("site_name", sa.String(length=200), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("locked_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("site_name", name=op.f("pk_site_locks")),
    )
    with op.batch_alter_table("crawl_runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pid", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("host", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("resumes_run_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_crawl_runs_resumes_run_id_crawl_runs"), "crawl_runs", ["resumes_run_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("crawl_runs", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_crawl_runs_resumes_run_id_crawl_runs"), type_="foreignkey")
        batch_op.drop_column("resumes_run_id")
        batch_op.drop_column("host")
        batch_op.drop_column("pid")
    op.drop_table("site_locks")
