"""The on-disk index: FAISS vectors, the BM25 twin, the document store and a manifest.

Layout of the index directory::

    CURRENT                 name of the build in use (replaced atomically)
    builds/<build>/
        manifest.json       read first: format, model id, dimension, counts, knowledge hashes,
                            and the sha256 and size of every other file of the build
        docs.json           the passage/fact store (text as written + search text + source),
                            citation data of every source, and the milestones for the timeline
        units.json          one row per FAISS vector: doc number, field, content hash
        vectors.npy         the same vectors, kept so the next build can reuse them
        declines.npy        vectors of the decline bank (declines.yaml), with their keys in units.json
        dense.faiss         inner product over unit-length vectors (= cosine)
        lexical/            bm25s index, one document per passage/fact

A build is written to a fresh directory and becomes live only when CURRENT is replaced, so a
failed or interrupted build never touches the index in use. Loading checks every file against
the manifest's checksums before FAISS or JSON parse it, so a damaged build is named, not crashed on.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib.resources import files
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

import faiss
import jieba.posseg as pseg
import numpy as np
import yaml

from xbbot import __version__
from xbbot.chunking import chunk_article, ends_sentence, passage_times
from xbbot.embedding import Encoder
from xbbot.errors import (
    IndexCorruptError,
    IndexError_,
    IndexMismatchError,
    IndexMissingError,
    UnverifiedFactsError,
)
from xbbot.knowledge import Knowledge, check_facts
from xbbot.kinds import is_dated_line
from xbbot.lexical import TOKENIZER_VERSION, LexicalIndex
from xbbot.models import Kind, Milestone
from xbbot.scope import corpus_places, generic_places, proper_nouns
from xbbot.textnorm import home_places, named_years, normalize, resolve_home, search_text

FORMAT = 1
CURRENT = "CURRENT"
BUILDS = "builds"
MANIFEST = "manifest.json"
# Files every build has; a manifest that does not vouch for all of them is not trusted.
BUILD_FILES = ("docs.json", "units.json", "vectors.npy", "declines.npy", "dense.faiss")
KEEP_BUILDS = 2
# Passage size and overlap chosen by scripts/tune_chunking.py (see README, "Quality").
CHUNK_MAX_CHARS = 100
CHUNK_OVERLAP = 1
# Bump when what a passage is indexed with changes (its context, time resolution).
PASSAGE_CONTEXT = 13
# A passage that refers back (中心去年8月建成，总投资890万元; 车间总投资960万元…) is indexed with the
# passage before it under the same heading, which names what it is about (`refers_back`); so is a
# document's date line shorter than this, under its signatures.
SHORT_PASSAGE = 40
EMBED_BATCH = 32
# Up to this many vectors exact search is a few milliseconds; past it, HNSW keeps a query
# under a millisecond at a small cost in recall (see benchmarks/README.md).
EXACT_SEARCH_MAX = 50_000
HNSW_NEIGHBOURS = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 256


@dataclass(frozen=True)
class Doc:
    """One retrievable item: a passage of an article or a fact."""

    id: str
    kind: Kind
    text: str
    article_id: str
    heading: str = ""
    questions: tuple[str, ...] = ()
    answer_en: str | None = None
    # Normalised text with relative time resolved: what BM25 sees.
    lexical_text: str = ""
    # The years its figures belong to (named, implied by 今年/这一年, or its article's).
    years: tuple[int, ...] = ()
    # What the dense index embeds for a passage: its text with the context it needs to be found.
    dense_text: str = ""

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Doc":
        return cls(**{**d, "questions": tuple(d.get("questions", ())), "years": tuple(d.get("years", ()))})


@dataclass(frozen=True)
class Unit:
    """One embedded text; a document has one or more (a fact: each question and its answer)."""

    doc: int
    field: str
    text: str

    def key(self, model_id: str) -> str:
        return hashlib.sha256(f"{model_id}\0{self.text}".encode()).hexdigest()[:32]


@dataclass
class BuildReport:
    """What a build did, for the maintainer."""

    build: str = ""
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    embedded: int = 0
    reused: int = 0
    docs: int = 0
    seconds: float = 0.0
    unverified: list[str] = field(default_factory=list)


_LABELLED = re.compile(r"^[^：:，,。]{1,8}[：:]")
# A transcript's speaker before a turn (**主持人：**, **某某：**, 答：).
_SPEAKER = re.compile(r"^\*\*[^*\n]{1,16}?[：:]\s*\*\*\s*|^(?:问|答|主持人|记者|嘉宾)[：:]\s*")
# Words that point back to what was named before them.
_POINTERS = ("他们", "她们", "他", "她", "它", "该", "这", "其", "此")  # (not 那: 那段时间 points back to no thing)


def refers_back(text: str, before: str) -> bool:
    """Whether `text` opens by pointing back to `before`: a pronoun (该中心, 他), or a bare noun that
    ends a name `before` gives (中心 after …甜樱桃分拣冷链中心, 工坊 after …羌绣工坊). A line naming its
    own subject (同年10月，某县医院建成…) does not, and stays apart from the line before."""
    speaker = _SPEAKER.match(text)
    if speaker:
        text = text[speaker.end() :]  # **某某：** 这座冷库…: a transcript's speaker, then what is said
    if text.startswith(_POINTERS):
        return True
    if _LABELLED.match(text):
        return False  # 企业名称：…, 项目名称：…: a record's label, in every record alike
    first = next((w for w in pseg.lcut(text[:12]) if w.word.strip()), None)
    # (A common noun: 苏州与铜仁… names its own subject, though 苏州 is in 姑苏技工学校's line too.)
    return first is not None and len(first.word) >= 2 and first.flag in ("n", "vn", "nt") \
        and re.search(rf"[\u4e00-\u9fff]{re.escape(first.word)}", before) is not None


def _asks_on(asked: str, before: str) -> bool:
    """Whether an interviewer's question asks on about what was said before it (这座冷库花了多少钱？)."""
    return bool(asked) and refers_back(normalize(asked), before)


