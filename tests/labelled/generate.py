"""Generate the labelled extraction set: tests/labelled/pages/*.html + tests/labelled/truth.json.

    .venv/bin/python tests/labelled/generate.py

Pages are rendered from ten realistic templates (news portals, WordPress blogs, a content farm,
Taiwan/Hong Kong sites, an English news site with Disqus-like threads, a bare blog, listing pages)
filled with the texts of ../shared/samples and a few English stories (stories.py). The truth of
every page (title, date with zone, authors, source, body, comments with threads) is what the
generator put in: it never comes from newsarchive's extractor. Deterministic: same output every run.
"""

from __future__ import annotations

import html
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stories import ENGLISH_COMMENTS, RawComment, Story, load_sample_comments, load_stories  # noqa: E402

HERE = Path(__file__).resolve().parent
PAGES = HERE / "pages"
SH, TP, HK, UTC = ZoneInfo("Asia/Shanghai"), ZoneInfo("Asia/Taipei"), ZoneInfo("Asia/Hong_Kong"), UTC
FETCHED = datetime(2025, 2, 3, 4, 0, tzinfo=UTC)
e = html.escape


@dataclass
class TruthComment:
    author: str
    text: str
    posted: datetime | None = None
    reply_to: int | None = None
    external_id: str | None = None


@dataclass
class Page:
    template: str
    url: str
    markup: str
    encoding: str = "utf-8"
    content_type: str = "text/html; charset=utf-8"
    fetched_at: datetime | None = None   # default: a capture after the page's newest date (see capture_time)
    is_article: bool = True
    title: str | None = None
    published: datetime | None = None
    authors: tuple[str, ...] = ()
    source: str | None = None
    language: str | None = None
    body: Sequence[str] = ()
    comments: list[TruthComment] = field(default_factory=list)
    noise: Sequence[str] = ()      # strings that must not appear in the extracted body


# -- shared furniture --------------------------------------------------------------------------

ZH_NAV = "".join(f'<a href="/{i}/">{n}</a>' for i, n in enumerate(["首页", "国际", "军事", "财经", "科技", "评论", "视频", "图片", "专题", "观察者"]))
ZH_HOT = [
    "外交部回应美方芯片出口管制新规", "国产大模型密集发布 开源生态加速成型", "美股科技股大跌 英伟达单日市值蒸发近6000亿美元",
    "专家解读：人工智能产业的下一个十年", "多国限制政府设备使用DeepSeek", "商务部：坚决反对美方泛化国家安全概念",
]
TW_HOT = ["台積電擴大美國投資 股價創新高", "AI伺服器出貨暢旺 供應鏈樂觀看後市", "經濟部：半導體出口管制影響有限", "生成式AI進入校園 教師憂心作弊問題"]
EN_HOT = ["Chip stocks slide as export worries mount", "What the new AI diffusion rule means for cloud providers", "Inside the race to build cheaper models", "Regulators weigh limits on app downloads"]


def zh_sidebar(rng: int) -> str:
    items = "".join(
        f'<li><a href="/news/{rng}{i}.shtml">{e(t)}</a><span class="t">01-{20 + i:02d} 0{i}:15</span></li>' for i, t in enumerate(ZH_HOT)
    )
    return (
        f'<div class="right-box"><div class="mod hot"><h3>热点排行</h3><ol>{items}</ol></div>'
        '<div class="ad-box"><a href="/ad/1">广告：企业云服务器限时特惠，低至1折</a></div>'
        '<div class="mod"><h3>关注我们</h3><p>扫码关注官方微信公众号，获取最新资讯</p></div></div>'
    )


def zh_footer(site: str) -> str:
    return (
        '<div class="footer"><p><a href="/about">关于我们</a> | <a href="/contact">联系我们</a> | '
        '<a href="/copyright">版权声明</a> | <a href="/map">网站地图</a></p>'
        f"<p>违法和不良信息举报电话：021-12345678 举报邮箱：jubao@example.cn</p><p>Copyright © 2014-2025 {e(site)} All Rights Reserved 沪ICP备10213822号-1</p></div>"
    )


def paras(lines: Sequence[str], cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return "".join(f"<p{attr}>{e(p)}</p>" for p in lines)


def jsonld(obj: dict[str, Any]) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj, ensure_ascii=False)}</script>'


def mmdd(dt: datetime) -> str:
    return dt.strftime("%m-%d %H:%M")


# -- comment threads ---------------------------------------------------------------------------


def thread(pool: Sequence[tuple[str, str]], start: int, count: int, base: datetime, zone: Any, reply_every: int = 3) -> list[TruthComment]:
    """count comments from pool (rotating), every reply_every-th one a reply to the one before."""
    out: list[TruthComment] = []
    for i in range(count):
        author, text = pool[(start + i) % len(pool)]
        posted = (base + timedelta(minutes=37 * i + 11)).astimezone(zone)
        parent = i - 1 if reply_every and i % reply_every == reply_every - 1 else None
        out.append(TruthComment(author, text, posted, parent, None))
    return out


def nested_html(comments: list[TruthComment], render: Callable[[int, TruthComment, str], str], children_wrap: Callable[[str], str]) -> str:
    """Render a thread as nested markup (a reply sits inside its parent's block)."""
    kids: dict[int | None, list[int]] = {}
    for i, c in enumerate(comments):
        kids.setdefault(c.reply_to, []).append(i)

    def block(i: int) -> str:
        inner = "".join(block(k) for k in kids.get(i, []))
        return render(i, comments[i], children_wrap(inner) if inner else "")

    return "".join(block(i) for i in kids.get(None, []))


def depth_first(comments: list[TruthComment]) -> list[TruthComment]:
    """Reorder a thread into the page order of nested markup (parent, its replies, next parent)."""
    kids: dict[int | None, list[int]] = {}
    for i, c in enumerate(comments):
        kids.setdefault(c.reply_to, []).append(i)
    order: list[int] = []

    def walk(i: int) -> None:
        order.append(i)
        for k in kids.get(i, []):
            walk(k)

    for i in kids.get(None, []):
        walk(i)
    new_index = {old: new for new, old in enumerate(order)}
    return [
        TruthComment(comments[o].author, comments[o].text, comments[o].posted,
                     new_index[comments[o].reply_to] if comments[o].reply_to is not None else None, comments[o].external_id)
        for o in order
    ]


# -- templates ---------------------------------------------------------------------------------


def t_portal_textonly(n: int, story: Story, lines: Sequence[str], pub: datetime, sample: list[RawComment], start: int, count: int, br: bool) -> Page:
    """观察者网-like portal: JSON-LD, byline prefix in the first paragraph, photo credit,
    comments as plain lines (name line, comment line, '回复 MM-DD HH:MM' on replies)."""
    author = ["熊超然", "陈思佳", "王世纯", "刘程辉", "齐倩"][n % 5]
    url = f"https://www.guancha.cn/internation/2025_{pub:%m_%d}_7630{n:02d}.shtml"
    body = list(lines)
    shown = [f"[文/观察者网{author}]{body[0]}"] + body[1:]
    if story.caption:
        shown.insert(min(3, len(shown)), story.caption)
    comments: list[TruthComment] = []
    rows: list[str] = []
    last_top = None
    for i in range(count):
        raw = sample[(start + i) % len(sample)]
        if raw.is_reply and last_top is not None:
            stamp = raw.stamp or "01-31 10:32"
            posted = datetime.strptime(f"2025-{stamp}", "%Y-%m-%d %H:%M").replace(tzinfo=SH)
            comments.append(TruthComment(raw.author, raw.text, posted, last_top))
            rows += [f"{raw.author} 回复 {stamp}", raw.text]
        else:
            last_top = len(comments)
            comments.append(TruthComment(raw.author, raw.text))
            rows += [raw.author, raw.text]
    comment_html = "<br>".join(e(r) for r in rows) if br else "".join(f"<p>{e(r)}</p>" for r in rows)
    markup = f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{e(story.title)}-观察者网</title>
<meta name="keywords" content="DeepSeek,Anthropic,人工智能"><meta name="description" content="{e(body[0][:60])}">
<link rel="canonical" href="{url}">
{jsonld({"@context": "https://schema.org", "@type": "NewsArticle", "headline": story.title, "datePublished": pub.isoformat(),
         "author": {"@type": "Person", "name": author}, "publisher": {"@type": "Organization", "name": "观察者网"}})}
