"""Stage 5: find the passages for a question: dense (FAISS), lexical (BM25) or both fused.

from reportqa import Retriever
retriever = Retriever.load("index")
for hit in retriever.search("Which industries does Lianyungang want to cooperate on?", k=5):
    print(hit.score, hit.title, hit.page, hit.text[:80])
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from .config import Settings
from .store import HNSW_EF_SEARCH, IndexMismatchError, IndexProblem, IndexStore, Snapshot
from .types import DocumentRecord, Hit

Mode = Literal["dense", "bm25", "hybrid"]
MODES: tuple[str, ...] = ("dense", "bm25", "hybrid")
# With an HNSW index, a filter leaving at most this many windows is searched exactly.
_EXACT_FILTERED_UP_TO = 20_000


@dataclass(frozen=True)
class Filters:
    """Restrict a search to some reports: by document id or source glob, and by report date."""

    documents: tuple[str, ...] | None = None  # doc ids, or source globs such as "visits/*.pdf"
    date_from: str | None = None  # ISO dates, inclusive; undated reports fail a date filter
    date_to: str | None = None

    @property
    def active(self) -> bool:
        return bool(self.documents) or bool(self.date_from) or bool(self.date_to)


class Retriever:
    """Searches one index; the embedding model is loaded once and reused for every query."""

    def __init__(self, snapshot: Snapshot, embedder, settings: Settings):
        self._snapshot = snapshot
        self._embedder = embedder
        self.settings = settings

    @classmethod
    def load(cls, index_dir: str | Path = "index", settings: Settings | None = None, embedder=None) -> Retriever:
        """Open the live index in ``index_dir``; refuses an index built with another model or chunker."""
        settings = (settings or Settings.from_env()).with_(index_dir=Path(index_dir))
        store = IndexStore(settings.index_dir)
        snapshot = store.open()
        if embedder is None:
            from .embed import ModelIdentity, load_embedder

            identity = ModelIdentity.of(settings)
            _check_compatible(snapshot, identity, settings)
            embedder = load_embedder(settings, identity)
        else:
            _check_compatible(snapshot, embedder.identity, settings)
        return cls(snapshot, embedder, settings)

    @property
    def embedder(self):
        return self._embedder

    @property
    def manifest(self):
        return self._live().manifest

    def documents(self) -> list[DocumentRecord]:
        return self._live().documents()

    def _live(self) -> Snapshot:
        """The newest committed generation: an ingest that finished while this retriever was
        serving is picked up at the next call (reading CURRENT costs microseconds). If the new
        generation cannot be opened, the one in hand keeps serving."""
        snapshot = self._snapshot
        store = IndexStore(self.settings.index_dir)
        try:
            if store.current_generation() in (None, snapshot.directory.name):
                return snapshot
            fresh = store.open()
            _check_compatible(fresh, self._embedder.identity, self.settings)
        except IndexProblem:
            return snapshot
        # The old snapshot is not closed: a concurrent request may still be reading it.
        self._snapshot = fresh
        return fresh

    def close(self) -> None:
        self._snapshot.close()

    def search(
        self,
        query: str,
        k: int = 5,
        mode: Mode = "hybrid",
        filters: Filters | None = None,
    ) -> list[Hit]:
        """The ``k`` best passages for ``query``, best first."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        query = query.strip()
        snapshot = self._live()  # one generation for the whole search
        if not query or snapshot.manifest.chunks == 0:
            return []
        allowed = self._allowed_rows(snapshot, filters)
        if allowed is not None and len(allowed) == 0:
            return []
        pool = max(k * 2, 100)  # candidates per ranking before fusion (fusion was tuned on 100)
        dense: dict[int, float] = {}
        lexical: dict[int, float] = {}
        if mode in ("dense", "hybrid"):
            dense = self._dense(snapshot, query, pool, allowed)
        if mode in ("bm25", "hybrid"):
            rows, scores = snapshot.lexical.search(query, pool, allowed)
            lexical = dict(zip(rows.tolist(), scores.tolist()))
        if mode == "dense":
            ranked = dense
        elif mode == "bm25":
            ranked = lexical
        else:
            ranked = fuse(dense, lexical, lexical_exhaustive=len(lexical) < pool)
        best = sorted(ranked.items(), key=lambda item: -item[1])[:k]
        return self._hits(snapshot, best)

    def _dense(self, snapshot: Snapshot, query: str, pool: int, allowed: np.ndarray | None) -> dict[int, float]:
        """Best ``pool`` chunks by their best-matching dense window."""
        return self._dense_search(snapshot, self._embedder.encode([query]), pool, allowed)

    @staticmethod
    def _dense_search(
        snapshot: Snapshot, vector: np.ndarray, pool: int, allowed: np.ndarray | None
    ) -> dict[int, float]:
        import faiss

        # One query at a time: OpenMP threads cost more than they save (a 80k-vector flat
        # scan takes 7 ms on one thread, 30 ms on two when the other core is busy). The
        # setting is process-wide and shared with torch, so it is restored afterwards.
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(1)
        try:
            return Retriever._dense_search_one_thread(snapshot, vector, pool, allowed)
        finally:
            faiss.omp_set_num_threads(threads)

    @staticmethod
    def _dense_search_one_thread(
        snapshot: Snapshot, vector: np.ndarray, pool: int, allowed: np.ndarray | None
    ) -> dict[int, float]:
        import faiss

        # Several windows of one chunk may rank high: fetch extra so `pool` chunks remain.
        wanted = min(pool * 4, snapshot.manifest.vectors)
        graph = snapshot.manifest.faiss_index == "IndexHNSWFlat"
        rows = snapshot.window_rows(allowed) if allowed is not None else None
        if graph and rows is not None and len(rows) <= _EXACT_FILTERED_UP_TO:
            # A narrow filter: scoring its few windows exactly beats walking a graph
            # whose neighbourhoods are mostly filtered out.
            exact = snapshot.vectors.reconstruct_batch(rows) @ vector[0]
            best = np.argsort(-exact)[:wanted]
            scores, windows = exact[best][None, :], rows[best][None, :]
        else:
            selector = faiss.IDSelectorBatch(rows) if rows is not None else None
            if graph:
                params = faiss.SearchParametersHNSW(efSearch=max(HNSW_EF_SEARCH, wanted), sel=selector)
            else:
                params = faiss.SearchParameters(sel=selector) if selector is not None else None
            scores, windows = snapshot.vectors.search(vector, wanted, params=params)
        found = windows[0] >= 0
        chunks = snapshot.chunk_of_windows(windows[0][found])
        best: dict[int, float] = {}
        for chunk, score in zip(chunks.tolist(), scores[0][found].tolist()):
            if chunk not in best:  # results come best first
                best[chunk] = score
                if len(best) == pool:
                    break
        return best

    def _allowed_rows(self, snapshot: Snapshot, filters: Filters | None) -> np.ndarray | None:
        if filters is None or not filters.active:
            return None
        doc_ids = None
        if filters.documents:
            doc_ids = [
                d.same_as or d.doc_id  # a copy's passages are those of the document it duplicates
                for d in snapshot.documents()
                if any(d.doc_id == pattern or fnmatch.fnmatch(d.source, pattern) for pattern in filters.documents)
            ]
        return snapshot.rows_matching(doc_ids, filters.date_from, filters.date_to)

    def _hits(self, snapshot: Snapshot, ranked: list[tuple[int, float]]) -> list[Hit]:
        chunks = snapshot.chunks_at([row for row, _ in ranked])
        return [
            Hit(c.chunk_id, float(score), c.text, c.title, c.source, c.page, c.date, c.doc_id, c.start, c.end)
            for c, score in ((chunks[row], score) for row, score in ranked)
        ]


