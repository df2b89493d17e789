"""`newsarchive export` over stored clusters: the report, the manifest, Parquet that other tools load,
and `newsarchive dedup rebuild` — each run as the command, reading the files it wrote."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from archive.store.engine import open_archive
from archive.store.writes import add_comments
from tests.integration.test_duplicates import OTHER, STORY, SYNDICATED, T0, TRADITIONAL, store
from tests.test_cli import run


class C:
    def __init__(self, author: str, text: str, position: int, reply_to: int | None = None) -> None:
        self.author, self.text, self.position, self.reply_to = author, text, position, reply_to
        self.posted_at, self.external_id = T0, None


def fill(db_url: str) -> None:
    engine = open_archive(db_url)
    store(engine, "http://b.test/1", SYNDICATED, T0 + timedelta(hours=2))
    store(engine, "http://a.test/1", STORY, T0)
    store(engine, "http://c.test/1", TRADITIONAL, T0 + timedelta(hours=1))
    store(engine, "http://e.test/1", STORY, T0 + timedelta(hours=3))  # the same text again
    first = store(engine, "http://d.test/1", OTHER, T0)
    with Session(engine) as s, s.begin():
        add_comments(s, first, [C("甲", "冷", 0), C("乙", "是啊", 1, reply_to=0)], None, T0)


def urls(path: Path) -> list[str]:
    return [json.loads(line)["url"] for line in path.read_text("utf-8").splitlines()]


def test_near_keeps_each_clusters_representative_and_reports_every_dropped_copy(db_url: str, tmp_path: Path) -> None:
    fill(db_url)
    out, report = tmp_path / "out.jsonl", tmp_path / "folded.jsonl"
    result = run("--db", db_url, "export", "--out", str(out), "--report", str(report), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        f"exported 2 articles to {out} (3 dropped as duplicates: 1 exact, 2 near)"
    )
    assert urls(out) == ["http://a.test/1", "http://d.test/1"]
    folded = sorted((r["dropped"]["url"], r["reason"], r["representative"]["url"], r["representative"]["site"])
                    for r in map(json.loads, report.read_text("utf-8").splitlines()))
    assert folded == [
        ("http://b.test/1", "near", "http://a.test/1", "a.test"),
        ("http://c.test/1", "near", "http://a.test/1", "a.test"),
        ("http://e.test/1", "exact", "http://a.test/1", "a.test"),
    ]
    lines = [json.loads(line) for line in report.read_text("utf-8").splitlines()]
    assert all(0.5 <= line["similarity"] <= 1.0 for line in lines)
    assert {line["similarity"] for line in lines if line["reason"] == "exact"} == {1.0}


def test_exact_drops_only_the_repeated_text_and_none_drops_nothing(sqlite_url: str, tmp_path: Path) -> None:
    fill(sqlite_url)
    out = tmp_path / "out.jsonl"
    run("--db", sqlite_url, "export", "--out", str(out), "--dedup", "exact", cwd=tmp_path)
    assert urls(out) == ["http://a.test/1", "http://d.test/1", "http://c.test/1", "http://b.test/1"]
    run("--db", sqlite_url, "export", "--out", str(out), "--dedup", "none", cwd=tmp_path)
    assert len(urls(out)) == 5


def test_threshold_filters_on_stored_similarity_and_refuses_one_below_the_clusters(sqlite_url: str, tmp_path: Path) -> None:
    fill(sqlite_url)
    out = tmp_path / "out.jsonl"
    result = run("--db", sqlite_url, "export", "--out", str(out), "--threshold", "1.0", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    # the Traditional copy's folded text is the story's: similarity 1.0; the edited syndicated copy stays
    assert urls(out) == ["http://a.test/1", "http://d.test/1", "http://b.test/1"]
    low = run("--db", sqlite_url, "export", "--out", str(out), "--threshold", "0.2", cwd=tmp_path)
    assert low.returncode == 1
    assert low.stderr.strip() == (
        "Error: --threshold 0.2 is below the archive's 0.5: its clusters hold no pairs that loose; "
        "run: newsarchive dedup rebuild --threshold 0.2"
    )


def test_manifest_beside_the_dump_names_command_filters_counts_parameters_and_checksum(sqlite_url: str, tmp_path: Path) -> None:
    fill(sqlite_url)
    out = tmp_path / "out.jsonl"
    run("--db", sqlite_url, "export", "--out", str(out), "--since", "2025-01-01", "--comments", cwd=tmp_path)
    manifest = json.loads((tmp_path / "out.jsonl.manifest.json").read_text("utf-8"))
    assert manifest["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert manifest["counts"] == {"kept": 2, "dropped_exact": 1, "dropped_near": 2, "unsigned": 0}
    assert manifest["command"].startswith("newsarchive --db sqlite:///") and "--since 2025-01-01" in manifest["command"]
    assert manifest["filters"] == {"site": None, "since": "2025-01-01T00:00:00+00:00", "until": None, "language": None}
    assert manifest["dedup"]["mode"] == "near" and manifest["dedup"]["clusters_built_with"]["threshold"] == 0.5
    assert manifest["archive"] == sqlite_url and manifest["format"] == "jsonl" and manifest["comments"] is True
    assert manifest["software"]["name"] == "newsarchive"


def test_parquet_dump_loads_as_is_in_pandas_duckdb_and_datasets(sqlite_url: str, tmp_path: Path) -> None:
    fill(sqlite_url)
    out = tmp_path / "out.parquet"
    result = run("--db", sqlite_url, "export", "--out", str(out), "--format", "parquet", "--comments", "--dedup", "none",
                 cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(out).metadata
    assert meta.row_group(0).column(0).compression == "ZSTD"
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_parquet(out)
    assert list(frame["url"]) == ["http://a.test/1", "http://d.test/1", "http://c.test/1", "http://b.test/1",
                                  "http://e.test/1"]
    comments = list(frame.loc[frame["url"] == "http://d.test/1", "comments"].iloc[0])
    assert [(c["author"], c["text"]) for c in comments] == [("甲", "冷"), ("乙", "是啊")]
    assert comments[1]["reply_to"] == comments[0]["id"]
    assert str(frame["published"].dtype) == "datetime64[us, UTC]"
    duckdb = pytest.importorskip("duckdb")
    rows = duckdb.sql(f"SELECT url, len(comments) FROM read_parquet('{out}') WHERE len(comments) > 0").fetchall()
    assert rows == [("http://d.test/1", 2)]
    datasets = pytest.importorskip("datasets")
    dataset = datasets.Dataset.from_parquet(str(out), cache_dir=str(tmp_path / "hf"))
    assert dataset.num_rows == 5 and dataset[1]["comments"][0]["text"] == "冷"


def test_parquet_rows_arrive_in_row_groups_as_they_fill_over_several_database_chunks(sqlite_url: str, tmp_path: Path) -> None:
    from archive.export.dedup import DedupPolicy
    from archive.export.dump import export_articles

    engine = open_archive(sqlite_url)
    for n in range(5):
        store(engine, f"http://x.test/{n}", f"第{n}篇完全不同的文章内容" * (n + 1), T0)
    out = tmp_path / "small.parquet"
    export_articles(engine, out, fmt="parquet", dedup=DedupPolicy("none"), row_group_size=2, chunk_size=2)
    import pyarrow.parquet as pq

    assert [pq.ParquetFile(out).metadata.row_group(i).num_rows for i in range(3)] == [2, 2, 1]


def test_parquet_to_stdout_is_refused_with_the_fix(sqlite_url: str, tmp_path: Path) -> None:
    result = run("--db", sqlite_url, "export", "--out", "-", "--format", "parquet", cwd=tmp_path)
    assert (result.returncode, result.stderr.strip()) == (
        1, "Error: --format parquet needs a file: give --out PATH, not '-'")


def test_dedup_rebuild_at_a_new_threshold_prints_progress_and_changes_the_clusters(sqlite_url: str, tmp_path: Path) -> None:
    fill(sqlite_url)
    result = run("--db", sqlite_url, "dedup", "rebuild", "--threshold", "0.95", "--batch-size", "2", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "dedup: signed 2 of 5 articles", "dedup: signed 4 of 5 articles", "dedup: signed 5 of 5 articles"]
    assert result.stdout.strip() == "dedup rebuilt: 5 articles signed and placed in clusters"
    out = tmp_path / "out.jsonl"
    run("--db", sqlite_url, "export", "--out", str(out), cwd=tmp_path)
    assert "http://e.test/1" not in urls(out) and "http://c.test/1" not in urls(out)  # exact and other script
    assert "http://b.test/1" in urls(out)  # the edited copy is below 0.95 now


def test_signatures_of_an_older_scheme_are_not_compared_and_dedup_rebuild_recomputes_them(
    sqlite_url: str, tmp_path: Path
) -> None:
    engine = open_archive(sqlite_url)
    store(engine, "http://a.test/1", STORY, T0)
    store(engine, "http://d.test/1", OTHER, T0)
    with engine.begin() as connection:  # as a release that shingled by characters everywhere left them
        connection.exec_driver_sql("UPDATE article_signatures SET scheme = 'minhash128-affine32-crc32-seed1-c4-b30r4'")
    store(engine, "http://b.test/1", SYNDICATED, T0 + timedelta(hours=2))
    out = tmp_path / "out.jsonl"
    before = run("--db", sqlite_url, "export", "--out", str(out), cwd=tmp_path)
    assert before.returncode == 0, before.stderr
    assert sorted(urls(out)) == ["http://a.test/1", "http://b.test/1", "http://d.test/1"], "the old signatures were not compared"
    assert "warning: 2 articles have no signature of the archive's current scheme" in before.stderr
    assert json.loads(Path(f"{out}.manifest.json").read_text("utf-8"))["counts"]["unsigned"] == 2
    rebuilt = run("--db", sqlite_url, "dedup", "rebuild", cwd=tmp_path)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "dedup: signed 2 of 2 articles" in rebuilt.stderr
    after = run("--db", sqlite_url, "export", "--out", str(out), cwd=tmp_path)
    assert urls(out) == ["http://a.test/1", "http://d.test/1"]
    assert "warning" not in after.stderr
