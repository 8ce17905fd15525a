"""Who's who and the timeline, across the whole corpus, from each report's facts (entities.py).

The entity stage works one report at a time; here people, organisations and places are merged
across reports, conservatively:

- a person is one record per full name; "Sun Jin" and "Jin Sun" are one person once a report
  shows both orders (within a report, "Ms. Chen" and "Director Chen" were already resolved to
  the full name written before them);
- organisations and places merge only when their names are the same apart from case, a
  leading "the" and punctuation -- two bodies that share a city name stay apart;
- a role stated without its organisation ("Wei Liang (General Manager)") takes the organisation
  another report gives for the same person and role;
- what reports say is part of what (a body's units, places inside places: entities/containment.py)
  joins into :meth:`Directory.parts_of`, so that a filter by a body or a place includes its parts.

No spaCy here: this runs on the query path, built from the index in milliseconds.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._util import without_accents
from .types import DocumentFacts, DocumentRecord, Event, Participant

if TYPE_CHECKING:
    from .config import Settings

ENTITY_TYPES = ("person", "org", "place")


@dataclass(frozen=True)
class RoleRecord:
    role: str
    organisation: str | None
    date: str | None
    doc_id: str
    source: str
    title: str
    page: int | None
    start: int  # the sentence stating the role, in the report's text
    end: int
    report_body: str | None = None  # the body of the minutes stating a role without one

    def as_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "organisation": self.organisation,
            "date": self.date,
            "source": self.source,
            "title": self.title,
            "page": self.page,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class DocumentRef:
    doc_id: str
    source: str
    title: str
    date: str | None
    mentions: int

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "title": self.title, "date": self.date, "mentions": self.mentions}


@dataclass(frozen=True)
class Occurrence:
    """Where a report names an entity: character offsets in the report's text, and the passage."""

    doc_id: str
    chunk_id: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Entity:
    """A person, organisation or place, merged across the reports that name it."""

    name: str
    type: str
    aliases: tuple[str, ...]
    roles: tuple[RoleRecord, ...]  # newest first
    documents: tuple[DocumentRef, ...]  # newest first
    mentions: int
    occurrences: tuple[Occurrence, ...] = ()
    claims: tuple[RoleRecord, ...] = ()  # every role statement, newest first (``roles`` has each role once)

    @property
    def current_role(self) -> RoleRecord | None:
        """The newest role no report since has called former; when every role is former, the
        newest former one ("former Speaker of ..."), which says so."""
        return self.roles[0] if self.roles else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "roles": [r.as_dict() for r in self.roles],
            "documents": [d.as_dict() for d in self.documents],
            "mentions": self.mentions,
        }


@dataclass(frozen=True)
class TimelineEvent:
    """An event with the report it comes from; participants carry corpus-wide names and roles.
    ``order``: its place among its report's events (0: the report's own, the visit or meeting it
    records; then the further ones it narrates, such as a signing during the visit)."""

    event: Event
    doc_id: str
    source: str
    order: int = 0

    def as_dict(self) -> dict[str, Any]:
        e = self.event

        def people(items: Iterable[Participant]) -> list[dict[str, Any]]:
            return [{"name": p.name, "role": p.role, "organisation": p.organisation} for p in items]

        return {
            "date": e.date,
            "kind": e.kind,
            "title": e.title,
            "source": self.source,
            "page": e.page,
            "visitors": people(e.visitors),
            "hosts": people(e.hosts),
            "led_by": people(e.led_by),
            "place": e.place,
            "topics": list(e.topics),
            "follow_ups": list(e.follow_ups),
            "citations": {name: {"page": ev.page, "start": ev.start, "end": ev.end} for name, ev in e.evidence},
        }


_NOT_NAME = re.compile(r"[^\w\s-]")
# The word that names a place's kind after its name: "Jiangsu Province" is Jiangsu.
_REGION_WORD = re.compile(r"\s+(?:province|state|prefecture|county|region|oblast|municipality|city)$")


@functools.lru_cache(maxsize=100_000)  # the same names recur in every report: the directory is built at each start
def name_key(name: str) -> str:
    """How names are compared: case, accents of Latin letters ("Siân", "Sian"), "the",
    punctuation and spacing do not count."""
    if not name.isascii():
        name = "".join(without_accents(c) if c < "\u0250" else c for c in name)
    words = _NOT_NAME.sub(" ", name.lower()).split()
    return " ".join(w for w in words if w != "the")


