"""Staff questions about the bundled corpus: how many get a right, cited answer, and how many
of the questions the reports don't answer are declined.

    .venv/bin/python bench/questions.py                  # corpus/ and bench/gold/corpus-questions.json
    .venv/bin/python bench/questions.py --show-answers   # print every answer
    .venv/bin/python bench/questions.py --corpus DIR --gold FILE --json out.json
    .venv/bin/python bench/questions.py --corpus ../shared/data/institutional-report-pdfs --gold bench/gold/pdf-questions.json \
        --keep-index /tmp/pdf-index                     # held-out questions on real PDFs; the index kept
    .venv/bin/python bench/questions.py --corpus ../shared/samples/visit-report-lingang-2021.txt \
        --gold bench/gold/sample-questions.json             # the real visit report beside the repo

The corpus is ingested into a temporary index with the default settings. A question with gold
answers is right when the answer is given (not abstained), contains one of the gold strings
(case and spacing aside) and cites one of the gold reports. A question without gold answers is
right when the answer abstains. Also prints the stricter share of answers whose short answer or
first quoted sentence holds the gold, and warm `Answerer.ask` latency.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # reportqa itself is imported as installed (pip install -e .)


def _folded(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).lower()


def judge(answer, item: dict) -> tuple[bool, str]:
    """(right, why not) for one answer."""
    golds = item.get("answers")
    if not golds:
        return answer.abstained, "" if answer.abstained else "answered a question the reports don't answer"
    if answer.abstained:
        return False, "abstained"
    text = _folded(answer.text)
    if not any(_folded(g) in text for g in golds):
        return False, "gold answer not in the answer"
    cited = {c.hit.source for c in answer.citations}
    if not cited & set(item["sources"]):
        return False, f"cites {sorted(cited)}, not a gold report"
    return True, ""


def first_quote_right(answer, item: dict) -> bool:
    """The stricter reading: a gold string is in the short answer or the first quoted sentence
    (everything before the first citation marker), not only somewhere further down."""
    golds = item.get("answers")
    if not golds or answer.abstained:
        return False
    first = _folded(answer.text.split("[1]", 1)[0])
    return any(_folded(g) in first for g in golds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus", help="a folder of reports, or one report")
    parser.add_argument("--gold", type=Path, default=ROOT / "bench" / "gold" / "corpus-questions.json")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--show-answers", action="store_true")
    parser.add_argument(
        "--keep-index", type=Path, help="ingest into this folder and keep it (a second run redoes only what changed)"
    )
    args = parser.parse_args()
    if not args.corpus.exists():
        parser.error(f"corpus folder or file not found: {args.corpus} (for the real sample: ../shared/samples/...)")
    if not args.gold.is_file():
        parser.error(f"question file not found: {args.gold}")

    from reportqa.answer import Answerer
    from reportqa.config import Settings
    from reportqa.ingest import ingest
    from reportqa.retrieve import Retriever

    questions = json.loads(args.gold.read_text(encoding="utf-8"))["questions"]
    results: list[dict] = []
    latencies: list[float] = []
    with tempfile.TemporaryDirectory(prefix="reportqa-questions-") as scratch:
        settings = Settings(index_dir=args.keep_index or Path(scratch) / "index", show_progress=False)
        ingest([args.corpus], settings)
        answerer = Answerer(Retriever.load(settings.index_dir, settings))
        answerer.ask(questions[0]["question"])  # warm-up
        for item in questions:
            started = time.perf_counter()
            answer = answerer.ask(item["question"])
            latencies.append((time.perf_counter() - started) * 1000)
            right, why = judge(answer, item)
            first = right and first_quote_right(answer, item)
            results.append({**item, "right": right, "first": first, "why": why, "answer": answer.text})
            if args.show_answers:
                print(f"[{'ok' if right else 'NO'}] {item['question']}\n      {answer.text[:300]}")

    by_type: dict[str, list[bool]] = defaultdict(list)
    for result in results:
        by_type[result["type"]].append(result["right"])
    answerable = [r["right"] for r in results if r.get("answers")]
    unanswerable = [r["right"] for r in results if not r.get("answers")]
    figures = {
        "questions": len(results),
        "answerable_right": round(sum(answerable) / len(answerable), 3),
        "answerable_right_first_quote": round(
            sum(r["first"] for r in results if r.get("answers")) / len(answerable), 3
        ),
        "unanswerable_abstained": round(sum(unanswerable) / len(unanswerable), 3) if unanswerable else None,
        "by_type": {t: {"n": len(v), "right": round(sum(v) / len(v), 3)} for t, v in sorted(by_type.items())},
        "ask_ms_p50": round(statistics.median(latencies), 1),
        "ask_ms_p90": round(sorted(latencies)[int(0.9 * (len(latencies) - 1))], 1),
        "failures": [
            {"question": r["question"], "why": r["why"], "answer": r["answer"]} for r in results if not r["right"]
        ],
    }
    print(
        f"{len(answerable)} answerable questions: {sum(answerable)} right ({figures['answerable_right']:.1%}; target >= 90%)"
    )
    print(
        f"  of which the gold is in the short answer or the first quote: {figures['answerable_right_first_quote']:.1%}"
    )
    print(
        f"{len(unanswerable)} questions the reports don't answer: {sum(unanswerable)} abstained "
        f"({figures['unanswerable_abstained']:.1%}; target >= 80%)"
    )
    for kind, scores in figures["by_type"].items():
        print(f"  {kind:14} {scores['right']:.2f}  ({scores['n']})")
    print(f"warm ask: p50 {figures['ask_ms_p50']} ms, p90 {figures['ask_ms_p90']} ms")
    for failure in figures["failures"]:
        print(f"  MISS {failure['question']} -- {failure['why']}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
