"""Web UI latency on a large synthetic archive (see docs/benchmarks.md, "Web UI").

    .venv/bin/python benchmarks/web_bench.py [--articles 100000] [--db URL] [--requests 40]

1. Builds (or reuses, when ``--db`` already holds articles) an archive of N synthetic articles
   through the real store writes (``ensure_site`` / ``upsert_article_row`` / ``add_version`` /
   ``add_comments``, so the search index is maintained as in a crawl): 6 sites, three years of
   publication dates, Simplified (60 %), Traditional (15 %) and English (25 %) text of 6-14
   sentences drawn from a news vocabulary, a third with 1-8 comments (some replies), one in ten
   with a corrected second version. Reports the build rate.
2. Starts ``newsarchive serve`` in a subprocess and times how long until it answers (startup).
3. Requests each page kind ``--requests`` times over HTTP (keep-alive off, as a browser's first
   visit) and prints p50 / p95 in milliseconds per kind, as one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.store.engine import open_archive
from archive.store.models import Article, Capture
from archive.store.writes import (
    VersionFields,
    add_capture,
    add_comments,
    add_version,
    ensure_site,
    put_body,
    upsert_article_row,
)

NEWSARCHIVE = str(Path(sys.executable).parent / "newsarchive")
ZH_WORDS = (
    "台风 疫苗 经济 政府 市民 记者 报道 发展 合作 国际 城市 交通 地铁 医院 学校 教育 科技 人工智能 芯片 公司 市场 "
    "股市 房价 银行 央行 利率 出口 进口 关税 能源 电力 天气 暴雨 高温 洪水 救援 警方 法院 案件 调查 官员 会议 "
    "总统 总理 外交 谈判 协议 选举 议员 社区 居民 老人 儿童 医生 护士 病毒 感染 检测 接种 研究 大学 学生 考试 "
    "比赛 球队 冠军 电影 音乐 文化 旅游 航班 机场 铁路 高铁 港口 工厂 工人 工资 就业 失业 消费 价格 通胀 "
    "农业 粮食 环境 污染 气候 森林 海洋 渔民 军队 演习 导弹 安全 网络 数据 隐私 手机 平台 用户 评论"
).split()
EN_WORDS = (
    "typhoon vaccine economy government residents reporter report development cooperation international city "
    "transport metro hospital school education technology artificial intelligence chip company market shares "
    "housing bank central interest exports imports tariffs energy power weather rainstorm heat flood rescue police "
    "court case investigation officials meeting president minister diplomacy talks agreement election lawmakers "
    "community elderly children doctors nurses virus infection testing research university students exam match "
    "team champion film music culture tourism flights airport railway harbour factory workers wages jobs prices"
).split()
FILLER_ZH = "的 了 在 是 和 对 将 已 并 也 于 表示 指出 认为 称 据 昨日 今天 近日 目前".split()
FILLER_EN = "the a of to in and on for with said that was is has will by from at after".split()


def opencc_t2s_inverse() -> object:
    import opencc

    return opencc.OpenCC("s2t")


def sentence(rng: random.Random, zh: bool) -> str:
    if zh:
        words = [rng.choice(ZH_WORDS if rng.random() < 0.6 else FILLER_ZH) for _ in range(rng.randint(8, 20))]
        return "".join(words) + "。"
    words = [rng.choice(EN_WORDS if rng.random() < 0.45 else FILLER_EN) for _ in range(rng.randint(10, 24))]
    return " ".join(words).capitalize() + "."


@dataclass
class Comment:
    author: str | None
    text: str
    posted_at: datetime | None
    reply_to: int | None
    external_id: str | None
    position: int


def build(db_url: str, n: int, seed: int = 7) -> float:
    rng = random.Random(seed)
    to_traditional = opencc_t2s_inverse()
    engine = open_archive(db_url)
    start = datetime(2023, 1, 1, tzinfo=UTC)
    began = time.perf_counter()
    batch = 500
    with Session(engine) as s, s.begin():
        sites = [ensure_site(s, f"site{i}", f"site{i}.test") for i in range(6)]
        body_sha = put_body(s, b"<html><body><p>synthetic</p></body></html>")
    for first in range(0, n, batch):
        with Session(engine) as s, s.begin():
            for i in range(first, min(n, first + batch)):
                kind = rng.random()
                zh, traditional = kind < 0.75, kind < 0.15
                site = sites[i % len(sites)]
                published = start + timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60))
                title = "".join(rng.choice(ZH_WORDS) for _ in range(5)) if zh else " ".join(
                    rng.choice(EN_WORDS) for _ in range(7)).capitalize()
                text = "\n".join(sentence(rng, zh) for _ in range(rng.randint(6, 14)))
                if traditional:
                    title, text = to_traditional.convert(title), to_traditional.convert(text)  # type: ignore[attr-defined]
                url = f"http://site{i % 6}.test/news/{i}.html"
                capture = add_capture(s, site_id=site, requested_url=url, final_url=url, status=200,
                                      headers=[["Content-Type", "text/html; charset=utf-8"]], fetched_at=published,
                                      body_sha256=body_sha, encoding="utf-8", repairs=[], kind="page")
                row = upsert_article_row(s, url, site, published)
                language = "zh-Hant" if traditional else "zh-Hans" if zh else "en"
                fields = VersionFields(title=title, text=text, extractor_version="bench", published_at=published,
                                       language=language)
                add_version(s, row, fields, capture)
                if rng.random() < 0.1:
                    add_version(s, row.id, VersionFields(title=title, text=text.replace("。", "！", 1) + "\n更正。",
                                                         extractor_version="bench", published_at=published,
                                                         language=language), capture)
                if rng.random() < 0.33:
                    comments = [Comment(f"user{rng.randint(1, 999)}", sentence(rng, zh), published, None, None, k)
                                for k in range(rng.randint(1, 8))]
                    for k in range(1, len(comments)):
                        if rng.random() < 0.3:
                            comments[k].reply_to = rng.randrange(k)
                    add_comments(s, row.id, comments, capture, published)
        if first and first % 10_000 == 0:
            print(f"  {first} articles, {first / (time.perf_counter() - began):.0f}/s", file=sys.stderr)
    engine.dispose()
    return n / (time.perf_counter() - began)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> float:
    began = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
    return (time.perf_counter() - began) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", help="archive URL (default: a SQLite file in a temporary directory)")
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    db_url = args.db or f"sqlite:///{Path(tempfile.mkdtemp(prefix='web_bench_')) / 'archive.db'}"
    engine = open_archive(db_url)
    with Session(engine) as s:
        existing = s.scalar(select(func.count()).select_from(Article)) or 0
        first_capture = s.scalar(select(func.min(Capture.id))) or 1
    engine.dispose()
    figures: dict[str, object] = {"db": db_url.split("://")[0], "articles": max(existing, args.articles)}
    if existing < args.articles:
        figures["build_articles_per_s"] = round(build(db_url, args.articles), 1)
    port = free_port()
    began = time.perf_counter()
    server = subprocess.Popen([NEWSARCHIVE, "--db", db_url, "serve", "--port", str(port)], stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                fetch(base + "/style.css")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.02)
        figures["startup_s"] = round(time.perf_counter() - began, 2)
        n = figures["articles"]
        rng = random.Random(3)
        kinds = {
            "home": lambda: "/",
            "articles first page": lambda: "/articles",
            "articles last page": lambda: "/articles?before=40",
            "articles filtered": lambda: "/articles?site=site3&since=2024-03-01&until=2024-06-01&comments=yes",
            "article": lambda: f"/articles/{rng.randint(1, n)}",  # type: ignore[operator]
            "article diff": lambda: f"/articles/{rng.randint(1, n)}/diff",  # type: ignore[operator]
            "capture": lambda: f"/captures/{first_capture + rng.randint(0, n - 1)}",  # type: ignore[operator]
            "search zh 2 chars (common)": lambda: "/search?q=" + quote(rng.choice(ZH_WORDS[:40])),
            "search zh 4 chars": lambda: "/search?q=" + quote(rng.choice(ZH_WORDS) + rng.choice(ZH_WORDS)),
            "search zh traditional": lambda: "/search?q=" + quote("颱風 醫院"),
            "search en": lambda: "/search?q=" + quote(rng.choice(EN_WORDS)),
            "search filtered": lambda: "/search?q=" + quote("经济") + "&site=site2&since=2024-01-01&until=2025-01-01",
            "search json": lambda: "/search?format=json&q=" + quote(rng.choice(ZH_WORDS)),
            "search api, page 3": lambda: "/api/search?page=3&q=" + quote(rng.choice(ZH_WORDS[:40])),
            "changes": lambda: "/changes",
            "changes, one site, older page": lambda: f"/changes?site=site{rng.randint(0, 5)}&before={rng.randint(n // 2, n)}",  # type: ignore[operator]
            "changes feed": lambda: "/changes.atom",
            "crawl runs": lambda: "/runs",
        }
        latency: dict[str, dict[str, float]] = {}
        for kind, make in kinds.items():
            fetch(base + make())  # warm
            times = sorted(fetch(base + make()) for _ in range(args.requests))
            latency[kind] = {"p50_ms": round(statistics.median(times), 1),
                             "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1)}
            print(f"  {kind}: {latency[kind]}", file=sys.stderr)
        figures["latency"] = latency
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(json.dumps(figures, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
