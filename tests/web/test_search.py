"""Search over the fixture archive, on SQLite (FTS5) and PostgreSQL (tsvector): Chinese by character
bigrams in either script, English by word prefix, ranked with title hits first."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.web.conftest import COUNCIL, FORECAST, HARBOUR, MUSEUM, TYPHOON, VACCINE, get_html, get_json, text_of


def titles(client: TestClient, query: str, extra: str = "") -> list[str]:
    data = get_json(client, f"/search?format=json&q={query}{extra}")
    assert data["total"] == len(data["hits"])
    return [hit["title"] for hit in data["hits"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("台风", {TYPHOON.title, VACCINE.title, FORECAST.title}),  # two characters: one bigram; 颱風 folds to 台风
        ("接种站", {VACCINE.title}),  # three characters, Simplified, in Traditional text (接種站)
        ("疫苗接种", {VACCINE.title}),  # four characters across the Traditional text
        ("台风山竹", {TYPHOON.title}),  # not the forecast's 台风影响
        ("颱風", {TYPHOON.title, VACCINE.title, FORECAST.title}),  # a Traditional query finds Simplified text
        ("山竹 五万人", {TYPHOON.title}),  # every term required
    ],
)
def test_chinese_queries_find_words_of_two_to_four_characters_in_either_script(
    client: TestClient, query: str, expected: set[str]
) -> None:
    assert set(titles(client, query)) == expected


def test_a_phrase_needs_its_characters_together(client: TestClient) -> None:
    assert titles(client, "风台") == []  # both characters occur, never in this order


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("harbour", {HARBOUR.title, COUNCIL.title}),
        ("HARBOUR", {HARBOUR.title, COUNCIL.title}),  # case-insensitive
        ("harb", {HARBOUR.title, COUNCIL.title}),  # prefix
        ("art", {MUSEUM.title}),  # not "started", "part" or "hearts": a prefix starts a word
        ("bate", set()),  # "long-debated" holds it, but not at a word's start
        ("exhibition free", {MUSEUM.title}),
    ],
)
def test_english_matches_word_prefixes_never_across_a_word_boundary(
    client: TestClient, query: str, expected: set[str]
) -> None:
    assert set(titles(client, query)) == expected


def test_title_hit_ranks_first(client: TestClient) -> None:
    assert titles(client, "harbour")[0] == HARBOUR.title  # the council notes say harbour three times, in the text
    ranked = titles(client, "台风")
    assert ranked[-1] == FORECAST.title  # the forecast mentions 台风 only in its text


def test_results_page_highlights_hits_and_counts_per_site(client: TestClient) -> None:
    page = get_html(client, "/search?q=疫苗接种")
    assert text_of(page.get_element_by_id("total")).startswith("1 articles match")
    hit = page.xpath('//li[@class="hit"]')[0]
    assert hit.xpath('a[@class="title"]')[0].get("href").startswith("/articles/")
    assert [text_of(m) for m in hit.xpath('p[@class="snippet"]/mark')] == ["疫苗接種"]  # the original script, marked
    assert [text_of(m) for m in hit.xpath('a[@class="title"]/mark')] == []  # 排隊接種疫苗: not the phrase
    per_site = page.get_element_by_id("per-site")
    assert text_of(per_site) == "demo-news 1"


def test_search_json_twin_field_by_field(client: TestClient) -> None:
    data = get_json(client, "/search?format=json&q=台风")
    assert data["q"] == "台风" and data["page"] == 1 and data["total"] == 3
    assert data["per_site"] == {"demo-news": 3}
    hit = next(h for h in data["hits"] if h["title"] == TYPHOON.title)
    assert hit["url"].endswith(TYPHOON.path) and hit["site"] == "demo-news" and hit["language"] == "zh-Hans"
    assert hit["published_at"] == "2024-09-16T09:00:00+00:00"
    assert [s["text"] for s in hit["title_marked"] if s["marked"]] == ["台风"]
    assert data["timeline_unit"] == "day"
    assert [(bar["start"], bar["total"], bar["sites"]) for bar in data["timeline"]] == [
        ("2024-09-16", 1, {"demo-news": 1}), ("2024-09-18", 1, {"demo-news": 1}), ("2024-09-19", 1, {"demo-news": 1}),
    ]


def test_timeline_is_svg_whose_bars_narrow_the_dates(client: TestClient) -> None:
    page = get_html(client, "/search?q=台风")
    svg = page.xpath('//figure[@id="timeline"]/svg')[0]
    links = [a.get("href") for a in svg.xpath("a")]
    assert len(links) == 4  # 16, 17 (empty), 18, 19 September
    assert "since=2024-09-16&until=2024-09-17" in links[0]
    narrowed = get_json(client, links[0] + "&format=json")
    assert [h["title"] for h in narrowed["hits"]] == [TYPHOON.title]
    weekly = get_json(client, "/search?format=json&q=台风&by=week")
    assert [(bar["start"], bar["total"]) for bar in weekly["timeline"]] == [("2024-09-16", 3)]


def test_search_filters_combine_with_the_query(client: TestClient) -> None:
    assert titles(client, "台风", "&language=zh-Hant") == [VACCINE.title]
    assert titles(client, "台风", "&comments=yes") == [TYPHOON.title]
    assert titles(client, "台风", "&site=elsewhere") == []


def test_beyond_the_ranking_limit_title_hits_come_first_then_the_newest(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import archive.store.browse

    monkeypatch.setattr(archive.store.browse, "RANK_EVERY_HIT_UP_TO", 0)
    assert titles(client, "harbour") == [HARBOUR.title, COUNCIL.title]
    ranked = titles(client, "台风")
    assert set(ranked[:2]) == {TYPHOON.title, VACCINE.title} and ranked[2] == FORECAST.title
    assert titles(client, "台风", "&language=zh-Hans") == [TYPHOON.title, FORECAST.title]


def test_a_timeline_by_month_counts_each_sites_hits_per_month(client: TestClient) -> None:
    monthly = get_json(client, "/search?format=json&q=台风&by=month")
    assert monthly["timeline_unit"] == "month" and monthly["total"] == 3
    assert [(bar["start"], bar["end"], bar["total"], bar["sites"]) for bar in monthly["timeline"]] == [
        ("2024-09-01", "2024-10-01", 3, {"demo-news": 3})]
    spread = get_json(client, "/search?format=json&q=the&by=month")  # January and February 2025
    assert [(bar["start"], bar["total"]) for bar in spread["timeline"]] == [("2025-01-01", 2), ("2025-02-01", 2)]
