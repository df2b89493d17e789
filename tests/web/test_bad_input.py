"""Bad input gets a 400 or 404 page that says what was wrong (and the same as JSON), never a traceback."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.web.conftest import get_html, text_of


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/articles/999999", 404, "no article 999999"),
        ("/articles/abc", 404, "no article 'abc'"),
        ("/articles/1/diff?from=7&to=1", 404, "has versions"),
        ("/captures/999999", 404, "no capture 999999"),
        ("/captures/999999/raw", 404, "no capture 999999"),
        ("/no/such/page", 404, "no such page"),
        ("/articles?page=-1", 400, "page must be a whole number"),
        ("/search?q=台风&page=-1", 400, "page must be a whole number"),
        ("/search?q=台风&page=0", 400, "page must be a whole number"),
        ("/articles?before=1e9", 400, "before must be a whole number"),
        ("/search?q=" + "x" * 10_000, 400, "q is too long"),
        ("/search?q=" + "台" * 2_000, 400, "q is too long"),
        ('/search?q="', 400, "nothing to search for"),
        ("/search?q=*", 400, "nothing to search for"),
        ("/search?q=-", 400, "nothing to search for"),
        ("/articles?since=2025-13-45", 400, "since must be a date YYYY-MM-DD"),
        ("/search?q=x&until=2025-02-30", 400, "until must be a date"),
        ("/articles?since=2025-02-01&until=2025-01-01", 400, "until must be after since"),
        ("/search?q=%FF%FE", 400, "not valid UTF-8"),
        ("/articles?site=%C3%28", 400, "not valid UTF-8"),
        ("/articles?comments=maybe", 400, "comments must be yes or no"),
        ("/search?q=x&by=year", 400, "by must be one of day, week, month"),
    ],
)
def test_bad_input_gets_an_error_page_saying_why(client: TestClient, url: str, status: int, message: str) -> None:
    page = get_html(client, url, status)
    assert message in text_of(page.get_element_by_id("error"))
    assert "Traceback" not in client.get(url).text
    twin = client.get(url + ("&" if "?" in url else "?") + "format=json")
    assert twin.status_code == status and message in twin.json()["error"]


@pytest.mark.parametrize("query", ['台风"', "台风*", "NEAR(台风 疫苗)", "-台风", "台风 OR", "harbour AND (", "a:b", "'"])
def test_fts_syntax_in_a_query_is_just_text(client: TestClient, query: str) -> None:
    response = client.get("/search", params={"q": query, "format": "json"})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert isinstance(response.json()["total"], int)


def test_the_ui_cannot_write_to_the_archive(client: TestClient) -> None:
    for method in ("post", "put", "delete"):
        assert getattr(client, method)("/articles/1").status_code == 405
