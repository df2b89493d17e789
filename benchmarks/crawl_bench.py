"""Crawl throughput and memory on a generated local news site (see docs/benchmarks.md, "Crawling").

    .venv/bin/python benchmarks/crawl_bench.py [--articles 600] [--db URL] [--workers N] [--small-pages]

1. Generates a site of N article pages, paginated listing pages, robots.txt and a sitemap, and
   serves it (HTTP/1.1 keep-alive) from a separate process on 127.0.0.1. Article pages are built
   like a Chinese news portal's (about 35 KB: style sheet and ad/analytics scripts, a menu of
   about 200 links to the portal's other channels, rankings, picture news, footer link lists,
   three templates, 6-14 paragraphs, a third with reader comments); links to the portal's other
   hosts (``*.portal.invalid``) are never fetched, as a crawl stays on its seed hosts.
   ``--small-pages``: 5-9 KB pages with a three-link menu (the first version of this benchmark).
2. Baseline: bare ``trafilatura.extract`` over the same article pages (the first 300), in this
   process, one core (CPU time, best of three rounds), with its defaults and with ``fast=True``;
   the goal is 0.8 x cores x the default rate.
   Also: the default rate with every core extracting at once (one process per core), which is
   what the cores deliver together.
3. Runs ``newsarchive crawl`` on it in a subprocess with the politeness delay off; samples the
   resident memory of the crawl process and its helper processes (sum) and the CPU time of each
   (by role: crawl = Scrapy's reactor, extract = the workers, writer) every 0.1 s.
4. Prints one JSON object with the figures, among them the CPU milliseconds per fetched page of
   each process role (``cpu_ms_per_page_by_process``): run at several ``--articles`` sizes, they
   show whether a page costs more as the archive grows.
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
from datetime import UTC
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


CHANNELS = ("新闻", "国内", "国际", "社会", "军事", "财经", "股票", "科技", "体育", "娱乐", "汽车", "房产",
            "教育", "健康", "文化", "旅游", "时尚", "游戏", "视频", "图片")
TOPICS = ("要闻", "评论", "专题", "滚动", "排行", "直播", "数据", "深度", "观察", "地方")


# The portal's other channels and services live on other hosts (as on real portals), which a crawl
# of the seed host never fetches.
PORTAL = "http://www.portal.invalid"


def headline(rng: random.Random) -> str:
    return f"{rng.choice(PLACES)}{rng.choice(SUBJECTS)}{rng.choice(('取得新进展', '再出新举措', '迎来关键节点', '成效初显', '进入快车道'))}"


def portal_chrome(rng: random.Random) -> tuple[str, str, str, str]:
    """The parts of a portal page around the story, as real Chinese news portals carry them:
    a style sheet and ad/analytics scripts in the head, a top bar and a channel menu of about 200
    links, a sidebar of rankings and picture news with ad slots, a footer of link lists and
    licences, and more scripts at the end (together about 50-60 KB, the story 3-8 KB)."""
    style = "".join(
        f".m{k}{{margin:{k % 9}px {k % 7}px;padding:{k % 5}px;font-size:{12 + k % 6}px;color:#{k * 37 % 4096:03x};"
        f"background:url(//img.example.cn/ui/bg{k}.png) no-repeat;line-height:1.{k % 9}}}"
        for k in range(60)
    )
    ads = ",".join(
        f'{{"slot":"ad_{k}","size":[{rng.choice((300, 728, 970))},{rng.choice((90, 250, 600))}],'
        f'"targeting":{{"channel":"{rng.choice(CHANNELS)}","pos":{k},"kw":"{rng.choice(SUBJECTS)}"}}}}'
        for k in range(40)
    )
    head = (
        f'<link rel="stylesheet" href="/static/css/main.css"><link rel="stylesheet" href="/static/css/article.css">'
        f'<style>{style}</style>'
        f'<script>window.__AD_CONFIG__={{"version":"3.2.1","slots":[{ads}]}};'
        "(function(){var s=document.createElement('script');s.src='//stat.example.cn/a.js?'+Date.now();"
        "document.head.appendChild(s);})();</script>"
    )
    top = "".join(f'<a href="{PORTAL}/{c}/">{c}</a>' for c in ("登录", "注册", "客户端", "邮箱", "微博", "博客", "论坛", "无障碍", "English"))
    menu = "".join(
        f'<li class="ch"><a href="http://ch{k}.portal.invalid/">{channel}</a><div class="sub">'
        + "".join(f'<a href="http://ch{k}.portal.invalid/{t}/">{channel}{topic}</a>' for t, topic in enumerate(TOPICS))
        + "</div></li>"
        for k, channel in enumerate(CHANNELS)
    )
    nav = (f'<div class="topbar">{top}</div><div class="logo"><a href="/"><img src="/static/logo.png" alt="基准新闻网"></a></div>'
           f'<form class="search" action="{PORTAL}/search"><input name="q"><button>搜索</button></form><ul class="menu">{menu}</ul>')
    ranking = "".join(
        f'<li><em>{k + 1}</em><a href="{PORTAL}/hot/{rng.randint(1, 99999)}.html">{headline(rng)}</a><span>{rng.randint(1000, 99999)}阅读</span></li>'
        for k in range(20)
    )
    pictures = "".join(
        f'<li><a href="{PORTAL}/pic/{rng.randint(1, 9999)}.html"><img src="//img.example.cn/p/{rng.randint(1, 9999)}.jpg" alt="">'
        f"<span>{headline(rng)}</span></a></li>" for _ in range(8)
    )
    sidebar = (f'<div class="side"><div class="ad" id="ad_side_1"><ins data-slot="ad_1"></ins></div>'
               f'<h3>热门排行</h3><ol class="rank">{ranking}</ol><h3>图片新闻</h3><ul class="pics">{pictures}</ul>'
               f'<div class="ad" id="ad_side_2"><ins data-slot="ad_2"></ins></div></div>')
    links = "".join(f'<a href="{PORTAL}/about/{k}.html">{name}</a>' for k, name in enumerate(
        ("关于我们", "联系我们", "广告服务", "招聘信息", "网站地图", "法律声明", "隐私政策", "用户协议", "意见反馈",
         "违法和不良信息举报", "未成年人保护", "友情链接") * 3))
    footer = (f'<div class="footer"><div class="links">{links}</div><p>版权声明 | 举报电话：010-12345678 | 举报邮箱：jubao@example.cn</p>'
              "<p>Copyright © 2008-2024 基准新闻网 版权所有 京ICP证000000号 京公网安备11000000000000号</p></div>")
    tail = "<script>" + "".join(
        f"function f{k}(a,b){{return a.filter(function(x){{return x.k=={k}&&b.indexOf(x.v)<0}}).map(function(x){{return x.v*{k}}});}}"
        for k in range(50)) + "</script>"
    return head, nav, sidebar, footer + tail


def article_page(i: int, total: int, rng: random.Random, portal: bool = True) -> str:
    place, subject = rng.choice(PLACES), rng.choice(SUBJECTS)
    fill = {"place": place, "subject": subject}
    paragraphs = []
    for _ in range(rng.randint(6, 14) if portal else rng.randint(5, 9)):
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
    chrome_head, nav, sidebar, footer = portal_chrome(rng) if portal else ("", NAV, "", FOOT)
    head = (
        f'<head><meta charset="utf-8"><title>{title} - 基准新闻网</title><meta property="og:type" content="article">'
        f'<script type="application/ld+json">{{"@type":"NewsArchiveArticle","headline":"{title}","datePublished":"2024-07-{day:02d}T09:00:00+08:00"}}</script>'
        f"{chrome_head}</head>"
    ).replace("NewsArchiveArticle", "NewsArticle")
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
    return (f'<!DOCTYPE html><html lang="zh-CN">{head}<body>{nav}<div class="wrap"><div class="left">{main}{comments}'
            f'<ul class="related">{related}</ul></div>{sidebar}</div>{footer}</body></html>')


def build_site(root: Path, articles: int, portal: bool = True) -> list[Path]:
    rng = random.Random(20240714)
    (root / "news").mkdir(parents=True)
    (root / "list").mkdir()
    pages = []
    for i in range(articles):
        path = root / "news" / f"{i}.html"
        path.write_text(article_page(i, articles, rng, portal), encoding="utf-8")
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
    protocol_version = "HTTP/1.1"  # keep-alive, as news sites' servers do

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256


def serve(root: str, port_queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    server = _Server(("127.0.0.1", 0), partial(_QuietHandler, directory=root))
    port_queue.put(server.server_address[1])
    server.serve_forever()


BASELINE_PAGES = 300  # article pages the baselines are timed on (the first ones of the site)
BASELINE_ROUNDS = 3  # the best round counts: the goal is never set by a slow moment of the machine


def trafilatura_rate(pages: list[Path], fast: bool = False) -> float:
    """Pages per CPU-second of bare ``trafilatura.extract`` (its defaults; ``fast=True`` skips its
    fallback extractors), one core, best of BASELINE_ROUNDS."""
    import trafilatura

    html = [p.read_text(encoding="utf-8") for p in pages[:BASELINE_PAGES]]
    trafilatura.extract(html[0], fast=fast)  # warm up imports and caches
    best = 0.0
    for _ in range(BASELINE_ROUNDS):
        started = time.process_time()
        for document in html:
            trafilatura.extract(document, fast=fast)
        best = max(best, len(html) / (time.process_time() - started))
    return best


def _extract_all(paths: list[str]) -> int:
    import trafilatura

    for path in paths:
        trafilatura.extract(Path(path).read_text(encoding="utf-8"))
    return len(paths)


def trafilatura_rate_all_cores(pages: list[Path], cores: int) -> float:
    """Pages per second of bare ``trafilatura.extract`` with every core extracting at once (one
    process per core, each over the same pages, best of BASELINE_ROUNDS): what the cores really
    give together, shared caches and memory bandwidth included."""
    paths = [str(p) for p in pages[:BASELINE_PAGES]]
    best = 0.0
    with multiprocessing.get_context("spawn").Pool(cores) as pool:
        pool.map(_extract_all, [paths[:5]] * cores)  # start-up and imports, not timed
        for _ in range(BASELINE_ROUNDS):
            started = time.perf_counter()
            done = sum(pool.map(_extract_all, [paths] * cores))
            best = max(best, done / (time.perf_counter() - started))
    return best


def stage_rates(pages: list[Path], tmp: Path) -> tuple[float, float]:
    """Pages per CPU-second of the two stages the crawl hands pages to, alone, on one core:
    ``archive.process.process_page`` (decode + extract + clean) and the writer's
    ``ArchiveWriter.store_many`` in batches of 64, as in the crawl's writer process (SQLite)."""
    from datetime import datetime

    from archive.ingest.writer import ArchiveWriter
    from archive.process import ExtractorCache, FetchedPage, process_page
    from archive.store.engine import open_archive

    fetched = [
        FetchedPage(url=f"http://127.0.0.1/news/{p.name}", final_url=f"http://127.0.0.1/news/{p.name}", status=200,
                    headers=(("Content-Type", "text/html"),), body=p.read_bytes(),
                    fetched_at=datetime.now(UTC), site="bench")
        for p in pages
    ]
    cache = ExtractorCache()
    process_page(fetched[0], cache)
    started = time.process_time()
    processed = [process_page(page, cache).without_text() for page in fetched]
    extract_rate = len(fetched) / (time.process_time() - started)
    writer = ArchiveWriter(open_archive(f"sqlite:///{tmp / 'stages.db'}"))
    writer.start_run(["bench"], {})
    items = list(zip(fetched, processed))
    started = time.process_time()
    for first in range(0, len(items), 64):
        writer.store_many(items[first : first + 64])
    store_rate = len(fetched) / (time.process_time() - started)
    writer.engine.dispose()
    return extract_rate, store_rate


