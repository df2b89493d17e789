"""archive.extract.extractor: whole pages built around the samples' real text, exact fields expected."""

from __future__ import annotations

import html
import pickle
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from lxml import etree
from trafilatura.utils import load_html

from archive.errors import ConfigError, ExtractError
from archive.extract.extractor import EXTRACTOR_VERSION, Extractor, parse_html

SH, TP, HKG = ZoneInfo("Asia/Shanghai"), ZoneInfo("Asia/Taipei"), ZoneInfo("Asia/Hong_Kong")
FETCHED = datetime(2025, 2, 3, 4, 0, tzinfo=UTC)
NAV = "<div class='nav'>" + "".join(f"<a href='/{i}'>{n}</a>" for i, n in enumerate(["首页", "国际", "军事", "财经", "科技"])) + "</div>"
SIDEBAR = "<div class='side'><h3>热点排行</h3><ul>" + "".join(f"<li><a href='/n/{i}'>外交部回应芯片出口管制新规{i}</a></li>" for i in range(6)) + "</ul></div>"
FOOTER = "<div class='footer'><p>关于我们 | 联系我们 | 版权声明</p><p>Copyright © 2014-2025 示例网 沪ICP备10213822号</p></div>"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def lines_of(samples_dir: Path, name: str) -> list[str]:
    return [ln.strip() for ln in (samples_dir / name).read_text(encoding="utf-8").splitlines() if ln.strip()]


def paras(lines: list[str]) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in lines)


def test_sample_001_article_with_text_only_comments(extractor: Extractor, samples_dir: Path) -> None:
    lines = lines_of(samples_dir, "001_8ec5993da452e490.txt")
    body, comment_lines = lines[:20], lines[20:]
    page = f"""<html lang="zh-CN"><head><title>美AI公司CEO：DeepSeek不是对手-观察者网</title></head><body>{NAV}
    <h1>美AI公司CEO：DeepSeek不是对手</h1><div class="time"><span>2025-01-30 10:32:15</span><span>来源：观察者网</span></div>
    <div class="content">{paras(body)}</div><div class="mod-box"><h3>网友评论</h3><div class="lst">{paras(comment_lines)}</div></div>
    {SIDEBAR}{FOOTER}</body></html>"""
    result = extractor.extract(page, "https://www.guancha.cn/internation/2025_01_30_763000.shtml", FETCHED)
    expected_body = [body[0].replace("[文/观察者网熊超然]", "")] + [p for i, p in enumerate(body) if i not in (0, 4)]
    assert result.title == "美AI公司CEO：DeepSeek不是对手"
    assert result.authors == ("熊超然",)
    assert result.published_at == datetime(2025, 1, 30, 10, 32, 15, tzinfo=SH)
    assert result.source == "观察者网"
    assert result.site_name == "观察者网"
    assert result.language == "zh-Hans"
    assert list(result.paragraphs) == expected_body
    assert "维基百科" not in result.text and "网友评论" not in result.text and "热点排行" not in result.text
    assert len(result.comments) == 48
    assert result.comments[7].author == "weik" and result.comments[7].reply_to == 6
    assert all(c.text not in result.text for c in result.comments)
    assert result.is_article is True


def test_sample_004_content_farm_noise_is_gone(extractor: Extractor, samples_dir: Path) -> None:
    lines = lines_of(samples_dir, "004_4e34bc0a721c555f.txt")
    body = lines[3: lines.index(next(ln for ln in lines if ln.startswith("本文链接")))]
    page = f"""<html><head><meta charset="utf-8"><title>{lines[0]}_chatGPT网址</title></head><body>
    <div class="logo"><a href="/">chatGPT网址</a></div><div class="article"><h1>{lines[0]}</h1>
    <div class="article-meta"><span>chatGPT网址</span><span>2024-07-14</span><span>40</span></div>
    <div class="article-content"><p>{html.escape(lines[2])}</p>{paras(body)}<p>{html.escape(lines[-5])}</p></div>
    <div class="article-tags">{"".join(f"<a href='/t/{i}'>{t}</a>" for i, t in enumerate(["chatgpt中文版", "讯飞星火GPT介绍", "GPT商店"]))}</div>
    <div class="relates"><h3>相关文章</h3><ul><li><a href="/1">一篇别的文章</a></li></ul></div><div class="pinglun"><h3>网友评论</h3></div></div></body></html>"""
    result = extractor.extract(page, "https://gptwangzhi.top/chatgpt/498.html", FETCHED)
    assert result.title == "OpenAI跟中国掀桌子,到底砸向谁?"
    assert list(result.paragraphs) == body + [lines[-5]]  # the page says its last line twice: so does the text
    assert result.published_at == datetime(2024, 7, 14, tzinfo=SH)
    assert result.comments == ()
    for noise in ("欢迎访问", "本文链接", "相关文章", "网友评论", "讯飞星火GPT介绍", "2024-07-1440"):
        assert noise not in result.text
    assert result.is_article is True


