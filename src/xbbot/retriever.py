"""Hybrid retrieval over the index: dense (FAISS) + lexical (BM25), fused, checked, calibrated.

A question is read once into a `Query` (xbbot.query). Candidates are ranked by fused dense and
lexical scores; the best few are then checked for whether they hold what the question asks for
(`Fit`: the asked kind of thing and unit, the named subject, the year), re-ranked by that and
by recency when the latest figure is wanted, and the top one's confidence is computed from its
similarity minus the signs that it does not answer.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import Mapping, NamedTuple, Sequence

import faiss
import jieba
import numpy as np

from xbbot.answer import best_sentence, compose, goes_on, report_answer
from xbbot.chunking import ends_asking, split_sentences
from xbbot.config import Settings, load_settings
from xbbot.dictionary import english_index, found_in
from xbbot.embedding import Encoder, load_encoder
from xbbot.errors import IndexMismatchError, IndexMissingError, KnowledgeError
from xbbot.index import Doc, LoadedIndex, build_index, load_index, stale_reason
from xbbot.kinds import (
    CN_FIGURE,
    misses_stage,
    names_group,
    people_hold,
    is_province_pair,
    weighs_kind_of,
    SOLD_AT,
    heads_other_body,
    asked_institutions,
    asked_kinds,
    asks_where,
    KINDS,
    NO_PEOPLE,
    REQUIRED,
    People,
    answers_measure,
    asked_relation,
    names_relation,
    has_kind,
    has_person,
    holds,
    located_places,
    locates,
    only_planned,
    pays,
    so_far,
    tells_plan,
    tag_of,
    gives_change,
    gives_per_head,
    lists_items,
    is_money,
    money_purposes,
    names_counted,
    names_other_money,
    only_purpose_money,
    institution_names,
    introduced_names,
    roles_pattern,
    tells_event,
    gives_day,
    gives_title_of,
    holds_title,
    names_asked_institution,
    names_person_with_role,
    names_place_role,
    obliges,
    names_place_of_level,
    names_province,
    names_role,
    ordinal_keys,
    people_named,
    sends,
    sends_from,
    sent_to,
    word_frequency,
)
from xbbot.knowledge import load_knowledge
from xbbot.lexical import tokenize
from xbbot.models import Answer, Fit, Hit, Source, recall
from xbbot.query import Query, QueryReader, has_words, is_year, language, load_glossary, pinyin_names, stated_figures
from xbbot.scope import ScopeChecker, corpus_places, is_chitchat, proper_nouns, warm_up
from xbbot.spelling import Speller
from xbbot.textnorm import home_places, normalize, resolve_home, to_simplified
from xbbot.timeline import TimelineEntry, timeline_entries
from xbbot.wordlists import load_groups, shipped

# Words about a report itself (这篇报道的记者): they say which report is meant no more than 这篇 does.
_REPORT_WORDS = re.compile(r"报道|报导|文章|稿子|新闻|媒体|报纸|报社|记者|作者|网站|出处|来源|report|story|article|newspaper|author|reporter")
# Past this many characters a message is a story around its question.
LONG_MESSAGE = 40
# A figure in a sentence: digits, or Chinese numerals before a measure word.
_FIGURE = re.compile(r"\d[\d.,]*\s*[\u4e00-\u9fff%]?|" + CN_FIGURE.pattern)
# Titles of an office (市长, 县委书记, 主任): a question naming one is about its holder.
_OFFICES = ("长", "书记", "主任", "主席", "经理")
_CLAUSE_END = re.compile(r"[，,；;。！？!?：:]")
# (Not 已经超过去年全年: a comparison giving no figure of last year. 比去年的1.29亿元 gives one.)
_LAST_YEAR = re.compile(r"(?<![过出])(?:去年|上年|上一年)")
_THIS_YEAR = re.compile(r"今年|本年|当年|这一年")
_NOW_YEAR = re.compile(r"今年|本年")  # (not 当年 or 这一年: they may name a year told before)
# A figure for one year only (2019年以来, 今年以来), as opposed to a running total.
_ONE_PERIOD = re.compile(r"\d{4}年以来|今年以来|\d{4}年，|^\d{4}年")


@dataclass(frozen=True)
class Tuning:
    """Retrieval knobs, each chosen on the dev sets (see README, "Quality"): fusion by
    scripts/tune_fusion.py, confidence by scripts/tune_confidence.py."""

    dense_weight: float = 0.7
    lexical_weight: float = 0.3
    candidates: int = 50
    kind_boost: float = 0.04
    fact_boost: float = 0.02
    context_weight: float = 0.5
    repeat_penalty: float = 0.15
    # Re-ranking of the best few by whether they answer (Fit).
    rerank: int = 12
    fit_year_boost: float = 0.25
    fit_entity_penalty: float = 0.2
    fit_kind_penalty: float = 0.2
    latest_margin: float = 0.2
    fit_coverage_boost: float = 0.3
    fit_sentence_boost: float = 0.1
    fit_own_boost: float = 0.1
    fit_reason_boost: float = 0.3
    fit_level_penalty: float = 0.5
    latest_single_boost: float = 0.1
    # Confidence: the top hit's cosine rescaled from [floor, ceiling] to [0, 1], minus penalties.
    dense_floor: float = 0.80
    dense_ceiling: float = 0.95
    strong_penalty: float = 0.3
    noun_penalty: float = 0.2
    other_penalty: float = 0.1
    latin_penalty: float = 0.05
    english_offset: float = 0.07
    weak_cap: float = 0.3
    mismatch_penalty: float = 0.6
    entity_penalty: float = 0.3
    uncovered_penalty: float = 0.6
    chitchat_penalty: float = 1.0
    year_penalty: float = 1.0
    decline_margin: float = -0.02
    decline_penalty: float = 0.5
    # A short question matches a long passage with a low cosine (铜山区的区长叫什么); an answer naming
    # the very holder of the asked title is confirmed beyond what the cosine says.
    holder_bonus: float = 0.15
    threshold: float = 0.45


DEFAULT_TUNING = Tuning()


# A passage telling what happened on the day its heading dates (a diary's entry).
_TODAY = re.compile(r"今天|今日|当天|这天|今早|今晚|上午|下午")

# A first paragraph this short is a heading or a byline line, not yet the lead.
_SHORT_LEAD = 60


def _county(word: str, places: frozenset[str]) -> bool:
    """A county or district (延川县, 延川 when the knowledge base writes 延川县), not a city."""
    return word[-1] in "县区旗" or (word + "县") in places or (word + "区") in places or (word + "旗") in places


def _names_county(text: str, county: str) -> bool:
    """`county` written in `text`, with or without its level (延川县, 延川) — not by a pair
    abbreviation, which 延安协作 would pass for 延 + 川."""
    return county in text or len(county) >= 3 and county[-1] in "县区旗" and county[:-1] in text


def _load_synonyms() -> dict[str, tuple[str, ...]]:
    groups = load_groups(shipped("synonyms.yaml"))
    return {w: tuple(x for x in group if x != w) for group in groups for w in group}


_SYNONYMS = _load_synonyms()


def _mentions(text: str, word: str) -> bool:
    """`word` is in `text`, or, for a two-character name, both its characters are: 镇渭 abbreviates
    镇江 and 渭南, and reports use both forms."""
    if word in text or any(w in text for w in _SYNONYMS.get(word, ())):
        return True
    if len(word) >= 3 and word[-1] in "人方市县区省镇村":
        # 扬州人, 扬州方 and 扬州市 are 扬州: texts write the bare name as often as the full one.
        word = word[:-1]
        if word in text:
            return True
    if len(word) in (3, 4) and word[-1] == "园" and re.search(re.escape(word[:-1]) + r"[\u4e00-\u9fff]{0,6}园", text):
        return True  # 泰芦园 is the 泰芦中药材产业园 of the text: a park is called by its name alone
    if (m := _SURNAME_TITLE.fullmatch(word)) is not None:
        # 陈老板, 张老师: someone of that surname — the text names him in full (陈晋辉，…总经理).
        return re.search(re.escape(m.group(1)) + r"[\u4e00-\u9fff]{1,2}(?=[，,。：:、\s]|总经理|董事长|老师|说|表示)", text) is not None
    if len(word) >= 4 and not word.isascii():
        # 餐饮公司 is the 餐饮有限公司 of the text: a compound whose every part the text has.
        parts = _parts(word)
        return len(parts) > 1 and all(p in text for p in parts)
    if len(word) != 2 or word.isascii():
        return False
    # 徐宝协作, 镇渭两市: a pair is written with the first character of each place's name — a pair
    # that is no common word (东西部协作 and 加强协作 abbreviate nothing). The pattern holds the
    # first character, so a text without it is not scanned.
    if word[0] not in text:
        return False
    return word[1] in text or any(
        word_frequency(m.group(1)) < _COMMON_PAIR for m in _pair_abbreviation(word[0]).finditer(text)
    )


# What people call the villagers a project helps, whose households a text counts (带动农户2680户).
_FOLK = frozenset({"老乡", "乡亲", "乡亲们", "群众", "老百姓", "百姓", "村民", "农民"})
# …counted as those a project helps (not 石门村一共有多少户村民, the village's own count).
_HELPED = re.compile(r"带|帮|受益|惠及|增收|致富")  # (带 covers 带动)


def _counts(sentence: str, context: str, thing: str, query: Query) -> bool:
    """Whether an answer counts `thing`: the sentence names it (红枣 for 枣子) — or for a kind of
    money, the sentence or what leads to it (其中，A县获得协作资金…；B县获得4100万元) — and its
    money is not for a purpose the question does not name (救助资金)."""
    if is_money(thing) and money_purposes(sentence) and only_purpose_money(sentence, thing, query.topic()):
        return False
    if len(thing) == 1 or query.given_count and not is_money(thing):
        # 多少吨煤: the figure must be of 煤 (N吨煤, 煤炭…N万吨), not any sentence naming a 煤矿; and
        # 那171名人员里医生有多少: a count of 医生, not 157名教师、医生.
        t = re.escape(thing)
        return re.search(rf"\d\s*[^\d\s，。；、]{{0,2}}{t}|{t}[^，。；、]{{0,6}}?\d", sentence) is not None
    if _only_listed(sentence, thing):
        return False  # 教师有多少名: 教师、医生和农技人员等专业技术人才76名 counts them all
    if query.measure and weighs_kind_of(sentence, query.measure, thing):
        return True  # 能加工多少吨鲜果: 加工鲜蓝莓1.42万吨
    if names_counted(sentence, thing) or _mentions(sentence, thing):
        return True
    label = _LABEL.match(sentence)
    if label and not is_money(label.group(1)) and not _mentions(label.group(1), thing):
        return False  # ● 消费扶贫：2019年1.78亿元 is the line of 消费扶贫, whatever leads to it
    if len(thing) == 2 and thing[1] in "子儿":
        return thing[0] in sentence
    if len(thing) == 2 and thing[1] == "民" and thing[0] + "户" in sentence:
        return True  # 多少户牧民 counts the 牧户 of the text
    if (len(thing) == 2 and thing[1] == "户" or thing in _FOLK and query.measure == "户" and _HELPED.search(query.text)) \
            and re.search(r"\d\s*户(?!脱贫|贫困|低保|搬迁|监测)", sentence):
        return True  # 多少户农户, 能带动多少户老乡: 带动2860户 counts households, which is what they live in
    # (Only when the sentence gives an amount of money: 1870户 led by a headline on 协作资金 is no sum of it.)
    return is_money(thing) and answers_measure(sentence, "钱") and not names_other_money(sentence, thing) and (
        names_counted(context, thing) or _mentions(context, thing))


# (Looked for first: removing the clause scans from every character of a text.)
_TELLS_UNSAID = re.compile(r"(?:没有|未|没)(?:介绍|提到|提及|说明|公布|披露|写明|报道)|\b(?:does|did|do) not (?:describe|say|give|mention|report|explain|tell)\b")
# A clause telling what a source does not say (…的这篇报道没有介绍它的具体做法).
_UNSAID = re.compile(r"[^，,。；;]*(?:没有|未|并未|没)(?:介绍|提到|提及|说明|公布|披露|写明|报道)[^，,。；;]*|"
                     r"[^.;,]*\b(?:does|did|do) not (?:describe|say|give|mention|report|explain|tell)\b[^.;,]*")


def _mentioned_share(text: str, words: Sequence[str]) -> float:
    """The share of `words` (not empty) that `text` mentions (`_mentions`)."""
    return sum(_mentions(text, w) for w in words) / len(words)


def _only_listed(sentence: str, thing: str) -> bool:
    """Whether `thing` is one of a list (A、B和C等…) whose whole the sentence's figure counts, with no
    figure of its own."""
    t = re.escape(thing)
    return re.search(rf"(?:{t}[、和及与][^，,。；;\d]{{0,16}}?等|[、和及与]{t}等)[^，,。；;\d]{{0,12}}?\d", sentence) is not None \
        and re.search(rf"\d\s*[^\d\s，,。；;、]{{0,4}}{t}|{t}[^，,。；;、等]{{0,6}}?\d", sentence) is None


# Section headings that say what kind of thing their lines give (二、会议地点; 联系人).
_HEADING_KINDS = (("place", re.compile(r"地点|地址|位置|选址$")), ("date", re.compile(r"时间|日期|时限|期限$")),
                  ("person", re.compile(r"人员$|名单$|联系人|负责人$")))


@lru_cache(maxsize=4096)
def _heading_kinds(heading: str) -> tuple[str, ...]:
    """The kinds a section's heading says its lines give (会议地点 → place)."""
    head = heading.strip()
    return tuple(k for k, p in _HEADING_KINDS if len(head) <= 12 and p.search(head)) if head else ()


