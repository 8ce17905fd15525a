"""The dense vector index: which FAISS structure holds the window vectors, and how it is searched.

Exact search (``IndexFlatIP``) up to :data:`HNSW_FROM_VECTORS` vectors -- a flat scan of
200k x 384 floats takes ~10 ms on 2 cores -- and an HNSW graph above, whose recall@10
against exact search ``bench/scale.py`` measures. The store builds the index with
:func:`build`; the reader searches it with :func:`search`. Both ask this module, so the
choice and its parameters live in one place.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

FLAT = "IndexFlatIP"
HNSW = "IndexHNSWFlat"
KINDS = (FLAT, HNSW)

HNSW_FROM_VECTORS = 200_000
HNSW_NEIGHBOURS = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128  # trades latency for recall at query time
# With a graph, a filter leaving at most this many vectors is scored exactly: walking a
# graph whose neighbourhoods are mostly filtered out is slower and misses more.
EXACT_FILTERED_UP_TO = 20_000


def kind_for(count: int) -> str:
    """The index structure for ``count`` vectors."""
    return FLAT if count < HNSW_FROM_VECTORS else HNSW


def _faiss() -> Any:
    """The faiss module, imported when first needed. Typed as Any: the stubs faiss ships lack
    SearchParametersHNSW and the ``sel=`` argument this module uses."""
    import faiss

    return faiss


def build(vectors: np.ndarray, dimension: int) -> Any:
    """A FAISS inner-product index holding ``vectors`` (unit vectors: inner product = cosine)."""
    faiss = _faiss()

    faiss.omp_set_num_threads(os.cpu_count() or 1)  # building is parallel; searching is not
    if kind_for(len(vectors)) == FLAT:
        index = faiss.IndexFlatIP(dimension)
    else:
        index = faiss.IndexHNSWFlat(dimension, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def search(
    index: Any, kind: str, vector: np.ndarray, wanted: int, rows: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Scores and row numbers of the ``wanted`` vectors nearest ``vector`` (shape 1 x d),
    best first, among ``rows`` when given."""
    faiss = _faiss()

    # One query at a time: OpenMP threads cost more than they save (a 80k-vector flat
    # scan takes 7 ms on one thread, 30 ms on two when the other core is busy). The
    # setting is process-wide and shared with torch, so it is restored afterwards.
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        if kind == HNSW and rows is not None and len(rows) <= EXACT_FILTERED_UP_TO:
            exact = index.reconstruct_batch(rows) @ vector[0]
            best = np.argsort(-exact)[:wanted]
            return exact[best], rows[best]
        selector = faiss.IDSelectorBatch(rows) if rows is not None else None
        if kind == HNSW:
            params = faiss.SearchParametersHNSW(efSearch=max(HNSW_EF_SEARCH, wanted), sel=selector)
        else:
            params = faiss.SearchParameters(sel=selector) if selector is not None else None
        scores, found = index.search(vector, wanted, params=params)
        keep = found[0] >= 0
        return scores[0][keep], found[0][keep]
    finally:
        faiss.omp_set_num_threads(threads)