def same_name(a: str | None, b: str | None) -> bool:
    """Whether two names (of a body, a role) are the same or one contains the other, as
    :func:`name_key` compares them: "the Investment Promotion Bureau" and "Investment
    Promotion Bureau of the Suzhou Industrial Park"."""
    a_key, b_key = name_key(a or ""), name_key(b or "")
    return bool(a_key and b_key) and (a_key in b_key or b_key in a_key)


# Words that make another position of a role: a vice president is not the president.
_RANK_WORDS = frozenset({"vice", "deputy", "assistant", "associate", "acting", "executive", "honorary", "former"})


def same_role(a: str | None, b: str | None) -> bool:
    """Whether two roles are one position: the same name, or one containing the other with the
    same rank words ("general manager" and "manager"; not "vice president" and "president")."""

    def ranks(role: str | None) -> set[str]:
        return set(name_key(role or "").replace("-", " ").split()) & _RANK_WORDS

    return same_name(a, b) and ranks(a) == ranks(b)


@dataclass
class _Builder:
    names: Counter[str] = field(default_factory=Counter)
    aliases: set[str] = field(default_factory=set)
    mentions: Counter[str] = field(default_factory=Counter)  # by doc id
    occurrences: list[Occurrence] = field(default_factory=list)
    roles: list[RoleRecord] = field(default_factory=list)


def _merge_bodies_named_alike(builders: dict[tuple[str, str], _Builder]) -> None:
    """One entry for a name NER tagged as an organisation in one sentence and a place in
    another ("visited the Harbour Innovation Hub"): the kind of most of its mentions, an
    organisation on a tie."""
    for key in [key for kind, key in builders if kind == "place" and ("org", key) in builders]:
        org, place = builders[("org", key)], builders[("place", key)]
        keep, drop = ("place", "org") if place.mentions.total() > org.mentions.total() else ("org", "place")
        kept, dropped = builders[(keep, key)], builders.pop((drop, key))
        kept.names.update(dropped.names)
        kept.aliases |= dropped.aliases
        kept.mentions.update(dropped.mentions)
        kept.occurrences.extend(dropped.occurrences)
        kept.roles.extend(dropped.roles)


