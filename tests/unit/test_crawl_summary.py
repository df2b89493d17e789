"""The end-of-crawl summary and the progress line, from crawl stats."""

from __future__ import annotations

from crawler.extensions.progress import progress_line
from crawler.runner import CrawlSummary

STATS = {
    "newsarchive/run_id": 3,
    "newsarchive/pages_fetched": 52,
    "newsarchive/outcome/new": 11,
    "newsarchive/outcome/unchanged": 3,
    "newsarchive/outcome/not-article": 28,
    "newsarchive/comments_added": 5,
    "newsarchive/errors": 9,
    "newsarchive/error/http 404": 2,
    "newsarchive/error/timeout": 1,
    "newsarchive/error/too-large": 1,
    "newsarchive/error/http 500": 1,
    "finish_reason": "finished",
    "scheduler/enqueued": 60,
    "scheduler/dequeued": 55,
}


def test_summary_from_stats() -> None:
    summary = CrawlSummary.from_stats(STATS, elapsed=6.04)
    assert (summary.pages_fetched, summary.articles_new, summary.articles_updated, summary.articles_unchanged,
            summary.comments_added, summary.errors) == (52, 11, 0, 3, 5, 9)
    assert summary.format() == (
        "crawl run 3 finished in 6.0s: 52 pages fetched\n"
        "  articles: 11 new, 0 updated, 3 unchanged (28 other pages)\n"
        "  comments added: 5\n"
        "  errors: 9 (http 404: 2, http 500: 1, timeout: 1, too-large: 1)"
    )


def test_summary_of_an_empty_crawl() -> None:
    assert CrawlSummary.from_stats({}, elapsed=0.2).format() == (
        "crawl finished in 0.2s: 0 pages fetched\n"
        "  articles: 0 new, 0 updated, 0 unchanged (0 other pages)\n"
        "  comments added: 0\n"
        "  errors: 0"
    )


def test_summary_says_why_a_crawl_stopped_early() -> None:
    stopped = CrawlSummary.from_stats({**STATS, "finish_reason": "closespider_pagecount"}, elapsed=1.0)
    assert stopped.format().splitlines()[0] == "crawl run 3 stopped at --max-pages in 1.0s: 52 pages fetched"
    killed = CrawlSummary.from_stats({**STATS, "finish_reason": "shutdown"}, elapsed=1.0)
    assert killed.format().splitlines()[0] == "crawl run 3 interrupted in 1.0s: 52 pages fetched"


def test_progress_line() -> None:
    assert progress_line(STATS, elapsed=10.0) == (
        "[crawl 10s] 52 pages (5.2/s): 11 new, 0 updated, 3 unchanged articles, 5 comments, 9 errors, 5 queued"
    )


def test_articles_found_gone_are_reported_apart_from_errors() -> None:
    stats = {**STATS, "newsarchive/outcome/gone": 2}
    summary = CrawlSummary.from_stats(stats, elapsed=6.04)
    assert summary.articles_gone == 2 and summary.errors == 9
    assert summary.format().splitlines()[1] == (
        "  articles: 11 new, 0 updated, 3 unchanged, 2 gone (404/410, kept in the archive) (28 other pages)"
    )


def test_summary_accounts_for_every_page_url_found() -> None:
    stats = {
        **STATS,
        "newsarchive/urls/learned": 80,
        "newsarchive/urls/requested": 60,
        "newsarchive/urls/duplicate": 12,
        "newsarchive/urls/refused/off-host": 5,
        "newsarchive/urls/refused/trap:future-date": 2,
        "newsarchive/urls/refused/max-pages": 1,
        "newsarchive/urls/answered": 52,
        "newsarchive/urls/not-fetched/robots": 3,
        "dupefilter/filtered": 1,
    }
    lines = CrawlSummary.from_stats(stats, elapsed=1.0).format().splitlines()
    assert lines[-2:] == [
        "  page URLs found: 80 = 60 requested + 12 already requested + 8 refused "
        "(off-host: 5, trap:future-date: 2, max-pages: 1)",
        "  requested: 60 = 52 answered (stored) + 4 not fetched (robots: 3, duplicate-after-redirect: 1)"
        " + 4 left when the crawl stopped",
    ]
