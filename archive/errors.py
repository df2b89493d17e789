"""The newsarchive exception tree.

Every error the library raises on purpose is a :class:`NewsArchiveError`; the CLI turns it into
one line on stderr and a non-zero exit status. Each class says where it is raised and, where it
can, how to fix the problem.

    NewsArchiveError
    ├── ConfigError        archive.config: a malformed --db URL / NEWSARCHIVE_DB, a bad option
    ├── DatabaseError      archive.store.engine: the database cannot be reached, opened or migrated
    ├── DecodeError        archive.decode.page: bytes that no candidate encoding can turn into text
    ├── ExtractError       archive.extract.extractor: a document that cannot be parsed as HTML at all
    ├── InputError         archive.cli / archive.export.writers: an unreadable input or unwritable output
    └── CrawlError         crawler.runner: a crawl that cannot start (bad seed, bad sites file)
        └── SitesLockedError  crawler.runner: every site asked for is being crawled by another run

Each class carries the exit status the CLI ends with (``exit_code``; the EXIT_* statuses below).
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


class CrawlError(NewsArchiveError):
    """Raised by crawler.runner when a crawl cannot start (bad seed URL, bad sites file)."""


class SitesLockedError(CrawlError):
    """Raised by crawler.runner when another live crawl holds every site asked for: nothing to do."""

    exit_code = EXIT_LOCKED
