"""Split articles into passages at Chinese sentence boundaries, under their section headings.

A data table (rows of cells joined by ｜ as the page readers keep it, or a Markdown table a
maintainer wrote, one row a line) is read row by row with its header: each row becomes one
sentence naming its columns (项目名称：…，协作资金：1480万元，受益户数：623户。), so a row is never
shown or searched without what its figures are, and passages pack rows like sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from xbbot.models import Article
from xbbot.pages.tables import CELL_JOIN, MARKDOWN_RULE
from xbbot.textnorm import THAT_YEAR_WORDS, YEAR_WORDS, named_years, next_years

# A sentence ends at 。！？； (or ASCII !?;), plus any closing quotes or brackets that follow.
# An ASCII full stop ends one only before whitespace or the end, so 1.845 is never cut. A line
# break left in a paragraph ends one too (`paragraphs` keeps only those of lines that stand alone).
_END_MARKS = "。！？；!?;"
_CLOSERS = r"[”’」』》）)\"']*"
_SENTENCE_END = re.compile(rf"(?:[{_END_MARKS}]|\.(?=\s|$)){_CLOSERS}|\n")
_ENDS_SENTENCE = re.compile(rf"(?:[{_END_MARKS}]|\.){_CLOSERS}$")
# A line that stands alone though it ends in no full stop: a labelled line (联系人：某某), an item of
# a list (1. …, （一）…, ● …), a broadcast's tagged line (【同期声】某某 村民), or a short one (a signature).
_STANDS_ALONE = re.compile(r"^(?:[^：:，。]{1,10}[：:]|\d{1,2}\s*[.、．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|[●■◆▲•·\-*]|【[^】]{1,8}】\s*\S)")
_WRAPPED_MIN = 16
HEADING = re.compile(r"^#{1,6}\s+(.*\S)\s*$")
# A social-media post's section marker (▍01 从撂荒地到菌菇棚), and a broadcast script's part alone on
# its line (【导语】, 【正文】, 【记者】): headings too, not passages that answer nothing.
# (Also an official document's numbered section title alone on its line — 二、会议地点 — whose
# lines below give what it names.)
_MARKED_HEADING = re.compile(r"^[▍▌▎]\s*(?:\d{1,2}\s*)?(\S.{0,29})$|^【([^】]{1,6})】$"
                             r"|^[一二三四五六七八九十]{1,3}、\s*([^\s，,。；;：:！？!?]{2,12})$"
                             # (…and a document's appendix, 附件 or 附件2：数据口径: what follows is not the
                             # section before it.)
                             r"|^(附件\s*\d{0,2}(?:[：:]\s*[^\s。；;]{1,20})?)$"
                             # (…and a line that is bold and nothing else, ending no sentence: a diary's
                             # **8月26日　星期一　晴**, a broadcast's **3．技工班学员结业**.)
                             r"|^\*\*([^*\n]{2,40}?(?<![。！？!?；;，,]))\*\*$")
_SECTION_START = re.compile(r"^[一二三四五六七八九十]{1,3}、")
# A paragraph ending mid-sentence (a post's short lines: 2021年，泓屿市投入协作资金620万元，): the next
# paragraph goes on with it.
_GOES_ON = re.compile(r"[，、：,:]\s*$")
# A record on one line, fields of label：value split by ； (产品名：…；规格：…；价格：…): one sentence.
_RECORD_FIELD = re.compile(r"(?:^|[；;])\s*(?:\d{1,2}\s*[.、．]\s*)?[^：:；;，。]{1,8}[：:]")


@dataclass(frozen=True)
class Passage:
    """A run of whole sentences from one paragraph of one article, or a table's header row with a
    run of its rows (one a line; `paragraph` is then the header row's)."""

    id: str
    article_id: str
    heading: str
    text: str
    paragraph: int
    # The interviewer's question it answers (also at the end of `heading`), or "".
    asked: str = ""


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of one paragraph, each with its end mark; no character is dropped or added. A
    line that is a record of three or more labelled fields is one sentence, its ； no end."""
    sentences: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(paragraph):
        if m.group(0) in ("；", ";", "."):
            line_start, line_end = _line_span(paragraph, m.start())
            if m.group(0) != "." and len(_RECORD_FIELD.findall(paragraph[line_start:line_end])) >= 3:
                continue  # a line of labelled fields (a product list's item)
            if m.group(0) == "." and paragraph[line_start : m.start()].strip().isdigit():
                continue  # 1. 产品名：… — the number of a list's item
        piece = paragraph[start : m.end()].strip()
        if piece:
            sentences.append(piece)
        start = m.end()
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _line_span(paragraph: str, at: int) -> tuple[int, int]:
    """Start and end of the line of `paragraph` that position `at` is on."""
    end = paragraph.find("\n", at)
    return paragraph.rfind("\n", 0, at) + 1, end if end >= 0 else len(paragraph)


_CELL_SEP = re.compile(rf"\s*[{CELL_JOIN}|]\s*")


def table_cells(line: str) -> list[str] | None:
    """The cells of a table row (joined by ｜, or by | as in a Markdown table, outer bars
    optional), or None for a line that is no row."""
    cells = _CELL_SEP.split(line.strip())
    if line.strip().startswith(("|", CELL_JOIN)):
        cells = cells[1:]
    if cells and line.strip().endswith(("|", CELL_JOIN)):
        cells = cells[:-1]
    return cells if len(cells) >= 2 and sum(1 for c in cells if c) >= 2 else None


def is_table_row(line: str) -> bool:
    """A line of a data table: two cells or more joined by ｜ (as the page readers keep it) or |."""
    return table_cells(line) is not None


# A column that only numbers the rows (a row's 合计 in it is kept).
_NUMBERING = frozenset({"序号", "编号", "序", "No.", "No", "#"})
# A header's unit: 协作资金（万元）; or the measure word of a count: 受益户数 → 户.
_UNIT = re.compile(r"[（(]([^（）()]{1,4})[）)]$")
_COUNT_OF = re.compile(r"([户人个家所名项条台套座])数$")
_PLAIN_FIGURE = re.compile(r"[\d.,]+")


# The header of a form of two columns, a field's name and its value (项目｜内容).
_FIELD_COLUMNS = frozenset({"项目", "内容", "事项", "指标", "数值", "名称", "类别", "栏目", "情况", "信息", "数据", "说明",
                            "要素", "值", "基本情况", "具体内容", "主要内容"})


def labelled_row(header: list[str], row: list[str]) -> str:
    """A table row read as one sentence with its header's names and units (项目名称：X，协作资金：
    1480万元，受益户数：623户。); a form's row of a field and its value as that field (挂职期限：
    2018年7月至2020年7月。), not 项目：挂职期限，内容：…"""
    if len(header) == 2 and len(row) == 2 and set(header) <= _FIELD_COLUMNS and all(row):
        return f"{row[0]}：{row[1]}。"
    parts: list[str] = []
    for i, cell in enumerate(row):
        name = header[i] if i < len(header) else ""
        if not cell or (name in _NUMBERING and _PLAIN_FIGURE.fullmatch(cell)):
            continue
        if name in _NUMBERING:
            name = ""  # 合计 in the numbering column
        unit = ""
        if m := _UNIT.search(name):
            name, unit = name[: m.start()], m.group(1)
        elif c := _COUNT_OF.search(name):
            unit = c.group(1)
        if unit and _PLAIN_FIGURE.fullmatch(cell):
            cell += unit
        parts.append(f"{name}：{cell}" if name else cell)
    return "，".join(parts) + "。"


def _row_lines(lines: list[str]) -> set[int]:
    """Which lines of one block are table rows: those next to another row (one row alone is text)."""
    rows = [is_table_row(ln) and not HEADING.match(ln) for ln in lines]
    return {
        i for i, row in enumerate(rows)
        if row and ((i > 0 and rows[i - 1]) or (i + 1 < len(rows) and rows[i + 1]))
    }


def paragraphs(body: str) -> list[tuple[str, str]]:
    """(heading, paragraph) pairs of a Markdown body; headings themselves are not paragraphs, and
    each row of a table written on consecutive lines is a paragraph of its own."""
    heading = ""
    numbered = False  # the heading is a numbered section's title (二、会议地点)
    out: list[tuple[str, str]] = []
    for block in re.split(r"\n\s*\n", body):
        # (The rule under a Markdown header row, |---|---|, is no line of the text.)
        lines = [ln for ln in (raw.strip() for raw in block.strip().splitlines()) if ln and not MARKDOWN_RULE.match(ln)]
        rows = _row_lines(lines)
        text_lines: list[str] = []
        for i, line in enumerate(lines):
            m = HEADING.match(line) or _MARKED_HEADING.match(line)
            if m or i in rows:
                if text_lines:
                    out.append((heading, "".join(text_lines)))
                    text_lines = []
                if m:
                    heading = next(g for g in m.groups() if g)
                    numbered = m.re is _MARKED_HEADING and m.group(3) is not None
                else:
                    out.append((heading, line))
            else:
                if numbered and _SECTION_START.match(line):
                    # 三、抓项目进度。… after 二、会议地点: a numbered section of text, not under that title.
                    if text_lines:
                        out.append((heading, "".join(text_lines)))
                        text_lines = []
                    heading, numbered = "", False
                text_lines.append(line)
        if text_lines:
            out.append((heading, _join_lines(text_lines)))
    return _join_going_on(out)


def _join_going_on(paras: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Paragraphs with each one that ends mid-sentence joined to the next (same heading, no table
    row), and a bare figure read with the caption that follows it (a post's 数说 strip: 👷2841人 /
    2022年帮助…就业 → 2022年帮助…就业：👷2841人), as a table row is read with its header."""
    out: list[tuple[str, str]] = []
    for heading, para in paras:
        last = out[-1][1] if out and out[-1][0] == heading else None
        if last is not None and _GOES_ON.search(last) and not is_table_row(last) and not is_table_row(para):
            out[-1] = (heading, last + ("\n" if "\n" in para else "") + para)
        elif last is not None and _BARE_FIGURE.fullmatch(last) and _CAPTION.fullmatch(para):
            out[-1] = (heading, f"{para}：{last}")
        else:
            out.append((heading, para))
    return out


