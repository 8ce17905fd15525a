"""Mutation testing of the modules that carry reportqa's promises, with mutmut.

    .venv/bin/python scripts/mutation.py --sample 300      # a seeded random sample (~30-60 min on 2 cores)
    .venv/bin/python scripts/mutation.py                   # every mutant (hours)
    .venv/bin/python scripts/mutation.py --report-only     # the table and survivors of the last run
    .venv/bin/python scripts/mutation.py --sample 100 --seed 2 --also old-survivors.txt

mutmut's configuration is in pyproject.toml ([tool.mutmut]): the modules mutated, the tests
run (those that run reportqa in-process), the fork server. mutmut remembers results in
`mutants/` (not tracked), so a second run only tests what changed or was not yet tested.
Prints the kill rate per module (killed and timed-out mutants count as caught; "no tests"
ones as missed) and writes every surviving mutant's diff to `mutants/survivors.txt`.
A sample's kill rate comes with its 95% margin (normal approximation).
"""

from __future__ import annotations

import argparse
import math
import random
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTMUT = [sys.executable, "-m", "mutmut"]
CAUGHT = {"killed", "timeout"}
# What mutmut cannot judge (a crash of its own, a check it skipped) counts neither way.
UNJUDGED = {"not checked", "suspicious", "skipped", "segfault", "check was interrupted by user"}


def mutant_statuses() -> dict[str, str]:
    """Every generated mutant's name and status, from `mutmut results --all true`."""
    out = subprocess.run(
        [*MUTMUT, "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    statuses = {}
    for line in out.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if name:
            statuses[name] = status
    return statuses


def module_of(name: str) -> str:
    return name.split(".x", 1)[0]


def report(statuses: dict[str, str], names: list[str], sampled: bool) -> str:
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    for name in names:
        by_module[module_of(name)][statuses.get(name, "not checked")] += 1
    lines = [f"{'module':18}{'mutants':>8}{'killed':>8}{'timeout':>8}{'survived':>9}{'no tests':>9}{'kill rate':>11}"]
    totals: Counter[str] = Counter()
    for module in sorted(by_module):
        counts = by_module[module]
        totals.update(counts)
        lines.append(_row(module, counts))
    lines.append(_row("all", totals))
    judged = sum(n for status, n in totals.items() if status not in UNJUDGED)
    if sampled and judged:
        rate = sum(totals[s] for s in CAUGHT) / judged
        margin = 1.96 * math.sqrt(rate * (1 - rate) / judged)
        lines.append(f"sample of {len(names)} mutants: kill rate {rate:.1%} ± {margin:.1%} (95%)")
    unjudged = sum(totals[s] for s in UNJUDGED)
    if unjudged:
        lines.append(f"{unjudged} mutants not judged yet (run again to finish)")
    return "\n".join(lines)


def _row(label: str, counts: Counter[str]) -> str:
    judged = sum(n for status, n in counts.items() if status not in UNJUDGED)
    caught = sum(counts[s] for s in CAUGHT)
    rate = f"{caught / judged:.1%}" if judged else "-"
    return (
        f"{label:18}{sum(counts.values()):>8}{counts['killed']:>8}{counts['timeout']:>8}"
        f"{counts['survived']:>9}{counts['no tests']:>9}{rate:>11}"
    )


def write_survivors(statuses: dict[str, str], names: list[str], path: Path) -> int:
    survivors = [n for n in names if statuses.get(n) in ("survived", "no tests")]
    with path.open("w", encoding="utf-8") as out:
        for name in survivors:
            diff = subprocess.run([*MUTMUT, "show", name], cwd=ROOT, capture_output=True, text=True).stdout
            changed = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
            out.write(f"## {name} ({statuses[name]})\n" + "\n".join(changed) + "\n\n")
    return len(survivors)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, help="test this many mutants, drawn at random (default: all)")
    parser.add_argument("--seed", type=int, default=1, help="the sample's seed (default 1)")
    parser.add_argument(
        "--also", type=Path, metavar="FILE", help="also test the mutants named in FILE (one per line), e.g. survivors"
    )
    parser.add_argument("--max-children", type=int, default=2, help="mutants tested at once (default 2)")
    parser.add_argument("--report-only", action="store_true", help="print the last run's results, test nothing")
    args = parser.parse_args(argv)

    if not args.report_only:
        # Generates the mutants and runs the tests once to learn which cover what; a name that
        # matches no mutant makes it stop there (with an assertion we expect and silence).
        print("generating mutants and collecting coverage (a few minutes) ...", flush=True)
        subprocess.run(
            [*MUTMUT, "run", "--max-children", str(args.max_children), "reportqa.none"], cwd=ROOT, capture_output=True
        )
    elif not (ROOT / "mutants").exists():
        parser.error("no results yet: run without --report-only first")
    every = sorted(mutant_statuses())
    names = every
    if args.sample:
        names = sorted(random.Random(args.seed).sample(every, min(args.sample, len(every))))
    extra = [n for n in args.also.read_text().split() if n in every] if args.also else []
    if not args.report_only:
        run = sorted(set(names) | set(extra))
        subprocess.run([*MUTMUT, "run", "--max-children", str(args.max_children), *run], cwd=ROOT, check=True)
    statuses = mutant_statuses()
    print(report(statuses, names, sampled=bool(args.sample)))
    count = write_survivors(statuses, names, ROOT / "mutants" / "survivors.txt")
    print(f"{count} surviving mutants, with their diffs: mutants/survivors.txt")
    if args.also:
        alive = [n for n in extra if statuses.get(n) in ("survived", "no tests")]
        print(f"of the {len(extra)} mutants named in {args.also} (still generated), {len(alive)} survive:")
        print("\n".join(f"  {n}" for n in alive))
    return 0


if __name__ == "__main__":
    sys.exit(main())
