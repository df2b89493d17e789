"""Duplicate clusters kept in the archive, maintained as article versions are stored.

When a version becomes an article's current one, :func:`place_article` stores its MinHash
signature and LSH band keys (:mod:`archive.store.signatures`), finds candidates by an index lookup
on ``article_bands`` (and on ``article_signatures.text_hash`` for exact copies, similarity 1.0),
and puts the article into the cluster of its most similar match, or into a new cluster of its own.
Each cluster's representative is its earliest-published member (then earliest captured, then the
smallest URL), so the result does not depend on the order pages were stored; an earlier-published
copy stored later takes over by changing only ``duplicate_clusters.representative_id``.

Two writers: on PostgreSQL, a writer first takes transaction-scoped advisory locks on the
article's band keys and text hash (in sorted order, so no deadlock), then reads candidates. Two
writers storing copies of one story share a key, so the second waits until the first commits and
then sees its rows (READ COMMITTED reads afresh per statement); the cluster row is then updated
under ``SELECT … FOR UPDATE``. SQLite has one writer at a time, which gives the same order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, cast

import numpy as np
from sqlalchemy import BigInteger, Connection, Engine, Table, bindparam, delete, func, insert, select, update

from archive.normalize import key_hash, text_key
from archive.store.models import (
    Article,
    ArticleBand,
    ArticleSignature,
    ArticleVersion,
    ClusterMember,
    DedupSetting,
    DuplicateCluster,
    utcnow,
)
from archive.store.signatures import SignatureParams, band_keys, lock_key, pack, signature, similarity, unpack

_articles = cast(Table, Article.__table__)
_versions = cast(Table, ArticleVersion.__table__)
_signatures = cast(Table, ArticleSignature.__table__)
_bands = cast(Table, ArticleBand.__table__)
_clusters = cast(Table, DuplicateCluster.__table__)
_members = cast(Table, ClusterMember.__table__)
_settings = cast(Table, DedupSetting.__table__)


@dataclass(frozen=True)
class Placement:
    """Where an article landed: its cluster, and the member it matched (None: it founded the cluster)."""

    cluster_id: int
    matched_article_id: int | None
    similarity: float | None


def load_params(connection: Connection) -> SignatureParams:
    """The archive's dedup parameters (the defaults until a rebuild chose others)."""
    row = connection.execute(select(_settings).where(_settings.c.id == 1)).first()
    if row is None:
        return SignatureParams.for_threshold(SignatureParams().threshold)
    return SignatureParams(row.threshold, row.num_perm, row.shingle_size, row.bands, row.rows)


def save_params(connection: Connection, params: SignatureParams) -> None:
    values = {"threshold": params.threshold, "num_perm": params.num_perm, "shingle_size": params.shingle_size,
              "bands": params.bands, "rows": params.rows, "updated_at": utcnow()}
    if connection.execute(update(_settings).where(_settings.c.id == 1).values(**values)).rowcount == 0:
        connection.execute(insert(_settings).values(id=1, **values))


@dataclass(frozen=True)
class _Statements:
    """Built once and bound with parameters on every call: building a statement costs more than
    running it on SQLite (see archive.store.writes._Statements)."""

    lock: Any
    delete_signature: Any
    delete_bands: Any
    add_signature: Any
    add_bands: Any
    membership: Any
    delete_member: Any
    count_members: Any
    delete_cluster: Any
    exact_copy: Any
    candidates: Any
    captured_at: Any
    add_cluster: Any
    add_member: Any
    lock_cluster: Any
    first_member: Any
    first_copy: Any
    set_representative: Any
    set_exact_first: Any


