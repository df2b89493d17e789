"""The spine end to end on real bytes: fetched page → decode → extract → store, read back from the archive."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.extract.boilerplate import LearntBoilerplate
from archive.ingest.writer import ArchiveWriter
from archive.process import FetchedPage, process_page
from archive.store.engine import open_archive
from archive.store.models import Article, ArticleVersion, Capture, Comment, CrawlRun
from archive.store.writes import read_body

T0 = datetime(2025, 1, 31, 2, 0, tzinfo=UTC)
URL = "http://news.example.test/world/2025/0130/deepseek.html"

PARAGRAPHS = [
    "连日来，来自中国的人工智能(AI)初创企业深度求索(DeepSeek)登上各大全球媒体头版，美国总统特朗普称“这应该为美国行业敲响警钟”。",
    "据美国消费者新闻与商业频道(CNBC)当地时间1月29日报道，美国AI初创公司Anthropic首席执行官达里奥·阿莫迪当天在一篇博客文章中表示，他并不认为中国的DeepSeek是“对手”。",
    "然而，一些专家表示，DeepSeek的技术可以安全地在美国使用，因为它是开源的，所以公司可以在自己的服务器上运行它，而不会将数据发送回中国。",
    "彭博社称，DeepSeek-R1的发布使得刚刚上台的特朗普政府面临挑战，新一届美国政府必须决定是否要延续拜登政府的芯片出口管制，以及是否要扩大管制范围。",
]


def page_html(paragraphs: list[str], title: str = "DeepSeek登上全球媒体头版") -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="gbk"><title>{title}_观察者网</title>
<meta property="og:type" content="article">
<link rel="canonical" href="{URL}">
</head><body>
<nav><a href="/">首页</a> <a href="/world/">国际</a> <a href="/tech/">科技</a></nav>
<article>
<h1>{title}</h1>
<div class="meta">2025-01-30 10:32 来源：观察者网</div>
<div class="content">
{body}
</div>
</article>
<div id="comments" class="comments-area">
<h3>网友评论</h3>
<ol class="commentlist">
<li class="comment" id="comment-11"><div class="comment-author"><cite class="fn">用户15xxx19</cite></div>
<div class="comment-meta">2025-01-30 11:02</div><div class="comment-content"><p>美国急了[点赞]</p></div>
<ul class="children">
<li class="comment" id="comment-12"><div class="comment-author"><cite class="fn">观察者小王</cite></div>
<div class="comment-meta">2025-01-30 11:30</div><div class="comment-content"><p>开源才是真正的护城河</p></div></li>
</ul></li>
<li class="comment" id="comment-13"><div class="comment-author"><cite class="fn">路人甲</cite></div>
<div class="comment-meta">2025-01-30 12:00</div><div class="comment-content"><p>期待更多国产大模型</p></div></li>
</ol></div>
<footer>关于我们 | 版权声明 | 联系我们 Copyright © 2008-2025 观察者网</footer>
</body></html>"""


def fetched(html: str, **changes: object) -> FetchedPage:
    page = FetchedPage(
        url=URL + "?utm_source=weibo", final_url=URL + "?utm_source=weibo", status=200,
        headers=(("Content-Type", "text/html; charset=gb2312"),), body=html.encode("gb18030"), fetched_at=T0,
        site="guancha", timezone="Asia/Shanghai",
    )
    return replace(page, **changes)  # type: ignore[arg-type]


def store(writer: ArchiveWriter, page: FetchedPage):  # type: ignore[no-untyped-def]
    return writer.store(page, process_page(page))


