"""Crawl workers on the shared Redis frontier against a local crawl (docs/benchmarks.md, "Distributed
crawling").

    .venv/bin/python benchmarks/redis_crawl_bench.py [--hosts 30] [--articles 20] [--latency 0.05]
        [--delay 0.05] [--workers-list 1,2,3] [--redis-port 6391]

1. Builds the small-page site of crawl_bench (``--articles`` stories per host, listings, robots.txt,
   a sitemap) and serves it as ``--hosts`` hosts (127.0.0.2, 127.0.0.3, …, each on its own port)
   from a separate process, each response ``--latency`` seconds late (a network of many hosts); a
   sites file names each host a site.
2. Starts a private ``redis-server`` on ``--redis-port`` (no persistence), so its INFO counts only
   this benchmark.
3. Crawls the network into a fresh PostgreSQL archive: once locally (no Redis), then with 1, 2 and
   3 workers on the Redis frontier (each run its own archive and key prefix). For each run: wall
   time, pages, pages/s (pages over the longest worker's crawl time less its idle wait), and the
   CPU seconds of the crawl processes and their helpers (sampled from /proc every 0.2 s). For the
   Redis runs, from Redis's INFO before and after: commands (``commandstats``, calls made inside
   Lua scripts included), bytes in and out, and Redis's own CPU seconds, per page.
4. Prints one JSON object.

Needs PostgreSQL on 127.0.0.1:5432 (trust auth) and ``redis-server`` on PATH.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crawl_bench import _QuietHandler, _Server, build_site, descendants, process_cpu_seconds  # noqa: E402

NEWSARCHIVE = str(Path(sys.executable).parent / "newsarchive")
IDLE = 1.0  # NEWSARCHIVE_REDIS_IDLE of the workers: subtracted from their crawl time


class _SlowHandler(_QuietHandler):
    latency = 0.05

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        time.sleep(self.latency)
        super().do_GET()


def serve_network(root: str, hosts: int, latency: float, ports: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    handler = type("Slow", (_SlowHandler,), {"latency": latency})
    # one loopback address per host (127.0.0.2, .3, ...): Scrapy's download slots, and so its
    # per-host delay and concurrency, are per host name, not per port
    servers = [_Server((f"127.0.0.{i + 2}", 0), partial(handler, directory=root)) for i in range(hosts)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    ports.put([f"{server.server_address[0]}:{server.server_address[1]}" for server in servers])
    threading.Event().wait()


def fresh_pg(name: str) -> str:
    import psycopg

    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def drop_pg(name: str) -> None:
    import psycopg

    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def redis_info(client: Any) -> dict[str, Any]:
    stats = client.info("stats")
    cpu = client.info("cpu")
    commands = {k.removeprefix("cmdstat_"): v["calls"] for k, v in client.info("commandstats").items()}
    return {
        "in": stats["total_net_input_bytes"], "out": stats["total_net_output_bytes"],
        "cpu": cpu["used_cpu_sys"] + cpu["used_cpu_user"], "commands": commands,
    }


def run_workers(n: int, db_url: str, sites: Path, settings: list[str], redis_url: str | None, prefix: str) -> dict[str, Any]:
    """n crawl processes at once (n=0: one local crawl); their pages, times and CPU seconds."""
    command = [NEWSARCHIVE, "--db", db_url, "crawl", "--sites", str(sites), "--quiet", *settings]
    if redis_url:
        command += ["--redis", redis_url, "-s", f"NEWSARCHIVE_REDIS_PREFIX={prefix}", "-s", f"NEWSARCHIVE_REDIS_IDLE={IDLE}"]
    started = time.monotonic()
    # each worker's output goes to a file: a pipe nobody reads while the run lasts fills up (64 KB)
    # and freezes the worker writing to it, which then holds its leases until they expire
    outputs = [(tempfile.TemporaryFile("w+"), tempfile.TemporaryFile("w+")) for _ in range(max(n, 1))]
    processes = [subprocess.Popen(command, stdout=out, stderr=err, text=True) for out, err in outputs]
    cpu: dict[int, float] = {}
    while any(p.poll() is None for p in processes):
        for process in processes:
            for pid in descendants(process.pid):
                seconds = process_cpu_seconds(pid)
                if seconds is not None:
                    cpu[pid] = max(cpu.get(pid, 0.0), seconds)
        time.sleep(0.2)
    wall = time.monotonic() - started
    pages, crawl_times = 0, []
    for process, (out_file, err_file) in zip(processes, outputs):
        process.wait()
        out_file.seek(0)
        err_file.seek(0)
        out, err = out_file.read(), err_file.read()
        if process.returncode != 0:
            raise SystemExit(f"a crawl failed ({process.returncode}): {err[-2000:]}")
        found = re.search(r"finished in ([\d.]+)s: (\d+) pages fetched", out)
        assert found, out
        crawl_times.append(float(found[1]))
        pages += int(found[2])
    crawl_time = max(crawl_times) - (IDLE if redis_url else 0.0)
    return {
        "workers": n, "pages": pages, "wall_s": round(wall, 2), "crawl_s": round(crawl_time, 2),
        "pages_per_s": round(pages / crawl_time, 1), "cpu_s": round(sum(cpu.values()), 2),
        "cpu_ms_per_page": round(1000 * sum(cpu.values()) / pages, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=30)
    parser.add_argument("--articles", type=int, default=20, help="stories per host")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds before each response")
    parser.add_argument("--delay", type=float, default=0.05, help="DOWNLOAD_DELAY: each host's politeness delay")
    parser.add_argument("--workers-list", default="1,2,3")
    parser.add_argument("--no-local", action="store_true", help="skip the local crawl (no CPU ratio then)")
    parser.add_argument("--redis-port", type=int, default=6391)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a Scrapy setting for every crawl of the run (repeatable), e.g. NEWSARCHIVE_REDIS_LEASES_MAX=64")
    args = parser.parse_args()
    import redis

    work = Path(tempfile.mkdtemp(prefix="na-redis-bench-"))
    redis_dir = work / "redis"
    redis_dir.mkdir()
    server = subprocess.Popen(
        ["redis-server", "--port", str(args.redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(redis_dir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    ports_queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    site_root = work / "site"
    build_site(site_root, args.articles, portal=False)
    network = multiprocessing.Process(
        target=serve_network, args=(str(site_root), args.hosts, args.latency, ports_queue), daemon=True
    )
    network.start()
    ports = ports_queue.get(timeout=30)
    sites = work / "sites.toml"
    sites.write_text("".join(f'[[site]]\nname = "h{i}"\nseeds = ["http://{host}/"]\n\n' for i, host in enumerate(ports)),
                     encoding="utf-8")
    redis_url = f"redis://127.0.0.1:{args.redis_port}/0"
    client = redis.Redis.from_url(redis_url)
    for _ in range(50):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    settings = [
        "-s", f"DOWNLOAD_DELAY={args.delay}", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "NEWSARCHIVE_WORKERS=1",
        "-s", "NEWSARCHIVE_CONTACT_URL=http://archive.example.org/bench", "-s", "NEWSARCHIVE_PROGRESS=False",
    ]
    for setting in args.set:
        settings += ["-s", setting]
    results: dict[str, Any] = {
        "hosts": args.hosts, "stories_per_host": args.articles, "latency_s": args.latency, "delay_s": args.delay,
        "cores": os.cpu_count(), "settings": args.set, "runs": [],
    }
    databases = []
    try:
        plan = ([] if args.no_local else [0]) + [int(n) for n in args.workers_list.split(",")]
        for n in plan:
            name = f"na_bench_{uuid.uuid4().hex[:8]}"
            databases.append(name)
            db_url = fresh_pg(name)
            subprocess.run([NEWSARCHIVE, "--db", db_url, "db", "upgrade"], check=True, capture_output=True)
            before = redis_info(client)
            run = run_workers(n, db_url, sites, settings, redis_url if n else None, f"bench{n}")
            run["mode"] = "redis" if n else "local"
            if n:
                after = redis_info(client)
                calls = {c: after["commands"].get(c, 0) - before["commands"].get(c, 0) for c in after["commands"]}
                calls = {c: v for c, v in sorted(calls.items(), key=lambda kv: -kv[1]) if v}
                pages = run["pages"]
                run["redis"] = {
                    "commands_per_page": round(sum(calls.values()) / pages, 1),
                    "by_command_per_page": {c: round(v / pages, 2) for c, v in calls.items()},
                    "bytes_in_per_page": round((after["in"] - before["in"]) / pages),
                    "bytes_out_per_page": round((after["out"] - before["out"]) / pages),
                    "redis_cpu_ms_per_page": round(1000 * (after["cpu"] - before["cpu"]) / pages, 3),
                }
            results["runs"].append(run)
            print(json.dumps(run, ensure_ascii=False), file=sys.stderr, flush=True)
    finally:
        client.close()
        server.terminate()
        server.wait(timeout=10)
        network.terminate()
        for name in databases:
            drop_pg(name)
        shutil.rmtree(work, ignore_errors=True)
    local = next((r for r in results["runs"] if r.get("workers") == 0), None)
    one = next((r for r in results["runs"] if r.get("workers") == 1), None)
    if one is not None and local is not None:
        results["cpu_per_page_redis_vs_local"] = round(one["cpu_ms_per_page"] / local["cpu_ms_per_page"], 3)
        redis_cpu = one["redis"]["redis_cpu_ms_per_page"]
        if redis_cpu > 0:
            results["redis_saturates_at_pages_per_s"] = round(1000 / redis_cpu)
    print(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
