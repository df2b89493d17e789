"""archive.decode.page / archive.decode.charsets / archive.decode.mojibake: exact decoded text on the encoding corpus
(tests/corpus/encodings, built by build_corpus.py) and on lines from the samples."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.decode import mojibake
from archive.decode.charsets import http_charset, meta_charset, normalize_label, plausibility
from archive.decode.mojibake import count_flagged, repair_mojibake
from archive.decode.page import DecodedPage, decode_page
from archive.errors import DecodeError, NewsArchiveError

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "encodings"
CASES: list[dict[str, Any]] = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
SAMPLES = sorted((CORPUS / "samples").glob("00*.txt"))


def _body(case: dict[str, Any]) -> bytes:
    return (CORPUS / case["file"]).read_bytes()


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_corpus_case_decodes_to_exact_text(case: dict[str, Any]) -> None:
    page = decode_page(_body(case), case["content_type"])
    assert page.text == case["expected"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_corpus_case_reports_encoding_repairs_and_flags(case: dict[str, Any]) -> None:
    page = decode_page(_body(case), case["content_type"])
    assert (page.encoding, list(page.repairs), page.flagged) == (
        case["expected_encoding"],
        case["expected_repairs"],
        case["expected_flagged"],
    )


def test_corpus_covers_every_required_kind_of_page() -> None:
    ids = {c["id"] for c in CASES}
    required = {
        "utf8-declared-http", "utf8-undeclared", "utf8-bom-meta-gbk", "utf16le-bom",
        "gbk-labelled-gb2312", "gb18030-only-labelled-gbk", "big5-declared-meta", "big5-undeclared",
        "big5-hkscs-labelled-big5", "header-gb2312-body-utf8", "meta-utf8-body-gbk", "meta-beyond-4kb",
        "double-encoded-utf8", "gbk-as-latin1-mojibake", "short-gbk-headline", "short-big5-headline",
        "english-ascii", "sample-003-pinyin-inside-char",
        "mixed-utf8-template-gbk-body", "mixed-gbk-template-utf8-comments", "gb2312-header-gbk-only-names",
        "gbk-meta-gb18030-only-names",
    }
    assert required <= ids


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name[:3])
@pytest.mark.parametrize(
    ("codec", "content_type"),
    [("utf-8", "text/html; charset=utf-8"), ("utf-8", None), ("gb18030", "text/html; charset=gbk"), ("gb18030", None)],
)
def test_correct_sample_text_comes_out_byte_for_byte(path: Path, codec: str, content_type: str | None) -> None:
    text = path.read_text(encoding="utf-8")
    page = decode_page(text.encode(codec), content_type)
    assert page.text == text
    assert page.repairs == ()


def test_gbk_page_declared_utf8_decodes_without_mojibake() -> None:
    line = "9月5日,全球主流大模型之一Claude的開(kāi)發(fā)商Anthropic公司發(fā)布公告宣稱"
    page = decode_page(f"<p>{line}</p>".encode("gb18030"), "text/html; charset=utf-8")
    assert page.text == f"<p>{line}</p>"
    assert page.encoding == "gb18030"
    assert page.evidence["http"] == {"label": "utf-8", "encoding": "utf-8", "weak": False}
    assert page.evidence["candidates"]["utf-8"]["strict"] is False


def test_gb2312_label_decodes_characters_outside_gb2312() -> None:
    page = decode_page("<meta charset=gb2312><p>朱镕基 陶喆 王堃 刘玥 國際 €5 䶮</p>".encode("gb18030"))
    assert page.text == "<meta charset=gb2312><p>朱镕基 陶喆 王堃 刘玥 國際 €5 䶮</p>"
    assert (page.encoding, page.evidence["chosen_by"]) == ("gb18030", "declared-meta")


def test_big5_label_decodes_hkscs_characters() -> None:
    page = decode_page("<p>佢哋講嘅嘢㗎</p>".encode("big5hkscs"), "text/html; charset=big5")
    assert page.text == "<p>佢哋講嘅嘢㗎</p>"
    assert page.encoding == "big5hkscs"


def test_bom_wins_over_contradicting_meta_and_header() -> None:
    body = b"\xef\xbb\xbf<meta charset=big5><p>" + "新闻".encode() + b"</p>"
    page = decode_page(body, "text/html; charset=gbk")
    assert page.text == "<meta charset=big5><p>新闻</p>"
    assert (page.encoding, page.evidence["bom"], page.evidence["chosen_by"]) == ("utf-8", "utf-8", "bom")
    assert page.evidence["meta"]["encoding"] == "big5hkscs"


def test_meta_declared_after_first_4kb_is_found_and_recorded() -> None:
    case = next(c for c in CASES if c["id"] == "meta-beyond-4kb")
    body = _body(case)
    assert body.index(b"charset=big5") > 4096
    page = decode_page(body, case["content_type"])
    assert page.evidence["meta"] == {"label": "big5", "encoding": "big5hkscs", "weak": False}
    assert page.evidence["chosen_by"] == "declared-meta"
    assert "臺北股市今天收盤上漲" in page.text


def test_latin1_header_is_weak_evidence_and_loses_to_plausible_gbk() -> None:
    page = decode_page("<h1>英伟达回应出口限制</h1>".encode("gb18030"), "text/html; charset=ISO-8859-1")
    assert page.text == "<h1>英伟达回应出口限制</h1>"
    assert page.evidence["http"] == {"label": "ISO-8859-1", "encoding": "cp1252", "weak": True}
    assert page.evidence["chosen_by"] == "plausibility"


def test_latin1_header_on_a_real_latin1_page_is_kept() -> None:
    page = decode_page("<p>Her résumé lists Zürich.</p>".encode("latin-1"), "text/html; charset=iso-8859-1")
    assert page.text == "<p>Her résumé lists Zürich.</p>"
    assert page.encoding == "cp1252"


@pytest.mark.parametrize(
    "text",
    [
        # accented letters inside European words: each pair of UTF-8 bytes is a common Han
        # character in GB18030 (für -> f眉r), which plausibility alone preferred
        "<p>Die Gemeinde führte aus, dass geringe Mengen gefunden wurden; Trinkwasser für alle.</p>",
        "<p>El diputado José Luis Martínez votó en contra de la propuesta.</p>",
        # signs of English pages: pounds and guillemets, read alone as mojibake material
        "<p>Get a £250 welcome bonus « or » stake £10 and win £700.</p>",
    ],
)
def test_valid_utf8_european_page_without_declaration_is_utf8(text: str) -> None:
    page = decode_page(f"<html><body>{text}</body></html>".encode())
    assert page.text == f"<html><body>{text}</body></html>"
    assert page.encoding == "utf-8"


def test_gbk_page_that_is_not_valid_utf8_still_decodes_as_gbk() -> None:
    text = "<p>記者12日從水利部獲悉，長江流域今年首場春汛已平穩通過。</p>"
    page = decode_page(text.encode("gb18030"))
    assert page.text == text
    assert page.encoding == "gb18030"


@pytest.mark.parametrize(
    ("headline", "codec", "expected_encoding"),
    [
        ("中国经济新闻", "gb18030", "gb18030"),
        ("人民日报", "gb18030", "gb18030"),
        ("臺灣新聞", "big5hkscs", "big5hkscs"),
        ("中國經濟新聞", "big5hkscs", "big5hkscs"),
        ("美国芯片出口管制", "utf-8", "utf-8"),
    ],
)
def test_undeclared_headline_only_page_is_detected(headline: str, codec: str, expected_encoding: str) -> None:
    page = decode_page(headline.encode(codec))
    assert (page.text, page.encoding) == (headline, expected_encoding)


def test_pinyin_injected_inside_a_gbk_character_is_repaired_on_the_bytes() -> None:
    # sample 003: `管理?xiàng)l例` is 條 (97 6C) with "(xiàng)" injected between its bytes.
    body = "《出口管理".encode("gb18030") + b"\x97(xi\xa8\xa4ng)\x6c" + "例》中".encode("gb18030")
    page = decode_page(body, "text/html; charset=gbk")
    assert page.text == "《出口管理條例》中"
    assert page.repairs == ("pinyin-inside-gbk-char",)
    assert page.flagged == 0


def test_lost_byte_question_mark_in_chinese_text_is_kept_and_flagged() -> None:
    line = "在當(dāng)天發(fā)布的修訂版《出口管理?xiàng)l例》中,共有11家中國(guó)公司被列出"
    page = decode_page(line.encode("utf-8"), "text/html; charset=utf-8")
    assert page.text == line
    assert page.flagged == 1


def test_invalid_bytes_decode_with_replacement_and_are_flagged() -> None:
    body = "<p>人工智能".encode() + b"\xe6\x96" + "新闻</p>".encode()
    page = decode_page(body, "text/html; charset=utf-8")
    assert page.text == "<p>人工智能\ufffd新闻</p>"
    assert (page.encoding, page.flagged, page.evidence["chosen_by"]) == ("utf-8", 1, "lossy")


def test_long_undeclared_page_with_a_bad_byte_far_from_the_start_is_decoded_lossily() -> None:
    # Candidates are scored on a window near the start; the winner must then decode the whole
    # body, and here it cannot: it is kept as a lossy decode with the damage flagged.
    sample = (CORPUS / "samples" / "002_32ce8c61f3a6e602.txt").read_text(encoding="utf-8")
    head = "<html><body>" + "".join(f"<p>{line}</p>" for line in sample.splitlines())
    body = (head * 6).encode("gb18030") + b"<p>\x81\x20</p>" + "<p>完</p></body></html>".encode("gb18030")
    assert len(body) > 40_000
    page = decode_page(body)
    assert page.text == head * 6 + "<p>\ufffd </p><p>完</p></body></html>"
    assert (page.encoding, page.flagged, page.evidence["chosen_by"]) == ("gb18030", 1, "lossy")
    assert page.evidence["candidates"]["gb18030"]["strict"] is False


def test_binary_body_raises_decode_error() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4
    with pytest.raises(DecodeError, match="body looks binary") as raised:
        decode_page(png, "text/html")
    assert isinstance(raised.value, NewsArchiveError)


def test_a_stray_nul_byte_does_not_make_a_page_binary() -> None:
    body = "<p>人工智能\x00新闻</p>".encode()
    page = decode_page(body, "text/html; charset=utf-8")
    assert page.text == "<p>人工智能\x00新闻</p>"


def test_utf16_without_bom_is_recognised_by_its_nul_pattern() -> None:
    page = decode_page("<html><p>新闻 news</p></html>".encode("utf-16-le"), "text/html")
    assert (page.text, page.encoding, page.evidence["chosen_by"]) == (
        "<html><p>新闻 news</p></html>",
        "utf-16-le",
        "utf-16-pattern",
    )


def test_empty_and_ascii_bodies_decode() -> None:
    assert decode_page(b"").text == ""
    page = decode_page(b"<p>Rates on hold</p>", "text/html; charset=gbk")
    assert (page.text, page.encoding, page.evidence["chosen_by"]) == ("<p>Rates on hold</p>", "gb18030", "ascii")


def test_as_record_is_json_serialisable_and_omits_text() -> None:
    case = next(c for c in CASES if c["id"] == "header-big5-body-gbk")
    page = decode_page(_body(case), case["content_type"])
    record = page.as_record()
    assert set(record) == {"encoding", "evidence", "repairs", "flagged"}
    assert json.loads(json.dumps(record)) == record
    assert record["evidence"]["http"]["encoding"] == "big5hkscs"
    assert record["encoding"] == "gb18030"


def test_decoded_page_is_frozen_and_picklable() -> None:
    import pickle

    page = decode_page("<p>新闻</p>".encode())
    assert isinstance(page, DecodedPage)
    assert pickle.loads(pickle.dumps(page)) == page
    with pytest.raises(AttributeError):
        page.text = "x"  # type: ignore[misc]


# --- labels and declarations --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("gb2312", "gb18030"), ("GBK", "gb18030"), ("x-gbk", "gb18030"), ("GB18030", "gb18030"),
        ("big5", "big5hkscs"), ("Big5-HKSCS", "big5hkscs"), ("ISO-8859-1", "cp1252"), ("utf8", "utf-8"),
        ("'UTF-8'", "utf-8"), ("shift_jis", "cp932"), ("no-such-charset", None), ("", None),
    ],
)
def test_normalize_label(label: str, codec: str | None) -> None:
    assert normalize_label(label) == codec


def test_http_charset_reads_quoted_and_unquoted_parameters() -> None:
    assert http_charset('text/html; charset="GB2312"').encoding == "gb18030"  # type: ignore[union-attr]
    assert http_charset("text/html;charset=utf-8").label == "utf-8"  # type: ignore[union-attr]
    assert http_charset("text/html") is None
    assert http_charset(None) is None


@pytest.mark.parametrize(
    ("document", "source", "label"),
    [
        (b'<html><head><meta charset="gbk"></head>', "meta", "gbk"),
        (b"<HEAD><META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=big5'></HEAD>", "meta", "big5"),
        (b'<head><meta content="text/html; charset=gb2312" http-equiv="Content-Type" /></head>', "meta", "gb2312"),
        (b'<head><!-- <meta charset="big5"> --><meta charset=utf-8></head>', "meta", "utf-8"),
        (b'<?xml version="1.0" encoding="GBK"?><html><head></head>', "xml", "GBK"),
    ],
)
def test_meta_charset(document: bytes, source: str, label: str) -> None:
    declaration = meta_charset(document + b"<body></body></html>")
    assert declaration is not None and (declaration.source, declaration.label) == (source, label)


def test_meta_charset_ignores_body_metas() -> None:
    assert meta_charset(b"<head></head><body><meta charset=big5></body>") is None


# --- mojibake -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("broken", "repaired", "repair"),
    [
        ("æ–°é—»", "新闻", "utf8-as-cp1252"),
        ("ÖÐ¹ú", "中国", "gbk-as-latin1"),
        ("ÄãºÃ£¬ÊÀ½ç", "你好，世界", "gbk-as-latin1"),
        ("¡°ÖÐ¹ú¡±", "“中国”", "gbk-as-latin1"),
        ("SÃ£o Paulo", "São Paulo", "utf8-as-cp1252"),
        ("Copyright Â© 2008-2024", "Copyright © 2008-2024", "utf8-as-cp1252"),
    ],
)
def test_repair_mojibake(broken: str, repaired: str, repair: str) -> None:
    assert repair_mojibake(broken) == (repaired, (repair,))


@pytest.mark.parametrize(
    "correct",
    [
        "café, Grüße, naïve façade, Dvořák, São Paulo",
        "外国实体——包括潜在对手——正通过合法和非法手段",
        "以識別和攔截此類行為。……AI正在重塑",
        "达里奥·阿莫迪(Dario Amodei)",
        "“中国”、「台灣」、『香港』",
        "½ cup, 25°C, ×2, ÷3, ©2024",
        "令人讨厌🙏",
        # soft hyphens (U+00AD) at the hyphenation points of long words, as German and French pages set them
        "Die Ge\u00adbär\u00adden\u00adspra\u00adche der Be\u00adhör\u00adde und l’é\u00adva\u00adlua\u00adtion du pré\u00adsi\u00addent",
    ],
)
def test_repair_mojibake_leaves_correct_text_unchanged(correct: str) -> None:
    assert repair_mojibake(correct) == (correct, ())


def test_repair_mojibake_peels_several_layers_at_once() -> None:
    triple = "開(kāi)發(fā)".encode().decode("latin-1").encode("utf-8").decode("latin-1")
    assert repair_mojibake(triple) == ("開(kāi)發(fā)", ("utf8-as-cp1252",))


def test_repair_mojibake_peels_a_gbk_layer_under_a_utf8_layer() -> None:
    gbk_as_latin1 = "中国经济新闻".encode("gb18030").decode("latin-1")
    double = gbk_as_latin1.encode("utf-8").decode("latin-1")
    assert repair_mojibake(double) == ("中国经济新闻", ("utf8-as-cp1252", "gbk-as-latin1"))


def test_repair_mojibake_follows_the_page_for_ambiguous_short_runs() -> None:
    # On a GBK-mojibake page, "¡°" (A1 B0) is “ and "éF" (E9 46) is 镕, while a real "——"
    # added around the mangled text (a template's separator) stays.
    text = "总理朱镕基说：“中国经济稳中向好。” —— 新华社"
    broken = " ".join(
        part if part == "——" else part.encode("gb18030").decode("latin-1") for part in text.split(" ")
    )
    assert "¡°ÖÐ¹ú" in broken and "éF" in broken
    assert repair_mojibake(broken) == (text, ("gbk-as-latin1",))


def test_count_flagged_counts_replacement_runs_and_lost_bytes() -> None:
    assert count_flagged("中\ufffd\ufffd国\ufffd") == 2
    assert count_flagged("管理?xiàng)l例 或?qū)嵤") == 2
    assert count_flagged("这哪是竞争?分明是霸道! Copyright ? 2008") == 0
    # a text that writes question marks full-width: an ASCII "?" between Han is a lost character
    assert count_flagged("总理朱?基会见了代表团。你去吗？") == 1


def test_plausibility_ranks_real_text_above_mojibake() -> None:
    real = "美國商務部于1月15日更新了出口管制實體清單"
    assert plausibility(real) > 0.9
    assert plausibility(real.encode("big5hkscs").decode("gb18030", errors="replace")) < 0.5
    assert plausibility("ÖÐ¹úÐÂÎÅ") < 0


def test_mixed_page_records_which_codec_read_how_many_runs() -> None:
    body = ("<meta charset=utf-8><title>新闻</title><nav>首页 | 国内</nav>".encode()
            + "<p>本报讯 城市地铁新线今天开通。</p>".encode("gbk") + "<footer>版权所有</footer>".encode())
    page = decode_page(body, "text/html")
    assert page.text == "<meta charset=utf-8><title>新闻</title><nav>首页 | 国内</nav><p>本报讯 城市地铁新线今天开通。</p><footer>版权所有</footer>"
    assert page.encoding == "utf-8"
    assert page.evidence["chosen_by"] == "mixed"
    assert page.evidence["mixed_runs"] == {"utf-8": 4, "gb18030": 2}
    assert page.repairs == ("mixed-utf-8-gb18030",) and page.flagged == 0


def test_gbk_page_with_a_gbk_only_name_is_not_taken_for_a_mixed_page() -> None:
    text = "<meta charset=gb2312><p>朱镕基、李祎、王喆、张堃出席座谈会。</p>"
    page = decode_page(text.encode("gbk"), None)
    assert page.text == text and page.encoding == "gb18030" and page.repairs == ()


# Text made of what the mojibake scan looks at: ASCII letters, digits and separators, Latin-1 and
# Windows-1252 characters, the typographic marks, and characters outside both views.
_VIEW_SOUP = st.text(alphabet=st.sampled_from(list("ab Z@\x7f09 .\n-") + list("\x80\x81\x9d\xa0ÃéäÿĀ中") + list("€‚ƒ„—…“”‘’•–")), max_size=60)


@given(_VIEW_SOUP)
@settings(max_examples=400, deadline=None)
def test_the_mojibake_scan_finds_exactly_the_runs_its_patterns_describe(text: str) -> None:
    # the scan finds runs from their first non-ASCII character instead of trying the patterns at
    # every position (a page's text is mostly ASCII); it must find what the patterns would
    assert mojibake._view_runs(text, mojibake._CANDIDATE_HEAD, mojibake._CANDIDATE_TAIL, 2) == [
        m.span() for m in mojibake._CANDIDATE_RUN.finditer(text)
    ]
    assert mojibake._view_runs(text, mojibake._LOOSE_HEAD, mojibake._LOOSE_TAIL, 1) == [
        m.span() for m in mojibake._LOOSE_RUN.finditer(text)
    ]
    assert mojibake._typographic_alone(text) == bool(mojibake._TYPOGRAPHIC_ALONE.search(text))


def test_a_latin1_page_with_a_long_word_before_its_accents_keeps_its_text() -> None:
    text = "<p>" + "x" * 5000 + "é und Grüße, café — fertig.</p>"
    assert repair_mojibake(text) == (text, ())


def test_a_german_page_whose_umlauts_read_as_gbk_keeps_its_text() -> None:
    # "Ernährung" re-encoded is E4 68, which GBK and Big5 read as one Han character (鋒); a page
    # with few umlauts read that way scored as clean Chinese once one word ("größten") held two
    # side by side. Mojibake of double-byte text shows its non-ASCII characters in pairs; here
    # almost every one stands alone between ASCII letters.
    page = (
        "<html lang=\"de\"><head><title>Transformationslabor Ernährung</title></head><body>"
        + "<p>" + "Die Initiative startet im Herbst mit zwanzig Unternehmen aus der Branche. " * 60 + "</p>"
        + "<p>Die Ernährungswirtschaft, einer der größten Sektoren, will bis 2030 klimaneutral werden.</p>"
        + "</body></html>"
    )
    assert repair_mojibake(page) == (page, ())
    decoded = decode_page(page.encode("utf-8"))
    assert "Ernährung" in decoded.text and decoded.repairs == ()
