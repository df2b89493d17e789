"""The links a page makes: anchors, feed links and rel=canonical, read from a parsed page.

Pure functions on an lxml tree. The crawl reads them in its extraction workers from the tree the
extractor parses anyway (``archive.process.process_page(..., links=True)``), so the crawl process
never parses a page a second time; ``crawler.discovery.page_links`` parses a page itself where no
worker did.

``PageLinks`` keeps a page's anchors as written, in columns of plain strings: it crosses from a
worker process to the crawl process for every page (hundreds of small objects pickle far slower
than a few tuples of strings), and the crawl resolves only the links it has not seen before.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple
from urllib.parse import urljoin

__all__ = ["FEED_CONTENT_TYPES", "NO_LINKS", "Link", "PageLinks", "join_url", "links_in", "remember"]

# <link rel="alternate" type=…> that announce a feed
FEED_CONTENT_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json"}
)
_IGNORED_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "sms:", "ftp:", "#")


class Link(NamedTuple):
    url: str  # absolute, fragment dropped (not canonicalised)
    text: str  # whitespace collapsed; "" for <area>
    nofollow: bool = False
    href: str = ""  # as written on the page (stripped)


@dataclass(frozen=True)
class PageLinks:
    """A page's links as written: reading them is cheap C-level work on the tree; resolving them
    is left to ``unknown``, which a crawl runs only on links it has not seen yet (a site's menus
    repeat on every page)."""

    base: str  # what relative hrefs resolve against: the page's URL or its <base href>
    hrefs: tuple[str, ...]  # the anchors' href attributes, in page order
    texts: tuple[str, ...]  # their texts as they are ("" for <area>)
    nofollow: frozenset[int]  # positions of anchors marked rel="nofollow"
    feeds: tuple[str, ...]  # absolute
    canonical: str | None  # absolute, fragment dropped

    @property
    def origin(self) -> str:
        """``scheme://host:port`` of ``base``: hrefs that are absolute or start with one "/" mean
        the same on every page of that origin."""
        return _origin(self.base)

    @property
    def anchors(self) -> tuple[Link, ...]:
        return tuple(self.unknown(()))

    def unknown(self, known: Container[str]) -> Iterator[Link]:
        """The anchors, resolved, except those whose href as written or whose URL is in ``known``
        (see ``remember``); javascript:, mailto: and the like are left out."""
        base, origin, nofollow = self.base, self.origin, self.nofollow
        for i, (raw, text) in enumerate(zip(self.hrefs, self.texts)):
            if raw in known:
                continue
            href = raw.strip()
            if not href or href.lower().startswith(_IGNORED_SCHEMES):
                continue
            url = join_url(base, href, origin).split("#", 1)[0]
            if url not in known:
                yield Link(url, " ".join(text.split()), i in nofollow, raw)


def remember(known: set[str], link: Link) -> None:
    """Mark a link as seen in a memo shared by the pages of one origin (``PageLinks.origin``): its
    URL, and its href as written where that means the same on every page of the origin."""
    known.add(link.url)
    if _ORIGIN_RELATIVE.match(link.href):
        known.add(link.href)


NO_LINKS = PageLinks("", (), (), frozenset(), (), None)


@lru_cache(maxsize=1 << 16)
def _join_from_origin(origin: str, href: str) -> str:
    return urljoin(origin + "/", href)


# hrefs whose absolute form depends only on the page's scheme, host and port
_ORIGIN_RELATIVE = re.compile(r"(?<![a-zA-Z0-9+.-])[a-zA-Z][a-zA-Z0-9+.-]*+://|/(?!/)")


def _origin(base: str) -> str:
    """``scheme://host:port`` of an absolute URL, as written."""
    scheme, _, rest = base.partition("://")
    return f"{scheme}://{re.split(r'[/?#]', rest, maxsplit=1)[0]}"


def join_url(base: str, href: str, origin: str | None = None) -> str:
    """``urljoin(base, href)``, remembered for links whose result does not depend on the page's
    path (absolute and root-relative ones, most links of a news site): the same menus repeat on
    every page of a site. ``origin`` is ``_origin(base)`` when the caller has it."""
    if _ORIGIN_RELATIVE.match(href) and "://" in base:
        return _join_from_origin(origin or _origin(base), href)
    return urljoin(base, href)


def links_in(tree: Any, base_url: str, feed_types: Container[str] = FEED_CONTENT_TYPES) -> PageLinks:
    """Anchors (``<a>``, ``<area>``), feed links and rel=canonical of a parsed page (an lxml
    tree, before anything is removed from it), against ``<base href>`` or ``base_url``."""
    base = base_url
    for element in tree.iter("base"):
        if element.get("href"):
            base = urljoin(base_url, element.get("href").strip())
            break
    hrefs: list[str] = []
    texts: list[str] = []
    nofollow: list[int] = []
    # in document order, as //a[@href] | //area[@href] gives them, at a third of that XPath's cost
    for element in tree.iter("a", "area"):
        href = element.get("href")
        if href is None:
            continue
        rel = element.get("rel")
        if rel and "nofollow" in rel.lower().split():
            nofollow.append(len(hrefs))
        hrefs.append(href)
        if element.tag != "a":
            texts.append("")
        else:
            texts.append(element.text or "" if not len(element) else "".join(element.itertext()))
    feeds: list[str] = []
    canonical: str | None = None
    for element in tree.iter("link"):
        rel = (element.get("rel") or "").lower().split()
        href = (element.get("href") or "").strip()
        if not href:
            continue
        if "alternate" in rel and (element.get("type") or "").lower() in feed_types:
            feeds.append(urljoin(base, href))
        elif "canonical" in rel and canonical is None:
            canonical = urljoin(base, href).split("#", 1)[0]
    return PageLinks(base, tuple(hrefs), tuple(texts), frozenset(nofollow), tuple(dict.fromkeys(feeds)), canonical)
