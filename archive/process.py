"""Decode and extract one fetched page: pure (no database), run in the crawl's worker processes.

This module imports neither SQLAlchemy nor Scrapy, so an extraction worker starts with only what
it needs; the extractor itself (trafilatura) is imported when the first page is extracted, so a
process that only passes pages on (the crawl process) never loads it. ``archive.ingest.writer`` stores
what comes out.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from archive.decode.page import DecodedPage, decode_page
from archive.errors import ExtractError, NewsArchiveError, PageBudgetError
from archive.extract.links import PageLinks
from archive.extract.records import Extraction

if TYPE_CHECKING:
    from archive.extract.extractor import Extractor

log = logging.getLogger(__name__)

NOT_MODIFIED = 304
# CPU seconds one page may take to decode and extract: ordinary pages need tens of milliseconds,
# so only a pathological page (or a pattern that backtracks) reaches it.
PAGE_CPU_BUDGET = 20.0

__all__ = [
    "DISCOVERY_KINDS", "NOT_MODIFIED", "PAGE_CPU_BUDGET", "ExtractorCache", "FetchedPage", "ProcessedPage", "cpu_budget", "process_page",
    "with_article_hint",
]

#: Fetched kinds that are not pages: what told the crawl which pages to fetch. Kept as fetched
#: (provenance: a capture and a WARC record), never extracted, never articles.
DISCOVERY_KINDS = frozenset({"robots", "sitemap", "feed"})


@dataclass(frozen=True)
class FetchedPage:
    """What the crawler (or an importer) fetched: plain, picklable values."""

    url: str
    final_url: str
    status: int | None
    headers: tuple[tuple[str, str], ...]
    body: bytes
    fetched_at: datetime
    site: str | None = None
    error: str | None = None
    kind: str = "page"  # page | comments | robots | sitemap | feed (DISCOVERY_KINDS)
    parent_url: str | None = None
    timezone: str | None = None
    comment_selectors: tuple[str, ...] = ()
    request_headers: tuple[tuple[str, str], ...] = ()
    warc_file: str | None = None  # set when the page was read from a WARC file
    warc_offset: int | None = None
    article_hint: bool | None = None  # the site's configuration says whether this URL is an article

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)

    @property
    def host(self) -> str:
        return urlsplit(self.final_url or self.url).netloc.lower()


@dataclass(frozen=True)
class ProcessedPage:
    decoded: DecodedPage | None
    extraction: Extraction | None
    error: str | None = None
    links: PageLinks | None = None  # with ``process_page(..., links=True)``, for the crawl to follow

    def without_text(self) -> ProcessedPage:
        """The same result without the decoded page text (the extraction holds what is kept):
        what a worker process sends back."""
        if self.decoded is None or not self.decoded.text:
            return self
        return replace(self, decoded=replace(self.decoded, text=""))

    def without_links(self) -> ProcessedPage:
        """What the archive stores: the page's links were for the crawl."""
        return self if self.links is None else replace(self, links=None)


class ExtractorCache:
    """One Extractor per (timezone, comment selectors), built once and reused in a process."""

    def __init__(self) -> None:
        self._extractors: dict[tuple[str | None, tuple[str, ...]], Extractor] = {}

    def for_page(self, page: FetchedPage) -> Extractor:
        key = (page.timezone, page.comment_selectors)
        if key not in self._extractors:
            from archive.extract.extractor import Extractor  # loads trafilatura: only where pages are extracted

            self._extractors[key] = Extractor(timezone=page.timezone, comment_selectors=page.comment_selectors)
        return self._extractors[key]


@contextmanager
def cpu_budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`PageBudgetError` inside the block once this process has spent ``seconds`` of
    CPU in it (``ITIMER_PROF``: user + system time, so a busy machine does not count against it).

    Works in a process's main thread on Unix - where the crawl's worker processes run pages; elsewhere
    (another thread, no ``setitimer``) or with ``seconds`` None or 0 the block runs unbounded. The
    timer repeats until the block ends, is always cleared and the previous SIGPROF handler restored
    on the way out. Python code and regular expressions are interrupted; a single long call into C
    (an lxml parse) ends first.
    """
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def overrun(signum: int, frame: object) -> None:
        raise PageBudgetError(f"over the CPU budget of {seconds:g} s")

    previous = signal.signal(signal.SIGPROF, overrun)
    # Then again every tenth of the budget: an exception raised where it is swallowed (inside a C
    # callback, a __del__) would otherwise leave the page unbounded.
    signal.setitimer(signal.ITIMER_PROF, seconds, max(seconds / 10, 0.01))
    try:
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_PROF, 0)
        finally:
            signal.signal(signal.SIGPROF, previous)


def process_page(
    page: FetchedPage,
    extractors: ExtractorCache | None = None,
    *,
    links: bool = False,
    cpu_seconds: float | None = PAGE_CPU_BUDGET,
) -> ProcessedPage:
    """Decode and extract one fetched page; failures come back as a reason, never as an exception.

    ``links=True`` also reads the links the page makes (``archive.extract.links``) from the extractor's
    parse, for a crawl to follow. A page that takes more than ``cpu_seconds`` of CPU (None: no limit)
    comes back with the error ``cpu budget: ...`` instead of holding its worker."""
    if page.error:
        return ProcessedPage(None, None, page.error)
    if page.status == NOT_MODIFIED:
        return ProcessedPage(None, None)  # the stored copy is current: nothing to decode
    if page.status is not None and page.status >= 400:
        return ProcessedPage(None, None, f"http {page.status}")
    if page.kind in DISCOVERY_KINDS:
        return ProcessedPage(None, None)  # robots.txt, a sitemap or a feed: kept as fetched, not extracted
    if not page.body.strip():
        return ProcessedPage(None, None, "empty body")
    extractor = (extractors or ExtractorCache()).for_page(page)  # loading the extractor is not the page's cost
    decoded: DecodedPage | None = None
    try:
        with cpu_budget(cpu_seconds):
            try:
                decoded = decode_page(page.body, page.header("content-type"))
            except PageBudgetError:
                raise
            except NewsArchiveError as exc:
                return ProcessedPage(None, None, f"decode: {exc}")
            try:
                extraction, found = extractor.extract_with_links(decoded.text, page.final_url, page.fetched_at, links=links)
            except PageBudgetError:
                raise
            except ExtractError as exc:  # a document that is not HTML: said plainly, recorded on the capture
                return ProcessedPage(decoded, None, f"extract: {exc}")
            except Exception as exc:  # recorded on the capture, never swallowed: any parser fault is data
                log.warning("extraction failed for %s: %s", page.final_url, exc)
                return ProcessedPage(decoded, None, f"extract: {type(exc).__name__}: {exc}")
    except PageBudgetError as exc:
        log.warning("processing stopped for %s: %s", page.final_url, exc)
        return ProcessedPage(decoded, None, f"cpu budget: {exc}")
    return ProcessedPage(decoded, with_article_hint(extraction, page.article_hint), links=found)


def with_article_hint(extraction: Extraction, hint: bool | None) -> Extraction:
    """The page-kind decision, overridden where the site's configuration says otherwise."""
    if hint is None or hint == extraction.is_article:
        return extraction
    verdict = "an article" if hint else "not an article"
    return replace(
        extraction,
        is_article=hint,
        page_kind_evidence=f"site configuration: URL pattern says {verdict} (page alone: {extraction.page_kind_evidence})",
    )
