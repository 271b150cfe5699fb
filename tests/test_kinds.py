"""kinds: what a question asks for, and whether a sentence holds it (titles, measures, ranks, levels of place)."""

from __future__ import annotations

import pytest

from xbbot.kinds import (
    asks_group,
    weighs_kind_of,
    names_province,
    asks_past,
    names_group,
    people_measure,
    asks_actual,
    asks_change,
    asks_per_head,
    gives_change,
    gives_per_head,
    asked_relation,
    names_relation,
    amount_named_before,
    answers_measure,
    asks_agreed,
    asks_final,
    asks_items,
    lists_items,
    priced_thing,
    so_far,
    tells_plan,
    asks_plan,
    asks_where,
    located_places,
    locates,
    obliges,
    only_planned,
    institution_names,
    asked_institutions,
    asked_kinds,
    asked_measure,
    asked_payment,
    asked_name_of,
    asked_place_level,
    counted_thing,
    has_kind,
    has_person,
    holds,
    names_counted,
    names_firm_short,
    names_institution,
    names_other_money,
    names_person_with_role,
    names_place_of_level,
    names_place_role,
    names_role,
    ordinals,
    ordinal_keys,
    only_purpose_money,
    asks_about_report,
    asks_day,
    gives_day,
    tells_event,
    asked_event,
    asked_body,
    heads_other_body,
    pays,
    people_named,
    place_roles,
    sends,
    sent_to,
)
from xbbot.textnorm import normalize


# A title followed by a verb, not by a name.
NO_NAME = [("市长是一个城市的行政首长。", "市长"), ("队长也要参加培训。", "队长"), ("局长在会上作了部署。", "局长")]


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("对此，局长王德明解释，这是为了让药材卖上好价钱。", "局长"),
        ("队长李建国是一名有二十年党龄的老党员。", "队长"),
        ("镇长刘海平也来到了签约现场。", "镇长"),
        ("站长赵一鸣透露，今年还要再建两座冷库。", "站长"),
    ],
)
def test_a_name_after_a_title_may_be_followed_by_more_verbs(text: str, role: str) -> None:
    assert names_person_with_role(text, role)
    assert not any(names_person_with_role(t, r) for t, r in NO_NAME)


@pytest.mark.parametrize(
    ("text", "measure"),
    [("园区先后引进了两家食品企业。", "家"), ("这是全省第一台智能分拣机。", "台"), ("村里新建了三座大棚。", "座")],
)
def test_a_figure_in_chinese_numerals_answers_its_measure(text: str, measure: str) -> None:
    assert answers_measure(text, measure)
    assert not answers_measure(text, "吨")  # …in its own measure only


def test_asking_what_a_titled_person_is_called_asks_for_a_person_not_a_thing() -> None:
    assert asked_kinds(normalize("援建医院的局长叫什么")) == frozenset({"person"})
    # Without a title, 叫什么 asks for the name of a thing.
    assert asked_kinds(normalize("这个合作社的大米叫什么")) == frozenset({"name"})


@pytest.mark.parametrize("question", ["枫岭县在全省考核中排第几名", "这台设备是第几台", "名次怎么样"])
def test_asking_for_a_rank_asks_for_an_ordinal(question: str) -> None:
    assert "ordinal" in asked_kinds(normalize(question))
    assert "ordinal" not in asked_kinds(normalize("第一批派了多少名医生"))  # names one, does not ask


@pytest.mark.parametrize(
    ("text", "answers"),
    [("枫岭县在全省考核中排第3名。", True), ("这是全省第一台智能分拣机。", True), ("枫岭县名列前茅。", True),
     ("枫岭县派出3名医生。", False), ("考核结果很好。", False)],
)
def test_an_ordinal_is_a_rank_or_a_place_in_order(text: str, answers: bool) -> None:
    assert has_kind(text, "ordinal") is answers


@pytest.mark.parametrize(
    ("question", "level"),
    [("冷库建在哪个镇", "镇"), ("扶贫车间在哪个村", "村"), ("项目落在哪一县", "县"), ("基地建在什么乡", "乡"),
     ("项目建在哪里", None), ("一共建了几个镇级车间", None)],
)
def test_the_level_of_place_asked(question: str, level: str | None) -> None:
    assert asked_place_level(normalize(question)) == level


@pytest.mark.parametrize(
    ("text", "level", "named"),
    [("冷库建在枫岭县城关镇。", "镇", True), ("冷库建在某县。", "镇", False), ("副镇长赵一鸣介绍了情况。", "镇", False),
     ("全体镇委委员参加了会议。", "镇", False), ("车间设在石湾村。", "村", True)],
)
def test_a_place_of_the_asked_level_is_named(text: str, level: str, named: bool) -> None:
    assert names_place_of_level(text, level) is named


@pytest.mark.parametrize(
    ("question", "found"),
    [("第一批派了多少名医生", ("第一批",)), ("第 3 届交流会在哪里开", ("第3届",)), ("第几批派的人最多", ()),
     ("一共派了几批医生", ())],
)
def test_the_ordinals_a_question_names(question: str, found: tuple[str, ...]) -> None:
    assert ordinals(normalize(question)) == found


@pytest.mark.parametrize("question", ["合作社2023年的产值是多少", "去年销售额有多少", "多少营业额", "这家工厂利润有多少"])
def test_output_and_sales_are_asked_in_money(question: str) -> None:
    assert asked_measure(normalize(question)) == "钱"
    assert answers_measure("合作社年产值达到1200万元。", "钱")


@pytest.mark.parametrize("question", ["这批羊毛衫是哪个厂家生产的", "是哪家厂商供的货"])
def test_asking_which_manufacturer_asks_for_a_company_or_factory(question: str) -> None:
    q = normalize(question)
    assert "which" in asked_kinds(q)
    suffixes = asked_institutions(q)
    assert set(suffixes) == {"公司", "集团", "厂"}
    assert names_institution("货由枫岭县恒达毛纺厂生产。", suffixes)
    assert not names_institution("货由枫岭县第一中学送来。", suffixes)


@pytest.mark.parametrize("text", ["杏岭县是陕北重镇。", "杏岭县加快推进新型城镇化。", "全县12个镇都通了光纤。"])
def test_a_word_ending_in_the_level_is_not_a_place_of_that_level(text: str) -> None:
    assert not names_place_of_level(text, "镇")


# 副市长 is another title than 市长: a text about the one does not name the other.
DEPUTY = "泰州市副市长张立新在会上表示，两地要把冷链物流园建成协作样板。"


def test_a_deputy_is_not_the_title_asked_without_deputy() -> None:
    assert not names_person_with_role(DEPUTY, "市长") and not names_role(DEPUTY, "市长")
    assert names_person_with_role(DEPUTY, "副市长") and names_role(DEPUTY, "副市长")
    chief = "泰州市市长王建国在会上强调，要把协作项目办好。"
    assert names_person_with_role(chief, "市长") and names_role(chief, "市长")
    assert not names_role("泰州市副市长在会上表示，要把协作项目办好。", "市长")  # a title with no name after it too


def test_a_deputy_is_not_a_places_holder_of_the_title() -> None:
    assert place_roles(normalize("泰州市市长是谁")) == (("泰州", "市长"),)
    assert not names_place_role(DEPUTY, "泰州", "市长")
    assert names_place_role(DEPUTY, "泰州", "副市长")
    assert names_place_role("泰州市市长王建国在会上强调，要把协作项目办好。", "泰州", "市长")


@pytest.mark.parametrize("question", ["枫岭县在考核中获评什么等次", "考核等级如何", "枫岭县去年的评级怎么样", "What rating did Fengling get"])
def test_asking_for_a_grade_asks_for_an_ordinal(question: str) -> None:
    assert "ordinal" in asked_kinds(normalize(question))


@pytest.mark.parametrize(
    ("text", "answers"),
    [("枫岭县在省级考核中获评优秀等次。", True), ("考核结果为“好”。", True), ("考核结果为良好。", True),
     ("考核结果很好。", False)],
)
def test_a_grade_answers_a_rank_question(text: str, answers: bool) -> None:
    assert has_kind(text, "ordinal") is answers


@pytest.mark.parametrize("text", ["泰州市选派20名优秀干部到枫岭县挂职。", "两地保持良好的合作关系。"])
def test_praise_that_is_not_a_grade_is_not_an_ordinal(text: str) -> None:
    assert not has_kind(text, "ordinal")


@pytest.mark.parametrize("question", ["扶贫车间工人的月薪是多少", "年薪有多少", "多少月薪", "薪资多少"])
def test_asking_a_salary_asks_for_money(question: str) -> None:
    assert asked_measure(normalize(question)) == "钱"
    assert answers_measure("车间工人月工资3000元。", "钱")


@pytest.mark.parametrize("question", ["他叫啥", "她叫什么", "这位叫什么", "这个人叫啥", "那位叫啥"])
def test_asking_what_he_is_called_asks_for_a_person(question: str) -> None:
    assert asked_kinds(normalize(question)) == frozenset({"person"})
    assert asked_kinds(normalize("这个品牌叫啥")) == frozenset({"name"})  # a thing's name stays a name


def test_a_project_is_not_a_purpose() -> None:
    assert "reason" not in asked_kinds(normalize("这个项目的评级是什么"))


def test_a_company_with_its_trade_in_its_name_is_a_named_company() -> None:
    assert names_institution("泰州市引进枫岭县恒达农业科技有限公司。", asked_institutions(normalize("那家公司叫什么")))
    assert names_institution("由枫岭香谷农业发展有限公司负责运营。", ("公司",))
    assert not names_institution("引进了一家农业科技有限公司。", ("公司",))


@pytest.mark.parametrize(
    ("question", "kind"),
    [("工作组的联系电话是多少", "phone"), ("他今年多大了", None), ("这个模式是谁发明的", "person"),
     ("那家企业叫什么名字", "name"), ("枫岭县哪两个村结对了", "place")],
)
def test_more_kinds_a_question_asks(question: str, kind: str | None) -> None:
    kinds = asked_kinds(normalize(question))
    assert kind is None or kind in kinds, kinds
    if kind == "name":
        assert "person" not in kinds  # a firm's name, not a person's


def test_phone_numbers_ages_and_capacities_are_what_answers_them() -> None:
    assert has_kind("联系电话：0917-3212345。", "phone") and not has_kind("共有12个工作组。", "phone")
    assert asked_measure(normalize("他今年多大了")) == "岁"
    assert asked_measure(normalize("光伏电站装机容量多少")) == "瓦"
    assert answers_measure("电站装机容量20兆瓦。", "瓦") and not answers_measure("电站占地200亩。", "瓦")


@pytest.mark.parametrize(("text", "named"), [("宝山市5个贫困县全部摘帽", False), ("示范县", False), ("结对县区", False),
                                             ("枫岭县与杏岭县结对", True)])
def test_a_common_word_before_the_level_names_no_place(text: str, named: bool) -> None:
    assert names_place_of_level(text, "县") is named
    assert asked_place_level(normalize("是哪两个县")) == "县"


# -- what post someone holds (the title kind) ------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["方立新在枫岭县担任什么职务", "他是干什么的", "她在杏岭县是干啥的", "这位专家任什么职", "What position does Fang Lixin hold"],
)
def test_asking_what_post_someone_holds_asks_for_a_title(question: str) -> None:
    assert "title" in asked_kinds(normalize(question))


