"""archive.extract.boilerplate: data-file rules on real sample lines, learnt per-site lines, exact output."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.extract.boilerplate import (
    LearntBoilerplate,
    LearntLine,
    drop_boilerplate,
    drop_learnt,
    explain,
    load_rules,
    paragraph_key,
    sort_boilerplate,
)
from archive.extract.records import Removal

RULES = load_rules()

BODY_A = "彭博社、金融时报等外媒均指出,尽管Anthropic在其公告中并未点名具体企业,其矛头无疑指向的是以DeepSeek为代表的中国人工智能公司。"
BODY_B = "这个OpenAI封禁中国API接入,事件背后必然包含着一些关键驱动因素,咱们一起来分析分析。"


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("圖片來自網絡", "image-credit"),
        ("图片来源：视觉中国", "image-credit"),
        ("Anthropic首席执行官达里奥·阿莫迪维基百科", "image-credit-suffix"),
        ("本文系網獨家稿件,未經授權,不得轉載。", "reprint-notice"),
        ("未经授权，不得转载。", "no-reprint"),
        ("關于我們|版權聲明| 違法和不良信息舉報電話:010-84151598 | 網絡敲詐和有償刪帖舉報電話:010-84151598", "footer-links"),
        ("Copyright © 2008-2024 by. all rights reserved", "all-rights-reserved"),
        ("京ICP备12345678号-1", "icp-number"),
        ("chatGPT网址2024-07-1440", "glued-date-line"),
        ("chatgpt 欢迎访问chatgpt中文教程网,学习chatgpt相关知识,以下是正文内容:", "welcome-banner"),
        ("作者：张三 来源：新华社", "info-line"),
        ("（责任编辑：李四）", "editor-line"),
        ("标签：chatgpt GPT商店", "tag-line"),
        ("分享到：微博 微信 QQ空间", "share-bar"),
        ("返回搜狐，查看更多", "back-to-site"),
        ("阅读原文", "back-to-site"),
        ("本文作者：李然", "info-line"),
        ("2025-01-30 10:32 来源：新华社", "dated-info-line"),
        ("2024-07-18 10:30 本报记者 李明", "dated-byline-line"),
        ("2024-07-16 08:00 記者 陳怡", "dated-byline-line"),
        ("地 址：北京市海淀区某某路1号", "contact-line"),
        ("邮政编码：100000", "contact-line"),
        ("声明：本报力求信息真实、准确，文章提及内容仅供参考，不构成实质性投资建议，据此操作风险自担。", "disclaimer"),
        ("扫一扫在手机打开当前页", "qr-prompt"),
        ("扫描下方二维码关注我们", "promotion-line"),   # a request to follow: goes wherever it stands
        ("编辑|王某", "info-line"),
        ("校对｜李某", "info-line"),
        ("1、回复【社保】查询社保缴纳记录", "wechat-prompt"),
        ("看都看完了，点【在看】试试", "wechat-prompt"),
    ],
)
def test_rule_drops_sample_boilerplate_line(line: str, rule: str) -> None:
    assert explain([BODY_A, line, BODY_B, BODY_A + "x"], RULES)[1] == (line, rule)
    # at the head or the tail of the body (where every kind of it sits) it goes
    assert drop_boilerplate([line, BODY_A, BODY_B], RULES) == (BODY_A, BODY_B)
    assert drop_boilerplate([BODY_A, BODY_B, line], RULES) == (BODY_A, BODY_B)


@pytest.mark.parametrize(
    "line",
    [
        "圖片來自網絡", "本文系網獨家稿件,未經授權,不得轉載。", "京ICP备12345678号-1", "未经授权，不得转载。",
        # a promotion box set between the story's paragraphs
        "扫描二维码，关注我们的微信公众号", "点击下载“某某新闻”客户端，参与互动赢好礼", "打开APP，阅读全文",
        "【欢迎关注某某网微信公众号：mouwang】",
    ],
)
def test_notices_and_credits_go_wherever_they_stand(line: str) -> None:
    assert drop_boilerplate([BODY_A, line, BODY_B], RULES) == (BODY_A, BODY_B)


@pytest.mark.parametrize(
    "line",
    ["时间：2024年9月1日上午9时", "日期：9月1日（星期日）", "作者：张三 来源：新华社", "标签：chatgpt GPT商店", "2024-07-18 10:30 本报记者 李明"],
)
def test_metadata_like_lines_inside_the_body_are_the_bodys_text(line: str) -> None:
    """A notice's "时间：…" line or a compilation's "作者：…" sits between paragraphs: it stays."""
    assert drop_boilerplate([BODY_A, line, BODY_B], RULES) == (BODY_A, line, BODY_B)


def test_metadata_lines_go_as_a_run_at_the_head_and_the_tail() -> None:
    lines = ["作者：张三 来源：新华社", "阅读：1,234", BODY_A, "时间：9月1日上午", BODY_B, "（责任编辑：李四）", "分享到：微博 微信"]
    assert drop_boilerplate(lines, RULES) == (BODY_A, "时间：9月1日上午", BODY_B)


@pytest.mark.parametrize(
    "line",
    [
        BODY_A,
        "融資完成后,Anthropic估值達到1830億美元(約合人民幣1.3萬億元),成為全球估值第四的獨角獸企業。",
        "2023年11月18日,OpenAI联合创始人兼首席执行官Sam Altman被扫地出门,开除董事会。",
        "“我们注意到,芯片走私尝试已变得日益复杂,包括通过空壳公司、伪装运输(如假孕肚或龙虾包装)等荒诞手段。”",
        "Anthropic, which was founded in 2021, said the rule takes effect immediately.",
        "不过事情很快来了个小小的转机。",
        "英伟达对他忍不住了",
        "2024年7月18日，记者李明在现场看到，工作人员正在有序开展各项准备工作。",
        "用户只需点击左上角的图标，即可返回首页。",
        "点赞、在看和转发的数量，成了衡量文章传播力的新指标。",
        "他回复【收到】之后便离开了会场，再没有出现。",
        "地址：北京市朝阳区某某路1号，电话：010-00000000，报名截至本月底。",
        "该公司的微信公众号显示，新品将于下月上市。",
        "市民可下载“随申办”APP预约。",
        "打开手机客户端后，用户可以在首页看到新增的无障碍入口，字体也可以调大。",
    ],
)
def test_article_lines_are_kept_unchanged(line: str) -> None:
    assert drop_boilerplate([BODY_B, line, BODY_B + "。"], RULES) == (BODY_B, line, BODY_B + "。")


def test_sample_004_tail_is_cut_after_the_permalink(samples_dir: Path) -> None:
    lines = [ln.strip() for ln in (samples_dir / "004_4e34bc0a721c555f.txt").read_text(encoding="utf-8").splitlines() if ln.strip()]
    kept = drop_boilerplate(lines[1:], RULES)   # the headline line is taken off before, as the extractor does
    assert kept[0] == "这个OpenAI封禁中国API接入,事件背后必然包含着一些关键驱动因素,咱们一起来分析分析。"
    assert kept[-1] == "那对于中国的AI产业又有什么影响呢?咱们下期继续。"
    assert len(kept) == len(lines) - 7
    assert not any("网友评论" in k or "相关文章" in k or "本文链接" in k or "GPT Builder" in k for k in kept)


def test_comment_header_in_the_middle_of_a_long_body_goes_alone() -> None:
    body = [f"第{i}段正文，内容足够长，讲述事情的经过和各方的看法。" for i in range(10)]
    lines = body[:2] + ["评论"] + body[2:]
    assert drop_boilerplate(lines, RULES) == tuple(body)


def test_configured_site_lines_are_dropped_by_key_and_recorded() -> None:
    banner = "点击关注本站公众号，每天阅读 1,234 次"
    keys = {paragraph_key(banner)}
    line = "点击关注本站公众号，每天阅读 98 次"
    assert sort_boilerplate([BODY_A, line, BODY_B], RULES, keys) == (
        (BODY_A, BODY_B), (Removal("configured-site-line", 1, line),)
    )
    assert sort_boilerplate([BODY_A, BODY_B], RULES, keys) == ((BODY_A, BODY_B), ())


def test_paragraph_key_ignores_width_case_spacing_punctuation_and_numbers() -> None:
    assert paragraph_key("阅读： 1,234 次") == paragraph_key("阅读:98次")
    assert paragraph_key("ＡＢＣ 新闻") == paragraph_key("abc新闻")
    assert paragraph_key("阅读98次") != paragraph_key("评论98次")
    assert len(paragraph_key("x")) == 16


def test_a_line_the_body_repeats_stays_repeated() -> None:
    """The same question put to several people is the interview, not noise."""
    question = "记者：你觉得这项政策对你有什么影响？"
    lines = [BODY_A, question, "王女士：上班方便多了。", question, "李先生：还没感觉到变化。", question, "张阿姨：希望早点落实。"]
    assert drop_boilerplate(lines, RULES) == tuple(lines)
    assert drop_boilerplate([BODY_A, BODY_B, BODY_A], RULES) == (BODY_A, BODY_B, BODY_A)


FOOTER = "扫码关注本站公众号，获取更多独家深度报道。"
BACKGROUND = (
    "据此前报道，该市于2023年启动老旧小区改造计划，计划用三年时间完成全市两百余个小区的改造，"
    "涉及居民超过十万户，总投资约四十亿元，其中中央补助资金占比约三成，其余由市区两级财政和社会资本共同承担。"
)


def learnt(pages: int, site_pages: int, *, different_dates: bool = True, lines: tuple[str, ...] = (FOOTER, BACKGROUND)) -> LearntBoilerplate:
    return LearntBoilerplate(site_pages, {line: LearntLine(pages, different_dates) for line in lines})


def test_a_short_line_a_site_repeats_at_the_tail_goes_and_is_recorded() -> None:
    body = [BODY_A, BODY_B, FOOTER]
    assert drop_learnt(body, body, learnt(40, 50)) == (
        (BODY_A, BODY_B), (Removal("learnt-site-line", 2, FOOTER, seen=40, share=0.8),)
    )
    assert drop_learnt([FOOTER, BODY_A, BODY_B], [FOOTER, BODY_A, BODY_B], learnt(40, 50))[0] == (BODY_A, BODY_B)


def test_a_repeated_line_inside_the_body_stays() -> None:
    body = [BODY_A, FOOTER, BODY_B]
    assert drop_learnt(body, body, learnt(40, 50)) == (tuple(body), ())


def test_a_long_background_paragraph_repeated_at_the_tail_stays() -> None:
    body = [BODY_A, BODY_B, BACKGROUND]
    assert drop_learnt(body, body, learnt(40, 50)) == (tuple(body), ())


@pytest.mark.parametrize(
    ("pages", "site_pages", "different_dates"),
    [(40, 100, True), (4, 5, True), (40, 50, False)],
    ids=["small-share", "too-few-pages", "one-date-only"],
)
def test_a_line_is_learnt_only_by_share_count_and_dates(pages: int, site_pages: int, different_dates: bool) -> None:
    body = [BODY_A, BODY_B, FOOTER]
    assert drop_learnt(body, body, learnt(pages, site_pages, different_dates=different_dates)) == (tuple(body), ())


def test_a_row_of_link_labels_is_link_like_at_any_length() -> None:
    nav = " | ".join(["首页", "国际新闻", "国内新闻", "财经频道", "科技前沿", "体育赛事", "娱乐八卦", "汽车频道", "房产家居", "教育培训",
                      "健康养生", "旅游出行", "文化读书", "军事观察", "时尚生活", "数码产品", "游戏动漫", "视频直播"])
    assert len(nav) > 100
    body = [nav, BODY_A, BODY_B]
    assert drop_learnt(body, body, learnt(40, 50, lines=(nav,)))[0] == (BODY_A, BODY_B)


def test_malformed_rule_file_names_the_rule(tmp_path: Path) -> None:
    bad = tmp_path / "rules.toml"
    bad.write_text('[[rule]]\nname = "broken"\npattern = "(unclosed"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="broken"):
        load_rules(bad)
    bad.write_text('[[rule]]\nname = "odd"\npattern = "x"\naction = "explode"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="odd"):
        load_rules(bad)


def test_a_list_bullet_does_not_hide_an_editor_line() -> None:
    """trafilatura writes a list item as "- item": an editor line in a list is still an editor line."""
    assert drop_boilerplate([BODY_A, BODY_B, "- 原标题：另一个标题", "- 责任编辑：刘某"], RULES) == (BODY_A, BODY_B)
    assert drop_boilerplate(["- " + BODY_A, BODY_B], RULES) == ("- " + BODY_A, BODY_B)


def test_a_back_to_the_portal_link_glued_to_the_last_sentence_is_cut_off() -> None:
    assert drop_boilerplate([BODY_A, BODY_B + "返回某某网首页>>"], RULES) == (BODY_A, BODY_B)


def test_a_qr_codes_label_a_share_prompt_and_channel_tabs_after_the_story_go() -> None:
    # a portal's share bar under the story ("用微信扫码二维码" labels its QR code) and the one-word
    # channel tabs of a "为您推荐" box, each a list item
    tail = ["用微信扫码二维码", "分享至好友和朋友圈", "- 推荐", "- 娱乐", "- 体育"]
    assert drop_boilerplate([BODY_A, BODY_B, *tail], RULES) == (BODY_A, BODY_B)


def test_one_word_lines_inside_the_story_or_not_list_items_stay() -> None:
    assert drop_boilerplate([BODY_A, "- 推荐", BODY_B], RULES) == (BODY_A, "- 推荐", BODY_B)
    assert drop_boilerplate([BODY_A, BODY_B, "谢谢"], RULES) == (BODY_A, BODY_B, "谢谢")


def test_an_editor_line_after_the_first_third_ends_the_story() -> None:
    teaser = ["另一则新闻：某地开展防汛应急演练", "另一则新闻的摘要，讲述某地水利部门组织防汛应急演练，检验各部门协同处置能力…", ",某某晚报"]
    assert drop_boilerplate([BODY_A, BODY_B, "责任编辑：", *teaser], RULES) == (BODY_A, BODY_B)
    # in the first third it is the line under the headline: only itself goes, at the body's edge
    assert drop_boilerplate(["责任编辑：王某", BODY_A, BODY_B, BODY_A], RULES) == (BODY_A, BODY_B, BODY_A)


def test_the_outlets_name_alone_at_the_bodys_head_goes() -> None:
    assert drop_boilerplate(["新华社", "2024-04-12 09:31", BODY_A, BODY_B], RULES) == (BODY_A, BODY_B)
    assert drop_boilerplate([BODY_A, "某某日报", BODY_B], RULES) == (BODY_A, "某某日报", BODY_B)


def test_an_editor_line_followed_by_a_long_box_of_recommended_stories_ends_the_story() -> None:
    # a short story, its editor line, then a "热门推荐" box: many short lines (titles, dates,
    # labels), more paragraphs than the story has but less text
    box = ["热门推荐"]
    for title in ("某地推出冬季旅游线路 吸引游客", "新款手机成本下降 厂商暂不降价"):
        box += [title, "- 2024年10月08日", "- 14:10", "- APP专享", "- 某某研究院"]
    story = [BODY_A, BODY_B, BODY_A]
    assert drop_boilerplate([*story, "责任编辑：霍某", *box], RULES) == tuple(story)


def test_an_editor_line_with_more_story_after_it_does_not_end_the_story() -> None:
    summary = "摘要：" + BODY_B
    body = [summary, "责任编辑：王某", BODY_A, BODY_B, BODY_A]
    assert drop_boilerplate(body, RULES) == tuple(body)
