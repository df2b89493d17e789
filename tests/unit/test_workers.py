"""The crawl process and its helpers: helper processes named for ``top``/``ps``, extraction workers that import no
database code (they start faster), and no code-running console opened by default."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _python(script: str) -> str:
    """What a fresh interpreter prints running ``script`` (its own process: names and imports)."""
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.strip()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process names are set with Linux prctl")
def test_a_helper_process_shows_its_role_as_its_name() -> None:
    script = (
        "from crawler.workers import EXTRACTOR_PROCESS_NAME, die_with_parent\n"
        "die_with_parent(EXTRACTOR_PROCESS_NAME)\n"
        "print(open('/proc/self/comm').read().strip())\n"
    )
    assert _python(script) == "na-extract"


def test_an_extraction_worker_imports_neither_sqlalchemy_nor_scrapy_nor_alembic() -> None:
    script = (
        "import sys\n"
        "import crawler.workers\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'scrapy', 'alembic', 'twisted'}))\n"
    )
    assert _python(script) == "[]"


def test_an_unattended_crawl_opens_no_console_that_runs_code_unless_asked() -> None:
    from crawler.runner import crawl_settings

    defaults = crawl_settings(db_url="sqlite:///x.db", max_pages=None, jobdir=None, settings_overrides={}, progress=False)
    assert (defaults.getbool("REMOTE_CONTROL_ENABLED"), defaults.getbool("TELNETCONSOLE_ENABLED")) == (False, False)
    remote_control = "scrapy.extensions.remote_control.RemoteControl"
    assert defaults.getdict("EXTENSIONS")[remote_control] is None  # not even loaded
    asked = crawl_settings(db_url="sqlite:///x.db", max_pages=None, jobdir=None,
                           settings_overrides={"REMOTE_CONTROL_ENABLED": "True"}, progress=False)
    assert asked.getbool("REMOTE_CONTROL_ENABLED") is True
    assert remote_control not in asked.getdict("EXTENSIONS")  # Scrapy's own default applies again


def test_cookies_are_not_kept_unless_asked_and_then_their_middleware_runs() -> None:
    from crawler.runner import crawl_settings

    cookies = "scrapy.downloadermiddlewares.cookies.CookiesMiddleware"
    defaults = crawl_settings(db_url="sqlite:///x.db", max_pages=None, jobdir=None, settings_overrides={}, progress=False)
    assert defaults.getbool("COOKIES_ENABLED") is False
    assert defaults.getdict("DOWNLOADER_MIDDLEWARES")[cookies] is None
    asked = crawl_settings(db_url="sqlite:///x.db", max_pages=None, jobdir=None,
                           settings_overrides={"COOKIES_ENABLED": "True"}, progress=False)
    assert cookies not in asked.getdict("DOWNLOADER_MIDDLEWARES")


def test_the_crawl_process_hands_pages_on_without_loading_the_extractor() -> None:
    # the crawl process unpickles workers' results (archive.records) but never extracts itself
    script = "import sys\nimport crawler.pipelines\nprint('trafilatura' in sys.modules, 'archive.extract' in sys.modules)\n"
    assert _python(script) == "False False"
