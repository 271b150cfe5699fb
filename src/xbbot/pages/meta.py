"""Metadata written in a page's lines: dates, datelines, bylines, sources and the page URL.

Patterns match a line's simplified form; values (a publisher, a reporter's name) are cut from
the original line at the same place, so a traditional page keeps 陝西日報, not 陕西日报.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "MASTHEAD", "Meta", "date_from_text", "date_from_url", "dateline_date", "is_meta_line", "lead_note", "strip_site_suffix",
    "valid_date",
]

# Dataclass fields named `date` shadow the type inside their class.
_Date = date

_COLON = r"\s*[:：]"
# 2019-08-16, 2019年8月16日, 2019/8/16, 2019.08.16; and "2022 09/16", the year set apart from
# month/day (a layout some sites use). A day followed by 月 is a range ("2022 9-10月"), not a date.
_YMD = (
    r"((?:19|20)\d{2})(?:\s*[-/.年]\s*|\s+(?=\d{1,2}[/-]\d))(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d|\s*月)\s*日?"
)
_DATE = re.compile(r"(?<!\d)" + _YMD)
# A two-digit year ("23-04-07 10:21", 20YY) is read only where a dateline is expected, and only in
# its unambiguous form: month and day zero-padded, one separator throughout, and the date followed
# by the line's end, a space or a label, so a figure like 3-4-5 or 12-05-06号楼 is never a date.
_YY = (
    r"(?<![\d.\-/])(?P<yy>\d{2})(?P<sep>[-/.])(?P<mm>0[1-9]|1[0-2])(?P=sep)(?P<dd>0[1-9]|[12]\d|3[01])"
    r"(?=$|[\s|｜·•,，]|[^\W\d_]{2}\s*[:：])"
)
_SHORT_DATE = re.compile(_YY)
_TIME = r"(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-/_.]?(0[1-9]|1[0-2])[-/_.]?(0[1-9]|[12]\d|3[01])(?!\d)")
_URL_LINE = re.compile(
    r"^(本文地址|原文地址|原文链接|本文链接|文章地址|文章链接|本页地址|来源网址|转载请注明(出处|来源)?)" + _COLON + r"?\s*(?P<url>https?://\S+)"
)
_PUBLISHED = re.compile(r"(发布时间|发布日期|发表时间|发表日期|发稿时间|刊发时间|发布于)" + _COLON + r"?")
_META_KEYS = re.compile(
    r"(?:^|[\s|｜]|(?<=\d))(来源|稿源|作者|记者|文|图|发布时间|发布日期|发表时间|发表日期|发稿时间|时间|日期|浏览|阅读|点击|"
    r"浏览次数|阅读次数|点击数|访问量|编辑|责任编辑|通讯员|信息来源)" + r"\s*[:：/｜|]"
)
# A source ends at a space or bar, or where the next label starts ("来源：光明日报作者：张三": spans saved
# without a space between them).
_NEXT_LABEL = r"(?:作者|记者|编辑|责任编辑|发布时间|发布日期|时间|日期|浏览|阅读|点击|通讯员)\s*[:：]"
_SOURCE_LINE = re.compile(
    r"^[（(【\[]?(?:本文)?(?:来源|稿源|信息来源|文章来源)\s*[:：]\s*(?P<v>[^\s|｜:：）)】\]]+?)"
    r"(?=$|[\s|｜:：）)】\]]|" + _NEXT_LABEL + ")"
)
_SOURCE = re.compile(r"(?:来源|稿源)\s*[:：]\s*(?P<v>[^\s|｜:：]+?)(?=$|[\s|｜:：]|" + _NEXT_LABEL + ")")
# A media outlet's name standing alone next to a dateline ("2023-04-07 10:31" / "青川日报").
MASTHEAD = re.compile(
    r"^[^\s\d，,。:：|｜]{1,14}(日报|晚报|早报|时报|商报|周报|报|网|台|社|新闻|客户端|发布|融媒|融媒体|融媒体中心|频道|电视台|杂志)$"
)
_TITLES = r"(?:(?:全媒体|融媒体|新媒体|首席|特约|见习|实习|驻\S{1,6}|本报|本台|本网|通讯)\s*)*记者"
# "作者：刘申 袁筱 | 责任编辑：…": further names are short words not followed by a colon.
_AUTHOR = re.compile(
    r"(?:^|[\s|｜])(?:作者|记者|撰稿|撰文|文)\s*[:：/｜|]\s*(?:" + _TITLES + r"\s*)?"
    r"(?P<v>[^\s|｜:：]+(?:[ 、][^\s|｜:：，,]{2,4}(?=$|[\s|｜、]))*)"
)
# "记者 李佳" inside a dateline: a name of two to four characters after the word
_REPORTER = re.compile(r"(?:^|\s)" + _TITLES + r"\s+(?P<v>[^\s|｜:：，,。、]{2,4})(?=\s|$)")
# "某某日报全媒体记者 张三", "本报记者 张三 李四 通讯员 王五", "记者：张三"
_BYLINE = re.compile(
    r"^(?P<pub>[^\s:：，,。]{2,12}?)?\s*" + _TITLES + r"\s*[:：]?\s*(?P<names>[^。！？!?；;，,]+)$"
)
# A masthead or bare date under the title: "阳光晨报 2018-06-08 01:09", "渭南日报 @2021-11-12 08:41",
# "2019年8月16日 星期五".
# An account page (公众号, 客户端) prints labels and the author before the account name and the
# place after the time: "原创 张三 某某发布 2024-03-15 18:02 陕西"; the name next to the date is the masthead.
_DATELINE = re.compile(
    r"^(?:[^\d\s:：，,。@|｜>]{1,16}\s+){0,3}?(?:(?P<pub>[^\d\s:：，,。@|｜>]{2,16})\s*(?:[|｜·•]\s*)?)?@?\s*"
    + "(?:" + _YMD + "|" + _YY + ")" + _TIME + r"\s*(?:星期.|周.)?(?:\s*[|｜·•]?\s*(?:发表于|发布于)?\s*(?P<after>[^\d\s:：，,。@|｜>]{2,16}))?\s*$"
)
# A label before a date is no masthead; an account named 某某发布 is.
_NOT_MASTHEAD = re.compile(r"时间|日期|星期|^(发布|更新|发表)于?$")
# The source note that opens a news story: "扬州日报讯（记者 吴静怡）", "新华社西安2月15日电（记者 …）", "本报讯 ".
_LEAD = re.compile(
    r"^(?:(?P<pub>[^\s，。、（(：:“”]{2,16}?)(?P<kind>讯|电)\s*[（(](?P<inner>[^）)]{0,40}?(?:记者|通讯员|实习生|报道)[^）)]{0,40})[）)]"
    r"|(?P<wire>[^\s，。、（(：:“”]{2,16}?\d{1,2}(?:月\d{1,2})?日电)\s*(?:[（(](?P<inner3>[^）)]{1,40})[）)])?"
    r"|(?P<local>本报|本台|本网|本刊)讯\s*(?:[（(](?P<inner2>[^）)]{1,40})[）)])?"
    # 【大公报讯】, optionally followed by 记者张三报道：
    r"|[【\[](?P<bracketed>[^\s【】\[\]，。]{2,16}?)讯[】\]]"
    r"(?:\s*(?P<inner5>(?:记者|通讯员)\s*[^\s，。：:]{2,4}?\s*报道)\s*[:：]?)?"
    # a bracketed wire note: （中央社记者张三台北7日电）
    r"|[（(][^）)]{2,40}?\d{1,2}(?:月\d{1,2})?日电[）)]"
    r"|(?P<news>[^\s，。、（(：:“”]{2,16}?)消息\s*(?:[（(](?P<inner4>[^）)]{1,40})[）)])?\s*[:：])\s*"
)
_NOTE_WORDS = re.compile(r"(全媒体|融媒体|本报|本台|本网|首席|特约|见习|实习生|实习)?(记者|通讯员)|报道|摄影|摄|供图|文/|图/")
_NOT_PUBLISHER = {"本报", "本台", "本网", "本刊", "本站", "特约", "通讯"}
_NAME_SEP = re.compile(r"[\s、,，/]+")
# The writer's credit among the credits closing an article (文字：张三 / 文｜张三 / 撰文：张三).
_WRITER = re.compile(
    r"^(?:文字|文|撰文|作者|记者)\s*[:：｜|/]\s*(?P<v>[^\s|｜:：，,。]{2,8}(?:[、\s][^\s|｜:：，,。]{2,8}){0,3}?)"
    r"(?=\s*$|\s*[｜|]|\s+[^\s|｜:：]{1,5}\s*[:：｜|/])"
)


_SEPARATOR = re.compile(r"\s+[-–—|｜_]\s+|_|｜|\|")


def strip_site_suffix(title: str) -> str:
    """'标题_栏目_网站' → '标题': drop up to three short trailing site or column names."""
    kept = title.strip()
    for _ in range(3):
        seps = list(_SEPARATOR.finditer(kept))
        if not seps:
            break
        head, tail = kept[: seps[-1].start()].strip(), kept[seps[-1].end() :].strip()
        if len(tail) > 16 or len(head) < 4:
            break
        kept = head
    return kept


def valid_date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def date_from_text(text: str) -> date | None:
    """The first valid calendar date written in `text` (2019-08-16, 2019年8月16日, 2019/8/16)."""
    for m in _DATE.finditer(text):
        found = valid_date(m.group(1), m.group(2), m.group(3))
        if found:
            return found
    return None


def dateline_date(text: str) -> date | None:
    """The date of a dateline: a full date as date_from_text reads it, else a two-digit year's
    (23-04-07 → 2023-04-07). Call it only on text in a dateline's place or after a date label."""
    found = date_from_text(text)
    if found:
        return found
    m = _SHORT_DATE.search(text)
    if not m:
        return None
    found = valid_date("20" + m.group("yy"), m.group("mm"), m.group("dd"))
    # A year past the next is a figure that merely looks like a date.
    return found if found and found.year <= date.today().year + 1 else None


