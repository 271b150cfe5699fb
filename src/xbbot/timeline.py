"""The cooperation's course at a glance: milestones of the knowledge base in date order.

Milestones are written in knowledge/ (a `milestone:` on a fact, an article or a note) and stored
in the index by `index.milestones_of`, so the timeline needs no knowledge directory. Nothing
here knows what a milestone says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Literal, Mapping

from xbbot.models import Milestone, Source

# A question about the course of things over the years (not one figure): the timeline answers it better.
_COURSE = re.compile(
    r"变化|历程|进展|大事|时间线|时间轴|这几年|这些年|近几年|历年|怎么样了|发展得?怎么样"
    r"|timeline|milestones?|history|over the years|how (?:has|have|did) .* (?:changed?|develop|evolve)|progress",
    re.IGNORECASE,
)
# Wide enough for the longest date a milestone may have (YYYY-MM-DD), so the texts line up.
DATE_WIDTH = 10


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the timeline: when, what, and the report it rests on."""

    date: str
    text: str
    text_en: str | None
    source: Source

    def text_in(self, lang: str) -> str:
        """The English line when asked for English and written, else the Chinese one."""
        return self.text_en if lang == "en" and self.text_en else self.text

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date, "text": self.text, "text_en": self.text_en, "source": self.source.to_dict()}


def timeline_entries(
    milestones: Iterable[Mapping[str, Any]], sources: Mapping[str, Mapping[str, Any]]
) -> list[TimelineEntry]:
    """Entries from an index's stored milestones and citation data, in date order."""
    entries = [
        TimelineEntry(
            date=str(m["date"]),
            text=str(m["text"]),
            text_en=m.get("text_en"),
            source=Source.from_stored(str(m["source"]), sources.get(str(m["source"]), {})),
        )
        for m in milestones
    ]
    # The index stores them sorted already; sorting again (stable) keeps a hand-made list honest.
    return sorted(entries, key=lambda e: Milestone(e.date, e.text).key)


def render_lines(entries: Iterable[TimelineEntry], lang: Literal["zh", "en"] = "zh") -> list[str]:
    """Plain text, one entry a line: '2016        text — 《title》 url'."""
    lines: list[str] = []
    for e in entries:
        title = e.source.title or e.source.id
        cite = title if lang == "en" else f"《{title}》"
        lines.append(f"{e.date:<{DATE_WIDTH}}  {e.text_in(lang)} — {cite} {e.source.url}".rstrip())
    return lines


def asks_for_course(question: str) -> bool:
    """Whether `question` asks how things went over the years (「这几年有什么变化」)."""
    return bool(_COURSE.search(question))


def year_span(dates: Iterable[str]) -> str:
    """'2016–2025' for the years `dates` (YYYY…) cover, '2019' for one year, '' for none."""
    years = sorted({d[:4] for d in dates if d[:4].isdigit()})
    if not years:
        return ""
    return years[0] if years[0] == years[-1] else f"{years[0]}–{years[-1]}"
