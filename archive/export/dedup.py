"""Duplicate filters for exports: each is an object holding what it has seen (no module state).

``exact`` compares normalised text (:func:`archive.normalize.text_key`). ``near`` also catches the
same story syndicated with other boilerplate, lightly edited, or in the other script: texts are
folded to Simplified Chinese, reduced to letters and digits, cut into character shingles, and
compared by MinHash (datasketch's LSH index) against everything kept so far.
"""

from __future__ import annotations

import unicodedata
from typing import Protocol

from datasketch import MinHash, MinHashLSH

from archive.normalize import text_hash, text_key


class DuplicateFilter(Protocol):
    def is_duplicate(self, text: str) -> bool:
        """True when ``text`` repeats one seen before; otherwise remember it and return False."""
        ...


class KeepAll:
    def is_duplicate(self, text: str) -> bool:
        return False


class ExactDuplicates:
    def __init__(self) -> None:
        self._seen: set[str] = set()

    def is_duplicate(self, text: str) -> bool:
        key = text_hash(text)
        if key in self._seen:
            return True
        self._seen.add(key)
        return False


class ScriptFolder:
    """Traditional → Simplified conversion (OpenCC), so both scripts of one story compare equal."""

    def __init__(self) -> None:
        import opencc

        self._converter = opencc.OpenCC("t2s")

    def fold(self, text: str) -> str:
        return self._converter.convert(text)


def shingles(text: str, size: int) -> set[str]:
    """Character n-grams of the letters and digits of ``text`` (punctuation and spacing ignored)."""
    core = "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")
    if len(core) <= size:
        return {core} if core else set()
    return {core[i : i + size] for i in range(len(core) - size + 1)}


class NearDuplicates:
    def __init__(self, threshold: float = 0.5, num_perm: int = 128, shingle_size: int = 4) -> None:
        self._exact = ExactDuplicates()
        self._folder = ScriptFolder()
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._num_perm = num_perm
        self._shingle_size = shingle_size
        self._count = 0

    def signature(self, text: str) -> MinHash:
        minhash = MinHash(num_perm=self._num_perm)
        grams = shingles(self._folder.fold(text_key(text)), self._shingle_size)
        minhash.update_batch([g.encode("utf-8") for g in grams])
        return minhash

    def is_duplicate(self, text: str) -> bool:
        if self._exact.is_duplicate(text):
            return True
        minhash = self.signature(text)
        if self._lsh.query(minhash):
            return True
        self._lsh.insert(str(self._count), minhash)
        self._count += 1
        return False


def make_filter(mode: str) -> DuplicateFilter:
    if mode == "none":
        return KeepAll()
    if mode == "exact":
        return ExactDuplicates()
    if mode == "near":
        return NearDuplicates()
    raise ValueError(f"unknown dedup mode {mode!r}: use none, exact or near")
