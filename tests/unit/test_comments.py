"""archive.extract.comments.sections: comment sections found in server-rendered HTML and split into threaded records."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import lxml.html
import pytest

from archive.extract.comments.sections import ExtractedComment, find_comments, split_comment_lines

SH = ZoneInfo("Asia/Shanghai")
FETCHED = datetime(2025, 2, 3, 4, 0, tzinfo=UTC)


def sample_comment_lines(samples_dir: Path) -> list[str]:
    lines = [ln.strip() for ln in (samples_dir / "001_8ec5993da452e490.txt").read_text(encoding="utf-8").splitlines() if ln.strip()]
    return lines[lines.index("Ygritte--L"):]


def page(section: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(
        "<html><body><h1>标题</h1><div class='content'><p>正文第一段，讲述事情经过。</p></div>"
        f"{section}<div class='footer'>关于我们</div></body></html>"
    )


@pytest.mark.parametrize("separator", ["p", "br"])
def test_sample_001_text_only_block_is_split_into_48_comments_with_replies(samples_dir: Path, separator: str) -> None:
    lines = sample_comment_lines(samples_dir)
    if separator == "p":
        block = "".join(f"<p>{html.escape(ln)}</p>" for ln in lines)
    else:
        block = "<div>" + "<br>".join(html.escape(ln) for ln in lines) + "</div>"
    section = find_comments(page(f"<div class='mod'><h3>网友评论</h3>{block}</div>"), SH, fetched_at=FETCHED)
    comments = section.comments
    assert section.method == "text"
    assert len(comments) == 48
    assert comments[0] == ExtractedComment("Ygritte--L", "中国大蒜都能影响美国国家安全,这个国家太脆弱了", None, None, None, 0)
    assert comments[5].text == "自信、强大的DeepSeek是中国人的骄傲!!![点赞][点赞][点赞][加油][加油][加油]"
    weik = comments[7]
    assert (weik.author, weik.text, weik.reply_to) == ("weik", "美国人就喜欢听你这个逻辑,所以拼命卡你脖子。", 6)
    assert comments[6].author == "北戴河花宅旅馆"
    assert weik.posted_at == datetime(2025, 1, 31, 10, 32, tzinfo=SH)
    masked = comments[11]
    assert (masked.author, masked.text) == ("用户15xxx19", "中国Al技术已经弯道超车站上了世界顶尖技术,中国加油!中国永保世界第一!")
    reply = next(c for c in comments if c.author == "沧海")
    assert comments[reply.reply_to].author == "射雕英雄"  # type: ignore[index]
    assert reply.posted_at == datetime(2025, 1, 31, 18, 38, tzinfo=SH)
    assert [c.author for c in comments if c.reply_to is not None] == ["weik", "用户14xxx96", "沧海"]
    assert comments[-1] == ExtractedComment("乜", "输入的答案分析的很透彻🤣", None, None, None, 47)
    assert "风语者(^ω^)" in [c.author for c in comments]
    assert [c.position for c in comments] == list(range(48))


@pytest.mark.parametrize(
    "section",
    [
        "<div class='comments'><h3>评论列表</h3></div>",
        "<h3>评论列表</h3>",
        "<div id='comments' class='comments-area'><h2 class='comments-title'>Comments (0)</h2><form><textarea></textarea><input type='submit' value='Post ExtractedComment'></form></div>",
        "<div class='pinglun'><h3>网友评论</h3><p>暂无评论</p></div>",
    ],
)
def test_header_without_comments_gives_no_comments_but_is_claimed(section: str) -> None:
    found = find_comments(page(section), SH, fetched_at=FETCHED)
    assert found.comments == ()
    assert found.nodes, "the empty section must still be kept out of the body"


WORDPRESS = """
<div id="comments" class="comments-area"><h2 class="comments-title">3 thoughts on &ldquo;Chips&rdquo;</h2>
<ol class="comment-list">
 <li id="comment-12" class="comment even thread-even depth-1"><article id="div-comment-12" class="comment-body">
  <footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Mark T.</b> <span class="says">says:</span></div>
  <div class="comment-metadata"><a href="#comment-12"><time datetime="2025-01-30T12:01:00+00:00">January 30, 2025 at 12:01 pm</time></a></div></footer>
  <div class="comment-content"><p>This was always going to happen.</p></div><div class="reply"><a class="comment-reply-link">Reply</a></div></article>
  <ol class="children">
   <li id="comment-13" class="comment odd alt depth-2"><article id="div-comment-13" class="comment-body">
    <footer class="comment-meta"><div class="comment-author vcard"><b class="fn">lin_wei</b> <span class="says">says:</span></div>
    <div class="comment-metadata"><a><time datetime="2025-01-30T13:15:00+00:00">January 30, 2025 at 1:15 pm</time></a></div></footer>
    <div class="comment-content"><p>Open models will fill the gap.</p></div><div class="reply"><a class="comment-reply-link">Reply</a></div></article></li>
  </ol></li>
 <li id="comment-14" class="comment even thread-odd depth-1"><article id="div-comment-14" class="comment-body">
  <footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Sarah K</b> <span class="says">says:</span></div>
  <div class="comment-metadata"><a><time datetime="2025-01-31T08:00:00+00:00">January 31, 2025 at 8:00 am</time></a></div></footer>
  <div class="comment-content"><p>Does this apply to Singapore?</p><p>Asking for a friend.</p></div></article></li>
