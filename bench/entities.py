"""Who's-who quality against gold annotations: precision and recall per field.

    .venv/bin/python bench/entities.py                        # corpus/ + bench/gold/corpus-entities.json, and the dev reports
    .venv/bin/python bench/entities.py --dev-reports DIR      # the real reports (default ../shared/data/real-reports-dev)
    .venv/bin/python bench/entities.py --no-dev --json out.json --show-errors
    .venv/bin/python bench/entities.py --no-corpus --no-dev --pdf-reports ../shared/data/institutional-report-pdfs
    .venv/bin/python bench/entities.py --no-corpus --no-dev --excerpts ../shared/data   # TAT-QA and SQuAD excerpts
    .venv/bin/python bench/entities.py --no-corpus --no-dev --transcripts ../shared/data  # committee meetings

Five gold sets, written by reading the reports (not from reportqa's output):

- the bundled corpus (``bench/gold/corpus-entities.json``): ingested into a temporary index with
  the default settings; people and roles are scored on the corpus-wide who's who
  (reportqa.whoswho.Directory), events per report;
- the real dev reports (``bench/gold/dev-entities-<part>.json`` for the parts ``visits`` and
  ``records``, schema in the gold files' "about"): the entity stage is run on each report of
  ``--dev-reports``/<part>/ directly (no embedding), people, roles, organisations, places and
  events scored per report, the current role on the who's who of the part;
- real PDF reports of other institutions (``bench/gold/pdf-entities.json``, only with
  ``--pdf-reports DIR``): each PDF of DIR the gold names through the entity stage as the dev
  reports; people, roles, the current role, and organisations and places where the gold has them;
- real excerpts of other kinds of writing (``bench/gold/excerpt-entities.json``, only with
  ``--excerpts DIR``, DIR holding ``tatqa/`` and ``squad-v2.0-dev-half/``): each TAT-QA item and
  SQuAD paragraph naming a title or an honorific, written out as a report (``write_excerpts``)
  and scored like the PDFs; a role the gold marks doubtful counts neither way;
- real committee meetings (``bench/gold/transcript-entities.json``, only with ``--transcripts
  DIR``, DIR holding ``qmsum-committee/``): the opening turns of each QMSum transcript, where
  chairs introduce witnesses and witnesses say who they are, written out as a report
  (``write_transcripts``) and scored like the excerpts.

Fields, each with precision (P: of what was found, the share the gold has) and recall (R: of
the gold, the share found):

- people: names; honorifics, case, hyphens, punctuation and word order do not count, and a
  surname alone matches a full name that ends or starts with it;
- roles: a (person, role, organisation) claim; the role words the same or one containing the
  other, and, where the gold names an organisation, an organisation that contains it or is
  contained in it. P over the claims about gold people. ``current`` (dev; corpus when the gold
  marks it): of the gold people with a current role whom the who's who knows, the share whose
  current role is one of them (roles the gold marks doubtful count neither way);
- organisations, places: the names a report names (a name one containing the other, or an
  acronym and the name it abbreviates, match);
- events: the events of a report are paired one to one with its gold events, the pairing that
  shares the most people (then dates); a pair shares people or a date; date
  (equal), visitors, hosts and led_by (people, P and R over the names of matched events; an
  unmatched gold event counts in R), topics (a topic matches when half of the shorter one's
  content words are in the other).
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportqa.whoswho import name_key

ROOT = Path(__file__).resolve().parent.parent  # reportqa itself is imported as installed (pip install -e .)
DEV_DEFAULT = ROOT.parent / "shared" / "data" / "real-reports-dev"
PARTS = ("visits", "records")
EVENT_FIELDS = ("visitors", "hosts", "led_by")

_HONORIFICS = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "madam", "sir", "hon", "honourable", "honorable", "he",
    "h", "e", "rt", "cllr", "excellency", "his", "her", "dame", "lord", "lady", "mx", "dato", "datuk", "tan", "sri",
    "shri", "smt", "m", "mme",
}  # fmt: skip
_STOP = {
    "the", "of", "and", "a", "an", "in", "on", "for", "to", "with", "between", "its", "their", "from", "at", "by",
    "new", "further", "possible", "future", "joint", "mutual",
}  # fmt: skip


# --- matching ---------------------------------------------------------------------------------


def person_key(name: str) -> tuple[str, ...]:
    """A person's name as compared: no honorifics, case, hyphens, punctuation or word order."""
    words = re.sub(r"[^\w\s]", " ", name.lower().replace("-", " ").replace("’", "'").replace("'", "")).split()
    while len(words) > 1 and words[0] in _HONORIFICS:
        words = words[1:]
    return tuple(sorted(words))