def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of one process so far (from /proc), None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> list[int]:
    """The process and all its descendants (from /proc/PID/task/*/children: no scan of every
    process on the machine, so sampling costs the crawl next to nothing)."""
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                stack.extend(int(child) for child in Path(f"/proc/{current}/task/{task}/children").read_text().split())
            except OSError:
                continue
    return found


def rss_kib(pid: int) -> int:
    try:
        match = re.search(r"^VmRSS:\s+(\d+)", Path(f"/proc/{pid}/status").read_text(), re.M)
    except OSError:
        return 0
    return int(match.group(1)) if match else 0


def role_of(pid: int, crawl_pid: int) -> str:
    """crawl (Scrapy's reactor), extract (a worker), writer or other, from the process name
    the crawler's helper processes give themselves (crawler.extensions.helper_processes)."""
    if pid == crawl_pid:
        return "crawl"
    try:
        name = Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return "other"
    from crawler.extensions.helper_processes import EXTRACTOR_PROCESS_NAME, WRITER_PROCESS_NAME

    return {EXTRACTOR_PROCESS_NAME: "extract", WRITER_PROCESS_NAME: "writer"}.get(name, "other")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--db", help="archive URL (default: a fresh SQLite file in a temporary directory)")
    parser.add_argument("--workers", type=int, default=0, help="NEWSARCHIVE_WORKERS (0 = one per core)")
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                        help="passed on to newsarchive crawl (repeatable)")
    parser.add_argument("--small-pages", action="store_true",
                        help="5-9 KB pages with a three-link menu instead of ~35 KB portal pages")
    parser.add_argument("--crawl-only", action="store_true",
                        help="skip the baselines (for comparing crawls; no ratios are printed)")
    parser.add_argument("--profile", metavar="FILE",
                        help="run the crawl under py-spy (installed separately) and write its collapsed stacks, "
                             "all processes, to FILE")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "site"
        pages = build_site(root, args.articles, portal=not args.small_pages)
        sizes = sorted(p.stat().st_size for p in pages)
        cores = os.cpu_count() or 1
        if args.crawl_only:
            bare = bare_fast = bare_all_cores = extract_rate = store_rate = float("nan")
        else:
            bare = trafilatura_rate(pages)
            bare_fast = trafilatura_rate(pages, fast=True)
            bare_all_cores = trafilatura_rate_all_cores(pages, cores)
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
        ] + [part for setting in args.settings for part in ("-s", setting)]
        if args.profile:
            command = [str(Path(sys.executable).parent / "py-spy"), "record", "--subprocesses", "--format", "raw", "--rate", "250",
                       "--output", args.profile, "--"] + command
        peak = 0
        cpu: dict[int, tuple[str, float]] = {}
        server_cpu = process_cpu_seconds(server.pid) or 0.0
        started = time.perf_counter()
        crawl = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                tree = descendants(crawl.pid)
                peak = max(peak, sum(rss_kib(pid) for pid in tree))
                for pid in tree:
                    seconds = process_cpu_seconds(pid)
                    if seconds is not None:
                        cpu[pid] = (role_of(pid, crawl.pid), seconds)
                time.sleep(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        out, err = crawl.communicate()
        wall = time.perf_counter() - started
        done.set()
        sampler.join()
        server_cpu = (process_cpu_seconds(server.pid) or 0.0) - server_cpu
        server.terminate()
        if crawl.returncode != 0:
            sys.exit(f"crawl failed ({crawl.returncode}): {err[-2000:]}")
        summary = out.strip().splitlines()
        fetched = int(re.search(r"(\d+) pages fetched", summary[0]).group(1))  # type: ignore[union-attr]
        crawl_seconds = float(re.search(r"in ([\d.]+)s", summary[0]).group(1))  # type: ignore[union-attr]
        new = int(re.search(r"articles: (\d+) new", summary[1]).group(1))  # type: ignore[union-attr]
        rate = fetched / crawl_seconds
        by_role: dict[str, float] = {}
        for role, seconds in cpu.values():
            by_role[role] = by_role.get(role, 0.0) + seconds
        figures = {
            "articles_on_site": args.articles,
            "article_page_kib (min / median / max)": [round(sizes[i] / 1024, 1) for i in (0, len(sizes) // 2, -1)],
            "cores": cores,
            "bare_trafilatura_pages_per_s_one_core": round(bare, 1),
            "bare_trafilatura_fast_pages_per_s_one_core": round(bare_fast, 1),
            "bare_trafilatura_pages_per_s_all_cores_at_once": round(bare_all_cores, 1),
        "goal_pages_per_s (0.8 x cores x bare)": round(0.8 * bare * cores, 1),
            "process_page_pages_per_cpu_s": round(extract_rate, 1),
            "archive_writer_pages_per_cpu_s (sqlite, batches of 64)": round(store_rate, 1),
            "pages_fetched": fetched,
            "articles_new": new,
            "crawl_seconds (summary: whole run, start-up included)": crawl_seconds,
            "wall_seconds (incl. interpreter start)": round(wall, 1),
            "archived_pages_per_s (crawl)": round(rate, 1),
            "ratio_to_cores_x_bare (crawl)": round(rate / (bare * cores), 2),
            "ratio_to_cores_x_bare_fast (crawl)": round(rate / (bare_fast * cores), 2),
        "ratio_to_bare_all_cores_at_once (crawl)": round(rate / bare_all_cores, 2),
            "cpu_seconds_by_process": {role: round(seconds, 2) for role, seconds in sorted(by_role.items())}
            | {"test site server": round(server_cpu, 2)},
            # what stays flat as the archive grows (or not): CPU per fetched page, by process role,
            # the extraction workers summed
            "cpu_ms_per_page_by_process": {role: round(1000 * seconds / max(fetched, 1), 2)
                                           for role, seconds in sorted(by_role.items())},
            "peak_rss_mib (crawl + workers)": round(peak / 1024, 1),
            "db": db.split(":")[0],
        }
        print(json.dumps(figures, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
