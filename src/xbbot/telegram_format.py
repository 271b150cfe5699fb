"""Telegram HTML for xbbot's replies: answers, abstentions, help, and splitting under 4096.

Pure functions only. Every piece of user or knowledge text goes through `html.escape`, so the
only markup in a message is the markup made here, which is what lets `split_html` tokenise
it with a regular expression.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal, Sequence

from xbbot.store import Stats
from xbbot.chunking import split_sentences
from xbbot.answer import level_label
from xbbot.models import Answer, Hit, Source
from xbbot.timeline import TimelineEntry
from xbbot.textnorm import number_values, numbers

Lang = Literal["zh", "en"]

# Telegram's limit on a message's text (after entity parsing), counted in UTF-16 code units.
MAX_MESSAGE_LEN = 4096
# Telegram's limit on callback_data, in bytes.
MAX_CALLBACK_DATA = 64
EXCERPT_LIMIT = 160
BUTTON_LIMIT = 36
# /timeline: lines per page (a phone screen), and caps that keep any 8 lines under 4096.
TIMELINE_PER_PAGE = 8
TIMELINE_TEXT_LIMIT = 200
TIMELINE_TITLE_LIMIT = 80
MAX_LINK_URL = 1000

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")

# A figure worth emphasising: a number with its magnitude and unit (1.845亿元, 360万元, 20名,
# 3.5%, 12 million yuan). Dates (2019年, 8月, 16日) are left alone: bold dates are noise.
_FIGURE = re.compile(
    r"(?<![\d.A-Za-z第])"
    r"\d(?:\d|,(?=\d{3}))*(?:\.\d+)?"
    r"(?:\s*(?:万亿|亿|万|千|百)(?![年月日号]))?"
    r"(?:\s*(?:余|多))?"
    r"(?:\s*(?:元|人次|人|名|个|户|家|项|所|吨|亩|公里|米|平方米|套|批|台|辆|场|次|篇|条|处|座|村|倍|%|％)"
    r"|\s+(?:million|billion|thousand)(?:\s+(?:yuan|RMB|people|households))?"
    r"|\s+(?:yuan|RMB|people|households|villages|counties|projects|%))?"
    # A figure ends where the next character is not a digit (after a unit a digit may follow:
    # 83批928人次) and is not a date unit.
    r"(?!(?<=\d)[\d.]|[年月日号])",
    re.IGNORECASE,
)
_DATE_PART = re.compile(r"^\d+$")

# Relative time words whose meaning depends on the article's date, and the year they point to.
_RELATIVE_YEAR = re.compile(r"今年|本年|当年|去年|上年|this year|last year", re.IGNORECASE)
_YEAR_OFFSET = {"今年": 0, "本年": 0, "当年": 0, "this year": 0, "去年": -1, "上年": -1, "last year": -1}
_RELATIVE_NOW = re.compile(r"截至目前|目前|至今|so far|to date", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})")



@dataclass(frozen=True)
class Texts:
    """Every fixed string the bot says, in one language."""

    source: str
    reported: str
    reported_year: str
    reported_now: str
    out_of_scope: str
    empty: str
    low_confidence: str
    sorry: str  # before the reason a source could not answer (Answer.why)
    try_these: str
    help_intro: str
    help_sources: str
    help_more_sources: str
    help_usage: str
    non_text: str
    slow_down: str
    error: str
    not_admin: str
    reindex_started: str
    reindex_busy: str
    reindex_done: str
    reindex_failed: str
    expired_button: str
    feedback_thanks: str
    inline_examples: str
    inline_no_answer: str
    unknown_command: str
    summary: str
    help_span: str
    help_commands: str
    sources_title: str
    note_mark: str
    timeline_title: str
    timeline_empty: str
    timeline_hint: str


TEXTS: dict[str, Texts] = {
    "zh": Texts(
        source="📰 来源：",
        reported="📅 据{date}报道",
        reported_year="📅 据{date}报道（文中“{word}”指{year}年）",
        reported_now="📅 据{date}报道（文中“{word}”指截至{date}）",
        out_of_scope="抱歉，这个问题超出了我的范围。我只回答徐州—宝鸡扶贫协作（徐宝扶贫协作）相关的问题。",
        empty="请直接输入你想了解的问题。",
        low_confidence="抱歉，知识库里没有找到足够可靠的答案，我不想猜。",
        sorry="抱歉。",
        try_these="可以试试这些问题：",
        help_intro=(
            "你好！我回答关于<b>徐州—宝鸡东西部扶贫协作</b>（徐宝扶贫协作）的问题："
            "帮扶资金、捐款捐物、产业合作、劳务协作、人才交流、消费扶贫等，每个答案都注明新闻来源和日期。"
        ),
        help_sources="最新的资料：",
        help_more_sources="……共 {n} 篇，发送 /sources 查看全部",
        help_usage=(
            "私聊直接发问题即可；在群里请 @{username} 提问、回复我的消息，或用 /ask 问题。"
            "也可以在任何聊天里输入 @{username} 问题 来搜索。"
        ),
        non_text="我只能读文字消息，请用文字提问，例如：累计落实了多少帮扶资金？",
        slow_down="你提问太快了，请稍等一分钟再问。",
        error="抱歉，处理这个问题时出错了，请稍后再试。",
        not_admin="此命令仅限管理员使用。",
        reindex_started="正在重建索引，期间照常回答问题……",
        reindex_busy="索引正在重建中，请稍候。",
        reindex_done="索引已更新：{n} 篇报道。",
        reindex_failed="重建失败，继续使用原索引：{error}",
        expired_button="这个按钮已过期，请直接发送问题。",
        feedback_thanks="谢谢反馈！",
        inline_examples="示例问题",
        inline_no_answer="没有找到可靠的答案",
        unknown_command="不认识这个命令。发送 /help 查看用法，或直接提问。",
        summary="摘要：",
        help_span="资料覆盖 {span} 年。",
        help_commands="/timeline 大事记 · /sources 全部资料来源",
        sources_title="全部资料来源（{n} 篇，新的在前；“摘要”是我们根据原报道写的概述）：",
        note_mark="摘要",
        timeline_title="🗓 大事记",
        timeline_empty="知识库里还没有标注大事记。",
        timeline_hint="🗓 历年大事见 /timeline",
    ),
    "en": Texts(
        source="📰 Source: ",
        reported="📅 As reported on {date}",
        reported_year="📅 As reported on {date} (“{word}” in the text means {year})",
        reported_now="📅 As reported on {date} (“{word}” in the text means up to {date})",
        out_of_scope=(
            "Sorry, that is outside what I know. I only answer questions about the "
            "Xuzhou–Baoji poverty-alleviation cooperation."
        ),
        empty="Please type a question.",
        low_confidence="Sorry, I found no reliable answer in my sources, and I would rather not guess.",
        sorry="Sorry. ",
        try_these="You could try:",
        help_intro=(
            "Hello! I answer questions about the <b>Xuzhou–Baoji east–west poverty-alleviation "
            "cooperation</b>: funds, donations, industry, labour, exchanges of officials and "
            "consumption support, each answer with its news source and date."
        ),
        help_sources="My newest sources:",
        help_more_sources="… {n} in all; send /sources for the full list",
        help_usage=(
            "In a private chat just send a question; in a group mention @{username}, reply to "
            "me, or use /ask question. You can also type @{username} question in any chat."
        ),
        non_text="I can only read text. Please type your question, e.g. How much aid funding was provided?",
        slow_down="You are asking too fast; please wait a minute.",
        error="Sorry, something went wrong with that question. Please try again later.",
        not_admin="This command is for administrators only.",
        reindex_started="Rebuilding the index; questions are still answered meanwhile…",
        reindex_busy="The index is already being rebuilt, please wait.",
        reindex_done="Index updated: {n} reports.",
        reindex_failed="Rebuild failed, the previous index stays in use: {error}",
        expired_button="This button has expired; please send the question instead.",
        feedback_thanks="Thanks for the feedback!",
        inline_examples="Example question",
        inline_no_answer="No reliable answer found",
        unknown_command="Unknown command. Send /help for usage, or just ask a question.",
        summary="Summary: ",
        help_span="My sources cover {span}.",
        help_commands="/timeline milestones · /sources all sources",
        sources_title="All {n} sources, newest first (“note”: our summary of the original report):",
        note_mark="note",
        timeline_title="🗓 Timeline",
        timeline_empty="No milestones are marked in the knowledge base yet.",
        timeline_hint="🗓 Milestones year by year: /timeline",
    ),
}


def texts(lang: str) -> Texts:
    """The fixed strings for `lang` (Chinese unless "en")."""
    return TEXTS["en" if lang == "en" else "zh"]


def detect_lang(text: str | None, language_code: str | None = None) -> Lang:
    """English for a message in Latin letters, or for an English client when the text says nothing."""
    if text:
        if _CJK.search(text):
            return "zh"
        if _LATIN.search(text):
            return "en"
    return "en" if (language_code or "").lower().startswith("en") else "zh"


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: max(0, limit - 1)].rstrip() + "…"


def emphasize_figures(text: str) -> str:
    """Escaped `text` with each figure (amount, count, share) in <b>."""
    out: list[str] = []
    pos = 0
    for m in _FIGURE.finditer(text):
        figure = m.group(0).rstrip()
        # A bare number (a date part, a list index) is not a figure worth shouting about.
        if _DATE_PART.match(figure.replace(",", "")) and len(figure) < 5:
            continue
        out.append(html.escape(text[pos : m.start()]))
        out.append(f"<b>{html.escape(figure)}</b>")
        pos = m.start() + len(figure)
    out.append(html.escape(text[pos:]))
    return "".join(out)


def excerpt(passage: str, focus: str = "", limit: int = EXCERPT_LIMIT) -> str:
    """The part of `passage` around the sentence that contains `focus`'s first figure, ≤ limit chars."""
    passage = " ".join(passage.split())
    if len(passage) <= limit:
        return passage
    sentences = split_sentences(passage)
    anchor = 0
    figures = [m.group(0).strip() for m in _FIGURE.finditer(focus)]
    for i, sentence in enumerate(sentences):
        if any(f and f in sentence for f in figures):
            anchor = i
            break
    picked = sentences[anchor]
    if len(picked) > limit:
        return clip(picked, limit)
    start, end = anchor, anchor + 1
    # Grow forwards first: the sentences after a figure usually explain it.
    while end < len(sentences) and len(picked) + len(sentences[end]) <= limit - 2:
        picked += sentences[end]
        end += 1
    while start > 0 and len(picked) + len(sentences[start - 1]) <= limit - 2:
        start -= 1
        picked = sentences[start] + picked
    picked = picked.strip()
    return ("…" if start > 0 else "") + picked + ("…" if end < len(sentences) else "")


