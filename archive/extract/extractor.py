"""Decoded HTML -> Extraction: article fields, clean body paragraphs and threaded reader comments.

Build one :class:`Extractor` per process and reuse it: it holds the trafilatura options object and
the boilerplate rules. The path through :meth:`Extractor.extract`:

1. parse once (lxml); read JSON-LD / OpenGraph / <meta> (archive.extract.metadata);
2. language from the visible text, then the site's zone (configured, else by TLD / script);
3. publication date and byline: structured data first, then the lines under the headline;
4. comments found and split (archive.extract.comments.sections), and their elements removed from the tree;
5. body by trafilatura (comments excluded), with the paragraphs an article repeats on purpose put
   back (archive.extract.repeats), then Chinese cleanup: byline prefix,
   boilerplate rules + configured per-site lines, recorded as removals (archive.extract.boilerplate;
   the lines the archive learns are taken off by the writer), archive.clean.clean_text; <pre> lines as written;
6. page kind (archive.extract.pagekind).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from configparser import ConfigParser
from copy import deepcopy
from datetime import UTC, datetime, tzinfo
from typing import Any
from urllib.parse import urljoin
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HTMLParser, HtmlProcessingInstruction, fromstring
from trafilatura import bare_extraction
from trafilatura.settings import DEFAULT_CONFIG
from trafilatura.settings import Extractor as TrafilaturaOptions
from trafilatura.utils import is_dubious_html, load_html, repair_faulty_html

from archive.clean import clean_text
from archive.errors import ConfigError, ExtractError
from archive.extract.blocks import (
    drop_link_lists,
    drop_related_lists,
    paragraph_divs,
    unwrap_layout_lists,
    wrap_loose_text,
)
from archive.extract.boilerplate import load_rules, paragraph_key, sort_boilerplate
from archive.extract.comments.sections import ExtractedComment, compile_selector, find_comments, text_lines
from archive.extract.links import PageLinks, links_in
from archive.extract.metadata import (
    default_timezone,
    detect_language,
    parse_byline,
    person_names,
    plausible_author,
    read_structured_data,
)
from archive.extract.pagekind import PageSignals, classify_page
from archive.extract.published import choose_published
from archive.extract.records import Extraction
from archive.extract.repeats import paragraph_runs, restore_repeats

__all__ = ["EXTRACTOR_VERSION", "ExtractedComment", "Extraction", "Extractor"]

#: Stored with every extracted version; bump it whenever the output for some page changes, so that
#: ``newsarchive reextract`` can tell which versions an older extractor made.
EXTRACTOR_VERSION = "newsarchive-extract/1.9"

_KEY_SHAPE = re.compile(r"[0-9a-f]{16}")
_LINE_BREAK_SPACE = re.compile(r"(?<![ \t])[ \t]*+\n\s*+")  # linear: starts where its spaces start
_CJK = re.compile(r"[\u3400-\u9fff]")


# trafilatura's parser options, with one difference: lxml.html's own parser asks a Python method
# for the class of every element object it makes (form elements get classes of their own), and a
# portal page makes hundreds of them on its way through the extractor. Nothing here uses the form
# classes: with the class fixed at C level, pages extract the same, with less work per element
# (docs/benchmarks.md has the figure).
_PARSER = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True)
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
    )
)


def parse_html(html: str) -> HtmlElement | None:
    """The decoded page as a tree, as ``trafilatura.utils.load_html`` gives it (its repairs, its
    rejection of what is not HTML, but not of a page without its ``<html>`` start), parsed by ``_PARSER``. Unusual input (an encoding
    declaration in the string, nothing parsed) takes trafilatura's own path, fallbacks included."""
    beginning = html[:50].lower()
    try:
        tree = fromstring(repair_faulty_html(html, beginning), parser=_PARSER)
    except (ValueError, etree.ParserError):
        return load_html(html)
    if len(tree) < 1:
        return load_html(html)
    return None if is_dubious_html(beginning) and len(tree) < 2 and not _MARKUP(tree) else tree


# trafilatura rejects a document that does not start with "html" and parses to one child of the
# root: plain text, JSON. A page served without its <html> start (an SSI fragment, a page saved
# inside a wrapper element) has markup, and is a page.
_MARKUP = etree.XPath(
    "boolean(/descendant::div | /descendant::a | /descendant::table | /descendant::span | /descendant::br"
    " | /descendant::h1 | /descendant::h2 | /descendant::ul | /descendant::article | /descendant::section)"
)


