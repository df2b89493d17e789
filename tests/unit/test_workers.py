"""The crawl process and its helpers: helper processes named for ``top``/``ps``, extraction workers that import no
database code (they start faster), and no code-running console opened by default."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def _python(script: str) -> str:
    """What a fresh interpreter prints running ``script`` (its own process: names and imports)."""
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.strip()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process names are set with Linux prctl")
def test_a_helper_process_shows_its_role_as_its_name() -> None:
    script = (
        "from crawler.extensions.helper_processes import EXTRACTOR_PROCESS_NAME, die_with_parent\n"
        "die_with_parent(EXTRACTOR_PROCESS_NAME)\n"
        "print(open('/proc/self/comm').read().strip())\n"
    )
    assert _python(script) == "na-extract"


def test_an_extraction_worker_imports_neither_sqlalchemy_nor_scrapy_nor_alembic() -> None:
    script = (
        "import sys\n"
        "import crawler.extensions.extraction_worker\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'scrapy', 'alembic', 'twisted'}))\n"
    )
    assert _python(script) == "[]"


# What Scrapy does with a crawl's settings when it builds the crawl's extensions and downloader
# middlewares (ExtensionManager / DownloaderMiddlewareManager.from_crawler): it merges each
# component dict with its _BASE (importing the components named in the dict itself, even those
# mapped to None), then imports every component left in the list. The script prints which
# components are listed and what got imported.
_COMPONENTS_SCRIPT = """
import json, sys
from scrapy.utils.conf import build_component_list
from scrapy.utils.misc import load_object
from crawler.runner import crawl_settings
settings = crawl_settings(db_url="sqlite:///x.db", max_pages=None, jobdir=None,
                          settings_overrides=json.loads(sys.argv[1]), progress=False)
listed = set()
for name in ("EXTENSIONS", "DOWNLOADER_MIDDLEWARES"):
    for component in build_component_list(settings.get_component_priority_dict_with_base(name)):
        load_object(component)
        listed.add(component)
print(json.dumps({
    "enabled": [settings.getbool("REMOTE_CONTROL_ENABLED"), settings.getbool("TELNETCONSOLE_ENABLED"),
                settings.getbool("COOKIES_ENABLED")],
    "listed": sorted(listed),
    "imported": sorted(m for m in sys.modules if m in ("aiohttp", "scrapy.extensions.remote_control",
                                                      "scrapy.downloadermiddlewares.cookies")),
}))
"""

_REMOTE_CONTROL = "scrapy.extensions.remote_control.RemoteControl"
_COOKIES = "scrapy.downloadermiddlewares.cookies.CookiesMiddleware"


def _components(overrides: dict[str, str]) -> dict[str, list[object]]:
    done = subprocess.run([sys.executable, "-c", _COMPONENTS_SCRIPT, json.dumps(overrides)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_an_unattended_crawl_opens_no_console_that_runs_code_and_does_not_even_load_it() -> None:
    found = _components({})
    assert found["enabled"] == [False, False, False]  # remote control, telnet console, cookies
    assert _REMOTE_CONTROL not in found["listed"] and _COOKIES not in found["listed"]
    assert found["imported"] == []  # neither aiohttp (0.2 s of every crawl's start) nor cookies


def test_the_remote_control_and_cookies_are_loaded_when_asked_for() -> None:
    found = _components({"REMOTE_CONTROL_ENABLED": "True", "COOKIES_ENABLED": "True"})
    assert found["enabled"] == [True, False, True]
    assert {_REMOTE_CONTROL, _COOKIES} <= set(found["listed"])
    assert {"aiohttp", "scrapy.extensions.remote_control", "scrapy.downloadermiddlewares.cookies"} <= set(found["imported"])


def test_the_crawl_process_hands_pages_on_without_loading_the_extractor() -> None:
    # the crawl process unpickles workers' results (archive.extract.records) but never extracts itself
    script = "import sys\nimport crawler.pipelines\nprint('trafilatura' in sys.modules, 'archive.extract.extractor' in sys.modules)\n"
    assert _python(script) == "False False"
