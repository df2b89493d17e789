"""Is a page an article, or a home / section / listing / tag / search / author / comment page?

One pure function over signals the extractor already has; it returns the verdict with a short
human-readable reason, so an archivist can see why a page was (not) stored as an article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from archive.extract.metadata import ARTICLE_TYPES

__all__ = ["PageSignals", "classify_page"]

_LISTING_TYPES = frozenset(
    {"collectionpage", "itemlist", "searchresultspage", "profilepage", "website", "blog", "aboutpage", "contactpage"}
)
_LISTING_PATH = re.compile(
    r"/(tag|tags|topic|topics|category|categories|cat|section|channel|column|list|lists|archive|archives|author|authors|"
    r"user|search|page|index|node|label|标签|分类|栏目)(/|$|\.s?html?$|\.php$)",
    re.I,
)
_COMMENT_PAGE = re.compile(
    r"(?:^|[/?&])(cpage|comment-page|comments?-page|commentpage)[-=/]?\d+|/(comments?|pinglun|reply)/?((page-?)?\d+/?)?$", re.I
)
_SEARCH_QUERY = {"s", "q", "query", "keyword", "keywords", "wd", "kw", "search"}
_STORY_ID = re.compile(r"\d{5,}|20\d{2}[-/_]?\d{2}[-/_]?\d{2}|/20\d{2}/\d{1,2}/[^/]+$")
_INDEX_PAGE = re.compile(r"/(index|default|page\d*|list\d*|more)(\.s?html?|\.php|\.aspx?)?$|/$", re.I)
_ARTICLE_PATH = re.compile(r"(\d{5,}|/20\d{2}[-/]?\d{2}[-/]?\d{2}|\d{4}/\d{2}/|[-_][a-z0-9]+(-[a-z0-9]+){2,}|\.s?html?$|/p/\d+|/a/\w+|/article/|/news/\w+|\?p=\d+|[?&](id|aid|article_?id)=\d+)", re.I)


@dataclass(frozen=True)
class PageSignals:
    """What the extractor measured on a page, for :func:`classify_page`."""

    url: str
    jsonld_types: tuple[str, ...]
    og_type: str | None
    body_chars: int          # characters of the extracted body
    body_paragraphs: int
    link_density: float      # share of the page's visible text that sits inside links
    has_date: bool           # a publication date was found
    has_title_heading: bool  # the page has one <h1> (or equivalent) naming the story
    linked_headings: int     # headings that are links (a listing's teasers)
    longest_paragraph: int   # characters of the longest body paragraph
    comments: int
    cjk: bool                # Chinese/Japanese text: characters carry more than letters


def classify_page(s: PageSignals) -> tuple[bool, str]:
    """Return (is_article, reason). Structured declarations win, then URL shape, then the text."""
    types = set(s.jsonld_types)
    article_type = sorted(types & ARTICLE_TYPES)
    long_enough = s.body_chars >= (150 if s.cjk else 400)
    if article_type:
        return True, f"JSON-LD @type {article_type[0]}"
    parts = urlsplit(s.url)
    query = parse_qs(parts.query)
    if _COMMENT_PAGE.search(parts.path + ("?" + parts.query if parts.query else "")):
        return False, "comment page (URL names a comment page)"
    listing_type = sorted(types & _LISTING_TYPES)
    if listing_type and not long_enough:
        return False, f"JSON-LD @type {listing_type[0]} and little body text"
    if _SEARCH_QUERY & set(query):
        return False, "search page (URL has a search query)"
    if parts.path in ("", "/") or re.fullmatch(r"/(index|default|home)\.(s?html?|php|aspx?)", parts.path, re.I):
        return False, "home page (site root URL)"
    listing_url = _LISTING_PATH.search(parts.path)
    # the URL shape is read from path and query only: a port like :50321 is not a story id
    path_query = parts.path + ("?" + parts.query if parts.query else "")
    article_url = _ARTICLE_PATH.search(path_query) is not None
    if listing_url and not article_url and not (s.og_type == "article" and long_enough):
        return False, f"listing page (URL segment /{listing_url.group(1)}/)"
    if s.og_type == "article" and long_enough:
        return True, "og:type article with body text"
    if not long_enough:
        if (
            s.has_date and s.has_title_heading and s.longest_paragraph >= 20 and s.link_density < 0.4
            and s.linked_headings < 5 and _STORY_ID.search(parts.path) and not _INDEX_PAGE.search(parts.path)
        ):
            return True, "short dated story under its headline (news flash)"
        return False, f"too little body text ({s.body_chars} characters)"
    if s.link_density > 0.55:
        return False, f"link-dense page ({s.link_density:.2f} of text in links)"
    if s.linked_headings >= 5 and not s.has_title_heading:
        return False, f"listing of {s.linked_headings} linked headlines and no headline of its own"
    if s.has_date and s.has_title_heading and s.body_paragraphs >= 2:
        return True, "dated page with a body of text" + (" (article-like URL)" if article_url else "")
    if article_url and s.body_paragraphs >= 3:
        return True, "article-like URL with a body of text"
    if s.has_title_heading and s.body_paragraphs >= 4 and s.link_density < 0.35:
        return True, "headline and several paragraphs of text"
    return False, "no date, no article markers"
