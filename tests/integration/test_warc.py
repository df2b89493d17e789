"""WARC provenance: every stored page is a record other WARC tools accept, and WARCs re-import to the same articles."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from warcio.archiveiterator import ArchiveIterator

from archive.ingest.writer import ArchiveWriter
from archive.process import process_page
from archive.store.engine import open_archive
from archive.store.models import Capture
from archive.warc.recorder import WarcRecorder
from tests.conftest import NEWSARCHIVE_BIN
from tests.integration.test_ingest import PARAGRAPHS, T0, URL, fetched, page_html


def crawl_into(db_url: str, warc_dir: Path, max_bytes: int = 10_000_000) -> list[Capture]:
    engine = open_archive(db_url)
    recorder = WarcRecorder(warc_dir, max_bytes=max_bytes)
    writer = ArchiveWriter(engine, warc=recorder)
    writer.start_run(["http://news.example.test/"], {})
    other = URL.replace("deepseek", "other")
    pages = [
        fetched(page_html(PARAGRAPHS)),
        fetched(page_html(PARAGRAPHS[1:]).replace(URL, other), url=other, final_url=other),
        fetched(page_html(PARAGRAPHS), fetched_at=T0 + timedelta(days=1)),  # unchanged recrawl
        fetched("", url=URL + "x", final_url=URL + "x", status=None, body=b"", error="connection refused"),
    ]
    for page in pages:
        writer.store(page, process_page(page))
    writer.finish_run()
    recorder.close()
    with Session(engine) as s:
        return list(s.scalars(select(Capture).order_by(Capture.id)))


def test_each_capture_points_at_its_record_and_unchanged_recrawls_are_revisits(sqlite_url: str, tmp_path: Path) -> None:
    captures = crawl_into(sqlite_url, tmp_path / "warc")
    assert [c.warc_file is not None for c in captures] == [True, True, True, False]
    kinds = []
    for capture in captures[:3]:
        with open(tmp_path / "warc" / capture.warc_file, "rb") as stream:
            stream.seek(capture.warc_offset)
            record = next(iter(ArchiveIterator(stream)))
            assert record.rec_headers.get_header("WARC-Target-URI") == capture.final_url
            assert record.rec_headers.get_header("WARC-Payload-Digest", "").startswith("sha1:")
            kinds.append(record.rec_type)
    assert kinds == ["response", "response", "revisit"]


def test_warc_files_pass_warcio_check_and_rotate(sqlite_url: str, tmp_path: Path) -> None:
    crawl_into(sqlite_url, tmp_path / "warc", max_bytes=1)
    files = sorted((tmp_path / "warc").glob("*.warc.gz"))
    assert len(files) == 3  # one response per file past the size limit; a failure writes nothing
    check = subprocess.run([str(Path(sys.executable).parent / "warcio"), "check", "-v", *map(str, files)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    with open(files[0], "rb") as stream:
        assert [r.rec_type for r in ArchiveIterator(stream)] == ["warcinfo", "request", "response"]


def test_warc_reimports_to_the_same_articles(db_url: str, tmp_path: Path) -> None:
    crawl_into(f"sqlite:///{tmp_path / 'original.db'}", tmp_path / "warc")
    files = sorted(str(p) for p in (tmp_path / "warc").glob("*.warc.gz"))
    result = subprocess.run([NEWSARCHIVE_BIN, "--db", db_url, "captures", "import", "--site", "guancha", *files],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "imported 2 responses: 2 new articles, 0 updated, 0 unchanged, 6 comments added, 0 errors"

    def dump(db: str) -> list[dict]:
        out = tmp_path / "dump.jsonl"
        subprocess.run([NEWSARCHIVE_BIN, "--db", db, "export", "--out", str(out), "--dedup", "none", "--comments"],
                       check=True, capture_output=True, cwd=tmp_path)
        rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
        for row in rows:
            row.pop("id")
            for comment in row["comments"]:
                comment.pop("id"), comment.pop("reply_to")
        return rows

    assert dump(db_url) == dump(f"sqlite:///{tmp_path / 'original.db'}")


def test_importing_a_file_that_is_not_a_warc_fails_with_one_line(sqlite_url: str, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.warc.gz"
    bogus.write_bytes(b"this is not a WARC file\n")
    result = subprocess.run([NEWSARCHIVE_BIN, "--db", sqlite_url, "captures", "import", str(bogus)],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: {bogus} is not a readable WARC file: ")
    assert len(result.stderr.strip().splitlines()) == 1


def _damaged_copy(tmp_path: Path, damage: str) -> tuple[Path, int, str]:
    """A WARC of crawl_into's pages with the second page's response record cut off (``truncate``)
    or with bytes inside its gzip member overwritten (``corrupt``): the file, the record's offset
    and its URL."""
    captures = crawl_into(f"sqlite:///{tmp_path / 'original.db'}", tmp_path / "warc")
    (path,) = sorted((tmp_path / "warc").glob("*.warc.gz"))
    victim = captures[1]
    assert victim.warc_offset is not None
    data = bytearray(path.read_bytes())
    with open(path, "rb") as stream:
        offsets = [records.get_record_offset() for records in [ArchiveIterator(stream)] for _ in records]
    end = next(o for o in offsets if o > victim.warc_offset)
    if damage == "truncate":
        data = data[: victim.warc_offset + (end - victim.warc_offset) * 2 // 3]
    else:
        middle = victim.warc_offset + (end - victim.warc_offset) // 2
        data[middle : middle + 16] = bytes(16)
    damaged = tmp_path / f"{damage}.warc.gz"
    damaged.write_bytes(bytes(data))
    return damaged, victim.warc_offset, victim.requested_url


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        ("truncate", "truncated: the file ends inside this record's gzip member"),
        ("corrupt", "corrupt gzip data (Error -3 while decompressing data: "),
    ],
)
def test_a_damaged_warc_record_is_an_error_with_its_offset_and_nothing_of_it_is_stored(
    sqlite_url: str, tmp_path: Path, damage: str, reason: str
) -> None:
    damaged, offset, url = _damaged_copy(tmp_path, damage)
    result = subprocess.run([NEWSARCHIVE_BIN, "--db", sqlite_url, "captures", "import", str(damaged)],
                            capture_output=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 1
    stdout, stderr = result.stdout.decode("ascii"), result.stderr.decode("ascii")  # no binary garbage
    assert stdout == "imported 2 responses: 1 new articles, 0 updated, 0 unchanged, 3 comments added, 1 errors (1 damaged records)\n"
    assert stderr.startswith(f"Error: {damaged}: record at offset {offset} ({url}): {reason}")
    assert len(stderr.splitlines()) == 1
    engine = open_archive(sqlite_url)
    with Session(engine) as s:
        rows = [(c.requested_url, c.body_sha256, c.error) for c in s.scalars(select(Capture).order_by(Capture.id))]
    assert rows[0][0].startswith(URL) and rows[0][1] is not None and rows[0][2] is None
    assert [(u, b, (e or "").split(":")[0]) for u, b, e in rows[1:]] == [(url, None, "damaged-warc-record")]
    assert f"offset {offset} of {damaged}" in rows[1][2]


def test_robots_sitemaps_and_feeds_in_a_warc_import_as_what_they_were_not_as_pages(sqlite_url: str, tmp_path: Path) -> None:
    import gzip

    from archive.ingest.warc_import import import_warcs

    host = "http://news.example.test"
    recorded = {
        f"{host}/robots.txt": (b"User-agent: *\nDisallow: /private/\nSitemap: /sitemap.xml.gz\n", "text/plain"),
        f"{host}/sitemap.xml.gz": (gzip.compress(
            b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + f"<url><loc>{URL}</loc></url></urlset>".encode()), "application/x-gzip"),
        f"{host}/rss.xml": (f'<?xml version="1.0"?><rss version="2.0"><channel><item><link>{URL}</link></item>'
                            "</channel></rss>".encode(), "application/rss+xml"),
    }
    recorder = WarcRecorder(tmp_path / "warc")
    for url, (body, content_type) in recorded.items():
        recorder.record(fetched("", url=url, final_url=url, body=body, headers=(("Content-Type", content_type),)))
    recorder.record(fetched(page_html(PARAGRAPHS)))
    recorder.close()
    engine = open_archive(sqlite_url)
    result = import_warcs(engine, sorted((tmp_path / "warc").glob("*.warc.gz")), site="guancha")
    assert (result.counters.pages_fetched, result.counters.articles_new, result.counters.errors) == (1, 1, 0)
    with Session(engine) as s:
        kinds = {c.final_url: (c.kind, c.page_kind, c.error) for c in s.scalars(select(Capture))}
    assert kinds == {
        f"{host}/robots.txt": ("robots", None, None),
        f"{host}/sitemap.xml.gz": ("sitemap", None, None),
        f"{host}/rss.xml": ("feed", None, None),
        URL + "?utm_source=weibo": ("page", "article", None),
    }
