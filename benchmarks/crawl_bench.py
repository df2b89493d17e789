"""Crawl throughput and memory on a generated local news site (see docs/benchmarks.md, "Crawling").

    .venv/bin/python benchmarks/crawl_bench.py [--articles 600] [--db URL] [--workers N]

1. Generates a site of N article pages (three templates, 5-9 paragraphs of Chinese text, some
   with reader comments), paginated listing pages, robots.txt and a sitemap; serves it from a
   separate process on 127.0.0.1.
2. Baseline: bare ``trafilatura.extract`` over the same article pages, in this process, one core;
   the goal is ``cores x`` that rate.
3. Runs ``newsarchive crawl`` on it in a subprocess with the politeness delay off, samples the
   resident memory of the crawl process and its worker processes (sum, from /proc) every 0.1 s.
4. Prints one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PHRASES = (
    "据{place}方面消息，{subject}一事在本周引发广泛关注，相关部门已于当天上午召开专题会议，研究部署下一步工作。",
    "记者在现场看到，{place}的工作人员正在有序开展各项准备工作，不少市民也主动参与其中，现场秩序井然。",
    "据初步统计，此次涉及的资金规模约为{figure}亿元，比去年同期增长{pct}%，多位专家认为这反映出经济的韧性。",
    "有受访者表示，{subject}对普通家庭的日常生活影响不大，但对相关行业的长期发展具有重要意义。",
    "相关负责人强调，下一阶段将继续加强统筹协调，完善配套政策，确保{subject}各项措施落到实处、见到实效。",
    "业内人士分析称，{subject}将带动上下游产业链协同发展，预计未来三年内可新增就业岗位{jobs}个。",
    "{place}有关部门表示，将建立常态化监测机制，定期向社会公布{subject}的进展情况，主动接受群众监督。",
    "专家提醒，在推进{subject}的过程中，要注意防范潜在风险，做好应急预案，切实保障人民群众的合法权益。",
    "截至目前，{place}已累计投入专项资金{figure}亿元，完成年度计划的{pct}%，整体进度好于预期。",
)
PLACES = ("北京市", "上海市", "广州市", "深圳市", "杭州市", "成都市", "武汉市", "西安市", "南京市", "重庆市")
SUBJECTS = ("城市更新", "乡村振兴", "新能源汽车推广", "数字政府建设", "养老服务改革", "义务教育均衡发展",
            "生态环境治理", "科技成果转化", "文旅消费提振", "医疗保障改革")
NAV = '<div class="nav"><a href="/">首页</a> | <a href="/list/1.html">新闻</a> | <a href="/about.html">关于我们</a></div>'
FOOT = '<div class="footer"><a href="/about.html">关于我们</a> | 版权声明 | 举报电话：010-12345678 Copyright © 2008-2024</div>'
PER_LISTING = 20


def article_page(i: int, total: int, rng: random.Random) -> str:
    place, subject = rng.choice(PLACES), rng.choice(SUBJECTS)
    fill = {"place": place, "subject": subject}
    paragraphs = []
    for _ in range(rng.randint(5, 9)):
        fill |= {"figure": rng.randint(2, 900), "pct": rng.randint(3, 60), "jobs": rng.randint(1000, 90000)}
        paragraphs.append(rng.choice(PHRASES).format(**fill) + f"（第{i}号报道）")
    title = f"{place}{subject}取得新进展 第{i}期"
    day = 1 + i % 28
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    comments = ""
    if i % 3 == 0:
        items = "".join(
            f'<li class="comment" id="c{i}-{k}"><b class="fn">用户{rng.randint(10, 99)}xxx{k}</b>'
            f"<time>2024-07-{day:02d} 1{k}:00</time><div class=\"comment-content\"><p>第{k}条评论：支持{subject}，希望落到实处。</p></div></li>"
            for k in range(rng.randint(1, 4))
        )
        comments = f'<div id="comments"><h3>网友评论</h3><ol class="commentlist">{items}</ol></div>'
    template = i % 3
    head = (
        f'<head><meta charset="utf-8"><title>{title} - 基准新闻网</title><meta property="og:type" content="article">'
        f'<script type="application/ld+json">{{"@type":"NewsArticle","headline":"{title}","datePublished":"2024-07-{day:02d}T09:00:00+08:00"}}</script></head>'
    )
    related = "".join(f'<li><a href="/news/{(i + k) % total}.html">相关报道 {(i + k) % total}</a></li>' for k in (1, 2, 3))
    if template == 0:
        main = (f'<article><h1>{title}</h1><div class="meta">2024-07-{day:02d} 09:00 来源：新华社</div>'
                f'<div class="content">{body}</div></article>')
    elif template == 1:
        main = (f'<div id="main"><h1 class="title">{title}</h1><p class="info">本报记者 李明 2024年7月{day}日</p>'
                f'<div class="article-body">{body}</div></div>')
    else:
        main = (f'<table><tr><td><h2>{title}</h2><div class="time">2024-07-{day:02d} 09:00</div>'
                f'<div id="zoom">{body}</div></td></tr></table>')
    return f'<!DOCTYPE html><html lang="zh-CN">{head}<body>{NAV}{main}{comments}<ul class="related">{related}</ul>{FOOT}</body></html>'


def build_site(root: Path, articles: int) -> list[Path]:
    rng = random.Random(20240714)
    (root / "news").mkdir(parents=True)
    (root / "list").mkdir()
    pages = []
    for i in range(articles):
        path = root / "news" / f"{i}.html"
        path.write_text(article_page(i, articles, rng), encoding="utf-8")
        pages.append(path)
    listings = (articles + PER_LISTING - 1) // PER_LISTING
    for n in range(1, listings + 1):
        links = "".join(
            f'<li><a href="/news/{i}.html">报道 {i}</a></li>'
            for i in range((n - 1) * PER_LISTING, min(n * PER_LISTING, articles))
        )
        pager = (f'<a href="/list/{n - 1}.html">上一页</a> ' if n > 1 else "") + (
            f'<a href="/list/{n + 1}.html">下一页</a>' if n < listings else "")
        (root / "list" / f"{n}.html").write_text(
            f'<html><head><meta charset="utf-8"><title>新闻 第{n}页</title></head><body>{NAV}<ul>{links}</ul>'
            f'<div class="pager">{pager}</div>{FOOT}</body></html>', encoding="utf-8")
    (root / "index.html").write_text(
        f'<html><head><meta charset="utf-8"><title>基准新闻网</title></head><body>{NAV}'
        '<a href="/list/1.html">最新新闻</a></body></html>', encoding="utf-8")
    (root / "about.html").write_text("<html><body><p>关于我们</p></body></html>", encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nDisallow:\n\nSitemap: /sitemap.xml\n", encoding="utf-8")
    locs = "".join(f"<url><loc>/news/{i}.html</loc></url>" for i in range(articles))
    (root / "sitemap.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>',
        encoding="utf-8",
    )
    return pages


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256


def serve(root: str, port_queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    server = _Server(("127.0.0.1", 0), partial(_QuietHandler, directory=root))
    port_queue.put(server.server_address[1])
    server.serve_forever()


def trafilatura_rate(pages: list[Path]) -> float:
    import trafilatura

    html = [p.read_text(encoding="utf-8") for p in pages]
    trafilatura.extract(html[0])  # warm up imports and caches
    started = time.perf_counter()
    for document in html:
        trafilatura.extract(document)
    return len(html) / (time.perf_counter() - started)


def stage_rates(pages: list[Path], tmp: Path) -> tuple[float, float]:
    """Pages per second of the two stages the crawl hands pages to, alone, on one core:
    ``archive.ingest.process_page`` (decode + extract + clean) and ``ArchiveWriter.store``."""
    from datetime import datetime, timezone

    from archive.db import open_archive
    from archive.ingest import ArchiveWriter, ExtractorCache, FetchedPage, process_page

    fetched = [
        FetchedPage(url=f"http://127.0.0.1/news/{p.name}", final_url=f"http://127.0.0.1/news/{p.name}", status=200,
                    headers=(("Content-Type", "text/html"),), body=p.read_bytes(),
                    fetched_at=datetime.now(timezone.utc), site="bench")
        for p in pages
    ]
    cache = ExtractorCache()
    process_page(fetched[0], cache)
    started = time.perf_counter()
    processed = [process_page(page, cache) for page in fetched]
    extract_rate = len(fetched) / (time.perf_counter() - started)
    writer = ArchiveWriter(open_archive(f"sqlite:///{tmp / 'stages.db'}"))
    writer.start_run(["bench"], {})
    started = time.perf_counter()
    for page, result in zip(fetched, processed):
        writer.store(page, result)
    store_rate = len(fetched) / (time.perf_counter() - started)
    writer.engine.dispose()
    return extract_rate, store_rate


def tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants, in KiB (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        ppid = int(re.search(r"^PPid:\s+(\d+)", status, re.M).group(1))  # type: ignore[union-attr]
        match = re.search(r"^VmRSS:\s+(\d+)", status, re.M)
        rss[int(entry)] = int(match.group(1)) if match else 0
        children.setdefault(ppid, []).append(int(entry))
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += rss.get(current, 0)
        stack.extend(children.get(current, []))
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--db", help="archive URL (default: a fresh SQLite file in a temporary directory)")
    parser.add_argument("--workers", type=int, default=0, help="NEWSARCHIVE_WORKERS (0 = one per core)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "site"
        pages = build_site(root, args.articles)
        cores = os.cpu_count() or 1
        bare = trafilatura_rate(pages)
        extract_rate, store_rate = stage_rates(pages, Path(tmp))

        context = multiprocessing.get_context("spawn")
        ports: multiprocessing.Queue = context.Queue()  # type: ignore[type-arg]
        server = context.Process(target=serve, args=(str(root), ports), daemon=True)
        server.start()
        base = f"http://127.0.0.1:{ports.get(timeout=30)}/"
        db = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
        command = [
            str(Path(sys.executable).parent / "newsarchive"), "--db", db, "crawl", base, "--quiet",
            "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", "CONCURRENT_REQUESTS=32", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
            "-s", f"NEWSARCHIVE_WORKERS={args.workers}",
        ]
        peak = 0
        started = time.perf_counter()
        crawl = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, tree_rss_kib(crawl.pid))
                time.sleep(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        out, err = crawl.communicate()
        wall = time.perf_counter() - started
        done.set()
        sampler.join()
        server.terminate()
        if crawl.returncode != 0:
            sys.exit(f"crawl failed ({crawl.returncode}): {err[-2000:]}")
        summary = out.strip().splitlines()
        fetched = int(re.search(r"(\d+) pages fetched", summary[0]).group(1))  # type: ignore[union-attr]
        crawl_seconds = float(re.search(r"in ([\d.]+)s", summary[0]).group(1))  # type: ignore[union-attr]
        new = int(re.search(r"articles: (\d+) new", summary[1]).group(1))  # type: ignore[union-attr]
        rate = fetched / crawl_seconds
        figures = {
            "articles_on_site": args.articles,
            "cores": cores,
            "bare_trafilatura_pages_per_s_one_core": round(bare, 1),
            "goal_pages_per_s (cores x bare)": round(bare * cores, 1),
            "process_page_pages_per_s_one_core": round(extract_rate, 1),
            "archive_writer_store_pages_per_s (sqlite, alone)": round(store_rate, 1),
            "pages_fetched": fetched,
            "articles_new": new,
            "crawl_seconds (reactor running)": crawl_seconds,
            "wall_seconds (incl. start-up)": round(wall, 1),
            "archived_pages_per_s (crawl)": round(rate, 1),
            "archived_pages_per_s (wall)": round(fetched / wall, 1),
            "ratio_to_goal (crawl)": round(rate / (bare * cores), 2),
            "peak_rss_mib (crawl + workers)": round(peak / 1024, 1),
            "db": db.split(":")[0],
        }
        print(json.dumps(figures, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
