"""Pure discovery helpers: page links, link policy, comment-page links, URL traps.

(Sitemaps, feeds and robots.txt ``Sitemap:`` lines are read by ``crawler.sitemaps``.) Nothing
here does I/O or imports Scrapy; the spider calls these and only routes requests. The lists they
use (non-HTML extensions, comment-page hints, trap bounds) live in ``crawler/data/discovery.toml``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import PurePosixPath
from urllib.parse import parse_qsl, unquote, urlsplit

import lxml.etree

from archive.extract.links import NO_LINKS, PageLinks, links_in

__all__ = [
    "DiscoveryData",
    "LinkPolicy",
    "calendar_template",
    "is_comment_page_link",
    "is_pagination_link",
    "load_discovery_data",
    "origin_of",
    "page_links",
    "trap_reason",
]

_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class DiscoveryData:
    """The contents of ``crawler/data/discovery.toml``."""

    skip_extensions: frozenset[str]
    comment_page_params: frozenset[str]
    comment_page_paths: tuple[str, ...]
    comment_link_texts: tuple[str, ...]
    html_content_types: tuple[str, ...]
    max_path_segments: int
    max_url_length: int
    max_segment_repeats: int
    pagination_params: frozenset[str]
    pagination_link_texts: frozenset[str]


def load_discovery_data() -> DiscoveryData:
    text = resources.files("crawler").joinpath("data/discovery.toml").read_text("utf-8")
    raw = tomllib.loads(text)
    return DiscoveryData(
        skip_extensions=frozenset(e.lower() for e in raw["skip_extensions"]),
        comment_page_params=frozenset(p.lower() for p in raw["comment_page_params"]),
        comment_page_paths=tuple(raw["comment_page_paths"]),
        comment_link_texts=tuple(t.lower() for t in raw["comment_link_texts"]),
        html_content_types=tuple(raw["html_content_types"]),
        max_path_segments=int(raw["max_path_segments"]),
        max_url_length=int(raw["max_url_length"]),
        max_segment_repeats=int(raw["max_segment_repeats"]),
        pagination_params=frozenset(p.lower() for p in raw["pagination_params"]),
        pagination_link_texts=frozenset(t.lower() for t in raw["pagination_link_texts"]),
    )


DATA = load_discovery_data()


# --------------------------------------------------------------------------- page links


_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_HTML_PARSER = lxml.etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)


def page_links(html: str, base_url: str) -> PageLinks:
    """Anchors, feed links and rel=canonical of an HTML page (``archive.extract.links.links_in`` on a
    parse of its own: the crawl's workers read them from the extractor's parse instead)."""
    html = _XML_DECL.sub("", html, count=1)
    if not html.strip():
        return NO_LINKS
    try:
        # a plain lxml tree (no HtmlElement class lookup per element): only attributes are read
        doc = lxml.etree.fromstring(html, _HTML_PARSER)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError):
        return NO_LINKS
    if doc is None:
        return NO_LINKS
    return links_in(doc, base_url)


# --------------------------------------------------------------------------- link policy


def origin_of(url: str) -> str:
    """``host:port`` of an http(s) URL (default port filled in), "" for anything else."""
    scheme, sep, rest = url.partition("://")
    if sep and scheme.lower() in _DEFAULT_PORTS:
        authority = _AUTHORITY_END.split(rest, maxsplit=1)[0]
        if not _UNUSUAL.search(authority):  # the same authority always gives the same origin
            return _origin_of_authority(scheme.lower(), authority)
    return _origin_from_parts(url)


_AUTHORITY_END = re.compile(r"[/?#]")
_UNUSUAL = re.compile(r"[\t\r\n\\\x00-\x20]")


@lru_cache(maxsize=4096)
def _origin_of_authority(scheme: str, authority: str) -> str:
    return _origin_from_parts(f"{scheme}://{authority}/")


def _origin_from_parts(url: str) -> str:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return ""
    try:
        port = parts.port or _DEFAULT_PORTS[scheme]
    except ValueError:
        return ""
    return f"{parts.hostname.lower()}:{port}"


def _extension(path: str) -> str:
    suffix = PurePosixPath(unquote(path)).suffix
    return suffix[1:].lower() if suffix else ""


def is_comment_page_link(
    url: str, text: str = "", patterns: Sequence[re.Pattern[str]] = (), data: DiscoveryData = DATA
) -> bool:
    """True for a link to a page of reader comments (``?cpage=2``, "更多评论", site patterns)."""
    parts = urlsplit(url)
    if any(name.lower() in data.comment_page_params for name, _ in parse_qsl(parts.query)):
        return True
    path = parts.path.lower()
    if any(piece in path for piece in data.comment_page_paths):
        return True
    lowered = text.lower()
    if lowered and any(t in lowered for t in data.comment_link_texts):
        return True
    target = parts.path + ("?" + parts.query if parts.query else "")
    return any(p.search(target) for p in patterns)


# /news/page/3/, /news/index_3.html, /news/list-3.shtml: a listing's page number in its path
_PATH_PAGE = re.compile(r"(?:/page/\d{1,5}/?$|[_-]\d{1,5}(?=\.s?html?$))", re.IGNORECASE)
_PAGE_NUMBER_TEXT = re.compile(r"^(?:\[\s*)?(?:第\s*)?\d{1,5}(?:\s*页)?(?:\s*\])?$")


def is_pagination_link(page_url: str, url: str, text: str = "", data: DiscoveryData = DATA) -> bool:
    """True for a link from a listing page to another page of the same listing.

    On the same host and path, a link that changes only page-number parameters (``?page=2``) is
    one; so is a link whose path differs only by a page number (``/news/page/3/``,
    ``/news/index_3.html``) when its text reads like pagination ("下一页", "next", "3")."""
    here, there = urlsplit(page_url), urlsplit(url)
    if here.netloc.lower() != there.netloc.lower():
        return False
    if here.path == there.path or (not here.path.strip("/") and not there.path.strip("/")):
        ours, theirs = dict(parse_qsl(here.query)), dict(parse_qsl(there.query))
        changed = {k for k in ours.keys() | theirs.keys() if ours.get(k) != theirs.get(k)}
        return bool(changed) and all(k.lower() in data.pagination_params for k in changed)
    if here.query != there.query:
        return False
    listing = _PATH_PAGE.sub("", there.path)
    if listing == there.path or listing.rstrip("/") != _PATH_PAGE.sub("", here.path).rstrip("/"):
        return False
    words = " ".join(text.split()).lower()
    return words in data.pagination_link_texts or bool(_PAGE_NUMBER_TEXT.match(words))


def _repeats(segments: Sequence[str]) -> int:
    """Most times one segment, or one pair of adjacent segments, occurs."""
    best = 0
    for width in (1, 2):
        counts: dict[tuple[str, ...], int] = {}
        for i in range(0, len(segments) - width + 1):
            key = tuple(segments[i : i + width])
            counts[key] = counts.get(key, 0) + 1
        best = max([best, *counts.values()])
    return best


_YEAR_IN_PATH = re.compile(r"(?<!\d)((?:19|20|21)\d{2})(?:[-_/]?(0[1-9]|1[0-2]))?(?!\d)")
_DATE_SEGMENT = re.compile(
    r"^(?:(?:19|20|21)\d{2}(?:[-_]?(?:0?[1-9]|1[0-2])(?:[-_]?(?:0?[1-9]|[12]\d|3[01]))?)?"
    r"|0?[1-9]|1[0-2]|[12]\d|3[01])$"
)
_YEAR_SEGMENT = re.compile(r"^(?:19|20|21)\d{2}")
_INDEX_NAMES = {"", "index.html", "index.htm", "index.shtml", "index.php", "default.aspx"}
_DATE_VALUE = re.compile(
    r"^(?:19|20|21)\d{2}(?:[-_/.]?(?:0?[1-9]|1[0-2])(?:[-_/.]?(?:0?[1-9]|[12]\d|3[01]))?)?$"
)
_DATE_PARAM_NAMES = {"date", "day", "month", "year", "y", "m", "d", "ym", "ymd", "time", "cal"}


# a year is a whole path segment ("/2031/") or starts a date in one ("2031-01", "2031_01_05-x.html",
# "20310105.html"); a number like the 2028 of "/news/2028.html" is a story's number, not a year
_YEAR_ONLY = re.compile(r"^((?:19|20|21)\d{2})$")
_DATED_SEGMENT = re.compile(
    r"^((?:19|20|21)\d{2})(?:[-_](?:0?[1-9]|1[0-2])(?!\d)|(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d))"
)
_MONTH_SEGMENT = re.compile(r"^(?:0?[1-9]|1[0-2])(?!\d)")
_DATED_VALUE = re.compile(r"^((?:19|20|21)\d{2})[-_/.]?(?:0?[1-9]|1[0-2])(?:[-_/.]?(?:0?[1-9]|[12]\d|3[01]))?$")


def _url_years(url: str) -> list[int]:
    """The years a URL is addressed by: only numbers in a date-like position count — a path
    segment that is a year followed by a month segment or ending the path (``/2031/01/``,
    ``/archive/2031/``), a segment that starts with a date (``2031-01``, ``20310105.html``), a
    date parameter (``?year=2031``) or a parameter value that is a date (``?d=2031-01``)."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if segments and segments[-1].lower() in _INDEX_NAMES:
        segments = segments[:-1]
    years = []
    for i, segment in enumerate(segments):
        if match := _YEAR_ONLY.match(segment):
            following = segments[i + 1] if i + 1 < len(segments) else None
            if following is None or _MONTH_SEGMENT.match(following):
                years.append(int(match.group(1)))
        elif match := _DATED_SEGMENT.match(segment):
            years.append(int(match.group(1)))
    for name, value in parse_qsl(parts.query):
        if name.lower() in _DATE_PARAM_NAMES:
            years += [int(m.group(1)) for m in _YEAR_IN_PATH.finditer(value)]
        elif match := _DATED_VALUE.match(value):
            years.append(int(match.group(1)))
    return years


