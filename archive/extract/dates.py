"""Dates in Chinese and English news pages, read in the site's zone.

``2025年1月30日 10:32``, ``发布时间：2025-01-30 10:32``, ``25-01-30 10:32`` (a two-digit year, with a
time), ``01-31 10:32`` (year from the fetch time
or the article date), ``2025年01月30日 星期四 上午10:32``, relative ``3小时前`` / ``昨天 10:32`` /
``5 minutes ago`` (against the fetch time), ISO 8601, ``January 30, 2025 10:32 AM`` and
``10:32 AM EST, Thu January 30, 2025``. Dates written without a zone get the site's zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser

__all__ = ["DateMatch", "epoch", "find_dates", "parse_date"]

# each optional part takes the whitespace after it possessively: a run of spaces after a date is
# read once, not split between several optional parts in every possible way
# "2012-10-10 at 6:19 pm", "2012/10/10 @ 6:19 PM": an "at" before the clock and a meridiem after it
# are part of the time (without them the clock was lost, or read as morning)
_TIME = (r"(?:\s*+(?:(?:at(?=\s)|@)\s*+)?(?:(?:星期|週|周|礼拜|禮拜)[一二三四五六日天]\s*+)?(?:T\s*+)?(?:(?P<ampm>上午|下午|晚上|凌晨|中午)\s*+)?"
         r"(?P<H>\d{1,2})[:：](?P<M>\d{2})(?:[:：](?P<S>\d{2}))?(?:\.\d+)?(?:\s*+(?P<mer>[AaPp])\.?[Mm]\.?(?![A-Za-z]))?)?")
_ZONE = r"(?:\s*(?P<Z>Z|[+-]\d{2}:?\d{2})(?![\d:]))?"
# (kind, a character every match contains - "" for none -, pattern)
_DATE_PATTERNS = [
    # 2025年1月30日 10:32 / 2025-01-30 10:32:00+08:00 / 2025/1/30 / 2025.01.30
    ("full", "", re.compile(
        r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?:年|[-/.])\s*(?P<m>\d{1,2})\s*(?:月|[-/.])\s*(?P<d>\d{1,2})(?:\s*日)?"
        + _TIME + _ZONE)),
    # 18-03-08 23:16: a two-digit year (feed and self-media pages showing a past year's story);
    # a time is required, as for the dashed form without a year
    ("full", "-", re.compile(
        r"(?<![\d/.-])(?P<yy>\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\s++(?P<H>\d{1,2})[:：](?P<M>\d{2})(?:[:：](?P<S>\d{2}))?(?![\d-])")),
    # 1月30日 10:32 / 01-31 10:32 (year from context; a time is required for the dashed form)
    ("md", "月", re.compile(r"(?<![\d年/.-])(?P<m>\d{1,2})月(?P<d>\d{1,2})日" + _TIME)),
    ("md", "-", re.compile(
        r"(?<![\d/.-])(?P<m>\d{1,2})-(?P<d>\d{1,2})\s+(?P<H>\d{1,2})[:：](?P<M>\d{2})(?:[:：](?P<S>\d{2}))?(?![\d-])")),
]
_RELATIVE = re.compile(
    r"(?<!\d)(?P<n>\d++)\s*+(?P<u>秒|分钟|分鐘|小时|小時|天|日|周|週|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s*(?:前|ago)",
    re.IGNORECASE,
)
_DAY_WORD = re.compile(
    r"(?P<w>刚刚|剛剛|今天|今日|昨天|昨日|前天|just now|today|yesterday)(?:\s*(?P<H>\d{1,2})[:：](?P<M>\d{2}))?",
    re.IGNORECASE,
)
_EN_MONTH = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+)?"
    r"(?:(?P<a>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})"
    r"|(?P<b>\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?,?\s+\d{4}))"
    r"(?:,?\s+(?:at\s+)?(?P<t>\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?))?"
    r"(?:\s+(?P<z>[A-Z]{2,4}|[+-]\d{2}:?\d{2}))?"
)
# Cheap gates, each a literal that every match of the patterns after it contains: a text without
# one is not scanned by those (slow, many-alternative) patterns at all.
_EN_MONTH_NAME = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")   # _EN_TIME_FIRST, _EN_MONTH
_AGO = re.compile(r"前|ago", re.IGNORECASE)   # _RELATIVE
# _DAY_WORD: each match starts with one of these (re.IGNORECASE matches j, t, y to no other letter)
_DAY_WORD_START = re.compile(r"[刚剛今昨前jJtTyY]")
_MAYBE_DATE = re.compile(r"\d|刚刚|剛剛|今天|今日|昨天|昨日|前天|just now|today|yesterday", re.I)
_ZONE_ABBR = {
    "UTC": "UTC", "GMT": "UTC", "Z": "UTC", "ET": "America/New_York", "EST": "America/New_York", "EDT": "America/New_York",
    "CT": "America/Chicago", "CDT": "America/Chicago", "MT": "America/Denver", "MST": "America/Denver", "MDT": "America/Denver",
    "PT": "America/Los_Angeles", "PST": "America/Los_Angeles", "PDT": "America/Los_Angeles", "BST": "Europe/London",
    "CET": "Europe/Paris", "CEST": "Europe/Paris", "HKT": "Asia/Hong_Kong", "SGT": "Asia/Singapore", "JST": "Asia/Tokyo",
    "KST": "Asia/Seoul", "AEST": "Australia/Sydney", "AEDT": "Australia/Sydney",
}
_EN_TIME_FIRST = re.compile(
    r"(?P<t>\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?))\s*(?P<z>[A-Z]{2,4})?,?\s+"
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?"
    r"(?P<d>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})"
)
_UNIT_SECONDS = {"秒": 1, "sec": 1, "分": 60, "min": 60, "小": 3600, "hou": 3600, "hr": 3600,
                 "天": 86400, "日": 86400, "day": 86400, "周": 604800, "週": 604800, "wee": 604800}


def _unit_seconds(unit: str) -> int:
    unit = unit.lower()
    for prefix, seconds in _UNIT_SECONDS.items():
        if unit.startswith(prefix):
            return seconds
    return 0


_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_EN_DAY = re.compile(r"(?<![A-Za-z])(?P<mon>[A-Za-z]{3})[a-z]*\.?\s+(?P<d>\d{1,2})|(?P<d2>\d{1,2})\s+(?P<mon2>[A-Za-z]{3})")
_EN_CLOCK = re.compile(r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?\s*(?P<p>[AaPp])?")


def _english(day_text: str, time_text: str | None, tz: tzinfo | None) -> datetime | None:
    """"January 30, 2025" / "30 Jan 2025" (+ "4:10 PM") -> datetime, without a general parser."""
    if tz is None:
        return None
    day = _EN_DAY.search(day_text)
    year = re.search(r"\d{4}", day_text)
    if day is None or year is None:
        return None
    month = _MONTHS.get((day.group("mon") or day.group("mon2") or "").lower())
    if month is None:
        return None
    hour = minute = second = 0
    if time_text:
        clock = _EN_CLOCK.match(time_text.strip())
        if clock is None:
            return None
        hour, minute, second = int(clock.group("H")), int(clock.group("M")), int(clock.group("S") or 0)
        meridiem = (clock.group("p") or "").lower()
        if meridiem == "p" and hour < 12:
            hour += 12
        elif meridiem == "a" and hour == 12:
            hour = 0
    try:
        return datetime(int(year.group()), month, int(day.group("d") or day.group("d2")), hour, minute, second, tzinfo=tz)
    except ValueError:
        return None


def _zone_of(text: str | None, fallback: tzinfo) -> tzinfo | None:
    """The zone a date names, ``fallback`` where it names none; None for an impossible offset (+99:00)."""
    if not text:
        return fallback
    if text in _ZONE_ABBR:
        return ZoneInfo(_ZONE_ABBR[text]) if _ZONE_ABBR[text] != "UTC" else UTC
    if text[0] not in "+-":
        return fallback
    if text in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if text.startswith("-") else 1
    digits = text[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
    try:
        return timezone(sign * offset) if offset else UTC
    except ValueError:   # 24 hours or more: not a zone; the date it belongs to is dropped
        return None


def _resolve_year(month: int, day: int, reference: datetime | None, later_than_reference: bool) -> int | None:
    if reference is None:
        return None
    year = reference.year
    try:
        candidate = reference.replace(year=year, month=month, day=day)
    except ValueError:
        return None
    if later_than_reference and candidate < reference - timedelta(days=1):
        return year + 1
    if not later_than_reference and candidate > reference + timedelta(days=1):
        return year - 1
    return year


@dataclass(frozen=True)
class DateMatch:
    """A date found in text: where it was, how it was written, and the moment it names."""

    start: int
    end: int
    value: datetime
    has_time: bool
    kind: str   # "full" | "md" | "relative" | "en"


def find_dates(
    text: str,
    zone: tzinfo,
    *,
    fetched_at: datetime | None = None,
    context: datetime | None = None,
) -> list[DateMatch]:
    """Every date in ``text``, in order. Naive dates are in ``zone``.

    ``fetched_at`` anchors relative dates. The year of ``01-31 10:32`` comes from ``context`` (e.g.
    the article's date: the first such day not before it) when given, else from ``fetched_at``
    (the last such day not after it); never after the fetch.
    """
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    if not _MAYBE_DATE.search(text):
        return found

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(m: re.Match[str], value: datetime, has_time: bool, kind: str) -> None:
        if free(m.start(), m.end()):
            taken.append((m.start(), m.end()))
            found.append(DateMatch(m.start(), m.end(), value, has_time, kind))

    local_fetch = fetched_at.astimezone(zone) if fetched_at else None
    for kind, needed, pattern in _DATE_PATTERNS:
        if needed not in text:
            continue
        for m in pattern.finditer(text):
            g = m.groupdict()
            hour, minute, second = int(g.get("H") or 0), int(g.get("M") or 0), int(g.get("S") or 0)
            meridiem = (g.get("mer") or "").lower()
            if (g.get("ampm") in ("下午", "晚上") or meridiem == "p") and hour < 12:
                hour += 12
            elif (g.get("ampm") in ("上午", "凌晨") or meridiem == "a") and hour == 12:
                hour = 0
            if kind == "full":
                if g.get("yy") is not None:   # "18-03-08": 2018, unless that is after the capture's year
                    year = 2000 + int(g["yy"])
                    if local_fetch is not None and year > local_fetch.year:
                        year -= 100
                else:
                    year = int(g["y"])
                zone_or_none = _zone_of(g.get("Z"), zone)
                if zone_or_none is None:
                    continue
                tz = zone_or_none
            else:
                local_context = context.astimezone(zone) if context else None
                if local_context is not None:
                    # after the article (comments), unless that would be after the fetch
                    year_or_none = _resolve_year(int(g["m"]), int(g["d"]), local_context, later_than_reference=True)
                    if year_or_none is not None and local_fetch is not None:
                        try:
                            late = local_fetch.replace(year=year_or_none, month=int(g["m"]), day=int(g["d"]))
                        except ValueError:
                            late = None
                        if late is None or late > local_fetch + timedelta(days=1):
                            year_or_none = _resolve_year(int(g["m"]), int(g["d"]), local_fetch, later_than_reference=False)
                else:
                    year_or_none = _resolve_year(int(g["m"]), int(g["d"]), local_fetch, later_than_reference=False)
                if year_or_none is None:
                    continue
                year, tz = year_or_none, zone
            try:
                value = datetime(year, int(g["m"]), int(g["d"]), hour, minute, second, tzinfo=tz)
            except ValueError:
                continue
            add(m, value, g.get("H") is not None, kind)
    if _EN_MONTH_NAME.search(text):
        for m in _EN_TIME_FIRST.finditer(text):
            english = _english(m.group("d"), m.group("t"), _zone_of(m.group("z"), zone))
            if english is not None:
                add(m, english, True, "en")
        for m in _EN_MONTH.finditer(text):
            english = _english(m.group("a") or m.group("b") or "", m.group("t"), _zone_of(m.group("z"), zone))
            if english is not None:
                add(m, english, bool(m.group("t")), "en")
    if local_fetch is not None:
        if _AGO.search(text):
            for m in _RELATIVE.finditer(text):
                seconds = int(m.group("n")) * _unit_seconds(m.group("u"))
                try:
                    value = (local_fetch - timedelta(seconds=seconds)).replace(second=0, microsecond=0)
                except OverflowError:   # "99999999999 days ago": no date
                    continue
                add(m, value, seconds < 86400, "relative")
        if _DAY_WORD_START.search(text):
            for m in _DAY_WORD.finditer(text):
                word = m.group("w").lower()
                days = {"昨天": 1, "昨日": 1, "yesterday": 1, "前天": 2}.get(word, 0)
                day = local_fetch - timedelta(days=days)
                if m.group("H"):
                    try:
                        value = day.replace(hour=int(m.group("H")), minute=int(m.group("M")), second=0, microsecond=0)
                    except ValueError:   # "今天 25:61": no time, and no date from it
                        continue
                elif word in ("刚刚", "剛剛", "just now"):
                    value = day.replace(second=0, microsecond=0)
                else:
                    continue
                add(m, value, True, "relative")
    found.sort(key=lambda d: d.start)
    return found


def parse_date(
    value: str | None,
    zone: tzinfo,
    *,
    fetched_at: datetime | None = None,
    context: datetime | None = None,
) -> datetime | None:
    """Parse one date string (ISO 8601 from metadata, or any form ``find_dates`` knows)."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?", value):
        try:
            parsed = dateutil_parser.isoparse(value.replace(" ", "T"))
            offset = parsed.utcoffset()
            if offset is None:
                return parsed.replace(tzinfo=zone)
            return parsed.replace(tzinfo=timezone(offset) if offset else UTC)
        except (ValueError, OverflowError):   # hour 24, month 13, offset +99:00: not a date; try the text forms
            pass
    dates = find_dates(value, zone, fetched_at=fetched_at, context=context)
    return dates[0].value if dates else None


def epoch(value: str, zone: tzinfo) -> datetime | None:
    """``1728362461`` (seconds) or ``1728362461000`` (milliseconds) -> the moment, in ``zone``;
    None for other strings and for moments before 1995 (a counter, not a time)."""
    value = value.strip()
    if not value.isdigit() or len(value) not in (10, 13):
        return None
    seconds = int(value) / (1000 if len(value) == 13 else 1)
    if seconds < 788918400:   # 1995-01-01
        return None
    return datetime.fromtimestamp(seconds, UTC).astimezone(zone)