</head><body><div class="header"><div class="logo"><a href="/">观察者网</a></div><div class="nav">{ZH_NAV}</div></div>
<div class="main fix"><div class="left-main"><div class="crumbs"><a href="/">首页</a> &gt; <a href="/internation">国际</a> &gt; 正文</div>
<h3>{e(story.title)}</h3>
<div class="time fix"><span>{pub:%Y-%m-%d %H:%M:%S}</span><span>来源：观察者网</span><span class="pl-num"><a href="#cmt">评论 {count}</a></span></div>
<div class="content all-txt">{paras(shown)}</div>
<div class="share-box">分享到：<a>微信</a> <a>微博</a> <a>QQ空间</a></div>
<p class="editor">责任编辑：张广凯</p>
<div class="mod-box" id="cmt"><h3>网友评论</h3><div class="lst">{comment_html}</div><div class="more"><a href="#">查看更多评论</a></div></div>
</div>{zh_sidebar(n)}</div>{zh_footer("观察者网")}</body></html>"""
    return Page("portal-textonly", url, markup, title=story.title, published=pub, authors=(author,), source="观察者网",
                language="zh-Hans", body=body, comments=comments,
                noise=[f"[文/观察者网{author}]", "网友评论", "查看更多评论", "责任编辑", "ICP", "举报电话"] + ([story.caption] if story.caption else []))


def t_portal_threaded_gbk(n: int, story: Story, lines: Sequence[str], pub: datetime, sample: list[RawComment], start: int, count: int) -> Page:
    """新浪-like portal in GBK bytes (declared gb2312): meta tags only, date + source line,
    threaded comment items with user, time, text and nested reply lists."""
    author = ["张三", "李晓明", "赵欣", "孙婷婷", "周涛"][n % 5]
    url = f"https://news.sina.com.cn/w/2025-{pub:%m-%d}/doc-inehx{n:04d}.shtml"
    pool = [(c.author, c.text) for c in sample]
    base = pub.astimezone(UTC) + timedelta(hours=2)
    comments = depth_first(thread(pool, start, count, base, SH, reply_every=3))
    for i, c in enumerate(comments):
        c.external_id = f"{7001 + n * 100 + i}"

    def render(i: int, c: TruthComment, kids: str) -> str:
        assert c.posted is not None
        return (f'<div class="comment-item" data-id="{c.external_id}"><div class="info"><span class="user-name">{e(c.author)}</span>'
                f'<span class="area">[北京]</span> <span class="time">{mmdd(c.posted)}</span></div>'
                f'<div class="txt">{e(c.text)}</div><div class="action"><a>回复</a> <a>赞({(i * 7) % 23})</a></div>{kids}</div>')

    thread_html = nested_html(comments, render, lambda inner: f'<div class="reply-list">{inner}</div>')
    markup = f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>{e(story.title)}_新浪新闻</title>
<meta name="keywords" content="人工智能,芯片"><meta property="og:type" content="news"><meta property="og:title" content="{e(story.title)}">
<meta name="weibo: article:create_at" content="{pub:%Y-%m-%d %H:%M:%S}"></head><body>
<div class="top-bar"><a href="/">新浪首页</a> <a href="/news">新闻</a> <a href="/sports">体育</a> <a href="/finance">财经</a> <a href="/tech">科技</a></div>
<div class="main-content w1240"><h1 class="main-title">{e(story.title)}</h1>
<div class="date-source"><span class="date">{pub:%Y年%m月%d日 %H:%M}</span> <span class="source">来源：新华社</span> <span class="author">记者 {author}</span></div>
<div class="article" id="article">{paras(lines)}<p class="show_author">责任编辑：王珂</p></div>
<div class="keywords">文章关键词：<a>人工智能</a> <a>芯片</a></div>
<div class="comment-list" id="cmnt"><div class="hd">最新评论</div>{thread_html}<div class="more"><a>加载更多</a></div></div>
</div><div class="side">{zh_sidebar(n + 50)}</div>
<div class="footer"><p>新浪简介 | About Sina | 广告服务 | 联系我们 | 招聘信息 | 网站律师 | 通行证注册 | 产品答疑</p><p>Copyright © 1996-2025 SINA Corporation, All Rights Reserved 京ICP证000007</p></div></body></html>"""
    return Page("portal-threaded-gbk", url, markup, encoding="gbk", content_type="text/html; charset=GBK",
                title=story.title, published=pub, authors=(author,), source="新华社", language="zh-Hans", body=lines,
                comments=comments, noise=["最新评论", "责任编辑", "加载更多", "文章关键词", "ICP"])


def t_comment_page_gbk(n: int, sample: list[RawComment]) -> Page:
    """A comment page of the GBK portal (only comments, ?cpage=2): nothing else to extract."""
    pool = [(c.author, c.text) for c in sample]
    comments = depth_first(thread(pool, 20, 9, datetime(2025, 1, 31, 1, 0, tzinfo=UTC), SH, reply_every=2))
    for i, c in enumerate(comments):
        c.external_id = f"{9901 + i}"

    def render(i: int, c: TruthComment, kids: str) -> str:
        assert c.posted is not None
        return (f'<div class="comment-item" data-id="{c.external_id}"><div class="info"><span class="user-name">{e(c.author)}</span>'
                f' <span class="time">{mmdd(c.posted)}</span></div><div class="txt">{e(c.text)}</div>{kids}</div>')

    thread_html = nested_html(comments, render, lambda inner: f'<div class="reply-list">{inner}</div>')
    markup = f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"><title>评论 第2页_新浪新闻</title></head>
<body><div class="top-bar"><a href="/">新浪首页</a> <a href="/news">新闻</a></div><div class="comment-list"><div class="hd">全部评论（第2页）</div>{thread_html}
<div class="pager"><a>上一页</a> <a>1</a> 2 <a>3</a> <a>下一页</a></div></div></body></html>"""
    return Page("comment-page-gbk", f"https://comment.sina.com.cn/page/info?newsid=doc-inehx{n:04d}&cpage=2", markup,
                encoding="gbk", content_type="text/html; charset=GBK", is_article=False, comments=comments, language="zh-Hans")


def wp_comment(i: int, c: TruthComment, kids: str, says: str, zone: Any, fmt: Callable[[datetime], str]) -> str:
    assert c.posted is not None
    cid = c.external_id
    return (f'<li id="comment-{cid}" class="comment {"even" if i % 2 else "odd"} thread-{"even" if i % 2 else "odd"} depth-1">'
            f'<article id="div-comment-{cid}" class="comment-body"><footer class="comment-meta"><div class="comment-author vcard">'
            f'<img alt="" src="/avatar/{cid}.png" class="avatar avatar-32" height="32" width="32"><b class="fn">{e(c.author)}</b> <span class="says">{says}</span></div>'
            f'<div class="comment-metadata"><a href="#comment-{cid}"><time datetime="{c.posted.isoformat()}">{fmt(c.posted.astimezone(zone))}</time></a>'
            f'<span class="edit-link"></span></div></footer><div class="comment-content"><p>{e(c.text)}</p></div>'
            f'<div class="reply"><a rel="nofollow" class="comment-reply-link" href="#">{"回复" if says == "说道：" else "Reply"}</a></div></article>{kids}</li>')


def t_wordpress(n: int, story: Story, lines: Sequence[str], pub: datetime, pool: Sequence[tuple[str, str]], start: int, count: int, zh: bool) -> Page:
    """WordPress theme (twentyseventeen-like), English or Chinese: og/article meta, entry-meta
    byline, ol.comment-list with li.comment and ol.children, sidebar widgets, tag cloud."""
    zone = UTC if not zh else SH
    site = "Tech Policy Notes" if not zh else "码农茶话"
    author = (["Emily Carter", "David Chen", "Ruth Ames", "Tom Okafor"] if not zh else ["老王", "林小溪", "阿杰", "墨白"])[n % 4]
    slug = f"post-{n}"
    url = f"https://{'techpolicynotes.com' if not zh else 'manongchahua.net'}/{pub:%Y/%m/%d}/{slug}/"
    comments = depth_first(thread(pool, start, count, pub.astimezone(UTC) + timedelta(hours=1), zone, reply_every=3))
    for i, c in enumerate(comments):
        c.external_id = str(200 + n * 50 + i)
    if zh:
        fmt = lambda d: f"{d.year}年{d.month}月{d.day}日 {'下午' if d.hour >= 12 else '上午'}{(d.hour - 1) % 12 + 1}:{d.minute:02d}"  # noqa: E731
        says, reply_title, count_title = "说道：", "发表回复", f"《{e(story.title)}》上有{count}条评论"
    else:
        fmt = lambda d: f"{d:%B} {d.day}, {d.year} at {(d.hour - 1) % 12 + 1}:{d.minute:02d} {'pm' if d.hour >= 12 else 'am'}"  # noqa: E731
        says, reply_title, count_title = "says:", "Leave a Reply", f"{count} thoughts on &ldquo;{e(story.title)}&rdquo;"
    items = nested_html(comments, lambda i, c, k: wp_comment(i, c, k, says, zone, fmt), lambda inner: f'<ol class="children">{inner}</ol>')
    if count == 0:
        comments_html = f'<div id="comments" class="comments-area"><h2 class="comments-title">{"评论 (0)" if zh else "Comments (0)"}</h2>'
    else:
        comments_html = f'<div id="comments" class="comments-area"><h2 class="comments-title">{count_title}</h2><ol class="comment-list">{items}</ol>'
    comments_html += (f'<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">{reply_title}</h3>'
                      '<form action="/wp-comments-post.php" method="post" id="commentform"><p class="comment-notes">Your email address will not be published.</p>'
                      '<textarea id="comment" name="comment"></textarea><input name="submit" type="submit" value="Post Comment"></form></div></div>')
    recent = "".join(f'<li><a href="/p/{i}">{e(t)}</a> <span class="post-date">January {20 + i}, 2025</span></li>' for i, t in enumerate(EN_HOT if not zh else ZH_HOT[:4]))
    date_text = fmt(pub.astimezone(zone)).split(" at ")[0] if not zh else f"{pub.astimezone(zone):%Y年%m月%d日}"
    recent_comments = "".join(
        f'<li class="recentcomments"><span class="comment-author-link">{e(name)}</span> {"发表在《" if zh else "on "}'
        f'<a href="/p/{i}#comment-{i}">{e((EN_HOT if not zh else ZH_HOT)[i])}</a>{"》" if zh else ""}</li>'
        for i, (name, _) in enumerate(pool[:4])
    )
    markup = f"""<!DOCTYPE html><html lang="{'zh-CN' if zh else 'en-US'}"><head><meta charset="UTF-8"><title>{e(story.title)} &#8211; {site}</title>
