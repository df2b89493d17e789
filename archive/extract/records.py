"""The record extraction produces, in a module of its own: it travels between processes (a
worker extracts, the crawl process and the writer receive it), and a process that only receives
it should not have to import the extractor (trafilatura and its dependencies) to unpickle it.
``archive.extract.extractor`` re-exports it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from archive.extract.comments.lines import ExtractedComment

__all__ = ["Extraction", "Removal"]


@dataclass(frozen=True)
class Removal:
    """A body paragraph taken out for repeating across a site, not for what it says: kept here
    so that an archivist (and ``newsarchive reextract``) can see why and put it back."""

    rule: str       # "learnt-site-line" (the archive learnt it), "configured-site-line" (the Extractor was told)
    position: int   # its index among the page's own body paragraphs
    text: str
    seen: int = 0   # on how many of the site's article pages it was seen (0: not counted)
    share: float = 0.0  # that count as a share of the site's article pages


@dataclass(frozen=True)
class Extraction:
    """Everything the archive keeps from one page. Every text field has been through clean_text."""

    title: str | None
    authors: tuple[str, ...]
    published_at: datetime | None
    updated_at: datetime | None
    language: str | None
    site_name: str | None
    canonical_url: str | None
    source: str | None
    paragraphs: tuple[str, ...]
    comments: tuple[ExtractedComment, ...]
    is_article: bool
    page_kind_evidence: str
    removed: tuple[Removal, ...] = ()  # paragraphs dropped for repetition alone, in body order
    #: parts the page did not state but were inferred: "published_year" (a date shown without a
    #: year, the year taken from the capture time)
    inferred: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)
