"""Ingest throughput, query latency, cold start and memory, side by side with baselines, in one run.

    .venv/bin/pip install -e ".[bench]"          # txtai, for the third column
    .venv/bin/python bench/run.py --quick --json perf.json

On the same generated corpus of visit reports it measures:
  (a) reportqa ingest (load, chunk, embed, store, then entities; the model and the spaCy pipeline
      already loaded) in chunks/s, and the same without the entity stage (also on the bundled
      corpus/, median of five runs each: the entity stage's cost). Ingest commits every report
      answerable first and its entities after (two phases): the time until every report is
      answerable (the first phase) is compared with the baseline's and txtai's whole run
      (answerable_ratio_vs_*), and entities_done_s is when the second phase ends,
  (b) the plain baseline on reportqa's chunks: SentenceTransformer.encode(batch_size=32) on
      the torch backend + faiss.IndexFlatIP.add,
  (c) txtai Embeddings.index on the same chunks with the same local model,
and the ratios reportqa/baseline and reportqa/txtai, for ingest and for the embedding step alone,
and the CPU family (AMX, AVX-512 VNNI, AVX-512, AVX2-only) the figures come from.
With --pdfs DIR the same is measured on a folder of real reports (their chunks are longer than
the generated ones'). Then warm hybrid Retriever.search p50/p99;
`reportqa ask` cold start and `reportqa --help` as processes; a no-change re-ingest of
1,000 reports; peak RSS. Figures are from one run on this machine; compare ratios, not
absolute numbers. --quick (150 reports) takes about 5 minutes here.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # reportqa itself is imported as installed (pip install -e .)

CITIES = ["Lianyungang", "Nantong", "Suzhou", "Hefei", "Ningbo", "Huzhou", "Shaoxing", "Qingdao", "Xuzhou", "Yancheng"]
INDUSTRIES = [
    "new medicines",
    "integrated circuits",
    "aerospace components",
    "new materials",
    "marine equipment",
    "artificial intelligence",
    "medical devices",
    "new-energy vehicles",
    "robotics",
    "photonics",
]
PEOPLE = ["Chen Meiling", "Xu Dongsheng", "Zhao Ming", "Qian Yuhan", "Peng Hao", "Gao Yan", "Liu Fang", "Wei Liang"]
ROLES = [
    "deputy director of the {city} Bureau of Commerce",
    "director of the {city} Science and Technology Bureau",
    "head of investment promotion of the {city} High-tech Zone",
]


def write_corpus(folder: Path, documents: int, seed: int = 0) -> None:
    """Visit reports of 5-9 paragraphs each, varied enough that chunks differ."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(documents):
        city, person = rng.choice(CITIES), rng.choice(PEOPLE)
        wanted = rng.sample(INDUSTRIES, 3)
        day = f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        paragraphs = [
            f"Visit Report {number}: {city} delegation at the Lingang Innovation Center\nDate: {day}",
            f"On {day}, {person}, {rng.choice(ROLES).format(city=city)}, led a delegation of {rng.randint(3, 12)} "
            f"people to the Lingang Innovation Center. The visitors were received by the Overseas Affairs Department.",
        ]
        for _ in range(rng.randint(5, 9)):
            industry = rng.choice(wanted)
            paragraphs.append(
                f"{person} explained that {city} has {rng.randint(10, 400)} companies in {industry} and wants to "
                f"cooperate with Lingang on {industry} and {rng.choice(INDUSTRIES)}. The park offers "
                f"{rng.randint(1, 5)} years of free rent and a fund of {rng.randint(10, 90)} million yuan. "
                f"The two sides agreed to exchange lists of companies by {rng.choice(['March', 'June', 'October'])} "
                f"and to meet again at the {rng.choice(['spring', 'autumn'])} forum in {rng.choice(CITIES)}. "
                f"Reference {rng.randint(1000, 9999)}-{number}."
            )
        (folder / f"visit-{number:05d}.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")


