"""Read-side queries for what happened over time: articles changed after their first capture (the
Changes page and its feed) and what each crawl run fetched and failed (the Crawl runs page).

Every function takes a :class:`~sqlalchemy.orm.Session` and returns plain frozen records; none writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.store.models import Article, ArticleVersion, Capture, CrawlRun, Site
from archive.store.queries import site_named


@dataclass(frozen=True)
class VersionText:
    number: int
    title: str | None
    text: str
    cause: str  # page (the site's page changed) | reextract (the archive re-read a stored capture)
    seen_at: datetime  # when the capture it came from was fetched (else when it was stored)


@dataclass(frozen=True)
class ChangedArticle:
    id: int
    url: str
    site: str | None
    current_version_id: int  # the keyset: a newer change has a larger id
    first: VersionText
    current: VersionText


def changed_articles(
    session: Session, site: str | None = None, before: int | None = None, limit: int = 20
) -> list[ChangedArticle]:
    """Articles whose current version is not their first (title or text changed after the first
    capture), the most recently changed first: ``limit`` of them whose current version id is below
    ``before`` (keyset pagination). Each comes with its first and current versions."""
    current = (
        select(Article.id, Article.canonical_url, Site.name, ArticleVersion.id.label("version_id"))
        .join(Article, Article.id == ArticleVersion.article_id)
        .outerjoin(Site, Site.id == Article.site_id)
        .where(Article.current_version_id == ArticleVersion.id, ArticleVersion.number > 1)
    )
    if site:
        current = current.where(site_named(site))
    if before is not None:
        current = current.where(ArticleVersion.id < before)
    rows = session.execute(current.order_by(ArticleVersion.id.desc()).limit(limit)).all()
    if not rows:
        return []
    version_ids = [row.version_id for row in rows]
    article_ids = [row.id for row in rows]
    versions = session.execute(
        select(ArticleVersion, Capture.fetched_at)
        .outerjoin(Capture, Capture.id == ArticleVersion.capture_id)
        .where(
            (ArticleVersion.id.in_(version_ids))
            | (ArticleVersion.article_id.in_(article_ids) & (ArticleVersion.number == 1))
        )
    ).all()
    by_id = {v.id: _text(v, fetched) for v, fetched in versions}
    firsts = {v.article_id: by_id[v.id] for v, _ in versions if v.number == 1}
    return [
        ChangedArticle(row.id, row.canonical_url, row.name, row.version_id, firsts[row.id], by_id[row.version_id])
        for row in rows
        if row.id in firsts
    ]


def _text(version: ArticleVersion, fetched_at: datetime | None) -> VersionText:
    return VersionText(version.number, version.title, version.text, version.cause, fetched_at or version.created_at)


# --------------------------------------------------------------------------- crawl runs


@dataclass(frozen=True)
class FailedCapture:
    capture_id: int
    url: str  # as requested
    status: int | None
    error: str
    fetched_at: datetime


@dataclass(frozen=True)
class FailureGroup:
    reason: str  # the error's text before its first ":" (as ``newsarchive runs`` counts them)
    count: int
    captures: list[FailedCapture]  # the first ``per_reason`` of them, in fetch order


def list_runs(session: Session, before: int | None = None, limit: int = 50) -> list[CrawlRun]:
    """Crawl runs, the newest first, ``limit`` of them with ids below ``before`` (keyset)."""
    stmt = select(CrawlRun)
    if before is not None:
        stmt = stmt.where(CrawlRun.id < before)
    return list(session.scalars(stmt.order_by(CrawlRun.id.desc()).limit(limit)))


def run_failures(session: Session, run_id: int, per_reason: int = 200) -> list[FailureGroup]:
    """The run's failed captures (those that stored an error) grouped by reason, the most frequent
    reason first; each group lists the URLs of its first ``per_reason`` failures."""
    groups: dict[str, list[FailedCapture]] = {}
    counts: dict[str, int] = {}
    rows = session.execute(
        select(Capture.id, Capture.requested_url, Capture.status, Capture.error, Capture.fetched_at)
        .where(Capture.crawl_run_id == run_id, Capture.error.is_not(None))
        .order_by(Capture.id)
    )
    for capture_id, url, status, error, fetched_at in rows:
        if error is None:
            continue
        reason = error.split(":")[0]
        counts[reason] = counts.get(reason, 0) + 1
        listed = groups.setdefault(reason, [])
        if len(listed) < per_reason:
            listed.append(FailedCapture(capture_id, url, status, error, fetched_at))
    order = sorted(counts, key=lambda reason: (-counts[reason], reason))
    return [FailureGroup(reason, counts[reason], groups[reason]) for reason in order]


def run_capture_counts(session: Session, run_ids: Sequence[int]) -> dict[int, int]:
    """How many captures each run stored (what the archive holds of it, beside its counters)."""
    if not run_ids:
        return {}
    rows = session.execute(
        select(Capture.crawl_run_id, func.count()).where(Capture.crawl_run_id.in_(run_ids)).group_by(Capture.crawl_run_id)
    )
    return {run_id: count for run_id, count in rows if run_id is not None}
