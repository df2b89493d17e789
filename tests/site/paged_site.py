"""A news site reachable only through a long paginated listing, for depth and politeness tests.

``PagedSite(listing_pages=30).start()`` serves on 127.0.0.1 (ephemeral port): a home page linking
to ``/list/?page=1``; listing pages 1…N, each linking three stories of its own and "下一页" to the
next page; no sitemap (robots.txt names none, /sitemap.xml is 404) and no feeds, so a story on
page 30 is only found by following the chain. ``/trap/?page=K`` pages on forever, every page
listing the same three stories of page 1 (a pagination trap). ``crawl_delay`` (seconds) adds a
``Crawl-delay`` line to robots.txt. Every request is recorded with its arrival time.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from site_pages import ArticleSpec, article_html, listing_html

STORIES_PER_PAGE = 3


def story_path(page: int, index: int) -> str:
    return f"/stories/{page:02d}-{index}.html"


def _story(path: str) -> ArticleSpec:
    number = path.removeprefix("/stories/").removesuffix(".html")
    return ArticleSpec(
        path=path,
        title=f"第{number}号新闻：城市更新工程进展",
        paragraphs=(
            f"本报讯 第{number}号稿件报道，城市更新工程本周进入新阶段，相关部门介绍了最新进展。",
            f"据介绍，该工程第{number}期共涉及三个片区，预计年内完成主体施工，居民将陆续回迁。",
            f"有关负责人表示，第{number}期工程将坚持安全第一，确保质量，并及时公布施工信息。",
        ),
        published="2024-07-14T10:00:00+08:00",
        template="wp",
    )


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, site: PagedSite) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.site = site


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        site = self.server.site
        site.record(self.path, self.headers.get("User-Agent", ""))
        status, body = site.route(self.path)
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8" if self.path == "/robots.txt" else "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        return


class PagedSite:
    def __init__(self, listing_pages: int = 30, crawl_delay: float | None = None) -> None:
        self.listing_pages = listing_pages
        self.crawl_delay = crawl_delay
        self.server = _Server(self)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self._lock = threading.Lock()
        self.log: list[tuple[float, str]] = []  # (monotonic time, path?query)
        self.user_agents: set[str] = set()
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> PagedSite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def record(self, target: str, user_agent: str = "") -> None:
        with self._lock:
            self.log.append((time.monotonic(), target))
            self.user_agents.add(user_agent)

    @property
    def requests(self) -> list[str]:
        with self._lock:
            return [target for _, target in self.log]

    @property
    def stories(self) -> list[str]:
        return [story_path(p, i) for p in range(1, self.listing_pages + 1) for i in range(1, STORIES_PER_PAGE + 1)]

    def route(self, target: str) -> tuple[int, str]:
        parts = urlsplit(target)
        page = int((parse_qs(parts.query).get("page") or ["1"])[0])
        if parts.path == "/robots.txt":
            delay = f"Crawl-delay: {self.crawl_delay:g}\n" if self.crawl_delay else ""
            return 200, f"User-agent: *\n{delay}Disallow: /private/\n"
        if parts.path == "/":
            return 200, listing_html("分页新闻网 首页", [("/list/?page=1", "新闻列表"), ("/trap/?page=1", "往期回顾")])
        if parts.path == "/list/" and 1 <= page <= self.listing_pages:
            links = [(story_path(page, i), f"第{page:02d}-{i}号新闻") for i in range(1, STORIES_PER_PAGE + 1)]
            pager = f'<div class="pager"><a href="/list/?page={page + 1}">下一页</a></div>' if page < self.listing_pages else ""
            return 200, listing_html(f"新闻列表 第{page}页", links, extra=pager)
        if parts.path == "/trap/":
            links = [(story_path(1, i), f"第01-{i}号新闻") for i in range(1, STORIES_PER_PAGE + 1)]
            return 200, listing_html(f"往期回顾 第{page}页", links, extra=f'<a href="/trap/?page={page + 1}">下一页</a>')
        if parts.path.startswith("/stories/") and parts.path in self.stories:
            return 200, article_html(_story(parts.path), "utf-8")
        return 404, "<html><body>not found</body></html>"
