"""Text quality and speed on real pages: newsarchive vs bare trafilatura vs readability-lxml.

What it measures: over the ~2,971 real pages with human gold text in ``../shared/realpages/``
(five public extraction sets; see that folder's README.md), each tool extracts the article text
(and the reader comments, where the tool gives them) from the page's raw HTML. The shared
``score.py`` then scores the predictions per dataset and overall: bag-of-tokens P/R/F1 of the
text against the gold text, the with/without snippets (wF1), comment P/R/F1 and the
spurious-comment rate, the empty rate and pages per second.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/real_pages.py                       # every page, one process
    .venv/bin/python benchmarks/real_pages.py --sample 200          # quick: 200 pages, fixed seed
    .venv/bin/python benchmarks/real_pages.py --dataset dragnet --limit 50 --out /tmp/rp
    .venv/bin/python benchmarks/real_pages.py --jobs 2 --out /tmp/rp-full
    .venv/bin/python benchmarks/real_pages.py --comment-pages 300 --tools newsarchive,trafilatura  # comments

The tools, each given the page's raw bytes as served (what each accepts natively; no tool gets
another's decoding) and the manifest's URL (dragnet pages have none: every tool then gets the
page file's ``file://`` URI, what ``newsarchive extract`` uses for a file without ``--url``):
  newsarchive   ``process_page`` (decode + extract + clean, as the crawl and ``newsarchive
                extract`` run it) on a ``FetchedPage`` with the manifest URL and no Content-Type
                header; text = the extraction's body text (``"text"`` of ``newsarchive
                extract``), comments = the comment texts.
  trafilatura   text = ``trafilatura.extract(bytes, url=..., include_comments=False)``, timed;
                comments = ``.comments`` of a second call, ``bare_extraction(bytes, url=...,
                include_comments=True)``, not timed. One ``include_comments=True`` call would
                give both, but its ``.text`` is not the same: on a 595-page sample it differed
                on 5% of pages, dragnet text F1 0.869 instead of 0.880, and the call took 17%
                longer. So trafilatura's text and pages/s are its best text-only ones, and
                newsarchive's pages/s (comments included) is compared with that.
  readability   ``readability.Document(bytes).summary()``, text by lxml ``text_content()`` with a
                line break at each block element; no comments. readability sniffs the charset
                itself (meta declaration, else chardet).

Timing: ``time.perf_counter`` around one tool on one page: decoding, parsing and turning the
result into text, nothing else (the page is read and gunzipped before). score.py's pages/s comes
from these wall seconds; the process's CPU time over the same call (``time.process_time``; every
tool runs in one thread) gives pages/CPU-s, the steadier figure on a machine shared with other
jobs, and ranks the slowest pages. Each process warms every
tool up on a small page of its own first, so imports and lazy set-up are not timed; the tools
take turns in a rotating order from page to page. Python's default garbage-collector settings
for every tool. ``--jobs N`` splits the pages over N processes; each page's times are still
one tool on one page in one process, so pages/s stays per core (with 2 processes on 2 cores,
they share the memory bandwidth and caches). A tool that raises, or runs past ``--timeout``
seconds (a SIGALRM; a tool stuck inside C code is stopped when it returns to Python), gives an
empty prediction on that page, counted as an error; the run goes on.

Output (``--out DIR``, else a new temporary folder): one predictions JSONL per tool (``id``,
``text``, ``comments``, ``seconds``, ``error`` when it failed) as ``score.py`` reads them,
``scores.json`` (all of score.py's numbers), ``summary.json`` (versions, options, errors and the
slowest pages per tool) and ``tables.md`` (what is printed).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import importlib.util
import json
import logging
import multiprocessing
import platform
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REALPAGES = REPO_ROOT.parent / "shared" / "realpages"
TOOLS = ("newsarchive", "trafilatura", "readability")
SLOWEST = 5
WARM_UP_URL = "http://bench.invalid/news/1.html"
WARM_UP_HTML = (
    b"<html><head><meta charset='utf-8'><title>Warm-up</title></head><body><nav>Home | News</nav>"
    b"<article><h1>Warm-up page</h1>"
    + b"".join(b"<p>Paragraph %d of a page written for the benchmark's warm-up run.</p>" % i for i in range(8))
    + b"</article><div id='comments'><p>A reader wrote something here.</p></div></body></html>"
)


@dataclass(frozen=True)
class Page:
    id: str
    dataset: str
    path: str
    url: str | None
    lang: str | None = None


@dataclass(frozen=True)
class Output:
    text: str
    comments: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Prediction:
    tool: str
    id: str
    text: str
    comments: list[str]
    seconds: float
    cpu_seconds: float
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        row: dict[str, Any] = {"id": self.id, "text": self.text, "comments": self.comments,
                               "seconds": self.seconds, "cpu_seconds": self.cpu_seconds}
        if self.error:
            row["error"] = self.error
        return row


Extract = Callable[[bytes, str], Output]
Comments = Callable[[bytes, str], list[str]]


@dataclass(frozen=True)
class Tool:
    extract: Extract  # timed: the text, and the comments where the same call gives them
    comments: Comments | None = None  # a second call for the comments, not timed


# --- the three tools --------------------------------------------------------------------------


@functools.cache
def _newsarchive_api() -> tuple[Any, Any, Any]:
    """newsarchive's page entry point, imported on first use. If archive/ moves, fix this import."""
    from archive.process import ExtractorCache, FetchedPage, process_page

    return FetchedPage, process_page, ExtractorCache()


