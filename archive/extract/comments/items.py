"""Marked-up comment items: which repeated blocks of a comment section are its comments, and each
one's author, text, time and reply target.

The items are the blocks of one kind (same tag, same item-like class words) that carry an author;
parts of one comment (a header, a body) give way to the blocks that hold them one each; ``<dt>``
name lines paired with their ``<dd>`` texts are items too. Inside an item the author is the
``itemprop=author`` node, an author-like class or a profile link; the time a ``<time>``, a
time-like class or an epoch attribute; blocks with an author of their own after the item's text
are replies, before it quotes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo

from lxml import etree
from lxml.html import HtmlElement

# the patterns by their module (line_rules.UI_LINE): where they are defined, for the linear-pattern test
from archive.extract.comments import lines as line_rules
from archive.extract.comments import shapes as shape_rules
from archive.extract.comments.lines import (
    SKIP_TAGS,
    ExtractedComment,
    RawComment,
    clean_name,
    is_element,
    link_replies,
    looks_like_name,
    parse_header_line,
    parse_name_line,
    parse_signature,
    said_name,
    text_lines,
)
from archive.extract.comments.shapes import author_nodes
from archive.extract.dates import epoch, find_dates, parse_date

__all__ = ["class_words", "item_blocks", "short_text", "split_items"]

_ITEM_WORD = re.compile(r"comment|reply|cmt|pinglun|item|post|entry|floor|review|msg|message", re.I)
_LIST_WORD = re.compile(r"(list|box|wrap|wrapper|area|container|children|replies|items|section)$|^(?:comments|replies)[-_]", re.I)
_VOLATILE_WORD = re.compile(r"even|odd|depth|alt\b|byuser|bypostauthor|author|parent|thread|first|last|active|hidden|new|hot|top|level|\d", re.I)
_AUTHOR_WORD = re.compile(
    r"(?:^|[\s_-])(author|user|username|nick|nickname|uname|fn|name|screen|poster|member|vcard|commenter|from|yonghu|zuozhe)(?:$|[\s_-])", re.I
)
# WordPress's <div class="comment-meta">: the time, when the author has an element of its own
_META_WORD = re.compile(r"(?:^|[\s_-])(meta|commentmetadata)(?:$|[\s_-])", re.I)
_TIME_WORD = re.compile(r"(?:^|[\s_-])(time|date|datetime|timestamp|pubtime|pubdate|posted|when|ago|shijian)(?:$|[\s_-])", re.I)
_TEXT_WORD = re.compile(r"(?:^|[\s_-])(content|text|body|txt|message|msg|cont|cnt|detail|words|inner|neirong)(?:$|[\s_-])", re.I)
_QUOTE_WORD = re.compile(r"quote|cite|yinyong|引用", re.I)
# a comment's own id: comment-15, comment-6a00e5…, li-comment-90817
_ITEM_ID = re.compile(r"(?:^|[-_])(?:comment|cmt|reply)[-_]?+(?=[0-9a-f]*\d)[0-9a-f]{1,64}$", re.I)
_HIDDEN_TAGS = ("form", "script", "style", "textarea", "button", "select", "noscript", "template")
_FORM_WORD = re.compile(r"form|respond|editor|login", re.I)
_ACTION_WORD = re.compile(
    r"reply-?(link|btn|button|bar)|action|toolbar|tools|footer|vote|like|digg|report|share|op\b|opt|ding|cai|"
    r"support|oppose|more|avatar|photo|pic|img|meta|edit|sharing",
    re.I,
)


def class_words(el: HtmlElement) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}".strip()


def short_text(el: HtmlElement, limit: int) -> str | None:
    """The element's text if it is at most ``limit`` characters, else None (stops reading early)."""
    size = 0
    parts: list[str] = []
    for piece in el.itertext():
        size += len(piece.strip())
        if size > limit:
            return None
        parts.append(piece)
    return "".join(parts).strip()


