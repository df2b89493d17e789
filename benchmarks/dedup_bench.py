"""Duplicates found at store time: what they cost when a page is stored, and what exports gain.

    .venv/bin/python benchmarks/dedup_bench.py [--articles 10000] [--db URL] [--json out.json] [--jobs 2] [--resume]

Builds a synthetic archive (default a fresh SQLite file in a temporary directory) with bulk inserts:
realistic Chinese and English articles made of sentences from the Chinese samples and English news
gold texts (../shared/realpages), 5% of them near-duplicate copies on another site (other
boilerplate, an edited lead, a third of them in the other script). Every article gets its real
signature and band rows (archive.store.signatures); its cluster comes from the generator, which
knows what each copy was copied from (a copy joins its original's cluster, the earlier-published
original represents it), so a million articles build in minutes, not hours of single stores.
Then measures:

- the store-time cost of deduplication per article on an archive of that size: 2,000 more
  articles (5% copies of stored ones) placed by ``archive.store.duplicates.place_article`` in
  transactions of 100, as a crawl stores them — signature, band keys, one candidate lookup on the
  band index, cluster update; against decode + extract + clean per page (archive.process) on 150
  real English news pages of ../shared/realpages (L3S-GN1);
- with ``--cluster N``: one story copied N times (each copy with a sentence of its own, published
  in random order) placed one by one into that archive, and the CPU milliseconds per placement of
  the first and the last 100 copies: placing into a big cluster should cost what placing into a
  small one does;
- ``newsarchive export --dedup near`` against ``--dedup none`` (rows read per second, jsonl), each
  in its own process, and that process's peak memory (max RSS).

No network: everything runs on this machine.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy.orm import Session  # noqa: E402

from archive.normalize import key_hash, text_key  # noqa: E402
from archive.store.duplicates import place_article, save_params  # noqa: E402
from archive.store.engine import open_archive  # noqa: E402
from archive.store.models import (  # noqa: E402
    Article,
    ArticleBand,
    ArticleSignature,
    ArticleVersion,
    ClusterMember,
    DuplicateCluster,
    Site,
)
from archive.store.signatures import SignatureParams, band_keys, pack, signature, similarity  # noqa: E402

NEWSARCHIVE = str(Path(sys.executable).parent / "newsarchive")
REALPAGES = ROOT.parent / "shared" / "realpages" / "manifest.jsonl"
T0 = datetime(2024, 1, 1, tzinfo=UTC)
SITES = 20


def sentence_pools() -> tuple[list[str], list[str]]:
    from tests.labelled.stories import load_stories

    zh = [s + "。" for story in load_stories().values() if story.language.startswith("zh")
          for p in story.paragraphs for s in re.split(r"[。！？]", p) if len(s) > 12]
    en: list[str] = []
    with REALPAGES.open(encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            if record["lang"] == "en":
                en.extend(s.strip() + "." for s in re.split(r"(?<=[.!?])\s+", record["gold_text"]) if len(s) > 40)
            if len(en) > 20_000:
                break
    return zh, en


def make_article(rng: random.Random, zh: list[str], en: list[str], n: int) -> tuple[str, str]:
    chinese = rng.random() < 0.5
    pool = zh if chinese else en
    sentences = rng.sample(pool, rng.randint(8, 16))
    # names and numbers make every synthetic story its own
    tag = f"{rng.randint(1, 28)}日{rng.choice('张王李赵刘陈杨黄')}某某" if chinese else f"on day {n} officer {rng.randint(1000, 9999)}"
    sentences.insert(1, (f"记者{tag}报道，编号{n}。" if chinese else f"Reported {tag}, case {n}."))
    paragraphs = ["".join(sentences[i:i + 3]) if chinese else " ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
    return ("zh-Hans" if chinese else "en"), "\n".join(paragraphs)


def copy_of(rng: random.Random, language: str, text: str) -> str:
    paragraphs = text.split("\n")
    if language.startswith("zh"):
        paragraphs[0] = "据报道，" + paragraphs[0][6:]
        copy = "【转载】" + "\n".join(paragraphs) + "\n责任编辑：王一"
        if rng.random() < 1 / 3:
            import opencc

            copy = opencc.OpenCC("s2t").convert(copy)
        return copy
    paragraphs[0] = "In a statement, " + paragraphs[0][20:]
    return "(Reuters) - " + "\n".join(paragraphs) + "\nReporting by Jane Doe; Editing by Mark Potter."


def _generate(rng: random.Random, zh: list[str], en: list[str], n: int,
              originals: list[tuple[int, str, str]]) -> tuple[str, str, int | None]:
    """Article ``n``: (language, text, the article it copies or None)."""
    if originals and rng.random() < 0.05:
        source, language, text = rng.choice(originals[-500:])
        return language, copy_of(rng, language, text), source
    language, text = make_article(rng, zh, en, n)
    originals.append((n, language, text))
    return language, text, None


def _params() -> SignatureParams:
    return SignatureParams.for_threshold(SignatureParams().threshold)


def _sign(text: str) -> tuple[str, Any, list[int]]:
    """(text hash, MinHash values, band keys) of one article: the build's costly part, run in a pool."""
    params = _params()
    key = text_key(text)
    values = signature(text, params, key=key)
    return key_hash(key), values, band_keys(values, params)