def newsarchive_extract(html: bytes, url: str) -> Output:
    """What ``newsarchive extract FILE --url URL`` prints as "text" and the comments' texts."""
    fetched_page, process_page, extractors = _newsarchive_api()
    page = fetched_page(
        url=url, final_url=url, status=200, headers=(), body=html, fetched_at=datetime.now().astimezone(),
    )
    processed = process_page(page, extractors)
    if processed.extraction is None:
        raise RuntimeError(processed.error or "nothing could be extracted")
    return Output(processed.extraction.text, [c.text for c in processed.extraction.comments])


def trafilatura_extract(html: bytes, url: str) -> Output:
    import trafilatura

    return Output(trafilatura.extract(html, url=url, include_comments=False) or "")


def trafilatura_comments(html: bytes, url: str) -> list[str]:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, include_comments=True)
    assert not isinstance(doc, dict)  # a dict only with the deprecated as_dict=True
    comments = (doc.comments or "").strip() if doc is not None else ""
    return [comments] if comments else []


BLOCK_TAGS = (
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
    "blockquote", "table", "tr", "section", "article", "header", "footer", "figure", "figcaption",
)


def readability_extract(html: bytes, url: str) -> Output:
    import lxml.html
    from readability import Document

    tree = lxml.html.fromstring(Document(html).summary())
    for element in tree.iter(*BLOCK_TAGS):  # a line break at each block's start and end
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in tree.text_content().splitlines())
    return Output("\n".join(line for line in lines if line))


EXTRACTORS: dict[str, Tool] = {
    "newsarchive": Tool(newsarchive_extract),
    "trafilatura": Tool(trafilatura_extract, trafilatura_comments),
    "readability": Tool(readability_extract),
}


# --- running them -----------------------------------------------------------------------------


class PageTimeout(Exception):
    pass


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise PageTimeout


@dataclass(frozen=True)
class Timed:
    output: Output
    seconds: float  # wall
    cpu_seconds: float  # this process's CPU time
    error: str | None  # why the output is empty, if the call raised or ran past the timeout


def guarded(call: Callable[[], Output], timeout: float) -> Timed:
    error = None
    signal.setitimer(signal.ITIMER_REAL, timeout)
    cpu_start = time.process_time()
    start = time.perf_counter()
    try:
        output = call()
    except PageTimeout:
        output, error = Output(""), f"timeout after {timeout:g} s"
    except Exception as exc:  # noqa: BLE001 -- any fault of a tool is a result, counted
        output, error = Output(""), f"{type(exc).__name__}: {exc}"[:300]
    finally:
        seconds = time.perf_counter() - start
        cpu_seconds = time.process_time() - cpu_start
        signal.setitimer(signal.ITIMER_REAL, 0)
    return Timed(output, seconds, cpu_seconds, error)


def run_tool(name: str, page_id: str, html: bytes, url: str, timeout: float) -> Prediction:
    """One tool on one page: the timed extraction, then the untimed comment call if it has one."""
    tool = EXTRACTORS[name]
    timed = guarded(lambda: tool.extract(html, url), timeout)
    comments, error = timed.output.comments, timed.error
    if tool.comments is not None and error is None:
        get_comments = tool.comments
        extra = guarded(lambda: Output("", get_comments(html, url)), timeout)
        comments, error = extra.output.comments, extra.error and f"comments: {extra.error}"
    return Prediction(name, page_id, timed.output.text, comments, timed.seconds, timed.cpu_seconds, error)


