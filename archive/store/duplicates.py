"""Duplicate clusters kept in the archive, maintained as article versions are stored.

When a version becomes an article's current one, :func:`place_article` stores its MinHash
signature and LSH band keys (:mod:`archive.store.signatures`), finds candidates by index lookups
on ``article_bands`` for its keys, in one statement (a copy of the same normalised text counts as
similarity 1.0), and puts the article into the cluster of its most similar match, or into a new
cluster of its own. Each cluster's representative is its earliest-published member (then earliest
captured, then the smallest URL), so the result does not depend on the order pages were stored; an
earlier-published copy stored later takes over by changing only
``duplicate_clusters.representative_id``.

Placing an article costs the same however big its cluster grows: at most :data:`CANDIDATES` index
rows are read per band key, only the :data:`CANDIDATES` articles sharing the most keys among them
are compared (the first copy of its text, found by its hash, first), and a newcomer is compared with its cluster's current representative
only (the order is total, so the earlier of the two is the earliest of all). The whole cluster is
ranked again only when a member leaves it (its text changed).

Two writers: on PostgreSQL, a writer first takes transaction-scoped advisory locks on the
article's band keys (new and, when it is re-placed, old) and text hash, in one statement and in
sorted order, then reads candidates. Two writers storing copies of one story share a key, so the
second waits until the first commits and then sees its rows (READ COMMITTED reads afresh per
statement); the clusters it leaves and joins are then locked with ``SELECT … FOR UPDATE`` in id
order. The locks are held to commit, so a transaction that stores several pages can still meet
another in a cycle; PostgreSQL then aborts one, and the writer runs it again
(:mod:`archive.store.retry`). SQLite has one writer at a time, which gives the same order.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, cast

import numpy as np
from sqlalchemy import (
    Connection,
    Engine,
    Integer,
    Table,
    bindparam,
    delete,
    func,
    insert,
    literal,
    literal_column,
    select,
    union_all,
    update,
)
from sqlalchemy import text as sql_text

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
from archive.store.retry import retrying
from archive.store.signatures import SignatureParams, band_keys, lock_key, pack, signature, similarity, unpack

_articles = cast(Table, Article.__table__)
_versions = cast(Table, ArticleVersion.__table__)
_signatures = cast(Table, ArticleSignature.__table__)
_bands = cast(Table, ArticleBand.__table__)
_clusters = cast(Table, DuplicateCluster.__table__)
_members = cast(Table, ClusterMember.__table__)
_settings = cast(Table, DedupSetting.__table__)

log = logging.getLogger(__name__)

# At most this many candidates are read and compared per placement: those sharing the most band keys
# with the newcomer, the likeliest to be similar (a pair at similarity J shares each band with
# probability J**rows), so a big cluster of near-identical copies costs no more than a small one.
CANDIDATES = 50


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

    locks: Any
    state: Any
    band_keys: Any
    delete_signature: Any
    delete_bands: Any
    add_signature: Any
    add_bands: Any
    delete_member: Any
    count_members: Any
    delete_cluster: Any
    add_cluster: Any
    add_member: Any
    lock_clusters: Any
    set_representative: Any
    set_exact_first: Any
    take_over: Any
    take_over_exact: Any


def _first_member(*where: Any) -> Any:
    """The cluster's first member in the representative's order (of those matching ``where``)."""
    members = _members
    return (
        select(members.c.article_id)
        .join(_articles, _articles.c.id == members.c.article_id)
        .where(members.c.cluster_id == bindparam("b_cluster_id"), *where)
        .order_by(members.c.published_at.is_(None), members.c.published_at, members.c.captured_at,
                  _articles.c.canonical_url)
        .limit(1)
        .scalar_subquery()
    )


@cache
def _statements() -> _Statements:
    members, bands, signatures, clusters = _members, _bands, _signatures, _clusters
    first = _first_member()
    # the earlier of the newcomer and the cluster's current representative (or first copy of its text)
    rival: Any = bindparam("b_rival")
    representative = select(clusters.c.representative_id).where(clusters.c.id == bindparam("b_cluster_id"))
    first_of_two = _first_member(members.c.article_id.in_([bindparam("b_new"), representative.scalar_subquery()]))
    first_copy_of_two = _first_member(members.c.article_id.in_([bindparam("b_new"), rival]))
    return _Statements(
        # every advisory lock of an article in one statement, taken in the order of the sorted array
        locks=select(func.count(func.pg_advisory_xact_lock(literal_column("lock_key")))).select_from(
            sql_text("unnest(CAST(:locks AS bigint[])) AS lock_key")),
        state=select(_articles.c.first_seen_at, members.c.cluster_id, members.c.text_hash,
                     signatures.c.article_id.is_not(None).label("signed"))
        .select_from(_articles)
        .outerjoin(members, members.c.article_id == _articles.c.id)
        .outerjoin(signatures, signatures.c.article_id == _articles.c.id)
        .where(_articles.c.id == bindparam("article_id")),
        band_keys=select(bands.c.key).where(bands.c.article_id == bindparam("article_id")),
        delete_signature=delete(signatures).where(signatures.c.article_id == bindparam("article_id")),
        delete_bands=delete(bands).where(bands.c.article_id == bindparam("article_id")),
        add_signature=insert(signatures),
        add_bands=insert(bands),
        delete_member=delete(members).where(members.c.article_id == bindparam("article_id")),
        count_members=select(func.count()).where(members.c.cluster_id == bindparam("cluster_id")),
        delete_cluster=delete(clusters).where(clusters.c.id == bindparam("cluster_id")),
        add_cluster=insert(clusters).returning(clusters.c.id),
        add_member=insert(members),
        lock_clusters=select(clusters.c.id)
        .where(clusters.c.id.in_(bindparam("cluster_ids", expanding=True)))
        .order_by(clusters.c.id)
        .with_for_update(),
        set_representative=update(clusters)
        .where(clusters.c.id == bindparam("b_cluster_id"), clusters.c.representative_id != first)
        .values(representative_id=first, updated_at=bindparam("b_now")),
        set_exact_first=update(members)
        .where(members.c.cluster_id == bindparam("b_cluster_id"), members.c.text_hash == bindparam("b_text_hash"))
        .values(exact_first=members.c.article_id == _first_member(members.c.text_hash == bindparam("b_text_hash"))),
        take_over=update(clusters)
        .where(clusters.c.id == bindparam("b_cluster_id"), clusters.c.representative_id != first_of_two)
        .values(representative_id=first_of_two, updated_at=bindparam("b_now")),
        take_over_exact=update(members)
        .where(members.c.article_id.in_([bindparam("b_new"), rival]))
        .values(exact_first=members.c.article_id == first_copy_of_two),
    )


@cache
def _candidates(band_count: int) -> Any:
    """The :data:`CANDIDATES` articles sharing the most band keys with the newcomer, from at most
    :data:`CANDIDATES` index rows per key (a key shared by a whole big cluster is not read whole),
    and the first copy of the newcomer's text in any cluster (by the indexed text hash, so it is
    never missed), ranked first."""
    bands, signatures, members = _bands, _signatures, _members
    parts: list[Any] = []
    for band in range(band_count):
        rows = (select(bands.c.article_id)
                .where(bands.c.key == bindparam(f"key{band}"), bands.c.article_id != bindparam("article_id"))
                .limit(CANDIDATES)
                .subquery())
        parts.append(select(rows.c.article_id, literal(1, Integer).label("weight")))
    parts.append(select(signatures.c.article_id, literal(band_count + 1, Integer).label("weight"))
                 .join(members, members.c.article_id == signatures.c.article_id)
                 .where(signatures.c.text_hash == bindparam("text_hash"), members.c.exact_first,
                        signatures.c.article_id != bindparam("article_id")))
    found = union_all(*parts).subquery()
    sharing = (select(found.c.article_id, func.sum(found.c.weight).label("shared"))
               .group_by(found.c.article_id)
               .subquery())
    return (
        select(signatures.c.article_id, signatures.c.minhash, members.c.cluster_id, members.c.text_hash,
               members.c.exact_first)
        .select_from(sharing)
        .join(signatures, signatures.c.article_id == sharing.c.article_id)
        .join(members, members.c.article_id == sharing.c.article_id)
        .where(signatures.c.scheme == bindparam("scheme"))
        .order_by(sharing.c.shared.desc(), sharing.c.article_id)
        .limit(CANDIDATES)
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
    postgres = connection.dialect.name == "postgresql"
    state = connection.execute(run.state, {"article_id": article_id}).one()
    if postgres:  # its old band keys too: a writer placing a copy of its old text waits for it to move
        old_keys = connection.execute(run.band_keys, {"article_id": article_id}).scalars().all() if state.signed else []
        connection.execute(run.locks, {"locks": sorted({lock_key("band", k) for k in (*keys, *old_keys)}
                                                       | {lock_key("text", digest)})})
    now = utcnow()
    if state.signed:
        connection.execute(run.delete_signature, {"article_id": article_id})
        connection.execute(run.delete_bands, {"article_id": article_id})
    connection.execute(run.add_signature, {"article_id": article_id, "version_id": version_id, "scheme": params.scheme,
                                           "text_hash": digest, "minhash": pack(values), "computed_at": now})
    connection.execute(run.add_bands, [{"article_id": article_id, "band": band, "key": k} for band, k in enumerate(keys)])
    match = _best_match(connection, article_id, digest, values, keys, params)
    if postgres:  # both clusters, in id order: two writers moving articles between them do not deadlock
        held = sorted({c for c in (state.cluster_id, match[1] if match else None) if c is not None})
        if held:
            connection.execute(run.lock_clusters, {"cluster_ids": held})
    if state.cluster_id is not None:
        _leave(connection, article_id, state.cluster_id, state.text_hash)
    member = {"article_id": article_id, "text_hash": digest, "published_at": published_at,
              "captured_at": state.first_seen_at, "joined_at": now}
    if match is None:
        cluster_id = connection.execute(
            run.add_cluster, {"representative_id": article_id, "created_at": now, "updated_at": now}
        ).scalar_one()
        connection.execute(run.add_member, {**member, "cluster_id": cluster_id, "matched_article_id": None,
                                            "similarity": None, "exact_first": True})
        return Placement(cluster_id, None, None)
    matched_id, cluster_id, score, exact, first_copy = match
    connection.execute(run.add_member, {**member, "cluster_id": cluster_id, "matched_article_id": matched_id,
                                        "similarity": score, "exact_first": not exact})
    _join(connection, cluster_id, article_id, matched_id if first_copy else None, digest if exact else None)
    return Placement(cluster_id, matched_id, score)


def _best_match(
    connection: Connection, article_id: int, digest: str, values: np.ndarray, keys: list[int], params: SignatureParams
) -> tuple[int, int, float, bool, bool] | None:
    """(article, its cluster, similarity, same text, first copy of that text in its cluster) of the
    most similar of the :data:`CANDIDATES` candidates at or above the threshold, if any: a copy of
    the same normalised text first (similarity 1.0; it shares every band key, so the band lookup
    ranks it first), its cluster's first such copy first."""
    best: tuple[tuple[bool, bool, float, int], tuple[int, int, float, bool, bool]] | None = None
    bound = {f"key{band}": key for band, key in enumerate(keys)}
    rows = connection.execute(_candidates(len(keys)), {**bound, "article_id": article_id, "scheme": params.scheme,
                                                       "text_hash": digest})
    for candidate_id, blob, cluster_id, candidate_hash, exact_first in rows:
        exact = candidate_hash == digest
        score = 1.0 if exact else similarity(values, unpack(blob))
        if score < params.threshold:
            continue
        rank = (exact, exact and bool(exact_first), score, -candidate_id)
        if best is None or rank > best[0]:
            best = (rank, (candidate_id, cluster_id, score, exact, exact and bool(exact_first)))
    return None if best is None else best[1]


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


