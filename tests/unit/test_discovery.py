"""Pure discovery helpers: canonical URLs, robots sitemaps, sitemaps, feeds, links, traps."""

from __future__ import annotations

import gzip
import re
from datetime import UTC, date, datetime

import pytest

from archive.normalize import canonical_url
from crawler.discovery import (
    LinkPolicy,
    calendar_template,
    is_comment_page_link,
    is_pagination_link,
    origin_of,
    page_links,
    trap_reason,
)
from crawler.sitemaps import feed_entries, is_feed, is_sitemap, parse_date, parse_sitemap, sitemaps_from_robots

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://News.Example.COM:80/a/b.html#comments", "http://news.example.com/a/b.html"),
        ("https://example.com:443", "https://example.com/"),
        ("http://127.0.0.1:8080/n/1.html?spm=a2c.b&id=5&from=timeline", "http://127.0.0.1:8080/n/1.html?id=5"),
        ("http://x.cn/a?utm_source=wx&utm_medium=share&b=2&a=1", "http://x.cn/a?a=1&b=2"),
        ("http://x.cn/a?share=1&ShareID=9&fbclid=z", "http://x.cn/a"),
        ("http://x.cn/%e4%b8%ad%e6%96%87/", "http://x.cn/%E4%B8%AD%E6%96%87/"),
        ("http://x.cn/中文/?q=新闻", "http://x.cn/%E4%B8%AD%E6%96%87/?q=%E6%96%B0%E9%97%BB"),
        ("http://x.cn/a?page=2&cpage=3", "http://x.cn/a?cpage=3&page=2"),
        ("http://x.cn:8080/a?empty=", "http://x.cn:8080/a?empty="),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected
    assert canonical_url(expected) == expected


def test_canonical_url_keeps_order_of_repeated_parameter() -> None:
    assert canonical_url("http://x.cn/s?tag=b&tag=a&q=1") == "http://x.cn/s?q=1&tag=b&tag=a"


def test_robots_sitemap_lines_are_absolute_in_order_without_repeats() -> None:
    robots = (
        "User-agent: *\nDisallow: /private/\n"
        "Sitemap: http://h:81/sitemap_index.xml\n"
        "sitemap:/news-sitemap.xml\n"
        "SITEMAP: http://h:81/sitemap_index.xml\n"
    )
    assert sitemaps_from_robots(robots, "http://h:81/robots.txt") == (
        "http://h:81/sitemap_index.xml",
        "http://h:81/news-sitemap.xml",
    )


SITEMAP_INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>http://h/sitemap-2024.xml.gz</loc><lastmod>2024-07-14T08:00:00+08:00</lastmod></sitemap>
  <sitemap><loc>/sitemap-pages.xml</loc></sitemap>
</sitemapindex>"""

NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>http://h/news/1.html</loc>
    <news:news><news:publication><news:name>某报</news:name><news:language>zh</news:language></news:publication>
      <news:publication_date>2024-07-14</news:publication_date><news:title>台风登陆</news:title></news:news>
  </url>
  <url><loc>http://h/about.html</loc><lastmod>2023-01-02</lastmod></url>
  <url><lastmod>2023-01-02</lastmod></url>
</urlset>""".encode()


def test_sitemap_index_lists_children_with_lastmod() -> None:
    sitemap = parse_sitemap(SITEMAP_INDEX, "http://h/robots.txt")
    assert sitemap.kind == "index"
    assert [(e.url, e.lastmod) for e in sitemap.entries] == [
        ("http://h/sitemap-2024.xml.gz", datetime(2024, 7, 14, 0, 0, tzinfo=UTC)),
        ("http://h/sitemap-pages.xml", None),
    ]


def test_gzipped_google_news_sitemap() -> None:
    sitemap = parse_sitemap(gzip.compress(NEWS_SITEMAP), "http://h/s.xml.gz")
    assert sitemap.kind == "urlset"
    first, second = sitemap.entries
    assert (first.url, first.is_news, first.news_title, first.news_published) == (
        "http://h/news/1.html",
        True,
        "台风登陆",
        datetime(2024, 7, 14, tzinfo=UTC),
    )
    assert (second.url, second.is_news, second.lastmod) == (
        "http://h/about.html",
        False,
        datetime(2023, 1, 2, tzinfo=UTC),
    )
    assert len(sitemap.entries) == 2  # the <url> without <loc> is skipped


def test_not_a_sitemap() -> None:
    assert parse_sitemap(b"<html><body>404</body></html>", "http://h/").entries == ()
    assert parse_sitemap(b"", "http://h/").entries == ()
    assert parse_sitemap(b"\x1f\x8bnot gzip", "http://h/").entries == ()
    assert is_sitemap(SITEMAP_INDEX) and not is_sitemap(b"<rss/>")


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>要闻</title>
<item><title>第一条</title><link>http://h/news/1.html?utm_source=rss</link>
  <pubDate>Sun, 14 Jul 2024 08:30:00 +0800</pubDate></item>