def make_docs(kb: Knowledge) -> list[Doc]:
    """Passages of every article, then every fact, in a stable order.

    A passage is indexed with the context it needs to stand alone: its headline and section
    heading for BM25, and for both indexes its relative time resolved (今年 → 今年(2019年),
    这一年 under a 2024 headline → 这一年(2024年)) and its office's own place named (a county's
    letter: 我县 → 我县(美姑县)), and a passage that refers back with the one before it
    (`refers_back`). The text shown to users stays as written.
    """
    docs: list[Doc] = []
    for article in sorted(kb.articles.values(), key=lambda a: a.id):
        passages = chunk_article(article, CHUNK_MAX_CHARS, CHUNK_OVERLAP)
        home = home_places(article.publisher, article.author or "")
        previous: tuple[str, int, str] | None = None  # (heading, paragraph, text told) of the passage before
        for p, when in zip(passages, passage_times(article, passages)):
            resolved = resolve_home(search_text(p.text, article.told_date, when.that_year), home)
            heading = resolve_home(search_text(p.heading, article.told_date, when.that_year), home)
            # (An interview's answer is under its section's heading, its question added.)
            section = p.heading.removesuffix(p.asked).strip() if p.asked else p.heading
            told = resolved
            # (Not a line that ends in no full stop: a headline of its own (■ 某馆开馆), a diary's
            # date (3月12日 晴) or a caption starts something new rather than going on. A document's
            # date under its signatures does go on: it dates what they signed.)
            # (Only across paragraphs: a paragraph's passages share a sentence already.)
            if previous is not None and previous[0] == section and previous[1] != p.paragraph and (
                    ends_sentence(p.text) and (refers_back(normalize(p.text), previous[2]) or _asks_on(p.asked, previous[2]))
                    or len(p.text) < SHORT_PASSAGE and is_dated_line(p.text)):
                told = f"{previous[2]} {resolved}"
            # (中心日分拣能力… after 中心去年建成… still needs the line before that — up to a point.)
            previous = (section, p.paragraph, told if len(told) <= 2 * CHUNK_MAX_CHARS else resolved)
            lexical = f"{normalize(article.title)} {heading} {told}"
            docs.append(Doc(p.id, "passage", p.text, article.id, p.heading, lexical_text=lexical, years=when.years,
                            dense_text=f"{heading} {told}".strip()))
    for fact in kb.facts:
        lexical = normalize(" ".join([*fact.questions, fact.answer, fact.answer_en or ""]))
        years = tuple(sorted(set(named_years(fact.answer)))) or (fact.as_of.year,)
        docs.append(
            Doc(
                id=f"fact:{fact.id}",
                kind="fact",
                text=fact.answer,
                article_id=fact.source,
                questions=tuple(fact.questions),
                answer_en=fact.answer_en,
                lexical_text=lexical,
                years=years,
            )
        )
    return docs


