"""Time adding one article to the shipped knowledge base and re-indexing, in process (issue 7: < 2 s).

    python benchmarks/bench_add.py

Copies `knowledge/` to a temporary directory, builds its index, writes one new two-paragraph
article and times the incremental rebuild (the encoder already loaded, as `/reindex` has it).
Prints the seconds and how many texts were embedded (the rest are reused by content hash).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from xbbot.config import load_settings
from xbbot.embedding import load_encoder
from xbbot.index import build_index
from xbbot.knowledge import load_knowledge

ROOT = Path(__file__).resolve().parents[1]
NEW_ARTICLE = """---
id: 20261201-bench-new
title: 汀溪雁峪协作新建冷链仓储中心
date: 2026-12-01
source_url: http://example.com/bench-new.html
publisher: 汀溪日报
---

11月28日，汀溪援建的雁峪县冷链仓储中心投入使用，总投资1280万元，库容4600吨。

中心由汀溪一家物流企业运营，吸纳当地村民37人就业。
"""


class CountingEncoder:
    """The encoder, counting the texts it embeds."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.texts = inner, 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def encode_document(self, texts: Sequence[str]) -> np.ndarray:
        self.texts += len(texts)
        return self.inner.encode_document(texts)

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        self.texts += len(texts)
        return self.inner.encode_query(texts)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        kb, index_dir = Path(tmp) / "knowledge", Path(tmp) / "index"
        shutil.copytree(ROOT / "knowledge", kb)
        encoder = load_encoder(load_settings(env={}, knowledge_dir=kb, index_dir=index_dir))
        build_index(load_knowledge(kb), encoder, index_dir)
        (kb / "articles" / "20261201-bench-new.md").write_text(NEW_ARTICLE, encoding="utf-8")
        counting = CountingEncoder(encoder)
        start = time.perf_counter()
        build_index(load_knowledge(kb), counting, index_dir)
        print(f"add one article and re-index: {time.perf_counter() - start:.2f} s in process, "
              f"{counting.texts} texts embedded")


if __name__ == "__main__":
    main()