def test_sample_002_empty_comment_list_header_stays_out(extractor: Extractor, samples_dir: Path) -> None:
    lines = lines_of(samples_dir, "002_32ce8c61f3a6e602.txt")
    page = f"""<html><head><title>{lines[0]}</title><meta property="og:type" content="article">
    <meta property="article:published_time" content="2025-01-26T08:00:00+08:00"></head><body>{NAV}<h1>{lines[0]}</h1>
    <div class="entry">{paras(lines[1:-1])}</div><div class="comment-wrap"><h3>{lines[-1]}</h3></div>{FOOTER}</body></html>"""
    result = extractor.extract(page, "https://www.example.com/article/2025/01/26/nvidia.html", FETCHED)
    assert result.comments == ()
    assert "评论列表" not in result.text
    assert list(result.paragraphs) == lines[1:-1]
    assert result.published_at == datetime(2025, 1, 26, 8, 0, tzinfo=timezone(timedelta(hours=8)))


def test_sample_000_traditional_page_on_a_tw_site(extractor: Extractor, samples_dir: Path) -> None:
    lines = lines_of(samples_dir, "000_b3da0c86cb32e83f.txt")
    page = f"""<html lang="zh-Hant-TW"><head><title>Anthropic宣布停止服務 | 科技新報</title>
    <meta property="og:title" content="Anthropic宣布停止服務"><meta property="og:site_name" content="科技新報"></head><body>
    <h1>Anthropic宣布停止服務</h1><div class="meta">記者 王小明／台北報導 <span>2025年1月30日 10:32</span></div>
    <div class="article-body">{paras(lines[:-2])}</div><div id="footer">{paras(lines[-2:])}</div></body></html>"""
    result = extractor.extract(page, "https://tech.example.com.tw/news/2025/0130/8800", FETCHED)
    assert result.language == "zh-Hant"
    assert result.published_at == datetime(2025, 1, 30, 10, 32, tzinfo=TP)
    assert result.authors == ("王小明",)
    assert result.site_name == "科技新報"
    assert result.paragraphs[0] == "9月5日,全球主流大模型之一Claude的開發商Anthropic公司發布公告宣稱,“由于法律、監管和安全風險”,將立即停止向“中國控股公司”提供服務。"
    assert len(result.paragraphs) == 10
    for noise in ("(kāi)", "圖片來自網絡", "不得轉載", "版權聲明", "舉報電話", "{當前域名}", "Copyright"):
        assert noise not in result.text
    assert "(約合人民幣1.3萬億元)" in result.text and "(Dario Amodei)" in result.text


def test_configured_zone_reads_dates_without_zone(samples_dir: Path) -> None:
    page = """<html><head><title>港聞</title></head><body><h1>港聞</h1><p class="info">發佈時間：2025-01-30 10:32</p>
    <div class="story"><p>第一段內容，講述事情的經過和各方的看法，內容足夠長。</p><p>第二段內容，講述事情的經過和各方的看法，內容足夠長。</p>
    <p>第三段內容，講述事情的經過和各方的看法，內容足夠長。</p><p>第四段內容，講述事情的經過和各方的看法，內容足夠長。</p></div></body></html>"""
    default = Extractor().extract(page, "https://news.example.com/a/20250130/1.html")
    hong_kong = Extractor(timezone="Asia/Hong_Kong").extract(page, "https://news.example.com/a/20250130/1.html")
    assert default.published_at == datetime(2025, 1, 30, 10, 32, tzinfo=TP)   # Traditional script, no TLD hint
    assert hong_kong.published_at == datetime(2025, 1, 30, 10, 32, tzinfo=HKG)


def test_unknown_zone_is_refused_with_a_hint() -> None:
    with pytest.raises(ConfigError, match="IANA"):
        Extractor(timezone="Asia/Peking")


def test_malformed_comment_selector_is_refused_when_the_extractor_is_built() -> None:
    with pytest.raises(ConfigError, match=r"comment selector 'div\[class=' is neither valid CSS nor XPath"):
        Extractor(comment_selectors=["div[class="])
    with pytest.raises(ConfigError, match="neither valid CSS nor XPath"):
        Extractor(comment_selectors=["//div[@class="])
    assert Extractor(comment_selectors=["div.cmt-box", "//ul[@id='replies']/li"])