# A section of plans (三、明年打算, 下一步工作, 近期目标): its figures are aimed at, not reached.
# (Not 会务安排 or 日程安排: an agenda's arrangements are no figures aimed at.)
_PLAN_HEADING = re.compile(r"(?:打算|计划|目标|思路|(?:工作|年度|明年|来年|下一步|下步|今后)安排|展望)(?:[（(][^（()）]*[）)])?$|"
                           r"^(?:[一二三四五六七八九十\d]+[、.．]\s*)?(?:下一步|下步|明年|来年|今后)")


# A form's field and its value (中标金额：386.5万元, 交货期限：…).
_FIELD = re.compile(r"([\u4e00-\u9fff]{3,8})[：:]")


# A word this frequent in jieba's dictionary (评审 597) is no one's name; the names it has at all are
# rare words (李强 159; most, like 王勇, it does not have).
_COMMON_NAME = 300
# A follow-up pointing back at a person the chain named (她签了哪家, what did he say).
_PERSONAL = re.compile(r"[他她](?!们)|\b(?:he|she|him|her|his)\b", re.IGNORECASE)


def _nicknamed(text: str, nickname: str) -> bool:
    """Whether `text` gives someone `nickname`: “刺梨县长”甯某 (a panel's heading), 称郏某为“百合县长”."""
    q = re.escape(nickname)
    return re.search(f"[“\"]{q}[”\"]\\s*[\u4e00-\u9fff]{{2,3}}(?=[】\\]\\s，,。：:]|$)|"
                     f"[称叫喊][\u4e00-\u9fff]{{2,3}}(?:为|作|做)[“\"]{q}[”\"]", text) is not None


def _home_post(home: Mapping[str, str], place: str, role: str) -> bool:
    """Whether `place` is the home of an article that writes its own posts without it: a county's
    notice names its 县委书记 bare, and he is that county's (周至县委书记 asked)."""
    level = next((c for c in role if c in "县市区州旗"), "")
    own = home.get(level, "")
    return bool(own) and own.startswith(place)


def _other_place(place: str, entities: Sequence[str]) -> bool:
    """Whether `place` is none of `entities` and no part of one (宝鸡 is part of 宝鸡市)."""
    return not any(place in e or e in place for e in entities)


_PRICE_WORD = re.compile(r"价|钱")
_CN_ORDINAL = "零一二三四五六七八九十"
# 今年 right before a figure: the article's own year's figure.
_THIS_YEAR_FIGURE = re.compile(r"今年[^，,。；;、\d]{0,14}\d")
# How people call someone by surname and role (陈老板, 张老师, 王书记).
_SURNAME_TITLE = re.compile(r"([\u4e00-\u9fff])(老板|老总|总|经理|老师|师傅|书记|县长|镇长|村长|主任|校长|医生|大夫|厂长|社长|局长)")
# A labelled line of a list (● 消费扶贫：…, ■ 医疗帮扶：…): its figures are its label's.
_LABEL = re.compile(r"\s*[●■◆▲•·◎○□★☆\-*]\s*([^：:，,。]{2,12})[：:]")
# A bare how or why (怎么做到的, 为啥呢): about whatever was asked before.
_ASKS_HOW = re.compile(r"^(?:那|那么)?(?:为什么|为啥|为何|怎么|如何|咋)\S{0,4}$")
# A question over a span itself (从2016年到现在, 到2019年累计, 2016年以来).
_ASKS_SPAN = re.compile(r"从\s*\d{4}|\d{4}\s*年?(?:以来|起|算起|开始|到|至)|(?:到|至|截至|截止)\s*\d{4}|累计|至今|到现在|这些年|这几年")
# A span of years a running total is over (2016年至2019年8月, 2016–2019, from 2016 to 2019).
_SPAN = re.compile(r"\d{4}\s*年?(?:\d{1,2}月)?\s*(?:至|到|—|–|-|~)\s*\d{4}|\d{4}\s*年以来|"
                   # 自2018年4月与我县结对以来, 三年累计…: a span from then.
                   r"自\s*\d{4}\s*年[^，,。；;]{0,16}?以来|"
                   r"\b(?:from|since|between)\s+(?:\w+\s+)?\d{4}\s+(?:to|through|until|and)\s+(?:\w+\s+)?\d{4}|\bsince\s+\d{4}",
                   re.IGNORECASE)


def _only_in_spans(text: str, year: int) -> bool:
    """Whether `text` names `year` only as an end of a span of years (its figure is the span's)."""
    y = str(year)
    if y not in text:
        return False
    return y not in _SPAN.sub(" ", text)


def _other_years_only(text: str, year: int) -> bool:
    """Whether `text` dates what it tells to other years only (2023年澜汀市安排… asked about 2022):
    it names years, none of them `year`, in no span and with no 今年/去年 of its own."""
    named = _NAMED_YEAR.findall(text)
    return bool(named) and str(year) not in text and not _SPAN.search(text) \
        and not _THIS_YEAR.search(text) and not _LAST_YEAR.search(text)


_NAMED_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?=\s*年)")
# A figure that is no part of a date (nor an ordinal), and a year word of the article's own time.
_UNDATED_FIGURE = re.compile(r"(?<![\d.第])\d[\d.,]*(?![\d.,]*\s*[年月日号时点分:：\-—～~])")
_OWN_TIME = re.compile(r"今年|去年|上年|本年")


def dates_event_only(sentence: str, asked: int) -> bool:
    """Whether the year asked only dates an event of `sentence` (a month or day of it) and its
    figures come after a 今年 or 去年 of their own: 2022年收购了多少 of 缫丝厂于2022年10月26日投产，
    今年1至7月收购鲜茧1860吨 (written in 2023) is not told."""
    m = re.search(rf"(?<!\d){asked}\s*年\s*\d{{1,2}}\s*月", sentence)
    if m is None or sentence.count(f"{asked}年") != 1 or _SPAN.search(sentence):
        return False
    own = _OWN_TIME.search(sentence, m.end())
    if own is None:
        return False
    return _UNDATED_FIGURE.search(sentence, m.end(), own.start()) is None and _UNDATED_FIGURE.search(sentence, own.end()) is not None


def _only_given(sentence: str, given: tuple[str, ...]) -> bool:
    """Whether every figure a sentence gives in digits is one the question stated already."""
    figures = set(stated_figures(sentence))
    return bool(figures) and figures <= set(given)


def _before_greetings(context: Sequence[str]) -> Sequence[str]:
    """The context without the greetings that ended it (…, 好的谢谢): a greeting in between does not
    break a chain of follow-ups; the question before it is the previous one."""
    end = len(context)
    while end and is_chitchat(normalize(context[end - 1])):
        end -= 1
    return context[:end]