def build(db_url: str, articles: int, seed: int = 14, chunk: int = 2000, jobs: int = 1,
          resume: bool = False) -> dict[str, Any]:
    """A synthetic archive of ``articles`` articles written with bulk inserts (ids 1..articles).

    ``jobs`` processes compute the signatures (the texts are still generated in order by one random
    generator, so the archive is the same whatever ``jobs``). ``resume``: an archive this build
    left unfinished (each chunk is one transaction) is completed from its last article on, the
    generator replayed up to there."""
    import multiprocessing
    from collections import deque

    from sqlalchemy import func, insert, select, update

    rng = random.Random(seed)
    zh, en = sentence_pools()
    engine = open_archive(db_url)
    params = _params()
    started = time.perf_counter()
    tables = {t.name: t for t in (Article.__table__, ArticleVersion.__table__, ArticleSignature.__table__,
                                  ArticleBand.__table__, DuplicateCluster.__table__, ClusterMember.__table__,
                                  Site.__table__)}
    originals: list[tuple[int, str, str]] = []
    cluster_of: dict[int, int] = {}  # original article id -> its cluster id (= the original's id)
    values_of: dict[int, Any] = {}  # the last originals' signatures, to score their copies
    done = 0
    if resume:
        with engine.connect() as connection:
            done = connection.scalar(select(func.max(Article.__table__.c.id))) or 0
    if done:
        recent: deque[tuple[int, str]] = deque(maxlen=600)
        for n in range(1, done + 1):
            _, text, source = _generate(rng, zh, en, n, originals)
            if source is None:
                cluster_of[n] = n
                recent.append((n, text))
        values_of = {n: _sign(text)[1] for n, text in recent}
        print(f"resuming after article {done}", file=sys.stderr, flush=True)
    else:
        with engine.begin() as connection:
            connection.execute(insert(tables["sites"]), [{"id": i + 1, "name": f"site{i}", "host": f"site{i}.test",
                                                         "settings": {}, "created_at": T0} for i in range(SITES)])
    pool = multiprocessing.get_context("fork").Pool(jobs) if jobs > 1 else None
    for start in range(done + 1, articles + 1, chunk):
        rows: dict[str, list[dict[str, Any]]] = {name: [] for name in tables if name != "sites"}
        generated = [(n, *_generate(rng, zh, en, n, originals)) for n in range(start, min(start + chunk, articles + 1))]
        texts = [text for _, _, text, _ in generated]
        signed = pool.map(_sign, texts, chunksize=50) if pool is not None else [_sign(text) for text in texts]
        for (n, language, text, source), (digest, values, keys) in zip(generated, signed):
            seen = T0 + timedelta(minutes=n)
            rows["articles"].append({"id": n, "site_id": n % SITES + 1, "canonical_url": f"http://site{n % SITES}.test/{n}.html",
                                     "first_seen_at": seen, "last_seen_at": seen, "status": "live"})
            rows["article_versions"].append({
                "id": n, "article_id": n, "number": 1, "title": f"Article {n}", "published_at": seen,
                "language": language, "text": text, "text_hash": digest, "content_hash": digest,
                "extractor_version": "bench", "removed": [], "cause": "page", "created_at": seen})
            rows["article_signatures"].append({"article_id": n, "version_id": n, "scheme": params.scheme,
                                               "text_hash": digest, "minhash": pack(values), "computed_at": seen})
            rows["article_bands"].extend({"article_id": n, "band": band, "key": k} for band, k in enumerate(keys))
            member = {"article_id": n, "text_hash": digest, "exact_first": True, "published_at": seen,
                      "captured_at": seen, "joined_at": seen}
            if source is None:
                cluster_of[n] = n
                values_of[n] = values
                if len(values_of) > 600:
                    values_of.pop(next(iter(values_of)))
                rows["duplicate_clusters"].append({"id": n, "representative_id": n, "created_at": seen,
                                                   "updated_at": seen})
                rows["cluster_members"].append({**member, "cluster_id": n, "matched_article_id": None,
                                                "similarity": None})
            else:
                rows["cluster_members"].append({**member, "cluster_id": cluster_of[source], "matched_article_id": source,
                                                "similarity": similarity(values, values_of[source])})
        with engine.begin() as connection:
            connection.execute(insert(tables["articles"]), rows["articles"])
            connection.execute(insert(tables["article_versions"]), rows["article_versions"])
            connection.execute(update(tables["articles"]).where(
                tables["articles"].c.id.between(start, start + chunk - 1)).values(
                current_version_id=tables["articles"].c.id))
            for name in ("article_signatures", "article_bands", "duplicate_clusters", "cluster_members"):
                connection.execute(insert(tables[name]), rows[name])
        if start // chunk % 50 == 0:
            print(f"built {min(start + chunk - 1, articles)} of {articles}", file=sys.stderr, flush=True)
    if pool is not None:
        pool.close()
    with engine.begin() as connection:
        save_params(connection, params)
        if connection.dialect.name == "postgresql":
            for name in ("sites", "articles", "article_versions", "duplicate_clusters"):
                connection.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))")
            connection.exec_driver_sql("ANALYZE")
        else:
            connection.exec_driver_sql("ANALYZE")
    return {"articles": articles, "build_seconds": round(time.perf_counter() - started, 1), "build_resumed_after": done,
            "_state": (rng, zh, en, originals)}


