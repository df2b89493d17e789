"""Reader comments: find the comment section of a server-rendered page and split it into records.

Five ways in, tried in order:
1. site-configured selectors (``comment_selectors``) - they override the heuristics;
2. markup: ``itemtype=…/Comment`` microdata, WordPress ``ol.commentlist li.comment``, Disqus-like
   ``li.post``, and any container whose class/id says comment/评论/pinglun/cmt/discuss, split into
   its repeated item blocks (archive.extract.comments.items; replies from nesting);
3. signatures (archive.extract.comments.flat): sibling blocks where a ``Posted by: X | DATE`` line
   repeats, texts between them and no block per comment; rules (archive.extract.comments.ruled):
   ``<b>Name</b><br>text<hr>`` repeated under a comment header, wrapped one ``<div>`` per comment;
4. shape (archive.extract.comments.shapes): sibling blocks of one kind, each with a name, a text
   and a time, whatever their classes; blocks of the same kind elsewhere (a "hot" list) join them;
5. text: a comment header (``网友评论``, ``评论列表``, ``Comments (0)``, ``<h2 id="comments">``)
   followed by plain lines - a name line, then the comment line (``回复 MM-DD HH:MM`` on a name
   line marks a reply), or the comment's text, then a signature line (``Posted by: X at DATE``).

``回复 X：`` / ``Reply to X:`` at the start of a comment links it to X's latest earlier comment.
Blocks with an author of their own inside a comment are replies (after its text) or quotes (before
it). Not comments (archive.extract.comments.records): empty-state text, form labels, share bars;
nor blocks that each link to another article (rankings, other pages' comments); a comment listed
twice (hot and latest) is kept once.
Masked names (``用户15xxx19``) and emoji codes (``[点赞]``) are kept as written. A block named like a
sidebar or widget is site furniture unless it also holds the article (a layout wrapper).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from cssselect import SelectorError
from lxml import etree
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

from archive.errors import ConfigError
from archive.extract.comments.flat import signed_runs, visible
from archive.extract.comments.items import class_words, item_blocks, short_text, split_items
from archive.extract.comments.lines import (
    HEADER_LINE,
    UI_LINE,
    ExtractedComment,
    is_element,
    signed_layout,
    split_comment_lines,
    split_signed_lines,
    text_lines,
)
from archive.extract.comments.records import is_comment, note_about_commenting, numbered, renumber, signed
from archive.extract.comments.ruled import ruled_runs
from archive.extract.comments.shapes import (
    NOT_COMMENT,
    article_links,
    link_share,
    plain_line_runs,
    shaped_groups,
)

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
    r"recent[-_]?comments|recentcomments|latest[-_]?comments|most[-_]?(?:commented|discussed)|widget",
    re.I,
)
# site-wide furniture: a "recent comments" list there belongs to other pages
_SIDEBAR = re.compile(r"(?:^|[\s_-])(sidebar|side|aside|widget|widget-area|secondary|nav)(?:$|[\s_-])", re.I)


# what an ancestor holding the article itself has: the headline, a post's or story's body
_HOLDS_ARTICLE = etree.XPath(
    "boolean(descendant::h1 | descendant::*[@itemprop='articleBody' or contains(@class, 'hentry')"
    " or contains(@class, 'post-body') or contains(@class, 'entry-content')])"
)


def _in_sidebar(el: HtmlElement) -> bool:
    """Inside an ``aside``/``nav`` or a block named like a sidebar or widget, unless that block also
    holds the article: a layout wrapper (``content-sidebar-wrap``, ``<body class="right-sidebar">``,
    Blogger's ``<div class="widget Blog">`` around the posts) is not a sidebar, nor is a widget named
    as the comment thread itself (``widget_disquswidget``)."""
    for a in el.iterancestors():
        if not is_element(a) or a.tag in ("body", "html"):
            continue
        if a.tag in ("aside", "nav"):
            return True
        words = class_words(a)
        if _SIDEBAR.search(words) and not _HOLDS_ARTICLE(a) and not _COMMENTS_WIDGET.search(words):
            return True
    return False


# a widget that is this page's comment thread ("widget_disquswidget"), not a list of recent ones
_COMMENTS_WIDGET = re.compile(r"^(?!.*(?:recent|latest|popular|most|top)).*(?:comment|disqus)", re.I)


# What a comment header's first text holds: the Chinese words and digits, which have no case, are
# looked for without re.I (twice as fast); only the English words need it.
_HEADER_HINT = re.compile(r"评论|評論|留言|跟贴|跟貼|跟帖|\d")
_HEADER_HINT_EN = re.compile(r"comment|respons|repl|discussion|thought", re.I)

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


# _CONTAINER_WORD for a lower-cased ASCII value: the same matches (an ASCII value holds none of
# the non-ASCII letters re.I also folds, like the long s), at less than half the cost of re.I on
# the hundreds of class and id values of a page.
_CONTAINER_WORD_LOWER = re.compile(_CONTAINER_WORD.pattern)


def _names_comments(value: str) -> bool:
    if value.isascii():
        return _CONTAINER_WORD_LOWER.search(value.lower()) is not None
    return _CONTAINER_WORD.search(value) is not None


def _named_like_comments(tree: HtmlElement) -> list[HtmlElement]:
    """Elements whose class/id (or microdata type) mention comments, in document order, once each."""
    seen: set[HtmlElement] = set()
    out: list[HtmlElement] = []
    for value in _NAMING_ATTRIBUTES(tree):
        if _names_comments(value) or ("omment" in value and value.startswith("http")):
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
        tokens = class_words(el)
        microdata = "comment" in (el.get("itemtype") or "").lower()
        if not microdata and (not _CONTAINER_WORD.search(tokens) or _NOT_CONTAINER_WORD.search(tokens)):
            continue
        if _inside(el, claimed) or el.find(".//h1") is not None or _in_sidebar(el) or _post_meta(el):
            continue
        if microdata:
            el = el.getparent() if el.getparent() is not None else el
            if _inside(el, claimed):
                continue
        found.append(el)
        claimed.add(el)
    return found



# a post's own meta line: its categories or tags, beside a link to its comment count
_META_LINE = re.compile(r"Filed under|Posted in|Categor(?:y|ies)\s*+:|Tagged|Tags\s*+:", re.I)
_COUNT_LINK = re.compile(r"^\s*+(?:\d++|No|One)\s++(?:Comments?|Responses?)\s*+$", re.I)


def _post_meta(el: HtmlElement) -> bool:
    """A block named like comments that is the post's meta line (``class="Comment"`` holding
    "Published on DATE - 4 Comments / Filed under: X"): it links to the post's comment count and
    names its categories near its start, where a thread holds readers' texts."""
    parts: list[str] = []
    for piece in el.itertext():   # the first 300 characters, without reading a whole thread
        parts.append(piece)
        if sum(len(p) for p in parts) >= 300:
            break
    head = "".join(parts)[:300]
    if not _META_LINE.search(head):
        return False
    return any(_COUNT_LINK.match("".join(a.itertext())) for a in el.iter("a"))


