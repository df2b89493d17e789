"""Choosing an article's published date: labelled metadata first, the capture time the only clock.

Where a date can come from, most trusted first:

1. what the page declares for machines: JSON-LD ``datePublished`` (or Baidu's ``pubDate``),
   ``article:published_time`` / ``pubdate`` / ``publishdate`` metas (read by
   ``archive.extract.metadata``), ``itemprop=datePublished`` markup, a ``<time datetime>`` under
   the headline, a publication time the page's own script states (WeChat's ``var ct = "…"``)
   when it states exactly one;
2. what it shows under the headline: a labelled line (``发布时间：``, ``发表于``, ``Published``)
   anywhere in the header text, else the first date with a time of day in the header block.

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
    r"((发布|發布|發佈|发表|發表|出版)(时间|時間|日期|于|於)?\s*[:：]?|(?<![\u3400-\u9fff])(时间|時間|日期)\s*[:：]|(Published|Posted)(\s+on)?:?)\s*$", re.I
)
LABEL_UPDATED = re.compile(r"(更新|修改|修订|Updated|Modified|Last updated)\s*(时间|時間|于|於|on)?\s*[:：]?\s*$", re.I)
#: An unlabelled date counts only in the header block: this many characters of header text.
HEADER_BLOCK_CHARS = 240
#: ... and on a line of at most this many characters that is no sentence (a header line).
HEADER_LINE_CHARS = 80
_SENTENCE = re.compile(r"[，。；！？]|[a-z]{2}\.$")
# xinhuanet's "<span>2024</span><span>10/08</span><span>17:32:10</span>": the year in an element of
# its own, read as "2024 10/08 17:32:10"
_SPLIT_YEAR = re.compile(r"(?m)^([ \t]*(?:19|20)\d{2})[ \t\u3000]+(?=\d{1,2}/\d{1,2}(?!\d))")

_CLOCK = re.compile(r"\d{1,2}:\d{2}")
_DATE_PUBLISHED_MARKUP = etree.XPath("//@itemprop[.='datePublished']/..")
# var ct = "1728362461";  "publishTime":"2024-10-08 12:00:00"  create_time: '1728362461'
_SCRIPT_TIME = re.compile(
    r"""\b(?:ct|create_time|createTime|publish_time|publishTime|pubtime|pubTime|pub_time)["']?\s*[:=]\s*["']"""
    r"""(?P<v>\d{10}|\d{13}|(?:19|20)\d{2}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?)["']"""
)
_SCRIPT_WORDS = ("ct", "time", "Time")


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


def _on_header_line(text: str, match: DateMatch) -> bool:
    """Whether the date stands on a header-like line: short, and not a sentence."""
    start = text.rfind("\n", 0, match.start) + 1
    end = text.find("\n", match.end)
    line = text[start: end if end >= 0 else len(text)].strip()
    return len(line) <= HEADER_LINE_CHARS and not _SENTENCE.search(line)


def _shown(header_text: str, dates: list[DateMatch], headline_found: bool) -> DateMatch | None:
    """The date the header shows as the publication: labelled, else (under a found headline) the
    first with a time of day on a short line of the header block, else the first full date there.
    A date inside a sentence (the story's first paragraph) is not the page's date."""
    labelled = [d for d in dates if LABEL_PUBLISHED.search(header_text[max(0, d.start - 12): d.start])]
    if labelled:
        return labelled[0]
    if not headline_found:
        return None   # the text from the page's top: clocks and menus, not a header
    block = [
        d for d in dates
        if d.start < HEADER_BLOCK_CHARS and d.kind != "relative" and _on_header_line(header_text, d)
    ]
    timed = [d for d in block if d.has_time]
    if timed:
        return timed[0]
    full = [d for d in block if d.kind in ("full", "en")]
    return full[0] if full else None


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
    shown = _shown(header_text, dates, headline_found)

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
        labelled = [d for d in dates if LABEL_UPDATED.search(header_text[max(0, d.start - 12): d.start])]
        updated_value = labelled[0].value if labelled else None
    if updated_value is not None and updated_value == published:
        updated_value = None
    return PublishedDate(published, updated_value, inferred)
