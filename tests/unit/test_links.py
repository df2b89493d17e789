"""archive.extract.links: the links a page makes, read from a parsed page (in the crawl's workers)."""

from __future__ import annotations

import pickle
from urllib.parse import urljoin

from trafilatura.utils import load_html

from archive.extract.links import PageLinks, join_url, links_in, remember
from crawler.discovery import page_links

PAGE = """<html><head>
<link rel="alternate" type="application/rss+xml" href="/rss.xml">
<link rel="canonical" href="/news/1.html#top"></head><body>
<a href="/news/2.html#c">  第二篇
  新闻 </a> <a href="javascript:void(0)">js</a> <a href="mailto:x@y">mail</a>
<a href="sub/3.html" rel="Nofollow">ad</a> <map><area href="/map.html"></map>
<a>no href</a> <a href="http://other.invalid/x">外站</a></body></html>"""


def test_links_of_a_parsed_page_resolved_with_texts_feeds_and_canonical() -> None:
    links = links_in(load_html(PAGE), "http://h:81/news/1.html")
    assert [link[:3] for link in links.anchors] == [
        ("http://h:81/news/2.html", "第二篇 新闻", False),
        ("http://h:81/news/sub/3.html", "ad", True),
        ("http://h:81/map.html", "", False),
        ("http://other.invalid/x", "外站", False),
    ]
    assert links.feeds == ("http://h:81/rss.xml",)
    assert links.canonical == "http://h:81/news/1.html"


def test_the_extractors_tree_and_the_crawl_processs_own_parse_give_the_same_links() -> None:
    base = "http://h:81/news/1.html"
    assert links_in(load_html(PAGE), base) == page_links(PAGE, base)


def test_base_href_is_honoured() -> None:
    html = '<html><head><base href="http://cdn.h/a/"></head><body><a href="b.html">b</a></body></html>'
    links = links_in(load_html(html), "http://h/x/y.html")
    assert [link.url for link in links.anchors] == ["http://cdn.h/a/b.html"] and links.origin == "http://cdn.h"


def test_known_links_are_left_out_and_the_rest_survive_the_trip_between_processes() -> None:
    links = pickle.loads(pickle.dumps(links_in(load_html(PAGE), "http://h:81/news/1.html")))
    assert isinstance(links, PageLinks) and links.origin == "http://h:81"
    known: set[str] = set()
    for link in links.unknown(known):
        if link.url != "http://other.invalid/x":
            remember(known, link)
    assert [link.url for link in links.unknown(known)] == ["http://other.invalid/x"]
    # hrefs that mean the same on every page of the origin are remembered as written, too
    assert {"/news/2.html#c", "/map.html"} <= known and "sub/3.html" not in known
    other_page = links_in(load_html('<a href="/news/2.html#c">2</a> <a href="sub/3.html">3</a>'), "http://h:81/a/b.html")
    assert [link.url for link in other_page.unknown(known)] == ["http://h:81/a/sub/3.html"]


def test_remembered_link_resolution_equals_urljoin() -> None:
    cases = [
        ("http://h:81/news/1.html", "/a/b.html"), ("http://h/x/y.html", "http://other/p?q=1#f"),
        ("https://h/x/", "//cdn/x"), ("http://h/a/b", "../c"), ("http://h/a/b?x=1", "/../d"),
        ("http://h", "/x"), ("http://h/a", "HTTPS://Q/a/./b"), ("http://h/?q#f", "/z"), ("http://h/a/", "b?c"),
        ("https://h/a", "http://h/a"), ("http://h/a;p", "/x;y"),
    ]
    for base, href in cases:
        assert join_url(base, href) == urljoin(base, href), (base, href)
