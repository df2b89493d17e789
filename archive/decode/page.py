"""Decoding: raw bytes + Content-Type -> the page's text, with every decision recorded.

    >>> page = decode_page("<meta charset=gb2312><p>朱镕基</p>".encode("gb18030"))
    >>> page.text[-10:], page.encoding, page.evidence["chosen_by"]
    ('<p>朱镕基</p>', 'gb18030', 'declared-meta')

How the codec is chosen (``evidence["chosen_by"]`` says which rule decided):

1. ``bom`` — a byte-order mark wins over every declaration (as in browsers).
2. A declared codec (HTTP ``charset`` first, then ``<meta>`` anywhere in the head, then an XML
   declaration) is taken at once when it decodes the bytes strictly into plausible text and the
   bytes are not also valid UTF-8 (``declared-http`` / ``declared-meta`` / ``declared-xml``).
   Otherwise bytes that are valid UTF-8 are UTF-8 (``utf-8-valid``) when they hold two or more
   multibyte characters or read as plausible text.
   Labels are widened: ``gb2312``/``gbk`` -> ``gb18030``, ``big5`` -> ``big5hkscs``,
   ``iso-8859-1`` -> ``cp1252``; an ISO-8859-1/Windows-1252 declaration is weak evidence (a
   server default) and never wins by itself.
3. Otherwise every candidate — the declarations, UTF-8, GB18030, Big5-HKSCS, Windows-1252 and, when
   the others do not settle it, the detector's guess — is decoded strictly and scored for
   plausibility (``archive.decode.charsets.plausibility``) on a 16 KiB window of a long body;
   declarations get a small bonus, a strict decode a larger one. The best then decodes the whole
   body (if it fails there it is demoted and the ranking redone) and wins (``plausibility``, or
   ``utf-8-valid`` / ``detector`` / the declaration's rule when that candidate is the winner).
4. ``mixed`` — a page that mixes UTF-8 and GBK bytes (a UTF-8 template around GBK paragraphs, or
   the reverse) is decoded run by run (``archive.decode.mixed``) when no single codec reads it
   strictly, or when GB18030 does but the UTF-8-looking runs read better as UTF-8; the repair
   ``mixed-utf-8-gb18030`` and ``evidence["mixed_runs"]`` record it.
5. ``lossy`` — when no candidate decodes strictly, the best one decodes with U+FFFD replacement;
   the replaced spans are counted in ``flagged``.

Then mojibake is repaired (``archive.decode.mojibake``). The detector is chardet 7 restricted to the
encodings of the modern web: it measured better than charset-normalizer on the corpus and on
short snippets (docs/benchmarks.md, "Decoding"). It only sees a 32 KiB window of the body and
only runs when strict decoding and plausibility leave the choice open.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from archive.decode.charsets import (
    Declaration,
    detect_charset,
    first_non_ascii,
    http_charset,
    is_ascii_compatible,
    is_utf8,
    meta_charset,
    normalize_label,
    plausibility,
    sniff_bom,
    sniff_utf16,
    text_sample,
)
from archive.decode.mixed import MixedText, decode_mixed, may_mix_utf8
from archive.decode.mojibake import (
    count_flagged,
    decode_gb18030,
    repair_mojibake,
    utf8_may_hold_mojibake,
)
from archive.errors import DecodeError

__all__ = ["DecodedPage", "decode_page"]

# Plausibility at or above which a strict decode with the declared codec is accepted at once.
_CONFIDENT = 0.7
# Bonus added to a candidate's plausibility for each piece of evidence naming it.
_BONUS = {"http": 0.15, "meta": 0.1, "xml": 0.08, "http-weak": 0.04, "meta-weak": 0.04, "utf-8": 0.1}
# The detector's bonus is scaled by its confidence.
_DETECTOR_BONUS = 0.05
# Below this confidence the detector's guess is recorded but not tried (short pages fool it).
_DETECTOR_MIN_CONFIDENCE = 0.3
# A strict decode beats a lossy one unless the lossy text is far more plausible (one stray byte
# in a long UTF-8 page loses to no single-byte codec's garbage).
_STRICT_BONUS = 0.3
# Codecs tried on every page whose declarations do not settle it (Chinese and English news).
_FALLBACKS = ("utf-8", "gb18030", "big5hkscs", "cp1252")
_SAMPLE_CHARS = 3 * 1024
# A body that is valid UTF-8 and holds at least this many multibyte characters is UTF-8. A byte
# pair of GBK, Big5 or Windows-1252 forms a valid UTF-8 sequence less than one time in ten, so
# this many, with no invalid sequence anywhere in the body, do not happen by chance; plausibility
# is no help there, as it reads a pound sign or guillemets in English text (£, «) and the
# accented letters of European words (Martínez, für) as weaker evidence than the common Han
# characters the same bytes make in GB18030 (铆, 眉).
_UTF8_EVIDENCE_CHARS = 2
_STATEFUL_7BIT = ("iso2022", "hz")
_NO_LATIN1_CODECS = frozenset({"gb18030", "big5hkscs", "cp932", "cp949", "euc_jp", "ascii"})
# Control bytes that text never holds (tab, newlines, form feed and ESC are allowed).
_BINARY_BYTES = bytes([*range(0x00, 0x09), 0x0E, 0x0F, *range(0x10, 0x1B), *range(0x1C, 0x20)])


@dataclass(frozen=True)
class DecodedPage:
    """A decoded page: the text and how it was obtained."""

    text: str
    encoding: str
    evidence: Mapping[str, Any] = field(default_factory=dict)
    repairs: tuple[str, ...] = ()
    flagged: int = 0

    def as_record(self) -> dict[str, Any]:
        """JSON-serialisable record of the decision (everything but the text)."""
        return {
            "encoding": self.encoding,
            "evidence": copy.deepcopy(dict(self.evidence)),
            "repairs": list(self.repairs),
            "flagged": self.flagged,
        }


@dataclass(frozen=True)
class _Candidate:
    encoding: str
    strict: bool  # decodes without errors (the scored window; the whole body once confirmed)
    score: float
    bonus: float
    sources: tuple[str, ...]
    text: str | None = None  # the whole body's strict decode, once known
    split_pinyin: int = 0
    scored: bool = True  # False: lossy and unable to win, so plausibility was not computed

    @property
    def total(self) -> float:
        return self.score + self.bonus + (_STRICT_BONUS if self.strict else 0.0)


def decode_page(body: bytes, content_type: str | None = None) -> DecodedPage:
    """Decode a fetched body (bytes as the server sent them) given its Content-Type header value.

    Raises :class:`archive.errors.DecodeError` only for a body that is not text at all (binary
    data: NUL and other control bytes in its first 4 KB, no UTF-16/32 pattern); anything else
    decodes, at worst with replacement characters that are counted in ``flagged``.
    """
    if not isinstance(body, (bytes, bytearray, memoryview)):
        raise DecodeError(f"decode_page needs the raw body as bytes, got {type(body).__name__}")
    body = bytes(body)
    http = http_charset(content_type)
    evidence: dict[str, Any] = {
        "bom": None,
        "http": http.as_evidence() if http else None,
        "meta": None,
        "detector": None,
        "candidates": {},
        "chosen_by": "",
    }

    bom = sniff_bom(body)
    if bom is not None:
        codec, length = bom
        evidence["bom"] = codec
        meta = meta_charset(_ascii_view(body, codec, length))
        evidence["meta"] = _declaration_evidence(meta)
        raw = body[length:] if codec == "utf-8" else body
        try:
            text = raw.decode(codec)
            chosen_by = "bom"
        except UnicodeDecodeError:
            text = raw.decode(codec, errors="replace")
            chosen_by = "bom-lossy"
        evidence["chosen_by"] = chosen_by
        return _finish(text, codec, evidence, (), raw if codec == "utf-8" else None)

    head = body[:4096]
    if b"\x00" in head:
        utf16 = sniff_utf16(body)
        if utf16 is not None:
            evidence["chosen_by"] = "utf-16-pattern"
            return _finish(body.decode(utf16, errors="replace"), utf16, evidence)
        controls = len(head) - len(head.translate(None, _BINARY_BYTES))
        if controls > max(8, 0.02 * len(head)):
            raise DecodeError(
                f"body looks binary ({controls} control bytes in its first {len(head)}, no "
                "byte-order mark): not a text page; check the URL's Content-Type"
            )

    meta = meta_charset(body)
    evidence["meta"] = _declaration_evidence(meta)
    declarations = [d for d in (http, meta) if d is not None and d.encoding is not None]

    if body.isascii():
        return _decode_ascii(body, declarations, evidence)

    chosen = _fast_path(body, declarations) or _valid_utf8(body)
    if chosen is None:
        chosen = _weigh_candidates(body, declarations, evidence)
    evidence["chosen_by"] = evidence["chosen_by"] or _rule_for(chosen)
    mixed = _mixed(body, chosen, declarations)
    if mixed is not None:
        encoding, found = mixed
        evidence["chosen_by"] = "mixed"
        evidence["mixed_runs"] = found.runs
        return _finish(found.text, encoding, evidence, ("mixed-utf-8-gb18030",), body)
    if chosen.text is None:  # lossy
        evidence["chosen_by"] = "lossy"
        text = body.decode(chosen.encoding, errors="replace")
    else:
        text = chosen.text
    if chosen.split_pinyin:
        evidence["split_pinyin_repaired"] = chosen.split_pinyin
    repairs = ("pinyin-inside-gbk-char",) if chosen.split_pinyin else ()
    return _finish(text, chosen.encoding, evidence, repairs, body)


def _mixed(body: bytes, chosen: _Candidate, declarations: list[Declaration]) -> tuple[str, MixedText] | None:
    """A page mixing UTF-8 and GBK bytes, decoded run by run (``archive.decode.mixed``), with the
    encoding it declares (else the one most runs are in) - when no single codec reads it strictly,
    or when GB18030 does but reading the UTF-8-looking runs as UTF-8 is more plausible."""
    if chosen.text is not None and not (chosen.encoding == "gb18030" and may_mix_utf8(body)):
        return None
    declared = next((d.encoding for d in declarations if d.encoding in ("utf-8", "gb18030")), None)
    main = declared or (chosen.encoding if chosen.encoding in ("utf-8", "gb18030") else "gb18030")
    found = decode_mixed(body, main)
    if found is None:
        return None
    if chosen.text is not None and plausibility(found.text) <= plausibility(chosen.text):
        return None
    encoding = declared or max(found.runs, key=lambda codec: found.runs[codec])
    return encoding, found


def _finish(
    text: str,
    encoding: str,
    evidence: dict[str, Any],
    repairs: tuple[str, ...] = (),
    body: bytes | None = None,
) -> DecodedPage:
    if _may_hold_mojibake(text, encoding, body):
        repaired, mojibake_repairs = repair_mojibake(text)
    else:
        repaired, mojibake_repairs = text, ()
    return DecodedPage(
        text=repaired,
        encoding=encoding,
        evidence=evidence,
        repairs=repairs + mojibake_repairs,
        flagged=count_flagged(repaired),
    )


def _may_hold_mojibake(text: str, encoding: str, body: bytes | None) -> bool:
    """Cheap pre-test so that clean pages skip the mojibake scan (it costs more than decoding).

    Mojibake is made of Latin-1/Windows-1252 characters: in a UTF-8 body they need lead byte C3
    followed by another such character. GBK/Big5 and the other CJK codecs cannot encode them
    (GB18030 only as four-byte sequences no mangling tool produces), so their pages are skipped.
    """
    if body is not None and encoding == "utf-8":
        return utf8_may_hold_mojibake(body)
    if encoding in _NO_LATIN1_CODECS:
        return False
    return True


def _declaration_evidence(declaration: Declaration | None) -> dict[str, object] | None:
    return declaration.as_evidence() if declaration else None


def _ascii_view(body: bytes, codec: str, bom_length: int) -> bytes:
    """The head of a BOM-marked body as ASCII bytes, so its meta can be recorded as evidence."""
    if codec == "utf-8":
        return body[bom_length:]
    return body[:8192].decode(codec, errors="replace").encode("ascii", errors="replace")


def _decode_ascii(body: bytes, declarations: list[Declaration], evidence: dict[str, Any]) -> DecodedPage:
    """A pure-ASCII body reads the same in every ASCII-compatible codec; report the declared one."""
    for declaration in declarations:
        assert declaration.encoding is not None
        if declaration.encoding.startswith(_STATEFUL_7BIT):
            try:
                text = body.decode(declaration.encoding)
            except UnicodeDecodeError:
                continue
            evidence["chosen_by"] = f"declared-{declaration.source}"
            return _finish(text, declaration.encoding, evidence)
    encoding = "ascii"
    for declaration in declarations:
        assert declaration.encoding is not None
        if is_ascii_compatible(declaration.encoding):
            encoding = declaration.encoding
            break
    evidence["chosen_by"] = "ascii"
    return DecodedPage(text=body.decode("ascii"), encoding=encoding, evidence=evidence)


def _strict(body: bytes, encoding: str) -> tuple[str | None, int]:
    try:
        if encoding == "gb18030":
            result = decode_gb18030(body)
            return (None, 0) if result is None else result
        return body.decode(encoding), 0
    except (UnicodeDecodeError, LookupError):
        return None, 0


def _fast_path(body: bytes, declarations: list[Declaration]) -> _Candidate | None:
    """The first strong declaration, when it decodes strictly into plausible text."""
    strong = [d for d in declarations if not d.weak and d.encoding and is_ascii_compatible(d.encoding)]
    if not strong:
        return None
    declaration = strong[0]
    assert declaration.encoding is not None
    encoding = declaration.encoding
    if encoding == "utf-8":
        try:
            utf8_text = body.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return _Candidate(encoding, True, 1.0, 0.0, (declaration.source,), utf8_text)
    text, split = _strict(body, encoding)
    if text is None or is_utf8(body):
        return None
    score = plausibility(text_sample(text, _SAMPLE_CHARS))
    if score < _CONFIDENT:
        return None
    return _Candidate(encoding, True, score, 0.0, (declaration.source,), text, split)


def _valid_utf8(body: bytes) -> _Candidate | None:
    """A body that is valid UTF-8 is UTF-8, whatever the declarations say, when it holds
    ``_UTF8_EVIDENCE_CHARS`` multibyte characters or more (other encodings' non-ASCII bytes
    practically never form valid UTF-8 beyond a few characters), or fewer that read as plausible
    text (a few such characters by chance read as Latin/Cyrillic soup)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    score = plausibility(text_sample(text, _SAMPLE_CHARS))
    multibyte = len(text) - len(text.encode("ascii", errors="ignore"))
    if score < _CONFIDENT and multibyte < _UTF8_EVIDENCE_CHARS:
        return None
    return _Candidate("utf-8", True, score, 0.0, ("utf-8",), text)