def entity_stage_cost(corpus: Path, work: Path, settings, embedder, extractor, runs: int = 5) -> dict:
    """Ingest of the bundled corpus with and without the entity stage, alternated ``runs`` times
    (it takes two seconds, so single runs are noise): medians and their ratio."""
    from reportqa.ingest import ingest

    seconds: dict[bool, list[float]] = {True: [], False: []}
    for run in range(runs):
        for entities in (False, True):
            index = work / f"bundled-{run}-{entities}"
            _, took = timed(ingest, [corpus], settings.with_(index_dir=index, entities=entities), embedder, extractor)
            seconds[entities].append(took)
    plain, with_entities = statistics.median(seconds[False]), statistics.median(seconds[True])
    return {
        "ingest_s": round(with_entities, 3),
        "ingest_without_entities_s": round(plain, 3),
        "entity_stage_throughput_ratio": round(plain / with_entities, 3),
    }


def measure_corpus(folder: Path, work: Path, settings, embedder, extractor, reference, skip_txtai: bool) -> dict:
    """Ingest of ``folder`` as users run it (every default stage on) and without the entity
    stage; the embedding step alone; the plain baseline and txtai on the same chunk texts."""
    import faiss

    from reportqa.ingest import ingest, ingest_answerable
    from reportqa.retrieve import Retriever

    index = work / "index"
    # The two phases of `reportqa ingest`, timed apart: answerable first, then the entities.
    (summary, backlog), answerable_s = timed(ingest_answerable, [folder], settings.with_(index_dir=index), embedder)
    _, entities_s = timed(backlog.complete, extractor, summary)
    ingest_s = answerable_s + entities_s
    plain = settings.with_(index_dir=work / "plain-index", entities=False)
    _, plain_ingest_s = timed(ingest, [folder], plain, embedder)
    snapshot = Retriever.load(index, settings.with_(index_dir=index), embedder=embedder)._snapshot
    stored = list(snapshot.chunks_at(list(range(summary.chunks))).values())
    texts = [c.text for c in stored]
    windows = [w for c in stored for w in c.window_texts()]
    _, embed_s = timed(embedder.encode, windows)
    read_s, chunk_s = read_and_chunk(folder, settings)

    model = reference._model  # a plain SentenceTransformer, torch backend

    def baseline():
        vectors = model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
        flat = faiss.IndexFlatIP(vectors.shape[1])
        flat.add(vectors)

    _, baseline_s = timed(baseline)
    _, baseline_embed_s = timed(model.encode, texts, batch_size=32, normalize_embeddings=True)
    txtai_s = None
    if not skip_txtai:
        try:
            from txtai import Embeddings
        except ImportError:
            print("txtai is not installed (pip install -e '.[bench]'); its column is skipped", file=sys.stderr)
        else:
            embeddings = Embeddings(path=str(settings.resolved_model_dir()), content=False, backend="faiss")
            embeddings.index(["warm-up"])  # loads the model outside the timing
            _, txtai_s = timed(embeddings.index, texts)
    chunks = summary.chunks
    pages = sum(r.pages or 1 for r in snapshot.documents())
    return {
        "chunks": chunks,
        "windows": len(windows),
        "pages": pages,
        "pages_per_s": round(pages / ingest_s, 2),
        "ingest_chunks_per_s": round(chunks / ingest_s, 2),
        "ingest_without_entities_chunks_per_s": round(chunks / plain_ingest_s, 2),
        "entity_stage_throughput_ratio": round(plain_ingest_s / ingest_s, 3),
        "baseline_chunks_per_s": round(chunks / baseline_s, 2),
        "txtai_chunks_per_s": round(chunks / txtai_s, 2) if txtai_s else None,
        "ratio_vs_baseline": round(baseline_s / ingest_s, 3),
        "ratio_vs_txtai": round(txtai_s / ingest_s, 3) if txtai_s else None,
        # Time until every report can be asked about (the first phase) against the others' whole run.
        "answerable_s": round(answerable_s, 2),
        "answerable_ratio_vs_baseline": round(baseline_s / answerable_s, 3),
        "answerable_ratio_vs_txtai": round(txtai_s / answerable_s, 3) if txtai_s else None,
        "entities_done_s": round(ingest_s, 2),
        "entities_done_over_answerable": round(ingest_s / answerable_s, 3),
        "embed_ratio_vs_baseline": round(baseline_embed_s / embed_s, 3),
        # Where ingest time goes: reading (PDF text), chunking, the embedding step alone.
        "stage_seconds": {
            "read": round(read_s, 2),
            "chunk": round(chunk_s, 2),
            "embed": round(embed_s, 2),
            "entities_added": round(ingest_s - plain_ingest_s, 2),
            "answerable": round(answerable_s, 2),
            "entities_phase": round(entities_s, 2),
            "ingest": round(ingest_s, 2),
        },
        "padded_tokens_by_characters": padded_tokens(windows, settings, by_characters=True),
        "padded_tokens_by_tokens": padded_tokens(windows, settings, by_characters=False),
    }


