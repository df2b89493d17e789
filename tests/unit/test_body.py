"""Body text on Chinese portal article layouts: small pages of our own, modelled on the article
templates of large Chinese news portals (a nav menu, a dateline lead held as bare text at the top
of the content block, share bars, editor lines, related-news lists, hot-news rankings)."""

from __future__ import annotations

import pytest
from lxml.html import fromstring, tostring

from archive.errors import ExtractError
from archive.extract.blocks import drop_link_lists, drop_related_lists, unwrap_layout_lists, wrap_loose_text
from archive.extract.extractor import Extractor

LEAD = "新华社北京4月12日电（记者王明）记者12日从水利部获悉，长江流域今年首场春汛已于近日平稳通过中下游干流，沿线主要站点水位均在警戒水位以下。"
BODY = [
    "据介绍，受连续降雨影响，长江中游干流及洞庭湖、鄱阳湖水系部分河段水位在4月上旬出现明显上涨，汉口站水位一度日涨幅超过半米。",
    "长江委水文局有关负责人表示，今年春汛来得较常年偏早，但上游水库群提前实施了预泄调度，为中下游腾出了防洪库容，有效削减了洪峰。",
    "据预报，未来一周长江流域仍有两次较强降雨过程，防汛部门将继续加强监测预警，做好各项应对准备。",
]
PARAGRAPHS = "".join(f"<p>{p}</p>" for p in BODY)


