"""Shared fixtures: real archives on a SQLite file and on the local PostgreSQL server.

Tests that need PostgreSQL skip only when the server is unreachable *and*
NEWSARCHIVE_REQUIRE_SERVICES is unset; with it set (as in CI) they fail instead.
"""

from __future__ import annotations

import os
import socket
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PG_HOST = os.environ.get("NEWSARCHIVE_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("NEWSARCHIVE_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("NEWSARCHIVE_TEST_PG_USER", "postgres")
REDIS_PORT = 6379

# A copy of ../shared/samples kept in the repository, so a clone alone runs the tests.
SAMPLES_DIR = Path(__file__).resolve().parent / "corpus" / "encodings" / "samples"
NEWSARCHIVE_BIN = str(Path(sys.executable).parent / "newsarchive")


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except OSError:
        return False


def require_service(name: str, host: str, port: int) -> None:
    """Skip (or fail, when NEWSARCHIVE_REQUIRE_SERVICES is set) if a service is unreachable."""
    if _reachable(host, port):
        return
    message = f"{name} is not reachable on {host}:{port}"
    if os.environ.get("NEWSARCHIVE_REQUIRE_SERVICES"):
        pytest.fail(message + " and NEWSARCHIVE_REQUIRE_SERVICES is set")
    pytest.skip(message)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'archive.store.engine'}"


def _pg_admin_url() -> str:
    return f"postgresql+psycopg://{PG_USER}@{PG_HOST}:{PG_PORT}/postgres"


@contextmanager
def fresh_pg_database(prefix: str = "na_test") -> Iterator[str]:
    """A new, empty PostgreSQL database on the local server, dropped afterwards."""
    require_service("PostgreSQL", PG_HOST, PG_PORT)
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = f"host={PG_HOST} port={PG_PORT} user={PG_USER} dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database, dropped afterwards."""
    with fresh_pg_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    """The same test on a SQLite file and on PostgreSQL."""
    fixture = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return request.getfixturevalue(fixture)


@pytest.fixture
def samples_dir() -> Path:
    if not SAMPLES_DIR.is_dir():
        pytest.fail(f"the samples are missing: {SAMPLES_DIR}")
    return SAMPLES_DIR
