"""Tune the hybrid fusion on tuning queries, offline, from cached dense and BM25 candidates.

    .venv/bin/python bench/tune_fusion.py ../shared/data/squad-v2.0-dev-half --exclude-sample 800
    .venv/bin/python bench/tune_fusion.py ../shared/data/tatqa --split dev

Queries of the reported sample (``--exclude-sample N``: the N queries that
``reportqa eval --max-queries N`` uses) are left out, so the figures reported for that
sample are not tuned on. Prints MRR@10 / R@1 / nDCG@10 for a grid of BM25 parameters
(k1, b: the BM25 index is rebuilt over the same chunks for each) and fusion settings.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # reportqa itself is imported as installed (pip install -e .)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--split")
    parser.add_argument("--exclude-sample", type=int, metavar="N")
    parser.add_argument("--max-queries", type=int, default=1500)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/reportqa-tune"))
    parser.add_argument("--grid-k1", type=float, nargs="*", default=[0.45, 1.2])
    parser.add_argument("--grid-b", type=float, nargs="*", default=[0.4, 0.75])
    parser.add_argument("--grid-weight", type=float, nargs="*", default=[0.4, 0.5, 0.6])
    parser.add_argument("--grid-shift", type=float, nargs="*", default=[0.5, 1.0, 1.5])
    args = parser.parse_args()
    if not args.dataset.exists():
        print(f"dataset folder not found: {args.dataset} (pass the path to ../shared/data/<name>)", file=sys.stderr)
        return 2

    import random

    import ir_measures
    from ir_measures import RR, R, nDCG

    from reportqa.config import Settings
    from reportqa.eval_data import load_dataset
    from reportqa.evaluation import index_dataset, sample_queries
    from reportqa.lexical import BM25_PARAMS, LexicalIndex
    from reportqa.retrieve import fuse

    dataset = load_dataset(args.dataset, args.split)
    retriever, file_to_docs, _ = index_dataset(
        dataset, Settings.from_env(show_progress=False), args.workdir / f"{dataset.name}-{dataset.split}"
    )

    excluded = set(sample_queries(dataset, args.exclude_sample, 0)) if args.exclude_sample else set()
    pool = [q for q in sorted(dataset.qrels) if q not in excluded]
    if len(pool) > args.max_queries:
        pool = sorted(random.Random(1).sample(pool, args.max_queries))
    print(f"{dataset.name}/{dataset.split}: tuning on {len(pool)} queries ({len(excluded)} held out)")

    chunks = retriever._snapshot.chunks_at(list(range(retriever.manifest.chunks)))
    row_docs = {row: file_to_docs[chunk.source] for row, chunk in chunks.items()}
    texts = [chunks[row].text for row in range(len(chunks))]
    dense = {q: retriever._dense(retriever._snapshot, dataset.queries[q], 100, None) for q in pool}
    qrels = {q: dataset.qrels[q] for q in pool}

    def score(combine, lexical_of) -> dict:
        run = {}
        for query_id in pool:
            ranked = sorted(combine(dense[query_id], lexical_of[query_id]).items(), key=lambda item: -item[1])
            docs: dict[str, float] = {}
            for row, _ in ranked:
                for doc in row_docs[row]:
                    if doc not in docs and len(docs) < 10:
                        docs[doc] = float(10 - len(docs))
            run[query_id] = docs
        return ir_measures.calc_aggregate([RR @ 10, R @ 1, nDCG @ 10], qrels, run)

    def show(label, result):
        print(f"{label:44} mrr@10 {result[RR @ 10]:.4f}  r@1 {result[R @ 1]:.4f}  ndcg@10 {result[nDCG @ 10]:.4f}")

    show("dense", score(lambda d, s: d, {q: {} for q in pool}))
    from reportqa import retrieve

    # Grid over BM25's k1 and b and the two constants of reportqa's fusion (restored afterwards).
    saved = retrieve.DENSE_WEIGHT, retrieve.LEXICAL_GAP_SHIFT
    for k1 in args.grid_k1:
        for b_value in args.grid_b:
            index = LexicalIndex.build(texts, {**BM25_PARAMS, "k1": k1, "b": b_value})
            lexical = {}
            for query_id in pool:
                found, scores = index.search(dataset.queries[query_id], 100)
                lexical[query_id] = dict(zip(found.tolist(), scores.tolist(), strict=True))
            show(f"k1={k1} b={b_value} bm25", score(lambda d, s: s, lexical))
            show(f"k1={k1} b={b_value} rrf k=60", score(lambda d, s: _rrf(d, s, 60), lexical))
            for w0 in args.grid_weight:
                for shift in args.grid_shift:
                    retrieve.DENSE_WEIGHT, retrieve.LEXICAL_GAP_SHIFT = w0, shift
                    show(
                        f"k1={k1} b={b_value} fuse w0={w0} shift={shift}",
                        score(lambda d, s: fuse(d, s, lexical_exhaustive=len(s) < 100), lexical),
                    )
    retrieve.DENSE_WEIGHT, retrieve.LEXICAL_GAP_SHIFT = saved
    return 0


def _rrf(dense: dict, lexical: dict, k: int) -> dict:
    fused: dict[int, float] = {}
    for ranking in (dense, lexical):
        for rank, row in enumerate(sorted(ranking, key=lambda r: -ranking[r]), start=1):
            fused[row] = fused.get(row, 0.0) + 1.0 / (k + rank)
    return fused


if __name__ == "__main__":
    sys.exit(main())
