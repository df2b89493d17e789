"""The ``newsarchive`` command: a thin layer over the library.

Errors become one line on stderr and a non-zero exit status (a traceback only with ``--debug``).
The crawler (and so Scrapy) is imported only inside ``crawl`` and ``demo``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

import click
from sqlalchemy import Engine

from archive import __version__
from archive.config import DB_ENV_VAR, DEFAULT_DB_URL, resolve_db_url
from archive.errors import ConfigError, InputError, NewsArchiveError
from archive.runtime import collect_garbage_less_often
from archive.store.signatures import DEFAULT_THRESHOLD


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

        return open_archive(self.db_url)


class NewsArchiveGroup(click.Group):
    """Turns library errors into one line on stderr; ``--debug`` shows the traceback instead."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NewsArchiveError as exc:
            if _debug_requested(ctx):
                raise
            _fail(str(exc))
        except OSError as exc:
            if _debug_requested(ctx):
                raise
            _fail(f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc))


def _debug_requested(ctx: click.Context) -> bool:
    return bool(ctx.params.get("debug"))


def _fail(message: str) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


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


# --- captures ---------------------------------------------------------------------------------


@cli.group()
def captures() -> None:
    """Raw captures: bring in pages fetched elsewhere."""


@captures.command("import")
@click.argument("warc_files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="WARC...")
@click.option("--site", "site", metavar="NAME", help="Site name for the imported pages (default: each page's host).")
@click.pass_obj
def captures_import(obj: Context, warc_files: Sequence[Path], site: str | None) -> None:
    """Ingest existing WARC files (e.g. from Browsertrix or wget) like crawled pages.

    Every response record goes through the same decode → extract → store path as a crawl; each
    capture keeps the WARC file and offset it came from.
    """
    from archive.ingest.warc_import import import_warcs

    counters = import_warcs(obj.open_archive(), list(warc_files), site=site)
    click.echo(
        f"imported {counters.pages_fetched} responses: {counters.articles_new} new articles, "
        f"{counters.articles_updated} updated, {counters.articles_unchanged} unchanged, "
        f"{counters.comments_added} comments added, {counters.errors} errors"
    )


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
@click.option("--out", "out", required=True, type=click.Path(path_type=Path), help="File to write ('-' for stdout).")
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
    f"built at {DEFAULT_THRESHOLD} (chosen on labelled pairs); for a lower X run 'newsarchive dedup rebuild "
    f"--threshold X' first.",
)
@click.option("--report", "report", type=click.Path(path_type=Path), metavar="PATH",
              help="Also write the dropped copies, one JSON line each: its cluster's representative, site, URL, "
                   "similarity and why.")
@click.option("--comments", is_flag=True, help="Include each article's reader comments.")
@click.option("--site", "site", metavar="NAME", help="Only this site (name or host).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Published on or after DATE (YYYY-MM-DD).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Published before DATE (YYYY-MM-DD).")
@click.option("--language", metavar="CODE", help="Only this language, e.g. zh, zh-Hant, en.")
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
) -> None:
    """Stream the archive's articles (newest version of each) to a file, with PATH.manifest.json beside it.

    Duplicates are decided once, when articles are stored: each cluster of copies of one story
    keeps its earliest-published member. Deduplication is archive-wide: a copy is dropped even
    when its representative lies outside --site/--since/--until/--language.
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
                             report=report, command=command, progress=show)
    if tty:
        click.echo("", err=True)
    click.echo(
        f"exported {result.kept} articles to {out} ({result.dropped} dropped as duplicates: "
        f"{result.dropped_exact} exact, {result.dropped_near} near)",
        err=True,
    )


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

    With a new --threshold every cluster is rebuilt; otherwise only articles not yet signed are done,
    so an interrupted rebuild resumes where it stopped.
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


@cli.command()
@click.argument("seeds", nargs=-1, metavar="[SEED_URL]...")
@click.option("--sites", "sites_file", type=click.Path(path_type=Path), help="TOML file of site entries (see docs/sites.md).")
@click.option("--max-pages", type=click.IntRange(min=1), help="Stop after fetching this many pages.")
@click.option("--jobdir", type=click.Path(path_type=Path), help="Keep the crawl's state here so a killed crawl resumes.")
@click.option("--warc", "warc_dir", type=click.Path(path_type=Path), help="Also write WARC files into this directory.")
@click.option("-s", "settings", multiple=True, metavar="NAME=VALUE", help="Override a Scrapy setting (repeatable).")
@click.option("--quiet", is_flag=True, help="No progress lines, only the summary.")
@click.pass_obj
def crawl(
    obj: Context,
    seeds: Sequence[str],
    sites_file: Path | None,
    max_pages: int | None,
    jobdir: Path | None,
    warc_dir: Path | None,
    settings: Sequence[str],
    quiet: bool,
) -> None:
    """Discover news sites from their home pages and archive their articles and comments.

    Each SEED_URL is a site's home page (http://host[:port]/). Only the seeds' hosts are crawled;
    robots.txt is obeyed. Exits 0 when the crawl ran, even if some pages failed (those failures are
    recorded in the archive and counted in the summary).
    """
    if not seeds and sites_file is None:
        raise InputError("give at least one SEED_URL or --sites FILE")
    overrides = _parse_settings(settings)
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
    )
    click.echo(summary.format())


@cli.command()
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
    help="Port of the demo site on 127.0.0.1 (another free one if taken; 0: any).",
)
@click.option("-s", "settings", multiple=True, metavar="NAME=VALUE", help="Override a Scrapy setting (repeatable).")
@click.pass_obj
def demo(obj: Context, port: int, settings: Sequence[str]) -> None:
    """Serve a small bundled news site on 127.0.0.1, crawl it into the archive, and show what to try next."""
    db_url = obj.db_url
    from crawler.runner import run_demo  # its crawl brings the archive to the newest migration first

    summary = run_demo(db_url, settings_overrides=_parse_settings(settings), port=port)
    click.echo(summary.format())
    click.echo(
        "\nTry next:\n"
        "  newsarchive export --out articles.jsonl --format jsonl --comments\n"
        "  newsarchive extract page.html --url http://example.com/news/1.html\n"
        "  newsarchive db current"
    )


#: Exit status of an error newsarchive did not foresee (a bug): BSD's EX_SOFTWARE.
EXIT_INTERNAL_ERROR = 70


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: click's own usage errors are shortened to one line too, and so is a fault
    nobody foresaw (one line naming it and ``--debug``, exit status 70): a user never sees a
    traceback unless ``--debug`` asks for one."""
    collect_garbage_less_often()
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