def make_units(docs: Sequence[Doc], kb: Knowledge) -> list[Unit]:
    """The texts to embed. Facts are matched on each question variant as well as on the answer."""
    units: list[Unit] = []
    for i, d in enumerate(docs):
        if d.kind == "passage":
            units.append(Unit(i, "passage", d.dense_text))
        else:
            units.extend(Unit(i, "question", normalize(q)) for q in d.questions)
            units.append(Unit(i, "answer", normalize(d.text)))
            if d.answer_en:
                units.append(Unit(i, "answer_en", normalize(d.answer_en)))
    return units


def sources_of(kb: Knowledge) -> dict[str, dict[str, Any]]:
    """Citation data of every article and note, stored with the index so answers need no knowledge dir."""
    return {
        a.id: {"id": a.id, "title": a.title, "date": a.date.isoformat(), "url": a.source_url,
               "publisher": a.publisher, "kind": a.kind, "level": a.level, "author": a.author}
        for a in kb.articles.values()
    }


def milestones_of(kb: Knowledge) -> list[dict[str, Any]]:
    """Every milestone (of an article, a note or a fact) with the id of the source it cites, in date order."""
    marked: list[tuple[Milestone, str]] = [
        (a.milestone, a.id) for a in sorted(kb.articles.values(), key=lambda a: a.id) if a.milestone
    ]
    marked += [(f.milestone, f.source) for f in kb.facts if f.milestone]
    # Python's sort is stable: milestones of the same date keep the order above.
    marked.sort(key=lambda pair: pair[0].key)
    return [{**m.to_dict(), "source": source} for m, source in marked]


def knowledge_hashes(kb: Knowledge) -> dict[str, str]:
    """Content hash per article ("article:<id>") and fact ("fact:<id>")."""
    hashes = {f"article:{a}": kb.article_hash(a) for a in kb.articles}
    hashes.update({f"fact:{f.id}": kb.fact_hash(f.id) for f in kb.facts})
    if kb.declines:
        hashes["declines"] = kb.declines_hash()
    return hashes


@lru_cache(maxsize=1)
def builtin_declines() -> tuple[str, ...]:
    """xbbot's own bank of everyday off-topic questions (src/xbbot/data/declines.yaml)."""
    data = yaml.safe_load(files("xbbot").joinpath("data/declines.yaml").read_text(encoding="utf-8")) or []
    return tuple(str(q).strip() for q in data if str(q).strip())


# Bumped when questions to decline are encoded differently (2: with their places made generic).
DECLINE_FORM = 2


def _builtin_hash() -> str:
    return hashlib.sha256("\n".join([*builtin_declines(), f"form {DECLINE_FORM}"]).encode()).hexdigest()[:16]


# ---------------------------------------------------------------------------------------------
# Reading


