"""Tune the hybrid fusion offline, on tuning queries only, from cached dense and BM25 candidates.

    .venv/bin/python bench/tune_fusion.py cache ../shared/data            # index + cache every split (once)
    .venv/bin/python bench/tune_fusion.py tune                            # score fusion variants, tuning splits
    .venv/bin/python bench/tune_fusion.py tune --reported                 # ... and the reported splits

``cache`` ingests each split once (entities off) into ``--workdir`` and keeps, per split: the
dense window vectors and the chunk each belongs to, every query's vector (the query model's, as
``reportqa ask`` computes it), its 100 best BM25 chunks and which chunks hold which dataset
documents. Everything after that is numpy: no re-embedding per experiment.

Tuning queries are never reported: SQuAD answerable questions outside the 800 of the reported
sample (1,500 sampled with seed 1), TAT-QA ``dev``, QMSum ``train`` and ``val``. Reported:
SQuAD's 800 (seed 0), TAT-QA ``test_gold``, QMSum ``test`` and all of Cranfield, which has no
tuning split and is tuned on by nothing (a collection the fusion has never seen, as a user's is).
``tune`` prints nDCG@10 (and MRR@10, R@1) of dense, BM25 and each fusion variant per split, and
the mean over the tuning splits and the smallest margin over the better single side.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent  # reportqa itself is imported as installed (pip install -e .)

POOL = 100  # candidates per ranking, as Retriever.search fetches them
# (dataset folder, split or None, role, sample: (max queries, seed, excluded sample size))
SPLITS = [
    ("squad-v2.0-dev-half", None, "tune", (1500, 1, 800)),
    ("tatqa", "dev", "tune", None),
    ("qmsum-committee", "train", "tune", None),
    ("qmsum-committee", "val", "tune", None),
    ("squad-v2.0-dev-half", None, "reported", (800, 0, 0)),
    ("tatqa", "test_gold", "reported", None),
    ("qmsum-committee", "test", "reported", None),
    ("cranfield", None, "reported", None),
]


def split_key(name: str, split: str | None, role: str) -> str:
    return f"{name}-{split or 'all'}-{role}"


def cache(data: Path, workdir: Path, only: list[str]) -> None:
    """Index each split once and keep what fusion needs (see the module docstring)."""
    from reportqa.config import Settings
    from reportqa.eval_data import load_dataset
    from reportqa.evaluation import index_dataset, sample_queries

    settings = Settings.from_env(show_progress=False, entities=False)
    for name, split, role, sample in SPLITS:
        key = split_key(name, split, role)
        if only and not any(o in key for o in only):
            continue
        out = workdir / f"{key}.npz"
        if out.exists():
            print(f"{key}: cached", flush=True)
            continue
        dataset = load_dataset(data / name, split)
        # The index depends on the documents only: SQuAD's tuning and reported queries share one.
        retriever, file_to_docs, seconds = index_dataset(
            dataset, settings, workdir / "indexes" / f"{dataset.name}-{dataset.split}"
        )
        if sample is None:
            queries = sorted(dataset.qrels)
        else:
            size, seed, excluded_size = sample
            excluded = set(sample_queries(dataset, excluded_size, 0)) if excluded_size else set()
            pool = [q for q in sorted(dataset.qrels) if q not in excluded]
            queries = sample_queries(dataset, size, seed) if not excluded else _sample(pool, size, seed)
        snapshot = retriever._live()
        count = snapshot.manifest.chunks
        windows = snapshot.window_vectors_of(list(range(count)))
        window_chunk = snapshot.chunk_of_windows(np.arange(len(windows)))
        vectors = np.stack([retriever.question_vector(dataset.queries[q]) for q in queries])
        bm25_rows = np.full((len(queries), POOL), -1, dtype=np.int64)
        bm25_scores = np.zeros((len(queries), POOL), dtype=np.float32)
        for number, query_id in enumerate(queries):
            rows, scores = snapshot.lexical_search(dataset.queries[query_id], POOL, None)
            bm25_rows[number, : len(rows)] = rows
            bm25_scores[number, : len(rows)] = scores
        chunks = snapshot.chunks_at(list(range(count)))
        meta = {
            "queries": queries,
            "qrels": {q: dataset.qrels[q] for q in queries},
            "row_docs": [file_to_docs[chunks[row].source] for row in range(count)],
            "ingest_seconds": round(seconds, 1),
            "backend": snapshot.manifest.backend,
        }
        np.savez(
            out,
            windows=windows.astype(np.float32),
            window_chunk=window_chunk,
            vectors=vectors.astype(np.float32),
            bm25_rows=bm25_rows,
            bm25_scores=bm25_scores,
            meta=np.array(json.dumps(meta)),
        )
        retriever.close()
        print(
            f"{key}: {len(queries)} queries, {count} chunks, {len(windows)} windows, ingest {seconds:.1f} s", flush=True
        )


def _sample(ids: list[str], size: int, seed: int) -> list[str]:
    import random

    return sorted(random.Random(seed).sample(ids, size)) if size < len(ids) else ids


class Split:
    """One cached split: each query's dense and BM25 candidates (row -> score), and its qrels."""

    def __init__(self, path: Path):
        data = np.load(path)
        meta = json.loads(str(data["meta"]))
        self.key = path.stem
        self.queries: list[str] = meta["queries"]
        self.qrels: dict[str, dict[str, int]] = meta["qrels"]
        self.row_docs: list[list[str]] = meta["row_docs"]
        window_chunk = data["window_chunk"]
        count = len(self.row_docs)
        # Every chunk's dense score is that of its best window (as the store's dense_search).
        scores = data["vectors"] @ data["windows"].T  # queries x windows
        # Windows are stored chunk by chunk, so each chunk's windows are one run of columns.
        starts = np.searchsorted(window_chunk, np.arange(count))
        best = np.maximum.reduceat(scores, starts, axis=1)
        self.window_scores, self.window_starts = scores, starts
        sums = np.add.reduceat(data["windows"], starts, axis=0)
        self.centroid = (data["vectors"] @ sums.T) / np.linalg.norm(sums, axis=1)
        self.dense: list[dict[int, float]] = []
        self.bm25: list[dict[int, float]] = []
        for number in range(len(self.queries)):
            top = np.argsort(-best[number])[:POOL]
            self.dense.append({int(r): float(best[number, r]) for r in top})
            rows, values = data["bm25_rows"][number], data["bm25_scores"][number]
            keep = rows >= 0
            self.bm25.append({int(r): float(s) for r, s in zip(rows[keep], values[keep], strict=True)})

    def dense_from(
        self, share: float, fused: bool = True
    ) -> Callable[[dict[int, float], dict[int, float]], dict[int, float]]:
        """Fusion (the product's) with each chunk's dense score ``share`` its windows' centroid
        (the normalised mean of its window vectors: close to one vector per chunk) and the rest
        its best window."""
        from reportqa.retrieve import fuse

        best = np.maximum.reduceat(self.window_scores, self.window_starts, axis=1)
        mixed = (1 - share) * best + share * self.centroid
        rows = iter(range(len(self.queries)))

        def combine(dense: dict[int, float], lexical: dict[int, float]) -> dict[int, float]:
            row = mixed[next(rows)]
            top = np.argsort(-row)[:POOL]
            dense = {int(r): float(row[r]) for r in top}
            return fuse(dense, lexical, lexical_exhaustive=len(lexical) < POOL) if fused else dense

        return combine

    def score(self, combine: Callable[[dict[int, float], dict[int, float]], dict[int, float]]) -> dict[str, float]:
        """nDCG@10, MRR@10 and R@1 of the document ranking ``combine`` makes (a document's
        rank is that of its best chunk, as ``reportqa eval`` ranks them)."""
        import ir_measures
        from ir_measures import RR, R, nDCG

        run = {}
        for number, query_id in enumerate(self.queries):
            fused = combine(self.dense[number], self.bm25[number])
            docs: dict[str, float] = {}
            for row, _ in sorted(fused.items(), key=lambda item: -item[1]):
                for doc in self.row_docs[row]:
                    if doc not in docs and len(docs) < 10:
                        docs[doc] = float(10 - len(docs))
                if len(docs) >= 10:
                    break
            run[query_id] = docs
        result = ir_measures.calc_aggregate([nDCG @ 10, RR @ 10, R @ 1], self.qrels, run)
        return {"ndcg": result[nDCG @ 10], "mrr": result[RR @ 10], "r1": result[R @ 1]}