def _signature(el: HtmlElement) -> tuple[str, frozenset[str]]:
    """Blocks of one kind: same tag and same item-like class words (else same class words).
    Words naming a list of comments (``reply-box``, ``comment-list``, ``children``) are not item words."""
    tokens = (el.get("class") or "").lower().split()
    classes = [t for t in tokens if not _VOLATILE_WORD.search(t)]
    if tokens and not classes:   # "comment-odd": the word left without its volatile part
        classes = [w for t in tokens if (w := "-".join(p for p in re.split(r"[-_]", t) if p and not _VOLATILE_WORD.search(p)))]
    item_like = frozenset(t for t in classes if _ITEM_WORD.search(t) and not _LIST_WORD.search(t))
    return el.tag, item_like or frozenset(classes)


def _own_nodes(item: HtmlElement, stop: frozenset[HtmlElement] | set[HtmlElement]) -> list[HtmlElement]:
    """Descendant elements of ``item`` in document order, not entering the subtrees in ``stop`` nor
    forms and scripts (a rating form's ``secondary_body`` class is not the comment's text)."""
    out: list[HtmlElement] = []

    def walk(node: HtmlElement) -> None:
        for child in node:
            if not is_element(child) or child in stop or child.tag in _HIDDEN_TAGS:
                continue
            out.append(child)
            walk(child)

    walk(item)
    return out


def _find_author(nodes: Sequence[HtmlElement]) -> HtmlElement | None:
    """The author element among an item's own nodes: itemprop=author, an author-ish class, else
    the first link to a user profile."""
    profile: HtmlElement | None = None
    cite: HtmlElement | None = None
    for node in nodes:
        prop = (node.get("itemprop") or "").lower()
        if prop in ("author", "creator"):
            named = node.find(".//*[@itemprop='name']")
            return named if named is not None else node
        tokens = class_words(node)
        if tokens and _AUTHOR_WORD.search(tokens) and not _ACTION_WORD.search(tokens):
            text = short_text(node, 60)
            if text:
                # <div class="user"><img><a class="name">X</a> <span>[北京]</span></div>: the name itself;
                # a descendant named like a name before a bare link ("Reply to this Comment" comes first)
                inner = [n for n in node.iterdescendants() if is_element(n) and short_text(n, 60)
                         and not _ACTION_WORD.search(class_words(n)) and not re.search(r"reply", class_words(n), re.I)]
                named = next((n for n in inner if _AUTHOR_WORD.search(class_words(n))), None)
                named = named if named is not None else next((n for n in inner if n.tag in ("a", "cite")), None)
                return named if named is not None else node
            inner = [n for n in node.iter("a", "b", "strong", "cite", "span") if short_text(n, 60)]
            if inner:
                return inner[0]
        if cite is None and node.tag == "cite" and (said := short_text(node, 60)) and parse_signature(said, UTC, None, None) is None:
            cite = node   # WordPress's bare <cite>Name</cite> in the comment's meta line (not a whole signature)
        if profile is None and node.tag == "a" and short_text(node, 40) and (
            shape_rules.PROFILE_HREF.search(node.get("href") or "") or "external" in (node.get("rel") or "")
        ):
            profile = node   # a link to the commenter's profile, or to their own site (rel="external")
    return profile if profile is not None else cite


def _quotes(nodes: Sequence[HtmlElement]) -> list[HtmlElement]:
    """Quoted-comment blocks inside an item (blockquote, *quote*, *cite* classes)."""
    found: list[HtmlElement] = []
    for node in nodes:
        if any(q in node.iterancestors() for q in found):
            continue
        if node.tag == "blockquote" or (node.tag in ("div", "p", "section", "span") and _QUOTE_WORD.search(class_words(node))):
            found.append(node)
    return found


_INLINE_TAGS = ("a", "span", "button", "em", "i", "b", "small", "font")
_BLOCKISH = ("div", "li", "p", "dd", "dl", "section", "article", "blockquote", "table", "tr")
_FIELD = etree.XPath("boolean(.//textarea | .//select | .//input[not(@type) or @type='text' or @type='email' or @type='checkbox'])")
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


def _item_like_words(words: frozenset[str]) -> bool:
    return any(_ITEM_WORD.search(t) and not _LIST_WORD.search(t) for t in words)


