"""Capture: one HTTP response's provenance, and its raw bytes served where they can run nothing.

The raw bytes go out with ``Content-Security-Policy: sandbox`` (no ``allow-scripts``: the page
gets an opaque origin and cannot run script, even opened directly), nothing loaded from
anywhere, and ``X-Content-Type-Options: nosniff``; the UI shows them only inside
``<iframe sandbox>``.
"""

from __future__ import annotations

import zlib

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from archive.store.browse import capture_content_type, get_capture
from archive.store.models import Body
from archive.web.params import NotFound, Params, path_id
from archive.web.render import page

RAW_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"
#: What the raw view may label a body as; anything else is offered as bytes.
SAFE_TYPES = ("text/html", "text/plain", "application/xhtml+xml", "application/xml", "text/xml")


def view(request: Request) -> Response:
    Params(request)
    capture_id = path_id(request.path_params["capture_id"], "capture")
    with Session(request.app.state.engine) as s:
        capture = get_capture(s, capture_id)
    if capture is None:
        raise NotFound(f"no capture {capture_id} in this archive")
    return page(request, "capture.html", {"capture": capture})


def raw_view(request: Request) -> Response:
    params = Params(request)
    capture_id = path_id(request.path_params["capture_id"], "capture")
    download = bool(params.flag("download"))
    with Session(request.app.state.engine) as s:
        capture = get_capture(s, capture_id)
        if capture is None:
            raise NotFound(f"no capture {capture_id} in this archive")
        body = s.get(Body, capture.body_sha256) if capture.body_sha256 else None
        if body is None:
            raise NotFound(f"capture {capture_id} kept no body (status {capture.status}, {capture.error or 'no error'})")
        content = zlib.decompress(body.content) if body.compression == "zlib" else body.content
    declared = capture_content_type(capture) or ""
    media = declared.split(";")[0].strip().lower()
    content_type = declared if media in SAFE_TYPES and not download else "application/octet-stream"
    headers = {
        "Content-Security-Policy": RAW_POLICY,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
    }
    if download:
        headers["Content-Disposition"] = f'attachment; filename="capture-{capture_id}.bin"'
    return Response(content, media_type=None, headers={**headers, "Content-Type": content_type})
