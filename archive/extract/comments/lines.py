"""Extracted comment records and the text-only comment layout.

``ExtractedComment`` is one reader comment as extraction found it (the archive's row for it is
``archive.store.models.Comment``). ``split_comment_lines`` splits plain
lines - a name line, then the comment line; ``回复 MM-DD HH:MM`` on a name line marks a reply (sample
001's layout) - and ``link_replies`` turns ``回复 X：`` / ``Reply to X:`` markers into reply links.
Shared by archive.extract.comments.sections, which finds the sections and splits marked-up items.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from lxml import etree
from lxml.html import HtmlElement

from archive.clean import clean_text
from archive.extract.dates import find_dates

__all__ = [
    "HEADER_LINE", "REPLY_PREFIX", "SKIP_TAGS", "UI_LINE", "ExtractedComment", "RawComment", "clean_name", "is_element",
    "link_replies", "looks_like_name", "parse_header_line", "parse_name_line", "said_name", "parse_signature", "signed_layout", "split_comment_lines",
    "split_signed_lines", "text_lines",
]


@dataclass(frozen=True)
class ExtractedComment:
    """One reader comment. ``reply_to`` is the ``position`` of the comment it answers."""

    author: str | None
    text: str
    posted_at: datetime | None
    reply_to: int | None
    external_id: str | None
    position: int


RawComment = tuple[str | None, str, datetime | None, int | None, str | None, str | None]


# Every pattern below is linear on any line: each whitespace run is taken by one possessive
# quantifier (``\s*+``), so a run of a thousand spaces between "Comments" and "Pin It" cannot be
# split between several optional ``\s*`` in every possible way, for seconds on one real page (docs/benchmarks.md).
_COUNT_UNIT = r"(?:条评论|則評論|条|則)"
HEADER_LINE = re.compile(
    r"^\s*+(?:网友评论|網友評論|评论列表|評論列表|最新评论|最新評論|热门评论|熱門評論|全部评论|全部評論|发表评论|發表評論|"
    r"我要评论|我要評論|读者评论|讀者評論|精彩评论|精彩評論|热门跟贴|熱門跟貼|最新跟贴|跟贴|跟帖|评论|評論|留言|Comments?|Responses?|Discussion|"
    r"Leave a (?:Reply|Comment)|Join the discussion)"
    rf"\s*+(?:[(（\[]\s*+)?(?:\d++\s*+)?(?:{_COUNT_UNIT}\s*+)?(?:[)）\]]\s*+)?(?:{_COUNT_UNIT}\s*+)?(?:[:：]\s*+)?$"
    r"|^\s*+(?:共\s*+\d++\s*+(?:条|則)(?:评论|評論)|\d++\s*+(?:条|則)(?:评论|評論)|\d++\s++(?:Comments?|Responses?|Replies|thoughts on [^\n]*+)|"
    r"(?:One|No) (?:Comments?|Responses?|thoughts? on [^\n]*+))\s*+$",
    re.I,
)
UI_LINE = re.compile(
    r"^\s++(?:[:：]\s*+)?$"
    r"|^\s*+(?:回复|回覆|Reply|举报|舉報|Report(?: this (?:post|comment)| abuse)?|Quote|says|said|wrote|点赞|點讚|赞|讚|Like|顶|踩|分享|Share|删除|Delete|编辑|Edit|"
    r"加载更多|載入更多|查看更多(?:评论|評論)?|查看全部(?:跟贴|跟帖|评论|評論)|回应|回應|更多(?:评论|評論)|展开|展開|收起|Load more(?: comments)?|Show more|"
    r"暂无评论|暫無評論|还没有评论|還沒有評論|No comments yet\.?|Be the first to comment\.?|"
    r"登录|登入|注册|註冊|登录后发表评论|发表|發表|提交|Submit|Post Comment|Cancel reply|取消回复|Log ?in|Sign ?(?:in|up)|Leave a (?:Reply|Comment)|"
    r"Older Comments|Newer Comments|上一页|下一页|[«‹]?\s*+Previous|Next(?:\s*+[»›])?|[\d\s|<>«»‹›.…]++|"
    r"\(?\d++\)?\s*+(?:赞|讚|likes?|条回复|replies)|(?:赞|讚|顶|頂|踩|支持|反对|反對|Like|Likes|Upvote|Recommend)\s*+[(（\[]?\s*+\d++\s*+[)）\]]?)"
    r"\s*+[:：]?\s*+$",
    re.I,
)
REPLY_PREFIX = re.compile(
    r"^\s*+(?:回复|回覆|回復|答复|答覆|[Rr]eply(?:ing)? to|[Ii]n reply to)\s*+(?:@\s*+)?(?P<name>[^\s:：,，]{1,40}?)\s*+[:：]\s*+"
)
_NAME_LINE_REPLY = re.compile(r"(?:^|\s)(?P<marker>回复|回覆|[Rr]eply(?: to)?)(?:\s+@?(?P<target>[^\s]{1,40}))?\s*$")
# "(?<!\s)": a match starts where its whitespace run starts, not at every space of a long run.
_SAYS = re.compile(r"(?<!\s)\s*+(?:说道|說道|说|說|says|said|wrote)\s*+[:：]\s*+$", re.I)
_SAYS_OPTIONAL_COLON = re.compile(r"(?<!\s)\s*+(?:说道|說道|说|說|says|said|wrote)[\s:：.…]*+$", re.I)   # "said...", "says:"
_POSTED_ON = re.compile(r"(?<!\s)\s*+(?:发表于|發表於|发布于|發佈於|于|於|at|on|posted|@)\s*+$", re.I)
_SENTENCE_PUNCT = re.compile(r"[。！？!?，,；;：:“”\"]")
SKIP_TAGS = {"script", "style", "form", "textarea", "button", "input", "select", "noscript", "svg", "img", "iframe"}
_BLOCK_TAGS = {
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "section", "article", "header", "footer", "aside",
    "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "tr", "td", "th", "br", "hr", "pre",
}


def is_element(el: object) -> bool:
    return isinstance(el, etree._Element) and isinstance(el.tag, str)


def text_lines(
    el: HtmlElement, skip: frozenset[HtmlElement] = frozenset(), marks: dict[HtmlElement, str] | None = None
) -> list[str]:
    """The visible text of ``el`` as lines (block elements, <br> and the source's own line breaks
    break lines); the elements in ``marks`` stand as one line holding their mark, to see where they
    sit among the lines."""
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        if node in skip:
            return
        if marks and node in marks:
            parts.append(f"\n{marks[node]}\n")
            return
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in SKIP_TAGS or not tag:
            return
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in _BLOCK_TAGS:
            parts.append("\n")

    walk(el)
    return [line.strip() for line in "".join(parts).split("\n") if line.strip()]


_FLOOR = re.compile(r"^\s*(\d+\s*(楼|樓)|\d+\s*[F#](?=\s)|#\s*\d+(?=\s)|(沙发|沙發|板凳|地板)(?=\s|[:：]))\s*[:：]?\s*", re.I)


_BY = re.compile(r"^by(?:\s*+[:：]\s*+|\s++)(?=\S)", re.I)   # "by Tim" in a comment's name line


def clean_name(name: str) -> str | None:
    """A commenter's name as shown, without 'says:', 'by', floor numbers (``3楼``) or separators."""
    name = _SAYS_OPTIONAL_COLON.sub("", name.strip())
    name = _FLOOR.sub("", name)
    name = _BY.sub("", name)
    name = name.strip(" :：@·•|-–—")
    return clean_text(name) or None


