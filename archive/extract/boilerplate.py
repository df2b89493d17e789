"""Body boilerplate removal: rules from a data file, plus lines learnt to repeat across a site.

The rules (``archive/data/boilerplate.toml``) describe kinds of boilerplate typical of Chinese
news sites (photo credits, reprint notices, footers, permalink lines, welcome banners, glued
date/view-count lines, tag lines, related-article and comment headers). Site-specific lines are
learnt, not written down: the archive counts, per site, on how many article pages each paragraph
occurs, and :func:`drop_learnt` takes off the short lines a large share of the site repeats at
its bodies' head or tail, and records each one it takes (:class:`~archive.extract.records.Removal`).
Nothing here deduplicates inside a body: a line a story repeats stays repeated.
"""

from __future__ import annotations

import hashlib
import math
import re
import tomllib
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import ClassVar

from archive.extract.records import Removal

__all__ = [
    "BoilerplateRule", "BoilerplateRules", "LearntBoilerplate", "LearntLine", "drop_boilerplate", "drop_learnt", "explain",
    "is_short_or_link_like", "load_rules", "paragraph_key", "sort_boilerplate",
]

_ACTIONS = ("drop", "strip", "cut")


@dataclass(frozen=True)
class BoilerplateRule:
    """One rule of the data file (see the file's header for the meaning of each field)."""

    name: str
    pattern: re.Pattern[str]
    action: str
    max_length: int = 0
    min_rest: int = 12
    tail_share: float = 0.5
    edge: bool = False   # applies only in a run of boilerplate at the body's head or tail
    list_item: bool = False   # applies only to a list item ("- 推荐": a tab row's label)
    tail_text_share: float = 0.0   # "cut" also when at most this share of the body's text follows


@dataclass(frozen=True)
class BoilerplateRules:
    """The loaded rule set; build once (an Extractor holds one)."""

    rules: tuple[BoilerplateRule, ...]


def load_rules(path: str | Path | None = None) -> BoilerplateRules:
    """Load rules from a TOML file (default: the bundled ``archive/data/boilerplate.toml``).

    Raises ``ValueError`` naming the rule when a rule is malformed.
    """
    if path is None:
        raw = resources.files("archive").joinpath("data/boilerplate.toml").read_text(encoding="utf-8")
    else:
        raw = Path(path).read_text(encoding="utf-8")
    data = tomllib.loads(raw)
    rules: list[BoilerplateRule] = []
    for i, entry in enumerate(data.get("rule", [])):
        name = str(entry.get("name") or f"rule-{i}")
        action = entry.get("action", "drop")
        if action not in _ACTIONS:
            raise ValueError(f"boilerplate rule {name!r}: action must be one of {_ACTIONS}, not {action!r}")
        flags = re.IGNORECASE if entry.get("ignore_case") else 0
        try:
            pattern = re.compile(entry["pattern"], flags)
        except (KeyError, re.error) as exc:
            raise ValueError(f"boilerplate rule {name!r}: bad or missing pattern ({exc})") from exc
        rules.append(
            BoilerplateRule(
                name=name,
                pattern=pattern,
                action=action,
                max_length=int(entry.get("max_length", 0)),
                min_rest=int(entry.get("min_rest", 12)),
                tail_share=float(entry.get("tail_share", 0.5)),
                edge=bool(entry.get("edge", False)),
                list_item=bool(entry.get("list_item", False)),
                tail_text_share=float(entry.get("tail_text_share", 0.0)),
            )
        )
    return BoilerplateRules(tuple(rules))


_KEY_DROP = re.compile(r"[\s\W_]+", re.UNICODE)
_DIGITS = re.compile(r"\d+")


def paragraph_key(text: str) -> str:
    """A stable key for "the same line" across pages of a site.

    Case, width (NFKC), whitespace and punctuation are ignored and every run of digits counts as
    one digit, so ``阅读 1,234`` and ``阅读：98`` share a key. Returns 16 hex characters.
    """
    normal = unicodedata.normalize("NFKC", text).casefold()
    normal = _DIGITS.sub("0", _KEY_DROP.sub("", normal))
    return hashlib.blake2b(normal.encode("utf-8"), digest_size=8).hexdigest()


_WORDISH = re.compile(r"[\w\u3400-\u9fff]", re.UNICODE)