def _weigh_candidates(
    body: bytes, declarations: list[Declaration], evidence: dict[str, Any]
) -> _Candidate:
    sources: dict[str, list[str]] = {}
    for declaration in declarations:
        assert declaration.encoding is not None
        if is_ascii_compatible(declaration.encoding):
            sources.setdefault(declaration.encoding, []).append(
                f"{declaration.source}-weak" if declaration.weak else declaration.source
            )
    for encoding in _FALLBACKS:
        sources.setdefault(encoding, [])

    window = _window(body)
    attempts = {encoding: _strict(window, encoding) for encoding in sources}
    candidates = [
        _score(window, encoding, tuple(sources[encoding]), attempt=attempt)
        for encoding, attempt in attempts.items()
        if attempt[0] is not None
    ]
    floor = max((c.total for c in candidates), default=float("-inf"))
    candidates += [
        _score(window, encoding, tuple(sources[encoding]), attempt=attempt, floor=floor)
        for encoding, attempt in attempts.items()
        if attempt[0] is None
    ]
    if _needs_detector(candidates):
        detected = detect_charset(body)
        evidence["detector"] = detected
        guess = normalize_label(detected["encoding"]) if detected["encoding"] else None
        confidence = float(detected["confidence"] or 0.0)
        if guess is not None and is_ascii_compatible(guess) and confidence >= _DETECTOR_MIN_CONFIDENCE:
            detector_bonus = _DETECTOR_BONUS * confidence
            existing = next((c for c in candidates if c.encoding == guess), None)
            if existing is None:
                candidates.append(_score(window, guess, ("detector",), detector_bonus))
            else:
                candidates[candidates.index(existing)] = _score(
                    window, guess, (*existing.sources, "detector"), detector_bonus
                )

    chosen = _confirm(body, window, candidates)
    evidence["candidates"] = {
        c.encoding: {
            "strict": c.strict,
            "score": round(c.score, 3) if c.scored else None,
            "sources": list(c.sources),
        }
        for c in candidates
    }
    return chosen


