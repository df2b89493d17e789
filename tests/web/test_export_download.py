"""Export from the UI: the download of a filter or a search is, byte for byte, what
``newsarchive export`` writes for the same filters."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tests.conftest import NEWSARCHIVE_BIN
from tests.web.conftest import FORECAST, HARBOUR, TYPHOON, VACCINE, get_html, text_of


def cli_export(archive_url: str, tmp_path: Path, *options: str) -> bytes:
    out = tmp_path / "cli.jsonl"
    done = subprocess.run([NEWSARCHIVE_BIN, "--db", archive_url, "export", "--out", str(out), *options],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return out.read_bytes()


@pytest.mark.parametrize(
    ("params", "options", "titles"),
    [
        ("language=zh&with_comments=yes", ["--language", "zh", "--comments"],
         {TYPHOON.title, VACCINE.title, FORECAST.title}),
        ("q=台风&since=2024-09-17&dedup=none", ["--query", "台风", "--since", "2024-09-17", "--dedup", "none"],
         {VACCINE.title, FORECAST.title}),
    ],
)
def test_the_download_is_the_cli_export_byte_for_byte(
    client: TestClient, archive_url: str, tmp_path: Path, params: str, options: list[str], titles: set[str]
) -> None:
    response = client.get(f"/export.jsonl?{params}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    assert "attachment" in response.headers["content-disposition"]
    assert response.content == cli_export(archive_url, tmp_path, *options)
    records = [json.loads(line) for line in response.content.decode("utf-8").splitlines()]
    assert {r["title"] for r in records} == titles
    if "--comments" in options:
        typhoon = next(r for r in records if r["title"] == TYPHOON.title)
        assert [c["author"] for c in typhoon["comments"]] == ["甲", "乙", "丙", "丁"]


def test_pages_link_the_download_of_what_they_show(client: TestClient) -> None:
    page = get_html(client, "/search?q=harbour&language=en")
    assert page.get_element_by_id("export").get("href") == "/export.jsonl?language=en&q=harbour"
    lines = client.get(page.get_element_by_id("export").get("href")).content.decode("utf-8").splitlines()
    assert {json.loads(line)["title"] for line in lines} == {HARBOUR.title, "Council notes from Tuesday's meeting"}
    page = get_html(client, "/articles?site=demo-news")
    assert page.get_element_by_id("export").get("href") == "/export.jsonl?site=demo-news"
    page = get_html(client, "/articles?changed=yes")
    assert not page.xpath('//*[@id="export"]') and "no comments or changed filter" in text_of(page.xpath('//p[contains(@class, "export")]')[0])


def test_bad_download_requests_are_400_pages(client: TestClient) -> None:
    for bad in ("dedup=fuzzy", "q=%22*", "changed=yes", "since=2025-13-45"):
        response = client.get(f"/export.jsonl?{bad}")
        assert response.status_code == 400, bad
        assert response.headers["content-type"].startswith("text/html")
    assert client.get("/export.jsonl?site=elsewhere").content == b""


def test_cli_export_refuses_a_query_with_nothing_to_search(archive_url: str, tmp_path: Path) -> None:
    done = subprocess.run([NEWSARCHIVE_BIN, "--db", archive_url, "export", "--out", str(tmp_path / "x.jsonl"),
                           "--query", '"*'], capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "nothing to search for" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and not (tmp_path / "x.jsonl").exists()
