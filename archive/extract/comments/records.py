"""Which records a comment section gave are reader comments, and one numbering for them.

Pure functions of ``ExtractedComment``: a record is not a comment when it is a form's label, an
empty-state line, a share bar or a button, a counter or a date alone, a like, or a lone unsigned
note about commenting; a name that is a header or a field label is no name; a comment listed twice
(a "hot" list and the latest) is kept once (archive.extract.comments.sections uses them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

from archive.extract.comments.lines import UI_LINE, ExtractedComment
from archive.extract.comments.shapes import NOT_COMMENT, wordy
from archive.extract.dates import find_dates

__all__ = ["is_comment", "note_about_commenting", "numbered", "real_name", "renumber", "signed"]


# a text that speaks of commenting itself: "Comments are subject to approval", "By commenting, you…"
_ABOUT_COMMENTING = re.compile(r"comment|评论|評論|留言|跟贴|跟帖", re.I)


def note_about_commenting(c: ExtractedComment) -> bool:
    """A lone record nobody signs (no name, no time, no comment id) that speaks of commenting: the
    section's rules or its "more comments" links by the form, not a reader's comment."""
    return not (c.author or c.posted_at or numbered(c)) and _ABOUT_COMMENTING.search(c.text) is not None


_HEADER_WORD = re.compile(r"comment|discuss|contribute|leave a reply|cancel reply|评论|評論|跟贴|跟帖|留言", re.I)


def signed(c: ExtractedComment) -> bool:
    """Whether a comment carries a name (see real_name) or a time."""
    return c.posted_at is not None or real_name(c.author)


def numbered(c: ExtractedComment) -> bool:
    """Whether the comment's block carries a numbered id (``id="li-comment-1148995"``,
    ``data-comment-id``): a record the site stored, not a form's note."""
    return bool(c.external_id) and any(ch.isdigit() for ch in c.external_id or "")


def real_name(author: str | None) -> bool:
    """Not the section's header ("Reader Comments (1)"), a field or link label ("Homepage") or a
    "*" read where a name stands."""
    return bool(author) and not (
        _HEADER_WORD.search(author or "") or _FIELD_LABEL.match(author or "") or not any(ch.isalnum() for ch in author or "")
    )


_FIELD_LABEL = re.compile(
    r"^\s*+(?:your\s++)?(?:name|e-?mail(?:\s++address)?|website|url|homepage|comment|message|subject|password|user ?name)\b[^\n]{0,20}$",
    re.I,
)
_LIKED = re.compile(r"^[^\n]{1,60}?\s(?:liked|likes) this(?: post| article| page)?\.?$", re.I)
# counters where a comment's text would be: "4 likes", "133 views", "4 likes 0 comments"
_COUNTER = re.compile(r"^\s*+(?:\d[\d,.]*+\s*+[^\W\d_]{2,12}+\s*+[|·,]?+\s*+)++$")


def is_comment(c: ExtractedComment) -> bool:
    """Not a form label, an empty-state line, a share bar, a button repeated as its own text, nor a
    text that is only a counter or a date (a byline's "133 views · Nov 7, 2024") or, without a
    name, a button."""
    if NOT_COMMENT.match(c.text) or (c.author and NOT_COMMENT.match(c.author)):
        return False
    if _COUNTER.match(c.text) or _only_a_date(c.text):
        return False
    if _LIKED.match(c.text):
        return False   # "Ann liked this post.": a like shown among the comments, nothing said
    if c.author and _FIELD_LABEL.match(c.author) and not wordy(c.text):
        return False   # a comment form's field label ("Name", "Website (optional)") over a "*"
    if UI_LINE.match(c.text) and (not c.author or _COUNTER.match(c.author)):
        return False   # "顶" or "666" under a name is a reader's comment; alone it is a button
    if _controls_only(c.text):
        return False   # "Reply |", "Comment:", "* Your Email:": the thread's buttons and the form's labels

    return c.author != c.text


_BUTTON_SEPARATOR = re.compile(r"[|·]")


def _controls_only(text: str) -> bool:
    """Whether every line of a text is a form's field label (``Comment:``, ``* Your Email:``) or
    buttons set apart by bars (``Reply |``, ``Quote | Report``): nothing a reader wrote."""
    for line in text.split("\n"):
        label = line.strip().lstrip("*").strip()
        if label.endswith(":") and _FIELD_LABEL.match(label):
            continue
        parts = [p for p in _BUTTON_SEPARATOR.split(line) if p.strip()]
        if "|" in line or "·" in line:
            if parts and all(UI_LINE.match(p) for p in parts):
                continue
        return False
    return True


def _only_a_date(text: str) -> bool:
    if len(text) > 40:
        return False
    dates = find_dates(text, UTC)
    return bool(dates) and dates[0].start <= 1 and dates[-1].end >= len(text.rstrip()) - 1


def renumber(comments: Sequence[ExtractedComment]) -> tuple[ExtractedComment, ...]:
    """Concatenate comments from several sections (each numbered from 0) into one numbering."""
    out: list[ExtractedComment] = []
    seen: dict[tuple[str | None, str, datetime | None], int] = {}
    moved: dict[int, int] = {}
    block_start = 0
    for index, c in enumerate(comments):
        if c.position == 0:
            block_start = index
        parent = moved.get(c.reply_to + block_start) if c.reply_to is not None else None
        if not is_comment(c):
            continue
        if c.author and not real_name(c.author):
            c = replace(c, author=None)
        key = (c.author, c.text, c.posted_at)
        if key in seen:   # the same comment in a "hot" list and among the latest: one record
            moved[index] = seen[key]
            continue
        moved[index] = seen[key] = len(out)
        out.append(replace(c, reply_to=parent, position=len(out)))
    return tuple(out)
