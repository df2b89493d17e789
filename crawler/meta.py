"""The ``Request.meta`` keys of a crawl, defined once: the spider sets them, the middlewares, the
scheduler and the item builder read them (Scrapy's own keys, ``depth``, ``redirect_urls`` and
``retry_times``, are read by name where needed)."""

from __future__ import annotations

__all__ = [
    "META_GUESSED",
    "META_LASTMOD",
    "META_NOT_BEFORE",
    "META_PAGINATION",
    "META_PARENT",
    "META_ROUTE",
    "META_SITE",
    "PAGE_ROUTES",
]

META_ROUTE = "newsarchive_route"  # "robots" | "sitemap" | "feed" | "page" | "comments"
META_SITE = "newsarchive_site"  # SiteConfig.name of the site the request belongs to
META_PARENT = "newsarchive_parent_url"  # for route "comments": the article page
META_GUESSED = "newsarchive_guessed"  # a sitemap URL we tried without being told about it
META_LASTMOD = "newsarchive_lastmod"  # sitemap lastmod / feed date of a page (ISO 8601)
META_NOT_BEFORE = "newsarchive_not_before"  # monotonic time before which a retry must wait
# a pagination hop (listing page N -> N+1): not counted as depth (crawler.middlewares.depth); its
# value is how many listing pages in a row, this one's referrer included, added no new page links
META_PAGINATION = "newsarchive_pagination"

#: The routes whose responses are pages for the archive (the others feed discovery).
PAGE_ROUTES = frozenset({"page", "comments"})
