"""The ``newsarchive`` command: a thin layer over the library.

Errors become one line on stderr and a non-zero exit status (a traceback only with ``--debug``).
The crawler (and so Scrapy) is imported only inside ``crawl`` and ``demo``.
"""

from __future__ import annotations

import json
import signal
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click
from sqlalchemy import Engine

from archive import __version__
from archive.config import DB_ENV_VAR, DEFAULT_DB_URL, resolve_db_url
from archive.errors import (
    EXIT_CODES,
    EXIT_ERROR,
    EXIT_INTERNAL_ERROR,
    EXIT_OK,
    ConfigError,
    InputError,
    NewsArchiveError,
)
from archive.runtime import collect_garbage_less_often
from archive.store.signatures import DEFAULT_THRESHOLD

if TYPE_CHECKING:
    from archive.store.duplicates import RebuildProgress
    from archive.store.queries import CaptureDetail


@dataclass(frozen=True)
class Context:
    db_option: str | None
    debug: bool

    @property
    def db_url(self) -> str:
        return resolve_db_url(self.db_option)

    def open_archive(self) -> Engine:
        """An engine on the archive, its schema brought to the newest migration first."""
        from archive.store.engine import open_archive

        def filling(progress: RebuildProgress) -> None:
            click.echo(f"dedup: signing the articles stored before duplicate signatures: {progress.done} of "
                       f"{progress.total}", err=True)

        return open_archive(self.db_url, fill_progress=filling)


class NewsArchiveGroup(click.Group):
    """Turns library errors into one line on stderr; ``--debug`` shows the traceback instead."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NewsArchiveError as exc:
            if _debug_requested(ctx):
                raise
            _fail(str(exc), exc.exit_code)
        except OSError as exc:
            if _debug_requested(ctx):
                raise
            _fail(f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc))


def _debug_requested(ctx: click.Context) -> bool:
    return bool(ctx.params.get("debug"))


def _fail(message: str, exit_code: int = EXIT_ERROR) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    sys.exit(exit_code)


@click.group(cls=NewsArchiveGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_option",
    metavar="URL",
    help=f"SQLAlchemy URL of the archive. Default: ${DB_ENV_VAR}, else {DEFAULT_DB_URL}.",
)
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(__version__, prog_name="newsarchive")
@click.pass_context
def cli(ctx: click.Context, db_option: str | None, debug: bool) -> None:
    """newsarchive: archive news sites — articles and reader comments stored apart, decoded right.

    Every command that touches the archive first brings its schema to the newest migration.
    """
    ctx.obj = Context(db_option=db_option, debug=debug)
    ctx.call_on_close(partial(_fold_write_ahead_log, ctx.obj))


def _fold_write_ahead_log(obj: Context) -> None:
    """When a command ends (done, failed, or stopped by SIGINT/SIGTERM), a SQLite archive's
    write-ahead log is copied into the ``.db`` file, so a copy of that file alone is the whole
    archive. An archive another process is still writing to is left to that process."""
    from archive.store.files import checkpoint_sqlite

    try:
        checkpoint_sqlite(obj.db_url)
    except ConfigError:
        return  # a bad --db: the command itself said so


# --- db ---------------------------------------------------------------------------------------


@cli.group()
def db() -> None:
    """Operator commands for the archive's schema (migrations run automatically otherwise)."""


@db.command("upgrade")
@click.pass_obj
def db_upgrade(obj: Context) -> None:
    """Bring the archive's schema to the newest migration."""
    from archive.store.engine import current_revision

    engine = obj.open_archive()
    click.echo(f"archive at revision {current_revision(engine)} (head)")


@db.command("current")
@click.pass_obj
def db_current(obj: Context) -> None:
    """Print the archive's migration revision and whether it is the newest."""
    from archive.store.engine import current_revision, head_revision, make_engine

    engine = make_engine(obj.db_url)
    revision = current_revision(engine)
    head = head_revision()
    state = "head" if revision == head else f"behind head {head}; run: newsarchive db upgrade"
    click.echo(f"{revision or 'empty (no schema yet)'} ({state})")


