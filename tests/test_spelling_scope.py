"""Homophone correction and the out-of-scope word check, against a small vocabulary."""

from __future__ import annotations

import pytest

from xbbot.lexical import tokenize
from xbbot.query import pinyin_names
from xbbot.kinds import answers_measure, asked_measure
from xbbot.scope import ScopeChecker, _cut, corpus_places, generic_places, is_chitchat, proper_nouns
from xbbot.spelling import Speller
from xbbot.textnorm import normalize

CORPUS = [
    normalize(t)
    for t in [
        "徐州与宝鸡开展扶贫协作,累计落实帮扶资金1.845亿元。",
        "宝鸡市委常委、副市长曾德超表示,徐宝两市扶贫协作还将长期紧密开展。",
        "沛县开发区与麟游县天堂工业园共建产业园区。陇县“借袋还菇”帮扶模式创新在全国推广。",
        "徐州经开区与扶风县共建产业园区。",
    ]
]
VOCAB = {tok for text in CORPUS for tok in tokenize(text)}


@pytest.fixture(scope="module")
def checker() -> ScopeChecker:
    return ScopeChecker(has_token=VOCAB.__contains__)


@pytest.fixture(scope="module")
def speller(checker: ScopeChecker) -> Speller:
    return Speller(CORPUS, is_known=checker.known)


def _speller_over(texts: list[str]) -> Speller:
    """A speller over `texts` (normalised), knowing words as the scope check does."""
    corpus = [normalize(t) for t in texts]
    vocab = {tok for text in corpus for tok in tokenize(text)}
    return Speller(corpus, is_known=ScopeChecker(has_token=vocab.__contains__).known)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("许州给宝机落实了多少帮付资金", "徐州给宝鸡落实了多少帮扶资金"),
        ("曾德潮是谁", "曾德超是谁"),
        ("林游县天堂工业园", "麟游县天堂工业园"),
        ("接袋还姑是什么", "借袋还菇是什么"),
        ("徐州经开区和服风县共建了啥", "徐州经开区和扶风县共建了啥"),
    ],
)
def test_homophone_typos_are_corrected(speller: Speller, typed: str, meant: str) -> None:
    assert speller.correct(typed) == meant


@pytest.mark.parametrize("text", ["徐州与宝鸡的帮扶资金有多少", "我是宝鸡人", "今天天气怎么样", "how much money"])
def test_correct_text_is_left_alone(speller: Speller, text: str) -> None:
    assert speller.correct(text) == text


def test_unknown_places_and_years_are_strong_evidence(checker: ScopeChecker) -> None:
    check = checker.check(normalize("杭州和恩施2021年的扶贫协作资金是多少"))
    assert "杭州" in check.strong and "2021" in check.strong
    assert "扶贫" in check.known and "资金" in check.known


def test_an_unknown_name_before_a_level_is_an_unknown_place(checker: ScopeChecker) -> None:
    # jieba cuts 麟游 + 县 (a name it tags as some proper noun, then the level): together a place
    # this knowledge base never names.
    vocab = {tok for tok in tokenize(normalize("徐州与宝鸡开展扶贫协作，累计落实帮扶资金1.845亿元。"))}
    check = ScopeChecker(has_token=vocab.__contains__).check(normalize("徐州给麟游县多少帮扶资金"))
    assert "麟游县" in check.strong
    # (A known county is known as before.)
    assert "扶风县" in checker.check(normalize("徐州给扶风县多少帮扶资金")).known_strong


def test_unknown_topic_nouns_are_weak_evidence(checker: ScopeChecker) -> None:
    check = checker.check(normalize("徐州明天天气怎么样"))
    assert check.unknown == ("天气",) or "天气" in check.weak
    assert checker.check(normalize("徐州与宝鸡的帮扶资金有多少")).unknown == ()


def test_compound_of_known_parts_is_known(checker: ScopeChecker) -> None:
    assert checker.known("徐州宝鸡")  # 徐州 + 宝鸡, though 州宝 never occurs
    assert not checker.known("徐州地铁")


@pytest.mark.parametrize(
    ("question", "measure", "answered"),
    [("陇县苏陕工业园占地多少亩", "亩", False), ("累计落实了多少钱", "钱", True), ("覆盖多少人", "人", True),
     ("签了几个项目", "个", True), ("投了好几个项目", None, None)],
)
def test_asked_measure(question: str, measure: str | None, answered: bool | None) -> None:
    assert asked_measure(question) == measure
    if measure:
        text = "累计落实帮扶资金1.845亿元,共实施80个项目,覆盖贫困人口约1.2万人。"
        assert answers_measure(text, measure) is answered


