"""Understanding a question once: the `Query` that ranking, answerability and composing all read.

A message is read into one Query at the start — its search text (normalised, typos corrected,
English bridged to the articles' Chinese), language and script, what kind of thing it asks for,
the years or period it names, whether it wants the latest figure, its content words known and
unknown to the knowledge base — and, for a follow-up, the previous question it continues.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Literal

import jieba.posseg as pseg

from xbbot.kinds import (
    people_measure,
    asks_group,
    asks_past,
    amount_named_before,
    word_frequency,
    asks_agreed,
    asks_final,
    asks_items,
    asked_stage,
    priced_thing,
    asks_actual,
    asks_change,
    asks_per_head,
    asks_plan,
    asked_institutions,
    asked_kinds,
    asked_body,
    asked_measure,
    asked_payment,
    asked_act,
    asks_which_only,
    asked_event,
    asks_day,
    asked_name_of,
    asked_place_level,
    asks_about_report,
    COUNT,
    counted_thing,
    donated_money,
    is_money,
    names_province,
    ordinal_keys,
    ordinals,
    place_roles,
    roles,
    sends,
)
from xbbot.dictionary import chinese_for
from xbbot.lexical import EN_STOPWORDS
from xbbot.scope import ScopeCheck, ScopeChecker, is_chitchat
from xbbot.spelling import Speller, readings
from xbbot.textnorm import PLACE_LEVELS, YEAR_WORDS, bridge_relative_time, normalize, strip_controls, to_simplified
from xbbot.wordlists import load_mapping, shipped

Lang = Literal["zh", "en"]
Script = Literal["simplified", "traditional", "latin", "none"]

# Long messages are cut before encoding: the model reads 512 tokens at most and nobody's
# question is longer than this.
MAX_QUERY_CHARS = 300

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_HAS_WORD = re.compile(r"[\u3400-\u9fff\w]")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_PERIOD = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年?\s*(?:到|至|—|–|-|~|～|to|through|until)\s*((?:19|20)\d\d)(?!\d)")
_SINCE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年?\s*(?:以来|至今|开始到现在)|\bsince ((?:19|20)\d\d)\b")
# Five-year plan periods are how Chinese reports name their time spans.
_PLAN_PERIODS = {"十三五": (2016, 2020), "十四五": (2021, 2025), "十五五": (2026, 2030)}
# Asking for the newest state of things. A question's 今年 means the asker's year, which the
# knowledge base may not reach yet: the newest figure, with its date, is the honest answer.
_LATEST = re.compile(
    r"最新|最近|现在|目前|如今|当前|眼下|近况|今年|至今|到现在|迄今|"
    r"\blatest\b|\bnow\b|\bcurrent(?:ly)?\b|\brecent(?:ly)?\b|\bthese days\b|\btoday\b|\bthis year\b|\bso far\b|\bto date\b"
)
# Points back: starts like a follow-up, or refers to something earlier with a pronoun.
_POINTS_BACK = re.compile(
    r"^(那|那么|还有|另外|再|and\b|what about|how about)|他|她|它|其中|这些|那些|这个|那个|上述|前面"
    r"|这笔|那笔|这项|那项|这里|那里|这儿|那儿|这家|那家|这所|那所|这位|那位|这次|那次|当时|当地"
    r"|\b(they|their|them|it|its|those|these|he|his|she|her)\b"
)
# Plainly a follow-up: points back, or ends in 呢 (物资呢).
_FOLLOWUP = re.compile(_POINTS_BACK.pattern + r"|呢[?？]?$")
# Words that open a new subject (换个话题，…, by the way, …): what follows is a question of its own.
_SWITCH = re.compile(
    r"^\s*(?:换个?一?个?(?:话题|问题)|问个别的|问点别的|说点别的|不说这个了|另外问一?下|再问个别的|"
    r"by the way|btw|another question|on another (?:topic|note)|chang(?:e|ing) (?:of )?(?:the )?subject)[\s，,：:。.!！;；]*",
    re.I,
)
# A year written with two digits (19年, 24年底) — not a duration (干了12年) or an ordinal (第15年).
_SHORT_YEAR = re.compile(r"(?<![\d.第多几近前后干了过做医教业龄共达满整根来这那去])(1[0-9]|2[0-9])年(?![级代纪了多前后来间里内]|$)")
# Short questions (总投资多少) may be follow-ups too; they are tested against the answer.
# (A Chinese sentence has no spaces: only English words are counted as words.)
_SHORT = re.compile(r"^\S{1,6}[?？]?$|^([A-Za-z'\d]+\s){0,3}[A-Za-z'\d]+\?$")
# A follow-up that asks for something else (那今年呢？ 他还说了啥) must not get the previous answer again.
# (那一年, 那个项目 point back to the same thing: 那一年实施了多少个项目 may be answered where 那2022年呢 was.)
_CONTRAST = re.compile(r"^(那(?!一?年|个|些|位|家|里|次|所|笔|项|时)|那么|还有|另外|and\b|what about|how about)|呢[?？]?$|还|别的|其他|其它|\belse\b|\bother\b")
# A capitalised word not at the start of the question or of a sentence in it.
_ENGLISH_NAME = re.compile(r"(?<=[a-z,;:]\s)([A-Z][a-z]{2,})\b")
_ENGLISH_NAME_PAIR = re.compile(r"\b([A-Z][a-z]+)\s+([A-Z][a-z]+)\b")
# The kind of money an English how-much question asks (its Chinese counted thing, see kinds._MONEY_KINDS).
_ENGLISH_MONEY = (("资金", re.compile(r"\bfund(?:s|ing|ed)?\b")), ("投资", re.compile(r"\binvest(?:s|ed|ment|ments)?\b")),
                  ("捐款", re.compile(r"\bdonat(?:e|ed|es|ion|ions)\b")), ("工资", re.compile(r"\b(?:salary|salaries|wages?)\b")))
_COMMON_CAPITALISED = frozenset({"chinese", "china", "english", "mr", "mrs", "ms", "dr"})
_LATIN_WORD = re.compile(r"[a-z]+")
_SYLLABLE_APOSTROPHE = re.compile(r"(?<=[A-Za-z])['’](?=[aeo][a-z])")


_ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


def language(text: str) -> Lang:
    """'en' for text in Latin letters, with no Chinese characters or only a few for a name the
    asker could not spell (How many locals work at the 湉岨 park?), else 'zh'."""
    if not _LATIN.search(text):
        return "zh"
    cjk = len(_CJK.findall(text))
    return "en" if cjk == 0 or len(_ENGLISH_WORD.findall(text)) >= max(3, cjk) else "zh"


def script_of(text: str) -> Script:
    """Traditional when converting to simplified changes any character; Latin without CJK."""
    if not _CJK.search(text):
        return "latin" if _LATIN.search(text) else "none"
    return "traditional" if to_simplified(text) != text else "simplified"


def has_words(text: object) -> bool:
    """Whether a message holds anything to look up (letters or digits after control characters go)."""
    return isinstance(text, str) and bool(_HAS_WORD.search(strip_controls(text)))


def years_and_period(normalized: str) -> tuple[tuple[int, ...], tuple[int, int | None] | None]:
    """The years a question names, and a period (first, last; last None for 'since')."""
    period: tuple[int, int | None] | None = None
    m = _PERIOD.search(normalized)
    if m:
        period = (int(m.group(1)), int(m.group(2)))
    else:
        s = _SINCE.search(normalized)
        if s:
            period = (int(s.group(1) or s.group(2)), None)
        else:
            for word, span in _PLAN_PERIODS.items():
                if word in normalized:
                    period = span
                    break
    years = tuple(sorted({int(y) for y in _YEAR.findall(normalized)}))
    return years, period


# The last character of a government bureau's short name (人社局, 发改委, 外事办).
_ORGANS = frozenset("局委办厅")


@dataclass(frozen=True)
class Query:
    """A question read once; every later step takes this instead of re-reading the text."""

    raw: str  # the message as received, cut to MAX_QUERY_CHARS
    text: str  # search form: normalised, typos corrected, English bridged
    lang: Lang
    script: Script
    wants: frozenset[str]  # number/date/place/person/reason/total (xbbot.kinds)
    measure: str | None  # the unit asked in (多少亩 → 亩)
    years: tuple[int, ...]  # years named
    period: tuple[int, int | None] | None  # a span named (2016年到2019年, 十四五, since 2020)
    latest: bool  # 最新, 现在, latest…
    chitchat: bool  # nothing to look up: 你好, thanks
    scope: ScopeCheck  # content words the knowledge base knows and does not know
    roles: tuple[str, ...] = ()  # titles named (市长, 书记): who is asked about
    # A title tied to a place (榆林市长): another place's holder of that title is not the answer.
    place_roles: tuple[tuple[str, str], ...] = ()
    # The kind of institution a which-question asks for (学校 → 中学, 小学…), if it says.
    institutions: tuple[str, ...] = ()
    # The kind of institution whose name is asked (那家企业叫什么 → 公司, 企业…): its name answers.
    name_of: tuple[str, ...] = ()
    place_level: str | None = None  # 哪个镇 asks for a town: a county's name is not the answer
    # The ordinals it names as (number, counter): 第一批 is (1, 批); the second group's figure does not answer.
    ordinals: tuple[tuple[int, str], ...] = ()
    about_report: bool = False  # asks who wrote the report, which outlet ran it
    plan: bool = False  # asks what is planned or aimed at (计划招多少人), which a target answers
    actual: bool = False  # asks what was actually done (实际到位了多少投资): a planned sum is no answer
    per_head: bool = False  # asks a figure per person or household (平均每人多收入多少): a total is no answer
    change: bool = False  # asks by how much something changed (比上年多给了多少): a level alone is no answer
    agreed: bool = False  # asks what an agreement sets (协议里约定每年派几名老师): its clauses answer
    side: str | None = None  # the party a who-question asks about (嘉兴这边是谁签的 → 嘉兴)
    final: bool = False  # asks the final figure (最后总共卖了多少), which one reached so far is not
    stage: str | None = None  # the stage projects are counted at (完工了几个 → 完工|竣工|建成)
    priced: str = ""  # the thing whose price is asked (苦荞面多少钱一袋 → 苦荞面)
    # The payment whose amount is asked (低温补贴每月多少钱 → (低温, 补贴|补助|津贴)): another sum is no answer.
    payment: tuple[str, str] | None = None
    # Asks which the several things it counts are (那5个贫困县分别叫什么 → 贫困县; "" when it names no
    # thing): a list of them answers. None: no such question.
    items: str | None = None
    counted: str | None = None  # what a how-many question counts (多少个爱心超市 → 爱心)
    # The figures it states itself (那12名队员里有几名是女医生 → 12): an answer giving only these does not answer it.
    given: tuple[str, ...] = ()
    # Words the question quotes (被叫作“刺梨县长”的是谁): a nickname or a name as the text writes it.
    quoted: tuple[str, ...] = ()
    given_count: bool = False  # one of `given` counts things (那171名人员里), not a sum (40万元资助了)
    # A stated figure it asks a part of (那11个项目里有几个在宝鸡 → 11): the answer must break that whole down.
    whole: str | None = None
    # A part of a whole named in words it asks the figure of (捐款里企业捐了多少 → 企业): the answer names it.
    part: str | None = None
    # The event a when-question asks the date of (哪一年当上市长 → 当上): another event's date is no answer.
    event: tuple[str, ...] = ()
    # The act a who-question asks the doer of (谁主持的 → 主持): someone who did another thing is no answer.
    act: tuple[str, ...] = ()
    past: bool = False  # a when-question about what has happened (建成的): a planned date is no answer
    group: bool = False  # asks what kind of people (聚焦什么人): a group named (贫困人口) answers as a person does
    # The group whose head a who-question asks (审计组组长 → 审计组): another group's head is no answer.
    body: str | None = None
    day: bool = False  # asks the day (几月几号, 哪天): a month is no answer
    sent: tuple[tuple[str, str], ...] = ()  # who sends people where (徐州派到宝鸡 → (徐州, 宝鸡))
    province: bool = False  # asks at the province level (names a province, 苏陕, 省)
    names: tuple[str, ...] = ()  # the knowledge base's names an English question spells in pinyin (扬州)
    name_words: tuple[str, ...] = ()  # …and how it spells them (yangzhou)
    # The dictionary's Chinese for its other English words (blueberry → 蓝莓): lexical search terms only.
    dictionary_words: tuple[str, ...] = ()
    unknown_names: tuple[str, ...] = ()  # capitalised English names the knowledge base never uses (lower case)
    explicit_followup: bool = False  # says it continues (那…呢, pronouns)
    points_back: bool = False  # …with a pronoun or a leading 那 (not only a closing 呢)
    short: bool = False  # short enough to be elliptical (总投资多少)
    contrast: bool = False  # asks for something other than the previous answer (那今年呢)
    new_topic: bool = False  # says it starts a new subject (换个话题，…): never a follow-up
    # The previous question this one continues, when it was read as a follow-up.
    previous: "Query | None" = None
    # What it continues talks about (白水苹果产业园 before 它总投资多少): the answer must be about it too.
    inherited: tuple[str, ...] = ()

    @property
    def followup(self) -> bool:
        return self.previous is not None

    @property
    def english(self) -> bool:
        return self.lang == "en"

    @cached_property
    def english_words(self) -> tuple[str, ...]:
        """The question's Latin words as typed, lower case, apostrophes dropped (Tong'ao → tongao)."""
        return tuple(_LATIN_WORD.findall(self.raw.lower().replace("'", "")))

    @cached_property
    def counting(self) -> re.Pattern[str] | None:
        """Where a text gives a figure counting the very (non-money) thing asked (N名市民, 挂职干部N名):
        read by the best-sentence score of every candidate, so built once."""
        if not self.counted or is_money(self.counted) or "number" not in self.wants:
            return None
        t = re.escape(self.counted)
        return re.compile(rf"\d[^\d，,。；;、]{{0,3}}{t}|{t}[^\d，,。；;、]{{0,3}}\d")

    @cached_property  # read for every candidate checked; a Query never changes (replace makes a new one)
    def entities(self) -> tuple[str, ...]:
        """Known content words that name something (places, people, organisations, roles)."""
        return tuple(dict.fromkeys(self.scope.known_strong + self.names + self.inherited))

    @property
    def complete(self) -> bool:
        """Stands on its own: not marked as a follow-up and not elliptically short."""
        return not self.explicit_followup and not self.short

    @property
    def anchored(self) -> bool:
        """Names what it is about (a place, person, organisation): 带动了多少人就业 does not."""
        return bool(self.scope.known_strong or self.names)

    @property
    def subject_nouns(self) -> tuple[str, ...]:
        """The known nouns an answer should mention: this question's, and for a follow-up the
        ones of the chain it continues (2019年呢 after a question on 协作资金 is about 协作资金)."""
        own = self.scope.known_nouns
        if self.previous is None:
            return own
        swapped = self._swapped_places()
        return tuple(dict.fromkeys(own + tuple(w for w in self.previous.subject_nouns if w not in swapped)))

    def topic(self) -> str:
        """What a chain of follow-ups is about: the first question and every turn since, each
        earlier one read with the places and year this one swaps in."""
        return self.text if self.previous is None else f"{self._before()} {self.text}"

    def _before(self) -> str:
        """The chain this follow-up continues, as this follow-up means it."""
        assert self.previous is not None
        before = self.previous.topic()
        if len(self.years) == 1 and not self.period:
            # 那2021年呢 after a 2024 figure asks for the same measure in 2021: the earlier
            # question with its year swapped is what is meant.
            before = _YEAR.sub(str(self.years[0]), before)
        elif self.years or self.period or self.latest:
            before = _YEAR.sub(" ", before)  # 最新的呢 after a 2021 figure: not 2021's again
        own = self.scope.known_places
        for place in self._swapped_places():
            # (A pair of its own swapped in has no one place to write for each: its text says them.)
            before = before.replace(place, own[0] if len(own) == 1 else " ")
        return before

    def _swapped_places(self) -> tuple[str, ...]:
        """The earlier question's places this follow-up swaps for its own one: 那白水县呢 after a
        question on 富平县 replaces 富平县 — a place of the same level — and not the giving city."""
        own = self.scope.known_places
        if self.previous is None or not own:
            return ()
        theirs = [p for p in self.previous.scope.known_places + self.previous.inherited if p not in own]
        if len(own) > 1:
            # 那周至呢？太仓帮周至卖了多少 after 普陀帮东川…: a pair of its own replaces the pair before
            # (or the place of the level it names again: 杏岭县 for 枫岭县).
            levels = {p[-1] for p in own if p[-1] in PLACE_LEVELS}
            return tuple(p for p in theirs if p[-1] in levels) or (tuple(theirs) if len(theirs) > 1 else ())
        place = own[0]
        # Its level: its own last character (杏岭县), or the one the question writes after it
        # when jieba cut the name apart (那杏岭 | 县呢).
        at = self.text.find(place) + len(place)
        level = next((c for c in (place[-1], self.text[at : at + 1]) if c and c in PLACE_LEVELS), None)
        same = tuple(p for p in theirs if level and p[-1] == level)
        return same or (tuple(theirs) if len(theirs) == 1 else ())

    def searches(self, context_weight: float) -> tuple[list[str], list[float]]:
        """The texts to search with and their weights: the question, then what it continues."""
        if self.previous is None:
            return [self.text], [1.0]
        swaps_time = bool(self.years or self.period or self.latest)
        if swaps_time and self.short and not self.scope.known_nouns and not self.scope.unknown:
            # 2019年呢 says nothing of its own beyond the year it swaps in: the rewritten earlier
            # question is what to look for. (他还说了啥 asks for something new: its own words lead.)
            return [self.text, self._before()], [context_weight, 1.0]
        return [self.text, self._before()], [1.0, context_weight]

    def _names_a_thing(self) -> bool:
        """Whether the message names something known besides places and years (消费帮扶呢, not 白水县呢)."""
        return any(w not in self.scope.known_places and not w.isdigit() for w in self.scope.known_nouns)

    def continuing(self, previous: "Query") -> "Query":
        """This question read as a follow-up of `previous`: it inherits what it does not say."""
        # (去年有多少 names a year of its own too, though not in digits.)
        own_time = bool(self.years or self.period or self.latest or any(w in self.text for w in YEAR_WORDS))
        # 那今年呢 after a running total asks for this year's figure, not the total again; 协议的目标
        #是什么 asks what it says of its own words, not the figure asked before.
        # (Not when it names a place of its own: 那相城区给石阡捐了什么 asks the same about another place.)
        before = previous.topic()
        # (他说村里还存在哪些问题 asks what he said, not the place of 他在哪个单位: a pronoun is its subject.)
        asks_own = not self.wants and (bool(self.scope.known_nouns) or _PRONOUN.search(self.text) is not None) \
            and _ASKS_WHAT.search(self.text) is not None \
            and all(p in before for p in self.scope.known_places)
        wants = self.wants or (frozenset() if asks_own else previous.wants - {"total"} if own_time else previous.wants)
        own_reason = "reason" in self.wants and self._names_a_thing() and not self.points_back
        who_again = "person" in wants and "person" in previous.wants  # a who-question after a who-question
        return replace(
            self,
            previous=previous,
            wants=wants,
            # 队长是谁 after 有几个人 asks for a person: the unit of the figure asked before is not inherited.
            # (Nor does a what-question of its own: 那相城区给石阡捐了什么 after 多少家茶馆 asks no 家.)
            # (Nor the 个 of 设了哪几个专业, which counts nothing: it asks which they are.)
            measure=self.measure or (None if self.wants or asks_own or _ASKS_WHAT.search(self.text)
                                     or asks_which_only(previous.text) else previous.measure),
            # 那2018年呢 or 白水县呢 after 多少协作资金 still asks the funds, not any amount; 消费帮扶呢
            # names a thing of its own.
            counted=self.counted or (None if self.wants or self._names_a_thing() or _ASKS_WHAT.search(self.text)
                                     else previous.counted),
            # (A why-question naming a thing of its own — 为什么要培训本地的大棚管家 after 那一年建了多少个
            # 大棚 — asks about that thing, not in the year asked before.)
            years=self.years if own_time or own_reason else previous.years,
            period=self.period if own_time or own_reason else previous.period,
            latest=self.latest if own_time else previous.latest,
            province=self.province or previous.province,
            plan=self.plan or (previous.plan and not self.wants),
            agreed=self.agreed or (previous.agreed and not self.wants),
            # 2023年的时候是谁 after 队长是谁 still asks for the 队长, not anyone named that year.
            roles=self.roles or (previous.roles if who_again else ()),
            place_roles=self.place_roles or (previous.place_roles if who_again and not self.roles else ()),
            inherited=() if self.scope.known_strong else tuple(dict.fromkeys(
                previous.scope.known_places + previous.scope.known_strong + previous.names + previous.inherited)),
        )


# One party of two asked about (嘉兴这边是谁签的字, 嘉兴方是谁签的): the words before it end with the place.
_SIDE = re.compile(r"([\u4e00-\u9fff]{2,5}?)(?:这边|那边|这一方|那一方|一方|方面|方)(?:是|由|派|的)?(?:谁|哪位)")

# At most this many dictionary words for one English word of a question (area → 区域, 地区, 面积).
_DICTIONARY_WORDS = 3
# 甚么 (of 甚麼, a traditional and older spelling) and 什麽 ask what 什么 asks.
_ASKING_VARIANT = re.compile(r"甚么|什麽|甚麽")
_QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,12})[”\"」』]")
_PRONOUN = re.compile(r"[他她它]|\b(?:he|she|it|its|his|her|they|their)\b", re.IGNORECASE)
# Asks what something is or says, or how (目标是什么, 怎么介绍的, what is): a question of its own kind.
_ASKS_WHAT = re.compile(r"什么|什麼|啥|哪些|哪(?:个|一)?(?:方面|种|类|部分)|怎么|怎样|如何|\bwhat\b|\bhow did\b")
# A figure a question states: not a year (2019年, 2019), a date (8月14日) or an ordinal (第3批).
_STATED = re.compile(r"(?<![\d.,第])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!\d|[.,]\d|\s*[年月日号])")


def stated_figures(text: str) -> tuple[str, ...]:
    """The figures a text states, as written without their units (273.9万元 → 273.9), years left out."""
    # (4,000 in an English text is 4000.)
    figures = (m.group(0).replace(",", "") for m in _STATED.finditer(text))
    return tuple(dict.fromkeys(f for f in figures if not is_year(f)))


# A stated sum of money (40万元, 1.2亿): a figure that counts no things.
_STATED_SUM = re.compile(r"\d+(?:\.\d+)?\s*(?:万|亿)?(?:多|余)?\s*(?:元|块)|\d+(?:\.\d+)?\s*(?:万|亿)(?![\u4e00-\u9fff])")


def states_count(text: str) -> bool:
    """Whether a question states a figure that is no year and no sum of money (那171名人员里)."""
    rest = _STATED_SUM.sub("", text)
    return bool(stated_figures(rest))


# A figure, its unit, a few words, then 里 / 中 / 当中: the whole a question asks a part of.
_WHOLE = re.compile(r"(?<![\d.第])(\d+(?:\.\d+)?)\s*(?:万|亿)?(?:余|多)?[^\d，,。？?！!里中]{0,9}?(?:里|当中|之中|中)(?:面)?(?:有|的|是)?")


_PART = re.compile(r"(?:里|当中|之中|其中)[面头边]?的?([\u4e00-\u9fff]{2,6}?)的?(?:有|占|捐|投|给|出|是|花|用)?了?(?:多少|几)")
# …or after the count (农户里有几户是脱贫户).
_PART_IS = re.compile(r"(?:里|当中|之中|其中)[面头边]?(?:有)?(?:多少|几)[个名户人家位所]?(?:是|为)([\u4e00-\u9fff]{2,6}?)的?[?？呢吗啊]*$")


def asked_part(text: str) -> str | None:
    """The part of a whole a question asks the figure of, named after 里/其中 (捐款里企业捐了多少 →
    企业; 手术里四级手术有多少 → 四级手术); None when what follows is no noun (厂里现在有多少人)."""
    if (m := _PART_IS.search(text)) is not None:
        return m.group(1)  # (几户是脱贫户: what the counted are said to be is the part, whatever its words)
    m = _PART.search(text)
    if m is None:
        return None
    part = m.group(1)
    words = pseg.lcut(part)
    # Words of nouns only, a leading numeral allowed (四级手术); not a place (其中去江苏的), a verb
    # (那里每年能加工) or a stray character (里头用了).
    nouns = all(len(w.word) > 1 and (w.flag[:1] == "n" and w.flag != "ns" or i == 0 and w.flag == "m")
                for i, w in enumerate(words))
    return part if nouns and words[-1].flag[:1] == "n" else None


def stated_whole(text: str) -> str | None:
    """The figure of a stated whole a question asks a part of (那508名贫困人口里有多少人去了A → 508)."""
    m = _WHOLE.search(text)
    return m.group(1) if m and not is_year(m.group(1)) else None


def is_year(number: str) -> bool:
    """Whether a number as written (digits) is a year (19xx, 20xx), not a figure."""
    return len(number) == 4 and number[:2] in ("19", "20")


class QueryReader:
    """Reads messages into Queries against one knowledge base's vocabulary."""

    def __init__(self, scope: ScopeChecker, speller: Speller, names: dict[str, str] | None = None,
                 glossary: dict[str, tuple[str, ...]] | None = None) -> None:
        self._scope = scope
        self._speller = speller
        self._names = names or {}
        self._glossary = glossary or {}
        self._phrases = sorted(self._glossary, key=len, reverse=True)
        # Words the glossary translates (Party, Mayor) are English words, never names, capitalised or not.
        self._glossary_words = frozenset(w for phrase in self._glossary for w in phrase.split())

    def read(self, message: str) -> Query:
        """One message, on its own (see `Query.continuing` for follow-ups)."""
        raw = strip_controls(message)[:MAX_QUERY_CHARS]
        # 换个话题，… says the question is a new one: it is read without the words saying so, alone.
        switch = _SWITCH.match(raw)
        new_topic = switch is not None and has_words(raw[switch.end():])
        if new_topic:
            raw = raw[switch.end():]
        # Yan'an, Xi'an: pinyin syllables split by an apostrophe are one name.
        normalized = _ASKING_VARIANT.sub("什么", normalize(_SYLLABLE_APOSTROPHE.sub("", raw)))
        # 19年的时候: people write this century's years with two digits.
        normalized = _SHORT_YEAR.sub(lambda m: f"20{m.group(1)}年", normalized)
        corrected = self._speller.correct(normalized)
        lang = language(raw)
        text = bridge_relative_time(corrected)
        scope = self._scope.check(corrected)
        names: tuple[str, ...] = ()
        name_words: tuple[str, ...] = ()
        dictionary_words: tuple[str, ...] = ()
        if lang == "en":
            text, bridged, names = self._bridge_english(text)
            dictionary_words = self._dictionary_words(text, bridged)
            name_words = tuple(w for w in bridged if w in self._names)
            # An English word with a Chinese equivalent in the knowledge base is known.
            scope = scope.without(bridged)
        years, period = years_and_period(normalized)
        wants = asked_kinds(normalized)
        # An English question's titles are read from its bridged text (mayor → 市长); "the mayor of
        # Shangluo" ties the title to the one place it names.
        asked_roles = roles(text if lang == "en" else normalized)
        if "person" in wants:
            # 支教老师…的那个教育局局长叫什么 asks for the 局长: the title nearest the asking words.
            # (An English title is bridged to its words, the most general first: party secretary →
            # 书记 市委书记, and a prefecture's secretary is a 州委书记.)
            asked_roles = asked_roles[:1] if lang == "en" else asked_roles[-1:]
        tied = self._place_roles(corrected)
        if lang == "en" and len(names) == 1:
            tied += tuple((names[0], r) for r in asked_roles)
        if len(years) == 1 and period is None:
            wants -= {"total"}  # 2019年一共实施几个项目: the total of that one year
        thing = counted_thing(corrected) if lang != "en" else None  # what a how-many question counts, as written
        return Query(
            raw=raw,
            text=text,
            lang=lang,
            script=script_of(raw),
            wants=wants,
            measure=None if wants & {"which", "place"} and asks_which_only(normalized) else (
                asked_measure(normalized, self._scope.places) or self._unknown_count(thing, wants)
                or (people_measure(thing) if "number" in wants else None)),
            years=years,
            period=period,
            latest=bool(_LATEST.search(normalized)),
            chitchat=is_chitchat(normalized),
            scope=scope,
            roles=asked_roles,
            place_roles=tied,
            place_level=asked_place_level(normalized),
            ordinals=tuple(k for o in ordinals(normalized) for k in ordinal_keys(o)),
            institutions=asked_institutions(normalized),
            name_of=asked_name_of(normalized),
            about_report=asks_about_report(normalized),
            plan=asks_plan(normalized),
            actual="number" in wants and asks_actual(normalized),
            per_head="number" in wants and asks_per_head(text),
            change="number" in wants and asks_change(text),
            agreed=asks_agreed(normalized),
            side=self._side(corrected) if "person" in wants else None,
            final="number" in wants and asks_final(normalized),
            stage=asked_stage(normalized) if "number" in wants else None,
            priced=priced_thing(corrected) if lang != "en" else "",
            payment=asked_payment(normalized) if "number" in wants and lang != "en" else None,
            items=asks_items(normalized) if lang != "en" else None,
            counted=(self._counted(corrected, thing) or self._unknown_amount(corrected, wants)) if lang != "en" else english_money(normalized),
            given=stated_figures(normalized),
            given_count=states_count(normalized),
            quoted=tuple(_QUOTED.findall(normalized)),
            whole=stated_whole(normalized),
            part=asked_part(normalized) if "number" in wants and lang != "en" else None,
            event=asked_event(normalized) if "date" in wants and lang != "en" else (),
            act=asked_act(normalized) if "person" in wants else (),
            group="person" in wants and asks_group(normalized),
            past="date" in wants and asks_past(normalized),
            body=asked_body(normalized, asked_roles[0]) if "person" in wants and asked_roles else None,
            day="date" in wants and asks_day(normalized),
            sent=tuple((a, b) for a in scope.known_strong for b in scope.known_strong if a != b and sends(corrected, a, b)),
            province=names_province(text),
            names=names,
            name_words=name_words,
            dictionary_words=dictionary_words,
            unknown_names=self._unknown_english_names(_SYLLABLE_APOSTROPHE.sub("", raw)),
            explicit_followup=bool(_FOLLOWUP.search(normalized)),
            points_back=bool(_POINTS_BACK.search(normalized)),
            short=bool(_SHORT.search(normalized)),
            contrast=bool(_CONTRAST.search(normalized)),
            new_topic=new_topic,
        )

    def _side(self, text: str) -> str | None:
        """The place whose side a who-question asks (嘉兴这边是谁签的, 嘉兴方是谁), as the knowledge base names it."""
        m = _SIDE.search(text)
        if m is None:
            return None
        return self._place_ending(m.group(1))

    def _place_ending(self, stem: str) -> str | None:
        """The shortest end of `stem` that is one of the knowledge base's places (…考察的渭南 → 渭南)."""
        return next((stem[-n:] for n in range(2, len(stem) + 1) if stem[-n:] in self._scope.places), None)

    def _place_roles(self, text: str) -> tuple[tuple[str, str], ...]:
        """(place, title) pairs with the place as the knowledge base names it (…考察的渭南市长 → 渭南)."""
        out = []
        for stem, role in place_roles(text):
            place = self._place_ending(stem)
            if place is None and len(stem) >= 3 and stem[-1] in _ORGANS:
                place = stem[-3:]  # 人社局局长, 发改委主任: the head of that bureau, not of another one
            if place:
                out.append((place, role))
        return tuple(out)

    def _bridge_english(self, text: str) -> tuple[str, set[str], tuple[str, ...]]:
        """Add the knowledge base's Chinese words for English ones: names by their pinyin
        (Yangzhou → 扬州), domain terms from the glossary (funds → 资金). Returns the text and
        the English words that found an equivalent, and the names found."""
        extra: list[str] = []
        names: list[str] = []
        bridged: set[str] = set()
        words = _LATIN_WORD.findall(text)
        joined = -1  # the second word of a name spelled in two (chen yuhang): not a name of its own
        for i, w in enumerate(words):
            if i == joined:
                continue
            key = w[:-1] if w.endswith("s") and w not in self._names and w[:-1] in self._names else w
            hit = self._names.get(key)
            if i + 1 < len(words) and (w + words[i + 1]) in self._names:
                hit = self._names[w + words[i + 1]]  # two words spelling one name win over the first alone
                bridged.add(words[i + 1])
                joined = i + 1
            if hit:
                extra.append(hit)
                names.append(hit)
                bridged.add(w)
        padded = f" {' '.join(words)} "
        for phrase in self._phrases:
            if f" {phrase} " in padded:
                extra.extend(self._glossary[phrase])
                bridged.update(phrase.split())
                padded = padded.replace(f" {phrase} ", " ")
        return (f"{text} {' '.join(dict.fromkeys(extra))}" if extra else text), bridged, tuple(dict.fromkeys(names))

    def _dictionary_words(self, text: str, bridged: set[str]) -> tuple[str, ...]:
        """The dictionary's words that the knowledge base writes for the English content words no
        name or glossary entry bridged (blueberry → 蓝莓, subsidy → 补贴): lexical search terms only.
        They vouch for nothing: added to what the encoder reads they would lift the similarity of an
        off-topic question (weather → 天气) as much as of one the knowledge base answers."""
        out: list[str] = []
        for w in dict.fromkeys(_LATIN_WORD.findall(text)):
            if len(w) >= 4 and w not in bridged and w not in EN_STOPWORDS and w not in self._glossary_words:
                # (The most common first: planting → 种植 before 底线.)
                known = sorted((c for c in chinese_for(w) if self._scope.known(c)), key=lambda c: (-word_frequency(c), c))
                out.extend(known[:_DICTIONARY_WORDS])
        return tuple(dict.fromkeys(out))

    def _counted(self, text: str, counted: str | None) -> str | None:
        """What a how-many question counts (`counted`, as `counted_thing` reads it), when the
        knowledge base knows the word: an answer cannot be asked to name a word no text uses
        (穷苦人家). A kind of money has its spellings."""
        thing = donated_money(text) or counted  # (捐了多少现金: the donation)
        if thing == "投资" and "总投资" in text:
            thing = "总投资"  # (jieba cuts 总 + 投资)
        return thing if thing and (is_money(thing) or self._scope.known(thing)) else None

    def _unknown_amount(self, text: str, wants: frozenset[str]) -> str | None:
        """每年给贫困村分红多少: an amount of a thing named right before 多少 that no text of the
        knowledge base ever names (a word of the language, not a typo) — no text answers it."""
        if "number" not in wants:
            return None
        thing = amount_named_before(text)
        return thing if thing and not self._scope.known(thing) and word_frequency(thing) > 0 else None

    def _unknown_count(self, thing: str | None, wants: frozenset[str]) -> str | None:
        """多少粉丝: a count of a thing no text names (`thing`, as `counted_thing` reads it) is no sum
        of money (卖出了2300万元): the figure must be a count (COUNT), whatever thing it counts."""
        if "number" not in wants or not thing:
            return None
        if is_money(thing) or thing[-1] in "金款钱费资薪价额税" or self._scope.known(thing):
            return None  # (多少现金 asks money the knowledge base writes 捐款)
        return COUNT

    def _unknown_english_names(self, raw: str) -> tuple[str, ...]:
        """Capitalised English words past the first that the knowledge base never uses (Suzhou,
        Tongren): in an English question these are the names of places and people."""
        names = {w.lower() for w in _ENGLISH_NAME.findall(raw)} - _COMMON_CAPITALISED - self._glossary_words
        # A person's name is two words (Long Haibo): known when the knowledge base spells them together.
        pairs = [(a.lower(), b.lower()) for a, b in _ENGLISH_NAME_PAIR.findall(raw)]
        spelled = {w for a, b in pairs if a + b in self._names for w in (a, b)}
        return tuple(sorted(w for w in names if w not in self._names and w not in spelled and not self._scope.known(w)))