<meta property="og:type" content="article"><meta property="og:title" content="{e(story.title)}"><meta property="og:site_name" content="{site}">
<meta property="og:url" content="{url}"><meta property="article:published_time" content="{pub.isoformat()}">
<link rel="canonical" href="{url}"></head><body class="post-template-default single single-post postid-{n} single-format-standard">
<div id="page" class="site"><header id="masthead" class="site-header"><p class="site-title"><a href="/">{site}</a></p>
<nav id="site-navigation" class="main-navigation"><ul><li><a href="/">Home</a></li><li><a href="/about/">About</a></li><li><a href="/archives/">Archives</a></li></ul></nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-{n}" class="post-{n} post type-post status-publish format-standard hentry category-policy">
<header class="entry-header"><div class="entry-meta"><span class="posted-on">{'发布于' if zh else 'Posted on'} <a href="{url}" rel="bookmark"><time class="entry-date published" datetime="{pub.isoformat()}">{date_text}</time></a></span>
<span class="byline"> {'作者' if zh else 'by'} <span class="author vcard"><a class="url fn n" href="/author/{n}/">{e(author)}</a></span></span></div>
<h1 class="entry-title">{e(story.title)}</h1></header>
<div class="entry-content">{paras(lines)}</div>
<footer class="entry-footer"><span class="cat-links">{'分类' if zh else 'Posted in'} <a href="/category/policy/" rel="category tag">Policy</a></span>
<span class="tags-links">{'标签：' if zh else 'Tagged '}<a href="/tag/ai/" rel="tag">AI</a>, <a href="/tag/china/" rel="tag">China</a></span></footer></article>
<nav class="navigation post-navigation"><div class="nav-links"><div class="nav-previous"><a href="/p/prev" rel="prev"><span class="meta-nav">{'上一篇' if zh else 'Previous Post'}</span> {e(EN_HOT[0] if not zh else ZH_HOT[0])}</a></div></div></nav>
{comments_html}</main></div>
<aside id="secondary" class="widget-area"><section class="widget widget_search"><form role="search"><input type="search" name="s"></form></section>
<section class="widget widget_recent_entries"><h2 class="widget-title">{'近期文章' if zh else 'Recent Posts'}</h2><ul>{recent}</ul></section>
<section class="widget widget_recent_comments"><h2 class="widget-title">{'近期评论' if zh else 'Recent Comments'}</h2><ul id="recentcomments">{recent_comments}</ul></section>
<section class="widget widget_tag_cloud"><h2 class="widget-title">{'标签' if zh else 'Tags'}</h2><div class="tagcloud"><a href="/tag/ai/">AI</a> <a href="/tag/chips/">Chips</a> <a href="/tag/china/">China</a> <a href="/tag/export/">Export controls</a> <a href="/tag/llm/">LLM</a></div></section></aside></div>
<footer id="colophon" class="site-footer"><div class="site-info"><a href="https://wordpress.org/">Proudly powered by WordPress</a> | © 2025 {site}</div></footer></div></body></html>"""
    return Page("wordpress-zh" if zh else "wordpress-en", url, markup, title=story.title, published=pub, authors=(author,),
                language="zh-Hans" if zh else "en", body=lines, comments=comments,
                noise=["Leave a Reply", "says:", "说道：", "Proudly powered", "Recent Posts", "Recent Comments", "近期评论", "thoughts on", "Comments (0)", "评论 (0)"])


def t_wp_comment_page(n: int, pool: Sequence[tuple[str, str]]) -> Page:
    """WordPress ?cpage=2: the comment list of an article, page 2, and nothing else."""
    comments = depth_first(thread(pool, 5, 8, datetime(2025, 1, 31, 2, 0, tzinfo=UTC), SH, reply_every=2))
    for i, c in enumerate(comments):
        c.external_id = str(900 + i)
    fmt = lambda d: f"{d.year}年{d.month}月{d.day}日 {'下午' if d.hour >= 12 else '上午'}{(d.hour - 1) % 12 + 1}:{d.minute:02d}"  # noqa: E731
    items = nested_html(comments, lambda i, c, k: wp_comment(i, c, k, "说道：", SH, fmt), lambda inner: f'<ol class="children">{inner}</ol>')
    markup = f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="UTF-8"><title>评论 第2页 &#8211; 码农茶话</title></head>
<body class="comment-paged"><header class="site-header"><p class="site-title"><a href="/">码农茶话</a></p></header>
<div id="comments" class="comments-area"><h2 class="comments-title">评论（第2页）</h2><ol class="comment-list">{items}</ol>
<nav class="comment-navigation"><a href="?cpage=1">较早评论</a></nav></div></body></html>"""
    return Page("comment-page-wp", f"https://manongchahua.net/2025/01/30/post-{n}/?cpage=2", markup, is_article=False,
                comments=comments, language="zh-Hans")


def t_content_farm(n: int, story: Story, lines: Sequence[str], day: datetime) -> Page:
    """Content farm like sample 004: no metadata; site name + date + view count glued in one line;
    welcome banner; permalink footer; tag cloud; 相关文章; empty 网友评论."""
    site = ["chatGPT网址", "AI工具导航", "chatgpt中文教程网", "GPT4o网址"][n % 4]
    url = f"https://gptwangzhi.top/chatgpt/{498 + n}.html"
    views = 40 + n * 13
    tags = "".join(f'<a href="/tags/{i}.html">{t}</a>' for i, t in enumerate(["chatgpt中文版", "讯飞星火GPT介绍", "chatgpt会员能续费吗", "chatgpt会员续费", "GPT商店", "GPTs商店", "GPTs官网", "chatGPT商店", "GPT Builder"]))
    related = "".join(f'<li><a href="/chatgpt/{400 + i}.html">{e(t)}</a></li>' for i, t in enumerate(ZH_HOT[:5]))
    markup = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{e(story.title)}_{site}</title><meta name="keywords" content="chatgpt"></head>
<body><div class="header"><div class="logo"><a href="/">{site}</a></div><ul class="menu"><li><a href="/">首页</a></li><li><a href="/chatgpt/">chatgpt</a></li><li><a href="/gpt4/">GPT4</a></li><li><a href="/ai/">AI工具</a></li></ul></div>
<div class="container"><div class="article"><h1 class="article-title">{e(story.title)}</h1>
<div class="article-meta"><span class="item">{site}</span><span class="item">{day:%Y-%m-%d}</span><span class="item">{views}</span></div>
<div class="article-content"><p><strong>chatgpt</strong> 欢迎访问{site},学习chatgpt相关知识,以下是正文内容:</p>
{paras(lines)}
<p>本文链接:<a href="{url}">{url}</a></p></div>
<div class="article-tags">{tags}</div>
<div class="relates"><h3>相关文章</h3><ul>{related}</ul></div>
<div class="pinglun"><h3>网友评论</h3></div></div>
<div class="sidebar"><div class="widget"><h3>最新文章</h3><ul>{related}</ul></div></div></div>
<div class="footer">Copyright © 2024 {site} 版权所有 <a href="https://beian.miit.gov.cn/">豫ICP备2023012345号</a></div></body></html>"""
    return Page("content-farm", url, markup, title=story.title, published=day, language="zh-Hans", body=lines,
                noise=["欢迎访问", "以下是正文内容", "本文链接", "相关文章", "网友评论", "GPT Builder", "讯飞星火GPT介绍", f"{day:%Y-%m-%d}{views}"])


def t_tw_big5(n: int, story: Story, idx: Sequence[int], pub: datetime) -> Page:
    """Taiwan portal in Big5 bytes: OpenGraph only, date in the byline without a zone (read in
    Asia/Taipei), the sample's pinyin-injected text, photo caption, reprint notice, footer."""
    author = ["王小明", "林佳慧", "陳建宏", "黃怡君"][n % 4]
    url = f"https://tech.example.com.tw/news/2025/{pub:%m%d}/{8800 + n}"
    noisy = [story.noisy[i] for i in idx]
    clean = [story.paragraphs[i] for i in idx]
    shown = list(noisy)
    if story.caption:
        shown.insert(min(2, len(shown)), story.caption)
    tail = ["本文系網(wǎng)獨(dú)家稿件,未經(jīng)授權(quán),不得轉(zhuǎn)載。"]
    hot = "".join(f'<li><a href="/news/{i}">{e(t)}</a></li>' for i, t in enumerate(TW_HOT))
    markup = f"""<!DOCTYPE html><html lang="zh-Hant-TW"><head><meta http-equiv="Content-Type" content="text/html; charset=big5"><title>{e(story.title)} | 科技新報</title>
<meta property="og:title" content="{e(story.title)}"><meta property="og:site_name" content="科技新報"><meta property="og:type" content="article">
<meta property="og:url" content="{url}"></head><body><div id="top"><a href="/">科技新報</a> <a href="/ai">人工智慧</a> <a href="/semi">半導體</a> <a href="/biz">財經</a> <a href="/tech">科技</a></div>
<div id="main"><div class="article-head"><h1>{e(story.title)}</h1><div class="meta">記者 {author}／台北報導 <span class="date">{pub:%Y年%m月%d日 %H:%M}</span></div></div>
<div class="article-body">{paras(shown)}{paras(tail)}</div>
<div class="fb-comments-box"><h3>留言(0)</h3><p>暫無評論</p></div>
<div class="more-news"><h3>熱門新聞</h3><ul>{hot}</ul></div></div>
<div id="footer"><p>關(guān)于我們|版權(quán)聲明| 違法和不良信息舉報(bào)電話:010-84151598 | 網(wǎng)絡(luò)敲詐和有償刪帖舉報(bào)電話:010-84151598</p>
<p>Copyright ? 2008-2024 by {{當(dāng)前域名}}. all rights reserved</p></div></body></html>"""
    return Page("tw-big5", url, markup, encoding="big5", content_type="text/html; charset=big5", title=story.title,
                published=pub, authors=(author,), language="zh-Hant", body=clean,
                noise=["圖片來自網絡", "圖片來(lái)自", "未經授權", "不得轉載", "版權聲明", "舉報電話", "{當前域名}", "(kāi)", "留言(0)", "暫無評論"])