def test_asking_what_a_thing_is_for_asks_no_title() -> None:
    assert "title" not in asked_kinds(normalize("那个园子是干啥的"))


@pytest.mark.parametrize(
    ("text", "answers"),
    [("方立新现任枫岭县副县长。", True), ("方立新是杏岭县第一中学的校长。", True), ("He is the deputy mayor of Fengling.", True),
     ("方立新是一名有二十年党龄的老党员。", False), ("本报记者方立新报道。", False)],
)
def test_a_title_is_a_post_not_a_byline(text: str, answers: bool) -> None:
    assert has_kind(text, "title") is answers


# -- a name first, then the post it took up (张三…担任县长) ---------------------------------------------

POSTED = "泰州市商务局副局长方立新去年到枫岭县挂职，担任枫岭县副县长。"


def test_a_name_after_a_title_may_be_followed_by_when_and_where_he_went() -> None:
    assert has_kind("商务局副局长方立新去年到枫岭县挂职。", "person")


def test_a_name_before_taking_up_a_post_names_its_holder() -> None:
    assert names_person_with_role(POSTED, "副县长") and names_place_role(POSTED, "枫岭", "副县长")
    already = "方立新同志如今已是枫岭县副县长。"
    assert names_person_with_role(already, "副县长") and names_place_role(already, "枫岭", "副县长")


def test_taking_up_a_post_names_no_holder_without_a_person_nor_the_chief_for_a_deputy() -> None:
    nobody = "泰州市选派干部到枫岭县挂职，担任枫岭县副县长。"
    assert not names_person_with_role(nobody, "副县长") and not names_place_role(nobody, "枫岭", "副县长")
    assert not names_person_with_role(POSTED, "县长") and not names_place_role(POSTED, "枫岭", "县长")


# -- a place of the asked level ---------------------------------------------------------------------


@pytest.mark.parametrize("text", ["冷库建在枫岭县南湖镇。", "冷库建在枫岭县太平镇。"])
def test_a_place_tagged_stem_names_a_town_however_common_the_word(text: str) -> None:
    # jieba tags 南湖 and 太平 as places, seen over a thousand times in its dictionary.
    assert names_place_of_level(text, "镇")


@pytest.mark.parametrize("text", ["与浙江结对的甘肃县", "与浙江结对的四川县都已摘帽。", "与福建结对的宁夏县",
                                  "与浙江结对的青海县", "与北京结对的内蒙古县", "与浙江结对的吉林县"])
def test_a_province_before_county_names_no_county(text: str) -> None:
    assert not names_place_of_level(text, "县")


# -- a school asked by its kind -------------------------------------------------------------------


def test_a_school_of_a_place_is_not_a_named_school() -> None:
    schools = asked_institutions(normalize("培训在哪个学校举行"))
    assert not names_institution("泰州学校都参加了活动。", schools)
    assert names_institution("泰州技工学校承办了培训。", schools)


@pytest.mark.parametrize("question", ["这笔钱用来干什么", "协作资金用在哪", "资金用在哪里了", "这笔钱的用途是什么"])
def test_asking_what_something_is_used_for_asks_a_purpose_not_a_place(question: str) -> None:
    wants = asked_kinds(normalize(question))
    assert "purpose" in wants and "place" not in wants, wants


@pytest.mark.parametrize("question", ["冷库建在哪里", "冷库在哪", "培训班在哪儿举办"])
def test_where_something_is_still_asks_a_place(question: str) -> None:
    wants = asked_kinds(normalize(question))
    assert "place" in wants and "purpose" not in wants, wants


@pytest.mark.parametrize(("text", "says"), [("这笔钱主要用于建设冷库。", True), ("这笔钱到账了。", False)])
def test_a_purpose_is_what_it_is_used_for(text: str, says: bool) -> None:
    assert has_kind(text, "purpose") is says


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("两地一起建了多少个爱心超市？", "爱心"),  # jieba tags 超市 a verb in a question: the noun before it
        ("一共开了几家农产品专卖店？", "专卖店"),
        ("招聘会提供了多少个就业岗位？", "岗位"),
        ("带动了多少贫困户增收", "贫困户"),
        ("有多少家企业入驻", "企业"),
        ("2018年的协作资金是多少？", "资金"),  # an amount of a kind of money
        ("她转正以后月薪是多少", "月薪"),
        ("在园区里上班一个月能拿多少钱", "月薪"),  # a monthly wage asked without naming it
        ("有多少所是小学", "小学"),  # the part asked of a whole
        ("结对的学校里有几所是高中", "高中"),
        ("派去的专业技术人员里医生有多少个", "医生"),  # the topic first, then 有多少个
        ("枫岭的爱心超市一共建了多少个", "超市"),  # jieba cuts 一 / 共建 and tags 超市 a verb here
    ],
)
def test_what_a_how_many_question_counts(question: str, thing: str) -> None:
    assert counted_thing(normalize(question)) == thing


@pytest.mark.parametrize("question", ["带动了多少人就业", "一共花了多少钱", "一年能产多少煤", "建了几个县",
                                      "贫困发生率降到了多少", "丹凤那边拿了南京多少钱", "定西农民有多少人"])
def test_a_bare_count_or_a_one_character_thing_counts_nothing_in_particular(question: str) -> None:
    # (Right after a unit one character is counted: see test_one_character_is_counted_only_right_after_its_unit.)
    assert counted_thing(normalize(question)) is None


@pytest.mark.parametrize(
    ("text", "thing", "named"),
    [
        ("两地共签约产业项目33个。", "项目", True),
        ("两地共签约产业项目33个。", "爱心", False),
        ("镇江投入协作资金5200万元。", "资金", True),
        ("社会各界捐物价值360万元。", "资金", False),  # a donation is not the cooperation funds asked
        ("过去月工资3500元左右。", "月薪", True),  # a monthly wage is a wage, however it is written
    ],
)
def test_an_answer_must_name_what_was_counted(text: str, thing: str, named: bool) -> None:
    assert names_counted(text, thing) is named


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("牵线的人叫高振东，是青岛市农业农村局的干部。", True),
        ("一位名叫李明的老师说，孩子们进步很快。", True),
        ("她叫王小花，今年25岁。", True),
        ("这个村名叫石门，地处河谷。", False),  # a village's name is no person's
        ("这个项目叫做乡村振兴。", False),
    ],
)
def test_a_name_introduced_by_jiao_is_a_person(text: str, person: bool) -> None:
    assert has_kind(normalize(text), "person") is person


@pytest.mark.parametrize(
    ("text", "sender", "receiver", "says"),
    [
        ("2024年陕西选派200名党政干部赴江苏挂职。", "陕西", "江苏", True),
        ("2024年陕西选派200名党政干部赴江苏挂职。", "江苏", "陕西", False),
        ("镇江派到渭南挂职的干部有多少名", "镇江", "渭南", True),
        ("镇江给渭南派了多少名老师", "镇江", "渭南", True),
        ("镇江与渭南互派干部挂职。", "渭南", "镇江", False),  # no direction is said
        ("镇江累计选派71名干部和1150名教师、医生、农技人员到渭南工作。", "镇江", "渭南", True),
        ("渭南157名教师、医生赴镇江交流。", "渭南", "镇江", True),  # no verb of sending, a count going
        ("渭南157名教师、医生赴镇江交流。", "镇江", "渭南", False),
        ("2019年镇江去渭南的老师有多少", "镇江", "渭南", True),
    ],
)
def test_which_way_people_are_sent(text: str, sender: str, receiver: str, says: bool) -> None:
    assert sends(normalize(text), sender, receiver) is says


@pytest.mark.parametrize("question", ["那个从工厂辞职回来学厨艺的姑娘叫什么", "牵线的人叫什么", "那个挂职干部叫啥"])
def test_asking_what_a_person_word_is_called_asks_for_a_person(question: str) -> None:
    assert asked_kinds(normalize(question)) == frozenset({"person"})
    assert asked_kinds(normalize("那家合作社叫什么")) == frozenset({"name"})


def test_people_sent_to_a_place_whoever_sends_them() -> None:
    assert sent_to(normalize("陕西选派200名干部赴江苏挂职，选派1280名人才到江苏学习。"), "江苏")
    assert not sent_to(normalize("陕西选派200名干部赴江苏挂职。"), "陕西")


# An invented feature story: people introduced by a title, an age and a verb of saying, then named bare.
STORY = normalize(
    "枫岭县县长向晓川介绍，园区今年新增岗位三百个。33岁的覃露来自枫岭县石门村，过去在外地打工。"
    "给学生上课的是青州市实验中学化学教师柏宇辰。柏宇辰作为支教教师来到枫岭，原定一年。"
    "在教师节前夕，记者来到枫岭县第二中学。县医院的医生来了，老师去上课。"
    "校长钟立成说，学校缺老师。钟立成和柏宇辰一起建了实验室。"
)


def test_people_named_finds_who_an_article_introduces_with_their_titles() -> None:
    people = people_named(STORY)
    # 向晓川 starts like the preposition 向: the title pattern alone refuses it, jieba's name tag does not.
    assert set(people) == {"向晓川", "覃露", "柏宇辰", "钟立成"}
    assert people["柏宇辰"] == {"教师"} and people["向晓川"] == {"县长"} and people["覃露"] == frozenset()


def test_people_named_takes_no_verb_or_piece_of_a_word_for_a_name() -> None:
    # 节前夕 (of 教师节前夕), 来了 after 医生, 去上课 after 老师: a title followed by no name.
    assert not people_named(normalize("在教师节前夕，记者来到县第二中学。县医院的医生来了，老师去上课。"))


def test_a_bare_mention_of_an_introduced_person_names_a_person() -> None:
    people = people_named(STORY)
    bare = normalize("柏宇辰作为支教教师来到枫岭，原定一年。")
    assert not has_kind(bare, "person") and has_person(bare, people)
    assert not has_person(normalize("支教教师来到枫岭，原定一年。"), people)
    # The title the article gave him answers 老师是谁 / 教师是谁 in a sentence that names him bare.
    assert names_person_with_role(bare, "教师", people) and not names_person_with_role(bare, "教师")
    assert not names_person_with_role(bare, "校长", people)


def test_a_title_before_a_name_that_starts_like_a_preposition() -> None:
    text = normalize("枫岭县县长向晓川介绍，园区今年新增岗位三百个。")
    people = people_named(STORY)
    assert not names_person_with_role(text, "县长")  # the pattern alone: 向 starts a phrase
    assert names_person_with_role(text, "县长", people) and names_place_role(text, "枫岭", "县长", people)
    assert not names_person_with_role(normalize("县长向记者介绍了园区。"), "县长", people)


# -- a named park or company (an invented trade name jieba has never seen) -------------------------


PARKS = ("产业园", "园区", "工业园")
FIRMS = ("公司", "集团", "企业", "厂")


@pytest.mark.parametrize(("text", "suffixes"), [
    ("由青州市和枫岭县共建的恒望纺织产业园正式开园。", PARKS),
    ("首家入驻企业青州瑞笛乐器有限公司的生产线同日投产。", FIRMS),
])
def test_a_rare_word_before_the_suffix_names_the_park_or_company(text: str, suffixes: tuple[str, ...]) -> None:
    assert names_institution(normalize(text), suffixes)


