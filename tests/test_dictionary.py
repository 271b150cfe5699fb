"""xbbot.dictionary: whether a passage holds an English question's words in Chinese."""

from __future__ import annotations

import pytest

from xbbot.dictionary import chinese_for, found_in, sense_key, spelled_in


@pytest.mark.parametrize(("sense", "key"), [("to embroider", "embroider"), ("Sichuan pepper", "sichuan pepper"),
                                            ("(TV, radio) to broadcast live", "broadcast live"),
                                            ("CL:個|个[ge4]", None), ("surname Li", None),
                                            ("a very long explanation of a word", None)])
def test_senses_become_keys(sense: str, key: str | None) -> None:
    assert sense_key(sense) == key


def test_words_are_looked_up_with_their_endings() -> None:
    assert "刺绣" in chinese_for("embroidery")
    assert "村民" in chinese_for("villagers")  # villager + s
    assert "花椒" in chinese_for("sichuan pepper")
    assert chinese_for("zzqx") == frozenset()


@pytest.mark.parametrize(("name", "text", "found"), [("Qinggangping", "走进青杠坪村花椒加工车间", True),
                                                     ("Tongao", "桐坳村的高山茶基地", True),
                                                     ("Qinggangping", "走进青杠村花椒加工车间", False),
                                                     ("Li", "理县", False)])  # too short to be told apart
def test_a_name_is_found_by_its_pinyin(name: str, text: str, found: bool) -> None:
    assert spelled_in(name, text) is found


def test_a_passage_vouches_only_for_the_words_it_holds() -> None:
    words = ("how", "many", "villagers", "work", "at", "the", "sichuan", "pepper", "workshop")
    assert {"villagers", "sichuan", "pepper"} <= found_in(words, "花椒加工车间吸纳64名村民就业")
    assert "weather" not in found_in(("the", "weather", "tomorrow"), "花椒加工车间吸纳64名村民就业")


def test_a_name_written_in_two_words_is_found_whole() -> None:
    # The surname alone (Mo) is too short to tell apart; with the given name it spells 莫云川.
    words = ("how", "many", "jobs", "did", "mo", "yunchuan", "find")
    assert {"mo", "yunchuan"} <= found_in(words, "莫云川，某市驻外务工服务站站长，全年帮助480人就业")
    assert "mo" not in found_in(words, "某市驻外务工服务站全年帮助480人就业")
