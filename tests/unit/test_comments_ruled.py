"""Comments with no element of their own, set apart by horizontal rules (``<b>Name</b><br>text<hr>``
repeated in the story's own column), and the dates of signature lines with ``at`` before the clock.
Pages written for these tests, not copied from any site."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from archive.extract.dates import find_dates
from archive.extract.extractor import Extractor

FETCHED = datetime(2024, 11, 20, 12, 0, tzinfo=UTC)
STORY = "<h1>Town hall votes on the new bridge</h1>" + "".join(
    f"<p>The council met on Tuesday to choose between two designs for the river crossing, part {i}.</p>" for i in range(4)
)
TEXTS = [
    ("Marek", "The cheaper design will cost more in repairs within ten years, mark my words."),
    ("Ada Lin", "I walk across that river every morning and would welcome anything wider than the old one."),
    ("Pete", "Why was the second design never shown at the public meeting in the library?"),
]
URL = "https://news.example/story/bridge.html"


def _ruled(pairs: list[tuple[str, str]]) -> str:
    return "".join(f"<br><b>{name}</b><br>{text}<br><br>Signed in {name}'s town.<br><hr>" for name, text in pairs)


def test_comments_set_apart_by_rules_are_records_and_leave_the_body() -> None:
    page = (f"<html><body><div id='story'>{STORY}<hr><a name='commentSection'></a>"
            f"<b>Comments are now closed for this story</b><br><br>{_ruled(TEXTS)}<p>Contact the newsroom</p></div></body></html>")
    result = Extractor().extract(page, URL, FETCHED)
    assert [(c.author, c.text) for c in result.comments] == [
        (name, f"{text}\nSigned in {name}'s town.") for name, text in TEXTS
    ]
    assert "mark my words" not in result.text and "Comments are now closed" not in result.text
    assert "part 3." in result.text


def test_bold_titles_between_rules_without_a_comment_header_stay_in_the_body() -> None:
    products = [("Kettle", "Boils a litre of water in two minutes and switches itself off."),
                ("Toaster", "Four slots, a defrost button and a crumb tray that slides out."),
                ("Blender", "Five speeds and a glass jug that goes in the dishwasher.")]
    page = f"<html><body><div id='story'>{STORY}<hr><b>Our picks</b><br><br>{_ruled(products)}</div></body></html>"
    result = Extractor().extract(page, URL, FETCHED)
    assert result.comments == ()
    assert "crumb tray" in result.text


def test_two_ruled_comments_are_not_enough_for_a_section() -> None:
    page = f"<html><body><div id='story'>{STORY}<hr><a name='comments'></a><b>Comments</b><br>{_ruled(TEXTS[:2])}</div></body></html>"
    assert Extractor().extract(page, URL, FETCHED).comments == ()


@pytest.mark.parametrize(("line", "expected"), [
    ("on 2012-10-10 at 6:19 pm", datetime(2012, 10, 10, 18, 19, tzinfo=UTC)),
    ("2012/10/10 @ 6:19 PM", datetime(2012, 10, 10, 18, 19, tzinfo=UTC)),
    ("2012-10-10 12:05 am", datetime(2012, 10, 10, 0, 5, tzinfo=UTC)),
    ("2012-10-10 18:19", datetime(2012, 10, 10, 18, 19, tzinfo=UTC)),
    ("2025年1月30日 下午3:10", datetime(2025, 1, 30, 15, 10, tzinfo=UTC)),
])
def test_a_numeric_date_keeps_its_clock_after_at_and_its_meridiem(line: str, expected: datetime) -> None:
    assert [d.value for d in find_dates(line, UTC)] == [expected]


def test_at_without_a_clock_after_it_leaves_the_day_alone() -> None:
    assert [(d.value, d.has_time) for d in find_dates("2012-10-10 at the town hall", UTC)] == [
        (datetime(2012, 10, 10, tzinfo=UTC), False)
    ]


@pytest.mark.parametrize("dated", [
    "<p class='meta'>On May {i}, 2024 at 6:1{i}pm, <cite>{name}</cite> said...</p>",
    "<cite>{name}</cite><p>on 2024-05-0{i} at 6:1{i} pm</p>",
])
def test_a_dated_line_over_the_text_is_the_comments_time_with_its_clock(dated: str) -> None:
    items = "".join(
        f"<li class='comment' id='comment-{i}'>{dated.format(i=i, name=name)}<p>{text}</p></li>"
        for i, (name, text) in enumerate(TEXTS[:2], start=3)
    )
    page = f"<html><body><div id='story'>{STORY}</div><ol class='commentlist'>{items}</ol></body></html>"
    result = Extractor().extract(page, URL, FETCHED)
    assert [(c.author, c.text, c.posted_at) for c in result.comments] == [
        (name, text, datetime(2024, 5, i, 18, 10 + i, tzinfo=UTC)) for i, (name, text) in enumerate(TEXTS[:2], start=3)
    ]
