"""site_paragraphs indexed by (site, pages): a site's frequent lines are read without its others

Learning a site's boilerplate reads the paragraphs carried by at least half of its article pages;
without this index that was a scan of every paragraph the site ever had, on every refresh.

Revision ID: 0050
Revises: 0040
Create Date: 2026-12-07 09:00:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '0050'
down_revision: str | None = '0040'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("site_paragraphs", schema=None) as batch_op:
        batch_op.create_index("ix_site_paragraphs_site_id_pages", ["site_id", "pages"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("site_paragraphs", schema=None) as batch_op:
        batch_op.drop_index("ix_site_paragraphs_site_id_pages")