</ol><div id="respond"><h3>Leave a Reply</h3><form><textarea></textarea></form></div></div>"""


def test_wordpress_threads_come_from_nesting() -> None:
    found = find_comments(page(WORDPRESS), ZoneInfo("UTC"), fetched_at=FETCHED)
    assert found.method == "markup"
    assert found.comments == (
        ExtractedComment("Mark T.", "This was always going to happen.", datetime(2025, 1, 30, 12, 1, tzinfo=UTC), None, "12", 0),
        ExtractedComment("lin_wei", "Open models will fill the gap.", datetime(2025, 1, 30, 13, 15, tzinfo=UTC), 0, "13", 1),
        ExtractedComment("Sarah K", "Does this apply to Singapore?\nAsking for a friend.", datetime(2025, 1, 31, 8, 0, tzinfo=UTC), None, "14", 2),
    )


def test_microdata_comments_with_reply_markers() -> None:
    section = """<section class="user-comments"><h3>讀者留言</h3>
    <div itemscope itemtype="http://schema.org/ExtractedComment" id="c-1"><span itemprop="author" itemscope><span itemprop="name">皮尔洛</span></span>
      <meta itemprop="dateCreated" content="2025-01-30T12:00:00+08:00"><div itemprop="text">这哪是竞争?分明是霸道!</div></div>
    <div itemscope itemtype="http://schema.org/ExtractedComment" id="c-2"><span itemprop="author" itemscope><span itemprop="name">leeon</span></span>
      <meta itemprop="dateCreated" content="2025-01-30T12:30:00+08:00"><div itemprop="text">不知美国为何如此不自信?</div></div>
    <div itemscope itemtype="http://schema.org/ExtractedComment" id="c-3"><span itemprop="author" itemscope><span itemprop="name">weik</span></span>
      <meta itemprop="dateCreated" content="2025-01-30T13:00:00+08:00"><div itemprop="text">回覆 @皮尔洛：说得对[点赞]</div></div>
    </section>"""
    comments = find_comments(page(section), SH).comments
    assert [(c.author, c.text, c.reply_to, c.external_id) for c in comments] == [
        ("皮尔洛", "这哪是竞争?分明是霸道!", None, "1"),
        ("leeon", "不知美国为何如此不自信?", None, "2"),
        ("weik", "说得对[点赞]", 0, "3"),
    ]
    assert comments[2].posted_at == datetime(2025, 1, 30, 5, 0, tzinfo=UTC)


def test_english_reply_to_marker_links_to_the_named_author() -> None:
    section = """<div class="comments"><div class="comment-item"><span class="user">Dana</span><p class="text">A fraction of the cost.</p></div>
    <div class="comment-item"><span class="user">Tom Baker</span><p class="text">Efficiency increases demand.</p></div>
    <div class="comment-item"><span class="user">anon1234</span><p class="text">Reply to Dana: still a lot of money.</p></div></div>"""
    comments = find_comments(page(section), SH).comments
    assert [(c.author, c.text, c.reply_to) for c in comments] == [
        ("Dana", "A fraction of the cost.", None),
        ("Tom Baker", "Efficiency increases demand.", None),
        ("anon1234", "still a lot of money.", 0),
    ]


def test_site_selectors_override_the_heuristics() -> None:
    section = """<div class="zz-box"><div class="zz-row"><b>草曼</b><i>02-01 09:00</i><p>没听说过不怕竞争</p></div>
    <div class="zz-row"><b>峰歌</b><i>02-01 09:30</i><p>根本不敢公平竞争</p></div></div>"""
    assert find_comments(page(section), SH, fetched_at=FETCHED).method == "shape"
    found = find_comments(page(section), SH, fetched_at=FETCHED, selectors=[".zz-row"])
    assert found.method == "selector"
    assert [(c.author, c.text, c.posted_at) for c in found.comments] == [
        ("草曼", "没听说过不怕竞争", datetime(2025, 2, 1, 9, 0, tzinfo=SH)),
        ("峰歌", "根本不敢公平竞争", datetime(2025, 2, 1, 9, 30, tzinfo=SH)),
    ]


def test_relative_comment_times_are_resolved_against_the_fetch() -> None:
    section = """<div class="pinglun"><div class="pl-item"><a class="pl-user">天雷</a> <span class="pl-time">5分钟前</span><p class="pl-text">自相矛盾</p></div>
    <div class="pl-item"><a class="pl-user">abcde</a> <span class="pl-time">昨天 21:05</span><p class="pl-text">我能做到的就是坚决不买烂苹果!</p></div></div>"""
    comments = find_comments(page(section), SH, fetched_at=FETCHED).comments
    assert [(c.author, c.text, c.posted_at) for c in comments] == [
        ("天雷", "自相矛盾", datetime(2025, 2, 3, 11, 55, tzinfo=SH)),
        ("abcde", "我能做到的就是坚决不买烂苹果!", datetime(2025, 2, 2, 21, 5, tzinfo=SH)),
    ]


def test_comment_page_with_only_comments() -> None:
    tree = lxml.html.fromstring(
        """<html><head><title>评论 第2页</title></head><body><div class="comment-list"><div class="hd">全部评论（第2页）</div>
        <div class="comment-item" data-id="9901"><span class="user-name">小猪什么奇</span> <span class="time">01-31 09:11</span><div class="txt">还是要大力支持发展高端芯片</div>
          <div class="reply-list"><div class="comment-item" data-id="9902"><span class="user-name">风语者(^ω^)</span> <span class="time">01-31 09:48</span><div class="txt">说一套做一套</div></div></div></div>
        <div class="pager"><a>上一页</a> 2 <a>下一页</a></div></div></body></html>"""
    )
    comments = find_comments(tree, SH, fetched_at=FETCHED).comments
    assert comments == (
        ExtractedComment("小猪什么奇", "还是要大力支持发展高端芯片", datetime(2025, 1, 31, 9, 11, tzinfo=SH), None, "9901", 0),
        ExtractedComment("风语者(^ω^)", "说一套做一套", datetime(2025, 1, 31, 9, 48, tzinfo=SH), 0, "9902", 1),
    )


def test_a_long_comment_continues_on_the_next_line() -> None:
    lines = ["庄凡心", "美国人一直认为,它是世界上最优秀、最发达。", "不过它的行为不端和强夺意识根植于心,令人讨厌🙏", "阿发", "如果美国足够强大,是不会在乎的,在乎说明什么?"]
    comments = split_comment_lines(lines, SH)
    assert [(c.author, c.text) for c in comments] == [
        ("庄凡心", "美国人一直认为,它是世界上最优秀、最发达。\n不过它的行为不端和强夺意识根植于心,令人讨厌🙏"),
        ("阿发", "如果美国足够强大,是不会在乎的,在乎说明什么?"),
    ]


def test_quoted_comment_links_the_reply_and_stays_out_of_its_text() -> None:
    section = """<ul id="comments" class="topic-reply">
    <li class="comment-item reply-item" id="45000"><div class="reply-doc content"><h4><a href="/people/1/">皮尔洛</a>
      <span class="pubtime">2025-03-01 12:15:00</span></h4><p class="reply-content">这哪是竞争?分明是霸道!</p>
      <div class="operation_div"><a class="lnk-reply">回应</a></div></div></li>
    <li class="comment-item reply-item" id="45001"><div class="reply-doc content"><h4><a href="/people/2/">leeon</a>
      <span class="pubtime">2025-03-01 12:44:00</span></h4>
      <div class="reply-quote"><span class="all">这哪是竞争?分明是霸道!</span><span class="pubdate"><a href="/people/1/">皮尔洛</a></span></div>
      <p class="reply-content">不知美国为何如此不自信?</p><div class="operation_div"><a class="lnk-reply">回应</a></div></div></li></ul>"""
    comments = find_comments(page(section), SH, fetched_at=FETCHED).comments
    assert comments == (
        ExtractedComment("皮尔洛", "这哪是竞争?分明是霸道!", datetime(2025, 3, 1, 12, 15, tzinfo=SH), None, "45000", 0),
        ExtractedComment("leeon", "不知美国为何如此不自信?", datetime(2025, 3, 1, 12, 44, tzinfo=SH), 0, "45001", 1),
    )


def test_netease_gentie_section_is_found() -> None:
    section = """<div class="tie-area"><div class="tie-titlebar"><span class="tie-title">热门跟贴</span></div><div class="tie-list">
    <div class="tie-item"><div class="tie-user"><a href="#">网易北京市手机网友</a></div><div class="tie-cnt">说到底还是光刻机没搞定。</div>
      <div class="tie-bar"><span class="tie-time">2025-01-30 12:00:00</span> <a>顶</a> <a>踩</a> <a>回复</a></div></div></div>
    <div class="tie-more"><a>查看全部跟贴</a></div></div>"""
    comments = find_comments(page(section), SH).comments
    assert comments == (ExtractedComment("网易北京市手机网友", "说到底还是光刻机没搞定。", datetime(2025, 1, 30, 12, 0, tzinfo=SH), None, None, 0),)


def test_recent_comments_widget_in_the_sidebar_is_not_this_pages_comments() -> None:
    widget = """<aside id="secondary" class="widget-area"><section class="widget widget_recent_comments"><h2 class="widget-title">近期评论</h2>
    <ul id="recentcomments"><li class="recentcomments"><span class="comment-author-link">老王</span>发表在《<a href="/p/1#comment-3">另一篇文章</a>》</li>
    <li class="recentcomments"><span class="comment-author-link">墨白</span>发表在《<a href="/p/2#comment-9">第三篇文章</a>》</li></ul></section>
    <section class="widget"><h3>最新评论</h3><p>阿杰</p><p>写得好</p></section></aside>"""
    found = find_comments(page(widget), SH, fetched_at=FETCHED)
    assert found.comments == ()
    assert found.nodes == ()


def test_site_selector_naming_the_section_splits_it_by_the_heuristics() -> None:
    section = """<div id="zz-talk"><p>峰歌</p><p>这鸟人怕了,根本不敢公平竞争</p><p>简单足矣</p><p>该我们说,别玩阴的</p></div>"""
    assert find_comments(page(section), SH).comments == ()
    found = find_comments(page(section), SH, selectors=["#zz-talk"])
    assert [(c.author, c.text) for c in found.comments] == [("峰歌", "这鸟人怕了,根本不敢公平竞争"), ("简单足矣", "该我们说,别玩阴的")]
    assert [n.get("id") for n in found.nodes] == ["zz-talk"]


def test_site_xpath_selector_for_nested_items_keeps_the_thread() -> None:
    section = """<div class="zz"><div class="zz-row" data-id="1"><b>草曼</b><p>没听说过不怕竞争</p>
      <div class="zz-row" data-id="2"><b>峰歌</b><p>根本不敢公平竞争</p></div></div></div>"""
    found = find_comments(page(section), SH, selectors=["//div[@class='zz-row']"])
    assert [(c.author, c.text, c.reply_to, c.external_id) for c in found.comments] == [
        ("草曼", "没听说过不怕竞争", None, "1"),
        ("峰歌", "根本不敢公平竞争", 0, "2"),
    ]


def test_one_word_comments_that_look_like_buttons_are_kept() -> None:
    marked = """<div class="comment-list"><div class="comment-item"><span class="user-name">沙发哥</span><div class="txt">顶</div><div class="action"><a>回复</a> <a>赞(3)</a></div></div>
    <div class="comment-item"><span class="user-name">老铁</span><div class="txt">666</div><div class="action"><a>回复</a></div></div></div>"""
    assert [(c.author, c.text) for c in find_comments(page(marked), SH).comments] == [("沙发哥", "顶"), ("老铁", "666")]
    lines = ["沙发哥", "顶", "回复", "老铁", "666", "赞(3)", "阿发", "如果美国足够强大,是不会在乎的"]
    assert [(c.author, c.text) for c in split_comment_lines(lines, SH)] == [("沙发哥", "顶"), ("老铁", "666"), ("阿发", "如果美国足够强大,是不会在乎的")]


def test_name_lines_with_posted_on_and_says() -> None:
    lines = ["张三 于 2025-01-30 12:00 说：", "说到底还是光刻机没搞定。", "Mark T. on January 30, 2025 at 1:15 pm said:", "Open models will fill the gap."]
    comments = split_comment_lines(lines, SH)
    assert [(c.author, c.text, c.posted_at) for c in comments] == [
        ("张三", "说到底还是光刻机没搞定。", datetime(2025, 1, 30, 12, 0, tzinfo=SH)),
        ("Mark T.", "Open models will fill the gap.", datetime(2025, 1, 30, 13, 15, tzinfo=SH)),
    ]


@pytest.mark.parametrize(
    ("shown", "name"),
    [("3楼 火火仁", "火火仁"), ("12樓 吳長", "吳長"), ("#7 Dana", "Dana"), ("沙发 天雷", "天雷"), ("沙发哥", "沙发哥"), ("5Fish", "5Fish")],
)
def test_floor_numbers_are_not_part_of_the_name(shown: str, name: str) -> None:
    comments = split_comment_lines([shown, "说到底还是光刻机没搞定。"], SH)
    assert [c.author for c in comments] == [name]


def test_at_mention_of_an_earlier_commenter_is_a_reply() -> None:
    section = """<section class="comments"><h2>3 Comments</h2>
    <div class="comment" id="c1"><p class="meta"><strong>Sarah K</strong> &middot; March 8, 2025 17:37 UTC</p><p>Does this apply to Singapore?</p></div>
    <div class="comment" id="c2"><p class="meta"><strong>Mark T.</strong> &middot; March 8, 2025 18:37 UTC</p><p>@Sarah K It does, if the owner is Chinese.</p></div>
    <div class="comment" id="c3"><p class="meta"><strong>Dana</strong> &middot; March 8, 2025 19:37 UTC</p><p>@nobody here: a mention of a stranger.</p></div></section>"""
    comments = find_comments(page(section), ZoneInfo("UTC")).comments
    assert [(c.author, c.text, c.reply_to, c.external_id) for c in comments] == [
        ("Sarah K", "Does this apply to Singapore?", None, "1"),
        ("Mark T.", "It does, if the owner is Chinese.", 0, "2"),
        ("Dana", "@nobody here: a mention of a stranger.", None, "3"),
    ]
    assert comments[1].posted_at == datetime(2025, 3, 8, 18, 37, tzinfo=UTC)


def test_blocks_named_box_with_nested_reply_boxes() -> None:
    section = """<div class="comment-list"><h3>最新评论</h3>
    <div class="box"><div class="user"><img src="/h.png"><a class="name" href="#">我心飞扬</a> <span class="loc">[广东]</span></div>
      <div class="text">靠打压别人维系自己,说明他自己竞争力已衰弱</div><div class="foot"><span class="time">3小时前</span> <a class="reply">回复</a> <a class="support">支持(2)</a></div>
      <div class="reply-box"><div class="box"><div class="user"><a class="name" href="#">吳長</a> <span class="loc">[北京]</span></div>
        <div class="text">说得对</div><div class="foot"><span class="time">2小时前</span> <a class="reply">回复</a></div></div></div></div>
    <div class="box"><div class="user"><a class="name" href="#">一帆风顺</a></div><div class="text">受益的是全球</div>
      <div class="foot"><span class="time">1小时前</span></div></div></div>"""
    comments = find_comments(page(section), SH, fetched_at=FETCHED).comments
    assert [(c.author, c.text, c.reply_to, c.posted_at) for c in comments] == [
        ("我心飞扬", "靠打压别人维系自己,说明他自己竞争力已衰弱", None, datetime(2025, 2, 3, 9, 0, tzinfo=SH)),
        ("吳長", "说得对", 0, datetime(2025, 2, 3, 10, 0, tzinfo=SH)),
        ("一帆风顺", "受益的是全球", None, datetime(2025, 2, 3, 11, 0, tzinfo=SH)),
    ]


@pytest.mark.parametrize("header", ["热门跟贴", "熱門跟貼"])
def test_a_follow_up_header_in_either_script_opens_a_text_only_comment_section(header: str) -> None:
    lines = "".join(f"<p>{line}</p>" for line in ("用户15xxx19", "美国急了[点赞]", "路人甲", "期待更多国产大模型"))
    found = find_comments(page(f"<div class='mod'><h3>{header}</h3>{lines}</div>"), SH, fetched_at=FETCHED)
    assert [(c.author, c.text) for c in found.comments] == [("用户15xxx19", "美国急了[点赞]"), ("路人甲", "期待更多国产大模型")]
