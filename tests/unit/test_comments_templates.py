"""ExtractedComment sections on templates the heuristics were not written for: found by their shape, kept
apart from look-alikes (rankings, forms, other articles' comments), replies split from parents."""

from __future__ import annotations

import html
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import lxml.html
import pytest

from archive.extract.comments.sections import ExtractedComment, find_comments
from archive.extract.extractor import Extractor

SH = ZoneInfo("Asia/Shanghai")
FETCHED = datetime(2025, 2, 3, 4, 0, tzinfo=UTC)


def page(section: str, sidebar: str = "") -> lxml.html.HtmlElement:
    return lxml.html.fromstring(
        "<html><body><div class='wrap'><div class='main'><h1>美国以安全为由限制中国产品</h1>"
        "<div class='art'><p>据报道，美国国会有议员以国家安全为由，要求调查中国大蒜的进口。</p>"
        "<p>分析人士认为，这类做法缺乏依据，只会推高美国消费者的成本。</p></div>"
        f"{section}</div><div class='r'>{sidebar}</div></div><div class='ft'>关于我们 | 联系我们</div></body></html>"
    )


def at(day: int, hour: int, minute: int) -> datetime:
    return datetime(2025, 1, day, hour, minute, tzinfo=SH)


def test_comment_widget_with_unknown_class_names_is_found_by_its_shape() -> None:
    widget = """<div class="x7a-wrap">
    <div class="k9-row"><a class="k9-u" href="/u/1021">江南布衣</a><span class="k9-t">2025-01-30 12:00</span>
      <div class="k9-c">这篇报道写得很客观，数据也很详实。</div></div>
    <div class="k9-row"><a class="k9-u" href="/u/3307">老张头</a><span class="k9-t">2025-01-30 12:41</span>
      <div class="k9-c">大蒜都成了安全问题，真是匪夷所思。</div></div>
    <div class="k9-row"><a class="k9-u" href="/u/88">晴天</a><span class="k9-t">2025-01-30 13:05</span>
      <div class="k9-c">成本最后还是消费者承担。</div></div></div>"""
    found = find_comments(page(widget), SH, fetched_at=FETCHED)
    assert found.comments == (
        ExtractedComment("江南布衣", "这篇报道写得很客观，数据也很详实。", at(30, 12, 0), None, None, 0),
        ExtractedComment("老张头", "大蒜都成了安全问题，真是匪夷所思。", at(30, 12, 41), None, None, 1),
        ExtractedComment("晴天", "成本最后还是消费者承担。", at(30, 13, 5), None, None, 2),
    )
    assert len(found.nodes) == 1 and found.nodes[0].get("class") == "x7a-wrap"


NESTED = """<div class="pl-box"><h3>网友评论</h3><ul class="pl-ul">
<li class="pl-li"><div class="pl-top"><span class="pl-name">Ygritte--L</span><span class="pl-date">01-31 09:12</span></div>
  <div class="pl-words">中国大蒜都能影响美国国家安全，这个国家太脆弱了</div><a class="pl-btn">回复</a>
  <div class="pl-subs">
    <div class="pl-sub"><span class="pl-name">送你一杯咖啡</span> 回復 @Ygritte--L：<span class="pl-words">脆弱的是他们的自信</span>
      <span class="pl-date">01-31 10:02</span> <a class="pl-btn">回复</a></div>
    <div class="pl-sub"><span class="pl-name">北戴河花宅旅馆</span> 回復 @送你一杯咖啡：<span class="pl-words">说得好</span>
      <span class="pl-date">01-31 10:20</span> <a class="pl-btn">回复</a></div>
  </div></li>
<li class="pl-li"><div class="pl-top"><span class="pl-name">射雕英雄</span><span class="pl-date">01-31 11:00</span></div>
  <div class="pl-words">自信强大的国家不会这样做</div><a class="pl-btn">回复</a></li>
</ul></div>"""


def test_replies_nested_in_the_parent_element_are_records_of_their_own() -> None:
    comments = find_comments(page(NESTED), SH, fetched_at=FETCHED).comments
    assert comments == (
        ExtractedComment("Ygritte--L", "中国大蒜都能影响美国国家安全，这个国家太脆弱了", at(31, 9, 12), None, None, 0),
        ExtractedComment("送你一杯咖啡", "脆弱的是他们的自信", at(31, 10, 2), 0, None, 1),
        ExtractedComment("北戴河花宅旅馆", "说得好", at(31, 10, 20), 1, None, 2),
        ExtractedComment("射雕英雄", "自信强大的国家不会这样做", at(31, 11, 0), None, None, 3),
    )