def item_blocks(container: HtmlElement) -> list[HtmlElement]:
    """The comment blocks of a section: microdata comments, else the repeated blocks of one kind
    that carry an author (blocks whose class says item/comment/reply first; unnamed blocks need a
    text and a time each), else ``<dt>`` name lines paired with a ``<dd>``."""
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
    ordered = sorted(groups.items(), key=lambda kv: not (_item_like_words(kv[0][1]) or _numbered(kv[1])))
    for (tag, words), members in ordered:
        # blocks without a class whose ids number comments (<li id="dsq-comment-57874">) are items too
        item_like = _item_like_words(words) or _numbered(members)
        if not item_like and best:
            break
        if not item_like and (len(members) < 2 or tag not in ("li", "div", "dl", "dd", "article", "section", "tr")):
            continue
        if any(_FORM_WORD.search(w) for w in words) or _FIELD(members[0]):
            continue   # the reply form repeated under each comment, or a form's rows (label, field)
        sample = members[:_SAMPLE]
        share = len(members) / len(sample)
        with_author = share * sum(1 for m in sample if _has_author(m))
        with_text = 0.0
        if with_author == 0:
            with_text = share * sum(
                1 for m in sample if len(lines := text_lines(m)) >= 2 and (item_like or _timed(lines))
            )
            if with_text < 2 and not (with_text and _ITEM_ID.search(members[0].get("id") or "")):
                continue   # one block with a text is a comment only when its id says so ("comment-15")
        depth = sum(1 for _ in members[0].iterancestors())
        score = (with_author, with_text if with_author == 0 else 0.0, -float(depth))
        if score > best_score:
            best, best_score = members, score
    pairs = _name_pairs(container)
    if pairs and (best_score[0] == 0 or len(pairs) > len(best)):
        return pairs
    return _holders(_numbered_siblings(best), groups, container) if best else best


def _numbered(members: Sequence[HtmlElement]) -> bool:
    """Whether two or more blocks each carry an id numbering a comment (``dsq-comment-57874``)."""
    return len(members) >= 2 and all(_ITEM_ID.search(m.get("id") or "") for m in members[:_SAMPLE])


def _numbered_siblings(best: list[HtmlElement]) -> list[HtmlElement]:
    """The items plus their siblings of the same tag whose id numbers a comment (``comment-956872``):
    a theme styles some comments apart (``class="author"`` on the writer's own replies,
    ``alt-comment`` on every other one), but they are items of the same list."""
    if not all(_ITEM_ID.search(m.get("id") or "") for m in best):
        return best
    chosen = set(best)
    parents = list(dict.fromkeys(m.getparent() for m in best if m.getparent() is not None))
    extra = [
        kid for parent in parents for kid in parent
        if is_element(kid) and kid.tag == best[0].tag and kid not in chosen and _ITEM_ID.search(kid.get("id") or "")
    ]
    if not extra:
        return best
    order = {el: i for i, el in enumerate(best[0].getroottree().iter())}
    return sorted([*best, *extra], key=order.__getitem__)


def _timed(lines: Sequence[str]) -> bool:
    """A time at the head or the tail of a block's lines ("Comment by X — January 7, 2008 @ 8:21 pm")."""
    return shape_rules.has_time(lines[0][:80]) or shape_rules.has_time(lines[-1][-80:])


def _name_pairs(container: HtmlElement) -> list[HtmlElement]:
    """``<dt>`` name lines each followed by a ``<dd>`` holding the text (Blogger's comment list);
    the ``<dt>`` stands for the comment (its ``<dd>`` is read with it)."""
    pairs = []
    for dt in container.iter("dt"):
        follower = dt.getnext()
        if follower is not None and follower.tag == "dd" and short_text(dt, 120) is not None and text_lines(follower):
            pairs.append(dt)
    return pairs


