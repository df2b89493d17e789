"""Paragraphs an article repeats on purpose, put back where the body lost them.

An interview puts the same question to several people, a live report repeats its standing line,
a list of answers repeats a label: the page shows the line once for each time the author wrote
it, and so must the body. trafilatura drops an element whose text it has already taken in two
places (the pass that recovers "wild" paragraphs when its main pass found little, and a pass
dropping a long paragraph that repeats the one before it), so a short interview comes out with
its question once.

:func:`paragraph_runs` reads, before extraction, each group of sibling paragraphs
(``<p>``/``<li>`` children of one element) in which some text occurs more than once.
:func:`restore_repeats` then puts the repeats back into the extracted body: where the body
holds the group's texts as one unbroken stretch, in the group's order, each text as often as the
group has it or fewer, the stretch becomes the group's sequence as written. Nothing else is
touched: a body never loses a paragraph here, and lines the page does not repeat stay single.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from lxml.html import HtmlElement

__all__ = ["paragraph_runs", "restore_repeats"]


def _key(text: str) -> str:
    return "".join(text.split())


def paragraph_runs(tree: HtmlElement) -> list[list[str]]:
    """The page's groups of sibling paragraphs that repeat a text, each as its texts' keys (the
    text without whitespace) in document order. Empty paragraphs are left out."""
    groups: dict[HtmlElement, list[str]] = {}
    for el in tree.iter("p", "li"):
        parent = el.getparent()
        if parent is None:
            continue
        key = _key(el.text_content())
        if key:
            groups.setdefault(parent, []).append(key)
    return [keys for keys in groups.values() if len(keys) > len(set(keys))]


def restore_repeats(paragraphs: Sequence[str], runs: Sequence[Sequence[str]]) -> list[str]:
    """``paragraphs`` with each run's repeats put back (see the module's docstring)."""
    body = list(paragraphs)
    for run in runs:
        body = _restore_run(body, run)
    return body


def _restore_run(body: list[str], run: Sequence[str]) -> list[str]:
    keys = [_key(p) for p in body]
    present = set(keys)
    shown = [k for k in run if k in present]   # the run, as far as the body holds it
    if len(set(shown)) < 2 or len(shown) <= sum(1 for k in keys if k in set(shown)):
        return body   # the run is not the body's, or nothing of it was lost
    members = set(shown)
    start = keys.index(shown[0])
    end = start
    while end < len(keys) and keys[end] in members:
        end += 1
    stretch = keys[start:end]
    written = Counter(shown)
    if any(n > written[k] for k, n in Counter(stretch).items()) or not _in_order(stretch, shown):
        return body   # the body holds the run's texts in another shape: leave it as it is
    if set(stretch) != members:
        return body
    by_key = {k: p for k, p in zip(keys[start:end], body[start:end], strict=True)}
    return body[:start] + [by_key[k] for k in shown] + body[end:]


def _in_order(stretch: Sequence[str], written: Sequence[str]) -> bool:
    """``stretch`` is ``written`` with some of its items left out (a subsequence of it)."""
    it = iter(written)
    return all(any(k == w for w in it) for k in stretch)
