"""Export from the UI: the current filter or search as a JSONL download, the very stream
``newsarchive export --format jsonl`` writes for the same filters (the same records, in the same
order, with the same duplicates dropped), streamed a chunk at a time (memory stays flat).

``/export.jsonl?site=…&since=…&until=…&language=…&q=…`` with ``dedup=none|exact|near`` (the
command's default: near) and ``with_comments=yes`` (its ``--comments``): the command's
``--site/--since/--until/--language/--query``. The article list's two filters the command lacks
(comments, changed) are refused rather than silently ignored.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from archive.errors import InputError
from archive.export.dedup import MODES, DedupPolicy
from archive.export.dump import check_dedup, export_records, search_query
from archive.export.writers import format_record
from archive.store.queries import ArticleFilter
from archive.web.params import MAX_QUERY_CHARS, BadRequest, Params
from archive.web.render import SECURITY_HEADERS

#: The browse filters the download understands, with the ``newsarchive export`` option each is.
EXPORT_FILTERS = {"site": "--site", "since": "--since", "until": "--until", "language": "--language", "q": "--query"}


def view(request: Request) -> Response:
    params = Params(request)
    for name in ("comments", "changed"):
        if params.values.get(name, "").strip():
            raise BadRequest(f"the export has no {name} filter: remove {name}= to download the rest of this filter")
    browse = params.browse_filter()
    filters = ArticleFilter(site=browse.site, since=browse.since, until=browse.until, language=browse.language)
    raw = params.text("q", MAX_QUERY_CHARS)
    dedup = DedupPolicy(params.choice("dedup", MODES) or "near")
    with_comments = bool(params.flag("with_comments"))
    try:
        query = search_query(raw) if raw is not None else None
        with Session(request.app.state.engine) as s:
            check_dedup(s, dedup)
    except InputError as exc:
        raise BadRequest(str(exc)) from None
    engine = request.app.state.engine

    def lines() -> Iterator[bytes]:
        with Session(engine) as s:
            for records in export_records(s, dedup=dedup, with_comments=with_comments, filters=filters, query=query):
                if records:
                    yield "".join(format_record(record, "jsonl") for record in records).encode("utf-8")

    headers = {**SECURITY_HEADERS, "Content-Disposition": 'attachment; filename="newsarchive-export.jsonl"',
               "Cache-Control": "no-store"}
    return StreamingResponse(lines(), media_type="application/x-ndjson; charset=utf-8", headers=headers)
