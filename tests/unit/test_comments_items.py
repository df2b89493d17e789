"""Marked-up comment items on blog and news templates (written for these tests, not copied from any
site): a lone comment beside the reply form, the name among the comment's buttons, signatures the
source breaks over lines, comments a theme styles apart, and look-alikes (form rows, link lists)."""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.html

from archive.extract.comments.sections import find_comments
from archive.extract.extractor import Extractor

FETCHED = datetime(2024, 11, 20, 12, 0, tzinfo=UTC)
STORY = (
    "<h1>The harbour ferry returns for the summer</h1><div class='entry'>"
    "<p>The old ferry between the two harbour towns starts its summer timetable on Saturday, with six crossings a day.</p>"
    "<p>Tickets can be bought on board; bicycles travel free until the end of June.</p></div>"
)
FORM = (
    "<div id='respond'><h3>Leave a reply</h3><form action='/post-comment' method='post'>"
    "<p><label for='author'>Name</label><input id='author' name='author'></p>"
    "<p><label for='comment'>Comment</label><textarea id='comment' name='comment'></textarea></p>"
    "<p><input type='submit' value='Post comment'></p></form></div>"
)


def story_page(comments: str) -> str:
    return f"<html><body><div class='post'>{STORY}</div>{comments}</body></html>"


def comments_of(page: str) -> list[tuple[str | None, str]]:
    found = find_comments(lxml.html.fromstring(page), UTC, fetched_at=FETCHED)
    return [(c.author, c.text) for c in found.comments]


def test_a_lone_numbered_comment_beside_the_reply_form_is_kept_with_its_name() -> None:
    # the "Reply" link comes first in the author block; the name is the link named like one
    section = (
        "<div id='comments'><h2>Comments</h2><ol class='comments'>"
        "<li class='comment' id='comment_4411'><div class='comment-author'>"
        "<a class='reply' href='#'>Reply to this Comment</a>"
        "<cite><a href='/users/77-tim' class='user-name'>by <b>Tim</b></a><br>"
        "<a href='#comment_4411'>from 3 days ago</a></cite></div>"
        "<div class='comment-content'><p>Six crossings is twice what we had last year, well done.</p></div></li>"
        f"</ol>{FORM}</div>"
    )
    assert comments_of(story_page(section)) == [("Tim", "Six crossings is twice what we had last year, well done.")]


def test_a_bare_cite_names_the_commenter_and_share_separators_are_not_text() -> None:
    section = (
        f"<div id='comments-list'>{FORM}<ol class='comment-threads'>"
        "<li class='comment even depth-1' id='li-comment-90817'><div class='comment-content'>"
        "<div class='comment-meta'><cite>Ines</cite> <a href='#comment-90817'>Monday, June 3 2024</a></div>"
        "<div class='comment-text'><p>Is the first crossing still at seven?</p></div>"
        "<div class='comment-sharing'><span class='comment-sharing-inner'><a class='comment-reply-link' href='#'>Reply</a> / </span>"
        "<div class='sharing-tooltip'>Facebook</div></div></div></li></ol></div>"
    )
    assert comments_of(story_page(section)) == [("Ines", "Is the first crossing still at seven?")]


def test_a_lone_unnumbered_note_beside_the_form_is_still_not_a_comment() -> None:
    section = f"<div class='comments'><div class='comment-note'><p>Comments are read before they appear on the site.</p></div>{FORM}</div>"
    assert comments_of(story_page(section)) == []