@pytest.mark.parametrize(("text", "suffixes"), [
    ("两市共建产业园，带动就业。", PARKS),
    ("青州一家纺织企业作为运营方入驻。", FIRMS),  # a count between: one company of 青州, not a named one
    ("枫岭县选择和青州的纺织企业合作。", FIRMS),  # 的 between
])
def test_a_generic_or_counted_park_or_company_is_not_a_named_one(text: str, suffixes: tuple[str, ...]) -> None:
    assert not names_institution(normalize(text), suffixes)


@pytest.mark.parametrize(("question", "expected"), [
    ("两市共建的那个产业园叫什么名字", set(PARKS)),
    ("入驻的那家企业叫啥", set(FIRMS)),
    ("做笔的厂子叫什么", {"厂", "公司"}),
    ("那家企业是什么品牌", set()),  # a brand is asked, not the firm's name
    ("县长叫什么名字", set()),
])
def test_asked_name_of_is_the_institution_whose_name_is_asked(question: str, expected: set[str]) -> None:
    assert set(asked_name_of(normalize(question))) == expected


@pytest.mark.parametrize("question", ["枫岭哪家企业捐款最多", "展销会上卖得最好的是哪样特产", "最多的是哪个县",
                                      "Which company donated the most?"])
def test_asking_which_is_the_most_needs_a_sentence_that_singles_one_out(question: str) -> None:
    assert "superlative" in asked_kinds(normalize(question))
    assert not has_kind(normalize("青州企业向枫岭捐款120万元。"), "superlative")
    assert has_kind(normalize("其中恒望集团捐款最多，达50万元。"), "superlative")


@pytest.mark.parametrize("question", ["枫岭有多少家企业捐款", "捐款的企业有哪些", "最近有什么新闻"])
def test_a_question_without_a_most_asks_no_superlative(question: str) -> None:
    assert "superlative" not in asked_kinds(normalize(question))


@pytest.mark.parametrize(("text", "other"), [
    ("全年青州采购和帮助销售枫岭农特产品6.2亿元。", True),  # a sales figure, not the funds
    ("实际到位投资9.6亿元。", True),
    ("青州向枫岭投入协作资金3.48亿元。", False),  # the asked kind itself
    ("杏岭县获得4100万元。", False),  # says no kind: a lead-in may make it the funds
])
def test_a_sentence_naming_another_kind_of_money_is_not_the_funds_asked(text: str, other: bool) -> None:
    assert names_other_money(normalize(text), "资金") is other


def test_a_head_count_is_not_answered_by_visits() -> None:
    visits = normalize("两市干部互访交流考察达1200余人次。")
    assert not answers_measure(visits, "名")  # 多少名干部: people, not visits
    assert answers_measure(visits, "人次") and answers_measure(visits, "次")
    assert answers_measure(normalize("青州选派挂职干部36名。"), "名")


def test_holds_reads_a_kind_as_the_question_asks_it() -> None:
    park = normalize("由青州市和枫岭县共建的恒望纺织产业园正式开园。")
    assert not holds(park, "name") and holds(park, "name", name_of=PARKS)  # a named park, unquoted
    bare = normalize("柏宇辰作为支教教师来到枫岭，原定一年。")
    assert not holds(bare, "person") and holds(bare, "person", people_named(STORY))
    assert not holds(normalize("两地结对学校达到15所。"), "which", institutions=("学校", "中学", "小学"))


@pytest.mark.parametrize(("text", "answers"), [
    ("他在冷链公司一干就是九年。", True),
    ("培训班为期15天。", True),
    ("坐高铁大约4个半小时。", True),
    ("2019年8月，两地签订协议。", False),
    ("The plant runs for 3 months a year.", True),
    ("Every year the county holds a fair.", False),
])
def test_a_span_of_time_answers_how_long(text: str, answers: bool) -> None:
    assert has_kind(text, "duration") is answers
    assert "duration" in asked_kinds("枫岭到杏岭开车要多久") and "duration" in asked_kinds("how long did the training last?")


@pytest.mark.parametrize(("text", "people"), [
    ("枫岭县县长索朗旺堆介绍，全县有牧户3000户。", {"索朗旺堆": frozenset({"县长"})}),
    ("副县长扎西顿珠说，冷库明年建成。", {"扎西顿珠": frozenset({"副县长"})}),
    ("县长王立强调说，冷库明年建成。", {"王立": frozenset({"县长"})}),
    ("县长高度评价说，冷库建得好。", {}),
])
def test_a_four_character_name_between_a_title_and_a_verb_of_saying_is_a_person(text: str, people: dict) -> None:
    assert people_named(text) == people


@pytest.mark.parametrize(("text", "question", "only"), [
    ("会上枫浦市向杏峪县捐赠困难学生救助资金80万元。", "枫浦给杏峪落实了多少协作资金", True),
    ("会上枫浦市向杏峪县捐赠困难学生救助资金80万元。", "枫浦给杏峪捐了多少救助资金", False),
    ("枫浦落实协作资金900万元，另捐赠救助资金80万元。", "枫浦给杏峪落实了多少协作资金", False),
    ("枫浦落实协作资金900万元。", "枫浦给杏峪落实了多少协作资金", False),
])
def test_money_for_a_purpose_the_question_does_not_name_is_not_the_funds_asked(text: str, question: str,
                                                                              only: bool) -> None:
    assert only_purpose_money(text, "资金", question) is only


@pytest.mark.parametrize(("question", "event"), [
    ("周立新是哪一年当上枫岭县长的", ("当上",)),
    ("枫岭和杏峪是哪一年开始结对的", ("结对",)),
    ("冷库是哪天建成投产的", ("建成投产",)),
    ("那次联席会议是几号开的", ("开",)),
    ("枫岭哪年就不算贫困县了", ()),  # the end of a state is told in a report's own words
    ("这笔钱是截至什么时候统计的", ()),  # an as-of date, no event
    ("枫岭县有多少人", ()),
    ("枫杏这对搭档是哪一年正式结上对子的", ()),  # 结 + 上 + 对子: a direction alone names no event
])
def test_the_event_a_when_question_asks_the_date_of(question: str, event: tuple[str, ...]) -> None:
    assert asked_event(question) == event


@pytest.mark.parametrize(("text", "question", "told"), [
    ("2023年5月10日，枫杏协作联席会议在枫岭县召开，县长周立新出席。", "周立新是哪一年当上枫岭县长的", False),
    ("2023年5月10日，枫杏协作联席会议在枫岭县举行。", "那次联席会议是几号开的", True),
    ("11月12日，首批15吨苹果汁运抵杏峪。", "首批苹果汁是哪天运到杏峪的", True),
    ("2018年，两地签订协作协议。", "两地是哪一年开始结对的", False),
    # A notice's period ends on the date after 至; a letter's own date stands alone under its signer.
    ("公示期：2023年4月7日至2023年4月13日。", "公示期到哪天截止", True),
    ("岚峪县人民政府办公室　2023年4月7日", "这封信是哪天写的", True),
    ("岚峪县人民政府办公室　2023年4月7日", "车间是哪天投产的", False),
    ("2023年4月7日", "感谢信落款日期是哪天", True),
    ("2023年4月7日，潮河援建的卫生院投入使用。", "感谢信落款日期是哪天", False),
    # A verb of two characters written apart around its object (送审: 送县政府办审核).
    ("县扶贫办于5月18日前将县长汇报材料送县政府办审核。", "县长汇报材料要求哪天之前送审", True),
    ("县扶贫办于5月18日前将县长汇报材料印发各镇。", "县长汇报材料要求哪天之前送审", False),
])
def test_a_date_answers_a_when_question_only_with_its_event(text: str, question: str, told: bool) -> None:
    assert tells_event(text, asked_event(question)) is told


@pytest.mark.parametrize(("question", "thing"), [
    ("枫岭煤矿一年能产多少吨煤", "煤"), ("一年能产多少吨", None), ("帮多少人找到活干了", None), ("多少吨的", None),
])
def test_one_character_is_counted_only_right_after_its_unit(question: str, thing: str | None) -> None:
    assert counted_thing(question) == thing


@pytest.mark.parametrize(("question", "text", "answers"), [
    ("联席会议是几月几号开的", "2021年11月，两市在枫岭召开联席会议。", False),
    ("联席会议是几月几号开的", "2021年11月8日，两市在枫岭召开联席会议。", True),
    ("冷库是哪天投用的", "冷库于2022-09-18投用。", True),
])
def test_asking_the_day_needs_a_day_not_a_month(question: str, text: str, answers: bool) -> None:
    assert asks_day(question) and gives_day(text) is answers


@pytest.mark.parametrize("question", ["框架协议是谁签的字", "是哪两位领导出席的", "签字的是谁", "杏岭县的答复是谁签发的",
                                      "这份材料由谁执笔的"])
def test_who_signed_and_which_two_ask_for_people(question: str) -> None:
    assert "person" in asked_kinds(question)


@pytest.mark.parametrize(("question", "kinds"), [
    ("郜委员那份提案是第几号", {"ordinal"}),  # a number in a series, not a day
    ("提案是几号交的", {"date"}),
    ("从柘岭直达杏岭的那趟旅游专列叫什么名字", {"name"}),  # a train's name, not a person's
    ("那个司机叫什么名字", {"person"}),
])
def test_what_a_number_or_a_name_question_asks(question: str, kinds: set[str]) -> None:
    assert asked_kinds(normalize(question)) == kinds


def test_whose_thing_is_no_who_question() -> None:
    assert "person" not in asked_kinds("那是谁的功劳")


def test_a_documents_signer_line_names_a_person() -> None:
    assert has_kind("签发人：柯望舒", "person") and has_kind("联系人：蒲立言　联系电话：0817-6220000", "person")


def test_a_committee_is_no_title_before_a_name() -> None:
    assert not has_kind("消息来自枫岭县发展和改革委员会官网：两地签订了协议。", "person")
    assert has_kind("枫岭县政协委员张立新说，冷库建得好。", "person")


@pytest.mark.parametrize("question", ["关于枫岭冷库投用的报道是什么时候刊登的？", "枫杏协作成绩单那篇新闻的发布日期是哪天",
                                      "写周立新的稿子是哪天发的", "这篇报道的作者是谁"])
def test_asking_when_a_report_ran_is_about_the_report(question: str) -> None:
    assert asks_about_report(question)


@pytest.mark.parametrize(("question", "which"), [("分哪几个方面", False), ("有哪几个学校结了对", True), ("是哪几家企业", True)])
def test_which_ones_asks_for_named_institutions_not_any_list(question: str, which: bool) -> None:
    assert ("which" in asked_kinds(question)) is which


def test_how_much_a_ticket_costs_asks_a_price() -> None:
    assert asked_measure("枫岭到杏峪的高铁票多少钱") == "价"


def test_a_reports_dateline_does_not_date_the_event_to_the_day() -> None:
    assert not gives_day("2021年11月，两市签订协议（杏峪日报2021年11月11日报道）。")
    assert gives_day("2021年11月8日，两市签订协议（杏峪日报2021年11月11日报道）。")


@pytest.mark.parametrize("question", ["枫岭那边谁讲话了", "那次会议谁主持的", "是谁带的队"])
def test_who_spoke_chaired_or_led_asks_for_a_person(question: str) -> None:
    assert "person" in asked_kinds(question)


def test_asking_when_the_news_was_reported_is_about_the_report() -> None:
    assert asks_about_report("枫岭和杏峪签协议的消息是哪天报道的")


def test_people_sent_in_a_list_of_counts_are_sent_where_the_list_ends() -> None:
    assert sends("杏峪选派20名挂职干部,157名教师、医生赴枫浦结对县交流学习", "杏峪", "枫浦")
    assert not sends("杏峪选派20名挂职干部,此外枫浦也到杏峪考察", "杏峪", "枫浦")  # (another clause, no count)


def test_a_school_with_an_ordinal_in_its_name_is_a_named_one() -> None:
    assert holds("去年他在枫岭县第三小学上课。", "which")
    assert not holds("全县有三所小学。", "which")


@pytest.mark.parametrize(("question", "number"), [("参观了哪几家企业", False), ("哪几所学校结了对", False),
                                                  ("要打造的线路是哪几条", True), ("哪几家企业一共捐了多少钱", True)])
def test_which_institutions_is_not_how_many(question: str, number: bool) -> None:
    assert ("number" in asked_kinds(question)) is number


def test_a_meeting_held_is_a_meeting_opened() -> None:
    event = asked_event("枫岭联席会议什么时候办的")
    assert tells_event("2024年6月13日，枫岭联席会议在枫岭县举行。", event)
    assert not tells_event("2024年6月13日，枫岭签订协议。", event)


def test_money_for_a_purpose_is_named_with_or_without_zi() -> None:
    assert names_counted("会上向杏岭县捐赠困难学生救助资金50万元。", "救助金")
    assert not names_counted("会上向杏岭县捐赠协作资金50万元。", "救助金")


def test_a_person_is_named_after_a_chain_of_titles() -> None:
    text = "记者专访了扬州市对口帮扶榆林工作组组长、榆林市委常委、副市长周立新。"
    assert names_person_with_role(text, "组长")
    assert not names_person_with_role("扬州市对口帮扶榆林工作组组长出席。", "组长")


@pytest.mark.parametrize("question", ["那个烘干厂的厂长叫什么", "合作社社长是谁", "州长叫啥"])
def test_the_heads_of_works_cooperatives_and_prefectures_are_people(question: str) -> None:
    assert "person" in asked_kinds(question)


@pytest.mark.parametrize("text", ["推进会由枫岭县一名副县长主持，有关负责人出席。", "会议由副市长出席并讲话。"])
def test_a_verb_after_a_title_is_no_name(text: str) -> None:
    assert not has_kind(text, "person")


def test_a_report_published_on_a_day_is_about_the_report() -> None:
    assert asks_about_report("枫岭日报关于烘干厂的报道发表于哪天")


def test_a_measure_starting_a_longer_word_is_no_measure() -> None:
    assert asked_measure("工厂招了多少本地人干活") is None
    assert asked_measure("多少台车") == "台"


def test_a_question_about_an_act_names_it() -> None:
    from xbbot.kinds import asked_act

    assert asked_act("推进会是哪位副县长主持的") == ("主持",)
    assert asked_act("在会上讲话的副市长是谁") == ()
    assert not tells_event("副县长李四介绍，车间由协作资金建设。", asked_act("是哪位副县长主持的"))


def test_donated_money_counts_donations() -> None:
    from xbbot.kinds import donated_money

    assert donated_money("2019年扬州社会各界又给榆林捐了多少钱") == "捐款"
    assert donated_money("扬州给榆林投了多少钱") is None


@pytest.mark.parametrize("question", ["枫岭红枣收购价是多少", "苹果的出厂价多少", "保底价定了多少"])
def test_a_named_kind_of_price_asks_a_price(question: str) -> None:
    assert asked_measure(question) == "价"


@pytest.mark.parametrize("text", ["一头牛能多挣两千多元。", "投入协作资金一亿零六百万元", "实施项目一百二十七个"])
def test_figures_in_chinese_numerals_are_figures(text: str) -> None:
    assert has_kind(text, "number")


def test_an_amount_in_chinese_numerals_is_money() -> None:
    assert answers_measure("投入协作资金一亿零六百万元", "钱") and answers_measure("能多挣两千多元", "钱")


def test_who_signed_asks_the_signer() -> None:
    from xbbot.kinds import asked_act

    assert "person" in asked_kinds("是谁签的") and asked_act("是谁签的") == ("签",)
    assert not tells_event("两市在会上审议了协作框架协议。", asked_act("是谁签的"))


def test_a_name_after_a_noun_for_a_person_is_a_person_with_no_post() -> None:
    people = people_named(normalize("江南区的干部邹建勋坐了一夜火车来到枫岭县。当地妇女申秀兰牵头成立了合作社。"))
    assert people == {"邹建勋": frozenset(), "申秀兰": frozenset()}
    assert not people_named(normalize("村民们都来了，干部群众一起干。"))


def test_a_doctor_comes_from_the_place_his_clause_names_an_office_from_the_place_before_it() -> None:
    text = normalize("江南援派的心内科医生隋青和在枫岭县医院带出了胸痛中心。")
    assert names_place_role(text, "江南", "医生")
    assert not names_place_role(text, "江南", "市长")
    assert not names_place_role("江南援派的心内科专家会见了枫岭县县长。", "江南", "县长")


@pytest.mark.parametrize(("text", "named"), [("种羊场建在丰乐镇青石村。", True), ("全县是先进县。", False)])
def test_a_rare_adjective_before_the_level_names_a_town(text: str, named: bool) -> None:
    level = "镇" if "镇" in text else "县"
    assert names_place_of_level(text, level) is named


@pytest.mark.parametrize(
    ("question", "date"),
    [("Which company ran the sorting center when it opened?", False), ("When did the park open?", True),
     ("and when?", True), ("Tell me when the fair opened", True), ("Who led the team when it arrived?", False)],
)
def test_an_english_when_asks_a_date_only_as_the_question_itself(question: str, date: bool) -> None:
    assert ("date" in asked_kinds(normalize(question))) is date


@pytest.mark.parametrize(
    ("question", "measure"),
    [("光伏电站装机容量多大", "瓦"), ("What is the capacity of the solar plant?", "瓦"),
     ("What is the cold storage capacity now?", None), ("冷库容量有多大", None)],
)
def test_a_store_s_capacity_is_no_power(question: str, measure: str | None) -> None:
    assert asked_measure(normalize(question)) == measure
    assert "number" in asked_kinds(normalize("What is the cold storage capacity now?"))


@pytest.mark.parametrize("text", ["车间建在村口。", "群众不出村就能挣钱。", "把加工放到村里。"])
def test_a_verb_and_a_preposition_before_the_level_name_no_place(text: str) -> None:
    assert not names_place_of_level(text, "村")
    assert names_place_of_level("车间设在上坝村，离来凤县不远。", "村")


@pytest.mark.parametrize("text", ["她家的羊从十几只养到了六十多只。", "合作社添了三十头牛。"])
def test_a_count_of_animals_in_chinese_numerals_is_a_figure(text: str) -> None:
    assert has_kind(text, "number")
    assert "number" in asked_kinds(normalize("她家养了几只羊"))


@pytest.mark.parametrize(("question", "measure"), [("冷链园面积多大", "面积"), ("园区占地多少", "面积"),
                                                   ("What is the area of the park?", "面积"), ("园区占地多少亩", "亩")])
def test_an_area_asked_needs_an_area(question: str, measure: str) -> None:
    assert asked_measure(normalize(question)) == measure
    assert not answers_measure("园区入驻企业达到26家。", "面积")
    assert answers_measure("园区占地320亩。", "面积")


def test_a_count_is_no_sum_of_money() -> None:
    from xbbot.kinds import COUNT

    assert not answers_measure("他带着一个账本，前8个月直播间卖出了2300万元。", COUNT)
    assert answers_measure("合作社带动1200户。", COUNT)


def test_a_sender_sending_without_a_destination_still_sends() -> None:
    from xbbot.kinds import sends_from

    text = "江南选派挂职干部36名、专业技术人才412名；枫岭选派58名干部到江南跟岗学习。"
    assert sends_from(text, "江南") and sends_from(text, "枫岭")
    assert not sends_from("枫岭选派58名干部到江南。", "江南")


@pytest.mark.parametrize("text", ["谢谢各位记者朋友。", "欢迎各位记者朋友们。"])
def test_a_word_for_people_in_general_after_a_title_is_no_name(text: str) -> None:
    assert not has_kind(text, "person")


def test_a_surname_jieba_cuts_off_as_a_preposition_stays_with_the_name() -> None:
    people = people_named(normalize("主持人（枫岭县新闻办公室主任向海燕）：各位来宾，上午好。"))
    assert "向海燕" in people and "主任" in people["向海燕"], people  # jieba: 向 (p) + 海燕 (nr)


def test_the_ren_of_zhuren_takes_no_post() -> None:
    text = "主持人（枫岭县新闻办公室主任向海燕）：各位记者朋友，上午好。"
    people = people_named(normalize(text))
    assert "向海燕" in people and not names_person_with_role(text, "记者", people)
    assert names_person_with_role("时任江南市发改委副主任邹建勋任江南对口帮扶枫岭工作队队长。", "队长")


def test_a_sentence_opening_with_a_name_and_a_comma_introduces_that_person_with_the_post() -> None:
    # A list of honoured people: each paragraph opens with the name, then who that is.
    people = people_named(normalize("甘泽远，岚峪市商务局派驻枫岭县挂职副县长。他走遍全县11个乡镇。"
                                    "蒲晓棠，枫岭县人，2015年到岚峪务工，现为岚峪市劳务工作站站长。"))
    assert people.get("甘泽远") == frozenset({"副县长"}) and people.get("蒲晓棠") == frozenset({"站长"})
    assert people_named(normalize("今年，两地共同举办了培训班，县长出席。")) == {}


def test_a_company_named_with_several_words_of_its_trade_is_a_named_company() -> None:
    assert names_institution("集配中心由苏州禾丰农产品供应链有限公司运营", ("公司", "集团", "企业", "厂"))


def test_asking_what_a_school_is_called_asks_its_name() -> None:
    assert "name" in asked_kinds("援建的寄宿制中学叫什么")
    assert asked_name_of("援建的寄宿制中学叫什么") == ("中学",)


@pytest.mark.parametrize(("text", "places"), [
    ("6月，枫岭农产品展销馆在苏州开馆。", ("苏州",)),
    ("枫岭农产品展销馆开馆了。", ()),
])
def test_a_place_written_bare_after_a_locative_is_where_it_is(text: str, places: tuple[str, ...]) -> None:
    assert located_places(text) == places


@pytest.mark.parametrize(("text", "planned"), [
    ("计划10—12月再组织劳务输出1250人以上，力争全年就业突破3800人。", True),
    ("筹备12月举办年货节，目标销售额3200万元。", True),
    ("截至9月底，帮助农村劳动力到岚峪就业2930人。", False),
    ("共签约产业项目33个，计划总投资190亿元。", False),  # a result beside the plan
    # A clause going on with 并 is in the plan before it; a sentence opening with 下一步 is a plan throughout.
    ("下一步，基地计划再扩建大棚40个，并建设一座烘干车间。", True),
    ("下一步，两地将新建车间5个。", True),
    ("下一步，两地将新建车间5个。今年已建成车间12个。", False),
])
def test_a_figure_of_a_plan_or_target_is_no_result(text: str, planned: bool) -> None:
    assert only_planned(text) is planned