def t_hk_microdata(n: int, story: Story, idx: Sequence[int], pub: datetime, sample: list[RawComment], start: int, count: int) -> Page:
    """Hong Kong site: OpenGraph + itemprop datePublished, schema.org/Comment microdata items,
    flat list where replies say '回覆 @名字：' (the reply link comes from the marker)."""
    author = ["陳大文", "李嘉欣", "張志明", "何詠詩"][n % 4]
    url = f"https://www.example-news.hk/article/{3300 + n}/"
    noisy = [story.noisy[i] for i in idx]
    clean = [story.paragraphs[i] for i in idx]
    comments: list[TruthComment] = []
    blocks: list[str] = []
    for i in range(count):
        raw = sample[(start + i) % len(sample)]
        posted = (pub + timedelta(minutes=53 * i + 7)).astimezone(HK)
        parent = None
        shown = raw.text
        if i % 3 == 2:
            parent = i - 2
            shown = f"回覆 @{comments[parent].author}：{raw.text}"
        comments.append(TruthComment(raw.author, raw.text, posted, parent, f"{5100 + n * 40 + i}"))
        blocks.append(
            f'<div class="cmt" itemscope itemtype="http://schema.org/Comment" id="c-{5100 + n * 40 + i}">'
            f'<span itemprop="author" itemscope itemtype="http://schema.org/Person"><span itemprop="name">{e(raw.author)}</span></span>'
            f'<meta itemprop="dateCreated" content="{posted.isoformat()}"><span class="t">{posted:%Y-%m-%d %H:%M}</span>'
            f'<div itemprop="text">{e(shown)}</div><a class="like">讚</a></div>'
        )
    markup = f"""<!DOCTYPE html><html lang="zh-HK"><head><meta charset="utf-8"><title>{e(story.title)} - 香港科技日報</title>
<meta property="og:title" content="{e(story.title)}"><meta property="og:type" content="article"><meta property="og:site_name" content="香港科技日報">
</head><body><nav class="topnav"><a href="/">主頁</a><a href="/local">港聞</a><a href="/china">兩岸</a><a href="/intl">國際</a><a href="/tech">科技</a></nav>
<div class="wrapper"><article><h1 class="headline">{e(story.title)}</h1>
<div class="byline">撰文：{author} <time itemprop="datePublished" datetime="{pub.isoformat()}">{pub:%Y/%m/%d %H:%M}</time></div>
<div class="story">{paras(noisy)}</div></article>
<section class="user-comments"><h3>讀者留言（{count}）</h3>{''.join(blocks)}</section>
<aside class="sidebar"><h3>熱門</h3><ul>{''.join(f'<li><a href="/a/{i}">{e(t)}</a></li>' for i, t in enumerate(TW_HOT))}</ul></aside></div>
<footer><p>關於我們 | 私隱政策 | 聯絡我們</p><p>© 2025 香港科技日報 版權所有</p></footer></body></html>"""
    return Page("hk-microdata", url, markup, title=story.title, published=pub, authors=(author,), language="zh-Hant",
                body=clean, comments=comments, noise=["讀者留言", "回覆 @", "私隱政策"])


def t_en_news_disqus(n: int, story: Story, lines: Sequence[str], pub: datetime, start: int, count: int, fetched: datetime) -> Page:
    """English news site: JSON-LD NewsArticle with two authors, newsletter and related boxes in
    the body, Disqus-like threads (li.post, ul.children) with relative times ('3 hours ago')."""
    authors = (["Jane Doe", "John Roe"], ["Alicia Gomez"], ["Peter Lang", "Mei Ling"], ["Sam Ortiz"])[n % 4]
    url = f"https://www.dailyledger.com/tech/2025/01/30/story-{n}"
    comments: list[TruthComment] = []
    for i in range(count):
        name, text = ENGLISH_COMMENTS[(start + i) % len(ENGLISH_COMMENTS)]
        hours = count - i + 1
        comments.append(TruthComment(name, text, (fetched - timedelta(hours=hours)).astimezone(UTC), i - 1 if i % 3 == 1 else None, f"{40000 + n * 100 + i}"))
    comments = depth_first(comments)

    def render(i: int, c: TruthComment, kids: str) -> str:
        assert c.posted is not None
        hours = round((fetched - c.posted).total_seconds() / 3600)
        title = f"{c.posted:%A, %B} {c.posted.day}, {c.posted.year} {(c.posted.hour - 1) % 12 + 1}:{c.posted.minute:02d} {'PM' if c.posted.hour >= 12 else 'AM'}"
        return (f'<li class="post" id="post-{c.external_id}"><div class="post-content"><div class="avatar"><img src="/a.png"></div><div class="post-body">'
                f'<header class="post-header"><span class="post-byline"><span class="author publisher-anchor-color"><a href="/u/{i}">{e(c.author)}</a></span></span>'
                f' <span class="post-meta"><a class="time-ago" href="#comment-{c.external_id}" title="{title}">{hours} hours ago</a></span></header>'
                f'<div class="post-body-inner"><div class="post-message"><p>{e(c.text)}</p></div></div>'
                f'<footer class="comment__footer"><menu class="comment-footer__menu"><li class="voting"><a>Upvote</a></li><li class="reply"><a>Reply</a></li></menu></footer></div></div>{kids}</li>')

    thread_html = nested_html(comments, render, lambda inner: f'<ul class="children">{inner}</ul>')
    body_html = paras(lines[:2]) + '<div class="newsletter-promo"><p>Sign up for our Tech Brief newsletter to get the latest news every weekday.</p></div>' + paras(lines[2:4])
    body_html += '<aside class="related-links"><h4>Related</h4><ul>' + "".join(f'<li><a href="/r/{i}">{e(t)}</a></li>' for i, t in enumerate(EN_HOT)) + "</ul></aside>" + paras(lines[4:])
    markup = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{e(story.title)} | The Daily Ledger</title>
<meta property="og:title" content="{e(story.title)}"><meta property="og:type" content="article"><meta property="og:site_name" content="The Daily Ledger">
{jsonld({"@context": "https://schema.org", "@type": "NewsArticle", "headline": story.title, "datePublished": pub.isoformat().replace("+00:00", "Z"),
         "dateModified": (pub + timedelta(hours=2)).isoformat().replace("+00:00", "Z"),
         "author": [{"@type": "Person", "name": a} for a in authors], "publisher": {"@type": "Organization", "name": "The Daily Ledger"},
         "mainEntityOfPage": url})}
</head><body><header class="masthead"><a href="/" class="logo">The Daily Ledger</a><nav><a href="/world">World</a> <a href="/business">Business</a> <a href="/tech">Tech</a> <a href="/opinion">Opinion</a></nav></header>
<main><article class="story"><h1>{e(story.title)}</h1><p class="byline">By {" and ".join(authors)}</p><p class="dateline">Updated 2 hours ago</p>
<div class="share-tools"><a>Share on X</a> <a>Share on Facebook</a> <a>Email</a></div>
<div class="article-body">{body_html}</div></article>
<div id="disqus_thread"><div class="comments-count">{count} Comments</div><ul id="post-list" class="post-list">{thread_html}</ul></div></main>
<footer class="site-footer"><p><a href="/about">About Us</a> | <a href="/privacy">Privacy Policy</a> | <a href="/terms">Terms of Use</a></p><p>© 2025 The Daily Ledger. All rights reserved.</p></footer></body></html>"""
    return Page("en-news-disqus", url, markup, fetched_at=fetched, title=story.title, published=pub, authors=tuple(authors),
                language="en", body=lines, comments=comments,
                noise=["Sign up for our Tech Brief", "Upvote", "Share on X", "Comments", "Privacy Policy"])


def t_bare_blog(n: int, story: Story, lines: Sequence[str], pub: datetime | None, rel: str | None, sample: list[RawComment], start: int, count: int, fetched: datetime) -> Page:
    """A bare Chinese blog with no metadata at all: an info line (作者/发布时间/来源/阅读),
    责任编辑 at the end, flat comments whose replies start with '回复 名字：'."""
    author = ["张三", "若水", "王二小", "程序员老李"][n % 4]
    source = ["新华社", "人民网", "中国新闻网", "澎湃新闻"][n % 4]
    url = f"http://blog.example.net/archives/{1200 + n}.html"
    comments: list[TruthComment] = []
    blocks: list[str] = []
    for i in range(count):
        raw = sample[(start + i) % len(sample)]
        posted = (fetched - timedelta(minutes=5 * (count - i))).astimezone(SH).replace(second=0, microsecond=0)
        parent = i - 1 if i % 4 == 3 else None
        shown = f"回复 {comments[parent].author}：{raw.text}" if parent is not None else raw.text
        comments.append(TruthComment(raw.author, raw.text, posted, parent))
        blocks.append(f'<div class="pl-item"><a class="pl-user" href="/u/{i}">{e(raw.author)}</a> <span class="pl-time">{5 * (count - i)}分钟前</span><p class="pl-text">{e(shown)}</p></div>')
    date_text = rel if rel else f"{pub:%Y-%m-%d %H:%M}" if pub else ""
    truth_pub = pub
    markup = f"""<html><head><title>{e(story.title)} - 若水的博客</title></head><body><div id="wrap"><div class="logo">若水的博客</div>