def _holders(
    best: list[HtmlElement], groups: dict[tuple[str, frozenset[str]], list[HtmlElement]], container: HtmlElement
) -> list[HtmlElement]:
    """Parts of one comment (its header with the author, its body) give way to the blocks that hold
    them, one each: the parts' nearest ancestors with comment-like class words or a comment's id
    (``id="comment-65630"``), all of one tag."""
    best_key = _signature(best[0])
    kind_of = {
        el: key for key, members in groups.items()
        if key != best_key and _item_like_words(key[1]) for el in members
    }
    holder: dict[HtmlElement, HtmlElement] = {}
    for part in best:
        for a in part.iterancestors():
            if a is container:
                break
            if a in kind_of or _ITEM_ID.search(a.get("id") or ""):
                holder[part] = a
                break
    holders = list(dict.fromkeys(holder.values()))
    if not holders or len(holder) < 0.8 * len(best) or len(holders) != len(holder) or len({h.tag for h in holders}) != 1:
        return best
    return holders


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
    texts: list[HtmlElement] = []   # blocks named like the text ("comment-text", "secondary_body")
    actions: list[HtmlElement] = []
    time_el = next((n for n in own if n.tag == "time" or (n.get("itemprop") or "").lower() in ("datecreated", "datepublished", "commenttime")), None)
    for node in own:
        tokens, prop = class_words(node), (node.get("itemprop") or "").lower()
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
        if prop in ("text", "comment", "commenttext", "description") or (_TEXT_WORD.search(tokens) and not _AUTHOR_WORD.search(tokens)):
            if author_el is None or not (author_el is node or node in author_el.iterancestors() or author_el in node.iterdescendants()):
                texts.append(node)
        if _ACTION_WORD.search(tokens) and node.tag != "p":
            actions.append(node)
    # the named block holding the most text: a "Comment number 391." heading is named like a body too
    text_el = max(texts, key=lambda n: len("".join(n.itertext()).strip()), default=None)
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
    skip.update(n for n in own if n.tag in _INLINE_TAGS and n is not text_el and line_rules.UI_LINE.match("".join(n.itertext())))
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
            if author_el is not None:   # the rest of the name line: "said...", the time
                posted = posted or next((d[-1].value for ln in lines if (d := find_dates(ln, zone, fetched_at=fetched_at, context=context))), None)
                lines = []
            # replies nested in the text (<dl class="children"><dt>…<dd>…) are records of their own
            replies = {el for el in follower.iterdescendants() if el in others}
            replies |= {nxt for el in replies if (nxt := el.getnext()) is not None and nxt.tag == "dd"}
            lines += text_lines(follower, frozenset(skip | replies))
    if text_el is None:   # the item's whole text: drop its buttons; a text element is kept as written ("顶")
        lines = [ln for ln in lines if not line_rules.UI_LINE.match(ln)]
    else:
        if len(lines) >= 2:   # separators between buttons ("Reply / Share") left over from the buttons
            lines = [ln for ln in lines if any(ch.isalnum() for ch in ln)] or lines
        outside = text_lines(item, frozenset(skip | {text_el}))
        if target is None:
            # the reply header outside the text element: "送你一杯咖啡 回復 @Ygritte--L：<span>text</span>"
            marker = line_rules.REPLY_PREFIX.match(next(iter(outside), ""))
            target = marker.group("name").lstrip("@") if marker else None
        if author is None and (signed := _signature_among(outside, zone, fetched_at, context)) is not None:
            # "Posted by: X | DATE" in the item's footer, beside its text element
            author, posted = signed[0], posted or signed[1]
    if author is None and len(lines) >= 2 and (opening := parse_signature(lines[0], zone, fetched_at, context)) is not None:
        # "Posted by nolasad on 01/13/08 at 12:02PM" over the text: the name and the time
        author, posted, lines = opening[0], posted or opening[1], lines[1:]
    if author is None and len(lines) >= 2 and (said := said_name(lines[0])) is not None:
        author, lines = said, lines[1:]   # "Ben said:" over the text
    if author is None and len(lines) >= 2 and (header := parse_header_line(lines[0], zone, fetched_at, context)) is not None:
        author, posted, lines = header[0], posted or header[1], lines[1:]   # "#1 — DATE — NAME" over the text
    if author_el is None and text_el is None and len(lines) >= 2 and author is None:
        name, stamp, is_reply, named_target = parse_name_line(lines[0], zone, fetched_at, context)
        if looks_like_name(name):
            author = clean_name(name)
            posted = posted or stamp
            target = target or named_target
            lines = lines[1:]
    if len(lines) >= 2 and (closing := _closing_signature(lines, zone, fetched_at, context)) is not None:
        # "Comment by D-Bomb — January 7, 2008 @ 8:21 pm" under the text: the name and the time
        (signer, signed_at), taken = closing
        author, posted, lines = author or signer, posted or signed_at, lines[:-taken]
    if posted is None and lines:
        for at in (-1, 0):
            if (at == -1 or len(lines) >= 2) and (stamp := _dated_line(lines[at], zone, fetched_at, context)) is not None:
                posted = stamp
                lines = lines[:-1] if at == -1 else lines[1:]
                break
    return author, "\n".join(lines), posted, target, is_reply


