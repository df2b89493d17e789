"""Build the encoding corpus: pages whose true text is known, as the bytes a server would send.

    python tests/corpus/encodings/build_corpus.py        # rewrites pages/ and manifest.json

Each case is one HTML page (``pages/<id>.bin``) plus a manifest entry with the Content-Type
header it is served with, the encoding its bytes are really in, and the exact text a correct
decoder must return (``expected``). ``expected_encoding``, ``expected_repairs`` and
``expected_flagged`` are what ``archive.decode.page.decode_page`` must report. The generator is
deterministic: rebuilding gives identical files.

The sample texts come from ../shared/samples (real noise from Chinese news pages); decoding must
keep that noise (cleaning removes it later), so ``expected`` holds it verbatim.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAGES = HERE / "pages"
SAMPLES = HERE / "samples"


@dataclass(frozen=True)
class Case:
    id: str
    description: str
    content_type: str | None
    true_encoding: str
    expected: str
    expected_encoding: str
    expected_repairs: tuple[str, ...] = ()
    expected_flagged: int = 0
    file: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)


def page(title: str, body: str, meta: str = "", lang: str = "zh-CN", head_padding: str = "") -> str:
    """A small news page; ``meta`` goes where a site's charset declaration would be."""
    paragraphs = "\n".join(f"<p>{line}</p>" for line in body.split("\n") if line.strip())
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n{meta}'
        f"{head_padding}"
        f"<title>{title}</title>\n</head>\n<body>\n<h1>{title}</h1>\n{paragraphs}\n</body>\n</html>\n"
    )


def meta_charset(label: str) -> str:
    return f'<meta charset="{label}">\n'


def meta_http_equiv(label: str) -> str:
    return f'<meta http-equiv="Content-Type" content="text/html; charset={label}">\n'


def sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def cp1252_view(data: bytes) -> str:
    """How a Windows-1252 decoder that keeps undefined bytes (0x81, 0x8D …) as C1 controls reads data."""
    return "".join(
        bytes([b]).decode("cp1252") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b) for b in data
    )


SIMPLIFIED = (
    "国务院总理朱镕基今天在北京会见了来访的代表团。\n"
    "新华社记者报道，本次会议讨论了经济发展、科技创新和人才培养等问题。\n"
    "专家认为，人工智能将在未来十年深刻改变全球产业格局。"
)
TRADITIONAL = (
    "行政院今日召開記者會，說明颱風過後的災情與復原進度。\n"
    "中央氣象局表示，這個週末北部地區將有短暫陣雨，民眾外出請注意安全。\n"
    "經濟部長強調，政府會持續支持半導體產業的發展。"
)
HKSCS = "今日天氣好好，我哋去邊度食飯㗎？佢話嘅嘢冇錯，啲人咁講都係為咗你。"
BEYOND_GB2312 = (
    "朱镕基、陶喆、王堃、刘玥出席了仪式。\n"
    "台灣與香港的讀者也能看到繁體字：國際、經濟、發展。\n"
    "票价为50€，约合人民币390元。扩展A区汉字：㐀、䶮、䲟。"
)
GB18030_ONLY = "生僻字𠀀、𪚥、𰻝（biáng）以及表情🙏🤣都只能用GB18030四字节编码。"
ENGLISH = (
    "The central bank kept interest rates unchanged on Thursday.\n"
    "Analysts said the decision was widely expected, and markets barely moved."
)
ENGLISH_CP1252 = "“It’s a résumé of the café’s history,” she said — costing €5."


