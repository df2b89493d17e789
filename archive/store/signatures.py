"""Text signatures for duplicate detection: pure functions shared by the store and the export.

A text is folded to Simplified Chinese (OpenCC ``t2s``) after :func:`archive.normalize.text_key`,
reduced to its letters and digits (punctuation and spacing ignored), cut into character shingles,
and summarised by a MinHash of ``num_perm`` permutations with a fixed seed, so a signature
computed today equals one computed next year. The signature is cut into ``bands`` bands of
``rows`` values; two texts whose signatures agree on a whole band are candidates (LSH), and the
share of equal values estimates their Jaccard similarity.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from archive.normalize import text_key

if TYPE_CHECKING:
    import numpy as np

#: MinHash seed, datasketch permutation scheme and shingle hash (CRC-32: a C call, ten times faster
#: than datasketch's default SHA-1 per shingle): part of the stored scheme (a rebuild to change).
SEED = 1
PERMUTATION_SCHEME = "affine32"
#: The default near-duplicate threshold, chosen on the labelled pairs in tests/dedup/pairs.json
#: (docs/export.md gives their similarities).
DEFAULT_THRESHOLD = 0.5
DEFAULT_NUM_PERM = 128
DEFAULT_SHINGLE_SIZE = 4


@dataclass(frozen=True)
class SignatureParams:
    """How signatures and band keys are computed; stored in ``dedup_settings``."""

    threshold: float = DEFAULT_THRESHOLD
    num_perm: int = DEFAULT_NUM_PERM
    shingle_size: int = DEFAULT_SHINGLE_SIZE
    bands: int = 0
    rows: int = 0

    @classmethod
    def for_threshold(
        cls, threshold: float, num_perm: int = DEFAULT_NUM_PERM, shingle_size: int = DEFAULT_SHINGLE_SIZE
    ) -> SignatureParams:
        """Bands × rows for ``threshold``, weighted to miss few true pairs (false negatives 0.8, false
        positives 0.2: a false candidate costs one comparison of stored signatures, nothing more)."""
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold {threshold} is not in (0, 1]")
        from datasketch.lsh import _optimal_param

        bands, rows = _optimal_param(threshold, num_perm, 0.2, 0.8)
        return cls(threshold, num_perm, shingle_size, int(bands), int(rows))

    @property
    def scheme(self) -> str:
        """A short name of everything a stored signature depends on."""
        return f"minhash{self.num_perm}-{PERMUTATION_SCHEME}-crc32-seed{SEED}-c{self.shingle_size}-b{self.bands}r{self.rows}"

    def as_dict(self) -> dict[str, Any]:
        return {"threshold": self.threshold, "num_perm": self.num_perm, "shingle_size": self.shingle_size,
                "bands": self.bands, "rows": self.rows, "scheme": self.scheme}


@cache
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@cache
def _permutations(num_perm: int) -> Any:
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=SEED, scheme=PERMUTATION_SCHEME).permutations


def fold_script(text: str) -> str:
    """Traditional → Simplified (OpenCC), so both scripts of one story compare equal."""
    return str(_t2s().convert(text))


# \w is str.isalnum() plus "_": letters (L*) and numbers (N*), as the shingles want
_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")


def shingles(text: str, size: int) -> set[str]:
    """Character n-grams of the letters and digits of ``text`` (punctuation and spacing ignored)."""
    core = _NOT_LETTER_OR_DIGIT.sub("", text)
    if len(core) <= size:
        return {core} if core else set()
    return {core[i : i + size] for i in range(len(core) - size + 1)}


def signature(text: str, params: SignatureParams, key: str | None = None) -> np.ndarray:
    """The MinHash values (uint32) of ``text``; ``key``: its :func:`text_key` if already known."""
    import numpy as np
    from datasketch import MinHash

    minhash = MinHash(num_perm=params.num_perm, seed=SEED, permutations=_permutations(params.num_perm),
                      scheme=PERMUTATION_SCHEME, hashfunc=zlib.crc32)
    grams = shingles(fold_script(text_key(text) if key is None else key), params.shingle_size)
    minhash.update_batch([g.encode("utf-8") for g in grams])
    return np.asarray(minhash.hashvalues, dtype=np.uint32)


def pack(values: np.ndarray) -> bytes:
    return values.astype("<u4").tobytes()


def unpack(blob: bytes) -> np.ndarray:
    import numpy as np

    return np.frombuffer(blob, dtype="<u4")


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The estimated Jaccard similarity of two signatures: the share of equal values."""
    import numpy as np

    return float(np.count_nonzero(a == b)) / len(a)


def band_keys(values: np.ndarray, params: SignatureParams) -> list[int]:
    """One signed 64-bit key per band, the band's number hashed in, so one ``key IN (...)`` lookup
    on the ``article_bands`` index finds every article sharing a band."""
    raw = values.astype("<u4")
    keys = []
    for band in range(params.bands):
        chunk = band.to_bytes(2, "little") + raw[band * params.rows : (band + 1) * params.rows].tobytes()
        keys.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "little", signed=True))
    return keys


def lock_key(namespace: str, value: str | int) -> int:
    """A signed 64-bit key for a PostgreSQL advisory lock on one band key or text hash."""
    digest = hashlib.blake2b(f"{namespace}\x1f{value}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)
