"""Run a crawl in the current process and report what it did.

``run_crawl`` is what ``newsarchive crawl`` calls; ``run_demo`` is ``newsarchive demo``. Both start
Twisted's reactor, which cannot be restarted: call one of them at most once per process.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any, cast

from archive.errors import EXIT_INTERRUPTED, EXIT_OK, EXIT_SITE_DOWN, CrawlError, DatabaseError, SitesLockedError
from archive.runtime import settle_long_lived_objects
from crawler.sites import SiteConfig, load_contact_url, load_sites, site_for_seed, site_of_url

__all__ = ["CrawlSummary", "run_crawl", "run_demo", "serve_demo_site"]

# Components a crawl does not even import while their switch is off. To merge a component dict
# with its ``*_BASE`` counterpart, Scrapy imports every component the dict names, even one mapped
# to None (the usual way to switch one off), and a loaded component that is off only learns it
# then: the remote control's aiohttp alone slowed every crawl's start. Taken out of the ``_BASE``
# setting instead, a component is never imported.
_NOT_LOADED_WHEN_OFF = (
    ("REMOTE_CONTROL_ENABLED", "EXTENSIONS_BASE", "scrapy.extensions.remote_control.RemoteControl"),
    ("COOKIES_ENABLED", "DOWNLOADER_MIDDLEWARES_BASE", "scrapy.downloadermiddlewares.cookies.CookiesMiddleware"),
)


_FINISH_WORDS = {
    "finished": "finished",
    "closespider_pagecount": "stopped at --max-pages",
    "shutdown": "interrupted",
    "database-unavailable": "stopped: the database is unavailable",
}


@dataclass(frozen=True)
class CrawlSummary:
    """What a crawl did, as printed at its end."""

    pages_fetched: int
    articles_new: int
    articles_updated: int
    articles_unchanged: int
    comments_added: int
    errors: int
    not_articles: int = 0
    articles_gone: int = 0
    error_reasons: tuple[tuple[str, int], ...] = ()
    run_id: int | None = None
    finish_reason: str = "finished"
    elapsed_seconds: float = 0.0
    urls: UrlAccount | None = None
    skipped_locked: tuple[str, ...] = ()  # sites another live crawl held
    notes: tuple[str, ...] = ()  # further summary lines (a --redis worker's share of the crawl)

    @property
    def interrupted(self) -> bool:
        return self.finish_reason == "shutdown"

    @property
    def all_failed(self) -> bool:
        """No page could be fetched (or processed): the site is down or unreachable."""
        return self.errors > 0 and self.errors >= self.pages_fetched

    @property
    def exit_code(self) -> int:
        """archive.exit_codes: interrupted, every fetch failed, or ran."""
        if self.interrupted:
            return EXIT_INTERRUPTED
        if self.all_failed:
            return EXIT_SITE_DOWN
        return EXIT_OK

    def failure_line(self) -> str | None:
        """The one line explaining a non-zero exit status (None for 0)."""
        if self.interrupted:
            return "the crawl was interrupted before it finished (run it again; with --jobdir it resumes)"
        if self.all_failed:
            reasons = ", ".join(f"{reason}: {n}" for reason, n in self.error_reasons) or "no reason recorded"
            return f"every fetch failed ({reasons}): is the site down or the seed URL wrong?"
        return None

    @classmethod
    def from_stats(cls, stats: Mapping[str, Any], elapsed: float) -> CrawlSummary:
        def count(key: str) -> int:
            return int(stats.get(f"newsarchive/{key}", 0) or 0)

        reasons = {
            key.removeprefix("newsarchive/error/"): int(value)
            for key, value in stats.items()
            if key.startswith("newsarchive/error/")
        }
        return cls(
            pages_fetched=count("pages_fetched"),
            articles_new=count("outcome/new"),
            articles_updated=count("outcome/updated"),
            articles_unchanged=count("outcome/unchanged"),
            comments_added=count("comments_added"),
            errors=count("errors"),
            not_articles=count("outcome/not-article"),
            articles_gone=count("outcome/gone"),
            error_reasons=tuple(sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))),
            run_id=stats.get("newsarchive/run_id"),
            finish_reason=_finish_reason(stats),
            elapsed_seconds=elapsed,
            urls=UrlAccount.from_stats(stats),
        )

    def format(self) -> str:
        """The end-of-crawl summary, several lines, no trailing newline."""
        run = f"crawl run {self.run_id}" if self.run_id is not None else "crawl"
        how = _FINISH_WORDS.get(self.finish_reason, f"stopped ({self.finish_reason})")
        lines = [
            f"{run} {how} in {self.elapsed_seconds:.1f}s: {self.pages_fetched} pages fetched",
            f"  articles: {self.articles_new} new, {self.articles_updated} updated, "
            f"{self.articles_unchanged} unchanged"
            + (f", {self.articles_gone} gone (404/410, kept in the archive)" if self.articles_gone else "")
            + f" ({self.not_articles} other pages)",
            f"  comments added: {self.comments_added}",
            f"  errors: {self.errors}"
            + (" (" + ", ".join(f"{reason}: {n}" for reason, n in self.error_reasons) + ")" if self.error_reasons else ""),
        ]
        if self.urls is not None:
            lines += self.urls.format()
        lines += self.notes
        return "\n".join(lines)


def _reasons(counts: Sequence[tuple[str, int]]) -> str:
    return ", ".join(f"{reason}: {n}" for reason, n in counts)


@dataclass(frozen=True)
class UrlAccount:
    """Where every page URL the crawl learnt of went (``crawler.spiders.site.SiteSpider._account``):
    ``learned = requested + duplicates + sum(refused)`` and
    ``requested = answered + sum(not_fetched) + unfinished``; ``unfinished`` is non-zero only for
    a crawl stopped before its queue emptied."""

    learned: int
    requested: int
    duplicates: int
    refused: tuple[tuple[str, int], ...]
    answered: int
    not_fetched: tuple[tuple[str, int], ...]

    @classmethod
    def from_stats(cls, stats: Mapping[str, Any]) -> UrlAccount | None:
        learned = int(stats.get("newsarchive/urls/learned", 0) or 0)
        if not learned:
            return None

        def by_reason(prefix: str, extra: Mapping[str, str] = {}) -> tuple[tuple[str, int], ...]:
            found = {k.removeprefix(prefix): int(v) for k, v in stats.items() if k.startswith(prefix) and v}
            for key, reason in extra.items():
                if stats.get(key):
                    found[reason] = found.get(reason, 0) + int(stats[key])
            return tuple(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))

        return cls(
            learned=learned,
            requested=int(stats.get("newsarchive/urls/requested", 0) or 0),
            duplicates=int(stats.get("newsarchive/urls/duplicate", 0) or 0),
            refused=by_reason("newsarchive/urls/refused/"),
            answered=int(stats.get("newsarchive/urls/answered", 0) or 0),
            not_fetched=by_reason(
                "newsarchive/urls/not-fetched/",
                {
                    # requested, then left out by Scrapy or the resumed job's scheduler
                    "dupefilter/filtered": "duplicate-after-redirect",
                    "newsarchive/resume/skipped_archived": "archived-by-the-killed-run",
                },
            ),
        )

    @property
    def unfinished(self) -> int:
        return self.requested - self.answered - sum(n for _, n in self.not_fetched)

    def format(self) -> list[str]:
        refused = sum(n for _, n in self.refused)
        lines = [
            f"  page URLs found: {self.learned} = {self.requested} requested + {self.duplicates} already requested"
            f" + {refused} refused" + (f" ({_reasons(self.refused)})" if self.refused else ""),
        ]
        not_fetched = sum(n for _, n in self.not_fetched)
        line = f"  requested: {self.requested} = {self.answered} answered (stored) + {not_fetched} not fetched"
        line += f" ({_reasons(self.not_fetched)})" if self.not_fetched else ""
        if self.unfinished:
            line += f" + {self.unfinished} left when the crawl stopped"
        return [*lines, line]


def _finish_reason(stats: Mapping[str, Any]) -> str:
    reason = str(stats.get("finish_reason", "finished"))
    if reason == "finished" and stats.get("newsarchive/refused/max-pages"):
        return "closespider_pagecount"  # --max-pages: pages were left unrequested
    return reason


def resolve_sites(seeds: Sequence[str], sites_file: Path | None) -> tuple[SiteConfig, ...]:
    """Sites from the sites file, plus a default site for each seed not covered by it."""
    sites = list(load_sites(sites_file)) if sites_file is not None else []
    for seed in seeds:
        if site_of_url(tuple(sites), seed) is None:
            sites.append(site_for_seed(seed))
    if not sites:
        raise CrawlError("nothing to crawl: give a seed URL (http://host/) or --sites FILE")
    return tuple(sites)


def crawl_settings(
    *,
    db_url: str,
    max_pages: int | None,
    jobdir: Path | None,
    settings_overrides: Mapping[str, str],
    progress: bool,
) -> Any:  # scrapy.settings.Settings (Scrapy is imported only when a crawl runs)
    """Scrapy Settings: crawler.settings, then our options, then ``-s`` overrides (highest)."""
    from scrapy.settings import Settings

    import crawler.settings as defaults

    settings = Settings()
    settings.setmodule(defaults, priority="project")
    settings.set("NEWSARCHIVE_DB_URL", db_url, priority="cmdline")
    settings.set("NEWSARCHIVE_PROGRESS", progress, priority="cmdline")
    if max_pages is not None:
        if max_pages < 1:
            raise CrawlError(f"--max-pages must be a positive number, got {max_pages}")
        # pages (HTML documents) only: robots.txt, sitemaps and feeds are not counted, so Scrapy's
        # CLOSESPIDER_PAGECOUNT (every response) is not used; the spider stops asking for pages
        settings.set("NEWSARCHIVE_MAX_PAGES", max_pages, priority="cmdline")
    if jobdir is not None:  # crawler.scheduler: a journal that survives SIGKILL (Scrapy's JOBDIR does not)
        settings.set("NEWSARCHIVE_JOBDIR", str(jobdir), priority="cmdline")
    for name, value in settings_overrides.items():
        settings.set(name, value, priority="cmdline")
    if "USER_AGENT" not in settings_overrides:
        from archive import __version__

        contact = settings.get("NEWSARCHIVE_CONTACT_URL")
        settings.set("USER_AGENT", f"newsarchive/{__version__} (+{contact})", priority="cmdline")
    settings.set("NEWSARCHIVE_RECORDED_OVERRIDES", dict(settings_overrides), priority="cmdline")
    if settings.get("NEWSARCHIVE_REDIS_URL") and "SCHEDULER" not in settings_overrides:
        # --redis: scrapy-redis's scheduler on a leased frontier (crawler/distributed/scheduler.py)
        settings.set("SCHEDULER", "crawler.distributed.scheduler.LeasedRedisScheduler", priority="cmdline")
    for switch, base_components, path in _NOT_LOADED_WHEN_OFF:
        if not settings.getbool(switch):
            base = settings.getdict(base_components)
            base.pop(path, None)
            settings.set(base_components, base, priority="cmdline")
    return settings


def run_crawl(
    seeds: list[str],
    *,
    db_url: str,
    sites_file: Path | None,
    max_pages: int | None,
    jobdir: Path | None,
    warc_dir: Path | None,
    settings_overrides: dict[str, str],
    progress: bool = True,
    report: Callable[[str], None] | None = None,
    only: Sequence[str] = (),
) -> CrawlSummary:
    """Crawl the seeds (and the sites file's sites) into the archive at ``db_url``.

    Each site is locked in the archive for the crawl's life (archive.store.locks); a site another
    live crawl holds is skipped with one line to ``report`` (default: stderr). Raises
    SitesLockedError when every site is held, CrawlError (one line) when the crawl cannot start or
    the archive fails for good. ``only``: crawl just these sites (by name) of the sites file.
    """
    sites = resolve_sites(seeds, sites_file)
    if only:
        unknown = sorted(set(only) - {site.name for site in sites})
        if unknown:
            raise CrawlError(f"--site {', '.join(unknown)}: no such site in {sites_file}; its sites: "
                             + ", ".join(site.name for site in sites))
        sites = tuple(site for site in sites if site.name in only)
    if sites_file is not None and "NEWSARCHIVE_CONTACT_URL" not in settings_overrides:
        contact = load_contact_url(sites_file)
        if contact is not None:
            settings_overrides = {**settings_overrides, "NEWSARCHIVE_CONTACT_URL": contact}
    redis_url = settings_overrides.get("NEWSARCHIVE_REDIS_URL")
    if redis_url:
        _ready_as_worker(redis_url, jobdir=jobdir, db_url=db_url)
        # the shared host schedule spaces a host's turns across workers; a worker's own slot
        # drawing 0.5-1.5x the delay would send up to half a delay late, close behind the next
        # worker's turn (unless the user asks for it)
        settings_overrides = {"RANDOMIZE_DOWNLOAD_DELAY": "False", **settings_overrides}
        return _crawl(sites, db_url=db_url, max_pages=max_pages, jobdir=None, warc_dir=warc_dir,
                      settings_overrides=settings_overrides, progress=progress)
    from sqlalchemy.exc import SQLAlchemyError

    from archive.store.engine import describe_db_failure, open_archive
    from archive.store.locks import HEARTBEAT_SECONDS, LockHeartbeat, take_site_locks

    heartbeat = _positive_float(settings_overrides, "NEWSARCHIVE_LOCK_HEARTBEAT", HEARTBEAT_SECONDS)
    # fail fast, with the archive's own message, before the reactor starts; runs a killed crawl
    # left `running` are marked interrupted here
    engine = open_archive(db_url)
    try:
        locks = take_site_locks(engine, [site.name for site in sites], heartbeat=heartbeat)
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot lock the sites in the archive: {describe_db_failure(engine, exc)}") from exc
    finally:
        engine.dispose()
    held = [f"{name} (locked by {owner})" for name, owner in locks.held]
    if not locks.taken:
        raise SitesLockedError("nothing to do: another crawl is running for every site: " + "; ".join(held))
    say = report or _to_stderr
    for line in held:
        say(f"skipped site {line}")
    renewing = LockHeartbeat(db_url, locks.taken, heartbeat, say).start()  # the locks are leases
    try:
        summary = _crawl(
            tuple(site for site in sites if site.name in locks.taken),
            db_url=db_url, max_pages=max_pages, jobdir=jobdir, warc_dir=warc_dir,
            settings_overrides=settings_overrides, progress=progress,
        )
    finally:
        renewing.stop()
        _release(db_url, locks.taken, say)
    return replace(summary, skipped_locked=tuple(name for name, _ in locks.held))


def _positive_float(overrides: Mapping[str, str], name: str, default: float) -> float:
    raw = overrides.get(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if value <= 0:
        raise CrawlError(f"-s {name}={raw}: must be a positive number of seconds")
    return value


def _ready_as_worker(redis_url: str, *, jobdir: Path | None, db_url: str) -> None:
    """``--redis``: one worker of many on the shared frontier (crawler/distributed/). The sites are
    not locked in the archive: every worker of the crawl crawls them at once, by design."""
    if jobdir is not None:
        raise CrawlError("--jobdir and --redis do not mix: with --redis the crawl's state is in Redis")
    from crawler.distributed import connect

    try:
        connect(redis_url).close()
    except ValueError as exc:
        raise CrawlError(str(exc)) from exc
    from archive.store.engine import open_archive

    open_archive(db_url).dispose()  # the schema, once, before the reactor starts


def _release(db_url: str, sites: Sequence[str], say: Callable[[str], None]) -> None:
    """Release the crawl's site locks; when the database is gone, say so (the locks are stale
    once this process ends, and the next crawl breaks them) and let the crawl's own outcome stand."""
    from sqlalchemy.exc import SQLAlchemyError

    from archive.store.engine import describe_db_failure, make_engine
    from archive.store.locks import release_site_locks

    engine = make_engine(db_url)
    try:
        release_site_locks(engine, sites)
    except SQLAlchemyError as exc:
        say(f"could not release the site locks ({describe_db_failure(engine, exc)}); the next crawl breaks them")
    finally:
        engine.dispose()