@db.command("backup")
@click.argument("path", type=click.Path(path_type=Path))
@click.pass_obj
def db_backup(obj: Context, path: Path) -> None:
    """Copy a SQLite archive to PATH (a new file), consistent even while a crawl writes to it.

    Uses SQLite's online backup API; PATH is one self-contained file. A PostgreSQL archive is
    backed up with pg_dump: the error says the command line.
    """
    from archive.store.files import backup_archive

    written = backup_archive(obj.db_url, path)
    click.echo(f"archive copied to {written}")


# --- captures ---------------------------------------------------------------------------------


@cli.group()
def captures() -> None:
    """Raw captures: bring in pages fetched elsewhere, look at what a server sent."""


@captures.command("import")
@click.argument("warc_files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="WARC...")
@click.option("--site", "site", metavar="NAME", help="Site name for the imported pages (default: each page's host).")
@click.pass_obj
def captures_import(obj: Context, warc_files: Sequence[Path], site: str | None) -> None:
    """Ingest existing WARC files (e.g. from Browsertrix or wget) like crawled pages.

    Every response record goes through the same decode → extract → store path as a crawl; each
    capture keeps the WARC file and offset it came from. A truncated or corrupt record is not
    imported: it is reported with its offset (one line each on stderr), counted in the errors,
    and the command exits 1; the rest of that file is not read.
    """
    from archive.ingest.warc_import import import_warcs

    result = import_warcs(obj.open_archive(), list(warc_files), site=site)
    counters = result.counters
    click.echo(
        f"imported {counters.pages_fetched} responses: {counters.articles_new} new articles, "
        f"{counters.articles_updated} updated, {counters.articles_unchanged} unchanged, "
        f"{counters.comments_added} comments added, {counters.errors} errors"
        + (f" ({len(result.damaged)} damaged records)" if result.damaged else "")
    )
    for damage in result.damaged:
        click.echo(f"Error: {damage.describe()}", err=True)
    if result.damaged:
        sys.exit(1)


@captures.command("show")
@click.argument("capture_id", type=int, metavar="ID")
@click.option("--raw", is_flag=True, help="Write only the body's bytes, exactly as the server sent them, to stdout.")
@click.pass_obj
def captures_show(obj: Context, capture_id: int, raw: bool) -> None:
    """Show one capture (captures.id): its URL and status, response headers, how its charset was
    decided (the evidence), and its body decoded to text.

    With --raw, only the original body bytes (stored zlib-compressed in the archive) go to stdout,
    e.g. `newsarchive captures show 12 --raw > page.html`.
    """
    from sqlalchemy.orm import Session

    from archive.store.queries import capture_detail

    with Session(obj.open_archive()) as session:
        detail = capture_detail(session, capture_id)
    if detail is None:
        raise InputError(f"no capture {capture_id} in the archive (ids are captures.id)")
    if raw:
        if detail.body is None:
            raise InputError(f"capture {capture_id} has no body ({detail.capture.error or 'none was received'})")
        sys.stdout.buffer.write(detail.body)
        sys.stdout.buffer.flush()
        return
    click.echo(_describe_capture(detail))


def _describe_capture(detail: CaptureDetail) -> str:
    from archive.decode.page import decode_page
    from archive.errors import DecodeError

    capture = detail.capture
    lines = [
        f"capture {capture.id}: {capture.requested_url}",
        f"  status: {capture.status if capture.status is not None else 'no response'}",
        f"  final URL: {capture.final_url}",
        f"  fetched at: {capture.fetched_at.isoformat()}",
        f"  site: {detail.site or '-'}; kind: {capture.kind}; page kind: {capture.page_kind or '-'}; "
        f"crawl run: {capture.crawl_run_id if capture.crawl_run_id is not None else '-'}",
    ]
    if capture.warc_file:
        lines.append(f"  WARC: {capture.warc_file} at offset {capture.warc_offset}")
    if capture.error:
        lines.append(f"  error: {capture.error}")
    lines.append("headers:")
    lines.extend(f"  {name}: {value}" for name, value in capture.headers or [])
    lines.append(
        f"charset: {capture.encoding or '-'}; repairs: {', '.join(map(str, capture.repairs or [])) or 'none'}; "
        f"flagged spans: {capture.flagged_spans}"
    )
    lines.append(f"charset evidence: {json.dumps(capture.charset_evidence, ensure_ascii=False, sort_keys=True)}")
    if detail.body is None:
        lines.append("body: none")
        return "\n".join(lines)
    lines.append(f"body: {len(detail.body)} bytes, sha256 {capture.body_sha256} (--raw for the bytes)")
    content_type = next((value for name, value in capture.headers or [] if name.lower() == "content-type"), None)
    try:
        text = decode_page(detail.body, content_type).text
    except DecodeError as exc:
        lines.append(f"  not text: {exc}")
        return "\n".join(lines)
    return "\n".join(lines) + "\n\n" + text


# --- extract ----------------------------------------------------------------------------------


def _capture_time(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO 8601 time; write e.g. 2024-10-09T12:00+08:00", param_hint="--fetched-at") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--url", help="The URL the files were fetched from (for links, dates and the site's zone).")
@click.option(
    "--content-type",
    metavar="'text/html; charset=…'",
    help="The Content-Type header the server sent, if known.",
)
@click.option("--timezone", "tz", metavar="ZONE", help="The site's time zone, e.g. Asia/Shanghai.")
@click.option(
    "--fetched-at",
    "fetched_at",
    metavar="ISO-8601",
    help="When the files were captured, e.g. 2024-10-09T12:00+08:00 (UTC if no offset); "
    "default: each file's modification time. Relative dates (3小时前) are read against it and no "
    "date after it is taken.",
)
def extract(
    files: Sequence[Path], url: str | None, content_type: str | None, tz: str | None, fetched_at: str | None
) -> None:
    """Decode and extract saved pages offline; one JSON object per FILE on stdout, in input order.

    A FILE that cannot be read or processed gives a line with an "error" field; the rest go on.
    """
    captured = _capture_time(fetched_at) if fetched_at else None
    from archive.export.writers import extraction_record
    from archive.process import ExtractorCache, FetchedPage, process_page

    extractors = ExtractorCache()
    failures = 0
    for path in files:
        record: dict[str, Any] = {"source": str(path)}
        try:
            body = path.read_bytes()
        except OSError as exc:
            record["error"] = f"cannot read {path}: {exc.strerror or exc}"
            failures += 1
            click.echo(json.dumps(record, ensure_ascii=False))
            continue
        page_url = url or path.resolve().as_uri()
        headers = (("Content-Type", content_type),) if content_type else ()
        page = FetchedPage(
            url=page_url, final_url=page_url, status=200, headers=headers, body=body,
            fetched_at=captured or datetime.fromtimestamp(path.stat().st_mtime, UTC), timezone=tz,
        )
        processed = process_page(page, extractors)
        record.update(extraction_record(page_url, processed))
        if "error" in record:
            failures += 1
        click.echo(json.dumps(record, ensure_ascii=False))
    if failures == len(files):
        sys.exit(1)


@cli.command()
@click.option("--site", "site", metavar="NAME", help="Only this site (name or host).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only pages fetched on or after DATE (YYYY-MM-DD).")
@click.pass_obj
def reextract(obj: Context, site: str | None, since: datetime | None) -> None:
    """Re-run decode → extract → clean over stored pages after the extractor improved.

    Nothing is re-fetched. A page whose article text or title now comes out differently gets a new
    version tagged with the current extractor version; the others stay as they are.
    """
    from archive.ingest.reextract import reextract as run_reextract

    counters = run_reextract(obj.open_archive(), site=site, since=_day_start(since))
    click.echo(
        f"re-extracted {counters.pages_fetched} pages: {counters.articles_new} new articles, "
        f"{counters.articles_updated} updated, {counters.articles_unchanged} unchanged, "
        f"{counters.comments_added} comments added, {counters.errors} errors"
    )


# --- export -----------------------------------------------------------------------------------


@cli.command()
@click.option(
    "--out", "out", required=True, type=click.Path(path_type=Path),
    help="File to write ('-' for stdout). A file is replaced only when the export is complete; "
    "a device or FIFO is written in place.",
)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "parquet", "txt"]), default="jsonl", show_default=True,
              help="jsonl: one JSON object per line; parquet: the schema in docs/export.md; txt: plain text.")
