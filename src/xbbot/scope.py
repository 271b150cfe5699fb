"""Is a question about what the knowledge base covers? Content words it has never seen say no.

A question about 杭州和恩施的扶贫协作 shares most words with the knowledge base and embeds close
to it; what gives it away is 杭州 and 恩施, which the knowledge base never mentions. Words are
found with jieba's part-of-speech tagger; a word is known when the lexical index has all its
bigrams, or when it splits into two known parts (徐州人 = 徐州 + 人).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

import jieba
import jieba.posseg as pseg

jieba.setLogLevel(logging.WARNING)

# Function words, pronouns, numerals-as-words, measure words, time nouns, modal particles…
_IGNORED_FLAGS = {"x", "uj", "ul", "u", "uz", "ud", "ug", "uv", "p", "c", "r", "d", "q", "y", "e", "o", "zg", "f", "t"}
# Names of places, people, organisations and other proper nouns weigh most.
_STRONG_FLAGS = {"ns", "nr", "nt", "nz", "nrt", "nrfg"}
_DIGITS = re.compile(r"\d")
_LATIN = re.compile(r"^[a-z][a-z'-]*$")
_CJK = re.compile(r"^[\u3400-\u9fff]+$")
# Words in questions that ask rather than name (谁, 多少) or that every question may carry.
_QUESTION_WORDS = frozenset(
    "多少 几个 什么 怎么 怎样 如何 哪些 哪个 哪里 哪儿 为什么 是不是 有没有 吗 呢 啥 咋 请问 一下 告诉 知道 "
    "name what which".split()
)


@dataclass(frozen=True)
class ScopeCheck:
    """Content words of a question that the knowledge base does not contain."""

    strong: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()
    content: int = 0

    @property
    def unknown(self) -> tuple[str, ...]:
        return self.strong + self.weak


@dataclass
class ScopeChecker:
    """Checks question words against a vocabulary test (usually the BM25 index's)."""

    has_token: Callable[[str], bool]
    _cache: dict[str, bool] = field(default_factory=dict)

    def known(self, word: str) -> bool:
        if word not in self._cache:
            self._cache[word] = self._known(word)
        return self._cache[word]

    def _known(self, word: str) -> bool:
        if not _CJK.match(word):
            return self.has_token(word)
        if len(word) == 1:
            return self.has_token(word)
        if all(self.has_token(word[i : i + 2]) for i in range(len(word) - 1)):
            return True
        return len(word) >= 3 and any(self.known(word[:i]) and self.known(word[i:]) for i in range(1, len(word)))

    def check(self, normalized_question: str) -> ScopeCheck:
        strong: list[str] = []
        weak: list[str] = []
        content = 0
        for word, flag in _cut(normalized_question):
            word = word.strip()
            if not word or word in _QUESTION_WORDS:
                continue
            numeric = bool(_DIGITS.search(word))
            if flag in _IGNORED_FLAGS and not numeric:
                continue
            if not numeric and len(word) == 1 and not _LATIN.match(word):
                continue
            if not numeric and flag == "m":
                continue  # 多少, 一些, 几个: quantity words, not content
            content += 1
            if self.known(word):
                continue
            if numeric or flag in _STRONG_FLAGS:
                strong.append(word)
            else:
                weak.append(word)
        return ScopeCheck(tuple(strong), tuple(weak), content)


@lru_cache(maxsize=4096)
def _cut(text: str) -> tuple[tuple[str, str], ...]:
    return tuple((w.word, w.flag) for w in pseg.cut(text))


def warm_up() -> None:
    """Load jieba's dictionary now rather than on the first question."""
    _cut("徐州与宝鸡扶贫协作")
