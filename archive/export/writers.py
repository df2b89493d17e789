"""Streaming writers for researchers' dumps, and the JSON records shared with ``newsarchive extract``.

Output to a file goes to a temporary file beside it and is renamed into place only when complete,
so a failed export never leaves a truncated file that looks finished, and an export that matches
nothing leaves an earlier one as it was.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from archive.errors import InputError, NothingToExportError
from archive.export.dedup import make_filter
from archive.store.files import default_file_mode
from archive.store.queries import ArticleFilter, ArticleRow, comments_by_article, iter_current_articles

if TYPE_CHECKING:
    from archive.process import ProcessedPage
    from archive.store.models import Comment


@dataclass(frozen=True)
class ExportResult:
    kept: int
    dropped: int


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def comment_records(comments: Iterable[Comment]) -> list[dict[str, Any]]:
    return [
        {"id": c.id, "author": c.author, "text": c.text, "posted": _iso(c.posted_at), "reply_to": c.parent_id}
        for c in comments
    ]


def article_record(row: ArticleRow, comments: list[Comment] | None) -> dict[str, Any]:
    version = row.version
    record: dict[str, Any] = {
        "id": row.id,
        "url": row.url,
        "site": row.site,
        "title": version.title,
        "author": version.author,
        "published": _iso(version.published_at),
        "language": version.language,
        "syndicated_from": version.source,
        "status": row.status,
        "version": version.number,
        "text": version.text,
    }
    if comments is not None:
        record["comments"] = comment_records(comments)
    return record


def extraction_record(url: str, processed: ProcessedPage) -> dict[str, Any]:
    """The ``newsarchive extract`` line for one page (see CONTRACT.md); ``error`` when it failed."""
    record: dict[str, Any] = {"url": url}
    decoded = processed.decoded
    if decoded is not None:
        record["encoding"] = decoded.encoding
        record["repairs"] = list(decoded.repairs)
        record["flagged"] = decoded.flagged
    extraction = processed.extraction
    if extraction is None:
        record["error"] = processed.error or "nothing could be extracted"
        return record
    record.update(
        url=extraction.canonical_url or url,
        title=extraction.title,
        author=", ".join(extraction.authors) or None,
        published=_iso(extraction.published_at),
        updated=_iso(extraction.updated_at),
        inferred=list(extraction.inferred),
        language=extraction.language,
        site_name=extraction.site_name,
        syndicated_from=extraction.source,
        is_article=extraction.is_article,
        page_kind_evidence=extraction.page_kind_evidence,
        text=extraction.text,
        comments=[
            {"id": c.position, "author": c.author, "text": c.text, "posted": _iso(c.posted_at), "reply_to": c.reply_to}
            for c in extraction.comments
        ],
    )
    return record


@contextmanager
def export_output(out: Path) -> Iterator[IO[str]]:
    """A text stream for ``out``: ``-`` is stdout; a regular file or a new path (through symlinks:
    the file a link points to is the one replaced) is written beside it and renamed into place
    only if the block finishes; anything else there (``/dev/null``, a FIFO, a terminal) is
    written in place, never replaced. A new file gets the usual mode (0644 under umask 022)."""
    if str(out) == "-":
        yield sys.stdout
        return
    target = out.resolve()
    if target.exists() and not target.is_file():
        try:
            stream = open(target, "w", encoding="utf-8", newline="\n")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise InputError(f"cannot write {out}: {exc.strerror or exc}") from exc
        with stream:
            yield stream
        return
    directory = target.parent
    if not directory.is_dir():
        raise InputError(f"cannot write {out}: directory {directory} does not exist")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=directory)
    except OSError as exc:
        raise InputError(f"cannot write {out}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            yield stream
        os.chmod(tmp_name, default_file_mode())
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def export_articles(
    engine: Engine,
    out: Path,
    *,
    fmt: str = "jsonl",
    dedup: str = "near",
    with_comments: bool = False,
    filters: ArticleFilter = ArticleFilter(),
) -> ExportResult:
    """Stream the current version of every matching article to ``out``; drop duplicates as asked."""
    duplicates = make_filter(dedup)
    kept = dropped = 0
    with export_output(out) as stream, Session(engine) as session:
        for chunk in iter_current_articles(session, filters):
            fresh = []
            for row in chunk:
                if duplicates.is_duplicate(row.version.text):
                    dropped += 1
                else:
                    fresh.append(row)
            comments = comments_by_article(session, [r.id for r in fresh]) if with_comments else {}
            for row in fresh:
                record = article_record(row, comments.get(row.id) if with_comments else None)
                stream.write(_format(record, fmt))
                kept += 1
        if kept == 0:  # leaves an earlier export at PATH as it was
            raise NothingToExportError(f"no articles match; nothing written to {out}")
    return ExportResult(kept=kept, dropped=dropped)


def _format(record: dict[str, Any], fmt: str) -> str:
    if fmt == "jsonl":
        return json.dumps(record, ensure_ascii=False) + "\n"
    if fmt == "txt":
        header = record["title"] or record["url"]
        lines = [header, record["text"]]
        for comment in record.get("comments", []):
            lines.append(f"> {comment['author'] or ''}: {comment['text']}")
        return "\n".join(lines) + "\n\n"
    raise InputError(f"unknown export format {fmt!r}: use jsonl or txt")