@click.option(
    "--dedup",
    type=click.Choice(["none", "exact", "near"]),
    default="near",
    show_default=True,
    help="Drop articles whose text repeats an earlier one: exactly, or also near-duplicates "
    "(read from the duplicate clusters stored in the archive; nothing is recomputed).",
)
@click.option(
    "--threshold", type=click.FloatRange(0.0, 1.0), metavar="X",
    help=f"With --dedup near: drop a copy only when its similarity to its cluster's representative (read from "
    f"the stored signatures) is at least X. The clusters are "
    f"built at {DEFAULT_THRESHOLD} by default (estimated Jaccard similarity of word 3-grams, or character "
    f"4-grams for Chinese; chosen on 288 labelled pairs, docs/export.md); for a lower X run 'newsarchive dedup "
    f"rebuild --threshold X' first.",
)
@click.option("--report", "report", type=click.Path(path_type=Path), metavar="PATH",
              help="Also write the dropped copies, one JSON line each: its cluster's representative, site, URL, "
                   "similarity and why.")
@click.option("--comments", is_flag=True, help="Include each article's reader comments.")
@click.option("--site", "site", metavar="NAME", help="Only this site (name or host).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Published on or after DATE (YYYY-MM-DD).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Published before DATE (YYYY-MM-DD).")
@click.option("--language", metavar="CODE", help="Only this language, e.g. zh, zh-Hant, en.")
@click.option("--query", metavar="WORDS",
              help="Only articles with these words in title or text, as the web UI's search finds them "
              "(Chinese: Simplified and Traditional alike); still in export order, not ranked.")