def test_a_signature_the_source_breaks_over_lines_names_and_dates_the_comment() -> None:
    items = "".join(
        f"<div class='comment' id='comment-{n}'><div class='comment-inner'>"
        f"<div class='comment-content'><p>{text}</p></div>"
        f"<p class='posted'>\n  Posted by\n  {name}  |\n  <a href='#comment-{n}'>June {day}, 2024  6:50 PM</a>\n</p>"
        "</div></div>"
        for n, day, name, text in [
            (11, 3, "Anonymous", "The ferry is the best way to see the coast."),
            (12, 4, "Harbour Kid", "Bicycles free, that settles it for us."),
        ]
    )
    found = find_comments(lxml.html.fromstring(story_page(f"<div id='comments' class='comments'>{items}</div>")), UTC)
    assert [(c.author, c.text, c.posted_at) for c in found.comments] == [
        ("Anonymous", "The ferry is the best way to see the coast.", datetime(2024, 6, 3, 18, 50, tzinfo=UTC)),
        ("Harbour Kid", "Bicycles free, that settles it for us.", datetime(2024, 6, 4, 18, 50, tzinfo=UTC)),
    ]


def test_a_said_line_over_the_text_is_the_name_and_form_rows_are_not_comments() -> None:
    # "comment-odd" is a comment block (not an unnamed div like the form's rows)
    section = (
        "<div id='comments' class='comments'><h2>1 Comments</h2><div class='comments-content'>"
        "<div class='comment-odd' id='comment-2120'><div class='inner'>"
        "<div class='comment-header'>Ben  said:</div>"
        "<div class='comment-content'><p>Will the ferry take cars this year or only people?</p></div>"
        "<div class='comment-footer'><a href='#comment-2120'>June 12, 2024 3:30 PM</a></div></div></div></div>"
        "<div class='comments-open'><h2>Post a comment</h2><form method='post' action='/c'>"
        "<div id='comment-form-name'><label for='a'>Name</label><input id='a' name='author'></div>"
        "<div id='comment-form-email'><label for='e'>Email Address</label><input id='e' name='email'></div>"
        "<div id='comment-form-remember'><label><input type='checkbox' name='bake'> Remember personal info?</label></div>"
        "</form></div></div>"
    )
    assert comments_of(story_page(section)) == [("Ben", "Will the ferry take cars this year or only people?")]


def test_comments_a_theme_styles_apart_are_items_of_the_same_list() -> None:
    # every other comment is "alt-comment", the writer's own replies "author": all are numbered comments
    styles = ["comment", "alt-comment", "author", "comment"]
    texts = [
        "Does the timetable change in August?",
        "Congratulations on the new boat!",
        "Thank you both, the August timetable is the same.",
        "See you on board on Saturday.",
    ]
    items = "".join(
        f"<li class='{style}' id='comment-{900 + i}'><img src='/a.png' class='comment-author-image'>"
        f"<span class='comment-no'>#{i}</span> Reader {i}<br><a href='#comment-{900 + i}'>June {i + 1}th, 2024 at 20:04</a>"
        f"<div class='comment-text'><p>{text}</p></div></li>"
        for i, (style, text) in enumerate(zip(styles, texts, strict=True), start=1)
    )
    section = f"<div id='comment-container'><ul>{items}</ul></div>"
    assert [text for _, text in comments_of(story_page(section))] == texts


def test_a_link_list_in_a_block_named_like_comments_is_not_a_comment() -> None:
    links = "".join(f"<li><a href='/2024/0{i}/story-{i}.html'>Ferry story number {i} of the spring</a></li>" for i in range(1, 4))
    comments = "".join(
        f"<div class='top_comments'><h4 class='comment-author'>{name}</h4><p>{text}</p></div>"
        for name, text in [
            ("Al", "One big worry is what happens when the ferry breaks down mid-season again."),
            ("Goldberg", "I agree with Al, they need a spare boat on standby this summer."),
            ("Subversive", "Really? A ferry story again? This blog used to be about lighthouses."),
            ("Mo", "The lighthouse posts were better, but I still like reading about the ferry."),
        ]
    )
    widget = f"<div class='top_comments'><h4 class='comment-author'>Popular Articles</h4><ul>{links}</ul></div>"
    section = f"<div id='comments_wrapper'>{widget}{comments}</div>"
    result = comments_of(story_page(section))
    assert [name for name, _ in result] == ["Al", "Goldberg", "Subversive", "Mo"]