def store_cost(db_url: str, state: Any, articles: int, sample: int = 2000, per_transaction: int = 100) -> dict[str, Any]:
    """ms per article of ``place_article`` for ``sample`` more articles stored into the archive."""
    from sqlalchemy import insert, select, update

    rng, zh, en, originals = state
    engine = open_archive(db_url)
    params = SignatureParams.for_threshold(SignatureParams().threshold)
    new: list[tuple[int, str, int | None]] = []
    with engine.begin() as connection:
        for n in range(articles + 1, articles + sample + 1):
            language, text, source = _generate(rng, zh, en, n, originals)
            seen = T0 + timedelta(minutes=n)
            connection.execute(insert(Article.__table__).values(
                id=n, site_id=n % SITES + 1, canonical_url=f"http://site{n % SITES}.test/{n}.html", first_seen_at=seen,
                last_seen_at=seen, status="live"))
            connection.execute(insert(ArticleVersion.__table__).values(
                id=n, article_id=n, number=1, title=f"Article {n}", published_at=seen, language=language, text=text,
                text_hash="-", content_hash="-", extractor_version="bench", removed=[], cause="page", created_at=seen))
            connection.execute(update(Article.__table__).where(Article.__table__.c.id == n).values(current_version_id=n))
            new.append((n, text, source))
    wall, cpu = time.perf_counter(), time.process_time()
    for start in range(0, sample, per_transaction):
        with engine.begin() as connection:
            for n, text, _ in new[start:start + per_transaction]:
                place_article(connection, n, n, text, published_at=T0 + timedelta(minutes=n), params=params)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    with Session(engine) as s:
        cluster = dict(s.execute(select(ClusterMember.article_id, ClusterMember.cluster_id)
                                 .where(ClusterMember.article_id > articles)).all())
        sources = [source for _, _, source in new if source is not None]
        source_cluster = dict(s.execute(select(ClusterMember.article_id, ClusterMember.cluster_id)
                                        .where(ClusterMember.article_id.in_(sources))).all())
    copies = [(n, source) for n, _, source in new if source is not None]
    found = sum(1 for n, source in copies if cluster[n] == source_cluster[source])
    return {"store_dedup_ms_per_article": round(1000 * wall / sample, 2),
            "store_dedup_cpu_ms_per_article": round(1000 * cpu / sample, 2),
            "store_sample_copies_found": f"{found} of {len(copies)}"}