# Plain strings (smart_strings=False): a "smart" result keeps a link to its parent element, and
# building that proxy for every text node of the page cost more than the rest of this function.
# "/descendant::text()" is "//text()" without the intermediate set of every node of the page.
# The page's texts, then those of its scripts and styles, to be taken out: two plain walks cost
# libxml2 a third of one walk testing every text node's parent.
_ALL_TEXT = etree.XPath("/descendant::text()", smart_strings=False)
_INVISIBLE_TEXT = etree.XPath(
    "/descendant::script/text() | /descendant::style/text() | /descendant::noscript/text()"
    " | /descendant::template/text()",
    smart_strings=False,
)
_LINKED_TEXT = etree.XPath("/descendant::a/descendant::text()", smart_strings=False)   # //a//text()


def _visible_text(tree: HtmlElement) -> tuple[str, float]:
    """Visible text of the page (capped) and the share of it inside links."""
    texts = _ALL_TEXT(tree)
    invisible = Counter(_INVISIBLE_TEXT(tree))
    if invisible:
        shown = []
        for text in texts:
            # "in" first: a Counter answers a missing key through a Python method
            if text in invisible and invisible[text] > 0:  # a script's or a style's text, taken out once
                invisible[text] -= 1
                continue
            shown.append(text)
        texts = shown
    pieces = [text.strip() for text in texts]
    total = sum(map(len, pieces))
    linked = sum(len(t.strip()) for t in _LINKED_TEXT(tree))
    return " ".join(filter(None, pieces))[:20000], (min(linked / total, 1.0) if total else 0.0)


# The h2/h3/div/p/strong/a/span elements (in document order) whose text contains $word. With the
# title's longest word, a cheap pre-filter for _short_text_equals: an element whose text is the
# title holds each of its words. libxml2 reads the texts; lxml then builds element objects for
# the few that pass instead of the hundreds of blocks and links of a portal page.
_HOLDING_WORD = etree.XPath(
    "(descendant-or-self::h2 | descendant-or-self::h3 | descendant-or-self::div | descendant-or-self::p"
    " | descendant-or-self::strong | descendant-or-self::a | descendant-or-self::span)[contains(., $word)]"
)


def _headline_element(tree: HtmlElement, title: str | None) -> HtmlElement | None:
    """The element showing the story's title: an <h1> with the title's text, else any heading or
    block with exactly that text, else the page's only <h1>."""
    h1s = [h for h in tree.iter("h1") if "".join(h.itertext()).strip()]
    if title:
        for el in h1s:   # usually the title is here, and the rest of the page is not searched
            if _short_text_equals(el, title):
                return el
        for el in _HOLDING_WORD(tree, word=max(title.split(), key=len, default="")):
            if _short_text_equals(el, title):
                return el
    if len(h1s) == 1:
        return h1s[0]
    return h1s[-1] if h1s else None


def _short_text_equals(el: HtmlElement, text: str) -> bool:
    size = 0
    parts = []
    for piece in el.itertext():
        size += len(piece)
        if size > len(text) + 40:
            return False
        parts.append(piece)
    return " ".join("".join(parts).split()) == text


def _following(tree: HtmlElement, start: HtmlElement | None) -> Iterator[HtmlElement]:
    """The nodes of ``tree`` after ``start`` in document order, outside its subtree (all of
    ``tree`` when ``start`` is None): the following siblings of ``start`` and of each of its
    ancestors, with their subtrees. Nothing before ``start`` is visited."""
    if start is None:
        yield from tree.iter()
        return
    node = start
    while node is not None and node is not tree:
        for sibling in node.itersiblings():
            yield from sibling.iter()
        node = node.getparent()


def _text_after(tree: HtmlElement, start: HtmlElement | None, limit: int = 700) -> tuple[str, list[HtmlElement]]:
    """Text that follows ``start`` in document order (the byline area under a headline), and the
    elements it came from."""
    parts: list[str] = [start.tail] if start is not None and start.tail else []
    seen: list[HtmlElement] = []
    size = 0
    for node in _following(tree, start):
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in ("script", "style", "noscript") or not tag:
            continue
        seen.append(node)
        for piece in (node.text, node.tail):
            if piece and piece.strip():
                parts.append(piece.strip())
                size += len(piece)
        if tag in ("p", "div", "br", "li", "span", "time"):
            parts.append("\n" if tag != "span" else " ")
        if size >= limit:
            break
    return _LINE_BREAK_SPACE.sub("\n", " ".join(parts))[: limit * 2], seen


