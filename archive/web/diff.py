"""Word-level differences between two versions of an article's text (what a correction changed)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

from archive.store.search import CJK_CLASS

# A CJK character is a word of its own (Chinese has no spaces); other words whole; spaces and
# punctuation their own tokens, so a changed comma does not mark the word before it.
_WORD = re.compile(rf"[{CJK_CLASS}]|[^\W_{CJK_CLASS}]+|\s+|.", re.S)

Op = Literal["equal", "delete", "insert"]


@dataclass(frozen=True)
class Piece:
    op: Op
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    """``old`` → ``new`` as pieces kept, deleted and inserted, word by word; adjacent pieces merged."""
    a, b = _WORD.findall(old), _WORD.findall(new)
    # a correction is mostly local: the common head and tail are kept as they are, and only what
    # lies between goes through the matcher (whose cost grows with the square of its input)
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    pieces: list[Piece] = []
    _add(pieces, "equal", "".join(a[:head]))
    a_mid, b_mid = a[head : len(a) - tail], b[head : len(b) - tail]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a_mid, b_mid, autojunk=False).get_opcodes():
        if tag == "equal":
            _add(pieces, "equal", "".join(a_mid[i1:i2]))
        else:
            _add(pieces, "delete", "".join(a_mid[i1:i2]))
            _add(pieces, "insert", "".join(b_mid[j1:j2]))
    _add(pieces, "equal", "".join(a[len(a) - tail :]))
    return pieces


def _add(pieces: list[Piece], op: Op, text: str) -> None:
    if not text:
        return
    if pieces and pieces[-1].op == op:
        pieces[-1] = Piece(op, pieces[-1].text + text)
    else:
        pieces.append(Piece(op, text))


def changed(pieces: list[Piece]) -> bool:
    return any(piece.op != "equal" for piece in pieces)


def condense(pieces: list[Piece], context: int = 60) -> list[Piece]:
    """The changes with at most ``context`` characters of unchanged text on either side of each;
    a longer unchanged stretch is cut to its ends around ``…`` (a summary of what a correction did)."""
    out: list[Piece] = []
    last = len(pieces) - 1
    for i, piece in enumerate(pieces):
        if piece.op != "equal":
            out.append(piece)
            continue
        text = piece.text
        head = text[:context] if i > 0 else ""  # after a change
        tail = text[-context:] if i < last else ""  # before a change
        if len(text) <= len(head) + len(tail) or (i > 0 and i < last and len(text) <= 2 * context):
            out.append(piece)
        else:
            out.append(Piece("equal", head + "…" + tail))
    return out