<div class="menu"><a href="/">首页</a> | <a href="/tech">技术</a> | <a href="/life">生活</a> | <a href="/about">关于</a></div>
<div class="post"><h2>{e(story.title)}</h2><p class="info">作者：{author} | 发布时间：{date_text} | 来源：{source} | 阅读：{1234 + n}</p>
<div class="entry">{paras(lines)}</div><p>（责任编辑：刘洋）</p></div>
<div class="pinglun"><div class="pl-title">评论列表（{count}）</div>{''.join(blocks)}</div>
<div class="links">友情链接：<a href="http://a.example">某某网</a> <a href="http://b.example">某某论坛</a></div>
<div class="copy">© 2025 若水的博客 | 京ICP备12345678号</div></div></body></html>"""
    return Page("bare-blog", url, markup, fetched_at=fetched, title=story.title, published=truth_pub, authors=(author,), source=source,
                language="zh-Hans", body=lines, comments=comments, noise=["评论列表", "友情链接", "阅读：", "责任编辑", "回复 "])


def t_listing(n: int, kind: str, stories: dict[str, Story]) -> Page:
    """Not articles: a portal home page, a tag page, a search result page, a category page,
    an author page and an English section front."""
    heads = [(s.title, s.paragraphs[0][:80]) for s in stories.values()]
    if kind == "home":
        url, lang = "https://www.guancha.cn/", "zh-CN"
    elif kind == "tag":
        url, lang = "https://manongchahua.net/tag/ai/", "zh-CN"
    elif kind == "search":
        url, lang = "https://www.example-news.hk/search?q=DeepSeek", "zh-HK"
    elif kind == "category":
        url, lang = "https://techpolicynotes.com/category/policy/", "en-US"
    elif kind == "author":
        url, lang = "https://www.dailyledger.com/author/jane-doe", "en"
    else:
        url, lang = "https://www.dailyledger.com/tech", "en"
    items = "".join(
        f'<div class="news-item"><h2><a href="/a/{i}.html">{e(t)}</a></h2><p class="summary">{e(s)}…</p><span class="date">2025-01-{20 + i % 9:02d} 1{i % 10}:00</span></div>'
        for i, (t, s) in enumerate(heads * 2)
    )
    extra = jsonld({"@context": "https://schema.org", "@type": "CollectionPage", "name": "AI"}) if kind == "tag" else ""
    markup = f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{kind} - 新闻</title>{extra}</head><body>
<div class="nav">{ZH_NAV}</div><div class="list">{items}</div><div class="pager"><a>1</a> <a>2</a> <a>3</a> <a>下一页</a></div>{zh_footer("示例网")}</body></html>"""
    return Page(f"listing-{kind}", url, markup, is_article=False)


def t_netease(n: int, story: Story, lines: Sequence[str], pub: datetime, sample: list[RawComment], start: int, count: int) -> Page:
    """网易-like article: no structured date (a post_info line with a full-width space), 资料图
    caption, 本文来源/责任编辑 lines with an editor code, "热门跟贴" comments (tie-*)."""
    editor = ["王晓颖", "郭子叶", "李昊", "张然"][n % 4]
    url = f"https://www.163.com/tech/article/J{n:02d}K8ABC00097U7R.html"
    shown = list(lines[:2]) + ['<p class="f_center"><img src="https://nimg.ws.126.net/x.jpg"><br>资料图</p>'] + list(lines[2:])
    body_html = "".join(p if p.startswith("<p class=") else f"<p>{e(p)}</p>" for p in shown)
    comments: list[TruthComment] = []
    blocks: list[str] = []
    cities = ["北京市", "广东省深圳市", "上海市", "浙江省杭州市", "四川省成都市"]
    for i in range(count):
        raw = sample[(start + i) % len(sample)]
        user = f"网易{cities[(n + i) % len(cities)]}手机网友"
        posted = (pub + timedelta(minutes=41 * i + 9)).astimezone(SH)
        comments.append(TruthComment(user, raw.text, posted, None, None))
        blocks.append(f'<div class="tie-item"><div class="tie-user"><a href="#">{user}</a></div><div class="tie-cnt">{e(raw.text)}</div>'
                      f'<div class="tie-bar"><span class="tie-time">{posted:%Y-%m-%d %H:%M:%S}</span> <a class="tie-up">顶</a> <a>踩</a> <a>回复</a></div></div>')
    markup = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{e(story.title)}_网易科技</title>
<meta name="keywords" content="人工智能,芯片"><meta name="description" content="{e(lines[0][:50])}"></head><body>
<div class="ne_wrap"><div class="N-nav-channel"><a href="/">网易首页</a> <a>新闻</a> <a>体育</a> <a>娱乐</a> <a>财经</a> <a>科技</a></div>
<div class="post_main"><h1 class="post_title">{e(story.title)}</h1>
<div class="post_info">{pub:%Y-%m-%d %H:%M:%S}　来源: <a href="#">观察者网</a></div>
<div class="post_body">{body_html}</div>
<div class="post_author">本文来源：观察者网 责任编辑：{editor}_NBJ11279</div>
<div class="post_comment"><div class="tie-area"><div class="tie-titlebar"><span class="tie-title">热门跟贴</span></div><div class="tie-list">{''.join(blocks)}</div>
<div class="tie-more"><a>查看全部跟贴</a></div></div></div></div>
<div class="post_side"><div class="side_hot"><h3>热点新闻</h3><ul>{''.join(f'<li><a href="/n/{i}">{e(t)}</a></li>' for i, t in enumerate(ZH_HOT))}</ul></div></div>
<div class="N-nav-bottom"><p>About NetEase - 公司简介 - 联系方法 - 招聘信息 - 客户服务 - 隐私政策 - 广告服务 - 网站地图 - 意见反馈 - 不良信息举报</p><p>网易公司版权所有 ©1997-2025</p></div></div></body></html>"""
    return Page("netease", url, markup, title=story.title, published=pub, authors=(editor,), source="观察者网", language="zh-Hans",
                body=lines, comments=comments, noise=["资料图", "本文来源", "责任编辑", "热门跟贴", "查看全部跟贴", "NBJ11279", "网易公司版权所有"])


def t_cnn_like(n: int, story: Story, pub: datetime) -> Page:
    """English news without JSON-LD or dated meta: byline names in spans, 'Published 10:32 AM EST,
    Thu January 30, 2025', advertisement and related-article blocks inside the body, no comments."""
    authors = (["Jane Doe", "John Roe"], ["Alicia Gomez"], ["Peter Lang"])[n % 3]
    local = pub.astimezone(timezone(timedelta(hours=-5)))
    stamp = f"{(local.hour - 1) % 12 + 1}:{local.minute:02d} {'PM' if local.hour >= 12 else 'AM'} EST, {local:%a %B} {local.day}, {local.year}"
    url = f"https://edition.cnn-example.com/2025/01/30/tech/story-{n}/index.html"
    lines = story.paragraphs
    body = (paras(lines[:2], "paragraph") + '<div class="ad-slot"><span>Advertisement</span></div>'
            + paras(lines[2:3], "paragraph") + f'<div class="related-content"><a href="/r/{n}"><span>Related article</span> {e(EN_HOT[n % 4])}</a></div>'
            + paras(lines[3:], "paragraph"))
    names = " and ".join(f'<span class="byline__name">{a}</span>' for a in authors)
    markup = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{e(story.title)} | CNN Business</title>
<meta name="description" content="{e(lines[0][:100])}"></head><body><header class="header"><nav><a href="/">Home</a> <a href="/business">Business</a> <a href="/tech">Tech</a> <a href="/world">World</a></nav></header>
<main><div class="headline"><h1 class="headline__text">{e(story.title)}</h1></div>
<div class="byline"><div class="byline__names">By {names}, CNN</div><div class="timestamp">Published {stamp}</div></div>
<div class="article__content">{body}</div>
<div class="zone"><h2>More from CNN</h2><ul>{''.join(f'<li><a href="/m/{i}">{e(t)}</a></li>' for i, t in enumerate(EN_HOT))}</ul></div></main>
<footer class="footer"><p>Terms of Use | Privacy Policy | Ad Choices | Accessibility &amp; CC | About | Newsletters</p><p>© 2025 Cable News Network. All Rights Reserved.</p></footer></body></html>"""
    return Page("cnn-like", url, markup, title=story.title, published=local, authors=tuple(authors), language="en", body=lines,
                noise=["Advertisement", "Related article", "More from CNN", "All Rights Reserved"])


def t_hk_daily(n: int, story: Story, idx: Sequence[int], pub: datetime) -> Page:
    """Hong Kong daily: date with the weekday between date and time ('2025年01月30日 星期四 上午10:32'),
    記者 byline, advertisement blocks and a 資料圖片 caption inside the story, 相關新聞 list."""
    author = ["陳大文", "李嘉欣", "張志明"][n % 3]
    url = f"https://hk.dailyexample.hk/news/{pub:%Y%m%d}/{6600 + n}"
    clean = [story.paragraphs[i] for i in idx]
    local = pub.astimezone(HK)
    weekday = "一二三四五六日"[local.weekday()]
    ampm = "下午" if local.hour >= 12 else "上午"
    stamp = f"{local:%Y年%m月%d日} 星期{weekday} {ampm}{(local.hour - 1) % 12 + 1}:{local.minute:02d}"
    parts = [f"<p>{e(clean[0])}</p>", '<div class="ad-inline"><p>廣告</p></div>', '<p class="caption">資料圖片</p>'] + [f"<p>{e(p)}</p>" for p in clean[1:]]
    markup = f"""<!DOCTYPE html><html lang="zh-HK"><head><meta charset="utf-8"><title>{e(story.title)}｜香港日報</title></head><body>
