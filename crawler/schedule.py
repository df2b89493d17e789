"""``newsarchive schedule --sites FILE``: one long-lived process that crawls each site as its
``interval`` falls due, on APScheduler (an interval job per site, never two of one site at once).

Each crawl is a ``newsarchive crawl --sites FILE --site NAME`` subprocess: Twisted's reactor
cannot restart, and a crawl that fails or is killed must not take the scheduler with it. The
per-site lock in the archive keeps a cron-started crawl of the same site out too.

Signals: SIGTERM (and SIGINT) stop scheduling; the crawls running then finish, and the process
exits 0. SIGHUP re-reads FILE: sites added, removed or with a new interval are rescheduled; a
file that no longer parses is reported and the jobs stay as they were.

Unattended crawls run for years against other people's servers: a real contact URL for the
User-Agent is required (``NEWSARCHIVE_CONTACT_URL`` or the file's top-level ``contact_url``).
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

from archive.errors import EXIT_CODES, ConfigError, NewsArchiveError
from crawler.sites import DEFAULT_CONTACT_URL, load_contact_url, load_sites

__all__ = ["CrawlSchedule", "contact_url_for", "run_schedule"]

_MEANINGS = dict(EXIT_CODES)


def contact_url_for(sites_file: Path, environ: Mapping[str, str], overrides: Mapping[str, str]) -> str:
    """The operator's contact URL: ``-s NEWSARCHIVE_CONTACT_URL``, the sites file's
    ``contact_url``, or the environment; ConfigError when none is a real one."""
    contact = (
        overrides.get("NEWSARCHIVE_CONTACT_URL")
        or load_contact_url(sites_file)
        or environ.get("NEWSARCHIVE_CONTACT_URL")
    )
    if not contact or contact == DEFAULT_CONTACT_URL:
        raise ConfigError(
            "schedule runs unattended crawls: say how site owners reach you, with "
            f'NEWSARCHIVE_CONTACT_URL=https://… or contact_url = "https://…" at the top of {sites_file}'
        )
    return contact


class CrawlSchedule:
    """The interval jobs of a sites file, on an APScheduler BackgroundScheduler."""

    def __init__(
        self,
        sites_file: Path,
        *,
        db_url: str,
        settings_overrides: Mapping[str, str],
        say: Callable[[str], None],
    ) -> None:
        from apscheduler.executors.pool import ThreadPoolExecutor
        from apscheduler.schedulers.background import BackgroundScheduler

        self.sites_file = sites_file
        self.db_url = db_url
        self.settings_overrides = dict(settings_overrides)
        self.say = say
        self.contact = ""  # load() finds it
        self.intervals: dict[str, float] = {}
        self.scheduler = BackgroundScheduler(executors={"default": ThreadPoolExecutor(32)}, timezone=UTC)
        self._children: dict[str, subprocess.Popen[bytes]] = {}
        self._children_lock = threading.Lock()

    def load(self) -> None:
        """(Re)read the sites file and bring the jobs in line with it."""
        sites = load_sites(self.sites_file)
        self.contact = contact_url_for(self.sites_file, os.environ, self.settings_overrides)
        intervals = {site.name: site.interval for site in sites if site.interval > 0}
        if not intervals:
            raise ConfigError(f"{self.sites_file}: no site has an `interval`; add e.g. interval = \"1h\" (docs/sites.md)")
        for name in set(self.intervals) - set(intervals):
            self.scheduler.remove_job(name)
            self.say(f"site {name}: no longer scheduled")
        for name, seconds in intervals.items():
            if self.intervals.get(name) == seconds:
                continue
            if name in self.intervals:
                self.scheduler.reschedule_job(name, trigger="interval", seconds=seconds)
                self.say(f"site {name}: every {seconds:g}s from now")
            else:
                self.scheduler.add_job(
                    self.crawl_site, "interval", seconds=seconds, args=[name], id=name, name=name,
                    max_instances=1, coalesce=True, misfire_grace_time=None, next_run_time=datetime.now(UTC),
                )
                self.say(f"site {name}: every {seconds:g}s, first crawl now")
        self.intervals = intervals

    def crawl_site(self, name: str) -> int:
        """One crawl of the site, as a subprocess; its exit status."""
        command = [
            sys.executable, "-m", "archive.cli", "--db", self.db_url, "crawl",
            "--sites", str(self.sites_file), "--site", name, "--quiet",
        ]
        for setting, value in self.settings_overrides.items():
            command += ["-s", f"{setting}={value}"]
        env = {**os.environ, "NEWSARCHIVE_CONTACT_URL": self.contact}
        # its own session: a Ctrl-C meant for the scheduler lets the crawl finish
        child = subprocess.Popen(command, env=env, start_new_session=True)
        with self._children_lock:
            self._children[name] = child
        self.say(f"site {name}: crawl started (pid {child.pid})")
        code = child.wait()
        with self._children_lock:
            self._children.pop(name, None)
        self.say(f"site {name}: crawl ended with exit status {code}: {_MEANINGS.get(code, 'unknown')}")
        return code

    def start(self) -> None:
        self.scheduler.start()

    def stop(self) -> None:
        """No new crawls; wait for the running ones to finish."""
        self.scheduler.shutdown(wait=True)


def run_schedule(
    sites_file: Path, *, db_url: str, settings_overrides: Mapping[str, str], say: Callable[[str], None]
) -> None:
    """Run until SIGTERM or SIGINT (then let running crawls finish); SIGHUP re-reads the file."""
    # a site whose crawl outlasts its interval is skipped, not queued: said by the crawl's end line
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    schedule = CrawlSchedule(sites_file, db_url=db_url, settings_overrides=settings_overrides, say=say)
    wake = threading.Event()
    requests: list[str] = []

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        requests.append("reload" if signum == signal.SIGHUP else "stop")
        wake.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    try:
        schedule.load()
        schedule.start()
        say(f"scheduling {len(schedule.intervals)} site(s) from {sites_file}; SIGHUP re-reads it, SIGTERM stops")
        while True:
            wake.wait()
            wake.clear()
            while requests:
                if requests.pop(0) == "stop":
                    say("stopping: no new crawls; waiting for the running ones to finish")
                    schedule.stop()
                    say("stopped")
                    return
                try:
                    schedule.load()
                    say(f"re-read {sites_file}")
                except NewsArchiveError as exc:
                    say(f"could not re-read {sites_file}, the schedule stays as it was: {exc}")
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
