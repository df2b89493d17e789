"""Articles: the archive's articles newest first, filtered, paged by keyset (``?before=ID``)."""

from __future__ import annotations

from urllib.parse import urlencode

from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from archive.store.browse import comment_counts, list_articles
from archive.store.models import Site
from archive.web.params import Params, export_link
from archive.web.render import page

PAGE_SIZE = 50


def view(request: Request) -> Response:
    params = Params(request)
    params.integer("page")  # this list pages by ?before=ID; a malformed page= is still refused
    filters = params.browse_filter()
    before = params.integer("before")
    with Session(request.app.state.engine) as s:
        rows = list_articles(s, filters, before=before, limit=PAGE_SIZE)
        counts = comment_counts(s, [row.id for row in rows])
        sites = list(s.scalars(select(Site.name).order_by(Site.name)))
    next_before = rows[-1].id if len(rows) == PAGE_SIZE else None
    args = params.filter_args()
    data = {
        "filters": args,
        "articles": [{**row.__dict__, "comments": counts.get(row.id, 0)} for row in rows],
        "next": f"/articles?{urlencode({**args, 'before': next_before})}" if next_before else None,
        "export": export_link(args),
    }
    return page(request, "articles.html", data, sites=sites)
