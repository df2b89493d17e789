"""HTML of the integration test news site: several templates, charsets and comment layouts.

Each article has its own title and paragraphs, so the archive can be checked article by article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape


@dataclass(frozen=True)
class CommentSpec:
    cid: str
    author: str
    text: str
    posted: str  # "2024-07-14 10:05"
    replies: tuple[CommentSpec, ...] = ()


@dataclass(frozen=True)
class ArticleSpec:
    path: str
    title: str
    paragraphs: tuple[str, ...]
    published: str  # ISO date-time with zone
    template: str  # "wp" | "portal" | "legacy" | "en"
    author: str = "本报记者 李明"
    comments: tuple[CommentSpec, ...] = ()
    comment_page_2: tuple[CommentSpec, ...] = ()
    extra_head: str = ""
    language: str = "zh-CN"
    source: str | None = None


def _paragraphs(subject: str, place: str, figure: str) -> tuple[str, ...]:
    return (
        f"据{place}方面消息，{subject}一事在本周引发广泛关注，相关部门已于当天上午召开专题会议，研究部署下一步工作安排。",
        f"记者在现场看到，{place}的工作人员正在有序开展各项准备工作，不少市民也主动参与其中，现场秩序井然，气氛热烈而务实。",
        f"据初步统计，此次涉及的资金规模约为{figure}，比去年同期增长明显，多位专家认为这一数字反映出当地经济的韧性与活力。",
        f"有受访者表示，{subject}对普通家庭的日常生活影响不大，但对相关行业的长期发展具有重要意义，值得持续跟踪观察。",
        f"相关负责人强调，下一阶段将继续加强统筹协调，完善配套政策，确保{subject}各项措施落到实处、见到实效，让群众有更多获得感。",
    )


def _comment_html(comment: CommentSpec) -> str:
    replies = ""
    if comment.replies:
        replies = '<ol class="children">' + "".join(_comment_html(r) for r in comment.replies) + "</ol>"
    return (
        f'<li class="comment" id="comment-{comment.cid}"><article class="comment-body">'
        f'<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">{escape(comment.author)}</b></div>'
        f'<div class="comment-metadata"><time datetime="{comment.posted.replace(" ", "T")}:00+08:00">{comment.posted}</time></div></footer>'
        f'<div class="comment-content"><p>{escape(comment.text)}</p></div>'
        f'<div class="reply"><a class="comment-reply-link" href="#respond">回复</a></div>'
        f"</article>{replies}</li>"
    )


def comments_block(comments: tuple[CommentSpec, ...], next_page: str | None) -> str:
    if not comments:
        return ""
    more = f'<div class="comment-navigation"><a href="{next_page}">更多评论</a></div>' if next_page else ""
    return (
        '<section id="comments" class="comments-area"><h2 class="comments-title">网友评论</h2>'
        f'<ol class="commentlist">{"".join(_comment_html(c) for c in comments)}</ol>{more}</section>'
    )


NAV = (
    '<nav class="site-nav"><a href="/">首页</a> | <a href="/news/">新闻</a> | <a href="/private/secret.html">内部</a>'
    ' | <a href="/search?q=%E5%8F%B0%E9%A3%8E">搜索</a> | <a href="/calendar/2026/01/">日历</a></nav>'
)
NAV_TW = (
    '<nav class="site-nav"><a href="/">首頁</a> | <a href="/news/">新聞</a> | <a href="/private/secret.html">內部</a>'
    ' | <a href="/calendar/2026/01/">日曆</a></nav>'
)
FOOTER_TW = '<footer class="site-footer"><a href="/about.html">關於我們</a> | 版權聲明 | Copyright &copy; 2008-2024</footer>'
FOOTER = '<footer class="site-footer"><a href="/about.html">关于我们</a> | 版权声明 | 举报电话：12345 Copyright © 2008-2024</footer>'


def article_html(spec: ArticleSpec, charset: str | None, comment_page: str | None = None) -> str:
    meta_charset = f'<meta charset="{charset}">' if charset else ""
    traditional = spec.language == "zh-TW"
    nav, footer, suffix = (NAV_TW, FOOTER_TW, "測試新聞網") if traditional else (NAV, FOOTER, "测试新闻网")
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in spec.paragraphs)
    comments = comments_block(spec.comments, comment_page)
    source = f"<span class=\"source\">来源：{escape(spec.source)}</span>" if spec.source else ""
    jsonld = (
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
        f'"headline":"{spec.title}","datePublished":"{spec.published}",'
        f'"author":{{"@type":"Person","name":"{spec.author}"}}}}</script>'
    )
    head = (
        f"<head>{meta_charset}<title>{escape(spec.title)} - {suffix}</title>"
        f'<meta property="og:type" content="article"><meta property="og:title" content="{escape(spec.title)}">'
        f"{jsonld}{spec.extra_head}</head>"
    )
    date_line = spec.published[:16].replace("T", " ")
    if spec.template == "wp":
        body = (
            f'{nav}<main><article class="post"><h1 class="entry-title">{escape(spec.title)}</h1>'
            f'<div class="entry-meta">{escape(spec.author)} <time class="published" datetime="{spec.published}">{date_line}</time> {source}</div>'
            f'<div class="entry-content">{paragraphs}</div></article>{comments}'
            f'<aside class="related"><h3>相关新闻</h3><a href="/news/2024/07/chip-export.html">芯片出口新规</a></aside></main>{footer}'
        )
    elif spec.template == "portal":
        body = (
            f'{nav}<div id="content"><div class="main"><h1>{escape(spec.title)}</h1>'
            f'<div class="info"><span class="date">{date_line}</span> {source} <span class="author">作者：{escape(spec.author)}</span></div>'
            f'<div class="article-body">{paragraphs}</div>'
            f'<div class="print"><a href="/print/{spec.path.rsplit("/", 1)[-1]}">打印本页</a></div></div>{comments}</div>{footer}'
        )
    elif spec.template == "legacy":
        body = (
            f'{nav}<table width="100%"><tr><td class="left"><a href="/news/">返回列表</a></td><td class="main">'
            f'<h1 class="title">{escape(spec.title)}</h1><div class="time">{date_line} {escape(spec.author)}</div>'
            f'<div id="zoom">{paragraphs}</div></td></tr></table>{comments}{footer}'
        )
    else:  # "en"
        body = (
            '<nav><a href="/">Home</a> <a href="/news/">News</a></nav><main><article>'
            f'<h1>{escape(spec.title)}</h1><p class="byline">By {escape(spec.author)}, <time datetime="{spec.published}">{date_line}</time></p>'
            f"{paragraphs}</article>{comments}</main><footer>About us | Contact</footer>"
        )
    lang = spec.language
    return f'<!DOCTYPE html><html lang="{lang}">{head}<body>{body}</body></html>'


def comment_page_html(spec: ArticleSpec, charset: str = "utf-8") -> str:
    """The second page of an article's comments: only the comment list, a link back."""
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="{charset}"><title>{escape(spec.title)} - 评论第2页</title></head>'
        f'<body>{NAV}<p><a href="{spec.path}">返回原文：{escape(spec.title)}</a></p>'
        f"{comments_block(spec.comment_page_2, None)}{FOOTER}</body></html>"
    )


