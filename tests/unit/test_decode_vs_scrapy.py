"""newsarchive's decoding is never worse than Scrapy's default on any corpus case: wherever
``HtmlResponse(...).text`` returns the true text, ``decode_page`` does too. (Scrapy is only a
baseline here; archive/ itself never imports it.)"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse

from archive.decode.page import decode_page

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "encodings"
CASES: list[dict[str, Any]] = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))


def _scrapy_text(body: bytes, content_type: str | None) -> str:
    headers = {"Content-Type": content_type} if content_type else {}
    return HtmlResponse(url="http://127.0.0.1/page", body=body, headers=headers).text


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_right_wherever_scrapy_is_right(case: dict[str, Any]) -> None:
    body = (CORPUS / case["file"]).read_bytes()
    scrapy_right = _scrapy_text(body, case["content_type"]) == case["expected"]
    ours_right = decode_page(body, case["content_type"]).text == case["expected"]
    assert ours_right or not scrapy_right


def test_scrapy_default_gets_the_lying_declarations_wrong() -> None:
    """The corpus is not trivial for the baseline: the declared charset wins in Scrapy, so a
    GBK page served as utf-8 comes out as replacement characters there, and right here."""
    case = next(c for c in CASES if c["id"] == "header-utf8-body-gbk")
    body = (CORPUS / case["file"]).read_bytes()
    assert _scrapy_text(body, case["content_type"]) != case["expected"]
    assert decode_page(body, case["content_type"]).text == case["expected"]
