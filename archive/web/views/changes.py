"""Changes: articles whose title or text changed after their first capture (stealth edits,
corrections), the most recently changed first, each with its word-level diff from the first
version to the current one; filterable by site, paged by keyset (``?before=VERSION_ID``), and the
same as an Atom feed (``/changes.atom``) an archivist can subscribe to."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from archive.store.history import ChangedArticle, changed_articles
from archive.store.models import Site
from archive.web.diff import Piece, condense, word_diff
from archive.web.params import Params
from archive.web.render import SECURITY_HEADERS, page

PAGE_SIZE = 20
FEED_SIZE = 50


def change_record(change: ChangedArticle) -> dict[str, Any]:
    """One changed article with its title and (condensed) text diff, first version → current."""
    first, current = change.first, change.current
    return {
        "id": change.id, "url": change.url, "site": change.site, "title": current.title,
        "from": {"number": first.number, "seen_at": first.seen_at},
        "to": {"number": current.number, "seen_at": current.seen_at, "cause": current.cause},
        "title_diff": word_diff(first.title or "", current.title or ""),
        "text_diff": condense(word_diff(first.text, current.text)),
        "diff": f"/articles/{change.id}/diff?{urlencode({'from': first.number, 'to': current.number})}",
        "version_id": change.current_version_id,
    }


def _read(request: Request, limit: int) -> tuple[Params, list[ChangedArticle], list[str]]:
    params = Params(request)
    site = params.text("site")
    before = params.integer("before")
    with Session(request.app.state.engine) as s:
        changes = changed_articles(s, site=site, before=before, limit=limit)
        sites = list(s.scalars(select(Site.name).order_by(Site.name)))
    return params, changes, sites


def view(request: Request) -> Response:
    params, changes, sites = _read(request, PAGE_SIZE)
    site = params.text("site")
    records = [change_record(change) for change in changes]
    next_before = changes[-1].current_version_id if len(changes) == PAGE_SIZE else None
    data = {
        "filters": {"site": site} if site else {},
        "changes": records,
        "next": "/changes?" + urlencode({**({"site": site} if site else {}), "before": next_before}) if next_before else None,
        "feed": "/changes.atom" + ("?" + urlencode({"site": site}) if site else ""),
    }
    return page(request, "changes.html", data, sites=sites)


def diff_html(pieces: list[Piece]) -> str:
    """Diff pieces as HTML (``<del>``, ``<ins>``), every archived character escaped."""
    out = []
    for piece in pieces:
        text = escape(piece.text)
        out.append(Markup(f"<del>{text}</del>") if piece.op == "delete" else Markup(f"<ins>{text}</ins>")
                   if piece.op == "insert" else text)
    return str(Markup("").join(out))


def feed(request: Request) -> Response:
    """The Changes page as an Atom feed (RFC 4287): one entry per changed article, its id and link
    the diff's address, its summary the diff as HTML."""
    params, changes, _sites = _read(request, FEED_SIZE)
    site = params.text("site")
    base = str(request.base_url).rstrip("/")
    entries = []
    for change in changes:
        record = change_record(change)
        summary = diff_html(record["title_diff"]) if any(p.op != "equal" for p in record["title_diff"]) else ""
        summary = (f"<p>{summary}</p>" if summary else "") + f"<p>{diff_html(record['text_diff'])}</p>"
        entries.append({
            "id": f"{base}{record['diff']}", "link": f"{base}{record['diff']}", "original": change.url,
            "title": change.current.title or change.url, "site": change.site,
            "updated": _stamp(change.current.seen_at), "published": _stamp(change.first.seen_at),
            "summary": summary,
        })
    self_link = f"{base}/changes.atom" + ("?" + urlencode({"site": site}) if site else "")
    updated = entries[0]["updated"] if entries else _stamp(datetime(1970, 1, 1, tzinfo=UTC))
    env = request.app.state.templates
    xml = env.get_template("changes.atom").render(
        feed_id=self_link, self_link=self_link, html_link=f"{base}/changes" + ("?" + urlencode({"site": site}) if site else ""),
        title="newsarchive: changed articles" + (f" on {site}" if site else ""), updated=updated, entries=entries,
    )
    return Response(xml, media_type="application/atom+xml; charset=utf-8", headers=SECURITY_HEADERS)


def _stamp(value: datetime) -> str:
    """RFC 3339, as Atom dates are written."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