def _sibling_items(containers: Sequence[HtmlElement]) -> list[list[HtmlElement]]:
    """Containers that are siblings of one kind (same parent, tag and classes): each is one comment
    (``<div class="comment">`` side by side with no list around them), not a section of its own."""
    kinds: dict[tuple[HtmlElement | None, str, str], list[HtmlElement]] = {}
    for el in containers:
        if el.get("class"):   # named by their class: ids differ from block to block
            kinds.setdefault((el.getparent(), el.tag, el.get("class") or ""), []).append(el)
    return [members for members in kinds.values() if len(members) >= 2 and _side_by_side(members)]


def _side_by_side(members: Sequence[HtmlElement]) -> bool:
    """Whether sibling blocks follow one another with at most a short line (a signature, an anchor)
    between each two: a byline's comment count at the head and the foot of a story is no list."""
    for a, b in itertools.pairwise(members):
        between = 0
        for sib in a.itersiblings():
            if sib is b:
                break
            between += len("".join(sib.itertext()).strip()) if is_element(sib) else 0
            if between > 200:
                return False
    return True


def _inside(el: HtmlElement, claimed: set[HtmlElement]) -> bool:
    return el in claimed or any(a in claimed for a in el.iterancestors())


def _header_sections(tree: HtmlElement, taken: Sequence[HtmlElement]) -> list[list[HtmlElement]]:
    """A comment header element plus the siblings that follow it (the text-only layout)."""
    sections: list[list[HtmlElement]] = []
    claimed: set[HtmlElement] = set(taken)
    for el in tree.iter("h2", "h3", "h4", "h5", "h6", "div", "p", "span", "strong", "b", "dt", "section", "header"):
        # the header's first words, also after an empty anchor (<h2><a id="comments"></a>Comments</h2>)
        first = (el.text or "").strip() or ((el[0].text or "").strip() or (el[0].tail or "").strip() if len(el) else "")
        if not first or not (_HEADER_HINT.search(first) or _HEADER_HINT_EN.search(first)):
            continue
        own = short_text(el, 40)
        if not own or not HEADER_LINE.match(own) or _inside(el, claimed) or _in_sidebar(el):
            continue
        if el.tag == "a" or any(a.tag == "a" for a in el.iterancestors()) or any(
            "".join(a.itertext()).strip() == own for a in el.iter("a")
        ):
            continue   # a link to the comments ("评论 48"), not the section's header
        nodes = [el]
        anchor = el
        while anchor.getparent() is not None and anchor.getparent().tag not in ("body", "html") and short_text(anchor.getparent(), 40) == own:
            anchor = anchor.getparent()
        if anchor.tag in ("span", "strong", "b"):
            continue   # an inline header must be alone in its block
        for sib in anchor.itersiblings():
            if not is_element(sib) or sib in claimed:
                continue
            if sib.tag in ("footer", "nav", "aside") or re.search(r"foot|copyright|related|recommend", class_words(sib), re.I):
                break
            if sib.tag in ("h1", "h2", "h3") and not HEADER_LINE.match("".join(sib.itertext()).strip()):
                break
            nodes.append(sib)
        if anchor is not el:
            nodes[0] = anchor
        claimed.update(nodes)
        sections.append(nodes)
    return sections


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
    productive: list[HtmlElement] = []   # the containers comments came from
    method = "none"
    page_chars: int | None = None
    for items in _sibling_items(containers):
        found = [c for c in split_items(items, zone, fetched_at, context) if is_comment(c)]
        if found and sum(1 for c in found if c.author) * 2 >= len(found):
            nodes.extend(items)
            productive.extend(items)
            comments.extend(found)
            method = "markup"
            containers = [c for c in containers if c not in items]
    for container in containers:
        found = [c for c in _from_container(container, zone, fetched_at, context) if is_comment(c)]
        if len(found) == 1 and not signed(found[0]) and not numbered(found[0]) and _FIELDS(container):
            found = []   # a lone unsigned text beside form fields: the form's note or last label
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
        if found:
            productive.append(container)
        comments.extend(found)
        method = "markup" if found else ("empty" if method == "none" else method)
    if method == "markup":
        return _section(tree, comments, nodes, method)
    # signatures repeated among siblings; blocks named like comments but found empty may be their texts
    for run in signed_runs(tree, productive):
        lines = [ln for n in visible(run) for ln in text_lines(n)]
        if not signed_layout(lines, zone, fetched_at, context):
            continue
        found = list(split_signed_lines(lines, zone, fetched_at=fetched_at, context=context))
        if found:
            nodes.extend(run)
            comments.extend(found)
            method = "text"
    # comments set apart by <hr> rules, with no element of their own: wrapped, then taken
    ruled, held = ruled_runs(tree, nodes)
    if ruled:
        nodes.extend(held)
        comments.extend(ruled)
        method = "text"
    for parent, members in shaped_groups(tree, nodes):
        items, parents = _same_kind_elsewhere(tree, members, nodes)
        found = list(split_items(items, zone, fetched_at, context))
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
    # a heading named like comments (<h2 id="comments">) is a header: the lines after it are read
    for section in _header_sections(tree, [n for n in nodes if n.tag not in ("h2", "h3", "h4", "h5", "h6")]):
        # the header, then its siblings less forms and link lists (promotions, rankings) that follow
        section = section[:1] + [
            n for n in section[1:] if not _is_form(n) and article_links(n) < 2 and link_share(n) <= 0.5
        ]
        lines = [ln for n in section for ln in text_lines(n)]
        found = _split_lines(lines, zone, fetched_at, context)
        found = [c for c in found if not NOT_COMMENT.match(c.text) and not NOT_COMMENT.match(c.author or "")]
        if found and (_about_other_pages_nodes(section, len(found))):
            continue
        nodes.extend(section)
        comments.extend(found)
        method = ("text" if method in ("none", "empty") else method) if found else ("empty" if method == "none" else method)
    return _section(tree, comments, nodes, method)


