"""Is a question about what the knowledge base covers? Content words it has never seen say no.

A question about 杭州和恩施的扶贫协作 shares most words with the knowledge base and embeds close
to it; what gives it away is 杭州 and 恩施, which the knowledge base never mentions. Words are
found with jieba's part-of-speech tagger; a word is known when the lexical index has all its
bigrams, or when it splits into two known parts (扬州人 = 扬州 + 人).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from collections import Counter
from typing import Callable, Iterable

import jieba
import jieba.posseg as pseg

from xbbot.kinds import tag_of, tagged, word_frequency
from xbbot.lexical import EN_STOPWORDS, stem
from xbbot.textnorm import PLACE_LEVELS

jieba.setLogLevel(logging.WARNING)

# Function words, pronouns, numerals-as-words, measure words, time nouns, modal particles,
# idioms and set phrases (说真的, 前前后后)…
_IGNORED_FLAGS = {"x", "uj", "ul", "u", "uz", "ud", "ug", "uv", "p", "c", "r", "d", "q", "y", "e", "o", "zg", "f", "t",
                  "l", "i"}
# Names of places, people, organisations and other proper nouns weigh most.
# (Not "nz" or "j": jieba gives those to mis-cut fragments and to 一共, 总共.)
_STRONG_FLAGS = {"ns", "nr", "nt", "nrt", "nrfg"}
# Known names an answer must be about (abbreviations like 苏陕 too; 一共 and 总共, which jieba also
# tags "j", are question words).
_NAME_FLAGS = {"ns", "nr", "nt", "nz", "nrt", "nrfg", "j"}
_NOUN_FLAGS = {"n", "vn", "ng", "an", "nl", "eng", "nz", "j"}
_DIGITS = re.compile(r"\d")
_LATIN = re.compile(r"^[a-z][a-z'-]*$")
_CJK = re.compile(r"^[\u3400-\u9fff]+$")
# Words in questions that ask rather than name (谁, 多少) or that every question may carry.
# They are the language of asking, not of a topic, so they say nothing about scope.
_QUESTION_WORDS = frozenset(
    "多少 几个 多长 多宽 多高 多远 多深 多重 多大 多久 什么 怎么 怎样 如何 哪些 哪个 哪里 哪儿 为什么 是不是 有没有 吗 呢 啥 咋 请问 一下 告诉 知道 "
    "名字 名子 名称 总数 人数 数量 数字 年份 时间 日期 时候 段时间 时间段 起止 地方 城市 情况 内容 具体 问题 意思 东西 事情 "
    "问问 说说 讲讲 介绍 了解 听说 好像 提到 统计 干嘛 是从 全都 一共 总共 共计 合计 总计 拢共 到底 究竟 大概 大约 "
    "最新 最近 现在 目前 如今 当前 眼下 哪年哪月 "
    "职务 职位 头衔 称号 荣誉 外号 绰号 称呼 位置 地理位置 方位 阶段 name what which "
    # How a document is dated or signed: asked of any notice, brief or letter, whatever its words.
    "落款 印发 签发 成文 发文 "
    # How a nickname is asked (被叫作“某某”的是谁): the quoted name is the subject, not these.
    "叫作 叫做 称作 称为 "
    # English words that ask, point or glue a sentence together: no subject the knowledge base
    # should know (…got jobs, the latest figure, what did they give).
    "got get gets give gave given put had between they them their his her he she its all over through like "
    "since last go gone went lot lots big besides actually mainly roughly keep also just now then still "
    "ever any some more most other into onto out up very really been being latest current currently "
    "recent recently newest today nowadays one ones thing things kind people send sent working".split()
)


@dataclass(frozen=True)
class ScopeCheck:
    """Content words of a question that the knowledge base does not contain."""

    strong: tuple[str, ...] = ()
    nouns: tuple[str, ...] = ()
    others: tuple[str, ...] = ()
    known: tuple[str, ...] = ()  # content words the knowledge base does contain
    # Known words that name something an answer must be about: places, people, organisations, roles.
    known_strong: tuple[str, ...] = ()
    # Known nouns and names: what the question is about (verbs like 听说, 帮忙 are how it asks).
    known_nouns: tuple[str, ...] = ()
    # Known places and people (not abbreviations or other proper nouns): what a follow-up inherits.
    known_places: tuple[str, ...] = ()

    def without(self, words: set[str]) -> "ScopeCheck":
        """The same check with `words` counted as known (English words bridged to Chinese)."""
        def keep(ws: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(w for w in ws if w not in words)

        gone = tuple(w for w in self.unknown if w in words)
        return ScopeCheck(keep(self.strong), keep(self.nouns), keep(self.others), self.known + gone, self.known_strong,
                          self.known_nouns, self.known_places)

    @property
    def weak(self) -> tuple[str, ...]:
        return self.nouns + self.others

    @property
    def unknown(self) -> tuple[str, ...]:
        return self.strong + self.weak


@dataclass
class ScopeChecker:
    """Checks question words against a vocabulary test (usually the BM25 index's)."""

    has_token: Callable[[str], bool]
    # Place names the knowledge base itself uses (宝鸡 of 宝鸡市), which jieba may not tag as places.
    places: frozenset[str] = frozenset()
    _cache: dict[str, bool] = field(default_factory=dict)

    def known(self, word: str) -> bool:
        if word not in self._cache:
            self._cache[word] = self._known(word)
        return self._cache[word]

    def _known(self, word: str) -> bool:
        if _LATIN.match(word):
            return self.has_token(stem(word))
        if not _CJK.match(word):
            return self.has_token(word)
        if len(word) == 1:
            return self.has_token(word)
        if all(self.has_token(word[i : i + 2]) for i in range(len(word) - 1)):
            return True
        return len(word) >= 3 and any(self.known(word[:i]) and self.known(word[i:]) for i in range(1, len(word)))

    def _pairs_known(self, word: str) -> bool:
        """Whether every two characters in a row of `word` are a token of the knowledge base: a word
        it writes (区中园), not one only made of words it knows (县 + 多少)."""
        return all(self.has_token(word[i : i + 2]) for i in range(len(word) - 1))

    def _miscut(self, words: list[tuple[str, str]], i: int) -> bool:
        """Whether jieba cut an unknown two-character word out of two known ones, each of its
        characters belonging to its neighbour (丰收 + 节助 + 农 of 丰收节 + 助农)."""
        word = words[i][0]
        if len(word) != 2 or not 0 < i < len(words) - 1:
            return False
        before, after = words[i - 1][0], words[i + 1][0]
        # (Every pair of characters of each joined word is in the knowledge base: 宝鸡 + 凤 is not,
        # though 宝鸡 and 凤 each are.)
        return _CJK.match(before + after) is not None and all(
            self.has_token(w[k : k + 2]) for w in (before + word[0], word[1] + after) for k in range(len(w) - 1))

    def _glued_ahead(self, words: list[tuple[str, str]], i: int) -> bool:
        """Whether jieba glued a particle and a character to the head of the known word after them
        (登的区 + 中园 of 登的 + 区中园): what is left is a particle and at most one character."""
        word = words[i][0]
        if i + 1 >= len(words) or len(word) < 2 or not _CJK.match(words[i + 1][0]):
            return False
        for k in (1, 2):
            head, rest = word[-k:], word[:-k].strip("的了地得")
            # (Only with a particle glued in: 赞美 + 宝鸡 is no 赞 + 美宝鸡.)
            if len(word) > k and rest != word[:-k] and len(rest) <= 1 and len(words[i + 1][0]) >= 2 \
                    and self.known(head + words[i + 1][0]) and not self.known(word):
                return True
        return False

    def _glued_behind(self, words: list[tuple[str, str]], i: int) -> bool:
        """Whether jieba glued the tail of the known word before it to a place particle (村史 + 馆里
        of 村史馆 + 里): the word's first character ends that word, its second is 里, 上, 中, 内 or 外."""
        word = words[i][0]
        return i > 0 and len(word) == 2 and word[1] in "里上中内外" and not self.known(word) \
            and _CJK.match(words[i - 1][0]) is not None and self.known(words[i - 1][0] + word[0])

    def check(self, normalized_question: str) -> ScopeCheck:
        strong: list[str] = []
        nouns: list[str] = []
        others: list[str] = []
        known: list[str] = []
        known_strong: list[str] = []
        known_nouns: list[str] = []
        known_places: list[str] = []
        words = mend(_cut(normalized_question), self.places)
        for i, (word, flag) in enumerate(words):
            word = word.strip()
            if not word or word in _QUESTION_WORDS or word in EN_STOPWORDS:
                continue
            numeric = bool(_DIGITS.search(word))
            if flag == "l" and len(word) >= 4 and tag_of(word[-2:]) in ("n", "vn") and not self.known(word):
                flag = "n"  # 违约责任 is a set phrase naming a thing (…责任), not one like 说真的
            if flag in _IGNORED_FLAGS and not numeric:
                continue
            if not numeric and len(word) == 1 and not _LATIN.match(word):
                continue
            if not numeric and (flag == "m" or _ROUND.fullmatch(word)):
                continue  # 多少, 一些, 几个: quantity words, not content; 新一轮 names no thing either
            if len(word) == 2 and word[0] in _POINTING and word[1] in _MEASURE_WORDS:
                continue  # 那条, 这场, 每批: pointing at a thing, naming none
            if len(word) == 2 and i and words[i - 1][0] in _POINTING and word[0] in _MEASURE_WORDS and not self.known(word):
                continue  # 哪 + 道菜: the measure word glued to a one-character noun
            if flag in _NAME_FLAGS and len(word) == 3 and tag_of(word[-1]) == "d" and not self.has_token(word) \
                    and self.known(word[:-1]):
                word = word[:-1]  # 温阆 + 刚 glued into one name (温阆刚结对那年): the adverb names nothing
            if flag == "nt" and word[-1] in _FACILITIES and word_frequency(word) >= _COMMON_STEM:
                flag = "n"  # 加工厂 is tagged an organisation, but any plant is one: a common noun, no name
            if flag.startswith("nr") and _adverb_then_verb(word):
                flag = "v"  # 刚成立 is no person jieba has never seen: an adverb and a verb
            level = words[i + 1][0] if i + 1 < len(words) and words[i + 1][0] in PLACE_LEVELS else ""
            if level and len(word) >= 2 and _CJK_WORD.fullmatch(word) and not flag.startswith("v"):
                # (Never a verb: 登出 + 区, 结对 + 县 are no places.)
                if not self.known(word) and not self.known(word + level) \
                        and not (i + 2 < len(words) and self._pairs_known(level + words[i + 2][0])):
                    # 麟游 + 县: a place the knowledge base never names. (Not a level that begins a word
                    # the knowledge base writes: 登出 + 区 + 中园 is 登出 + 区中园.)
                    word, flag = word + level, "ns"
                elif flag not in _NAME_FLAGS and self.known(word + level) and _rare_stem(word + level):
                    word, flag = word + level, "ns"  # 石崖 + 村 (石崖 a common noun to jieba): a village it names
            if self.known(word):
                known.append(word)
                if (flag in _NAME_FLAGS or word in self.places) and not numeric and len(word) >= 2 \
                        and not _ASKING.search(word):
                    known_strong.append(word)
                    if flag in ("nr", "nrfg", "nrt", "nt") or word in self.places:
                        known_places.append(word)
                if (flag in _NAME_FLAGS or flag in _NOUN_FLAGS) and not numeric:
                    known_nouns.append(word)
                continue
            if not numeric and (self._miscut(words, i) or self._glued_ahead(words, i) or self._glued_behind(words, i)):
                continue
            if numeric or flag in _STRONG_FLAGS:
                strong.append(word)
            elif flag in _NOUN_FLAGS:
                nouns.append(word)
            else:
                others.append(word)
        return ScopeCheck(tuple(strong), tuple(nouns), tuple(others), tuple(known), tuple(known_strong),
                          tuple(known_nouns), tuple(known_places))


_CJK_WORD = re.compile(r"[\u4e00-\u9fff]+")


# Function words jieba may glue to the front of a place name it does not know (和雁岭, 那雁岭, 协议里 + 棠溆).
_GLUED = frozenset("和与跟同给在对向从到把被及那里是")
# Particles jieba may glue to the first character of an abbreviation pair (的津 + 甘 for 的津甘).
_PARTICLES = frozenset("的地得之")
# A word jieba glued to an asking word (哪些项目) names nothing.
_ASKING = re.compile("哪|什么|多少|几|谁|啥")
_NAME_TAGS = frozenset({"ns", "nr", "nrfg", "nt", "nz", "j"})


def proper_nouns(texts: Iterable[str], limit: int = 2_000_000) -> Counter[tuple[str, str]]:
    """(word, jieba tag) of every proper noun in the texts (up to `limit` characters), counted."""
    found: Counter[tuple[str, str]] = Counter()
    total = 0
    for text in texts:
        total += len(text)
        if total > limit:
            break
        for run in re.findall(r"[\u4e00-\u9fff]{2,}", text):
            words = pseg.lcut(run)
            found.update((w.word, w.flag) for w in words if 2 <= len(w.word) <= 6 and (
                w.flag in _NAME_TAGS or w.flag == "n" and (_with_level(w.word) and _rare_stem(w.word)
                                                           # a word jieba has never seen: a village's or firm's name (石崖, 甬望)
                                                           or len(w.word) <= 4 and word_frequency(w.word) == 0)))
            # 铜仁市委书记: jieba cuts 铜仁 + 市委书记 and tags 铜仁 a common noun, but a word with its
            # own party committee or head after it is a place. (Not 河县 + 县长: a word already ending in
            # that level is named with it, and 河县县 is no place.)
            found.update((w.word + nxt.word[0], "ns") for w, nxt in zip(words, words[1:])
                         if len(w.word) == 2 and w.flag.startswith("n") and _ORGAN.match(nxt.word)
                         and w.word[-1] != nxt.word[0] and _rare_stem(w.word + nxt.word[0]))
            # 石崖 + 村, 莲湾 + 镇: jieba cuts a village or town off its level; together they are a place.
            # (青 + 杠坪 + 村: a character before them that is no function word begins the name.)
            for k, (w, nxt) in enumerate(zip(words, words[1:])):
                if len(w.word) == 2 and w.flag == "n" and nxt.word in _SMALL_PLACES and _rare_stem(w.word + nxt.word):
                    first = words[k - 1] if k else None
                    glued = first is not None and _may_begin_name(first) and first.word not in _ANY_LEVEL  # (…县 + 石磨 + 村)
                    found[((first.word if glued else "") + w.word + nxt.word, "ns")] += 1
            # 理县, 沛县: a county named by one character and its level, which jieba tags a common noun
            # (not 本县, 全县, 邻县: a word pointing at a county is none).
            found.update((w.word, "ns") for w in words
                         if len(w.word) == 2 and w.word[1] == "县" and w.flag == "n" and w.word[0] not in _NOT_A_STEM)
            # 栖 + 峦 + 州, 桐 + 坳 + 村: a name jieba has never seen, cut into its characters before its level.
            for a, b, lvl in zip(words, words[1:], words[2:]):
                # (A village's or town's only with a character jieba knows as no word of its own —
                # tagged a morpheme, 坳 — as 想 + 回 + 乡 is no place.)
                if len(a.word) == 1 == len(b.word) and lvl.word[:1] in _ANY_LEVEL and _may_begin_cut_name(a) \
                        and (b.flag[:1] not in _NOT_NAME_TAGS or _unknown_char(b)) and word_frequency(a.word + b.word) == 0 \
                        and (lvl.word[:1] in _LEVEL_WORDS or _MORPHEME in a.flag[-1] + b.flag[-1]):
                    found.update([(a.word + b.word, "ns"), (a.word + b.word + lvl.word[0], "ns")])
            # 槐 + 荫 + 坝 + 村: a village of three characters jieba has no word for, cut into them.
            for a, b, c, lvl in zip(words, words[1:], words[2:], words[3:]):
                if len(a.word) == len(b.word) == len(c.word) == 1 and lvl.word in _SMALL_PLACES \
                        and not {a.word, b.word, c.word} & _ANY_LEVEL \
                        and word_frequency(c.word + lvl.word) == 0 \
                        and all(w.flag[:1] not in _NOT_NAME_TAGS and w.flag[:1] != "v" and "\u4e00" <= w.word <= "\u9fff" for w in (a, b, c)) \
                        and word_frequency(a.word + b.word) == 0 == word_frequency(b.word + c.word):
                    found[(a.word + b.word + c.word + lvl.word, "ns")] += 1
            # 盐泉 + 坝村: a name jieba knows no word for, its last character glued to the level.
            for w, nxt in zip(words, words[1:]):
                if len(w.word) == 2 == len(nxt.word) and w.flag in ("n", "nz", "ns", "nr") and nxt.word[1] in _SMALL_PLACES \
                        and not {nxt.word[0], *w.word} & _ANY_LEVEL and (tag_of(nxt.word[0])[:1] == "n" or nxt.flag == "ns") \
                        and (word_frequency(nxt.word) == 0 or nxt.flag == "ns") and word_frequency(w.word + nxt.word[0]) == 0 \
                        and _rare_stem(w.word + nxt.word[0] + "村"):
                    found[(w.word + nxt.word, "ns")] += 1
            # 苴 + 峰县: a rare first character cut off, the rest glued to the level (郁 + 山镇: one
            # jieba reads as a surname too).
            # (Not the second character of a name cut into characters: 泓 + 屿 + 市区.)
            for k, (a, b) in enumerate(zip(words, words[1:])):
                if len(a.word) == 1 and len(b.word) == 2 and b.word[1] in _ANY_LEVEL \
                        and (a.flag[-1] == _MORPHEME or _unknown_char(a) or a.flag == "nr" and (b.word[1] in _SMALL_PLACES or b.flag == "ns")) \
                        and "\u4e00" <= a.word <= "\u9fff" and word_frequency(a.word + b.word[0]) == 0 \
                        and not (k and _may_begin_name(words[k - 1])):
                    found.update([(a.word + b.word[0], "ns"), (a.word + b.word, "ns")])
    return found


# The level a place's name is written with, and the tags of characters that start no name
# (prepositions, particles, conjunctions, pronouns, numbers, measure words, adverbs).
_LEVEL_WORDS = frozenset("州市县区")
_NOT_NAME_TAGS = frozenset("pucrmqdxy")


_ORGAN = re.compile(r"[市县区](?:委|长|政府|人大|政协)")
_SMALL_PLACES = frozenset({"村", "镇", "乡"})
_ANY_LEVEL = _LEVEL_WORDS | _SMALL_PLACES
_MORPHEME = "g"  # jieba's tag ending for a character it knows only inside words (ng, zg, vg…)
# First characters of the words for "a county" that name none (本县, 邻县, 各县, 区县).
_NOT_A_STEM = frozenset("本全该我各邻两每一几这那多外省市区州郡小大贫县此其")


def _may_begin_name(w: pseg.pair) -> bool:
    """A one-character word that may be the first character of a name jieba has cut (青 of 青 + 杠坪),
    not a function word or punctuation."""
    return len(w.word) == 1 and "\u4e00" <= w.word <= "\u9fff" and w.flag[:1] not in _NOT_NAME_TAGS


def _may_begin_cut_name(w: pseg.pair) -> bool:
    """A character that may begin a name jieba cut into characters: no function word — though a
    rare character it tags as a measure word (泓 of 泓 + 屿 + 市) may."""
    return w.flag[:1] not in _NOT_NAME_TAGS or w.flag == "q" and w.word not in _COUNTERS or _unknown_char(w) \
        or len(w.word) == 1 and word_frequency(w.word) < _RARE_CHAR  # 翀 of 翀 + 岭 + 县, tagged a particle


def _unknown_char(w: pseg.pair) -> bool:
    """A Chinese character jieba's dictionary has no word for (潆, 嵯: tagged x, like punctuation)."""
    return w.flag == "x" and len(w.word) == 1 and "\u4e00" <= w.word <= "\u9fff"


_COUNTERS = frozenset("个只条张件位名家所批项座台套头户次种把块根间")
# The last character of a kind of facility (加工厂, 养殖场, 服务站).
_FACILITIES = frozenset("厂场站社园所馆")
# A character this rare in jieba's dictionary is no function word, whatever its tag (翀 11, 泓 86).
_RARE_CHAR = 100


def _with_level(word: str) -> bool:
    """A name written with its level (宝鸡市, 柞水县, 恩施州), not a bare word."""
    return len(word) >= 3 and word[-1] in "市县区州"


def _rare_stem(word: str) -> bool:
    """jieba tags some county names as common nouns or people (柞水县 n, 丹凤县 nr): a word with a
    level whose stem is rare in its dictionary is a name; 贫困县, 示范区 and 贫困地区 are not."""
    stem = word[:-1]
    return word_frequency(stem) < _COMMON_STEM and word_frequency(stem[:2]) < _COMMON_WORD


def corpus_places(nouns: Counter[tuple[str, str]]) -> frozenset[str]:
    """Place names as the knowledge base writes them, with and without 市/县/区 (宝鸡市 → 宝鸡):
    jieba may tag the bare name as a common noun in a question."""
    out: set[str] = set()
    for word, flag in nouns:
        # Only names written with their level (jieba tags words like 开园 as places too), and
        # county names it tags as people or common nouns (see _rare_stem).
        if _with_level(word) and (flag == "ns" or flag in ("n", "nr", "nz") and _rare_stem(word)):
            out.update((word, word[:-1]))
        elif len(word) >= 3 and word[-1] in _SMALL_PLACES and flag == "ns" and word_frequency(word[:-1]) == 0:
            out.update((word, word[:-1]))  # 桐坳村: a village whose name jieba has never seen
    return frozenset(out)


def mend(words: tuple[tuple[str, str], ...], places: frozenset[str]) -> list[tuple[str, str]]:
    """jieba's cut with the knowledge base's places made whole again: it glues a function word
    to a place it does not know, before it (和雁岭) or after it (沧浦和赤峪 → 沧 + 浦和 + 赤峪),
    or cuts a place into a character and a word (铜山区 → 铜 + 山区), the character glued to a
    function word (那枫山区 → 那枫 + 山区). A province pair cut into its characters (沪 + 滇) or
    with 的 glued to its first (的津 + 甘) is one abbreviation again."""
    out = _joined(_split_glued(words, places), places)
    for i, (word, flag) in enumerate(out):
        if i and len(word) == 1 and flag in ("j", "ns") and len(out[i - 1][0]) == 2 and out[i - 1][0][0] in _PARTICLES \
                and out[i - 1][1] in _NAME_TAGS:
            out[i - 1], out[i] = (out[i - 1][0][0], "uj"), (out[i - 1][0][1] + word, "j")  # 的津 + 甘: 的 + 津甘
        elif len(word) == 2 and flag == "i":
            out[i] = (word, "j")  # 的 + 津甘 tagged as an idiom: no idiom has two characters, an abbreviation does
        elif i and len(word) == 1 and flag == "j" and len(out[i - 1][0]) == 1 and out[i - 1][1] == "j":
            out[i - 1], out[i] = (out[i - 1][0] + word, "j"), ("", "x")  # 沪 + 滇 is one abbreviation, 沪滇
        elif len(word) >= 3 and word[0] in _GLUED and word[1:] in places:
            out[i] = (word[1:], "ns")
        elif len(word) >= 3 and word[-1] in _GLUED and word[:-1] in places:
            out[i] = (word[:-1], "ns")  # 湉渚和 + 岨垭: the place, its conjunction dropped (it names nothing)
        elif len(word) == 2 and word[0] == "了" and not tag_of(word) and tag_of(word[1]).startswith("v"):
            out[i] = (word[1], "v")  # 开工 + 了招 + 了: the particle of the verb before, and the verb 招
        elif i and len(word) >= 3 and word[0] in _CLASSIFIERS and word[1:] in places and out[i - 1][0] in ("多少", "几"):
            out[i] = (word[1:], "ns")  # 多少 + 种岑川 + 特产: the measure word is glued to the place
        elif i and len(word) >= 2 and word[-1] in _GLUED and out[i - 1][0] + word[:-1] in places:
            out[i - 1], out[i] = (out[i - 1][0] + word[:-1], "ns"), (word[-1], "c")
        elif i and out[i - 1][0] + word in places:
            out[i - 1], out[i] = (out[i - 1][0] + word, "ns"), ("", "x")  # 铜 + 山区 is 铜山区
        elif i and len(word) >= 2 and word not in places and out[i - 1][0] not in places \
                and 2 <= len(out[i - 1][0] + word[0]) <= 4 and out[i - 1][0] + word[0] in places:
            out[i - 1], out[i] = (out[i - 1][0] + word[0], "ns"), (word[1:], tag_of(word[1:]) or "x")  # 彭 + 水冷 + 链: 彭水 + 冷
        elif len(word) >= 3 and word not in places and word[:-1] in places and i + 1 < len(out) \
                and len(out[i + 1][0]) == 2 and out[i + 1][0][1] in PLACE_LEVELS and out[i + 1][0][0] not in PLACE_LEVELS:
            out[i], out[i + 1] = (word[:-1], "ns"), (word[-1] + out[i + 1][0], "ns")  # 彭水郁 + 山镇: 彭水 + 郁山镇
        elif i and len(out[i - 1][0]) == 2 and out[i - 1][0][0] in _GLUED and out[i - 1][0][1] + word in places:
            out[i - 1], out[i] = (out[i - 1][0][0], "c"), (out[i - 1][0][1] + word, "ns")  # 那枫 + 山区: 那 + 枫山区
        elif i and len(word) == 2 and word[0] in PLACE_LEVELS and word[1] not in PLACE_LEVELS and _ASKING.search(out[i - 1][0]) \
                and word not in places:
            out[i] = (word[0], "n")  # 哪个 + 镇建 + 的: the level asked and a verb, no unknown name
        elif flag == "ns" and i + 1 < len(out) and out[i + 1][0] in ("了", "过", "着") and word not in places:
            out[i] = (word, "v")  # 新建 + 了: jieba's 新建 (a county) is the verb here
    return out


def _split_glued(words: tuple[tuple[str, str], ...], places: frozenset[str]) -> list[tuple[str, str]]:
    """A place of the knowledge base jieba glued a character to on both sides (2021 + 年滃渟和 +
    嵃嵱, read as a name), cut out again: 年 + 滃渟 + 和."""
    out: list[tuple[str, str]] = []
    for word, flag in words:
        if len(word) == 4 and word not in places and word[1:3] in places and _CJK.match(word):
            out += [(word[0], tag_of(word[0]) or "x"), (word[1:3], "ns"), (word[3], tag_of(word[3]) or "x")]
        else:
            out.append((word, flag))
    return out


def _joined(words: list[tuple[str, str]], places: frozenset[str]) -> list[tuple[str, str]]:
    """Characters jieba cut a place of the knowledge base into, one word again (槐 + 荫 + 坝 → 槐荫坝)."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + 4), i + 1, -1):
            run = words[i:j]
            if all(len(w) == 1 for w, _ in run) and "".join(w for w, _ in run) in places:
                out.append(("".join(w for w, _ in run), "ns"))
                i = j
                break
        else:
            out.append(words[i])
            i += 1
    return out
# Which round or batch (新一轮, 上一轮, 首批): jieba tags some as names.
_ROUND = re.compile(r"[新上下首本这那该][一二两三四五六七八九十]?[轮批期届]")
_CLASSIFIERS = frozenset("种个家所批项名位条台套只头户")
# 那条新线, 这场直播, 每批干部: a pointing word and a measure word name nothing.
_POINTING = frozenset("这那哪每某该本此")
_MEASURE_WORDS = _CLASSIFIERS | frozenset("场次届期款件座间栋辆张本份笔轮道")
_ADVERBS = frozenset("刚已就才都还又再也正")


def _adverb_then_verb(word: str) -> bool:
    """An adverb glued to a verb (刚成立, 已投产): jieba may take the pair for a name."""
    return len(word) == 3 and word[0] in _ADVERBS and tag_of(word[1:]).startswith("v")


# What a place in a question to decline becomes (see `generic_places`).
SOME_PLACE = "某地"


def generic_places(text: str, places: frozenset[str]) -> str:
    """A question to decline with its places made generic (枫岭县今天冷不冷 → 某地今天冷不冷).

    The decline bank is full of the knowledge base's own places (the weather in its counties, the
    train between its cities). Encoded with them, every short question naming such a place — 枫岭县
    县长叫什么名字 — is as close to the bank as to the knowledge. Made generic, a bank question is matched
    by what it asks, not by where."""
    out: list[str] = []
    for word, flag in mend(_cut(text), places):
        generic = flag.startswith("ns") or word in places or _with_level(word) and _rare_stem(word)
        if generic and (not out or out[-1] != SOME_PLACE):
            out.append(SOME_PLACE)
        elif not generic:
            out.append(word)
    return "".join(out)


# A stem seen this often in jieba's dictionary is a common word (贫困 1882, 示范 981), not a name.
_COMMON_STEM = 100
_COMMON_WORD = 1000


def _cut(text: str) -> tuple[tuple[str, str], ...]:
    return tuple((w.word, w.flag) for w in tagged(text))


def warm_up() -> None:
    """Load jieba's dictionary now rather than on the first question."""
    _cut("东西部扶贫协作")


_GREETING = (r"(?:你好|您好|早上好|早安|中午好|下午好|晚上好|晚安|在吗|在不在|有人吗|谢谢|多谢|感谢|辛苦了|再见|拜拜|好的|好滴|"
             r"收到|明白|知道|了解|懂|嗯|哦|噢|哈|行|好|再问一下|问一下|打扰了|打扰一下|"
             r"hi|hello|hey|thanks|thank you|thx|good (?:morning|evening|night)|bye|ok|okay|got it|great|cool)")
_FILLER = r"(?:[\s,，!！。.~～?？]|啊|呀|啦|了|你|您|bot|there|a lot|so much)*"
# One greeting or several in a row (好的谢谢, ok thanks, 嗯嗯收到): nothing to look up. (No token
# of the one is a token of the other, so a long string of them is matched in linear time.)
_CHITCHAT = re.compile(rf"^(?:{_GREETING}{_FILLER})+$")


def is_chitchat(normalized_question: str) -> bool:
    """Greetings and thanks: nothing to look up, however close they embed to something."""
    return _CHITCHAT.match(normalized_question.strip()) is not None
