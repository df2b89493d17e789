"""How newsarchive's own processes set up the Python runtime.

The cyclic garbage collector: by default it runs after every 700 new container objects, and every
tenth run re-scans all long-lived objects (every module, setting and cache). In a 600-page crawl
that took about 1 CPU-second of the crawl process's 7 (docs/benchmarks.md, "Crawling").
"""

from __future__ import annotations

import gc

# young objects collected after 10,000 allocations; older generations as often, relatively, as
# Python's defaults (and full collections still only when the long-lived heap grew by a quarter)
GC_THRESHOLDS = (10_000, 10, 10)


def collect_garbage_less_often() -> None:
    """For a whole command: set once, at its start."""
    gc.set_threshold(*GC_THRESHOLDS)


def settle_long_lived_objects() -> None:
    """For a long-running process, once it has loaded what it keeps (modules, settings, caches):
    the collector no longer re-scans those objects (``gc.freeze``). They stay alive as they would
    anyway; garbage made later is collected as before."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
