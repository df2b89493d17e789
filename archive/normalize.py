"""Normal forms shared by the crawler, the store and the deduplication filters.

``text_key``/``text_hash``: when two texts count as equal.
``canonical_url``: pure and idempotent; the same story page reached through tracking links,
fragments, upper-case hosts, default ports or shuffled query strings gets one key. The
tracking parameters it drops are listed in ``archive/data/tracking_params.toml``.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from importlib import resources
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

_SPACE = re.compile(r"\s+")


def text_key(text: str) -> str:
    """The form under which two texts count as equal: NFKC, case-folded, whitespace collapsed."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _SPACE.sub(" ", folded).strip()


def text_hash(text: str) -> str:
    """SHA-256 (hex) of :func:`text_key` — equal for texts that differ only in width, case or spacing."""
    return key_hash(text_key(text))


def key_hash(key: str) -> str:
    """:func:`text_hash` of a text whose :func:`text_key` the caller already has."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class TrackingParams:
    """Names (exact, lower-case) and prefixes of query parameters to drop."""

    names: frozenset[str]
    prefixes: tuple[str, ...]

    def is_tracking(self, name: str) -> bool:
        lowered = name.lower()
        return lowered in self.names or lowered.startswith(self.prefixes)


def load_tracking_params() -> TrackingParams:
    """Read the packaged list of tracking parameters."""
    text = resources.files("archive").joinpath("data/tracking_params.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return TrackingParams(
        names=frozenset(n.lower() for n in data["names"]),
        prefixes=tuple(p.lower() for p in data["prefixes"]),
    )


_TRACKING = load_tracking_params()

# Characters left unescaped in paths and query parts (RFC 3986 unreserved + sub-delims we keep).
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
_QUERY_SAFE = ":@!$'()*+,;/?-._~"


def _requote(part: str, safe: str) -> str:
    # unquote then quote: "%7e" and "~" become one form; UTF-8 text becomes %XX escapes.
    return quote(unquote(part, errors="surrogateescape"), safe=safe, errors="surrogateescape")


def canonical_url(url: str, tracking: TrackingParams = _TRACKING) -> str:
    """Return the canonical form of an absolute http(s) URL.

    Fragment dropped, scheme and host lower-cased, default port dropped, empty path -> "/",
    percent-escapes normalised, tracking parameters removed, remaining query parameters
    sorted (stable for repeated names). Other schemes are returned with only the fragment
    dropped.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
    host = (parts.hostname or "").rstrip(".")
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host.lower()
    except UnicodeError:
        host = host.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}{':' + parts.password if parts.password else ''}@{netloc}"
    path = _requote(parts.path or "/", _PATH_SAFE)
    pairs = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not tracking.is_tracking(name)
    ]
    pairs.sort(key=lambda pair: pair[0])
    query = urlencode(pairs, quote_via=quote, safe=_QUERY_SAFE)
    return urlunsplit((scheme, netloc, path, query, ""))
