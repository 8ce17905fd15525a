"""``reportqa eval``: retrieval quality of every mode on a public dataset, through the real pipeline.

Each dataset document is written as a text file into a temporary corpus and ingested
with the user's settings; queries are then run in each mode and the ranked documents
(first chunk of a document counts, later ones are dropped) are scored with
ir-measures: Recall@1/5/10, MRR@10 and nDCG@10.
"""

from __future__ import annotations

import random
import re
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ._util import progress
from .config import Settings
from .eval_data import EvalDataset
from .types import SEARCH_MODES, SearchMode

if TYPE_CHECKING:
    from .embed import Embedder
    from .retrieve import Retriever

# Chunks fetched per query so that ten distinct documents remain after dropping repeats.
_CHUNKS_PER_QUERY = 30


def sample_queries(dataset: EvalDataset, max_queries: int | None, seed: int) -> list[str]:
    """Query ids with a relevant document, sampled reproducibly when ``max_queries`` is set."""
    return _sample(dataset.qrels, max_queries, seed)


def sample_unanswerable(dataset: EvalDataset, max_queries: int | None, seed: int) -> list[str]:
    """Ids of questions the dataset marks unanswerable, sampled the same way."""
    return _sample(dataset.unanswerable, max_queries, seed)


def _sample(ids_in: Any, max_queries: int | None, seed: int) -> list[str]:
    ids = sorted(ids_in)
    if max_queries is not None and max_queries < len(ids):
        ids = sorted(random.Random(seed).sample(ids, max_queries))
    return ids


def index_dataset(
    dataset: EvalDataset, settings: Settings, root: Path, embedder: Embedder | None = None
) -> tuple[Retriever, dict[str, list[str]], float]:
    """Write the dataset's documents as text files under ``root/corpus`` and ingest them into
    ``root/index`` (incrementally: a folder indexed before is reused). Returns the retriever,
    the map from file name to the dataset documents whose text it holds (a document whose
    text repeats another's is stored once), and the ingest time in seconds."""
    from .ingest import ingest
    from .retrieve import Retriever

    corpus = root / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    file_to_doc: dict[str, str] = {}
    for number, (doc_id, text) in enumerate(dataset.documents.items()):
        name = f"{number:06d}.txt"
        path = corpus / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        file_to_doc[name] = doc_id
    run_settings = settings.with_(index_dir=root / "index")
    started = time.perf_counter()
    ingest([corpus], run_settings, embedder=embedder)
    seconds = time.perf_counter() - started
    retriever = Retriever.load(run_settings.index_dir, run_settings, embedder=embedder)
    records = retriever.documents()
    source_of = {r.doc_id: r.source for r in records}
    file_to_docs = {name: [doc_id] for name, doc_id in file_to_doc.items()}
    for record in records:
        if record.same_as:
            file_to_docs[source_of[record.same_as]].append(file_to_doc[record.source])
    return retriever, file_to_docs, seconds


def evaluate(
    dataset: EvalDataset,
    settings: Settings,
    *,
    max_queries: int | None = None,
    seed: int = 0,
    modes: tuple[SearchMode, ...] = SEARCH_MODES,
    workdir: Path | None = None,
    embedder: Embedder | None = None,
) -> dict[str, Any]:
    """Build an index of ``dataset`` in ``workdir`` (a temporary folder by default) and score each mode."""
    import ir_measures
    from ir_measures import RR, R, nDCG

    with tempfile.TemporaryDirectory(prefix="reportqa-eval-") as scratch:
        retriever, file_to_docs, ingest_seconds = index_dataset(dataset, settings, Path(workdir or scratch), embedder)

        query_ids = sample_queries(dataset, max_queries, seed)
        qrels = {q: dataset.qrels[q] for q in query_ids}
        measures = {"recall@1": R @ 1, "recall@5": R @ 5, "recall@10": R @ 10, "mrr@10": RR @ 10, "ndcg@10": nDCG @ 10}
        results: dict[str, dict] = {}
        for mode in modes:
            run: dict[str, dict[str, float]] = {}
            latencies = []
            for query_id in progress(query_ids, f"Queries ({mode})", settings.show_progress, len(query_ids), "query"):
                began = time.perf_counter()
                hits = retriever.search(dataset.queries[query_id], k=_CHUNKS_PER_QUERY, mode=mode)
                latencies.append(time.perf_counter() - began)
                ranking: dict[str, float] = {}
                for hit in hits:
                    for doc_id in file_to_docs[hit.source]:
                        if doc_id not in ranking and len(ranking) < 10:
                            ranking[doc_id] = float(10 - len(ranking))  # rank order as a score
                run[query_id] = ranking
            scores = ir_measures.calc_aggregate(list(measures.values()), qrels, run)
            results[mode] = {name: round(float(scores[m]), 4) for name, m in measures.items()}
            results[mode]["query_ms_p50"] = round(float(np.percentile(latencies, 50)) * 1000, 2)
            results[mode]["query_ms_p99"] = round(float(np.percentile(latencies, 99)) * 1000, 2)
        answers = None
        if dataset.answers:
            answerable = [q for q in query_ids if q in dataset.answers]
            unanswerable = sample_unanswerable(dataset, max_queries, seed)
            answers = answer_metrics(dataset, retriever, retriever.settings, answerable, unanswerable)
        retriever.close()
    report = {
        "dataset": dataset.name,
        "split": dataset.split,
        "model": retriever.manifest.model_name,
        "backend": retriever.manifest.backend,
        "docs": len(dataset.documents),
        "chunks": retriever.manifest.chunks,
        "queries": len(query_ids),
        "seed": seed,
        "ingest_seconds": round(ingest_seconds, 2),
        "modes": results,
    }
    if answers is not None:
        report["answers"] = answers
    return report


