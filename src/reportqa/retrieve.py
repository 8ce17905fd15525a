"""Stage 5: find the passages for a question: dense (FAISS), lexical (BM25) or both fused.

from reportqa import Retriever
retriever = Retriever.load("index")
for hit in retriever.search("Which industries does Lianyungang want to cooperate on?", k=5):
    print(hit.score, hit.title, hit.page, hit.text[:80])
"""

from __future__ import annotations

import fnmatch
import threading
from collections import OrderedDict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .config import Settings
from .corrections import Correction, apply, load_corrections, stamp
from .filters import Filters
from .stores import (
    IndexBackend,
    IndexMismatchError,
    IndexProblem,
    IndexReader,
    Manifest,
    Scope,
    entity_progress,
    open_backend,
)
from .types import SEARCH_MODES, Chunk, DocumentRecord, EntityProgress, Hit, SearchMode
from .verify import plain
from .whoswho import Directory

if TYPE_CHECKING:
    from .embed import Embedder, ModelIdentity

__all__ = ["Filters", "Retriever", "fuse"]

_REPORT_TEXTS = 256  # reports whose text report_text keeps


class Retriever:
    """Searches one index; the embedding model is loaded once and reused for every query."""

    def __init__(self, store: IndexBackend, snapshot: IndexReader, embedder: Embedder, settings: Settings):
        self._store = store
        self._snapshot = snapshot
        self._embedder = embedder
        self.settings = settings
        # (generation, corrections file stamp) -> the corrected who's who and the stale corrections
        self._directory: tuple[tuple[str, object], Directory, list[Correction]] | None = None
        # The last questions' vectors: an answer compares its sentences with the vector its
        # search has just computed (lru_cache: safe for concurrent requests).
        self._question_vectors = lru_cache(maxsize=64)(self._embed_question)
        self._texts: OrderedDict[tuple[str, str], str] = OrderedDict()  # (generation, doc_id) -> report_text
        self._texts_lock = threading.Lock()
        self._names: tuple[str, str] | None = None  # (generation, report_names)
        self._progress: tuple[str, EntityProgress | None] | None = None  # (generation, entity_progress)

    @classmethod
    def load(
        cls, index_dir: str | Path = "index", settings: Settings | None = None, embedder: Embedder | None = None
    ) -> Retriever:
        """Open the live index in ``index_dir``; refuses an index built with another model or chunker."""
        settings = (settings or Settings.from_env()).with_(index_dir=Path(index_dir))
        store = open_backend(settings)
        snapshot = store.open()
        if embedder is None:
            from .embed import ModelFiles, choose_backend, load_embedder, prepare_model

            files = ModelFiles.of(settings)
            identity = prepare_model(files, choose_backend(files, snapshot.manifest.family, purpose="query"))
            _check_compatible(snapshot, identity, settings, store.location)
            embedder = load_embedder(settings, identity, for_queries=True)
        else:
            _check_compatible(snapshot, embedder.identity, settings, store.location)
        return cls(store, snapshot, embedder, settings)

    @property
    def embedder(self) -> Embedder:
        return self._embedder

    def question_vector(self, question: str) -> np.ndarray:
        """``question``'s vector by the query model, as search uses it (read-only: it is shared)."""
        return self._question_vectors(question)

    def _embed_question(self, question: str) -> np.ndarray:
        vector = self._embedder.encode([question])[0]
        vector.setflags(write=False)
        return vector

    @property
    def manifest(self) -> Manifest:
        return self._live().manifest

    def documents(self) -> list[DocumentRecord]:
        return self._live().documents()

    def chunks(self, chunk_ids: Iterable[str]) -> dict[str, Chunk]:
        """The passages with these ids, by id (ids of another generation are skipped)."""
        wanted = set(chunk_ids)
        doc_ids = sorted({chunk_id.rsplit(":", 1)[0] for chunk_id in wanted})
        return {c.chunk_id: c for c in self._live().chunks_of(doc_ids) if c.chunk_id in wanted}

    def passages_of(self, doc_id: str) -> list[Chunk]:
        """Every passage of one report, in reading order."""
        return self._live().chunks_of([doc_id])

    def report_text(self, doc_id: str) -> str:
        """A report's title, file name and text as one lowercase string without accents and
        hyphens (:func:`~reportqa.verify.plain`), for checking what a report names; kept for the
        reports most recently asked about, per index generation."""
        snapshot = self._live()
        key = (snapshot.generation, doc_id)
        with self._texts_lock:
            text = self._texts.get(key)
            if text is not None:
                self._texts.move_to_end(key)
                return text
        passages = snapshot.chunks_of([doc_id])
        text = plain(" ".join([passages[0].title, passages[0].source, *(c.text for c in passages)])) if passages else ""
        with self._texts_lock:
            self._texts[key] = text
            while len(self._texts) > _REPORT_TEXTS:
                self._texts.popitem(last=False)
        return text

    def report_names(self) -> str:
        """Every report's title and file name, one per line, as :func:`~reportqa.verify.plain`
        text (built once per index generation)."""
        snapshot = self._live()
        cached = self._names
        if cached is None or cached[0] != snapshot.generation:
            cached = (snapshot.generation, "\n".join(plain(f"{d.title} {d.source}") for d in snapshot.documents()))
            self._names = cached
        return cached[1]

    def corpus_has(self, text: str, typos: bool = False) -> bool:
        """Whether the reports use every word of ``text`` somewhere (a cheap vocabulary look-up);
        with ``typos``, a long word may be misspelt by an edit or two."""
        return self._live().has_terms(text, typos)

    def directory(self) -> Directory:
        """Who's who and the timeline of the live index (built once per index generation)."""
        return self._directory_of(self._live())

    def entity_progress(self) -> EntityProgress | None:
        """How many reports the who's who has analysed, of all (ingest commits a report's entities
        after the report itself); None for an index without the entity stage. Once per generation."""
        snapshot = self._live()
        cached = self._progress
        if cached is None or cached[0] != snapshot.generation:
            cached = self._progress = (snapshot.generation, entity_progress(snapshot))
        return cached[1]

    def stale_corrections(self) -> list[Correction]:
        """The corrections that matched no record of the live index's who's who."""
        self.directory()
        return self._directory[2] if self._directory is not None else []

    def _directory_of(self, snapshot: IndexReader) -> Directory:
        """Built once per index generation and version of the corrections file (corrections.py)."""
        path = self.settings.corrections_path()
        key = (snapshot.generation, stamp(path))
        cached = self._directory
        if cached is None or cached[0] != key:
            built = Directory.build(snapshot.documents(), snapshot.facts())
            corrected, stale = apply(built, load_corrections(path))
            cached = (key, corrected, stale)
            self._directory = cached
        return cached[1]

    def _live(self) -> IndexReader:
        """The newest committed generation: an ingest that finished while this retriever was
        serving is picked up at the next call (reading CURRENT costs microseconds). If the new
        generation cannot be opened, the one in hand keeps serving."""
        snapshot = self._snapshot
        store = self._store
        try:
            if store.current_generation() in (None, snapshot.generation):
                return snapshot
            fresh = store.open()
            _check_compatible(fresh, self._embedder.identity, self.settings, store.location)
        except IndexProblem:
            return snapshot
        # The old snapshot is not closed: a concurrent request may still be reading it.
        self._snapshot = fresh
        return fresh

    def close(self) -> None:
        self._snapshot.close()
        self._store.close()

    def search(
        self,
        query: str,
        k: int = 5,
        mode: SearchMode = "hybrid",
        filters: Filters | None = None,
    ) -> list[Hit]:
        """The ``k`` best passages for ``query``, best first."""
        if mode not in SEARCH_MODES:
            raise ValueError(f"mode must be one of {', '.join(SEARCH_MODES)}, not {mode!r}")
        query = query.strip()
        snapshot = self._live()  # one generation for the whole search
        if not query or snapshot.manifest.chunks == 0:
            return []
        scope = self._scope(snapshot, filters)
        if scope is not None and snapshot.count_in(scope) == 0:
            return []
        pool = max(k * 2, 100)  # candidates per ranking before fusion (fusion was tuned on 100)
        dense: dict[int, float] = {}
        lexical: dict[int, float] = {}
        if mode in ("dense", "hybrid"):
            dense = snapshot.dense_search(self.question_vector(query)[None, :], pool, scope)
        if mode in ("bm25", "hybrid"):
            rows, scores = snapshot.lexical_search(query, pool, scope)
            lexical = dict(zip(rows.tolist(), scores.tolist(), strict=True))
        if mode == "dense":
            ranked = dense
        elif mode == "bm25":
            ranked = lexical
        else:
            ranked = fuse(dense, lexical, lexical_exhaustive=len(lexical) < pool)
        best = sorted(ranked.items(), key=lambda item: -item[1])[:k]
        return self._hits(snapshot, best)

    def matches_anything(self, filters: Filters | None) -> bool:
        """Whether any passage of the live index passes ``filters`` (no filters: any passage at all)."""
        snapshot = self._live()
        scope = self._scope(snapshot, filters)
        return snapshot.manifest.chunks > 0 if scope is None else snapshot.count_in(scope) > 0

    def _scope(self, snapshot: IndexReader, filters: Filters | None) -> Scope | None:
        if filters is None or not filters.active:
            return None
        doc_ids = None
        if filters.documents:
            doc_ids = [
                d.same_as or d.doc_id  # a copy's passages are those of the document it duplicates
                for d in snapshot.documents()
                if any(d.doc_id == pattern or fnmatch.fnmatch(d.source, pattern) for pattern in filters.documents)
            ]
        if filters.entities:
            mentioning = self._directory_of(snapshot).doc_ids_for(filters.entities)
            doc_ids = [d for d in doc_ids if d in mentioning] if doc_ids is not None else sorted(mentioning)
        return Scope(tuple(doc_ids) if doc_ids is not None else None, filters.date_from, filters.date_to)

    def _hits(self, snapshot: IndexReader, ranked: list[tuple[int, float]]) -> list[Hit]:
        chunks = snapshot.chunks_at([row for row, _ in ranked])
        return [Hit.of(c, float(score)) for c, score in ((chunks[row], score) for row, score in ranked)]


