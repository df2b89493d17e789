"""Read-side queries for browsing the archive (the web UI): overviews, filtered lists with keyset
pagination, one article with its versions, comment thread and provenance, and search.

Every function takes a :class:`~sqlalchemy.orm.Session` and returns plain frozen records; none writes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, literal_column, or_, select
from sqlalchemy.orm import Session

from archive.store.models import Article, ArticleSearch, ArticleVersion, Capture, Comment, CrawlRun, Site
from archive.store.queries import ArticleFilter, narrowing, site_named
from archive.store.search import SearchQuery, matching_articles


@dataclass(frozen=True)
class BrowseFilter(ArticleFilter):
    """What the article list and search narrow by: an export's filters and two more; every field
    optional."""

    has_comments: bool | None = None
    changed: bool = False  # only articles with more than one version


@dataclass(frozen=True)
class SiteCount:
    name: str
    host: str
    articles: int


@dataclass(frozen=True)
class ArticleSummary:
    id: int
    url: str
    site: str | None
    title: str | None
    author: str | None
    published_at: datetime | None
    language: str | None
    status: str
    versions: int  # the current version's number
    first_seen_at: datetime


@dataclass(frozen=True)
class ThreadedComment:
    id: int
    parent_id: int | None
    depth: int
    author: str | None
    text: str
    posted_at: datetime | None
    first_seen_at: datetime


@dataclass(frozen=True)
class VersionInfo:
    id: int
    number: int
    title: str | None
    author: str | None
    published_at: datetime | None
    language: str | None
    text: str
    extractor_version: str
    capture_id: int | None
    created_at: datetime


@dataclass(frozen=True)
class CaptureInfo:
    id: int
    requested_url: str
    final_url: str
    status: int | None
    fetched_at: datetime
    kind: str
    encoding: str | None
    charset_evidence: dict[str, Any] | None
    repairs: list[Any]
    flagged_spans: int
    page_kind: str | None
    page_kind_evidence: str | None
    warc_file: str | None
    warc_offset: int | None
    body_sha256: str | None
    error: str | None
    headers: list[Any]
    crawl_run_id: int | None


@dataclass(frozen=True)
class ArticleDetail:
    id: int
    url: str
    site: str | None
    site_timezone: str | None
    status: str
    first_seen_at: datetime
    last_seen_at: datetime
    gone_at: datetime | None
    current: VersionInfo
    versions: list[VersionInfo]
    comments: list[ThreadedComment]
    captures: list[CaptureInfo]


def site_counts(session: Session) -> list[SiteCount]:
    """Every site with how many articles the archive holds for it."""
    articles: dict[int | None, int] = {
        site_id: count for site_id, count in session.execute(select(Article.site_id, func.count()).group_by(Article.site_id))
    }
    sites = session.execute(select(Site.id, Site.name, Site.host).order_by(Site.name)).all()
    return [SiteCount(name, host, articles.get(site_id, 0)) for site_id, name, host in sites]


def comment_total(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Comment)) or 0


def latest_runs(session: Session, limit: int = 10) -> list[CrawlRun]:
    return list(session.scalars(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(limit)))


def _summaries(stmt: Select[Any]) -> Select[Any]:
    return stmt.add_columns(
        Article.id, Article.canonical_url, Site.name, ArticleVersion.title, ArticleVersion.author,
        ArticleVersion.published_at, ArticleVersion.language, Article.status, ArticleVersion.number,
        Article.first_seen_at,
    )


def _filtered(stmt: Select[Any], filters: BrowseFilter) -> Select[Any]:
    stmt = stmt.join(ArticleVersion, ArticleVersion.id == Article.current_version_id).outerjoin(
        Site, Site.id == Article.site_id
    )
    conditions = narrowing(
        filters, site=site_named, published=ArticleVersion.published_at, language=ArticleVersion.language
    )
    if filters.has_comments is not None:
        has = exists(select(Comment.id).where(Comment.article_id == Article.id))
        conditions.append(has if filters.has_comments else ~has)
    if filters.changed:
        conditions.append(ArticleVersion.number > 1)
    return stmt.where(and_(*conditions)) if conditions else stmt


def _summary(row: Any) -> ArticleSummary:
    return ArticleSummary(
        id=row.id, url=row.canonical_url, site=row.name, title=row.title, author=row.author,
        published_at=row.published_at, language=row.language, status=row.status, versions=row.number,
        first_seen_at=row.first_seen_at,
    )


def list_articles(
    session: Session, filters: BrowseFilter, before: int | None = None, limit: int = 50
) -> list[ArticleSummary]:
    """Articles newest-archived first, ``limit`` of them with ids below ``before`` (keyset pagination:
    as fast on the last page as on the first)."""
    stmt = _filtered(_summaries(select()).select_from(Article), filters)
    if before is not None:
        stmt = stmt.where(Article.id < before)
    rows = session.execute(stmt.order_by(Article.id.desc()).limit(limit)).all()
    return [_summary(row) for row in rows]


def comment_counts(session: Session, article_ids: Sequence[int]) -> dict[int, int]:
    if not article_ids:
        return {}
    rows = session.execute(
        select(Comment.article_id, func.count()).where(Comment.article_id.in_(article_ids)).group_by(Comment.article_id)
    )
    return {article_id: count for article_id, count in rows}


def thread_comments(comments: Sequence[Comment]) -> list[ThreadedComment]:
    """Comments in thread order: each followed by its replies (depth one more), siblings in page order."""
    children: dict[int | None, list[Comment]] = {}
    ids = {comment.id for comment in comments}
    for comment in sorted(comments, key=lambda c: c.position):
        parent = comment.parent_id if comment.parent_id in ids else None
        children.setdefault(parent, []).append(comment)
    ordered: list[ThreadedComment] = []
    stack = [(comment, 0) for comment in reversed(children.get(None, []))]
    while stack:
        comment, depth = stack.pop()
        ordered.append(ThreadedComment(comment.id, comment.parent_id, depth, comment.author, comment.text,
                                       comment.posted_at, comment.first_seen_at))
        stack.extend((child, depth + 1) for child in reversed(children.get(comment.id, [])))
    return ordered


def _version_info(version: ArticleVersion) -> VersionInfo:
    return VersionInfo(
        id=version.id, number=version.number, title=version.title, author=version.author,
        published_at=version.published_at, language=version.language, text=version.text,
        extractor_version=version.extractor_version, capture_id=version.capture_id, created_at=version.created_at,
    )


def capture_info(capture: Capture) -> CaptureInfo:
    return CaptureInfo(
        id=capture.id, requested_url=capture.requested_url, final_url=capture.final_url, status=capture.status,
        fetched_at=capture.fetched_at, kind=capture.kind, encoding=capture.encoding,
        charset_evidence=capture.charset_evidence, repairs=list(capture.repairs or []),
        flagged_spans=capture.flagged_spans, page_kind=capture.page_kind,
        page_kind_evidence=capture.page_kind_evidence, warc_file=capture.warc_file, warc_offset=capture.warc_offset,
        body_sha256=capture.body_sha256, error=capture.error, headers=list(capture.headers or []),
        crawl_run_id=capture.crawl_run_id,
    )


def article_detail(session: Session, article_id: int) -> ArticleDetail | None:
    """One article with every version, its comment thread and every capture it came from; None if unknown."""
    article = session.get(Article, article_id)
    if article is None or article.current_version_id is None:
        return None
    site = session.get(Site, article.site_id) if article.site_id is not None else None
    versions = [
        _version_info(v)
        for v in session.scalars(
            select(ArticleVersion).where(ArticleVersion.article_id == article_id).order_by(ArticleVersion.number)
        )
    ]
    current = next(v for v in versions if v.id == article.current_version_id)
    comments = list(session.scalars(select(Comment).where(Comment.article_id == article_id)))
    capture_ids = {v.capture_id for v in versions} | {c.capture_id for c in comments}
    captures = session.scalars(
        select(Capture)
        .where(or_(Capture.id.in_([i for i in capture_ids if i is not None]), Capture.final_url == article.canonical_url))
        .order_by(Capture.fetched_at, Capture.id)
    )
    timezone = (site.settings or {}).get("timezone") if site is not None else None
    return ArticleDetail(
        id=article.id, url=article.canonical_url, site=site.name if site else None,
        site_timezone=timezone if isinstance(timezone, str) else None, status=article.status,
        first_seen_at=article.first_seen_at, last_seen_at=article.last_seen_at, gone_at=article.gone_at,
        current=current, versions=versions, comments=thread_comments(comments),
        captures=[capture_info(c) for c in captures],
    )


def get_capture(session: Session, capture_id: int) -> CaptureInfo | None:
    capture = session.get(Capture, capture_id)
    return capture_info(capture) if capture is not None else None


def capture_content_type(capture: CaptureInfo) -> str | None:
    for name, value in capture.headers:
        if str(name).lower() == "content-type":
            return str(value)
    return None


# --------------------------------------------------------------------------- search


@dataclass(frozen=True)
class SearchHit:
    summary: ArticleSummary
    text: str
    rank: float


@dataclass(frozen=True)
class SearchResult:
    total: int
    per_site: dict[str, int]
    #: the dated hits counted per (period, site), for the timeline: the period is a publication day
    #: in UTC, or with ``unit == "month"`` the first day of a month
    per_period: list[tuple[date, str, int]]
    unit: str  # what ``unit_for`` chose from the hits' first and last day: day, week (counted per day) or month
    hits: list[SearchHit]


def _search_conditions(filters: BrowseFilter) -> list[ColumnElement[bool]]:
    """The filters as conditions on the index's own facets (no article or version read)."""
    conditions = narrowing(
        filters,
        site=lambda name: ArticleSearch.site_id.in_(select(Site.id).where(site_named(name))),
        published=ArticleSearch.published_at,
        language=ArticleSearch.language,
    )
    if filters.has_comments is not None:
        has = exists(select(Comment.id).where(Comment.article_id == ArticleSearch.article_id))
        conditions.append(has if filters.has_comments else ~has)
    if filters.changed:
        conditions.append(ArticleSearch.version_number > 1)
    return conditions


