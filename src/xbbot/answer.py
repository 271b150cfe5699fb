"""From ranked hits to what xbbot says: the sentence that answers, its source, related questions."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal, Sequence

from xbbot.chunking import split_sentences
from xbbot.kinds import (
    COUNT,
    NO_PEOPLE,
    REQUIRED,
    People,
    answers_measure,
    holds,
    is_money,
    names_person_with_role,
    names_place_of_level,
    pays,
    sends_from,
    tells_event,
    tells_plan,
)
from xbbot.lexical import tokenize
from xbbot.models import Also, Answer, Fit, Hit, Source
from xbbot.query import Query, language
from xbbot.textnorm import YEAR_WORDS, named_years, normalize

_KIND_NAMES = {
    "zh": {"number": "数字", "date": "时间", "place": "地点", "person": "人名", "reason": "原因", "name": "名称",
           "origin": "籍贯", "which": "具体名称", "ordinal": "名次或序号",
           "url": "网址", "address": "地址", "award": "奖项", "phone": "电话", "title": "职务", "purpose": "用途", "superlative": "“最”的那一个",
           "duration": "时长", "speech": "讲话内容", "product": "种养或生产的东西", "period": "起止时间",
           "duty": "分管的工作", "career": "以前的经历", "later": "后来的职务"},
    "en": {"number": "a figure", "date": "a date", "place": "a place", "person": "a person", "reason": "a reason",
           "name": "a name", "origin": "where they come from", "which": "which ones", "ordinal": "a rank or an ordinal",
           "url": "a web address", "address": "a street address", "award": "an award", "phone": "a phone number",
           "title": "a post or title", "purpose": "what it is used for", "superlative": "which one is the most",
           "duration": "how long", "speech": "what was said", "product": "what is grown or made",
           "period": "from when to when", "duty": "what they are in charge of", "career": "what they did before",
           "later": "what they did after"},
}
_MEASURE_NAMES = {"钱": ("金额", "an amount of money"), "块": ("金额", "an amount of money"), "元": ("金额", "an amount of money"),
                  "价": ("价格", "a price"), "岁": ("年龄", "an age"),
                  "瓦": ("装机容量", "a capacity in watts"), "面积": ("面积", "an area"),
                  COUNT: ("数目", "a count")}


# 由于连日降雨，物流园推迟了开工: a sentence opening with its cause explains its own clause, which answers a
# why-question only when that clause is what is asked (its shared words say so, not the marker).
_OWN_CAUSE = re.compile(r"\s*由于")


def best_sentence(query: Query, passage: str, people: People = NO_PEOPLE, published: int | None = None) -> str:
    """The sentence of `passage` that best answers `query`: the most shared query tokens,
    preferring one that holds the wanted kind of thing (a figure for 多少) and the asked year.
    `people` are names the passage's article introduced as people (`kinds.people_named`);
    `published` is its article's year, which its 今年 and 去年 count from."""
    sentences = _sentences(passage)
    if len(sentences) <= 1:
        return passage
    # (A follow-up naming nothing of its own asks about its chain's words: 那2022年呢 after
    # 协作资金 asks about 协作资金. One with words of its own is about them.)
    words = query.topic() if query.previous is not None and not query.scope.known_nouns else query.text
    q_tokens = {t for t in tokenize(words) if len(t) > 1}
    # 鹤峰县拿到多少: of 来凤县获得…；鹤峰县获得…, the clause naming the asked county gives its figure.
    places = [e for e in query.entities if e in query.scope.known_places] if "number" in query.wants else []
    years = {str(y) for y in query.years}
    # 2019年有多少 of a 2020 report: its sentence of 去年, not the one of 今年 beside it.
    relative = [w for w, offset in YEAR_WORDS.items() if published is not None and str(published + offset) in years]
    # (Not when a place is asked: its clause may give the sum without the word for the money.)
    money = query.counted if query.counted and is_money(query.counted) and not places else None
    counts = query.counting

    def score(item: tuple[str, frozenset[str], str]) -> float:
        s, s_tokens, s_norm = item
        overlap = len(q_tokens & s_tokens)
        overlap += sum(3.0 for e in places if e in s_norm)
        if money and money in s_norm:
            overlap += 3.0  # 多少协作资金: the sentence of the funds, not of the sales next to it
        # A sentence without the asked kind of thing cannot answer, however many words it shares.
        # (Nor a why-question by a sentence giving no reason, or a what-for one by no use.)
        # (The checks read the normalised sentence: a traditional report's 隊長仲曉寧 names a 队长.)
        bonus = sum(10.0 if k in REQUIRED or k == "purpose" or k == "reason" and not _OWN_CAUSE.match(s) else 3.0
                    for k in query.wants if holds(s_norm, k, people, query.institutions, query.name_of))
        if query.measure and answers_measure(s_norm, query.measure, query.counted):
            bonus += 10.0
        if query.plan and tells_plan(s_norm):
            bonus += 10.0  # 成交目标是多少: 本场目标：成交额265万元, not last year's result after it
        if counts and counts.search(s_norm):
            bonus += 10.0  # 多少市民参加: 2.1万余名市民参与, not the county's 1760户 next to it
        # 琴湾派了多少干部到岑川: of 琴湾选派挂职干部36名；岑川选派58名干部到琴湾, the first. (A text
        # sending only the other way keeps its best sentence: `fit` finds it reversed.)
        bonus += sum(5.0 for sender, _ in query.sent if sends_from(s_norm, sender))
        if query.payment and pays(s_norm, query.payment):
            bonus += 10.0  # 稳岗补贴一个月给多少: of 交通补贴每人800元；稳岗补贴每人每月300元, the second
        if query.event and tells_event(s_norm, query.event):
            bonus += 10.0  # 最晚什么时候登记: the sentence dating the 登记, not the bus's days before it
        if query.place_level and names_place_of_level(s_norm, query.place_level):
            bonus += 10.0  # 哪个村: the sentence naming a village, not the one naming her company
        bonus += sum(1.0 for y in years if y in s) + sum(5.0 for q in query.quoted if q in s_norm)
        if relative and not any(y in s for y in years) and (said := [w for w in YEAR_WORDS if w in s_norm]) \
                and not any(w in relative for w in said):
            bonus -= 20.0  # (as wrong as another named year: `fit` finds a 今年 of 2020 no answer for 2019)
        # (As wrong as a sentence without the asked kind: `fit` finds its year mismatched.)
        if years and "number" in query.wants and not _RELATIVE_YEAR.search(s_norm) \
                and (named := {str(y) for y in named_years(s_norm)}) and not named & years:
            bonus -= 20.0  # 2019年安排了多少: of 2018年…1280万元；今年增至2230万元, not the 2018 clause
        if "person" in query.wants:
            # 队长是谁: the sentence naming the holder of that title, not any named person.
            bonus += sum(3.0 for r in query.roles if names_person_with_role(s_norm, r, people))
        return overlap + bonus

    best = max(range(len(sentences)), key=lambda i: score(sentences[i]))
    if "reason" in query.wants:
        return _reason_from(passage, sentences, best)
    return sentences[best][0]