@click.pass_obj
def export(
    obj: Context,
    out: Path,
    fmt: str,
    dedup: str,
    threshold: float | None,
    report: Path | None,
    comments: bool,
    site: str | None,
    since: datetime | None,
    until: datetime | None,
    language: str | None,
    query: str | None,
) -> None:
    """Stream the archive's articles (newest version of each) to a file, with PATH.manifest.json beside it.

    Duplicates are decided once, when articles are stored: each cluster of copies of one story
    keeps its earliest-published member. Deduplication is archive-wide: a copy is dropped even
    when its representative lies outside --site/--since/--until/--language.

    Exits 6 when no article matches the filters, writing nothing (an earlier export at PATH
    stays as it was).
    """
    import shlex

    from archive.export.dedup import DedupPolicy
    from archive.export.dump import export_articles
    from archive.store.queries import ArticleFilter

    policy = DedupPolicy(dedup, threshold)
    engine = obj.open_archive()
    filters = ArticleFilter(
        site=site,
        since=_day_start(since),
        until=_day_start(until),
        language=language,
    )
    tty = sys.stderr.isatty()

    def show(progress: Any) -> None:
        rate = progress.rows / progress.seconds if progress.seconds else 0.0
        end = "\r" if tty else "\n"
        click.echo(f"export: {progress.rows} rows read, {rate:.0f} rows/s", err=True, nl=False)
        click.echo(end, err=True, nl=False)

    command = "newsarchive " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    result = export_articles(engine, out, fmt=fmt, dedup=policy, with_comments=comments, filters=filters,
                             query=query, report=report, command=command, progress=show)
    if tty:
        click.echo("", err=True)
    click.echo(
        f"exported {result.kept} articles to {out} ({result.dropped} dropped as duplicates: "
        f"{result.dropped_exact} exact, {result.dropped_near} near)",
        err=True,
    )
    if result.unsigned:
        click.echo(f"warning: {result.unsigned} articles have no signature of the archive's current scheme "
                   "(stored by an older release, or an interrupted fill), so their duplicates were not "
                   "dropped; run 'newsarchive dedup rebuild'", err=True)


