"""Every regular expression that runs on page text is linear on adversarial input.

One ordinary page (a share bar: "Comments", sixty spaces and tabs, "Pin It") kept a worker busy
for 20 s in a comment-header pattern with nested optional ``\\s*``. These tests run every
module-level pattern of the text stages over whitespace- and punctuation-heavy strings of up to
20 KB, each call under a CPU-time bound, so a pattern that backtracks fails here, not on a crawl.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import signal
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from types import ModuleType

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import archive.decode
import archive.extract
from archive.process import ExtractorCache, FetchedPage, process_page

BOUND = 0.05  # seconds of CPU for one call on 20 KB; a linear pattern needs a few ms
TEXT_LIMIT = 20_000


class _Overrun(Exception):
    pass


def _text_modules() -> Iterator[ModuleType]:
    yield importlib.import_module("archive.clean")
    yield importlib.import_module("archive.normalize")
    for package in (archive.decode, archive.extract):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            yield importlib.import_module(info.name)


def _patterns_in(value: object, seen: set[int]) -> Iterator[re.Pattern[str] | re.Pattern[bytes]]:
    """Patterns held at module level, also inside tuples, lists and dicts (tables of rules)."""
    if isinstance(value, re.Pattern):
        if id(value) not in seen:
            seen.add(id(value))
            yield value
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _patterns_in(item, seen)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _patterns_in(item, seen)


def _all_patterns() -> list[tuple[str, re.Pattern[str] | re.Pattern[bytes]]]:
    seen: set[int] = set()
    found = []
    for module in _text_modules():
        for name, value in vars(module).items():
            for index, pattern in enumerate(_patterns_in(value, seen)):
                found.append((f"{module.__name__}.{name}" + (f"[{index}]" if index else ""), pattern))
    return found


PATTERNS = _all_patterns()

# Long runs of what pages are full of (indentation, NBSP, ideographic space, rules, dots, digits)
# between words the patterns look for.
_RUN_CHARS = " \t\n\xa0\u3000-.：:1年-_|/<>=\"'·…【(（a评"
_WORDS = [
    "评论", "Comments", "Comment", "回复", "Reply to", "说", "says", "发表于", "发布时间", "更新", "Updated",
    "Published", "来源", "作者", "记者", "by", "and", "2024", "2024-09-17", "12:30", "3小时前", "今天",
    "Jan", "January", "共", "条", "(", "）", "@", "：", "<meta charset=", "<?xml encoding=", "Copyright",
    "?", "http://", "赞", "Next", "©", "é", "Ã©", "锟斤拷", "\ufffd",
]
_segment = st.one_of(
    st.builds(lambda char, size: char * size, st.sampled_from(_RUN_CHARS), st.integers(1, 6000)),
    st.sampled_from(_WORDS),
)
adversarial_text = st.lists(_segment, min_size=1, max_size=12).map(lambda parts: "".join(parts)[:TEXT_LIMIT])


def _cpu_seconds(call: Callable[[], object], limit: float) -> float:
    """CPU seconds ``call`` took, stopped (and reported as over ``limit``) once it passes 20x limit."""

    def overrun(signum: int, frame: object) -> None:
        raise _Overrun

    previous = signal.signal(signal.SIGPROF, overrun)
    # this thread's CPU only: servers other tests left running in this process cost nothing here
    start = time.thread_time()
    signal.setitimer(signal.ITIMER_PROF, limit * 20)
    try:
        call()
    except _Overrun:
        pass
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
    return time.thread_time() - start


def test_the_text_stages_have_patterns_to_check() -> None:
    names = {name for name, _ in PATTERNS}
    assert {"archive.extract.comments.lines.HEADER_LINE", "archive.extract.comments.lines.UI_LINE",
            "archive.extract.comments.lines.REPLY_PREFIX", "archive.extract.dates._RELATIVE"} <= names
    assert len(PATTERNS) > 50


@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[name for name, _ in PATTERNS])
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=adversarial_text)
@example(text="2024-09-17" + " " * 400)  # a date then blank padding: took 46 s when found
@example(text="9月17日" + "\t " * 300)
@example(text="记者" + " " * 19_000)  # a byline label, then blank padding: 2.7 s when found
@example(text="charset=" + " " * 19_000)  # a charset parameter, then blank padding: 2.9 s when found
def test_pattern_is_linear_on_whitespace_and_punctuation_runs(
    name: str, pattern: re.Pattern[str] | re.Pattern[bytes], text: str
) -> None:
    subject: str | bytes = text.encode("utf-8") if isinstance(pattern.pattern, bytes) else text
    for label, call in (
        ("search", lambda: pattern.search(subject)),  # type: ignore[arg-type]
        ("match", lambda: pattern.match(subject)),  # type: ignore[arg-type]
        ("finditer", lambda: sum(1 for _ in pattern.finditer(subject))),  # type: ignore[arg-type]
    ):
        spent = _cpu_seconds(call, BOUND)
        if spent >= BOUND:  # a collector pause or a busy machine: a slow pattern is slow twice
            spent = min(spent, _cpu_seconds(call, BOUND))
        assert spent < BOUND, f"{name}.{label} took {spent:.3f} s of CPU on {len(text)} characters"


@pytest.mark.parametrize(
    "line",
    [
        "Comments" + " \n\t" * 300 + "Pin It",                 # the share bar that took 20 s
        "评论" + "\u3000" * 2000 + "（" + " " * 2000 + "3",
        "Next" + " " * 5000 + ":" + " " * 5000 + "x",
        "回复" + " " * 5000 + "@" + " " * 5000,
        "1 " * 5000 + "x",
    ],
    ids=["share-bar", "ideographic-space", "next-colon", "reply-at", "digit-space"],
)
def test_comment_line_patterns_answer_fast_on_long_whitespace(line: str) -> None:
    from archive.extract.comments.lines import HEADER_LINE, REPLY_PREFIX, UI_LINE

    for pattern in (HEADER_LINE, UI_LINE, REPLY_PREFIX):
        assert _cpu_seconds(lambda: pattern.match(line), BOUND) < BOUND  # noqa: B023


@pytest.mark.parametrize(
    ("line", "header"),
    [("Comments", True), ("评论 (12)", True), ("共 3 条评论", True), ("12 Comments", True),
     ("One thought on “A story”", True), ("网友评论：", True), ("Comments   Pin It", False), ("评论员文章", False)],
)
def test_header_line_still_matches_what_it_did(line: str, header: bool) -> None:
    from archive.extract.comments.lines import HEADER_LINE

    assert bool(HEADER_LINE.match(line)) is header


SHARE_BAR_PAGE = (
    "<html><head><title>Store opens on Main Street</title></head><body><article><h1>Store opens on Main Street</h1>"
    + "".join(f"<p>The new store on Main Street opened its doors on Saturday, paragraph {i} of the story.</p>" for i in range(8))
    + "</article><div class='tools'><div><a href='#c'>Comments</a>" + "\n\t\t\t" * 20
    + "<a href='/pin'>Pin It</a>" + "\n\t\t" * 8 + "<a href='/send'>Send to a Friend</a></div></div></body></html>"
)


def test_page_with_a_whitespace_padded_share_bar_is_processed_in_well_under_a_second() -> None:
    page = FetchedPage(
        "https://news.example/store", "https://news.example/store", 200, (("Content-Type", "text/html; charset=utf-8"),),
        SHARE_BAR_PAGE.encode(), datetime(2024, 9, 17, tzinfo=UTC),
    )
    cache = ExtractorCache()
    process_page(page, cache)  # the first page loads the extractor
    spent = _cpu_seconds(lambda: process_page(page, cache), 1.0)
    assert spent < 1.0
    result = process_page(page, cache)
    assert result.error is None and result.extraction is not None
    assert "opened its doors on Saturday" in result.extraction.text
