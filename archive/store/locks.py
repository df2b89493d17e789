"""Which crawl holds which site, and which runs outlived their process.

A crawl takes one ``site_locks`` row per site (``INSERT … ON CONFLICT DO NOTHING``: the database
decides who wins, never a check-then-insert) and deletes its rows when it ends. A crawl killed
with SIGKILL cannot delete them, so a row records its owner's pid and host: on that host, a row
whose process is gone is stale and the next crawl breaks it. The same liveness check closes the
books on runs a killed crawl left ``running`` (:func:`mark_vanished_runs`, called whenever a
command opens the archive).

A pid says nothing on another host, and on this one it may have been reused by another process:
so a lock is also a lease. Its holder renews ``expires_at`` on a heartbeat
(:func:`renew_site_locks`, every ``heartbeat`` seconds, the lease ``LEASE_HEARTBEATS`` times
that); a lock whose lease ran out is stale whoever holds it. Hosts sharing an archive need clocks
in step (NTP) to well within a lease.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from archive.store.models import CrawlRun, SiteLock

__all__ = [
    "HEARTBEAT_SECONDS",
    "LEASE_HEARTBEATS",
    "LockHeartbeat",
    "LockOutcome",
    "mark_vanished_runs",
    "process_alive",
    "release_site_locks",
    "renew_site_locks",
    "take_site_locks",
    "this_host",
]

#: How often a crawl renews its locks' lease (NEWSARCHIVE_LOCK_HEARTBEAT), and how many missed
#: heartbeats make a lock stale: a crawl stalled that long has let its sites go.
HEARTBEAT_SECONDS = 30.0
LEASE_HEARTBEATS = 4

log = logging.getLogger(__name__)

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


def _stale(owner: SiteLock, now: datetime) -> bool:
    if owner.expires_at is not None and owner.expires_at < now:
        return True  # its holder stopped renewing it: dead, hung, or cut off from the archive
    return owner.host == this_host() and not process_alive(owner.pid)


def _lease(heartbeat: float) -> timedelta:
    return timedelta(seconds=heartbeat * LEASE_HEARTBEATS)


def take_site_locks(
    engine: Engine, sites: Iterable[str], pid: int | None = None, heartbeat: float = HEARTBEAT_SECONDS
) -> LockOutcome:
    """Lock each site for the process ``pid`` (default: this one), breaking stale locks first.
    The holder must renew the locks every ``heartbeat`` seconds (:func:`renew_site_locks`)."""
    pid = os.getpid() if pid is None else pid
    host = this_host()
    insert = _INSERTS[engine.dialect.name]
    taken: list[str] = []
    held: list[tuple[str, str]] = []
    for name in sites:
        for _attempt in range(2):
            with Session(engine) as s, s.begin():
                now = datetime.now(UTC)
                inserted = s.execute(
                    insert(SiteLock.__table__)
                    .values(site_name=name, pid=pid, host=host, locked_at=now, expires_at=now + _lease(heartbeat))
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
                if not _stale(owner, now):
                    held.append((name, f"pid {owner.pid} on {owner.host} since {owner.locked_at:%Y-%m-%d %H:%M:%S} UTC"))
                    break
                # the owner is gone: delete exactly that row (another crawl may have broken it, or
                # its owner renewed it, meanwhile)
                s.execute(
                    delete(SiteLock).where(
                        SiteLock.site_name == name, SiteLock.pid == owner.pid, SiteLock.host == owner.host,
                        SiteLock.locked_at == owner.locked_at,
                        SiteLock.expires_at.is_(None) if owner.expires_at is None
                        else SiteLock.expires_at == owner.expires_at,
                    )
                )
    return LockOutcome(tuple(taken), tuple(held))


def renew_site_locks(
    engine: Engine, sites: Iterable[str], pid: int | None = None, heartbeat: float = HEARTBEAT_SECONDS
) -> list[str]:
    """Extend the lease of the locks the process ``pid`` holds on ``sites``; the sites it still
    holds (one missing was broken as stale: another crawl may have it now)."""
    pid = os.getpid() if pid is None else pid
    names = list(sites)
    if not names:
        return []
    owned = (SiteLock.site_name.in_(names), SiteLock.pid == pid, SiteLock.host == this_host())
    with Session(engine) as s, s.begin():
        s.execute(update(SiteLock).where(*owned).values(expires_at=datetime.now(UTC) + _lease(heartbeat)))
        return list(s.scalars(select(SiteLock.site_name).where(*owned)))


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


class LockHeartbeat:
    """A daemon thread renewing a process's site locks every ``heartbeat`` seconds until
    :meth:`stop`; ``say`` hears once of each site whose lock was broken meanwhile."""

    def __init__(self, db_url: str, sites: Iterable[str], heartbeat: float, say: Callable[[str], None]) -> None:
        self.db_url = db_url
        self.sites = list(sites)
        self.heartbeat = heartbeat
        self.say = say
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="newsarchive-lock-heartbeat", daemon=True)

    def start(self) -> LockHeartbeat:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.heartbeat + 5)

    def _run(self) -> None:
        from archive.store.engine import make_engine

        engine = make_engine(self.db_url)
        lost: set[str] = set()
        try:
            while not self._stop.wait(self.heartbeat):
                try:
                    held = set(renew_site_locks(engine, self.sites, heartbeat=self.heartbeat))
                except SQLAlchemyError as exc:  # the archive is away: the lease runs on; try again
                    log.warning("could not renew the site locks: %s", exc)
                    continue
                for name in sorted(set(self.sites) - held - lost):
                    lost.add(name)
                    self.say(f"site {name}: its lock was broken as stale while this crawl ran; "
                             "another crawl may be crawling it too")
        finally:
            engine.dispose()
