"""Data tables inside an article: found as blocks of rows and kept in the body, one row a line.

Every reader hands a table to the line reader in one form, the Markdown pipe row (`| a | b |`):
trafilatura writes a <table> that way, the hand-written HTML reader writes a data table that way
(`html.py`), and a text page's rows of tab- or wide-space-separated cells are rewritten that way
before its lines are cleaned (`pipe_text_tables`). A block of such rows is a data table when it has
two or more rows, a figure in some cell and no cell that is site chrome or a labelled value; its
rows are then body lines with the cells joined by ｜ (header row kept), so their figures can be
found. Anything else — a lone row, a bar of links, labelled metadata set apart by spaces — is read
like any other line.
"""

from __future__ import annotations

import re
from typing import Literal

from xbbot.pages.chrome import chrome_reason
from xbbot.textnorm import to_simplified

__all__ = ["CELL_JOIN", "MARKDOWN_RULE", "TableLine", "pipe_row", "pipe_text_tables", "row_text", "table_lines"]

CELL_JOIN = "｜"
TableLine = Literal["row", "rule"]

_PIPE_ROW = re.compile(r"^\|(?P<cells>.*)\|$")
# The rule under a Markdown header row: |---|:---:|
MARKDOWN_RULE = re.compile(r"^\|?(?:\s*:?-{3,}:?\s*\|)+\s*(?::?-{3,}:?\s*)?$")
_DIGIT = re.compile(r"\d")
# A labelled value ("来源：潮河日报", "作者:张三") is metadata, not a cell; "10:30" and a date are cells.
_LABELLED = re.compile(r"[^\W\d_]\s*[:：]")
# Cells of a text page's row: set apart by a tab, an ideographic space or two spaces or more.
_TEXT_SEP = re.compile(r"[ \t\u3000\u00a0]*(?:\t|\u3000| {2})[ \t\u3000\u00a0]*")
# A text row's cells are short values, not sentences.
_CELL_MAX = 30
_SENTENCE_END = ("。", "！", "？", "!", "?", "；")
_MIN_ROWS = 2


def pipe_row(cells: list[str]) -> str:
    """The pipe-row form of a table row (the form every reader hands to the line reader)."""
    return "| " + " | ".join(c.replace("|", "｜") for c in cells) + " |"


def _cells(line: str) -> list[str] | None:
    m = _PIPE_ROW.match(line.strip())
    if not m:
        return None
    cells = [c.strip() for c in m.group("cells").split("|")]
    return cells if len(cells) >= 2 and any(cells) else None


def row_text(line: str) -> str:
    """A pipe row as a body line: its cells joined by ｜."""
    return CELL_JOIN.join(_cells(line) or [line])


def _is_data(rows: list[list[str]]) -> bool:
    """Rows (cells in simplified script) that make a data table: enough of them, a figure, no chrome."""
    if len(rows) < _MIN_ROWS or not any(_DIGIT.search(c) for r in rows for c in r):
        return False
    return not any(c and (chrome_reason(c) or _LABELLED.search(c)) for r in rows for c in r)


def table_lines(simp: list[str]) -> dict[int, TableLine]:
    """Which lines (simplified, cleaned) are rows or header rules of a data table, by index."""
    found: dict[int, TableLine] = {}
    i = 0
    while i < len(simp):
        j, rows = i, []
        while j < len(simp):
            cells = _cells(simp[j])
            if cells is None and not MARKDOWN_RULE.match(simp[j]):
                break
            if cells is not None:
                rows.append(cells)
            j += 1
        if j > i and _is_data(rows):
            found.update((k, "row" if _cells(simp[k]) is not None else "rule") for k in range(i, j))
        i = max(j, i + 1)
    return found


def _text_cells(line: str) -> list[str] | None:
    cells = _TEXT_SEP.split(line.strip())
    if len(cells) < 2 or any(not c or len(c) > _CELL_MAX or c.endswith(_SENTENCE_END) for c in cells):
        return None
    return cells


def pipe_text_tables(text: str) -> str:
    """A text page with its tables' rows (tab- or wide-space-separated cells) as pipe rows.

    A run of two or more lines with the same number of cells is a table when it holds data (see
    the module doc); every other line is left exactly as it was."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        first = _text_cells(lines[i])
        j = i + 1
        if first:
            while j < len(lines) and (cells := _text_cells(lines[j])) and len(cells) == len(first):
                j += 1
            rows = [_text_cells(line) or [] for line in lines[i:j]]
            if _is_data([[to_simplified(c) for c in r] for r in rows]):
                lines[i:j] = [pipe_row(r) for r in rows]
        i = j
    return "\n".join(lines)