<div class="top-menu"><a href="/">首頁</a> <a>港聞</a> <a>國際</a> <a>財經</a> <a>娛樂</a> <a>體育</a></div>
<div class="article-wrap"><h1>{e(story.title)}</h1><div class="article-info"><span class="reporter">記者：{author}</span> <span class="pubdate">{stamp}</span></div>
<div class="article-text">{''.join(parts)}</div>
<div class="related-news"><h3>相關新聞</h3><ul>{''.join(f'<li><a href="/r/{i}">{e(t)}</a></li>' for i, t in enumerate(TW_HOT))}</ul></div></div>
<div class="bottom"><p>關於我們 | 廣告查詢 | 私隱政策 | 聯絡我們</p><p>© 2025 香港日報有限公司 版權所有</p></div></body></html>"""
    return Page("hk-daily", url, markup, title=story.title, published=local, authors=(author,), language="zh-Hant", body=clean,
                noise=["資料圖片", "相關新聞", "私隱政策"])


def t_douban_group(n: int, story: Story, lines: Sequence[str], pub: datetime, sample: list[RawComment], start: int, count: int) -> Page:
    """豆瓣小组-like topic: the topic post is the article; replies are li.reply-item with a
    'reply-quote' block quoting the comment they answer (text and author of the quoted one)."""
    author = ["路人甲", "不吃香菜", "北方的狼"][n % 3]
    url = f"https://www.douban-example.com/group/topic/31{n:04d}567/"
    comments: list[TruthComment] = []
    blocks: list[str] = []
    for i in range(count):
        raw = sample[(start + i) % len(sample)]
        posted = (pub + timedelta(minutes=29 * i + 3)).astimezone(SH)
        parent = i - 2 if i % 4 == 3 else None
        cid = f"{45000 + n * 100 + i}"
        comments.append(TruthComment(raw.author, raw.text, posted, parent, cid))
        quote = ""
        if parent is not None:
            quoted = comments[parent]
            quote = (f'<div class="reply-quote"><span class="short">{e(quoted.text[:20])}</span><span class="all">{e(quoted.text)}</span>'
                     f'<span class="pubdate"><a href="/people/{parent}/">{e(quoted.author)}</a></span></div>')
        blocks.append(f'<li class="clearfix comment-item reply-item" id="{cid}" data-cid="{cid}"><div class="user-face"><a><img src="/u.jpg"></a></div>'
                      f'<div class="reply-doc content"><div class="bg-img-green"><h4><a href="/people/{i}/">{e(raw.author)}</a>'
                      f'<span class="pubtime">{posted:%Y-%m-%d %H:%M:%S}</span></h4></div>{quote}<p class="reply-content">{e(raw.text)}</p>'
                      f'<div class="operation_div"><a class="lnk-reply">回应</a> <a class="comment-vote">赞</a></div></div></li>')
    markup = f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{e(story.title)}</title>
<meta property="og:title" content="{e(story.title)}"><meta property="og:type" content="article"><meta property="og:site_name" content="豆瓣"></head><body>
<div id="db-global-nav"><a>豆瓣</a> <a>读书</a> <a>电影</a> <a>音乐</a> <a>小组</a></div>
<div id="wrapper"><div id="content"><h1>{e(story.title)}</h1><div class="article"><div class="topic-content clearfix">
<div class="topic-doc"><h3><span class="from">来自: <a href="/people/{author}/">{e(author)}</a></span><span class="create-time color-green">{pub.astimezone(SH):%Y-%m-%d %H:%M:%S}</span></h3>
<div class="topic-richtext">{paras(lines)}</div></div></div>
<ul id="comments" class="topic-reply">{''.join(blocks)}</ul></div></div>
<div class="aside"><div class="group-board"><p>小组简介：讨论人工智能与科技新闻</p></div></div></div>
<div id="footer"><span>© 2005－2025 douban.com, all rights reserved</span> <a>关于豆瓣</a> · <a>移动应用</a> · <a>帮助中心</a></div></body></html>"""
    return Page("douban-group", url, markup, title=story.title, published=pub, authors=(author,), language="zh-Hans", body=lines,
                comments=comments, noise=["来自:", "小组简介", "all rights reserved"])


def t_qq_like(n: int, story: Story, lines: Sequence[str], pub: datetime) -> Page:
    """腾讯新闻-like page: upper-case layout ids, one-p paragraphs, the date and a linked author in
    the header area, a 'qq' share bar and a 24小时热文 list; no comments on the page."""
    author = ["腾讯科技 周小燕", "深网 李然", "腾讯新闻 陈晨"][n % 3]
    url = f"https://new.qq.com/rain/a/20250130A0{n}XYZ00"
    body = "".join(f'<p class="one-p">{e(p)}</p>' for p in lines)
    markup = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{e(story.title)}_腾讯新闻</title>
<meta name="keywords" content="AI,芯片"><meta name="apub:time" content="{pub.astimezone(SH):%Y-%m-%d %H:%M:%S}"></head><body>
<div class="qq_navBox"><a href="/">腾讯首页</a> <a>新闻</a> <a>财经</a> <a>科技</a> <a>娱乐</a></div>
<div id="LeftTool"><a class="qq">QQ</a><a class="wx">微信</a></div>
<div class="LEFT"><h1>{e(story.title)}</h1><div class="media-info"><a class="author" href="/omn/author/{n}">{author.split()[0]}</a><span class="article-time">{pub.astimezone(SH):%Y-%m-%d %H:%M}</span></div>
<div class="content clearfix"><div class="content-article">{body}<p class="one-p">（本文作者：{author.split()[1]}）</p></div></div></div>
<div id="RIGHT"><div class="hot-24"><h2>24小时热文</h2><ul>{''.join(f'<li><a href="/n/{i}">{e(t)}</a></li>' for i, t in enumerate(ZH_HOT))}</ul></div></div>
<div class="foot"><p>Copyright © 1998 - 2025 Tencent. All Rights Reserved. 腾讯公司 版权所有</p></div></body></html>"""
    return Page("qq-like", url, markup, title=story.title, published=pub, authors=(author.split()[1],), language="zh-Hans", body=lines,
                noise=["24小时热文", "本文作者", "版权所有"])


def t_guardian_like(n: int, story: Story, pub: datetime, start: int, count: int, fetched: datetime) -> Page:
    """Guardian-like English page: og + article:published_time, 'discussion' comments with
    data-comment-id / data-comment-author, nested response threads, 'Report' and 'Recommend'."""
    url = f"https://www.guardian-example.co.uk/technology/2025/jan/30/story-{n}"
    author = ["Dan Milmo", "Alex Hern", "Kari Paul"][n % 3]
    comments: list[TruthComment] = []
    for i in range(count):
        name, text = ENGLISH_COMMENTS[(start + i) % len(ENGLISH_COMMENTS)]
        posted = (pub + timedelta(minutes=17 * i + 5)).astimezone(UTC)
        comments.append(TruthComment(name, text, posted, (i - 1) if i % 3 == 2 else None, str(170000 + n * 100 + i)))
    comments = depth_first(comments)

    def render(i: int, c: TruthComment, kids: str) -> str:
        assert c.posted is not None
        return (f'<li class="d-comment" data-comment-id="{c.external_id}" data-comment-author="{e(c.author)}">'
                f'<div class="d-comment__inner"><div class="d-comment__meta"><span class="d-comment__author"><a href="/profile/{i}">{e(c.author)}</a></span>'
                f' <a class="d-comment__timestamp" href="#comment-{c.external_id}"><time datetime="{c.posted.isoformat()}">{c.posted:%d %b %Y %H.%M}</time></a></div>'
                f'<div class="d-comment__body"><p>{e(c.text)}</p></div><div class="d-comment__actions"><button>Reply</button> <a>Report</a> <span class="d-comment__recommend">Recommend {i * 3}</span></div></div>'
                f'{kids}</li>')

    thread_html = nested_html(comments, render, lambda inner: f'<ul class="d-thread d-thread--responses">{inner}</ul>')
    lines = story.paragraphs
    markup = f"""<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{e(story.title)} | Technology | The Guardian</title>
<meta property="og:title" content="{e(story.title)}"><meta property="og:type" content="article"><meta property="og:site_name" content="the Guardian">
<meta property="article:published_time" content="{pub.isoformat()}"><meta property="article:author" content="https://www.guardian-example.co.uk/profile/{n}">
<meta name="author" content="{author}"></head><body><header><nav><a>News</a> <a>Opinion</a> <a>Sport</a> <a>Culture</a> <a>Lifestyle</a></nav></header>
<main><article><h1>{e(story.title)}</h1><address><a rel="author" href="/profile/{n}">{author}</a></address>
<details><summary>{pub:%a %d %b %Y %H.%M} GMT</summary></details>
<div id="maincontent"><div class="article-body-commercial-selector">{paras(lines[:3])}<aside class="element-rich-link"><p>Explore more on these topics</p></aside>{paras(lines[3:])}</div></div></article>
<section id="comments" data-component="discussion"><h2>comments ({count})</h2><p class="d-discussion__notice">Sign in or create your Guardian account to join the discussion.</p>
<ul class="d-thread d-thread--comments">{thread_html}</ul></section>
<section class="onward"><h2>Most viewed</h2><ol>{''.join(f'<li><a href="/m/{i}">{e(t)}</a></li>' for i, t in enumerate(EN_HOT))}</ol></section></main>
<footer><p>© 2025 Guardian News &amp; Media Limited or its affiliated companies. All rights reserved.</p></footer></body></html>"""
    return Page("guardian-like", url, markup, fetched_at=fetched, title=story.title, published=pub, authors=(author,), language="en",
                body=lines, comments=comments, noise=["Explore more on these topics", "Sign in or create", "Most viewed", "Recommend"])


def t_sohu_like(n: int, story: Story, lines: Sequence[str], pub: datetime) -> Page:
    """搜狐号-like article: the account name in the header, 作者 span, a 'data-role' editor line
    and '返回搜狐，查看更多' at the end of the article element; no comments on the page."""
    author = ["王力", "赵敏", "孙立"][n % 3]
    url = f"https://www.sohu.com/a/8{n:02d}123456_115479"
    markup = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{e(story.title)}_手机搜狐网</title>
<meta name="mediaid" content="观察者网"><meta property="og:type" content="news"><meta property="og:title" content="{e(story.title)}"></head><body>
<div class="head-nav"><a href="/">搜狐首页</a> <a>新闻</a> <a>体育</a> <a>汽车</a> <a>房产</a> <a>旅游</a></div>
<div class="left main"><div class="text"><div class="text-title"><h1>{e(story.title)}</h1>
<div class="article-info"><span class="time" id="news-time">{pub.astimezone(SH):%Y-%m-%d %H:%M}</span> <span class="author">作者：{author}</span></div></div>
<article class="article" id="mp-editor">{paras(lines)}<p data-role="editor-name">责任编辑：<span>{["李娜", "周杰", "吴敏"][n % 3]}</span></p>
<a href="/?strategyid=00001">返回搜狐，查看更多</a></article>
<div class="statement">平台声明：该文观点仅代表作者本人，搜狐号系信息发布平台，搜狐仅提供信息存储空间服务。</div></div></div>
<div class="sidebar right"><div class="hot-article"><h4>24小时热文</h4><ul>{''.join(f'<li><a href="/a/{i}">{e(t)}</a></li>' for i, t in enumerate(ZH_HOT))}</ul></div></div>
<div class="footer">Copyright © 2025 Sohu All Rights Reserved. 搜狐公司 版权所有</div></body></html>"""
    return Page("sohu-like", url, markup, title=story.title, published=pub, authors=(author,), language="zh-Hans", body=lines,
                noise=["返回搜狐", "平台声明", "责任编辑", "24小时热文"])


