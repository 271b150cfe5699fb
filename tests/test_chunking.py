import re
from datetime import date

import pytest

from xbbot.chunking import chunk_article, paragraphs, split_sentences
from xbbot.knowledge import load_articles
from xbbot.models import Article

from conftest import KNOWLEDGE


@pytest.fixture(scope="module")
def article() -> Article:
    return load_articles(KNOWLEDGE)["20190816-xubao"]


def test_split_keeps_every_character_and_never_cuts_a_number() -> None:
    para = "累计落实帮扶资金1.845亿元,共实施80个项目。他说：“好！”真的吗?是的;还有3.5万人. 最后"
    sentences = split_sentences(para)
    assert "".join(sentences).replace(" ", "") == para.replace(" ", "")
    assert sentences[0] == "累计落实帮扶资金1.845亿元,共实施80个项目。"
    assert sentences[1] == "他说：“好！”"
    assert any("3.5万人." in s for s in sentences)


@pytest.mark.parametrize("max_chars", [40, 80, 160, 400])
def test_passages_are_whole_sentences_within_a_paragraph(article: Article, max_chars: int) -> None:
    paras = dict(enumerate(p for _, p in paragraphs(article.body)))
    passages = chunk_article(article, max_chars=max_chars, overlap=1)
    covered: dict[int, str] = {}
    for p in passages:
        para = paras[p.paragraph]
        assert p.text in para, "a passage never crosses a paragraph boundary"
        sentences = split_sentences(p.text)
        assert all(s in split_sentences(para) for s in sentences), "a passage is made of whole sentences"
        assert len(p.text) <= max_chars or len(sentences) == 1
        covered[p.paragraph] = covered.get(p.paragraph, "") + p.text
    for no, para in paras.items():
        assert all(s in covered[no] for s in split_sentences(para)), "no sentence is lost"


def test_every_figure_survives_whole(article: Article) -> None:
    passages = chunk_article(article)
    joined = "\n".join(p.text for p in passages)
    for figure in re.findall(r"\d+(?:\.\d+)?[万亿]?", article.body):
        assert figure in joined


def test_passages_carry_their_section_heading(article: Article) -> None:
    passages = chunk_article(article)
    funds = next(p for p in passages if "1.845亿元" in p.text)
    assert "3年扶贫协作" in funds.heading
    donations = next(p for p in passages if "273.9万元" in p.text)
    assert "汇集徐州力量" in donations.heading
    assert passages[0].heading == ""  # the lead comes before any heading


def test_wrapped_lines_join_and_headings_split_blocks() -> None:
    art = Article("x", "t", date(2020, 1, 1), "u", "p", None, "## 标题一\n第一段第一行\n接第一行。\n\n## 标题二\n第二段。")
    assert paragraphs(art.body) == [("标题一", "第一段第一行接第一行。"), ("标题二", "第二段。")]
