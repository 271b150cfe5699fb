"""Reading saved news pages (plain text, HTML or Markdown): metadata and the clean article body.

A page is split into lines, the site chrome (breadcrumbs, navigation, disclaimers, footers)
is classified away line by line, the article span runs from after the title and byline to
the first footer marker, and metadata (date, URL, author, publisher) is read from the chrome
before it is dropped. The article text itself is never edited: typos stay.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable, Literal
from urllib.parse import urlsplit

import yaml

from xbbot.errors import IngestError
from xbbot.textnorm import normalize, strip_controls

Format = Literal["auto", "text", "html", "markdown"]
# Dataclass fields and parameters named `date` shadow the type inside their scope.
_Date = date
FORMATS: tuple[str, ...] = ("auto", "text", "html", "markdown")

__all__ = [
    "FORMATS", "Format", "ParsedPage", "date_from_url", "detect_format", "is_chrome", "parse_markdown", "parse_page", "text_key",
]


@dataclass(frozen=True)
class ParsedPage:
    """What a page says about its article: metadata (None when not found) and the clean body."""

    title: str
    date: date | None
    author: str | None
    source_url: str | None
    publisher: str | None
    body: str
    # Only a Markdown file's front matter can carry an id; pages never do.
    id: str | None = None


# --------------------------------------------------------------------------------------------
# Line classification: what is page chrome

_COLON = r"\s*[:：]"
_OPEN = r"^[\s【\[（(]*"  # editors' notes often come bracketed: （责任编辑：张三）

# Lines that belong to the page, not the article, wherever they occur. Each pattern is anchored
# at the line start or specific enough that an article sentence will not match it.
_CHROME_PATTERNS: tuple[str, ...] = (
    # breadcrumbs
    r"^(当前位置|您的位置|你的位置|您现在的位置|你现在的位置|现在位置|所在位置|位置)" + _COLON,
    r"^(首页|主页|网站首页|新闻首页)\s*(>|＞|»|›|→|/|>>)",
    # disclaimers and editors
    _OPEN + r"(版权免责声明|免责声明|版权声明|特别声明|郑重声明|免责条款)",
    _OPEN + r"(责任编辑|责编|编辑|值班编辑|审核|审校|校对|监制|编审|初审|复审|终审|签发)" + _COLON,
    # "scan the QR code to follow us"
    r"^(请)?(扫描|扫码|扫一扫|微信扫一扫|长按).{0,16}(关注|二维码)",
    # the page's own address
    r"^(本文地址|原文地址|原文链接|本文链接|文章地址|文章链接|本页地址|来源网址|转载请注明)",
    # copyright
    r"^(版权所有|版权归|版权)(\s|[:：©]|所有|归)",
    r"(?i:copyright|all rights reserved)|©",
    # keywords, tags
    r"^(文章)?(关键词|关键字|标签|tags?)" + _COLON,
    # sharing, paging, related items
    r"^(分享到|分享至)",
    r"^(一键分享|分享)\s*[:：]?\s*(微信|微博|QQ|朋友圈|$)",
    r"^[【\[]?(上一篇|下一篇|上一条|下一条|上一页|下一页|上篇|下篇)",
    r"^[【\[]?(相关阅读|相关新闻|相关文章|相关推荐|相关链接|相关报道|热门推荐|推荐阅读|延伸阅读|热点新闻|"
    r"热门文章|热门新闻|热点推荐|猜你喜欢|精彩推荐|今日推荐|最新文章|最新新闻|图片新闻|阅读排行|点击排行)",
    # page tools
    r"^[【\[]?(返回顶部|回到顶部|打印本页|打印此页|关闭窗口|收藏本文|加入收藏|设为首页|我要纠错|我要评论|发表评论|网友评论)",
    r"^[【\[]?(打印|关闭|收藏|纠错|评论)[】\]]?$",
    r"字号\s*[:：]?\s*[【\[]?\s*(大|T)",
    r"^(https?://|www\.)\S+$",
    # a dateline or source note printed under or after the article
    _OPEN + r"(发布时间|发布日期|发表时间|发表日期|发稿时间|更新时间|来源|稿源|信息来源|文章来源)" + _COLON + r".{0,60}$",
)
# Chrome that an article sentence could also contain ("请拨打联系电话：…。"); such lines count
# as chrome only when they do not end like a sentence.
_CHROME_UNLESS_SENTENCE: tuple[str, ...] = (
    # contact block, possibly prefixed with the site name (黄淮网法律顾问:)
    r"^.{0,10}?(联系地址|通讯地址|地址|联系电话|电话|客服电话|热线电话|举报电话|传真|客服QQ|QQ群?|投稿邮箱|"
    r"联系邮箱|电子邮箱|邮箱|(?i:e-?mail)|法律顾问|邮编)" + _COLON,
    r"关注.{0,16}(微信)?(公众号|服务号|视频号)",
    # licences
    r"(?i:icp)\s*(备|证|号)|增值电信|公网安备|网安备|新闻信息服务许可|网络文化经营许可|广播电视节目制作经营许可|"
    r"违法和不良信息|不良信息举报",
)
_CHROME = re.compile("|".join(f"(?:{p})" for p in _CHROME_PATTERNS))
_BREADCRUMB = re.compile(f"(?:{_CHROME_PATTERNS[0]})|(?:{_CHROME_PATTERNS[1]})")
_CHROME_SOFT = re.compile("|".join(f"(?:{p})" for p in _CHROME_UNLESS_SENTENCE))

# Words that only a site's own link rows contain; matched in short lines only.
_SITE_WORDS = re.compile(
    r"关于我们|联系我们|网站地图|手机版|广告服务|广告合作|加盟代理|网站声明|版权声明|法律声明|隐私政策|"
    r"用户协议|人才招聘|招贤纳士|意见反馈|帮助中心|友情链接|工作人员查询|About Us",
    re.IGNORECASE,
)
_LINK_SEP = re.compile(r"\s*[|｜]\s*")
_TERMINAL = "。！？!?；;…"
_SENTENCE_END = "。！？!?…”」』"


def _is_link_row(line: str) -> bool:
    """A row of short links separated by | (a footer or navigation bar)."""
    parts = [p for p in _LINK_SEP.split(line) if p]
    return len(parts) >= 3 and all(len(p) <= 20 for p in parts)


def _is_menu(line: str) -> bool:
    """A navigation menu flattened to one line: many short words, no punctuation."""
    tokens = line.split()
    return len(tokens) >= 5 and all(len(t) <= 6 for t in tokens) and not any(c in line for c in _TERMINAL + "，,、")


def is_chrome(line: str) -> bool:
    """True if `line` is page chrome (navigation, disclaimer, footer…) rather than article text."""
    bare = line.lstrip("#").strip()
    if not bare:
        return True
    if _CHROME.search(bare):
        return True
    if bare[-1] not in _SENTENCE_END:
        if _CHROME_SOFT.search(bare) or (len(bare) <= 80 and _SITE_WORDS.search(bare)):
            return True
    return _is_link_row(bare) or _is_menu(bare)


def _is_header_chrome(line: str) -> bool:
    """Chrome that sits above an article (breadcrumbs, menus) and therefore does not end it."""
    bare = line.strip()
    return bool(_BREADCRUMB.match(bare)) or _is_menu(bare)


# --------------------------------------------------------------------------------------------
# Metadata found in lines

_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?")
_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-/_.]?(0[1-9]|1[0-2])[-/_.]?(0[1-9]|[12]\d|3[01])(?!\d)")
_URL_LINE = re.compile(
    r"^(本文地址|原文地址|原文链接|本文链接|文章地址|文章链接|本页地址|来源网址|转载请注明(出处|来源)?)" + _COLON + r"?\s*(?P<url>https?://\S+)"
)
_PUBLISHED_LINE = re.compile(r"(发布时间|发布日期|发表时间|发表日期|发稿时间|刊发时间|发布于)" + _COLON + r"?")
_META_KEYS = re.compile(
    r"(?:^|[\s|｜])(来源|稿源|作者|记者|文|图|发布时间|发布日期|发表时间|发表日期|发稿时间|时间|日期|浏览|阅读|点击|"
    r"浏览次数|阅读次数|点击数|访问量|编辑|责任编辑|通讯员)" + r"\s*[:：/｜|]"
)
_SOURCE_LINE = re.compile(r"^[（(【\[]?(?:来源|稿源|信息来源|文章来源)\s*[:：]\s*(?P<v>[^\s|｜:：）)】\]]+)")
_SOURCE = re.compile(r"(?:来源|稿源)\s*[:：]\s*(?P<v>[^\s|｜:：]+)")
_AUTHOR = re.compile(r"(?:^|[\s|｜])(?:作者|记者|撰稿|撰文|文)\s*[:：/｜|]\s*(?P<v>[^\s|｜:：]+)")
# "徐州日报全媒体记者 魏宁", "本报记者 张三 李四 通讯员 王五", "记者：张三"
_BYLINE = re.compile(
    r"^(?P<pub>[^\s:：，,。]{2,12}?)?\s*(?:(?:全媒体|融媒体|新媒体|首席|特约|见习|实习|驻\S{1,6}|本报|本台|本网|通讯)\s*)*记者"
    r"\s*[:：]?\s*(?P<names>[^。！？!?；;，,]+)$"
)
_NOT_PUBLISHER = {"本报", "本台", "本网", "本刊", "本站", "特约", "通讯"}
_NAME_SEP = re.compile(r"[\s、,，/]+")


def _date_from(text: str) -> date | None:
    """The first valid calendar date written in `text` (2019-08-16, 2019年8月16日, 2019/8/16)."""
    for m in _DATE.finditer(text):
        found = _valid_date(m.group(1), m.group(2), m.group(3))
        if found:
            return found
    return None


def _valid_date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def date_from_url(url: str | None) -> date | None:
    """The date in a URL's path (…/2019-08-16/…, …/201908/16/…, …/t20190816_…), if any."""
    if not url:
        return None
    path = urlsplit(url).path
    for m in _URL_DATE.finditer(path):
        found = _valid_date(m.group(1), m.group(2), m.group(3))
        if found:
            return found
    return None