def test_a_lone_numbered_comment_stays_out_of_the_body() -> None:
    section = (
        "<div id='comments'><ol class='comments'><li class='comment' id='comment_4411'>"
        "<div class='comment-author'><a class='user-name' href='/users/77-tim'>Tim</a></div>"
        "<div class='comment-content'><p>Six crossings is twice what we had last year, well done.</p></div></li>"
        f"</ol>{FORM}</div>"
    )
    result = Extractor().extract(story_page(section), "https://ferries.example/2024/06/summer.html", FETCHED)
    assert [c.author for c in result.comments] == ["Tim"]
    assert "twice what we had" not in result.text and "six crossings a day" in result.text


def test_a_numbered_header_line_gives_the_name_and_date_whatever_their_order() -> None:
    items = "".join(
        f"<div class='comment'><div class='cheader'><a name='comment-{n}'>#{n}</a> &mdash; June {n}, 2024 @ 1:0{n}PM &mdash; "
        f"<b>{name}</b> [<a rel='nofollow' href='/mt/url?cid={n}'>URL</a>]</div><div class='cbody'><p>{text}</p></div></div>"
        for n, name, text in [
            (1, "Brandon Valentine", "Do the crossings run on Sundays as well, or only on weekdays?"),
            (2, "Chris Beaumont", "They run every day of the week until the end of September."),
        ]
    )
    found = find_comments(lxml.html.fromstring(story_page(f"<h2>Comments</h2>{items}")), UTC, fetched_at=FETCHED)
    assert [(c.author, c.text, c.posted_at) for c in found.comments] == [
        ("Brandon Valentine", "Do the crossings run on Sundays as well, or only on weekdays?", datetime(2024, 6, 1, tzinfo=UTC)),
        ("Chris Beaumont", "They run every day of the week until the end of September.", datetime(2024, 6, 2, tzinfo=UTC)),
    ]


def test_a_chinese_header_line_with_the_date_first_and_the_floor_last_names_the_reader() -> None:
    rows = "".join(
        f"<div class='reply-item'><div class='hd'>2025-01-30 1{n}:00 | {name} | {n}楼</div><div class='bd'>{text}</div></div>"
        for n, name, text in [
            (1, "网友林间", "渡轮恢复运营是好事，希望票价不要涨太多。"),
            (2, "老船长", "六个班次比去年多了一倍，周末出行方便多了。"),
        ]
    )
    page = (
        "<html><body><h1>港口渡轮夏季恢复运营</h1><div class='art'><p>两座港口城镇之间的老渡轮周六起执行夏季时刻表，每天六个班次。</p></div>"
        f"<div class='tie-list'><h3>网友跟贴</h3>{rows}</div></body></html>"
    )
    found = find_comments(lxml.html.fromstring(page), UTC, fetched_at=FETCHED)
    assert [(c.author, c.text) for c in found.comments] == [
        ("网友林间", "渡轮恢复运营是好事，希望票价不要涨太多。"),
        ("老船长", "六个班次比去年多了一倍，周末出行方便多了。"),
    ]


LIVE_BLOG = (
    "<html><body><h1>Live: storm closes the harbour ferry</h1><p>Follow the day's updates below.</p>"
    "<div class='live-event-entries'>"
    + "".join(
        f"<div class='entry-item'><div class='entry-header'>{title}</div><div class='entry-body'><p>{text}</p></div></div>"
        for title, text in [
            ("Harbour closed 11:02", "The harbour master has closed the port to all traffic until the wind drops below gale force this evening."),
            ("Ferry cancelled 12:15", "All six crossings have been cancelled; passengers with tickets can travel on any day next week instead."),
            ("Power cuts 13:40", "About two thousand homes on the east side of the town are without power after a line came down at noon."),
            ("Update 3pm", "Crews expect to reopen the coast road by six o'clock, once the fallen trees have been cleared from it."),
        ]
    )
    + "</div><div id='comments'><h2>Comments</h2><p>Comments are closed.</p></div></body></html>"
)