def test_a_gbk_article_is_stored_once_with_its_threaded_comments_and_its_raw_bytes(db_url: str) -> None:
    engine = open_archive(db_url)
    writer = ArchiveWriter(engine)
    writer.start_run(["http://news.example.test/"], {})
    page = fetched(page_html(PARAGRAPHS))
    outcome = store(writer, page)
    assert (outcome.outcome, outcome.comments_added) == ("new", 3)
    with Session(engine) as s:
        article = s.scalars(select(Article)).one()
        version = s.scalars(select(ArticleVersion)).one()
        capture = s.get_one(Capture, outcome.capture_id)
        comments = s.scalars(select(Comment).order_by(Comment.position)).all()
        assert article.canonical_url == URL
        assert version.title == "DeepSeek登上全球媒体头版"
        assert version.text == "\n".join(PARAGRAPHS)
        assert version.published_at == datetime(2025, 1, 30, 2, 32, tzinfo=UTC)
        assert capture.encoding == "gb18030" and capture.error is None and capture.page_kind == "article"
        assert read_body(s, capture.body_sha256) == page.body
        by_id = {c.id: c for c in comments}
        assert [(c.author, c.text, by_id[c.parent_id].author if c.parent_id else None) for c in comments] == [
            ("用户15xxx19", "美国急了[点赞]", None),
            ("观察者小王", "开源才是真正的护城河", "用户15xxx19"),
            ("路人甲", "期待更多国产大模型", None),
        ]
        assert all("美国急了" not in v for v in [version.text])


def test_recrawl_unchanged_then_corrected_then_gone(db_url: str) -> None:
    engine = open_archive(db_url)
    writer = ArchiveWriter(engine)
    writer.start_run(["http://news.example.test/"], {})
    first = store(writer, fetched(page_html(PARAGRAPHS)))
    again = store(writer, fetched(page_html(PARAGRAPHS), fetched_at=T0 + timedelta(hours=6)))
    corrected = PARAGRAPHS[:-1] + [PARAGRAPHS[-1].replace("彭博社称", "据彭博社报道")]
    changed = store(writer, fetched(page_html(corrected), fetched_at=T0 + timedelta(days=1)))
    gone = store(writer, fetched("", status=404, body=b"not found", url=URL, final_url=URL,
                                 fetched_at=T0 + timedelta(days=2)))
    assert [o.outcome for o in (first, again, changed, gone)] == ["new", "unchanged", "updated", "gone"]
    assert (again.comments_added, changed.comments_added) == (0, 0)
    counters = writer.finish_run()
    assert (counters.pages_fetched, counters.articles_new, counters.articles_updated, counters.articles_unchanged,
            counters.articles_gone, counters.errors) == (4, 1, 1, 1, 1, 0)
    with Session(engine) as s:
        article = s.scalars(select(Article)).one()
        assert (article.status, article.gone_at) == ("gone", T0 + timedelta(days=2))
        assert [v.number for v in s.scalars(select(ArticleVersion))] == [1, 2]
        assert s.scalar(select(Comment.id).where(Comment.text == "美国急了[点赞]")) is not None
        assert len(s.scalars(select(Comment)).all()) == 3
        run = s.scalars(select(CrawlRun)).one()
        assert (run.status, run.pages_fetched, run.articles_updated, run.articles_gone, run.errors) == (
            "finished", 4, 1, 1, 0)


def test_failures_are_recorded_as_captures_with_their_reason(db_url: str) -> None:
    engine = open_archive(db_url)
    writer = ArchiveWriter(engine)
    writer.start_run(["http://news.example.test/"], {})
    dead = fetched("", status=None, body=b"", headers=(), error="connection refused: 127.0.0.1:9")
    empty = fetched("", body=b"   ", url="http://news.example.test/empty", final_url="http://news.example.test/empty")
    outcomes = [store(writer, dead), store(writer, empty)]
    assert [o.outcome for o in outcomes] == ["failed", "failed"]
    with Session(engine) as s:
        rows = s.execute(select(Capture.final_url, Capture.status, Capture.error).order_by(Capture.id)).all()
    assert [tuple(r) for r in rows] == [
        (URL + "?utm_source=weibo", None, "connection refused: 127.0.0.1:9"),
        ("http://news.example.test/empty", 200, "empty body"),
    ]
    assert writer.counters.error_reasons == {"connection refused": 1, "empty body": 1}


