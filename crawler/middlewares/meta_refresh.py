"""MetaRefreshMiddleware: Scrapy's meta-refresh redirects, without decoding every page to find
that it has none (``may_meta_refresh``)."""

from __future__ import annotations

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware as ScrapyMetaRefreshMiddleware
from scrapy.http import HtmlResponse, Response

__all__ = ["MetaRefreshMiddleware", "may_meta_refresh"]

# Scrapy looks for <meta http-equiv="refresh"> in a page's first 4096 characters; no encoding a
# page is served in spends more than 4 bytes on a character.
_REFRESH_WINDOW = 4 * 4096


def may_meta_refresh(body: bytes) -> bool:
    """False when ``body`` certainly holds no meta refresh where Scrapy looks for one: the word
    "refresh" (any case) is not among its first bytes, in an encoding that writes ASCII letters as
    single bytes (UTF-8, GBK, Big5, Shift_JIS, the ISO-8859 family…). UTF-16 and UTF-32 pages,
    told by their byte-order mark or NUL bytes, always get Scrapy's full check."""
    head = body[:_REFRESH_WINDOW]
    if b"\x00" in head[:512] or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    return b"refresh" in head.lower()


class MetaRefreshMiddleware(ScrapyMetaRefreshMiddleware):
    """Scrapy's meta-refresh redirects (same settings, same decisions), for the pages that may
    have one. Scrapy's own middleware decodes every HTML page to text to look: the crawl process
    decoded each page only for this, and kept the text in memory beside the bytes, although the
    pages are decoded in the extraction workers, with the archive's charset detection."""

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        if isinstance(response, HtmlResponse) and not may_meta_refresh(response.body):
            return response
        return super().process_response(request, response)
