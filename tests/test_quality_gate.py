"""Quality gate: the Extractor over the labelled set (tests/labelled/, built by generate.py).

Fails when any figure drops below its target: body character-F1 >= 0.97, comment precision and
recall >= 0.95 (authors and reply links right), publication dates right to the minute with the
zone on >= 95% of dated pages, page kind right on >= 95% of pages, no comment text inside any body,
no noise pattern of the samples left in any body.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "labelled"))
from scoring import Case, PredictedComment, Report, load_cases  # noqa: E402

from archive.extract.extractor import Extractor  # noqa: E402

BODY_F1 = 0.97
COMMENT_PRECISION = 0.95
COMMENT_RECALL = 0.95
DATES = 0.95
PAGE_KIND = 0.95


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    return load_cases()


@pytest.fixture(scope="module")
def report(cases: list[Case]) -> Report:
    extractor = Extractor()
    rep = Report()
    for case in cases:
        result = extractor.extract(case.html, case.url, case.fetched_at)
        rep.add_body(case, result.text)
        rep.add_fields(case, title=result.title, authors=result.authors, published=result.published_at, is_article=result.is_article)
        rep.add_comments(case, [PredictedComment(c.author, c.text, c.reply_to, c.posted_at) for c in result.comments])
    return rep


def test_labelled_set_is_big_and_varied_enough(cases: list[Case]) -> None:
    templates = {c.truth["template"] for c in cases}
    languages = {c.truth["language"] for c in cases if c.truth["language"]}
    encodings = {c.truth["encoding"] for c in cases}
    assert len(cases) >= 40
    assert len(templates) >= 8
    assert {"zh-Hans", "zh-Hant", "en"} <= languages
    assert {"gbk", "big5"} <= encodings
    assert sum(len(c.truth["comments"]) for c in cases) >= 100
    assert any(c.truth["comments"] and any(x["reply_to"] is not None for x in c.truth["comments"]) for c in cases)


def test_body_character_f1(report: Report) -> None:
    assert report.body_f1 >= BODY_F1, f"body F1 {report.body_f1:.4f} < {BODY_F1}"


def test_comment_precision_and_recall(report: Report) -> None:
    assert report.comment_precision >= COMMENT_PRECISION, f"comment precision {report.comment_precision:.3f}"
    assert report.comment_recall >= COMMENT_RECALL, f"comment recall {report.comment_recall:.3f}"


def test_publication_dates_to_the_minute_with_zone(report: Report) -> None:
    assert report.dated_pages >= 30
    assert report.date_accuracy >= DATES, f"dates right on {report.dates_right}/{report.dated_pages}"


def test_comment_times_to_the_minute_with_zone(report: Report) -> None:
    assert report.comment_times >= 200
    assert report.comment_time_accuracy >= DATES, f"comment times right on {report.comment_times_right}/{report.comment_times}"


def test_page_kind(report: Report) -> None:
    assert report.kind_accuracy >= PAGE_KIND, f"page kind right on {report.kinds_right}/{report.pages}"


def test_no_comment_text_inside_any_body(report: Report) -> None:
    assert report.leaks == []


def test_no_sample_noise_left_in_any_body(report: Report) -> None:
    assert report.noise == []
