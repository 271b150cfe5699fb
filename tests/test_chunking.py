import re
from datetime import date

import pytest

from xbbot.chunking import chunk_article, paragraphs, split_sentences
from xbbot.knowledge import load_articles
from xbbot.models import Article
from xbbot.pages import parse_page

from conftest import KNOWLEDGE


@pytest.fixture(scope="module")
def article() -> Article:
    return load_articles(KNOWLEDGE)["20190816-xubao"]


def test_split_keeps_every_character_and_never_cuts_a_number() -> None:
    para = "累计落实帮扶资金1.845亿元,共实施80个项目。他说：“好！”真的吗?是的;还有3.5万人. 最后"
    sentences = split_sentences(para)
    assert "".join(sentences).replace(" ", "") == para.replace(" ", "")
    assert sentences[0] == "累计落实帮扶资金1.845亿元,共实施80个项目。"
    assert sentences[1] == "他说：“好！”"
    assert any("3.5万人." in s for s in sentences)


@pytest.mark.parametrize("max_chars", [40, 80, 160, 400])
def test_passages_are_whole_sentences_within_a_paragraph(article: Article, max_chars: int) -> None:
    paras = dict(enumerate(p for _, p in paragraphs(article.body)))
    passages = chunk_article(article, max_chars=max_chars, overlap=1)
    covered: dict[int, str] = {}
    for p in passages:
        para = paras[p.paragraph]
        assert p.text in para, "a passage never crosses a paragraph boundary"
        sentences = split_sentences(p.text)
        assert all(s in split_sentences(para) for s in sentences), "a passage is made of whole sentences"
        assert len(p.text) <= max_chars or len(sentences) == 1
        covered[p.paragraph] = covered.get(p.paragraph, "") + p.text
    for no, para in paras.items():
        assert all(s in covered[no] for s in split_sentences(para)), "no sentence is lost"


def test_every_figure_survives_whole(article: Article) -> None:
    passages = chunk_article(article)
    joined = "\n".join(p.text for p in passages)
    for figure in re.findall(r"\d+(?:\.\d+)?[万亿]?", article.body):
        assert figure in joined


def test_passages_carry_their_section_heading(article: Article) -> None:
    passages = chunk_article(article)
    funds = next(p for p in passages if "1.845亿元" in p.text)
    assert "3年扶贫协作" in funds.heading
    donations = next(p for p in passages if "273.9万元" in p.text)
    assert "汇集徐州力量" in donations.heading
    assert passages[0].heading == ""  # the lead comes before any heading


def test_wrapped_lines_join_and_headings_split_blocks() -> None:
    art = Article("x", "t", date(2020, 1, 1), "u", "p", None, "## 标题一\n第一段第一行\n接第一行。\n\n## 标题二\n第二段。")
    assert paragraphs(art.body) == [("标题一", "第一段第一行接第一行。"), ("标题二", "第二段。")]


def test_lines_that_stand_alone_keep_their_breaks() -> None:
    """Labelled lines and a signature over its date are sentences of their own, not one run-on line."""
    body = "举报电话：0910-5550123\n联系人：柯岚\n地址：岚峪县城关镇\n\n岚峪县乡村振兴局\n2023年4月7日"
    art = Article("x", "t", date(2023, 4, 7), "u", "p", None, body)
    paras = [p for _, p in paragraphs(art.body)]
    assert paras == ["举报电话：0910-5550123\n联系人：柯岚\n地址：岚峪县城关镇", "岚峪县乡村振兴局\n2023年4月7日"]
    assert split_sentences(paras[0]) == ["举报电话：0910-5550123", "联系人：柯岚", "地址：岚峪县城关镇"]
    assert [p.text for p in chunk_article(art)] == paras  # shown as written, line by line


# Tables: an invented pair (潮河–岚峪) and invented figures.
_TABLE_LEAD = "截至3月底，潮河市在岚峪县援建的协作车间共吸纳就业1260人，各镇情况如下。"
_TABLE_TAIL = "下一步，两地将新建车间5个，力争年底吸纳就业突破1600人。"
_HEADER = "镇名｜车间数｜吸纳就业（人）"
_TOWNS = ["城关", "石门", "青峰", "龙潭", "白沙", "枫林", "柳溪", "松岗", "云台", "梅岭", "桃源", "金川"]
_ROWS = [f"{town}镇｜{3 + i}｜{100 + 37 * i}" for i, town in enumerate(_TOWNS)]


