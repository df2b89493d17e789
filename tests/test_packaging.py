"""A non-editable install carries every module, the migrations and the data files, and imports cleanly."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_contains_every_source_file_and_the_migrations(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    (wheel,) = tmp_path.glob("newsarchive-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = set()
    for package, prefix in (("archive", "archive"), ("crawler", "crawler"), ("migrations", "archive/_migrations")):
        for path in (ROOT / package).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix in {".py", ".toml", ".mako", ".html", ".xml", ".txt", ".css"}:
                expected.add(prefix + "/" + path.relative_to(ROOT / package).as_posix())
    assert "archive/_migrations/env.py" in expected
    assert expected - names == set()


def test_library_imports_cleanly_without_pulling_in_scrapy() -> None:
    code = (
        "import sys, trafilatura, archive.cli, archive.ingest.writer, archive.export.writers, archive.store.engine\n"
        "assert 'scrapy' not in sys.modules, 'archive imported scrapy'\n"
        "print('ok')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "ok", result.stderr