def portal_page(content: str) -> str:
    """A portal article page around ``content`` (the article's content block)."""
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>长江流域今年首场春汛平稳过境_新闻频道_某某网</title></head><body>
<div class="topnav"><a href="/">首页</a> <a href="/news/">新闻</a> <a href="/finance/">财经</a>
<a href="/sports/">体育</a> <a href="/ent/">娱乐</a> <a href="/tech/">科技</a></div>
<div class="w1000"><div class="col_l">
<h1>长江流域今年首场春汛平稳过境</h1>
<div class="box01"><div class="fl">2024年04月12日09:31 | 来源：新华网</div></div>
{content}
</div>
<div class="col_r"><h3>点击排行</h3><ol><li><a href="/n/1.html">多地出台楼市新政</a></li>
<li><a href="/n/2.html">五一假期出行预测出炉</a></li><li><a href="/n/3.html">多地气温突破三十度</a></li></ol></div>
</div><div class="copyright">关于我们 | 联系我们 | 版权所有 某某网</div></body></html>"""


def body_of(html: str) -> list[str]:
    return list(Extractor().extract(html, "https://news.example.cn/n1/2024/0412/c1001-4001.html").paragraphs)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(f'<div class="rm_txt_con">{LEAD}{PARAGRAPHS}</div>', id="bare-text-first"),
        pytest.param(f'<div class="article"><p><img src="/a.jpg"></p>{LEAD}{PARAGRAPHS}</div>', id="after-a-picture"),
        pytest.param(f'<div class="article"><div class="pic"><img src="/a.jpg"></div>{LEAD}{PARAGRAPHS}</div>', id="after-a-picture-div"),
        pytest.param(f'<div id="zoom"><strong>{LEAD}</strong>{PARAGRAPHS}</div>', id="in-bold"),
        pytest.param(f'<div class="content"><font>{LEAD}</font>{PARAGRAPHS}</div>', id="in-font"),
        pytest.param(f'<div class="article">{LEAD}<br><br>{PARAGRAPHS}</div>', id="before-line-breaks"),
    ],
)
def test_lead_paragraph_held_as_bare_text_is_kept_at_the_top(content: str) -> None:
    assert body_of(portal_page(content)) == [LEAD, *BODY]


def test_text_between_paragraphs_is_kept_in_place() -> None:
    content = f'<div class="article"><p>{BODY[0]}</p>{LEAD}<p>{BODY[1]}</p><p>{BODY[2]}</p></div>'
    assert body_of(portal_page(content)) == [BODY[0], LEAD, BODY[1], BODY[2]]


def test_loose_text_becomes_a_paragraph_where_it_stood() -> None:
    tree = fromstring("<div><div>导语在这里：一段没有标签的文字。<p>第一段。</p>图说：一段图片说明文字<br><br>第二段的正文文字，换行后接着写<h2>小标题</h2></div></div>")
    wrap_loose_text(tree)
    assert tostring(tree, encoding="unicode") == (
        "<div><div><p>导语在这里：一段没有标签的文字。</p><p>第一段。</p><p>图说：一段图片说明文字</p><br><br>"
        "<p>第二段的正文文字，换行后接着写</p><h2>小标题</h2></div></div>"
    )


def test_loose_links_and_short_labels_are_not_made_paragraphs() -> None:
    html = '<div><div><a href="/1">上一篇：某某新闻标题</a> | <a href="/2">下一篇：另一条新闻</a><p>正文。</p>来源：<p>正文二。</p></div></div>'
    tree = fromstring(html)
    wrap_loose_text(tree)
    assert tostring(tree, encoding="unicode") == html


RELATED = [
    "长江委启动防汛四级应急响应",
    "三峡水库开始加大下泄流量 洞庭湖水位持续上涨",
    "鄱阳湖进入今年首个丰水期",
]


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(
            f'<div class="article">{PARAGRAPHS}<p><strong>相关阅读：</strong></p>'
            + "".join(f'<p><a href="/n/{i}.html">{t}</a></p>' for i, t in enumerate(RELATED))
            + "</div>",
            id="label-and-link-paragraphs-inside-the-article",
        ),
        pytest.param(
            f'<div class="article">{PARAGRAPHS}<div class="box"><h3>相关新闻</h3><ul>'
            + "".join(
                f'<li><a href="/n/{i}.html">{t}</a><p>{t}，水利部门要求各地加强值守，做好防汛准备工作。</p></li>'
                for i, t in enumerate(RELATED)
            )
            + "</ul></div></div>",
            id="list-with-a-summary-under-each-link",
        ),
        pytest.param(
            f'<div class="article">{PARAGRAPHS}</div><div class="mod"><div class="hd">延伸阅读</div><div class="bd">'
            + "<br>".join(f'<a href="/x/{i}.html">{t}</a>' for i, t in enumerate(RELATED))
            + "</div></div>",
            id="links-after-the-article",
        ),
        pytest.param(
            f'<div class="article">{PARAGRAPHS}<div class="bdsharebuttonbox"><span>分享到：</span>'
            '<a href="#">微信</a><a href="#">新浪微博</a><a href="#">QQ空间</a></div>'
            '<div class="page_up">上一篇：<a href="/p.html">长江委启动防汛四级应急响应</a></div></div>',
            id="share-bar-and-previous-story",
        ),
        pytest.param(
            f'<div class="article"><p>{BODY[0]}</p><p>相关新闻：<a href="/n/0.html">{RELATED[0]}</a></p>'
            f'<p>{BODY[1]}</p><p>{BODY[2]}</p><p>推荐阅读：<a href="/n/1.html">{RELATED[1]}</a>'
            f' <a href="/n/2.html">{RELATED[2]}</a></p></div>',
            id="label-and-its-links-in-one-paragraph-inside-and-after-the-story",
        ),
        pytest.param(
            f'<div class="article"><p>{BODY[0]}</p><div class="qrcode"><img src="/qr.png"><p>扫描二维码，关注我们的微信公众号</p></div>'
            f'<p>{BODY[1]}</p><p style="text-align:center">点击下载“某某新闻”客户端，参与互动赢好礼</p><p>{BODY[2]}</p></div>',
            id="promotion-box-inside-the-story",
        ),
        pytest.param(
            f'<div class="article">{PARAGRAPHS}<div class="tuijian"><div class="title">推荐阅读</div><ul>'
            + "".join(f'<li><a href="/n/{i}.html">{t}</a></li>' for i, t in enumerate(RELATED[:2]))
            + "</ul></div></div>",
            id="recommended-reading-list-at-the-tail",
        ),
        pytest.param(
            '<div class="article"><div class="subnav"><a href="/1">时政</a> <a href="/2">国际</a> <a href="/3">社会</a>'
            f' <a href="/4">财经</a> <a href="/5">科技</a></div>{PARAGRAPHS}</div>',
            id="menu-inside-the-content-block",
        ),
    ],
)
def test_menus_share_bars_and_related_news_lists_stay_out_of_the_body(content: str) -> None:
    assert body_of(portal_page(content)) == BODY


def test_a_related_label_followed_by_prose_is_not_a_list() -> None:
    prose = "相关新闻显示，今年春汛较常年偏早，各地已提前做好应对准备，水库群预泄调度效果明显。"
    html = f'<div><div><p>{BODY[0]}</p><h3>相关报道</h3><p>{prose}</p></div></div>'
    tree = fromstring(html)
    drop_related_lists(tree)
    assert tostring(tree, encoding="unicode") == html


def test_a_related_label_before_a_sentence_with_a_link_stays() -> None:
    # the label's own paragraph goes on in prose: a story link inside a sentence is not a list
    html = (
        f'<div><div><p>{BODY[0]}</p><p>相关阅读：水利部此前发布的<a href="/n/1.html">春汛预报</a>'
        "显示，今年长江中下游来水偏多，沿线各地需提前做好防御准备。</p></div></div>"
    )
    tree = fromstring(html)
    drop_related_lists(tree)
    assert tostring(tree, encoding="unicode") == html


STORY_EN = "<p>The council approved the budget on Tuesday after a debate that lasted into the night.</p>"


@pytest.mark.parametrize(
    "related",
    [
        pytest.param('<p><strong>Lea también: <a href="/n/1">Cierran la frontera norte por las lluvias</a></strong></p>', id="es"),
        pytest.param('<p><strong>À lire aussi »</strong> <a href="/n/2">Le budget de la ville en débat</a></p>', id="fr"),
        pytest.param('<p><em>Czytaj też: <a href="/n/3">Rada miasta przyjęła budżet</a></em></p>', id="pl"),
        pytest.param(
            '<h3>Weitere Themen</h3><ul><li><a href="/n/4">Stadtrat beschließt Haushalt</a></li>'
            '<li><a href="/n/5">Neue Radwege für die Innenstadt</a></li></ul>',
            id="de-list",
        ),
        pytest.param('<p>Das könnte Sie auch interessieren: <a href="/n/6">Stadtrat beschließt Haushalt</a></p>', id="de-long-label"),
        pytest.param(
            '<h3>More articles in Politics</h3><div><a href="/n/7">Council approves the budget</a></div>'
            '<div><a href="/n/8">New cycle lanes for the city centre</a></div>',
            id="en-more-articles-in-a-section",
        ),
        pytest.param(
            "<h4>Most read</h4><ol><li><a href=\"/n/9\">Council approves the budget</a></li>"
            "<li><a href=\"/n/10\">New cycle lanes for the city centre</a></li></ol>",
            id="en-most-read",
        ),
    ],
)
def test_read_also_lines_of_european_sites_are_removed(related: str) -> None:
    tree = fromstring(f"<div><div>{STORY_EN}{related}{STORY_EN}</div></div>")
    drop_related_lists(tree)
    story = fromstring(STORY_EN).text_content()
    assert [p.text_content() for p in tree.iter("p") if p.text_content().strip()] == [story, story]
    assert tree.find(".//a") is None


def test_related_story_label_and_its_links_are_removed_together() -> None:
    tree = fromstring(
        f'<div><div><p>{BODY[0]}</p><h2>Related stories</h2><ul><li><a href="/a">Flood season arrives early</a></li>'
        '<li><a href="/b">Dams release water ahead of rains</a></li></ul><p>Filed under: weather</p></div></div>'
    )
    drop_related_lists(tree)
    assert tostring(tree, encoding="unicode") == f"<div><div><p>{BODY[0]}</p><p>Filed under: weather</p></div></div>"


def test_a_page_without_its_html_start_is_still_read() -> None:
    """A page saved or served without ``<html>``/``<body>`` (an SSI fragment, a wrapper element)."""
    page = f'<text id="https://news.example.cn/a.html">\n<div class="nav"><a href="/">首页</a></div><div class="article">{PARAGRAPHS}</div></text>'
    assert body_of(page) == BODY


@pytest.mark.parametrize("document", ["只是一行纯文本，没有任何标记。", '{"title": "不是网页"}'])
def test_plain_text_and_json_are_not_pages(document: str) -> None:
    with pytest.raises(ExtractError, match="not an HTML document"):
        Extractor().extract(document, "https://news.example.cn/a.txt")


def test_lists_of_links_are_dropped_and_lists_of_prose_stay() -> None:
    menu = "<ul>" + "".join(f'<li><a href="/{i}">{t}</a></li>' for i, t in enumerate(["时政", "国际", "社会", "财经"])) + "</ul>"
    stories = "<ol>" + "".join(f'<li><a href="/n/{i}.html">{t}</a> — 新华网</li>' for i, t in enumerate(RELATED)) + "</ol>"
    steps = (
        "<ul><li>第一步，关闭燃气总阀并打开门窗通风；</li><li>第二步，撤离到安全地带后再拨打<a href=\"/tel\">抢修电话</a>；</li>"
        "<li>第三步，等待专业人员到场检查，切勿自行处理。</li></ul>"
    )
    tree = fromstring(f"<div><div>{menu}<p>{BODY[0]}</p>{steps}{stories}</div></div>")
    drop_link_lists(tree)
    assert tostring(tree, encoding="unicode") == f"<div><div><p>{BODY[0]}</p>{steps}</div></div>"


def test_a_list_of_other_stories_inside_the_article_block_is_not_body() -> None:
    stories = "<ul>" + "".join(f'<li><a href="/n/{i}.html">{t}</a></li>' for i, t in enumerate(RELATED)) + "</ul>"
    assert body_of(portal_page(f'<div class="article">{PARAGRAPHS}{stories}</div>')) == BODY


def test_an_interview_keeps_the_question_put_to_each_person() -> None:
    question = "记者：您怎么看待今年的春汛形势？"
    answers = [
        "张工程师：今年来水偏早，但水库预泄及时，总体可控，我们每天都在滚动会商。",
        "李站长：汉口站水位上涨较快，我们加密了观测频次，目前仍在警戒水位以下。",
        "王主任：下游各地已完成堤防巡查，抢险队伍和物资全部就位，随时可以出动。",
    ]
    lines = [line for answer in answers for line in (question, answer)]
    content = '<div class="article">' + "".join(f"<p>{line}</p>" for line in lines) + "</div>"
    assert body_of(portal_page(content)) == lines


# A news site marks up the names in its sentences for search engines: a <meta> inside a <span>
# inside a paragraph. The <meta> shows nothing; the sentence must stay one paragraph.
TAGGED_SENTENCE = (
    'The <span class="tag" itemscope itemtype="http://schema.org/Thing"><meta itemprop="name" content="Robot car">'
    'self-driving robot cars</span> of the company already carry passengers in <span class="tag" itemscope '
    'itemtype="http://schema.org/Place"><meta itemprop="name" content="Phoenix">Phoenix, Arizona</span>, with a safety driver '
    "at the wheel who can take over when needed."
)


def test_metadata_inside_a_sentence_does_not_split_the_paragraph() -> None:
    tree = fromstring(f"<div><p>{TAGGED_SENTENCE}</p></div>")
    wrap_loose_text(tree)
    assert tree.find("p").text_content() == (
        "The self-driving robot cars of the company already carry passengers in Phoenix, Arizona, with a safety "
        "driver at the wheel "
        "who can take over when needed."
    )
    assert len(tree.findall(".//p")) == 1


def test_sentence_with_tagged_names_is_one_paragraph_of_the_body() -> None:
    paragraphs = [
        "A ride-hailing company will offer trips in self-driving cars in one of its cities from the summer on.",
        TAGGED_SENTENCE,
        "The company did not say how many of the cars it would put on the road in the first months of the trial.",
        "Riders will be able to decline a self-driving car and ask for a car with a human driver instead.",
    ]
    html = (
        "<html><head><title>Self-driving cars join a ride-hailing app</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/tech'>Tech</a></nav><article><h1>Self-driving cars join a ride-hailing app</h1>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</article></body></html>"
    )
    body = Extractor().extract(html, "https://news.example.com/tech/2024/05/robot-cars.html").paragraphs
    assert (
        "The self-driving robot cars of the company already carry passengers in Phoenix, Arizona, with a safety "
        "driver at the wheel who can take over when needed."
    ) in body


def test_an_article_laid_out_as_a_list_item_is_read_paragraph_by_paragraph() -> None:
    """A template whose page columns are the items of a ``<ul>``: the article column holds the
    headline, the date line, the paragraphs and an editor list; the other column a sidebar."""
    page = f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>长江流域今年首场春汛平稳过境-某某网</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/world/">国际</a> <a href="/tech/">科技</a></div>
<ul class="two-cols"><li class="left-main"><h3>长江流域今年首场春汛平稳过境</h3>
<div class="time"><span>2024-04-12 09:31:00</span><span>来源：某某网</span></div>
<div class="content all-txt"><p>{LEAD}</p>{PARAGRAPHS}</div>
<ul class="article-other"><li>原标题：长江首场春汛平稳过境</li><li>责任编辑:
  刘某 </li></ul>
<div class="more"><h4>小编最近文章</h4><div class="item"><a href="/a/1.html">多地出台楼市新政</a><span>2024-03-02</span></div>
<div class="item"><a href="/a/2.html">五一假期出行预测出炉</a><span>2024-02-11</span></div></div></li>
<li class="right-side"><h4>热门</h4><p><a href="/h/1.html">多地气温突破三十度</a></p></li></ul>
<div class="copyright">关于我们 | 联系我们 | 版权所有 某某网</div></body></html>"""
    assert body_of(page) == [LEAD, *BODY]


