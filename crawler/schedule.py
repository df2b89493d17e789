"""``newsarchive schedule --sites FILE``: one long-lived process that crawls each site as its
work falls due, on APScheduler: one interval job per site, never two of one site at once.

A site's job runs at its ``period``: the shortest of its ``interval`` and its ``[site.revisit]``
intervals (feeds every 15 minutes, say). Each crawl then fetches only the kinds of page that are
due (crawler.middlewares.conditional): the home page and feeds when theirs have passed, listings
daily, known articles on their decaying schedule, new pages always. One job per site, not one per
kind: a site is crawled by one process at a time anyway (its lock), and one crawl that fetches
every due kind costs one Scrapy start-up, not several competing for the lock.

Each crawl is a ``newsarchive crawl --sites FILE --site NAME`` subprocess: Twisted's reactor
cannot restart, and a crawl that fails or is killed must not take the scheduler with it. The
per-site lock in the archive keeps a cron-started crawl of the same site out too. With
``jobdir``, each site's crawls keep a resumable job in ``jobdir/NAME``.

Signals: SIGTERM (and SIGINT) stop scheduling and pass SIGTERM on to the running crawls, which
stop at a checkpoint (their run is recorded ``interrupted``, with what they fetched; with a job
directory the next crawl of the site resumes the rest); the process exits 0 once they have
stopped. SIGHUP re-reads FILE: sites added, removed or with a new period are rescheduled; a
file that no longer parses is reported and the jobs stay as they were.

Unattended crawls run for years against other people's servers: a real contact URL for the
User-Agent is required (``NEWSARCHIVE_CONTACT_URL`` or the file's top-level ``contact_url``).
"""

from __future__ import annotations

import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

from archive.errors import EXIT_CODES, ConfigError, NewsArchiveError
from crawler.sites import DEFAULT_CONTACT_URL, load_contact_url, load_sites

__all__ = ["CrawlSchedule", "contact_url_for", "run_schedule"]

#: Seconds the running crawls get to stop at a checkpoint after SIGTERM, before they are killed.
STOP_GRACE_SECONDS = 60.0

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
        jobdir: Path | None = None,
    ) -> None:
        from apscheduler.executors.pool import ThreadPoolExecutor
        from apscheduler.schedulers.background import BackgroundScheduler

        self.sites_file = sites_file
        self.db_url = db_url
        self.settings_overrides = dict(settings_overrides)
        self.say = say
        self.jobdir = jobdir
        self.contact = ""  # load() finds it
        self.intervals: dict[str, float] = {}
        self.scheduler = BackgroundScheduler(executors={"default": ThreadPoolExecutor(32)}, timezone=UTC)
        self._children: dict[str, subprocess.Popen[bytes]] = {}
        self._children_lock = threading.Lock()
        self._stopping = False

    def load(self) -> None:
        """(Re)read the sites file and bring the jobs in line with it."""
        sites = load_sites(self.sites_file)
        self.contact = contact_url_for(self.sites_file, os.environ, self.settings_overrides)
        intervals = {site.name: site.period for site in sites if site.period > 0}
        if not intervals:
            raise ConfigError(
                f"{self.sites_file}: no site has an `interval` or a [site.revisit] table; "
                'add e.g. interval = "1h" (docs/sites.md)'
            )
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
        if self.jobdir is not None:
            command += ["--jobdir", str(self.jobdir / _safe_name(name))]
        for setting, value in self.settings_overrides.items():
            command += ["-s", f"{setting}={value}"]
        env = {**os.environ, "NEWSARCHIVE_CONTACT_URL": self.contact}
        with self._children_lock:
            if self._stopping:
                return 0
            # its own session: a Ctrl-C at a terminal reaches the scheduler, which passes on one SIGTERM
            child = subprocess.Popen(command, env=env, start_new_session=True)
            self._children[name] = child
        self.say(f"site {name}: crawl started (pid {child.pid})")
        code = child.wait()
        with self._children_lock:
            self._children.pop(name, None)
        self.say(f"site {name}: crawl ended with exit status {code}: {_MEANINGS.get(code, 'unknown')}")
        return code

    def start(self) -> None:
        self.scheduler.start()

    def stop(self, grace: float = STOP_GRACE_SECONDS) -> list[str]:
        """No new crawls; the running ones are sent SIGTERM and stop at a checkpoint. One still
        running after ``grace`` seconds is killed (its lock and run are closed by the next
        command, as for any killed crawl). The sites whose crawls were stopped."""
        with self._children_lock:
            self._stopping = True
            children = dict(self._children)
        self.scheduler.pause()
        for child in children.values():
            # the crawl process alone: it stops its helper processes (writer, extraction) itself
            # once the run's end is recorded
            child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + grace
        for name, child in children.items():
            try:
                child.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                self.say(f"site {name}: the crawl did not stop within {grace:g}s; killing it")
                _kill_group(child)
        self.scheduler.shutdown(wait=True)
        return sorted(children)


def _kill_group(child: subprocess.Popen[bytes]) -> None:
    """SIGKILL a crawl and its helper processes (its own process group)."""
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # it ended meanwhile
    child.wait()


def _safe_name(name: str) -> str:
    """A site name as a directory name."""
    return re.sub(r"[^\w.-]+", "_", name).strip("._") or "site"


def run_schedule(
    sites_file: Path,
    *,
    db_url: str,
    settings_overrides: Mapping[str, str],
    say: Callable[[str], None],
    jobdir: Path | None = None,
) -> None:
    """Run until SIGTERM or SIGINT (then stop the running crawls at a checkpoint); SIGHUP re-reads the file."""
    # a site whose crawl outlasts its period is skipped, not queued: said by the crawl's end line
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    schedule = CrawlSchedule(
        sites_file, db_url=db_url, settings_overrides=settings_overrides, say=say, jobdir=jobdir
    )
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
                    say("stopping: no new crawls; the running ones stop at a checkpoint")
                    stopped = schedule.stop()
                    say("stopped" + (f" (checkpointed: {', '.join(stopped)})" if stopped else ""))
                    return
                try:
                    schedule.load()
                    say(f"re-read {sites_file}")
                except NewsArchiveError as exc:
                    say(f"could not re-read {sites_file}, the schedule stays as it was: {exc}")
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