def _breaks_down(sentence: str, context: str, whole: str, given: tuple[str, ...], question: str = "") -> bool:
    """Whether a sentence gives a part of the stated `whole`: the whole is in it or before it, and
    it gives a figure the question did not state — in the whole's unit, when the question gives
    one (62名学员里有多少是女学员: 平均月薪5300元 is no part of the 62名)."""
    if not (whole in stated_figures(sentence) or whole in stated_figures(context)):
        return False
    unit = re.search(re.escape(whole) + r"\s*([\u4e00-\u9fff])", question)
    if unit is None:
        return bool(set(stated_figures(sentence)) - set(given))
    units = next((u for u in _SAME_UNITS if unit.group(1) in u), unit.group(1))
    return any(m.group(1) not in given and m.group(2) in units for m in _FIGURE_UNIT.finditer(sentence))


# Units a part may be counted in when its whole is counted in one of them (62名学员: 其中女学员28人).
_SAME_UNITS = ("名人位", "户家", "个所座")
_FIGURE_UNIT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:万|千)?\s*([\u4e00-\u9fff])")


@lru_cache(maxsize=4096)
def _parts(word: str) -> tuple[str, ...]:
    """A compound's words as jieba cuts it (餐饮公司 → 餐饮, 公司); () when a part is one character."""
    parts = tuple(jieba.lcut(word))
    if len(parts) == 1 and len(word) == 4:
        parts = (word[:2], word[2:])  # a four-character word in jieba's dictionary is two words
    return parts if all(len(p) > 1 for p in parts) else ()


@lru_cache(maxsize=4096)
def _pair_abbreviation(char: str) -> re.Pattern[str]:
    """Where `char` starts a place's name inside a two-character pair (徐宝 for 宝鸡 and 徐州)."""
    c = re.escape(char)
    return re.compile(rf"({c}[\u4e00-\u9fff]|[\u4e00-\u9fff]{c})(?:两市|两地|两县|两省|协作|扶贫|合作|帮扶|对口|联席|劳务)")


# A pair seen this often in jieba's dictionary is a word (东西 8000+), not two places' initials.
_COMMON_PAIR = 100


class PassageKinds:
    """Which kinds of thing (xbbot.kinds) each document's text holds, each worked out the first
    time a query asks and then kept: candidates recur from query to query, and on a large index
    has_kind's own cache cannot hold every (text, kind) pair. One int per document (a list, not
    NumPy: reading a NumPy element costs more than the check): bit i says kind i is known, bit
    32 + i what it is — set in one store, so concurrent queries can lose an update (it is worked
    out again) but never see a kind marked known without its value."""

    # Not a kind: a figure for one year only (2019年以来), against the running total.
    ONE_PERIOD = "one_period"
    _BITS = {k: i for i, k in enumerate((*KINDS, ONE_PERIOD))}

    def __init__(self, docs: Sequence[Doc]) -> None:
        self._docs = docs
        self._memo = [0] * len(docs)

    def has(self, doc: int, kind: str) -> bool:
        bit = self._BITS[kind]
        memo = self._memo[doc]
        if memo >> bit & 1:
            return memo >> (32 + bit) & 1 == 1
        text = self._docs[doc].text
        value = bool(_ONE_PERIOD.search(text)) if kind == self.ONE_PERIOD else has_kind(text, kind)
        self._memo[doc] = self._memo[doc] | 1 << bit | value << (32 + bit)
        return value

    def mask(self, kinds: Sequence[str]) -> int:
        """The known-bits of `kinds`, for `count`."""
        return sum(1 << self._BITS[k] for k in kinds)

    def count(self, doc: int, mask: int, kinds: Sequence[str]) -> int:
        """How many of `kinds` (whose `mask`) the document holds. Once all are known, one bit
        count instead of a call per kind: this runs for every candidate of every query."""
        memo = self._memo[doc]
        if memo & mask == mask:
            return (memo >> 32 & mask).bit_count()
        return sum(self.has(doc, k) for k in kinds)


@dataclass(frozen=True)
class Signals:
    """What the confidence of an answer is computed from."""

    dense: float  # cosine similarity of the question and the top hit's best vector
    decline: float = 0.0  # cosine similarity of the question and the closest question to decline
    english: bool = False
    strong: int = 0  # unknown names, places, numbers (杭州, 2021)
    nouns: int = 0  # unknown Chinese nouns (天气, 房价)
    others: int = 0  # other unknown Chinese words (下雨, 开车)
    latin: int = 0  # unknown English words
    chitchat: bool = False  # nothing to look up: 你好, 在吗, thanks
    measure_mismatch: bool = False  # asks 多少亩 but the answer has no figure in 亩
    kind_mismatch: bool = False  # asks 是谁 / 哪里 / 为什么… but the answer holds no such thing
    entity_mismatch: int = 0  # named subjects of the question the answer is not about
    year_unavailable: bool = False  # names a year the knowledge base has nothing for
    year_mismatch: bool = False  # names a year; the answer is another year's
    uncovered: float = 0.0  # share of the question's known content words the answer's document lacks
    level_mismatch: bool = False  # a province's or county pair's figure for a question not at that level
    reversed: bool = False  # asks who A sent to B; the answer's people went from B to A
    holder: bool = False  # asks who holds a title; the answer names its holder, about every subject asked


def signal_columns(signals: Sequence[Signals]) -> dict[str, np.ndarray]:
    """Each field of many questions' signals as one column of floats, for `confidences`."""
    return {f.name: np.array([float(getattr(s, f.name)) for s in signals]) for f in fields(Signals)}


def confidences(c: Mapping[str, np.ndarray], t: Tuning) -> np.ndarray:
    """The top hit's similarity, rescaled to [0, 1], minus a penalty per sign of not answering —
    for many questions at once (columns of `signal_columns`), so a tuning script computes exactly
    what answering does. Flags are 0/1 columns; each term is added in the same order as for one."""
    english = c["english"] != 0
    # multilingual-e5 scores English questions against Chinese text lower than Chinese ones.
    floor = t.dense_floor - np.where(english, t.english_offset, 0.0)
    dense = (c["dense"] - floor) / (t.dense_ceiling - floor)
    # Past a few unknown words a long rambling question is not less in scope.
    weak = np.minimum(t.noun_penalty * c["nouns"] + t.other_penalty * c["others"], t.weak_cap)
    penalty = t.strong_penalty * c["strong"] + weak + t.latin_penalty * c["latin"]
    # Closer to a question the bot should decline than to anything it knows.
    # (An English question meets English questions in the bank but Chinese text in the knowledge
    # base, which e5 scores lower: the same offset as the floor's.)
    near_decline = (c["decline"] != 0) & (c["decline"] - (c["dense"] + np.where(english, t.english_offset, 0.0))
                                          > -t.decline_margin)
    penalty = np.where(near_decline, penalty + t.decline_penalty, penalty)
    penalty += t.mismatch_penalty * (c["measure_mismatch"] + c["kind_mismatch"]) + t.chitchat_penalty * c["chitchat"]
    penalty += t.entity_penalty * c["entity_mismatch"] + t.uncovered_penalty * c["uncovered"]
    # A year the knowledge base has nothing for: whatever matched, it is about another time (or
    # level, or the people sent the other way).
    off_time = (c["year_unavailable"] != 0) | (c["year_mismatch"] != 0) | (c["level_mismatch"] != 0) | (c["reversed"] != 0)
    penalty += t.year_penalty * off_time
    return np.clip(dense + t.holder_bonus * c["holder"] - penalty, 0.0, 1.0)


def confidence_from(s: Signals, t: Tuning) -> float:
    """The confidence of one answer (see `confidences`)."""
    return float(confidences(signal_columns([s]), t)[0])


def abstention_reason(s: Signals) -> str:
    """Why a question would be declined: a greeting, a year not covered, an answer that lacks
    what was asked, signs it is about something else, or only that nothing matched well."""
    if s.chitchat:
        return "greeting"
    if s.year_unavailable:
        return "year_unavailable"
    if s.strong or s.decline > s.dense:
        return "out_of_scope"
    if s.measure_mismatch or s.kind_mismatch or s.entity_mismatch or s.year_mismatch or s.level_mismatch or s.reversed:
        return "not_answered"
    return "low_confidence"


class Scored(NamedTuple):
    """Internal: a document with its fused score and the raw signals behind it. (A named tuple,
    not a frozen dataclass: one is made per candidate, and it builds three times faster.)"""

    doc: int
    score: float
    dense: float
    lexical: float
    fit: Fit | None = None


_score = attrgetter("score")


@dataclass(frozen=True)
class Ranking:
    """Internal: documents best first for one Query, and its closeness to the decline bank."""

    query: Query
    scored: list[Scored] = field(default_factory=list)
    decline: float = 0.0


