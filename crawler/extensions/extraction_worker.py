"""Code that runs in the crawl's extraction processes, one per core (no Scrapy, no SQLAlchemy
imported here, so a worker starts quickly).

``init_worker`` gives each one ``archive.process.ExtractorCache``, built once and reused for every
page; ``process_batch`` runs the pure ``archive.process.process_page`` on it. The pool that calls
them lives in the crawl process (``crawler.extensions.extraction_pool``).
"""

from __future__ import annotations

from archive.process import ExtractorCache, FetchedPage, ProcessedPage, process_page
from archive.runtime import settle_long_lived_objects
from crawler.extensions.helper_processes import EXTRACTOR_PROCESS_NAME, die_with_parent

__all__ = ["init_worker", "process_batch", "warm_up"]

# Set once per process by its initializer (the standard ProcessPoolExecutor pattern); the
# crawler's own process never touches it.
_worker_extractors: ExtractorCache | None = None


def init_worker() -> None:
    global _worker_extractors
    die_with_parent(EXTRACTOR_PROCESS_NAME)
    _worker_extractors = ExtractorCache()
    settle_long_lived_objects()


def warm_up() -> bool:
    """Imported modules and the cache are ready (called once per worker at start)."""
    return _worker_extractors is not None


def process_batch(pages: list[FetchedPage]) -> list[ProcessedPage]:
    """Several pages per round trip: the hand-over between processes costs more than a page.
    The decoded text is not sent back: past extraction nothing needs it. The links the page makes
    are, for the crawl to follow."""
    return [process_page(page, _worker_extractors, links=True).without_text() for page in pages]
