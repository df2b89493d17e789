"""Metadata on portal-like pages (tests/unit/portal_pages.py): the published date, the authors and
the title a reader sees, against clocks, site logos, story dates, editors and site-name authors.

Each page is asserted on its own; ``test_goal_figures`` states issue 15's goals over the whole set
(published date right on >= 95 % of pages that show one, authors on >= 80 % of pages that name
someone, no date after the capture).
"""

from __future__ import annotations

import html
import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.extract.extractor import Extraction, Extractor
from archive.extract.metadata import parse_byline, plausible_author
from archive.extract.published import choose_published
from tests.unit.portal_pages import FETCHED, PAGES, PortalPage


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="module")
def results(extractor: Extractor) -> dict[str, Extraction]:
    return {p.name: extractor.extract(p.html, p.url, p.fetched_at) for p in PAGES}


def _minute(value: datetime | None) -> str | None:
    return value.isoformat(timespec="minutes") if value is not None else None


def test_the_set_covers_portals_and_english_pages() -> None:
    assert len(PAGES) >= 25
    assert len({p.name for p in PAGES}) == len(PAGES)
    assert sum('lang="zh' in p.html for p in PAGES) >= 20 and sum('lang="en"' in p.html for p in PAGES) >= 3
    assert sum(p.published is None for p in PAGES) >= 1 and sum(not p.authors for p in PAGES) >= 5


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_published_date_is_the_labelled_one(page: PortalPage, results: dict[str, Extraction]) -> None:
    assert _minute(results[page.name].published_at) == page.published


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_authors_are_the_people_named(page: PortalPage, results: dict[str, Extraction]) -> None:
    assert results[page.name].authors == page.authors


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_title_is_the_story_headline(page: PortalPage, results: dict[str, Extraction]) -> None:
    assert results[page.name].title == page.title


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_no_date_is_later_than_the_capture(page: PortalPage, results: dict[str, Extraction]) -> None:
    result = results[page.name]
    for value in (result.published_at, result.updated_at, *(c.posted_at for c in result.comments)):
        assert value is None or value <= page.fetched_at


def test_goal_figures(results: dict[str, Extraction]) -> None:
    dated = [p for p in PAGES if p.published]
    named = [p for p in PAGES if p.authors]
    dates_right = sum(_minute(results[p.name].published_at) == p.published for p in dated)
    authors_right = sum(results[p.name].authors == p.authors for p in named)
    assert dates_right / len(dated) >= 0.95, f"dates right on {dates_right}/{len(dated)}"
    assert authors_right / len(named) >= 0.80, f"authors right on {authors_right}/{len(named)}"


def test_comment_times_come_from_the_markup_epoch_else_the_capture(extractor: Extractor) -> None:
    # an ifeng-like comment widget: "3小时前" with the epoch in a date attribute, "今天20:58" without
    fetched = datetime(2019, 11, 25, 14, 0, tzinfo=UTC)   # 22:00 in Shanghai
    comments = "".join(
        f'<div class="comment-item"><span class="user-name">{name}</span><span class="time"{attr}>{shown}</span>'
        f'<p class="comment-text">{text}</p></div>'
        for name, attr, shown, text in [
            ("凤凰网友甲", ' date="1574686717000"', "3小时前", "老城区改造得好，周末带孩子去看看。"),
            ("江南小雨", "", "今天20:58", "希望停车问题也能解决。"),
            ("路过的人", ' data-time="1574650000"', "10小时前", "支持，早该这样了。"),
        ]
    )
    page = (
        '<html lang="zh-CN"><head><title>老城区改造完成_凤凰网</title></head><body>'
        '<h1>老城区改造完成</h1><p class="time">2019年11月25日 08:10:00</p>'
        '<div class="main-content"><p>经过两年施工，老城区改造工程日前全部完成，街巷面貌焕然一新，居民出行更加方便。</p>'
        "<p>改造期间，施工方保留了多处历史建筑，并新增了多个口袋公园和停车场。</p></div>"
        f'<div class="comment-box"><h3>网友评论</h3><div class="comment-list">{comments}</div></div></body></html>'
    )
    result = extractor.extract(page, "https://news.ifeng.com/c/7rAbCdEf123", fetched)
    assert [(c.author, c.posted_at) for c in result.comments] == [
        ("凤凰网友甲", datetime(2019, 11, 25, 12, 58, 37, tzinfo=UTC)),
        ("江南小雨", datetime(2019, 11, 25, 20, 58, tzinfo=ZoneInfo("Asia/Shanghai"))),
        ("路过的人", datetime.fromtimestamp(1574650000, UTC)),
    ]
    assert all(c.posted_at is not None and c.posted_at <= fetched for c in result.comments)


_HOSTILE = st.text(alphabet=" \t\n\u3000:：/|｜,，、()（）记者发表于文作者 By by Posted 2024-10/08 12:00 年月日on the", max_size=3000)


@settings(max_examples=60, deadline=None)
@given(_HOSTILE)
def test_date_and_byline_rules_stay_linear_on_whitespace_and_punctuation_runs(text: str) -> None:
    tree = lxml.html.fromstring(f"<html><body><h1>标题</h1><div>{html.escape(text)}</div><script>var ct = '{text[:200]}';</script></body></html>")
    start = time.perf_counter()
    choose_published(tree, text[:200], None, text, [], ZoneInfo("Asia/Shanghai"), FETCHED)
    parse_byline(text)
    plausible_author(text[:60], ("网易",))
    assert time.perf_counter() - start < 0.5


def test_a_script_listing_several_times_gives_no_date(extractor: Extractor) -> None:
    # the related-news feed in a script names many stories' times: none of them is this page's
    feed = '{"list":[{"title":"央行发布数据","publishTime":"2024-10-09 10:41:00"},{"title":"寒潮预警","publishTime":"2024-10-08 22:05:00"}]}'
    page = (
        '<html lang="zh-CN"><head><title>社区食堂开进老小区</title></head><body><h1>社区食堂开进老小区</h1>'
        "<p>社区食堂日前在老小区开业，附近老人步行几分钟就能吃上热乎饭菜。</p>"
        f"<script>window.__FEED__ = {feed};</script></body></html>"
    )
    assert extractor.extract(page, "https://m.example.com.cn/a/1.html", FETCHED).published_at is None


@pytest.mark.parametrize(
    ("text", "authors"),
    [
        ("本报记者了解到，今年3月的一天上午", ()),   # a sentence: what follows its comma is no name
        ("记者于昨天，在现场看到", ()),
        ("采写：某某晚报记者 林一帆 向思远", ("林一帆", "向思远")),   # 向, 于, 曾 begin surnames too
        ("（记者 于小川、曾可）", ("于小川", "曾可")),
    ],
)
def test_a_reporter_sentence_is_no_byline_and_surnames_like_prepositions_stay(text: str, authors: tuple[str, ...]) -> None:
    assert parse_byline(text).authors == authors
    assert all(plausible_author(name) for name in authors)