# --- dedup ------------------------------------------------------------------------------------


@cli.group()
def dedup() -> None:
    """The duplicate clusters stored in the archive."""


@dedup.command("rebuild")
@click.option("--threshold", type=click.FloatRange(0.01, 1.0), metavar="X",
              help=f"Near-duplicate similarity threshold to rebuild the clusters at (default: the archive's own; "
                   f"{DEFAULT_THRESHOLD} for a new one).")
@click.option("--batch-size", type=click.IntRange(min=1), default=500, show_default=True,
              help="Articles per committed batch.")
@click.pass_obj
def dedup_rebuild(obj: Context, threshold: float | None, batch_size: int) -> None:
    """Recompute stored duplicate signatures and clusters, in batches with progress lines.

    With a new --threshold every cluster is rebuilt; otherwise only articles not yet signed under the
    archive's current scheme are done (an interrupted rebuild or fill resumes where it stopped, and
    signatures of an older release's scheme are recomputed).
    """
    from archive.store.duplicates import rebuild
    from archive.store.signatures import SignatureParams

    engine = obj.open_archive()
    params = SignatureParams.for_threshold(threshold) if threshold is not None else None
    done = 0
    for progress in rebuild(engine, params, batch_size=batch_size):
        done = progress.done
        click.echo(f"dedup: signed {progress.done} of {progress.total} articles", err=True)
    click.echo(f"dedup rebuilt: {done} articles signed and placed in clusters")


