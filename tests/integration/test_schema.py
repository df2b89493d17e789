"""The migrated schema is exactly the models, on SQLite and PostgreSQL, and it refuses duplicates."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import event, inspect, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from archive.store.engine import current_revision, head_revision, make_engine, open_archive, upgrade_to_head
from archive.store.models import Article, ArticleVersion, Base, Comment
from archive.store.search import is_index_internal

T0 = datetime(2025, 1, 30, 2, 32, tzinfo=UTC)


def test_migrations_build_exactly_the_models(db_url: str) -> None:
    engine = open_archive(db_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": lambda name, type_, _: not is_index_internal(name, type_)}
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
    assert current_revision(engine) == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert {"sites", "crawl_runs", "captures", "bodies", "articles", "article_versions", "comments"} <= tables


def test_upgrade_is_idempotent_and_keeps_data(db_url: str) -> None:
    engine = open_archive(db_url)
    with Session(engine) as s, s.begin():
        s.add(Article(canonical_url="http://example.test/a", first_seen_at=T0, last_seen_at=T0))
    upgrade_to_head(make_engine(db_url))
    with Session(engine) as s:
        assert s.scalars(select(Article.canonical_url)).all() == ["http://example.test/a"]


def test_database_rejects_a_second_article_with_the_same_canonical_url(db_url: str) -> None:
    engine = open_archive(db_url)
    with Session(engine) as s, s.begin():
        s.add(Article(canonical_url="http://example.test/a", first_seen_at=T0, last_seen_at=T0))
    with pytest.raises(IntegrityError), Session(engine) as s, s.begin():
        s.add(Article(canonical_url="http://example.test/a", first_seen_at=T0, last_seen_at=T0))


def test_database_rejects_a_duplicate_comment_fingerprint_on_one_article(db_url: str) -> None:
    engine = open_archive(db_url)
    with Session(engine) as s, s.begin():
        article = Article(canonical_url="http://example.test/a", first_seen_at=T0, last_seen_at=T0)
        s.add(article)
        s.flush()
        s.add(Comment(article_id=article.id, text="好", position=0, fingerprint="f" * 64))
        article_id = article.id
    with pytest.raises(IntegrityError), Session(engine) as s, s.begin():
        s.add(Comment(article_id=article_id, text="好", position=1, fingerprint="f" * 64))


def test_sqlite_archive_runs_in_wal_mode_with_foreign_keys(sqlite_url: str) -> None:
    engine = open_archive(sqlite_url)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    with pytest.raises(IntegrityError), Session(engine) as s, s.begin():
        s.add(ArticleVersion(article_id=999, number=1, text="x", text_hash="0", content_hash="0",
                             extractor_version="t"))


def test_naive_datetimes_are_refused_and_aware_ones_read_back_in_utc(db_url: str) -> None:
    engine = open_archive(db_url)
    with pytest.raises(Exception, match="naive datetime"), Session(engine) as s, s.begin():
        s.add(Article(canonical_url="http://example.test/n", first_seen_at=datetime(2025, 1, 1),
                      last_seen_at=T0))
    shanghai = datetime.fromisoformat("2025-01-30T10:32:00+08:00")
    with Session(engine) as s, s.begin():
        s.add(Article(canonical_url="http://example.test/z", first_seen_at=shanghai, last_seen_at=T0))
    with Session(engine) as s:
        stored = s.scalars(select(Article.first_seen_at)).one()
    assert stored == shanghai and stored.tzinfo is not None and stored.utcoffset().total_seconds() == 0


def test_alembic_upgrade_head_from_the_project_root_builds_the_archive(db_url: str) -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "NEWSARCHIVE_DB": db_url}
    alembic = str(Path(sys.executable).parent / "alembic")
    upgrade = subprocess.run([alembic, "upgrade", "head"], cwd=root, env=env, capture_output=True, text=True)
    assert upgrade.returncode == 0, upgrade.stderr
    check = subprocess.run([alembic, "check"], cwd=root, env=env, capture_output=True, text=True)
    assert check.returncode == 0 and "No new upgrade operations detected." in check.stdout + check.stderr
    assert current_revision(make_engine(db_url)) == head_revision()


def test_migration_0002_fills_validators_from_headers_already_stored(db_url: str) -> None:
    from alembic import command

    from archive.store.engine import alembic_config

    engine = make_engine(db_url)
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(text(
            "INSERT INTO captures (requested_url, final_url, status, headers, fetched_at, kind, repairs, flagged_spans) "
            "VALUES ('http://a.test/1', 'http://a.test/1', 200, :headers, '2025-01-30 02:32:00', 'page', '[]', 0)"
        ), {"headers": '[["ETag", "\\"v1\\""], ["Last-Modified", "Thu, 30 Jan 2025 02:32:00 GMT"]]'})
    upgrade_to_head(engine)
    with engine.connect() as connection:
        row = connection.execute(text("SELECT etag, last_modified FROM captures")).one()
    assert tuple(row) == ('"v1"', "Thu, 30 Jan 2025 02:32:00 GMT")


def test_a_first_migration_cut_short_leaves_no_half_built_archive(db_url: str) -> None:
    """A crawl killed while it creates the archive: the next run must still open it."""
    engine = make_engine(db_url)
    created: list[str] = []

    def cut_short(_connection, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("CREATE TABLE"):
            created.append(statement)
            if len(created) == 4:
                raise RuntimeError("the process died here")

    event.listen(engine, "before_cursor_execute", cut_short)
    with pytest.raises(Exception, match="the process died here"):
        upgrade_to_head(engine)
    engine.dispose()
    assert len(created) == 4
    assert inspect(make_engine(db_url)).get_table_names() == []  # nothing of it was kept
    assert current_revision(open_archive(db_url)) == head_revision()  # and the next run builds it all