# A figure alone on its line, maybe after a symbol (💰2.36亿元, 👷2841人), and a short caption with
# no figure of its own to follow it.
_BARE_FIGURE = re.compile(r"[^\w\s]{0,3}\s*\d[\d.,]*\s*(?:万亿|亿|万|千)?[\u4e00-\u9fff%％]{0,3}")
_CAPTION = re.compile(r"[^。！？!?：:\n]{4,40}(?<![，,、；;])")


def _join_lines(lines: list[str]) -> str:
    """One paragraph of consecutive lines. Chinese prose wrapped over lines joins without a space;
    lines that each stand alone (监督电话：… / 联系人：… / 地址：…, a signature over its date) keep
    their breaks, so 联系人 is not read as the end of a telephone number."""
    # (Wrapped prose: its lines are long or it ends in a full stop; a signature block is short
    # lines ending in a date.)
    wrapped = not any(_STANDS_ALONE.match(ln) or _ENDS_SENTENCE.search(ln) for ln in lines[:-1]) and (
        all(len(ln) >= _WRAPPED_MIN for ln in lines[:-1]) or _ENDS_SENTENCE.search(lines[-1]) is not None)
    return "".join(lines) if wrapped else "\n".join(lines)


def _table_runs(paras: list[tuple[str, str]]) -> dict[int, int]:
    """Tables among the paragraphs: start index → end index (exclusive) of each run of two or more
    table rows under one heading. The run's first row is its header."""
    runs: dict[int, int] = {}
    i = 0
    while i < len(paras):
        j = i
        # (A row is one line: a script's shot, **镜头1** 航拍｜6秒 over lines of 画面：… 旁白：…, is
        # a paragraph of its own however its first line looks.)
        while j < len(paras) and paras[j][0] == paras[i][0] and "\n" not in paras[j][1] and is_table_row(paras[j][1]):
            j += 1
        if j - i >= 2:
            runs[i] = j
        i = max(j, i + 1)
    return runs


