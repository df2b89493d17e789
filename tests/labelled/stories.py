"""The texts of the labelled set: the five samples of ../shared/samples (cleaned here, by the
generator's own simple rules, into the truth) plus a few English stories and comments.

Everything here is generator input; the truth never comes from newsarchive's extractor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"

_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)")


@dataclass(frozen=True)
class Story:
    key: str
    title: str
    paragraphs: tuple[str, ...]       # the true body
    noisy: tuple[str, ...]            # the same paragraphs as the sample has them (pinyin etc.)
    language: str                     # zh-Hans | zh-Hant | en
    caption: str | None = None        # the sample's photo caption / credit line (not body)


@dataclass(frozen=True)
class RawComment:
    author: str
    text: str
    is_reply: bool                    # sample 001: "name 回复 MM-DD HH:MM" line
    stamp: str | None                 # "01-31 10:32" when the sample gives one


def _lines(name: str) -> list[str]:
    return [ln.strip() for ln in (SAMPLES / name).read_text(encoding="utf-8").splitlines() if ln.strip()]


def _unpinyin(line: str) -> str:
    line = _PINYIN.sub("", line)
    # sample 003's injected punctuation: a comma doubled or put before another mark
    line = re.sub(r",(?=[,。、;:])", "", line)
    return line


def load_stories() -> dict[str, Story]:
    s000 = _lines("000_b3da0c86cb32e83f.txt")
    body000 = [ln for i, ln in enumerate(s000) if i != 4 and i < 11]       # 4 = image caption, 11+ = footer
    s001 = _lines("001_8ec5993da452e490.txt")
    body001 = s001[:20]
    s002 = _lines("002_32ce8c61f3a6e602.txt")
    s003 = _lines("003_4afa6f25fb81acf7.txt")
    s004 = _lines("004_4e34bc0a721c555f.txt")
    body004 = s004[3: s004.index(next(ln for ln in s004 if ln.startswith("本文链接")))]
    stories = {
        "000": Story("000", "Anthropic宣布停止向中國控股公司提供服務", tuple(_unpinyin(x) for x in body000), tuple(body000), "zh-Hant", s000[4]),
        "001": Story(
            "001",
            "美AI公司CEO：DeepSeek不是对手，但出口管制更重要",
            tuple([body001[0].replace("[文/观察者网熊超然]", "")] + [x for i, x in enumerate(body001) if i not in (0, 4)]),
            tuple(x for i, x in enumerate(body001) if i != 4),
            "zh-Hans",
            body001[4],
        ),
        "002": Story("002", s002[0], tuple(s002[1:-1]), tuple(s002[1:-1]), "zh-Hans"),
        "003": Story("003", "美國AI出口禁令開始發力 智譜被列入實體清單", tuple(_unpinyin(x) for x in s003), tuple(s003), "zh-Hant"),
        "004": Story("004", s004[0], tuple(body004), tuple(body004), "zh-Hans"),
    }
    stories.update({s.key: s for s in ENGLISH_STORIES})
    return stories


def load_sample_comments() -> list[RawComment]:
    """Sample 001's comment section: a name line, then the comment line."""
    lines = _lines("001_8ec5993da452e490.txt")[20:]
    out: list[RawComment] = []
    for name_line, text in zip(lines[0::2], lines[1::2]):
        m = re.fullmatch(r"(.+?) 回复 (\d{2}-\d{2} \d{2}:\d{2})", name_line)
        out.append(RawComment(m.group(1), text, True, m.group(2)) if m else RawComment(name_line, text, False, None))
    return out


ENGLISH_STORIES = [
    Story(
        "en1",
        "Anthropic cuts off Chinese-controlled companies from Claude",
        (
            "Anthropic said on Friday that it would stop selling access to its Claude models to companies that are majority-owned by Chinese entities, citing legal, regulatory and security risks.",
            "The restriction covers subsidiaries set up outside mainland China and cloud resellers whose ultimate owners are based in the country, according to an updated version of the company's terms of service.",
            "The company said the step was meant to keep adversarial nations from using its models to advance their own artificial intelligence development and to compete with technology firms based in the United States and allied countries.",
            "A spokesperson for China's foreign ministry said Beijing was not aware of the specifics but opposed turning technology and trade issues into political tools, adding that such moves benefit no one.",
            "Anthropic, founded in 2021 by former OpenAI employees, has focused on business customers. Most of its annual revenue comes from enterprise products rather than individual subscriptions.",
            "Analysts said the policy would have limited immediate impact on revenue but could push Chinese developers further toward open-weight models such as DeepSeek and Qwen.",
        ),
        (),
        "en",
    ),
    Story(
        "en2",
        "Nvidia hits back at Anthropic over chip smuggling claims",
        (
            "Nvidia on Thursday rejected claims by the AI start-up Anthropic that its chips were being smuggled into China in prosthetic baby bumps and packed alongside live lobsters.",
            "Anthropic had made the claims in a submission supporting tighter export controls, arguing that the Commerce Department should invest in better detection technology and tighten licensing thresholds.",
            "\"China, with half of the world's AI researchers, has highly capable AI experts at every layer of the AI stack,\" an Nvidia spokesperson said. \"America cannot manipulate regulators to capture victory in AI.\"",
            "The dispute highlights a split inside the American AI industry between chip suppliers, which depend on open markets, and model developers worried about the spread of advanced capabilities.",
            "Nvidia has said it expects to take a charge of about $5.5 billion because of new licensing requirements for its H20 chip, a product designed to comply with earlier restrictions.",
        ),
        (),
        "en",
    ),
    Story(
        "en3",
        "Why a Chinese start-up rattled Silicon Valley",
        (
            "DeepSeek, a small laboratory based in Hangzhou, released a reasoning model last month that matches the performance of leading American systems on many benchmarks.",
            "The company said it trained an earlier model on about two thousand Nvidia H800 graphics processors at a cost of roughly $5.6 million, a fraction of what its rivals are believed to spend.",
            "The news wiped hundreds of billions of dollars off the market value of chip makers in a single day, as investors questioned whether huge spending on data centres would pay off.",
            "Dario Amodei, Anthropic's chief executive, wrote that he did not regard DeepSeek as an adversary, but argued that export controls on chips were now more important than ever.",
            "Other researchers said the episode showed that restrictions on hardware had pushed Chinese engineers to find more efficient training methods rather than slowing them down.",
            "Several governments and agencies have since barred the use of the DeepSeek app on official devices, citing concerns about data security.",
        ),
        (),
        "en",
    ),
]

ENGLISH_COMMENTS = [
    ("Mark T.", "This was always going to happen once the export rules tightened."),
    ("lin_wei", "Open models will fill the gap within months, if not weeks."),
    ("Sarah K", "Does anyone know whether this applies to companies in Singapore with Chinese investors?"),
    ("Mark T.", "It does, if the majority owner is Chinese. The terms are quite explicit about it."),
    ("J. Alvarez", "Good reporting, thanks for linking the original announcement."),
    ("techwatcher", "The lobster detail sounds made up, but apparently it came from a court case."),
    ("Priya", "Nvidia is protecting its biggest market, nothing more and nothing less."),
    ("Old Hand", "We had the same debate about encryption exports in the nineties."),
    ("lin_wei", "And the encryption controls did not work either."),
    ("Dana", "A fraction of the cost is still a lot of money for most universities."),
    ("Tom Baker", "Efficiency gains like this usually increase total demand for chips, not the opposite."),
    ("anon1234", "Can we get a follow-up on what this means for cloud resellers?"),
]
