"""Labelled pairs (tests/dedup/pairs.json, made by tests/dedup/generate.py): stored in one archive as
a crawl would store them, a pair counts as found duplicate when both land in one cluster.
Goal (issue 14): precision ≥ 0.99 and recall ≥ 0.95 at the default threshold."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.store.engine import open_archive
from archive.store.models import ClusterMember
from archive.store.writes import VersionFields, add_version, ensure_site, upsert_article

PAIRS = json.loads((Path(__file__).resolve().parents[1] / "dedup" / "pairs.json").read_text("utf-8"))
T0 = datetime(2025, 1, 30, tzinfo=UTC)


def test_labelled_pairs_are_clustered_with_precision_099_and_recall_095(sqlite_url: str) -> None:
    engine = open_archive(sqlite_url)
    ids: list[tuple[int, int]] = []
    with Session(engine) as s, s.begin():
        site = ensure_site(s, "pairs", "pairs.test")
        for n, pair in enumerate(PAIRS):
            both = []
            for side in ("a", "b"):
                article = upsert_article(s, f"http://pairs.test/{n}/{side}", site, T0)
                add_version(s, article, VersionFields(title=None, text=pair[side], extractor_version="t",
                                                      published_at=T0 + timedelta(minutes=n)), None)
                both.append(article)
            ids.append((both[0], both[1]))
    with Session(engine) as s:
        cluster_of = {a: c for a, c in s.execute(select(ClusterMember.article_id, ClusterMember.cluster_id))}
    outcome: Counter[tuple[str, bool, bool]] = Counter()
    for pair, (a, b) in zip(PAIRS, ids):
        outcome[pair["kind"], pair["duplicate"], cluster_of[a] == cluster_of[b]] += 1
    true_pos = sum(n for (_, dup, found), n in outcome.items() if dup and found)
    false_pos = sum(n for (_, dup, found), n in outcome.items() if not dup and found)
    false_neg = sum(n for (_, dup, found), n in outcome.items() if dup and not found)
    misses = {key: n for key, n in outcome.items() if key[1] != key[2]}
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / (true_pos + false_neg)
    print(f"precision {precision:.3f} recall {recall:.3f} misses {misses}")
    assert precision >= 0.99, (precision, misses)
    assert recall >= 0.95, (recall, misses)
    assert len(PAIRS) >= 250 and {p["kind"] for p in PAIRS} >= {
        "syndicated", "edited-lead", "other-headline", "other-script", "comments-appended",
        "same-topic-shared-quote", "follow-up", "one-template-other-bodies", "agency-briefs"}
