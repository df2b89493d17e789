"""What a site repeats across its pages, through the writer into a real SQLite archive: only short
lines at the body's head or tail that a large share of the site carries on different days are
taken out, each one recorded with the version; paragraphs repeated on purpose stay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.ingest.writer import ArchiveWriter, StoreOutcome
from archive.process import FetchedPage, process_page
from archive.store.engine import open_archive
from archive.store.models import Article, ArticleVersion

T0 = datetime(2024, 9, 2, 1, 0, tzinfo=UTC)
HOST = "http://www.citynews.example.cn"

FOOTER = "扫码关注城市日报微信公众号，获取更多本地新闻。"
BACKGROUND = (
    "据此前报道，该市于2023年启动老旧小区改造计划，计划用三年时间完成全市两百余个小区的改造，涉及居民超过十万户，"
    "总投资约四十亿元，其中中央补助资金占比约三成，其余由市区两级财政和社会资本共同承担。"
)
EXPLAINER = "老旧小区改造是指对建成年代较早、失养失修失管、市政配套设施不完善的住宅小区进行改造。"
LEADS = (
    "九月二日，东城区首批六个小区的外墙保温工程全部完工，居民们陆续搬回已经翻新的楼栋。",
    "本周起，西城区启动加装电梯的意见征询，住在高层的老人们对此格外关心，纷纷到社区登记。",
    "南湖街道的改造方案日前公示，方案提出拆除违建、增设停车位和充电桩，征求居民意见两周。",
    "北苑小区的管网更换工程进入收尾阶段，施工方表示，月底前将恢复全部道路的正常通行。",
    "市住建局昨天通报了上半年的进展，已开工的小区数量超过计划的六成，资金拨付进度正常。",
    "记者在城南几个改造完成的小区看到，新建的口袋公园成了居民傍晚散步聊天的好去处。",
    "针对部分居民反映的施工噪音问题，多个街道调整了作业时间，中午和夜间一律停工休息。",
    "改造后的物业管理如何跟上？多个小区通过业主大会引入了专业物业公司，收费标准经过公示。",
)
DETAILS = (
    "施工负责人介绍，这批小区均建于上世纪八十年代，墙体老化严重，冬天室内温度偏低。",
    "社区工作人员说，征询工作会逐户上门进行，确保每一位居民都能充分表达自己的意见。",
    "有居民表示，小区停车难的问题困扰多年，希望这次改造能够真正解决实际困难。",
    "据了解，工程期间各小区均设置了临时通道，并安排专人在高峰时段疏导交通。",
    "通报显示，已完工的小区中，居民满意度调查的平均得分达到了九十分以上。",
    "一位在此居住三十多年的老人说，过去这里杂草丛生，现在每天都愿意下楼走走。",
    "街道相关负责人表示，后续将继续收集居民意见，不断优化施工组织安排。",
    "业主代表说，引入专业物业后，楼道卫生和安保状况都有了明显的改善。",
)


def story_html(n: int, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    day = (T0 + timedelta(days=n)).strftime("%Y-%m-%d")
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>老旧小区改造系列报道之{n}_城市日报</title><meta property="og:type" content="article"></head><body>
<div class="top-nav"><a href="/">首页</a> <a href="/local/">本地</a> <a href="/city/">城建</a></div>
<div class="article"><h1>老旧小区改造系列报道之{n}</h1>
<div class="info">{day} 08:00 来源：城市日报</div>
<div class="article-content">{body}</div></div>
<div class="footer">城市日报社主办 版权所有 京ICP备12345678号</div></body></html>"""


def store_story(writer: ArchiveWriter, n: int, paragraphs: list[str]) -> StoreOutcome:
    url = f"{HOST}/local/2024{9 + n // 30:02d}{2 + n % 28:02d}/{1000 + n}.html"
    page = FetchedPage(
        url=url, final_url=url, status=200, headers=(("Content-Type", "text/html; charset=utf-8"),),
        body=story_html(n, paragraphs).encode("utf-8"), fetched_at=T0 + timedelta(days=n, hours=3),
        site="citynews", timezone="Asia/Shanghai",
    )
    return writer.store(page, process_page(page))


def current(engine, outcome: StoreOutcome) -> ArticleVersion:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return s.get_one(ArticleVersion, s.get_one(Article, outcome.article_id).current_version_id)


