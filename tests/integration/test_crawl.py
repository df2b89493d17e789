"""`newsarchive crawl` against the test news site (tests/site/), on SQLite and PostgreSQL.

One crawl per backend (module-scoped fixture `crawled`); every test reads the archive back.
Several articles are reachable only one way, so their presence proves that route works:
gbk-market only from the plain child sitemap, big5-taipei only from the Google-News sitemap,
chip-export first from the gzipped child sitemap, broken-markup only from the RSS feed,
harbour only from the Atom feed, lying-header only from page 2 of the listing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from site_pages import build_catalog
from site_server import EXPECTED_ARTICLES, NEVER_REQUESTED

from archive.store.models import Capture

from .conftest import CrawlResult, stored_captures

CATALOG = build_catalog().articles


def _captures(result: CrawlResult) -> list[Capture]:
    return stored_captures(result.db_url)


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_every_article_is_archived_once_and_nothing_else(crawled: CrawlResult) -> None:
    assert sorted(crawled.articles) == sorted(EXPECTED_ARTICLES)
    assert {r["site"] for r in crawled.articles.values()} == {"testsite"}


def test_titles_and_paragraphs_survive_every_template_and_charset(crawled: CrawlResult) -> None:
    for path, spec in CATALOG.items():
        record = crawled.articles[path]
        assert record["title"] == spec.title, path
        for paragraph in spec.paragraphs:
            assert paragraph in record["text"], (path, paragraph)
        assert "版权声明" not in record["text"] and "首页" not in record["text"], path


def test_comments_of_both_comment_pages_belong_to_the_article(crawled: CrawlResult) -> None:
    comments = crawled.articles["/news/2024/07/typhoon.html"]["comments"]
    assert [(c["author"], c["text"]) for c in comments] == [
        ("用户15xxx19", "希望大家都平安，注意防范[点赞]"),
        ("海边居民", "我们这里风很大，已经停课了"),
        ("老张", "感谢一线工作人员的辛苦付出"),
        ("小李", "物资准备得很充分，点赞"),
        ("路人甲", "明天还会下大雨吗"),
    ]
    assert comments[1]["reply_to"] == comments[0]["id"]
    assert comments[0]["reply_to"] is None
    for path, record in crawled.articles.items():
        if path != "/news/2024/07/typhoon.html":
            assert record["comments"] == [], path


def test_nothing_disallowed_off_host_skipped_or_non_html_by_extension_is_requested(crawled: CrawlResult) -> None:
    requested = crawled.site.requests
    for path in NEVER_REQUESTED:
        assert path not in requested
    assert not [t for t in requested if t.startswith(("/search", "/private/", "/skipme/"))]
    assert crawled.site.off_host_requests == []


def test_url_variants_are_requested_once_in_canonical_form(crawled: CrawlResult) -> None:
    requested = crawled.site.requests
    assert requested.count("/news/2024/07/typhoon.html") == 1
    assert requested.count("/news/2024/07/typhoon.html?cpage=2") == 1
    assert requested.count("/news/2024/07/chip-export.html") == 1
    assert not [t for t in requested if "utm_" in t or "spm=" in t or "from=" in t]
    assert requested.count("/robots.txt") == 1  # the spider reads the fetch robots.txt obedience made


DISCOVERY = {
    "/robots.txt": "robots",
    "/sitemap_index.xml": "sitemap",
    "/sitemaps/news-2024.xml.gz": "sitemap",
    "/sitemaps/pages.xml": "sitemap",
    "/sitemaps/google-news.xml": "sitemap",
    "/rss.xml": "feed",
    "/atom.xml": "feed",
}


def test_robots_sitemaps_and_feeds_are_kept_once_each_as_fetched(crawled: CrawlResult) -> None:
    from warcio.archiveiterator import ArchiveIterator

    from .conftest import run_newsarchive

    kept = [c for c in _captures(crawled) if c.kind not in ("page", "comments")]
    assert sorted((_path(c.requested_url), c.kind) for c in kept) == sorted(DISCOVERY.items())
    assert all(c.status == 200 and c.error is None and c.page_kind is None for c in kept)
    robots = next(c for c in kept if c.kind == "robots")
    shown = run_newsarchive("--db", crawled.db_url, "captures", "show", str(robots.id), "--raw")
    assert shown.returncode == 0 and "Disallow: /private/" in shown.stdout
    in_warc: list[str] = []
    for warc in sorted(crawled.warc_dir.glob("*.warc.gz")):
        with open(warc, "rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type in ("response", "revisit"):
                    in_warc.append(_path(record.rec_headers.get_header("WARC-Target-URI")))
    assert sorted(p for p in in_warc if p in DISCOVERY) == sorted(DISCOVERY)
    assert all(c.warc_file and c.warc_offset is not None for c in kept)


def test_every_failure_is_recorded_with_its_reason(crawled: CrawlResult) -> None:
    errors = {_path(c.requested_url): (c.status, c.error) for c in _captures(crawled) if c.error}
    assert errors.pop("/missing.html") == (404, "http 404")
    assert errors.pop("/about.html") == (404, "http 404")
    assert errors.pop("/forbidden.html") == (403, "http 403")
    assert errors.pop("/always-500.html") == (500, "http 500")
    assert errors.pop("/report") == (200, "not-html: application/pdf")
    assert errors.pop("/empty.html") == (200, "empty body")
    status, error = errors.pop("/huge.html")
    assert status is None and error.startswith("too-large: ") and "1000000" in error
    status, error = errors.pop("/slow.html")
    assert status is None and error.startswith("timeout: ")
    status, error = errors.pop("/to-offhost")
    assert status is None and error == f"off-host: {urlsplit(crawled.site.off_host_url).netloc} is not a seed host"
    assert errors == {}


def test_summary_counts_what_the_archive_holds(crawled: CrawlResult) -> None:
    lines = crawled.process.stdout.splitlines()
    assert lines[0].startswith("crawl run 1 finished in ")
    printed = sum(1 for spec in CATALOG.values() if spec.template == "portal")  # print versions fold in
    assert lines[1].startswith(f"  articles: {len(EXPECTED_ARTICLES)} new, 0 updated, {printed} unchanged (")
    assert lines[2] == "  comments added: 5"
    assert lines[3].startswith("  errors: 9 (http 404: 2, ")
    assert "timeout: 1" in lines[3] and "too-large: 1" in lines[3] and "not-html: 1" in lines[3]
    assert "[crawl " in crawled.process.stderr  # progress lines while it ran


def test_page_kind_decision_is_recorded_on_captures(crawled: CrawlResult) -> None:
    kinds = {_path(c.final_url): (c.kind, c.page_kind) for c in _captures(crawled) if c.error is None}
    assert kinds["/"] == ("page", "other")
    assert kinds["/news/?page=2"] == ("page", "other")
    assert kinds["/news/2024/07/typhoon.html?cpage=2"] == ("comments", "other")
    assert kinds["/news/2024/07/gbk-market.html"] == ("page", "article")


def test_retries_back_off_and_honour_retry_after(crawled: CrawlResult) -> None:
    log = crawled.site.main.log
    assert len(log.times("/news/2024/07/flaky.html")) == 2  # 500, then 200
    assert len(log.times("/always-500.html")) == 2  # RETRY_TIMES=1
    first, second = log.times("/news/2024/07/busy.html")  # 503 with Retry-After: 2, then 200
    assert second - first >= 1.9


def test_calendar_trap_is_cut_off(crawled: CrawlResult) -> None:
    calendar = [t for t in crawled.site.requests if t.startswith("/calendar/")]
    assert 2 <= len(calendar) <= 24


def test_user_agent_carries_the_contact_url(crawled: CrawlResult) -> None:
    assert crawled.site.main.log.user_agents() == {"newsarchive/0.1.0 (+http://archive.example.org/contact)"}


def test_warc_records_every_response_and_captures_point_at_them(crawled: CrawlResult) -> None:
    from warcio.archiveiterator import ArchiveIterator

    warcs = sorted(crawled.warc_dir.glob("*.warc.gz"))
    assert warcs, "no WARC file written"
    check = subprocess.run([str(Path(sys.executable).parent / "warcio"), "check", *map(str, warcs)],
                           capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    with_response = [c for c in _captures(crawled) if c.status is not None]
    assert with_response and all(c.warc_file and c.warc_offset is not None for c in with_response)
    capture = next(c for c in with_response if c.final_url.endswith("/news/2024/07/gbk-market.html"))
    with open(crawled.warc_dir / capture.warc_file, "rb") as stream:
        stream.seek(capture.warc_offset)
        record = next(iter(ArchiveIterator(stream)))
        assert record.rec_type == "response"
        assert record.rec_headers.get_header("WARC-Target-URI") == capture.final_url
        assert record.http_headers.get_header("Content-Type") == "text/html; charset=gb2312"
        assert "朱镕基".encode("gbk") in record.content_stream().read()


def test_demo_serves_the_bundled_site_and_archives_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from .conftest import run_newsarchive

    db = f"sqlite:///{tmp_path / 'demo.db'}"
    process = run_newsarchive("--db", db, "demo")
    assert process.returncode == 0, process.stderr
    assert "  articles: 6 new, 0 updated, 0 unchanged (4 other pages)" in process.stdout.splitlines()
    assert "  comments added: 5" in process.stdout.splitlines()
    assert "  errors: 0" in process.stdout.splitlines()
    out = tmp_path / "demo.jsonl"
    assert run_newsarchive("--db", db, "export", "--out", str(out), "--format", "jsonl", "--dedup", "none", "--comments").returncode == 0
    records = {urlsplit(r["url"]).path: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert sorted(records) == [
        "/news/2024/big5-metro.html",
        "/news/2024/content-farm.html",
        "/news/2024/gbk-seminar.html",
        "/news/2024/harbour.html",
        "/news/2025/ai-ban.html",
        "/news/2025/deepseek.html",
    ]
    assert records["/news/2024/gbk-seminar.html"]["title"] == "朱镕基经济思想研讨会在京举行"
    assert records["/news/2024/big5-metro.html"]["title"] == "臺北捷運新路線通車 市民搭乘體驗"
    assert [c["author"] for c in records["/news/2025/deepseek.html"]["comments"]] == [
        "Ygritte--L", "皮尔洛", "用户15xxx19", "leeon", "elegantsix",
    ]


def test_max_pages_stops_the_crawl_early(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from crawler.runner import serve_demo_site

    from .conftest import run_newsarchive

    with serve_demo_site() as base_url:
        process = run_newsarchive(
            "--db", f"sqlite:///{tmp_path / 'a.db'}", "crawl", base_url, "--max-pages", "3", "--quiet",
            "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=1",
        )
    assert process.returncode == 0, process.stderr
    first = process.stdout.splitlines()[0]
    assert first.startswith("crawl run 1 stopped at --max-pages in ")
    fetched = int(first.rsplit(": ", 1)[1].split()[0])
    assert 1 <= fetched <= 3  # robots.txt is the first of the 3 responses