def _section(tree: HtmlElement, comments: Sequence[ExtractedComment], nodes: Sequence[HtmlElement], method: str) -> CommentSection:
    """The section found: comments from several sections numbered as one list. Entries that nobody
    signs (no name, no time on any) and that hold more text than the page's paragraphs outside them
    are the page's own content - a live blog's updates, a match report's minutes, a review's parts -
    not reader comments: nothing is taken out of the page then."""
    records = renumber(comments)
    if len(records) == 1 and note_about_commenting(records[0]):
        return CommentSection((), tuple(nodes), "empty")
    if records and not any(c.author or c.posted_at for c in records):
        said = sum(len(c.text) for c in records)
        if said > _text_outside(tree, nodes):
            return CommentSection((), (), "none")
    return CommentSection(records, tuple(nodes), method)


_PARAGRAPHS = etree.XPath("//p")


def _text_outside(tree: HtmlElement, nodes: Sequence[HtmlElement]) -> int:
    """Characters of the page's paragraphs outside ``nodes`` (the article's text, roughly)."""
    taken = set(nodes)
    return sum(
        len("".join(p.itertext()).strip()) for p in _PARAGRAPHS(tree)
        if p not in taken and not any(a in taken for a in p.iterancestors())
    )


_FIELDS = etree.XPath("boolean(.//textarea | .//input[not(@type) or @type='text' or @type='email' or @type='password'])")


