"""Decoding benchmark: accuracy on the encoding corpus and throughput, newsarchive vs baselines.

    .venv/bin/python benchmarks/decode_bench.py [--repeat N] [--markdown]

Accuracy: a decoder is right on a case when its text equals the case's ``expected`` text exactly
(tests/corpus/encodings/manifest.json). Throughput: MB of input bytes decoded per second of
process CPU time, on (a) the corpus itself and (b) "typical pages": the five sample articles
wrapped in ~85 KB of ASCII markup, served declared (UTF-8 and GBK) the way most news sites do.
Times are per page, best of ``--repeat`` runs with the decoders taking turns (see ``throughput``).

Baselines, all offline:
- w3lib ``html_to_unicode`` (the default: declared charset wins, no auto-detection);
- Scrapy ``HtmlResponse(...).text`` (w3lib plus Scrapy's own checks), built without any network;
- trafilatura ``utils.decode_file`` (valid UTF-8 wins, then charset-normalizer guesses);
- bare chardet 7 and bare charset-normalizer (detect, then decode with replacement).
"newsarchive+cn" swaps newsarchive's detector for charset-normalizer, to choose between the two.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import chardet
import charset_normalizer
import trafilatura.utils
from chardet.enums import EncodingEra
from scrapy.http import HtmlResponse
from w3lib.encoding import html_to_unicode

from archive.decode import page as decode_module
from archive.decode.page import decode_page

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus" / "encodings"

Decoder = Callable[[bytes, "str | None"], str]


def newsarchive(body: bytes, content_type: str | None) -> str:
    return decode_page(body, content_type).text


def _detect_with_charset_normalizer(body: bytes) -> dict[str, Any]:
    best = charset_normalizer.from_bytes(body[: 32 * 1024]).best()
    if best is None:
        return {"name": "charset-normalizer", "encoding": None, "confidence": None}
    return {"name": "charset-normalizer", "encoding": best.encoding, "confidence": round(1.0 - best.chaos, 3)}


def newsarchive_cn(body: bytes, content_type: str | None) -> str:
    original = decode_module.detect_charset
    decode_module.detect_charset = _detect_with_charset_normalizer  # type: ignore[assignment]
    try:
        return decode_page(body, content_type).text
    finally:
        decode_module.detect_charset = original  # type: ignore[assignment]


def w3lib_default(body: bytes, content_type: str | None) -> str:
    return html_to_unicode(content_type, body)[1]


def scrapy_text(body: bytes, content_type: str | None) -> str:
    headers = {"Content-Type": content_type} if content_type else {}
    return HtmlResponse(url="http://127.0.0.1/page", body=body, headers=headers).text


def trafilatura_decode(body: bytes, content_type: str | None) -> str:
    return trafilatura.utils.decode_file(body)


def bare_chardet(body: bytes, content_type: str | None) -> str:
    encoding = chardet.detect(body)["encoding"] or "utf-8"
    try:
        return body.decode(encoding, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def bare_charset_normalizer(body: bytes, content_type: str | None) -> str:
    best = charset_normalizer.from_bytes(body).best()
    return body.decode("utf-8", errors="replace") if best is None else str(best)


DECODERS: dict[str, Decoder] = {
    "newsarchive": newsarchive,
    "newsarchive+cn": newsarchive_cn,
    "scrapy": scrapy_text,
    "w3lib": w3lib_default,
    "trafilatura": trafilatura_decode,
    "chardet": bare_chardet,
    "charset-normalizer": bare_charset_normalizer,
}


def load_corpus() -> list[tuple[dict[str, Any], bytes]]:
    cases = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    return [(case, (CORPUS / case["file"]).read_bytes()) for case in cases]


def typical_pages() -> list[tuple[bytes, str | None]]:
    """Sample articles in realistic page sizes (~60 KB, mostly ASCII markup), declared."""
    pages = []
    nav = "".join(f'<li><a href="/section/{i}/index.html" class="nav-item">Section {i}</a></li>\n' for i in range(300))
    script = "<script>var cfg = {" + ",".join(f'"k{i}": {i}' for i in range(2500)) + "};</script>\n"
    for path in sorted((CORPUS / "samples").glob("00*.txt")):
        text = path.read_text(encoding="utf-8")
        paragraphs = "".join(f"<p>{line}</p>\n" for line in text.splitlines())
        for codec, label in (("utf-8", "utf-8"), ("gb18030", "gbk")):
            html = (
                f'<!DOCTYPE html><html><head><meta charset="{label}"><title>news</title>{script}</head>'
                f"<body><ul>{nav}</ul><article>{paragraphs}</article><ul>{nav}</ul></body></html>"
            )
            pages.append((html.encode(codec), f"text/html; charset={label}"))
    return pages


def undeclared(pages: list[tuple[bytes, str | None]]) -> list[tuple[bytes, str | None]]:
    """The typical pages without their meta and header: the path that weighs candidates."""
    return [(body.replace(b'<meta charset="utf-8">', b"").replace(b'<meta charset="gbk">', b""), None)
            for body, _ in pages]


def accuracy(corpus: list[tuple[dict[str, Any], bytes]]) -> dict[str, list[str]]:
    """For each decoder, the ids of the cases it gets exactly right."""
    right: dict[str, list[str]] = {}
    for name, decoder in DECODERS.items():
        right[name] = []
        for case, body in corpus:
            try:
                text = decoder(body, case["content_type"])
            except Exception:  # a baseline crashing on a case is a wrong answer, not a crash here
                continue
            if text == case["expected"]:
                right[name].append(case["id"])
    return right


def throughput(
    pages: list[tuple[bytes, str | None]], decoders: dict[str, Decoder], repeat: int
) -> dict[str, float]:
    """MB/s (10^6 input bytes per second of process CPU time) for each decoder.

    Each page is decoded ``repeat`` times by each decoder, the decoders taking turns in a
    shuffled order; a decoder's time for a page is its fastest run (the least disturbed by
    background load, as ``timeit`` recommends), and its rate is total bytes / sum of those times.
    """
    import random

    size = sum(len(body) for body, _ in pages)
    total = dict.fromkeys(decoders, 0.0)
    order = list(decoders)
    rng = random.Random(0)
    for body, content_type in pages:
        best = dict.fromkeys(decoders, float("inf"))
        for _ in range(repeat):
            rng.shuffle(order)
            for name in order:
                decoder = decoders[name]
                start = time.process_time_ns()
                for _ in range(3):
                    decoder(body, content_type)
                best[name] = min(best[name], (time.process_time_ns() - start) / 3e9)
        for name in decoders:
            total[name] += best[name]
    return {name: size / 1e6 / max(elapsed, 1e-9) for name, elapsed in total.items()}


def detector_cases(corpus: list[tuple[dict[str, Any], bytes]]) -> list[tuple[str, bytes, str]]:
    """(id, bytes, true codec) for the detector comparison: the corpus pages that are neither
    pure ASCII nor mojibake, plus 400 snippets of 4-40 characters cut from the samples
    (deterministic) in GBK, Big5 and UTF-8 — short pages are where detectors differ."""
    import random

    items = [
        (case["id"], body, _codec(case["true_encoding"]))
        for case, body in corpus
        if case["true_encoding"] != "ascii" and "mojibake" not in case["tags"]
    ]
    samples = [p.read_text(encoding="utf-8") for p in sorted((CORPUS / "samples").glob("00*.txt"))]
    sources = [
        ("gb18030", samples[1] + samples[2]),
        ("gb18030", samples[0]),
        ("big5hkscs", samples[3].replace("?xiàng)l", "條")),
        ("utf-8", samples[2]),
    ]
    rng = random.Random(2)
    for codec, source in sources:
        for length in (4, 8, 16, 40):
            for _ in range(25):
                start = rng.randrange(len(source) - length)
                snippet = source[start : start + length]
                try:
                    items.append((f"snippet-{length}", snippet.encode(codec), codec))
                except UnicodeEncodeError:
                    continue
    return items


def _codec(label: str | None) -> str | None:
    from archive.decode.charsets import normalize_label

    if label is None:
        return None
    aliases = {"latin-1": "cp1252", "utf-8-sig": "utf-8", "utf-16-le": "utf-16", "utf-16-be": "utf-16", "cp936": "gb18030"}
    return aliases.get(label.lower(), normalize_label(label))


def compare_detectors(items: list[tuple[str, bytes, str]]) -> dict[str, tuple[int, float]]:
    """Right guesses (after label normalisation: gbk == gb18030, big5 == big5hkscs) and ms total."""
    detectors: dict[str, Callable[[bytes], str | None]] = {
        "chardet": lambda body: chardet.detect(body)["encoding"],
        "chardet (modern web, as newsarchive uses it)": lambda body: chardet.detect(
            body, encoding_era=EncodingEra.MODERN_WEB
        )["encoding"],
        "charset-normalizer": lambda body: getattr(charset_normalizer.from_bytes(body).best(), "encoding", None),
    }
    results = {}
    for name, detect in detectors.items():
        start = time.process_time()
        right = sum(1 for _, body, codec in items if _codec(detect(body)) == codec)
        results[name] = (right, (time.process_time() - start) * 1000)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--markdown", action="store_true", help="print the docs/benchmarks.md table")
    args = parser.parse_args(argv)

    corpus = load_corpus()
    corpus_pages = [(body, case["content_type"]) for case, body in corpus]
    typical = typical_pages()
    right = accuracy(corpus)
    total = len(corpus)
    scrapy_right = set(right["scrapy"])

    corpus_rates = throughput(corpus_pages, DECODERS, args.repeat)
    typical_rates = throughput(typical, DECODERS, args.repeat)
    undeclared_rates = throughput(undeclared(typical), DECODERS, args.repeat)
    rows = [
        (name, len(right[name]), corpus_rates[name], typical_rates[name], undeclared_rates[name])
        for name in DECODERS
    ]
    print(f"corpus: {total} cases, {sum(len(b) for b, _ in corpus_pages)} bytes; "
          f"typical pages: {len(typical)} pages, {sum(len(b) for b, _ in typical)} bytes")
    if args.markdown:
        print(f"| decoder | exact text (of {total}) | corpus MB/s | typical pages MB/s | same, undeclared MB/s |")
        print("|---|---:|---:|---:|---:|")
        for name, ok, corpus_rate, typical_rate, undeclared_rate in rows:
            print(f"| {name} | {ok} | {corpus_rate:.1f} | {typical_rate:.1f} | {undeclared_rate:.1f} |")
    else:
        for name, ok, corpus_rate, typical_rate, undeclared_rate in rows:
            print(f"{name:20s} exact {ok:3d}/{total}  corpus {corpus_rate:8.1f} MB/s  "
                  f"typical {typical_rate:8.1f} MB/s  undeclared {undeclared_rate:8.1f} MB/s")
    items = detector_cases(corpus)
    for name, (ok, ms) in compare_detectors(items).items():
        print(f"detector {name}: {ok}/{len(items)} right, {ms:.0f} ms")
    ours = set(right["newsarchive"])
    worse = sorted(scrapy_right - ours)
    print("cases where Scrapy is right and newsarchive is not:", worse or "none")
    print("cases newsarchive gets wrong:", sorted({c["id"] for c, _ in corpus} - ours) or "none")
    for name in ("scrapy", "w3lib", "trafilatura", "chardet", "charset-normalizer"):
        wrong = sorted({c["id"] for c, _ in corpus} - set(right[name]))
        print(f"{name} wrong on: {', '.join(wrong)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
