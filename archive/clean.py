"""Text cleaning: pure ``str -> str`` functions, one per kind of noise seen in the sources.

Applied to every extracted text field and every comment (see ``archive.extract.extractor``). Each cleaner
removes one kind of noise and leaves correct text byte-for-byte unchanged; :func:`clean_text`
applies them all in a fixed order and is idempotent (``clean_text(clean_text(t)) == clean_text(t)``).

Nothing here folds full-width punctuation, straightens quotes or converts scripts: ``“ ”``,
``，`` and ``（ ）`` in Chinese text are correct and stay.

Judgement calls (documented, tested in ``tests/unit/test_clean.py``):

* Pinyin: a parenthesised *single* syllable carrying a tone mark (``(kāi)``, ``（guó）``) right
  after a Han character, or glued to a Latin letter (``F(xiàn)orrester`` – the injector misread a
  GBK trail byte as a character), is injection noise and is removed. A gloss of two or more
  syllables (``你好(nǐ hǎo)``, ``中国(zhōngguó)``) and any parenthesis without a tone mark
  (``(DeepSeek)``, ``(AI)``, ``(de)``) stays: language-teaching text keeps its multi-syllable
  glosses, but a one-character gloss in such text is indistinguishable from injection and goes.
  Pinyin whose opening parenthesis was lost together with a byte (``管理?xiàng)l例``) is not
  touched: the span is unrepairable at text level and ``archive.decode.page`` flags it.
* Template placeholders: braces holding only Han characters (``{當前域名}``, ``{{站点名称}}``,
  ``{$网站名}``) are unrendered templates; code-like braces (``{0}``, ``{name}``, ``{}``) stay.
* Doubled punctuation: a comma right after Chinese text and followed by another punctuation mark
  (``,,`` ``,。`` ``,、`` ``,;`` ``，，``) is injected; ``……``, ``——``, ``!!!``, ``1,000,000`` and
  commas after Latin text (``a[:,:]``) stay.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = [
    "clean_text",
    "drop_injected_punctuation",
    "drop_invisible_characters",
    "drop_template_placeholders",
    "normalize_line_breaks",
    "normalize_whitespace",
    "restore_copyright_sign",
    "strip_pinyin",
]

# Bound on the passes of a cleaner that repeats until the text is stable.
_MAX_PASSES = 8

# Han ideographs: Extension A, URO, compatibility ideographs, Extensions B-H (astral planes).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"

# --- pinyin -------------------------------------------------------------------------------
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙǕǗǙǛ"
_COMBINING_TONE = "\u0300\u0301\u0304\u030c"  # decomposed tone marks (not NFC-normalised)
_VOWEL = rf"[aeiouvüÜAEIOUV{_TONED}][{_COMBINING_TONE}]?"
# One syllable: optional initial, 1-3 vowels, optional nasal/rhotic coda; or a syllabic n/m.
_SYLLABLE = rf"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:{_VOWEL}){{1,3}}(?:ng|n|r)?|[ńňǹḿ]g?)"
# Starts with the parenthesis (fast scanning); the lookbehind then checks the character before it.
_PINYIN_IN_PARENS = re.compile(
    rf"[(（](?<=[{HAN}A-Za-z][(（])(?=[^)）]*[{_TONED}{_COMBINING_TONE}])({_SYLLABLE})[)）]",
    re.IGNORECASE,
)


def strip_pinyin(text: str) -> str:
    """Remove single-syllable tone-marked pinyin injected after characters.

    ``開(kāi)發(fā)`` -> ``開發``; ``國（guó）`` -> ``國``; ``F(xiàn)orrester`` -> ``Forrester``.
    ``(DeepSeek)``, ``(AI)``, ``(约合人民币1.3万亿元)`` and multi-syllable glosses stay.
    """
    if "(" not in text and "（" not in text:
        return text
    # Repeated until stable: removing ``(zhōng)`` from ``中(zhōng)(guó)`` puts ``(guó)`` after 中.
    for _ in range(_MAX_PASSES):
        text, removed = _PINYIN_IN_PARENS.subn("", text)
        if not removed:
            break
    return text


# --- injected punctuation -------------------------------------------------------------------
_PUNCT_AFTER = ",，。、；;：:！？!?"
_INJECTED_COMMA = re.compile(
    rf"[,，](?<=[{HAN}”’」』）》】\)][,，])(?=[{_PUNCT_AFTER}])|，(?=[，。、；])"
)


def drop_injected_punctuation(text: str) -> str:
    """Drop a comma injected before another punctuation mark inside Chinese text.

    ``清單,,智譜`` -> ``清單,智譜``; ``發力,。`` -> ``發力。``; ``技術,、產品`` -> ``技術、產品``;
    ``，，`` -> ``，``. Untouched: ``……``, ``——``, ``!!!``, ``1,000,000``.
    """
    if "," not in text and "，" not in text:
        return text
    for _ in range(_MAX_PASSES):  # ``中,,,`` needs two passes: the lookbehind sees the old text
        text, removed = _INJECTED_COMMA.subn("", text)
        if not removed:
            break
    return text


# --- template placeholders ------------------------------------------------------------------
_PLACEHOLDER = re.compile(rf"[^\S\n]?(?:\{{\{{[$#]?[{HAN}]{{1,30}}\}}\}}|\{{[$#]?[{HAN}]{{1,30}}\}})")


def drop_template_placeholders(text: str) -> str:
    """Remove unrendered template placeholders made of Han characters (``{當前域名}``).

    One space before the placeholder goes with it: ``by {當前域名}. all`` -> ``by. all``.
    Code-like braces (``{0}``, ``{name}``) stay.
    """
    if "{" not in text:
        return text
    return _PLACEHOLDER.sub("", text)


# --- copyright sign -------------------------------------------------------------------------
_SPACE = r"[^\S\n]*"  # any whitespace but a line break
_LOST_AFTER_WORD = re.compile(
    rf"\b(copyright){_SPACE}[?？\ufffd]{_SPACE}(?=(?:19|20)\d\d\b)", re.IGNORECASE
)
# After a "?" that starts a line: a year or year range, then more text (a footer).
_YEARS_AFTER_LINE_START = re.compile(r"(?<![^\S\n])[^\S\n]*+(?=(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?\s+\S)")


def restore_copyright_sign(text: str) -> str:
    """Restore a copyright sign lost to a legacy encoding: ``Copyright ? 2008`` -> ``Copyright © 2008``.

    Also a line starting ``? 2008-2024 …`` (a footer). A question mark elsewhere stays.
    """
    if "?" not in text and "？" not in text and "\ufffd" not in text:
        return text
    if "pyright" in text.lower():
        text = _LOST_AFTER_WORD.sub(lambda match: f"{match.group(1)} © ", text)
    for mark in ("?", "\ufffd"):
        position = text.find(mark)
        while position >= 0:
            line_start = text.rfind("\n", 0, position) + 1
            years = _YEARS_AFTER_LINE_START.match(text, position + 1)
            if years is not None and not text[line_start:position].strip():
                text = f"{text[:position]}© {text[years.end():]}"
            position = text.find(mark, position + 1)
    return text


# --- invisible characters -------------------------------------------------------------------
# Zero-width and bidi formatting characters, BOM, soft hyphen, C0/C1 controls except \t \n \r.
_INVISIBLE = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u200b\u200c\u200e\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]"
    # A zero-width joiner is kept only between two emoji/symbol characters (👨‍👩‍👧).
    "|(?<![\U0001f000-\U0001faff\u2600-\u27bf\ufe0f])\u200d"
    "|\u200d(?![\U0001f000-\U0001faff\u2600-\u27bf])"
)


def drop_invisible_characters(text: str) -> str:
    """Remove zero-width, bidi-control and control characters (tabs and newlines stay)."""
    if text.replace("\n", "").replace("\t", "").isprintable():  # C-speed: nothing to remove
        return text
    return _INVISIBLE.sub("", text)


# --- whitespace -----------------------------------------------------------------------------
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\u0085\u000b\u000c\u001c-\u001e]")


def normalize_line_breaks(text: str) -> str:
    """``\\r\\n``, ``\\r``, U+2028/U+2029, NEL, vertical tab and form feed become ``\\n``."""
    if text.isascii() and "\r" not in text and "\x0b" not in text and "\x0c" not in text:
        return text
    return _LINE_BREAKS.sub("\n", text)


def normalize_whitespace(text: str) -> str:
    """One space between words, no blank lines: paragraphs are separated by a single ``\\n``.

    Every Unicode space (NBSP, ideographic space U+3000, tabs) becomes one ASCII space; lines are
    stripped; empty lines dropped. Other line breaks (``\\r\\n``, ``\\r``, U+2028 …) become ``\\n``.
    """
    text = normalize_line_breaks(text)
    # str.split() splits on every Unicode whitespace character, so this also collapses runs.
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


_CLEANERS: tuple[Callable[[str], str], ...] = (
    normalize_line_breaks,  # first, so that every cleaner sees the same lines
    drop_invisible_characters,
    strip_pinyin,
    drop_template_placeholders,
    strip_pinyin,  # again: a removed placeholder can leave pinyin right after a character
    restore_copyright_sign,
    drop_injected_punctuation,
    normalize_whitespace,
)


def clean_text(text: str) -> str:
    """Apply every cleaner in order: line breaks, invisible characters, pinyin, placeholders,
    copyright sign, injected punctuation, whitespace. Idempotent; correct text comes out unchanged apart from
    whitespace normalisation."""
    for cleaner in _CLEANERS:
        text = cleaner(text)
    return text