# Hybrid fusion, tuned on tuning queries only (bench/tune_fusion.py; docs/EVALUATION.md) for
# the largest *smallest* margin over the better single ranking across the tuning sets: the
# dense share starts at 0.35 and shrinks as BM25's winner stands out from its runner-up, and a
# passage both rankings list gets BOTH_LISTS_BONUS (CombMNZ's count of lists, to the power 0.25).
DENSE_WEIGHT = 0.35
LEXICAL_GAP_SHIFT = 0.5
BOTH_LISTS_BONUS = 2**0.25


def fuse(dense: dict[int, float], lexical: dict[int, float], lexical_exhaustive: bool = False) -> dict[int, float]:
    """Combine dense and BM25 candidates (row -> score) into one score per row.

    Each ranking's scores are standardised (z-scores over its candidates) and measured from
    the z of a row it does not list -- its lowest z, or, when ``lexical_exhaustive`` says BM25
    listed every row containing a query term, the z of a BM25 score of 0 -- so each side adds
    nothing for a row it does not list. Unlike rank fusion this keeps how far ahead a clear
    winner is. The weight is query-dependent: when BM25's best score is well ahead of its
    second -- typically a rare name matched exactly -- BM25 is trusted more. A row found by
    both meaning and words is multiplied by BOTH_LISTS_BONUS: where dense retrieval is weak
    (meeting transcripts), its favourites that share none of the question's rarer words no
    longer outrank passages both sides agree on.
    """
    if not dense or not lexical:
        return dict(dense or lexical)
    top = sorted(lexical.values(), reverse=True)
    runner_up = top[1] if len(top) > 1 else 0.0
    gap = (top[0] - runner_up) / top[0] if top[0] > 0 else 0.0
    weight = min(1.0, max(0.0, DENSE_WEIGHT - LEXICAL_GAP_SHIFT * gap))
    d, d_floor = _standardise(dense, with_zero=False)
    b, b_floor = _standardise(lexical, with_zero=lexical_exhaustive)
    fused = {row: weight * (z - d_floor) for row, z in d.items()}
    for row, z in b.items():
        share = (1 - weight) * (z - b_floor)
        if row in fused:
            fused[row] = (fused[row] + share) * BOTH_LISTS_BONUS
        else:
            fused[row] = share
    return fused


def _standardise(scores: dict[int, float], with_zero: bool) -> tuple[dict[int, float], float]:
    """z-scores of ``scores`` and the z of an unlisted row (a score of 0 when ``with_zero``)."""
    values = np.fromiter(scores.values(), dtype=np.float64)
    if with_zero:
        values = np.append(values, 0.0)
    spread = values.std() or 1.0
    mean = values.mean()
    standard = {row: (score - mean) / spread for row, score in scores.items()}
    floor = (0.0 - mean) / spread if with_zero else min(standard.values())
    return standard, floor


def _check_compatible(snapshot: IndexReader, model: ModelIdentity, settings: Settings, where: str) -> None:
    reason = snapshot.manifest.mismatch(model, settings.chunking.as_dict())
    if reason:
        snapshot.close()
        raise IndexMismatchError(
            f"the index in {where} cannot be used with these settings: {reason}. Re-run `reportqa ingest` to rebuild it"
        )
