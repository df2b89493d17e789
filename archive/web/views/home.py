"""Home: counts per site, the latest crawl runs, the articles archived last."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from archive.store.browse import BrowseFilter, comment_total, latest_runs, list_articles, site_counts
from archive.store.models import CrawlRun
from archive.web.params import Params
from archive.web.render import page

RECENT = 20


def run_record(run: CrawlRun) -> dict[str, Any]:
    return {
        "id": run.id, "status": run.status, "started_at": run.started_at, "finished_at": run.finished_at,
        "seeds": run.seeds, "pages_fetched": run.pages_fetched, "articles_new": run.articles_new,
        "articles_updated": run.articles_updated, "articles_unchanged": run.articles_unchanged,
        "articles_gone": run.articles_gone, "comments_added": run.comments_added, "errors": run.errors,
    }


def view(request: Request) -> Response:
    Params(request)
    with Session(request.app.state.engine) as s:
        sites = site_counts(s)
        runs = [run_record(run) for run in latest_runs(s)]
        recent = list_articles(s, BrowseFilter(), limit=RECENT)
        comments = comment_total(s)
    data = {
        "sites": sites,
        "totals": {"articles": sum(site.articles for site in sites), "comments": comments},
        "runs": runs,
        "recent": recent,
    }
    return page(request, "home.html", data)