def _table_article(rows: list[str], sep: str = "\n\n") -> Article:
    body = "\n\n".join(["## 协作车间", _TABLE_LEAD, sep.join([_HEADER, *rows]), _TABLE_TAIL])
    return Article("t", "潮河岚峪协作车间吸纳就业情况", date(2023, 4, 7), "u", "潮河日报", None, body)


def _read(row: str) -> str:
    """How a row of the test table reads with its header."""
    town, n, jobs = row.split("｜")
    return f"镇名：{town}，车间数：{n}，吸纳就业：{jobs}人。"


@pytest.mark.parametrize("sep", ["\n\n", "\n"], ids=["row-a-paragraph", "rows-on-consecutive-lines"])
def test_a_long_table_is_split_into_rows_read_with_their_header(sep: str) -> None:
    art = _table_article(_ROWS, sep)
    passages = chunk_article(art, max_chars=60, overlap=1)
    tables = [p for p in passages if "镇名：" in p.text]
    assert len(tables) >= 3
    seen: list[str] = []
    for p in tables:
        assert len(p.text) <= 60 or "\n" not in p.text
        assert p.heading == "协作车间"
        seen.extend(p.text.split("\n"))
    assert seen == [_read(r) for r in _ROWS], "every row once, in order, each naming its columns and units"
    # The text around the table is chunked as it would be without it.
    assert [p.text for p in passages if "镇名：" not in p.text] == [_TABLE_LEAD, _TABLE_TAIL]


def test_a_short_table_stays_one_passage() -> None:
    passages = chunk_article(_table_article(_ROWS[:3]), max_chars=100, overlap=1)
    assert [p.text for p in passages] == [_TABLE_LEAD, "\n".join(_read(r) for r in _ROWS[:3]), _TABLE_TAIL]
    assert [p.id for p in passages] == ["t#0", "t#1", "t#2"]


def test_a_markdown_table_a_maintainer_wrote_reads_the_same() -> None:
    md = ["| " + " | ".join(r.split("｜")) + " |" for r in [_HEADER, *_ROWS[:3]]]
    body = "\n\n".join([_TABLE_LEAD, "\n".join([md[0], "|---|:---:|---|", *md[1:]]), _TABLE_TAIL])
    art = Article("m", "潮河岚峪协作车间", date(2023, 4, 7), "u", "潮河日报", None, body)
    assert [p.text for p in chunk_article(art, max_chars=100)] == [
        _TABLE_LEAD, "\n".join(_read(r) for r in _ROWS[:3]), _TABLE_TAIL]


@pytest.mark.parametrize(("header", "row", "read"), [
    ("序号｜项目名称｜协作资金（万元）｜受益户数", "1｜竹荪大棚项目｜735｜288", "项目名称：竹荪大棚项目，协作资金：735万元，受益户数：288户。"),
    ("序号｜项目名称｜协作资金（万元）｜受益户数", "合计｜｜4398｜4171", "合计，协作资金：4398万元，受益户数：4171户。"),
    ("县名｜人数", "岚峪县｜不详", "县名：岚峪县，人数：不详。"),
    ("项目｜内容", "挂职期限｜2019年3月至2021年3月", "挂职期限：2019年3月至2021年3月。"),
    ("姓名｜职务", "丰岚｜副县长", "姓名：丰岚，职务：副县长。"),
], ids=["units-from-the-header", "a-total-row", "a-cell-that-is-no-figure", "a-form-field-and-its-value",
        "named-columns-keep-their-names"])
def test_a_row_is_read_with_its_header(header: str, row: str, read: str) -> None:
    from xbbot.chunking import labelled_row, table_cells

    assert labelled_row(table_cells(header) or [], table_cells(row) or []) == read


def test_a_row_wider_than_the_passage_is_kept_whole() -> None:
    wide = "合计｜" + "｜".join(str(1000 + i) for i in range(30))
    passages = chunk_article(_table_article([_ROWS[0], wide]), max_chars=40, overlap=1)
    texts = [p.text for p in passages]
    assert _read(_ROWS[0]) in texts
    # (Cells past the header's are kept, unnamed.)
    assert "镇名：合计，车间数：1000，吸纳就业：1001人，" + "，".join(str(1000 + i) for i in range(2, 30)) + "。" in texts