@dataclass(frozen=True)
class Job:
    realpages: Path
    tools: tuple[str, ...]
    timeout: float


_JOB: Job | None = None


def start_worker(job: Job) -> None:
    """Set one process up: quiet tool loggers, the alarm handler, every tool warmed up."""
    global _JOB
    _JOB = job
    logging.disable(logging.CRITICAL)  # trafilatura and readability log every page they give up on
    signal.signal(signal.SIGALRM, _on_alarm)
    for name in job.tools:
        tool = EXTRACTORS[name]
        tool.extract(WARM_UP_HTML, WARM_UP_URL)
        if tool.comments is not None:
            tool.comments(WARM_UP_HTML, WARM_UP_URL)


def run_page(indexed: tuple[int, Page]) -> list[Prediction]:
    index, page = indexed
    assert _JOB is not None, "start_worker first"
    file = _JOB.realpages / page.path
    html = gzip.decompress(file.read_bytes())
    url = page.url or file.as_uri()  # as `newsarchive extract` does for a file without --url
    shift = index % len(_JOB.tools)
    order = _JOB.tools[shift:] + _JOB.tools[:shift]
    return [run_tool(tool, page.id, html, url, _JOB.timeout) for tool in order]


def run_all(pages: Sequence[Page], job: Job, jobs: int) -> Iterator[list[Prediction]]:
    """Every page's predictions, in page order."""
    indexed = list(enumerate(pages))
    if jobs <= 1:
        start_worker(job)
        yield from map(run_page, indexed)
        return
    with multiprocessing.get_context("fork").Pool(jobs, initializer=start_worker, initargs=(job,)) as pool:
        yield from pool.imap(run_page, indexed, chunksize=2)


# --- pages and scores -------------------------------------------------------------------------