def listing_html(title: str, links: list[tuple[str, str]], extra: str = "", head: str = "") -> str:
    items = "".join(f'<li><a href="{href}">{escape(text)}</a> <span class="date">2024-07-14</span></li>' for href, text in links)
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title)}</title>{head}</head>'
        f'<body>{NAV}<h2>{escape(title)}</h2><ul class="news-list">{items}</ul>{extra}{FOOTER}</body></html>'
    )


@dataclass
class Catalog:
    """All articles of the site, by path."""

    articles: dict[str, ArticleSpec] = field(default_factory=dict)

    def add(self, spec: ArticleSpec) -> ArticleSpec:
        self.articles[spec.path] = spec
        return spec


def build_catalog() -> Catalog:
    c = Catalog()
    c.add(ArticleSpec(
        "/news/2024/07/typhoon.html", "台风“格美”登陆福建 多地启动应急响应",
        _paragraphs("台风防御", "福建省气象台", "3.2亿元"), "2024-07-25T19:50:00+08:00", "wp",
        comments=(
            CommentSpec("101", "用户15xxx19", "希望大家都平安，注意防范[点赞]", "2024-07-25 20:10",
                        replies=(CommentSpec("102", "海边居民", "我们这里风很大，已经停课了", "2024-07-25 20:30"),)),
            CommentSpec("103", "老张", "感谢一线工作人员的辛苦付出", "2024-07-25 21:00"),
        ),
        comment_page_2=(
            CommentSpec("104", "小李", "物资准备得很充分，点赞", "2024-07-25 21:40"),
            CommentSpec("105", "路人甲", "明天还会下大雨吗", "2024-07-25 22:15"),
        ),
    ))
    c.add(ArticleSpec(
        "/news/2024/07/chip-export.html", "芯片出口新规公布 业内人士解读影响",
        _paragraphs("芯片出口管理", "商务部", "1.3万亿元"), "2024-07-20T09:00:00+08:00", "portal",
        source="新华社",
    ))
    c.add(ArticleSpec(
        "/news/2024/07/gbk-market.html", "朱镕基经济思想研讨会在京举行",
        _paragraphs("经济思想研讨", "北京市", "5000万元"), "2024-07-18T10:30:00+08:00", "legacy",
    ))
    c.add(ArticleSpec(
        "/news/2024/07/big5-taipei.html", "臺北捷運新路線通車 市民搭乘體驗",
        (
            "據臺北市政府消息，捷運新路線於本週六正式通車，首日搭乘人次超過十二萬，沿線各站秩序良好，市民反應熱烈。",
            "記者在現場看到，許多家長帶著孩子前來體驗，車站工作人員耐心引導乘客購票、進站，並說明新路線的轉乘方式。",
            "據初步統計，新路線總投資約為八百億元，全長十四公里，設有十二座車站，預計每日可服務二十萬人次以上。",
            "有受訪者表示，新路線通車後，從住家到公司的通勤時間縮短了將近半小時，對日常生活幫助很大。",
            "相關負責人強調，未來將持續檢討班距與服務品質，並與公車路網整合，讓市民的交通更加便利。",
        ),
        "2024-07-16T08:00:00+08:00", "legacy", author="記者 陳怡", language="zh-TW",
    ))
    c.add(ArticleSpec(
        "/news/2024/07/redirected.html", "老城区改造工程正式启动",
        _paragraphs("老城区改造", "广州市", "12亿元"), "2024-07-15T11:00:00+08:00", "wp",
    ))
    c.add(ArticleSpec(
        "/news/2024/07/refreshed.html", "夏季用电高峰到来 电网负荷创新高",
        _paragraphs("迎峰度夏", "国家电网", "4.5亿元"), "2024-07-14T16:00:00+08:00", "portal",
    ))
    c.add(ArticleSpec(
        "/news/2024/07/lying-header.html", "高校毕业生就业形势总体稳定",
        _paragraphs("高校毕业生就业", "教育部", "2.1亿元"), "2024-07-13T09:30:00+08:00", "wp",
    ))
    c.add(ArticleSpec(
        "/news/2024/07/flaky.html", "新能源汽车下乡活动启动",
        _paragraphs("新能源汽车下乡", "工业和信息化部", "60亿元"), "2024-07-12T14:00:00+08:00", "portal",
    ))
    c.add(ArticleSpec(
        "/news/2024/07/broken-markup.html", "暑期文旅消费持续升温",
        _paragraphs("暑期文旅消费", "文化和旅游部", "7.8亿元"), "2024-07-11T08:45:00+08:00", "wp",
    ))
    c.add(ArticleSpec(
        "/en/2024/07/harbour.html", "Harbour expansion approved after long review",
        (
            "The city council approved the long-debated harbour expansion on Tuesday, ending a review that lasted more than three years.",
            "Supporters say the project will bring thousands of jobs to the waterfront and relieve congestion at the existing container terminal.",
            "Opponents raised concerns about the effect on local fisheries, and the council attached conditions on dredging and water quality monitoring.",
            "Construction is expected to begin next spring, with the first new berths opening to shipping traffic within four years.",
        ),
        "2024-07-10T12:00:00+00:00", "en", author="Jane Doe", language="en",
    ))
    c.add(ArticleSpec(
        "/news/2024/07/busy.html", "城市更新项目获批 涉及多个老旧小区",
        _paragraphs("城市更新", "住房和城乡建设部", "9.6亿元"), "2024-07-09T10:00:00+08:00", "wp",
    ))
    return c