def _leave(connection: Connection, article_id: int, cluster_id: int, text_hash: str) -> None:
    """Take the article out of its cluster (its text changed): a new representative if it was one,
    and the cluster removed when it was its last member."""
    run = _statements()
    connection.execute(run.delete_member, {"article_id": article_id})
    if connection.execute(run.count_members, {"cluster_id": cluster_id}).scalar_one() == 0:
        connection.execute(run.delete_cluster, {"cluster_id": cluster_id})
        return
    _elect(connection, cluster_id, text_hash)


def _join(connection: Connection, cluster_id: int, article_id: int, first_copy: int | None, text_hash: str | None) -> None:
    """The newcomer takes over as representative if it comes before the current one, and as first
    copy of its text if it comes before ``first_copy``: two members compared, not the cluster ranked.
    ``text_hash`` without ``first_copy``: the first copy is unknown, and all copies are ranked."""
    run = _statements()
    connection.execute(run.take_over, {"b_cluster_id": cluster_id, "b_new": article_id, "b_now": utcnow()})
    if first_copy is not None:
        connection.execute(run.take_over_exact, {"b_cluster_id": cluster_id, "b_new": article_id, "b_rival": first_copy})
    elif text_hash is not None:
        connection.execute(run.set_exact_first, {"b_cluster_id": cluster_id, "b_text_hash": text_hash})


