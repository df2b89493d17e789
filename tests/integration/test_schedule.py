"""`newsarchive schedule --sites FILE` as a real long-lived process against two small real sites
(tests/site/paged_site.py), with short intervals and real SIGHUP / SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from paged_site import PagedSite

from archive.store.models import CrawlRun
from crawler.scheduler import JobJournal

from .conftest import NEWSARCHIVE, crawl_runs, run_newsarchive

SETTINGS = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_TIMEOUT=5"]


@pytest.fixture
def two_sites() -> Iterator[tuple[PagedSite, PagedSite]]:
    # the second is slow (robots.txt Crawl-delay, a long listing): a crawl of it is caught running
    first, second = PagedSite(listing_pages=1).start(), PagedSite(listing_pages=30, crawl_delay=0.3).start()
    try:
        yield first, second
    finally:
        first.stop()
        second.stop()


def _sites_toml(*entries: tuple[str, PagedSite, str]) -> str:
    """Sites named with their period: "interval = …", or a revisit table (feeds = "…")."""
    head = 'contact_url = "https://archive.example.org/contact"\n\n'
    return head + "".join(
        f'[[site]]\nname = "{name}"\nseeds = ["{site.base_url}"]\n'
        + (f'[site.revisit]\nfeeds = "{period.removeprefix("feeds:")}"\n\n' if period.startswith("feeds:")
           else f'interval = "{period}"\n\n')
        for name, site, period in entries
    )


def _wait(what: str, condition: Callable[[], bool], process: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"schedule exited ({process.returncode}) while waiting for {what}"
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _of(db_url: str, site: str) -> list[CrawlRun]:
    return [run for run in crawl_runs(db_url) if run.options.get("sites") == [site]]


def test_schedule_crawls_each_site_when_due_rereads_on_sighup_and_checkpoints_on_sigterm(
    sqlite_url: str, tmp_path: Path, two_sites: tuple[PagedSite, PagedSite]
) -> None:
    first, second = two_sites
    sites_file, jobs = tmp_path / "sites.toml", tmp_path / "jobs"
    sites_file.write_text(_sites_toml(("alpha", first, "2s")), encoding="utf-8")
    log_path = tmp_path / "schedule.log"
    log = log_path.open("wb")
    env = {k: v for k, v in os.environ.items() if k != "NEWSARCHIVE_CONTACT_URL"}
    process = subprocess.Popen(
        [NEWSARCHIVE, "--db", sqlite_url, "schedule", "--sites", str(sites_file), "--jobdir", str(jobs), *SETTINGS],
        stdout=log, stderr=subprocess.STDOUT, env=env,
    )
    try:
        _wait("two finished crawls of alpha", lambda: sum(r.status == "finished" for r in _of(sqlite_url, "alpha")) >= 2, process)
        # beta has no interval, only revisit intervals: it is woken at the shortest of them
        sites_file.write_text(_sites_toml(("alpha", first, "1h"), ("beta", second, "feeds:2s")), encoding="utf-8")
        process.send_signal(signal.SIGHUP)
        _wait("a crawl of beta under way", lambda: len([t for t in second.requests if t.startswith("/stories/")]) >= 2, process)
        sites_file.write_text("[[site]\n", encoding="utf-8")  # broken: the schedule stays as it was
        process.send_signal(signal.SIGHUP)
        _wait("the broken file reported", lambda: b"could not re-read" in log_path.read_bytes(), process)
        process.send_signal(signal.SIGTERM)
        stopping = time.monotonic()
        assert process.wait(timeout=60) == 0
        took = time.monotonic() - stopping
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        log.close()
    output = log_path.read_text("utf-8")
    assert took < 30, output  # a checkpoint, not the rest of the crawl (a minute at this site's pace)
    [beta] = _of(sqlite_url, "beta")
    assert beta.status == "interrupted" and beta.finished_at is not None, output
    assert {r.status for r in _of(sqlite_url, "alpha")} == {"finished"}
    assert len(second.stories) > len({t for t in second.requests if t.startswith("/stories/")})  # it stopped early
    journal = JobJournal(jobs / "beta").read()  # the next crawl of beta resumes this job
    assert journal.run_ids == (beta.id,) and not journal.finished and journal.requests
    alpha = _of(sqlite_url, "alpha")
    for earlier, later in zip(alpha, alpha[1:]):  # one crawl of a site at a time
        assert earlier.finished_at is not None and later.started_at >= earlier.finished_at
    assert "site beta: every 2s, first crawl now" in output and "site alpha: every 3600s from now" in output
    assert "site alpha: crawl ended with exit status 0: the crawl ran" in output
    assert f"could not re-read {sites_file}, the schedule stays as it was:" in output
    assert "site beta: crawl ended with exit status 4: " in output
    assert output.rstrip().endswith("stopped (checkpointed: beta)")
    assert all(ua.endswith("(+https://archive.example.org/contact)") for ua in first.user_agents | second.user_agents)


def test_schedule_refuses_to_start_without_a_real_contact_url(sqlite_url: str, tmp_path: Path) -> None:
    sites_file = tmp_path / "sites.toml"
    sites_file.write_text('[[site]]\nname = "alpha"\nseeds = ["http://127.0.0.1:1/"]\ninterval = "1h"\n', encoding="utf-8")
    env_free = {k: v for k, v in os.environ.items() if k != "NEWSARCHIVE_CONTACT_URL"}
    process = subprocess.run(
        [NEWSARCHIVE, "--db", sqlite_url, "schedule", "--sites", str(sites_file)],
        capture_output=True, text=True, timeout=60, env=env_free, check=False,
    )
    assert process.returncode == 1
    assert process.stderr == (
        "Error: schedule runs unattended crawls: say how site owners reach you, with "
        f'NEWSARCHIVE_CONTACT_URL=https://… or contact_url = "https://…" at the top of {sites_file}\n'
    )


def test_crawl_site_picks_one_site_of_the_sites_file(sqlite_url: str, tmp_path: Path, two_sites: tuple[PagedSite, PagedSite]) -> None:
    first, second = two_sites
    sites_file = tmp_path / "sites.toml"
    sites_file.write_text(_sites_toml(("alpha", first, "1h"), ("beta", second, "1h")), encoding="utf-8")
    result = run_newsarchive("--db", sqlite_url, "crawl", "--sites", str(sites_file), "--site", "beta", "--max-pages", "3", *SETTINGS, "--quiet")
    assert result.returncode == 0, result.stderr
    assert first.requests == [] and second.requests
    assert all(ua.endswith("(+https://archive.example.org/contact)") for ua in second.user_agents)
    unknown = run_newsarchive("--db", sqlite_url, "crawl", "--sites", str(sites_file), "--site", "gamma", "--quiet")
    assert unknown.returncode == 1
    assert unknown.stderr == f"Error: --site gamma: no such site in {sites_file}; its sites: alpha, beta\n"


def _readme_block(kind: str) -> str:
    import re

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    found = re.search(rf"```{kind}\n(.*?)```", readme, re.S)
    assert found, f"README has no {kind} block"
    return found.group(1)


def test_the_readmes_cron_line_runs_a_crawl(tmp_path: Path) -> None:
    site = PagedSite(listing_pages=1).start()
    try:
        (tmp_path / "sites.toml").write_text(
            f'[[site]]\nname = "cron"\nseeds = ["{site.base_url}"]\nmax_pages = 3\n', encoding="utf-8"
        )
        line = _readme_block("cron").strip()
        command = line.split(None, 5)[5].replace("/srv/archive", str(tmp_path))
        env = {**os.environ, "NEWSARCHIVE_DB": f"sqlite:///{tmp_path / 'cron.db'}",
               "PATH": f"{Path(NEWSARCHIVE).parent}:{os.environ.get('PATH', '')}"}
        done = subprocess.run(["/bin/sh", "-c", command], env=env, timeout=120, check=False)
        assert done.returncode == 0, (tmp_path / "crawl.log").read_text("utf-8")[-2000:]
    finally:
        site.stop()
    assert (tmp_path / "crawl.log").read_text("utf-8").startswith("crawl run 1 finished")
    assert [r.status for r in crawl_runs(f"sqlite:///{tmp_path / 'cron.db'}")] == ["finished"]


@pytest.mark.skipif(not Path("/usr/bin/systemd-analyze").exists(), reason="systemd-analyze is not installed")
def test_the_readmes_systemd_unit_verifies(tmp_path: Path) -> None:
    unit = tmp_path / "newsarchive-schedule.service"
    unit.write_text(
        _readme_block("ini").replace("/usr/local/bin/newsarchive", NEWSARCHIVE).replace("/srv/archive", str(tmp_path)),
        encoding="utf-8",
    )
    done = subprocess.run(["/usr/bin/systemd-analyze", "verify", str(unit)], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert str(unit) not in done.stderr, done.stderr  # no warnings about the unit itself