def current_build(index_dir: Path) -> Path:
    """The live build directory, or IndexMissingError saying how to make one."""
    pointer = index_dir / CURRENT
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise IndexMissingError(f"no index in {index_dir}; build it with: xbbot index") from None
    build = index_dir / BUILDS / name
    if not name or not (build / "manifest.json").is_file():
        raise IndexMissingError(f"index in {index_dir} is incomplete (build {name!r} missing); rebuild with: xbbot index")
    return build


def read_manifest(index_dir: Path) -> dict[str, Any]:
    """The manifest of the live build (not yet checked against its files: see verify_build)."""
    build = current_build(index_dir)
    path = build / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexCorruptError(path, f"not valid JSON ({exc})") from None
    if not isinstance(manifest, dict):
        raise IndexCorruptError(path, "not a JSON object")
    if manifest.get("format") != FORMAT:
        raise IndexMismatchError(
            f"index in {index_dir} has format {manifest.get('format')}, this xbbot reads {FORMAT}; rebuild with: xbbot index"
        )
    lacking = [key for key in ("model_id", "dim", "counts", "knowledge") if key not in manifest]
    if lacking:
        raise IndexCorruptError(path, f"lacks {', '.join(lacking)}")
    manifest["_build_dir"] = str(build)
    return manifest


def build_id(manifest: dict[str, Any]) -> str:
    """The name of the build a manifest (from read_manifest) describes."""
    return Path(manifest["_build_dir"]).name


