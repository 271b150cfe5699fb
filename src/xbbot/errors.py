"""Every error xbbot raises on purpose. The CLI turns these into one-line messages."""

from __future__ import annotations

from pathlib import Path


class XbbotError(Exception):
    """Base class: a problem the user can fix, described in one line."""


class ConfigError(XbbotError):
    """The configuration file or an XBBOT_* variable is invalid."""


class KnowledgeError(XbbotError):
    """A knowledge file is malformed; names the file and, where known, the line."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else str(self.path)
        super().__init__(f"{where}: {message}")


class UnverifiedFactsError(XbbotError):
    """Facts cite figures that their source article does not contain."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        head = f"{len(problems)} fact figure(s) not found in their source article"
        super().__init__(head + ":\n  " + "\n  ".join(problems))


class IngestError(XbbotError):
    """An input page could not be turned into an article."""


class DuplicateArticleError(IngestError):
    """The article being added is already in the knowledge base."""

    def __init__(self, new: str, existing_id: str) -> None:
        self.existing_id = existing_id
        super().__init__(f"{new}: duplicate of existing article {existing_id!r}, not added")


class EncoderError(XbbotError):
    """The configured encoder could not be loaded or used."""


class IndexError_(XbbotError):
    """Base for index problems (named with a trailing underscore to not shadow the builtin)."""


class IndexMissingError(IndexError_):
    """There is no usable index at the configured location."""


class IndexMismatchError(IndexError_):
    """The index was built with another model, or is out of date with the knowledge base."""


class IndexCorruptError(IndexError_):
    """A file of an index build is missing, truncated or altered (its checksum does not match)."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}; the index build is damaged, rebuild it with: xbbot index")


class BotConfigError(XbbotError):
    """The Telegram side is misconfigured (token, server URL, webhook)."""


class StoreError(XbbotError):
    """The shared state database cannot be opened or has an unusable schema."""


class StoreUnavailable(StoreError):
    """The state database did not answer (down, unreachable, locked): retrying later may work."""
