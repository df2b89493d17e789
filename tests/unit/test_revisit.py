"""[site.revisit]: revisit intervals by kind of page, the decaying schedule of articles, and
one-line errors for bad tables."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from archive.errors import CrawlError
from crawler.sites import SiteConfig, parse_sites

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
SITE = '[[site]]\nname = "a"\nseeds = ["http://a.example/"]\n'


def _site(table: str, extra: str = "") -> SiteConfig:
    [site] = parse_sites(SITE + extra + "[site.revisit]\n" + table)
    return site


def test_a_revisit_table_sets_each_kinds_interval_and_the_schedules_period() -> None:
    site = _site('home = "15m"\nfeeds = "15m"\nsitemaps = "1h"\nlistings = "1d"\narticles = "1h..7d"\n')
    policy = site.revisit
    assert (policy.home, policy.feeds, policy.sitemaps, policy.listings) == (900.0, 900.0, 3600.0, 86400.0)
    assert (policy.articles.shortest, policy.articles.longest) == (3600.0, 7 * 86400.0)
    assert policy.configured and site.period == 900.0


def test_period_is_the_shortest_of_interval_and_the_revisit_intervals() -> None:
    assert _site('listings = "1d"\n', extra='interval = "6h"\n').period == 6 * 3600.0
    assert _site('feeds = "5m"\n', extra='interval = "6h"\n').period == 300.0
    [plain] = parse_sites(SITE)
    assert plain.period == 0.0 and not plain.revisit.configured


@pytest.mark.parametrize(
    ("age", "wait"),
    [
        (timedelta(minutes=10), 3600.0),  # a new story: the shortest wait
        (timedelta(days=1), 6 * 3600.0),  # a quarter of its age
        (timedelta(days=4), 86400.0),
        (timedelta(days=60), 7 * 86400.0),  # an old story: the longest wait
        (timedelta(days=-1), 3600.0),  # dated in the future: treated as new
    ],
)
def test_articles_wait_a_quarter_of_their_age_within_the_bounds(age: timedelta, wait: float) -> None:
    policy = _site('articles = "1h..7d"\n').revisit
    assert policy.articles.wait(age) == wait


def test_a_story_published_today_is_due_hourly_and_a_month_old_one_weekly() -> None:
    policy = _site('articles = "1h..7d"\n').revisit
    checked = NOW - timedelta(hours=2)
    assert policy.is_due("articles", checked, NOW, born=NOW - timedelta(hours=5))
    assert not policy.is_due("articles", checked, NOW, born=NOW - timedelta(days=30))
    assert policy.is_due("articles", NOW - timedelta(days=8), NOW, born=NOW - timedelta(days=30))


def test_kinds_not_named_are_fetched_every_crawl_and_articles_keep_revisit_after() -> None:
    policy = _site('feeds = "15m"\n', extra='revisit_after = "6h"\n').revisit
    assert policy.is_due("listings", NOW, NOW)  # 0: every crawl
    assert not policy.is_due("feeds", NOW - timedelta(minutes=10), NOW)
    assert policy.is_due("feeds", NOW - timedelta(minutes=15), NOW)
    assert (policy.articles.shortest, policy.articles.longest) == (6 * 3600.0, 6 * 3600.0)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('feeds = "often"\n', "s.toml: site #1 (a): revisit.feeds must be seconds or a duration like \"15m\", \"1h\", \"1d\"; got 'often'"),
        ("listings = -5\n", "s.toml: site #1 (a): revisit.listings must be seconds or a duration"),
        ('pages = "1h"\n', "s.toml: site #1 (a): unknown kind(s) in 'revisit': pages; known: home, feeds, sitemaps, listings, articles"),
        ('articles = "7d..1h"\n', "s.toml: site #1 (a): revisit.articles must be a duration (\"6h\") or a decaying range SHORTEST..LONGEST like \"1h..7d\"; got '7d..1h'"),
        ('articles = "1h..soon"\n', "s.toml: site #1 (a): revisit.articles must be a duration"),
    ],
)
def test_bad_revisit_tables_say_what_is_wrong_in_one_line(table: str, message: str) -> None:
    with pytest.raises(CrawlError) as info:
        parse_sites(SITE + "[site.revisit]\n" + table, source="s.toml")
    assert str(info.value).startswith(message)
    assert "\n" not in str(info.value)


def test_revisit_must_be_a_table() -> None:
    with pytest.raises(CrawlError, match=r"'revisit' must be a table like \[site.revisit\]"):
        parse_sites(SITE + 'revisit = "15m"\n', source="s.toml")
