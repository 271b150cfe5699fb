"""The YAML word lists (xbbot.wordlists): the shipped synonyms and glossary, a knowledge base's glossary."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest

from xbbot.errors import KnowledgeError
from xbbot.query import load_glossary
from xbbot.wordlists import load_groups, load_mapping, shipped


def _write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "words.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_groups_and_mapping_are_read_in_file_order(tmp_path: Path) -> None:
    groups = _write(tmp_path, "# comment\n- [老师, 教师]\n- [农民, 农户, 种植户]\n")
    assert load_groups(groups) == [("老师", "教师"), ("农民", "农户", "种植户")]
    mapping = _write(tmp_path, "fund: [资金]\nteacher: 教师\nnothing:\n")
    assert load_mapping(mapping) == {"fund": ("资金",), "teacher": ("教师",), "nothing": ()}
    assert load_groups(_write(tmp_path, "")) == [] and load_mapping(_write(tmp_path, "# none yet\n")) == {}


def test_the_shipped_lists_load() -> None:
    assert ("老师", "教师") in load_groups(shipped("synonyms.yaml"))
    assert load_mapping(shipped("glossary.yaml"))["fund"] == ("资金",)


@pytest.mark.parametrize(
    ("loader", "text", "message", "line"),
    [
        (load_groups, "- [老师, 教师\n- [农民, 农户]\n", "invalid YAML", 2),
        (load_mapping, "fund: [资金]\n  teacher: 教师\n", "invalid YAML", 2),
        (load_groups, "老师: 教师\n", "must be a YAML list of word groups", 1),
        (load_mapping, "- [老师, 教师]\n", "must be a YAML mapping of a word to its words", 1),
        (load_groups, "- [老师, 教师]\n- {a: b}\n", "each group must be a word or a list of words", 2),
        (load_mapping, "fund: [资金]\nteacher: [[教师]]\n", "the value of 'teacher' must be a word or a list of words", 2),
        (load_mapping, "fund: [资金]\nteacher: 教师\nfund: [经费]\n", "'fund' is a key twice", 3),
        (load_mapping, "fund: [资金]\n[a, b]: 教师\n", "each key must be a word", 2),
        (load_mapping, b"fund: [\xd7\xca\xbd\xf0]\n", "not UTF-8 text", None),
    ],
    ids=["groups-syntax", "mapping-syntax", "groups-not-a-list", "mapping-not-a-mapping", "group-not-words",
         "value-not-words", "duplicate-key", "key-not-a-word", "not-utf8"],
)
def test_a_broken_file_names_itself_and_the_line(
    tmp_path: Path, loader: Callable[[Path], Any], text: str | bytes, message: str, line: int | None) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(KnowledgeError) as err:
        loader(path)
    assert err.value.path == path and err.value.line == line
    assert message in str(err.value) and str(path) in str(err.value)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="cannot read file") as err:
        load_mapping(tmp_path / "gone.yaml")
    assert err.value.path == tmp_path / "gone.yaml"


def test_a_knowledge_base_glossary_adds_to_the_shipped_one(tmp_path: Path) -> None:
    extra = _write(tmp_path, "Cold Chain : [冷链]\nfund: [资金, 经费]\n")
    glossary = load_glossary(extra)
    assert glossary["cold chain"] == ("冷链",), "keys are lower-cased and trimmed"
    assert glossary["fund"] == ("资金", "经费"), "the knowledge base's entry wins"
    assert glossary["teacher"] == load_glossary()["teacher"]
    assert load_glossary(tmp_path / "absent.yaml") == load_glossary()


def test_a_broken_knowledge_base_glossary_is_a_knowledge_error(tmp_path: Path) -> None:
    extra = _write(tmp_path, "fund: [资金\n")
    with pytest.raises(KnowledgeError, match="invalid YAML") as err:
        load_glossary(extra)
    assert err.value.path == extra