def link_replies(raw: list[RawComment]) -> tuple[ExtractedComment, ...]:
    """Build Comments; a reply named by marker points at that author's latest earlier comment.

    ``raw`` parents are indexes into ``raw``; entries whose text is empty are skipped and the
    parents renumbered to positions in the result.
    """
    out: list[ExtractedComment] = []
    moved: dict[int, int] = {}
    for index, (author, text, posted, parent, target, ext) in enumerate(raw):
        m = REPLY_PREFIX.match(text)
        if m:
            target = target or m.group("name")
            text = text[m.end():]
        reply_to = moved.get(parent) if parent is not None else None
        if target:   # the name it answers is more precise than the thread it sits in
            name = target.lstrip("@")
            reply_to = next((c.position for c in reversed(out) if c.author == name), reply_to)
        if reply_to is None and text.startswith("@"):
            # "@Mark T. It does…": a mention of an earlier commenter at the start is a reply
            mentioned = next((c for c in reversed(out) if c.author and text[1:].startswith(c.author)), None)
            if mentioned is not None:
                reply_to = mentioned.position
                text = text[1 + len(mentioned.author or ""):].lstrip(" :：,，")
        text = clean_text(text)
        if not text:
            continue
        moved[index] = len(out)
        out.append(ExtractedComment(author, text, posted, reply_to, ext, len(out)))
    return tuple(out)


# a comment header's parts: "#1 — January 7, 2008 @ 1:00PM — Brandon [URL]", "3 | Lin | 2024-06-02 10:15"
_HEADER_SEPARATOR = re.compile(r"(?<!\s)\s++(?:[—–|]|-(?=\s))\s*+")
_COUNTER_PART = re.compile(r"^(?:#\s*+\d++|\d++\s*+(?:[.#楼樓]|F\b)|第\s*+\d++\s*+[楼樓])$")
_CLOCK_TAIL = re.compile(r"^[\s@,]*+(?:at\s++)?\d{1,2}:\d{2}(?::\d{2})?+\s*+(?:[ap]\.?m\.?)?$", re.I)
# "[ URL ]", "[web]" after the name; the space before it is stripped apart (a leading \s* would
# make a search quadratic on a long run of spaces)
_LINK_LABEL = re.compile(r"\[\s*+[^\]\n]{0,12}\]$")