#: trafilatura writes a list item as "- item": the rules read the item, not the bullet
#: ("- 责任编辑：刘某" is an editor line like "责任编辑：刘某").
_LIST_BULLET = re.compile(r"-[ \t]+")


def _verdict(
    paragraph: str, index: int, total: int, rules: BoilerplateRules, text_after: float = 1.0
) -> tuple[str, str, str, bool]:
    """(action, rule name, remaining text, edge-only) for one paragraph; action "keep" when nothing
    applies. ``text_after``: the share of the body's characters in the paragraphs after this one."""
    bullet = _LIST_BULLET.match(paragraph)
    text = paragraph[bullet.end():] if bullet else paragraph
    for rule in rules.rules:
        if rule.list_item and bullet is None:
            continue
        # a rule applies to paragraphs up to its max_length (checked inline: this loop runs for every rule on every paragraph)
        if rule.max_length and len(text) > rule.max_length:
            continue
        m = rule.pattern.search(text)
        if m is None:
            continue
        if rule.action == "drop":
            return "drop", rule.name, "", rule.edge
        if rule.action == "cut":
            if index >= total * (1.0 - rule.tail_share) or text_after <= rule.tail_text_share:
                return "cut", rule.name, "", False
            return "drop", rule.name, "", rule.edge
        rest = (text[: m.start()] + text[m.end():]).strip()
        if len(_WORDISH.findall(rest)) < rule.min_rest:
            return "drop", rule.name, "", rule.edge
        paragraph = text = rest
    return "keep", "", paragraph, False


def _edge_runs(dropped: Sequence[bool]) -> tuple[int, int]:
    """(head, tail): paragraphs before ``head`` and from ``tail`` on form unbroken runs of dropped
    paragraphs at the body's start and end."""
    head = 0
    while head < len(dropped) and dropped[head]:
        head += 1
    tail = len(dropped)
    while tail > head and dropped[tail - 1]:
        tail -= 1
    return head, tail


def drop_boilerplate(
    paragraphs: Sequence[str],
    rules: BoilerplateRules,
    frequent_keys: Collection[str] = frozenset(),
) -> tuple[str, ...]:
    """Return the paragraphs that are not boilerplate, in order (some shortened by "strip" rules);
    :func:`sort_boilerplate` says what went and why."""
    return sort_boilerplate(paragraphs, rules, frequent_keys)[0]


def sort_boilerplate(
    paragraphs: Sequence[str],
    rules: BoilerplateRules,
    frequent_keys: Collection[str] = frozenset(),
    verbatim: Collection[str] = frozenset(),
) -> tuple[tuple[str, ...], tuple[Removal, ...]]:
    """(kept paragraphs, paragraphs removed for repetition alone).

    Paragraphs in ``verbatim`` (the lines of <pre> blocks) are kept as they are, whatever they say.

    A paragraph goes when a rule says so ("edge" rules only in an unbroken run of boilerplate at
    the body's head or tail), when its :func:`paragraph_key` is in ``frequent_keys`` (lines the
    caller configured for the site: recorded as removals), or when a "cut" marker near the end
    ends the article before it. Nothing is deduplicated: a line a body repeats stays repeated.
    """
    removed: list[Removal] = []
    verdicts: list[tuple[str, str, str, bool]] = []
    total = len(paragraphs)
    chars = sum(len(p) for p in paragraphs) or 1
    after = chars
    for index, paragraph in enumerate(paragraphs):
        after -= len(paragraph)
        if paragraph in verbatim:
            verdicts.append(("keep", "", paragraph, False))
            continue
        if frequent_keys and paragraph_key(paragraph) in frequent_keys:   # no keys: no hashing
            removed.append(Removal("configured-site-line", index, paragraph))
            verdicts.append(("drop", "configured-site-line", "", False))
            continue
        verdict = _verdict(paragraph, index, total, rules, after / chars)
        verdicts.append(verdict)
        if verdict[0] == "cut":
            break
    if verdicts and verdicts[-1][0] == "cut":
        verdicts.pop()
    head, tail = _edge_runs([action == "drop" or not rest.strip() for action, _, rest, _ in verdicts])
    kept: list[str] = []
    for index, (action, _, rest, edge_only) in enumerate(verdicts):
        if edge_only and head <= index < tail:
            kept.append(paragraphs[index])   # an edge rule's match inside the body is the body's text
        elif action == "keep" and rest.strip():
            kept.append(rest)
    return tuple(kept), tuple(removed)


