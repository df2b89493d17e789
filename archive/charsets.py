"""Charset evidence for ``archive.decode``: labels, declarations, BOMs, and text plausibility.

Pure functions over bytes and str, no state. ``archive.decode`` weighs what these return.

* :func:`normalize_label` maps a declared label to the codec newsarchive decodes with, following
  the WHATWG Encoding Standard where it widens a legacy label (``gb2312``/``gbk`` -> ``gb18030``,
  ``iso-8859-1`` -> ``cp1252``) and going one step further for Big5 (``big5`` -> ``big5hkscs``)
  so Hong Kong characters survive.
* :func:`sniff_bom`, :func:`http_charset`, :func:`meta_charset` read the declarations; the meta
  scan covers the whole ``<head>`` (up to ``</head>``/``<body``, capped at 512 KiB), not only the
  first 4 KiB that w3lib and browsers' prescan look at.
* :func:`plausibility` scores decoded text: the share of its non-ASCII characters that look like
  real text (common Han characters, CJK and general punctuation, Latin letters inside words)
  minus penalties for characters that only show up in mis-decoded text (C0/C1 controls, private
  use, U+FFFD, lone Latin-1 symbols, box drawing).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

__all__ = [
    "Declaration",
    "WEAK_ENCODINGS",
    "http_charset",
    "meta_charset",
    "normalize_label",
    "plausibility",
    "sniff_bom",
]

# Labels whose codec newsarchive widens or renames. Anything else goes through codecs.lookup.
_LABEL_TO_CODEC: dict[str, str] = {
    **dict.fromkeys(
        ["utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8"],
        "utf-8",
    ),
    **dict.fromkeys(
        [
            "gb2312", "gbk", "x-gbk", "gb_2312", "gb_2312-80", "chinese", "csgb2312", "csiso58gb231280",
            "iso-ir-58", "cp936", "ms936", "windows-936", "euc-cn", "euccn", "x-euc-cn", "gb18030",
            "gb-18030", "hz-gb-2312-not",
        ],
        "gb18030",
    ),
    **dict.fromkeys(
        ["big5", "big-5", "big5-hkscs", "big5hkscs", "cn-big5", "csbig5", "x-x-big5", "cp950", "ms950",
         "windows-950", "big5-eten", "x-big5"],
        "big5hkscs",
    ),
    **dict.fromkeys(
        ["iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii",
         "ansi_x3.4-1968", "cp819", "ibm819", "windows-1252", "cp1252", "x-cp1252", "iso-ir-100",
         "csisolatin1"],
        "cp1252",
    ),
    **dict.fromkeys(["shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j",
                     "cp932", "ms932"], "cp932"),
    **dict.fromkeys(["euc-kr", "euckr", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "cp949",
                     "windows-949", "csksc56011987", "korean"], "cp949"),
    **dict.fromkeys(["utf-16", "utf16", "ucs-2", "iso-10646-ucs-2", "csunicode"], "utf-16"),
    "utf-16le": "utf-16-le",
    "utf-16be": "utf-16-be",
}

# A declaration of one of these (typically a server's default Content-Type) is weak evidence.
WEAK_ENCODINGS = frozenset({"cp1252"})

# Codecs that can only ever be picked from a BOM or explicitly; never used as a guess for bytes.
_NON_ASCII_COMPATIBLE = frozenset({"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"})


def normalize_label(label: str | None) -> str | None:
    """The codec newsarchive decodes a declared label with, or None for an unknown label.

    >>> normalize_label("GB2312"), normalize_label("big5"), normalize_label("ISO-8859-1")
    ('gb18030', 'big5hkscs', 'cp1252')
    """
    if not label:
        return None
    key = label.strip().strip("\"'").strip().lower()
    if not key:
        return None
    if key in _LABEL_TO_CODEC:
        return _LABEL_TO_CODEC[key]
    try:
        name = codecs.lookup(key).name
    except LookupError:
        return None
    return _LABEL_TO_CODEC.get(name, name)


@dataclass(frozen=True)
class Declaration:
    """One declared charset: where it came from, the label as written, the codec it maps to."""

    source: str  # "http" | "meta" | "xml"
    label: str
    encoding: str | None  # None when the label is unknown

    @property
    def weak(self) -> bool:
        return self.encoding in WEAK_ENCODINGS

    def as_evidence(self) -> dict[str, object]:
        return {"label": self.label, "encoding": self.encoding, "weak": self.weak}


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def sniff_bom(body: bytes) -> tuple[str, int] | None:
    """(codec, BOM length) for a body starting with a byte-order mark, else None.

    UTF-16/32 are returned as "utf-16"/"utf-32", whose Python codecs read the BOM themselves.
    """
    for bom, codec in _BOMS:
        if body.startswith(bom):
            if codec == "utf-32" and len(body) % 4:  # FF FE 00 00 can also be UTF-16 LE + U+0000
                continue
            return codec, len(bom)
    return None


_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?\s*([^\s"';,>/]+)""", re.IGNORECASE)