def build_cases() -> list[tuple[Case, bytes]]:
    cases: list[tuple[Case, bytes]] = []

    def add(
        case_id: str,
        description: str,
        text: str,
        encode: Callable[[str], bytes],
        *,
        content_type: str | None,
        true_encoding: str,
        expected_encoding: str,
        expected: str | None = None,
        repairs: tuple[str, ...] = (),
        flagged: int = 0,
        tags: tuple[str, ...] = (),
    ) -> None:
        data = encode(text)
        case = Case(
            id=case_id,
            description=description,
            content_type=content_type,
            true_encoding=true_encoding,
            expected=text if expected is None else expected,
            expected_encoding=expected_encoding,
            expected_repairs=repairs,
            expected_flagged=flagged,
            file=f"pages/{case_id}.bin",
            tags=tags,
        )
        cases.append((case, data))

    def enc(codec: str) -> Callable[[str], bytes]:
        return lambda text: text.encode(codec)

    # --- UTF-8 ------------------------------------------------------------------------------
    add("utf8-declared-http", "UTF-8, declared in the HTTP header", page("人工智能新闻", SIMPLIFIED),
        enc("utf-8"), content_type="text/html; charset=utf-8", true_encoding="utf-8", expected_encoding="utf-8")
    add("utf8-declared-meta", "UTF-8, declared by <meta charset>", page("人工智能新闻", SIMPLIFIED, meta_charset("utf-8")),
        enc("utf-8"), content_type="text/html", true_encoding="utf-8", expected_encoding="utf-8")
    add("utf8-undeclared", "UTF-8, no declaration anywhere", page("繁體新聞", TRADITIONAL, lang="zh-Hant"),
        enc("utf-8"), content_type=None, true_encoding="utf-8", expected_encoding="utf-8")
    add("utf8-bom-meta-gbk", "UTF-8 with BOM; the meta says gbk (the BOM wins)",
        page("人工智能新闻", SIMPLIFIED, meta_charset("gbk")),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        content_type="text/html", true_encoding="utf-8", expected_encoding="utf-8")
    add("utf16le-bom", "UTF-16 LE with BOM, meta utf-16", page("繁體新聞", TRADITIONAL, meta_charset("utf-16")),
        lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
        content_type="text/html", true_encoding="utf-16-le", expected_encoding="utf-16")
    add("utf16be-bom-header-gbk", "UTF-16 BE with BOM, HTTP header says gbk",
        page("人工智能新闻", SIMPLIFIED),
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        content_type="text/html; charset=gbk", true_encoding="utf-16-be", expected_encoding="utf-16")

    # --- GBK / GB18030 ----------------------------------------------------------------------
    add("gbk-labelled-gb2312", "GBK page labelled gb2312 with 镕 喆 堃 玥, Traditional, €, Ext A",
        page("罕用字测试", BEYOND_GB2312, meta_http_equiv("gb2312")),
        enc("gb18030"), content_type="text/html; charset=gb2312", true_encoding="gbk",
        expected_encoding="gb18030", tags=("gbk",))
    add("cp936-euro-byte", "Windows code page 936 page: € as the single byte 0x80, labelled gb2312",
        page("欧元汇率", "今天一欧元兑换七点八元人民币，即1€=7.8元。", meta_charset("gb2312")),
        lambda t: t.replace("€", "\x00EURO\x00").encode("gb18030").replace(b"\x00EURO\x00", b"\x80"),
        content_type=None, true_encoding="cp936", expected_encoding="gb18030", tags=("gbk",))
    add("gb18030-only-labelled-gbk", "four-byte GB18030 characters (Ext B, emoji) labelled gbk",
        page("生僻字", GB18030_ONLY, meta_charset("gbk")),
        enc("gb18030"), content_type="text/html; charset=GBK", true_encoding="gb18030",
        expected_encoding="gb18030", tags=("gbk",))
    add("gbk-undeclared", "GBK, no declaration", page("人工智能新闻", SIMPLIFIED),
        enc("gb18030"), content_type="text/html", true_encoding="gbk", expected_encoding="gb18030",
        tags=("gbk",))
    add("gbk-header-latin1", "GBK; the server's default header says ISO-8859-1, no meta",
        page("人工智能新闻", SIMPLIFIED),
        enc("gb18030"), content_type="text/html; charset=ISO-8859-1", true_encoding="gbk",
        expected_encoding="gb18030", tags=("gbk", "weak-header"))
    add("gbk-header-latin1-meta-gbk", "GBK; header ISO-8859-1 (server default), meta gbk",
        page("人工智能新闻", SIMPLIFIED, meta_charset("gbk")),
        enc("gb18030"), content_type="text/html; charset=iso-8859-1", true_encoding="gbk",
        expected_encoding="gb18030", tags=("gbk", "weak-header"))

    # --- one page, two encodings ------------------------------------------------------------
    # A UTF-8 template (navigation, title, footer) around an article body pasted in as GBK bytes
    # by an old CMS, and the reverse: a GBK page whose comment widget is served in UTF-8.
    def mixed(parts: list[tuple[str, str]]) -> bytes:
        return b"".join(text.encode(codec) for text, codec in parts)

    utf8_around_gbk = [
        ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>地铁新线开通 - 城市新闻网</title>\n"
         "</head>\n<body>\n<nav>首页 | 国内 | 国际 | 财经 | 科技</nav>\n<h1>地铁新线开通</h1>\n", "utf-8"),
        ("<p>本报讯（记者 王喆）城市地铁新线今天正式开通运营，首日客流超过十万人次。</p>\n"
         "<p>市交通委负责人介绍，新线全长二十八公里，设车站二十座，沿线居民出行时间将明显缩短。</p>\n", "gb18030"),
        ("<footer>版权所有 © 城市新闻网 京ICP备12345678号</footer>\n</body>\n</html>\n", "utf-8"),
    ]
    add("mixed-utf8-template-gbk-body", "UTF-8 template (meta utf-8) around article paragraphs in GBK bytes",
        "".join(text for text, _ in utf8_around_gbk), lambda _t: mixed(utf8_around_gbk),
        content_type="text/html; charset=utf-8", true_encoding="utf-8+gbk", expected_encoding="utf-8",
        repairs=("mixed-utf-8-gb18030",), tags=("gbk", "mixed"))
    gbk_around_utf8 = [
        ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"gbk\">\n<title>央行发布金融数据 - 财经频道</title>\n"
         "</head>\n<body>\n<h1>央行发布金融数据</h1>\n<p>中国人民银行今天发布数据，九月末广义货币余额同比增长百分之六点八。</p>\n"
         "<p>专家认为，货币政策将继续保持稳健，支持实体经济发展。</p>\n<div class=\"comments\">网友评论：</div>\n", "gb18030"),
        ("<ul class=\"cmt\">\n<li>北京网友：数据比预期好，希望继续保持。</li>\n<li>上海网友：关注房地产贷款的变化。</li>\n</ul>\n", "utf-8"),
        ("<footer>责任编辑：李祎</footer>\n</body>\n</html>\n", "gb18030"),
    ]
    add("mixed-gbk-template-utf8-comments", "GBK page (meta gbk) whose comment list is served as UTF-8 bytes",
        "".join(text for text, _ in gbk_around_utf8), lambda _t: mixed(gbk_around_utf8),
        content_type="text/html", true_encoding="gbk+utf-8", expected_encoding="gb18030",
        repairs=("mixed-utf-8-gb18030",), tags=("gbk", "mixed"))
    add("gb2312-header-gbk-only-names", "labelled gb2312 in the HTTP header; names only GBK has (镕 祎 喆 堃)",
        page("人物报道", "朱镕基、李祎、王喆和张堃出席了今天的座谈会。\n与会者还有陈珺和刘昇。"),
        enc("gb18030"), content_type="text/html; charset=GB2312", true_encoding="gbk",
        expected_encoding="gb18030", tags=("gbk",))
    add("gbk-meta-gb18030-only-names", "labelled gbk by meta; 䶮 (Ext A) and 𠮷 (four-byte GB18030)",
        page("姓名用字", "南汉皇帝刘䶮的名字常被写错。\n日本常见的𠮷野家也有人写成吉野家。", meta_charset("gbk")),
        enc("gb18030"), content_type="text/html", true_encoding="gb18030",
        expected_encoding="gb18030", tags=("gbk",))

    # --- Big5 -------------------------------------------------------------------------------
    add("big5-declared-meta", "Big5, declared by meta", page("繁體新聞", TRADITIONAL, meta_charset("big5"), "zh-Hant"),
        enc("big5hkscs"), content_type="text/html", true_encoding="big5", expected_encoding="big5hkscs",
        tags=("big5",))
    add("big5-undeclared", "Big5, no declaration", page("繁體新聞", TRADITIONAL, lang="zh-Hant"),
        enc("big5hkscs"), content_type=None, true_encoding="big5", expected_encoding="big5hkscs",
        tags=("big5",))
    add("big5-hkscs-labelled-big5", "Hong Kong characters (㗎 嘅 哋 嘢) in Big5-HKSCS, labelled big5",
        page("香港新聞", HKSCS, meta_charset("big5"), "zh-HK"),
        enc("big5hkscs"), content_type="text/html; charset=big5", true_encoding="big5hkscs",
        expected_encoding="big5hkscs", tags=("big5",))

    # --- contradictions -----------------------------------------------------------------------
    add("header-gb2312-body-utf8", "header says gb2312, the bytes are UTF-8 (no meta)",
        page("人工智能新闻", SIMPLIFIED), enc("utf-8"),
        content_type="text/html; charset=gb2312", true_encoding="utf-8", expected_encoding="utf-8",
        tags=("contradiction",))
    add("header-utf8-body-gbk", "header says utf-8, the bytes are GBK, meta says gbk",
        page("人工智能新闻", SIMPLIFIED, meta_charset("gbk")), enc("gb18030"),
        content_type="text/html; charset=utf-8", true_encoding="gbk", expected_encoding="gb18030",
        tags=("contradiction",))
    add("header-big5-body-gbk", "header says big5, the bytes are GBK",
        page("人工智能新闻", SIMPLIFIED), enc("gb18030"),
        content_type="text/html; charset=big5", true_encoding="gbk", expected_encoding="gb18030",
        tags=("contradiction",))
    add("meta-gb2312-body-utf8", "meta says gb2312, the bytes are UTF-8",
        page("人工智能新闻", SIMPLIFIED, meta_charset("gb2312")), enc("utf-8"),
        content_type="text/html", true_encoding="utf-8", expected_encoding="utf-8",
        tags=("contradiction",))
    add("meta-utf8-body-gbk", "meta says utf-8, the bytes are GBK",
        page("人工智能新闻", SIMPLIFIED, meta_charset("utf-8")), enc("gb18030"),
        content_type="text/html", true_encoding="gbk", expected_encoding="gb18030",
        tags=("contradiction",))
    add("meta-gbk-body-big5", "meta says gbk, the bytes are Big5",
        page("繁體新聞", TRADITIONAL, meta_charset("gbk"), "zh-Hant"), enc("big5hkscs"),
        content_type="text/html", true_encoding="big5", expected_encoding="big5hkscs",
        tags=("contradiction",))
    add("meta-big5-body-gbk", "meta says big5, the bytes are GBK",
        page("人工智能新闻", SIMPLIFIED, meta_charset("big5")), enc("gb18030"),
        content_type="text/html", true_encoding="gbk", expected_encoding="gb18030",
        tags=("contradiction",))
    add("utf8-header-latin1", "UTF-8 Chinese page behind a server default ISO-8859-1 header, no meta",
        page("人工智能新闻", SIMPLIFIED), enc("utf-8"),
        content_type="text/html; charset=ISO-8859-1", true_encoding="utf-8", expected_encoding="utf-8",
        tags=("contradiction", "weak-header"))
    add("english-utf8-header-latin1", "English UTF-8 page (curly quotes, €) behind an ISO-8859-1 header",
        page("Café history", ENGLISH_CP1252, lang="en"), enc("utf-8"),
        content_type="text/html; charset=iso-8859-1", true_encoding="utf-8", expected_encoding="utf-8",
        tags=("english", "weak-header"))
    add("big5-header-gb2312", "header says gb2312, the bytes are Big5",
        page("繁體新聞", TRADITIONAL, lang="zh-Hant"), enc("big5hkscs"),
        content_type="text/html; charset=gb2312", true_encoding="big5", expected_encoding="big5hkscs",
        tags=("contradiction", "big5"))
    add("gbk-header-right-meta-utf8", "header gbk is right, the template's meta says utf-8",
        page("人工智能新闻", SIMPLIFIED, meta_charset("utf-8")), enc("gb18030"),
        content_type="text/html; charset=GBK", true_encoding="gbk", expected_encoding="gb18030",
        tags=("contradiction", "gbk"))
    add("xml-declaration-gbk", "XHTML page declared only by <?xml encoding=\"gbk\"?>",
        '<?xml version="1.0" encoding="gbk"?>\n' + page("人工智能新闻", SIMPLIFIED), enc("gb18030"),
        content_type="application/xhtml+xml", true_encoding="gbk", expected_encoding="gb18030",
        tags=("gbk",))
    padding = "<style>\n" + "".join(f".c{i} {{ margin: {i}px; padding: 0 {i}px; }}\n" for i in range(200)) + "</style>\n"
    add("meta-beyond-4kb", "Big5 headline page whose only declaration is a meta after 5 KB of <style>",
        page("中國經濟", "臺北股市今天收盤上漲", "", "zh-Hant",
             head_padding=padding + meta_http_equiv("big5")),
        enc("big5hkscs"), content_type="text/html", true_encoding="big5", expected_encoding="big5hkscs",
        tags=("big5", "short"))

    # --- mojibake -----------------------------------------------------------------------------
    article = page("人工智能新闻", SIMPLIFIED, meta_charset("utf-8"))
    add("double-encoded-utf8", "UTF-8 read as Windows-1252 and saved as UTF-8 again (æ–°é—»)",
        article, lambda t: cp1252_view(t.encode("utf-8")).encode("utf-8"),
        content_type="text/html; charset=utf-8", true_encoding="utf-8", expected_encoding="utf-8",
        repairs=("utf8-as-cp1252",), tags=("mojibake",))
    add("triple-encoded-utf8", "UTF-8 mis-decoded as Windows-1252 twice",
        article, lambda t: cp1252_view(cp1252_view(t.encode("utf-8")).encode("utf-8")).encode("utf-8"),
        content_type="text/html; charset=utf-8", true_encoding="utf-8", expected_encoding="utf-8",
        repairs=("utf8-as-cp1252",), tags=("mojibake",))
    add("gbk-as-latin1-mojibake", "GBK read as Latin-1 and saved as UTF-8 (ÖÐ¹ú for 中国)",
        article, lambda t: t.encode("gb18030").decode("latin-1").encode("utf-8"),
        content_type="text/html; charset=utf-8", true_encoding="utf-8", expected_encoding="utf-8",
        repairs=("gbk-as-latin1",), tags=("mojibake",))
    add("big5-as-latin1-mojibake", "Big5 read as Windows-1252 and saved as UTF-8",
        page("繁體新聞", TRADITIONAL, meta_charset("utf-8"), "zh-Hant"),
        lambda t: cp1252_view(t.encode("big5hkscs")).encode("utf-8"),
        content_type="text/html; charset=utf-8", true_encoding="utf-8", expected_encoding="utf-8",
        repairs=("big5-as-latin1",), tags=("mojibake",))
    mixed_body = "导航：首页 | 国际 | 财经\n" + SIMPLIFIED
    add("partly-double-encoded", "correct UTF-8 navigation, article body double-encoded",
        page("人工智能新闻", mixed_body, meta_charset("utf-8")),
        lambda t: t.replace(SIMPLIFIED.split("\n")[1], cp1252_view(SIMPLIFIED.split("\n")[1].encode("utf-8"))).encode("utf-8"),
        content_type="text/html; charset=utf-8", true_encoding="utf-8", expected_encoding="utf-8",
        repairs=("utf8-as-cp1252",), tags=("mojibake",))
    add("latin-words-untouched", "UTF-8 page with correct Latin-1 words and Chinese",
        page("欧洲新闻", "法国总统在Élysée宫会见了Grüße与café的作者，Dvořák的音乐会在布拉格举行。", meta_charset("utf-8")),
        enc("utf-8"), content_type="text/html; charset=utf-8", true_encoding="utf-8", expected_encoding="utf-8")

    # --- short pages --------------------------------------------------------------------------
    add("short-gbk-headline", "GBK headline only, no declaration", "<h1>中国经济新闻</h1>",
        enc("gb18030"), content_type=None, true_encoding="gbk", expected_encoding="gb18030",
        tags=("short", "gbk"))
    add("short-gbk-bare", "four GBK characters, nothing else", "人民日报",
        enc("gb18030"), content_type=None, true_encoding="gbk", expected_encoding="gb18030",
        tags=("short", "gbk"))
    add("short-big5-headline", "Big5 headline only, no declaration", "<title>臺灣新聞</title>",
        enc("big5hkscs"), content_type="text/html", true_encoding="big5", expected_encoding="big5hkscs",
        tags=("short", "big5"))
    add("short-utf8-headline", "UTF-8 headline only, no declaration", "<h1>美国芯片出口管制</h1>",
        enc("utf-8"), content_type=None, true_encoding="utf-8", expected_encoding="utf-8", tags=("short",))
    add("short-gbk-header-latin1", "GBK headline, header ISO-8859-1", "<h1>英伟达回应出口限制</h1>",
        enc("gb18030"), content_type="text/html; charset=ISO-8859-1", true_encoding="gbk",
        expected_encoding="gb18030", tags=("short", "gbk", "weak-header"))

    # --- English --------------------------------------------------------------------------------
    add("english-ascii", "English, ASCII only, header utf-8", page("Rates on hold", ENGLISH, lang="en"),
        enc("utf-8"), content_type="text/html; charset=utf-8", true_encoding="ascii", expected_encoding="utf-8",
        tags=("english",))
    add("english-ascii-undeclared", "English, ASCII only, undeclared", page("Rates on hold", ENGLISH, lang="en"),
        enc("utf-8"), content_type=None, true_encoding="ascii", expected_encoding="ascii", tags=("english",))
    add("english-cp1252-undeclared", "English with Windows-1252 curly quotes and €, undeclared",
        page("Café history", ENGLISH_CP1252, lang="en"),
        enc("cp1252"), content_type="text/html", true_encoding="cp1252", expected_encoding="cp1252",
        tags=("english",))
    add("english-latin1-header", "English with é, header ISO-8859-1 (true)",
        page("Résumé", "Her résumé lists Zürich and São Paulo.", lang="en"),
        enc("latin-1"), content_type="text/html; charset=ISO-8859-1", true_encoding="latin-1",
        expected_encoding="cp1252", tags=("english",))
    add("english-utf8-smart-quotes", "English UTF-8 with curly quotes and an em dash, undeclared",
        page("Quotes", ENGLISH_CP1252, lang="en"),
        enc("utf-8"), content_type=None, true_encoding="utf-8", expected_encoding="utf-8", tags=("english",))

    # --- lossy ------------------------------------------------------------------------------------
    truncated = page("人工智能新闻", SIMPLIFIED, meta_charset("utf-8")).encode("utf-8")
    cut = truncated.index("专家".encode("utf-8")) + 4  # in the middle of 家
    add("utf8-truncated-char", "UTF-8 page with one stray byte (a truncated character)",
        page("人工智能新闻", SIMPLIFIED, meta_charset("utf-8")),
        lambda t: truncated[:cut] + truncated[cut + 2 :],
        content_type="text/html; charset=utf-8", true_encoding="utf-8", expected_encoding="utf-8",
        expected=(truncated[:cut] + truncated[cut + 2 :]).decode("utf-8", errors="replace"),
        flagged=1, tags=("lossy",))

    add("gb2312-lost-char", "GB2312 page whose server wrote ? for 镕 (not in GB2312); kept and flagged",
        page("总理会见", "国务院总理朱?基今天会见了代表团。记者问：会谈顺利吗？", meta_charset("gb2312")),
        enc("gb2312"), content_type="text/html; charset=gb2312", true_encoding="gb2312",
        expected_encoding="gb18030", flagged=1, tags=("lossy", "gbk"))

    # --- the samples (their noise must survive decoding byte for byte) --------------------------
    s000 = sample("000_b3da0c86cb32e83f.txt")
    add("sample-000-gbk-meta-gb2312", "sample 000 (Traditional + pinyin) as GBK, meta gb2312",
        page("Anthropic", s000, meta_http_equiv("gb2312"), "zh-Hant"), enc("gb18030"),
        content_type="text/html", true_encoding="gbk", expected_encoding="gb18030", flagged=1,
        tags=("sample",))
    s001 = sample("001_8ec5993da452e490.txt")
    add("sample-001-gb18030-labelled-gbk", "sample 001 (emoji in comments) as GB18030, header gbk",
        page("观察者网", s001), enc("gb18030"),
        content_type="text/html; charset=gbk", true_encoding="gb18030", expected_encoding="gb18030",
        tags=("sample",))
    s002 = sample("002_32ce8c61f3a6e602.txt")
    add("sample-002-utf8-header-gb2312", "sample 002 as UTF-8 served with charset=gb2312",
        page("英伟达对他忍不住了", s002), enc("utf-8"),
        content_type="text/html; charset=gb2312", true_encoding="utf-8", expected_encoding="utf-8",
        tags=("sample", "contradiction"))
    s003 = sample("003_4afa6f25fb81acf7.txt")
    add("sample-003-gbk-header-latin1", "sample 003 as GBK with a server-default ISO-8859-1 header",
        page("美國AI出口禁令", s003, lang="zh-Hant"), enc("gb18030"),
        content_type="text/html; charset=ISO-8859-1", true_encoding="gbk", expected_encoding="gb18030",
        flagged=1, tags=("sample", "weak-header"))
    s004 = sample("004_4e34bc0a721c555f.txt")
    add("sample-004-utf8-meta-big5", "sample 004 as UTF-8 whose meta wrongly says big5",
        page("OpenAI跟中国掀桌子", s004, meta_charset("big5")), enc("utf-8"),
        content_type="text/html", true_encoding="utf-8", expected_encoding="utf-8",
        tags=("sample", "contradiction"))
    add("sample-000-gbk-as-latin1", "sample 000 (pinyin, digits) as GBK read as Windows-1252, saved as UTF-8",
        page("Anthropic", s000, meta_charset("utf-8"), "zh-Hant"),
        lambda t: cp1252_view(t.encode("gb18030")).encode("utf-8"),
        content_type="text/html; charset=utf-8", true_encoding="utf-8", expected_encoding="utf-8",
        repairs=("gbk-as-latin1",), flagged=1, tags=("sample", "mojibake"))
    add("sample-003-double-encoded", "sample 003 (pinyin tone marks) UTF-8 read as Windows-1252 and saved again",
        page("美國AI出口禁令", s003, meta_charset("utf-8"), "zh-Hant"),
        lambda t: cp1252_view(t.encode("utf-8")).encode("utf-8"),
        content_type="text/html; charset=utf-8", true_encoding="utf-8", expected_encoding="utf-8",
        repairs=("utf8-as-cp1252",), flagged=1, tags=("sample", "mojibake"))
    add("sample-001-triple-encoded", "sample 001 (emoji, ω) UTF-8 mis-decoded as Windows-1252 twice",
        page("观察者网", s001, meta_charset("utf-8")),
        lambda t: cp1252_view(cp1252_view(t.encode("utf-8")).encode("utf-8")).encode("utf-8"),
        content_type="text/html; charset=utf-8", true_encoding="utf-8", expected_encoding="utf-8",
        repairs=("utf8-as-cp1252",), tags=("sample", "mojibake"))
    # Sample 003's `管理?xiàng)l例` recreated on the bytes: a pinyin injector that lost alignment put
    # "(xiàng)" between the two GBK bytes of 條 (97 6C). Sample 000's `或?qū)嵤┫嚓P` is the same
    # accident inside 實 (8C 8D). Decoding repairs both.
    original_003 = s003.replace("?xiàng)l", "條")
    original_000 = s000.replace("?qū)嵤┫嚓P", "實施相關")

    def inject_003(text: str) -> bytes:
        data = text.encode("gb18030")
        return data.replace("管理條".encode("gb18030"), "管理".encode("gb18030") + b"\x97(xi\xa8\xa4ng)\x6c", 1)

    def inject_000(text: str) -> bytes:
        data = text.encode("gb18030")
        return data.replace("或實".encode("gb18030"), "或".encode("gb18030") + b"\x8c(q\xa8\xb1)\x8d", 1)

    add("sample-003-pinyin-inside-char", "sample 003 bytes with (xiàng) injected inside 條, header gbk",
        page("美國AI出口禁令", original_003, lang="zh-Hant"), inject_003,
        content_type="text/html; charset=gbk", true_encoding="gbk", expected_encoding="gb18030",
        repairs=("pinyin-inside-gbk-char",), tags=("sample",))
    add("sample-000-pinyin-inside-char", "sample 000 bytes with (qū) injected inside 實, meta gb2312",
        page("Anthropic", original_000, meta_charset("gb2312"), "zh-Hant"), inject_000,
        content_type=None, true_encoding="gbk", expected_encoding="gb18030",
        repairs=("pinyin-inside-gbk-char",), tags=("sample",))
    return cases


def main() -> None:
    PAGES.mkdir(exist_ok=True)
    for old in PAGES.glob("*.bin"):
        old.unlink()
    manifest = []
    for case, data in build_cases():
        (HERE / case.file).write_bytes(data)
        manifest.append(asdict(case))
    (HERE / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"wrote {len(manifest)} cases to {PAGES}")


if __name__ == "__main__":
    main()