def zfusion(w0: float, shift: float, power: float) -> Callable[[dict[int, float], dict[int, float]], dict[int, float]]:
    """reportqa's fusion with other constants: dense share ``w0 - shift * BM25 gap``, and a row
    both rankings list multiplied by 2 ** ``power`` (0: plain weighted sum of z-scores)."""
    from reportqa import retrieve

    def combine(dense: dict[int, float], lexical: dict[int, float]) -> dict[int, float]:
        saved = retrieve.DENSE_WEIGHT, retrieve.LEXICAL_GAP_SHIFT, retrieve.BOTH_LISTS_BONUS
        retrieve.DENSE_WEIGHT, retrieve.LEXICAL_GAP_SHIFT, retrieve.BOTH_LISTS_BONUS = w0, shift, 2.0**power
        try:
            return retrieve.fuse(dense, lexical, lexical_exhaustive=len(lexical) < POOL)
        finally:
            retrieve.DENSE_WEIGHT, retrieve.LEXICAL_GAP_SHIFT, retrieve.BOTH_LISTS_BONUS = saved

    return combine


def variants(grid: bool) -> dict[str, Callable[[dict[int, float], dict[int, float]], dict[int, float]]]:
    """The fusion variants compared: the product's own ``fuse`` first, then what it replaced
    and what was tried beside it (docs/EVALUATION.md); with ``grid``, every constant tried."""
    from reportqa import retrieve

    found = {
        "dense": lambda d, s: d,
        "bm25": lambda d, s: s,
        "fuse (product)": lambda d, s: retrieve.fuse(d, s, lexical_exhaustive=len(s) < POOL),
        "before: w 0.5 - 1.0 gap, no bonus": zfusion(0.5, 1.0, 0.0),
        "z-sum w 0.35 (no gap, no bonus)": zfusion(0.35, 0.0, 0.0),
        "rrf k=20": lambda d, s: rrf(d, s, 20),
        "rrf k=60": lambda d, s: rrf(d, s, 60),
    }
    if grid:
        for w0 in (0.3, 0.35, 0.4, 0.45, 0.5):
            for shift in (0.0, 0.5, 1.0):
                for power in (0.0, 0.15, 0.25, 0.35, 0.5):
                    found[f"w {w0} shift {shift} both 2^{power}"] = zfusion(w0, shift, power)
    return found