def first_quote(answer_text: str) -> str:
    """The answer's first quoted sentence(s): the text before its first citation marker."""
    return re.split(r" (?:\[\d+\])+(?: |$)", answer_text, maxsplit=1)[0]


def _contains(text: str, golds: list[str]) -> bool:
    folded = " ".join(text.split()).lower()
    return any(" ".join(g.split()).lower() in folded for g in golds)


# Question kinds reported separately (question.analyse's expected answer -> the question word).
_KINDS = {"person": "who", "date": "when", "place": "where", "number": "how many", "reason": "why", "role": "who"}


def answer_metrics(
    dataset: EvalDataset, retriever: Retriever, settings: Settings, answerable: list[str], unanswerable: list[str]
) -> dict[str, Any]:
    """answer_hit / top1_sentence_hit over answerable questions, abstain_correct over
    unanswerable ones, at the configured abstention threshold; ``records`` keeps each
    question's support score so the threshold can be calibrated (bench/calibrate_abstention.py)."""
    from .answer import Answerer
    from .question import analyse

    answerer = Answerer(retriever, settings)
    records = []
    questions = answerable + unanswerable
    for query_id in progress(questions, "Answers", settings.show_progress, len(questions), "query"):
        question = dataset.queries[query_id]
        # The product's own path (question analysis, the who's who, declines), every support kept.
        answer = answerer.ask(question, abstain_threshold=float("-inf"))
        golds = dataset.answers.get(query_id)
        records.append(
            {
                "id": query_id,
                "answerable": golds is not None,
                "support": round(answer.support, 4),
                "hit": golds is not None and _contains(answer.text, golds),
                "top1_hit": golds is not None and _contains(first_quote(answer.text), golds),
                "kind": _KINDS.get(analyse(question).expects, "other"),
            }
        )
    threshold = settings.abstain_threshold
    summary = abstention_summary(records, threshold)
    summary["records"] = records
    return summary


def abstention_summary(records: list[dict], threshold: float) -> dict:
    """Answer metrics when questions with support below ``threshold`` are abstained on."""
    answerable = [r for r in records if r["answerable"]]
    unanswerable = [r for r in records if not r["answerable"]]
    answered = [r for r in answerable if r["support"] >= threshold]

    def share(count: int, total: int) -> float | None:
        return round(count / total, 4) if total else None

    by_type = {}
    for kind in sorted({r.get("kind", "other") for r in answerable}):
        of_kind = [r for r in answerable if r.get("kind", "other") == kind]
        kept = [r for r in of_kind if r["support"] >= threshold]
        by_type[kind] = {
            "n": len(of_kind),
            "answer_hit": share(sum(r["hit"] for r in kept), len(of_kind)),
            "top1_sentence_hit": share(sum(r["top1_hit"] for r in kept), len(of_kind)),
        }
    return {
        "by_type": by_type,
        "answer_hit": share(sum(r["hit"] for r in answered), len(answerable)),
        "top1_sentence_hit": share(sum(r["top1_hit"] for r in answered), len(answerable)),
        "abstain_correct": share(sum(r["support"] < threshold for r in unanswerable), len(unanswerable)),
        "answer_hit_without_abstention": share(sum(r["hit"] for r in answerable), len(answerable)),
        "top1_sentence_hit_without_abstention": share(sum(r["top1_hit"] for r in answerable), len(answerable)),
        "answered_share": share(len(answered), len(answerable)),
        "threshold": threshold,
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
    }


def format_table(report: dict) -> str:
    """The report as a fixed-width table, one row per mode."""
    columns = ("recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10", "query_ms_p50")
    lines = [
        f"{report['dataset']} ({report['split']}): {report['docs']} docs, {report['chunks']} chunks, "
        f"{report['queries']} queries, model {report['model']} ({report.get('backend', '?')}), "
        f"ingest {report['ingest_seconds']:.1f} s",
        f"{'mode':8}" + "".join(f"{c:>14}" for c in columns),
    ]
    for mode, scores in report["modes"].items():
        lines.append(
            f"{mode:8}"
            + "".join(f"{scores[c]:>14.4f}" if c != "query_ms_p50" else f"{scores[c]:>14.1f}" for c in columns)
        )
    if "answers" in report:
        a = report["answers"]
        lines.append(
            f"answers (threshold {a['threshold']}): answer_hit {a['answer_hit']}, "
            f"top1_sentence_hit {a['top1_sentence_hit']}, abstain_correct {a['abstain_correct']} "
            f"({a['answerable']} answerable, {a['unanswerable']} unanswerable); without abstention: "
            f"answer_hit {a['answer_hit_without_abstention']}, top1 {a['top1_sentence_hit_without_abstention']}"
        )
        for kind, scores in a.get("by_type", {}).items():
            lines.append(
                f"  {kind:9} ({scores['n']:>4}): answer_hit {scores['answer_hit']}, "
                f"top1_sentence_hit {scores['top1_sentence_hit']}"
            )
    return "\n".join(lines)
