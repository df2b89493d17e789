"""Reader comments: find the comment section of a server-rendered page and split it into records.

Four ways in, tried in order:
1. site-configured selectors (``comment_selectors``) - they override the heuristics;
2. markup: ``itemtype=…/ExtractedComment`` microdata, WordPress ``ol.commentlist li.comment``, Disqus-like
   ``li.post``, and any container whose class/id says comment/评论/pinglun/cmt/discuss, split into
   its repeated item blocks (replies from nesting);
3. shape (archive.extract.comments.shapes): sibling blocks of one kind, each with a name, a text
   and a time, whatever their classes; blocks of the same kind elsewhere (a "hot" list) join them;
4. text: a comment header (``网友评论``, ``评论列表``, ``Comments (0)``) followed by plain lines -
   a name line, then the comment line; ``回复 MM-DD HH:MM`` on a name line marks a reply.

``回复 X：`` / ``Reply to X:`` at the start of a comment links it to X's latest earlier comment.
Blocks with an author of their own inside a comment are replies (after its text) or quotes (before
it). Not comments: empty-state text, form labels, share bars, blocks that each link to another
article (rankings, other pages' comments); a comment listed twice (hot and latest) is kept once.
Masked names (``用户15xxx19``) and emoji codes (``[点赞]``) are kept as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, tzinfo
from typing import Any

from cssselect import SelectorError
from lxml import etree
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

from archive.errors import ConfigError
from archive.extract.comments.lines import (
    HEADER_LINE,
    REPLY_PREFIX,
    SKIP_TAGS,
    UI_LINE,
    ExtractedComment,
    RawComment,
    clean_name,
    is_element,
    link_replies,
    looks_like_name,
    parse_name_line,
    split_comment_lines,
    text_lines,
)
from archive.extract.comments.shapes import (
    NOT_COMMENT,
    article_links,
    author_nodes,
    link_share,
    plain_line_runs,
    shaped_groups,
)
from archive.extract.dates import epoch, find_dates, parse_date

__all__ = ["ExtractedComment", "CommentSection", "compile_selector", "find_comments", "split_comment_lines"]


@dataclass(frozen=True)
class CommentSection:
    """The comments found and the page elements that hold them (to keep out of the body)."""

    comments: tuple[ExtractedComment, ...]
    nodes: tuple[HtmlElement, ...]
    method: str   # "none" | "selector" | "markup" | "text" | "empty"


# -- vocabulary --------------------------------------------------------------------------------

_CONTAINER_WORD = re.compile(
    r"comment|pinglun|discuss|disqus|cmt|replies|reply-?list|responses|remark|评论|評論|留言|(?:^|[\s_-])(tie|gentie|topic-reply)(?:$|[\s_-])", re.I
)
_NOT_CONTAINER_WORD = re.compile(
    r"(comments?|cmt|pinglun)[-_]?(num|count|cnt|link|icon|btn|button|total|number|open|closed|meta|tip)|has-comments|no-?comments-?link|"
    r"recent[-_]?comments|recentcomments|latest[-_]?comments|widget",
    re.I,
)
# site-wide furniture: a "recent comments" list there belongs to other pages
_SIDEBAR = re.compile(r"(?:^|[\s_-])(sidebar|side|aside|widget|widget-area|secondary|nav)(?:$|[\s_-])", re.I)


def _in_sidebar(el: HtmlElement) -> bool:
    return any(
        a.tag in ("aside", "nav") or _SIDEBAR.search(_tokens(a)) for a in el.iterancestors() if is_element(a)
    )
_ITEM_WORD = re.compile(r"comment|reply|cmt|pinglun|item|post|entry|floor|review|msg|message", re.I)
_LIST_WORD = re.compile(r"(list|box|wrap|wrapper|area|container|children|replies|items|section)$", re.I)
_VOLATILE_WORD = re.compile(r"even|odd|depth|alt\b|byuser|bypostauthor|author|parent|thread|first|last|active|hidden|new|hot|top|level|\d", re.I)
_AUTHOR_WORD = re.compile(
    r"(?:^|[\s_-])(author|user|username|nick|nickname|uname|fn|name|screen|poster|member|vcard|commenter|from|yonghu|zuozhe)(?:$|[\s_-])", re.I
)
# WordPress's <div class="comment-meta">: the time, when the author has an element of its own
_META_WORD = re.compile(r"(?:^|[\s_-])(meta|commentmetadata)(?:$|[\s_-])", re.I)
_TIME_WORD = re.compile(r"(?:^|[\s_-])(time|date|datetime|timestamp|pubtime|pubdate|posted|when|ago|shijian)(?:$|[\s_-])", re.I)
_TEXT_WORD = re.compile(r"(?:^|[\s_-])(content|text|body|txt|message|msg|cont|cnt|detail|words|inner|neirong)(?:$|[\s_-])", re.I)
_QUOTE_WORD = re.compile(r"quote|cite|yinyong|引用", re.I)
_PROFILE_HREF = re.compile(r"/(people|user|users|u|member|members|home|profile|space|author)/|[?&](uid|userid|user_id)=", re.I)
_ACTION_WORD = re.compile(
    r"reply-?(link|btn|button|bar)|action|toolbar|tools|footer|vote|like|digg|report|share|op\b|opt|ding|cai|"
    r"support|oppose|more|avatar|photo|pic|img|meta|edit",
    re.I,
)
# What a comment header's first text holds: the Chinese words and digits, which have no case, are
# looked for without re.I (twice as fast); only the English words need it.
_HEADER_HINT = re.compile(r"评论|評論|留言|跟贴|跟貼|跟帖|\d")
_HEADER_HINT_EN = re.compile(r"comment|respons|repl|discussion|thought", re.I)
def _tokens(el: HtmlElement) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}".strip()


# -- finding the section -----------------------------------------------------------------------


def compile_selector(selector: str) -> Callable[[HtmlElement], Any]:
    """A site's comment selector: XPath when it starts with ``/``, ``(`` or ``.//``, else CSS.

    Raises ConfigError saying which selector is malformed.
    """
    try:
        if selector.startswith(("/", "(", ".//")):
            return etree.XPath(selector)
        return CSSSelector(selector)
    except (etree.XPathSyntaxError, SelectorError) as exc:
        raise ConfigError(
            f"comment selector {selector!r} is neither valid CSS nor XPath ({exc}); "
            "write CSS like 'div.comment-list' or XPath starting with '//'"
        ) from exc


def _select(tree: HtmlElement, selector: str) -> list[HtmlElement]:
    found = compile_selector(selector)(tree)
    return [el for el in found if is_element(el)] if isinstance(found, list) else []


# //@class | //@id | //@itemtype, without making libxml2 collect every node of the page three times
_NAMING_ATTRIBUTES = etree.XPath(
    "/descendant-or-self::*/@class | /descendant-or-self::*/@id | /descendant-or-self::*/@itemtype"
)


def _named_like_comments(tree: HtmlElement) -> list[HtmlElement]:
    """Elements whose class/id (or microdata type) mention comments, in document order, once each."""
    seen: set[HtmlElement] = set()
    out: list[HtmlElement] = []
    for value in _NAMING_ATTRIBUTES(tree):
        if _CONTAINER_WORD.search(value) or ("omment" in value and value.startswith("http")):
            el = value.getparent()
            if el not in seen:
                seen.add(el)
                out.append(el)
    return out


def _containers(tree: HtmlElement) -> list[HtmlElement]:
    """Outermost elements whose class/id (or microdata) say they hold comments."""
    found: list[HtmlElement] = []
    claimed: set[HtmlElement] = set()
    for el in _named_like_comments(tree):
        if not is_element(el) or el.tag in ("html", "body", "main", "a", "span", "button", "form", "textarea"):
            continue
        tokens = _tokens(el)
        microdata = "comment" in (el.get("itemtype") or "").lower()
        if not microdata and (not _CONTAINER_WORD.search(tokens) or _NOT_CONTAINER_WORD.search(tokens)):
            continue
        if _inside(el, claimed) or el.find(".//h1") is not None or _in_sidebar(el):
            continue
        if microdata:
            el = el.getparent() if el.getparent() is not None else el
            if _inside(el, claimed):
                continue
        found.append(el)
        claimed.add(el)
    return found


def _short_text(el: HtmlElement, limit: int) -> str | None:
    """The element's text if it is at most ``limit`` characters, else None (stops reading early)."""
    size = 0
    parts: list[str] = []
    for piece in el.itertext():
        size += len(piece.strip())
        if size > limit:
            return None
        parts.append(piece)
    return "".join(parts).strip()


