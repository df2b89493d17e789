"""The archive as files: a SQLite archive's write-ahead log folded back into its ``.db`` file, and
a consistent copy of a live archive.

SQLite in WAL mode keeps recent writes in ``ARCHIVE-wal`` until a checkpoint copies them into the
``.db`` file. Archivists copy, back up and hand over the ``.db`` file alone, so every command that
wrote ends with a ``TRUNCATE`` checkpoint (``checkpoint_sqlite``); a copy of an archive that a
crawl is still writing to is made with SQLite's online backup API (``backup_archive``).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL

from archive.config import parse_db_url
from archive.errors import DatabaseError, InputError

#: How long a checkpoint waits for another process's transaction to end (seconds). A crawl still
#: writing to the archive checkpoints when it ends; nothing is lost by leaving the log to it.
CHECKPOINT_WAIT = 2.0


@dataclass(frozen=True)
class CheckpointResult:
    """``busy``: another connection kept the log from being emptied (it will checkpoint itself)."""

    busy: bool
    wal_pages: int
    checkpointed_pages: int


def sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite archive URL; None for another database or an in-memory one."""
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).expanduser()


def checkpoint_sqlite(db_url: str) -> CheckpointResult | None:
    """Copy a SQLite archive's write-ahead log into its ``.db`` file and empty the log, so the
    ``.db`` file alone holds the archive. None when there is nothing to do (not SQLite, or no
    log with anything in it)."""
    path = sqlite_file(parse_db_url(db_url))
    if path is None:
        return None
    wal = path.with_name(path.name + "-wal")
    try:
        if wal.stat().st_size == 0:
            return None
    except FileNotFoundError:
        return None
    connection = sqlite3.connect(path, timeout=CHECKPOINT_WAIT)
    try:
        busy, wal_pages, checkpointed = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.OperationalError as exc:  # "database is locked": another process is writing
        if "locked" in str(exc) or "busy" in str(exc):
            return CheckpointResult(busy=True, wal_pages=-1, checkpointed_pages=-1)
        raise DatabaseError(f"cannot checkpoint the SQLite archive {str(path)!r}: {exc}") from exc
    finally:
        connection.close()
    return CheckpointResult(busy=bool(busy), wal_pages=wal_pages, checkpointed_pages=checkpointed)


def backup_archive(db_url: str, target: Path) -> Path:
    """Copy a SQLite archive, consistent even while a crawl writes to it, to ``target`` (a new
    file; written beside it and renamed into place, so a failed backup leaves nothing). Returns
    the absolute path written.

    A PostgreSQL archive is copied with its own tool: the error says the ``pg_dump`` line."""
    url = parse_db_url(db_url)
    source = sqlite_file(url)
    if source is None:
        if url.get_backend_name() == "postgresql":
            plain = url.set(drivername="postgresql").render_as_string(hide_password=True)
            raise InputError(
                f"db backup copies SQLite archives; back up PostgreSQL with its own tool: "
                f"pg_dump --format=custom --file {target} '{plain}'"
            )
        raise InputError(f"db backup copies SQLite archive files, not {url.get_backend_name()} databases")
    if not source.is_file():
        raise InputError(f"no SQLite archive at {str(source)!r}")
    target = target.expanduser().absolute()
    if target.exists() or target.is_symlink():
        raise InputError(f"{str(target)!r} already exists; give a new path for the backup")
    if not target.parent.is_dir():
        raise InputError(f"cannot write the backup: directory {str(target.parent)!r} does not exist")
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(fd)
    try:
        source_connection = sqlite3.connect(source, timeout=30)
        copy = sqlite3.connect(temporary)
        try:
            source_connection.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        finally:
            copy.close()
            source_connection.close()
        os.chmod(temporary, default_file_mode())
        os.replace(temporary, target)
    except sqlite3.Error as exc:
        raise DatabaseError(f"cannot back up {str(source)!r}: {exc}") from exc
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return target


def default_file_mode() -> int:
    """The mode a new file gets from ``open()``: 0666 less the process's umask (0644 under the
    usual 022), not the 0600 of ``tempfile.mkstemp``."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask
