"""Retrieval quality of dense, BM25 and hybrid search on public datasets, one table each.

    .venv/bin/python bench/eval_retrieval.py --data ../shared/data            # every dataset found
    .venv/bin/python bench/eval_retrieval.py --data ../shared/data squad-v2.0-dev-half --max-queries 800
    .venv/bin/python bench/eval_retrieval.py --data ../shared/data --milvus   # both stores, one run

Each run builds a fresh index in a temporary folder (see `reportqa eval`, which this
calls per dataset) and prints Recall@1/5/10, MRR@10, nDCG@10 and query time per mode. With ``--milvus`` each dataset is
also indexed in Milvus (milvus-lite, a scratch file), with the same embedding model, and a last
table sets each mode's nDCG@10 on the two stores side by side (docs/EVALUATION.md).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # reportqa itself is imported as installed (pip install -e .)

# The split reported for each dataset: test splits where the data has them.
REPORTED = {
    "squad-v2.0-dev-half": {"max_queries": 800},
    "cranfield": {},
    "tatqa": {"split": "test_gold"},
    "qmsum-committee": {"split": "test"},
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("datasets", nargs="*", help="dataset folder names under --data (default: all known)")
    parser.add_argument(
        "--data", type=Path, default=ROOT.parent / "shared" / "data", help="folder holding the datasets"
    )
    parser.add_argument("--max-queries", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="write every report to this JSON file")
    parser.add_argument("--milvus", action="store_true", help="also run each dataset on the Milvus store")
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"data folder not found: {args.data} -- pass --data PATH (e.g. ../shared/data)", file=sys.stderr)
        return 2

    from reportqa.config import Settings
    from reportqa.eval_data import load_dataset
    from reportqa.evaluation import evaluate, format_table

    names = args.datasets or [name for name in REPORTED if (args.data / name).is_dir()]
    settings = Settings.from_env(show_progress=False)
    embedder = None
    if args.milvus:  # one model for both stores, loaded once
        from reportqa.embed import load_embedder

        embedder = load_embedder(settings)
    reports = []
    parity = []
    with tempfile.TemporaryDirectory(prefix="reportqa-milvus-eval-") as scratch:
        for name in names:
            options = dict(REPORTED.get(name, {}))
            if args.max_queries:
                options["max_queries"] = args.max_queries
            dataset = load_dataset(args.data / name, options.pop("split", None))
            stores = {"embedded": settings}
            if args.milvus:
                stores["milvus"] = settings.with_(store=f"milvus:{scratch}/{name}.db")
            by_store = {}
            for store, store_settings in stores.items():
                report = evaluate(dataset, store_settings, seed=args.seed, embedder=embedder, **options)
                report["store"] = store
                reports.append(report)
                by_store[store] = report
                print(f"[{store}]", format_table(report), end="\n\n", flush=True)
            if args.milvus:
                parity.append((name, by_store["embedded"], by_store["milvus"]))
    if parity:
        print("| dataset | mode | nDCG@10 embedded | nDCG@10 Milvus | difference | query ms p50 embedded / Milvus |")
        print("|---|---|---|---|---|---|")
        for name, embedded, milvus in parity:
            for mode, scores in embedded["modes"].items():
                other = milvus["modes"][mode]
                print(
                    f"| {name} | {mode} | {scores['ndcg@10']:.4f} | {other['ndcg@10']:.4f} | "
                    f"{other['ndcg@10'] - scores['ndcg@10']:+.4f} | {scores['query_ms_p50']} / {other['query_ms_p50']} |"
                )
    if args.json:
        args.json.write_text(json.dumps(reports, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