# what a comment's dated line holds besides its date, once the name in it is read:
# "On <date>, [name] said...", "on <date>", "<date> (#)" (a permalink), "@ <date>:"
_DATED_LEAD = re.compile(r"^\s*+(?:(?:posted\s++)?(?:on|at)\s++|@\s*+)?$", re.I)
_DATED_TAIL = re.compile(r"^[\s,.:;|()#–—-]*+(?:(?:said|says|wrote)[\s.:…]*+)?$", re.I)


def _dated_line(line: str, zone: tzinfo, fetched_at: datetime | None, context: datetime | None) -> datetime | None:
    """The time of a line that is only a date (``on 2012-10-10 at 6:19 pm``, ``On October 29, 2012
    at 9:55am, said...`` once its ``<cite>`` name is read), else None."""
    if len(line) > 80:
        return None
    dates = find_dates(line, zone, fetched_at=fetched_at, context=context)
    if len(dates) != 1 or not _DATED_LEAD.match(line[: dates[0].start]) or not _DATED_TAIL.match(line[dates[0].end:]):
        return None
    return dates[0].value


def _closing_signature(
    lines: Sequence[str], zone: tzinfo, fetched_at: datetime | None, context: datetime | None
) -> tuple[tuple[str | None, datetime | None], int] | None:
    """The signature under a comment's text and how many lines it takes: one line, or up to three
    short lines the source broke apart ("Posted by" / "Anonymous |" / "November 12, 2012 6:50 PM")."""
    for taken in (1, 2, 3):
        if len(lines) <= taken or (taken > 1 and any(len(ln) > 60 for ln in lines[-taken:])):
            return None
        if (signed := parse_signature(" ".join(lines[-taken:]), zone, fetched_at, context)) is not None:
            return signed, taken
    return None


def _signature_among(
    lines: Sequence[str], zone: tzinfo, fetched_at: datetime | None, context: datetime | None
) -> tuple[str | None, datetime | None] | None:
    """The first signature among an item's lines outside its text (one line, or up to three short
    lines the source broke apart)."""
    for start in range(len(lines)):
        for taken in (1, 2, 3):
            chunk = lines[start: start + taken]
            if len(chunk) < taken or any(len(ln) > 60 for ln in chunk[1:]):
                break
            if (signed := parse_signature(" ".join(chunk), zone, fetched_at, context)) is not None:
                return signed
    return None


def split_items(
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
        parent = next((index[a] for a in _holders_of(item) if a in index), None)
        if parent is None and is_reply and target is None:
            parent = last_top   # "weik 回复 01-31 10:32": answers the latest comment that is not a reply
        if parent is None and not is_reply:
            last_top = len(raw)
        if shape_rules.NOT_COMMENT.match(text) or (author and shape_rules.NOT_COMMENT.match(author)):
            text = ""   # a form label, an empty-state line or a share bar where a comment would be
        elif shape_rules.article_links(item) >= 3 and shape_rules.link_share(item) > 0.6:
            text = ""   # a list of links to other articles ("Popular Articles") in a comment-like block
        raw.append((author, text, posted, parent, target, _external_id(item)))
    return link_replies(raw)


def _holders_of(item: HtmlElement) -> list[HtmlElement]:
    """The elements a comment sits in; inside a ``<dd>`` text, also the ``<dt>`` name line it
    belongs to (a reply nested in the text of a ``<dt>``/``<dd>`` comment)."""
    out: list[HtmlElement] = []
    for a in item.iterancestors():
        out.append(a)
        if a.tag == "dd" and (name := a.getprevious()) is not None and name.tag == "dt":
            out.append(name)
    return out


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
        lines = [ln for ln in text_lines(item, frozenset({first}), marks) if not line_rules.UI_LINE.match(ln)]
        own_text = [not ln.startswith("\x00") and not find_dates(ln, UTC) for ln in lines]
        if not any(own_text):
            continue   # the block is the comment itself, beside an avatar or a "Profile" link
        for block in blocks:
            at = lines.index(marks[block])
            (replies if any(own_text[:at]) else quoted).append(block)
    return replies, quoted

