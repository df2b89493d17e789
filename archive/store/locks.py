"""Which crawl holds which site, and which runs outlived their process.

A crawl takes one ``site_locks`` row per site (``INSERT … ON CONFLICT DO NOTHING``: the database
decides who wins, never a check-then-insert) and deletes its rows when it ends. A crawl killed
with SIGKILL cannot delete them, so a row records its owner's pid and host: on that host, a row
whose process is gone is stale and the next crawl breaks it. The same liveness check closes the
books on runs a killed crawl left ``running`` (:func:`mark_vanished_runs`, called whenever a
command opens the archive). Rows written on another host are left alone: their process cannot
be checked from here.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from archive.store.models import CrawlRun, SiteLock

__all__ = ["LockOutcome", "mark_vanished_runs", "process_alive", "release_site_locks", "take_site_locks", "this_host"]

_INSERTS: dict[str, Any] = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


@dataclass(frozen=True)
class LockOutcome:
    """The sites a crawl took, and those another live crawl holds (with who holds them)."""

    taken: tuple[str, ...]
    held: tuple[tuple[str, str], ...]  # (site name, "pid N on HOST since …")


def this_host() -> str:
    return socket.gethostname()


def process_alive(pid: int) -> bool:
    """Whether a process with this id exists on this machine (signal 0 only checks)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


def _stale(pid: int, host: str) -> bool:
    return host == this_host() and not process_alive(pid)


def take_site_locks(engine: Engine, sites: Iterable[str], pid: int | None = None) -> LockOutcome:
    """Lock each site for the process ``pid`` (default: this one), breaking stale locks first."""
    pid = os.getpid() if pid is None else pid
    host = this_host()
    insert = _INSERTS[engine.dialect.name]
    taken: list[str] = []
    held: list[tuple[str, str]] = []
    for name in sites:
        for _attempt in range(2):
            with Session(engine) as s, s.begin():
                inserted = s.execute(
                    insert(SiteLock.__table__)
                    .values(site_name=name, pid=pid, host=host, locked_at=datetime.now(UTC))
                    .on_conflict_do_nothing(index_elements=["site_name"])
                    .returning(SiteLock.site_name)
                ).first()
                if inserted:
                    taken.append(name)
                    break
                owner = s.get(SiteLock, name)
                if owner is None:
                    continue  # released meanwhile: try again
                if owner.pid == pid and owner.host == host:
                    taken.append(name)
                    break
                if not _stale(owner.pid, owner.host):
                    held.append((name, f"pid {owner.pid} on {owner.host} since {owner.locked_at:%Y-%m-%d %H:%M:%S} UTC"))
                    break
                # the owner is gone: delete exactly that row (another crawl may have broken it already)
                s.execute(
                    delete(SiteLock).where(
                        SiteLock.site_name == name, SiteLock.pid == owner.pid, SiteLock.host == owner.host
                    )
                )
    return LockOutcome(tuple(taken), tuple(held))


def release_site_locks(engine: Engine, sites: Iterable[str], pid: int | None = None) -> None:
    """Delete the locks this process (``pid``) holds on ``sites``."""
    pid = os.getpid() if pid is None else pid
    names = list(sites)
    if not names:
        return
    with Session(engine) as s, s.begin():
        s.execute(
            delete(SiteLock).where(SiteLock.site_name.in_(names), SiteLock.pid == pid, SiteLock.host == this_host())
        )


def mark_vanished_runs(engine: Engine) -> list[int]:
    """Mark ``interrupted`` the runs left ``running`` by a process of this host that is gone;
    returns their ids."""
    host = this_host()
    with Session(engine) as s, s.begin():
        rows = s.execute(
            select(CrawlRun.id, CrawlRun.pid).where(
                CrawlRun.status == "running", CrawlRun.host == host, CrawlRun.pid.is_not(None)
            )
        ).all()
        vanished = [run_id for run_id, pid in rows if pid is not None and not process_alive(pid)]
        if vanished:
            s.execute(update(CrawlRun).where(CrawlRun.id.in_(vanished)).values(status="interrupted"))
    return vanished
