"""Placing an article costs the same however big its cluster is (archive.store.duplicates)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from archive.store import duplicates
from archive.store.engine import open_archive
from archive.store.models import Article, ClusterMember, DuplicateCluster
from archive.store.writes import VersionFields, add_version, ensure_site, upsert_article
from tests.dedup.texts import STORY

T0 = datetime(2025, 1, 30, 2, 32, tzinfo=UTC)


def near_copy(n: int) -> str:
    """The story with one sentence of its own: near-identical to every other copy, never the same text."""
    return STORY + f"本报记者第{n}次补充报道。"


def store_all(engine, pages: list[tuple[str, str, datetime]]) -> None:  # type: ignore[no-untyped-def]
    with Session(engine) as s, s.begin():
        for url, text, published in pages:
            host = url.split("/")[2]
            article = upsert_article(s, url, ensure_site(s, host, host), T0)
            add_version(s, article, VersionFields(title=url, text=text, extractor_version="t", published_at=published), None)


def test_a_newcomer_to_a_cluster_of_200_is_compared_with_a_bounded_number_of_members(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(17)
    # 150 near-identical copies and 60 copies of one text (more than are ever compared), published in random order
    pages = [(f"http://s{n % 7}.test/{n}", near_copy(n) if n < 150 else STORY, T0 + timedelta(hours=rng.randrange(1000)))
             for n in range(210)]
    rng.shuffle(pages)
    engine = open_archive(sqlite_url)
    store_all(engine, pages)

    compared: list[int] = []
    real_similarity = duplicates.similarity

    def counting_similarity(a, b):  # type: ignore[no-untyped-def]
        compared.append(1)
        return real_similarity(a, b)

    statements: list[str] = []
    monkeypatch.setattr(duplicates, "similarity", counting_similarity)
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    newcomer = ("http://late.test/1", near_copy(999), T0 - timedelta(days=1))  # the earliest published of all
    store_all(engine, [newcomer])

    assert 0 < len(compared) <= duplicates.CANDIDATES, "signatures compared with a bounded number of candidates"
    candidate_reads = [sql for sql in statements if "article_bands" in sql and "LIMIT" in sql.upper()]
    assert len(candidate_reads) == 1, "one candidate lookup, capped in SQL"

    with Session(engine) as s:
        rows = s.execute(select(Article.canonical_url, ClusterMember.cluster_id, ClusterMember.published_at,
                                ClusterMember.text_hash, ClusterMember.exact_first)
                         .join(ClusterMember, ClusterMember.article_id == Article.id)).all()
        representative = s.execute(select(Article.canonical_url)
                                   .join(DuplicateCluster, DuplicateCluster.representative_id == Article.id)).scalar_one()
    assert len({r.cluster_id for r in rows}) == 1 and len(rows) == 211, "every copy is in one cluster"
    assert representative == "http://late.test/1", "the earliest published took over"
    story_copies = sorted((r.published_at, r.canonical_url, r.exact_first) for r in rows
                          if r.canonical_url in {url for url, text, _ in pages if text == STORY})
    assert [first for _, _, first in story_copies] == [True] + [False] * 59, \
        "the earliest of the 60 same-text copies is their first, whatever order they came in"