def test_json_ld_date_wins_over_text_and_relative_dates_use_fetch_time(extractor: Extractor) -> None:
    body = "".join(f"<p>第{i}段正文，内容足够长，讲述事情的经过和各方的看法。</p>" for i in range(6))
    declared = f"""<html><head><script type="application/ld+json">{{"@type":"NewsArticle","headline":"标题","datePublished":"2025-01-29T08:00:00+08:00"}}</script></head>
    <body><h1>标题</h1><p>发布时间：2025-01-30 10:32</p><div class="c">{body}</div></body></html>"""
    assert extractor.extract(declared, "https://a.example.cn/n/1.html").published_at == datetime(2025, 1, 29, 0, 0, tzinfo=UTC)
    relative = f"<html><body><h1>标题</h1><p>发布时间：3小时前</p><div class='c'>{body}</div></body></html>"
    assert extractor.extract(relative, "https://a.example.cn/n/2.html", FETCHED).published_at == datetime(2025, 2, 3, 9, 0, tzinfo=SH)
    assert extractor.extract(relative, "https://a.example.cn/n/2.html").published_at is None


def test_listing_page_is_not_an_article(extractor: Extractor) -> None:
    items = "".join(f"<div class='item'><h2><a href='/a/{i}.html'>新闻标题{i}</a></h2><p>摘要：这是第{i}条新闻的摘要，内容足够长，讲述事情的经过。</p><span>2025-01-2{i % 9} 10:00</span></div>" for i in range(12))
    page = f"<html><head><title>科技 - 示例网</title></head><body>{NAV}<div class='list'>{items}</div>{FOOTER}</body></html>"
    result = extractor.extract(page, "https://www.example.cn/tech/", FETCHED)
    assert result.is_article is False
    assert result.page_kind_evidence == "listing page (URL segment /tech/)" or "listing" in result.page_kind_evidence


def test_learnt_site_lines_are_dropped_from_the_body() -> None:
    body = "".join(f"<p>第{i}段正文，内容足够长，讲述事情的经过和各方的看法。</p>" for i in range(5))
    page = f"<html><body><h1>标题</h1><div class='c'>{body}<p>扫码关注本站公众号，每天推送最新资讯</p></div></body></html>"
    plain = Extractor().extract(page, "https://a.example.cn/n/1.html")
    learnt = Extractor(boilerplate_lines=["扫码关注本站公众号，每天推送最新资讯"]).extract(page, "https://a.example.cn/n/1.html")
    assert plain.paragraphs[-1] == "扫码关注本站公众号，每天推送最新资讯"
    assert len(learnt.paragraphs) == 5 and "公众号" not in learnt.text


def test_extractor_survives_pickling_for_worker_processes(extractor: Extractor, samples_dir: Path) -> None:
    lines = lines_of(samples_dir, "003_4afa6f25fb81acf7.txt")
    page = f"<html><body><h1>美國AI出口禁令</h1><div class='c'>{paras(lines)}</div></body></html>"
    copy = pickle.loads(pickle.dumps(extractor))
    assert copy.extract(page, "https://x.example.hk/a/1") == extractor.extract(page, "https://x.example.hk/a/1")


def test_every_text_field_is_cleaned(extractor: Extractor, samples_dir: Path) -> None:
    lines = lines_of(samples_dir, "003_4afa6f25fb81acf7.txt")
    page = f"""<html><body><h1>美國(guó)AI出口禁令</h1><div class='c'>{paras(lines)}</div>
    <div class='comments'><div class='comment-item'><span class='user'>網(wǎng)友</span><p class='text'>說(shuō)得好,,</p></div></div></body></html>"""
    result = extractor.extract(page, "https://x.example.hk/a/1")
    assert result.title == "美國AI出口禁令"
    assert result.paragraphs[0].startswith("美國AI出口禁令已開始發力。美國商務部于1月15日更新了出口管制實體清單,智譜AI成為")
    assert "Forrester Research" in result.text and "(xiàn)" not in result.text and ",," not in result.text
    assert [(c.author, c.text) for c in result.comments] == [("網友", "說得好,")]


def test_a_document_that_is_not_html_is_an_extract_error_not_an_empty_article() -> None:
    for document in ("   ", "just some notes, not a web page"):
        with pytest.raises(ExtractError, match="not an HTML document"):
            Extractor().extract(document, "https://a.example.cn/")
    assert EXTRACTOR_VERSION