def _byline(line: str) -> tuple[str | None, str] | None:
    """(publisher, author) from a reporter byline, or None if the line is not one."""
    m = _BYLINE.match(line.strip())
    if not m:
        return None
    names_text = re.split(r"通讯员|实习生|报道|摄影|摄$", m.group("names"))[0]
    names = [n for n in _NAME_SEP.split(names_text) if n]
    # Names are short; a long tail means this is a sentence that happens to mention a reporter.
    if not names or any(len(n) > 8 for n in names):
        return None
    pub = m.group("pub")
    if pub and (pub in _NOT_PUBLISHER or pub.endswith(("本报", "本台"))):
        pub = None
    return pub, "、".join(names)


def _is_meta_line(line: str) -> bool:
    """A dateline / source / author line under a title (not article text)."""
    bare = line.strip()
    if _byline(bare):
        return True
    if len(bare) > 100:
        return False
    if _META_KEYS.search(bare):
        return True
    # A date alone, maybe with a time: "2019-08-16 10:23"
    rest = _DATE.sub("", bare)
    return rest != bare and not re.sub(r"[\d:：\s星期周一二三四五六日天]", "", rest)


@dataclass
class _Meta:
    """Metadata collected while reading a page; the first value found for a field wins."""

    title: str | None = None
    date: date | None = None
    author: str | None = None
    source_url: str | None = None
    publisher: str | None = None
    id: str | None = None
    # A date under the title is weaker than an explicit "published" label, a meta tag or the URL.
    weak_date: _Date | None = None
    # A 来源 note after the article is weaker than the byline under the title.
    weak_publisher: str | None = None

    def set(self, **values: Any) -> None:
        """Fill fields that are still empty."""
        for key, value in values.items():
            if value and not getattr(self, key):
                setattr(self, key, value)

    def read_meta_line(self, line: str) -> None:
        """Take author, publisher and date from a line under the title."""
        by = _byline(line)
        if by:
            self.set(publisher=by[0], author=by[1])
        src, auth = _SOURCE.search(line), _AUTHOR.search(line)
        self.set(publisher=src.group("v") if src else None, author=auth.group("v") if auth else None)
        self.set(weak_date=_date_from(line))


