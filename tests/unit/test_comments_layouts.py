"""Comment layouts of common blog and news templates (written for these tests, not copied from any
site): name lines paired with their texts, layout wrappers named like sidebars, a comment's parts
(header, body) as repeated blocks, and forms and headings named like a comment's text."""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.html

from archive.extract.comments.sections import find_comments
from archive.extract.extractor import Extractor

FETCHED = datetime(2024, 11, 20, 12, 0, tzinfo=UTC)
STORY = (
    "<h3 class='post-title'>Roasting squash for the winter</h3><div class='post-body entry-content'>"
    "<p>Squash keeps for months in a cool cellar, and roasting it brings out a sweetness you will not get from boiling.</p>"
    "<p>Cut it in half, scoop out the seeds and roast it cut side down for about forty minutes.</p></div>"
)


def blog_page(comments: str) -> str:
    """A blog whose posts and comments sit inside a block its template calls a widget."""
    return (
        "<html><body class='right-sidebar'><div id='content-sidebar-wrap'><div class='main'>"
        f"<div class='widget Blog' id='Blog1'><div class='post hentry'>{STORY}</div>{comments}</div></div>"
        "<div class='sidebar'><h2>About me</h2><p>I cook, I write, I garden.</p></div></div></body></html>"
    )


NAME_LINES = """<div class='comments' id='comments'><h4>3 comments:</h4><dl id='comments-block'>
<dt class='comment-author' id='c1'><a href='https://profiles.example/profile/101'>Marta</a> said...</dt>
<dd class='comment-body'><p>I roasted two of them last night and the kids asked for more!</p></dd>
<dd class='comment-footer'><span class='comment-timestamp'><a href='#c1'>November 18, 2024 8:15 PM</a></span></dd>
<dt class='comment-author' id='c2'><a href='https://profiles.example/profile/202'>Old Jim</a> said...</dt>
<dd class='comment-body'><p>Try a pinch of smoked paprika before it goes in.</p></dd>
<dd class='comment-footer'><span class='comment-timestamp'><a href='#c2'>November 19, 2024 7:02 AM</a></span></dd>
<dt class='comment-author' id='c3'>Anonymous said...</dt>
<dd class='comment-body'><p>How long does it keep once roasted?</p></dd>
<dd class='comment-footer'><span class='comment-timestamp'><a href='#c3'>November 19, 2024 9:40 AM</a></span></dd>
</dl></div>"""


def test_name_lines_paired_with_their_texts_are_one_comment_each() -> None:
    found = find_comments(lxml.html.fromstring(blog_page(NAME_LINES)), UTC, fetched_at=FETCHED)
    assert [(c.author, c.text) for c in found.comments] == [
        ("Marta", "I roasted two of them last night and the kids asked for more!"),
        ("Old Jim", "Try a pinch of smoked paprika before it goes in."),
        ("Anonymous", "How long does it keep once roasted?"),
    ]


def test_a_layout_wrapper_named_like_a_sidebar_does_not_hide_the_comments() -> None:
    result = Extractor().extract(blog_page(NAME_LINES), "https://cooking.example/2024/11/squash.html", FETCHED)
    assert len(result.comments) == 3
    assert "smoked paprika" not in result.text and "Squash keeps for months" in result.text


def test_a_real_sidebar_list_of_comments_stays_out() -> None:
    sidebar = """<div class='sidebar widget'><h2>Recent comments</h2><div id='comments'>
    <dl><dt class='comment-author'><a href='https://profiles.example/profile/7'>Ann</a> said...</dt>
    <dd><p>Loved the bread post, thank you so much.</p></dd>
    <dt class='comment-author'><a href='https://profiles.example/profile/8'>Bo</a> said...</dt>
    <dd><p>The soup was wonderful on a cold night.</p></dd></dl></div></div>"""
    html = blog_page("").replace("<div class='sidebar'>", sidebar + "<div class='sidebar'>")
    assert find_comments(lxml.html.fromstring(html), UTC, fetched_at=FETCHED).comments == ()


# a comment's header repeats once per comment; one comment is styled apart (an editor's pick), so
# there are more headers than blocks of any one comment kind
PARTS = """<div id='comments' class='comments'><div class='comments-content'>
<div class='comment' id='comment-1'><div class='inner'>
  <div class='comment-header'><span class='byline'><span class='vcard author'>Nora Vale</span> | November 9, 2024 12:13 AM</span></div>
  <div class='comment-content'><p>Dear Roger, I have not seen it yet, but your review makes me want to.</p>
  <p>The opening titles alone sound worth the ticket.</p></div></div></div>
<div class='comment' id='comment-2'><div class='inner'>
  <div class='comment-header'><span class='byline'><span class='vcard author'>Bart</span> | November 9, 2024 1:30 AM</span></div>
  <div class='comment-content'><p>A small point: what you call an iris is the inside of a gun barrel.</p></div></div></div>
<div class='comment comment-pick' id='comment-3'><div class='inner'>
  <div class='comment-header'><span class='byline'><span class='vcard author'>Roger</span> | November 9, 2024 9:05 AM</span></div>
  <div class='comment-content'><p>Bart, you are right, and I stand corrected.</p></div></div></div>
</div></div>"""


