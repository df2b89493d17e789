"""Transactions that PostgreSQL aborted to break a deadlock or a serialization conflict, run again.

Two crawl writers storing copies of one story wait on each other's advisory locks and cluster rows
(archive.store.duplicates); when one transaction stores several pages, two of them can wait on each
other in a cycle, and PostgreSQL aborts one of them (SQLSTATE 40P01; 40001 under a stricter
isolation level). Nothing of an aborted transaction was stored, so running it again from the start
loses nothing and duplicates nothing: :func:`retrying` does that, a few times, after a short random
pause so the two writers do not meet again at once.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

T = TypeVar("T")

#: deadlock_detected, serialization_failure
RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})
ATTEMPTS = 5


def is_conflict(exc: BaseException) -> bool:
    """Whether ``exc`` is the database aborting a transaction that can simply run again."""
    orig = getattr(exc, "orig", None) if isinstance(exc, DBAPIError) else None
    return getattr(orig, "sqlstate", None) in RETRYABLE_SQLSTATES


def retrying(transaction: Callable[[], T], *, attempts: int = ATTEMPTS,
             before_retry: Callable[[], None] | None = None) -> T:
    """``transaction()`` (which opens, runs and commits its own transaction), run again when the
    database aborted it as a deadlock victim or for a serialization conflict; the last failure
    propagates. ``before_retry`` forgets whatever the caller cached inside the aborted attempt."""
    for attempt in range(1, attempts + 1):
        try:
            return transaction()
        except DBAPIError as exc:
            if attempt == attempts or not is_conflict(exc):
                raise
            log.warning("transaction aborted (%s), retrying (%d of %d)", str(exc.orig).splitlines()[0],
                        attempt, attempts - 1)
            if before_retry is not None:
                before_retry()
            time.sleep(random.uniform(0.01, 0.05) * attempt)
    raise AssertionError("unreachable")
