"""Query-string parameters read strictly: anything malformed is a :class:`BadRequest` (a 400 page),
never a traceback or a silently different page."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from urllib.parse import parse_qsl, unquote_to_bytes, urlencode

from starlette.requests import Request

from archive.store.browse import BrowseFilter

#: The longest query a search accepts, in characters.
MAX_QUERY_CHARS = 200
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SITE = 300


class HTTPProblem(Exception):
    """A request the UI answers with an error page (and the same message as JSON)."""

    status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadRequest(HTTPProblem):
    status = 400


class NotFound(HTTPProblem):
    status = 404


def query_is_utf8(request: Request) -> bool:
    raw = request.scope.get("query_string", b"")
    try:
        raw.decode("utf-8")
        for part in raw.split(b"&"):
            unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class Params:
    """The request's query parameters, each read and checked by type."""

    def __init__(self, request: Request) -> None:
        if not query_is_utf8(request):
            raise BadRequest("the query string is not valid UTF-8")
        raw = request.scope.get("query_string", b"").decode("utf-8")
        self.values = dict(parse_qsl(raw, keep_blank_values=True, encoding="utf-8", errors="strict"))

    def text(self, name: str, max_chars: int = _SITE) -> str | None:
        value = self.values.get(name, "").strip()
        if len(value) > max_chars:
            raise BadRequest(f"{name} is too long: at most {max_chars} characters, got {len(value)}")
        if "\x00" in value:
            raise BadRequest(f"{name} holds a NUL character")
        return value or None

    def integer(self, name: str, minimum: int = 1, maximum: int = 2**62) -> int | None:
        value = self.values.get(name, "").strip()
        if not value:
            return None
        if not value.isascii() or not value.isdigit() or not minimum <= int(value) <= maximum:
            raise BadRequest(f"{name} must be a whole number from {minimum} to {maximum}, got {value[:40]!r}")
        return int(value)

    def day(self, name: str) -> datetime | None:
        value = self.values.get(name, "").strip()
        if not value:
            return None
        try:
            if not _DATE.fullmatch(value):
                raise ValueError
            parsed = date.fromisoformat(value)
        except ValueError:
            raise BadRequest(f"{name} must be a date YYYY-MM-DD, got {value[:40]!r}") from None
        return datetime(parsed.year, parsed.month, parsed.day, tzinfo=UTC)

    def flag(self, name: str) -> bool | None:
        value = self.values.get(name, "").strip().lower()
        if not value:
            return None
        if value in ("1", "yes", "true", "on"):
            return True
        if value in ("0", "no", "false", "off"):
            return False
        raise BadRequest(f"{name} must be yes or no, got {value[:40]!r}")

    def choice(self, name: str, choices: tuple[str, ...]) -> str | None:
        value = self.values.get(name, "").strip()
        if not value:
            return None
        if value not in choices:
            raise BadRequest(f"{name} must be one of {', '.join(choices)}, got {value[:40]!r}")
        return value

    def browse_filter(self) -> BrowseFilter:
        since, until = self.day("since"), self.day("until")
        if since and until and until <= since:
            raise BadRequest("until must be after since")
        return BrowseFilter(
            site=self.text("site"), since=since, until=until, language=self.text("language", 20),
            has_comments=self.flag("comments"), changed=bool(self.flag("changed")),
        )

    def filter_args(self) -> dict[str, str]:
        """The filter parameters as given, for links that keep them."""
        names = ("site", "since", "until", "language", "comments", "changed")
        return {name: self.values[name] for name in names if self.values.get(name, "").strip()}


def export_link(args: dict[str, str], q: str | None = None) -> str | None:
    """The JSONL download of these filters (and search words), or None when a filter is one the
    export lacks (comments, changed): the download must be what the page shows."""
    if "comments" in args or "changed" in args:
        return None
    kept: dict[str, str] = {name: args[name] for name in ("site", "since", "until", "language") if name in args}
    if q:
        kept["q"] = q
    return "/export.jsonl?" + urlencode(kept)


def path_id(value: str, what: str) -> int:
    """A numeric id from the path; anything else is a 404 naming what was not found."""
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise NotFound(f"no {what} {value[:40]!r}")
    return int(value)