def date_from_url(url: str | None) -> date | None:
    """The date in a URL's path (…/2019-08-16/…, …/201908/16/…, …/t20190816_…), if any."""
    if not url:
        return None
    path = urlsplit(url).path
    for m in _URL_DATE.finditer(path):
        found = valid_date(m.group(1), m.group(2), m.group(3))
        if found:
            return found
    return None


def _cut(orig: str, simp: str, m: re.Match[str], group: str) -> str:
    """Group `group` of a match on `simp`, taken from `orig` when both have the same length."""
    if len(orig) == len(simp):
        return orig[m.start(group) : m.end(group)]
    return m.group(group)


def _names(orig: str, simp: str, m: re.Match[str]) -> str | None:
    """Reporter names from a byline match, joined with 、; None if they are not names."""
    text = _cut(orig, simp, m, "names")
    text = re.split(r"通讯员|通訊員|实习生|實習生|报道|報道|摄影|攝影|摄$|攝$", text)[0]
    # Names hold no digits: "记者 张三 2023/4/7 09:15" is a byline with its date on the same line.
    text = re.split(r"\d", text, maxsplit=1)[0]
    names = [n for n in _NAME_SEP.split(text) if n]
    # Names are short; a long tail means this is a sentence that happens to mention a reporter.
    if not names or any(len(n) > 8 for n in names):
        return None
    return "、".join(names)


