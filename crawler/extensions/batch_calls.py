"""BatchCalls: calls into a helper process, grouped into batches (both extensions use it)."""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections import deque
from collections.abc import Callable
from functools import partial
from typing import Any, Generic, TypeVar

__all__ = ["BatchCalls"]

T = TypeVar("T")
R = TypeVar("R")


class BatchCalls(Generic[T, R]):
    """Calls into a process pool, grouped: each round trip carries every item waiting (up to
    ``max_batch``), with at most ``in_flight`` round trips outstanding. Handing an item to another
    process costs more than processing a small page, so one item per call left the workers idle.
    With ``in_flight=1`` items are processed strictly in the order they were put."""

    def __init__(
        self,
        submit: Callable[[list[T]], concurrent.futures.Future[Any]],  # its result: an R or an exception per item
        in_flight: int,
        max_batch: int,
    ) -> None:
        self._submit = submit
        self._in_flight = in_flight
        self._max_batch = max_batch
        self._waiting: deque[tuple[T, asyncio.Future[R]]] = deque()
        self._outstanding = 0

    def put(self, item: T) -> asyncio.Future[R]:
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, future))
        self._pump()
        return future

    def _pump(self) -> None:
        while self._waiting and self._outstanding < self._in_flight:
            batch = [self._waiting.popleft() for _ in range(min(self._max_batch, len(self._waiting)))]
            self._outstanding += 1
            try:
                round_trip = asyncio.wrap_future(self._submit([item for item, _ in batch]))
            except Exception as exc:  # e.g. a broken pool: every item learns why
                round_trip = asyncio.get_running_loop().create_future()
                round_trip.set_exception(exc)
            round_trip.add_done_callback(partial(self._finished, batch))

    def _finished(self, batch: list[tuple[T, asyncio.Future[R]]], round_trip: asyncio.Future[list[R | BaseException]]) -> None:
        self._outstanding -= 1
        error = round_trip.exception() if not round_trip.cancelled() else asyncio.CancelledError()
        results: list[R | BaseException] = [error] * len(batch) if error else round_trip.result()
        for (_, future), result in zip(batch, results):
            if future.done():
                continue
            if isinstance(result, BaseException):
                future.set_exception(result)
            else:
                future.set_result(result)
        self._pump()