def _utc_period(dialect: str, month: bool) -> Any:
    """The publication day (``YYYY-MM-DD``) or month (``YYYY-MM``) in UTC, as text to group by."""
    if dialect == "sqlite":  # stored as UTC text, "YYYY-MM-DD HH:MM:SS"
        return func.substr(ArticleSearch.published_at, 1, 7 if month else 10)
    pattern = "'YYYY-MM'" if month else "'YYYY-MM-DD'"
    return func.to_char(func.timezone(literal_column("'UTC'"), ArticleSearch.published_at), literal_column(pattern))


#: Up to this many hits, all are ranked (bm25 / ts_rank); beyond, title hits come first, ranked,
#: then the other hits newest first: ranking tens of thousands of hits for a word in half the
#: archive costs more than an archivist gains from it.
RANK_EVERY_HIT_UP_TO = 5000


def _title_hits_then_newest(
    session: Session, dialect: str, query: SearchQuery, conditions: list[ColumnElement[bool]], offset: int, limit: int
) -> list[Any]:
    title = matching_articles(dialect, query, title_only=True)
    in_title = select().select_from(title).join(ArticleSearch, ArticleSearch.article_id == title.c.article_id)
    if conditions:
        in_title = in_title.where(and_(*conditions))
    page = list(session.execute(
        in_title.add_columns(title.c.article_id, title.c.rank)
        .order_by(title.c.rank, title.c.article_id.desc())
        .offset(offset)
        .limit(limit)
    ).all())
    if len(page) == limit:
        return page
    title_count = session.scalar(in_title.add_columns(func.count())) or 0
    body = matching_articles(dialect, query, ranked=False)
    rest = (
        select(body.c.article_id, body.c.rank)
        .join(ArticleSearch, ArticleSearch.article_id == body.c.article_id)
        .where(body.c.article_id.not_in(select(title.c.article_id)), *conditions)
        .order_by(body.c.article_id.desc())
        .offset(max(0, offset - title_count))
        .limit(limit - len(page))
    )
    return page + list(session.execute(rest).all())