# A reason quoted from its passage runs to at most this many characters (a passage's own size).
REASON_SPAN = 160
_CLAUSE_GOES_ON = re.compile(r"[；;]\s*$")  # (not chunking._GOES_ON: a paragraph's line)


def _open_quote(text: str) -> bool:
    return text.count("“") + text.count("「") > text.count("”") + text.count("」")


def _closes_quote(text: str) -> bool:
    return text.count("“") + text.count("「") < text.count("”") + text.count("」")


def goes_on(text: str) -> bool:
    """Whether `text` ends inside a sentence a reason goes on in: after a clause's ； or in an open quote."""
    return bool(_CLAUSE_GOES_ON.search(text)) or _open_quote(text)


def _reason_from(passage: str, sentences: tuple[tuple[str, frozenset[str], str], ...], best: int) -> str:
    """The best sentence for a why-question and the rest of what it says, up to REASON_SPAN: a
    reason goes on past a clause's ； (…很适合搬到西部；安置点的妇女走不远…) and a quote is whole, past
    its full stops (说：「…很多年。游客…进了农户的口袋。」)."""
    first = last = best
    text = sentences[best][0]
    while first > 0 and _closes_quote(text) and len(text) + len(sentences[first - 1][0]) <= REASON_SPAN:
        first -= 1
        text = sentences[first][0] + text
    while last + 1 < len(sentences) and goes_on(text) \
            and len(text) + len(sentences[last + 1][0]) <= REASON_SPAN:
        last += 1
        text += sentences[last][0]
    start = passage.find(sentences[first][0])
    end = passage.find(sentences[last][0], start)
    if first == last or start < 0 or end < 0:
        return sentences[best][0]
    return passage[start : end + len(sentences[last][0])]


# A sentence dating its figure by the article's year (今年增至…) may answer for any year it names.
_RELATIVE_YEAR = re.compile(r"今年|去年|本年|当年|上年|这一年|同年")