def trap_reason(url: str, today: date, data: DiscoveryData = DATA) -> str | None:
    """Why a URL is a crawler trap, or None: too long, too deep, repeating segments, or a
    date in the path/query more than a year in the future (an endless calendar)."""
    if len(url) > data.max_url_length:
        return "trap:url-too-long"
    segments = [s for s in urlsplit(url).path.split("/") if s]
    if len(segments) > data.max_path_segments:
        return "trap:path-too-deep"
    if _repeats(segments) >= data.max_segment_repeats:
        return "trap:repeating-path"
    if any(year > today.year + 1 for year in _url_years(url)):
        return "trap:future-date"
    return None


def calendar_template(url: str) -> str | None:
    """For a date-addressed listing page (``/archive/2031/01/01/``, ``/calendar?month=2031-01``)
    return its shape with the date taken out, so the spider can bound how many it follows;
    None for other URLs, including dated article URLs (``/2024/07/14/some-story.html``)."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if segments and segments[-1].lower() in _INDEX_NAMES:
        body = segments[:-1]
    else:
        body = segments
    template: list[str] = []
    date_tail = 0
    for segment in body:
        if _DATE_SEGMENT.match(segment) and (date_tail or _YEAR_SEGMENT.match(segment)):
            date_tail += 1
            if template and template[-1] == "{date}":
                continue
            template.append("{date}")
        else:
            date_tail = 0
            template.append(segment)
    path_is_calendar = bool(body) and date_tail > 0
    query_keys: list[str] = []
    query_is_calendar = False
    for name, value in parse_qsl(parts.query):
        if _DATE_VALUE.match(value) and (
            name.lower() in _DATE_PARAM_NAMES or _YEAR_SEGMENT.match(value)
        ):
            query_is_calendar = True
            query_keys.append(f"{name}={{date}}")
        else:
            query_keys.append(f"{name}=*")
    if not (path_is_calendar or query_is_calendar):
        return None
    return "/" + "/".join(template) + ("?" + "&".join(sorted(query_keys)) if query_keys else "")


@dataclass(frozen=True)
class LinkPolicy:
    """Which discovered URLs may be requested: seeds' host+port only, no non-HTML
    extensions, no site skip patterns, no traps."""

    origins: frozenset[str]
    skip_patterns: tuple[re.Pattern[str], ...] = ()
    data: DiscoveryData = DATA

    @classmethod
    def for_seeds(
        cls, seeds: Iterable[str], skip_patterns: Iterable[re.Pattern[str]] = ()
    ) -> LinkPolicy:
        return cls(
            origins=frozenset(o for o in map(origin_of, seeds) if o),
            skip_patterns=tuple(skip_patterns),
        )

    def origin_refusal(self, url: str) -> str | None:
        """The cheap first test of :meth:`refuse_reason`: "scheme" or "off-host", else None."""
        origin = origin_of(url)
        if not origin:
            return "scheme"
        return None if origin in self.origins else "off-host"

    def refuse_reason(self, url: str, today: date, *, any_extension: bool = False) -> str | None:
        """None when the URL may be requested, else a short reason (counted in stats).

        ``any_extension``: a sitemap or feed the site named (``sitemap.xml.gz`` is one), not a page
        link, so a non-HTML extension does not refuse it."""
        reason = self.origin_refusal(url)
        if reason is not None:
            return reason
        parts = urlsplit(url)
        if not any_extension and _extension(parts.path) in self.data.skip_extensions:
            return "non-html-extension"
        target = parts.path + ("?" + parts.query if parts.query else "")
        if any(p.search(target) for p in self.skip_patterns):
            return "skip-pattern"
        return trap_reason(url, today, self.data)
