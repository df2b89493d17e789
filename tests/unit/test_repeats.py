"""Paragraphs an article repeats on purpose are put back where extraction lost them, and only those."""

from __future__ import annotations

from lxml.html import fromstring

from archive.extract.repeats import paragraph_runs, restore_repeats

Q = "Q: What did the flood change for you?"
A = ["A: We moved the shop upstairs.", "A: Nothing, we were lucky.", "A: We lost the harvest."]


def runs_of(html: str) -> list[list[str]]:
    return paragraph_runs(fromstring(html))


def test_a_question_put_to_each_person_comes_back_each_time() -> None:
    runs = runs_of("<div>" + "".join(f"<p>{Q}</p><p>{a}</p>" for a in A) + "</div>")
    body = ["Lead paragraph.", Q, *A, "Last paragraph."]
    assert restore_repeats(body, runs) == ["Lead paragraph.", Q, A[0], Q, A[1], Q, A[2], "Last paragraph."]


def test_a_body_that_kept_every_repeat_is_left_as_it_is() -> None:
    runs = runs_of("<div>" + "".join(f"<p>{Q}</p><p>{a}</p>" for a in A) + "</div>")
    body = [Q, A[0], Q, A[1], Q, A[2]]
    assert restore_repeats(body, runs) == body


def test_a_repeating_list_outside_the_body_adds_nothing() -> None:
    menu = "<ul>" + "<li>More</li><li>Sports</li>" * 3 + "</ul>"
    runs = runs_of(f"<div>{menu}<p>{A[0]}</p><p>{A[1]}</p></div>")
    assert runs   # the menu repeats its items
    assert restore_repeats([A[0], A[1]], runs) == [A[0], A[1]]


def test_texts_the_body_holds_in_another_order_are_not_rewritten() -> None:
    runs = runs_of("<div>" + "".join(f"<p>{Q}</p><p>{a}</p>" for a in A) + "</div>")
    body = [A[1], Q, A[0], A[2]]
    assert restore_repeats(body, runs) == body