def test_follow_up_stories_keep_their_shared_background_and_the_repeated_footer_goes_recorded(sqlite_url: str) -> None:
    engine = open_archive(sqlite_url)
    writer = ArchiveWriter(engine)
    writer.BOILERPLATE_REFRESH_EVERY = 1
    outcomes = []
    for n in range(8):
        # every follow-up: its own news, the standard explanation mid-body, the shared background
        # paragraph at the end, then the site's footer line
        outcomes.append(store_story(writer, n, [LEADS[n], EXPLAINER, DETAILS[n], BACKGROUND, FOOTER]))
    versions = [current(engine, o) for o in outcomes]
    for n, version in enumerate(versions):
        assert version.text.split("\n")[:4] == [LEADS[n], EXPLAINER, DETAILS[n], BACKGROUND]
    # the footer: kept while it was not yet known, then taken off the tail and recorded
    assert [v.text.endswith(FOOTER) for v in versions] == [True] * 5 + [False] * 3
    assert [v.removed for v in versions[:5]] == [[]] * 5
    assert versions[5].removed == [
        {"rule": "learnt-site-line", "position": 4, "text": FOOTER, "seen": 5, "share": 1.0}
    ]
    assert versions[7].removed[0]["seen"] == 7


def test_what_the_archive_learns_between_two_captures_makes_no_version(sqlite_url: str) -> None:
    engine = open_archive(sqlite_url)
    writer = ArchiveWriter(engine)
    writer.BOILERPLATE_REFRESH_EVERY = 1
    first = store_story(writer, 0, [LEADS[0], DETAILS[0], FOOTER])
    for n in range(1, 7):
        store_story(writer, n, [LEADS[n], DETAILS[n], FOOTER])
    again = store_story(writer, 0, [LEADS[0], DETAILS[0], FOOTER])   # the footer is learnt by now
    assert (first.outcome, again.outcome) == ("new", "unchanged")
    assert current(engine, again).text == "\n".join([LEADS[0], DETAILS[0], FOOTER])
    edited = store_story(writer, 0, [LEADS[0], DETAILS[0] + "目前工程进度已经过半。", FOOTER])
    assert edited.outcome == "updated"
    version = current(engine, edited)
    assert (version.number, version.text, version.cause) == (2, f"{LEADS[0]}\n{DETAILS[0]}目前工程进度已经过半。", "page")
    assert [r["text"] for r in version.removed] == [FOOTER]


def test_an_interview_keeps_every_repetition_of_its_question(sqlite_url: str) -> None:
    engine = open_archive(sqlite_url)
    writer = ArchiveWriter(engine)
    question = "记者：改造之后，您觉得生活有什么变化？"
    answers = ["王阿姨：楼道亮堂了，晚上出门不怕摔了。", "李师傅：停车方便多了，不用再绕着小区找车位。",
               "张大爷：加了电梯，我终于能天天下楼晒太阳了。", "陈女士：孩子上学的路修平了，下雨天也不怕了。"]
    interview = [LEADS[5]] + [line for answer in answers for line in (question, answer)] + [DETAILS[5]]
    outcome = store_story(writer, 5, interview)
    assert current(engine, outcome).text.split("\n") == interview
    with Session(engine) as s:
        assert s.scalars(select(ArticleVersion.text)).one().count(question) == 4


def test_a_site_s_learnt_lines_are_read_through_an_index_and_stay_few_as_it_grows(sqlite_url: str) -> None:
    """What the writer loads to learn a site's boilerplate is the lines on at least half of its
    pages, found through the (site, pages) index: not every line the site ever had, read in full
    on every refresh (a cost that grew with the archive)."""
    from sqlalchemy import event

    from archive.extract.boilerplate import LearntBoilerplate
    from archive.store.writes import count_paragraphs, ensure_site, frequent_paragraphs

    engine = open_archive(sqlite_url)
    with Session(engine) as s, s.begin():
        site_id = ensure_site(s, "citynews", "www.citynews.example.cn")
        for n in range(40):
            # the footer on every page; each lead on 8 pages (more than MIN_PAGES, a fifth of the
            # site); each page's own details once
            lines = [("footer", FOOTER), (f"lead-{n % 5}", LEADS[n % 5]), (f"own-{n}", DETAILS[n % 8])]
            count_paragraphs(s, site_id, lines, T0 + timedelta(days=n))
    statements: list[tuple[str, object]] = []
    event.listen(engine, "before_cursor_execute", lambda _c, _k, sql, params, _x, _m: statements.append((sql, params)))
    with Session(engine) as s:
        found = frequent_paragraphs(s, site_id, LearntBoilerplate.fewest_pages(40), site_pages=40)
        assert set(found.lines) == {"footer"} and found.site_pages == 40
        sql, params = next((q, p) for q, p in statements if "site_paragraphs" in q)
        plan = " ".join(row[-1] for row in s.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params))
    assert "USING INDEX ix_site_paragraphs_site_id_pages (site_id=? AND pages>?)" in plan, plan
    assert LearntBoilerplate.fewest_pages(4) == LearntBoilerplate.MIN_PAGES
    assert LearntBoilerplate.fewest_pages(60_000) == 30_000
