"""Crawl runs: every run's counters, newest first (keyset ``?before=ID``), and one run with its
failures grouped by reason, each with the URLs that failed (the captures that stored an error)."""

from __future__ import annotations

from urllib.parse import urlencode

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from archive.store.history import list_runs, run_capture_counts, run_failures
from archive.store.models import CrawlRun
from archive.store.queries import run_error_reasons
from archive.web.params import NotFound, Params, path_id
from archive.web.render import page
from archive.web.views.home import run_record

PAGE_SIZE = 50
#: A run's page lists this many failed URLs per reason (the count says how many there were).
URLS_PER_REASON = 200


def view(request: Request) -> Response:
    params = Params(request)
    before = params.integer("before")
    with Session(request.app.state.engine) as s:
        runs = list_runs(s, before=before, limit=PAGE_SIZE)
        ids = [run.id for run in runs]
        reasons = run_error_reasons(s, ids)
        captures = run_capture_counts(s, ids)
    records = [{**run_record(run), "captures": captures.get(run.id, 0), "error_reasons": reasons[run.id]}
               for run in runs]
    next_before = runs[-1].id if len(runs) == PAGE_SIZE else None
    data = {"runs": records, "next": f"/runs?{urlencode({'before': next_before})}" if next_before else None}
    return page(request, "runs.html", data)


def run_view(request: Request) -> Response:
    Params(request)
    run_id = path_id(request.path_params["run_id"], "crawl run")
    with Session(request.app.state.engine) as s:
        run = s.get(CrawlRun, run_id)
        if run is None:
            raise NotFound(f"no crawl run {run_id} in this archive")
        record = {**run_record(run), "captures": run_capture_counts(s, [run_id]).get(run_id, 0),
                  "options": run.options, "invoked_by": run.invoked_by, "software_version": run.software_version,
                  "resumes_run_id": run.resumes_run_id}
        failures = run_failures(s, run_id, per_reason=URLS_PER_REASON)
    data = {
        "run": record,
        "failures": [
            {"reason": group.reason, "count": group.count,
             "captures": [{"capture_id": c.capture_id, "url": c.url, "status": c.status, "error": c.error,
                           "fetched_at": c.fetched_at} for c in group.captures]}
            for group in failures
        ],
    }
    return page(request, "run.html", data)