def _scan_chrome(lines: Iterable[str], meta: _Meta) -> None:
    """Capture the page URL and a labelled publish date from anywhere in the page."""
    for line in lines:
        m = _URL_LINE.match(line.strip())
        if m:
            meta.set(source_url=m.group("url").rstrip(".,;，。；"))
        if _PUBLISHED_LINE.search(line) and len(line) <= 100:
            meta.set(date=_date_from(_PUBLISHED_LINE.split(line, maxsplit=1)[-1]))
        src = _SOURCE_LINE.match(line.strip())
        if src:
            meta.set(weak_publisher=src.group("v"))


# --------------------------------------------------------------------------------------------
# The text pipeline: lines → title, meta, body


def _clean_lines(text: str) -> list[str]:
    """Non-empty lines, stripped of indentation (incl. full-width), invisible marks and runs of spaces."""
    text = strip_controls(text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"))
    out = []
    for raw in text.split("\n"):
        line = re.sub(r"[ \t\u00a0\u3000]+", " ", raw).strip()
        if line:
            out.append(line)
    return out


def _same_text(a: str, b: str) -> bool:
    """Equal once width, script, case, spaces and punctuation are ignored."""
    return bool(a) and text_key(a) == text_key(b)


def _find_title(lines: list[str], hint: str | None) -> int | None:
    """Index of the title line: the hinted title if present, else the first substantial non-chrome line."""
    if hint:
        for i, line in enumerate(lines):
            if _same_text(line.lstrip("#").strip(), hint):
                return i
        return None
    for i, line in enumerate(lines):
        if is_chrome(line) or _is_meta_line(line) or len(line) < 4:
            continue
        return i
    return None


def _article_span(lines: list[str], start: int, meta: _Meta) -> list[str]:
    """Article lines from `start` to the first footer marker, with chrome and the dateline dropped."""
    kept: list[str] = []
    i = start
    # Meta lines and header chrome directly under the title: read them, don't keep them.
    while i < len(lines) and (_is_meta_line(lines[i]) or is_chrome(lines[i])):
        meta.read_meta_line(lines[i])
        i += 1
    for line in lines[i:]:
        if is_chrome(line):
            # Before any text a share bar or font-size switch is just noise; after it, the footer starts.
            if kept and not _is_header_chrome(line):
                break
            continue
        kept.append(line)
    return kept


# --------------------------------------------------------------------------------------------
# Headings

_HEADING_MAX = 30
_NO_END = _TERMINAL + "，,、：:—-"


def _heading_like(line: str) -> bool:
    """A short line that is not a sentence: no terminal punctuation at the end or inside."""
    if line.startswith("#"):
        return True
    if not 2 <= len(line) <= _HEADING_MAX or line[-1] in _NO_END:
        return False
    if any(c in line for c in "。！？!?；;"):
        return False
    # Dates, bare numbers and captions like "（完）" are not headings.
    return bool(re.search(r"[^\d\s\W]", line)) and not re.fullmatch(r"[（(【\[].*[)）】\]]", line)


def _as_heading(parts: list[str]) -> str:
    """`## a b`: a two-line headline keeps both lines, joined by a space."""
    return "## " + " ".join(p.lstrip("#").strip() for p in parts)


def _mark_headings(lines: list[str]) -> list[str]:
    """Turn runs of one or two heading-like lines followed by text into `## ` headings."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if lines[i].startswith("#"):
            out.append(_as_heading([lines[i]]))
            i += 1
            continue
        j = i
        while j < len(lines) and _heading_like(lines[j]) and not lines[j].startswith("#"):
            j += 1
        run = lines[i:j]
        # Three or more short lines in a row are a list; a heading needs text after it.
        if 1 <= len(run) <= 2 and j < len(lines) and not lines[j].startswith("#"):
            out.append(_as_heading(run))
            i = j
        elif run:
            out.extend(run)
            i = j
        else:
            out.append(lines[i])
            i += 1
    return out


def _body_text(lines: list[str]) -> str:
    """Paragraphs and headings separated by one blank line."""
    return "\n\n".join(_mark_headings(lines))


def _parse_text(text: str, meta: _Meta) -> ParsedPage:
    """The text pipeline shared by text and HTML input."""
    lines = _clean_lines(text)
    _scan_chrome(lines, meta)
    t = _find_title(lines, meta.title)
    if t is not None:
        meta.set(title=lines[t].lstrip("#").strip())
        start = t + 1
    else:
        start = next((i for i, line in enumerate(lines) if not is_chrome(line)), len(lines))
    body_lines = _article_span(lines, start, meta)
    meta.set(date=date_from_url(meta.source_url))
    meta.set(date=meta.weak_date, publisher=meta.weak_publisher)
    return _page(meta, _body_text(body_lines))


def _page(meta: _Meta, body: str) -> ParsedPage:
    return ParsedPage(
        title=meta.title or "",
        date=meta.date,
        author=meta.author,
        source_url=meta.source_url,
        publisher=meta.publisher,
        body=body.strip(),
        id=meta.id,
    )


# --------------------------------------------------------------------------------------------
# HTML

_DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "nav", "header", "footer", "aside", "form", "button", "select", "input", "textarea", "menu",
)
_BLOCK_TAGS = (
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
    "dl", "dt", "dd", "table", "tr", "td", "th", "thead", "tbody", "blockquote", "pre", "figure",
    "figcaption", "address", "center", "hr", "body", "html",
)
# class/id words that mark chrome containers on Chinese news sites.
_CHROME_CLASS = re.compile(
    r"^(breadcrumbs?|crumbs?|bread|position|location|sidebar|side|share|bdsharebuttonbox|related|relate|"
    r"recommend|comments?|footer|foot|copyright|ads?|advert|banner|nav|navbar|menu|topbar|toolbar|"
    r"pager|pagination|hot|rank)$",
    re.IGNORECASE,
)
_DATE_META = (
    "article:published_time", "og:article:published_time", "og:release_date", "pubdate", "publishdate",
    "publish_date", "publishtime", "published_time", "datepublished", "dc.date.issued", "dc.date",
    "date", "sailthru.date", "parsely-pub-date",
)
_TITLE_SUFFIX = re.compile(r"\s*(?:\s[-–—|｜_]\s|_|｜|\|)\s*[^-–—|｜_]{1,30}$")


def _soup(html: str) -> Any:
    from bs4 import BeautifulSoup  # bs4 is slow to import; text-only ingestion need not pay for it

    return BeautifulSoup(html, "html.parser")


def _meta_content(soup: Any, names: Iterable[str]) -> str | None:
    """The content of the first <meta name|property|itemprop=...> among `names` (case-insensitive)."""
    wanted = [n.lower() for n in names]
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        content = (tag.get("content") or "").strip()
        for attr in ("property", "name", "itemprop"):
            key = (tag.get(attr) or "").strip().lower()
            if key and content and key not in found:
                found[key] = content
    return next((found[n] for n in wanted if n in found), None)


def _json_ld(soup: Any) -> dict[str, Any]:
    """The first JSON-LD object describing an article, if the page has one."""
    for tag in soup.find_all("script", attrs={"type": "application/ld+json"}):
        try:
            data = json.loads(tag.string or "")
        except (ValueError, TypeError):
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and ("headline" in item or "datePublished" in item):
                return item
    return {}


def _strip_site_suffix(title: str) -> str:
    """'标题 - 黄淮网' → '标题'; a title without such a suffix is returned unchanged."""
    stripped = _TITLE_SUFFIX.sub("", title).strip()
    return stripped if len(stripped) >= 4 else title.strip()


def _html_meta(soup: Any) -> _Meta:
    """Metadata from <meta>, <link rel=canonical>, <time>, JSON-LD and the title tags."""
    meta = _Meta()
    ld = _json_ld(soup)
    canonical = soup.find("link", rel=lambda v: v and "canonical" in v)
    meta.set(source_url=canonical.get("href") if canonical else None)
    meta.set(source_url=_meta_content(soup, ["og:url"]))
    if meta.source_url and not meta.source_url.startswith(("http://", "https://")):
        meta.source_url = None
    meta.set(date=_date_from(_meta_content(soup, _DATE_META) or ""))
    meta.set(date=_date_from(str(ld.get("datePublished", ""))))
    time_tag = soup.find("time", attrs={"datetime": True})
    meta.set(date=_date_from(time_tag["datetime"]) if time_tag else None)
    author = _meta_content(soup, ["author", "article:author", "dc.creator"])
    if author and not author.startswith("http"):
        meta.set(author=author)
    meta.set(publisher=_meta_content(soup, ["source", "contentsource", "article:source"]))
    return meta


def _html_title(soup: Any) -> str | None:
    """<h1>, else og:title, else <title>, without a trailing site name."""
    h1 = soup.find("h1")
    if h1 and len(h1.get_text(" ", strip=True)) >= 4:
        return re.sub(r"\s+", " ", h1.get_text(" ", strip=True))
    og = _meta_content(soup, ["og:title", "twitter:title"])
    if og:
        return _strip_site_suffix(og)
    if soup.title and soup.title.string:
        return _strip_site_suffix(soup.title.string)
    return None


def _drop_chrome_elements(soup: Any) -> None:
    """Remove chrome elements: by tag, and by class/id unless they hold most of the page's text."""
    from bs4 import Comment, Declaration, Doctype, ProcessingInstruction

    for node in soup.find_all(string=lambda s: isinstance(s, (Comment, Declaration, Doctype, ProcessingInstruction))):
        node.extract()
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    total = len((soup.body or soup).get_text(strip=True)) or 1
    for tag in soup.find_all(True):
        if tag.decomposed or tag.attrs is None:
            continue
        words = " ".join([*(tag.get("class") or []), tag.get("id") or ""])
        if any(_CHROME_CLASS.match(w) for w in re.split(r"[\s_-]+", words) if w):
            # A container that holds most of the text is the article, whatever its class says.
            if len(tag.get_text(strip=True)) < 0.4 * total:
                tag.decompose()


def _html_text(soup: Any) -> str:
    """Visible text with a line break around every block element; h2–h6 become `## ` lines."""
    from bs4 import NavigableString

    for node in list(soup.find_all(string=True)):
        if node.find_parent("pre") is None and isinstance(node, NavigableString):
            node.replace_with(re.sub(r"[ \t\r\n\f]+", " ", str(node)))
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for tag in soup.find_all(["h2", "h3", "h4", "h5", "h6"]):
        if tag.get_text(strip=True):
            tag.insert(0, "## ")
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    root = soup.body or soup
    return root.get_text("")


def _parse_html(html: str) -> ParsedPage:
    """HTML: metadata from the head, text from the cleaned body, then the text pipeline."""
    soup = _soup(html)
    meta = _html_meta(soup)
    site = _meta_content(soup, ["og:site_name", "application-name"])
    _drop_chrome_elements(soup)
    meta.title = _html_title(soup)
    page = _parse_text(_html_text(soup), meta)
    if page.publisher is None and site:
        page = ParsedPage(**{**page.__dict__, "publisher": site})
    return page


# --------------------------------------------------------------------------------------------
# Markdown with front matter

_FRONT = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)