def same_person(a: str, b: str) -> bool:
    ka, kb = person_key(a), person_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    # a surname alone ("Secker") and the full name ("Tony Secker")
    short, long = (ka, kb) if len(ka) < len(kb) else (kb, ka)
    if len(short) == 1:
        written = re.sub(r"[^\w\s]", " ", (a if person_key(a) == long else b).lower().replace("-", " ")).split()
        return short[0] in (written[0], written[-1]) if written else False
    return False


def body_key(name: str) -> str:
    """A name as compared: no case, punctuation or "the"; "&" is "and"."""
    name = name.lower().replace("-", " ").replace("’", "'").replace("'", "").replace("&", " and ")
    words = re.sub(r"[^\w\s]", " ", name).split()
    return " ".join(w for w in words if w != "the")


def same_body(a: str | None, b: str | None) -> bool:
    """Organisation or place names: the same, one containing the other word for word, or one
    the initials of the other ("GDS", "Government Digital Service")."""
    ka, kb = body_key(a or ""), body_key(b or "")
    if not ka or not kb:
        return False
    return ka == kb or f" {ka} " in f" {kb} " or f" {kb} " in f" {ka} " or _initials(a, b) or _initials(b, a)


def _initials(short: str | None, name: str | None) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", short or "")
    if not (2 <= len(letters) <= 8 and letters.isupper()):
        return False
    words = [w for w in re.split(r"[\s.-]+", name or "") if w and w.lower() not in ("of", "and", "the", "for", "&")]
    return len(words) >= 2 and "".join(w[0] for w in words).upper() == letters


def same_role(predicted: str | None, wanted: str) -> bool:
    """The same title, one within the other, or the same words in the other order ("secretary of
    the delegation" / "delegation secretary")."""
    pa, pb = body_key(predicted or "").removeprefix("former "), body_key(wanted).removeprefix("former ")
    if not (pa and pb):
        return False
    return pa == pb or f" {pa} " in f" {pb} " or f" {pb} " in f" {pa} " or _title_words(pa) == _title_words(pb)


def _title_words(title: str) -> set[str]:
    return set(title.split()) - {"of", "the", "for", "to"}


def same_topic(a: str, b: str) -> bool:
    wa = {w[:5] for w in body_key(a).split() if w not in _STOP}
    wb = {w[:5] for w in body_key(b).split() if w not in _STOP}
    if not wa or not wb:
        return False
    return len(wa & wb) * 2 >= min(len(wa), len(wb))


def _shown_as(name: str, role: Any, gold_roles: Sequence[dict]) -> bool:
    """Whether the who's who's current ``role`` of ``name`` is one of the gold's."""
    return role is not None and any(
        _claim_matches(Claim(name, role.role, role.organisation), Claim(name, w["role"], w.get("organisation")))
        for w in gold_roles
    )


# --- tallies ----------------------------------------------------------------------------------


@dataclass
class Tally:
    right_predicted: int = 0  # predicted items the gold has
    predicted: int = 0
    found_gold: int = 0  # gold items found
    gold: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, predicted: Sequence[Any], gold: Sequence[Any], same, where: str = "") -> None:
        predicted, gold = list(predicted), list(gold)
        self.predicted += len(predicted)
        self.gold += len(gold)
        extra = [p for p in predicted if not any(same(p, g) for g in gold)]
        missed = [g for g in gold if not any(same(p, g) for p in predicted)]
        self.right_predicted += len(predicted) - len(extra)
        self.found_gold += len(gold) - len(missed)
        if extra or missed:
            self.errors.append(f"{where}: extra {_short(extra)} missed {_short(missed)}")

    def figures(self) -> dict[str, Any]:
        return {
            "precision": _ratio(self.right_predicted, self.predicted),
            "recall": _ratio(self.found_gold, self.gold),
            "predicted": self.predicted,
            "gold": self.gold,
        }


def _short(items: Sequence[Any]) -> str:
    return "[" + "; ".join(str(i) for i in items[:8]) + ("; ..." if len(items) > 8 else "") + "]"


def _ratio(hits: int, total: int) -> float | None:
    return round(hits / total, 3) if total else None