def cluster_cost(db_url: str, state: Any, first_id: int, size: int, per_transaction: int = 20) -> dict[str, Any]:
    """CPU ms per placement of the first and the last 100 of ``size`` near-identical copies of one story."""
    from sqlalchemy import func, insert, select, update

    rng, zh, en, _ = state
    engine = open_archive(db_url)
    params = SignatureParams.for_threshold(SignatureParams().threshold)
    _, story = make_article(rng, zh, en, first_id)
    copies = []
    with engine.begin() as connection:
        for n in range(first_id, first_id + size):
            text = story + f"\n记者{n}补充报道。"
            seen = T0 + timedelta(minutes=rng.randrange(10**6))
            connection.execute(insert(Article.__table__).values(
                id=n, site_id=n % SITES + 1, canonical_url=f"http://site{n % SITES}.test/c{n}.html", first_seen_at=seen,
                last_seen_at=seen, status="live"))
            connection.execute(insert(ArticleVersion.__table__).values(
                id=n, article_id=n, number=1, title=f"Copy {n}", published_at=seen, language="zh-Hans", text=text,
                text_hash="-", content_hash="-", extractor_version="bench", removed=[], cause="page", created_at=seen))
            connection.execute(update(Article.__table__).where(Article.__table__.c.id == n).values(current_version_id=n))
            copies.append((n, text, seen))
    cpu_of: list[float] = []
    for start in range(0, size, per_transaction):
        cpu = time.process_time()
        with engine.begin() as connection:
            for n, text, seen in copies[start:start + per_transaction]:
                place_article(connection, n, n, text, published_at=seen, params=params)
        cpu_of.append((time.process_time() - cpu) / len(copies[start:start + per_transaction]))
    batches = max(1, 100 // per_transaction)
    with Session(engine) as s:
        clusters = s.scalar(select(func.count(func.distinct(ClusterMember.cluster_id)))
                            .where(ClusterMember.article_id >= first_id))
    return {"cluster_size": size, "cluster_clusters_formed": clusters,
            "cluster_first_100_cpu_ms_per_article": round(1000 * sum(cpu_of[:batches]) / batches, 2),
            "cluster_last_100_cpu_ms_per_article": round(1000 * sum(cpu_of[-batches:]) / batches, 2)}


def real_extraction_cost(pages: int = 150) -> dict[str, Any]:
    """decode + extract + clean per page on the first ``pages`` English news pages of ../shared/realpages."""
    import gzip

    from archive.process import ExtractorCache, FetchedPage, process_page

    fetched = []
    with REALPAGES.open(encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            if record["dataset"] == "l3s_gn1":
                body = gzip.decompress((REALPAGES.parent / record["path"]).read_bytes())
                fetched.append(FetchedPage(url=record["url"], final_url=record["url"], status=200, headers=(),
                                           body=body, fetched_at=datetime(2025, 1, 1, tzinfo=UTC)))
            if len(fetched) == pages:
                break
    extractors = ExtractorCache()
    started, cpu = time.perf_counter(), time.process_time()
    for page in fetched:
        process_page(page, extractors)
    return {"extract_real_ms_per_page": round(1000 * (time.perf_counter() - started) / len(fetched), 2),
            "extract_real_cpu_ms_per_page": round(1000 * (time.process_time() - cpu) / len(fetched), 2),
            "extract_real_pages": len(fetched)}


def export_run(db_url: str, mode: str, out: Path) -> dict[str, Any]:
    """One `newsarchive export` in its own process: rows per second and the process's max RSS."""
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
             "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode); "
             "print(r.stderr.strip().splitlines()[-1])")
    result = subprocess.run(
        [sys.executable, "-c", probe, NEWSARCHIVE, "--db", db_url, "export", "--out", str(out), "--dedup", mode],
        capture_output=True, text=True, check=True,
    )
    first, summary = result.stdout.strip().splitlines()[:2]
    seconds, max_rss_kb, code = first.split()
    assert code == "0", result.stdout
    return {"mode": mode, "seconds": round(float(seconds), 2), "max_rss_mb": round(int(max_rss_kb) / 1024, 1),
            "summary": summary}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--db", help="archive URL (default: a new SQLite file in a temporary directory); "
                                     "a PostgreSQL database is emptied first")
    parser.add_argument("--runs", type=int, default=2, help="export runs per mode (the best counts)")
    parser.add_argument("--no-extraction", action="store_true", help="skip measuring extraction")
    parser.add_argument("--cluster", type=int, default=0, metavar="N",
                        help="also place N near-identical copies of one story and compare their first and last costs")
    parser.add_argument("--no-export", action="store_true", help="skip the export runs")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--jobs", type=int, default=1, help="processes computing the build's signatures")
    parser.add_argument("--resume", action="store_true",
                        help="complete an archive an interrupted build left in --db instead of starting anew")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=Path(tempfile.gettempdir())) as tmp:
        db_url = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
        if db_url.startswith("postgresql") and not args.resume:
            from sqlalchemy import create_engine

            with create_engine(db_url).begin() as connection:
                connection.exec_driver_sql("DROP SCHEMA public CASCADE")
                connection.exec_driver_sql("CREATE SCHEMA public")
        figures: dict[str, Any] = {"db": db_url.split(":")[0]}
        built = build(db_url, args.articles, jobs=args.jobs, resume=args.resume)
        state = built.pop("_state")
        figures.update(built)
        if db_url.startswith("sqlite"):
            figures["db_file_mb"] = round(Path(db_url.removeprefix("sqlite:///")).stat().st_size / 2**20)
        figures.update(store_cost(db_url, state, args.articles))
        if args.cluster:
            figures.update(cluster_cost(db_url, state, args.articles + 2001, args.cluster))
        total = args.articles + 2000 + args.cluster
        runs = [] if args.no_export else [export_run(db_url, mode, Path(tmp) / f"{mode}.jsonl")
                                          for _ in range(args.runs) for mode in ("none", "near")]
        for mode in ("none", "near") if runs else ():
            best = min((r for r in runs if r["mode"] == mode), key=lambda r: r["seconds"])
            figures[f"export_{mode}_rows_per_s"] = round(total / best["seconds"])
            figures[f"export_{mode}_max_rss_mb"] = max(r["max_rss_mb"] for r in runs if r["mode"] == mode)
            figures[f"export_{mode}_summary"] = best["summary"]
        if runs:
            figures["near_vs_none"] = round(figures["export_near_rows_per_s"] / figures["export_none_rows_per_s"], 2)
        if not args.no_extraction:
            figures.update(real_extraction_cost())
            figures["store_dedup_share_of_real_extraction"] = round(
                figures["store_dedup_ms_per_article"] / figures["extract_real_ms_per_page"], 3)
            figures["store_dedup_cpu_share_of_real_extraction"] = round(
                figures["store_dedup_cpu_ms_per_article"] / figures["extract_real_cpu_ms_per_page"], 3)
    print(json.dumps(figures, indent=1, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    main()
