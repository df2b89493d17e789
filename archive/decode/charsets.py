"""Charset evidence for ``archive.decode.page``: labels, declarations, BOMs, and text plausibility.

Pure functions over bytes and str, no state. ``archive.decode.page`` weighs what these return.

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
from typing import Any

import chardet
from chardet.enums import EncodingEra

__all__ = [
    "Declaration",
    "WEAK_ENCODINGS",
    "detect_charset",
    "first_non_ascii",
    "http_charset",
    "is_ascii_compatible",
    "is_utf8",
    "meta_charset",
    "normalize_label",
    "plausibility",
    "sniff_bom",
    "sniff_utf16",
    "text_sample",
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


_CHARSET_PARAM = re.compile(r"""charset\s*+=\s*+["']?\s*+([^\s"';,>/]+)""", re.IGNORECASE)


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
# How much of the body the detector sees, from near the first non-ASCII byte.
_DETECTOR_WINDOW = 32 * 1024
_META_CHARSET = re.compile(rb"""charset\s*+=\s*+["']?\s*+([A-Za-z0-9_.:+-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(rb"""(?<!\s)\s*+<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9_.:+-]+)["']""")


# One pass over the head: the tags that matter start with "<" and one of these words.
_HEAD_TAG = re.compile(rb"<(?:(meta)\b|(!--)|/head\b|body\b)", re.IGNORECASE)


def meta_charset(body: bytes) -> Declaration | None:
    """The first charset declared by a ``<meta charset>`` or ``<meta http-equiv>`` in the head,
    or by an XML declaration; comments are skipped. Looks through the whole head, however long
    (w3lib and the HTML prescan stop after the first 1-4 KB), up to 512 KiB."""
    limit = min(len(body), _HEAD_CAP)
    position = 0
    while (tag := _HEAD_TAG.search(body, position, limit)) is not None:
        if tag.group(2):  # a comment: skip to its end
            close = body.find(b"-->", tag.end(), limit)
            if close < 0:
                break
            position = close + 3
            continue
        if not tag.group(1):  # </head> or <body>
            break
        close = body.find(b">", tag.end(), limit)
        close = limit if close < 0 else close
        found = _META_CHARSET.search(body, tag.end(), close)
        if found is not None:
            label = found.group(1).decode("ascii")
            return Declaration("meta", label, normalize_label(label))
        position = close
    xml = _XML_DECL.match(body, 0, 1024)
    if xml is not None:
        label = xml.group(1).decode("ascii")
        return Declaration("xml", label, normalize_label(label))
    return None