def read_and_chunk(folder: Path, settings) -> tuple[float, float]:
    """Seconds to read every file of ``folder`` (text extraction) and to chunk the result."""
    from reportqa.chunk import ModelTokenizer, chunk_document
    from reportqa.load import iter_corpus_files, load_document

    files, _ = iter_corpus_files([folder])
    documents, read_s = timed(lambda: [load_document(f.path, f.source, f.root) for f in files])
    tokenizer = ModelTokenizer(settings.resolved_model_dir())
    _, chunk_s = timed(lambda: [chunk_document(d, tokenizer, settings.chunking) for d in documents])
    return read_s, chunk_s


def padded_tokens(texts: list[str], settings, by_characters: bool) -> int:
    """Tokens a model computes for ``texts`` in batches of texts sorted by characters (and 32
    per batch: the old way) or by tokens (within the token budget: reportqa's way), padding
    included."""
    from reportqa.embed import TokenInput, token_batches

    unique = list(dict.fromkeys(texts))
    lengths, _ = TokenInput.of(settings.resolved_model_dir()).tokenize(unique)
    if by_characters:
        order = sorted(range(len(unique)), key=lambda i: len(unique[i]))
        batches = [order[i : i + 32] for i in range(0, len(order), 32)]
    else:
        batches = list(
            token_batches(sorted(range(len(unique)), key=lengths.__getitem__), lengths, settings.batch_tokens)
        )
    return sum(len(rows) * max(lengths[r] for r in rows) for rows in batches)


def warm_ask(index: Path, settings, embedder) -> dict:
    """Warm `Answerer.ask` latency over the staff questions of bench/gold on the bundled corpus."""
    from reportqa.answer import Answerer
    from reportqa.retrieve import Retriever

    questions = json.loads((ROOT / "bench" / "gold" / "corpus-questions.json").read_text(encoding="utf-8"))
    answerer = Answerer(Retriever.load(index, settings.with_(index_dir=index), embedder=embedder))
    assert embedder.identity.family == answerer.retriever.manifest.family
    asked = [q["question"] for q in questions["questions"]]
    answerer.ask(asked[0])
    latencies = sorted(timed(answerer.ask, question)[1] * 1000 for question in asked)
    return {
        "ask_ms_p50": round(statistics.median(latencies), 1),
        "ask_ms_p99": round(latencies[min(len(latencies) - 1, round(0.99 * (len(latencies) - 1)))], 1),
        "ask_questions": len(latencies),
    }


def print_corpus(name: str, figures: dict, chunks: int) -> None:
    print(
        f"{name}: {chunks} chunks, {figures['windows']} dense windows, {figures['pages']} pages "
        f"({figures['pages_per_s']} pages/s)"
    )
    print(f"  {'':34}{'chunks/s':>10}  reportqa/it")
    print(f"  {'reportqa ingest':34}{figures['ingest_chunks_per_s']:>10}")
    print(
        f"  {'reportqa ingest, no entity stage':34}{figures['ingest_without_entities_chunks_per_s']:>10}"
        f"  x{figures['entity_stage_throughput_ratio']} (the entity stage's cost)"
    )
    print(
        f"  {'baseline (ST encode + faiss)':34}{figures['baseline_chunks_per_s']:>10}  x{figures['ratio_vs_baseline']}"
    )
    if figures["txtai_chunks_per_s"]:
        print(f"  {'txtai Embeddings.index':34}{figures['txtai_chunks_per_s']:>10}  x{figures['ratio_vs_txtai']}")
    print(f"  embedding step alone vs the baseline's encode: x{figures['embed_ratio_vs_baseline']}")
    txtai = figures["answerable_ratio_vs_txtai"]
    print(
        f"  answerable after {figures['answerable_s']} s: answerable_ratio_vs_baseline "
        f"x{figures['answerable_ratio_vs_baseline']}, answerable_ratio_vs_txtai x{txtai if txtai else '-'}; "
        f"entities_done_s {figures['entities_done_s']} (x{figures['entities_done_over_answerable']} the time to answerable)"
    )
    stages = figures["stage_seconds"]
    print(
        f"  seconds: read {stages['read']}, chunk {stages['chunk']}, embed {stages['embed']}, "
        f"entity stage adds {stages['entities_added']}; ingest {stages['ingest']}"
    )
    print(
        f"  tokens computed for the dense windows: {figures['padded_tokens_by_tokens']} in batches by token "
        f"count, {figures['padded_tokens_by_characters']} in batches of 32 by characters"
    )