@dataclass(frozen=True)
class Claim:
    person: str
    role: str
    organisation: str | None

    def __str__(self) -> str:
        return f"{self.person}: {self.role} / {self.organisation}"


def _claim_matches(predicted: Claim, wanted: Claim) -> bool:
    """The same person and role; the organisation, where the gold names one, the predicted one or
    named in the predicted role ("Manager of Seattle ACO Branch" / FAA for manager / Seattle ACO Branch)."""
    in_role = (
        bool(wanted.organisation) and f" {body_key(wanted.organisation or '')} " in f" {body_key(predicted.role)} "
    )
    org_ok = wanted.organisation is None or same_body(predicted.organisation, wanted.organisation) or in_role
    return same_person(predicted.person, wanted.person) and same_role(predicted.role, wanted.role) and org_ok


def _people_of(event: Any, name: str) -> list[str]:
    return [p.name for p in getattr(event, name) if p.kind == "person"]


def _pair_events(predicted: Sequence[Any], gold: Sequence[dict]) -> list[tuple[Any | None, dict]]:
    """Each gold event of a report with at most one predicted event, one to one, the pairing that
    shares the most people (then the most dates) over the report: a pair shares people or a date
    (or is the report's only gold event); a gold event left over is unmatched."""

    def weight(event: Any, wanted: dict) -> int:
        names = [n for f in EVENT_FIELDS for n in wanted.get(f) or []]
        shared = sum(any(same_person(p, n) for n in names) for f in EVENT_FIELDS for p in _people_of(event, f))
        same_day = bool(event.date) and event.date == wanted.get("date")
        if not (shared or same_day or len(gold) == 1):
            return -1  # no pair
        return 2 * shared + same_day

    weights = [[weight(event, wanted) for event in predicted] for wanted in gold]
    if len(gold) > 5 or len(predicted) > 8:  # too many to try every pairing: the heaviest pairs first
        pairs = sorted(((w, g, p) for g, row in enumerate(weights) for p, w in enumerate(row) if w >= 0), reverse=True)
        taken: dict[int, int] = {}
        for _, g, p in pairs:
            if g not in taken and p not in taken.values():
                taken[g] = p
        return [(predicted[taken[g]] if g in taken else None, wanted) for g, wanted in enumerate(gold)]
    best: tuple[int, int, tuple[int | None, ...]] = (-1, -1, tuple(None for _ in gold))
    for choice in _assignments(len(gold), len(predicted)):
        chosen = [(g, p) for g, p in enumerate(choice) if p is not None and weights[g][p] >= 0]
        score = (sum(weights[g][p] for g, p in chosen), len(chosen))
        if score > best[:2]:
            best = (*score, tuple(p if p is not None and weights[g][p] >= 0 else None for g, p in enumerate(choice)))
    return [(predicted[p] if p is not None else None, wanted) for p, wanted in zip(best[2], gold, strict=True)]


def _assignments(gold: int, predicted: int) -> Iterable[tuple[int | None, ...]]:
    """Every one-to-one choice of a predicted event (or none) for each gold event (reports narrate
    a handful: the search is exhaustive)."""
    slots = [*range(predicted), *([None] * gold)]
    seen: set[tuple[int | None, ...]] = set()
    for choice in itertools.permutations(slots, gold):
        if choice not in seen:
            seen.add(choice)
            yield choice


