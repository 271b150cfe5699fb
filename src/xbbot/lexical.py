"""The Chinese lexical index: BM25 (bm25s) over character unigrams + bigrams and Latin words.

Character n-grams need no word segmenter and are robust to the segmentation ambiguity of
short colloquial questions; numbers stay whole tokens so 1.845亿 never matches 845.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Sequence

import bm25s
import numpy as np
import Stemmer

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"(?P<num>\d+(?:\.\d+)?(?:万亿|亿|万|千|百)?)|(?P<word>[a-z][a-z0-9'-]*)|(?P<cjk>[{_CJK}]+)")

# English function words carry no topic; dropping them keeps BM25 from matching on "the".
EN_STOPWORDS = frozenset(
    "a an and are as at be by did do does for from has have how i in is it its many much of on or "
    "so that the their there this to was were what when where which who whom why will with you your "
    "me my we our can could would should about tell please".split()
)


# Bump when tokenize() changes: an index built with other tokens no longer matches queries.
TOKENIZER_VERSION = 2
_STEMMER = Stemmer.Stemmer("english")


def stem(word: str) -> str:
    """The Snowball stem of a lower-case English word, as the index stores it."""
    return _STEMMER.stemWord(word)


def tokenize(text: str) -> list[str]:
    """Tokens of already-normalised text: CJK unigrams and bigrams, numbers, English word stems
    (Snowball: industries and industry meet as industri)."""
    tokens: list[str] = []
    for m in _TOKEN.finditer(text):
        if m.group("num"):
            num = m.group("num")
            tokens.append(num)
            digits = num.rstrip("万亿千百")
            if digits != num:
                tokens.append(digits)
        elif m.group("word"):
            if m.group("word") not in EN_STOPWORDS:
                tokens.append(_STEMMER.stemWord(m.group("word")))
        else:
            run = m.group("cjk")
            tokens.extend(run)
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    return tokens


class LexicalIndex:
    """BM25 scores of every document for a query, from a saved bm25s index."""

    def __init__(self, model: bm25s.BM25, n_docs: int) -> None:
        self._model = model
        self._vocab: dict[str, int] = model.vocab_dict
        self.n_docs = n_docs

    @classmethod
    def build(cls, texts: Sequence[str]) -> "LexicalIndex":
        corpus = [tokenize(t) or [""] for t in texts]
        model = bm25s.BM25()
        model.index(corpus, show_progress=False)
        return cls(model, len(texts))

    def save(self, directory: Path) -> None:
        self._model.save(str(directory), show_progress=False)
        (directory / "xbbot_lexical.json").write_text(json.dumps({"n_docs": self.n_docs}), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> "LexicalIndex":
        model = bm25s.BM25.load(str(directory), show_progress=False, verbosity=0)
        meta = json.loads((directory / "xbbot_lexical.json").read_text(encoding="utf-8"))
        return cls(model, int(meta["n_docs"]))

    @property
    def vocabulary(self) -> dict[str, int]:
        """Every token of the corpus (→ its column)."""
        return self._vocab

    def known(self, tokens: Sequence[str]) -> list[str]:
        """The tokens that occur somewhere in the corpus."""
        return [t for t in tokens if t in self._vocab and t != ""]

    def scores(self, tokens: Sequence[str]) -> np.ndarray:
        """BM25 score of every document (zeros when no token is known)."""
        known = self.known(tokens)
        if not known:
            return np.zeros(self.n_docs, dtype=np.float32)
        return np.asarray(self._model.get_scores(known), dtype=np.float32)