def safe_url(url: str) -> str | None:
    """`url` when it is a web link Telegram will accept in <a href>, else None."""
    url = (url or "").strip()
    if re.match(r"^https?://[^\s<>\"']+$", url):
        return url
    return None


def linked_title(source: Source) -> str:
    """'<a href=…>title</a>', or the escaped title alone when there is no usable link."""
    title = html.escape(source.title or source.id)
    url = safe_url(source.url)
    return f'<a href="{html.escape(url, quote=True)}">{title}</a>' if url else title


def source_line(source: Source, lang: str) -> str:
    """'📰 来源：<a href=…>title</a>（publisher）'; a note cites the report it summarises."""
    publisher = ""
    if source.publisher:
        publisher = f" ({html.escape(source.publisher)})" if lang == "en" else f"（{html.escape(source.publisher)}）"
    return texts(lang).source + linked_title(source) + publisher


def level_html(source: Source | None, lang: str) -> str:
    """The generic label of a source's level in italics ('（省级数据）'), or ''."""
    label = level_label(source, lang)
    if not label:
        return ""
    return (" " if lang == "en" else "") + f"<i>{html.escape(label)}</i>"


def date_line(source: Source, lang: str, mentioned: str) -> str:
    """'📅 据2019-08-16报道', saying what 今年 or 至今 meant when the quoted text uses one."""
    t = texts(lang)
    when = html.escape(source.date)
    year = _YEAR.match(source.date or "")
    relative = _RELATIVE_YEAR.search(mentioned)
    if year and relative:
        word = relative.group(0)
        return t.reported_year.format(date=when, word=html.escape(word),
                                      year=int(year.group(1)) + _YEAR_OFFSET[word.lower()])
    now = _RELATIVE_NOW.search(mentioned)
    if year and now:
        return t.reported_now.format(date=when, word=html.escape(now.group(0)))
    return t.reported.format(date=when)