def test_reextract_adds_a_version_only_where_the_improved_extractor_changes_the_text(db_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess

    from archive.extract.extractor import EXTRACTOR_VERSION
    from tests.conftest import NEWSARCHIVE_BIN

    engine = open_archive(db_url)
    old = ArchiveWriter(engine, extractor_version="0-old")
    old.start_run(["http://news.example.test/"], {})
    noisy_page = fetched(page_html(PARAGRAPHS))
    current = process_page(noisy_page)
    assert current.extraction is not None
    # What an older extractor made of the page: the footer left in the text.
    older = replace(current, extraction=replace(current.extraction, paragraphs=current.extraction.paragraphs + ("关于我们 | 版权声明",)))
    old.store(noisy_page, older)
    other_url = "http://news.example.test/world/other.html"
    clean_page = fetched(page_html(PARAGRAPHS[:3]).replace(URL, other_url), url=other_url, final_url=other_url)
    old.store(clean_page, process_page(clean_page))
    old.finish_run()

    result = subprocess.run([NEWSARCHIVE_BIN, "--db", db_url, "reextract"], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "re-extracted 2 pages: 0 new articles, 1 updated, 1 unchanged, 0 comments added, 0 errors"
    with Session(engine) as s:
        versions = s.execute(select(Article.canonical_url, ArticleVersion.number, ArticleVersion.extractor_version)
                             .join(ArticleVersion, ArticleVersion.article_id == Article.id)
                             .order_by(Article.id, ArticleVersion.number)).all()
        assert [tuple(v) for v in versions] == [(URL, 1, "0-old"), (URL, 2, EXTRACTOR_VERSION), (other_url, 1, "0-old")]
        # the re-extraction is recorded as such, apart from changes of the page
        assert s.scalars(select(ArticleVersion.cause).order_by(ArticleVersion.id)).all() == ["page", "page", "reextract"]
        current_text = s.scalar(select(ArticleVersion.text).where(ArticleVersion.number == 2))
        assert current_text == "\n".join(PARAGRAPHS)
        assert len(s.scalars(select(Capture)).all()) == 2
        assert len(s.scalars(select(Comment)).all()) == 6  # three on each page, none duplicated


def test_not_modified_recrawl_touches_the_article_and_validators_are_served_for_the_next_one(db_url: str) -> None:
    from archive.store.queries import Validators, conditional_validators

    engine = open_archive(db_url)
    writer = ArchiveWriter(engine)
    writer.start_run(["http://news.example.test/"], {})
    validators = (("ETag", '"abc123"'), ("Last-Modified", "Thu, 30 Jan 2025 03:00:00 GMT"))
    first = fetched(page_html(PARAGRAPHS), url=URL, final_url=URL)
    first = replace(first, headers=first.headers + validators)
    store(writer, first)
    later = T0 + timedelta(days=1)
    not_modified = replace(first, status=304, body=b"", headers=validators, fetched_at=later)
    outcome = store(writer, not_modified)
    assert (outcome.outcome, outcome.comments_added) == ("unchanged", 0)
    with Session(engine) as s:
        article = s.scalars(select(Article)).one()
        assert article.last_seen_at == later and article.status == "live"
        assert [v.number for v in s.scalars(select(ArticleVersion))] == [1]
        assert conditional_validators(s, "news.example.test") == {
            URL: Validators('"abc123"', "Thu, 30 Jan 2025 03:00:00 GMT")
        }


def test_a_site_article_pattern_makes_a_page_an_article_and_says_why(sqlite_url: str) -> None:
    engine = open_archive(sqlite_url)
    writer = ArchiveWriter(engine)
    brief = "<html><head><title>快讯</title></head><body><p>央行宣布下调存款准备金率0.5个百分点。</p></body></html>"
    url = "http://news.example.test/flash/1.html"
    alone = process_page(fetched(brief, url=url, final_url=url))
    assert alone.extraction is not None and alone.extraction.is_article is False
    hinted = fetched(brief, url=url, final_url=url, article_hint=True)
    outcome = store(writer, hinted)
    assert outcome.outcome == "new"
    with Session(engine) as s:
        capture = s.get_one(Capture, outcome.capture_id)
        assert capture.page_kind == "article"
        assert capture.page_kind_evidence.startswith("site configuration: URL pattern says an article (page alone: ")
        assert s.scalars(select(ArticleVersion.text)).one() == "央行宣布下调存款准备金率0.5个百分点。"


def test_stories_that_differ_only_in_their_numbers_are_not_learnt_as_boilerplate(sqlite_url: str) -> None:
    engine = open_archive(sqlite_url)
    writer = ArchiveWriter(engine)
    writer.BOILERPLATE_REFRESH_EVERY = 1
    texts = []
    for n in range(LearntBoilerplate.MIN_PAGES + 2):
        story = [
            f"沪深两市今日收盘，上证指数报{3100 + n}点，成交额{8000 + n * 37}亿元，较前一交易日有所变化。",
            f"深证成指报{10200 + n * 11}点，创业板指报{2100 + n}点，两市合计{4000 + n}只个股上涨。",
            f"北向资金全天净流入{30 + n}亿元，其中沪股通净流入{12 + n}亿元，深股通净流入{18}亿元。",
            f"行业板块方面，半导体板块涨幅居前，平均上涨{2 + n}.5%，银行板块小幅回调{n}.3%，市场情绪总体平稳。",
        ]
        url = f"http://news.example.test/market/{n}.html"
        html = page_html(story).replace(URL, url).replace("2025-01-30", f"2025-01-{10 + n}")
        outcome = store(writer, fetched(html, url=url, final_url=url))
        with Session(engine) as s:
            texts.append(s.get_one(ArticleVersion, s.get_one(Article, outcome.article_id).current_version_id).text)
        assert texts[-1] == "\n".join(story)


def test_a_page_the_database_refuses_fails_alone_and_the_rest_of_its_batch_is_stored(db_url: str) -> None:
    engine = open_archive(db_url)
    writer = ArchiveWriter(engine)
    writer.start_run(["http://news.example.test/"], {})
    pages = [
        fetched(page_html(PARAGRAPHS[:k]).replace(URL, f"http://news.example.test/{k}.html"),
                url=f"http://news.example.test/{k}.html", final_url=f"http://news.example.test/{k}.html")
        for k in (2, 3, 4)
    ]
    processed = [process_page(page) for page in pages]
    assert processed[1].extraction is not None
    # a value the database cannot take (here a date that is not a date) stands for any row a
    # backend refuses: a NUL in text on PostgreSQL, a constraint, a type the driver rejects
    broken = replace(processed[1], extraction=replace(processed[1].extraction, published_at="yesterday"))  # type: ignore[arg-type]
    outcomes = writer.store_many([(pages[0], processed[0]), (pages[1], broken), (pages[2], processed[2])])
    assert [o.outcome for o in outcomes] == ["new", "failed", "new"]
    assert outcomes[1].reason is not None and outcomes[1].reason.startswith("store: ")
    with Session(engine) as s:
        captures = s.execute(select(Capture.final_url, Capture.error).order_by(Capture.id)).all()
        stored = s.scalars(select(Article.canonical_url).order_by(Article.id)).all()
        versions = s.scalar(select(func.count()).select_from(ArticleVersion))
        comments = s.scalar(select(func.count()).select_from(Comment))
    assert [url for url, _ in captures] == [p.final_url for p in pages]
    assert captures[1].error == outcomes[1].reason and captures[0].error is None and captures[2].error is None
    assert stored == ["http://news.example.test/2.html", "http://news.example.test/4.html"]
    assert (versions, comments) == (2, 6)
    assert (writer.counters.articles_new, writer.counters.errors) == (2, 1)