def test_site_suffix_is_cut_from_a_declared_title_too(extractor: Extractor) -> None:
    body = "".join(f"<p>第{i}段正文，内容足够长，讲述事情的经过和各方的看法。</p>" for i in range(5))
    page = f"""<html><head><title>外交部回应芯片出口管制_新浪新闻</title><meta property="og:title" content="外交部回应芯片出口管制_新浪新闻">
    </head><body><h1>外交部回应芯片出口管制</h1><div class="c">{body}</div></body></html>"""
    result = extractor.extract(page, "https://news.sina.com.cn/c/2025-01-30/doc-1.shtml")
    assert (result.title, result.site_name) == ("外交部回应芯片出口管制", "新浪新闻")


def test_news_flash_with_a_short_body_is_an_article(extractor: Extractor) -> None:
    page = """<html><head><title>快讯：外交部回应</title></head><body><div class="nav"><a>首页</a><a>国际</a></div>
    <h1>快讯：外交部回应</h1><p class="time">2025-01-30 10:32</p><div class="article"><p>中国外交部发言人郭嘉昆5日表示，中方一贯反对将科技和经贸问题政治化。</p></div>
    <div class="footer">关于我们</div></body></html>"""
    result = extractor.extract(page, "https://www.example.cn/news/2025/0130/1.html")
    assert result.paragraphs == ("中国外交部发言人郭嘉昆5日表示，中方一贯反对将科技和经贸问题政治化。",)
    assert (result.is_article, result.page_kind_evidence) == (True, "short dated story under its headline (news flash)")
    undated = extractor.extract(page.replace("2025-01-30 10:32", ""), "https://www.example.cn/news/2025/0130/1.html")
    assert (undated.is_article, undated.page_kind_evidence) == (False, "too little body text (34 characters)")


def test_article_in_a_container_named_like_comments_is_still_the_body(extractor: Extractor, samples_dir: Path) -> None:
    lines = lines_of(samples_dir, "003_4afa6f25fb81acf7.txt")
    page = f"""<html><body><h2>美國AI出口禁令</h2><p>發佈時間：2025-01-16 09:00</p>
    <div class="article-content comment-enabled">{paras(lines)}</div></body></html>"""
    result = extractor.extract(page, "https://x.example.hk/a/1.html")
    assert len(result.paragraphs) == 7 and result.comments == ()


def test_table_layout_portal_body_is_read_as_paragraphs(extractor: Extractor, samples_dir: Path) -> None:
    lines = lines_of(samples_dir, "002_32ce8c61f3a6e602.txt")[1:9]
    page = f"""<html><head><title>英伟达对他忍不住了-老门户网</title></head><body>
    <table width="960"><tr><td class="topnav"><a href="/">首页</a> | <a>国际</a> | <a>国内</a></td></tr></table>
    <table width="960"><tr><td valign="top"><h1>英伟达对他忍不住了</h1><div class="laiyuan">2025年05月06日 08:00　来源：人民网</div>
    <div id="zoom">{paras(lines)}</div></td><td class="right"><div class="hot"><b>新闻排行</b><ul><li><a>别的新闻</a></li></ul></div></td></tr></table>
    </body></html>"""
    result = extractor.extract(page, "http://news.oldportal.com.cn/gj/2025/05/06/1.shtml")
    assert list(result.paragraphs) == lines
    assert (result.published_at, result.source) == (datetime(2025, 5, 6, 8, 0, tzinfo=SH), "人民网")


def test_data_table_in_a_body_stays_a_table(extractor: Extractor) -> None:
    rows = "".join(f"<tr><td>模型{i}</td><td>{i * 10}亿参数</td></tr>" for i in range(1, 4))
    body = "".join(f"<p>第{i}段正文，内容足够长，讲述事情的经过和各方的看法。</p>" for i in range(4))
    page = f"<html><body><h1>标题</h1><div class='c'>{body}<table><tr><th>模型</th><th>规模</th></tr>{rows}</table></div></body></html>"
    result = extractor.extract(page, "https://a.example.cn/n/1.html")
    assert "模型1" in result.text and "10亿参数" in result.text


