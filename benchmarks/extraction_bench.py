"""Extraction quality and speed on the labelled set: newsarchive vs bare trafilatura (default and
favor_precision), readability-lxml and newspaper4k.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/extraction_bench.py [--rounds 7] [--json out.json]

Pages are decoded once (archive.decode.page) before timing; each extractor then runs over every page
`rounds` times in this process (one core), interleaved; the fastest pass counts, measured in
CPU time of the process (pages per CPU-second). Quality is scored with tests/labelled/scoring.py: body
character-F1 over article pages, true comment texts found inside the body ("leaks"), and
publication dates right to the minute with zone (where the tool reports a date at all).
newsarchive is timed doing everything it does (metadata, comments, body, cleaning); the others
only extract what they extract. No network: the process refuses any non-loopback connection.
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
import time
import warnings
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "labelled"))
from scoring import Case, char_f1, comment_text_in_body, date_right, load_cases  # noqa: E402

_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address: Any) -> Any:
    host = address[0] if isinstance(address, tuple) else str(address)
    if host not in ("127.0.0.1", "::1", "localhost") and not isinstance(address, str):
        raise OSError(f"benchmark refuses a network connection to {host}")
    return _real_connect(self, address)


socket.socket.connect = _loopback_only  # type: ignore[method-assign]

Run = Callable[[Case], tuple[str, datetime | None]]


def newsarchive_runner() -> Run:
    from archive.extract.extractor import Extractor

    extractor = Extractor()

    def run(case: Case) -> tuple[str, datetime | None]:
        result = extractor.extract(case.html, case.url, case.fetched_at)
        return result.text, result.published_at

    return run


def trafilatura_runner(precision: bool) -> Run:
    import trafilatura

    def run(case: Case) -> tuple[str, datetime | None]:
        return trafilatura.extract(case.html, url=case.url, favor_precision=precision) or "", None

    return run


def trafilatura_dates(case: Case) -> datetime | None:
    import trafilatura

    doc = trafilatura.bare_extraction(case.html, url=case.url, with_metadata=True)
    value = getattr(doc, "date", None) if doc is not None else None
    return datetime.fromisoformat(value) if value else None


def readability_runner() -> Run:
    import lxml.html
    from readability import Document

    def run(case: Case) -> tuple[str, datetime | None]:
        summary = Document(case.html).summary(html_partial=True)
        tree = lxml.html.fromstring(summary)
        lines = [" ".join(el.text_content().split()) for el in tree.iter("p", "li", "h1", "h2", "h3", "h4", "pre", "blockquote")]
        text = "\n".join(line for line in lines if line) or tree.text_content()
        return text, None

    return run


def newspaper_runner() -> Run:
    from newspaper import Article
    from newspaper.configuration import Configuration

    configs: dict[str, Configuration] = {}
    for language in ("zh", "en"):
        config = Configuration()
        config.fetch_images = False
        config.follow_meta_refresh = False
        config.language = language
        configs[language] = config

    def run(case: Case) -> tuple[str, datetime | None]:
        language = "en" if case.truth.get("language") == "en" else "zh"
        article = Article(case.url, config=configs[language])
        article.download(input_html=case.html, ignore_read_more=True)
        article.parse()
        return article.text or "", article.publish_date

    return run


def score(name: str, run: Run, cases: list[Case], dates: Callable[[Case], datetime | None] | None = None) -> dict[str, Any]:
    """Quality figures (one untimed pass, which also warms the extractor up)."""
    f1s: list[float] = []
    leaks = 0
    dated = right = right_day = 0
    for case in cases:
        text, published = run(case)
        if dates is not None:
            published = dates(case)
        if not case.truth["is_article"]:
            continue
        f1s.append(char_f1(text, "\n".join(case.truth["body"]))[2])
        leaks += len(comment_text_in_body(text, case.truth["comments"]))
        if case.truth["published"]:
            dated += 1
            right += int(date_right(published, case.truth["published"]))
            right_day += int(day_right(published, case.truth["published"]))
    return {"extractor": name, "body_f1": sum(f1s) / len(f1s), "comment_leaks": leaks,
            "dates_right": f"{right}/{dated}", "days_right": f"{right_day}/{dated}"}


def day_right(predicted: datetime | None, truth: str) -> bool:
    """The calendar day of the page's own zone (what a date-only extractor can get right)."""
    if predicted is None:
        return False
    expected = datetime.fromisoformat(truth)
    if predicted.tzinfo is not None and expected.tzinfo is not None:
        predicted = predicted.astimezone(expected.tzinfo)
    return predicted.date() == expected.date()


def best_pass_seconds(runs: dict[str, Run], cases: list[Case], rounds: int) -> dict[str, float]:
    """CPU seconds of the fastest of `rounds` passes over all pages, extractors interleaved round by
    round (CPU time of this process, so other work on the machine disturbs the figures less)."""
    best = {name: float("inf") for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            start = time.process_time()
            for case in cases:
                run(case)
            best[name] = min(best[name], time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    import logging

    logging.disable(logging.CRITICAL)
    cases = load_cases()
    runs: dict[str, Run] = {
        "newsarchive": newsarchive_runner(),
        "trafilatura (default)": trafilatura_runner(False),
        "trafilatura (favor_precision)": trafilatura_runner(True),
        "readability-lxml": readability_runner(),
        "newspaper4k": newspaper_runner(),
    }
    rows = [score(name, run, cases) for name, run in runs.items()]
    rows.append(score("trafilatura (with_metadata, for dates)", runs["trafilatura (default)"], cases, dates=trafilatura_dates))
    for row in rows:
        if row["extractor"] in ("trafilatura (default)", "trafilatura (favor_precision)", "readability-lxml"):
            row["dates_right"] = row["days_right"] = "n/a"
    seconds = best_pass_seconds(runs, cases, args.rounds)
    for row in rows:
        row["pages_per_second"] = len(cases) / seconds[row["extractor"]] if row["extractor"] in seconds else None
    articles = sum(1 for c in cases if c.truth["is_article"])
    print(f"{len(cases)} pages ({articles} articles); speed: best of {args.rounds} interleaved passes, pages per CPU-second, one process")
    print(f"{'extractor':40} {'body F1':>8} {'leaks':>6} {'dates':>7} {'days':>7} {'pages/s':>8}")
    for r in rows:
        pps = f"{r['pages_per_second']:8.1f}" if r["pages_per_second"] else "       -"
        print(f"{r['extractor']:40} {r['body_f1']:8.4f} {r['comment_leaks']:6d} {r['dates_right']:>7} {r['days_right']:>7} {pps}")
    ratio = rows[0]["pages_per_second"] / rows[1]["pages_per_second"]
    print(f"newsarchive throughput / bare trafilatura (default): {ratio:.2f}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
