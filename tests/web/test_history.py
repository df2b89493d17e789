"""The Changes page and its Atom feed, and the Crawl runs pages, as an archivist sees them (parsed
HTML, the feed read by a feed reader's parser), and their JSON twins field by field."""

from __future__ import annotations

import feedparser
from lxml import etree
from starlette.testclient import TestClient

from tests.web.conftest import (
    BASE,
    FAILURES,
    HARBOUR,
    TYPHOON,
    article_id,
    get_html,
    get_json,
    text_of,
)


def test_changes_lists_changed_articles_newest_change_first_with_their_diffs(client: TestClient) -> None:
    page = get_html(client, "/changes")
    changes = page.xpath('//ol[@id="changes"]/li[@class="change"]')
    assert [text_of(c.xpath('a[@class="title"]')[0]) for c in changes] == [HARBOUR.title, TYPHOON.title]
    harbour, typhoon = changes
    assert [text_of(d) for d in typhoon.xpath('.//p[contains(@class, "text-diff")]/del')] == ["四"]
    assert [text_of(i) for i in typhoon.xpath('.//p[contains(@class, "text-diff")]/ins')] == ["五"]
    assert "最大风力十" in text_of(typhoon.xpath('.//p[contains(@class, "text-diff")]')[0])
    assert [text_of(d) for d in harbour.xpath('.//p[contains(@class, "text-diff")]/del')] == ["four"]
    assert [text_of(i) for i in harbour.xpath('.//p[contains(@class, "text-diff")]/ins')] == ["five"]
    assert not typhoon.xpath('.//p[contains(@class, "title-diff")]')  # the title did not change
    assert "v1" in text_of(typhoon.xpath('span[@class="meta"]')[0]) and "v2" in text_of(typhoon.xpath('span[@class="meta"]')[0])
    full = typhoon.xpath('.//a[@class="full-diff"]')[0].get("href")
    assert full == f"/articles/{article_id(client, TYPHOON.path)}/diff?from=1&to=2"
    assert get_html(client, full).get_element_by_id("text-diff").xpath(".//ins")


def test_changes_json_twin_field_by_field(client: TestClient) -> None:
    data = get_json(client, "/changes?format=json")
    harbour, typhoon = data["changes"]
    assert typhoon["id"] == article_id(client, TYPHOON.path)
    assert typhoon["url"] == BASE + TYPHOON.path and typhoon["site"] == "demo-news" and typhoon["title"] == TYPHOON.title
    assert typhoon["from"]["number"] == 1 and typhoon["to"]["number"] == 2 and typhoon["to"]["cause"] == "page"
    assert typhoon["from"]["seen_at"] < typhoon["to"]["seen_at"] < harbour["to"]["seen_at"]
    assert [p for p in typhoon["text_diff"] if p["op"] != "equal"] == [{"op": "delete", "text": "四"},
                                                                      {"op": "insert", "text": "五"}]
    assert all(p["op"] == "equal" for p in typhoon["title_diff"])
    assert typhoon["diff"] == f"/articles/{typhoon['id']}/diff?from=1&to=2"
    assert data["next"] is None and data["feed"] == "/changes.atom"


def test_changes_filter_by_site_and_page_by_keyset(client: TestClient) -> None:
    everything = get_json(client, "/changes?format=json")["changes"]
    older = get_json(client, f"/changes?format=json&before={everything[0]['version_id']}")["changes"]
    assert [c["id"] for c in older] == [everything[1]["id"]]
    assert get_json(client, "/changes?format=json&site=news.test")["changes"] == everything  # by host too
    assert get_json(client, "/changes?format=json&site=elsewhere")["changes"] == []
    page = get_html(client, "/changes?site=elsewhere")
    assert "No article has changed" in text_of(page.xpath('//p[@class="empty"]')[0])
    get_html(client, "/changes?before=-3", status=400)


def test_changes_atom_feed_reads_as_a_valid_feed(client: TestClient) -> None:
    response = client.get("/changes.atom")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/atom+xml")
    etree.fromstring(response.content)  # well-formed XML
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.id == "http://testserver/changes.atom" and feed.feed.title.startswith("newsarchive")
    assert [e.title for e in feed.entries] == [HARBOUR.title, TYPHOON.title]
    typhoon = feed.entries[1]
    the_id = article_id(client, TYPHOON.path)
    assert typhoon.id == typhoon.link == f"http://testserver/articles/{the_id}/diff?from=1&to=2"
    assert BASE + TYPHOON.path in [link.href for link in typhoon.links]
    assert typhoon.updated_parsed >= typhoon.published_parsed
    assert feed.entries[0].updated_parsed > typhoon.updated_parsed
    assert feed.feed.updated == feed.entries[0].updated
    assert "<del>四</del>" in typhoon.summary and "<ins>五</ins>" in typhoon.summary
    assert feedparser.parse(client.get("/changes.atom?site=elsewhere").content).entries == []


