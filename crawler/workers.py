"""Code that runs in the crawl's extraction processes, one per core (no Scrapy, no SQLAlchemy
imported here, so a worker starts quickly).

``init_worker`` gives each one ``archive.process.ExtractorCache``, built once and reused for every
page; ``process_batch`` runs the pure ``archive.process.process_page`` on it. The archive's one
writer runs in another process (``crawler.writer_process``).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys

from archive.process import ExtractorCache, FetchedPage, ProcessedPage, process_page
from archive.runtime import settle_long_lived_objects

# Set once per process by its initializer (the standard ProcessPoolExecutor pattern); the
# crawler's own process never touches it.
_worker_extractors: ExtractorCache | None = None


def die_with_parent(name: str) -> None:
    """Linux: this helper process is killed when the crawl process dies, even by SIGKILL, so no
    orphaned writer stores pages behind the back of a resumed crawl (``--jobdir``). It is also
    named (``top``, ``ps -o comm``, /proc/PID/comm show ``name``, up to 15 bytes)."""
    if sys.platform != "linux":
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(15, ctypes.c_char_p(name.encode()[:15]), 0, 0, 0)  # PR_SET_NAME
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the crawl died before we asked
        os._exit(1)


def helper_context() -> multiprocessing.context.BaseContext:
    """How the crawl starts its helper processes: forked from a fork server, a clean process
    (never the crawl process, which runs a Twisted reactor and threads) that imports the helpers'
    code once (``crawler.helper_preload``, which also makes it die with the crawl); each worker
    and the writer then start in milliseconds instead of importing it again (about 0.8 s of CPU
    each). Where there is no fork server (Windows), spawned."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["crawler.helper_preload"])
    return context


def start_helper_server() -> None:
    """Start the fork server now, so that it imports the helpers' code while the crawl process is
    still setting up (on another core), not when the first helper is needed. Starting it takes a
    few milliseconds (the imports happen in the server). Called from the main thread on purpose:
    the server's parent-death signal is tied to the thread that started it."""
    if helper_context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


EXTRACTOR_PROCESS_NAME = "na-extract"
WRITER_PROCESS_NAME = "na-writer"


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
