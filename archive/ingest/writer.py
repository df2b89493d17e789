"""The archive's one writer: processed pages → store.

``process_page`` (:mod:`archive.process`) is pure (no database) and runs in worker processes;
``ArchiveWriter`` records every fetched page it is given (failures included), so nothing fetched
is lost.
"""

from __future__ import annotations

import getpass
import logging
import socket
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import urlsplit

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from archive import __version__
from archive.extract.boilerplate import LearntBoilerplate, LearntLine, drop_learnt
from archive.extract.records import Extraction
from archive.normalize import canonical_url, text_hash
from archive.process import DISCOVERY_KINDS, NOT_MODIFIED, FetchedPage, ProcessedPage
from archive.store.models import Capture, CrawlRun
from archive.store.retry import is_conflict, retrying
from archive.store.revisits import note_discovered, record_discovery_reads
from archive.store.writes import (
    VersionFields,
    add_capture,
    add_comments,
    add_version,
    count_paragraphs,
    ensure_site,
    frequent_paragraphs,
    mark_article_gone,
    put_body,
    site_article_count,
    touch_article,
    upsert_article,
    upsert_article_row,
)
from archive.warc.recorder import Revisit, WarcRecorder

log = logging.getLogger(__name__)

__all__ = [
    "ArchiveWriter", "RunCounters", "StoreOutcome", "article_url", "learnt_key", "processing_fields", "version_fields",
]

# "discovery": a robots.txt, sitemap or feed kept as fetched (not a page: not in pages_fetched)
Outcome = Literal["new", "updated", "unchanged", "comments", "not-article", "gone", "failed", "discovery"]
GONE_STATUSES = frozenset({404, 410})


@dataclass(frozen=True)
class StoreOutcome:
    capture_id: int
    article_id: int | None
    outcome: Outcome
    comments_added: int = 0
    reason: str | None = None


@dataclass
class RunCounters:
    pages_fetched: int = 0
    articles_new: int = 0
    articles_updated: int = 0
    articles_unchanged: int = 0
    articles_gone: int = 0
    comments_added: int = 0
    errors: int = 0
    error_reasons: dict[str, int] = field(default_factory=dict)
    discovery: int = 0  # robots.txt, sitemaps and feeds kept

    def count(self, outcome: StoreOutcome) -> None:
        if outcome.outcome == "discovery":
            self.discovery += 1
            return
        self.pages_fetched += 1
        self.comments_added += outcome.comments_added
        if outcome.outcome == "new":
            self.articles_new += 1
        elif outcome.outcome == "updated":
            self.articles_updated += 1
        elif outcome.outcome == "unchanged":
            self.articles_unchanged += 1
        elif outcome.outcome == "gone":
            self.articles_gone += 1
        elif outcome.outcome == "failed":
            self.errors += 1
            reason = (outcome.reason or "unknown").split(":")[0]
            self.error_reasons[reason] = self.error_reasons.get(reason, 0) + 1


def learnt_key(paragraph: str) -> str:
    """How a paragraph is counted across a site's pages: its exact normalised text.

    Numbers count (unlike :func:`archive.extract.boilerplate.paragraph_key`, which folds them for rule
    matching): two stories that differ only in their figures are different stories.
    """
    return text_hash(paragraph)


def version_fields(
    extraction: Extraction,
    extractor_version: str,
    learnt: LearntBoilerplate = LearntBoilerplate(0, {}),
    paragraph_keys: Sequence[str] | None = None,
    cause: str = "page",
) -> VersionFields:
    """The version to store: the site's learnt boilerplate taken off the body's head and tail
    (:func:`archive.extract.boilerplate.drop_learnt`), each paragraph taken recorded with the
    extractor's own removals, and the page's own text kept to decide whether it is a new version.

    ``paragraph_keys``: the paragraphs' :func:`learnt_key` values, when the caller has them already."""
    keys = paragraph_keys if paragraph_keys is not None else [learnt_key(p) for p in extraction.paragraphs]
    paragraphs, learnt_removed = drop_learnt(extraction.paragraphs, keys, learnt)
    removed = sorted(extraction.removed, key=lambda r: r.position) + list(learnt_removed)
    return VersionFields(
        title=extraction.title,
        text="\n".join(paragraphs),
        extractor_version=extractor_version,
        author=", ".join(extraction.authors) or None,
        published_at=extraction.published_at,
        updated_at=extraction.updated_at,
        language=extraction.language,
        site_name=extraction.site_name,
        source=extraction.source,
        own_text=extraction.text,
        removed=tuple(asdict(r) for r in removed),
        cause=cause,
    )


