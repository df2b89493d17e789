"""Search: words in title or text (Chinese included), ranked, with highlighted snippets, hits per
site and a timeline of matching articles stacked by site."""

from __future__ import annotations

from datetime import date
from typing import Any, cast
from urllib.parse import urlencode

from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from archive.store.browse import search_articles
from archive.store.models import Site
from archive.store.search import parse_query
from archive.web.params import MAX_QUERY_CHARS, BadRequest, Params, export_link
from archive.web.render import page
from archive.web.snippets import SNIPPET_CHARS, highlight
from archive.web.timeline import Unit, build_timeline, choose_unit

PAGE_SIZE = 20
MAX_PAGE = 50


def view(request: Request) -> Response:
    params = Params(request)
    raw = params.text("q", MAX_QUERY_CHARS)
    number = params.integer("page", maximum=MAX_PAGE) or 1
    unit = cast(Unit | None, params.choice("by", ("day", "week", "month")))
    filters = params.browse_filter()
    args = params.filter_args()
    with Session(request.app.state.engine) as s:
        sites = list(s.scalars(select(Site.name).order_by(Site.name)))
        if raw is None:
            return page(request, "search.html", {"q": None, "filters": args, "total": 0, "per_site": {}, "hits": [],
                                                    "export": None},
                        sites=sites, chart=None, page_links={})
        query = parse_query(raw)
        if query.empty:
            raise BadRequest(f"nothing to search for in {raw[:40]!r}: give words or Chinese characters")
        result = search_articles(s, query, filters, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE,
                                 unit_for=lambda first, last: unit or choose_unit(first, last))

    def link(start: date, end: date) -> str:
        return "/search?" + urlencode({**args, "q": raw, "since": start.isoformat(), "until": end.isoformat()})

    hits: list[dict[str, Any]] = []
    for hit in result.hits:
        summary = hit.summary
        hits.append({
            "id": summary.id, "url": summary.url, "site": summary.site, "title": summary.title,
            "published_at": summary.published_at, "language": summary.language, "rank": hit.rank,
            "title_marked": highlight(summary.title or "", query),
            "snippet": highlight(hit.text.replace("\n", " "), query, window=SNIPPET_CHARS),
        })
    timeline = build_timeline(result.per_period, list(result.per_site), link, cast(Unit, result.unit))
    pages = (result.total + PAGE_SIZE - 1) // PAGE_SIZE
    base = {**args, "q": raw}
    page_links = {
        "previous": "/search?" + urlencode({**base, "page": number - 1}) if number > 1 else None,
        "next": "/search?" + urlencode({**base, "page": number + 1}) if number < min(pages, MAX_PAGE) else None,
    }
    data = {
        "q": raw, "filters": args, "page": number, "total": result.total, "per_site": result.per_site,
        "timeline": [
            {"start": bar.start, "end": bar.end, "total": bar.total,
             "sites": {segment.site: segment.count for segment in bar.segments}}
            for bar in (timeline.bars if timeline else []) if bar.total
        ],
        "timeline_unit": timeline.unit if timeline else None,
        "hits": hits,
        "export": export_link(args, raw),
    }
    return page(request, "search.html", data, sites=sites, chart=timeline, page_links=page_links)

