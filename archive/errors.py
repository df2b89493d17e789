"""The newsarchive exception tree.

Every error the library raises on purpose is a :class:`NewsArchiveError`; the CLI turns it into
one line on stderr and a non-zero exit status. Each class says where it is raised and, where it
can, how to fix the problem.

    NewsArchiveError
    ├── ConfigError        archive.config: a malformed --db URL or an unknown database dialect;
    │                      archive.extract: an unknown time zone, a malformed comment selector
    ├── DatabaseError      archive.store.engine: the database cannot be reached, opened or migrated
    ├── DecodeError        archive.decode: bytes that no candidate encoding can turn into text
    ├── ExtractError       archive.extract: a document with nothing in it that parses as HTML
    ├── PageBudgetError    archive.process: one page used more CPU than its budget
    ├── InputError         archive.cli, archive.export, archive.warc: an unreadable input or an
    │   │                  unwritable output
    │   └── NothingToExportError  archive.export.writers: the filters match no article (exit 6)
    └── CrawlError         crawler: a crawl that cannot start (bad seed, bad sites file)
        └── SitesLockedError  crawler.runner: every site asked for is being crawled by another run (exit 5)

``DecodeError``, ``ExtractError`` and ``PageBudgetError`` of one page never stop a crawl or an
import: ``archive.process.process_page`` records them as that page's error. Each class carries
the exit status the command ends with (``exit_code``; the EXIT_* statuses below). Anything else that escapes
is a bug: the command prints one line naming it (exit status 70) and ``--debug`` shows where.
"""

from __future__ import annotations

# --- exit statuses --------------------------------------------------------------------------
# What ``newsarchive`` exits with, for cron jobs, systemd units and schedulers to act on (README,
# "Exit status"); EXIT_CODES says what each means.
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_SITE_DOWN = 3
EXIT_INTERRUPTED = 4
EXIT_LOCKED = 5
EXIT_NOTHING_TO_EXPORT = 6  # export: the filters match no article (the earlier export is kept)
EXIT_INTERNAL_ERROR = 70

#: Every code with its one-line meaning, in order (``crawl --help`` and the README show them).
EXIT_CODES = (
    (EXIT_OK, "the crawl ran (some pages may have failed: they are recorded)"),
    (EXIT_ERROR, "bad input or configuration, or the database cannot be used"),
    (EXIT_USAGE, "the command line is wrong"),
    (EXIT_SITE_DOWN, "every fetch failed: the site is down or unreachable"),
    (EXIT_INTERRUPTED, "interrupted by SIGINT or SIGTERM"),
    (EXIT_LOCKED, "nothing to do: every site is locked by another crawl"),
    (EXIT_INTERNAL_ERROR, "internal error (a bug in newsarchive)"),
)


class NewsArchiveError(Exception):
    """Base class of every error newsarchive raises on purpose."""

    exit_code: int = EXIT_ERROR


class ConfigError(NewsArchiveError):
    """Raised for a malformed database URL, an unknown dialect, time zone or selector: a bad setting."""


class DatabaseError(NewsArchiveError):
    """Raised by archive.store.engine when the database cannot be reached, opened or migrated."""


class DecodeError(NewsArchiveError):
    """Raised by archive.decode.page when no candidate encoding can decode the bytes."""


class ExtractError(NewsArchiveError):
    """Raised by archive.extract.extractor for a document that cannot be parsed as HTML."""


class InputError(NewsArchiveError):
    """Raised for an input that cannot be read or an output path that cannot be written."""


class PageBudgetError(NewsArchiveError):
    """Raised by archive.process.cpu_budget when a page's processing runs past its CPU budget;
    process_page records it as the page's error. Raise the budget (``cpu_budget=``) if real pages hit it."""


class NothingToExportError(InputError):
    """Raised by archive.export.writers when no article matches: an earlier export is kept."""

    exit_code = EXIT_NOTHING_TO_EXPORT


class CrawlError(NewsArchiveError):
    """Raised by crawler.runner when a crawl cannot start (bad seed URL, bad sites file)."""


class SitesLockedError(CrawlError):
    """Raised by crawler.runner when another live crawl holds every site asked for: nothing to do."""

    exit_code = EXIT_LOCKED