class Scores:
    """Tallies per field over any number of reports."""

    def __init__(self) -> None:
        self.fields: dict[str, Tally] = {
            name: Tally()
            for name in ("people", "roles", "organisations", "places", "events", "date", *EVENT_FIELDS, "topics")
        }
        self.current_right = 0
        self.current_total = 0
        self.current_errors: list[str] = []

    def events(self, where: str, predicted: Sequence[Any], gold: Sequence[dict]) -> None:
        pairs = _pair_events(predicted, gold)
        matched = [event for event, _ in pairs if event is not None]
        events = self.fields["events"]
        events.predicted += len(predicted)
        events.gold += len(gold)
        events.right_predicted += len(matched)
        events.found_gold += len(matched)
        if len(matched) < max(len(predicted), len(gold)):
            events.errors.append(f"{where}: {len(predicted)} predicted, {len(gold)} gold, {len(matched)} matched")
        for event, wanted in pairs:
            date = self.fields["date"]
            has_gold_date = bool(wanted.get("date"))
            predicted_date = event.date if event is not None else None
            date.gold += has_gold_date
            date.predicted += bool(predicted_date)
            if predicted_date and predicted_date == wanted.get("date"):
                date.right_predicted += 1
                date.found_gold += 1
            elif predicted_date or has_gold_date:
                date.errors.append(f"{where}: {predicted_date} for {wanted.get('date')}")
            for name in EVENT_FIELDS:
                people = _people_of(event, name) if event is not None else []
                self.fields[name].add(people, wanted.get(name) or [], same_person, where)
            if "topics" in wanted:  # the corpus gold had none at first
                topics = list(event.topics) if event is not None else []
                self.fields["topics"].add(topics, wanted["topics"], same_topic, where)
        # predicted events that match no gold event: their fields are all wrong
        for event in (e for e in predicted if e not in matched):
            for name in EVENT_FIELDS:
                self.fields[name].predicted += len(_people_of(event, name))
            self.fields["topics"].predicted += len(event.topics) if any("topics" in g for g in gold) else 0
            self.fields["date"].predicted += bool(event.date)

    def current(self, directory: Any, gold_people: Iterable[dict], where: str = "") -> None:
        """Of the gold people with a current role that the who's who knows: is its current role one of them?"""
        for person in gold_people:
            current = [r for r in person.get("roles") or [] if r.get("current", True)]
            wanted = [r for r in current if not r.get("doubtful")]
            if not wanted:  # as for the claims, a role the annotator doubted counts neither way
                continue
            known = [e for e in directory.entities if e.type == "person" and same_person(e.name, person["name"])]
            if not known:
                continue
            role = known[0].current_role
            ok = _shown_as(person["name"], role, wanted)
            if not ok and _shown_as(person["name"], role, [r for r in current if r.get("doubtful")]):
                continue
            self.current_total += 1
            self.current_right += ok
            if not ok:
                shown = f"{role.role} / {role.organisation}" if role else None
                self.current_errors.append(f"{where}{person['name']}: {shown}")

    def figures(self) -> dict[str, Any]:
        result = {name: tally.figures() for name, tally in self.fields.items()}
        result["roles"]["current"] = _ratio(self.current_right, self.current_total)
        result["roles"]["current_of"] = self.current_total
        return result

    def errors(self) -> dict[str, list[str]]:
        found = {name: tally.errors for name, tally in self.fields.items() if tally.errors}
        if self.current_errors:
            found["current role"] = self.current_errors
        return found


# --- the bundled corpus -----------------------------------------------------------------------


def score_corpus(directory: Any, facts_by_source: dict[str, Any], gold: dict) -> Scores:
    """People and roles on the corpus-wide who's who; organisations, places and topics (when the
    gold has them) per report; events per report."""
    scores = Scores()
    people = [e.name for e in directory.entities if e.type == "person"]
    gold_people = gold["people"]
    scores.fields["people"].add(people, [p["name"] for p in gold_people], same_person, "corpus")
    gold_names = [p["name"] for p in gold_people]
    predicted_claims = [
        Claim(e.name, r.role, r.organisation)
        for e in directory.entities
        if e.type == "person" and any(same_person(e.name, n) for n in gold_names)
        for r in e.roles
    ]
    gold_claims = [Claim(p["name"], r["role"], r.get("organisation")) for p in gold_people for r in p["roles"]]
    scores.fields["roles"].add(predicted_claims, gold_claims, _claim_matches, "corpus")
    scores.current(directory, gold_people)
    by_source: dict[str, list[dict]] = {}
    for wanted in gold["events"]:
        by_source.setdefault(wanted["source"], []).append(wanted)
    for source, wanted in by_source.items():
        facts = facts_by_source.get(source)
        scores.events(source, list(facts.events) if facts else [], wanted)
    for report in gold.get("reports", []):  # organisations and places per report, when annotated
        _score_names(scores, facts_by_source.get(report["source"]), report, directory)
    return scores


def _score_names(scores: Scores, facts: Any, report: dict, directory: Any) -> None:
    """A report's organisations and places, each of the kind the who's who gives it (a name NER
    tags as a place in one sentence and an organisation in most is an organisation)."""
    kinds = {name_key(n): e.type for e in directory.entities if e.type != "person" for n in (e.name, *e.aliases)}
    for field_name, kind in (("organisations", "org"), ("places", "place")):
        if field_name not in report:
            continue
        named = [m.text for m in facts.mentions if m.kind in ("org", "place")] if facts else []
        predicted = list(dict.fromkeys(n for n in named if kinds.get(name_key(n)) == kind))
        scores.fields[field_name].add(predicted, report[field_name], same_body, report["source"])