@cache
def _statements() -> _Statements:
    members, bands, signatures, clusters = _members, _bands, _signatures, _clusters
    ranked = (
        select(members.c.article_id)
        .join(_articles, _articles.c.id == members.c.article_id)
        .where(members.c.cluster_id == bindparam("cluster_id"))
        .order_by(members.c.published_at.is_(None), members.c.published_at, members.c.captured_at,
                  _articles.c.canonical_url)
        .limit(1)
    )
    sharing = (
        select(bands.c.article_id)
        .where(bands.c.key.in_(bindparam("keys", expanding=True)), bands.c.article_id != bindparam("article_id"))
        .distinct()
    )
    return _Statements(
        lock=select(func.pg_advisory_xact_lock(bindparam("lock", type_=BigInteger))),
        delete_signature=delete(signatures).where(signatures.c.article_id == bindparam("article_id")),
        delete_bands=delete(bands).where(bands.c.article_id == bindparam("article_id")),
        add_signature=insert(signatures),
        add_bands=insert(bands),
        membership=select(members.c.cluster_id, members.c.text_hash).where(
            members.c.article_id == bindparam("article_id")),
        delete_member=delete(members).where(members.c.article_id == bindparam("article_id")),
        count_members=select(func.count()).where(members.c.cluster_id == bindparam("cluster_id")),
        delete_cluster=delete(clusters).where(clusters.c.id == bindparam("cluster_id")),
        exact_copy=select(members.c.article_id, members.c.cluster_id)
        .where(members.c.text_hash == bindparam("text_hash"), members.c.article_id != bindparam("article_id"))
        .order_by(members.c.exact_first.desc(), members.c.article_id)
        .limit(1),
        candidates=select(signatures.c.article_id, signatures.c.minhash, members.c.cluster_id)
        .join(members, members.c.article_id == signatures.c.article_id)
        .where(signatures.c.article_id.in_(sharing), signatures.c.scheme == bindparam("scheme")),
        captured_at=select(_articles.c.first_seen_at).where(_articles.c.id == bindparam("article_id")),
        add_cluster=insert(clusters).returning(clusters.c.id),
        add_member=insert(members),
        lock_cluster=select(clusters.c.id).where(clusters.c.id == bindparam("cluster_id")).with_for_update(),
        first_member=ranked,
        first_copy=ranked.where(members.c.text_hash == bindparam("text_hash")),
        set_representative=update(clusters)
        .where(clusters.c.id == bindparam("b_cluster_id"), clusters.c.representative_id != bindparam("b_first"))
        .values(representative_id=bindparam("b_first"), updated_at=bindparam("b_now")),
        set_exact_first=update(members)
        .where(members.c.cluster_id == bindparam("b_cluster_id"), members.c.text_hash == bindparam("b_text_hash"))
        .values(exact_first=members.c.article_id == bindparam("b_first_copy")),
    )


def place_article(
    connection: Connection,
    article_id: int,
    version_id: int,
    text: str,
    *,
    published_at: datetime | None,
    key: str | None = None,
    params: SignatureParams | None = None,
) -> Placement:
    """Sign the article's current version and (re)place the article in its duplicate cluster."""
    params = params or load_params(connection)
    key = text_key(text) if key is None else key
    digest = key_hash(key)
    values = signature(text, params, key=key)
    keys = band_keys(values, params)
    run = _statements()
    if connection.dialect.name == "postgresql":
        for lock in sorted({lock_key("band", k) for k in keys} | {lock_key("text", digest)}):
            connection.execute(run.lock, {"lock": lock})
    now = utcnow()
    connection.execute(run.delete_signature, {"article_id": article_id})
    connection.execute(run.delete_bands, {"article_id": article_id})
    connection.execute(run.add_signature, {"article_id": article_id, "version_id": version_id, "scheme": params.scheme,
                                           "text_hash": digest, "minhash": pack(values), "computed_at": now})
    connection.execute(run.add_bands, [{"article_id": article_id, "band": band, "key": k} for band, k in enumerate(keys)])
    leave_cluster(connection, article_id)
    match = _best_match(connection, article_id, digest, values, keys, params)
    captured_at = connection.execute(run.captured_at, {"article_id": article_id}).scalar_one()
    member = {"article_id": article_id, "text_hash": digest, "published_at": published_at,
              "captured_at": captured_at, "joined_at": now}
    if match is None:
        cluster_id = connection.execute(
            run.add_cluster, {"representative_id": article_id, "created_at": now, "updated_at": now}
        ).scalar_one()
        connection.execute(run.add_member, {**member, "cluster_id": cluster_id, "matched_article_id": None,
                                            "similarity": None, "exact_first": True})
        return Placement(cluster_id, None, None)
    matched_id, cluster_id, score = match
    connection.execute(run.lock_cluster, {"cluster_id": cluster_id})
    connection.execute(run.add_member, {**member, "cluster_id": cluster_id, "matched_article_id": matched_id,
                                        "similarity": score, "exact_first": False})
    _elect(connection, cluster_id, digest)
    return Placement(cluster_id, matched_id, score)


def _best_match(
    connection: Connection, article_id: int, digest: str, values: np.ndarray, keys: list[int], params: SignatureParams
) -> tuple[int, int, float] | None:
    """(article, its cluster, similarity) of the most similar clustered article at or above the
    threshold (an exact copy first), if any."""
    run = _statements()
    exact = connection.execute(run.exact_copy, {"text_hash": digest, "article_id": article_id}).first()
    if exact is not None:
        return exact.article_id, exact.cluster_id, 1.0
    best: tuple[int, int, float] | None = None
    rows = connection.execute(run.candidates, {"keys": keys, "article_id": article_id, "scheme": params.scheme})
    for candidate_id, blob, cluster_id in rows:
        score = similarity(values, unpack(blob))
        if score >= params.threshold and (best is None or (score, -candidate_id) > (best[2], -best[0])):
            best = (candidate_id, cluster_id, score)
    return best


def similarities_to_representatives(connection: Connection, pairs: list[tuple[int, int]]) -> dict[int, float]:
    """article id -> estimated similarity to its representative, from the stored signatures
    (``pairs``: (article id, representative id)); articles without both signatures are left out."""
    ids = sorted({i for pair in pairs for i in pair})
    if not ids:
        return {}
    blobs = {
        article_id: blob
        for article_id, blob in connection.execute(
            select(_signatures.c.article_id, _signatures.c.minhash).where(_signatures.c.article_id.in_(ids))
        )
    }
    return {
        article: similarity(unpack(blobs[article]), unpack(blobs[rep]))
        for article, rep in pairs
        if article in blobs and rep in blobs
    }


