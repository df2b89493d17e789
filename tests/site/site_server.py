"""The integration test news site: a real HTTP server on 127.0.0.1 with hostile routes.

``TestSite.start()`` serves it on an ephemeral port in a thread, plus an "off-host" server on a
second port that the crawler must never contact. Every request is recorded, so tests can
assert what was (and was not) fetched.

Routes (see ``_route``): robots.txt with Disallow lines and a Sitemap line; a sitemap index
whose children are a gzipped sitemap (lastmod), a plain one and a Google-News sitemap; RSS and
Atom feeds; a home page and a paginated listing; articles in four templates and three charsets
(GBK labelled gb2312, Big5 unlabelled, UTF-8 under a lying header); a second comment page;
URL variants (tracking parameters, fragment, a print version with rel=canonical); redirects;
meta refresh; 500-then-200; 503 with Retry-After; always-500; 404; 403; a slow page; a huge page;
non-HTML links and a PDF behind an HTML-looking URL; an empty 200; malformed HTML; a calendar trap.
"""

from __future__ import annotations

import gzip
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from site_pages import ArticleSpec, article_html, build_catalog, comment_page_html, listing_html

CATALOG = build_catalog()
A = CATALOG.articles


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    content_type: str | None = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0


@dataclass
class RequestLog:
    lock: threading.Lock = field(default_factory=threading.Lock)
    entries: list[tuple[float, str, str]] = field(default_factory=list)  # (time, path?query, user agent)

    def add(self, target: str, user_agent: str) -> int:
        with self.lock:
            self.entries.append((time.monotonic(), target, user_agent))
            return sum(1 for _, t, _ in self.entries if t == target)

    def user_agents(self) -> set[str]:
        with self.lock:
            return {ua for _, _, ua in self.entries}

    def targets(self) -> list[str]:
        with self.lock:
            return [t for _, t, _ in self.entries]

    def times(self, target: str) -> list[float]:
        with self.lock:
            return [when for when, t, _ in self.entries if t == target]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default 5 drops connections under a concurrent crawler

    def __init__(self, address: tuple[str, int], site: TestSite, off_host: bool) -> None:
        super().__init__(address, _Handler)
        self.site = site
        self.off_host = off_host
        self.log = RequestLog()


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        count = self.server.log.add(self.path, self.headers.get("User-Agent", ""))
        if self.server.off_host:
            reply = Reply(200, listing_html("外站", [("/x.html", "x")]).encode())
        else:
            reply = self.server.site.route(self.path, count)
        if reply.delay:
            time.sleep(reply.delay)
        try:
            self.send_response(reply.status)
            if reply.content_type is not None:
                self.send_header("Content-Type", reply.content_type)
            for name, value in reply.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler gave up on a slow/huge page: that is the point of those routes

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        return


def _xml(text: str) -> bytes:
    return text.encode("utf-8")