def relevant_cpu_flags() -> list[str]:
    """The CPU features that decide the fastest embedding path (Linux only; else empty)."""
    from reportqa.embed import cpu_flags

    return sorted(f for f in cpu_flags() if f.startswith(("amx", "avx512_bf16", "avx512f", "avx2", "avx_vnni")))


def cpu_family() -> str:
    """The CPU family that decides the embedding path, and the CPU's name (Linux; else "unknown")."""
    from reportqa.embed import cpu_flags

    flags = cpu_flags()
    if any(f.startswith("amx") for f in flags):
        family = "AMX"
    elif "avx512_vnni" in flags:
        family = "AVX-512 VNNI"
    elif "avx512f" in flags:
        family = "AVX-512"
    elif "avx2" in flags:
        family = "AVX2-only"
    else:
        family = "no AVX2"
    try:
        lines = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    names = [line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")]
    return f"{family} ({names[0] if names else 'unknown'}, {os.cpu_count()} cores)"


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=400, help="generated reports to ingest (default 400)")
    parser.add_argument("--quick", action="store_true", help="150 reports and 100 queries")
    parser.add_argument("--reingest-docs", type=int, default=1000, help="reports for the no-change re-ingest")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--skip-txtai", action="store_true")
    parser.add_argument("--pdfs", type=Path, help="also measure this folder of real reports (../shared/data/...)")
    parser.add_argument(
        "--ingest-only", action="store_true", help="only the ingest figures of each corpus (and the CPU family)"
    )
    args = parser.parse_args()
    if args.quick:
        args.docs, args.queries = 150, 100

    import numpy as np

    from reportqa.config import Settings
    from reportqa.embed import ModelFiles, choose_backend, load_embedder, prepare_model
    from reportqa.entities import EntityExtractor
    from reportqa.ingest import ingest
    from reportqa.retrieve import Retriever

    work = Path(tempfile.mkdtemp(prefix="reportqa-perf-"))
    corpus = work / "corpus"
    write_corpus(corpus, args.docs)
    settings = Settings(index_dir=work / "index", show_progress=False)
    embedder = load_embedder(settings)  # what ingest picks on this CPU for a large job
    embedder.encode(["warm-up"])
    reference = load_embedder(settings.with_(backend="torch"))
    # Queries go through the query path's own embedder (onnxruntime), as in `reportqa ask`.
    query_files = ModelFiles.of(settings)
    query_embedder = load_embedder(
        settings, prepare_model(query_files, choose_backend(query_files, embedder.identity.family, purpose="query"))
    )

    # Loaded once, like the model (a serving process keeps both): one pipeline per thread of
    # ingest's second phase (EntityBacklog.complete's default).
    extractor = [EntityExtractor.load() for _ in range(min(4, os.cpu_count() or 1))]
    generated = measure_corpus(corpus, work / "generated", settings, embedder, extractor, reference, args.skip_txtai)
    chunks = generated.pop("chunks")
    real = None
    if args.pdfs is not None:
        if not args.pdfs.is_dir():
            parser.error(f"--pdfs {args.pdfs}: no such folder (e.g. ../shared/data/institutional-report-pdfs)")
        real = measure_corpus(args.pdfs, work / "pdfs", settings, embedder, extractor, reference, args.skip_txtai)
    if args.ingest_only:
        print(f"CPU family: {cpu_family()}; ingest backend {embedder.identity.backend}; work dir {work}")
        print_corpus(f"generated: {args.docs} reports", generated, chunks)
        if real is not None:
            print_corpus(f"real PDFs: {args.pdfs}", real, real["chunks"])
        if args.json:
            figures = {**generated, "chunks": chunks, "cpu_family": cpu_family(), "pdfs": real}
            args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        return 0
    bundled = entity_stage_cost(ROOT / "corpus", work, settings, embedder, extractor)
    bundled.update(warm_ask(work / "bundled-0-True", settings, query_embedder))
    index = work / "generated" / "index"
    retriever = Retriever.load(index, settings.with_(index_dir=index), embedder=query_embedder)

    rng = random.Random(1)
    questions = [
        f"Which industries does {rng.choice(CITIES)} want to cooperate on in {rng.choice(INDUSTRIES)}?"
        for _ in range(args.queries)
    ]
    retriever.search(questions[0])
    latencies = []
    for question in questions:
        _, seconds = timed(retriever.search, question, 5)
        latencies.append(seconds * 1000)
    latencies.sort()

    # No-change re-ingest of --reingest-docs reports: index them once, then time a second pass.
    many, many_index = work / "many", work / "many-index"
    write_corpus(many, args.reingest_docs, seed=2)
    many_settings = settings.with_(index_dir=many_index)
    ingest([many], many_settings, embedder)
    _, reingest_s = timed(ingest, [many], many_settings, None)  # None: it must not need a model

    # As a user's second run finds them: Python's bytecode cache written (a shell with
    # PYTHONDONTWRITEBYTECODE never writes it), files in the page cache. Median of three.
    user_env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def run_process(*command: str) -> float:
        runs = []
        for _ in range(4):
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "reportqa", *command], check=True, capture_output=True, cwd=work, env=user_env
            )
            runs.append(time.perf_counter() - started)
        return statistics.median(runs[1:])

    cold_ask_s = run_process("ask", "Which industries does Nantong want to cooperate on?", "--index", str(index))
    help_s = run_process("--help")
    # Peak memory of reportqa's own processes, each started from a small wrapper: a child
    # forked from this process (which holds torch and txtai) would count their pages too.
    wrapper = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, capture_output=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    peaks = []
    for command in (
        ["ingest", str(corpus), "--index", str(work / "process-index")],
        ["ask", "Who visited from Nantong?", "--index", str(index)],
    ):
        measured = subprocess.run(
            [sys.executable, "-c", wrapper, sys.executable, "-m", "reportqa", *command],
            check=True,
            capture_output=True,
            text=True,
            cwd=work,
        )
        peaks.append(int(measured.stdout.split()[-1]) / 1024)
    peak_children = max(peaks)

    figures = {
        **generated,
        "chunks": chunks,
        "bundled_corpus": bundled,
        "backend": embedder.identity.backend,
        "query_backend": query_embedder.identity.backend,
        "cpu_flags": relevant_cpu_flags(),
        "cpu_family": cpu_family(),
        "search_p50_ms": round(statistics.median(latencies), 2),
        "search_p99_ms": round(float(np.percentile(latencies, 99)), 2),
        "cold_ask_s": round(cold_ask_s, 3),
        "help_s": round(help_s, 3),
        "reingest_unchanged_s": round(reingest_s, 3),
        "peak_rss_mb": round(peak_children, 1),
    }
    if real is not None:
        figures["pdfs"] = real
    print(f"CPU family: {figures['cpu_family']}")
    print(
        f"ingest backend {figures['backend']}, queries {figures['query_backend']}; CPU flags {' '.join(figures['cpu_flags']) or '-'}; work dir {work}"
    )
    print(
        f"entity stage on the bundled corpus: {bundled['ingest_without_entities_s']} -> {bundled['ingest_s']} s "
        f"(throughput x{bundled['entity_stage_throughput_ratio']}, median of 5)"
    )
    print(
        f"warm ask on the bundled corpus: p50 {bundled['ask_ms_p50']} ms, p99 {bundled['ask_ms_p99']} ms "
        f"({bundled['ask_questions']} staff questions)"
    )
    print_corpus(f"generated: {args.docs} reports", generated, chunks)
    if real is not None:
        print_corpus(f"real PDFs: {args.pdfs}", real, real["chunks"])
    print(
        f"hybrid search warm: p50 {figures['search_p50_ms']} ms, p99 {figures['search_p99_ms']} ms "
        f"({args.queries} queries, {chunks} chunks)"
    )
    print(f"cold `reportqa ask`: {figures['cold_ask_s']} s; `reportqa --help`: {figures['help_s']} s")
    print(
        f"no-change re-ingest of {args.reingest_docs} files: {figures['reingest_unchanged_s']} s; "
        f"peak RSS of `reportqa ingest`/`ask` {figures['peak_rss_mb']} MB"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