def _confirm(body: bytes, window: bytes, candidates: list[_Candidate]) -> _Candidate:
    """The best candidate, after decoding the whole body with it: a candidate that decoded its
    window strictly but fails on the whole body is demoted to lossy and the ranking redone."""
    while True:
        best = max(candidates, key=lambda c: c.total)
        if not best.strict:
            return best
        text, split = (best.text, best.split_pinyin) if window is body else _strict(body, best.encoding)
        if text is not None:
            return replace(best, text=text, split_pinyin=split)
        candidates[candidates.index(best)] = replace(best, strict=False, text=None, split_pinyin=0)


def _window(body: bytes) -> bytes:
    """The part of a long body that candidates are scored on: from the first non-ASCII block,
    about 16 KiB, ending before an ASCII byte below 0x40 (never inside a multibyte character in
    UTF-8, GBK or Big5). A short body is its own window."""
    start = first_non_ascii(body)
    limit = start + 4 * 4096
    if limit >= len(body):
        return body
    end = max(body.rfind(delimiter, start, limit) for delimiter in (b"<", b">", b" ", b"\n"))
    return body if end <= start else body[start:end]


def _score(
    window: bytes,
    encoding: str,
    sources: tuple[str, ...],
    extra_bonus: float = 0.0,
    *,
    attempt: tuple[str | None, int] | None = None,
    floor: float = float("-inf"),
) -> _Candidate:
    """Decode the window with ``encoding`` (or take the given strict ``attempt``) and score it.

    A lossy candidate that could not beat ``floor`` (the best strict candidate's total) even
    with a perfect score is not scored: plausibility is the expensive part.
    """
    bonus = sum(_BONUS.get(source, 0.0) for source in sources) + extra_bonus
    text, split = _strict(window, encoding) if attempt is None else attempt
    if text is None:
        lossy = window.decode(encoding, errors="replace")
        if encoding == "utf-8" and _mostly_valid_utf8(lossy):
            bonus += _STRICT_BONUS
        if 1.0 + bonus <= floor:
            return _Candidate(encoding, False, -2.0, bonus, sources, scored=False)
        return _Candidate(encoding, False, plausibility(text_sample(lossy, _SAMPLE_CHARS)), bonus, sources)
    if encoding == "utf-8":
        bonus += _BONUS["utf-8"]
    score = plausibility(text_sample(text, _SAMPLE_CHARS))
    return _Candidate(encoding, True, score, bonus, sources, text, split)


def _mostly_valid_utf8(lossy: str) -> bool:
    """UTF-8 with a few damaged bytes: valid multibyte characters far outnumber the damage.

    Other encodings' bytes almost never form several valid UTF-8 multibyte sequences, so this
    counts as much as a strict decode.
    """
    damaged = lossy.count("\ufffd")
    valid = len(lossy) - len(lossy.encode("ascii", errors="ignore")) - damaged
    return valid >= 4 and valid >= 3 * damaged


def _needs_detector(candidates: list[_Candidate]) -> bool:
    """Consult the detector only when the strict, scored candidates leave the choice open."""
    ranked = sorted((c.score + c.bonus for c in candidates if c.strict), reverse=True)
    if not ranked:
        return True
    if ranked[0] < _CONFIDENT:
        return True
    return len(ranked) > 1 and ranked[0] - ranked[1] < 0.1


def _rule_for(chosen: _Candidate) -> str:
    if "http" in chosen.sources:
        return "declared-http"
    if "meta" in chosen.sources:
        return "declared-meta"
    if "xml" in chosen.sources:
        return "declared-xml"
    if chosen.encoding == "utf-8" and chosen.strict:
        return "utf-8-valid"
    if "detector" in chosen.sources:
        return "detector"
    return "plausibility"
