"""Body boilerplate removal: rules from a data file, plus lines learnt to repeat across a site.

The rules (``archive/data/boilerplate.toml``) describe kinds of boilerplate typical of Chinese
news sites (photo credits, reprint notices, footers, permalink lines, welcome banners, glued
date/view-count lines, tag lines, related-article and comment headers). Site-specific lines are
learnt, not written down: the archive keeps, per site, how often each :func:`paragraph_key`
occurs; keys seen on many pages are passed back in as ``frequent_keys``.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

__all__ = ["BoilerplateRule", "BoilerplateRules", "drop_boilerplate", "explain", "load_rules", "paragraph_key"]

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

    def applies(self, paragraph: str) -> re.Match[str] | None:
        if self.max_length and len(paragraph) > self.max_length:
            return None
        return self.pattern.search(paragraph)


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


def _verdict(paragraph: str, index: int, total: int, rules: BoilerplateRules) -> tuple[str, str, str]:
    """(action, rule name, remaining text) for one paragraph; action "keep" when nothing applies."""
    for rule in rules.rules:
        m = rule.applies(paragraph)
        if m is None:
            continue
        if rule.action == "drop":
            return "drop", rule.name, ""
        if rule.action == "cut":
            if index >= total * (1.0 - rule.tail_share):
                return "cut", rule.name, ""
            return "drop", rule.name, ""
        rest = (paragraph[: m.start()] + paragraph[m.end():]).strip()
        if len(_WORDISH.findall(rest)) < rule.min_rest:
            return "drop", rule.name, ""
        paragraph = rest
    return "keep", "", paragraph


def drop_boilerplate(
    paragraphs: Sequence[str],
    rules: BoilerplateRules,
    frequent_keys: Collection[str] = frozenset(),
) -> tuple[str, ...]:
    """Return the paragraphs that are not boilerplate, in order (some shortened by "strip" rules).

    A paragraph goes when a rule says so, when its :func:`paragraph_key` is in ``frequent_keys``,
    or when a "cut" marker near the end ends the article before it. Exact repeats of an earlier
    paragraph of the same page are dropped too.
    """
    kept: list[str] = []
    seen: set[str] = set()
    total = len(paragraphs)
    for index, paragraph in enumerate(paragraphs):
        if frequent_keys and paragraph_key(paragraph) in frequent_keys:   # no keys: no hashing
            continue
        action, _, rest = _verdict(paragraph, index, total, rules)
        if action == "cut":
            break
        if action == "drop" or not rest.strip():
            continue
        exact = "".join(rest.split())
        if exact in seen:
            continue
        seen.add(exact)
        kept.append(rest)
    return tuple(kept)


def explain(paragraphs: Iterable[str], rules: BoilerplateRules) -> list[tuple[str, str]]:
    """For debugging rule files: (paragraph, rule name or "") for every paragraph."""
    items = list(paragraphs)
    return [(p, _verdict(p, i, len(items), rules)[1]) for i, p in enumerate(items)]