def _publisher(pub: str | None) -> str | None:
    if not pub or pub in _NOT_PUBLISHER or pub.endswith(("本报", "本台", "本報")):
        return None
    return pub


def byline(orig: str, simp: str) -> tuple[str | None, str] | None:
    """(publisher, author) from a reporter byline, or None if the line is not one."""
    m = _BYLINE.match(simp.strip())
    if not m:
        return None
    o, s = orig.strip(), simp.strip()
    names = _names(o, s, m)
    if names is None:
        return None
    return _publisher(_cut(o, s, m, "pub") if m.group("pub") else None), names


def _dateline(simp: str) -> re.Match[str] | None:
    m = _DATELINE.match(simp.strip())
    if m and m.group("pub") and _NOT_MASTHEAD.search(m.group("pub")):
        return None
    return m


def is_meta_line(orig: str, simp: str) -> bool:
    """A dateline / source / author line under a title (not article text)."""
    bare = simp.strip()
    if byline(orig, simp):
        return True
    if len(bare) > 100:
        return False
    if _META_KEYS.search(bare) or _dateline(bare):
        return True
    # A date with a time and weekday: "2019-08-16 10:23"
    rest = _SHORT_DATE.sub("", _DATE.sub("", bare))
    return rest != bare and not re.sub(r"[\d:：\s星期周一二三四五六日天]", "", rest)


