"""The first fill of an older archive's duplicate signatures, killed half-way and resumed; two
PostgreSQL writers whose transactions wait on each other in a cycle (a deadlock), each retried."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.store.duplicates import RebuildProgress
from archive.store.engine import alembic_config, make_engine, open_archive
from archive.store.models import ArticleSignature, DedupSetting
from tests.integration.test_duplicates import clusters, fill_unsigned

ROOT = Path(__file__).resolve().parents[2]

FILLER = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {root!r})
    from archive.store.duplicates import fill_pending
    from archive.store.engine import make_engine, upgrade_to_head
    engine = make_engine({url!r})
    upgrade_to_head(engine)
    def progress(step):
        print(step.done, step.total, flush=True)
        time.sleep(30)  # killed here, after its first committed batch
    fill_pending(engine, progress, batch_size=2)
""")


def test_an_interrupted_fill_of_an_older_archive_resumes_from_its_last_committed_batch(db_url: str, tmp_path: Path) -> None:
    engine = make_engine(db_url)
    with engine.begin() as connection:  # an archive from before duplicate signatures
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0020")
    fill_unsigned(engine, 8)
    script = tmp_path / "filler.py"
    script.write_text(FILLER.format(root=str(ROOT), url=db_url), "utf-8")
    filler = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert filler.stdout is not None
    assert filler.stdout.readline().split() == ["2", "8"]
    filler.send_signal(signal.SIGKILL)
    filler.wait(timeout=30)
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(ArticleSignature)) == 2
        assert s.scalar(select(func.count()).select_from(DedupSetting)) == 0, "the fill is not marked complete"
    steps: list[RebuildProgress] = []
    engine = open_archive(db_url, fill_progress=steps.append)
    assert [(p.done, p.total) for p in steps] == [(6, 6)], "only the six left were signed"
    assert sorted(clusters(engine).values()) == [
        ("http://x0.test/", frozenset({f"http://x{i}.test/" for i in (0, 2, 4, 6)})),
        ("http://x1.test/", frozenset({f"http://x{i}.test/" for i in (1, 3, 5, 7)})),
    ]
    again: list[RebuildProgress] = []
    open_archive(db_url, fill_progress=again.append)
    assert again == [], "a complete fill is not run again"


WRITER = textwrap.dedent("""
    import logging, os, sys, time
    sys.path.insert(0, {root!r})
    from sqlalchemy.orm import Session
    from tests.integration.test_duplicates import T0, story_copy
    from archive.store.engine import make_engine
    from archive.store.retry import retrying
    from archive.store.writes import VersionFields, add_version, ensure_site, upsert_article
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    engine = make_engine({url!r})
    which, barrier = int(sys.argv[1]), sys.argv[2]

    def store_two(first, second):
        with Session(engine) as s, s.begin():
            site = ensure_site(s, f"w{{which}}", f"w{{which}}.test")
            for n in (first, second):
                text, published = story_copy(n, which)
                article = upsert_article(s, f"http://w{{which}}.test/{{n}}", site, T0)
                add_version(s, article, VersionFields(title=None, text=text, extractor_version="t",
                                                      published_at=published), None)
                time.sleep(0.2)  # the batch's next page is processed before it is stored

    for n in range(0, {stories}, 2):
        open(f"{{barrier}}.{{n}}.{{which}}", "w").close()
        while not all(os.path.exists(f"{{barrier}}.{{n}}.{{w}}") for w in (0, 1)):
            time.sleep(0.001)
        # one writer stores story n then n + 1, the other n + 1 then n: each waits for the other
        retrying(lambda: store_two(n, n + 1) if which == 0 else store_two(n + 1, n))
""")


@pytest.mark.postgres
def test_two_writers_deadlocked_over_two_stories_retry_and_lose_no_article(pg_url: str, tmp_path: Path) -> None:
    open_archive(pg_url)
    stories = 6
    script = tmp_path / "writer.py"
    script.write_text(WRITER.format(root=str(ROOT), url=pg_url, stories=stories), "utf-8")
    barrier = tmp_path / "ready"
    writers = [subprocess.Popen([sys.executable, str(script), str(which), str(barrier)], stderr=subprocess.PIPE,
                                text=True) for which in (0, 1)]
    errors = []
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        errors.append(err)
    retries = sum(err.count("deadlock detected") for err in errors)
    assert retries >= stories // 2, errors  # every pair of stories met in a cycle, and was retried
    found = clusters(make_engine(pg_url))
    assert set(found.values()) == {
        (f"http://w1.test/{n}", frozenset({f"http://w0.test/{n}", f"http://w1.test/{n}"})) for n in range(stories)
    }
