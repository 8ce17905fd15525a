"""Who's-who quality against a gold annotation: people, roles and events, precision and recall.

    .venv/bin/python bench/entities.py                       # the bundled corpus/ and bench/gold/corpus-entities.json
    .venv/bin/python bench/entities.py --corpus DIR --gold FILE --json out.json

The corpus is ingested into a temporary index with the default settings (entity stage on),
then the index's who's who (reportqa.whoswho.Directory) is compared with the gold file:

- people: predicted person records vs gold names (word order and case do not count);
- roles: a gold role is found when a predicted role of that person has the same role words
  (one containing the other, case-insensitive) and, where the gold names an organisation, an
  organisation that contains it or is contained in it; precision counts predicted roles of gold
  people that match a gold role;
- events: for each gold event, the event predicted for its report: date equal, and the sets of
  visitors, hosts and leaders equal (people only; organisations as participants are not scored).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # reportqa itself is imported as installed (pip install -e .)


def _key(name: str) -> tuple[str, ...]:
    from reportqa.whoswho import name_key

    return tuple(sorted(name_key(name).split()))


def _ratio(hits: int, total: int) -> float | None:
    return round(hits / total, 3) if total else None


def score(directory, gold: dict) -> dict:
    from reportqa.whoswho import same_name

    people = {_key(e.name): e for e in directory.entities if e.type == "person"}
    gold_people = {_key(p["name"]): p for p in gold["people"]}
    found = [k for k in gold_people if k in people]
    result: dict = {
        "people": {
            "precision": _ratio(sum(k in gold_people for k in people), len(people)),
            "recall": _ratio(len(found), len(gold_people)),
            "missed": sorted(gold_people[k]["name"] for k in gold_people if k not in people),
            "extra": sorted(people[k].name for k in people if k not in gold_people),
        }
    }

    def role_matches(predicted, wanted: dict) -> bool:
        org_ok = wanted["organisation"] is None or same_name(predicted.organisation, wanted["organisation"])
        return same_name(predicted.role, wanted["role"]) and org_ok

    gold_roles = [(k, r) for k, p in gold_people.items() for r in p["roles"]]
    role_hits = sum(k in people and any(role_matches(r, wanted) for r in people[k].roles) for k, wanted in gold_roles)
    predicted_roles = [(k, r) for k in found for r in people[k].roles]
    role_right = sum(any(role_matches(r, w) for w in gold_people[k]["roles"]) for k, r in predicted_roles)
    result["roles"] = {
        "precision": _ratio(role_right, len(predicted_roles)),
        "recall": _ratio(role_hits, len(gold_roles)),
        "wrong": sorted(
            f"{people[k].name}: {r.role} / {r.organisation}"
            for k, r in predicted_roles
            if not any(role_matches(r, w) for w in gold_people[k]["roles"])
        ),
    }

    events = {t.source: t.event for t in directory.events}
    fields = {"date": 0, "visitors": 0, "hosts": 0, "led_by": 0}
    misses: list[str] = []
    for wanted in gold["events"]:
        event = events.get(wanted["source"])
        if event is None:
            misses.append(f"{wanted['source']}: no event")
            continue
        if event.date == wanted["date"]:
            fields["date"] += 1
        for name in ("visitors", "hosts", "led_by"):
            predicted = {_key(p.name) for p in getattr(event, name) if p.kind == "person"}
            if predicted == {_key(n) for n in wanted[name]}:
                fields[name] += 1
            else:
                misses.append(f"{wanted['source']} {name}: {sorted(' '.join(k) for k in predicted)}")
    total = len(gold["events"])
    result["events"] = {name: _ratio(hits, total) for name, hits in fields.items()}
    result["events"]["count"] = total
    result["events"]["all_three"] = None  # filled below
    result["events"]["misses"] = misses
    right_all = 0
    for wanted in gold["events"]:
        event = events.get(wanted["source"])
        if (
            event
            and event.date == wanted["date"]
            and all(
                {_key(p.name) for p in getattr(event, n) if p.kind == "person"} == {_key(x) for x in wanted[n]}
                for n in ("visitors", "hosts")
            )
        ):
            right_all += 1
    result["events"]["all_three"] = _ratio(right_all, total)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--gold", type=Path, default=ROOT / "bench" / "gold" / "corpus-entities.json")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        parser.error(f"corpus folder not found: {args.corpus}")
    if not args.gold.is_file():
        parser.error(f"gold annotation not found: {args.gold}")

    from reportqa.config import Settings
    from reportqa.ingest import ingest
    from reportqa.stores import IndexStore
    from reportqa.whoswho import Directory

    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="reportqa-entities-") as scratch:
        settings = Settings(index_dir=Path(scratch) / "index", show_progress=False)
        started = time.perf_counter()
        summary = ingest([args.corpus], settings)
        seconds = time.perf_counter() - started
        snapshot = IndexStore(settings.index_dir).open()
        directory = Directory.build(snapshot.documents(), snapshot.facts())
        snapshot.close()
    result = score(directory, gold)
    result["ingest_seconds"] = round(seconds, 2)
    result["documents"] = summary.documents

    people, roles, events = result["people"], result["roles"], result["events"]
    print(f"{args.corpus}: {summary.documents} reports ingested in {seconds:.1f} s (entity stage on)")
    print(f"people   precision {people['precision']}  recall {people['recall']}   (target >= 0.90 both)")
    print(f"roles    precision {roles['precision']}  recall {roles['recall']}   (role + organisation; target >= 0.85)")
    print(
        f"events   date {events['date']}  visitors {events['visitors']}  hosts {events['hosts']}  led_by {events['led_by']}"
        f"  all of date+visitors+hosts {events['all_three']}  ({events['count']} events; target >= 0.85)"
    )
    for label, items in (
        ("missed people", people["missed"]),
        ("extra people", people["extra"]),
        ("wrong roles", roles["wrong"]),
        ("event misses", events["misses"]),
    ):
        for item in items:
            print(f"  {label}: {item}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
