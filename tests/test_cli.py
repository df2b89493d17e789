"""The command-line contract: exit codes, one-line errors, --db / NEWSARCHIVE_DB, automatic migrations."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from archive.store.engine import head_revision, open_archive
from archive.store.writes import VersionFields, add_comments, add_version, ensure_site, upsert_article
from tests.conftest import NEWSARCHIVE_BIN

T0 = datetime(2025, 1, 30, 2, 32, tzinfo=UTC)


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "NEWSARCHIVE_DB"}
    full_env.update(env or {})
    return subprocess.run([NEWSARCHIVE_BIN, *args], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=120)


def test_db_upgrade_creates_the_default_sqlite_archive_in_the_current_directory(tmp_path: Path) -> None:
    result = run("db", "upgrade", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "newsarchive.db").is_file()
    current = run("db", "current", cwd=tmp_path)
    assert current.stdout.strip() == f"{head_revision()} (head)"


def test_db_option_wins_over_the_environment_variable(tmp_path: Path) -> None:
    env = {"NEWSARCHIVE_DB": f"sqlite:///{tmp_path / 'from_env.db'}"}
    run("--db", f"sqlite:///{tmp_path / 'from_option.db'}", "db", "upgrade", cwd=tmp_path, env=env)
    assert (tmp_path / "from_option.db").exists() and not (tmp_path / "from_env.db").exists()
    run("db", "upgrade", cwd=tmp_path, env=env)
    assert (tmp_path / "from_env.db").exists() and not (tmp_path / "newsarchive.db").exists()


def test_db_current_reports_an_empty_archive_without_migrating_it(tmp_path: Path) -> None:
    result = run("--db", f"sqlite:///{tmp_path / 'new.db'}", "db", "current", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip().startswith("empty (no schema yet) (behind head")


def test_db_upgrade_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    result = run("--db", pg_url, "db", "upgrade", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert run("--db", pg_url, "db", "current", cwd=tmp_path).stdout.strip() == f"{head_revision()} (head)"


@pytest.mark.parametrize(
    ("db", "message"),
    [
        (
            "not a url",
            "Error: malformed database URL 'not a url': expected a SQLAlchemy URL such as "
            "sqlite:///newsarchive.db or postgresql+psycopg://user@host/dbname",
        ),
        ("sqlite:////nonexistent-dir/x/archive.store.engine", "Error: cannot open SQLite archive '/nonexistent-dir/x/archive.store.engine': "
         "directory '/nonexistent-dir/x' does not exist"),
        ("mysql://archivist@db.example/news", "Error: the database driver for 'mysql' is not installed (Python module "
         "'MySQLdb'): pip install mysqlclient, or use sqlite:/// or postgresql+psycopg://"),
    ],
)
def test_bad_database_urls_fail_with_one_line(tmp_path: Path, db: str, message: str) -> None:
    result = run("--db", db, "db", "upgrade", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == message


def test_unreachable_database_fails_with_one_line_and_debug_shows_the_traceback(tmp_path: Path) -> None:
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    result = run("--db", url, "db", "upgrade", cwd=tmp_path)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("Error: cannot use database postgresql+psycopg://nobody@127.0.0.1:1/none: ")
    debug = run("--debug", "--db", url, "db", "upgrade", cwd=tmp_path)
    assert debug.returncode != 0 and "Traceback (most recent call last)" in debug.stderr


def test_export_to_an_unwritable_path_fails_with_one_line_and_leaves_nothing(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'a.db'}"
    result = run("--db", db, "export", "--out", str(tmp_path / "missing" / "out.jsonl"), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == f"Error: cannot write {tmp_path / 'missing' / 'out.jsonl'}: directory {tmp_path / 'missing'} does not exist"
    # A directory nobody may create files in, root included.
    result = run("--db", db, "export", "--out", "/proc/newsarchive-export.jsonl", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == "Error: cannot write /proc/newsarchive-export.jsonl: No such file or directory"


def test_usage_errors_are_one_line_with_a_pointer_to_help(tmp_path: Path) -> None:
    result = run("export", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "Error: Missing option '--out'. (see 'newsarchive export --help')"


def fill(db_url: str) -> None:
    engine = open_archive(db_url)

    class C:
        def __init__(self, author: str, text: str, position: int, reply_to: int | None = None) -> None:
            self.author, self.text, self.position, self.reply_to = author, text, position, reply_to
            self.posted_at, self.external_id = T0, None

    with Session(engine) as s, s.begin():
        site = ensure_site(s, "guancha", "www.guancha.test")
        for n, (title, text) in enumerate([
            ("DeepSeek登上头版", "来自中国的人工智能初创企业深度求索登上各大全球媒体头版。"),
            ("同一篇", "来自中国的人工智能初创企业深度求索登上各大全球媒体头版。"),
            ("Other story", "An entirely different text about the weather in Shanghai."),
        ]):
            article = upsert_article(s, f"http://www.guancha.test/{n}.html", site, T0)
            add_version(s, article, VersionFields(title=title, text=text, extractor_version="t",
                                                  published_at=T0.replace(day=1 + n), language="zh-Hans"), None)
            if n == 0:
                add_comments(s, article, [C("用户15xxx19", "美国急了[点赞]", 0), C("观察者", "并没有", 1, reply_to=0)], None, T0)


def test_export_jsonl_streams_current_articles_with_threaded_comments(db_url: str, tmp_path: Path) -> None:
    fill(db_url)
    out = tmp_path / "out.jsonl"
    result = run("--db", db_url, "export", "--out", str(out), "--format", "jsonl", "--dedup", "none", "--comments", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == f"exported 3 articles to {out} (0 dropped as duplicates: 0 exact, 0 near)"
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [line["title"] for line in lines] == ["DeepSeek登上头版", "同一篇", "Other story"]
    first = lines[0]
    assert {k: first[k] for k in ("url", "site", "published", "language")} == {
        "url": "http://www.guancha.test/0.html", "site": "guancha",
        "published": "2025-01-01T02:32:00+00:00", "language": "zh-Hans",
    }
    c1, c2 = first["comments"]
    assert (c1["author"], c1["text"], c1["reply_to"]) == ("用户15xxx19", "美国急了[点赞]", None)
    assert (c2["author"], c2["reply_to"]) == ("观察者", c1["id"])
    assert lines[2]["comments"] == []


def test_export_exact_dedup_drops_the_repeated_text_and_says_so(sqlite_url: str, tmp_path: Path) -> None:
    fill(sqlite_url)
    out = tmp_path / "out.jsonl"
    result = run("--db", sqlite_url, "export", "--out", str(out), "--dedup", "exact", cwd=tmp_path)
    assert result.stderr.strip() == f"exported 2 articles to {out} (1 dropped as duplicates: 1 exact, 0 near)"
    assert [json.loads(line)["title"] for line in out.read_text("utf-8").splitlines()] == ["DeepSeek登上头版", "Other story"]
    assert "comments" not in json.loads(out.read_text("utf-8").splitlines()[0])


def test_export_filters_by_date_and_site(sqlite_url: str, tmp_path: Path) -> None:
    fill(sqlite_url)
    out = tmp_path / "out.jsonl"
    run("--db", sqlite_url, "export", "--out", str(out), "--dedup", "none", "--since", "2025-01-02",
        "--until", "2025-01-03", "--site", "guancha", cwd=tmp_path)
    assert [json.loads(line)["title"] for line in out.read_text("utf-8").splitlines()] == ["同一篇"]


def test_export_matching_nothing_keeps_the_earlier_export_and_exits_6(sqlite_url: str, tmp_path: Path) -> None:
    fill(sqlite_url)
    out = tmp_path / "out.jsonl"
    assert run("--db", sqlite_url, "export", "--out", str(out), "--dedup", "none", cwd=tmp_path).returncode == 0
    before = out.read_text("utf-8")
    result = run("--db", sqlite_url, "export", "--out", str(out), "--site", "elsewhere", cwd=tmp_path)
    assert result.returncode == 6  # archive.errors.EXIT_NOTHING_TO_EXPORT
    assert result.stderr == f"Error: no articles match; nothing written to {out}\n"
    assert out.read_text("utf-8") == before
    # the first export's file and manifest, untouched; no temporary file left beside them
    assert sorted(p.name for p in tmp_path.iterdir() if "jsonl" in p.name) == ["out.jsonl", "out.jsonl.manifest.json"]
    new = run("--db", sqlite_url, "export", "--out", "new.jsonl", "--site", "elsewhere", cwd=tmp_path)
    assert new.returncode == 6 and not (tmp_path / "new.jsonl").exists()


def test_export_gives_a_new_file_the_usual_mode(sqlite_url: str, tmp_path: Path) -> None:
    fill(sqlite_url)
    out = tmp_path / "out.jsonl"
    result = subprocess.run(
        ["sh", "-c", 'umask 022 && exec "$0" "$@"', NEWSARCHIVE_BIN, "--db", sqlite_url, "export", "--out", str(out)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert out.stat().st_mode & 0o777 == 0o644


def test_export_through_a_symlink_replaces_the_file_it_points_to_and_keeps_the_link(
    sqlite_url: str, tmp_path: Path
) -> None:
    fill(sqlite_url)
    (tmp_path / "data").mkdir()
    real = tmp_path / "data" / "articles.jsonl"
    real.write_text("old\n", "utf-8")
    link = tmp_path / "latest.jsonl"
    link.symlink_to(real)
    result = run("--db", sqlite_url, "export", "--out", str(link), "--dedup", "none", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.resolve() == real
    assert len(real.read_text("utf-8").splitlines()) == 3
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["articles.jsonl"]


def test_export_to_a_fifo_writes_into_it_and_leaves_it_a_fifo(sqlite_url: str, tmp_path: Path) -> None:
    import stat
    import threading

    fill(sqlite_url)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run("--db", sqlite_url, "export", "--out", str(fifo), "--dedup", "none", cwd=tmp_path)
    reader.join(timeout=30)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert [json.loads(line)["title"] for line in received[0].decode().splitlines()] == [
        "DeepSeek登上头版", "同一篇", "Other story"
    ]


def test_export_to_dev_null_leaves_the_device_alone(sqlite_url: str, tmp_path: Path) -> None:
    import stat

    fill(sqlite_url)
    result = run("--db", sqlite_url, "export", "--out", "/dev/null", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


def test_export_to_stdout(sqlite_url: str, tmp_path: Path) -> None:
    fill(sqlite_url)
    result = run("--db", sqlite_url, "export", "--out", "-", "--dedup", "none", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 3
    assert not [p for p in tmp_path.iterdir() if "archive.store.engine" not in p.name]


def test_crawl_of_a_dead_server_records_the_failure_and_logs_no_traceback(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    db = f"sqlite:///{tmp_path / 'a.db'}"
    result = run("--db", db, "crawl", f"http://127.0.0.1:{port}/", "--quiet", "-s", "RETRY_TIMES=0", cwd=tmp_path)
    assert result.returncode == 3, result.stderr  # archive.errors.EXIT_SITE_DOWN: every fetch failed
    assert "errors: 1 (connection-refused: 1)" in result.stdout
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: every fetch failed (connection-refused: 1): is the site down or the seed URL wrong?"
    )
    assert "Traceback" not in result.stderr
    engine = open_archive(db)
    with engine.connect() as connection:
        from sqlalchemy import text as sql

        rows = connection.execute(sql("SELECT requested_url, status, error FROM captures")).all()
    assert [(url, status, error.split(":")[0]) for url, status, error in rows] == [
        (f"http://127.0.0.1:{port}/", None, "connection-refused")
    ]


def test_second_demo_run_is_an_incremental_recrawl(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])
    first = run("demo", "--port", port, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "articles: 6 new, 0 updated, 0 unchanged" in first.stdout
    second = run("demo", "--port", port, cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    # unchanged pages are refetched conditionally or skipped (sitemap lastmod): nothing new
    assert "articles: 0 new, 0 updated," in second.stdout
    assert "comments added: 0" in second.stdout
    assert f"Archive: {tmp_path / 'newsarchive.db'}\n" in second.stdout
    assert f"Demo site: http://127.0.0.1:{port}/ (archived as site '127.0.0.1:{port}')\n" in second.stdout
    assert "Try next:\n  newsarchive export --out articles.jsonl" in second.stdout
    assert second.stdout.rstrip().endswith("Browse it: run `newsarchive serve`, then open http://127.0.0.1:8000/ (Ctrl-C stops it)")
    export = run("export", "--out", "all.jsonl", "--dedup", "none", cwd=tmp_path)
    assert export.stderr.strip() == "exported 6 articles to all.jsonl (0 dropped as duplicates: 0 exact, 0 near)"


def test_crawl_with_a_bad_comment_selector_fails_before_fetching_anything(tmp_path: Path) -> None:
    sites = tmp_path / "sites.toml"
    sites.write_text("[[site]]\nname = 'news'\nseeds = ['http://127.0.0.1:9/']\ncomment_selectors = ['###']\n")
    result = run("crawl", "--sites", str(sites), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"Error: {sites}: site #1 (news): bad selector in 'comment_selectors': comment selector '###' is neither"
    )
    assert len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "newsarchive.db").exists()


def test_every_command_the_demo_suggests_runs_as_printed(tmp_path: Path) -> None:
    """Copy-pasted into a shell where the venv is active, from the same directory."""
    (tmp_path / "elsewhere").mkdir()
    db = f"sqlite:///{tmp_path / 'elsewhere' / 'demo.db'}"
    result = run("--db", db, "demo", "--port", "0", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"\nArchive: {tmp_path / 'elsewhere' / 'demo.db'}\n" in result.stdout
    suggested = result.stdout.split("Try next:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(suggested) == 5
    assert all(line.startswith("  newsarchive ") for line in suggested)
    env = {**os.environ, "PATH": f"{Path(NEWSARCHIVE_BIN).parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("NEWSARCHIVE_DB", None)
    for line in suggested:
        ran = subprocess.run(line.strip(), shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
        assert ran.returncode == 0, (line, ran.stderr)
        assert "Error" not in ran.stderr, (line, ran.stderr)
        if " extract " in line:
            assert json.loads(ran.stdout)["title"] == "朱镕基经济思想研讨会在京举行", line
        if line.strip().endswith("export --out articles.jsonl --format jsonl --comments"):
            assert len((tmp_path / "articles.jsonl").read_text("utf-8").splitlines()) == 6
    assert not (tmp_path / "newsarchive.db").exists()  # every command used the demo's --db


def test_demo_on_a_taken_port_fails_instead_of_archiving_a_second_copy(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("demo", "--port", str(port), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: cannot serve the demo site on 127.0.0.1:{port}: Address already in use; ")
    assert len(result.stderr.splitlines()) == 1