def _table_chunks(header: str, rows: list[str], max_chars: int) -> list[str]:
    """The rows read with the header (`labelled_row`), as many as fit in `max_chars` a passage (at
    least one), one row a line, none repeated. A header of figures is no header: it is a row too."""
    names = table_cells(header) or [header]
    if any(_PLAIN_FIGURE.fullmatch(n) for n in names):
        names, rows = [], [header, *rows]
    read = [labelled_row(names, table_cells(r) or [r]) if names else "｜".join(table_cells(r) or [r]) for r in rows]
    chunks: list[str] = []
    i = 0
    while i < len(read):
        size, j = 0, i
        while j < len(read) and (j == i or size + 1 + len(read[j]) <= max_chars):
            size += 1 + len(read[j])
            j += 1
        chunks.append("\n".join(read[i:j]))
        i = j
    return chunks


def ends_sentence(text: str) -> bool:
    """Whether `text` ends in a full stop (closing quotes after it allowed), not mid-line like a headline."""
    return _ENDS_SENTENCE.search(text.rstrip()) is not None


_ENDS_ASKING = re.compile(r"[？?]\s*(?:\*\*)?\s*$")


def ends_asking(text: str) -> bool:
    """Whether `text` ends in a question mark (bold markers after it allowed): a passage heading
    that does is the interviewer's question its passages answer (`chunk_article`)."""
    return _ENDS_ASKING.search(text) is not None


