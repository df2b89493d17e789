"""The --sites TOML file: parsing, defaults and one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.errors import CrawlError
from crawler.sites import load_sites, parse_sites, site_for_seed, site_of_url

FULL = r'''
[[site]]
name = "guancha"
seeds = ["https://www.Example.cn/", "https://m.example.cn:8443/"]
article_patterns = ['^/\w+/\d{4}_\d{2}_\d{2}_\d+\.shtml$']
skip_patterns = ['^/search', '/tag/']
comment_page_patterns = ['_talk_\d+']
comment_selectors = ["#comments", ".comment-list"]
timezone = "Asia/Shanghai"
max_pages = 500
max_depth = 6
calendar_limit = 10

[[site]]
name = "minimal"
seeds = "http://127.0.0.1:8001/"
'''


def test_full_and_minimal_site_entries() -> None:
    full, minimal = parse_sites(FULL)
    assert full.name == "guancha"
    assert full.seeds == ("https://www.Example.cn/", "https://m.example.cn:8443/")
    assert full.origins == frozenset({"www.example.cn:443", "m.example.cn:8443"})
    assert full.is_article_url("/politics/2024_07_14_741234.shtml") is True
    assert full.is_article_url("/politics/list_2.shtml") is False
    assert [p.pattern for p in full.skip_patterns] == ["^/search", "/tag/"]
    assert full.comment_selectors == ("#comments", ".comment-list")
    assert (full.timezone, full.max_pages, full.max_depth, full.calendar_limit) == ("Asia/Shanghai", 500, 6, 10)
    assert minimal.seeds == ("http://127.0.0.1:8001/",)
    assert minimal.is_article_url("/anything") is None
    assert (minimal.timezone, minimal.max_pages, minimal.max_depth, minimal.calendar_limit) == (None, None, None, 24)


def test_site_of_url_matches_host_and_port() -> None:
    sites = parse_sites(FULL)
    assert site_of_url(sites, "https://m.example.cn:8443/a").name == "guancha"
    assert site_of_url(sites, "http://127.0.0.1:8001/x").name == "minimal"
    assert site_of_url(sites, "http://127.0.0.1:8002/x") is None


def test_bare_seed_is_named_by_host_and_port() -> None:
    site = site_for_seed("http://127.0.0.1:8001/")
    assert (site.name, site.seeds) == ("127.0.0.1:8001", ("http://127.0.0.1:8001/",))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[site]\n", "<sites>: not valid TOML: "),
        ("name = 'x'\n", "<sites>: unknown top-level key(s) name; put each site in a [[site]] table"),
        ("[[site]]\nseeds=['http://h/']\n", "<sites>: site #1: 'name' is required and must be a non-empty string"),
        ("[[site]]\nname='a'\n", "<sites>: site #1 (a): 'seeds' must list at least one URL"),
        ("[[site]]\nname='a'\nseeds=['h.com']\n", "<sites>: site #1 (a): seed 'h.com' is not an http(s) URL"),
        (
            "[[site]]\nname='a'\nseeds=['http://h/']\nmax_pages=0\n",
            "<sites>: site #1 (a): 'max_pages' must be a positive integer, got 0",
        ),
        (
            "[[site]]\nname='a'\nseeds=['http://h/']\ntimezone='Mars/Base'\n",
            "<sites>: site #1 (a): unknown timezone 'Mars/Base'; use an IANA name like \"Asia/Shanghai\"",
        ),
        (
            "[[site]]\nname='a'\nseeds=['http://h/']\nskip_patterns=['(']\n",
            "<sites>: site #1 (a): bad regular expression in 'skip_patterns': '(' (missing ), unterminated subpattern at position 0)",
        ),
        (
            "[[site]]\nname='a'\nseeds=['http://h/']\ncomment_selectors=['###']\n",
            "<sites>: site #1 (a): bad selector in 'comment_selectors': comment selector '###' is neither valid CSS nor XPath",
        ),
        (
            "[[site]]\nname='a'\nseeds=['http://h/']\ncomment_selectors=['div.comments', 'li::text']\n",
            "<sites>: site #1 (a): bad selector in 'comment_selectors': comment selector 'li::text' is neither",
        ),
        (
            "[[site]]\nname='a'\nseeds=['http://h/']\ncomment_selectors=['//div[@id=']\n",
            "<sites>: site #1 (a): bad selector in 'comment_selectors': comment selector '//div[@id=' is neither",
        ),
        (
            "[[site]]\nname='a'\nseeds=['http://h/']\ncomment_selectors=['//div[nope(.)]']\n",
            "<sites>: site #1 (a): bad selector in 'comment_selectors': '//div[nope(.)]' fails on a page (",
        ),
        (
            "[[site]]\nname='a'\nseeds=['http://h/']\ncomment_selectors=['(count(//li))']\n",
            "<sites>: site #1 (a): bad selector in 'comment_selectors': '(count(//li))' selects float values, not elements",
        ),
        (
            "[[site]]\nname='a'\nseeds=['http://h/']\ncomment_selectors=['//li/@class']\n",
            "<sites>: site #1 (a): bad selector in 'comment_selectors': '//li/@class' selects list values, not elements",
        ),
        (
            "[[site]]\nname='a'\nseeds=['http://h/']\ncomment_selectors=[' ']\n",
            "<sites>: site #1 (a): empty selector in 'comment_selectors'",
        ),
        (
            "[[site]]\nname='a'\nseeds=['http://h/']\nseed=['x']\n",
            "<sites>: site #1 (a): unknown key(s) seed; known keys: article_patterns, calendar_limit, "
            "comment_page_patterns, comment_selectors, interval, max_depth, max_pages, name, revisit, revisit_after, seeds, "
            "skip_patterns, timezone, trust_lastmod",
        ),
        (
            "[[site]]\nname='a'\nseeds=['http://h/']\n[[site]]\nname='b'\nseeds=['http://H:80/x']\n",
            "<sites>: site #2 (b): host h:80 is already used by site 'a'",
        ),
    ],
)
def test_bad_sites_files_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(CrawlError) as info:
        parse_sites(text)
    assert str(info.value).startswith(message)


def test_good_css_and_xpath_comment_selectors_pass() -> None:
    (site,) = parse_sites(
        "[[site]]\nname='a'\nseeds=['http://h/']\n"
        "comment_selectors=['div#comments > ul', '.comment-list', '//div[@id=\"comments\"]', '(//ul)[1]']\n"
    )
    assert site.comment_selectors == ('div#comments > ul', '.comment-list', '//div[@id="comments"]', "(//ul)[1]")


def test_unreadable_sites_file(tmp_path: Path) -> None:
    with pytest.raises(CrawlError) as info:
        load_sites(tmp_path / "missing.toml")
    assert str(info.value) == f"cannot read sites file {str(tmp_path / 'missing.toml')!r}: No such file or directory"


def test_bare_seed_must_be_http() -> None:
    with pytest.raises(CrawlError) as info:
        site_for_seed("example.com")
    assert str(info.value) == "seed 'example.com' is not an http(s) URL; give a site's home page like http://example.com/"


def test_interval_is_a_duration_and_defaults_to_unscheduled() -> None:
    hourly, plain = parse_sites(
        "[[site]]\nname='a'\nseeds=['http://a/']\ninterval='90m'\n[[site]]\nname='b'\nseeds=['http://b/']\n"
    )
    assert (hourly.interval, plain.interval) == (5400.0, 0.0)