def _elect(connection: Connection, cluster_id: int, text_hash: str | None) -> None:
    """Choose the cluster's representative afresh, and the first copy of ``text_hash`` in it (None:
    that text has one copy in the cluster, already marked first)."""
    run = _statements()
    connection.execute(run.set_representative, {"b_cluster_id": cluster_id, "b_now": utcnow()})
    if text_hash is not None:
        connection.execute(run.set_exact_first, {"b_cluster_id": cluster_id, "b_text_hash": text_hash})


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


def rebuild(engine: Engine, params: SignatureParams | None = None, batch_size: int = 500) -> Iterator[RebuildProgress]:
    """Recompute signatures and clusters, one committed transaction per batch.

    With new ``params`` (another threshold) every cluster is dropped first and rebuilt under them;
    with the archive's own, only articles not yet signed under its scheme are done (resuming an
    interrupted run, or re-signing what an older release signed otherwise). An archive without
    ``dedup_settings`` gets them only when every article is signed: that row marks the first fill
    as complete (:func:`fill_pending`)."""
    with engine.begin() as connection:
        current = load_params(connection)
        settled = connection.execute(select(func.count()).select_from(_settings)).scalar_one() > 0
        if params is not None and params != current:
            clear_clusters(connection)
            save_params(connection, params)
            settled = True
        params = params or current
        total = count_unsigned(connection, params)
    done = 0
    while batch := retrying(lambda: _sign_batch(engine, params, batch_size)):
        done += batch
        yield RebuildProgress(done, total)
    if not settled:
        with engine.begin() as connection:
            save_params(connection, params)