def test_comment_headers_repeated_inside_each_comment_give_way_to_the_comments() -> None:
    page = f"<html><body><article><h1>Review: a spy film</h1><p>{'Words about the film. ' * 20}</p></article>{PARTS}</body></html>"
    found = find_comments(lxml.html.fromstring(page), UTC, fetched_at=FETCHED)
    assert [(c.author, c.text) for c in found.comments] == [
        ("Nora Vale", "Dear Roger, I have not seen it yet, but your review makes me want to.\nThe opening titles alone sound worth the ticket."),
        ("Bart", "A small point: what you call an iris is the inside of a gun barrel."),
        ("Roger", "Bart, you are right, and I stand corrected."),
    ]


RATED = """<div class='talk-comments_module'><ul class='talk-list'>
<li class='talk-comment' id='comment_11'>
  <form class='rate-comment secondary_body' action='/rate'><input type='hidden' name='id' value='11'>
    <span class='rate-label'>rate this</span><input type='submit' value='+'></form>
  <h4 class='comment_number secondary_body'>Comment number 11.</h4>
  <cite class='comments_user_info'><span class='vcard'><span class='comment_username'>Glenda</span></span>
  <span class='time'>24th July 2024 - 19:58</span></cite>
  <div class='comment-text'><p>Having studied chemistry myself, I can see why fewer students choose it now.</p></div></li>
<li class='talk-comment' id='comment_12'>
  <form class='rate-comment secondary_body' action='/rate'><input type='hidden' name='id' value='12'>
    <span class='rate-label'>rate this</span><input type='submit' value='+'></form>
  <h4 class='comment_number secondary_body'>Comment number 12.</h4>
  <cite class='comments_user_info'><span class='vcard'><span class='comment_username'>Dr G</span></span>
  <span class='time'>24th July 2024 - 15:48</span></cite>
  <div class='comment-text'><p>I left for a lab abroad six years ago and have never looked back.</p></div></li>
</ul></div>"""


def test_a_rating_form_and_a_numbered_heading_named_like_a_body_are_not_the_text() -> None:
    page = f"<html><body><article><h1>Science graduates lack skills</h1><p>{'A story about skills. ' * 20}</p></article>{RATED}</body></html>"
    found = find_comments(lxml.html.fromstring(page), UTC, fetched_at=FETCHED)
    assert [(c.author, c.text) for c in found.comments] == [
        ("Glenda", "Having studied chemistry myself, I can see why fewer students choose it now."),
        ("Dr G", "I left for a lab abroad six years ago and have never looked back."),
    ]


def test_unnamed_list_items_with_a_text_and_a_time_are_comments() -> None:
    items = "".join(
        f"<li id='comment-{i}'><p>{text}</p><p><cite>Comment by <a href='https://blog{i}.example' rel='external nofollow'>{name}</a>"
        f" &#8212; January {i}, 2024 @ 8:2{i} pm</cite></p></li>"
        for i, (name, text) in enumerate([
            ("Dee", "It could always be worse, she might have had a television doctor."),
            ("Dawn", "I feel sorry for her, she was such a talented singer on that show."),
            ("DJ", "The doctor said outside the courtroom that she also needs real help."),
        ], start=1)
    )
    page = (f"<html><body><div class='post'><h1>Singer goes to rehab</h1><p>{'The story itself. ' * 20}</p></div>"
            f"<h3 id='comments'>3 Comments</h3><ol id='commentlist'>{items}</ol></body></html>")
    found = find_comments(lxml.html.fromstring(page), UTC, fetched_at=FETCHED)
    assert len(found.comments) == 3
    assert found.comments[1].text.startswith("I feel sorry for her, she was such a talented singer on that show.")


def test_a_single_comment_is_found_by_its_id_and_its_author_by_the_link_to_their_site() -> None:
    page = """<html><body><div class='post'><h1>Guidelines for this blog</h1><p>{story}</p></div>
    <div class='post-comments' id='comments'><h2>One comment</h2>
      <div class='comment even thread-even depth-1' id='comment-15'>
        <div class='comment-avatar'><img class='avatar' src='a.png'></div>
        <div class='comment-body'><p>This list is inspiring, and it pushes me to do something with my own blog.</p>
        <p class='comment-meta'>by <a href='https://gianluca.example' rel='external nofollow' class='url'>Gianluca</a>
        on November 8th, 2024 at 4:14 pm.</p></div></div></div></body></html>""".format(story="Rules we keep. " * 30)
    found = find_comments(lxml.html.fromstring(page), UTC, fetched_at=FETCHED)
    assert [(c.author, c.text.split("\n")[0]) for c in found.comments] == [
        ("Gianluca", "This list is inspiring, and it pushes me to do something with my own blog.")
    ]


