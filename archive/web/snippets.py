"""Highlighted snippets of search hits: where the query's words stand in the original text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive.store.search import CJK_CLASS, SearchQuery, fold

#: How many characters a snippet shows.
SNIPPET_CHARS = 160
_LEAD = 50


@dataclass(frozen=True)
class Segment:
    text: str
    marked: bool


def _patterns(query: SearchQuery) -> list[re.Pattern[str]]:
    patterns = []
    for needle in query.needles:
        if re.fullmatch(rf"[{CJK_CLASS}]+", needle):
            patterns.append(re.compile(re.escape(needle)))
        else:  # a word: a prefix of a word in the text, never the middle of one
            patterns.append(re.compile(rf"(?<![^\W_{CJK_CLASS}]){re.escape(needle)}[^\W_{CJK_CLASS}]*"))
    return patterns


def match_spans(text: str, query: SearchQuery, limit: int = 200) -> list[tuple[int, int]]:
    folded = fold(text)
    if len(folded) != len(text):
        return []
    spans: list[tuple[int, int]] = []
    for pattern in _patterns(query):
        for n, match in enumerate(pattern.finditer(folded)):
            if n >= limit:
                break
            spans.append(match.span())
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, query: SearchQuery, window: int | None = None) -> list[Segment]:
    """``text`` (or a window of ``window`` characters around the first match) cut into plain and
    marked segments; the template escapes each."""
    spans = match_spans(text, query)
    start, end = 0, len(text)
    if window is not None:
        first = spans[0][0] if spans else 0
        start = max(0, first - _LEAD)
        end = min(len(text), start + window)
    segments: list[Segment] = []
    if start > 0:
        segments.append(Segment("…", False))
    position = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start > position:
            segments.append(Segment(text[position:span_start], False))
        segments.append(Segment(text[span_start:span_end], True))
        position = span_end
    if position < end:
        segments.append(Segment(text[position:end], False))
    if end < len(text):
        segments.append(Segment("…", False))
    return segments