@pytest.mark.parametrize(("question", "plan"), [("年货节目标销售额是多少", True), ("计划招多少人", True),
                                                 ("年货节最后卖了多少钱", False)])
def test_asking_a_plan(question: str, plan: bool) -> None:
    assert asks_plan(question) is plan


@pytest.mark.parametrize(("question", "measure"), [("展销馆一个月能卖多少钱", "钱"), ("全年卖多少钱", "钱"),
                                                    ("一斤卖多少钱", "价"), ("苹果卖多少钱", "价")])
def test_selling_over_a_span_of_time_asks_sales_not_a_price(question: str, measure: str) -> None:
    assert asked_measure(question) == measure


def test_a_month_of_sales_is_no_monthly_wage_and_a_total_counts_its_topic() -> None:
    assert counted_thing("展销馆一个月能卖多少钱") != "月薪"
    assert counted_thing("他一个月能挣多少钱") == "月薪"
    assert counted_thing("受益农户加起来有多少户") == "农户"


def test_put_into_use_is_the_event_asked_by_tou_yong() -> None:
    assert tells_event("门诊楼于2024年6月18日投入使用。", asked_event("门诊楼什么时候投用的"))


@pytest.mark.parametrize(("question", "where"), [("产业园建在哪里", True), ("展销馆在哪", True),
                                                  ("in which village is the centre?", True),
                                                  ("枫岭县和哪个县结对", False), ("陕西哪个县的模式在全国推广", False)])
def test_asking_where_a_thing_is_is_not_asking_which_place(question: str, where: bool) -> None:
    assert asks_where(question) is where


@pytest.mark.parametrize(("text", "says"), [("产业园位于白水县城关街道。", True), ("展销馆在苏州开馆。", True),
                                             ("由丹阳市和白水县共建的产业园正式开园。", False)])
def test_a_sentence_saying_where_a_thing_is(text: str, says: bool) -> None:
    assert locates(text) is says


@pytest.mark.parametrize(("text", "measure", "answers"), [
    ("岚峪村一栋大棚一季能收入1.4万元左右。", "栋", False),  # per one, not how many
    ("岚峪村的36栋蔬菜大棚全部建成。", "栋", True),
    ("建起一所学校，投资500万元。", "所", True),
])
def test_a_count_of_one_followed_by_a_figure_is_per_one(text: str, measure: str, answers: bool) -> None:
    assert answers_measure(text, measure) is answers


@pytest.mark.parametrize(("text", "says"), [("蒲晓棠，枫岭县人，2015年到潮河务工。", True), ("他是枫岭县人。", True),
                                             ("全县有28万人口。", False), ("带动贫困人口300人。", False)])
def test_a_place_and_ren_said_of_someone_is_where_they_come_from(text: str, says: bool) -> None:
    assert has_kind(text, "origin") is says


@pytest.mark.parametrize(("question", "asks"), [("示范园主要种什么", True), ("产业园里的企业主要生产什么", True),
                                                 ("合作社养的是什么羊", True), ("what does the park grow", True),
                                                 ("这笔钱用来做什么", False), ("什么时候开始种的", False),
                                                 ("生产了多少吨", False)])
def test_asking_what_is_grown_or_made(question: str, asks: bool) -> None:
    assert ("product" in asked_kinds(question)) is asks


@pytest.mark.parametrize(("text", "says"), [("园区主要种植有机蔬菜和草莓。", True), ("车间生产中性笔。", True),
                                             ("枫岭有机农业示范园等协作项目已成为带动县域经济的重要动力。", False)])
def test_a_sentence_telling_what_is_grown_or_made(text: str, says: bool) -> None:
    assert has_kind(text, "product") is says


def test_a_kind_of_is_no_growing() -> None:
    assert "product" not in asked_kinds("借袋还菇是一种什么帮扶模式")


@pytest.mark.parametrize(("text", "name", "title"), [
    ("监督电话：0910-5550123\n联系人：柯岚\n地址：岚峪县城关镇", "柯岚", "联系人"),
    ("联系人：向晓梅", "向晓梅", "联系人"),  # a name starting like the preposition 向
    ("代表（签字）：韦述平（潮河市副市长）", "韦述平", "代表（签字）"),
])
def test_a_notices_own_lines_name_people(text: str, name: str, title: str) -> None:
    """联系人：某某 and an agreement's 代表（签字）：某某 introduce a person, as 县长某某 does."""
    assert title in people_named(text)[name]
    assert has_person(text, people_named(text))


@pytest.mark.parametrize(("text", "leader"), [
    ("岚峪县县长周立新出席会议并讲话。", True),
    ("岚峪县委书记柯明远主持会议。", True),
    ("潮河润禾集团董事长冯启光捐资100万元。", False),  # a firm's chairman is no county leader
    ("中共岚峪县委办公室　岚峪县人民政府办公室", False),  # an office names no one
])
def test_a_county_leader_holds_one_of_its_offices(text: str, leader: bool) -> None:
    assert place_roles("写感谢信的岚峪县领导叫什么名字") == (("岚峪", "领导"),)
    assert names_place_role(text, "岚峪", "领导", people_named(text)) is leader


@pytest.mark.parametrize(("question", "event"), [
    ("枫岭村的大棚是哪一年建起来的", ("建起",)),  # a complement of direction is no part of the verb
])
def test_a_when_questions_verb_loses_its_complement(question: str, event: tuple[str, ...]) -> None:
    assert tells_event("2021年，潮河在枫岭村建起大棚64个。", asked_event(question))


@pytest.mark.parametrize(("text", "named"), [
    ("潮河润禾农业科技有限公司与基地签订订单。", True),  # 润禾 cut into characters before its trade
    ("基地由潮河一家农业科技公司运营。", False),
    ("他推动建成岚峪马铃薯种薯繁育基地。", True),  # a place, then what the base is of and does
    ("岚峪推动建成的基地。", False),  # a base of 岚峪, not a named one
])
def test_a_named_institution_is_told_from_a_generic_one(text: str, named: bool) -> None:
    assert names_institution(text, ("公司", "基地")) is named


def test_a_firms_own_name_is_read_without_its_place_and_trade() -> None:
    assert institution_names("潮河瀚林建材集团有限公司捐赠400万元") == ["瀚林"]


@pytest.mark.parametrize(("question", "agreed"), [
    ("协议里约定潮河每年派几名老师", True), ("按协议潮河每年给多少资金", True), ("潮河今年派了几名老师", False),
])
def test_asking_what_an_agreement_sets(question: str, agreed: bool) -> None:
    assert asks_agreed(question) is agreed


@pytest.mark.parametrize(("text", "binding"), [
    ("甲方每年选派教师46名到乙方支教。", True), ("甲方：潮河市人民政府", False),
    ("今年派出教师63名，远超协议约定的每年不少于46名。", False),  # a report quoting the clause
])
def test_an_agreements_clause_binds_a_party(text: str, binding: bool) -> None:
    assert obliges(text) is binding


def test_a_broadcasts_speaker_line_introduces_the_speaker_with_the_post() -> None:
    assert people_named("【同期声】柯明远 潮河市驻岚峪县工作组组长\n雪山融水常年水温低。") == {"柯明远": frozenset({"组长"})}



# -- stop 20: dates in Chinese numerals, names of things, speaker lines ------------------------------


def test_a_date_in_chinese_numerals_is_a_date_to_the_day() -> None:
    assert has_kind("二〇一九年三月二十六日", "date") and gives_day("二〇一九年三月二十六日")
    assert not has_kind("一二三四五", "date")


@pytest.mark.parametrize(("question", "kind"), [("那场专场直播叫什么名字", "name"), ("那个帮扶车间叫什么", "name"),
                                                ("那个村民叫什么名字", "person"), ("车间主任叫什么名字", "person")])
def test_what_a_thing_is_called_asks_its_name_not_a_person(question: str, kind: str) -> None:
    assert kind in asked_kinds(question)


@pytest.mark.parametrize("text", ["双方共建汀雁扶贫协作产业园，重点发展核桃。", "今年汀溪职业技术学院继续开班。"])
def test_a_cooperations_park_and_a_vocational_college_are_named(text: str) -> None:
    assert names_institution(text, ("产业园", "学院", "学校"))
    assert not names_institution("双方共建扶贫协作产业园。", ("产业园",))


def test_a_speaker_line_gives_the_name_then_the_post() -> None:
    people = people_named("【同期声】严守诚 雁峪县乡村振兴局局长\n「我们还要把产业链拉长。」")
    assert "严守诚" in people
    assert names_place_role("【同期声】严守诚 雁峪县乡村振兴局局长", "振兴局", "局长", people)
    assert not names_place_role("【同期声】严守诚 雁峪县农业农村局局长", "振兴局", "局长", people)


def test_a_question_about_a_signed_agreement_asks_what_it_sets() -> None:
    assert asks_agreed("汀溪跟雁峪签的结对协议，三年资金加起来多少")
    assert not asks_agreed("汀溪给雁峪三年资金加起来多少")


def test_a_village_party_secretary_is_a_post() -> None:
    assert "孟长庚" in people_named("村支书孟长庚一边过秤一边说，今年笋干好卖。")


@pytest.mark.parametrize(("question", "plan"), [("How much millet can the grain plant process each year?", False),
                                                ("What is the target for next year?", True),
                                                ("How many workshops are planned?", True)])
def test_a_plant_is_no_plan(question: str, plan: bool) -> None:
    assert asks_plan(question.lower()) is plan


@pytest.mark.parametrize(("question", "final"), [("年货节最后总共卖了多少钱", True), ("年货节卖了多少钱", False)])
def test_asking_the_final_figure(question: str, final: bool) -> None:
    assert asks_final(question) is final


def test_a_figure_so_far_and_a_plan_are_told() -> None:
    assert so_far("截至1月11日，销售额已达127万元。") and not so_far("全年销售额127万元。")
    assert tells_plan("明年将再建养殖池20个。") and not tells_plan("基地现有养殖池64个。")


def test_a_title_then_a_name_and_an_honorific_names_the_holder() -> None:
    assert names_person_with_role("集团董事长严守诚先生个人捐资80万元。", "董事长")


def test_a_person_then_the_post_the_clause_says_they_hold() -> None:
    people = people_named("第一次到雁峪支教的柏青山，如今已是雁峪县第二中学的副校长。")
    assert "副校长" in people.get("柏青山", ()), people
    assert people_named("这是我们的工作，如今已是全县的重点。") == {}


@pytest.mark.parametrize(("question", "thing"), [("年货节上汀溪苦荞面多少钱一袋", "苦荞面"), ("核桃油多少钱一瓶", "核桃油"),
                                                 ("那个多少钱", "")])
def test_the_thing_whose_price_is_asked(question: str, thing: str) -> None:
    assert priced_thing(question) == thing


@pytest.mark.parametrize(("question", "items"), [("汀溪那5个贫困县分别叫什么", "贫困县"), ("2016年脱贫的那2个县是哪两个", "县"),
                                                 ("捐的物资具体都是些什么东西", ""), ("汀溪有几个贫困县", None),
                                                 ("签约了哪些项目", None)])
def test_asking_which_the_counted_things_are(question: str, items: str | None) -> None:
    assert asks_items(question) == items


def test_a_list_answers_which_things_a_count_is_of() -> None:
    assert lists_items("雁峪县、石桥县和柳川县已脱贫摘帽。") and lists_items("石桥和柳川两县率先脱贫。")
    assert not lists_items("汀溪市5个贫困县在2018年全部脱贫。")


def test_who_signed_on_behalf_of_asks_a_person() -> None:
    assert "person" in asked_kinds("框架协议是谁代表两市签的字")


def test_a_towns_party_secretary_is_the_towns_holder() -> None:
    """桦…镇的党委书记: the place is the town (的 is never part of it), the post its 书记."""
    assert place_roles(normalize("石岭镇的党委书记叫什么名字")) == (("石岭镇", "书记"),)
    assert names_place_role("到场的有县人社局局长贺云，石岭镇党委书记祁山远。", "石岭镇", "书记")


def test_a_name_with_its_posts_in_brackets_is_a_person_with_those_titles() -> None:
    text = normalize("参加会议：岑牧之、祁山远（青州市驻枫岭县工作组组长，挂职县委常委、副县长）、卢晓禾（县扶贫办主任）。")
    people = people_named(text)
    assert people["祁山远"] >= {"组长", "副县长"} and people["卢晓禾"] == {"主任"}
    assert names_person_with_role(text, "组长", people)
    # A bracket holding no post names no person (项目（资金200万元）).
    assert not people_named(normalize("实施项目12个、岚峪茶园（资金200万元）。"))


@pytest.mark.parametrize(("text", "named"), [
    ("她在磧峪县第二中学支教两年。", True),  # jieba cuts the rare place apart: it still names the school
    ("在岩鹘乡中心学校开设青州班1个。", True),
    ("每个乡中心学校都开了班。", False),  # a count: any school of a town
    ("全县第二中学的老师都来了。", False),
])
def test_a_school_of_a_rare_places_name_is_named(text: str, named: bool) -> None:
    assert names_institution(normalize(text), ("中学", "小学", "学校")) is named


@pytest.mark.parametrize("question", ["免费包车是哪几天发车？", "调研组是哪几天去的", "招聘会在哪几个县设了分会场"])
def test_which_days_or_counties_ask_which_not_how_many(question: str) -> None:
    q = normalize(question)
    assert asked_kinds(q) & {"date", "place"} and "number" not in asked_kinds(q)
    if "天" in q:
        assert asked_measure(q) is None


@pytest.mark.parametrize(("question", "payment"), [
    ("青州那家食品厂冷库岗位的低温补贴每月多少钱？", ("低温", "补贴|补助|津贴")),
    ("宿舍每月房租多少？", ("", "房租|租金")),
    ("先进个人每人奖励多少钱", ("", "奖")),
    ("月薪多少", None),  # a wage by any name: no payment of a kind
])
def test_a_payment_asked_by_its_kind(question: str, payment: tuple[str, str] | None) -> None:
    assert asked_payment(normalize(question)) == payment


def test_only_a_sum_of_the_payment_asked_answers() -> None:
    cold = ("低温", "补贴|补助|津贴")
    assert not pays("月薪/待遇：3800—4600元，冷库岗位另发低温补贴；要求：18—50周岁", cold)  # named, no sum
    assert pays("冷库岗位另发低温补贴每月200元。", cold)
    assert pays("给予一次性低温补贴，每人580元。", cold)  # the sum in the clause after
    assert not pays("稳岗补贴每人每月300元。", cold)  # another kind of 补贴
    assert pays("给予企业一次性吸纳就业奖补1500元。", ("", "奖"))
    # The kind in the clause before, this one only giving it: 投资…，按…给予奖励，最高165万元.
    invest = ("投资", "奖")
    assert pays("固定资产投资到位2000万元以上的项目，按到位资金的1.5%给予奖励，单个项目最高165万元。", invest)
    assert not pays("固定资产投资到位2000万元以上的项目，人才奖励每人2万元。", invest)


def test_either_level_of_a_county_or_city_answers_which_county_or_city() -> None:
    assert asked_place_level(normalize("那家船厂在青州哪个县市？")) is None
    assert asked_place_level(normalize("那家船厂在青州哪个县？")) == "县"


def test_a_firm_of_a_service_trade_is_named() -> None:
    assert names_institution(normalize("（六）青州安悦家政服务有限公司（东区）"), ("公司",))


def test_a_payments_sum_may_follow_its_terms() -> None:
    text = "一是一次性交通补贴，到青州就业并签订劳动合同的，每人发放760元；二是稳岗补贴，连续就业满6个月的，每人发放2700元。"
    assert pays(text, ("交通", "补贴|补助|津贴")) and pays(text, ("稳岗", "补贴|补助|津贴"))
    assert not pays("一是一次性交通补贴；二是稳岗补贴，每人发放2700元。", ("交通", "补贴|补助|津贴"))


def test_a_count_only_planned_is_no_result_though_other_figures_are_not() -> None:
    text = "今年青州技师学院继续开设枫岭班，设电工、焊工4个专业，计划培训枫岭学员420人。"
    assert not only_planned(text)  # the 4 专业 are no plan
    assert only_planned(text, "学员") and not only_planned(text, "专业")


def test_an_age_range_is_no_duration() -> None:
    assert not has_kind("要求：男性，18—35周岁", "duration")
    assert has_kind("学徒期3个月，培训2周", "duration")


def test_a_tenders_calendar_days_are_a_duration() -> None:
    assert has_kind("（五）计划工期：180日历天。", "duration")
    assert has_kind("公示期为5个工作日。", "duration")


def test_the_words_of_a_price_name_no_priced_thing() -> None:
    # 保底价每公斤多少钱: 底价 and 每公斤 say it is a price per kilo, not what is priced.
    assert priced_thing(normalize("青州那家厂收枫岭的鲜辣椒，保底价每公斤多少钱？")) == ""
    assert priced_thing(normalize("青州的核桃油每瓶价格多少")) == "核桃油"


@pytest.mark.parametrize(("text", "name", "posts"), [
    # A report's signature line.
    ("述职人：岑牧之，青州市发展和改革委员会副调研员，2018年7月起挂职枫岭县县委常委、副县长。", "岑牧之", {"副县长"}),
    # A name with its age.
    ("石崖村的卢晓禾今年47岁，在车间锁边，一个月能拿1900元。", "卢晓禾", set()),
])
def test_a_signed_or_aged_name_is_a_person(text: str, name: str, posts: set[str]) -> None:
    people = people_named(normalize(text))
    assert name in people and posts <= people[name], people


def test_ages_of_nobody_in_particular_name_no_one() -> None:
    assert not people_named(normalize("村里的老人今年80岁了，全县今年15岁以下的儿童都有了保险。"))


def test_the_holder_of_a_post_in_brackets_after_the_name_is_found() -> None:
    text = normalize("出席：祁山远（枫岭县副县长）、卢晓禾（枫岭县乡村振兴局局长）。")
    people = people_named(text)
    assert names_place_role(text, "振兴局", "局长", people)
    assert not names_place_role(normalize("出席：祁山远（枫岭县副县长）、卢晓禾（县委办主任）。"), "振兴局", "局长", people)


def test_a_prizes_grade_is_an_ordinal() -> None:
    assert ordinals(normalize("全县优质课比赛的二等奖是谁拿的")) == ("二等奖",)
    assert ordinal_keys("她获得一等奖") == {(1, "等奖")} and ordinal_keys("获得金奖") == {(1, "等奖")}


@pytest.mark.parametrize(("question", "thing"), [("光伏电站每年给村里分红多少", "分红"), ("协作资金是多少", None),
                                                 ("分红多少钱一股", None)])
def test_the_thing_named_right_before_a_final_how_much(question: str, thing: str | None) -> None:
    assert amount_named_before(normalize(question)) == thing


@pytest.mark.parametrize(("question", "text", "holds_it"), [
    ("年货节从什么时候搞到什么时候？", "活动时间为2024年9月20日至12月15日。", True),
    ("评价组是哪段时间在枫岭开展工作的？", "评价组于2019年3月11日至4月19日开展工作。", True),
    ("年货节从什么时候搞到什么时候？", "年货节已于12月15日圆满结束。", False),  # one end only
])
def test_from_when_to_when_needs_both_ends(question: str, text: str, holds_it: bool) -> None:
    assert "period" in asked_kinds(normalize(question))
    assert has_kind(normalize(text), "period") is holds_it


def test_a_name_right_before_the_post_it_takes_is_a_person() -> None:
    people = people_named(normalize("评价组由评价机构合伙人、注册会计师岑牧之任组长，共9人。"))
    assert "组长" in people.get("岑牧之", set()), people
    assert not people_named(normalize("由办公室主任任组长，财务科科长任副组长。"))


def test_which_body_is_answered_by_a_named_firm_of_professional_services() -> None:
    suffixes = asked_institutions(normalize("那次第三方绩效评价是哪家机构做的"))
    assert "事务所" in suffixes
    assert names_institution(normalize("受青州市财政局委托，青州衡信会计师事务所有限公司开展了第三方评价。"), suffixes)


@pytest.mark.parametrize(("text", "figure"), [
    ("2. 青州市对口协作枫岭县和岚峪县，本公报只统计枫岭县数据。", False),  # an item number counts nothing
    ("1、全年协作资金情况", False),
    ("11. 两地结对学校34所。", True),
    ("3.5万元用于修路。", True),  # a decimal is a figure
])
def test_a_lists_item_number_is_no_figure(text: str, figure: bool) -> None:
    assert has_kind(normalize(text), "number") is figure


def test_a_relatives_name_must_be_given() -> None:
    assert asked_relation(normalize("卢老师的丈夫叫什么名字？")) == "丈夫"
    assert not names_relation(normalize("卢晓禾的丈夫是青州市中医院的医生。"), "丈夫")
    assert names_relation(normalize("她的徒弟岑牧之在2020年全县优质课比赛中获得一等奖。"), "徒弟")


def test_a_deadline_asked_is_of_the_event_after_it() -> None:
    # 什么时候之前拨到县里: 之前 says a deadline is asked; the event is 拨 (8月31日前全部拨付到县).
    assert asked_event(normalize("青州今年的援助资金要求什么时候之前拨到县里？")) == ("拨",)
    assert tells_event(normalize("今年青州安排枫岭县财政援助资金5840万元，8月31日前全部拨付到县。"), ("拨",))


def test_a_count_in_ge_of_a_thing_named_by_its_own_measure_word() -> None:
    assert answers_measure("合作社现有蜂箱2300箱，带动68户。", "个", "蜂箱")
    assert not answers_measure("合作社现有蜂箱2300箱。", "个", "项目")
    assert not answers_measure("合作社带动68户。", "个", "蜂箱")


def test_a_price_lists_columns_are_prices() -> None:
    assert answers_measure("产品：苦荞面，规格：500克×2袋，日常价：36元，直播价：22.9元。", "价")
    assert not answers_measure("产品：苦荞面，规格：500克×2袋，备货：8000单。", "价")


def test_where_a_thing_is_sold_is_no_part_of_the_priced_thing() -> None:
    assert priced_thing("苦荞面直播间多少钱一袋") == "苦荞面"


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("评价组由7人组成，组长为注册会计师钭文韬。", True),
        ("县委常委、副县长（泺川市挂职）綦远帆牵头督促整改。", True),
        ("泺川衡鉴会计师事务所有限公司对项目开展了评价。", False),
        ("评价组聘请了高级工程师职称的专家。", False),
    ],
)
def test_a_name_after_a_profession_or_an_aside_is_a_person(text: str, person: bool) -> None:
    assert has_kind(text, "person") is person


