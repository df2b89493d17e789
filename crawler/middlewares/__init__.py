"""The crawl's downloader middlewares, one per module as in Scrapy's ``downloadermiddlewares``,
each switched on at its priority in ``crawler/settings.py`` (``DOWNLOADER_MIDDLEWARES``):

- ``host_guard``   (40)  only the seeds' hosts+ports are ever contacted (also after redirects,
                         and before robots.txt is fetched for a stranger host)
- ``robots``       (100) Scrapy's robots.txt middleware, its parser shared by every waiter
- ``retry``        (550) Scrapy's retries, with exponential back-off and ``Retry-After``
- ``conditional``  (560) recrawls: ETag / Last-Modified, lastmod skips, revisits
- ``meta_refresh`` (580) Scrapy's meta-refresh redirects, without decoding every page to look
- ``html_only``    (950) stops a page download as soon as its headers say it is not HTML

and one spider middleware (``SPIDER_MIDDLEWARES``):

- ``depth``        (900) Scrapy's DepthMiddleware, except that pagination hops add no depth

The decisions are plain functions beside the adapters (``backoff_delay``, ``skip_reason``,
``is_html_content_type``…), as Scrapy does with ``get_retry_request``. Nothing is imported here:
a module loads only the middleware it defines.
"""
