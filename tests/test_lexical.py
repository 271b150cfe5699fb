from pathlib import Path

from xbbot.lexical import LexicalIndex, tokenize
from xbbot.textnorm import normalize


def test_tokens_are_cjk_ngrams_whole_numbers_and_english_words() -> None:
    tokens = tokenize(normalize("累计资金1.845亿元 How many schools"))
    assert {"累", "累计", "计资", "资金"} <= set(tokens)
    assert "1.845亿" in tokens and "1.845" in tokens
    assert "845" not in tokens and "1" not in tokens
    assert "school" in tokens and "how" not in tokens and "many" not in tokens  # stems, no stopwords
    assert tokenize("industries") == tokenize("industry")


def test_bm25_ranks_and_survives_save_load(tmp_path: Path) -> None:
    docs = ["徐州社会各界捐款273.9万元", "累计落实帮扶资金1.845亿元", "72所学校与徐州学校结对"]
    index = LexicalIndex.build([normalize(d) for d in docs])
    index.save(tmp_path)
    loaded = LexicalIndex.load(tmp_path)
    scores = loaded.scores(tokenize(normalize("帮扶资金有多少")))
    assert scores.argmax() == 1
    assert loaded.scores(tokenize("完全无关的话")).max() == 0.0
    assert loaded.scores([]).shape == (3,) and loaded.scores([]).max() == 0.0
