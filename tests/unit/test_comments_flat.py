"""Comment sections without a block per comment, and things that only look like comments
(written for these tests, not copied from any site): signatures that open or close each comment,
commenters' e-mail links, sibling blocks each named like a comment, and like counters or bare
dates where a comment's text would be."""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.html

from archive.extract.comments.sections import CommentSection, find_comments
from archive.extract.extractor import Extractor

FETCHED = datetime(2024, 11, 20, 12, 0, tzinfo=UTC)
STORY = "<h1>Town hall votes on the new bridge</h1>" + "<p>The council met on Tuesday to choose between two designs for the river crossing.</p>" * 4
TEXTS = [
    ("Marek", "The cheaper design will cost more in repairs within ten years, mark my words."),
    ("Ada Lin", "I walk across that river every morning and would welcome anything wider than the old one."),
    ("Pete", "Why was the second design never shown at the public meeting in the library?"),
]


def _found(page: str) -> CommentSection:
    return find_comments(lxml.html.fromstring(page), UTC, fetched_at=FETCHED)


def _texts_signed_in_october(hour: int, minute: int) -> list[tuple[str, str, datetime]]:
    """TEXTS as signed on October 1, 2, 3 at hour:minute+1, +2, +3."""
    return [(name, text, datetime(2024, 10, i, hour, minute + i, tzinfo=UTC)) for i, (name, text) in enumerate(TEXTS, start=1)]


def test_commenters_mail_links_do_not_make_a_section_a_list_of_other_pages() -> None:
    signed = "".join(
        f"<div id='c40{i}'><p>{text}</p></div>"
        f"<p class='posted'>Posted by: <a href='mailto:{name.split()[0].lower()}@mail.example'>{name}</a> at October {i}, 2024 02:3{i} PM</p>"
        for i, (name, text) in enumerate(TEXTS, start=1)
    )
    page = f"<html><body><div class='blog'>{STORY}<h2 id='comments'>Comments</h2>{signed}</div></body></html>"
    found = _found(page)
    assert [(c.author, c.text, c.posted_at) for c in found.comments] == _texts_signed_in_october(14, 30)


def test_signatures_that_open_each_comment_name_the_text_after_them() -> None:
    flat = "".join(
        f"<div class='hd'>Posted by: {name}, Leeds on <span>9:3{i}am Wed {i} Jan 24</span></div>"
        f"<div class='tx'>{text}</div><div class='hd'><a href='#'>Quote</a> | <a href='?report={i}'>Report this post</a></div>"
        for i, (name, text) in enumerate(TEXTS, start=1)
    )
    page = (f"<html><body><div class='story'>{STORY}</div><a name='comments'></a>"
            f"<div class='talk_box'>{flat}</div><div class='ft'>About us | Contact</div></body></html>")
    result = Extractor().extract(page, "https://news.example/politics/display.var.1951.php", FETCHED)
    assert [(c.author, c.text, c.posted_at) for c in result.comments] == [
        (name, text, None) for name, text in TEXTS
    ]   # the place after the comma is not the name; a two-digit year is not read as a date
    assert "Posted by" not in result.text and "two designs" in result.text


def test_like_counters_and_bare_dates_are_not_comments() -> None:
    page = f"""<html><body><article>{STORY}<div class='byline-comments-views'><span class='views'>133 views</span>
    <span class='date'>Nov 7, 2024</span></div></article>
    <div class='comments_wrap'><div class='social'><a href='https://share.example/?u=1'><span>30 shares</span></a>
    <span class='likes'>4 likes</span> <a href='#comments'><span>0 comments</span></a></div></div></body></html>"""
    assert _found(page).comments == ()


def test_a_commenters_latest_post_on_their_own_site_does_not_make_the_comments_other_pages() -> None:
    items = "".join(
        f"<li class='comment' id='li-comment-{i}'><div class='comment-author vcard'><cite class='fn'>"
        f"<a href='http://{name.split()[0].lower()}.example/' rel='external nofollow'>{name}</a></cite> <span class='says'>says:</span></div>"
        f"<div class='comment-meta'><a href='#comment-{i}'>April {i}, 2024 at 5:1{i} pm</a></div>"
        f"<p>{text}<br><span class='luv'>{name} recently posted..<a href='http://{name.split()[0].lower()}.example/2024/04/my-garden-in-spring/'>"
        f"My garden in spring, part {i}</a></span></p></li>"
        for i, (name, text) in enumerate(TEXTS, start=1)
    )
    page = f"<html><body><article>{STORY}</article><div class='comment-wrap'><ol class='commentlist'>{items}</ol></div></body></html>"
    found = _found(page)
    assert [(c.author, c.text.split("\n")[0]) for c in found.comments] == TEXTS


def test_a_comment_forms_labels_are_not_comments() -> None:
    form = """<div class='PostComment_panel'><h3>Post a comment</h3>
    <div><span class='label'>Name</span><input type='text' name='n'><span class='req'>*</span></div>
    <div><span class='label'>Email</span><input type='text' name='e'><span class='req'>*</span></div>
    <div><span class='label'>Website (optional)</span><input type='text' name='w'></div>
    <div><span class='label'>Comment</span><textarea name='c'></textarea><span class='req'>*</span></div>
    <p>Allowed tags: &lt;a&gt; link, &lt;b&gt; bold, &lt;i&gt; italics</p></div>"""
    page = f"<html><body><form id='page'><article>{STORY}</article>{form}</form></body></html>"
    assert _found(page).comments == ()