@pytest.mark.parametrize("text", ["你好", "在吗", "谢谢啊", "hi there!", "thanks a lot", "早上好呀"])
def test_chitchat(text: str) -> None:
    assert is_chitchat(normalize(text))


@pytest.mark.parametrize("text", ["你好,累计资金多少", "谢谢徐州的帮扶资金有多少", "hello how much money"])
def test_questions_are_not_chitchat(text: str) -> None:
    assert not is_chitchat(normalize(text))


# A county the knowledge names whose bare name jieba does not know: it glues 和/给 to it (和枫岭).
PLACE_CORPUS = [normalize(t) for t in ["江都区与枫岭县结对开展东西部协作，安排协作资金3200万元。", "枫岭县新建冷库两座。"]]


@pytest.fixture(scope="module")
def place_checker() -> ScopeChecker:
    vocab = {tok for text in PLACE_CORPUS for tok in tokenize(text)}
    return ScopeChecker(has_token=vocab.__contains__, places=corpus_places(proper_nouns(PLACE_CORPUS)))


@pytest.mark.parametrize("question", ["江都和枫岭的协作资金有多少", "江都向枫岭派了多少干部", "协议里枫岭每年派多少干部"])
def test_a_place_glued_to_a_function_word_is_read_as_the_place(place_checker: ScopeChecker, question: str) -> None:
    check = place_checker.check(normalize(question))
    assert "枫岭" in check.known_strong and "枫岭" in check.known_places
    assert not any(w.endswith("枫岭") and w != "枫岭" for w in check.known + check.unknown)
    assert check.strong == ()


def test_a_place_glued_to_that_in_a_follow_up_is_read_as_the_place(place_checker: ScopeChecker) -> None:
    # 那枫岭县呢 is the usual way to ask the same about another county.
    check = place_checker.check(normalize("那枫岭县呢"))
    # (那枫岭 + 县: the place, made whole with its level as 枫 + 山区 is mended into 枫山区.)
    assert check.strong == () and {"枫岭", "枫岭县"} & set(check.known_places), check


# jieba cuts 枫浦和杏峪 as 枫 + 浦和 + 杏峪: the function word is glued to the END of a place it does not know.
PAIR_CORPUS = [normalize(t) for t in ["枫浦市与杏峪县结对开展东西部协作，安排协作资金3200万元。", "杏峪县新建冷库两座。"]]


@pytest.fixture(scope="module")
def pair_checker() -> ScopeChecker:
    vocab = {tok for text in PAIR_CORPUS for tok in tokenize(text)}
    return ScopeChecker(has_token=vocab.__contains__, places=corpus_places(proper_nouns(PAIR_CORPUS)))


def test_a_place_with_a_function_word_glued_to_its_end_is_read_as_the_place(pair_checker: ScopeChecker) -> None:
    check = pair_checker.check(normalize("枫浦和杏峪的协作资金有多少"))
    assert "枫浦" in check.known_places and "杏峪" in check.known_places, check
    assert check.strong == () and check.unknown == ()
    assert not any("浦和" in w for w in check.known + check.weak)


def test_a_function_word_glued_before_a_place_is_still_mended(pair_checker: ScopeChecker) -> None:
    check = pair_checker.check(normalize("枫浦向杏峪派了多少干部"))
    assert "杏峪" in check.known_places and check.strong == ()


def test_an_adverb_jieba_glued_into_a_name_is_cut_off() -> None:
    # jieba reads 濮阆刚 as one name: the pair's abbreviation and 刚 (just).
    corpus = [normalize("濮阳市与阆山县结对以来，濮阆协作不断深化。")]
    vocab = {tok for text in corpus for tok in tokenize(text)}
    check = ScopeChecker(has_token=vocab.__contains__).check(normalize("濮阆刚结对的时候派了多少干部"))
    assert "濮阆" in check.known_strong and not any("刚" in w for w in check.known + check.unknown), check