def test_the_holder_named_after_wei_or_you_holds_the_post() -> None:
    assert names_person_with_role("评价组组长为注册会计师钭文韬。", "组长")
    assert names_person_with_role("验收工作组组长由县乡村振兴局副局长毋秋禾担任。", "组长")
    assert names_person_with_role("县委常委、副县长（泺川市挂职）綦远帆牵头督促整改。", "副县长")
    assert not names_person_with_role("验收工作组组长由县审计局派出。", "组长")


def test_an_event_lasting_until_a_day_ends_that_day() -> None:
    event = asked_event("泺川消费帮扶周办到几号结束")
    assert tells_event("活动持续到10月23日。", event)
    assert not tells_event("消费帮扶周上午在渚心广场开幕。", event)


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("泺川丰收节助农直播定在哪一天", {"date"}),
        ("泺川丰收节助农直播是哪个主播来播", {"person"}),
        ("泺川的冷库建在哪", {"place"}),
    ],
)
def test_which_day_is_no_place_and_which_host_is_a_person(question: str, kinds: set[str]) -> None:
    assert set(asked_kinds(question)) == kinds


def test_the_head_of_another_group_is_not_the_one_asked() -> None:
    assert asked_body("翀峪县审计局查泺川协作资金，审计组组长是谁", "组长") == "审计组"
    assert asked_body("县长是谁", "县长") is None
    assert heads_other_body("验收工作组组长由县乡村振兴局副局长毋秋禾担任。", "审计组", "组长")
    assert not heads_other_body("审计组由县审计局副局长郜明澈任组长。", "审计组", "组长")
    assert not heads_other_body("队长费明远是一名骨科医生。", "医疗队", "队长")  # the group named before


@pytest.mark.parametrize(
    ("question", "text", "answers"),
    [
        ("翀峪县脱贫摘帽时贫困发生率降到了多少", "翀峪县贫困发生率降至0.8%。", True),
        ("翀峪县脱贫摘帽时贫困发生率降到了多少", "泺川三年累计投入财政援助资金2.56亿元。", False),
        ("机关食堂采购要占到多大比例", "机关食堂采购帮扶产品的比例不低于百分之三十。", True),
    ],
)
def test_a_rate_asked_needs_a_percentage(question: str, text: str, answers: bool) -> None:
    assert asked_measure(question) == "%"
    assert answers_measure(text, "%") is answers


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("泺川市领导李胜、陈云浩和翀峪县领导刘方斌、蔡安震参加。", True),
        ("领导小组办公室设在县乡村振兴局。", False),
        ("领导干部在会上发言。", False),
    ],
)
def test_leaders_named_after_the_word_for_leaders_are_people(text: str, person: bool) -> None:
    assert has_kind(text, "person") is person


def test_which_few_people_asks_people_not_a_count() -> None:
    assert asked_kinds("翀峪县来泺川开会的县领导有哪几位") == {"person"}
    assert "number" in asked_kinds("翀峪县来了几位专家")


def test_an_actual_figure_asked_is_not_answered_by_a_plan() -> None:
    assert asks_actual("翀峪县签约的12个项目实际到位了多少投资")
    assert not asks_actual("翀峪县签约了多少个项目")
    assert only_planned("共签约项目12个，计划总投资8.6亿元。", "投资")
    assert not only_planned("共签约项目12个，实际到位投资3.1亿元。", "投资")


@pytest.mark.parametrize(
    ("question", "text", "answers"),
    [
        ("泺川帮翀峪3000多户增收，平均每户多收入多少", "泺川帮助翀峪3200户脱贫户增收960万元。", False),
        ("泺川帮翀峪3000多户增收，平均每户多收入多少", "合作社社员户均增收4870元。", True),
        ("帮扶车间工人人均月工资多少", "帮扶车间吸纳就业742人，人均月工资1870元。", True),
        ("How much did each household earn on average?", "泺川帮助翀峪3200户脱贫户增收960万元。", False),
    ],
)
def test_a_figure_per_head_is_not_answered_by_a_total(question: str, text: str, answers: bool) -> None:
    assert asks_per_head(question)
    assert gives_per_head(text) is answers


@pytest.mark.parametrize(
    ("question", "text", "answers"),
    [
        ("泺川说大幅增加援助资金，比上年多给了多少钱", "截至去年底，泺川共向翀峪投入援助资金6.4亿元。", False),
        ("泺川说大幅增加援助资金，比上年多给了多少钱", "今年泺川安排援助资金1.37亿元，比去年增加1800万元。", True),
        ("学生物理平均分提高了多少", "两个班物理平均分从46分提高到71分。", True),
        ("泺川帮贫困群众增加了多少收入", "三年来已为2万余名群众增收2287万元。", True),
        ("翀峪2024年村集体收益增加了多少", "指标名称：村集体经济年收益增加，年度目标值：≥300万元，实际完成值：356万元。", True),
    ],
)
def test_a_change_asked_needs_a_change_told(question: str, text: str, answers: bool) -> None:
    assert asks_change(question)
    assert gives_change(text) is answers


def test_a_level_asked_is_no_change_asked() -> None:
    assert not asks_change("泺川今年给了翀峪多少援助资金")
    assert not asks_per_head("泺川今年给了翀峪多少援助资金")


def test_a_character_beginning_a_known_place_is_no_measure() -> None:
    assert asked_measure("包车送了多少周岭人去泺川返岗") == "周"  # (without the places, 周 reads as weeks)
    assert asked_measure("包车送了多少周岭人去泺川返岗", frozenset({"周岭", "泺川"})) is None
    assert asked_measure("培训持续了多少周", frozenset({"周岭"})) == "周"


def test_a_total_in_money_is_no_price_and_an_anniversary_tells_which_year() -> None:
    assert asked_measure("翀峪园区首批签约一共多少钱啊") == "钱"
    assert asked_measure("翀峪核桃一斤多少钱") == "价"
    assert "ordinal" in asked_kinds("2020年是泺川和翀峪结对的第几年")
    assert has_kind("2020年是泺川与翀峪建立协作关系10周年。", "ordinal")
    assert not has_kind("2020年泺川与翀峪建立协作关系。", "ordinal")


def test_a_section_chief_named_after_the_head_of_a_group_holds_the_post() -> None:
    assert names_person_with_role("审计组组长为县审计局农业审计股股长蒯兴邦，重点审计了县扶贫办。", "组长")
    assert not names_person_with_role("审计组由县审计局农业审计股派出，重点审计了县扶贫办。", "组长")


def test_what_one_is_paid_a_month_is_a_monthly_wage() -> None:
    assert names_counted("在车间上班两年了，一个月能拿3350元。", "月薪")
    assert not names_counted("车间今年产面条1800吨，吸纳66名村民就业。", "月薪")



@pytest.mark.parametrize(("question", "measure"), [
    ("翀峪的竹地板厂一年能生产多少平方米", "平方米"),  # a measure of three characters is still one
    ("翀峪60岁以上老人占户籍人口多少", "%"),  # a share of a whole
    ("翀峪园区占地多少亩", "亩"),  # 占地 is an area, no share
    ("翀峪来了多少本地人", None),  # 本 begins 本地人
])
def test_measures_of_several_characters_and_shares(question: str, measure: str | None) -> None:
    assert asked_measure(question) == measure


def test_the_thing_before_a_linking_verb_is_what_an_amount_asks() -> None:
    assert amount_named_before("泺川禾润冷链一年营业额有多少") == "营业额"
    assert amount_named_before("每年分红多少") == "分红"


def test_a_count_of_people_is_counted_in_people() -> None:
    assert people_measure(counted_thing("翀峪示范村一年接待多少游客")) == "人"
    assert not answers_measure("新建游客服务点1处，村道2.1公里。", "人")
    assert answers_measure("全年接待游客3.2万人次。", "人")
    assert people_measure(counted_thing("翀峪建了多少个冷库")) is None



@pytest.mark.parametrize(("question", "kind", "text", "held"), [
    ("祁山远当时在翀峪分管哪一块工作", "duty", "祁山远，时任翀峪县委常委、副县长。", False),
    ("祁山远当时在翀峪分管哪一块工作", "duty", "副县长祁山远分管乡村振兴和东西部协作工作。", True),
    ("王立当翀峪县长之前是做什么的", "career", "翀峪县县长王立率团到泺川考察。", False),
    ("王立当翀峪县长之前是做什么的", "career", "王立曾任泺川市发改委副主任。", True),
    ("王立挂职期满回泺川以后担任什么职务", "later", "王立，泺川市发改委副主任，挂职翀峪县副县长。", False),
    ("王立挂职期满回泺川以后担任什么职务", "later", "挂职期满后，王立调任泺川市商务局局长。", True),
    ("王立后来调到哪了", "later", "王立2021年回泺川后任市农业农村局副局长。", True),
])
def test_what_someone_is_in_charge_of_or_did_before_or_after_needs_the_text_to_say(question: str, kind: str, text: str,
                                                                           held: bool) -> None:
    assert kind in asked_kinds(question)
    assert holds(text, kind) is held


def test_a_name_before_a_verb_of_presenting_is_a_person() -> None:
    text = "枫岭县委副书记、县长牛志明作推介。"
    assert has_person(text)
    # …and the county's 县长, after another post of the county.
    assert names_place_role(text, "枫岭", "县长") and not names_place_role(text, "杏岭", "县长")
    assert not names_place_role("枫岭县委书记、副县长牛志明作推介。", "枫岭", "县长")


@pytest.mark.parametrize(("text", "named"), [
    ("这次签约的翀峪茶业项目，就是要建拼配车间。", True),
    ("泺川的岫禾食品负责收购。", True),
    ("要大力发展当地茶业，带动群众增收。", False),
    ("全县绿色食品，销往各地。", False),
])
def test_a_firm_named_short_by_its_own_name_and_trade(text: str, named: bool) -> None:
    assert names_firm_short(text) is named
    assert holds(text, "which", institutions=("公司", "集团")) is named


def test_a_sentence_saying_what_followed_from_something_gives_a_reason() -> None:
    assert has_kind("冷库库板厚度达不到设计要求，因此验收结论为限期整改。", "reason")
    assert has_kind("为什么选红薯？山多地薄，红薯耐旱。", "reason")
    assert not has_kind("冷库验收结论为限期整改。", "reason")


def test_the_event_is_the_verb_the_question_ends_with_past_a_modifier() -> None:
    event = asked_event(normalize("督查通报要求某镇什么时候前把欠拨的协作资金拨完"))
    assert "拨完" in event
    assert tells_event("某镇要在8月31日前完成337万元协作资金的拨付；", event)
    # A modifier followed by a noun adds nothing: 哪年建成的扶贫车间 asks when it was built.
    assert asked_event(normalize("哪年建成的扶贫车间")) == ("建成",)


def test_an_announcement_is_dated_by_its_news_of_the_day_and_a_notice_by_its_header() -> None:
    assert tells_event("据某省政府4月26日消息，两省完成了县级结对全覆盖。", ("发出",))
    assert tells_event("公开时间：2024年7月10日　公开期限：30天", asked_event(normalize("这期公开栏是哪天贴出来的")))
    assert not tells_event("两省完成了县级结对全覆盖。", ("发出",))


