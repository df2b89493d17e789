"""Duplicate filters used by `newsarchive export --dedup`."""

from __future__ import annotations

from archive.export.dedup import ExactDuplicates, KeepAll, NearDuplicates, shingles

SIMPLIFIED = (
    "连日来，来自中国的人工智能初创企业深度求索登上各大全球媒体头版，美国总统特朗普称这应该为美国行业敲响警钟。"
    "据美国消费者新闻与商业频道当地时间1月29日报道，美国人工智能初创公司首席执行官当天在一篇博客文章中表示，"
    "他并不认为中国的深度求索是对手，但他认为，在人工智能领域的出口管制比以往任何时候都更加重要。"
)
TRADITIONAL = (
    "連日來，來自中國的人工智能初創企業深度求索登上各大全球媒體頭版，美國總統特朗普稱這應該為美國行業敲響警鐘。"
    "據美國消費者新聞與商業頻道當地時間1月29日報道，美國人工智能初創公司首席執行官當天在一篇博客文章中表示，"
    "他並不認為中國的深度求索是對手，但他認為，在人工智能領域的出口管制比以往任何時候都更加重要。"
)
OTHER = (
    "上海今日迎来入冬以来最强降温，最低气温跌破零度，气象部门发布寒潮蓝色预警，提醒市民注意防寒保暖，"
    "出行注意交通安全。预计本周后期气温逐步回升，周末以晴到多云天气为主。"
)


def test_exact_filter_drops_text_differing_only_in_spacing_and_width() -> None:
    seen = ExactDuplicates()
    variant = "  " + SIMPLIFIED.replace("1月29日", "１月２９日") + "\n"
    assert [seen.is_duplicate(t) for t in [SIMPLIFIED, variant, OTHER]] == [False, True, False]


def test_exact_filter_keeps_the_other_script() -> None:
    seen = ExactDuplicates()
    assert [seen.is_duplicate(t) for t in [SIMPLIFIED, TRADITIONAL]] == [False, False]


def test_near_filter_drops_the_traditional_copy_of_a_simplified_story() -> None:
    seen = NearDuplicates()
    assert [seen.is_duplicate(t) for t in [SIMPLIFIED, TRADITIONAL, OTHER]] == [False, True, False]


def test_near_filter_drops_a_syndicated_copy_with_other_boilerplate_and_a_light_edit() -> None:
    syndicated = "【环球网报道】" + SIMPLIFIED.replace("连日来", "近日") + "本文系转载，版权归原作者所有。责任编辑：张三"
    seen = NearDuplicates()
    assert [seen.is_duplicate(t) for t in [SIMPLIFIED, syndicated]] == [False, True]


def test_near_filter_keeps_different_stories() -> None:
    seen = NearDuplicates()
    assert [seen.is_duplicate(t) for t in [SIMPLIFIED, OTHER]] == [False, False]


def test_keep_all_keeps_everything() -> None:
    seen = KeepAll()
    assert [seen.is_duplicate(t) for t in [OTHER, OTHER]] == [False, False]


def test_shingles_ignore_punctuation_and_spacing() -> None:
    assert shingles("美国，急了！", 3) == {"美国急", "国急了"}
