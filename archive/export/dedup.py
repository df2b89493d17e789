"""Which articles an export keeps: decided from the clusters stored in the archive, computing nothing.

- ``none`` keeps every article;
- ``exact`` drops an article when an earlier copy of its normalised text is in its cluster
  (:func:`archive.normalize.text_key`; "earlier" in the representative's order: published, then
  captured, then URL);
- ``near`` keeps only each cluster's representative. With ``threshold`` (at or above the one the
  clusters were built with) a copy is dropped only when its similarity to the representative,
  read from the two stored signatures, reaches it; exact copies are always dropped.

An article not yet signed (an archive whose fill was interrupted) has no cluster and is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from archive.errors import InputError
from archive.store.queries import ClusterPlace

MODES = ("none", "exact", "near")
DropReason = Literal["exact", "near"]


@dataclass(frozen=True)
class DedupPolicy:
    mode: str = "near"
    threshold: float | None = None  # near only: drop copies at least this similar to the representative

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise InputError(f"unknown dedup mode {self.mode!r}: use none, exact or near")
        if self.threshold is not None and self.mode != "near":
            raise InputError("--threshold applies to --dedup near only")

    def check_against(self, built_at: float) -> None:
        """Refuse a threshold below the one the stored clusters were built with: they cannot tell."""
        if self.threshold is not None and self.threshold < built_at:
            raise InputError(
                f"--threshold {self.threshold} is below the archive's {built_at}: its clusters hold no pairs "
                f"that loose; run: newsarchive dedup rebuild --threshold {self.threshold}"
            )

    def drop_reason(
        self, article_id: int, place: ClusterPlace | None, to_representative: float | None = None
    ) -> DropReason | None:
        """Why the article is dropped, or None when it is kept (``to_representative``: its
        similarity to its cluster's representative, needed only with a threshold)."""
        if self.mode == "none" or place is None:
            return None
        if not place.exact_first:
            return "exact"
        if self.mode == "exact" or place.representative_id == article_id:
            return None
        if self.threshold is not None and (to_representative or 0.0) < self.threshold:
            return None
        return "near"