def _to_date(value: Any, where: str) -> date | None:
    """A date from YAML (date object or 'YYYY-MM-DD' text); other values are an IngestError."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    found = _date_from(str(value))
    if found is None:
        raise IngestError(f"{where}: date {value!r} is not a date; write it as YYYY-MM-DD")
    return found


def parse_markdown(text: str, where: str = "<markdown>") -> ParsedPage:
    """Markdown: front matter is the metadata, the rest is the body as written."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    m = _FRONT.match(text)
    if not m:
        raise IngestError(f"{where}: Markdown input needs YAML front matter between '---' lines")
    try:
        front = yaml.safe_load(m.group("yaml")) or {}
    except yaml.YAMLError as exc:
        raise IngestError(f"{where}: invalid YAML front matter: {str(exc).splitlines()[0]}") from None
    if not isinstance(front, dict):
        raise IngestError(f"{where}: front matter must be a mapping of key: value")
    body = text[m.end() :].strip()
    title = _str_or_none(front.get("title"))
    heading = re.match(r"#\s+(.+)\n", body + "\n")
    if heading and (title is None or _same_text(heading.group(1), title)):
        # A leading "# Title" is the title, not part of the body.
        title = title or heading.group(1).strip()
        body = body[heading.end() :].strip()
    meta = _Meta(
        title=title,
        date=_to_date(front.get("date"), where),
        author=_str_or_none(front.get("author")),
        source_url=_str_or_none(front.get("source_url") or front.get("url")),
        publisher=_str_or_none(front.get("publisher")),
        id=_str_or_none(front.get("id")),
    )
    return _page(meta, body)


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