def test_a_village_whose_name_jieba_reads_as_a_common_noun_is_a_place() -> None:
    # jieba knows 石崖 (a cliff) as a rare noun: 石崖 + 村 is the village the knowledge base names.
    corpus = [normalize("石崖村地处河谷，石崖村合作社有社员86户。"), normalize("全村种植核桃3000亩。")]
    vocab = {tok for text in corpus for tok in tokenize(text)}
    checker = ScopeChecker(has_token=vocab.__contains__)
    assert "石崖村" in checker.check(normalize("石崖村党支部书记是谁")).known_strong
    assert not any("全村" in w for w in checker.check(normalize("全村种了多少核桃")).known_strong)  # a common word


def test_a_level_that_begins_a_known_word_is_glued_to_no_verb() -> None:
    # jieba: 登出 + 区 + 中园; 区中园 is the knowledge base's word, 登出区 no place.
    corpus = [normalize("两省共建“区中园”，召开区中园联席会议。")]
    vocab = {tok for text in corpus for tok in tokenize(text)}
    check = ScopeChecker(has_token=vocab.__contains__).check(normalize("报纸哪天在头版登出区中园联席会议的新闻"))
    assert check.strong == () and not any("登出区" in w for w in check.known + check.unknown), check


def test_a_common_facility_jieba_tags_an_organisation_is_no_name() -> None:
    corpus = [normalize("杏岭县茶叶加工厂由枫浦茶业运营，厂长周晓岚。")]
    vocab = {tok for text in corpus for tok in tokenize(text)}
    check = ScopeChecker(has_token=vocab.__contains__).check(normalize("杏岭那个茶叶加工厂的厂长是谁"))
    assert "加工厂" not in check.known_strong and "加工厂" in check.known


# -- a word before its own party committee or head is a place -----------------------------------------


@pytest.mark.parametrize(
    ("text", "place"),
    [("泰仁市委书记王建国到枫岭县调研。", "泰仁市"), ("泰仁区政府与枫岭县签订协议。", "泰仁区")],
)
def test_a_word_before_its_own_committee_or_head_is_a_place(text: str, place: str) -> None:
    nouns = proper_nouns([text])
    assert (place, "ns") in nouns, nouns
    assert place[:-1] in corpus_places(nouns)
    assert pinyin_names(nouns).get("tairen") == place[:-1]  # so an English question finds it by pinyin


@pytest.mark.parametrize("text", ["某州市副市长张立新出席。", "某河县县长李四出席。", "杏仁市委书记到枫岭县调研。"])
def test_a_fragment_or_a_common_word_before_a_head_is_no_place(text: str) -> None:
    found = {w for w, _ in proper_nouns([text])}
    assert not any(w.endswith(("市副市", "县县", "市市", "区区")) or w.startswith("杏仁") for w in found), found


# jieba cuts 枫山区 into 枫 + 山区 (a character and a word of its own) in a question; the knowledge base
# names it with its own committee (枫山区委书记), so it is a place there.
SPLIT_CORPUS = [normalize(t) for t in ["枫山区委书记王建国到泰仁市调研。", "泰仁市与枫山区结对开展东西部协作，安排协作资金3200万元。",
                                       "枫山区新建冷库两座，山区群众就近就业。"]]


@pytest.fixture(scope="module")
def split_checker() -> ScopeChecker:
    vocab = {tok for text in SPLIT_CORPUS for tok in tokenize(text)}
    return ScopeChecker(has_token=vocab.__contains__, places=corpus_places(proper_nouns(SPLIT_CORPUS)))


@pytest.mark.parametrize("question", ["枫山区的协作资金有多少", "泰仁向枫山区安排了多少协作资金", "枫山区新建了几座冷库"])
def test_a_place_cut_into_a_character_and_a_word_is_mended(split_checker: ScopeChecker, question: str) -> None:
    assert ("枫", "nr") in _cut(normalize(question)) and "枫山区" in split_checker.places  # the cut this is about
    check = split_checker.check(normalize(question))
    assert "枫山区" in check.known_places and "枫山区" in check.known_strong, check
    assert "山区" not in check.known + check.unknown and check.strong == (), check


def test_the_word_alone_is_not_mended_into_a_place(split_checker: ScopeChecker) -> None:
    # 山区 after another word is the common noun it is.
    check = split_checker.check(normalize("泰仁的山区群众有多少就业"))
    assert "山区" in check.known and not any(w.endswith("山区") and w != "山区" for w in check.known), check
    assert "泰仁" in check.known_places and not any("山区" in w for w in check.known_places), check