_CHROME = re.compile(
    r"^(side|sidebar|side-?bar|right-?box|right-?side|side-?box|hot|hot-?news|hot-?list|rank|ranking|paihang|"
    r"ad|ads|ad-?box|ad-?wrap|advert|advertisement|guanggao|recommend|tuijian|related|relates|related-?news|xiangguan|"
    r"share|share-?box|share-?bar|bdshare|sharing|tags|tag-?list|article-?tags|keywords|footer|foot|pager|pagination|"
    r"page-?nav|crumbs?|breadcrumbs?|location|position|menu|([a-z]+-)?nav(-[a-z]+)?|top-?nav|top-?bar|toolbar|copyright|friend-?links?|"
    r"more-?news|qrcode|erweima|login|newsletter-?promo|promo)$",
    re.I,
)


def _prune_chrome(tree: HtmlElement) -> None:
    """Remove page chrome named in Chinese templates' usual class/id words (sidebars, 热点排行,
    share bars, tag lists, pagers) that trafilatura's English-centred lists miss."""
    doomed = []
    chrome: dict[str, bool] = {}   # a page repeats its class words: each is matched once
    for el in tree.iter("div", "ul", "ol", "aside", "section", "p", "span", "nav", "footer", "dl", "table", "td"):
        tokens = (el.get("class") or "").split() + (el.get("id") or "").split()
        if any(chrome[t] if t in chrome else chrome.setdefault(t, _CHROME.match(t) is not None) for t in tokens) and len(
            el.findall(".//p")
        ) <= 5:
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


_LAYOUT_CONTENT = etree.XPath("boolean(.//td//p | .//td//div | .//td//h1 | .//td//h2 | .//td//ul | .//td//table)")


def _unwrap_layout_tables(tree: HtmlElement) -> None:
    """Turn layout tables (cells holding paragraphs, headings, lists or tables) into divs, so the
    body of an old table-layout portal is read as paragraphs, not as one table row."""
    for table in list(tree.iter("table")):
        if table.find(".//th") is None and _LAYOUT_CONTENT(table):
            for el in table.iter("table", "tbody", "thead", "tfoot", "tr", "td"):
                if el.tag == "td" or el.tag == "tr" or el is table or el.getparent() is table:
                    el.tag = "div"


# The XPaths below select elements by an attribute from the attribute up ("//@class[...]/..")
# rather than "//*[...@class...]": libxml2 then tests only the attributes there are, not every
# element of the page against every condition. Same elements, in the same (document) order.

_AUTHOR_MARKUP = tuple(
    etree.XPath(xpath)
    for xpath in (
        # itemprop=author (its itemprop=name inside, when there is one)
        "//@itemprop[.='author']/..//*/@itemprop[.='name']/.."
        " | //@itemprop[.='author']/parent::*[not(.//*[@itemprop='name'])]",
        "//@rel[.='author']/parent::a",
        # hCard: class "fn" inside class "author"
        "//@class[contains(concat(' ', normalize-space(.), ' '), ' author ')]/.."
        "//*/@class[contains(concat(' ', normalize-space(.), ' '), ' fn ')]/..",
    )
)


def _authors_from_markup(tree: HtmlElement) -> tuple[str, ...]:
    """Names marked up as the author: rel=author, itemprop=author, hCard .author .fn, .byline a."""
    found: list[str] = []
    for xpath in _AUTHOR_MARKUP:
        for el in xpath(tree):
            name = " ".join("".join(el.itertext()).split())
            if name and len(name) <= 40 and name not in found:
                found.append(name)
        if found:
            break
    return tuple(found)


_BYLINE_BLOCKS = etree.XPath(
    "//@class[contains(.,'author') or contains(.,'editor') or contains(.,'statement') or contains(.,'source')"
    " or contains(.,'zeren') or contains(.,'bianji') or contains(.,'byline')]/.."
)


