"""Tune the answer composer's sentence scoring on SQuAD questions that are never reported.

    .venv/bin/python bench/tune_answers.py ../shared/data/squad-v2.0-dev-half --exclude-sample 800

Retrieves the passages of each tuning question once and caches every sentence embedding, then
re-composes the answers for a grid of scoring weights (answer.py's module constants) and prints
top1_sentence_hit and answer_hit for each.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent  # reportqa itself is imported as installed (pip install -e .)


class CachingEmbedder:
    """Wraps an embedder; each distinct text is embedded once."""

    def __init__(self, embedder):
        self._embedder = embedder
        self._cache: dict[str, np.ndarray] = {}
        self.identity = embedder.identity

    def encode(self, texts, description=None):
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            for text, vector in zip(missing, self._embedder.encode(missing), strict=True):
                self._cache[text] = vector
        return np.vstack([self._cache[t] for t in texts])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--exclude-sample", type=int, default=800)
    parser.add_argument("--max-queries", type=int, default=600)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/reportqa-tune"))
    args = parser.parse_args()
    if not args.dataset.exists():
        print(f"dataset folder not found: {args.dataset} (pass ../shared/data/<name>)", file=sys.stderr)
        return 2

    from reportqa import answer as answer_module
    from reportqa.answer import Answerer
    from reportqa.config import Settings
    from reportqa.eval_data import load_dataset
    from reportqa.evaluation import _contains, first_quote, index_dataset, sample_queries

    dataset = load_dataset(args.dataset)
    retriever, _, _ = index_dataset(
        dataset, Settings.from_env(show_progress=False), args.workdir / f"{dataset.name}-{dataset.split}"
    )
    held = set(sample_queries(dataset, args.exclude_sample, 0))
    pool = [q for q in sorted(dataset.answers) if q not in held]
    questions = sorted(random.Random(2).sample(pool, min(args.max_queries, len(pool))))
    cached = [
        (q, dataset.queries[q], retriever.search(dataset.queries[q], k=retriever.settings.answer_passages))
        for q in questions
    ]
    retriever._embedder = CachingEmbedder(retriever._embedder)
    answerer = Answerer(retriever)

    def measure() -> tuple[float, float]:
        top1 = hits = 0
        for query_id, question, passages in cached:
            answer = answerer.compose(question, passages, abstain_threshold=float("-inf"))
            golds = dataset.answers[query_id]
            hits += _contains(answer.text, golds)
            top1 += _contains(first_quote(answer.text), golds)
        return top1 / len(cached), hits / len(cached)

    print(f"{len(cached)} tuning questions; filling the embedding cache ...", flush=True)
    print("current constants: top1 {:.4f}  answer_hit {:.4f}".format(*measure()), flush=True)
    grid = itertools.product((0.15, 0.25, 0.4, 0.6), (0.0, 0.05, 0.15), (0.12, 0.2, 0.3))
    for lexical, rank, margin in grid:
        answer_module._LEXICAL_WEIGHT, answer_module._RANK_WEIGHT, answer_module._KEEP_MARGIN = lexical, rank, margin
        top1, hit = measure()
        print(
            f"lexical {lexical:<5} rank {rank:<5} margin {margin:<5} top1 {top1:.4f}  answer_hit {hit:.4f}", flush=True
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