def _to_stderr(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def _crawl(
    sites: tuple[SiteConfig, ...],
    *,
    db_url: str,
    max_pages: int | None,
    jobdir: Path | None,
    warc_dir: Path | None,
    settings_overrides: Mapping[str, str],
    progress: bool,
) -> CrawlSummary:
    from crawler.extensions.helper_processes import start_helper_server

    start_helper_server()
    settings = crawl_settings(
        db_url=db_url, max_pages=max_pages, jobdir=jobdir, settings_overrides=settings_overrides, progress=progress
    )
    if warc_dir is not None:
        from archive.warc.recorder import WarcRecorder

        WarcRecorder(warc_dir)  # creates the directory, or says why it cannot, before the crawl starts
        settings.set("NEWSARCHIVE_WARC_DIR", str(warc_dir.resolve()), priority="cmdline")
    if jobdir is not None:
        from crawler.scheduler import JobJournal

        state = JobJournal(jobdir).read()
        if state.run_ids and not state.finished:  # the job's last run did not finish: this run resumes it
            settings.set("NEWSARCHIVE_RESUMES_RUN_ID", state.run_ids[-1], priority="cmdline")
    # Imported here, not where Scrapy would first import it (deep in the engine's set-up): the
    # module builds deprecated aliases with inspect.stack(), whose cost grows with the depth of the
    # stack and the number of modules loaded.
    import scrapy.core.downloader.handlers.http11  # noqa: F401
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    from crawler.spiders.site import SiteSpider

    process = CrawlerProcess(settings)
    crawler = process.create_crawler(SiteSpider)
    if settings.get("LOG_LEVEL") != "DEBUG":
        # Scrapy installs its log handler when the crawl is set up: filter it once the engine runs
        crawler.signals.connect(_log_without_tracebacks, signal=signals.engine_started)
    started = time.monotonic()
    process.crawl(crawler, sites=sites)
    settle_long_lived_objects()
    process.start()
    assert crawler.stats is not None
    stats = crawler.stats.get_stats()
    fatal = stats.get("newsarchive/fatal")
    if fatal:
        raise CrawlError(f"the crawl stopped: {fatal}")
    if stats.get("newsarchive/run_id") is None:
        raise CrawlError("the crawl did not start; run again with NEWSARCHIVE_LOG_LEVEL=INFO to see why")
    summary = CrawlSummary.from_stats(stats, time.monotonic() - started)
    if stats.get("newsarchive/redis/prefix"):
        # one worker's URL account does not balance: it answers requests other workers found
        summary = replace(summary, urls=None, notes=(_worker_note(stats),))
    return summary


def _worker_note(stats: Mapping[str, Any]) -> str:
    """The summary line of a ``--redis`` worker."""
    how = "started the crawl" if stats.get("newsarchive/redis/joined") == "started" else "joined the crawl"
    line = (f"  shared frontier {stats['newsarchive/redis/prefix']}: this worker {how}, "
            f"took {int(stats.get('newsarchive/redis/taken', 0))} requests")
    requeued = int(stats.get("newsarchive/redis/requeued", 0))
    if requeued:
        line += f", returned {requeued} of a lost worker's expired leases to the frontier"
    return line


def _log_without_tracebacks() -> None:
    for handler in logging.root.handlers:
        if _without_traceback not in handler.filters:
            handler.addFilter(_without_traceback)


def _without_traceback(record: logging.LogRecord) -> bool:
    """Keep a log record's message, drop its traceback: every failed fetch is recorded in the
    archive with its reason, and an unattended job's log stays one line per problem.
    NEWSARCHIVE_LOG_LEVEL=DEBUG shows the tracebacks."""
    record.exc_info = None
    record.exc_text = None
    return True


# --------------------------------------------------------------------------- the demo site


class _DemoHandler(SimpleHTTPRequestHandler):
    """Serves crawler/demo_site/ files. ``site.toml`` there sets per-path Content-Type headers
    (the demo's legacy-encoded pages lie about, or omit, their charset on purpose), and
    ``{{BASE}}`` in .xml/.txt files becomes the server's base URL."""

    content_types: Mapping[str, str] = {}

    def guess_type(self, path: str | Path) -> str:  # type: ignore[override]
        relative = "/" + Path(path).resolve().relative_to(Path(self.directory).resolve()).as_posix()
        return self.content_types.get(relative, super().guess_type(path))

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        local = Path(self.translate_path(self.path))
        if local.suffix not in (".xml", ".txt") or not local.is_file():
            super().do_GET()
            return
        host, port = cast(tuple[str, int], self.server.server_address)[:2]
        body = local.read_bytes().replace(b"{{BASE}}", f"http://{host}:{port}".encode())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(local)))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet server
        return


