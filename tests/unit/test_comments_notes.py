"""What a comment section shows that is no reader's comment (pages written for these tests, not
copied from any site): the section's rules over the form, likes listed among the comments, and a
post's meta line in a block a theme names ``Comment``."""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.html

from archive.extract.comments.sections import find_comments

FETCHED = datetime(2024, 11, 20, 12, 0, tzinfo=UTC)
STORY = (
    "<h1>The harbour ferry returns for the summer</h1><div class='entry'>"
    "<p>The old ferry between the two harbour towns starts its summer timetable on Saturday, with six crossings a day.</p>"
    "<p>Tickets can be bought on board; bicycles travel free until the end of June.</p></div>"
)


# two readers' comments, the records every page below must give
TWO_READERS = [
    ("Ann Berg", "The evening crossing was the best part of summer."),
    ("Tom Reyes", "Bicycles free until June is a fine idea."),
]

def comments_of(body: str) -> list[tuple[str | None, str]]:
    page = f"<html><body><div class='post'>{STORY}</div>{body}</body></html>"
    return [(c.author, c.text) for c in find_comments(lxml.html.fromstring(page), UTC, fetched_at=FETCHED).comments]


def test_the_sections_rules_under_the_reply_form_are_not_a_comment() -> None:
    # the form's "Leave a Reply" heading (with its hidden "Cancel reply" link) is no commenter's name
    body = ("<div id='comments'><div id='respond'><h3 id='reply-title'>Leave a Reply <small><a id='cancel-comment-reply-link' "
            "href='#respond' style='display:none'>Cancel reply</a></small></h3><form id='commentform'>"
            "<p class='comment-notes'>Your email address will not be published.</p>"
            "<p class='comment-form-author'><label for='author'>Name</label><input id='author' name='author'></p>"
            "<p class='comment-form-comment'><label for='comment'>Comment</label><textarea id='comment'></textarea></p>"
            "<p class='form-submit'><input type='submit' value='Post Comment'></p></form></div>"
            "<div class='comments-policy'><p>Comments are held for approval. We welcome a lively exchange; "
            "personal attacks are removed.</p></div></div>")
    assert comments_of(body) == []


def test_a_lone_dated_comment_that_speaks_of_commenting_is_kept() -> None:
    body = ("<ol class='commentlist'><li class='comment'><span class='comment-author'>Ann Berg</span>"
            "<span class='comment-date'>May 3, 2024 at 9:10 am</span>"
            "<p>I rarely comment, but the evening crossing was the best part of summer.</p></li></ol>")
    assert comments_of(body) == [("Ann Berg", "I rarely comment, but the evening crossing was the best part of summer.")]


def test_a_like_listed_among_the_comments_is_not_a_comment() -> None:
    items = (
        "<li class='comment'><span class='comment-author'>Ann Berg</span><p>The evening crossing was the best part of summer.</p></li>"
        "<li class='comment'><span class='comment-author'>Tom Reyes</span><p>Bicycles free until June is a fine idea.</p></li>"
        "<li class='comment'><p>Mia Holt liked this post.</p></li>"
    )
    assert comments_of(f"<ol class='commentlist'>{items}</ol>") == TWO_READERS


def test_a_posts_meta_lines_named_comment_are_not_the_comment_section() -> None:
    # the theme names its byline and meta blocks "Comment"; the meta block is left open and runs on
    # over the author box and the real thread
    items = "".join(
        f"<li class='{'alt' if i % 2 else ''}' id='comment-30{i}'><div class='num'>{i}</div><cite>{name}</cite> Says:<br>"
        f"<small class='commentmetadata'><a href='#comment-30{i}'>May {i}, 2024 at 9:1{i} am</a></small><p>{text}</p></li>"
        for i, (name, text) in enumerate(TWO_READERS, start=3)
    )
    page = ("<html><body><div class='post'><h1>The harbour ferry</h1>"
            "<div class='Comment'><span>Written by <strong>Jo</strong> <strong>-</strong> <a href='/ferry#comments'>2 Comments</a></span></div>"
            "<div class='entry'><p>The old ferry between the two harbour towns starts its summer timetable on Saturday.</p></div>"
            "<div class='Comment'>Published on May 2nd, 2024 <strong>-</strong> <a href='/ferry#comments'>2 Comments</a><br>"
            "Filed under: <a href='/c/travel'>Travel</a>, <a href='/c/towns'>Towns</a><br></p>"
            "<div class='AboutAuthor'><p><b>About the author:</b> <a href='/author/jo/' rel='author'>Jo</a> writes about the coast.</p></div>"
            f"<h3 id='comments'>2 Responses to the harbour ferry</h3><ol class='commentlist'>{items}</ol></div></div></body></html>")
    found = find_comments(lxml.html.fromstring(page), UTC, fetched_at=FETCHED).comments
    assert [(c.author, c.text) for c in found] == TWO_READERS


def test_a_hidden_reply_forms_buttons_and_labels_are_not_comments() -> None:
    rows = "".join(
        f"<table id='comment70{i}'><tr><td><hr></td></tr><tr><td><a href='/blogs/{name.split()[0]}/'>{name}</a></td>"
        f"<td><div class='date_comment'><a href='#comment70{i}'>{i} May 2024 at 9:1{i} am</a></div></td></tr></table>"
        f"<table><tr><td><div id='comment70{i}_show' class='single_comment'>{text}</div></td></tr>"
        f"<tr><td><div id='comment70{i}_replyForm' style='display:none'><div>Reply |</div><div>Comment:</div>"
        "<textarea></textarea></div></td></tr></table>"
        for i, (name, text) in enumerate(TWO_READERS, start=3)
    )
    found = comments_of(f"<div class='all_comments'><a name='comments'>Comments</a><br>{rows}</div>")
    texts = [text for _, text in found]
    assert all(text in texts for _, text in TWO_READERS)
    assert not [(name, text) for name, text in found if text in ("Reply |", "Comment:") or name == "Reply"]
