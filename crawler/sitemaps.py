"""Reading what a site says about its pages: robots.txt ``Sitemap:`` lines, sitemaps and sitemap
indexes (plain or gzipped, Google-News extensions), RSS 2.0 / RSS 1.0 / Atom feeds.

Pure functions over bytes; XML is parsed without network access or entity expansion.
"""

from __future__ import annotations

import gzip
import re
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import lxml.etree
from dateutil import parser as date_parser

__all__ = [
    "FeedEntry",
    "Sitemap",
    "SitemapEntry",
    "feed_entries",
    "is_feed",
    "is_sitemap",
    "parse_date",
    "parse_sitemap",
    "sitemaps_from_robots",
]


# --------------------------------------------------------------------------- dates


def parse_date(value: str | None) -> datetime | None:
    """Parse a W3C / ISO 8601 / RFC 822 date; timezone-aware (UTC when none is given)."""
    if not value or not value.strip():
        return None
    text = value.strip()
    parsed: datetime | None = None
    try:
        parsed = date_parser.isoparse(text)
    except (ValueError, OverflowError):
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            try:
                parsed = date_parser.parse(text)
            except (ValueError, OverflowError):
                return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


# --------------------------------------------------------------------------- robots.txt

_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


def sitemaps_from_robots(text: str, robots_url: str) -> tuple[str, ...]:
    """The ``Sitemap:`` URLs of a robots.txt, absolute, in file order, without repeats."""
    seen: dict[str, None] = {}
    for match in _SITEMAP_LINE.finditer(text):
        seen.setdefault(urljoin(robots_url, match.group(1)), None)
    return tuple(seen)


# --------------------------------------------------------------------------- XML helpers

_XML_PARSER = lxml.etree.XMLParser(
    recover=True, resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
)


def _maybe_gunzip(body: bytes) -> bytes:
    if body[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(body)
        except (OSError, EOFError, zlib.error):
            return b""
    return body


def _xml_root(body: bytes) -> lxml.etree._Element | None:
    data = _maybe_gunzip(body).lstrip()
    if not data:
        return None
    try:
        return lxml.etree.fromstring(data, parser=_XML_PARSER)
    except lxml.etree.XMLSyntaxError:
        return None


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _child_text(element: lxml.etree._Element, *names: str) -> str | None:
    for child in element:
        if _local(child.tag) in names and child.text and child.text.strip():
            return child.text.strip()
    return None


# --------------------------------------------------------------------------- sitemaps


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    lastmod: datetime | None = None
    is_news: bool = False  # from a Google-News sitemap (<news:news>): an article
    news_title: str | None = None
    news_published: datetime | None = None


@dataclass(frozen=True)
class Sitemap:
    kind: str  # "index" (entries are child sitemaps) | "urlset" (entries are pages)
    entries: tuple[SitemapEntry, ...]


def is_sitemap(body: bytes) -> bool:
    root = _xml_root(body)
    return root is not None and _local(root.tag) in ("urlset", "sitemapindex")


def parse_sitemap(body: bytes, base_url: str) -> Sitemap:
    """Parse a sitemap or sitemap index (plain or gzipped; Google-News extensions read).

    A body that is not a sitemap gives ``Sitemap("urlset", ())``.
    """
    root = _xml_root(body)
    if root is None:
        return Sitemap("urlset", ())
    kind = "index" if _local(root.tag) == "sitemapindex" else "urlset"
    entries: list[SitemapEntry] = []
    for element in root:
        if _local(element.tag) not in ("url", "sitemap"):
            continue
        loc = _child_text(element, "loc")
        if not loc:
            continue
        news = next((c for c in element if _local(c.tag) == "news"), None)
        entries.append(
            SitemapEntry(
                url=urljoin(base_url, loc),
                lastmod=parse_date(_child_text(element, "lastmod")),
                is_news=news is not None,
                news_title=_child_text(news, "title") if news is not None else None,
                news_published=(
                    parse_date(_child_text(news, "publication_date")) if news is not None else None
                ),
            )
        )
    return Sitemap(kind, tuple(entries))


# --------------------------------------------------------------------------- feeds


@dataclass(frozen=True)
class FeedEntry:
    url: str
    title: str | None = None
    published: datetime | None = None


def is_feed(body: bytes) -> bool:
    root = _xml_root(body)
    return root is not None and _local(root.tag) in ("rss", "feed", "rdf")


def feed_entries(body: bytes, base_url: str) -> tuple[FeedEntry, ...]:
    """Item links of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, in feed order."""
    root = _xml_root(body)
    if root is None:
        return ()
    kind = _local(root.tag)
    entries: list[FeedEntry] = []
    if kind == "feed":  # Atom
        for entry in root:
            if _local(entry.tag) != "entry":
                continue
            href = None
            for link in entry:
                if _local(link.tag) == "link" and link.get("href"):
                    if link.get("rel", "alternate") == "alternate":
                        href = link.get("href")
                        break
                    href = href or None
            if not href:
                continue
            entries.append(
                FeedEntry(
                    url=urljoin(base_url, href.strip()),
                    title=_child_text(entry, "title"),
                    published=parse_date(_child_text(entry, "published", "updated")),
                )
            )
        return tuple(entries)
    items = root.iter() if kind in ("rss", "rdf") else ()
    for item in items:
        if _local(item.tag) != "item":
            continue
        link = _child_text(item, "link")
        if not link:
            guid = next((c for c in item if _local(c.tag) == "guid"), None)
            if guid is not None and guid.get("isPermaLink", "true") != "false" and guid.text:
                link = guid.text.strip()
        if not link:
            continue
        entries.append(
            FeedEntry(
                url=urljoin(base_url, link),
                title=_child_text(item, "title"),
                published=parse_date(_child_text(item, "pubdate", "date")),
            )
        )
    return tuple(entries)