def _is_question(paragraph: str) -> bool:
    """A short paragraph that only asks (an interviewer's or a reporter's question)."""
    return len(paragraph) <= 80 and ends_asking(paragraph) and len(split_sentences(paragraph)) <= 2


def chunk_article(article: Article, max_chars: int = 160, overlap: int = 1) -> list[Passage]:
    """Greedy packing of whole sentences into passages of at most `max_chars` (a longer single
    sentence stays whole); consecutive passages share `overlap` sentences so that a figure and
    the sentence that explains it are found together. A table's rows are packed under its header
    row instead (see the module doc)."""
    passages: list[Passage] = []

    def add(heading: str, text: str, p_no: int, answering: str = "") -> None:
        passages.append(Passage(f"{article.id}#{len(passages)}", article.id, heading, text, p_no, answering))

    paras = paragraphs(article.body)
    tables = _table_runs(paras)
    asked = ""  # an interviewer's question, the context of the answer that follows it
    p_no = 0
    while p_no < len(paras):
        heading, para = paras[p_no]
        answering = asked
        if asked:
            heading, asked = f"{heading} {asked}".strip(), ""
        elif _is_question(para) and p_no + 1 < len(paras) and p_no not in tables and p_no + 1 not in tables \
                and paras[p_no + 1][0] == heading:
            # 记者：为什么选肉牛？ then 何某：… — an interview's question is what its answer is about:
            # indexed with the answer's passages, not as a passage that answers nothing.
            asked = para
            p_no += 1
            continue
        if p_no in tables:
            end = tables[p_no]
            for text in _table_chunks(para, [row for _, row in paras[p_no + 1 : end]], max_chars):
                add(heading, text, p_no)
            p_no = end
            continue
        sentences = split_sentences(para)
        i = 0
        while i < len(sentences):
            j, size = i, 0
            while j < len(sentences) and (j == i or size + len(sentences[j]) <= max_chars):
                size += len(sentences[j])
                j += 1
            if j < len(sentences) and _is_item_title(sentences[j - 1]):
                # An item's title line (（七）某某纺织有限公司（海安市）) names what the lines under it
                # are about: it starts a passage and never ends one alone.
                j = j - 1 if j - 1 > i else j + 1
            add(heading, _join_sentences(sentences[i:j]), p_no, answering)
            if j >= len(sentences):
                break
            i = j if _is_item_title(sentences[j]) else max(i + 1, j - overlap)
        p_no += 1
    return passages


_ITEM_TITLE_MAX = 40


