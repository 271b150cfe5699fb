"""Search-side text normalisation: width, script, relative time, and numbers.

The stored text shown to users is never changed; these functions produce the text that is
indexed and matched, on both the document and the query side.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import opencc

_WS = re.compile(r"\s+")
# Control and format characters (zero-width joiners, bidi marks…) carry no meaning for search.
_CONTROL = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=16384)
def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese (OpenCC's t2s); other scripts pass through."""
    return _t2s().convert(text)


def strip_controls(text: str) -> str:
    """Remove control and invisible format characters, keep newlines and tabs."""
    return _CONTROL.sub("", text)


@lru_cache(maxsize=16384)
def normalize(text: str) -> str:
    """The canonical search form: NFKC width folding, simplified script, lower case, single spaces."""
    text = unicodedata.normalize("NFKC", strip_controls(text))
    text = to_simplified(text)
    return _WS.sub(" ", text).strip().lower()


# Relative time words and how far from the article's date they point. Longer words first so
# 截至今年 is matched before 今年.
YEAR_WORDS: dict[str, int] = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}
# A text saying which year its 本年 / 上年 mean (说明：本年指2020年，上年指2019年): a statistical report
# published in March 2021 tells of 2020.
_STATED_YEAR = re.compile(r"(本年|今年|本期|上年|去年)(?:度)?\s*(?:指|为|是|即)\s*((?:19|20)\d\d)\s*年")


def stated_year(text: str) -> int | None:
    """The year a text says its 本年 (今年) means, if it says so (上年指2019年 says 2020)."""
    m = _STATED_YEAR.search(text)
    if m is None:
        return None
    return int(m.group(2)) + (1 if m.group(1) in ("上年", "去年") else 0)


# Words that point back to the year the text last named (这一年 under a 2024 headline is 2024).
THAT_YEAR_WORDS = ("这一年", "那一年", "那年", "当年", "该年", "同年", "是年", "全年", "年内")
# Words for the year after the one last named (2017年7月…次年 is 2018; a second 次年 is 2019).
NEXT_YEAR_WORDS = ("次年", "第二年", "翌年", "转年")
_NOW_WORDS = ("截至目前", "截至今年", "目前", "至今", "当前", "现阶段", "今年以来", "如今")
_REL = re.compile(
    "|".join(sorted(map(re.escape, [*YEAR_WORDS, *THAT_YEAR_WORDS, *NEXT_YEAR_WORDS, *_NOW_WORDS]), key=len,
                    reverse=True))
)
_NAMED_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=\s*年|\s*-\d|\b)")


def named_years(text: str) -> list[int]:
    """Years written out in `text` (2024年, 2016-2019), in order."""
    return [int(y) for y in _NAMED_YEAR.findall(text)]


_NEXT_OR_NAMED = re.compile("|".join(NEXT_YEAR_WORDS) + r"|" + _NAMED_YEAR.pattern)


def next_years(text: str, base: int | None) -> tuple[list[int | None], int | None]:
    """The year each 次年 / 第二年 of `text` stands for, in order (None where no year was named
    before it), read from `base` (the year named last before the text), and the year named or
    implied last in it (None when neither)."""
    out: list[int | None] = []
    last = None
    for m in _NEXT_OR_NAMED.finditer(text):
        if m.group(0) in NEXT_YEAR_WORDS:
            if base is None:
                out.append(None)
                continue
            base += 1
            out.append(base)
        else:
            base = int(m.group(1))
        last = base
    return out, last


def resolve_relative_time(text: str, when: date | None, that_year: int | None = None) -> str:
    """Append the absolute year to relative time words, e.g. 今年 → 今年(2019年).

    `that_year` is the year the surrounding text last named, for 这一年 / 当年; without it
    they are the article's year. Used on the indexed copy of article text only, so a question
    naming the year finds sentences that say 今年; without a date the text is returned unchanged.
    """
    if when is None:
        return text
    nexts = iter(next_years(text, that_year)[0])

    def repl(m: re.Match[str]) -> str:
        word = m.group(0)
        if word in NEXT_YEAR_WORDS:
            year = next(nexts, None)
            return f"{word}({year}年)" if year else word
        if word in YEAR_WORDS:
            return f"{word}({when.year + YEAR_WORDS[word]}年)"
        if word in THAT_YEAR_WORDS:
            return f"{word}({that_year or when.year}年)"
        if word.startswith("截至今年") or word == "今年以来":
            return f"{word}({when.year}年)"
        return f"{word}({when.year}年{when.month}月)"

    return _REL.sub(repl, text)