def test_feed_escapes_archived_text(client: TestClient) -> None:
    feed = feedparser.parse(client.get("/changes.atom").content)
    assert all("<script" not in entry.summary.lower() for entry in feed.entries)


def test_crawl_runs_list_each_runs_counters_and_error_reasons(client: TestClient) -> None:
    page = get_html(client, "/runs")
    rows = page.xpath('//table[@id="runs"]/tbody/tr')
    assert len(rows) == 2
    second, first = rows
    assert text_of(first.xpath('td[contains(@class, "new")]')[0]) == "7"
    assert text_of(first.xpath('td[contains(@class, "updated")]')[0]) == "1"
    assert text_of(first.xpath('td[contains(@class, "errors")]')[0]) == "0"
    assert text_of(second.xpath('td[contains(@class, "updated")]')[0]) == "1"
    assert text_of(second.xpath('td[contains(@class, "errors")]')[0]) == str(len(FAILURES))
    assert text_of(second.xpath('td[@class="reasons"]')[0]) == "http 503: 2, timeout: 1"
    data = get_json(client, "/runs?format=json")
    assert [r["id"] for r in data["runs"]] == [int(second.get("data-run")), int(first.get("data-run"))]
    assert data["runs"][0]["error_reasons"] == {"http 503": 2, "timeout": 1}
    assert data["runs"][0]["errors"] == 3 and data["runs"][0]["pages_fetched"] == 4
    assert data["runs"][0]["captures"] == 4 and data["runs"][1]["captures"] == 8


def test_a_runs_page_groups_its_failures_by_reason_with_the_urls(client: TestClient) -> None:
    runs = get_json(client, "/runs?format=json")["runs"]
    page = get_html(client, f"/runs/{runs[0]['id']}")
    groups = page.xpath('//section[@id="failures"]/details[@class="failure-group"]')
    assert [g.get("data-reason") for g in groups] == ["http 503", "timeout"]
    assert [text_of(g.xpath('.//span[@class="count"]')[0]) for g in groups] == ["2", "1"]
    urls = [[text_of(a) for a in g.xpath('.//a[@class="url"]')] for g in groups]
    assert urls == [[BASE + "/news/broken-1.html", BASE + "/news/broken-2.html"], [BASE + "/news/slow.html"]]
    assert "no response" in text_of(groups[1]) and "no response within 30 s" in text_of(groups[1])
    capture = groups[0].xpath('.//a[@class="url"]')[0].get("href")
    assert get_json(client, capture + "?format=json")["capture"]["error"] == "http 503"
    data = get_json(client, f"/runs/{runs[0]['id']}?format=json")
    assert data["run"]["errors"] == 3 and data["run"]["seeds"] == [BASE + "/news/"]
    assert [(g["reason"], g["count"], [c["url"] for c in g["captures"]]) for g in data["failures"]] == [
        ("http 503", 2, urls[0]), ("timeout", 1, urls[1])]
    assert data["failures"][0]["captures"][0]["status"] == 503
    quiet = get_html(client, f"/runs/{runs[1]['id']}")
    assert "No failures" in text_of(quiet.get_element_by_id("failures"))
    get_html(client, "/runs/99999", status=404)
    get_html(client, "/runs/abc", status=404)


def test_navigation_links_the_new_pages(client: TestClient) -> None:
    nav = [a.get("href") for a in get_html(client, "/").xpath("//header//nav/a")]
    assert "/changes" in nav and "/runs" in nav


def test_every_page_is_json_under_api_too(client: TestClient) -> None:
    the_id = article_id(client, TYPHOON.path)
    run = get_json(client, "/runs?format=json")["runs"][0]["id"]
    for path in ("/", "/articles?language=en", f"/articles/{the_id}", f"/articles/{the_id}/diff?from=1&to=2",
                 "/search?q=台风", "/changes", "/runs", f"/runs/{run}"):
        joined = "&" if "?" in path else "?"
        assert get_json(client, "/api" + path) == get_json(client, path + joined + "format=json"), path
    capture = get_json(client, f"/articles/{the_id}?format=json")["captures"][0]["id"]
    assert get_json(client, f"/api/captures/{capture}") == get_json(client, f"/captures/{capture}?format=json")
    assert get_json(client, "/api/articles/99999", status=404)["error"].startswith("no article")
    assert get_json(client, "/api/search?q=%22", status=400)["status"] == 400