def _inside(el: HtmlElement, claimed: set[HtmlElement]) -> bool:
    return el in claimed or any(a in claimed for a in el.iterancestors())


def _header_sections(tree: HtmlElement, taken: Sequence[HtmlElement]) -> list[list[HtmlElement]]:
    """A comment header element plus the siblings that follow it (the text-only layout)."""
    sections: list[list[HtmlElement]] = []
    claimed: set[HtmlElement] = set(taken)
    for el in tree.iter("h2", "h3", "h4", "h5", "h6", "div", "p", "span", "strong", "b", "dt", "section", "header"):
        first = (el.text or "").strip() or ((el[0].text or "").strip() if len(el) else "")
        if not first or not (_HEADER_HINT.search(first) or _HEADER_HINT_EN.search(first)):
            continue
        own = _short_text(el, 40)
        if not own or not HEADER_LINE.match(own) or _inside(el, claimed) or _in_sidebar(el):
            continue
        if el.tag == "a" or any(a.tag == "a" for a in el.iterancestors()) or any(
            "".join(a.itertext()).strip() == own for a in el.iter("a")
        ):
            continue   # a link to the comments ("评论 48"), not the section's header
        nodes = [el]
        anchor = el
        while anchor.getparent() is not None and anchor.getparent().tag not in ("body", "html") and _short_text(anchor.getparent(), 40) == own:
            anchor = anchor.getparent()
        if anchor.tag in ("span", "strong", "b"):
            continue   # an inline header must be alone in its block
        for sib in anchor.itersiblings():
            if not is_element(sib) or sib in claimed:
                continue
            if sib.tag in ("footer", "nav", "aside") or re.search(r"foot|copyright|related|recommend", _tokens(sib), re.I):
                break
            if sib.tag in ("h1", "h2", "h3") and not HEADER_LINE.match("".join(sib.itertext()).strip()):
                break
            nodes.append(sib)
        if anchor is not el:
            nodes[0] = anchor
        claimed.update(nodes)
        sections.append(nodes)
    return sections