def http_charset(content_type: str | None) -> Declaration | None:
    """The charset parameter of a Content-Type header value, if any."""
    if not content_type:
        return None
    match = _CHARSET_PARAM.search(content_type)
    if match is None:
        return None
    label = match.group(1)
    return Declaration("http", label, normalize_label(label))


_HEAD_CAP = 512 * 1024
_HEAD_END = re.compile(rb"</head\s*>|<body[\s>]", re.IGNORECASE)
_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
_META_TAG = re.compile(rb"<meta\b[^>]*>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:+-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9_.:+-]+)["']""")


def meta_charset(body: bytes) -> Declaration | None:
    """The first charset declared by a ``<meta charset>`` or ``<meta http-equiv>`` in the head,
    or by an XML declaration; comments are skipped. Looks through the whole head, however long."""
    xml = _XML_DECL.match(body[:1024])
    end = _HEAD_END.search(body, 0, _HEAD_CAP)
    head = body[: end.start() if end else _HEAD_CAP]
    if b"<!--" in head:
        head = _COMMENT.sub(b"", head)
    for tag in _META_TAG.finditer(head):
        found = _META_CHARSET.search(tag.group(0))
        if found is not None:
            label = found.group(1).decode("ascii")
            return Declaration("meta", label, normalize_label(label))
    if xml is not None:
        label = xml.group(1).decode("ascii")
        return Declaration("xml", label, normalize_label(label))
    return None


def is_ascii_compatible(encoding: str) -> bool:
    return encoding not in _NON_ASCII_COMPATIBLE


# --- plausibility ---------------------------------------------------------------------------


def _decode_range(codec: str, leads: range, trails: range) -> str:
    chars = []
    for lead in leads:
        for trail in trails:
            try:
                chars.append(bytes((lead, trail)).decode(codec))
            except UnicodeDecodeError:
                continue
    return "".join(chars)


def _char_class(chars: str) -> str:
    """A regex character class matching exactly ``chars`` (as sorted ranges)."""
    points = sorted({ord(c) for c in chars})
    parts: list[str] = []
    start = prev = points[0]
    for point in points[1:] + [-1]:
        if point == prev + 1:
            prev = point
            continue
        parts.append(re.escape(chr(start)) if start == prev else f"{re.escape(chr(start))}-{re.escape(chr(prev))}")
        start = prev = point
    return "[" + "".join(parts) + "]"


# Frequent Han characters: GB2312 level 1 (3,755 Simplified) and Big5 level 1 (5,401 Traditional).
_GB2312_LEVEL1 = _decode_range("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF))
_BIG5_LEVEL1 = "".join(
    c for c in _decode_range("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
    if "\u4e00" <= c <= "\u9fff"
)
_GB2312_LEVEL2 = _decode_range("gb2312", range(0xD8, 0xF8), range(0xA1, 0xFF))


# Text is scored against each script separately and keeps the better score: GBK bytes read as
# Big5 give a mix of frequent Simplified and frequent Traditional characters that neither set
# covers, while real text is consistent.
_COMMON_SIMPLIFIED = re.compile(_char_class(_GB2312_LEVEL1))
_COMMON_TRADITIONAL = re.compile(_char_class(_BIG5_LEVEL1))
_LESS_COMMON_SIMPLIFIED = re.compile(_char_class(_GB2312_LEVEL2))
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# CJK symbols and punctuation, full-width forms, general punctuation, emoji, a few Latin-1 signs.
_GOOD_SYMBOLS = re.compile(
    "[\u3000-\u3002\u3007-\u303f\uff01-\uff5e\uffe0-\uffe6\u2010-\u2027\u2030-\u203b\u2103\u2116\u2122"
    "\u2190-\u2199\u00a0\u00a9\u00ae\u00b0\u00b7\u00d7\u00f7\u2460-\u2473\u25a0-\u25cf"
    "\u2605\u2606\U0001f300-\U0001faff\u2600-\u27bf\ufe0f\u20ac]"
)
_KANA_HANGUL = re.compile("[\u3040-\u30ff\uac00-\ud7af]")
# Latin letters with diacritics inside a word (café, Zürich, Dvořák) are real text.
_LATIN_IN_WORD = re.compile(
    r"(?<=[A-Za-z])[\u00c0-\u024f]|[\u00c0-\u024f](?=[A-Za-z])"
)
# Everything Latin-1 and Latin Extended except the signs counted as good symbols above.
_LATIN_LIKE = re.compile(
    "[\u00a1-\u00a8\u00aa-\u00ad\u00af\u00b1-\u00b6\u00b8-\u00d6\u00d8-\u00f6\u00f8-\u024f"
    "\u02b0-\u02ff\u0370-\u03ff\u0400-\u04ff]"
)
_BAD = re.compile(
    "[\u0080-\u009f\ue000-\uf8ff\ufffd\u2500-\u257f\u0300-\u036f\ufff0-\ufffc"
    "\U000f0000-\U0010ffff]"
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_CONTROLS = re.compile("[\u0000-\u0008\u000b\u000e-\u001f\u007f]")


def plausibility(text: str) -> float:
    """How much ``text`` looks like correctly decoded text, from about -2 (garbage) to 1 (clean).

    Pure ASCII text scores 1 unless it holds control characters. The score is an average over
    non-ASCII characters (and controls): +1 frequent Han of one script (GB2312 level 1 or Big5
    level 1, whichever covers more), CJK/general punctuation, emoji; +0.5 less frequent Simplified
    Han (GB2312 level 2), kana, Hangul, Latin letters inside words; 0 rare Han; -1 other Latin-1 /
    Latin Extended / Greek / Cyrillic characters (mojibake is made of them); -2 controls, private
    use, U+FFFD, box drawing, lone combining marks.
    """
    non_ascii = len(_NON_ASCII.findall(text))
    controls = len(_CONTROLS.findall(text))
    if non_ascii + controls == 0:
        return 1.0
    simplified = len(_COMMON_SIMPLIFIED.findall(text))
    traditional = len(_COMMON_TRADITIONAL.findall(text))
    if simplified >= traditional:
        common_han, medium_han = simplified, len(_LESS_COMMON_SIMPLIFIED.findall(text))
    else:
        common_han, medium_han = traditional, 0
    common = common_han + len(_GOOD_SYMBOLS.findall(text))
    medium = medium_han + len(_KANA_HANGUL.findall(text))
    latin_word = len(_LATIN_IN_WORD.findall(text))
    latin_other = max(0, len(_LATIN_LIKE.findall(text)) - latin_word)
    bad = len(_BAD.findall(text)) + controls
    score = common + 0.5 * (medium + latin_word) - latin_other - 2.0 * bad
    return score / (non_ascii + controls)


def text_sample(text: str, size: int = 16_384) -> str:
    """A window of ``text`` around its first non-ASCII character, for scoring and detection."""
    first = _NON_ASCII.search(text)
    if first is None:
        return text[:size]
    start = max(0, first.start() - 64)
    return text[start : start + size]
