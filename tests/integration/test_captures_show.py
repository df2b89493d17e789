"""`newsarchive captures show ID [--raw]` and the documented one-line way to read a stored body,
over the demo site crawled into a SQLite archive."""

from __future__ import annotations

import re
import sqlite3
import subprocess
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

from .conftest import NEWSARCHIVE

ROOT = Path(__file__).resolve().parents[2]
GBK_PAGE = "/news/2024/gbk-seminar.html"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    db = tmp_path_factory.mktemp("show") / "demo.db"
    result = subprocess.run(
        [NEWSARCHIVE, "--db", f"sqlite:///{db}", "demo", "--port", "0"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    yield db


def _capture_id(db: Path, path: str) -> int:
    connection = sqlite3.connect(db)
    try:
        rows = connection.execute("SELECT id, requested_url FROM captures").fetchall()
    finally:
        connection.close()
    return next(capture_id for capture_id, url in rows if url.endswith(path))


def _served_bytes(path: str) -> bytes:
    return resources.files("crawler").joinpath("demo_site", path.lstrip("/")).read_bytes()


def _show(db: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [NEWSARCHIVE, "--db", f"sqlite:///{db}", "captures", "show", *args], capture_output=True, timeout=60
    )


def test_show_prints_headers_charset_evidence_and_the_decoded_body(demo_db: Path) -> None:
    capture_id = _capture_id(demo_db, GBK_PAGE)
    result = _show(demo_db, str(capture_id))
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode("utf-8")
    assert out.startswith(f"capture {capture_id}: http://127.0.0.1:")
    assert "  status: 200\n" in out
    assert "headers:\n" in out and "  Content-Type: text/html; charset=iso-8859-1\n" in out
    assert "charset: gb18030; repairs: none; flagged spans: 0\n" in out
    assert '"label": "iso-8859-1"' in out.split("charset evidence: ", 1)[1].splitlines()[0]
    assert f"body: {len(_served_bytes(GBK_PAGE))} bytes" in out
    assert "<title>朱镕基经济思想研讨会在京举行 - 演示新闻网</title>" in out


def test_show_raw_writes_the_bytes_the_server_sent(demo_db: Path) -> None:
    result = _show(demo_db, str(_capture_id(demo_db, GBK_PAGE)), "--raw")
    assert result.returncode == 0, result.stderr
    assert result.stdout == _served_bytes(GBK_PAGE)


def test_show_of_an_unknown_capture_is_one_line(demo_db: Path) -> None:
    result = _show(demo_db, "99999")
    assert result.returncode == 1
    assert result.stderr.decode() == "Error: no capture 99999 in the archive (ids are captures.id)\n"


def test_the_documented_one_liner_reads_a_compressed_body(demo_db: Path, tmp_path: Path) -> None:
    schema_doc = (ROOT / "docs" / "schema.md").read_text("utf-8")
    command = re.search(r'^(python3 -c ".*") newsarchive\.db 12 > page\.html$', schema_doc, flags=re.M)
    assert command is not None
    capture_id = _capture_id(demo_db, GBK_PAGE)
    connection = sqlite3.connect(demo_db)
    try:
        (compression,) = connection.execute(
            "SELECT compression FROM bodies JOIN captures ON captures.body_sha256 = bodies.sha256 WHERE captures.id = ?",
            (capture_id,),
        ).fetchone()
    finally:
        connection.close()
    assert compression == "zlib"  # what makes sqlite3 alone unable to show it
    out = tmp_path / "page.html"
    subprocess.run(f"{command.group(1)} {demo_db} {capture_id} > {out}", shell=True, check=True, timeout=60)
    assert out.read_bytes() == _served_bytes(GBK_PAGE)