# -- splitting markup into items ---------------------------------------------------------------


def _signature(el: HtmlElement) -> tuple[str, frozenset[str]]:
    """Blocks of one kind: same tag and same item-like class words (else same class words).
    Words naming a list of comments (``reply-box``, ``comment-list``, ``children``) are not item words."""
    classes = [t.lower() for t in (el.get("class") or "").split() if not _VOLATILE_WORD.search(t)]
    item_like = frozenset(t for t in classes if _ITEM_WORD.search(t) and not _LIST_WORD.search(t))
    return el.tag, item_like or frozenset(classes)


def _own_nodes(item: HtmlElement, stop: frozenset[HtmlElement] | set[HtmlElement]) -> list[HtmlElement]:
    """Descendant elements of ``item`` in document order, not entering the subtrees in ``stop``."""
    out: list[HtmlElement] = []

    def walk(node: HtmlElement) -> None:
        for child in node:
            if not is_element(child) or child in stop:
                continue
            out.append(child)
            walk(child)

    walk(item)
    return out


def _find_author(nodes: Sequence[HtmlElement]) -> HtmlElement | None:
    """The author element among an item's own nodes: itemprop=author, an author-ish class, else
    the first link to a user profile."""
    profile: HtmlElement | None = None
    for node in nodes:
        prop = (node.get("itemprop") or "").lower()
        if prop in ("author", "creator"):
            named = node.find(".//*[@itemprop='name']")
            return named if named is not None else node
        tokens = _tokens(node)
        if tokens and _AUTHOR_WORD.search(tokens) and not _ACTION_WORD.search(tokens):
            text = _short_text(node, 60)
            if text:
                # <div class="user"><img><a class="name">X</a> <span>[北京]</span></div>: the name itself
                inner = next(
                    (n for n in node.iterdescendants() if is_element(n) and _short_text(n, 60)
                     and (_AUTHOR_WORD.search(_tokens(n)) or n.tag == "a")),
                    None,
                )
                return inner if inner is not None else node
            inner = [n for n in node.iter("a", "b", "strong", "cite", "span") if _short_text(n, 60)]
            if inner:
                return inner[0]
        if profile is None and node.tag == "a" and _PROFILE_HREF.search(node.get("href") or "") and _short_text(node, 40):
            profile = node
    return profile