def t_floor_forum(n: int, story: Story, lines: Sequence[str], pub: datetime, sample: list[RawComment], start: int, count: int) -> Page:
    """An old portal's comment table: each comment is two rows, '3楼 名字 2025-01-30 12:00' then the
    text; replies quote nobody but start with '回复 名字：'."""
    url = f"http://news.oldportal.com.cn/gj/2025/01/30/{31000 + n}.shtml"
    comments: list[TruthComment] = []
    rows: list[str] = []
    for i in range(count):
        raw = sample[(start + i) % len(sample)]
        posted = (pub + timedelta(minutes=23 * i + 6)).astimezone(SH)
        parent = i - 1 if i % 3 == 2 else None
        shown = f"回复 {comments[parent].author}：{raw.text}" if parent is not None else raw.text
        comments.append(TruthComment(raw.author, raw.text, posted, parent))
        rows.append(f'<tr><td class="pl-head">{i + 1}楼 {e(raw.author)} {posted:%Y-%m-%d %H:%M}</td></tr><tr><td class="pl-body">{e(shown)}</td></tr>')
    markup = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"><title>{e(story.title)}-国际新闻-老门户网</title></head>
<body><table width="960" align="center"><tr><td class="topnav"><a href="/">首页</a> | <a>国际</a> | <a>国内</a> | <a>社会</a> | <a>论坛</a></td></tr></table>
<table width="960" align="center"><tr><td valign="top" width="640"><h1>{e(story.title)}</h1>
<div class="laiyuan">{pub.astimezone(SH):%Y年%m月%d日 %H:%M}　来源：人民网　作者：{["钟声", "任平", "国纪平"][n % 3]}</div>
<div id="zoom">{paras(lines)}</div>
<table class="pinglun" width="100%"><tr><td class="pl-title">网友评论（{count}条）</td></tr>{''.join(rows)}</table></td>
<td valign="top" width="300" class="right"><div class="hot"><b>新闻排行</b><ul>{''.join(f'<li><a href="/r/{i}">{e(t)}</a></li>' for i, t in enumerate(ZH_HOT))}</ul></div></td></tr></table>
<div class="bottom">关于我们 | 广告服务 | 联系方式 | 京ICP证040089号</div></body></html>"""
    return Page("floor-forum-gbk", url, markup, encoding="gbk", content_type="text/html; charset=gbk", title=story.title, published=pub,
                authors=(["钟声", "任平", "国纪平"][n % 3],), source="人民网", language="zh-Hans", body=lines, comments=comments,
                noise=["网友评论", "楼 ", "新闻排行", "ICP"])


def t_at_mention_blog(n: int, story: Story, pub: datetime, start: int, count: int) -> Page:
    """An English personal blog with a flat comment list where replies start with '@Name'."""
    url = f"https://jane-notes.example.org/posts/{pub:%Y-%m-%d}-chips-{n}"
    comments: list[TruthComment] = []
    items: list[str] = []
    for i in range(count):
        name, text = ENGLISH_COMMENTS[(start + i) % len(ENGLISH_COMMENTS)]
        posted = (pub + timedelta(hours=i + 1)).astimezone(UTC)
        parent = i - 1 if i % 2 == 1 and comments[i - 1].author != name else None
        shown = f"@{comments[parent].author} {text}" if parent is not None else text
        comments.append(TruthComment(name, text, posted, parent, f"c{n}{i}"))
        items.append(f'<div class="comment" id="c{n}{i}"><p class="meta"><strong>{e(name)}</strong> &middot; {posted:%B} {posted.day}, {posted.year} {posted:%H:%M} UTC</p><p>{e(shown)}</p></div>')
    markup = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{e(story.title)} — Jane's notes</title>
<meta name="author" content="Jane Park"><meta name="date" content="{pub.isoformat()}"></head><body>
<header><a href="/">Jane's notes</a> <nav><a href="/posts">Posts</a> <a href="/about">About</a> <a href="/feed.xml">RSS</a></nav></header>
<main><h1>{e(story.title)}</h1><p class="post-meta">{pub:%B} {pub.day}, {pub.year}</p>{paras(story.paragraphs)}
<section class="comments"><h2>{count} Comments</h2>{''.join(items)}</section></main>
<footer><p>© 2025 Jane Park. Built with a static site generator.</p></footer></body></html>"""
    return Page("at-mention-blog", url, markup, title=story.title, published=pub, authors=("Jane Park",), language="en",
                body=story.paragraphs, comments=comments, noise=["Comments", "Built with"])


def t_ifeng_like(n: int, story: Story, lines: Sequence[str], pub: datetime, sample: list[RawComment], start: int, count: int, fetched: datetime) -> Page:
    """凤凰网-like page: comment blocks named only 'box', a location next to the user, relative
    times ('3小时前'), 支持(N) buttons, replies nested in a 'reply-box'."""
    url = f"https://news.ifeng-example.com/c/8{n}AbCdEf{n}"
    comments: list[TruthComment] = []
    for i in range(count):
        raw = sample[(start + i) % len(sample)]
        hours = count - i + 1
        posted = (fetched - timedelta(hours=hours)).astimezone(SH).replace(second=0, microsecond=0)
        comments.append(TruthComment(raw.author, raw.text, posted, i - 1 if i % 3 == 1 else None, None))
    comments = depth_first(comments)

    def render(i: int, c: TruthComment, kids: str) -> str:
        assert c.posted is not None
        hours = round((fetched - c.posted).total_seconds() / 3600)
        return (f'<div class="box"><div class="user"><img src="/h.png"><a class="name" href="#">{e(c.author)}</a> <span class="loc">[{["北京", "广东", "上海"][i % 3]}]</span></div>'
                f'<div class="text">{e(c.text)}</div><div class="foot"><span class="time">{hours}小时前</span> <a class="reply">回复</a> <a class="support">支持({i * 2})</a></div>'
                f'{kids}</div>')

    thread_html = nested_html(comments, render, lambda inner: f'<div class="reply-box">{inner}</div>')
    markup = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{e(story.title)}_凤凰网资讯_凤凰网</title>
<meta property="og:title" content="{e(story.title)}"><meta name="og:time " content="{pub.astimezone(SH):%Y-%m-%d %H:%M:%S}"></head><body>
<div class="header-nav"><a>资讯</a> <a>财经</a> <a>娱乐</a> <a>体育</a> <a>时尚</a></div>
<div class="main"><div class="artical"><h1 class="topic">{e(story.title)}</h1><p class="info"><span>{pub.astimezone(SH):%Y年%m月%d日 %H:%M}</span> <span>来源：环球时报</span></p>
<div class="main_content">{paras(lines)}</div></div>
<div class="comment-list"><h3>最新评论</h3>{thread_html}<a class="more">查看全部评论</a></div></div>
<div class="aside"><h4>大家都在看</h4><ul>{''.join(f'<li><a href="/n/{i}">{e(t)}</a></li>' for i, t in enumerate(ZH_HOT))}</ul></div>
<div class="footer">凤凰网版权所有 © 2025</div></body></html>"""
    return Page("ifeng-like", url, markup, fetched_at=fetched, title=story.title, published=pub, authors=(), source="环球时报",
                language="zh-Hans", body=lines, comments=comments, noise=["最新评论", "大家都在看", "支持(", "查看全部评论"])


def t_reddit_like(n: int, story: Story, pub: datetime, start: int, count: int) -> Page:
    """old-Reddit-like thread: the link post's self text is the article; comments are div.thing with
    data-author, a tagline, usertext-body, buttons, children in div.child > div.sitetable."""
    url = f"https://old.reddit-example.com/r/technology/comments/1ab{n}cd/story_{n}/"
    comments: list[TruthComment] = []
    for i in range(count):
        name, text = ENGLISH_COMMENTS[(start + i) % len(ENGLISH_COMMENTS)]
        user = name.replace(" ", "_").replace(".", "")
        posted = (pub + timedelta(minutes=31 * i + 4)).astimezone(UTC)
        comments.append(TruthComment(user, text, posted, i - 1 if i % 2 == 1 else None, f"t1_k{n}{i:02d}"))
    comments = depth_first(comments)

    def render(i: int, c: TruthComment, kids: str) -> str:
        assert c.posted is not None
        return (f'<div class="thing comment" id="thing_{c.external_id}" data-fullname="{c.external_id}" data-author="{e(c.author)}">'
                f'<div class="entry"><p class="tagline"><a class="expand">[–]</a><a href="/user/{e(c.author)}" class="author">{e(c.author)}</a>'
                f' <span class="score">{i + 3} points</span> <time datetime="{c.posted.isoformat()}">{i + 1} hours ago</time></p>'
                f'<div class="usertext-body"><div class="md"><p>{e(c.text)}</p></div></div>'
                f'<ul class="flat-list buttons"><li><a>permalink</a></li><li><a>save</a></li><li><a>reply</a></li></ul></div>'
                f'<div class="child">{kids}</div></div>')

    thread_html = nested_html(comments, render, lambda inner: f'<div class="sitetable listing">{inner}</div>')
    markup = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{e(story.title)} : technology</title>
<meta property="og:title" content="{e(story.title)}"><meta property="og:type" content="article"></head><body>
<div id="header"><a href="/">reddit</a> <span class="pagename">technology</span></div>
<div class="side"><div class="titlebox"><h1>technology</h1><p>Subreddit dedicated to the news and discussions about technology.</p></div></div>
<div class="content" role="main"><div class="sitetable linklisting"><div class="thing link self"><p class="title"><a class="title">{e(story.title)}</a></p>
<p class="tagline">submitted <time datetime="{pub.isoformat()}">{pub:%a %b} {pub.day} {pub:%H:%M:%S %Y} UTC</time> by <a href="/user/policy_watch" class="author">policy_watch</a></p>
<div class="expando"><div class="usertext-body"><div class="md">{paras(story.paragraphs)}</div></div></div></div></div>
<div class="commentarea"><div class="panestack-title"><span class="title">all {count} comments</span></div><div class="sitetable nestedlisting">{thread_html}</div></div></div>
<div class="footer-parent"><p>Use of this site constitutes acceptance of our User Agreement and Privacy Policy. © 2025 reddit inc. All rights reserved.</p></div></body></html>"""
    return Page("reddit-like", url, markup, title=story.title, published=pub, authors=("policy_watch",), language="en",
                body=story.paragraphs, comments=comments, noise=["permalink", "points", "User Agreement", "Subreddit dedicated"])


