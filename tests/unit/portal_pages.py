"""Small article pages modelled on the headers of major Chinese portals (and a few English sites),
each with the title, published date and authors a reader sees on it.

Written for the metadata tests (issue 15, "metadata taken from the wrong place"): every page carries
the noise that misled the extractor on real pages - a clock widget in the top bar showing the
capture time, a site-name ``<h1>`` logo, related-news lists with their own dates, a story text
mentioning other days, editor and photographer lines, meta authors that name the site - beside
the page's labelled date and visible byline. Nothing here is copied from a real page.

``published`` is ISO 8601 to the minute with the site's offset (``None``: the page shows no date);
``authors`` the people named as writing it (``()``: the page names nobody).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

#: When the pages were captured: 2024-10-09 12:00 in Shanghai.
FETCHED = datetime(2024, 10, 9, 4, 0, tzinfo=UTC)
#: A capture made months after the story (a WARC import, a late re-crawl).
FETCHED_LATER = datetime(2025, 3, 1, 2, 0, tzinfo=UTC)


@dataclass(frozen=True)
class PortalPage:
    name: str
    url: str
    html: str
    title: str
    published: str | None
    authors: tuple[str, ...]
    fetched_at: datetime = FETCHED


CLOCK = '<div class="top-bar"><span class="top-clock" id="clock">2024年10月09日 星期三 11:58</span><a href="/login">登录</a><a href="/reg">注册</a></div>'
NAV = '<div class="nav">' + "".join(f'<a href="/{i}/">{n}</a>' for i, n in enumerate(["首页", "国内", "国际", "财经", "科技", "体育"])) + "</div>"
RELATED = (
    '<div class="related-news"><h3>相关新闻</h3><ul>'
    '<li><a href="/a/1.html">多地出台措施促进消费 假期市场活力足</a><span class="time">2024-10-09 11:20</span></li>'
    '<li><a href="/a/2.html">国庆假期全国铁路发送旅客超1.5亿人次</a><span class="time">2024-10-08 22:05</span></li>'
    '<li><a href="/a/3.html">秋季新学期开学 各地做好安全保障</a><span class="time">2024-09-01 08:00</span></li>'
    "</ul></div>"
)
HOT = (
    '<div class="hot-rank"><h3>热点排行</h3><ol>'
    '<li><a href="/h/1.html">央行发布最新金融数据</a><em>10-09 10:41</em></li>'
    '<li><a href="/h/2.html">气象台发布寒潮预警</a><em>10-09 09:12</em></li>'
    "</ol></div>"
)
FOOTER = '<div class="footer"><p>关于我们 | 广告服务 | 联系方式</p><p>Copyright © 1997-2024 版权所有 京ICP证000000号</p></div>'

STORY = (
    "<p>记者获悉，今年国庆假期，全市接待游客人次和旅游收入均创历史新高，各大景区客流明显高于去年同期。</p>"
    "<p>据介绍，这座城市的老城区始建于1368年，2019年10月1日起全面对外开放，现已成为热门景点。</p>"
    "<p>市文旅局负责人介绍，假期期间全市共举办各类文化活动300余场，带动餐饮、住宿等消费持续升温。</p>"
    "<p>业内人士认为，随着消费需求持续释放，四季度旅游市场有望继续保持良好势头。</p>"
)
LAW_STORY = (
    "<p>该条例于2021年6月10日经市人大常委会会议通过，自2022年1月1日起施行，是全国首部同类地方性法规。</p>"
    "<p>记者介绍，条例实施以来，各区累计办理相关案件1200余件，群众满意度持续提升。</p>"
    "<p>下一步，有关部门将继续完善配套制度，推动条例各项规定落到实处。</p>"
)
OBITUARY = (
    "<p>据家属消息，著名作家张某某于2024年9月30日 08:00在北京逝世，享年91岁。</p>"
    "<p>张某某1933年生于浙江，一生创作长篇小说十余部，作品被译为多种文字出版。</p>"
    "<p>多位作家和读者在社交媒体上表达悼念，称其作品影响了几代人。</p>"
)


def _page(head: str, top: str, article: str, *, lang: str = "zh-CN", side: str = RELATED + HOT) -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head><body>'
        f"{top}{NAV}<div class=\"wrap\"><div class=\"main\">{article}</div>{side}</div>{FOOTER}</body></html>"
    )


PAGES: list[PortalPage] = []


def _add(page: PortalPage) -> None:
    PAGES.append(page)


# -- 163: meta author is the portal itself, labelled date under the title ----------------------
_add(PortalPage(
    "163_meta_author_is_the_portal",
    "https://www.163.com/news/article/JD1AB2CD000189FH.html",
    _page(
        '<title>国庆假期文旅消费创新高_网易新闻</title><meta name="author" content="网易">'
        '<meta property="og:site_name" content="网易"><meta property="og:title" content="国庆假期文旅消费创新高">'
        '<meta property="article:published_time" content="2024-10-08T12:00:00+08:00">',
        CLOCK + '<div class="logo"><h1><a href="https://www.163.com/"><img src="/logo.png" alt="网易">网易</a></h1></div>',
        '<h1 class="post_title">国庆假期文旅消费创新高</h1>'
        '<div class="post_info">2024-10-08 12:00:00　来源: <a href="#">新京报</a> <a class="post_jubao">举报</a></div>'
        f'<div class="post_body">{STORY}<p class="otitle">（原标题：文旅消费创新高）</p></div>'
        '<div class="post_statement"><span class="ep-editor">责任编辑：王晓_NE0011</span></div>',
    ),
    "国庆假期文旅消费创新高", "2024-10-08T12:00+08:00", (),
))
_add(PortalPage(
    "163_visible_author_beside_meta_author",
    "https://www.163.com/dy/article/JD1AB2CE0519DFFO.html",
    _page(
        '<title>老城区改造的十年_网易订阅</title><meta name="author" content="网易">'
        '<meta property="og:site_name" content="网易">'
        '<script type="application/ld+json">{"@context":"https://ziyuan.baidu.com/contexts/cambrian.jsonld",'
        '"@id":"https://www.163.com/dy/article/JD1AB2CE0519DFFO.html","title":"老城区改造的十年",'
        '"pubDate":"2024-10-07T18:30:12"}</script>',
        CLOCK,
        '<h1 class="post_title">老城区改造的十年</h1>'
        '<div class="post_info">2024-10-07 18:30:12　来源: 城市观察　作者：李在山</div>'
        f'<div class="post_body">{STORY}</div>',
    ),
    "老城区改造的十年", "2024-10-07T18:30+08:00", ("李在山",),
))
# -- sina: weibo meta, clock widget, body opens with a dateline naming two reporters -------------
_add(PortalPage(
    "sina_dateline_reporters_with_spaces",
    "https://news.sina.com.cn/c/2024-10-08/doc-incrxyzw1234567.shtml",
    _page(
        '<title>多地景区迎客流高峰|旅游_新浪新闻</title><meta name="author" content="新浪新闻">'
        '<meta property="og:site_name" content="新浪新闻"><meta property="og:title" content="多地景区迎客流高峰">'
        '<meta name="weibo: article:create_at" content="2024-10-08 12:00:00">'
        '<meta property="article:published_time" content="2024-10-08T12:00:00+08:00">',
        CLOCK,
        '<h1 class="main-title">多地景区迎客流高峰</h1>'
        '<div class="date-source"><span class="date">2024年10月08日 12:00</span><a class="source" href="#">中国新闻网</a></div>'
        '<div class="article"><p>中新网10月8日电 (记者 王五 李六)国庆假期，多地景区迎来客流高峰，部分景区提前发布限流公告。</p>'
        f'{STORY}<p class="show_author">责任编辑：张三 SN123</p></div>',
    ),
    "多地景区迎客流高峰", "2024-10-08T12:00+08:00", ("王五", "李六"),
))
# -- qq: date without a year on the page, the full date in a meta; captured months later ---------
_add(PortalPage(
    "qq_yearless_visible_date_full_date_in_meta",
    "https://new.qq.com/rain/a/20241008A01ABC00",
    _page(
        '<title>芯片产业链加速布局_腾讯新闻</title><meta name="apub:time" content="2024/10/08 12:00:00">'
        '<meta name="publishdate" content="2024-10-08">',
        '<div class="top-bar"><span class="top-clock">2025年03月01日 星期六 09:58</span></div>',
        '<h1>芯片产业链加速布局</h1>'
        '<div class="media-info"><a class="media-name" href="#">科技日报</a><span class="media-time">发布时间：10-08 12:00</span></div>'
        f'<div class="content-article">{STORY}</div>',
    ),
    "芯片产业链加速布局", "2024-10-08T12:00+08:00", (), FETCHED_LATER,
))
_add(PortalPage(
    "qq_yearless_date_and_day_meta_agree",
    "https://new.qq.com/rain/a/20231008A02XYZ00",
    _page(
        '<title>秋粮收购全面展开_腾讯新闻</title><meta name="publishdate" content="2023-10-08">',
        CLOCK,
        '<h1>秋粮收购全面展开</h1>'
        '<div class="media-info"><span class="media-time">发布时间：10-08 09:15</span><span class="author">作者：赵丽</span></div>'
        f'<div class="content-article">{STORY}</div>',
    ),
    "秋粮收购全面展开", "2023-10-08T09:15+08:00", ("赵丽",),
))
# -- ifeng: "og:time " meta (with the space), law text in the story --------------------------------
_add(PortalPage(
    "ifeng_law_date_in_story",
    "https://news.ifeng.com/c/8dAbCdEfGh1",
    _page(
        '<title>地方条例实施三年成效明显_凤凰网资讯_凤凰网</title><meta property="og:time " content="2024-10-08 07:41:05">'
        '<meta name="og:title" content="地方条例实施三年成效明显">',
        CLOCK,
        '<h1 class="topic-3bY8Hw-9">地方条例实施三年成效明显</h1>'
        f'<div class="info"><div class="article-body">{LAW_STORY}</div></div>'
        '<p class="time-1Mgp9W-1"><span>2024年10月08日 07:41:05</span><span>来源：法治日报</span></p>',
    ),
    "地方条例实施三年成效明显", "2024-10-08T07:41+08:00", (),
))
# -- thepaper: reporter line and date above the body, no meta date --------------------------------
_add(PortalPage(
    "thepaper_reporter_line",
    "https://www.thepaper.cn/newsDetail_forward_28912345",
    _page(
        '<title>作家张某某逝世，享年91岁_澎湃新闻-The Paper</title><meta name="Keywords" content="作家,逝世">',
        CLOCK,
        '<div class="index_header"><h1 class="index_title">作家张某某逝世，享年91岁</h1>'
        '<div class="index_left"><div>澎湃新闻记者 陈晨</div><div><span>2024-10-01 10:05</span><span>来源：澎湃新闻</span></div></div></div>'
        f'<div class="index_cententWrap">{OBITUARY}</div><p class="editor">责任编辑：顾明 图片编辑：金潇 校对：刘威</p>',
    ),
    "作家张某某逝世，享年91岁", "2024-10-01T10:05+08:00", ("陈晨",),
))
# -- people.cn: day meta, date+time visible, reporter in the dateline, editors at the end ---------
_add(PortalPage(
    "people_dateline_reporter_and_editors",
    "http://finance.people.com.cn/n1/2024/1008/c1004-40334455.html",
    _page(
        '<title>前三季度经济运行总体平稳--财经--人民网</title><meta name="publishdate" content="2024-10-08">'
        '<meta name="author" content="renminwang"><meta name="source" content="来源：人民网－人民日报">',
        CLOCK,
        '<div class="col-1 fl"><h1>前三季度经济运行总体平稳</h1>'
        '<div class="col-1-1 fl">2024年10月08日08:19 | 来源：<a href="#">人民网－人民日报</a></div></div>'
        '<div class="rm_txt_con"><p>本报北京10月7日电（记者王五）国家统计局7日发布数据，前三季度主要经济指标保持增长。</p>'
        f'{STORY}<div class="edit">(责编：赵六、钱七)</div></div>',
    ),
    "前三季度经济运行总体平稳", "2024-10-08T08:19+08:00", ("王五",),
))
# -- xinhuanet: date split over spans, reporters in the dateline -----------------------------------
_add(PortalPage(
    "xinhuanet_split_date",
    "http://www.news.cn/politics/20241008/abcdef1234567890/c.html",
    _page(
        '<title>全国秋粮收获过半-新华网</title><meta name="publishid" content="abcdef1234567890.1">',
        CLOCK,
        '<div class="header-cont"><div class="header-time left"><span class="year"><em> 2024</em></span>'
        '<span class="day"><em> 10</em>/<em>08</em></span><span class="time"> 17:32:10</span></div>'
        '<div class="source">来源：新华网</div><h1><span class="title">全国秋粮收获过半</span></h1></div>'
        '<div id="detail"><p>新华社北京10月8日电（记者张三、李四）记者从农业农村部获悉，全国秋粮已收获过半。</p>'
        f'{STORY}</div><div class="editor">【责任编辑:王五】</div>',
    ),
    "全国秋粮收获过半", "2024-10-08T17:32+08:00", ("张三", "李四"),
))
# -- guancha: bracketed byline, meta author the site -----------------------------------------------
_add(PortalPage(
    "guancha_bracket_byline",
    "https://www.guancha.cn/internation/2024_10_08_750001.shtml",
    _page(
        '<title>外媒：多国推进能源合作-观察者网</title><meta name="author" content="观察者网">',
        CLOCK,
        '<h3>外媒：多国推进能源合作</h3>'
        '<div class="time fix"><span>2024-10-08 12:15:40</span><span>来源：观察者网</span></div>'
        f'<div class="content all-txt"><p>[文/观察者网 熊超然]据外媒报道，多国近日就能源合作达成共识。</p>{STORY}</div>'
        '<div class="editor-intro">本文系观察者网独家稿件，文章内容纯属作者个人观点。责任编辑：吴立群</div>',
    ),
    "外媒：多国推进能源合作", "2024-10-08T12:15+08:00", ("熊超然",),
))
# -- toutiao: account name, date with a 原创 badge, no person named --------------------------------
_add(PortalPage(
    "toutiao_account_no_person",
    "https://www.toutiao.com/article/7423000000000000001/",
    _page(
        '<title>一文看懂新能源车补贴新政 - 今日头条</title>',
        CLOCK,
        '<h1>一文看懂新能源车补贴新政</h1>'
        '<div class="article-meta"><span class="original-tag">原创</span><span>2024-10-08 21:03</span>'
        '<span class="name"><a href="/c/user/1/">车圈观察</a></span></div>'
        f'<article class="syl-article-base">{STORY}</article>',
    ),
    "一文看懂新能源车补贴新政", "2024-10-08T21:03+08:00", (),
))
# -- baijiahao: yearless visible date, the full date in a script, account as "author" ---------------
_add(PortalPage(
    "baijiahao_yearless_with_labelled_script",
    "https://baijiahao.baidu.com/s?id=1812345678901234567",
    _page(
        '<title>假期出游人数同比增长</title><meta itemprop="dateUpdate" content="2023-10-08 12:00:00">',
        CLOCK,
        '<div class="article-title"><h2>假期出游人数同比增长</h2></div>'
        '<div class="article-desc"><p class="author-name">中国青年网</p>'
        '<div class="article-source"><span class="date">发布时间：10-08</span><span class="time">12:00</span></div></div>'
        f'<div class="article-content">{STORY}</div>',
    ),
    "假期出游人数同比增长", "2023-10-08T12:00+08:00", (),
))
# -- WeChat: the time is filled in by script from an epoch ---------------------------------------
_add(PortalPage(
    "wechat_epoch_in_script",
    "https://mp.weixin.qq.com/s/AbCdEfGhIjKlMnOp",
    _page(
        '<title>城市更新的温度</title><meta property="og:title" content="城市更新的温度">'
        '<meta property="og:article:author" content="林小溪">',
        "",
        '<div id="img-content"><h1 class="rich_media_title" id="activity-name">城市更新的温度</h1>'
        '<div id="meta_content" class="rich_media_meta_list"><span class="rich_media_meta rich_media_meta_text">林小溪</span>'
        '<span class="rich_media_meta rich_media_meta_nickname"><a id="js_name">城事周刊</a></span>'
        '<em id="publish_time" class="rich_media_meta rich_media_meta_text"></em></div>'
        f'<div class="rich_media_content" id="js_content">{STORY}</div></div>'
        '<script>var ct = "1728362461"; var user_name = "gh_0123456789ab";</script>',
        side="",
    ),
    "城市更新的温度", "2024-10-08T12:41+08:00", ("林小溪",),
))
# -- date in the story with a time, no date near the title: the meta decides ---------------------
_add(PortalPage(
    "obituary_date_in_story_meta_decides",
    "https://culture.example.com.cn/2024/10/01/obit.html",
    _page(
        '<title>著名作家张某某逝世 - 文化频道</title>'
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
        '"headline":"著名作家张某某逝世","datePublished":"2024-10-01T15:20:00+08:00"}</script>',
        CLOCK,
        f'<h1>著名作家张某某逝世</h1><div class="text">{OBITUARY}</div>',
    ),
    "著名作家张某某逝世", "2024-10-01T15:20+08:00", (),
))
# -- a clock widget and a site-name <h1>; the story title in an <h2> -------------------------------
_add(PortalPage(
    "site_h1_logo_and_clock_widget",
    "https://www.cqnews.example.cn/html/2024-10/08/content_123456.htm",
    _page(
        '<title>长江沿线港口货物吞吐量稳步增长_重庆新闻网</title>',
        CLOCK + '<h1 class="logo"><a href="/">重庆新闻网</a></h1>',
        '<div class="con-title"><h2>长江沿线港口货物吞吐量稳步增长</h2>'
        '<div class="con-info"><span>时间：2024-10-08 09:30</span><span>来源：重庆日报</span><span>作者：周敏</span></div></div>'
        f'<div class="con-text">{STORY}</div><div class="con-editor">编辑：刘洋</div>',
    ),
    "长江沿线港口货物吞吐量稳步增长", "2024-10-08T09:30+08:00", ("周敏",),
))
# -- og:title cut at an inner quote (unescaped quote in the attribute) ----------------------------
_add(PortalPage(
    "og_title_cut_at_inner_quote",
    "https://world.example.com.cn/2024/1008/a12345.html",
    _page(
        '<title>外交部：对所谓"台独"势力绝不姑息_环球时报</title>'
        '<meta property="og:title" content="外交部：对所谓"台独"势力绝不姑息">'
        '<meta property="article:published_time" content="2024-10-08T16:02:00+08:00">',
        CLOCK,
        '<h1>外交部：对所谓"台独"势力绝不姑息</h1><div class="source-time">2024-10-08 16:02 来源：环球网</div>'
        f'<div class="article-content">{STORY}</div>',
    ),
    '外交部：对所谓"台独"势力绝不姑息', "2024-10-08T16:02+08:00", (),
))
# -- "记者" followed by verbs only; photographer and editor named ----------------------------------
_add(PortalPage(
    "reporter_word_as_verb_and_photographer",
    "https://www.dzwww.example.cn/2024/1008/content_99.htm",
    _page(
        '<title>港口扩建工程进入收尾阶段-大众网</title><meta name="author" content="dzwww@example.cn">',
        CLOCK,
        '<h1>港口扩建工程进入收尾阶段</h1><div class="left"><span>发布时间：2024-10-08 10:10</span><span>来源：大众日报</span></div>'
        '<div class="news-con"><p>记者从市交通运输局获悉，港口扩建工程已进入收尾阶段，预计年底投入使用。</p>'
        '<p>记者介绍，工程完工后港口年吞吐能力将提升三成。</p><p class="pic-note">（摄影：孙强）</p>'
        f'{STORY}</div><p class="zeren">责任编辑：李明</p>',
    ),
    "港口扩建工程进入收尾阶段", "2024-10-08T10:10+08:00", (),
))
# -- meta author a number, the byline in the header ------------------------------------------------
_add(PortalPage(
    "meta_author_number_visible_byline_slash",
    "https://www.hb.example.com.cn/news/2024/10/08/1234.html",
    _page(
        '<title>湖北秋收秋种有序推进_荆楚网</title><meta name="author" content="10086">'
        '<meta name="pubdate" content="2024-10-08 14:22:00">',
        CLOCK,
        '<h1>湖北秋收秋种有序推进</h1><div class="info"><span>2024-10-08 14:22</span><span>文/张三</span></div>'
        f'<div class="text">{STORY}</div>',
    ),
    "湖北秋收秋种有序推进", "2024-10-08T14:22+08:00", ("张三",),
))
# -- 来源 + 作者 on one line; an ad block with its own "author" ------------------------------------
_add(PortalPage(
    "source_and_author_line_ad_vendor",
    "https://www.ce.example.cn/xwzx/gnsz/2024/10/08/t20241008_1234.shtml",
    _page(
        '<title>制造业景气水平回升 - 中国经济网</title>',
        CLOCK,
        '<h1 id="articleTitle">制造业景气水平回升</h1>'
        '<div class="titleBar"><span id="articleTime">2024年10月08日 07:55</span><span id="articleSource">来源：新华社</span>'
        '<span id="articleAuthor">作者：刘晓</span></div>'
        f'<div id="articleText">{STORY}</div>'
        '<div class="ad-box"><div class="author">百度推广</div><p>优质广告位招商中</p></div>',
    ),
    "制造业景气水平回升", "2024-10-08T07:55+08:00", ("刘晓",),
))
# -- "发表于" forum-style header, body mentions an earlier full date with time ---------------------
_add(PortalPage(
    "posted_on_label_with_story_dates",
    "https://bbs.example.com.cn/thread-123456-1-1.html",
    _page(
        '<title>回忆那年的洪水 - 城市论坛</title>',
        CLOCK,
        '<h1>回忆那年的洪水</h1><div class="authi"><a class="xw1" href="#">老街坊</a><em>发表于 2024-10-06 22:41</em></div>'
        '<div class="t_f"><p>1998年8月7日 13:10，九江大堤决口，我们全家连夜转移。</p><p>那一年我十二岁，至今记得那天的雨声。</p>'
        "<p>后来我们搬回老屋，院子里的那棵树还在，只是邻居们大多已经搬走了。</p></div>",
    ),
    "回忆那年的洪水", "2024-10-06T22:41+08:00", ("老街坊",),
))
# -- a yearless date and nothing else: the year comes from the capture ------------------------------
_add(PortalPage(
    "yearless_date_only",
    "https://m.example.com.cn/a/20241008/123.html",
    _page(
        '<title>社区食堂开进老小区</title>',
        "",
        '<h1>社区食堂开进老小区</h1><div class="info"><span>发布时间：10-08 12:00</span></div>'
        f'<div class="content">{STORY}</div>',
    ),
    "社区食堂开进老小区", "2024-10-08T12:00+08:00", (),
))
# -- a page whose only date is in the story and in related lists: no published date -------------
_add(PortalPage(
    "no_date_shown",
    "https://www.example.org.cn/zt/lawinfo/",
    _page(
        '<title>条例解读 - 普法专栏</title>',
        CLOCK,
        f'<h1>条例解读</h1><div class="content">{LAW_STORY}</div>',
    ),
    "条例解读", None, (),
))
# -- future "date" (an event announcement) in the header must not become the published date --------
_add(PortalPage(
    "date_after_capture_is_not_published",
    "https://www.example.com.cn/news/expo.html",
    _page(
        '<title>第十届博览会将于明年开幕_示例网</title><meta name="publishdate" content="2025-05-20">',
        CLOCK,
        '<h1>第十届博览会将于明年开幕</h1><div class="info"><span>活动时间：2025-05-20 09:00</span>'
        '<span>发布时间：2024-10-08 15:00</span></div>'
        f'<div class="content">{STORY}</div>',
    ),
    "第十届博览会将于明年开幕", "2024-10-08T15:00+08:00", (),
))
# -- a Traditional-Chinese page: <time datetime> in the header ------------------------------------
_add(PortalPage(
    "hk_time_element",
    "https://news.example.com.hk/article/20241008/s00012/1728370000",
    _page(
        '<title>本港旅遊業復甦 - 香港示例報</title>',
        CLOCK,
        '<article><header><h1>本港旅遊業復甦</h1><p class="byline">記者 陳大文</p>'
        '<time datetime="2024-10-08T14:30:00+08:00">2024年10月8日 下午2:30</time></header>'
        "<p>旅發局公布，國慶黃金周訪港旅客人次按年增加，酒店入住率維持高位。</p>"
        "<p>業界認為，旅遊業復甦勢頭良好，但仍需加強宣傳。</p><p>有議員建議政府增加資源，推動文化旅遊項目。</p></article>",
        lang="zh-HK",
    ),
    "本港旅遊業復甦", "2024-10-08T14:30+08:00", ("陳大文",),
))

# -- English ---------------------------------------------------------------------------------------
EN_BODY = (
    "<p>The council approved the plan on Tuesday after months of debate over costs and routes.</p>"
    "<p>The original proposal, first tabled on March 3, 2020, was rejected twice before this vote.</p>"
    "<p>Construction is expected to begin next spring, officials said, with the first stations opening in 2027.</p>"
)
EN_RELATED = (
    '<aside class="related"><h3>More news</h3><ul><li><a href="/a">Budget row deepens</a> <time>October 8, 2024 9:00 PM</time></li>'
    '<li><a href="/b">Storm warning issued</a> <time>October 9, 2024 6:40 AM</time></li></ul></aside>'
)
_add(PortalPage(
    "en_jsonld_person",
    "https://www.example-news.com/2024/10/08/city-transit-plan",
    _page(
        '<title>City approves transit plan | Example News</title><meta property="og:title" content="City approves transit plan">'
        '<meta name="author" content="Example News">'
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"City approves transit plan",'
        '"datePublished":"2024-10-08T14:05:00-04:00","author":[{"@type":"Person","name":"Maria Lopez"}],'
        '"publisher":{"@type":"Organization","name":"Example News"}}</script>',
        '<div class="masthead"><span class="today">Wednesday, October 9, 2024</span></div>',
        f'<h1>City approves transit plan</h1><p class="byline">By Maria Lopez</p>{EN_BODY}',
        lang="en", side=EN_RELATED,
    ),
    "City approves transit plan", "2024-10-08T14:05-04:00", ("Maria Lopez",),
))
_add(PortalPage(
    "en_time_element_photo_credit",
    "https://www.example-times.co.uk/news/uk-rail-strike",
    _page(
        '<title>Rail strike called off - The Example Times</title>',
        '<div class="topbar"><span class="clock">05:00 Wed 9 Oct 2024</span></div>',
        '<article><h1>Rail strike called off</h1><div class="meta"><span class="byline">By Tom Baker</span> '
        '<time datetime="2024-10-08T18:20:00+01:00">8 October 2024</time></div>'
        f'<figure><img src="/p.jpg"><figcaption>Photograph: Anna Grey/Getty Images</figcaption></figure>{EN_BODY}</article>',
        lang="en", side=EN_RELATED,
    ),
    "Rail strike called off", "2024-10-08T18:20+01:00", ("Tom Baker",),
))
_add(PortalPage(
    "en_blog_email_author",
    "https://blog.example.com/posts/garden-notes",
    _page(
        '<title>Notes from the garden</title><meta name="author" content="editor@example.com">'
        '<meta property="article:published_time" content="2024-10-07T08:00:00+00:00">',
        "",
        f'<h1>Notes from the garden</h1><p class="post-meta">Posted on October 7, 2024</p>{EN_BODY}',
        lang="en", side=EN_RELATED,
    ),
    "Notes from the garden", "2024-10-07T08:00+00:00", (),
))
_add(PortalPage(
    "en_site_h1_logo",
    "https://www.example-gazette.com/local/library-reopens",
    _page(
        '<title>Library reopens after renovation - Example Gazette</title>',
        '<header><h1 class="site-title"><a href="/">Example Gazette</a></h1></header>',
        '<div class="story"><h2 class="headline">Library reopens after renovation</h2>'
        '<div class="byline">By <a rel="author" href="/staff/kim">Jenny Kim</a> | Published: October 8, 2024 10:15 AM</div>'
        f"{EN_BODY}</div>",
        lang="en", side=EN_RELATED,
    ),
    "Library reopens after renovation", "2024-10-08T10:15+00:00", ("Jenny Kim",),
))
_add(PortalPage(
    "en_posted_by_on_with_teaser_dates",
    "https://blog.example-dev.com/2024/10/notes-on-caching",
    _page(
        '<title>Notes on caching | Dev Notes</title>',
        "",
        '<h1>Notes on caching</h1><div class="post-meta">Posted by Sam Field on October 6, 2024 at 9:15 pm</div>'
        "<p>Caching is easy to add and hard to remove. The first version of our cache, written on "
        "January 12, 2021 at 10:00 am, kept every response forever.</p><p>This post explains what we changed.</p>",
        lang="en", side=EN_RELATED,
    ),
    "Notes on caching", "2024-10-06T21:15+00:00", ("Sam Field",),
))
_add(PortalPage(
    "short_story_related_list_under_it",
    "https://www.example-daily.com.cn/news/brief-20241008.html",
    _page(
        '<title>快讯：市区部分路段今晚施工_示例日报</title>',
        CLOCK,
        '<h1>快讯：市区部分路段今晚施工</h1><div class="brief">2024-10-08</div>'
        "<p>今晚22时起，市区部分路段将进行管线施工，请市民提前规划出行路线。</p>",
    ),
    "快讯：市区部分路段今晚施工", "2024-10-08T00:00+08:00", (),
))
# -- a government gazette page: the CMS's own meta states the day, the text opens with the day
#    the resolution was adopted (months before it was published) ------------------------------
_add(PortalPage(
    "gazette_first_published_meta_beats_adoption_day_in_text",
    "https://www.example.gov.cn/gongbao/content/2024/content_7001.htm",
    _page(
        '<title>某某市人民代表大会常务委员会关于批准某某项目的决议_2024年第27号公报_某某市政府网</title>'
        '<meta name="firstpublishedtime" content="2024-09-20-23:59:59">'
        '<meta name="others" content="页面生成时间 2024-10-09 11:23:36">',
        "",
        '<div class="crumbs"><a href="/">首页</a> &gt; <a href="/gongbao/">公报</a> &gt; 2024年第27号</div>'
        '<div class="pages_content"><p align="center"><strong>某某市人民代表大会常务委员会<br>关于批准某某项目的决议</strong><br>'
        "（2024年6月28日某某市第十六届人民代表大会常务委员会第二十次会议通过）</p>"
        "<p>某某市第十六届人民代表大会常务委员会第二十次会议听取了市人民政府关于某某项目的说明，"
        "并对议案进行了审议。会议决定：批准该项目，由市人民政府组织实施。</p></div>"
        '<div class="sweep">扫一扫在手机打开当前页</div>',
    ),
    "某某市人民代表大会常务委员会关于批准某某项目的决议_2024年第27号公报", "2024-09-20T00:00+08:00", (),
))
# -- a self-media feed page showing an older story's date with a two-digit year ------------------
_add(PortalPage(
    "feed_page_date_with_two_digit_year",
    "https://feed.example.com/s?id=1594379932298080127",
    _page(
        '<title>今年秋冬流行的三种通勤穿搭</title><meta itemprop="dateUpdate" content="2023-11-05 21:40:12">',
        '<div class="header_logo"><a href="https://www.example.com"><img src="/logo.png" alt="到首页"></a></div>',
        '<div class="article-title"><h2>今年秋冬流行的三种通勤穿搭</h2></div>'
        '<div class="article-desc"><div class="author-txt"><div class="article-source">'
        '<span class="date">发布时间：23-11-05</span><span class="time">21:40</span></div></div></div>'
        "<div class=\"article-content\"><p>入秋以后，早晚温差明显拉大，通勤穿搭既要保暖又要利落，叠穿成了很多上班族的首选。</p>"
        "<p>第一种是衬衫外搭针织开衫，颜色以米白、浅灰为主，搭配直筒西裤显得干净清爽。</p>"
        "<p>第二种是短款夹克配半身裙，适合身材娇小的人，能在视觉上拉长腿部线条。</p></div>",
    ),
    "今年秋冬流行的三种通勤穿搭", "2023-11-05T21:40+08:00", (),
))
# -- a self-media page: the account's name sits under the headline in an "author-name" element;
#    an "about the author" box after the story names a column, not a byline ----------------------
_add(PortalPage(
    "self_media_account_name_under_the_headline",
    "https://feed.example.com/s?id=1646796218135408573",
    _page(
        '<title>秋收时节的北方小镇</title><meta itemprop="dateUpdate" content="2024-10-08 12:00:57">',
        '<div class="header_logo"><a href="https://www.example.com"><img src="/logo.png" alt="到首页"></a></div>',
        '<div class="article-title"><h2>秋收时节的北方小镇</h2></div>'
        '<div class="article-desc"><div class="author-txt"><p class="author-name">山野手记</p>'
        '<div class="article-source"><span class="date">发布时间：10-08</span><span class="time">12:00</span>'
        '<span class="account-authentication">优质原创作者</span></div></div></div>'
        f'<div class="article-content">{STORY}</div>',
    ),
    "秋收时节的北方小镇", "2024-10-08T12:00+08:00", ("山野手记",),
))
_add(PortalPage(
    "column_name_in_an_about_box_after_the_story",
    "https://www.example-market.cn/shishi/news/637863.html",
    _page(
        '<title>国庆前最后一个交易日两市小幅震荡</title>',
        CLOCK,
        '<div class="page-article"><div class="title-text">国庆前最后一个交易日两市小幅震荡</div>'
        '<div class="title-meta"><div class="title-meta-time">发布时间：2024-09-30 15:05:11</div></div>'
        '<div class="page_art_content">今日两市小幅震荡，沪指收盘微涨0.1%，深成指微跌0.2%，两市合计成交金额较上一交易日有所放大，'
        "节前资金观望情绪较浓。</div></div>"
        '<div class="article-author"><a class="author-name" href="/shishi/">行情播报</a>'
        '<div class="author-bio">本栏目为股民提供及时行情资讯，内容来自网络，请注意甄别。</div></div>',
    ),
    "国庆前最后一个交易日两市小幅震荡", "2024-09-30T15:05+08:00", (),
))
# -- a local paper: "(文/图 …)" - words and pictures by two reporters - ends the story ------------
_add(PortalPage(
    "words_and_pictures_byline_ends_the_story",
    "https://www.example-shangbao.com/ym/xhy/532601.html",
    _page(
        '<title>金融知识宣传活动走进社区--某某商报</title>',
        CLOCK,
        '<h1 class="entry-h1">金融知识宣传活动走进社区</h1>'
        '<div class="single-content"><p>9月20日，某某市金融系统在市民广场启动金融知识宣传活动，志愿者现场为市民讲解防范电信诈骗等知识。</p>'
        "<p>活动期间，各金融机构还将走进社区、学校和企业，开展形式多样的宣传。(文/图 周晓东 易小楠)</p></div>"
        '<div class="single-cat">发布日期：2024-09-23 14:34:05&nbsp;&nbsp;所属分类：<a href="/ym/">头条</a></div>',
    ),
    "金融知识宣传活动走进社区", "2024-09-23T14:34+08:00", ("周晓东", "易小楠"),
))
# -- a magazine column on a portal: "《某刊》作者 X" after the key points, no colon ----------------
_add(PortalPage(
    "magazine_author_line_after_the_key_points",
    "https://finance.example-portal.com/a/20241008/000843.htm",
    _page(
        '<title>数据行业迎来大整顿_财经_某某网</title>',
        CLOCK,
        '<h1>数据行业迎来大整顿</h1><div class="a_Info"><span class="a_source">某刊</span><span class="a_time">2024-10-08 07:48</span></div>'
        '<div class="content"><p>划重点：</p><ol><li>监管方从年初就在酝酿针对数据公司的整顿清理。</li>'
        "<li>每个数据源的价格在几毛钱到几块钱不等。</li></ol><p>《某刊》作者 陈立</p>"
        "<p>擅长清洗数据的第三方数据行业，这次轮到自己被“清洗”了。</p>"
        "<p>从9月上旬开始，多家数据公司相关负责人被带走调查，行业人人自危。</p></div>",
    ),
    "数据行业迎来大整顿", "2024-10-08T07:48+08:00", ("陈立",),
))
# -- a picture's credit names photo reporters ("图片记者 X、Y摄"): they are not the story's authors -
_add(PortalPage(
    "photo_reporters_credit_is_not_a_byline",
    "https://www.example-daily.com.cn/news/20241008/port-opening.html",
    _page(
        '<title>南港邮轮码头下月开港_示例日报</title>',
        CLOCK,
        '<h1>南港邮轮码头下月开港</h1><div class="info">2024-10-08 14:07 来源：示例日报</div>'
        '<div class="article"><p>南港国际邮轮码头将于下月正式开港，可停靠目前世界上最大的邮轮。</p>'
        '<p><img src="/p/1.jpg"></p><p>▲航站楼外景。示例日报全媒体图片记者周某某、李某摄</p>'
        "<p>码头距离地铁站约500米，是区内第一座实现与地铁无缝接驳的邮轮码头。</p></div>",
    ),
    "南港邮轮码头下月开港", "2024-10-08T14:07+08:00", (),
))
# -- a reprint site: a sentence "本报记者了解到，今年…" is not a byline; the credits close the story
#    before an (empty) editor line, and a teaser of another story and the paper's name follow -----
_add(PortalPage(
    "reporter_sentence_and_credits_before_an_editor_line",
    "http://www.example-reprints.com/post/2740.html",
    _page(
        '<title>老人接到冒充客服来电被骗 警方提醒谨防套路-某某传媒</title>',
        "",
        '<div class="post single"><h2 class="post-title">老人接到冒充客服来电被骗 警方提醒谨防套路</h2>'
        '<h6 class="post-footer"><a class="post-date">2024年10月08日</a> 某某传媒 社会新闻 1665 0</h6>'
        '<div class="post-body"><p>近日，某某市警方接到一名七旬老人报警，称接到一通陌生来电后被层层套路，损失积蓄数十万元。</p>'
        "<p>本报记者了解到，今年3月的一天上午，老人接到一名自称网购平台客服的男子来电，称其账户存在异常，需要配合处理。</p>"
        "<p>警方提示，接到自称客服、公安、银行等单位人员的来电切勿轻易相信，更不要向陌生账户转账。</p>"
        "<p>采写：某某晚报记者 林一帆 向思远</p><p>作者：林一帆 向思远返回某某传媒，查看更多</p><p>责任编辑：</p>"
        "<blockquote><p>另一则新闻的标题：某地开展反诈宣传进社区活动</p>"
        "<p>另一则新闻的摘要，讲述某地警方走进社区开展宣传，发放宣传资料上千份，提醒居民守好钱袋子…</p></blockquote>,某某晚报</div></div>",
    ),
    "老人接到冒充客服来电被骗 警方提醒谨防套路", "2024-10-08T00:00+08:00", ("林一帆", "向思远"),
))
# -- a portal reposting a paper's story: the meta author is that paper, shown as the source beside
#    the date (<a class="source">) - an outlet, not a person --------------------------------------
_add(PortalPage(
    "meta_author_is_the_outlet_shown_as_source",
    "https://news.example-portal.com.cn/c/2024-10-08/doc-iihnzahi3275702.shtml",
    _page(
        '<title>公园里的晨练人群_某某新闻</title><meta property="og:title" content="公园里的晨练人群">'
        '<meta property="article:published_time" content="2024-10-08T18:57:38+08:00">'
        '<meta property="article:author" content="环球参考">',
        CLOCK,
        '<h1 class="main-title">公园里的晨练人群</h1><div class="date-source"><span class="date">2024年10月08日 18:57</span>'
        '<a class="source" href="http://m.example-paper.net/p/196926.html">环球参考</a></div>'
        f'<div class="article" id="article">{STORY}<p class="show_author">责任编辑：张某</p></div>',
    ),
    "公园里的晨练人群", "2024-10-08T18:57+08:00", (),
))
# -- an old table-layout district site: no <h1> and no og:title; the <title> is the headline, a
#    space and the section's name, the headline alone sits in a <span class="Title"> -------------
_add(PortalPage(
    "title_with_a_section_name_after_the_headline",
    "http://www.example-district.cn/dongqu/index/view/cateid/337/id/3279127.html",
    _page(
        "<title>区金融业联合会一行到金融街开展调研 东区新闻_某某网</title>",
        "",
        '<table width="90%"><tr><td><div align="center"><span class="Title"><b>区金融业联合会一行到金融街开展调研</b></span>'
        '<br><font color="#C30000">来源于：东区办事处</font></div></td></tr>'
        "<tr><td><p>2024年10月8日下午，区金融业联合会一行八人到金融街进行实地考察调研，区发改局和区招商办负责人陪同调研。</p>"
        "<p>调研组一行走访了入驻企业，观看了金融街宣传片，并围绕金融街发展工作展开座谈。</p></td></tr>"
        '<tr><td align="center"><font color="#666666">发布日期：2024-10-09 责任编辑：某某</font></td></tr></table>',
    ),
    "区金融业联合会一行到金融街开展调研", "2024-10-09T00:00+08:00", (),
))
