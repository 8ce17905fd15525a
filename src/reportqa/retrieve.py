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
from .store import IndexMismatchError, IndexStore, Snapshot
from .types import DocumentRecord, Hit

Mode = Literal["dense", "bm25", "hybrid"]
MODES: tuple[str, ...] = ("dense", "bm25", "hybrid")


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
    def load(cls, index_dir: str | Path = "index", settings: Settings | None = None, embedder=None) -> "Retriever":
        """Open the live index in ``index_dir``; refuses an index built with another model or chunker."""
        settings = (settings or Settings.from_env()).with_(index_dir=Path(index_dir))
        store = IndexStore(settings.index_dir)
        snapshot = store.open()
        if embedder is None:
            from .embed import Embedder, ModelIdentity

            identity = ModelIdentity(settings.resolved_model_dir())
            _check_compatible(snapshot, identity.name, identity.sha256, settings)
            embedder = Embedder(settings)
        else:
            _check_compatible(snapshot, embedder.identity.name, embedder.identity.sha256, settings)
        return cls(snapshot, embedder, settings)

    @property
    def embedder(self):
        return self._embedder

    @property
    def manifest(self):
        return self._snapshot.manifest

    def documents(self) -> list[DocumentRecord]:
        return self._snapshot.documents()

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
        if not query or self.manifest.chunks == 0:
            return []
        allowed = self._allowed_rows(filters)
        if allowed is not None and len(allowed) == 0:
            return []
        pool = max(k * 4, 50)  # candidates per ranking before fusion
        dense: dict[int, float] = {}
        lexical: dict[int, float] = {}
        if mode in ("dense", "hybrid"):
            dense = self._dense(query, pool, allowed)
        if mode in ("bm25", "hybrid"):
            rows, scores = self._snapshot.lexical.search(query, pool, allowed)
            lexical = dict(zip(rows.tolist(), scores.tolist()))
        if mode == "dense":
            ranked = dense
        elif mode == "bm25":
            ranked = lexical
        else:
            ranked = fuse(dense, lexical)
        best = sorted(ranked.items(), key=lambda item: -item[1])[:k]
        return self._hits(best)

    def _dense(self, query: str, pool: int, allowed: np.ndarray | None) -> dict[int, float]:
        import faiss

        vector = self._embedder.encode([query])
        params = None
        if allowed is not None:
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(allowed))
        scores, rows = self._snapshot.vectors.search(vector, min(pool, self.manifest.chunks), params=params)
        return {int(r): float(s) for r, s in zip(rows[0], scores[0]) if r >= 0}

    def _allowed_rows(self, filters: Filters | None) -> np.ndarray | None:
        if filters is None or not filters.active:
            return None
        doc_ids = None
        if filters.documents:
            doc_ids = [
                d.doc_id
                for d in self.documents()
                if any(d.doc_id == pattern or fnmatch.fnmatch(d.source, pattern) for pattern in filters.documents)
            ]
        return self._snapshot.rows_matching(doc_ids, filters.date_from, filters.date_to)

    def _hits(self, ranked: list[tuple[int, float]]) -> list[Hit]:
        rows = self._snapshot.chunk_rows([row for row, _ in ranked])
        hits = []
        for row, score in ranked:
            _, chunk_id, doc_id, page, start, end, text, source, title, date = rows[row]
            hits.append(Hit(chunk_id, float(score), text, title, source, page, date, doc_id, start, end))
        return hits


def fuse(dense: dict[int, float], lexical: dict[int, float], dense_weight: float = 0.5) -> dict[int, float]:
    """Combine two rankings by scores scaled to their best (1.0); a passage missing from
    one ranking scores 0 there. Unlike rank fusion this keeps how far ahead a clear
    winner is, and unlike min-max scaling it does not blow up near-ties into big gaps."""

    def scaled(scores: dict[int, float]) -> dict[int, float]:
        top = max(scores.values(), default=0.0)
        if top <= 0:
            return {row: 0.0 for row in scores}
        return {row: max(s, 0.0) / top for row, s in scores.items()}

    d, b = scaled(dense), scaled(lexical)
    return {row: dense_weight * d.get(row, 0.0) + (1 - dense_weight) * b.get(row, 0.0) for row in d.keys() | b.keys()}


def _check_compatible(snapshot: Snapshot, model_name: str, model_sha256: str, settings: Settings) -> None:
    reason = snapshot.manifest.mismatch(model_name, model_sha256, settings.chunking.as_dict())
    if reason:
        snapshot.close()
        raise IndexMismatchError(
            f"the index in {settings.index_dir}/ cannot be used with these settings: {reason}. "
            f"Re-run `reportqa ingest` to rebuild it"
        )