def rrf(dense: dict[int, float], lexical: dict[int, float], k: float) -> dict[int, float]:
    fused: dict[int, float] = {}
    for ranking in (dense, lexical):
        for rank, row in enumerate(sorted(ranking, key=lambda r: -ranking[r]), start=1):
            fused[row] = fused.get(row, 0.0) + 1.0 / (k + rank)
    return fused


def tune(workdir: Path, reported: bool, only: list[str], grid: bool, windows: bool) -> None:
    paths = sorted(workdir.glob("*-tune.npz")) + (sorted(workdir.glob("*-reported.npz")) if reported else [])
    splits = [Split(p) for p in paths if not only or any(o in p.stem for o in only)]
    table: dict[str, dict[str, dict[str, float]]] = {}
    for label, combine in variants(grid).items():
        table[label] = {s.key: s.score(combine) for s in splits}
    if windows:  # a chunk's dense score from its windows' centroid instead of its best window
        for share in (0.5, 1.0):
            for fused in (False, True):
                label = f"{'fuse' if fused else 'dense'}, chunk = {share} centroid + {1 - share} best window"
                table[label] = {s.key: s.score(s.dense_from(share, fused)) for s in splits}
    show(table, splits)


def show(table: dict[str, dict[str, dict[str, float]]], splits: list[Split]) -> None:
    """nDCG@10 per split (R@1 in brackets), the mean over the tuning splits and the smallest
    margin over the better of dense and BM25 on them (the setting is chosen by that margin: a
    fusion that never loses), best first; reported splits (*) are shown, never used to choose."""
    keys = [s.key for s in splits]
    tuning = [k for k in keys if k.endswith("-tune")]

    def margin(label: str, key: str) -> float:
        return table[label][key]["ndcg"] - max(table["dense"][key]["ndcg"], table["bm25"][key]["ndcg"])

    names = [k.replace("-tune", "").replace("-reported", "*").replace("-committee", "") for k in keys]
    print(f"{'variant':38}" + "".join(f"{n[:17]:>18}" for n in names) + "   mean(tune)  min margin(tune)")
    rows = sorted(table, key=lambda label: -min((margin(label, k) for k in tuning), default=0.0))
    for label in rows:
        scores = table[label]
        cells = "".join(f"{scores[k]['ndcg']:>10.4f} ({scores[k]['r1']:.3f})" for k in keys)
        mean = np.mean([scores[k]["ndcg"] for k in tuning]) if tuning else float("nan")
        least = min((margin(label, k) for k in tuning), default=float("nan"))
        print(f"{label[:38]:38}{cells}   {mean:.4f}      {least:+.4f}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=("cache", "tune"))
    parser.add_argument("data", type=Path, nargs="?", default=ROOT.parent / "shared" / "data")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/reportqa-tune"))
    parser.add_argument("--only", nargs="*", default=[], help="splits whose name contains one of these")
    parser.add_argument("--reported", action="store_true", help="also score the reported splits (never tune on them)")
    parser.add_argument("--grid", action="store_true", help="every fusion constant tried (75 settings)")
    parser.add_argument("--windows", action="store_true", help="also dense scores from the windows' centroid")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.step == "cache":
        if not args.data.is_dir():
            print(f"data folder not found: {args.data}", file=sys.stderr)
            return 2
        cache(args.data, args.workdir, args.only)
    else:
        tune(args.workdir, args.reported, args.only, args.grid, args.windows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
