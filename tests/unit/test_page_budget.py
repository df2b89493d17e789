"""A page that takes too much CPU becomes a recorded error on that page, not a stalled worker."""

from __future__ import annotations

import signal
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime

import pytest

from archive.errors import PageBudgetError
from archive.process import ExtractorCache, FetchedPage, ProcessedPage, cpu_budget, process_page

STORY = (
    "<html><head><title>城市地铁新线开通</title></head><body><article><h1>城市地铁新线开通</h1>"
    + "".join(f"<p>新华社北京9月17日电 城市地铁新线今天开通运营，这是报道的第{i}段，记者在现场看到乘客有序进站。</p>" for i in range(600))  # some 0.1 s of CPU: well past a tiny budget
    + "</article></body></html>"
)


def _page() -> FetchedPage:
    return FetchedPage(
        "https://news.example.cn/2024/0917/metro.html", "https://news.example.cn/2024/0917/metro.html", 200,
        (("Content-Type", "text/html; charset=utf-8"),), STORY.encode("utf-8"), datetime(2024, 9, 17, 8, tzinfo=UTC),
    )


def _busy(seconds: float) -> int:
    """Pure Python work for about ``seconds`` of CPU."""
    start, count = time.process_time(), 0
    while time.process_time() - start < seconds:
        count += sum(range(1000))
    return count


def _timer_is_clear() -> bool:
    return signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)


def test_busy_loop_past_its_budget_is_stopped_with_page_budget_error() -> None:
    start = time.process_time()
    with pytest.raises(PageBudgetError, match="CPU budget of 0.2 s"), cpu_budget(0.2):
        _busy(10.0)
    assert time.process_time() - start < 2.0
    assert _timer_is_clear()


def test_an_overrun_swallowed_by_the_code_inside_is_raised_again() -> None:
    swallowed = 0
    with pytest.raises(PageBudgetError), cpu_budget(0.1):
        try:
            _busy(10.0)
        except PageBudgetError:   # as a C callback or a __del__ would lose it
            swallowed += 1
        _busy(10.0)
    assert swallowed == 1
    assert _timer_is_clear()


def test_work_inside_its_budget_runs_and_leaves_no_timer_behind() -> None:
    previous = signal.getsignal(signal.SIGPROF)
    with cpu_budget(5.0):
        _busy(0.05)
    assert _timer_is_clear()
    assert signal.getsignal(signal.SIGPROF) is previous
    _busy(0.3)  # nothing fires after the block


def test_budget_is_cleared_when_the_block_raises() -> None:
    with pytest.raises(ValueError), cpu_budget(0.5):
        raise ValueError("bad page")
    assert _timer_is_clear()
    _busy(0.6)


def test_no_budget_means_no_timer() -> None:
    with cpu_budget(None):
        assert _timer_is_clear()
        _busy(0.05)


def test_page_over_a_tiny_budget_comes_back_with_a_recorded_error() -> None:
    cache = ExtractorCache()
    result = process_page(_page(), cache, cpu_seconds=0.0001)
    assert result.extraction is None
    assert result.error is not None and result.error.startswith("cpu budget: over the CPU budget")
    assert _timer_is_clear()
    # the same process goes on with the next page as usual
    again = process_page(_page(), cache)
    assert again.error is None and again.extraction is not None
    assert "城市地铁新线今天开通运营" in again.extraction.text


def _in_worker(page: FetchedPage) -> ProcessedPage:
    return process_page(page, ExtractorCache(), cpu_seconds=0.0001).without_text()


def test_budget_works_in_a_worker_process_like_the_crawls() -> None:
    with ProcessPoolExecutor(max_workers=1) as pool:
        result = pool.submit(_in_worker, _page()).result(timeout=120)
    assert result.error is not None and result.error.startswith("cpu budget:")
