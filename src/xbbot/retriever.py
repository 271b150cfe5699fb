"""Hybrid retrieval over the index: dense (FAISS) + lexical (BM25), fused, typed, calibrated."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence

import faiss
import numpy as np

from xbbot.answer import compose, has_kind, language, wanted_kinds
from xbbot.config import Settings, load_settings
from xbbot.embedding import Encoder, load_encoder
from xbbot.errors import IndexMismatchError, IndexMissingError, KnowledgeError
from xbbot.index import Doc, LoadedIndex, build_index, load_index, stale_reason
from xbbot.knowledge import load_knowledge
from xbbot.lexical import stem, tokenize
from xbbot.models import Answer, Hit, Source
from xbbot.scope import ScopeChecker, answers_measure, asked_measure, is_chitchat, warm_up
from xbbot.spelling import Speller
from xbbot.textnorm import bridge_relative_time, normalize, strip_controls
from xbbot.timeline import TimelineEntry, timeline_entries

# Long messages are cut before encoding: the model reads 512 tokens at most and nobody's
# question is longer than this.
MAX_QUERY_CHARS = 300
# Plainly a follow-up: starts like one, ends in 呢, or points back with a pronoun.
_FOLLOWUP = re.compile(
    r"^(那|那么|还有|另外|再|and\b|what about|how about)|呢[?？]?$|他|她|它|其中|这些|那些|这个|那个"
    r"|\b(they|their|them|it|its|those|these|he|his|she|her)\b"
)
# Short questions (总投资多少) may be follow-ups too; they are tested against the answer (see _rank).
_SHORT = re.compile(r"^\S{1,6}[?？]?$|^(\S+\s){0,3}\S+\?$")
# A follow-up that asks for something else (那今年呢？ 他还说了啥) must not get the previous answer again.
_CONTRAST = re.compile(r"^(那|那么|还有|另外|and\b|what about|how about)|呢[?？]?$|还|别的|其他|其它|\belse\b|\bother\b")
_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
# A capitalised word not at the start of the question or of a sentence in it.
_ENGLISH_NAME = re.compile(r"(?<=[a-z,;:]\s)([A-Z][a-z]{2,})\b")
# Capitalised for grammar, not because they name something the knowledge base should know.
_COMMON_CAPITALISED = frozenset({"chinese", "china", "english", "mr", "mrs", "ms", "dr"})
# A figure for one year only (2019年以来, 今年以来), as opposed to a running total.
_ONE_PERIOD = re.compile(r"\d{4}年以来|今年以来|\d{4}年，|^\d{4}年")
_HAS_WORD = re.compile(r"[\u3400-\u9fff\w]")


@dataclass(frozen=True)
class Tuning:
    """Retrieval knobs, each chosen on tests/eval/questions.yaml + calibration.yaml: fusion by
    scripts/tune_fusion.py, confidence by scripts/tune_confidence.py (see README, "Quality")."""

    dense_weight: float = 0.7
    lexical_weight: float = 0.3
    candidates: int = 50
    kind_boost: float = 0.04
    fact_boost: float = 0.02
    context_weight: float = 0.5
    repeat_penalty: float = 0.15
    # Confidence: the top hit's cosine rescaled from [floor, ceiling] to [0, 1], minus penalties.
    dense_floor: float = 0.80
    dense_ceiling: float = 0.95
    strong_penalty: float = 0.5
    noun_penalty: float = 0.2
    other_penalty: float = 0.2
    latin_penalty: float = 0.05
    english_offset: float = 0.04
    weak_cap: float = 0.3
    mismatch_penalty: float = 0.4
    chitchat_penalty: float = 1.0
    year_penalty: float = 1.0
    decline_margin: float = -0.02
    decline_penalty: float = 0.3
    threshold: float = 0.4


DEFAULT_TUNING = Tuning()


@dataclass(frozen=True)
class Signals:
    """What the confidence of an answer is computed from."""

    dense: float  # cosine similarity of the question and the top hit's best vector
    decline: float = 0.0  # cosine similarity of the question and the closest question to decline
    english: bool = False
    strong: int = 0  # unknown names, places, numbers (杭州, 2021)
    nouns: int = 0  # unknown Chinese nouns (天气, 房价)
    others: int = 0  # other unknown Chinese words (下雨, 开车)
    latin: int = 0  # unknown English words
    chitchat: bool = False  # nothing to look up: 你好, 在吗, thanks
    measure_mismatch: bool = False  # asks 多少亩 but the top hit has no figure in 亩
    person_mismatch: bool = False  # asks 是谁 but the top hit names nobody
    year_mismatch: bool = False  # names a year the knowledge base never mentions (2021年…)


def confidence_from(s: Signals, t: Tuning) -> float:
    """The top hit's similarity, rescaled to [0, 1], minus a penalty per sign of being out of scope."""
    # multilingual-e5 scores English questions against Chinese text lower than Chinese ones.
    floor = t.dense_floor - (t.english_offset if s.english else 0.0)
    dense = (s.dense - floor) / (t.dense_ceiling - floor)
    # Past a few unknown words a long rambling question is not less in scope.
    weak = min(t.noun_penalty * s.nouns + t.other_penalty * s.others, t.weak_cap)
    penalty = t.strong_penalty * s.strong + weak + t.latin_penalty * s.latin
    # Closer to a question the bot should decline than to anything it knows.
    if s.decline and s.decline - s.dense > -t.decline_margin:
        penalty += t.decline_penalty
    penalty += t.mismatch_penalty * (s.measure_mismatch + s.person_mismatch) + t.chitchat_penalty * s.chitchat
    # A year the knowledge base never mentions: whatever matched, it is about another time.
    penalty += t.year_penalty * s.year_mismatch
    return float(max(0.0, min(1.0, dense - penalty)))