@lru_cache(maxsize=8192)
def _sentences(passage: str) -> tuple[tuple[str, frozenset[str], str], ...]:
    """A passage's sentences with their search tokens and normalised text: the same passages are
    candidates again and again."""
    units: list[str] = []
    for s in split_sentences(passage):
        if units and units[-1].rstrip().endswith(("？", "?")):
            # A report's own question (为什么要这样做？) is answered by what follows it: one unit.
            units[-1] += s
        else:
            units.append(s)
    return tuple((s, frozenset(tokenize(n)), n) for s in units for n in [normalize(s)])


def related_questions(hits: Sequence[Hit], lang: Literal["zh", "en"], exclude: str, limit: int = 3) -> list[str]:
    """Questions of the facts among the hits (in the asker's language), for buttons."""
    seen = {normalize(exclude)}
    out: list[str] = []
    for hit in hits:
        if hit.kind != "fact" or not hit.questions:
            continue
        pick = next((q for q in hit.questions if language(q) == lang), hit.questions[0])
        if normalize(pick) not in seen:
            seen.add(normalize(pick))
            out.append(pick)
        if len(out) >= limit:
            break
    return out


def _why_not(query: Query, reason: str, fits: Sequence[Fit | None], years: Sequence[int]) -> str:
    """Why nothing was answered, in the asker's language, when there is more to say than "no"."""
    en = query.lang == "en"
    if reason == "year_unavailable":
        asked = "、".join(str(y) for y in query.years)
        have = ("、" if not en else ", ").join(str(y) for y in years)
        if en:
            return f"My sources have nothing for {', '.join(str(y) for y in query.years)}; they cover {have}."
        return f"知识库里没有{asked}年的资料；现有资料的年份：{have}。"
    fit = next((f for f in fits if f is not None), None)
    if reason != "not_answered" or fit is None:
        return ""
    if fit.year_ok is False and query.years:
        found = "、".join(str(y) for y in query.years)
        return f"The closest source is about another year than {found}." if en else f"找到的资料不是{found}年的。"
    if fit.reversed:
        a, b = fit.reversed
        return (f"The closest source is about people sent from {b} to {a}, not from {a} to {b}." if en
                else f"找到的资料说的是{b}派往{a}，不是{a}派往{b}。")
    # (A sentence about another ordinal — 第二批 for 第一批 — lacks the ordinal: say that, not 没有提到第1批.)
    entities = [e for e in fit.missing_entities if not ("ordinal" in fit.missing_kinds and e.startswith("第"))]
    if entities:
        what = "、".join(entities)
        return f"The closest source does not mention {what}." if en else f"找到的资料没有提到{what}。"
    names = _KIND_NAMES["en" if en else "zh"]
    lacking = [names[k] for k in fit.missing_kinds if k in names]
    if not fit.counted_ok and query.counted:
        lacking.append(f"“{query.counted}”的数字")  # counted: Chinese questions only
    elif not fit.measure_ok and query.measure:
        pair = _MEASURE_NAMES.get(query.measure)
        lacking.append(pair[1] if en and pair else pair[0] if pair else (f"a figure in {query.measure}" if en else f"以“{query.measure}”计的数字"))
    if not lacking:
        return ""
    if en:
        return f"The closest source does not give {' or '.join(lacking)} for this."
    return f"找到的资料里没有这个问题要的{('或'.join(lacking))}。"


def _others(query: Query, hits: Sequence[Hit], fits: Sequence[Fit | None], top: Hit) -> list[tuple[Hit, str]]:
    """Other sources' answers to the same question from other dates (another year's value of
    the same measure), for "mention the other"."""
    if query.years or not query.wants & {"number"}:
        return []
    out: list[tuple[Hit, str]] = []
    for hit, fit in zip(hits[1:], fits[1:]):
        if fit is None or not fit.ok or hit.source.date == top.source.date or hit.source.id == top.source.id:
            continue
        if top.score - hit.score > 0.15 or any(h.source.id == hit.source.id for h, _ in out):
            continue
        out.append((hit, fit.sentence))
        break
    return out


def report_answer(query: Query, hits: Sequence[Hit]) -> Answer | None:
    """Who reported the top hit's source and where, from its front matter; None when it names neither."""
    top = hits[0]
    src = top.source
    if not src.publisher and not src.author:
        return None
    if query.lang == "en":
        by = f" by {src.publisher}" if src.publisher else ""
        reporter = f" (reporter: {src.author})" if src.author else ""
        text = f"“{src.title}” was published{by} on {src.date}{reporter}."
    else:
        reporter = f"记者{src.author}" if src.author else ""
        text = f"《{src.title}》是{src.publisher}{reporter}的报道，发表于{src.date}。"
    if src.kind == "note":
        text += " (xbbot keeps a summary of it.)" if query.lang == "en" else "（知识库中保存的是它的摘要。）"
    return Answer(question=query.raw, answered=True, text=text, confidence=0.5, hits=list(hits), lang=query.lang,
                  about_report=True)


