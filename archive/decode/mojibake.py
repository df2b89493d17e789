"""Mojibake repair and flagging for ``archive.decode.page``. Pure functions, no state.

Three kinds of damage are repaired, each reported by name in ``DecodedPage.repairs``:

``utf8-as-cp1252``
    UTF-8 bytes that someone decoded as Windows-1252/Latin-1 and saved again: ``æ–°é—»`` -> ``新闻``
    (also ``cafÃ©`` -> ``café``). Layers are peeled until none is left (double/triple encoding).
``gbk-as-latin1`` / ``big5-as-latin1``
    GBK or Big5 bytes decoded as Latin-1/Windows-1252 and saved as UTF-8: ``ÖÐ¹ú`` -> ``中国``.
    ftfy does not attempt this one.
``pinyin-inside-gbk-char``
    A pinyin injector that lost its alignment in GBK bytes put ``(xiàng)`` between the two bytes
    of a character: ``C0 ED 97 (xiàng) 6C`` is ``理條`` with the pinyin inside ``條`` (97 6C).
    A decoder that trusts the bytes shows ``理?xiàng)l``. Repaired on the bytes, before decoding.

Runs of Latin-1/Windows-1252 characters are re-encoded and decoded again; the kind of damage that
explains most of the page is chosen (valid multibyte UTF-8 first: it is far stronger evidence
than a plausible GBK reading) and applied to the runs it repairs. A run only changes when the
repair reads as plausible text (``archive.decode.charsets.plausibility``) and the run does not read as
real Latin text (``café``, ``Grüße``), so correct text never changes. ftfy is not used: its
defaults straighten quotes and fold full-width punctuation in Chinese text, and it does not
attempt GBK/Big5.

What cannot be repaired is kept and counted by :func:`count_flagged`: runs of U+FFFD, and a ``?``
standing for a lost byte or character inside Chinese text (``管理?xiàng)l例``, ``朱?基``).
"""

from __future__ import annotations

import codecs
import re

from archive.decode.charsets import plausibility, text_sample

__all__ = [
    "count_flagged",
    "decode_gb18030",
    "repair_mojibake",
    "utf8_may_hold_mojibake",
]

# Windows-1252 characters for bytes 0x80-0x9F, mapped to the C1 code point of the same byte so
# that ``str.encode("latin-1")`` gives back the original byte.
_CP1252_HIGH = {
    chr(b).encode("latin-1").decode("cp1252", errors="ignore"): b for b in range(0x80, 0xA0)
}
_CP1252_HIGH.pop("", None)
_TO_LATIN1 = {ord(ch): byte for ch, byte in _CP1252_HIGH.items()}
_CP1252_SPECIALS = "".join(_CP1252_HIGH)
_CP1252_KEEPING_C1 = codecs.charmap_build(
    "".join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252") for b in range(256))
)
# The non-ASCII characters of the Latin-1/Windows-1252 view.
_NON_ASCII = f"\u0080-\u00ff{re.escape(_CP1252_SPECIALS)}"
# Two neighbouring characters of that view, at least one of them Latin-1. Written to start with
# one character class, so that re skips to the next non-ASCII character at C speed instead of
# trying the pattern at every position of a page's (mostly ASCII) text.
_SEED = re.compile(
    f"[{_NON_ASCII}](?:(?<=[\u0080-\u00ff])[{_NON_ASCII}]|(?<=[{re.escape(_CP1252_SPECIALS)}])[\u0080-\u00ff])"
)
_NON_ASCII_CHAR = re.compile(f"[{_NON_ASCII}]")
# Any run of characters >= 0x40 of that view holding a non-ASCII one (for pages known to be
# GBK/Big5 mojibake).
# GB18030 four-byte sequences hold digits (81 30 84 32 is U+00A0), so digits join these runs.
_VIEW = f"\u0030-\u0039\u0040-\u00ff{re.escape(_CP1252_SPECIALS)}"
# A run starts where its characters start ("(?<!...)"): linear on a long run without a match.
_LOOSE_RUN = re.compile(f"(?<![{_VIEW}])[{_VIEW}]*[\u0080-\u00ff{re.escape(_CP1252_SPECIALS)}][{_VIEW}]*")
_LATIN1_NON_LETTER = re.compile("[\u0080-\u00bf\u00d7\u00f7]")
_TYPOGRAPHIC = "—…“”‘’•–"  # "——", "……", "“”" are real punctuation even on a mojibake page
_TYPOGRAPHIC_ALONE = re.compile(f"(?<![{_VIEW}])[{_TYPOGRAPHIC}]+(?![{_VIEW}])")
# Its runs, found from their first character (see _typographic_alone), and a character of the view.
_TYPOGRAPHIC_RUN = re.compile(f"[{_TYPOGRAPHIC}][{_TYPOGRAPHIC}]*+")
_VIEW_CHAR = re.compile(f"[{_VIEW}]")
# An ASCII letter next to a Latin-1 letter: the run may be a real word (Grüße, café).
_LATIN_WORD = re.compile("[A-Za-z][\u00c0-\u00ff]|[\u00c0-\u00ff][A-Za-z]")
# How many runs (spread over the text) decide which kind of damage a page has.
_DECIDING_RUNS = 400
_DECIDING_LEGACY_RUNS = 60
# A run worth trying: characters >= 0x40 of that view, holding at least two non-ASCII ones.
# Bytes below 0x40 never occur inside a GBK/Big5/UTF-8 multibyte character, so they end runs.
# (:func:`_view_runs` finds them: these describe what it finds, and are its pieces.)
_CANDIDATE_RUN = re.compile(
    f"(?:(?<![\u0040-\u007f])[\u0040-\u007f]*+)?(?:[{_NON_ASCII}][\u0040-\u007f]*+){{2,}}"
)
_CANDIDATE_HEAD = re.compile("[\u0040-\u007f]*+")   # its ASCII characters, read backwards
_CANDIDATE_TAIL = re.compile(f"[\u0040-\u00ff{re.escape(_CP1252_SPECIALS)}]*+")
_LOOSE_HEAD = re.compile("[\u0030-\u0039\u0040-\u007f]*+")
_LOOSE_TAIL = re.compile(f"[{_VIEW}]*+")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")

