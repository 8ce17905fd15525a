"""Real reports of many institutions: right answers, declines, people with their role, and
questions across reports, with the bundled corpus indexed beside them.

    .venv/bin/python bench/dev_reports.py                         # ../shared/data/real-reports-dev
    .venv/bin/python bench/dev_reports.py --data DIR --part visits --show-answers
    .venv/bin/python bench/dev_reports.py --keep-index /tmp/dev   # reuse the indexes between runs

The data folder holds ``visits/`` and ``records/`` (real reports, evaluation only: never copied
into the repository) and ``questions-<part>.json`` with four lists:

- ``answerable``: right when the answer is given, holds one of ``gold`` (case and spacing aside)
  and cites a report whose source contains ``source``;
- ``unanswerable``: right when the answer declines;
- ``people``: right when the who's who knows the person (by ``name`` or one of ``also``) and
  their current role with its organisation holds one of ``role`` (also printed: any of the
  person's roles);
- ``across``: right when the answer holds every ``gold_all`` string and cites every ``sources``.

Each part is indexed with ``corpus/`` beside it (as a user's archive would hold both), in a
temporary folder unless ``--keep-index`` names one (ingest then redoes only what changed).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from questions import _folded  # noqa: E402  (a sibling bench script)

PARTS = ("visits", "records")


def _cites(answer, source: str) -> bool:
    return any(source in c.hit.source for c in answer.citations)


def judge_answerable(answer, item: dict) -> tuple[bool, str]:
    if answer.abstained:
        return False, "declined"
    if not any(_folded(g) in _folded(answer.text) for g in item["gold"]):
        return False, "gold not in the answer"
    if not _cites(answer, item["source"]):
        return False, f"cites {sorted({c.hit.source for c in answer.citations})}, not {item['source']}"
    return True, ""


def judge_across(answer, item: dict) -> tuple[bool, str]:
    if answer.abstained:
        return False, "declined"
    missing = [g for g in item["gold_all"] if _folded(g) not in _folded(answer.text)]
    uncited = [s for s in item["sources"] if not _cites(answer, s)]
    if missing or uncited:
        return False, f"missing {missing}, uncited {uncited}"
    return True, ""


def _plain(text: str) -> str:
    """Words only, without the connectors a role and its organisation are joined by."""
    words = re.findall(r"[\w-]+", _folded(text).replace("’s", "").replace("'s", ""))
    return " " + " ".join(w for w in words if w not in ("of", "the", "at", "for")) + " "


def judge_person(directory, item: dict) -> tuple[bool, bool, str]:
    """(current role right, any role right, what was found)."""
    for name in (item["name"], *item.get("also", ())):
        people = directory.find(name, "person", exact=True)
        if people:
            break
    else:
        return False, False, "not in the who's who"
    person = people[0]

    def holds(record) -> bool:
        # "Secretary, CPC District Committee" holds "Secretary of the CPC District Committee".
        text = _plain(f"{record.role} {record.organisation or ''}")
        return any(_plain(r) in text for r in item["role"])

    current = person.current_role
    shown = f"{current.role}, {current.organisation}" if current else "no role"
    return (current is not None and holds(current)), any(holds(r) for r in person.roles), f"{person.name}: {shown}"


def run_part(part: str, data: Path, index_dir: Path, show: bool) -> dict:
    from reportqa.answer import Answerer
    from reportqa.config import Settings
    from reportqa.ingest import ingest
    from reportqa.retrieve import Retriever

    questions = json.loads((data / f"questions-{part}.json").read_text(encoding="utf-8"))
    settings = Settings(index_dir=index_dir, show_progress=False)
    ingest([ROOT / "corpus", data / part], settings)
    answerer = Answerer(Retriever.load(settings.index_dir, settings))
    directory = answerer.retriever.directory()
    answerer.ask(questions["answerable"][0]["q"])  # warm-up
    latencies: list[float] = []
    rows: list[dict] = []

    def ask(item: dict, kind: str, judge) -> None:
        started = time.perf_counter()
        answer = answerer.ask(item["q"])
        latencies.append((time.perf_counter() - started) * 1000)
        right, why = judge(answer, item)
        rows.append({"part": part, "kind": kind, "q": item["q"], "right": right, "why": why, "answer": answer.text})
        if show:
            print(f"[{'ok' if right else 'NO'}] ({kind}) {item['q']}\n      {answer.text[:400]}")

    for item in questions["answerable"]:
        ask(item, item.get("kind", "answerable"), judge_answerable)
    for item in questions["unanswerable"]:
        ask(item, "unanswerable", lambda a, _: (a.abstained, "" if a.abstained else "answered"))
    for item in questions.get("across", []):
        ask(item, "across", judge_across)
    people = []
    for item in questions.get("people", []):
        current, anyrole, found = judge_person(directory, item)
        people.append({"name": item["name"], "current": current, "any": anyrole, "found": found})
        if show:
            print(f"[{'ok' if current else 'NO'}] (person) {item['name']} -> {found}; gold {item['role']}")
    return {"rows": rows, "people": people, "latencies": latencies}


def _share(flags: list[bool]) -> str:
    return f"{sum(flags)}/{len(flags)} ({sum(flags) / len(flags):.0%})" if flags else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "real-reports-dev")
    parser.add_argument("--part", choices=(*PARTS, "both"), default="both")
    parser.add_argument("--keep-index", type=Path, help="a folder to keep the indexes in between runs")
    parser.add_argument("--show-answers", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures and failures to this file")
    args = parser.parse_args()
    if not args.data.is_dir():
        parser.error(f"data folder not found: {args.data} (the real-reports-dev set of ../shared/data/)")
    parts = PARTS if args.part == "both" else (args.part,)
    results = {}
    with tempfile.TemporaryDirectory(prefix="reportqa-dev-") as scratch:
        base = args.keep_index or Path(scratch)
        for part in parts:
            results[part] = run_part(part, args.data, base / part, args.show_answers)

    figures: dict = {"parts": {}}
    for part, result in results.items():
        rows, people = result["rows"], result["people"]
        answerable = [r["right"] for r in rows if r["kind"] not in ("unanswerable", "across")]
        declined = [r["right"] for r in rows if r["kind"] == "unanswerable"]
        across = [r["right"] for r in rows if r["kind"] == "across"]
        by_kind: dict[str, list[bool]] = defaultdict(list)
        for r in rows:
            by_kind[r["kind"]].append(r["right"])
        figures["parts"][part] = {
            "answerable_right": _share(answerable),
            "unanswerable_declined": _share(declined),
            "people_current_role": _share([p["current"] for p in people]),
            "people_any_role": _share([p["any"] for p in people]),
            "across_right": _share(across),
            "by_kind": {k: _share(v) for k, v in sorted(by_kind.items())},
            "ask_ms_p50": round(statistics.median(result["latencies"]), 1),
            "failures": [r for r in rows if not r["right"]],
            "people_missed": [p for p in people if not p["current"]],
        }
    for part, f in figures["parts"].items():
        print(f"== {part}")
        print(f"  answerable right      {f['answerable_right']}")
        print(f"  unanswerable declined {f['unanswerable_declined']}")
        print(f"  people, current role  {f['people_current_role']}   (any role {f['people_any_role']})")
        print(f"  across reports        {f['across_right']}")
        print("  by kind: " + ", ".join(f"{k} {v}" for k, v in f["by_kind"].items()))
        print(f"  warm ask p50 {f['ask_ms_p50']} ms")
        for r in f["failures"]:
            print(f"  MISS ({r['kind']}) {r['q']} -- {r['why']}\n       {r['answer'][:240]}")
        for p in f["people_missed"]:
            print(f"  MISS (person) {p['name']} -- {p['found']}")
    all_rows = [r for result in results.values() for r in result["rows"]]
    total = [r["right"] for r in all_rows if r["kind"] not in ("unanswerable", "across")]
    declined = [r["right"] for r in all_rows if r["kind"] == "unanswerable"]
    people = [p["current"] for result in results.values() for p in result["people"]]
    print(f"== all: right {_share(total)}, declined {_share(declined)}, people with role {_share(people)}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