def _quotes(nodes: Sequence[HtmlElement]) -> list[HtmlElement]:
    """Quoted-comment blocks inside an item (blockquote, *quote*, *cite* classes)."""
    found: list[HtmlElement] = []
    for node in nodes:
        if any(q in node.iterancestors() for q in found):
            continue
        if node.tag == "blockquote" or (node.tag in ("div", "p", "section", "span") and _QUOTE_WORD.search(_tokens(node))):
            found.append(node)
    return found


_INLINE_TAGS = ("a", "span", "button", "em", "i", "b", "small", "font")
_BLOCKISH = ("div", "li", "p", "dd", "dl", "section", "article", "blockquote", "table", "tr")
_SAMPLE = 6   # members of a candidate group inspected to score it
_AUTHOR_HINT = re.compile(r"author|user|name|nick|vcard|uname|poster", re.I)


def _has_author(block: HtmlElement, look: int = 40) -> bool:
    """Whether one of the first ``look`` descendants of a block is marked as its author."""
    for i, node in enumerate(block.iterdescendants()):
        if i >= look:
            return False
        if not is_element(node):
            continue
        if node.get("itemprop") == "author" or _AUTHOR_HINT.search(node.get("class") or ""):
            return True
    return False


def _items(container: HtmlElement) -> list[HtmlElement]:
    micro = [el for el in container.iter() if is_element(el) and "comment" in (el.get("itemtype") or "").lower()]
    if micro:
        return micro
    groups: dict[tuple[str, frozenset[str]], list[HtmlElement]] = {}
    for el in container.iterdescendants():
        if not is_element(el) or el.tag in SKIP_TAGS or el.tag in ("a", "span", "br", "time", "b", "strong", "em", "img", "i", "p", "cite", "meta"):
            continue
        groups.setdefault(_signature(el), []).append(el)
    best: list[HtmlElement] = []
    best_score: tuple[float, float, float] = (0.0, 0.0, 0.0)
    # blocks whose class says item/comment/reply first; other repeated blocks only when none fits
    def item_like_words(tokens: frozenset[str]) -> bool:
        return any(_ITEM_WORD.search(t) and not _LIST_WORD.search(t) for t in tokens)

    ordered = sorted(groups.items(), key=lambda kv: not item_like_words(kv[0][1]))
    for (tag, tokens), members in ordered:
        item_like = item_like_words(tokens)
        if not item_like and best:
            break
        if not item_like and (len(members) < 2 or tag not in ("li", "div", "dl", "dd", "article", "section", "tr")):
            continue
        sample = members[:_SAMPLE]
        share = len(members) / len(sample)
        with_author = share * sum(1 for m in sample if _has_author(m))
        with_text = 0.0
        if with_author == 0:
            if not item_like:
                continue
            with_text = share * sum(1 for m in sample if len(text_lines(m)) >= 2)
            if with_text < 2:
                continue
        depth = sum(1 for _ in members[0].iterancestors())
        score = (with_author, with_text if with_author == 0 else 0.0, -float(depth))
        if score > best_score:
            best, best_score = members, score
    return best


