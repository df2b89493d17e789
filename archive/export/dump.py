"""One researchers' dump: the articles streamed to PATH, the clusters folded into ``--report``, and a
manifest (``PATH.manifest.json``) saying what the dump is, so it can be cited and reproduced.

Memory stays flat whatever the archive's size: rows stream from the database in chunks, the
duplicate decisions read the stored clusters (:mod:`archive.export.dedup`), and every file is
written as it goes (and appears only when complete).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Protocol

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from archive import __version__
from archive.errors import InputError, NothingToExportError
from archive.export.dedup import DedupPolicy
from archive.export.writers import TextSink, article_record, atomic_path, export_output
from archive.store.duplicates import count_unsigned, load_params, similarities_to_representatives
from archive.store.queries import ArticleFilter, ArticleRow, comments_by_article, iter_clustered_articles
from archive.store.search import SearchQuery, parse_query
from archive.store.signatures import SignatureParams

FORMATS = ("jsonl", "parquet", "txt")


@dataclass(frozen=True)
class ExportResult:
    kept: int
    dropped_exact: int
    dropped_near: int
    sha256: str | None = None  # of the dump (None on stdout)
    #: articles without a signature of the archive's current scheme (signed by an older release, or
    #: a fill that was interrupted): never folded until ``newsarchive dedup rebuild`` signs them
    unsigned: int = 0

    @property
    def dropped(self) -> int:
        return self.dropped_exact + self.dropped_near


@dataclass(frozen=True)
class Progress:
    rows: int  # read so far (kept and dropped)
    seconds: float


class Sink(Protocol):
    def write(self, record: dict[str, Any]) -> None: ...

    @property
    def sha256(self) -> str: ...


@contextmanager
def _open_sink(out: Path, fmt: str, row_group_size: int) -> Iterator[Sink]:
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}: use jsonl, parquet or txt")
    if fmt == "parquet":
        if str(out) == "-":
            raise InputError("--format parquet needs a file: give --out PATH, not '-'")
        from archive.export.parquet import ParquetSink

        with atomic_path(out) as tmp:
            sink = ParquetSink(tmp, row_group_size)
            try:
                yield sink
            finally:
                sink.close()
        return
    with export_output(out) as stream:
        yield TextSink(stream, fmt)


def _report_line(row: ArticleRow, reason: str, similarity: float | None) -> str:
    place = row.cluster
    assert place is not None
    return json.dumps({
        "cluster": place.cluster_id,
        "reason": reason,
        "similarity": 1.0 if reason == "exact" else similarity,
        "matched_id": place.matched_article_id,
        "matched_similarity": place.similarity,
        "dropped": {"id": row.id, "url": row.url, "site": row.site, "title": row.version.title},
        "representative": {"id": place.representative_id, "url": place.representative_url,
                           "site": place.representative_site},
    }, ensure_ascii=False) + "\n"


@dataclass
class Tally:
    """What an export stream has read, kept and dropped so far."""

    rows: int = 0
    kept: int = 0
    exact: int = 0
    near: int = 0


def export_records(
    session: Session,
    *,
    dedup: DedupPolicy = DedupPolicy(),
    with_comments: bool = False,
    filters: ArticleFilter = ArticleFilter(),
    query: SearchQuery | None = None,
    report: IO[str] | None = None,
    tally: Tally | None = None,
    chunk_size: int = 500,
) -> Iterator[list[dict[str, Any]]]:
    """The export's records, one chunk at a time, as the stored clusters leave them (what
    ``newsarchive export`` writes and the web UI's download streams); dropped copies go to ``report``.
    ``dedup`` must have been checked against the stored clusters' threshold (:func:`check_dedup`)."""
    tally = tally if tally is not None else Tally()
    for chunk in iter_clustered_articles(session, filters, chunk_size, query=query):
        scores = {}
        if dedup.mode == "near" and (dedup.threshold is not None or report is not None):
            scores = similarities_to_representatives(session.connection(), [
                (row.id, row.cluster.representative_id)
                for row in chunk
                if row.cluster is not None and row.cluster.representative_id != row.id
            ])
        fresh, dropped = [], []
        for row in chunk:
            reason = dedup.drop_reason(row.id, row.cluster, scores.get(row.id))
            if reason is None:
                fresh.append(row)
            else:
                dropped.append((row, reason))
        tally.exact += sum(1 for _, reason in dropped if reason == "exact")
        tally.near += sum(1 for _, reason in dropped if reason == "near")
        if report is not None:
            for row, reason in dropped:
                report.write(_report_line(row, reason, scores.get(row.id)))
        comments = comments_by_article(session, [r.id for r in fresh]) if with_comments else {}
        tally.kept += len(fresh)
        tally.rows += len(chunk)
        yield [article_record(row, comments.get(row.id) if with_comments else None) for row in fresh]