def search_articles(
    session: Session, query: SearchQuery, filters: BrowseFilter, offset: int = 0, limit: int = 20,
    unit_for: Callable[[date, date], str] = lambda first, last: "day",
) -> SearchResult:
    """Articles matching ``query`` under ``filters``, best first, with counts per site and per
    period: ``unit_for(first day, last day)`` of the hits says which (``month`` counts per month,
    anything else per day).

    Four statements whatever the number of hits: the counts per site, the counts per site and
    period, the ids of one page of hits in rank order, and those articles' fields."""
    dialect = session.get_bind().dialect.name
    hits = matching_articles(dialect, query)
    conditions = _search_conditions(filters)
    joined = select().select_from(hits).join(ArticleSearch, ArticleSearch.article_id == hits.c.article_id)
    if conditions:
        joined = joined.where(and_(*conditions))
    names: dict[int | None, str] = {site_id: name for site_id, name in session.execute(select(Site.id, Site.name))}
    # the counts per site and month, with each group's first and last publication: the totals, the
    # hits' span (which decides the timeline's unit) and, for a span drawn by month, the timeline
    # itself in one pass over the hits; a finer timeline takes a second pass grouped by day.
    # Grouping every hit of a common word by site and day (thousands of groups) at once is what a
    # search spent most of its time on.
    per_site: dict[str, int] = {}
    per_month: list[tuple[date, str, int]] = []
    total = 0
    first: datetime | None = None
    last: datetime | None = None
    month = _utc_period(dialect, month=True).label("period")
    for site_id, month_text, count, earliest, latest in session.execute(
        joined.add_columns(ArticleSearch.site_id, month, func.count(), func.min(ArticleSearch.published_at),
                           func.max(ArticleSearch.published_at)).group_by(ArticleSearch.site_id, month)
    ):
        name = names.get(site_id, "(no site)")
        per_site[name] = per_site.get(name, 0) + count
        total += count
        if month_text is None or earliest is None or latest is None:
            continue
        per_month.append((date.fromisoformat(str(month_text)[:7] + "-01"), name, count))
        first = earliest if first is None else min(first, earliest)
        last = latest if last is None else max(last, latest)
    unit = unit_for(first.date(), last.date()) if first is not None and last is not None else "day"
    per_period = per_month
    if per_month and unit != "month":
        day = _utc_period(dialect, month=False).label("period")
        per_period = [
            (date.fromisoformat(str(day_text)[:10]), names.get(site_id, "(no site)"), count)
            for site_id, day_text, count in session.execute(
                joined.add_columns(ArticleSearch.site_id, day, func.count())
                .where(ArticleSearch.published_at.is_not(None))
                .group_by(ArticleSearch.site_id, day)
            )
        ]
    if total <= RANK_EVERY_HIT_UP_TO:
        page = session.execute(
            joined.add_columns(hits.c.article_id, hits.c.rank)
            .order_by(hits.c.rank, hits.c.article_id.desc())
            .offset(offset)
            .limit(limit)
        ).all()
    else:
        page = _title_hits_then_newest(session, dialect, query, conditions, offset, limit)
    rank = {article_id: float(score) for article_id, score in page}
    rows = session.execute(
        _filtered(_summaries(select()).select_from(Article), BrowseFilter())
        .add_columns(ArticleVersion.text)
        .where(Article.id.in_(list(rank)))
    ).all()
    by_id = {row.id: row for row in rows}
    return SearchResult(
        total=total,
        per_site=dict(sorted(per_site.items(), key=lambda item: (-item[1], item[0]))),
        per_period=per_period,
        unit=unit,
        hits=[SearchHit(_summary(by_id[i]), by_id[i].text, rank[i]) for i in rank if i in by_id],
    )