# -- the set -----------------------------------------------------------------------------------


def build() -> list[Page]:
    st = load_stories()
    sample = load_sample_comments()
    zh_pool = [(c.author, c.text) for c in sample]
    en_pool = list(ENGLISH_COMMENTS)
    pages: list[Page] = []
    t0 = datetime(2025, 1, 30, 10, 32, tzinfo=SH)

    def when(i: int, zone: Any) -> datetime:
        return (t0 + timedelta(hours=7 * i, minutes=13 * i)).astimezone(zone).replace(second=0)

    s001, s002, s004 = st["001"], st["002"], st["004"]
    for n, (story, sl, start, count, br) in enumerate([
        (s001, slice(0, None), 0, 48, False), (s001, slice(0, 9), 10, 14, True), (s001, slice(8, None), 20, 10, False),
        (s002, slice(0, 12), 5, 16, True), (s002, slice(12, None), 30, 12, False),
    ]):
        lines = story.paragraphs[sl]
        pages.append(t_portal_textonly(n, story, lines, when(n, SH), sample, start, count, br))
    for n, (story, sl, start, count) in enumerate([
        (s001, slice(0, 10), 0, 9), (s002, slice(0, 10), 12, 12), (s002, slice(10, 20), 24, 7), (s004, slice(0, 15), 3, 10), (s001, slice(10, None), 36, 6),
    ]):
        pages.append(t_portal_threaded_gbk(n, story, story.paragraphs[sl], when(10 + n, SH), sample, start, count))
    pages.append(t_comment_page_gbk(1, sample))
    for n, (key, start, count) in enumerate([("en1", 0, 7), ("en2", 3, 5), ("en3", 6, 9), ("en1", 9, 0), ("en2", 1, 4)]):
        pages.append(t_wordpress(n, st[key], st[key].paragraphs, when(20 + n, UTC), en_pool, start, count, zh=False))
    for n, (story, sl, start, count) in enumerate([(s004, slice(0, 12), 2, 6), (s002, slice(3, 14), 14, 9), (s001, slice(2, 12), 28, 0), (s004, slice(12, 24), 40, 5)]):
        pages.append(t_wordpress(10 + n, story, story.paragraphs[sl], when(30 + n, SH), zh_pool, start, count, zh=True))
    pages.append(t_wp_comment_page(10, zh_pool))
    for n, (story, sl) in enumerate([(s004, slice(0, None)), (s002, slice(0, 15)), (s004, slice(5, 20)), (s002, slice(15, None))]):
        day = datetime(2024, 7, 14 + n, tzinfo=SH)
        pages.append(t_content_farm(n, story, story.paragraphs[sl], day))
    s000, s003 = st["000"], st["003"]
    for n, (story, idx) in enumerate([(s000, range(10)), (s003, range(7)), (s000, range(0, 6)), (s003, range(2, 7))]):
        pages.append(t_tw_big5(n, story, list(idx), when(40 + n, TP)))
    for n, (story, idx, start, count) in enumerate([(s003, range(7), 0, 8), (s000, range(10), 9, 6), (s000, range(3, 10), 17, 11), (s003, range(0, 5), 25, 5)]):
        pages.append(t_hk_microdata(n, story, list(idx), when(50 + n, HK), sample, start, count))
    fetched_en = datetime(2025, 1, 31, 20, 0, tzinfo=UTC)
    for n, (key, start, count) in enumerate([("en1", 0, 8), ("en2", 4, 6), ("en3", 2, 10), ("en3", 7, 3)]):
        pages.append(t_en_news_disqus(n, st[key], st[key].paragraphs, when(60 + n, UTC) - timedelta(days=20), start, count, fetched_en))
    fetched_blog = datetime(2025, 2, 2, 6, 30, tzinfo=UTC)
    for n, (story, sl, start, count, rel) in enumerate([
        (s002, slice(0, 8), 1, 8, None), (s001, slice(3, 13), 11, 9, "3小时前"), (s004, slice(3, 18), 21, 6, "昨天 21:05"), (s002, slice(20, None), 33, 12, None),
    ]):
        fetched_local = fetched_blog.astimezone(SH)
        if rel == "3小时前":
            pub = (fetched_local - timedelta(hours=3)).replace(second=0, microsecond=0)
        elif rel:
            pub = (fetched_local - timedelta(days=1)).replace(hour=21, minute=5, second=0, microsecond=0)
        else:
            pub = when(70 + n, SH) - timedelta(days=20)   # before the capture
        pages.append(t_bare_blog(n, story, story.paragraphs[sl], pub, rel, sample, start, count, fetched_blog))
    for n, (story, sl, start, count) in enumerate([(s001, slice(0, 8), 4, 7), (s004, slice(10, 25), 17, 5), (s002, slice(5, 16), 30, 9)]):
        pages.append(t_netease(n, story, story.paragraphs[sl], when(80 + n, SH), sample, start, count))
    for n, key in enumerate(["en1", "en2", "en3"]):
        pages.append(t_cnn_like(n, st[key], when(90 + n, UTC)))
    for n, (story, idx) in enumerate([(s000, range(1, 9)), (s003, range(7)), (s000, range(0, 5))]):
        pages.append(t_hk_daily(n, story, list(idx), when(95 + n, HK)))
    for n, (story, sl, start, count) in enumerate([(s002, slice(0, 6), 2, 9), (s004, slice(20, 31), 13, 8), (s001, slice(12, 19), 26, 12)]):
        pages.append(t_douban_group(n, story, story.paragraphs[sl], when(100 + n, SH), sample, start, count))
    for n, (story, sl) in enumerate([(s002, slice(2, 12)), (s001, slice(5, 15)), (s004, slice(0, 10))]):
        pages.append(t_qq_like(n, story, story.paragraphs[sl], when(105 + n, SH)))
    for n, (key, start, count) in enumerate([("en3", 1, 8), ("en1", 5, 6), ("en2", 9, 4)]):
        pages.append(t_guardian_like(n, st[key], when(110 + n, UTC), start, count, datetime(2025, 4, 1, tzinfo=UTC)))
    for n, (story, sl) in enumerate([(s001, slice(1, 11)), (s002, slice(8, 18))]):
        pages.append(t_sohu_like(n, story, story.paragraphs[sl], when(115 + n, SH)))
    for n, (story, sl, start, count) in enumerate([(s004, slice(2, 14), 6, 8), (s002, slice(18, 26), 19, 10)]):
        pages.append(t_floor_forum(n, story, story.paragraphs[sl], when(120 + n, SH), sample, start, count))
    for n, (key, start, count) in enumerate([("en2", 2, 6), ("en1", 7, 5)]):
        pages.append(t_at_mention_blog(n, st[key], when(125 + n, UTC), start, count))
    fetched_if = datetime(2025, 3, 20, 8, 0, tzinfo=UTC)
    for n, (story, sl, start, count) in enumerate([(s001, slice(0, 9), 8, 7), (s004, slice(4, 16), 24, 9)]):
        pages.append(t_ifeng_like(n, story, story.paragraphs[sl], datetime(2025, 3, 19, 9, 5 + n, tzinfo=SH), sample, start, count, fetched_if))
    for n, (key, start, count) in enumerate([("en3", 3, 7), ("en2", 8, 6)]):
        pages.append(t_reddit_like(n, st[key], when(130 + n, UTC), start, count))
    for n, kind in enumerate(["home", "tag", "search", "category", "author", "section"]):
        pages.append(t_listing(n, kind, st))
    return pages


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt else None


def capture_time(page: Page) -> datetime:
    """When the page was captured: as the template says, else FETCHED or, for a page dated later,
    a day after its newest date (no page is captured before it was published or commented on)."""
    if page.fetched_at is not None:
        return page.fetched_at
    dates = [d for d in (page.published, *(c.posted for c in page.comments)) if d is not None]
    return max([FETCHED, *(d + timedelta(days=1) for d in dates)])


def main() -> None:
    PAGES.mkdir(exist_ok=True)
    for old in PAGES.glob("*.html"):
        old.unlink()
    truth = []
    for i, page in enumerate(build()):
        name = f"{i:03d}_{page.template}.html"
        (PAGES / name).write_bytes(page.markup.encode(page.encoding, errors="xmlcharrefreplace"))
        truth.append({
            "file": name, "template": page.template, "url": page.url, "content_type": page.content_type,
            "encoding": page.encoding, "fetched_at": _iso(capture_time(page)), "is_article": page.is_article,
            "title": page.title, "published": _iso(page.published), "authors": list(page.authors), "source": page.source,
            "language": page.language, "body": list(page.body),
            "comments": [{"author": c.author, "text": c.text, "posted": _iso(c.posted), "reply_to": c.reply_to,
                          "external_id": c.external_id} for c in page.comments],
            "noise": list(page.noise),
        })
    (HERE / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    size = sum(p.stat().st_size for p in PAGES.glob("*.html"))
    print(f"{len(truth)} pages, {len({t['template'] for t in truth})} templates, {size / 1e6:.2f} MB of HTML")


if __name__ == "__main__":
    main()
