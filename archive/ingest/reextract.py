"""Re-run decode → extract → clean over stored captures when the extractor improves. Nothing is re-fetched."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Engine, func, or_, select
from sqlalchemy.orm import Session

from archive.ingest.writer import ArchiveWriter, RunCounters
from archive.process import ExtractorCache, FetchedPage, process_page
from archive.store.models import Capture, Site
from archive.store.writes import read_body


def latest_page_captures(engine: Engine, site: str | None = None, since: datetime | None = None) -> list[int]:
    """Ids of the newest successful page capture of every URL, oldest first."""
    newest = (
        select(func.max(Capture.id))
        .where(Capture.kind == "page", Capture.status == 200, Capture.body_sha256.is_not(None))
        .group_by(Capture.final_url)
    )
    stmt = select(Capture.id).where(Capture.id.in_(newest)).order_by(Capture.id)
    if site:
        stmt = stmt.join(Site, Site.id == Capture.site_id).where(or_(Site.name == site, Site.host == site))
    if since:
        stmt = stmt.where(Capture.fetched_at >= since)
    with Session(engine) as s:
        return list(s.scalars(stmt))


def page_from_capture(s: Session, capture: Capture) -> FetchedPage:
    """Rebuild what the crawler handed over from a stored capture."""
    site = s.get(Site, capture.site_id) if capture.site_id else None
    settings = site.settings if site else {}
    return FetchedPage(
        url=capture.requested_url,
        final_url=capture.final_url,
        status=capture.status,
        headers=tuple((str(k), str(v)) for k, v in capture.headers),
        body=read_body(s, capture.body_sha256) if capture.body_sha256 else b"",
        fetched_at=capture.fetched_at,
        site=site.name if site else None,
        kind=capture.kind,
        timezone=settings.get("timezone"),
        comment_selectors=tuple(settings.get("comment_selectors", ())),
    )


def reextract(
    engine: Engine,
    *,
    site: str | None = None,
    since: datetime | None = None,
    on_page: Callable[[int, int], None] | None = None,
) -> RunCounters:
    """Re-process the newest capture of each page; versions are added only where the output changed."""
    capture_ids = latest_page_captures(engine, site, since)
    writer = ArchiveWriter(engine)
    writer.start_run([], {"command": "reextract", "site": site, "since": since.isoformat() if since else None})
    extractors = ExtractorCache()
    status = "failed"
    try:
        for done, capture_id in enumerate(capture_ids, 1):
            with Session(engine) as s:
                page = page_from_capture(s, s.get_one(Capture, capture_id))
            writer.store_reextraction(capture_id, page, process_page(page, extractors))
            if on_page:
                on_page(done, len(capture_ids))
        status = "finished"
    finally:
        counters = writer.finish_run(status)
    return counters
