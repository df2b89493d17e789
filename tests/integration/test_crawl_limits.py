"""`newsarchive crawl --max-pages N` counts pages (HTML documents), not robots.txt, sitemaps or feeds."""

from __future__ import annotations

from pathlib import Path

import pytest
import site_server

from .conftest import CRAWL_SETTINGS, run_newsarchive, stored_captures

NOT_PAGES = ("/robots.txt", "/sitemap_index.xml", "/sitemaps/", "/rss.xml", "/atom.xml")


@pytest.mark.parametrize("limit", [1, 4])
def test_max_pages_counts_html_pages_only(tmp_path: Path, limit: int) -> None:
    site = site_server.TestSite().start()
    db_url = f"sqlite:///{tmp_path / 'limit.db'}"
    try:
        args = ["--db", db_url, "crawl", site.base_url, "--max-pages", str(limit), "--quiet"]
        for name, value in CRAWL_SETTINGS.items():
            args += ["-s", f"{name}={value}"]
        result = run_newsarchive(*args)
        assert result.returncode == 0, result.stderr[-3000:]
        requested = site.requests
    finally:
        site.stop()
    pages = [target for target in requested if not target.startswith(NOT_PAGES)]
    assert len(pages) == limit, requested
    assert "/robots.txt" in requested and "/sitemap_index.xml" in requested
    assert "stopped at --max-pages in" in result.stdout
    assert f": {limit} pages fetched" in result.stdout
    assert len([c for c in stored_captures(db_url) if c.kind in ("page", "comments")]) == limit
