"""Memory, build time, search latency and vector-search recall at 100k and 1M chunks, on the
embedded store, on Milvus (milvus-lite), or both side by side in one run.

    .venv/bin/python bench/scale.py --chunks 100000 --windows 4
    .venv/bin/python bench/scale.py --chunks 100000 --windows 4 --store both
    .venv/bin/python bench/scale.py --chunks 1000000 --windows 1 --store both --json scale-1m.json

Embedding a million chunks takes hours on a 2-core machine, so the stored vectors are
synthetic (clustered unit vectors, like real embeddings) and the chunk texts are generated
from a Zipf-distributed vocabulary; everything else is the real pipeline: the store's commit
writes them (SQLite, FAISS, BM25; or Milvus's collections, in batches of 2,000 reports as ingest
commits), Retriever.load opens the index, and the questions are
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
                min(10, count - first),  # its chunks: what a reader counts the index by
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


def rss_mb(pid: str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def children_rss_mb() -> float:
    """Resident memory of this process's child processes (milvus-lite's engine runs as one)."""
    import os

    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == os.getpid():  # the parent pid
                total += rss_mb(stat.parent.name)
        except (OSError, ValueError, IndexError):
            continue  # a process that ended meanwhile
    return total


def commit_embedded(settings, identity, documents, chunks, vectors) -> dict:
    from reportqa.stores import IndexContent, IndexStore

    content = IndexContent(identity, settings.chunking.as_dict(), documents, chunks, vectors)
    manifest = IndexStore(settings.index_dir).commit_content(content)
    generation = settings.index_dir / f"gen-{manifest.generation:06d}"
    disk_mb = sum(p.stat().st_size for p in generation.rglob("*") if p.is_file()) / 1e6
    return {"vector_index": manifest.faiss_index, "disk_mb": round(disk_mb, 1)}


def commit_milvus(settings, identity, documents, chunks, vectors, windows: int, batch_documents: int = 2000) -> dict:
    """Through MilvusStore.commit, in batches of reports as ingest commits them."""
    from reportqa.stores import DocumentContent, IndexChange, open_backend

    store = open_backend(settings)
    by_doc: dict[str, list] = {}
    for row, chunk in enumerate(chunks):
        by_doc.setdefault(chunk.doc_id, []).append(row)
    for first in range(0, len(documents), batch_documents):
        put = []
        for record in documents[first : first + batch_documents]:
            rows = by_doc.get(record.doc_id, [])
            block = vectors[rows[0] * windows : (rows[-1] + 1) * windows] if rows else vectors[:0]
            put.append(DocumentContent(record, [chunks[r] for r in rows], block))
        store.commit(IndexChange(identity, settings.chunking.as_dict(), put))
    store.close()
    path = Path(settings.store.removeprefix("milvus:"))
    disk_mb = sum(p.stat().st_size for p in path.parent.rglob("*") if p.is_file()) / 1e6
    return {"vector_index": "milvus-lite AUTOINDEX", "disk_mb": round(disk_mb, 1)}


def measure(store: str, settings, embedder, documents, chunks, vectors, windows, centres, args, rng) -> dict:
    from reportqa.retrieve import Retriever

    count = len(chunks)
    started = time.perf_counter()
    if store == "embedded":
        figures = commit_embedded(settings, embedder.identity, documents, chunks, vectors)
    else:
        figures = commit_milvus(settings, embedder.identity, documents, chunks, vectors, windows)
    build_s = time.perf_counter() - started
    print(f"[{store}] commit: {build_s:.0f} s ({count / build_s:.0f} chunks/s)", flush=True)

    before = rss_mb()
    started = time.perf_counter()
    retriever = Retriever.load(settings.index_dir, settings, embedder=embedder)
    open_s = time.perf_counter() - started
    loaded_mb = rss_mb() - before

    # Latency: real questions, real query embedding, the store's dense and BM25 search, fusion.
    topics = ["w3 w17 budget", "w120 w5 cooperation", "w7 w2210 visit", "w42 w9 w311", "w1 w88 w1500 agreement"]
    questions = [f"{topics[i % len(topics)]} w{int(x)}" for i, x in enumerate(rng.integers(10, 5000, args.queries))]
    retriever.search(questions[0])
    latencies: dict[str, list[float]] = {"hybrid": [], "dense": [], "bm25": []}
    for mode in latencies:
        for question in questions:
            began = time.perf_counter()
            retriever.search(question, k=10, mode=mode)
            latencies[mode].append((time.perf_counter() - began) * 1000)

    # Recall@10 of the store's vector search at the chunk level, against exact search.
    snapshot = retriever._live()
    queries = clustered_vectors(args.queries, embedder.dimension, rng, centres)
    best_per_chunk_of = vectors.reshape(count, windows, -1)
    recalls = []
    for query in queries:
        rows = list(snapshot.dense_search(query[None, :], 10, None))[:10]
        found = {c.chunk_id for c in snapshot.chunks_at(rows).values()}
        exact = np.argsort(-(best_per_chunk_of @ query).max(axis=1))[:10]
        recalls.append(len(found & {chunks[i].chunk_id for i in exact.tolist()}) / 10)
    engine_mb = children_rss_mb()  # while the index is open
    retriever.close()

    figures.update(
        {
            "engine_rss_mb": round(engine_mb, 1),  # 0 for the embedded store: it runs in-process
            "build_s": round(build_s, 1),
            "insert_chunks_per_s": round(count / build_s, 1),
            "open_s": round(open_s, 2),
            "loaded_rss_mb": round(loaded_mb, 1),
            "recall_at_10": round(float(np.mean(recalls)), 4),
        }
    )
    for mode, values in latencies.items():
        figures[f"{mode}_p50_ms"] = round(statistics.median(values), 2)
        figures[f"{mode}_p99_ms"] = round(float(np.percentile(values, 99)), 2)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--windows", type=int, default=4, help="dense windows per chunk (the bundled corpus has ~4.5)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--store", choices=("embedded", "milvus", "both"), default="embedded", help="which store(s) to measure"
    )
    parser.add_argument("--workdir", type=Path, help="where to build the index (default: a temporary folder)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    from reportqa.config import Settings
    from reportqa.embed import load_embedder

    rng = np.random.default_rng(0)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="reportqa-scale-"))
    embedder = load_embedder(Settings(show_progress=False))

    started = time.perf_counter()
    documents, chunks = synthetic_chunks(args.chunks, args.windows, rng)
    centres = rng.normal(0, 1, (max(args.chunks // 50, 10), embedder.dimension)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    vectors = clustered_vectors(args.chunks * args.windows, embedder.dimension, rng, centres)
    print(
        f"{args.chunks} chunks, {len(vectors)} vectors generated in {time.perf_counter() - started:.0f} s", flush=True
    )
    stores = ["embedded", "milvus"] if args.store == "both" else [args.store]
    results = {"chunks": args.chunks, "vectors": len(vectors)}
    for store in stores:
        settings = Settings(index_dir=work / "index", show_progress=False)
        if store == "milvus":
            settings = settings.with_(store=f"milvus:{work / 'milvus' / 'scale.db'}")
        results[store] = measure(
            store, settings, embedder, documents, chunks, vectors, args.windows, centres, args, rng
        )
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)

    keys = list(results[stores[0]])
    print(f"{'':>20}" + "".join(f"{store:>16}" for store in stores))
    for key in keys:
        print(f"{key:>20}" + "".join(f"{results[store][key]!s:>16}" for store in stores))
    print(f"{'peak_rss_mb':>20}{results['peak_rss_mb']:>16}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