def _focus(answer: Answer) -> str:
    top = answer.hits[0]
    # An English answer says "184.5 million"; the Chinese fact behind it says 1.845亿, as the article does.
    return top.text if top.kind == "fact" else answer.text


def supporting_hit(answer: Answer) -> Hit | None:
    """The passage to quote: the article passage holding the answer's figures, else the top hit.

    A fact's own text repeats the answer, so the article sentence it was checked against is
    the better evidence.
    """
    if not answer.hits:
        return None
    top = answer.hits[0]
    key = _key_figure(_focus(answer))
    if top.kind == "passage" or key is None:
        return top
    for hit in answer.hits:
        if hit.kind == "passage" and hit.source.id == top.source.id and key in number_values(hit.text):
            return hit
    return top


def _key_figure(text: str) -> Decimal | None:
    """The value of the first figure worth emphasising in `text` (1.845亿元 → 184500000)."""
    for m in _FIGURE.finditer(text):
        figure = m.group(0).strip()
        if not (_DATE_PART.match(figure.replace(",", "")) and len(figure) < 5):
            found = numbers(figure)
            return found[0][1] if found else None
    return None


def format_answer(answer: Answer, excerpt_limit: int = EXCERPT_LIMIT) -> str:
    """An answered question: the answer with bold figures, the excerpt, the source and its date."""
    lang = answer.lang
    parts = [emphasize_figures(answer.text.strip()) + level_html(answer.source, lang)]
    hit = supporting_hit(answer)
    quoted = ""
    if hit is not None:
        quoted = excerpt(hit.text, focus=hit.text if hit is answer.hits[0] else _focus(answer), limit=excerpt_limit)
        if quoted and _squash(quoted) != _squash(answer.text) and _squash(quoted) not in _squash(answer.text):
            # A note's text is the maintainer's summary of the report, not the report's words.
            label = f"<i>{html.escape(texts(lang).summary)}</i>" if hit.source.kind == "note" else ""
            parts.append(f"<blockquote>{label}{emphasize_figures(quoted)}</blockquote>")
        else:
            quoted = ""
    source = answer.source
    if source is not None:
        parts.append(source_line(source, lang) + "\n" + date_line(source, lang, answer.text + quoted))
    for other in answer.also:
        # Another year's figure of the same measure: shown, so the reader sees the change.
        if lang == "en":
            parts.append(f"Also, {linked_title(other.source)} ({html.escape(other.source.date)}): "
                         f"{emphasize_figures(other.text)}")
        else:
            parts.append(f"另据{linked_title(other.source)}（{html.escape(other.source.date)}）：{emphasize_figures(other.text)}")
    return "\n\n".join(p for p in parts if p)