def test_a_split_place_with_a_function_word_glued_to_its_first_character_is_mended(split_checker: ScopeChecker) -> None:
    # jieba cuts 那枫山区呢 as 那枫 + 山区: the follow-up asks about 枫山区, not about an unknown 那枫.
    assert ("那枫", "nr") in _cut(normalize("那枫山区呢"))
    check = split_checker.check(normalize("那枫山区呢"))
    assert check.strong == () and "枫山区" in check.known_places, check


# -- names an English question spells in pinyin ------------------------------------------------------


def test_a_village_cut_off_its_level_and_a_never_seen_trade_name_are_spelled_in_pinyin() -> None:
    nouns = proper_nouns(["清晨，枫岭县石崖村的晒场上排起了长队。由青州和枫岭共建的恒望纺织产业园开园。"])
    names = pinyin_names(nouns)
    assert names.get("shiya") == "石崖" and names.get("shiyacun") == "石崖村"  # jieba cuts 石崖 + 村
    assert names.get("hengwang") == "恒望"  # a word jieba has never seen: a firm's name
    assert "paiqi" not in names and "changdui" not in names  # common words are no names


def test_a_name_is_found_by_every_reading_of_its_characters() -> None:
    # 都 reads dou in 都是 but du in place names: both spellings find the town.
    names = pinyin_names(proper_nouns(["枫岭县都兰镇的合作社扩大了规模。"]))
    assert names.get("dulan") == "都兰" and names.get("doulan") == "都兰"


# A province pair (沪滇, 津甘) names the province level; jieba may cut it into its two characters,
# or glue 的 to its first one (甘肃的津甘 → 的津 + 甘).
PROVINCE_PAIR_CORPUS = [normalize(t) for t in ["2024年，沪滇协作资金带动3.1万人增收。", "津甘协作资金4.2亿元。"]]


@pytest.fixture(scope="module")
def pair_abbreviation_checker() -> ScopeChecker:
    vocab = {tok for text in PROVINCE_PAIR_CORPUS for tok in tokenize(text)}
    return ScopeChecker(has_token=vocab.__contains__, places=corpus_places(proper_nouns(PROVINCE_PAIR_CORPUS)))


@pytest.mark.parametrize(("question", "pair"), [("2024年沪滇那笔钱带动了多少人", "沪滇"), ("甘肃的津甘协作资金有多少", "津甘"),
                                                ("2021年的津甘框架协议是谁签的字", "津甘")])  # (tagged as an idiom)
def test_a_province_pair_cut_apart_or_glued_to_a_particle_is_one_word(
        pair_abbreviation_checker: ScopeChecker, question: str, pair: str) -> None:
    check = pair_abbreviation_checker.check(normalize(question))
    assert pair in check.known_strong, check
    assert not any(w.startswith("的") for w in check.known + check.unknown), check


@pytest.mark.parametrize(("question", "generic"), [
    ("枫岭县今天冷不冷", "某地今天冷不冷"),
    ("从杏峪怎么去西安咸阳机场", "某地怎么去某地机场"),  # (the 从 jieba glued to 杏峪 goes with it)
    ("今天天气怎么样", "今天天气怎么样"),
])
def test_a_question_to_decline_is_encoded_with_its_places_made_generic(question: str, generic: str) -> None:
    assert generic_places(normalize(question), frozenset({"杏峪", "杏峪县"})) == generic


def test_a_word_jieba_cut_across_two_known_words_is_not_corrected() -> None:
    corpus = [normalize(t) for t in ["沪滇两省共建“区中园”，首批签约项目9个。", "枫岭县新建一个垫区，垫区面积不大。"]]
    vocab = {tok for text in corpus for tok in tokenize(text)}
    speller = Speller(corpus, is_known=vocab.__contains__)
    # jieba cuts 沪 + 滇区 + 中园; 滇区 sounds like 垫区, but 沪滇 and 区中园 are the words meant.
    assert speller.correct("沪滇区中园签了几个项目") == "沪滇区中园签了几个项目"
    assert speller.correct("枫岭县新建的店区有多大") == "枫岭县新建的垫区有多大"