def _day_start(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return datetime.combine(value.date() if isinstance(value, datetime) else value, datetime.min.time(), UTC)


# --- crawl & demo -----------------------------------------------------------------------------


def _parse_settings(pairs: Sequence[str]) -> dict[str, str]:
    settings = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise ConfigError(f"-s expects NAME=VALUE, got {pair!r}")
        settings[name.strip()] = value
    return settings


_EXIT_CODES_HELP = "\b\nExit status:\n" + "\n".join(f"  {code:>2}  {meaning}" for code, meaning in EXIT_CODES)


@cli.command(epilog=_EXIT_CODES_HELP)
@click.argument("seeds", nargs=-1, metavar="[SEED_URL]...")
@click.option("--sites", "sites_file", type=click.Path(path_type=Path), help="TOML file of site entries (see docs/sites.md).")
@click.option("--site", "only", multiple=True, metavar="NAME", help="Only this site of the --sites file (repeatable).")
@click.option(
    "--max-pages", type=click.IntRange(min=1),
    help="Fetch at most this many pages (HTML documents: articles, listings, comment pages); "
    "robots.txt, sitemaps and feeds are not counted.",
)
@click.option("--jobdir", type=click.Path(path_type=Path), help="Keep the crawl's state here so a killed crawl resumes.")
@click.option("--warc", "warc_dir", type=click.Path(path_type=Path), help="Also write WARC files into this directory.")
@click.option(
    "--redis", "redis_url", metavar="URL",
    help="Run as one worker of many (on any machines) sharing the frontier, seen-set and per-host "
    "politeness in Redis (redis://host:6379/0), all writing to one archive; see docs/distributed.md.",
)
@click.option("-s", "settings", multiple=True, metavar="NAME=VALUE", help="Override a Scrapy setting (repeatable).")
@click.option("--quiet", is_flag=True, help="No progress lines, only the summary.")
@click.pass_obj
def crawl(
    obj: Context,
    seeds: Sequence[str],
    sites_file: Path | None,
    only: Sequence[str],
    max_pages: int | None,
    jobdir: Path | None,
    warc_dir: Path | None,
    redis_url: str | None,
    settings: Sequence[str],
    quiet: bool,
) -> None:
    """Discover news sites from their home pages and archive their articles and comments.

    Each SEED_URL is a site's home page (http://host[:port]/). Only the seeds' hosts are crawled;
    robots.txt is obeyed. Each site is locked in the archive while it is crawled: a site another
    crawl holds is skipped with one line. Exits 0 when the crawl ran, even if some pages failed
    (those failures are recorded in the archive and counted in the summary); see below.
    """
    if not seeds and sites_file is None:
        raise InputError("give at least one SEED_URL or --sites FILE")
    if only and sites_file is None:
        raise InputError("--site NAME picks a site of a --sites FILE; give the file too")
    overrides = _parse_settings(settings)
    if redis_url:
        overrides["NEWSARCHIVE_REDIS_URL"] = redis_url
    db_url = obj.db_url
    from crawler.runner import run_crawl  # it brings the archive to the newest migration first

    summary = run_crawl(
        list(seeds),
        db_url=db_url,
        sites_file=sites_file,
        max_pages=max_pages,
        jobdir=jobdir,
        warc_dir=warc_dir,
        settings_overrides=overrides,
        progress=not quiet,
        only=tuple(only),
    )
    click.echo(summary.format())
    failure = summary.failure_line()
    if summary.exit_code != EXIT_OK and failure is not None:
        _fail(failure, summary.exit_code)


@cli.command()
@click.option("--sites", "sites_file", required=True, type=click.Path(path_type=Path),
              help="Sites file whose sites have an `interval` (docs/sites.md).")
@click.option("--jobdir", type=click.Path(path_type=Path), default=None,
              help="Keep each site's crawl resumable in DIR/NAME: a crawl stopped by SIGTERM resumes next time.")
@click.option("--redis", "redis_url", metavar="URL",
              help="Each crawl runs as a worker on the shared frontier in Redis (as crawl --redis; not with --jobdir).")
@click.option("-s", "settings", multiple=True, metavar="NAME=VALUE", help="Scrapy setting for every crawl (repeatable).")
@click.pass_obj
def schedule(
    obj: Context, sites_file: Path, jobdir: Path | None, redis_url: str | None, settings: Sequence[str]
) -> None:
    """Crawl each site of FILE as its work falls due, in one long-lived process (for hosts without cron).

    A site is woken at the shortest of its `interval` and its [site.revisit] intervals, and each
    crawl fetches only the kinds of page that are due. Each crawl is a `newsarchive crawl --sites
    FILE --site NAME` subprocess; a site is never crawled twice at once. SIGTERM or SIGINT: no new
    crawls, the running ones stop at a checkpoint (resumed next time with --jobdir), exit 0.
    SIGHUP: re-read FILE. Needs a real contact URL for the User-Agent: NEWSARCHIVE_CONTACT_URL, or
    contact_url = "https://…" at the top of FILE.
    """
    overrides = _parse_settings(settings)
    if redis_url:
        if jobdir is not None:
            raise ConfigError("--jobdir and --redis do not mix: with --redis the crawl's state is in Redis")
        overrides["NEWSARCHIVE_REDIS_URL"] = redis_url  # passed to each crawl as -s
    obj.open_archive().dispose()  # the schema, and a clear line now if the database is unusable
    from crawler.schedule import run_schedule

    def say(line: str) -> None:
        click.echo(f"{datetime.now(UTC):%Y-%m-%d %H:%M:%S} {line}")

    run_schedule(sites_file, db_url=obj.db_url, settings_overrides=overrides, say=say, jobdir=jobdir)


@cli.command()
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="How many recent runs to list.")
@click.option(
    "--sites", "sites_file", type=click.Path(path_type=Path),
    help="Sites file (docs/sites.md): also check each site with an `interval`; exit 1 when one's last "
    "successful run is older than twice its interval.",
)
@click.option(
    "--log-format", "log_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="json: one JSON object per line (runs, then sites), for log shippers.",
)
@click.pass_obj
def runs(obj: Context, limit: int, sites_file: Path | None, log_format: str) -> None:
    """Recent crawl runs, newest first: status, counters and errors by reason.

    With --sites, each site with an interval is listed with its last successful run and the exit
    status is 1 when any is late (older than twice its interval, or never), for monitoring checks.
    A run whose crawl process is gone from this host is marked interrupted first.
    """
    from sqlalchemy.orm import Session

    from archive.store.queries import recent_runs, run_error_reasons, site_lags

    intervals: dict[str, float] = {}
    if sites_file is not None:
        from crawler.sites import load_sites  # the sites file's parser (no Scrapy)

        intervals = {site.name: site.period for site in load_sites(sites_file)}
        if not any(seconds > 0 for seconds in intervals.values()):
            raise InputError(f"{sites_file}: no site has an `interval` or a [site.revisit] table; "
                             'add e.g. interval = "1h" (docs/sites.md)')
    engine = obj.open_archive()
    now = datetime.now(UTC)
    with Session(engine) as s:
        listed = recent_runs(s, limit)
        reasons = run_error_reasons(s, [run.id for run in listed])
        lags = site_lags(s, intervals, now)
        for run in listed:
            record = {
                "run": run.id, "status": run.status, "started_at": run.started_at.isoformat(),
                "finished_at": run.finished_at.isoformat() if run.finished_at else None,
                "sites": (run.options or {}).get("sites", []), "pages_fetched": run.pages_fetched,
                "articles_new": run.articles_new, "articles_updated": run.articles_updated,
                "articles_unchanged": run.articles_unchanged, "articles_gone": run.articles_gone,
                "comments_added": run.comments_added, "errors": run.errors, "error_reasons": reasons[run.id],
                "pid": run.pid, "host": run.host, "resumes_run_id": run.resumes_run_id,
                "revisits": run.revisits or {},
            }
            click.echo(json.dumps(record, ensure_ascii=False) if log_format == "json" else _run_line(record))
    late = [lag for lag in lags if lag.late]
    for lag in lags:
        record = {
            "site": lag.site, "interval_seconds": lag.interval,
            "last_success_at": lag.last_success_at.isoformat() if lag.last_success_at else None,
            "age_seconds": round(lag.age, 1) if lag.age is not None else None, "late": lag.late,
        }
        if log_format == "json":
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            since = f"last success {_span(lag.age)} ago" if lag.age is not None else "never crawled successfully"
            click.echo(f"site {lag.site}: {since}, interval {_span(lag.interval)}" + (" — LATE" if lag.late else ""))
    if late:
        _fail(
            "late: " + ", ".join(lag.site for lag in late)
            + " (last successful run older than twice the interval; see newsarchive runs)"
        )


