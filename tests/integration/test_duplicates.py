"""Duplicate clusters kept in the archive (archive.store.duplicates), on a SQLite file and PostgreSQL."""

from __future__ import annotations

import itertools
import random
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from archive.store.duplicates import rebuild
from archive.store.engine import alembic_config, make_engine, open_archive
from archive.store.models import (
    Article,
    ArticleBand,
    ArticleSignature,
    ArticleVersion,
    ClusterMember,
    DuplicateCluster,
)
from archive.store.signatures import SignatureParams
from archive.store.writes import VersionFields, add_version, ensure_site, upsert_article
from tests.dedup.texts import OTHER, STORY, TRADITIONAL

T0 = datetime(2025, 1, 30, 2, 32, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]

SYNDICATED = "【环球网报道】" + STORY.replace("连日来", "近日") + "本文系转载，版权归原作者所有。责任编辑：张三"


def store(engine, url: str, text: str, published: datetime | None, seen: datetime = T0) -> int:  # type: ignore[no-untyped-def]
    with Session(engine) as s, s.begin():
        host = url.split("/")[2]
        site = ensure_site(s, host, host)
        article = upsert_article(s, url, site, seen)
        add_version(s, article, VersionFields(title=url, text=text, extractor_version="t", published_at=published), None)
        return article


def clusters(engine) -> dict[int, tuple[str, frozenset[str]]]:  # type: ignore[no-untyped-def]
    """cluster id -> (representative URL, member URLs)."""
    with Session(engine) as s:
        rows = s.execute(
            select(ClusterMember.cluster_id, Article.canonical_url).join(Article, Article.id == ClusterMember.article_id)
        ).all()
        reps = dict(s.execute(
            select(DuplicateCluster.id, Article.canonical_url).join(Article, Article.id == DuplicateCluster.representative_id)
        ).all())
    members: dict[int, set[str]] = {}
    for cluster_id, url in rows:
        members.setdefault(cluster_id, set()).add(url)
    assert set(members) == set(reps), "every cluster has members and a representative"
    return {cid: (reps[cid], frozenset(urls)) for cid, urls in members.items()}


COPIES = [
    ("http://a.test/1", STORY, T0),
    ("http://b.test/1", SYNDICATED, T0 + timedelta(hours=2)),
    ("http://c.test/1", TRADITIONAL, T0 + timedelta(hours=1)),
    ("http://d.test/1", OTHER, T0),
]


@pytest.mark.parametrize("order", [(0, 1, 2, 3), (3, 2, 1, 0), (1, 3, 0, 2)])
def test_copies_form_one_cluster_whose_representative_is_the_earliest_published_in_any_order(
    sqlite_url: str, order: tuple[int, ...]
) -> None:
    engine = open_archive(sqlite_url)
    for index in order:
        store(engine, *COPIES[index])
    assert sorted(clusters(engine).values()) == [
        ("http://a.test/1", frozenset({"http://a.test/1", "http://b.test/1", "http://c.test/1"})),
        ("http://d.test/1", frozenset({"http://d.test/1"})),
    ]


def test_an_earlier_published_copy_stored_later_takes_over_without_rewriting_the_cluster(db_url: str) -> None:
    engine = open_archive(db_url)
    store(engine, "http://b.test/1", SYNDICATED, T0 + timedelta(hours=2))
    store(engine, "http://c.test/1", TRADITIONAL, T0 + timedelta(hours=1))
    with Session(engine) as s:
        before = s.execute(select(ClusterMember.article_id, ClusterMember.cluster_id, ClusterMember.similarity,
                                  ClusterMember.matched_article_id)).all()
    first = store(engine, "http://a.test/1", STORY, T0)
    with Session(engine) as s:
        after = s.execute(select(ClusterMember.article_id, ClusterMember.cluster_id, ClusterMember.similarity,
                                 ClusterMember.matched_article_id)).all()
        cluster = s.scalars(select(DuplicateCluster)).one()
    assert set(before) < set(after), "the earlier members' rows are unchanged"
    assert cluster.representative_id == first


def test_an_exact_copy_has_similarity_one_and_only_the_first_is_exact_first(db_url: str) -> None:
    engine = open_archive(db_url)
    late = store(engine, "http://b.test/1", "  " + STORY + "\n", T0 + timedelta(days=1))
    early = store(engine, "http://a.test/1", STORY, T0)
    with Session(engine) as s:
        members = {m.article_id: m for m in s.scalars(select(ClusterMember))}
    assert members[early].similarity == 1.0 and members[early].matched_article_id == late
    assert (members[early].exact_first, members[late].exact_first) == (True, False)


def test_a_new_version_with_another_story_leaves_the_cluster_and_the_next_copy_represents_it(sqlite_url: str) -> None:
    engine = open_archive(sqlite_url)
    store(engine, "http://a.test/1", STORY, T0)
    store(engine, "http://b.test/1", SYNDICATED, T0 + timedelta(hours=2))
    store(engine, "http://a.test/1", OTHER, T0)  # the page now carries another story
    assert sorted(clusters(engine).values()) == [
        ("http://a.test/1", frozenset({"http://a.test/1"})),
        ("http://b.test/1", frozenset({"http://b.test/1"})),
    ]


