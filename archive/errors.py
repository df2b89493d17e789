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
    │   └── NothingToExportError  archive.export.writers: the filters match no article (exit 3)
    └── CrawlError         crawler: a crawl that cannot start (bad seed, bad sites file)

``DecodeError``, ``ExtractError`` and ``PageBudgetError`` of one page never stop a crawl or an
import: ``archive.process.process_page`` records them as that page's error. Each class carries
the exit status the command ends with (``exit_code``, 1 unless said). Anything else that escapes
is a bug: the command prints one line naming it (exit status 70) and ``--debug`` shows where.
"""

from __future__ import annotations


class NewsArchiveError(Exception):
    """Base class of every error newsarchive raises on purpose."""

    #: the command's exit status when this error ends it
    exit_code = 1


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

    exit_code = 3


class CrawlError(NewsArchiveError):
    """Raised by crawler.runner when a crawl cannot start (bad seed URL, bad sites file)."""