class Directory:
    """Every person, organisation and place of the index, and its events on a timeline."""

    def __init__(
        self,
        entities: Sequence[Entity],
        events: Sequence[TimelineEvent],
        doc_ids: Mapping[str, set[str]],
        mentions_by_doc: Mapping[str, list[tuple[str, int, int, str]]] | None = None,
        parts: Mapping[str, frozenset[str]] | None = None,
    ):
        self.entities = list(entities)
        self.events = list(events)
        self._doc_ids = doc_ids  # entity key -> doc ids that mention it
        self._mentions_by_doc = mentions_by_doc or {}  # doc id -> (kind, start, end, text), report offsets
        self._parts = parts or {}  # name key of a body or place -> name keys of its parts, as reports state them
        self._events_by_doc: dict[str, list[TimelineEvent]] = defaultdict(list)
        for item in self.events:
            self._events_by_doc[item.doc_id].append(item)
        for items in self._events_by_doc.values():
            items.sort(key=lambda t: t.order)

    @functools.cached_property
    def name_keys(self) -> frozenset[str]:
        """The :func:`name_key` of every person's, organisation's and place's name and alias:
        which names in a question the reports know."""
        return frozenset(name_key(n) for e in self.entities for n in (e.name, *e.aliases))

    def mentions_between(self, doc_id: str, start: int, end: int) -> list[tuple[str, str]]:
        """(kind, text) of the mentions (person, date, number ...) inside report offsets start..end."""
        return [(kind, text) for kind, s, e, text in self._mentions_by_doc.get(doc_id, ()) if start <= s and e <= end]

    @functools.cached_property
    def _by_name_key(self) -> dict[str, list[Entity]]:
        found: dict[str, list[Entity]] = defaultdict(list)
        for entity in self.entities:
            for key in {name_key(n) for n in (entity.name, *entity.aliases)}:
                found[key].append(entity)
        return found

    def parts_of(self, entity: Entity | str) -> list[Entity]:
        """The units of a body and the places inside a place, as some report states them ("the
        Nantong Sub-center of the Lingang Innovation Center", "Lianyungang, Jiangsu Province"),
        and their parts in turn; ``entity`` a record or an exact name."""
        wholes = [entity] if isinstance(entity, Entity) else self.find(entity, exact=True)
        seen = {id(e) for e in wholes}
        queue = [name_key(n) for e in wholes for n in (e.name, *e.aliases)]
        parts: list[Entity] = []
        while queue:
            for part_key in sorted(self._parts.get(queue.pop(), ())):
                for part in self._by_name_key.get(part_key, ()):
                    if id(part) not in seen and part.type in ("org", "place"):
                        seen.add(id(part))
                        parts.append(part)
                        queue.extend(name_key(n) for n in (part.name, *part.aliases))
        return parts

    def included_parts(self, names: Iterable[str]) -> list[str]:
        """The names of the parts that :meth:`doc_ids_for` adds to the entities called ``names``
        (those not already found by the names themselves), to say what a filter included."""
        found = [e for name in names for e in self.find(name)]
        named = {id(e) for e in found}
        parts = [p.name for e in found for p in self.parts_of(e) if id(p) not in named]
        return list(dict.fromkeys(parts))

    def event_of(self, doc_id: str) -> TimelineEvent | None:
        """The report's own event (the visit, meeting or agreement it records), if any."""
        items = self._events_by_doc.get(doc_id)
        return items[0] if items else None

    def events_of(self, doc_id: str) -> list[TimelineEvent]:
        """Every event of a report: its own first, then the further ones it narrates, in its order."""
        return list(self._events_by_doc.get(doc_id, ()))

    @classmethod
    def load(cls, index: str | Path | Settings) -> Directory:
        """The who's who of the index in a folder, or of the store ``Settings`` name (no model is loaded)."""
        from .config import Settings
        from .stores import open_backend

        settings = index if isinstance(index, Settings) else Settings(index_dir=Path(index))
        snapshot = open_backend(settings).open()
        try:
            return cls.build(snapshot.documents(), snapshot.facts())
        finally:
            snapshot.close()

    @property
    def has_entities(self) -> bool:
        return bool(self.entities)

    @classmethod
    def build(cls, documents: Sequence[DocumentRecord], facts: Mapping[str, DocumentFacts]) -> Directory:
        records = {d.doc_id: d for d in documents}
        person_key = _person_keys(facts.values())
        builders: dict[tuple[str, str], _Builder] = defaultdict(_Builder)
        by_doc: dict[str, list[tuple[str, int, int, str]]] = defaultdict(list)
        for doc_id, doc_facts in facts.items():
            if doc_id not in records:
                continue
            for mention in doc_facts.mentions:
                by_doc[doc_id].append((mention.kind, mention.start, mention.end, mention.text))
                if mention.kind not in ENTITY_TYPES:
                    continue
                key = (mention.kind, person_key(mention.text) if mention.kind == "person" else name_key(mention.text))
                builder = builders[key]
                builder.names[mention.text] += 1
                builder.mentions[doc_id] += 1
                builder.occurrences.append(Occurrence(doc_id, mention.chunk_id, mention.start, mention.end))
                if mention.form and mention.form != mention.text:
                    builder.aliases.add(mention.form)
            record = records[doc_id]
            for claim in doc_facts.roles:
                builders[("person", person_key(claim.person))].roles.append(
                    RoleRecord(
                        claim.role,
                        claim.organisation,
                        claim.date,
                        doc_id,
                        record.source,
                        record.title,
                        claim.page,
                        claim.start,
                        claim.end,
                        claim.report_body,
                    )
                )
        _merge_bodies_named_alike(builders)
        parts: dict[str, set[str]] = defaultdict(set)
        for doc_id, doc_facts in facts.items():
            for statement in doc_facts.parts if doc_id in records else ():
                whole = name_key(statement.whole)
                parts[whole].add(name_key(statement.part))
                # "Jiangsu Province" is the "Jiangsu" of other sentences
                if (short := _REGION_WORD.sub("", whole)) != whole and short:
                    parts[short].add(name_key(statement.part))
        entities: list[Entity] = []
        doc_ids: dict[str, set[str]] = {}
        for (kind, entity_key), builder in builders.items():
            if not builder.names:  # roles of a person the mentions never named: nothing to show
                continue
            name = builder.names.most_common(1)[0][0]
            aliases = sorted((set(builder.names) | builder.aliases) - {name})
            refs = [
                DocumentRef(d, records[d].source, records[d].title, records[d].date, count)
                for d, count in builder.mentions.items()
            ]
            newest_first = sorted(refs, key=lambda ref: (ref.date or "", ref.source), reverse=True)
            entities.append(
                Entity(
                    name,
                    kind,
                    tuple(aliases),
                    _roles(builder.roles),
                    tuple(newest_first),
                    builder.mentions.total(),
                    tuple(builder.occurrences),
                    tuple(sorted(builder.roles, key=lambda r: (r.date or "", r.source), reverse=True)),
                )
            )
            doc_ids[f"{kind}:{entity_key}"] = set(builder.mentions)
        entities.sort(key=lambda e: (-e.mentions, e.name))
        events = [
            TimelineEvent(_with_roles(event, person_key, entities), doc_id, records[doc_id].source, order)
            for doc_id, doc_facts in facts.items()
            if doc_id in records
            for order, event in enumerate(doc_facts.events)
        ]
        events.sort(key=lambda t: (t.event.date or "", t.source, t.order))
        return cls(entities, events, doc_ids, by_doc, {whole: frozenset(keys) for whole, keys in parts.items()})

    def find(self, name: str, type: str | None = None, exact: bool = False) -> list[Entity]:
        """Entities called ``name`` (or with it as an alias); failing that, unless ``exact``,
        those whose name contains it ("Lianyungang" finds the Lianyungang City Bureau of Commerce too)."""
        key = name_key(name)
        candidates = [e for e in self.entities if type is None or e.type == type]
        same = [e for e in candidates if key in {name_key(n) for n in (e.name, *e.aliases)}]
        if same or exact:
            return same
        return [e for e in candidates if any(key in name_key(n) for n in (e.name, *e.aliases))]

    def doc_ids_for(self, names: Iterable[str]) -> set[str]:
        """Ids of the reports that mention any entity matching ``names`` or one of its parts
        (:meth:`parts_of`: the Nantong Sub-center for the Lingang Innovation Center)."""
        found: set[str] = set()
        for name in names:
            for entity in self.find(name):
                for each in (entity, *self.parts_of(entity)):
                    found |= {ref.doc_id for ref in each.documents}
        return found

    def timeline(
        self, entity: str | None = None, date_from: str | None = None, date_to: str | None = None
    ) -> list[TimelineEvent]:
        """Events by date (oldest first), restricted to reports mentioning ``entity`` (or one of
        its parts) -- of a report with several events, those it takes part in (else the report's
        own) -- and to a date range (inclusive; undated events fail a date filter, a month or a
        year passes when it overlaps the range)."""
        events = self.events
        if entity:
            allowed = self.doc_ids_for([entity])
            named = {
                name_key(n) for e in self.find(entity) for p in (e, *self.parts_of(e)) for n in (p.name, *p.aliases)
            }
            taking_part = {id(t) for t in events if t.doc_id in allowed and named & _participant_keys(t.event)}
            by_part = {t.doc_id for t in events if id(t) in taking_part}
            events = [
                t
                for t in events
                if t.doc_id in allowed and (id(t) in taking_part or (t.doc_id not in by_part and t.order == 0))
            ]
        if date_from or date_to:
            events = [t for t in events if t.event.date and date_overlaps(t.event.date, date_from, date_to)]
        return events


