"""Pages that mix UTF-8 and GB18030/GBK bytes: decoded run by run.

A UTF-8 template around article paragraphs an old CMS stored as GBK (or a GBK page whose comment
widget is served as UTF-8) is valid in neither codec as a whole, so any single codec loses part
of it. ASCII reads the same in both, so the body splits into runs of non-ASCII bytes (with the
ASCII bytes a GBK character may use as its second byte, and the digits of four-byte GB18030
sequences); each run is decoded strictly as UTF-8 and as GB18030, and the one that decodes - the
more plausible one when both do, the page's main codec on a tie - is taken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive.decode.charsets import plausibility

__all__ = ["MixedText", "decode_mixed", "may_mix_utf8"]

# A non-ASCII byte, then the bytes that may continue a multi-byte character of either codec.
_RUN = re.compile(rb"[\x80-\xff][\x80-\xff\x30-\x39\x40-\x7e]*+")
# Two UTF-8 encoded CJK characters in a row: a page declared or read as GBK that holds them may
# be mixed.
_UTF8_CJK_PAIR = re.compile(rb"[\xe3-\xe9][\x80-\xbf]{2}[\xe3-\xe9][\x80-\xbf]{2}")
_LEGACY = "gb18030"


@dataclass(frozen=True)
class MixedText:
    text: str
    runs: dict[str, int]   # how many runs each codec decoded


def may_mix_utf8(body: bytes) -> bool:
    """Cheap pre-test: the body holds something that looks like UTF-8 encoded CJK."""
    return _UTF8_CJK_PAIR.search(body) is not None


def decode_mixed(body: bytes, main: str) -> MixedText | None:
    """``body`` decoded run by run as UTF-8 or GB18030; None unless every run decodes strictly and
    both codecs are needed (a page in one codec is that codec's business)."""
    pieces: list[str] = []
    runs = {"utf-8": 0, _LEGACY: 0}
    position = 0
    for match in _RUN.finditer(body):
        pieces.append(body[position:match.start()].decode("ascii"))
        run = match.group()
        decoded = {codec: _strict(run, codec) for codec in ("utf-8", _LEGACY)}
        readable = {codec: text for codec, text in decoded.items() if text is not None}
        if not readable:
            return None
        if len(readable) == 1:
            codec = next(iter(readable))
        else:
            scores = {codec: plausibility(text) for codec, text in readable.items()}
            codec = max(readable, key=lambda c: (scores[c], c == main))
        runs[codec] += 1
        pieces.append(readable[codec])
        position = match.end()
    pieces.append(body[position:].decode("ascii"))
    if not runs["utf-8"] or not runs[_LEGACY]:
        return None
    return MixedText("".join(pieces), runs)


def _strict(run: bytes, codec: str) -> str | None:
    try:
        return run.decode(codec)
    except UnicodeDecodeError:
        return None
