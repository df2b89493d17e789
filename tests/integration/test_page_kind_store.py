"""The page-kind verdict in the archive: a story-like page without article markup is stored as an
article, a tag page and a paged listing are not (and say why); `newsarchive extract` returns the
text with the verdict beside it."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.ingest.writer import ArchiveWriter
from archive.process import FetchedPage, process_page
from archive.store.engine import open_archive
from archive.store.models import ArticleVersion, Capture
from tests.conftest import NEWSARCHIVE_BIN
from tests.unit.test_pagekind import STORY, TEASERS, listing, story_page

T0 = datetime(2024, 9, 18, 2, 0, tzinfo=UTC)


def fetched(html: str, url: str) -> FetchedPage:
    return FetchedPage(url=url, final_url=url, status=200, headers=(("Content-Type", "text/html; charset=utf-8"),),
                       body=html.encode("utf-8"), fetched_at=T0, site="citynews")


def test_a_story_without_article_markup_is_stored_and_listings_are_not_with_their_reasons(sqlite_url: str) -> None:
    engine = open_archive(sqlite_url)
    writer = ArchiveWriter(engine)
    pages = [
        fetched(story_page(), "http://www.citynews.example.cn/content/show?sid=ab3f"),
        fetched(listing("标签：城市更新"), "http://www.citynews.example.cn/tag/城市更新/"),
        fetched(listing("社会新闻"), "http://www.citynews.example.cn/society/?page=2"),
    ]
    outcomes = [writer.store(page, process_page(page)) for page in pages]
    assert [o.outcome for o in outcomes] == ["new", "not-article", "not-article"]
    with Session(engine) as s:
        kinds = s.execute(select(Capture.page_kind, Capture.page_kind_evidence).order_by(Capture.id)).all()
        assert [k[0] for k in kinds] == ["article", "other", "other"]
        assert kinds[0][1].startswith("story-like body (3 paragraphs")
        assert [k[1] for k in kinds[1:]] == [
            "listing page (URL segment /tag/)", "listing page (URL pages through a listing: ?page=)"
        ]
        assert s.scalars(select(ArticleVersion.text)).one() == "\n".join(STORY)


def test_extract_returns_the_text_of_a_page_judged_not_an_article_with_the_reason(tmp_path: Path) -> None:
    page = tmp_path / "listing.html"
    page.write_bytes(listing("社会新闻").encode("utf-8"))
    result = subprocess.run(
        [NEWSARCHIVE_BIN, "extract", str(page), "--url", "http://www.citynews.example.cn/archive/2024/09/17"],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert (record["is_article"], record["page_kind_evidence"]) == (False, "date archive (URL ends in a date)")
    assert all(summary in record["text"] for _, _, summary in TEASERS)
