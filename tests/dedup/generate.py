"""Generate tests/dedup/pairs.json: labelled pairs of article texts, duplicates or not.

Sources (generator input, never newsarchive's output): the cleaned Chinese samples and English
stories of tests/labelled/stories.py (all on one topic: AI and export controls), their reader
comments, and the 24 English news stories written for these tests (tests/dedup/english_news.py).

True duplicates of a story: syndicated with another site's boilerplate, an edited lead, another
headline carried into the text, the other script (Traditional vs Simplified), comments appended.
Hard non-duplicates: two different stories on one topic sharing a quote, a follow-up story that
repeats background paragraphs, one site template around other bodies, two short briefs of one
agency. Deterministic: run ``.venv/bin/python tests/dedup/generate.py`` and commit pairs.json.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from tests.dedup.english_news import ENGLISH_NEWS  # noqa: E402
from tests.labelled.stories import ENGLISH_COMMENTS, ENGLISH_STORIES, load_sample_comments, load_stories  # noqa: E402

ZH_BOILER = [
    ("【环球网报道】", "本文系观察者网独家稿件，未经授权，不得转载。责任编辑：王一"),
    ("原标题：", "（来源：新华网）声明：转载此文是出于传递更多信息之目的。若有来源标注错误或侵犯了您的合法权益，请作者持权属证明与本网联系，我们将及时更正、删除，谢谢。"),
    ("【澎湃新闻】", "关注我们，获取更多科技资讯。点击下方链接下载客户端。"),
]
EN_BOILER = [
    ("(Reuters) - ", "Reporting by Jane Doe; Editing by Mark Potter. Our Standards: The Thomson Reuters Trust Principles."),
    ("Advertisement. ", "Copyright 2025 Northern Press Agency. Reproduction of this story in any form without written permission is prohibited."),
    ("Listen to this article. ", "Sign up for our newsletter to get the day's top stories delivered to your inbox. Follow us on social media."),
]


def chinese_stories() -> list[list[str]]:
    """The Chinese samples, the long ones cut in two (two stories on one topic)."""
    out = []
    for story in load_stories().values():
        if not story.language.startswith("zh"):
            continue
        paras = list(story.paragraphs)
        if len(paras) >= 14:
            half = len(paras) // 2
            out.extend([paras[:half], paras[half:]])
        else:
            out.append(paras)
    return out


def to_traditional(text: str) -> str:
    import opencc

    return opencc.OpenCC("s2t").convert(text)


def to_simplified(text: str) -> str:
    import opencc

    return opencc.OpenCC("t2s").convert(text)


def edit_lead(paragraphs: list[str], zh: bool, rng: random.Random) -> list[str]:
    """Rewrite the lead: a new opening clause, a few of its words or characters dropped."""
    lead = paragraphs[0]
    if zh:
        kept = "".join(ch for i, ch in enumerate(lead) if i % 9 != 4)
        lead = "据报道，" + kept
    else:
        words = lead.split()
        lead = "In a statement released on Tuesday, " + " ".join(w for i, w in enumerate(words) if i % 8 != 3)
    return [lead, *paragraphs[1:]]


def pairs() -> list[dict[str, object]]:
    rng = random.Random(14)
    zh = chinese_stories()
    en = [list(s.paragraphs) for s in ENGLISH_STORIES] + [list(story) for story in ENGLISH_NEWS]
    zh_comments = [c.text for c in load_sample_comments()]
    en_comments = [f"{author}: {text}" for author, text in ENGLISH_COMMENTS]
    out: list[dict[str, object]] = []

    def add(kind: str, duplicate: bool, a: list[str] | str, b: list[str] | str) -> None:
        join = "\n".join
        out.append({"kind": kind, "duplicate": duplicate,
                    "a": a if isinstance(a, str) else join(a), "b": b if isinstance(b, str) else join(b)})

    for group, is_zh in ((zh, True), (en, False)):
        boiler = ZH_BOILER if is_zh else EN_BOILER
        comments = zh_comments if is_zh else en_comments
        for n, story in enumerate(group):
            head, tail = boiler[n % len(boiler)]
            add("syndicated", True, story, [head + story[0], *story[1:], tail])
            add("edited-lead", True, story, edit_lead(story, is_zh, rng))
            headline = ("独家：" if is_zh else "EXCLUSIVE: ") + story[0][: 30 if is_zh else 80]
            add("other-headline", True, story, [headline, *story])
            picked = rng.sample(comments, min(6, len(comments)))
            add("comments-appended", True, story, [*story, *picked])
            if is_zh:
                text = "\n".join(story)
                other = to_traditional(text) if to_simplified(text) == text else to_simplified(text)
                add("other-script", True, story, other)
            # hard non-duplicates
            other_story = group[(n + 1) % len(group)]
            quote = story[min(1, len(story) - 1)]
            add("same-topic-shared-quote", False, story, [*other_story[:4], quote, *other_story[4:]])
            follow_new = group[(n + 3) % len(group)]
            add("follow-up", False, story, [*follow_new[: max(3, len(follow_new) // 2)], *story[1:3]])
            body_a, body_b = story[:2], group[(n + 2) % len(group)][:2]
            template_head = boiler[(n + 1) % len(boiler)][0] * 1
            template_tail = boiler[(n + 1) % len(boiler)][1] + " " + boiler[(n + 2) % len(boiler)][1]
            add("one-template-other-bodies", False, [template_head + body_a[0], *body_a[1:], template_tail],
                [template_head + body_b[0], *body_b[1:], template_tail])
            brief_a, brief_b = story[-1][:120], group[(n + 5) % len(group)][-1][:120]
            if is_zh:
                dateline, close = "新华社北京1月30日电（记者 李明）", "（完）"
            else:
                dateline, close = "WASHINGTON, Jan 30 (Reuters) - ", " (Reporting by Jane Doe; Editing by Mark Potter)"
            add("agency-briefs", False, dateline + brief_a + close, dateline + brief_b + close)
    return out


def main() -> None:
    data = pairs()
    (HERE / "pairs.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
    kinds: dict[str, int] = {}
    for pair in data:
        kinds[str(pair["kind"])] = kinds.get(str(pair["kind"]), 0) + 1
    print(len(data), "pairs:", kinds)


if __name__ == "__main__":
    main()