def _external_id(item: HtmlElement) -> str | None:
    for attr in ("data-comment-id", "data-commentid", "data-cid", "data-id", "data-post-id", "id"):
        value = (item.get(attr) or "").strip()
        if value:
            stripped = re.sub(r"^(li-comment|div-comment|comment|cmt|reply|post|c)[-_]?", "", value, flags=re.I)
            return stripped or value
    return None


_EPOCH_ATTRIBUTES = ("date", "data-time", "data-timestamp", "data-date", "data-ts", "data-created", "timestamp")


def _stamped(el: HtmlElement, zone: tzinfo) -> datetime | None:
    """The moment an epoch attribute states (``date="1574686717000"``, ``data-time="1574686717"``)."""
    for attr in _EPOCH_ATTRIBUTES:
        value = el.get(attr)
        if value and (moment := epoch(value, zone)) is not None:
            return moment
    return None


def _item_record(
    item: HtmlElement,
    others: frozenset[HtmlElement],
    zone: tzinfo,
    fetched_at: datetime | None,
    context: datetime | None,
    quoted: Sequence[HtmlElement] = (),
) -> tuple[str | None, str, datetime | None, str | None, bool]:
    """(author, text, time, the name it replies to, whether its name line says it is a reply)."""
    own_all = _own_nodes(item, others)
    nested = frozenset(child for n in [item, *own_all] for child in n if child in others)
    quotes = _quotes(own_all) + [q for q in quoted if q in own_all]
    own = _own_nodes(item, others | set(quotes)) if quotes else own_all
    target: str | None = None
    for quote in quotes:
        quoted_nodes = [quote, *_own_nodes(quote, set())]
        quoted_author = _find_author(quoted_nodes)
        if quoted_author is not None:
            target = clean_name("".join(quoted_author.itertext()))
    author_el = _find_author(own)
    text_el: HtmlElement | None = None
    actions: list[HtmlElement] = []
    time_el = next((n for n in own if n.tag == "time" or (n.get("itemprop") or "").lower() in ("datecreated", "datepublished", "commenttime")), None)
    for node in own:
        tokens, prop = _tokens(node), (node.get("itemprop") or "").lower()
        if node is time_el:
            continue
        timeish = _TIME_WORD.search(tokens) or (
            _META_WORD.search(tokens) and author_el is not None
            and not (node is author_el or author_el in node.iterdescendants())
        )
        if time_el is None and timeish and node.find(".//p") is None:
            if len("".join(node.itertext()).strip()) <= 40:
                time_el = node
                continue
        if text_el is None and (prop in ("text", "comment", "commenttext", "description") or (_TEXT_WORD.search(tokens) and not _AUTHOR_WORD.search(tokens))):
            if author_el is None or not (author_el is node or node in author_el.iterancestors()):
                if author_el is not None and author_el in node.iterdescendants():
                    pass
                else:
                    text_el = node
        if _ACTION_WORD.search(tokens) and node.tag != "p":
            actions.append(node)
    author = clean_name("".join(author_el.itertext())) if author_el is not None else None
    posted: datetime | None = None
    if time_el is not None:
        posted = _stamped(time_el, zone)   # the epoch the markup carries beats "3小时前"
    if time_el is not None and posted is None:
        stamp = time_el.get("datetime") or time_el.get("content") or time_el.get("title") or ""
        posted = parse_date(stamp, zone, fetched_at=fetched_at, context=context) or parse_date(
            "".join(time_el.itertext()), zone, fetched_at=fetched_at, context=context
        )
    skip = set(nested) | set(actions) | set(quotes)
    for el in (author_el, time_el):
        if el is not None:
            skip.add(el)
    # inline buttons ("回复", "顶(3)", "举报") between the parts of a one-line item
    skip.update(n for n in own if n.tag in _INLINE_TAGS and n is not text_el and UI_LINE.match("".join(n.itertext())))
    is_reply = False
    if author_el is not None:
        # "weik 回复 01-31 10:32" in the name element: the name, the marker and the time apart
        name, stamp, is_reply, named_target = parse_name_line(author, zone, fetched_at, context) if author else ("", None, False, None)
        if (stamp is not None or is_reply) and looks_like_name(name):
            author, posted, target = clean_name(name), posted or stamp, target or named_target
        else:
            is_reply = False
    source = text_el if text_el is not None else item
    lines = text_lines(source, frozenset(skip))
    if item.tag == "dt" and text_el is None:
        follower = item.getnext()   # <dt>name, time</dt><dd>text</dd>: one comment in two elements
        if follower is not None and follower.tag == "dd" and follower not in others:
            lines += text_lines(follower, frozenset(skip))
    if text_el is None:   # the item's whole text: drop its buttons; a text element is kept as written ("顶")
        lines = [ln for ln in lines if not UI_LINE.match(ln)]
    elif target is None:
        # the reply header outside the text element: "送你一杯咖啡 回復 @Ygritte--L：<span>text</span>"
        header = next(iter(text_lines(item, frozenset(skip | {text_el}))), "")
        marker = REPLY_PREFIX.match(header)
        target = marker.group("name").lstrip("@") if marker else None
    if author_el is None and text_el is None and len(lines) >= 2:
        name, stamp, is_reply, named_target = parse_name_line(lines[0], zone, fetched_at, context)
        if looks_like_name(name):
            author = clean_name(name)
            posted = posted or stamp
            target = target or named_target
            lines = lines[1:]
    if posted is None and lines:
        for at in (-1, 0):
            dates = find_dates(lines[at], zone, fetched_at=fetched_at, context=context)
            if dates and dates[-1].end == len(lines[at]) and dates[-1].start <= 2 and (at == -1 or len(lines) >= 2):
                posted = dates[-1].value
                lines = lines[:-1] if at == -1 else lines[1:]
                break
    return author, "\n".join(lines), posted, target, is_reply


