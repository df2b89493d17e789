"""initial archive schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 10:50:55.965491
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import archive.store.models

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('bodies',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('compression', sa.String(length=10), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_bodies'))
    )
    op.create_table('crawl_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('started_at', archive.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', archive.store.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('seeds', sa.JSON(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('invoked_by', sa.String(length=300), nullable=True),
    sa.Column('software_version', sa.String(length=50), nullable=True),
    sa.Column('pages_fetched', sa.Integer(), nullable=False),
    sa.Column('articles_new', sa.Integer(), nullable=False),
    sa.Column('articles_updated', sa.Integer(), nullable=False),
    sa.Column('articles_unchanged', sa.Integer(), nullable=False),
    sa.Column('comments_added', sa.Integer(), nullable=False),
    sa.Column('errors', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crawl_runs'))
    )
    op.create_table('sites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('host', sa.String(length=300), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('created_at', archive.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sites')),
    sa.UniqueConstraint('name', name=op.f('uq_sites_name'))
    )
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sites_host'), ['host'], unique=False)

    op.create_table('articles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=True),
    sa.Column('canonical_url', sa.Text(), nullable=False),
    sa.Column('first_seen_at', archive.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', archive.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('gone_at', archive.store.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('current_version_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_articles_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_articles')),
    sa.UniqueConstraint('canonical_url', name=op.f('uq_articles_canonical_url'))
    )
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_articles_site_id'), ['site_id'], unique=False)

    op.create_table('captures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('crawl_run_id', sa.Integer(), nullable=True),
    sa.Column('site_id', sa.Integer(), nullable=True),
    sa.Column('requested_url', sa.Text(), nullable=False),
    sa.Column('final_url', sa.Text(), nullable=False),
    sa.Column('status', sa.Integer(), nullable=True),
    sa.Column('headers', sa.JSON(), nullable=False),
    sa.Column('fetched_at', archive.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('body_sha256', sa.String(length=64), nullable=True),
    sa.Column('warc_file', sa.Text(), nullable=True),
    sa.Column('warc_offset', sa.BigInteger(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('encoding', sa.String(length=40), nullable=True),
    sa.Column('charset_evidence', sa.JSON(), nullable=True),
    sa.Column('repairs', sa.JSON(), nullable=False),
    sa.Column('flagged_spans', sa.Integer(), nullable=False),
    sa.Column('page_kind', sa.String(length=20), nullable=True),
    sa.Column('page_kind_evidence', sa.Text(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['body_sha256'], ['bodies.sha256'], name=op.f('fk_captures_body_sha256_bodies')),
    sa.ForeignKeyConstraint(['crawl_run_id'], ['crawl_runs.id'], name=op.f('fk_captures_crawl_run_id_crawl_runs')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_captures_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_captures'))
    )
    with op.batch_alter_table('captures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_captures_body_sha256'), ['body_sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_captures_crawl_run_id'), ['crawl_run_id'], unique=False)
        batch_op.create_index('ix_captures_final_url_fetched_at', ['final_url', 'fetched_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_captures_site_id'), ['site_id'], unique=False)

    op.create_table('site_paragraphs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('paragraph_key', sa.String(length=64), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('example', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_site_paragraphs_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site_paragraphs')),
    sa.UniqueConstraint('site_id', 'paragraph_key', name=op.f('uq_site_paragraphs_site_id_paragraph_key'))
    )
    op.create_table('article_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('author', sa.Text(), nullable=True),
    sa.Column('published_at', archive.store.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('updated_at', archive.store.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('language', sa.String(length=20), nullable=True),
    sa.Column('site_name', sa.Text(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('text_hash', sa.String(length=64), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('extractor_version', sa.String(length=40), nullable=False),
    sa.Column('capture_id', sa.Integer(), nullable=True),
    sa.Column('created_at', archive.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_versions_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['capture_id'], ['captures.id'], name=op.f('fk_article_versions_capture_id_captures')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_article_versions')),
    sa.UniqueConstraint('article_id', 'number', name=op.f('uq_article_versions_article_id_number'))
    )
    with op.batch_alter_table('article_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_versions_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_versions_capture_id'), ['capture_id'], unique=False)
        batch_op.create_index('ix_article_versions_published_at', ['published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_versions_text_hash'), ['text_hash'], unique=False)

    op.create_table('comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('external_id', sa.String(length=200), nullable=True),
    sa.Column('author', sa.Text(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('posted_at', archive.store.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('capture_id', sa.Integer(), nullable=True),
    sa.Column('first_seen_at', archive.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_comments_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['capture_id'], ['captures.id'], name=op.f('fk_comments_capture_id_captures')),
    sa.ForeignKeyConstraint(['parent_id'], ['comments.id'], name=op.f('fk_comments_parent_id_comments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comments')),
    sa.UniqueConstraint('article_id', 'fingerprint', name=op.f('uq_comments_article_id_fingerprint'))
    )
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comments_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_comments_parent_id'), ['parent_id'], unique=False)

    # articles.current_version_id and article_versions.article_id point at each other: the
    # first of the pair is added once both tables exist.
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f('fk_articles_current_version_id_article_versions'),
            'article_versions', ['current_version_id'], ['id'],
        )


def downgrade() -> None:
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_articles_current_version_id_article_versions'), type_='foreignkey'
        )
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comments_parent_id'))
        batch_op.drop_index(batch_op.f('ix_comments_article_id'))

    op.drop_table('comments')
    with op.batch_alter_table('article_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_versions_text_hash'))
        batch_op.drop_index('ix_article_versions_published_at')
        batch_op.drop_index(batch_op.f('ix_article_versions_capture_id'))
        batch_op.drop_index(batch_op.f('ix_article_versions_article_id'))

    op.drop_table('article_versions')
    op.drop_table('site_paragraphs')
    with op.batch_alter_table('captures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_captures_site_id'))
        batch_op.drop_index('ix_captures_final_url_fetched_at')
        batch_op.drop_index(batch_op.f('ix_captures_crawl_run_id'))
        batch_op.drop_index(batch_op.f('ix_captures_body_sha256'))

    op.drop_table('captures')
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_articles_site_id'))

    op.drop_table('articles')
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sites_host'))

    op.drop_table('sites')
    op.drop_table('crawl_runs')
    op.drop_table('bodies')