def load_score_module(realpages: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("realpages_score", realpages / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def select_pages(manifest: list[dict[str, Any]], datasets: set[str], sample: int | None, seed: int,
                 limit: int | None, comment_pages: int | None = None) -> list[dict[str, Any]]:
    """Dataset filter, then (``comment_pages``) only the pages with labelled comments plus that many
    pages labelled comment-free (seeded), then a seeded sample (kept in manifest order), then the
    first ``limit``."""
    chosen = [p for p in manifest if not datasets or p["dataset"] in datasets]
    if comment_pages is not None:
        without = [i for i, p in enumerate(chosen) if p.get("gold_comments") == []]
        keep = set(random.Random(seed).sample(without, min(comment_pages, len(without))))
        chosen = [p for i, p in enumerate(chosen) if p.get("gold_comments") or i in keep]
    if sample is not None and sample < len(chosen):
        keep = set(random.Random(seed).sample(range(len(chosen)), sample))
        chosen = [p for i, p in enumerate(chosen) if i in keep]
    return chosen[:limit] if limit is not None else chosen


@dataclass
class ToolLog:
    """Per tool: where its predictions go, its errors and its slowest pages."""

    stream: Any
    errors: int = 0
    error_examples: list[dict[str, str]] = field(default_factory=list)
    wall: dict[str, float] = field(default_factory=dict)  # id -> wall seconds
    cpu: dict[str, float] = field(default_factory=dict)  # id -> CPU seconds

    def add(self, prediction: Prediction) -> None:
        self.stream.write(json.dumps(prediction.as_json(), ensure_ascii=False) + "\n")
        self.wall[prediction.id] = prediction.seconds
        self.cpu[prediction.id] = prediction.cpu_seconds
        if prediction.error:
            self.errors += 1
            if len(self.error_examples) < 10:
                self.error_examples.append({"id": prediction.id, "error": prediction.error})

    def slowest(self) -> list[dict[str, Any]]:
        """The pages that took the most CPU time (wall time is noisier on a shared machine)."""
        ids = sorted(self.cpu, key=self.cpu.__getitem__, reverse=True)[:SLOWEST]
        return [{"id": i, "seconds": round(self.wall[i], 3), "cpu_seconds": round(self.cpu[i], 3)} for i in ids]

    def slowest_share(self) -> float:
        """The slowest pages' part of all the tool's CPU time."""
        total = sum(self.cpu.values())
        return sum(s["cpu_seconds"] for s in self.slowest()) / total if total else 0.0


def write_predictions(pages: Sequence[Page], job: Job, jobs: int, out: Path) -> dict[str, ToolLog]:
    streams = {tool: (out / f"{tool}.jsonl").open("w", encoding="utf-8") for tool in job.tools}
    logs = {tool: ToolLog(stream) for tool, stream in streams.items()}
    started = time.perf_counter()
    try:
        for done, predictions in enumerate(run_all(pages, job, jobs), 1):
            for prediction in predictions:
                logs[prediction.tool].add(prediction)
            if done % 100 == 0 or done == len(pages):
                print(f"  {done}/{len(pages)} pages, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    finally:
        for stream in streams.values():
            stream.close()
    return logs


def score_predictions(score: ModuleType, manifest: list[dict[str, Any]], tools: Sequence[str],
                      out: Path) -> dict[str, dict[str, Any]]:
    results = {}
    for tool in tools:
        preds = {row["id"]: row for row in score.load_jsonl(out / f"{tool}.jsonl")}
        results[tool] = score.score(manifest, preds)
    return results


# --- report -----------------------------------------------------------------------------------


def _num(value: float | None, pct: bool = False) -> str:
    if value is None:
        return "-"
    return f"{100 * value:.1f}" if pct else f"{value:.3f}"


def groups_of(page: Page) -> list[str]:
    """score.py's groups a page counts in (MEAN_ds is no page group)."""
    return [page.dataset, "ALL"] + (["ALL:zh"] if page.lang == "zh" else [])


def cpu_pages_per_s(pages: Sequence[Page], logs: dict[str, ToolLog]) -> dict[str, dict[str, float]]:
    """{tool: {group: pages per CPU-second}}, from each page's CPU time."""
    rates: dict[str, dict[str, float]] = {}
    for tool, log in logs.items():
        count: dict[str, int] = {}
        cpu: dict[str, float] = {}
        for page in pages:
            for group in groups_of(page):
                count[group] = count.get(group, 0) + 1
                cpu[group] = cpu.get(group, 0.0) + log.cpu[page.id]
        rates[tool] = {g: count[g] / cpu[g] for g in count if cpu[g] > 0}
    return rates


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def table(results: dict[str, dict[str, Any]], groups: Sequence[str], errors: dict[str, int],
          cpu_rates: dict[str, dict[str, float]]) -> str:
    head = ("| dataset | tool | pages | P | R | F1 | with % | w/o absent % | wF1 | cF1 | c_spur % "
            "| empty % | errors | pages/s | pages/CPU-s |")
    lines = [head, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for group in groups:
        for tool, by_group in results.items():
            r = by_group.get(group)
            if r is None:
                continue
            errs = str(errors[tool]) if group == "ALL" else ""
            lines.append(
                f"| {group} | {tool} | {r['pages']} | {_num(r['P'])} | {_num(r['R'])} | {_num(r['F1'])} "
                f"| {_num(r['with'], True)} | {_num(r['without_absent'], True)} | {_num(r['wF1'])} "
                f"| {_num(r['cF1'])} | {_num(r['c_spurious'], True)} | {_num(r['empty'], True)} | {errs} "
                f"| {_rate(r.get('pages_per_s'))} | {_rate(cpu_rates[tool].get(group))} |"
            )
    return "\n".join(lines)


def speed_ratio(results: dict[str, dict[str, Any]], cpu_rates: dict[str, dict[str, float]]) -> str:
    if "newsarchive" not in results or "trafilatura" not in results:
        return ""
    wall = [results[t]["ALL"].get("pages_per_s") for t in ("newsarchive", "trafilatura")]
    cpu = [cpu_rates[t].get("ALL") for t in ("newsarchive", "trafilatura")]
    parts = [f"{name} {a / b:.2f}" for name, (a, b) in (("pages/s", wall), ("pages/CPU-s", cpu)) if a and b]
    return "newsarchive ÷ trafilatura speed: " + ", ".join(parts)


def slowest_lines(logs: dict[str, ToolLog]) -> str:
    lines = [f"Slowest {SLOWEST} pages per tool by CPU time (wall seconds / CPU seconds; their share of the tool's CPU time):"]
    for tool, log in logs.items():
        pages = ", ".join(f"{s['id']} {s['seconds']:.2f}/{s['cpu_seconds']:.2f}" for s in log.slowest())
        lines.append(f"- {tool}: {pages} ({100 * log.slowest_share():.0f} %)")
    return "\n".join(lines)


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": platform.python_version()}
    for dist in ("newsarchive", "trafilatura", "readability-lxml", "lxml", "chardet"):
        try:
            found[dist] = version(dist)
        except PackageNotFoundError:
            found[dist] = "not installed"
    commit = subprocess.run(["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True, check=False).stdout.strip()
    found["newsarchive commit"] = commit or "unknown"
    return found


# --- command line -----------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--realpages", type=Path, default=DEFAULT_REALPAGES,
                    help="the real-pages folder (manifest.jsonl, score.py, pages/); default %(default)s")
    ap.add_argument("--out", type=Path, help="keep predictions and scores here (default: a new temporary folder)")
    ap.add_argument("--dataset", action="append", default=[], metavar="NAME",
                    help="only this dataset (repeatable, or comma-separated)")
    ap.add_argument("--sample", type=int, metavar="K", help="K pages drawn at random with --seed")
    ap.add_argument("--seed", type=int, default=20261207, help="seed for --sample (default %(default)s)")
    ap.add_argument("--comment-pages", type=int, metavar="K",
                    help="only the pages whose comments are labelled: every page with comments plus K pages "
                         "labelled comment-free (drawn with --seed); to iterate on comments quickly")
    ap.add_argument("--limit", type=int, metavar="N", help="only the first N pages (after --dataset/--sample)")
    ap.add_argument("--tools", default=",".join(TOOLS), help="comma-separated subset of %(default)s")
    ap.add_argument("--jobs", type=int, default=1, help="processes (default 1: pages/s per core)")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds one tool may spend on one page")
    args = ap.parse_args(argv)
    args.tools = tuple(t for t in args.tools.split(",") if t)
    unknown = set(args.tools) - set(TOOLS)
    if unknown or not args.tools:
        ap.error(f"--tools: choose among {', '.join(TOOLS)}")
    args.dataset = {d for spec in args.dataset for d in spec.split(",") if d}
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    realpages = args.realpages.resolve()
    if not (realpages / "manifest.jsonl").is_file() or not (realpages / "score.py").is_file():
        sys.exit(f"real_pages: no manifest.jsonl and score.py in {realpages} (give --realpages DIR)")
    score = load_score_module(realpages)
    manifest = select_pages(score.load_jsonl(realpages / "manifest.jsonl"), args.dataset, args.sample,
                            args.seed, args.limit,
                            args.comment_pages)
    if not manifest:
        sys.exit("real_pages: no page left to run (check --dataset / --limit)")
    out = args.out or Path(tempfile.mkdtemp(prefix="realpages-"))
    out.mkdir(parents=True, exist_ok=True)
    pages = [Page(p["id"], p["dataset"], p["path"], p["url"], p.get("lang")) for p in manifest]
    found = versions()
    print(f"{len(pages)} pages, tools {', '.join(args.tools)}, --jobs {args.jobs}; output in {out}", file=sys.stderr)
    print("versions: " + ", ".join(f"{k} {v}" for k, v in found.items()), file=sys.stderr)

    started = time.perf_counter()
    logs = write_predictions(pages, Job(realpages, args.tools, args.timeout), args.jobs, out)
    wall = time.perf_counter() - started
    results = score_predictions(score, manifest, args.tools, out)
    cpu_rates = cpu_pages_per_s(pages, logs)

    groups = list(dict.fromkeys(p.dataset for p in pages)) + ["ALL:zh", "ALL", "MEAN_ds"]
    report = "\n\n".join(part for part in (
        table(results, groups, {tool: log.errors for tool, log in logs.items()}, cpu_rates),
        speed_ratio(results, cpu_rates),
        slowest_lines(logs),
        f"{len(pages)} pages in {wall:.0f} s wall, --jobs {args.jobs}; " + ", ".join(f"{k} {v}" for k, v in found.items()),
    ) if part)
    print(report)
    (out / "tables.md").write_text(report + "\n", encoding="utf-8")
    for tool, by_group in results.items():
        for group, rate in cpu_rates[tool].items():
            by_group[group]["pages_per_cpu_s"] = rate
    (out / "scores.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    summary = {
        "pages": len(pages), "wall_seconds": round(wall, 1), "versions": found,
        "options": {k: (sorted(v) if isinstance(v, set) else str(v) if isinstance(v, Path) else v)
                    for k, v in vars(args).items()},
        "tools": {tool: {"errors": log.errors, "error_examples": log.error_examples, "slowest": log.slowest()}
                  for tool, log in logs.items()},
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
