"""Memory, build time, search latency and graph recall at 100k and 1M chunks.

    .venv/bin/python bench/scale.py --chunks 100000 --windows 4
    .venv/bin/python bench/scale.py --chunks 1000000 --windows 1 --json scale-1m.json

Embedding a million chunks takes hours on a 2-core machine, so the stored vectors are
synthetic (clustered unit vectors, like real embeddings) and the chunk texts are generated
from a Zipf-distributed vocabulary; everything else is the real pipeline: IndexStore.commit
writes the generation (SQLite, FAISS, BM25), Retriever.load opens it, and the questions are
real text embedded by the real model, so the latency includes query embedding, BM25, the
vector index and fusion. Recall@10 of the vector index is measured at the chunk level
against exact search over the same vectors, with query vectors drawn like the data.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # reportqa itself is imported as installed (pip install -e .)

import numpy as np  # noqa: E402


def synthetic_chunks(count: int, windows: int, rng: np.random.Generator):
    """Chunks of ~40 words, ten per document, with ``windows`` dense windows each."""
    from reportqa.types import Chunk, DocumentRecord

    vocabulary = np.array([f"w{n}" for n in range(50_000)])
    words = vocabulary[np.minimum(rng.zipf(1.3, size=(count, 40)), len(vocabulary)) - 1]
    documents, chunks = [], []
    for first in range(0, count, 10):
        doc_id = f"doc{first // 10:07d}"
        documents.append(
            DocumentRecord(
                doc_id,
                "/bench",
                f"{doc_id}.txt",
                doc_id,
                "2024-01-01",
                "0" * 64,
                1,
                1,
                None,
                0,
                "2024-01-01T00:00:00+00:00",
            )
        )
        for ordinal, row in enumerate(range(first, min(first + 10, count))):
            text = " ".join(words[row]) + "."
            step = len(text) // windows
            spans = tuple((w * step, len(text) if w == windows - 1 else (w + 1) * step) for w in range(windows))
            chunks.append(
                Chunk(
                    f"{doc_id}:{ordinal}",
                    doc_id,
                    f"{doc_id}.txt",
                    doc_id,
                    "2024-01-01",
                    None,
                    0,
                    len(text),
                    text,
                    spans,
                )
            )
    return documents, chunks


def clustered_vectors(count: int, dimension: int, rng: np.random.Generator, centres: np.ndarray) -> np.ndarray:
    vectors = centres[rng.integers(0, len(centres), count)] + rng.normal(
        0, 0.7 / np.sqrt(dimension), (count, dimension)
    )
    vectors = vectors.astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--windows", type=int, default=4, help="dense windows per chunk (the bundled corpus has ~4.5)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--workdir", type=Path, help="where to build the index (default: a temporary folder)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    from reportqa.config import Settings
    from reportqa.embed import load_embedder
    from reportqa.retrieve import Retriever
    from reportqa.store import IndexContent, IndexStore

    rng = np.random.default_rng(0)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="reportqa-scale-"))
    settings = Settings(index_dir=work / "index", show_progress=False)
    embedder = load_embedder(settings)

    started = time.perf_counter()
    documents, chunks = synthetic_chunks(args.chunks, args.windows, rng)
    centres = rng.normal(0, 1, (max(args.chunks // 50, 10), embedder.dimension)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    vectors = clustered_vectors(args.chunks * args.windows, embedder.dimension, rng, centres)
    print(
        f"{args.chunks} chunks, {len(vectors)} vectors generated in {time.perf_counter() - started:.0f} s", flush=True
    )

    started = time.perf_counter()
    content = IndexContent(embedder.identity, settings.chunking.as_dict(), documents, chunks, vectors)
    manifest = IndexStore(settings.index_dir).commit_content(content)
    build_s = time.perf_counter() - started
    del documents, chunks
    generation = settings.index_dir / f"gen-{manifest.generation:06d}"
    disk_mb = sum(p.stat().st_size for p in generation.rglob("*") if p.is_file()) / 1e6
    print(f"commit (SQLite + {manifest.faiss_index} + BM25): {build_s:.0f} s, {disk_mb:.0f} MB on disk", flush=True)

    before = rss_mb()
    started = time.perf_counter()
    retriever = Retriever.load(settings.index_dir, settings, embedder=embedder)
    open_s = time.perf_counter() - started
    loaded_mb = rss_mb() - before

    # Latency: real questions, real query embedding, hybrid search.
    topics = ["w3 w17 budget", "w120 w5 cooperation", "w7 w2210 visit", "w42 w9 w311", "w1 w88 w1500 agreement"]
    questions = [f"{topics[i % len(topics)]} w{int(x)}" for i, x in enumerate(rng.integers(10, 5000, args.queries))]
    retriever.search(questions[0])
    latencies = {"hybrid": [], "dense": [], "bm25": []}
    for mode in latencies:
        for question in questions:
            began = time.perf_counter()
            retriever.search(question, k=10, mode=mode)
            latencies[mode].append((time.perf_counter() - began) * 1000)

    # Recall@10 of the vector index at the chunk level, against exact search.
    snapshot = retriever._live()
    queries = clustered_vectors(args.queries, embedder.dimension, rng, centres)
    offsets = snapshot.window_offsets
    recalls = []
    for query in queries:
        found = list(Retriever._dense_search(snapshot, query[None, :], 10, None))[:10]
        exact_windows = vectors @ query
        best_per_chunk = np.maximum.reduceat(exact_windows, offsets[:-1])
        exact = np.argsort(-best_per_chunk)[:10]
        recalls.append(len(set(found) & set(exact.tolist())) / 10)

    figures = {
        "chunks": args.chunks,
        "vectors": len(vectors),
        "faiss_index": manifest.faiss_index,
        "build_s": round(build_s, 1),
        "open_s": round(open_s, 2),
        "disk_mb": round(disk_mb, 1),
        "loaded_rss_mb": round(loaded_mb, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "recall_at_10": round(float(np.mean(recalls)), 4),
    }
    for mode, values in latencies.items():
        figures[f"{mode}_p50_ms"] = round(statistics.median(values), 2)
        figures[f"{mode}_p99_ms"] = round(float(np.percentile(values, 99)), 2)
    for key, value in figures.items():
        print(f"{key:>16}: {value}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
