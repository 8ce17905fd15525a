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
    args = parser.parse_args()
    if not args.dataset.exists():
        print(f"dataset folder not found: {args.dataset} (pass the path to ../shared/data/<name>)", file=sys.stderr)
        return 2

    import random

    import ir_measures
    from ir_measures import RR, R, nDCG

    from reportqa.config import Settings
    from reportqa.eval_data import load_dataset
    from reportqa.evaluation import sample_queries
    from reportqa.ingest import ingest
    from reportqa.retrieve import Retriever, fuse

    dataset = load_dataset(args.dataset, args.split)
    workdir = args.workdir / f"{dataset.name}-{dataset.split}"
    corpus = workdir / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    file_to_doc = {}
    for number, (doc_id, text) in enumerate(dataset.documents.items()):
        name = f"{number:06d}.txt"
        if not (corpus / name).exists():
            (corpus / name).write_text(text, encoding="utf-8")
        file_to_doc[name] = doc_id
    settings = Settings(index_dir=workdir / "index", show_progress=False)
    ingest([corpus], settings)
    retriever = Retriever.load(settings.index_dir, settings)

    excluded = set(sample_queries(dataset, args.exclude_sample, 0)) if args.exclude_sample else set()
    pool = [q for q in sorted(dataset.qrels) if q not in excluded]
    if len(pool) > args.max_queries:
        pool = sorted(random.Random(1).sample(pool, args.max_queries))
    print(f"{dataset.name}/{dataset.split}: tuning on {len(pool)} queries ({len(excluded)} held out)")

    chunks = retriever._snapshot.chunks_at(list(range(retriever.manifest.chunks)))
    row_doc = {row: file_to_doc[chunk.source] for row, chunk in chunks.items()}
    cached = []
    for query_id in pool:
        text = dataset.queries[query_id]
        dense = retriever._dense(text, 100, None)
        found, scores = retriever._snapshot.lexical.search(text, 100)
        cached.append((query_id, dense, dict(zip(found.tolist(), scores.tolist()))))
    qrels = {q: dataset.qrels[q] for q in pool}

    def score(combine) -> dict:
        run = {}
        for query_id, dense, lexical in cached:
            ranked = sorted(combine(dense, lexical).items(), key=lambda item: -item[1])
            docs: dict[str, float] = {}
            for row, _ in ranked:
                doc = row_doc[row]
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
    import numpy as np

    def z(scores):
        if not scores:
            return {}
        v = np.fromiter(scores.values(), float)
        sd = v.std() or 1.0
        return {r: (s - v.mean()) / sd for r, s in scores.items()}

    def zfuse(d, b, w):
        zd, zb = z(d), z(b)
        low_d = min(zd.values(), default=0)
        low_b = min(zb.values(), default=0)
        return {r: w * zd.get(r, low_d) + (1 - w) * zb.get(r, low_b) for r in zd.keys() | zb.keys()}

    for weight in (0.4, 0.45, 0.5, 0.55):
        show(f"zscore w={weight}", score(lambda d, b, w=weight: zfuse(d, b, w)))

    def minmax(scores):
        if not scores:
            return {}
        lo, hi = min(scores.values()), max(scores.values())
        return {r: (s - lo) / ((hi - lo) or 1) for r, s in scores.items()}

    def mmfuse(d, b, w):
        md, mb = minmax(d), minmax(b)
        return {r: w * md.get(r, 0) + (1 - w) * mb.get(r, 0) for r in md.keys() | mb.keys()}



    def gapfuse(d, b, w0, alpha):
        # trust BM25 more when its winner stands out
        vals = sorted(b.values(), reverse=True)
        gap = (vals[0] - vals[1]) / vals[0] if len(vals) > 1 and vals[0] > 0 else 0.0
        w = max(0.0, min(1.0, w0 - alpha * gap))
        return zfuse(d, b, w)

    def confuse(d, b, w0, beta):
        # weight each ranker by how far its winner stands out (z of its top score)
        def ztop(x):
            if len(x) < 2:
                return 0.0
            v = np.fromiter(x.values(), float)
            return (v.max() - v.mean()) / (v.std() or 1.0)
        zd, zb = ztop(d), ztop(b)
        share = zd / (zd + zb) if zd + zb > 0 else 0.5
        w = (1 - beta) * w0 + beta * share
        return zfuse(d, b, w)

    for w0 in (0.5, 0.6):
        for beta in (0.5, 1.0):
            show(f"zconf w0={w0} beta={beta}", score(lambda d, b, w0=w0, be=beta: confuse(d, b, w0, be)))
    for w0 in (0.55, 0.6):
        for alpha in (1.0, 1.5):
            show(f"z gap w0={w0} a={alpha}", score(lambda d, b, w0=w0, a=alpha: gapfuse(d, b, w0, a)))
    return 0


def _rrf(dense: dict, lexical: dict, k: int) -> dict:
    fused: dict[int, float] = {}
    for ranking in (dense, lexical):
        for rank, row in enumerate(sorted(ranking, key=lambda r: -ranking[r]), start=1):
            fused[row] = fused.get(row, 0.0) + 1.0 / (k + rank)
    return fused


if __name__ == "__main__":
    sys.exit(main())