<item><title>第二条</title><guid isPermaLink="true">/news/2.html</guid></item>
<item><title>no link</title><guid isPermaLink="false">abc-123</guid></item>
</channel></rss>""".encode()

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>A</title><link rel="alternate" type="text/html" href="/en/a.html"/>
  <link rel="edit" href="/edit/a"/><updated>2024-07-15T01:02:03Z</updated></entry>
<entry><title>B</title><link href="http://h/en/b.html"/></entry>
</feed>"""


def test_rss_items() -> None:
    assert is_feed(RSS)
    first, second = feed_entries(RSS, "http://h/rss.xml")
    assert (first.url, first.title, first.published) == (
        "http://h/news/1.html?utm_source=rss",
        "第一条",
        datetime(2024, 7, 14, 0, 30, tzinfo=UTC),
    )
    assert (second.url, second.title, second.published) == ("http://h/news/2.html", "第二条", None)


def test_atom_entries_use_the_alternate_link() -> None:
    entries = feed_entries(ATOM, "http://h/atom.xml")
    assert [(e.url, e.title) for e in entries] == [("http://h/en/a.html", "A"), ("http://h/en/b.html", "B")]
    assert entries[0].published == datetime(2024, 7, 15, 1, 2, 3, tzinfo=UTC)


def test_page_links_anchors_feeds_and_canonical() -> None:
    html = """<?xml version="1.0" encoding="gbk"?><html><head>
    <base href="http://h:81/news/">
    <link rel="alternate" type="application/rss+xml" href="/rss.xml">
    <link rel="alternate" type="application/atom+xml" href="atom.xml">
    <link rel="canonical" href="/news/1.html#top">
    </head><body>
    <a href="2.html#c">下一篇</a> <a href="javascript:void(0)">x</a> <a href="mailto:a@b">m</a>
    <a href="http://other:82/x" rel="nofollow">外链</a> <a href="#top">top</a>
    </body></html>"""
    links = page_links(html, "http://h:81/news/1.html")
    assert [(a.url, a.text, a.nofollow) for a in links.anchors] == [
        ("http://h:81/news/2.html", "下一篇", False),
        ("http://other:82/x", "外链", True),
    ]
    assert links.feeds == ("http://h:81/rss.xml", "http://h:81/news/atom.xml")
    assert links.canonical == "http://h:81/news/1.html"


def test_page_links_of_empty_or_broken_html() -> None:
    assert page_links("", "http://h/").anchors == ()
    broken = page_links("<div><a href='/a'>a<p><a href=/b>b</table>", "http://h/")
    assert [a.url for a in broken.anchors] == ["http://h/a", "http://h/b"]


def test_origin_is_host_and_port() -> None:
    assert origin_of("HTTP://Example.com/x") == "example.com:80"
    assert origin_of("https://example.com:8443/") == "example.com:8443"
    assert origin_of("ftp://example.com/") == ""


def test_link_policy_keeps_seed_host_and_port_only() -> None:
    policy = LinkPolicy.for_seeds(["http://127.0.0.1:8001/"], [re.compile(r"^/search")])
    assert policy.refuse_reason("http://127.0.0.1:8001/news/1.html", TODAY) is None
    assert policy.refuse_reason("http://127.0.0.1:8002/news/1.html", TODAY) == "off-host"
    assert policy.refuse_reason("http://127.0.0.2:8001/news/1.html", TODAY) == "off-host"
    assert policy.refuse_reason("http://127.0.0.1:8001/files/report.PDF", TODAY) == "non-html-extension"
    assert policy.refuse_reason("http://127.0.0.1:8001/img/a.jpg?x=1", TODAY) == "non-html-extension"
    assert policy.refuse_reason("http://127.0.0.1:8001/dl/pack.zip", TODAY) == "non-html-extension"
    assert policy.refuse_reason("http://127.0.0.1:8001/search?q=a", TODAY) == "skip-pattern"
    assert policy.refuse_reason("ftp://127.0.0.1:8001/", TODAY) == "scheme"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://h/archive/2031/01/01/", "trap:future-date"),
        ("http://h/calendar?month=2030-02", "trap:future-date"),
        ("http://h/a/b/a/b/a/b/", "trap:repeating-path"),
        ("http://h/x/x/x/", "trap:repeating-path"),
        ("http://h/" + "/".join(f"s{i}" for i in range(20)), "trap:path-too-deep"),
        ("http://h/?" + "a" * 2000, "trap:url-too-long"),
        ("http://h/2024/07/14/typhoon.html", None),
        ("http://h/archive/2027/12/", None),
        ("http://h/archive/2031/", "trap:future-date"),
        ("http://h/archive/2031/index.html", "trap:future-date"),
        ("http://h/2031-01/", "trap:future-date"),
        ("http://h/news/20310105-story.html", "trap:future-date"),
        ("http://h/list?year=2031", "trap:future-date"),
        ("http://h/list?d=2031-01-05", "trap:future-date"),
        # story numbers that look like years are not dates: sites number stories like that
        ("http://h/news/2028.html", None),
        ("http://h/news/2199.html", None),
        ("http://h/2050/some-story.html", None),
        ("http://h/news/203101.html", None),
        ("http://h/article?id=2050", None),
        ("http://h/?p=2100", None),
        ("http://h/news/a/b/c.html", None),
    ],
)
def test_trap_reason(url: str, reason: str | None) -> None:
    assert trap_reason(url, TODAY) == reason