def _run_line(record: dict[str, Any]) -> str:
    errors = f"{record['errors']} errors"
    if record["error_reasons"]:
        errors += " (" + ", ".join(f"{reason}: {n}" for reason, n in record["error_reasons"].items()) + ")"
    resumed = f", resumes run {record['resumes_run_id']}" if record["resumes_run_id"] else ""
    revisits = "; ".join(
        f"{kind} {counts.get('due', 0)} due/{counts.get('not_due', 0)} not due"
        for kind, counts in sorted(record["revisits"].items())
    )
    return (
        f"run {record['run']} {record['status']} {record['started_at'][:19].replace('T', ' ')} UTC"
        f" [{', '.join(record['sites']) or '-'}]{resumed}: {record['pages_fetched']} pages, "
        f"{record['articles_new']} new, {record['articles_updated']} updated, "
        f"{record['articles_unchanged']} unchanged, {record['comments_added']} comments, {errors}"
        + (f"; revisits: {revisits}" if revisits else "")
    )


def _span(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds / size:.1f}{unit}"
    return f"{seconds:.0f}s"


@cli.command()
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
    help="Port of the demo site on 127.0.0.1 (fails if taken: the same site on another port is "
    "another site in the archive; 0: any free port).",
)
@click.option("-s", "settings", multiple=True, metavar="NAME=VALUE", help="Override a Scrapy setting (repeatable).")
@click.pass_obj
def demo(obj: Context, port: int, settings: Sequence[str]) -> None:
    """Serve a small bundled news site on 127.0.0.1, crawl it into the archive, and show what to try next.

    It ends with where the archive is, the site it served, and commands to try next, each of
    which runs as printed (with this run's --db).
    """
    db_url = obj.db_url
    from crawler.runner import run_demo  # its crawl brings the archive to the newest migration first

    summary, base_url = run_demo(db_url, settings_overrides=_parse_settings(settings), port=port)
    click.echo(summary.format())
    click.echo(_demo_next_steps(obj, db_url, base_url))