def _is_item_title(sentence: str) -> bool:
    """A short line of its own that ends no sentence and labels no field: a list item's title."""
    bare = _BRACKETED.sub("", sentence)  # （城固县，就近就业岗位） is still the title's
    return len(sentence) <= _ITEM_TITLE_MAX and not ends_sentence(sentence) and not any(c in bare for c in "：:，,")


_BRACKETED = re.compile(r"[（(][^（()）]*[）)]")


def _join_sentences(sentences: list[str]) -> str:
    """Sentences of one paragraph back as text: a line that ended without a full stop keeps its break."""
    return "".join(s if k + 1 == len(sentences) or _ENDS_SENTENCE.search(s) else s + "\n" for k, s in enumerate(sentences))


@dataclass(frozen=True)
class PassageTime:
    """When a passage's figures belong: the years it names or implies, and the year its
    这一年 / 当年 point back to (the one the text last named before them)."""

    years: tuple[int, ...]
    that_year: int | None


def passage_times(article: Article, passages: list[Passage]) -> list[PassageTime]:
    """The time of each passage of `article`, read in order like a reader would.

    Explicit years count first (2021年); 今年/去年 count as the article's year (or the one
    before); 这一年 counts as the year last named above it — in the passage, its heading, an
    earlier paragraph or the headline. A passage naming no time at all belongs to the year its
    heading or headline names, else to the article's own year.
    """
    title_years = named_years(article.title)
    last = title_years[-1] if title_years else None
    out: list[PassageTime] = []
    for p in passages:
        # (三、明年打算: a heading's 明年 dates what is under it.)
        heading_years = named_years(p.heading) or sorted(_relative_years(p.heading, article.told_date.year))
        before = heading_years[-1] if heading_years else last
        years = set(named_years(p.text))
        rel = _relative_years(p.text, article.told_date.year)
        years |= rel
        told = _year_told(before, article.told_date)
        if _COMPARED_FIGURE.search(p.text):
            # 比上年的2.41亿元增长7.1% gives last year's figure too: the year before the one told of.
            years |= {told - 1} | (set() if years else {told})
        # 2017年7月…第二年…次年: the years after the one named last, in order.
        nexts, running = next_years(p.text, before)
        years |= {y for y in nexts if y}
        own = named_years(p.text)
        that_year = before
        m = _THAT_YEAR.search(p.text)
        if m:
            inside = named_years(p.text[: m.start()])
            that_year = inside[-1] if inside else before
            years.add(that_year or article.told_date.year)
        if own and _UNTIL_NOW.search(p.text):
            years.add(article.date.year)  # 2016年至今: up to the article's own year
        if not years:
            years.update(heading_years or title_years or [told])
        out.append(PassageTime(tuple(sorted(years)), that_year))
        if running:
            last = running
    return out


def _year_told(last_named: int | None, published: date) -> int:
    """The year a passage naming none tells of: its article's — unless the article came out early
    in the year after the one its text last named (a review of 2024 published in January 2025)."""
    if last_named == published.year - 1 and published.month <= _REVIEW_MONTHS:
        return last_named
    return published.year


# Reviews of a year come out in its first months after it.
_REVIEW_MONTHS = 3
_UNTIL_NOW = re.compile("至今|以来|到现在|截至目前")
# A comparison that states the earlier figure (比上年的2.41亿元), not only the growth (比上年增长).
_COMPARED_FIGURE = re.compile(r"(?:比|较)(?:上年|去年|上一年)(?:同期)?的?\s*(?:\d|[一二两三四五六七八九十])")
# The relative-time words the search text resolves (textnorm), read here for a passage's years.
_THAT_YEAR = re.compile("|".join(THAT_YEAR_WORDS))
_REL_YEAR = re.compile("|".join(YEAR_WORDS))


def _relative_years(text: str, year: int) -> set[int]:
    # 比上年增长, 已经超过去年全年 compare with last year; they give no figure of last year.
    return {
        year + YEAR_WORDS[m.group(0)]
        for m in _REL_YEAR.finditer(text)
        if text[max(0, m.start() - 1) : m.start()] not in ("比", "较", "同", "于", "过", "出")
    }