@pytest.mark.parametrize(
    ("url", "template"),
    [
        ("http://h/archive/2024/01/01/", "/archive/{date}"),
        ("http://h/archive/2024/1/", "/archive/{date}"),
        ("http://h/archive/2024-01-05/index.html", "/archive/{date}"),
        ("http://h/calendar?month=2024-02&lang=zh", "/calendar?lang=*&month={date}"),
        ("http://h/2024/07/14/typhoon.html", None),
        ("http://h/news/list?page=3", None),
        ("http://h/", None),
    ],
)
def test_calendar_template(url: str, template: str | None) -> None:
    assert calendar_template(url) == template


@pytest.mark.parametrize(
    ("url", "text", "expected"),
    [
        ("http://h/news/1.html?cpage=2", "2", True),
        ("http://h/news/1.html?comment_page=3", "", True),
        ("http://h/comments/1", "", True),
        ("http://h/news/1/more", "查看更多评论", True),
        ("http://h/news/1/more", "Load more comments", True),
        ("http://h/news/1.html?page=2", "下一页", False),
        ("http://h/news/2.html", "相关新闻", False),
    ],
)
def test_comment_page_links(url: str, text: str, expected: bool) -> None:
    assert is_comment_page_link(url, text) is expected


def test_comment_page_link_from_site_pattern() -> None:
    assert is_comment_page_link("http://h/news/1_talk_2.html", "", [re.compile(r"_talk_\d+")])


def test_parse_date_forms() -> None:
    assert parse_date("2024-07-14") == datetime(2024, 7, 14, tzinfo=UTC)
    assert parse_date("Sun, 14 Jul 2024 08:30:00 GMT") == datetime(2024, 7, 14, 8, 30, tzinfo=UTC)
    assert parse_date("not a date") is None
    assert parse_date("") is None


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("http://a.b/x", "a.b:80"), ("HTTP://A.B:80/x", "a.b:80"), ("https://a.b", "a.b:443"),
        ("https://a.b:443?x", "a.b:443"), ("http://u:p@h.com:81/x#f", "h.com:81"), ("http://h:bad/", ""),
        ("http:///x", ""), ("ftp://h/x", ""), ("http://[::1]:8080/x", "::1:8080"), ("http://h\t.com/x", "h.com:80"),
        ("mailto:x@y", ""), ("/rel", ""), ("https://h:65536/x", ""), (" http://h/", "h:80"),
    ],
)
def test_origin_of_a_url_as_urlsplit_reads_it(url: str, origin: str) -> None:
    assert origin_of(url) == origin
    assert origin_of(url) == origin  # the second time from the remembered authority


@pytest.mark.parametrize(
    ("page", "link", "text"),
    [
        ("http://a/news/", "http://a/news/?page=2", "下一页"),
        ("http://a/news/?page=2", "http://a/news/?page=3", ""),
        ("http://a/news/?page=3&cat=5", "http://a/news/?cat=5&page=2", "上一页"),
        ("http://a/", "http://a/?p=2", "2"),
        ("http://a/news/", "http://a/news/page/2/", "Next"),
        ("http://a/news/page/2/", "http://a/news/page/3/", "3"),
        ("http://a/gn/index.html", "http://a/gn/index_2.html", "下一頁"),
        ("http://a/gn/list_1.shtml", "http://a/gn/list_2.shtml", "[ 2 ]"),
    ],
)
def test_links_to_another_page_of_the_same_listing_are_pagination(page: str, link: str, text: str) -> None:
    assert is_pagination_link(page, link, text)


@pytest.mark.parametrize(
    ("page", "link", "text"),
    [
        ("http://a/news/", "http://a/news/2024/07/story.html", "台风过境"),
        ("http://a/news/", "http://a/news/?id=5", "5"),  # another parameter: an article
        ("http://a/news/?page=2", "http://a/news/?page=3&id=9", ""),
        ("http://a/", "http://a/news/?page=2", "下一页"),  # another listing
        ("http://a/news/a-1.html", "http://a/news/a-2.html", "第二篇报道"),  # numbered articles
        ("http://a/news/", "http://b/news/?page=2", "下一页"),
    ],
)
def test_other_links_are_not_pagination(page: str, link: str, text: str) -> None:
    assert not is_pagination_link(page, link, text)