def format_abstention(answer: Answer, offered: Sequence[str], hint: str = "") -> str:
    """A question the retriever would not answer, a `hint` (HTML) where to look, and whether
    alternatives follow as buttons."""
    t = texts(answer.lang)
    if answer.reason == "empty":
        head = t.empty
    elif answer.reason == "greeting":
        head = t.help_intro
    elif answer.reason == "out_of_scope":
        head = t.out_of_scope
    elif answer.reason in ("not_answered", "year_unavailable") and answer.why:
        head = t.sorry + html.escape(answer.why)
    else:
        head = t.low_confidence
    return head + (f"\n\n{hint}" if hint else "") + ("\n" + t.try_these if offered else "")


def format_help(sources: Sequence[Source], lang: str, username: str, limit: int = 5, span: str = "") -> str:
    """/start and /help: what the bot knows, the years it covers, its newest sources, how to ask.

    `sources` come newest first; all of them are listed by /sources (`format_sources`).
    """
    t = texts(lang)
    lines = [t.help_intro, ""]
    if span:
        lines.append(html.escape(t.help_span.format(span=span)))
    lines.append(t.help_sources)
    for s in list(sources)[:limit]:
        title = linked_title(s)
        lines.append(f"• {title}（{html.escape(s.date)}）" if lang != "en" else f"• {title} ({html.escape(s.date)})")
    if len(sources) > limit:
        lines.append(t.help_more_sources.format(n=len(sources)))
    lines += ["", html.escape(t.help_commands)]
    lines += ["", html.escape(t.help_usage.format(username=username or "bot"))]
    lines += ["", t.try_these]
    return "\n".join(lines)


