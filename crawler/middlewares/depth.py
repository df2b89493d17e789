"""Link depth that does not count pagination: listing page 40 is as deep as listing page 1.

Scrapy's ``DepthMiddleware`` gives every request its response's depth plus one, so with
``DEPTH_LIMIT`` a site without sitemaps lost every article past listing page ``DEPTH_LIMIT``. A
request the spider marks as a pagination hop (``META_PAGINATION``) keeps its response's depth;
pagination chains are bounded by ``--max-pages``, the site's ``max_pages`` and the spider's
pagination-trap detector (``SiteSpider.PAGINATION_BARREN_LIMIT``) instead.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.http import Response
from scrapy.spidermiddlewares.depth import DepthMiddleware

from crawler.meta import META_PAGINATION

__all__ = ["PaginationDepthMiddleware"]


class PaginationDepthMiddleware(DepthMiddleware):
    """Scrapy's DepthMiddleware (same settings), except that pagination hops add no depth."""

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        if response is None or META_PAGINATION not in request.meta:
            return super().get_processed_request(request, response)
        request.meta.pop("depth_reset", None)
        depth = int(response.meta.get("depth", 0))
        request.meta["depth"] = depth
        if self.prio:
            request.priority -= depth * self.prio
        self.stats.inc_value("newsarchive/pagination/followed")
        return request
