"""timeline: entries from the index's milestones in date order, plain-text lines, the span of years."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PAIR_ARTICLE, PAIR_NOTE, HashEncoder, write_pair_knowledge
from xbbot.config import load_settings
from xbbot.models import Source
from xbbot.retriever import Retriever
from xbbot.timeline import TimelineEntry, asks_for_course, render_lines, timeline_entries, year_span

SOURCES = {
    "a": {"title": "扬州榆林结对", "date": "2017-04-05", "url": "http://example.com/a", "publisher": "扬州日报"},
    "n": {"title": "协议签署", "date": "2021-03-10", "url": "http://example.com/n", "kind": "note", "level": "province"},
}


def test_entries_are_in_date_order_and_cite_their_source() -> None:
    stored = [
        {"date": "2021", "text": "签署协议", "text_en": None, "source": "n"},
        {"date": "2017-04-05", "text": "结对", "text_en": "Paired", "source": "a"},
        {"date": "2017", "text": "当年启动", "source": "a"},
        {"date": "2021-03", "text": "三月会议", "source": "gone"},  # a source the index lacks: cited by id
    ]
    entries = timeline_entries(stored, SOURCES)
    assert [e.date for e in entries] == ["2017", "2017-04-05", "2021", "2021-03"]
    assert entries[1].source == Source("a", "扬州榆林结对", "2017-04-05", "http://example.com/a", "扬州日报")
    assert (entries[2].source.kind, entries[2].source.level) == ("note", "province")
    assert entries[3].source == Source("gone", "", "", "")


def test_render_lines_in_both_languages() -> None:
    entries = timeline_entries(
        [{"date": "2017-04", "text": "两市结对", "text_en": "The cities paired up", "source": "a"},
         {"date": "2021", "text": "签署协议", "source": "n"}],
        SOURCES,
    )
    assert render_lines(entries) == [
        "2017-04     两市结对 — 《扬州榆林结对》 http://example.com/a",
        "2021        签署协议 — 《协议签署》 http://example.com/n",
    ]
    # Without text_en a milestone stays Chinese rather than vanish.
    assert render_lines(entries, "en") == [
        "2017-04     The cities paired up — 扬州榆林结对 http://example.com/a",
        "2021        签署协议 — 协议签署 http://example.com/n",
    ]


@pytest.mark.parametrize(
    ("dates", "span"),
    [(["2019-08-16"], "2019"), (["2021-03", "2016", "2019-08-16"], "2016–2021"), ([], ""), (["", "n/a"], "")],
)
def test_year_span(dates: list[str], span: str) -> None:
    assert year_span(dates) == span


def test_retriever_timeline_comes_from_the_index(tmp_path: Path) -> None:
    kb = write_pair_knowledge(tmp_path / "knowledge")
    settings = load_settings(env={}, knowledge_dir=kb, index_dir=tmp_path / "index",
                             feedback_db=tmp_path / "feedback.sqlite3")
    retriever = Retriever.load(settings=settings, encoder=HashEncoder())
    entries = retriever.timeline()
    assert [(e.date, e.source.id) for e in entries] == [
        ("2017-04", PAIR_ARTICLE), ("2018", PAIR_ARTICLE), ("2021-03-10", PAIR_NOTE),
    ]
    assert entries[2] == TimelineEntry(
        "2021-03-10", "两市签署“十四五”协作框架协议", "The two cities signed a framework agreement for 2021–2025",
        Source(PAIR_NOTE, "扬州榆林签署“十四五”协作框架协议", "2021-03-10", "http://example.com/yangyu-2021.html",
               "榆林日报", "note", None),
    )
    # The knowledge directory is not needed once the index is built.
    (kb / "facts.yaml").unlink()
    again = Retriever.load(settings=settings, encoder=HashEncoder(), check_fresh=False)
    assert again.timeline() == entries


@pytest.mark.parametrize(
    ("question", "course"),
    [
        ("这几年扬州和榆林的协作有什么变化？", True),
        ("两市协作现在怎么样了", True),
        ("How has the cooperation changed over the years?", True),
        ("Show me the timeline", True),
        ("扬州给了榆林多少帮扶资金？", False),
        ("How many officials were exchanged?", False),
    ],
)
def test_asks_for_course(question: str, course: bool) -> None:
    assert asks_for_course(question) is course