def test_a_window_never_starts_inside_a_known_word_nor_an_asking_word_is_corrected() -> None:
    corpus = [normalize(t) for t in ["会议总结了全年工作。", "那天调节氏那里的水渠通了。"]]
    vocab = {tok for text in corpus for tok in tokenize(text)}
    speller = Speller(corpus, is_known=vocab.__contains__)
    # 结是哪 sounds like 节氏那, but 总结 was written on purpose; 哪天 asks, it is no 那天.
    assert speller.correct("工作总结是哪个月发的") == "工作总结是哪个月发的"
    assert speller.correct("总结是哪天发的") == "总结是哪天发的"
    # (jieba cuts 哪 + 天 apart after 要求: the pair of single characters asks too.)
    assert speller.correct("材料要求哪天之前送审") == "材料要求哪天之前送审"
    assert speller.correct("调杰氏那的水渠") == "调节氏那的水渠"  # a window on word boundaries still is
    # …and one that starts inside a written word is tried when it covers a word never written.
    corpus = [normalize("枫岭市有几个乡，全市5个贫困县都已摘帽。")]
    vocab = {tok for text in corpus for tok in tokenize(text)}
    assert Speller(corpus, is_known=vocab.__contains__).correct("枫岭原来有几个品困县") == "枫岭原来有几个贫困县"


@pytest.mark.parametrize("text", ["好的谢谢", "ok thanks", "嗯嗯收到", "好的，谢谢！", "明白了", "你好，再问一下"])
def test_greetings_in_a_row_are_chitchat(text: str) -> None:
    assert is_chitchat(normalize(text))


@pytest.mark.parametrize("text", ["好的，那2021年呢", "谢谢，协作资金多少", "行不行", "哈" * 5000 + "钱", "再问一下协作资金多少"])
def test_a_greeting_before_a_question_is_no_chitchat(text: str) -> None:
    assert not is_chitchat(normalize(text))


def test_english_glue_words_are_no_unknown_subject(checker: ScopeChecker) -> None:
    found = checker.check(normalize("What did they give the latest workshop, and how many got jobs?"))
    unknown = set(found.strong + found.nouns + found.others)
    assert not unknown & {"they", "give", "latest", "got"}
    assert "workshop" in unknown  # a subject word the knowledge base lacks still counts


def test_a_level_asked_glued_to_a_verb_is_no_unknown_name(checker: ScopeChecker) -> None:
    glued = checker.check(normalize("徐州在哪个镇建的产业园区"))
    assert "镇建" not in glued.strong + glued.nouns + glued.others
    # 区县 is a word of its own, and one the knowledge base lacks.
    assert "区县" in checker.check(normalize("徐州和哪个区县结对")).nouns


def test_a_measure_word_glued_to_a_place_is_cut_off(place_checker: ScopeChecker) -> None:
    found = place_checker.check(normalize("展销馆里有多少种枫岭特产"))
    assert "枫岭" in found.known_strong, found


def test_a_known_word_a_window_cuts_keeps_its_characters_and_asking_words_are_never_fixed() -> None:
    speller = _speller_over(["枫岭县医院重症医学科开放床位8张。", "产业园正式开园。", "济湘协作成效明显。"])
    assert speller.correct("枫岭重症室开了几张床") == "枫岭重症室开了几张床"  # not 重正式开 (正式开园)
    assert speller.correct("开展了几项新技术") == "开展了几项新技术"  # 几项 asks; it is no 济湘


def test_a_common_word_is_no_typo_for_a_rarer_one_of_the_same_sound() -> None:
    """干活 (work) is written on purpose, though the knowledge base writes only 干货 (dried goods)."""
    speller = _speller_over(["枫岭县的干货销往各地，带动就业。"])
    assert speller.correct("车间招了多少人干活") == "车间招了多少人干活"
    assert speller.correct("枫岭的干或卖到哪里") == "枫岭的干货卖到哪里"  # a rare slip is still fixed


def test_a_three_character_word_one_character_off_a_written_name_is_that_name() -> None:
    """旷家岭 reads as known (旷 and 家岭 each are), but nobody writes it and 邝家岭 is written often."""
    speller = _speller_over(["邝家岭镇新建冷库2座。", "邝家岭镇的茶园面积扩大。", "旷野上风很大。"])
    assert speller.correct("旷家岭建了几座冷库") == "邝家岭建了几座冷库"
    # (Not a function word: 冷库是 is no 冷库市, and a window across words keeps its characters.)
    assert speller.correct("邝家岭冷库是哪年建的") == "邝家岭冷库是哪年建的"