class Retriever:
    """Answers questions from an index. Thread-safe for concurrent `search`/`answer` calls."""

    def __init__(self, index: LoadedIndex, encoder: Encoder, tuning: Tuning = DEFAULT_TUNING) -> None:
        self._ix = index
        self._encoder = encoder
        # One query at a time is too small to split across threads: FAISS's OpenMP pool costs
        # more than it saves (benchmarks/README.md), and the bot runs queries in parallel itself.
        faiss.omp_set_num_threads(1)
        self.tuning = tuning
        # The encoders release the GIL but are not documented as reentrant.
        self._encode_lock = threading.Lock()
        self._answer_en = {d.id: d.answer_en for d in index.docs if d.answer_en}
        # What a fact is checked against (its text in simplified script and its English answer),
        # made once: a fact is a candidate of query after query.
        self._fact_check = {d.id: self._fact_check_text(d) for d in index.docs if d.kind == "fact"}
        # Sources are immutable: one per article, shared by its hits, not one built per hit.
        self._sources = {source_id: Source.from_stored(source_id, s) for source_id, s in index.sources.items()}
        # What each article's 我县 / 本市 is (its publisher's or author's place), as the index read it.
        self._home = {source_id: home_places(s.get("publisher") or "", s.get("author") or "")
                      for source_id, s in index.sources.items()}
        vocab = index.lexical.vocabulary
        texts = [d.lexical_text for d in index.docs]
        # Passages in their search form, once: simplified script (a traditional article's 蘇州 is the
        # 苏州 a question is normalised to) for the proper nouns, and for what precedes each passage.
        passages = [(d, normalize(d.text)) for d in index.docs if d.kind == "passage"]
        nouns = proper_nouns(text for _, text in passages)
        scope = ScopeChecker(has_token=vocab.__contains__, places=corpus_places(nouns))
        # People an English question may name in pinyin (Long Haibo): jieba tags many names as
        # common nouns (龙 + 海波), so the ones a title or a verb of saying introduces count too.
        people = Counter((name, "nr") for _, text in passages for name in introduced_names(text))
        speller = Speller(texts, is_known=scope.known, places=scope.places, people=[name for name, _ in people])
        # …and the names of firms and schools (瀚森 of 广东瀚森建材集团有限公司: Hansen).
        firms = Counter((name, "nz") for _, text in passages for name in institution_names(text))
        names = pinyin_names(nouns + people + firms)
        glossary = load_glossary()
        self._reader = QueryReader(scope, speller, names, glossary)
        self._scope = scope
        self._years = frozenset(y for d in index.docs for y in d.years)
        self._kinds = PassageKinds(index.docs)
        # What an article says before a passage can name its subject: its lead (南京 in 南京对商洛
        #投入…) and the passage just before (a paragraph split in two). Not any earlier passage:
        # a county named three paragraphs up is not what this passage's figure is about.
        # Kept as the two texts, joined when a passage is checked: each text is then held once
        # (the passage's own when normalising leaves it unchanged), not copied into its followers.
        lead: dict[str, str] = {}
        last: dict[str, str] = {}
        self._before: dict[str, tuple[str, str]] = {}
        self._article_texts: dict[str, list[str]] = {}
        for d, text in passages:
            self._before[d.id] = (lead.get(d.article_id, ""), last.get(d.article_id, ""))
            text = d.text if text == d.text else text
            if d.article_id not in lead:
                lead[d.article_id] = text
            elif len(lead[d.article_id]) < _SHORT_LEAD and len(self._article_texts[d.article_id]) == 1:
                # A speech's heading, then its speaker (梧港市委书记 某某): both lead what follows.
                # (A page repeating its headline above the first paragraph: that paragraph leads.)
                lead[d.article_id] += " " + text
            last[d.article_id] = text
            self._article_texts.setdefault(d.article_id, []).append(text)
        # Who each article introduces as a person, worked out when one of its passages is first checked.
        self._people: dict[str, People] = {}
        # Where a passage's last sentence goes on past its end (…很适合搬到西部；): what follows, from
        # the next passage of its paragraph. That one begins with the same sentence (passages overlap)
        # or, when the sentence and the next did not fit together, is that sentence alone.
        self._goes_on: dict[str, str] = {}
        docs = index.docs
        for k, d in enumerate(docs):
            if d.kind != "passage" or not goes_on(d.text):
                continue
            last = split_sentences(d.text)[-1]
            after = [a for a in docs[k + 1 : k + 3] if a.article_id == d.article_id and a.heading == d.heading]
            if after and after[0].text.startswith(last):
                rest = after[0].text[len(last):] or (after[1].text if len(after) > 1 else "")
                if rest:
                    self._goes_on[d.id] = rest
        warm_up()

    def warm_up(self) -> None:
        """Read now what the first English question would otherwise wait for: the dictionary
        (`xbbot.dictionary`, about 2 s). A server calls this at startup, off its event loop."""
        english_index()

    # -- loading -----------------------------------------------------------------------------

    @classmethod
    def load(
        cls,
        index_dir: Path | str | None = None,
        *,
        settings: Settings | None = None,
        encoder: Encoder | None = None,
        build_if_missing: bool = True,
        check_fresh: bool = True,
    ) -> "Retriever":
        """Load the index (default: the configured one), building it on first use.

        A stale index (knowledge changed since it was built) is an IndexMismatchError telling
        the maintainer to run `xbbot index`, so answers never silently lag the knowledge base.
        """
        settings = settings or load_settings()
        index_dir = Path(index_dir) if index_dir is not None else settings.index_dir
        encoder = encoder or load_encoder(settings)
        try:
            index = load_index(index_dir, encoder.model_id)
        except IndexMissingError:
            if not build_if_missing or not (settings.knowledge_dir / "articles").is_dir():
                raise
            build_index(load_knowledge(settings.knowledge_dir), encoder, index_dir)
            index = load_index(index_dir, encoder.model_id)
            check_fresh = False  # built from the knowledge base just now
        if check_fresh and (settings.knowledge_dir / "articles").is_dir():
            try:
                kb = load_knowledge(settings.knowledge_dir)
            except KnowledgeError:
                kb = None  # a broken knowledge base must not stop serving the last good index
            reason = stale_reason(index.manifest, kb) if kb else None
            if reason:
                raise IndexMismatchError(
                    f"index in {index_dir} is out of date with {settings.knowledge_dir} ({reason}); rebuild with: xbbot index"
                )
        tuning = DEFAULT_TUNING
        if settings.min_confidence is not None:
            tuning = replace(tuning, threshold=settings.min_confidence)
        return cls(index, encoder, tuning)

    @classmethod
    def rebuild(cls, settings: Settings | None = None, *, encoder: Encoder | None = None) -> "Retriever":
        """Re-index the knowledge base incrementally and load the result.

        On a broken knowledge base this raises before anything is written; the live index and
        any Retriever already loaded from it keep working.
        """
        settings = settings or load_settings()
        encoder = encoder or load_encoder(settings)
        build_index(load_knowledge(settings.knowledge_dir), encoder, settings.index_dir)
        return cls.load(settings=settings, encoder=encoder, check_fresh=False)

    # -- facts about the index ---------------------------------------------------------------

    @property
    def encoder(self) -> Encoder:
        """The encoder questions are embedded with (reused to load the next build)."""
        return self._encoder

    @property
    def manifest(self) -> dict:
        return dict(self._ix.manifest)

    @property
    def sources(self) -> list[Source]:
        """The articles the index knows, newest first."""
        out = [Source.from_stored(source_id, s) for source_id, s in self._ix.sources.items()]
        return sorted(out, key=lambda s: s.date, reverse=True)

    @property
    def years(self) -> list[int]:
        """Every year the knowledge base has figures or events for."""
        return sorted(self._years)

    def timeline(self) -> list[TimelineEntry]:
        """The milestones of the knowledge base in date order, each with its source."""
        return timeline_entries(self._ix.milestones, self._ix.sources)

    def examples(self, lang: str = "zh", n: int = 4) -> list[str]:
        """Example questions (the first question of the first facts) in `lang`."""
        out: list[str] = []
        for d in self._ix.docs:
            if d.kind != "fact":
                continue
            pick = next((q for q in d.questions if language(q) == lang), None)
            if pick:
                out.append(pick)
            if len(out) >= n:
                break
        return out

    # -- reading questions ---------------------------------------------------------------------

    def understand(self, question: str, context: Sequence[str] = ()) -> Query:
        """`question` read once; merged with the previous question only when plainly a follow-up.

        A complete question — including an off-topic one — is judged on its own, and one with
        words the knowledge base does not know is never rescued by the question before it.
        """
        query = self._reader.read(question)
        context = _before_greetings(context)
        if not context or query.chitchat or query.scope.strong or query.unknown_names or query.new_topic:
            return query
        if query.complete and query.anchored:
            return query
        if query.scope.unknown and not query.scope.known and not query.points_back and not _ASKS_HOW.match(query.text):
            return query  # 你是机器人吗, 今晚吃啥好呢: nothing it says is about the knowledge base
        return query.continuing(self._previous(query, context))

    def _previous(self, query: Query, context: Sequence[str]) -> Query:
        """The turn `query` continues, read with the person its answer named when `query` points
        back at one person (他/她, not 他们): otherwise the name would pull every later answer
        towards passages about them."""
        previous, named = recall(context[-1])
        if named and _PERSONAL.search(query.raw):
            previous = f"{previous} {named}"
        return self.understand(previous, context[:-1])

    def prepare(self, question: str) -> str:
        """The question's search text (see `understand`)."""
        return self._reader.read(question).text

    # -- searching ---------------------------------------------------------------------------

    def _source(self, doc: Doc) -> Source:
        return self._sources.get(doc.article_id) or Source.from_stored(doc.article_id, {})

    def _names_other_place(self, text: str, entities: Sequence[str]) -> bool:
        """Whether `text` names a place of the knowledge base other than (and not part of) `entities`."""
        return any(p in text and _other_place(p, entities) for p in self._scope.places if len(p) >= 2)

    def _told_years(self, doc: Doc) -> list[int]:
        """The years `doc` tells of (a plan for 明年 aside: that year has not come)."""
        date = self._date(doc)
        return [y for y in doc.years if not date[:4].isdigit() or y <= int(date[:4])]

    def _one_year(self, doc: Doc) -> bool:
        """Whether `doc` tells of one year."""
        return len(self._told_years(doc)) == 1

    def _gives_one_year(self, doc: Doc) -> bool:
        """Whether `doc` gives a figure of one year: it tells of one, or names its latest year right
        before a figure (2019年3.09亿元、2020年3.57亿元: the 2020 figure is there as such)."""
        told = self._told_years(doc)
        if len(told) == 1:
            return True
        # (今年…7150万元 in an article of that year says it too.)
        return bool(told) and (re.search(rf"{max(told)}\s*年(?!\s*\d{{1,2}}\s*月)[^，,。；;、\d]{{0,6}}\d", doc.text) is not None
                               or self._date(doc)[:4] == str(max(told)) and _THIS_YEAR_FIGURE.search(doc.text) is not None)

    def _date(self, doc: Doc) -> str:
        return self._ix.sources.get(doc.article_id, {}).get("date", "")

    def _hit(self, s: Scored) -> Hit:
        d = self._ix.docs[s.doc]
        return Hit(d.id, d.kind, d.text, s.score, self._source(d), d.heading, d.questions)

    def _dense(self, queries: Sequence[str], weights: Sequence[float]) -> tuple[dict[int, float], float]:
        """Best cosine per document for the weighted sum of the query vectors, and the best
        cosine of the question itself with the decline bank."""
        with self._encode_lock:
            vecs = self._encoder.encode_query(list(queries))
        declines = self._ix.declines
        decline = float((declines @ vecs[0]).max()) if len(declines) else 0.0
        q = (np.asarray(weights, dtype=np.float32)[:, None] * vecs).sum(axis=0, keepdims=True)
        q /= max(float(np.linalg.norm(q)), 1e-12)
        k = min(self._ix.dense.ntotal, self.tuning.candidates * 4)
        if k == 0:
            return {}, decline
        scores, rows = self._ix.dense.search(q.astype(np.float32), k)
        found = rows[0] >= 0
        # Python numbers, not NumPy scalars: this loop runs for every candidate vector.
        docs = self._ix.unit_doc[rows[0][found]].tolist()
        best: dict[int, float] = {}
        for score, doc in zip(scores[0][found].tolist(), docs):
            if score > best.get(doc, -1.0):
                best[doc] = score
        return best, decline

    def _lexical(self, queries: Sequence[str], weights: Sequence[float]) -> np.ndarray:
        total = np.zeros(self._ix.lexical.n_docs, dtype=np.float32)
        for text, w in zip(queries, weights):
            total += w * self._ix.lexical.scores(tokenize(text))
        return total

    def _rank(self, query: Query) -> Ranking:
        """Rank for `query`; a short follow-up that the previous topic does not fit is read alone."""
        if query.previous is None:
            return self._rank_query(query)
        previous_doc: int | None = None
        if query.contrast:
            before = self._rank_query(query.previous).scored
            previous_doc = before[0].doc if before else None
            # 那保靖县呢 after 哪些县进度偏慢: the passage that answered names 保靖县 too, in a clause of
            # its own (保靖县…已全部开工。永顺县…偏慢) — it is no repeat of the answer.
            topic = query.previous.topic()
            new = [w for w in query.scope.known_strong if w not in topic]
            if previous_doc is not None and new \
                    and all(_mentions(normalize(self._ix.docs[previous_doc].text), w) for w in new):
                previous_doc = None
        combined = self._rank_query(query, previous_doc)
        if query.explicit_followup or not combined.scored:
            return combined
        # A short question is a follow-up only if the answer it then gets is still about its own
        # words: 总投资多少 after a question on signed projects finds their 计划总投资, but 捐款多少
        # after a question on funds must not be answered with the funds.
        doc = self._ix.docs[combined.scored[0].doc]
        # (A year asked is in a passage that says 今年 under that year's date too.)
        # (In a word of its own or another for it: 厂里有多少人上班 is answered by 在厂就业213人.)
        if all(_mentions(doc.lexical_text, word) or word.isdigit() and is_year(word) and int(word) in doc.years
               for word in query.scope.known):
            return combined
        return self._rank_query(replace(query, previous=None))

    def _rank_query(self, query: Query, previous: int | None = None) -> Ranking:
        """Fuse dense and lexical scores, then re-rank the best few by how well they answer."""
        t = self.tuning
        texts, weights = query.searches(t.context_weight)
        dense, decline = self._dense(texts, weights)
        lex = self._lexical([f"{texts[0]} {' '.join(query.dictionary_words)}", *texts[1:]] if query.dictionary_words else texts,
                            weights)
        # The best few of possibly 100,000 scores: a partial sort, not a full one.
        n_top = min(t.candidates, len(lex))
        top_lex = np.argpartition(-lex, n_top - 1)[:n_top] if n_top else np.zeros(0, dtype=np.int64)
        candidates = set(dense) | set(top_lex[lex[top_lex] > 0].tolist())
        if not candidates:
            return Ranking(query, [], decline)
        lex_max = float(lex.max()) or 1.0
        d_vals = [dense.get(c, 0.0) for c in candidates]
        d_lo, d_hi = min(d_vals), max(d_vals)
        # This loop runs for every candidate (hundreds on a large index): what depends only on
        # the query is read once, what depends only on the document is kept in self._kinds.
        kinds, docs, wants, kind_boost = self._kinds, self._ix.docs, query.wants, t.kind_boost
        dense_weight, lexical_weight, fact_boost = t.dense_weight, t.lexical_weight, t.fact_boost
        want_kinds = tuple(wants)
        want_mask = kinds.mask(want_kinds)
        # The boost for holding n of the wanted kinds, summed as n separate boosts always were
        # (n * kind_boost can differ in the last bit, and a tie would then break another way).
        boosts = [sum([kind_boost] * n) for n in range(len(want_kinds) + 1)]
        wants_total = "total" in wants
        one_year = not wants_total and bool(query.latest or query.years)
        # 枫岭市长叫什么: a passage mentioning no 市长 cannot answer; lift the ones that do into the
        # few re-ranked, before passages naming other people of the same place crowd them out.
        asked_role = roles_pattern(query.roles) if query.roles and "person" in wants else None
        # 白水县呢 after a question about 2021: a passage of the asked year is lifted into the few
        # re-ranked, before other years' passages about the same county crowd it out. (A question
        # naming its year searches with it already.)
        asked_years = frozenset(query.years) if query.previous is not None else frozenset()
        agreed = query.agreed
        lex_of = lex.tolist() if len(candidates) * 8 > len(lex) else None  # Python floats, when cheaper
        out: list[Scored] = []
        for c in candidates:
            d = dense.get(c, d_lo)
            d_norm = (d - d_lo) / (d_hi - d_lo) if d_hi > d_lo else 1.0
            lexical = lex_of[c] if lex_of is not None else float(lex[c])
            l_norm = lexical / lex_max
            score = dense_weight * d_norm + lexical_weight * l_norm
            score += boosts[kinds.count(c, want_mask, want_kinds)]
            if wants_total and kinds.has(c, kinds.ONE_PERIOD) and not kinds.has(c, "total"):
                score -= kind_boost  # asked for the running total, this is one year's figure
            elif one_year and kinds.has(c, "total"):
                score -= kind_boost  # asked for one year's (or the newest) figure, this is a running total
            if asked_role is not None and asked_role.search(docs[c].lexical_text):
                score += kind_boost
            if asked_years and not asked_years.isdisjoint(docs[c].years):
                score += kind_boost
            if agreed and obliges(docs[c].text):
                score += kind_boost  # 协议里约定…: the agreement's clause, not a later report's result
            if docs[c].kind == "fact":
                score += fact_boost
            if c == previous and not (asked_years & set(docs[c].years) and len(docs[c].years) > 1):
                # (那2020年呢 after a line giving 2019年…、2020年…: the same line has the other year.)
                score -= t.repeat_penalty
            out.append(Scored(c, score, d, lexical))
        out.sort(key=_score, reverse=True)
        return Ranking(query, self._rerank(query, out), decline)

    def fit(self, query: Query, doc: Doc) -> Fit:
        """Whether `doc` holds what `query` asks for: its kind and unit, its subject, its year."""
        before = self._before_text(doc)
        people = self._people_of(doc) if "person" in query.wants else NO_PEOPLE
        title = self._ix.sources.get(doc.article_id, {}).get("title", "")
        home = self._home.get(doc.article_id, {})
        if doc.kind == "fact":
            sentence = self._answer_en.get(doc.id) or doc.text if query.english else doc.text
            check_text = self._fact_check.get(doc.id) or self._fact_check_text(doc)
            context = doc.lexical_text
        else:
            # (A reason goes on past its passage's end: 搬到西部； then 思依镇有一个安置点… in the next.)
            text = doc.text + self._goes_on.get(doc.id, "") if "reason" in query.wants else doc.text
            sentence = best_sentence(query, text, people, self._published_year(doc) if query.years else None)
            check_text = to_simplified(sentence)
            # The subject must be named before the answer (or in the headline): a county named
            # only after 佳县获得3000万元 — or after the last figure of a sentence asked for a
            # figure — is not what that figure is about.
            end = doc.text.find(sentence)
            subject_span = sentence
            if "number" in query.wants:
                figures = list(_FIGURE.finditer(sentence))
                if figures:
                    # …to the end of the clause of the last figure (26名抵达枫岭县 is about 枫岭县).
                    clause = _CLAUSE_END.search(sentence, figures[-1].end())
                    subject_span = sentence[: clause.start()] if clause else sentence
            # (Not for a figure, the rest of its passage says what else it is about: 张三，某公司总经理。
            # 2020年他在枫岭县建车间 — the person asked of 枫岭县.)
            upto = doc.text[: end + len(subject_span)] if end >= 0 and "number" in query.wants else doc.text
            context = resolve_home(normalize(f"{title} {doc.heading} {upto}"), home) + before
        # (A clause saying what a source does not give holds none of it: 2019年8月16日的这篇报道没有
        # 介绍它的具体做法 dates the report, not the practice.)
        check_text = _UNSAID.sub("", check_text) if _TELLS_UNSAID.search(check_text) else check_text
        missing = tuple(k for k in sorted(query.wants & REQUIRED)
                        if not holds(check_text, k, people, query.institutions, query.name_of))
        # A diary's 今天到了… under **8月26日 星期一**: the day is its heading's. (Only read when a date
        # is asked: this runs for every candidate of every question.)
        dated = ("date" in query.wants or query.day) and doc.kind == "passage" \
            and _TODAY.search(check_text) is not None and gives_day(normalize(doc.heading))
        if dated and "date" in query.wants:
            missing = tuple(k for k in missing if k != "date")
            sentence = f"{doc.heading}：{sentence}"  # (the answer says the day, as the diary does above it)
        if "place" in missing and any(_other_place(p, query.entities) for p in located_places(check_text)):
            missing = tuple(k for k in missing if k != "place")  # 开在哪个城市 → 在徐州开馆: a place written bare
        if query.day and not query.about_report and "date" not in missing and not gives_day(check_text) and not dated:
            missing += ("date",)  # 几月几号开的: 2021年11月 does not say
        if query.past and "date" not in missing and not query.plan and only_planned(check_text, dates=True):
            missing += ("date",)  # 什么时候建成的: 计划2023年6月底前建成 is when it was to be
        if query.event and not query.about_report and "date" not in missing and not tells_event(check_text, query.event):
            missing += ("date",)  # 哪一年当上市长的: the date of a meeting he attended as mayor is not it
        under_plan = doc.kind == "passage" and _PLAN_HEADING.search(doc.heading) is not None
        if "number" in query.wants and "number" not in missing and not query.plan and (
                only_planned(check_text) or under_plan or (
                query.counted and not is_money(query.counted) and only_planned(check_text, query.counted))):
            missing += ("number",)  # 全年就业最终多少人: 力争全年突破3800人 is a target, not the result
        if "number" in query.wants and "number" not in missing and query.actual and not query.plan \
                and only_planned(check_text, query.counted or ""):
            missing += ("number",)  # 实际到位了多少投资: 计划总投资190亿元 is what was planned
        if "number" in query.wants and "number" not in missing and query.per_head and not gives_per_head(check_text):
            missing += ("number",)  # 平均每人多收入多少: 为2万余人增收2287万元 is the total
        if "number" in query.wants and "number" not in missing and query.change and not gives_change(check_text):
            missing += ("number",)  # 比上年多给了多少: 投入援助资金6.4亿元 is a level, not how much more
        if "number" in query.wants and "number" not in missing and query.plan and not tells_plan(check_text) \
                and not self._ahead(query, doc) and not under_plan:
            missing += ("number",)  # 明年打算扩建多少个养殖池: the 64个养殖池 there are now is no plan
        if query.items is not None and "number" not in query.wants and "which" not in missing and not (
                lists_items(check_text) and _mentions(context + check_text, query.items[-2:])):
            # 那5个贫困县分别叫什么: 宝鸡5个贫困县全部脱贫 names none of them; a list of people is no
            # list of the 三个过千亿 asked.
            missing += ("which",)
        if query.payment and "number" in query.wants and "number" not in missing and not pays(check_text, query.payment):
            missing += ("number",)  # 低温补贴每月多少钱: 月薪3800元，另发低温补贴 gives no sum of it
        if "number" in query.wants and "number" not in missing and query.stage and misses_stage(check_text, query.stage):
            missing += ("number",)  # 已经完工了几个: 已有16个开工建设 counts those begun, 实施项目18个 all
        if "number" in query.wants and "number" not in missing and query.final and so_far(check_text):
            missing += ("number",)  # 年货节最后总共卖了多少: 截至1月11日已达127万元 is not the final figure
        if "number" in query.wants and query.given and "number" not in missing and _only_given(check_text, query.given):
            missing += ("number",)  # 那12名队员里有几名是女医生: 12 again is no answer
        if "number" in query.wants and query.part and "number" not in missing and not _mentions(check_text, query.part):
            missing += ("number",)  # 捐款里企业捐了多少: 社会各界捐款273.9万元 gives no figure of the firms'
        if "number" in query.wants and query.whole and "number" not in missing \
                and not _breaks_down(check_text, context, query.whole, query.given, query.text):
            missing += ("number",)  # 那508名贫困人口里多少人去了A: another figure of another thing is no part of it
        # 建了多少个爱心超市 is not answered by a count of projects.
        counted_ok = not query.counted or _counts(check_text, context, query.counted, query)
        measure_ok = (query.measure is None or answers_measure(check_text, query.measure, query.counted)) and counted_ok
        if measure_ok and query.measure == "价" and doc.kind != "fact" and not query.english:
            # 核桃油多少钱一瓶: a price is the price of what its passage names (a list's 纸皮核桃 is not 核桃油).
            # (The words asking the price — 价钱, 售价 — name no thing.)
            # (A thing the knowledge base never names has no price in it either.)
            measure_ok = all(_mentions(context, w) for w in (*query.scope.known_nouns, *query.scope.nouns)
                             if w not in self._scope.places and w not in query.entities and not _PRICE_WORD.search(w)
                             and w not in SOLD_AT) \
                and (not query.priced or query.priced in context)  # 苦荞面 is not the list's 苦荞茶
        # (A province pair, 鲁渝, frames its whole article: a passage of an article naming it is about it.)
        entities = tuple(w for w in query.entities if not _mentions(context, w) and not (
            is_province_pair(w) and _mentions("\n".join(self._article_texts.get(doc.article_id, ())), w)))
        sentence_text = resolve_home(normalize(sentence), home) if query.entities else ""
        places = self._scope.places
        # (A county a follow-up inherits is its chain's subject, named where the chain's answer was.)
        # (Also one the passage names only after the figure: 保靖县…7420万元。永顺县…偏慢 is no more
        # 永顺县's figure than one in a passage that never names it.)
        counties = [w for w in query.scope.known_strong if _county(w, places)] \
            if "number" in query.wants and doc.kind != "fact" else []
        if counties:
            # 延川县获得多少资金: a figure of the city (延安3980万元) in a passage that names the county
            # elsewhere is not the county's. A county the headline does not name must be in the
            # answer's own sentence.
            title_text = normalize(title)
            elsewhere = tuple(w for w in counties if not _names_county(title_text, w) and not _names_county(sentence_text, w))
            # (Not when the question names a thing of its own the passage is about — 佳县康养食品产业园
            # used how much: the park's sentence need not repeat its county.)
            things = [w for w in query.entities if w not in elsewhere and w not in places and not names_province(w)]
            if elsewhere and not things and self._names_other_place(sentence_text, query.entities):
                # …and only when the sentence gives its figure to another place (延安3980万元): one
                # naming none (物流园新建冷库12座) is about the place its passage began with.
                entities += tuple(w for w in elsewhere if w not in entities)
                measure_ok = False  # the figure is another place's: as wrong as one in another unit
        # 徐州派到宝鸡的干部 are not the ones 宝鸡选派…赴徐州.
        # (Not when the text also sends people to the asked place, its sender unsaid.)
        # (Nor when the asked sender sends people in it too: A选派36名；B选派58名到A.)
        reversed_ = next(((a, b) for a, b in query.sent if sends(check_text, b, a) and not sent_to(check_text, b)
                          and not sends_from(check_text, a)), None)
        # Only a question naming an ordinal needs the sentence's (a regex scan per candidate).
        in_sentence_ordinals = ordinal_keys(check_text) if query.ordinals else set()
        for key in query.ordinals:
            other_in_sentence = any(counter == key[1] for _, counter in in_sentence_ordinals)
            if key in in_sentence_ordinals or not other_in_sentence and key in ordinal_keys(context):
                continue  # 第二批 named in the lead, the sentence names no other batch
            if other_in_sentence or any(counter == key[1] for _, counter in ordinal_keys(context)):
                # 第一批 asked, the sentence (or, naming none, its passage) is about 第二批: another thing too
                missing += ("ordinal",)
            entities += (f"{_CN_ORDINAL[key[0]]}等奖" if key[1] == "等奖" and key[0] < len(_CN_ORDINAL) else f"第{key[0]}{key[1]}",)
        if entities and query.name_words and any(w in doc.lexical_text for w in query.name_words):
            # An English fact spells the names as the question does (Baoji).
            entities = tuple(w for w in entities if w not in query.names)
        if "person" in query.wants and "person" not in missing:
            # 邳州市长是谁 is not answered by 邳州市委书记张三 (or by 扬州市长李四): the person asked
            # for is not there.
            # (A report's 教师 is the question's 老师.)
            if any(not any(names_person_with_role(check_text, w, people) for w in (r, *_SYNONYMS.get(r, ())))
                   for r in query.roles) or any(
                not any(names_place_role(check_text, s, r, people) for s in (p, *_SYNONYMS.get(p, ())))
                and not (_home_post(home, p, r) and names_person_with_role(check_text, r, people))
                for p, r in query.place_roles
            ):
                missing += ("person",)
        if "person" in missing and any(_nicknamed(check_text, q) or q in check_text and has_person(check_text, people)
                                       for q in query.quoted):
            # 被叫作“刺梨县长”的是谁: the text calling him so (“刺梨县长”某某) names him, title or none.
            missing = tuple(k for k in missing if k != "person")
        if "person" in missing and query.group and not query.roles and names_group(check_text):
            missing = tuple(k for k in missing if k != "person")  # 聚焦什么人: 建档立卡贫困人口 is who
        if "person" in query.wants and "person" not in missing and (rel := asked_relation(query.text)) \
                and not names_relation(check_text, rel, people):
            missing += ("person",)  # 她丈夫叫什么名字: 丈夫是某医院的医生 names no one
        if query.side and "person" in query.wants and "person" not in missing and not _mentions(check_text, query.side):
            missing += ("person",)  # 嘉兴这边是谁签的: the other party's signer is not it
        if query.body and "person" in query.wants and "person" not in missing and query.roles \
                and heads_other_body(check_text, query.body, query.roles[0]):
            missing += ("person",)  # 审计组组长是谁: the 验收工作组组长 is another group's head
        if query.act and "person" not in missing and not tells_event(check_text, query.act) \
                and not (doc.kind == "passage" and tells_event(doc.heading, query.act)):
            # 哪位副县长主持的: a 副县长 who spoke is not the one who chaired. (Under 三、会议主持 the
            # line names who did.)
            missing += ("person",)
        if "title" in query.wants and "title" not in missing:
            # 陈某是什么职务: a post in the sentence is no answer unless it is his (市领导李某、陈某 gives none).
            asked = [w for w in self._people_of(doc) if w in query.text and w in check_text]
            if asked and not any(gives_title_of(check_text, w) for w in asked):
                missing += ("title",)
        if query.place_level and "place" in query.wants and not names_place_of_level(check_text, query.place_level):
            missing += ("place",)  # 建在哪个镇 is not answered by the county's name
        if query.institutions and ("which" in query.wants and "which" not in missing or "name" in query.wants):
            if not names_asked_institution(check_text, query.institutions):
                # 哪几所学校 is not answered by a hospital's name, 那家公司叫什么 not by a quoted slogan.
                missing += tuple(k for k in ("which", "name") if k in query.wants and k not in missing)[:1]
        offices = [r for r in query.roles if r.endswith(_OFFICES)]  # not 老师, 医生: common nouns too
        # (…unless the passage or its heading names someone its article gave that post: under 庄某的讲话
        # in an article that called him 市长 before.)
        if "person" not in missing and any(not names_role(context, r)
                                           and not people_hold(f"{doc.heading} {doc.text}", r, self._people_of(doc))
                                           for r in offices):
            missing += ("person",)  # 市长在会上说了什么 is not answered where no 市长 (only a 副市长) speaks
        words = [w for w in query.subject_nouns if len(w) > 1 and not w.isascii()]
        around = doc.lexical_text + before
        covered = _mentioned_share(around, words) if words else 1.0
        year_ok: bool | None = None
        asked_years = set(query.years)
        if asked_years:
            year_ok = bool(asked_years & set(doc.years))
            if year_ok and len(asked_years) == 1 and query.period is None and "number" in query.wants \
                    and "total" not in query.wants and not _ASKS_SPAN.search(query.text) \
                    and _only_in_spans(check_text, next(iter(asked_years))):
                year_ok = False  # 2019年实施了几个项目: 2016年至2019年8月累计80个 is a span's, not 2019's
            elif year_ok and len(asked_years) == 1 and "number" in query.wants and (
                    self._relative_year_elsewhere(doc, check_text, asked_years)
                    or _other_years_only(check_text, next(iter(asked_years)))
                    or (self._published_year(doc) not in asked_years and dates_event_only(check_text, next(iter(asked_years))))):
                # 2025年收购了多少 of a 2025 diary's 去年厂里收购1.12万吨: 2024's figure; 2022年安排了多少
                # of 2023年澜汀市安排…: the figure the sentence dates to another year.
                year_ok = False
        named = query.entities
        if named:
            in_sentence = sum(_mentions(sentence_text, w) for w in named) / len(named)
        else:
            in_sentence = 0.0
        return Fit(sentence, missing, measure_ok, entities, year_ok, covered, in_sentence, self._level_ok(query, doc),
                   counted_ok, reversed_, self._own_share(query, doc, title))

    def _own_share(self, query: Query, doc: Doc, title: str) -> float:
        """The share of the question's known words, other than its named subjects and the words of
        the headline every passage of an article is indexed with, that the passage itself uses."""
        headline = normalize(title)
        words = [w for w in query.scope.known if len(w) > 1 and not w.isascii() and w not in query.entities
                 and w not in headline]
        if not words:
            return 0.0
        text = doc.lexical_text
        if doc.kind == "passage" and headline and text.startswith(headline):
            text = text[len(headline):]
        return sum(w in text for w in words) / len(words)

    def _published_year(self, doc: Doc) -> int | None:
        """The year `doc`'s article came out, if its source has a date."""
        source = self._sources.get(doc.article_id)
        published = source.date[:4] if source is not None else ""
        return int(published) if published.isdigit() else None

    def _ahead(self, query: Query, doc: Doc) -> bool:
        """Whether every year the question names is after its answer's article was written: a
        figure of 2027 in a plan of 2023 (2027年：20000元) is a target, though it says no 目标."""
        published = self._published_year(doc)
        return bool(query.years) and published is not None and min(query.years) > published

    def _relative_year_elsewhere(self, doc: Doc, sentence: str, asked: set[int]) -> bool:
        """Whether `sentence` dates its figure by 去年 or 今年 to a year other than the one asked:
        去年 (上年) when its article's own year is asked and it names neither that year nor 今年
        (2025年收购了多少 of a 2025 diary's 去年…), or 今年 when another year is asked and it names
        neither that year nor 去年 (2023年安排了多少 of a 2024 diary's 今年大亚湾安排…)."""
        published = self._published_year(doc)
        if published is None or len(asked) != 1:
            return False
        last = _LAST_YEAR.search(sentence) is not None
        if asked == {published}:
            return last and _THIS_YEAR.search(sentence) is None and str(published) not in sentence
        return _NOW_YEAR.search(sentence) is not None and not last and str(next(iter(asked))) not in sentence

    def _people_of(self, doc: Doc) -> People:
        """The people `doc`'s article introduces (`people_named`): its bare mentions of them name a
        person too (陈某作为支教教师… once 教师陈某 was introduced)."""
        people = self._people.get(doc.article_id)
        if people is None:
            people = people_named("\n".join(self._article_texts.get(doc.article_id, ())))
            self._people[doc.article_id] = people
        return people

    def _own_coverage(self, query: Query, doc_index: int, fit: Fit) -> float:
        """The share of the question's known nouns its answer's document mentions: of the whole
        chain's (`Fit.covered`) or, for a follow-up naming things of its own, of those, whichever is
        more — 他们公司给青岫的孩子捐了什么 need not find the 车间 and 老板 asked two turns before."""
        words = [w for w in query.scope.known_nouns if len(w) > 1 and not w.isascii()]
        if query.previous is None or not words:
            return fit.covered
        doc = self._ix.docs[doc_index]
        around = doc.lexical_text + self._before_text(doc)
        return max(fit.covered, _mentioned_share(around, words))

    def _fact_check_text(self, doc: Doc) -> str:
        """A fact's text in simplified script and its English answer: what `fit` checks."""
        return to_simplified(doc.text) + " " + (self._answer_en.get(doc.id) or "")

    def _before_text(self, doc: Doc) -> str:
        """What the article says before passage `doc`: its lead and the passage just before."""
        texts = self._before.get(doc.id)
        return f"{texts[0]} {texts[1]}" if texts else ""

    def _level_ok(self, query: Query, doc: Doc) -> bool:
        """A province's or a county pair's figures answer only questions at that level: ones that
        name the province (or say 省) or a place the source's headline names. Anything else is
        about the knowledge base's own subject, and another level's figure would pass for it."""
        source = self._ix.sources.get(doc.article_id, {})
        level = source.get("level")
        if level not in ("province", "county"):
            return True
        title = normalize(source.get("title", ""))
        places = self._scope.places
        if any(w in doc.text and w in self._people_of(doc) for w in query.entities):
            return True  # 陈某是谁: the person its passage names is of whatever level the article is
        if any(w[-1] in "县区" or w + "县" in places or w + "区" in places for w in query.entities):
            text = normalize(doc.text)  # once, not once per entity
            if all(_mentions(text, w) for w in query.entities):
                return True  # a provincial report's passage about the very county (贾汪区与太白县) asked
        if level == "province" and query.province:
            # …but 苏陕协作给宝鸡安排了多少 asks for one city's share, which a province total is not.
            # (Its places only: 镇镇结对 names no place.)
            # (A province's 商务厅 is an office, not a place the headline must name.)
            return all(names_province(w) or _mentions(title, w) for w in query.entities
                       if (w in places or w in query.scope.known_places or w in query.names) and w[-1] not in "厅局委办")
        return any(_mentions(title, w) for w in query.entities)

    def _rerank(self, query: Query, scored: list[Scored]) -> list[Scored]:
        """The best few re-ordered by whether they answer, and by recency when the latest is asked."""
        t = self.tuning
        head, tail = scored[: t.rerank], scored[t.rerank :]
        rescored: list[Scored] = []
        # Words whose presence lifts a candidate: a why-question's own words, or a follow-up's.
        lift_words = [w for w in query.scope.known if len(w) > 1 and not w.isascii()] if "reason" in query.wants else []
        if not lift_words and query.previous is not None and query.explicit_followup:
            # A follow-up's own words, verbs too (它扩建以后呢, 他牵的线), tell which passage of the
            # chain's subject it asks about; the chain's words are shared by all of them. (Only a
            # plain follow-up: whether 捐款多少 continues a question on funds is judged by what the
            # chain finds without this lift.)
            before = query.previous.topic()
            # (Not the kind of institution a which-question asks for: 哪个学校 is answered by 某某中学.)
            lift_words = [w for w in query.scope.known if len(w) > 1 and not w.isascii() and w not in before
                          and not asked_institutions(w)]
        where = "place" in query.wants and asks_where(query.text)  # 建在哪里, not 和哪个县结对
        fits = [self.fit(query, self._ix.docs[s.doc]) for s in head]
        # The own-words share tells apart the passages of one article (its asked field), so each is
        # weighed against its article's other candidates: a passage alone of its article, or one whose
        # headline has the words, is neither lifted nor held back against other articles.
        shares: dict[str, list[float]] = {}
        for s, f in zip(head, fits):
            shares.setdefault(self._ix.docs[s.doc].article_id, []).append(f.own)
        for s, f in zip(head, fits):
            own = shares[self._ix.docs[s.doc].article_id]
            score = s.score + t.fit_own_boost * (f.own - sum(own) / len(own))
            if f.year_ok is True:
                score += t.fit_year_boost
            elif f.year_ok is False:
                score -= t.fit_year_boost  # another year's figure does not answer: it is declined
            score -= t.fit_entity_penalty * len(f.missing_entities)
            score -= t.fit_kind_penalty * (len(f.missing_kinds) + (not f.measure_ok) + (f.reversed is not None))
            score -= t.fit_level_penalty * (not f.level_ok)
            score += t.fit_coverage_boost * f.covered + t.fit_sentence_boost * f.named_in_sentence
            sentence = to_simplified(f.sentence)
            # (A reason for another thing is none: 为了让群众尽快上岗 does not say why 文具 was chosen.
            # The reason given must share a word of the why-question's own, when it has any.)
            about = not lift_words or "reason" not in query.wants or any(w in sentence for w in lift_words)
            if any(k in query.wants and (has_kind(sentence, k) and about or self._answers_asked(s.doc, k))
                   for k in ("reason", "purpose")):
                # A why- or what-for question: the sentence that says so, or the answer to an
                # interviewer's why (记者：为什么选肉牛？ heads it).
                score += t.fit_reason_boost
            if where and locates(sentence):
                score += t.fit_sentence_boost  # 建在哪里: the sentence saying where it is, not one naming places
            if not f.missing_kinds and not f.missing_entities and f.year_ok is not False \
                    and any(k in query.wants for k in _heading_kinds(self._ix.docs[s.doc].heading)):
                # A notice's section headed 会议地点 (or 时间, 参会人员) answers where (when, who) in a line
                # that repeats none of the question's words.
                score += t.fit_coverage_boost
            if "total" in query.wants and has_kind(sentence, "total"):
                score += t.fit_sentence_boost  # 加起来一共: a table's 合计 row, not one of its rows
            if query.agreed and obliges(sentence):
                # 协议里约定…: the clause binding a party (甲方每年选派…), over a later report that
                # shares more words with the question (今年选派…63名, 远超协议约定的…).
                score += 2 * t.fit_sentence_boost
            if lift_words:
                # …about what it asks why of (为什么延长一年), or what a follow-up adds: its words in the passage.
                text = self._ix.docs[s.doc].lexical_text
                score += t.fit_coverage_boost * sum(w in text for w in lift_words) / len(lift_words)
            if query.latest and "total" not in query.wants and self._gives_one_year(self._ix.docs[s.doc]):
                score += t.latest_single_boost  # "this year's" figure: one year's, not a span's
            rescored.append(Scored(s.doc, score, s.dense, s.lexical, f))  # not dataclasses.replace: 2x slower
        rescored.sort(key=_score, reverse=True)
        if query.latest and not query.years and rescored:
            # Among the candidates about as good as the best that answer, the newest wins.
            best = rescored[0].score
            # 现在的队长是谁: posts change hands, so the newest report naming the holder answers,
            # however much better an older one matches the words.
            holder = "person" in query.wants and bool(query.roles)
            margin = float("inf") if holder else t.latest_margin
            near = [s for s in rescored if s.score >= best - margin and s.fit is not None and s.fit.ok]
            if near:
                # (A post's holder within one article — a timeline — is the one of the latest year.)
                newest = max(near, key=lambda s: (self._date(self._ix.docs[s.doc]),
                                                  max(self._ix.docs[s.doc].years, default=0) if holder else 0, s.score))
                if newest is not rescored[0]:
                    rescored.remove(newest)
                    rescored.insert(0, newest._replace(score=best + 1e-6))
        return rescored + tail

    def search(self, question: str, k: int = 5, context: Sequence[str] = ()) -> list[Hit]:
        """The k best passages and facts for `question`, best first."""
        if not has_words(question):
            return []
        return [self._hit(s) for s in self._rank(self.understand(question, context)).scored[:k]]

    def signals(self, ranking: Ranking) -> Signals:
        """The evidence that the top hit answers the question (see `confidence_from`)."""
        query, ranked = ranking.query, ranking.scored
        if not ranked:
            return Signals(dense=0.0, chitchat=query.chitchat)
        top = ranked[0]
        fit = top.fit or self.fit(query, self._ix.docs[top.doc])
        check = query.scope
        asked_years = set(query.years)
        long_message = len(query.raw) > LONG_MESSAGE
        # A follow-up (物资呢？) alone looks like nothing; its closeness to the decline bank says little.
        # (A longer message merged as a follow-up — 那边今天天气怎么样 — is judged on its own words.)
        # Nor does a short question's whose answer names the very holder of the title it asks
        # (枫岭县县长叫什么 → 枫岭县县长周立新说…): it is as close to 你叫什么名字 as to anything.
        holder = self._names_asked_holder(query, top.doc, fit)
        # …nor one asking a field its answer's form fills in (中标金额是多少 → 中标金额：386.5万元).
        field = not (check.strong or check.nouns or check.others) and not fit.missing_kinds and fit.measure_ok \
            and any(len(label) >= 3 and label in query.text for label in _FIELD.findall(to_simplified(fit.sentence)))
        bank_moot = query.followup and query.short or holder or field
        latin = [w for w in check.weak if w.isascii()]
        names = query.unknown_names
        if query.english and (latin or names):
            # English words no name or glossary entry bridged are known when the answer's own
            # passage, as indexed with its headline and context, holds them in Chinese
            # (Qinggangping → 青杠坪, Sichuan pepper → 花椒).
            found = found_in(query.english_words, self._ix.docs[top.doc].lexical_text)
            latin = [w for w in latin if w not in found]
            names = tuple(w for w in names if w not in found)
        return Signals(
            dense=top.dense,
            decline=0.0 if bank_moot else ranking.decline,
            english=query.english,
            strong=len([w for w in check.strong if not w.isdigit()]) + len(names),
            nouns=sum(1 for w in check.nouns if not w.isascii()),
            others=sum(1 for w in check.others if not w.isascii()),
            latin=len(latin),
            chitchat=query.chitchat,
            measure_mismatch=not fit.measure_ok,
            kind_mismatch=bool(fit.missing_kinds),
            # A long message tells about the asker too (我是扶风县一个村的会计…): its places and
            # nouns are not all the subject, so they are not all required of the answer.
            # An unknown county or town named (彝良县) is a subject no answer is about, too.
            # (…or one jieba's dictionary knows as a place: 酉阳; not a stretch it guessed is one: 台三.)
            entity_mismatch=0 if long_message else len(self._required(query, fit.missing_entities)) + sum(
                1 for w in check.strong if len(w) >= 3 and w[-1] in "县区市州镇乡村旗"
                or tag_of(w) == "ns" and word_frequency(w) > 0),
            year_unavailable=bool(asked_years) and not (asked_years & self._years),
            year_mismatch=fit.year_ok is False,
            uncovered=0.0 if long_message else 1.0 - self._own_coverage(query, top.doc, fit),
            level_mismatch=not fit.level_ok,
            reversed=fit.reversed is not None,
            holder=holder,
        )

    def _required(self, query: Query, missing: Sequence[str]) -> list[str]:
        """The missing entities an answer may not do without. A follow-up inherits the earlier
        turns' names, but only their places must be in its answer: 这个车间吸纳了多少村民 after a
        question on a worker of it asks the workshop's figure, which need not name her. (Not when it
        points back at a person: 他/她.)"""
        if query.previous is None or _PERSONAL.search(query.raw):
            return list(missing)
        own = set(query.scope.known_strong) | set(query.names)
        places = self._scope.places
        return [w for w in missing if w in own or w not in query.inherited or w in places or _county(w, places)]

    def _names_asked_holder(self, query: Query, doc: int, fit: Fit) -> bool:
        """Whether the answer names, about every subject the question names, someone holding the
        title it asks who holds (县长是谁 answered by 县长周立新)."""
        if "person" not in query.wants or not query.roles or fit.missing_kinds or fit.missing_entities:
            return False
        people = self._people_of(self._ix.docs[doc])
        sentence = to_simplified(fit.sentence)  # 副局長黎某 of a traditional report holds 副局长 too
        return any(names_person_with_role(sentence, r, people) for r in query.roles)

    def _answers_asked(self, doc: int, kind: str) -> bool:
        """Whether passage `doc` begins the answer to a question of `kind` that heads it (an
        interviewer's 为什么…？ before the answer's first passage)."""
        docs = self._ix.docs
        heading = docs[doc].heading
        if not ends_asking(heading) or kind not in asked_kinds(normalize(heading)):
            return False
        return doc == 0 or docs[doc - 1].heading != heading or docs[doc - 1].article_id != docs[doc].article_id

    def _judge(self, query: Query) -> tuple[Ranking, Signals, float]:
        """`query` ranked, with the evidence that its top hit answers and the confidence from it."""
        ranking = self._rank(query)
        signals = self.signals(ranking)
        return ranking, signals, confidence_from(signals, self.tuning)

    def answer(self, question: str, context: Sequence[str] = (), k: int = 5) -> Answer:
        """The direct answer to `question` with its sources, or an honest abstention."""
        if not has_words(question):
            return Answer(question=str(question or ""), answered=False, text="", confidence=0.0, reason="empty",
                          lang="zh")
        query = self.understand(question, context)
        ranking, signals, conf = self._judge(query)
        context = _before_greetings(context)
        if context and query.previous is None and conf < self.tuning.threshold and not query.chitchat \
                and not query.scope.unknown and not query.unknown_names and not query.new_topic:
            # 徐州去的市长是谁 after a question on the 2019 meeting names a place, so it was read
            # alone; if alone it cannot be answered, it may be a follow-up after all.
            merged = query.continuing(self._previous(query, context))
            judged = self._judge(merged)
            if judged[2] >= self.tuning.threshold:
                query, (ranking, signals, conf) = merged, judged
        hits = [self._hit(s) for s in ranking.scored[:k]]
        fits = [s.fit for s in ranking.scored[:k]]
        # Who wrote it, which outlet ran it: the front matter of the report the question is about —
        # when it is clear which one (the question or its context names the subject, or there is one).
        topic = [w for w in query.scope.known_nouns if not _REPORT_WORDS.search(w)]
        clear = query.followup or bool(query.entities) or bool(topic) or len(self._ix.sources) == 1
        if query.about_report and hits and clear and not signals.strong and not signals.chitchat:
            answered = report_answer(query, hits)
            if answered is not None:
                return answered
        if query.about_report and not clear and hits and hits[0].kind != "fact":
            # 这篇报道的记者是谁 among many reports: the reporter one passage names is not "this" report's
            # (a maintainer's fact saying which report the knowledge is from may still answer).
            conf = 0.0
        answer = compose(query, hits, fits, conf, self.tuning.threshold, abstention_reason(signals), self.years)
        if answer.answered and "person" in query.wants and ranking.scored and ranking.scored[0].fit is not None:
            named = self._person_named(query, ranking.scored[0].doc, ranking.scored[0].fit)
            if named:
                answer = replace(answer, named=named)
        return answer

    def _person_named(self, query: Query, doc: int, fit: Fit) -> str | None:
        """The one person the answer to a who-question names (the holder of the title asked, when it
        asks one), unless the question named them itself; None when it names several."""
        sentence = to_simplified(fit.sentence)
        people = self._people_of(self._ix.docs[doc])
        # (Not a common word the name pattern took for one: 专家评审 names no 评审.)
        names = [n for n in sorted({n for n in (*people, *introduced_names(sentence)) if n in sentence}, key=sentence.find)
                 if n not in query.text and n not in query.raw and word_frequency(n) < _COMMON_NAME]
        if query.place_roles:
            # 徐州去的市长是谁 of 宝鸡市市长王勇…徐州市市长王剑锋: the one holding the place's title.
            names = [n for n in names if any(holds_title(sentence, n, re.escape(p) + r"[\u4e00-\u9fff]{0,10}?" + re.escape(r))
                                             for p, r in query.place_roles)]
        elif query.roles:
            # 县长是谁 of 县委书记张三、县长李四: the one holding the title asked.
            names = [n for n in names if any(holds_title(sentence, n, re.escape(r)) for r in query.roles)]
        # (When it is not clear which one, none: a wrong name would lead every 他 after it astray.)
        return names[0] if len(names) == 1 else None