def _split_items(
    items: list[HtmlElement], zone: tzinfo, fetched_at: datetime | None, context: datetime | None
) -> tuple[ExtractedComment, ...]:
    replies, quoted = _inner_comments(items)
    if replies:
        order = {el: i for i, el in enumerate(items[0].getroottree().iter())}
        items = sorted({*items, *replies}, key=order.__getitem__)
    index = {item: i for i, item in enumerate(items)}
    others = frozenset(items)
    raw: list[RawComment] = []
    last_top: int | None = None
    for item in items:
        author, text, posted, target, is_reply = _item_record(item, others, zone, fetched_at, context, quoted)
        parent = next((index[a] for a in item.iterancestors() if a in index), None)
        if parent is None and is_reply and target is None:
            parent = last_top   # "weik 回复 01-31 10:32": answers the latest comment that is not a reply
        if parent is None and not is_reply:
            last_top = len(raw)
        if NOT_COMMENT.match(text) or (author and NOT_COMMENT.match(author)):
            text = ""   # a form label, an empty-state line or a share bar where a comment would be
        raw.append((author, text, posted, parent, target, _external_id(item)))
    return link_replies(raw)


def _inner_comments(items: Sequence[HtmlElement]) -> tuple[list[HtmlElement], list[HtmlElement]]:
    """Blocks inside comments that carry an author of their own: replies when they follow the
    comment's own text, quotes of an earlier comment when they come before it."""
    others = set(items)
    replies: list[HtmlElement] = []
    quoted: list[HtmlElement] = []
    for item in items:
        own = _own_nodes(item, others)
        people = author_nodes(own)
        if len(people) < 2:
            continue
        first = people[0]
        blocks: list[HtmlElement] = []
        for node in own:
            if node.tag not in _BLOCKISH or first is node or first in node.iterdescendants():
                continue
            if any(b in node.iterancestors() for b in blocks):
                continue
            inner = [p for p in people if p is node or p in node.iterdescendants()]
            if len(inner) == 1 and len(text_lines(node, frozenset(inner))) >= 1:
                blocks.append(node)
        if not blocks:
            continue
        marks = {b: f"\x00{i}" for i, b in enumerate(blocks)}
        lines = [ln for ln in text_lines(item, frozenset({first}), marks) if not UI_LINE.match(ln)]
        own_text = [not ln.startswith("\x00") and not find_dates(ln, UTC) for ln in lines]
        if not any(own_text):
            continue   # the block is the comment itself, beside an avatar or a "Profile" link
        for block in blocks:
            at = lines.index(marks[block])
            (replies if any(own_text[:at]) else quoted).append(block)
    return replies, quoted


