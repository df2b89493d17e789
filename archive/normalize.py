"""Normal forms shared by the store and the deduplication filters."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACE = re.compile(r"\s+")


def text_key(text: str) -> str:
    """The form under which two texts count as equal: NFKC, case-folded, whitespace collapsed."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _SPACE.sub(" ", folded).strip()


def text_hash(text: str) -> str:
    """SHA-256 (hex) of :func:`text_key` — equal for texts that differ only in width, case or spacing."""
    return hashlib.sha256(text_key(text).encode("utf-8")).hexdigest()
