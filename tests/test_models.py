"""models: what an Answer says about itself (whether a follow-up may refer to its question)."""

from __future__ import annotations

import pytest

from xbbot.models import Answer, recall


@pytest.mark.parametrize(
    ("answered", "reason", "keeps"),
    [(True, "", True), (False, "not_answered", True), (False, "year_unavailable", True),
     (False, "out_of_scope", False), (False, "low_confidence", False), (False, "empty", False), (False, "", False)],
)
def test_a_question_declined_for_lacking_what_was_asked_stays_the_context(answered: bool, reason: str,
                                                                            keeps: bool) -> None:
    # 方立新在枫岭县担任什么职务 declined (no title in the source): 他 in the next message is still 方立新.
    ans = Answer(question="方立新在枫岭县担任什么职务", answered=answered, text="", confidence=0.5, reason=reason)
    assert ans.keeps_context is keeps


@pytest.mark.parametrize(("named", "memory"), [("", "挂职副县长是谁"), ("严启帆", "挂职副县长是谁 〔严启帆〕")])
def test_a_conversation_remembers_the_person_an_answer_named(named: str, memory: str) -> None:
    # 他 in the next message is the person the answer named, whom the question did not.
    ans = Answer(question="挂职副县长是谁", answered=True, text="", confidence=0.9, named=named)
    assert ans.memory == memory
    assert recall(ans.memory) == ("挂职副县长是谁", named)
    assert recall("〔不是名字〕的问题") == ("〔不是名字〕的问题", "")
