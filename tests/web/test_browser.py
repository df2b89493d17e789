"""In a real browser (Playwright driving Debian's Chromium at /usr/bin/chromium; Playwright never
downloads one): an archivist searches a Chinese word, opens the article, reads the comment thread,
opens a diff and the raw capture. An archived page full of script runs nothing, in the UI or in the
raw view: no window flag set, no request the script would make reaches the server.

Skipped only when Chromium (or Playwright) is missing and NEWSARCHIVE_REQUIRE_SERVICES is unset.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from archive.store.engine import make_readonly_engine
from archive.web import create_app
from tests.web.conftest import TYPHOON, build_archive

CHROMIUM = "/usr/bin/chromium"


def require_browser() -> Any:
    missing = None
    if not Path(CHROMIUM).exists():
        missing = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = missing or "playwright is not installed (pip install -e '.[test]')"
    if missing:
        if os.environ.get("NEWSARCHIVE_REQUIRE_SERVICES"):
            pytest.fail(missing + " and NEWSARCHIVE_REQUIRE_SERVICES is set")
        pytest.skip(missing)
    return sync_playwright


class Recorder:
    """ASGI wrapper remembering every path the browser asked the server for."""

    def __init__(self, app: Any) -> None:
        self.app, self.paths = app, []  # type: ignore[var-annotated]

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            self.paths.append(scope["path"])
        await self.app(scope, receive, send)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Recorder]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'archive.db'}"
    build_archive(url)
    engine = make_readonly_engine(url)
    recorder = Recorder(create_app(engine))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    uv = uvicorn.Server(uvicorn.Config(recorder, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", recorder
    uv.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_playwright = require_browser()
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


def not_blank(png: bytes) -> bool:
    """A screenshot shows something: its decompressed pixel rows hold many distinct byte values
    (a blank page holds the one background colour and the row filter bytes)."""
    data, position = b"", 8
    while position < len(png):
        length = int.from_bytes(png[position : position + 4], "big")
        kind = png[position + 4 : position + 8]
        if kind == b"IDAT":
            data += png[position + 8 : position + 8 + length]
        position += 12 + length
    return len(set(zlib.decompress(data))) > 16


def shoot(page: Any, out: Path, name: str) -> None:
    png = page.screenshot(full_page=True)
    (out / f"{name}.png").write_bytes(png)
    assert not_blank(png), f"screenshot {name} is blank"


def test_archivist_searches_chinese_reads_thread_diff_and_raw(
    server: tuple[str, Recorder], browser: Any, tmp_path: Path
) -> None:
    base, _ = server
    page = browser.new_page(viewport={"width": 412, "height": 900})  # a phone
    page.goto(base + "/")
    page.fill("header input[name=q]", "台风")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/search?q=*")
    hits = page.locator("li.hit a.title")
    assert hits.count() == 3
    assert page.locator("#timeline svg rect").count() >= 3
    shoot(page, tmp_path, "search")

    page.get_by_role("link", name=TYPHOON.title).click()
    page.wait_for_url("**/articles/*")
    assert page.locator("h1#title").inner_text() == TYPHOON.title
    comments = page.locator("#comments")
    assert comments.locator("article.comment").count() == 4
    reply = comments.locator("article.comment[data-depth='2']")
    assert "注意安全" in reply.inner_text()
    box_top, box_reply = (comments.locator("article.comment[data-depth='0']").first.bounding_box(),
                          reply.bounding_box())
    assert box_reply["x"] > box_top["x"]  # the reply is drawn indented under its parent
    shoot(page, tmp_path, "article")

    page.locator("a.diff-link").first.click()
    page.wait_for_url("**/diff?*")
    assert page.locator("#text-diff del").inner_text() == "四"
    assert page.locator("#text-diff ins").inner_text() == "五"
    shoot(page, tmp_path, "diff")

    page.go_back()
    page.locator("#provenance a").first.click()
    page.wait_for_url("**/captures/*")
    frame = page.frame_locator("iframe#raw")
    assert frame.locator("h1").inner_text() == TYPHOON.title
    shoot(page, tmp_path, "capture")

    page.get_by_role("link", name="Changes", exact=True).click()
    page.wait_for_url("**/changes")
    typhoon = page.locator("li.change", has_text=TYPHOON.title)
    assert typhoon.locator(".text-diff del").inner_text() == "四"
    assert typhoon.locator(".text-diff ins").inner_text() == "五"
    shoot(page, tmp_path, "changes")
    page.close()


def test_archived_script_runs_nowhere(server: tuple[str, Recorder], browser: Any) -> None:
    base, recorder = server
    page = browser.new_page()
    page.goto(base + "/articles?language=en")
    page.locator("li.article-row a.title", has_text="Hostile").click()
    page.wait_for_url("**/articles/*")
    assert "window.pwned=4" in page.locator("h1#title").inner_text()  # shown as text
    assert page.evaluate("window.pwned") is None
    page.locator("#provenance a").first.click()
    page.wait_for_url("**/captures/*")
    raw_frame = page.frame_locator("iframe#raw")
    assert "must not succeed" in raw_frame.locator("body").inner_text()
    raw_frame.locator("#jslink").click()
    page.wait_for_timeout(500)
    assert page.evaluate("window.pwned") is None
    framed = [f for f in page.frames if f.url.endswith("/raw")]
    assert len(framed) == 1 and framed[0].evaluate("window.pwned") is None

    page.goto(page.url + "/raw")  # the raw view opened on its own, outside the UI
    page.locator("#jslink").click()
    page.wait_for_timeout(500)
    assert page.evaluate("window.pwned") is None
    assert not [path for path in recorder.paths if "pwned" in path], recorder.paths
    page.close()
