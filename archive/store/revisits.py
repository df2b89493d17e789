"""What a recrawl needs to decide which known pages are due again (docs/sites.md, "Revisit
intervals"): when each listing and home page was last fetched, how old each live article is, and
when each feed and sitemap was last read; and the write that records those reads."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from archive.store.models import Article, ArticleVersion, Capture, DiscoveryRead, Site

__all__ = ["NOT_YET_READ", "articles_born", "discovery_reads", "note_discovered", "pages_last_fetched", "record_discovery_reads"]

# The read time of a feed or sitemap fetched by a run that has not ended (or never will: killed):
# known, so a later run reads it again even when the page that links it is not due, and due at
# once, as the stories it lists may not all have been fetched.
NOT_YET_READ = datetime(1970, 1, 1, tzinfo=UTC)

_INSERTS: dict[str, Any] = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def pages_last_fetched(session: Session, site_name: str, hosts: Sequence[str] = ()) -> dict[str, datetime]:
    """Requested URL → when it last answered 200, for the site's pages that were not articles
    (home, section and listing pages)."""
    rows = session.execute(
        select(Capture.requested_url, func.max(Capture.fetched_at))
        .join(Site, Site.id == Capture.site_id)
        .where(
            or_(Site.name == site_name, Site.host.in_(list(hosts))),
            Capture.kind == "page",
            Capture.status == 200,
            or_(Capture.page_kind.is_(None), Capture.page_kind != "article"),
        )
        .group_by(Capture.requested_url)
    )
    return {url: when for url, when in rows}


def articles_born(session: Session, site_name: str, hosts: Sequence[str] = ()) -> dict[str, datetime]:
    """Canonical URL → when each live article was published (its current version's date), else
    when the archive first saw it: what an article's age is counted from."""
    rows = session.execute(
        select(Article.canonical_url, ArticleVersion.published_at, Article.first_seen_at)
        .join(Site, Site.id == Article.site_id)
        .outerjoin(ArticleVersion, ArticleVersion.id == Article.current_version_id)
        .where(or_(Site.name == site_name, Site.host.in_(list(hosts))), Article.status == "live")
    )
    return {
        url: min(published, first_seen) if published is not None else first_seen
        for url, published, first_seen in rows
    }


def discovery_reads(session: Session, site_name: str) -> dict[str, tuple[str, datetime]]:
    """Feed or sitemap URL → (``feed`` | ``sitemap``, when it was last read)."""
    rows = session.execute(
        select(DiscoveryRead.url, DiscoveryRead.kind, DiscoveryRead.read_at).where(DiscoveryRead.site_name == site_name)
    )
    return {url: (kind, at) for url, kind, at in rows}


def note_discovered(session: Session, site_name: str, url: str, kind: str) -> None:
    """Remember a feed or sitemap as soon as it answered, before the run that read it ends: a new
    one as ``NOT_YET_READ``; a known one keeps its last completed read (``record_discovery_reads``
    records this read with the run's end)."""
    insert = _INSERTS[session.get_bind().dialect.name](DiscoveryRead.__table__)
    session.execute(
        insert.on_conflict_do_nothing(index_elements=["site_name", "url"]),
        [{"site_name": site_name, "url": url, "kind": kind, "read_at": NOT_YET_READ}],
    )


def record_discovery_reads(session: Session, reads: Iterable[tuple[str, str, str, datetime]]) -> None:
    """Record ``(site name, URL, kind, read at)`` reads, keeping the latest per URL."""
    rows = [{"site_name": site, "url": url, "kind": kind, "read_at": at} for site, url, kind, at in reads]
    if not rows:
        return
    insert = _INSERTS[session.get_bind().dialect.name](DiscoveryRead.__table__)
    session.execute(
        insert.on_conflict_do_update(
            index_elements=["site_name", "url"],
            set_={"kind": insert.excluded.kind, "read_at": insert.excluded.read_at},
        ),
        rows,
    )