# --- the dev reports ---------------------------------------------------------------------------


def score_reports(facts_by_source: dict[str, Any], directory: Any, gold: dict, events: bool = True) -> Scores:
    """Per report: people, roles, organisations, places and (unless ``events`` is false) events;
    the current role on the who's who."""
    scores = Scores()
    for report in gold["reports"]:
        source = report["source"]
        facts = facts_by_source.get(source)
        if facts is None:
            for tally_name in ("people", "roles", "organisations", "places"):
                scores.fields[tally_name].errors.append(f"{source}: report not found")
        people = list(dict.fromkeys(m.text for m in facts.mentions if m.kind == "person")) if facts else []
        gold_people = report.get("people") or []
        scores.fields["people"].add(people, [p["name"] for p in gold_people], same_person, source)
        names = [p["name"] for p in gold_people]
        claims = [
            Claim(r.person, r.role, r.organisation or r.report_body)
            for r in (facts.roles if facts else ())
            if any(same_person(r.person, n) for n in names)
        ]
        wanted, doubtful = [], []
        for person in gold_people:
            for r in person.get("roles") or []:
                (doubtful if r.get("doubtful") else wanted).append(
                    Claim(person["name"], r["role"], r.get("organisation"))
                )
        # a claim the annotator could not decide on counts neither way
        claims = [c for c in dict.fromkeys(claims) if not any(_claim_matches(c, d) for d in doubtful)]
        scores.fields["roles"].add(claims, wanted, _claim_matches, source)
        _score_names(scores, facts, report, directory)
        if events:
            scores.events(source, list(facts.events) if facts else [], report.get("events") or [])
        scores.current(directory, gold_people, f"{source}: ")
    return scores


def extract_part(folder: Path, part: str, only: set[str] | None = None) -> tuple[dict[str, Any], Any, float]:
    """Every report of ``folder``/``part`` (or of ``folder`` itself when ``part`` is empty; only
    the sources in ``only`` when given) through the entity stage (no embedding): facts by source
    (``part/<file>``, or the file name), the part's who's who, and the seconds it took."""
    from datetime import UTC, datetime

    from reportqa.entities import EntityExtractor
    from reportqa.load import load_document
    from reportqa.types import DocumentRecord
    from reportqa.whoswho import Directory

    extractor = EntityExtractor.load()
    started = time.perf_counter()
    facts: dict[str, Any] = {}
    records = []
    for path in sorted((folder / part).rglob("*")):
        source = path.relative_to(folder).as_posix()
        if not path.is_file() or (only is not None and source not in only):
            continue
        document = load_document(path, source=source)
        facts[source] = extractor.extract(document, [])
        size = path.stat().st_size
        now = datetime.now(UTC).isoformat()
        record = (document.doc_id, str(folder), source, document.title, document.date, document.sha256, size, 0)
        records.append(DocumentRecord(*record, pages=len(document.pages), chunks=0, ingested_at=now))
    seconds = time.perf_counter() - started
    directory = Directory.build(records, {f.doc_id: f for f in facts.values()})
    return facts, directory, seconds


# --- output ----------------------------------------------------------------------------------


def print_figures(label: str, figures: dict[str, Any]) -> None:
    print(f"\n{label}")
    print(f"  {'field':14} {'P':>6} {'R':>6}   (predicted / gold)")
    for name, tally in figures.items():
        if not isinstance(tally, dict) or "precision" not in tally:
            continue
        extra = ""
        if name == "roles" and tally.get("current") is not None:
            extra = f"   current role right {tally['current']} (of {tally['current_of']})"
        p = "-" if tally["precision"] is None else f"{tally['precision']:.3f}"
        r = "-" if tally["recall"] is None else f"{tally['recall']:.3f}"
        print(f"  {name:14} {p:>6} {r:>6}   ({tally['predicted']} / {tally['gold']}){extra}")


PDF_FIELDS = ("people", "roles", "organisations", "places")