def test_a_lone_line_with_a_bar_is_text_not_a_table() -> None:
    body = "文｜张一鸣\n岚峪县新建车间5个。\n\n潮河市派出教师12名。"
    art = Article("x", "t", date(2020, 1, 1), "u", "p", None, body)
    assert paragraphs(body) == [("", "文｜张一鸣岚峪县新建车间5个。"), ("", "潮河市派出教师12名。")]
    assert [p.text for p in chunk_article(art)] == ["文｜张一鸣岚峪县新建车间5个。", "潮河市派出教师12名。"]


def test_a_scripts_shots_are_no_table_though_their_first_lines_have_a_bar() -> None:
    body = ("**镜头1**　航拍｜6秒\n画面：清晨，杏峪村的茶园连成一片。\n旁白：四月，是杏峪人最忙的时候。\n\n"
            "**镜头2**　近景｜8秒\n画面：茶农采下一芽一叶。\n字幕：今年鲜叶保底价每公斤36元\n\n"
            "**镜头3**　中景｜9秒\n画面：厂长周晓岚站在车间门口。\n同期声：“厂里长期工86人。”")
    art = Article("x", "t", date(2020, 1, 1), "u", "p", None, body)
    texts = [p.text for p in chunk_article(art, max_chars=100)]
    assert any("厂里长期工86人" in t and "镜头3" in t for t in texts)
    assert not any("茶园连成一片" in t and "镜头3" in t for t in texts)  # no shot read under the first as a header


def test_a_table_read_from_a_page_is_chunked_with_its_header() -> None:
    table = "\n".join("\t".join(r.split("｜")) for r in [_HEADER, *_ROWS])
    page = parse_page(f"潮河岚峪协作车间吸纳就业情况\n2023-04-07 来源：潮河日报\n{_TABLE_LEAD}\n{table}\n{_TABLE_TAIL}\n", fmt="text")
    art = Article("p", page.title or "", date(2023, 4, 7), "u", "潮河日报", None, page.body)
    rows = [line for p in chunk_article(art, max_chars=60) for line in p.text.split("\n") if "镇名：" in line]
    assert rows == [_read(r) for r in _ROWS]


def test_the_year_after_the_one_named_is_that_years() -> None:
    from xbbot.chunking import passage_times

    body = ("2017年7月，李明来到枫岭县挂职副县长。\n\n第二年，他牵头成立了养羊合作社，社员120户。\n\n"
            "次年，合作社社员增加到300户。\n\n如今，合作社已有社员800户。")
    art = Article("x", "一位挂职干部的四年", date(2020, 12, 16), "u", "p", None, body)
    passages = chunk_article(art, 100, 0)
    years = [t.years for t in passage_times(art, passages)]
    assert years[1] == (2018,) and years[2] == (2019,), years


def test_the_search_text_resolves_the_year_after() -> None:
    from xbbot.textnorm import resolve_relative_time

    text = "2017年7月，他来到枫岭。第二年，合作社成立。次年，社员增加到300户。"
    assert resolve_relative_time(text, date(2020, 12, 16)) == (
        "2017年7月，他来到枫岭。第二年(2018年)，合作社成立。次年(2019年)，社员增加到300户。")
    # Without a year named before it, 次年 says nothing.
    assert resolve_relative_time("次年，社员增加。", date(2020, 1, 1)) == "次年，社员增加。"


def test_an_interviewers_question_heads_its_answer() -> None:
    body = ("记者：今年扬州给榆林多大的资金支持？\n\n周立新：今年扬州安排资金4.27亿元，实施项目173个。\n\n"
            "记者：为什么选肉牛？\n\n周立新：草场多，养牛是老传统。但过去卖的都是架子牛。")
    art = Article("x", "专访", date(2022, 11, 18), "u", "p", None, body)
    passages = chunk_article(art, 100, 1)
    assert [p.heading for p in passages] == ["记者：今年扬州给榆林多大的资金支持？", "记者：为什么选肉牛？"]
    assert not any(p.text.endswith("？") for p in passages)  # a question answers nothing
    # A question inside a paragraph, or the last paragraph, stays text.
    tail = Article("y", "t", date(2022, 1, 1), "u", "p", None, "扬州投了多少？4亿元。\n\n还会继续吗？")
    assert [p.text for p in chunk_article(tail, 100, 1)] == ["扬州投了多少？4亿元。", "还会继续吗？"]


