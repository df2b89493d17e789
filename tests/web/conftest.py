"""A fixture archive for the web UI, built through the real pipeline (process_page → ArchiveWriter):
Simplified, Traditional and English articles on one site, a comment thread with replies, an
article corrected after its first capture, and a hostile page full of script.

Built once per module and backend (SQLite file and PostgreSQL), since extraction is slow;
the UI reads it through a read-only engine, as ``newsarchive serve`` does.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from lxml import html

with warnings.catch_warnings():  # starlette asks for httpx2, which is not packaged yet; httpx works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from archive.ingest.writer import ArchiveWriter
from archive.process import FetchedPage, process_page
from archive.store.engine import make_readonly_engine, open_archive
from archive.web import create_app
from tests.conftest import fresh_pg_database

BASE = "http://news.test"
HOSTILE_TITLE = "Hostile <script>window.pwned=4</script> headline"


@dataclass(frozen=True)
class Story:
    path: str
    title: str
    paragraphs: tuple[str, ...]
    published: str
    author: str = "记者 王平"
    comments: str = ""
    lang: str = "zh"


def comment(cid: int, author: str, text: str, posted: str, replies: str = "") -> str:
    children = f"<ol class=children>{replies}</ol>" if replies else ""
    return (
        f'<li class="comment" id="comment-{cid}"><div class="comment-author"><b class="fn">{author}</b></div>'
        f'<div class="comment-metadata"><time>{posted}</time></div>'
        f'<div class="comment-content"><p>{text}</p></div>{children}</li>'
    )


THREAD = (
    comment(1, "甲", "第一个评论：风太大了", "2024-09-16 18:00",
            comment(2, "乙", "回复甲：我家窗户也坏了", "2024-09-16 18:30",
                    comment(3, "丙", "回复乙：注意安全", "2024-09-16 19:00")))
    + comment(4, "丁", "另起一楼：感谢救援人员", "2024-09-16 20:00")
)

TYPHOON = Story(
    "/news/typhoon.html", "台风山竹登陆广东",
    ("强台风山竹今天下午在广东台山沿海登陆，中心附近最大风力十四级，当地已转移群众五万人。",
     "气象部门提醒市民做好防风准备，减少外出，远离广告牌和临时建筑。"),
    "2024-09-16T17:00:00+08:00", comments=THREAD,
)
TYPHOON_CORRECTED = Story(
    TYPHOON.path, TYPHOON.title,
    ("强台风山竹今天下午在广东台山沿海登陆，中心附近最大风力十五级，当地已转移群众五万人。",
     TYPHOON.paragraphs[1]),
    TYPHOON.published, comments=THREAD,
)
VACCINE = Story(
    "/news/vaccine.html", "颱風過後 市民排隊接種疫苗",
    ("衛生署表示，颱風過後各區疫苗接種站已恢復開放，市民可以網上預約接種，無需排隊等候。",
     "當局呼籲長者盡快完成接種，並提醒市民留意天氣變化。"),
    "2024-09-18T09:00:00+08:00", author="記者 陳怡",
)
FORECAST = Story(
    "/news/forecast.html", "本周天气预报",
    ("气象台预计，下周可能又有台风影响华南沿海地区，请市民留意最新预报。",
     "本周其余时间以晴到多云为主，气温在二十六到三十三度之间。"),
    "2024-09-20T07:00:00+08:00",
)
HARBOUR = Story(
    "/news/harbour.html", "Harbour expansion approved after long review",
    ("The city council approved the long-debated harbour expansion on Tuesday, ending a review that lasted three years.",
     "Work started at once, the mayor said, and the first berths should open within four years."),
    "2025-01-14T12:00:00+00:00", author="By Jane Doe", lang="en",
)
COUNCIL = Story(
    "/news/council.html", "Council notes from Tuesday's meeting",
    ("Councillors discussed harbour fees, harbour lights and harbour parking at length on Tuesday evening.",
     "They also agreed to repaint the town hall before the spring festival begins."),
    "2025-01-15T12:00:00+00:00", author="By John Roe", lang="en",
)
MUSEUM = Story(
    "/news/museum.html", "Museum opens a new wing",
    ("The art exhibition in the new wing opens on Friday with paintings from three centuries.",
     "Entry is free for children and students during the first month of the exhibition."),
    "2025-02-03T12:00:00+00:00", author="By Ann Lee", lang="en",
)
STORIES = [TYPHOON, VACCINE, FORECAST, HARBOUR, COUNCIL, MUSEUM]
HARBOUR_CORRECTED = Story(
    HARBOUR.path, HARBOUR.title,
    (HARBOUR.paragraphs[0],
     "Work started at once, the mayor said, and the first berths should open within five years."),
    HARBOUR.published, author=HARBOUR.author, lang="en",
)
#: The second run's failures: (path, HTTP status or None, the fetch error or None).
FAILURES = [
    ("/news/broken-1.html", 503, None),
    ("/news/broken-2.html", 503, None),
    ("/news/slow.html", None, "timeout: no response within 30 s"),
]


def story_html(story: Story) -> str:
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": story.title,
                     "datePublished": story.published}, ensure_ascii=False)
    body = "".join(f"<p>{p}</p>" for p in story.paragraphs)
    comments = (f'<div id="comments" class="comments-area"><h2>网友评论</h2><ol class="commentlist">{story.comments}'
                f"</ol></div>" if story.comments else "")
    return (
        f'<!DOCTYPE html><html lang="{story.lang}"><head><meta charset="utf-8"><title>{story.title} - 演示新闻网</title>'
        f'<script type="application/ld+json">{ld}</script><meta property="og:type" content="article"></head><body>'
        f'<div class="top-nav"><a href="/">首页</a> | <a href="/news/">要闻</a></div><div class="wrap"><div class="article">'
        f'<h1>{story.title}</h1><div class="meta"><span class="time">{story.published[:16].replace("T", " ")}</span> '
        f'<span class="author">{story.author}</span></div><div class="content">{body}</div></div>{comments}</div>'
        f'<div class="footer">About us | Contact</div></body></html>'
    )


HOSTILE_HTML = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Hostile page</title>'
    '<script>window.pwned = 1; fetch("/pwned-script");</script>'
    '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Hostile &lt;script&gt;window.pwned=4&lt;/script&gt; headline",'
    '"datePublished":"2025-02-10T10:00:00+00:00"}</script><meta property="og:type" content="article"></head>'
    '<body onload="window.pwned=5"><div class="wrap"><div class="article">'
    "<h1>Hostile &lt;script&gt;window.pwned=4&lt;/script&gt; headline</h1>"
    '<div class="meta"><span class="time">2025-02-10 10:00</span> <span class="author">By Mallory</span></div>'
    '<div class="content"><p>This archived page tries to run script in the archive viewer, and it must not succeed at all.</p>'
    '<p><img src="/pwned-img.png" onerror="window.pwned=2; fetch(\'/pwned-onerror\')"> An image whose error handler sets a flag.</p>'
    '<p><a id="jslink" href="javascript:window.pwned=3">A javascript: link</a> that would set the flag when clicked by a reader.</p>'
    "<p>&lt;script&gt;window.pwned=6&lt;/script&gt; written as text must show as text, never as markup.</p>"
    "</div></div></div></body></html>"
)


def fetched(path: str, body: str, when: datetime) -> FetchedPage:
    url = BASE + path
    return FetchedPage(url=url, final_url=url, status=200, headers=(("Content-Type", "text/html; charset=utf-8"),),
                       body=body.encode("utf-8"), fetched_at=when, site="demo-news")


def build_archive(db_url: str) -> None:
    engine = open_archive(db_url)
    writer = ArchiveWriter(engine)
    writer.start_run([BASE + "/"], {})
    first = datetime(2025, 2, 20, 8, 0, tzinfo=UTC)
    for story in STORIES:
        page = fetched(story.path, story_html(story), first)
        writer.store(page, process_page(page))
    page = fetched("/news/hostile.html", HOSTILE_HTML, first)
    writer.store(page, process_page(page))
    later = datetime(2025, 2, 21, 8, 0, tzinfo=UTC)
    page = fetched(TYPHOON_CORRECTED.path, story_html(TYPHOON_CORRECTED), later)
    outcome = writer.store(page, process_page(page))
    assert outcome.outcome == "updated", outcome
    writer.finish_run()
    # a second run: the harbour story corrected (a later change than the typhoon's), and three failures
    writer = ArchiveWriter(engine)
    writer.start_run([BASE + "/news/"], {})
    latest = datetime(2025, 2, 22, 8, 0, tzinfo=UTC)
    page = fetched(HARBOUR_CORRECTED.path, story_html(HARBOUR_CORRECTED), latest)
    assert writer.store(page, process_page(page)).outcome == "updated"
    for path, status, error in FAILURES:
        page = FetchedPage(url=BASE + path, final_url=BASE + path, status=status, headers=(), body=b"",
                           fetched_at=latest, site="demo-news", error=error)
        assert writer.store(page, process_page(page)).outcome == "failed"
    writer.finish_run()
    engine.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def archive_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'archive.db'}"
        build_archive(url)
        yield url
    else:
        with fresh_pg_database("na_web") as url:
            build_archive(url)
            yield url


@pytest.fixture(scope="module")
def client(archive_url: str) -> Iterator[TestClient]:
    engine = make_readonly_engine(archive_url)
    with TestClient(create_app(engine), raise_server_exceptions=False) as test_client:
        yield test_client
    engine.dispose()


def get_html(client: TestClient, url: str, status: int = 200) -> html.HtmlElement:
    response = client.get(url)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return html.fromstring(response.text)


def get_json(client: TestClient, url: str, status: int = 200) -> dict:  # type: ignore[type-arg]
    response = client.get(url)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("application/json")
    return response.json()  # type: ignore[no-any-return]


def text_of(element: html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def article_id(client: TestClient, path: str) -> int:
    data = get_json(client, "/articles?format=json")
    return next(a["id"] for a in data["articles"] if a["url"] == BASE + path)


