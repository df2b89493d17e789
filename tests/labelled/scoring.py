"""Scoring of extractions against the labelled set (shared by the quality gate and benchmarks/).

Figures:
- body character-F1: bag of non-space characters of the extracted body vs the true body, per
  article page, averaged over pages;
- comment precision / recall: a comment counts as right when its text matches a true comment
  (whitespace ignored), its author is the true author, and its reply link points at the comment
  matched to the true parent (or both are top-level);
- dates: published_at equal to the truth to the minute, with the same UTC offset (comment times
  likewise, over matched comments that show a time);
- comment text in a body: any true comment text (>= 6 characters) found inside the extracted body;
- noise: any of the page's listed noise strings found inside the extracted body.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Case:
    truth: Mapping[str, Any]
    html: str

    @property
    def url(self) -> str:
        return str(self.truth["url"])

    @property
    def fetched_at(self) -> datetime | None:
        value = self.truth.get("fetched_at")
        return datetime.fromisoformat(value) if value else None


def _decode(body: bytes, content_type: str, encoding: str) -> str:
    try:
        from archive.decode.page import decode_page
    except ImportError:  # the decoding stage is not there: use the codec the generator used
        return body.decode(encoding)
    return decode_page(body, content_type).text


def load_cases(directory: Path = HERE) -> list[Case]:
    truth = json.loads((directory / "truth.json").read_text(encoding="utf-8"))
    return [
        Case(t, _decode((directory / "pages" / t["file"]).read_bytes(), t["content_type"], t["encoding"]))
        for t in truth
    ]


def _squash(text: str) -> str:
    return "".join(text.split())


def char_f1(predicted: str, truth: str) -> tuple[float, float, float]:
    """(precision, recall, F1) over the multiset of non-whitespace characters."""
    p, t = Counter(_squash(predicted)), Counter(_squash(truth))
    common = sum((p & t).values())
    if not p and not t:
        return 1.0, 1.0, 1.0
    precision = common / sum(p.values()) if p else 0.0
    recall = common / sum(t.values()) if t else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass(frozen=True)
class PredictedComment:
    author: str | None
    text: str
    reply_to: int | None
    posted: datetime | None = None


def comment_matches(predicted: Sequence[PredictedComment], truth: Sequence[Mapping[str, Any]]) -> tuple[int, int, int, int]:
    """(correct, text-matched, matched with a true time, of those with the time right to the minute
    and zone): text-matched ignores authors and links."""
    index: dict[str, list[int]] = {}
    for i, t in enumerate(truth):
        index.setdefault(_squash(t["text"]), []).append(i)
    used: set[int] = set()
    match: dict[int, int] = {}
    for j, c in enumerate(predicted):
        for i in index.get(_squash(c.text), []):
            if i not in used:
                used.add(i)
                match[j] = i
                break
    correct = timed = timed_right = 0
    for j, i in match.items():
        c, t = predicted[j], truth[i]
        if t.get("posted"):
            timed += 1
            timed_right += int(date_right(c.posted, t["posted"]))
        if (c.author or None) != (t["author"] or None):
            continue
        true_parent = t["reply_to"]
        got_parent = match.get(c.reply_to) if c.reply_to is not None else None
        if (true_parent is None) != (c.reply_to is None) or got_parent != true_parent:
            continue
        correct += 1
    return correct, len(match), timed, timed_right


def date_right(predicted: datetime | None, truth: str | None) -> bool:
    if truth is None:
        return predicted is None
    if predicted is None:
        return False
    expected = datetime.fromisoformat(truth)
    same_minute = predicted.replace(second=0, microsecond=0) == expected.replace(second=0, microsecond=0)
    return same_minute and predicted.utcoffset() == expected.utcoffset()


def comment_text_in_body(body: str, truth_comments: Iterable[Mapping[str, Any]]) -> list[str]:
    squashed = _squash(body)
    return [c["text"] for c in truth_comments if len(_squash(c["text"])) >= 6 and _squash(c["text"]) in squashed]


def noise_left(body: str, noise: Iterable[str]) -> list[str]:
    squashed = _squash(body)
    return [n for n in noise if _squash(n) and _squash(n) in squashed]


@dataclass
class Report:
    """Aggregated figures over a run of one extractor on the set."""

    pages: int = 0
    article_pages: int = 0
    f1_sum: float = 0.0
    comments_predicted: int = 0
    comments_true: int = 0
    comments_correct: int = 0
    comment_times: int = 0
    comment_times_right: int = 0
    dated_pages: int = 0
    dates_right: int = 0
    kinds_right: int = 0
    titles_right: int = 0
    authors_right: int = 0
    leaks: list[str] | None = None
    noise: list[str] | None = None

    @property
    def body_f1(self) -> float:
        return self.f1_sum / self.article_pages if self.article_pages else 0.0

    @property
    def comment_precision(self) -> float:
        return self.comments_correct / self.comments_predicted if self.comments_predicted else 1.0

    @property
    def comment_recall(self) -> float:
        return self.comments_correct / self.comments_true if self.comments_true else 1.0

    @property
    def comment_time_accuracy(self) -> float:
        return self.comment_times_right / self.comment_times if self.comment_times else 1.0

    @property
    def date_accuracy(self) -> float:
        return self.dates_right / self.dated_pages if self.dated_pages else 1.0

    @property
    def kind_accuracy(self) -> float:
        return self.kinds_right / self.pages if self.pages else 1.0

    def add_body(self, case: Case, body: str) -> float:
        self.pages += 1
        if not case.truth["is_article"]:
            return 1.0
        self.article_pages += 1
        f1 = char_f1(body, "\n".join(case.truth["body"]))[2]
        self.f1_sum += f1
        self.leaks = (self.leaks or []) + [f"{case.truth['file']}: {t[:30]}" for t in comment_text_in_body(body, case.truth["comments"])]
        self.noise = (self.noise or []) + [f"{case.truth['file']}: {n}" for n in noise_left(body, case.truth["noise"])]
        return f1

    def add_fields(self, case: Case, *, title: str | None, authors: Sequence[str], published: datetime | None, is_article: bool) -> None:
        t = case.truth
        self.kinds_right += int(is_article == t["is_article"])
        if not t["is_article"]:
            return
        self.titles_right += int(title == t["title"])
        self.authors_right += int(list(authors) == list(t["authors"]))
        if t["published"] is not None:
            self.dated_pages += 1
            self.dates_right += int(date_right(published, t["published"]))

    def add_comments(self, case: Case, predicted: Sequence[PredictedComment]) -> None:
        correct, _, timed, timed_right = comment_matches(predicted, case.truth["comments"])
        self.comments_correct += correct
        self.comment_times += timed
        self.comment_times_right += timed_right
        self.comments_predicted += len(predicted)
        self.comments_true += len(case.truth["comments"])
