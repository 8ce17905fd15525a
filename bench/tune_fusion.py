"""Tune the hybrid fusion on tuning queries, offline, from cached dense and BM25 candidates.

    .venv/bin/python bench/tune_fusion.py ../shared/data/squad-v2.0-dev-half --exclude-sample 800
    .venv/bin/python bench/tune_fusion.py ../shared/data/tatqa --split dev

Queries of the reported sample (``--exclude-sample N``: the N queries that
``reportqa eval --max-queries N`` uses) are left out, so the figures reported for that
sample are not tuned on. Prints MRR@10 / R@1 / nDCG@10 for a grid of fusion settings.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--split")
    parser.add_argument("--exclude-sample", type=int, metavar="N")
    parser.add_argument("--max-queries", type=int, default=1500)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/reportqa-tune"))
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
    cached = []
    for query_id in pool:
        text = dataset.queries[query_id]
        dense = retriever._dense(retriever._snapshot, text, 100, None)
        found, scores = retriever._snapshot.lexical.search(text, 100)
        cached.append((query_id, dense, dict(zip(found.tolist(), scores.tolist()))))
    qrels = {q: dataset.qrels[q] for q in pool}

    def score(combine) -> dict:
        run = {}
        for query_id, dense, lexical in cached:
            ranked = sorted(combine(dense, lexical).items(), key=lambda item: -item[1])
            docs: dict[str, float] = {}
            for row, _ in ranked:
                for doc in row_docs[row]:
                    if doc not in docs and len(docs) < 10:
                        docs[doc] = float(10 - len(docs))
            run[query_id] = docs
        return ir_measures.calc_aggregate([RR @ 10, R @ 1, nDCG @ 10], qrels, run)

    def show(label, result):
        print(f"{label:40} mrr@10 {result[RR @ 10]:.4f}  r@1 {result[R @ 1]:.4f}  ndcg@10 {result[nDCG @ 10]:.4f}")

    show("dense", score(lambda d, b: d))
    show("bm25", score(lambda d, b: b))
    show("rrf k=60", score(lambda d, b: _rrf(d, b, 60)))
    show("reportqa fuse()", score(lambda d, b: fuse(d, b, lexical_exhaustive=len(b) < 100)))
    from reportqa import retrieve

    # Grid over the two constants of reportqa's fusion (restored afterwards).
    saved = retrieve.DENSE_WEIGHT, retrieve.LEXICAL_GAP_SHIFT
    for w0 in args.grid_weight:
        for shift in args.grid_shift:
            retrieve.DENSE_WEIGHT, retrieve.LEXICAL_GAP_SHIFT = w0, shift
            show(f"fuse w0={w0} shift={shift}", score(lambda d, b: fuse(d, b, lexical_exhaustive=len(b) < 100)))
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
