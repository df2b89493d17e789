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
    │   └── NothingToExportError  archive.export.writers: the filters match no article (exit 3)
    └── CrawlError         crawler.runner: a crawl that cannot start (bad seed, bad sites file)
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


class NothingToExportError(InputError):
    """Raised by archive.export.writers when no article matches: an earlier export is kept."""

    exit_code = 3


class CrawlError(NewsArchiveError):
    """Raised by crawler.runner when a crawl cannot start (bad seed URL, bad sites file)."""
