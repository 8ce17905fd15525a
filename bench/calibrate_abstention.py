"""Calibrate the answer abstention threshold on questions that are never reported.

    .venv/bin/python bench/calibrate_abstention.py ../shared/data/squad-v2.0-dev-half --exclude-sample 800

Builds (or reuses) an index of the dataset, answers up to --max-queries answerable and as many
unanswerable questions outside the reported sample (the N of `reportqa eval --max-queries N`,
seed 0), and prints, per threshold on the support score, the share of answerable questions
answered, answer_hit, top1_sentence_hit and abstain_correct. It recommends the threshold with
the most correct abstentions whose answer_hit stays within --max-loss of no abstention.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # reportqa itself is imported as installed (pip install -e .)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--split")
    parser.add_argument("--exclude-sample", type=int, default=800, metavar="N")
    parser.add_argument("--max-queries", type=int, default=1000)
    parser.add_argument("--max-loss", type=float, default=0.04, help="answer_hit points one may lose (default 0.04)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/reportqa-tune"))
    args = parser.parse_args()
    if not args.dataset.exists():
        print(f"dataset folder not found: {args.dataset} (pass ../shared/data/<name>)", file=sys.stderr)
        return 2

    from reportqa.config import Settings
    from reportqa.eval_data import load_dataset
    from reportqa.evaluation import (
        abstention_summary,
        answer_metrics,
        index_dataset,
        sample_queries,
        sample_unanswerable,
    )

    dataset = load_dataset(args.dataset, args.split)
    settings = Settings.from_env(show_progress=False)
    retriever, _, _ = index_dataset(dataset, settings, args.workdir / f"{dataset.name}-{dataset.split}")

    # The questions `reportqa eval --max-queries N` reports on (seed 0) are never calibrated on.
    held_answerable = set(sample_queries(dataset, args.exclude_sample, 0))
    held_unanswerable = set(sample_unanswerable(dataset, args.exclude_sample, 0))
    rng = random.Random(1)
    answerable = [q for q in sorted(dataset.answers) if q not in held_answerable]
    unanswerable = [q for q in sorted(dataset.unanswerable) if q not in held_unanswerable]
    answerable = sorted(rng.sample(answerable, min(args.max_queries, len(answerable))))
    unanswerable = sorted(rng.sample(unanswerable, min(args.max_queries, len(unanswerable))))
    print(f"{dataset.name}: calibrating on {len(answerable)} answerable + {len(unanswerable)} unanswerable questions")
    records = answer_metrics(dataset, retriever, retriever.settings, answerable, unanswerable)["records"]

    baseline = abstention_summary(records, float("-inf"))
    print(f"without abstention: answer_hit {baseline['answer_hit']}  top1_sentence_hit {baseline['top1_sentence_hit']}")
    print(f"{'threshold':>9} {'answered':>9} {'answer_hit':>11} {'top1_hit':>9} {'abstain_ok':>11}")
    best = None
    supports = sorted({r["support"] for r in records})
    for threshold in [round(0.30 + 0.025 * i, 3) for i in range(33)]:
        if threshold > supports[-1]:
            break
        s = abstention_summary(records, threshold)
        print(
            f"{threshold:>9} {s['answered_share']:>9} {s['answer_hit']:>11} {s['top1_sentence_hit']:>9} {s['abstain_correct']:>11}"
        )
        if s["answer_hit"] >= baseline["answer_hit"] - args.max_loss:
            best = threshold
    print(f"recommended threshold (answer_hit loss <= {args.max_loss}): {best}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