def test_a_list_of_teasers_stays_a_list() -> None:
    """Each item a linked headline over one line of summary: a list of stories, not a page column."""
    teasers = "<ul class=\"news\">" + "".join(
        f'<li><h3><a href="/n/{i}.html">{t}</a></h3><p>{t}，水利部门要求各地加强值守。</p></li>' for i, t in enumerate(RELATED)
    ) + "</ul>"
    tree = fromstring(f"<div><div><p>{BODY[0]}</p>{teasers}</div></div>")
    unwrap_layout_lists(tree)
    assert tostring(tree, encoding="unicode") == f"<div><div><p>{BODY[0]}</p>{teasers}</div></div>"


def test_lines_parted_by_single_line_breaks_are_all_kept() -> None:
    """A reprinted WeChat post: the story's lines parted by one <br> each, then a picture and the
    editor credits. Every other line was lost: a <br> with a line of text after it was taken for
    the first half of a "<br><br>" paragraph break."""
    content = (
        f'<div class="news_txt">{BODY[0]}<br>{BODY[1]}<br>{BODY[2]}<br>赶紧行动起来吧！'
        '<div style="text-align:center;"><img src="/a.gif"></div>编辑|王某<br>责编|李某<br>校对|张某<br></div>'
    )
    assert body_of(portal_page(content)) == [*BODY, "赶紧行动起来吧！"]


