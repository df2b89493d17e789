"""Article metadata: structured data first (JSON-LD, OpenGraph, meta tags), then Chinese-aware
guesses: language and script, the site's default time zone, bylines (authors, editors, source).

Pure functions over an lxml tree or plain strings. Dates are read by archive.extract.dates.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from lxml.html import HtmlElement

__all__ = [
    "ARTICLE_TYPES",
    "Byline",
    "StructuredData",
    "default_timezone",
    "detect_language",
    "parse_byline",
    "plausible_author",
    "read_structured_data",
]

ARTICLE_TYPES = frozenset(
    {
        "article", "newsarticle", "blogposting", "reportagenewsarticle", "opinionnewsarticle",
        "analysisnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "liveblogposting",
        "report", "scholarlyarticle", "techarticle", "posting", "socialmediaposting",
    }
)

# -- structured data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StructuredData:
    """What the page declares about itself (JSON-LD, OpenGraph, <meta>, <link rel=canonical>)."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None      # raw date strings; parse with parse_date
    modified: str | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    jsonld_types: tuple[str, ...] = ()   # lower-cased @type values found
    og_type: str | None = None
    html_lang: str | None = None


def _jsonld_nodes(value: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(value, list):
        for item in value:
            yield from _jsonld_nodes(item)
    elif isinstance(value, dict):
        yield value
        if "@graph" in value:
            yield from _jsonld_nodes(value["@graph"])
        main = value.get("mainEntity")
        if isinstance(main, (dict, list)):
            yield from _jsonld_nodes(main)


def _types_of(node: Mapping[str, Any]) -> tuple[str, ...]:
    raw = node.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return tuple(str(v).lower() for v in values if isinstance(v, str))


def _names(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return tuple(name for item in value for name in _names(item))
    return ()


def _first_str(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, list):
        for item in value:
            found = _first_str(item)
            if found:
                return found
    if isinstance(value, dict):
        return _first_str(value.get("@id") or value.get("url") or value.get("name"))
    return None


#: <meta> names and properties that state the publication time, most specific first (portals'
#: own: sina's "weibo: article:create_at", toutiao's "bytedance:published_time", qq's "apub:time",
#: ifeng's "og:time ", the "firstpublishedtime" / "publishtime" of government and newspaper CMSs).
_PUBLISHED_META = (
    "article:published_time", "og:published_time", "og:article:published_time", "bytedance:published_time",
    "weibo: article:create_at", "apub:time", "og:time", "og:release_date", "pubdate", "publishdate",
    "publish_date", "publish-date", "firstpublishedtime", "publishtime", "pubtime", "dc.date.issued",
    "dc.date", "date", "datepublished", "sailthru.date", "parsely-pub-date",
)


def read_structured_data(tree: HtmlElement) -> StructuredData:
    """Collect JSON-LD article fields, OpenGraph / article:* properties and plain <meta> tags."""
    meta: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = (el.get("content") or "").strip()
        if key and content and key not in meta:
            meta[key] = content

    types: list[str] = []
    article: Mapping[str, Any] | None = None
    baidu_pub: str | None = None   # Baidu's "cambrian" JSON-LD: no @type, "pubDate"
    site_from_ld: str | None = None
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        for node in _jsonld_nodes(data):
            node_types = _types_of(node)
            types.extend(node_types)
            if article is None and ARTICLE_TYPES.intersection(node_types):
                article = node
            if baidu_pub is None and not node_types:
                baidu_pub = _first_str(node.get("pubDate"))
            if "website" in node_types and site_from_ld is None:
                site_from_ld = _first_str(node.get("name"))

    canonical = None
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            canonical = link.get("href", "").strip()
            break

    ld = article or {}
    publisher_names = _names(ld.get("publisher"))
    authors = _names(ld.get("author"))
    if not authors:
        meta_author = meta.get("article:author") or meta.get("og:article:author") or meta.get("author") or meta.get("byl")
        if meta_author and not meta_author.startswith("http"):
            # a login in lower case ("renminwang", "admin") is the CMS account that posted it, not a byline
            authors = tuple(
                a.strip() for a in re.split(r"[,，、;；]| and ", meta_author)
                if a.strip() and not re.fullmatch(r"[a-z0-9_.-]+", a.strip())
            )
    return StructuredData(
        title=_first_str(ld.get("headline")) or meta.get("og:title") or meta.get("twitter:title"),
        authors=authors,
        published=_first_str(ld.get("datePublished"))
        or baidu_pub
        or next((meta[key] for key in _PUBLISHED_META if key in meta), None),
        modified=_first_str(ld.get("dateModified"))
        or meta.get("article:modified_time")
        or meta.get("og:updated_time")
        or meta.get("datemodified")
        or meta.get("dateupdate"),
        site_name=meta.get("og:site_name") or (publisher_names[0] if publisher_names else None) or site_from_ld,
        canonical_url=canonical or meta.get("og:url") or _first_str(ld.get("url")) or _first_str(ld.get("mainEntityOfPage")),
        jsonld_types=tuple(types),
        og_type=(meta.get("og:type") or "").lower() or None,
        html_lang=(tree.get("lang") or tree.get("xml:lang") or meta.get("content-language") or "").strip() or None,
    )


# -- language and time zone --------------------------------------------------------------------

# Characters that exist in only one script (frequent ones); enough to tell the scripts apart.
_SIMPLIFIED_ONLY = re.compile("[%s]" % "们个这国说对会来时为与发学经后从动关体还长现点开问无东实业电车门见们过进种样让设务应该亿万华为欢术专认议场书县区乡")
_TRADITIONAL_ONLY = re.compile("[%s]" % "們個這國說對會來時為與發學經後從動關體還長現點開問無東實業電車門見過進種樣讓設務應該億萬華歡術專認議場書縣區鄉")
# Runs, not single characters: counting the characters of a few runs is much cheaper than
# building one match per character.
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_LATIN_RUN = re.compile(r"[A-Za-z]+")


def detect_language(text: str, declared: str | None = None) -> str | None:
    """Return "zh-Hans", "zh-Hant", "en" (or the declared language) from the text itself."""
    sample = text[:6000]
    cjk = sum(map(len, _CJK_RUN.findall(sample)))
    latin = sum(map(len, _LATIN_RUN.findall(sample)))
    if cjk == 0 and latin == 0:
        return None
    if cjk * 3 >= latin:  # a CJK character carries about as much as a word of ~3 letters
        simp = len(_SIMPLIFIED_ONLY.findall(sample))
        trad = len(_TRADITIONAL_ONLY.findall(sample))
        if trad > simp:
            return "zh-Hant"
        if simp > trad:
            return "zh-Hans"
        if declared and declared.lower().startswith(("zh-tw", "zh-hk", "zh-hant", "zh-mo")):
            return "zh-Hant"
        return "zh-Hans"
    if declared and not declared.lower().startswith("zh"):
        return declared.split("-")[0].lower()
    return "en"


_TLD_ZONES = {
    "cn": "Asia/Shanghai", "tw": "Asia/Taipei", "hk": "Asia/Hong_Kong", "mo": "Asia/Macau",
    "sg": "Asia/Singapore", "my": "Asia/Kuala_Lumpur", "jp": "Asia/Tokyo", "uk": "Europe/London",
}


def default_timezone(url: str, language: str | None) -> str:
    """Guess a site's zone: its country-code TLD first, then the script of its text; UTC otherwise."""
    host = (urlsplit(url).hostname or "").lower()
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    if tld in _TLD_ZONES:
        return _TLD_ZONES[tld]
    if language == "zh-Hans":
        return "Asia/Shanghai"
    if language == "zh-Hant":
        return "Asia/Taipei"
    return "UTC"


# -- bylines -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Byline:
    """Who wrote it and where it came from, as written in a byline line."""

    authors: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    source: str | None = None
    consumed: str = ""   # the exact byline text found (to strip it from the body)


_NAME = r"[\u3400-\u9fffA-Za-z·•][\u3400-\u9fffA-Za-z·•.\- ]{0,30}?"
# [文/观察者网熊超然] (记者：王五) (文/图 刘某 易某): "文/图" (words and pictures) names the writers too
_BRACKET_BYLINE = re.compile(
    r"(?<!\s)\s*+[\[【(（]\s*(?:(?:文|撰文)\s*[/／]\s*[图圖]\s*[/／|｜:：]?|[图圖]\s*[/／]\s*文\s*[/／|｜:：]?"
    r"|(?:文|撰文|作者|记者|記者)\s*[/／|｜:：])\s*(?P<who>[^\]】)）]{1,40})[\]】)）]\s*"
)
_BRACKET_WORDS = ("文", "作者", "记者", "記者")   # one of them is in every match of _BRACKET_BYLINE
_OUTLET_NAME = re.compile(r"^(?P<outlet>.{2,12}?(?:网|網|报|報|社|台|日报|日報|新闻|新聞|周刊|週刊))(?P<name>[\u3400-\u9fff·]{2,4})$")
_END = r"(?=$|[\s|｜,，;；、)）\]】/／_]|来源|來源|作者|责任编辑|責任編輯|编辑|編輯|发布|發布|时间|時間|\d)"
# (kind, label words, pattern): every match of the pattern contains one of the label words, so a
# text with none of them is not searched - most byline texts carry one or two of these labels.
_LABELLED = [
    ("author", ("作者", "文"), re.compile(r"(?:作者|撰文|(?<![\u3400-\u9fff])文)\s*[:：/／|｜]\s*(?P<v>" + _NAME + ")" + _END)),
    # 《某刊》作者 周某: a line ending with the label, a space and one Chinese name
    ("author", ("作者",), re.compile(r"作者[ \u3000]++(?P<v>[\u3400-\u9fff·]{2,4})[ \u3000]*+(?=\n|$)")),
    # 记者 王五、赵六 / (记者 王五 李六): names after a comma or a space (a space-separated one is
    # followed by a delimiter, so "记者 王五 北京1月30日电" does not take the dateline's place)
    # (a photo reporter's credit, "图片记者 X摄" / "摄影记者 X", names a photographer: not matched)
    ("author", ("记者", "記者"), re.compile(
        r"(?<!图片|圖片|摄影|攝影|视频|視頻)(?:本报记者|本報記者|记者|記者)\s*+[:：]?\s*+(?P<v>[\u3400-\u9fff·]{2,4}(?:[、,，][\u3400-\u9fff·]{2,4}"
        r"|[ \u3000]+[\u3400-\u9fff·]{2,3}(?=[ \u3000)）\]】,，;；、|｜\n]|$))*)" + _END)),
    ("editor", ("编辑", "編輯"), re.compile(r"(?:责任编辑|責任編輯|编辑|編輯)\s*[:：]\s*(?P<v>" + _NAME + ")" + _END)),
    ("author", ("来自", "來自", "楼主", "樓主", "发帖人", "發帖人"), re.compile(r"(?<!图片|圖片|照片|图源|圖源)(?:来自|來自|楼主|樓主|发帖人|發帖人)\s*[:：]\s*(?P<v>" + _NAME + ")" + _END)),
    ("source", ("来源", "來源", "出处", "出處", "稿源"), re.compile(r"(?:来源|來源|出处|出處|稿源)\s*[:：]\s*(?P<v>[^\s|｜,，;；、]{2,20}?)" + _END)),
    # 老街坊 发表于 2024-10-06 22:41 (forums, blogs)
    ("author", ("发表于", "發表於"), re.compile(r"(?:^|\n)[^\S\n]*+(?P<v>[^\s:：]{2,20}?)\s++(?:发表于|發表於)")),
    ("author", ("by", "By", "BY"), re.compile(r"(?:^|\n)[^\S\n]*+(?:[Bb]y|BY|Written by|Words by|Posted by)\s++(?P<v>[A-Z][\w.'-]*(?:\s+(?:and\s+)?[A-Z][\w.'-]*){0,5})")),
]

# right after the names: a picture's credit (linear: a match starts where its spaces start)
_PHOTO_CREDIT = re.compile(r"(?<!\s)\s*+(?:摄|攝)")
_NAME_SEPARATOR = re.compile(r"(?<!\s)\s*+(?:,|，|、|;|；|\band\b|&)\s*+")  # linear: starts where its spaces start


def _split_names(value: str) -> tuple[str, ...]:
    parts = _NAME_SEPARATOR.split(value.strip())
    if all(_CJK_NAME.fullmatch(p) for p in value.split()):   # 王五 李六: Chinese names side by side
        parts = value.split()
    return tuple(p.strip(" ·") for p in parts if p.strip(" ·"))


_CJK_NAME = re.compile(r"[\u3400-\u9fff·]{2,4}")
# What a sentence puts after 记者 where a byline puts a name: 记者获悉 / 记者从…了解到 / 记者介绍.
_NOT_A_NAME_START = (
    "获悉", "获知", "介绍", "了解", "表示", "注意", "看到", "发现", "采访", "调查", "走访", "来到", "探访", "观察",
    "暗访", "致电", "联系", "查询", "梳理", "统计", "独家", "专访", "连线", "现场", "近日", "日前", "昨日", "昨天",
    "今天", "今日", "随后", "随即", "跟随", "实地", "问", "从", "在", "于", "对", "向", "与", "和", "就", "通过",
    "也", "还", "又", "将", "曾", "已", "正", "再", "都", "均", "第一", "提问", "手记", "节", "证", "站", "团",
    # a time word after 记者 begins a sentence's clause too: "记者了解到，今年7月…"
    "今年", "去年", "前年", "明年", "当天", "当日", "当晚", "此前", "目前", "眼下",
)
#: the words above of two characters or more; a single character (在, 向) is a preposition after
#: 记者 but also begins surnames (向, 于, 曾), so it is tested only where a sentence can begin
_NOT_A_NAME_WORD = tuple(word for word in _NOT_A_NAME_START if len(word) > 1)
_SURNAME_LIKE = frozenset("于向曾")
_NOT_A_NAME_CHAR = frozenset(word for word in _NOT_A_NAME_START if len(word) == 1) - _SURNAME_LIKE
_ORG_SUFFIX = re.compile(
    r"(网|網|报|報|社|台|新闻|新聞|消息|频道|頻道|客户端|客戶端|日报|日報|晚报|晚報|周刊|週刊|杂志|雜誌|编辑部|編輯部|中心|集团|集團|公司"
    r"|News|Times|Press|Agency|Media|Network|Staff|Desk|Team|Online|\.com|\.cn)$",
    re.I,
)


def plausible_author(name: str, site_names: Iterable[str] = ()) -> bool:
    """Whether ``name`` can be a person named as author: not the site (unless written as a
    person's name, ``Matthew Davis``) or an outlet (``网易``, ``观察者网``, ``Example News``), not an e-mail address, a URL or a number, not a verb after
    记者 (``获悉``)."""
    name = name.strip()
    if not 2 <= len(name) <= 40 or "@" in name or "://" in name or name.lower().startswith("www."):
        return False
    if not re.search(r"[\u3400-\u9fffA-Za-z]", name) or re.search(r"\d{3,}", name):
        return False
    if _ORG_SUFFIX.search(name) or name.startswith(_NOT_A_NAME_WORD) or name[0] in _NOT_A_NAME_CHAR:
        return False
    if _LATIN_PERSON.fullmatch(name):
        return True   # "Matthew Davis", also on a site named after its author
    lowered = name.lower()
    return not any(lowered in site.lower() for site in site_names if site)


_LATIN_PERSON = re.compile(r"[A-Z][a-zà-ÿ'’-]+(?: [A-Z]\.)?(?: (?:van |de |von |da )?[A-Z][a-zà-ÿ'’-]+){1,2}")


_ROLE_PREFIX = re.compile(r"^\s*(?:本报|本報|本台|本网|本網)?(?:特约|特約)?(?:记者|記者|通讯员|通訊員|作者|撰文|文)\s*[:：/／]?\s*")


def strip_role(name: str) -> str:
    """A person's name without the role written before it: ``本报记者 李明`` -> ``李明``."""
    bare = _ROLE_PREFIX.sub("", name, count=1).strip()
    return bare or name.strip()


def person_names(names: Iterable[str]) -> list[str]:
    """Author names as people: roles stripped, repeats dropped, and ``观察者网熊超然`` dropped when
    ``熊超然`` is named too (the same person with the outlet in front)."""
    people = list(dict.fromkeys(strip_role(n) for n in names if n.strip()))
    return [
        n for n in people
        if not any(other != n and n.endswith(other) and _OUTLET_NAME.match(n) for other in people)
    ]


def parse_byline(text: str) -> Byline:
    """Read authors, editors and the syndication source from a byline-like text.

    ``[文/观察者网熊超然]`` -> author 熊超然 (the outlet prefix is dropped); ``作者：``, ``记者 X``,
    ``By X``; ``责任编辑：X`` -> editor; ``来源：新华社`` -> source 新华社.
    """
    authors: list[str] = []
    editors: list[str] = []
    source: str | None = None
    consumed = ""
    rest = text
    bracket = _BRACKET_BYLINE.search(text) if any(word in text for word in _BRACKET_WORDS) else None
    if bracket:
        who = bracket.group("who").strip()
        outlet = _OUTLET_NAME.match(who)
        authors.extend(_split_names(outlet.group("name") if outlet else who))
        if not text[: bracket.start()].strip():
            consumed = bracket.group(0)
        rest = text[: bracket.start()] + " " + text[bracket.end():]
    for kind, words, pattern in _LABELLED:
        if not any(word in rest for word in words):
            continue
        for m in pattern.finditer(rest):
            value = m.group("v").strip()
            if not value:
                continue
            if kind == "author":
                if _PHOTO_CREDIT.match(rest, m.end("v")) or value.endswith(("摄", "攝")):
                    continue   # "记者王五、李六摄": the photographers of a picture
                names = _split_names(value)
                first = names[0] if names else ""
                if first.startswith(_NOT_A_NAME_WORD) or (first and first[0] in _NOT_A_NAME_CHAR):
                    # "记者了解到，今年7月": a sentence about what the reporter learnt; what its
                    # comma lets the pattern read on is the sentence's next clause, not a name
                    continue
                if first[:1] in _SURNAME_LIKE and rest[m.end("v"): m.end("v") + 1] in ("，", ","):
                    continue   # "记者于昨天，…" goes on as a sentence; "记者 于小川、曾可" is a byline
                # the names after the first (王五、向六 / 王五 于六) are a byline's list: only a word
                # there ends it, a surname like 向 or 于 does not
                authors.extend(n for n in names if n not in authors and not n.startswith(_NOT_A_NAME_WORD))
            elif kind == "editor":
                editors.extend(n for n in _split_names(value) if n not in editors)
            elif source is None:
                source = value
    return Byline(tuple(dict.fromkeys(authors)), tuple(dict.fromkeys(editors)), source, consumed)