def score_folder(
    key: str, label: str, folder: Path, gold_file: Path, result: dict[str, Any], errors: dict[str, dict[str, list[str]]]
) -> None:
    """The reports of ``folder`` that ``gold_file`` annotates (sources relative to ``folder``):
    people, roles, and organisations and places where the gold has them."""
    if not folder.is_dir():
        print(f"\n{label}: reports not found: {folder}")
        return
    if not gold_file.is_file():
        print(f"\n{label}: no gold annotation ({gold_file})")
        return
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    facts, directory, seconds = extract_part(folder, "", {r["source"] for r in gold["reports"]})
    scores = score_reports(facts, directory, gold, events=False)
    figures = scores.figures()
    result[key] = {
        **{k: figures[k] for k in PDF_FIELDS},
        "reports": len(gold["reports"]),
        "seconds": round(seconds, 1),
    }
    errors[key] = {k: v for k, v in scores.errors().items() if k in (*PDF_FIELDS, "current role")}
    print_figures(f"{label} ({len(gold['reports'])} reports, entity stage {seconds:.1f} s)", result[key])


EXCERPT_ROLE_WORDS = re.compile(
    r"\b(Chief|Director|President|Chairman|Chair|Officer|Secretary|Minister|Mayor|Governor|Dean|Professor"
    r"|Rector|Chancellor|Treasurer|Commissioner|Ambassador|Head|Vice|CEO|CFO|Mr\.?|Ms\.?|Mrs\.?|Dr\.?)\b"
)


def write_excerpts(data: Path, out: Path) -> list[str]:
    """Real excerpts of other kinds of writing as small reports, for people and roles: each TAT-QA
    item (annual reports; dev and test_gold) and each SQuAD paragraph (encyclopedic prose about
    institutions) that has a title or honorific word, written to ``out``/tatqa/<table uid>.txt and
    ``out``/squad/<article>-<n>.txt. Returns the sources written (``tatqa/<uid>.txt``...)."""
    sources = []
    tatqa = data / "tatqa"
    for name in ("tatqa_dataset_dev.json", "tatqa_dataset_test_gold.json"):
        for item in json.loads((tatqa / name).read_text(encoding="utf-8")):
            rows = "\n".join(" | ".join(row) for row in item["table"]["table"])
            text = "Annual report excerpt\n\n" + "\n\n".join(p["text"] for p in item["paragraphs"]) + "\n\n" + rows
            if EXCERPT_ROLE_WORDS.search(text):
                sources.append(_write(out, f"tatqa/{item['table']['uid']}.txt", text))
    squad = json.loads((data / "squad-v2.0-dev-half" / "dev-v2.0.json").read_text(encoding="utf-8"))
    for article in squad["data"]:
        for n, paragraph in enumerate(article["paragraphs"]):
            if EXCERPT_ROLE_WORDS.search(paragraph["context"]):
                title = article["title"].replace("_", " ")
                sources.append(
                    _write(out, f"squad/{article['title']}-{n:02d}.txt", f"{title}\n\n{paragraph['context']}\n")
                )
    return sources


TRANSCRIPT_TURNS = 10  # a committee's chair introduces the witnesses, who then say who they are, at the start


def write_transcripts(data: Path, out: Path) -> list[str]:
    """Real committee meetings as small reports, for people and roles: the first turns of each
    QMSum committee transcript (the Welsh Parliament's education committee, the Canadian House of
    Commons' COVID-19 committee), each turn "Speaker: words" in a paragraph of its own, written to
    ``out``/qmsum/<split>-<meeting>.txt. Returns the sources written."""
    sources = []
    for path in sorted((data / "qmsum-committee").glob("*/*.json")):
        turns = json.loads(path.read_text(encoding="utf-8"))["meeting_transcripts"][:TRANSCRIPT_TURNS]
        said = "\n\n".join(f"{turn['speaker'].strip()}: {turn['content'].strip()}" for turn in turns)
        text = f"Committee meeting transcript (opening)\n\n{said}\n"
        sources.append(_write(out, f"qmsum/{path.parent.name}-{path.stem}.txt", text))
    return sources