# -- text-only layout --------------------------------------------------------------------------


# -- entry point -------------------------------------------------------------------------------


def find_comments(
    tree: HtmlElement,
    zone: tzinfo,
    *,
    fetched_at: datetime | None = None,
    context: datetime | None = None,
    selectors: Sequence[str] = (),
) -> CommentSection:
    """Find and split the comment section(s) of ``tree``; see the module docstring for the order.

    ``zone`` reads comment times written without one; ``fetched_at`` resolves relative times and
    ``MM-DD`` years (``context``, e.g. the article date, when there is no fetch time).
    """
    if selectors:
        matched = list(dict.fromkeys(el for sel in selectors for el in _select(tree, sel)))
        if matched:
            return _from_selected(tree, matched, zone, fetched_at, context)

    containers = _containers(tree)
    comments = []
    nodes: list[HtmlElement] = []
    method = "none"
    page_chars: int | None = None
    for container in containers:
        found = _from_container(container, zone, fetched_at, context)
        lines = text_lines(container)
        size = sum(len(ln) for ln in lines)
        if not found and lines and not all(HEADER_LINE.match(ln) or UI_LINE.match(ln) for ln in lines):
            if size > 2000 and not any(HEADER_LINE.match(ln) for ln in lines):
                continue   # a big block that only mentions comments in its class: not a section
        if size > 1000 and not any(c.author for c in found):
            page_chars = page_chars if page_chars is not None else len("".join(tree.itertext()))
            if size > 0.6 * page_chars:
                continue   # most of the page and nobody signs it: the article, whatever its class says
        if found and (link_share(container) > 0.6 or _about_other_pages(container, len(found))):
            continue   # a ranking or other articles' comments under a comment-like name
        nodes.append(container)
        comments.extend(found)
        method = "markup" if found else ("empty" if method == "none" else method)
    if method == "markup":
        return CommentSection(_renumber(comments), tuple(nodes), method)
    for parent, members in shaped_groups(tree, nodes):
        items, parents = _same_kind_elsewhere(tree, members, nodes)
        found = list(_split_items(items, zone, fetched_at, context))
        if found:
            nodes.extend(p for p in [parent, *parents] if not _inside(p, set(nodes)))
            comments.extend(found)
            method = "shape"
    for run in plain_line_runs(tree, nodes):
        found = list(split_comment_lines([ln for n in run for ln in text_lines(n)], zone, fetched_at=fetched_at, context=context))
        if found:
            nodes.extend(run)
            comments.extend(found)
            method = "text"
    for section in _header_sections(tree, nodes):
        # the header, then its siblings less forms and link lists (promotions, rankings) that follow
        section = section[:1] + [
            n for n in section[1:] if not _is_form(n) and article_links(n) < 2 and link_share(n) <= 0.5
        ]
        lines = [ln for n in section for ln in text_lines(n)]
        found = list(split_comment_lines(lines, zone, fetched_at=fetched_at, context=context))
        found = [c for c in found if not NOT_COMMENT.match(c.text) and not NOT_COMMENT.match(c.author or "")]
        if found and (_about_other_pages_nodes(section, len(found))):
            continue
        nodes.extend(section)
        comments.extend(found)
        method = ("text" if method in ("none", "empty") else method) if found else ("empty" if method == "none" else method)
    return CommentSection(_renumber(comments), tuple(nodes), method)


def _is_form(el: HtmlElement) -> bool:
    """A comment form: a form, or a block holding an input or a text area."""
    return el.tag == "form" or any(True for _ in el.iter("form", "textarea", "input"))


def _about_other_pages(container: HtmlElement, found: int) -> bool:
    """A named section whose every comment links to another article."""
    return article_links(container) >= max(3, found)


