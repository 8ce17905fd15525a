"""Embedding throughput of every backend on this CPU, on the texts ingest embeds, and what ``auto`` picks.

    .venv/bin/python bench/embed_paths.py                                      # generated corpus
    .venv/bin/python bench/embed_paths.py --pdfs ../shared/data/institutional-report-pdfs

The dense windows of bench/run.py's generated visit reports (and of a folder of real reports
with --pdfs) are embedded by torch fp32, torch-bf16, onnx-fp32 and onnx-int8 in turns, --rounds
rounds, the best round of each kept (a busy machine slows a round, not the comparison). Then the
timing ``auto`` itself makes (embed.backend_timings: 64 passages, cached per CPU) and its pick.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


def windows_of(folder: Path, settings) -> list[str]:
    """The dense windows ingest would embed for the reports in ``folder``."""
    from reportqa.chunk import ModelTokenizer, chunk_document
    from reportqa.load import iter_corpus_files, load_document

    files, _ = iter_corpus_files([folder])
    tokenizer = ModelTokenizer(settings.resolved_model_dir())
    texts = []
    for file in files:
        for chunk in chunk_document(load_document(file.path, file.source, file.root), tokenizer, settings.chunking):
            texts.extend(chunk.window_texts())
    return texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=150, help="generated reports (default 150, as run.py --quick)")
    parser.add_argument("--pdfs", type=Path, help="also a folder of real reports")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--backends", nargs="*", default=["torch", "torch-bf16", "onnx-fp32", "onnx-int8"])
    args = parser.parse_args()

    from reportqa import embed
    from reportqa.config import Settings
    from run import write_corpus

    settings = Settings.from_env(show_progress=False)
    files = embed.ModelFiles.of(settings.with_(backend="auto"))
    with tempfile.TemporaryDirectory(prefix="reportqa-embed-paths-") as scratch:
        generated = Path(scratch) / "generated"
        write_corpus(generated, args.docs)
        corpora = {"generated": windows_of(generated, settings)}
        if args.pdfs:
            corpora["pdfs"] = windows_of(args.pdfs, settings)
    embedders = {
        backend: embed.load_embedder(settings.with_(backend=backend), embed.prepare_model(files, backend))
        for backend in args.backends
    }
    print(f"CPU: {embed._cpu_model()}; flags: {' '.join(sorted(embed.cpu_flags() & RELEVANT)) or '-'}")
    for name, texts in corpora.items():
        best = {backend: float("inf") for backend in embedders}
        for embedder in embedders.values():  # warm-up: kernels prepared per batch shape
            embedder.encode(texts[:256])
        for _ in range(args.rounds):
            for backend, embedder in embedders.items():
                started = time.perf_counter()
                embedder.encode(texts)
                best[backend] = min(best[backend], time.perf_counter() - started)
            print(f"  round: {', '.join(f'{b} {s:.2f} s' for b, s in best.items())}", file=sys.stderr, flush=True)
        print(f"\n{name}: {len(texts)} dense windows, best of {args.rounds} rounds")
        reference = "torch" if "torch" in best else next(iter(best))
        print(f"| backend | seconds | windows/s | speed vs {reference} |")
        print("|---|---|---|---|")
        for backend, seconds in best.items():
            print(f"| {backend} | {seconds:.2f} | {len(texts) / seconds:.0f} | x{best[reference] / seconds:.2f} |")
    candidates = embed.backend_candidates(files)
    timings = embed.backend_timings(files, candidates)
    print(f"\nauto's timing (64 passages, cached): {timings} -> {embed.pick_fastest(timings)}")
    print(f"auto picks for a new index: {embed.choose_backend(files)}")
    return 0


RELEVANT = {"avx2", "avx512f", "avx512_vnni", "avx_vnni", "avx512_bf16", "amx_bf16", "amx_int8", "amx_tile"}

if __name__ == "__main__":
    sys.exit(main())
