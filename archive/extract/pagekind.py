"""Is a page an article, or a home / section / listing / tag / search / author / comment page?

One pure function over signals the extractor already has; it returns the verdict with a short
human-readable reason, so an archivist can see why a page was (not) stored as an article. The
verdict never costs the page its text: the extraction keeps the body either way.

Evidence against an article is strong when the URL says what the page is (a date archive, a
listing's n-th page, a search, a tag, the home page, a page about the site), the page declares
itself a listing, it is mostly links, or it lists linked headlines with none of its own. A page
with a story-like body (paragraphs of story length) and none of that is an article, even without
a date or article markup.
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


# A date archive: the path ends in a month or a day and nothing after it (/archive/2024/09/17,
# /2024/09/, /news/2024-09-17/, /2024/0917/index.html); a year alone only under an archive's name
# (/archives/2024: /1927 alone is as likely a post's number).
_DATE_ARCHIVE = re.compile(
    r"/(19|20)\d{2}([-/](0?[1-9]|1[0-2])([-/](0?[1-9]|[12]\d|3[01]))?|/(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01]))"
    r"/?((index|default)\.(s?html?|php|aspx?))?$",
    re.I,
)
# The same under a segment that names an archive of dates (/archive/20240917, /date/2024-9-17).
_NAMED_DATE_ARCHIVE = re.compile(r"/(archives?|date|day|calendar|history)/(19|20)\d{2}([-/]?\d{1,2}([-/]?\d{1,2})?)?/?$", re.I)
# The n-th page of a listing: /page/2/, index_2.shtml, list_3.html, and ?page=2 style queries.
_PAGED_PATH = re.compile(r"/page/\d+/?$|/(index|list|default|more)_\d+\.(s?html?|php|aspx?)$", re.I)
_PAGE_PARAMS = frozenset({"page", "paged", "pg", "pn", "pageno", "page_no", "pagenum", "pageindex", "page_index", "start", "offset"})
# The part of _ARTICLE_PATH that names one story in the path alone (not a query nor a ".html").
_STORY_PATH = re.compile(r"\d{5,}|[-_][a-z0-9]+(-[a-z0-9]+){2,}|/p/\d+|/a/\w+|/article/", re.I)


_STORY_PARAMS = frozenset({"p", "id", "aid", "articleid", "article_id", "newsid", "news_id", "docid", "tid"})


def _listing_by_url(path: str, query: dict[str, list[str]]) -> str | None:
    """Why the URL alone makes the page a date archive or a listing's n-th page, else None.
    Such pages are never articles, however much text they carry."""
    if not any(key.lower() in _STORY_PARAMS for key in query):
        if _DATE_ARCHIVE.search(path) or _NAMED_DATE_ARCHIVE.search(path):
            return "date archive (URL ends in a date)"
    if _PAGED_PATH.search(path):
        return "listing page (URL names a page of a listing)"
    paged = sorted(key for key, values in query.items() if key.lower() in _PAGE_PARAMS and values and values[0].isdigit())
    if paged and not _STORY_PATH.search(path) and not any(key.lower() in _STORY_PARAMS for key in query):
        return f"listing page (URL pages through a listing: ?{paged[0]}=)"
    return None


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


#: A paragraph at least this long (characters; Chinese / Japanese carry about twice as much a
#: character) is a story's paragraph, not a teaser, a caption or a menu.
STORY_PARAGRAPH = 150
STORY_PARAGRAPH_CJK = 60

#: A body whose longest line is shorter than this is a column of headlines or links, not text.
SENTENCE = 80
SENTENCE_CJK = 30

# Pages about the site rather than stories: /about/, /contact-us.html, /privacy …
_SITE_PAGE = re.compile(
    r"/(about|about-?us|aboutus|contact|contact-?us|contactus|privacy|privacy-policy|terms|terms-of-(use|service)|"
    r"disclaimer|copyright|advertise|sitemap|guanyu|lianxi)(/?$|\.s?html?$|\.php$)",
    re.I,
)


def classify_page(s: PageSignals) -> tuple[bool, str]:
    """Return (is_article, reason). A date archive or a listing's n-th page by its URL is never
    an article; then structured declarations win, then URL shape, then the text."""
    types = set(s.jsonld_types)
    article_type = sorted(types & ARTICLE_TYPES)
    long_enough = s.body_chars >= (150 if s.cjk else 400)
    parts = urlsplit(s.url)
    query = parse_qs(parts.query)
    listing = _listing_by_url(parts.path, query)
    if listing:
        return False, listing
    if article_type:
        return True, f"JSON-LD @type {article_type[0]}"
    if _COMMENT_PAGE.search(parts.path + ("?" + parts.query if parts.query else "")):
        return False, "comment page (URL names a comment page)"
    listing_type = sorted(types & _LISTING_TYPES)
    if listing_type and not long_enough:
        return False, f"JSON-LD @type {listing_type[0]} and little body text"
    if _SEARCH_QUERY & set(query):
        return False, "search page (URL has a search query)"
    if _SITE_PAGE.search(parts.path):
        return False, "page about the site (URL names one)"
    names_story = any(key.lower() in _STORY_PARAMS for key in query)
    if (parts.path in ("", "/") and not names_story) or re.fullmatch(r"/(index|default|home)\.(s?html?|php|aspx?)", parts.path, re.I):
        return False, "home page (site root URL)"
    listing_url = _LISTING_PATH.search(parts.path)
    # the URL shape is read from path and query only: a port like :50321 is not a story id
    path_query = parts.path + ("?" + parts.query if parts.query else "")
    article_url = _ARTICLE_PATH.search(path_query) is not None
    # og:type article on a listing URL is believed only for a page that does not list linked
    # headlines: many templates declare it on every page, tag and section pages included
    if listing_url and not article_url and not (s.og_type == "article" and long_enough and s.linked_headings < 3):
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
    if s.linked_headings >= 5 and not s.has_title_heading:
        return False, f"listing of {s.linked_headings} linked headlines and no headline of its own"
    story_like = s.body_paragraphs >= 2 and s.longest_paragraph >= (STORY_PARAGRAPH_CJK if s.cjk else STORY_PARAGRAPH)
    # Links around a story (portal menus, related-news lists) weigh less than the story itself:
    # only a page with more than three quarters of its text in links is a listing despite one.
    if s.link_density > (0.75 if story_like else 0.55):
        return False, f"link-dense page ({s.link_density:.2f} of text in links)"
    if s.longest_paragraph < (SENTENCE_CJK if s.cjk else SENTENCE):
        return False, f"only short lines (the longest {s.longest_paragraph} characters): a list of headlines or links"
    if s.has_date and s.has_title_heading and s.body_paragraphs >= 2:
        return True, "dated page with a body of text" + (" (article-like URL)" if article_url else "")
    if article_url and s.body_paragraphs >= 3:
        return True, "article-like URL with a body of text"
    if s.has_title_heading and s.body_paragraphs >= 4 and s.link_density < 0.35:
        return True, "headline and several paragraphs of text"
    if story_like:
        return True, (
            f"story-like body ({s.body_paragraphs} paragraphs, the longest {s.longest_paragraph} characters),"
            " nothing against it" + ("" if s.has_date else "; no date found")
        )
    return False, "no date, no article markers, no paragraph of story length"