def test_comments_that_link_their_authors_profiles_are_not_a_list_of_other_pages() -> None:
    comments = "".join(
        f"<div class='comment' id='comment{i}'><div class='signature'><a href='/contributor/{i}'>{name}</a></div>"
        f"<div class='body'><p>{text}</p></div></div>"
        for i, (name, text) in enumerate([
            ("Chris", "When you say two tiers of servers, do you only use them when retiring a group?"),
            ("Benjamin Schweizer", "I would check consistent hashing first, it is designed for exactly this."),
            ("Vladimir Rodionov", "Two milliseconds for a cache is too slow; use the multi-get support instead."),
        ], start=1)
    )
    page = (f"<html><body><div class='post'><h1>Scaling a cache</h1><p>{'How the talk went. ' * 30}</p></div>"
            f"<div class='journal-comment-area' id='comments'>{comments}</div></body></html>")
    found = find_comments(lxml.html.fromstring(page), UTC, fetched_at=FETCHED)
    assert [c.author for c in found.comments] == ["Chris", "Benjamin Schweizer", "Vladimir Rodionov"]


def test_a_comment_with_a_hex_id_and_a_profile_host_link_is_found_and_signed() -> None:
    page = f"""<html><body><div class='post'><h1>The ferry timetable changes on Monday</h1><p>{'The harbour board post. ' * 30}</p></div>
    <div class='comments' id='all-comments'><h3>Comments</h3><div class='comments-content' id='comments-content'>
      <div class='comment comment-odd comment-has-avatar' id='comment-6a01b7c4d2e9f0a31c77'>
        <div class='comment-avatar'><img src='q.jpg' alt='Quayside Jo'></div>
        <div class='comment-content'><span><p>Will the early boat still run?<br>Half the village works the morning shift.</p></span></div>
        <p class='comment-footer'>Posted by: <a rel='nofollow' href='http://profile.blogs.example/quaysidejo'>Quayside Jo</a> |
        <a rel='nofollow' href='#comment-6a01b7c4d2e9f0a31c77'>September 26, 2024 at 03:49 PM</a></p></div></div></div></body></html>"""
    found = find_comments(lxml.html.fromstring(page), UTC, fetched_at=FETCHED)
    assert [(c.author, c.text) for c in found.comments] == [
        ("Quayside Jo", "Will the early boat still run?\nHalf the village works the morning shift.")
    ]


def test_texts_closed_by_signature_lines_are_comments_kept_out_of_the_body() -> None:
    signed = "".join(
        f"<div id='c1699{i}'><p>{text}</p></div><p class='posted'>Posted by: {name}  at September {i}, 2024 11:4{i} AM</p>"
        for i, (name, text) in enumerate([
            ("Ellen", "I switched to linen yarn for the summer and my hands are much happier for it."),
            ("Toni", "The wool shop in our village shuts at noon when it gets this warm, so I order online."),
            ("Gina", "Lovely shawl, the border pattern would make a great winter project for me."),
        ], start=1)
    )
    page = (f"<html><body><div class='content'><h3>Too hot to knit? Not in this house</h3>"
            f"<p>{'The shawl on the needles has grown by a whole repeat since Sunday. ' * 6}</p>"
            f"<h2 id='comments'>Comments</h2>{signed}<p>Post a comment</p></div></body></html>")
    result = Extractor().extract(page, "https://knits.example/archives/2024/09/hot.php", FETCHED)
    assert [(c.author, c.text, c.posted_at) for c in result.comments] == [
        ("Ellen", "I switched to linen yarn for the summer and my hands are much happier for it.",
         datetime(2024, 9, 1, 11, 41, tzinfo=UTC)),
        ("Toni", "The wool shop in our village shuts at noon when it gets this warm, so I order online.", datetime(2024, 9, 2, 11, 42, tzinfo=UTC)),
        ("Gina", "Lovely shawl, the border pattern would make a great winter project for me.",
         datetime(2024, 9, 3, 11, 43, tzinfo=UTC)),
    ]
    assert "wool shop" not in result.text and "grown by a whole repeat" in result.text


def test_a_signature_under_each_list_item_names_the_commenter() -> None:
    items = "".join(
        f"<li id='comment-{i}'><p>{text}</p><p><cite>Comment by {name} &#8212; January {i}, 2024 @ 8:2{i} pm</cite></p></li>"
        for i, (name, text) in enumerate([
            ("Dee", "It could always be worse, she might have had a television doctor."),
            ("Dawn", "I feel sorry for her, she was such a talented singer on that show."),
        ], start=1)
    )
    page = (f"<html><body><div class='post'><h1>Singer goes to rehab</h1><p>{'The story itself. ' * 20}</p></div>"
            f"<ol id='commentlist'>{items}</ol></body></html>")
    found = find_comments(lxml.html.fromstring(page), UTC, fetched_at=FETCHED)
    assert [(c.author, c.text) for c in found.comments] == [
        ("Dee", "It could always be worse, she might have had a television doctor."),
        ("Dawn", "I feel sorry for her, she was such a talented singer on that show."),
    ]
