"""The Starlette application: routes to one view module per page type, error pages for bad input.

The engine it is given should be read-only (:func:`archive.store.engine.make_readonly_engine`).
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Mount, Route

from archive.web.params import HTTPProblem
from archive.web.render import SECURITY_HEADERS, make_environment, page
from archive.web.views import article, articles, captures, changes, export, home, runs, search

log = logging.getLogger(__name__)
STYLE = Path(__file__).resolve().parent / "templates" / "style.css"


async def style(_request: Request) -> Response:
    return FileResponse(STYLE, media_type="text/css", headers={**SECURITY_HEADERS, "Cache-Control": "max-age=3600"})


async def problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPProblem)
    return page(request, "error.html", {"error": exc.message, "status": exc.status}, status=exc.status)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = "no such page" if exc.status_code == 404 else str(exc.detail)
    return page(request, "error.html", {"error": message, "status": exc.status_code}, status=exc.status_code)


async def server_error(request: Request, exc: Exception) -> Response:
    log.exception("error serving %s", request.url.path)
    return page(request, "error.html", {"error": "internal error (logged on the server)", "status": 500}, status=500)


#: The pages: each is HTML at its path, and JSON with ``?format=json`` or under ``/api`` (the same
#: routes mounted again: :func:`archive.web.render.wants_json` tells by the path).
PAGES = [
    Route("/", home.view),
    Route("/articles", articles.view),
    Route("/articles/{article_id}", article.view),
    Route("/articles/{article_id}/diff", article.diff_view),
    Route("/search", search.view),
    Route("/changes", changes.view),
    Route("/runs", runs.view),
    Route("/runs/{run_id}", runs.run_view),
    Route("/captures/{capture_id}", captures.view),
]
#: What is not a page: bytes, a feed, a download, the style sheet.
FILES = [
    Route("/captures/{capture_id}/raw", captures.raw_view),
    Route("/changes.atom", changes.feed),
    Route("/export.jsonl", export.view),
    Route("/style.css", style),
]


def create_app(engine: Engine) -> Starlette:
    """The UI over ``engine``'s archive."""
    app = Starlette(
        routes=[*PAGES, *FILES, Mount("/api", routes=PAGES)],
        exception_handlers={HTTPProblem: problem, HTTPException: http_error, Exception: server_error},
    )
    app.state.engine = engine
    app.state.templates = make_environment()
    return app
