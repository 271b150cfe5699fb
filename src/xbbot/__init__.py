"""xbbot: answers questions about the Xuzhou–Baoji poverty-alleviation cooperation, with sources."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("xbbot")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0+src"

from xbbot.errors import XbbotError
from xbbot.models import Answer, Hit, Source

__all__ = ["Answer", "Hit", "Retriever", "Source", "XbbotError", "__version__"]


def __getattr__(name: str) -> object:
    # The retriever pulls in FAISS and numpy; import it lazily so `import xbbot`
    # (and the CLI's --help) stays instant.
    if name == "Retriever":
        from xbbot.retriever import Retriever

        return Retriever
    raise AttributeError(name)