def _about_other_pages_nodes(nodes: Sequence[HtmlElement], found: int) -> bool:
    """ExtractedComment-like blocks each linking to another article: a list of other pages' comments (or a
    ranking), not this page's."""
    links = sum(article_links(n) for n in nodes)
    return links >= 2 and links * 2 >= found


def _same_kind_elsewhere(
    tree: HtmlElement, members: list[HtmlElement], taken: Sequence[HtmlElement]
) -> tuple[list[HtmlElement], list[HtmlElement]]:
    """The group's blocks plus blocks of the same tag and classes elsewhere on the page (a "hot"
    list before the latest), in document order, and the parents of those others."""
    classes = members[0].get("class")
    if not classes:
        return members, []
    claimed = set(taken)
    chosen = set(members)
    extra = [
        el for el in tree.iter(members[0].tag)
        if el not in chosen and el.get("class") == classes and not _inside(el, claimed) and not _in_sidebar(el)
        and not any(a in chosen for a in el.iterancestors()) and not any(m in el.iterancestors() for m in members)
    ]
    if not extra:
        return members, []
    order = {el: i for i, el in enumerate(tree.iter())}
    parents = list(dict.fromkeys(el.getparent() for el in extra if el.getparent() is not None))
    return sorted([*members, *extra], key=order.__getitem__), parents


def _from_selected(
    tree: HtmlElement, matched: list[HtmlElement], zone: tzinfo, fetched_at: datetime | None, context: datetime | None
) -> CommentSection:
    """Elements a site's selectors picked: the comment items themselves when several share a
    parent or sit inside one another, else the sections holding them."""
    chosen = set(matched)
    outermost = [m for m in matched if not any(a in chosen for a in m.iterancestors())]
    parents = [m.getparent() for m in matched]
    if len(matched) >= 2 and (len(outermost) < len(matched) or len(set(parents)) < len(parents)):
        order = {el: i for i, el in enumerate(tree.iter())}
        items = sorted(matched, key=order.__getitem__)
        return CommentSection(_split_items(items, zone, fetched_at, context), tuple(outermost), "selector")
    comments = [c for container in outermost for c in _from_container(container, zone, fetched_at, context)]
    return CommentSection(_renumber(comments), tuple(outermost), "selector")


def _from_container(
    container: HtmlElement, zone: tzinfo, fetched_at: datetime | None, context: datetime | None
) -> list[ExtractedComment]:
    items = _items(container)
    if items:
        return list(_split_items(items, zone, fetched_at, context))
    return list(split_comment_lines(text_lines(container), zone, fetched_at=fetched_at, context=context))


_HEADER_WORD = re.compile(r"comment|discuss|contribute|评论|評論|跟贴|跟帖|留言", re.I)


def _is_comment(c: ExtractedComment) -> bool:
    """Not a form label, an empty-state line, a share bar or a button repeated as its own text."""
    if NOT_COMMENT.match(c.text) or (c.author and NOT_COMMENT.match(c.author)):
        return False
    return c.author != c.text


def _renumber(comments: Sequence[ExtractedComment]) -> tuple[ExtractedComment, ...]:
    """Concatenate comments from several sections (each numbered from 0) into one numbering."""
    out: list[ExtractedComment] = []
    seen: dict[tuple[str | None, str, datetime | None], int] = {}
    moved: dict[int, int] = {}
    block_start = 0
    for index, c in enumerate(comments):
        if c.position == 0:
            block_start = index
        parent = moved.get(c.reply_to + block_start) if c.reply_to is not None else None
        if not _is_comment(c):
            continue
        if c.author and _HEADER_WORD.search(c.author):
            c = replace(c, author=None)   # the section's header ("Reader Comments (1)") read as a name
        key = (c.author, c.text, c.posted_at)
        if key in seen:   # the same comment in a "hot" list and among the latest: one record
            moved[index] = seen[key]
            continue
        moved[index] = seen[key] = len(out)
        out.append(replace(c, reply_to=parent, position=len(out)))
    return tuple(out)