def test_a_comparison_stating_last_year_s_figure_gives_that_year() -> None:
    from xbbot.chunking import passage_times

    body = "2024年，两地协作又上新台阶。\n\n协作资金2.58亿元，比上年的2.41亿元增长7.1%。\n\n消费协作8.7亿元，比上年增长15%。"
    art = Article("x", "江南枫岭协作这一年", date(2025, 1, 20), "u", "p", None, body)
    passages = chunk_article(art, 100, 0)
    years = [t.years for t in passage_times(art, passages)]
    assert years[1] == (2023, 2024) and years[2] == (2024,), years


def test_a_posts_short_lines_and_strips_read_as_sentences() -> None:
    """A social-media post: a sentence split over short paragraphs is one again, a ▍ line heads a
    section, and a bare figure of a 数说 strip is read with the caption under it."""
    body = "\n\n".join([
        "▍01 从荒坡到菌棚", "2021年，潮河市投入协作资金420万元，", "在这里建起菌菇大棚64个，", "占地120亩。",
        "💰1.2亿元", "今年1—7月，岚峪农特产品在潮河销售额",
    ])
    art = Article("p", "t", date(2023, 8, 1), "u", "p", None, body)
    assert paragraphs(art.body) == [
        ("从荒坡到菌棚", "2021年，潮河市投入协作资金420万元，在这里建起菌菇大棚64个，占地120亩。"),
        ("从荒坡到菌棚", "今年1—7月，岚峪农特产品在潮河销售额：💰1.2亿元"),
    ]


def test_a_record_line_of_labelled_fields_is_one_sentence() -> None:
    """A product list's item (产品名：…；规格：…；价格：…) is one sentence: its price stays with its name."""
    body = ("现将推介产品公布如下：\n\n1. 产品名：岚峪核桃；规格：2千克/箱；价格：86元/箱；产地：岚峪县\n"
            "2. 产品名：岚峪蜂蜜；规格：500克/瓶；价格：65元/瓶；产地：岚峪县石门镇")
    art = Article("r", "t", date(2025, 1, 10), "u", "p", None, body)
    (_, para), = paragraphs(art.body)
    assert split_sentences(para) == [
        "现将推介产品公布如下：",
        "1. 产品名：岚峪核桃；规格：2千克/箱；价格：86元/箱；产地：岚峪县",
        "2. 产品名：岚峪蜂蜜；规格：500克/瓶；价格：65元/瓶；产地：岚峪县石门镇",
    ]
    # A sentence of prose still ends at its ；.
    assert split_sentences("潮河投入资金420万元；岚峪建成大棚64个。") == ["潮河投入资金420万元；", "岚峪建成大棚64个。"]


def test_a_broadcasts_speaker_line_stands_apart_from_what_is_said() -> None:
    """【同期声】某某 村民 then the quote: the speaker is not read as the quote's first words."""
    body = "【同期声】柯秀兰 岚峪县石门村村民\n以前家里就靠种点玉米，现在在车间上班。\n\n【正文】\n据了解，车间由潮河企业运营。"
    art = Article("b", "t", date(2022, 11, 9), "u", "p", None, body)
    assert paragraphs(art.body) == [
        ("", "【同期声】柯秀兰 岚峪县石门村村民\n以前家里就靠种点玉米，现在在车间上班。"),
        ("正文", "据了解，车间由潮河企业运营。"),  # a tag alone on its line is the heading of what follows
    ]


