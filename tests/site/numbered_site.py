"""A large generated news site whose stories are numbered, for URL accounting tests.

``NumberedSite(stories=N).start()`` serves on 127.0.0.1 (ephemeral port) ``/news/0.html`` to
``/news/{N-1}.html`` — numbers like 2028 to 2199 included, which look like years — listed 200 per
page on ``/list/1.html`` … and all in ``/sitemap.xml``. Every listing page also links what a crawl
must refuse, each for a recorded reason: another host, a path robots.txt disallows, an endless
calendar in the future, a PDF, a nofollow link, and a story linked twice (a duplicate).
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PER_LISTING = 200


class NumberedSite:
    def __init__(self, stories: int) -> None:
        self.stories = stories
        self.requested: list[str] = []
        self.lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"site": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.server.request_queue_size = 256
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> NumberedSite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def listings(self) -> int:
        return (self.stories + PER_LISTING - 1) // PER_LISTING

    def page(self, path: str) -> tuple[int, str, bytes]:
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nDisallow: /private/\n\nSitemap: /sitemap.xml\n"
        if path == "/sitemap.xml":
            locs = "".join(f"<url><loc>{self.base_url}news/{i}.html</loc></url>" for i in range(self.stories))
            return 200, "application/xml", (
                '<?xml version="1.0" encoding="UTF-8"?>'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'
            ).encode()
        if path in ("/", "/index.html"):
            return 200, "text/html; charset=utf-8", _html("数字新闻网", '<a href="/list/1.html">最新新闻</a>')
        if path.startswith("/list/") and path.endswith(".html"):
            n = int(path.removeprefix("/list/").removesuffix(".html"))
            if 1 <= n <= self.listings:
                return 200, "text/html; charset=utf-8", self._listing(n)
        if path.startswith("/archive/"):
            return 200, "text/html; charset=utf-8", _html("日历", "<p>没有新闻</p>")
        if path.startswith("/news/") and path.endswith(".html"):
            number = path.removeprefix("/news/").removesuffix(".html")
            if number.isdigit() and int(number) < self.stories:
                return 200, "text/html; charset=utf-8", _story(int(number))
        return 404, "text/html; charset=utf-8", _html("404", "<p>页面不存在</p>")

    def _listing(self, n: int) -> bytes:
        first = (n - 1) * PER_LISTING
        items = "".join(
            f'<li><a href="/news/{i}.html">第{i}号报道</a></li>'
            for i in range(first, min(first + PER_LISTING, self.stories))
        )
        pager = (f'<a href="/list/{n - 1}.html">上一页</a>' if n > 1 else "") + (
            f'<a href="/list/{n + 1}.html">下一页</a>' if n < self.listings else ""
        )
        refused = (
            f'<a href="http://elsewhere.example/news/{n}.html">友情链接</a>'
            f'<a href="/private/{n}.html">内部</a>'
            f'<a href="/archive/{2040 + n}/01/">日历</a>'
            f'<a href="/files/report-{n}.pdf">报告</a>'
            f'<a rel="nofollow" href="/login.html?from={n}">登录</a>'
            f'<a href="/news/{first}.html#top">重复</a>'
        )
        return _html(f"新闻 第{n}页", f"<ul>{items}</ul><div>{pager}</div><div>{refused}</div>")


def _story(i: int) -> bytes:
    paragraphs = "".join(
        f"<p>第{i}号报道的第{k}段：本市有关部门今天发布消息，相关工作正在有序推进，预计年内完成全部建设任务。</p>"
        for k in range(1, 5)
    )
    return _html(
        f"第{i}号报道",
        f'<article><h1>第{i}号报道</h1><div class="time">2024-07-14 09:00</div>{paragraphs}</article>',
        article=True,
    )


def _html(title: str, body: str, article: bool = False) -> bytes:
    meta = '<meta property="og:type" content="article">' if article else ""
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>{meta}</head>'
        f"<body>{body}</body></html>"
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    site: NumberedSite
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        with self.site.lock:
            self.site.requested.append(self.path)
        status, content_type, body = self.site.page(self.path.split("?", 1)[0])
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet server
        return
