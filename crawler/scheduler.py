"""Resumable crawls (``newsarchive crawl --jobdir DIR``) that survive SIGKILL at any moment.

Scrapy's own JOBDIR does not: its ``requests.seen`` marks a request seen when it is *queued*, and
its disk queue is only consistent after a clean close, so a killed crawl forgets what was queued
or in flight. Here the truth is split where it cannot be lost:

- ``JobJournal`` (``DIR/newsarchive-job.log``) appends, unbuffered, every request the crawl
  schedules and the id of every crawl run of the job. A line cut short by a kill is ignored.
- What is *done* is what the archive actually stored: the requested URLs of the captures of the
  job's crawl runs (``archive.store.queries.captured_urls``). Each page is stored in one transaction,
  so a page is either done (capture, article, version, comments) or not at all.

``ResumableScheduler`` (``SCHEDULER``) re-queues, at open, every journalled request that is not
done, and refuses any request for a URL the job already archived — seeds, rediscovered links and
revisits included — so no page is archived twice and no queued page is forgotten. A job that
finished is complete: the next crawl with the same directory starts a new job.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import os
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import Request, Spider
from scrapy.core.scheduler import Scheduler
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from scrapy.utils.request import request_from_dict
from sqlalchemy.orm import Session

from archive.config import resolve_db_url
from archive.errors import CrawlError
from archive.store.queries import captured_urls

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from twisted.internet.defer import Deferred

__all__ = ["JobJournal", "JobState", "ResumableScheduler", "load_done"]

JOURNAL_NAME = "newsarchive-job.log"


@dataclass(frozen=True)
class JobState:
    run_ids: tuple[int, ...]
    requests: tuple[dict[str, Any], ...]  # Request.to_dict() of each request scheduled, in order
    finished: bool


class JobJournal:
    """The append-only record of one crawl job in a directory."""

    def __init__(self, directory: Path) -> None:
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CrawlError(f"cannot use --jobdir {str(directory)!r}: {exc.strerror or exc}") from exc
        self.path = directory / JOURNAL_NAME
        self._fd: int | None = None

    def read(self) -> JobState:
        """What the job did so far; lines cut short by a kill (or otherwise unreadable) are skipped."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return JobState((), (), False)
        run_ids: list[int] = []
        requests: list[dict[str, Any]] = []
        finished = False
        for line in data.split(b"\n")[:-1]:  # the part after the last newline is an unfinished line
            kind, _, payload = line.partition(b" ")
            try:
                if kind == b"J":
                    run_ids.append(int(payload))
                    finished = False
                elif kind == b"R":
                    requests.append(pickle.loads(base64.b64decode(payload, validate=True)))
                elif kind == b"F":
                    finished = True
            except (ValueError, binascii.Error, pickle.UnpicklingError, EOFError):
                continue
        return JobState(tuple(run_ids), tuple(requests), finished)

    def start(self, fresh: bool) -> None:
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | (os.O_TRUNC if fresh else 0)
        self._fd = os.open(self.path, flags, 0o644)
        if not fresh and self._ends_mid_line():
            self._append(b"\n")  # close a line a kill cut short, so the next record stands alone

    def _ends_mid_line(self) -> bool:
        with self.path.open("rb") as handle:
            if handle.seek(0, os.SEEK_END) == 0:
                return False
            handle.seek(-1, os.SEEK_END)
            return handle.read(1) != b"\n"

    def _append(self, line: bytes) -> None:
        if self._fd is not None:
            os.write(self._fd, line)  # unbuffered: in the OS as soon as this returns, even if we are killed

    def add_request(self, record: dict[str, Any]) -> None:
        self._append(b"R " + base64.b64encode(pickle.dumps(record, protocol=4)) + b"\n")

    def add_run(self, run_id: int) -> None:
        self._append(f"J {run_id}\n".encode())

    def finish(self) -> None:
        self._append(b"F\n")

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def load_done(db_url: str, run_ids: Sequence[int]) -> set[str]:
    """The URLs the job's crawl runs archived (blocking: run it in a thread)."""
    if not run_ids:
        return set()
    from archive.store.engine import make_engine

    engine = make_engine(db_url)
    try:
        with Session(engine) as session:
            return captured_urls(session, run_ids)
    finally:
        engine.dispose()


