"""Block structure repairs made to the parsed page before the body is chosen.

trafilatura reads a content block child by child: text standing bare in the block, outside any
child element, is not read. Chinese portals often put the lead paragraph just so, at the top of
the article's ``<div>`` before the first ``<p>`` (``<div id="zoom">新华社北京电 …<p>…</p>``), or
after an image or a sub-heading. :func:`wrap_loose_text` gives such text a ``<p>`` of its own, as
readability does when it turns a ``<div>`` of inline content into a paragraph.

Related-story lists (``相关阅读``, ``延伸阅读``, "Related stories", "Lesen Sie auch", "Lea también")
are found by what they are, not by a site's class names: a short label followed by blocks of links
to other stories, with or without a line of summary under each. :func:`drop_related_lists` removes
the label and its list.

Some templates lay the page out with a list: the article column is one ``<li>`` of a ``<ul>``
(``<ul class="two-coloum"><li class="left">…headline, byline, paragraphs…</li>``). trafilatura
reads a list item as one line of a list, and the whole story came out as one bulleted line with
its byline, editor line and "more by the editor" list glued in. :func:`unwrap_layout_lists` turns
such lists into plain blocks, as ``<table>`` layouts are turned into blocks.

trafilatura reads the text of a ``<div>`` only on a page whose ``<p>`` elements hold little text.
A post written partly in ``<p>`` (or in loose text made ``<p>`` here) and partly in ``<div>``
paragraphs lost the latter; :func:`paragraph_divs` makes a ``<p>`` of each ``<div>`` of text that
stands among paragraphs, or in a run of such ``<div>``s (a story written wholly in ``<div>``s lost
out to a sidebar's ``<p>``s as soon as any ``<p>`` text on the page was long enough).
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

__all__ = ["drop_link_lists", "drop_related_lists", "paragraph_divs", "unwrap_layout_lists", "wrap_loose_text"]

#: Elements that flow inside a line; any other element starts a block of its own.
INLINE = frozenset(
    "a abbr b bdi bdo big cite code data del dfn em font i img ins kbd mark q s samp small span strike"
    " strong sub sup time tt u var wbr br".split()
)
#: Elements that show nothing: metadata (``<span itemscope><meta itemprop="name">Wort</span>``),
#: scripts, styles, form fields kept hidden. They neither start nor end a run of text, and their
#: content is not the run's text: a ``<meta>`` inside a sentence does not split it in two.
INVISIBLE = frozenset("meta link script style noscript template input".split())
# Containers whose children are read one by one (text straight inside a <p> or <li> is read).
_CONTAINERS = ("div", "article", "section", "main", "td", "center", "blockquote", "font", "span")
#: A run of bare text shorter than this (in characters, spaces excluded) is left as it is:
#: a separator, a label, a stray "|".
MIN_LOOSE_CHARS = 10
#: A run with more of its text inside links than this share is navigation, not a paragraph.
MAX_LINKED_SHARE = 0.5


def _text_size(text: str | None) -> int:
    return len("".join(text.split())) if text else 0


def _is_block(el: HtmlElement) -> bool:
    return isinstance(el.tag, str) and el.tag not in INLINE and el.tag not in INVISIBLE


def wrap_loose_text(tree: HtmlElement) -> None:
    """Put each run of bare text and inline elements that stands between the blocks of a
    container (before its first block child, between two, after the last) into a new ``<p>``,
    when the run holds at least :data:`MIN_LOOSE_CHARS` characters and is not mostly links.
    ``<br><br>`` inside a run ends a paragraph. Containers without a block child are left as
    they are (trafilatura reads them whole)."""
    for container in [el for el in tree.iter(*_CONTAINERS) if any(_is_block(child) for child in el)]:
        for anchor, members in _runs(container):
            _wrap_run(container, anchor, members)


def _runs(container: HtmlElement) -> list[tuple[HtmlElement | None, list[HtmlElement]]]:
    """The container's runs of inline content: (the element whose tail starts the run, None at
    the container's start; the inline elements of the run)."""
    runs: list[tuple[HtmlElement | None, list[HtmlElement]]] = []
    anchor: HtmlElement | None = None
    members: list[HtmlElement] = []
    for child in container:
        # "<br><br>" - two line breaks with no text between them - ends a paragraph; a line of
        # text between two <br> (the tail of the first) is the run's next line
        if _is_block(child) or (child.tag == "br" and members and _bare_break(members[-1])):
            if members and _bare_break(members[-1]):
                members.pop()   # a <br> ending the run stays where it is
            runs.append((anchor, members))
            anchor, members = child, []
        else:
            members.append(child)
    runs.append((anchor, members))
    return runs