def _is_form(el: HtmlElement) -> bool:
    """A comment form: a form, or a block holding an input or a text area."""
    return el.tag == "form" or any(True for _ in el.iter("form", "textarea", "input"))


def _about_other_pages(container: HtmlElement, found: int) -> bool:
    """A named section whose every comment links to another article."""
    return article_links(container) >= max(3, found)


def _about_other_pages_nodes(nodes: Sequence[HtmlElement], found: int) -> bool:
    """Comment-like blocks each linking to another article: a list of other pages' comments (or a
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
        return CommentSection(split_items(items, zone, fetched_at, context), tuple(outermost), "selector")
    comments = [c for container in outermost for c in _from_container(container, zone, fetched_at, context)]
    return CommentSection(renumber(comments), tuple(outermost), "selector")


def _from_container(
    container: HtmlElement, zone: tzinfo, fetched_at: datetime | None, context: datetime | None
) -> list[ExtractedComment]:
    items = item_blocks(container)
    if items:
        return list(split_items(items, zone, fetched_at, context))
    return _split_lines(text_lines(container), zone, fetched_at, context)


def _split_lines(
    lines: list[str], zone: tzinfo, fetched_at: datetime | None, context: datetime | None
) -> list[ExtractedComment]:
    """Plain lines as comments: texts closed by signature lines, else name lines then texts."""
    if signed_layout(lines, zone, fetched_at, context):
        return list(split_signed_lines(lines, zone, fetched_at=fetched_at, context=context))
    return list(split_comment_lines(lines, zone, fetched_at=fetched_at, context=context))