def format_sources(sources: Sequence[Source], lang: str) -> str:
    """/sources: every source newest first, with date, linked title, publisher, notes marked.

    Long lists are split by `split_html` when sent; each source is one line, so no cut lands inside one.
    """
    t = texts(lang)
    ordered = sorted(sources, key=lambda s: s.date, reverse=True)
    lines = [f"<b>{html.escape(t.sources_title.format(n=len(ordered)))}</b>"]
    for s in ordered:
        parts = [f"• {html.escape(s.date)}", linked_title(s)]
        if s.publisher:
            parts.append(html.escape(s.publisher))
        if s.kind == "note":
            parts.append(f"<i>{html.escape(t.note_mark)}</i>")
        label = level_label(s, lang)
        if label:
            parts.append(html.escape(label))
        lines.append(parts[0] + " " + " · ".join(parts[1:]))
    return "\n".join(lines)


def _timeline_line(entry: TimelineEntry, lang: str) -> str:
    # No level label here: a milestone's line is the maintainer's own and says what it is about.
    text = html.escape(clip(entry.text_in(lang), TIMELINE_TEXT_LIMIT))
    title = replace(entry.source, title=clip(entry.source.title or entry.source.id, TIMELINE_TITLE_LIMIT))
    if safe_url(title.url) and len(title.url) > MAX_LINK_URL:
        title = replace(title, url="")  # a link this long could not share a page with others
    cite = linked_title(title) if lang == "en" else "《" + linked_title(title) + "》"
    return f"<b>{html.escape(entry.date)}</b> {text} — {cite}"


def timeline_pages(entries: Sequence[TimelineEntry], lang: str, per_page: int = TIMELINE_PER_PAGE) -> list[str]:
    """/timeline: the entries as HTML pages of at most `per_page` lines, each a valid message.

    A page also ends early when the next line would pass Telegram's limit, so a page never needs
    splitting (a page is edited in place when ◀ ▶ are pressed). The header says 'page/pages'.
    """
    t = texts(lang)
    if not entries:
        return [html.escape(t.timeline_empty)]
    # The header's room: "page/pages" with as many digits as there are entries.
    header_room = utf16_len(t.timeline_title) + 16 + 2 * len(str(len(entries)))
    groups: list[list[str]] = [[]]
    size = header_room
    for entry in entries:
        line = _timeline_line(entry, lang)
        if groups[-1] and (len(groups[-1]) >= per_page or size + utf16_len(line) + 1 > MAX_MESSAGE_LEN):
            groups.append([])
            size = header_room
        groups[-1].append(line)
        size += utf16_len(line) + 1
    total = len(groups)
    return [
        f"<b>{html.escape(t.timeline_title)}</b>" + (f" ({i}/{total})" if total > 1 else "") + "\n\n" + "\n".join(g)
        for i, g in enumerate(groups, 1)
    ]


def format_stats(stats: Stats, unanswered: Sequence[tuple[str, int, str]], lang: str) -> str:
    """/stats for admins: totals, answered share, votes, the most asked unanswered questions."""
    en = lang == "en"
    share = f"{stats.answered_share:.0%}"
    lines = [
        "<b>📊 Stats</b>" if en else "<b>📊 统计</b>",
        (f"Questions: {stats.questions} from {stats.users} users" if en else f"问题：{stats.questions}（{stats.users} 位用户）"),
        (f"Answered: {stats.answered} ({share})" if en else f"已回答：{stats.answered}（{share}）"),
        (f"Not answered: {stats.abstained} (out of scope: {stats.out_of_scope})" if en
         else f"未回答：{stats.abstained}（超出范围：{stats.out_of_scope}）"),
        f"👍 {stats.thumbs_up} · 👎 {stats.thumbs_down}",
    ]
    if unanswered:
        lines += ["", "Most asked, not answered:" if en else "未回答最多的问题："]
        for i, (question, count, last) in enumerate(unanswered, 1):
            lines.append(f"{i}. {html.escape(clip(question, 80))} ×{count}（{html.escape(last)}）")
    return "\n".join(lines)


