"""Streaming writers for researchers' dumps, and the JSON records shared with ``newsarchive extract``.

Output to a regular file goes to a temporary file beside PATH and is renamed into place only when
complete, so a failed export never leaves a truncated file that looks finished (``export_output``).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from archive.errors import InputError
from archive.store.files import default_file_mode
from archive.store.queries import ArticleRow

if TYPE_CHECKING:
    from archive.process import ProcessedPage
    from archive.store.models import Comment


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
    with atomic_path(out) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as stream:
        yield stream


@contextmanager
def atomic_path(out: Path) -> Iterator[Path]:
    """A temporary path beside ``out`` (through symlinks: beside the file a link points to) that
    becomes that file, with the usual mode, only if the block finishes."""
    directory = out.resolve().parent
    if not directory.is_dir():
        raise InputError(f"cannot write {out}: directory {directory} does not exist")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=directory)
    except OSError as exc:
        raise InputError(f"cannot write {out}: {exc.strerror or exc}") from exc
    os.close(fd)
    try:
        yield Path(tmp_name)
        os.chmod(tmp_name, default_file_mode())
        os.replace(tmp_name, out.resolve())
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


class TextSink:
    """jsonl or txt records onto a text stream, hashing what it writes (the manifest's SHA-256)."""

    def __init__(self, stream: IO[str], fmt: str) -> None:
        if fmt not in ("jsonl", "txt"):
            raise InputError(f"unknown export format {fmt!r}: use jsonl, parquet or txt")
        self._stream = stream
        self._fmt = fmt
        self._sha256 = hashlib.sha256()

    def write(self, record: dict[str, Any]) -> None:
        text = format_record(record, self._fmt)
        self._sha256.update(text.encode("utf-8"))
        self._stream.write(text)

    @property
    def sha256(self) -> str:
        return self._sha256.hexdigest()


def format_record(record: dict[str, Any], fmt: str) -> str:
    """One record as a jsonl line or a txt block, exactly as a dump holds it."""
    if fmt == "jsonl":
        return json.dumps(record, ensure_ascii=False) + "\n"
    header = record["title"] or record["url"]
    lines = [header, record["text"]]
    for comment in record.get("comments", []):
        lines.append(f"> {comment['author'] or ''}: {comment['text']}")
    return "\n".join(lines) + "\n\n"
