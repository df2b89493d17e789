"""The search timeline: matching articles per day, week or month, stacked by site, as SVG data.

Drawn on the server (no script, no CDN): the template turns a :class:`Timeline` into ``<svg>``,
each bar a link that narrows the search to its dates.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Unit = Literal["day", "week", "month"]
#: Colour-blind-safe palette (Okabe–Ito), one colour per site in order of hit count.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
WIDTH, HEIGHT, AXIS = 720, 160, 18
MAX_BARS = 120


@dataclass(frozen=True)
class Segment:
    site: str
    count: int
    y: float
    height: float
    colour: str


@dataclass(frozen=True)
class Bar:
    start: date
    end: date  # exclusive
    x: float
    width: float
    total: int
    segments: list[Segment]
    href: str
    label: str


@dataclass(frozen=True)
class Timeline:
    unit: Unit
    width: int
    height: int
    axis: int
    bars: list[Bar]
    legend: list[tuple[str, str]]  # (site, colour)
    peak: int


def choose_unit(first: date, last: date) -> Unit:
    span = (last - first).days
    if span <= 62:
        return "day"
    if span <= 7 * MAX_BARS:
        return "week"
    return "month"


def bucket_start(day: date, unit: Unit) -> date:
    if unit == "day":
        return day
    if unit == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def next_bucket(start: date, unit: Unit) -> date:
    if unit == "day":
        return start + timedelta(days=1)
    if unit == "week":
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def build_timeline(
    per_day: Sequence[tuple[date, str, int]], sites: Sequence[str], link: Callable[[date, date], str],
    unit: Unit | None = None,
) -> Timeline | None:
    """Bars per ``unit`` (chosen from the span when None) for the hits per (day, site); ``sites``
    orders the stack and the colours; ``link(start, end)`` gives a bar's href. None when nothing is dated."""
    if not per_day:
        return None
    days = [day for day, _, _ in per_day]
    unit = unit or choose_unit(min(days), max(days))
    counts: Counter[tuple[date, str]] = Counter()
    for day, site, count in per_day:
        counts[(bucket_start(day, unit), site)] += count
    starts: list[date] = []
    cursor = bucket_start(min(days), unit)
    last = bucket_start(max(days), unit)
    while cursor <= last and len(starts) < MAX_BARS:
        starts.append(cursor)
        cursor = next_bucket(cursor, unit)
    colours = {site: PALETTE[i % len(PALETTE)] for i, site in enumerate(sites)}
    totals = {start: sum(counts[(start, site)] for site in sites) for start in starts}
    peak = max(totals.values()) or 1
    slot = WIDTH / len(starts)
    bars = []
    for i, start in enumerate(starts):
        y = float(HEIGHT)
        segments = []
        for site in sites:
            count = counts[(start, site)]
            if not count:
                continue
            height = HEIGHT * count / peak
            y -= height
            segments.append(Segment(site, count, round(y, 1), round(height, 1), colours[site]))
        end = next_bucket(start, unit)
        bars.append(Bar(start, end, round(i * slot, 1), round(max(slot - 1, 1), 1), totals[start], segments,
                        link(start, end), _label(start, unit)))
    return Timeline(unit, WIDTH, HEIGHT, AXIS, bars, [(site, colours[site]) for site in sites], peak)


def _label(start: date, unit: Unit) -> str:
    if unit == "month":
        return start.strftime("%Y-%m")
    return start.isoformat() if unit == "day" else f"week of {start.isoformat()}"
