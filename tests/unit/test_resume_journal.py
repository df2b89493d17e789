"""The --jobdir journal (crawler.scheduler.JobJournal): what a killed crawl leaves behind is readable."""

from __future__ import annotations

from pathlib import Path

from crawler.scheduler import JOURNAL_NAME, JobJournal


def _request(url: str) -> dict[str, object]:
    return {"url": url, "callback": "parse_page", "meta": {"newsarchive_route": "page", "depth": 1}}


def test_journal_reads_back_runs_and_requests_in_order(tmp_path: Path) -> None:
    journal = JobJournal(tmp_path / "job")
    journal.start(fresh=False)
    journal.add_run(7)
    journal.add_request(_request("http://a.example/1"))
    journal.add_request(_request("http://a.example/2"))
    journal.close()
    state = JobJournal(tmp_path / "job").read()
    assert state.run_ids == (7,)
    assert [r["url"] for r in state.requests] == ["http://a.example/1", "http://a.example/2"]
    assert state.requests[0]["meta"] == {"newsarchive_route": "page", "depth": 1}
    assert state.finished is False


def test_a_line_cut_short_by_a_kill_is_ignored(tmp_path: Path) -> None:
    journal = JobJournal(tmp_path)
    journal.start(fresh=False)
    journal.add_run(1)
    journal.add_request(_request("http://a.example/1"))
    journal.close()
    path = tmp_path / JOURNAL_NAME
    whole = path.read_bytes()
    with path.open("ab") as handle:  # half of another request record, no newline: the kill came mid-write
        handle.write(whole.splitlines()[1][:20])
    state = JobJournal(tmp_path).read()
    assert [r["url"] for r in state.requests] == ["http://a.example/1"]
    journal = JobJournal(tmp_path)
    journal.start(fresh=False)
    journal.add_run(2)  # the next run's first line does not merge with the broken one
    journal.close()
    assert JobJournal(tmp_path).read().run_ids == (1, 2)


def test_a_finished_job_is_reported_and_a_fresh_start_empties_it(tmp_path: Path) -> None:
    journal = JobJournal(tmp_path)
    journal.start(fresh=False)
    journal.add_run(1)
    journal.add_request(_request("http://a.example/1"))
    journal.finish()
    journal.close()
    assert JobJournal(tmp_path).read().finished is True
    journal = JobJournal(tmp_path)
    journal.start(fresh=True)
    journal.close()
    state = JobJournal(tmp_path).read()
    assert (state.run_ids, state.requests, state.finished) == ((), (), False)
