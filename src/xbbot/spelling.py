"""Homophone correction against the knowledge base's own vocabulary.

Chinese typed with a pinyin keyboard goes wrong by sound: 洋州 for 扬州, 榆邻 for 榆林, 张小东
for 张晓东. A word of the question (as jieba cuts it) that the knowledge base never uses is
replaced by the knowledge base's most frequent word of the same length and the same
toneless pinyin (two-character candidates must be words of the knowledge base as jieba cuts
it, longer ones may be any substring). Words the knowledge base knows are never touched, and
nothing is replaced across word boundaries, so correct questions pass through unchanged.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import islice, product
from functools import lru_cache
from typing import Callable, Iterable

import jieba
from pypinyin import Style, lazy_pinyin, pinyin

from xbbot.textnorm import PLACE_LEVELS

_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
MAX_WORD = 4
# Single characters so common that two of them side by side are almost never a mistyped word
# (我是 is not a typo for 我市, 里是 not for 历史).
_FUNCTION_CHARS = frozenset("是的了在我你他她它这那里吗呢啊吧也都就有和与及或被把从对为")
_ASKING = re.compile("[哪谁啥几]|多少")
# Past this many characters of text the n-gram table would cost more than it saves.
MAX_CORPUS_CHARS = 2_000_000


# A word this frequent in jieba's dictionary (干活 743) is written on purpose, unless the knowledge
# base's word of the same sound is not far rarer (截止 2547, 截至 1780); 结队 (43), a rare word
# sounding like the knowledge base's 结对, may still be a slip of the pinyin keyboard.
_COMMON_WORD = 200
# …and "far rarer" is a tenth as frequent: 干货 18 for 干活 743, 程式 197 for 城市 25084 — while users
# write 师父 (8468) for the knowledge base's 师傅 (1976).
_RARER = 10


def _frequency(word: str) -> int:
    return jieba.dt.FREQ.get(word, 0)


def _common(word: str) -> bool:
    return len(word) >= 2 and _frequency(word) >= _COMMON_WORD


@lru_cache(maxsize=8192)
def _pinyin(word: str) -> tuple[str, ...]:
    """Toneless pinyin of a word with a character the knowledge base lacks: pypinyin costs a
    tenth of a millisecond a call, and questions repeat their words."""
    return tuple(lazy_pinyin(word, style=Style.NORMAL, errors="default"))


def readings(word: str, limit: int = 16) -> list[tuple[str, ...]]:
    """The toneless readings of `word`, the common one first, then each reading of a character with
    several (武都: wu du, wu dou; 岨垭: ju ya, qu ya — a name's reading is often not the common one),
    at most `limit`."""
    out = [tuple(lazy_pinyin(word, style=Style.NORMAL))]
    for combo in islice(product(*pinyin(word, style=Style.NORMAL, heteronym=True)), limit * 4):
        if combo not in out:
            out.append(combo)
        if len(out) >= limit:
            break
    return out


class Speller:
    """Maps unknown words to known ones that sound the same."""

    def __init__(self, texts: Iterable[str], is_known: Callable[[str], bool], places: Iterable[str] = (),
                 people: Iterable[str] = ()) -> None:
        """`places` are the knowledge base's place names: jieba rarely cuts a rare one (淯澄) as a
        word, and its characters may have several readings (岨: jū or qū). `people` are the names
        its reports introduce: a mistyped surname (戚 for 祁) leaves a name whose parts are known."""
        self._is_known = is_known
        self._sound: dict[str, str] = {}
        grams: Counter[str] = Counter()
        runs: list[str] = []
        total = 0
        for text in texts:
            total += len(text)
            if total > MAX_CORPUS_CHARS:
                break
            for run in _CJK_RUN.findall(text):
                runs.append(run)
                # Two-character strings collide by sound too easily (上实 for 上是) unless
                # they are real words; longer substrings rarely do.
                grams.update(w for w in jieba.cut(run) if len(w) == 2)
                for n in range(3, MAX_WORD + 1):
                    grams.update(run[i : i + n] for i in range(len(run) - n + 1))
        chars = sorted({c for g in grams for c in g})
        self._sound = dict(zip(chars, lazy_pinyin("".join(chars), style=Style.NORMAL, errors="default")))
        by_sound: dict[tuple[str, ...], tuple[int, str]] = {}
        for gram, count in grams.items():
            key = self._key(gram)
            if key is not None and (count, gram) > by_sound.get(key, (0, "")):
                by_sound[key] = (count, gram)
        self._by_sound = {k: g for k, (_, g) in by_sound.items()}
        self._corpus = "\n".join(runs)
        self._people = frozenset(p for p in people if len(p) == 3)
        self._places: dict[tuple[str, ...], str] = {}
        # (A longer place is a short one and its level; of two that sound alike, the more written wins.)
        short = [p for p in places if len(p) == 2 and _CJK_RUN.fullmatch(p)]
        for place in sorted(short, key=lambda p: -self._corpus.count(p)):
            for key in readings(place):
                self._places.setdefault(key, place)

    def _miscut(self, before: str, word: str, after: str) -> bool:
        """Whether jieba cut `word` across two words of the knowledge base (苏 + 陕区 + 中园 is
        苏陕 + 区中园): each of its characters joins its neighbour into a string the knowledge
        base has."""
        left = any(before[-k:] + word[0] in self._corpus for k in (1, 2) if len(before) >= k)
        right = any(word[-1] + after[:k] in self._corpus for k in (1, 2) if len(after) >= k)
        return left and right

    def _breaks_written_pair(self, text: str, fixed: str) -> bool:
        """Whether `fixed` (as long as `text`) changes a character of two side by side in `text` that
        the knowledge base writes together (村史馆里 → 村史管理: 史馆 is written, so 馆 was meant)."""
        return any(text[k : k + 2] != fixed[k : k + 2] and text[k : k + 2] in self._corpus for k in range(len(text) - 1))

    def _key(self, word: str) -> tuple[str, ...] | None:
        known = [self._sound.get(c) for c in word]
        if any(s is None for s in known):
            return _pinyin(word)
        return tuple(s for s in known if s is not None)

    def _fix_windows(self, run: str) -> str:
        """Fix 3–4 character stretches whatever the word boundaries (和白谁县 → 和白水县).

        Only windows of three or more characters are tried here: at that length a match in
        sound with the knowledge base is almost never a coincidence.
        """
        chars = list(run)
        # A window that starts or ends inside a word the knowledge base writes (总结 of 总结是哪天)
        # is tried only when it covers a word the knowledge base never writes (品困县 of 几个品困县):
        # 结是哪天 sounds like some other four characters, but the question wrote 总结 on purpose.
        inside: set[int] = set()
        known: set[int] = set()  # positions of the characters of words the knowledge base writes
        odd: list[tuple[int, int]] = []  # spans of multi-character words the knowledge base lacks
        pos = 0
        for word in jieba.cut(run):
            if len(word) >= 2 and (word in self._corpus or _common(word)):
                inside.update(range(pos + 1, pos + len(word)))
                known.update(range(pos, pos + len(word)))
            elif len(word) >= 2 and not _ASKING.search(word):
                odd.append((pos, pos + len(word)))
            pos += len(word)
        for n in range(MAX_WORD, 2, -1):
            i = 0
            while i + n <= len(chars):
                window = "".join(chars[i : i + n])
                cuts_word = i in inside or i + n in inside
                fix = None if cuts_word and not any(a < i + n and i < b for a, b in odd) else self.suggest(window)
                if fix is not None and cuts_word and any(
                        fix[k] != window[k] for k in range(n) if i + k in known):
                    fix = None  # 重症 + 室开 is not 重 + 正式开: the known word it cuts keeps its characters
                if fix is not None and self._breaks_written_pair(window, fix):
                    fix = None  # 村史馆里 is no 村史管理
                if fix is not None and any(fix[k] != window[k] and (window[k] in "哪几" or i + k > 0 and chars[i + k - 1] in "哪几")
                                           for k in range(n)):
                    fix = None  # 有几户是 asks how many households: no 几乎是 (the asked unit is written on purpose)
                if fix is not None:
                    chars[i : i + n] = list(fix)
                    i += n
                else:
                    i += 1
        return "".join(chars)

    def suggest(self, word: str, whole: bool = False) -> str | None:
        """A known word that sounds like `word`, if `word` is unknown and one exists. A place of the
        knowledge base is suggested for a word it never writes even when that word's parts are
        known (鱼 + 澄市 of 鱼澄市 for 淯澄市), unless jieba's dictionary knows the word. `whole`:
        `word` is one word as jieba cut it."""
        if len(word) < 2 or len(word) > MAX_WORD or not _CJK_RUN.fullmatch(word):
            return None
        if (place := self._place_like(word)) is not None:
            return place
        fix = self._by_sound.get(self._key(word))  # type: ignore[arg-type]
        if len(word) == 3 and fix in self._people and fix != word and not _frequency(word) and word not in self._corpus:
            return fix  # 戚鸿岩 押车: 祁鸿岩, though 戚 and 鸿岩 are each known
        if whole and len(word) == 3 and fix and fix != word and len(off := {a for a, b in zip(word, fix) if a != b}) == 1 \
                and not off & _FUNCTION_CHARS and not _frequency(word) and word not in self._corpus \
                and self._corpus.count(fix) >= 2:
            # 章家港 for 张家港: a three-character word nobody writes, one character off a name the
            # knowledge base writes often (章 + 家港 are each known, so the word looks known) — not
            # 新沂是 for 新沂市: a function word is written on purpose. (Only a word jieba cut whole:
            # a window across words — 百分之, 开会时 — may be one character off anything.)
            return fix
        if self._is_known(word):
            return None
        return fix if fix and fix != word else None

    def _place_like(self, word: str) -> str | None:
        """The knowledge base's two-character place that `word` sounds like, alone or with its level
        (鱼澄市 → 淯澄市), when its name reads as a mistyped one that neither the knowledge base nor
        jieba's dictionary knows (not 延安是 for 延安市, not 副市长)."""
        head, tail = word[:2], word[2:]
        if not self._places or tail and tail not in PLACE_LEVELS or _frequency(head) or set(head) & _FUNCTION_CHARS:
            return None
        place = self._places.get(self._key(head))  # type: ignore[arg-type]
        # (The corpus is searched last: a scan of the whole knowledge base, for the few that sound right.)
        return place + tail if place is not None and place != head and head not in self._corpus else None

    def correct(self, text: str) -> str:
        """`text` with unknown words replaced by known homophones."""
        if not self._by_sound or not _CJK_RUN.search(text):
            return text
        text = _CJK_RUN.sub(lambda m: self._fix_windows(m.group(0)), text)
        words = list(jieba.cut(text))
        out: list[str] = []
        i = 0
        while i < len(words):
            w = words[i]
            # 哪天 is asked, not mistyped for 那天 (a three-character stretch such as 白谁县 is
            # fixed above, where the sound match is no coincidence).
            # (Nor is a common word — 干活 — a typo for a far rarer one that sounds alike, 干货; 截止
            # and the knowledge base's 截至 are two spellings of one word.)
            fix = None if _ASKING.search(w) else self.suggest(w, whole=True)
            if fix is None and len(w) == 3 and not self._is_known(w) and (place := self._place_like(w[:2])):
                fix = place + w[2]  # 天渚派 + 了: jieba glued the verb to a mistyped place
            if fix is not None and _common(w) and (_frequency(fix) * _RARER < _frequency(w) or not set(w) & set(fix)):
                # (A common word sharing no character with the fix is another word: 现金 is not 先进,
                # while 截止 and 截至 are one word spelled two ways.)
                fix = None
            if fix is not None and len(w) == 2 and set(w) & _FUNCTION_CHARS and not _frequency(w):
                fix = None  # 公开栏 + 是 cut as 栏是 is no mistyped 澜石: a function word ends or begins it
            if (
                fix is None
                and len(w) == 1
                and i + 1 < len(words)
                and len(words[i + 1]) == 1
                and not ({w, words[i + 1]} & _FUNCTION_CHARS)
                and not _ASKING.search(w + words[i + 1])  # 哪 + 天 asks which day
            ):
                # jieba cuts an unknown word like 宝机 into single characters; try the pair.
                fix = self.suggest(w + words[i + 1])
                left = words[i - 1][-1:] if i else ""
                if fix is not None and self._breaks_written_pair(left + w, left + fix[0]):
                    fix = None  # 浭 + 澥给 is no 浭写给: 浭澥 is written, so 澥 was meant
                if fix is not None:
                    out.append(fix)
                    i += 2
                    continue
            before, after = "".join(words[max(0, i - 2) : i]), "".join(words[i + 1 : i + 3])
            # (A fix may not change the first character where it joins the word before: 村史 + 馆里.)
            if fix is not None and len(w) == 2 and (self._miscut(before, w, after) or before.endswith(("哪", "几"))
                                                    or self._breaks_written_pair(before[-1:] + w[0], before[-1:] + fix[0])):
                fix = None  # (哪 + 天起 of 从哪天起: the asked unit begins the word, no 天气)
            out.append(fix or w)
            i += 1
        return "".join(out)
