"""What an archivist sees on each page (parsed HTML), and the same data in each page's JSON twin."""

from __future__ import annotations

from starlette.testclient import TestClient

from tests.web.conftest import (
    BASE,
    HARBOUR,
    STORIES,
    TYPHOON,
    TYPHOON_CORRECTED,
    article_id,
    get_html,
    get_json,
    text_of,
)


def test_home_counts_articles_per_site_and_comments_and_lists_the_run(client: TestClient) -> None:
    page = get_html(client, "/")
    row = page.xpath('//section[@id="sites"]//tbody/tr')[0]
    assert [text_of(td) for td in row.xpath("td")] == ["demo-news", "news.test", str(len(STORIES) + 1)]
    assert text_of(page.xpath('//p[@class="lead"]')[0]).startswith("7 articles and 4 reader comments from 1 sites")
    runs = page.xpath('//section[@id="runs"]//tbody/tr')
    assert len(runs) == 2 and all("finished" in text_of(run) for run in runs)
    recent = [text_of(a) for a in page.xpath('//section[@id="recent"]//a[@class="title"]')]
    assert TYPHOON.title in recent and HARBOUR.title in recent


def test_home_json_twin_has_the_same_counts(client: TestClient) -> None:
    data = get_json(client, "/?format=json")
    assert data["sites"] == [{"name": "demo-news", "host": "news.test", "articles": 7}]
    assert data["totals"] == {"articles": 7, "comments": 4}
    assert [run["status"] for run in data["runs"]] == ["finished", "finished"]
    first = data["runs"][-1]
    assert first["articles_new"] == 7 and first["articles_updated"] == 1
    assert {a["title"] for a in data["recent"]} >= {TYPHOON.title, HARBOUR.title}


def test_article_page_shows_metadata_text_apart_from_comments(client: TestClient) -> None:
    page = get_html(client, f"/articles/{article_id(client, TYPHOON.path)}")
    assert text_of(page.get_element_by_id("title")) == TYPHOON.title
    assert text_of(page.get_element_by_id("site")) == "demo-news"
    assert page.get_element_by_id("url").get("href") == BASE + TYPHOON.path
    assert text_of(page.get_element_by_id("published")) == "2024-09-16 09:00 +00:00 UTC"
    assert text_of(page.get_element_by_id("language")) == "zh-Hans"
    body = [text_of(p) for p in page.xpath('//div[@id="text"]/p')]
    assert TYPHOON_CORRECTED.paragraphs[0] in body and TYPHOON_CORRECTED.paragraphs[1] in body
    comments = page.get_element_by_id("comments")
    assert not page.xpath('//div[@id="text"]//*[@id="comments"]') and not comments.xpath('.//div[@id="text"]')
    assert "风太大了" not in text_of(page.get_element_by_id("text"))


def test_every_comment_is_inside_comments_with_replies_nested_under_their_parent(client: TestClient) -> None:
    page = get_html(client, f"/articles/{article_id(client, TYPHOON.path)}")
    comments = page.get_element_by_id("comments")
    authors = [text_of(a) for a in comments.xpath('.//span[@class="author"]')]
    assert authors == ["甲", "乙", "丙", "丁"]

    def node(author: str):  # type: ignore[no-untyped-def]
        return comments.xpath(f'.//article[@class="comment"][header/span[@class="author"]="{author}"]')[0]

    assert node("乙").getparent().getparent() is node("甲")  # article > div.replies > article
    assert node("丙").getparent().getparent() is node("乙")
    assert node("丁").getparent() is comments
    assert [node(a).get("data-depth") for a in "甲乙丙丁"] == ["0", "1", "2", "0"]
    assert "第一个评论：风太大了" in text_of(node("甲").xpath('p[@class="comment-text"]')[0])
    assert text_of(node("甲").xpath("header/time")[0]) == "2024-09-16 10:00 +00:00 UTC"


def test_article_json_twin_field_by_field(client: TestClient) -> None:
    the_id = article_id(client, TYPHOON.path)
    data = get_json(client, f"/articles/{the_id}?format=json")
    article = data["article"]
    assert article["id"] == the_id
    assert article["url"] == BASE + TYPHOON.path
    assert article["site"] == "demo-news"
    assert article["title"] == TYPHOON.title
    assert article["published_at"] == "2024-09-16T09:00:00+00:00"
    assert article["language"] == "zh-Hans"
    assert article["version"] == 2 and article["status"] == "live"
    assert TYPHOON_CORRECTED.paragraphs[0] in article["text"]
    assert [(c["author"], c["depth"]) for c in data["comments"]] == [("甲", 0), ("乙", 1), ("丙", 2), ("丁", 0)]
    by_author = {c["author"]: c for c in data["comments"]}
    assert by_author["乙"]["parent_id"] == by_author["甲"]["id"]
    assert by_author["丙"]["parent_id"] == by_author["乙"]["id"]
    assert by_author["丁"]["parent_id"] is None
    assert [(v["number"], v["captured_at"]) for v in data["versions"]] == [
        (1, "2025-02-20T08:00:00+00:00"), (2, "2025-02-21T08:00:00+00:00")]
    assert len(data["captures"]) == 2
    capture = data["captures"][0]
    assert capture["status"] == 200 and capture["encoding"] == "utf-8"
    assert capture["fetched_at"] == "2025-02-20T08:00:00+00:00"
    assert isinstance(capture["charset_evidence"], dict) and isinstance(capture["repairs"], list)