def abstention_reason(s: Signals) -> str:
    """Why a question would be declined: a greeting, signs it is about something else, or only
    that nothing matched well enough (then the closest questions are worth offering)."""
    if s.chitchat:
        return "greeting"
    if s.strong or s.year_mismatch or s.measure_mismatch or s.person_mismatch or s.decline > s.dense:
        return "out_of_scope"
    return "low_confidence"


@dataclass(frozen=True)
class Ranking:
    """Internal: documents best first, and how close the question is to the decline bank."""

    scored: list["Scored"]
    decline: float = 0.0
    # Whether the previous question was merged in (the question was read as a follow-up).
    followup: bool = False
    # The question as searched (Retriever.prepare), so later steps need not prepare it again.
    query: str = ""


@dataclass(frozen=True)
class Scored:
    """Internal: a document with its fused score and the raw signals behind it."""

    doc: int
    score: float
    dense: float
    lexical: float


class Retriever:
    """Answers questions from an index. Thread-safe for concurrent `search`/`answer` calls."""

    def __init__(self, index: LoadedIndex, encoder: Encoder, tuning: Tuning = DEFAULT_TUNING) -> None:
        self._ix = index
        self._encoder = encoder
        # One query at a time is too small to split across threads: FAISS's OpenMP pool costs
        # more than it saves (benchmarks/README.md), and the bot runs queries in parallel itself.
        faiss.omp_set_num_threads(1)
        self.tuning = tuning
        # The encoders release the GIL but are not documented as reentrant.
        self._encode_lock = threading.Lock()
        self._answer_en = {d.id: d.answer_en for d in index.docs if d.answer_en}
        vocab = index.lexical.vocabulary
        self._scope = ScopeChecker(has_token=vocab.__contains__)
        self._speller = Speller((d.lexical_text for d in index.docs), is_known=self._scope.known)
        warm_up()

    # -- loading -----------------------------------------------------------------------------

    @classmethod
    def load(
        cls,
        index_dir: Path | str | None = None,
        *,
        settings: Settings | None = None,
        encoder: Encoder | None = None,
        build_if_missing: bool = True,
        check_fresh: bool = True,
    ) -> "Retriever":
        """Load the index (default: the configured one), building it on first use.

        A stale index (knowledge changed since it was built) is an IndexMismatchError telling
        the maintainer to run `xbbot index`, so answers never silently lag the knowledge base.
        """
        settings = settings or load_settings()
        index_dir = Path(index_dir) if index_dir is not None else settings.index_dir
        encoder = encoder or load_encoder(settings)
        try:
            index = load_index(index_dir, encoder.model_id)
        except IndexMissingError:
            if not build_if_missing or not (settings.knowledge_dir / "articles").is_dir():
                raise
            build_index(load_knowledge(settings.knowledge_dir), encoder, index_dir)
            index = load_index(index_dir, encoder.model_id)
            check_fresh = False  # built from the knowledge base just now
        if check_fresh and (settings.knowledge_dir / "articles").is_dir():
            try:
                kb = load_knowledge(settings.knowledge_dir)
            except KnowledgeError:
                kb = None  # a broken knowledge base must not stop serving the last good index
            reason = stale_reason(index.manifest, kb) if kb else None
            if reason:
                raise IndexMismatchError(
                    f"index in {index_dir} is out of date with {settings.knowledge_dir} ({reason}); rebuild with: xbbot index"
                )
        tuning = DEFAULT_TUNING
        if settings.min_confidence is not None:
            tuning = replace(tuning, threshold=settings.min_confidence)
        return cls(index, encoder, tuning)

    @classmethod
    def rebuild(cls, settings: Settings | None = None, *, encoder: Encoder | None = None) -> "Retriever":
        """Re-index the knowledge base incrementally and load the result.

        On a broken knowledge base this raises before anything is written; the live index and
        any Retriever already loaded from it keep working.
        """
        settings = settings or load_settings()
        encoder = encoder or load_encoder(settings)
        build_index(load_knowledge(settings.knowledge_dir), encoder, settings.index_dir)
        return cls.load(settings=settings, encoder=encoder, check_fresh=False)

    # -- facts about the index ---------------------------------------------------------------

    @property
    def encoder(self) -> Encoder:
        """The encoder questions are embedded with (reused to load the next build)."""
        return self._encoder

    @property
    def manifest(self) -> dict:
        return dict(self._ix.manifest)

    @property
    def sources(self) -> list[Source]:
        """The articles the index knows, newest first."""
        out = [Source.from_stored(source_id, s) for source_id, s in self._ix.sources.items()]
        return sorted(out, key=lambda s: s.date, reverse=True)

    def timeline(self) -> list[TimelineEntry]:
        """The milestones of the knowledge base in date order, each with its source."""
        return timeline_entries(self._ix.milestones, self._ix.sources)

    def examples(self, lang: str = "zh", n: int = 4) -> list[str]:
        """Example questions (the first question of the first facts) in `lang`."""
        out: list[str] = []
        for d in self._ix.docs:
            if d.kind != "fact":
                continue
            pick = next((q for q in d.questions if language(q) == lang), None)
            if pick:
                out.append(pick)
            if len(out) >= n:
                break
        return out

    # -- searching ---------------------------------------------------------------------------

    def _source(self, doc: Doc) -> Source:
        return Source.from_stored(doc.article_id, self._ix.sources.get(doc.article_id, {}))

    def _hit(self, s: Scored) -> Hit:
        d = self._ix.docs[s.doc]
        return Hit(d.id, d.kind, d.text, s.score, self._source(d), d.heading, d.questions)

    def _dense(self, queries: Sequence[str], weights: Sequence[float]) -> tuple[dict[int, float], float]:
        """Best cosine per document for the weighted sum of the query vectors, and the best
        cosine of the question itself with the decline bank."""
        with self._encode_lock:
            vecs = self._encoder.encode_query(list(queries))
        declines = self._ix.declines
        decline = float((declines @ vecs[0]).max()) if len(declines) else 0.0
        q = (np.asarray(weights, dtype=np.float32)[:, None] * vecs).sum(axis=0, keepdims=True)
        q /= max(float(np.linalg.norm(q)), 1e-12)
        k = min(self._ix.dense.ntotal, self.tuning.candidates * 4)
        if k == 0:
            return {}, decline
        scores, rows = self._ix.dense.search(q.astype(np.float32), k)
        best: dict[int, float] = {}
        for score, row in zip(scores[0], rows[0]):
            if row < 0:
                continue
            doc = int(self._ix.unit_doc[row])
            if score > best.get(doc, -1.0):
                best[doc] = float(score)
        return best, decline

    def _lexical(self, queries: Sequence[str], weights: Sequence[float]) -> np.ndarray:
        total = np.zeros(self._ix.lexical.n_docs, dtype=np.float32)
        for text, w in zip(queries, weights):
            total += w * self._ix.lexical.scores(tokenize(text))
        return total

    def prepare(self, question: str) -> str:
        """The query as searched: normalised, cut to length, homophone typos corrected, English
        relative time bridged to the articles' Chinese words (this year → 今年)."""
        return bridge_relative_time(self._speller.correct(normalize(question)[:MAX_QUERY_CHARS]))

    def _rank(self, question: str, context: Sequence[str] = ()) -> Ranking:
        query = self.prepare(question)
        return replace(self._rank_prepared(query, context), query=query)

    def _rank_prepared(self, query: str, context: Sequence[str]) -> Ranking:
        if not context:
            return self._rank_queries([query], [1.0])
        explicit = bool(_FOLLOWUP.search(query))
        if not explicit and not _SHORT.search(query):
            return self._rank_queries([query], [1.0])
        # An elliptical follow-up (物资呢？) borrows the topic of the previous question.
        before_query = self.prepare(context[-1])
        previous: int | None = None
        if _CONTRAST.search(query):
            before = self._rank_queries([before_query], [1.0]).scored
            previous = before[0].doc if before else None
        combined = self._rank_queries([query, before_query], [1.0, self.tuning.context_weight], previous)
        combined = replace(combined, followup=True)
        if explicit or not combined.scored:
            return combined
        # A short question is a follow-up only if the answer it then gets is still about its own
        # words: 总投资多少 after a question on signed projects finds their 计划总投资, but 捐款多少
        # after a question on funds must not be answered with the funds.
        top = self._ix.docs[combined.scored[0].doc].lexical_text
        if all(word in top for word in self._scope.check(query).known):
            return combined
        return self._rank_queries([query], [1.0])

    def _rank_queries(self, queries: list[str], weights: list[float], previous: int | None = None) -> Ranking:
        """Fuse dense and lexical scores for the weighted queries; demote `previous`."""
        t = self.tuning
        dense, decline = self._dense(queries, weights)
        lex = self._lexical(queries, weights)
        # The best few of possibly 100,000 scores: a partial sort, not a full one.
        n_top = min(t.candidates, len(lex))
        top_lex = np.argpartition(-lex, n_top - 1)[:n_top] if n_top else np.zeros(0, dtype=np.int64)
        candidates = set(dense) | {int(i) for i in top_lex if lex[i] > 0}
        if not candidates:
            return Ranking([], decline)
        lex_max = float(lex.max()) or 1.0
        d_vals = np.array([dense.get(c, 0.0) for c in candidates])
        d_lo, d_hi = float(d_vals.min()), float(d_vals.max())
        kinds = wanted_kinds(" ".join(queries))
        out: list[Scored] = []
        for c in candidates:
            d = dense.get(c, d_lo)
            d_norm = (d - d_lo) / (d_hi - d_lo) if d_hi > d_lo else 1.0
            l_norm = float(lex[c]) / lex_max
            score = t.dense_weight * d_norm + t.lexical_weight * l_norm
            doc = self._ix.docs[c]
            score += sum(t.kind_boost for k in kinds if has_kind(doc.text, k))
            if "total" in kinds and _ONE_PERIOD.search(doc.text) and not has_kind(doc.text, "total"):
                score -= t.kind_boost  # asked for the running total, this is one year's figure
            if doc.kind == "fact":
                score += t.fact_boost
            if c == previous:
                score -= t.repeat_penalty
            out.append(Scored(c, score, d, float(lex[c])))
        out.sort(key=lambda s: s.score, reverse=True)
        return Ranking(out, decline)

    def search(self, question: str, k: int = 5, context: Sequence[str] = ()) -> list[Hit]:
        """The k best passages and facts for `question`, best first."""
        if not isinstance(question, str) or not _HAS_WORD.search(strip_controls(question)):
            return []
        return [self._hit(s) for s in self._rank(question, context).scored[:k]]

    def signals(self, question: str, ranking: Ranking) -> Signals:
        """The evidence that the top hit answers the question (see `confidence_from`)."""
        ranked = ranking.scored
        if not ranked:
            return Signals(dense=0.0)
        check = self._scope.check(ranking.query)
        top = self._ix.docs[ranked[0].doc]
        top_text = top.text + " " + (top.answer_en or "")
        normalized = normalize(question)
        measure = asked_measure(normalized)
        return Signals(
            dense=ranked[0].dense,
            # A follow-up (物资呢？) alone looks like nothing; its closeness to the decline bank says little.
            decline=0.0 if ranking.followup else ranking.decline,
            english=language(question) == "en",
            strong=len(check.strong) + self._unknown_english_names(question),
            nouns=sum(1 for w in check.nouns if not w.isascii()),
            others=sum(1 for w in check.others if not w.isascii()),
            latin=sum(1 for w in check.weak if w.isascii()),
            chitchat=is_chitchat(normalized),
            measure_mismatch=measure is not None and not answers_measure(top_text, measure),
            person_mismatch="person" in wanted_kinds(question) and not has_kind(top_text, "person"),
            year_mismatch=any(y not in self._ix.lexical.vocabulary for y in _YEAR.findall(normalized)),
        )

    def _unknown_english_names(self, question: str) -> int:
        """Capitalised English words past the first that the knowledge base never uses (Suzhou,
        Tongren): in an English question these are the names of places and people."""
        vocabulary = self._ix.lexical.vocabulary
        names = {w.lower() for w in _ENGLISH_NAME.findall(question)} - _COMMON_CAPITALISED
        return sum(1 for w in names if stem(w) not in vocabulary)

    def answer(self, question: str, context: Sequence[str] = (), k: int = 5) -> Answer:
        """The direct answer to `question` with its sources, or an honest abstention."""
        if not isinstance(question, str) or not _HAS_WORD.search(strip_controls(question)):
            return Answer(question=str(question or ""), answered=False, text="", confidence=0.0, reason="empty",
                          lang="zh")
        ranking = self._rank(question, context)
        signals = self.signals(question, ranking)
        conf = confidence_from(signals, self.tuning)
        hits = [self._hit(s) for s in ranking.scored[:k]]
        return compose(question, hits, conf, self.tuning.threshold, self._answer_en, abstention_reason(signals))