def _sha256(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def file_checksums(build: Path) -> dict[str, dict[str, Any]]:
    """sha256 and size of every file of a build but its manifest, by path relative to the build."""
    return {
        p.relative_to(build).as_posix(): {"sha256": _sha256(p), "size": p.stat().st_size}
        for p in sorted(build.rglob("*"))
        if p.is_file() and p != build / MANIFEST
    }


def verify_build(build: Path, manifest: dict[str, Any], names: Iterable[str] | None = None) -> None:
    """Check the files of `build` (or only `names`) against the manifest's checksums.

    Raises IndexCorruptError naming the first missing, truncated or altered file, and
    IndexMismatchError for a build made before manifests carried checksums.
    """
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        raise IndexMismatchError(
            f"index build {build} has no file checksums (made by an older xbbot); rebuild with: xbbot index"
        )
    unvouched = [name for name in BUILD_FILES if name not in files]
    if unvouched:
        raise IndexCorruptError(build / MANIFEST, f"has no checksum for {', '.join(unvouched)}")
    for rel in sorted(files) if names is None else names:
        expected = files.get(rel)
        path = build / rel
        # The manifest names files inside its own build only.
        if not isinstance(expected, dict) or Path(rel).is_absolute() or ".." in Path(rel).parts:
            raise IndexCorruptError(build / MANIFEST, f"bad checksum entry for {rel!r}")
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise IndexCorruptError(path, "missing") from None
        if size != expected.get("size"):
            raise IndexCorruptError(path, f"{size} bytes where the manifest records {expected.get('size')}")
        if _sha256(path) != expected.get("sha256"):
            raise IndexCorruptError(path, "contents do not match the manifest's checksum")


@contextmanager
def _parsing(path: Path) -> Iterator[None]:
    """A file that passed its checksum yet fails to parse (replaced meanwhile) is damaged too."""
    try:
        yield
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
        raise IndexCorruptError(path, f"unreadable ({type(exc).__name__}: {exc})") from exc


@dataclass
class LoadedIndex:
    """Everything a retriever needs, in memory."""

    manifest: dict[str, Any]
    docs: list[Doc]
    unit_doc: np.ndarray  # FAISS row → doc number
    unit_field: list[str]
    dense: faiss.Index
    lexical: LexicalIndex
    sources: dict[str, dict[str, Any]]
    # Unit-length vectors of questions to decline, (n, dim); n may be 0.
    declines: np.ndarray
    # {date, text, text_en, source} in date order (milestones_of); none in a build made before them.
    milestones: list[dict[str, Any]] = field(default_factory=list)


def load_index(index_dir: Path, model_id: str | None = None) -> LoadedIndex:
    """Load the live build; refuse one built with another model than `model_id`."""
    manifest = read_manifest(index_dir)
    if model_id is not None and manifest["model_id"] != model_id:
        raise IndexMismatchError(
            f"index in {index_dir} was built with {manifest['model_id']}, but the configured encoder is "
            f"{model_id}; rebuild with: xbbot index"
        )
    build = Path(manifest["_build_dir"])
    verify_build(build, manifest)
    with _parsing(build / "docs.json"):
        store = json.loads((build / "docs.json").read_text(encoding="utf-8"))
        docs = [Doc.from_dict(d) for d in store["docs"]]
        sources = dict(store["sources"])
    with _parsing(build / "units.json"):
        units = json.loads((build / "units.json").read_text(encoding="utf-8"))
        unit_doc = np.asarray(units["doc"], dtype=np.int64)
        unit_field = list(units["field"])
    with _parsing(build / "dense.faiss"):
        dense = faiss.read_index(str(build / "dense.faiss"))
    if hasattr(dense, "hnsw"):
        dense.hnsw.efSearch = HNSW_EF_SEARCH  # not always kept by write/read
    if dense.ntotal != len(unit_doc) or dense.d != manifest["dim"]:
        raise IndexMismatchError(f"index in {index_dir} is inconsistent (vectors vs units); rebuild with: xbbot index")
    with _parsing(build / "lexical"):
        lexical = LexicalIndex.load(build / "lexical")
    with _parsing(build / "declines.npy"):
        declines = np.load(build / "declines.npy")
    return LoadedIndex(
        manifest=manifest,
        docs=docs,
        unit_doc=unit_doc,
        unit_field=unit_field,
        dense=dense,
        lexical=lexical,
        sources=sources,
        declines=declines,
        milestones=list(store.get("milestones", [])),
    )


def stale_reason(manifest: dict[str, Any], kb: Knowledge) -> str | None:
    """Why the index no longer matches the knowledge base, or None when it does."""
    chunking = {"max_chars": CHUNK_MAX_CHARS, "overlap": CHUNK_OVERLAP, "context": PASSAGE_CONTEXT}
    if manifest.get("chunking") != chunking:
        return f"built with passages {manifest.get('chunking')}, this xbbot makes {chunking}"
    if manifest.get("builtin_declines") != _builtin_hash():
        return "built with another version of xbbot's own decline bank"
    if manifest.get("tokenizer") != TOKENIZER_VERSION:
        return f"built with lexical tokenizer {manifest.get('tokenizer')}, this xbbot uses {TOKENIZER_VERSION}"
    if manifest["knowledge"]["content_hash"] == kb.content_hash():
        return None
    old, new = manifest["knowledge"]["items"], knowledge_hashes(kb)
    added = sorted(set(new) - set(old))
    removed = sorted(set(old) - set(new))
    changed = sorted(k for k in set(old) & set(new) if old[k] != new[k])
    parts = [f"{len(x)} {label}" for x, label in ((added, "new"), (changed, "changed"), (removed, "removed")) if x]
    return ", ".join(parts) or "knowledge changed"


# ---------------------------------------------------------------------------------------------
# Building


def _previous_vectors(manifest: dict[str, Any] | None, model_id: str) -> dict[str, np.ndarray]:
    """Vectors of the live build (`manifest`) by content key, if it used the same model; else nothing."""
    if manifest is None or manifest.get("model_id") != model_id:
        return {}
    build = Path(manifest["_build_dir"])
    try:
        # Damaged vectors must not be carried into the next build.
        verify_build(build, manifest, ["units.json", "vectors.npy", "declines.npy"])
        units = json.loads((build / "units.json").read_text(encoding="utf-8"))
        vectors = np.load(build / "vectors.npy")
    except (IndexError_, OSError, ValueError, KeyError):
        return {}
    cache = {k: vectors[i] for i, k in enumerate(units["key"]) if i < len(vectors)}
    try:
        declines = np.load(build / "declines.npy")
    except (OSError, ValueError):
        return cache
    cache.update({k: declines[i] for i, k in enumerate(units.get("decline_keys", [])) if i < len(declines)})
    return cache


def _embed(
    encode: Callable[[Sequence[str]], np.ndarray], texts: list[str], dim: int, progress: Callable[[int], None] | None
) -> np.ndarray:
    out = []
    for start in range(0, len(texts), EMBED_BATCH):
        batch = texts[start : start + EMBED_BATCH]
        out.append(encode(batch))
        if progress:
            progress(len(batch))
    return np.concatenate(out) if out else np.zeros((0, dim), dtype=np.float32)


def build_index(
    kb: Knowledge,
    encoder: Encoder,
    index_dir: Path,
    *,
    allow_unverified: bool = False,
    progress_factory: Callable[[int], Any] | None = None,
) -> BuildReport:
    """Build (incrementally) and atomically switch to a new index for `kb`.

    Only texts whose vectors are not in the live build are embedded. Raises
    UnverifiedFactsError before touching anything when facts cite figures their article lacks.
    """
    started = time.perf_counter()
    report = BuildReport()
    problems = [str(p) for p in check_facts(kb)]
    if problems and not allow_unverified:
        raise UnverifiedFactsError(problems)
    report.unverified = problems

    try:
        previous: dict[str, Any] | None = read_manifest(index_dir)
    except (IndexError_, OSError, ValueError):
        previous = None
    old_items: dict[str, str] = (previous or {}).get("knowledge", {}).get("items", {})
    new_items = knowledge_hashes(kb)
    report.added = sorted(set(new_items) - set(old_items))
    report.removed = sorted(set(old_items) - set(new_items))
    report.changed = sorted(k for k in set(old_items) & set(new_items) if old_items[k] != new_items[k])
    report.unchanged = sorted(k for k in set(old_items) & set(new_items) if old_items[k] == new_items[k])

    docs = make_docs(kb)
    units = make_units(docs, kb)
    # Declines are compared with questions, so they are encoded as queries (and keyed apart).
    places = corpus_places(proper_nouns(normalize(d.text) for d in docs if d.kind == "passage"))
    decline_units = [Unit(-1, "decline", generic_places(normalize(q), places))
                     for q in dict.fromkeys([*kb.declines, *builtin_declines()])]
    keys = [u.key(encoder.model_id) for u in units]
    decline_keys = [u.key(encoder.model_id + ":query") for u in decline_units]
    cache = _previous_vectors(previous, encoder.model_id)
    doc_todo = sorted({(k, u.text) for k, u in zip(keys, units) if k not in cache})
    query_todo = sorted({(k, u.text) for k, u in zip(decline_keys, decline_units) if k not in cache})
    total = len(set(keys)) + len(set(decline_keys))
    report.embedded = len(doc_todo) + len(query_todo)
    report.reused = total - report.embedded

    bar = progress_factory(report.embedded) if progress_factory and report.embedded else None
    try:
        step = bar.update if bar else None
        fresh = _embed(encoder.encode_document, [t for _, t in doc_todo], encoder.dim, step)
        fresh_q = _embed(encoder.encode_query, [t for _, t in query_todo], encoder.dim, step)
    finally:
        if bar is not None:
            bar.close()
    cache.update({k: fresh[i] for i, (k, _) in enumerate(doc_todo)})
    cache.update({k: fresh_q[i] for i, (k, _) in enumerate(query_todo)})
    dim = encoder.dim
    vectors = np.stack([cache[k] for k in keys]).astype(np.float32) if keys else np.zeros((0, dim), np.float32)
    decline_vectors = (
        np.stack([cache[k] for k in decline_keys]).astype(np.float32) if decline_keys else np.zeros((0, dim), np.float32)
    )

    index_dir.mkdir(parents=True, exist_ok=True)
    builds = index_dir / BUILDS
    builds.mkdir(exist_ok=True)
    stamp = datetime.now(timezone.utc)
    name = f"{stamp:%Y%m%dT%H%M%S%fZ}-{kb.content_hash()[:8]}"
    tmp = builds / f".tmp-{name}-{os.getpid()}"
    try:
        tmp.mkdir()
        dense = make_dense_index(vectors, dim)
        faiss.write_index(dense, str(tmp / "dense.faiss"))
        np.save(tmp / "vectors.npy", vectors)
        np.save(tmp / "declines.npy", decline_vectors)
        units_json = {"doc": [u.doc for u in units], "field": [u.field for u in units], "key": keys,
                      "decline_keys": decline_keys}
        (tmp / "units.json").write_text(json.dumps(units_json), encoding="utf-8")
        milestones = milestones_of(kb)
        store = {"docs": [asdict(d) for d in docs], "sources": sources_of(kb), "milestones": milestones}
        (tmp / "docs.json").write_text(json.dumps(store, ensure_ascii=False), encoding="utf-8")
        lexical_dir = tmp / "lexical"
        lexical_dir.mkdir()
        LexicalIndex.build([d.lexical_text for d in docs]).save(lexical_dir)
        manifest = {
            "format": FORMAT,
            "xbbot_version": __version__,
            "model_id": encoder.model_id,
            "dim": dim,
            "built_at": stamp.isoformat(timespec="seconds"),
            "counts": {
                "articles": len(kb.articles),
                "facts": len(kb.facts),
                "passages": sum(1 for d in docs if d.kind == "passage"),
                "docs": len(docs),
                "vectors": len(units),
                "declines": len(decline_units),
                "notes": sum(1 for a in kb.articles.values() if a.kind == "note"),
                "milestones": len(milestones),
            },
            "chunking": {"max_chars": CHUNK_MAX_CHARS, "overlap": CHUNK_OVERLAP, "context": PASSAGE_CONTEXT},
            "dense_index": type(dense).__name__,
            "tokenizer": TOKENIZER_VERSION,
            "builtin_declines": _builtin_hash(),
            "knowledge": {"content_hash": kb.content_hash(), "items": new_items},
            "unverified_facts": problems,
            "files": file_checksums(tmp),
        }
        # The manifest is written last: a build directory without one is never loaded.
        (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        final = builds / name
        os.replace(tmp, final)
        _switch_current(index_dir, name)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _prune(index_dir, keep=name)
    report.build = name
    report.docs = len(docs)
    report.seconds = time.perf_counter() - started
    return report


def make_dense_index(vectors: np.ndarray, dim: int) -> faiss.Index:
    """Inner product over unit vectors (= cosine): exact for small corpora, HNSW for large ones."""
    if len(vectors) <= EXACT_SEARCH_MAX:
        index: faiss.Index = faiss.IndexFlatIP(dim)
    else:
        index = faiss.IndexHNSWFlat(dim, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def _switch_current(index_dir: Path, name: str) -> None:
    """Point CURRENT at `name` with one atomic rename, durable across a crash."""
    tmp = index_dir / f".{CURRENT}.{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, index_dir / CURRENT)


def _prune(index_dir: Path, keep: str) -> None:
    """Remove old builds beyond the newest KEEP_BUILDS (a reader may still be loading the previous one)."""
    builds = sorted(
        (p for p in (index_dir / BUILDS).iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.name,
    )
    for old in builds[:-KEEP_BUILDS]:
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)


def iter_build_dirs(index_dir: Path) -> Iterable[Path]:
    """Every complete build directory, oldest first."""
    root = index_dir / BUILDS
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if (p / "manifest.json").is_file())