def _bare_break(el: HtmlElement) -> bool:
    """A ``<br>`` with no text after it (before the next element)."""
    return el.tag == "br" and not _text_size(el.tail)


def _run_sizes(lead: str | None, members: list[HtmlElement]) -> tuple[int, int]:
    """(characters, characters inside links) of a run, spaces excluded."""
    total = _text_size(lead)
    linked = 0
    for el in members:
        size = _text_size(el.text_content()) if el.tag != "br" and el.tag not in INVISIBLE else 0
        total += size + _text_size(el.tail)
        linked += size if el.tag == "a" else sum(_text_size(a.text_content()) for a in el.iter("a"))
    return total, linked


def _wrap_run(container: HtmlElement, anchor: HtmlElement | None, members: list[HtmlElement]) -> None:
    lead = container.text if anchor is None else anchor.tail
    total, linked = _run_sizes(lead, members)
    if total < MIN_LOOSE_CHARS or linked > MAX_LINKED_SHARE * total:
        return
    paragraph = container.makeelement("p", {})
    paragraph.text = lead
    if anchor is None:
        container.text = None
        container.insert(0, paragraph)
    else:
        anchor.tail = None
        anchor.addnext(paragraph)
    for el in members:
        paragraph.append(el)   # moves the element, its tail with it


#: A ``<div>`` among paragraphs holds at least this many characters (spaces excluded) to be
#: read as one: a sentence, not a heading or a label set in a ``<div>``.
MIN_DIV_PARAGRAPH_CHARS = 25


#: This many ``<div>`` paragraphs side by side are a story written in ``<div>``s (``<div
#: class="paragraph">`` after ``<div class="paragraph">``), even with no ``<p>`` beside them,
#: when two of them at least hold a sentence's worth of text (:data:`DIV_SENTENCE_CHARS`): a
#: header's headline, date and byline lines set in ``<div>``s are not a story.
DIV_PARAGRAPH_RUN = 3
DIV_SENTENCE_CHARS = 80


def paragraph_divs(tree: HtmlElement) -> None:
    """Make a ``<p>`` of each ``<div>`` that is written as a paragraph beside real ones: a
    ``<div>`` holding only text and inline elements (at least :data:`MIN_LOOSE_CHARS`
    characters, not mostly links) whose parent also holds a ``<p>`` with text, or one of
    :data:`DIV_PARAGRAPH_RUN` such ``<div>``s or more, two of them sentences. Not a ``<div>``
    shorter than :data:`MIN_DIV_PARAGRAPH_CHARS` (a label, "About the author") nor one holding a
    picture (a figure and its caption).

    trafilatura reads ``<div>`` text only when the page's ``<p>`` elements hold little text, so
    a post whose paragraphs are written partly as ``<p>`` (or as loose text that
    :func:`wrap_loose_text` made ``<p>``) and partly as ``<div>`` (text pasted from a word
    processor, ``<div class="p1">…</div>``) lost every ``<div>`` paragraph. readability makes
    a ``<p>`` of every such ``<div>``; here only those standing among paragraphs."""
    for container in list(tree.iter(*_CONTAINERS)):
        if not any(child.tag == "div" for child in container):
            continue
        # _is_text_paragraph first: it stops at a <div>'s first block, so a page-sized <div> is
        # not read whole
        divs = [
            (child, _text_size(child.text_content())) for child in container
            if child.tag == "div" and _is_text_paragraph(child) and child.find(".//img") is None
        ]
        divs = [(child, size) for child, size in divs if size >= MIN_DIV_PARAGRAPH_CHARS]
        if divs and (_is_div_story(divs) or _has_paragraph_child(container)):
            for child, _ in divs:
                child.tag = "p"


def _is_div_story(divs: list[tuple[HtmlElement, int]]) -> bool:
    """A run of ``<div>`` paragraphs (element, characters) that is a story, not a header."""
    return len(divs) >= DIV_PARAGRAPH_RUN and sum(size >= DIV_SENTENCE_CHARS for _, size in divs) >= 2


