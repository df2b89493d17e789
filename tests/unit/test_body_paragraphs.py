"""Body paragraphs written in other elements than ``<p>``: blog posts and old table layouts of our
own, modelled on real ones (a post pasted from a word processor, ``<div class="p1">`` lines
between ``<br><br>`` paragraphs; a sports report whose paragraphs are the cells of a layout
table)."""

from __future__ import annotations

from lxml.html import fromstring, tostring

from archive.extract.blocks import paragraph_divs
from archive.extract.extractor import Extractor

POST = [
    "The marathon season opened on Sunday with the fastest course record the city has ever seen, set by a runner "
    "who had never finished a race over twenty kilometres before this spring.",
    "Her coach said the plan had been to sit in the second group until the last ten kilometres, but the pace "
    "felt easy and she went to the front as soon as the pacemakers stepped off the road.",
    "By the thirty-fifth kilometre the lead was more than a minute, and the crowd along the river had started "
    "to count down the seconds to the record on the big screen near the finish.",
    "Organisers said next year's race will start half an hour earlier to avoid the midday heat that slowed the "
    "second half of the field, and the course will stay as it is.",
    "The winner said she would take a month off before deciding whether to run the autumn championships.",
]


def blog_page(post: str) -> str:
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Record falls on the river course</title>
</head><body><div id="header"><a href="/">Running notes</a> <a href="/about">About</a> <a href="/archive">Archive</a></div>
<div id="main"><div class="post"><h2 class="post-title">Record falls on the river course</h2>
<div class="post-body">{post}</div></div></div>
<div id="footer">Copyright Running notes. Powered by a blog engine.</div></body></html>"""


def body_of(html: str) -> list[str]:
    return list(Extractor().extract(html, "https://blog.example.com/2012/08/record.html").paragraphs)


def test_paragraphs_written_as_divs_after_br_paragraphs_are_kept() -> None:
    post = (
        f"{POST[0]}<br><br>{POST[1]}<br><br>{POST[2]}<br>"
        f'<div class="p2"><br></div><div class="p1">{POST[3]}</div><div class="p2"><br></div><div class="p1">{POST[4]}</div>'
    )
    assert body_of(blog_page(post)) == POST


def test_a_div_paragraph_between_p_paragraphs_is_kept_in_place() -> None:
    post = f"<p>{POST[0]}</p><p>{POST[1]}</p><div>{POST[2]}</div><p>{POST[3]}</p><p>{POST[4]}</p>"
    assert body_of(blog_page(post)) == POST


def test_only_text_divs_beside_paragraphs_become_paragraphs() -> None:
    html = (
        "<div><div><p>A paragraph of the story, long enough.</p><div>Another paragraph, written as a div.</div>"
        '<div><a href="/1">Home</a> <a href="/2">Sports</a> <a href="/3">Weather</a></div><div>Short</div>'
        "<div><p>A box with its own paragraph.</p></div></div>"
        "<div><div>A div of text with no paragraph beside it.</div><div>Another one.</div></div></div>"
    )
    tree = fromstring(html)
    paragraph_divs(tree)
    assert tostring(tree, encoding="unicode") == html.replace(
        "<div>Another paragraph, written as a div.</div>", "<p>Another paragraph, written as a div.</p>"
    )


def test_labels_and_pictures_set_in_divs_beside_paragraphs_stay_divs() -> None:
    html = (
        "<div><div><p>A paragraph of the story, long enough.</p><div><b>About the author</b></div>"
        '<div class="imginline"><img src="/map.png"><span>Figure: snow depth on the glacier, measured and modelled.</span></div>'
        "</div></div>"
    )
    tree = fromstring(html)
    paragraph_divs(tree)
    assert tostring(tree, encoding="unicode") == html


ABOUT = (
    "Running notes is written by a club of amateur runners who meet every Sunday by the river and write "
    "about races, training and the food that goes with both.",
    "We welcome letters from readers and publish the best of them once a month, with a reply from one of "
    "the club members.",
    "Our training plans are free to use: pick the one that fits the race you have in mind, print it, and "
    "tick off the weeks as they go by. Ask us anything about them at the Sunday meeting.",
    "The club was founded by six friends after their first half marathon and now counts more than two "
    "hundred members of every age.",
)


def test_a_story_written_in_div_paragraphs_is_kept_over_a_sidebar_of_p_paragraphs() -> None:
    # a tech blog's template: every paragraph a <div class="paragraph">, code between them, and no
    # <p> in the story; the only <p>s on the page are in an "about" box beside it
    post = (
        "".join(f'<div class="paragraph">{p}</div>' for p in POST[:3])
        + '<div class="code-container"><pre>run --fast</pre></div>'
        + "".join(f'<div class="paragraph">{p}</div>' for p in POST[3:])
    )
    about = '<div id="about">' + "".join(f"<p>{p}</p>" for p in ABOUT) + "</div>"
    html = blog_page(post).replace('<div id="footer">', about + '<div id="footer">')
    assert body_of(html) == [*POST[:3], "run --fast", *POST[3:]]


def test_a_header_of_div_lines_is_not_made_paragraphs() -> None:
    # a headline, a dateline and a byline set in <div>s: three text-only <div>s, none a sentence
    html = (
        "<div><div><div>Record falls on the river course in the city marathon</div>"
        "<div>Monday, Jan 14, 2008 - 04:16 PM</div><div>By a staff reporter of Running notes</div></div></div>"
    )
    tree = fromstring(html)
    paragraph_divs(tree)
    assert tostring(tree, encoding="unicode") == html