def test_a_common_word_sharing_no_character_with_a_written_one_is_another_word() -> None:
    """现金 (cash) sounds like the knowledge base's 先进 (advanced) but is no slip of the keyboard."""
    speller = _speller_over(["枫岭县的做法很先进。", "枫岭村史馆陈列着老照片。", "车间要加强管理。"])
    assert speller.correct("捐赠里现金有多少") == "捐赠里现金有多少"
    # 馆里 of 村史馆里 sounds like 管理, but the knowledge base writes 史馆: 馆 was meant.
    assert speller.correct("村史馆里有什么") == "村史馆里有什么"


def test_the_unit_an_asking_word_asks_in_is_no_typo() -> None:
    """从哪天起施行: jieba cuts 哪 + 天起, which sounds like 天气 — but 哪天 asks the day."""
    speller = _speller_over(["枫岭的天气不错。", "措施自6月1日起施行。"])
    assert speller.correct("枫岭的措施从哪天起施行") == "枫岭的措施从哪天起施行"


def test_a_set_phrase_naming_a_thing_is_a_noun() -> None:
    corpus = [normalize("枫岭县协作项目惠及群众1200户，协议规定了各方责任。")]
    vocab = {tok for text in corpus for tok in tokenize(text)}
    check = ScopeChecker(has_token=vocab.__contains__, places=corpus_places(proper_nouns(corpus))).check
    # 违约责任 is a set phrase jieba ignores like 说真的, but it names a thing the corpus lacks.
    assert "违约责任" in check(normalize("协议里违约责任是怎么规定的")).nouns


# -- names jieba has never seen, cut around a rare character ---------------------------------------


@pytest.mark.parametrize(
    ("text", "place"),
    [("汀溪绿源公司在青萝镇桐坳村建设加工厂。", "桐坳村"),  # 桐 + 坳 + 村: a morpheme before the village
     ("汀溪市人社局与苴峰县人民政府联合举办招聘会。", "苴峰县"),  # 苴 + 峰县: the rare first character cut off
     ("走进青杠坪村花椒加工车间。", "青杠坪村"),  # 青 + 杠坪 + 村: not 杠坪村
     ("泓屿市采购嶂阳州农特产品。", "泓屿市"),  # 泓 is tagged a measure word: a rare one may begin a name
     ("泓屿市采购嶂阳州农特产品。", "嶂阳州"),  # a prefecture (州) is a place with its level too
     ("漭川市帮扶嵫溪县建设冷库。", "漭川市"),  # 漭 and 嵫 are in no word jieba knows (tagged x)
     ("漭川市帮扶嵫溪县建设冷库。", "嵫溪县")],
)
def test_a_place_jieba_cuts_around_a_rare_character_is_whole_again(text: str, place: str) -> None:
    nouns = proper_nouns([text])
    assert (place, "ns") in nouns, nouns
    assert {place, place[:-1]} <= corpus_places(nouns)


def test_a_county_of_one_character_is_named_in_pinyin() -> None:
    nouns = proper_nouns(["乐清和理县结对已经四年，本县和邻县的干部也来学习。"])
    assert pinyin_names(nouns).get("lixian") == "理县"
    assert not any(w in ("本县", "邻县") for w, _ in nouns), nouns


@pytest.mark.parametrize("text", ["他想回乡创业，把技术带回村里。", "这是全县第一个帮扶车间。"])
def test_common_words_before_a_level_are_no_place(text: str) -> None:
    found = {w for w, _ in proper_nouns([text])}
    assert not any(w.endswith(("回乡", "全县", "回村")) for w in found), found


def test_a_verb_jieba_takes_for_a_county_is_no_place(checker: ScopeChecker) -> None:
    check = checker.check("去年新建了几个帮扶车间")  # jieba tags 新建 (a county of Jiangxi) ns
    assert "新建" not in check.strong + check.known_strong, check



# -- villages and towns jieba cuts into characters, and places glued to the next word ----------------

VILLAGE_CORPUS = [normalize(t) for t in [
    "岚水县是泰仁市的结对县。泰仁企业在岚水县建设冷链集配中心。",
    "车间建在桦荫坝村，由泰仁一家服饰企业运营。",  # 桦 + 荫 + 坝 + 村
    "粉条厂引到了滕山镇石泉坝村。",  # 滕 + 山镇, 石泉 + 坝村
    "蒲水县的红薯加工厂在桧山镇。",
]]


