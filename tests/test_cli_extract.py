"""`newsarchive extract`: offline, one JSON line per file in input order, errors as lines."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.conftest import NEWSARCHIVE_BIN
from tests.integration.test_ingest import PARAGRAPHS, URL, page_html


def extract(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([NEWSARCHIVE_BIN, "extract", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_extract_prints_every_contract_field_for_a_gbk_page(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(page_html(PARAGRAPHS).encode("gb18030"))
    result = extract(str(page), "--url", URL, "--content-type", "text/html; charset=gb2312", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.splitlines()
    record = json.loads(line)
    assert {"source", "url", "title", "author", "published", "language", "encoding", "text", "comments"} <= set(record)
    assert record["source"] == str(page)
    assert record["url"] == URL
    assert record["title"] == "DeepSeek登上全球媒体头版"
    assert record["encoding"] == "gb18030"
    assert record["published"] == "2025-01-30T10:32:00+08:00"  # the page's time, in the site's zone
    assert record["text"] == "\n".join(PARAGRAPHS)
    assert [(c["author"], c["text"], c["posted"], c["reply_to"]) for c in record["comments"]] == [
        ("用户15xxx19", "美国急了[点赞]", "2025-01-30T11:02:00+08:00", None),
        ("观察者小王", "开源才是真正的护城河", "2025-01-30T11:30:00+08:00", 0),
        ("路人甲", "期待更多国产大模型", "2025-01-30T12:00:00+08:00", None),
    ]


def test_unreadable_file_gives_an_error_line_and_the_rest_go_on_in_order(tmp_path: Path) -> None:
    good = tmp_path / "good.html"
    good.write_bytes(page_html(PARAGRAPHS).encode("utf-8"))
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.html"
    result = extract(str(missing), str(good), str(empty), "--url", URL, cwd=tmp_path)
    assert result.returncode == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"] for r in records] == [str(missing), str(good), str(empty)]
    assert records[0]["error"] == f"cannot read {missing}: No such file or directory"
    assert "error" not in records[1] and records[1]["text"] == "\n".join(PARAGRAPHS)
    assert records[2]["error"] == "empty body"


def test_extract_exits_non_zero_when_no_file_could_be_processed(tmp_path: Path) -> None:
    result = extract(str(tmp_path / "nope.html"), cwd=tmp_path)
    assert result.returncode == 1
    assert json.loads(result.stdout)["error"] == f"cannot read {tmp_path / 'nope.html'}: No such file or directory"


YEARLESS_PAGE = (
    '<html lang="zh-CN"><head><title>社区食堂开进老小区</title></head><body><h1>社区食堂开进老小区</h1>'
    '<div class="info"><span>发布时间：10-08 12:00</span></div><div class="content">'
    "<p>社区食堂日前在老小区开业，附近老人步行几分钟就能吃上热乎饭菜，价格也比外面实惠不少。</p>"
    "<p>食堂负责人介绍，开业以来每天接待居民三百余人次，高峰时段还增加了窗口和座位。</p></div>"
    '<div class="comments"><h3>网友评论</h3><ul><li class="comment-item"><span class="user-name">老王</span>'
    '<span class="time">3小时前</span><p class="comment-text">好事，希望一直办下去。</p></li></ul></div></body></html>'
)


def test_extract_reads_dates_against_the_file_time_or_fetched_at_never_the_clock(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(YEARLESS_PAGE.encode("utf-8"))
    captured = 1696824000   # 2023-10-09T04:00Z, 12:00 in Shanghai
    os.utime(page, (captured, captured))
    url = "https://m.example.com.cn/a/123.html"
    by_mtime = json.loads(extract(str(page), "--url", url, cwd=tmp_path).stdout)
    assert by_mtime["published"] == "2023-10-08T12:00:00+08:00"
    assert by_mtime["inferred"] == ["published_year"]
    assert [c["posted"] for c in by_mtime["comments"]] == ["2023-10-09T09:00:00+08:00"]
    given = json.loads(extract(str(page), "--url", url, "--fetched-at", "2024-10-09T12:00+08:00", cwd=tmp_path).stdout)
    assert given["published"] == "2024-10-08T12:00:00+08:00"
    assert [c["posted"] for c in given["comments"]] == ["2024-10-09T09:00:00+08:00"]
    before = json.loads(extract(str(page), "--url", url, "--fetched-at", "2024-10-05T06:00", cwd=tmp_path).stdout)
    assert before["published"] == "2023-10-08T12:00:00+08:00"   # 10-08 12:00 this year is after the capture


def test_extract_rejects_a_capture_time_that_is_not_iso_8601(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(YEARLESS_PAGE.encode("utf-8"))
    result = extract(str(page), "--fetched-at", "yesterday", cwd=tmp_path)
    assert result.returncode == 2
    assert "Invalid value for --fetched-at: 'yesterday' is not an ISO 8601 time; write e.g. 2024-10-09T12:00+08:00" in result.stderr
