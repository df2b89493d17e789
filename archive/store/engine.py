"""Engines, sessions and schema upgrades. No global engine: callers hold the one they make.

Alembic is imported only where the schema is checked or upgraded: a process that only writes to
an archive already brought to the newest migration (the crawl's writer) starts without it.
"""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from archive.config import parse_db_url
from archive.errors import ConfigError, DatabaseError

if TYPE_CHECKING:
    from collections.abc import Callable

    from alembic.config import Config

    from archive.store.duplicates import RebuildProgress

log = logging.getLogger(__name__)

# The project's migrations/ directory, installed as the archive._migrations package.
MIGRATIONS_DIR = Path(str(resources.files("archive._migrations")))


def make_engine(db_url: str) -> Engine:
    """Create an engine for ``db_url``; SQLite files get WAL, foreign keys and a busy timeout."""
    url = parse_db_url(db_url)
    try:
        if url.get_backend_name() == "sqlite":
            _check_sqlite_path(url)
            engine = create_engine(url, connect_args={"timeout": 30})
            event.listen(engine, "connect", _sqlite_on_connect)
            return engine
        return create_engine(url, pool_pre_ping=True)
    except ModuleNotFoundError as exc:  # the dialect is known, its DBAPI driver is not installed
        package = _DRIVER_PACKAGES.get(exc.name or "", exc.name)
        raise ConfigError(
            f"the database driver for {url.drivername!r} is not installed (Python module {exc.name!r}): "
            f"pip install {package}, or use sqlite:/// or postgresql+psycopg://"
        ) from exc


# Python module a dialect imports → the package that provides it
_DRIVER_PACKAGES = {
    "MySQLdb": "mysqlclient",
    "pymysql": "pymysql",
    "psycopg2": "psycopg2-binary",
    "psycopg": "'psycopg[binary]'",
    "asyncpg": "asyncpg",
    "oracledb": "oracledb",
    "pyodbc": "pyodbc",
    "pymssql": "pymssql",
}


def make_readonly_engine(db_url: str) -> Engine:
    """An engine that cannot write: SQLite opened ``mode=ro`` (and ``query_only``), PostgreSQL
    sessions whose transactions are read-only. What the web UI reads through."""
    url = parse_db_url(db_url)
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if not database or database == ":memory:" or database.startswith("file:"):
            raise DatabaseError(f"cannot open {database or 'an in-memory archive'!r} read-only: give a SQLite file")
        path = Path(database).expanduser().resolve()
        if not path.is_file():
            raise DatabaseError(f"no SQLite archive at {str(path)!r}: make one first, e.g. with newsarchive demo")
        engine = create_engine(
            URL.create("sqlite", database=f"{path.as_uri()}?mode=ro", query={"uri": "true"}),
            connect_args={"timeout": 30, "check_same_thread": False},
        )
        event.listen(engine, "connect", _sqlite_read_only)
        return engine
    return create_engine(
        url, pool_pre_ping=True, connect_args={"options": "-c default_transaction_read_only=on"}
    )


def _sqlite_read_only(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only=ON")
    cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB: a search's hits and their facets stay in memory
    cursor.execute("PRAGMA mmap_size=268435456")  # and reads skip a copy
    cursor.close()


def _check_sqlite_path(url: URL) -> None:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    directory = Path(database).expanduser().resolve().parent
    if not directory.is_dir():
        raise DatabaseError(
            f"cannot open SQLite archive {database!r}: directory {str(directory)!r} does not exist"
        )


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except SQLAlchemyError as exc:
        raise DatabaseError(describe_db_failure(engine, exc)) from exc


#: The PostgreSQL advisory lock taken while the schema is upgraded ("na-mig" in ASCII).
MIGRATION_LOCK_KEY = 0x6E612D6D6967


def upgrade_to_head(engine: Engine) -> None:
    """Bring the schema to the newest migration, sharing one connection with Alembic."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    try:
        with engine.connect() as connection:
            if MigrationContext.configure(connection).get_current_revision() == head_revision():
                return
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # several crawl workers opening a new archive at once: one migrates, the others
                # wait for its transaction (PostgreSQL's DDL is transactional) and find it done
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
                if MigrationContext.configure(connection).get_current_revision() == head_revision():
                    return
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except SQLAlchemyError as exc:
        raise DatabaseError(describe_db_failure(engine, exc)) from exc


def open_archive(db_url: str, fill_progress: Callable[[RebuildProgress], None] | None = None) -> Engine:
    """An engine on an archive whose schema is at the newest migration and whose articles all have
    duplicate signatures (an older archive is filled first, in committed batches reported to
    ``fill_progress``; archive.store.duplicates.fill_pending), where the runs a killed crawl of this
    host left ``running`` are marked ``interrupted`` (archive.store.locks)."""
    from archive.store.duplicates import fill_pending
    from archive.store.locks import mark_vanished_runs

    engine = make_engine(db_url)
    upgrade_to_head(engine)
    try:
        fill_pending(engine, fill_progress)
    except SQLAlchemyError as exc:  # a reader without write access: exports say how many are unsigned
        log.warning("duplicate signatures not filled: %s", describe_db_failure(engine, exc))
    try:
        mark_vanished_runs(engine)
    except SQLAlchemyError as exc:  # a reader without write access: the next writer closes them
        log.warning("runs of killed crawls not marked interrupted: %s", describe_db_failure(engine, exc))
    return engine


def describe_db_failure(engine: Engine, exc: SQLAlchemyError) -> str:
    where = engine.url.render_as_string(hide_password=True)
    if isinstance(exc, OperationalError):
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        return f"cannot use database {where}: {detail}"
    return f"database error on {where}: {str(exc).splitlines()[0]}"
