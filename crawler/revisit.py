"""Revisit intervals by kind of page: the ``[site.revisit]`` table of a sites file (docs/sites.md).

Pure: ``parse_revisit`` turns the table into a frozen ``RevisitPolicy`` (or says in one line what
is wrong), and the policy answers, for a page the archive already holds, whether it is due.

Kinds: ``home`` (the seeds), ``feeds`` (RSS/Atom), ``sitemaps`` (sitemaps and their indexes),
``listings`` (pages the archive holds that are not articles: section pages, pagination) and
``articles`` (live articles). A page the archive does not hold yet is always due: that is how
new stories come in. An interval of 0 means "every crawl".

Articles are re-checked on a decaying schedule: ``articles = "1h..7d"`` waits a quarter of the
article's age between checks (its age counted from its publication date, else from when the
archive first saw it), never less than 1h and never more than 7d: a story of this morning is
looked at hourly while its comments and corrections come in, a month-old one weekly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from archive.errors import CrawlError

__all__ = ["KINDS", "ArticleRevisit", "RevisitPolicy", "parse_duration", "parse_revisit", "seconds_of"]

#: The kinds of page a ``[site.revisit]`` table names, in the order the docs list them.
KINDS = ("home", "feeds", "sitemaps", "listings", "articles")

#: Between checks of an article: this fraction of its age (within the configured bounds).
DECAY_FRACTION = 0.25

_DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> float | None:
    """Seconds in ``"90"``, ``"90s"``, ``"30m"``, ``"6h"`` or ``"2d"``; None when it is none of these."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text)
    if match is None:
        return None
    return float(match.group(1)) * _DURATION_UNITS[match.group(2) or "s"]


@dataclass(frozen=True)
class ArticleRevisit:
    """How long to wait before re-checking a known article: ``shortest`` for a new story,
    growing with its age (``DECAY_FRACTION`` of it) up to ``longest``. Equal bounds: a flat interval."""

    shortest: float = 0.0
    longest: float = 0.0

    @property
    def decays(self) -> bool:
        return self.longest > self.shortest

    def wait(self, age: timedelta) -> float:
        """Seconds between checks of an article this old."""
        seconds = max(age.total_seconds(), 0.0) * DECAY_FRACTION
        return min(self.longest, max(self.shortest, seconds))

    def describe(self) -> str:
        return f"{_span(self.shortest)}..{_span(self.longest)}" if self.decays else _span(self.shortest)


@dataclass(frozen=True)
class RevisitPolicy:
    """Seconds that must pass, per kind of page, before a page the archive holds is fetched again.
    ``configured``: the sites file had a ``[site.revisit]`` table (only then are known feeds and
    sitemaps that no page linked this time re-read, and only then is the schedule driven by it)."""

    home: float = 0.0
    feeds: float = 0.0
    sitemaps: float = 0.0
    listings: float = 0.0
    articles: ArticleRevisit = ArticleRevisit()
    configured: bool = False

    def interval(self, kind: str) -> float:
        """The interval of a kind other than articles (seconds)."""
        value = getattr(self, kind)
        assert isinstance(value, float), kind
        return value

    def is_due(self, kind: str, last: datetime, now: datetime, born: datetime | None = None) -> bool:
        """Whether a page of ``kind`` last fetched at ``last`` is due at ``now``; ``born`` (articles
        only): when the article was published, else first seen."""
        if kind == "articles":
            age = now - born if born is not None else timedelta(0)
            wait = self.articles.wait(age)
        else:
            wait = self.interval(kind)
        return wait <= 0 or now - last >= timedelta(seconds=wait)

    @property
    def shortest(self) -> float:
        """The shortest configured interval (0 when none): how often the schedule wakes the site."""
        spans = [self.home, self.feeds, self.sitemaps, self.listings, self.articles.shortest]
        return min((s for s in spans if s > 0), default=0.0)


def parse_revisit(value: Any, where: str, revisit_after: float) -> RevisitPolicy:
    """The ``revisit`` table of a site (None: absent). ``revisit_after``, the older flat key for
    articles, is the articles' interval when the table does not name them."""
    flat = ArticleRevisit(revisit_after, revisit_after)
    if value is None:
        return RevisitPolicy(articles=flat)
    if not isinstance(value, dict):
        raise CrawlError(f"{where}: 'revisit' must be a table like [site.revisit] with feeds = \"15m\" (docs/sites.md)")
    unknown = set(value) - set(KINDS)
    if unknown:
        raise CrawlError(f"{where}: unknown kind(s) in 'revisit': {', '.join(sorted(unknown))}; known: {', '.join(KINDS)}")
    spans = {kind: _span_of(value[kind], kind, where) for kind in KINDS[:-1] if kind in value}
    articles = _articles(value["articles"], where) if "articles" in value else flat
    return RevisitPolicy(**spans, articles=articles, configured=True)


def seconds_of(value: Any) -> float | None:
    """A sites-file duration in seconds: a number of seconds (not negative) or a string such as
    "15m", "6h", "2d"; None when it is neither."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
        return float(value)
    if isinstance(value, str):
        return parse_duration(value)
    return None


def _span_of(value: Any, kind: str, where: str) -> float:
    seconds = seconds_of(value)
    if seconds is None:
        raise CrawlError(
            f"{where}: revisit.{kind} must be seconds or a duration like \"15m\", \"1h\", \"1d\"; got {value!r}"
        )
    return seconds


def _articles(value: Any, where: str) -> ArticleRevisit:
    if isinstance(value, str) and ".." in value:
        low, _, high = value.partition("..")
        shortest, longest = parse_duration(low), parse_duration(high)
        if shortest is None or longest is None or longest < shortest:
            raise CrawlError(
                f"{where}: revisit.articles must be a duration (\"6h\") or a decaying range SHORTEST..LONGEST "
                f"like \"1h..7d\"; got {value!r}"
            )
        return ArticleRevisit(shortest, longest)
    seconds = _span_of(value, "articles", where)
    return ArticleRevisit(seconds, seconds)


def _span(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds / size:g}{unit}"
    return f"{seconds:g}s"