# --------------------------------------------------------------------------------------------
# Public parsing API

_HTML_SNIFF = re.compile(r"\A\s*(<!doctype\s+html|<html|<\?xml)|</(p|div|body|html|article)\s*>", re.IGNORECASE)


def detect_format(text: str, path: Path | None = None) -> Format:
    """Guess the input format from the file suffix, else from the content."""
    suffix = path.suffix.lower() if path else ""
    if suffix in (".html", ".htm", ".xhtml", ".shtml"):
        return "html"
    if suffix in (".md", ".markdown") or _FRONT.match(text.lstrip("\ufeff").replace("\r\n", "\n")):
        return "markdown"
    if _HTML_SNIFF.search(text[:20000]):
        return "html"
    return "text"


def parse_page(text: str, *, fmt: Format = "auto") -> ParsedPage:
    """Parse a saved page (text, HTML or Markdown with front matter) into metadata and a clean body."""
    if fmt not in FORMATS:
        raise IngestError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    kind = detect_format(text) if fmt == "auto" else fmt
    if kind == "html":
        return _parse_html(text)
    if kind == "markdown":
        return parse_markdown(text)
    return _parse_text(text, _Meta())


def text_key(text: str) -> str:
    """Duplicate-detection form: normalised text without whitespace and punctuation."""
    norm = normalize(text)
    return "".join(c for c in norm if not c.isspace() and not unicodedata.category(c).startswith("P"))