#: A demo page in a legacy encoding that lies about it: the one the "try next" commands look at.
DEMO_SAMPLE_PAGE = "news/2024/gbk-seminar.html"


def _demo_next_steps(obj: Context, db_url: str, base_url: str) -> str:
    import shlex

    from sqlalchemy.orm import Session

    from archive.config import parse_db_url
    from archive.store.engine import make_engine
    from archive.store.files import sqlite_file
    from archive.store.queries import latest_capture_with_body

    url = parse_db_url(db_url)
    path = sqlite_file(url)
    where = str(path.resolve()) if path is not None else url.render_as_string(hide_password=True)
    command = "newsarchive" + (f" --db {shlex.quote(obj.db_option)}" if obj.db_option else "")
    page_url = base_url + DEMO_SAMPLE_PAGE
    engine = make_engine(db_url)
    try:
        with Session(engine) as session:
            capture_id = latest_capture_with_body(session, page_url)
    finally:
        engine.dispose()
    lines = [
        "",
        f"Archive: {where}",
        f"Demo site: {base_url} (archived as site {base_url.removeprefix('http://').rstrip('/')!r})",
        "",
        "Try next:",
        f"  {command} export --out articles.jsonl --format jsonl --comments",
    ]
    if capture_id is not None:
        lines += [
            f"  {command} captures show {capture_id}",
            f"  {command} captures show {capture_id} --raw > page.html",
            f"  newsarchive extract page.html --url {page_url}",
        ]
    lines.append(f"  {command} db current")
    lines += ["", f"Browse it: run `{command} serve`, then open http://127.0.0.1:8000/ (Ctrl-C stops it)"]
    return "\n".join(lines)


def _stop_on_sigterm(signum: int, _frame: object) -> NoReturn:
    """SIGTERM ends a command like Ctrl-C does: through its clean-up (the archive's log folded
    into its file), not on the spot."""
    raise KeyboardInterrupt


# --- serve ------------------------------------------------------------------------------------


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback exposes the archive: there is no login.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.pass_obj
def serve(obj: Context, host: str, port: int) -> None:
    """Browse, search and inspect the archive in a web browser (read-only).

    Opens the archive read-only (SQLite mode=ro, PostgreSQL read-only transactions). Pages: home,
    articles, search, article (versions, diffs, provenance, raw captures), changes (also an Atom
    feed, /changes.atom) and crawl runs; the articles and search pages download as the JSONL
    `newsarchive export` writes. Every page is also JSON with ?format=json or under /api/.
    """
    from archive.store.engine import make_readonly_engine
    from archive.web.server import run_server

    obj.open_archive().dispose()  # brings the schema to the newest migration, then never writes again
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"Warning: serving on {host}: anyone who can reach this port can read the whole archive "
                   "(there is no login)", err=True)
    run_server(make_readonly_engine(obj.db_url), host, port)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: click's own usage errors are shortened to one line too, and so is a fault
    nobody foresaw (one line naming it and ``--debug``, exit status 70): a user never sees a
    traceback unless ``--debug`` asks for one."""
    collect_garbage_less_often()
    signal.signal(signal.SIGTERM, _stop_on_sigterm)  # a crawl installs Scrapy's own handler
    args = list(argv) if argv is not None else sys.argv[1:]
    try:
        cli.main(args=args, prog_name="newsarchive", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        _fail("aborted")
    except click.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "newsarchive"
        click.echo(f"Error: {exc.format_message()} (see '{command} --help')", err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        _fail(exc.format_message())
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:
        if "--debug" in args:
            raise
        click.echo(
            f"Error: internal error: {type(exc).__name__}: {exc} "
            "(a bug in newsarchive; run again with --debug for the traceback and report it)",
            err=True,
        )
        sys.exit(EXIT_INTERNAL_ERROR)


if __name__ == "__main__":
    main()