#: class / id words of the element showing the outlet a story came from (``<a class="source">``)
_SOURCE_CLASS = re.compile(r"(?:article[-_]?|news[-_]?)?(?:source|laiyuan)(?:[-_]?name)?", re.I)
_SOURCE_ELEMENTS = etree.XPath("//@class[contains(., 'ource') or contains(., 'laiyuan')]/.. | //@id[contains(., 'ource')]/..")


def _outlets_shown(tree: HtmlElement) -> set[str]:
    """The outlet names the page shows as the story's source, in an element whose class or id
    says so (``<a class="source">某某报</a>`` beside the date): a meta author equal to one of them
    names the outlet, not a person."""
    shown = set()
    for el in _SOURCE_ELEMENTS(tree):
        tokens = (el.get("class") or "").split() + (el.get("id") or "").split()
        if any(_SOURCE_CLASS.fullmatch(token) for token in tokens):
            text = " ".join("".join(el.itertext()).split())
            if 2 <= len(text) <= 20:
                shown.add(text)
    return shown


#: an editor line (责任编辑：X): on Chinese news pages the last line of the story; the bylines
#: sit just before it, and what follows it (teasers, a reprint's source) is not the story
_EDITOR_LINE = re.compile(r"^\s*+[\[【(（]?\s*+(?:责任编辑|責任編輯|责编|責編)\s*+[:：|｜]")   # possessive: linear
#: how far from the body's end an editor line is looked for
EDITOR_LINE_REACH = 6


def _before_editor_line(paragraphs: Sequence[str]) -> list[str]:
    """The three paragraphs before an editor line among the body's last few, and the line itself
    (empty when there is none): where a story's closing byline is."""
    start = max(0, len(paragraphs) - EDITOR_LINE_REACH)
    for i in range(start, len(paragraphs)):
        if _EDITOR_LINE.match(paragraphs[i]):
            return list(paragraphs[max(0, i - 3): i + 1])
    return []


def _byline_blocks(tree: HtmlElement) -> list[str]:
    """Short texts of elements whose class says author / editor / source (often after the body)."""
    texts = []
    for el in _BYLINE_BLOCKS(tree):
        text = " ".join("".join(el.itertext()).split())
        if text and len(text) <= 120:
            texts.append(text)
    return texts


_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", "｜", "|", "_", " -", "- ", "-")


def _split_site(raw_title: str) -> tuple[str, str | None]:
    """"标题-观察者网" -> ("标题", "观察者网"): a short, digit-free suffix after a separator."""
    for sep in _TITLE_SEPARATORS:
        if sep in raw_title:
            head, tail = raw_title.rsplit(sep, 1)
            head, tail = head.strip(), tail.strip()
            if 2 <= len(tail) <= 24 and len(head) >= 4 and not re.search(r"\d", tail):
                return head, tail
    return raw_title, None


_SITE_HEADING = re.compile(r"logo|site-?(?:title|name)|brand|masthead", re.I)
_QUOTES = "\"'“”‘’「」『』《"


def _is_site_heading(h1: HtmlElement, text: str, site_names: tuple[str | None, ...]) -> bool:
    """An <h1> holding the site's name or logo (the same on every page), not a story's title: its
    text is the site's name, its class says logo / site title, or it is one link to the home page."""
    if text in site_names:
        return True
    if any(_SITE_HEADING.search((el.get("class") or "") + " " + (el.get("id") or "")) for el in h1.iter()):
        return True
    links = h1.findall(".//a")
    href = links[0].get("href", "") if len(links) == 1 else ""
    home = href in ("/", "./", "index.html", "/index.html") or re.fullmatch(r"https?://[^/]+/?", href) is not None
    return home and " ".join("".join(links[0].itertext()).split()) == text


_TITLE_CLASS_ELEMENTS = etree.XPath(
    "//@class[contains(translate(., 'TITLE', 'title'), 'title')]/.. | //@id[contains(translate(., 'TITLE', 'title'), 'title')]/.."
)
#: the shortest headline taken from a title-classed element inside a longer <title>
MIN_HEADLINE_CHARS = 8


def _headline_in_title(tree: HtmlElement, head: str) -> str | None:
    """The headline shown in an element whose class or id says title (``<span class="Title">``),
    when the <title> (its site suffix already off) is that headline with a section name after a
    space: "某某调研工作 东区新闻" - the page's own headline element has it without."""
    for el in _TITLE_CLASS_ELEMENTS(tree):
        text = " ".join("".join(el.itertext()).split())
        if MIN_HEADLINE_CHARS <= len(text) < len(head) and head.startswith(text) and head[len(text)] == " ":
            return text
    return None