def test_a_reply_quoting_its_parent_keeps_its_own_text_and_time() -> None:
    section = """<div class="talk"><h3>最新评论</h3>
    <div class="tk-row"><p class="tk-who"><a href="/u/5">阿杰</a> <em>2025-01-30 12:00</em></p><p class="tk-say">关税最后都是消费者买单。</p></div>
    <div class="tk-row"><p class="tk-who"><a href="/u/6">墨白</a> <em>2025-01-30 15:30</em></p>
      <div class="tk-ref"><p class="tk-who"><a href="/u/5">阿杰</a> <em>2025-01-30 12:00</em></p><p class="tk-say">关税最后都是消费者买单。</p></div>
      <p class="tk-say">也不全是，进口商也会分担一部分。</p></div>
    </div>"""
    comments = find_comments(page(section), SH, fetched_at=FETCHED).comments
    assert comments == (
        ExtractedComment("阿杰", "关税最后都是消费者买单。", at(30, 12, 0), None, None, 0),
        ExtractedComment("墨白", "也不全是，进口商也会分担一部分。", at(30, 15, 30), 0, None, 1),
    )


def test_hot_comments_listed_before_the_latest_are_comments_once_each() -> None:
    row = (
        '<div class="r-it"><div class="r-hd"><a href="/u/{uid}">{name}</a><span class="r-tm">{time}</span></div>'
        '<div class="r-tx">{text}</div><div class="r-ft"><a>顶({up})</a> <a>回复</a></div></div>'
    )
    hot = row.format(uid=1, name="光刻机", time="2025-01-30 12:00", text="说到底还是光刻机没搞定。", up=321)
    new = row.format(uid=2, name="小鱼", time="2025-01-31 08:00", text="期待国产芯片早日突破。", up=2)
    section = (
        f'<div class="hot-part"><h3>热门跟贴</h3>{hot}</div>'
        f'<div class="new-part"><h3>最新跟贴</h3>{new}{hot}</div>'
    )
    found = find_comments(page(section), SH, fetched_at=FETCHED)
    assert found.comments == (
        ExtractedComment("光刻机", "说到底还是光刻机没搞定。", datetime(2025, 1, 30, 12, 0, tzinfo=SH), None, None, 0),
        ExtractedComment("小鱼", "期待国产芯片早日突破。", datetime(2025, 1, 31, 8, 0, tzinfo=SH), None, None, 1),
    )
    assert {n.get("class") for n in found.nodes} >= {"hot-part", "new-part"}


def test_empty_state_text_and_comment_form_are_not_comments() -> None:
    section = """<div class="gt-wrap"><div class="gt-title">跟贴</div><p class="gt-empty">目前没有跟贴，欢迎你发表观点</p>
    <div class="gt-post"><label>用户名</label><input name="u"><textarea placeholder="文明上网，理性发言"></textarea><a class="gt-send">发表跟贴</a></div>
    <div class="gt-share">分享到：<a>微信</a><a>微博</a><a>QQ空间</a></div></div>"""
    found = find_comments(page(section), SH, fetched_at=FETCHED)
    assert found.comments == ()
    assert found.nodes, "the empty comment section must still be kept out of the body"


def test_most_read_ranking_and_other_articles_comments_in_the_sidebar_are_not_comments() -> None:
    sidebar = """<div class="rank"><h3>点击排行</h3><ul>
      <li><span class="n">1</span><a href="/news/2025/0130/101.html">美联储宣布维持利率不变</a><span>01-30 12:00</span></li>
      <li><span class="n">2</span><a href="/news/2025/0130/102.html">春运客流创下新高</a><span>01-30 11:00</span></li>
      <li><span class="n">3</span><a href="/news/2025/0129/103.html">国产大飞机完成首次商业飞行</a><span>01-29 09:00</span></li></ul></div>
    <div class="hotpl"><h3>热门评论</h3>
      <div class="hp-it"><span class="hp-u">老王</span> 评《<a href="/news/2025/0129/77.html">春运客流创下新高</a>》<p>今年回家的票好买多了，点赞。</p><span>01-29 20:00</span></div>
      <div class="hp-it"><span class="hp-u">墨白</span> 评《<a href="/news/2025/0128/61.html">国产大飞机完成首次商业飞行</a>》<p>坐过一次，很平稳。</p><span>01-28 18:00</span></div></div>"""
    found = find_comments(page("", sidebar), SH, fetched_at=FETCHED)
    assert found.comments == ()


def test_plain_lines_in_list_items_parse_the_reply_marker_and_time() -> None:
    section = """<ul class="u-l">
    <li><p>Ygritte--L</p><p>中国大蒜都能影响美国国家安全,这个国家太脆弱了</p></li>
    <li><p>北戴河花宅旅馆</p><p>美国的安全感太低了</p></li>
    <li><p>weik 回复 01-31 10:32</p><p>美国人就喜欢听你这个逻辑,所以拼命卡你脖子。</p></li>
    <li><p>用户15xxx19</p><p>中国AI技术已经弯道超车,中国加油!</p></li></ul>"""
    comments = find_comments(page(section), SH, fetched_at=FETCHED).comments
    assert comments == (
        ExtractedComment("Ygritte--L", "中国大蒜都能影响美国国家安全,这个国家太脆弱了", None, None, None, 0),
        ExtractedComment("北戴河花宅旅馆", "美国的安全感太低了", None, None, None, 1),
        ExtractedComment("weik", "美国人就喜欢听你这个逻辑,所以拼命卡你脖子。", at(31, 10, 32), 1, None, 2),
        ExtractedComment("用户15xxx19", "中国AI技术已经弯道超车,中国加油!", None, None, None, 3),
    )