def test_a_widget_holding_the_pages_own_comment_thread_is_not_a_sidebar() -> None:
    items = "".join(
        f"<li class='comment' id='th-comment-{i}'><div class='th-header'><cite><span id='th-author-{i}'>{name}</span></cite></div>"
        f"<div class='th-body'><div class='th-message'><p>{text}</p></div></div></li>"
        for i, (name, text) in enumerate(TEXTS, start=1)
    )
    page = (f"<html><body><div class='main'><article>{STORY}</article>"
            f"<div class='widget column widget_threadwidget_comments'><h3>Post a Comment</h3>"
            f"<div id='thread'><ul id='th-comments'>{items}</ul></div></div></div>"
            "<div class='sidebar'><div class='widget widget_recent_comments'><ul>"
            "<li><a href='/2024/10/other-story.html'>Jo on Parking fees go up again</a></li></ul></div></div></body></html>")
    found = _found(page)
    assert [(c.author, c.text) for c in found.comments] == TEXTS


def test_a_lone_unsigned_note_beside_a_forms_fields_is_not_a_comment() -> None:
    page = (f"<html><body><article>{STORY}</article><div class='story-comments'><div class='title'>Comment &amp; Contribute</div>"
            "<div class='lead'>Do you know more about this story? Then please <a href='/contact'>write</a> to the editors.</div>"
            "<form action='/post'><input name='who'><textarea name='what'></textarea></form></div></body></html>")
    found = _found(page)
    assert found.comments == () and found.nodes   # kept out of the body all the same


def test_sibling_blocks_each_named_like_a_comment_are_one_section_of_comments() -> None:
    blocks = "".join(
        f"<div class='comment'><a id='59{i}'></a><div class='postedby'>Posted by <span class='postedname'>{name}</span> on "
        f"<span class='postedtime'><a href='#59{i}'>January {i}, 2024 at 12:0{i} PM</a></span></div><p>{text}</p>"
        f"<div class='post-footer-report'>Inappropriate? <a href='javascript:void(0)'>Alert us.</a></div></div>"
        for i, (name, text) in enumerate(TEXTS, start=1)
    )
    page = f"<html><body><div class='blog-post'>{STORY}<div class='comment-label'>COMMENTS (3)</div>{blocks}</div></body></html>"
    result = Extractor().extract(page, "https://www.news.example/living/2024/01/bridge.html", FETCHED)
    assert [(c.author, c.text, c.posted_at) for c in result.comments] == [
        (name, text, datetime(2024, 1, i, 12, i, tzinfo=UTC)) for i, (name, text) in enumerate(TEXTS, start=1)
    ]
    assert "two designs" in result.text and "Posted by" not in result.text


def test_a_reply_nested_in_a_name_and_text_pair_is_a_record_of_its_own() -> None:
    def pair(i: int, name: str, text: str, children: str = "") -> str:
        return (f"<dt class='comment' id='comment-{i}'><span class='comment_author'>{name}</span></dt>"
                f"<dd class='comment'><div class='format_text'><p>{text}</p></div>{children}</dd>")
    (a, ta), (b, tb), (c, tc) = TEXTS
    thread = pair(1, a, ta, f"<dl class='children'>{pair(2, b, tb)}</dl>") + pair(3, c, tc)
    page = f"<html><body><article>{STORY}</article><div id='comments'><dl id='comment_list'>{thread}</dl></div></body></html>"
    found = _found(page)
    assert [(c.author, c.text, c.reply_to) for c in found.comments] == [(a, ta, None), (b, tb, 0), (c, tc, None)]


def test_a_signature_with_the_date_first_closes_each_text() -> None:
    blocks = "".join(
        f"<div class='Normal'><a name='comment18{i}'></a>\n{text}\n<p class='postfoot'>posted on Wednesday, October {i}, 2024"
        f" at 7:2{i} PM by <a href='http://{name.split()[0].lower()}.example' rel='nofollow'>{name}</a></p></div><hr>"
        for i, (name, text) in enumerate(TEXTS, start=1)
    )
    page = f"<html><body><div class='post'>{STORY}</div><div class='post'><h3>COMMENTS</h3>{blocks}</div></body></html>"
    found = _found(page)
    assert [(c.author, c.text, c.posted_at) for c in found.comments] == _texts_signed_in_october(19, 20)


def test_bylines_without_a_date_over_chapters_are_not_signatures() -> None:
    chapters = "".join(
        f"<p>by {name}</p><p><b>Part {i}</b></p><p>{text} {text}</p>" for i, (name, text) in enumerate(TEXTS, start=1)
    )
    page = f"<html><body><div class='paper'>{chapters}</div></body></html>"
    found = _found(page)
    assert found.comments == () and found.nodes == ()