@pytest.fixture(scope="module")
def village_checker() -> ScopeChecker:
    vocab = {tok for text in VILLAGE_CORPUS for tok in tokenize(text)}
    return ScopeChecker(has_token=vocab.__contains__, places=corpus_places(proper_nouns(VILLAGE_CORPUS)))


@pytest.mark.parametrize("place", ["桦荫坝村", "桦荫坝", "滕山镇", "石泉坝村", "石泉坝", "岚水县", "岚水"])
def test_villages_and_towns_cut_into_characters_are_places(village_checker: ScopeChecker, place: str) -> None:
    assert place in village_checker.places, sorted(village_checker.places)


@pytest.mark.parametrize(("question", "place"), [
    ("桦荫坝那个车间有多少工人", "桦荫坝"),  # the characters joined again
    ("岚水冷链中心什么时候建成", "岚水"),  # 岚 + 水冷 + 链: the place's last character taken back
    ("岚水滕山镇的粉条厂投资多少", "滕山镇"),  # 岚水 + 滕 + 山镇
    ("蒲水桧山镇的加工厂投资多少", "桧山镇"),  # 蒲水桧 + 山镇: 蒲水 + 桧山镇
])
def test_a_place_jieba_glues_to_the_next_word_is_read_whole(village_checker: ScopeChecker, question: str, place: str) -> None:
    check = village_checker.check(normalize(question))
    assert place in check.known_places and check.strong == (), check
    assert not any(w in check.known + check.unknown for w in ("水冷", "山镇")), check


def test_common_words_after_a_name_are_no_village() -> None:
    places = corpus_places(proper_nouns(["乙方农村劳动力到甲方就业，产权归村集体，老乡回村就业，县岩脚村的路修通了。"]))
    assert not any(w.endswith(("农村", "归村", "回村")) or w.startswith("县") for w in places), places


@pytest.mark.parametrize(("text", "place"), [
    ("泺川市安排翀峪县财政援助资金5210万元。", "翀峪县"),  # 翀 is tagged a particle, but is too rare to be one
    ("蘅州对口帮扶岚峪县和梁渠县。", "梁渠县"),  # 梁 (a surname) + 渠县 (a county jieba knows)
])
def test_a_rare_or_surname_character_cut_off_a_county_begins_its_name(text: str, place: str) -> None:
    places = corpus_places(proper_nouns([normalize(text)]))
    assert {place, place[:-1]} <= places, places


def test_a_place_of_the_knowledge_base_is_suggested_for_a_word_it_never_writes() -> None:
    """jieba rarely cuts a rare place (淯澄) as a word, and 岨 reads jū or qū: the places are looked
    up by every reading, even when the typed word's parts are known (鱼 + 澄市)."""
    corpus = [normalize("淯澄市与岨垭县结对以来，淯澄市安排岨垭县协作资金8740万元，建成鱼类养殖基地。")]
    vocab = {tok for text in corpus for tok in tokenize(text)}
    checker = ScopeChecker(has_token=vocab.__contains__)
    speller = Speller(corpus, is_known=checker.known, places={"淯澄市", "淯澄", "岨垭县", "岨垭"})
    assert speller.correct("鱼澄市给居垭县多少协作资金") == "淯澄市给岨垭县多少协作资金"
    assert speller.correct("淯澄市给岨垭县多少协作资金") == "淯澄市给岨垭县多少协作资金"
    assert speller.correct("鱼类养殖基地在哪") == "鱼类养殖基地在哪"


def test_a_place_glued_to_a_conjunction_or_a_particle_glued_to_a_verb_is_no_unknown_word() -> None:
    corpus = [normalize("湉渚市与岨垭县结对学校31所。苇子沟村扶贫车间招工63人。")]
    vocab = {tok for text in corpus for tok in tokenize(text)}
    checker = ScopeChecker(has_token=vocab.__contains__, places=frozenset({"湉渚", "岨垭"}))
    assert checker.check(normalize("湉渚和岨垭结对的学校有多少所")).unknown == ()
    assert "了招" not in checker.check(normalize("苇子沟车间开工了招了多少人")).unknown
    assert checker.check(normalize("那条车间招了多少人")).unknown == ()


def test_a_word_jieba_cut_out_of_two_known_ones_is_no_unknown_word() -> None:
    corpus = [normalize("2026年农民丰收节助农直播在泺川举行。")]
    vocab = {tok for text in corpus for tok in tokenize(text)}
    checker = ScopeChecker(has_token=vocab.__contains__)
    assert "节助" not in checker.check(normalize("泺川丰收节助农直播定在哪一天")).unknown
    assert "麟游县" in checker.check(normalize("泺川给麟游县直播了几场")).unknown


