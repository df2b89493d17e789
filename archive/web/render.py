"""Turning a view's data into a page: HTML through the Jinja2 templates (autoescaped), or the same
data as JSON with ``?format=json``. Every response carries headers that keep archived content inert."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: The UI's own pages run no script at all and load nothing from elsewhere.
UI_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": UI_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def make_environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["when"] = when
    env.filters["day"] = lambda value: value.date().isoformat() if value else ""
    env.globals["query"] = lambda **params: urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return env


def when(value: datetime | None, zone: str | None = None) -> str:
    """A stored (UTC) time as the site's zone shows it, with its offset: ``2025-01-30 10:32 +08:00``."""
    if value is None:
        return "—"
    try:
        local = value.astimezone(ZoneInfo(zone)) if zone else value
    except (ZoneInfoNotFoundError, ValueError):
        local = value
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M} {offset[:3]}:{offset[3:]}" + (f" ({zone})" if zone and local is not value else " UTC" if not zone else "")


def jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: jsonable(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def wants_json(request: Request) -> bool:
    return request.query_params.get("format") == "json" or request.url.path.startswith("/api/")


class JSONPage(JSONResponse):
    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, indent=1).encode("utf-8")


def page(request: Request, template: str, data: dict[str, Any], status: int = 200, **extra: Any) -> Response:
    """``data`` as JSON when asked for, else ``template`` rendered with ``data`` and ``extra``."""
    if wants_json(request):
        return JSONPage(jsonable(data), status_code=status, headers=SECURITY_HEADERS)
    env: Environment = request.app.state.templates
    html = env.get_template(template).render(request=request, **data, **extra)
    return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)