def _is_text_paragraph(el: HtmlElement) -> bool:
    """``el`` holds a paragraph's worth of text and nothing else: only text and inline elements,
    at least :data:`MIN_LOOSE_CHARS` characters, not mostly links (a menu cell, a link bar)."""
    if any(_is_block(child) for child in el.iterdescendants()):
        return False
    total, linked = _run_sizes(el.text, list(el))
    return total >= MIN_LOOSE_CHARS and linked <= MAX_LINKED_SHARE * total


def _has_paragraph_child(el: HtmlElement) -> bool:
    return any(child.tag == "p" and _text_size(child.text_content()) for child in el)


# --- related-story lists --------------------------------------------------------------------
_RELATED_LABEL = re.compile(
    r"(相关|相關|延伸|推荐|推薦|扩展|更多)(阅读|閱讀|新闻|新聞|报道|報導|文章|链接|鏈接|推荐|专题)"
    r"|猜你喜欢|热点推荐|热门推荐|你可能(也)?(感兴趣|喜欢)"
    r"|related( (stories|articles|news|posts|links|content|coverage))?|read more|more (stories|news|from [\w .]{1,20})"
    r"|you (may|might) (also )?like|recommended( for you| stories)?"
    r"|more (articles|stories|news|headlines|videos) (in|from|on|about) [\w .&'-]{1,24}|don'?t miss( [\w .]{1,20})?"
    r"|most (popular|read|viewed|emailed|shared|commented)( (stories|articles|news))?|top (stories|headlines)"
    r"|latest (news|stories|headlines)|elsewhere on [\w .]{1,20}|around the web"
    # the same labels on European sites: German, French, Spanish, Portuguese, Italian, Polish
    r"|lesen sie (auch|mehr)( die folgenden beiträge)?|zum weiterlesen|mehr zum thema"
    r"|weitere (artikel|themen|beiträge|nachrichten|meldungen)( zum thema)?|empfohlene (beiträge|artikel)"
    r"|verwandte (artikel|themen|beiträge)|(das|dieses thema) könnte (sie|dich) auch interessieren"
    r"|(à )?lire aussi|voir aussi|sur le même sujet|lire également"
    r"|(lea|lee|vea|ver|leia|veja) (también|además|más|também|mais)|(le|te) puede interesar|puedes ver|mir[ae]"
    r"|(notas|noticias|contenidos?|artículos|not[ií]cias) relacionad[oa]s|leggi anche|articoli correlati"
    r"|(czytaj|zobacz|przeczytaj) (też|także|również|więcej)",
    re.IGNORECASE,
)
_LABEL_PUNCTUATION = " \t\r\n:：>»›|·-—【】[]"
_LABEL_MAX_CHARS = 48
_XML_SPACE = re.compile(r"[ \t\r\n]+")
#: A block counts as a list of story links when its links hold at least this share of its text
#: (each link is a headline; a line of summary under each keeps the share above this).
MIN_TEASER_LINK_SHARE = 0.25


def drop_related_lists(tree: HtmlElement) -> None:
    """Remove each related-story list: a short label naming one (``相关阅读``, ``延伸阅读：``,
    "Related stories") together with the blocks of story links that follow it, and each line
    made of such a label and its links alone (``<p>相关新闻：<a>…</a></p>``, often set between a
    story's paragraphs). The label alone, or a label followed by prose, stays."""
    labels = [el for el in tree.iter() if isinstance(el.tag, str) and el.text and _is_label(el.text)]
    root = tree.getroottree().getroot()
    for label in labels:
        if label.getroottree().getroot() is not root:
            continue   # inside a list removed already
        label_size = _text_size(label.text)
        label = _label_block(label)
        lists = []
        for sibling in label.itersiblings():
            if not isinstance(sibling.tag, str) or not _text_size(sibling.text_content()):
                continue
            if not _is_teaser_block(sibling):
                break
            lists.append(sibling)
        if lists and not _text_size(label.tail):
            for el in (label, *lists):
                el.drop_tree()
        elif not lists and _labels_its_links(label, label_size):
            label.drop_tree()


def _is_label(text: str) -> bool:
    """An element's own text (before its first child) that names a related-story list, at most
    _LABEL_MAX_CHARS characters long once its spaces are collapsed. Read from each element's
    ``.text`` rather than by an XPath over the text nodes: lxml then makes no object per text node."""
    words = text.strip(_LABEL_PUNCTUATION)
    if not words or not _RELATED_LABEL.fullmatch(words):
        return False
    return len(_XML_SPACE.sub(" ", text).strip(" \t\r\n")) <= _LABEL_MAX_CHARS