def _continues_a_request(request: Request) -> bool:
    """Retries and redirects carry on a request the journal already holds."""
    return bool(request.meta.get("redirect_urls") or request.meta.get("retry_times"))


class ResumableScheduler(Scheduler):
    """Scrapy's scheduler (memory queues) plus the job journal, when ``NEWSARCHIVE_JOBDIR`` is set."""

    job: JobJournal | None
    db_url: str
    done: frozenset[str]
    requeued: set[str]
    run_recorded: bool

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ResumableScheduler:
        if crawler.settings.get("JOBDIR"):
            raise CrawlError("use newsarchive crawl --jobdir DIR, not -s JOBDIR=DIR (Scrapy's job state does not survive a kill)")
        scheduler = super().from_crawler(crawler)
        directory = crawler.settings.get("NEWSARCHIVE_JOBDIR") or None
        scheduler.job = JobJournal(Path(directory)) if directory else None
        scheduler.db_url = resolve_db_url(crawler.settings.get("NEWSARCHIVE_DB_URL") or None)
        scheduler.done = frozenset()
        scheduler.requeued = set()  # URLs this run took over from the journal
        scheduler.run_recorded = False
        return scheduler

    def open(self, spider: Spider) -> Deferred[None] | None:
        opened = super().open(spider)
        if self.job is None:
            return opened
        return deferred_from_coro(self._resume(spider, opened))

    async def _resume(self, spider: Spider, opened: Deferred[None] | None) -> None:
        if opened is not None:
            await maybe_deferred_to_future(opened)
        assert self.job is not None
        state = self.job.read()
        fresh = state.finished or not state.run_ids and not state.requests
        if not fresh:
            self.done = frozenset(await asyncio.to_thread(load_done, self.db_url, state.run_ids))
        self.job.start(fresh=state.finished)
        requeued = 0
        if not fresh:
            seen = self.requeued
            for record in state.requests:
                url = record.get("url", "")
                if url in self.done or url in seen:
                    continue
                seen.add(url)
                if Scheduler.enqueue_request(self, request_from_dict(record, spider=spider)):
                    requeued += 1
        stats = self.crawler.stats if self.crawler is not None else None
        if stats is not None:
            stats.set_value("newsarchive/resume/archived_before", len(self.done))
            stats.set_value("newsarchive/resume/requeued", requeued)

    def enqueue_request(self, request: Request) -> bool:
        if self.job is None:
            return super().enqueue_request(request)
        continuation = _continues_a_request(request)
        if not continuation and request.url in self.done:
            if self.stats is not None:
                self.stats.inc_value("newsarchive/resume/skipped_archived")
            return False
        if not continuation and request.dont_filter and request.url in self.requeued:
            return False  # a seed (not filtered as a duplicate) the journal has queued again already
        added = super().enqueue_request(request)
        if added and not continuation:
            assert self.crawler is not None and self.crawler.spider is not None
            self.job.add_request(request.to_dict(spider=self.crawler.spider))
        return added

    def next_request(self) -> Request | None:
        if self.job is not None and not self.run_recorded and self.stats is not None:
            run_id = self.stats.get_value("newsarchive/run_id")
            if run_id is not None:  # before any page of this run can be downloaded, let alone stored
                self.job.add_run(int(run_id))
                self.run_recorded = True
        return super().next_request()

    def close(self, reason: str) -> Deferred[None] | None:
        closed = super().close(reason)
        if self.job is not None:
            if reason == "finished":
                self.job.finish()
            self.job.close()
        return closed
