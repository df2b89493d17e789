"""Read-side queries shared by the export and the web UI. Results stream; nothing loads the archive whole."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from archive.store.models import (
    Article,
    ArticleVersion,
    Capture,
    ClusterMember,
    Comment,
    CrawlRun,
    DuplicateCluster,
    Site,
)
from archive.store.search import SearchQuery, matching_articles


@dataclass(frozen=True)
class ArticleFilter:
    site: str | None = None  # site name or host
    since: datetime | None = None  # published on or after
    until: datetime | None = None  # published before
    language: str | None = None  # "zh" matches zh-Hans and zh-Hant too


@dataclass(frozen=True)
class ClusterPlace:
    """An article's stored duplicate cluster, as an export reads it (nothing is computed)."""

    cluster_id: int
    representative_id: int
    representative_url: str
    representative_site: str | None
    matched_article_id: int | None
    similarity: float | None
    exact_first: bool


@dataclass(frozen=True)
class ArticleRow:
    id: int
    url: str
    site: str | None
    status: str
    version: ArticleVersion
    cluster: ClusterPlace | None = None


def site_named(name: str) -> ColumnElement[bool]:
    """A site given by name or host, as every filter takes it."""
    return or_(Site.name == name, Site.host == name)


def narrowing(
    filters: ArticleFilter,
    *,
    site: Callable[[str], ColumnElement[bool]],
    published: ColumnElement[datetime | None] | InstrumentedAttribute[datetime | None],
    language: ColumnElement[str | None] | InstrumentedAttribute[str | None],
) -> list[ColumnElement[bool]]:
    """The site, date-range and language conditions that export, the article list and search
    share, on whichever columns a query holds them in. ``language="zh"`` also matches ``zh-Hans``
    and ``zh-Hant``."""
    conditions: list[ColumnElement[bool]] = []
    if filters.site:
        conditions.append(site(filters.site))
    if filters.since:
        conditions.append(published >= filters.since)
    if filters.until:
        conditions.append(published < filters.until)
    if filters.language:
        conditions.append(or_(language == filters.language, language.like(filters.language + "-%")))
    return conditions


def current_versions_query(filters: ArticleFilter) -> Select:
    """Each article with its current version, oldest publication first (undated last)."""
    stmt = (
        select(Article, ArticleVersion, Site.name)
        .join(ArticleVersion, ArticleVersion.id == Article.current_version_id)
        .outerjoin(Site, Site.id == Article.site_id)
        .order_by(ArticleVersion.published_at.is_(None), ArticleVersion.published_at, Article.id)
    )
    return stmt.where(
        *narrowing(filters, site=site_named, published=ArticleVersion.published_at, language=ArticleVersion.language)
    )


def iter_current_articles(
    session: Session, filters: ArticleFilter, chunk_size: int = 500
) -> Iterator[list[ArticleRow]]:
    """Yield the filtered articles in chunks, streaming from the database."""
    result = session.execute(current_versions_query(filters).execution_options(yield_per=chunk_size))
    for partition in result.partitions():
        yield [
            ArticleRow(id=article.id, url=article.canonical_url, site=site, status=article.status, version=version)
            for article, version, site in partition
        ]


def iter_clustered_articles(
    session: Session, filters: ArticleFilter, chunk_size: int = 500, query: SearchQuery | None = None
) -> Iterator[list[ArticleRow]]:
    """:func:`iter_current_articles` with each article's stored cluster (None if not yet signed);
    with ``query``, only the articles the search index finds for it (in the same order)."""
    representative, representative_site = aliased(Article), aliased(Site)
    base = current_versions_query(filters)
    if query is not None:
        hits = matching_articles(session.get_bind().dialect.name, query, ranked=False)
        base = base.where(Article.id.in_(select(hits.c.article_id)))
    stmt = (
        base
        .add_columns(ClusterMember, DuplicateCluster.representative_id, representative.canonical_url,
                     representative_site.name)
        .outerjoin(ClusterMember, ClusterMember.article_id == Article.id)
        .outerjoin(DuplicateCluster, DuplicateCluster.id == ClusterMember.cluster_id)
        .outerjoin(representative, representative.id == DuplicateCluster.representative_id)
        .outerjoin(representative_site, representative_site.id == representative.site_id)
    )
    result = session.execute(stmt.execution_options(yield_per=chunk_size))
    for partition in result.partitions():
        rows = []
        for article, version, site, member, rep_id, rep_url, rep_site in partition:
            place = None
            if member is not None:
                place = ClusterPlace(member.cluster_id, rep_id, rep_url, rep_site, member.matched_article_id,
                                     member.similarity, member.exact_first)
            rows.append(ArticleRow(id=article.id, url=article.canonical_url, site=site, status=article.status,
                                   version=version, cluster=place))
        yield rows


def comments_by_article(session: Session, article_ids: Sequence[int]) -> dict[int, list[Comment]]:
    """The comments of several articles, each list in page order."""
    grouped: dict[int, list[Comment]] = {article_id: [] for article_id in article_ids}
    if not article_ids:
        return grouped
    rows = session.scalars(
        select(Comment).where(Comment.article_id.in_(article_ids)).order_by(Comment.article_id, Comment.position)
    )
    for comment in rows:
        grouped[comment.article_id].append(comment)
    return grouped


@dataclass(frozen=True)
class Validators:
    """What a conditional re-fetch sends: the newest successful capture's ETag and Last-Modified."""

    etag: str | None
    last_modified: str | None


