"""How the crawl starts its helper processes (the extraction workers and the writer): forked from
one fork server that preloaded their code, each named for ``top``/``ps`` and tied to the life of
the crawl. No Scrapy, no SQLAlchemy imported here: the helpers import this module too.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys

__all__ = [
    "EXTRACTOR_PROCESS_NAME",
    "FORKSERVER_PROCESS_NAME",
    "WRITER_PROCESS_NAME",
    "die_with_parent",
    "helper_context",
    "start_helper_server",
]

EXTRACTOR_PROCESS_NAME = "na-extract"
WRITER_PROCESS_NAME = "na-writer"
FORKSERVER_PROCESS_NAME = "na-forkserver"


def die_with_parent(name: str) -> None:
    """Linux: this helper process is killed when the crawl process dies, even by SIGKILL, so no
    orphaned writer stores pages behind the back of a resumed crawl (``--jobdir``). It is also
    named (``top``, ``ps -o comm``, /proc/PID/comm show ``name``, up to 15 bytes).

    Everywhere: it ignores SIGINT. A terminal's Ctrl-C reaches the whole process group, and the
    crawl decides how its helpers stop (the writer stores what it was given, a worker finishes its
    page); a helper stopped by the Ctrl-C itself printed a traceback and left the crawl waiting."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
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
    code once (``crawler.extensions.forkserver_preload``, which also makes it die with the crawl);
    each worker and the writer then start in milliseconds instead of importing it again. Where
    there is no fork server (Windows), spawned."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["crawler.extensions.forkserver_preload"])
    return context


def start_helper_server() -> None:
    """Start the fork server now, so that it imports the helpers' code while the crawl process is
    still setting up (on another core), not when the first helper is needed. Starting it takes a
    few milliseconds (the imports happen in the server). Called from the main thread on purpose:
    the server's parent-death signal is tied to the thread that started it."""
    if helper_context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()