def test_band_keys_are_stored_once_per_band_and_found_through_their_index(sqlite_url: str) -> None:
    engine = open_archive(sqlite_url)
    store(engine, "http://a.test/1", STORY, T0)
    store(engine, "http://a.test/1", STORY + "补充一句。", T0)
    params = SignatureParams.for_threshold(SignatureParams().threshold)
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(ArticleBand)) == params.bands
        assert s.scalar(select(func.count()).select_from(ArticleSignature)) == 1
        plan = " ".join(str(r) for r in s.connection().exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT article_id FROM article_bands WHERE key IN (41, 42)"))
    assert "ix_article_bands_key" in plan


def fill_unsigned(engine, n: int) -> None:  # type: ignore[no-untyped-def]
    """Articles and versions as an archive from before signatures holds them (no signature rows)."""
    with engine.begin() as connection:
        for i in range(n):
            text = STORY if i % 2 == 0 else OTHER
            article_id = connection.execute(insert(Article.__table__).values(
                canonical_url=f"http://x{i}.test/", first_seen_at=T0, last_seen_at=T0, status="live",
            ).returning(Article.__table__.c.id)).scalar_one()
            version_id = connection.execute(insert(ArticleVersion.__table__).values(
                article_id=article_id, number=1, text=text + str(i % 2), text_hash="h", content_hash="c",
                extractor_version="t", published_at=T0 + timedelta(hours=i), removed=[], cause="page",
                created_at=T0,
            ).returning(ArticleVersion.__table__.c.id)).scalar_one()
            connection.execute(Article.__table__.update().where(Article.__table__.c.id == article_id)
                               .values(current_version_id=version_id))


def test_the_migration_fills_clusters_of_an_archive_that_existed(db_url: str) -> None:
    engine = make_engine(db_url)
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
    fill_unsigned(engine, 6)
    engine = open_archive(db_url)
    assert sorted(clusters(engine).values()) == [
        ("http://x0.test/", frozenset({"http://x0.test/", "http://x2.test/", "http://x4.test/"})),
        ("http://x1.test/", frozenset({"http://x1.test/", "http://x3.test/", "http://x5.test/"})),
    ]


def test_rebuild_resumes_after_an_interruption_and_a_new_threshold_rebuilds_everything(sqlite_url: str) -> None:
    engine = open_archive(sqlite_url)
    fill_unsigned(engine, 7)
    first = next(rebuild(engine, batch_size=3))  # interrupted after one committed batch
    assert (first.done, first.total) == (3, 7)
    rest = list(rebuild(engine, batch_size=3))
    assert [(p.done, p.total) for p in rest] == [(3, 4), (4, 4)]
    assert len(clusters(engine)) == 2
    again = list(rebuild(engine, SignatureParams.for_threshold(0.9), batch_size=10))
    assert [(p.done, p.total) for p in again] == [(7, 7)]
    assert len(clusters(engine)) == 2


# --------------------------------------------------------------------------- two writers at once

WRITER = textwrap.dedent("""
    import os, sys, time
    from datetime import datetime, timedelta, UTC
    sys.path.insert(0, {root!r})
    from sqlalchemy.orm import Session
    from tests.integration.test_duplicates import T0, story_copy
    from archive.store.engine import make_engine
    from archive.store.writes import VersionFields, add_version, ensure_site, upsert_article
    engine = make_engine({url!r})
    which, barrier = int(sys.argv[1]), sys.argv[2]
    for n in range({stories}):
        open(f"{{barrier}}.{{n}}.{{which}}", "w").close()
        while not all(os.path.exists(f"{{barrier}}.{{n}}.{{w}}") for w in (0, 1)):  # both at story n: race
            time.sleep(0.001)
        text, published = story_copy(n, which)
        with Session(engine) as s, s.begin():
            site = ensure_site(s, f"w{{which}}", f"w{{which}}.test")
            article = upsert_article(s, f"http://w{{which}}.test/{{n}}", site, T0)
            add_version(s, article, VersionFields(title=None, text=text, extractor_version="t", published_at=published), None)
            time.sleep(0.05)  # the rest of a page's transaction (comments, paragraphs) before it commits
""")


def story_copy(n: int, which: int) -> tuple[str, datetime]:
    """Copy ``which`` (0 or 1) of synthetic story ``n``: other boilerplate, copy 1 published earlier."""
    rng = random.Random(n)
    body = "".join(rng.choice("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质")
        for _ in range(300))
    text = (["【本报讯】", "（新华社电）"][which] + body + ["责任编辑：李四", "来源：新华社"][which])
    return text, T0 + timedelta(minutes=10 * (1 - which))


@pytest.mark.postgres
def test_two_writer_processes_storing_copies_at_once_keep_every_story_in_one_cluster(pg_url: str, tmp_path: Path) -> None:
    open_archive(pg_url)
    stories = 40
    script = tmp_path / "writer.py"
    script.write_text(WRITER.format(root=str(ROOT), url=pg_url, stories=stories), "utf-8")
    barrier = tmp_path / "ready"
    writers = [subprocess.Popen([sys.executable, str(script), str(which), str(barrier)], stderr=subprocess.PIPE, text=True)
               for which in (0, 1)]
    for writer in writers:
        _, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
    found = clusters(make_engine(pg_url))
    expected = {(f"http://w1.test/{n}", frozenset({f"http://w0.test/{n}", f"http://w1.test/{n}"})) for n in range(stories)}
    assert set(found.values()) == expected
    assert len(found) == stories


def test_story_copies_are_near_each_other_and_far_from_other_stories() -> None:
    from archive.store.signatures import signature, similarity

    params = SignatureParams.for_threshold(SignatureParams().threshold)
    sigs = {(n, w): signature(story_copy(n, w)[0], params) for n, w in itertools.product(range(3), range(2))}
    assert similarity(sigs[0, 0], sigs[0, 1]) >= params.threshold
    assert similarity(sigs[0, 0], sigs[1, 1]) < 0.1
