"""Recrawl decisions (crawler.middlewares.conditional) and the sites-file keys that drive them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from archive.errors import CrawlError
from archive.store.queries import Validators
from crawler.middlewares.conditional import conditional_headers, parse_lastmod, skip_reason
from crawler.revisit import parse_duration
from crawler.sites import parse_sites

SEEN = datetime(2024, 7, 20, 8, 0, tzinfo=UTC)
NOW = SEEN + timedelta(hours=2)


def test_unknown_page_is_always_requested() -> None:
    assert skip_reason(None, SEEN - timedelta(days=1), NOW, 3600 * 24, True) is None


def test_known_article_whose_lastmod_predates_our_copy_is_skipped() -> None:
    assert skip_reason(SEEN, SEEN - timedelta(days=1), NOW, 0, True) == "not-modified-since"
    assert skip_reason(SEEN, SEEN, NOW, 0, True) == "not-modified-since"


def test_known_article_modified_after_our_copy_is_requested() -> None:
    assert skip_reason(SEEN, SEEN + timedelta(minutes=1), NOW, 0, True) is None


def test_lastmod_is_ignored_for_a_site_that_does_not_trust_it() -> None:
    assert skip_reason(SEEN, SEEN - timedelta(days=1), NOW, 0, False) is None


def test_article_seen_within_revisit_after_is_skipped_even_if_modified() -> None:
    assert skip_reason(SEEN, NOW, NOW, 3 * 3600, True) == "seen-recently"
    assert skip_reason(SEEN, NOW, NOW, 3600, True) is None  # seen 2 h ago, revisit after 1 h: due


def test_conditional_headers_carry_both_validators() -> None:
    headers = conditional_headers(Validators('"abc"', "Sat, 20 Jul 2024 08:00:00 GMT"))
    assert headers == {"If-None-Match": '"abc"', "If-Modified-Since": "Sat, 20 Jul 2024 08:00:00 GMT"}
    assert conditional_headers(Validators(None, "Sat, 20 Jul 2024 08:00:00 GMT")) == {
        "If-Modified-Since": "Sat, 20 Jul 2024 08:00:00 GMT"
    }
    assert conditional_headers(None) == {}


def test_lastmod_without_zone_is_utc_and_garbage_is_none() -> None:
    assert parse_lastmod("2024-07-20T08:00:00") == SEEN
    assert parse_lastmod("2024-07-20T16:00:00+08:00") == SEEN
    assert parse_lastmod("yesterday") is None


@pytest.mark.parametrize(
    ("text", "seconds"), [("90", 90.0), ("90s", 90.0), ("30m", 1800.0), ("6h", 21600.0), ("2d", 172800.0), ("1.5h", 5400.0)]
)
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


def test_sites_file_revisit_keys() -> None:
    (site,) = parse_sites(
        '[[site]]\nname = "a"\nseeds = ["http://a.example/"]\nrevisit_after = "6h"\ntrust_lastmod = false\n'
    )
    assert (site.revisit_after, site.trust_lastmod) == (21600.0, False)
    (default,) = parse_sites('[[site]]\nname = "a"\nseeds = ["http://a.example/"]\n')
    assert (default.revisit_after, default.trust_lastmod) == (0.0, True)


def test_bad_revisit_after_says_what_is_expected() -> None:
    with pytest.raises(CrawlError) as error:
        parse_sites('[[site]]\nname = "a"\nseeds = ["http://a.example/"]\nrevisit_after = "soon"\n', source="s.toml")
    assert str(error.value) == (
        "s.toml: site #1 (a): 'revisit_after' must be seconds or a duration like \"30m\", \"6h\", \"2d\"; got 'soon'"
    )