def test_comments_found_by_shape_stay_out_of_the_article_body() -> None:
    body = "".join(f"<p>第{i}段正文，讲述美国以国家安全为由限制中国产品进口的经过和各方看法。</p>" for i in range(5))
    html = (
        f"<html><head><title>美国限制中国大蒜进口</title></head><body><h1>美国限制中国大蒜进口</h1>"
        f"<div class='art'>{body}</div>{NESTED.replace('<h3>网友评论</h3>', '')}</body></html>"
    )
    result = Extractor().extract(html, "https://news.example.cn/2025/0131/1.html", FETCHED)
    assert [c.author for c in result.comments] == ["Ygritte--L", "送你一杯咖啡", "北戴河花宅旅馆", "射雕英雄"]
    assert len(result.paragraphs) == 5
    assert not any("脆弱" in p or "回复" in p or "回復" in p for p in result.paragraphs)


def test_sample_001_plain_lines_without_a_header_are_comments_not_body(samples_dir: Path) -> None:
    lines = [ln.strip() for ln in (samples_dir / "001_8ec5993da452e490.txt").read_text(encoding="utf-8").splitlines() if ln.strip()]
    start = lines.index("Ygritte--L")
    story = "".join(f"<p>{html.escape(ln)}</p>" for ln in lines[start - 6:start])
    thread = "".join(f"<p>{html.escape(ln)}</p>" for ln in lines[start:])
    doc = (
        "<html><head><title>美国限制DeepSeek</title></head><body><h1>美国限制DeepSeek</h1>"
        f"<div class='article'>{story}{thread}</div></body></html>"
    )
    result = Extractor().extract(doc, "https://www.example.cn/news/2025/0131/1.html", FETCHED)
    comments = result.comments
    assert len(comments) == 48
    assert comments[0] == ExtractedComment("Ygritte--L", "中国大蒜都能影响美国国家安全,这个国家太脆弱了", None, None, None, 0)
    weik = comments[7]
    assert (weik.author, weik.text, weik.posted_at, weik.reply_to) == (
        "weik", "美国人就喜欢听你这个逻辑,所以拼命卡你脖子。", at(31, 10, 32), 6
    )
    assert len(result.paragraphs) == 6
    assert not any(c.text in result.text for c in comments)


def test_english_comment_form_and_policy_are_not_comments() -> None:
    section = """<div class="talkback"><h3>Comments</h3><p>No comments yet. Be the first to comment.</p>
    <div class="policy"><p>Discussion Policy</p><p>Comments that include profanity or personal attacks will be removed.</p></div>
    <div class="frm"><p>Full name (will appear on site) *</p><p><input name="n"></p><p>Your comment</p><textarea></textarea>
    <p><a href="#">Click here to cancel reply.</a></p></div><p>Sort: Newest | Oldest</p>
    <p><a href="/all-comments">View All Comments (10)</a></p><p><a href="/all-comments">View All Comments (10)</a></p></div>"""
    found = find_comments(page(section), ZoneInfo("UTC"), fetched_at=FETCHED)
    assert found.comments == ()
    assert found.nodes


def test_a_header_read_where_the_name_stands_is_not_the_author() -> None:
    section = "<div class='rc'><h3>Comments</h3><p>Reader Comments (1)</p><p>Great post, the approaches are merging!</p></div>"
    comments = find_comments(page(section), ZoneInfo("UTC"), fetched_at=FETCHED).comments
    assert comments == (ExtractedComment(None, "Great post, the approaches are merging!", None, None, None, 0),)


@pytest.mark.parametrize("filler", ["1" * 40000, " " * 40000, "：" * 40000, "1 " * 20000, "回复 " * 10000])
def test_comment_search_stays_fast_on_adversarial_runs(filler: str) -> None:
    rows = "".join(f"<div class='r'><p>{filler}</p><p>{filler}</p></div>" for _ in range(3))
    lines = "".join(f"<p>{filler}</p>" for _ in range(10))
    started = time.perf_counter()
    find_comments(page(rows + f"<div>{lines}</div>"), SH, fetched_at=FETCHED)
    assert time.perf_counter() - started < 2.0


def test_a_fixture_list_with_dates_is_not_comments() -> None:
    sidebar = """<div class="fx"><div class="fx-day"><h4>Premier League</h4><p>Monday Jan 21</p><p>Liverpool v Aston Villa</p></div>
    <div class="fx-day"><h4>Premier League</h4><p>Sunday Jan 20</p><p>Wigan 1-2 Everton</p><p>Man City 1-1 West Ham</p></div></div>"""
    assert find_comments(page("", sidebar), ZoneInfo("UTC"), fetched_at=FETCHED).comments == ()
