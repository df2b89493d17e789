"""archive.extract.metadata: Chinese and English dates in the site's zone, bylines, language, structured data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import lxml.html
import pytest

from archive.extract.dates import find_dates, parse_date
from archive.extract.metadata import default_timezone, detect_language, parse_byline, read_structured_data

SHANGHAI = ZoneInfo("Asia/Shanghai")
TAIPEI = ZoneInfo("Asia/Taipei")
FETCHED = datetime(2025, 2, 1, 3, 0, tzinfo=UTC)  # 11:00 in Shanghai


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025年1月30日 10:32", datetime(2025, 1, 30, 10, 32, tzinfo=SHANGHAI)),
        ("发布时间：2025-01-30 10:32", datetime(2025, 1, 30, 10, 32, tzinfo=SHANGHAI)),
        ("2025/01/30 10:32:15", datetime(2025, 1, 30, 10, 32, 15, tzinfo=SHANGHAI)),
        ("weik 回复 01-31 10:32", datetime(2025, 1, 31, 10, 32, tzinfo=SHANGHAI)),
        ("3小时前", datetime(2025, 2, 1, 8, 0, tzinfo=SHANGHAI)),
        ("5分钟前", datetime(2025, 2, 1, 10, 55, tzinfo=SHANGHAI)),
        ("昨天 10:32", datetime(2025, 1, 31, 10, 32, tzinfo=SHANGHAI)),
        ("前天 08:05", datetime(2025, 1, 30, 8, 5, tzinfo=SHANGHAI)),
        ("Posted 2 hours ago", datetime(2025, 2, 1, 9, 0, tzinfo=SHANGHAI)),
        ("2025-01-30T02:32:00Z", datetime(2025, 1, 30, 2, 32, tzinfo=UTC)),
        ("2025-01-30T10:32:00+08:00", datetime(2025, 1, 30, 10, 32, tzinfo=timezone(timedelta(hours=8)))),
        ("January 30, 2025 10:32 AM", datetime(2025, 1, 30, 10, 32, tzinfo=SHANGHAI)),
        ("30 Jan 2025", datetime(2025, 1, 30, tzinfo=SHANGHAI)),
        ("Published 10:32 AM EST, Thu January 30, 2025", datetime(2025, 1, 30, 10, 32, tzinfo=ZoneInfo("America/New_York"))),
        ("January 30, 2025 10:32 PM HKT", datetime(2025, 1, 30, 22, 32, tzinfo=ZoneInfo("Asia/Hong_Kong"))),
        ("2025年01月30日 星期四 下午3:05", datetime(2025, 1, 30, 15, 5, tzinfo=SHANGHAI)),
        ("2025年01月30日 星期四 上午12:07", datetime(2025, 1, 30, 0, 7, tzinfo=SHANGHAI)),
        ("2025年01月30日10:32", datetime(2025, 1, 30, 10, 32, tzinfo=SHANGHAI)),
    ],
)
def test_dates_are_read_in_the_site_zone_and_relative_to_the_fetch(text: str, expected: datetime) -> None:
    got = parse_date(text, SHANGHAI, fetched_at=FETCHED)
    assert got == expected
    assert got is not None and got.utcoffset() == expected.utcoffset()


def test_glued_view_count_does_not_change_the_date() -> None:
    assert parse_date("chatGPT网址2024-07-1440", SHANGHAI) == datetime(2024, 7, 14, tzinfo=SHANGHAI)


def test_month_day_date_takes_the_year_of_the_fetch_not_a_future_one() -> None:
    fetched = datetime(2025, 1, 2, tzinfo=UTC)
    assert parse_date("12-31 23:10", SHANGHAI, fetched_at=fetched) == datetime(2024, 12, 31, 23, 10, tzinfo=SHANGHAI)


def test_month_day_date_without_fetch_time_follows_the_article_date() -> None:
    article = datetime(2024, 12, 30, 9, 0, tzinfo=SHANGHAI)
    assert parse_date("01-02 08:00", SHANGHAI, context=article) == datetime(2025, 1, 2, 8, 0, tzinfo=SHANGHAI)


def test_relative_date_without_fetch_time_is_unknown() -> None:
    assert parse_date("3小时前", SHANGHAI) is None


def test_same_wall_clock_in_taipei_is_a_different_instant() -> None:
    taipei = parse_date("2025年1月30日 10:32", TAIPEI)
    assert taipei == datetime(2025, 1, 30, 2, 32, tzinfo=UTC)
    assert taipei is not None and taipei.utcoffset() == timedelta(hours=8)


def test_find_dates_returns_every_date_in_order() -> None:
    found = find_dates("作者：张三 2025-01-30 10:32 更新于 2025-01-31 08:00", SHANGHAI)
    assert [d.value for d in found] == [
        datetime(2025, 1, 30, 10, 32, tzinfo=SHANGHAI),
        datetime(2025, 1, 31, 8, 0, tzinfo=SHANGHAI),
    ]


@pytest.mark.parametrize(
    ("line", "authors", "editors", "source", "consumed"),
    [
        ("[文/观察者网熊超然]连日来,来自中国的人工智能", ("熊超然",), (), None, "[文/观察者网熊超然]"),
        ("作者：张三 来源：新华社 责任编辑：李四", ("张三",), ("李四",), "新华社", ""),
        ("来源：新华社", (), (), "新华社", ""),
        ("本报记者 王五 北京1月30日电", ("王五",), (), None, ""),
        ("记者：王五、赵六", ("王五", "赵六"), (), None, ""),
        ("By John Smith and Jane Doe", ("John Smith", "Jane Doe"), (), None, ""),
        ("原文：这里不是署名", (), (), None, ""),
        ("本文来源：观察者网 责任编辑：王晓颖_NBJ11279", (), ("王晓颖",), "观察者网", ""),
        ("来自: 路人甲2025-03-01 12:12:00", ("路人甲",), (), None, ""),
        ("图片来自：新华社", (), (), None, ""),
        ("記者 王小明／台北報導", ("王小明",), (), None, ""),
    ],
)
def test_bylines(line: str, authors: tuple[str, ...], editors: tuple[str, ...], source: str | None, consumed: str) -> None:
    byline = parse_byline(line)
    assert (byline.authors, byline.editors, byline.source, byline.consumed) == (authors, editors, source, consumed)


def test_language_from_text(samples_dir) -> None:  # type: ignore[no-untyped-def]
    assert detect_language((samples_dir / "000_b3da0c86cb32e83f.txt").read_text(encoding="utf-8")) == "zh-Hant"
    assert detect_language((samples_dir / "001_8ec5993da452e490.txt").read_text(encoding="utf-8")) == "zh-Hans"
    assert detect_language("Anthropic said it would stop selling to Chinese-owned companies.") == "en"
    assert detect_language("", "zh-CN") is None


@pytest.mark.parametrize(
    ("url", "language", "zone"),
    [
        ("https://news.example.com.tw/a/1", "zh-Hant", "Asia/Taipei"),
        ("https://www.example.hk/a/1", "zh-Hant", "Asia/Hong_Kong"),
        ("https://www.example.cn/a/1", "zh-Hans", "Asia/Shanghai"),
        ("https://www.example.com/a/1", "zh-Hans", "Asia/Shanghai"),
        ("https://www.example.com/a/1", "zh-Hant", "Asia/Taipei"),
        ("https://www.example.com/a/1", "en", "UTC"),
    ],
)
def test_default_zone_from_tld_then_script(url: str, language: str, zone: str) -> None:
    assert default_timezone(url, language) == zone


def test_json_ld_is_preferred_over_opengraph() -> None:
    tree = lxml.html.fromstring(
        """<html lang="zh-CN"><head>
        <meta property="og:title" content="OG 标题"><meta property="og:type" content="article">
        <meta property="og:site_name" content="示例网"><meta property="article:published_time" content="2024-01-01T00:00:00+08:00">
        <link rel="canonical" href="/news/1.html">
        <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
          {"@type":"WebSite","name":"示例网站"},
          {"@type":"NewsArticle","headline":"JSON-LD 标题","datePublished":"2025-01-30T10:32:00+08:00",
           "dateModified":"2025-01-30T12:00:00+08:00","author":[{"@type":"Person","name":"张三"},{"name":"李四"}],
           "publisher":{"@type":"Organization","name":"示例报业"}}]}</script>
        </head><body><p>x</p></body></html>"""
    )
    data = read_structured_data(tree)
    assert data.title == "JSON-LD 标题"
    assert data.authors == ("张三", "李四")
    assert data.published == "2025-01-30T10:32:00+08:00"
    assert data.modified == "2025-01-30T12:00:00+08:00"
    assert data.site_name == "示例网"
    assert data.canonical_url == "/news/1.html"
    assert "newsarticle" in data.jsonld_types and data.og_type == "article"
    assert data.html_lang == "zh-CN"


def test_broken_json_ld_falls_back_to_meta_tags() -> None:
    tree = lxml.html.fromstring(
        """<html><head><script type="application/ld+json">{not json</script>
        <meta name="author" content="Jane Doe, John Roe"><meta name="pubdate" content="2025-01-30 10:32">
        </head><body><p>x</p></body></html>"""
    )
    data = read_structured_data(tree)
    assert data.authors == ("Jane Doe", "John Roe")
    assert data.published == "2025-01-30 10:32"
    assert data.title is None


def test_comment_month_day_takes_the_first_year_after_the_article_even_when_fetched_much_later() -> None:
    article = datetime(2025, 1, 30, 10, 0, tzinfo=SHANGHAI)
    fetched = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)
    assert parse_date("02-02 12:53", SHANGHAI, fetched_at=fetched, context=article) == datetime(2025, 2, 2, 12, 53, tzinfo=SHANGHAI)
    assert parse_date("01-02 08:00", SHANGHAI, fetched_at=fetched, context=article) == datetime(2026, 1, 2, 8, 0, tzinfo=SHANGHAI)
    assert parse_date("12-31 08:00", SHANGHAI, fetched_at=datetime(2025, 3, 1, tzinfo=UTC), context=article) == datetime(2024, 12, 31, 8, 0, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("url", "comment_page"),
    [
        ("https://a.example.com/2025/01/30/post/?cpage=2", True),
        ("https://a.example.com/2025/01/30/post/comment-page-2/", True),
        ("https://a.example.com/news/123/comments/", True),
        ("https://a.example.com/news/123/comments/2", True),
        ("https://old.reddit-example.com/r/technology/comments/1abcd/what_the_rule_means/", False),
    ],
)
def test_comment_page_urls(url: str, comment_page: bool) -> None:
    from archive.extract.pagekind import PageSignals, classify_page

    signals = PageSignals(
        url=url, jsonld_types=(), og_type=None, body_chars=800, body_paragraphs=5, link_density=0.1, has_date=True,
        has_title_heading=True, linked_headings=0, longest_paragraph=200, comments=0, cjk=True,
    )
    verdict = classify_page(signals)
    assert (verdict[1] == "comment page (URL names a comment page)") is comment_page


@pytest.mark.parametrize("port", ["", ":8080", ":50321"])
def test_a_port_number_does_not_make_a_listing_url_look_like_a_story(port: str) -> None:
    from archive.extract.pagekind import PageSignals, classify_page

    signals = PageSignals(
        url=f"http://127.0.0.1{port}/category/world/", jsonld_types=(), og_type=None, body_chars=800, body_paragraphs=5,
        link_density=0.2, has_date=True, has_title_heading=True, linked_headings=0, longest_paragraph=200,
        comments=0, cjk=True,
    )
    assert classify_page(signals) == (False, "listing page (URL segment /category/)")


@pytest.mark.parametrize(
    ("written", "name"),
    [("本报记者 李明", "李明"), ("記者 陳怡", "陳怡"), ("作者：张三", "张三"), ("文/熊超然", "熊超然"), ("李明", "李明"),
     ("Sarah Kim", "Sarah Kim"), ("记者", "记者")],
)
def test_strip_role_leaves_the_person_s_name(written: str, name: str) -> None:
    from archive.extract.metadata import strip_role

    assert strip_role(written) == name


def test_person_names_drop_the_outlet_prefixed_repeat_and_roles() -> None:
    from archive.extract.metadata import person_names

    assert person_names(["熊超然", "观察者网熊超然", "本报记者 李明", "李明", "新华社"]) == ["熊超然", "李明", "新华社"]