def test_a_name_with_a_mistyped_surname_is_the_reports_name() -> None:
    corpus = [normalize("挂职副县长祁鸿岩说，鸿岩二字取自家乡的山。戚家村有120户。")]
    vocab = {tok for text in corpus for tok in tokenize(text)}
    checker = ScopeChecker(has_token=vocab.__contains__)
    speller = Speller(corpus, is_known=checker.known, people=["祁鸿岩"])
    assert speller.correct("戚鸿岩带了多少人去邳州") == "祁鸿岩带了多少人去邳州"
    assert Speller(corpus, is_known=checker.known).correct("戚鸿岩带了多少人去邳州") == "戚鸿岩带了多少人去邳州"


def test_a_function_word_jieba_glued_to_a_known_word_is_no_typo() -> None:
    """公开栏 + 是, cut as 栏是, is not the knowledge base's 澜石 (lan shi)."""
    speller = _speller_over(["澜石镇建起冷库。", "村务公开栏公开了项目。"])
    assert speller.correct("这期村务公开栏是哪天贴出来的") == "这期村务公开栏是哪天贴出来的"


def test_which_round_names_no_thing() -> None:
    corpus = [normalize("枫岭村乡村振兴规划安排重点项目6个。")]
    vocab = {tok for text in corpus for tok in tokenize(text)}
    found = ScopeChecker(has_token=vocab.__contains__).check(normalize("枫岭村新一轮乡村振兴规划里有几个重点项目"))
    assert "新一轮" not in found.known_strong + found.strong + found.nouns, found


def test_a_particle_and_character_glued_to_the_head_of_a_known_word_are_no_unknown_word() -> None:
    """登的区 + 中园 is 登的 + 区中园: jieba glued 区 of the known 区中园 to the verb before it."""
    corpus = [normalize("两省共建区中园，召开区中园联席会议。")]
    vocab = {tok for text in corpus for tok in tokenize(text)}
    found = ScopeChecker(has_token=vocab.__contains__).check(normalize("报纸是哪天在头版登的区中园联席会议的消息"))
    assert not found.strong and not any("区" in w for w in found.others + found.nouns), found
    # Without a particle glued in, a word before one the knowledge base knows is a word of its own.
    corpus = [normalize("两省共建区中园，召开区中园联席会议，打造完美区中园。")]
    vocab = {tok for text in corpus for tok in tokenize(text)}
    found = ScopeChecker(has_token=vocab.__contains__).check(normalize("帮我写一首赞美区中园的诗"))
    assert any(w.startswith("赞美") for w in found.strong + found.nouns + found.others), found


def test_a_place_with_a_character_glued_on_both_sides_is_cut_out(pair_checker: ScopeChecker) -> None:
    check = pair_checker.check(normalize("2021年枫浦和杏峪的联席会议在哪天开"))  # jieba: 年枫浦和, one name
    assert "枫浦" in check.known_places and "杏峪" in check.known_places, check
    assert not any("年" in w for w in check.known_strong)


def test_a_measure_word_glued_to_a_one_character_noun_names_nothing_unknown(pair_checker: ScopeChecker) -> None:
    check = pair_checker.check(normalize("学枫浦菜最难的是哪道菜"))
    assert "道菜" not in check.unknown, check


def test_a_pair_fix_keeps_a_character_the_one_before_writes_with_it() -> None:
    speller = _speller_over(["2019年浭澥市安排巉岏县资金。", "村民写给浭澥的感谢信。"])
    assert speller.correct(normalize("浭澥给巉岏县安排了多少资金")) == normalize("浭澥给巉岏县安排了多少资金")


@pytest.mark.parametrize(("text", "place"), [
    ("鹁鸪坪镇苦楝湾村的蓝莓基地。", "苦楝湾村"),  # jieba: 苦楝 + 湾村, the level glued to the name's end
    ("两市还结对了岣崦县和崞岭县。", "岣崦县"),  # 岣 + 崦 + 县, 崦 a character jieba has no word for
])
def test_a_place_jieba_cuts_oddly_is_still_a_place(text: str, place: str) -> None:
    assert place in corpus_places(proper_nouns([normalize(text)]))
