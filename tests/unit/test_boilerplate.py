"""archive.extract.boilerplate: data-file rules on real sample lines, learnt per-site lines, exact output."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.extract.boilerplate import drop_boilerplate, explain, load_rules, paragraph_key

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
        ("（责任编辑：李四）", "info-line"),
        ("标签：chatgpt GPT商店", "tag-line"),
        ("分享到：微博 微信 QQ空间", "share-bar"),
        ("返回搜狐，查看更多", "back-to-site"),
        ("阅读原文", "back-to-site"),
        ("本文作者：李然", "info-line"),
        ("2025-01-30 10:32 来源：新华社", "dated-info-line"),
        ("2024-07-18 10:30 本报记者 李明", "dated-byline-line"),
        ("2024-07-16 08:00 記者 陳怡", "dated-byline-line"),
    ],
)
def test_rule_drops_sample_boilerplate_line(line: str, rule: str) -> None:
    assert explain([BODY_A, line, BODY_B, BODY_A + "x"], RULES)[1] == (line, rule)
    assert drop_boilerplate([BODY_A, line, BODY_B], RULES) == (BODY_A, BODY_B)


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
    ],
)
def test_article_lines_are_kept_unchanged(line: str) -> None:
    assert drop_boilerplate([BODY_B, line, BODY_B + "。"], RULES) == (BODY_B, line, BODY_B + "。")


def test_sample_004_tail_is_cut_after_the_permalink(samples_dir: Path) -> None:
    lines = [ln.strip() for ln in (samples_dir / "004_4e34bc0a721c555f.txt").read_text(encoding="utf-8").splitlines() if ln.strip()]
    kept = drop_boilerplate(lines, RULES)
    assert kept[0] == "OpenAI跟中国掀桌子,到底砸向谁?"
    assert kept[1] == "这个OpenAI封禁中国API接入,事件背后必然包含着一些关键驱动因素,咱们一起来分析分析。"
    assert kept[-1] == "那对于中国的AI产业又有什么影响呢?咱们下期继续。"
    assert len(kept) == len(lines) - 6
    assert not any("网友评论" in k or "相关文章" in k or "本文链接" in k or "GPT Builder" in k for k in kept)


def test_comment_header_in_the_middle_of_a_long_body_goes_alone() -> None:
    body = [f"第{i}段正文，内容足够长，讲述事情的经过和各方的看法。" for i in range(10)]
    lines = body[:2] + ["评论"] + body[2:]
    assert drop_boilerplate(lines, RULES) == tuple(body)


def test_learnt_site_lines_are_dropped_by_key() -> None:
    banner = "点击关注本站公众号，每天阅读 1,234 次"
    keys = {paragraph_key(banner)}
    assert drop_boilerplate([BODY_A, "点击关注本站公众号，每天阅读 98 次", BODY_B], RULES, keys) == (BODY_A, BODY_B)
    assert drop_boilerplate([BODY_A, BODY_B], RULES, keys) == (BODY_A, BODY_B)


def test_paragraph_key_ignores_width_case_spacing_punctuation_and_numbers() -> None:
    assert paragraph_key("阅读： 1,234 次") == paragraph_key("阅读:98次")
    assert paragraph_key("ＡＢＣ 新闻") == paragraph_key("abc新闻")
    assert paragraph_key("阅读98次") != paragraph_key("评论98次")
    assert len(paragraph_key("x")) == 16


def test_exact_repeat_of_a_paragraph_is_dropped() -> None:
    assert drop_boilerplate([BODY_A, BODY_B, BODY_A], RULES) == (BODY_A, BODY_B)


def test_malformed_rule_file_names_the_rule(tmp_path: Path) -> None:
    bad = tmp_path / "rules.toml"
    bad.write_text('[[rule]]\nname = "broken"\npattern = "(unclosed"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="broken"):
        load_rules(bad)
    bad.write_text('[[rule]]\nname = "odd"\npattern = "x"\naction = "explode"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="odd"):
        load_rules(bad)