def conditional_validators(session: Session, host: str) -> dict[str, Validators]:
    """For every URL of a site fetched with a validator, the validators of its newest 200 capture."""
    newest = (
        select(func.max(Capture.id))
        .join(Site, Site.id == Capture.site_id)
        .where(Site.host == host, Capture.status == 200)
        .group_by(Capture.requested_url)
    )
    rows = session.execute(
        select(Capture.requested_url, Capture.etag, Capture.last_modified).where(
            Capture.id.in_(newest), or_(Capture.etag.is_not(None), Capture.last_modified.is_not(None))
        )
    )
    return {url: Validators(etag, last_modified) for url, etag, last_modified in rows}


# --------------------------------------------------------------------------- recrawl and resume (issue 6)

#: the "last seen" of an article whose own page was never stored: older than any interval
NEVER_SEEN = datetime(1970, 1, 1, tzinfo=UTC)


def live_articles_last_seen(session: Session, site_name: str, hosts: Sequence[str] = ()) -> dict[str, datetime]:
    """The live articles of a site (by its name, or stored under one of ``hosts`` by another name):
    canonical URL → when their page was last seen (fetched, or confirmed unchanged by a 304).
    What a recrawl revisits and skips by. An article with no version yet (only its comment pages
    were stored: a crawl killed before its own page was) counts as never seen, so it is due at
    once instead of waiting its interval without text."""
    rows = session.execute(
        select(Article.canonical_url, Article.last_seen_at, Article.current_version_id)
        .join(Site, Site.id == Article.site_id)
        .where(or_(Site.name == site_name, Site.host.in_(list(hosts))), Article.status == "live")
    )
    return {url: seen if version is not None else NEVER_SEEN for url, seen, version in rows}


def captured_urls(session: Session, crawl_run_ids: Sequence[int]) -> set[str]:
    """The requested URLs of every capture the given crawl runs stored (a resumed job's "done")."""
    if not crawl_run_ids:
        return set()
    return set(session.scalars(select(Capture.requested_url).where(Capture.crawl_run_id.in_(crawl_run_ids)).distinct()))


@dataclass(frozen=True)
class CaptureDetail:
    """One capture as ``newsarchive captures show`` prints it: the row and its raw body."""

    capture: Capture
    site: str | None
    body: bytes | None  # the bytes as the server sent them (decompressed); None without a body


def capture_detail(session: Session, capture_id: int) -> CaptureDetail | None:
    """A capture with its site's name and original body bytes; None when there is no such capture."""
    from archive.store.writes import read_body

    row = session.execute(
        select(Capture, Site.name).outerjoin(Site, Site.id == Capture.site_id).where(Capture.id == capture_id)
    ).first()
    if row is None:
        return None
    capture, site = row
    body = read_body(session, capture.body_sha256) if capture.body_sha256 else None
    return CaptureDetail(capture=capture, site=site, body=body)


def latest_capture_with_body(session: Session, url: str) -> int | None:
    """The id of the newest capture of ``url`` (as requested) that kept a body; None if none did."""
    return session.scalars(
        select(Capture.id)
        .where(Capture.requested_url == url, Capture.body_sha256.is_not(None))
        .order_by(Capture.id.desc())
        .limit(1)
    ).first()


# --- crawl runs ---------------------------------------------------------------------------------


def recent_runs(session: Session, limit: int = 20) -> list[CrawlRun]:
    """The newest crawl runs first."""
    return list(session.scalars(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(limit)))


def run_error_reasons(session: Session, run_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """Failed captures of each run counted by reason (the text before the first ":"), most first."""
    counts: dict[int, dict[str, int]] = {run_id: {} for run_id in run_ids}
    if not run_ids:
        return counts
    rows = session.execute(
        select(Capture.crawl_run_id, Capture.error).where(
            Capture.crawl_run_id.in_(run_ids), Capture.error.is_not(None)
        )
    )
    for run_id, error in rows:
        if run_id is None or error is None:
            continue
        reasons = counts[run_id]
        reason = error.split(":")[0]
        reasons[reason] = reasons.get(reason, 0) + 1
    return {run_id: dict(sorted(r.items(), key=lambda kv: (-kv[1], kv[0]))) for run_id, r in counts.items()}


def last_successful_runs(session: Session, site_names: Sequence[str], scan: int = 5000) -> dict[str, CrawlRun]:
    """The newest ``finished`` run that crawled each site (among the newest ``scan`` runs)."""
    wanted = set(site_names)
    found: dict[str, CrawlRun] = {}
    runs = session.scalars(
        select(CrawlRun).where(CrawlRun.status == "finished").order_by(CrawlRun.id.desc()).limit(scan)
    )
    for run in runs:
        for name in (run.options or {}).get("sites", []):
            if name in wanted and name not in found:
                found[name] = run
        if len(found) == len(wanted):
            break
    return found


@dataclass(frozen=True)
class SiteLag:
    """How far a scheduled site is behind: its last successful run against its interval."""

    site: str
    interval: float  # seconds
    last_success_at: datetime | None  # when its newest finished run finished (None: never)
    age: float | None  # seconds since then

    @property
    def late(self) -> bool:
        """Older than twice its interval (or never crawled successfully)."""
        return self.age is None or self.age > 2 * self.interval


def site_lags(session: Session, intervals: dict[str, float], now: datetime) -> list[SiteLag]:
    """Each site with an interval (seconds > 0), against its last successful run, in the given order."""
    scheduled = {name: seconds for name, seconds in intervals.items() if seconds > 0}
    last = last_successful_runs(session, list(scheduled))
    lags = []
    for name, seconds in scheduled.items():
        run = last.get(name)
        at = (run.finished_at or run.started_at) if run is not None else None
        lags.append(SiteLag(name, seconds, at, (now - at).total_seconds() if at is not None else None))
    return lags