@dataclass(frozen=True)
class LearntLine:
    """What the archive knows of one paragraph (by key) on one site."""

    pages: int          # distinct article pages of the site that carried it
    different_dates: bool  # those pages were dated on more than one day


@dataclass(frozen=True)
class LearntBoilerplate:
    """A site's learnt lines and its number of article pages, as the archive knows them now."""

    site_pages: int
    lines: Mapping[str, LearntLine]

    #: a learnt line goes only when this share of the site's article pages carried it ...
    MIN_SHARE: ClassVar[float] = 0.5
    #: ... and at least this many of them
    MIN_PAGES: ClassVar[int] = 5

    @classmethod
    def fewest_pages(cls, site_pages: int) -> int:
        """The fewest pages a line can be on and still be :meth:`seen` on a site of ``site_pages``:
        the lines a site's archive needs to load. Their number stays bounded as the site grows
        (each is on at least ``MIN_SHARE`` of its pages), however many other lines it has."""
        return max(cls.MIN_PAGES, math.ceil(cls.MIN_SHARE * site_pages))

    def seen(self, key: str) -> tuple[int, float] | None:
        """(pages, share) when ``key`` repeats across the site by share and dates, else None."""
        line = self.lines.get(key)
        if line is None or not line.different_dates or line.pages < self.MIN_PAGES or self.site_pages <= 0:
            return None
        share = min(line.pages / self.site_pages, 1.0)
        return (line.pages, share) if share >= self.MIN_SHARE else None


#: A "short" paragraph: a notice or a link's label, not a story's paragraph. Characters of
#: Chinese / Japanese carry about twice the meaning of a letter.
SHORT_CJK_CHARS = 60
SHORT_OTHER_CHARS = 140
_LINK_SEPARATORS = re.compile(r"\s*[|｜·•/]\s*|\s{2,}")


def is_short_or_link_like(paragraph: str) -> bool:
    """Short enough to be a notice, or a row of short labels (``首页 | 国际 | 财经``)."""
    cjk = len(_CJK.findall(paragraph))
    limit = SHORT_CJK_CHARS if cjk * 2 >= len(paragraph.replace(" ", "")) else SHORT_OTHER_CHARS
    if len(paragraph) <= limit:
        return True
    labels = [part for part in _LINK_SEPARATORS.split(paragraph) if part]
    return len(labels) >= 3 and max(len(label) for label in labels) <= 16


_CJK = re.compile(r"[\u3400-\u9fff]")


def drop_learnt(
    paragraphs: Sequence[str], keys: Sequence[str], learnt: LearntBoilerplate
) -> tuple[tuple[str, ...], tuple[Removal, ...]]:
    """(kept, removed): the site's learnt boilerplate taken off the body's head and tail.

    A paragraph goes only when all of these hold: it is short or link-like
    (:func:`is_short_or_link_like`); a large share of the site's article pages, dated on
    different days, carried it (:meth:`LearntBoilerplate.seen`); and it sits in an unbroken run
    of such paragraphs at the body's start or end. A paragraph a site repeats inside its stories
    (a follow-up's background, the same wire text, an explanatory note) stays wherever it is.
    """
    seen = [
        learnt.seen(key) if is_short_or_link_like(paragraph) else None for paragraph, key in zip(paragraphs, keys)
    ]
    head, tail = _edge_runs([s is not None for s in seen])
    kept: list[str] = []
    removed: list[Removal] = []
    for index, (paragraph, found) in enumerate(zip(paragraphs, seen)):
        if found is not None and not head <= index < tail:
            removed.append(Removal("learnt-site-line", index, paragraph, found[0], round(found[1], 3)))
        else:
            kept.append(paragraph)
    return tuple(kept), tuple(removed)


def explain(paragraphs: Iterable[str], rules: BoilerplateRules) -> list[tuple[str, str]]:
    """For debugging rule files: (paragraph, rule name or "") for every paragraph."""
    items = list(paragraphs)
    return [(p, _verdict(p, i, len(items), rules)[1]) for i, p in enumerate(items)]
