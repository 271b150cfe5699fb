"""The shipped knowledge base: its source notes, milestones and province-level marking.

Structural checks read knowledge/ as shipped; the retrieval checks ask the real encoder and
real FAISS (the session `retriever` of conftest.py, built in a tmp dir) paraphrased questions
that are not among the facts' own question variants, and accept the right source in the top 3.
"""

from __future__ import annotations

import re

import pytest

from xbbot.knowledge import Knowledge, load_knowledge
from xbbot.models import Article, Milestone
from xbbot.retriever import Retriever

from conftest import KNOWLEDGE

FIRST_YEAR, LAST_YEAR = 2016, 2025


@pytest.fixture(scope="module")
def kb() -> Knowledge:
    return load_knowledge(KNOWLEDGE)


def _notes(kb: Knowledge) -> list[Article]:
    return [a for a in kb.articles.values() if a.kind == "note"]


def _milestones(kb: Knowledge) -> list[Milestone]:
    from_sources = [a.milestone for a in kb.articles.values() if a.milestone is not None]
    return from_sources + [f.milestone for f in kb.facts if f.milestone is not None]


def _first_paragraph(body: str) -> str:
    return body.strip().split("\n\n", 1)[0]


def test_enough_notes_over_enough_years(kb: Knowledge) -> None:
    notes = _notes(kb)
    assert len(notes) >= 8
    years = {n.date.year for n in notes}
    assert len(years) >= 5, years
    assert all(FIRST_YEAR <= y <= LAST_YEAR for y in years), years


def test_every_note_cites_its_original_report(kb: Knowledge) -> None:
    for note in _notes(kb):
        assert re.match(r"https?://[^\s/]+\.[^\s/]+/", note.source_url), note.id
        assert note.publisher.strip() and note.title.strip(), note.id
        # A note's id starts with its report's date, so files sort by date.
        assert note.id.startswith(note.date.strftime("%Y%m%d")), note.id


def test_note_bodies_are_summaries_not_reprints(kb: Knowledge) -> None:
    for note in _notes(kb):
        length = len(re.sub(r"\s", "", note.body))
        assert 200 <= length <= 700, (note.id, length)


def test_every_note_has_a_fact(kb: Knowledge) -> None:
    cited = {f.source for f in kb.facts}
    assert [n.id for n in _notes(kb) if n.id not in cited] == []


def test_province_level_is_marked_and_said(kb: Knowledge) -> None:
    province = {a.id for a in kb.articles.values() if a.level == "province"}
    assert len({kb.articles[i].date.year for i in province}) >= 2
    for article_id in province:
        # The note itself says its figures are the two provinces', not the city pair's.
        assert "省级" in _first_paragraph(kb.articles[article_id].body), article_id
    facts = [f for f in kb.facts if f.source in province]
    assert facts
    for f in facts:
        assert "省级" in f.answer, f.id
        assert f.answer_en is not None and "province-level" in f.answer_en.lower(), f.id


def test_only_province_sources_speak_of_province_level(kb: Knowledge) -> None:
    for f in kb.facts:
        if kb.articles[f.source].level != "province":
            assert "省级" not in f.answer, f.id


def test_milestones_span_the_cooperation(kb: Knowledge) -> None:
    milestones = _milestones(kb)
    assert len(milestones) >= 8
    years = sorted({m.key[0] for m in milestones})
    assert years[0] == FIRST_YEAR and all(FIRST_YEAR <= y <= LAST_YEAR for y in years), years
    assert len(years) >= 6, years
    for m in milestones:
        assert m.text.strip() and m.text_en and m.text_en.strip(), m


def test_milestones_are_no_later_than_their_source(kb: Knowledge) -> None:
    dated = [(a.milestone, a.date) for a in kb.articles.values() if a.milestone is not None]
    dated += [(f.milestone, kb.articles[f.source].date) for f in kb.facts if f.milestone is not None]
    for milestone, published in dated:
        assert milestone.key[:1] <= (published.year,), milestone
        if milestone.key[1]:
            assert milestone.key[:2] <= (published.year, published.month), milestone


# -- retrieval: a paraphrase per topic finds its note among the top 3 hits -------------------

TOPICS = [
    ("徐州和宝鸡2021年签的五年协作框架有什么内容", "20211111-xubao-14th-fyp-agreement"),
    ("Which framework agreement guides Xuzhou and Baoji until 2025?", "20211111-xubao-14th-fyp-agreement"),
    ("扶风县委书记去邳州开会谈了些什么", "20240717-pizhou-fufeng"),
    ("Pizhou Fufeng joint meeting", "20240717-pizhou-fufeng"),
    ("千阳县和新沂市的协作资金有多少", "20180608-xinyi-qianyang"),
    ("2025年新沂千阳联席会议有哪些领导参加", "20250626-xinyi-qianyang-2025"),
    ("陇县和铜山区2024年签了帮扶协议吗", "20240619-tongshan-longxian-2024"),
    ("江苏2021年向陕西投入的苏陕协作财政资金有多少", "20220217-sushan-2021-figures"),
    ("How much fiscal aid did Jiangsu give Shaanxi in 2021?", "20220217-sushan-2021-figures"),
    ("2024年省级苏陕协作资金一共支持了几个项目", "20250110-sushan-2024-funds"),
    ("宝鸡政府代表团2022年来徐州考察了哪些地方", "20220811-baoji-delegation-xuzhou"),
    ("2019年8月徐宝两市在宝鸡开的联席会议", "20190816-xubao-joint-meeting-2019"),
]


@pytest.mark.parametrize(("question", "source_id"), TOPICS)
def test_topic_question_finds_its_note(retriever: Retriever, question: str, source_id: str) -> None:
    hits = retriever.search(question, k=3)
    assert source_id in [h.source.id for h in hits], [(h.source.id, h.text[:40]) for h in hits]