def _participant_keys(event: Event) -> set[str]:
    """The name keys of an event's participants, their bodies and its place."""
    people = (*event.visitors, *event.hosts, *event.led_by)
    names = [*(p.name for p in people), *(p.organisation for p in people if p.organisation)]
    return {name_key(n) for n in (*names, *([event.place] if event.place else []))}


def date_overlaps(date: str, date_from: str | None, date_to: str | None) -> bool:
    """Whether a date ("2024-11-27", or a month "2024-11" or a year "2024": all its days) meets
    the inclusive range date_from..date_to (ISO days; either may be None)."""
    first = date + "-01-01"[len(date) - 4 :] if len(date) < 10 else date
    last = date + "-12-31"[len(date) - 4 :] if len(date) < 10 else date
    return (date_from is None or last >= date_from) and (date_to is None or first <= date_to)


def _person_keys(facts: Iterable[DocumentFacts]) -> Any:
    """A function mapping a person's name to the key of the record it belongs to: word order
    does not matter for names that some report writes both ways, and a name of one word that a
    report left unresolved ("Dr. Hartmann", with no full name in that report) is the one person
    of the corpus whose name starts or ends with it, if there is only one ("Peter Hartmann",
    "Chen Meiling" for "Director Chen")."""
    reordered: dict[str, str] = {}
    by_word: dict[str, set[str]] = defaultdict(set)  # first or last word -> full names' keys
    for doc_facts in facts:
        for mention in doc_facts.mentions:
            if mention.kind != "person":
                continue
            text_key = name_key(mention.text)
            if len(words := text_key.split()) > 1:
                by_word[words[0]].add(text_key)
                by_word[words[-1]].add(text_key)
            form = mention.form or ""
            if len(form.split()) < 2:
                continue
            form_key = name_key(form)
            if form_key != text_key and sorted(form_key.split()) == sorted(text_key.split()):
                reordered[form_key] = text_key

    def key(name: str) -> str:
        plain = name_key(name)
        if " " not in plain and len(full := by_word.get(plain, ())) == 1:
            return reordered.get(next(iter(full)), next(iter(full)))
        return reordered.get(plain, plain)

    return key


