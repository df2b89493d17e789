"""archive.clean: each cleaner on real lines from ../shared/samples/, exact output, including
what must stay unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.clean import (
    clean_text,
    drop_injected_punctuation,
    drop_invisible_characters,
    drop_template_placeholders,
    normalize_whitespace,
    restore_copyright_sign,
    strip_pinyin,
)

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "encodings" / "samples"


@pytest.mark.parametrize(
    ("noisy", "expected"),
    [
        # sample 000
        (
            "9月5日,全球主流大模型之一Claude的開(kāi)發(fā)商Anthropic公司發(fā)布公告宣稱",
            "9月5日,全球主流大模型之一Claude的開發商Anthropic公司發布公告宣稱",
        ),
        ("將立即停止向“中國(guó)控股公司”提供服務。", "將立即停止向“中國控股公司”提供服務。"),
        ("圖片來(lái)自網(wǎng)絡(luò)", "圖片來自網絡"),
        (
            "Anthropic估值達(dá)到1830億美元(約合人民幣1.3萬(wàn)億元),成為全球估值第四",
            "Anthropic估值達到1830億美元(約合人民幣1.3萬億元),成為全球估值第四",
        ),
        (
            "Anthropic聯(lián)合創(chuàng)始人達(dá)里奧·阿莫代(Dario Amodei)就“嘴硬”稱",
            "Anthropic聯合創始人達里奧·阿莫代(Dario Amodei)就“嘴硬”稱",
        ),
        # sample 003: pinyin glued to a Latin word (a GBK trail byte the injector misread)
        (
            "這些反對聲音背后反映出商業(yè)化的壓力,,F(xiàn)orrester Research分析師Alvin Nguyen指出",
            "這些反對聲音背后反映出商業化的壓力,,Forrester Research分析師Alvin Nguyen指出",
        ),
        # full-width parentheses and decomposed tone marks
        ("中國（guó）", "中國"),
        ("開(ka\u0304i)發", "開發"),
        ("女(nǚ)士", "女士"),
    ],
)
def test_strip_pinyin_removes_injected_syllables(noisy: str, expected: str) -> None:
    assert strip_pinyin(noisy) == expected


@pytest.mark.parametrize(
    "genuine",
    [
        "来自中国的人工智能(AI)初创企业深度求索(DeepSeek)登上各大全球媒体头版",
        "据美国消费者新闻与商业频道(CNBC)当地时间1月29日报道",
        "融资完成后,Anthropic估值达到1830亿美元(约合人民币1.3万亿元)",
        "达里奥·阿莫迪(Dario Amodei)的理念",
        "在苹果应用商店(AppStore)的下载量排名跃升至榜首",
        "它们非常‘觉醒’(woke)。",
        "亚马逊投入125亿美元(计划总计400亿),谷歌追加50亿美元(承诺再增150亿)。",
        "风语者(^ω^)",
        # language-teaching glosses of more than one syllable are genuine
        "你好(nǐ hǎo)是最常用的问候语。",
        "中国(zhōngguó)",
        # toneless parentheses (neutral tone or English) stay
        "的(de)",
        "Amy Smith (née Jones)",
        # pinyin that lost its opening parenthesis with a byte: unrepairable here, kept
        "在當天發布的修訂版《出口管理?xiàng)l例》中",
    ],
)
def test_strip_pinyin_keeps_genuine_parentheses(genuine: str) -> None:
    assert strip_pinyin(genuine) == genuine


@pytest.mark.parametrize(
    ("noisy", "expected"),
    [
        ("美國AI出口禁令已開始發力,。美國商務部", "美國AI出口禁令已開始發力。美國商務部"),
        ("更新了出口管制實體清單,,智譜AI成為首家", "更新了出口管制實體清單,智譜AI成為首家"),
        ("為用戶提供一流的技術,、產品和服務", "為用戶提供一流的技術、產品和服務"),
        ("第一級包括美國及其18個關鍵盟友,;第二級", "第一級包括美國及其18個關鍵盟友;第二級"),
        ("他還提到,,“最終規則”", "他還提到,“最終規則”"),
        ("有些“空前”,,美國試圖", "有些“空前”,美國試圖"),
        ("去年12月17日,,智譜剛完成", "去年12月17日,智譜剛完成"),
        ("中国，，美国", "中国，美国"),
        ("中国，。", "中国。"),
    ],
)
def test_drop_injected_punctuation(noisy: str, expected: str) -> None:
    assert drop_injected_punctuation(noisy) == expected


@pytest.mark.parametrize(
    "genuine",
    [
        "以識別和攔截此類行為。……AI正在重塑全球經濟",
        "外国实体——包括潜在对手——正通过合法和非法手段",
        "自信、强大的DeepSeek是中国人的骄傲!!![点赞][点赞]",
        "动就以人国家安全为借口,欺压别国!!到处树敌才越来越不安全!!",
        "市值达1,000,000美元",
        "x = a[:,:] + b[,,]",
        "Hello,, world",
    ],
)
def test_drop_injected_punctuation_keeps_legitimate_runs(genuine: str) -> None:
    assert drop_injected_punctuation(genuine) == genuine


@pytest.mark.parametrize(
    ("noisy", "expected"),
    [
        ("Copyright © 2008-2024 by {當前域名}. all rights reserved", "Copyright © 2008-2024 by. all rights reserved"),
        ("欢迎访问 {当前域名} 首页", "欢迎访问 首页"),
        ("{{站点名称}}版权所有", "版权所有"),
        ("来源:{$网站名}", "来源:"),
    ],
)
def test_drop_template_placeholders(noisy: str, expected: str) -> None:
    assert drop_template_placeholders(noisy) == expected


@pytest.mark.parametrize(
    "genuine", ["print('{0} {1}'.format(a, b))", "f'{name}'", "JSON {} 空对象", "{\"键\": 1}"]
)
def test_drop_template_placeholders_keeps_code_braces(genuine: str) -> None:
    assert drop_template_placeholders(genuine) == genuine


@pytest.mark.parametrize(
    ("noisy", "expected"),
    [
        (
            "Copyright ? 2008-2024 by {當(dāng)前域名}. all rights reserved",
            "Copyright © 2008-2024 by {當(dāng)前域名}. all rights reserved",
        ),
        ("COPYRIGHT?2015 新华网", "COPYRIGHT © 2015 新华网"),
        ("关于我们\n  ? 2008-2024 example.com 版权所有", "关于我们\n  © 2008-2024 example.com 版权所有"),
        ("? 2008-2024 example.com 版权所有", "© 2008-2024 example.com 版权所有"),
        ("Copyright \ufffd 2019 Foo", "Copyright © 2019 Foo"),
    ],
)
def test_restore_copyright_sign(noisy: str, expected: str) -> None:
    assert restore_copyright_sign(noisy) == expected


@pytest.mark.parametrize(
    "genuine",
    [
        "这哪是竞争?分明是霸道!",
        "Was it 2008? 2009 was worse.",
        "谁窃取谁的技术呀?中国是五千年的文明古国",
        "Copyright © 2008-2024",
    ],
)
def test_restore_copyright_sign_keeps_question_marks(genuine: str) -> None:
    assert restore_copyright_sign(genuine) == genuine


@pytest.mark.parametrize(
    ("noisy", "expected"),
    [
        ("深度\u200b求索", "深度求索"),
        ("\ufeff英伟达对他忍不住了", "英伟达对他忍不住了"),
        ("中国\u0000人\u0007工\u0085智能", "中国人工智能"),
        ("soft\u00adhyphen\u200c\u200e", "softhyphen"),
        ("中\u200d国", "中国"),
    ],
)
def test_drop_invisible_characters(noisy: str, expected: str) -> None:
    assert drop_invisible_characters(noisy) == expected


def test_drop_invisible_characters_keeps_emoji_sequences_and_line_breaks() -> None:
    family = "👨\u200d👩\u200d👧 令人讨厌🙏\n下一段\t完"
    assert drop_invisible_characters(family) == family


@pytest.mark.parametrize(
    ("noisy", "expected"),
    [
        ("这一波打击直接让他们的圈钱梦化为泡沫。 \n", "这一波打击直接让他们的圈钱梦化为泡沫。"),
        (
            "OpenAI跟中国掀桌子,到底砸向谁?\n\nchatGPT网址2024-07-1440\n\n",
            "OpenAI跟中国掀桌子,到底砸向谁?\nchatGPT网址2024-07-1440",
        ),
        ("\u3000\u3000据报道,\r\n当地时间\t1月27日", "据报道,\n当地时间 1月27日"),
        ("关于我们|版权声明|\u00a0 违法", "关于我们|版权声明| 违法"),
        ("Rates on hold\r\n\r\nMarkets  barely\tmoved. ", "Rates on hold\nMarkets barely moved."),
        ("第一段\u2028第二段\r第三段", "第一段\n第二段\n第三段"),
    ],
)
def test_normalize_whitespace(noisy: str, expected: str) -> None:
    assert normalize_whitespace(noisy) == expected


def test_clean_text_on_sample_000_footer() -> None:
    footer = (
        "關(guān)于我們|版權(quán)聲明| 違法和不良信息舉報(bào)電話:010-84151598 | 網(wǎng)絡(luò)敲詐和有償刪帖舉報(bào)電話:010-84151598\n"
        "Copyright ? 2008-2024 by {當(dāng)前域名}. all rights reserved"
    )
    assert clean_text(footer) == (
        "關于我們|版權聲明| 違法和不良信息舉報電話:010-84151598 | 網絡敲詐和有償刪帖舉報電話:010-84151598\n"
        "Copyright © 2008-2024 by. all rights reserved"
    )


def test_clean_text_on_sample_003_first_sentence() -> None:
    noisy = (
        "美國(guó)AI出口禁令已開始發(fā)力,。美國(guó)商務(wù)部于1月15日更新了出口管制實(shí)體清單,,"
        "智譜AI成為首家被列入該名單的大模型公司。"
    )
    assert clean_text(noisy) == (
        "美國AI出口禁令已開始發力。美國商務部于1月15日更新了出口管制實體清單,"
        "智譜AI成為首家被列入該名單的大模型公司。"
    )


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("00*.txt")), ids=lambda p: p.name[:3])
def test_clean_text_is_idempotent_and_removes_sample_noise(path: Path) -> None:
    cleaned = clean_text(path.read_text(encoding="utf-8"))
    assert clean_text(cleaned) == cleaned
    assert "(guó)" not in cleaned and "(fā)" not in cleaned and "(xiàn)" not in cleaned
    assert ",。" not in cleaned and ",," not in cleaned and ",、" not in cleaned
    assert "{當" not in cleaned and "Copyright ?" not in cleaned
    assert "\n\n" not in cleaned


def test_clean_text_leaves_clean_sample_002_text_unchanged_but_whitespace() -> None:
    text = (SAMPLES / "002_32ce8c61f3a6e602.txt").read_text(encoding="utf-8")
    assert clean_text(text) == text.strip()


@pytest.mark.parametrize(
    ("noisy", "expected"),
    [
        ("中(zhōng)(guó)人", "中人"),  # the second syllable only follows 中 once the first is gone
        ("中,,,國", "中,國"),
        ("國(kāi){當前域名}(guó)。", "國。"),
        ("第一行\u2028? 2008-2024 example.com", "第一行\n© 2008-2024 example.com"),
        ("Copyright\u3000?\u30002008", "Copyright © 2008"),
    ],
)
def test_clean_text_handles_noise_that_uncovers_more_noise(noisy: str, expected: str) -> None:
    assert clean_text(noisy) == expected
    assert clean_text(expected) == expected


def test_clean_text_is_idempotent_on_random_mixtures_of_noise() -> None:
    import random

    pieces = [
        "中", "國", "(guó)", "（zhōng）", "(kāi)", ",", "，", "。", "、", ";", "?", " ", "\n", "\u3000",
        "\u200b", "{當前域名}", "{0}", "Copyright ?", " 2008", "-2024", "F", "orrester", "(DeepSeek)",
        "……", "——", "!!!", "1,000", "\t", "\r\n", "é", "\ufffd", "”", "\u00a0", "\u2028", "(", ")",
    ]
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 12)))
        once = clean_text(text)
        assert clean_text(once) == once, text
