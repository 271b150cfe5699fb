"""From ranked hits to what xbbot says: the sentence that answers, its source, related questions."""

from __future__ import annotations

import re
from typing import Literal, Sequence

from xbbot.chunking import split_sentences
from xbbot.lexical import tokenize
from xbbot.models import Answer, Hit, Source
from xbbot.textnorm import normalize

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"\d")

# What kind of thing the question wants, and a pattern for text that contains one.
_WANTS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "number": (
        re.compile(r"多少|几[个名所批项人次万亿年]|多大|多高|多长|数量|规模|金额|总额|how (many|much)|number of|amount"),
        re.compile(r"\d"),
    ),
    "date": (
        re.compile(r"什么时候|何时|哪一?年|几年|哪天|哪一天|日期|\bwhen\b|what year|which year|since when"),
        re.compile(r"\d{4}年|\d+月|\d{4}-\d{2}"),
    ),
    "place": (
        re.compile(r"哪里|哪儿|在哪|哪个县|哪些县|哪个园|哪些园|\bwhere\b|which count|which park"),
        re.compile(r"[县市区园镇村省]"),
    ),
    # A running total (一共, 到现在, in total) rather than one year's figure.
    "total": (
        re.compile(r"总共|一共|累计|合计|总计|拢共|加起来|到现在|至今|这几年|这些年|近年|前前后后|\d{4}年?(?:到|至)\d{4}"
                   r"|in total|altogether|so far|to date|since \d{4}|over the years"),
        re.compile(r"累计|至今|3年来|近年来|这几年|这些年|\d{4}年至"),
    ),
    # Asks who someone is (是谁 at the end, 记者叫什么, 哪位), not who did something (谁办的) or
    # what a thing is called (招聘会叫什么): those answers are organisations and names of things.
    "person": (
        re.compile(
            r"是谁[啊呀呢吗?？!！。\s]*$|谁[啊呀]?[?？]?$|(?:记者|作者|书记|市长|县长|主任|领导|负责人|干部|老师|医生)"
            r"\S{0,3}叫(?:什么|啥)(?:名字)?|哪位|什么人|\bwho (?:is|was|are)\b|\bwho's\b|\bwho wrote\b"
        ),
        re.compile(r"书记|市长|主任|记者|作者|局长|县长|常委|[\u4e00-\u9fff]{2,3}表示|reporter|mayor|\bwei ning\b|\bzeng\b", re.I),
    ),
}


def language(text: str) -> Literal["zh", "en"]:
    """'en' for questions written in Latin letters without Chinese characters, else 'zh'."""
    return "en" if _LATIN.search(text) and not _CJK.search(text) else "zh"


def wanted_kinds(question: str) -> list[str]:
    """Which of number/date/place/person the question asks for."""
    q = normalize(question)
    return [kind for kind, (ask, _) in _WANTS.items() if ask.search(q)]


def has_kind(text: str, kind: str) -> bool:
    """Whether `text` contains a thing of `kind` (a figure, a date, a place, a person)."""
    return bool(_WANTS[kind][1].search(text))


def best_sentence(question: str, passage: str) -> str:
    """The sentence of `passage` that best answers `question`: the most shared query tokens,
    preferring one that holds the wanted kind of thing (a figure for 多少)."""
    sentences = split_sentences(passage)
    if len(sentences) <= 1:
        return passage
    q_tokens = {t for t in tokenize(normalize(question)) if len(t) > 1}
    kinds = wanted_kinds(question)

    def score(s: str) -> float:
        s_tokens = set(tokenize(normalize(s)))
        overlap = len(q_tokens & s_tokens)
        bonus = sum(0.5 for k in kinds if has_kind(s, k))
        return overlap + bonus

    return max(sentences, key=score)


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


def compose(
    question: str,
    hits: Sequence[Hit],
    confidence: float,
    threshold: float,
    answer_en: dict[str, str],
    reason: str = "low_confidence",
) -> Answer:
    """The Answer for `question`: the direct answer from the top hit when confident enough,
    else an abstention for `reason` ("greeting", "out_of_scope" or "low_confidence")."""
    lang = language(question)
    if not hits or confidence < threshold:
        return Answer(
            question=question,
            answered=False,
            text="",
            confidence=confidence,
            hits=list(hits),
            related=related_questions(hits, lang, question),
            reason=reason,
            lang=lang,
        )
    top = hits[0]
    if top.kind == "fact":
        text = answer_en.get(top.id) or top.text if lang == "en" else top.text
    else:
        text = best_sentence(question, top.text)
    return Answer(
        question=question,
        answered=True,
        text=text,
        confidence=confidence,
        hits=list(hits),
        related=related_questions(hits[1:], lang, question),
        lang=lang,
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
            if answer.related:
                lines.append("You could ask: " + " / ".join(answer.related))
        else:
            lines = ["抱歉，知识库中没有这个问题的答案（本机器人只回答徐州—宝鸡扶贫协作的相关问题）。"]
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
    if answer.related:
        lines.append(("Related: " if answer.lang == "en" else "相关问题：") + " / ".join(answer.related))
    return "\n".join(lines)