def test_an_items_title_line_starts_its_passage_and_never_ends_one_alone() -> None:
    """（三）某某有限公司（某区） over its record: a passage of the record alone would not name the firm."""
    record = "岗位：缝纫工、锁边工；招聘人数：45人；月薪/待遇：2600—3500元（计件）；要求：本县农村劳动力，留守妇女优先；联系人：贺岚，电话：0912-3345678"
    body = (f"二、参会企业\n\n招聘会由两市人社部门联合举办，现场设咨询台。\n（三）岚峪瑞禾服饰有限公司帮扶车间（石门镇，就近就业岗位）\n{record}\n\n"
            f"（四）潮河鸿栖物流有限公司（东区）\n{record}")
    art = Article("j", "t", date(2020, 3, 12), "u", "p", None, body)
    texts = [p.text for p in chunk_article(art, max_chars=100)]
    assert "（三）岚峪瑞禾服饰有限公司帮扶车间（石门镇，就近就业岗位）\n" + record in texts
    assert "（四）潮河鸿栖物流有限公司（东区）\n" + record in texts
    # No passage is a title alone, and none ends with one.
    assert not any(t.rstrip().endswith(("（东区）", "就近就业岗位）")) for t in texts)


def test_a_comparison_with_last_year_gives_no_year_of_its_own() -> None:
    from xbbot.chunking import _relative_years

    assert _relative_years("截至12月20日，今年泺川采购农特产品1.83亿元，已经超过去年全年。", 2021) == {2021}
    assert _relative_years("去年泺川采购农特产品1.31亿元。", 2021) == {2020}


def test_a_numbered_section_title_alone_on_its_line_heads_the_lines_below() -> None:
    body = ("各镇人民政府：\n\n现将有关事项通知如下。\n\n一、会议时间\n\n2023年5月21日上午9:00。\n\n"
            "二、会议地点\n\n翀峪县行政中心五楼第二会议室。\n\n三、抓项目进度。确保11月底前全部开工。\n")
    assert paragraphs(body) == [
        ("", "各镇人民政府：现将有关事项通知如下。"),
        ("会议时间", "2023年5月21日上午9:00。"),
        ("会议地点", "翀峪县行政中心五楼第二会议室。"),
        # (A numbered section of text is no line under the title before it.)
        ("", "三、抓项目进度。确保11月底前全部开工。"),
    ]


def test_a_report_saying_which_year_its_this_year_means_is_read_so() -> None:
    from xbbot.chunking import passage_times
    from xbbot.textnorm import stated_year

    body = "| 指标 | 上年 | 本年 |\n|---|---|---|\n| 协作资金（万元） | 8000 | 10400 |\n\n说明：本年指2020年，上年指2019年。"
    art = Article("x", "枫岭县协作统计年报", date(2021, 3, 9), "u", "p", None, body)
    assert stated_year(body) == 2020 and stated_year("上年指2019年") == 2020 and stated_year("今年协作资金") is None
    assert art.told_date.year == 2020
    years = {y for t in passage_times(art, chunk_article(art, 200, 0)) for y in t.years}
    assert 2021 not in years and {2019, 2020} <= years, years


def test_a_heading_saying_next_year_dates_what_is_under_it() -> None:
    from xbbot.chunking import passage_times

    body = "## 一、主要工作\n\n今年建成烘干车间1座。\n\n## 二、明年打算\n\n计划再争取协作资金120万元。"
    art = Article("x", "第一书记述职报告", date(2021, 12, 30), "u", "p", None, body)
    passages = chunk_article(art, 100, 0)
    years = [t.years for t in passage_times(art, passages)]
    assert years == [(2021,), (2022,)], years


def test_an_appendix_is_a_section_of_its_own() -> None:
    body = "七、会务安排\n\n参会人员请于5月27日8:40前到会场签到。\n\n附件\n\n1．协作资金。2020年安排8165万元。\n\n附件2：考察路线\n\n柘岭村蓝莓基地。"
    assert [h for h, _ in paragraphs(body)] == ["会务安排", "附件", "附件2：考察路线"]


def test_a_bold_line_alone_is_a_heading_of_what_follows() -> None:
    body = "**8月26日　星期一　晴**\n\n今天到了杏峪乡中心校。\n\n**全年就业2841人。**\n\n**9月2日　星期一　多云**\n\n第一节英语课。"
    assert paragraphs(body) == [
        ("8月26日\u3000星期一\u3000晴", "今天到了杏峪乡中心校。"),
        ("8月26日\u3000星期一\u3000晴", "**全年就业2841人。**"),  # a sentence in bold is text
        ("9月2日\u3000星期一\u3000多云", "第一节英语课。"),
    ]
