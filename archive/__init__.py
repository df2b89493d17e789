"""newsarchive: a news archive that decodes, extracts and stores articles and reader comments.

The library never imports Scrapy; the crawler in ``crawler/`` is a thin layer on top of it.
"""

__version__ = "0.1.0"