def button_label(text: str, limit: int = BUTTON_LIMIT) -> str:
    """A question shortened to fit on a phone-width button."""
    return clip(text, limit) or "?"


def _squash(text: str) -> str:
    return re.sub(r"\W+", "", text)


# -- splitting -------------------------------------------------------------------------------

# Our markup only: tags, character references, and runs of other text.
_TOKEN = re.compile(r"<[^<>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|[^<&]+|[<&]")
_TAG = re.compile(r"<(/?)([a-zA-Z-]+)")
_TAGS = re.compile(r"<[^<>]*>")
# One user-perceived character, roughly: a code point with its combining marks, variation
# selectors, skin tones, and ZWJ-joined partners, so an emoji is never cut in half.
_GRAPHEME = re.compile(
    r"(?:\r\n|.)(?:[\u0300-\u036f\u200d\ufe0e\ufe0f\U0001F3FB-\U0001F3FF\U000E0020-\U000E007F]"
    r"|(?<=\u200d).)*",
    re.DOTALL,
)


def _closers(stack: Sequence[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(stack))


def _openers(stack: Sequence[tuple[str, str]]) -> str:
    return "".join(tag for _, tag in stack)


def _apply(stack: list[tuple[str, str]], token: str) -> list[tuple[str, str]]:
    m = _TAG.match(token)
    if not m or not token.startswith("<") or len(token) < 3:
        return stack
    closing, name = m.group(1), m.group(2).lower()
    if not closing:
        return [*stack, (name, token)]
    for i in range(len(stack) - 1, -1, -1):
        if stack[i][0] == name:
            return stack[:i] + stack[i + 1 :]
    return stack


def _pieces(line: str) -> list[str]:
    """`line` as unsplittable pieces: whole tags, whole entities, single graphemes."""
    out: list[str] = []
    for tok in _TOKEN.findall(line):
        if tok.startswith("<") and len(tok) > 1 or tok.startswith("&") and len(tok) > 1:
            out.append(tok)
        else:
            out.extend(_GRAPHEME.findall(tok))
    return out


def split_html(text: str, limit: int = MAX_MESSAGE_LEN) -> list[str]:
    """Split xbbot's HTML into messages of at most `limit` UTF-16 units, each valid on its own.

    Cuts at line ends when it can; a single over-long line is cut between pieces (never inside
    a tag, an entity or an emoji). Tags open at a cut are closed before it and reopened after.
    The source length is counted, which is never less than the text Telegram counts.
    """
    chunks: list[str] = []
    stack: list[tuple[str, str]] = []
    cur: list[str] = []
    cur_len = 0
    has_text = False

    def flush() -> None:
        nonlocal cur, cur_len, has_text
        if has_text:
            chunks.append("".join(cur) + _closers(stack))
        opener = _openers(stack)
        cur, cur_len, has_text = [opener], utf16_len(opener), False

    def add(piece: str, after: list[tuple[str, str]]) -> None:
        nonlocal cur_len, has_text, stack
        cur.append(piece)
        cur_len += utf16_len(piece)
        has_text = has_text or bool(_TAGS.sub("", piece).strip())
        stack = after

    def fits(piece: str, after: list[tuple[str, str]]) -> bool:
        return cur_len + utf16_len(piece) + utf16_len(_closers(after)) <= limit

    for line in text.splitlines(keepends=True):
        after = stack
        for tok in _TOKEN.findall(line):
            after = _apply(after, tok)
        if fits(line, after):
            add(line, after)
            continue
        if has_text:
            flush()
            if fits(line, after):
                add(line, after)
                continue
        for piece in _pieces(line):
            after = _apply(stack, piece)
            if not fits(piece, after) and has_text:
                flush()
            add(piece, after)
    if has_text:
        chunks.append("".join(cur) + _closers(stack))
    return [c.strip("\n") for c in chunks]