def test_article_page_lists_versions_and_provenance(client: TestClient) -> None:
    page = get_html(client, f"/articles/{article_id(client, TYPHOON.path)}")
    versions = page.xpath('//section[@id="versions"]//li')
    assert len(versions) == 2
    assert versions[1].xpath('.//a[@class="diff-link"]')[0].get("href").endswith("/diff?from=1&to=2")
    rows = page.xpath('//section[@id="provenance"]//tbody/tr')
    assert len(rows) == 2 and all("200" in text_of(r) and "utf-8" in text_of(r) for r in rows)


def test_diff_marks_the_corrected_word(client: TestClient) -> None:
    the_id = article_id(client, TYPHOON.path)
    page = get_html(client, f"/articles/{the_id}/diff?from=1&to=2")
    diff = page.get_element_by_id("text-diff")
    assert [text_of(d) for d in diff.xpath(".//del")] == ["四"]
    assert [text_of(i) for i in diff.xpath(".//ins")] == ["五"]
    assert "最大风力十" in text_of(diff)
    data = get_json(client, f"/articles/{the_id}/diff?from=1&to=2&format=json")
    assert data["changed"] is True
    assert [p for p in data["text_diff"] if p["op"] != "equal"] == [{"op": "delete", "text": "四"},
                                                                   {"op": "insert", "text": "五"}]
    assert data["from"]["number"] == 1 and data["to"]["number"] == 2


def test_articles_list_filters_and_pages_by_keyset(client: TestClient) -> None:
    page = get_html(client, "/articles?language=en")
    titles = [text_of(a) for a in page.xpath('//li[@class="article-row"]/a[@class="title"]')]
    assert HARBOUR.title in titles and TYPHOON.title not in titles
    data = get_json(client, "/articles?format=json&comments=yes")
    assert [a["title"] for a in data["articles"]] == [TYPHOON.title]
    data = get_json(client, "/articles?format=json&changed=yes")
    assert [a["title"] for a in data["articles"]] == [HARBOUR.title, TYPHOON.title]
    data = get_json(client, "/articles?format=json&since=2024-09-17&until=2024-09-19")
    assert [a["url"] for a in data["articles"]] == [BASE + "/news/vaccine.html"]
    everything = get_json(client, "/articles?format=json")["articles"]
    below = get_json(client, f"/articles?format=json&before={everything[2]['id']}")["articles"]
    assert [a["id"] for a in below] == [a["id"] for a in everything[3:]]


def test_capture_page_frames_the_raw_body_sandboxed(client: TestClient) -> None:
    capture = get_json(client, f"/articles/{article_id(client, TYPHOON.path)}?format=json")["captures"][0]
    page = get_html(client, f"/captures/{capture['id']}")
    frame = page.get_element_by_id("raw")
    assert frame.tag == "iframe" and frame.get("sandbox") == ""
    assert frame.get("src") == f"/captures/{capture['id']}/raw"
    assert page.get_element_by_id("download").get("href").endswith("/raw?download=yes")
    raw = client.get(f"/captures/{capture['id']}/raw")
    policy = raw.headers["content-security-policy"]
    assert policy.split(";")[0].strip() == "sandbox" and "allow-scripts" not in policy
    assert raw.headers["x-content-type-options"] == "nosniff"
    assert TYPHOON.title.encode() in raw.content
    download = client.get(f"/captures/{capture['id']}/raw?download=yes")
    assert download.headers["content-type"] == "application/octet-stream"
    assert download.headers["content-disposition"].startswith("attachment")
    assert download.content == raw.content


def test_archived_markup_is_escaped_on_every_page(client: TestClient) -> None:
    hostile = get_json(client, "/articles?format=json&language=en")["articles"][0]
    response = client.get(f"/articles/{hostile['id']}")
    assert "<script" not in response.text.lower()
    assert "onerror" not in response.text.lower()
    page = get_html(client, f"/articles/{hostile['id']}")
    assert "window.pwned" in text_of(page.get_element_by_id("title"))
    for url in ("/", "/articles", "/search?q=hostile"):
        assert "<script" not in client.get(url).text.lower()
    assert "script-src" not in response.headers["content-security-policy"]  # default-src 'none': no script at all
