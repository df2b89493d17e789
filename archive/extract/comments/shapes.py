"""Comment blocks recognised by their shape rather than by their class names.

A reader comment is a block with a short name-like line (or a link to a user's profile), a longer
text and, usually, a time. A comment section is two or more sibling blocks of one kind (same tag,
same class words) that look like that. Look-alikes are told apart by their links: a ranking
(``点击排行``) is mostly link text, and a sidebar of other articles' comments links every block
to another article.

Also here: which blocks inside one comment are replies to it (they follow its text) and which
quote an earlier comment (they come before its text).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from lxml import etree
from lxml.html import HtmlElement

from archive.extract.comments.lines import SKIP_TAGS, UI_LINE, is_element, looks_like_name, text_lines

__all__ = [
    "NOT_COMMENT", "PROFILE_HREF", "TIME_HINT", "article_links", "author_nodes", "has_time", "link_share", "plain_line_runs", "shaped_groups", "wordy",
]

# A time as comment widgets write it: 12:41, 2025-01-30, 01-31, 3小时前, 5 minutes ago, July 7, 2012, November 7th
TIME_HINT = re.compile(
    r"\d{1,2}:\d{2}|\d{4}[-/.年]\d{1,2}|\d{1,2}[-/月]\d{1,2}(?:日|\s|$)|(?<!\d)\d+\s*+(?:秒|分钟|分鐘|小时|小時|天|周|个月|個月)前|"
    r"刚刚|剛剛|昨天|前天|(?<!\d)\d+\s++(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\s++ago|"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\b",
    re.I,
)
# Every time TIME_HINT finds holds a digit or one of these characters (刚刚, 昨天, 前天, N天前). A
# line without any is passed over at C speed: most lines a page's blocks hold have no time, and
# TIME_HINT, a case-insensitive alternation, is tried at each position of a line.
_TIME_CHAR = re.compile(r"[\d刚剛昨前]")


def has_time(text: str) -> bool:
    """Whether ``text`` holds a time as comment widgets write it (``TIME_HINT``)."""
    return _TIME_CHAR.search(text) is not None and TIME_HINT.search(text) is not None


# a reply marker on a name line: "weik 回复 01-31 10:32", "送你一杯咖啡 回復 @Ygritte--L："
_REPLY_MARK = re.compile(r"(?:回复|回復|回覆)\s*(?:@|\d{1,2}-\d{1,2})")
# What a comment list can never be: empty-state text, form labels, policies, share bars.
NOT_COMMENT = re.compile(
    r"^\s*(?:目前没有|目前沒有|暂无|暫無|还没有|還沒有|快来抢沙发|沙发还空着|文明上网|文明發言|文明发言|分享到|分享至|"
    r"No comments|Be the first|There are no comments|Comments? (?:are|is) (?:closed|moderated)|"
    r"You must be (?:logged|signed) in|Please (?:log|sign) in|Sign ?in|Log ?in|Sign ?up|Register|Powered by|"
    r"Your (?:name|e-?mail|comment)|Name \(required\)|E-?mail \(required\)|Discussion Policy|Post (?:a|your) comment|"
    r"Share (?:this|on)\b|(?:Click here to )?cancel reply|Sort(?: by)?:|No (?:trackbacks|responses|comments)|"
    r"(?:Log ?in|Sign ?in|Register) to (?:leave|post|add|reply|comment)|You are commenting using|Comments that include|"
    r"Limit: \d+ characters|Full name|Submit Comment|\{? ?\d+ comments|\+ Comment now|登录后|发表评论|發表評論)",
    re.I,
)
PROFILE_HREF = re.compile(
    r"/(people|user|users|u|member|members|home|profile|profiles|space|author|contributor|contributors)/|//profiles?\.|/~|/@|"
    r"[?&](uid|userid|user_id)=",
    re.I,
)
_HOME = re.compile(r"^(?:https?:)?//[^/]+/?$")   # a site's home page, not an article
_AUTHOR_CLASS = re.compile(
    r"(?:^|[\s_-])(author|user|username|nick|nickname|uname|fn|name|poster|member|commenter)(?:$|[\s_-])", re.I
)
_ITEM_TAGS = ("li", "div", "dl", "dt", "article", "section", "tr", "p")
_PARENT_TAGS = ("div", "ul", "ol", "section", "dl", "tbody", "table", "article", "td")
_SAMPLE = 8
_WORD = re.compile(r"[^\W\d_]{2,}")   # a word of two letters or more (not a score, not "v")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LOOK = 80   # characters of a line searched for a time or a name: a name line is short (and the search stays cheap)


def _signature(el: HtmlElement) -> tuple[str, str]:
    return el.tag, " ".join(sorted(t for t in (el.get("class") or "").lower().split() if not re.search(r"\d|odd|even|first|last|active|cur", t)))


def link_share(el: HtmlElement) -> float:
    """How much of an element's text sits inside links."""
    total = len("".join(el.itertext()).strip())
    if not total:
        return 0.0
    linked = sum(len("".join(a.itertext()).strip()) for a in el.iter("a"))
    return linked / total


