"""Alembic environment: runs on a connection handed over by archive.store.engine, or opens the archive itself."""

from __future__ import annotations

from alembic import context

from archive.config import resolve_db_url
from archive.store.engine import make_engine
from archive.store.models import Base
from archive.store.search import is_index_internal

target_metadata = Base.metadata


def include_name(name, type_, _parent_names) -> bool:  # type: ignore[no-untyped-def]
    """Leave the search index's FTS5 tables and GIN index (made by hand in 0010) out of comparisons."""
    return not is_index_internal(name, type_)


def run_migrations(connection) -> None:  # type: ignore[no-untyped-def]
    if connection.dialect.name == "sqlite" and not connection.connection.dbapi_connection.in_transaction:
        # Python's sqlite3 runs DDL outside any transaction unless one is open: a crawl killed
        # during its first migration left half a schema that no later run could upgrade ("table
        # bodies already exists"). All of an upgrade commits at once, or none of it; IMMEDIATE
        # also makes a second process that opens the archive wait its turn.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
elif context.is_offline_mode():
    context.configure(url=resolve_db_url(None), target_metadata=target_metadata, render_as_batch=True,
                      literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = make_engine(resolve_db_url(None))
    with engine.begin() as conn:
        run_migrations(conn)
