"""Every command given bad arguments answers with one line naming the problem, never a traceback.

Each case runs the installed ``newsarchive`` command in a subprocess, as a user or a cron job
would, and asserts the exact first words of the message, the exit status and that nothing else
was printed. ``--debug`` is the one way to see a traceback.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import NEWSARCHIVE_BIN

PAGE = "<html><head><title>标题</title></head><body><article><p>正文第一段，足够长的一句话。</p></article></body></html>"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "NEWSARCHIVE_DB"}
    return subprocess.run([NEWSARCHIVE_BIN, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "page.html").write_text(PAGE, "utf-8")
    (tmp_path / "notes.txt").write_text("just some notes, not a web page\n", "utf-8")
    (tmp_path / "bad.toml").write_text("[[site]]\nname = 'x'\nseeds = ['http://127.0.0.1:1/']\ntimezone = 'Mars/Nowhere'\n")
    (tmp_path / "broken.toml").write_text("[[site\n")
    return tmp_path


BAD_ARGUMENTS = [
    # (arguments, exit status, the stderr line starts with)
    (["extract", "page.html", "--timezone", "Mars/Nowhere"], 1, "Error: unknown time zone 'Mars/Nowhere'"),
    (["--db", "nosuchdialect://x", "db", "current"], 1, "Error: unknown database dialect or driver 'nosuchdialect'"),
    (["--db", "nosuchdialect://x", "export", "--out", "o.jsonl"], 1, "Error: unknown database dialect or driver"),
    (["--db", "postgresql+nosuchdriver://u@h/d", "db", "upgrade"], 1, "Error: unknown database dialect or driver 'postgresql+nosuchdriver'"),
    (["--db", "not a url", "reextract"], 1, "Error: malformed database URL 'not a url'"),
    (["--db", "sqlite:////nonexistent-dir/x.db", "db", "upgrade"], 1, "Error: cannot open SQLite archive '/nonexistent-dir/x.db'"),
    (["export", "--out", "/nonexistent-dir/x.jsonl"], 1, "Error: cannot write /nonexistent-dir/x.jsonl"),
    (["export", "--out", "o.jsonl", "--since", "2025-13-01"], 2, "Error: Invalid value for '--since': '2025-13-01'"),
    (["export", "--out", "o.jsonl", "--until", "yesterday"], 2, "Error: Invalid value for '--until': 'yesterday'"),
    (["export", "--out", "o.jsonl", "--format", "docx"], 2, "Error: Invalid value for '--format': 'docx'"),
    (["reextract", "--since", "30/01/2025"], 2, "Error: Invalid value for '--since': '30/01/2025'"),
    (["captures", "import", "missing.warc.gz"], 1, "Error: cannot read WARC file missing.warc.gz"),
    (["captures", "import", "page.html"], 1, "Error: page.html is not a readable WARC file"),
    (["crawl"], 1, "Error: give at least one SEED_URL or --sites FILE"),
    (["crawl", "notaurl"], 1, "Error: seed 'notaurl' is not an http(s) URL"),
    (["crawl", "--sites", "missing.toml"], 1, "Error: cannot read sites file 'missing.toml'"),
    (["crawl", "--sites", "broken.toml"], 1, "Error: broken.toml"),
    (["crawl", "--sites", "bad.toml"], 1, "Error: bad.toml"),
    (["crawl", "http://127.0.0.1:1/", "-s", "NO_EQUALS_SIGN"], 1, "Error: -s expects NAME=VALUE"),
    (["crawl", "http://127.0.0.1:1/", "--max-pages", "0"], 2, "Error: Invalid value for '--max-pages'"),
    (["demo", "--port", "70000"], 2, "Error: Invalid value for '--port'"),
    (["crawl", "http://127.0.0.1:1/", "--site", "x"], 1, "Error: --site NAME picks a site of a --sites FILE"),
    (["runs", "--limit", "0"], 2, "Error: Invalid value for '--limit'"),
    (["runs", "--sites", "missing.toml"], 1, "Error: cannot read sites file 'missing.toml'"),
    (["runs", "--log-format", "xml"], 2, "Error: Invalid value for '--log-format'"),
    (["schedule"], 2, "Error: Missing option '--sites'"),
    (["schedule", "--sites", "broken.toml"], 1, "Error: broken.toml"),
    (["nosuchcommand"], 2, "Error: No such command 'nosuchcommand'"),
]


@pytest.mark.parametrize(("args", "status", "message"), BAD_ARGUMENTS, ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_bad_arguments_give_one_line_and_no_traceback(
    workdir: Path, args: list[str], status: int, message: str
) -> None:
    result = run(*args, cwd=workdir)
    assert "Traceback" not in result.stderr
    assert result.returncode == status, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(message), lines[0]


def test_unreadable_and_non_html_files_are_reported_per_file_and_the_rest_go_on(workdir: Path) -> None:
    result = run("extract", "missing.html", "notes.txt", "page.html", cwd=workdir)
    lines = result.stdout.splitlines()
    assert len(lines) == 3 and "Traceback" not in result.stderr
    assert '"error": "cannot read missing.html: No such file or directory"' in lines[0]
    assert '"error": "extract: not an HTML document' in lines[1]
    assert '"title": "标题"' in lines[2]
    assert result.returncode == 0


def test_debug_shows_the_traceback(workdir: Path) -> None:
    result = run("--debug", "extract", "page.html", "--timezone", "Mars/Nowhere", cwd=workdir)
    assert result.returncode != 0
    assert "Traceback" in result.stderr and "ConfigError: unknown time zone" in result.stderr
