"""`newsarchive serve`: a real uvicorn server in a subprocess, read-only, loopback unless told."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from archive.store.engine import make_readonly_engine, open_archive
from tests.conftest import NEWSARCHIVE_BIN


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(db_url: str, *args: str) -> Iterator[tuple[subprocess.Popen[str], int]]:
    port = free_port()
    process = subprocess.Popen([NEWSARCHIVE_BIN, "--db", db_url, "serve", "--port", str(port), *args],
                               stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                time.sleep(0.1)
        yield process, port
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_binds_loopback_and_serves_the_home_page(sqlite_url: str) -> None:
    with serving(sqlite_url) as (process, port):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
            assert response.status == 200
            assert "<h1>The archive</h1>" in response.read().decode("utf-8")
        process.terminate()
        _, err = process.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in err
    assert "no login" not in err


def test_serve_on_every_interface_warns_that_there_is_no_login(sqlite_url: str) -> None:
    with serving(sqlite_url, "--host", "0.0.0.0") as (process, _port):
        process.terminate()
        _, err = process.communicate(timeout=30)
    assert "Warning: serving on 0.0.0.0" in err and "no login" in err


def test_the_ui_engine_refuses_writes(db_url: str) -> None:
    open_archive(db_url).dispose()
    engine = make_readonly_engine(db_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM articles")).scalar_one() == 0
        with pytest.raises(DBAPIError, match="(?i)read-only|readonly"):
            connection.execute(text("INSERT INTO sites (name, host, settings, created_at) "
                                    "VALUES ('x', 'x', '{}', CURRENT_TIMESTAMP)"))
    engine.dispose()