def article_links(el: HtmlElement) -> int:
    """Links to other pages with a headline-like text (not a user's profile or e-mail address, an anchor
    or a button), nor to a commenter's own site: a plugin that shows each commenter's latest post
    ("X recently posted.. Title") links to the host their name links to."""
    count = 0
    own_hosts: set[str] = set()
    for a in el.iter("a"):
        if re.search(r"external|author", a.get("rel") or "") or author_nodes([a, *a.iterancestors()][:3]):
            if host := _host(a.get("href") or ""):
                own_hosts.add(host)
    for a in el.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript", "mailto:", "tel:")) or PROFILE_HREF.search(href) or _HOME.match(href):
            continue   # an anchor, a button, a profile, a home page, or a commenter's e-mail address
        if re.search(r"external|nofollow|author", a.get("rel") or "") or author_nodes([a, *a.iterancestors()][:3]):
            continue   # a commenter's own web site
        if own_hosts and _host(href) in own_hosts:
            continue   # a post on a commenter's own site
        text = "".join(a.itertext()).strip()
        if UI_LINE.match(text) or re.search(r"reply|respond|comment|permalink", f"{a.get('class') or ''} {href} {text}", re.I):
            continue   # the comment's own buttons ("Reply", a link to the reply form) and permalinks
        if has_time(text):
            continue   # the comment's time as a link to itself
        if len(text) >= 4 and not text.startswith(("http", "www.")) and "@" not in text:
            count += 1
    return count


_HOST = re.compile(r"^(?:https?:)?//(?:www\.)?([^/:?#]+)", re.I)


def _host(href: str) -> str | None:
    """The host an absolute link points to, lower-cased and without ``www.`` (None for a relative link)."""
    m = _HOST.match(href.strip())
    return m.group(1).lower() if m else None


def author_nodes(nodes: Iterable[HtmlElement]) -> list[HtmlElement]:
    """The outermost nodes marked as a person: itemprop=author, an author-like class, a profile link."""
    found: list[HtmlElement] = []
    for node in nodes:
        if any(f in node.iterancestors() for f in found):
            continue
        if (node.get("itemprop") or "").lower() in ("author", "creator") or _AUTHOR_CLASS.search(node.get("class") or ""):
            found.append(node)
        elif node.tag == "a" and PROFILE_HREF.search(node.get("href") or "") and 0 < len("".join(node.itertext()).strip()) <= 40:
            found.append(node)
    return found


def _marks(lines: list[str]) -> tuple[bool, bool]:
    """(carries a time, carries a reply marker) for a block's text lines."""
    head = " ".join(ln[:_LOOK] for ln in lines[:2])   # times sit at a comment's head or tail
    timed = has_time(head) or has_time(lines[-1][-_LOOK:])
    return timed, bool(_REPLY_MARK.search(lines[0][:_LOOK]))


def _shape(el: HtmlElement, lines: list[str]) -> tuple[bool, bool, bool, bool]:
    """(comment-shaped, carries a time, carries a reply marker, says something) for one block
    whose text lines are ``lines`` (see :func:`_block_lines`)."""
    if not lines:
        return False, False, False, False
    timed, marked = _marks(lines)
    named = bool(author_nodes(el.iterdescendants()))
    name_line = TIME_HINT.sub("", lines[0][:_LOOK]).strip() if len(lines[0]) <= _LOOK else lines[0]   # "weik 回复 01-31 10:32" names weik
    shaped = (len(lines) >= 2 and (named or looks_like_name(name_line))) and link_share(el) < 0.5
    return shaped, timed, marked, shaped and any(wordy(ln) for ln in lines[1:])


def _block_lines(el: HtmlElement) -> list[str]:
    """A block's text lines, none for a block too long to be one comment."""
    lines = text_lines(el)
    return [] if sum(len(ln) for ln in lines) > 5000 else lines


def wordy(line: str) -> bool:
    """A line long enough to say something: six Chinese characters, or five words."""
    return len(_CJK.findall(line[:_LOOK])) >= 6 or len(_WORD.findall(line[:_LOOK * 4])) >= 5


_STRING = etree.XPath("string()")   # an element's whole text, read by libxml2
_MARK_CHAR = re.compile(r"[\d刚剛昨前回]")   # in every time (_TIME_CHAR) and every reply marker
# Longer texts are not searched for them (the blocks' lines are read, as without the test): a
# page of a few long blocks costs no more than it did.
_SCAN_LIMIT = 20_000


def _may_be_marked(blocks: Sequence[HtmlElement]) -> bool:
    """Whether two of ``blocks`` may carry a time, or one a reply marker (see :func:`_marks`):
    tested on each block's whole text (scripts included, so never less than its lines), at C
    speed, so that groups without a digit or 回 anywhere (menus, link lists) are not walked."""
    timed = 0
    for block in blocks:
        text = _STRING(block)
        if len(text) > _SCAN_LIMIT or "回" in text:
            return True
        if _TIME_CHAR.search(text):
            timed += 1
            if timed >= 2:
                return True
    return False


