"""Questions across reports (issue 32): how many are answered right -- every item present, every
report it needs cited -- how many of those the reports don't answer are declined, and warm latency.

    .venv/bin/python bench/across.py                          # bench/gold/across-questions.json
    .venv/bin/python bench/across.py --show-answers
    .venv/bin/python bench/across.py --keep-index /tmp/across-idx  # reuse the indexes between runs

Questions marked ``bundled`` are asked of corpus/ indexed alone; ``visits`` and ``records`` of
that part of the real reports of other institutions (``--data``, default
../shared/data/real-reports-dev) indexed with corpus/ beside it, as bench/dev_reports.py does
(the same folders under ``--keep-index``, so one index serves both benches). Without that data
folder only the bundled questions are asked.

A question with ``gold_all`` is right when the answer is given, holds every ``gold_all`` string
(case and spacing aside) and cites a report whose source contains each of ``sources``; one
without is right when the answer declines. Latency: each question asked twice, the second time
timed (warm), p50 over the bundled questions (the target is <= 300 ms).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from questions import _folded  # noqa: E402  (a sibling bench script)


def judge(answer, item: dict) -> tuple[bool, str]:
    """(right, why not) for one answer."""
    if not item.get("gold_all"):
        return answer.abstained, "" if answer.abstained else "answered a question the reports don't answer"
    if answer.abstained:
        return False, "declined"
    missing = [g for g in item["gold_all"] if _folded(g) not in _folded(answer.text)]
    cited = {c.hit.source for c in answer.citations}
    uncited = [s for s in item["sources"] if not any(s in source for source in cited)]
    if missing or uncited:
        return False, f"missing {missing}, uncited {uncited}"
    return True, ""


def _answerer(corpus: str, data: Path, base: Path):
    from reportqa.answer import Answerer
    from reportqa.config import Settings
    from reportqa.ingest import ingest
    from reportqa.retrieve import Retriever

    settings = Settings(index_dir=base / corpus, show_progress=False)
    ingest([ROOT / "corpus"] if corpus == "bundled" else [ROOT / "corpus", data / corpus], settings)
    return Answerer(Retriever.load(settings.index_dir, settings))


def _share(flags: list[bool]) -> str:
    return f"{sum(flags)}/{len(flags)} ({sum(flags) / len(flags):.0%})" if flags else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=ROOT / "bench" / "gold" / "across-questions.json")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "real-reports-dev")
    parser.add_argument("--keep-index", type=Path, help="a folder to keep the indexes in between runs")
    parser.add_argument("--show-answers", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures and failures to this file")
    args = parser.parse_args()
    questions = json.loads(args.gold.read_text(encoding="utf-8"))["questions"]
    corpora = ["bundled"] + [c for c in ("visits", "records") if (args.data / c).is_dir()]
    if len(corpora) == 1:
        print(f"note: {args.data} not found; only the bundled corpus's questions are asked")
    rows: list[dict] = []
    latencies: dict[str, list[float]] = defaultdict(list)
    with tempfile.TemporaryDirectory(prefix="reportqa-across-") as scratch:
        base = args.keep_index or Path(scratch)
        for corpus in corpora:
            answerer = _answerer(corpus, args.data, base)
            for item in (q for q in questions if q["corpus"] == corpus):
                answerer.ask(item["q"])  # the first asking reads the reports' sentences
                started = time.perf_counter()
                answer = answerer.ask(item["q"])
                latencies[corpus].append((time.perf_counter() - started) * 1000)
                right, why = judge(answer, item)
                rows.append({**item, "right": right, "why": why, "answer": answer.text})
                if args.show_answers:
                    print(f"[{'ok' if right else 'NO'}] ({corpus}, {item['kind']}) {item['q']}\n      {answer.text}\n")
    answerable = [r["right"] for r in rows if r.get("gold_all")]
    declined = [r["right"] for r in rows if not r.get("gold_all")]
    figures = {
        "right": _share(answerable),
        "declined": _share(declined),
        "by_corpus": {
            c: {
                "right": _share([r["right"] for r in rows if r["corpus"] == c and r.get("gold_all")]),
                "declined": _share([r["right"] for r in rows if r["corpus"] == c and not r.get("gold_all")]),
                "warm_p50_ms": round(statistics.median(latencies[c]), 1),
            }
            for c in corpora
        },
        "by_kind": {k: _share([r["right"] for r in rows if r["kind"] == k]) for k in sorted({r["kind"] for r in rows})},
        "failures": [{"q": r["q"], "corpus": r["corpus"], "why": r["why"]} for r in rows if not r["right"]],
    }
    print(f"answered right (every item, every report cited): {figures['right']}   target >= 90%")
    print(f"declined when the reports don't answer:          {figures['declined']}   target >= 80%")
    for corpus, f in figures["by_corpus"].items():
        print(f"  {corpus:8} right {f['right']}, declined {f['declined']}, warm p50 {f['warm_p50_ms']} ms")
    print("  by kind: " + ", ".join(f"{k} {v}" for k, v in figures["by_kind"].items()))
    for r in figures["failures"]:
        print(f"  MISS ({r['corpus']}) {r['q']} -- {r['why']}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