def search_query(text: str) -> SearchQuery:
    """``--query``'s words as the search index reads them; nothing to search for is an input error."""
    query = parse_query(text)
    if query.empty:
        raise InputError(f"nothing to search for in {text[:40]!r}: give words or Chinese characters")
    return query


def check_dedup(session: Session, dedup: DedupPolicy) -> SignatureParams:
    """Refuse a ``dedup`` the stored clusters cannot answer; the parameters they were built with."""
    params = load_params(session.connection())
    dedup.check_against(params.threshold)
    return params


def export_articles(
    engine: Engine,
    out: Path,
    *,
    fmt: str = "jsonl",
    dedup: DedupPolicy = DedupPolicy(),
    with_comments: bool = False,
    filters: ArticleFilter = ArticleFilter(),
    query: str | None = None,
    report: Path | None = None,
    command: str | None = None,
    progress: Callable[[Progress], None] | None = None,
    progress_every: int = 10_000,
    row_group_size: int = 1000,
    chunk_size: int = 500,
) -> ExportResult:
    """Stream the current version of every matching article (with ``query``: that the search index
    finds for it) to ``out``, dropping duplicates as the stored clusters say; write ``report`` and
    ``out``'s manifest beside it."""
    started, clock = datetime.now(UTC), time.monotonic()
    searched = search_query(query) if query is not None else None
    tally = Tally()
    with Session(engine) as session:
        params = check_dedup(session, dedup)
        unsigned = count_unsigned(session.connection(), params) if dedup.mode != "none" else 0
        with ExitStack() as stack:
            sink = stack.enter_context(_open_sink(out, fmt, row_group_size))
            report_stream: IO[str] | None = stack.enter_context(export_output(report)) if report else None
            before = 0
            for records in export_records(session, dedup=dedup, with_comments=with_comments, filters=filters,
                                          query=searched, report=report_stream, tally=tally, chunk_size=chunk_size):
                for record in records:
                    sink.write(record)
                if progress is not None and tally.rows // progress_every > before // progress_every:
                    progress(Progress(tally.rows, time.monotonic() - clock))
                before = tally.rows
            if tally.kept == 0:  # an earlier export at PATH stays as it was
                raise NothingToExportError(f"no articles match; nothing written to {out}")
        digest = sink.sha256 if str(out) != "-" else None
    result = ExportResult(tally.kept, tally.exact, tally.near, digest, unsigned)
    if str(out) != "-":
        _write_manifest(out, result, engine=engine, fmt=fmt, dedup=dedup, params=params.as_dict(),
                        with_comments=with_comments, filters=filters, query=query, report=report,
                        command=command, started=started)
    return result


def _write_manifest(
    out: Path, result: ExportResult, *, engine: Engine, fmt: str, dedup: DedupPolicy, params: dict[str, Any],
    with_comments: bool, filters: ArticleFilter, query: str | None, report: Path | None, command: str | None,
    started: datetime,
) -> None:
    manifest = {
        "dump": out.name,
        "format": fmt,
        "sha256": result.sha256,
        "command": command,
        "filters": {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in asdict(filters).items()},
        "query": query,
        "comments": with_comments,
        "archive": engine.url.render_as_string(hide_password=True),
        "started_at": started.isoformat(),
        "finished_at": datetime.now(UTC).isoformat(),
        "counts": {"kept": result.kept, "dropped_exact": result.dropped_exact, "dropped_near": result.dropped_near,
                   "unsigned": result.unsigned},
        "dedup": {"mode": dedup.mode, "threshold": dedup.threshold, "clusters_built_with": params},
        "report": str(report) if report else None,
        "software": {"name": "newsarchive", "version": __version__},
    }
    path = out.with_name(out.name + ".manifest.json")
    with export_output(path) as stream:
        json.dump(manifest, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
