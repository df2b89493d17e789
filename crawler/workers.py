"""Code that runs inside the extraction worker processes (no Scrapy imported here).

``ProcessPoolExecutor(initializer=init_worker)`` gives each worker process one
``archive.ingest.ExtractorCache``, built once and reused for every page that worker handles;
``process_in_worker`` then runs the pure ``archive.ingest.process_page`` on it.
"""

from __future__ import annotations

from archive.ingest import ExtractorCache, FetchedPage, ProcessedPage, process_page

# Set once per worker process by init_worker (the standard ProcessPoolExecutor pattern); the
# crawler's own process never touches it.
_worker_extractors: ExtractorCache | None = None


def init_worker() -> None:
    global _worker_extractors
    _worker_extractors = ExtractorCache()


def warm_up() -> bool:
    """Imported modules and the cache are ready (called once per worker at start)."""
    return _worker_extractors is not None


def process_in_worker(page: FetchedPage) -> ProcessedPage:
    return process_page(page, _worker_extractors)