_LEGACY = (("gb18030", "gbk-as-latin1"), ("big5hkscs", "big5-as-latin1"))


_UTF8_REPAIR = "utf8-as-cp1252"
_SOFT_HYPHEN = "\u00ad"


def _latin1_bytes(run: str) -> bytes:
    """The bytes a Latin-1/Windows-1252 reading turned into ``run`` (C1 controls included).

    Raises UnicodeEncodeError when the run holds a character outside that view."""
    try:
        return run.encode("cp1252")
    except UnicodeEncodeError as error:
        if error.object[error.start] > "\u00ff":
            raise  # outside both views (cp1252 encodes its own specials): no reading gives it
    for encode in (_encode_cp1252_keeping_c1, _encode_latin1):
        try:
            return encode(run)
        except UnicodeEncodeError:
            continue
    return run.translate(_TO_LATIN1).encode("latin-1")  # both views mixed: slow but rare


def _encode_cp1252_keeping_c1(run: str) -> bytes:
    # Windows-1252 where the five undefined bytes (81 8D 8F 90 9D) were kept as C1 controls.
    return codecs.charmap_encode(run, "strict", _CP1252_KEEPING_C1)[0]


def _encode_latin1(run: str) -> bytes:
    return run.encode("latin-1")


def _view_runs(text: str, head: re.Pattern[str], tail: re.Pattern[str], least: int) -> list[tuple[int, int]]:
    """(start, end) of every maximal run of characters that ``tail`` spans holding ``least``
    non-ASCII characters of the view or more, in order: the matches of ``_CANDIDATE_RUN`` (least 2)
    and of ``_LOOSE_RUN`` (least 1), found without running a pattern at every position of the
    text. ``head`` spans the run's ASCII characters, which can only come before its first non-ASCII
    one."""
    runs: list[tuple[int, int]] = []
    position = 0
    while (first := _NON_ASCII_CHAR.search(text, position)) is not None:
        at = first.start()
        end = tail.match(text, at).end()   # type: ignore[union-attr]  # a possessive run always matches
        if least < 2 or _NON_ASCII_CHAR.search(text, at + 1, end) is not None:
            runs.append((_run_start(text, head, position, at), end))
        position = end
    return runs