def test_a_live_blogs_unsigned_entries_are_its_body_not_comments() -> None:
    result = Extractor().extract(LIVE_BLOG, "https://news.example/2024/06/storm-live.html", FETCHED)
    assert result.comments == ()
    assert "two thousand homes" in result.text and "All six crossings have been cancelled" in result.text


def test_match_minutes_in_a_block_named_like_comments_are_not_reader_comments() -> None:
    # a live match report's minutes, which its template calls "comments": nobody signs them
    minutes = "".join(
        f"<div class='comment-item'><div class='minute'>{90 - 7 * i}'</div><p>{text}</p></div>"
        for i, text in enumerate([
            "Full time at the harbour ground: the home side held on for a draw after a long second half.",
            "Yellow card for the goalkeeper, who took far too long over a free kick near the corner flag.",
            "On the break again, the winger is through on the left but waits too long and the chance is gone.",
        ])
    )
    page = f"<html><body><h1>Harbour Town 1-1 Lighthouse Rovers</h1><p>Live.</p><div class='live-match-comments'>{minutes}</div></body></html>"
    assert find_comments(lxml.html.fromstring(page), UTC, fetched_at=FETCHED).comments == ()


def test_a_signature_in_the_footer_beside_the_text_element_names_the_comment() -> None:
    # TypePad: the text in "comment-content", the signature in a footer beside it
    items = "".join(
        f"<div class='comment comment-odd' id='comment-6a00d8{n}'><div class='comment-avatar'><img src='/u.gif' alt='{name}'></div>"
        f"<div class='comment-content'><p>{text}</p></div>"
        f"<p class='comment-footer'>Posted by: {name} | <a href='#comment-6a00d8{n}'>June {n}, 2024 at 09:4{n} PM</a></p></div>"
        for n, name, text in [
            (1, "Jonathan", "Wicked cool, I will be on the first crossing."),
            (2, "Bob B", "Nice! The east pier is the better place to wait."),
        ]
    )
    section = f"<div class='comments' id='all-comments'><h3>Comments</h3><div class='comments-content'>{items}</div></div>"
    found = find_comments(lxml.html.fromstring(story_page(section)), UTC, fetched_at=FETCHED)
    assert [(c.author, c.text, c.posted_at) for c in found.comments] == [
        ("Jonathan", "Wicked cool, I will be on the first crossing.", datetime(2024, 6, 1, 21, 41, tzinfo=UTC)),
        ("Bob B", "Nice! The east pier is the better place to wait.", datetime(2024, 6, 2, 21, 42, tzinfo=UTC)),
    ]


def test_blocks_without_a_class_whose_ids_number_comments_are_the_items() -> None:
    # a Disqus-like list: no class on the items, each id numbers a comment, the name in an id'd span
    items = "".join(
        f"<li id='dsq-comment-{5000 + i}'><div id='dsq-comment-header-{5000 + i}' class='dsq-comment-header'>"
        f"<cite>http://social.example/u{i} <span id='dsq-author-user-{5000 + i}'>{name}</span></cite></div>"
        f"<div class='dsq-comment-body'><div class='dsq-comment-message'><p>{text}</p></div></div></li>"
        for i, (name, text) in enumerate([
            ("Ann Berg", "The evening crossing was always the best part of the summer for us."),
            ("Tom Reyes", "Bicycles free until June is a fine idea; the buses are full by then."),
        ])
    )
    page = story_page(f"<div id='comments'><p class='note'>Please keep it civil.</p><ul id='dsq-comments'>{items}</ul></div>")
    assert comments_of(page) == [
        ("Ann Berg", "The evening crossing was always the best part of the summer for us."),
        ("Tom Reyes", "Bicycles free until June is a fine idea; the buses are full by then."),
    ]
