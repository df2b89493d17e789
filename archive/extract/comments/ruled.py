"""Comment runs set apart by horizontal rules, with no element per comment:
``<b>Name</b><br>text<br><br><hr><b>Name</b><br>text<hr>…`` straight inside the story's own column.

Old newspaper templates write each comment as a bold name line, a line break and the text, and put
a ``<hr>`` between two comments; nothing wraps a comment, so the text lives in the tails of the
``<br>`` elements and no element can be taken out of the body for it. The rule between comments is
what repeats: the parent's children are cut at their ``<hr>`` children into segments, and a
segment is a comment when it opens with a short bold name followed by a line break and some text.
Three such segments in a row, under a comment header (``Comments are now closed for this story``,
an ``<a name="comments">`` anchor), make a section. Each comment's nodes are then wrapped in a
``<div>`` of its own (the text is not changed), so that the section can leave the body whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree
from lxml.html import HtmlElement

from archive.extract.comments.lines import (
    ExtractedComment,
    RawComment,
    clean_name,
    is_element,
    link_replies,
    looks_like_name,
    text_lines,
)

__all__ = ["ruled_runs"]

_RULED_PARENTS = etree.XPath("//*[hr[3]]")   # elements with three <hr> children or more
_NAME_TAGS = ("b", "strong")
_FEWEST = 3   # comments in a run: two bold lines between rules are any page's layout
# what stands over a comment section: its header's words, or the name of the anchor before it
_COMMENT_WORD = re.compile(r"comment|talkback|have your say|your views|reader|discuss|评论|評論|留言|跟贴|跟帖", re.I)


def _segments(parent: HtmlElement) -> list[tuple[HtmlElement | None, list[HtmlElement]]]:
    """The parent's children cut at its ``<hr>`` children: (the rule before, the children after it)."""
    out: list[tuple[HtmlElement | None, list[HtmlElement]]] = [(None, [])]
    for child in parent:
        if is_element(child) and child.tag == "hr":
            out.append((child, []))
        else:
            out[-1][1].append(child)
    return out


def _said(nodes: Sequence[HtmlElement], lead: str | None) -> str:
    """The text of ``nodes`` with their tails, and ``lead`` (the text before the first one)."""
    parts = [lead or ""]
    for node in nodes:
        if is_element(node):
            parts.append("".join(node.itertext()))
        parts.append(node.tail or "")
    return " ".join("".join(parts).split())


def _opening(rule: HtmlElement | None, nodes: list[HtmlElement]) -> int | None:
    """Where the comment starts in a segment: the first bold name followed by a line break and
    some text, with nothing said before it but a comment header; None when the segment is none."""
    lead = rule.tail if rule is not None else None
    for at, node in enumerate(nodes):
        if not is_element(node) or node.tag not in _NAME_TAGS:
            continue
        name = " ".join("".join(node.itertext()).split())
        after = node.getnext()
        before = _said(nodes[:at], lead)
        if before and not _COMMENT_WORD.search(before):
            return None   # the segment says something before its first name: not a comment
        if not name or len(name) > 40 or not looks_like_name(name) or (node.tail or "").strip():
            continue
        if after is None or after.tag != "br" or not _said(nodes[at + 1:], None):
            continue
        return at
    return None


def _headed(segments: list[tuple[HtmlElement | None, list[HtmlElement]]], first: int, at: int) -> bool:
    """Whether a comment header stands over the run: in its first segment before the first name,
    or in the segment before it (its text, or an anchor's name)."""
    rule, nodes = segments[first]
    over = _said(nodes[:at], rule.tail if rule is not None else None)
    anchors = [n.get("name") or n.get("id") or "" for n in nodes[:at] if is_element(n)]
    if first > 0:
        prev_rule, prev = segments[first - 1]
        over += " " + _said(prev, prev_rule.tail if prev_rule is not None else None)[-200:]
        anchors += [n.get("name") or n.get("id") or "" for n in prev if is_element(n)]
    return bool(_COMMENT_WORD.search(over) or any(_COMMENT_WORD.search(a) for a in anchors))


def _wrap(parent: HtmlElement, nodes: list[HtmlElement]) -> HtmlElement:
    """Move ``nodes`` (siblings in order, their tails with them) into a new ``<div>`` at their place."""
    div = parent.makeelement("div", {})
    parent.insert(parent.index(nodes[0]), div)
    for node in nodes:
        div.append(node)
    return div


def ruled_runs(tree: HtmlElement, skip: Sequence[HtmlElement] = ()) -> tuple[list[ExtractedComment], list[HtmlElement]]:
    """The comments of every ruled run on the page (see the module docstring) and the ``<div>``
    elements now holding them (and the header over the first one). ``skip``: subtrees already
    taken. The tree is changed only where a run is found."""
    skipped = set(skip)
    comments: list[ExtractedComment] = []
    nodes: list[HtmlElement] = []
    for parent in _RULED_PARENTS(tree):
        if parent in skipped or any(a in skipped for a in parent.iterancestors()):
            continue
        segments = _segments(parent)
        openings = [_opening(rule, kids) for rule, kids in segments]
        i = 0
        while i < len(segments):
            j = i
            while j < len(segments) and openings[j] is not None:
                j += 1
            if j - i >= _FEWEST and _headed(segments, i, openings[i] or 0):
                found, held = _take(parent, segments[i:j], openings[i:j])
                comments.extend(found)
                nodes.extend(held)
            i = max(j, i + 1)
    return comments, nodes


def _take(
    parent: HtmlElement, run: list[tuple[HtmlElement | None, list[HtmlElement]]], openings: list[int | None]
) -> tuple[list[ExtractedComment], list[HtmlElement]]:
    """Wrap each comment of a run (and the header over the first) and read its name and text."""
    raw: list[RawComment] = []
    held: list[HtmlElement] = []
    for (rule, kids), at in zip(run, openings, strict=True):
        at = at or 0
        if at:   # the header over the first comment leaves the body with it
            header = _wrap(parent, kids[:at])
            if rule is not None and (rule.tail or "").strip():
                header.text, rule.tail = rule.tail, None
            held.append(header)
        name_el = kids[at]
        record = _wrap(parent, kids[at:])
        held.append(record)
        lines = text_lines(record, frozenset({name_el}))
        raw.append((clean_name("".join(name_el.itertext())), "\n".join(lines), None, None, None, None))
    return list(link_replies(raw)), held