# English relative time in a question, and the Chinese words the articles use for it. The
# articles' 今年 is resolved on the document side; an English question saying "this year" must
# reach the same passages and facts, so its Chinese equivalent is added (never substituted).
_EN_RELATIVE = {
    "this year": "今年", "last year": "去年", "so far": "至今", "to date": "至今", "until now": "至今",
    "up to now": "至今", "in recent years": "近年来", "these years": "这几年",
}
_EN_REL = re.compile(r"\b(" + "|".join(map(re.escape, _EN_RELATIVE)) + r")\b", re.IGNORECASE)


def bridge_relative_time(query: str) -> str:
    """`query` plus the Chinese relative-time words for the English ones it uses."""
    extra = sorted({_EN_RELATIVE[m.group(1).lower()] for m in _EN_REL.finditer(query)})
    return f"{query} {' '.join(extra)}" if extra else query


# An office writing of its own place says 我县 / 本市: the place its name gives (美姑县人民政府网).
# The levels a place's name may end in (淯澄 + 市, 麟游 + 县): jieba often cuts a name it does not
# know off its level, and a question may write a place with or without it.
PLACE_LEVELS = frozenset("省市县区镇乡村")
_HOME_WORDS = {"我县": "县旗", "本县": "县旗", "我市": "市", "本市": "市", "我州": "州", "本州": "州",
               "我区": "区", "本区": "区", "我旗": "旗", "我省": "省", "本省": "省"}
_HOME = re.compile("|".join(_HOME_WORDS))
# A place opening an office's name, level last (中共青岫县委…, 佛山市南海区…: two in a row).
_OWN_PLACE = re.compile(r"(?:中共)?([\u4e00-\u9fff]{2,6}?[州市县区旗省])")


def home_places(*owners: str) -> dict[str, str]:
    """The place of each level that an article's publisher or author names at the start of a
    name: 美姑县人民政府网 → {县: 美姑县}; 佛山市南海区人民政府 → {市: 佛山市, 区: 南海区}.
    A newspaper's name (天津日报) names none: its 我市 is left as written."""
    home: dict[str, str] = {}
    for owner in owners:
        for token in normalize(owner or "").split():
            pos = 0
            while (m := _OWN_PLACE.match(token, pos)) is not None:
                home.setdefault(m.group(1)[-1], m.group(1))
                pos = m.end()
    return home


def resolve_home(text: str, home: dict[str, str]) -> str:
    """Name the place after 我县 / 本市 (我县 → 我县(美姑县)) from `home_places`, in normalised text:
    a passage of a county's letter is then found, and checked, as about that county."""
    if not home:
        return text

    def repl(m: re.Match[str]) -> str:
        place = next((home[level] for level in _HOME_WORDS[m.group(0)] if level in home), None)
        return f"{m.group(0)}({place})" if place else m.group(0)

    return _HOME.sub(repl, text)


def search_text(text: str, when: date | None = None, that_year: int | None = None) -> str:
    """Normalised text with relative time resolved: what the lexical and dense indexes see."""
    return normalize(resolve_relative_time(text, when, that_year))


_UNITS = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "千": Decimal(1000), "百": Decimal(100)}
_NUMBER = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万亿|亿|万|千|百)?")


def numbers(text: str) -> list[tuple[str, Decimal]]:
    """Every number in `text` with its value, 万/亿 applied: "1.845亿" → ("1.845亿", 184500000)."""
    out: list[tuple[str, Decimal]] = []
    for m in _NUMBER.finditer(unicodedata.normalize("NFKC", text)):
        digits, unit = m.group(1).replace(",", ""), m.group(2) or ""
        try:
            value = Decimal(digits)
        except InvalidOperation:  # pragma: no cover - the regex admits only digits
            continue
        for ch in unit:
            value *= _UNITS[ch]
        out.append((m.group(0).strip(), value.normalize()))
    return out


def number_values(text: str) -> set[Decimal]:
    """The set of values of `numbers(text)`, plus each bare figure without its unit.

    The bare figure is kept because the same quantity is written "20名" in one place and
    "20" in another; values compare equal across 1.845亿 and 18450万.
    """
    values: set[Decimal] = set()
    for raw, value in numbers(text):
        values.add(value)
        bare = _NUMBER.match(raw)
        if bare:
            values.add(Decimal(bare.group(1).replace(",", "")).normalize())
    return values