def shaped_groups(tree: HtmlElement, skip: Sequence[HtmlElement] = ()) -> list[tuple[HtmlElement, list[HtmlElement]]]:
    """Sibling blocks of one kind that look like comments: (their parent, the blocks), outermost first.

    A group needs two or more comment-shaped blocks, most of its sampled blocks comment-shaped, and
    either two with a time or one with a reply marker; a group whose blocks mostly link to other
    articles is a list of other pages' comments and is left alone. ``skip``: subtrees to leave out.
    """
    skipped = set(skip)
    headline = next(tree.iter("h1"), None)
    found: list[tuple[HtmlElement, list[HtmlElement]]] = []
    taken: set[HtmlElement] = set()
    for parent in tree.iter(*_PARENT_TAGS):
        if parent in skipped or parent in taken or len(parent) < 2:
            continue
        groups: dict[tuple[str, str], list[HtmlElement]] = {}
        for child in parent:
            if is_element(child) and child.tag in _ITEM_TAGS and child.tag not in SKIP_TAGS:
                groups.setdefault(_signature(child), []).append(child)
        for members in groups.values():
            if len(members) < 2:
                continue
            if any(a in skipped or a in taken for a in parent.iterancestors()):
                break
            if headline is not None and any(headline in m.iterdescendants() for m in members):
                continue
            sample = members[:_SAMPLE]
            if not _may_be_marked(sample):
                continue   # the test below fails whatever the lines: they are not read
            texts = [_block_lines(m) for m in sample]
            # A group needs two timed blocks or one with a reply marker (below): without them, the
            # costlier tests (author markup, link share) are not run. Same groups, found sooner.
            marks = [_marks(lines) for lines in texts if lines]
            if sum(1 for t, _ in marks if t) < 2 and not any(r for _, r in marks):
                continue
            shapes = [_shape(m, lines) for m, lines in zip(sample, texts)]
            shaped = sum(1 for s, _, _, _ in shapes if s)
            timed = sum(1 for s, t, _, _ in shapes if s and t)
            marked = sum(1 for s, _, r, _ in shapes if s and r)
            talking = sum(1 for _, _, _, w in shapes if w)
            if shaped < 2 or shaped < 0.6 * len(sample) or not (timed >= 2 or marked >= 1):
                continue
            if talking * 2 < shaped:
                continue   # short lines under a name: a fixture list or a schedule, not people talking
            if sum(1 for m in sample if article_links(m)) * 2 >= len(sample):
                continue
            found.append((parent, members))
            taken.add(parent)
            taken.update(parent.iterdescendants())
            break
    return found


_LINE_TAGS = ("p", "div", "li", "dd", "dt", "span", "h4", "h5", "h6")


def _name_line(line: str) -> tuple[bool, bool, bool]:
    """(name-like, carries a time, carries a reply marker) for a line where a user name may stand."""
    if len(line) > _LOOK:
        return False, False, False
    timed = has_time(line)
    marked = bool(_REPLY_MARK.search(line))
    name = (TIME_HINT.sub("", line) if timed else line).replace("回复", "").replace("回復", "").strip()
    return 0 < len(name) <= 20 and looks_like_name(name), timed, marked


def plain_line_runs(tree: HtmlElement, skip: Sequence[HtmlElement] = ()) -> list[list[HtmlElement]]:
    """Runs of one-line sibling blocks laid out as comments without markup of their own: a user
    name, then the comment (sample 001's layout). A run needs four such pairs or more, and a reply
    marker (``回复 01-31 10:32``) or two times on its name lines; subheadings followed by their
    paragraphs have neither."""
    skipped = set(skip)
    runs: list[list[HtmlElement]] = []
    for parent in tree.iter(*_PARENT_TAGS):
        if len(parent) < 8 or parent in skipped or any(a in skipped for a in parent.iterancestors()):
            continue
        text = _STRING(parent)
        if len(text) <= _SCAN_LIMIT and not _MARK_CHAR.search(text):
            continue   # no digit and no 回 in all its text: no name line has a time or a reply marker
        kids = [c for c in parent if is_element(c)]
        lines: list[str | None] = []
        for kid in kids:
            if kid.tag not in _LINE_TAGS or any(is_element(d) and d.tag in ("p", "div", "li", "ul", "table", "br") for d in kid.iterdescendants()):
                lines.append(None)
                continue
            text = " ".join("".join(kid.itertext()).split())
            lines.append(text or None)
        i = 0
        while i < len(kids):
            start, pairs, marks, times, j = i, 0, 0, 0, i
            while j + 1 < len(kids) and lines[j] is not None and lines[j + 1] is not None:
                named, timed, marked = _name_line(lines[j] or "")
                if not named or link_share(kids[j + 1]) > 0.5:
                    break
                pairs, marks, times, j = pairs + 1, marks + marked, times + timed, j + 2
                while j < len(kids) and lines[j] is not None and not _name_line(lines[j] or "")[0]:
                    j += 1   # a comment that goes on over several lines
            if pairs >= 4 and (marks >= 1 or times >= 2):
                runs.append(kids[start:j])
                skipped.add(parent)
                break
            i = max(j, i + 1)
    return runs