def fill_pending(engine: Engine, progress: Callable[[RebuildProgress], None] | None = None,
                 batch_size: int = 500) -> None:
    """Sign and cluster the articles of an archive stored before signatures existed (migration
    0030 adds the tables, this fills them), in committed batches, reporting ``progress`` after each.
    Killed half-way, the next call goes on from the last committed batch; once every article is
    signed, ``dedup_settings`` is written and later calls cost one query."""
    with engine.connect() as connection:
        if connection.execute(select(func.count()).select_from(_settings)).scalar_one() > 0:
            return
    for step in rebuild(engine, batch_size=batch_size):
        if progress is not None:
            progress(step)
        else:
            log.info("dedup: signed %d of %d articles", step.done, step.total)


def _sign_batch(engine: Engine, params: SignatureParams, batch_size: int) -> int:
    """Sign and place the next ``batch_size`` unsigned articles in one committed transaction."""
    with engine.begin() as connection:
        batch = articles_to_sign(connection, params, batch_size)
        for article_id, version_id, text, published_at in batch:
            place_article(connection, article_id, version_id, text, published_at=published_at, params=params)
    return len(batch)


def clear_clusters(connection: Connection) -> None:
    """Forget every cluster and signature (before a rebuild with other parameters)."""
    connection.execute(delete(_members))
    connection.execute(delete(_clusters))
    connection.execute(delete(_bands))
    connection.execute(delete(_signatures))
