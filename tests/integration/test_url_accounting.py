"""Every page URL a crawl learns of ends as a capture or as a counted reason, and the summary's
numbers add up — on a generated site of a few thousand numbered stories, whose numbers 2028 to
2199 look like years (they used to be refused, unrecorded, as future-date traps)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from numbered_site import NumberedSite

from .conftest import CRAWL_SETTINGS, run_newsarchive

STORIES = 2300


def _numbers(line: str) -> dict[str, int]:
    return {reason: int(n) for reason, n in re.findall(r"([a-z][a-z:-]*): (\d+)", line)}


def test_every_url_ends_as_a_capture_or_a_counted_reason(tmp_path: Path) -> None:
    site = NumberedSite(STORIES).start()
    db = tmp_path / "numbered.db"
    try:
        args = ["--db", f"sqlite:///{db}", "crawl", site.base_url, "--quiet"]
        for name, value in {**CRAWL_SETTINGS, "CONCURRENT_REQUESTS_PER_DOMAIN": "16"}.items():
            args += ["-s", f"{name}={value}"]
        result = run_newsarchive(*args, timeout=600)
        assert result.returncode == 0, result.stderr[-3000:]
        requested = set(site.requested)
    finally:
        site.stop()

    # every story is archived, the year-like numbers too
    connection = sqlite3.connect(db)
    try:
        urls = {url for (url,) in connection.execute("SELECT canonical_url FROM articles")}
        captured = connection.execute("SELECT count(*) FROM captures WHERE kind IN ('page', 'comments')").fetchone()[0]
    finally:
        connection.close()
    stories = {f"{site.base_url}news/{i}.html" for i in range(STORIES)}
    assert stories - urls == set()
    assert "/news/2028.html" in requested and "/news/2199.html" in requested

    # the summary's numbers add up
    found_line = next(line for line in result.stdout.splitlines() if line.startswith("  page URLs found: "))
    requested_line = next(line for line in result.stdout.splitlines() if line.startswith("  requested: "))
    found = re.match(r"  page URLs found: (\d+) = (\d+) requested \+ (\d+) already requested \+ (\d+) refused", found_line)
    assert found is not None, found_line
    learned, asked, duplicates, refused_total = map(int, found.groups())
    refused = _numbers(found_line.split(" refused", 1)[1])
    assert learned == asked + duplicates + refused_total
    assert refused_total == sum(refused.values())
    listings = site.listings
    assert refused == {
        "off-host": listings,
        "trap:future-date": listings,
        "non-html-extension": listings,
        "nofollow": listings,
    }
    answered = re.match(r"  requested: (\d+) = (\d+) answered \(stored\) \+ (\d+) not fetched", requested_line)
    assert answered is not None, requested_line
    assert "left when the crawl stopped" not in requested_line
    asked_again, stored, not_fetched = map(int, answered.groups())
    assert asked_again == asked == stored + not_fetched
    assert _numbers(requested_line.split(" not fetched", 1)[1]) == {"robots": listings}
    assert stored == captured == STORIES + listings + 1  # stories, listing pages, home page