def parse_header_line(
    line: str, zone: tzinfo, fetched_at: datetime | None, context: datetime | None
) -> tuple[str, datetime] | None:
    """(name, time) of a comment's header line whose parts, set apart by dashes or bars, are a
    number, a date and a name in any order (``#1 — January 7, 2008 @ 1:00PM — Brandon [URL]``,
    ``3楼 | 林间 | 2024-06-02 10:15``), or None for any other line."""
    if len(line) > 160:
        return None
    parts = [p.strip() for p in _HEADER_SEPARATOR.split(line.strip()) if p.strip()]
    if not 2 <= len(parts) <= 4:
        return None
    name: str | None = None
    posted: datetime | None = None
    for part in parts:
        if _COUNTER_PART.match(part):
            continue
        dates = find_dates(part, zone, fetched_at=fetched_at, context=context)
        if dates and posted is None and dates[0].start <= 1 and (
            dates[-1].end >= len(part) - 1 or _CLOCK_TAIL.match(part[dates[-1].end:])
        ):
            posted = dates[-1].value   # the date, maybe with a clock the parser leaves ("@ 13:00PM")
            continue
        label = part[:found.start()].rstrip() if (found := _LINK_LABEL.search(part)) else part
        if name is not None or not looks_like_name(label):
            return None
        name = label
    return (clean_name(name) or name, posted) if name and posted else None


def said_name(line: str) -> str | None:
    """The name of a name line that says so: ``Ben said:``, ``Marta says:``, ``张三说：`` (None for
    any other line)."""
    if len(line) > 60 or not (said := _SAYS_OPTIONAL_COLON.search(line)) or said.start() == 0:
        return None
    name = clean_name(line[: said.start()])
    return name if name and looks_like_name(name) else None


def looks_like_name(line: str) -> bool:
    """Short, no sentence punctuation, and a letter in it: a minute ("90'") or a clock is no name."""
    return 0 < len(line) <= 30 and not _SENTENCE_PUNCT.search(line) and any(ch.isalpha() for ch in line)


def parse_name_line(
    line: str, zone: tzinfo, fetched_at: datetime | None, context: datetime | None
) -> tuple[str, datetime | None, bool, str | None]:
    """``weik 回复 01-31 10:32`` -> ("weik", 01-31 10:32, is_reply=True, target=None);
    ``张三 于 2025-01-30 12:00 说：`` -> ("张三", 2025-01-30 12:00, False, None)."""
    line = _SAYS.sub("", line)
    rest, posted = line, None
    dates = find_dates(line, zone, fetched_at=fetched_at, context=context)
    if dates and dates[-1].end >= len(line.rstrip()) and dates[-1].start > 0:
        rest, posted = _POSTED_ON.sub("", line[: dates[-1].start].rstrip()), dates[-1].value
    marker = _NAME_LINE_REPLY.search(rest)
    is_reply, target = False, None
    if marker and marker.start() > 0:
        is_reply, target = True, marker.group("target")
        rest = rest[: marker.start()].rstrip()
    return rest, posted, is_reply, target


# A signature over or under a comment's text: "Posted by: Ellen at September 10, 2012 11:40 AM",
# "Comment by D-Bomb — January 7, 2008 @ 8:21 pm", "by Gianluca on November 8, 2010 at 4:14 pm."
_SIGNED = re.compile(
    r"^\s*+(?:(?:Posted|Comment(?:ed)?|Written|Submitted|Added)\s++by|By)\s*+[:：]?\s*+"
    r"(?P<name>[^|—–\n]{0,60}?)\s*+(?:[|—–,]|(?<=\s)(?:at|on|@)\s|(?<=\S\s\s)(?=\w))",
    re.I,
)
# the date first: "posted on Wednesday, October 24, 2012 at 7:26 PM by Darren"
_SIGNED_DATE_FIRST = re.compile(
    r"^\s*+(?:Posted|Submitted|Added|Written)\s++(?:on|at)\s++(?P<date>[^|\n]{6,80}?)\s++by\s*+[:：]?\s*+(?P<name>[^|\n]{1,60}?)\s*+$",
    re.I,
)
# a time the date parser leaves alone (two-digit years: "9:35am Wed 9 Jan 08", "01/08/08 05:30 PM")
_CLOCK = re.compile(r"\d{1,2}:\d{2}|\d{1,2}/\d{1,2}/\d{2}")


