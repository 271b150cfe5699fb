"""Word lists kept as YAML (synonyms.yaml, glossary.yaml): one reader, one kind of error for a broken file.

xbbot ships both files (src/xbbot/data/) and a knowledge base may add a glossary of its own, so a
broken one must say which file and line is wrong, like any knowledge file (errors.KnowledgeError).
The two shapes: a list of groups of words that mean the same thing (`- [老师, 教师]`), and a
mapping of a word to the words used for it (`fund: [资金]`, or one word: `fund: 资金`).
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import yaml

from xbbot.errors import KnowledgeError

__all__ = ["load_groups", "load_mapping", "shipped"]

Source = Path | Traversable
_NULL = "tag:yaml.org,2002:null"


def shipped(name: str) -> Traversable:
    """A word list shipped with xbbot (src/xbbot/data/`name`)."""
    return files("xbbot").joinpath("data", name)


def _read(source: Source) -> yaml.Node | None:
    """The file's YAML node tree; unreadable text or bad YAML is a KnowledgeError naming the line."""
    path = Path(str(source))
    try:
        text = source.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise KnowledgeError(path, f"cannot read file: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise KnowledgeError(path, "not UTF-8 text; save the file as UTF-8") from None
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise KnowledgeError(path, f"invalid YAML: {problem}", mark.line + 1 if mark else None) from None


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _words(source: Source, node: yaml.Node, what: str) -> tuple[str, ...]:
    """A word or a list of words (an empty value is no word)."""
    if isinstance(node, yaml.ScalarNode):
        return () if node.tag == _NULL else (node.value,)
    if isinstance(node, yaml.SequenceNode) and all(isinstance(n, yaml.ScalarNode) for n in node.value):
        return tuple(n.value for n in node.value)
    raise KnowledgeError(Path(str(source)), f"{what} must be a word or a list of words", _line(node))


def load_groups(source: Source) -> list[tuple[str, ...]]:
    """A YAML list of word groups (`- [老师, 教师]`); an empty file has none."""
    root = _read(source)
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise KnowledgeError(Path(str(source)), "must be a YAML list of word groups, e.g. '- [老师, 教师]'", _line(root))
    return [_words(source, node, "each group") for node in root.value]


def load_mapping(source: Source) -> dict[str, tuple[str, ...]]:
    """A YAML mapping of a word to its words (`fund: [资金]`); an empty file has none."""
    root = _read(source)
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise KnowledgeError(Path(str(source)), "must be a YAML mapping of a word to its words, e.g. 'fund: [资金]'", _line(root))
    out: dict[str, tuple[str, ...]] = {}
    for key, value in root.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag == _NULL:
            raise KnowledgeError(Path(str(source)), "each key must be a word", _line(key))
        if key.value in out:
            # YAML would keep the last silently, and the first entry's words would be lost.
            raise KnowledgeError(Path(str(source)), f"{key.value!r} is a key twice; merge its words into one entry",
                                 _line(key))
        out[key.value] = _words(source, value, f"the value of {key.value!r}")
    return out
