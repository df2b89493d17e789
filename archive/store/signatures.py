"""Text signatures for duplicate detection: pure functions shared by the store and the export.

A text is folded to Simplified Chinese (OpenCC ``t2s``) after :func:`archive.normalize.text_key`,
reduced to its letters and digits (punctuation and spacing ignored) and cut into shingles: word
n-grams (``word_shingle`` words) for alphabetic text, character n-grams (``shingle_size``
characters) for CJK text, where there are no spaces between words; a text is CJK when at least
half of its tokens are CJK characters. The shingles are summarised by a MinHash of ``num_perm``
permutations with a fixed seed, so a signature computed today equals one computed next year. The signature is cut into ``bands`` bands of
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

#: MinHash seed and datasketch permutation scheme: part of the stored scheme (a rebuild to change).
SEED = 1
PERMUTATION_SCHEME = "affine32"
#: The default near-duplicate threshold and permutations, chosen on the labelled pairs in
#: tests/dedup/pairs.json (docs/export.md gives their similarities).
DEFAULT_THRESHOLD = 0.5
DEFAULT_NUM_PERM = 64
DEFAULT_SHINGLE_SIZE = 4
#: Words per shingle of non-CJK text: part of the stored scheme.
WORD_SHINGLE = 3
# odd 64-bit multiplier of the shingle polynomial (the golden ratio's): part of the stored scheme
_MULTIPLIER = 0x9E3779B97F4A7C15


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
        return (f"minhash{self.num_perm}-{PERMUTATION_SCHEME}-poly-seed{SEED}-c{self.shingle_size}w{WORD_SHINGLE}"
                f"-b{self.bands}r{self.rows}")

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
_WORD = re.compile(r"[^\W_]+")
# Han (with extensions A and compatibility), kana and Hangul syllables: scripts written without
# spaces between words, shingled by characters
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_CJK_CHAR = re.compile(f"([{_CJK}])")


def _cjk_core(text: str) -> str | None:
    """The letters and digits of ``text`` when at least half of them are CJK characters (the text
    is shingled by characters), else None (shingled by words)."""
    if _CJK_CHAR.search(text) is None:
        return None
    core = _NOT_LETTER_OR_DIGIT.sub("", text)
    return core if 2 * len(_CJK_CHAR.findall(core)) >= len(core) else None


def _words(text: str) -> list[str]:
    """Runs of letters and digits, each CJK character a word of its own."""
    return _WORD.findall(_CJK_CHAR.sub(r" \1 ", text) if _CJK_CHAR.search(text) else text)


def shingles(text: str, size: int, word_size: int = WORD_SHINGLE) -> list[str]:
    """The distinct shingles of the letters and digits of ``text`` (punctuation and spacing ignored):
    ``size``-character n-grams when at least half of its letters are CJK characters, else
    ``word_size``-word n-grams, each CJK character counting as a word. A text shorter than one
    shingle is one shingle. (What :func:`shingle_hashes` hashes; kept for reading and tests.)"""
    core = _cjk_core(text)
    if core is not None:
        grams = [core[i : i + size] for i in range(max(1, len(core) - size + 1))]
    else:
        words = _words(text)
        grams = [" ".join(words[i : i + word_size]) for i in range(max(1, len(words) - word_size + 1))]
    return list(dict.fromkeys(g for g in grams if g))


def _combine(units: np.ndarray, size: int) -> np.ndarray:
    """A 32-bit hash of every run of ``size`` consecutive ``units`` (uint64), all at once: a
    polynomial over the units, folded to 32 bits (a text shorter than one run is one run)."""
    import numpy as np

    size = min(size, len(units))
    with np.errstate(over="ignore"):  # the polynomial wraps modulo 2**64 on purpose
        mixed = units[: len(units) - size + 1].copy()
        for offset in range(1, size):
            mixed = mixed * np.uint64(_MULTIPLIER) + units[offset : len(units) - size + 1 + offset]
    return ((mixed ^ (mixed >> np.uint64(32))) & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def shingle_hashes(text: str, size: int, word_size: int = WORD_SHINGLE) -> np.ndarray:
    """The distinct 32-bit hashes of :func:`shingles`' shingles, computed with numpy over the whole
    text: characters are their code points, words their CRC-32."""
    import numpy as np

    core = _cjk_core(text)
    if core is not None:
        units = np.frombuffer(core.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
        size_used = size
    else:
        words = _words(text)
        units = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))
        size_used = word_size
    if not len(units):
        return np.empty(0, dtype=np.uint32)
    return np.unique(_combine(units, size_used))


def signature(text: str, params: SignatureParams, key: str | None = None) -> np.ndarray:
    """The MinHash values (uint32) of ``text``; ``key``: its :func:`text_key` if already known."""
    import numpy as np
    from datasketch import MinHash

    minhash = MinHash(num_perm=params.num_perm, seed=SEED, permutations=_permutations(params.num_perm),
                      scheme=PERMUTATION_SCHEME, hashfunc=int)
    minhash.update_batch(shingle_hashes(fold_script(text_key(text) if key is None else key),
                                        params.shingle_size).tolist())
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