# Hybrid fusion, tuned on tuning queries only (bench/tune_fusion.py; docs/EVALUATION.md):
# the dense share starts at 0.5 and shrinks as BM25's winner stands out from its runner-up.
DENSE_WEIGHT = 0.5
LEXICAL_GAP_SHIFT = 1.0


def fuse(dense: dict[int, float], lexical: dict[int, float], lexical_exhaustive: bool = False) -> dict[int, float]:
    """Combine dense and BM25 candidates (row -> score) into one score per row.

    Each ranking's scores are standardised (z-scores over its candidates); a row missing
    from a ranking gets that ranking's lowest z -- or, when ``lexical_exhaustive`` says
    BM25 listed every row containing a query term, the z of a BM25 score of 0. Unlike
    rank fusion this keeps how far ahead a clear winner is. The weight is query-dependent:
    when BM25's best score is well ahead of its second -- typically a rare name matched
    exactly -- BM25 is trusted more; when its scores are flat, dense meaning decides.
    """
    if not dense or not lexical:
        return dict(dense or lexical)
    top = sorted(lexical.values(), reverse=True)
    runner_up = top[1] if len(top) > 1 else 0.0
    gap = (top[0] - runner_up) / top[0] if top[0] > 0 else 0.0
    weight = min(1.0, max(0.0, DENSE_WEIGHT - LEXICAL_GAP_SHIFT * gap))
    d, d_floor = _standardise(dense, with_zero=False)
    b, b_floor = _standardise(lexical, with_zero=lexical_exhaustive)
    return {row: weight * d.get(row, d_floor) + (1 - weight) * b.get(row, b_floor) for row in d.keys() | b.keys()}


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


def _check_compatible(snapshot: Snapshot, model, settings: Settings) -> None:
    reason = snapshot.manifest.mismatch(model, settings.chunking.as_dict())
    if reason:
        snapshot.close()
        raise IndexMismatchError(
            f"the index in {settings.index_dir}/ cannot be used with these settings: {reason}. "
            f"Re-run `reportqa ingest` to rebuild it"
        )