@pytest.mark.parametrize(("text", "measure", "ok"), [
    ("指标：帮助劳动力到枫岭市就业，计量单位：人，上年：1312，本年：2087，增减%：59.1。", "人", True),
    ("指标：枫岭市财政援助资金，计量单位：万元，上年：8430，本年：12650。", "万", True),
    ("指标：协作资金，计量单位：万元，上年：8430，本年：12650。", "人", False),
    ("指标：扶贫车间，计量单位：个，上年：21，本年：30。", "人", False),
])
def test_a_table_row_declaring_its_unit_gives_its_figures_in_it(text: str, measure: str, ok: bool) -> None:
    assert answers_measure(text, measure) is ok


def test_an_output_value_asked_is_not_answered_by_an_investment() -> None:
    payment = asked_payment(normalize("枫岭药业的饮片加工项目投产后年产值多少"))
    assert payment is not None
    assert not pays("枫岭药业有限公司：饮片加工项目，投资5380万元；", payment)
    assert pays("项目投产后年产值可达1.2亿元。", payment)


def test_which_towns_is_no_count_and_which_factorys_name_needs_a_named_one() -> None:
    kinds = asked_kinds(normalize("督查组具体督查了枫岭哪几个乡镇"))
    assert "number" not in kinds and "place" in kinds
    assert asked_name_of(normalize("她打工的那家服装厂叫什么名字")) == ("厂", "公司")


def test_which_firm_won_a_prize_asks_an_award() -> None:
    assert "award" in asked_kinds(normalize("推介会上哪家企业拿了优秀项目奖"))
    assert "award" not in asked_kinds(normalize("车间拿了多少奖补资金"))


def test_places_listed_before_their_count_name_places_of_that_level() -> None:
    assert names_place_of_level("冬衣已全部送到枫岭县海拔较高的岜蒙、篾岭两个乡的留守老人手中。", "乡")
    assert not names_place_of_level("冬衣已全部送到两个乡的留守老人手中。", "乡")


@pytest.mark.parametrize(("text", "name"), [("合作社由理事长呼延桂兰牵头，与公司签约。", "呼延桂兰"),
                                            ("县长欧阳明远主持会议。", "欧阳明远"), ("县长王志明主持会议。", "王志明")])
def test_a_name_with_a_surname_of_two_characters_is_read_whole(text: str, name: str) -> None:
    assert list(people_named(text)) == [name]


@pytest.mark.parametrize(("question", "about"), [("枫岭日报是哪天在头版登的那次联席会议的消息", True),
                                                 ("合作社是哪天登记的", False), ("他什么时候登上领奖台的", False)])
def test_when_a_paper_ran_it_is_about_the_report(question: str, about: bool) -> None:
    assert asks_about_report(question) is about


@pytest.mark.parametrize(("text", "named"), [("供应商名称：泺川恒冻制冷设备有限公司", True),
                                             ("由翀峪岫禾冷链物流有限责任公司承建", True),
                                             ("去年引进了一家有限公司", False), ("该有限公司负责运营", False),
                                             ("当地的有限公司很多", False), ("去年引进3家有限公司", False)])
def test_a_registered_firm_name_is_a_named_company(text: str, named: bool) -> None:
    assert names_institution(text, ("公司", "集团")) is named


def test_a_tables_unit_price_and_a_delivery_term_answer() -> None:
    assert answers_measure("名称：冷藏车，数量：6辆，单价：38.6万元。", "价")
    assert answers_measure("单价（万元）：51.6", "价")
    assert has_kind("交货期限：合同签订后60日内交货。", "duration")


def test_the_first_of_a_schools_name_is_no_superlative() -> None:
    assert not has_kind("捐赠单位：泺川市第一中学师生，捐款：8.6万元。", "superlative")
    assert has_kind("泺川市红十字会捐款最多，达45万元。", "superlative")


def test_a_self_introduction_names_the_holder_of_its_post() -> None:
    text = "我叫阙晓峰，是泺川市农业农村局派驻翀峪县石门村的第一书记，2020年4月到村任职。"
    people = people_named(text)
    assert "阙晓峰" in people and names_person_with_role(text, "书记", people)
    assert not names_person_with_role(text, "县长", people)


@pytest.mark.parametrize(("question", "price"), [("石门村花椒每斤卖多少钱", True), ("石门村现在花椒一年卖多少钱", False),
                                                 ("花椒总共卖多少钱", False)])
def test_a_year_s_sales_are_no_price(question: str, price: bool) -> None:
    assert (asked_measure(normalize(question)) == "价") is price


def test_a_sum_per_measure_in_words_is_a_price_and_a_scripts_sound_bite_is_speech() -> None:
    line = "【同期声】石门村村民 仝桂芝：以前花椒晒不干就发霉，现在有了烘干车间，一斤能多卖三块钱。"
    assert answers_measure(line, "价") and has_kind(line, "speech")


def test_a_tables_percent_column_gives_a_share() -> None:
    assert answers_measure("指标：扶贫车间吸纳就业，计量单位：人，上年：521，本年：857，增减%：64.5。", "%")
    assert not answers_measure("指标：扶贫车间吸纳就业，计量单位：人，上年：521，本年：857。", "%")


@pytest.mark.parametrize(("question", "text", "missed"), [
    ("那18个项目已经完工了几个", "18个项目中已有16个开工建设。", True),  # begun is not finished
    ("那18个项目已经完工了几个", "实施协作项目18个。", True),  # nor is every project
    ("那18个项目已经完工了几个", "18个项目中已竣工11个。", False),  # 竣工 is 完工
    ("有几个项目开工了", "18个项目中已有16个开工建设。", False),
])
def test_a_count_not_at_the_stage_asked_does_not_answer(question: str, text: str, missed: bool) -> None:
    from xbbot.kinds import asked_stage, misses_stage

    stage = asked_stage(normalize(question))
    assert stage is not None and misses_stage(text, stage) is missed


@pytest.mark.parametrize(("text", "name", "title"), [
    ("柘岭村村民郜淑蓉在菌棚里采收木耳。", "郜淑蓉", frozenset()),  # jieba: 郜 + 淑蓉, neither a name
    ("郜怀川代表：\n您提出的《关于发展木耳加工的建议》收悉。", "郜怀川", frozenset({"代表"})),  # a letter's salutation
    ("尊敬的郜怀川委员：\n您在市政协会议上提出的提案收悉。", "郜怀川", frozenset({"委员"})),
])
def test_people_named_finds_a_name_jieba_cut_after_its_surname(text: str, name: str, title: frozenset[str]) -> None:
    people = people_named(normalize(text))
    assert people.get(name) == title


def test_a_conjunction_and_a_title_are_no_name_cut_after_a_surname() -> None:
    assert not people_named(normalize("雁岭县委书记说，常州的医生和老师来了。"))  # 和 is a surname too


def test_a_salutation_needs_a_surname_and_a_rare_word() -> None:
    assert not people_named(normalize("各位代表：\n现将议案办理情况报告如下。"))
    assert not people_named(normalize("人大代表：\n现将议案办理情况报告如下。"))


@pytest.mark.parametrize(("question", "text", "held"), [
    ("庄某说帮扶资金要聚焦什么人？", "他提出要优化资金投向，聚焦建档立卡贫困人口。", True),
    ("区长希望发挥哪些人的桥梁作用？", "他希望发挥挂职干部的桥梁作用。", True),
    ("区长希望发挥哪些人的桥梁作用？", "他希望发挥协作平台的桥梁作用。", False),
])
def test_what_kind_of_people_is_answered_by_a_group(question: str, text: str, held: bool) -> None:
    q = normalize(question)
    assert "person" in asked_kinds(q) and asks_group(q)
    assert (has_person(text) or names_group(text)) is held


def test_which_leaders_asks_who_not_how_many() -> None:
    assert asked_measure(normalize("柘岭那边来了哪几位领导")) is None
    assert asked_measure(normalize("柘岭那边来了几位领导")) == "位"


@pytest.mark.parametrize(("question", "past"), [
    ("冷链中心是什么时候建成的？", True), ("二期哪天投产了", True), ("二期什么时候开工", False),
])
def test_a_when_question_about_what_happened(question: str, past: bool) -> None:
    assert asks_past(normalize(question)) is past


def test_a_date_planned_is_no_date_it_happened() -> None:
    assert only_planned("申请使用协作资金710万元，在柘岭镇建设冷链中心，计划2023年6月底前建成投用。", dates=True)
    assert not only_planned("中心2023年6月建成，今年扩建后库容达到2350吨。", dates=True)
    assert not only_planned("申请使用协作资金710万元，计划2023年6月底前建成投用。")  # the sum is no plan


def test_afterwards_on_a_visit_is_no_later_posting() -> None:
    assert "later" not in asked_kinds(normalize("后来又去哪儿看的生态修复？"))
    assert "later" in asked_kinds(normalize("他后来调去哪了"))
    assert "later" in asked_kinds(normalize("他后来去哪了"))


@pytest.mark.parametrize(("question", "kind"), [
    ("芒果厂里那个住在柘岭村的女工叫什么", "person"), ("拿了物理竞赛奖的女娃叫啥名", "person"), ("那个项目叫什么", "name"),
])
def test_a_person_called_something_is_asked_for_a_person(question: str, kind: str) -> None:
    assert kind in asked_kinds(normalize(question))


def test_a_pair_of_provinces_pairing_at_some_level_asks_at_the_province_level() -> None:
    assert names_province("2021年苏陕镇镇结对有几个")
    assert names_province("闽宁县县结对")
    assert not names_province("宁陕县有几个镇")


def test_a_forms_name_field_names_a_person() -> None:
    assert has_person("姓名：查念慈，派出单位及职务：柘岭市第二人民医院心内科主任")
    assert not has_person("姓名和职务另行公布。")


def test_a_count_in_a_place_counter_answers_how_many() -> None:
    assert answers_measure("“柘岭山货”专柜（淯阳市内23处），本年金额527万元。", "个")


def test_people_sent_from_a_to_b_asked_with_wang() -> None:
    assert sends("2024年江苏往陕西派了多少名干部挂职?", "江苏", "陕西")
    assert not sends("陕西选派200名党政干部赴江苏挂职", "江苏", "陕西")


def test_where_someone_worked_before_asks_a_career() -> None:
    assert "career" in asked_kinds(normalize("王某当柘岭市长之前在哪里工作？"))


def test_taking_a_post_is_told_by_any_verb_of_taking_it() -> None:
    event = asked_event(normalize("她是哪年开始当支书的？"))
    assert tells_event("郜秀英2013年起任村党支部书记。", event)
    assert not tells_event("2013年她参加了支书培训班。", event)


def test_the_first_of_its_kind_is_no_superlative() -> None:
    assert not has_kind(normalize("医生在柘岭县人民医院带出了县里第一支介入治疗团队。"), "superlative")
    assert has_kind(normalize("柘岭县的销售额排名第一。"), "superlative")


@pytest.mark.parametrize(("text", "thing", "weighs"), [
    ("去年加工鲜蓝莓1.17万吨。", "鲜果", True),  # the goods by a word of their own, sharing 鲜
    ("全村捂坏的花有三十多吨。", "金银花", True),
    ("全县年产玉米3万吨。", "金银花", False),
])
def test_bulk_goods_are_weighed_under_a_word_of_their_own(text: str, thing: str, weighs: bool) -> None:
    assert weighs_kind_of(text, "吨", thing) is weighs
    assert not weighs_kind_of(text, "个", thing)
