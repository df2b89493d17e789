"""conditional request validators on captures

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 11:12:12.195189
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("captures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("etag", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("last_modified", sa.Text(), nullable=True))
    # Fill the new columns from the response headers already stored on every capture.
    captures = sa.table(
        "captures",
        sa.column("id", sa.Integer()),
        sa.column("headers", sa.JSON()),
        sa.column("etag", sa.Text()),
        sa.column("last_modified", sa.Text()),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(captures.c.id, captures.c.headers)).all()
    for capture_id, headers in rows:
        named = {str(name).lower(): value for name, value in (headers or [])}
        if "etag" in named or "last-modified" in named:
            connection.execute(
                captures.update()
                .where(captures.c.id == capture_id)
                .values(etag=named.get("etag"), last_modified=named.get("last-modified"))
            )


def downgrade() -> None:
    with op.batch_alter_table("captures", schema=None) as batch_op:
        batch_op.drop_column("last_modified")
        batch_op.drop_column("etag")
