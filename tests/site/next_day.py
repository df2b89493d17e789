"""A small news site that changes overnight, for recrawl and resume tests.

``NewsDaySite(stories=N).start()`` serves, on 127.0.0.1 (ephemeral port), ``N`` stories in the
WordPress-like template of ``site_pages``, a home page and a paginated listing of the newest
twelve (older stories are reachable only through the sitemap, whose ``lastmod`` says when each
story last changed), an RSS feed, and reader comments with relative times ("3小时前") on two
comment pages. Every 200 carries an ``ETag`` (the body's digest) and a ``Last-Modified``; a
request whose ``If-None-Match`` / ``If-Modified-Since`` still matches gets a bodiless 304.

``site.next_day()`` switches to the second state ("the next day"), described by the constants
below: two stories edited (one text and title, one title only), two removed (404 and 410),
two new ones, new comments on two stories, the comments' relative times moved on and the
second comment page in another order.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from site_pages import ArticleSpec, article_html, listing_html

DAY_ONE = datetime(2024, 7, 20, 8, 0, tzinfo=UTC)

EDITED_TEXT = 15  # text corrected and title changed on day two
EDITED_TITLE = 3  # title changed only (sitemap-only story)
REMOVED_404 = 10  # linked from the listing on day one, gone on day two
REMOVED_410 = 4  # sitemap-only, gone on day two
COMMENTED = 20  # comment pages, new comments, moved relative times, page 2 reordered
COMMENTED_OLD = 2  # sitemap-only story that gets its first comment on day two
CORRECTION = "更正：本文初版中的统计数字有误，现已更正为最新数据。"
LISTED = 12  # the newest stories linked from the listing; older ones only from the sitemap


@dataclass(frozen=True)
class Remark:
    cid: str
    author: str
    text: str


# Day one: the comments of story COMMENTED, page 1 (newest first) and page 2.
PAGE_1 = (Remark("c3", "老王", "支持，希望早日落实"), Remark("c2", "小赵", "这个政策对我们影响很大"))
PAGE_2 = (Remark("c1", "路人乙", "沙发"), Remark("c0", "匿名用户", "第一次在这里留言"))
# Day two: two new comments on page 1 push one old comment to page 2, which is in another order.
NEW_ON_PAGE_1 = (Remark("c5", "网友甲", "今天又更新了，关注后续"), Remark("c4", "老王", "补充一句：细则还没出"))
NEW_OLD_STORY = Remark("d1", "读者", "这篇旧闻今天才看到")


def story_title(n: int, day: int) -> str:
    title = f"第{n}号新闻：{_PLACES[n % len(_PLACES)]}推进{_TOPICS[n % len(_TOPICS)]}工作"
    if day == 2 and n == EDITED_TEXT:
        title += "（更新）"
    if day == 2 and n == EDITED_TITLE:
        title = title.replace("推进", "全面推进")
    return title


_PLACES = ("北京市", "上海市", "广州市", "深圳市", "杭州市", "成都市", "武汉市")
_TOPICS = ("城市更新", "垃圾分类", "老旧小区改造", "数字政务", "乡村振兴", "交通治理", "社区养老")


_NUMERALS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1-99 in Chinese numerals: each story's paragraphs must differ by more than digits, or the
    archive learns them as the site's boilerplate (digit runs count as one digit there)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _NUMERALS[tens] + "十")
    return head + (_NUMERALS[ones] if ones or not head else "")


def story_paragraphs(n: int, day: int) -> tuple[str, ...]:
    place, topic = _PLACES[n % len(_PLACES)], _TOPICS[n % len(_TOPICS)]
    name = chinese_number(n)
    figure = f"{n * 3 + 1}亿元" if not (day == 2 and n == EDITED_TEXT) else f"{n * 3 + 2}亿元"
    paragraphs = (
        f"据{place}消息，第{name}号报道关注的{topic}工作本周取得新进展，相关部门召开专题会议部署下一步安排。",
        f"记者在现场看到，{place}各部门协同推进，市民积极参与，第{name}号报道涉及的项目进展顺利、秩序井然。",
        f"据统计，第{name}号报道所述项目的资金规模约为{figure}，多位专家认为这反映出当地发展的韧性与活力。",
        f"相关负责人表示，将继续完善第{name}号报道提到的配套政策，确保{topic}各项措施落到实处、见到实效。",
    )
    if day == 2 and n == EDITED_TEXT:
        paragraphs += (CORRECTION,)
    return paragraphs


def _remark_html(remark: Remark, posted: str) -> str:
    return (
        f'<li class="comment" id="comment-{remark.cid}"><article class="comment-body">'
        f'<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">{escape(remark.author)}</b></div>'
        f'<div class="comment-metadata"><span class="time">{posted}</span></div></footer>'
        f'<div class="comment-content"><p>{escape(remark.text)}</p></div></article></li>'
    )


def _comments_html(remarks: tuple[Remark, ...], ages: Counter[str], next_page: str | None) -> str:
    if not remarks:
        return ""
    items = "".join(_remark_html(r, _relative(ages[r.cid])) for r in remarks)
    more = f'<div class="comment-navigation"><a href="{next_page}">更多评论</a></div>' if next_page else ""
    return (
        '<section id="comments" class="comments-area"><h2 class="comments-title">网友评论</h2>'
        f'<ol class="commentlist">{items}</ol>{more}</section>'
    )


def _relative(hours: int) -> str:
    return f"{hours}小时前" if hours < 24 else f"{hours // 24}天前"


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    content_type: str | None = "text/html; charset=utf-8"
    last_modified: datetime | None = None


class NewsDaySite:
    """The site; ``requests`` logs (path?query, status) of every request, in order."""

    def __init__(self, stories: int = 20, delay: float = 0.0, footer: str | None = None) -> None:
        self.stories = stories
        self.delay = delay
        self.footer = footer  # a line every story's body ends with (the site's own boilerplate)
        self.added: dict[int, str] = {}  # story → a paragraph added to it (see add_paragraph)
        self.day = 1
        self.changed_at = DAY_ONE  # when the day-two changes were made
        self.lock = threading.Lock()
        self.log: list[tuple[str, int]] = []
        self.arrivals: list[float] = []  # time.monotonic() of every request's arrival, in order
        handler = type("Handler", (_Handler,), {"site": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.server.request_queue_size = 128
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> NewsDaySite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def next_day(self) -> None:
        with self.lock:
            self.day = 2
            self.changed_at = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=1)
            self.log.clear()

    def add_paragraph(self, n: int, text: str) -> None:
        """Story ``n`` gets one more paragraph (before the footer), and nothing else changes."""
        with self.lock:
            self.added[n] = text

    @property
    def requests(self) -> list[tuple[str, int]]:
        with self.lock:
            return list(self.log)

    def record(self, target: str, status: int) -> None:
        with self.lock:
            self.log.append((target, status))

    # ------------------------------------------------------------------ the site's content

    def live(self) -> list[int]:
        """Story numbers online now, newest first."""
        numbers = list(range(1, self.stories + 1))
        if self.day == 2:
            numbers = [n for n in numbers if n not in (REMOVED_404, REMOVED_410)]
            numbers += [self.stories + 1, self.stories + 2]
        return sorted(numbers, reverse=True)

    def story_path(self, n: int) -> str:
        return f"/story/{n}.html"

    def modified(self, n: int) -> datetime:
        """When story ``n`` last changed (its text, title or comments)."""
        if self.day == 2 and n in (EDITED_TEXT, EDITED_TITLE, COMMENTED, COMMENTED_OLD) or n > self.stories:
            return self.changed_at
        return DAY_ONE - timedelta(hours=n)

    def comments(self, n: int, page: int) -> tuple[tuple[Remark, ...], Counter[str]]:
        ages: Counter[str] = Counter({r.cid: 3 + i for i, r in enumerate(PAGE_1 + PAGE_2)})
        if self.day == 2:  # a day later: the old comments are "1天前", the new ones hours old
            ages = Counter({cid: hours + 24 for cid, hours in ages.items()} | {"c5": 1, "c4": 2})
        if n == COMMENTED:
            if self.day == 1:
                return (PAGE_1 if page == 1 else PAGE_2), ages
            everything = NEW_ON_PAGE_1 + PAGE_1 + PAGE_2
            return (everything[:2] if page == 1 else tuple(reversed(everything[2:]))), ages
        if n == COMMENTED_OLD and self.day == 2 and page == 1:
            return (NEW_OLD_STORY,), Counter({NEW_OLD_STORY.cid: 2})
        return (), ages

    def route(self, path: str, query: dict[str, list[str]]) -> Reply:
        base = self.base_url.rstrip("/")
        live = self.live()
        if path == "/robots.txt":
            return Reply(200, f"User-agent: *\nDisallow: /private/\nSitemap: {base}/sitemap.xml\n".encode(), "text/plain")
        if path == "/sitemap.xml":
            urls = "".join(
                f"<url><loc>{base}{self.story_path(n)}</loc><lastmod>{self.modified(n).isoformat()}</lastmod></url>"
                for n in live
            )
            return Reply(200, (
                '<?xml version="1.0" encoding="UTF-8"?>'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
            ).encode(), "application/xml")
        if path == "/rss.xml":
            items = "".join(
                f"<item><title>{escape(story_title(n, self.day))}</title><link>{base}{self.story_path(n)}</link>"
                f"<pubDate>{format_datetime(self.modified(n), usegmt=True)}</pubDate></item>"
                for n in live[:5]
            )
            return Reply(200, (
                f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>日报</title>{items}</channel></rss>'
            ).encode(), "application/rss+xml")
        if path == "/":
            links = [("/news/", "新闻列表")] + [(self.story_path(n), story_title(n, self.day)) for n in live[:4]]
            head = '<link rel="alternate" type="application/rss+xml" href="/rss.xml">'
            return Reply(200, listing_html("日报 首页", links, head=head).encode())
        if path == "/news/":
            page = int(query.get("page", ["1"])[0])
            listed = live[:LISTED]
            chunk = listed[(page - 1) * 6 : page * 6]
            if not chunk:
                return Reply(404, b"<html><body>no such page</body></html>")
            more = f'<div class="pager"><a href="/news/?page={page + 1}">下一页</a></div>' if page * 6 < len(listed) else ""
            links = [(self.story_path(n), story_title(n, self.day)) for n in chunk]
            return Reply(200, listing_html(f"新闻列表 第{page}页", links, extra=more).encode())
        if path.startswith("/story/") and path.endswith(".html"):
            n = int(path.removeprefix("/story/").removesuffix(".html") or 0)
            if self.day == 2 and n == REMOVED_404:
                return Reply(404, b"<html><body>404 Not Found</body></html>")
            if self.day == 2 and n == REMOVED_410:
                return Reply(410, b"<html><body>410 Gone</body></html>")
            if n not in live:
                return Reply(404, b"<html><body>404 Not Found</body></html>")
            return self._story(n, int(query.get("cpage", ["1"])[0]))
        return Reply(404, b"<html><body>404 Not Found</body></html>")

    def _story(self, n: int, page: int) -> Reply:
        paragraphs = story_paragraphs(n, self.day) + ((self.added[n],) if n in self.added else ())
        paragraphs += (self.footer,) if self.footer else ()
        spec = ArticleSpec(
            self.story_path(n), story_title(n, self.day), paragraphs,
            (DAY_ONE - timedelta(hours=n)).isoformat(), "wp", author=f"记者 {_PLACES[n % len(_PLACES)][:2]}",
        )
        remarks, ages = self.comments(n, page)
        if page == 2:
            html = (
                f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(spec.title)} - 评论第2页</title></head>'
                f'<body><p><a href="{spec.path}">返回原文：{escape(spec.title)}</a></p>{_comments_html(remarks, ages, None)}</body></html>'
            )
            return Reply(200, html.encode(), last_modified=self.modified(n))
        next_page = f"{spec.path}?cpage=2" if n == COMMENTED else None
        html = article_html(replace(spec, comments=()), "utf-8")
        html = html.replace("</article>", "</article>" + _comments_html(remarks, ages, next_page), 1)
        return Reply(200, html.encode(), last_modified=self.modified(n))


class _Handler(BaseHTTPRequestHandler):
    site: NewsDaySite

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        with self.site.lock:
            self.site.arrivals.append(time.monotonic())
        parts = urlsplit(self.path)
        reply = self.site.route(parts.path, parse_qs(parts.query))
        if self.site.delay and parts.path.startswith("/story/"):
            time.sleep(self.site.delay)
        etag = '"' + hashlib.sha1(reply.body).hexdigest()[:16] + '"'
        headers: list[tuple[str, str]] = []
        status = reply.status
        if status == 200:
            headers.append(("ETag", etag))
            if reply.last_modified is not None:
                headers.append(("Last-Modified", format_datetime(reply.last_modified, usegmt=True)))
            if _not_modified(self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since"), etag, reply.last_modified):
                status = 304
        self.site.record(self.path, status)
        try:
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            if status == 304:
                self.end_headers()
                return
            if reply.content_type:
                self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        return


def _not_modified(if_none_match: str | None, if_modified_since: str | None, etag: str, modified: datetime | None) -> bool:
    """RFC 9110: If-None-Match decides when present; otherwise If-Modified-Since against Last-Modified."""
    if if_none_match is not None:
        return etag in [tag.strip() for tag in if_none_match.split(",")]
    if if_modified_since and modified is not None:
        try:
            return modified.replace(microsecond=0) <= parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
    return False