def leave_cluster(connection: Connection, article_id: int) -> None:
    """Take the article out of its cluster (its text changed): a new representative if it was one,
    and the cluster removed when it was its last member."""
    run = _statements()
    row = connection.execute(run.membership, {"article_id": article_id}).first()
    if row is None:
        return
    connection.execute(run.lock_cluster, {"cluster_id": row.cluster_id})
    connection.execute(run.delete_member, {"article_id": article_id})
    if connection.execute(run.count_members, {"cluster_id": row.cluster_id}).scalar_one() == 0:
        connection.execute(run.delete_cluster, {"cluster_id": row.cluster_id})
        return
    _elect(connection, row.cluster_id, row.text_hash)


def _elect(connection: Connection, cluster_id: int, text_hash: str) -> None:
    """Choose the cluster's representative, and the first copy of ``text_hash`` in it, afresh."""
    run = _statements()
    first = connection.execute(run.first_member, {"cluster_id": cluster_id}).scalar_one()
    connection.execute(run.set_representative, {"b_cluster_id": cluster_id, "b_first": first, "b_now": utcnow()})
    first_copy = connection.execute(
        run.first_copy, {"cluster_id": cluster_id, "text_hash": text_hash}
    ).scalar_one_or_none()
    connection.execute(run.set_exact_first, {"b_cluster_id": cluster_id, "b_text_hash": text_hash,
                                             "b_first_copy": first_copy})


# --------------------------------------------------------------------------- filling and rebuilding


@dataclass(frozen=True)
class RebuildProgress:
    done: int
    total: int


def articles_to_sign(connection: Connection, params: SignatureParams, limit: int) -> list[tuple[int, int, str, datetime | None]]:
    """Up to ``limit`` articles whose current version has no signature of ``params``' scheme yet."""
    signed = select(_signatures.c.article_id).where(
        _signatures.c.version_id == _articles.c.current_version_id, _signatures.c.scheme == params.scheme
    )
    rows = connection.execute(
        select(_articles.c.id, _versions.c.id, _versions.c.text, _versions.c.published_at)
        .join(_versions, _versions.c.id == _articles.c.current_version_id)
        .where(~signed.exists())
        .order_by(_articles.c.id)
        .limit(limit)
    )
    return [(a, v, t, p) for a, v, t, p in rows]


def count_unsigned(connection: Connection, params: SignatureParams) -> int:
    signed = select(_signatures.c.article_id).where(
        _signatures.c.version_id == _articles.c.current_version_id, _signatures.c.scheme == params.scheme
    )
    return connection.execute(
        select(func.count()).select_from(_articles).where(_articles.c.current_version_id.is_not(None), ~signed.exists())
    ).scalar_one()


def sign_pending(connection: Connection, params: SignatureParams, batch_size: int = 500) -> Iterator[RebuildProgress]:
    """Sign and place every article not yet signed under ``params``, ``batch_size`` at a time on one
    connection, yielding progress after each batch. Signed rows are skipped, so an interrupted run
    resumes where its last committed batch ended."""
    total = count_unsigned(connection, params)
    done = 0
    while batch := articles_to_sign(connection, params, batch_size):
        for article_id, version_id, text, published_at in batch:
            place_article(connection, article_id, version_id, text, published_at=published_at, params=params)
        done += len(batch)
        yield RebuildProgress(done, total)


def rebuild(engine: Engine, params: SignatureParams | None = None, batch_size: int = 500) -> Iterator[RebuildProgress]:
    """Recompute signatures and clusters, one committed transaction per batch.

    With new ``params`` (another threshold) every cluster is dropped first and rebuilt under them;
    with the archive's own, only articles not yet signed are done (resuming an interrupted run)."""
    with engine.begin() as connection:
        current = load_params(connection)
        if params is not None and params != current:
            clear_clusters(connection)
            save_params(connection, params)
        elif connection.execute(select(func.count()).select_from(_settings)).scalar_one() == 0:
            save_params(connection, current)
        params = params or current
        total = count_unsigned(connection, params)
    done = 0
    while True:
        with engine.begin() as connection:
            batch = articles_to_sign(connection, params, batch_size)
            for article_id, version_id, text, published_at in batch:
                place_article(connection, article_id, version_id, text, published_at=published_at, params=params)
        if not batch:
            return
        done += len(batch)
        yield RebuildProgress(done, total)


def clear_clusters(connection: Connection) -> None:
    """Forget every cluster and signature (before a rebuild with other parameters)."""
    connection.execute(delete(_members))
    connection.execute(delete(_clusters))
    connection.execute(delete(_bands))
    connection.execute(delete(_signatures))