def article_url(page: FetchedPage, extraction: Extraction | None) -> str:
    """The canonical URL an article is stored under: the page's own canonical link when on the same host."""
    declared = extraction.canonical_url if extraction else None
    if declared and urlsplit(declared).netloc.lower() == page.host:
        return canonical_url(declared)
    return canonical_url(page.final_url or page.url)


class ArchiveWriter:
    """The archive's single writer: records runs, captures, articles, versions and comments.

    Use it from one thread. Each page is written in its own transaction, so a page that fails to
    store rolls back alone and is then recorded as a failed capture.
    """

    #: How many pages of a site are stored between two refreshes of its learnt boilerplate.
    BOILERPLATE_REFRESH_EVERY = 25

    def __init__(
        self, engine: Engine, extractor_version: str | None = None, warc: WarcRecorder | None = None
    ) -> None:
        from archive.extract.extractor import EXTRACTOR_VERSION

        self.engine = engine
        self.warc = warc
        self.extractor_version = extractor_version or EXTRACTOR_VERSION
        self.run_id: int | None = None
        self.counters = RunCounters()
        self._learnt: dict[int, tuple[LearntBoilerplate, int]] = {}  # site id → (learnt, pages until refresh)
        # site id → its articles with a version: counted once, then kept up to date here (a crawl
        # holds its sites' locks, so no other crawl adds to them meanwhile)
        self._site_pages: dict[int, int] = {}
        self._site_ids: dict[str, int] = {}

    def _site_id(self, s: Session, page: FetchedPage) -> int:
        name = page.site or page.host
        if name not in self._site_ids:
            self._site_ids[name] = ensure_site(s, name, page.host)
        return self._site_ids[name]

    def _learnt_boilerplate(self, s: Session, site_id: int) -> LearntBoilerplate:
        learnt, countdown = self._learnt.get(site_id, (LearntBoilerplate(0, {}), 0))
        if countdown <= 0:
            if site_id not in self._site_pages:
                self._site_pages[site_id] = site_article_count(s, site_id)
            site_pages = self._site_pages[site_id]
            found = frequent_paragraphs(s, site_id, LearntBoilerplate.fewest_pages(site_pages), site_pages)
            learnt = LearntBoilerplate(
                found.site_pages,
                {
                    key: LearntLine(pages, first is not None and last is not None and first.date() != last.date())
                    for key, (pages, first, last) in found.lines.items()
                },
            )
            countdown = self.BOILERPLATE_REFRESH_EVERY
        self._learnt[site_id] = (learnt, countdown - 1)
        return learnt

    def start_run(
        self, seeds: Sequence[str], options: dict[str, Any], pid: int | None = None, resumes_run_id: int | None = None
    ) -> int:
        """Record a run of the crawl process ``pid`` (on this host), optionally resuming another."""
        with Session(self.engine) as s, s.begin():
            if resumes_run_id is not None and s.get(CrawlRun, resumes_run_id) is None:
                resumes_run_id = None  # a job directory used with another archive
            run = CrawlRun(
                seeds=list(seeds), options=options, invoked_by=_who(), software_version=__version__,
                status="running", pid=pid, host=socket.gethostname() if pid is not None else None,
                resumes_run_id=resumes_run_id,
            )
            s.add(run)
            s.flush()
            self.run_id = run.id
        return self.run_id

    def finish_run(
        self,
        status: str = "finished",
        revisits: dict[str, dict[str, int]] | None = None,
        reads: Sequence[tuple[str, str, str, datetime]] = (),
    ) -> RunCounters:
        """Record the run's end and counters; ``revisits`` (per kind of page, due / not due) and
        the feed and sitemap ``reads`` of the run (archive.store.revisits) in the same transaction."""
        if self.run_id is not None:
            with Session(self.engine) as s, s.begin():
                record_discovery_reads(s, reads)
                run = s.get_one(CrawlRun, self.run_id)
                run.status = status
                run.finished_at = datetime.now(UTC)
                run.revisits = revisits or None
                for name in ("pages_fetched", "articles_new", "articles_updated", "articles_unchanged",
                             "articles_gone", "comments_added", "errors"):
                    setattr(run, name, getattr(self.counters, name))
        return self.counters

    def store_many(self, items: Iterable[tuple[FetchedPage, ProcessedPage]]) -> list[StoreOutcome]:
        """Store a batch in one transaction.

        A page that fails to store rolls back alone and is recorded as a failed capture with the
        reason. A lost connection rolls the whole batch back and propagates: nothing of the batch
        is stored, so the caller can retry it without duplicating anything. A batch that PostgreSQL
        aborted to break a deadlock with another writer is stored again from its start
        (:func:`archive.store.retry.retrying`); with a WARC recorder, its pages' records are then
        written again and the captures point at the later ones.

        The batch is first written without savepoints (two statements less per page); only when a
        page fails is it rolled back and written again with one savepoint per page. With a WARC
        recorder every page has its own savepoint from the start, so no record is written twice.
        """
        batch = list(items)

        def attempt() -> list[StoreOutcome]:
            if self.warc is None and len(batch) > 1:
                try:
                    return self._store_batch(batch, savepoints=False)
                except SQLAlchemyError as exc:
                    if _is_connection_error(exc) or is_conflict(exc):
                        raise
                    self._forget_cached_ids()
            return self._store_batch(batch, savepoints=True)

        try:
            outcomes = retrying(attempt, before_retry=self._forget_cached_ids)
        except BaseException:
            self._forget_cached_ids()
            raise
        for outcome in outcomes:
            self.counters.count(outcome)
        return outcomes

    def _store_batch(self, batch: list[tuple[FetchedPage, ProcessedPage]], savepoints: bool) -> list[StoreOutcome]:
        with Session(self.engine) as s, s.begin():
            if savepoints:
                return [self._store_in_savepoint(s, page, processed) for page, processed in batch]
            return [self._store(s, page, processed) for page, processed in batch]

    def _forget_cached_ids(self) -> None:
        """Ids cached inside a rolled-back transaction may not exist."""
        self._site_ids.clear()
        self._learnt.clear()
        self._site_pages.clear()

    def store(self, page: FetchedPage, processed: ProcessedPage) -> StoreOutcome:
        """Store one page (its own transaction); see :meth:`store_many`."""
        return self.store_many([(page, processed)])[0]

    def _store_in_savepoint(self, s: Session, page: FetchedPage, processed: ProcessedPage) -> StoreOutcome:
        try:
            with s.begin_nested():
                return self._store(s, page, processed)
        except SQLAlchemyError as exc:
            if _is_connection_error(exc) or is_conflict(exc):
                raise  # the database is gone (the caller keeps the pages), or the whole batch runs again
            reason = f"store: {type(exc).__name__}: {str(exc).splitlines()[0]}"
            log.error("could not store %s: %s", page.final_url, reason)
            with s.begin_nested():
                return self._store(s, page, replace(processed, extraction=None, error=reason))

    def _store(self, s: Session, page: FetchedPage, processed: ProcessedPage) -> StoreOutcome:
        site_id = self._site_id(s, page)
        body_sha256 = put_body(s, page.body) if page.body else None
        warc_file, warc_offset = self._warc_location(s, page, body_sha256)
        capture_id = add_capture(
            s,
            crawl_run_id=self.run_id,
            site_id=site_id,
            requested_url=page.url,
            final_url=page.final_url,
            status=page.status,
            headers=[list(pair) for pair in page.headers],
            etag=page.header("etag"),
            last_modified=page.header("last-modified"),
            fetched_at=page.fetched_at,
            body_sha256=body_sha256,
            warc_file=warc_file,
            warc_offset=warc_offset,
            kind=page.kind,
            **processing_fields(processed),
        )
        if page.kind in DISCOVERY_KINDS:
            failed = processed.error is not None
            if page.kind in ("feed", "sitemap") and page.status == 200 and page.site and not failed:
                note_discovered(s, page.site, page.url, page.kind)
            return StoreOutcome(capture_id, None, "failed" if failed else "discovery", reason=processed.error)
        if page.status == NOT_MODIFIED:
            article_id = touch_article(s, canonical_url(page.url), page.fetched_at) if page.kind == "page" else None
            return StoreOutcome(capture_id, article_id, "unchanged" if article_id else "not-article")
        if page.status in GONE_STATUSES and page.kind == "page":
            gone = mark_article_gone(s, canonical_url(page.url), page.fetched_at)
            return StoreOutcome(capture_id, None, "gone" if gone else "failed", reason=processed.error)
        return self._store_content(s, page, processed, site_id, capture_id)

    def _warc_location(self, s: Session, page: FetchedPage, body_sha256: str | None) -> tuple[str | None, int | None]:
        """Where the page's record lives: the WARC it came from, or the one written for it now."""
        if page.warc_file is not None:
            return page.warc_file, page.warc_offset
        if self.warc is None:
            return None, None
        earlier = None
        if body_sha256 is not None:
            earlier = s.execute(
                select(Capture.final_url, Capture.fetched_at)
                .where(Capture.body_sha256 == body_sha256, Capture.warc_file.is_not(None))
                .order_by(Capture.id)
                .limit(1)
            ).first()
        location = self.warc.record(page, Revisit(earlier.final_url, earlier.fetched_at) if earlier else None)
        return (location.file, location.offset) if location else (None, None)

    def store_reextraction(self, capture_id: int, page: FetchedPage, processed: ProcessedPage) -> StoreOutcome:
        """Store a stored capture's new processing (re-extraction): no new capture, versions only
        where the extractor's output for the page changed, marked as re-extractions."""
        def attempt() -> StoreOutcome:
            with Session(self.engine) as s, s.begin():
                capture = s.get_one(Capture, capture_id)
                for name, value in processing_fields(processed).items():
                    setattr(capture, name, value)
                return self._store_content(s, page, processed, capture.site_id, capture_id, cause="reextract")

        outcome = retrying(attempt, before_retry=self._forget_cached_ids)
        self.counters.count(outcome)
        return outcome

    def _store_content(
        self, s: Session, page: FetchedPage, processed: ProcessedPage, site_id: int | None, capture_id: int,
        cause: str = "page",
    ) -> StoreOutcome:
        extraction = processed.extraction
        if extraction is None:
            return StoreOutcome(capture_id, None, "failed", reason=processed.error)
        if page.kind == "comments":
            parent = canonical_url(page.parent_url or page.url)
            article_id = upsert_article(s, parent, site_id, page.fetched_at)
            added = add_comments(s, article_id, extraction.comments, capture_id, page.fetched_at)
            return StoreOutcome(capture_id, article_id, "comments", added)
        if not extraction.is_article:
            return StoreOutcome(capture_id, None, "not-article")
        article = upsert_article_row(s, article_url(page, extraction), site_id, page.fetched_at)
        learnt = self._learnt_boilerplate(s, site_id) if site_id is not None else LearntBoilerplate(0, {})
        keys = [learnt_key(p) for p in extraction.paragraphs]
        fields = version_fields(extraction, self.extractor_version, learnt, keys, cause)
        version = add_version(s, article, fields, capture_id)
        if version.outcome == "new" and site_id in self._site_pages:
            self._site_pages[site_id] += 1
        if version.outcome == "new" and site_id is not None:
            count_paragraphs(s, site_id, zip(keys, extraction.paragraphs), extraction.published_at or page.fetched_at)
        added = add_comments(s, article.id, extraction.comments, capture_id, page.fetched_at)
        return StoreOutcome(capture_id, article.id, version.outcome, added)


def processing_fields(processed: ProcessedPage) -> dict[str, Any]:
    """The capture columns that record how a body was decoded and classified."""
    decoded, extraction = processed.decoded, processed.extraction
    return {
        "encoding": decoded.encoding if decoded else None,
        "charset_evidence": dict(decoded.evidence) if decoded else None,
        "repairs": list(decoded.repairs) if decoded else [],
        "flagged_spans": decoded.flagged if decoded else 0,
        "page_kind": None if extraction is None else ("article" if extraction.is_article else "other"),
        "page_kind_evidence": extraction.page_kind_evidence if extraction else None,
        "error": processed.error,
    }


def _is_connection_error(exc: SQLAlchemyError) -> bool:
    return bool(getattr(exc, "connection_invalidated", False)) or type(exc).__name__ == "OperationalError" and (
        "connect" in str(exc).lower() or "server closed" in str(exc).lower()
    )


def _who() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"{user}@{socket.gethostname()}"