def compose(
    query: Query,
    hits: Sequence[Hit],
    fits: Sequence[Fit | None],
    confidence: float,
    threshold: float,
    reason: str = "low_confidence",
    years: Sequence[int] = (),
) -> Answer:
    """The Answer for `query`: the sentence (or fact) of the top hit that answers when confident
    enough, else an abstention for `reason` with a note saying why."""
    lang = query.lang
    if not hits or confidence < threshold:
        return Answer(
            question=query.raw,
            answered=False,
            text="",
            confidence=confidence,
            hits=list(hits),
            related=related_questions(hits, lang, query.raw),
            reason=reason,
            lang=lang,
            why=_why_not(query, reason, fits, years),
        )
    top = hits[0]
    fit = fits[0] if fits else None
    quote = fit.sentence if fit is not None else (top.text if top.kind == "fact" else best_sentence(query, top.text))
    text = quote
    if lang == "en" and language(text) != "en":
        # No English fact says it: the Chinese sentence as written, introduced in English.
        text = f"According to “{top.source.title}” ({top.source.date}): {text}"
    also = [
        Also(hit.source, sentence) for hit, sentence in _others(query, hits, fits, top)
    ]
    return Answer(
        question=query.raw,
        answered=True,
        text=text,
        confidence=confidence,
        hits=list(hits),
        related=related_questions(hits[1:], lang, query.raw),
        lang=lang,
        also=also,
        quote=quote,
    )


# Generic labels for figures that are not the city pair's own; knowledge/ marks a source's level.
LEVEL_LABELS: dict[str, dict[str, str]] = {
    "zh": {"province": "（省级数据）"},
    "en": {"province": "(province-level figure)"},
}


def level_label(source: Source | None, lang: str) -> str:
    """'（省级数据）' for an answer from a province-level source, else ''."""
    if source is None or source.level is None:
        return ""
    return LEVEL_LABELS["en" if lang == "en" else "zh"].get(source.level, "")


def dated_source_line(answer: Answer) -> str:
    """"来源：《title》（publisher，2019-08-16）url" — articles say 今年, so the reader must know when.

    A note cites the report it summarises: its title, publisher, date and URL are the report's.
    """
    src = answer.source
    if src is None:
        return ""
    if answer.lang == "en":
        when = f"{src.publisher}, {src.date}" if src.publisher else src.date
        return f"Source: {src.title} ({when}) {src.url}"
    when = f"{src.publisher}，{src.date}" if src.publisher else src.date
    return f"来源：《{src.title}》（{when}）{src.url}"


def render_text(answer: Answer) -> str:
    """The answer as plain text for a terminal."""
    if not answer.answered and answer.reason == "empty":
        return "请输入一个问题，例如：累计落实了多少帮扶资金？ (Please type a question.)"
    if not answer.answered and answer.reason == "greeting":
        if answer.lang == "en":
            return "Hello! Ask me about the Xuzhou–Baoji poverty-alleviation cooperation: funds, projects, parks, exchanges, donations."
        return "你好！我回答徐州—宝鸡扶贫协作的问题：帮扶资金、项目、产业园区、干部和教师交流、捐赠和成效。"
    if not answer.answered:
        if answer.lang == "en":
            lines = ["Sorry, the knowledge base does not cover that question."]
            if answer.why:
                lines.append(answer.why)
            if answer.related:
                lines.append("You could ask: " + " / ".join(answer.related))
        else:
            lines = ["抱歉，知识库中没有这个问题的答案（本机器人只回答徐州—宝鸡扶贫协作的相关问题）。"]
            if answer.why:
                lines.append(answer.why)
            if answer.related:
                lines.append("可以试试：" + " / ".join(answer.related))
        return "\n".join(lines)
    en = answer.lang == "en"
    label = level_label(answer.source, answer.lang)
    lines = [answer.text + (f" {label}" if label and en else label)]
    top = answer.hits[0]
    if top.kind == "passage" and top.text != answer.text:
        # A note's passage is the maintainer's summary of the report, not the report's own words.
        if top.source.kind == "note":
            lines.append(("Summary: " if en else "摘要：") + top.text)
        else:
            lines.append(("Excerpt: " if en else "原文：") + top.text)
    lines.append(dated_source_line(answer))
    for other in answer.also:
        if answer.lang == "en":
            lines.append(f"Also: “{other.source.title}” ({other.source.date}) says: {other.text}")
        else:
            lines.append(f"另：《{other.source.title}》（{other.source.date}）：{other.text}")
    if answer.related:
        lines.append(("Related: " if answer.lang == "en" else "相关问题：") + " / ".join(answer.related))
    return "\n".join(lines)