def lead_note(orig: str, simp: str) -> tuple[str, str | None, str | None] | None:
    """(the note, publisher, author) if the line opens with a source note like 扬州日报讯（记者 X）."""
    m = _LEAD.match(simp)
    if not m or m.end() >= len(simp):
        return None
    note = orig[: m.end()] if len(orig) == len(simp) else simp[: m.end()]
    pub = _cut(orig, simp, m, "pub") if m.group("kind") == "讯" else None
    for group in ("bracketed", "news"):
        if m.group(group):
            pub = _cut(orig, simp, m, group)
    inner_group = next((g for g in ("inner", "inner2", "inner3", "inner4", "inner5") if m.group(g)), None)
    author = _note_names(_cut(orig, simp, m, inner_group), m.group(inner_group)) if inner_group else None
    return note.strip(), _publisher(pub), author


def _note_names(orig: str, simp: str) -> str | None:
    """Reporter names in a source note's brackets ("记者 吴静怡", "李文化 报道", "吴鸿波 朱云"), or None."""
    words = [w for w in _NOTE_WORDS.sub(" ", simp).split() if w]
    if not words or any(not 2 <= len(w) <= 4 for w in words):
        return None
    if len(orig) == len(simp):
        # Same positions in the original script: re-split the original at the same places.
        out, pos = [], 0
        for w in words:
            start = simp.index(w, pos)
            out.append(orig[start : start + len(w)])
            pos = start + len(w)
        words = out
    return "、".join(words)


@dataclass
class Meta:
    """Metadata collected while reading a page; the first value found for a field wins."""

    title: str | None = None
    date: date | None = None
    author: str | None = None
    source_url: str | None = None
    publisher: str | None = None
    id: str | None = None
    # A date under the title is weaker than an explicit "published" label, a meta tag or the URL.
    weak_date: _Date | None = None
    # A 来源 note after the article or a masthead is weaker than the byline under the title.
    weak_publisher: str | None = None

    def set(self, **values: Any) -> None:
        """Fill fields that are still empty."""
        for key, value in values.items():
            if value and not getattr(self, key):
                setattr(self, key, value)

    def read_credit(self, orig: str, simp: str) -> None:
        """Take the author from a credit line: （记者 张三 通讯员 李四）, or 文字：张三 after the article."""
        o, s = orig.strip(), simp.strip()
        writer = _WRITER.match(s)
        if writer:
            self.set(author="、".join(_cut(o, s, writer, "v").split()))
            return
        found = byline(o[1:-1], s[1:-1])
        if found:
            self.set(author=found[1])

    def read_meta_line(self, orig: str, simp: str) -> None:
        """Take author, publisher and date from a line under the title."""
        o, s = orig.strip(), simp.strip()
        by = byline(o, s)
        if by:
            self.set(publisher=by[0], author=by[1])
        src = _SOURCE.search(s)
        if src:
            self.set(publisher=_cut(o, s, src, "v"))
        auth = _AUTHOR.search(s) or _REPORTER.search(s)
        if auth:
            self.set(author="、".join(_cut(o, s, auth, "v").split()))
        dl = _dateline(s)
        if dl and dl.group("pub"):
            self.set(weak_publisher=_cut(o, s, dl, "pub"))
        elif dl and dl.group("after") and MASTHEAD.match(dl.group("after")):
            # after the time: a masthead ("… 10:31 青川日报"), not a place ("… 18:02 陕西")
            self.set(weak_publisher=_cut(o, s, dl, "after"))
        if _PUBLISHED.search(s):
            self.set(date=dateline_date(_PUBLISHED.split(s, maxsplit=1)[-1]))
        self.set(weak_date=dateline_date(s))

    def scan_line(self, orig: str, simp: str) -> None:
        """Capture the page URL, a labelled publish date and a source note from anywhere in the page."""
        s = simp.strip()
        if len(s) > 200:
            return
        m = _URL_LINE.match(s)
        if m:
            self.set(source_url=m.group("url").rstrip(".,;，。；"))
        if _PUBLISHED.search(s) and len(s) <= 100:
            self.set(date=dateline_date(_PUBLISHED.split(s, maxsplit=1)[-1]))
        src = _SOURCE_LINE.match(s)
        if src:
            self.set(weak_publisher=_cut(orig.strip(), s, src, "v"))