def _title_from(
    tree: HtmlElement, declared: str | None, declared_site: str | None = None
) -> tuple[str | None, str | None]:
    """(title, site name guessed from the <title> suffix).

    The declared title (JSON-LD headline, og:title) first, unless an <h1> or the <title> continues
    it right after a quote (the og:title attribute was cut short by an unescaped quote). Without
    one: the page's one story <h1> (site-name and logo <h1>s do not count), else the <title>
    without its site suffix."""
    raw_title = ""
    for el in tree.iter("title"):
        raw_title = " ".join("".join(el.itertext()).split())
        break
    head, site_guess = _split_site(raw_title)
    sites = (site_guess, declared_site)
    h1s = [(h, " ".join("".join(h.itertext()).split())) for h in tree.iter("h1")]
    stories = [text for h, text in h1s if text and not _is_site_heading(h, text, sites)]
    if declared:
        declared = " ".join(declared.split())
        declared_head, declared_site_suffix = _split_site(declared)
        if declared_site_suffix and declared_site_suffix == site_guess:
            declared = declared_head   # og:title "标题_新浪新闻" like the <title>
        for longer in (*stories, head):
            if len(longer) > len(declared) and longer.startswith(declared) and longer[len(declared)] in _QUOTES:
                return longer, site_guess
        return declared, site_guess
    if len(stories) == 1:
        return stories[0], site_guess
    if head:
        return _headline_in_title(tree, head) or head, site_guess
    return (stories[0] if stories else None), site_guess


_LABEL_LIKE = re.compile(r"[:：]|作者|来源|來源|编辑|編輯")
# class words of an element holding the author's name: author, author-name, author_name, writer
# (not "byline": that element holds the whole line, "By X | date")
_AUTHOR_CLASS = re.compile(r"(?:author|writer)(?:[-_]?name)?", re.I)
#: The byline sits between the headline and the story: a text this long under the headline is the
#: story (or a sidebar after it), and no element after it is taken for the byline.
STORY_TEXT_CHARS = 80


def _marked_byline_name(header_nodes: list[HtmlElement]) -> HtmlElement | None:
    """The first element under the headline whose class names it the author (``author``,
    ``author-name``, ``authorName``, ``writer``), before the story's first long text: a site's "about the author"
    box or a column name in a sidebar further down is not the byline."""
    for node in header_nodes:
        if any(_AUTHOR_CLASS.fullmatch(token) for token in (node.get("class") or "").split()):
            return node if node.getparent() is not None else None
        if any(piece and len(piece.strip()) >= STORY_TEXT_CHARS for piece in (node.text, node.tail)):
            return None
    return None


def _people_and_body(
    tree: HtmlElement,
    declared_authors: tuple[str, ...],
    header_text: str,
    header_nodes: list[HtmlElement],
    paragraphs: list[str],
    title: str | None,
    site_names: tuple[str, ...] = (),
) -> tuple[list[str], list[str], str | None]:
    """Authors and syndication source, and the body without its title line and byline prefix.

    Authors: structured data, else author markup, else the byline under the headline, a
    ``[文/…]`` prefix of the body, short lines at the end of the body (or before its editor
    line), author/editor/source blocks elsewhere on the page. Only names that can be people count
    (``plausible_author``: not the site, an outlet, an e-mail address or a number; not the outlet
    the page shows as the source); editors (``责任编辑``) are never authors.
    """
    paragraphs = list(paragraphs)
    if title and paragraphs and paragraphs[0] == title:
        paragraphs.pop(0)
    found = [parse_byline(header_text)]
    for i in range(min(2, len(paragraphs))):
        lead = parse_byline(paragraphs[i])
        if lead.consumed:
            found.append(lead)
            rest = paragraphs[i][len(lead.consumed):].strip()
            if rest:
                paragraphs[i] = rest
            else:
                paragraphs.pop(i)
            break
    found.extend(parse_byline(tail) for tail in paragraphs[-3:] if len(tail) <= 80)
    found.extend(parse_byline(line) for line in _before_editor_line(paragraphs) if len(line) <= 80)
    found.extend(parse_byline(block) for block in _byline_blocks(tree))
    outlets = _outlets_shown(tree) | {b.source for b in found if b.source}

    def people(names: Sequence[str]) -> list[str]:
        return [n for n in person_names(names) if plausible_author(n, site_names) and n not in outlets]

    authors = people(declared_authors) or people(_authors_from_markup(tree))
    if not authors:
        authors = next((named for b in found if (named := people(b.authors))), [])
    if not authors:
        # <a class="author">X</a>, <p class="author-name">X</p> in the byline under the headline
        marked = _marked_byline_name(header_nodes)
        name = " ".join("".join(marked.itertext()).split()) if marked is not None else ""
        if name and len(name) <= 40 and not _LABEL_LIKE.search(name):
            authors = people([name])
    source = next((b.source for b in found if b.source), None)
    return paragraphs, authors, source