def test_archive_page_with_a_dated_heading_and_link_lines_is_not_a_news_flash(extractor: Extractor) -> None:
    page = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>2025年2月 归档</title></head><body>
    <nav class="site-nav"><a href="/">首页</a> | <a href="/news/">新闻</a> | <a href="/calendar/2026/01/">日历</a></nav><h2>2025年2月 归档</h2>
    <ul class="news-list"><li><a href="/calendar/2025/01/">上个月</a> <span class="date">2024-07-14</span></li>
    <li><a href="/calendar/2025/03/">下个月</a> <span class="date">2024-07-14</span></li></ul>
    <footer class="site-footer"><a href="/about.html">关于我们</a> | 版权声明</footer></body></html>"""
    result = extractor.extract(page, "http://127.0.0.1:8000/calendar/2025/02/")
    assert result.is_article is False


def test_thread_page_headline_time_and_author_under_it(extractor: Extractor) -> None:
    body = "".join(f"<p>Paragraph {i} of the post explains what the new export rule means for cloud resellers and their customers.</p>" for i in range(4))
    page = f"""<html><head><title>What the rule means : technology</title><meta property="og:title" content="What the rule means"></head><body>
    <div class="side"><h1>technology</h1><p>Subreddit about technology.</p></div>
    <div class="content"><p class="title"><a class="title">What the rule means</a></p>
    <p class="tagline">submitted <time datetime="2025-03-10T04:42:00+00:00">Mon Mar 10 04:42:00 2025 UTC</time> by <a href="/user/policy_watch" class="author">policy_watch</a></p>
    <div class="usertext-body">{body}</div></div></body></html>"""
    result = extractor.extract(page, "https://old.reddit-example.com/r/technology/comments/1abcd/what_the_rule_means/")
    assert result.title == "What the rule means"
    assert result.published_at == datetime(2025, 3, 10, 4, 42, tzinfo=UTC)
    assert result.authors == ("policy_watch",)
    assert result.is_article is True


def test_short_chinese_news_flash_keeps_its_paragraphs_apart_from_headline_and_byline(extractor: Extractor) -> None:
    flash = [
        "新华社北京1月30日电 中国人民银行30日宣布，下调金融机构存款准备金率0.5个百分点。",
        "此次下调后，预计将释放长期资金约1万亿元。",
    ]
    page = f"""<html lang="zh-CN"><head><title>央行宣布降准0.5个百分点</title></head><body>{NAV}
    <div class="article"><h1>央行宣布降准0.5个百分点</h1><div class="info">2025-01-30 10:32 来源：新华社</div>
    <div class="content">{paras(flash)}</div></div>{FOOTER}</body></html>"""
    result = extractor.extract(page, "http://news.example.cn/2025/0130/4471.html", FETCHED)
    assert result.paragraphs == tuple(flash)
    assert result.title == "央行宣布降准0.5个百分点"
    assert result.published_at == datetime(2025, 1, 30, 10, 32, tzinfo=SH)
    assert result.source == "新华社"


@pytest.mark.parametrize(
    "document",
    [
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>声明了编码的页面</p></body></html>',  # str with a declaration
        "<p>只有一个段落</p>",  # a bare fragment: not a page
        "just text, no markup",
        "<html/>\n<body><p>自闭合的 html 标签</p></body>",
        "<!DOCTYPE html>\n<html><body><p>控制\x00字符\x07</p></body></html>",
        "<html><body><form><input name=q><select><option>a</select></form><p>表单</p></body></html>",
        "   <div><p>没有 html 标签</p><p>第二段</p></div>",
        "\ufeff<html><body>BOM 开头</body></html>",
    ],
)
def test_pages_are_parsed_exactly_as_trafilatura_parses_them(document: str) -> None:
    # the extractor parses with its own, faster parser: broken and odd pages must come out the same
    ours, theirs = parse_html(document), load_html(document)
    assert (ours is None) == (theirs is None)
    if ours is not None:
        assert etree.tostring(ours, encoding="unicode") == etree.tostring(theirs, encoding="unicode")
        assert ours.text_content() == theirs.text_content()  # lxml.html's API still there


CODE = """for line in open("app.log"):
    if "ERROR" in line:
        count += 1
    if "ERROR" in line:
        count += 1
# Copyright © 2024 all rights reserved
print(count)
print(count)"""


def test_a_code_listing_with_repeated_lines_is_kept_verbatim(extractor: Extractor) -> None:
    """Indentation, repeats and a line a boilerplate rule would drop elsewhere all stay in a <pre>."""
    page = f"""<html><head><meta charset="utf-8"><title>用Python统计日志里的错误 - 码农笔记</title></head><body>{NAV}
    <article><h1>用Python统计日志里的错误</h1><div class="meta">2024-05-06 10:00</div>
    <p>日志文件往往很大，逐行读取是最稳妥的办法。下面这段代码故意把判断写了两遍，演示计数翻倍的错误写法。</p>
    <pre><code>{html.escape(CODE)}</code></pre>
    <p>运行之后你会发现，每个错误都被数了两次。实际使用时只保留一次判断即可，打印一次结果也就够了。</p>
    </article>{FOOTER}</body></html>"""
    result = extractor.extract(page, "https://blog.example.cn/2024/05/06/python-log-errors.html", FETCHED)
    assert "\n".join(result.paragraphs[1:-1]) == CODE
    assert result.removed == ()
