"""Where the archive lives: ``--db`` beats ``NEWSARCHIVE_DB`` beats ``sqlite:///newsarchive.db``."""

from __future__ import annotations

import os
from collections.abc import Mapping

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from archive.errors import ConfigError

DEFAULT_DB_URL = "sqlite:///newsarchive.db"
DB_ENV_VAR = "NEWSARCHIVE_DB"


def resolve_db_url(cli_value: str | None, environ: Mapping[str, str] | None = None) -> str:
    """Return the database URL to use: the ``--db`` value, else ``NEWSARCHIVE_DB``, else the default."""
    env = os.environ if environ is None else environ
    raw = cli_value or env.get(DB_ENV_VAR) or DEFAULT_DB_URL
    parse_db_url(raw)
    return raw


def parse_db_url(raw: str) -> URL:
    """Parse a SQLAlchemy URL, turning a malformed one into a ConfigError that says what is expected."""
    try:
        url = make_url(raw)
    except ArgumentError:
        raise ConfigError(
            f"malformed database URL {raw!r}: expected a SQLAlchemy URL such as "
            "sqlite:///newsarchive.db or postgresql+psycopg://user@host/dbname"
        ) from None
    if url.get_backend_name() == "postgresql" and "+" not in url.drivername:
        url = url.set(drivername="postgresql+psycopg")
    try:
        url.get_dialect()
    except NoSuchModuleError:
        raise ConfigError(
            f"unknown database dialect or driver {url.drivername!r} in {raw!r}: newsarchive supports "
            "sqlite:///PATH and postgresql+psycopg://user@host/dbname"
        ) from None
    return url