#: trafilatura falls back to the page's whole text, flattened into one line, when what it found is
#: shorter than this many characters. Its default, 250, is tuned for English; a Chinese news
#: flash says as much in about 100 characters, and was flattened together with its headline.
MIN_EXTRACTED_CHARS = 100


def _trafilatura_config() -> ConfigParser:
    config = deepcopy(DEFAULT_CONFIG)
    config["DEFAULT"]["MIN_EXTRACTED_SIZE"] = str(MIN_EXTRACTED_CHARS)
    return config


def _preformatted_lines(tree: HtmlElement) -> frozenset[str]:
    """The lines of the page's <pre> blocks (code listings, poems, tables in text), right-stripped:
    the body keeps them as written, repeats and indentation included, and no rule touches them."""
    return frozenset(
        line.rstrip() for pre in tree.iter("pre") for line in pre.text_content().split("\n") if line.strip()
    )


# h2/h3/h4 holding a link (a listing's teasers), counted by libxml2 without an element object each
_LINKED_HEADINGS = etree.XPath(
    "count(/descendant::h2[descendant::a] | /descendant::h3[descendant::a] | /descendant::h4[descendant::a])"
)


class Extractor:
    """Reusable extractor: build once per process, call :meth:`extract` per page.

    ``timezone``: the site's IANA zone for dates written without one (default: guessed from the
    URL's country TLD, then the text's script). ``comment_selectors``: CSS (or XPath starting
    with ``/``) selecting the site's comment section or its comment items; they override the
    heuristics. ``boilerplate_lines``: lines known to repeat across the site (raw lines or
    :func:`archive.extract.boilerplate.paragraph_key` values); they are dropped from bodies.
    """

    def __init__(
        self,
        *,
        timezone: str | None = None,
        comment_selectors: Sequence[str] = (),
        boilerplate_lines: Collection[str] = (),
    ) -> None:
        if timezone is not None:
            try:
                ZoneInfo(timezone)
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise ConfigError(f"unknown time zone {timezone!r}: use an IANA name such as 'Asia/Shanghai'") from exc
        self._timezone = timezone
        for selector in comment_selectors:
            compile_selector(selector)   # a malformed selector fails here, not on every page
        self._comment_selectors = tuple(comment_selectors)
        self._boilerplate_lines = tuple(boilerplate_lines)
        self._setup()

    def _setup(self) -> None:
        # fast=False: trafilatura's own extraction is compared with its readability and justext
        # candidates, the longer one taken when its own looks short or structurally deficient
        # (trafilatura.external.compare_extraction). On 800 real pages, token F1 0.901 -> 0.909.
        self._options = TrafilaturaOptions(
            config=_trafilatura_config(), output_format="python", fast=False, comments=False, tables=True, formatting=False
        )
        self._rules = load_rules()
        self._frequent = frozenset(
            line if _KEY_SHAPE.fullmatch(line) else paragraph_key(line) for line in self._boilerplate_lines
        )

    def __getstate__(self) -> dict[str, Any]:
        return {"timezone": self._timezone, "selectors": self._comment_selectors, "lines": self._boilerplate_lines}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._timezone = state["timezone"]
        self._comment_selectors = state["selectors"]
        self._boilerplate_lines = state["lines"]
        self._setup()

    def extract(self, html: str, url: str, fetched_at: datetime | None = None) -> Extraction:
        """Extract one decoded page. ``fetched_at`` (aware) anchors relative dates like ``3小时前``."""
        return self.extract_with_links(html, url, fetched_at, links=False)[0]

    def extract_with_links(
        self, html: str, url: str, fetched_at: datetime | None = None, *, links: bool = True
    ) -> tuple[Extraction, PageLinks | None]:
        """``extract``, and the links the page makes (``archive.extract.links``), read from the same parse
        before extraction removes anything from it (None for an unparsable page)."""
        tree = parse_html(html) if html and html.strip() else None
        if tree is None:
            raise ExtractError("not an HTML document: nothing in it parses as HTML")
        found = links_in(tree, url) if links else None
        return self._extract_tree(tree, url, fetched_at), found

    def _extract_tree(self, tree: HtmlElement, url: str, fetched_at: datetime | None) -> Extraction:
        if fetched_at is not None and fetched_at.tzinfo is None:
            fetched_at = fetched_at.replace(tzinfo=UTC)

        declared = read_structured_data(tree)
        visible, link_density = _visible_text(tree)
        language = detect_language(visible, declared.html_lang)
        zone: tzinfo = ZoneInfo(self._timezone or default_timezone(url, language))

        title, site_guess = _title_from(tree, declared.title, declared.site_name)
        title = clean_text(title) if title else None
        headline = _headline_element(tree, title)
        header_text, header_nodes = _text_after(tree, headline)
        if headline is not None and headline.getparent() is not None:
            around = text_lines(headline.getparent())
            if sum(len(line) for line in around) <= 400:
                header_text = "\n".join(around) + "\n" + header_text

        dated = choose_published(
            tree, declared.published, declared.modified, header_text, header_nodes, zone, fetched_at,
            headline_found=headline is not None, title=title,
        )
        published, updated = dated.published, dated.updated

        section = find_comments(
            tree, zone, fetched_at=fetched_at, context=published, selectors=self._comment_selectors
        )
        for node in section.nodes:
            if node.getparent() is not None:
                node.drop_tree()

        _unwrap_layout_tables(tree)
        unwrap_layout_lists(tree)
        _prune_chrome(tree)
        verbatim = _preformatted_lines(tree)
        drop_related_lists(tree)
        drop_link_lists(tree)
        wrap_loose_text(tree)
        paragraph_divs(tree)
        repeated = paragraph_runs(tree)
        document = bare_extraction(tree, url=url, options=self._options)
        raw_lines = (document.text or "").split("\n") if document is not None and not isinstance(document, dict) else []
        paragraphs = [p for p in (line.rstrip() if line.rstrip() in verbatim else clean_text(line) for line in raw_lines) if p.strip()]
        paragraphs = restore_repeats(paragraphs, repeated)

        paragraphs, authors, source = _people_and_body(
            tree, declared.authors, header_text, header_nodes, paragraphs, title,
            tuple(n for n in (declared.site_name, site_guess) if n),
        )
        comment_texts = {c.text for c in section.comments}
        paragraphs = [p for p in paragraphs if p not in comment_texts]
        body, removed = sort_boilerplate(paragraphs, self._rules, self._frequent, verbatim)

        canonical = urljoin(url, declared.canonical_url) if declared.canonical_url else None
        site_name = declared.site_name or (site_guess if site_guess and site_guess != title else None)
        body_chars = sum(len(p) for p in body)
        is_article, evidence = classify_page(
            PageSignals(
                url=url,
                jsonld_types=declared.jsonld_types,
                og_type=declared.og_type,
                body_chars=body_chars,
                body_paragraphs=len(body),
                link_density=link_density,
                has_date=published is not None,
                has_title_heading=headline is not None,
                linked_headings=int(_LINKED_HEADINGS(tree)),
                longest_paragraph=max((len(p) for p in body), default=0),
                comments=len(section.comments),
                cjk=bool(language and language.startswith("zh")),
            )
        )
        return Extraction(
            title=title,
            authors=tuple(a for a in (clean_text(a) for a in dict.fromkeys(authors)) if a),
            published_at=published,
            updated_at=updated,
            language=language,
            site_name=clean_text(site_name) if site_name else None,
            canonical_url=canonical,
            source=clean_text(source) if source else None,
            paragraphs=body,
            comments=section.comments,
            is_article=is_article,
            page_kind_evidence=evidence,
            removed=removed,
            inferred=("published_year",) if dated.year_inferred else (),
        )