class TestSite:
    """The site (``base_url``) and the off-host server (``off_host_url``), with request logs."""

    __test__ = False  # a fixture's class, not tests for pytest to collect

    def __init__(self) -> None:
        self.main = _Server(("127.0.0.1", 0), self, off_host=False)
        self.other = _Server(("127.0.0.1", 0), self, off_host=True)
        self.base_url = f"http://127.0.0.1:{self.main.server_address[1]}/"
        self.off_host_url = f"http://127.0.0.1:{self.other.server_address[1]}/"
        self._threads = [
            threading.Thread(target=s.serve_forever, daemon=True) for s in (self.main, self.other)
        ]

    def start(self) -> TestSite:
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        for server in (self.main, self.other):
            server.shutdown()
            server.server_close()

    @property
    def requests(self) -> list[str]:
        return self.main.log.targets()

    @property
    def off_host_requests(self) -> list[str]:
        return self.other.log.targets()

    # ------------------------------------------------------------------ routes

    def route(self, target: str, count: int) -> Reply:
        parts = urlsplit(target)
        path, query = parts.path, parse_qs(parts.query)
        base = self.base_url.rstrip("/")
        if path == "/robots.txt":
            return Reply(200, (
                "User-agent: *\nDisallow: /private/\nDisallow: /search\n\n"
                f"Sitemap: {base}/sitemap_index.xml\n"
            ).encode(), "text/plain")
        if path == "/sitemap_index.xml":
            return Reply(200, _xml(
                '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<sitemap><loc>{base}/sitemaps/news-2024.xml.gz</loc><lastmod>2024-07-26T08:00:00+08:00</lastmod></sitemap>"
                f"<sitemap><loc>{base}/sitemaps/pages.xml</loc></sitemap>"
                f"<sitemap><loc>{base}/sitemaps/google-news.xml</loc></sitemap>"
                "</sitemapindex>"
            ), "application/xml")
        if path == "/sitemaps/news-2024.xml.gz":
            urlset = (
                '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<url><loc>{base}/news/2024/07/typhoon.html</loc><lastmod>2024-07-25</lastmod></url>"
                f"<url><loc>{base}/news/2024/07/chip-export.html?utm_source=sitemap</loc><lastmod>2024-07-20</lastmod></url>"
                f"<url><loc>{base}/private/secret.html</loc></url>"
                "</urlset>"
            )
            return Reply(200, gzip.compress(_xml(urlset)), "application/x-gzip")
        if path == "/sitemaps/pages.xml":
            return Reply(200, _xml(
                '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<url><loc>{base}/news/2024/07/gbk-market.html</loc></url>"
                f"<url><loc>{self.off_host_url}from-sitemap.html</loc></url>"
                "</urlset>"
            ), "application/xml")
        if path == "/sitemaps/google-news.xml":
            return Reply(200, _xml(
                '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url>'
                f"<loc>{base}/news/2024/07/big5-taipei.html</loc><news:news><news:publication><news:name>测试新闻网</news:name>"
                "<news:language>zh-tw</news:language></news:publication><news:publication_date>2024-07-16T08:00:00+08:00</news:publication_date>"
                "<news:title>臺北捷運新路線通車</news:title></news:news></url></urlset>"
            ), "application/xml")
        if path == "/rss.xml":
            return Reply(200, _xml(
                '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>测试新闻网</title>'
                f"<item><title>暑期文旅消费持续升温</title><link>{base}/news/2024/07/broken-markup.html</link>"
                "<pubDate>Thu, 11 Jul 2024 00:45:00 GMT</pubDate></item>"
                f"<item><title>台风</title><link>{base}/news/2024/07/typhoon.html?from=rss&amp;utm_medium=feed</link></item>"
                "</channel></rss>"
            ), "application/rss+xml")
        if path == "/atom.xml":
            return Reply(200, _xml(
                '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>English</title>'
                f'<entry><title>Harbour</title><link rel="alternate" href="{base}/en/2024/07/harbour.html"/>'
                "<updated>2024-07-10T12:00:00Z</updated></entry></feed>"
            ), "application/atom+xml")
        if path == "/":
            return Reply(200, listing_html("测试新闻网 首页", [
                ("/news/", "新闻列表"),
                ("/news/2024/07/typhoon.html?utm_source=home&spm=a1.b2#comments", "台风“格美”登陆福建"),
                ("/news/2024/07/typhoon.html#top", "台风（重复链接）"),
                ("/old-url", "老城区改造"),
                ("/refresh.html", "夏季用电"),
                ("/print/chip-export.html", "芯片出口（打印版）"),
                ("/files/report.pdf", "报告下载"),
                ("/img/photo.jpg", "图片"),
                ("/dl/pack.zip", "压缩包"),
                ("/report", "年度报告"),
                ("/missing.html", "失效链接"),
                ("/forbidden.html", "禁止访问"),
                ("/slow.html", "慢页面"),
                ("/huge.html", "超大页面"),
                ("/empty.html", "空页面"),
                ("/always-500.html", "服务器错误"),
                ("/to-offhost", "外站跳转"),
                (f"{self.off_host_url}offsite.html", "外站新闻"),
                ("/news/2024/07/busy.html", "城市更新"),
                ("/skipme/ad.html", "广告"),
            ], head=(
                '<link rel="alternate" type="application/rss+xml" href="/rss.xml">'
                '<link rel="alternate" type="application/atom+xml" href="/atom.xml">'
            )).encode())
        if path == "/news/":
            page = query.get("page", ["1"])[0]
            if page == "1":
                return Reply(200, listing_html("新闻列表", [
                    ("/news/2024/07/flaky.html", "新能源汽车下乡活动启动"),
                    ("/news/2024/07/typhoon.html", "台风“格美”登陆福建"),
                ], extra='<div class="pager"><a href="/news/?page=2">下一页</a></div>').encode())
            if page == "2":
                return Reply(200, listing_html("新闻列表 第2页", [
                    ("/news/2024/07/lying-header.html", "高校毕业生就业形势总体稳定"),
                ], extra='<div class="pager"><a href="/news/?page=1">上一页</a></div>').encode())
            return Reply(404, b"<html><body>no such page</body></html>")
        if path.startswith("/calendar/"):
            pieces = [p for p in path.split("/") if p]
            if len(pieces) == 3 and pieces[1].isdigit() and pieces[2].isdigit():
                year, month = int(pieces[1]), int(pieces[2])
                prev_y, prev_m = (year, month - 1) if month > 1 else (year - 1, 12)
                next_y, next_m = (year, month + 1) if month < 12 else (year + 1, 1)
                return Reply(200, listing_html(f"{year}年{month}月 归档", [
                    (f"/calendar/{prev_y}/{prev_m:02d}/", "上个月"),
                    (f"/calendar/{next_y}/{next_m:02d}/", "下个月"),
                ]).encode())
        if path in A:
            return self._article(A[path], query, count)
        printed_of = {f"/print/{p.rsplit('/', 1)[-1]}": p for p in A}
        if path in printed_of:
            spec = A[printed_of[path]]
            canonical = f'<link rel="canonical" href="{base}{spec.path}">'
            printed = ArticleSpec(spec.path, spec.title, spec.paragraphs, spec.published, "wp",
                                  author=spec.author, source=spec.source, extra_head=canonical)
            return Reply(200, article_html(printed, "utf-8").encode())
        if path == "/old-url":
            return Reply(301, b"", None, (("Location", f"{base}/news/2024/07/redirected.html"),))
        if path == "/to-offhost":
            return Reply(302, b"", None, (("Location", f"{self.off_host_url}landing.html"),))
        if path == "/refresh.html":
            return Reply(200, (
                '<html><head><meta http-equiv="refresh" content="0; url=/news/2024/07/refreshed.html"></head>'
                "<body>页面已迁移</body></html>"
            ).encode())
        if path == "/report":
            return Reply(200, b"%PDF-1.4\n" + b"0" * 2000, "application/pdf")
        if path == "/forbidden.html":
            return Reply(403, b"<html><body>Forbidden</body></html>")
        if path == "/slow.html":
            return Reply(200, listing_html("慢", []).encode(), delay=5.0)
        if path == "/huge.html":
            return Reply(200, b"<html><body>" + ("<p>很长很长的内容。</p>" * 120_000).encode() + b"</body></html>")
        if path == "/empty.html":
            return Reply(200, b"")
        if path == "/always-500.html":
            return Reply(500, b"<html><body>Internal Server Error</body></html>")
        return Reply(404, b"<html><body>404 Not Found</body></html>")

    def _article(self, spec: ArticleSpec, query: dict[str, list[str]], count: int) -> Reply:
        if spec.path.endswith("/flaky.html") and count == 1:
            return Reply(500, b"<html><body>Internal Server Error</body></html>")
        if spec.path.endswith("/busy.html") and count == 1:
            return Reply(503, b"<html><body>busy</body></html>", headers=(("Retry-After", "2"),))
        if query.get("cpage") == ["2"] and spec.comment_page_2:
            return Reply(200, comment_page_html(spec).encode())
        next_page = f"{spec.path}?cpage=2" if spec.comment_page_2 else None
        if spec.path.endswith("/gbk-market.html"):
            return Reply(200, article_html(spec, "gb2312").encode("gbk", "xmlcharrefreplace"), "text/html; charset=gb2312")
        if spec.path.endswith("/big5-taipei.html"):
            return Reply(200, article_html(spec, None).encode("big5", "xmlcharrefreplace"), "text/html")
        if spec.path.endswith("/lying-header.html"):
            return Reply(200, article_html(spec, None).encode("utf-8"), "text/html; charset=gbk")
        html = article_html(spec, "utf-8", next_page)
        if spec.path.endswith("/broken-markup.html"):
            html = html.replace("</p>", "", 3).replace("</article>", "</div></span></article></td>")
            html = html.replace("<main>", "<main><div><table><tr>", 1)
        return Reply(200, html.encode("utf-8"))


# What a crawl of this site must archive, and what it must never request.
EXPECTED_ARTICLES = tuple(sorted(A))
NEVER_REQUESTED = (
    "/private/secret.html",
    "/files/report.pdf",
    "/img/photo.jpg",
    "/dl/pack.zip",
)
