"""Duplicates found at store time: what they cost when a page is stored, and what exports gain.

    .venv/bin/python benchmarks/dedup_bench.py [--articles 10000] [--db URL] [--json out.json]

Builds a synthetic archive (default a fresh SQLite file in a temporary directory): realistic
Chinese and English articles made of sentences from the Chinese samples and English news gold
texts (../shared/realpages), 5% of them near-duplicate copies on another site (other
boilerplate, an edited lead, a third of them in the other script). Then measures:

- the store-time cost of deduplication per article (``newsarchive dedup rebuild`` over the whole
  archive: signature, band keys, candidate lookup and cluster update — exactly what storing a
  version adds), against decode + extract + clean per page (archive.process on the 75 labelled
  pages, and on 150 real English news pages of ../shared/realpages, L3S-GN1);
- ``newsarchive export --dedup near`` against ``--dedup none`` (rows read per second, jsonl), each in
  its own process, and that process's peak memory (max RSS).

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

from archive.store.duplicates import rebuild  # noqa: E402
from archive.store.engine import open_archive  # noqa: E402
from archive.store.signatures import SignatureParams  # noqa: E402
from archive.store.writes import VersionFields, add_version, ensure_site, upsert_article  # noqa: E402

NEWSARCHIVE = str(Path(sys.executable).parent / "newsarchive")
REALPAGES = ROOT.parent / "shared" / "realpages" / "manifest.jsonl"
T0 = datetime(2024, 1, 1, tzinfo=UTC)


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


def build(db_url: str, articles: int, seed: int = 14) -> dict[str, Any]:
    rng = random.Random(seed)
    zh, en = sentence_pools()
    engine = open_archive(db_url)
    originals: list[tuple[str, str]] = []
    started = time.perf_counter()
    batch = 200
    with Session(engine) as s:
        sites = [ensure_site(s, f"site{i}", f"site{i}.test") for i in range(20)]
        s.commit()
    for start in range(0, articles, batch):
        with Session(engine) as s, s.begin():
            for n in range(start, min(start + batch, articles)):
                if originals and rng.random() < 0.05:
                    language, text = rng.choice(originals[-500:])
                    text = copy_of(rng, language, text)
                else:
                    language, text = make_article(rng, zh, en, n)
                    originals.append((language, text))
                site = sites[n % len(sites)]
                seen = T0 + timedelta(minutes=n)
                article = upsert_article(s, f"http://site{n % len(sites)}.test/{n}.html", site, seen)
                add_version(s, article, VersionFields(title=f"Article {n}", text=text, extractor_version="bench",
                                                      language=language, published_at=seen), None)
    return {"articles": articles, "build_seconds": round(time.perf_counter() - started, 1)}


def dedup_cost(db_url: str, articles: int) -> dict[str, Any]:
    """Seconds per article of `dedup rebuild` at a new threshold: every signature and cluster afresh."""
    engine = open_archive(db_url)
    started = time.perf_counter()
    for _ in rebuild(engine, SignatureParams.for_threshold(0.55), batch_size=500):
        pass
    seconds = time.perf_counter() - started
    for _ in rebuild(engine, SignatureParams.for_threshold(0.5), batch_size=500):  # back to the default
        pass
    return {"dedup_ms_per_article": round(1000 * seconds / articles, 2)}


def extraction_cost(rounds: int = 3) -> dict[str, Any]:
    from archive.process import ExtractorCache, FetchedPage, process_page

    labelled = ROOT / "tests" / "labelled"
    truth = json.loads((labelled / "truth.json").read_text("utf-8"))
    pages = [FetchedPage(url=t["url"], final_url=t["url"], status=200, headers=(("Content-Type", t["content_type"]),),
                         body=(labelled / "pages" / t["file"]).read_bytes(),
                         fetched_at=datetime.fromisoformat(t["fetched_at"])) for t in truth]
    extractors = ExtractorCache()
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for page in pages:
            process_page(page, extractors)
        best = min(best, time.perf_counter() - started)
    return {"extract_ms_per_page": round(1000 * best / len(pages), 2), "extract_pages": len(pages)}


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
    started = time.perf_counter()
    for page in fetched:
        process_page(page, extractors)
    return {"extract_real_ms_per_page": round(1000 * (time.perf_counter() - started) / len(fetched), 2),
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
    parser.add_argument("--db", help="archive URL (default: a new SQLite file in a temporary directory)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db_url = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
        figures: dict[str, Any] = {"db": db_url.split(":")[0]}
        figures.update(build(db_url, args.articles))
        figures.update(dedup_cost(db_url, args.articles))
        figures.update(extraction_cost())
        figures.update(real_extraction_cost())
        figures["dedup_share_of_extraction"] = round(figures["dedup_ms_per_article"] / figures["extract_ms_per_page"], 3)
        figures["dedup_share_of_real_extraction"] = round(
            figures["dedup_ms_per_article"] / figures["extract_real_ms_per_page"], 3)
        runs = [export_run(db_url, mode, Path(tmp) / f"{mode}.jsonl") for mode in ("none", "near", "none", "near")]
        for mode in ("none", "near"):
            best = min((r for r in runs if r["mode"] == mode), key=lambda r: r["seconds"])
            figures[f"export_{mode}_rows_per_s"] = round(args.articles / best["seconds"])
            figures[f"export_{mode}_max_rss_mb"] = max(r["max_rss_mb"] for r in runs if r["mode"] == mode)
            figures[f"export_{mode}_summary"] = best["summary"]
        figures["near_vs_none"] = round(figures["export_near_rows_per_s"] / figures["export_none_rows_per_s"], 2)
    print(json.dumps(figures, indent=1, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    main()