def test_a_run_of_lines_parted_by_single_breaks_becomes_one_paragraph() -> None:
    tree = fromstring("<div><div>第一行：一段足够长的文字<br>第二行：另一段足够长的文字<br>第三行：第三段足够长的文字<br><p>下一段。</p></div></div>")
    wrap_loose_text(tree)
    assert tostring(tree, encoding="unicode") == (
        "<div><div><p>第一行：一段足够长的文字<br>第二行：另一段足够长的文字<br>第三行：第三段足够长的文字</p><br><p>下一段。</p></div></div>"
    )


def test_a_faq_whose_answers_hold_paragraphs_stays_a_list() -> None:
    """An old manual page: each item a question in bold and an answer of several paragraphs. Read
    as blocks it lost text; only an item with a headline and paragraphs is a page column."""
    faq = "<ol>" + "".join(
        f"<li><b>问题{i}：怎样设置串口？</b><p>{BODY[0]}</p><p>{BODY[1]}</p><p>{BODY[2]}</p></li>" for i in range(3)
    ) + "</ol>"
    tree = fromstring(f"<div><div>{faq}</div></div>")
    unwrap_layout_lists(tree)
    assert tostring(tree, encoding="unicode") == f"<div><div>{faq}</div></div>"


def test_the_story_ends_at_its_editor_line_and_a_teaser_after_it_is_not_body() -> None:
    # a reprint site: the credits, an (empty) editor line, then a teaser of another story and the
    # name of the paper the story came from, all inside the post's body element
    content = (
        f'<div class="post-body">{PARAGRAPHS}<p>采写：某某晚报记者 林一帆</p><p>责任编辑：</p>'
        "<blockquote><p>另一则新闻：某地开展防汛应急演练</p>"
        "<p>另一则新闻的摘要，讲述某地水利部门组织防汛应急演练，检验各部门协同处置能力…</p></blockquote>,某某晚报</div>"
    )
    assert body_of(portal_page(content)) == BODY


def test_an_editor_line_under_the_headline_does_not_end_the_story() -> None:
    content = f'<div class="article"><p>责任编辑：王某</p>{PARAGRAPHS}</div>'
    assert body_of(portal_page(content)) == BODY


def test_the_source_and_time_lines_above_the_story_are_not_body() -> None:
    # the outlet's name and the time, each on its own line, between the headline and the story
    content = f'<div class="newscontent"><div class="news_about"><p>新华社</p><p>2024-04-12 09:31</p></div><div class="news_txt">{PARAGRAPHS}</div></div>'
    assert body_of(portal_page(content)) == BODY