def parse_signature(
    line: str, zone: tzinfo, fetched_at: datetime | None, context: datetime | None
) -> tuple[str | None, datetime | None] | None:
    """(name, time) of a signature line over or under a comment's text, or None for any other line.
    A signature is short and carries a date or a clock time after the name (the time is None when
    only the clock is readable)."""
    if len(line) > 160:
        return None
    if first := _SIGNED_DATE_FIRST.match(line):
        dates = find_dates(first.group("date"), zone, fetched_at=fetched_at, context=context)
        if dates or _CLOCK.search(first.group("date")):
            return clean_name(first.group("name")), dates[-1].value if dates else None
        return None
    if not (match := _SIGNED.match(line)):
        return None
    rest = line[match.end("name"):]
    dates = find_dates(rest, zone, fetched_at=fetched_at, context=context)
    if not dates:
        return (clean_name(match.group("name")), None) if _CLOCK.search(rest) else None
    return clean_name(match.group("name")), dates[-1].value


def split_signed_lines(
    lines: Sequence[str], zone: tzinfo, *, fetched_at: datetime | None = None, context: datetime | None = None
) -> tuple[ExtractedComment, ...]:
    """Split plain lines where a signature line closes each comment's text (Movable Type's
    ``<p class="posted">Posted by: X at DATE</p>``) or opens it (``Posted by: X on 9:35am Wed 9
    Jan 08`` over the text): opening when the first line that is not a header or a button is a
    signature. Lines before the first text (a header, buttons) and after the last signature (a
    form) of closing signatures are not comments."""
    signed = [parse_signature(line, zone, fetched_at, context) for line in lines]
    kept = [(line, sig) for line, sig in zip(lines, signed, strict=True) if sig is not None or not _ui_or_header(line)]
    raw: list[RawComment] = []
    if kept and kept[0][1] is not None:   # each signature opens its comment
        for i, (_line, sig) in enumerate(kept):
            if sig is None:
                continue
            text = list(itertools.takewhile(lambda pair: pair[1] is None, kept[i + 1:]))
            if text:
                raw.append((sig[0], "\n".join(line for line, _ in text), sig[1], None, None, None))
        return link_replies(raw)
    pending: list[str] = []
    for line, sig in kept:
        if sig is None:
            pending.append(line)
            continue
        if pending:
            raw.append((sig[0], "\n".join(pending), sig[1], None, None, None))
        pending = []
    return link_replies(raw)


def _ui_or_header(line: str) -> bool:
    """A header, a button, or buttons side by side (``Quote | Report this post``)."""
    if HEADER_LINE.match(line) or UI_LINE.match(line):
        return True
    parts = line.split("|")
    return len(parts) > 1 and all(UI_LINE.match(part) for part in parts)


def signed_layout(lines: Sequence[str], zone: tzinfo, fetched_at: datetime | None, context: datetime | None) -> bool:
    """Whether the lines are texts closed by signatures: two signature lines or more, or one that
    is the last line."""
    signed = [i for i, line in enumerate(lines) if parse_signature(line, zone, fetched_at, context)]
    return len(signed) >= 2 or (len(signed) == 1 and signed[0] == len(lines) - 1 and signed[0] > 0)


def split_comment_lines(
    lines: Sequence[str], zone: tzinfo, *, fetched_at: datetime | None = None, context: datetime | None = None
) -> tuple[ExtractedComment, ...]:
    """Split plain lines (name line, then comment line) into comments.

    A name line may end with a date and/or a reply marker: ``weik 回复 01-31 10:32`` is weik's
    reply (to the latest top-level comment, or to the user named after 回复) posted then.
    A line after a comment that does not look like a name continues that comment.
    """
    raw: list[RawComment] = []
    last_top: int | None = None
    pending: tuple[str, datetime | None, bool, str | None] | None = None
    for line in lines:
        if pending is None and (HEADER_LINE.match(line) or UI_LINE.match(line)):
            continue   # buttons and headers sit between comments; a comment itself may be "顶" or "666"
        if pending is None:
            if raw and not looks_like_name(line) and not find_dates(line, zone, fetched_at=fetched_at, context=context):
                author, text, posted, parent, target, ext = raw[-1]
                raw[-1] = (author, text + "\n" + line, posted, parent, target, ext)
                continue
            parsed = parse_name_line(line, zone, fetched_at, context)
            if looks_like_name(parsed[0]):
                pending = parsed
            continue   # a long line where a name should be: not a comment block
        name, posted, is_reply, target = pending
        pending = None
        parent = last_top if is_reply and target is None else None
        if not is_reply:
            last_top = len(raw)
        raw.append((clean_name(name), line, posted, parent, target, None))
    return link_replies(raw)