def english_money(normalized_question: str) -> str | None:
    """What kind of money an English how-much question asks (funding → 资金), if it says."""
    if not re.search(r"\bhow much\b", normalized_question):
        return None
    return next((thing for thing, words in _ENGLISH_MONEY if words.search(normalized_question)), None)


def load_glossary(extra: Path | None = None) -> dict[str, tuple[str, ...]]:
    """The English → Chinese domain glossary shipped with xbbot, plus a knowledge base's own."""
    entries: dict[str, tuple[str, ...]] = {}
    sources = [shipped("glossary.yaml"), *([extra] if extra is not None and extra.is_file() else [])]
    for source in sources:
        for key, words in load_mapping(source).items():
            entries[key.lower().strip()] = words
    return entries


def pinyin_names(nouns: Counter[tuple[str, str]]) -> dict[str, str]:
    """Toneless pinyin → proper noun of the knowledge base (yangzhou → 扬州), for English questions.

    Place names are also keyed without their administrative suffix (扬州市 → yangzhou, 黔西南州 → qianxinan).
    """
    counts: dict[str, dict[str, int]] = {}
    for (word, flag), n in nouns.items():
        if not 2 <= len(word) <= 5:
            continue
        forms = [word]
        if len(word) >= 3 and word[-1] in "市县区省镇村乡州":
            forms.append(word[:-1])
        for form in forms:
            for key in ("".join(r) for r in readings(form, limit=8)):
                counts.setdefault(key, {}).setdefault(form, 0)
                counts[key][form] += n
    return {key: max(forms, key=lambda f: forms[f]) for key, forms in counts.items() if len(key) >= 4}
