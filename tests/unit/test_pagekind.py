"""archive.extract.pagekind through the extractor: listings and date archives are never articles,
whatever their text; a story-like page is one even without a date or article markup; the text
comes back either way."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from archive.extract.extractor import Extractor
from archive.extract.pagekind import PageSignals, classify_page

FETCHED = datetime(2024, 9, 18, 2, 0, tzinfo=UTC)
NAV = "<div class='nav'>" + "".join(f"<a href='/{i}'>{n}</a>" for i, n in enumerate(["首页", "国内", "国际", "财经", "科技"])) + "</div>"

TEASERS = [
    ("/society/20240917/0932145.html", "暴雨过后城区积水基本消退",
     "受台风外围云系影响，十七日凌晨起全市普降暴雨，城区多处路段一度积水。经过排水部门连夜抽排，截至当天下午，"
     "城区积水已基本消退，公交线路全部恢复正常运行，地铁各线路运营平稳。"),
    ("/society/20240917/0932146.html", "中秋假期首日客流平稳有序",
     "中秋假期首日，全市各大交通枢纽客流总体平稳。火车站当天发送旅客约八万人次，机场运送旅客约四万人次，"
     "各主要景区游客数量较去年同期有所增长，没有发生拥堵和安全事故。"),
    ("/society/20240917/0932147.html", "老城区改造项目启动居民意见征询",
     "老城区改造项目日前正式启动居民意见征询工作，涉及三个街道的十二个小区。工作人员将逐户上门听取意见，"
     "征询结果将作为改造方案调整的重要依据，预计十月底前完成全部征询工作。"),
]


def listing(title: str) -> str:
    items = "".join(
        f"<div class='item'><h3><a href='{href}'>{head}</a></h3><p class='time'>2024-09-17 10:00</p><p>{summary}</p></div>"
        for href, head, summary in TEASERS
    )
    return f"""<html><head><meta charset="utf-8"><title>{title}_城市新闻网</title>
    <meta property="og:type" content="article"></head><body>{NAV}<h1>{title}</h1>{items}
    <div class="pages"><a href="?page=1">1</a> <a href="?page=3">3</a></div></body></html>"""


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://www.citynews.example.cn/society/?page=2", "listing page (URL pages through a listing: ?page=)"),
        ("http://www.citynews.example.cn/list.php?cat=society&pn=3", "listing page (URL pages through a listing: ?pn=)"),
        ("http://www.citynews.example.cn/society/index_2.shtml", "listing page (URL names a page of a listing)"),
        ("http://www.citynews.example.cn/category/society/page/2/", "listing page (URL names a page of a listing)"),
        ("http://www.citynews.example.cn/archive/2024/09/17", "date archive (URL ends in a date)"),
        ("http://www.citynews.example.cn/2024/09/17/", "date archive (URL ends in a date)"),
        ("http://www.citynews.example.cn/society/2024-09-17/", "date archive (URL ends in a date)"),
        ("http://www.citynews.example.cn/archives/20240917", "date archive (URL ends in a date)"),
    ],
)
def test_listing_and_date_archive_pages_are_never_articles_whatever_their_text(url: str, reason: str) -> None:
    result = Extractor().extract(listing("社会新闻"), url, FETCHED)
    assert (result.is_article, result.page_kind_evidence) == (False, reason)
    assert TEASERS[0][2] in result.text   # the verdict keeps the text


STORY = [
    "本报讯 十七日上午，市政府召开新闻发布会，通报今年上半年全市经济运行情况。上半年全市地区生产总值同比增长百分之五点六，"
    "增速比一季度加快零点三个百分点，主要经济指标稳中向好。",
    "发布会上，市统计局负责人介绍，上半年全市规模以上工业增加值同比增长百分之六点一，其中高技术制造业增长百分之十二点四，"
    "对全市工业增长的贡献率超过四成。",
    "消费市场持续回暖。上半年全市社会消费品零售总额同比增长百分之四点八，餐饮、旅游和文化消费增长较快。",
]


def story_page() -> str:
    """A Chinese local news story in a template that declares nothing: no og:type, no JSON-LD,
    no <h1>, no date the extractor can read; only its body says it is a story."""
    body = "".join(f"<p>{p}</p>" for p in STORY)
    return f"""<html><head><meta charset="utf-8"><title>上半年全市经济运行稳中向好_城市新闻网</title></head>
    <body>{NAV}<div class="main"><div class="bt">上半年全市经济运行稳中向好</div>
    <div class="zw">{body}</div></div><div class="foot">城市新闻网 版权所有</div></body></html>"""


@pytest.mark.parametrize(
    ("url", "article_like"),
    [("http://www.citynews.example.cn/content/show?sid=ab3f", False), ("http://www.citynews.example.cn/news/9a1c.html", True)],
)
def test_a_story_like_page_without_article_markers_is_an_article_with_its_text(url: str, article_like: bool) -> None:
    result = Extractor().extract(story_page(), url, FETCHED)
    assert result.paragraphs == tuple(STORY)
    assert result.is_article is True
    if article_like:
        assert result.page_kind_evidence == "article-like URL with a body of text"
    else:
        assert result.page_kind_evidence.startswith("story-like body (3 paragraphs, the longest ")


@pytest.mark.parametrize(
    "url",
    [
        "http://www.citynews.example.cn/2024/09/17/city-economy-first-half/",
        "http://www.citynews.example.cn/society/20240917/0932145.html?page=2",   # page 2 of one story
        "http://www.citynews.example.cn/?p=4127",
    ],
)
def test_stories_under_dated_or_paged_urls_stay_articles(url: str) -> None:
    assert Extractor().extract(story_page(), url, FETCHED).is_article is True


def test_a_tag_page_is_not_an_article_and_keeps_its_text() -> None:
    result = Extractor().extract(listing("标签：城市更新"), "http://www.citynews.example.cn/tag/城市更新/", FETCHED)
    assert (result.is_article, result.page_kind_evidence) == (False, "listing page (URL segment /tag/)")
    assert TEASERS[1][2] in result.text


def signals(**changes: object) -> PageSignals:
    base: dict[str, object] = dict(
        url="http://www.citynews.example.cn/content/show?sid=ab3f", jsonld_types=(), og_type=None, body_chars=900,
        body_paragraphs=4, link_density=0.2, has_date=False, has_title_heading=False, linked_headings=0,
        longest_paragraph=120, comments=0, cjk=True,
    )
    base.update(changes)
    return PageSignals(**base)  # type: ignore[arg-type]


def test_links_around_a_story_weigh_less_than_the_story() -> None:
    assert classify_page(signals(link_density=0.7))[0] is True        # a portal's menus and related lists
    assert classify_page(signals(link_density=0.8)) == (False, "link-dense page (0.80 of text in links)")
    assert classify_page(signals(link_density=0.6, longest_paragraph=40)) == (False, "link-dense page (0.60 of text in links)")


def test_teasers_without_a_story_paragraph_are_not_an_article() -> None:
    assert classify_page(signals(longest_paragraph=40)) == (False, "no date, no article markers, no paragraph of story length")
    assert classify_page(signals(linked_headings=8)) == (False, "listing of 8 linked headlines and no headline of its own")
    assert classify_page(signals(url="http://www.citynews.example.cn/about/")) == (False, "page about the site (URL names one)")
