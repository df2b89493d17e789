"""Comment sections with no block of their own per comment: sibling blocks where a signature line
repeats (``Posted by: X | DATE`` under each text, or ``Posted by: X on DATE`` over it).

Old blog and newspaper templates write a comment as a text block and a signature block side by
side, both children of one parent, with nothing wrapping the pair: no class or container says
"comment", and the blocks of one kind hold only half a comment each. What they share is the
signature line, the same block again and again. Two such blocks under one parent make a section:
the run of siblings from the first comment to the last, read as plain lines (archive.extract.
comments.lines.split_signed_lines splits them at the signatures). A lone signature is an
article's byline, not a section.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC

from lxml import etree
from lxml.html import HtmlElement

from archive.extract.comments.lines import is_element, parse_signature

__all__ = ["signed_runs", "visible"]

# the start of a signature line: the parse itself (name, then a date or a clock) is lines.parse_signature
_SIGNATURE_START = re.compile(r"^\s*+(?:(?:Posted|Comment(?:ed)?|Written|Submitted|Added)\s++(?:by|on|at)|By)\b", re.I)
_TEXTS = etree.XPath("//text()")
_INLINE = ("a", "span", "b", "strong", "em", "i", "font", "small", "cite", "u")
_HIDDEN = re.compile(r"display\s*:\s*none", re.I)
_REACH = 40   # blocks looked back for the heading over the first comment
_LONGEST = 160   # characters of a signature block: a name and a date, not a paragraph


def _signature_block(text: etree._ElementUnicodeResult) -> HtmlElement | None:
    """The block a signature's first text sits in, if the signature is all that block holds."""
    el = text.getparent()
    if el is None:
        return None
    if text.is_tail:
        el = el.getparent()
    while el is not None and el.tag in _INLINE and el.getparent() is not None:
        el = el.getparent()
    if el is None or not is_element(el):
        return None
    whole = " ".join("".join(el.itertext()).split())
    if len(whole) > _LONGEST or not _SIGNATURE_START.match(whole):
        return None
    # a name and a date or a clock: "by Evangelos Mbeksis" over a chapter is no signature
    return el if parse_signature(whole, UTC, None, None) is not None else None


def _kind(el: HtmlElement) -> tuple[str, str]:
    return el.tag, " ".join(sorted((el.get("class") or "").split()))


def _matching(ours: Sequence[HtmlElement], model: Sequence[HtmlElement]) -> int:
    """How many of ``ours`` are, position by position, the same kind of block as ``model``."""
    n = 0
    for a, b in zip(ours, model, strict=False):
        if _kind(a) != _kind(b):
            break
        n += 1
    return n


def signed_runs(tree: HtmlElement, skip: Sequence[HtmlElement] = ()) -> list[list[HtmlElement]]:
    """Runs of sibling blocks holding two or more signature blocks of one kind, each run from its
    first comment's first block to its last comment's last block, in document order. The period
    between two signatures (the blocks of one comment) decides how far the run reaches before the
    first signature (signatures under their texts) or after the last one (over them).
    ``skip``: subtrees already taken."""
    skipped = set(skip)
    groups: dict[tuple[HtmlElement, str, str], list[HtmlElement]] = {}
    for text in _TEXTS(tree):
        if not _SIGNATURE_START.match(text[:40]):
            continue
        block = _signature_block(text)
        parent = block.getparent() if block is not None else None
        if block is None or parent is None:
            continue
        members = groups.setdefault((parent, *_kind(block)), [])
        if block not in members:
            members.append(block)
    runs: list[list[HtmlElement]] = []
    for (parent, _tag, _classes), marks in groups.items():
        if len(marks) < 2 or parent in skipped or any(a in skipped for a in parent.iterancestors()):
            continue
        siblings = [c for c in parent if is_element(c)]
        for at in _between_headings(siblings, [siblings.index(m) for m in marks]):
            if (run := _run(siblings, at)) is not None:
                runs.append(run)
                skipped.add(parent)
    return runs


def _between_headings(siblings: Sequence[HtmlElement], at: list[int]) -> list[list[int]]:
    """The signatures' positions cut where a heading stands between two of them: the article's own
    byline ("Posted by Kathy on April 6") comes before the "Comments" heading, its comments after."""
    groups: list[list[int]] = [[at[0]]]
    for before, after in zip(at, at[1:], strict=False):
        if any(_HEADING(el) for el in siblings[before + 1: after]):
            groups.append([])
        groups[-1].append(after)
    return [g for g in groups if len(g) >= 2]


_HEADING = etree.XPath("boolean(self::h1 | self::h2 | self::h3 | self::h4 | descendant::h1 | descendant::h2 | descendant::h3 | descendant::h4)")


def _run(siblings: Sequence[HtmlElement], at: list[int]) -> list[HtmlElement] | None:
    """The blocks of the comments signed at positions ``at`` (see signed_runs), or None."""
    period = at[1] - at[0]
    if period < 2:
        return None   # signatures one after another, no text between them
    between = siblings[at[0] + 1: at[1]]
    after = siblings[at[-1] + 1: at[-1] + period]
    if _matching(after, between) == len(between):   # the last signature has its text after it: they open
        run = list(siblings[at[0]: at[-1] + period])
    else:   # they close their texts: the first text reaches back to the heading over the comments
        start = next((i + 1 for i in range(at[0] - 1, max(-1, at[0] - _REACH), -1) if _HEADING(siblings[i])), None)
        if start is None:   # no heading near: as many blocks as the other comments have
            before = siblings[max(0, at[0] - period + 1): at[0]]
            start = at[0] - _matching(before[::-1], siblings[at[1] - 1: at[0]: -1])
        run = list(siblings[start: at[-1] + 1])
    if any(el.tag == "h1" or el.find(".//h1") is not None for el in run):
        return None   # the article's own blocks
    return run


def visible(run: Sequence[HtmlElement]) -> list[HtmlElement]:
    """The blocks of a run a reader sees: a hidden copy of each text (kept for a "Quote" button)
    is left out."""
    return [el for el in run if not _HIDDEN.search(el.get("style") or "")]