def _labels_its_links(el: HtmlElement, label_size: int) -> bool:
    """A line that is a label (of ``label_size`` characters) and its story links and nothing else
    (``<p>相关新闻：<a>标题</a></p>``, ``<p><b>Lea también: <a>…</a></b></p>``, two or three links
    in a row): the links of headline length hold at least 0.8 of the text after the label (a label
    followed by a sentence with a link in it is prose)."""
    rest = _text_size(el.text_content()) - label_size
    links = sum(size for size in (_text_size(a.text_content()) for a in el.iter("a")) if size >= 4)
    return rest > 0 and links >= 0.8 * rest


def _label_block(label: HtmlElement) -> HtmlElement:
    """The outermost element holding nothing but the label (``<p><strong>相关阅读：</strong></p>``)."""
    size = _text_size(label.text_content())
    parent = label.getparent()
    while parent is not None and parent.tag not in ("body", "html") and _text_size(parent.text_content()) == size:
        label, parent = parent, parent.getparent()
    return label


def _is_teaser_block(el: HtmlElement) -> bool:
    """A block of links to other stories: two or more links of headline length holding at least
    MIN_TEASER_LINK_SHARE of its text, or a single link standing alone (``<p><a>标题</a></p>``)."""
    total = _text_size(el.text_content())
    links = [size for size in (_text_size(a.text_content()) for a in el.iter("a")) if size >= 4]
    if not links or total > 400 * len(links):
        return False
    if len(links) == 1:
        return links[0] >= 0.8 * total
    return sum(links) >= MIN_TEASER_LINK_SHARE * total


# --- link lists ---------------------------------------------------------------------------------
#: A list whose items are links (a menu, a "link love" or "most read" list of other stories):
#: at least this many items, and each with at least MIN_ITEM_LINK_SHARE of its text in links.
MIN_LINK_LIST_ITEMS = 3
MIN_ITEM_LINK_SHARE = 0.6


def drop_link_lists(tree: HtmlElement) -> None:
    """Remove the ``<ul>``/``<ol>`` lists made of links: menus, lists of other stories. A list
    with an item of prose (less than MIN_ITEM_LINK_SHARE of it linked) stays whole."""
    doomed = []
    for lst in tree.iter("ul", "ol"):
        items = [li for li in lst if li.tag == "li"]
        if len(items) < MIN_LINK_LIST_ITEMS:
            continue
        for li in items:
            total = _text_size(li.text_content())
            linked = sum(_text_size(a.text_content()) for a in li.iter("a"))
            if total and linked < MIN_ITEM_LINK_SHARE * total:
                break
        else:
            doomed.append(lst)
    for lst in doomed:
        if lst.getparent() is not None:
            lst.drop_tree()


# --- lists used as page layout ------------------------------------------------------------------
#: A list item is a page column, not a line of a list, when it holds a headline and at least this
#: many paragraphs with text: what an article column holds, and what no menu, list of links or
#: list of teasers (a linked headline over one line of summary each) does. Paragraphs alone do
#: not make a column: old FAQ and manual pages write long list items with <p> in them, and read
#: as lists they keep all their text.
LAYOUT_ITEM_PARAGRAPHS = 2
_LAYOUT_ITEM = etree.XPath(
    "boolean(./li[(.//h1 or .//h2 or .//h3) and count(.//p[normalize-space()]) >= $paragraphs])"
)


def unwrap_layout_lists(tree: HtmlElement) -> None:
    """Turn each ``<ul>``/``<ol>`` with an item that is a page column (a headline and
    LAYOUT_ITEM_PARAGRAPHS paragraphs) into ``<div>`` blocks, its items with it, so the article
    inside is read paragraph by paragraph. Lists inside such an item are looked at on their own;
    lists of lines (menus, steps, teasers, a FAQ's questions) stay lists."""
    for lst in [el for el in tree.iter("ul", "ol") if _LAYOUT_ITEM(el, paragraphs=LAYOUT_ITEM_PARAGRAPHS)]:
        lst.tag = "div"
        for item in lst:
            if item.tag == "li":
                item.tag = "div"