def _write(out: Path, source: str, text: str) -> str:
    path = out / source
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return source


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--gold", type=Path, default=ROOT / "bench" / "gold" / "corpus-entities.json")
    parser.add_argument(
        "--dev-reports", type=Path, default=DEV_DEFAULT, help="the real dev reports (visits/, records/)"
    )
    parser.add_argument("--no-dev", action="store_true", help="only the bundled corpus")
    parser.add_argument("--no-corpus", action="store_true", help="only the dev reports")
    parser.add_argument(
        "--pdf-reports",
        type=Path,
        help="also score this folder of real PDF reports (../shared/data/institutional-report-pdfs)",
    )
    parser.add_argument("--pdf-gold", type=Path, default=ROOT / "bench" / "gold" / "pdf-entities.json")
    parser.add_argument(
        "--excerpts",
        type=Path,
        help="also score real excerpts of annual reports (TAT-QA) and encyclopedic prose (SQuAD) that name"
        " titles, read from this folder's tatqa/ and squad-v2.0-dev-half/ (../shared/data)",
    )
    parser.add_argument("--excerpts-gold", type=Path, default=ROOT / "bench" / "gold" / "excerpt-entities.json")
    parser.add_argument(
        "--transcripts",
        type=Path,
        help="also score the opening turns of real committee meetings, read from this folder's qmsum-committee/"
        " (../shared/data)",
    )
    parser.add_argument("--transcripts-gold", type=Path, default=ROOT / "bench" / "gold" / "transcript-entities.json")
    parser.add_argument("--show-errors", action="store_true", help="print what was missed or extra, per report")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    result: dict[str, Any] = {}
    errors: dict[str, dict[str, list[str]]] = {}

    if not args.no_corpus:
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
            documents, facts = snapshot.documents(), snapshot.facts()
            directory = Directory.build(documents, facts)
            snapshot.close()
        by_source = {d.source: facts[d.doc_id] for d in documents if d.doc_id in facts}
        scores = score_corpus(directory, by_source, gold)
        result["corpus"] = {**scores.figures(), "documents": summary.documents, "ingest_seconds": round(seconds, 2)}
        errors["corpus"] = scores.errors()
        print(f"{args.corpus}: {summary.documents} reports ingested in {seconds:.1f} s (entity stage on)")
        print_figures(f"bundled corpus ({args.gold.name})", result["corpus"])

    if not args.no_dev:
        missing = [part for part in PARTS if not (args.dev_reports / part).is_dir()]
        if missing:
            print(
                f"\ndev reports not found: {args.dev_reports} holds no {' and '.join(f'{p}/' for p in missing)}"
                " (give --dev-reports ../shared/data/real-reports-dev, or --no-dev)"
            )
        for part in PARTS:
            gold_file = ROOT / "bench" / "gold" / f"dev-entities-{part}.json"
            if part in missing:
                continue
            if not gold_file.is_file():
                print(f"\ndev {part}: no gold annotation yet ({gold_file.relative_to(ROOT)})")
                continue
            gold = json.loads(gold_file.read_text(encoding="utf-8"))
            facts, directory, seconds = extract_part(args.dev_reports, part)
            scores = score_reports(facts, directory, gold)
            result[f"dev-{part}"] = {**scores.figures(), "reports": len(gold["reports"]), "seconds": round(seconds, 1)}
            errors[f"dev-{part}"] = scores.errors()
            print_figures(
                f"dev {part} ({len(gold['reports'])} reports, entity stage {seconds:.1f} s)", result[f"dev-{part}"]
            )

    if args.pdf_reports is not None:
        score_folder("pdf", "PDF reports", args.pdf_reports, args.pdf_gold, result, errors)
    written_sets = (
        ("excerpts", "real excerpts (TAT-QA, SQuAD)", args.excerpts, args.excerpts_gold, write_excerpts,
         ("tatqa", "squad-v2.0-dev-half")),
        ("transcripts", "real committee meetings (QMSum)", args.transcripts, args.transcripts_gold,
         write_transcripts, ("qmsum-committee",)),
    )  # fmt: skip
    for key, label, data, gold_file, write, needed in written_sets:
        if data is None:
            continue
        if not all((data / folder).is_dir() for folder in needed):
            print(f"\n{key}: {data} holds no {' and '.join(f'{f}/' for f in needed)} (give --{key} ../shared/data)")
            continue
        with tempfile.TemporaryDirectory(prefix=f"reportqa-{key}-") as scratch:
            write(data, Path(scratch))
            score_folder(key, label, Path(scratch), gold_file, result, errors)

    if args.show_errors:
        for label, found in errors.items():
            for name, items in found.items():
                for item in items:
                    print(f"  [{label}] {name}: {item}")
    if args.json:
        args.json.write_text(json.dumps({**result, "errors": errors}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
