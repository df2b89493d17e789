"""Choosing an article's published date: labelled metadata first, the capture time the only clock.

Where a date can come from, most trusted first:

1. what the page declares for machines: JSON-LD ``datePublished`` (or Baidu's ``pubDate``),
   ``article:published_time`` / ``pubdate`` / ``publishdate`` metas (read by
   ``archive.extract.metadata``), ``itemprop=datePublished`` markup, a ``<time datetime>`` under
   the headline, a publication time the page's own script states (WeChat's ``var ct = "…"``)
   when it states exactly one;
2. what it shows under the headline: a labelled line (``发布时间：``, ``发表于``, ``Published``)
   anywhere in the header text, else the first date with a time of day in the header block (its
   first characters, with the time of day shown for it further on); never one written inside a
   sentence.

A date in the story, in a related-news list or in a clock widget is none of these. A day-only
declared date takes the time of day shown for the same day; a shown date without a year
(``10-08 12:00``) takes the year of a declared date on the same month and day, and only when
there is none the year of the capture - then ``year_inferred`` says so. No date after the
capture is ever chosen: it is the page's clock widget or an announced event, not the publication.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo

from lxml import etree
from lxml.html import HtmlElement

from archive.extract.dates import DateMatch, epoch, find_dates, parse_date

__all__ = ["PublishedDate", "choose_published"]

LABEL_PUBLISHED = re.compile(
    r"((发布|發布|發佈|发表|發表|出版)(时间|時間|日期|于|於)?\s*+[:：]?|(?<![\u3400-\u9fff])(时间|時間|日期)\s*+[:：]|(Published|Posted)(\s++on)?:?)\s*+$", re.I
)
LABEL_UPDATED = re.compile(r"(更新|修改|修订|Updated|Modified|Last updated)\s*+(?:(时间|時間|于|於|on)\s*+)?(?:[:：]\s*+)?$", re.I)
#: A label ends at most this many characters before its date ("Published On ").
LABEL_CHARS = 20
#: An unlabelled date counts only in the header block: this many characters of header text.
HEADER_BLOCK_CHARS = 600
#: A date after a lower-case word that ends this many words of a line is in a sentence.
PROSE_WORDS = 6
_CJK = re.compile(r"[\u3400-\u9fff]")
_BYLINE_WORD = re.compile(r"\b(?:by|posted|published|updated|written)\b", re.I)
_LOWER_WORD = re.compile(r"(?<![A-Za-z])[a-z]+,?\s*$")
# xinhuanet's "<span>2024</span><span>10/08</span><span>17:32:10</span>": the year in an element of
# its own, read as "2024 10/08 17:32:10"
_SPLIT_YEAR = re.compile(r"(?m)^([ \t]*(?:19|20)\d{2})[ \t\u3000]+(?=\d{1,2}/\d{1,2}(?!\d))")

_CLOCK = re.compile(r"\d{1,2}:\d{2}")
_DATE_PUBLISHED_MARKUP = etree.XPath("//@itemprop[.='datePublished']/..")
# var ct = "1728362461";  "publishTime":"2024-10-08 12:00:00"  create_time: '1728362461'
_SCRIPT_TIME = re.compile(
    r"""(?:\bvar ct|\b(?:create_time|createTime|publish_time|publishTime|pubtime|pubTime|pub_time)["']?)\s*[:=]\s*["']"""
    r"""(?P<v>\d{10}|\d{13}|(?:19|20)\d{2}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?)["']"""
)
_SCRIPT_WORDS = ("var ct", "time", "Time")


@dataclass(frozen=True)
class PublishedDate:
    published: datetime | None
    updated: datetime | None
    year_inferred: bool = False   # the year is the capture's: the page showed none


@dataclass(frozen=True)
class _Found:
    value: datetime
    has_time: bool


def _declared(raw: str | None, zone: tzinfo, fetched_at: datetime | None) -> _Found | None:
    if not raw:
        return None
    stamp = epoch(raw, zone)
    if stamp is not None:
        return _Found(stamp, True)
    value = parse_date(raw, zone, fetched_at=fetched_at)
    return _Found(value, bool(_CLOCK.search(raw))) if value is not None else None


def _script_time(tree: HtmlElement, zone: tzinfo, fetched_at: datetime | None) -> _Found | None:
    """The one publication time the page's scripts state (None when they state several: a list)."""
    values: set[str] = set()
    for script in tree.iter("script"):
        text = script.text or ""
        if (script.get("type") or "").lower() == "application/ld+json" or not any(w in text for w in _SCRIPT_WORDS):
            continue
        values.update(m.group("v") for m in _SCRIPT_TIME.finditer(text))
        if len(values) > 1:
            return None
    return _declared(values.pop(), zone, fetched_at) if values else None


def _not_after(found: Iterable[_Found | None], fetched_at: datetime | None) -> list[_Found]:
    return [f for f in found if f is not None and (fetched_at is None or f.value <= fetched_at)]


def _in_prose(text: str, match: DateMatch) -> bool:
    """Whether the date is part of a sentence: written right after a Chinese character or
    sentence mark (``该条例于2021年6月10日``, ``，2019年10月1日起``) or ending a run of words
    (``the plan was first tabled on March 3, 2020``). A header writes it at the start of a line,
    after a label or after a short byline."""
    before = text[text.rfind("\n", 0, match.start) + 1: match.start]
    if before and (_CJK.match(before[-1]) or before[-1] in "，。；、！？"):
        return True
    # "first tabled on March 3, 2020", not "Meeting notes by jsmith on May 4, 2021"
    return (
        _LOWER_WORD.search(before) is not None and len(before.split()) >= PROSE_WORDS
        and _BYLINE_WORD.search(before) is None
    )


def _after_link(text: str, match: DateMatch, link_texts: frozenset[str]) -> bool:
    """Whether the date follows nothing but a link's text on its line: a teaser of another story
    (``<li><a>多地出台措施促进消费</a><span>2024-10-09 11:20</span></li>``). ``link_texts`` leaves
    out the page's own title (a blog's permalinked headline)."""
    before = " ".join(text[text.rfind("\n", 0, match.start) + 1: match.start].split()).strip(" |·-/")
    return before in link_texts


def _shown(
    header_text: str,
    dates: list[DateMatch],
    headline_found: bool,
    fetched_at: datetime | None,
    link_texts: frozenset[str] = frozenset(),
) -> DateMatch | None:
    """The date the header shows as the publication: labelled, else the first in the header block
    (with the time of day shown for that day, if any) - none written inside a sentence or after
    a link to another story. Without
    a headline the text is the page's top (menus, a clock widget showing the capture time): a date
    on the capture's own day is taken there only when labelled."""
    labelled = [d for d in dates if LABEL_PUBLISHED.search(header_text[max(0, d.start - LABEL_CHARS): d.start])]
    if labelled:
        return labelled[0]
    block = [
        d for d in dates
        if d.start < HEADER_BLOCK_CHARS and d.kind != "relative" and not _in_prose(header_text, d)
        and not _after_link(header_text, d, link_texts)
        and (headline_found or fetched_at is None or d.value.date() != fetched_at.astimezone(d.value.tzinfo).date())
    ]
    first = next((d for d in block if d.has_time or d.kind in ("full", "en")), None)
    if first is not None and not first.has_time:   # "2024-10-08" then "12:00" of that day further on
        first = next((d for d in block if d.has_time and d.value.date() == first.value.date()), first)
    return first


def _same_day(a: datetime, b: datetime) -> bool:
    return (a.month, a.day) == (b.month, b.day)


def choose_published(
    tree: HtmlElement,
    declared: str | None,
    modified: str | None,
    header_text: str,
    header_nodes: list[HtmlElement],
    zone: tzinfo,
    fetched_at: datetime | None,
    *,
    headline_found: bool = True,
    title: str | None = None,
) -> PublishedDate:
    """(published, updated) of the page, by the order in the module's docstring."""
    markup = next(
        (
            f for el in _DATE_PUBLISHED_MARKUP(tree)
            if (f := _declared(el.get("content") or el.get("datetime") or el.text_content(), zone, fetched_at))
        ),
        None,
    )
    stamp = next((n.get("datetime") for n in header_nodes if n.tag == "time" and n.get("datetime")), None)
    machine = _not_after(
        (_declared(declared, zone, fetched_at), markup, _declared(stamp, zone, fetched_at)), fetched_at
    )
    if not machine:
        machine = _not_after([_script_time(tree, zone, fetched_at)], fetched_at)
    header_text = _SPLIT_YEAR.sub(r"\1/", header_text)
    dates = [d for d in find_dates(header_text, zone, fetched_at=fetched_at) if fetched_at is None or d.value <= fetched_at]
    links = frozenset(
        text for n in header_nodes
        if n.tag == "a" and len(text := " ".join(n.text_content().split())) >= 8 and text != title
    )
    shown = _shown(header_text, dates, headline_found, fetched_at, links)

    published: datetime | None = None
    inferred = False
    best = next((f for f in machine if f.has_time), machine[0] if machine else None)
    if best is not None:
        published = best.value
        if not best.has_time and shown is not None and shown.has_time and _same_day(shown.value, best.value):
            # the declared day, the time of day shown for it
            local = best.value.astimezone(shown.value.tzinfo)
            published = shown.value.replace(year=local.year) if shown.kind == "md" else shown.value
    elif shown is not None:
        published = shown.value
        if shown.kind == "md":   # no year shown: the year of a declared date of the same day, else the capture's
            other = _declared(modified, zone, fetched_at)
            if other is not None and _same_day(other.value.astimezone(shown.value.tzinfo), shown.value):
                published = shown.value.replace(year=other.value.astimezone(shown.value.tzinfo).year)
            else:
                inferred = True

    updated = _declared(modified, zone, fetched_at)
    updated_value = updated.value if updated is not None and (fetched_at is None or updated.value <= fetched_at) else None
    if updated_value is None:
        labelled = [d for d in dates if LABEL_UPDATED.search(header_text[max(0, d.start - LABEL_CHARS): d.start])]
        updated_value = labelled[0].value if labelled else None
    if updated_value is not None and updated_value == published:
        updated_value = None
    return PublishedDate(published, updated_value, inferred)
