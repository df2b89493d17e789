"""WARC provenance: every stored page is a record other WARC tools accept, and WARCs re-import to the same articles."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

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