def _roles(claims: list[RoleRecord]) -> tuple[RoleRecord, ...]:
    """Distinct roles, newest first; a role without organisation takes the one another report
    gives for the same role of the same person, else the body of the minutes stating it."""
    known: dict[str, str] = {}
    for claim in claims:
        if claim.organisation:
            known.setdefault(claim.role.lower(), claim.organisation)
    # Newest first; within a report, a role it calls former ("formerly head of ...") after the
    # roles held now, and the newest role no report since has called former first of all.
    filled = [
        claim if claim.organisation else _replace_org(claim, known.get(claim.role.lower()) or claim.report_body)
        for claim in sorted(claims, key=lambda c: (c.date or "", not _is_former(c), c.source), reverse=True)
    ]
    ended = [(c.date or "", name_key(c.role.removeprefix("former "))) for c in filled if _is_former(c)]
    current = next(
        (
            c
            for c in filled
            if not _is_former(c) and not any(d >= (c.date or "") and same == name_key(c.role) for d, same in ended)
        ),
        None,
    )
    if current is None:
        # every role held has since been called former: a former one leads (no current role)
        current = next((c for c in filled if _is_former(c)), None)
    if current is not None:
        filled.remove(current)
        filled.insert(0, current)
    seen: set[tuple[str, str]] = set()
    unique = []
    for claim in filled:
        key = (claim.role.lower(), name_key(claim.organisation or ""))
        if key not in seen:
            seen.add(key)
            unique.append(claim)
    return tuple(unique)


def _is_former(claim: RoleRecord) -> bool:
    return claim.role.lower().startswith("former ")


def _replace_org(claim: RoleRecord, organisation: str | None) -> RoleRecord:
    from dataclasses import replace

    return replace(claim, organisation=organisation)


def _with_roles(event: Event, person_key: Any, entities: Sequence[Entity]) -> Event:
    """The event with each person's corpus-wide name, and the role and organisation the
    reports give them when the event's own report does not."""
    from dataclasses import replace

    people = {person_key(e.name): e for e in entities if e.type == "person"}

    def fill(items: tuple[Participant, ...]) -> tuple[Participant, ...]:
        filled = []
        for p in items:
            entity = people.get(person_key(p.name))
            if entity is None:
                filled.append(p)
                continue
            same_report = [r for r in entity.roles if r.date == event.date and r.role]
            role = p.role or (same_report[0].role if same_report else None)
            organisation = p.organisation or next((r.organisation for r in entity.roles if r.role == role), None)
            filled.append(Participant(entity.name, p.kind, role, organisation))
        return tuple(filled)

    return replace(event, visitors=fill(event.visitors), hosts=fill(event.hosts), led_by=fill(event.led_by))