def _run_start(text: str, head: re.Pattern[str], low: int, at: int) -> int:
    """Where the run of ``head`` characters ending just before ``at`` starts (not before ``low``)."""
    width = 32
    while True:
        start = max(low, at - width)
        length = head.match(text[start:at][::-1]).end()   # type: ignore[union-attr]
        if length < at - start or start == low:
            return at - length
        width *= 8


def _typographic_alone(text: str) -> bool:
    """Whether ``_TYPOGRAPHIC_ALONE`` matches: a whole run of dashes, ellipses or curly quotes with
    no other character of the view beside it (those marks are in the view themselves)."""
    for run in _TYPOGRAPHIC_RUN.finditer(text):
        start, end = run.span()
        if (start == 0 or not _VIEW_CHAR.match(text, start - 1)) and not _VIEW_CHAR.match(text, end):
            return True
    return False


def _peel_utf8(raw: bytes) -> str | None:
    """``raw`` decoded as UTF-8, and again while the result is itself UTF-8 mojibake (double- and
    triple-encoded text), or None when ``raw`` is not valid UTF-8."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    for _ in range(3):
        if text.isascii() or not _SEED.search(text):
            break
        try:
            text = _latin1_bytes(text).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            break
    return text


def _utf8_repair(run: str) -> str | None:
    """The run with its UTF-8-as-cp1252 layers peeled, or None when that is not what it is."""
    repaired = _peel_utf8(_latin1_bytes(run))
    if repaired is None:
        return None
    # Real Latin-1/Windows-1252 text practically never re-encodes to valid multibyte UTF-8 (it
    # would need "Ã©", "â€™" …): a decode reaching beyond Latin-1 is enough, and one staying
    # inside it must be made of letters (café, guó; not a C1 control or a stray sign).
    if max(repaired) > "\u00ff" or not _LATIN1_NON_LETTER.search(repaired):
        return repaired
    return None  # (GBK/Big5 under UTF-8 layers is repaired when the whole page is mangled)


def _legacy_repair(run: str, codec: str, page_known: bool) -> str | None:
    """The run decoded from GBK/Big5 bytes read as Latin-1, or None.

    ``page_known``: most of the page is already known to be this mojibake, so any strict decode
    will do (``éF`` is 镕, E9 46; pinyin ``¨¢`` is á) unless the run reads as a real Latin
    word (Grüße); otherwise the decode must be plausible Chinese.
    """
    try:
        decoded = _latin1_bytes(run).decode(codec)
    except UnicodeDecodeError:
        return None
    # A soft hyphen (U+00AD) between letters is a hyphenation point of correct text (German and
    # French pages set them in long words: "Ge\u00adbär\u00adden"); the run is judged without them.
    as_written = run.replace(_SOFT_HYPHEN, "")
    if page_known:
        if _LATIN_WORD.search(as_written) and plausibility(as_written) >= 0.3 and plausibility(decoded) < 0.5:
            return None
        return decoded
    if _HAN.search(decoded) and plausibility(decoded) >= 0.75 and plausibility(as_written) < 0.3:
        return decoded
    return None


def _choose_damage(runs: list[str]) -> str | None:
    """The kind of damage that explains the runs best, or None (see :func:`repair_mojibake`).

    ``runs`` hold two non-ASCII characters at least (``_CANDIDATE_RUN``)."""
    total = sum(len(run) for run in runs)
    weight: dict[str, float] = {}
    for run in runs:
        if _utf8_repair(run) is not None:
            weight[_UTF8_REPAIR] = weight.get(_UTF8_REPAIR, 0.0) + len(run)
    # Valid multibyte UTF-8 is far stronger evidence than a plausible GBK/Big5 reading (most byte
    # pairs are some GBK character): GBK/Big5 are only considered when UTF-8 explains little,
    # and judged on fewer runs (their test is the expensive one).
    if weight.get(_UTF8_REPAIR, 0.0) >= 0.3 * total:
        return _UTF8_REPAIR
    runs = runs[:_DECIDING_LEGACY_RUNS]
    total = sum(len(run) for run in runs)
    utf8 = sum(len(run) for run in runs if _utf8_repair(run) is not None)
    weight[_UTF8_REPAIR] = utf8
    for codec, name in _LEGACY:
        for run in runs:
            if _legacy_repair(run, codec, page_known=False):
                weight[name] = weight.get(name, 0.0) + len(run)
    legacy = [name for _, name in _LEGACY if name in weight]
    if legacy:
        best = max(legacy, key=lambda name: weight[name])
        # A whole-page accident: it must explain most of the runs (two characters at least).
        if weight[best] >= max(4, 0.6 * total) and weight[best] > 3 * weight.get(_UTF8_REPAIR, 0.0):
            return best
    return _UTF8_REPAIR if weight.get(_UTF8_REPAIR) else None


# A run of non-ASCII characters of the Latin-1/Windows-1252 view.
_NON_ASCII_RUN = re.compile(f"[{_NON_ASCII}]+")


def _mostly_paired(sample: str) -> bool:
    """Whether most non-ASCII characters of ``sample`` stand next to another one.

    GBK/Big5 bytes read as Latin-1 show each Han character as two characters of the view, both
    non-ASCII for every GB2312 character (``ÖÐ¹ú``); the accented letters of a European text stand
    alone between ASCII letters (``Ernährung``), and a page with few of them can read as a
    handful of common Han characters."""
    total = alone = 0
    for run in _NON_ASCII_RUN.finditer(sample):
        size = run.end() - run.start()
        total += size
        alone += size == 1
    return alone <= 0.5 * total


def _repair_whole(text: str) -> tuple[str, tuple[str, ...]] | None:
    """(repaired text, repairs) when the whole text is one mojibake layer cake, else None.

    A page mangled as a whole (every non-ASCII character in the Latin-1/Windows-1252 view)
    is repaired in one C-speed pass instead of run by run. UTF-8 checks itself (the whole text
    must be valid UTF-8 once re-encoded); GBK/Big5 accept almost any bytes, so they are only
    tried when no "—", "…" or curly quote stands alone (it may be real punctuation)."""
    try:
        raw = _latin1_bytes(text)
    except UnicodeEncodeError:
        return None  # real characters beyond Latin-1: a partly mangled page
    before = plausibility(text_sample(text))
    as_utf8 = _peel_utf8(raw)
    if as_utf8 is not None and as_utf8 != text:
        if plausibility(text_sample(as_utf8)) >= max(0.5, before):
            return as_utf8, (_UTF8_REPAIR,)
        inner = _repair_whole(as_utf8)  # GBK/Big5 bytes under the UTF-8 layers
        if inner is not None and _UTF8_REPAIR not in inner[1]:
            return inner[0], (_UTF8_REPAIR, *inner[1])
    if _typographic_alone(text):
        return None  # "——" standing alone may be real punctuation: repair run by run
    if not _mostly_paired(text_sample(text)):
        return None  # Latin words with their accents (Ernährung, größten), not double-byte text
    for codec, name in _LEGACY:
        try:
            decoded = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if plausibility(text_sample(decoded)) >= max(0.75, before + 0.5):
            return decoded, (name,)
    return None


def repair_mojibake(text: str) -> tuple[str, tuple[str, ...]]:
    """Repair UTF-8-as-cp1252 and GBK/Big5-as-Latin-1 mojibake; return the text and the repairs.

    Runs of Latin-1/Windows-1252 characters (up to 400 of them, spread over the text) decide
    which kind of damage the page has; that repair is then applied to every run it fits, so a
    two-byte run that reads as a character in both GBK and Big5 follows the rest of the page, and
    on a GBK/Big5-mojibake page the short runs (one Latin-1 character; the digits of four-byte
    GB18030 sequences) are repaired too. Correct text (``café``, ``Grüße``, ``——``) is unchanged.
    """
    if not _SEED.search(text):
        return text, ()
    whole = _repair_whole(text)
    if whole is not None:
        return whole
    repairs: list[str] = []
    for _ in range(3):  # a GBK/Big5 layer under UTF-8 layers: one kind per pass
        if not _SEED.search(text):
            break
        matches = _view_runs(text, _CANDIDATE_HEAD, _CANDIDATE_TAIL, 2)   # _CANDIDATE_RUN's matches
        step = len(matches) // _DECIDING_RUNS + 1
        kind = _choose_damage([text[start:end] for start, end in matches[::step]])
        if kind is None or (kind != _UTF8_REPAIR and not _mostly_paired(text)):
            break   # (a German page's "gemäß" reads as GBK, and its lone umlauts would follow)
        if kind == _UTF8_REPAIR:
            fixes = (((start, end), _utf8_repair(text[start:end])) for start, end in matches)
        else:
            codec = dict((name, codec) for codec, name in _LEGACY)[kind]
            fixes = (
                ((start, end), None if not text[start:end].strip(_TYPOGRAPHIC) else _legacy_repair(text[start:end], codec, True))
                for start, end in _view_runs(text, _LOOSE_HEAD, _LOOSE_TAIL, 1)   # _LOOSE_RUN's matches
            )
        parts: list[str] = []
        last = 0
        for (start, end), repaired in fixes:
            if repaired is not None:
                parts.append(text[last:start])
                parts.append(repaired)
                last = end
        if last == 0:
            break
        parts.append(text[last:])
        text = "".join(parts)
        repairs.append(kind)
        if kind != _UTF8_REPAIR:  # a GBK/Big5 layer is the innermost one
            break
    return text, tuple(dict.fromkeys(repairs))


# A GB18030 lead byte, then "(" + pinyin letters (ASCII or GBK-encoded tone vowels A8A1-A8BA) + ")",
# then a byte that can be a trail byte.
_SPLIT_PINYIN = re.compile(rb"\((?:[a-z]|\xa8[\xa1-\xba]){1,8}\)(?=[\x40-\x7e\x80-\xfe])")
_MAX_GB18030_FIXES = 500


def decode_gb18030(body: bytes) -> tuple[str, int] | None:
    """Decode GBK/GB18030 bytes strictly, as browsers do, repairing pinyin split into characters.

    Like the WHATWG gb18030 decoder (and Windows code page 936) the single byte 0x80 is ``€``,
    which Python's codec rejects. A ``(pinyin)`` injected between a lead and a trail byte is
    removed. Returns (text, number of pinyin repairs), or None when the bytes still do not decode.
    """
    repairs = 0
    for _ in range(_MAX_GB18030_FIXES):
        try:
            return body.decode("gb18030"), repairs
        except UnicodeDecodeError as error:
            position = error.start
            if body[position] == 0x80:
                body = body[:position] + "€".encode("gb18030") + body[position + 1 :]
                continue
            match = _SPLIT_PINYIN.match(body, position + 1)
            if not 0x81 <= body[position] <= 0xFE or match is None:
                return None
            body = body[: position + 1] + body[match.end() :]
            repairs += 1
    return None


_REPLACEMENT_RUN = re.compile("\ufffd+")
_PINYIN_TAIL = re.compile("[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\\)")
_HAN_CHAR = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def count_flagged(text: str) -> int:
    """Unrepairable spans kept in ``text``: runs of U+FFFD and ``?`` for a lost byte in Chinese.

    A ``?`` counts when a Han character precedes it and either the tail of a pinyin annotation
    follows (``管理?xiàng)l例``: the lost byte took the opening parenthesis with it), or another
    Han character follows in a text that writes its question marks full-width (``朱?基`` next
    to ``…吗？``): there an ASCII ``?`` is a character the server could not encode. Texts that
    use ASCII question marks (comments: ``这哪是竞争?分明是霸道!``) are not flagged that way.
    """
    flagged = len(_REPLACEMENT_RUN.findall(text)) if "\ufffd" in text else 0
    full_width_questions = "？" in text
    position = text.find("?", 1)
    while position >= 0:
        if _HAN_CHAR.match(text, position - 1) and (
            _PINYIN_TAIL.match(text, position + 1)
            or (full_width_questions and _HAN_CHAR.match(text, position + 1))
        ):
            flagged += 1
        position = text.find("?", position + 1)
    return flagged


_UTF8_SEED = re.compile(rb"\xc3[\x80-\xbf][\xc2\xc3\xc5\xc6\xcb\xe2]")


def utf8_may_hold_mojibake(body: bytes) -> bool:
    """Cheap test on a UTF-8 body: is there a Latin-1 letter (U+00C0-U+00FF, lead byte C3)
    followed by another character of the Latin-1/Windows-1252 view? Every mojibake run that
    :func:`repair_mojibake` can repair has one; correct Chinese and English pages rarely do."""
    return b"\xc3" in body and _UTF8_SEED.search(body) is not None

