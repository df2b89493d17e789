"""A bad date costs only that date: impossible values come back as None, never as an exception."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.extract.dates import find_dates, parse_date
from archive.process import ExtractorCache, FetchedPage, process_page

SHANGHAI = ZoneInfo("Asia/Shanghai")
FETCHED = datetime(2024, 9, 17, 8, 30, tzinfo=UTC)

_number = st.one_of(st.integers(0, 99).map(str), st.integers(0, 10**30).map(str), st.sampled_from(["00", "0", "24", "25", "32", "13", "99", "60"]))
_separator = st.sampled_from(["-", "/", ".", ":", "：", " ", "T", "年", "月", "日", "时", "分", "+", "-", "Z", ""])
_word = st.sampled_from(["今天", "昨天", "前天", "刚刚", "小时前", "天前", "分钟前", "days ago", "hours ago", "today", "yesterday",
                         "Jan", "September", "PM", "am", "下午", "上午", "凌晨", "发布时间：", "GMT", "UTC", "CST", "EST"])
date_like = st.lists(st.one_of(_number, _separator, _word), max_size=14).map("".join)


@settings(max_examples=600, deadline=None)
@given(text=date_like)
def test_date_like_text_never_raises(text: str) -> None:
    for found in find_dates(text, SHANGHAI, fetched_at=FETCHED, context=datetime(2024, 9, 1, tzinfo=UTC)):
        assert found.value.tzinfo is not None
    parse_date(text, SHANGHAI, fetched_at=FETCHED)
    parse_date(text, UTC)


@pytest.mark.parametrize(
    "value",
    [
        "2024-09-17T24:30:00+08:00",   # hour 24 (24:00 itself is ISO for midnight)
        "2024-09-17 25:10",            # hour 25
        "2024-13-02",                  # month 13
        "2024-02-32T10:00:00Z",        # day 32
        "0000-01-01T00:00:00Z",        # year 0
        "2024-09-17T10:00:00+99:00",   # no such offset
        "今天 25:61",
        "99999999999999999999 days ago",
        "Sep 17, 2024 10:00 +9900",
    ],
)
def test_impossible_date_is_none(value: str) -> None:
    assert parse_date(value, SHANGHAI, fetched_at=FETCHED) is None


def test_bad_date_beside_a_good_one_leaves_the_good_one() -> None:
    found = find_dates("更新 今天 25:61 发布时间：2024-09-16 10:20", SHANGHAI, fetched_at=FETCHED)
    assert [d.value for d in found] == [datetime(2024, 9, 16, 10, 20, tzinfo=SHANGHAI)]


def test_page_with_an_impossible_published_time_keeps_its_text_and_title() -> None:
    html = (
        "<html><head><title>城市地铁新线开通 - 新闻</title>"
        "<meta property='article:published_time' content='2024-09-17T25:00:00+08:00'></head><body>"
        "<article><h1>城市地铁新线开通</h1><div class='info'>今天 24:70 来源：本报</div>"
        + "".join(f"<p>城市地铁新线今天开通运营，这是报道的第{i}段，记者在现场看到乘客有序进站，车站秩序井然。</p>" for i in range(6))
        + "</article></body></html>"
    )
    page = FetchedPage("https://news.example.cn/2024/0917/metro.html", "https://news.example.cn/2024/0917/metro.html", 200,
                       (("Content-Type", "text/html; charset=utf-8"),), html.encode(), FETCHED, timezone="Asia/Shanghai")
    result = process_page(page, ExtractorCache())
    assert result.error is None and result.extraction is not None
    assert "乘客有序进站" in result.extraction.text
    assert result.extraction.title == "城市地铁新线开通"
    assert result.extraction.published_at is None