class _DemoServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default (5) drops connections under a concurrent crawler


@contextmanager
def serve_demo_site(host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve the bundled demo news site in a thread; yields its base URL (``http://127.0.0.1:PORT/``)."""
    import tomllib

    root = resources.files("crawler").joinpath("demo_site")
    with resources.as_file(root) as directory:
        manifest = tomllib.loads((directory / "site.toml").read_text("utf-8"))
        handler = partial(
            type("DemoHandler", (_DemoHandler,), {"content_types": dict(manifest.get("content_types", {}))}),
            directory=str(directory),
        )
        try:
            server = _DemoServer((host, port), handler)
        except OSError as exc:
            # not another port: the site is named by host and port, so the demo would archive a
            # second copy of it under another name
            raise CrawlError(
                f"cannot serve the demo site on {host}:{port}: {exc.strerror or exc}; stop what uses the port "
                f"(a demo still running?) or give --port N (the demo site on another port is another site "
                f"in the archive)"
            ) from exc
        thread = threading.Thread(target=server.serve_forever, name="newsarchive-demo-site", daemon=True)
        thread.start()
        try:
            yield f"http://{host}:{server.server_address[1]}/"
        finally:
            server.shutdown()
            server.server_close()


#: The demo site's usual port: the same URLs every run, so a second demo shows an incremental
#: recrawl (articles unchanged) instead of a new copy of the site.
DEMO_PORT = 8765


def run_demo(
    db_url: str,
    *,
    settings_overrides: Mapping[str, str] | None = None,
    progress: bool = True,
    port: int = DEMO_PORT,
) -> tuple[CrawlSummary, str]:
    """Serve the demo site on 127.0.0.1 and crawl it into ``db_url`` (no network needed); the
    crawl's summary and the base URL the site was served at."""
    overrides = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "RETRY_TIMES": "1"}
    overrides.update(settings_overrides or {})
    with serve_demo_site(port=port) as base_url:
        summary = run_crawl(
            [base_url],
            db_url=db_url,
            sites_file=None,
            max_pages=None,
            jobdir=None,
            warc_dir=None,
            settings_overrides=overrides,
            progress=progress,
        )
    return summary, base_url