def sniff_utf16(body: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` for a body without BOM whose every other byte is NUL, else None."""
    head = body[:4096]
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def is_utf8(body: bytes) -> bool:
    """Whether the body is valid UTF-8 (fails fast on the first invalid byte)."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def first_non_ascii(body: bytes) -> int:
    """Offset of the 4 KiB block holding the first non-ASCII byte (C-speed skip of the head)."""
    start = 0
    while start < len(body) and body[start : start + 4096].isascii():
        start += 4096
    return start


def detect_charset(body: bytes) -> dict[str, Any]:
    """chardet 7's guess, restricted to the encodings of the modern web, on a 32 KiB window
    starting near the first non-ASCII byte: {"name", "encoding", "confidence"}."""
    start = max(0, first_non_ascii(body) - 256)
    window = body[start : start + _DETECTOR_WINDOW]
    result = chardet.detect(window, encoding_era=EncodingEra.MODERN_WEB)
    confidence = result.get("confidence")
    return {
        "name": "chardet",
        "encoding": result.get("encoding"),
        "confidence": round(float(confidence), 3) if confidence is not None else None,
    }


def is_ascii_compatible(encoding: str) -> bool:
    return encoding not in _NON_ASCII_COMPATIBLE


# --- plausibility ---------------------------------------------------------------------------
#
# Plausibility is measured with C-speed string operations (encode with errors="ignore",
# bytes.translate, bytes.count) instead of regular expressions: it runs on every page whose
# declaration is not UTF-8, so it must cost less than decoding the page.


def _byte_set(*ranges: tuple[int, int]) -> bytes:
    return bytes(b for low, high in ranges for b in range(low, high + 1))


_ASCII = _byte_set((0x00, 0x7F))
_CONTROL_BYTES = _byte_set((0x00, 0x08), (0x0B, 0x0B), (0x0E, 0x1F), (0x7F, 0x7F))
_ALL_BYTES = _byte_set((0x00, 0xFF))


def _not(keep: bytes) -> bytes:
    """The bytes to delete so that only ``keep`` remain (for ``bytes.translate(None, delete)``)."""
    return bytes(b for b in _ALL_BYTES if b not in keep)


# Lead-byte classes of the GB2312 and Big5 encodings of a text's characters.
_GB_LEVEL1 = _not(_byte_set((0xB0, 0xD7)))  # 3,755 frequent Simplified characters
_GB_LEVEL2 = _not(_byte_set((0xD8, 0xF7)))  # 3,008 less frequent ones
_GB_PUNCTUATION = _not(_byte_set((0xA1, 0xA3)))  # CJK punctuation, numerals, full-width forms
_GB_KANA = _not(_byte_set((0xA4, 0xA5)))
_GB_GREEK_CYRILLIC = _not(_byte_set((0xA6, 0xA7)))
_GB_PINYIN = _not(_byte_set((0xA8, 0xA8)))
_GB_BOX = _not(_byte_set((0xA9, 0xA9)))
_BIG5_LEVEL1 = _not(_byte_set((0xA4, 0xC6)))  # 5,401 frequent Traditional characters
# Latin-1 bytes: C1 controls; signs fine in any text; other signs; letters that GB2312 has in its
# pinyin row (à á è é ê ì í ò ó ù ú ü, already counted there); other letters.
_LATIN1_C1 = _not(_byte_set((0x80, 0x9F)))
_LATIN1_GOOD_SIGNS = _not(bytes([0xA0, 0xA9, 0xAE, 0xB0]))  # · × ÷ are in GB2312's punctuation
_LATIN1_OTHER_SIGNS = _not(_byte_set((0xA1, 0xBF)).translate(None, bytes([0xA9, 0xAE, 0xB0, 0xB7])))
_PINYIN_LETTERS = bytes([0xE0, 0xE1, 0xE8, 0xE9, 0xEA, 0xEC, 0xED, 0xF2, 0xF3, 0xF9, 0xFA, 0xFC])
_LATIN1_OTHER_LETTERS = _not(_byte_set((0xC0, 0xFF)).translate(None, _PINYIN_LETTERS + b"\xd7\xf7"))
_OTHER_LETTER_CLASS = "".join(
    chr(b) for b in range(0xC0, 0x100) if b not in _PINYIN_LETTERS and b not in (0xD7, 0xF7)
)
_OTHER_LETTER_IN_WORD = re.compile(
    f"(?<=[A-Za-z])[{_OTHER_LETTER_CLASS}]|[{_OTHER_LETTER_CLASS}](?=[A-Za-z])"
)


def _count(data: bytes, delete: bytes) -> int:
    return len(data.translate(None, delete))


_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")


def _leads(text: str, codec: str) -> bytes:
    """The lead bytes of the double-byte characters of ``text`` that ``codec`` can encode.

    Only for codecs whose trail bytes are all >= 0xA1 (GB2312), so that deleting the ASCII bytes
    keeps the pairs aligned."""
    double = text.encode(codec, errors="ignore").translate(None, _ASCII)
    return double[0::2]


def plausibility(text: str) -> float:
    """How much ``text`` looks like correctly decoded text, from -2 (garbage) to 1 (clean).

    Pure ASCII text scores 1. Otherwise the score is an average over non-ASCII characters and
    control characters: +1 for a frequent Han character of one script (GB2312 level 1 or Big5
    level 1, whichever covers more of the text), CJK punctuation, full-width forms and common
    signs (© ° · ×); +0.5 for less frequent Simplified characters (GB2312 level 2), kana, pinyin
    letters and Latin-1 letters inside words (café); 0 for rare Han, emoji and anything else;
    -1 for Greek, Cyrillic and Latin-1 letters and signs outside words (mojibake is made of
    them: ``ÖÐ¹ú``, ``æ–°é—»``); -2 for controls, private-use characters, U+FFFD, box drawing
    and lone combining marks (what mis-decoded bytes turn into).
    """
    ascii_part = text.encode("ascii", errors="ignore")
    controls = len(ascii_part) - _count(ascii_part, _CONTROL_BYTES)
    non_ascii = len(text) - len(ascii_part)
    if non_ascii + controls == 0:
        return 1.0
    gb = _leads(text, "gb2312")
    simplified = _count(gb, _GB_LEVEL1)
    level2 = _count(gb, _GB_LEVEL2)
    # At most this many characters can be Big5 Han: skip the Big5 count when it cannot win.
    could_be_traditional = non_ascii - (len(gb) - simplified - level2)
    traditional = 0
    if simplified < 0.9 * could_be_traditional:
        # Big5 trail bytes can be ASCII (0x40-0x7E), so drop ASCII before encoding to keep the
        # bytes aligned: every remaining character encodes to two bytes.
        big5 = _ASCII_RUNS.sub("", text).encode("big5", errors="ignore")
        traditional = _count(big5[0::2], _BIG5_LEVEL1)
    common_han = max(simplified, traditional)
    medium = level2 if simplified >= traditional else 0
    good = common_han + _count(gb, _GB_PUNCTUATION)
    greek_cyrillic = _count(gb, _GB_GREEK_CYRILLIC)
    pinyin = _count(gb, _GB_PINYIN)
    bad = controls + _count(gb, _GB_BOX)

    latin1 = text.encode("latin-1", errors="ignore").translate(None, _ASCII)
    latin_other = latin_word = 0
    if latin1:
        bad += _count(latin1, _LATIN1_C1)
        good += _count(latin1, _LATIN1_GOOD_SIGNS)
        latin_other = _count(latin1, _LATIN1_OTHER_SIGNS)
        other_letters = _count(latin1, _LATIN1_OTHER_LETTERS)
        if other_letters:  # ö ß ç ñ …: real inside words (Grüße), mojibake elsewhere (ÖÐ)
            latin_word = len(_OTHER_LETTER_IN_WORD.findall(text))
            latin_other += other_letters - latin_word
    if "\ufffd" in text:
        bad += text.count("\ufffd")
    utf8 = text.encode("utf-8", errors="surrogatepass")
    # Private use (U+E000-U+EFFF: lead byte EE) and combining marks (U+0300-U+036F: CC, CD).
    bad += utf8.count(b"\xee") + utf8.count(b"\xcc") + utf8.count(b"\xcd")
    score = good + 0.5 * (medium + pinyin + latin_word) - latin_other - greek_cyrillic - 2.0 * bad
    return max(-2.0, min(1.0, score / (non_ascii + controls)))


def text_sample(text: str, size: int = 4096) -> str:
    """A window of ``text`` starting near its first non-ASCII character, for scoring."""
    start = 0
    block = 4096
    while start < len(text) and text[start : start + block].isascii():
        start += block
    if start >= len(text):
        return text[:size]
    return text[start : start + size]
